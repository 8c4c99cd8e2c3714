"""Synthetic tasks whose answer depends on something seen many steps earlier.

Used by notebook 03 (the adding problem, to make gradients explode) and notebook 04 (first
symbol recall, where the LSTM and GRU learn from a "remember" start and, like the SimpleRNN,
fail or succeed by seed from Keras's default starts).
Every generator is seeded: the same arguments give the same arrays.
"""
import numpy as np

from course_utils.checks import check_bool, check_int, check_seed


def first_symbol_recall(n_samples, length, n_symbols=4, n_distractors=4, seed=0):
    """Sequences whose label is the symbol at step 0, followed by length - 1 distractors.

    The first step is one of ``n_symbols`` cue symbols; every later step is one of
    ``n_distractors`` other symbols, drawn at random, so nothing after step 0 tells the
    answer. Inputs are one-hot: x (n_samples, length, n_symbols + n_distractors) float32,
    y (n_samples,) int in [0, n_symbols). Guessing scores 1 / n_symbols.
    """
    n_samples = check_int(n_samples, "n_samples", 1)
    length = check_int(length, "length", 2)
    n_symbols = check_int(n_symbols, "n_symbols", 2)
    n_distractors = check_int(n_distractors, "n_distractors", 1)
    rng = np.random.default_rng(check_seed(seed))
    labels = rng.integers(0, n_symbols, size=n_samples)
    ids = n_symbols + rng.integers(0, n_distractors, size=(n_samples, length))
    ids[:, 0] = labels
    x = np.eye(n_symbols + n_distractors, dtype=np.float32)[ids]
    return x, labels


def adding_problem(n_samples, length, seed=0, marker_per_half=False):
    """The adding problem (Hochreiter and Schmidhuber, 1997).

    Each step carries a value in [0, 1) and a marker; exactly two steps are marked, one
    in each half of the sequence, and the target is the sum of the two marked values.
    x (n_samples, length, 2) float32 with channels [value, marker]; y (n_samples,) float32.
    Always predicting 1.0 gives a mean squared error of about 1/6.

    ``marker_per_half=True`` gives each half its own marker channel: x (n_samples, length, 3)
    with channels [value, marker in the first half, marker in the second half]. Then storing
    the first value is a rule used only in the first half, which truncated BPTT over the
    second half cannot learn (notebook 03). The values, positions and targets are the same
    as with ``False`` for the same seed.
    """
    n_samples = check_int(n_samples, "n_samples", 1)
    length = check_int(length, "length", 2)
    marker_per_half = check_bool(marker_per_half, "marker_per_half")
    rng = np.random.default_rng(check_seed(seed))
    values = rng.random((n_samples, length))
    half = length // 2
    first = rng.integers(0, half, size=n_samples)
    second = rng.integers(half, length, size=n_samples)
    rows = np.arange(n_samples)
    markers = np.zeros((n_samples, length, 2 if marker_per_half else 1))
    markers[rows, first, 0] = 1.0
    markers[rows, second, 1 if marker_per_half else 0] = 1.0
    x = np.concatenate([values[..., None], markers], axis=-1).astype(np.float32)
    y = (values[rows, first] + values[rows, second]).astype(np.float32)
    return x, y


# --- The Reber grammar (notebook 04, exercise 3) ------------------------------------------

REBER_SYMBOLS = "BTSXPVE"
"""The seven symbols of the Reber grammar, in the order of the one-hot axis."""

# From each state of the (inner) Reber grammar: the symbols that may follow, and where each leads.
_REBER_GRAPH = {0: (("T", 1), ("P", 2)), 1: (("S", 1), ("X", 3)), 2: (("T", 2), ("V", 4)),
                3: (("X", 2), ("S", 5)), 4: (("P", 3), ("V", 5)), 5: (("E", None),)}


def reber_strings(n_samples, embedded=True, max_length=None, seed=0):
    """``n_samples`` strings of the Reber grammar, each with the symbols allowed after each step.

    The Reber grammar is a small finite automaton over "BTSXPVE" (Reber 1967; the classic
    LSTM benchmark of Hochreiter and Schmidhuber 1997): every choice is a fair coin. The
    **embedded** grammar wraps a Reber string as B T <reber> T E or B P <reber> P E: the
    symbol before the final E repeats the second symbol, across the whole inner string.
    ``max_length`` (at least 9 when embedded, 5 otherwise) redraws longer strings.
    Returns (strings, allowed): a list of str, and for each string a list of the sets of
    symbols that may follow each of its symbols but the last (len(string) - 1 sets).
    """
    n_samples = check_int(n_samples, "n_samples", 1)
    embedded = check_bool(embedded, "embedded")
    if max_length is not None:
        max_length = check_int(max_length, "max_length", 9 if embedded else 5)
    rng = np.random.default_rng(check_int(seed, "seed", 0))
    strings, allowed = [], []
    while len(strings) < n_samples:
        string, sets = _reber_string(rng, embedded)
        if max_length is None or len(string) <= max_length:
            strings.append(string)
            allowed.append(sets)
    return strings, allowed


def reber_next_symbol_task(n_samples, embedded=True, max_length=None, seed=0):
    """Arrays for predicting which symbols may come next, from ``reber_strings``.

    x (n_samples, time, 7) float32: one-hot inputs (every symbol but the last), padded with
    zero vectors at the end; allowed (n_samples, time, 7) float32: 1 for each symbol that may
    follow; mask (n_samples, time) float32: 1 on real steps, 0 on padding. time is the longest
    string's length minus 1. Axis order is ``REBER_SYMBOLS``. In the embedded grammar one step
    needs long-range memory: after the inner E, the only symbol allowed is the string's second
    symbol (T or P), seen at the start.
    """
    strings, sets = reber_strings(n_samples, embedded=embedded, max_length=max_length, seed=seed)
    time = max(len(s) for s in strings) - 1
    x = np.zeros((n_samples, time, len(REBER_SYMBOLS)), dtype=np.float32)
    allowed = np.zeros_like(x)
    mask = np.zeros((n_samples, time), dtype=np.float32)
    for row, (string, following) in enumerate(zip(strings, sets)):
        for t, (symbol, options) in enumerate(zip(string[:-1], following)):
            x[row, t, REBER_SYMBOLS.index(symbol)] = 1.0
            allowed[row, t, [REBER_SYMBOLS.index(o) for o in options]] = 1.0
            mask[row, t] = 1.0
    return x, allowed, mask


def _reber_string(rng, embedded):
    """One string and the allowed-next sets after each of its symbols but the last."""
    symbols, sets, state = ["B"], [{"T", "P"}], 0
    while state is not None:
        options = _REBER_GRAPH[state]
        symbol, state = options[rng.integers(len(options))]
        symbols.append(symbol)
        if state is not None:
            sets.append({s for s, _ in _REBER_GRAPH[state]})
    if not embedded:
        return "".join(symbols), sets
    wrap = "TP"[rng.integers(2)]
    outer = ["B", wrap] + symbols + [wrap, "E"]
    outer_sets = [{"T", "P"}, {"B"}] + sets + [{wrap}, {"E"}]
    return "".join(outer), outer_sets
