"""Batch grading, `python -m course_utils.grading.batch` (also `python3 course.py grade`), against nbgrader.

A small class on the first assignment in solutions/ (and the second, for one student): the solution,
the untouched release, catalogued mistakes (on two exercises, one made by two students), a notebook that
goes looking for the source notebooks, one that tries to undo its sandbox, one that crashes its process
and one that is not JSON. The batch command grades them two at a time; the same notebooks go through
`nbgrader autograde` with the course's config in a second course. The scores must agree, the file that is
not a notebook must be recorded as failed without stopping the batch, and grades.csv, grading_report.csv
and the feedback must be there; the class report's mistakes.csv must count the mistakes injected, and say
the same of the course graded by plain nbgrader. A grading process that runs over its time limit is killed
with everything it started.
"""

import csv
import json
import subprocess
import sys
import time
from argparse import Namespace

import pytest

import adversarial
from mistakes import MISTAKES
from nbgrader_course import Course, assignments, read_notebook, tool_env

from course_utils.grading import batch as grade

ASSIGNMENTS = assignments()
FIRST = ASSIGNMENTS[0] if ASSIGNMENTS else None
SECOND = ASSIGNMENTS[1] if len(ASSIGNMENTS) > 1 else None
TIMEOUT = 10  # seconds per cell here



def other_mistake(assignment):
    """A catalogued mistake of `assignment` on another exercise than first_mistake's (if there is one)."""
    first = adversarial.first_mistake(assignment)
    others = [m for m in MISTAKES if m.assignment == assignment and m.exercise != first.exercise]
    return others[-1] if others else first


# The catalogued mistakes in the class, for the class report's mistakes.csv: student -> which mistake of FIRST
INJECTED = {"mistake": adversarial.first_mistake, "mistake_again": adversarial.first_mistake,
            "other_mistake": other_mistake}

# student -> [(assignment, builder)]
CLASS = {
    "solution": [(FIRST, adversarial.solution)] + ([(SECOND, adversarial.solution)] if SECOND else []),
    "untouched": [(FIRST, adversarial.untouched)],
    **{student: [(FIRST, lambda a, which=which: which(a).notebook())] for student, which in INJECTED.items()},
    "reader": [(FIRST, adversarial.reads_solutions)],
    "escaper": [(FIRST, adversarial.escapes_sandbox)],
    "crash": [(FIRST, adversarial.kernel_crash)],
    "unreadable": [(SECOND or FIRST, adversarial.unreadable)],
}
BROKEN = {"unreadable"}


class Batch:
    def __init__(self, directory, released):
        used = [a for a in (FIRST, SECOND) if a]
        self.batch, self.plain = released.clone(directory / "batch"), released.clone(directory / "plain")
        self.submissions = directory / "inbox"
        self.names = {}
        for student, work in CLASS.items():
            for assignment, build in work:
                name, notebook = build(assignment)
                self.names[(student, assignment)] = name
                adversarial.write(self.submissions / student / assignment / name, notebook)
                if student not in BROKEN:
                    adversarial.write(self.plain.dir / "submitted" / student / assignment / name, notebook)
        for assignment in used:
            self.plain.autograde(assignment, f"--TrustedExecute.timeout={TIMEOUT}")
        self.plain_scores = {a: self.plain.scores(a) for a in used}
        start = time.perf_counter()
        self.result = subprocess.run(
            [sys.executable, "-m", "course_utils.grading.batch", str(self.submissions), "--course", str(self.batch.dir),
             "--jobs", "2", "--timeout", str(TIMEOUT), "--task-timeout", "600"],
            env=tool_env(), capture_output=True, text=True, timeout=1200)
        self.seconds = time.perf_counter() - start
        self.batch_scores = {a: self.batch.scores(a) for a in used}
        with open(self.batch.dir / grade.REPORT, newline="", encoding="utf-8") as f:
            self.report = {(row["student"], row["assignment"]): row for row in csv.DictReader(f)}

    def output(self):
        return f"exit {self.result.returncode}\n{self.result.stdout[-3000:]}\n{self.result.stderr[-3000:]}"


@pytest.fixture(scope="module")
def released(tmp_path_factory):
    """A course with the first two assignments released (generate_assignment), to copy from."""
    if not FIRST:
        pytest.skip("no assignments in solutions/")
    course = Course(tmp_path_factory.mktemp("released") / "course")
    for assignment in (FIRST, SECOND):
        if assignment:
            course.generate(assignment)
    return course


@pytest.fixture(scope="module")
def batch(tmp_path_factory, released):
    return Batch(tmp_path_factory.mktemp("grading"), released)


@pytest.mark.slow
def test_the_batch_finishes_and_reports_the_broken_submissions(batch):
    assert batch.result.returncode == 1, batch.output()  # 1: some submissions failed
    for student in BROKEN:
        for assignment, _ in CLASS[student]:
            row = batch.report[(student, assignment)]
            assert row["status"] == "failed" and row["message"], row
            assert float(row["score"]) == 0, row
    graded = [key for key, row in batch.report.items() if row["status"] == "graded"]
    assert len(graded) == sum(len(work) for student, work in CLASS.items() if student not in BROKEN), batch.report
    assert "grading" in batch.result.stderr + batch.result.stdout  # the progress bar


@pytest.mark.slow
def test_scores_equal_plain_nbgrader(batch):
    for assignment, plain in batch.plain_scores.items():
        for student, notebooks in plain.items():
            assert batch.batch_scores[assignment].get(student) == notebooks, (
                f"{student}/{assignment}: batch {batch.batch_scores[assignment].get(student)} != plain {notebooks}")


@pytest.mark.slow
def test_broken_submissions_are_in_the_gradebook_as_zero_and_flagged(batch):
    from nbgrader.api import Gradebook

    coursedir = batch.batch.coursedir()
    with Gradebook(coursedir.db_url, coursedir.course_id) as gradebook:
        for student in BROKEN:
            for assignment, _ in CLASS[student]:
                submission = gradebook.find_submission(assignment, student)
                assert submission.score == 0
                assert all(notebook.flagged for notebook in submission.notebooks)
                assert submission.needs_manual_grade


@pytest.mark.slow
def test_csv_export_and_feedback_are_written(batch):
    with open(batch.batch.dir / "grades.csv", newline="", encoding="utf-8") as f:
        rows = {(row["assignment"], row["student_id"]): row for row in csv.DictReader(f)}
    for student, work in CLASS.items():
        for assignment, _ in work:
            assert (assignment, student) in rows, f"grades.csv has no row for {student}/{assignment}"
            if student not in BROKEN:
                name = batch.names[(student, assignment)].replace(".ipynb", ".html")
                assert (batch.batch.dir / "feedback" / student / assignment / name).is_file()
                assert (batch.batch.dir / "autograded" / student / assignment / batch.names[(student, assignment)]).is_file()
                assert (batch.batch.dir / "submitted" / student / assignment / batch.names[(student, assignment)]).is_file()


@pytest.mark.slow
def test_the_sandbox_hides_the_source_notebooks(batch):
    notebook = read_notebook(batch.batch.dir / "autograded" / "reader" / FIRST / batch.names[("reader", FIRST)])
    found = adversarial.found_sources(notebook)
    assert found is not None, "the reader printed nothing"
    assert found == [], f"a sandboxed submission read the source notebooks: {found}"
    assert float(batch.report[("reader", FIRST)]["score"]) == 0


@pytest.mark.slow
def test_root_in_the_sandbox_cannot_uncover_what_it_hides(batch):
    """Unmounting the covers, a user namespace of its own, a bind of / without its covers: still nothing."""
    notebook = read_notebook(batch.batch.dir / "autograded" / "escaper" / FIRST / batch.names[("escaper", FIRST)])
    escaped = adversarial.found_sources(notebook, prefix="ESCAPED ")
    assert escaped is not None, "the escape attempt printed nothing (did it run in a user namespace?)"
    assert escaped == [], f"the sandbox was uncovered: {escaped}"
    assert float(batch.report[("escaper", FIRST)]["score"]) == 0


@pytest.mark.slow
@pytest.mark.parametrize("case, cell_timeout, task_timeout, reason", [
    ("uninterruptible", 2, 120, "ok"),  # the worker is killed; the rest of the notebook gets no points
    ("sleeper", 300, 8, "timed out"),  # the grading process runs over --task-timeout and is killed
])
def test_a_runaway_submission_fails_alone_and_leaves_nothing_running(tmp_path, released, case, cell_timeout,
                                                                     task_timeout, reason):
    psutil = pytest.importorskip("psutil")
    course = released.clone(tmp_path / "course")
    submissions = tmp_path / "inbox"
    name, notebook = getattr(adversarial, case)(FIRST)
    adversarial.write(submissions / "runaway" / FIRST / name, notebook)
    config, coursedir = grade.load_course(course.dir)
    template = grade.make_template(coursedir.db_url, tmp_path / "template.db")
    task = grade.Task("runaway", [FIRST])
    task.workdir = grade.build_workdir(tmp_path / "work", task, course.dir / "nbgrader_config.py", template,
                                       coursedir, submissions)
    options = Namespace(timeout=cell_timeout, unsandboxed=False, jobs=1, task_timeout=task_timeout,
                        released=grade.released_assignments(coursedir.db_url), hide_paths=[course.dir, submissions])
    start = time.perf_counter()
    grade.grade_task(task, options)
    assert time.perf_counter() - start < 90
    assert reason in task.results[FIRST], task.results
    time.sleep(1)
    leftovers = []
    for process in psutil.process_iter(["pid", "cmdline"]):
        try:
            if str(task.workdir) in " ".join(process.info["cmdline"] or []) or str(task.workdir) in process.cwd():
                leftovers.append(process.info)
        except (psutil.Error, OSError):
            pass
    assert not leftovers, f"still running after the grading process ended: {leftovers}"


@pytest.mark.slow
def test_the_template_gradebook_has_the_assignments_and_no_student(tmp_path, released):
    from nbgrader.api import Gradebook

    course = released.clone(tmp_path / "course")
    adversarial.write(course.dir / "submitted" / "someone" / FIRST / "x.ipynb", adversarial.solution(FIRST)[1])
    with Gradebook(course.coursedir().db_url) as gradebook:
        gradebook.add_student("someone", first_name="Private")
    template = grade.make_template(course.coursedir().db_url, tmp_path / "template.db")
    with Gradebook(f"sqlite:///{template}") as gradebook:
        assert sorted(a.name for a in gradebook.assignments) == sorted(a for a in (FIRST, SECOND) if a)
        assert gradebook.students == []
    assert b"Private" not in template.read_bytes()
    assert b"BEGIN SOLUTION" not in template.read_bytes()
    assert json.dumps(grade.clean_env(tmp_path, 2)).find("VIRTUAL_ENV") == -1


def _text_of_html(path):
    import html
    import re

    return html.unescape(re.sub(r"<[^>]+>", "", path.read_text(encoding="utf-8")))


def _hidden_lines(notebook):
    """The lines of the notebook's hidden tests that appear nowhere else in it."""
    hidden, shown = set(), set()
    for c in notebook["cells"]:
        inside = False
        for line in "".join(c.get("source", "")).splitlines():
            if "BEGIN HIDDEN TESTS" in line:
                inside = True
            elif "END HIDDEN TESTS" in line:
                inside = False
            elif line.strip():
                (hidden if inside else shown).add(line.strip())
    return {line for line in hidden - shown if len(line) > 12 and not any(line in other for other in shown)}


@pytest.mark.slow
def test_feedback_shows_the_hidden_tests_results_but_not_their_code(batch):
    from nbgrader_course import solution_notebooks

    checked = 0
    for student, work in CLASS.items():
        for assignment, _ in work:
            if student in BROKEN:
                continue
            name = batch.names[(student, assignment)]
            text = _text_of_html(batch.batch.dir / "feedback" / student / assignment / name.replace(".ipynb", ".html"))
            leaked = [line for line in _hidden_lines(read_notebook(solution_notebooks(assignment)[0])) if line in text]
            assert not leaked, f"{student}/{assignment}: feedback shows hidden test code: {leaked[:3]}"
            graded = read_notebook(batch.batch.dir / "autograded" / student / assignment / name)
            for c in graded["cells"]:
                if "HIDDEN TESTS" not in "".join(c.get("source", "")):
                    continue
                for out in c.get("outputs", []):
                    if out.get("output_type") == "error":
                        sentence = out["evalue"].strip().splitlines()[0][:80]
                        assert sentence in text, f"{student}/{assignment}: the failed hidden test's sentence is missing"
                        checked += 1
    assert checked, "no hidden test failed in the class: the test checks nothing"


@pytest.mark.slow
def test_mistakes_csv_counts_the_injected_mistakes(batch):
    """The class report `course.py grade` writes at its end (course_utils/grading/report.py): a row of
    mistakes.csv for each failed test, on the injected mistake's exercise and no other, as many students per
    exercise as mistakes injected there; the blank release fails every test as not answered, the solution none."""
    from collections import Counter

    from course_utils.grading import report

    assert f"class report (open it in a browser): {batch.batch.dir / report.REPORT_HTML}" in batch.result.stdout
    with open(batch.batch.dir / report.MISTAKES_CSV, newline="", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    assert not [r for r in rows if r["student"] == "solution"], "the solution failed a test"
    for student, which in INJECTED.items():
        mistake, mine = which(FIRST), [r for r in rows if r["student"] == student]
        assert {r["exercise"] for r in mine} == {mistake.exercise}, (mistake.why, mine)
        assert all(r["assignment"] == FIRST and r["test"] in ("visible", "hidden") and r["kind"] != "not answered"
                   and (r["mistake"] == "unrecognised") == (r["kind"] != "named") for r in mine), mine
    expected = Counter((FIRST, which(FIRST).exercise) for which in INJECTED.values())
    counted = Counter((a, e) for _, a, e in {(r["student"], r["assignment"], r["exercise"]) for r in rows
                                             if r["student"] in INJECTED})
    assert counted == expected
    blank = [r for r in rows if r["student"] == "untouched"]
    graded = read_notebook(batch.batch.dir / "autograded" / "untouched" / FIRST / batch.names[("untouched", FIRST)])
    tests = [c for c in graded["cells"] if c["metadata"].get("nbgrader", {}).get("grade")
             and not c["metadata"]["nbgrader"].get("solution")]
    assert len(blank) == len(tests) and {r["kind"] for r in blank} == {"not answered"}
    assert {r["test"] for r in blank} == {"visible", "hidden"}
    page = (batch.batch.dir / report.REPORT_HTML).read_text(encoding="utf-8")
    for row in rows:
        assert f"<code>{row['exercise']}</code>" in page
        if row["kind"] == "named":
            assert report._e(row["mistake"]) in page
    assert "http://" not in page.replace("http://www.w3.org/2000/svg", "") and "https://" not in page


@pytest.mark.slow
def test_the_class_report_of_plain_nbgrader_agrees_with_the_batch(batch):
    """`python -m course_utils.grading.report` on the course graded with plain `nbgrader autograde` gives the
    rows that `course.py grade` wrote at its end for the same notebooks."""
    from course_utils.grading import report

    result = subprocess.run([sys.executable, "-m", "course_utils.grading.report", "--course", str(batch.plain.dir)],
                            env=tool_env(), capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stdout + result.stderr
    assert (batch.plain.dir / report.REPORT_HTML).is_file()

    def rows(course):
        with open(course.dir / report.MISTAKES_CSV, newline="", encoding="utf-8") as f:
            return sorted((r["student"], r["assignment"], r["grade_id"], r["mistake"], r["kind"]) for r in csv.DictReader(f)
                          if r["student"] in ("solution", "untouched", *INJECTED))

    plain = rows(batch.plain)
    assert plain == rows(batch.batch)
    assert {r[0] for r in plain} == {"untouched", *INJECTED}
