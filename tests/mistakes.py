"""The catalogue of plausible learner mistakes, one wrong answer per entry.

Each `Mistake` is a literal text edit of one exercise's solution cell: in the SOLUTION notebook
solutions/<assignment>/<assignment>.ipynb, the cell whose nbgrader grade_id is `exercise` has `find`
replaced by `replace`; the notebook is otherwise submitted as it is (the solution markers are
comments, and nbgrader grades such a notebook like any other). `why` says what a learner would be
thinking, and is shown when the test fails.

The entries live in tests/catalogue/<assignment>.py, one file per assignment, each defining a list
MISTAKES of Mistake(...). tests/test_nbgrader_pipeline.py autogrades every entry as its own student and requires that the
mistake loses points on its own exercise (grade cells `<exercise>_test` + `<exercise>_hidden_test`)
and on no other exercise; it also requires at least one entry for every graded exercise.
`find` must occur exactly once in that cell, so an entry cannot silently stop applying when the
solution is rewritten: the test then fails and says so.

Correct answers written differently are catalogued too, as `Alternative` entries: the same kind of
edit (`find` -> `replace` in one solution cell), but the result is still right, and the pipeline test
requires that it keeps FULL marks (a loop instead of vectorised code, np.einsum, float32 arithmetic,
another numpy function). They live in tests/catalogue/alternatives.py, in a list ALTERNATIVES; an
assignment's own catalogue file may also define ALTERNATIVES, and both are collected.

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
import runpy
from dataclasses import dataclass
from pathlib import Path

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


@dataclass(frozen=True)
class Alternative(Mistake):
    """A correct answer written differently: an edit like a Mistake's, which must keep FULL marks.

    `why` says how it differs, e.g. "a loop over the batch instead of one matrix product".
    """


def _load_catalogue(name="MISTAKES"):
    """The list `name` of every tests/catalogue/*.py that defines it (MISTAKES: one file per assignment)."""
    entries = []
    for path in sorted((Path(__file__).parent / "catalogue").glob("*.py")):
        entries += runpy.run_path(str(path)).get(name, [])
    return entries


MISTAKES = _load_catalogue()
ALTERNATIVES = _load_catalogue("ALTERNATIVES")
