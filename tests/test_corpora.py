"""course_utils.corpora: texts for notebooks 01 and 02."""
import collections

import numpy as np
import pytest

from course_utils.corpora import NEGATIVE, POSITIVE, negation_reviews, zen_of_python
from course_utils.text import tokenize


def ngram_counts(sentence, n):
    words = tokenize(sentence)
    return collections.Counter(tuple(words[i:i + n]) for i in range(len(words) - n + 1))


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


def test_negation_reviews_twins_are_in_the_set():
    sentences, labels = negation_reviews(40, seed=5, twins=True)
    assert len(sentences) == 40 and labels.sum() == 20
    for i in range(0, 40, 2):
        a, b = tokenize(sentences[i]), tokenize(sentences[i + 1])
        assert sorted(a) == sorted(b) and labels[i] != labels[i + 1]
        assert (a[3], a[5]) == (b[5], b[3]) and a[:3] == b[:3] and a[6:] == b[6:]


@pytest.mark.parametrize("gap", [1, 2, 3])
def test_negation_reviews_gap_hides_the_order_from_short_ngrams(gap):
    sentences, labels = negation_reviews(20, seed=gap, twins=True, gap=gap)
    for i in range(0, 20, 2):
        words = tokenize(sentences[i])
        first, second = 3 + gap, 5 + 3 * gap
        assert words[first - gap - 1] == "was" and words[second - gap - 1] == "not"
        assert (words[first] in POSITIVE) == bool(labels[i]) and (words[second] in POSITIVE) != bool(labels[i])
        assert words[first - gap:first] == words[second - gap:second]        # same fillers around both
        for n in range(1, gap + 2):                                          # n <= gap + 1: same bag
            assert ngram_counts(sentences[i], n) == ngram_counts(sentences[i + 1], n)
        assert ngram_counts(sentences[i], gap + 2) != ngram_counts(sentences[i + 1], gap + 2)


def test_negation_reviews_defaults_are_the_plain_sentences():
    sentences, _ = negation_reviews(30, seed=4)
    assert all(len(tokenize(s)) == 8 for s in sentences)
    assert negation_reviews(30, seed=4, gap=0, twins=False)[0] == sentences


@pytest.mark.parametrize("kwargs, message", [
    ({"n": 0}, "n should be an integer of at least 1, got 0"),
    ({"n": 2.5}, "n should be an integer of at least 1, got 2.5"),
    ({"n": 5, "foods": ()}, "foods is empty"),
    ({"n": 5, "twins": True}, "n should be even when twins=True"),
    ({"n": 4, "gap": -1}, "gap should be an integer of at least 0, got -1"),
    ({"n": 4, "gap": 7}, "gap should be at most 6"),
])
def test_negation_reviews_reject_bad_arguments(kwargs, message):
    with pytest.raises(ValueError, match=message):
        negation_reviews(**kwargs)


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
