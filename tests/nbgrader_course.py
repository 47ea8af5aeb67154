"""Helpers for the tests: where the assignments are, what their cells are, and a throwaway nbgrader course.

No test functions here. The course runs the real nbgrader command line of the Python that runs pytest
(`python -m nbgrader`, with that Python's scripts first on PATH, since nbgrader calls `alembic`).
"""

import csv
import importlib.util
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SOLUTIONS = ROOT / "solutions"
RELEASE = ROOT / "notebooks"
CONFIG = ROOT / "nbgrader_config.py"

# Files that are never part of an assignment (nbgrader's CourseDirectory.ignore says the same).
IGNORED = (".ipynb_checkpoints", "__pycache__", "*.pyc")

SOLUTION_STUDENT = "solution"  # submits the solution notebook exactly as it is in solutions/
RELEASE_STUDENT = "untouched"  # submits the release notebook without writing a line


def load_course_script():
    """The root's course.py as a module (for its constants, e.g. how nbstripout is configured)."""
    spec = importlib.util.spec_from_file_location("course_script", ROOT / "course.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


# ---------------------------------------------------------------------------------------------
# Assignments and their cells
# ---------------------------------------------------------------------------------------------


def assignments():
    """Names of the assignments: folders solutions/<name>/ that hold solutions/<name>/<name>.ipynb.

    COURSE_ASSIGNMENTS="03_forward_pass,04_bptt" narrows the slow tests to those (for authors at work).
    """
    if not SOLUTIONS.is_dir():
        return []
    names = sorted(p.name for p in SOLUTIONS.iterdir() if (p / f"{p.name}.ipynb").is_file())
    wanted = [n.strip() for n in os.environ.get("COURSE_ASSIGNMENTS", "").split(",") if n.strip()]
    return [n for n in names if n in wanted] if wanted else names


def solution_notebooks(assignment):
    """The source notebooks of one assignment (CONTRIBUTING.md: one, named like its folder)."""
    return sorted((SOLUTIONS / assignment).glob("*.ipynb"))


def read_notebook(path):
    with open(path, encoding="utf-8") as f:
        return json.load(f)


def source_text(cell):
    source = cell.get("source", "")
    return "".join(source) if isinstance(source, list) else source


def nbgrader_meta(cell):
    return cell.get("metadata", {}).get("nbgrader", {})


def exercise_of(grade_id):
    """`NAME_test` and `NAME_hidden_test` belong to exercise `NAME`; anything else to itself."""
    for suffix in ("_hidden_test", "_test"):
        if grade_id.endswith(suffix):
            return grade_id[: -len(suffix)]
    return grade_id


def grade_cells(notebook):
    """{grade_id: points} of the graded cells of a notebook (a parsed .ipynb)."""
    return {
        nbgrader_meta(cell)["grade_id"]: float(nbgrader_meta(cell)["points"])
        for cell in notebook["cells"]
        if nbgrader_meta(cell).get("grade")
    }


def is_manual(cell):
    """A free-response answer: a graded markdown cell the learner writes in, graded by hand in the formgrader."""
    meta = nbgrader_meta(cell)
    return cell.get("cell_type") == "markdown" and bool(meta.get("grade")) and bool(meta.get("solution"))


def manual_cells(notebook):
    """{grade_id: points} of the manually graded answers of a notebook (a parsed .ipynb)."""
    return {nbgrader_meta(c)["grade_id"]: float(nbgrader_meta(c)["points"]) for c in notebook["cells"] if is_manual(c)}


def solution_cells(notebook):
    """{grade_id: cell} of the cells a learner writes in (solution and not graded)."""
    return {
        nbgrader_meta(cell)["grade_id"]: cell
        for cell in notebook["cells"]
        if nbgrader_meta(cell).get("solution") and not nbgrader_meta(cell).get("grade")
    }


def graded_exercises(assignment):
    """{exercise: [grade ids of its graded cells]} over the assignment's solution notebooks."""
    exercises = {}
    for path in solution_notebooks(assignment):
        notebook = read_notebook(path)
        manual = manual_cells(notebook)  # graded by hand: no exercise, no catalogued mistake
        for grade_id in (g for g in grade_cells(notebook) if g not in manual):
            exercises.setdefault(exercise_of(grade_id), []).append(grade_id)
    return exercises


def tree(folder):
    """{relative posix path: bytes} of the files under `folder`, without IGNORED ones."""
    folder = Path(folder)
    files = {}
    for path in sorted(folder.rglob("*")):
        rel = path.relative_to(folder)
        if path.is_file() and not any(part == ".ipynb_checkpoints" or part == "__pycache__" for part in rel.parts):
            if path.suffix != ".pyc":
                files[rel.as_posix()] = path.read_bytes()
    return files


# ---------------------------------------------------------------------------------------------
# A throwaway nbgrader course
# ---------------------------------------------------------------------------------------------


class NbgraderError(AssertionError):
    pass


def tool_env():
    """This Python's environment, with its scripts folder first on PATH and no colour codes."""
    env = dict(os.environ)
    env["PATH"] = str(Path(sys.executable).parent) + os.pathsep + env.get("PATH", "")
    env["PYTHONUNBUFFERED"] = "1"
    env.setdefault("MPLBACKEND", "Agg")
    return env


class Course:
    """A temporary nbgrader course: a copy of solutions/ and nbgrader_config.py, nothing else.

    submitted/<student>/<assignment>/<notebook>.ipynb is where `submit` puts notebooks, the layout
    `nbgrader autograde` reads (and `nbgrader collect` writes).
    """

    def __init__(self, directory):
        self.dir = Path(directory)
        self.dir.mkdir(parents=True, exist_ok=True)
        shutil.copy2(CONFIG, self.dir / CONFIG.name)
        shutil.copytree(SOLUTIONS, self.dir / "solutions", ignore=shutil.ignore_patterns(*IGNORED))
        self.log = []

    def clone(self, directory):
        """A copy of this course (released assignments, gradebook and all) in `directory`."""
        shutil.copytree(self.dir, directory)
        other = object.__new__(Course)
        other.dir, other.log = Path(directory), []
        return other

    def nbgrader(self, *args, timeout=1200):
        """Run `python -m nbgrader ARGS` in the course folder; raise with its output if it fails."""
        cmd = [sys.executable, "-m", "nbgrader", *args]
        result = subprocess.run(
            cmd, cwd=self.dir, env=tool_env(), capture_output=True, text=True, timeout=timeout
        )
        self.log.append((args, result))
        if result.returncode != 0:
            raise NbgraderError(
                f"`nbgrader {' '.join(args)}` exited {result.returncode}:\n{result.stdout}\n{result.stderr}"
            )
        return result

    def generate(self, assignment):
        self.nbgrader("generate_assignment", assignment, "--force")
        return self.dir / "notebooks" / assignment

    def submit(self, student, assignment, notebook_name, notebook):
        """Place a notebook (a parsed .ipynb or a path to one) as `student`'s submission."""
        folder = self.dir / "submitted" / student / assignment
        folder.mkdir(parents=True, exist_ok=True)
        target = folder / notebook_name
        if isinstance(notebook, (str, Path)):
            shutil.copy2(notebook, target)
        else:
            target.write_text(json.dumps(notebook, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
        return target

    def autograde(self, assignment, *options):
        """Autograde every student's submission of `assignment` in one nbgrader call (options: more
        command-line arguments, e.g. "--TrustedExecute.timeout=5" or "--student=NAME")."""
        return self.nbgrader("autograde", assignment, "--force", *options)

    def autograded(self, student, assignment, notebook_name):
        """The path of a student's autograded notebook."""
        return self.dir / "autograded" / student / assignment / notebook_name

    def feedback(self, assignment, *options):
        """`nbgrader generate_feedback`; the folder feedback/ of the course."""
        self.nbgrader("generate_feedback", assignment, "--force", *options)
        return self.dir / "feedback"

    def export(self):
        """`nbgrader export` to a CSV; its rows as dicts."""
        path = self.dir / "grades.csv"
        self.nbgrader("export", f"--to={path}")
        with open(path, newline="", encoding="utf-8") as f:
            return list(csv.DictReader(f))

    def coursedir(self):
        """nbgrader's CourseDirectory as the course's nbgrader_config.py configures it."""
        from nbgrader.coursedir import CourseDirectory
        from traitlets.config.loader import PyFileConfigLoader

        config = PyFileConfigLoader(CONFIG.name, path=str(self.dir)).load_config()
        return CourseDirectory(config=config)

    def needs_manual_grade(self, assignment, student):
        """{grade_id} of the student's cells of `assignment` that wait for a grader (nbgrader's needs_manual_grade)."""
        from nbgrader.api import Gradebook

        coursedir = self.coursedir()
        with Gradebook(coursedir.db_url, coursedir.course_id) as gradebook:
            submission = gradebook.find_submission(assignment, student)
            return {grade.name for notebook in submission.notebooks for grade in notebook.grades if grade.needs_manual_grade}

    def scores(self, assignment):
        """{student: {notebook: {grade_id: (score, max_score)}}} from the gradebook."""
        from nbgrader.api import Gradebook

        coursedir = self.coursedir()
        result = {}
        with Gradebook(coursedir.db_url, coursedir.course_id) as gradebook:
            for submission in gradebook.assignment_submissions(assignment):
                notebooks = result.setdefault(submission.student.id, {})
                for notebook in submission.notebooks:
                    notebooks[notebook.name] = {
                        grade.name: (float(grade.score), float(grade.max_score)) for grade in notebook.grades
                    }
        return result
