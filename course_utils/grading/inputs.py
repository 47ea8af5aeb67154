"""Inputs a learner's function must leave as they were: a copy before the call, a comparison after.

The course's exercises never change their inputs in place. When one does, the input is put back and
the call fails with one sentence, the same in the learner's notebook (testing.calling) and when graded
(remote.Worker.call): a test then never computes its expected values from inputs the learner's code
rewrote. A numpy Generator is the exception: sampling moves its state on.
"""

import numpy as np


def changed_input_message(function, name):
    return f"{function} changed its input `{name}` in place: leave the inputs as they were (work on a copy)."


def snapshot(value):
    """A copy of what a call may change in place (arrays, dicts, lists), or None for what it may not or
    may (a Generator's state moves on when the learner samples; functions are called back)."""
    if isinstance(value, np.ndarray):
        return value.copy()
    if isinstance(value, dict):
        return {key: snapshot(item) for key, item in value.items()}, dict(value)
    if isinstance(value, list):
        return [snapshot(item) for item in value], list(value)
    if isinstance(value, tuple):
        return tuple(snapshot(item) for item in value)
    return None


def _same(value, snapshot):
    if isinstance(value, np.ndarray):
        return (isinstance(snapshot, np.ndarray) and value.shape == snapshot.shape and value.dtype == snapshot.dtype
                and bool(np.array_equal(value, snapshot, equal_nan=value.dtype.kind in "fc")))
    if isinstance(value, dict):
        copies, items = snapshot
        return (list(value) == list(items) and all(value[k] is items[k] for k in value)
                and all(_same(value[k], copies[k]) for k in value))
    if isinstance(value, list):
        copies, items = snapshot
        return (len(value) == len(items) and all(a is b for a, b in zip(value, items))
                and all(_same(a, c) for a, c in zip(value, copies)))
    if isinstance(value, tuple):
        return all(_same(a, c) for a, c in zip(value, snapshot))
    return True


def _put_back(value, snapshot):
    if isinstance(value, np.ndarray) and value.flags.writeable:
        value[...] = snapshot
    elif isinstance(value, dict):
        copies, items = snapshot
        value.clear()
        value.update(items)
        for key in value:
            _put_back(value[key], copies[key])
    elif isinstance(value, list):
        copies, items = snapshot
        value[:] = items
        for item, copy in zip(value, copies):
            _put_back(item, copy)
    elif isinstance(value, tuple):
        for item, copy in zip(value, snapshot):
            _put_back(item, copy)


def _rounded_back(value, snapshot):
    """Whether a float array differs from its snapshot by rounding alone: an entry put back by arithmetic
    (theta[i] += eps, then -= 2 eps, then += eps) can end one rounding away from where it was."""
    if not (isinstance(value, np.ndarray) and isinstance(snapshot, np.ndarray) and value.dtype.kind == "f"
            and value.shape == snapshot.shape and value.dtype == snapshot.dtype):
        return False
    if not np.array_equal(np.isnan(value), np.isnan(snapshot)):
        return False
    scale = np.abs(snapshot[np.isfinite(snapshot)]).max(initial=0.0)
    tolerance = 64 * np.finfo(value.dtype).eps * (np.abs(snapshot) + scale)
    with np.errstate(invalid="ignore"):
        close = (value == snapshot) | (np.abs(value - snapshot) <= tolerance)
    return bool(np.all(close | np.isnan(snapshot)))


def restore_changed(args, kwargs, before):
    """Put back every argument the call changed; the first one's position or keyword, or None. An array
    changed by rounding alone is put back without counting as changed (_rounded_back)."""
    first = None
    for position, (value, snapshot) in enumerate(zip(args, before[0])):
        if snapshot is not None and not _same(value, snapshot):
            rounded = _rounded_back(value, snapshot)
            _put_back(value, snapshot)
            first = position if first is None and not rounded else first
    for key, value in kwargs.items():
        snapshot = before[1][key]
        if snapshot is not None and not _same(value, snapshot):
            rounded = _rounded_back(value, snapshot)
            _put_back(value, snapshot)
            first = key if first is None and not rounded else first
    return first

