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


NAMES = ("harry", "sally", "anna", "tom")
FILLERS = ("went", "to", "the", "store", "was", "visited", "by", "did", "you", "see", "at", "a", "park",
           "and", "then", "home", "she", "he", "saw", "met")


def name_positions_task(m, positions, T_max=8, seed=0):
    """Sentences of filler words with one name each, the name only at the given positions.

    Every sentence has one of NAMES at a position drawn from `positions` and filler words elsewhere;
    its length is drawn from (name position + 1, at least 4) .. T_max. The tag of a word is 1 for the
    name and 0 for the others: learning it means recognising the names wherever they are.

    Inputs:
        m         -- int, the number of sentences
        positions -- list of int in [0, T_max), where the names may be (0 is the first word)
        T_max     -- int, the longest sentence
        seed      -- int
    Outputs:
        sentences -- list of m str (words separated by spaces)
        tags      -- int array (m, T_max): 1 on the name, 0 on the other words, -1 after the end
    """
    for name, value, low in (("m", m, 1), ("T_max", T_max, 1)):
        if isinstance(value, bool) or not isinstance(value, (int, np.integer)) or value < low:
            raise ValueError(f"{name} must be an int >= {low}, got {value!r}")
    positions = list(positions)
    if not positions or not all(isinstance(p, (int, np.integer)) and 0 <= p < T_max for p in positions):
        raise ValueError(f"positions must be ints in [0, T_max) = [0, {T_max}), got {positions!r}")
    rng = np.random.default_rng(seed)
    sentences, tags = [], np.full((m, T_max), -1, dtype=np.int64)
    for i in range(m):
        position = int(rng.choice(positions))
        length = int(rng.integers(max(position + 1, min(4, T_max)), T_max + 1))
        words = [str(w) for w in rng.choice(FILLERS, size=length)]
        words[position] = str(rng.choice(NAMES))
        sentences.append(" ".join(words))
        tags[i, :length] = 0
        tags[i, position] = 1
    return sentences, tags
