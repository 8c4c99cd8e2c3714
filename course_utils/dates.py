"""Date normalisation data: human-written dates and their ISO form (notebook 08).

"April 22, 2019", "22 Apr 2019", "Monday, 22 April 2019" and "4/22/19" all become
"2019-04-22". The task reorders its input (the day may come before or after the month,
the year is always last in the input and first in the output), so a decoder has to look
back at different input characters at each step: a clear case for attention, and its
alignments are easy to read in a heatmap. Everything is generated, nothing is downloaded.

- ``make_date`` builds a calendar date and says why an impossible one is impossible.
- ``format_date`` writes a date in one of ``DATE_FORMATS`` and records where the year,
  month and day characters sit in the text (``spans``), so attention can be checked.
- ``make_date_pairs`` draws seeded train and held-out examples on disjoint calendar days.
- ``input_vocabulary``, ``output_vocabulary``, ``encode_texts``, ``encode_targets`` and
  ``decode_ids`` turn the strings into padded id arrays and back.
"""
import calendar
import datetime
import re
from typing import NamedTuple

import numpy as np

from course_utils.checks import check_choice, check_int, check_names, check_not_empty, check_seed
from course_utils.text import BOS, EOS, PAD, Vocabulary, decode_until_eos, pad

FIRST_DAY = datetime.date(1950, 1, 1)
LAST_DAY = datetime.date(2049, 12, 31)   # two-digit years 50..99 -> 19xx, 00..49 -> 20xx
MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December")
WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")

# Each template mixes literal text with {FIELD} slots; FIELDS says how a slot is written.
DATE_FORMATS = {
    "month_day_year": "{Month} {D}, {YYYY}",             # April 22, 2019
    "mon_day_year": "{Mon} {D}, {YYYY}",                 # Apr 22, 2019
    "day_mon_year": "{D} {Mon} {YYYY}",                  # 22 Apr 2019
    "day_month_year": "{D} {Month} {YYYY}",              # 22 April 2019
    "weekday_day_month": "{Weekday}, {D} {Month} {YYYY}",  # Monday, 22 April 2019
    "weekday_month_day": "{Weekday}, {Month} {D}, {YYYY}",  # Monday, April 22, 2019
    "wkd_mon_day": "{Wkd} {Mon} {D} {YYYY}",             # Mon Apr 22 2019
    "ordinal_of_month": "{Dth} of {Month} {YYYY}",       # 22nd of April 2019
    "us_short": "{M}/{D}/{YY}",                          # 4/22/19
    "us_padded": "{MM}/{DD}/{YYYY}",                     # 04/22/2019
    "european_dots": "{DD}.{MM}.{YYYY}",                 # 22.04.2019
}
FIELDS = {  # slot -> (which part of the date it shows, how to write it)
    "YYYY": ("year", lambda d: f"{d.year:04d}"),
    "YY": ("year", lambda d: f"{d.year % 100:02d}"),
    "Month": ("month", lambda d: MONTHS[d.month - 1]),
    "Mon": ("month", lambda d: MONTHS[d.month - 1][:3]),
    "MM": ("month", lambda d: f"{d.month:02d}"),
    "M": ("month", lambda d: str(d.month)),
    "DD": ("day", lambda d: f"{d.day:02d}"),
    "D": ("day", lambda d: str(d.day)),
    "Dth": ("day", lambda d: _ordinal(d.day)),
    "Weekday": ("weekday", lambda d: WEEKDAYS[d.weekday()]),
    "Wkd": ("weekday", lambda d: WEEKDAYS[d.weekday()][:3]),
}
_SLOT = re.compile(r"\{(\w+)\}")
ISO_LENGTH = 10                      # "YYYY-MM-DD"
ISO_FIELDS = {"year": (0, 4), "month": (5, 7), "day": (8, 10)}   # where each sits in the ISO text


class DateExample(NamedTuple):
    """One example: the human text, its ISO target, the format name, and the character
    span (start, end) of each date part in ``text``: {"year": (s, e), "month": ..., ...}."""
    text: str
    iso: str
    fmt: str
    spans: dict


def _ordinal(day):
    suffix = "th" if 10 <= day % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(day % 10, "th")
    return f"{day}{suffix}"


def make_date(year, month, day):
    """A ``datetime.date`` between FIRST_DAY and LAST_DAY, or a ValueError saying why not."""
    for name, value in (("year", year), ("month", month), ("day", day)):
        if isinstance(value, bool) or not isinstance(value, (int, np.integer)):
            raise ValueError(f"{name} should be an int, got {type(value).__name__} {value!r}")
    if not 1 <= month <= 12:
        raise ValueError(f"impossible date {year}-{month}-{day}: month should be 1..12, got {month}")
    days_in_month = calendar.monthrange(year, month)[1] if 1 <= year <= 9999 else 31
    if not 1 <= day <= days_in_month:
        raise ValueError(f"impossible date {year}-{month:02d}-{day}: {MONTHS[month - 1]} {year} "
                         f"has days 1..{days_in_month}, got {day}")
    if not FIRST_DAY.year <= year <= LAST_DAY.year:
        raise ValueError(f"year should lie in {FIRST_DAY.year}..{LAST_DAY.year} (so that a "
                         f"two-digit year is unambiguous), got {year}")
    return datetime.date(year, month, day)


def format_date(date, fmt):
    """Write ``date`` in format ``fmt`` (a key of DATE_FORMATS); return a DateExample."""
    check_choice(fmt, tuple(DATE_FORMATS), "fmt")
    if not isinstance(date, datetime.date):
        raise ValueError(f"date should be a datetime.date, got {type(date).__name__}")
    date = make_date(date.year, date.month, date.day)   # same range check as everywhere else
    text, spans, pos = "", {}, 0
    for k, literal_or_slot in enumerate(_SLOT.split(DATE_FORMATS[fmt])):
        if k % 2:   # re.split puts the captured slot names at the odd positions
            part, write = FIELDS[literal_or_slot]
            piece = write(date)
            spans[part] = (pos, pos + len(piece))
        else:
            piece = literal_or_slot
        text += piece
        pos += len(piece)
    return DateExample(text, date.isoformat(), fmt, spans)


def make_date_pairs(n_train, n_test, seed=0, formats=None):
    """Seeded (train, test) lists of DateExample on disjoint calendar days.

    Every example is a different day between FIRST_DAY and LAST_DAY, written in a format
    drawn uniformly from ``formats`` (default: all of DATE_FORMATS), so no held-out date
    was ever seen in training, in any format.
    """
    formats = sorted(DATE_FORMATS) if formats is None else check_names(formats, "formats")
    for fmt in formats:
        check_choice(fmt, tuple(DATE_FORMATS), "formats item")
    total_days = (LAST_DAY - FIRST_DAY).days + 1
    for name, n in (("n_train", n_train), ("n_test", n_test)):
        check_int(n, name, minimum=1)
    if n_train + n_test > total_days:
        raise ValueError(f"n_train + n_test should be at most {total_days} distinct days, "
                         f"got {n_train + n_test}")
    rng = np.random.default_rng(check_seed(seed))
    offsets = rng.choice(total_days, size=n_train + n_test, replace=False)
    styles = rng.integers(len(formats), size=n_train + n_test)
    examples = [format_date(FIRST_DAY + datetime.timedelta(days=int(o)), formats[s])
                for o, s in zip(offsets, styles)]
    return examples[:n_train], examples[n_train:]


def input_vocabulary():
    """Characters that any format can produce, with ``<pad>`` as id 0 and no ``<unk>``:
    a character outside the set is an error, not silently mapped."""
    chars = set("0123456789 ,./")
    for fmt in DATE_FORMATS.values():
        chars.update(_SLOT.sub("", fmt))
    for name in MONTHS + WEEKDAYS:
        chars.update(name)
    chars.update("stndrh")   # ordinal suffixes: st, nd, rd, th
    return Vocabulary(sorted(chars), specials=(PAD,))


def output_vocabulary():
    """``<pad>``, ``<bos>``, ``<eos>``, then the ISO characters 0-9 and '-'."""
    return Vocabulary(list("0123456789-"), specials=(PAD, BOS, EOS))


def encode_texts(texts, vocab, maxlen=None):
    """Strings -> ids (batch, time), padded at the end with 0 (``<pad>``).

    Raises a ValueError for the first text with characters outside ``vocab`` (naming them
    all) or longer than maxlen.
    """
    if isinstance(texts, str):
        raise ValueError(f"texts should be a list of strings, got the str {texts!r}: "
                         f"write [{texts!r}] for just that one")
    check_not_empty(texts, "texts")
    if maxlen is not None:
        maxlen = check_int(maxlen, "maxlen", minimum=1)
    rows = []
    for i, text in enumerate(texts):
        if not isinstance(text, str) or not text:
            raise ValueError(f"texts[{i}] should be a non-empty str, got {text!r}")
        unknown = sorted({ch for ch in text if ch not in vocab})
        if unknown:
            raise ValueError(f"texts[{i}] = {text!r} has character(s) {unknown} that are not "
                             f"in the input vocabulary")
        if maxlen is not None and len(text) > maxlen:
            raise ValueError(f"texts[{i}] = {text!r} has {len(text)} characters, more than "
                             f"maxlen={maxlen}")
        rows.append(vocab.encode(list(text)))
    return pad(rows, maxlen=maxlen, side="post", truncating="post", value=vocab.pad_id)


def encode_targets(isos, vocab):
    """ISO strings -> (decoder_inputs, decoder_targets), each (batch, ISO_LENGTH + 1).

    Teacher forcing: the decoder reads ``<bos> y_1 .. y_10`` and learns to emit
    ``y_1 .. y_10 <eos>``, one step ahead.
    """
    check_not_empty(isos, "isos")
    for i, iso in enumerate(isos):
        if not isinstance(iso, str) or not re.fullmatch(r"\d{4}-\d{2}-\d{2}", iso):
            raise ValueError(f"isos[{i}] should look like 'YYYY-MM-DD', got {iso!r}")
    ids = np.array([vocab.encode(list(iso)) for iso in isos], dtype=np.int64)
    bos = np.full((len(isos), 1), vocab.index(BOS))
    eos = np.full((len(isos), 1), vocab.index(EOS))
    return np.concatenate([bos, ids], axis=1), np.concatenate([ids, eos], axis=1)


def decode_ids(ids, vocab):
    """One row of output ids -> string, stopping at ``<eos>`` and skipping ``<bos>``/``<pad>``."""
    return "".join(decode_until_eos(ids, vocab))
