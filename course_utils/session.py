"""One call that makes a notebook reproducible: ``setup(seed)`` in the first code cell.

Every notebook (01 onwards) calls it. Re-seed before building each later model with
``keras.utils.set_random_seed(seed)`` so that each model starts from known weights, and draw
data from ``np.random.default_rng(seed)`` or a ``course_utils`` generator's ``seed=``.

Seed offset. A claim that holds only for the seed it was written with is not a claim. With
the environment variable ``COURSE_SEED_OFFSET=N`` (``make robustness`` sets it), ``setup``
shifts every integer seed the notebook passes afterwards by N: ``setup``'s own,
``keras.utils.set_random_seed(s)`` and ``np.random.default_rng(s)`` (which the data
generators in ``course_utils`` use too). The notebook's code stays ordinary Keras and NumPy;
only the numbers it trains on and starts from change.
"""
import functools
import gc
import logging
import os
import sys
import random
import warnings

import numpy as np

from course_utils import cache_sizes

PLOT_STYLE = {
    "figure.figsize": (7.0, 3.6),
    "figure.dpi": 80,          # small PNGs keep the saved notebooks light
    "axes.grid": True,
    "grid.alpha": 0.3,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "font.size": 11,
    "legend.frameon": False,
}


SEED_OFFSET_VARIABLE = "COURSE_SEED_OFFSET"


def setup(seed=42, threads=2):
    """Seed Python, NumPy and Keras; make TensorFlow deterministic, quiet and fixed to
    ``threads`` CPU threads, its matrix products blocked for the same cache sizes on every
    CPU (``cache_sizes``); have Keras trace each model's training step once, not twice
    (``_trace_once``); set the course's plot style and NumPy print format; keep the objects
    imported so far out of the garbage collector's walks (``_freeze_imports``).

    Safe to call twice: the thread counts can only be set before TensorFlow runs its first
    op, so a second call re-seeds and leaves the threads as they were. Reads
    ``COURSE_SEED_OFFSET`` (see the module docstring).
    """
    if isinstance(seed, bool) or not isinstance(seed, (int, np.integer)) or seed < 0:
        raise ValueError(f"seed should be a non-negative int, got {seed!r}")
    if isinstance(threads, bool) or not isinstance(threads, (int, np.integer)) or threads < 1:
        raise ValueError(f"threads should be a positive int, got {threads!r}")
    import tensorflow as tf
    import keras

    if cache_sizes.wanted():
        _pin_cache_sizes()
    _fix_threads(tf, int(threads))
    tf.config.experimental.enable_op_determinism()
    _trace_once()
    offset = seed_offset()
    _shift_seeds(keras, offset)
    seed = int(seed) + offset
    random.seed(seed)
    np.random.seed(seed)
    # `seed` already includes the offset: call Keras's own function, not the shifted one
    getattr(keras.utils.set_random_seed, "_unshifted", keras.utils.set_random_seed)(seed)
    _quiet(tf)
    np.set_printoptions(precision=4, suppress=True)
    _plot_style()
    _freeze_imports()


def _pin_cache_sizes():
    """Block matrix products as the saved outputs' machine did (``cache_sizes``). A TensorFlow
    build where Eigen's sizes cannot be found trains anyway, with a warning: its numbers may
    differ a little from the saved ones, and ``float_path`` reports its caches as native."""
    try:
        cache_sizes.pin()
    except ValueError as err:
        warnings.warn(f"Eigen's cache sizes were not pinned ({err}); trained numbers may differ a "
                      f"little from the saved outputs", RuntimeWarning, stacklevel=3)


def seed_offset():
    """The integer in ``COURSE_SEED_OFFSET`` (0 when unset); anything else is an error."""
    raw = os.environ.get(SEED_OFFSET_VARIABLE, "").strip()
    if not raw:
        return 0
    if not raw.isdigit():
        raise ValueError(f"{SEED_OFFSET_VARIABLE} should be a non-negative integer, got {raw!r}")
    return int(raw)


def _shift_seeds(keras, offset):
    """Route keras.utils.set_random_seed and np.random.default_rng through ``offset``."""
    for module, name in ((keras.utils, "set_random_seed"), (np.random, "default_rng")):
        original = getattr(getattr(module, name), "_unshifted", getattr(module, name))
        if offset == 0:
            setattr(module, name, original)
            continue
        setattr(module, name, _shifted(original, offset))
    if offset:
        print(f"{SEED_OFFSET_VARIABLE}={offset}: every integer seed is shifted by {offset}",
              file=sys.stderr)


def _shifted(function, offset):
    @functools.wraps(function)
    def call(seed=None, *args, **kwargs):
        if isinstance(seed, (int, np.integer)) and not isinstance(seed, bool):
            seed = int(seed) + offset
        return function(seed, *args, **kwargs)

    call._unshifted = function
    return call


def _fix_threads(tf, threads):
    try:
        tf.config.threading.set_intra_op_parallelism_threads(threads)
        tf.config.threading.set_inter_op_parallelism_threads(threads)
    except RuntimeError:
        pass  # TensorFlow is already running: the first call's settings stay in force


def _trace_once():
    """Make Keras create a model's optimizer and metric variables before it traces ``fit``'s
    training step (and ``evaluate``'s test step), instead of inside the trace.

    Keras's TensorFlow trainer builds that state before tracing only under a distribution
    strategy; otherwise it creates the variables during the first trace, and
    ``tf.function`` then traces the whole step a second time. On the course's small
    models that second trace costs as much as the training (notebook 08's seq2seq models:
    about 3 s each). Building first is what Keras does under a strategy, from the
    shapes alone, so the training itself and every number are unchanged (tests/test_session.py
    checks both). Any model the symbolic build cannot handle falls back to Keras's own path.
    """
    try:
        from keras.src.backend.tensorflow import trainer
        from keras.src.trainers.data_adapters import data_adapter_utils
    except ImportError:  # another Keras layout: keep Keras's behaviour
        return
    keras_own = getattr(trainer.TensorFlowTrainer._maybe_symbolic_build, "_keras_own",
                        trainer.TensorFlowTrainer._maybe_symbolic_build)

    def build_before_tracing(self, iterator=None, data_batch=None):
        if self._distribute_strategy is not None:
            return keras_own(self, iterator=iterator, data_batch=data_batch)
        if data_batch is None and iterator is not None:
            data_batch = getattr(getattr(iterator, "_distributed_dataset", None), "element_spec", None)
        if data_batch is None:
            return None
        _, y, _ = data_adapter_utils.unpack_x_y_sample_weight(data_batch)
        if y is None:               # predict: there is no loss or metric to build
            return None
        try:
            self._symbolic_build(data_batch=data_batch)
        except Exception:           # Keras builds the state inside the trace, as it always has
            pass
        return None

    build_before_tracing._keras_own = keras_own
    trainer.TensorFlowTrainer._maybe_symbolic_build = build_before_tracing


def _freeze_imports():
    """Leave the objects that exist now (mostly TensorFlow's, Keras's and matplotlib's
    modules, about 350,000 of them) out of Python's cyclic garbage collector from now on.

    Tracing a Keras model allocates many objects, so the collector runs often, and each full
    run used to walk that imported heap again: about 2 s of a notebook like 08. Frozen
    objects are still freed by reference counting; numbers are unchanged. Only the first
    call freezes.
    """
    if gc.get_freeze_count():
        return
    gc.collect()
    gc.freeze()


def _quiet(tf):
    # TensorFlow's Python log and deprecation notices off. Keras's UserWarnings stay on: they
    # tell a student when a call does not do what it seems to (the course's own cells raise none).
    tf.get_logger().setLevel(logging.ERROR)
    logging.getLogger("absl").setLevel(logging.ERROR)
    warnings.filterwarnings("ignore", category=DeprecationWarning)


def _plot_style():
    import matplotlib.pyplot as plt

    plt.rcdefaults()
    plt.rcParams.update(PLOT_STYLE)
