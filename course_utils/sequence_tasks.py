"""Synthetic tasks whose answer depends on something seen many steps earlier.

Used by notebook 03 (the adding problem, to make gradients explode) and notebook 04 (first
symbol recall, where a SimpleRNN fails as the gap grows and the LSTM and GRU do not).
Every generator is seeded: the same arguments give the same arrays.
"""
import numpy as np

from course_utils.checks import check_int


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
    rng = np.random.default_rng(check_int(seed, "seed", 0))
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
    rng = np.random.default_rng(check_int(seed, "seed", 0))
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
