"""The reference gated cells: the GRU and the LSTM, forward and backward, in numpy.

Notation (CONTRIBUTING.md, and Andrew Ng's "Sequence Models"): a batch of m sequences of T_x steps,
    x (n_x, m, T_x), x<t> = x[:, :, t] is (n_x, m); states a, c (n_a, m, T_x); a<0>, c<0> are (n_a, m).
Every gate reads the previous state and the input stacked, [a<t-1>; x<t>] of shape (n_a + n_x, m), so its
weight W* is (n_a, n_a + n_x) and its bias b* is (n_a, 1). sigma is the logistic sigmoid.

GRU (a<t> = c<t>; keys "Wu", "bu", "Wr", "br", "Wc", "bc", "Wya", "by"):
    Gamma_u = sigma(Wu [c<t-1>; x<t>] + bu)                  update gate
    Gamma_r = sigma(Wr [c<t-1>; x<t>] + br)                  relevance (reset) gate
    c~<t>   = tanh(Wc [Gamma_r * c<t-1>; x<t>] + bc)         candidate
    c<t>    = Gamma_u * c~<t> + (1 - Gamma_u) * c<t-1>
    y<t>    = softmax(Wya c<t> + by)

LSTM (keys "Wf", "bf", "Wu", "bu", "Wc", "bc", "Wo", "bo", "Wya", "by"):
    Gamma_f = sigma(Wf [a<t-1>; x<t>] + bf)                  forget gate
    Gamma_u = sigma(Wu [a<t-1>; x<t>] + bu)                  update (input) gate
    c~<t>   = tanh(Wc [a<t-1>; x<t>] + bc)                   candidate
    Gamma_o = sigma(Wo [a<t-1>; x<t>] + bo)                  output gate
    c<t>    = Gamma_f * c<t-1> + Gamma_u * c~<t>
    a<t>    = Gamma_o * tanh(c<t>)
    y<t>    = softmax(Wya a<t> + by)

How these map onto PyTorch (tests/test_gated.py checks both, float64):
- torch.nn.LSTM is the same cell. Its weight_ih_l0 stacks the x-columns of the gates in the order
  input (our u), forget, cell (our c~), output: [Wu[:, n_a:]; Wf[:, n_a:]; Wc[:, n_a:]; Wo[:, n_a:]];
  weight_hh_l0 stacks their a-columns [:, :n_a] in the same order; bias_ih_l0 = [bu; bf; bc; bo],
  bias_hh_l0 = 0.
- torch.nn.GRU differs in two places. (1) Its update gate z is 1 - Gamma_u: h<t> = (1 - z) * n + z * h<t-1>,
  so z's weights are minus ours (W_iz = -Wu[:, n_a:], W_hz = -Wu[:, :n_a], b_iz = -bu). (2) It applies the
  reset gate AFTER the recurrent product, n = tanh(W_in x + b_in + r * (W_hn h + b_hn)), where ours
  (Cho et al. 2014's first form, and the course text's) applies it before: Wc [r * c; x]. The two
  coincide when W_hn = Wc[:, :n_a] is diagonal and b_hn = 0 (then r * (W h) = W (r * h) entry by entry),
  and only then; for any other Wc the two cells compute different functions.

Forward functions return a cache; backward functions take it and return gradients. Every public
function checks its inputs and names the argument and the expected shape when something is wrong.
"""

import numpy as np

from .activations import softmax
from .validation import as_array, check_shape, format_shape, require_keys

GRU_KEYS = ("Wu", "bu", "Wr", "br", "Wc", "bc", "Wya", "by")
LSTM_KEYS = ("Wf", "bf", "Wu", "bu", "Wc", "bc", "Wo", "bo", "Wya", "by")
LSTM_GATES = ("f", "u", "c", "o")  # the order in which lstm_backward stacks the gates' weights
_FORWARD_ORDER = ("f", "u", "o", "c")  # lstm_forward's: the three sigmoids side by side


def _sigmoid(z):
    """The logistic function, as 0.5 (1 + tanh(z / 2)): no overflow, and faster in the loops than activations.sigmoid."""
    return 0.5 * (1 + np.tanh(0.5 * z))


class _Steps(list):
    """The per-step caches of a forward pass: a list, as a learner's lstm_forward makes, that also keeps
    the arrays its caches are views of, stacked over time (`stacked`), so that the backward pass need not
    stack them again. A plain list of caches works the same, only a little slower."""

    stacked = None


def _stacked(step_caches, keys, axis):
    """The arrays the backward pass needs, by index in a step's cache: kept by the forward pass, or stacked."""
    if isinstance(step_caches, _Steps) and step_caches.stacked is not None:
        return [step_caches.stacked[k] for k in keys]
    return [np.stack([cache[k] for cache in step_caches], axis=axis) for k in keys]


def _stacked_x(step_caches, x, dtype):
    """x time-major, (T_x, n_x, m), as lstm_forward keeps it."""
    if isinstance(step_caches, _Steps) and step_caches.stacked is not None and "x" in step_caches.stacked:
        return step_caches.stacked["x"].astype(dtype, copy=False)
    return np.ascontiguousarray(x.transpose(2, 0, 1), dtype=dtype)


# ----------------------------------------------------------------------------- validation


def _array(name, value, symbols):
    array = as_array(name, value)
    if array.ndim != len(symbols):
        raise ValueError(f"{name} must have {len(symbols)} dimensions ({', '.join(symbols)}), "
                         f"got {array.ndim} (shape {format_shape(array.shape)})")
    return array


def _check_parameters(parameters, keys, n_x=None):
    """Arrays of `parameters` (a new dict) and n_a, n_x, n_y read from Wya and the gates' weights."""
    require_keys("parameters", parameters, keys)
    p = {k: as_array(k, parameters[k]) for k in keys}
    Wya = p["Wya"] = _array("Wya", p["Wya"], ("n_y", "n_a"))
    n_y, n_a = Wya.shape
    check_shape("by", p["by"], (n_y, 1), ("n_y", "1"))
    gates = [k for k in keys if k.startswith("W") and k != "Wya"]
    if n_x is None:
        W = _array(gates[0], p[gates[0]], ("n_a", "n_a + n_x"))
        n_x = W.shape[1] - n_a
        if n_x < 1:
            raise ValueError(f"{gates[0]} must have shape (n_a, n_a + n_x) with n_a = {n_a} (from Wya) and n_x >= 1, "
                             f"got {format_shape(W.shape)}")
    for key in gates:
        check_shape(key, _array(key, p[key], ("n_a", "n_a + n_x")), (n_a, n_a + n_x), ("n_a", "n_a + n_x"))
        check_shape("b" + key[1:], p["b" + key[1:]], (n_a, 1), ("n_a", "1"))
    return p, n_a, n_x


def _check_step(xt, states, parameters, keys):
    """Validate one step's inputs: xt (n_x, m) and the named states (n_a, m)."""
    xt = _array("xt", xt, ("n_x", "m"))
    n_x, m = xt.shape
    p, n_a, _ = _check_parameters(parameters, keys, n_x)
    checked = []
    for name, state in states:
        state = _array(name, state, ("n_a", "m"))
        check_shape(name, state, (n_a, m), ("n_a", "m"))
        checked.append(state)
    return xt, checked, p


def _check_sequence(x, states, parameters, keys, mask):
    x = _array("x", x, ("n_x", "m", "T_x"))
    n_x, m, T_x = x.shape
    if T_x == 0:
        raise ValueError(f"x must hold at least one time step (T_x >= 1), got shape {format_shape(x.shape)}")
    p, n_a, _ = _check_parameters(parameters, keys, n_x)
    checked = []
    for name, state in states:
        state = np.zeros((n_a, m), dtype=x.dtype) if state is None else _array(name, state, ("n_a", "m"))
        check_shape(name, state, (n_a, m), ("n_a", "m"))
        checked.append(state)
    if mask is not None:
        mask = np.asarray(mask)
        if mask.dtype != bool:
            raise ValueError(f"mask must be a bool array (m, T_x), True on real steps, got dtype {mask.dtype}")
        check_shape("mask", mask, (m, T_x), ("m", "T_x"))
    return x, checked, p, mask


def _check_cache(cache, length, what):
    if not isinstance(cache, tuple) or len(cache) != length:
        got = f"a tuple of length {len(cache)}" if isinstance(cache, tuple) else type(cache).__name__
        raise ValueError(f"cache must be the tuple {what}, got {got}")
    return cache


def _check_caches(caches, cell, n_entries):
    if (not isinstance(caches, tuple) or len(caches) != 3 or not isinstance(caches[0], list)):
        raise ValueError(f"caches must be the tuple (list of per-step caches, x, mask) from {cell}")
    step_caches, x, mask = caches
    x = _array("x", x, ("n_x", "m", "T_x"))
    if len(step_caches) != x.shape[2] or x.shape[2] == 0:
        raise ValueError(f"caches must hold one per-step cache for each of the T_x = {x.shape[2]} steps of x, "
                         f"got {len(step_caches)}")
    for cache in step_caches:
        _check_cache(cache, n_entries, f"of {n_entries} entries from the cell's forward")
    return step_caches, x, mask


# ----------------------------------------------------------------------------- GRU


def gru_cell_forward(xt, c_prev, parameters):
    """One time step of the GRU.

    Inputs:
        xt         -- input at step t, shape (n_x, m)
        c_prev     -- memory cell (= hidden state) at step t-1, shape (n_a, m)
        parameters -- dict with "Wu", "Wr", "Wc" (n_a, n_a + n_x), "bu", "br", "bc" (n_a, 1),
                      "Wya" (n_y, n_a), "by" (n_y, 1)
    Outputs:
        c_next  -- shape (n_a, m), c<t> = a<t>
        yt_pred -- shape (n_y, m), softmax(Wya c_next + by)
        cache   -- tuple (c_next, c_prev, xt, gamma_u, gamma_r, c_tilde, parameters), for gru_cell_backward
    """
    xt, (c_prev,), p = _check_step(xt, [("c_prev", c_prev)], parameters, GRU_KEYS)
    n_a = c_prev.shape[0]
    concat = np.vstack([c_prev, xt])
    gamma_u = _sigmoid(p["Wu"] @ concat + p["bu"])
    gamma_r = _sigmoid(p["Wr"] @ concat + p["br"])
    c_tilde = np.tanh(p["Wc"][:, :n_a] @ (gamma_r * c_prev) + p["Wc"][:, n_a:] @ xt + p["bc"])
    c_next = gamma_u * c_tilde + (1 - gamma_u) * c_prev
    yt_pred = softmax(p["Wya"] @ c_next + p["by"])
    return c_next, yt_pred, (c_next, c_prev, xt, gamma_u, gamma_r, c_tilde, parameters)


def gru_cell_backward(dc_next, cache):
    """Backward pass of one GRU step (the state only; the softmax output is not included).

    Inputs:
        dc_next -- gradient of the loss w.r.t. c_next, shape (n_a, m)
        cache   -- tuple (c_next, c_prev, xt, gamma_u, gamma_r, c_tilde, parameters) from gru_cell_forward
    Output:
        gradients -- dict "dxt" (n_x, m), "dc_prev" (n_a, m), "dWu", "dWr", "dWc" (n_a, n_a + n_x),
                     "dbu", "dbr", "dbc" (n_a, 1)

        dc~ = dc_next * Gamma_u,      dz_c = dc~ * (1 - c~**2)
        dGamma_u = dc_next * (c~ - c_prev),   dz_u = dGamma_u * Gamma_u * (1 - Gamma_u)
        d(Gamma_r * c_prev) = Wc[:, :n_a]^T dz_c,   dz_r = d(Gamma_r * c_prev) * c_prev * Gamma_r * (1 - Gamma_r)
        dc_prev = dc_next * (1 - Gamma_u) + d(Gamma_r * c_prev) * Gamma_r + Wu[:, :n_a]^T dz_u + Wr[:, :n_a]^T dz_r
        dWc = dz_c [Gamma_r * c_prev; xt]^T,  dWu = dz_u [c_prev; xt]^T,  dWr = dz_r [c_prev; xt]^T
    """
    c_next, c_prev, xt, gamma_u, gamma_r, c_tilde, parameters = _check_cache(
        cache, 7, "(c_next, c_prev, xt, gamma_u, gamma_r, c_tilde, parameters) from gru_cell_forward")
    xt, (c_prev, gamma_u, gamma_r, c_tilde, dc_next), p = _check_step(
        xt, [("c_prev", c_prev), ("gamma_u", gamma_u), ("gamma_r", gamma_r), ("c_tilde", c_tilde),
             ("dc_next", dc_next)], parameters, GRU_KEYS)
    n_a = c_prev.shape[0]
    Wu, Wr, Wc = p["Wu"], p["Wr"], p["Wc"]
    dz_c = dc_next * gamma_u * (1 - c_tilde**2)
    dz_u = dc_next * (c_tilde - c_prev) * gamma_u * (1 - gamma_u)
    d_rc = Wc[:, :n_a].T @ dz_c
    dz_r = d_rc * c_prev * gamma_r * (1 - gamma_r)
    dc_prev = dc_next * (1 - gamma_u) + d_rc * gamma_r + Wu[:, :n_a].T @ dz_u + Wr[:, :n_a].T @ dz_r
    dxt = Wc[:, n_a:].T @ dz_c + Wu[:, n_a:].T @ dz_u + Wr[:, n_a:].T @ dz_r
    concat = np.vstack([c_prev, xt])
    return {
        "dxt": dxt, "dc_prev": dc_prev,
        "dWu": dz_u @ concat.T, "dbu": dz_u.sum(axis=1, keepdims=True),
        "dWr": dz_r @ concat.T, "dbr": dz_r.sum(axis=1, keepdims=True),
        "dWc": dz_c @ np.vstack([gamma_r * c_prev, xt]).T, "dbc": dz_c.sum(axis=1, keepdims=True),
    }


def gru_forward(x, c0, parameters, mask=None):
    """The GRU over a whole batch of sequences.

    Inputs:
        x          -- inputs, shape (n_x, m, T_x)
        c0         -- initial state, shape (n_a, m) (None: zeros)
        parameters -- dict as for gru_cell_forward
        mask       -- optional bool (m, T_x), True on real steps: on a padded step the state is carried
                      unchanged (c<t> = c<t-1>), so the last state is that of the last real step
    Outputs:
        c      -- states, shape (n_a, m, T_x)
        y_pred -- predictions, shape (n_y, m, T_x)
        caches -- tuple (list of the T_x per-step caches, x, mask), for gru_backward
    """
    x, (c0,), p, mask = _check_sequence(x, [("c0", c0)], parameters, GRU_KEYS, mask)
    n_x, m, T_x = x.shape
    n_a, n_y = p["Wya"].shape[1], p["Wya"].shape[0]
    # The input terms of the three gates for every t in one matmul: (3 n_a, m, T_x).
    W_x = np.vstack([p["Wu"][:, n_a:], p["Wr"][:, n_a:], p["Wc"][:, n_a:]])
    b = np.vstack([p["bu"], p["br"], p["bc"]])
    X = (W_x @ x.reshape(n_x, m * T_x) + b).reshape(3 * n_a, m, T_x)
    W_ur = np.vstack([p["Wu"][:, :n_a], p["Wr"][:, :n_a]])
    Wc_a = p["Wc"][:, :n_a]
    dtype = np.result_type(X, c0)
    c = np.empty((n_a, m, T_x), dtype=dtype)
    gates = np.empty((3 * n_a, m, T_x), dtype=dtype)   # Gamma_u, Gamma_r, c~ of every step (the caches are views)
    cells = np.empty((n_a, m, T_x), dtype=dtype)
    caches = _Steps()
    c_prev = c0
    for t in range(T_x):
        z = W_ur @ c_prev
        z += X[:2 * n_a, :, t]
        z *= 0.5
        g = np.tanh(z, out=gates[:2 * n_a, :, t])
        g += 1
        g *= 0.5                                           # sigma(z) = (1 + tanh(z / 2)) / 2
        gamma_u, gamma_r = g[:n_a], g[n_a:]
        zc = Wc_a @ (gamma_r * c_prev)
        zc += X[2 * n_a:, :, t]
        c_tilde = np.tanh(zc, out=gates[2 * n_a:, :, t])
        c_next = np.subtract(c_tilde, c_prev, out=cells[:, :, t])
        c_next *= gamma_u
        c_next += c_prev                                   # c<t> = Gamma_u * c~<t> + (1 - Gamma_u) * c<t-1>
        caches.append((c_next, c_prev, x[:, :, t], gamma_u, gamma_r, c_tilde, parameters))
        if mask is not None:
            c_next = np.where(mask[:, t], c_next, c_prev)
        c[:, :, t] = c_next
        c_prev = c_next
    c_prevs = np.concatenate([c0[:, :, np.newaxis].astype(dtype), c[:, :, :-1]], axis=2)
    caches.stacked = {1: c_prevs, 3: gates[:n_a], 4: gates[n_a:2 * n_a], 5: gates[2 * n_a:]}
    y_pred = softmax((p["Wya"] @ c.reshape(n_a, m * T_x) + p["by"]).reshape(n_y, m, T_x))
    return c, y_pred, (caches, x, mask)


def gru_backward(dc, caches):
    """Backpropagation through time for the GRU.

    Inputs:
        dc     -- gradient reaching each state from its output, shape (n_a, m, T_x)
        caches -- tuple (list of per-step caches, x, mask) from gru_forward
    Output:
        gradients -- dict "dx" (n_x, m, T_x), "dc0" (n_a, m), "dWu", "dWr", "dWc" (n_a, n_a + n_x),
                     "dbu", "dbr", "dbc" (n_a, 1)
    """
    step_caches, x, mask = _check_caches(caches, "gru_forward", 7)
    n_x, m, T_x = x.shape
    p, n_a, _ = _check_parameters(step_caches[0][6], GRU_KEYS, n_x)
    dc = _array("dc", dc, ("n_a", "m", "T_x"))
    check_shape("dc", dc, (n_a, m, T_x), ("n_a", "m", "T_x"))
    Wu, Wr, Wc = p["Wu"], p["Wr"], p["Wc"]
    W_ur_a_T = np.vstack([Wu[:, :n_a], Wr[:, :n_a]]).T
    Wc_a_T = Wc[:, :n_a].T
    dtype = np.result_type(dc, x, Wu)
    # What does not depend on the recurrence, for every step at once.
    inputs_ur, gamma_u, gamma_r, c_tilde = _stacked(step_caches, (1, 3, 4, 5), axis=2)
    inputs_c = gamma_r * inputs_ur                                   # Gamma_r * c<t-1>, Wc's input
    to_u = (c_tilde - inputs_ur) * gamma_u * (1 - gamma_u)          # dz_u = dc * this
    to_c = gamma_u * (1 - c_tilde**2)                                # dz_c = dc * this
    to_r = inputs_ur * gamma_r * (1 - gamma_r)                       # dz_r = d(Gamma_r * c<t-1>) * this
    carry = 1 - gamma_u                                              # dc<t-1> gets dc * this directly
    dz = np.empty((3 * n_a, m, T_x), dtype=dtype)                    # (u, r, c) stacked
    dc_next = np.zeros((n_a, m), dtype=dtype)
    for t in reversed(range(T_x)):
        total = dc[:, :, t] + dc_next
        d_step = total if mask is None else total * mask[:, t]
        dz_c = np.multiply(d_step, to_c[:, :, t], out=dz[2 * n_a:, :, t])
        np.multiply(d_step, to_u[:, :, t], out=dz[:n_a, :, t])
        d_rc = Wc_a_T @ dz_c
        np.multiply(d_rc, to_r[:, :, t], out=dz[n_a:2 * n_a, :, t])
        dc_next = W_ur_a_T @ dz[:2 * n_a, :, t]
        dc_next += d_step * carry[:, :, t]
        dc_next += d_rc * gamma_r[:, :, t]
        if mask is not None:
            dc_next += total * ~mask[:, t]
    dz = dz.reshape(3 * n_a, m * T_x)
    X = x.reshape(n_x, m * T_x)
    W_x = np.vstack([Wu[:, n_a:], Wr[:, n_a:], Wc[:, n_a:]])
    dW_x = dz @ X.T
    dW_ur_a = dz[:2 * n_a] @ inputs_ur.reshape(n_a, m * T_x).T
    dWc_a = dz[2 * n_a:] @ inputs_c.reshape(n_a, m * T_x).T
    db = dz.sum(axis=1, keepdims=True)
    return {
        "dx": (W_x.T @ dz).reshape(n_x, m, T_x), "dc0": dc_next,
        "dWu": np.hstack([dW_ur_a[:n_a], dW_x[:n_a]]), "dbu": db[:n_a],
        "dWr": np.hstack([dW_ur_a[n_a:], dW_x[n_a:2 * n_a]]), "dbr": db[n_a:2 * n_a],
        "dWc": np.hstack([dWc_a, dW_x[2 * n_a:]]), "dbc": db[2 * n_a:],
    }


# ----------------------------------------------------------------------------- LSTM


def lstm_cell_forward(xt, a_prev, c_prev, parameters):
    """One time step of the LSTM.

    Inputs:
        xt         -- input at step t, shape (n_x, m)
        a_prev     -- hidden state at step t-1, shape (n_a, m)
        c_prev     -- memory cell at step t-1, shape (n_a, m)
        parameters -- dict with "Wf", "Wu", "Wc", "Wo" (n_a, n_a + n_x), "bf", "bu", "bc", "bo" (n_a, 1),
                      "Wya" (n_y, n_a), "by" (n_y, 1)
    Outputs:
        a_next  -- hidden state at step t, shape (n_a, m)
        c_next  -- memory cell at step t, shape (n_a, m)
        yt_pred -- prediction at step t, shape (n_y, m)
        cache   -- tuple (a_next, c_next, a_prev, c_prev, ft, ut, cct, ot, xt, parameters), for
                   lstm_cell_backward (ft, ut, ot the gates Gamma_f, Gamma_u, Gamma_o; cct the candidate c~)
    """
    xt, (a_prev, c_prev), p = _check_step(xt, [("a_prev", a_prev), ("c_prev", c_prev)], parameters, LSTM_KEYS)
    concat = np.vstack([a_prev, xt])
    ft = _sigmoid(p["Wf"] @ concat + p["bf"])
    ut = _sigmoid(p["Wu"] @ concat + p["bu"])
    cct = np.tanh(p["Wc"] @ concat + p["bc"])
    ot = _sigmoid(p["Wo"] @ concat + p["bo"])
    c_next = ft * c_prev + ut * cct
    a_next = ot * np.tanh(c_next)
    yt_pred = softmax(p["Wya"] @ a_next + p["by"])
    return a_next, c_next, yt_pred, (a_next, c_next, a_prev, c_prev, ft, ut, cct, ot, xt, parameters)


def lstm_cell_backward(da_next, dc_next, cache):
    """Backward pass of one LSTM step (the states only; the softmax output is not included).

    Inputs:
        da_next -- gradient of the loss w.r.t. a_next, shape (n_a, m)
        dc_next -- gradient of the loss w.r.t. c_next from the later steps, shape (n_a, m)
        cache   -- tuple (a_next, c_next, a_prev, c_prev, ft, ut, cct, ot, xt, parameters) from lstm_cell_forward
    Output:
        gradients -- dict "dxt" (n_x, m), "da_prev" (n_a, m), "dc_prev" (n_a, m),
                     "dWf", "dWu", "dWc", "dWo" (n_a, n_a + n_x), "dbf", "dbu", "dbc", "dbo" (n_a, 1)

        dc    = dc_next + da_next * Gamma_o * (1 - tanh(c_next)**2)    (c_next reaches the loss both ways)
        dz_o  = da_next * tanh(c_next) * Gamma_o * (1 - Gamma_o)
        dz_c  = dc * Gamma_u * (1 - c~**2),   dz_u = dc * c~ * Gamma_u * (1 - Gamma_u)
        dz_f  = dc * c_prev * Gamma_f * (1 - Gamma_f),   dc_prev = dc * Gamma_f
        dW*   = dz_* [a_prev; xt]^T,  db* = dz_* summed over the batch,
        [da_prev; dxt] = Wf^T dz_f + Wu^T dz_u + Wc^T dz_c + Wo^T dz_o
    """
    a_next, c_next, a_prev, c_prev, ft, ut, cct, ot, xt, parameters = _check_cache(
        cache, 10, "(a_next, c_next, a_prev, c_prev, ft, ut, cct, ot, xt, parameters) from lstm_cell_forward")
    xt, states, p = _check_step(xt, [("c_next", c_next), ("a_prev", a_prev), ("c_prev", c_prev), ("ft", ft),
                                     ("ut", ut), ("cct", cct), ("ot", ot), ("da_next", da_next),
                                     ("dc_next", dc_next)], parameters, LSTM_KEYS)
    c_next, a_prev, c_prev, ft, ut, cct, ot, da_next, dc_next = states
    n_a = a_prev.shape[0]
    tanh_c = np.tanh(c_next)
    dc = dc_next + da_next * ot * (1 - tanh_c**2)
    dz = {"o": da_next * tanh_c * ot * (1 - ot), "c": dc * ut * (1 - cct**2),
          "u": dc * cct * ut * (1 - ut), "f": dc * c_prev * ft * (1 - ft)}
    concat = np.vstack([a_prev, xt])
    dconcat = sum(p["W" + g].T @ dz[g] for g in LSTM_GATES)
    gradients = {"dxt": dconcat[n_a:], "da_prev": dconcat[:n_a], "dc_prev": dc * ft}
    for g in LSTM_GATES:
        gradients["dW" + g] = dz[g] @ concat.T
        gradients["db" + g] = dz[g].sum(axis=1, keepdims=True)
    return gradients


def lstm_forward(x, a0, parameters, mask=None, c0=None):
    """The LSTM over a whole batch of sequences.

    Inputs:
        x          -- inputs, shape (n_x, m, T_x)
        a0         -- initial hidden state, shape (n_a, m)
        parameters -- dict as for lstm_cell_forward
        mask       -- optional bool (m, T_x), True on real steps: on a padded step both states are carried
                      unchanged (a<t> = a<t-1>, c<t> = c<t-1>), so the last states are those of the last real step
        c0         -- initial memory cell, shape (n_a, m) (None: zeros)
    Outputs:
        a      -- hidden states, shape (n_a, m, T_x)
        y_pred -- predictions, shape (n_y, m, T_x)
        c      -- memory cells, shape (n_a, m, T_x)
        caches -- tuple (list of the T_x per-step caches, x, mask), for lstm_backward
    """
    x, (a0, c0), p, mask = _check_sequence(x, [("a0", a0), ("c0", c0)], parameters, LSTM_KEYS, mask)
    n_x, m, T_x = x.shape
    n_a, n_y = p["Wya"].shape[1], p["Wya"].shape[0]
    W = np.vstack([p["W" + g] for g in _FORWARD_ORDER])           # (4 n_a, n_a + n_x): f, u, o, c
    b = np.vstack([p["b" + g] for g in _FORWARD_ORDER])
    dtype = np.result_type(x, a0, c0, W)
    # One tanh gives all four gates: sigma(z) = (1 + tanh(z / 2)) / 2 for f, u and o (stacked first, their
    # weights halved once here), tanh(z) for c~. The input terms of every step in one matmul; the loop works
    # time-major, (T_x, rows, m), so that each step reads and writes contiguous memory; the caches are views of it.
    halves = np.full((4 * n_a, 1), 0.5, dtype=dtype)
    halves[3 * n_a:] = 1.0
    inputs = np.ones((T_x, n_x + 1, m), dtype=dtype)                                  # [x<t>; 1], time-major
    inputs[:, :n_x] = x.transpose(2, 0, 1)
    gates = np.matmul(np.hstack([W[:, n_a:], b]) * halves, inputs)                     # (T_x, 4 n_a, m)
    W_a = (W[:, :n_a] * halves).astype(dtype)
    # A[t] = a<t>, C[t] = c<t> for t = 0..T_x, as carried on (after the mask); without a mask they are also
    # each step's own a<t>, c<t>, which the caches keep.
    A = np.empty((T_x + 1, n_a, m), dtype=dtype)
    C = np.empty((T_x + 1, n_a, m), dtype=dtype)
    A[0], C[0] = a0, c0
    hidden, cells = (A[1:], C[1:]) if mask is None else (np.empty((T_x, n_a, m), dtype), np.empty((T_x, n_a, m), dtype))
    f, u, o, cc = (slice(k * n_a, (k + 1) * n_a) for k in range(4))
    recurrent = np.empty((4 * n_a, m), dtype=dtype)
    written = np.empty((n_a, m), dtype=dtype)
    caches = _Steps()
    for t in range(T_x):
        a_prev, c_prev = A[t], C[t]
        g = gates[t]
        g += np.matmul(W_a, a_prev, out=recurrent)
        np.tanh(g, out=g)
        sigmoids = g[:3 * n_a]
        sigmoids += 1
        sigmoids *= 0.5
        ft, ut, ot, cct = g[f], g[u], g[o], g[cc]
        c_next = np.multiply(ft, c_prev, out=cells[t])
        c_next += np.multiply(ut, cct, out=written)       # c<t> = Gamma_f * c<t-1> + Gamma_u * c~<t>
        a_next = np.tanh(c_next, out=hidden[t])
        a_next *= ot                                       # a<t> = Gamma_o * tanh(c<t>)
        caches.append((a_next, c_next, a_prev, c_prev, ft, ut, cct, ot, x[:, :, t], parameters))
        if mask is not None:                               # padding: both states carried unchanged
            keep = mask[:, t]
            np.copyto(A[t + 1], np.where(keep, a_next, a_prev))
            np.copyto(C[t + 1], np.where(keep, c_next, c_prev))
    caches.stacked = {1: cells, 2: A[:-1], 3: C[:-1], 4: gates[:, f], 5: gates[:, u], 6: gates[:, cc], 7: gates[:, o],
                      "x": inputs[:, :n_x]}
    a_kept, c_kept = A[1:], C[1:]
    a = np.ascontiguousarray(a_kept.transpose(1, 2, 0))
    c = np.ascontiguousarray(c_kept.transpose(1, 2, 0))
    y_pred = softmax((p["Wya"] @ a.reshape(n_a, m * T_x) + p["by"]).reshape(n_y, m, T_x))
    return a, y_pred, c, (caches, x, mask)


def lstm_backward(da, caches, dc_last=None):
    """Backpropagation through time for the LSTM, through both a and c.

    Inputs:
        da      -- gradient reaching each hidden state from its output, shape (n_a, m, T_x)
        caches  -- tuple (list of per-step caches, x, mask) from lstm_forward
        dc_last -- optional gradient w.r.t. the last memory cell c<T_x> from outside, shape (n_a, m)
                   (None: zeros, as when nothing after the sequence uses it)
    Output:
        gradients -- dict "dx" (n_x, m, T_x), "da0" (n_a, m), "dc0" (n_a, m),
                     "dWf", "dWu", "dWc", "dWo" (n_a, n_a + n_x), "dbf", "dbu", "dbc", "dbo" (n_a, 1)

    From t = T_x down to 1, with da_next and dc_next what step t+1 sent back (zeros at the end):
        the cell backward of step t gets da[:, :, t] + da_next and dc_next; its da_prev and dc_prev go to
        step t-1. On a padded step (mask False) the states were copied, so the gradients pass through
        unchanged and the cell gets none. The weight gradients add up over the steps.
    """
    step_caches, x, mask = _check_caches(caches, "lstm_forward", 10)
    n_x, m, T_x = x.shape
    p, n_a, _ = _check_parameters(step_caches[0][9], LSTM_KEYS, n_x)
    da = _array("da", da, ("n_a", "m", "T_x"))
    check_shape("da", da, (n_a, m, T_x), ("n_a", "m", "T_x"))
    W = np.vstack([p["W" + g] for g in LSTM_GATES])
    dtype = np.result_type(da, x, W)
    # What does not depend on the recurrence, for every step at once: the cached values stacked time-major.
    c_t, a_prevs, c_prevs, ft, ut, cct, ot = (array.astype(dtype, copy=False)
                                              for array in _stacked(step_caches, range(1, 8), axis=0))
    # Each factor is built in place, in one array of its own: fewer and smaller temporaries.
    tanh_c = np.tanh(c_t)
    through_a = np.square(tanh_c)
    np.subtract(1, through_a, out=through_a)
    through_a *= ot                                        # dc<t> gets da<t> * Gamma_o * tanh'(c<t>): this
    to_o = np.subtract(1, ot)
    to_o *= ot
    to_o *= tanh_c                                         # dz_o = da<t> * this
    to_fuc = np.empty((T_x, 3, n_a, m), dtype=dtype)       # dz_f, dz_u, dz_c = dc<t> * these
    for k, (gate, other) in enumerate([(ft, c_prevs), (ut, cct)]):
        factor = np.subtract(1, gate, out=to_fuc[:, k])
        factor *= gate
        factor *= other
    factor = np.square(cct, out=to_fuc[:, 2])
    np.subtract(1, factor, out=factor)
    factor *= ut
    da_T = np.ascontiguousarray(da.transpose(2, 0, 1), dtype=dtype)
    dz_gates = np.empty((T_x, 4, n_a, m), dtype=dtype)       # f, u, c, o
    dz = dz_gates.reshape(T_x, 4 * n_a, m)
    da_next = np.zeros((n_a, m), dtype=dtype)
    dc_next = np.zeros((n_a, m), dtype=dtype)
    if dc_last is not None:
        dc_last = _array("dc_last", dc_last, ("n_a", "m"))
        check_shape("dc_last", dc_last, (n_a, m), ("n_a", "m"))
        dc_next = dc_next + dc_last
    W_a_T = np.ascontiguousarray(W[:, :n_a].T, dtype=dtype)
    for t in reversed(range(T_x)):
        da_t = da_T[t] + da_next
        dc_t = dc_next
        if mask is not None:                               # padding: the gradients pass the step unchanged
            keep = mask[:, t]
            da_skip, dc_skip = da_t * ~keep, dc_t * ~keep
            da_t, dc_t = da_t * keep, dc_t * keep
        dc_step = np.multiply(da_t, through_a[t])
        dc_step += dc_t                                    # both ways into c<t>: along c, and through a<t>
        np.multiply(to_fuc[t], dc_step, out=dz_gates[t, :3])
        np.multiply(da_t, to_o[t], out=dz_gates[t, 3])
        da_next = W_a_T @ dz[t]
        dc_next = dc_step * ft[t]
        if mask is not None:
            da_next += da_skip
            dc_next += dc_skip
    # The weight gradients add up over the steps. With a batch wider than [a; x] is tall, one small matmul per
    # step (batched) and a sum over t; otherwise dz laid out (4 n_a, T_x m) once and one large matmul.
    x_steps = _stacked_x(step_caches, x, dtype)                                    # (T_x, n_x, m)
    if n_a + n_x <= m:
        dW = np.hstack([np.matmul(dz, a_prevs.transpose(0, 2, 1)).sum(axis=0),
                        np.matmul(dz, x_steps.transpose(0, 2, 1)).sum(axis=0)])
        db = np.matmul(dz, np.ones((m, 1), dtype=dtype)).sum(axis=0)
        dx = np.matmul(np.ascontiguousarray(W[:, n_a:].T, dtype=dtype), dz).transpose(1, 0, 2)  # (n_x, T_x, m)
    else:
        dz = np.ascontiguousarray(dz.transpose(1, 0, 2)).reshape(4 * n_a, T_x * m)
        inputs = np.concatenate([a_prevs, x_steps], axis=1).transpose(1, 0, 2).reshape(n_a + n_x, T_x * m)
        dW = dz @ inputs.T
        db = dz.sum(axis=1, keepdims=True)
        dx = (np.ascontiguousarray(W[:, n_a:].T, dtype=dtype) @ dz).reshape(n_x, T_x, m)
    gradients = {"dx": np.ascontiguousarray(dx.transpose(0, 2, 1)), "da0": da_next, "dc0": dc_next}
    for k, g in enumerate(LSTM_GATES):
        gradients["dW" + g] = dW[k * n_a:(k + 1) * n_a]
        gradients["db" + g] = db[k * n_a:(k + 1) * n_a]
    return gradients


# ----------------------------------------------------------------------------- parameters


def _check_sizes(n_a, n_x, n_y):
    for name, n in (("n_a", n_a), ("n_x", n_x), ("n_y", n_y)):
        if isinstance(n, bool) or not isinstance(n, (int, np.integer)) or n < 1:
            raise ValueError(f"{name} must be an int >= 1, got {n!r}")


def _check_bias(name, value):
    if isinstance(value, bool) or not isinstance(value, (int, float, np.integer, np.floating)):
        raise ValueError(f"{name} must be a number, got {value!r}")


def initialize_gru(n_a, n_x, n_y, seed=0, update_bias=0.0):
    """Random gate weights N(0, 1 / (n_a + n_x)), Wya N(0, 1 / n_a), zero biases but bu = update_bias.

    A negative update bias starts Gamma_u near sigma(update_bias) (0.12 for -2): each step writes little of
    its candidate and keeps the rest of c<t-1>, so the state, and its gradient, last many steps.
    """
    _check_sizes(n_a, n_x, n_y)
    _check_bias("update_bias", update_bias)
    rng = np.random.default_rng(seed)
    parameters = {}
    for g in ("u", "r", "c"):
        parameters["W" + g] = rng.standard_normal((n_a, n_a + n_x)) / np.sqrt(n_a + n_x)
        parameters["b" + g] = np.zeros((n_a, 1))
    parameters["bu"] += update_bias
    parameters["Wya"] = rng.standard_normal((n_y, n_a)) / np.sqrt(n_a)
    parameters["by"] = np.zeros((n_y, 1))
    return parameters


def initialize_lstm(n_a, n_x, n_y, seed=0, forget_bias=1.0, update_bias=0.0):
    """Random gate weights N(0, 1 / (n_a + n_x)), Wya N(0, 1 / n_a), zero biases but bf = forget_bias and
    bu = update_bias.

    A positive forget bias starts Gamma_f near sigma(forget_bias) (0.73 for 1, 0.95 for 3): the cell keeps
    most of its memory from the start, and the gradient along c shrinks by only that factor per step. A
    negative update bias (the input gate) makes each step write little into c at first.
    """
    _check_sizes(n_a, n_x, n_y)
    _check_bias("forget_bias", forget_bias)
    _check_bias("update_bias", update_bias)
    rng = np.random.default_rng(seed)
    parameters = {}
    for g in LSTM_GATES:
        parameters["W" + g] = rng.standard_normal((n_a, n_a + n_x)) / np.sqrt(n_a + n_x)
        parameters["b" + g] = np.zeros((n_a, 1))
    parameters["bf"] += forget_bias
    parameters["bu"] += update_bias
    parameters["Wya"] = rng.standard_normal((n_y, n_a)) / np.sqrt(n_a)
    parameters["by"] = np.zeros((n_y, 1))
    return parameters
