"""The learner's self-check, `python -m course_utils.check NOTEBOOK` and check_notebook() in a notebook.

With a real kernel, on the first assignment in solutions/: the release notebook scores 0 on its visible
tests, the solution full marks, a catalogued mistake fails its exercise with the test's message, and
code that tampers with the checks gets the same warning the grader acts on. Hidden tests are never run
and never printed, from a release notebook or from an instructor's source notebook. Without a kernel:
the hidden blocks of every solution notebook are cut out before anything could run.
"""

import json
import re
import subprocess
import sys

import pytest

import adversarial
from nbgrader_course import ROOT, assignments, grade_cells, manual_cells, nbgrader_meta, source_text, tool_env

from course_utils.check import exercise_of, prepare, run, strip_hidden

ASSIGNMENTS = assignments()
ASSIGNMENT = ASSIGNMENTS[0] if ASSIGNMENTS else None


def hidden_lines(notebook):
    """The code lines of the notebook's hidden-test blocks (long enough to be recognisable)."""
    lines = []
    for cell in notebook["cells"]:
        text = source_text(cell)
        for block in re.findall(r"BEGIN HIDDEN TESTS[^\n]*\n(.*?)\n[^\n]*END HIDDEN TESTS", text, re.S):
            lines += [line.strip() for line in block.splitlines() if len(line.strip()) > 12 and not line.strip().startswith("#")]
    return lines


def visible_points(notebook):
    """Points of the visible tests (not the hidden ones, nor the free-response answers a grader scores)."""
    manual = manual_cells(notebook)
    return sum(p for g, p in grade_cells(notebook).items() if not g.endswith("_hidden_test") and g not in manual)


def check_cli(path, *options):
    """(exit status, stdout) of `python -m course_utils.check PATH`."""
    result = subprocess.run([sys.executable, "-m", "course_utils.check", str(path), *options], cwd=ROOT,
                            env=tool_env(), capture_output=True, text=True, timeout=600)
    return result.returncode, result.stdout + result.stderr


def write(tmp_path, notebook, name):
    folder = tmp_path / "work"
    folder.mkdir(exist_ok=True)
    return adversarial.write(folder / name, notebook)


@pytest.fixture
def assignment():
    if not ASSIGNMENT:
        pytest.skip("no assignments in solutions/")
    return ASSIGNMENT


@pytest.mark.slow
def test_release_scores_zero_and_a_check_cell_in_it_does_nothing(tmp_path, assignment):
    name, release = adversarial.release_notebook(assignment)
    release = json.loads(json.dumps(release))
    release["cells"].append({"cell_type": "code", "metadata": {}, "execution_count": None, "outputs": [],
                             "source": "from course_utils.check import check_notebook\ncheck_notebook()\n"})
    status, out = check_cli(write(tmp_path, release, name))
    assert status == 1, out
    assert f"Score on the visible tests: 0/{visible_points(release):g}" in out, out
    assert "not answered yet" in out
    for line in hidden_lines(adversarial.solution_notebook(assignment)[1]):
        assert line not in out


@pytest.mark.slow
def test_solution_gets_the_visible_points_and_its_hidden_tests_never_run(tmp_path, assignment):
    name, solution = adversarial.solution_notebook(assignment)
    solution = json.loads(json.dumps(solution))
    witness, injected = tmp_path / "hidden-ran", 0
    for cell in solution["cells"]:  # a hidden block that would leave a trace if it ran
        text = source_text(cell)
        if "### BEGIN HIDDEN TESTS\n" in text:
            cell["source"] = text.replace(
                "### BEGIN HIDDEN TESTS\n", f"### BEGIN HIDDEN TESTS\nopen({str(witness)!r}, 'w').write('ran')\n", 1)
            injected += 1
    assert injected, "no hidden-test block to plant a witness in"
    status, out = check_cli(write(tmp_path, solution, name))
    points = visible_points(solution)
    assert f"Score on the visible tests: {points:g}/{points:g}" in out, out
    assert status == 0, out
    assert "FAIL" not in out
    assert not witness.exists(), "a hidden test ran during the self-check"
    for line in hidden_lines(solution):
        assert line not in out, f"hidden test code printed: {line}"


@pytest.mark.slow
def test_a_catalogued_mistake_fails_its_exercise_with_the_tests_message(tmp_path, assignment):
    mistake = adversarial.first_mistake(assignment)
    name, notebook = mistake.notebook()
    report = run(write(tmp_path, notebook, name))
    by_exercise = report.exercises()
    failed = [t for t in by_exercise[mistake.exercise] if not t.passed]
    visible = [g for g in grade_cells(notebook) if exercise_of(g) == mistake.exercise and not g.endswith("_hidden_test")]
    if not failed:  # only the hidden test catches this one: the self-check cannot say more than PASS
        pytest.skip(f"{mistake.why}: caught by the hidden test only")
    message = failed[0].message
    assert message and "\n" not in message, message
    assert failed[0].grade_id in visible
    others = {e: [t.message for t in tests if not t.passed] for e, tests in by_exercise.items()
              if e != mistake.exercise and not all(t.passed for t in tests)}
    assert not others, others
    assert f"FAIL  {mistake.exercise}" in report.text()


@pytest.mark.slow
def test_a_copy_of_the_course_answer_gets_a_note(tmp_path):
    """An exercise that calls the reference module gets a note (it earns nothing when graded, since the
    answers are not in the grading sandbox); tampering with the checks is no longer the self-check's
    business: it changes nothing in the grader's process."""
    for assignment in ASSIGNMENTS:
        try:
            name, notebook = adversarial.copies_the_reference(assignment)
            break
        except ValueError:
            continue
    else:
        pytest.skip("no exercise has a namesake in a reference module")
    report = run(write(tmp_path, notebook, name))
    assert report.findings
    assert "NOTE" in report.text() and "earns nothing" in report.text()


def test_in_notebook_check_does_nothing_inside_a_check(monkeypatch, capsys):
    from course_utils.check import ENV_FLAG, check_notebook

    monkeypatch.setenv(ENV_FLAG, "1")
    assert check_notebook("anything.ipynb") is None
    assert "does nothing" in capsys.readouterr().out


def test_the_command_refuses_what_is_not_a_notebook(tmp_path):
    from course_utils.check import main

    assert main([str(tmp_path / "missing.ipynb")]) == 2
    broken = tmp_path / "broken.ipynb"
    broken.write_text('{"cells": [')
    assert main([str(broken)]) == 2


@pytest.mark.parametrize("assignment_name", ASSIGNMENTS)
def test_no_hidden_code_survives_preparation(assignment_name):
    """Whatever a solution notebook's hidden blocks hold, none of it is left to run."""
    _, solution = adversarial.solution_notebook(assignment_name)
    prepared, visible, hidden = prepare(solution)
    runnable = "\n".join(cell.source for cell in prepared.cells if cell.cell_type == "code")
    assert "HIDDEN TESTS" not in runnable
    runnable_lines = {line.strip() for line in runnable.splitlines()}
    visible_lines = {line.strip() for c in solution["cells"] for line in strip_hidden(source_text(c)).splitlines()}
    for line in hidden_lines(solution):
        assert line not in runnable_lines or line in visible_lines, line
    graded = grade_cells(solution)
    assert hidden + sum(points for _, _, points in visible) + sum(manual_cells(solution).values()) == pytest.approx(
        sum(graded.values()))
    for cell in prepared.cells:
        meta = nbgrader_meta(cell)
        if meta.get("grade_id", "").endswith("_hidden_test"):
            assert not cell.source.strip(), f"{meta['grade_id']} would run"


def test_in_notebook_check_finds_the_notebook_it_runs_in(monkeypatch, tmp_path):
    """JupyterLab's kernels get the notebook's path as __session__ (VS Code's as __vsc_ipynb_file__)."""
    import IPython

    from course_utils import check

    notebook = tmp_path / "mine.ipynb"
    notebook.write_text("{}")

    class Shell:
        user_ns = {"__session__": str(notebook)}

    monkeypatch.setattr(IPython, "get_ipython", lambda: Shell())
    monkeypatch.chdir(tmp_path)
    assert check._current_notebook() == notebook
    Shell.user_ns = {"__vsc_ipynb_file__": str(notebook)}
    assert check._current_notebook() == notebook
    Shell.user_ns = {}
    monkeypatch.setenv("JPY_SESSION_NAME", "somewhere/mine.ipynb")
    assert check._current_notebook() == tmp_path / "mine.ipynb"
