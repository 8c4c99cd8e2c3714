"""course_utils.stocks: the checked GOOG loader (notebook 09)."""
import numpy as np
import pandas as pd
import pytest

from course_utils.stocks import COLUMNS, available_tickers, load_prices, tidy_prices


def raw_rows():
    return pd.DataFrame({
        "date": ["2020-01-02", "2020-01-03", "2020-01-06"],
        "open": [10.0, 11.0, 12.0], "high": [11.5, 12.0, 12.5],
        "low": [9.5, 10.5, 11.0], "close": [11.0, 11.5, 12.0],
        "volume": [100, 200, 300]})


def test_goog_is_tidy_and_covers_2004_to_2013():
    goog = load_prices("GOOG")
    assert list(goog.columns) == list(COLUMNS)
    assert goog.index.name == "date" and goog.index.is_monotonic_increasing and goog.index.is_unique
    assert str(goog.index[0].date()) == "2004-08-19" and str(goog.index[-1].date()) == "2013-03-01"
    assert len(goog) == 2148 and not goog.isna().any().any()
    assert (goog.dtypes == np.float64).all()
    assert 99 < goog["close"].min() < goog["close"].max() < 810


def test_date_range_cut():
    part = load_prices("GOOG", start="2012-01-01", end="2012-12-31")
    assert part.index[0].year == part.index[-1].year == 2012 and len(part) > 240


def test_other_tickers_load():
    assert {"AAPL", "GOOG", "IBM", "MSFT"} <= set(available_tickers())
    assert len(load_prices("MSFT")) > 3000


def test_unknown_ticker_lists_the_known_ones():
    with pytest.raises(ValueError, match="unknown ticker 'TSLA'.*GOOG"):
        load_prices("TSLA")


def test_empty_range():
    with pytest.raises(ValueError, match="no GOOG prices"):
        load_prices("GOOG", start="2020-01-01")


def test_tidy_accepts_good_rows():
    frame = tidy_prices(raw_rows())
    assert frame.shape == (3, 5) and frame.index[1] == pd.Timestamp("2020-01-03")


@pytest.mark.parametrize("corrupt, message", [
    (lambda r: r.drop(columns="volume"), "missing column"),
    (lambda r: r.iloc[:0], "empty"),
    (lambda r: r.assign(date=["2020-01-02", "02/01/2020", "2020-01-06"]), "YYYY-MM-DD"),
    (lambda r: r.assign(date=["2020-01-02", "2020-01-02", "2020-01-06"]), "duplicate dates"),
    (lambda r: r.assign(date=["2020-01-02", "2020-01-06", "2020-01-03"]), "not sorted"),
    (lambda r: r.assign(close=[11.0, np.nan, 12.0]), "NaN"),
    (lambda r: r.assign(low=[-1.0, 10.5, 11.0]), "<= 0"),
    (lambda r: r.assign(high=[10.5, 12.0, 12.5]), "low <= open, close <= high"),
    (lambda r: r.assign(volume=[100, -5, 300]), "negative volume"),
])
def test_tidy_rejects_malformed_rows(corrupt, message):
    with pytest.raises(ValueError, match=message):
        tidy_prices(corrupt(raw_rows()))


def test_tidy_rejects_non_frames():
    with pytest.raises(ValueError, match="DataFrame"):
        tidy_prices([1, 2, 3])


def test_daily_features_are_per_cent_changes():
    from course_utils.stocks import FEATURES, daily_features

    frame = tidy_prices(raw_rows())
    feats = daily_features(frame)
    assert list(feats.columns) == list(FEATURES) and len(feats) == 2
    assert feats.index[0] == frame.index[1]
    np.testing.assert_allclose(feats["close_return"], 100 * np.log([11.5 / 11.0, 12.0 / 11.5]))
    np.testing.assert_allclose(feats["gap"], 100 * np.log([11.0 / 11.0, 12.0 / 11.5]))
    np.testing.assert_allclose(feats["volume_change"], 100 * np.log([2.0, 1.5]))
    assert (feats["high"] >= 0).all() and (feats["low"] <= 0).all()


def test_daily_features_on_goog_match_the_log_returns():
    from course_utils.stocks import daily_features
    from course_utils.timeseries import log_returns

    goog = load_prices("GOOG")
    feats = daily_features(goog)
    assert feats.shape == (len(goog) - 1, 5) and np.isfinite(feats.to_numpy()).all()
    np.testing.assert_allclose(feats["close_return"], 100 * log_returns(goog["close"]))


def test_daily_features_bad_input():
    from course_utils.stocks import daily_features

    frame = tidy_prices(raw_rows())
    with pytest.raises(ValueError, match="DataFrame"):
        daily_features(frame.to_numpy())
    with pytest.raises(ValueError, match="missing column"):
        daily_features(frame.drop(columns="volume"))
    with pytest.raises(ValueError, match="at least 2 days"):
        daily_features(frame.iloc[:1])
    zero = frame.copy()
    zero.iloc[1, zero.columns.get_loc("volume")] = 0.0
    with pytest.raises(ValueError, match="zero volume"):
        daily_features(zero)
    bad = frame.copy()
    bad.iloc[0, bad.columns.get_loc("high")] = 1.0
    with pytest.raises(ValueError, match="low <= open"):
        daily_features(bad)
