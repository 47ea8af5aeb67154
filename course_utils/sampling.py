"""Choosing an output from a column of probabilities, for a whole batch at once.

    indices = most_likely(y)            # greedy: the argmax of every column
    indices = sample_columns(y, rng)    # a random draw from every column

y is (n_y, m): one probability vector per column, as softmax (over axis 0) returns it.
"""

import numpy as np

from .validation import as_array, format_shape


def _probabilities(probabilities):
    p = as_array("probabilities", probabilities)
    if p.ndim != 2 or p.shape[0] == 0:
        raise ValueError(f"probabilities must have shape (n_y, m), one distribution per column, "
                         f"got {format_shape(p.shape)}")
    if (p < 0).any() or not np.allclose(p.sum(axis=0), 1, atol=1e-6):
        raise ValueError("probabilities must be >= 0 with every column summing to 1 (softmax over axis 0)")
    return p


def most_likely(probabilities):
    """The index of the largest probability of every column (greedy choice).

    Input:  probabilities -- array (n_y, m), each column sums to 1
    Output: int array (m,)
    """
    return _probabilities(probabilities).argmax(axis=0)


def sample_columns(probabilities, rng):
    """One random index per column, drawn from that column's distribution.

    Inverse-CDF sampling, vectorized: with u ~ Uniform[0, 1) (one number per column, from a single
    call rng.random(m)), the index is the first k whose cumulative probability exceeds u. So the
    same rng state always gives the same draws, whatever the batch holds.

    Inputs:
        probabilities -- array (n_y, m), each column sums to 1
        rng           -- np.random.Generator, e.g. np.random.default_rng(0)
    Output:
        int array (m,), values in [0, n_y)
    """
    p = _probabilities(probabilities)
    if not isinstance(rng, np.random.Generator):
        raise ValueError(f"rng must be a np.random.Generator, e.g. np.random.default_rng(0), got {type(rng).__name__}")
    u = rng.random(p.shape[1])
    cumulative = np.cumsum(p, axis=0)
    return np.minimum((cumulative <= u).sum(axis=0), p.shape[0] - 1)
