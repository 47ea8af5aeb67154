"""Words to numbers: tokens, a vocabulary with <UNK> and <EOS>, one-hot encoding and back.

Shapes follow the course: a batch of m sequences, each padded to T_x steps, one-hot encodes
to x of shape (vocab_size, m, T_x); column x[:, i, t] is the word at step t of sequence i.
"""

import re
from collections import Counter

import numpy as np

from .validation import as_array

UNK = "<UNK>"
EOS = "<EOS>"

_TOKEN = re.compile(r"<[A-Z]+>|[^\W_]+(?:'[^\W_]+)?|[^\w\s]|_")


def tokenize(sentence):
    """Split a sentence into lower-case tokens: words, numbers and punctuation marks.

    Input:
        sentence -- str, e.g. "Harry went to the store."
    Output:
        list of str, e.g. ["harry", "went", "to", "the", "store", "."]
    Special tokens written in capitals between angle brackets ("<EOS>") are kept whole.
    """
    if not isinstance(sentence, str):
        raise ValueError(f"sentence must be a str, got {type(sentence).__name__}")
    return [t if t in Vocabulary.reserved else t.lower() for t in _TOKEN.findall(sentence)]


class Vocabulary:
    """A fixed list of tokens, each with an index; <UNK> is index 0 and <EOS> index 1.

    Build one from a corpus with `Vocabulary.from_corpus(sentences)`. Words the vocabulary
    does not hold map to <UNK>.

    Attributes:
        index_to_word -- list of str, index -> word
        word_to_index -- dict str -> int, word -> index
    """

    reserved = (UNK, EOS)

    def __init__(self, words):
        words = list(words)
        for w in words:
            if not isinstance(w, str):
                raise ValueError(f"words must be str, got {type(w).__name__} ({w!r})")
        rest = [w for w in words if w not in self.reserved]
        if len(set(rest)) != len(rest):
            dup = sorted(w for w, c in Counter(rest).items() if c > 1)
            raise ValueError(f"words must be unique, got duplicates {dup[:5]}")
        self.index_to_word = list(self.reserved) + rest
        self.word_to_index = {w: i for i, w in enumerate(self.index_to_word)}

    @classmethod
    def from_corpus(cls, sentences, max_size=None, min_count=1):
        """Build a vocabulary from the words of a corpus, most frequent first.

        Inputs:
            sentences -- list of str (tokenized with `tokenize`) or list of lists of tokens
            max_size  -- int or None, the most words to keep, <UNK> and <EOS> included
            min_count -- int, words seen fewer times than this are left out (they become <UNK>)
        Output:
            Vocabulary; ties in frequency are broken alphabetically, so the result is deterministic
        """
        if isinstance(sentences, str):
            raise ValueError("sentences must be a list of sentences, got a single str")
        counts = Counter()
        for sentence in sentences:
            counts.update(tokenize(sentence) if isinstance(sentence, str) else sentence)
        for reserved in cls.reserved:
            counts.pop(reserved, None)
        words = [w for w, c in sorted(counts.items(), key=lambda wc: (-wc[1], wc[0])) if c >= min_count]
        if max_size is not None:
            if max_size < len(cls.reserved):
                raise ValueError(f"max_size must be at least {len(cls.reserved)} (<UNK> and <EOS>), got {max_size}")
            words = words[: max_size - len(cls.reserved)]
        return cls(words)

    def __len__(self):
        return len(self.index_to_word)

    def __contains__(self, word):
        return word in self.word_to_index

    def __repr__(self):
        head = ", ".join(self.index_to_word[:8])
        return f"Vocabulary({len(self)} words: {head}{', ...' if len(self) > 8 else ''})"

    def index(self, word):
        """The index of `word`, or the index of <UNK> if the vocabulary does not hold it."""
        return self.word_to_index.get(word, self.word_to_index[UNK])

    def word(self, index):
        """The word at `index` (an int in [0, len(self)))."""
        if not isinstance(index, (int, np.integer)) or not 0 <= index < len(self):
            raise ValueError(f"index must be an int in [0, {len(self)}), got {index!r}")
        return self.index_to_word[int(index)]

    def encode(self, sentence, add_eos=True):
        """Turn a sentence into a list of indices, unknown words -> <UNK>, then <EOS>.

        Inputs:
            sentence -- str, or list of tokens
            add_eos  -- bool, append the index of <EOS>
        Output:
            list of int, length T (number of tokens, plus one for <EOS>)
        """
        tokens = tokenize(sentence) if isinstance(sentence, str) else list(sentence)
        indices = [self.index(t) for t in tokens]
        return indices + [self.word_to_index[EOS]] if add_eos else indices

    def decode(self, indices):
        """Turn a list of indices back into a list of words."""
        return [self.word(i) for i in indices]


def pad_batch(sequences, pad_value=-1):
    """Stack sequences of different lengths into one array, padding the short ones.

    Input:
        sequences -- list of m lists of int (lengths may differ)
        pad_value -- int written after the end of each shorter sequence
    Outputs:
        indices -- int array (m, T_x), T_x the longest length
        lengths -- int array (m,), each sequence's own length
    """
    if isinstance(sequences, np.ndarray) and sequences.ndim == 2:
        sequences = sequences.tolist()
    if not isinstance(sequences, (list, tuple)) or not all(isinstance(s, (list, tuple, np.ndarray)) for s in sequences):
        raise ValueError("sequences must be a list of sequences (lists of int), e.g. [[3, 4, 1], [5, 1]]")
    if len(sequences) == 0:
        raise ValueError("sequences must hold at least one sequence, got an empty list")
    lengths = np.array([len(s) for s in sequences], dtype=np.int64)
    indices = np.full((len(sequences), int(lengths.max())), pad_value, dtype=np.int64)
    for i, s in enumerate(sequences):
        indices[i, : len(s)] = s
    return indices, lengths


def one_hot(indices, vocab_size):
    """One-hot encode a batch of index sequences, vectorized over the batch.

    Inputs:
        indices    -- int array (m, T_x), or a list of m lists of int of possibly different
                      lengths (shorter ones are padded). A negative index marks padding and
                      encodes to a column of zeros.
        vocab_size -- int, the number of words in the vocabulary
    Output:
        x -- float array (vocab_size, m, T_x), x[indices[i, t], i, t] = 1 and 0 elsewhere
    """
    if not isinstance(vocab_size, (int, np.integer)) or vocab_size < 1:
        raise ValueError(f"vocab_size must be a positive int, got {vocab_size!r}")
    if isinstance(indices, (list, tuple)) and indices and isinstance(indices[0], (list, tuple, np.ndarray)):
        indices, _ = pad_batch(indices)
    indices = np.asarray(indices)
    if indices.ndim != 2 or not np.issubdtype(indices.dtype, np.integer):
        raise ValueError(
            f"indices must be an int array of shape (m, T_x), got dtype {indices.dtype} "
            f"and shape {indices.shape}"
        )
    if indices.size and indices.max() >= vocab_size:
        raise ValueError(f"indices must be < vocab_size = {vocab_size}, got {int(indices.max())}")
    m, T_x = indices.shape
    x = np.zeros((vocab_size, m, T_x))
    i, t = np.nonzero(indices >= 0)
    x[indices[i, t], i, t] = 1.0
    return x


def one_hot_decode(x):
    """Recover the indices from a one-hot batch: the inverse of `one_hot`.

    Input:
        x -- array (vocab_size, m, T_x) of one-hot columns (all-zero columns are padding)
    Output:
        indices -- int array (m, T_x), -1 where the column is all zeros
    """
    x = as_array("x", x, ndim=3)
    indices = np.argmax(x, axis=0)
    return np.where(x.any(axis=0), indices, -1)
