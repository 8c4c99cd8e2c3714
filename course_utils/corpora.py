"""Texts that need no download, used by notebooks 01, 02 and 04.

- ``zen_of_python()``: real English text that ships with every Python (``import this``).
- ``python_docs_text()``: about 465,000 characters of English prose and code examples, the
  help pages that ship with Python in ``pydoc_data.topics`` (a character model in 02 and 04).
- ``negation_reviews(n, seed)``: "the soup was good, not bad at all" style sentences whose
  label depends on word order, so a bag-of-words model cannot learn them (notebook 01) while
  a recurrent model can (notebook 02).
"""
import codecs
import contextlib
import io

import numpy as np

from course_utils.checks import check_int

POSITIVE = ("good", "great", "tasty", "fine", "lovely", "superb")
NEGATIVE = ("bad", "awful", "bland", "poor", "terrible", "stale")
FOODS = ("food", "soup", "pasta", "bread", "curry", "salad", "pizza", "coffee", "cake",
         "rice", "fish", "steak", "pie", "tea", "stew", "noodles")


def zen_of_python():
    """The Zen of Python as one string (about 850 characters, 19 aphorisms)."""
    with contextlib.redirect_stdout(io.StringIO()):
        import this  # prints the text on first import; we only want the data
    return codecs.decode(this.s, "rot13")


def python_docs_text(max_chars=None):
    """The help topics of ``pydoc_data.topics`` as one string, topics in sorted order.

    Characters outside printable ASCII (curly quotes, dashes, about 0.1 % of the text) are
    replaced by their nearest ASCII form or dropped, so the character vocabulary stays near
    95. ``max_chars`` keeps only the first that many characters. The text differs a little
    between Python versions (each release edits its help pages).
    """
    from pydoc_data.topics import topics

    if max_chars is not None:
        max_chars = check_int(max_chars, "max_chars", minimum=1)
    if not topics:
        raise ValueError("pydoc_data.topics is empty: this Python ships without its help pages")
    text = "\n\n".join(topics[key].strip() for key in sorted(topics))
    text = text.translate(_ASCII_LOOKALIKES)
    text = "".join(ch for ch in text if ch == "\n" or " " <= ch <= "~")
    return text if max_chars is None else text[:max_chars]


_ASCII_LOOKALIKES = str.maketrans({"\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"',
                                   "\u2013": "-", "\u2014": "-", "\u2026": "...", "\t": " "})


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
