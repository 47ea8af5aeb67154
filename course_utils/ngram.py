"""Counting baselines for a language model: unigram, bigram and n-gram probabilities with add-alpha smoothing.

A model of the next character, whatever it is, gives a column of probabilities over the n_y
characters at every step: predictions of shape (n_y, m, T_x), like an RNN's y_pred. So the
baselines and the RNN are scored by the same loss (char_lm.per_character_loss).

    unigram:  P(y<t> = j)                      = (count(j) + alpha) / (N + alpha n_y)
    bigram:   P(y<t> = j | x<t> = i) = P[j, i] = (count(i -> j) + alpha) / (count(i -> .) + alpha n_y)

    n-gram:   P(y<t> = j | the n - 1 previous characters x<t>, x<t-1>, ... x<t-n+2>)
              = P[j, c] = (count(c -> j) + alpha) / (count(c -> .) + alpha n_y), c the context's number

x<t> is the previous character (x = <EOS> + name, y = name + <EOS>), so the bigram also learns
how names start (the column of <EOS>) and end (the row of <EOS>). Smoothing (alpha > 0) keeps a
pair never seen in training from getting probability 0, i.e. an infinite loss on held-out names.
The n-gram with n = 2 is the bigram, with n = 1 the unigram (one context).
"""

import numpy as np

from .validation import format_shape


def _check_labels(name, labels, n_y, shape=None):
    labels = np.asarray(labels)
    if labels.ndim != 2 or not np.issubdtype(labels.dtype, np.integer):
        raise ValueError(f"{name} must be an int array of shape (m, T_x) with -1 for padding, "
                         f"got dtype {labels.dtype} and shape {format_shape(labels.shape)}")
    if shape is not None and labels.shape != shape:
        raise ValueError(f"{name} must have the shape of y, (m, T_x) = {shape}, got {format_shape(labels.shape)}")
    if labels.size and (labels.max() >= n_y or labels.min() < -1):
        raise ValueError(f"{name} must hold indices in [0, n_y) = [0, {n_y}) or -1 for padding, "
                         f"got values from {int(labels.min())} to {int(labels.max())}")
    return labels


def _check_counts_args(n_y, alpha):
    if isinstance(n_y, bool) or not isinstance(n_y, (int, np.integer)) or n_y < 1:
        raise ValueError(f"n_y must be an int >= 1, got {n_y!r}")
    if not (isinstance(alpha, (int, float, np.number)) and alpha >= 0):
        raise ValueError(f"alpha must be a number >= 0 (the smoothing count), got {alpha!r}")


def unigram_probabilities(y, n_y, alpha=1.0):
    """How often each character is the target, smoothed: the model that ignores the context.

    Inputs:
        y     -- int array (m, T_x), the target indices, -1 on padding
        n_y   -- int, the vocabulary size
        alpha -- float >= 0, added to every count (1: add-one / Laplace smoothing)
    Output:
        p -- array (n_y,), p[j] = (count(j) + alpha) / (number of targets + alpha n_y); sums to 1
    """
    _check_counts_args(n_y, alpha)
    y = _check_labels("y", y, n_y)
    counts = np.bincount(y[y >= 0], minlength=n_y).astype(float) + alpha
    if counts.sum() == 0:
        raise ValueError("y holds no targets and alpha = 0: the probabilities are undefined")
    return counts / counts.sum()


def bigram_probabilities(x_indices, y, n_y, alpha=1.0):
    """How often character j follows character i, smoothed: the model that sees one character back.

    Inputs:
        x_indices -- int array (m, T_x), the input indices (the previous character), -1 on padding
        y         -- int array (m, T_x), the target indices (the next character), -1 on padding
        n_y       -- int, the vocabulary size
        alpha     -- float >= 0, added to every count (1: add-one / Laplace smoothing)
    Output:
        P -- array (n_y, n_y), P[j, i] = P(next = j | previous = i); every column sums to 1,
             like the columns of a softmax (a column never seen is uniform when alpha > 0)
    """
    _check_counts_args(n_y, alpha)
    y = _check_labels("y", y, n_y)
    x_indices = _check_labels("x_indices", x_indices, n_y, shape=y.shape)
    mask = (y >= 0) & (x_indices >= 0)
    counts = np.zeros((n_y, n_y))
    np.add.at(counts, (y[mask], x_indices[mask]), 1)
    counts += alpha
    totals = counts.sum(axis=0, keepdims=True)
    return np.divide(counts, totals, out=np.zeros_like(counts), where=totals > 0)


def unigram_predictions(p, y):
    """The unigram's prediction at every step: the same column p everywhere.

    Inputs:
        p -- array (n_y,) from unigram_probabilities
        y -- int array (m, T_x), only its shape and padding are used
    Output:
        y_pred -- array (n_y, m, T_x), p at every real step, zeros on padding
    """
    p = np.asarray(p, dtype=float)
    if p.ndim != 1:
        raise ValueError(f"p must have shape (n_y,), got {format_shape(p.shape)}")
    y = _check_labels("y", y, p.shape[0])
    return p[:, np.newaxis, np.newaxis] * (y >= 0)[np.newaxis]


def bigram_predictions(P, x_indices):
    """The bigram's prediction at every step: the column of P for the previous character.

    Inputs:
        P         -- array (n_y, n_y) from bigram_probabilities
        x_indices -- int array (m, T_x), the previous characters, -1 on padding
    Output:
        y_pred -- array (n_y, m, T_x), y_pred[:, i, t] = P[:, x_indices[i, t]], zeros on padding
    """
    P = np.asarray(P, dtype=float)
    if P.ndim != 2 or P.shape[0] != P.shape[1]:
        raise ValueError(f"P must have shape (n_y, n_y), got {format_shape(P.shape)}")
    x_indices = _check_labels("x_indices", x_indices, P.shape[0])
    return P[:, np.maximum(x_indices, 0)] * (x_indices >= 0)[np.newaxis]


def ngram_contexts(x_indices, n, n_y):
    """The number of each step's context: its n - 1 previous characters as one integer.

    The context of step t is x<t>, x<t-1>, ..., x<t-n+2>; steps before the first repeat the first
    input (for names, <EOS>: "the name starts here"). Its number is sum_k x<t-k> * n_y**k.

    Inputs:
        x_indices -- int array (m, T_x), the inputs (the previous characters), -1 on padding
        n         -- int >= 1, the order of the model (1: no context, every step is context 0)
        n_y       -- int, the vocabulary size
    Output:
        contexts -- int array (m, T_x) in [0, n_y**(n - 1)) (padding steps get some context; mask them)
    """
    if isinstance(n, bool) or not isinstance(n, (int, np.integer)) or n < 1:
        raise ValueError(f"n must be an int >= 1, got {n!r}")
    x_indices = _check_labels("x_indices", x_indices, n_y)
    m, T_x = x_indices.shape
    contexts = np.zeros((m, T_x), dtype=np.int64)
    for k in reversed(range(n - 1)):  # x<t-n+2> first, so that x<t-k> ends up times n_y**k
        back = np.concatenate([np.repeat(x_indices[:, :1], min(k, T_x), axis=1), x_indices[:, :T_x - k]], axis=1)
        contexts = contexts * n_y + np.maximum(back, 0)
    return contexts


def ngram_probabilities(x_indices, y, n_y, n, alpha=1.0):
    """How often character j follows each context of n - 1 characters, smoothed.

    Inputs:
        x_indices -- int array (m, T_x), the inputs (the previous characters), -1 on padding
        y         -- int array (m, T_x), the targets (the next characters), -1 on padding
        n_y       -- int, the vocabulary size
        n         -- int >= 1, the order: 1 unigram, 2 bigram, 3 trigram, ... (n_y**n at most 2e7 entries)
        alpha     -- float >= 0, added to every count
    Output:
        P -- array (n_y, n_y**(n - 1)), P[j, c] = P(next = j | context number c) (ngram_contexts);
             every column sums to 1 (a context never seen is uniform when alpha > 0); with n = 2 it is
             bigram_probabilities' matrix
    """
    _check_counts_args(n_y, alpha)
    y = _check_labels("y", y, n_y)
    x_indices = _check_labels("x_indices", x_indices, n_y, shape=y.shape)
    if isinstance(n, (int, np.integer)) and not isinstance(n, bool) and n >= 1 and float(n_y) ** n > 2e7:
        raise ValueError(f"n = {n} needs n_y**n = {n_y}**{n} counts: too many for a dense table")
    contexts = ngram_contexts(x_indices, n, n_y)
    mask = (y >= 0) & (x_indices >= 0)
    counts = np.zeros((n_y, n_y ** (n - 1)))
    np.add.at(counts, (y[mask], contexts[mask]), 1)
    counts += alpha
    totals = counts.sum(axis=0, keepdims=True)
    return np.divide(counts, totals, out=np.zeros_like(counts), where=totals > 0)


def ngram_predictions(P, x_indices, n):
    """The n-gram's prediction at every step: the column of P for that step's context.

    Inputs:
        P         -- array (n_y, n_y**(n - 1)) from ngram_probabilities
        x_indices -- int array (m, T_x), the previous characters, -1 on padding
        n         -- int, the order P was counted with
    Output:
        y_pred -- array (n_y, m, T_x), zeros on padding
    """
    P = np.asarray(P, dtype=float)
    n_y = P.shape[0] if P.ndim == 2 else 0
    if P.ndim != 2 or P.shape[1] != n_y ** (n - 1):
        raise ValueError(f"P must have shape (n_y, n_y**(n - 1)) = (n_y, n_y**{n - 1}), got {format_shape(P.shape)}")
    x_indices = _check_labels("x_indices", x_indices, n_y)
    return P[:, ngram_contexts(x_indices, n, n_y)] * (x_indices >= 0)[np.newaxis]
