"""deploy/jupyterhub_config.py, run for real on this machine: JupyterHub with the real
configurable-http-proxy (npm), PAM and the local-process spawner, system accounts that the test creates
(an instructor, the grader account, two students), the formgrader as a hub service, nbgrader's exchange
in a temporary folder, everything on 127.0.0.1.

The instructor generates and releases the first assignment through the formgrader's API; each student
fetches it through their own server; one submits the solution, the other the release untouched; the
instructor collects, autogrades, generates and releases feedback; the students fetch their feedback;
the gradebook says full marks and zero. Every request goes through the proxy, with each user's own
hub token (the servers' and the formgrader's access rules are checked on the way). The student who
answers writes the solution notebook's answer cells into the notebook they fetched.

Needs root (to create accounts), `jupyterhub` (the `test` extra) and configurable-http-proxy from npm
(.ci/run installs it into .ci/node/; COURSE_CHP may name another); without them it skips. If the venv's
python sits in a folder other accounts may not enter (here pyenv's, under /root), the test lets its own
accounts, and only them, pass through (an ACL entry `u:<account>:x`, setfacl from Debian's acl) and
takes that back. Everything it starts is stopped, and the accounts, their homes, the ACL entries and
the temporary folders are removed, also on failure; the scenario has TOTAL_SECONDS, then it is stopped.
"""

import json
import os
import pwd
import secrets
import shutil
import signal
import stat
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from http.cookiejar import CookieJar
from pathlib import Path

import pytest

from frontends import HTTPError, free_port, http, start_process, stop_process, tail, wait_for
from nbgrader_course import RELEASE, ROOT, SOLUTIONS, assignments, grade_cells, manual_cells, read_notebook, solution_cells

DEPLOY_CONFIG = ROOT / "deploy" / "jupyterhub_config.py"
COURSE_ID = "rnn-course"  # the repository's nbgrader_config.py
WANTED = "01_sequences_one_hot"
TOTAL_SECONDS = 420  # the whole scenario, start to finish
START_SECONDS = 90  # the hub, a server, the formgrader
GRADE_SECONDS = 240  # one nbgrader step (autograde runs the notebook)


def proxy_command():
    for candidate in (os.environ.get("COURSE_CHP"), ROOT / ".ci" / "node" / "node_modules" / ".bin" /
                      "configurable-http-proxy", shutil.which("configurable-http-proxy")):
        if candidate and Path(candidate).is_file() and os.access(candidate, os.X_OK):
            return str(candidate)
    return None


def course_paths():
    """What the course's accounts run and read: the venv's python (and the interpreter it links to),
    the course package, the deploy folder."""
    venv_python = ROOT / ".venv" / "bin" / "python"
    return [venv_python, venv_python.resolve(), ROOT / "course_utils" / "__init__.py", DEPLOY_CONFIG]


def closed_folders():
    """Folders on the way to course_paths() that other accounts may not enter (e.g. a python under /root)."""
    closed = set()
    for path in course_paths():
        for parent in path.parents:
            if not parent.stat().st_mode & stat.S_IXOTH:
                closed.add(parent)
    return sorted(closed)


def unreadable_files():
    return [str(p) for p in course_paths() if not p.resolve().stat().st_mode & stat.S_IROTH]


def assignment_under_test():
    names = assignments()
    if WANTED in names:
        return WANTED
    return names[0] if names else None


@pytest.fixture
def requirements():
    if os.name != "posix" or os.geteuid() != 0 or not shutil.which("useradd"):
        pytest.skip("needs root on Linux (and useradd), to create the course's accounts")
    pytest.importorskip("jupyterhub", reason="jupyterhub is not installed (the `test` extra)")
    chp = proxy_command()
    if chp is None:
        pytest.skip("configurable-http-proxy is not installed: npm install --prefix .ci/node configurable-http-proxy")
    if Path(sys.prefix).resolve() != (ROOT / ".venv").resolve():
        pytest.skip("run it with the course's .venv: python3 course.py test")
    if unreadable_files():
        pytest.skip(f"the course's accounts could not read {unreadable_files()}")
    if closed_folders() and not shutil.which("setfacl"):
        pytest.skip(f"the course's accounts could not enter {closed_folders()}, and setfacl (Debian: acl) "
                    "is missing to let the test's accounts through")
    assignment = assignment_under_test()
    if assignment is None or not (RELEASE / assignment / f"{assignment}.ipynb").is_file():
        pytest.skip("no released assignment")
    return chp, assignment


# ---------------------------------------------------------------------------------------------
# Accounts and processes
# ---------------------------------------------------------------------------------------------


class Machine:
    """What the test does to the machine, undone by cleanup(): accounts, processes, folders."""

    def __init__(self):
        self.base = Path(tempfile.mkdtemp(prefix="rnn-hub-", dir="/tmp"))
        self.base.chmod(0o755)
        self.users = []
        self.processes = []
        self.acls = []  # (folder, its mode, whether it had an extended ACL before)

    def add_user(self, name, password=None):
        try:
            pwd.getpwnam(name)
            raise AssertionError(f"account {name} exists already")
        except KeyError:
            pass
        home = self.base / "home" / name
        home.parent.mkdir(exist_ok=True)
        home.parent.chmod(0o755)
        subprocess.run(["useradd", "--create-home", "--home-dir", str(home), "--shell", "/bin/bash",
                        "--user-group", name], check=True, capture_output=True, timeout=30)
        self.users.append(name)
        if password:
            subprocess.run(["chpasswd"], input=f"{name}:{password}\n", text=True, check=True,
                           capture_output=True, timeout=30)
        return pwd.getpwnam(name)

    def let_through(self, folders):
        """Let the test's accounts (only them) enter `folders`, with ACL entries removed by cleanup()."""
        for folder in folders:
            acl = subprocess.run(["getfacl", "--omit-header", "--absolute-names", str(folder)],
                                 capture_output=True, text=True, check=True, timeout=30).stdout
            extended = any(line and not line.startswith(("user::", "group::", "other::"))
                           for line in acl.splitlines())
            self.acls.append((folder, folder.stat().st_mode, extended))
            for name in self.users:
                subprocess.run(["setfacl", "-m", f"u:{name}:x", str(folder)], check=True, capture_output=True,
                               timeout=30)

    def restore_acls(self):
        for folder, mode, extended in reversed(self.acls):
            if extended:
                for name in self.users:
                    subprocess.run(["setfacl", "-x", f"u:{name}", str(folder)], capture_output=True, timeout=30)
            else:
                subprocess.run(["setfacl", "-b", str(folder)], capture_output=True, timeout=30)
                os.chmod(folder, stat.S_IMODE(mode))
        self.acls = []

    def uids(self):
        found = []
        for name in self.users:
            try:
                found.append(pwd.getpwnam(name).pw_uid)
            except KeyError:
                pass
        return found

    def kill_user_processes(self):
        """SIGKILL what still runs as one of the test's accounts (a server the hub did not stop)."""
        uids = set(self.uids())
        for entry in Path("/proc").iterdir():
            if entry.name.isdigit():
                try:
                    if entry.stat().st_uid in uids:
                        os.kill(int(entry.name), signal.SIGKILL)
                except (OSError, ProcessLookupError):
                    pass

    def kill_pid_file(self, pid_file, expect):
        """End the process a pid file names, if it is still the one we started (its command has `expect`)."""
        try:
            pid = int(Path(pid_file).read_text().strip())
            if expect not in Path(f"/proc/{pid}/cmdline").read_bytes().decode(errors="replace"):
                return
            os.kill(pid, signal.SIGTERM)
            for _ in range(50):
                time.sleep(0.1)
                os.kill(pid, 0)
            os.kill(pid, signal.SIGKILL)
        except (OSError, ValueError):
            pass

    def cleanup(self):
        for process in self.processes:
            stop_process(process, grace=30)
        # The hub stops its proxy when it stops; not if it died first, so: the proxy's pid file.
        self.kill_pid_file(self.base / "hub" / "proxy.pid", "configurable-http-proxy")
        self.kill_user_processes()
        time.sleep(0.5)
        self.restore_acls()
        for name in self.users:
            subprocess.run(["userdel", "--remove", "--force", name], capture_output=True, timeout=60)
        shutil.rmtree(self.base, ignore_errors=True)


def as_json(answer):
    """nbgrader's handlers answer JSON without saying so (text/html): parse it anyway."""
    if isinstance(answer, bytes):
        return json.loads(answer.decode())
    return answer


class User:
    """A hub user with an API token of their own; requests go through the proxy."""

    def __init__(self, hub, name, token):
        self.hub, self.name, self.token = hub, name, token

    def get(self, path, **kwargs):
        return as_json(http(self.hub.public + path, self.token, **kwargs)[1])

    def post(self, path, body=None, **kwargs):
        return as_json(http(self.hub.public + path, self.token, method="POST",
                            body=body if body is not None else {}, **kwargs)[1])

    def status(self, path):
        try:
            return http(self.hub.public + path, self.token, timeout=30)[0]
        except HTTPError as e:
            return e.status


class Hub:
    def __init__(self, public, admin_token, process, log):
        self.public, self.admin_token, self.process, self.log = public, admin_token, process, log

    def api(self, path, method="GET", body=None, timeout=30):
        return http(f"{self.public}/hub/api{path}", self.admin_token, method=method, body=body, timeout=timeout)[1]

    def alive(self):
        if self.process.poll() is not None:
            return f"the hub exited with {self.process.returncode}:\n{tail(self.log, 6000)}"
        return None

    def user(self, name):
        token = self.api(f"/users/{name}/tokens", "POST", {"note": "test", "expires_in": TOTAL_SECONDS * 2})["token"]
        return User(self, name, token)

    def start_server(self, name):
        self.api(f"/users/{name}/server", "POST", {})

    def wait_ready(self, name):
        wait_for(f"{name}'s server", lambda: self.api(f"/users/{name}")["servers"].get("", {}).get("ready"),
                 START_SECONDS, alive=self.alive)


def write_test_config(folder, chp, ports, admin_token):
    """A config that loads deploy/jupyterhub_config.py as it is, then puts the hub on loopback ports,
    its state in `folder`, and adds a service whose token the test uses as the hub's administrator."""
    config = folder / "jupyterhub_test_config.py"
    config.write_text(f"""
c = get_config()
load_subconfig({str(DEPLOY_CONFIG)!r})
c.JupyterHub.bind_url = "http://127.0.0.1:{ports['public']}"
c.JupyterHub.hub_bind_url = "http://127.0.0.1:{ports['hub']}"
c.ConfigurableHTTPProxy.api_url = "http://127.0.0.1:{ports['proxy_api']}"
c.ConfigurableHTTPProxy.command = [{chp!r}]
c.ConfigurableHTTPProxy.pid_file = {str(folder / 'proxy.pid')!r}
c.JupyterHub.db_url = "sqlite:///{folder / 'jupyterhub.sqlite'}"
c.JupyterHub.cookie_secret_file = {str(folder / 'cookie_secret')!r}
c.JupyterHub.log_level = "INFO"
c.JupyterHub.services.append({{"name": "course-test", "api_token": {admin_token!r}}})
c.JupyterHub.load_roles.append({{
    "name": "course-test",
    "services": ["course-test"],
    "scopes": ["admin:users", "admin:servers", "tokens", "list:users", "read:users", "list:groups",
               "read:groups", "list:services", "read:services"],
}})
""")
    return config


def login(public, name, password):
    """Log in through the hub's login form (PAM); the HTTP status of the form's answer."""
    jar = CookieJar()

    class NoRedirect(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args, **kwargs):
            return None

    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar), NoRedirect)
    opener.open(f"{public}/hub/login", timeout=30).read()
    xsrf = next((cookie.value for cookie in jar if cookie.name == "_xsrf"), "")
    form = urllib.parse.urlencode({"username": name, "password": password, "_xsrf": xsrf}).encode()
    try:
        with opener.open(urllib.request.Request(f"{public}/hub/login?next=", data=form), timeout=60) as response:
            return response.status, {cookie.name for cookie in jar}
    except urllib.error.HTTPError as e:
        return e.code, {cookie.name for cookie in jar}


def owned_by(path, user):
    uid, gid = pwd.getpwnam(user).pw_uid, pwd.getpwnam(user).pw_gid
    for folder, dirs, files in os.walk(path):
        os.chown(folder, uid, gid)
        for name in files:
            os.chown(os.path.join(folder, name), uid, gid)


def nbgrader_ok(result, what):
    assert isinstance(result, dict) and result.get("success"), f"{what} failed: {json.dumps(result)[:4000]}"
    return result


# ---------------------------------------------------------------------------------------------
# The test
# ---------------------------------------------------------------------------------------------


@pytest.mark.hub
@pytest.mark.slow
def test_course_on_jupyterhub(requirements, tmp_path):
    chp, assignment = requirements
    started = time.monotonic()
    machine = Machine()
    hub_log = tmp_path / "jupyterhub.log"

    def out_of_time(signum, frame):
        raise TimeoutError(f"the scenario took more than {TOTAL_SECONDS} s")

    previous_handler = signal.signal(signal.SIGALRM, out_of_time)
    signal.alarm(TOTAL_SECONDS)
    try:
        tag = secrets.token_hex(3)
        instructor, grader = f"rnn{tag}i", f"rnn{tag}g"
        good, lazy = f"rnn{tag}a", f"rnn{tag}b"  # submits the solution / the untouched release
        passwords = {name: secrets.token_urlsafe(12) for name in (instructor, good, lazy)}
        for name in (instructor, good, lazy):
            machine.add_user(name, passwords[name])
        machine.add_user(grader)
        machine.let_through(closed_folders())

        # The course folder: the grader's clone of the repository (what nbgrader needs of it).
        course_dir = machine.base / "home" / grader / COURSE_ID
        course_dir.mkdir()
        shutil.copy2(ROOT / "nbgrader_config.py", course_dir / "nbgrader_config.py")
        for top in ("solutions", "notebooks"):
            shutil.copytree(ROOT / top / assignment, course_dir / top / assignment,
                            ignore=shutil.ignore_patterns(".ipynb_checkpoints", "__pycache__"))
        owned_by(course_dir, grader)
        exchange = machine.base / "exchange"
        exchange.mkdir()
        exchange.chmod(0o1777)
        state = machine.base / "hub"
        state.mkdir(mode=0o700)

        ports = {key: free_port() for key in ("public", "hub", "proxy_api", "formgrader")}
        admin_token = secrets.token_hex(32)
        config = write_test_config(state, chp, ports, admin_token)
        env = dict(os.environ)
        env.update(
            COURSE_ID=COURSE_ID, COURSE_INSTRUCTORS=instructor, COURSE_STUDENTS=f"{good} {lazy}",
            COURSE_GRADER=grader, COURSE_DIR=str(course_dir), COURSE_FORMGRADER_PORT=str(ports["formgrader"]),
            NBGRADER_EXCHANGE_ROOT=str(exchange),
            PATH=str(Path(sys.executable).parent) + os.pathsep + env.get("PATH", ""),
        )
        env.pop("MPLBACKEND", None)
        process = start_process([sys.executable, "-m", "jupyterhub", "-f", config], hub_log, env=env, cwd=state)
        machine.processes.append(process)
        hub = Hub(f"http://127.0.0.1:{ports['public']}", admin_token, process, hub_log)

        # The hub is up, behind the real proxy, with the course's groups.
        info = wait_for("the hub's API through the proxy", lambda: hub.api("/"), START_SECONDS, alive=hub.alive)
        assert "version" in info
        groups = {g["name"]: sorted(g["users"]) for g in hub.api("/groups")}
        assert groups[f"formgrade-{COURSE_ID}"] == sorted([instructor, grader]), groups
        assert groups[f"nbgrader-{COURSE_ID}"] == sorted([good, lazy]), groups

        # PAM: a student logs in with their password; a wrong one is refused.
        status, cookies = login(hub.public, good, passwords[good])
        assert status == 302 and any(name.startswith("jupyterhub-hub-login") for name in cookies), (status, cookies)
        assert login(hub.public, good, "not-the-password")[0] == 403

        teacher, alice, bob = hub.user(instructor), hub.user(good), hub.user(lazy)
        formgrader = f"/services/{COURSE_ID}/formgrader"
        wait_for("the formgrader service", lambda: teacher.get(f"{formgrader}/api/status").get("status"),
                 START_SECONDS, alive=hub.alive)

        for student in (alice, bob):
            hub.start_server(student.name)
        for student in (alice, bob):
            hub.wait_ready(student.name)

        # Who may open what: the formgrader is the instructors'; each server is its user's; a
        # student's own server has no formgrader.
        assert alice.status(f"{formgrader}/api/status") == 403
        assert alice.status(f"/user/{good}/api/status") == 200
        assert alice.status(f"/user/{lazy}/api/status") == 403
        assert alice.status(f"/user/{good}/formgrader/api/status") == 404
        assert teacher.status(f"/user/{good}/api/status") == 403

        # The instructor generates and releases the assignment.
        nbgrader_ok(teacher.post(f"{formgrader}/api/assignment/{assignment}/assign", timeout=GRADE_SECONDS), "generate")
        nbgrader_ok(teacher.post(f"{formgrader}/api/assignment/{assignment}/release", timeout=GRADE_SECONDS), "release")
        assert (exchange / COURSE_ID / "outbound" / assignment / f"{assignment}.ipynb").is_file()

        # Each student sees it released and fetches it into their own home, through their server.
        course = {"course_id": COURSE_ID}
        for student in (alice, bob):
            listed = student.get(f"/user/{student.name}/assignments?course_id={COURSE_ID}")
            assert listed["success"], listed
            assert [a["status"] for a in listed["value"] if a["assignment_id"] == assignment] == ["released"], listed
            fetched = student.post(f"/user/{student.name}/assignments/fetch", {**course, "assignment_id": assignment})
            assert [a["status"] for a in fetched["value"] if a["assignment_id"] == assignment] == ["fetched"], fetched
        notebook_path = f"{COURSE_ID}/{assignment}/{assignment}.ipynb"
        fetched_nb = alice.get(f"/user/{good}/api/contents/{notebook_path}?content=1")["content"]
        assert grade_cells(fetched_nb), "the fetched notebook has no graded cells"

        # One writes the solutions into the fetched notebook's answer cells, the other submits it as it came.
        solution = read_notebook(SOLUTIONS / assignment / f"{assignment}.ipynb")
        answers = solution_cells(solution)
        answered = 0
        for cell in fetched_nb["cells"]:
            grade_id = cell.get("metadata", {}).get("nbgrader", {}).get("grade_id")
            if grade_id in solution_cells(fetched_nb):
                cell["source"] = answers[grade_id]["source"]
                answered += 1
            elif grade_id in manual_cells(fetched_nb):  # a free-response answer, in words: graded by hand below
                cell["source"] = "An answer in the learner's own words."
        assert answered == len(answers) > 0, f"answered {answered} of {len(answers)} exercises"
        http(f"{hub.public}/user/{good}/api/contents/{notebook_path}", alice.token, method="PUT",
             body={"type": "notebook", "format": "json", "content": fetched_nb})
        for student in (alice, bob):
            submitted = student.post(f"/user/{student.name}/assignments/submit", {**course, "assignment_id": assignment})
            assert "success" not in submitted or submitted["success"], submitted
        assert len(list((exchange / COURSE_ID / "inbound").iterdir())) == 2

        # The instructor collects, autogrades, generates and releases feedback.
        nbgrader_ok(teacher.post(f"{formgrader}/api/assignment/{assignment}/collect", timeout=GRADE_SECONDS), "collect")
        for student in (good, lazy):
            nbgrader_ok(teacher.post(f"{formgrader}/api/submission/{assignment}/{student}/autograde",
                                     timeout=GRADE_SECONDS), f"autograde {student}")
        # The free-response answers wait for a grader: the instructor scores the solution's through the
        # formgrader, as its score boxes do (tests/test_formgrader.py checks the steps one by one).
        manual = manual_cells(solution)
        if manual:
            submitted = [s for s in teacher.get(f"{formgrader}/api/submitted_notebooks/{assignment}/{assignment}")
                         if s["student"] == good]
            assert len(submitted) == 1, submitted
            grades = {g["name"]: g for g in teacher.get(f"{formgrader}/api/grades?submission_id={submitted[0]['id']}")}
            for name, points in manual.items():
                assert grades[name]["needs_manual_grade"], grades[name]
                http(teacher.hub.public + f"{formgrader}/api/grade/{grades[name]['id']}", teacher.token, method="PUT",
                     body={"manual_score": points}, timeout=60)
        nbgrader_ok(teacher.post(f"{formgrader}/api/assignment/{assignment}/generate_feedback",
                                 timeout=GRADE_SECONDS), "generate_feedback")
        nbgrader_ok(teacher.post(f"{formgrader}/api/assignment/{assignment}/release_feedback",
                                 timeout=GRADE_SECONDS), "release_feedback")

        # The formgrader's autograde went through the course's trusted grading: the learners' code in the
        # bubblewrap worker, the tests in nbgrader's process (course_utils/grading/trusted.py).
        for student in (good, lazy):
            graded = read_notebook(course_dir / "autograded" / student / assignment / f"{assignment}.ipynb")
            assert graded["metadata"].get("course_grading") == {"sandbox": "bwrap"}, graded["metadata"]

        # The gradebook: full marks for the solution, nothing for the untouched release.
        max_score = sum(grade_cells(solution).values())
        scores = {s["student"]: s for s in teacher.get(f"{formgrader}/api/submissions/{assignment}")}
        assert set(scores) == {good, lazy}, scores
        assert scores[good]["max_score"] == pytest.approx(max_score) and max_score > 0, scores[good]
        assert scores[good]["score"] == pytest.approx(max_score), scores[good]
        assert scores[lazy]["score"] == pytest.approx(0.0), scores[lazy]

        # The students fetch their feedback: an HTML report in their assignment folder.
        for student, expected in ((alice, max_score), (bob, 0.0)):
            student.post(f"/user/{student.name}/assignments/fetch_feedback", {**course, "assignment_id": assignment})
            folder = f"{COURSE_ID}/{assignment}/feedback"
            stamps = student.get(f"/user/{student.name}/api/contents/{folder}")["content"]
            assert len(stamps) == 1, stamps
            report_path = urllib.parse.quote(f"{stamps[0]['path']}/{assignment}.html")
            text = student.get(f"/user/{student.name}/api/contents/{report_path}?content=1")["content"]
            (Path(tmp_path) / f"feedback-{student.name}.html").write_text(text)
            assert f"Score: {expected:.1f} / {max_score:.1f}" in text, (
                f"{student.name}'s feedback does not show the score {expected} / {max_score}")
        print(f"the scenario took {time.monotonic() - started:.0f} s")
    except BaseException:
        print(f"--- jupyterhub log ---\n{tail(hub_log, 20000)}")
        raise
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous_handler)
        machine.cleanup()
    for name in machine.users:
        with pytest.raises(KeyError):
            pwd.getpwnam(name)
    assert not machine.base.exists()


# ---------------------------------------------------------------------------------------------
# The Kubernetes files agree with the tested one-machine configuration (no cluster here: the Helm
# chart is on no package registry reachable from this machine, so the values are not checked against
# its values.schema.json; these checks are only structural).
# ---------------------------------------------------------------------------------------------


def load_yaml_strict(text, many=False):
    """YAML that fails on a key given twice (Helm would take the last one silently)."""
    import yaml

    class Strict(yaml.SafeLoader):
        pass

    def mapping(loader, node, deep=False):
        keys = [loader.construct_object(key, deep=deep) for key, _ in node.value]
        doubled = {k for k in keys if keys.count(k) > 1}
        assert not doubled, f"keys given twice: {doubled} (line {node.start_mark.line + 1})"
        return loader.construct_mapping(node, deep=deep)

    Strict.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, mapping)
    return list(yaml.load_all(text, Loader=Strict)) if many else yaml.load(text, Loader=Strict)


def hub_config(monkeypatch, **settings):
    from traitlets.config.loader import PyFileConfigLoader

    for key, value in settings.items():
        monkeypatch.setenv(key, value)
    return PyFileConfigLoader(DEPLOY_CONFIG.name, path=str(DEPLOY_CONFIG.parent)).load_config()


def test_deploy_files_agree(monkeypatch):
    from traitlets.config import Config

    config = hub_config(monkeypatch, COURSE_INSTRUCTORS="ann", COURSE_STUDENTS="ben,cy")
    values = load_yaml_strict((ROOT / "deploy" / "z2jh-values.yaml").read_text())
    hub = values["hub"]

    # The course's groups and roles, the formgrader service, the servers' token scopes.
    assert set(config.JupyterHub.load_groups) == set(hub["config"]["JupyterHub"]["load_groups"])
    assert {g: v["users"] for g, v in config.JupyterHub.load_groups.items()} == {
        f"formgrade-{COURSE_ID}": ["ann", f"grader-{COURSE_ID}"], f"nbgrader-{COURSE_ID}": ["ben", "cy"]}
    roles = {r["name"]: r for r in config.JupyterHub.load_roles}
    assert set(roles) == set(hub["loadRoles"])
    for name, role in hub["loadRoles"].items():
        assert sorted(role["scopes"]) == sorted(roles[name]["scopes"]), name
        for kind in ("groups", "services"):
            assert role.get(kind) == roles[name].get(kind), (name, kind)
    assert [s["name"] for s in config.JupyterHub.services] == list(hub["services"]) == [COURSE_ID]
    extra = Config()
    exec(hub["extraConfig"]["rnn-course.py"], {"c": extra})
    assert extra.Spawner.server_token_scopes == config.Spawner.server_token_scopes

    # The formgrader Deployment is what hub.services points at, with the service's environment.
    documents = load_yaml_strict((ROOT / "deploy" / "k8s" / "formgrader.yaml").read_text(), many=True)
    kinds = {d["kind"]: d for d in documents}
    assert set(kinds) == {"PersistentVolumeClaim", "Service", "Deployment"}
    url = urllib.parse.urlparse(hub["services"][COURSE_ID]["url"])
    assert (url.hostname, url.port) == (kinds["Service"]["metadata"]["name"], kinds["Service"]["spec"]["ports"][0]["port"])
    container = kinds["Deployment"]["spec"]["template"]["spec"]["containers"][0]
    env = {e["name"]: e.get("value") for e in container["env"]}
    assert env["JUPYTERHUB_SERVICE_NAME"] == COURSE_ID and env["JUPYTERHUB_SERVICE_PREFIX"] == f"/services/{COURSE_ID}/"
    assert env["JUPYTERHUB_USER"] in hub["config"]["Authenticator"]["allowed_users"]
    assert env["NBGRADER_EXCHANGE_ROOT"] == values["singleuser"]["extraEnv"]["NBGRADER_EXCHANGE_ROOT"]
    mounts = {m["mountPath"] for m in values["singleuser"]["storage"]["extraVolumeMounts"]}
    assert env["NBGRADER_EXCHANGE_ROOT"] in mounts

    # The image copies files that exist, and turns off for users what the one-machine hub turns off.
    dockerfile = (ROOT / "deploy" / "Dockerfile").read_text()
    for line in dockerfile.splitlines():
        if line.startswith("COPY "):
            sources = [part for part in line.split()[1:-1] if not part.startswith("--")]
            for source in sources:
                assert (ROOT / source).exists(), f"deploy/Dockerfile copies {source}, which does not exist"
    assert "NBGRADER_EXCHANGE_ROOT=" + env["NBGRADER_EXCHANGE_ROOT"] in dockerfile
    users = ROOT / "deploy" / "etc" / "jupyter" / "users"
    server = json.loads((users / "jupyter_server_config.json").read_text())
    assert server["ServerApp"]["jpserver_extensions"] == {"nbgrader.server_extensions.formgrader": False}
    disabled = json.loads((users / "labconfig" / "page_config.json").read_text())["disabledExtensions"]
    bundle = "".join(p.read_text(errors="replace") for p in
                     (Path(sys.prefix) / "share" / "jupyter" / "labextensions" / "@jupyter" / "nbgrader" / "static")
                     .glob("*.js"))
    if bundle:
        for plugin in disabled:
            assert f'"{plugin}"' in bundle, f"nbgrader's JupyterLab extension has no plugin {plugin}"
