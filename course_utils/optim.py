"""Updating parameters: gradient clipping and the plain SGD step.

Gradients are dicts keyed "d" + parameter name ("dWaa" for "Waa"), as the backward passes return them.
"""

import numpy as np


def _check_gradients(gradients):
    if not isinstance(gradients, dict) or not gradients:
        raise ValueError(f"gradients must be a non-empty dict like {{'dWaa': array, ...}}, got {gradients!r:.80}")


def _gradient_key(name, theta, gradients):
    """The key "d" + name of parameter `name`'s gradient, checked to exist with theta's shape."""
    key = "d" + name
    if key not in gradients:
        raise ValueError(f"gradients has no {key!r} for parameter {name!r}; it has {sorted(gradients)}")
    if np.shape(gradients[key]) != theta.shape:
        raise ValueError(f"{key} must have the shape of {name}, {theta.shape}, got {np.shape(gradients[key])}")
    return key


def global_norm(gradients):
    """sqrt of the sum of squares of every entry of every gradient array."""
    _check_gradients(gradients)
    return float(np.sqrt(sum(float(np.sum(np.square(g))) for g in gradients.values())))


def clip_by_value(gradients, max_value):
    """Clip every entry of every gradient into [-max_value, max_value].

    Inputs:  gradients -- dict name -> array; max_value -- float > 0
    Output:  a new dict, same keys and shapes
    """
    _check_gradients(gradients)
    if not max_value > 0:
        raise ValueError(f"max_value must be > 0, got {max_value!r}")
    return {name: np.clip(g, -max_value, max_value) for name, g in gradients.items()}


def clip_by_norm(gradients, max_norm):
    """Rescale all gradients together so that their global norm is at most max_norm.

    The direction of the full gradient is kept; only its length shrinks.
    Inputs:  gradients -- dict name -> array; max_norm -- float > 0
    Output:  a new dict, same keys and shapes
    """
    _check_gradients(gradients)
    if not max_norm > 0:
        raise ValueError(f"max_norm must be > 0, got {max_norm!r}")
    norm = global_norm(gradients)
    scale = min(1.0, max_norm / norm) if norm > 0 else 1.0
    return {name: g * scale for name, g in gradients.items()}


def sgd_step(parameters, gradients, learning_rate):
    """theta <- theta - learning_rate * dtheta, in place, for every parameter.

    Inputs:
        parameters    -- dict name -> array ("Waa", ...), updated in place
        gradients     -- dict "d" + name -> array of the same shape
        learning_rate -- float > 0
    Output:
        parameters (the same dict)
    """
    _check_gradients(gradients)
    if not learning_rate > 0:
        raise ValueError(f"learning_rate must be > 0, got {learning_rate!r}")
    for name, theta in parameters.items():
        key = _gradient_key(name, theta, gradients)
        theta -= learning_rate * gradients[key]
    return parameters


def adam_step(parameters, gradients, state, learning_rate=0.01, beta1=0.9, beta2=0.999, epsilon=1e-8):
    """One Adam step, in place: a running mean of the gradient, divided by a running RMS of it.

        t  <- t + 1
        m  <- beta1 m + (1 - beta1) dtheta          v <- beta2 v + (1 - beta2) dtheta**2
        theta <- theta - learning_rate * m_hat / (sqrt(v_hat) + epsilon),
                 with m_hat = m / (1 - beta1**t), v_hat = v / (1 - beta2**t)   (bias correction)

    Each parameter entry gets its own step size, about learning_rate, whatever the gradient's scale.

    Inputs:
        parameters    -- dict name -> array ("Waa", ...), updated in place
        gradients     -- dict "d" + name -> array of the same shape
        state         -- dict, empty ({}) before the first step; Adam keeps "t", "m" and "v" in it
                         (updated in place: pass the same dict at every step)
        learning_rate -- float > 0; beta1, beta2 -- floats in [0, 1); epsilon -- float >= 0
    Output:
        parameters (the same dict)
    """
    _check_gradients(gradients)
    if not learning_rate > 0:
        raise ValueError(f"learning_rate must be > 0, got {learning_rate!r}")
    if not (0 <= beta1 < 1 and 0 <= beta2 < 1) or not epsilon >= 0:
        raise ValueError(f"need 0 <= beta1, beta2 < 1 and epsilon >= 0, got {beta1!r}, {beta2!r}, {epsilon!r}")
    if not isinstance(state, dict):
        raise ValueError(f"state must be a dict ({{}} before the first step), got {type(state).__name__}")
    for name, theta in parameters.items():
        _gradient_key(name, theta, gradients)  # all checked before any is updated
    if not state:
        state.update(t=0, m={n: np.zeros_like(p) for n, p in parameters.items()},
                     v={n: np.zeros_like(p) for n, p in parameters.items()})
    state["t"] += 1
    t = state["t"]
    for name, theta in parameters.items():
        g = gradients["d" + name]
        m = state["m"][name] = beta1 * state["m"][name] + (1 - beta1) * g
        v = state["v"][name] = beta2 * state["v"][name] + (1 - beta2) * g**2
        theta -= learning_rate * (m / (1 - beta1**t)) / (np.sqrt(v / (1 - beta2**t)) + epsilon)
    return parameters
