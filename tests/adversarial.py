"""Adversarial submissions: notebooks that try to get points they did not earn, or that break a grader.

No test functions here: tests/test_adversarial.py grades them with plain nbgrader,
tests/test_batch_grading.py with `python -m course_utils.grading.batch`, and benchmarks/batch_grading.py mixes
them into its generated class. Every builder works on any assignment in solutions/ (it finds the
exercises from the nbgrader metadata and the wrong code in tests/catalogue/), and returns
(notebook file name, parsed notebook, or bytes for a file that is not even JSON).

    CASES["patched_comparisons"]("02_rnn_cell")  ->  ("02_rnn_cell.ipynb", {...})
"""

import copy
import json
import re

from mistakes import MISTAKES
from nbgrader_course import (
    RELEASE,
    nbgrader_meta,
    read_notebook,
    solution_notebooks,
    source_text,
)


def solution_notebook(assignment):
    """(file name, parsed solution notebook) of an assignment with one notebook."""
    path = solution_notebooks(assignment)[0]
    return path.name, read_notebook(path)


def release_notebook(assignment):
    name, _ = solution_notebook(assignment)
    return name, read_notebook(RELEASE / assignment / name)


def exercises(notebook):
    """grade_ids of the solution cells (the exercises), in notebook order."""
    return [nbgrader_meta(c)["grade_id"] for c in notebook["cells"]
            if nbgrader_meta(c).get("solution") and not nbgrader_meta(c).get("grade")]


def cell(notebook, grade_id):
    cells = [c for c in notebook["cells"] if nbgrader_meta(c).get("grade_id") == grade_id]
    assert len(cells) == 1, f"{len(cells)} cells with grade_id {grade_id!r}"
    return cells[0]


def first_mistake(assignment):
    """The first catalogued mistake of the assignment: wrong code for `mistake.exercise`."""
    mistakes = [m for m in MISTAKES if m.assignment == assignment]
    assert mistakes, f"tests/catalogue/ has no mistake for {assignment}"
    return mistakes[0]


def prepend(notebook, grade_id, code):
    target = cell(notebook, grade_id)
    target["source"] = code.rstrip("\n") + "\n" + source_text(target)


def append(notebook, grade_id, code):
    target = cell(notebook, grade_id)
    target["source"] = source_text(target).rstrip("\n") + "\n\n" + code.rstrip("\n") + "\n"


def imported_from(notebook, module):
    """Names that the notebook's locked cells import from `module` (e.g. course_utils.testing)."""
    names = []
    for c in notebook["cells"]:
        if c["cell_type"] == "code" and nbgrader_meta(c).get("locked"):
            for match in re.finditer(rf"^from {re.escape(module)} import ([^\n#]+)", source_text(c), re.M):
                names += [n.strip().split(" as ")[-1] for n in match.group(1).strip("()").split(",") if n.strip()]
    return names


# ---------------------------------------------------------------------------------------------
# The cases
# ---------------------------------------------------------------------------------------------


def infinite_loop(assignment):
    """The first exercise's cell never finishes: the per-cell timeout interrupts it."""
    name, nb = solution_notebook(assignment)
    prepend(nb, exercises(nb)[0], "while True:\n    pass")
    return name, nb


def raises(assignment):
    """The first exercise's cell raises before defining anything."""
    name, nb = solution_notebook(assignment)
    prepend(nb, exercises(nb)[0], 'raise RuntimeError("something I did not expect")')
    return name, nb


def deleted_tests(assignment):
    """Wrong code, and both test cells of that exercise deleted: nbgrader puts them back."""
    mistake = first_mistake(assignment)
    name, nb = mistake.notebook()
    nb["cells"] = [c for c in nb["cells"]
                   if nbgrader_meta(c).get("grade_id") not in (f"{mistake.exercise}_test", f"{mistake.exercise}_hidden_test")]
    return name, nb


def edited_tests(assignment):
    """Wrong code, and that exercise's test cells emptied, unlocked and made worth 100 points."""
    mistake = first_mistake(assignment)
    name, nb = mistake.notebook()
    for grade_id in (f"{mistake.exercise}_test", f"{mistake.exercise}_hidden_test"):
        target = cell(nb, grade_id)
        target["source"] = "pass  # nothing to see here\n"
        target["metadata"]["nbgrader"].update(locked=False, points=100)
        target["metadata"]["editable"] = True
    return name, nb


PATCH_COMPARISONS = """\
import numpy
import course_utils.testing
always = lambda *args, **kwargs: True
never_fails = lambda *args, **kwargs: None
np.allclose = np.array_equal = np.array_equiv = always
np.isclose = lambda a, b, *args, **kwargs: np.ones(np.broadcast(np.asarray(a), np.asarray(b)).shape, dtype=bool)
for _name in dir(np.testing):
    if _name.startswith("assert"):
        setattr(np.testing, _name, never_fails)
for _name in ("check_close", "check_equal", "check_shape", "check_type"):
    setattr(course_utils.testing, _name, never_fails)
course_utils.testing.check_close = never_fails
"""


def patched_comparisons(assignment):
    """Wrong code, after redefining numpy's comparisons (np.allclose, np.isclose, np.testing.*) and the
    module attributes of course_utils.testing."""
    mistake = first_mistake(assignment)
    name, nb = mistake.notebook()
    prepend(nb, mistake.exercise, PATCH_COMPARISONS)
    return name, nb


def rebound_helpers(assignment):
    """Wrong code, after rebinding the test helpers that the setup cell imported to do-nothing functions."""
    mistake = first_mistake(assignment)
    name, nb = mistake.notebook()
    helpers = imported_from(nb, "course_utils.testing") or ["check_close"]
    prepend(nb, mistake.exercise, " = ".join(helpers) + " = lambda *args, **kwargs: None")
    return name, nb


READER = '''\
import glob as _glob, json as _json, os as _os, sys as _sys


def _find_sources(assignment, extra=()):
    """Paths this kernel can read that hold the source notebook of `assignment` (with its solutions)."""
    starts = {_os.getcwd(), _os.path.dirname(_sys.executable), "/tmp", *extra}
    starts.update(_os.environ.get(key, "") for key in ("PWD", "OLDPWD", "HOME", "VIRTUAL_ENV"))
    try:
        import course_utils
        starts.add(_os.path.dirname(course_utils.__file__))
    except ImportError:
        pass
    for pid in (_os.listdir("/proc") if _os.path.isdir("/proc") else []):
        try:
            starts.add(_os.readlink(f"/proc/{pid}/cwd"))
        except OSError:
            pass
    found = set()
    for start in filter(None, starts):
        path = _os.path.abspath(start)
        while True:
            for pattern in (f"*/{assignment}/{assignment}.ipynb", f"*/*/{assignment}/{assignment}.ipynb"):
                for hit in _glob.glob(_os.path.join(path, pattern)):
                    try:
                        with open(hit, encoding="utf-8") as f:
                            text = f.read()
                    except OSError:
                        continue
                    # a notebook with the solutions in it (a source notebook, or a classmate's answers),
                    # and not this very notebook
                    if "### BEGIN " + "SOLUTION" in text and "_cheat(" not in text:
                        found.add(_os.path.realpath(hit))
            if _os.path.dirname(path) == path:
                break
            path = _os.path.dirname(path)
    return sorted(found)


_SOURCES = _find_sources(ASSIGNMENT)
print("FOUND " + _json.dumps(_SOURCES))


def _cheat(grade_id):
    """Run the source notebook's solution cell `grade_id` here, if a source notebook was found."""
    for path in _SOURCES:
        with open(path, encoding="utf-8") as f:
            for c in _json.load(f)["cells"]:
                if c.get("metadata", {}).get("nbgrader", {}).get("grade_id") == grade_id:
                    exec("".join(c["source"]), globals())
                    return
'''


def reads_solutions(assignment):
    """The release notebook, answered by reading the source notebook from wherever the kernel can reach
    it and running its solution cells. Prints `FOUND [paths]` in the first solution cell."""
    name, nb = release_notebook(assignment)
    names = exercises(nb)
    append(nb, names[0], READER.replace("ASSIGNMENT", repr(assignment)))
    for grade_id in names:
        append(nb, grade_id, f"_cheat({grade_id!r})")
    return name, nb


ESCAPE = """\


def _in_user_namespace():
    \"\"\"True in the batch grader's sandbox only (its marker, and a user namespace that maps one user);
    never on the host, where nothing below may run.\"\"\"
    if _os.environ.get("COURSE_GRADING_SANDBOX") == "bwrap":
        return True  # the grading worker's bubblewrap sandbox
    if _os.environ.get("COURSE_GRADING_SANDBOX") != "namespace":
        return False
    try:
        with open("/proc/self/uid_map") as f:
            return [line.split()[2] for line in f if line.strip()] == ["1"]
    except OSError:
        return False


if _in_user_namespace():
    import ctypes as _ctypes
    _libc = _ctypes.CDLL(None, use_errno=True)
    with open("/proc/self/mountinfo") as f:
        _covers = [line.split()[4] for line in f if " - tmpfs " in line]
    for _cover in _covers:  # uncover what the sandbox hides: we are root in here
        _libc.umount2(_cover.encode(), 2)
    if _libc.unshare(0x10000000 | 0x00020000) == 0:  # a user namespace of our own: root, with capabilities
        for _cover in _covers:
            _libc.umount2(_cover.encode(), 2)
        _os.makedirs("/tmp/_uncovered", exist_ok=True)
        _libc.mount(b"/", b"/tmp/_uncovered", None, 4096, None)  # a bind of / without what covers it
    import course_utils as _cu
    _SOURCES = _find_sources(ASSIGNMENT, ["/tmp/_uncovered" + _os.path.dirname(_cu.__file__)])
    print("ESCAPED " + _json.dumps(_SOURCES))
"""


def escapes_sandbox(assignment):
    """reads_solutions, plus, when it runs in a sandbox's user namespace (and only there), attempts to
    uncover what the sandbox hides: unmount its empty folders, make a user namespace of its own and
    unmount there, bind-mount / without its covers. Prints `ESCAPED [paths]` after."""
    name, nb = reads_solutions(assignment)
    append(nb, exercises(nb)[0], ESCAPE.replace("ASSIGNMENT", repr(assignment)))
    return name, nb


def found_sources(notebook, prefix="FOUND "):
    """The paths a reads_solutions notebook printed after `FOUND ` (or escapes_sandbox after
    `ESCAPED `), from its outputs; None if it printed none."""
    for c in notebook["cells"]:
        for out in c.get("outputs", []):
            text = out.get("text", "")
            text = "".join(text) if isinstance(text, list) else text
            for line in text.splitlines():
                if line.startswith(prefix):
                    return json.loads(line[len(prefix):])
    return None


def enormous_output(assignment):
    """A correct solution whose first exercise's cell ends by printing 100,000 lines and a 10 MB line."""
    name, nb = solution_notebook(assignment)
    append(nb, exercises(nb)[0], 'for _i in range(100_000):\n    print(_i)\nprint("x" * 10_000_000)')
    return name, nb


def kernel_crash(assignment):
    """The kernel process exits in the middle of the notebook."""
    name, nb = solution_notebook(assignment)
    prepend(nb, exercises(nb)[-1], "import os\nos._exit(1)")
    return name, nb


def uninterruptible(assignment):
    """An infinite loop that ignores the interrupt the timeout sends: every later cell times out too."""
    name, nb = solution_notebook(assignment)
    prepend(nb, exercises(nb)[0], "import signal\nsignal.signal(signal.SIGINT, signal.SIG_IGN)\nwhile True:\n    pass")
    return name, nb


def sleeper(assignment):
    """The first exercise's cell sleeps for two minutes (interruptibly)."""
    name, nb = solution_notebook(assignment)
    prepend(nb, exercises(nb)[0], "import time\ntime.sleep(120)")
    return name, nb


def unreadable(assignment):
    """A file that is not a notebook at all (a truncated upload)."""
    name, _ = solution_notebook(assignment)
    return name, b'{"cells": [{"cell_type": "code", "source": ["def f('


def reference_aliases(notebook):
    """{alias: module} of the course_utils modules that the locked cells import (`rnn as reference`)."""
    aliases = {}
    for c in notebook["cells"]:
        if c["cell_type"] == "code" and nbgrader_meta(c).get("locked"):
            for module, alias in re.findall(r"^from course_utils import (\w+) as (\w+)", source_text(c), re.M):
                aliases[alias] = f"course_utils.{module}"
    return aliases


def copies_the_reference(assignment):
    """The first exercise that has a namesake in a reference module the notebook imports for its tests
    (`from course_utils import rnn as reference`) is answered by calling it: right values, not the
    learner's work. ValueError for an assignment without one (in 01 none has one)."""
    import importlib

    name, nb = solution_notebook(assignment)
    aliases = reference_aliases(nb)
    for grade_id in exercises(nb):
        target = cell(nb, grade_id)
        functions = re.findall(r"^def (\w+)\(", source_text(target), re.M)
        for function in functions:
            for alias, module in aliases.items():
                if hasattr(importlib.import_module(module), function):
                    target["source"] = (source_text(target) + f"\n\n\ndef {function}(*args, **kwargs):\n"
                                        f"    return {alias}.{function}(*args, **kwargs)\n")
                    return name, nb
    raise ValueError(f"{assignment}: no exercise has a namesake in the reference modules {aliases}")


def solution(assignment):
    return solution_notebook(assignment)


def untouched(assignment):
    return release_notebook(assignment)


# The cases a plain `nbgrader autograde` survives (one call grades them all).
CASES = {
    "infinite_loop": infinite_loop,
    "raises": raises,
    "deleted_tests": deleted_tests,
    "edited_tests": edited_tests,
    "patched_comparisons": patched_comparisons,
    "rebound_helpers": rebound_helpers,
    "reads_solutions": reads_solutions,
    "enormous_output": enormous_output,
}
# The cases that make nbgrader fail a submission (or, for uninterruptible, take cells x timeout).
BREAKING = {
    "kernel_crash": kernel_crash,
    "uninterruptible": uninterruptible,
    "unreadable": unreadable,
}


def write(path, notebook):
    """Write a builder's result (parsed notebook or raw bytes) to `path`."""
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(notebook, bytes):
        path.write_bytes(notebook)
    else:
        path.write_text(json.dumps(copy.deepcopy(notebook), indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    return path
