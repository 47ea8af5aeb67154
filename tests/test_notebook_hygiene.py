"""Notebooks in git carry no outputs, execution counts or personal metadata; releases carry no answers.

In a git repository the notebooks checked are the tracked ones, as git stores them (the index, which
is what the nbstripout filter wrote); elsewhere every .ipynb of solutions/ and notebooks/.
The solution notebooks must also follow the cell conventions of CONTRIBUTING.md.
"""

import ast
import copy
import json
import subprocess
import sys

import pytest

from course_utils.testing import is_question
from nbgrader_course import (
    RELEASE,
    ROOT,
    SOLUTIONS,
    exercise_of,
    is_manual,
    load_course_script,
    nbgrader_meta,
    solution_cells,
    source_text,
)

ALLOWED_CELL_METADATA = {"nbgrader", "tags", "editable", "deletable", "slideshow"}
ALLOWED_NOTEBOOK_METADATA = {"kernelspec", "language_info"}
MARKERS = ("BEGIN SOLUTION", "END SOLUTION", "BEGIN HIDDEN TESTS", "END HIDDEN TESTS")


def git(*args, **kwargs):
    return subprocess.run(["git", *args], cwd=ROOT, capture_output=True, **kwargs)


def in_git():
    try:
        result = git("rev-parse", "--is-inside-work-tree", text=True)
    except FileNotFoundError:
        return False
    return result.returncode == 0 and result.stdout.strip() == "true"


IN_GIT = in_git()


def notebook_files():
    """Relative posix paths of the notebooks to check."""
    if IN_GIT:
        out = git("ls-files", "-z", "--", "*.ipynb", text=True, check=True).stdout
        return sorted(p for p in out.split("\0") if p)
    found = [p for folder in (SOLUTIONS, RELEASE) if folder.is_dir() for p in folder.rglob("*.ipynb")]
    return sorted(p.relative_to(ROOT).as_posix() for p in found if ".ipynb_checkpoints" not in p.parts)


def stored_text(path):
    """The notebook as git stores it (index), or the file outside git."""
    if IN_GIT:
        return git("show", f":{path}", check=True).stdout.decode("utf-8")
    return (ROOT / path).read_text(encoding="utf-8")


def hygiene_problems(notebook):
    """What personal or run-time state a parsed notebook carries, as a list of sentences."""
    problems = []
    extra = set(notebook.get("metadata", {})) - ALLOWED_NOTEBOOK_METADATA
    if extra:
        problems.append(f"notebook metadata {sorted(extra)} (only {sorted(ALLOWED_NOTEBOOK_METADATA)} allowed)")
    kernel = notebook.get("metadata", {}).get("kernelspec", {}).get("name")
    if kernel not in (None, "python3"):
        problems.append(f"kernelspec {kernel!r}: use the plain 'python3' kernel")
    for i, cell in enumerate(notebook.get("cells", [])):
        where = f"cell {i} ({nbgrader_meta(cell).get('grade_id', cell.get('cell_type'))})"
        if cell.get("outputs"):
            problems.append(f"{where} has outputs")
        if cell.get("execution_count") is not None:
            problems.append(f"{where} has an execution count")
        extra = set(cell.get("metadata", {})) - ALLOWED_CELL_METADATA
        if extra:
            problems.append(f"{where} has metadata {sorted(extra)}")
    return problems


NOTEBOOK_FILES = notebook_files()


@pytest.mark.parametrize("path", NOTEBOOK_FILES)
def test_notebook_is_clean(path):
    problems = hygiene_problems(json.loads(stored_text(path)))
    assert not problems, f"{path}: " + "; ".join(problems) + " -- run `python course.py setup` and re-add it"


RELEASE_FILES = [p for p in NOTEBOOK_FILES if p.startswith("notebooks/")]


@pytest.mark.parametrize("path", RELEASE_FILES)
def test_release_has_no_solutions_or_hidden_tests(path):
    text = stored_text(path)
    leaked = [marker for marker in MARKERS if marker in text]
    assert not leaked, f"{path} contains {leaked}: regenerate it with `python course.py release`"


SOLUTION_FILES = sorted(SOLUTIONS.glob("*/*.ipynb")) if SOLUTIONS.is_dir() else []


@pytest.mark.parametrize("path", SOLUTION_FILES, ids=[p.stem for p in SOLUTION_FILES])
def test_solution_cells_follow_the_conventions(path):
    """CONTRIBUTING.md: NAME (solution), NAME_test and NAME_hidden_test (graded, locked, points);
    every other code cell locked with a grade_id, but the learner's scratch cells (tag "scratch")."""
    notebook = json.loads(path.read_text(encoding="utf-8"))
    cells = {nbgrader_meta(c).get("grade_id"): c for c in notebook["cells"] if nbgrader_meta(c)}
    exercises = solution_cells(notebook)
    problems = []
    for name, cell in exercises.items():
        text = source_text(cell)
        if "### BEGIN SOLUTION" not in text or "### END SOLUTION" not in text:
            problems.append(f"{name}: the answer is not between ### BEGIN SOLUTION and ### END SOLUTION")
        for test_id in (f"{name}_test", f"{name}_hidden_test"):
            meta = nbgrader_meta(cells.get(test_id, {}))
            # a question's visible test checks the form of the answer only: its points are the hidden test's
            least = 0 if is_question(name) and test_id == f"{name}_test" else 1e-9
            if not (meta.get("grade") and meta.get("locked") and meta.get("points", 0) >= least):
                problems.append(f"{name}: no graded, locked cell {test_id} with points")
        hidden = source_text(cells.get(f"{name}_hidden_test", {}))
        if "### BEGIN HIDDEN TESTS" not in hidden or "### END HIDDEN TESTS" not in hidden:
            problems.append(f"{name}_hidden_test: no ### BEGIN HIDDEN TESTS ... ### END HIDDEN TESTS block")
    for i, cell in enumerate(notebook["cells"]):
        meta = nbgrader_meta(cell)
        grade_id = meta.get("grade_id", "")
        if is_manual(cell):  # a free-response answer, graded by hand: its rubric between the solution markers
            rubric = source_text(cell).partition("### BEGIN SOLUTION")[2].partition("### END SOLUTION")
            if not (meta.get("points", 0) > 0 and rubric[1] and "Rubric" in rubric[0]):
                problems.append(f"manually graded cell {grade_id!r}: no points, or no rubric between ### BEGIN SOLUTION "
                                "and ### END SOLUTION")
            continue
        if meta.get("grade") and not (grade_id.endswith("_test") and exercise_of(grade_id) in exercises):
            problems.append(f"graded cell {grade_id!r} is not NAME_test or NAME_hidden_test of a solution cell NAME")
        if "scratch" in cell.get("metadata", {}).get("tags", []):
            if cell["cell_type"] != "code" or meta.get("grade") or meta.get("solution") or meta.get("locked"):
                problems.append(f"scratch cell {i} must be an ungraded, unlocked code cell without nbgrader metadata")
            if any(nbgrader_meta(later).get("grade") for later in notebook["cells"][i + 1:]):
                problems.append(f"scratch cell {i} comes before a test: a learner's code there could cost points")
            continue
        if cell["cell_type"] == "code" and not (meta.get("solution") or meta.get("grade")):
            if not (meta.get("locked") and meta.get("grade_id")):
                problems.append(f"code cell {i} is not locked with a grade_id: {source_text(cell)[:60]!r}")
    assert not problems, f"{path.name}:\n" + "\n".join(problems)


# ---------------------------------------------------------------------------------------------
# The nbstripout filter
# ---------------------------------------------------------------------------------------------


def clean_command():
    """The filter git runs on `git add` if this clone has one, else the one course.py installs."""
    if IN_GIT:
        configured = git("config", "--get", "filter.nbstripout.clean", text=True).stdout.strip()
        if configured:
            return configured
    return load_course_script().nbstripout_command(sys.executable)


def run_filter(text):
    """`text` through the clean filter, run by a shell as git runs it."""
    command = clean_command()
    result = subprocess.run(command, shell=True, input=text.encode("utf-8"), capture_output=True, cwd=ROOT)
    assert result.returncode == 0, f"`{command}` failed: {result.stderr.decode(errors='replace')}"
    return result.stdout.decode("utf-8")


def sample_notebook():
    """A solution notebook if there is one, else a small one with the same kinds of cells."""
    if SOLUTION_FILES:
        return json.loads(SOLUTION_FILES[0].read_text(encoding="utf-8"))
    meta = {"grade": False, "grade_id": "f", "locked": False, "schema_version": 3, "solution": True}
    test = {"grade": True, "grade_id": "f_test", "locked": True, "points": 1, "schema_version": 3, "solution": False}
    return {
        "cells": [
            {"cell_type": "code", "execution_count": None, "id": "a1", "metadata": {"nbgrader": meta},
             "outputs": [], "source": "def f():\n    ### BEGIN SOLUTION\n    return 1\n    ### END SOLUTION"},
            {"cell_type": "code", "execution_count": None, "id": "a2",
             "metadata": {"nbgrader": test, "editable": False, "deletable": False}, "outputs": [],
             "source": "assert f() == 1"},
        ],
        "metadata": {"kernelspec": {"display_name": "Python 3", "language": "python", "name": "python3"},
                     "language_info": {"name": "python"}},
        "nbformat": 4,
        "nbformat_minor": 5,
    }


def test_nbstripout_keeps_nbgrader_metadata_and_strips_the_rest():
    clean = sample_notebook()
    dirty = copy.deepcopy(clean)
    dirty["metadata"].update({"widgets": {"state": {}}, "toc": {"nav_menu": {}}, "vscode": {"interpreter": {}},
                              "celltoolbar": "Create Assignment"})
    dirty["metadata"].setdefault("language_info", {})["version"] = "3.11.7"
    for n, cell in enumerate(dirty["cells"]):
        cell["metadata"].update({"collapsed": False, "scrolled": True, "ExecuteTime": {"end_time": "x"},
                                 "execution": {"iopub.status.idle": "x"}, "trusted": True,
                                 "jupyter": {"source_hidden": False}})
        if cell["cell_type"] == "code":
            cell["execution_count"] = n + 1
            cell["outputs"] = [{"output_type": "stream", "name": "stdout", "text": "hello\n"}]
    stripped = json.loads(run_filter(json.dumps(dirty)))

    assert hygiene_problems(stripped) == [], "the nbstripout filter leaves personal or run-time state"
    assert len(stripped["cells"]) == len(clean["cells"])
    for before, after in zip(clean["cells"], stripped["cells"]):
        assert after.get("id") == before.get("id"), "the filter changes cell ids"
        for key in ALLOWED_CELL_METADATA:
            assert after["metadata"].get(key) == before["metadata"].get(key), f"the filter changes cell metadata {key!r}"
        assert after["source"] == before["source"] or source_text(after) == source_text(before)


@pytest.mark.parametrize("path", NOTEBOOK_FILES)
def test_filter_leaves_stored_notebook_unchanged(path):
    """What git stores is already what the filter writes, so a release regenerated and re-added is stable."""
    text = stored_text(path)
    assert run_filter(text) == text.replace("\r\n", "\n"), f"the nbstripout filter would change {path}"


# ---------------------------------------------------------------------------------------------
# Visible tests speak in sentences
# ---------------------------------------------------------------------------------------------

VALUE_CHECKS = ("check_close", "check_equal")


def _defined_functions(notebook):
    """Names of the functions the learner writes (defined in solution cells)."""
    names = set()
    for cell in solution_cells(notebook).values():
        try:
            tree = ast.parse(source_text(cell))
        except SyntaxError:
            continue
        names |= {node.name for node in tree.body if isinstance(node, ast.FunctionDef)}
    return names


def visible_test_problems(source, learner_functions):
    """What a visible test cell does that would fail with less than a sentence about the likely mistake:
    a check_close/check_equal with neither `mistakes=` nor `hint=`, or a call of the learner's code
    outside `with calling(...)` (an exception would reach the learner raw)."""
    problems = []

    def visit(node, guarded):
        if isinstance(node, ast.With):
            guarded = guarded or any(isinstance(item.context_expr, ast.Call)
                                     and getattr(item.context_expr.func, "id", None) == "calling"
                                     for item in node.items)
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name):
            keywords = {k.arg for k in node.keywords}
            if node.func.id in VALUE_CHECKS and not keywords & {"mistakes", "hint"}:
                problems.append(f"line {node.lineno}: {node.func.id}({ast.unparse(node.args[0]) if node.args else ''}, ...) "
                                "has neither mistakes= nor hint=")
            if node.func.id in learner_functions and not guarded:
                problems.append(f"line {node.lineno}: {node.func.id}(...) is called outside `with calling(...)`")
        for child in ast.iter_child_nodes(node):
            visit(child, guarded)

    visit(ast.parse(source), False)
    return problems


@pytest.mark.parametrize("path", SOLUTION_FILES, ids=[p.stem for p in SOLUTION_FILES])
def test_visible_tests_say_what_is_likely_wrong(path):
    """Every visible test fails with one sentence about the likely mistake (CONTRIBUTING.md): each value
    check names catalogued mistakes or gives a hint, and the learner's code runs inside `calling`."""
    notebook = json.loads(path.read_text(encoding="utf-8"))
    learner_functions = _defined_functions(notebook)
    problems = []
    for cell in notebook["cells"]:
        grade_id = nbgrader_meta(cell).get("grade_id", "")
        if nbgrader_meta(cell).get("grade") and grade_id.endswith("_test") and not grade_id.endswith("_hidden_test"):
            problems += [f"{grade_id}, {p}" for p in visible_test_problems(source_text(cell), learner_functions)]
    assert not problems, f"{path.name}:\n" + "\n".join(problems)
