"""The red team (tests/redteam.py) graded through both front ends, with an honest victim in every call.

Front ends:
  nbgrader -- the real `nbgrader autograde <assignment>` with the course's nbgrader_config.py, one call per
              assignment for every case (the two assignments in two copies of the course, side by side);
  batch    -- `python -m course_utils.grading.batch --jobs 2` once for every case (`python3 course.py grade`),
              a student handing in one case of each assignment.

In every call an honest victim hands in the solution notebook twice: `aa_victim`, graded before every case,
and `zz_victim`, graded after them all. Each attack must earn no point it did not answer for, and leave no
trace on anything else: the victims keep full marks and zz_victim's autograded notebook equals
aa_victim's; the course folder (but nbgrader's own outputs), the graders' $HOME and the venv's
site-packages gain no file; no process an attack started outlives its notebook; the test's sockets hear
nothing; the grading process does not grow by more than MEMORY_GROWTH while grading one notebook. Every
honest case keeps full marks. Known breakthroughs are marked xfail(strict=True) with what they do.

While a front end runs, a monitor thread follows each grading process (nbgrader autograde): which notebook
it is grading (its log's `Autograding .../autograded/<student>/<assignment>/` lines), the sandboxes
(bwrap) under it and its memory. A sandbox still alive once its grading process has moved on to another
notebook outlived its notebook.
"""

import csv
import json
import os
import re
import shutil
import socket
import subprocess
import sys
import threading
import time
import uuid
from pathlib import Path

import pytest

import redteam
from nbgrader_course import Course, nbgrader_meta, tool_env
from redteam import A1, ASSIGNMENTS, CASES, WIN, Context

TIMEOUT = 30  # seconds per cell (nbgrader_config.py says 60; no case runs into it on purpose)
FRONT_ENDS = ("nbgrader", "batch")
VICTIMS = ("aa_victim", "zz_victim")
# What the front ends themselves write into a course folder when they grade (nbgrader's outputs, and the
# batch's reports); everything else must stay as it was.
NBGRADER_OUTPUTS = {"autograded", "feedback", "gradebook.db", "gradebook.db-journal", "grades.csv",
                    "grading_report.csv", ".nbgrader.log", "class_report.html", "mistakes.csv"}
MEMORY_GROWTH = 768 * 2**20  # bytes a grading process may grow by while grading one notebook
SITE_PACKAGES = Path(next(p for p in sys.path if p.endswith("site-packages") and p.startswith(sys.prefix)))
REAL_HOME_SPOTS = [Path.home() / p for p in (".ipython", ".jupyter", ".local/lib", ".config/matplotlib", "RT-probe.txt")]


# ---------------------------------------------------------------------------------------------
# Listening sockets the attacks try to reach
# ---------------------------------------------------------------------------------------------


class Listeners:
    """A TCP and a UDP socket on 127.0.0.1 and an abstract unix socket; every contact is recorded."""

    def __init__(self):
        self.heard = []
        self.tcp = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self.tcp.bind(("127.0.0.1", 0))
        self.tcp.listen(16)
        self.udp = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        self.udp.bind(("127.0.0.1", 0))
        self.abstract = f"redteam-{uuid.uuid4().hex}"
        self.unix = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        self.unix.bind("\0" + self.abstract)
        self.unix.listen(16)
        self.stopped = False
        for target in (self._accept(self.tcp), self._accept(self.unix), self._datagrams):
            threading.Thread(target=target, daemon=True).start()

    def _accept(self, server):
        def loop():
            while not self.stopped:
                try:
                    connection, address = server.accept()
                except OSError:
                    return
                connection.settimeout(2)
                try:
                    data = connection.recv(200)
                except OSError:
                    data = b""
                self.heard.append((time.time(), str(address), data))
                connection.close()
        return loop

    def _datagrams(self):
        while not self.stopped:
            try:
                data, address = self.udp.recvfrom(200)
            except OSError:
                return
            self.heard.append((time.time(), str(address), data))

    def context(self, course, home, token):
        return Context(course=Path(course), home=Path(home), site_packages=SITE_PACKAGES, prefix=Path(sys.prefix),
                       tcp_port=self.tcp.getsockname()[1], udp_port=self.udp.getsockname()[1], abstract=self.abstract,
                       token=token)

    def close(self):
        self.stopped = True
        for s in (self.tcp, self.udp, self.unix):
            s.close()


# ---------------------------------------------------------------------------------------------
# Following the grading processes
# ---------------------------------------------------------------------------------------------

AUTOGRADING = re.compile(r"Autograding (\S+)/autograded/([^/\s]+)/([^/\s]+)/[^/\s]+\.ipynb")


class LogFollower:
    """The notebook a grading process is on: the last `Autograding <path>` line of its log."""

    def __init__(self, path):
        self.path, self.offset, self.current, self.rest = Path(path), 0, None, b""

    def poll(self):
        try:
            with open(self.path, "rb") as f:
                f.seek(self.offset)
                data = f.read()
        except OSError:
            return self.current
        self.offset += len(data)
        lines = (self.rest + data).split(b"\n")
        self.rest = lines.pop()
        for line in lines:
            match = AUTOGRADING.search(line.decode(errors="replace"))
            if match:
                self.current = (match.group(2), match.group(3))
        return self.current


class Monitor(threading.Thread):
    """Samples, every POLL seconds, each grading process's notebook, sandboxes and memory."""

    POLL = 0.1

    def __init__(self, find_processes):
        super().__init__(daemon=True)
        self.find_processes = find_processes  # () -> [(psutil.Process, log path)]
        self.followers = {}
        self.owner = {}  # (pid, create time) of a sandbox -> notebook it was first seen under
        self.outlived = {}  # notebook that started a sandbox -> {notebooks graded while it still ran}
        self.memory = {}  # (grading pid, notebook) -> [rss before it, largest rss while it was graded]
        self.last_rss = {}  # grading pid -> its latest sample
        self.names = set()  # process names seen under the grading processes
        self.done = threading.Event()

    def run(self):
        import psutil

        while not self.done.is_set():
            try:
                processes = self.find_processes()
            except Exception:  # noqa: BLE001 -- the front end is starting or ending
                processes = []
            for process, log in processes:
                follower = self.followers.setdefault(process.pid, LogFollower(log))
                before = follower.poll()
                try:
                    children = process.children(recursive=True)
                    rss = process.memory_info().rss
                except psutil.Error:
                    continue
                sandboxes = []
                for child in children:
                    try:
                        name = child.name()
                        self.names.add(name)
                        parent = child.parent()  # None once the parent has gone: read it once
                        if name == "bwrap" and parent is not None and parent.name() != "bwrap":
                            sandboxes.append((child.pid, child.create_time()))
                    except psutil.Error:
                        continue
                after = follower.poll()
                previous = self.last_rss.get(process.pid, rss)
                self.last_rss[process.pid] = rss
                if before is None or before != after:
                    continue  # the process moved to another notebook while we looked: next time
                for sandbox in sandboxes:
                    owner = self.owner.setdefault(sandbox, before)
                    if owner != before:
                        self.outlived.setdefault(owner, set()).add(before)
                # the baseline is the process's size before this notebook (its last sample under the one before)
                before_and_peak = self.memory.setdefault((process.pid, before), [min(previous, rss), rss])
                before_and_peak[1] = max(before_and_peak[1], rss)
            time.sleep(self.POLL)

    def growth(self):
        """{notebook: largest growth of its grading process's memory while it was graded}."""
        out = {}
        for (_, notebook), (first, peak) in self.memory.items():
            out[notebook] = max(out.get(notebook, 0), peak - first)
        return out

    def stop(self):
        self.done.set()
        self.join(10)


def leftover_processes(token):
    """Processes this run's attacks started, anywhere on the machine: named rtL<token> or rtF<token>, or
    running `sleep 30x.<token>` (the token is this run's own random digits)."""
    import psutil

    names = {f"rtL{token}", f"rtF{token}"}
    found = []
    for process in psutil.process_iter(["pid", "name", "cmdline"]):
        name, cmdline = process.info["name"] or "", " ".join(process.info["cmdline"] or [])
        if name in names or re.fullmatch(rf"sleep 30\d\.{token}", cmdline):
            found.append((process.pid, name, cmdline))
    return found


def wait_for_no_leftovers(token, seconds=8):
    deadline = time.monotonic() + seconds
    found = leftover_processes(token)
    while found and time.monotonic() < deadline:
        time.sleep(0.5)
        found = leftover_processes(token)
    return found


def end_leftovers(found):
    """This run's attack processes (found by their token), ended by their pid (SIGKILL)."""
    import signal

    for pid, _, _ in found:
        try:
            os.kill(pid, signal.SIGKILL)
        except OSError:
            pass


# ---------------------------------------------------------------------------------------------
# Snapshots of what must not change
# ---------------------------------------------------------------------------------------------


def files_under(root, skip_top=(), skip_pycache=False):
    """{relative path: (size, mtime_ns)} of the files under `root`."""
    root = Path(root)
    out = {}
    if not root.exists():
        return out
    for dirpath, dirnames, filenames in os.walk(root):
        rel_dir = Path(dirpath).relative_to(root)
        if rel_dir == Path("."):
            dirnames[:] = [d for d in dirnames if d not in skip_top]
        if skip_pycache:
            dirnames[:] = [d for d in dirnames if d != "__pycache__"]
        for name in filenames:
            if rel_dir == Path(".") and name in skip_top:
                continue
            path = Path(dirpath) / name
            try:
                stat = path.lstat()
            except OSError:
                continue
            out[(rel_dir / name).as_posix()] = (stat.st_size, stat.st_mtime_ns)
    return out


def changes(before, after):
    added = sorted(set(after) - set(before))
    removed = sorted(set(before) - set(after))
    modified = sorted(k for k in set(before) & set(after) if before[k] != after[k])
    return {"added": added, "removed": removed, "modified": modified}


class Snapshot:
    def __init__(self, courses, home):
        self.courses = {str(c): files_under(c, skip_top=NBGRADER_OUTPUTS) for c in courses}
        self.home = files_under(home)
        self.site_packages = set(files_under(SITE_PACKAGES, skip_pycache=True))
        self.real_home = {str(p): set(files_under(p)) if p.is_dir() else p.exists() for p in REAL_HOME_SPOTS}

    def differences(self, other):
        problems = []
        for course, files in self.courses.items():
            diff = changes(files, other.courses[course])
            if any(diff.values()):
                problems.append(f"the course folder {course} changed: {diff}")
        diff = changes(self.home, other.home)
        if any(diff.values()):
            problems.append(f"the graders' $HOME changed: {diff}")
        gained = sorted(other.site_packages - self.site_packages)
        if gained:
            problems.append(f"site-packages gained {gained}")
        for path, before in self.real_home.items():
            after = other.real_home[path]
            if isinstance(before, set):
                if after - before:
                    problems.append(f"{path} gained {sorted(after - before)}")
            elif after and not before:
                problems.append(f"{path} appeared")
        return problems


# ---------------------------------------------------------------------------------------------
# One front end, every case
# ---------------------------------------------------------------------------------------------


def normalized(notebook):
    """What must be equal between two gradings of the same notebook: every cell's source and nbgrader
    metadata, the test cells' outputs exactly, and whether the other cells ran without an error (their
    printed text may hold timings: the demos' training progress bars)."""
    cells = []
    for c in notebook["cells"]:
        if nbgrader_meta(c).get("grade"):
            outputs = [{k: v for k, v in out.items() if k != "execution_count"} for out in c.get("outputs", [])]
        else:
            outputs = [(out.get("output_type"), out.get("ename")) for out in c.get("outputs", [])]
        cells.append((c["cell_type"], c["source"], json.dumps(outputs, sort_keys=True),
                      json.dumps(nbgrader_meta(c), sort_keys=True)))
    return cells


def output_text(notebook):
    parts = []
    for c in notebook.get("cells", []):
        for out in c.get("outputs", []):
            for key in ("text", "evalue", "ename"):
                value = out.get(key, "")
                parts.append("".join(value) if isinstance(value, list) else str(value))
            parts.append(json.dumps(out.get("data", {})))
    return "\n".join(parts)


class Run:
    """One call of a front end over some cases (and the two victims): what each earned, what happened around."""

    def __init__(self, front_end, directory, released, listeners, case_ids, assignments=ASSIGNMENTS):
        self.front_end = front_end
        self.directory = Path(directory)
        self.assignments = tuple(assignments)
        self.home = self.directory / "home"
        self.home.mkdir(parents=True)
        self.placement = {}  # case id -> (student, assignment)
        self.courses = {}  # assignment -> Course
        if front_end == "nbgrader":
            for assignment in self.assignments:
                self.courses[assignment] = released.clone(self.directory / f"course_{assignment}")
        else:
            course = released.clone(self.directory / "course")
            self.courses = {a: course for a in self.assignments}
        self.token = f"{uuid.uuid4().int % 10**6:06d}"
        self.contexts = {a: listeners.context(self.courses[a].dir, self.home, self.token) for a in self.assignments}
        self._submit(case_ids)
        self._warm_up()
        self.victim_files = {p: p.read_bytes() for c in self.unique_courses() for p in (c.dir / "submitted").glob(
            "*_victim/*/*.ipynb")}
        before = Snapshot([c.dir for c in self.unique_courses()], self.home)
        heard_before = len(listeners.heard)
        cpu_before = os.times()
        start = time.perf_counter()
        self.monitor = Monitor(self._grading_processes)
        self.monitor.start()
        try:
            self._run()
        finally:
            self.monitor.stop()
        self.seconds = time.perf_counter() - start
        cpu_after = os.times()
        self.cpu_seconds = (cpu_after.children_user + cpu_after.children_system
                            - cpu_before.children_user - cpu_before.children_system)
        self.leftovers = wait_for_no_leftovers(self.token)
        end_leftovers(self.leftovers)
        self.heard = listeners.heard[heard_before:]
        self.snapshot_problems = before.differences(Snapshot([c.dir for c in self.unique_courses()], self.home))
        self.scores = {a: self.courses[a].scores(a) for a in self.assignments}
        self.notebooks = {}
        for key, (student, assignment) in list(self.placement.items()) + [
                ((v, a), (v, a)) for v in VICTIMS for a in self.assignments]:
            path = self.courses[assignment].autograded(student, assignment, redteam.notebook_name(assignment))
            try:
                self.notebooks[key] = json.loads(path.read_text(encoding="utf-8"))
            except (OSError, ValueError):
                self.notebooks[key] = None

    def unique_courses(self):
        return list({id(c): c for c in self.courses.values()}.values())

    # -- submissions --------------------------------------------------------------------------
    def _submit(self, case_ids):
        if self.front_end == "nbgrader":
            for case_id in case_ids:
                self.placement[case_id] = (case_id, CASES[case_id].assignment)
        else:  # two cases per student, one of each assignment, in the cases' alphabetical order
            pairs = [(c, CASES[c].batch_follower) for c in sorted(case_ids) if CASES[c].batch_follower in case_ids]
            paired = {c for pair in pairs for c in pair}
            by_assignment = {a: sorted(c for c in case_ids if CASES[c].assignment == a and c not in paired)
                             for a in self.assignments}
            rest = max(len(ids) for ids in by_assignment.values())
            pairs += [tuple(ids[i] for ids in by_assignment.values() if i < len(ids)) for i in range(rest)]
            for index, pair in enumerate(sorted(pairs)):
                for case_id in pair:
                    self.placement[case_id] = (f"rt{index:02d}", CASES[case_id].assignment)
        for case_id, (student, assignment) in self.placement.items():
            folder = self.courses[assignment].dir / "submitted" / student / assignment
            redteam.write_case(folder, CASES[case_id].build(self.contexts[assignment]))
        for victim in VICTIMS:
            for assignment in self.assignments:
                name = redteam.notebook_name(assignment)
                self.courses[assignment].submit(victim, assignment, name, redteam.NOTEBOOKS["solutions"] / assignment / name)

    def env(self):
        env = tool_env()
        env["HOME"] = str(self.home)
        return env

    def _warm_up(self):
        """Caches the grader itself writes into a fresh $HOME (matplotlib's fonts), before the snapshot."""
        subprocess.run([sys.executable, "-c", "import matplotlib.pyplot, nbgrader.apps"], env=self.env(),
                       capture_output=True, timeout=300, check=True)

    # -- running ------------------------------------------------------------------------------
    def _run(self):
        self.processes = []
        self.logs = {}
        self.report = {}
        if self.front_end == "nbgrader":
            for assignment in self.assignments:
                log = self.directory / f"nbgrader_{assignment}.log"
                with open(log, "wb") as out:
                    process = subprocess.Popen(
                        [sys.executable, "-m", "nbgrader", "autograde", assignment, "--force",
                         f"--TrustedExecute.timeout={TIMEOUT}"],
                        cwd=self.courses[assignment].dir, env=self.env(), stdout=out, stderr=subprocess.STDOUT)
                self.processes.append(process)
                self.logs[process.pid] = log
            self.returncodes = [p.wait(timeout=1500) for p in self.processes]
            self.output = "\n".join(Path(self.logs[p.pid]).read_text(errors="replace") for p in self.processes)
        else:
            course = self.courses[self.assignments[0]]
            self.workdir = self.directory / "work"
            self.workdir.mkdir()
            log = self.directory / "batch.log"
            with open(log, "wb") as out:
                process = subprocess.Popen(
                    [sys.executable, "-m", "course_utils.grading.batch", "--course", str(course.dir), "--jobs", "2",
                     "--timeout", str(TIMEOUT), "--task-timeout", "400", "--workdir", str(self.workdir), "--quiet"]
                    + [f"--assignment={a}" for a in self.assignments],
                    cwd=course.dir, env=self.env(), stdout=out, stderr=subprocess.STDOUT)
            self.processes.append(process)
            self.returncodes = [process.wait(timeout=2400)]
            self.output = log.read_text(errors="replace")
            try:
                with open(course.dir / "grading_report.csv", newline="", encoding="utf-8") as f:
                    self.report = {(row["student"], row["assignment"]): row for row in csv.DictReader(f)}
            except OSError:
                self.report = {}

    def _grading_processes(self):
        import psutil

        found = []
        for process in getattr(self, "processes", []):
            try:
                top = psutil.Process(process.pid)
            except psutil.Error:
                continue
            if self.front_end == "nbgrader":
                found.append((top, self.logs[process.pid]))
                continue
            for child in top.children(recursive=True):
                try:
                    cmdline = child.cmdline()
                except psutil.Error:
                    continue
                roots = [a.split("=", 1)[1] for a in cmdline if a.startswith("--CourseDirectory.root=")]
                if "autograde" in cmdline and roots:
                    found.append((child, Path(roots[0]) / "grading.log"))
        return found

    # -- what happened to one case ------------------------------------------------------------
    def grades(self, case_id):
        student, assignment = self.placement[case_id]
        notebooks = self.scores[assignment].get(student, {})
        return {g: s for grades in notebooks.values() for g, s in grades.items()}

    def notebook_problems(self, case_id):
        """What went wrong for the case itself: undeserved points (or an honest answer's lost ones), RT-WIN
        lines, a sandbox that outlived its notebook, the grading process's memory."""
        case = CASES[case_id]
        student, assignment = self.placement[case_id]
        problems = []
        grades = self.grades(case_id)
        expected = redteam.graded_cells(assignment)
        if case.honest:
            if self.front_end == "batch":
                row = self.report.get((student, assignment), {})
                if row.get("status") != "graded":
                    problems.append(f"not graded: {row or 'not in grading_report.csv'}")
            missing = {g: grades.get(g) for g, points in expected.items() if grades.get(g) != (points, points)}
            if missing:
                problems.append(f"an honest answer lost points: {missing}")
        else:
            undeserved = {g: s for g, s in grades.items() if s[0] > case.max_allowed(g) * s[1] + 1e-9}
            if undeserved:
                problems.append(f"undeserved points {undeserved}")
        notebook = self.notebooks.get(case_id)
        if notebook is not None:
            wins = sorted({line.strip()[:200] for line in output_text(notebook).splitlines() if WIN in line})
            if wins:
                problems.append(f"the attack printed {wins[:8]}")
        key = (student, assignment)
        if key in self.monitor.outlived:
            problems.append(f"a sandbox started while grading {key} was still running while grading "
                            f"{sorted(self.monitor.outlived[key])[:5]}")
        growth = self.monitor.growth().get(key, 0)
        if growth > MEMORY_GROWTH:
            problems.append(f"the grading process grew by {growth / 2**20:,.0f} MB while grading it")
        return problems

    def shared_problems(self):
        """Whatever reached beyond the submissions: the victims, the course, $HOME, site-packages, processes,
        the listening sockets."""
        problems = list(self.snapshot_problems)
        for assignment in self.assignments:
            expected = redteam.graded_cells(assignment)
            for victim in VICTIMS:
                got = {g: s for nb in self.scores[assignment].get(victim, {}).values() for g, s in nb.items()}
                lost = {g: got.get(g) for g, p in expected.items() if got.get(g) != (p, p)}
                if lost:
                    problems.append(f"{victim}/{assignment} lost points: {lost}")
            first, last = self.notebooks.get(("aa_victim", assignment)), self.notebooks.get(("zz_victim", assignment))
            if first is None or last is None:
                problems.append(f"a victim of {assignment} has no autograded notebook")
            elif normalized(first) != normalized(last):
                differ = [i for i, (x, y) in enumerate(zip(normalized(first), normalized(last))) if x != y]
                problems.append(f"zz_victim's autograded {assignment} differs from aa_victim's in cells {differ[:10]}")
        for path, data in self.victim_files.items():
            if not path.is_file() or path.read_bytes() != data:
                problems.append(f"the victim's submitted notebook {path} changed")
        if self.leftovers:
            problems.append(f"processes left running after grading: {self.leftovers}")
        if self.heard:
            problems.append(f"the test's sockets were reached: {self.heard[:5]}")
        if self.front_end == "batch" and not self.report:
            problems.append(f"the batch wrote no grading_report.csv:\n{self.output[-1500:]}")
        return problems


class Graded:
    """Every case graded by one front end: one call (nbgrader: one per assignment, side by side); for the
    batch, a case marked `own_batch` (it stops the whole batch) in a call of its own with the victims."""

    def __init__(self, front_end, directory, released, listeners):
        self.front_end = front_end
        directory = Path(directory)
        chosen = [CASES[c] for c in chosen_cases()]
        together = [c.id for c in chosen if not (front_end == "batch" and c.own_batch)]
        self.runs = [Run(front_end, directory / "all", released, listeners, together)]
        for case in chosen:
            if front_end == "batch" and case.own_batch:
                self.runs.append(Run(front_end, directory / case.id, released, listeners, [case.id], [case.assignment]))
        self.seconds = sum(r.seconds for r in self.runs)
        self.cpu_seconds = sum(r.cpu_seconds for r in self.runs)

    def run_of(self, case_id):
        run = next((r for r in self.runs if case_id in r.placement), None)
        if run is None:
            pytest.skip(f"{case_id} is not among REDTEAM_CASES")
        return run

    def grades(self, case_id):
        return self.run_of(case_id).grades(case_id)

    def notebook(self, case_id):
        return self.run_of(case_id).notebooks.get(case_id)

    def notebook_problems(self, case_id):
        return self.run_of(case_id).notebook_problems(case_id)

    def shared_problems(self, case_id=None):
        runs = [self.run_of(case_id)] if case_id else self.runs
        return [p for r in runs for p in r.shared_problems()]


@pytest.fixture(scope="module")
def listeners():
    listening = Listeners()
    yield listening
    listening.close()


def _work_root(tmp_path_factory):
    """Where the courses and the graders' $HOME go: outside /tmp, which every sandbox replaces by an empty
    folder of its own anyway, so that the sandbox's hiding of the course and of $HOME is what is tested
    (REDTEAM_ROOT=<folder> to choose; /srv by default, else pytest's temporary folder)."""
    import tempfile

    for parent in filter(None, (os.environ.get("REDTEAM_ROOT"), "/srv", "/opt", "/mnt")):
        if os.path.isdir(parent) and os.access(parent, os.W_OK):
            root = Path(tempfile.mkdtemp(prefix="course-redteam-", dir=parent))
            root.chmod(0o755)  # readable by all, as course folders usually are (mkdtemp makes it 0700)
            return root
    return tmp_path_factory.mktemp("redteam")


@pytest.fixture(scope="module")
def work_root(tmp_path_factory):
    root = _work_root(tmp_path_factory)
    yield root
    if not os.environ.get("REDTEAM_KEEP"):
        shutil.rmtree(root, ignore_errors=True)


@pytest.fixture(scope="module")
def released(work_root):
    """A course with 01 and 02 released (nbgrader generate_assignment), to copy from."""
    course = Course(work_root / "released")
    for assignment in ASSIGNMENTS:
        course.generate(assignment)
    # the cases are built from this course's own source and release, as the gradebook knows them
    redteam.use_notebooks(solutions=course.dir / "solutions", release=course.dir / "notebooks")
    return course


@pytest.fixture(scope="module")
def graded_nbgrader(work_root, released, listeners):
    return Graded("nbgrader", work_root / "nbgrader", released, listeners)


@pytest.fixture(scope="module")
def graded_batch(work_root, released, listeners):
    return Graded("batch", work_root / "batch", released, listeners)


def graded_by(request, front_end):
    return request.getfixturevalue(f"graded_{front_end}")


def chosen_cases():
    """The cases to grade: all, or REDTEAM_CASES="id,id,..." (for authors at work: the victims and the checks
    around them still run, the other cases' tests are skipped)."""
    wanted = [c.strip() for c in os.environ.get("REDTEAM_CASES", "").split(",") if c.strip()]
    unknown = set(wanted) - set(CASES)
    assert not unknown, f"REDTEAM_CASES names unknown cases: {sorted(unknown)}"
    return wanted or list(CASES)


def _params(cases):
    params = []
    for front_end in FRONT_ENDS:
        for case in cases:
            marks = []
            if front_end in case.breaks:
                marks.append(pytest.mark.xfail(strict=True, reason=f"breakthrough ({front_end}): {case.breaks[front_end]}"))
            params.append(pytest.param(front_end, case.id, marks=marks, id=f"{front_end}-{case.id}"))
    return params


# ---------------------------------------------------------------------------------------------
# The tests
# ---------------------------------------------------------------------------------------------


@pytest.mark.slow
@pytest.mark.parametrize("front_end, case_id", _params(redteam.attacks()))
def test_attack_earns_nothing_and_touches_no_one(request, front_end, case_id):
    graded = graded_by(request, front_end)
    problems = graded.notebook_problems(case_id) + graded.shared_problems(case_id)
    assert not problems, f"{case_id} ({CASES[case_id].what}):\n  " + "\n  ".join(problems)


@pytest.mark.slow
@pytest.mark.parametrize("front_end, case_id", _params(redteam.honest_cases()))
def test_honest_answer_keeps_full_marks(request, front_end, case_id):
    graded = graded_by(request, front_end)
    problems = graded.notebook_problems(case_id)
    assert not problems, f"{case_id} ({CASES[case_id].what}):\n  " + "\n  ".join(problems)


def known_breakthroughs_only(run, front_end):
    """A run of cases that are all known breakthroughs of this front end (xfail): their own tests report it."""
    return all(front_end in CASES[c].breaks for c in run.placement)


@pytest.mark.slow
@pytest.mark.parametrize("front_end", FRONT_ENDS)
def test_victims_and_everything_around_the_submissions_are_untouched(request, front_end):
    graded = graded_by(request, front_end)
    problems = [p for run in graded.runs if not known_breakthroughs_only(run, front_end) for p in run.shared_problems()]
    assert not problems, "\n".join(problems)


@pytest.mark.slow
@pytest.mark.parametrize("front_end", FRONT_ENDS)
def test_a_submission_cannot_write_outside_its_scratch_folder_nor_open_a_socket(request, front_end):
    """The probe's answer cell tried every write of redteam.probe_targets() and the sockets; its printed
    lines, read back from the autograded notebook, say what worked: only the sandbox's own /tmp."""
    graded = graded_by(request, front_end)
    notebook = graded.notebook(redteam.PROBE_ID)
    assert notebook is not None, "the probe has no autograded notebook"
    probe = redteam.cell(notebook, "build_vocabulary")
    text = output_text({"cells": [probe]})
    said = {}
    for line in text.splitlines():
        if line.startswith("PROBE ") and len(line.split()) > 2:
            said.setdefault(line.split()[1], set()).add(line.split()[2])
    wrote, denied, seen = said.get("WROTE", set()), said.get("DENIED", set()), said.get("SEES", set())
    targets = redteam.probe_targets(graded.run_of(redteam.PROBE_ID).contexts[A1])
    assert wrote | denied == set(targets), f"the probe did not report every target:\n{text[:3000]}"
    assert "scratch" in wrote, f"the probe could not even write its scratch folder:\n{text[:3000]}"
    own = {"scratch", "sandbox_home"}
    assert wrote <= own, f"written outside the scratch folder: {sorted(wrote - own)}\n{text[:3000]}"
    hidden = {"grader_home", "course_root", "course_config", "gradebook", "submitted_victim", "checkout"}
    assert not seen & hidden, f"the sandbox sees {sorted(seen & hidden)}"
    assert "PROBE CONNECTED" not in text and "PROBE REFUSED" in text, text[-2000:]
    for label, path in targets.items():
        if label not in ("scratch", "sandbox_home", "course_config", "gradebook", "submitted_victim", "etc"):
            assert not Path(path).exists(), f"{path} exists on the grader's side"
    assert not graded.run_of(redteam.PROBE_ID).heard


@pytest.mark.slow
@pytest.mark.parametrize("front_end", FRONT_ENDS)
def test_every_case_was_graded_in_bounded_time(request, front_end):
    graded = graded_by(request, front_end)
    for run in graded.runs:
        print(f"{front_end}: {len(run.placement)} cases graded in {run.seconds:.0f} s ({run.cpu_seconds:.0f} s of CPU); "
              f"exit {run.returncodes}")
        assert run.seconds < 900, run.output[-3000:]
        if known_breakthroughs_only(run, front_end):
            continue
        for victim in VICTIMS:
            for assignment in run.assignments:
                assert run.scores[assignment].get(victim), f"{victim}/{assignment} is not in the gradebook"
    # every case is in the gradebook, or was refused as a whole (nbgrader's error for that student, the
    # batch's `failed`): an attack then earns nothing; an honest case never is
    missing = []
    for case_id in chosen_cases():
        run = graded.run_of(case_id)
        if known_breakthroughs_only(run, front_end) or graded.grades(case_id):
            continue
        student, assignment = run.placement[case_id]
        refused = (f"for student '{student}'" in run.output if front_end == "nbgrader"
                   else run.report.get((student, assignment), {}).get("status") == "failed")
        if CASES[case_id].honest or not refused:
            missing.append(case_id)
    assert not missing, f"neither graded nor refused: {missing}"


def test_the_red_team_covers_every_kind():
    kinds = {}
    for case in CASES.values():
        kinds.setdefault(case.kind, []).append(case.id)
    assert set(redteam.KINDS) <= set(kinds), set(redteam.KINDS) - set(kinds)
    assert len(redteam.attacks()) >= 60 and len(redteam.honest_cases()) >= 12
    for kind in redteam.KINDS:
        assert len(kinds[kind]) >= 4, (kind, kinds[kind])
    assert {c.assignment for c in CASES.values()} == set(ASSIGNMENTS)
