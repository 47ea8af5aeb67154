"""A fixed-window MLP that tags every slot of a sentence: the network 01 compares with an RNN.

The sentence is padded to T_max slots and its T_max one-hot words are concatenated into one input of
T_max * V numbers, slot p occupying entries p*V .. (p+1)*V - 1. One tanh hidden layer reads all of it;
the output layer has n_y scores per slot, a softmax each:

    h = tanh(W1 x + b1)                  W1 (n_h, T_max V): a separate block of V columns for every slot
    y_pred[:, :, p] = softmax(W2[p] h + b2[p])    W2 (T_max n_y, n_h), rows p*n_y .. (p+1)*n_y - 1

So the word in slot p meets W1[:, p*V:(p+1)*V] and its tag comes from rows of W2 that belong to slot p
alone: what the MLP learns about a word at one position says nothing about the same word elsewhere.
"""

import numpy as np

from .losses import cross_entropy, cross_entropy_backward
from .validation import as_array


def window_input(x):
    """One-hot words (V, m, T_max) -> the MLP's input (T_max V, m), slot p in rows p*V .. (p+1)*V - 1."""
    x = as_array("x", x, ndim=3)
    V, m, T_max = x.shape
    return x.transpose(2, 0, 1).reshape(T_max * V, m)


def initialize_window_mlp(n_in, n_h, n_out, seed=0):
    """Parameters "W1" (n_h, n_in), "b1" (n_h, 1), "W2" (n_out, n_h), "b2" (n_out, 1), Gaussian / sqrt(fan-in)."""
    rng = np.random.default_rng(seed)
    return {"W1": rng.normal(size=(n_h, n_in)) / np.sqrt(n_in), "b1": np.zeros((n_h, 1)),
            "W2": rng.normal(size=(n_out, n_h)) / np.sqrt(n_h), "b2": np.zeros((n_out, 1))}


def window_mlp_forward(x_window, parameters, n_y):
    """y_pred (n_y, m, T_max) for the input (T_max V, m); cache for the backward pass."""
    W1, b1, W2, b2 = (parameters[k] for k in ("W1", "b1", "W2", "b2"))
    h = np.tanh(W1 @ x_window + b1)
    z = W2 @ h + b2                                    # (T_max n_y, m)
    T_max, m = z.shape[0] // n_y, z.shape[1]
    z = z.reshape(T_max, n_y, m).transpose(1, 2, 0)    # (n_y, m, T_max)
    e = np.exp(z - z.max(axis=0, keepdims=True))
    return e / e.sum(axis=0, keepdims=True), (x_window, h)


def window_mlp_loss_and_gradients(x_window, y, parameters, n_y):
    """The loss of 03 (cross-entropy summed over the slots, averaged over the batch; -1 labels skipped)
    and its gradients "dW1", "db1", "dW2", "db2"."""
    y_pred, (x_window, h) = window_mlp_forward(x_window, parameters, n_y)
    L, _ = cross_entropy(y_pred, y)
    dz = cross_entropy_backward(y_pred, y)             # (n_y, m, T_max)
    dz = dz.transpose(2, 0, 1).reshape(-1, dz.shape[1])  # (T_max n_y, m), the rows of W2
    dh = parameters["W2"].T @ dz
    dz1 = (1 - h ** 2) * dh
    return L, {"dW1": dz1 @ x_window.T, "db1": dz1.sum(axis=1, keepdims=True),
               "dW2": dz @ h.T, "db2": dz.sum(axis=1, keepdims=True)}
