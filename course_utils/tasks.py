"""Small sequence tasks generated here, seeded, so every run and every grader sees the same data."""

import numpy as np

from .text import one_hot


def echo_task(m, T_x, n_symbols, delay, seed=0):
    """Echo: at each step, output the symbol seen `delay` steps earlier. It needs memory.

    Inputs:
        m, T_x    -- ints, the batch size and the sequence length
        n_symbols -- int, the alphabet size (chance loss per step: log(n_symbols))
        delay     -- int >= 0, how far back the answer lies
        seed      -- int
    Outputs:
        x -- one-hot inputs (n_symbols, m, T_x)
        y -- int labels (m, T_x): y[i, t] = symbol[i, t - delay], -1 for the first `delay` steps
             (there is nothing to echo yet; the loss's mask skips them)
    """
    for name, value, low in (("m", m, 1), ("T_x", T_x, 1), ("n_symbols", n_symbols, 2), ("delay", delay, 0)):
        if not isinstance(value, (int, np.integer)) or value < low:
            raise ValueError(f"{name} must be an int >= {low}, got {value!r}")
    if delay >= T_x:
        raise ValueError(f"delay must be smaller than T_x = {T_x}, got {delay}")
    symbols = np.random.default_rng(seed).integers(0, n_symbols, size=(m, T_x))
    y = np.full((m, T_x), -1, dtype=np.int64)
    y[:, delay:] = symbols[:, : T_x - delay]
    return one_hot(symbols, n_symbols), y
