"""Updating parameters: gradient clipping and the plain SGD step.

Gradients are dicts keyed "d" + parameter name ("dWaa" for "Waa"), as the backward passes return them.
"""

import numpy as np


def _check_gradients(gradients):
    if not isinstance(gradients, dict) or not gradients:
        raise ValueError(f"gradients must be a non-empty dict like {{'dWaa': array, ...}}, got {gradients!r:.80}")


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
        key = "d" + name
        if key not in gradients:
            raise ValueError(f"gradients has no {key!r} for parameter {name!r}; it has {sorted(gradients)}")
        if np.shape(gradients[key]) != theta.shape:
            raise ValueError(f"{key} must have the shape of {name}, {theta.shape}, got {np.shape(gradients[key])}")
        theta -= learning_rate * gradients[key]
    return parameters
