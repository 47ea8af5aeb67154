"""What a wrong value's difference from the expected one looks like, in one short clause.

course_utils.testing calls these when a check fails and no catalogued mistake matches:

    describe_difference(actual, expected, rtol, atol)  -- two arrays (or numbers) of the same shape
    describe_items(actual, expected)                   -- two plain values (lists, tuples, dicts, str, int)

Each returns one clause ("it is the expected value times -1 (a sign error?)") or None when nothing
can be said with confidence. A clause states a fact about the two values -- a relation that holds
for every entry within the check's tolerances and explains the difference (a sign, a constant
factor, a transpose, axes in another order, a shift in time, a normalisation over another axis...),
or where the difference lies (which time steps, which sequences of the batch, which rows) -- and at
most a short guess of its cause, as a question in parentheses. A relation is only said when the
evidence is strong: it holds to the tolerance, it is much closer to the learner's value than the
expected value is, and (for a relation with fitted constants) there are more entries than constants.

Only the two values are used: nothing of the learner's is called, and the functions are
deterministic and fast (at most a few hundred array operations on small arrays).

Conventions (the course's): a 3-d array is (features, batch, time), like x (n_x, m, T_x): axis 0 the
features, axis 1 the examples (sequences) of the batch, axis 2 the time steps. Only a 3-d array's last
axis is called time; a 2-d array has rows and columns.
"""

import math
from fractions import Fraction
from itertools import combinations, permutations
from types import SimpleNamespace

import numpy as np

# Bound at import, before any learner code runs, so that a notebook that rebinds numpy's functions
# cannot change what is said (as in course_utils.testing).
_np = SimpleNamespace(**{name: getattr(np, name) for name in (
    "array", "abs", "maximum", "isfinite", "all", "any", "where", "flatnonzero", "nonzero", "transpose",
    "flip", "roll", "exp", "log", "sqrt", "tanh", "arctanh", "errstate", "float64", "ndarray", "unique",
    "argmax", "unravel_index", "diag", "eye", "ones_like", "zeros_like", "ix_", "count_nonzero", "round",
    "median")})

_MAX_SIZE = 20_000  # larger arrays get no diagnosis (the course's are far smaller; this keeps it under ~0.1 s)
_LN2, _LN10 = math.log(2), math.log(10)


# ----------------------------------------------------------------------------- words


def _num(x):
    """A number as a short text: an integer when it is one, else 3 significant digits."""
    x = float(x)
    if abs(x - round(x)) <= 1e-9 * max(1.0, abs(x)):
        return str(int(round(x)))
    text = f"{x:.3g}"
    return text if any(c in text for c in ".e") else f"{x:.4g}"


def _runs(indices):
    """[0, 1, 2, 5] -> [(0, 2), (5, 5)]: runs of consecutive integers."""
    runs = []
    for i in indices:
        if runs and i == runs[-1][1] + 1:
            runs[-1] = (runs[-1][0], i)
        else:
            runs.append((i, i))
    return runs


def _list(indices, most=4):
    """[1, 3] -> '1 and 3'; [2, 3, 4, 5] -> '2 to 5'; many scattered ones -> '1, 3, 4, ... (7 of them)'."""
    indices = [int(i) for i in indices]
    parts = []
    for a, b in _runs(indices):
        parts += [str(a)] if a == b else ([str(a), str(b)] if b == a + 1 else [f"{a} to {b}"])
    if len(parts) > most:
        return ", ".join(parts[:most - 1]) + f", ... ({len(indices)} of them)"
    return parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " and " + parts[-1]


def _plural(indices, one, many):
    return one if len(indices) == 1 else many


def _short(value, limit=40):
    text = repr(value)
    return text if len(text) <= limit else text[:limit - 3] + "..."


# ----------------------------------------------------------------------------- arrays


def without_guess(clause):
    """The clause without its guess: the parenthesised question it ends with, if any (a test's own hint
    says what is likely wrong better than a guess from the values alone)."""
    if not clause or not clause.endswith("?)"):
        return clause
    depth = 0
    for i in range(len(clause) - 1, -1, -1):
        depth += {")": 1, "(": -1}.get(clause[i], 0)
        if depth == 0:
            return clause[:i].rstrip()
    return clause


def describe_difference(actual, expected, rtol=1e-5, atol=1e-6):
    """One clause saying how `actual` differs from `expected` (same shape), or None."""
    try:
        a = _np.array(actual, dtype=_np.float64)
        e = _np.array(expected, dtype=_np.float64)
        if a.shape != e.shape or a.size == 0 or a.size > _MAX_SIZE:
            return None
        if not (_np.isfinite(a).all() and _np.isfinite(e).all()):
            return None
        with _np.errstate(all="ignore"):
            return _Difference(a, e, rtol, atol).clause()
    except Exception:  # noqa: BLE001 -- a diagnosis must never turn a failed check into a crash
        return None


def _softmax0(z):
    z = z - z.max(axis=0, keepdims=True)
    z = _np.exp(z)
    return z / z.sum(axis=0, keepdims=True)


def _sigmoid(z):
    return 1 / (1 + _np.exp(-z))


class _Difference:
    """The learner's array `a` against the expected `e`; clause() tries the checks in order."""

    def __init__(self, a, e, rtol, atol):
        self.a, self.e = a, e
        scale = max(float(_np.abs(a).max()), float(_np.abs(e).max()), 1e-300)
        self.rtol = min(max(float(rtol), 1e-7), 1e-4)
        self.atol = min(max(float(atol), 1e-13 * scale), 1e-5 * scale)
        self.diff = float(_np.abs(a - e).max())
        # the entries that differ: as check_close sees them (np.isclose(a, e, rtol, atol))
        self.wrong = ~(_np.abs(a - e) <= float(atol) + float(rtol) * _np.abs(e))
        self.nd = a.ndim
        # Whole numbers (counts, indices, one-hot arrays) fall into exact relations by chance when there are
        # few of them: then no relation is said, only where the difference is.
        self.whole = bool((a == _np.round(a)).all() or (e == _np.round(e)).all())
        self.few = bool((a == _np.round(a)).all() and (e == _np.round(e)).all()) and (
            a.size < 12 or self.significant(e) < 4 or self.significant(a) < 4)

    # -- the tolerance ------------------------------------------------------------------------
    def close(self, x, y):
        return _np.abs(x - y) <= self.atol + self.rtol * _np.maximum(_np.abs(x), _np.abs(y))

    def explains(self, candidate, actual=None):
        """Whether `candidate` (what a relation predicts) equals the learner's value within the
        tolerance and is much closer to it than the expected value is."""
        actual = self.a if actual is None else actual
        candidate = _np.array(candidate, dtype=_np.float64)
        if candidate.shape != actual.shape or candidate.size == 0 or not _np.isfinite(candidate).all():
            return False
        residual = _np.abs(actual - candidate)
        return bool(self.close(actual, candidate).all()) and float(residual.max()) <= 0.1 * self.diff

    def significant(self, x):
        """How many entries of x are clearly not 0."""
        return int(_np.count_nonzero(_np.abs(x) > 10 * self.atol))

    def clause(self):
        if not self.wrong.any():
            return None
        relations = (self.factor, self.offset, self.axes, self.flip, self.moves, self.rolls, self.elementwise,
                     self.activation, self.normalisation, self.slice_factor, self.slice_offset,
                     self.before_activation)
        if self.few:
            relations = ()
        for check in (self.zeros, *relations, self.located, self.profile, self.zero_pattern, self.ranges,
                      self.scattered):
            said = check()
            if said:
                return said
        return None

    # -- names of axes ------------------------------------------------------------------------
    def axis_name(self, k):
        if self.nd == 3:
            return ("axis 0 (the features)", "axis 1 (the batch)", "axis 2 (time)")[k]
        if self.nd == 2:
            return ("axis 0 (down the columns)", "axis 1 (along the rows)")[k]
        return f"axis {k}"

    # -- whole-array relations ----------------------------------------------------------------
    def zeros(self):
        if (_np.abs(self.a) <= self.atol).all() and self.significant(self.e):
            if self.a.size == 1:
                return "it is 0 (was nothing stored or added into it?)"
            return "every entry of it is 0 (was nothing stored or added into it?)"
        return None

    def name_factor(self, c, exact=1e-6):
        """(text, guess, exact value) for a constant factor that is a simple fraction or a known
        constant (within `exact`, relative), else None."""
        for value, text, guess in ((1 / _LN2, "1/ln 2 = 1.44", "a log in base 2 where the natural log belongs?"),
                                   (_LN2, "ln 2 = 0.693", "the natural log where a log in base 2 belongs?"),
                                   (1 / _LN10, "1/ln 10 = 0.434", "a log in base 10 where the natural log belongs?"),
                                   (_LN10, "ln 10 = 2.30", "the natural log where a log in base 10 belongs?")):
            if abs(c - value) <= exact * value:
                return text, guess, value
        fraction = Fraction(c).limit_denominator(12)
        if fraction == 0 or abs(float(fraction) - c) > exact * abs(c) or abs(fraction.numerator) > 60:
            return None
        p, q = fraction.numerator, fraction.denominator
        if exact < 1e-6 and abs(p) != 1 and q != 1:
            return None  # for a single number, only integers and 1/k
        value, text = float(fraction), str(fraction)
        sizes = {}
        if self.nd == 3:
            m, T = self.a.shape[1], self.a.shape[2]
            if m != T:
                sizes = {m: ("m", "the batch"), T: ("T_x", "the time steps")}
        if fraction == -1:
            return text, "a sign error?", value
        if q == 1 and p in sizes:
            symbol, what = sizes[p]
            return f"{symbol} = {p}", f"summed over {what} where the mean belongs?", value
        if p == 1 and q in sizes:
            symbol, what = sizes[q]
            return f"1/{symbol} = 1/{q}", f"averaged over {what} where the sum belongs, or divided by {symbol} twice?", value
        if fraction == 2:
            return text, "a term counted twice, or a 1/2 left out?", value
        if fraction == Fraction(1, 2):
            return text, "divided by 2, or a mean where a sum belongs?", value
        if q == 1 and p >= 3:
            return text, f"a division by {p} left out, or a sum where a mean belongs?", value
        if p == 1 and q >= 3:
            return text, f"divided by {q} once too often, or a mean where a sum belongs?", value
        if fraction < 0:
            return text, "a sign error as well as a wrong factor?", value
        return text, None, value

    def factor(self):
        e, a = self.e, self.a
        ee = float((e * e).sum())
        if ee == 0 or not self.significant(e):
            return None
        c = float((a * e).sum()) / ee
        if not math.isfinite(c) or c == 0:
            return None
        # one number against one number always has a ratio: then only an all but exact simple one counts
        named = self.name_factor(c, exact=1e-6 if self.significant(e) >= 2 else 1e-8)
        if named and self.explains(named[2] * e):
            text, guess, _ = named
            return f"it is the expected value times {text}" + (f" ({guess})" if guess else "")
        fits = self.explains(c * e)
        if fits and self.significant(e) == 2:  # two numbers fit a near-miss by chance: then only all but exactly
            fits = bool((_np.abs(a - c * e) <= 1e-9 * _np.abs(a).max()).all())
        if fits and self.significant(e) >= 2:
            return f"it is the expected value times {_num(c)} (a constant factor: a wrong scale or normalisation?)"
        return None

    def offset(self):
        if self.a.size < 2:
            return None
        c = float((self.a - self.e).mean())
        if abs(c) <= self.atol or not self.explains(self.e + c):
            return None
        direction = "higher" if c > 0 else "lower"
        if abs(abs(c) - 1) <= 1e-9:
            return f"every entry is 1 {direction} than expected (an index or a count off by one?)"
        return f"every entry is off by the same amount, {_num(abs(c))} {direction} (a constant term left out or added?)"

    def axes(self):
        e, a = self.e, self.a
        if self.nd == 2:
            if a.shape[0] == a.shape[1]:
                if self.explains(e.T):
                    return ("it is the transpose of the expected value (a .T in the wrong place, or the factors of "
                            "a product in the other order?)")
                if self.explains(-e.T):
                    return "it is minus the transpose of the expected value (a transpose and a sign error?)"
            if self.explains(e.T.reshape(e.shape)):
                return ("it holds the expected value's transpose read row by row into this shape (a reshape where a "
                        "transpose belongs?)")
            return None
        if 3 <= self.nd <= 4:
            for order in permutations(range(self.nd)):
                if order == tuple(range(self.nd)):
                    continue
                moved = _np.transpose(e, order)
                if moved.shape == a.shape and self.explains(moved):
                    swapped = [k for k in range(self.nd) if order[k] != k]
                    names = ""
                    if self.nd == 3 and len(swapped) == 2:
                        labels = ("the features", "the batch", "time")
                        names = f" ({labels[swapped[0]]} and {labels[swapped[1]]} swapped?)"
                    return f"its axes are in another order: it is np.transpose(expected, {order}){names}"
                if self.explains(moved.reshape(a.shape)):
                    return (f"it holds np.transpose(expected, {order}) read in order into this shape (a reshape where "
                            "a transpose belongs?)")
        return None

    def flip(self):
        for k in range(self.nd):
            if self.a.shape[k] < 2 or not self.explains(_np.flip(self.e, k)):
                continue
            if self.nd == 3 and k == 2:
                return "its time steps are in reverse order (the loop ran the wrong way, or stored from the end?)"
            if self.nd == 1:
                return "it is the expected value in reverse order"
            if self.nd == 2:
                return f"its {('rows', 'columns')[k]} are in reverse order"
            return f"it is the expected value reversed along axis {k}"
        return None

    def axis_order(self):
        """The axes, time (the last) first."""
        return list(range(self.nd - 1, -1, -1))

    def moves(self):
        """Moved by one position along an axis: rolled (np.roll, wrapping around) or shifted."""
        for k in self.axis_order():
            n = self.a.shape[k]
            said = self.roll_along(k, (1, n - 1)) if n >= 3 else None  # rolling 2 items is flipping them
            if said:
                return said
            said = self.shift_along(k)
            if said:
                return said
        return None

    def rolls(self):
        """Rotated by more than one position: two blocks in the other order."""
        for k in self.axis_order():
            n = self.a.shape[k]
            if 5 <= n <= 32:  # every rotation of a short axis only
                said = self.roll_along(k, range(2, n - 1))
                if said:
                    return said
        return None

    def roll_along(self, k, shifts):
        n = self.a.shape[k]
        for s in shifts:
            if not self.explains(_np.roll(self.e, s, axis=k)):
                continue
            if s in (1, n - 1):
                late = s == 1
                sign = "-" if late else "+"
                first, last = (0, n - 1) if late else (n - 1, 0)
                if self.nd == 3 and k == 2:
                    return (f"its time steps are rolled by one: your step t is the expected step t{sign}1, and step "
                            f"{first} the expected step {last} (np.roll wraps around; an index off by one?)")
                what, index = self.item_name(k)
                return (f"it is rolled by one: your {what} {index} is the expected {what} {index}{sign}1, and {what} "
                        f"{first} the expected {what} {last} (np.roll wraps around; an index off by one?)")
            what = ("rows", "columns")[k] if self.nd == 2 else ("entries" if self.nd == 1 else f"slices along axis {k}")
            return (f"its {what} are the expected ones rotated by {s} (np.roll), as if two blocks were put in the "
                    "other order")
        return None

    def item_name(self, k):
        if self.nd == 1:
            return "entry", "i"
        if self.nd == 2:
            return ("row", "column")[k], ("i", "j")[k]
        return f"slice along axis {k}", "i"

    def shift_along(self, k):
        n = self.a.shape[k]
        if n < 2:
            return None
        for late in (True, False):
            head = [slice(None)] * self.nd
            tail = [slice(None)] * self.nd
            head[k], tail[k] = slice(1, None), slice(None, -1)
            mine, theirs = (tuple(head), tuple(tail)) if late else (tuple(tail), tuple(head))
            a_part, e_part = self.a[mine], self.e[theirs]
            if self.significant(e_part) < 2 or int(_np.count_nonzero(self.wrong[mine])) < 2:
                continue
            if not self.explains(e_part, a_part):
                continue
            sign = "-" if late else "+"
            if self.nd == 3 and k == 2:
                return (f"it is one step {'late' if late else 'early'}: your value at time step t is the expected "
                        f"one at t{sign}1 (an index off by one?)")
            what, index = self.item_name(k)
            return (f"it is shifted by one: your {what} {index} is the expected {what} {index}{sign}1 "
                    "(an index off by one?)")
        return None

    def elementwise(self):
        e = self.e
        candidates = [(lambda: 1 - e, True, "it is 1 minus the expected value (a complement, or a subtraction the "
                                             "wrong way round?)"),
                      (lambda: _np.abs(e), (e < -10 * self.atol).any(),
                       "it is the expected value without its minus signs (an abs, or a square root of a square?)"),
                      (lambda: 1 / e, (e != 0).all(),
                       "it is the reciprocal of the expected value (a division the wrong way round?)"),
                      (lambda: e ** 2, True, "it is the square of the expected value (a square root left out?)"),
                      (lambda: _np.sqrt(e), (e >= 0).all(),
                       "it is the square root of the expected value (a square root too many?)"),
                      (lambda: _np.exp(e), (e < 50).all(),
                       "it is the exponential of the expected value (a log left out?)"),
                      (lambda: _np.log(e), (e > 0).all(), "it is the log of the expected value (a log too many?)"),
                      (lambda: -_np.log(e), (e > 0).all(), "it is minus the log of the expected value (an extra -log?)")]
        for candidate, valid, text in candidates:
            if bool(valid) and self.explains(candidate()):
                return text
        return None

    def unsaturated(self, candidate, low, high):
        """Whether at least two entries of `candidate` are clearly inside (low, high): a relation through
        tanh or the sigmoid says nothing where they are flat."""
        inside = (candidate > low + 1e-3) & (candidate < high - 1e-3)
        return int(_np.count_nonzero(inside)) >= 2

    def activation(self):
        a, e = self.a, self.e
        if not (self.unsaturated(e, -1, 1) or self.unsaturated(e, 0, 1)):
            return None
        if self.explains(e, _np.tanh(a)):
            return "tanh of your value is the expected value (the tanh left out?)"
        if self.explains(e, _sigmoid(a)):
            return "the sigmoid of your value is the expected value (the sigmoid left out?)"
        if self.nd >= 1 and a.shape[0] >= 2 and self.explains(e, _softmax0(a)):
            return "the softmax (over axis 0) of your value is the expected value (the softmax left out?)"
        if (_np.abs(e) < 1).all():
            z = _np.arctanh(e)
            if self.explains(_sigmoid(z)):
                return "it is the sigmoid of what the tanh is expected of (the sigmoid instead of tanh?)"
            if self.explains(_np.maximum(z, 0)):
                return "it is the ReLU of what the tanh is expected of (ReLU instead of tanh?)"
        if ((e > 0) & (e < 1)).all():
            z = _np.log(e) - _np.log(1 - e)
            if self.explains(_np.tanh(z)):
                return "it is tanh of what the sigmoid is expected of (tanh instead of the sigmoid?)"
        return None

    def normalised(self, x, axis):
        if (x < -self.atol).any():
            return False
        sums = x.sum() if axis is None else x.sum(axis=axis)
        return bool(_np.all(self.close(_np.array(sums), 1.0)))

    def normalisation(self):
        a, e = self.a, self.e
        if self.nd < 2 or self.whole:  # one-hot arrays sum to 1 without being probabilities
            return None
        expected_axes = [k for k in range(self.nd) if e.shape[k] >= 2 and self.normalised(e, k)]
        if not expected_axes:
            return None
        k = expected_axes[0]
        if self.normalised(a, k):
            return None
        mine = [j for j in range(self.nd) if a.shape[j] >= 2 and self.normalised(a, j)]
        if self.nd == 2:
            lines = ("columns", "rows")  # summing over axis 0 adds up each column
            if mine:
                return (f"its {lines[mine[0]]} sum to 1 instead of its {lines[k]} (normalised over the wrong axis?)")
            if self.normalised(a, None):
                return (f"the whole array sums to 1 instead of each of its {lines[k]} (divided by the total instead "
                        f"of each {lines[k][:-1]}'s own sum?)")
            return None
        if mine:
            return (f"it sums to 1 over {self.axis_name(mine[0])} instead of over {self.axis_name(k)} "
                    "(normalised over the wrong axis?)")
        if self.normalised(a, None):
            return f"the whole array sums to 1 instead of each slice over {self.axis_name(k)} (divided by the total?)"
        return None

    # -- where the difference is --------------------------------------------------------------
    def where_clause(self):
        """', where your values are 0' etc.: what the wrong entries are, said after their location."""
        aw, ew = self.a[self.wrong], self.e[self.wrong]
        if (_np.abs(aw) <= self.atol).all():
            return ", and your values there are 0"
        if (_np.abs(ew) <= self.atol).all():
            return ", where the expected values are 0"
        if self.few:
            return ""
        ee = float((ew * ew).sum())
        if ee > 0:
            c = float((aw * ew).sum()) / ee
            exact = 1e-6 if self.significant(ew) >= 2 else 1e-8
            named = self.name_factor(c, exact) if math.isfinite(c) and c != 0 else None
            if named and self.explains(named[2] * ew, aw):
                return f", where it is the expected value times {named[0]}"
        if aw.size >= 2:
            c = float((aw - ew).mean())
            if self.explains(ew + c, aw):
                return f", where every entry is off by the same amount, {_num(c)}"
        return ""

    def located(self):
        wrong = self.wrong
        if not wrong.any() or wrong.all() or self.nd == 0:
            return None
        if int(_np.count_nonzero(wrong)) == 1:
            index = tuple(int(i) for i in _np.unravel_index(int(_np.argmax(wrong)), wrong.shape))
            at = index[0] if self.nd == 1 else index
            return f"only the entry at index {at} differs{self.where_clause()}"
        if self.nd == 1:
            return self.located_1d(_np.flatnonzero(wrong).tolist())
        if self.nd == 2:
            return self.located_2d()
        if self.nd == 3:
            return self.located_3d()
        return self.located_nd()

    def located_1d(self, where):
        n = self.a.shape[0]
        if where[-1] == n - 1 and where == list(range(where[0], n)):
            right = "the first one is right" if where[0] == 1 else f"the first {where[0]} are right"
            return f"only the entries from index {where[0]} on differ, {right}{self.where_clause()}"
        if where[0] == 0 and where == list(range(0, where[-1] + 1)):
            last = n - 1 - where[-1]
            right = "the last one is right" if last == 1 else f"the last {last} are right"
            return f"only the entries up to index {where[-1]} differ, {right}{self.where_clause()}"
        if len(where) <= n // 2:
            return f"only the entries at {_list(where)} differ{self.where_clause()}"
        return None

    def located_2d(self):
        wrong = self.wrong
        rows = _np.flatnonzero(wrong.any(axis=1)).tolist()
        cols = _np.flatnonzero(wrong.any(axis=0)).tolist()
        n_rows, n_cols = wrong.shape
        where = self.where_clause()
        if n_rows == n_cols and n_rows >= 2 and not (wrong & ~_np.eye(n_rows, dtype=bool)).any():
            if wrong.diagonal().all():
                return f"only the diagonal differs{where}"
            return f"only diagonal entries differ (at {_list(_np.flatnonzero(wrong.diagonal()).tolist())}){where}"
        block = bool((wrong[_np.ix_(rows, cols)]).all())
        if block and len(rows) == n_rows:
            return f"only {_plural(cols, 'column', 'columns')} {_list(cols)} {_plural(cols, 'differs', 'differ')}{where}"
        if block and len(cols) == n_cols:
            return f"only {_plural(rows, 'row', 'rows')} {_list(rows)} {_plural(rows, 'differs', 'differ')}{where}"
        starts = self.suffix_starts(wrong, rows)
        if starts is not None:
            return (f"only the last columns of some rows differ ({self.starts_text(starts, 'row', 'column')})"
                    f"{where}")
        if block:
            return (f"only {_plural(rows, 'row', 'rows')} {_list(rows)} in {_plural(cols, 'column', 'columns')} "
                    f"{_list(cols)} differ{where}")
        return None

    @staticmethod
    def suffix_starts(wrong_by_line, lines):
        """For a (lines, steps) boolean array: {line: first wrong step} when every line's wrong steps are
        its last ones, starting after 0, for some but not all lines (or from different steps); else None."""
        n_lines, n_steps = wrong_by_line.shape
        starts = {}
        for i in lines:
            steps = _np.flatnonzero(wrong_by_line[i]).tolist()
            if steps != list(range(steps[0], n_steps)) or steps[0] == 0:
                return None
            starts[i] = steps[0]
        if len(starts) == n_lines and len(set(starts.values())) == 1:
            return None
        return starts

    @staticmethod
    def starts_text(starts, line, step):
        items = sorted(starts.items())
        parts = [f"{line} {i} from {step} {s} on" for i, s in items[:3]]
        return ", ".join(parts) + (", ..." if len(items) > 3 else "")

    def located_3d(self):
        wrong = self.wrong
        n, m, T = wrong.shape
        where = self.where_clause()
        by_sequence = wrong.any(axis=0)  # (m, T)
        sequences = _np.flatnonzero(by_sequence.any(axis=1)).tolist()
        steps = _np.flatnonzero(by_sequence.any(axis=0)).tolist()
        features = _np.flatnonzero(wrong.any(axis=(1, 2))).tolist()
        starts = self.suffix_starts(by_sequence, sequences)
        if starts is not None:
            text = ", ".join(f"sequence {i} from t = {s} on" for i, s in sorted(starts.items())[:3])
            return (f"only the last time steps of some sequences differ ({text}{', ...' if len(starts) > 3 else ''})"
                    f"{where} (the mask, or the lengths of the padded sequences?)")
        if len(steps) < T:
            only_some = f" of sequence{'s' if len(sequences) > 1 else ''} {_list(sequences)}" if len(sequences) < m else ""
            if steps == [0]:
                text = f"only time step t = 0{only_some} differs{where} (the first step, or the initial state?)"
            elif steps == [T - 1]:
                text = f"only the last time step, t = {T - 1}{only_some}, differs{where}"
            elif steps == list(range(steps[0], T)):
                text = (f"the time steps from t = {steps[0]} on{only_some} differ, the earlier ones are right{where}"
                        + self.carried(steps))
            elif steps == list(range(0, steps[-1] + 1)):
                text = (f"the time steps up to t = {steps[-1]}{only_some} differ, the later ones are right{where}"
                        + self.carried(steps))
            else:
                text = (f"only {_plural(steps, 'time step', 'time steps')} t = {_list(steps)}{only_some} "
                        f"{_plural(steps, 'differs', 'differ')}{where}")
            return text
        if len(sequences) < m:
            return (f"only sequence{'s' if len(sequences) > 1 else ''} {_list(sequences)} of the batch (axis 1) "
                    f"{'differ' if len(sequences) > 1 else 'differs'}{where}")
        if len(features) < n:
            return (f"only {_plural(features, 'row', 'rows')} {_list(features)} of axis 0 (the features) "
                    f"{_plural(features, 'differs', 'differ')}, at every example and time step{where}")
        return None

    def carried(self, steps):
        """The guess for a run of wrong steps that reaches the first or the last step: when every entry of
        them is wrong, as a state carried from step to step makes it."""
        if len(steps) >= 2 and self.wrong[:, :, steps].all():
            return " (what one step passes to the next?)"
        return ""

    def located_nd(self):
        for k in range(self.nd):
            other = tuple(j for j in range(self.nd) if j != k)
            where = _np.flatnonzero(self.wrong.any(axis=other)).tolist()
            if len(where) < self.a.shape[k]:
                return f"only indices {_list(where)} along axis {k} differ{self.where_clause()}"
        return None

    # -- relations slice by slice -------------------------------------------------------------
    def slice_text(self, along):
        """What a slice constant along the axes `along` is called, e.g. 'each column'."""
        along = tuple(along)
        if self.nd == 2:
            return {(0,): "each column", (1,): "each row"}[along]
        if self.nd == 3:
            return {(0,): "each column (one example at one time step)",
                    (1,): "each (feature, time step) pair, across the batch",
                    (2,): "each (feature, example) pair, across time",
                    (0, 1): "each time step", (0, 2): "each sequence of the batch",
                    (1, 2): "each row of axis 0 (the same at every example and time step)"}[along]
        return f"each slice along axes {along}"

    def slice_groups(self):
        """Sets of axes to hold constant, the most constant first; each leaves at least two slices of
        at least two entries."""
        groups = []
        if self.nd > 4:
            return groups  # 2**nd sets of axes: too many
        for size in range(self.nd - 1, 0, -1):
            for along in combinations(range(self.nd), size):
                entries = math.prod(self.a.shape[k] for k in along)
                slices = self.a.size // entries
                if entries >= 2 and slices >= 2:
                    groups.append(along)
        return groups

    def slice_factor(self):
        a, e = self.a, self.e
        for along in self.slice_groups():
            ee = (e * e).sum(axis=along, keepdims=True)
            if (ee == 0).any() or ((_np.abs(e) > 10 * self.atol).sum(axis=along) < 2).any():
                continue  # a slice with one entry that is not 0 fits any factor
            s = (a * e).sum(axis=along, keepdims=True) / ee
            if not self.explains(s * e) or (_np.abs(s - s.mean()) <= 1e-6 * _np.abs(s).max()).all():
                continue
            if (_np.abs(s) <= 1e-12).any() or 2 * int(_np.count_nonzero(_np.abs(s - 1) > 1e-6)) <= s.size:
                continue  # most slices right: said by `located`
            text = f"{self.slice_text(along)} is the expected one times a factor of its own"
            if len(along) == 1 and along[0] == 0 and self.normalised(e, 0) and (s > 0).all():
                return f"{text}, so it does not sum to 1 (not divided by its sum?)"
            return text
        return None

    def slice_offset(self):
        d = self.a - self.e
        for along in self.slice_groups():
            o = d.mean(axis=along, keepdims=True)
            if (_np.abs(o - o.mean()) <= self.atol).all() or not self.explains(self.e + o):
                continue
            if 2 * int(_np.count_nonzero(_np.abs(o) > self.atol)) <= o.size:
                continue  # most slices right: said by `located`
            text = f"{self.slice_text(along)} is off by a constant of its own"
            if self.nd == 2 and along == (1,) or self.nd == 3 and along == (1, 2):
                return f"{text} (a term like a bias, of shape ({self.a.shape[0]}, 1), left out or added twice?)"
            if self.nd >= 2 and along == (0,):
                return f"{text} (a term computed per column, like a max or a log of a sum, left out or added?)"
            return text
        return None

    def before_activation(self):
        a, e = self.a, self.e
        if (_np.abs(e) < 1).all() and (_np.abs(a) < 1).all() and self.significant(e) >= 2:
            ze, za = _np.arctanh(e), _np.arctanh(a)
            said = self.preactivation(ze, za, _np.tanh, "tanh")
            if said:
                return said
        if (self.nd >= 1 and a.shape[0] >= 2 and (e > 0).all() and (a > 0).all() and self.normalised(e, 0)
                and self.normalised(a, 0)):
            ze, za = _np.log(e), _np.log(a)
            said = self.preactivation(ze, za, _softmax0, "softmax")
            if said:
                return said
        return None

    def preactivation(self, ze, za, f, name):
        dz = za - ze
        if self.nd >= 2 and self.a.shape[0] >= 2 and self.a[0].size >= 2:  # each row's constant fitted to 2+ entries
            along = tuple(range(1, self.nd))
            o = dz.mean(axis=along, keepdims=True)
            if name == "softmax":
                o = o - o.mean()
            if name == "softmax":
                varied = int(_np.count_nonzero(_np.abs(o - _np.median(o)) > 1e-6))
            else:
                varied = int(_np.count_nonzero(_np.abs(o) > 1e-6))
            if (_np.abs(o - o.mean()) > 1e-6).any() and 2 * varied > o.size and self.explains(f(ze + o)):
                if name == "softmax":
                    return ("before the softmax, each row is off by a constant of its own (a bias left out, or "
                            "each row's max subtracted instead of each column's?)")
                return "before the tanh, each row is off by a constant of its own (a bias left out or added twice?)"
        if name == "softmax" and self.significant(dz) >= 3:
            centred_e = ze - ze.mean(axis=0, keepdims=True)
            centred_a = za - za.mean(axis=0, keepdims=True)
            ee = float((centred_e * centred_e).sum())
            c = float((centred_a * centred_e).sum()) / ee if ee > 0 else 0.0
            if math.isfinite(c) and c > 0 and abs(c - 1) > 1e-6 and self.explains(f(c * ze)):
                named = self.name_factor(c)
                return (f"before the softmax, the scores are the expected ones times {named[0] if named else _num(c)} "
                        "(a temperature or a scale applied the wrong way?)")
        if name == "tanh" and dz.size >= 2:
            c = float(dz.mean())
            if abs(c) > 1e-9 and self.explains(f(ze + c)):
                return f"before the {name}, every entry is off by the same amount, {_num(c)} (a constant term?)"
        zz = float((ze * ze).sum())
        if zz > 0 and name == "tanh":
            c = float((za * ze).sum()) / zz
            if math.isfinite(c) and c != 0 and self.explains(f(c * ze)):
                return f"before the {name}, it is what is expected times {_num(c)} (a scaled pre-activation?)"
        return None

    # -- what remains: how the difference is spread -------------------------------------------
    def profile(self):
        if self.nd != 3 or self.a.shape[2] < 5:  # a few steps are in order by chance
            return None
        per_step = _np.abs(self.a - self.e).max(axis=(0, 1))
        tol = 10 * self.atol
        if (per_step <= tol).any():
            return None
        falling = bool((per_step[1:] < per_step[:-1]).all()) and per_step[-1] < 0.5 * per_step[0]
        rising = bool((per_step[1:] > per_step[:-1]).all()) and per_step[0] < 0.5 * per_step[-1]
        T = per_step.size
        if falling:
            return (f"every time step differs, most at t = 0 ({_num(per_step[0])}) and less at every later step "
                    f"({_num(per_step[-1])} at t = {T - 1})")
        if rising:
            return (f"every time step differs, least at t = 0 ({_num(per_step[0])}) and more at every later step "
                    f"({_num(per_step[-1])} at t = {T - 1})")
        return None

    def ranges(self):
        """Probabilities, counts, norms: the expected values are all >= 0 and some of the learner's are not."""
        a, e = self.a, self.e
        if e.size < 8:
            return None  # a few numbers may all be >= 0 by chance
        if (e >= 0).all() and self.significant(e) >= 8 and (a < -10 * self.atol).any():
            return "some of your values are negative, but no expected value is"
        return None

    def zero_pattern(self):
        """The entries that differ are exactly where one of the two is 0."""
        aw, ew = self.a[self.wrong], self.e[self.wrong]
        if self.wrong.all() or self.wrong.size < 4:
            return None
        if (_np.abs(ew) <= self.atol).all():
            return ("it differs only where the expected value is 0 (entries that should stay 0, like padding or a "
                    "masked step?)")
        if (_np.abs(aw) <= self.atol).all():
            return "it differs only where your value is 0 (entries left unfilled, or set to 0 by mistake?)"
        return None

    def scattered(self):
        count, total = int(_np.count_nonzero(self.wrong)), self.wrong.size
        if 0 < count <= total // 2:
            return f"only {count} of the {total} entries differ{self.where_clause()}"
        return None


# ----------------------------------------------------------------------------- plain values


_MAX_ITEMS = 1000  # longer lists, dicts and strings get no clause (the course's are far shorter)


def describe_items(actual, expected):
    """One clause saying how the plain value `actual` (list, tuple, dict, str, number; already taken
    apart into built-in types) differs from `expected`, or None."""
    try:
        for value in (actual, expected):
            if isinstance(value, (list, tuple, dict, str, bytes, frozenset)) and len(value) > _MAX_ITEMS:
                return None
        return _items(actual, expected, depth=0)
    except Exception:  # noqa: BLE001
        return None


_PLAIN = (type(None), bool, int, float, complex, str, bytes, list, tuple, dict, frozenset)


def _key(value):
    """A hashable, comparable stand-in for a plain value."""
    return repr(value)


def _is_number(x):
    return type(x) in (int, float)


def _items(actual, expected, depth):
    if type(actual) not in _PLAIN or type(expected) not in _PLAIN:
        return None
    for value in (actual, expected):
        if isinstance(value, (list, tuple, dict, str, bytes, frozenset)) and len(value) > _MAX_ITEMS:
            return None
    if _is_number(actual) and _is_number(expected):
        return _number(actual, expected)
    if type(actual) is not type(expected):
        if isinstance(actual, (list, tuple)) and isinstance(expected, (list, tuple)) and list(actual) == list(expected):
            return f"it is a {type(actual).__name__} where a {type(expected).__name__} is expected (the items are right)"
        if actual is None:
            return None
        return f"it is a {type(actual).__name__}, not a {type(expected).__name__}"
    if isinstance(actual, str):
        return _text(actual, expected)
    if isinstance(actual, (list, tuple)):
        return _sequence(list(actual), list(expected), depth)
    if isinstance(actual, dict):
        return _mapping(actual, expected, depth)
    if isinstance(actual, frozenset):
        missing, extra = expected - actual, actual - expected
        parts = []
        if missing:
            parts.append(f"missing {_short(sorted(missing, key=_key))}")
        if extra:
            parts.append(f"extra {_short(sorted(extra, key=_key))}")
        return "; ".join(parts) if parts else None
    return None


def _number(actual, expected):
    if isinstance(actual, float) and actual != actual:
        return "it is NaN (a 0 / 0, or a log of 0 times 0?)"
    if type(actual) is int and type(expected) is int:
        d = actual - expected
        if abs(d) <= 2:
            return f"it is {abs(d)} {'more' if d > 0 else 'less'} than expected (an index or a count off by {abs(d)}?)"
        return None  # two counts: a ratio or a relation between them is chance
    return describe_difference(actual, expected, rtol=1e-9, atol=1e-12)


def _text(actual, expected):
    if actual.lower() == expected.lower():
        return "only upper and lower case differ"
    if "".join(actual.split()) == "".join(expected.split()):
        return "only the spaces differ"
    if actual.startswith(expected):
        return f"it has {_short(actual[len(expected):])} too much at the end"
    if expected.startswith(actual):
        return f"the end, {_short(expected[len(actual):])}, is missing"
    return None


def _subsequence_extra(longer, shorter):
    """Positions of `longer` that are not in `shorter`, when `shorter` is `longer` without them (the
    leftmost such positions), else None."""
    extra, j = [], 0
    for i, item in enumerate(longer):
        if j < len(shorter) and item == shorter[j]:
            j += 1
        else:
            extra.append(i)
    return extra if j == len(shorter) else None


def _positions(where, n):
    if len(where) == 1 and where[0] == n - 1:
        return "at the end"
    if len(where) == 1 and where[0] == 0:
        return "at the start"
    return f"at {_plural(where, 'position', 'positions')} {_list(where)}"


def _numbers(value):
    """The nested lists of numbers `value` as a float array when it is rectangular (2-d or more), else None."""
    def flat(v):
        if isinstance(v, (list, tuple)):
            for item in v:
                yield from flat(item)
        else:
            yield v
    if not value or not all(isinstance(row, (list, tuple)) for row in value):
        return None
    if not all(_is_number(x) for x in flat(value)):
        return None
    try:
        array = _np.array(value, dtype=_np.float64)
    except (ValueError, TypeError):
        return None
    return array if array.ndim >= 2 and array.size else None


def _shifted(actual, expected):
    """How `actual` is `expected` moved by one position, or None (lists of 3 or more items)."""
    n = len(expected)
    if n < 3 or len(actual) != n:
        return None
    if actual[1:] == expected[:-1] and actual[0] != expected[0]:
        return (f"it is the expected list one position late: {_short(actual[0], 20)} comes first and the expected "
                f"last item, {_short(expected[-1], 20)}, is missing")
    if actual[:-1] == expected[1:] and actual[-1] != expected[-1]:
        return (f"it is the expected list one position early: the expected first item, {_short(expected[0], 20)}, is "
                f"missing and {_short(actual[-1], 20)} comes last")
    return None


def _sequence(actual, expected, depth):
    n, k = len(actual), len(expected)
    transposed = _transposed(actual, expected)
    if transposed:
        return transposed
    if n and all(x is None for x in actual):
        return "every item of it is None"
    if n == k and n >= 2 and all(isinstance(x, (list, tuple)) for x in actual + expected):
        differ = [i for i in range(n) if actual[i] != expected[i]]
        each = {_shifted(list(actual[i]), list(expected[i])) and
                _shifted(list(actual[i]), list(expected[i])).split(":")[0] for i in differ}
        if len(each) == 1 and None not in each:
            return f"every item that differs is {each.pop()[6:]}"  # 'it is the expected list ...' -> 'the expected list ...'
    mine, theirs = _numbers(actual), _numbers(expected)
    if mine is not None and theirs is not None and mine.shape == theirs.shape:
        said = describe_difference(mine, theirs, rtol=1e-9, atol=0.0)
        if said:
            return said
    if n == k and depth == 0 and all(isinstance(x, (list, tuple)) for x in actual + expected):
        differ = [i for i in range(n) if actual[i] != expected[i]]
        inner = {_items(actual[i], expected[i], depth + 1) for i in differ}
        if len(differ) >= 2 and len(inner) == 1 and None not in inner:
            return f"items {_list(differ)} differ in the same way: {inner.pop()}"
    same_items = n == k and sorted(map(_key, actual)) == sorted(map(_key, expected))
    shifted = None if same_items else _shifted(actual, expected)
    if shifted:
        return shifted
    if n == k:
        if same_items:
            if actual == expected[::-1]:
                return "it holds the right items in reverse order"
            for s in range(1, n):
                by = "one position" if s == 1 else f"{s} positions"
                if actual == expected[-s:] + expected[:-s]:
                    return f"it holds the right items, each {by} later (rotated: the last {by[:-9] or 'one'} first)"
                if actual == expected[s:] + expected[:s]:
                    return f"it holds the right items, each {by} earlier (rotated: the first {by[:-9] or 'one'} last)"
            return "it holds the right items in another order"
        if n >= 2 and all(type(x) is int for x in actual + expected):
            shifts = {x - y for x, y in zip(actual, expected)}
            if len(shifts) == 1:
                d = shifts.pop()
                return (f"every item is {abs(d)} {'higher' if d > 0 else 'lower'} than expected"
                        + (" (off by one?)" if abs(d) == 1 else ""))
        where = [i for i in range(n) if actual[i] != expected[i]]
        if len(where) <= 3 and len(where) < n:
            if len(where) == 1 and depth == 0:
                inner = _items(actual[where[0]], expected[where[0]], depth + 1)
                i = where[0]
                if inner and type(actual[i]) in (list, tuple, dict):
                    return f"only item {i} differs: {inner}"
                return f"only item {i} differs: {_short(actual[i], 25)} instead of {_short(expected[i], 25)}"
            if depth:
                return f"its {_plural(where, 'item', 'items')} at {_list(where)} {_plural(where, 'differs', 'differ')}"
            return f"only the items at {_plural(where, 'position', 'positions')} {_list(where)} differ"
        return None
    if n > k:
        extra = _subsequence_extra(actual, expected)
        if extra is not None and len(extra) <= 3:
            items = ", ".join(_short(actual[i], 25) for i in extra)
            many = "one item too many" if len(extra) == 1 else f"{len(extra)} items too many"
            return f"{many}: {items} {_positions(extra, n)}"
    else:
        missing = _subsequence_extra(expected, actual)
        if missing is not None and len(missing) <= 3:
            items = ", ".join(_short(expected[i], 25) for i in missing)
            many = "one item is missing" if len(missing) == 1 else f"{len(missing)} items are missing"
            return f"{many}: {items} {_positions(missing, k)}"
    if depth == 0 and all(isinstance(x, (list, tuple)) for x in actual + expected):
        common = min(n, k)
        where = [i for i in range(common) if actual[i] != expected[i]]
        if len(where) == 1 and n == k:
            inner = _items(actual[where[0]], expected[where[0]], depth + 1)
            if inner:
                return f"only item {where[0]} differs: {inner}"
    return f"it has {n} {'item' if n == 1 else 'items'}, the expected value {k}"


def _transposed(actual, expected):
    """'it is transposed: ...' when actual[j][i] == expected[i][j] for every entry (ragged lists too)."""
    if not expected or not all(isinstance(row, (list, tuple)) for row in expected):
        return None
    if not actual or not all(isinstance(row, (list, tuple)) for row in actual):
        return None
    if len(expected) < 2 or len(actual) < 2:
        return None
    flipped = {}
    for i, row in enumerate(expected):
        for j, item in enumerate(row):
            flipped[(j, i)] = item
    mine = {(j, i): item for j, row in enumerate(actual) for i, item in enumerate(row)}
    if mine == flipped and actual != expected:
        return ("its nesting is transposed: your item j, i is the expected item i, j (the two loops, or the axes, in "
                "the other order?)")
    return None


def _mapping(actual, expected, depth):
    missing = [key for key in expected if key not in actual]
    extra = [key for key in actual if key not in expected]
    if missing or extra:
        parts = []
        if missing:
            parts.append(f"{_plural(missing, 'key', 'keys')} {', '.join(_short(k, 20) for k in missing[:3])}"
                         f"{', ...' if len(missing) > 3 else ''} {_plural(missing, 'is', 'are')} missing")
        if extra:
            parts.append(f"{_plural(extra, 'key', 'keys')} {', '.join(_short(k, 20) for k in extra[:3])}"
                         f"{', ...' if len(extra) > 3 else ''} should not be there")
        if len(missing) == len(extra) == 1 and actual[extra[0]] == expected[missing[0]]:
            return f"the key {_short(missing[0], 20)} is spelled {_short(extra[0], 20)}"
        return " and ".join(parts)
    differ = [key for key in expected if actual[key] != expected[key]]
    if not differ:
        return None
    if sorted(map(_key, actual.values())) == sorted(map(_key, expected.values())) and len(differ) >= 2:
        return (f"it holds the right keys and values, but {len(differ)} keys have each other's values "
                f"({', '.join(_short(k, 15) for k in differ[:4])}{', ...' if len(differ) > 4 else ''})")
    if len(differ) >= 2 and all(type(actual[k]) is int and type(expected[k]) is int for k in expected):
        shifts = {actual[k] - expected[k] for k in expected}
        if len(shifts) == 1:
            d = shifts.pop()
            return f"every value is {abs(d)} {'higher' if d > 0 else 'lower'} than expected"
    if len(differ) <= 3:
        if len(differ) == 1 and depth == 0:
            key = differ[0]
            inner = _items(actual[key], expected[key], depth + 1)
            if inner and type(actual[key]) in (list, tuple, dict):
                return f"only the value of {_short(key, 20)} differs: {inner}"
            return f"only the value of {_short(key, 20)} differs: {_short(actual[key], 25)} instead of {_short(expected[key], 25)}"
        return f"only the values of {', '.join(_short(k, 20) for k in differ)} differ"
    return None
