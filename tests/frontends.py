"""Helpers for the tests of the real front ends (JupyterLab in a browser, JupyterHub): servers on
loopback ports, HTTP with a token, and stopping whatever a test started. No test functions here.
"""

import json
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

from nbgrader_course import ROOT

SCREENSHOTS = ROOT / "test-output" / "screenshots"  # gitignored; a copy of every screenshot, for people

# Debian's chromium, driven by Playwright (whose own browser download is not used anywhere).
CHROMIUM = os.environ.get("COURSE_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
    "--no-first-run", "--disable-quic", "--disable-sync",
]


def free_port():
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class HTTPError(AssertionError):
    def __init__(self, method, url, status, body):
        super().__init__(f"{method} {url} -> {status}: {body[:2000]!r}")
        self.status = status
        self.body = body


def http(url, token=None, method="GET", body=None, timeout=30, headers=None):
    """(status, parsed JSON or bytes) of one request; HTTPError for a status >= 400."""
    data = None if body is None else json.dumps(body).encode()
    req = urllib.request.Request(url, data=data, method=method)
    if token:
        req.add_header("Authorization", f"token {token}")
    if data is not None:
        req.add_header("Content-Type", "application/json")
    for key, value in (headers or {}).items():
        req.add_header(key, value)
    try:
        with urllib.request.urlopen(req, timeout=timeout) as response:
            raw = response.read()
            kind = response.headers.get("Content-Type", "")
            return response.status, (json.loads(raw) if raw and "json" in kind else raw)
    except urllib.error.HTTPError as e:
        raise HTTPError(method, url, e.code, e.read().decode(errors="replace")) from None


def wait_for(what, check, timeout, interval=0.5, alive=None):
    """Call check() until it returns something truthy (then return it), for at most `timeout` s.

    alive() -> an error message stops the wait at once (e.g. the server process died).
    """
    deadline = time.monotonic() + timeout
    last = None
    while time.monotonic() < deadline:
        if alive is not None:
            problem = alive()
            if problem:
                raise AssertionError(f"waiting for {what}: {problem}")
        try:
            result = check()
            if result:
                return result
        except (OSError, HTTPError, urllib.error.URLError, ValueError) as e:
            last = e
        time.sleep(interval)
    raise AssertionError(f"{what}: not within {timeout} s" + (f" (last error: {last})" if last else ""))


def start_process(cmd, log, env=None, cwd=None):
    """Start `cmd` in a session of its own (so that stop_process ends its children too), output to `log`."""
    with open(log, "ab") as out:
        return subprocess.Popen(
            [str(part) for part in cmd], cwd=cwd, env=env, stdout=out, stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL, start_new_session=True,
        )


def stop_process(process, grace=20):
    """End `process` and its process group: SIGTERM, then SIGKILL after `grace` seconds."""
    if process is None:
        return
    try:
        os.killpg(process.pid, signal.SIGTERM)
    except ProcessLookupError:
        pass
    try:
        process.wait(timeout=grace)
    except subprocess.TimeoutExpired:
        pass
    try:  # the group may outlive its leader (a kernel, a spawned server)
        os.killpg(process.pid, signal.SIGKILL)
    except ProcessLookupError:
        pass
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        pass


def tail(path, chars=4000):
    try:
        return Path(path).read_text(errors="replace")[-chars:]
    except OSError:
        return ""


def save_screenshot(source, name):
    """Copy a screenshot into test-output/screenshots/ at the repository root (gitignored)."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    shutil.copy2(source, SCREENSHOTS / name)
    return SCREENSHOTS / name


# Throwaway JupyterLab settings for the browser tests: no autosave (opening a release notebook in the
# lab must never write into notebooks/), no news or update checks (no toast over the screenshots).
LAB_SETTINGS = {
    "@jupyterlab/docmanager-extension/plugin.jupyterlab-settings": {"autosave": False},
    "@jupyterlab/apputils-extension/notification.jupyterlab-settings": {
        "fetchNews": "false", "checkForUpdates": False,
    },
}


class LabServer:
    """A JupyterLab on 127.0.0.1, on a free port, with a token the test sets.

    root=None starts it as the README's first command does (`python3 course.py lab`, which serves
    notebooks/); with a root folder, it is the same venv's JupyterLab (`python -m jupyterlab`, as
    course.py lab runs it) serving that folder, since course.py lab fixes the root to notebooks/.
    """

    STARTUP_SECONDS = 90

    def __init__(self, workdir, root=None, name="lab"):
        self.dir = Path(workdir)
        self.dir.mkdir(parents=True, exist_ok=True)
        self.root = root
        self.name = name
        self.port = free_port()
        self.token = secrets.token_hex(16)
        self.base = f"http://127.0.0.1:{self.port}"
        self.log = self.dir / f"{name}.log"
        self.process = None

    def env(self):
        env = dict(os.environ)
        settings = self.dir / "settings"
        for rel, values in LAB_SETTINGS.items():
            path = settings / rel
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(json.dumps(values))
        env.update(
            JUPYTERLAB_SETTINGS_DIR=str(settings),
            JUPYTERLAB_WORKSPACES_DIR=str(self.dir / "workspaces"),
            JUPYTER_RUNTIME_DIR=str(self.dir / "runtime"),
        )
        env.pop("MPLBACKEND", None)  # a kernel shows figures inline only if no backend is forced
        return env

    def command(self):
        common = [
            "--no-browser", f"--port={self.port}", "--ServerApp.ip=127.0.0.1", "--ServerApp.port_retries=0",
            f"--IdentityProvider.token={self.token}",
        ]
        if self.root is None:
            return [sys.executable, ROOT / "course.py", "lab", *common]
        options = [f"--ServerApp.root_dir={self.root}"]
        if os.name != "nt" and os.geteuid() == 0:
            options.append("--allow-root")
        return [sys.executable, "-m", "jupyterlab", *options, *common]

    def start(self):
        self.process = start_process(self.command(), self.log, env=self.env(), cwd=ROOT)
        wait_for(
            f"JupyterLab ({self.name}) answering on port {self.port}",
            lambda: http(f"{self.base}/api/status", self.token, timeout=3)[0] == 200,
            self.STARTUP_SECONDS,
            alive=lambda: (f"it exited with {self.process.returncode}:\n{tail(self.log)}"
                           if self.process.poll() is not None else None),
        )
        return self

    def url(self, path):
        """The lab's URL of a notebook path relative to its root, logging in with the token."""
        return f"{self.base}/lab/tree/{path}?token={self.token}&reset"

    def contents(self, path):
        return http(f"{self.base}/api/contents/{path}?content=1", self.token)[1]

    def stop(self):
        stop_process(self.process)
