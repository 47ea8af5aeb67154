"""course_utils.plots draws what it says, and rejects input it cannot draw."""

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402

from course_utils.plots import plot_bars, plot_hidden_states, plot_one_hot  # noqa: E402
from course_utils.text import one_hot  # noqa: E402


def test_plot_one_hot_draws_the_chosen_sequence():
    x = one_hot(np.array([[2, 0, 1], [1, 1, -1]]), 4)
    ax = plot_one_hot(x, words=["<UNK>", "<EOS>", "a", "b"], tokens=["a", "<UNK>", "<EOS>"], sequence=0)
    np.testing.assert_array_equal(ax.images[0].get_array(), x[:, 0, :])
    assert "3 ones" in ax.get_title()
    plt.close("all")


def test_plot_hidden_states_accepts_a_batch_or_one_sequence():
    a = np.tanh(np.random.default_rng(0).normal(size=(6, 2, 5)))
    ax = plot_hidden_states(a, sequence=1)
    np.testing.assert_array_equal(ax.images[0].get_array(), a[:, 1, :])
    plot_hidden_states(a[:, 0, :])
    plt.close("all")


def test_plots_reject_bad_input():
    with pytest.raises(ValueError, match=r"sequence must be in \[0, 2\)"):
        plot_one_hot(np.zeros((3, 2, 4)), sequence=5)
    with pytest.raises(ValueError, match=r"a must have shape \(n_a, m, T_x\)"):
        plot_hidden_states(np.zeros(3))
    with pytest.raises(ValueError, match="same length"):
        plot_bars(["a"], [1, 2], "y")
    plt.close("all")
