"""course_utils.cells, notebook 04: LSTM and GRU against Keras, and the lecture's simplified LSTM."""
import keras
import numpy as np
import pytest

from course_utils.cells import (gru_forward, gru_step, lstm_forward, lstm_gates, lstm_step, rnn_forward, sigmoid,
                                simplified_lstm)

SHAPES = [(1, 1, 1, 1), (2, 5, 3, 4), (4, 12, 7, 16)]


def layer(kind, features, units, seed=0, **kwargs):
    keras.utils.set_random_seed(seed)
    built = getattr(keras.layers, kind)(units, return_sequences=True, bias_initializer="random_normal", **kwargs)
    built.build((None, None, features))
    return built


@pytest.mark.parametrize("batch,time,features,units", SHAPES)
def test_lstm_forward_equals_keras(batch, time, features, units):
    lstm = layer("LSTM", features, units)
    x = np.random.default_rng(1).normal(size=(batch, time, features)).astype("float32")
    ours = lstm_forward(x, *lstm.get_weights())
    assert ours.shape == (batch, time, units)
    np.testing.assert_allclose(ours, np.asarray(lstm(x)), atol=1e-5)


def test_lstm_forward_uses_initial_states():
    lstm = layer("LSTM", 3, 4)
    rng = np.random.default_rng(2)
    x = rng.normal(size=(2, 6, 3)).astype("float32")
    h0, c0 = rng.normal(size=(2, 4)).astype("float32"), rng.normal(size=(2, 4)).astype("float32")
    np.testing.assert_allclose(lstm_forward(x, *lstm.get_weights(), h0=h0, c0=c0),
                               np.asarray(lstm(x, initial_state=[h0, c0])), atol=1e-5)


@pytest.mark.parametrize("reset_after", [True, False])
@pytest.mark.parametrize("batch,time,features,units", SHAPES)
def test_gru_forward_equals_keras(batch, time, features, units, reset_after):
    gru = layer("GRU", features, units, reset_after=reset_after)
    x = np.random.default_rng(3).normal(size=(batch, time, features)).astype("float32")
    h0 = np.random.default_rng(4).normal(size=(batch, units)).astype("float32")
    ours = gru_forward(x, *gru.get_weights())
    assert ours.shape == (batch, time, units)
    np.testing.assert_allclose(ours, np.asarray(gru(x)), atol=1e-5)
    np.testing.assert_allclose(gru_forward(x, *gru.get_weights(), h0=h0),
                               np.asarray(gru(x, initial_state=[h0])), atol=1e-5)


def test_simplified_lstm_reproduces_the_lecture_table():
    cell, hidden = simplified_lstm([2, -1, 1, 2, -1], [999, 999, -999, 999, 999],
                                   [999, 999, 999, -999, -999], [999, -999, 999, 999, -999])
    np.testing.assert_array_equal(cell, [2, 1, 1, 2, -1])
    np.testing.assert_array_equal(hidden, [2, 0, 1, 2, 0])
    assert not np.signbit(hidden).any()                  # no -0.0 in the printed table


def test_sigmoid_is_exact_at_the_extremes_and_bounded():
    assert sigmoid(999) == 1.0 and sigmoid(-999) == 0.0 and sigmoid(0) == 0.5
    z = np.linspace(-40, 40, 101)
    np.testing.assert_allclose(sigmoid(z), 1 / (1 + np.exp(-z)), atol=1e-12)


def test_lstm_hidden_state_stays_bounded():
    rng = np.random.default_rng(5)
    h = lstm_forward(rng.normal(scale=100, size=(2, 20, 3)), rng.normal(scale=50, size=(3, 8)),
                     rng.normal(scale=50, size=(2, 8)), rng.normal(scale=50, size=8))
    assert np.abs(h).max() <= 1


def test_bad_input_is_rejected_with_a_clear_message():
    kernel, recurrent, bias = layer("LSTM", 3, 4).get_weights()
    x = np.zeros((2, 5, 3))
    with pytest.raises(ValueError, match=r"kernel has 6 columns; expected 4\*units"):
        lstm_forward(x, kernel[:, :6], recurrent, bias)
    with pytest.raises(ValueError, match=r"c0 should have shape \(batch=2, units=4\), got \(2, 3\)"):
        lstm_forward(x, kernel, recurrent, bias, c0=np.zeros((2, 3)))
    with pytest.raises(ValueError, match=r"bias should have shape \(4\*units=16\)"):
        lstm_forward(x, kernel, recurrent, np.stack([bias, bias]))
    with pytest.raises(ValueError, match="no time steps"):
        lstm_forward(np.zeros((2, 0, 3)), kernel, recurrent, bias)
    with pytest.raises(ValueError, match="NaN"):
        lstm_forward(np.full((2, 5, 3), np.nan), kernel, recurrent, bias)
    g_kernel, g_recurrent, g_bias = layer("GRU", 3, 4).get_weights()
    with pytest.raises(ValueError, match=r"bias should have shape \(2, 12\) for reset_after=True or \(12,\)"):
        gru_forward(x, g_kernel, g_recurrent, np.zeros((3, 12)))
    with pytest.raises(ValueError, match=r"recurrent_kernel should have shape \(units=4, 3\*units=12\)"):
        gru_forward(x, g_kernel, g_recurrent[:3], g_bias)
    with pytest.raises(ValueError, match=r"output_gate should have shape \(time=3\), got \(2,\)"):
        simplified_lstm([1, 2, 3], [0, 0, 0], [0, 0, 0], [0, 0])
    with pytest.raises(ValueError, match="x is empty"):
        simplified_lstm([], [], [], [])


def test_lstm_step_is_one_step_of_lstm_forward_and_keras():
    lstm = layer("LSTM", 3, 4)
    rng = np.random.default_rng(6)
    x = rng.normal(size=(2, 1, 3)).astype("float32")
    h0, c0 = rng.normal(size=(2, 4)).astype("float32"), rng.normal(size=(2, 4)).astype("float32")
    h1, c1 = lstm_step(x[:, 0], h0, c0, *lstm.get_weights())
    assert h1.shape == c1.shape == (2, 4)
    np.testing.assert_allclose(h1, lstm_forward(x, *lstm.get_weights(), h0=h0, c0=c0)[:, 0], atol=1e-12)
    np.testing.assert_allclose(h1, np.asarray(lstm(x, initial_state=[h0, c0]))[:, 0], atol=1e-5)


def test_lstm_gates_are_consistent_and_bounded():
    rng = np.random.default_rng(7)
    weights = [rng.normal(scale=5, size=(3, 8)), rng.normal(scale=5, size=(2, 8)), rng.normal(scale=5, size=8)]
    x = rng.normal(scale=10, size=(4, 30, 3))
    gates = lstm_gates(x, *weights)
    assert sorted(gates) == ["c", "candidate", "f", "h", "i", "o"]
    assert all(v.shape == (4, 30, 2) for v in gates.values())
    np.testing.assert_array_equal(gates["h"], lstm_forward(x, *weights))
    np.testing.assert_allclose(gates["h"], gates["o"] * np.tanh(gates["c"]), atol=1e-12)
    c_prev = np.concatenate([np.zeros((4, 1, 2)), gates["c"][:, :-1]], axis=1)
    np.testing.assert_allclose(gates["c"], gates["f"] * c_prev + gates["i"] * gates["candidate"], atol=1e-12)
    for name in ("i", "f", "o"):
        assert ((gates[name] >= 0) & (gates[name] <= 1)).all()
    assert (np.abs(gates["c"]) <= np.abs(c_prev) + 1).all()


@pytest.mark.parametrize("reset_after", [True, False])
def test_gru_step_is_one_step_of_gru_forward(reset_after):
    gru = layer("GRU", 3, 4, reset_after=reset_after)
    rng = np.random.default_rng(8)
    x = rng.normal(size=(2, 1, 3)).astype("float32")
    h0 = rng.normal(size=(2, 4)).astype("float32")
    h1 = gru_step(x[:, 0], h0, *gru.get_weights())
    np.testing.assert_allclose(h1, gru_forward(x, *gru.get_weights(), h0=h0)[:, 0], atol=1e-12)
    np.testing.assert_allclose(h1, np.asarray(gru(x, initial_state=[h0]))[:, 0], atol=1e-5)


def test_gru_with_fixed_gates_is_a_vanilla_rnn():
    rng = np.random.default_rng(9)
    w_h, u_h, b_h = rng.normal(size=(3, 4)), rng.normal(size=(4, 4)), rng.normal(size=4)
    kernel = np.concatenate([np.zeros((3, 8)), w_h], axis=1)
    recurrent = np.concatenate([np.zeros((4, 8)), u_h], axis=1)
    bias = np.concatenate([np.full(4, -999.0), np.full(4, 999.0), b_h])   # z = 0, r = 1
    x = rng.normal(size=(2, 6, 3))
    np.testing.assert_allclose(gru_forward(x, kernel, recurrent, bias), rnn_forward(x, w_h, u_h, b_h), atol=1e-12)


def test_step_functions_reject_bad_input():
    kernel, recurrent, bias = layer("LSTM", 3, 4).get_weights()
    with pytest.raises(ValueError, match=r"x_t should have 2 dimensions"):
        lstm_step(np.zeros((2, 1, 3)), np.zeros((2, 4)), np.zeros((2, 4)), kernel, recurrent, bias)
    with pytest.raises(ValueError, match=r"c_prev should have shape \(batch=2, units=4\), got \(2, 5\)"):
        lstm_step(np.zeros((2, 3)), np.zeros((2, 4)), np.zeros((2, 5)), kernel, recurrent, bias)
    with pytest.raises(ValueError, match=r"kernel should have shape \(features=2, 4\*units=16\)"):
        lstm_step(np.zeros((2, 2)), np.zeros((2, 4)), np.zeros((2, 4)), kernel, recurrent, bias)
    with pytest.raises(ValueError, match="no time steps"):
        lstm_gates(np.zeros((2, 0, 3)), kernel, recurrent, bias)
    g_kernel, g_recurrent, g_bias = layer("GRU", 3, 4).get_weights()
    with pytest.raises(ValueError, match=r"h_prev should have 2 dimensions"):
        gru_step(np.zeros((2, 3)), np.zeros(4), g_kernel, g_recurrent, g_bias)
    with pytest.raises(ValueError, match=r"bias should have shape \(2, 12\) for reset_after=True"):
        gru_step(np.zeros((2, 3)), np.zeros((2, 4)), g_kernel, g_recurrent, np.zeros((1, 12)))
    # A step's state is called h_prev in its errors, as in its signature.
    with pytest.raises(ValueError, match=r"h_prev should have shape \(batch=2, units=4\), got \(2, 5\)"):
        lstm_step(np.zeros((2, 3)), np.zeros((2, 5)), np.zeros((2, 4)), kernel, recurrent, bias)
    with pytest.raises(ValueError, match=r"h_prev should have shape \(batch=2, units=4\), got \(2, 5\)"):
        gru_step(np.zeros((2, 3)), np.zeros((2, 5)), g_kernel, g_recurrent, g_bias)
