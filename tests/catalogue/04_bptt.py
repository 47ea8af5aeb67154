"""Catalogued mistakes of 04_bptt: each a small edit of one solution cell (see tests/mistakes.py)."""

from mistakes import Mistake

A = "04_bptt"

MISTAKES = [
    Mistake(A, "rnn_cell_backward", "dz = (1 - a_next ** 2) * da_next", "dz = (1 - np.tanh(a_next) ** 2) * da_next",
            "tanh applied twice in the derivative"),
    Mistake(A, "rnn_cell_backward", "dz = (1 - a_next ** 2) * da_next", "dz = a_next * (1 - a_next) * da_next",
            "sigmoid's derivative"),
    Mistake(A, "rnn_cell_backward", "da_prev = Waa.T @ dz", "da_prev = Waa @ dz", "Waa not transposed"),
    Mistake(A, "rnn_cell_backward", "dba = dz.sum(axis=1, keepdims=True)", "dba = dz.sum(axis=0, keepdims=True)",
            "bias gradient summed over the wrong axis"),
    Mistake(A, "rnn_cell_backward", "dWaa = dz @ a_prev.T", "dWaa = dz @ a_next.T", "dWaa with a_next"),
    Mistake(A, "gradient_check", "grad[index] = (f_plus - f_minus) / (2 * eps)", "grad[index] = (f_plus - f_minus) / eps",
            "divides by eps, not 2 eps"),
    Mistake(A, "gradient_check", "        theta[index] = saved\n", "", "theta not restored"),
    Mistake(A, "gradient_check", "theta[index] = saved - eps\n        f_minus = f()",
            "theta[index] = saved\n        f_minus = f()", "one-sided difference"),
    Mistake(A, "gradient_check", "return float(np.linalg.norm(analytic - numeric) / denominator)",
            "return float(np.linalg.norm(analytic - numeric))", "absolute instead of relative error"),
    Mistake(A, "gradient_check", "    if denominator == 0:\n        return 0.0\n", "",
            "relative error of two zero vectors not guarded (0 / 0)"),
    Mistake(A, "rnn_backward", "rnn_cell_backward(da[:, :, t] + da_prevt, step_caches[t])",
            "rnn_cell_backward(da[:, :, t], step_caches[t])", "gradient from the next step not added"),
    Mistake(A, "rnn_backward", "dWaa += step[\"dWaa\"]", "dWaa = step[\"dWaa\"]", "dWaa not accumulated over time"),
    Mistake(A, "rnn_backward", "for t in reversed(range(T_x)):", "for t in range(T_x):", "loop run forwards in time"),
    Mistake(A, "output_layer_backward", "dz = (y_pred - y_true) * mask / m", "dz = (y_pred - y_true) * mask",
            "not divided by m"),
    Mistake(A, "output_layer_backward", "dz = (y_pred - y_true) * mask / m", "dz = (y_pred - y_true) / m",
            "padding not masked"),
    Mistake(A, "output_layer_backward", "dz = (y_pred - y_true) * mask / m", "dz = (y_true - y_pred) * mask / m",
            "sign flipped"),
    Mistake(A, "output_layer_backward", "da[:, :, t] = Wya.T @ dz[:, :, t]", "da[:, :, t] = Wya @ dz[:, :, t]",
            "Wya not transposed"),
    Mistake(A, "clipping", "scale = min(1.0, max_norm / norm) if norm > 0 else 1.0", "scale = max_norm / norm",
            "always rescaled to max_norm"),
    Mistake(A, "clipping",
            "norm = np.sqrt(sum(np.sum(g ** 2) for g in gradients.values()))\n    scale = min(1.0, max_norm / norm) if norm > 0 else 1.0\n    return {name: g * scale for name, g in gradients.items()}",
            "return {name: g * min(1.0, max_norm / np.linalg.norm(g)) for name, g in gradients.items()}",
            "each array clipped by its own norm"),
    Mistake(A, "clipping", "return {name: np.clip(g, -max_value, max_value) for name, g in gradients.items()}",
            "return {name: np.minimum(g, max_value) for name, g in gradients.items()}", "clipped only from above"),
    Mistake(A, "clipping", "return {name: g * scale for name, g in gradients.items()}",
            "for g in gradients.values():\n        g *= scale\n    return gradients", "clipped in place"),
]

# The questions' wrong answers (a question's visible test checks the form only: its hidden test catches these).
# Put after the first entry: tests use a file's first and last entries as examples of code mistakes.
MISTAKES[1:1] = [
    Mistake(A, 'q_gradient_into_a', 'return "y<t> and a<t+1>"', 'return "y<t> and a<t-1>"', 'has the gradient flow forward in time'),
    Mistake(A, 'q_backward_order', 'return "from the last step to the first"', 'return "from the first step to the last"', 'walks the steps forward in the backward pass'),
    Mistake(A, 'q_clip_factor', 'return 5 / 50', 'return 50 / 5', 'inverted the clipping factor'),
]
