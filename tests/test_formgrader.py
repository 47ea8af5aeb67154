"""A free-response answer graded by hand through nbgrader's real formgrader.

In a temporary course: generate an assignment that has a free-response question, autograde a learner who
answered everything (the question in words of their own), then start a Jupyter server with nbgrader's
formgrader extension on the course and, over HTTP with a token as an instructor's browser would:
the submission waits for a manual grade and scores the autograded points only; the grading page shows the
learner's answer and not the rubric; a manual score sent to the grade's API (what the formgrader's score box
does) is saved, the submission no longer needs grading, and its score includes it.
"""

import json
import os
import secrets
import socket
import subprocess
import sys
import time
import urllib.request

import pytest

from nbgrader_course import (
    Course,
    assignments,
    is_manual,
    manual_cells,
    read_notebook,
    solution_notebooks,
    tool_env,
)

ANSWER = "Because the same word should mean the same at every step, and because any length then fits."


def assignment_with_a_manual_cell():
    for assignment in assignments():
        for path in solution_notebooks(assignment):
            if manual_cells(read_notebook(path)):
                return assignment, path
    pytest.skip("no assignment has a manually graded cell")


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Formgrader:
    """A Jupyter server with the formgrader extension, in the course folder, on 127.0.0.1."""

    def __init__(self, course_dir, log_path):
        self.port, self.token = free_port(), secrets.token_hex(16)
        self.base = f"http://127.0.0.1:{self.port}"
        self.log = open(log_path, "w")
        self.process = subprocess.Popen(
            [sys.executable, "-m", "jupyter_server", "--no-browser", f"--port={self.port}", "--ip=127.0.0.1",
             f"--ServerApp.token={self.token}", f"--ServerApp.root_dir={course_dir}",
             '--ServerApp.jpserver_extensions={"nbgrader.server_extensions.formgrader": True}']
            + (["--allow-root"] if os.geteuid() == 0 else []),
            cwd=course_dir, env=tool_env(), stdout=self.log, stderr=subprocess.STDOUT)
        deadline = time.monotonic() + 90
        while True:
            try:
                if self.get("/formgrader/api/status").get("status"):
                    break
            except (OSError, ValueError):
                pass
            assert self.process.poll() is None, f"the server stopped: {open(log_path).read()[-3000:]}"
            assert time.monotonic() < deadline, f"the formgrader did not start: {open(log_path).read()[-3000:]}"
            time.sleep(0.5)

    def request(self, path, method="GET", data=None):
        body = json.dumps(data).encode() if data is not None else None
        request = urllib.request.Request(self.base + path, data=body, method=method,
                                         headers={"Authorization": f"token {self.token}"})
        with urllib.request.urlopen(request, timeout=60) as response:
            return response.read().decode("utf-8")

    def get(self, path):
        return json.loads(self.request(path))

    def close(self):
        self.process.terminate()
        try:
            self.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.process.kill()
        self.log.close()


@pytest.mark.slow
def test_a_free_response_answer_is_graded_by_hand_in_the_formgrader(tmp_path):
    assignment, source = assignment_with_a_manual_cell()
    course = Course(tmp_path / "course")
    course.generate(assignment)
    notebook = read_notebook(source)  # every exercise answered; the free-response cells in the learner's words
    for cell in notebook["cells"]:
        if is_manual(cell):
            cell["source"] = ANSWER
    manual = manual_cells(notebook)
    course.submit("ann", assignment, source.name, notebook)
    course.autograde(assignment)

    server = Formgrader(course.dir, tmp_path / "formgrader.log")
    try:
        [before] = server.get(f"/formgrader/api/submissions/{assignment}")
        assert before["student"] == "ann" and before["needs_manual_grade"], before
        assert before["score"] == pytest.approx(before["max_score"] - sum(manual.values())), before

        [submitted] = server.get(f"/formgrader/api/submitted_notebooks/{assignment}/{source.stem}")
        grades = {g["name"]: g for g in server.get(f"/formgrader/api/grades?submission_id={submitted['id']}")}
        assert set(manual) <= set(grades), grades.keys()

        # the grading page an instructor opens shows the learner's answer, and no rubric
        page = server.request(f"/formgrader/submissions/{submitted['id']}/")
        assert ANSWER in page and "Rubric" not in page

        for name, points in manual.items():
            assert grades[name]["auto_score"] is None and grades[name]["needs_manual_grade"], grades[name]
            assert grades[name]["max_score"] == points
            server.request(f"/formgrader/api/grade/{grades[name]['id']}", "PUT", {"manual_score": points})
            saved = server.get(f"/formgrader/api/grade/{grades[name]['id']}")
            assert saved["manual_score"] == points and not saved["needs_manual_grade"], saved

        [after] = server.get(f"/formgrader/api/submissions/{assignment}")
        print(f"{assignment}: {before['score']:g}/{before['max_score']:g} before the manual grade, "
              f"{after['score']:g}/{after['max_score']:g} after")
        assert not after["needs_manual_grade"], after
        assert after["score"] == pytest.approx(after["max_score"]) and after["score"] > before["score"], (before, after)
    finally:
        server.close()
    # and nbgrader's own export agrees
    rows = [r for r in course.export() if r["assignment"] == assignment and r["student_id"] == "ann"]
    assert len(rows) == 1 and float(rows[0]["score"]) == pytest.approx(after["max_score"]), rows
