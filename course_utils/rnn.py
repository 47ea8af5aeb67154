"""The reference RNN: forward and backward passes of a tanh RNN with a softmax output, in numpy.

Notation (CONTRIBUTING.md): a batch of m sequences of T_x steps,
    x      (n_x, m, T_x)   inputs;         x<t> = x[:, :, t] is (n_x, m)
    a      (n_a, m, T_x)   hidden states;  a<t> = a[:, :, t], a<0> = a0 is (n_a, m)
    y_pred (n_y, m, T_x)   predictions
    parameters = {"Waa": (n_a, n_a), "Wax": (n_a, n_x), "Wya": (n_y, n_a),
                  "ba": (n_a, 1), "by": (n_y, 1)}

    a<t> = tanh(Waa a<t-1> + Wax x<t> + ba)
    y<t> = softmax(Wya a<t> + by)            (softmax over axis 0)

Forward functions return a cache; backward functions take it and return gradients.
Every public function checks its inputs and names the argument and the expected shape
when something is wrong. float32 inputs give float32 results; integers become float64.
"""

import numpy as np

from .activations import softmax
from .validation import as_array, check_shape, format_shape, require_keys

PARAMETER_KEYS = ("Waa", "Wax", "Wya", "ba", "by")


# ----------------------------------------------------------------------------- validation


def _array(name, value, symbols):
    """`value` as a float array with one dimension per symbol in `symbols`, e.g. ("n_x", "m")."""
    array = as_array(name, value)
    if array.ndim != len(symbols):
        raise ValueError(
            f"{name} must have {len(symbols)} dimensions ({', '.join(symbols)}), "
            f"got {array.ndim} (shape {format_shape(array.shape)})"
        )
    return array


def _check_parameters(parameters, keys=PARAMETER_KEYS):
    """Check `parameters` against itself and return (arrays, n_a).

    n_a is read from Waa and n_y from Wya; the other weights must agree with them.
    Wax is checked by the caller, which knows n_x from the inputs.
    `arrays` is a new dict of numpy arrays (the caller's dict is not modified).
    """
    require_keys("parameters", parameters, keys)
    p = {k: as_array(k, parameters[k]) for k in keys}
    Waa = p["Waa"] = _array("Waa", p["Waa"], ("n_a", "n_a"))
    n_a = Waa.shape[0]
    check_shape("Waa", Waa, (n_a, n_a), ("n_a", "n_a"))
    check_shape("ba", p["ba"], (n_a, 1), ("n_a", "1"))
    if "Wya" in keys:
        Wya = p["Wya"] = _array("Wya", p["Wya"], ("n_y", "n_a"))
        n_y = Wya.shape[0]
        check_shape("Wya", Wya, (n_y, n_a), ("n_y", "n_a"))
        check_shape("by", p["by"], (n_y, 1), ("n_y", "1"))
    return p, n_a


def _check_cell_inputs(xt, a_prev, parameters, keys=PARAMETER_KEYS):
    """Validate the inputs of one RNN step; return (xt, a_prev, parameter arrays)."""
    p, n_a = _check_parameters(parameters, keys)
    a_prev = _array("a_prev", a_prev, ("n_a", "m"))
    m = a_prev.shape[1]
    check_shape("a_prev", a_prev, (n_a, m), ("n_a", "m"))
    xt = _array("xt", xt, ("n_x", "m"))
    n_x = xt.shape[0]
    check_shape("xt", xt, (n_x, m), ("n_x", "m"))
    check_shape("Wax", p["Wax"], (n_a, n_x), ("n_a", "n_x"))
    return xt, a_prev, p


def _check_sequence_inputs(x, a0, parameters):
    """Validate the inputs of a whole forward pass; return (x, a0, parameter arrays)."""
    p, n_a = _check_parameters(parameters)
    a0 = _array("a0", a0, ("n_a", "m"))
    m = a0.shape[1]
    check_shape("a0", a0, (n_a, m), ("n_a", "m"))
    x = _array("x", x, ("n_x", "m", "T_x"))
    n_x, _, T_x = x.shape
    check_shape("x", x, (n_x, m, T_x), ("n_x", "m", "T_x"))
    if T_x == 0:
        raise ValueError(f"x must hold at least one time step (T_x >= 1), got shape {format_shape(x.shape)}")
    check_shape("Wax", p["Wax"], (n_a, n_x), ("n_a", "n_x"))
    return x, a0, p


def _unpack_cache(cache):
    """Check that `cache` looks like rnn_cell_forward's and return its 4 entries."""
    if not isinstance(cache, tuple) or len(cache) != 4:
        got = f"a tuple of length {len(cache)}" if isinstance(cache, tuple) else type(cache).__name__
        raise ValueError(f"cache must be the tuple (a_next, a_prev, xt, parameters) from rnn_cell_forward, got {got}")
    return cache


# ----------------------------------------------------------------------------- forward


def _step(Wax_xt, a_prev, Waa, ba):
    """One step of the recurrence, unvalidated: a<t> = tanh(Waa a<t-1> + Wax x<t> + ba).

    The caller passes the input term Wax x<t> already computed (rnn_forward computes it
    for all t at once).
    """
    return np.tanh(Waa @ a_prev + Wax_xt + ba)


def rnn_cell_forward(xt, a_prev, parameters):
    """One time step of the RNN.

    Inputs:
        xt         -- input at step t, shape (n_x, m)
        a_prev     -- hidden state at step t-1, shape (n_a, m)
        parameters -- dict with "Waa" (n_a, n_a), "Wax" (n_a, n_x), "Wya" (n_y, n_a),
                      "ba" (n_a, 1), "by" (n_y, 1)
    Outputs:
        a_next  -- hidden state at step t, shape (n_a, m):  tanh(Waa a_prev + Wax xt + ba)
        yt_pred -- prediction at step t, shape (n_y, m):    softmax(Wya a_next + by)
        cache   -- tuple (a_next, a_prev, xt, parameters), for rnn_cell_backward
    """
    xt, a_prev, p = _check_cell_inputs(xt, a_prev, parameters)
    a_next = _step(p["Wax"] @ xt, a_prev, p["Waa"], p["ba"])
    yt_pred = softmax(p["Wya"] @ a_next + p["by"])
    cache = (a_next, a_prev, xt, parameters)
    return a_next, yt_pred, cache


def rnn_forward(x, a0, parameters):
    """The forward pass over a whole sequence, all m sequences of the batch at once.

    Inputs:
        x          -- inputs, shape (n_x, m, T_x)
        a0         -- initial hidden state, shape (n_a, m)
        parameters -- dict with "Waa" (n_a, n_a), "Wax" (n_a, n_x), "Wya" (n_y, n_a),
                      "ba" (n_a, 1), "by" (n_y, 1)
    Outputs:
        a      -- hidden states for every step, shape (n_a, m, T_x); a[:, :, t] is a<t+1>
                  in 1-based maths (a0 is not included)
        y_pred -- predictions for every step, shape (n_y, m, T_x)
        caches -- tuple (list of the T_x per-step caches (a_next, a_prev, xt, parameters), x),
                  for rnn_backward
    """
    x, a0, p = _check_sequence_inputs(x, a0, parameters)
    Waa, Wax, Wya, ba, by = (p[k] for k in PARAMETER_KEYS)
    n_x, m, T_x = x.shape
    n_a, n_y = Waa.shape[0], Wya.shape[0]

    # The input term does not depend on the recurrence: Wax x<t> + ba for every t in one
    # matmul, the m * T_x columns of x side by side.
    Wax_x_ba = (Wax @ x.reshape(n_x, m * T_x) + ba).reshape(n_a, m, T_x)

    a = np.empty((n_a, m, T_x), dtype=np.result_type(Wax_x_ba, a0, Waa))
    caches = []
    a_prev = a0
    for t in range(T_x):
        z = Waa @ a_prev + Wax_x_ba[:, :, t]
        a_next = np.tanh(z, out=z)  # a<t> = tanh(Waa a<t-1> + Wax x<t> + ba)
        a[:, :, t] = a_next
        caches.append((a_next, a_prev, x[:, :, t], parameters))
        a_prev = a_next

    # The outputs do not feed back either: y<t> = softmax(Wya a<t> + by) for every t at once.
    y_pred = softmax((Wya @ a.reshape(n_a, m * T_x) + by).reshape(n_y, m, T_x))
    return a, y_pred, (caches, x)


def stack_weights(Waa, Wax):
    """Stack the two hidden-state weights side by side: Wa = [Waa | Wax].

    Inputs:
        Waa -- shape (n_a, n_a)
        Wax -- shape (n_a, n_x)
    Output:
        Wa  -- shape (n_a, n_a + n_x), so that Wa [a; x] = Waa a + Wax x
    """
    Waa = _array("Waa", Waa, ("n_a", "n_a"))
    n_a = Waa.shape[0]
    check_shape("Waa", Waa, (n_a, n_a), ("n_a", "n_a"))
    Wax = _array("Wax", Wax, ("n_a", "n_x"))
    check_shape("Wax", Wax, (n_a, Wax.shape[1]), ("n_a", "n_x"))
    return np.hstack([Waa, Wax])


def rnn_cell_forward_concat(xt, a_prev, parameters):
    """One step of the recurrence in the concatenated form a<t> = tanh(Wa [a<t-1>; x<t>] + ba).

    Inputs:
        xt         -- shape (n_x, m)
        a_prev     -- shape (n_a, m)
        parameters -- dict with "ba" (n_a, 1) and either "Wa" (n_a, n_a + n_x) or
                      "Waa" (n_a, n_a) and "Wax" (n_a, n_x) (then Wa = stack_weights(Waa, Wax))
    Output:
        a_next -- shape (n_a, m), equal to rnn_cell_forward's a_next
    """
    if isinstance(parameters, dict) and "Wa" in parameters:
        require_keys("parameters", parameters, ("Wa", "ba"))
        Wa = _array("Wa", parameters["Wa"], ("n_a", "n_a + n_x"))
        n_a = Wa.shape[0]
        ba = as_array("ba", parameters["ba"])
        check_shape("ba", ba, (n_a, 1), ("n_a", "1"))
        a_prev = _array("a_prev", a_prev, ("n_a", "m"))
        m = a_prev.shape[1]
        check_shape("a_prev", a_prev, (n_a, m), ("n_a", "m"))
        xt = _array("xt", xt, ("n_x", "m"))
        check_shape("xt", xt, (xt.shape[0], m), ("n_x", "m"))
        check_shape("Wa", Wa, (n_a, n_a + xt.shape[0]), ("n_a", "n_a + n_x"))
    else:
        xt, a_prev, p = _check_cell_inputs(xt, a_prev, parameters, keys=("Waa", "Wax", "ba"))
        Wa, ba = stack_weights(p["Waa"], p["Wax"]), p["ba"]
    return np.tanh(Wa @ np.vstack([a_prev, xt]) + ba)


# ----------------------------------------------------------------------------- backward


def rnn_cell_backward(da_next, cache):
    """Backward pass of one time step (the hidden state only; the softmax output is not included).

    Inputs:
        da_next -- gradient of the loss with respect to a_next, shape (n_a, m)
        cache   -- tuple (a_next, a_prev, xt, parameters) from rnn_cell_forward
    Output:
        gradients -- dict:
            "dxt"     (n_x, m)    gradient w.r.t. xt
            "da_prev" (n_a, m)    gradient w.r.t. a_prev
            "dWax"    (n_a, n_x)
            "dWaa"    (n_a, n_a)
            "dba"     (n_a, 1)

    With z = Waa a_prev + Wax xt + ba and a_next = tanh(z):
        dz = (1 - a_next**2) * da_next        (tanh'(z) = 1 - tanh(z)**2)
        dxt = Wax^T dz,  da_prev = Waa^T dz,  dWax = dz xt^T,  dWaa = dz a_prev^T,
        dba = dz summed over the batch
    """
    a_next, a_prev, xt, parameters = _unpack_cache(cache)
    xt, a_prev, p = _check_cell_inputs(xt, a_prev, parameters)
    n_a, m = a_prev.shape
    a_next = _array("a_next", a_next, ("n_a", "m"))
    check_shape("a_next", a_next, (n_a, m), ("n_a", "m"))
    da_next = _array("da_next", da_next, ("n_a", "m"))
    check_shape("da_next", da_next, (n_a, m), ("n_a", "m"))
    Waa, Wax = p["Waa"], p["Wax"]

    dz = (1 - a_next**2) * da_next
    return {
        "dxt": Wax.T @ dz,
        "da_prev": Waa.T @ dz,
        "dWax": dz @ xt.T,
        "dWaa": dz @ a_prev.T,
        "dba": dz.sum(axis=1, keepdims=True),
    }


def rnn_backward(da, caches):
    """Backward pass through time over a whole sequence, all m sequences at once.

    Inputs:
        da     -- upstream gradient of the loss w.r.t. every hidden state (from the outputs),
                  shape (n_a, m, T_x)
        caches -- tuple (list of per-step caches, x) from rnn_forward
    Output:
        gradients -- dict:
            "dx"   (n_x, m, T_x)  gradient w.r.t. the inputs
            "da0"  (n_a, m)       gradient w.r.t. the initial hidden state
            "dWax" (n_a, n_x)
            "dWaa" (n_a, n_a)
            "dba"  (n_a, 1)

    a<t> receives gradient from two places: its output (da[:, :, t]) and step t+1
    (da_prev). Going from t = T_x down to 1:
        dz<t>    = (1 - a<t>**2) * (da<t> + da_prev)
        da_prev  = Waa^T dz<t>          (flows back to step t-1; after step 1 it is da0)
    and, summed over t: dWaa = sum_t dz<t> a<t-1>^T, dWax = sum_t dz<t> x<t>^T,
    dba = sum_t dz<t> summed over the batch, dx<t> = Wax^T dz<t>.
    """
    if not isinstance(caches, tuple) or len(caches) != 2 or not isinstance(caches[0], list):
        raise ValueError("caches must be the tuple (list of per-step caches, x) from rnn_forward")
    step_caches, x = caches
    x = _array("x", x, ("n_x", "m", "T_x"))
    n_x, m, T_x = x.shape
    if len(step_caches) != T_x or T_x == 0:
        raise ValueError(
            f"caches must hold one per-step cache for each of the T_x = {T_x} steps of x, "
            f"got {len(step_caches)}"
        )
    a_1, a0, _, parameters = _unpack_cache(step_caches[0])
    p, n_a = _check_parameters(parameters)
    Waa, Wax, ba = p["Waa"], p["Wax"], p["ba"]
    check_shape("Wax", Wax, (n_a, n_x), ("n_a", "n_x"))
    for name, cached in (("a_next", a_1), ("a_prev", a0)):
        check_shape(name, _array(name, cached, ("n_a", "m")), (n_a, m), ("n_a", "m"))
    da = _array("da", da, ("n_a", "m", "T_x"))
    check_shape("da", da, (n_a, m, T_x), ("n_a", "m", "T_x"))

    dtype = np.result_type(da, x, a_1, a0, Waa, Wax, ba)
    dz = np.empty((n_a, m, T_x), dtype=dtype)
    da_prev = np.zeros((n_a, m), dtype=dtype)
    for t in reversed(range(T_x)):
        a_next = step_caches[t][0]
        dz_t = da[:, :, t] + da_prev
        dz_t *= 1 - a_next**2          # dz<t> = (1 - a<t>**2) * (da<t> + da_prev)
        dz[:, :, t] = dz_t
        da_prev = Waa.T @ dz_t

    # Every weight gradient is a sum over t of dz<t> times an input of step t: one matmul each,
    # with the m * T_x columns side by side.
    dz = dz.reshape(n_a, m * T_x)
    a_prevs = np.stack([step_cache[1] for step_cache in step_caches], axis=2).reshape(n_a, m * T_x)
    return {
        "dx": (Wax.T @ dz).reshape(n_x, m, T_x),   # Wax^T dz<t> for every t
        "da0": da_prev,
        "dWax": dz @ x.reshape(n_x, m * T_x).T,    # sum over t of dz<t> x<t>^T
        "dWaa": dz @ a_prevs.T,                    # sum over t of dz<t> a<t-1>^T
        "dba": dz.sum(axis=1, keepdims=True),
    }


# ----------------------------------------------------------------------------- output layer


def rnn_output_backward(dz, a, parameters):
    """Backward through the output layer z<t> = Wya a<t> + by, for every step at once.

    Inputs:
        dz         -- gradient of the loss w.r.t. the scores z, shape (n_y, m, T_x)
                      (for softmax + cross-entropy: losses.cross_entropy_backward)
        a          -- hidden states from rnn_forward, shape (n_a, m, T_x)
        parameters -- dict holding "Wya" (n_y, n_a) and "by" (n_y, 1)
    Output:
        gradients -- dict:
            "dWya" (n_y, n_a)      sum over m and t of dz<t> a<t>^T
            "dby"  (n_y, 1)        sum over m and t of dz<t>
            "da"   (n_a, m, T_x)   Wya^T dz<t>: what the outputs send into each hidden state,
                                   the `da` that rnn_backward takes
    """
    require_keys("parameters", parameters, ("Wya", "by"))
    a = _array("a", a, ("n_a", "m", "T_x"))
    n_a, m, T_x = a.shape
    Wya = _array("Wya", parameters["Wya"], ("n_y", "n_a"))
    n_y = Wya.shape[0]
    check_shape("Wya", Wya, (n_y, n_a), ("n_y", "n_a"))
    dz = _array("dz", dz, ("n_y", "m", "T_x"))
    check_shape("dz", dz, (n_y, m, T_x), ("n_y", "m", "T_x"))
    return {
        "dWya": np.einsum("ymt,amt->ya", dz, a, optimize=True),
        "dby": dz.sum(axis=(1, 2))[:, np.newaxis],
        "da": np.einsum("ya,ymt->amt", Wya, dz, optimize=True),
    }


# ----------------------------------------------------------------------------- parameters


def initialize_parameters(n_a, n_x, n_y, seed=0, scale=None):
    """Random weights and zero biases for an RNN, reproducible from `seed`.

    Inputs:
        n_a, n_x, n_y -- int >= 1, the hidden, input and output sizes
        seed          -- int, seed of np.random.default_rng
        scale         -- None or float. None (default): Xavier-like, each weight drawn from
                         N(0, 1 / fan_in), where fan_in is the number of inputs the unit adds
                         up: n_a + n_x for Waa and Wax (a<t> sums Waa a<t-1> and Wax x<t>),
                         n_a for Wya. This keeps Waa a + Wax x of order 1, so tanh neither
                         saturates nor stays linear. A float: every weight drawn from N(0, scale**2)
                         (e.g. 0.01, the classic "small random numbers").
    Output:
        parameters -- dict of float64 arrays: "Waa" (n_a, n_a), "Wax" (n_a, n_x), "Wya" (n_y, n_a),
                      "ba" (n_a, 1) zeros, "by" (n_y, 1) zeros
    """
    for name, n in (("n_a", n_a), ("n_x", n_x), ("n_y", n_y)):
        if isinstance(n, bool) or not isinstance(n, (int, np.integer)) or n < 1:
            raise ValueError(f"{name} must be an int >= 1, got {n!r}")
    if scale is not None and (isinstance(scale, bool) or not isinstance(scale, (int, float)) or scale < 0):
        raise ValueError(f"scale must be None or a number >= 0, got {scale!r}")
    rng = np.random.default_rng(seed)
    hidden_scale = 1 / np.sqrt(n_a + n_x) if scale is None else scale
    output_scale = 1 / np.sqrt(n_a) if scale is None else scale
    return {
        "Waa": rng.standard_normal((n_a, n_a)) * hidden_scale,
        "Wax": rng.standard_normal((n_a, n_x)) * hidden_scale,
        "Wya": rng.standard_normal((n_y, n_a)) * output_scale,
        "ba": np.zeros((n_a, 1)),
        "by": np.zeros((n_y, 1)),
    }
