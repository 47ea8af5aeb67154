"""Adversarial submissions, graded by the real `nbgrader autograde` in a temporary course.

The cases come from tests/adversarial.py and are built on the first assignment in solutions/ (any
assignment will do: they find their exercises and wrong code from the metadata and tests/catalogue/).
One autograde call grades them all, with a 10 s cell timeout (nbgrader_config.py gives 60 s for real);
a second call grades them again and must give the same scores. Each must be graded in bounded time,
without crashing the call, and without points it did not earn. The fast tests at the end check the
scan of course_utils.grading.scan (the self-check's notes) and the hardened check_equal without nbgrader.
tests/test_redteam.py holds the attacks written against the trusted grading itself.
"""

import json
import time

import numpy as np
import pytest

import adversarial
from mistakes import ALTERNATIVES, MISTAKES
from nbgrader_course import (
    Course,
    assignments,
    exercise_of,
    grade_cells,
    manual_cells,
    nbgrader_meta,
    read_notebook,
    source_text,
)

ASSIGNMENTS = assignments()
ASSIGNMENT = ASSIGNMENTS[0] if ASSIGNMENTS else None
TIMEOUT = 10  # seconds per cell in these tests (a shared, loaded machine needs some slack)
SOLUTION = "solution"
BOUND = 300  # seconds: the whole autograde call of every case must finish well within this


class Graded:
    """The cases of tests/adversarial.py, autograded twice; their scores and autograded notebooks."""

    def __init__(self, directory):
        self.course = Course(directory)
        self.course.generate(ASSIGNMENT)
        self.name, self.solution = adversarial.solution_notebook(ASSIGNMENT)
        self.course.submit(SOLUTION, ASSIGNMENT, self.name, self.solution)
        self.notebooks = {}
        for case, build in adversarial.CASES.items():
            name, notebook = build(ASSIGNMENT)
            self.course.submit(case, ASSIGNMENT, name, notebook)
        start = time.perf_counter()
        self.course.autograde(ASSIGNMENT, f"--TrustedExecute.timeout={TIMEOUT}")
        self.seconds = time.perf_counter() - start
        self.first = self.course.scores(ASSIGNMENT)
        for student in [SOLUTION, *adversarial.CASES]:
            path = self.course.autograded(student, ASSIGNMENT, self.name)
            self.notebooks[student] = read_notebook(path) if path.exists() else None
        self.feedback = self.course.feedback(ASSIGNMENT, "--student=enormous_output")
        self.course.autograde(ASSIGNMENT, f"--TrustedExecute.timeout={TIMEOUT}")
        self.second = self.course.scores(ASSIGNMENT)

    def grades(self, student):
        """{grade_id: (score, max_score)} of the first grading, but the free-response answers (graded by hand)."""
        notebooks = self.first.get(student)
        assert notebooks, f"{student} is not in the gradebook"
        by_hand = manual_cells(self.solution)
        return {g: s for grades in notebooks.values() for g, s in grades.items() if g not in by_hand}

    def exercise(self, student, exercise, grades=None):
        """(score, max_score) summed over the exercise's grade cells."""
        grades = grades or self.grades(student)
        cells = [s for g, s in grades.items() if exercise_of(g) == exercise]
        assert cells, f"no graded cells of {exercise} for {student}"
        return sum(s for s, _ in cells), sum(m for _, m in cells)

    def total(self, student):
        grades = self.grades(student)
        return sum(s for s, _ in grades.values()), sum(m for _, m in grades.values())


@pytest.fixture(scope="module")
def graded(tmp_path_factory):
    if not ASSIGNMENT:
        pytest.skip("no assignments in solutions/")
    return Graded(tmp_path_factory.mktemp("adversarial"))


def first_exercise():
    return adversarial.exercises(adversarial.solution_notebook(ASSIGNMENT)[1])[0]


def outputs(notebook, grade_id):
    return [out for c in notebook["cells"] if nbgrader_meta(c).get("grade_id") == grade_id for out in c.get("outputs", [])]


@pytest.mark.slow
def test_every_case_is_graded_in_bounded_time(graded):
    assert graded.seconds < BOUND, f"autograding the adversarial cases took {graded.seconds:.0f} s"
    for case in adversarial.CASES:
        assert graded.notebooks[case] is not None, f"{case}: nbgrader wrote no autograded notebook"
        assert graded.first.get(case), f"{case} is not in the gradebook"
    assert graded.total(SOLUTION)[0] == graded.total(SOLUTION)[1] > 0


@pytest.mark.slow
def test_infinite_loop_is_interrupted_and_loses_its_exercise(graded):
    exercise = first_exercise()
    errors = [out for out in outputs(graded.notebooks["infinite_loop"], exercise) if out["output_type"] == "error"]
    assert any(out["ename"] in ("CellTimeoutError", "KeyboardInterrupt") for out in errors), errors
    assert graded.exercise("infinite_loop", exercise)[0] == 0


@pytest.mark.slow
def test_exception_loses_its_exercise(graded):
    assert graded.exercise("raises", first_exercise())[0] == 0
    assert graded.total("raises")[0] < graded.total(SOLUTION)[0]


@pytest.mark.slow
@pytest.mark.parametrize("case", ["deleted_tests", "edited_tests"])
def test_test_cells_are_restored(graded, case):
    """Deleted or emptied test cells come back from the gradebook, with their points, and fail the wrong code."""
    mistake = adversarial.first_mistake(ASSIGNMENT)
    expected = {g: p for g, p in grade_cells(graded.solution).items() if exercise_of(g) == mistake.exercise}
    grades = graded.grades(case)
    assert {g: m for g, (s, m) in grades.items() if g in expected} == expected, "max points changed"
    notebook = graded.notebooks[case]
    for grade_id in expected:
        restored = [c for c in notebook["cells"] if nbgrader_meta(c).get("grade_id") == grade_id]
        assert len(restored) == 1, f"{case}: {grade_id} is not back in the autograded notebook"
        original = source_text(adversarial.cell(graded.solution, grade_id))
        assert original.strip() in source_text(restored[0]), f"{case}: {grade_id} does not run the course's test"
    score, out_of = graded.exercise(case, mistake.exercise)
    assert score < out_of, f"{case}: wrong code ({mistake.why}) keeps {score}/{out_of}"
    # The restored cells are the course's own, and the other exercises keep their points.
    lost = {g: s for g, s in grades.items() if exercise_of(g) != mistake.exercise and s[0] != s[1]}
    assert not lost, f"{case}: other exercises lost points: {lost}"


@pytest.mark.slow
@pytest.mark.parametrize("case", ["patched_comparisons", "rebound_helpers"])
def test_tampering_with_the_checks_earns_nothing(graded, case):
    """Wrong code after patching np.allclose & co. or rebinding check_close: the patches stay in the
    learner's process, the checks run in the grader's, so the wrong code loses its points and the right
    code keeps its own."""
    mistake = adversarial.first_mistake(ASSIGNMENT)
    score, out_of = graded.exercise(case, mistake.exercise)
    assert score < out_of, f"{case}: wrong code ({mistake.why}) keeps {score}/{out_of}"
    lost = {g: s for g, s in graded.grades(case).items() if exercise_of(g) != mistake.exercise and s[0] != s[1]}
    assert not lost, f"{case}: honest exercises lost points: {lost}"


@pytest.mark.slow
def test_the_sandbox_hides_the_source_notebooks(graded):
    """Run from autograded/<student>/<assignment>/ in the course folder, an unsandboxed notebook reaches
    ../../../solutions; in the grading sandbox it finds no source notebook anywhere it looks."""
    found = adversarial.found_sources(graded.notebooks["reads_solutions"])
    assert not found, f"the sandbox let a submission read the source notebooks: {found}"
    assert graded.total("reads_solutions")[0] == 0


@pytest.mark.slow
def test_enormous_output_is_cut_and_costs_nothing(graded):
    notebook_path = graded.course.autograded("enormous_output", ASSIGNMENT, graded.name)
    size = notebook_path.stat().st_size
    assert size < 3_000_000, f"the autograded notebook is {size:,} bytes"
    text = json.dumps(graded.notebooks["enormous_output"])
    assert "output cut by the grader" in text or "Output truncated" in text
    html = list((graded.feedback / "enormous_output" / ASSIGNMENT).glob("*.html"))
    assert html and all(p.stat().st_size < 3_000_000 for p in html), [(p, p.stat().st_size) for p in html]
    assert graded.total("enormous_output") == graded.total(SOLUTION), (
        f"printing a lot cost points: {graded.grades('enormous_output')}")


@pytest.mark.slow
def test_grading_twice_gives_the_same_scores(graded):
    differ = {student: (graded.first.get(student), graded.second.get(student))
              for student in set(graded.first) | set(graded.second) if graded.first.get(student) != graded.second.get(student)}
    assert not differ, f"scores that changed on the second grading: {differ}"


def _first_assignment_with_a_reference():
    """The first assignment with an exercise that a reference module answers under the same name."""
    for assignment in ASSIGNMENTS:
        try:
            adversarial.copies_the_reference(assignment)
        except ValueError:
            continue
        return assignment
    return None


@pytest.mark.slow
def test_answers_copied_from_the_reference_earn_nothing(tmp_path):
    """The setup cells import the reference modules for the tests (`from course_utils import rnn as
    reference`); an answer that just calls them earns nothing, because in the sandbox the package is a
    copy without this assignment's answers. Without the sandbox (and so without that copy) the same
    notebook earns the points: the test is not passing for a trivial reason."""
    assignment = _first_assignment_with_a_reference()
    if assignment is None:
        pytest.skip("no assignment imports a reference module")
    name, notebook = adversarial.copies_the_reference(assignment)
    copied = next(c for c in notebook["cells"] if "(*args, **kwargs)" in source_text(c))
    exercise = nbgrader_meta(copied)["grade_id"]
    course = Course(tmp_path / "course")
    course.generate(assignment)
    course.submit("copier", assignment, name, notebook)
    course.autograde(assignment, f"--TrustedExecute.timeout={TIMEOUT}")
    grades = {g: s for nb in course.scores(assignment)["copier"].values() for g, s in nb.items()}
    mine = {g: s for g, s in grades.items() if exercise_of(g) == exercise}
    assert mine and all(s[0] == 0 for s in mine.values()), f"the copied answer earned points: {mine}"
    course.autograde(assignment, f"--TrustedExecute.timeout={TIMEOUT}", "--TrustedExecute.sandbox=none")
    grades = {g: s for nb in course.scores(assignment)["copier"].values() for g, s in nb.items()}
    assert all(s[0] == s[1] for g, s in grades.items() if exercise_of(g) == exercise), grades


# ---------------------------------------------------------------------------------------------
# Without nbgrader
# ---------------------------------------------------------------------------------------------


def test_the_scan_leaves_honest_notebooks_alone():
    """No finding in any solution or release notebook, catalogued mistake or alternative: the scan costs
    an honest learner nothing."""
    from course_utils.grading.scan import scan_notebook

    findings = []
    for assignment in ASSIGNMENTS:
        for notebook in (adversarial.solution_notebook(assignment)[1], adversarial.release_notebook(assignment)[1]):
            findings += [(assignment, f.sentence()) for f in scan_notebook(notebook)]
    for entry in MISTAKES + ALTERNATIVES:
        if entry.assignment in ASSIGNMENTS:
            try:
                notebook = entry.notebook()[1]
            except ValueError:
                continue  # test_catalogue_entries_apply reports it
            findings += [(entry.assignment, entry.why, f.sentence()) for f in scan_notebook(notebook)]
    assert not findings, findings


@pytest.mark.parametrize("case", ["patched_comparisons", "rebound_helpers", "reads_solutions"])
def test_the_scan_finds_the_tampering(case):
    from course_utils.grading.scan import scan_notebook

    if not ASSIGNMENT:
        pytest.skip("no assignments in solutions/")
    findings = scan_notebook(adversarial.CASES[case](ASSIGNMENT)[1])
    assert findings, f"{case}: nothing found"


@pytest.mark.parametrize("code, what", [
    ("check_close = lambda *a, **k: None", "rebinds `check_close`"),
    ("def passed(*a):\n    return 1", "rebinds `passed`"),
    ("np.allclose = lambda *a, **k: True", "changes `np.allclose`"),
    ("import numpy.testing as t\nt.assert_allclose = print", "changes `t.assert_allclose`"),
    ("m = np.testing\nm.assert_allclose = print", "changes `m.assert_allclose`"),
    ("setattr(np, 'isclose', print)", "uses `setattr`"),
    ("get_ipython().input_transformers_post.append(print)", "uses `get_ipython`"),
    ("!cat ../../../solutions/*/*.ipynb", "uses `get_ipython`"),
    ("import os", "imports `os`"),
    ("f = open('../../../solutions/x.ipynb')", "uses `open`"),
    ("x = np.loadtxt('../../../solutions/x.ipynb', dtype=str)", "uses `np.loadtxt`"),
    ("check_close.__code__ = print.__code__", "uses `.__code__`"),
    ("def f():\n    global check_close\n    check_close = print", "rebinds `check_close`"),
    ("len = lambda x: 3", "rebinds the builtin `len`"),
    ("def rnn_forward(x, a0, p):\n    return reference.rnn_forward(x, a0, p)", "uses `reference`, the course's own answers"),
    ("f = reference.rnn_forward", "uses `reference`, the course's own answers"),
    ("from course_utils.rnn import rnn_forward", "imports `course_utils.rnn.rnn_forward`: the course's package holds"),
    ("from course_utils.text import tokenize as t", "imports `course_utils.text.tokenize`"),
    ("import course_utils.rnn", "imports `course_utils.rnn`: the course's package holds"),
    ("import course_utils.testing", "imports `course_utils.testing`, the course's checks"),
])
def test_the_scan_names_what_it_found(code, what):
    from course_utils.grading.scan import find_tampering

    locked = ["import numpy as np\nfrom course_utils.testing import check_close, passed\ncheck_close('n', len([]), 0)\npassed()",
              "from course_utils import rnn as reference\nfrom course_utils.text import tokenize"]
    findings = find_tampering([(3, "exercise", code)], locked)
    assert any(what in f.what for f in findings), [f.what for f in findings]


@pytest.mark.parametrize("code", [
    "import numpy as np\nfrom collections import Counter\ndef f(z):\n    check_close = 3\n    return np.einsum('ij->j', z)",
    "%timeit np.ones(3)",
    "class A:\n    def __init__(self):\n        self.w = np.zeros(3)\n    def __eq__(self, other):\n        return True",
    "from course_utils.testing import check_close\nx = np.zeros(3)\nx.shape = (3, 1)",
    "np.random.seed(0)\nnp.set_printoptions(precision=3)",
    "from course_utils.text import tokenize\ndef f(s):\n    return tokenize(s)",
    "def g(reference):\n    return reference",
])
def test_the_scan_allows_ordinary_code(code):
    from course_utils.grading.scan import find_tampering

    locked = ["import numpy as np\nfrom course_utils.testing import check_close, passed",
              "from course_utils import rnn as reference\nfrom course_utils.text import tokenize"]
    assert find_tampering([(3, "exercise", code)], locked) == []


def test_check_equal_is_not_fooled_by_a_fake_eq():
    from course_utils.testing import check_equal

    class Agreeable(dict):
        def __eq__(self, other):
            return True

    class AgreeableList(list):
        def __eq__(self, other):
            return True

    class Anything:
        def __eq__(self, other):
            return True

    for fake, expected in [(Agreeable(), {"a": 1}), (AgreeableList(), [1, 2]), (Anything(), [1, 2])]:
        with pytest.raises(AssertionError):
            check_equal("value", fake, expected)
    check_equal("value", [np.int64(4), 2], [4, 2])
    check_equal("value", {"a": np.float64(0.5)}, {"a": 0.5})
    check_equal("value", (1, "a"), (1, "a"))
