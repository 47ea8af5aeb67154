"""Checks for the notebooks' test cells: each failure says, in one sentence, what is likely wrong.

    from course_utils.testing import check_shape, check_close
    check_shape("a_next", a_next, (n_a, m), symbols=("n_a", "m"))
    check_close("a_next", a_next, expected, mistakes={"used sigmoid instead of tanh": wrong})

A failed check raises AssertionError, so a test cell fails and nbgrader gives it no points.
`mistakes` maps a description of a plausible mistake to the value that mistake produces;
when the learner's value matches one of them, the message names it.
"""

import os
import re
import traceback

import numpy as np

from course_utils.diagnosis import describe_difference, describe_items, without_guess

# Bound at import, before any learner code runs, so a notebook that rebinds np.allclose
# or np.isclose cannot change what these checks compute.
_isclose = np.isclose
_asarray = np.asarray
_abs = np.abs
_isfinite = np.isfinite
_ndim = np.ndim
_argmax = np.argmax
_unravel_index = np.unravel_index
_ndarray, _generic = np.ndarray, np.generic

# check_close's default tolerances: loose enough for a correct answer computed in float32 (about 7
# significant digits, so 1e-7 relative per operation, more after a loop), tight enough that every
# catalogued mistake in tests/catalogue/ still fails.
RTOL, ATOL = 1e-5, 1e-6


def check_type(name, value, expected_type):
    """Fail unless `value` is an instance of `expected_type` (a type or a tuple of types)."""
    if not isinstance(value, expected_type):
        wanted = (
            " or ".join(t.__name__ for t in expected_type)
            if isinstance(expected_type, tuple)
            else expected_type.__name__
        )
        got = "None (did you forget to return it?)" if value is None else type(value).__name__
        raise AssertionError(f"{name} should be a {wanted}, but it is {got}.")


def check_shape(name, actual, expected_shape, symbols=None, hint=None):
    """Fail unless `actual` is an array of shape `expected_shape`.

    Inputs:
        name           -- str, what the learner called it ("a_next")
        actual         -- the learner's value
        expected_shape -- tuple of int
        symbols        -- optional tuple of str naming each dimension, e.g. ("n_a", "m")
        hint           -- optional str, the likely mistake, added to the message
    """
    if actual is None:
        raise AssertionError(f"{name} is None: did you forget to return it?")
    if not hasattr(actual, "shape"):
        raise AssertionError(f"{name} should be a numpy array, but it is {type(actual).__name__}.")
    expected_shape = tuple(int(s) for s in expected_shape)
    actual_shape = tuple(int(s) for s in actual.shape)
    if actual_shape == expected_shape:
        return
    named = f"({', '.join(symbols)}) = " if symbols else ""
    message = f"{name} has shape {actual_shape} but should have shape {named}{expected_shape}"
    if hint is None and sorted(actual_shape) == sorted(expected_shape):
        hint = "the same sizes in another order: is a matrix transposed, or an axis swapped?"
    if hint is None and len(actual_shape) == len(expected_shape) - 1:
        hint = "one dimension is missing: did a sum or an index drop an axis (use keepdims=True)?"
    raise AssertionError(message + (f"; {hint}" if hint else "."))


def _matches(actual, candidate, rtol, atol):
    candidate = _asarray(candidate)
    return candidate.shape == actual.shape and bool(_isclose(actual, candidate, rtol=rtol, atol=atol).all())


def first_wrong(steps, otherwise=None, rtol=RTOL, atol=ATOL):
    """Where a wrong result first goes wrong: for a hint that names the step, not only the end result.

    Inputs:
        steps     -- (actual, expected, what to say) for the intermediate results, in the order they are made
                     (a learner's cache entries, say); an actual that is missing, of another shape or not
                     numbers counts as wrong
        otherwise -- what to say when every step is right (the slip is after them)
    Output: the first wrong step's text, else `otherwise`
    """
    for actual, expected, say in steps:
        try:
            actual = _asarray(actual, dtype=float)
        except (TypeError, ValueError):
            return say
        if not _matches(actual, expected, rtol, atol):
            return say
    return otherwise


def check_close(name, actual, expected, rtol=RTOL, atol=ATOL, mistakes=None, hint=None, nan_hint=None):
    """Fail unless `actual` equals `expected` within tolerances, naming the likely mistake.

    Inputs:
        name     -- str, what the learner called it
        actual   -- the learner's array (or number)
        expected -- the correct array (or number), same shape
        rtol, atol -- tolerances, as in np.isclose
        mistakes -- optional dict: description of a mistake -> the value that mistake gives
        hint     -- optional str, said when the value is wrong and no catalogued mistake matches
        nan_hint -- optional str, said when the value holds NaN or inf (where they come from on this input)
    """
    expected = _asarray(expected, dtype=float)
    if _ndim(expected) > 0:
        check_shape(name, actual, expected.shape)
    if actual is None:
        raise AssertionError(f"{name} is None: did you forget to return it?")
    try:
        actual = _asarray(actual, dtype=float)
    except (TypeError, ValueError):
        raise AssertionError(f"{name} should hold numbers, but it is {type(actual).__name__}.") from None
    if not _isfinite(actual).all():
        raise AssertionError(f"{name} contains NaN or inf" + (f"; {nan_hint}" if nan_hint else
                                                              ": look for a division by zero or an overflow in exp."))
    if _matches(actual, expected, rtol, atol):
        return
    for description, wrong_value in (mistakes or {}).items():
        if _matches(actual, wrong_value, rtol, atol):
            raise AssertionError(f"{name} is not right: it looks like you {description}.")
    difference = _abs(actual - expected)
    where = _unravel_index(int(_argmax(difference)), difference.shape) if difference.ndim else ()
    detail = f"the largest difference is {float(difference.max()):.3g}" + (f" at index {tuple(int(i) for i in where)}" if where else "")
    # what the difference looks like (a sign, a factor, a transpose, which time steps...), when it is clear;
    # its guess of the cause gives way to the test's own hint
    said = describe_difference(actual, expected, rtol=rtol, atol=atol)
    if hint:
        said = without_guess(said)
    raise AssertionError(f"{name} has the right shape but wrong values ({detail})" + (f"; {said}" if said else "")
                         + (f"; {hint}" if hint else "."))


class _Opaque:
    """A value of a type check_equal does not take apart: equal only to a value of exactly its type that
    the *expected* value's type calls equal, so a learner's class cannot declare itself equal to anything."""

    def __init__(self, value):
        self.value = value

    def __eq__(self, other):
        if not isinstance(other, _Opaque) or type(self.value) is not type(other.value):
            return False
        return bool(type(self.value).__eq__(other.value, self.value) is True)

    def __hash__(self):
        return id(self.value)


def _plain(value):
    """`value` rebuilt from exact built-in types (numpy scalars and arrays as Python numbers and lists),
    through the built-in types' own methods, so that a subclass cannot fake equality (`__eq__`
    returning True); anything else is wrapped in _Opaque."""
    kind = type(value)
    if value is None or kind in (bool, int, float, complex, str, bytes):
        return value
    if isinstance(value, bool):
        return bool(value)
    if isinstance(value, int):
        return int.__int__(value)
    if isinstance(value, float):
        return float.__float__(value)
    if isinstance(value, str):
        return str.__str__(value)
    if isinstance(value, _generic):
        return _plain(_generic.item(value))
    if isinstance(value, _ndarray):
        return _plain(_ndarray.tolist(_ndarray.view(value, _ndarray)))
    if isinstance(value, dict):
        return {_plain(k): _plain(v) for k, v in dict.items(value)}
    if isinstance(value, list):
        return [_plain(v) for v in list.__iter__(value)]
    if isinstance(value, tuple):
        return tuple(_plain(v) for v in tuple.__iter__(value))
    if isinstance(value, (set, frozenset)):
        return frozenset(_plain(v) for v in frozenset.__iter__(frozenset(set.__iter__(value)
                                                                          if isinstance(value, set) else value)))
    return _Opaque(value)


def _equal(actual, expected):
    try:
        return bool(_plain(actual) == _plain(expected))
    except Exception:  # noqa: BLE001 -- a value that cannot even be compared is not equal
        return False


def check_equal(name, actual, expected, mistakes=None, hint=None):
    """Fail unless `actual == expected` (for ints, strings, lists, dicts), naming the likely mistake.

    Both sides are compared as plain Python values (see _plain), so a returned object whose `__eq__`
    always says True does not pass.
    """
    if _equal(actual, expected):
        return
    for description, wrong_value in (mistakes or {}).items():
        if _equal(actual, wrong_value):
            raise AssertionError(f"{name} is not right: it looks like you {description}.")
    if actual is None:
        raise AssertionError(f"{name} is None: did you forget to return it?")
    # how the two differ (an item too many, the same items in another order, a missing key...), when it is clear
    try:
        said = describe_items(_plain(actual), _plain(expected))
    except Exception:  # noqa: BLE001 -- a value that cannot be taken apart gets no clause
        said = None
    if hint:
        said = without_guess(said)
    raise AssertionError(f"{name} should be {expected!r}, got {actual!r}" + (f"; {said}" if said else "")
                         + (f"; {hint}" if hint else "."))


# Where the course's own code and numpy live: a traceback frame outside them is the learner's.
_NOT_LEARNER = tuple(os.path.dirname(os.path.abspath(path)) + os.sep for path in (np.__file__, __file__))

_EXPLANATIONS = [
    # (exception type, pattern of its message, what it likely means; {0}, {1}, ... are the pattern's groups)
    (ValueError, r"matmul: Input operand \d+ has a mismatch in its core dimension \d+.*\(size (\d+) is different from (\d+)\)",
     "the inner sizes of a matrix product do not match ({0} against {1}): is a matrix transposed, or are the "
     "factors in the wrong order?"),
    (ValueError, r"shapes \(([\d, ]*)\) and \(([\d, ]*)\) not aligned",
     "the inner sizes of a matrix product do not match (shapes ({0}) and ({1})): is a matrix transposed, or are "
     "the factors in the wrong order?"),
    (ValueError, r"operands could not be broadcast together with shapes (\S+) (\S+)",
     "arrays of shapes {0} and {1} cannot be combined element by element: is an axis in the wrong place, or a "
     "keepdims=True missing?"),
    (ValueError, r"all the input array dimensions except for the concatenation axis must match exactly.*"
                 r"along dimension (\d+), the array at index 0 has size (\d+) and the array at index (\d+) has size (\d+)",
     "the arrays stacked together do not fit (sizes {1} and {3} along axis {0}): np.vstack puts arrays on top "
     "of each other (same number of columns), np.hstack side by side (same number of rows)"),
    (ValueError, r"could not broadcast input array from shape (\S+) into shape (\S+)",
     "the values assigned have shape {0} but the slots they go into have shape {1}: does a slice take one "
     "element too many or too few, or is an axis mixed up?"),
    (ValueError, r"cannot reshape array of size (\d+) into shape (\S+)",
     "an array of {0} numbers cannot be reshaped to {1}: check the sizes you reshape to"),
    (ValueError, r"^p must be 1-dimensional",
     "np.random's choice takes the probabilities as a 1-D array: is p still a column of shape (n, 1)? "
     "(p.ravel() flattens it)"),
    (ValueError, r"^probabilities do not sum to 1",
     "the probabilities given to choice do not sum to 1: are they a softmax over the right axis, and of "
     "the right column?"),
    (TypeError, r"cannot unpack non-iterable NoneType object",
     "the function returned None: did you forget a return statement?"),
    (TypeError, r"'NoneType' object is not (subscriptable|iterable)",
     "a function returned None: did you forget a return statement?"),
    (IndexError, r"(index -?\d+ is out of bounds for axis \d+ with size \d+)",
     "{0}: is an axis mixed up, e.g. the time step indexed on the batch axis?"),
    (IndexError, r"(too many indices for array.*)",
     "{0}: does the array have the number of dimensions you think?"),
    (NameError, r"name '(\w+)' is not defined",
     "`{0}` is not defined: is it spelled as in the exercise, and did you run the cells above? (When graded, "
     "the demonstration cells do not run: pass what your function needs as an argument.)"),
]


def _explain(exc):
    """One clause saying what the exception likely means."""
    return _explain_message(type(exc), str(exc).strip())


def _explain_message(kind, message):
    for pattern_kind, pattern, explanation in _EXPLANATIONS:
        if kind is not None and issubclass(kind, pattern_kind):
            match = re.search(pattern, message, re.S)
            if match:
                return explanation.format(*match.groups())
    if kind is not None and issubclass(kind, KeyError):
        return f"there is no key {message} in the dict: check the key's spelling"
    return message.splitlines()[0] if message else "no message"


def _learner_line(exc):
    """The last line of the learner's own code in the traceback, or None when it is the test's call."""
    frames = traceback.extract_tb(exc.__traceback__)
    # a frame without source text is compiled code (numpy's "numpy/random/_generator.pyx", a relative path
    # that would otherwise pass for the learner's), never a learner's cell
    own = [frame for frame in frames[1:]
           if frame.line and not os.path.abspath(frame.filename).startswith(_NOT_LEARNER)]
    return own[-1].line.strip() if own and own[-1].line else None


def _shapes(inputs):
    """'xt (3, 10), a_prev (5, 10), Waa (5, 5), ...': the shapes of the arrays among the inputs."""
    parts = []
    for name, value in inputs.items():
        if isinstance(value, dict):
            parts += [f"{key} {tuple(v.shape)}" for key, v in value.items() if hasattr(v, "shape")]
        elif hasattr(value, "shape"):
            parts.append(f"{name} {tuple(value.shape)}")
    return ", ".join(parts)


class calling:
    """Run the learner's code; if it raises, fail with one sentence: what raised, on which line, and why.

        with calling("rnn_cell_forward(xt, a_prev, parameters)", xt=xt, a_prev=a_prev, parameters=P):
            a_next, yt_pred, cache = rnn_cell_forward(xt, a_prev, P)

    The keyword arguments are the inputs, named as in the exercise; the shapes of the arrays among
    them (a dict's arrays one by one) go into the message, so a learner can see which product does not
    fit. An input the code left changed is put back, and the call fails (course_utils.grading.inputs).
    A failed check (AssertionError) and interrupts pass through unchanged.
    """

    def __init__(self, call, **inputs):
        self.call, self.inputs = call, inputs

    def __enter__(self):
        from course_utils.grading.inputs import snapshot

        self.before = {name: snapshot(value) for name, value in self.inputs.items()}
        return self

    def __exit__(self, kind, exc, tb):
        if kind is None:  # the inputs must be as they were (the grader says the same: grading/inputs.py)
            from course_utils.grading.inputs import changed_input_message, restore_changed

            changed = restore_changed([], self.inputs, ([], self.before))
            if changed is not None:
                raise AssertionError(changed_input_message(self.call.split("(")[0], changed))
            return False
        if not issubclass(kind, Exception) or issubclass(kind, AssertionError):
            return False
        remote = _remote_error(exc)
        if remote is not None:  # raised by the learner's code in the grading worker (course_utils.grading)
            name, kind, message, line = remote.kind, remote.builtin_type(), remote.message, remote.line
            if kind is not None and issubclass(kind, AssertionError):
                raise AssertionError(message) from None
        else:
            name, message, line = kind.__name__, (repr(exc.args[0]) if isinstance(exc, KeyError) and exc.args
                                                  else str(exc).strip()), _learner_line(exc)
        if kind is not None and issubclass(kind, NotImplementedError):
            if "is the course's answer to" in message:
                raise AssertionError(f"{self.call} called {message}.") from None
            raise AssertionError(f"{self.call}: not answered yet (replace `raise NotImplementedError()` in the "
                                 "exercise's cell with your code).") from None
        where = f" at `{line}`" if line else ""
        shapes = _shapes(self.inputs)
        inputs = f" (inputs: {shapes})" if shapes else ""
        explanation = _explain_message(kind, message)
        end = "" if explanation.endswith(("?", ".", "!")) else "."
        raise AssertionError(f"{self.call} raised {name}{where}{inputs}: {explanation}{end}") from None


def _remote_error(exc):
    if type(exc).__name__ != "LearnerError":
        return None
    from course_utils.grading.remote import LearnerError

    return exc if isinstance(exc, LearnerError) else None


def passed(what="All tests"):
    """Print the line a learner looks for after a test cell runs cleanly."""
    print(f"\N{CHECK MARK} {what} passed.")


class substitute:
    """Temporarily replace names in a namespace, e.g. the learner's helper by the reference one.

        with substitute(globals(), softmax=reference.softmax):
            a_next, yt_pred, cache = rnn_cell_forward(xt, a_prev, parameters)

    A test of one exercise thereby does not depend on the learner's answer to another: a mistake
    in `softmax` costs points on `softmax` only, not again on `rnn_cell_forward`.
    """

    def __init__(self, namespace, **replacements):
        self.namespace, self.replacements, self.saved, self.bound = namespace, replacements, {}, {}

    def __enter__(self):
        worker = self.namespace.get(WORKER_KEY)
        for name, value in self.replacements.items():
            if name in self.namespace:
                self.saved[name] = self.namespace[name]
            self.namespace[name] = value
            if worker is not None:  # graded: the learner's code runs in the worker, and calls back here
                self.bound[name] = worker.bind(name, value)
        return self

    def __exit__(self, *exc_info):
        worker = self.namespace.get(WORKER_KEY)
        for name in self.replacements:
            if name in self.saved:
                self.namespace[name] = self.saved[name]
            else:
                self.namespace.pop(name, None)
            if worker is not None and name in self.bound and not worker.gone:
                worker.unbind(name, self.bound.pop(name))
        return False


# The key under which the grader (course_utils.grading.trusted) puts the worker into a test's namespace.
WORKER_KEY = "__course_worker__"


# ---------------------------------------------------------------------------------------------
# Questions: an exercise `q_NAME` whose function returns the answer (CONTRIBUTING.md)
# ---------------------------------------------------------------------------------------------

QUESTION_PREFIX = "q_"


def is_question(exercise):
    """Whether an exercise (a solution cell's grade_id) is a question: its visible test checks the form of
    the answer only, and its hidden test whether it is right (the one exception to "visible tests catch
    everything")."""
    return str(exercise).startswith(QUESTION_PREFIX)


def _kind_of(value):
    return "nothing: is the `return` missing?" if value is None else type(value).__name__


def check_choice(name, value, choices):
    """A question's visible test: fail unless `value` is one of `choices` (a str, or an int), exactly.
    It never says whether the answer is right: the question's hidden test does."""
    plain = _plain(value)
    if any(type(plain) is type(choice) and _equal(plain, choice) for choice in choices):
        return
    listed = ", ".join(repr(choice) for choice in choices)
    raise AssertionError(f"{name} should return one of {listed}, but it returned {value!r} ({_kind_of(value)}); "
                         "copy one of the choices exactly.")


def check_number(name, value, integer=False):
    """A question's visible test: fail unless `value` is a finite number (a whole one if `integer`).
    It never says whether the number is right: the question's hidden test does."""
    plain = _plain(value)
    wanted = "a whole number (an int)" if integer else "a number"
    if type(plain) is float and integer and plain.is_integer():
        return
    if type(plain) not in ((int,) if integer else (int, float)):
        raise AssertionError(f"{name} should return {wanted}, but it returned {value!r} ({_kind_of(value)}).")
    if not _isfinite(plain):
        raise AssertionError(f"{name} should return {wanted}, but it returned {plain!r}.")


def check_answer(name, value, expected, rtol=1e-3, hint=None, atol=1e-9):
    """A question's hidden test: fail unless `value` is the right answer (a number within `rtol`, or `atol` of
    an expected 0 that a computation gives as 1e-17, anything else exactly). The message does not give the
    answer away: feedback can be shown, and the question reused."""
    plain = _plain(value)
    if isinstance(expected, (int, float)) and type(plain) in (int, float) and _isfinite(plain):
        right = bool(_isclose(plain, expected, rtol=rtol, atol=atol))
    else:
        right = type(plain) is type(expected) and _equal(plain, expected)
    if not right:
        raise AssertionError(f"{name} returned {value!r}, which is not the right answer"
                             + (f"; {hint}" if hint else "; reread the section the question is about."))
