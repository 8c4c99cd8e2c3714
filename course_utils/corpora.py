"""Texts that need no download, used by notebooks 01, 02 and 04.

- ``zen_of_python()``: real English text that ships with every Python (``import this``).
- ``python_docs_text()``: about 465,000 characters of English prose and code examples, the
  help pages that ship with Python in ``pydoc_data.topics`` (a character model in 02 and 04).
- ``negation_reviews(n, seed)``: "the soup was good, not bad at all" style sentences whose
  label depends on word order, so a bag-of-words model cannot learn them (notebook 01) while
  a recurrent model can (notebook 02). ``twins=True`` puts each sentence's swapped twin in
  the set; ``gap`` moves the adjectives away from "was" and "not" with filler words, so
  that bags of n-grams fail too (notebook 01).
"""
import codecs
import contextlib
import io

import numpy as np

from course_utils.checks import check_bool, check_int, check_names, check_seed

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


def negation_reviews(n, seed=0, foods=FOODS, twins=False, gap=0):
    """``n`` sentences "the <food> was <x>, not <y> at all" and labels (1 = positive).

    x and y have opposite sentiment and the label is x's, so the sentence and its swap
    ("... <y>, not <x> ...") contain the same words with opposite labels.

    - ``twins=True`` makes that swap part of the set: the sentences come in ``n // 2``
      adjacent pairs (sentence, its swap), so ``n`` must be even and half the labels are 1.
    - ``gap`` puts that many filler words on each side of both adjectives, the same words
      around both: "the soup was really good today, not really bad today at all" (gap 1).
      No n-gram with n <= gap + 1 then holds an adjective together with "was" or "not",
      so a bag of such n-grams cannot tell a sentence from its swap (notebook 01).

    ``gap=0`` and ``twins=False`` give the original sentences, draw for draw.
    Returns (sentences: list of str, labels: int array of shape (n,)).
    """
    n = check_int(n, "n", minimum=1)
    gap = check_int(gap, "gap", minimum=0)
    seed = check_seed(seed)
    twins = check_bool(twins, "twins")
    if isinstance(foods, (list, tuple)) and len(foods) == 0:
        raise ValueError("foods is empty: expected at least one food word")
    check_names(foods, "foods")
    if twins and n % 2:
        raise ValueError(f"n should be even when twins=True (pairs of sentences), got {n}")
    if gap > len(FILLERS_BEFORE):
        raise ValueError(f"gap should be at most {len(FILLERS_BEFORE)} (distinct filler words), got {gap}")
    rng = np.random.default_rng(seed)
    if not twins:
        labels = rng.integers(0, 2, size=n)
        return [_render(*_draw_review(label, rng, foods, gap)) for label in labels], labels
    sentences, labels = [], []
    for label in rng.integers(0, 2, size=n // 2):
        food, first, second, before, after = _draw_review(label, rng, foods, gap)
        sentences += [_render(food, first, second, before, after),
                      _render(food, second, first, before, after)]      # the swapped twin
        labels += [label, 1 - label]
    return sentences, np.array(labels)


FILLERS_BEFORE = ("really", "truly", "quite", "very", "so", "rather")
FILLERS_AFTER = ("today", "again", "overall", "tonight", "here", "indeed")


def _draw_review(label, rng, foods, gap):
    """Draw (food, first adjective, second adjective, fillers before, fillers after)."""
    good, bad = rng.choice(POSITIVE), rng.choice(NEGATIVE)
    first, second = (good, bad) if label == 1 else (bad, good)
    food = rng.choice(foods)
    if gap == 0:
        return food, first, second, "", ""
    before = " ".join(rng.choice(FILLERS_BEFORE, size=gap, replace=False)) + " "
    after = " " + " ".join(rng.choice(FILLERS_AFTER, size=gap, replace=False))
    return food, first, second, before, after


def _render(food, first, second, before, after):
    return f"the {food} was {before}{first}{after}, not {before}{second}{after} at all"
