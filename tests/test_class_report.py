"""The class report, course_utils/grading/report.py: mistakes.csv and class_report.html.

Without nbgrader: every kind of sentence course_utils.testing writes is sorted into the named mistake or
"unrecognised" and its kind; a graded notebook's failed test cells become rows; the page escapes what the
learner's code could have put into a message and loads nothing from the network.

A graded class (solutions, catalogued mistakes, a blank release) is in tests/test_batch_grading.py, whose
fixture grades one with `python -m course_utils.grading.batch` and with plain nbgrader: there mistakes.csv
must count the mistakes injected, and `python -m course_utils.grading.report` must say the same of both.
"""

import csv

import numpy as np
import pytest

from course_utils import testing
from course_utils.grading import report


def message_of(check, *args, **kwargs):
    with pytest.raises(AssertionError) as info:
        check(*args, **kwargs)
    return str(info.value)


def test_each_kind_of_test_sentence_is_classified():
    z = np.arange(6.0).reshape(2, 3)
    named = message_of(testing.check_close, "softmax(z)", z * 2, z,
                       mistakes={"summed over axis 1 (the batch) instead of axis 0 (the classes)": z * 2})
    assert report.classify("AssertionError", named) == (
        "summed over axis 1 (the batch) instead of axis 0 (the classes)", "named")
    named_equal = message_of(testing.check_equal, "f(x)", [2, 1], [1, 2], mistakes={"reversed the list (x[::-1])": [2, 1]})
    assert report.classify("AssertionError", named_equal) == ("reversed the list (x[::-1])", "named")
    assert report.classify("AssertionError", message_of(testing.check_shape, "a", z.T, (2, 3))) == ("unrecognised", "shape")
    assert report.classify("AssertionError", message_of(testing.check_close, "a", z + 1, z)) == ("unrecognised", "wrong values")
    assert report.classify("AssertionError", message_of(testing.check_equal, "f(x)", [3], [1, 2])) == ("unrecognised", "wrong values")

    def raises(kind):
        def f():
            with testing.calling("f(x)", x=z):
                raise kind("boom")
        return f

    assert report.classify("AssertionError", message_of(raises(ValueError))) == ("unrecognised", "error")
    assert report.classify("AssertionError", message_of(raises(NotImplementedError))) == ("unrecognised", "not answered")
    assert report.classify("NotImplementedError", "not answered yet (at `raise NotImplementedError()`)") == (
        "unrecognised", "not answered")
    assert report.classify("ZeroDivisionError", "division by zero (at `x / 0`)") == ("unrecognised", "error")
    assert report.classify("NotGraded", "not run: the worker died") == ("unrecognised", "not run")


def graded_notebook(outputs_by_grade_id):
    cells = [{"cell_type": "code", "metadata": {"nbgrader": {"grade": False, "solution": True, "grade_id": "f"}},
              "source": "def f(): pass", "outputs": [{"output_type": "error", "ename": "ValueError", "evalue": "x"}]}]
    for grade_id, evalue in outputs_by_grade_id.items():
        outputs = [] if evalue is None else [{"output_type": "error", "ename": "AssertionError", "evalue": evalue,
                                              "traceback": []}]
        cells.append({"cell_type": "code", "metadata": {"nbgrader": {"grade": True, "solution": False,
                                                                     "grade_id": grade_id, "points": 1}},
                      "source": "...", "outputs": outputs})
    return {"cells": cells, "metadata": {}}


def test_failed_test_cells_become_rows_and_the_page_escapes_them(tmp_path):
    notebook = graded_notebook({
        "f_test": "f(x) is not right: it looks like you <script>alert(1)</script> forgot the bias.",
        "f_hidden_test": "=HYPERLINK(\"http://example.com\") has the right shape but wrong values (...).",
        "g_test": None,  # passed
    })
    failures = report.failures_in(notebook, "ann", "01_x", "01_x")
    assert [(f.exercise, f.test, f.kind) for f in failures] == [("f", "visible", "named"), ("f", "hidden", "wrong values")]
    assert failures[0].mistake == "<script>alert(1)</script> forgot the bias"
    entry = report.Assignment("01_x", exercises=["f", "g"], failures=failures,
                              submissions=[report.Submission("ann", 0, 2, True, False),
                                           report.Submission("bob", 2, 2, True, False)])
    rows = report.bars(entry, "f")
    assert [(label, kind, len(students)) for label, kind, students, *_ in rows] == [
        ("<script>alert(1)</script> forgot the bias", "named", 1)]  # ann's unnamed hidden failure is not counted again
    page = report.write_html([entry], tmp_path / "r.html").read_text(encoding="utf-8")
    assert "<script>" not in page and "&lt;script&gt;" in page
    assert "http://" not in page.replace("http://www.w3.org/2000/svg", "")  # nothing is fetched
    assert "Every graded student passed" in page  # exercise g
    written = report.write_csv([entry], tmp_path / "m.csv")
    with open(written, newline="", encoding="utf-8") as f:
        cells = list(csv.DictReader(f))
    assert cells[1]["message"].startswith("'=HYPERLINK")  # a spreadsheet shows it as text


def test_the_histogram_counts_every_score():
    svg = report.histogram_svg([0, 3, 3, 10, 10, 10], 10)
    assert svg.count("<rect") == 11 and ">3</text>" in svg and ">2</text>" in svg
    svg = report.histogram_svg([0.5, 17.5, 35], 35.5)  # not whole points: ten bins of 10 %
    assert svg.count("<rect") == 10
