"""The English corpus shipped with the course, split into sentences of lower-case word tokens.

    sentences = load_lee_corpus()                       # 2,730 sentences, 60,533 words
    vocab = Vocabulary.from_corpus(sentences, min_count=5)

The Lee corpus: 300 short news articles of the Australian Broadcasting Corporation (2001),
the file gensim ships as its own test corpus (course_utils/data/README.md says where it comes
from and under which licence). Nothing is downloaded: the file is in course_utils/data/.
"""

from pathlib import Path

from .text import tokenize

DATA_DIR = Path(__file__).resolve().parent / "data"

_SENTENCE_END = (".", "?", "!")


def data_path(name):
    """The path of a file shipped in course_utils/data/, or a ValueError naming the files there."""
    path = DATA_DIR / name
    if not path.is_file():
        shipped = sorted(p.name for p in DATA_DIR.iterdir() if p.is_file()) if DATA_DIR.is_dir() else []
        raise ValueError(f"course_utils/data/ has no file {name!r}; it has {shipped}")
    return path


def split_sentences(text):
    """Tokenize a text and cut it into sentences at ".", "?" and "!"; other punctuation is dropped.

    Input:
        text -- str
    Output:
        list of sentences, each a non-empty list of str tokens (words and numbers, lower case)
    """
    if not isinstance(text, str):
        raise ValueError(f"text must be a str, got {type(text).__name__}")
    sentences, current = [], []
    for token in tokenize(text):
        if token in _SENTENCE_END:
            if current:
                sentences.append(current)
            current = []
        elif any(ch.isalnum() for ch in token):
            current.append(token)
    if current:
        sentences.append(current)
    return sentences


def load_lee_corpus():
    """The Lee background corpus as sentences of tokens.

    Output:
        list of 2,730 sentences, each a list of str tokens (course_utils.text.tokenize, lower case,
        punctuation removed), 60,533 tokens in all, in the order of the file
    """
    sentences = []
    with open(data_path("lee_background.cor"), encoding="utf-8") as f:
        for line in f:
            sentences += split_sentences(line)
    return sentences


def load_wordnet_vectors():
    """Word vectors trained by the course's own skip-gram on WordNet 3.0's glosses, shipped with the course.

    scripts/make_wordnet_vectors.py made them (course_utils/data/README.md says how, and under which
    licence): course_utils.word2vec.train_skipgram, the reference answer of 07, on 117,659 WordNet
    synsets (their words and definitions, 1.77 million tokens), every word seen at least 5 times
    (27,576 words); the file keeps the 10,000 most frequent.

    Outputs:
        E     -- array (n_e, V) float64, column j = the vector of vocab.index_to_word[j] (<UNK> and <EOS>
                 included; <UNK> was never trained: it keeps its random start)
        vocab -- course_utils.text.Vocabulary of the V words
        info  -- dict "tokens", "synsets" (ints) and "settings" (str, the training settings)
    """
    import numpy as np

    from .text import Vocabulary

    with np.load(data_path("wordnet_vectors.npz"), allow_pickle=False) as data:
        words = [str(w) for w in data["words"]]
        vocab = Vocabulary(words[len(Vocabulary.reserved):])
        if vocab.index_to_word != words:
            raise ValueError("wordnet_vectors.npz: the stored words do not start with the reserved tokens")
        info = {"tokens": int(data["tokens"]), "synsets": int(data["synsets"]), "settings": str(data["settings"])}
        return data["E"].astype(np.float64), vocab, info
