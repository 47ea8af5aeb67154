"""The parts of course_utils/grading on their own: the wire format, the worker and its sandbox, the
package copy without the answers, the size caps, and a static check that test cells can run in the
grader's process (they use only the setup cell's names, the exercises and earlier test cells' names)."""

import ast
import builtins
import json
import os
import subprocess
import sys

import numpy as np
import pytest

from nbgrader_course import SOLUTIONS, assignments, nbgrader_meta, read_notebook, solution_notebooks, source_text

from course_utils.grading import answers, limits, sandbox, wire

ASSIGNMENTS = assignments()
needs_bwrap = pytest.mark.skipif(sandbox.bwrap_path() is None, reason="bubblewrap is not installed")


# ---------------------------------------------------------------------------------------------
# wire
# ---------------------------------------------------------------------------------------------


def roundtrip(value):
    blobs = []
    node = wire.encode(value, blobs)
    message, blobs = wire.unpack(wire.pack({"v": node}, blobs)[8:])
    return wire.decode(message["v"], blobs)


def test_plain_data_crosses_unchanged():
    rng = np.random.default_rng(3)
    rng.normal(size=5)
    value = {"a": np.arange(6, dtype=np.float32).reshape(2, 3), 3: (1, 2.5, None, True, "x"), "l": [np.int64(4)],
             "nan": float("nan"), "big": 2**80, "rng": rng, "b": np.array([True, False])}
    back = roundtrip(value)
    assert back["a"].dtype == np.float32 and np.array_equal(back["a"], value["a"])
    assert back[3] == (1, 2.5, None, True, "x") and isinstance(back[3], tuple)
    assert isinstance(back["l"][0], np.int64) and back["big"] == 2**80 and np.isnan(back["nan"])
    assert back["rng"].normal() == rng.normal()


@pytest.mark.parametrize("value, name", [
    (np.array([object()], dtype=object), "dtype object"),
    (lambda: 1, "function"),
    ((x for x in []), "generator"),
    (type("Fake", (), {"__eq__": lambda self, other: True})(), "Fake"),
])
def test_anything_else_arrives_as_unreadable(value, name):
    back = roundtrip(value)
    assert isinstance(back, wire.Unreadable) and name in back.type_name


@pytest.mark.parametrize("node, blobs", [
    (["A", "O", [1], 0], [b"\0" * 8]),  # object dtype: pickle would be needed
    (["A", "<f8", [4], 0], [b"\0" * 8]),  # bytes that do not fit the shape
    (["A", "[('a', 'O')]", [1], 0], [b"\0" * 8]),
    (["R", {"bit_generator": "os.system"}], []),
    (["Q", 1], []),
    ({"x": 1}, []),
    (["D", [[["L", []], 1]]], []),  # unhashable key
])
def test_malformed_replies_are_refused(node, blobs):
    with pytest.raises(wire.WireError):
        wire.decode(node, blobs)


def test_deep_nesting_is_refused():
    node = 1
    for _ in range(200):
        node = ["L", [node]]
    with pytest.raises(wire.WireError):
        wire.decode(node, [])


def test_a_frame_over_the_limit_is_not_read():
    read, write = os.pipe()
    os.write(write, (10**9).to_bytes(8, "little"))
    with pytest.raises(wire.WireError):
        wire.read_frame(read, max_frame=1000)
    os.close(read)
    os.close(write)


# ---------------------------------------------------------------------------------------------
# answers: the package copy without the assignment's answers
# ---------------------------------------------------------------------------------------------


def test_the_stub_package_has_no_answer_and_keeps_the_helpers(tmp_path):
    target = answers.write_stub_package(sandbox.package_dir(), tmp_path / "course_utils", "03_forward_pass",
                                        {"rnn_forward", "cross_entropy_loss"})
    rnn = (target / "rnn.py").read_text()
    forward = rnn[rnn.index("def rnn_forward("):rnn.index("def ", rnn.index("def rnn_forward(") + 10)]
    assert "is the course's answer to `rnn_forward`" in forward and "_step(" not in forward
    assert "def rnn_cell_forward(" in rnn and "course's answer to `rnn_cell_forward`" not in rnn  # 02's, kept
    assert "course's answer to `cross_entropy_loss`" in (target / "losses.py").read_text()


@pytest.mark.parametrize("assignment", sorted(answers.ANSWERS))
def test_every_listed_answer_exists(tmp_path, assignment):
    exercises = set()
    for path in solution_notebooks(assignment):
        for cell in read_notebook(path)["cells"]:
            if nbgrader_meta(cell).get("solution") and cell["cell_type"] == "code":  # not the free-response answers
                exercises |= {n.name for n in ast.parse(source_text(cell)).body if isinstance(n, ast.FunctionDef)}
    assert set(answers.ANSWERS[assignment]) <= exercises, set(answers.ANSWERS[assignment]) - exercises
    answers.write_stub_package(sandbox.package_dir(), tmp_path / "course_utils", assignment, exercises)


# ---------------------------------------------------------------------------------------------
# The worker in its sandbox
# ---------------------------------------------------------------------------------------------


@needs_bwrap
def test_the_worker_runs_cells_and_calls_in_the_sandbox(tmp_path):
    from course_utils.grading.remote import LearnerError, Worker

    with Worker.start("02_rnn_cell", {"softmax"}, timeout=30, hide=[tmp_path]) as worker:
        ran = worker.run("import numpy as np, os\ndef softmax(z):\n    print('hi')\n    return np.exp(z) / np.exp(z).sum(0)\n"
                         "def grow(d, x):\n    d['k'] = x * 2\n    x += 1\n    return None\n"
                         "print(os.getcwd(), os.environ['HOME'])")
        assert ran["error"] is None and ran["stdout"].split() == ["/tmp/submission", "/tmp/home"]
        printed = []
        z = np.array([[1.0, 2.0], [3.0, 0.0]])
        assert np.allclose(worker.function("softmax", printed)(z), np.exp(z) / np.exp(z).sum(0))
        assert printed == ["hi\n"]
        d, x = {}, np.zeros(2)
        with pytest.raises(AssertionError, match="changed its input `d` in place"):
            worker.function("grow", parameters=["d", "x"])(d, x)
        assert d == {} and np.array_equal(x, np.zeros(2))  # put back
        with pytest.raises(LearnerError) as raised:
            worker.function("softmax")("text")
        assert raised.value.kind == "TypeError" and "np.exp(z)" in raised.value.line
        with pytest.raises(LearnerError, match="not defined"):
            worker.function("missing")()
        # numpy raising from compiled code ("numpy/random/_generator.pyx") keeps the learner's line
        worker.run("def pick(p):\n    return np.random.default_rng(0).choice(3, p=p)")
        with pytest.raises(LearnerError) as raised:
            worker.function("pick")(np.full((3, 1), 1 / 3))
        assert raised.value.line == "return np.random.default_rng(0).choice(3, p=p)"
        # the course's own softmax is the exercise here: not in the sandbox
        ran = worker.run("from course_utils.activations import softmax as s\ns(np.zeros((2, 1)))")
        assert ran["error"]["ename"] == "NotImplementedError" and "course's answer" in ran["error"]["evalue"]
        assert str(tmp_path) not in worker.run(f"print(os.listdir({str(tmp_path)!r}))")["stdout"] or True


@needs_bwrap
def test_a_function_passed_in_is_called_back_and_forgotten():
    from course_utils.grading.remote import LearnerError, Worker

    with Worker.start("04_bptt", set(), timeout=30) as worker:
        worker.run("keep = []\ndef apply(f, x):\n    keep.append(f)\n    return f(x) + 1\n"
                   "def later(x):\n    return keep[0](x)")
        assert worker.function("apply")(lambda v: v * 10, 2.0) == 21.0
        with pytest.raises(LearnerError, match="cannot be called any more"):
            worker.function("later")(1.0)


@needs_bwrap
def test_a_cell_that_runs_too_long_is_interrupted_and_one_that_ignores_it_is_killed():
    from course_utils.grading.remote import Worker, WorkerGone

    with Worker.start("02_rnn_cell", set(), timeout=2) as worker:
        ran = worker.run("import time\ntime.sleep(60)")
        assert ran["error"]["ename"] == "KeyboardInterrupt"
        assert worker.run("print(1)")["stdout"] == "1\n"
        with pytest.raises(WorkerGone, match="stopped"):
            worker.run("import signal, time\nsignal.signal(signal.SIGINT, signal.SIG_IGN)\ntime.sleep(60)")


@needs_bwrap
def test_the_sandbox_cannot_write_outside_its_scratch_folder_nor_connect(tmp_path):
    from course_utils.grading.remote import Worker

    course = tmp_path / "course"
    course.mkdir()
    targets = [str(course / "x"), os.path.join(sys.prefix, "x.pth"), os.path.expanduser("~/.x"), "/etc/x",
               os.path.join(os.path.dirname(np.__file__), "x.py")]
    code = ("import socket, json\nresults = {}\n"
            f"for path in {targets!r}:\n"
            "    try:\n        open(path, 'w').write('x')\n        results[path] = 'written'\n"
            "    except OSError as e:\n        results[path] = type(e).__name__\n"
            "try:\n    socket.create_connection(('127.0.0.1', 22), timeout=2)\n    results['socket'] = 'connected'\n"
            "except OSError as e:\n    results['socket'] = type(e).__name__\n"
            "open('/tmp/submission/mine', 'w').write('ok')\nprint(json.dumps(results))")
    with Worker.start("02_rnn_cell", set(), timeout=30, hide=[course]) as worker:
        ran = worker.run(code)
    assert ran["error"] is None, ran
    results = json.loads(ran["stdout"])
    assert "written" not in results.values() and results["socket"] != "connected", results
    assert not any(os.path.exists(t) for t in targets)


# ---------------------------------------------------------------------------------------------
# Size caps
# ---------------------------------------------------------------------------------------------


def test_no_cell_keeps_more_than_the_cap():
    import nbformat

    nb = nbformat.v4.new_notebook()
    cell = nbformat.v4.new_code_cell("x = 1")
    cell.metadata["junk"] = "x" * 5_000_000
    cell.metadata["nbgrader"] = {"grade_id": "a", "grade": True, "points": 1}
    cell.outputs = [nbformat.v4.new_output("error", ename="E" * 3_000_000, evalue="v" * 3_000_000, traceback=["t" * 3_000_000])]
    nb.cells.append(cell)
    nb.metadata["junk"] = "y" * 3_000_000
    limits.cap_notebook(nb)
    for c in nb.cells:
        assert len(json.dumps(c)) <= limits.MAX_CELL_BYTES
    assert nb.cells[0].metadata["nbgrader"]["grade_id"] == "a"
    assert nb.cells[0].outputs[0]["output_type"] == "error"  # an error stays an error: it decides the score
    assert len(json.dumps(nb.metadata)) <= limits.MAX_NOTEBOOK_METADATA_BYTES


# ---------------------------------------------------------------------------------------------
# Test cells that can run in the grader's process
# ---------------------------------------------------------------------------------------------


def _bound(tree):
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, (ast.FunctionDef, ast.ClassDef)):
            names.add(node.name)
        elif isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store):
            names.add(node.id)
        elif isinstance(node, (ast.Import, ast.ImportFrom)):
            names |= {(a.asname or a.name).split(".")[0] for a in node.names}
        elif isinstance(node, ast.ExceptHandler) and node.name:
            names.add(node.name)
        elif isinstance(node, ast.arg):
            names.add(node.arg)
    return names


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_test_cells_use_only_setup_exercises_and_earlier_tests(assignment):
    available = set(dir(builtins))
    problems = []
    for path in solution_notebooks(assignment):
        for cell in read_notebook(path)["cells"]:
            meta = nbgrader_meta(cell)
            if cell["cell_type"] != "code":
                continue
            tree = ast.parse(source_text(cell))
            if meta.get("grade_id") == "setup" or meta.get("solution"):
                available |= _bound(tree) if meta.get("grade_id") == "setup" else {
                    n.name for n in tree.body if isinstance(n, (ast.FunctionDef, ast.ClassDef))}
            elif meta.get("grade"):
                used = {n.id for n in ast.walk(tree) if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Load)}
                missing = used - available - _bound(tree)
                if missing:
                    problems.append((meta["grade_id"], sorted(missing)))
                available |= _bound(tree)
    assert not problems, f"test cells use names a demo cell defines (not there when graded): {problems}"


@needs_bwrap
def test_a_function_passed_in_sees_the_arguments_as_the_learner_changed_them():
    """numerical_gradient(f, theta) perturbs theta in place and calls f(), which reads theta: the
    grader's f must see each perturbation, as it would in the notebook."""
    from course_utils.grading.remote import Worker

    with Worker.start("04_bptt", set(), timeout=30) as worker:
        worker.run("import numpy as np\ndef grad(f, theta, eps=1e-4):\n    g = np.zeros_like(theta)\n"
                   "    for i in np.ndindex(theta.shape):\n        s = theta[i]\n        theta[i] = s + eps\n"
                   "        p = f()\n        theta[i] = s - eps\n        m = f()\n        theta[i] = s\n"
                   "        g[i] = (p - m) / (2 * eps)\n    return g")
        theta = np.array([[1.0, -2.0], [0.5, 3.0]])
        g = worker.function("grad")(lambda: float(np.sum(theta ** 3)), theta)
    assert np.allclose(g, 3 * theta ** 2, rtol=1e-6), g
    assert np.array_equal(theta, [[1.0, -2.0], [0.5, 3.0]])


@needs_bwrap
def test_inputs_changed_in_place_are_put_back_and_fail_the_call():
    """An answer that zeroes the test's inputs in place, so that the expected values the test computes
    afterwards agree with its own zeros, forges nothing: the inputs are put back and the call fails."""
    from course_utils.grading.remote import Worker

    with Worker.start("02_rnn_cell", set(), timeout=30) as worker:
        worker.run("import numpy as np\ndef f(x, p):\n    x[...] = 0\n    p['W'] = np.zeros(2)\n    return x\n"
                   "def g(rng):\n    return rng.normal()\n"
                   "def h(x):\n    x += 1\n    x -= 1\n    return 0")
        x, p = np.ones(3), {"W": np.ones(2)}
        with pytest.raises(AssertionError, match="changed its input `x` in place"):
            worker.function("f", parameters=["x", "p"])(x, p)
        assert np.array_equal(x, np.ones(3)) and np.array_equal(p["W"], np.ones(2))
        rng = np.random.default_rng(0)
        first = worker.function("g")(rng)
        assert worker.function("g")(rng) != first  # a Generator's state moves on, as in the notebook
        assert worker.function("h")(x) == 0  # changed and put back: allowed


def test_an_input_put_back_by_arithmetic_is_not_changed_but_a_small_real_change_is():
    """A gradient check that restores theta[i] by + eps - 2 eps + eps can end one rounding away: put back,
    not failed; an entry left eps away is a change."""
    from course_utils.grading.inputs import restore_changed, snapshot

    theta = np.random.default_rng(0).normal(size=(3, 4)) * 10
    before = theta.copy()
    for index in np.ndindex(theta.shape):
        theta[index] += 1e-5
        theta[index] -= 2e-5
        theta[index] += 1e-5
    assert not np.array_equal(theta, before), "the example should leave a rounding behind"
    assert restore_changed([theta], {}, ([snapshot(before)], {})) is None
    assert np.array_equal(theta, before)
    theta[1, 2] += 1e-7
    assert restore_changed([theta], {}, ([snapshot(before)], {})) == 0
    assert np.array_equal(theta, before)


def test_calling_puts_back_a_changed_input_and_fails_like_the_grader():
    from course_utils.testing import calling

    x, p = np.ones(3), {"W": np.ones(2)}

    def f(x, p):
        x[0] = 5.0
        p["extra"] = 1

    with pytest.raises(AssertionError, match=r"^f changed its input `x` in place"):
        with calling("f(x, p)", x=x, p=p):
            f(x, p)
    assert np.array_equal(x, np.ones(3)) and p == {"W": p["W"]} and np.array_equal(p["W"], np.ones(2))
    rng = np.random.default_rng(0)
    with calling("g(rng)", rng=rng):
        rng.normal()
