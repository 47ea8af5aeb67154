"""Interactive figures (ipywidgets). Each has a static twin in plots.py for where widgets do not render."""

import matplotlib.pyplot as plt

from .gradient_flow import gradient_norms_through_time
from .plots import plot_gradient_norms


def vanishing_gradients_explorer(spectral_radius=0.9, T_x=40):
    """Sliders for the spectral radius of Waa and the sequence length; the plot follows them.

    Output: an ipywidgets.interactive widget (display it, or leave it as a cell's last value)
    """
    import ipywidgets as widgets

    def draw(spectral_radius, T_x, activation):
        _, ax = plt.subplots(figsize=(7, 4))
        norms = gradient_norms_through_time(spectral_radius, T_x, activation=activation)
        plot_gradient_norms({f"r = {spectral_radius:.2f}, {activation}": norms}, ax=ax,
                            title=f"after {T_x - 1} steps back: x {norms[0]:.2e}")
        ax.set_ylim(1e-12, 1e12)
        plt.show()

    return widgets.interactive(
        draw,
        spectral_radius=widgets.FloatSlider(value=spectral_radius, min=0.5, max=1.5, step=0.05,
                                            description="radius r", continuous_update=False),
        T_x=widgets.IntSlider(value=T_x, min=5, max=100, step=5, description="T_x", continuous_update=False),
        activation=widgets.Dropdown(options=["tanh", "linear"], value="tanh", description="activation"),
    )
