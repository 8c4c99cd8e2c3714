"""course_utils.setup: seeds and settings every notebook starts from."""
import keras
import numpy as np
import pytest

from course_utils import setup


def draw():
    return np.random.rand(), float(keras.random.uniform((), seed=None))


def test_setup_makes_draws_repeat():
    setup(seed=7)
    first = draw()
    setup(seed=7)
    assert draw() == first
    setup(seed=8)
    assert draw() != first


@pytest.mark.parametrize("kwargs", [{"seed": -1}, {"seed": 1.5}, {"threads": 0}])
def test_setup_rejects_bad_arguments(kwargs):
    with pytest.raises(ValueError, match="should be"):
        setup(**kwargs)
