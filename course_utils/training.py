"""Training a many-to-many RNN with SGD and gradient clipping: the pieces of 03 and 04 in one loop."""

import numpy as np

from . import rnn
from .losses import cross_entropy, cross_entropy_backward
from .optim import clip_by_norm, sgd_step
from .progress import Progress
from .validation import as_array


def loss_and_gradients(x, y, a0, parameters, mask=None, rnn_backward=rnn.rnn_backward):
    """Forward, loss and backward for a batch.

    Inputs:
        x            -- (n_x, m, T_x) inputs
        y            -- int (m, T_x) labels, -1 for padding
        a0           -- (n_a, m) initial state
        parameters   -- dict "Waa", "Wax", "Wya", "ba", "by"
        mask         -- optional bool (m, T_x)
        rnn_backward -- the BPTT function to use (the learner's own can be passed in)
    Outputs:
        L         -- float, the summed loss
        gradients -- dict "dWaa", "dWax", "dWya", "dba", "dby" (the parameter shapes)
    """
    a, y_pred, caches = rnn.rnn_forward(x, a0, parameters)
    L, _ = cross_entropy(y_pred, y, mask)
    dz = cross_entropy_backward(y_pred, y, mask)
    output = rnn.rnn_output_backward(dz, a, parameters)
    hidden = rnn_backward(output["da"], caches)
    gradients = {key: hidden[key] for key in ("dWaa", "dWax", "dba")}
    gradients.update(dWya=output["dWya"], dby=output["dby"])
    return L, gradients


def train_rnn(x, y, parameters, n_steps, learning_rate, batch_size=32, max_norm=5.0, seed=0,
              clip=clip_by_norm, rnn_backward=rnn.rnn_backward, log_every=25, show_progress=True):
    """Minibatch SGD with gradient clipping on a many-to-many task.

    Inputs:
        x, y          -- the whole training set: (n_x, M, T_x) inputs and (M, T_x) int labels (-1: padding)
        parameters    -- dict, updated in place
        n_steps       -- int, the number of SGD steps
        learning_rate -- float
        batch_size    -- int, sequences per step (drawn with a seeded generator)
        max_norm      -- float, passed to `clip` (None: no clipping)
        clip          -- function (gradients, max_norm) -> gradients
        rnn_backward  -- the BPTT function (the learner's own can be passed in)
        log_every     -- int, record the loss every this many steps
    Output:
        history -- dict "step": list of int, "loss": list of float, the loss per labelled step
                   (L divided by the average number of labelled steps per sequence), so that it
                   compares directly with the chance level log(n_y)
    """
    x = as_array("x", x, ndim=3)
    y = np.asarray(y)
    n_x, M, T_x = x.shape
    if y.shape != (M, T_x):
        raise ValueError(f"y must have shape (M, T_x) = {(M, T_x)} to match x, got {y.shape}")
    n_a = parameters["Waa"].shape[0]
    rng = np.random.default_rng(seed)
    history = {"step": [], "loss": []}
    bar = Progress(n_steps, "training", show=show_progress)
    running = None
    for step in range(1, n_steps + 1):
        batch = rng.choice(M, size=min(batch_size, M), replace=False)
        yb = y[batch]
        L, gradients = loss_and_gradients(x[:, batch], yb, np.zeros((n_a, len(batch))), parameters,
                                          rnn_backward=rnn_backward)
        if max_norm is not None:
            gradients = clip(gradients, max_norm)
        sgd_step(parameters, gradients, learning_rate)
        per_step = L / max((yb >= 0).sum() / len(batch), 1)
        running = per_step if running is None else 0.9 * running + 0.1 * per_step
        if step == 1 or step % log_every == 0 or step == n_steps:
            history["step"].append(step)
            history["loss"].append(float(per_step))
            bar.update(step, f"loss {running:.3f}")
    bar.close(f"(final loss {history['loss'][-1]:.3f})")
    return history


def evaluate(x, y, parameters):
    """Loss per labelled step and accuracy of the most likely label, on a whole set.

    Inputs:  x (n_x, M, T_x), y int (M, T_x) with -1 for padding, parameters
    Outputs: dict "loss" (float), "accuracy" (float in [0, 1])
    """
    x = as_array("x", x, ndim=3)
    M = x.shape[1]
    a0 = np.zeros((parameters["Waa"].shape[0], M))
    _, y_pred, _ = rnn.rnn_forward(x, a0, parameters)
    L, _ = cross_entropy(y_pred, y)
    mask = np.asarray(y) >= 0
    correct = (y_pred.argmax(axis=0) == y) & mask
    return {"loss": float(L / max(mask.sum() / M, 1)), "accuracy": float(correct.sum() / max(mask.sum(), 1))}
