"""Catalogued mistakes of 03_forward_pass: each a small edit of one solution cell (see tests/mistakes.py)."""

from mistakes import Mistake

A = "03_forward_pass"

MISTAKES = [
    Mistake(A, "rnn_forward", "        a_prev = a_next\n", "", "the state is never carried to the next step"),
    Mistake(A, "rnn_forward", "a[:, :, t] = a_next", "a[:, :, t] = a_prev", "stores a_prev: one step late"),
    Mistake(A, "rnn_forward", "for t in range(T_x):", "for t in range(T_x - 1):", "off by one: the last step is missing"),
    Mistake(A, "rnn_forward", "rnn_cell_forward(x[:, :, t], a_prev, parameters)", "rnn_cell_forward(x[:, t, :], a_prev, parameters)",
            "indexes time on the batch axis"),
    Mistake(A, "cross_entropy_loss", "log_p = np.where(mask, np.log(p_true), 0.0)", "log_p = np.log(p_true)",
            "padding counted in the loss"),
    Mistake(A, "cross_entropy_loss", "losses = -log_p.sum(axis=0) / m", "losses = log_p.sum(axis=0) / m",
            "sign of the cross-entropy flipped"),
    Mistake(A, "cross_entropy_loss", "losses = -log_p.sum(axis=0) / m", "losses = -log_p.sum(axis=1) / m",
            "averaged over time instead of over the batch"),
    Mistake(A, "cross_entropy_loss", "losses = -log_p.sum(axis=0) / m", "losses = -log_p.sum(axis=0) / mask.sum(axis=0)",
            "divides each step by its number of real examples instead of by m"),
    Mistake(A, "cross_entropy_loss", "L = losses.sum()", "L = losses.mean()", "L averages the steps instead of summing"),
]

# The questions' wrong answers (a question's visible test checks the form only: its hidden test catches these).
# Put after the first entry: tests use a file's first and last entries as examples of code mistakes.
MISTAKES[1:1] = [
    Mistake(A, 'q_step_needs', 'return "a<t-1> and x<t>"', 'return "every x<1> ... x<T_x>"', 'thinks a step reads the whole input'),
    Mistake(A, 'q_masked_terms', 'return 5 + 3 + 7 + 2', 'return 4 * 7', 'counted the padded steps too'),
    Mistake(A, 'q_python_loop', 'return "the time steps"', 'return "both"', 'loops over the batch too'),
]
