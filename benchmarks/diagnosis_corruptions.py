"""How often check_close says more than "wrong values" on generic learner slips, and whether it is right.

    .venv/bin/python benchmarks/diagnosis_corruptions.py [-v]

Takes correct outputs of the course's reference functions (course_utils.rnn, course_utils.losses,
course_utils.activations) on random inputs, recomputes them with a slip a learner could make (a term
dropped, a weight transposed, the softmax over the wrong axis, a time index off by one, the mask not
applied, a mean for a sum, a sign...), and passes each wrong value to check_close with no catalogued
mistakes and no hint, as a test cell would when nothing matches. For each it prints the clause that
course_utils.diagnosis adds, and whether it is one of the clauses that are right for that slip
(`right`: regular expressions) -- a clause that is not is counted as pointing the wrong way.
Controls (random noise, a near-miss factor) must get no clause.
"""

import re
import sys

import numpy as np

from course_utils import losses as L
from course_utils import rnn as R
from course_utils.activations import sigmoid, softmax
from course_utils.optim import clip_by_norm
from course_utils.testing import check_close

NONE = None  # a slip for which no clause is expected (the generic sentence is right)


def forward(x, a0, P, step=None, carry=True, late=False, stop=None):
    """rnn_forward, with optional slips: `step(xt, a_prev, P)` instead of the cell, not carrying the
    state, storing a_prev, stopping early."""
    n_x, m, T = x.shape
    a = np.zeros((P["Waa"].shape[0], m, T))
    a_prev = a0
    for t in range(T if stop is None else stop):
        a_next = (step or (lambda xt, ap, P: R.rnn_cell_forward(xt, ap, P)[0]))(x[:, :, t], a_prev, P)
        a[:, :, t] = a_prev if late else a_next
        if carry:
            a_prev = a_next
    return a


def backward(da, caches, carry=True, accumulate=True, dx_index=lambda t: t, average_T=False):
    step_caches, x = caches
    n_x, m, T = x.shape
    n_a = da.shape[0]
    g = {"dx": np.zeros((n_x, m, T)), "dWax": 0, "dWaa": 0, "dba": 0}
    da_prev = np.zeros((n_a, m))
    for t in reversed(range(T)):
        step = R.rnn_cell_backward(da[:, :, t] + (da_prev if carry else 0), step_caches[t])
        i = dx_index(t)
        if 0 <= i < T:
            g["dx"][:, :, i] = step["dxt"]
        for key in ("dWax", "dWaa", "dba"):
            g[key] = g[key] + step[key] if accumulate else step[key]
        da_prev = step["da_prev"]
    if average_T:
        for key in ("dWax", "dWaa", "dba"):
            g[key] = g[key] / T
    g["da0"] = da_prev
    return g


def cases():
    rng = np.random.default_rng(2024)
    n_x, n_a, n_y, m, T = 3, 5, 2, 4, 6
    P = R.initialize_parameters(n_a, n_x, n_y, seed=1, scale=0.8)
    P["ba"], P["by"] = rng.normal(size=(n_a, 1)), rng.normal(size=(n_y, 1))
    xt, a_prev = rng.normal(size=(n_x, m)), rng.normal(size=(n_a, m))
    a_next, y_t, cache = R.rnn_cell_forward(xt, a_prev, P)
    z = P["Waa"] @ a_prev + P["Wax"] @ xt + P["ba"]
    s = P["Wya"] @ a_next + P["by"]
    out = []

    def add(name, actual, expected, right, **kw):
        out.append((name, actual, expected, right, kw))

    # --- one cell, forward
    add("a_next: sigmoid instead of tanh", sigmoid(z), a_next, r"sigmoid instead of tanh")
    add("a_next: tanh left out", z, a_next, r"tanh left out")
    add("a_next: bias ba left out", np.tanh(z - P["ba"]), a_next, r"before the tanh, each row is off")
    add("a_next: bias ba added twice", np.tanh(z + P["ba"]), a_next, r"before the tanh, each row is off")
    add("a_next: Waa a_prev left out", np.tanh(z - P["Waa"] @ a_prev), a_next, NONE)
    add("a_next: pre-activation doubled", np.tanh(2 * z), a_next, r"before the tanh, it is what is expected times 2")
    add("yt_pred: softmax over axis 1", np.exp(s) / np.exp(s).sum(axis=1, keepdims=True), y_t,
        r"rows sum to 1 instead of its columns")
    add("yt_pred: not divided by the sum", np.exp(s), y_t, r"each column is the expected one times a factor")
    add("yt_pred: divided by the total sum", np.exp(s) / np.exp(s).sum(), y_t, r"whole array sums to 1")
    add("yt_pred: bias by left out", softmax(s - P["by"]), y_t, r"before the softmax, each row is off")
    add("yt_pred: from a_prev", softmax(P["Wya"] @ a_prev + P["by"]), y_t, NONE)
    add("yt_pred: tanh instead of softmax", np.tanh(s), y_t, r"negative, but no expected value is")
    add("yt_pred: softmax left out (scores)", s, y_t, r"softmax .* left out")
    add("log-softmax without the log-sum", s, np.log(y_t), r"each column is off by a constant")

    # --- one cell, forward, n_x = n_a = n_y (transposes keep the shape)
    n = 4
    Q = R.initialize_parameters(n, n, n, seed=6)
    Q["ba"] = rng.normal(size=(n, 1))
    xq, aq = rng.normal(size=(n, 7)), rng.normal(size=(n, 7))
    aq_next = R.rnn_cell_forward(xq, aq, Q)[0]
    add("a_next: Waa transposed (n_x = n_a)", np.tanh(Q["Waa"].T @ aq + Q["Wax"] @ xq + Q["ba"]), aq_next, NONE)
    add("a_next: Waa and Wax swapped", np.tanh(Q["Wax"] @ aq + Q["Waa"] @ xq + Q["ba"]), aq_next, NONE)

    # --- forward over time
    x, a0 = rng.normal(size=(n_x, m, T)), rng.normal(size=(n_a, m))
    a, y_pred, caches = R.rnn_forward(x, a0, P)
    add("a: a0 passed to every step", forward(x, a0, P, carry=False), a, r"from t = 1 on .*differ, the earlier ones are right")
    add("a: a_prev stored (one step late)", forward(x, a0, P, late=True), a, r"one step late")
    add("a: loop stops one step early", forward(x, a0, P, stop=T - 1), a, r"only the last time step.*0")
    add("a: zero initial state instead of a0", forward(x, np.zeros_like(a0), P), a,
        r"most at t = 0|from t = 0|every time step differs, most at t = 0")
    add("a: time steps stored in reverse", a[:, :, ::-1], a, r"reverse")
    add("y_pred: softmax over the batch (axis 1)",
        np.exp(np.log(y_pred)) / np.exp(np.log(y_pred)).sum(axis=1, keepdims=True), y_pred, r"sums to 1 over axis 1")
    scores = np.einsum("ya,amt->ymt", P["Wya"], a) + P["by"][:, :, None]
    add("y_pred: softmax over time (axis 2)", np.exp(scores) / np.exp(scores).sum(axis=2, keepdims=True), y_pred,
        r"sums to 1 over axis 2")
    add("y_pred: shifted one step (y from a_prev)", np.concatenate(
        [softmax(P["Wya"] @ a0 + P["by"])[:, :, None], y_pred[:, :, :-1]], axis=2), y_pred, r"one step late")
    xs = rng.normal(size=(n, n, T))
    add("x: features and batch axes swapped", xs.transpose(1, 0, 2), xs, r"axes are in another order.*\(1, 0, 2\)")

    # --- one cell, backward
    da_next = rng.normal(size=(n_a, m))
    g = R.rnn_cell_backward(da_next, cache)
    dz = (1 - a_next ** 2) * da_next
    add("dWaa: transposed (a_prev dz^T)", a_prev @ dz.T, g["dWaa"], r"transpose")
    add("dWaa: sign of dz flipped", -g["dWaa"], g["dWaa"], r"times -1")
    add("dba: averaged over the batch", g["dba"] / m, g["dba"], r"times 1/4")
    add("dxt: tanh derivative left out", P["Wax"].T @ da_next, g["dxt"], NONE)
    add("da_prev: Waa instead of Waa.T", P["Waa"] @ dz, g["da_prev"], NONE)
    add("dWaa: a_next instead of a_prev", dz @ a_next.T, g["dWaa"], NONE)

    # --- backward through time
    da = rng.normal(size=(n_a, m, T))
    G = R.rnn_backward(da, caches)
    no_carry = backward(da, caches, carry=False)
    add("dx: da_prev not carried back", no_carry["dx"], G["dx"], r"up to t = 4 .*differ, the later ones are right")
    add("dWaa: not accumulated (last assignment wins)", backward(da, caches, accumulate=False)["dWaa"], G["dWaa"], NONE)
    add("dx: stored at t - 1", backward(da, caches, dx_index=lambda t: t - 1)["dx"], G["dx"], r"one step early")
    add("dWax: divided by T_x", backward(da, caches, average_T=True)["dWax"], G["dWax"], r"times 1/6")
    add("dba: sign flipped", -G["dba"], G["dba"], r"times -1")

    # --- output layer and the loss
    y = rng.integers(0, n_y, size=(m, T))
    y[1, 3:] = -1
    y[2, 5:] = -1
    mask = y >= 0
    dz_out = L.cross_entropy_backward(y_pred, y, mask)
    dz_unmasked = dz_out + y_pred * ~mask / m
    right = R.rnn_output_backward(dz_out, a, P)
    unmasked = R.rnn_output_backward(dz_unmasked, a, P)
    add("dz: mask not applied", dz_unmasked, dz_out, r"last time steps of some sequences")
    add("da: mask not applied", unmasked["da"], right["da"], r"last time steps of some sequences")
    add("dby: mask not applied", unmasked["dby"], right["dby"], NONE)
    add("dz: not divided by m", dz_out * m, dz_out, r"times m = 4")
    add("dWya: not divided by m", m * right["dWya"], right["dWya"], r"times 4")
    add("dWya: sign flipped (one-hot - y_pred)", -right["dWya"], right["dWya"], r"times -1")
    total, per_step = L.cross_entropy(y_pred, y, mask)
    add("losses: minus sign forgotten", -per_step, per_step, r"times -1")
    add("losses: log base 2", per_step / np.log(2), per_step, r"base 2")
    add("losses: summed over the batch", per_step * m, per_step, r"times 4")
    padded = per_step.copy()
    padded[5] += 0.3
    add("losses: padding step counted", padded, per_step, r"only the entry at index 5")
    add("L: mean of the steps instead of the sum", total / T, total, r"times 1/6")
    add("L: minus sign forgotten", -total, total, r"times -1")

    # --- stacking, clipping
    W = R.stack_weights(P["Waa"], P["Wax"])
    add("stack_weights: [Wax | Waa]", np.hstack([P["Wax"], P["Waa"]]), W, r"columns are the expected ones rotated")
    grads = {"dW": rng.normal(size=(3, 4)) * 10, "db": rng.normal(size=(3, 1)) * 10}
    own = {k: v * min(1, 5.0 / np.linalg.norm(v)) for k, v in grads.items()}
    add("clip_by_norm: each array by its own norm", own["dW"], clip_by_norm(grads, 5.0)["dW"], r"times \d")

    # --- controls: must get no clause
    add("control: small random noise", a_next + rng.normal(size=a_next.shape) * 0.03, a_next, NONE)
    add("control: 0.97 times plus noise", 0.97 * g["dWaa"] + rng.normal(size=g["dWaa"].shape) * 0.01, g["dWaa"], NONE)
    add("control: another random array", rng.normal(size=a.shape), a, NONE)
    add("control: another random (5, 5)", rng.normal(size=(5, 5)), g["dWaa"], NONE)
    return out


def clause_of(message):
    found = re.match(r".* has the right shape but wrong values \(the largest difference is [^()]*(?: at index \([^()]*\))?\)(.*)\.$",
                     message)
    tail = found.group(1) if found else None
    return tail[2:] if tail else None


def main(verbose=False):
    specific = generic = wrong = controls_said = 0
    expected_none_said = []
    for name, actual, expected, right, kw in cases():
        try:
            check_close(name, actual, expected, **kw)
        except AssertionError as error:
            message = str(error)
        else:
            print(f"PASSES (not a slip?): {name}")
            continue
        clause = clause_of(message)
        if clause is None:
            generic += 1
            verdict = "generic" + ("" if right is NONE else "  (a clause was expected)")
        elif right is NONE:
            specific += 1
            expected_none_said.append((name, clause))
            verdict = "REVIEW"
            if name.startswith("control"):
                controls_said += 1
                verdict = "WRONG (control)"
        elif re.search(right, clause):
            specific += 1
            verdict = "right"
        else:
            specific += 1
            wrong += 1
            verdict = "WRONG"
        if verbose or verdict != "right":
            print(f"[{verdict}] {name}: {clause}")
    controls = sum(name.startswith("control") for name, *_ in cases())
    slips = specific + generic - controls
    print(f"\n{slips} slips and {controls} controls: {specific - controls_said} slips with a clause, "
          f"{slips - specific + controls_said} with the generic sentence only; {wrong} clauses not among the right ones, "
          f"{controls_said} on controls; {len(expected_none_said) - controls_said} clauses on slips where none was "
          "expected (review them above).")


if __name__ == "__main__":
    main(verbose="-v" in sys.argv)
