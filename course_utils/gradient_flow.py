"""How a gradient changes size as BPTT carries it back through time.

Backward through one step multiplies by the transposed recurrent weights and the tanh derivative:

    dL/da<t-1> = Waa^T ( (1 - a<t>**2) * dL/da<t> )

so after k steps the gradient has been multiplied k times. With a linear activation it is
(Waa^T)^k dL/da<t>, whose norm lies between smin**k and smax**k times ||dL/da<t>|| (smin and smax the
smallest and largest singular values of Waa; smax is its spectral norm). With Waa = r Q (Q orthogonal)
every singular value is r and the norm is exactly r**k: it vanishes for r < 1 and explodes for r > 1.
tanh multiplies every step by 1 - a**2 <= 1 as well: large weights saturate the states (|a| near 1),
and the gradient vanishes even for r > 1, unless the states stay near 0 (tiny inputs), where tanh is
almost linear and the gradient grows like r**k again.
"""

import numpy as np


def recurrent_weights(n_a, scale, seed=0):
    """Waa = scale * Q with Q a random orthogonal (n_a, n_a) matrix: every singular value equals scale."""
    q, r = np.linalg.qr(np.random.default_rng(seed).normal(size=(n_a, n_a)))
    return scale * q * np.sign(np.diag(r))


def gradient_norms_through_time(scale, T_x, n_a=32, n_x=8, activation="tanh", input_scale=1.0, seed=0):
    """The norm of dL/da<t> for t = 1 .. T_x when the loss depends on the last state only.

    Inputs:
        scale       -- float r > 0: Waa = r Q, so every singular value of Waa equals r (its spectral norm)
        T_x         -- int, the sequence length
        n_a, n_x    -- ints, the sizes of the state and of the (random) input
        activation  -- "tanh" or "linear"
        input_scale -- float > 0, the inputs are input_scale * N(0, 1) (tiny inputs keep tanh's states near 0)
        seed        -- int
    Output:
        norms -- array (T_x,); norms[t - 1] = ||dL/da<t>||, with ||dL/da<T_x>|| = 1
    """
    if activation not in ("tanh", "linear"):
        raise ValueError(f"activation must be 'tanh' or 'linear', got {activation!r}")
    if not (isinstance(T_x, (int, np.integer)) and T_x >= 1):
        raise ValueError(f"T_x must be an int >= 1, got {T_x!r}")
    if not scale > 0:
        raise ValueError(f"scale must be > 0, got {scale!r}")
    if not input_scale > 0:
        raise ValueError(f"input_scale must be > 0, got {input_scale!r}")
    rng = np.random.default_rng(seed)
    Waa = recurrent_weights(n_a, scale, seed)
    Wax = rng.normal(size=(n_a, n_x)) / np.sqrt(n_x)
    x = input_scale * rng.normal(size=(n_x, T_x))
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


def states_through_time(scale, T_x, n_a=32, n_x=8, input_scale=1.0, seed=0):
    """The tanh states of the same network as gradient_norms_through_time: array (n_a, T_x), a<1> .. a<T_x>."""
    rng = np.random.default_rng(seed)
    Waa = recurrent_weights(n_a, scale, seed)
    Wax = rng.normal(size=(n_a, n_x)) / np.sqrt(n_x)
    x = input_scale * rng.normal(size=(n_x, T_x))
    a = np.zeros((n_a, T_x + 1))
    for t in range(1, T_x + 1):
        a[:, t] = np.tanh(Waa @ a[:, t - 1] + Wax @ x[:, t - 1])
    return a[:, 1:]
