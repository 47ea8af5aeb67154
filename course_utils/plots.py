"""Pictures the notebooks share: a one-hot batch as an image, hidden states over time."""

import matplotlib.pyplot as plt
import numpy as np

from .validation import as_array


def _new_axes(ax, size):
    if ax is None:
        _, ax = plt.subplots(figsize=size)
    return ax


def plot_one_hot(x, words=None, tokens=None, sequence=0, ax=None):
    """Draw one sequence of a one-hot batch as a (vocab_size, T_x) image.

    Inputs:
        x        -- array (vocab_size, m, T_x), as returned by course_utils.text.one_hot
        words    -- optional list of vocab_size str, the row labels (index -> word)
        tokens   -- optional list of T_x str, the column labels (the sequence's tokens)
        sequence -- int, which of the m sequences to draw
        ax       -- optional matplotlib Axes to draw into
    Output:
        the matplotlib Axes
    """
    x = as_array("x", x, ndim=3)
    vocab_size, m, T_x = x.shape
    if not 0 <= sequence < m:
        raise ValueError(f"sequence must be in [0, {m}) for a batch of m = {m}, got {sequence}")
    ax = _new_axes(ax, (max(4, 0.6 * T_x + 2), max(3, 0.22 * vocab_size + 1)))
    ax.imshow(x[:, sequence, :], cmap="Greys", aspect="auto", interpolation="nearest", vmin=0, vmax=1)
    ax.set_xlabel("time step t")
    ax.set_ylabel("vocabulary index")
    if tokens is not None:
        ax.set_xticks(range(len(tokens)), tokens, rotation=45, ha="right")
    if words is not None and vocab_size <= 60:
        ax.set_yticks(range(vocab_size), words, fontsize=8)
    ax.set_title(f"one-hot x for sequence {sequence}: {vocab_size} x {T_x}, {int(x[:, sequence].sum())} ones")
    return ax


def plot_hidden_states(a, tokens=None, sequence=0, ax=None):
    """Draw the hidden states a<1> ... a<T_x> of one sequence as a heatmap (n_a, T_x).

    Inputs:
        a        -- array (n_a, m, T_x) of hidden states, or (n_a, T_x) for a single sequence
        tokens   -- optional list of T_x str, the column labels
        sequence -- int, which of the m sequences to draw
        ax       -- optional matplotlib Axes
    Output:
        the matplotlib Axes
    """
    a = as_array("a", a)
    if a.ndim == 2:
        a = a[:, None, :]
    if a.ndim != 3:
        raise ValueError(f"a must have shape (n_a, m, T_x) or (n_a, T_x), got {a.shape}")
    n_a, m, T_x = a.shape
    if not 0 <= sequence < m:
        raise ValueError(f"sequence must be in [0, {m}) for a batch of m = {m}, got {sequence}")
    ax = _new_axes(ax, (max(4, 0.6 * T_x + 2), max(2.5, 0.25 * n_a + 1)))
    image = ax.imshow(a[:, sequence, :], cmap="RdBu_r", vmin=-1, vmax=1, aspect="auto", interpolation="nearest")
    ax.figure.colorbar(image, ax=ax, label="activation (tanh)")
    ax.set_xlabel("time step t")
    ax.set_ylabel("hidden unit")
    if tokens is not None:
        ax.set_xticks(range(len(tokens)), tokens, rotation=45, ha="right")
    ax.set_title(r"hidden states $a^{\langle t \rangle}$ over time")
    return ax


def plot_bars(labels, values, ylabel, title=None, log=False, ax=None):
    """A labelled bar chart with the value written on each bar.

    Inputs:
        labels -- list of str; values -- list of numbers, same length
        ylabel -- str; title -- optional str; log -- bool, a log-scale y axis
    Output:
        the matplotlib Axes
    """
    values = np.asarray(values, dtype=float)
    if len(labels) != len(values):
        raise ValueError(f"labels and values must have the same length, got {len(labels)} and {len(values)}")
    ax = _new_axes(ax, (max(4, 1.2 * len(labels) + 1), 3.5))
    bars = ax.bar(range(len(values)), values, color="#a9f", edgecolor="#333")
    ax.set_xticks(range(len(labels)), labels)
    ax.bar_label(bars, labels=[f"{v + 0.0:,.3g}" for v in values], fontsize=8)  # + 0.0: no "-0"
    if log:
        ax.set_yscale("log")
    ax.set_ylabel(ylabel)
    if title:
        ax.set_title(title)
    return ax


def plot_gradient_norms(norms_by_label, ax=None, title=None):
    """||dL/da<t>|| against t on a log scale, one line per setting.

    Inputs:
        norms_by_label -- dict label -> array (T_x,) from gradient_flow.gradient_norms_through_time
        ax             -- optional matplotlib Axes
    Output:
        the matplotlib Axes
    """
    ax = _new_axes(ax, (7, 4))
    for label, norms in norms_by_label.items():
        norms = np.asarray(norms, dtype=float)
        ax.plot(np.arange(1, len(norms) + 1), np.maximum(norms, 1e-300), marker=".", label=label)
    ax.set_yscale("log")
    ax.set_xlabel("time step t (the loss is at the last step)")
    ax.set_ylabel(r"$\|\partial L / \partial a^{\langle t \rangle}\|$")
    ax.axhline(1.0, color="grey", lw=0.8, ls=":")
    ax.legend(fontsize=8)
    ax.set_title(title or "the gradient carried back through time")
    return ax


def plot_loss_curve(history, chance=None, ax=None, label=None):
    """The training loss against the step, with the chance level as a dashed line.

    Inputs:
        history -- dict with "step" and "loss" lists (from training.train_rnn)
        chance  -- optional float, the loss of guessing uniformly (log of the number of classes)
        ax      -- optional matplotlib Axes
    Output:
        the matplotlib Axes
    """
    ax = _new_axes(ax, (7, 3.5))
    ax.plot(history["step"], history["loss"], label=label or "training loss")
    if chance is not None:
        ax.axhline(chance, color="grey", ls="--", label=f"chance = {chance:.3f}")
    ax.set_xlabel("SGD step")
    ax.set_ylabel("loss per step")
    ax.legend()
    return ax


def plot_grouped_bars(groups, values_by_series, ylabel, title=None, ax=None, percent=True):
    """Bars side by side: for every group (a task, a subset of words), one bar per series (a model).

    Inputs:
        groups           -- list of str, the group labels on the x axis
        values_by_series -- dict series label -> list of numbers, one per group (nan: no bar)
        ylabel           -- str; title -- optional str
        ax               -- optional matplotlib Axes
        percent          -- bool: write each value on its bar as a percentage (values in [0, 1])
    Output:
        the matplotlib Axes
    """
    if not values_by_series:
        raise ValueError("values_by_series must hold at least one series")
    for label, values in values_by_series.items():
        if len(values) != len(groups):
            raise ValueError(f"series {label!r} has {len(values)} values for {len(groups)} groups")
    ax = _new_axes(ax, (max(5, 1.8 * len(groups) + 2), 3.8))
    n = len(values_by_series)
    width = 0.8 / n
    colors = ["#ccc", "#a9f", "#f9f", "#9ff", "#afa"]
    for k, (label, values) in enumerate(values_by_series.items()):
        values = np.asarray(values, dtype=float)
        positions = np.arange(len(groups)) + (k - (n - 1) / 2) * width
        bars = ax.bar(positions, np.nan_to_num(values), width, label=label, color=colors[k % len(colors)],
                      edgecolor="#333")
        texts = ["" if np.isnan(v) else (f"{v:.0%}" if percent else f"{v:.3g}") for v in values]
        ax.bar_label(bars, labels=texts, fontsize=8)
    ax.set_xticks(range(len(groups)), groups)
    ax.set_ylabel(ylabel)
    if percent:
        ax.set_ylim(0, 1.3)
        ax.set_yticks(np.linspace(0, 1, 6))
    ax.legend(fontsize=8, loc="upper left", ncol=n, frameon=False)
    if title:
        ax.set_title(title)
    return ax


def show_sentence_states(sentence, cell_forward, n_a=12, seed=3):
    """Run an RNN cell along one sentence and draw its states and its last prediction (02's picture).

    The vocabulary is the sentence's own words (course_utils.text.Vocabulary.from_corpus), the weights
    random (course_utils.rnn.initialize_parameters with `seed`), a<0> = 0.

    Inputs:
        sentence     -- str
        cell_forward -- function (xt, a_prev, parameters) -> (a_next, yt_pred, cache), e.g. the learner's
                        rnn_cell_forward
        n_a, seed    -- ints, the state size and the seed of the weights
    Outputs:
        a           -- array (n_a, 1, T_x), the states
        predictions -- list of T_x arrays (n_y, 1), the prediction at every step
    """
    from .rnn import initialize_parameters
    from .text import Vocabulary, one_hot, tokenize

    tokens = tokenize(sentence)
    vocab = Vocabulary.from_corpus([sentence])
    x = one_hot([vocab.encode(tokens, add_eos=False)], len(vocab))   # (n_x, 1, T_x)
    parameters = initialize_parameters(n_a, n_x=len(vocab), n_y=len(vocab), seed=seed)
    a_prev = np.zeros((n_a, 1))
    states, predictions = [], []
    for t in range(x.shape[2]):
        a_prev, yt_pred, _ = cell_forward(x[:, :, t], a_prev, parameters)
        states.append(a_prev)
        predictions.append(yt_pred)
    a = np.stack(states, axis=2)                                      # (n_a, 1, T_x)
    print("a:", a.shape, "  last prediction sums to", float(predictions[-1].sum()))

    fig, axes = plt.subplots(1, 2, figsize=(13, 4), gridspec_kw={"width_ratios": [3, 2]})
    plot_hidden_states(a, tokens=tokens, ax=axes[0])
    axes[1].bar(range(len(vocab)), predictions[-1][:, 0], color="#a9f", edgecolor="#333")
    axes[1].axhline(1 / len(vocab), color="grey", ls="--", label=f"uniform, 1/{len(vocab)}")
    axes[1].set_xticks(range(len(vocab)), vocab.index_to_word, rotation=60, ha="right")
    axes[1].set_title(r"$\hat{y}^{\langle T_x \rangle}$ before training")
    axes[1].legend(fontsize=8)
    fig.tight_layout()
    plt.show()
    return a, predictions
