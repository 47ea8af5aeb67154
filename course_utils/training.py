"""Training: one minibatch loop (`train`) for every model of the course, and the many-to-many RNN on it."""

import numpy as np
from threadpoolctl import threadpool_limits
from tqdm.auto import tqdm

from . import rnn
from .losses import cross_entropy, cross_entropy_backward
from .optim import adam_step, clip_by_norm, sgd_step
from .validation import as_array


def loss_and_gradients(x, y, a0, parameters, mask=None, rnn_backward=rnn.rnn_backward, output_layer_backward=None):
    """Forward, loss and backward for a batch.

    Inputs:
        x            -- (n_x, m, T_x) inputs
        y            -- int (m, T_x) labels, -1 for padding
        a0           -- (n_a, m) initial state
        parameters   -- dict "Waa", "Wax", "Wya", "ba", "by"
        mask         -- optional bool (m, T_x)
        rnn_backward -- the BPTT function to use (the learner's own can be passed in)
        output_layer_backward -- None (the course's), or 04's exercise output_layer_backward(y_pred, y,
                        mask, a, Wya) -> dict "dWya", "dby", "da" (the learner's own can be passed in)
    Outputs:
        L         -- float, the summed loss
        gradients -- dict "dWaa", "dWax", "dWya", "dba", "dby" (the parameter shapes)
    """
    a, y_pred, caches = rnn.rnn_forward(x, a0, parameters)
    L, _ = cross_entropy(y_pred, y, mask)
    if output_layer_backward is None:
        output = rnn.rnn_output_backward(cross_entropy_backward(y_pred, y, mask), a, parameters)
    else:
        output = output_layer_backward(y_pred, y, np.asarray(y) >= 0 if mask is None else mask, a, parameters["Wya"])
    hidden = rnn_backward(output["da"], caches)
    gradients = {key: hidden[key] for key in ("dWaa", "dWax", "dba")}
    gradients.update(dWya=output["dWya"], dby=output["dby"])
    return L, gradients


def train_rnn(x, y, parameters, n_steps, learning_rate, batch_size=32, max_norm=5.0, seed=0,
              clip=clip_by_norm, rnn_backward=rnn.rnn_backward, log_every=25, show_progress=True,
              output_layer_backward=None):
    """Minibatch SGD with gradient clipping on a many-to-many task: `train` with the RNN's loss.

    Inputs:
        x, y          -- the whole training set: (n_x, M, T_x) inputs and (M, T_x) int labels (-1: padding)
        parameters    -- dict, updated in place
        n_steps       -- int, the number of SGD steps
        learning_rate -- float
        batch_size    -- int, sequences per step (drawn with a seeded generator)
        max_norm      -- float, passed to `clip` (None: no clipping)
        clip          -- function (gradients, max_norm) -> gradients
        rnn_backward  -- the BPTT function (the learner's own can be passed in)
        output_layer_backward -- None, or the learner's output_layer_backward (see loss_and_gradients)
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

    def loss_per_labelled_step(batch):
        yb = y[batch]
        L, gradients = loss_and_gradients(x[:, batch], yb, np.zeros((n_a, len(batch))), parameters,
                                          rnn_backward=rnn_backward, output_layer_backward=output_layer_backward)
        return L / max((yb >= 0).sum() / len(batch), 1), gradients

    return train(loss_per_labelled_step, parameters, M, n_steps, learning_rate, batch_size=batch_size,
                 optimizer="sgd", max_norm=max_norm, clip=clip, seed=seed, log_every=log_every,
                 show_progress=show_progress)


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


def train(loss_and_gradients, parameters, n_examples, n_steps, learning_rate=0.01, batch_size=32,
          optimizer="adam", max_norm=5.0, clip=clip_by_norm, seed=0, log_every=25, show_progress=True,
          description="training"):
    """Minibatch training of any model in the course: draw a batch, get the gradients, clip, step.
    numpy's matrix products run on one BLAS thread meanwhile (threadpoolctl); results do not depend on it.

        history = train(lambda batch: many_to_one_loss_and_gradients(x[:, batch], lengths[batch],
                                                                      y[batch], parameters),
                        parameters, n_examples=len(y), n_steps=300)

    Inputs:
        loss_and_gradients -- function(batch) -> (loss, gradients): `batch` is an int array of example
                              indices; `gradients` holds "d" + name for every parameter (extra keys,
                              e.g. "dx", are ignored)
        parameters    -- dict name -> array, updated in place
        n_examples    -- int, the size of the training set (batches are drawn from range(n_examples))
        n_steps       -- int, the number of steps
        learning_rate -- float
        batch_size    -- int, examples per step, drawn without replacement by a seeded generator
        optimizer     -- "adam" (course_utils.optim.adam_step) or "sgd" (sgd_step)
        max_norm      -- float or None: clip the gradients to this with `clip`
        clip          -- function (gradients, max_norm) -> gradients; optim.clip_by_norm (the global
                         norm) unless the learner's own is passed in
        seed          -- int: the same seed draws the same batches, so the same run
        log_every     -- int, record the loss every this many steps
        show_progress -- bool, a progress bar (tqdm.auto: a widget in a notebook, text on stderr elsewhere)
                         with the running average of the loss as its postfix
        description   -- str, the progress bar's label
    Output:
        history -- dict "step": list of int, "loss": list of float (as loss_and_gradients returns it,
                   for that step's batch); plots.plot_loss_curve draws it
    """
    if not callable(loss_and_gradients):
        raise ValueError("loss_and_gradients must be a function batch -> (loss, gradients)")
    if optimizer not in ("adam", "sgd"):
        raise ValueError(f"optimizer must be 'adam' or 'sgd', got {optimizer!r}")
    for name, value in (("n_examples", n_examples), ("n_steps", n_steps), ("batch_size", batch_size),
                        ("log_every", log_every)):
        if isinstance(value, bool) or not isinstance(value, (int, np.integer)) or value < 1:
            raise ValueError(f"{name} must be an int >= 1, got {value!r}")
    rng = np.random.default_rng(seed)
    state = {}
    history = {"step": [], "loss": []}
    running = None
    # One BLAS thread: for the course's small matrices a second thread costs more than it saves, and on
    # a busy machine (or a container that sees more cores than it may use) it made training 10x slower.
    with tqdm(total=n_steps, desc=description, disable=not show_progress) as bar, \
            threadpool_limits(limits=1, user_api="blas"):
        for step in range(1, n_steps + 1):
            batch = np.sort(rng.choice(n_examples, size=min(batch_size, n_examples), replace=False))
            loss, gradients = loss_and_gradients(batch)
            gradients = {"d" + name: gradients["d" + name] for name in parameters}
            if max_norm is not None:
                gradients = clip(gradients, max_norm)
            if optimizer == "adam":
                adam_step(parameters, gradients, state, learning_rate)
            else:
                sgd_step(parameters, gradients, learning_rate)
            running = loss if running is None else 0.9 * running + 0.1 * loss
            if step == 1 or step % log_every == 0 or step == n_steps:
                history["step"].append(step)
                history["loss"].append(float(loss))
            bar.set_postfix_str(f"loss {running:.3f}", refresh=False)  # shown at the bar's next refresh
            bar.update()
    return history
