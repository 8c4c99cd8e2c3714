"""Surnames and the country they come from, read from the name lists that ship with Faker.

Taught in notebook 05 (stacked LSTM): a many-to-one task where a model reads a surname one
character at a time and names its country. Faker (MIT licence) keeps, for each locale, a list of
common last names in ``faker.providers.person.<locale>.Provider.last_names``; this module reads
those lists directly (no random generation), so the data is the same on every machine that has
the pinned Faker version.

Deduplication. Names are compared in lower case. A name listed twice in one locale is kept once.
A name listed in two or more of the chosen locales (e.g. "Martin" in en_US and fr_FR) is
*dropped from every locale*: it has no single right answer, and keeping one copy per locale would
put the same input in the train and held-out sets with different labels.

Split. After deduplication each country's names are shuffled with ``seed`` and the last
``held_out`` fraction of each goes to the held-out set (stratified), so no name is in both.
Names passed as ``keep_out`` always land in the held-out part (notebook 05 keeps the
cross-country anagrams there, so a test on them uses names no model was trained on).
"""
import dataclasses
import importlib
import unicodedata

import numpy as np

from course_utils.checks import check_fraction, check_names, check_not_empty, check_seed
from course_utils.text import Vocabulary, bag_of_words, pad

# Latin-script locales whose surnames differ in spelling; the lists have 400-1200 names each.
LOCALES = ("de_DE", "en_US", "es_ES", "fi_FI", "fr_FR", "it_IT")
_EXTRA_CHARACTERS = set(" '-")


@dataclasses.dataclass
class SurnameSplit:
    """Names and integer labels, split into train and held-out parts.

    ``countries[label]`` is the locale of a label; ``dropped`` lists the names removed because
    more than one of the chosen locales has them.
    """

    train_names: list
    train_labels: np.ndarray
    test_names: list
    test_labels: np.ndarray
    countries: tuple
    dropped: list

    def __repr__(self):
        return (f"SurnameSplit({len(self.train_names)} train, {len(self.test_names)} held out, "
                f"countries={self.countries}, {len(self.dropped)} shared names dropped)")


def last_names(locale):
    """The surnames Faker lists for ``locale``, lower case, sorted, each once.

    Raises ValueError for a locale Faker does not have, one without a surname list, or one whose
    names are not written in the Latin alphabet (the character models assume it).
    """
    if not isinstance(locale, str):
        raise ValueError(f"locale should be a str such as 'it_IT', got {type(locale).__name__}")
    try:
        module = importlib.import_module(f"faker.providers.person.{locale}")
    except ModuleNotFoundError:
        raise ValueError(f"Faker has no person data for locale {locale!r}; "
                         f"try one of {', '.join(LOCALES)}") from None
    raw = getattr(getattr(module, "Provider", None), "last_names", None)
    if raw is None:
        raise ValueError(f"Faker's {locale!r} provider has no last_names list")
    names = sorted({str(name).strip().lower() for name in raw} - {""})
    check_not_empty(names, f"last_names({locale!r})")
    non_latin = [n for n in names if not _is_latin(n)]
    if non_latin:
        raise ValueError(f"locale {locale!r} has names with characters other than Latin letters, "
                         f"space, apostrophe or hyphen, e.g. {non_latin[0]!r}; choose one of "
                         f"{', '.join(LOCALES)}")
    return names


def _is_latin(name):
    return all(ch in _EXTRA_CHARACTERS or "LATIN" in unicodedata.name(ch, "") for ch in name)


def labelled_names(locales):
    """All names of ``locales`` after deduplication, sorted: (names, labels, shared).

    ``labels[i]`` is the index in ``locales`` of ``names[i]``'s country; ``shared`` lists the
    names dropped because two or more of the locales have them.
    """
    by_locale, shared = _deduplicated(locales)
    pairs = sorted((name, label) for label, loc in enumerate(locales) for name in by_locale[loc])
    return [n for n, _ in pairs], np.array([l for _, l in pairs], dtype=np.int64), shared


def _deduplicated(locales):
    locales = tuple(check_names(locales, "locales"))
    if len(locales) < 2:
        raise ValueError(f"locales should name at least two countries, got {locales}")
    if len(set(locales)) != len(locales):
        raise ValueError(f"locales should not repeat, got {locales}")
    by_locale = {loc: set(last_names(loc)) for loc in locales}
    counts = {}
    for names in by_locale.values():
        for name in names:
            counts[name] = counts.get(name, 0) + 1
    shared = sorted(name for name, n in counts.items() if n > 1)
    kept = {loc: sorted(names - set(shared)) for loc, names in by_locale.items()}
    for loc, names in kept.items():
        if len(names) < 2:
            raise ValueError(f"locale {loc!r} has fewer than 2 names left after removing shared ones")
    return kept, shared


def load_surnames(locales, held_out=0.25, seed=0, keep_out=()):
    """Surname -> country for ``locales`` (label i means ``locales[i]``), split as described in
    the module docstring. ``keep_out``: names (lower case) that must be held out; each must be
    one of the deduplicated names. Returns a SurnameSplit."""
    locales = tuple(check_names(locales, "locales"))
    held_out = check_fraction(held_out, "held_out")
    seed = check_seed(seed)
    keep_out = set(check_names(keep_out, "keep_out")) if len(keep_out) else set()
    by_locale, shared = _deduplicated(locales)
    unknown = sorted(keep_out - set().union(*by_locale.values()))
    if unknown:
        raise ValueError(f"keep_out should list names of the chosen locales (after removing shared "
                         f"ones), got {unknown[0]!r}")
    rng = np.random.default_rng(seed)
    parts = {"train": ([], []), "test": ([], [])}
    for label, loc in enumerate(locales):
        names = by_locale[loc]
        names = [names[i] for i in rng.permutation(len(names))]
        names = [n for n in names if n not in keep_out] + [n for n in names if n in keep_out]
        n_test = max(1, round(held_out * len(names)), sum(n in keep_out for n in names))
        if n_test >= len(names):
            raise ValueError(f"locale {loc!r} would keep no training names: keep_out holds "
                             f"{n_test} of its {len(names)} names")
        for part, chunk in (("train", names[:-n_test]), ("test", names[-n_test:])):
            parts[part][0].extend(chunk)
            parts[part][1].extend([label] * len(chunk))
    train, test = (_shuffled(*parts[p], rng) for p in ("train", "test"))
    return SurnameSplit(train[0], train[1], test[0], test[1], locales, shared)


def cross_label_anagrams(names, labels):
    """Groups of names spelled with the same letters but labelled differently, sorted.

    E.g. ("agnesi", "gaines") for it_IT and en_US: a bag of characters cannot tell them apart,
    so a bag model gets at most one of each pair right. Returns a list of tuples of names.
    """
    _check_names(names)
    labels = np.asarray(labels)
    if labels.shape != (len(names),):
        raise ValueError(f"labels should have shape ({len(names)},), one per name, got {labels.shape}")
    groups = {}
    for name, label in zip(names, labels):
        groups.setdefault("".join(sorted(name)), []).append((name, int(label)))
    return sorted(tuple(sorted(n for n, _ in members)) for members in groups.values()
                  if len({lab for _, lab in members}) > 1)


def scramble_names(names, seed=0):
    """Each name with its letters in a random order (seeded): the same bag of characters,
    the order destroyed. Used in notebook 05 to show which model reads the order."""
    _check_names(names)
    rng = np.random.default_rng(check_seed(seed))
    return ["".join(np.asarray(list(n))[rng.permutation(len(n))]) for n in names]


def _shuffled(names, labels, rng):
    order = rng.permutation(len(names))
    return [names[i] for i in order], np.asarray(labels, dtype=np.int64)[order]


def character_vocabulary(names):
    """A Vocabulary of the characters in ``names`` (id 0 = padding, 1 = unknown)."""
    check_not_empty(names, "names")
    return Vocabulary.from_texts([list(n) for n in names])


def encode_names(names, vocab, maxlen, side="pre"):
    """Names -> character ids of shape (batch, maxlen), padded with 0 on ``side``.

    Names longer than ``maxlen`` keep their last ``maxlen`` characters (the ending carries
    most of the country signal). A character the vocabulary has not seen maps to ``<unk>``.
    """
    _check_names(names)
    return pad([vocab.encode(list(n)) for n in names], maxlen=maxlen, side=side)


def _check_names(names):
    check_not_empty(names, "names")
    bad = [n for n in names if not isinstance(n, str) or not n]
    if bad:
        raise ValueError(f"names should be non-empty strings, got {bad[0]!r}")


def bag_of_characters(names, vocab):
    """Counts of each character: (batch, vocab_size). Character order is lost."""
    _check_names(names)
    return bag_of_words([list(n) for n in names], vocab)
