"""Autograde a folder of submissions with nbgrader, in parallel, each submission in a sandbox of its own.

    python -m course_utils.grade [SUBMISSIONS] [--course ROOT] [--jobs N] [--assignment A ...]
    python3 course.py grade [SUBMISSIONS] ...            (the same, in the course's environment)

SUBMISSIONS is laid out as nbgrader's submitted/ folder, <student>/<assignment>/<notebook>.ipynb (with
an optional timestamp.txt), and defaults to ROOT/submitted; ROOT, the course (nbgrader_config.py,
gradebook.db with the released assignments), defaults to the current folder. What it does:

1. One process per student ("submission": every assignment of that student in SUBMISSIONS), at most
   --jobs at a time (default: the number of cores), with a progress bar. Each runs the real
   `nbgrader autograde` in a working copy of its own, in a fresh temporary folder: the course's
   nbgrader_config.py, a gradebook that holds the assignments and no student, the released
   non-notebook files, and that student's submission -- not the source notebooks, not the other
   submissions, not the instructor's gradebook.
2. On Linux, where mount namespaces are allowed (`unshare --user --map-root-user`), that process also
   runs in a private mount and PID namespace in which the course folder, the checkout course_utils is
   installed from (its .git and solutions/ included), SUBMISSIONS, the temporary folder and any --hide
   path are empty; only the working copy, the Python environment and the course_utils package show
   through. A notebook that goes looking for ../../../solutions, or for the course through
   course_utils.__file__, sys.executable or /proc, finds nothing, and nothing it started outlives it.
   nbgrader and the kernel start without any capability, so being root in the namespace does not let
   them unmount what covers the course (and mounts inherited into a namespace of their own are locked).
   Elsewhere (--isolation copy) only the working copy protects the source, which is no protection
   against code that knows where to look: anything your account can read, it can read.
3. A per-cell timeout (nbgrader's, from nbgrader_config.py or --timeout), a time limit for the whole
   submission (--task-timeout) and a memory limit (--memory, Linux). A submission that crashes the
   kernel, times out or is not a notebook is recorded as failed -- zero points, needs manual grading,
   flagged -- in the gradebook and in grading_report.csv; the batch goes on.
4. The scores go into the instructor's gradebook through nbgrader itself: `nbgrader autograde` runs
   once more per assignment in the course folder, on the notebooks the sandboxes executed, with the
   Execute and ClearOutput steps left out -- so nbgrader's own code saves scores, comments, late
   penalties and autograded/ exactly as a plain `nbgrader autograde` would. Then `nbgrader
   generate_feedback` (feedback/<student>/<assignment>/*.html) and `nbgrader export` (grades.csv).

Exit status: 0 when every submission was graded, 1 when some failed, 2 when nothing could be graded.
"""

import argparse
import copy
import csv
import ctypes
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
UNSHARE = ["unshare", "--user", "--map-root-user", "--mount", "--pid", "--fork", "--mount-proc", "--kill-child"]
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
# Sandboxes
# ---------------------------------------------------------------------------------------------


def namespaces_available():
    """Whether this machine lets us make the user, mount and PID namespaces the sandbox needs."""
    if not sys.platform.startswith("linux") or shutil.which("unshare") is None:
        return False
    try:
        return subprocess.run(UNSHARE + ["true"], capture_output=True, timeout=30).returncode == 0
    except (OSError, subprocess.TimeoutExpired):
        return False


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
        shutil.copytree(submissions / task.student / assignment,
                        workdir / "submitted" / task.student / assignment,
                        ignore=shutil.ignore_patterns(*IGNORED))
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


def _package_dir():
    return Path(__file__).resolve().parent


def hidden_paths(root, submissions, extra=()):
    """What a sandbox must not see: the course, the checkout course_utils comes from, the submissions, the
    temporary folders (other working copies), and whatever the instructor adds."""
    paths = [root, submissions, Path(tempfile.gettempdir()), Path("/var/tmp"), Path("/dev/shm"), *map(Path, extra)]
    checkout = _package_dir().parent
    if any((checkout / marker).exists() for marker in ("nbgrader_config.py", ".git", "solutions")):
        paths.append(checkout)
    return paths


def kept_paths(workdir):
    """What a sandbox needs: its working copy, the Python environment, the course_utils package."""
    return [workdir, Path(sys.prefix), Path(sys.base_prefix), Path(sys.executable).parent, _package_dir()]


def _within(path, folder):
    try:
        Path(path).relative_to(folder)
        return True
    except ValueError:
        return False


def _outermost(paths):
    resolved = sorted({Path(os.path.realpath(p)) for p in paths if os.path.lexists(p)}, key=lambda p: len(p.parts))
    kept = []
    for path in resolved:
        if not any(_within(path, other) for other in kept):
            kept.append(path)
    return kept


def isolate(hide, keep):
    """In a fresh user+mount namespace: cover every `hide` path with an empty tmpfs (a file with
    /dev/null), then bind every `keep` path that was covered back in place."""
    libc = ctypes.CDLL(None, use_errno=True)
    ms_bind, ms_rec, ms_nosuid, ms_nodev = 4096, 16384, 2, 4

    def mount(source, target, fstype, flags, data):
        if libc.mount(source.encode() if source else None, str(target).encode(),
                      fstype.encode() if fstype else None, flags, data.encode() if data else None) != 0:
            error = ctypes.get_errno()
            raise OSError(error, f"mount {target}: {os.strerror(error)}")

    hide, keep = _outermost(hide), _outermost(keep)
    keep = [k for k in keep if any(_within(k, h) for h in hide)]
    handles = {k: os.open(k, os.O_PATH | (os.O_DIRECTORY if k.is_dir() else 0)) for k in keep}
    for path in hide:
        if path.is_dir():
            mount("tmpfs", path, "tmpfs", ms_nosuid | ms_nodev, "mode=0755,size=64m")
        else:
            mount("/dev/null", path, None, ms_bind, None)
    for path, handle in handles.items():
        if os.path.isdir(f"/proc/self/fd/{handle}"):
            path.mkdir(parents=True, exist_ok=True)
        else:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.touch()
        mount(f"/proc/self/fd/{handle}", path, None, ms_bind | ms_rec, None)
        os.close(handle)


def drop_privileges():
    """Give up every capability, for this process and whatever it executes, and forbid regaining them:
    in the namespace we are root, and root could unmount the empty folders to see what is beneath."""
    libc = ctypes.CDLL(None, use_errno=True)
    pr_capbset_drop, pr_set_no_new_privs = 24, 38
    try:
        last = int(Path("/proc/sys/kernel/cap_last_cap").read_text())
    except (OSError, ValueError):
        last = 40
    for capability in range(last + 1):
        libc.prctl(pr_capbset_drop, capability, 0, 0, 0)
    if libc.prctl(pr_set_no_new_privs, 1, 0, 0, 0) != 0:
        raise OSError(ctypes.get_errno(), "prctl(PR_SET_NO_NEW_PRIVS) failed")


def worker(args):
    """Inside one grading process: sandbox, limits, then `nbgrader autograde` over the working copy."""
    workdir = Path(args.worker).resolve()
    if args.hide:
        isolate(args.hide, args.keep)
        drop_privileges()  # nbgrader and the kernel start without any capability (execve below)
    os.chdir(workdir)  # after the mounts: the working directory is the bound copy
    if args.memory and sys.platform.startswith("linux"):
        import resource

        limit = int(args.memory * 2**30)
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    assignment = args.assignments[0] if len(args.assignments) == 1 else "*"
    command = [sys.executable, "-m", "nbgrader", "autograde", assignment, "--student", args.worker_student, "--force",
               f"--CourseDirectory.root={workdir}", f"--CourseDirectory.db_url=sqlite:///{workdir / 'gradebook.db'}",
               "--CourseDirectory.submitted_directory=submitted", "--CourseDirectory.autograded_directory=autograded"]
    if args.timeout:
        command.append(f"--ExecutePreprocessor.timeout={args.timeout}")
    sys.stdout.flush()
    os.execve(sys.executable, command, dict(os.environ))


def grade_task(task, options):
    """Run one student's grading process; fill task.results. Never raises."""
    start = time.perf_counter()
    command = [sys.executable, "-m", "course_utils.grade", "--worker", str(task.workdir), "--worker-student", task.student,
               "--assignments", *task.assignments]
    if options.timeout:
        command += ["--timeout", str(options.timeout)]
    if options.memory:
        command += ["--memory", str(options.memory)]
    if options.isolation == "namespace":
        for path in options.hide_paths:
            command += ["--hide", str(path)]
        command = UNSHARE + command + ["--keep", *map(str, kept_paths(task.workdir))]
    env = clean_env(task.workdir, options.jobs)
    if options.isolation == "namespace":
        env["COURSE_GRADING_SANDBOX"] = "namespace"  # a notebook may know it is sandboxed; tests rely on it
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
    namespace, killing its first process is enough; the descendants are killed too, for the copy mode."""
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
            p for p in autograde if not (isinstance(p, type) and issubclass(p, ExecutePreprocessor))]
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
# The command
# ---------------------------------------------------------------------------------------------


def parse(argv):
    parser = argparse.ArgumentParser(prog="python -m course_utils.grade", description=__doc__.split("\n\n")[0],
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("submissions", nargs="?", help="folder of <student>/<assignment>/*.ipynb (default ROOT/submitted)")
    parser.add_argument("--course", default=".", help="the course folder, with nbgrader_config.py (default: here)")
    parser.add_argument("--jobs", "-j", type=int, default=len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count(),
                        help="submissions graded at the same time (default: the number of cores)")
    parser.add_argument("--assignment", action="append", default=[], help="grade only this assignment (repeatable)")
    parser.add_argument("--student", action="append", default=[], help="grade only this student (repeatable)")
    parser.add_argument("--timeout", type=int, help="seconds per cell (default: nbgrader_config.py's)")
    parser.add_argument("--task-timeout", type=int, default=1800, help="seconds for one student's submissions (default 1800)")
    parser.add_argument("--memory", type=float, default=4.0,
                        help="GB of address space for each process of a grading (nbgrader, kernel), Linux (default 4; 0: no limit)")
    parser.add_argument("--isolation", choices=["auto", "namespace", "copy"], default="auto",
                        help="namespace: sandbox in mount+PID namespaces (Linux); copy: working copies only; auto (default): namespace if possible")
    parser.add_argument("--hide", action="append", default=[], help="another path the submissions must not see (repeatable)")
    parser.add_argument("--no-feedback", action="store_true", help="skip nbgrader generate_feedback")
    parser.add_argument("--csv", help="where nbgrader export writes the grades (default ROOT/grades.csv)")
    parser.add_argument("--workdir", help="where the working copies go (default: a new temporary folder)")
    parser.add_argument("--keep-workdir", action="store_true", help="keep the working copies and logs")
    parser.add_argument("--quiet", "-q", action="store_true", help="no progress bar, only the summary")
    # the grading process itself (internal)
    parser.add_argument("--worker", help=argparse.SUPPRESS)
    parser.add_argument("--worker-student", help=argparse.SUPPRESS)
    parser.add_argument("--assignments", nargs="+", help=argparse.SUPPRESS)
    parser.add_argument("--keep", nargs="*", default=[], help=argparse.SUPPRESS)
    return parser.parse_args(argv)


def main(argv=None):
    options = parse(argv)
    if options.worker:
        return worker(options)

    from course_utils.progress import Progress

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

    if options.isolation in ("auto", "namespace"):
        available = namespaces_available()
        if options.isolation == "namespace" and not available:
            print("mount namespaces are not available here (unshare --user failed): use --isolation copy", file=sys.stderr)
            return 2
        options.isolation = "namespace" if available else "copy"
        if not available:
            say("note: no mount namespaces on this machine, so each submission runs in a working copy without the "
                "source notebooks, but code that knows where to look can still read whatever your account can.",
                options.quiet)
    options.jobs = max(1, options.jobs)
    batch = Path(tempfile.mkdtemp(prefix="course-grade-", dir=options.workdir))
    options.hide_paths = hidden_paths(root, submissions, options.hide) if options.isolation == "namespace" else []
    if options.workdir:
        options.hide_paths.append(batch)
    started = time.perf_counter()
    try:
        template = make_template(coursedir.db_url, batch / "template.db")
        config_file = root / "nbgrader_config.py"
        for index, task in enumerate(tasks):
            task.workdir = build_workdir(batch / "work" / f"{index:05d}", task, config_file, template, coursedir, submissions)
        say(f"grading {sum(len(t.assignments) for t in tasks)} submissions of {len(tasks)} students, "
            f"{options.jobs} at a time, isolation: {options.isolation}", options.quiet)
        bar = Progress(total=len(tasks), description="grading", show=not options.quiet)
        failed = done = 0
        with ThreadPoolExecutor(max_workers=options.jobs) as pool:
            futures = [pool.submit(grade_task, task, options) for task in tasks]
            for future in as_completed(futures):
                task = future.result()
                done += 1
                failed += any(result != "ok" for result in task.results.values())
                bar.update(done, f"{failed} failed" if failed else "")
        if not options.quiet:
            print(file=sys.stderr)  # end the progress line
        grading_seconds = bar.close()

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
        return 1 if failures or problems else 0
    finally:
        if options.keep_workdir:
            say(f"working copies kept in {batch}", options.quiet)
        else:
            shutil.rmtree(batch, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
