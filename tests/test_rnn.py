import re

import numpy as np
import pytest

from course_utils.rnn import (
    initialize_parameters,
    rnn_backward,
    rnn_cell_backward,
    rnn_cell_forward,
    rnn_cell_forward_concat,
    rnn_forward,
    stack_weights,
)

N_X, N_A, N_Y, M, T_X = 3, 5, 4, 10, 6


def make_problem(seed=0, dtype=np.float64):
    """Weights large enough (std 0.5) that tanh is far from linear, non-zero biases and a0."""
    rng = np.random.default_rng(seed)
    parameters = {
        "Waa": rng.standard_normal((N_A, N_A)) * 0.5,
        "Wax": rng.standard_normal((N_A, N_X)) * 0.5,
        "Wya": rng.standard_normal((N_Y, N_A)) * 0.5,
        "ba": rng.standard_normal((N_A, 1)) * 0.5,
        "by": rng.standard_normal((N_Y, 1)) * 0.5,
    }
    parameters = {k: v.astype(dtype) for k, v in parameters.items()}
    x = rng.standard_normal((N_X, M, T_X)).astype(dtype)
    a0 = rng.standard_normal((N_A, M)).astype(dtype) * 0.5
    G = rng.standard_normal((N_A, M, T_X)).astype(dtype)  # L = sum(a * G), so dL/da = G
    return x, a0, parameters, G


def relative_error(numeric, analytic):
    return np.linalg.norm(numeric - analytic) / max(np.linalg.norm(numeric) + np.linalg.norm(analytic), 1e-300)


def numeric_gradient(f, array, h=1e-6):
    """Centred differences of the scalar f() w.r.t. every entry of `array` (changed in place, then restored)."""
    grad = np.zeros_like(array)
    for idx in np.ndindex(array.shape):
        old = array[idx]
        array[idx] = old + h
        plus = f()
        array[idx] = old - h
        minus = f()
        array[idx] = old
        grad[idx] = (plus - minus) / (2 * h)
    return grad


# ----------------------------------------------------------------------------- forward


def test_rnn_cell_forward_matches_equations():
    x, a0, p, _ = make_problem()
    xt = x[:, :, 0]
    a_next, yt_pred, cache = rnn_cell_forward(xt, a0, p)
    expected_a = np.tanh(p["Waa"] @ a0 + p["Wax"] @ xt + p["ba"])
    z = p["Wya"] @ expected_a + p["by"]
    expected_y = np.exp(z) / np.exp(z).sum(axis=0)
    np.testing.assert_allclose(a_next, expected_a, rtol=1e-14)
    np.testing.assert_allclose(yt_pred, expected_y, rtol=1e-13)
    assert a_next.shape == (N_A, M) and yt_pred.shape == (N_Y, M)
    assert isinstance(cache, tuple) and len(cache) == 4
    assert cache[0] is a_next and cache[3] is p
    np.testing.assert_array_equal(cache[1], a0)
    np.testing.assert_array_equal(cache[2], xt)


def test_rnn_forward_equals_looping_the_cell():
    x, a0, p, _ = make_problem()
    a, y_pred, (caches, x_cached) = rnn_forward(x, a0, p)
    assert a.shape == (N_A, M, T_X) and y_pred.shape == (N_Y, M, T_X)
    assert len(caches) == T_X and x_cached is x
    a_prev = a0
    for t in range(T_X):
        a_next, yt, cache = rnn_cell_forward(x[:, :, t], a_prev, p)
        np.testing.assert_allclose(a[:, :, t], a_next, rtol=1e-13, atol=1e-15)
        np.testing.assert_allclose(y_pred[:, :, t], yt, rtol=1e-13, atol=1e-15)
        for got, want in zip(caches[t][:3], cache[:3]):
            np.testing.assert_allclose(got, want, rtol=1e-13, atol=1e-15)
        assert caches[t][3] is p
        a_prev = a_next
    np.testing.assert_allclose(y_pred.sum(axis=0), np.ones((M, T_X)), rtol=1e-14)


def test_rnn_forward_does_not_modify_inputs():
    x, a0, p, _ = make_problem()
    copies = (x.copy(), a0.copy(), {k: v.copy() for k, v in p.items()})
    rnn_forward(x, a0, p)
    np.testing.assert_array_equal(x, copies[0])
    np.testing.assert_array_equal(a0, copies[1])
    for k in p:
        np.testing.assert_array_equal(p[k], copies[2][k])


def test_rnn_forward_each_sequence_independent_of_the_batch():
    x, a0, p, _ = make_problem()
    a, y_pred, _ = rnn_forward(x, a0, p)
    a_one, y_one, _ = rnn_forward(x[:, 3:4, :], a0[:, 3:4], p)
    np.testing.assert_allclose(a_one[:, 0, :], a[:, 3, :], rtol=1e-13, atol=1e-15)
    np.testing.assert_allclose(y_one[:, 0, :], y_pred[:, 3, :], rtol=1e-13, atol=1e-15)


# ----------------------------------------------------------------------------- gradient checks


def test_rnn_cell_backward_gradient_check():
    x, a0, p, G = make_problem(seed=1)
    xt, Gt = x[:, :, 0].copy(), G[:, :, 0]

    def loss():
        return np.sum(rnn_cell_forward(xt, a0, p)[0] * Gt)

    _, _, cache = rnn_cell_forward(xt, a0, p)
    grads = rnn_cell_backward(Gt, cache)
    for name, array, key in [("Waa", p["Waa"], "dWaa"), ("Wax", p["Wax"], "dWax"), ("ba", p["ba"], "dba"),
                             ("xt", xt, "dxt"), ("a_prev", a0, "da_prev")]:
        assert grads[key].shape == array.shape, name
        err = relative_error(numeric_gradient(loss, array), grads[key])
        assert err < 1e-7, f"{key}: relative error {err:.2e}"


def test_rnn_backward_gradient_check():
    x, a0, p, G = make_problem(seed=2)

    def loss():
        return np.sum(rnn_forward(x, a0, p)[0] * G)

    _, _, caches = rnn_forward(x, a0, p)
    grads = rnn_backward(G, caches)
    assert set(grads) == {"dx", "da0", "dWax", "dWaa", "dba"}
    for name, array, key in [("Waa", p["Waa"], "dWaa"), ("Wax", p["Wax"], "dWax"), ("ba", p["ba"], "dba"),
                             ("x", x, "dx"), ("a0", a0, "da0")]:
        assert grads[key].shape == array.shape, name
        err = relative_error(numeric_gradient(loss, array), grads[key])
        assert err < 1e-7, f"{key}: relative error {err:.2e}"


def test_gradient_check_is_able_to_fail():
    """The check above catches the classic mistakes: no tanh derivative, no gradient from step t+1."""
    x, a0, p, G = make_problem(seed=2)
    a, _, caches = rnn_forward(x, a0, p)
    numeric = numeric_gradient(lambda: np.sum(rnn_forward(x, a0, p)[0] * G), p["Waa"])
    a_prev = np.concatenate([a0[:, :, None], a[:, :, :-1]], axis=2)
    no_tanh_derivative = np.einsum("amt,bmt->ab", G, a_prev)  # also ignores step t+1
    assert relative_error(numeric, no_tanh_derivative) > 1e-2
    dz_local = (1 - a**2) * G  # tanh' included, but no gradient flowing back from step t+1
    assert relative_error(numeric, np.einsum("amt,bmt->ab", dz_local, a_prev)) > 1e-2
    assert relative_error(numeric, rnn_backward(G, caches)["dWaa"]) < 1e-7


def test_rnn_backward_with_one_step_equals_cell_backward():
    x, a0, p, G = make_problem(seed=3)
    _, _, caches = rnn_forward(x[:, :, :1], a0, p)
    _, _, cache = rnn_cell_forward(x[:, :, 0], a0, p)
    seq, cell = rnn_backward(G[:, :, :1], caches), rnn_cell_backward(G[:, :, 0], cache)
    np.testing.assert_allclose(seq["dx"][:, :, 0], cell["dxt"], rtol=1e-13, atol=1e-15)
    np.testing.assert_allclose(seq["da0"], cell["da_prev"], rtol=1e-13, atol=1e-15)
    for key in ("dWax", "dWaa", "dba"):
        np.testing.assert_allclose(seq[key], cell[key], rtol=1e-13, atol=1e-15)


# ----------------------------------------------------------------------------- torch cross-check


@pytest.mark.torch
def test_matches_torch_rnn():
    torch = pytest.importorskip("torch")
    x, a0, p, G = make_problem(seed=4)
    a, y_pred, caches = rnn_forward(x, a0, p)
    grads = rnn_backward(G, caches)

    rnn = torch.nn.RNN(N_X, N_A, num_layers=1, nonlinearity="tanh", bias=True, batch_first=False).double()
    with torch.no_grad():
        rnn.weight_hh_l0.copy_(torch.from_numpy(p["Waa"]))
        rnn.weight_ih_l0.copy_(torch.from_numpy(p["Wax"]))
        rnn.bias_ih_l0.copy_(torch.from_numpy(p["ba"][:, 0]))
        rnn.bias_hh_l0.zero_()
    # torch's layout: input (T_x, m, n_x), h0 (num_layers, m, n_a), output (T_x, m, n_a)
    X = torch.tensor(x.transpose(2, 1, 0), requires_grad=True)
    h0 = torch.tensor(a0.T[None].copy(), requires_grad=True)
    h, _ = rnn(X, h0)
    torch.sum(h * torch.from_numpy(G.transpose(2, 1, 0).copy())).backward()

    def close(got, want):
        np.testing.assert_allclose(got, want, rtol=0, atol=1e-10)

    close(a, h.detach().numpy().transpose(2, 1, 0))
    y_torch = torch.softmax(h.detach() @ torch.from_numpy(p["Wya"]).T + torch.from_numpy(p["by"][:, 0]), dim=-1)
    close(y_pred, y_torch.numpy().transpose(2, 1, 0))
    close(grads["dWaa"], rnn.weight_hh_l0.grad.numpy())
    close(grads["dWax"], rnn.weight_ih_l0.grad.numpy())
    close(grads["dba"][:, 0], rnn.bias_ih_l0.grad.numpy())
    close(grads["dx"], X.grad.numpy().transpose(2, 1, 0))
    close(grads["da0"], h0.grad.numpy()[0].T)


# ----------------------------------------------------------------------------- concatenated form


def test_stack_weights_shape_and_content():
    _, _, p, _ = make_problem()
    Wa = stack_weights(p["Waa"], p["Wax"])
    assert Wa.shape == (N_A, N_A + N_X)
    np.testing.assert_array_equal(Wa[:, :N_A], p["Waa"])
    np.testing.assert_array_equal(Wa[:, N_A:], p["Wax"])


def test_concat_form_equals_split_form():
    x, a0, p, _ = make_problem()
    a_split, _, _ = rnn_cell_forward(x[:, :, 0], a0, p)
    np.testing.assert_allclose(rnn_cell_forward_concat(x[:, :, 0], a0, p), a_split, rtol=1e-13, atol=1e-15)
    p_concat = {"Wa": stack_weights(p["Waa"], p["Wax"]), "ba": p["ba"]}
    np.testing.assert_allclose(rnn_cell_forward_concat(x[:, :, 0], a0, p_concat), a_split, rtol=1e-13, atol=1e-15)


def test_stack_weights_rejects_mismatched_rows():
    with pytest.raises(ValueError, match=re.escape("Wax must have shape (n_a, n_x) = (5, 3), got (4, 3)")):
        stack_weights(np.zeros((5, 5)), np.zeros((4, 3)))


# ----------------------------------------------------------------------------- validation


def _forward(**changes):
    """Call rnn_cell_forward with some arguments or parameters replaced."""
    x, a0, p, _ = make_problem()
    args = {"xt": x[:, :, 0], "a_prev": a0, "parameters": dict(p)}
    for key, value in changes.items():
        if key in args:
            args[key] = value(args[key]) if callable(value) else value
        elif value is None:
            del args["parameters"][key]
        else:
            args["parameters"][key] = value(p[key])
    return lambda: rnn_cell_forward(**args)


def _sequence(**changes):
    x, a0, p, _ = make_problem()
    args = {"x": x, "a0": a0, "parameters": dict(p)}
    for key, value in changes.items():
        if key in args:
            args[key] = value(args[key])
        else:
            args["parameters"][key] = value(p[key])
    return lambda: rnn_forward(**args)


def _backward(da=None, caches=None, cache=None):
    x, a0, p, G = make_problem()
    if cache is not None:
        _, _, good = rnn_cell_forward(x[:, :, 0], a0, p)
        return lambda: rnn_cell_backward(G[:, :, 0], cache(good))
    _, _, good = rnn_forward(x, a0, p)
    return lambda: rnn_backward(da(G) if da else G, caches(good) if caches else good)


BAD_INPUTS = [  # (id, the failing call, the message it must contain)
    pytest.param(_forward(Wax=lambda W: W.T),
                 "Wax must have shape (n_a, n_x) = (5, 3), got (3, 5)",
                 id="transposed Wax"),
    pytest.param(_forward(ba=lambda b: b[:, 0]),
                 "ba must have shape (n_a, 1) = (5, 1), got (5,)",
                 id="ba of shape (n_a,)"),
    pytest.param(_forward(by=lambda b: b.T),
                 "by must have shape (n_y, 1) = (4, 1), got (1, 4)",
                 id="by of shape (1, n_y)"),
    pytest.param(_forward(Wya=lambda W: W.T),
                 "Wya must have shape (n_y, n_a) = (5, 5), got (5, 4)",
                 id="transposed Wya"),
    pytest.param(_forward(Waa=lambda W: W[:, :4]),
                 "Waa must have shape (n_a, n_a) = (5, 5), got (5, 4)",
                 id="non-square Waa"),
    pytest.param(_forward(by=None),
                 "parameters is missing key ['by']",
                 id="missing key"),
    pytest.param(_forward(parameters=[1, 2]),
                 "parameters must be a dict",
                 id="parameters not a dict"),
    pytest.param(_forward(xt=lambda xt: xt[:, :7]),
                 "xt must have shape (n_x, m) = (3, 10), got (3, 7)",
                 id="batch mismatch"),
    pytest.param(_forward(a_prev=lambda a: a[:4]),
                 "a_prev must have shape (n_a, m) = (5, 10), got (4, 10)",
                 id="a_prev wrong n_a"),
    pytest.param(_forward(xt=lambda xt: xt[:, :, None]),
                 "xt must have 2 dimensions (n_x, m), got 3",
                 id="xt with 3 dims"),
    pytest.param(_forward(xt=[["a", "b"], ["c", "d"]]),
                 "xt must be a numpy array of numbers",
                 id="list of strings"),
    pytest.param(_forward(a_prev=lambda a: None),
                 "a_prev must be a numpy array, got NoneType",
                 id="None as a_prev"),
    pytest.param(_sequence(x=lambda x: x[:, :, 0]),
                 "x must have 3 dimensions (n_x, m, T_x), got 2 (shape (3, 10))",
                 id="x with 2 dims"),
    pytest.param(_sequence(x=lambda x: x[:, :7]),
                 "x must have shape (n_x, m, T_x) = (3, 10, 6), got (3, 7, 6)",
                 id="x batch mismatch"),
    pytest.param(_sequence(x=lambda x: x[:, :, :0]),
                 "x must hold at least one time step (T_x >= 1)",
                 id="x with no time step"),
    pytest.param(_sequence(Wax=lambda W: W.T),
                 "Wax must have shape (n_a, n_x) = (5, 3), got (3, 5)",
                 id="sequence transposed Wax"),
    pytest.param(_sequence(a0=lambda a: a[:3]),
                 "a0 must have shape (n_a, m) = (5, 10), got (3, 10)",
                 id="a0 wrong n_a"),
    pytest.param(_backward(da=lambda G: G[:, :, :5]),
                 "da must have shape (n_a, m, T_x) = (5, 10, 6), got (5, 10, 5)",
                 id="wrong da shape"),
    pytest.param(_backward(da=lambda G: G.transpose(1, 0, 2)),
                 "da must have shape (n_a, m, T_x) = (5, 10, 6), got (10, 5, 6)",
                 id="da transposed"),
    pytest.param(_backward(caches=lambda c: c[0]),
                 "caches must be the tuple (list of per-step caches, x)",
                 id="caches not a tuple"),
    pytest.param(_backward(caches=lambda c: (c[0][:-1], c[1])),
                 "caches must hold one per-step cache for each of the T_x = 6 steps",
                 id="caches too short"),
    pytest.param(_backward(cache=lambda c: c[:3]),
                 "cache must be the tuple (a_next, a_prev, xt, parameters) from rnn_cell_forward, "
                 "got a tuple of length 3",
                 id="cache too short"),
    pytest.param(_backward(cache=lambda c: list(c)),
                 "cache must be the tuple (a_next, a_prev, xt, parameters) from rnn_cell_forward, got list",
                 id="cache is a list"),
]


@pytest.mark.parametrize("call, message", BAD_INPUTS)
def test_bad_inputs_raise_clear_value_error(call, message):
    with pytest.raises(ValueError, match=re.escape(message)):
        call()


def test_cell_backward_rejects_wrong_da_next_shape():
    x, a0, p, _ = make_problem()
    _, _, cache = rnn_cell_forward(x[:, :, 0], a0, p)
    with pytest.raises(ValueError, match=re.escape("da_next must have shape (n_a, m) = (5, 10), got (10, 5)")):
        rnn_cell_backward(np.zeros((M, N_A)), cache)


def test_concat_rejects_wrong_Wa_shape():
    x, a0, p, _ = make_problem()
    with pytest.raises(ValueError, match=re.escape("Wa must have shape (n_a, n_a + n_x) = (5, 8), got (5, 7)")):
        rnn_cell_forward_concat(x[:, :, 0], a0, {"Wa": np.zeros((N_A, N_A + N_X - 1)), "ba": p["ba"]})


# ----------------------------------------------------------------------------- dtypes, initialisation


def test_float32_in_float32_out():
    x, a0, p, G = make_problem(dtype=np.float32)
    a_next, yt_pred, cache = rnn_cell_forward(x[:, :, 0], a0, p)
    assert a_next.dtype == yt_pred.dtype == np.float32
    assert all(g.dtype == np.float32 for g in rnn_cell_backward(G[:, :, 0], cache).values())
    a, y_pred, caches = rnn_forward(x, a0, p)
    assert a.dtype == y_pred.dtype == np.float32
    grads = rnn_backward(G, caches)
    assert all(g.dtype == np.float32 for g in grads.values()), {k: g.dtype for k, g in grads.items()}
    # and float32 results agree with float64 ones to float32 precision
    x64, a064, p64, G64 = make_problem(dtype=np.float64)
    a64, _, caches64 = rnn_forward(x64, a064, p64)
    np.testing.assert_allclose(a, a64, atol=1e-5)
    np.testing.assert_allclose(grads["dWaa"], rnn_backward(G64, caches64)["dWaa"], rtol=1e-4, atol=1e-4)


def test_integer_inputs_become_float64():
    _, _, p, _ = make_problem()
    a, _, _ = rnn_forward(np.ones((N_X, 2, 3), dtype=int), np.zeros((N_A, 2), dtype=int), p)
    assert a.dtype == np.float64


def test_initialize_parameters():
    p = initialize_parameters(N_A, N_X, N_Y, seed=7)
    assert {k: v.shape for k, v in p.items()} == {
        "Waa": (N_A, N_A), "Wax": (N_A, N_X), "Wya": (N_Y, N_A), "ba": (N_A, 1), "by": (N_Y, 1)}
    assert not p["ba"].any() and not p["by"].any()
    again = initialize_parameters(N_A, N_X, N_Y, seed=7)
    other = initialize_parameters(N_A, N_X, N_Y, seed=8)
    assert all(np.array_equal(p[k], again[k]) for k in p)
    assert not np.array_equal(p["Waa"], other["Waa"])
    # Xavier-like scale: std close to 1/sqrt(fan_in) on a large layer
    big = initialize_parameters(400, 100, 50, seed=0)
    assert abs(big["Waa"].std() * np.sqrt(500) - 1) < 0.05
    assert abs(big["Wya"].std() * np.sqrt(400) - 1) < 0.05
    small = initialize_parameters(400, 100, 50, seed=0, scale=0.01)
    assert abs(small["Wax"].std() / 0.01 - 1) < 0.05
    rnn_forward(np.ones((N_X, 2, 3)), np.zeros((N_A, 2)), p)  # usable as is


@pytest.mark.parametrize("args", [(0, 3, 2), (5, 2.5, 2), (5, 3, "2")])
def test_initialize_parameters_rejects_bad_sizes(args):
    with pytest.raises(ValueError, match=r"must be an int >= 1"):
        initialize_parameters(*args)
