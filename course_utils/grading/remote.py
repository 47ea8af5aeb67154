"""The grader's handle on a worker: start it in the sandbox, run cells in it, call the learner's functions.

    with Worker.start(assignment, exercises, files) as worker:
        outputs = worker.run(cell_source)              # stdout and error of one notebook cell
        rnn_cell_forward = worker.function("rnn_cell_forward")
        a_next, y, cache = rnn_cell_forward(xt, a_prev, parameters)   # plain data in, plain data out

A learner's function called here runs in the worker; its arguments go there as plain data, its result
and the arguments it changed in place come back as plain data (wire.py), and an exception it raised
comes back as LearnerError, with the learner's line. Callables among the arguments (a loss to
differentiate) and names bound with `bind` (the reference `softmax` while `rnn_cell_forward` is tested)
run here, in the grader, when the worker calls them back.
"""

import builtins
import os
import signal
import subprocess
import time

import numpy as np

from course_utils.grading import sandbox, wire
from course_utils.grading.inputs import changed_input_message, restore_changed, snapshot
from course_utils.grading.answers import stub_package


class WorkerGone(RuntimeError):
    """The worker died, stopped answering, or broke the protocol; the rest of the notebook cannot run."""


class LearnerError(Exception):
    """An exception raised by the learner's code in the worker: its type's name, message and line."""

    def __init__(self, kind, message, line=None):
        super().__init__(message)
        self.kind, self.message, self.line = str(kind), str(message), line

    def builtin_type(self):
        kind = getattr(builtins, self.kind, None)
        return kind if isinstance(kind, type) and issubclass(kind, BaseException) else None

    def __str__(self):
        return f"{self.message}"


class Worker:
    def __init__(self, process, timeout, note=""):
        self.process, self.timeout, self.note = process, timeout, note
        self.requests, self.replies = process.stdin.fileno(), process.stdout.fileno()
        self.gone = None  # why the worker can no longer be used
        self.callbacks = {}  # id -> a function of the grader's that the worker may call back
        self.temporary = []  # ids of callables passed as arguments: forgotten when the call returns
        self.next_id = 0
        self.calls = []  # (args, kwargs) of the learner's functions being called, innermost last
        self.lent = set()  # names whose course version a test lent to the learner's code (testing.substitute)
        self.deadline = None

    # -- starting and stopping --------------------------------------------------------------------
    @classmethod
    def start(cls, assignment, exercises, files=(), timeout=60, hide=(), limits=None, isolation="bwrap",
              log_path=None):
        args = ["-m", "course_utils.grading.worker"]
        log = open(log_path, "ab") if log_path else subprocess.DEVNULL
        if isolation == "bwrap":
            stub = stub_package(assignment, exercises)
            hide = sandbox.default_hidden(None, hide)  # the home folders always: nobody may read what is left
            argv, preexec = sandbox.sandbox_command(args, stub, files=files, hide=hide, limits=limits)
            process = subprocess.Popen(argv, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=log,
                                       preexec_fn=preexec, close_fds=True)
            note = ""
        else:
            argv, scratch, env = sandbox.unsandboxed_command(args)
            for name, path in dict(files).items():
                os.symlink(path, os.path.join(scratch, name))
            process = subprocess.Popen(argv, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=log,
                                       cwd=scratch, env=env, start_new_session=True, close_fds=True)
            note = "graded WITHOUT a sandbox"
        if log_path:
            log.close()
        worker = cls(process, timeout, note)
        try:
            message, _ = wire.read_frame(worker.replies, deadline=time.monotonic() + max(60, timeout))
        except (EOFError, TimeoutError, wire.WireError) as exc:
            worker.close()
            raise WorkerGone(f"the grading sandbox did not start ({type(exc).__name__}); see the grading log") from None
        if message.get("op") != "ready":
            worker.close()
            raise WorkerGone("the grading sandbox did not start")
        worker.pid = message.get("pid")
        return worker

    def __enter__(self):
        return self

    def __exit__(self, *exc_info):
        self.close()
        return False

    def close(self):
        process = self.process
        if process.poll() is None:
            try:
                os.killpg(process.pid, signal.SIGKILL)
            except OSError:
                process.kill()
        process.wait()
        for stream in (process.stdin, process.stdout):
            try:
                stream.close()
            except OSError:
                pass

    def _lose(self, why):
        self.gone = why
        self.close()
        raise WorkerGone(why)

    def _interrupt(self):
        """SIGINT to the worker's Python (a KeyboardInterrupt in the learner's code), as nbgrader does."""
        try:
            import psutil

            for child in psutil.Process(self.process.pid).children(recursive=True):
                if "course_utils.grading.worker" in " ".join(child.cmdline()):
                    child.send_signal(signal.SIGINT)
        except Exception:  # noqa: BLE001 -- then the deadline below kills it
            pass

    # -- the pipe ---------------------------------------------------------------------------------
    def _send(self, message, values=()):
        if self.gone:
            raise WorkerGone(self.gone)
        blobs, callables = [], []
        for field in values:
            message[field] = wire.encode(message[field], blobs, callables)
        if callables:  # encode numbers them from 0 within this message; the worker needs ids of this worker
            offset = self.next_id
            for function in callables:
                self.callbacks[self.next_id] = function
                self.temporary.append(self.next_id)
                self.next_id += 1
            for field in values:
                message[field] = _shift_callables(message[field], offset)
        try:
            wire.write_frame(self.requests, message, blobs)
        except (BrokenPipeError, OSError):
            self._lose("the notebook's process ended unexpectedly")

    def _receive(self):
        grace = False
        while True:
            try:
                return wire.read_frame(self.replies, deadline=self.deadline)
            except TimeoutError:
                if grace:
                    self._lose(f"your code was stopped after running for more than {self.timeout} s")
                self._interrupt()
                self.deadline, grace = time.monotonic() + 5, True
            except EOFError:
                self._lose("the notebook's process ended unexpectedly (did your code exit, or use too much memory?)")
            except (wire.WireError, ValueError, TypeError, RecursionError, MemoryError) as exc:
                self._lose(f"the notebook's process sent something the grader cannot read: {str(exc)[:200]}")

    def _answer(self, top_level):
        """Serve call backs until the worker's reply to the current request."""
        while True:
            message, blobs = self._receive()
            if message.get("op") != "callback":
                return message, blobs
            self._serve_callback(message, blobs)

    def _serve_callback(self, message, blobs):
        function = self.callbacks.get(message.get("id"))
        try:
            args = wire.decode(message.get("args"), blobs)
            kwargs = wire.decode(message.get("kwargs"), blobs)
            if self.calls:  # first, what the learner's code has changed so far in the call's arguments
                self._write_back_all(self.calls[-1], wire.decode(message.get("call_args"), blobs),
                                     wire.decode(message.get("call_kwargs"), blobs))
            if function is None or not isinstance(args, list) or not isinstance(kwargs, dict) or \
                    not all(isinstance(k, str) for k in kwargs):
                raise TypeError("this function of the course cannot be called any more")
            if wire.unreadable_in((args, kwargs)) is not None:
                raise TypeError(f"the course's function was given {wire.unreadable_in((args, kwargs))!r}")
            value = function(*args, **kwargs)
        except Exception as exc:  # noqa: BLE001 -- goes back to the learner's code, as it would in the notebook
            self._send({"op": "raise", "kind": type(exc).__name__, "message": str(exc)[:5000]})
            return
        self._send({"op": "return", "value": value}, ("value",))

    def _decode(self, node, blobs):
        try:
            return wire.decode(node, blobs)
        except (wire.WireError, ValueError, TypeError, RecursionError, MemoryError) as exc:
            self._lose(f"the notebook's process sent something the grader cannot read: {str(exc)[:200]}")

    # -- requests ---------------------------------------------------------------------------------
    def run(self, code):
        """Run one cell: {"stdout": str, "error": None or {ename, evalue, traceback}}."""
        self.deadline = time.monotonic() + self.timeout
        try:
            self._send({"op": "run", "code": code})
            message, _ = self._answer(True)
        finally:
            self.deadline = None
        if message.get("op") != "ran":
            self._lose("the notebook's process answered out of turn")
        error = message.get("error")
        if error is not None and not isinstance(error, dict):
            error = {"ename": "Error", "evalue": str(error)[:1000], "traceback": []}
        return {"stdout": str(message.get("stdout", ""))[:1_000_000], "error": error}

    def call(self, name, args, kwargs, printed=None, parameters=()):
        """The learner's `name(*args, **kwargs)`. While it runs, the grader's functions it calls back see
        the arguments as it changes them; an argument it leaves changed (a Generator's state aside) is put
        back as it was, and the call fails: the course's exercises must not change their inputs, and a
        test must not compute its expected values from inputs the learner's code rewrote."""
        before = [snapshot(a) for a in args], {k: snapshot(v) for k, v in kwargs.items()}
        try:
            return self._call(name, args, kwargs, printed)
        finally:
            changed = restore_changed(args, kwargs, before)
            if changed is not None and not self.gone:
                label = parameters[changed] if isinstance(changed, int) and changed < len(parameters) else (
                    f"argument {changed + 1}" if isinstance(changed, int) else changed)
                raise AssertionError(changed_input_message(name, label))

    def _call(self, name, args, kwargs, printed=None):
        outermost = self.deadline is None
        if outermost:
            self.deadline = time.monotonic() + self.timeout
        self.calls.append((args, kwargs))
        try:
            self._send({"op": "call", "name": name, "args": list(args), "kwargs": dict(kwargs)}, ("args", "kwargs"))
            message, blobs = self._answer(outermost)
        finally:
            self.calls.pop()
            if outermost:
                self.deadline = None
                for number in self.temporary:
                    self.callbacks.pop(number, None)
                self.temporary = []
        if printed is not None and isinstance(message.get("stdout"), str) and sum(map(len, printed)) < 1_000_000:
            printed.append(message["stdout"])  # what the learner's code printed, shown under the test
        op = message.get("op")
        if op == "raised":
            line = message.get("line")
            raise LearnerError(str(message.get("kind", "Exception"))[:100], str(message.get("message", ""))[:5000],
                               line[:300] if isinstance(line, str) else None)
        if op != "result":
            self._lose(f"the notebook's process answered out of turn ({str(op)[:40]})")
        value = self._decode(message.get("value"), blobs)
        changed = self._decode(message.get("args"), blobs)
        changed_kwargs = self._decode(message.get("kwargs"), blobs)
        self._write_back_all((args, kwargs), changed, changed_kwargs)
        unreadable = wire.unreadable_in(value)
        if unreadable is not None:
            raise LearnerError("TypeError", f"{name} returned {'a value holding ' if unreadable is not value else ''}"
                               f"{unreadable!r}, which the grader cannot read: return numpy arrays, numbers, "
                               "strings, lists, tuples or dicts of those")
        return value

    @staticmethod
    def _write_back_all(call, changed, changed_kwargs):
        args, kwargs = call
        if isinstance(changed, list):
            for original, new in zip(args, changed):
                if new is not None:
                    _write_back(original, new)
        if isinstance(changed_kwargs, dict):
            for key, new in changed_kwargs.items():
                if key in kwargs:
                    _write_back(kwargs[key], new)

    def bind(self, name, function):
        """Until unbind(name), the learner's `name` calls `function` here (testing.substitute)."""
        number = self.next_id
        self.next_id += 1
        self.callbacks[number] = function
        self.lent.add(name)
        self._send({"op": "bind", "name": name, "id": number})
        self._expect_bound()
        return number

    def unbind(self, name, number=None):
        self.callbacks.pop(number, None)
        self._send({"op": "unbind", "name": name})
        self._expect_bound()

    def _expect_bound(self):
        self.deadline = time.monotonic() + self.timeout
        try:
            message, _ = self._answer(True)
        finally:
            self.deadline = None
        if message.get("op") != "bound":
            self._lose("the notebook's process answered out of turn")

    def function(self, name, printed=None, parameters=()):
        worker = self

        def learner_function(*args, **kwargs):
            return worker.call(name, args, kwargs, printed, parameters)

        learner_function.__name__ = learner_function.__qualname__ = name
        learner_function.__course_remote__ = True
        return learner_function


def _shift_callables(node, offset):
    if isinstance(node, list):
        if len(node) == 2 and node[0] == "C" and isinstance(node[1], int):
            return ["C", node[1] + offset]
        return [_shift_callables(n, offset) for n in node]
    return node


def _write_back(original, new):
    """Make `original` (the grader's argument) hold what the learner's function left in its copy."""
    if isinstance(original, np.ndarray) and isinstance(new, np.ndarray) and original.shape == new.shape:
        if original.flags.writeable:
            try:
                original[...] = new
            except (TypeError, ValueError):
                pass
    elif isinstance(original, dict) and isinstance(new, dict):
        for key in list(original):
            if key not in new:
                del original[key]
        for key, value in new.items():
            if key in original and isinstance(original[key], np.ndarray):
                _write_back(original[key], value)
                if isinstance(value, np.ndarray) and original[key].shape == value.shape:
                    continue
            original[key] = value
    elif isinstance(original, list) and isinstance(new, list):
        original[:] = new
    elif isinstance(original, np.random.Generator) and isinstance(new, np.random.Generator):
        original.bit_generator.state = new.bit_generator.state
