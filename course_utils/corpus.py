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
