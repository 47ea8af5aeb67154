"""Numerical gradients: the outside witness for every backward pass in the course.

    dL/dtheta_k  ~  (L(theta + eps e_k) - L(theta - eps e_k)) / (2 eps)      (centred differences)

and the relative error ||analytic - numeric|| / (||analytic|| + ||numeric||), which is below 1e-7
for a correct float64 backward pass and around 1e-2 or more for a wrong one.
"""

import numpy as np

from .validation import as_array


def numerical_gradient(f, theta, eps=1e-5, indices=None):
    """Centred-difference gradient of a scalar function with respect to one array.

    Inputs:
        f       -- function of no arguments returning a float; it reads `theta` (which is
                   perturbed in place and restored)
        theta   -- float array of any shape
        eps     -- float, the step
        indices -- optional list of index tuples to perturb (default: every entry)
    Output:
        grad -- array of theta's shape; entries not in `indices` are 0
    """
    if not callable(f):
        raise ValueError(f"f must be a function of no arguments returning the loss, got {type(f).__name__}")
    if not isinstance(theta, np.ndarray) or not np.issubdtype(theta.dtype, np.floating):
        raise ValueError("theta must be a float numpy array that f reads (it is perturbed in place), "
                         f"got {type(theta).__name__}")
    grad = np.zeros_like(theta)
    for index in (np.ndindex(theta.shape) if indices is None else indices):
        saved = theta[index]
        theta[index] = saved + eps
        f_plus = f()
        theta[index] = saved - eps
        f_minus = f()
        theta[index] = saved
        grad[index] = (f_plus - f_minus) / (2 * eps)
    return grad


def relative_error(analytic, numeric):
    """||analytic - numeric|| / (||analytic|| + ||numeric||), 0 when both are 0."""
    analytic, numeric = as_array("analytic", analytic), as_array("numeric", numeric)
    if analytic.shape != numeric.shape:
        raise ValueError(f"analytic and numeric must have the same shape, got {analytic.shape} and {numeric.shape}")
    denominator = np.linalg.norm(analytic) + np.linalg.norm(numeric)
    return 0.0 if denominator == 0 else float(np.linalg.norm(analytic - numeric) / denominator)


def gradient_check(loss, parameters, gradients, eps=1e-5, max_entries=None, seed=0):
    """Compare analytic gradients with centred differences, parameter by parameter.

    Inputs:
        loss        -- function of no arguments returning L; it reads `parameters`
        parameters  -- dict name -> float array ("Waa", ...), perturbed in place and restored
        gradients   -- dict "d" + name -> array of the same shape ("dWaa", ...)
        eps         -- float, the finite-difference step
        max_entries -- optional int: check at most this many random entries per array
        seed        -- int, which entries are drawn
    Output:
        dict name -> relative error over the entries checked
    """
    rng = np.random.default_rng(seed)
    errors = {}
    for name, theta in parameters.items():
        key = "d" + name
        if key not in gradients:
            raise ValueError(f"gradients has no {key!r} for parameter {name!r}; it has {sorted(gradients)}")
        indices = list(np.ndindex(theta.shape))
        if max_entries is not None and len(indices) > max_entries:
            indices = [indices[k] for k in rng.choice(len(indices), size=max_entries, replace=False)]
        numeric = numerical_gradient(loss, theta, eps, indices)
        analytic = np.zeros_like(numeric)
        for index in indices:
            analytic[index] = np.asarray(gradients[key])[index]
        errors[name] = relative_error(analytic, numeric)
    return errors
