"""Interactive figures (ipywidgets). Each has a static twin in plots.py for where widgets do not render."""

import matplotlib.pyplot as plt
import numpy as np

from .gradient_flow import gradient_norms_through_time
from .gated_training import initialize, state_gradient_norms
from .plots import plot_gradient_norms
from .tasks import echo_task

INPUTS = {"normal": 1.0, "tiny (x 1e-9)": 1e-9}

# 09's why_norms cell: n_a = 16, 4 symbols, the same 60-step probe and the same seeds
PROBE = dict(m=16, T_x=60, n_symbols=4, delay=1, seed=5)
N_A = 16
FORGET_BIAS_RANGE = (-2.0, 6.0)
UPDATE_BIAS_RANGE = (-4.0, 2.0)
STEPS_BACK = 40


def vanishing_gradients_explorer(scale=0.9, T_x=40):
    """Sliders for the scale r of Waa (every singular value of Waa equals r) and the sequence length, a
    dropdown for the size of the inputs; the linear and the tanh RNN are drawn side by side.

    Output: an ipywidgets.interactive widget (display it, or leave it as a cell's last value)
    """
    import ipywidgets as widgets

    def draw(scale, T_x, inputs):
        fig, axes = plt.subplots(1, 2, figsize=(12, 4), sharey=True)
        for ax, activation in zip(axes, ["linear", "tanh"]):
            norms = gradient_norms_through_time(scale, T_x, activation=activation, input_scale=INPUTS[inputs])
            plot_gradient_norms({f"r = {scale:.2f}, {activation}": norms}, ax=ax,
                                title=f"{activation}: after {T_x - 1} steps back, x {norms[0]:.1e}")
        axes[0].set_ylim(1e-12, 1e12)
        fig.tight_layout()
        plt.show()

    return widgets.interactive(
        draw,
        scale=widgets.FloatSlider(value=scale, min=0.5, max=1.5, step=0.05,
                                  description="scale r", continuous_update=False),
        T_x=widgets.IntSlider(value=T_x, min=5, max=100, step=5, description="T_x", continuous_update=False),
        inputs=widgets.Dropdown(options=list(INPUTS), value="normal", description="inputs"),
    )


def _check_bias_in(name, value, limits):
    low, high = limits
    if isinstance(value, bool) or not isinstance(value, (int, float, np.integer, np.floating)) \
            or not low <= value <= high:
        raise ValueError(f"{name} must be a number in [{low:g}, {high:g}] (the slider's range), got {value!r}")


def forget_bias_explorer(forget_bias=3.0, update_bias=-2.0):
    """Sliders for the LSTM's forget-gate bias b_f and the update bias b_u of both gated cells; draws how the
    gradient fades back through time in the untrained cells of 09's section 4 (the same probe and seeds, so
    b_f = 3, b_u = -2 is its picture): ||dL/dc<t>|| and ||dL/da<t>|| of the LSTM, with ||dL/da<t>|| of the
    plain RNN (fixed) and of the GRU of the same size as references, on a log scale. The title gives each
    curve's value 40 steps back and the gate's start, sigma(b_f).

    Inputs:
        forget_bias -- number in [-2, 6], the forget slider's start
        update_bias -- number in [-4, 2], the update slider's start (the LSTM's b_u and the GRU's)
    Output: an ipywidgets.interactive widget (display it, or leave it as a cell's last value)
    """
    import ipywidgets as widgets

    _check_bias_in("forget_bias", forget_bias, FORGET_BIAS_RANGE)
    _check_bias_in("update_bias", update_bias, UPDATE_BIAS_RANGE)
    n_symbols = PROBE["n_symbols"]
    x_probe, _ = echo_task(**PROBE)
    rnn_norms = state_gradient_norms("rnn", x_probe, initialize("rnn", N_A, n_symbols, n_symbols, seed=0))["a"]

    def draw(forget_bias, update_bias):
        gru = state_gradient_norms("gru", x_probe, initialize("gru", N_A, n_symbols, n_symbols, seed=0,
                                                              update_bias=update_bias))
        lstm = state_gradient_norms("lstm", x_probe, initialize("lstm", N_A, n_symbols, n_symbols, seed=0,
                                                                forget_bias=forget_bias, update_bias=update_bias))
        curves = {"plain RNN": rnn_norms, "GRU": gru["a"], "LSTM, a": lstm["a"], "LSTM, c": lstm["c"]}
        back = "; ".join(f"{name} {norms[-STEPS_BACK - 1]:.1e}" for name, norms in curves.items())
        fig, ax = plt.subplots(figsize=(10, 4.2))
        plot_gradient_norms(curves, ax=ax, title=(
            f"$b_f = {forget_bias:g}$ ($\\Gamma_f \\approx \\sigma(b_f) = {1 / (1 + np.exp(-forget_bias)):.3f}$), "
            f"$b_u = {update_bias:g}$\n{STEPS_BACK} steps back (t = {PROBE['T_x'] - STEPS_BACK}): {back}"))
        ax.set_ylabel(r"$\|\partial L / \partial a^{\langle t \rangle}\|$, "
                      r"$\|\partial L / \partial c^{\langle t \rangle}\|$")
        ax.axvline(PROBE["T_x"] - STEPS_BACK, color="grey", lw=0.8, ls="--")
        ax.set_ylim(1e-20, 10)
        ax.legend(fontsize=8, loc="lower right")
        fig.tight_layout()
        plt.show()

    return widgets.interactive(
        draw,
        forget_bias=widgets.FloatSlider(value=forget_bias, min=FORGET_BIAS_RANGE[0], max=FORGET_BIAS_RANGE[1],
                                        step=0.25, description="forget b_f", continuous_update=False),
        update_bias=widgets.FloatSlider(value=update_bias, min=UPDATE_BIAS_RANGE[0], max=UPDATE_BIAS_RANGE[1],
                                        step=0.25, description="update b_u", continuous_update=False),
    )
