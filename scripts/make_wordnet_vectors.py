#!/usr/bin/env python3
"""Train the word vectors that 07_word_embeddings ships: the course's numpy skip-gram on WordNet's glosses.

    apt-get install wordnet-base          # Debian's WordNet 3.0 (data in /usr/share/wordnet/)
    .venv/bin/python scripts/make_wordnet_vectors.py            # -> course_utils/data/wordnet_vectors.npz

The corpus is one line per WordNet synset (117,659 of them): its words (lemmas, "_" read as a space),
then its gloss, the definition and the example sentences ("king, male monarch, rex: a male sovereign;
ruler of a kingdom"), tokenized with course_utils.text.tokenize, punctuation dropped. Words seen fewer
than MIN_COUNT times become <UNK>, and <UNK> is left out of the training pairs (it stands for thousands
of different words: it is not one word to learn). The vectors are course_utils.word2vec.train_skipgram's,
the reference answer of 07's exercise, with the settings below, trained on all the words seen at least
MIN_COUNT times (27,576); the file keeps the KEEP most frequent of them (<UNK> and <EOS> included), which
keeps it near 1 MB and 07's analogy evaluation to a few seconds (word2vec's own evaluation also keeps only
its most frequent words), as float16 (cosine similarities change by less than 1e-3). Deterministic: the
same WordNet files and seed give the same vectors. About 5 to 10 minutes on one core.

Licence: WordNet 3.0 (Princeton University), a permissive licence that asks for its notice to be kept
with every copy and derived database: it is in course_utils/data/LICENSE.WordNet-3.0.txt, and the
vectors are distributed under it.
"""

import argparse
import re
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from course_utils.text import UNK, Vocabulary, tokenize  # noqa: E402
from course_utils.word2vec import encode_sentences, train_skipgram  # noqa: E402

WORDNET = Path("/usr/share/wordnet")
OUT = ROOT / "course_utils" / "data" / "wordnet_vectors.npz"
MIN_COUNT = 5
KEEP = 10_000
SETTINGS = dict(n_e=50, window=5, negatives=5, epochs=5, learning_rate=0.2, batch_size=256, seed=0)
WORD = re.compile(r"[a-z0-9]")  # a token with a letter or digit: punctuation is dropped


def synset_lines(folder=WORDNET):
    """One token list per synset of data.noun, data.verb, data.adj and data.adv."""
    for part in ("noun", "verb", "adj", "adv"):
        with open(folder / f"data.{part}", encoding="utf-8", errors="replace") as f:
            for line in f:
                if line.startswith("  ") or "|" not in line:
                    continue  # the licence header
                fields, gloss = line.split("|", 1)
                fields = fields.split()
                n_words = int(fields[3], 16)
                lemmas = [fields[4 + 2 * k] for k in range(n_words)]
                lemmas = [re.sub(r"\(.*\)$", "", lemma).replace("_", " ") for lemma in lemmas]
                text = ", ".join(lemmas) + ": " + gloss
                yield [t for t in tokenize(text) if WORD.search(t)]


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--out", type=Path, default=OUT)
    parser.add_argument("--wordnet", type=Path, default=WORDNET)
    args = parser.parse_args()
    start = time.time()
    sentences = list(synset_lines(args.wordnet))
    vocab = Vocabulary.from_corpus(sentences, min_count=MIN_COUNT)
    unk = vocab.index(UNK)
    corpus = [s[s != unk] for s in encode_sentences(sentences, vocab)]  # <UNK> is not trained as a word
    tokens = sum(len(s) for s in sentences)
    print(f"{len(sentences):,} synsets, {tokens:,} tokens, {len(vocab):,} words seen >= {MIN_COUNT} times", flush=True)
    result = train_skipgram(corpus, len(vocab), **SETTINGS)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    np.savez_compressed(args.out, E=result["E"][:, :KEEP].astype(np.float16), words=np.array(vocab.index_to_word[:KEEP]),
                        tokens=np.int64(tokens), synsets=np.int64(len(sentences)),
                        settings=np.array(repr(dict(SETTINGS, min_count=MIN_COUNT, trained_words=len(vocab), kept=KEEP))))
    print(f"wrote {args.out} ({args.out.stat().st_size / 1e6:.1f} MB) in {time.time() - start:.0f} s")


if __name__ == "__main__":
    main()
