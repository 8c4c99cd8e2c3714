"""Daily stock prices from the ``bokeh_sampledata`` package, checked and tidy (notebook 09).

``load_prices("GOOG")`` returns a frame indexed by trading day (``date``, datetime64, sorted,
unique) with float columns ``open, high, low, close, volume``: shape (days, 5). The prices are
the source's unadjusted ones (Quandl WIKI, public domain); GOOG has no split between 2004-08-19
and 2013-03-01, so its unadjusted close is a consistent series over the whole period.
"""
import numpy as np
import pandas as pd

COLUMNS = ("open", "high", "low", "close", "volume")
PRICE_COLUMNS = ("open", "high", "low", "close")


def available_tickers():
    """The tickers the installed ``bokeh_sampledata.stocks`` module provides, sorted."""
    from bokeh_sampledata import stocks

    return sorted(name for name in stocks.__all__ if name.isupper())


def load_prices(ticker="GOOG", start=None, end=None):
    """Daily prices of ``ticker`` as a checked frame (days, 5), optionally cut to
    ``start <= date <= end`` (anything ``pd.Timestamp`` accepts)."""
    tickers = available_tickers()
    if ticker not in tickers:
        raise ValueError(f"unknown ticker {ticker!r}: expected one of {', '.join(tickers)}")
    from bokeh_sampledata import stocks

    frame = tidy_prices(pd.DataFrame(getattr(stocks, ticker)), name=ticker)
    if start is not None or end is not None:
        frame = frame.loc[start:end]
        if frame.empty:
            raise ValueError(f"no {ticker} prices between {start} and {end}")
    return frame


def tidy_prices(raw, name="prices"):
    """Turn a raw table with a ``date`` column and the five price columns into a checked,
    date-indexed float frame (days, 5). Raises ValueError on anything malformed."""
    if not isinstance(raw, pd.DataFrame):
        raise ValueError(f"{name} should be a pandas DataFrame, got {type(raw).__name__}")
    missing = [c for c in ("date",) + COLUMNS if c not in raw.columns]
    if missing:
        raise ValueError(f"{name} is missing column(s) {missing}; expected date and {list(COLUMNS)}")
    if raw.empty:
        raise ValueError(f"{name} is empty: expected at least one trading day")
    try:
        dates = pd.to_datetime(raw["date"], format="%Y-%m-%d")
    except (ValueError, TypeError) as err:
        raise ValueError(f"{name} has dates that are not YYYY-MM-DD: {err}") from None
    frame = raw.loc[:, list(COLUMNS)].astype("float64")
    frame.index = pd.DatetimeIndex(dates, name="date")
    check_prices(frame, name)
    return frame


def check_prices(frame, name="prices"):
    """Check a date-indexed price frame: sorted unique dates, no NaN, positive prices,
    low <= open, close <= high, volume >= 0."""
    if not isinstance(frame.index, pd.DatetimeIndex):
        raise ValueError(f"{name} should be indexed by dates, got {type(frame.index).__name__}")
    if frame.index.has_duplicates:
        dup = frame.index[frame.index.duplicated()][0].date()
        raise ValueError(f"{name} has duplicate dates, e.g. {dup}: expected one row per day")
    if not frame.index.is_monotonic_increasing:
        raise ValueError(f"{name} dates are not sorted: expected increasing dates")
    values = frame.loc[:, list(COLUMNS)].to_numpy()
    if not np.all(np.isfinite(values)):
        bad = frame.index[~np.isfinite(values).all(axis=1)][0].date()
        raise ValueError(f"{name} has NaN or infinite values, first on {bad}")
    prices = frame.loc[:, list(PRICE_COLUMNS)]
    if (prices <= 0).to_numpy().any():
        raise ValueError(f"{name} has prices <= 0: expected positive prices")
    inside = (frame["low"] <= prices.min(axis=1)) & (frame["high"] >= prices.max(axis=1))
    if not inside.all():
        bad = frame.index[~inside.to_numpy()][0].date()
        raise ValueError(f"{name} on {bad}: expected low <= open, close <= high")
    if (frame["volume"] < 0).any():
        raise ValueError(f"{name} has negative volume")


FEATURES = ("close_return", "gap", "high", "low", "volume_change")


def daily_features(frame):
    """The five daily columns as unit-free changes a forecaster can read (notebook 09).

    From a checked frame (days, 5) (see ``check_prices``) returns a frame (days - 1, 5),
    indexed by the later day ``t`` of each pair, with columns, all in per cent:

    - ``close_return``: ``100 log(close_t / close_{t-1})``, the daily log-return;
    - ``gap``: ``100 log(open_t / close_{t-1})``, the overnight move;
    - ``high``: ``100 log(high_t / close_t)`` (>= 0) and ``low``: ``100 log(low_t / close_t)``
      (<= 0), how far the day ranged from its close;
    - ``volume_change``: ``100 log(volume_t / volume_{t-1})``.

    Every value uses prices known at day ``t``'s close. Raises ValueError on a malformed
    frame, fewer than two days, or a zero volume.
    """
    if not isinstance(frame, pd.DataFrame):
        raise ValueError(f"frame should be a pandas DataFrame of prices, got {type(frame).__name__}")
    missing = [c for c in COLUMNS if c not in frame.columns]
    if missing:
        raise ValueError(f"frame is missing column(s) {missing}; expected {list(COLUMNS)}")
    check_prices(frame, "frame")
    if len(frame) < 2:
        raise ValueError(f"frame should have at least 2 days to take changes, got {len(frame)}")
    if (frame["volume"] <= 0).any():
        raise ValueError("frame has a zero volume: expected volume > 0 to take its log change")
    logs = np.log(frame.loc[:, list(COLUMNS)])
    prev_close = logs["close"].shift(1)
    out = pd.DataFrame({
        "close_return": logs["close"] - prev_close,
        "gap": logs["open"] - prev_close,
        "high": logs["high"] - logs["close"],
        "low": logs["low"] - logs["close"],
        "volume_change": logs["volume"].diff(),
    }, index=frame.index)
    return 100 * out.iloc[1:]
