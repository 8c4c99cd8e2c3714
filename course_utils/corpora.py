"""Small texts that need no download, used by notebooks 01 and 02.

- ``zen_of_python()``: real English text that ships with every Python (``import this``).
- ``negation_reviews(n, seed)``: "the soup was good, not bad at all" style sentences whose
  label depends on word order, so a bag-of-words model cannot learn them (notebook 01) while
  a recurrent model can (notebook 02).
"""
import codecs
import contextlib
import io

import numpy as np

POSITIVE = ("good", "great", "tasty", "fine", "lovely", "superb")
NEGATIVE = ("bad", "awful", "bland", "poor", "terrible", "stale")
FOODS = ("food", "soup", "pasta", "bread", "curry", "salad", "pizza", "coffee", "cake",
         "rice", "fish", "steak", "pie", "tea", "stew", "noodles")


def zen_of_python():
    """The Zen of Python as one string (about 850 characters, 19 aphorisms)."""
    with contextlib.redirect_stdout(io.StringIO()):
        import this  # prints the text on first import; we only want the data
    return codecs.decode(this.s, "rot13")


def negation_reviews(n, seed=0, foods=FOODS):
    """``n`` sentences "the <food> was <x>, not <y> at all" and labels (1 = positive).

    x and y have opposite sentiment and the label is x's, so the sentence and its swap
    ("... <y>, not <x> ...") contain the same words with opposite labels. Returns
    (sentences: list of str, labels: int array of shape (n,)).
    """
    if n < 1:
        raise ValueError(f"n should be at least 1, got {n}")
    if len(foods) == 0:
        raise ValueError("foods is empty: expected at least one food word")
    rng = np.random.default_rng(seed)
    labels = rng.integers(0, 2, size=n)
    sentences = []
    for label in labels:
        good, bad = rng.choice(POSITIVE), rng.choice(NEGATIVE)
        first, second = (good, bad) if label == 1 else (bad, good)
        sentences.append(f"the {rng.choice(foods)} was {first}, not {second} at all")
    return sentences, labels
