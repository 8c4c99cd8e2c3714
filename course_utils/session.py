"""One call that makes a notebook reproducible: ``setup(seed)`` in the first code cell.

Every notebook (01 onwards) calls it. Re-seed before building each later model with
``keras.utils.set_random_seed(seed)`` so that each model starts from known weights.
"""
import logging
import os
import random
import warnings

import numpy as np

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


def setup(seed=42, threads=2):
    """Seed Python, NumPy and Keras; make TensorFlow deterministic, quiet and fixed to
    ``threads`` CPU threads; set the course's plot style and NumPy print format.

    Safe to call twice: the thread counts can only be set before TensorFlow runs its first
    op, so a second call re-seeds and leaves the threads as they were.
    """
    if not isinstance(seed, int) or seed < 0:
        raise ValueError(f"seed should be a non-negative int, got {seed!r}")
    if not isinstance(threads, int) or threads < 1:
        raise ValueError(f"threads should be a positive int, got {threads!r}")
    import tensorflow as tf
    import keras

    _fix_threads(tf, threads)
    tf.config.experimental.enable_op_determinism()
    random.seed(seed)
    np.random.seed(seed)
    keras.utils.set_random_seed(seed)
    _quiet(tf)
    np.set_printoptions(precision=4, suppress=True)
    _plot_style()


def _fix_threads(tf, threads):
    try:
        tf.config.threading.set_intra_op_parallelism_threads(threads)
        tf.config.threading.set_inter_op_parallelism_threads(threads)
    except RuntimeError:
        pass  # TensorFlow is already running: the first call's settings stay in force


def _quiet(tf):
    tf.get_logger().setLevel(logging.ERROR)
    logging.getLogger("absl").setLevel(logging.ERROR)
    warnings.filterwarnings("ignore", category=UserWarning, module="keras")
    warnings.filterwarnings("ignore", category=DeprecationWarning)


def _plot_style():
    import matplotlib.pyplot as plt

    plt.rcdefaults()
    plt.rcParams.update(PLOT_STYLE)
