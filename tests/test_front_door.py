"""The README's two commands: `python3 course.py lab` serves notebooks/ in JupyterLab, and CI runs
`python3 course.py test`."""

import json
import os
import re
import secrets
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
import uuid
from pathlib import Path

import pytest

from nbgrader_course import RELEASE, ROOT, load_course_script

LAB_COMMAND = "python3 course.py lab"
TEST_COMMAND = "python3 course.py test"
STARTUP_SECONDS = 60


def readme_commands():
    """The shell commands in the README's code blocks, in order."""
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    blocks = re.findall(r"```(?:bash|sh|shell|console)?\n(.*?)```", text, flags=re.S)
    return [line.strip() for block in blocks for line in block.splitlines() if line.strip() and not line.strip().startswith("#")]


def test_readme_starts_with_lab_then_test():
    commands = readme_commands()
    assert LAB_COMMAND in commands and TEST_COMMAND in commands, commands
    first_two = [c for c in commands if c.startswith("python3 course.py")][:2]
    assert first_two == [LAB_COMMAND, TEST_COMMAND], f"the README's first course commands are {first_two}"


def test_ci_runs_the_readme_test_command():
    script = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert "set -euo pipefail" in script
    assert TEST_COMMAND in [line.strip() for line in script.splitlines()], ".ci/run does not run " + TEST_COMMAND


def free_port():
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def request(url, token, method="GET", body=None, timeout=10):
    data = None if body is None else json.dumps(body).encode()
    req = urllib.request.Request(url, data=data, method=method)
    req.add_header("Authorization", f"token {token}")
    if data is not None:
        req.add_header("Content-Type", "application/json")
    with urllib.request.urlopen(req, timeout=timeout) as response:
        raw = response.read()
        return response.status, (json.loads(raw) if raw and "json" in response.headers.get("Content-Type", "") else raw)


def execute(port, token, kernel_id, code, timeout=STARTUP_SECONDS):
    """Run `code` in a kernel over the server's websocket; (execute_reply content, printed text)."""
    import websocket  # websocket-client, which jupyter_server itself uses

    url = f"ws://127.0.0.1:{port}/api/kernels/{kernel_id}/channels"
    ws = websocket.create_connection(url, header=[f"Authorization: token {token}"], timeout=timeout)
    try:
        msg_id = uuid.uuid4().hex
        header = {"msg_id": msg_id, "msg_type": "execute_request", "username": "test", "session": uuid.uuid4().hex,
                  "version": "5.3", "date": ""}
        content = {"code": code, "silent": False, "store_history": False, "user_expressions": {},
                   "allow_stdin": False, "stop_on_error": True}
        ws.send(json.dumps({"header": header, "parent_header": {}, "metadata": {}, "content": content,
                            "channel": "shell", "buffers": []}))
        output, deadline = [], time.monotonic() + timeout
        while time.monotonic() < deadline:
            message = json.loads(ws.recv())
            if message.get("parent_header", {}).get("msg_id") != msg_id:
                continue
            if message["msg_type"] == "stream":
                output.append(message["content"]["text"])
            elif message["msg_type"] == "execute_reply":
                return message["content"], "".join(output)
        raise AssertionError(f"no execute_reply within {timeout} s")
    finally:
        ws.close()


def stop(process):
    """End the server and everything it started (its process group), politely first."""
    if process.poll() is not None:
        return
    if os.name == "nt":
        process.terminate()
    else:
        os.killpg(process.pid, signal.SIGTERM)
    try:
        process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        if os.name == "nt":
            process.kill()
        else:
            os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=10)


@pytest.mark.browser
def test_lab_serves_the_notebooks(tmp_path):
    course = load_course_script()
    if not course.venv_up_to_date():
        pytest.skip("the course's .venv is not installed: `python3 course.py test` installs it and runs this test")
    port, token = free_port(), secrets.token_hex(16)
    log = tmp_path / "lab.log"
    cmd = [
        sys.executable, str(ROOT / "course.py"), "lab", "--no-browser", f"--port={port}",
        "--ServerApp.ip=127.0.0.1", "--ServerApp.port_retries=0", f"--IdentityProvider.token={token}",
    ]
    env = dict(os.environ, JUPYTER_RUNTIME_DIR=str(tmp_path / "runtime"))
    with open(log, "wb") as out:
        process = subprocess.Popen(
            cmd, cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
            start_new_session=(os.name != "nt"),
        )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + STARTUP_SECONDS
        status = None
        while time.monotonic() < deadline and process.poll() is None:
            try:
                status = request(f"{base}/api/status", token, timeout=2)
                break
            except (urllib.error.URLError, ConnectionError, OSError):
                time.sleep(0.5)
        assert status is not None and status[0] == 200, (
            f"JupyterLab did not answer within {STARTUP_SECONDS} s:\n{log.read_text(errors='replace')[-3000:]}"
        )

        # It serves notebooks/: the same folders, each with its notebook.
        code, root = request(f"{base}/api/contents", token)
        assert code == 200 and root["type"] == "directory"
        served = sorted(item["name"] for item in root["content"] if item["type"] == "directory")
        released = sorted(p.name for p in RELEASE.iterdir() if p.is_dir()) if RELEASE.is_dir() else []
        assert set(released) <= set(served), f"JupyterLab serves {served}, notebooks/ holds {released}"
        for name in released:
            code, folder = request(f"{base}/api/contents/{name}", token)
            assert code == 200 and f"{name}.ipynb" in [item["name"] for item in folder["content"]], folder

        # The lab page itself, and a python3 kernel, from .venv, that imports the course's package.
        code, page = request(f"{base}/lab", token)
        assert code == 200 and b"JupyterLab" in page
        code, kernel = request(f"{base}/api/kernels", token, method="POST", body={"name": "python3"})
        assert code == 201, kernel
        try:
            reply, output = execute(port, token, kernel["id"], "import sys, course_utils\nprint(sys.prefix)")
            assert reply["status"] == "ok", f"the kernel could not import course_utils: {reply}"
            assert Path(output.strip()).resolve() == (ROOT / ".venv").resolve(), f"the kernel runs in {output!r}"
        finally:
            request(f"{base}/api/kernels/{kernel['id']}", token, method="DELETE")
    finally:
        stop(process)
    assert process.returncode is not None
