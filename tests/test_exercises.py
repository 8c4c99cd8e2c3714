"""course_utils.exercises: the messages a student sees from an exercise's check cell."""
import pytest

from course_utils.exercises import ExerciseNotDone, ExerciseWrong, is_missing, require, require_done


@pytest.mark.parametrize("value", [..., None, [..., None], (...,)])
def test_starter_placeholders_count_as_missing(value):
    assert is_missing(value)


@pytest.mark.parametrize("value", [0, 0.0, "", [], [1, ...], "answer", False])
def test_real_answers_are_not_missing(value):
    assert not is_missing(value)


def test_require_done_names_what_is_missing():
    with pytest.raises(ExerciseNotDone, match=r"Exercise 2 is not done yet: fill in accuracy, model"):
        require_done("Exercise 2", model=..., accuracy=None, vocab=["a"])
    require_done("Exercise 2", model="m", accuracy=0.5)


def test_require_says_what_is_wrong():
    with pytest.raises(ExerciseWrong, match=r"Exercise 1: expected 3 columns, got 2"):
        require(False, "Exercise 1", "expected 3 columns, got 2")
    require(True, "Exercise 1", "unused")
