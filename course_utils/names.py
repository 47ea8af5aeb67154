"""The names corpus of the character-level language model: 5,163 US first names, shipped in data/.

    names = load_names()                        # ["aaron", "abbey", ...], read from the package
    train, held_out = split_names(names)        # about 90% / 10%, the same split on every machine

Where the names come from (the 1990 US Census, public domain) is written in data/README.md.
"""

import re
import zlib
from importlib import resources

_NAME = re.compile(r"[a-z]+")


def load_names():
    """The names of course_utils/data/names.txt, read offline from the installed package.

    Output:
        list of str, lower-case names of letters a-z, alphabetical, without duplicates
    """
    text = resources.files("course_utils").joinpath("data", "names.txt").read_text(encoding="utf-8")
    names = [line.strip() for line in text.splitlines() if line.strip()]
    bad = [name for name in names if not _NAME.fullmatch(name)]
    if bad:
        raise ValueError(f"course_utils/data/names.txt must hold lower-case names a-z, one a line; got {bad[:3]}")
    return names


def is_held_out(name, fraction=0.1):
    """Whether `name` belongs to the held-out set: CRC-32 of its UTF-8 bytes / 2**32 < fraction.

    A hash, not a random draw: the decision depends on the name alone, not on the order of the
    list, the seed, or numpy's version.
    """
    if not isinstance(name, str):
        raise ValueError(f"name must be a str, got {type(name).__name__}")
    if not 0 <= fraction <= 1:
        raise ValueError(f"fraction must be between 0 and 1, got {fraction!r}")
    return zlib.crc32(name.encode("utf-8")) / 2**32 < fraction


def split_names(names, held_out_fraction=0.1):
    """Split names into a training set and a held-out set, deterministically (see `is_held_out`).

    Inputs:
        names             -- list of str
        held_out_fraction -- float in [0, 1], about this fraction of the names is held out
    Outputs:
        train, held_out -- two lists of str, each in the order of `names`
    """
    if isinstance(names, str) or not all(isinstance(name, str) for name in names):
        raise ValueError("names must be a list of str, e.g. ['anna', 'bob']")
    held = [is_held_out(name, held_out_fraction) for name in names]
    return [n for n, h in zip(names, held) if not h], [n for n, h in zip(names, held) if h]
