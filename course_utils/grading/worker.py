"""The worker: the one process of the grading that runs a learner's code.

    python -I -m course_utils.grading.worker      (started by course_utils.grading.remote, in the sandbox)

It reads requests on its standard input and answers on its standard output, one frame each
(course_utils.grading.wire), then moves those pipes out of the way so that the learner's prints go to a
log. Requests:

    run    {code}                       run a notebook cell in the learner's namespace
    call   {name, args, kwargs}         call the learner's `name` with plain data; reply with the result
                                        and the arguments it changed in place
    bind   {name, id} / unbind {name}   replace the learner's `name` by a call back to the grader, and back
    return {value} / raise {kind, ...}  the grader's answer to a call back

Nothing here decides a grade: the grader compares what comes back, in its own process. Whatever the
learner's code does to this module only changes what the grader is told, and the grader reads only plain
data (numbers, strings, arrays, lists, tuples, dicts).
"""

import hashlib
import io
import os
import sys
import traceback

NOBODY = 65534
MAX_TEXT = 200_000  # characters of printed output kept per cell or call


def _drop_root():
    """As root (bwrap run by root keeps only CAP_SETUID/CAP_SETGID for this), become nobody: no capability
    is left, and the process-count limit applies (it never does to root)."""
    if os.getuid() == 0 and os.environ.get("COURSE_GRADING_SANDBOX") == "bwrap":
        os.setgroups([])
        os.setgid(NOBODY)
        os.setuid(NOBODY)


class CappedText(io.TextIOBase):
    """A text stream that keeps at most MAX_TEXT characters and says so."""

    def __init__(self):
        self.parts, self.size, self.cut = [], 0, False

    def writable(self):
        return True

    def write(self, text):
        text = str(text)
        room = MAX_TEXT - self.size
        if len(text) > room:
            text, self.cut = text[:max(room, 0)], True
        self.parts.append(text)
        self.size += len(text)
        return len(text)

    def value(self):
        return "".join(self.parts) + ("\n... [output cut by the grader] ...\n" if self.cut else "")


def _outside_learner(filename):
    import numpy

    import course_utils

    roots = [os.path.dirname(numpy.__file__), os.path.dirname(course_utils.__file__), sys.prefix, sys.base_prefix]
    return any(os.path.abspath(filename).startswith(os.path.abspath(root) + os.sep) for root in roots)


def learner_line(exc):
    """The last line of the learner's own code in the traceback, or None."""
    frames = [f for f in traceback.extract_tb(exc.__traceback__) if not _outside_learner(f.filename)]
    # without source text a frame is compiled code (numpy's relative "numpy/random/_generator.pyx"), not the learner's
    frames = [f for f in frames if f.line and os.path.basename(f.filename) != "worker.py"]
    return frames[-1].line.strip()[:300] if frames and frames[-1].line else None


def raised(exc):
    message = str(exc) if not isinstance(exc, KeyError) else (repr(exc.args[0]) if exc.args else "")
    return {"op": "raised", "kind": type(exc).__name__[:100], "message": message[:5000], "line": learner_line(exc)}


def _digest(value):
    from course_utils.grading import wire

    blobs = []
    node = wire.encode(value, blobs)
    h = hashlib.blake2b(repr(node).encode(), digest_size=16)
    for blob in blobs:
        h.update(blob)
    return h.digest()


class Worker:
    def __init__(self, requests, replies):
        from IPython.core.interactiveshell import InteractiveShell
        from traitlets.config import Config

        config = Config()
        config.HistoryManager.enabled = False
        self.shell = InteractiveShell.instance(config=config, colors="NoColor")
        self.shell.showtraceback = lambda *args, **kwargs: None
        self.shell.showsyntaxerror = lambda *args, **kwargs: None
        self.requests, self.replies = requests, replies
        self.saved = {}
        self.calls = []  # (args, kwargs, their digests before) of the calls in progress, innermost last

    # -- the pipe ---------------------------------------------------------------------------------
    def send(self, message, value_fields=()):
        from course_utils.grading import wire

        blobs = []
        for field in value_fields:
            message[field] = wire.encode(message[field], blobs)
        wire.write_frame(self.replies, message, blobs)

    def receive(self):
        from course_utils.grading import wire

        while True:
            try:
                return wire.read_frame(self.requests)
            except KeyboardInterrupt:  # an interrupt that came after the code it was meant for finished
                continue

    def decode(self, node, blobs):
        from course_utils.grading import wire

        return wire.decode(node, blobs, callback=self.call_back)

    # -- requests ---------------------------------------------------------------------------------
    def serve(self, until_answer=False):
        """Answer requests; inside a call back, until the grader's answer to it, which is returned."""
        while True:
            try:
                message, blobs = self.receive()
            except EOFError:
                os._exit(0)
            op = message.get("op")
            if op in ("return", "raise"):
                if until_answer:
                    return message, blobs
                continue
            if op == "exit":
                os._exit(0)
            handler = getattr(self, f"op_{op}", None) if op in ("run", "call", "bind", "unbind") else None
            if handler is None:
                self.send({"op": "error", "message": f"unknown request {op!r}"})
                continue
            handler(message, blobs)

    def _changed_arguments(self):
        """The arguments of the call in progress that its code has changed so far (else None each)."""
        if not self.calls:
            return [], {}
        args, kwargs, baseline = self.calls[-1]
        now = [_digest(a) for a in args], {k: _digest(v) for k, v in kwargs.items()}
        changed = ([a if d != b else None for a, d, b in zip(args, now[0], baseline[0])],
                   {k: v for k, v in kwargs.items() if now[1][k] != baseline[1][k]})
        baseline[0][:] = now[0]  # from here on, changed means changed since the grader last saw them
        baseline[1].update(now[1])
        return changed

    def call_back(self, number):
        def grader_function(*args, **kwargs):
            # the grader's function may read the arguments the learner's code is changing (a loss that
            # reads theta while numerical_gradient perturbs it): they go along, as they are now
            changed_args, changed_kwargs = self._changed_arguments()
            self.send({"op": "callback", "id": number, "args": list(args), "kwargs": kwargs,
                       "call_args": changed_args, "call_kwargs": changed_kwargs},
                      ("args", "kwargs", "call_args", "call_kwargs"))
            answer, blobs = self.serve(until_answer=True)
            if answer["op"] == "return":
                return self.decode(answer["value"], blobs)
            import builtins

            kind = getattr(builtins, str(answer.get("kind")), None)
            if not (isinstance(kind, type) and issubclass(kind, Exception)):
                kind = RuntimeError
            raise kind(answer.get("message", ""))

        grader_function.__name__ = grader_function.__qualname__ = "course_function"
        return grader_function

    def _captured(self):
        out = CappedText()
        sys.stdout = sys.stderr = out
        return out

    def _restore(self):
        sys.stdout, sys.stderr = sys.__stdout__, sys.__stderr__

    def op_run(self, message, blobs):
        out = self._captured()
        error = None
        try:
            result = self.shell.run_cell(str(message.get("code", "")), store_history=False)
            exc = result.error_before_exec or result.error_in_exec
            if exc is not None:
                lines = traceback.format_exception(type(exc), exc, exc.__traceback__)
                error = {"ename": type(exc).__name__[:100], "evalue": str(exc)[:5000],
                         "traceback": [line[:2000] for line in lines[-20:]]}
        except BaseException as exc:  # noqa: BLE001 -- whatever the cell did, the grader gets an answer
            error = {"ename": type(exc).__name__[:100], "evalue": str(exc)[:5000], "traceback": []}
        finally:
            self._restore()
        self.send({"op": "ran", "stdout": out.value(), "error": error})

    def op_call(self, message, blobs):
        name = str(message.get("name"))
        try:
            args = self.decode(message.get("args"), blobs)
            kwargs = self.decode(message.get("kwargs"), blobs)
        except Exception as exc:  # noqa: BLE001
            self.send({"op": "error", "message": f"could not read the arguments: {exc}"})
            return
        function = self.shell.user_ns.get(name)
        out = self._captured()
        try:
            if function is None:
                raise NameError(f"name '{name}' is not defined")
            before = [_digest(a) for a in args], {k: _digest(v) for k, v in kwargs.items()}
            self.calls.append((args, kwargs, before))
            try:
                value = function(*args, **kwargs)
                changed_args, changed_kwargs = self._changed_arguments()
            finally:
                self.calls.pop()
        except BaseException as exc:  # noqa: BLE001 -- the learner's exception is the answer
            self._restore()
            self.send(dict(raised(exc), stdout=out.value()))
            return
        finally:
            self._restore()
        reply = {"op": "result", "value": value, "args": changed_args, "kwargs": changed_kwargs,
                 "changed": [d is not None for d in changed_args], "stdout": out.value()}
        try:
            self.send(reply, ("value", "args", "kwargs"))
        except Exception as exc:  # noqa: BLE001 -- e.g. a value that cannot be encoded at all
            self.send({"op": "raised", "kind": "TypeError", "message": f"the result could not be sent: {exc}",
                       "line": None, "stdout": ""})

    def op_bind(self, message, blobs):
        name = str(message.get("name"))
        self.saved.setdefault(name, self.shell.user_ns.get(name, _MISSING))
        self.shell.user_ns[name] = self.call_back(int(message.get("id", -1)))
        self.send({"op": "bound"})

    def op_unbind(self, message, blobs):
        name = str(message.get("name"))
        value = self.saved.pop(name, _MISSING)
        if value is _MISSING:
            self.shell.user_ns.pop(name, None)
        else:
            self.shell.user_ns[name] = value
        self.send({"op": "bound"})


_MISSING = object()


def main():
    requests, replies = os.dup(0), os.dup(1)
    devnull = os.open(os.devnull, os.O_RDONLY)
    os.dup2(devnull, 0)
    os.dup2(2, 1)  # what the learner's code writes to the file descriptors goes to the log
    _drop_root()
    cwd = os.getcwd()
    sys.path[:] = [p for p in sys.path if p not in ("", ".", cwd)]  # the submission's folder shadows nothing
    import numpy  # noqa: F401 -- loaded before any learner code

    import course_utils  # noqa: F401 -- the sandbox's copy, without this assignment's answers
    from course_utils.grading import wire  # noqa: F401

    worker = Worker(requests, replies)
    worker.send({"op": "ready", "pid": os.getpid()})
    worker.serve()


if __name__ == "__main__":
    main()
