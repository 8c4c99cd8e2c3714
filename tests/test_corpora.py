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


def test_python_docs_text_is_long_ascii_prose():
    from course_utils.corpora import python_docs_text

    text = python_docs_text()
    assert len(text) > 300_000
    assert set(text) <= {"\n"} | {chr(c) for c in range(32, 127)}
    assert "assert" in text and " the " in text
    assert python_docs_text(max_chars=1000) == text[:1000]


@pytest.mark.parametrize("bad", [0, -5, 2.5, "100", True])
def test_python_docs_text_rejects_bad_lengths(bad):
    from course_utils.corpora import python_docs_text

    with pytest.raises(ValueError, match="max_chars should be an integer"):
        python_docs_text(max_chars=bad)
