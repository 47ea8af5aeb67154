"""Checks for the notebooks' test cells: each failure says, in one sentence, what is likely wrong.

    from course_utils.testing import check_shape, check_close
    check_shape("a_next", a_next, (n_a, m), symbols=("n_a", "m"))
    check_close("a_next", a_next, expected, mistakes={"used sigmoid instead of tanh": wrong})

A failed check raises AssertionError, so a test cell fails and nbgrader gives it no points.
`mistakes` maps a description of a plausible mistake to the value that mistake produces;
when the learner's value matches one of them, the message names it.
"""

import numpy as np

# Bound at import, before any learner code runs, so a notebook that rebinds np.allclose
# or np.isclose cannot change what these checks compute.
_isclose = np.isclose
_asarray = np.asarray
_abs = np.abs
_isfinite = np.isfinite


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


def check_close(name, actual, expected, rtol=1e-6, atol=1e-8, mistakes=None, hint=None):
    """Fail unless `actual` equals `expected` within tolerances, naming the likely mistake.

    Inputs:
        name     -- str, what the learner called it
        actual   -- the learner's array (or number)
        expected -- the correct array (or number), same shape
        rtol, atol -- tolerances, as in np.isclose
        mistakes -- optional dict: description of a mistake -> the value that mistake gives
        hint     -- optional str, said when the value is wrong and no catalogued mistake matches
    """
    expected = _asarray(expected, dtype=float)
    if np.ndim(expected) > 0:
        check_shape(name, actual, expected.shape)
    if actual is None:
        raise AssertionError(f"{name} is None: did you forget to return it?")
    try:
        actual = _asarray(actual, dtype=float)
    except (TypeError, ValueError):
        raise AssertionError(f"{name} should hold numbers, but it is {type(actual).__name__}.") from None
    if not _isfinite(actual).all():
        raise AssertionError(f"{name} contains NaN or inf: look for a division by zero or an overflow in exp.")
    if _matches(actual, expected, rtol, atol):
        return
    for description, wrong_value in (mistakes or {}).items():
        if _matches(actual, wrong_value, rtol, atol):
            raise AssertionError(f"{name} is not right: it looks like you {description}.")
    difference = _abs(actual - expected)
    where = np.unravel_index(int(np.argmax(difference)), difference.shape) if difference.ndim else ()
    detail = f"the largest difference is {float(difference.max()):.3g}" + (f" at index {tuple(int(i) for i in where)}" if where else "")
    raise AssertionError(f"{name} has the right shape but wrong values ({detail})" + (f"; {hint}" if hint else "."))


def check_equal(name, actual, expected, mistakes=None, hint=None):
    """Fail unless `actual == expected` (for ints, strings, lists, dicts), naming the likely mistake."""
    if actual == expected:
        return
    for description, wrong_value in (mistakes or {}).items():
        if actual == wrong_value:
            raise AssertionError(f"{name} is not right: it looks like you {description}.")
    if actual is None:
        raise AssertionError(f"{name} is None: did you forget to return it?")
    raise AssertionError(f"{name} should be {expected!r}, got {actual!r}" + (f"; {hint}" if hint else "."))


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
        self.namespace, self.replacements, self.saved = namespace, replacements, {}

    def __enter__(self):
        for name, value in self.replacements.items():
            if name in self.namespace:
                self.saved[name] = self.namespace[name]
            self.namespace[name] = value
        return self

    def __exit__(self, *exc_info):
        for name in self.replacements:
            if name in self.saved:
                self.namespace[name] = self.saved[name]
            else:
                self.namespace.pop(name, None)
        return False
