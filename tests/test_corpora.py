"""course_utils.corpora: texts for notebooks 01 and 02."""
import numpy as np
import pytest

from course_utils.corpora import NEGATIVE, POSITIVE, negation_reviews, zen_of_python
from course_utils.text import tokenize


def test_zen_of_python_is_the_real_text():
    zen = zen_of_python()
    assert zen.startswith("The Zen of Python, by Tim Peters")
    assert "Beautiful is better than ugly." in zen
    assert len(zen.splitlines()) == 21


def test_negation_reviews_labels_follow_the_first_adjective():
    sentences, labels = negation_reviews(200, seed=3)
    assert len(sentences) == 200 and labels.shape == (200,)
    for sentence, label in zip(sentences, labels):
        first = tokenize(sentence)[3]
        assert (first in POSITIVE) == bool(label) and (first in NEGATIVE) == (not label)


def test_negation_reviews_are_seeded():
    a, la = negation_reviews(50, seed=1)
    b, lb = negation_reviews(50, seed=1)
    assert a == b and np.array_equal(la, lb)
    assert negation_reviews(50, seed=2)[0] != a


def test_negation_reviews_reject_bad_arguments():
    with pytest.raises(ValueError, match="at least 1"):
        negation_reviews(0)
    with pytest.raises(ValueError, match="foods is empty"):
        negation_reviews(5, foods=())
