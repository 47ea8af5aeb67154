"""Input checks that fail early with a message naming what was expected and what came.

Every public function in course_utils validates its inputs with these helpers, so a
learner sees "Wax must have shape (n_a, n_x) = (5, 3), got (3, 5)" instead of a
broadcast error from deep inside numpy.
"""

import numpy as np


def as_array(name, value, ndim=None):
    """Return `value` as a float numpy array, or raise a ValueError naming `name`.

    Inputs:
        name  -- str, how the argument is called in the course's notation ("xt", "Waa")
        value -- array-like of real numbers
        ndim  -- int or None, the number of dimensions required
    Output:
        numpy array of a floating dtype (integers and booleans are converted to float64)
    """
    if isinstance(value, (str, bytes, dict, set)) or value is None:
        raise ValueError(f"{name} must be a numpy array, got {type(value).__name__}")
    try:
        array = np.asarray(value)
    except Exception as exc:  # ragged lists and the like
        raise ValueError(f"{name} must be a numpy array of numbers: {exc}") from None
    if array.dtype == object or not (np.issubdtype(array.dtype, np.number) or array.dtype == bool):
        raise ValueError(f"{name} must be a numpy array of numbers, got dtype {array.dtype}")
    if np.issubdtype(array.dtype, np.complexfloating):
        raise ValueError(f"{name} must hold real numbers, got dtype {array.dtype}")
    if not np.issubdtype(array.dtype, np.floating):
        array = array.astype(np.float64)
    if ndim is not None and array.ndim != ndim:
        raise ValueError(
            f"{name} must have {ndim} dimension{'s' if ndim != 1 else ''}, "
            f"got {array.ndim} (shape {array.shape})"
        )
    return array


def check_shape(name, array, expected, symbols):
    """Raise a ValueError unless `array.shape == expected`.

    Inputs:
        name     -- str, the argument's name in the course notation
        array    -- numpy array
        expected -- tuple of ints, the required shape
        symbols  -- tuple of str, the same length as `expected`, naming each dimension
                    in the course notation, e.g. ("n_a", "n_x")
    Output:
        None; raises ValueError("Wax must have shape (n_a, n_x) = (5, 3), got (3, 5)")
    """
    expected = tuple(int(e) for e in expected)
    if tuple(array.shape) != expected:
        raise ValueError(
            f"{name} must have shape ({', '.join(symbols)}) = {format_shape(expected)}, "
            f"got {format_shape(array.shape)}"
        )


def format_shape(shape):
    """Format a shape tuple the way people write it: (5,) -> "(5,)", (3, 5) -> "(3, 5)"."""
    return str(tuple(int(s) for s in shape))


def require_keys(name, mapping, keys):
    """Raise a ValueError unless `mapping` is a dict holding every key in `keys`.

    Inputs:
        name    -- str, the argument's name ("parameters", "cache")
        mapping -- the value to check
        keys    -- iterable of str, the keys required
    Output:
        None
    """
    if not isinstance(mapping, dict):
        raise ValueError(f"{name} must be a dict with keys {sorted(keys)}, got {type(mapping).__name__}")
    missing = [k for k in keys if k not in mapping]
    if missing:
        raise ValueError(
            f"{name} is missing key{'s' if len(missing) > 1 else ''} {missing}; "
            f"expected keys {sorted(keys)}, got {sorted(mapping)}"
        )
