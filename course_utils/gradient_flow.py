"""How a gradient changes size as BPTT carries it back through time.

Backward through one step multiplies by the transposed recurrent weights and the tanh derivative:

    dL/da<t-1> = Waa^T ( (1 - a<t>**2) * dL/da<t> )

so after k steps the gradient has been multiplied k times. With Waa = r Q (Q orthogonal, so every
singular value of Waa is r) and a linear activation its norm is exactly r**k: it vanishes for
r < 1 and explodes for r > 1. tanh's derivative (<= 1) only shrinks it further.
"""

import numpy as np


def recurrent_weights(n_a, spectral_radius, seed=0):
    """Waa = spectral_radius * Q with Q a random orthogonal (n_a, n_a) matrix."""
    q, r = np.linalg.qr(np.random.default_rng(seed).normal(size=(n_a, n_a)))
    return spectral_radius * q * np.sign(np.diag(r))


def gradient_norms_through_time(spectral_radius, T_x, n_a=32, n_x=8, activation="tanh", seed=0):
    """The norm of dL/da<t> for t = 1 .. T_x when the loss depends on the last state only.

    Inputs:
        spectral_radius -- float r > 0, the scale of Waa (every singular value equals r)
        T_x             -- int, the sequence length
        n_a, n_x        -- ints, the sizes of the state and of the (random) input
        activation      -- "tanh" or "linear"
        seed            -- int
    Output:
        norms -- array (T_x,); norms[t - 1] = ||dL/da<t>||, with ||dL/da<T_x>|| = 1
    """
    if activation not in ("tanh", "linear"):
        raise ValueError(f"activation must be 'tanh' or 'linear', got {activation!r}")
    if not (isinstance(T_x, (int, np.integer)) and T_x >= 1):
        raise ValueError(f"T_x must be an int >= 1, got {T_x!r}")
    if not spectral_radius > 0:
        raise ValueError(f"spectral_radius must be > 0, got {spectral_radius!r}")
    rng = np.random.default_rng(seed)
    Waa = recurrent_weights(n_a, spectral_radius, seed)
    Wax = rng.normal(size=(n_a, n_x)) / np.sqrt(n_x)
    x = rng.normal(size=(n_x, T_x))
    g = np.tanh if activation == "tanh" else (lambda z: z)

    a = np.zeros((n_a, T_x + 1))  # a[:, 0] is a<0>
    for t in range(1, T_x + 1):
        a[:, t] = g(Waa @ a[:, t - 1] + Wax @ x[:, t - 1])

    da = rng.normal(size=n_a)
    da /= np.linalg.norm(da)
    norms = np.empty(T_x)
    for t in range(T_x, 0, -1):
        norms[t - 1] = np.linalg.norm(da)
        derivative = 1 - a[:, t] ** 2 if activation == "tanh" else 1.0
        da = Waa.T @ (derivative * da)
    return norms
