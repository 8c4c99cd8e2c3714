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


def check_int(value, name, minimum=0, maximum=None):
    """Return ``value`` as an int; reject bools, floats, strings and values outside
    ``minimum .. maximum`` (None: no bound on that side). NumPy integers are accepted."""
    if isinstance(value, bool) or not isinstance(value, (int, np.integer)) or (
            minimum is not None and value < minimum) or (maximum is not None and value > maximum):
        if maximum is None:
            wanted = "an integer" if minimum is None else f"an integer of at least {minimum}"
        elif minimum is None:
            wanted = f"an integer of at most {maximum}"
        else:
            wanted = f"an integer in {minimum} .. {maximum}"
        raise ValueError(f"{name} should be {wanted}, got {_describe(value)}")
    return int(value)


def _is_number(value):
    """True for a Python or NumPy int or float; False for bools, strings, None and arrays."""
    return not isinstance(value, bool) and isinstance(value, (int, float, np.integer, np.floating))


def check_fraction(value, name, allow_zero=False, allow_one=False):
    """Return ``value`` as a float strictly between 0 and 1; ``allow_zero`` and ``allow_one``
    close either end. Rejects bools, strings, None and NaN (NumPy numbers are accepted)."""
    low, high = "[" if allow_zero else "(", "]" if allow_one else ")"
    ok = _is_number(value)
    if ok:
        ok = (0 <= value if allow_zero else 0 < value) and (value <= 1 if allow_one else value < 1)
    if not ok:   # NaN fails both comparisons, so it lands here too
        raise ValueError(f"{name} should be a fraction in {low}0, 1{high}, got {_describe(value)}")
    return float(value)


def check_non_negative(value, name):
    """Return ``value`` as a float >= 0. Rejects bools, strings, None and NaN (NumPy numbers
    are accepted)."""
    if not (_is_number(value) and value >= 0):   # NaN fails the comparison, so it lands here too
        raise ValueError(f"{name} should be a number >= 0, got {_describe(value)}")
    return float(value)


def check_seed(seed, name="seed"):
    """Return a seed for ``np.random.default_rng``: None, or an int of at least 0.

    NumPy integers are accepted (returned as int, which draws the same numbers); bools,
    floats, strings and negative numbers are rejected.
    """
    if seed is None:
        return None
    if isinstance(seed, bool) or not isinstance(seed, (int, np.integer)) or seed < 0:
        raise ValueError(f"{name} should be an integer of at least 0 or None, got {_describe(seed)}")
    return int(seed)


def check_bool(value, name):
    """Return ``value`` as a bool; reject anything but True, False and NumPy bools, so that
    ``flag="no"`` (a non-empty string, hence truthy) is an error rather than True."""
    if not isinstance(value, (bool, np.bool_)):
        raise ValueError(f"{name} should be True or False, got {_describe(value)}")
    return bool(value)


def check_tokens(tokens, name):
    """Check one token list: a list or tuple (or 1-D array) of str, not a plain str.

    A plain str would be read character by character, which is rarely what was meant.
    Returns ``tokens`` unchanged.
    """
    if isinstance(tokens, str):
        raise ValueError(f"{name} should be a list of tokens, got the str {tokens!r:.60}: split "
                         f"it first, e.g. tokenize(text) for words or list(text) for characters")
    if not isinstance(tokens, (list, tuple, np.ndarray)):
        raise ValueError(f"{name} should be a list of tokens, got {_describe(tokens)}")
    for i, token in enumerate(tokens):
        if not isinstance(token, str):
            raise ValueError(f"{name}[{i}] should be a str token, got {_describe(token)}")
    return tokens


def check_token_lists(token_lists, name):
    """Check a corpus: a non-empty list of token lists (see ``check_tokens``)."""
    if isinstance(token_lists, str) or not isinstance(token_lists, (list, tuple)):
        raise ValueError(f"{name} should be a list of token lists, got {_describe(token_lists)}")
    check_not_empty(token_lists, name)
    for i, tokens in enumerate(token_lists):
        check_tokens(tokens, f"{name}[{i}]")
    return token_lists


def check_names(names, name):
    """Check a non-empty list or tuple of str, e.g. category or locale names.

    A plain str is rejected, so ``"en_US"`` is not read as the names "e", "n", "_", ...
    Returns a list.
    """
    if isinstance(names, str):
        raise ValueError(f"{name} should be a list of names, got the str {names!r}: "
                         f"write [{names!r}] for just that one")
    if not isinstance(names, (list, tuple)):
        raise ValueError(f"{name} should be a list of names, got {_describe(names)}")
    check_not_empty(names, name)
    for i, item in enumerate(names):
        if not isinstance(item, str):
            raise ValueError(f"{name}[{i}] should be a str, got {_describe(item)}")
    return list(names)


def _describe(value):
    """``value`` for an error message: its type name too, unless it is a bool, int or float."""
    if type(value) in (bool, int, float):
        return repr(value)
    if isinstance(value, (np.integer, np.floating, np.bool_)):
        return f"{type(value).__name__} {value}"
    return f"{type(value).__name__} {value!r:.60}"


def check_choice(value, choices, name):
    """Reject a value that is not one of ``choices``."""
    if value not in choices:
        options = ", ".join(repr(c) for c in choices)
        raise ValueError(f"{name} should be one of {options}, got {value!r}")
