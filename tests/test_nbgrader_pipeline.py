"""The instructor's pipeline, with the real nbgrader command line, on every assignment in solutions/.

In a temporary course (a copy of solutions/ and nbgrader_config.py):
generate_assignment -> the release must equal notebooks/ as committed;
autograde, in one call per assignment, of these students:
  - `solution`: the solution notebook as it is -> full marks;
  - `untouched`: the release notebook as it is -> 0 points;
  - one student per entry of tests/mistakes.py -> loses points on that exercise only;
  - one student per Alternative (correct answers written differently) -> full marks;
  - one student per entry of tests/blind_mistakes.py (mistakes and correct answers written blind to the
    tests): no mistake passes every visible test and loses points to a hidden one, correct ones keep full marks;
export -> a CSV whose rows carry the gradebook's totals.
"""

import json
import re
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
import os

import pytest

from blind_mistakes import BLIND
from course_utils.testing import is_question
from mistakes import ALTERNATIVES, MISTAKES
from nbgrader_course import (
    RELEASE,
    SOLUTIONS,
    RELEASE_STUDENT,
    SOLUTION_STUDENT,
    Course,
    assignments,
    exercise_of,
    grade_cells,
    graded_exercises,
    manual_cells,
    nbgrader_meta,
    read_notebook,
    solution_notebooks,
    tree,
)

ASSIGNMENTS = assignments()


def catalogued(entries):
    """argvalues and ids for parametrizing over catalogue entries: every entry, or with
    COURSE_ASSIGNMENTS set only those of the assignments it names (keeping their catalogue index)."""
    chosen = [(i, e) for i, e in enumerate(entries)
              if e.assignment in ASSIGNMENTS or not os.environ.get("COURSE_ASSIGNMENTS")]
    return {"argvalues": chosen, "ids": [f"{e.assignment}-{e.exercise}-{i}" for i, e in chosen]}


def mistake_student(index, mistake):
    return f"mistake{index:03d}_{mistake.exercise}"


def alternative_student(index, alternative):
    return f"alternative{index:03d}_{alternative.exercise}"


def blind_student(index, entry):
    return f"blind{index:03d}_{entry.exercise}"


class Pipeline:
    """generate_assignment, autograde and export, run once for the module; errors kept per assignment."""

    def __init__(self, directory):
        self.directory = Path(directory)
        self.released = {}  # assignment -> release folder in the course
        self.students = {}  # assignment -> {student: Mistake or None}
        self.scores = {}  # assignment -> Course.scores(assignment)
        self.errors = {}  # assignment -> message
        self.unapplied = {}  # index in MISTAKES -> why that entry could not be submitted
        self.unapplied_alternatives = {}  # index in ALTERNATIVES -> why that entry could not be submitted
        self.notebook_names = {}  # mistake student -> the notebook file the mistake is in
        # One temporary course (and gradebook) per assignment, graded side by side, one per core.
        self.courses = {}
        with ThreadPoolExecutor(max_workers=max(1, min(len(ASSIGNMENTS), os.cpu_count() or 1))) as pool:
            for assignment, error in zip(ASSIGNMENTS, pool.map(self._run_or_error, ASSIGNMENTS)):
                if error:  # reported by every test of that assignment
                    self.errors[assignment] = error
        self.csv_rows = []
        for assignment, course in self.courses.items():
            try:
                self.csv_rows += course.export()
            except Exception as exc:
                self.errors.setdefault(assignment, f"export: {type(exc).__name__}: {exc}")

    def _run_or_error(self, assignment):
        try:
            self._run(assignment)
        except Exception as exc:
            return f"{type(exc).__name__}: {exc}"
        return None

    def _run(self, assignment):
        course = self.courses[assignment] = Course(self.directory / assignment)
        self.released[assignment] = course.generate(assignment)
        students = {SOLUTION_STUDENT: None, RELEASE_STUDENT: None}
        for path in solution_notebooks(assignment):
            course.submit(SOLUTION_STUDENT, assignment, path.name, path)
            course.submit(RELEASE_STUDENT, assignment, path.name, self.released[assignment] / path.name)
        for index, mistake in enumerate(MISTAKES):
            if mistake.assignment == assignment:
                try:
                    name, notebook = mistake.notebook()
                except ValueError as exc:
                    self.unapplied[index] = str(exc)
                    continue
                student = mistake_student(index, mistake)
                course.submit(student, assignment, name, notebook)
                students[student] = mistake
                self.notebook_names[student] = name
        for index, entry in enumerate(BLIND):  # written blind to the tests (tests/blind_mistakes.py)
            if entry.assignment == assignment:
                name, notebook = entry.notebook()
                student = blind_student(index, entry)
                course.submit(student, assignment, name, notebook)
                students[student] = entry
                self.notebook_names[student] = name
        for index, alternative in enumerate(ALTERNATIVES):
            if alternative.assignment == assignment:
                try:
                    name, notebook = alternative.notebook()
                except ValueError as exc:
                    self.unapplied_alternatives[index] = str(exc)
                    continue
                student = alternative_student(index, alternative)
                course.submit(student, assignment, name, notebook)
                students[student] = alternative
        self.students[assignment] = students
        course.autograde(assignment)
        self.scores[assignment] = course.scores(assignment)

    def visible_error(self, assignment, student, exercise, test="test"):
        """(ename, evalue) of the first error in the student's autograded `<exercise>_test` cell (or
        `<exercise>_<test>`), or None."""
        if assignment in self.errors:
            pytest.fail(f"nbgrader failed on {assignment}: {self.errors[assignment]}")
        path = self.courses[assignment].autograded(student, assignment, self.notebook_names[student])
        assert path.exists(), f"nbgrader wrote no autograded notebook for {student}"
        cells = [c for c in read_notebook(path)["cells"] if c.get("metadata", {}).get("nbgrader", {}).get("grade_id") == f"{exercise}_{test}"]
        assert len(cells) == 1, f"{path.name} has {len(cells)} cells {exercise}_{test}"
        errors = [o for o in cells[0].get("outputs", []) if o.get("output_type") == "error"]
        return (errors[0]["ename"], errors[0]["evalue"]) if errors else None

    def grades(self, assignment, student):
        """{grade_id: (score, max_score)} over the student's notebooks of `assignment`."""
        if assignment in self.errors:
            pytest.fail(f"nbgrader failed on {assignment}: {self.errors[assignment]}")
        notebooks = self.scores[assignment].get(student)
        assert notebooks, f"{student}'s submission of {assignment} is not in the gradebook"
        return {grade_id: score for grades in notebooks.values() for grade_id, score in grades.items()}


@pytest.fixture(scope="module")
def pipeline(tmp_path_factory):
    if not ASSIGNMENTS:
        pytest.skip("no assignments in solutions/")
    return Pipeline(tmp_path_factory.mktemp("course"))


def manual_ids(assignment):
    """grade_ids of the free-response answers of `assignment`: a grader scores them by hand, not autograde."""
    ids = set()
    for path in solution_notebooks(assignment):
        ids |= set(manual_cells(read_notebook(path)))
    return ids


def by_exercise(grades, assignment=None):
    """{exercise: (score, max_score)} summed over its grade cells (without the free-response answers of
    `assignment`, if given)."""
    totals = {}
    manual = manual_ids(assignment) if assignment else set()
    for grade_id, (score, max_score) in grades.items():
        if grade_id in manual:
            continue
        got, out_of = totals.get(exercise_of(grade_id), (0.0, 0.0))
        totals[exercise_of(grade_id)] = (got + score, out_of + max_score)
    return totals


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
@pytest.mark.slow
def test_release_matches_notebooks_folder(pipeline, assignment):
    if assignment in pipeline.errors:
        pytest.fail(f"nbgrader failed on {assignment}: {pipeline.errors[assignment]}")
    generated = tree(pipeline.released[assignment])
    committed = tree(RELEASE / assignment)
    hint = (
        f"notebooks/{assignment} is not what nbgrader generates from solutions/{assignment}: "
        "run `python course.py release` and commit notebooks/ (if you answered the exercises in "
        "notebooks/ yourself, this is expected: work on a copy)"
    )
    assert sorted(committed) == sorted(generated), hint
    for name, content in generated.items():
        if content.replace(b"\r\n", b"\n") == committed[name].replace(b"\r\n", b"\n"):
            continue
        if name.endswith(".ipynb"):  # say where they differ
            ours, theirs = json.loads(content), json.loads(committed[name])
            assert ours["metadata"] == theirs["metadata"], f"{hint}: {name} notebook metadata differs"
            assert len(ours["cells"]) == len(theirs["cells"]), f"{hint}: {name} has a different number of cells"
            for i, (a, b) in enumerate(zip(ours["cells"], theirs["cells"])):
                assert a == b, f"{hint}: {name} cell {i} differs:\ngenerated {a}\ncommitted {b}"
        pytest.fail(f"{hint}: {name} differs byte for byte")


def test_no_release_without_a_solution():
    released = sorted(p.name for p in RELEASE.iterdir() if p.is_dir()) if RELEASE.is_dir() else []
    sources = {p.parent.name for p in SOLUTIONS.glob("*/*.ipynb")}
    orphans = [name for name in released if name not in sources]
    assert not orphans, f"notebooks/ has folders with no solutions/ source: {orphans}"


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
@pytest.mark.slow
def test_solution_gets_full_marks(pipeline, assignment):
    grades = pipeline.grades(assignment, SOLUTION_STUDENT)
    expected = {}
    for path in solution_notebooks(assignment):
        expected.update(grade_cells(read_notebook(path)))
    assert {g: m for g, (s, m) in grades.items()} == expected, "the gradebook's grade cells are not the notebook's"
    manual = manual_ids(assignment)
    lost = {grade_id: score for grade_id, score in grades.items() if score[0] != score[1] and grade_id not in manual}
    assert not lost, f"the solution of {assignment} loses points on (score, max): {lost}"
    # the free-response answers wait for a grader (tests/test_formgrader.py grades one through the formgrader)
    waiting = pipeline.courses[assignment].needs_manual_grade(assignment, SOLUTION_STUDENT)
    assert waiting == set(manual), f"cells waiting for a grader {waiting}, manually graded cells {set(manual)}"
    assert sum(expected.values()) > 0, f"{assignment} has no points to earn"


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
@pytest.mark.slow
def test_untouched_release_gets_zero(pipeline, assignment):
    grades = pipeline.grades(assignment, RELEASE_STUDENT)
    earned = {grade_id: score for grade_id, score in grades.items() if score[0] != 0}
    assert not earned, f"the release of {assignment}, with nothing written, earns points on (score, max): {earned}"


@pytest.mark.slow
@pytest.mark.parametrize("index, mistake", **catalogued(MISTAKES))
def test_mistake_loses_points_on_its_own_exercise(pipeline, index, mistake):
    assert mistake.assignment in ASSIGNMENTS, f"{mistake} names an assignment that is not in solutions/"
    assert index not in pipeline.unapplied, pipeline.unapplied.get(index)
    totals = by_exercise(pipeline.grades(mistake.assignment, mistake_student(index, mistake)), mistake.assignment)
    assert mistake.exercise in totals, f"{mistake.assignment} has no graded cells for exercise {mistake.exercise!r}"
    score, out_of = totals[mistake.exercise]
    assert score < out_of, (
        f"{mistake.assignment}/{mistake.exercise}: a learner who {mistake.why} still gets {score}/{out_of}: "
        f"the tests do not catch `{mistake.replace}` instead of `{mistake.find}`"
    )
    others = {name: total for name, total in totals.items() if name != mistake.exercise and total[0] != total[1]}
    assert not others, (
        f"{mistake.assignment}/{mistake.exercise}: a learner who {mistake.why} also loses points on other "
        f"exercises (score, max): {others}"
    )


def is_generic(message):
    """Whether a message of course_utils.testing says only THAT a value is wrong, not what is likely wrong:
    check_close's or check_equal's message without a catalogued mistake or a hint after it."""
    if re.search(r"has the right shape but wrong values \(the largest difference is [^()]*(?: at index \([^()]*\))?\)\.$", message):
        return True
    if " should be " in message and ", got " in message:
        return "; " not in message.rsplit(", got ", 1)[1]
    return False


@pytest.mark.slow
@pytest.mark.parametrize("index, mistake", **catalogued(MISTAKES))
def test_mistake_fails_its_visible_test_with_a_sentence_that_names_it(pipeline, index, mistake):
    """The learner sees it before submitting: the visible test fails, with one sentence from
    course_utils.testing (not a raw exception, not just "wrong values") saying what is likely wrong."""
    assert index not in pipeline.unapplied, pipeline.unapplied.get(index)
    where = f"{mistake.assignment}/{mistake.exercise}: a learner who {mistake.why}"
    if is_question(mistake.exercise):  # the exception: a question's visible test checks the answer's form only
        student = mistake_student(index, mistake)
        assert pipeline.visible_error(mistake.assignment, student, mistake.exercise) is None, (
            f"{where} fails the visible test of a question, which checks only the form of the answer")
        error = pipeline.visible_error(mistake.assignment, student, mistake.exercise, test="hidden_test")
        assert error is not None and error[0] == "AssertionError" and "\n" not in error[1].strip(), (
            f"{where} is not caught by the question's hidden test with a sentence: {error}")
        return
    error = pipeline.visible_error(mistake.assignment, mistake_student(index, mistake), mistake.exercise)
    assert error is not None, (
        f"{where} passes the visible test {mistake.exercise}_test: only the hidden test catches it, so the "
        "learner reads 'passed' and loses the points later")
    ename, evalue = error
    assert ename == "AssertionError", (
        f"{where} gets a raw {ename} from the visible test, not a sentence: {evalue!r} "
        "(wrap the call in course_utils.testing.calling)")
    message = evalue.strip()
    assert message and "\n" not in message, f"{where} gets a message that is not one line: {evalue!r}"
    assert not is_generic(message), (
        f"{where} is told only that something is wrong: {message!r}; give the check a `mistakes=` entry "
        "or a `hint=` that names it")


@pytest.mark.slow
@pytest.mark.parametrize("index, alternative", **catalogued(ALTERNATIVES))
def test_alternative_keeps_full_marks(pipeline, index, alternative):
    assert alternative.assignment in ASSIGNMENTS, f"{alternative} names an assignment that is not in solutions/"
    assert index not in pipeline.unapplied_alternatives, pipeline.unapplied_alternatives.get(index)
    totals = by_exercise(pipeline.grades(alternative.assignment, alternative_student(index, alternative)),
                         alternative.assignment)
    lost = {name: total for name, total in totals.items() if total[0] != total[1]}
    assert not lost, (
        f"{alternative.assignment}/{alternative.exercise}: a correct answer written differently "
        f"({alternative.why}: `{alternative.replace}` instead of `{alternative.find}`) loses points (score, max): {lost}"
    )


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_every_exercise_has_a_catalogued_mistake(assignment):
    catalogued = {m.exercise for m in MISTAKES if m.assignment == assignment}
    missing = sorted(set(graded_exercises(assignment)) - catalogued)
    assert not missing, f"tests/mistakes.py has no mistake for these graded exercises of {assignment}: {missing}"


def test_catalogue_entries_apply():
    """Every entry names an existing exercise and its `find` text occurs once (no nbgrader needed)."""
    problems = []
    for mistake in MISTAKES + ALTERNATIVES:
        try:
            mistake.notebook()
        except (ValueError, OSError) as exc:
            problems.append(str(exc))
    assert not problems, "tests/catalogue/ entries that do not apply:\n" + "\n".join(problems)


@pytest.mark.slow
def test_export_csv_carries_the_scores(pipeline):
    rows = {(row["assignment"], row["student_id"]): row for row in pipeline.csv_rows}
    checked = 0
    for assignment, students in pipeline.students.items():
        if assignment in pipeline.errors:
            continue
        for student in students:
            grades = pipeline.grades(assignment, student)
            row = rows.get((assignment, student))
            assert row is not None, f"grades.csv has no row for {student} on {assignment}"
            assert float(row["score"]) == pytest.approx(sum(s for s, _ in grades.values())), row
            assert float(row["max_score"]) == pytest.approx(sum(m for _, m in grades.values())), row
            checked += 1
    assert checked >= 2 * (len(ASSIGNMENTS) - len(pipeline.errors))


def failing_visible_tests(pipeline, assignment, student):
    """The grade ids of the student's visible test cells (`*_test`, not `*_hidden_test`) that end in an error."""
    path = pipeline.courses[assignment].autograded(student, assignment, pipeline.notebook_names[student])
    return {nbgrader_meta(c)["grade_id"] for c in read_notebook(path)["cells"]
            if nbgrader_meta(c).get("grade_id", "").endswith("_test") and not nbgrader_meta(c)["grade_id"].endswith("_hidden_test")
            and any(o.get("output_type") == "error" for o in c.get("outputs", []))}


@pytest.mark.slow
def test_no_learner_passes_every_visible_test_and_loses_points_to_a_hidden_one(pipeline):
    """The course's promise: every visible test passing means full marks. Checked on every catalogued mistake
    and every entry of tests/blind_mistakes.py. A question (exercise `q_...`) is the one exception: its
    visible test checks the form of the answer only, by design."""
    cases = [(mistake_student(i, m), m) for i, m in enumerate(MISTAKES) if i not in pipeline.unapplied]
    cases += [(blind_student(i, b), b) for i, b in enumerate(BLIND)]
    found = []
    for student, entry in cases:
        if entry.assignment not in ASSIGNMENTS or is_question(entry.exercise):
            continue
        manual = manual_ids(entry.assignment)
        lost = {g: s for g, s in pipeline.grades(entry.assignment, student).items() if s[0] != s[1] and g not in manual}
        if lost and not failing_visible_tests(pipeline, entry.assignment, student):
            found.append(f"{entry.assignment}/{entry.exercise}, a learner who {entry.why} (loses {lost})")
    assert not found, "passes every visible test, then loses points when graded:\n" + "\n".join(found)


BLIND_CORRECT = [(i, b) for i, b in enumerate(BLIND) if b.kind == "correct" and b.assignment in ASSIGNMENTS]


@pytest.mark.slow
@pytest.mark.parametrize("index, entry", BLIND_CORRECT, ids=[f"{b.assignment}-{b.exercise}-{i}" for i, b in BLIND_CORRECT])
def test_blind_correct_answer_keeps_full_marks(pipeline, index, entry):
    manual = manual_ids(entry.assignment)
    lost = {g: s for g, s in pipeline.grades(entry.assignment, blind_student(index, entry)).items()
            if s[0] != s[1] and g not in manual}
    assert not lost, f"{entry.assignment}/{entry.exercise}: a correct answer written blind ({entry.why}) loses (score, max): {lost}"
