"""Forecasting plumbing done without leaking the future (notebook 09).

- ``chronological_split``: train / validation / test in time order, never shuffled.
- ``MinMaxScaler``: fit on the training part only, then applied to every part.
- ``make_windows``: sliding windows ``X: (samples, window, features)`` and targets
  ``Y: (samples, horizon)``, chosen by where the first target day falls.
- Baselines: ``persistence_forecast``, ``moving_average_forecast``, ``LinearWindowModel``
  (least squares on the window), and ``recursive_forecast`` for several days ahead.
- ``log_returns`` / ``prices_from_log_returns`` and the errors ``rmse`` / ``mae``.
- ``autocorrelation`` and ``ljung_box``: is there anything linear left in the returns?
- ``walk_forward_folds``: consecutive test blocks, each trained on everything before it.

The notebook restarts one compiled model per fold with ``course_utils.training.restart``.
"""
import math

import numpy as np

from course_utils.checks import (as_float_array, check_fraction, check_int, check_non_negative,
                                 check_not_empty, check_shape)


def chronological_split(data, train=0.7, val=0.15):
    """Cut ``data`` (array, Series or DataFrame; first axis is time) into its first ``train``
    fraction, the next ``val`` fraction and the rest, in time order. Returns three pieces."""
    train, val = check_fraction(train, "train"), check_fraction(val, "val")
    if train + val >= 1:
        raise ValueError(f"train + val should leave room for a test part, got {train} + {val}")
    check_not_empty(data, "data")
    n = len(data)
    a, b = int(round(train * n)), int(round((train + val) * n))
    if not 0 < a < b < n:
        raise ValueError(f"{n} time steps are too few to split {train}/{val}/{1 - train - val:.2f}")
    take = data.iloc if hasattr(data, "iloc") else data
    return take[:a], take[a:b], take[b:]


def _as_series_array(values, name):
    """(time,) or (time, features) -> float array (time, features), finite and non-empty."""
    arr = as_float_array(getattr(values, "values", values), name)
    if arr.ndim == 1:
        arr = arr[:, None]
    check_shape(arr, (("time", None), ("features", None)), name)
    check_not_empty(arr, name)
    return arr


class MinMaxScaler:
    """Per-feature map ``x -> (x - min) / (max - min)`` with min and max taken from the data
    passed to ``fit`` only. Values outside the fitted range map outside [0, 1], on purpose:
    that is what the future looks like to a model trained on the past."""

    def __init__(self):
        self.min_ = None
        self.max_ = None

    def fit(self, values):
        """Learn min and max per feature from ``values``: (time,) or (time, features)."""
        arr = _as_series_array(values, "values to fit")
        lo, hi = arr.min(axis=0), arr.max(axis=0)
        if np.any(hi <= lo):
            raise ValueError("a feature is constant in the fitted data: its range is zero")
        self.min_, self.max_ = lo, hi
        return self

    def transform(self, values):
        """Scale ``values`` of the fitted width; keeps the input's shape."""
        return self._apply(values, lambda a: (a - self.min_) / (self.max_ - self.min_))

    def inverse_transform(self, values):
        """Undo ``transform``: scaled values back to the original units."""
        return self._apply(values, lambda a: a * (self.max_ - self.min_) + self.min_)

    def _apply(self, values, fn):
        if self.min_ is None:
            raise ValueError("the scaler is not fitted: call fit(train_values) first")
        arr = as_float_array(getattr(values, "values", values), "values")
        width = len(self.min_)
        if width > 1 and (arr.ndim == 0 or arr.shape[-1] != width):
            raise ValueError(f"values should end in an axis of {width} features, got shape {arr.shape}")
        return fn(arr)


def make_windows(values, window, horizon=1, start=None, stop=None, target=0):
    """Sliding windows over a series ``values``: (time,) or (time, features).

    A sample whose first target day is ``t`` has inputs ``values[t - window : t]`` and
    targets ``values[t : t + horizon, target]``. Samples are kept when ``start <= t`` and
    ``t + horizon <= stop`` (defaults: every complete window). Returns
    ``X: (samples, window, features)``, ``Y: (samples, horizon)`` and ``t: (samples,)``.
    """
    arr = _as_series_array(values, "values")
    n = len(arr)
    window, horizon = check_int(window, "window", minimum=1), check_int(horizon, "horizon", minimum=1)
    target = _check_target(target, arr.shape[1])
    start = None if start is None else check_int(start, "start", minimum=0)
    stop = None if stop is None else check_int(stop, "stop", minimum=0)
    if start is not None and stop is not None and start > stop:
        raise ValueError(f"start should come before stop, got start={start} and stop={stop}")
    if window + horizon > n:
        raise ValueError(f"window {window} + horizon {horizon} is longer than the series ({n} steps)")
    first = max(window, 0 if start is None else start)
    last = n - horizon if stop is None else min(stop, n) - horizon
    t = np.arange(first, last + 1)
    if t.size == 0:
        raise ValueError(f"no complete window has its targets in [{start}, {stop}) "
                         f"with window {window} and horizon {horizon}")
    X = np.stack([arr[i - window:i] for i in t])
    Y = np.stack([arr[i:i + horizon, target] for i in t])
    return X, Y, t


def _check_target(target, features):
    return check_int(target, "target", minimum=0, maximum=features - 1)   # the column to forecast


def _check_windows(X, name="X"):
    X = as_float_array(X, name, ndim=3)
    check_shape(X, (("samples", None), ("window", None), ("features", None)), name)
    check_not_empty(X, name)
    return X


def persistence_forecast(X, horizon=1, target=0):
    """"Tomorrow equals today": the window's last value, repeated. (samples, horizon)."""
    X = _check_windows(X)
    horizon, target = check_int(horizon, "horizon", minimum=1), _check_target(target, X.shape[2])
    return np.repeat(X[:, -1, target][:, None], horizon, axis=1)


def moving_average_forecast(X, k, horizon=1, target=0):
    """The mean of the window's last ``k`` values, repeated. (samples, horizon)."""
    X = _check_windows(X)
    k = check_int(k, "k", minimum=1, maximum=X.shape[1])   # values averaged: at most the window
    horizon, target = check_int(horizon, "horizon", minimum=1), _check_target(target, X.shape[2])
    return np.repeat(X[:, -k:, target].mean(axis=1)[:, None], horizon, axis=1)


class LinearWindowModel:
    """Least squares ``y = [x_1 .. x_w, 1] @ W`` on the flattened window: the classic
    autoregressive baseline. ``fit(X: (samples, window, features), Y: (samples, horizon))``."""

    def __init__(self):
        self.weights = None

    @staticmethod
    def _design(X):
        flat = X.reshape(len(X), -1)
        return np.hstack([flat, np.ones((len(X), 1))])

    def fit(self, X, Y):
        X = _check_windows(X)
        Y = as_float_array(Y, "Y", ndim=2)
        if len(Y) != len(X):
            raise ValueError(f"X and Y should have the same number of samples, got {len(X)} and {len(Y)}")
        self.window_shape = X.shape[1:]
        self.weights, *_ = np.linalg.lstsq(self._design(X), Y, rcond=None)
        return self

    def predict(self, X):
        """Forecasts (samples, horizon) for windows shaped like the training ones."""
        if self.weights is None:
            raise ValueError("the model is not fitted: call fit(X, Y) first")
        X = _check_windows(X)
        if X.shape[1:] != self.window_shape:
            raise ValueError(f"X windows should be {self.window_shape}, got {X.shape[1:]}")
        return self._design(X) @ self.weights


def recursive_forecast(predict_next, X, horizon):
    """Forecast ``horizon`` steps by feeding each one-step forecast back as the newest input.

    ``predict_next`` maps windows (samples, window, 1) to next values (samples,) or
    (samples, 1); univariate windows only. Returns (samples, horizon).
    """
    X = _check_windows(X)
    if X.shape[2] != 1:
        raise ValueError(f"recursive forecasting needs univariate windows (features=1), got {X.shape[2]}")
    check_int(horizon, "horizon", minimum=1)
    current, steps = X.copy(), []
    for _ in range(horizon):
        nxt = np.asarray(predict_next(current), dtype=np.float64)
        if nxt.shape not in ((len(X),), (len(X), 1)):
            raise ValueError(f"predict_next should return one value per window, shape ({len(X)},) or "
                             f"({len(X)}, 1), got shape {nxt.shape}")
        nxt = nxt.reshape(len(X))
        steps.append(nxt)
        current = np.concatenate([current[:, 1:], nxt[:, None, None]], axis=1)
    return np.stack(steps, axis=1)


def log_returns(prices):
    """``r_t = log(p_t / p_{t-1})`` for positive prices (time,) -> (time - 1,)."""
    p = as_float_array(getattr(prices, "values", prices), "prices", ndim=1)
    if len(p) < 2:
        raise ValueError(f"need at least 2 prices for a return, got {len(p)}")
    if np.any(p <= 0):
        raise ValueError("prices should be positive to take logs")
    return np.diff(np.log(p))


def prices_from_log_returns(last_price, returns):
    """Prices after compounding ``returns`` (samples, horizon) from ``last_price`` (samples,):
    ``p_{t+h} = p_t * exp(r_{t+1} + ... + r_{t+h})``. Returns (samples, horizon)."""
    p0 = as_float_array(last_price, "last_price", ndim=1)
    r = as_float_array(returns, "returns")
    r = r[:, None] if r.ndim == 1 else r
    check_shape(r, (("samples", len(p0)), ("horizon", None)), "returns")
    return p0[:, None] * np.exp(np.cumsum(r, axis=1))


def _pair(actual, predicted):
    a = as_float_array(actual, "actual")
    p = as_float_array(predicted, "predicted")
    if a.shape != p.shape:
        raise ValueError(f"actual and predicted should have the same shape, got {a.shape} and {p.shape}")
    check_not_empty(a.reshape(-1), "actual")
    return a, p


def rmse(actual, predicted):
    """Root mean squared error, in the units of the data."""
    a, p = _pair(actual, predicted)
    return float(np.sqrt(np.mean((a - p) ** 2)))


def mae(actual, predicted):
    """Mean absolute error, in the units of the data."""
    a, p = _pair(actual, predicted)
    return float(np.mean(np.abs(a - p)))


def autocorrelation(x, lags):
    """Sample autocorrelation of a series ``x`` (time,) at each lag in ``lags`` (ints >= 1):
    ``rho_k = sum (x_t - mean)(x_{t-k} - mean) / sum (x_t - mean)^2``. Returns (len(lags),)."""
    x = as_float_array(getattr(x, "values", x), "x", ndim=1)
    lags = [check_int(k, "lag", minimum=1) for k in lags]
    check_not_empty(lags, "lags")
    if max(lags) >= len(x):
        raise ValueError(f"the largest lag ({max(lags)}) should be shorter than the series ({len(x)})")
    d = x - x.mean()
    denom = float(d @ d)
    if denom == 0:
        raise ValueError("x is constant: its autocorrelation is undefined")
    return np.array([float(d[k:] @ d[:-k]) / denom for k in lags])


def chi2_sf(q, dof):
    """P(chi-square with ``dof`` degrees of freedom > q), exact for integer ``dof`` >= 1."""
    dof = check_int(dof, "dof", minimum=1)
    q = check_non_negative(q, "q")
    half = q / 2.0
    if dof % 2 == 0:                       # exp(-q/2) * sum_{j < dof/2} (q/2)^j / j!
        return math.exp(-half) * sum(half ** j / math.factorial(j) for j in range(dof // 2))
    tail = math.erfc(math.sqrt(half))      # odd: the dof = 1 tail plus half-integer terms
    return tail + math.exp(-half) * sum(half ** (j - 0.5) / math.gamma(j + 0.5)
                                        for j in range(1, (dof + 1) // 2))


def ljung_box(x, max_lag):
    """Ljung and Box's (1978) portmanteau test that ``x`` (time,) has no autocorrelation at
    lags 1..``max_lag``: ``Q = N (N + 2) sum_k rho_k^2 / (N - k)``, chi-square with
    ``max_lag`` degrees of freedom under independence. Returns ``(Q, p_value)``."""
    max_lag = check_int(max_lag, "max_lag", minimum=1)
    rho = autocorrelation(x, range(1, max_lag + 1))
    n = len(np.asarray(getattr(x, "values", x)))
    q = float(n * (n + 2) * np.sum(rho ** 2 / (n - np.arange(1, max_lag + 1))))
    return q, chi2_sf(q, max_lag)


def walk_forward_folds(dates, test_years, val_days):
    """Walk-forward folds over a sorted ``DatetimeIndex`` (or array of datetime64).

    For each year in ``test_years`` the fold tests on that calendar year's days, validates on
    the ``val_days`` days just before it and trains on every earlier day. Returns a list of
    dicts ``{"year", "train", "val", "test"}``, each part a ``(start, stop)`` pair of row
    positions, in time order."""
    days = np.asarray(dates, dtype="datetime64[D]")
    check_not_empty(days, "dates")
    if np.any(np.diff(days.astype("int64")) <= 0):
        raise ValueError("dates should be sorted and unique")
    check_int(val_days, "val_days", minimum=1)
    test_years = list(test_years)
    check_not_empty(test_years, "test_years")
    years = days.astype("datetime64[Y]").astype(int) + 1970
    folds = []
    for year in test_years:
        year = check_int(year, "test year", minimum=1)
        rows = np.flatnonzero(years == year)
        if rows.size == 0:
            raise ValueError(f"no dates in {year}: dates run from {days[0]} to {days[-1]}")
        start, stop = int(rows[0]), int(rows[-1]) + 1
        if start - val_days < 1:
            raise ValueError(f"the fold testing {year} has {start} earlier days: too few for "
                             f"{val_days} validation days and a training part")
        folds.append({"year": year, "train": (0, start - val_days),
                      "val": (start - val_days, start), "test": (start, stop)})
    if any(a["year"] >= b["year"] for a, b in zip(folds, folds[1:])):
        raise ValueError(f"test_years should increase, got {test_years}")
    return folds

