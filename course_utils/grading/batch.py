"""Autograde a folder of submissions with nbgrader, in parallel: `python3 course.py grade`.

    python -m course_utils.grading.batch [SUBMISSIONS] [--course ROOT] [--jobs N] [--assignment A ...]
    python3 course.py grade [SUBMISSIONS] ...            (the same, in the course's environment)

SUBMISSIONS is laid out as nbgrader's submitted/ folder, <student>/<assignment>/<notebook>.ipynb (with
an optional timestamp.txt), and defaults to ROOT/submitted; ROOT, the course (nbgrader_config.py,
gradebook.db with the released assignments), defaults to the current folder. What it does:

1. One process per student (every assignment of that student in SUBMISSIONS), at most --jobs at a time
   (default: the number of cores), with a progress bar. Each runs the real `nbgrader autograde` with the
   course's config in a working copy of its own: the config, a gradebook that holds the assignments and
   no student, the released non-notebook files, and that student's submission. The learner's code runs
   where nbgrader_config.py says, in a bubblewrap sandbox (course_utils/grading/trusted.py); nbgrader,
   the tests and the comparisons run in this trusted process.
2. A per-cell timeout (nbgrader_config.py's or --timeout) and a time limit for the whole submission
   (--task-timeout). A submission that times out or is not a notebook is recorded as failed (zero
   points, needs manual grading, flagged) in the gradebook and in grading_report.csv; the batch goes on.
3. The scores go into the instructor's gradebook through nbgrader itself: `nbgrader autograde` runs
   once more per assignment in the course folder, on the executed notebooks, without the execution
   step, so nbgrader's own code saves scores, late penalties and autograded/ as a plain `nbgrader
   autograde` would. Then `nbgrader generate_feedback` and `nbgrader export` (grades.csv).
4. The class report of the whole gradebook (course_utils/grading/report.py; --no-report skips it):
   mistakes.csv, one row per failed test with the mistake it named, and class_report.html.

Without bubblewrap it refuses (saying how to install it), unless --unsandboxed: then the learner's code
runs without a sandbox and the report says so on every line.

Exit status: 0 when every submission was graded, 1 when some failed, 2 when nothing could be graded.
"""

import argparse
import copy
import csv
import json
import os
import re
import shutil
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor, as_completed
from dataclasses import dataclass, field
from pathlib import Path

REPORT = "grading_report.csv"
IGNORED = (".ipynb_checkpoints", "__pycache__", "*.pyc")


@dataclass
class Task:
    """One student's submissions, graded by one process."""

    student: str
    assignments: list  # names, each a folder SUBMISSIONS/<student>/<assignment>
    workdir: Path = None
    results: dict = field(default_factory=dict)  # assignment -> "ok" or the reason it failed
    seconds: float = 0.0


def say(message, quiet=False):
    if not quiet:
        print(message, flush=True)


# ---------------------------------------------------------------------------------------------
# The course
# ---------------------------------------------------------------------------------------------


def load_course(root):
    """(traitlets Config of ROOT/nbgrader_config.py, nbgrader CourseDirectory) for the course at `root`."""
    from nbgrader.coursedir import CourseDirectory
    from traitlets.config.loader import PyFileConfigLoader

    if not (root / "nbgrader_config.py").is_file():
        raise SystemExit(f"{root} has no nbgrader_config.py: pass the course folder with --course")
    config = PyFileConfigLoader("nbgrader_config.py", path=str(root)).load_config()
    config.CourseDirectory.root = str(root)
    return config, CourseDirectory(config=config)


def sqlite_path(db_url):
    match = re.fullmatch(r"sqlite:///(.+)", db_url)
    if not match:
        raise SystemExit(f"batch grading needs an sqlite gradebook; this course uses {db_url}")
    return Path(match.group(1))


def released_assignments(db_url):
    """{assignment: {notebook names}} of the assignments in the gradebook (generate_assignment puts them there)."""
    from nbgrader.api import Gradebook

    if not sqlite_path(db_url).is_file():
        return {}
    with Gradebook(db_url) as gradebook:
        return {assignment.name: {notebook.name for notebook in assignment.notebooks} for assignment in gradebook.assignments}


def make_template(db_url, target):
    """A copy of the gradebook with its assignments and without any student (nor submission)."""
    from nbgrader.api import Gradebook

    source = sqlite3.connect(sqlite_path(db_url))
    copy = sqlite3.connect(target)
    with copy:
        source.backup(copy)
    source.close()
    copy.close()
    url = f"sqlite:///{target}"
    with Gradebook(url) as gradebook:
        for student in list(gradebook.students):
            gradebook.remove_student(student.id)
    connection = sqlite3.connect(target)
    connection.execute("VACUUM")
    connection.close()
    return target


def find_tasks(submissions, released, only_assignments=(), only_students=()):
    """[Task] of every student folder in `submissions`, and [(student, assignment, why skipped)]."""
    tasks, skipped = [], []
    for student_dir in sorted(p for p in submissions.iterdir() if p.is_dir() and not p.name.startswith(".")):
        if only_students and student_dir.name not in only_students:
            continue
        assignments = []
        for assignment_dir in sorted(p for p in student_dir.iterdir() if p.is_dir() and not p.name.startswith(".")):
            name = assignment_dir.name
            if only_assignments and name not in only_assignments:
                continue
            if name not in released:
                skipped.append((student_dir.name, name, "not in the gradebook (run nbgrader generate_assignment first)"))
                continue
            assignments.append(name)
        if assignments:
            tasks.append(Task(student_dir.name, assignments))
    return tasks, skipped


# ---------------------------------------------------------------------------------------------
# Working copies
# ---------------------------------------------------------------------------------------------


def build_workdir(workdir, task, config_file, template, coursedir, submissions):
    """The working copy of one student: config, template gradebook, released extra files, submission."""
    workdir.mkdir(parents=True)
    shutil.copy2(config_file, workdir / "nbgrader_config.py")
    shutil.copy2(template, workdir / "gradebook.db")
    for assignment in task.assignments:
        source = workdir / coursedir.source_directory / assignment
        source.mkdir(parents=True, exist_ok=True)
        release = Path(coursedir.format_path(coursedir.release_directory, ".", assignment))
        if release.is_dir():  # the files learners received besides the notebooks (data, images)
            for path in release.rglob("*"):
                if path.is_file() and path.suffix != ".ipynb" and not any(
                        part in (".ipynb_checkpoints", "__pycache__") for part in path.parts):
                    target = source / path.relative_to(release)
                    target.parent.mkdir(parents=True, exist_ok=True)
                    shutil.copy2(path, target)
        shutil.copytree(submissions / task.student / assignment,  # links stay links: grading refuses them
                        workdir / "submitted" / task.student / assignment,
                        ignore=shutil.ignore_patterns(*IGNORED), symlinks=True)
    (workdir / ".runtime").mkdir()
    return workdir


def clean_env(workdir, jobs):
    """The environment of a grading process and its kernels: nothing of the instructor's own."""
    env = {
        "PATH": os.pathsep.join([str(Path(sys.executable).parent), "/usr/local/bin", "/usr/bin", "/bin"]),
        "HOME": os.environ.get("HOME", str(workdir)),
        "LANG": os.environ.get("LANG", "C.UTF-8"),
        "MPLBACKEND": "Agg",
        "PYTHONHASHSEED": "0",  # the same submission, the same run, the same score
        "PYTHONDONTWRITEBYTECODE": "1",
        "JUPYTER_RUNTIME_DIR": str(workdir / ".runtime"),
    }
    if jobs > 1:  # one BLAS thread per kernel when kernels already run side by side
        env.update(OMP_NUM_THREADS="1", OPENBLAS_NUM_THREADS="1", MKL_NUM_THREADS="1")
    if "SYSTEMROOT" in os.environ:  # Windows needs it to start Python at all
        env["SYSTEMROOT"] = os.environ["SYSTEMROOT"]
    return env


def grade_task(task, options):
    """Run one student's grading process; fill task.results. Never raises."""
    start = time.perf_counter()
    workdir = task.workdir
    assignment = task.assignments[0] if len(task.assignments) == 1 else "*"
    command = [sys.executable, "-m", "nbgrader", "autograde", assignment, "--student", task.student, "--force",
               f"--CourseDirectory.root={workdir}", f"--CourseDirectory.db_url=sqlite:///{workdir / 'gradebook.db'}",
               "--CourseDirectory.submitted_directory=submitted", "--CourseDirectory.autograded_directory=autograded"]
    if options.timeout:
        command.append(f"--TrustedExecute.timeout={options.timeout}")
    if options.unsandboxed:
        command.append("--TrustedExecute.sandbox=none")
    env = clean_env(task.workdir, options.jobs)
    env["COURSE_GRADING_HIDE"] = os.pathsep.join(str(p) for p in options.hide_paths)
    log_path = task.workdir / "grading.log"
    status = None
    try:
        with open(log_path, "wb") as log:
            process = subprocess.Popen(command, cwd=task.workdir, env=env,
                                       stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                                       start_new_session=True)
            try:
                process.wait(timeout=options.task_timeout)
            except subprocess.TimeoutExpired:
                status = f"timed out: grading took longer than {options.task_timeout} s"
            finally:
                kill_tree(process)
    except OSError as exc:
        status = f"could not start the grading process: {exc}"
    log_text = log_path.read_text(errors="replace") if log_path.exists() else ""
    for assignment in task.assignments:
        known = options.released.get(assignment, set())  # nbgrader skips notebooks it does not know, as here
        submitted = [p for p in sorted((task.workdir / "submitted" / task.student / assignment).glob("*.ipynb"))
                     if p.stem in known]
        graded = task.workdir / "autograded" / task.student / assignment
        if status is None and submitted and all((graded / p.name).is_file() for p in submitted):
            task.results[assignment] = "ok"
        else:
            task.results[assignment] = status or failure_reason(log_text, assignment, submitted)
    task.seconds = time.perf_counter() - start
    return task


def kill_tree(process):
    """Kill a grading process and everything it started (kernels run in sessions of their own). In a PID
    sandbox, the worker dies with its parent; the descendants are killed too."""
    try:
        import psutil

        descendants = psutil.Process(process.pid).children(recursive=True)
    except Exception:  # noqa: BLE001 -- gone already, or no psutil
        descendants = []
    for victim in descendants:
        try:
            victim.kill()
        except Exception:  # noqa: BLE001
            pass
    try:
        os.killpg(process.pid, getattr(signal, "SIGKILL", signal.SIGTERM))
    except (AttributeError, OSError):  # gone already; no process groups on Windows
        process.kill()
    process.wait()


def failure_reason(log_text, assignment, submitted):
    if not submitted:
        return "no notebook in the submission"
    errors = [line.split("]", 1)[-1].strip() for line in log_text.splitlines() if "| ERROR]" in line or "Error:" in line]
    interesting = [e for e in errors if e and "Removing failed" not in e and "There was an error" not in e]
    for pattern, reason in [("DeadKernelError", "the kernel died (the notebook crashed it or ran out of memory)"),
                            ("NotJSONError", "the file is not a readable notebook"),
                            ("JSONDecodeError", "the file is not a readable notebook"),
                            ("Notebook does not appear to be JSON", "the file is not a readable notebook"),
                            ("UnresponsiveKernelError", "the kernel stopped responding (an endless loop that ignores interrupts?)"),
                            ("Timeout waiting for IOPub output", "a cell ran past the per-cell timeout and ignored the "
                                                                 "interrupt (an endless loop that blocks interrupts?)"),
                            ("MemoryError", "ran out of memory")]:
        if pattern in log_text:
            return reason
    return interesting[-1][:300] if interesting else "nbgrader did not produce a graded notebook (see the log)"


# ---------------------------------------------------------------------------------------------
# Into the instructor's gradebook
# ---------------------------------------------------------------------------------------------


def merge(root, config, coursedir, tasks, submissions, batch, quiet):
    """Save the sandboxes' results with nbgrader itself, one `autograde` per assignment without execution."""
    from nbconvert.preprocessors import ExecutePreprocessor
    from nbgrader.apps.api import NbGraderAPI
    from nbgrader.converters import Autograde
    from nbgrader.coursedir import CourseDirectory
    from nbgrader.preprocessors import ClearOutput
    from traitlets.config import Config

    from course_utils.grading.trusted import TrustedExecute

    assignments = sorted({a for task in tasks for a, result in task.results.items() if result == "ok"})
    problems = {}
    for assignment in assignments:
        stage = batch / "executed" / assignment
        for task in tasks:
            if task.results.get(assignment) != "ok":
                continue
            original = submissions / task.student / assignment
            target = stage / task.student / assignment
            shutil.copytree(original, target, ignore=shutil.ignore_patterns(*IGNORED, "*.ipynb"))
            for notebook in (task.workdir / "autograded" / task.student / assignment).glob("*.ipynb"):
                shutil.copy(notebook, target / notebook.name)
                os.chmod(target / notebook.name, 0o644)
            in_course = Path(coursedir.format_path(coursedir.submitted_directory, task.student, assignment))
            if in_course.resolve() != original.resolve():  # keep nbgrader's layout: the submission in submitted/
                if in_course.exists():
                    shutil.rmtree(in_course)
                shutil.copytree(original, in_course, ignore=shutil.ignore_patterns(*IGNORED))
        merged = copy.deepcopy(config)
        merged.merge(Config({"CourseDirectory": {"root": str(root), "submitted_directory": str(stage)}}))
        defaults = Autograde.class_traits()
        sanitize = list(config.Autograde.get("sanitize_preprocessors", defaults["sanitize_preprocessors"].default()))
        autograde = list(config.Autograde.get("autograde_preprocessors", defaults["autograde_preprocessors"].default()))
        merged.Autograde.sanitize_preprocessors = [
            p for p in sanitize if not (isinstance(p, type) and issubclass(p, ClearOutput))]
        merged.Autograde.autograde_preprocessors = [
            p for p in autograde if not (isinstance(p, type) and issubclass(p, (ExecutePreprocessor, TrustedExecute)))]
        api = NbGraderAPI(coursedir=CourseDirectory(config=merged), config=merged)
        result = api.autograde(assignment, "*", force=True, create=True)
        log = (result.get("error") or result.get("log") or "")[-2000:]
        for task in tasks:  # each one's scores are saved if nbgrader wrote its autograded notebooks
            if task.results.get(assignment) == "ok":
                executed = list((stage / task.student / assignment).glob("*.ipynb"))
                saved = Path(coursedir.format_path(coursedir.autograded_directory, task.student, assignment))
                if not all((saved / notebook.name).is_file() for notebook in executed):
                    task.results[assignment] = "graded, but nbgrader failed to save the scores (see the log above)"
                    problems[assignment] = log
    return problems


def record_failures_and_flags(coursedir, tasks, submissions):
    """Failed submissions: zero, needs manual grading, flagged. Graded ones with integrity findings: flagged."""
    import warnings

    from nbgrader.api import Gradebook

    with warnings.catch_warnings(), Gradebook(coursedir.db_url, coursedir.course_id) as gradebook:
        warnings.simplefilter("ignore")  # SQLAlchemy's chatter while nbgrader creates a submission
        for task in tasks:
            for assignment, result in task.results.items():
                if result == "ok":
                    findings = []
                    for notebook in (task.workdir / "autograded" / task.student / assignment).glob("*.ipynb"):
                        try:
                            findings += json.loads(notebook.read_text()).get("metadata", {}).get("course_integrity", [])
                        except ValueError:
                            pass
                    if findings:
                        for notebook in gradebook.find_submission(assignment, task.student).notebooks:
                            notebook.flagged = True
                        task.results[assignment] = "ok, flagged: " + findings[0]
                    continue
                gradebook.update_or_create_student(task.student)
                timestamp = coursedir.get_existing_timestamp(str(submissions / task.student / assignment))
                kwargs = {"timestamp": timestamp} if timestamp else {}
                submission = gradebook.update_or_create_submission(assignment, task.student, **kwargs)
                for notebook in submission.notebooks:
                    notebook.flagged = True
                    for grade in notebook.grades:
                        grade.auto_score = 0
                        grade.needs_manual_grade = True
            gradebook.db.commit()


def totals(coursedir):
    """{(student, assignment): (score, max_score)} from the gradebook."""
    from nbgrader.api import Gradebook

    result = {}
    with Gradebook(coursedir.db_url, coursedir.course_id) as gradebook:
        for assignment in gradebook.assignments:
            for submission in gradebook.assignment_submissions(assignment.name):
                result[(submission.student.id, assignment.name)] = (submission.score, submission.max_score)
    return result


def feedback(root, config, assignments, jobs):
    """nbgrader generate_feedback for every autograded submission of `assignments`, up to `jobs`
    assignments at a time (it only reads the gradebook); {assignment: error log}."""
    if jobs > 1 and len(assignments) > 1:
        env = dict(os.environ)
        env["PATH"] = str(Path(sys.executable).parent) + os.pathsep + env.get("PATH", "")

        def one(assignment):
            return assignment, subprocess.run([sys.executable, "-m", "nbgrader", "generate_feedback", assignment, "--force"],
                                              cwd=root, env=env, capture_output=True, text=True)

        with ThreadPoolExecutor(max_workers=jobs) as pool:
            results = list(pool.map(one, assignments))
        return {a: (r.stdout + r.stderr)[-2000:] for a, r in results if r.returncode != 0}
    from nbgrader.apps.api import NbGraderAPI
    from nbgrader.coursedir import CourseDirectory

    api = NbGraderAPI(coursedir=CourseDirectory(config=config), config=config)
    problems = {}
    for assignment in assignments:
        result = api.generate_feedback(assignment, force=True)
        if not result.get("success"):
            problems[assignment] = (result.get("error") or result.get("log") or "")[-2000:]
    return problems


def export(coursedir, path):
    """nbgrader export: every score of the gradebook to a CSV file."""
    from nbgrader.api import Gradebook
    from nbgrader.plugins.export import CsvExportPlugin

    with Gradebook(coursedir.db_url, coursedir.course_id) as gradebook:
        CsvExportPlugin(to=str(path)).export(gradebook)


# ---------------------------------------------------------------------------------------------
# The class report (course_utils/grading/report.py, also `python -m course_utils.grading.report`)
# ---------------------------------------------------------------------------------------------


def write_class_report(root, coursedir):
    """mistakes.csv and class_report.html in the course folder, from the whole gradebook and autograded/;
    (csv path, html path), or None if they could not be written (said on stderr; the grades stand)."""
    from course_utils.grading.report import write_reports

    try:
        csv_path, html_path, _ = write_reports(coursedir, root)
    except Exception as exc:  # noqa: BLE001 -- the report is an extra: grading has succeeded by now
        print(f"the class report could not be written: {type(exc).__name__}: {exc}", file=sys.stderr)
        return None
    return csv_path, html_path


# ---------------------------------------------------------------------------------------------
# The command
# ---------------------------------------------------------------------------------------------


def parse(argv):
    parser = argparse.ArgumentParser(prog="python -m course_utils.grading.batch", description=__doc__.split("\n\n")[0],
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("submissions", nargs="?", help="folder of <student>/<assignment>/*.ipynb (default ROOT/submitted)")
    parser.add_argument("--course", default=".", help="the course folder, with nbgrader_config.py (default: here)")
    parser.add_argument("--jobs", "-j", type=int, default=len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count(),
                        help="submissions graded at the same time (default: the number of cores)")
    parser.add_argument("--assignment", action="append", default=[], help="grade only this assignment (repeatable)")
    parser.add_argument("--student", action="append", default=[], help="grade only this student (repeatable)")
    parser.add_argument("--timeout", type=int, help="seconds per cell (default: nbgrader_config.py's)")
    parser.add_argument("--task-timeout", type=int, default=1800, help="seconds for one student's submissions (default 1800)")
    parser.add_argument("--hide", action="append", default=[], help="another path the submissions must not see (repeatable)")
    parser.add_argument("--unsandboxed", action="store_true",
                        help="grade without bubblewrap (only notebooks you trust): the report says so")
    parser.add_argument("--no-feedback", action="store_true", help="skip nbgrader generate_feedback")
    parser.add_argument("--no-report", action="store_true",
                        help="skip mistakes.csv and class_report.html (course_utils/grading/report.py)")
    parser.add_argument("--csv", help="where nbgrader export writes the grades (default ROOT/grades.csv)")
    parser.add_argument("--workdir", help="where the working copies go (default: a new temporary folder)")
    parser.add_argument("--keep-workdir", action="store_true", help="keep the working copies and logs")
    parser.add_argument("--quiet", "-q", action="store_true", help="no progress bar, only the summary")
    return parser.parse_args(argv)


def main(argv=None):
    options = parse(argv)
    from tqdm.auto import tqdm

    from course_utils.grading.sandbox import INSTALL_HINT, bwrap_path

    root = Path(options.course).resolve()
    config, coursedir = load_course(root)
    submissions = Path(options.submissions).resolve() if options.submissions else Path(
        coursedir.format_path(coursedir.submitted_directory, ".", ".")).resolve()
    if not submissions.is_dir():
        print(f"no submissions folder {submissions}", file=sys.stderr)
        return 2
    released = released_assignments(coursedir.db_url)
    if not released:
        print(f"the gradebook {coursedir.db_url} has no assignments: run nbgrader generate_assignment first", file=sys.stderr)
        return 2
    options.released = released
    tasks, skipped = find_tasks(submissions, released, options.assignment, options.student)
    for student, assignment, why in skipped:
        say(f"skipped {student}/{assignment}: {why}", options.quiet)
    if not tasks:
        print(f"nothing to grade in {submissions}", file=sys.stderr)
        return 2

    if bwrap_path() is None and not options.unsandboxed:
        print(f"cannot grade: {INSTALL_HINT}", file=sys.stderr)
        return 2
    if options.unsandboxed:
        say("WARNING: grading without a sandbox (--unsandboxed): the notebooks' code can read and write whatever "
            "your account can. Use this only for notebooks you trust.", options.quiet)
    options.jobs = max(1, options.jobs)
    batch = Path(tempfile.mkdtemp(prefix="course-grade-", dir=options.workdir))
    options.hide_paths = [root, submissions, batch, *options.hide]  # other students' work is not the sandbox's
    started = time.perf_counter()
    try:
        template = make_template(coursedir.db_url, batch / "template.db")
        config_file = root / "nbgrader_config.py"
        broken = []
        for index, task in enumerate(tasks):
            try:
                task.workdir = build_workdir(batch / "work" / f"{index:05d}", task, config_file, template, coursedir,
                                             submissions)
            except (OSError, shutil.Error) as exc:  # one unreadable upload must not stop the class
                task.results = {a: f"could not copy the submission: {str(exc)[:200]}" for a in task.assignments}
                broken.append(task)
        tasks_to_grade = [t for t in tasks if t not in broken]
        say(f"grading {sum(len(t.assignments) for t in tasks)} submissions of {len(tasks)} students, "
            f"{options.jobs} at a time, sandbox: {'none' if options.unsandboxed else 'bubblewrap'}", options.quiet)
        failed, phase = 0, time.perf_counter()
        with ThreadPoolExecutor(max_workers=options.jobs) as pool, \
                tqdm(total=len(tasks), desc="grading", unit="student", disable=options.quiet) as bar:
            futures = [pool.submit(grade_task, task, options) for task in tasks_to_grade]
            bar.update(len(broken))
            for future in as_completed(futures):
                task = future.result()
                failed += any(result != "ok" for result in task.results.values())
                bar.set_postfix_str(f"{failed} failed" if failed else "")
                bar.update(1)
        grading_seconds = time.perf_counter() - phase

        say("saving the scores with nbgrader ...", options.quiet)
        phase = time.perf_counter()
        problems = merge(root, config, coursedir, tasks, submissions, batch, options.quiet)
        for assignment, log in problems.items():
            print(f"saving the scores of {assignment} failed:\n{log}", file=sys.stderr)
        record_failures_and_flags(coursedir, tasks, submissions)
        saving_seconds, phase = time.perf_counter() - phase, time.perf_counter()

        if not options.no_feedback:
            say("writing the feedback ...", options.quiet)
            graded = sorted({a for t in tasks for a, r in t.results.items() if r.startswith("ok")})
            for assignment, log in feedback(root, config, graded, options.jobs).items():
                print(f"nbgrader generate_feedback {assignment} failed:\n{log}", file=sys.stderr)
        csv_path = Path(options.csv).resolve() if options.csv else root / "grades.csv"
        export(coursedir, csv_path)
        feedback_seconds = time.perf_counter() - phase
        class_report = None if options.no_report else write_class_report(root, coursedir)

        scores = totals(coursedir)
        report = root / REPORT
        with open(report, "w", newline="", encoding="utf-8") as f:
            writer = csv.writer(f)
            writer.writerow(["student", "assignment", "status", "score", "max_score", "seconds", "message"])
            for task in tasks:
                for assignment in task.assignments:
                    result = task.results[assignment]
                    score, out_of = scores.get((task.student, assignment), ("", ""))
                    status = "graded" if result.startswith("ok") else "failed"
                    message = "" if result == "ok" else result.removeprefix("ok, ")
                    if options.unsandboxed:
                        message = "graded WITHOUT a sandbox" + (f"; {message}" if message else "")
                    writer.writerow([task.student, assignment, status, score, out_of, f"{task.seconds:.1f}", message])
            for student, assignment, why in skipped:
                writer.writerow([student, assignment, "skipped", "", "", "", why])
        failures = [(t.student, a, r) for t in tasks for a, r in t.results.items() if not r.startswith("ok")]
        flagged = [(t.student, a, r) for t in tasks for a, r in t.results.items() if r.startswith("ok, flagged")]
        print(f"graded {sum(len(t.assignments) for t in tasks) - len(failures)} submissions in "
              f"{time.perf_counter() - started:.1f} s ({grading_seconds:.1f} s running notebooks, "
              f"{saving_seconds:.1f} s saving scores, {feedback_seconds:.1f} s feedback and export); "
              f"{len(failures)} failed, {len(flagged)} flagged", flush=True)
        for student, assignment, why in failures:
            print(f"  failed  {student}/{assignment}: {why}")
        for student, assignment, why in flagged:
            print(f"  flagged {student}/{assignment}: {why.removeprefix('ok, flagged: ')}")
        say(f"gradebook: {coursedir.db_url}; grades: {csv_path}; report: {report}"
            + ("" if options.no_feedback else f"; feedback: {coursedir.format_path(coursedir.feedback_directory, '*', '*')}"),
            options.quiet)
        if class_report:
            say(f"mistakes: {class_report[0]}; class report (open it in a browser): {class_report[1]}", options.quiet)
        return 1 if failures or problems else 0
    finally:
        if options.keep_workdir:
            say(f"working copies kept in {batch}", options.quiet)
        else:
            shutil.rmtree(batch, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
