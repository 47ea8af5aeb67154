"""Activation functions of the course's RNN: softmax (over axis 0), tanh and sigmoid.

Column convention: a batch of m examples is stored as columns, so z of shape (n_y, m)
holds one score vector per column and softmax normalises each column (axis 0).
Every function keeps a float32 input float32 and turns integers into float64.
"""

import numpy as np

from .validation import as_array, format_shape


def softmax(z):
    """Softmax over axis 0: softmax(z)_i = exp(z_i) / sum_j exp(z_j), one column at a time.

    Inputs:
        z -- array of scores, shape (n_y, ...), e.g. (n_y, m) or (n_y, m, T_x)
    Output:
        array of the same shape and dtype; every column z[:, i, ...] is >= 0 and sums to 1

    Numerically stable: subtracting the column maximum leaves the result unchanged
    (exp(z_i - c) / sum_j exp(z_j - c) = exp(z_i) / sum_j exp(z_j)) and keeps every
    exponent <= 0, so exp never overflows, even for scores like 1000.
    """
    z = as_array("z", z)
    if z.ndim == 0:
        raise ValueError(f"z must have at least 1 dimension (n_y, ...), got shape {format_shape(z.shape)}")
    e = z - z.max(axis=0, keepdims=True)
    np.exp(e, out=e)
    e /= e.sum(axis=0, keepdims=True)
    return e


def tanh(z):
    """Hyperbolic tangent, element-wise: tanh(z) = (e^z - e^-z) / (e^z + e^-z), in (-1, 1).

    Inputs:
        z -- array of any shape
    Output:
        array of the same shape and dtype
    Its derivative, used in backpropagation, is d tanh(z)/dz = 1 - tanh(z)**2.
    """
    return np.tanh(as_array("z", z))


def sigmoid(z):
    """Logistic sigmoid, element-wise: sigmoid(z) = 1 / (1 + e^-z), in (0, 1).

    Inputs:
        z -- array of any shape
    Output:
        array of the same shape and dtype

    Numerically stable: with e = exp(-|z|) <= 1 (never overflows),
    sigmoid(z) = 1 / (1 + e) for z >= 0 and e / (1 + e) for z < 0 (the same formula
    multiplied above and below by e^z).
    """
    z = as_array("z", z)
    e = np.exp(-np.abs(z))
    return np.where(z >= 0, 1 / (1 + e), e / (1 + e))
