"""Feedback that explains a failed hidden test without showing it.

    c.GenerateFeedback.preprocessors = feedback_preprocessors()      (nbgrader_config.py)
    c.HideHiddenTests.enabled = False                                 (nbgrader's feedback: the tests shown)

nbgrader's `generate_feedback` renders the autograded notebook, hidden tests included. HideHiddenTests,
added to its preprocessors, cuts each `### BEGIN HIDDEN TESTS` ... `### END HIDDEN TESTS` region out of
the cell's source (as `generate_assignment` does for the release) and leaves what the grader wrote as the
cell's output: for a failed hidden test, its one-sentence diagnosis (the named mistake, the shapes, or
the hint: course_utils.testing's message, computed by the trusted pass, whose error carries no source
line); for a passed one, a line saying so. Hidden tests can then be reused, and learners can resubmit.
"""

from nbformat.v4 import new_output
from nbgrader.preprocessors import ClearHiddenTests
from nbgrader.utils import is_grade

NOTICE = "# Hidden tests: their code is not shown; their result is below."
PASSED = "\N{CHECK MARK} Hidden tests passed.\n"


class HideHiddenTests(ClearHiddenTests):
    """generate_feedback: hidden tests' code out, their one-sentence results in."""

    def preprocess_cell(self, cell, resources, cell_index):
        if cell.cell_type != "code" or not is_grade(cell) or not self._remove_hidden_test_region(cell):
            return cell, resources
        cell.source = "\n".join([line for line in cell.source.split("\n") if line.strip()
                                 and not line.lstrip().startswith("# Hidden tests")] + [NOTICE])
        errors = [out for out in cell.get("outputs", []) if out.get("output_type") == "error"]
        for out in errors:  # the sentence only: no line of the test
            out["traceback"] = [f"{out.get('ename', 'Error')}: {out.get('evalue', '')}"]
        if not errors:
            cell.outputs = [new_output("stream", name="stdout", text=PASSED)]
        return cell, resources


def feedback_preprocessors():
    """nbgrader's generate_feedback preprocessors with HideHiddenTests before the HTML is written."""
    from nbgrader.converters import GenerateFeedback

    return list(GenerateFeedback.class_traits()["preprocessors"].default()) + [HideHiddenTests]
