"""course_utils.cells: NumPy recurrent cells against the Keras layers they mirror."""
import keras
import numpy as np
import pytest

from course_utils.cells import rnn_forward


def simple_rnn(features, units, seed=0):
    keras.utils.set_random_seed(seed)
    layer = keras.layers.SimpleRNN(units, return_sequences=True, bias_initializer="random_normal")
    layer.build((None, None, features))
    return layer


@pytest.mark.parametrize("batch,time,features,units", [(1, 1, 1, 1), (2, 5, 3, 4), (4, 12, 7, 16)])
def test_rnn_forward_equals_simple_rnn(batch, time, features, units):
    layer = simple_rnn(features, units)
    x = np.random.default_rng(1).normal(size=(batch, time, features)).astype("float32")
    ours = rnn_forward(x, *layer.get_weights())
    assert ours.shape == (batch, time, units)
    np.testing.assert_allclose(ours, np.asarray(layer(x)), atol=1e-5)


def test_rnn_forward_uses_initial_state():
    layer = simple_rnn(3, 4)
    x = np.random.default_rng(2).normal(size=(2, 6, 3)).astype("float32")
    h0 = np.random.default_rng(3).normal(size=(2, 4)).astype("float32")
    np.testing.assert_allclose(rnn_forward(x, *layer.get_weights(), h0=h0),
                               np.asarray(layer(x, initial_state=[h0])), atol=1e-5)


def test_rnn_forward_names_the_expected_shape():
    kernel, recurrent, bias = simple_rnn(3, 4).get_weights()
    x = np.zeros((2, 5, 3))
    with pytest.raises(ValueError, match=r"x should have 3 dimensions, got shape \(5, 3\)"):
        rnn_forward(x[0], kernel, recurrent, bias)
    with pytest.raises(ValueError, match=r"kernel should have shape \(features=2, 1\*units=4\), got \(3, 4\)"):
        rnn_forward(x[:, :, :2], kernel, recurrent, bias)
    with pytest.raises(ValueError, match=r"recurrent_kernel should have shape \(units=4, 1\*units=4\)"):
        rnn_forward(x, kernel, recurrent[:3], bias)
    with pytest.raises(ValueError, match="bias should end in 4"):
        rnn_forward(x, kernel, recurrent, bias[:3])
    with pytest.raises(ValueError, match=r"bias should have shape \(units=4,\), got \(2, 4\)"):
        rnn_forward(x, kernel, recurrent, np.stack([bias, bias]))
    with pytest.raises(ValueError, match=r"h0 should have shape \(batch=2, units=4\), got \(3, 4\)"):
        rnn_forward(x, kernel, recurrent, bias, h0=np.zeros((3, 4)))


def test_rnn_forward_rejects_empty_and_nan_input():
    kernel, recurrent, bias = simple_rnn(3, 4).get_weights()
    with pytest.raises(ValueError, match="no time steps"):
        rnn_forward(np.zeros((2, 0, 3)), kernel, recurrent, bias)
    with pytest.raises(ValueError, match="NaN"):
        rnn_forward(np.full((1, 2, 3), np.nan), kernel, recurrent, bias)
