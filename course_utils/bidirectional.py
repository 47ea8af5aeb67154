"""The bidirectional RNN: one RNN reads left to right, another right to left; each step sees both.

    forward RNN:   a_fwd<t> = tanh(Waa_fwd a_fwd<t-1> + Wax_fwd x<t> + ba_fwd),   t = 1 .. T_x
    backward RNN:  the same recurrence with its own weights (Waa_bwd, Wax_bwd, ba_bwd) over the
                   REVERSED sequence; its states are reversed back, so that a_bwd<t> has read
                   x<T_x> .. x<t>, the words from t to the end
    output:        y<t> = softmax(Wya [a_fwd<t>; a_bwd<t>] + by),   Wya (n_y, 2 n_a)

With padding, "reversed" means each sequence reversed within its own length (reverse_sequences):
padding stays at the end, so neither direction reads padding before real words.
Shapes: x (n_x, m, T_x), lengths int (m,), a (2 n_a, m, T_x) = the two states stacked, y_pred
(n_y, m, T_x), labels y int (m, T_x) with -1 on padding.
"""

import numpy as np

from . import rnn
from .activations import softmax
from .losses import cross_entropy, cross_entropy_backward
from .rnn_types import check_lengths, rnn_states
from .validation import as_array, require_keys

PARAMETER_KEYS = ("Waa_fwd", "Wax_fwd", "ba_fwd", "Waa_bwd", "Wax_bwd", "ba_bwd", "Wya", "by")


def reverse_sequences(x, lengths):
    """Reverse each sequence of a padded batch within its own length; padding stays at the end.

    Inputs:
        x       -- array (n, m, T_x) (inputs, states or gradients: any first dimension)
        lengths -- int array (m,), 1 <= lengths[i] <= T_x
    Output:
        array (n, m, T_x): out[:, i, t] = x[:, i, lengths[i] - 1 - t] for t < lengths[i], and
        x[:, i, t] (the padding, unchanged) for t >= lengths[i]. Applying it twice gives x back.
    """
    x = as_array("x", x, ndim=3)
    _, m, T_x = x.shape
    lengths = check_lengths(lengths, m, T_x)
    t = np.arange(T_x)[np.newaxis, :]
    source = np.where(t < lengths[:, np.newaxis], lengths[:, np.newaxis] - 1 - t, t)  # (m, T_x)
    return x[:, np.arange(m)[:, np.newaxis], source]


def initialize_bidirectional(n_a, n_x, n_y, seed=0):
    """Random weights (Xavier-like, as course_utils.rnn.initialize_parameters) and zero biases.

    Inputs:  n_a -- int, the state size of EACH direction; n_x, n_y -- ints; seed -- int
    Output:  dict "Waa_fwd", "Waa_bwd" (n_a, n_a), "Wax_fwd", "Wax_bwd" (n_a, n_x), "ba_fwd", "ba_bwd"
             (n_a, 1), "Wya" (n_y, 2 n_a), "by" (n_y, 1)
    """
    forward = rnn.initialize_parameters(n_a, n_x, n_y, seed=seed)
    backward = rnn.initialize_parameters(n_a, n_x, n_y, seed=seed + 1)
    rng = np.random.default_rng(seed + 2)
    return {"Waa_fwd": forward["Waa"], "Wax_fwd": forward["Wax"], "ba_fwd": forward["ba"],
            "Waa_bwd": backward["Waa"], "Wax_bwd": backward["Wax"], "ba_bwd": backward["ba"],
            "Wya": rng.standard_normal((n_y, 2 * n_a)) / np.sqrt(2 * n_a), "by": np.zeros((n_y, 1))}


def direction(parameters, which):
    """One direction's weights under course_utils.rnn's names: {"Waa", "Wax", "ba"} (the same arrays).

    Inputs:  parameters -- dict of initialize_bidirectional; which -- "fwd" or "bwd"
    """
    if which not in ("fwd", "bwd"):
        raise ValueError(f"which must be 'fwd' or 'bwd', got {which!r}")
    keys = [f"{name}_{which}" for name in ("Waa", "Wax", "ba")]
    require_keys("parameters", parameters, keys)
    return {name: parameters[key] for name, key in zip(("Waa", "Wax", "ba"), keys)}


def bidirectional_forward(x, lengths, parameters):
    """Both directions over a padded batch, states concatenated, a prediction at every step.

    Inputs:
        x          -- array (n_x, m, T_x)
        lengths    -- int array (m,), the real length of each sequence
        parameters -- dict with PARAMETER_KEYS (initialize_bidirectional)
    Outputs:
        a      -- array (2 n_a, m, T_x): a[:n_a] the forward states, a[n_a:] the backward states,
                  both in the order of the words
        y_pred -- array (n_y, m, T_x)
        cache  -- tuple (a, forward_caches, backward_caches, lengths, parameters)
    """
    require_keys("parameters", parameters, PARAMETER_KEYS)
    x = as_array("x", x, ndim=3)
    n_a, m = np.shape(parameters["Waa_fwd"])[0], x.shape[1]
    lengths = check_lengths(lengths, m, x.shape[2])
    a0 = np.zeros((n_a, m))
    a_fwd, forward_caches = rnn_states(x, a0, direction(parameters, "fwd"))
    a_bwd_reversed, backward_caches = rnn_states(reverse_sequences(x, lengths), a0, direction(parameters, "bwd"))
    a = np.concatenate([a_fwd, reverse_sequences(a_bwd_reversed, lengths)], axis=0)
    Wya, by = as_array("Wya", parameters["Wya"], ndim=2), as_array("by", parameters["by"], ndim=2)
    if Wya.shape[1] != 2 * n_a:
        raise ValueError(f"Wya must have shape (n_y, 2 n_a) = ({Wya.shape[0]}, {2 * n_a}), got {Wya.shape}")
    y_pred = softmax(np.einsum("ya,amt->ymt", Wya, a) + by[:, :, np.newaxis])
    return a, y_pred, (a, forward_caches, backward_caches, lengths, parameters)


def bidirectional_backward(dz, cache):
    """Gradients of the loss through the output layer and both directions.

        output layer: dWya, dby and da = Wya^T dz  (2 n_a, m, T_x)
        forward RNN:  BPTT of da[:n_a] as it is
        backward RNN: its steps ran over the reversed sequence, so da[n_a:] is reversed first;
                      its dx comes back reversed and is reversed again before it is added

    Inputs:
        dz    -- array (n_y, m, T_x), the gradient of the loss w.r.t. the scores (zero on padding)
        cache -- from bidirectional_forward
    Output:
        gradients -- dict "d" + each of PARAMETER_KEYS, and "dx" (n_x, m, T_x)
    """
    if not isinstance(cache, tuple) or len(cache) != 5:
        raise ValueError("cache must be the tuple (a, forward_caches, backward_caches, lengths, parameters) "
                         "from bidirectional_forward")
    a, forward_caches, backward_caches, lengths, parameters = cache
    n_a = a.shape[0] // 2
    output = rnn.rnn_output_backward(dz, a, parameters)
    forward = rnn.rnn_backward(output["da"][:n_a], forward_caches)
    backward = rnn.rnn_backward(reverse_sequences(output["da"][n_a:], lengths), backward_caches)
    gradients = {"dWya": output["dWya"], "dby": output["dby"],
                 "dx": forward["dx"] + reverse_sequences(backward["dx"], lengths)}
    for which, g in (("fwd", forward), ("bwd", backward)):
        gradients.update({f"dWaa_{which}": g["dWaa"], f"dWax_{which}": g["dWax"], f"dba_{which}": g["dba"]})
    return gradients


def bidirectional_loss_and_gradients(x, lengths, y, parameters):
    """Forward, summed cross-entropy over the labelled steps, and backward, for one batch.

    Inputs:  x (n_x, m, T_x), lengths int (m,), y int (m, T_x) with -1 on padding, parameters
    Outputs: L (float), gradients (dict "d" + each of PARAMETER_KEYS)
    """
    _, y_pred, cache = bidirectional_forward(x, lengths, parameters)
    L, _ = cross_entropy(y_pred, y)
    gradients = bidirectional_backward(cross_entropy_backward(y_pred, y), cache)
    gradients.pop("dx")
    return L, gradients


def bidirectional_predict(x, lengths, parameters):
    """The predictions y_pred (n_y, m, T_x) of a trained bidirectional RNN."""
    return bidirectional_forward(x, lengths, parameters)[1]
