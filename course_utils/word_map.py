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
        the matplotlib Axes (its word_labels: the Text of every word, placed so that none overlaps another)
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
    colour_of = dict(zip(groups, GROUP_COLOURS * 3))
    for name in groups:
        at = [i for i, n in enumerate(names) if n == name]
        ax.scatter(Y[0, at], Y[1, at], s=30, color=colour_of[name], label=name)
    ax.word_labels = place_labels(ax, Y[0], Y[1], words, [colour_of[n] for n in names])  # labels_overlap reads them
    ax.set_xlabel(f"first principal component ({explained[0]:.0%} of the spread)")
    ax.set_ylabel(f"second principal component ({explained[1]:.0%})")
    ax.legend(fontsize=9)
    ax.set_title(title or "word embeddings projected to 2-D (PCA)")
    return ax


# Where a label may go, in points from its dot: right, left, above, below, then the diagonals, further out.
_OFFSETS = [(4, -4), (-4, -4), (0, 6), (0, -14), (4, 6), (-4, 6), (4, -14), (-4, -14),
            (10, -4), (-10, -4), (0, 14), (0, -22), (12, 10), (-12, 10), (12, -18), (-12, -18)]


def place_labels(ax, x, y, texts, colours, fontsize=9):
    """Write each text next to its point where it overlaps no label already written (greedy).

    Each label tries the offsets of _OFFSETS in turn and takes the first whose box meets no earlier
    label's box and no dot; if none is free, the one with the least overlap. Output: the list of
    matplotlib Text objects.
    """
    fig = ax.figure
    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()
    dots = ax.transData.transform(np.column_stack([x, y]))          # display coordinates of the dots
    placed, artists = [], []
    pt = fig.dpi / 72
    for i, (text, colour) in enumerate(zip(texts, colours)):
        best, best_overlap = None, np.inf
        for dx, dy in _OFFSETS:
            ha = "left" if dx > 0 else "right" if dx < 0 else "center"
            label = ax.annotate(text, (x[i], y[i]), xytext=(dx, dy), textcoords="offset points", fontsize=fontsize,
                                color=colour, ha=ha, va="bottom" if dy > 0 else "top" if dy < -8 else "center")
            box = label.get_window_extent(renderer).expanded(1.05, 1.1)
            overlap = sum(_overlap(box, other) for other in placed)
            overlap += sum(box.x0 - 2 * pt <= dx_ <= box.x1 + 2 * pt and box.y0 - 2 * pt <= dy_ <= box.y1 + 2 * pt
                           for j, (dx_, dy_) in enumerate(dots) if j != i) * box.width * box.height * 0.25
            if overlap < best_overlap:
                if best is not None:
                    best[0].remove()
                best, best_overlap = (label, box), overlap
            else:
                label.remove()
            if overlap == 0:
                break
        placed.append(best[1])
        artists.append(best[0])
    return artists


def _overlap(a, b):
    """The area two display boxes share."""
    width = min(a.x1, b.x1) - max(a.x0, b.x0)
    height = min(a.y1, b.y1) - max(a.y0, b.y0)
    return width * height if width > 0 and height > 0 else 0.0


def labels_overlap(artists):
    """How many pairs of the drawn labels overlap (0 when place_labels found room for every one)."""
    if not artists:
        return 0
    canvas = artists[0].figure.canvas
    canvas.draw()  # the final layout
    boxes = [a.get_window_extent(canvas.get_renderer()) for a in artists]
    return sum(_overlap(boxes[i], boxes[j]) > 0 for i in range(len(boxes)) for j in range(i + 1, len(boxes)))


def group_neighbour_share(E, vocab, groups):
    """The share of the words whose most cosine-similar word among all the groups' words is in their own group.

    It measures what the PCA picture suggests, in all n_e dimensions: do the words of a group sit
    closer to each other than to the other groups? Random vectors score about (group size - 1) /
    (number of words - 1).

    Inputs: E (n_e, V), vocab, groups (dict name -> list of words)
    Output: float in [0, 1]
    """
    E = as_array("E", E, ndim=2)
    names = [name for name, members in groups.items() for _ in members]
    columns = [word_index(vocab, w) for members in groups.values() for w in members]
    U = normalize_columns(E[:, columns])
    similarity = U.T @ U
    np.fill_diagonal(similarity, -np.inf)
    nearest = similarity.argmax(axis=1)
    return float(np.mean([names[j] == names[i] for i, j in enumerate(nearest)]))
