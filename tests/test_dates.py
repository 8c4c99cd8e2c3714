import datetime

import numpy as np
import pytest

from course_utils import dates

APRIL_22 = datetime.date(2019, 4, 22)


def test_the_issue_examples():
    written = {fmt: dates.format_date(APRIL_22, fmt).text for fmt in dates.DATE_FORMATS}
    assert written["month_day_year"] == "April 22, 2019"
    assert written["day_mon_year"] == "22 Apr 2019"
    assert written["weekday_day_month"] == "Monday, 22 April 2019"
    assert written["us_short"] == "4/22/19"
    assert written["ordinal_of_month"] == "22nd of April 2019"
    assert written["european_dots"] == "22.04.2019"


@pytest.mark.parametrize("fmt", sorted(dates.DATE_FORMATS))
def test_spans_point_at_the_right_characters(fmt):
    ex = dates.format_date(APRIL_22, fmt)
    assert ex.iso == "2019-04-22"
    year = ex.text[slice(*ex.spans["year"])]
    month = ex.text[slice(*ex.spans["month"])]
    day = ex.text[slice(*ex.spans["day"])]
    assert year in ("2019", "19")
    assert month in ("April", "Apr", "04", "4")
    assert day in ("22", "22nd")


def test_ordinals():
    assert [dates.format_date(datetime.date(2019, 1, d), "ordinal_of_month").text.split()[0]
            for d in (1, 2, 3, 4, 11, 12, 13, 21, 22, 23, 31)] == [
        "1st", "2nd", "3rd", "4th", "11th", "12th", "13th", "21st", "22nd", "23rd", "31st"]


def test_pairs_are_seeded_and_disjoint():
    train, test = dates.make_date_pairs(300, 100, seed=3)
    again_train, again_test = dates.make_date_pairs(300, 100, seed=3)
    other_train, _ = dates.make_date_pairs(300, 100, seed=4)
    assert train == again_train and test == again_test
    assert train != other_train
    assert len(train) == 300 and len(test) == 100
    assert {ex.iso for ex in train}.isdisjoint({ex.iso for ex in test})
    assert len({ex.iso for ex in train + test}) == 400          # every day used once
    assert len({ex.fmt for ex in train}) == len(dates.DATE_FORMATS)


def test_formats_can_be_restricted():
    train, test = dates.make_date_pairs(20, 5, seed=0, formats=["us_short"])
    assert {ex.fmt for ex in train + test} == {"us_short"}


def test_two_digit_years_are_unambiguous():
    for ex in dates.make_date_pairs(500, 10, seed=1, formats=["us_short"])[0]:
        yy = int(ex.text.split("/")[-1])
        assert ex.iso[:4] == (f"19{yy:02d}" if yy >= 50 else f"20{yy:02d}")


def test_encode_and_decode_round_trip():
    in_vocab, out_vocab = dates.input_vocabulary(), dates.output_vocabulary()
    ids = dates.encode_texts(["4/22/19", "April 22, 2019"], in_vocab)
    assert ids.shape == (2, 14) and ids[0, 7:].tolist() == [0] * 7
    assert "".join(in_vocab.decode(ids[1])) == "April 22, 2019"
    dec_in, dec_out = dates.encode_targets(["2019-04-22"], out_vocab)
    assert dec_in.shape == dec_out.shape == (1, dates.ISO_LENGTH + 1)
    assert dec_in[0, 0] == out_vocab.index("<bos>") and dec_out[0, -1] == out_vocab.index("<eos>")
    np.testing.assert_array_equal(dec_in[0, 1:], dec_out[0, :-1])   # shifted by one step
    assert dates.decode_ids(dec_out[0], out_vocab) == "2019-04-22"


def test_every_generated_character_is_in_the_vocabulary():
    in_vocab = dates.input_vocabulary()
    train, _ = dates.make_date_pairs(2000, 1, seed=5)
    dates.encode_texts([ex.text for ex in train], in_vocab)       # raises on an unknown character


@pytest.mark.parametrize("year, month, day, message", [
    (2019, 2, 29, "has days 1..28"),
    (2020, 4, 31, "has days 1..30"),
    (2019, 13, 1, "month should be 1..12"),
    (2019, 0, 10, "month should be 1..12"),
    (2019, 1, 0, "has days 1..31"),
    (1900, 1, 1, "year should lie in 1950..2049"),
    (2019, 4.0, 1, "month should be an int"),
])
def test_impossible_dates_are_refused(year, month, day, message):
    with pytest.raises(ValueError, match=message):
        dates.make_date(year, month, day)


def test_leap_day_is_fine():
    assert dates.make_date(2020, 2, 29) == datetime.date(2020, 2, 29)


def test_unknown_characters_are_named():
    vocab = dates.input_vocabulary()
    with pytest.raises(ValueError, match=r"\['!', '\?'\]"):
        dates.encode_texts(["April 22?, 2019!"], vocab)
    with pytest.raises(ValueError, match="non-empty str"):
        dates.encode_texts([""], vocab)
    with pytest.raises(ValueError, match="more than maxlen=5"):
        dates.encode_texts(["April 22, 2019"], vocab, maxlen=5)
    with pytest.raises(ValueError, match="empty"):
        dates.encode_texts([], vocab)


def test_bad_arguments():
    with pytest.raises(ValueError, match="fmt should be one of"):
        dates.format_date(APRIL_22, "klingon")
    with pytest.raises(ValueError, match="datetime.date"):
        dates.format_date("2019-04-22", "us_short")
    with pytest.raises(ValueError, match="year should lie"):
        dates.format_date(datetime.date(2100, 1, 1), "us_short")
    with pytest.raises(ValueError, match="n_train should be an integer of at least 1"):
        dates.make_date_pairs(0, 10)
    with pytest.raises(ValueError, match="at most 36525 distinct days"):
        dates.make_date_pairs(36000, 1000)
    with pytest.raises(ValueError, match="formats item should be one of"):
        dates.make_date_pairs(10, 10, formats=["us_short", "nope"])
    with pytest.raises(ValueError, match="YYYY-MM-DD"):
        dates.encode_targets(["22/04/2019"], dates.output_vocabulary())
    with pytest.raises(ValueError, match="outside the vocabulary"):
        dates.decode_ids([99], dates.output_vocabulary())
