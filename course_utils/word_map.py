"""A 2-D map of word vectors: principal component analysis (PCA) and a scatter of word groups."""

import matplotlib.pyplot as plt
import numpy as np

from .embeddings import normalize_columns, word_index
from .validation import as_array, format_shape

GROUP_COLOURS = ("#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e", "#8c564b")


def pca(X, n_components=2):
    """Project the columns of X onto their first principal components.

    The columns are centred (their mean is subtracted); the directions are the left singular
    vectors of the centred X, the ones along which the columns spread the most.

    Inputs:
        X            -- array (n_e, p), p points of dimension n_e
        n_components -- int, 1 <= n_components <= min(n_e, p)
    Outputs:
        Y         -- array (n_components, p), the coordinates of the p points
        explained -- array (n_components,), the fraction of the spread (variance) each keeps
    """
    X = as_array("X", X, ndim=2)
    n_e, p = X.shape
    if isinstance(n_components, bool) or not isinstance(n_components, (int, np.integer)) \
            or not 1 <= n_components <= min(n_e, p):
        raise ValueError(f"n_components must be an int from 1 to min(n_e, p) = {min(n_e, p)} for X of shape "
                         f"{format_shape(X.shape)}, got {n_components!r}")
    centred = X - X.mean(axis=1, keepdims=True)
    U, S, _ = np.linalg.svd(centred, full_matrices=False)
    U = U * np.where(U[np.abs(U).argmax(axis=0), range(U.shape[1])] < 0, -1, 1)  # a fixed sign per axis
    variance = S ** 2
    total = variance.sum()
    explained = variance[:n_components] / total if total > 0 else np.zeros(n_components)
    return U[:, :n_components].T @ centred, explained


def plot_word_groups(E, vocab, groups, ax=None, title=None):
    """PCA of the (length-1) embeddings of some groups of words, one colour per group.

    Inputs:
        E      -- array (n_e, V)
        vocab  -- course_utils.text.Vocabulary of V words
        groups -- dict group name -> list of words of the vocabulary
        ax     -- optional matplotlib Axes
        title  -- optional str
    Output:
        the matplotlib Axes
    """
    E = as_array("E", E, ndim=2)
    if not isinstance(groups, dict) or not groups:
        raise ValueError("groups must be a non-empty dict: group name -> list of words")
    names, words = [], []
    for name, members in groups.items():
        for word in members:
            names.append(name)
            words.append(word)
    columns = [word_index(vocab, w) for w in words]
    Y, explained = pca(normalize_columns(E[:, columns]), 2)
    if ax is None:
        _, ax = plt.subplots(figsize=(7, 5.5))
    for colour, name in zip(GROUP_COLOURS * 3, groups):
        at = [i for i, n in enumerate(names) if n == name]
        ax.scatter(Y[0, at], Y[1, at], s=30, color=colour, label=name)
        for i in at:
            ax.annotate(words[i], (Y[0, i], Y[1, i]), xytext=(3, 3), textcoords="offset points",
                        fontsize=9, color=colour)
    ax.set_xlabel(f"first principal component ({explained[0]:.0%} of the spread)")
    ax.set_ylabel(f"second principal component ({explained[1]:.0%})")
    ax.legend(fontsize=9)
    ax.set_title(title or "word embeddings projected to 2-D (PCA)")
    return ax
