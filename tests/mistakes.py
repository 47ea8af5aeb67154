"""The catalogue of plausible learner mistakes, one wrong answer per entry.

Each `Mistake` is a literal text edit of one exercise's solution cell: in the SOLUTION notebook
solutions/<assignment>/<assignment>.ipynb, the cell whose nbgrader grade_id is `exercise` has `find`
replaced by `replace`; the notebook is otherwise submitted as it is (the solution markers are
comments, and nbgrader grades such a notebook like any other). `why` says what a learner would be
thinking, and is shown when the test fails.

tests/test_nbgrader_pipeline.py autogrades every entry as its own student and requires that the
mistake loses points on its own exercise (grade cells `<exercise>_test` + `<exercise>_hidden_test`)
and on no other exercise; it also requires at least one entry for every graded exercise.
`find` must occur exactly once in that cell, so an entry cannot silently stop applying when the
solution is rewritten: the test then fails and says so.

Example (for a solution cell `rnn_cell_forward` containing `a_next = np.tanh(`):

    Mistake(
        assignment="02_rnn_cell",
        exercise="rnn_cell_forward",
        find="a_next = np.tanh(",
        replace="a_next = sigmoid(",
        why="uses the sigmoid instead of tanh for the hidden state",
    )
"""

import copy
from dataclasses import dataclass

from nbgrader_course import nbgrader_meta, read_notebook, solution_notebooks, source_text


@dataclass(frozen=True)
class Mistake:
    assignment: str  # folder name under solutions/, e.g. "02_rnn_cell"
    exercise: str  # grade_id of the solution cell to edit, e.g. "rnn_cell_forward"
    find: str  # text of the correct solution, exactly as in the cell; must occur exactly once
    replace: str  # what a learner who makes this mistake writes instead
    why: str  # the mistake in a few words

    def apply(self, notebook):
        """A copy of `notebook` (a parsed .ipynb) with the edit made; ValueError if it does not apply."""
        notebook = copy.deepcopy(notebook)
        cells = [
            cell
            for cell in notebook["cells"]
            if nbgrader_meta(cell).get("grade_id") == self.exercise and nbgrader_meta(cell).get("solution")
        ]
        if len(cells) != 1:
            raise ValueError(
                f"{self.assignment}: {len(cells)} solution cells with grade_id {self.exercise!r}, expected 1"
            )
        cell = cells[0]
        text = source_text(cell)
        count = text.count(self.find)
        if count != 1:
            raise ValueError(
                f"{self.assignment}/{self.exercise}: {self.find!r} occurs {count} times in the solution cell, "
                "expected exactly once; update the catalogue entry"
            )
        cell["source"] = text.replace(self.find, self.replace)
        return notebook

    def notebook(self):
        """(notebook file name, the solution notebook with this mistake made in it)."""
        found = []
        for path in solution_notebooks(self.assignment):
            notebook = read_notebook(path)
            if any(nbgrader_meta(cell).get("grade_id") == self.exercise for cell in notebook["cells"]):
                found.append((path.name, notebook))
        if len(found) != 1:
            raise ValueError(
                f"{self.assignment}: {len(found)} solution notebooks have an exercise {self.exercise!r}, expected 1"
            )
        name, notebook = found[0]
        return name, self.apply(notebook)


MISTAKES = []

# --- 01_sequences_one_hot -------------------------------------------------------------
_A = "01_sequences_one_hot"
MISTAKES += [
    Mistake(_A, "build_vocabulary", "key=lambda word: (-counts[word], word)", "key=lambda word: -counts[word]",
            "ties broken by first appearance, not alphabetically"),
    Mistake(_A, "build_vocabulary", "word_to_index = {token: index for index, token in enumerate(RESERVED)}",
            "word_to_index = {}", "<UNK> and <EOS> not reserved"),
    Mistake(_A, "build_vocabulary", "words = words[: max_size - len(RESERVED)]", "words = words[:max_size]",
            "max_size does not count the reserved tokens"),
    Mistake(_A, "build_vocabulary", "for token in tokenize(sentence):", "for token in sentence.split():",
            "str.split instead of tokenize: no lower-casing, punctuation glued to words"),
    Mistake(_A, "sentence_to_indices", "return indices + [word_to_index[EOS]]", "return indices",
            "<EOS> not appended"),
    Mistake(_A, "sentence_to_indices",
            "indices = [word_to_index.get(token, unknown) for token in tokenize(sentence)]",
            "indices = [word_to_index[token] for token in tokenize(sentence) if token in word_to_index]",
            "unknown words dropped instead of mapped to <UNK>"),
    Mistake(_A, "sentence_to_indices", "return indices + [word_to_index[EOS]]", "return indices + [1]",
            "index of <EOS> hard-coded instead of looked up"),
    Mistake(_A, "sentence_to_indices", "word_to_index.get(token, unknown)", "word_to_index.setdefault(token, unknown)",
            "word_to_index mutated by the lookup"),
    Mistake(_A, "one_hot_batch",
            "i, t = np.nonzero(index_batch >= 0)\n    x[index_batch[i, t], i, t] = 1.0",
            "x[index_batch, np.arange(m)[:, None], np.arange(T_x)] = 1.0",
            "padding -1 encoded as the last word"),
    Mistake(_A, "one_hot_batch", "    return x", "    return x.transpose(1, 2, 0)", "axes in the order (m, T_x, V)"),
    Mistake(_A, "one_hot_batch", "    return x", "    return x.transpose(0, 2, 1)", "m and T_x swapped"),
    Mistake(_A, "decode_batch", "[index_to_word[k] for k, keep in zip(row, mask) if keep]",
            "[index_to_word[k] for k in row]", "padding decoded as <UNK>"),
    Mistake(_A, "decode_batch", "for row, mask in zip(indices, present)]", "for row, mask in zip(indices.T, present.T)]",
            "a list per time step instead of per sequence"),
    Mistake(_A, "decode_batch", "indices = np.argmax(x, axis=0)", "indices = np.argmax(x, axis=1)",
            "argmax over the batch axis"),
]

# --- 02_rnn_cell -----------------------------------------------------------------------
_A = "02_rnn_cell"
MISTAKES += [
    Mistake(_A, "softmax", "return e / e.sum(axis=0, keepdims=True)", "return e / e.sum(axis=1, keepdims=True)",
            "softmax over axis 1"),
    Mistake(_A, "softmax", "e = np.exp(z - z.max(axis=0, keepdims=True))", "e = np.exp(z)",
            "no max subtraction: overflow for large scores"),
    Mistake(_A, "softmax", "return e / e.sum(axis=0, keepdims=True)", "return e / e.sum()",
            "normalised by the sum of the whole matrix"),
    Mistake(_A, "rnn_cell_forward", "a_next = np.tanh(Waa @ a_prev + Wax @ xt + ba)",
            "a_next = 1 / (1 + np.exp(-(Waa @ a_prev + Wax @ xt + ba)))", "sigmoid instead of tanh"),
    Mistake(_A, "rnn_cell_forward", "np.tanh(Waa @ a_prev + Wax @ xt + ba)", "np.tanh(Waa @ a_prev + Wax @ xt)",
            "bias ba missing"),
    Mistake(_A, "rnn_cell_forward", "yt_pred = softmax(Wya @ a_next + by)", "yt_pred = softmax(Wya @ a_prev + by)",
            "output from a_prev instead of a_next"),
    Mistake(_A, "rnn_cell_forward", "Waa @ a_prev", "Waa.T @ a_prev", "Waa transposed"),
    Mistake(_A, "rnn_cell_forward", "Wax @ xt", "Wax.T @ xt", "Wax transposed"),
    Mistake(_A, "concatenated_form", "return np.hstack([Waa, Wax])", "return np.hstack([Wax, Waa])",
            "blocks of Wa in the wrong order"),
    Mistake(_A, "concatenated_form", "np.vstack([a_prev, xt])", "np.vstack([xt, a_prev])",
            "input stacked in the wrong order"),
    Mistake(_A, "concatenated_form", "return np.hstack([Waa, Wax])", "return np.vstack([Waa, Wax])",
            "weights stacked vertically"),
    Mistake(_A, "concatenated_form", "np.vstack([a_prev, xt]) + ba)", "np.vstack([a_prev, xt]))",
            "bias ba missing"),
]

# --- 03_forward_pass -------------------------------------------------------------------
_A = "03_forward_pass"
MISTAKES += [
    Mistake(_A, "rnn_forward", "        a_prev = a_next\n", "", "the state is never carried to the next step"),
    Mistake(_A, "rnn_forward", "a[:, :, t] = a_next", "a[:, :, t] = a_prev", "stores a_prev: one step late"),
    Mistake(_A, "rnn_forward", "for t in range(T_x):", "for t in range(T_x - 1):", "off by one: the last step is missing"),
    Mistake(_A, "rnn_forward", "rnn_cell_forward(x[:, :, t], a_prev, parameters)", "rnn_cell_forward(x[:, t, :], a_prev, parameters)",
            "indexes time on the batch axis"),
    Mistake(_A, "cross_entropy_loss", "log_p = np.where(mask, np.log(p_true), 0.0)", "log_p = np.log(p_true)",
            "padding counted in the loss"),
    Mistake(_A, "cross_entropy_loss", "losses = -log_p.sum(axis=0) / m", "losses = log_p.sum(axis=0) / m",
            "sign of the cross-entropy flipped"),
    Mistake(_A, "cross_entropy_loss", "losses = -log_p.sum(axis=0) / m", "losses = -log_p.sum(axis=1) / m",
            "averaged over time instead of over the batch"),
    Mistake(_A, "cross_entropy_loss", "L = losses.sum()", "L = losses.mean()", "L averages the steps instead of summing"),
]

# --- 04_bptt ---------------------------------------------------------------------------
_A = "04_bptt"
MISTAKES += [
    Mistake(_A, "rnn_cell_backward", "dz = (1 - a_next ** 2) * da_next", "dz = (1 - np.tanh(a_next) ** 2) * da_next",
            "tanh applied twice in the derivative"),
    Mistake(_A, "rnn_cell_backward", "dz = (1 - a_next ** 2) * da_next", "dz = a_next * (1 - a_next) * da_next",
            "sigmoid's derivative"),
    Mistake(_A, "rnn_cell_backward", "da_prev = Waa.T @ dz", "da_prev = Waa @ dz", "Waa not transposed"),
    Mistake(_A, "rnn_cell_backward", "dba = dz.sum(axis=1, keepdims=True)", "dba = dz.sum(axis=0, keepdims=True)",
            "bias gradient summed over the wrong axis"),
    Mistake(_A, "rnn_cell_backward", "dWaa = dz @ a_prev.T", "dWaa = dz @ a_next.T", "dWaa with a_next"),
    Mistake(_A, "gradient_check", "grad[index] = (f_plus - f_minus) / (2 * eps)", "grad[index] = (f_plus - f_minus) / eps",
            "divides by eps, not 2 eps"),
    Mistake(_A, "gradient_check", "        theta[index] = saved\n", "", "theta not restored"),
    Mistake(_A, "gradient_check", "theta[index] = saved - eps\n        f_minus = f()",
            "theta[index] = saved\n        f_minus = f()", "one-sided difference"),
    Mistake(_A, "gradient_check", "return float(np.linalg.norm(analytic - numeric) / denominator)",
            "return float(np.linalg.norm(analytic - numeric))", "absolute instead of relative error"),
    Mistake(_A, "rnn_backward", "rnn_cell_backward(da[:, :, t] + da_prevt, step_caches[t])",
            "rnn_cell_backward(da[:, :, t], step_caches[t])", "gradient from the next step not added"),
    Mistake(_A, "rnn_backward", "dWaa += step[\"dWaa\"]", "dWaa = step[\"dWaa\"]", "dWaa not accumulated over time"),
    Mistake(_A, "rnn_backward", "for t in reversed(range(T_x)):", "for t in range(T_x):", "loop run forwards in time"),
    Mistake(_A, "output_layer_backward", "dz = (y_pred - y_true) * mask / m", "dz = (y_pred - y_true) * mask",
            "not divided by m"),
    Mistake(_A, "output_layer_backward", "dz = (y_pred - y_true) * mask / m", "dz = (y_pred - y_true) / m",
            "padding not masked"),
    Mistake(_A, "output_layer_backward", "dz = (y_pred - y_true) * mask / m", "dz = (y_true - y_pred) * mask / m",
            "sign flipped"),
    Mistake(_A, "output_layer_backward", "da[:, :, t] = Wya.T @ dz[:, :, t]", "da[:, :, t] = Wya @ dz[:, :, t]",
            "Wya not transposed"),
    Mistake(_A, "clipping", "scale = min(1.0, max_norm / norm) if norm > 0 else 1.0", "scale = max_norm / norm",
            "always rescaled to max_norm"),
    Mistake(_A, "clipping",
            "norm = np.sqrt(sum(np.sum(g ** 2) for g in gradients.values()))\n    scale = min(1.0, max_norm / norm) if norm > 0 else 1.0\n    return {name: g * scale for name, g in gradients.items()}",
            "return {name: g * min(1.0, max_norm / np.linalg.norm(g)) for name, g in gradients.items()}",
            "each array clipped by its own norm"),
    Mistake(_A, "clipping", "return {name: np.clip(g, -max_value, max_value) for name, g in gradients.items()}",
            "return {name: np.minimum(g, max_value) for name, g in gradients.items()}", "clipped only from above"),
    Mistake(_A, "clipping", "return {name: g * scale for name, g in gradients.items()}",
            "for g in gradients.values():\n        g *= scale\n    return gradients", "clipped in place"),
]
