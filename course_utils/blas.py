"""Run numpy's matrix products on one thread, for the many small products of an RNN's training loop.

    with single_threaded_blas():
        ...  # thousands of (64 x 28) @ (28 x 384) products

The BLAS library behind numpy (OpenBLAS in the PyPI wheels) splits a product above a size threshold
across all cores. For the course's small matrices that costs more than it saves, and on a busy machine
(other notebooks, tests, a browser) the threads wait for each other: a training loop can become ten
times slower. One thread is faster here and leaves the other cores to everybody else.

The limit uses threadpoolctl when it is installed, else the OpenBLAS bundled in numpy's wheel (through
ctypes); with any other BLAS the context manager does nothing. Results do not depend on it.
"""

import contextlib
import ctypes
import glob
import os

import numpy as np

_SETTERS = ("scipy_openblas_set_num_threads64_", "scipy_openblas_set_num_threads",
            "openblas_set_num_threads64_", "openblas_set_num_threads")
_openblas = None  # (set, get) ctypes functions, or False when there is no bundled OpenBLAS


def _bundled_openblas():
    """The (set_num_threads, get_num_threads) functions of the OpenBLAS in numpy's wheel, or None."""
    global _openblas
    if _openblas is None:
        _openblas = False
        root = os.path.dirname(np.__file__)
        patterns = [os.path.join(root, os.pardir, "numpy.libs", "*openblas*"),  # Linux, Windows
                    os.path.join(root, ".dylibs", "*openblas*")]                  # macOS
        for path in sorted(p for pattern in patterns for p in glob.glob(pattern)):
            try:
                library = ctypes.CDLL(path)
            except OSError:
                continue
            for setter in _SETTERS:
                getter = setter.replace("set_", "get_")
                if hasattr(library, setter) and hasattr(library, getter):
                    get = getattr(library, getter)
                    get.restype = ctypes.c_int
                    _openblas = (getattr(library, setter), get)
                    break
            if _openblas:
                break
    return _openblas or None


def blas_threads():
    """How many threads numpy's bundled OpenBLAS uses now (None if that cannot be told)."""
    functions = _bundled_openblas()
    return int(functions[1]()) if functions else None


@contextlib.contextmanager
def single_threaded_blas():
    """Inside the `with` block, numpy's matrix products use one thread; the old setting comes back after."""
    try:
        from threadpoolctl import threadpool_limits
    except ImportError:
        threadpool_limits = None
    if threadpool_limits is not None:
        with threadpool_limits(limits=1, user_api="blas"):
            yield
        return
    functions = _bundled_openblas()
    if not functions:
        yield
        return
    set_threads, get_threads = functions
    before = int(get_threads())
    set_threads(1)
    try:
        yield
    finally:
        set_threads(before)
