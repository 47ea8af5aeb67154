"""The reference GRU and LSTM (course_utils/gated.py) against their equations, finite differences and PyTorch.

Two outside witnesses: centred finite differences of L = sum(states * G), and torch.nn.LSTM / torch.nn.GRU in
float64 with every gate's weights mapped (the mapping is in course_utils/gated.py's docstring). The LSTM is
torch's cell exactly. The GRU is not: torch applies the reset gate after the recurrent product,
r * (W_hn h + b_hn), ours before it, Wc [r * c; x]. They coincide exactly when Wc's state columns form a
diagonal matrix and b_hn = 0; the torch test uses that, and another test shows they differ otherwise.
"""

import re

import numpy as np
import pytest

from course_utils.gated import (
    GRU_KEYS,
    LSTM_KEYS,
    gru_backward,
    gru_cell_backward,
    gru_cell_forward,
    gru_forward,
    initialize_gru,
    initialize_lstm,
    lstm_backward,
    lstm_cell_backward,
    lstm_cell_forward,
    lstm_forward,
)
from course_utils.gradcheck import numerical_gradient, relative_error

N_X, N_A, N_Y, M, T_X = 3, 5, 4, 6, 7


def sigma(z):
    return 1 / (1 + np.exp(-z))


# lstm_backward sums the weight gradients one way when the batch is narrower than [a; x] is tall (M = 6 < 8)
# and another when it is wider: the LSTM's checks run at both.
WIDE_M = N_A + N_X + 1


def make_problem(keys, seed=0, m=M):
    """Weights of std 0.6 (the gates far from linear), non-zero biases, states and a G for L = sum(states * G)."""
    rng = np.random.default_rng(seed)
    p = {k: rng.standard_normal((N_A, N_A + N_X)) * 0.6 if k.startswith("W") else rng.standard_normal((N_A, 1)) * 0.5
         for k in keys if k not in ("Wya", "by")}
    p["Wya"], p["by"] = rng.standard_normal((N_Y, N_A)) * 0.5, rng.standard_normal((N_Y, 1)) * 0.5
    x = rng.standard_normal((N_X, m, T_X))
    a0, c0 = rng.standard_normal((N_A, m)) * 0.5, rng.standard_normal((N_A, m)) * 0.5
    G, H = rng.standard_normal((N_A, m, T_X)), rng.standard_normal((N_A, m, T_X))
    return x, a0, c0, p, G, H


def assert_gradient(analytic, f, array, name):
    error = relative_error(analytic, numerical_gradient(f, array, eps=1e-6))
    assert error < 1e-7, f"{name}: relative error {error:.1e} against finite differences"


# ----------------------------------------------------------------------------- the equations


def test_gru_cell_forward_is_the_notebooks_equations():
    x, _, c0, p, _, _ = make_problem(GRU_KEYS)
    xt = x[:, :, 0]
    c_next, yt_pred, cache = gru_cell_forward(xt, c0, p)
    concat = np.concatenate([c0, xt])
    u, r = sigma(p["Wu"] @ concat + p["bu"]), sigma(p["Wr"] @ concat + p["br"])
    c_tilde = np.tanh(p["Wc"] @ np.concatenate([r * c0, xt]) + p["bc"])
    np.testing.assert_allclose(c_next, u * c_tilde + (1 - u) * c0, rtol=1e-13, atol=1e-14)
    z = p["Wya"] @ c_next + p["by"]
    np.testing.assert_allclose(yt_pred, np.exp(z) / np.exp(z).sum(axis=0), rtol=1e-13, atol=1e-14)
    for got, want in zip(cache[3:6], (u, r, c_tilde)):
        np.testing.assert_allclose(got, want, rtol=1e-13, atol=1e-14)


def test_lstm_cell_forward_is_the_notebooks_equations():
    x, a0, c0, p, _, _ = make_problem(LSTM_KEYS)
    xt = x[:, :, 0]
    a_next, c_next, yt_pred, cache = lstm_cell_forward(xt, a0, c0, p)
    concat = np.concatenate([a0, xt])
    f, u, o = (sigma(p["W" + g] @ concat + p["b" + g]) for g in "fuo")
    cc = np.tanh(p["Wc"] @ concat + p["bc"])
    c = f * c0 + u * cc
    np.testing.assert_allclose(c_next, c, rtol=1e-13, atol=1e-14)
    np.testing.assert_allclose(a_next, o * np.tanh(c), rtol=1e-13, atol=1e-14)
    assert cache[0] is a_next and cache[1] is c_next
    for got, want in zip(cache[4:8], (f, u, cc, o)):
        np.testing.assert_allclose(got, want, rtol=1e-13, atol=1e-14)


def test_sequence_forwards_repeat_the_cells():
    x, a0, c0, p, _, _ = make_problem(LSTM_KEYS)
    a, y_pred, c, caches = lstm_forward(x, a0, p, c0=c0)
    a_t, c_t = a0, c0
    for t in range(T_X):
        a_t, c_t, y_t, _ = lstm_cell_forward(x[:, :, t], a_t, c_t, p)
        np.testing.assert_allclose(a[:, :, t], a_t, rtol=1e-12, atol=1e-14)
        np.testing.assert_allclose(c[:, :, t], c_t, rtol=1e-12, atol=1e-14)
        np.testing.assert_allclose(y_pred[:, :, t], y_t, rtol=1e-12, atol=1e-14)
    x, _, c0, p, _, _ = make_problem(GRU_KEYS)
    c, y_pred, _ = gru_forward(x, c0, p)
    c_t = c0
    for t in range(T_X):
        c_t, y_t, _ = gru_cell_forward(x[:, :, t], c_t, p)
        np.testing.assert_allclose(c[:, :, t], c_t, rtol=1e-12, atol=1e-14)
        np.testing.assert_allclose(y_pred[:, :, t], y_t, rtol=1e-12, atol=1e-14)


def test_a_padded_step_carries_the_states():
    x, a0, c0, p, _, _ = make_problem(LSTM_KEYS)
    lengths = np.array([7, 3, 5, 1, 7, 2])
    mask = np.arange(T_X)[None, :] < lengths[:, None]
    a, _, c, _ = lstm_forward(x, a0, p, mask=mask, c0=c0)
    for i, n in enumerate(lengths):
        a_i, _, c_i, _ = lstm_forward(x[:, i:i + 1, :n], a0[:, i:i + 1], p, c0=c0[:, i:i + 1])
        np.testing.assert_allclose(a[:, i, n - 1:], np.repeat(a_i[:, 0, -1:], T_X - n + 1, axis=1), rtol=1e-12)
        np.testing.assert_allclose(c[:, i, :n], c_i[:, 0], rtol=1e-12)
    x, _, c0, p, _, _ = make_problem(GRU_KEYS)
    c, _, _ = gru_forward(x, c0, p, mask=mask)
    for i, n in enumerate(lengths):
        c_i, _, _ = gru_forward(x[:, i:i + 1, :n], c0[:, i:i + 1], p)
        np.testing.assert_allclose(c[:, i, n - 1:], np.repeat(c_i[:, 0, -1:], T_X - n + 1, axis=1), rtol=1e-12)


# ----------------------------------------------------------------------------- finite differences


@pytest.mark.parametrize("m", [M, WIDE_M])
@pytest.mark.parametrize("masked", [False, True])
def test_lstm_backward_matches_finite_differences(masked, m):
    x, a0, c0, p, G, H = make_problem(LSTM_KEYS, seed=1, m=m)
    lengths = np.resize([7, 3, 5, 1, 7, 2], m)
    mask = (np.arange(T_X)[None, :] < lengths[:, None]) if masked else None
    dc_last = np.random.default_rng(9).standard_normal((N_A, m))

    def loss():   # a sum over the hidden states, and the last memory cell (as a carried state would be)
        a, _, c, _ = lstm_forward(x, a0, p, mask=mask, c0=c0)
        return float(np.sum(a * G) + np.sum(c[:, :, -1] * dc_last))

    _, _, _, caches = lstm_forward(x, a0, p, mask=mask, c0=c0)
    grads = lstm_backward(G, caches, dc_last=dc_last)
    for name in ("Wf", "Wu", "Wc", "Wo", "bf", "bu", "bc", "bo"):
        assert_gradient(grads["d" + name], loss, p[name], "d" + name)
    assert_gradient(grads["dx"], loss, x, "dx")
    assert_gradient(grads["da0"], loss, a0, "da0")
    assert_gradient(grads["dc0"], loss, c0, "dc0")


@pytest.mark.parametrize("masked", [False, True])
def test_gru_backward_matches_finite_differences(masked):
    x, _, c0, p, G, _ = make_problem(GRU_KEYS, seed=2)
    mask = (np.arange(T_X)[None, :] < np.array([2, 7, 4, 1, 6, 7])[:, None]) if masked else None
    loss = lambda: float(np.sum(gru_forward(x, c0, p, mask=mask)[0] * G))
    grads = gru_backward(G, gru_forward(x, c0, p, mask=mask)[2])
    for name in ("Wu", "Wr", "Wc", "bu", "br", "bc"):
        assert_gradient(grads["d" + name], loss, p[name], "d" + name)
    assert_gradient(grads["dx"], loss, x, "dx")
    assert_gradient(grads["dc0"], loss, c0, "dc0")


def test_cell_backwards_match_finite_differences():
    x, a0, c0, p, G, H = make_problem(LSTM_KEYS, seed=3)
    xt, g, h = x[:, :, 0], G[:, :, 0], H[:, :, 0]

    def loss():   # both outputs of the cell reach the loss
        a, c, _, _ = lstm_cell_forward(xt, a0, c0, p)
        return float(np.sum(a * g) + np.sum(c * h))

    grads = lstm_cell_backward(g, h, lstm_cell_forward(xt, a0, c0, p)[3])
    for name in ("Wf", "Wu", "Wc", "Wo", "bf", "bo"):
        assert_gradient(grads["d" + name], loss, p[name], "d" + name)
    for name, array in (("dxt", xt), ("da_prev", a0), ("dc_prev", c0)):
        assert_gradient(grads[name], loss, array, name)

    x, _, c0, p, G, _ = make_problem(GRU_KEYS, seed=4)
    xt, g = x[:, :, 0], G[:, :, 0]
    loss = lambda: float(np.sum(gru_cell_forward(xt, c0, p)[0] * g))
    grads = gru_cell_backward(g, gru_cell_forward(xt, c0, p)[2])
    for name in ("Wu", "Wr", "Wc", "bu", "br", "bc"):
        assert_gradient(grads["d" + name], loss, p[name], "d" + name)
    assert_gradient(grads["dxt"], loss, xt, "dxt")
    assert_gradient(grads["dc_prev"], loss, c0, "dc_prev")


def test_sequence_backward_of_one_step_is_the_cell_backward():
    x, a0, c0, p, G, H = make_problem(LSTM_KEYS)
    _, _, _, caches = lstm_forward(x[:, :, :1], a0, p, c0=c0)
    seq = lstm_backward(G[:, :, :1], caches, dc_last=H[:, :, 0])
    cell = lstm_cell_backward(G[:, :, 0], H[:, :, 0], caches[0][0])
    for key in ("dWf", "dWu", "dWc", "dWo", "dbf", "dbu", "dbc", "dbo"):
        np.testing.assert_allclose(seq[key], cell[key], rtol=1e-12, atol=1e-14)
    np.testing.assert_allclose(seq["da0"], cell["da_prev"], rtol=1e-12, atol=1e-14)
    np.testing.assert_allclose(seq["dc0"], cell["dc_prev"], rtol=1e-12, atol=1e-14)


# ----------------------------------------------------------------------------- PyTorch


def _torch_layout(array):
    return array.transpose(2, 1, 0).copy()   # (n, m, T) -> (T, m, n)


@pytest.mark.torch
@pytest.mark.parametrize("m", [M, WIDE_M])
def test_lstm_matches_torch(m):
    torch = pytest.importorskip("torch")
    x, a0, c0, p, G, _ = make_problem(LSTM_KEYS, seed=5, m=m)
    a, _, c, caches = lstm_forward(x, a0, p, c0=c0)
    grads = lstm_backward(G, caches)

    lstm = torch.nn.LSTM(N_X, N_A).double()
    order = ("u", "f", "c", "o")   # torch's gate order: input, forget, cell, output
    with torch.no_grad():
        lstm.weight_ih_l0.copy_(torch.from_numpy(np.vstack([p["W" + g][:, N_A:] for g in order])))
        lstm.weight_hh_l0.copy_(torch.from_numpy(np.vstack([p["W" + g][:, :N_A] for g in order])))
        lstm.bias_ih_l0.copy_(torch.from_numpy(np.vstack([p["b" + g] for g in order])[:, 0]))
        lstm.bias_hh_l0.zero_()
    X = torch.tensor(_torch_layout(x), requires_grad=True)
    h0 = torch.tensor(a0.T[None].copy(), requires_grad=True)
    cell0 = torch.tensor(c0.T[None].copy(), requires_grad=True)
    h, (_, c_last) = lstm(X, (h0, cell0))
    torch.sum(h * torch.from_numpy(_torch_layout(G))).backward()

    def close(got, want):
        np.testing.assert_allclose(got, want, rtol=0, atol=1e-11)

    close(a, h.detach().numpy().transpose(2, 1, 0))
    close(c[:, :, -1], c_last.detach().numpy()[0].T)
    W_ih, W_hh, b = lstm.weight_ih_l0.grad.numpy(), lstm.weight_hh_l0.grad.numpy(), lstm.bias_ih_l0.grad.numpy()
    for k, g in enumerate(order):
        rows = slice(k * N_A, (k + 1) * N_A)
        close(grads["dW" + g], np.hstack([W_hh[rows], W_ih[rows]]))
        close(grads["db" + g][:, 0], b[rows])
    close(grads["dx"], X.grad.numpy().transpose(2, 1, 0))
    close(grads["da0"], h0.grad.numpy()[0].T)
    close(grads["dc0"], cell0.grad.numpy()[0].T)


def _torch_gru(torch, p):
    """torch.nn.GRU with our weights: z = 1 - Gamma_u (weights negated), reset gate r, candidate n."""
    gru = torch.nn.GRU(N_X, N_A).double()
    W = {"r": p["Wr"], "z": -p["Wu"], "n": p["Wc"]}
    b = {"r": p["br"], "z": -p["bu"], "n": p["bc"]}
    with torch.no_grad():   # torch's order: reset, update, new
        gru.weight_ih_l0.copy_(torch.from_numpy(np.vstack([W[g][:, N_A:] for g in "rzn"])))
        gru.weight_hh_l0.copy_(torch.from_numpy(np.vstack([W[g][:, :N_A] for g in "rzn"])))
        gru.bias_ih_l0.copy_(torch.from_numpy(np.vstack([b[g] for g in "rzn"])[:, 0]))
        gru.bias_hh_l0.zero_()   # b_hn = 0: needed for the two cells to coincide
    return gru


@pytest.mark.torch
def test_gru_matches_torch_when_the_candidates_state_weights_are_diagonal():
    torch = pytest.importorskip("torch")
    x, _, c0, p, G, _ = make_problem(GRU_KEYS, seed=6)
    p["Wc"][:, :N_A] = np.diag(np.diag(p["Wc"][:, :N_A]))   # diagonal: r * (W h) = W (r * h)
    c, _, caches = gru_forward(x, c0, p)
    grads = gru_backward(G, caches)

    gru = _torch_gru(torch, p)
    X = torch.tensor(_torch_layout(x), requires_grad=True)
    h0 = torch.tensor(c0.T[None].copy(), requires_grad=True)
    h, _ = gru(X, h0)
    torch.sum(h * torch.from_numpy(_torch_layout(G))).backward()

    def close(got, want):
        np.testing.assert_allclose(got, want, rtol=0, atol=1e-11)

    close(c, h.detach().numpy().transpose(2, 1, 0))
    W_ih, W_hh, b = gru.weight_ih_l0.grad.numpy(), gru.weight_hh_l0.grad.numpy(), gru.bias_ih_l0.grad.numpy()
    rows = {g: slice(k * N_A, (k + 1) * N_A) for k, g in enumerate("rzn")}
    close(grads["dWr"], np.hstack([W_hh[rows["r"]], W_ih[rows["r"]]]))
    close(grads["dWu"], -np.hstack([W_hh[rows["z"]], W_ih[rows["z"]]]))
    close(grads["dbr"][:, 0], b[rows["r"]])
    close(grads["dbu"][:, 0], -b[rows["z"]])
    close(grads["dbc"][:, 0], b[rows["n"]])
    close(grads["dWc"][:, N_A:], W_ih[rows["n"]])
    # torch's W_hn is a full matrix; only its diagonal is ours, and there the two gradients agree
    # (off the diagonal they differ: r_j h_j for ours, r_i h_j for torch's)
    close(np.diag(grads["dWc"][:, :N_A]), np.diag(W_hh[rows["n"]]))
    close(grads["dx"], X.grad.numpy().transpose(2, 1, 0))
    close(grads["dc0"], h0.grad.numpy()[0].T)


@pytest.mark.torch
def test_gru_differs_from_torch_with_a_full_candidate_matrix():
    """Where the reset gate sits matters: with a full Wc the two cells compute different states."""
    torch = pytest.importorskip("torch")
    x, _, c0, p, _, _ = make_problem(GRU_KEYS, seed=6)
    c, _, _ = gru_forward(x, c0, p)
    with torch.no_grad():
        h, _ = _torch_gru(torch, p)(torch.from_numpy(_torch_layout(x)), torch.from_numpy(c0.T[None].copy()))
    assert np.max(np.abs(c - h.numpy().transpose(2, 1, 0))) > 1e-2


# ----------------------------------------------------------------------------- bad input, parameters


def test_bad_shapes_name_the_argument():
    x, a0, c0, p, _, _ = make_problem(LSTM_KEYS)
    with pytest.raises(ValueError, match=re.escape("c_prev must have shape (n_a, m) = (5, 6), got (6, 5)")):
        lstm_cell_forward(x[:, :, 0], a0, c0.T, p)
    bad = dict(p, Wo=p["Wo"][:, :-1])
    with pytest.raises(ValueError, match=re.escape("Wo must have shape (n_a, n_a + n_x) = (5, 8), got (5, 7)")):
        lstm_forward(x, a0, bad)
    with pytest.raises(ValueError, match=re.escape("parameters")):
        lstm_forward(x, a0, {k: v for k, v in p.items() if k != "bf"})
    with pytest.raises(ValueError, match=re.escape("mask must have shape (m, T_x) = (6, 7), got (7, 6)")):
        lstm_forward(x, a0, p, mask=np.ones((T_X, M), dtype=bool))
    with pytest.raises(ValueError, match="mask must be a bool array"):
        lstm_forward(x, a0, p, mask=np.ones((M, T_X)))
    with pytest.raises(ValueError, match=re.escape("da must have shape (n_a, m, T_x) = (5, 6, 7), got (5, 6, 6)")):
        lstm_backward(np.zeros((N_A, M, T_X - 1)), lstm_forward(x, a0, p)[3])
    with pytest.raises(ValueError, match="cache must be the tuple"):
        lstm_cell_backward(a0, c0, (a0, c0))
    xg, _, c0g, pg, _, _ = make_problem(GRU_KEYS)
    with pytest.raises(ValueError, match=re.escape("xt must have 2 dimensions (n_x, m), got 3")):
        gru_cell_forward(xg, c0g, pg)
    with pytest.raises(ValueError, match="caches must be the tuple"):
        gru_backward(np.zeros((N_A, M, T_X)), ([], xg))


def test_initializers():
    p = initialize_lstm(8, 3, 4, seed=1, forget_bias=2.0)
    assert set(p) == set(LSTM_KEYS) and p["Wf"].shape == (8, 11) and p["Wya"].shape == (4, 8)
    np.testing.assert_array_equal(p["bf"], 2.0)
    np.testing.assert_array_equal(p["bu"], 0.0)
    assert initialize_lstm(8, 3, 4, seed=1)["Wc"].tolist() == p["Wc"].tolist()
    q = initialize_gru(8, 3, 4)
    assert set(q) == set(GRU_KEYS) and q["Wr"].shape == (8, 11)
    with pytest.raises(ValueError, match="n_a must be an int >= 1"):
        initialize_gru(0, 3, 4)


def test_float32_stays_float32():
    x, a0, c0, p, G, _ = make_problem(LSTM_KEYS)
    p32 = {k: v.astype(np.float32) for k, v in p.items()}
    a, _, c, caches = lstm_forward(x.astype(np.float32), a0.astype(np.float32), p32, c0=c0.astype(np.float32))
    assert a.dtype == np.float32 and c.dtype == np.float32
    assert lstm_backward(G.astype(np.float32), caches)["dWf"].dtype == np.float32
    a, _, c, _ = lstm_forward(x.astype(np.float32), a0.astype(np.float32), p32)   # c0 = None: zeros of x's dtype
    assert a.dtype == np.float32 and c.dtype == np.float32
    q32 = {k: v.astype(np.float32) for k, v in make_problem(GRU_KEYS)[3].items()}
    assert gru_forward(x.astype(np.float32), None, q32)[0].dtype == np.float32


@pytest.mark.parametrize("masked", [False, True])
def test_a_plain_list_of_caches_gives_the_same_gradients(masked):
    """The forward passes keep their arrays stacked for the backward; a learner's plain list must give the same."""
    mask = (np.arange(T_X)[None, :] < np.array([7, 3, 5, 1, 7, 2])[:, None]) if masked else None
    x, a0, c0, p, G, _ = make_problem(LSTM_KEYS, seed=8)
    steps, xs, m = lstm_forward(x, a0, p, mask=mask, c0=c0)[3]
    kept, plain = lstm_backward(G, (steps, xs, m)), lstm_backward(G, (list(steps), xs, m))
    x, _, c0, p, G, _ = make_problem(GRU_KEYS, seed=9)
    steps, xs, m = gru_forward(x, c0, p, mask=mask)[2]
    kept_gru, plain_gru = gru_backward(G, (steps, xs, m)), gru_backward(G, (list(steps), xs, m))
    for one, other in ((kept, plain), (kept_gru, plain_gru)):
        for key in one:
            np.testing.assert_array_equal(one[key], other[key])
