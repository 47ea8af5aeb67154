"""Plain data between the grader and the worker: JSON for structure, raw bytes for arrays, never pickle.

A message is a dict; its values may hold None, bool, int, float, str, list, tuple, dict, numpy arrays and
scalars of numeric, bool or str dtype, a numpy random Generator (its state), a course Vocabulary (its
words) and, from the grader to the worker only, callables (sent as a number the worker calls back).
Anything else that a learner's function returns arrives as `Unreadable(type name)`, which the grader
reports as a failed test. Decoding builds only those types, from bytes checked against their dtype and
shape, so a reply can be wrong but never runs code in the grader.

    frame = 8-byte length | 4-byte header length | header (JSON) | blob 0 | blob 1 | ...
"""

import json
import math
import os
import select
import struct
import time

import numpy as np

MAX_FRAME = 64 * 2**20  # bytes; a bigger reply is refused, not read
MAX_HEADER = 4 * 2**20  # bytes of JSON in a frame (arrays travel as raw bytes beside it)
MAX_DEPTH = 64
ARRAY_KINDS = "biufcU"  # bool, int, uint, float, complex, str
GENERATORS = ("PCG64", "PCG64DXSM", "MT19937", "Philox", "SFC64")


class WireError(Exception):
    """A frame that is too big, cut short, or not made of the types above."""


class Unreadable:
    """What stands for a value of a type that cannot cross: only its type's name comes through."""

    def __init__(self, type_name):
        self.type_name = str(type_name)[:100]

    def __repr__(self):
        return f"<a {self.type_name}>"


def _vocabulary_class():
    from course_utils.text import Vocabulary

    return Vocabulary


def encode(value, blobs, callables=None, depth=0):
    """`value` as a JSON-able node; arrays' bytes are appended to `blobs`, callables to `callables`."""
    if depth > MAX_DEPTH:
        return ["X", "structure nested too deeply"]
    if value is None or type(value) in (bool, str):
        return value
    if type(value) is int:
        return value if abs(value) < 2**63 else ["I", str(value)]
    if type(value) is float:
        return value if math.isfinite(value) else ["F", repr(value)]
    if isinstance(value, np.ndarray):
        array = np.asarray(value.view(np.ndarray), order="C")  # (ascontiguousarray would make 0-d arrays 1-d)
        if array.dtype.kind not in ARRAY_KINDS or array.dtype.hasobject:
            return ["X", f"numpy array of dtype {array.dtype}"]
        blobs.append(array.tobytes())
        return ["A", array.dtype.str, list(array.shape), len(blobs) - 1]
    if isinstance(value, np.generic):
        return ["S", encode(np.asarray(value), blobs, callables, depth + 1)]
    for plain in (int, float, str):  # a subclass crosses as its plain value
        if isinstance(value, plain):
            return encode(plain(value), blobs, callables, depth)
    if isinstance(value, (list, tuple)):
        return ["L" if isinstance(value, list) else "T", [encode(v, blobs, callables, depth + 1) for v in value]]
    if isinstance(value, dict):
        return ["D", [[encode(k, blobs, callables, depth + 1), encode(v, blobs, callables, depth + 1)]
                      for k, v in value.items()]]
    if isinstance(value, np.random.Generator):
        state = value.bit_generator.state
        if state.get("bit_generator") not in GENERATORS:
            return ["X", "random generator"]
        return ["R", json.loads(json.dumps(state, default=int))]
    if type(value).__name__ == "Vocabulary" and type(value) is _vocabulary_class():
        return ["V", [str(w) for w in value.index_to_word]]
    if callable(value) and callables is not None:
        callables.append(value)
        return ["C", len(callables) - 1]
    return ["X", type(value).__name__]


def _shape(node):
    if not isinstance(node, list) or len(node) > 32 or not all(type(n) is int and 0 <= n < 2**40 for n in node):
        raise WireError("bad array shape")
    return tuple(node)


def decode(node, blobs, callback=None, depth=0):
    """The value a node stands for; callables come back as `callback(number)`."""
    if depth > MAX_DEPTH:
        raise WireError("structure nested too deeply")
    if node is None or type(node) in (bool, int, float, str):
        return node
    if type(node) is not list or not node or type(node[0]) is not str:
        raise WireError("unknown node")
    tag, args = node[0], node[1:]
    if tag in ("L", "T") and len(args) == 1 and type(args[0]) is list:
        items = [decode(v, blobs, callback, depth + 1) for v in args[0]]
        return items if tag == "L" else tuple(items)
    if tag == "D" and len(args) == 1 and type(args[0]) is list:
        out = {}
        for pair in args[0]:
            if type(pair) is not list or len(pair) != 2:
                raise WireError("bad dict item")
            key = decode(pair[0], blobs, callback, depth + 1)
            try:
                hash(key)
            except TypeError:
                raise WireError("unhashable dict key") from None
            out[key] = decode(pair[1], blobs, callback, depth + 1)
        return out
    if tag == "A" and len(args) == 3:
        dtype_str, shape, index = args
        if type(dtype_str) is not str or len(dtype_str) > 16 or type(index) is not int:
            raise WireError("bad array header")
        try:
            dtype = np.dtype(dtype_str)
        except TypeError:
            raise WireError("bad dtype") from None
        if dtype.kind not in ARRAY_KINDS or dtype.hasobject or dtype.fields is not None or dtype.subdtype:
            raise WireError("dtype not allowed")
        if not 0 <= index < len(blobs):
            raise WireError("bad blob index")
        shape = _shape(shape)
        data = blobs[index]
        if len(data) != dtype.itemsize * math.prod(shape):
            raise WireError("array bytes do not match its shape")
        return np.frombuffer(data, dtype=dtype).reshape(shape).copy()
    if tag == "S" and len(args) == 1:
        array = decode(args[0], blobs, callback, depth + 1)
        if not isinstance(array, np.ndarray) or array.shape != ():
            raise WireError("bad scalar")
        return array[()]
    if tag == "I" and len(args) == 1 and type(args[0]) is str and len(args[0]) < 5000:
        return int(args[0])
    if tag == "F" and len(args) == 1 and args[0] in ("nan", "inf", "-inf"):
        return float(args[0])
    if tag == "R" and len(args) == 1 and type(args[0]) is dict:
        name = args[0].get("bit_generator")
        if name not in GENERATORS:
            raise WireError("unknown random generator")
        generator = np.random.Generator(getattr(np.random, name)())
        try:
            generator.bit_generator.state = args[0]
        except (TypeError, ValueError, KeyError) as exc:
            raise WireError(f"bad generator state: {exc}") from None
        return generator
    if tag == "V" and len(args) == 1 and type(args[0]) is list and all(type(w) is str for w in args[0]):
        return _vocabulary_class()(args[0])
    if tag == "C" and len(args) == 1 and type(args[0]) is int and callback is not None:
        return callback(args[0])
    if tag == "X" and len(args) == 1 and type(args[0]) is str:
        return Unreadable(args[0])
    raise WireError(f"unknown node {tag!r}")


def unreadable_in(value, depth=0):
    """The first Unreadable inside a decoded value, or None."""
    if isinstance(value, Unreadable):
        return value
    if depth > MAX_DEPTH:
        return None
    items = value.values() if isinstance(value, dict) else value if isinstance(value, (list, tuple)) else ()
    for item in items:
        found = unreadable_in(item, depth + 1)
        if found is not None:
            return found
    return None


# ---------------------------------------------------------------------------------------------
# Frames over a pair of pipes
# ---------------------------------------------------------------------------------------------


def pack(message, blobs):
    header = json.dumps(dict(message, blobs=[len(b) for b in blobs]), separators=(",", ":")).encode()
    body = struct.pack("<I", len(header)) + header + b"".join(blobs)
    return struct.pack("<Q", len(body)) + body


def unpack(body):
    if len(body) < 4:
        raise WireError("frame cut short")
    (header_length,) = struct.unpack("<I", body[:4])
    if header_length > MAX_HEADER:
        raise WireError(f"a reply's structure of {header_length:,} bytes is over the limit of {MAX_HEADER:,}")
    try:
        message = json.loads(body[4:4 + header_length])
    except (ValueError, UnicodeDecodeError, RecursionError):
        raise WireError("header is not JSON, or nested too deeply") from None
    if type(message) is not dict or type(message.get("blobs")) is not list:
        raise WireError("header is not a message")
    blobs, offset = [], 4 + header_length
    for length in message.pop("blobs"):
        if type(length) is not int or length < 0 or offset + length > len(body):
            raise WireError("blob cut short")
        blobs.append(body[offset:offset + length])
        offset += length
    return message, blobs


def write_frame(fd, message, blobs=()):
    data = memoryview(pack(message, list(blobs)))
    while data:
        written = os.write(fd, data)
        data = data[written:]


def _read_exactly(fd, size, deadline):
    chunks, remaining = [], size
    while remaining:
        if deadline is not None:
            left = deadline - time.monotonic()
            if left <= 0 or not select.select([fd], [], [], left)[0]:
                raise TimeoutError
        chunk = os.read(fd, min(remaining, 1 << 20))
        if not chunk:
            raise EOFError
        chunks.append(chunk)
        remaining -= len(chunk)
    return b"".join(chunks)


def read_frame(fd, deadline=None, max_frame=MAX_FRAME):
    """(message, blobs) of the next frame; TimeoutError after `deadline` (time.monotonic()), EOFError when
    the other side is gone, WireError when the frame is too big or malformed."""
    (length,) = struct.unpack("<Q", _read_exactly(fd, 8, deadline))
    if length > max_frame:
        raise WireError(f"a reply of {length:,} bytes is over the limit of {max_frame:,}")
    return unpack(_read_exactly(fd, length, deadline))
