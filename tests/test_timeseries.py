"""course_utils.timeseries: splits, scaler, windows, baselines, errors (notebook 09)."""
import keras
import numpy as np
import pandas as pd
import pytest

from course_utils.timeseries import (
    LinearWindowModel, MinMaxScaler, autocorrelation, chi2_sf, chronological_split, ljung_box,
    log_returns, mae, make_windows, moving_average_forecast, persistence_forecast,
    prices_from_log_returns, recursive_forecast, rmse, walk_forward_folds)

SERIES = np.arange(10, dtype=float)          # 0, 1, ..., 9


def test_split_keeps_time_order_and_sizes():
    train, val, test = chronological_split(SERIES, train=0.6, val=0.2)
    assert train.tolist() == [0, 1, 2, 3, 4, 5] and val.tolist() == [6, 7] and test.tolist() == [8, 9]
    frame = pd.DataFrame({"x": SERIES}, index=pd.date_range("2020-01-01", periods=10))
    f_train, _, f_test = chronological_split(frame, 0.6, 0.2)
    assert f_train.index.max() < f_test.index.min()


@pytest.mark.parametrize("data, train, val, message", [
    (SERIES, 1.2, 0.1, "fraction"), (SERIES, 0.8, 0.3, "room for a test"),
    (np.array([]), 0.7, 0.15, "empty"), (pd.DataFrame({"x": []}), 0.7, 0.15, "empty"),
    (SERIES[:3], 0.7, 0.15, "too few")])
def test_split_rejects_bad_input(data, train, val, message):
    with pytest.raises(ValueError, match=message):
        chronological_split(data, train, val)


def test_scaler_is_fit_on_train_only():
    train, _, test = chronological_split(SERIES, 0.6, 0.2)
    scaler = MinMaxScaler().fit(train)
    assert scaler.transform(train).min() == 0 and scaler.transform(train).max() == 1
    assert scaler.transform(test).tolist() == [8 / 5, 9 / 5]      # the future is outside [0, 1]
    leaky = MinMaxScaler().fit(SERIES)
    assert leaky.transform(test).max() == 1                       # it knew the future maximum
    np.testing.assert_allclose(scaler.inverse_transform(scaler.transform(test)), test)


def test_scaler_per_feature_and_shapes():
    data = np.stack([SERIES, 10 * SERIES + 5], axis=1)
    scaler = MinMaxScaler().fit(data)
    np.testing.assert_allclose(scaler.transform(data)[:, 1], SERIES / 9)
    X, _, _ = make_windows(data, window=3)
    assert scaler.transform(X).shape == X.shape
    with pytest.raises(ValueError, match="2 features"):
        scaler.transform(SERIES)


@pytest.mark.parametrize("fit_on, message", [
    ([1.0, np.nan, 2.0], "NaN"), ([], "empty"), ([3.0, 3.0], "constant"),
    (np.zeros((2, 2, 2)), "shape")])
def test_scaler_rejects_bad_fit_data(fit_on, message):
    with pytest.raises(ValueError, match=message):
        MinMaxScaler().fit(fit_on)


def test_scaler_must_be_fit_first():
    with pytest.raises(ValueError, match="not fitted"):
        MinMaxScaler().transform(SERIES)


def test_windows_by_hand():
    X, Y, t = make_windows(SERIES, window=3, horizon=2)
    assert X.shape == (6, 3, 1) and Y.shape == (6, 2) and t.tolist() == [3, 4, 5, 6, 7, 8]
    assert X[0, :, 0].tolist() == [0, 1, 2] and Y[0].tolist() == [3, 4]
    assert X[-1, :, 0].tolist() == [5, 6, 7] and Y[-1].tolist() == [8, 9]


def test_windows_select_by_first_target_day():
    X, Y, t = make_windows(SERIES, window=3, start=8)
    assert t.tolist() == [8, 9] and X[0, :, 0].tolist() == [5, 6, 7]   # inputs reach back
    _, _, t = make_windows(SERIES, window=3, horizon=2, start=0, stop=8)
    assert t.tolist() == [3, 4, 5, 6] and (t + 2 <= 8).all()


def test_windows_match_keras():
    data = np.stack([SERIES, -SERIES], axis=1)
    X, Y, _ = make_windows(data, window=4, target=1)
    ds = keras.utils.timeseries_dataset_from_array(
        data[:-1], data[4:, 1], sequence_length=4, batch_size=100, shuffle=False)
    kx, ky = next(iter(ds))
    np.testing.assert_array_equal(X, kx.numpy())
    np.testing.assert_array_equal(Y[:, 0], ky.numpy())


@pytest.mark.parametrize("kwargs, message", [
    (dict(values=SERIES, window=10), "longer than the series"),
    (dict(values=SERIES, window=8, horizon=3), "longer than the series"),
    (dict(values=SERIES, window=0), "window should be an integer of at least 1, got 0"),
    (dict(values=[1.0, np.nan, 2.0, 3.0], window=2), "NaN"),
    (dict(values=[], window=1), "empty"),
    (dict(values=pd.DataFrame({"x": []}), window=1), "empty"),
    (dict(values=np.zeros((5, 2, 2)), window=2), "shape"),
    (dict(values=SERIES, window=2, target=1), "target"),
    (dict(values=SERIES, window=3, start=9, stop=9), "no complete window")])
def test_windows_reject_bad_input(kwargs, message):
    with pytest.raises(ValueError, match=message):
        make_windows(**kwargs)


def test_baselines_by_hand():
    X = np.array([[[1.0], [2.0], [4.0]], [[3.0], [3.0], [6.0]]])
    assert persistence_forecast(X, horizon=2).tolist() == [[4, 4], [6, 6]]
    assert moving_average_forecast(X, k=2).tolist() == [[3], [4.5]]
    with pytest.raises(ValueError, match="k should be"):
        moving_average_forecast(X, k=4)
    with pytest.raises(ValueError, match="shape"):
        persistence_forecast(X[:, :, 0])


def test_linear_model_recovers_a_linear_rule():
    rng = np.random.default_rng(0)
    X = rng.normal(size=(200, 4, 1))
    y = (X[:, :, 0] @ np.array([0.1, -0.2, 0.3, 0.9]) + 2.0)[:, None]
    model = LinearWindowModel().fit(X, y)
    np.testing.assert_allclose(model.weights[:, 0], [0.1, -0.2, 0.3, 0.9, 2.0], atol=1e-10)
    assert model.predict(X[:5]).shape == (5, 1)
    with pytest.raises(ValueError, match="windows should be"):
        model.predict(X[:, :3])
    with pytest.raises(ValueError, match="not fitted"):
        LinearWindowModel().predict(X)
    with pytest.raises(ValueError, match="same number"):
        LinearWindowModel().fit(X, y[:10])


def test_recursive_forecast_feeds_predictions_back():
    X, _, _ = make_windows(SERIES, window=3)
    step = lambda w: 2 * w[:, -1, 0] - w[:, -2, 0]            # extends a straight line
    np.testing.assert_allclose(recursive_forecast(step, X[:1], 3), [[3, 4, 5]])
    flat = recursive_forecast(lambda w: w[:, -1, 0], X, 4)
    np.testing.assert_allclose(flat, persistence_forecast(X, 4))
    with pytest.raises(ValueError, match="univariate"):
        recursive_forecast(step, np.zeros((2, 3, 2)), 2)


def test_log_returns_round_trip():
    prices = np.array([100.0, 110.0, 99.0, 120.0])
    r = log_returns(prices)
    np.testing.assert_allclose(prices_from_log_returns(prices[:1], r[None]), [prices[1:]])
    np.testing.assert_allclose(prices_from_log_returns(prices[:-1], r), prices[1:, None])
    with pytest.raises(ValueError, match="positive"):
        log_returns([1.0, 0.0, 2.0])
    with pytest.raises(ValueError, match="at least 2"):
        log_returns([1.0])


def test_errors():
    assert rmse([1, 2, 3], [1, 2, 5]) == pytest.approx(np.sqrt(4 / 3))
    assert mae([1, 2, 3], [1, 2, 5]) == pytest.approx(2 / 3)
    with pytest.raises(ValueError, match="same shape"):
        rmse([1, 2], [[1, 2]])
    with pytest.raises(ValueError, match="empty"):
        mae([], [])
    with pytest.raises(ValueError, match="NaN"):
        rmse([1.0, np.nan], [1.0, 2.0])


def test_autocorrelation_by_hand():
    x = np.array([1.0, -1.0, 1.0, -1.0, 1.0, -1.0])
    rho = autocorrelation(x, [1, 2])
    np.testing.assert_allclose(rho, [-5 / 6, 4 / 6])
    trend = autocorrelation(np.arange(50.0), [1])
    assert 0.9 < trend[0] < 1


@pytest.mark.parametrize("x, lags, message", [
    (np.ones(10), [1], "constant"), (np.arange(5.0), [5], "shorter than"),
    (np.arange(5.0), [0], "lag should be"), (np.arange(5.0), [], "empty"),
    (np.zeros((3, 2)), [1], "dimensions")])
def test_autocorrelation_rejects_bad_input(x, lags, message):
    with pytest.raises(ValueError, match=message):
        autocorrelation(x, lags)


@pytest.mark.parametrize("q, dof, expected", [
    (0.0, 3, 1.0), (3.841459, 1, 0.05), (5.991465, 2, 0.05), (7.814728, 3, 0.05),
    (18.307038, 10, 0.05), (2.0, 4, 0.7357589)])
def test_chi2_sf_matches_tables(q, dof, expected):
    assert chi2_sf(q, dof) == pytest.approx(expected, abs=1e-6)


def test_chi2_sf_rejects_bad_input():
    with pytest.raises(ValueError, match="dof"):
        chi2_sf(1.0, 0)
    with pytest.raises(ValueError, match=r"q should be a number >= 0, got -1.0"):
        chi2_sf(-1.0, 2)
    with pytest.raises(ValueError, match=r"q should be a number >= 0, got str 'a'"):
        chi2_sf("a", 2)


def test_ljung_box_separates_noise_from_a_pattern():
    rng = np.random.default_rng(0)
    noise = rng.normal(size=2000)
    q, p = ljung_box(noise, 10)
    assert p > 0.01 and q == pytest.approx(
        2000 * 2002 * np.sum(autocorrelation(noise, range(1, 11)) ** 2 / (2000 - np.arange(1, 11))))
    ar = np.zeros(2000)
    for t in range(1, 2000):
        ar[t] = 0.3 * ar[t - 1] + noise[t]
    assert ljung_box(ar, 10)[1] < 1e-6
    with pytest.raises(ValueError, match="max_lag"):
        ljung_box(noise, 0)


def test_walk_forward_folds():
    dates = pd.bdate_range("2008-01-01", "2011-12-31")
    folds = walk_forward_folds(dates, [2010, 2011], val_days=100)
    assert [f["year"] for f in folds] == [2010, 2011]
    for f in folds:
        a, b = f["test"]
        assert dates[a].year == dates[b - 1].year == f["year"] and (b == len(dates) or dates[b].year > f["year"])
        assert f["train"] == (0, a - 100) and f["val"] == (a - 100, a)
    assert folds[0]["test"][1] == folds[1]["test"][0]           # consecutive windows


@pytest.mark.parametrize("years, val_days, message", [
    ([2015], 10, "no dates in 2015"), ([2008], 10, "too few"), ([2011, 2010], 10, "increase"),
    ([2010], 0, "val_days"), ([], 10, "test_years is empty: expected at least one item")])
def test_walk_forward_folds_reject_bad_input(years, val_days, message):
    dates = pd.bdate_range("2008-01-01", "2011-12-31")
    with pytest.raises(ValueError, match=message):
        walk_forward_folds(dates, years, val_days)
    with pytest.raises(ValueError, match="sorted"):
        walk_forward_folds(dates[::-1], [2010], 10)


@pytest.mark.parametrize("call, message", [
    (lambda: chronological_split(np.arange(100), train="0.7"), r"train should be a fraction in \(0, 1\), got str '0.7'"),
    (lambda: chronological_split(np.arange(100), val=True), r"val should be a fraction"),
    (lambda: make_windows(SERIES, 2, start=-1), r"start should be an integer of at least 0"),
    (lambda: make_windows(SERIES, 2, stop=2.5), r"stop should be an integer"),
    (lambda: make_windows(SERIES, 2, start=6, stop=4), r"start should come before stop"),
    (lambda: make_windows(SERIES, 2, target=True), r"target should be an integer"),
    (lambda: persistence_forecast(np.zeros((2, 3, 1)), horizon=0), r"horizon should be an integer of at least 1"),
    (lambda: persistence_forecast(np.zeros((2, 3, 1)), target=1), r"target should be an integer in 0 .. 0, got 1"),
    (lambda: moving_average_forecast(np.zeros((2, 3, 1)), k=True), r"k should be an integer in 1 .. 3, got True"),
    (lambda: moving_average_forecast(np.zeros((2, 3, 1)), k=2, horizon=1.5), r"horizon should be an integer"),
    (lambda: recursive_forecast(lambda w: np.zeros((len(w), 2)), np.zeros((2, 3, 1)), 2),
     r"predict_next should return one value per window, shape \(2,\) or \(2, 1\), got shape \(2, 2\)"),
])
def test_forecast_arguments_are_checked(call, message):
    with pytest.raises(ValueError, match=message):
        call()
