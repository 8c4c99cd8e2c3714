"""course_utils.checks: the validation every other module shares."""
import numpy as np
import pytest

from course_utils.checks import check_int


def test_check_int_accepts_python_and_numpy_ints():
    assert check_int(3, "n", minimum=1) == 3
    value = check_int(np.int64(0), "seed")
    assert value == 0 and type(value) is int


@pytest.mark.parametrize("value", [True, 2.0, "3", None])
def test_check_int_rejects_non_integers(value):
    with pytest.raises(ValueError, match=rf"n should be an integer of at least 1, got {value!r}"):
        check_int(value, "n", minimum=1)


def test_check_int_rejects_values_below_the_minimum():
    with pytest.raises(ValueError, match="beam_width should be an integer of at least 1, got 0"):
        check_int(0, "beam_width", minimum=1)
