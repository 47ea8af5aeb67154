"""The learner's progress through the whole course: `python -m course_utils.check --all` and check_course().

Without a kernel: the table (points, exercises passed, not answered, to fix, a total), where the folder is
found from, and check_course() printing what the command prints. With kernels (slow): a course folder of
two assignments, the first one's solution and the second one's untouched release, checked by the command:
full visible points for the first, none and every exercise "not answered" for the second.
"""

import shutil
import subprocess
import sys

import pytest

from nbgrader_course import RELEASE, ROOT, SOLUTIONS, assignments, grade_cells, manual_cells, read_notebook, tool_env

from course_utils import check

ASSIGNMENTS = [a for a in assignments() if (RELEASE / a / f"{a}.ipynb").is_file()]


def fake_progress():
    done = check.Report("01_a.ipynb", tests=[check.TestResult("f_test", "f", 1, True), check.TestResult("g_test", "g", 2, True)],
                  hidden_points=3)
    started = check.Report("02_b.ipynb", hidden_points=4, tests=[
        check.TestResult("h_test", "h", 1, True),
        check.TestResult("i_test", "i", 2, False, "i(x) has shape (2,) but should have shape (3,)."),
        check.TestResult("j_test", "j", 1, False, "j(x): not answered yet (replace `raise NotImplementedError()` ...)."),
        check.TestResult("k_test", "k", 1, False, "k(x): not answered yet (replace `raise NotImplementedError()` ...)."),
    ])
    return [check.Progress("01_a", done), check.Progress("02_b", started)]


def test_the_table_says_points_and_what_is_left():
    text = check.course_table(fake_progress(), "here")
    lines = text.splitlines()
    row = next(line for line in lines if line.strip().startswith("01_a"))
    assert "3/3" in row and "2/2" in row
    row = next(line for line in lines if line.strip().startswith("02_b"))
    assert "1/5" in row and "1/4" in row and row.endswith("not answered yet: j, k; to fix: i")
    total = next(line for line in lines if line.strip().startswith("total"))
    assert total.split()[1:3] == ["4/8", "3/6"] and total.endswith("2 not answered yet, 1 to fix")
    assert "Hidden tests worth 7 more points" in text


def test_check_course_prints_what_the_command_prints(monkeypatch, tmp_path, capsys):
    for name in ("01_a", "02_b"):
        (tmp_path / name).mkdir()
        (tmp_path / name / f"{name}.ipynb").write_text("{}")
    (tmp_path / "not_an_assignment").mkdir()
    reports = {f"{p.assignment}.ipynb": p.report for p in fake_progress()}
    monkeypatch.setattr(check, "run", lambda path, timeout=None: reports[path.name])
    monkeypatch.chdir(tmp_path / "02_b")  # where a notebook's kernel runs
    monkeypatch.delenv(check.ENV_FLAG, raising=False)
    progress = check.check_course()
    printed = capsys.readouterr().out
    assert [p.assignment for p in progress] == ["01_a", "02_b"]
    assert check.course_table(progress, tmp_path).splitlines()[1:] == printed.splitlines()[2:]
    assert check.main(["--all", str(tmp_path)]) == 1
    assert check.course_table(progress, tmp_path).splitlines()[1:] == capsys.readouterr().out.splitlines()[1:]
    monkeypatch.setenv(check.ENV_FLAG, "1")
    assert check.check_course() is None  # inside a self-check it does nothing


def test_the_course_folder_is_found(tmp_path):
    assert check.find_course_folder(ROOT) == ROOT / "notebooks"
    assert check.find_course_folder(tmp_path) is None
    assert check.main(["--all", str(tmp_path)]) == 2


@pytest.mark.slow
def test_the_command_checks_every_assignment(tmp_path):
    if len(ASSIGNMENTS) < 2:
        pytest.skip("fewer than two released assignments")
    done, blank = ASSIGNMENTS[:2]
    folder = tmp_path / "my course"
    shutil.copytree(SOLUTIONS / done, folder / done, ignore=shutil.ignore_patterns(".ipynb_checkpoints"))
    shutil.copytree(RELEASE / blank, folder / blank, ignore=shutil.ignore_patterns(".ipynb_checkpoints"))
    result = subprocess.run([sys.executable, "-m", "course_utils.check", "--all", str(folder)], cwd=ROOT,
                            env=tool_env(), capture_output=True, text=True, timeout=600)
    assert result.returncode == 1, result.stdout + result.stderr
    lines = result.stdout.splitlines()

    def visible(assignment):
        notebook = read_notebook(SOLUTIONS / assignment / f"{assignment}.ipynb")
        manual = manual_cells(notebook)  # free-response answers: graded by hand, not by the self-check
        cells = {g: p for g, p in grade_cells(notebook).items() if g not in manual}
        points = sum(p for g, p in cells.items() if not g.endswith("_hidden_test"))
        exercises = sorted({check.exercise_of(g) for g in cells})
        return points, exercises

    points, exercises = visible(done)
    row = next(line for line in lines if line.strip().startswith(done))
    assert f"{points:g}/{points:g}" in row and f"{len(exercises)}/{len(exercises)}" in row, result.stdout
    points, exercises = visible(blank)
    at = next(i for i, line in enumerate(lines) if line.strip().startswith(blank))
    assert f"0/{points:g}" in lines[at] and f"0/{len(exercises)}" in lines[at], result.stdout
    assert "not answered yet: " in lines[at] and "to fix" not in lines[at]
    block = lines[at] + " " + " ".join(line.strip() for line in lines[at + 1:] if line.startswith("    "))
    for exercise in exercises:
        assert exercise in block, result.stdout
    assert "total" in result.stdout


def test_a_check_cell_is_not_a_note_and_shows_one_line():
    """A cell that imports the self-check uses none of the course's answers: no NOTE for it (another import
    of the course's package still gets one). What a cell ending in check_course() or check_notebook() shows."""
    from IPython.lib.pretty import pretty

    def notebook(source):
        return {"cells": [{"cell_type": "code", "metadata": {}, "source": source, "outputs": [],
                           "execution_count": None}], "metadata": {}, "nbformat": 4, "nbformat_minor": 5}

    for source in ("from course_utils.check import check_course\ncheck_course()\n",
                   "from course_utils.check import check_notebook\ncheck_notebook()\n"):
        assert check.learner_findings(notebook(source)) == []
    assert check.learner_findings(notebook("from course_utils.rnn import rnn_forward\n"))
    progress = check.CourseProgress(fake_progress())
    assert pretty(progress) == "<progress: 4/8 on the visible tests of 2 assignments>"
    assert pretty(progress[1].report) == "<02_b.ipynb: 1/5 on the visible tests>"
