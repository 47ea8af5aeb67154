"""Catalogued mistakes of 02_rnn_cell: each a small edit of one solution cell (see tests/mistakes.py)."""

from mistakes import Mistake

A = "02_rnn_cell"

MISTAKES = [
    Mistake(A, "softmax", "return e / e.sum(axis=0, keepdims=True)", "return e / e.sum(axis=1, keepdims=True)",
            "softmax over axis 1"),
    Mistake(A, "softmax", "e = np.exp(z - z.max(axis=0, keepdims=True))", "e = np.exp(z)",
            "no max subtraction: overflow for large scores"),
    Mistake(A, "softmax", "return e / e.sum(axis=0, keepdims=True)", "return e / e.sum()",
            "normalised by the sum of the whole matrix"),
    Mistake(A, "softmax", "return e / e.sum(axis=0, keepdims=True)", "return e",
            "exponentials not divided by their sum"),
    Mistake(A, "rnn_cell_forward", "a_next = np.tanh(Waa @ a_prev + Wax @ xt + ba)",
            "a_next = 1 / (1 + np.exp(-(Waa @ a_prev + Wax @ xt + ba)))", "sigmoid instead of tanh"),
    Mistake(A, "rnn_cell_forward", "np.tanh(Waa @ a_prev + Wax @ xt + ba)", "np.tanh(Waa @ a_prev + Wax @ xt)",
            "bias ba missing"),
    Mistake(A, "rnn_cell_forward", "yt_pred = softmax(Wya @ a_next + by)", "yt_pred = softmax(Wya @ a_next)",
            "bias by missing"),
    Mistake(A, "rnn_cell_forward", "a_next = np.tanh(Waa @ a_prev + Wax @ xt + ba)", "a_next = Waa @ a_prev + Wax @ xt + ba",
            "tanh left out"),
    Mistake(A, "rnn_cell_forward", "yt_pred = softmax(Wya @ a_next + by)", "yt_pred = softmax(Wya @ a_prev + by)",
            "output from a_prev instead of a_next"),
    Mistake(A, "rnn_cell_forward", "Waa @ a_prev", "Waa.T @ a_prev", "Waa transposed"),
    Mistake(A, "rnn_cell_forward", "Wax @ xt", "Wax.T @ xt", "Wax transposed"),
    Mistake(A, "concatenated_form", "return np.hstack([Waa, Wax])", "return np.hstack([Wax, Waa])",
            "blocks of Wa in the wrong order"),
    Mistake(A, "concatenated_form", "np.vstack([a_prev, xt])", "np.vstack([xt, a_prev])",
            "input stacked in the wrong order"),
    Mistake(A, "concatenated_form", "return np.hstack([Waa, Wax])", "return np.vstack([Waa, Wax])",
            "weights stacked vertically"),
    Mistake(A, "concatenated_form", "np.vstack([a_prev, xt]) + ba)", "np.vstack([a_prev, xt]))",
            "bias ba missing"),
]

# The questions' wrong answers (a question's visible test checks the form only: its hidden test catches these).
# Put after the first entry: tests use a file's first and last entries as examples of code mistakes.
MISTAKES[1:1] = [
    Mistake(A, 'q_cell_params', 'return 4 * 4 + 4 * 10 + 4 + 3 * 4 + 3', 'return 4 * 4 + 4 * 10 + 3 * 4', 'left out the biases'),
    Mistake(A, 'q_unrolled_params', 'return 75', 'return 20 * 75', 'counted one set of weights per step'),
    Mistake(A, 'q_softmax_axis', 'return 0', 'return 1', 'normalises over the batch'),
]
