"""Word embeddings: the matrix E, the lookup it stands for, and what its columns can be asked.

Notation (course text, "Word Representation"): a vocabulary of V words, each word j a one-hot
column o_j of length V; an embedding matrix E of shape (n_e, V) whose column j is the word's
embedding e_j. Then

    E @ o_j = e_j = E[:, j]          (multiplying by a one-hot vector picks one column)

so an embedding layer is a lookup, never a matrix product. For a batch of m sequences of T_x
word indices (int array (m, T_x), -1 on padding, as course_utils.text.pad_batch makes them),
the layer gives the inputs x of the RNN, of shape (n_e, m, T_x), in place of the one-hot
(V, m, T_x).

    cosine_similarity(u, v) = u . v / (||u|| ||v||)       in [-1, 1]
    analogy a : b :: c : ?  = the word d whose e_d is most cosine-similar to e_b - e_a + e_c,
                              a, b and c themselves excluded
"""

import numpy as np

from .text import Vocabulary
from .validation import as_array, check_shape, format_shape


# ----------------------------------------------------------------------------- validation


def _embedding_matrix(E):
    E = as_array("E", E)
    if E.ndim != 2:
        raise ValueError(f"E must have 2 dimensions (n_e, V), got shape {format_shape(E.shape)}")
    return E


def _indices(indices, vocab_size):
    indices = np.asarray(indices)
    if indices.ndim != 2 or not np.issubdtype(indices.dtype, np.integer):
        raise ValueError(
            f"indices must be an int array of shape (m, T_x), -1 on padding, got dtype {indices.dtype} "
            f"and shape {format_shape(indices.shape)}"
        )
    if indices.size and (indices.max() >= vocab_size or indices.min() < -1):
        raise ValueError(
            f"indices must lie in [0, V) = [0, {vocab_size}), or be -1 for padding; got values from "
            f"{int(indices.min())} to {int(indices.max())}"
        )
    return indices


def _vocabulary(vocab, E):
    if not isinstance(vocab, Vocabulary):
        raise ValueError(f"vocab must be a course_utils.text.Vocabulary, got {type(vocab).__name__}")
    if len(vocab) != E.shape[1]:
        raise ValueError(f"E must have one column per word of the vocabulary: V = {len(vocab)}, "
                         f"got E of shape {format_shape(E.shape)}")
    return vocab


def word_index(vocab, word):
    """The index of `word`, or a ValueError if the vocabulary does not hold it (no silent <UNK>)."""
    if not isinstance(word, str):
        raise ValueError(f"word must be a str, got {type(word).__name__}")
    if word not in vocab:
        raise ValueError(f"{word!r} is not in the vocabulary ({len(vocab)} words)")
    return vocab.word_to_index[word]


# ----------------------------------------------------------------------------- the layer


def embedding_forward(E, indices):
    """Look up the embedding of every word of a batch: x[:, i, t] = E[:, indices[i, t]].

    Inputs:
        E       -- array (n_e, V), one column per word
        indices -- int array (m, T_x) of word indices in [0, V); -1 marks padding
    Output:
        x -- array (n_e, m, T_x) of E's dtype; a padding step gets a column of zeros (as the
             one-hot encoding of padding is a column of zeros, and E @ 0 = 0)
    """
    E = _embedding_matrix(E)
    indices = _indices(indices, E.shape[1])
    x = E[:, np.maximum(indices, 0)]          # (n_e, m, T_x); padding looks up column 0 ...
    x[:, indices < 0] = 0                     # ... and is zeroed
    return x


def embedding_backward(dx, indices, vocab_size):
    """Gradient of the loss with respect to E, from the gradient with respect to the looked-up x.

    Every occurrence of word j in the batch adds its dx column to column j of dE (a word used
    twice gets both contributions: np.add.at, not dE[:, j] += ..., which would keep only one).

    Inputs:
        dx         -- array (n_e, m, T_x), dL/dx (for the RNN: rnn_backward's "dx")
        indices    -- int array (m, T_x), as given to embedding_forward (-1 on padding)
        vocab_size -- int V
    Output:
        dE -- array (n_e, V); columns of words not in the batch are zero
    """
    if isinstance(vocab_size, bool) or not isinstance(vocab_size, (int, np.integer)) or vocab_size < 1:
        raise ValueError(f"vocab_size must be a positive int, got {vocab_size!r}")
    dx = as_array("dx", dx, ndim=3)
    indices = _indices(indices, vocab_size)
    n_e = dx.shape[0]
    check_shape("dx", dx, (n_e,) + indices.shape, ("n_e", "m", "T_x"))
    dE = np.zeros((n_e, vocab_size), dtype=dx.dtype)
    real = indices >= 0
    np.add.at(dE.T, indices[real], dx[:, real].T)
    return dE


# ----------------------------------------------------------------------------- similarity


def cosine_similarity(u, v):
    """Cosine of the angle between u and v, or between u and every column of v.

    Inputs:
        u -- array (n_e,)
        v -- array (n_e,) or (n_e, V)
    Output:
        float if v is a vector, array (V,) if v is a matrix: u . v_j / (||u|| ||v_j||), in [-1, 1].
        A zero vector has no direction: its similarity is defined as 0 here.
    """
    u = as_array("u", u, ndim=1)
    v = as_array("v", v)
    if v.ndim not in (1, 2):
        raise ValueError(f"v must have shape (n_e,) or (n_e, V), got {format_shape(v.shape)}")
    if v.shape[0] != u.shape[0]:
        raise ValueError(f"u and v must have the same length n_e along axis 0, got {format_shape(u.shape)} "
                         f"and {format_shape(v.shape)}")
    norms = np.linalg.norm(u) * np.linalg.norm(v, axis=0)
    dots = v.T @ u
    similarity = np.divide(dots, norms, out=np.zeros_like(dots, dtype=np.result_type(dots, 1.0)), where=norms > 0)
    return float(similarity) if v.ndim == 1 else similarity


def normalize_columns(E):
    """E with every column scaled to length 1 (zero columns stay zero). Shape (n_e, V) -> (n_e, V)."""
    E = _embedding_matrix(E)
    norms = np.linalg.norm(E, axis=0, keepdims=True)
    return np.divide(E, norms, out=np.zeros_like(E), where=norms > 0)


def most_similar(E, vector, k=1, exclude=()):
    """The k columns of E most cosine-similar to `vector`, best first.

    Inputs:
        E       -- array (n_e, V)
        vector  -- array (n_e,)
        k       -- int >= 1
        exclude -- iterable of column indices that may not be returned (e.g. the query words)
    Outputs:
        indices      -- int array (k,), column indices of E
        similarities -- array (k,), their cosine similarities to `vector`, decreasing
    """
    E = _embedding_matrix(E)
    if isinstance(k, bool) or not isinstance(k, (int, np.integer)) or k < 1:
        raise ValueError(f"k must be an int >= 1, got {k!r}")
    exclude = sorted({int(i) for i in exclude})
    if len(exclude) + k > E.shape[1]:
        raise ValueError(f"cannot return k = {k} of V = {E.shape[1]} words when {len(exclude)} are excluded")
    similarities = cosine_similarity(vector, E)
    similarities[exclude] = -np.inf
    order = np.argsort(-similarities, kind="stable")[:k]
    return order, similarities[order]


def nearest_neighbours(E, vocab, word, k=5):
    """The k words whose embeddings are most cosine-similar to `word`'s; the word itself excluded.

    Inputs:
        E     -- array (n_e, V)
        vocab -- course_utils.text.Vocabulary of V words (column j of E is vocab.word(j))
        word  -- str, a word of the vocabulary
        k     -- int >= 1
    Output:
        list of k str, most similar first
    """
    E = _embedding_matrix(E)
    vocab = _vocabulary(vocab, E)
    j = word_index(vocab, word)
    order, _ = most_similar(E, E[:, j], k=k, exclude=[j])
    return [vocab.index_to_word[i] for i in order]


def analogy(E, vocab, a, b, c):
    """a is to b as c is to ?: the word d maximising cosine_similarity(e_b - e_a + e_c, e_d).

    The three query words are excluded from the answers: otherwise the answer is nearly always
    b or c itself (e_b - e_a + e_c lies close to both when a and b are close).

    Inputs:
        E       -- array (n_e, V)
        vocab   -- course_utils.text.Vocabulary of V words
        a, b, c -- str, words of the vocabulary ("man", "woman", "king")
    Output:
        str, the answer ("queen", with good embeddings)
    """
    E = _embedding_matrix(E)
    vocab = _vocabulary(vocab, E)
    ia, ib, ic = (word_index(vocab, w) for w in (a, b, c))
    order, _ = most_similar(E, E[:, ib] - E[:, ia] + E[:, ic], k=1, exclude=[ia, ib, ic])
    return vocab.index_to_word[order[0]]


def one_hot_distances(positions, vocab_size):
    """Euclidean distances and cosine similarities between the one-hot vectors of some words.

    Inputs:
        positions  -- list of p distinct ints in [0, vocab_size), the words' indices
        vocab_size -- int V
    Outputs:
        distances    -- array (p, p), ||o_i - o_j||: sqrt(2) for every pair of different words
        similarities -- array (p, p), cos(o_i, o_j): 0 for every pair of different words
    """
    positions = [int(p) for p in positions]
    if len(set(positions)) != len(positions) or any(not 0 <= p < vocab_size for p in positions):
        raise ValueError(f"positions must be distinct ints in [0, {vocab_size}), got {positions}")
    O = np.zeros((vocab_size, len(positions)))
    O[positions, np.arange(len(positions))] = 1.0
    distances = np.linalg.norm(O[:, :, None] - O[:, None, :], axis=0)
    return distances, O.T @ O
