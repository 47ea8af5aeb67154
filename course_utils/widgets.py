"""Interactive figures (ipywidgets). Each has a static twin in plots.py for where widgets do not render."""

import matplotlib.pyplot as plt
import numpy as np

from .gradient_flow import gradient_norms_through_time
from .plots import plot_gradient_norms

INPUTS = {"normal": 1.0, "tiny (x 1e-9)": 1e-9}


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
