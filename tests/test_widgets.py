"""course_utils.widgets: the sliders redraw what they say, with the numbers the notebooks compute."""

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402

pytest.importorskip("ipywidgets")

from course_utils.gated_training import initialize, state_gradient_norms  # noqa: E402
from course_utils.tasks import echo_task  # noqa: E402
from course_utils.widgets import forget_bias_explorer  # noqa: E402


def sliders(widget):
    return {child.description: child for child in widget.children if hasattr(child, "min")}


def redraw(widget, description, value):
    """Move a slider; return the curves of the figure it draws, label -> y values."""
    plt.close("all")
    sliders(widget)[description].value = value
    ax = plt.gcf().axes[0]
    curves = {line.get_label(): line.get_ydata() for line in ax.get_lines() if not line.get_label().startswith("_")}
    return curves, ax.get_title()


def test_forget_bias_explorer_has_its_sliders():
    widget = forget_bias_explorer(forget_bias=1.0, update_bias=-1.0)
    found = sliders(widget)
    assert set(found) == {"forget b_f", "update b_u"}
    assert (found["forget b_f"].value, found["forget b_f"].min, found["forget b_f"].max) == (1.0, -2.0, 6.0)
    assert found["update b_u"].value == -1.0
    assert not any(s.continuous_update for s in found.values())  # it redraws when the slider is let go
    plt.close("all")


def test_forget_bias_explorer_at_3_is_the_notebooks_picture():
    widget = forget_bias_explorer(forget_bias=0.0)
    curves, title = redraw(widget, "forget b_f", 3.0)   # the slider dragged to 3
    x, _ = echo_task(m=16, T_x=60, n_symbols=4, delay=1, seed=5)
    lstm = state_gradient_norms("lstm", x, initialize("lstm", 16, 4, 4, seed=0, forget_bias=3.0, update_bias=-2.0))
    gru = state_gradient_norms("gru", x, initialize("gru", 16, 4, 4, seed=0, update_bias=-2.0))
    rnn = state_gradient_norms("rnn", x, initialize("rnn", 16, 4, 4, seed=0))
    np.testing.assert_allclose(curves["LSTM, c"], lstm["c"])
    np.testing.assert_allclose(curves["LSTM, a"], lstm["a"])
    np.testing.assert_allclose(curves["GRU"], gru["a"])
    np.testing.assert_allclose(curves["plain RNN"], rnn["a"])
    assert f"LSTM, c {lstm['c'][-41]:.1e}" in title  # the readout, 40 steps back
    assert f"plain RNN {rnn['a'][-41]:.1e}" in title
    plt.close("all")


def test_forget_bias_explorer_c_curve_grows_with_the_forget_bias():
    widget = forget_bias_explorer(forget_bias=2.0)
    back_40, rnn = [], []
    for b in [-1.0, 0.0, 1.0, 3.0, 5.0]:
        curves, title = redraw(widget, "forget b_f", b)
        back_40.append(curves["LSTM, c"][-41])
        rnn.append(curves["plain RNN"])
        assert f"$b_f = {b:g}$" in title
    assert np.all(np.diff(back_40) > 0), back_40
    assert back_40[0] < 1e-12 < 0.1 < back_40[-1]
    assert all(np.array_equal(r, rnn[0]) for r in rnn)  # the plain RNN has no forget gate
    gru_before = curves["GRU"][-41]   # b_u = -2; the update bias moves the GRU's curve
    assert redraw(widget, "update b_u", 0.0)[0]["GRU"][-41] < gru_before / 100
    plt.close("all")


@pytest.mark.parametrize("kwargs, message", [
    (dict(forget_bias="3"), r"forget_bias must be a number in \[-2, 6\].*got '3'"),
    (dict(forget_bias=True), "forget_bias must be a number"),
    (dict(forget_bias=9.0), r"forget_bias must be a number in \[-2, 6\]"),
    (dict(update_bias=None), r"update_bias must be a number in \[-4, 2\].*got None"),
])
def test_forget_bias_explorer_rejects_bad_input(kwargs, message):
    with pytest.raises(ValueError, match=message):
        forget_bias_explorer(**kwargs)
