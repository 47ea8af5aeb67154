"""The trusted side of grading: nbgrader's Execute step, replaced by one that never runs learner code here.

    c.Autograde.autograde_preprocessors = autograde_preprocessors()     (nbgrader_config.py)

TrustedExecute walks the notebook in order. Every cell but the tests runs in the worker, the learner's
process in the sandbox (remote.py, sandbox.py). Every test cell runs here, in nbgrader's own process,
with its source as nbgrader restored it from the gradebook: the setup cell's imports and the course's
checks are this process's own, and each exercise name (from the gradebook's copy of the solution cells,
not from the learner's) is a function that calls the learner's code in the worker with plain data. So
the expected values and every comparison live where the learner's code never ran, and a test cell's
outputs, from which nbgrader computes the score, are written here. The same test cell, run in the
learner's own kernel, checks their code there: a test is written once.
"""

import ast
import contextlib
import io
import os
from pathlib import Path

from nbformat.v4 import new_output
from traitlets import Bool, Dict, Enum, Integer, List, Unicode

from nbgrader.preprocessors import NbGraderPreprocessor

from course_utils.grading import limits as size_limits
from course_utils.grading.remote import LearnerError, Worker, WorkerGone
from course_utils.grading.sandbox import INSTALL_HINT, SandboxUnavailable, bwrap_path, default_hidden
from course_utils.testing import WORKER_KEY

SETUP_ID = "setup"


def _meta(cell):
    return cell.get("metadata", {}).get("nbgrader", {})


def _is_test(cell):
    meta = _meta(cell)
    return cell.get("cell_type") == "code" and bool(meta.get("grade")) and not meta.get("solution")


def defined_names(source):
    """{name: parameter names} of the top-level functions (and classes) a solution cell defines: the
    exercise's interface."""
    try:
        tree = ast.parse(source)
    except SyntaxError:
        return {}
    return {node.name: [a.arg for a in node.args.posonlyargs + node.args.args] if isinstance(node, ast.FunctionDef)
            else [] for node in tree.body if isinstance(node, (ast.FunctionDef, ast.ClassDef))}


def _later_exercises(db_url, assignment):
    """Every exercise function of `assignment` and of the assignments after it: the course's versions of
    them answer this one's (03's rnn_forward over one step is 02's rnn_cell_forward), so the worker's
    copy of the package has none of them."""
    from nbgrader.api import Gradebook

    names = set()
    with Gradebook(db_url) as gradebook:
        for other in gradebook.assignments:
            if other.name >= assignment:
                for notebook in other.notebooks:
                    for cell in notebook.solution_cells:
                        source = next((c.source for c in notebook.source_cells if c.name == cell.name), "")
                        names |= set(defined_names(source))
    return names


class Course:
    """What the gradebook says of one notebook: the code that may run here, and the exercises' names."""

    by_cell = {}  # {solution cell's grade_id: its functions}
    later = set()  # the functions of the exercises of this and every later assignment (stubbed in the worker)

    def __init__(self, tests, setup, exercises, demos=()):
        self.tests = tests  # {grade_id: source} of the test cells, hidden tests included
        self.setup = setup  # the setup cell's source
        self.exercises = exercises  # {name: parameters} the solution cells define (the release's copy)
        self.demos = set(demos)  # grade_ids of the other locked code cells: pictures, training runs

    @classmethod
    def from_gradebook(cls, resources):
        """From nbgrader's gradebook, or None outside nbgrader."""
        info = (resources or {}).get("nbgrader", {})
        if not info.get("db_url"):
            return None
        from nbgrader.api import Gradebook, MissingEntry

        try:
            with Gradebook(info["db_url"]) as gradebook:
                notebook = gradebook.find_notebook(info["notebook"], info["assignment"])
                sources = {cell.name: cell for cell in notebook.source_cells}
                tests = {cell.name: sources[cell.name].source for cell in notebook.grade_cells
                         if cell.cell_type == "code" and cell.name in sources}
                solutions = {cell.name for cell in notebook.solution_cells} - set(tests)
        except MissingEntry:
            return None
        exercises, by_cell = {}, {}
        for name in solutions:
            if sources[name].cell_type == "code":
                by_cell[name] = defined_names(sources[name].source)
                exercises.update(by_cell[name])
        later = _later_exercises(info["db_url"], info["assignment"])
        setup = sources[SETUP_ID].source if SETUP_ID in sources else ""
        demos = {name for name, cell in sources.items() if cell.locked and cell.cell_type == "code"
                 and name != SETUP_ID and name not in tests and name not in solutions}
        course = cls(tests, setup, exercises, demos)
        course.by_cell, course.later = by_cell, later
        return course

    @classmethod
    def from_notebook(cls, nb):
        """From the notebook's own metadata: only for notebooks whose cells you trust (no gradebook)."""
        tests = {_meta(c)["grade_id"]: c.source for c in nb.cells if _is_test(c) and _meta(c).get("grade_id")}
        setup = next((c.source for c in nb.cells if _meta(c).get("grade_id") == SETUP_ID), "")
        exercises = {}
        for cell in nb.cells:
            if cell.get("cell_type") == "code" and _meta(cell).get("solution"):
                exercises.update(defined_names(cell.source))
        return cls(tests, setup, exercises)

    def is_demo(self, cell):
        return cell.get("cell_type") == "code" and _meta(cell).get("grade_id") in self.demos

    def test_source(self, cell):
        """The gradebook's source of a test cell, or None for any other cell (whatever its metadata says)."""
        if cell.get("cell_type") != "code" or not _meta(cell).get("grade"):
            return None
        return self.tests.get(_meta(cell).get("grade_id"))


def _stream(text):
    return new_output("stream", name="stdout", text=text)


def _error(ename, evalue, traceback=None):
    return new_output("error", ename=str(ename)[:100], evalue=str(evalue),
                      traceback=list(traceback) if traceback else [f"{ename}: {evalue}"])


class TrustedExecute(NbGraderPreprocessor):
    """nbgrader's Execute for the course: learner code in a sandboxed worker, tests in this process."""

    timeout = Integer(60, help="Seconds a cell, or a test's call of the learner's code, may run.").tag(config=True)
    sandbox = Enum(["bwrap", "none"], "bwrap",
                   help="'bwrap' runs the learner's code in bubblewrap; 'none' without a sandbox, for trusted "
                        "notebooks only (the notebook's metadata then says so).").tag(config=True)
    hide = List(Unicode(), [], help="More folders the learner's code must not see.").tag(config=True)
    limits = Dict({}, help="Overrides of sandbox.DEFAULT_LIMITS (cpu_seconds, memory_bytes, ...).").tag(config=True)
    max_cell_bytes = Integer(size_limits.MAX_CELL_BYTES, help="Bytes a cell may take in the graded notebook, "
                             "outputs, metadata and attachments included.").tag(config=True)
    log_worker = Bool(False, help="Keep the worker's stderr in grading-worker.log beside the notebook.").tag(config=True)
    run_demos = Bool(False, help="Run the locked cells that only show things (pictures, training runs) too. They "
                                 "earn no points and take most of a notebook's time, so by default they are not run "
                                 "when grading; the self-check skips them as well.").tag(config=True)

    def preprocess(self, nb, resources):
        size_limits.cap_notebook(nb, self.max_cell_bytes)
        info = (resources or {}).get("nbgrader", {})
        assignment = info.get("assignment") or ""
        folder = Path((resources or {}).get("metadata", {}).get("path") or ".")
        course = Course.from_gradebook(resources)
        if course is None and info.get("db_url"):  # under nbgrader, only the gradebook says what may run here
            raise RuntimeError(f"not graded: the gradebook has no notebook {info.get('notebook')!r} in {assignment!r}")
        course = course or Course.from_notebook(nb)
        exercises = course.exercises
        if self.sandbox == "bwrap" and bwrap_path() is None:
            raise SandboxUnavailable(INSTALL_HINT)
        coursedir = _course_directory(self)
        info = dict(info, student=info.get("student") or (folder.parent.name if folder.parent != folder else None))
        _refuse_links(coursedir, info)
        files = _released_files(coursedir, assignment)
        nb.metadata["course_grading"] = {"sandbox": self.sandbox}
        course_root = getattr(coursedir, "root", None) or os.getcwd()
        worker = None
        try:
            worker = Worker.start(assignment, set(exercises) | course.later, files=files, timeout=self.timeout,
                                  hide=default_hidden(course_root, self.hide + _hidden_from_environment()),
                                  limits=self.limits,
                                  isolation=self.sandbox,
                                  log_path=str(folder / "grading-worker.log") if self.log_worker else None)
        except WorkerGone as exc:  # before any of the learner's code ran: the grading machine's problem
            raise RuntimeError(f"grading {assignment}: {exc}") from None
        try:
            self._run_cells(nb, course, worker)
        finally:
            worker.close()
        size_limits.cap_notebook(nb, self.max_cell_bytes)
        return nb, resources

    def _run_cells(self, nb, course, worker):
        exercises = course.exercises
        stopped, namespace = None, None
        for index, cell in enumerate(nb.cells):
            if cell.get("cell_type") != "code":
                continue
            cell.outputs, cell.execution_count = [], None
            if stopped is not None:
                cell.outputs = [_error("NotGraded", f"not run: {stopped}")]
                continue
            try:
                test = course.test_source(cell)
                if test is not None:
                    if namespace is None:
                        namespace = self._trusted_namespace(course.setup)
                    grade_id = _meta(cell).get("grade_id")
                    lent = set(course.by_cell.get(_exercise_of(grade_id), ())) & worker.lent
                    if lent:  # the learner's code has had the course's own version of this exercise
                        cell.outputs = [_error("NotGraded", f"not graded: this test ran after a test that lent the "
                                               f"course's `{sorted(lent)[0]}` to your code (the cells were moved); "
                                               "keep the notebook's cells in their order.")]
                        continue
                    cell.outputs = self._run_test(grade_id, test, namespace, worker, exercises)
                elif course.is_demo(cell) and not self.run_demos:
                    continue
                elif cell.source.strip():
                    result = worker.run(cell.source)
                    cell.outputs = ([_stream(result["stdout"])] if result["stdout"] else [])
                    if result["error"]:
                        error = result["error"]
                        cell.outputs.append(_error(error.get("ename", "Error"), error.get("evalue", ""),
                                                   [str(t) for t in error.get("traceback", [])][-20:] or None))
            except WorkerGone as exc:
                stopped = str(exc)
                cell.outputs.append(_error("NotGraded", f"not run: {stopped}"))

    def _trusted_namespace(self, setup):
        """The setup cell, run here: numpy, the course's checks and the reference modules of the tests."""
        namespace = {"__name__": "__main__"}
        with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
            exec(compile(setup, "<setup>", "exec"), namespace)  # noqa: S102 -- the gradebook's cell
        return namespace

    def _run_test(self, grade_id, source, namespace, worker, exercises):
        printed = []
        namespace[WORKER_KEY] = worker
        for name, parameters in exercises.items():
            namespace[name] = worker.function(name, printed, parameters)
        out = io.StringIO()
        outputs = []
        try:
            with contextlib.redirect_stdout(out), contextlib.redirect_stderr(out):
                exec(compile(source, f"<test {grade_id}>", "exec"), namespace)  # noqa: S102 -- the gradebook's
        except WorkerGone:
            raise
        except LearnerError as exc:  # raised by the learner's code outside `calling`, e.g. in a hidden test
            message = exc.message or ("not answered yet" if exc.kind == "NotImplementedError" else "(no message)")
            error = _error(exc.kind, message + (f" (at `{exc.line}`)" if exc.line else ""))
        except Exception as exc:  # noqa: BLE001 -- a failed test: the sentence is its message
            error = _error(type(exc).__name__, str(exc))
        else:
            error = None
        text = "".join(printed) + out.getvalue()
        if text:
            outputs.append(_stream(text))
        if error is not None:
            outputs.append(error)
        return outputs


def _exercise_of(grade_id):
    for suffix in ("_hidden_test", "_test"):
        if grade_id and grade_id.endswith(suffix):
            return grade_id[: -len(suffix)]
    return grade_id


def _course_directory(preprocessor):
    """nbgrader's CourseDirectory, as this run of nbgrader configures it (None outside nbgrader)."""
    try:
        from nbgrader.coursedir import CourseDirectory

        return CourseDirectory(config=preprocessor.config)
    except Exception:  # noqa: BLE001 -- no course: nothing to check or show
        return None


def _refuse_links(coursedir, info):
    """A submission holding symbolic links is not graded: copying it (nbgrader does, into autograded/)
    would read whatever they point at with the grader's rights, the source notebooks included."""
    if coursedir is None or not info.get("student") or not info.get("assignment"):
        return
    folder = Path(coursedir.format_path(coursedir.submitted_directory, info["student"], info["assignment"]))
    if folder.is_symlink():
        raise RuntimeError(f"not graded: the submission folder {folder} is a symbolic link")
    for path in folder.rglob("*") if folder.is_dir() else ():
        if path.is_symlink():
            raise RuntimeError(f"not graded: the submission holds a symbolic link, {path.relative_to(folder)}")


def _released_files(coursedir, assignment):
    """{name: path} of the assignment's files besides notebooks, from the course's own copy: what the
    learner received, not what the submission holds."""
    if coursedir is None or not assignment:
        return {}
    folder = Path(coursedir.format_path(coursedir.source_directory, ".", assignment))
    if not folder.is_dir():
        return {}
    return {p.name: p for p in folder.iterdir()
            if p.is_file() and not p.is_symlink() and p.suffix != ".ipynb" and not p.name.startswith(".")}


def _hidden_from_environment():
    """Folders the batch grader asks to hide too (the instructor's course and the submissions)."""
    return [p for p in os.environ.get("COURSE_GRADING_HIDE", "").split(os.pathsep) if p]


def autograde_preprocessors():
    """nbgrader's autograde preprocessors with Execute replaced by TrustedExecute
    (for nbgrader_config.py: c.Autograde.autograde_preprocessors = autograde_preprocessors())."""
    from nbgrader.converters import Autograde
    from nbgrader.preprocessors import Execute

    preprocessors = list(Autograde.class_traits()["autograde_preprocessors"].default())
    return [TrustedExecute if p is Execute else p for p in preprocessors]
