"""Input checks shared by every module. Each raises a ValueError that says what was
expected and what came instead, so a student sees the mistake rather than a NumPy trace."""
import numpy as np


def as_float_array(value, name, ndim=None):
    """Return ``value`` as a float64 array, checking its rank and that it is finite."""
    try:
        arr = np.asarray(value, dtype=np.float64)
    except (TypeError, ValueError) as err:
        raise ValueError(f"{name} should be numeric, got {type(value).__name__}: {err}") from None
    if ndim is not None and arr.ndim != ndim:
        raise ValueError(f"{name} should have {ndim} dimensions, got shape {arr.shape}")
    if arr.size and not np.all(np.isfinite(arr)):
        raise ValueError(f"{name} contains NaN or infinite values")
    return arr


def check_shape(arr, expected, name):
    """Check ``arr.shape`` against ``expected``: a tuple of ints, or of (label, size) pairs.

    A size of None accepts any length; labels make the message read like the docstrings,
    e.g. ``expected=(("batch", None), ("features", 3))`` -> "(batch, features=3)".
    """
    pairs = [item if isinstance(item, tuple) else (None, item) for item in expected]
    wanted = "(" + ", ".join(_describe_axis(label, size) for label, size in pairs) + ")"
    ok = len(arr.shape) == len(pairs) and all(
        size is None or got == size for got, (_, size) in zip(arr.shape, pairs)
    )
    if not ok:
        raise ValueError(f"{name} should have shape {wanted}, got {tuple(arr.shape)}")


def _describe_axis(label, size):
    if label is None:
        return "?" if size is None else str(size)
    return label if size is None else f"{label}={size}"


def check_not_empty(seq, name):
    """Reject an empty sequence (list, string or array) with a clear message."""
    if len(seq) == 0:
        raise ValueError(f"{name} is empty: expected at least one item")


def check_int(value, name, minimum=0):
    """Return ``value`` as an int; reject bools, floats, strings and values below ``minimum``."""
    if isinstance(value, bool) or not isinstance(value, (int, np.integer)) or value < minimum:
        raise ValueError(f"{name} should be an integer of at least {minimum}, got {value!r}")
    return int(value)


def check_choice(value, choices, name):
    """Reject a value that is not one of ``choices``."""
    if value not in choices:
        options = ", ".join(repr(c) for c in choices)
        raise ValueError(f"{name} should be one of {options}, got {value!r}")
