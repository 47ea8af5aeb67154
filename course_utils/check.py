"""Check your notebook the way the grader will, with the tests you can see.

    python -m course_utils.check notebooks/03_forward_pass/03_forward_pass.ipynb

runs the notebook, as last saved, from top to bottom in a fresh kernel (in the notebook's folder, as
nbgrader does), then prints, for every exercise, PASS or FAIL with the visible test's message, and your
score out of the points of the visible tests. Hidden tests are never run and never shown: their cells
hold no code in your notebook, and if the file is an instructor's source notebook, the
`### BEGIN HIDDEN TESTS` blocks are cut out before anything runs. It also notes an exercise that calls
the course's own answers, which are not there when the notebook is graded (course_utils.grading.scan).

In a notebook, save it (Ctrl+S) and run, in a cell of its own:

    from course_utils.check import check_notebook
    check_notebook()

It finds the notebook it runs in (JupyterLab, Jupyter Notebook, VS Code), or takes its path:
check_notebook("03_forward_pass.ipynb"). Exit status of the command: 0 when every visible test passes,
1 when one fails, 2 when the file cannot be checked.

Your progress through the whole course, offline:

    python -m course_utils.check --all [FOLDER]

checks every FOLDER/<assignment>/<assignment>.ipynb (FOLDER: notebooks/ by default) the same way and
prints one table: each assignment, the visible points you earned out of those available, the exercises
not answered yet and those still failing. In a notebook: `from course_utils.check import check_course;
check_course()` (it finds the course folder from the notebook's own folder, or takes it).
"""

import argparse
import json
import os
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

from course_utils.grading.scan import answer_findings
from course_utils.testing import is_question

QUESTION_NOTE = "(answered; whether it is right, the hidden test says when graded)"

TIMEOUT = 60  # seconds per cell, as nbgrader_config.py gives the autograder
HIDDEN_BEGIN, HIDDEN_END = "BEGIN HIDDEN TESTS", "END HIDDEN TESTS"  # nbgrader's default delimiters
ENV_FLAG = "COURSE_SELF_CHECK"  # set while a self-check runs, so a check_notebook() cell in it does nothing


@dataclass
class TestResult:
    grade_id: str
    exercise: str
    points: float
    passed: bool
    message: str = ""


@dataclass
class Report:
    notebook: str
    tests: list = field(default_factory=list)  # TestResult of every visible test cell, in order
    hidden_points: float = 0.0  # points of tests that only the grader runs
    manual_points: float = 0.0  # points of the free-response answers, graded by hand
    findings: list = field(default_factory=list)  # course_utils.grading.scan.Finding
    problem: str = ""  # why the notebook could not be run to the end, if it could not
    seconds: float = 0.0

    @property
    def score(self):
        return sum(t.points for t in self.tests if t.passed)

    @property
    def out_of(self):
        return sum(t.points for t in self.tests)

    @property
    def ok(self):
        return not self.problem and all(t.passed for t in self.tests)

    def exercises(self):
        """{exercise: [TestResult]} in notebook order."""
        grouped = {}
        for test in self.tests:
            grouped.setdefault(test.exercise, []).append(test)
        return grouped

    def _repr_pretty_(self, printer, cycle):  # a notebook cell ending in check_notebook() shows this, not the fields
        printer.text(f"<{self.notebook}: {_points(self.score)}/{_points(self.out_of)} on the visible tests>")

    def text(self):
        lines = [f"{self.notebook}: visible tests, run in a fresh kernel ({self.seconds:.0f} s)"]
        grouped = self.exercises()
        width = max((len(name) for name in grouped), default=0)
        for exercise, tests in grouped.items():
            got, out_of = sum(t.points for t in tests if t.passed), sum(t.points for t in tests)
            failed = [t for t in tests if not t.passed]
            verdict = "FAIL" if failed else "PASS"
            lines.append(f"  {verdict}  {exercise:<{width}}  {_points(got)}/{_points(out_of)}"
                         + (f"  {failed[0].message}" if failed else "")
                         + (f"  {QUESTION_NOTE}" if is_question(exercise) and not failed else ""))
        if not grouped:
            lines.append("  (no visible tests in this notebook)")
        for finding in self.findings:
            lines.append(f"  NOTE  {finding.sentence()}: when graded, the course's answers are not there, so this "
                         "earns nothing.")
        if self.problem:
            lines.append(f"  STOPPED  {self.problem}")
        lines.append(f"Score on the visible tests: {_points(self.score)}/{_points(self.out_of)}"
                     + (f"; hidden tests worth {_points(self.hidden_points)} more points run when it is graded."
                        if self.hidden_points else "."))
        if self.manual_points:
            lines.append(f"Free-response answers worth {_points(self.manual_points)} points are graded by hand.")
        return "\n".join(lines)


def _points(value):
    return f"{value:g}"


def exercise_of(grade_id):
    """`NAME_test` and `NAME_hidden_test` belong to exercise `NAME` (CONTRIBUTING.md); else the id itself."""
    for suffix in ("_hidden_test", "_test"):
        if grade_id.endswith(suffix):
            return grade_id[: -len(suffix)]
    return grade_id


def strip_hidden(source):
    """The source without its hidden-test blocks (delimiter lines included), as nbgrader's release does."""
    kept, hiding = [], False
    for line in source.splitlines(keepends=True):
        if HIDDEN_BEGIN in line:
            hiding = True
            continue
        if HIDDEN_END in line:
            hiding = False
            continue
        if not hiding:
            kept.append(line)
    return "".join(kept)


def _has_code(source):
    return any(line.strip() and not line.strip().startswith("#") for line in source.splitlines())


def _one_line(text, limit=300):
    text = " ".join(str(text).split())
    return text if len(text) <= limit else text[: limit - 3] + "..."


def prepare(notebook):
    """(runnable notebook, [(cell index, grade_id, points)] of visible tests, hidden points).

    Every hidden-test block is cut out; a graded cell left without code is hidden, and its source is
    emptied so that nothing of it runs. The locked cells that only show things (pictures, training runs)
    do not run either, as when the notebook is graded (course_utils/grading/trusted.py): an exercise that
    needs something a demonstration cell made fails here too, not only when graded."""
    import nbformat

    nb = nbformat.from_dict(json.loads(json.dumps(notebook)))
    visible, hidden_points = [], 0.0
    for index, cell in enumerate(nb.cells):
        if cell.cell_type != "code":
            continue
        source = cell.source if isinstance(cell.source, str) else "".join(cell.source)
        stripped = strip_hidden(source)
        meta = cell.get("metadata", {}).get("nbgrader", {})
        graded = meta.get("grade") and not meta.get("solution")
        if meta.get("locked") and not graded and not meta.get("solution") and meta.get("grade_id") != "setup":
            stripped = ""  # a demonstration cell
        elif graded and not _has_code(stripped):
            hidden_points += float(meta.get("points", 0))
            stripped = ""
        elif graded:
            visible.append((index, meta.get("grade_id", f"cell {index}"), float(meta.get("points", 0))))
        cell.source = stripped
        cell.outputs, cell.execution_count = [], None
    return nb, visible, hidden_points


def manual_points(notebook):
    """Points of the free-response answers (graded markdown cells the learner writes in): graded by hand."""
    return sum(float(cell.get("metadata", {}).get("nbgrader", {}).get("points", 0)) for cell in notebook.get("cells", [])
               if cell.get("cell_type") == "markdown" and cell.get("metadata", {}).get("nbgrader", {}).get("grade")
               and cell["metadata"]["nbgrader"].get("solution"))


SELF_CHECK = ("course_utils.check", "course_utils.check.check_notebook", "course_utils.check.check_course")


def learner_findings(notebook):
    """answer_findings, less importing this self-check (a check_notebook() or check_course() cell uses
    none of the course's answers)."""
    return [f for f in answer_findings(notebook) if not any(f"imports `{name}`" in f.what for name in SELF_CHECK)]


def _client_class():
    from nbclient import NotebookClient

    from course_utils.grading.scan import OutputBudget

    class Client(OutputBudget, NotebookClient):
        """nbclient's client with the grader's output caps (course_utils.grading.scan.OutputBudget)."""

        async def async_execute(self, **kwargs):
            self._reset_budget()
            return await super().async_execute(**kwargs)

    return Client


def run(notebook_path, timeout=TIMEOUT):
    """Run the notebook at `notebook_path` and return a Report (never raises for a failing notebook)."""
    start = time.perf_counter()
    path = Path(notebook_path).resolve()
    report = Report(notebook=path.name)
    with open(path, encoding="utf-8") as f:
        notebook = json.load(f)
    nb, visible, report.hidden_points = prepare(notebook)
    report.manual_points = manual_points(notebook)
    report.findings = learner_findings(notebook)

    replies = {}

    def record(cell, cell_index, execute_reply, **kwargs):
        replies[cell_index] = execute_reply.get("content", {}) if execute_reply else {}

    client = _client_class()(
        nb,
        timeout=timeout,
        allow_errors=True,
        interrupt_on_timeout=True,
        error_on_timeout={"ename": "CellTimeoutError", "evalue": f"the cell ran longer than {timeout} s",
                          "traceback": []},
        kernel_name=nb.metadata.get("kernelspec", {}).get("name", "python3"),
        resources={"metadata": {"path": str(path.parent)}},
        on_cell_executed=record,
    )
    saved = os.environ.get(ENV_FLAG)
    os.environ[ENV_FLAG] = "1"  # the kernel inherits it: a check_notebook() cell in the notebook returns at once
    try:
        client.execute()
    except Exception as exc:  # noqa: BLE001 -- a dead kernel, a kernel that never started, ...
        report.problem = f"the notebook stopped running: {_one_line(f'{type(exc).__name__}: {exc}')}"
    finally:
        if saved is None:
            os.environ.pop(ENV_FLAG, None)
        else:
            os.environ[ENV_FLAG] = saved

    for index, grade_id, points in visible:
        result = TestResult(grade_id, exercise_of(grade_id), points, passed=False)
        reply = replies.get(index)
        if reply is None:
            result.message = "did not run (the notebook stopped before this cell)."
        elif reply.get("status") == "error":
            name, value = reply.get("ename", "Error"), reply.get("evalue", "")
            if name == "AssertionError" and value:
                result.message = _one_line(value)
            elif name == "NotImplementedError":
                result.message = "not answered yet (the exercise's cell still raises NotImplementedError)."
            elif name == "CellTimeoutError":
                result.message = f"timed out: {value or 'the cell ran too long'} (an endless loop?)."
            else:
                result.message = _one_line(f"{name}: {value}" if value else name)
        else:
            result.passed = True
        report.tests.append(result)
    report.seconds = time.perf_counter() - start
    return report


def _current_notebook():
    """The path of the notebook whose kernel runs this code, if the front end says so."""
    try:
        from IPython import get_ipython

        shell = get_ipython()
    except ImportError:
        shell = None
    namespace = getattr(shell, "user_ns", {}) if shell is not None else {}
    for key in ("__vsc_ipynb_file__", "__session__"):
        value = namespace.get(key)
        if value and str(value).endswith(".ipynb"):
            path = Path(value)
            if path.is_file():
                return path
            if (Path.cwd() / path.name).is_file():
                return Path.cwd() / path.name
    value = os.environ.get("JPY_SESSION_NAME", "")
    if value.endswith(".ipynb"):
        for path in (Path(value), Path.cwd() / Path(value).name):
            if path.is_file():
                return path
    return None


def check_notebook(path=None, timeout=TIMEOUT):
    """In a notebook: check the saved file of this notebook (or `path`) in a fresh kernel; print the report.

    Save first: the check runs the file as it is on disk. Returns the Report (None inside a self-check).
    """
    if os.environ.get(ENV_FLAG):
        print("(check_notebook does nothing while the notebook is being checked)")
        return None
    target = Path(path) if path else _current_notebook()
    if target is None:
        candidates = sorted(Path.cwd().glob("*.ipynb"))
        if len(candidates) == 1:
            target = candidates[0]
        else:
            raise FileNotFoundError("cannot tell which notebook this is: call check_notebook(\"NAME.ipynb\")")
    print(f"Checking {target.name} as last saved (save first with Ctrl+S) ...", flush=True)
    report = run(target, timeout=timeout)
    print(report.text())
    return report


def main(argv=None):
    parser = argparse.ArgumentParser(
        prog="python -m course_utils.check",
        description="Run a notebook in a fresh kernel and report its visible tests, exercise by exercise; "
                    "with --all, every assignment of the course, in one table.")
    parser.add_argument("notebook", nargs="?", help="path of the .ipynb file (with --all: the course's notebooks "
                                                    "folder, default notebooks/)")
    parser.add_argument("--all", action="store_true", help="check every <assignment>/<assignment>.ipynb of the folder")
    parser.add_argument("--timeout", type=int, default=TIMEOUT, help=f"seconds per cell (default {TIMEOUT})")
    args = parser.parse_args(argv)
    if args.all:
        return course_main(args.notebook, args.timeout)
    if not args.notebook:
        parser.error("give the path of a notebook, or --all")
    path = Path(args.notebook)
    if not path.is_file():
        print(f"no such notebook: {path}", file=sys.stderr)
        return 2
    try:
        report = run(path, timeout=args.timeout)
    except (ValueError, OSError) as exc:
        print(f"cannot check {path}: {exc}", file=sys.stderr)
        return 2
    print(report.text())
    return 0 if report.ok else 1


# ---------------------------------------------------------------------------------------------
# The whole course: python -m course_utils.check --all, check_course()
# ---------------------------------------------------------------------------------------------

NOT_ANSWERED = "not answered yet"  # what run() says of an exercise whose cell still raises NotImplementedError


def course_notebooks(folder):
    """[(assignment, path)] of FOLDER/<assignment>/<assignment>.ipynb, in order of the folder names."""
    folder = Path(folder)
    return [(p.name, p / f"{p.name}.ipynb") for p in sorted(folder.iterdir())
            if p.is_dir() and not p.name.startswith(".") and (p / f"{p.name}.ipynb").is_file()]


def find_course_folder(start=None):
    """The folder holding the course's <assignment>/<assignment>.ipynb: `start` (default: here), its
    `notebooks/`, or its parent (a notebook runs in its assignment's folder); None if none of them does."""
    start = Path(start) if start else Path.cwd()
    for candidate in (start, start / "notebooks", start.parent):
        if candidate.is_dir() and course_notebooks(candidate):
            return candidate
    return None


@dataclass
class Progress:
    assignment: str
    report: Report

    def not_answered(self):
        return [name for name, tests in self.report.exercises().items()
                if any(not t.passed and NOT_ANSWERED in t.message for t in tests)]

    def failing(self):
        unanswered = set(self.not_answered())
        return [name for name, tests in self.report.exercises().items()
                if name not in unanswered and any(not t.passed for t in tests)]


class CourseProgress(list):
    """check_course()'s [Progress]; a notebook cell ending in check_course() shows one line, not the fields."""

    def _repr_pretty_(self, printer, cycle):
        score, out_of = sum(e.report.score for e in self), sum(e.report.out_of for e in self)
        printer.text(f"<progress: {_points(score)}/{_points(out_of)} on the visible tests of {len(self)} assignments>")


def course_table(progress, folder=None, seconds=None, width=64):
    """The course's progress as text: one row per assignment (its last column, what is left to do, wrapped
    at `width` characters), then a total and the notes."""
    import textwrap

    rows = [("assignment", "visible points", "passed", "still to do")]
    for entry in progress:
        exercises = entry.report.exercises()
        passed = sum(1 for tests in exercises.values() if all(t.passed for t in tests))
        todo = [f"{label}: {', '.join(names)}" for label, names in
                ((NOT_ANSWERED, entry.not_answered()), ("to fix", entry.failing())) if names]
        if entry.report.problem:
            todo.append("stopped (see below)")
        rows.append((entry.assignment, f"{_points(entry.report.score)}/{_points(entry.report.out_of)}",
                     f"{passed}/{len(exercises)}", "; ".join(todo) or "-"))
    score, out_of = sum(e.report.score for e in progress), sum(e.report.out_of for e in progress)
    total_exercises = sum(len(e.report.exercises()) for e in progress)
    total_passed = sum(1 for e in progress for tests in e.report.exercises().values() if all(t.passed for t in tests))
    unanswered, failing = sum(len(e.not_answered()) for e in progress), sum(len(e.failing()) for e in progress)
    rows.append(("total", f"{_points(score)}/{_points(out_of)}", f"{total_passed}/{total_exercises}",
                 f"{unanswered} {NOT_ANSWERED}, {failing} to fix"))
    widths = [max(len(row[i]) for row in rows) for i in range(3)]
    where = f" in {folder}" if folder else ""
    took = f", {seconds:.0f} s" if seconds is not None else ""
    lines = [f"Your progress: the visible tests of {len(progress)} assignments{where}, each run as last saved "
             f"in a fresh kernel{took}"]
    indent, table = " " * (2 + sum(widths) + 3 * 3), []
    for index, row in enumerate(rows):
        if index == len(rows) - 1:
            table.append(None)  # the rule above the total
        todo = textwrap.wrap(row[3], width, break_on_hyphens=False) or [""]
        table.append(("  " + "   ".join([row[0].ljust(widths[0]), row[1].rjust(widths[1]), row[2].rjust(widths[2]),
                                          todo[0]])).rstrip())
        table += [indent + more for more in todo[1:]]
    rule = "  " + "-" * (max(len(line) for line in table if line) - 2)
    lines += [rule if line is None else line for line in table]
    hidden = sum(e.report.hidden_points for e in progress)
    manual = sum(e.report.manual_points for e in progress)
    for entry in progress:
        for finding in entry.report.findings:
            lines.append(f"  NOTE  {entry.assignment}: {finding.sentence()}: when graded, the course's answers are not "
                         "there, so this earns nothing.")
        if entry.report.problem:
            lines.append(f"  STOPPED  {entry.assignment}: {entry.report.problem}")
    if hidden:
        lines.append(f"Hidden tests worth {_points(hidden)} more points run when your notebooks are graded.")
    if any(is_question(name) for e in progress for name in e.report.exercises()):
        lines.append("A question (q_...) passes once it is answered in the right form; whether the answer is right, "
                     "its hidden test says when your notebook is graded.")
    if manual:
        lines.append(f"Free-response answers worth {_points(manual)} points are graded by hand.")
    lines.append("For one assignment's messages: python -m course_utils.check NOTEBOOK (or check_notebook() in it).")
    return "\n".join(lines)


def check_all(folder, timeout=TIMEOUT, progress_to=None):
    """[Progress] of every assignment notebook of `folder`, each run by run()."""
    results = []
    for assignment, path in course_notebooks(folder):
        if progress_to is not None:
            print(f"checking {assignment} ...", file=progress_to, flush=True)
        try:
            report = run(path, timeout=timeout)
        except (ValueError, OSError) as exc:  # not a readable notebook: nothing earned, said why
            report = Report(notebook=path.name, problem=f"cannot check {path.name}: {_one_line(exc)}")
        results.append(Progress(assignment, report))
    return results


def check_course(folder=None, timeout=TIMEOUT):
    """In a notebook: check every assignment of the course (saved files, fresh kernels) and print the table
    `python -m course_utils.check --all` prints. `folder` defaults to the one holding this notebook's
    assignment folder. Returns the [Progress] (None inside a self-check)."""
    if os.environ.get(ENV_FLAG):
        print("(check_course does nothing while a notebook is being checked)")
        return None
    target = Path(folder) if folder else find_course_folder()
    if target is None or not course_notebooks(target):
        raise FileNotFoundError(f"no <assignment>/<assignment>.ipynb in {target or Path.cwd()}: call "
                                "check_course(\"path/to/notebooks\")")
    print(f"Checking every assignment in {target} as last saved (save first with Ctrl+S); this takes a minute ...",
          flush=True)
    start = time.perf_counter()
    progress = CourseProgress(check_all(target, timeout=timeout))
    print(course_table(progress, target, time.perf_counter() - start))
    return progress


def course_main(folder, timeout=TIMEOUT):
    target = Path(folder) if folder else find_course_folder()
    if target is None or not target.is_dir() or not course_notebooks(target):
        print(f"no <assignment>/<assignment>.ipynb in {target or Path.cwd()}: give the course's notebooks folder",
              file=sys.stderr)
        return 2
    start = time.perf_counter()
    progress = check_all(target, timeout=timeout, progress_to=sys.stderr)
    print(course_table(progress, target, time.perf_counter() - start))
    return 0 if all(entry.report.ok for entry in progress) else 1


if __name__ == "__main__":
    sys.exit(main())
