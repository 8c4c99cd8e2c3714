"""course_utils.cells, notebook 03: BPTT for the SimpleRNN, state Jacobians, the leaky unit."""
import keras
import numpy as np
import pytest
import tensorflow as tf

from course_utils.cells import (jacobian_product_norms, leaky_rnn_forward, lstm_step_jacobians,
                                rnn_backward, rnn_forward, rnn_forward_with_cache,
                                rnn_step_jacobians)


def random_problem(batch=2, time=5, features=3, units=4, seed=0):
    rng = np.random.default_rng(seed)
    return {"x": rng.normal(size=(batch, time, features)),
            "kernel": rng.normal(scale=0.5, size=(features, units)),
            "recurrent_kernel": rng.normal(scale=0.5, size=(units, units)),
            "bias": rng.normal(scale=0.1, size=units),
            "h0": rng.normal(scale=0.5, size=(batch, units))}, rng.normal(size=(batch, time, units))


def numerical_gradient(params, upstream, name, eps=1e-6):
    value, grad = params[name], np.zeros_like(params[name])
    for index in np.ndindex(value.shape):
        old = value[index]
        value[index] = old + eps
        plus = np.sum(rnn_forward(**params) * upstream)
        value[index] = old - eps
        minus = np.sum(rnn_forward(**params) * upstream)
        value[index] = old
        grad[index] = (plus - minus) / (2 * eps)
    return grad


def test_forward_with_cache_equals_rnn_forward():
    params, _ = random_problem()
    states, caches = rnn_forward_with_cache(**params)
    np.testing.assert_allclose(states, rnn_forward(**params))
    assert len(caches) == params["x"].shape[1]


@pytest.mark.parametrize("shape", [(1, 1, 1, 1), (2, 5, 3, 4), (3, 8, 2, 6)])
def test_rnn_backward_matches_central_differences(shape):
    params, upstream = random_problem(*shape)
    grads = rnn_backward(upstream, rnn_forward_with_cache(**params)[1])
    for name in params:
        numeric = numerical_gradient(params, upstream, name)
        ours = grads["d" + name]
        assert ours.shape == params[name].shape
        rel = np.abs(ours - numeric) / np.maximum(np.abs(ours) + np.abs(numeric), 1e-12)
        assert rel.max() < 1e-6, name


def test_rnn_backward_matches_gradient_tape_on_keras():
    params, upstream = random_problem(batch=3, time=6, features=4, units=5, seed=1)
    layer = keras.layers.SimpleRNN(5, return_sequences=True, dtype="float64")
    layer.build((None, None, 4))
    layer.set_weights([params["kernel"], params["recurrent_kernel"], params["bias"]])
    x, h0 = tf.constant(params["x"]), tf.constant(params["h0"])
    with tf.GradientTape() as tape:
        tape.watch([x, h0])
        loss = tf.reduce_sum(layer(x, initial_state=[h0]) * upstream)
    expected = tape.gradient(loss, [x, h0, *layer.trainable_weights])
    grads = rnn_backward(upstream, rnn_forward_with_cache(**params)[1])
    for name, want in zip(["dx", "dh0", "dkernel", "drecurrent_kernel", "dbias"], expected):
        np.testing.assert_allclose(grads[name], want.numpy(), atol=1e-10, err_msg=name)


def test_truncated_backward_is_full_bptt_when_the_chunk_covers_the_sequence():
    params, upstream = random_problem(batch=2, time=6, seed=5)
    caches = rnn_forward_with_cache(**params)[1]
    full = rnn_backward(upstream, caches)
    for chunk in (6, 7, 100):
        cut = rnn_backward(upstream, caches, truncate=chunk)
        for name in full:
            np.testing.assert_array_equal(cut[name], full[name], err_msg=name)


@pytest.mark.parametrize("chunk", [1, 2, 3, 4])
def test_truncated_backward_adds_up_independent_chunks(chunk):
    # Truncated BPTT = full BPTT inside each chunk, started from the previous chunk's last
    # state, with no gradient passed back across the boundary.
    params, upstream = random_problem(batch=2, time=8, seed=6)
    states, caches = rnn_forward_with_cache(**params)
    cut = rnn_backward(upstream, caches, truncate=chunk)
    total = {"dkernel": 0.0, "drecurrent_kernel": 0.0, "dbias": 0.0}
    dx = []
    for start in range(0, 8, chunk):
        h0 = params["h0"] if start == 0 else states[:, start - 1]
        piece = dict(params, x=params["x"][:, start:start + chunk], h0=h0)
        grads = rnn_backward(upstream[:, start:start + chunk], rnn_forward_with_cache(**piece)[1])
        dx.append(grads["dx"])
        for name in total:
            total[name] = total[name] + grads[name]
        if start == 0:
            np.testing.assert_allclose(cut["dh0"], grads["dh0"], atol=1e-12)
    np.testing.assert_allclose(cut["dx"], np.concatenate(dx, axis=1), atol=1e-12)
    for name in total:
        np.testing.assert_allclose(cut[name], total[name], atol=1e-12, err_msg=name)


def test_truncated_backward_sends_nothing_past_the_chunk():
    params, _ = random_problem(batch=1, time=9, seed=7)
    caches = rnn_forward_with_cache(**params)[1]
    last_only = np.zeros((1, 9, 4))
    last_only[0, -1] = 1.0
    dx = rnn_backward(last_only, caches, truncate=3)["dx"][0]
    assert np.all(dx[:6] == 0) and np.all(np.abs(dx[6:]).sum(axis=1) > 0)


def test_rnn_step_jacobians_match_gradient_tape():
    params, _ = random_problem(batch=1, time=4, features=3, units=4, seed=2)
    states = rnn_forward(**params)[0]
    cell = keras.layers.SimpleRNNCell(4, dtype="float64")
    cell.build((None, 3))
    cell.set_weights([params["kernel"], params["recurrent_kernel"], params["bias"]])
    h_prev = tf.constant(states[1:2])
    with tf.GradientTape() as tape:
        tape.watch(h_prev)
        h_next, _ = cell(params["x"][:, 2], [h_prev])
    np.testing.assert_allclose(rnn_step_jacobians(states, params["recurrent_kernel"])[2],
                               tape.batch_jacobian(h_next, h_prev)[0].numpy(), atol=1e-12)


def test_lstm_step_jacobians_match_gradient_tape():
    keras.utils.set_random_seed(0)
    cell = keras.layers.LSTMCell(3, dtype="float64", bias_initializer="random_normal")
    cell.build((None, 2))
    x = np.random.default_rng(3).normal(size=(4, 2))
    jacobians = lstm_step_jacobians(x, *cell.get_weights())
    assert jacobians.shape == (4, 6, 6)
    state = tf.zeros((1, 6), "float64")
    for t in range(4):
        with tf.GradientTape() as tape:
            tape.watch(state)
            _, (h, c) = cell(x[t:t + 1], [state[:, :3], state[:, 3:]])
            new_state = tf.concat([h, c], axis=1)
        np.testing.assert_allclose(jacobians[t], tape.batch_jacobian(new_state, state)[0].numpy(), atol=1e-12)
        state = new_state


def test_lstm_step_jacobians_check_their_inputs():
    kernel, recurrent, bias = np.zeros((2, 12)), np.zeros((3, 12)), np.zeros(12)
    with pytest.raises(ValueError, match=r"bias should have shape \(4\*units=12\), got \(2, 12\)"):
        lstm_step_jacobians(np.zeros((4, 2)), kernel, recurrent, np.zeros((2, 12)))
    with pytest.raises(ValueError, match=r"x has no time steps: shape \(0, 2\), expected \(time>=1, features\)"):
        lstm_step_jacobians(np.zeros((0, 2)), kernel, recurrent, bias)


def test_jacobian_product_norms_of_a_scaled_identity_are_powers():
    jacobians = np.stack([0.5 * np.eye(3)] * 6)
    np.testing.assert_allclose(jacobian_product_norms(jacobians), 0.5 ** np.arange(1, 7))
    np.testing.assert_allclose(jacobian_product_norms(jacobians, rows=slice(0, 1)), 0.5 ** np.arange(1, 7))


def test_leaky_unit_reduces_to_rnn_and_remembers_longer():
    params, _ = random_problem(batch=1, time=30, seed=4)
    np.testing.assert_allclose(leaky_rnn_forward(**params, alpha=0.0), rnn_forward(**params))
    other = dict(params, x=params["x"].copy())
    other["x"][0, 0] += 1.0
    gaps = [np.linalg.norm(leaky_rnn_forward(**params, alpha=a)[0, -1] - leaky_rnn_forward(**other, alpha=a)[0, -1])
            for a in (0.0, 0.9)]
    assert gaps[1] > gaps[0]


def test_bad_input_is_rejected_with_a_clear_message():
    params, upstream = random_problem()
    caches = rnn_forward_with_cache(**params)[1]
    with pytest.raises(ValueError, match=r"dstates should have shape \(batch=2, time=5, units=4\)"):
        rnn_backward(upstream[:, :3], caches)
    with pytest.raises(ValueError, match=r"caches should be the non-empty list returned by "
                                         r"rnn_forward_with_cache, got list \(empty\)"):
        rnn_backward(upstream, [])
    for bad in (0, 2.5, True):
        with pytest.raises(ValueError, match="truncate should be an integer of at least 1"):
            rnn_backward(upstream, caches, truncate=bad)
    with pytest.raises(ValueError, match="NaN"):
        rnn_backward(np.full_like(upstream, np.nan), caches)
    with pytest.raises(ValueError, match=r"recurrent_kernel should have shape \(units=4, units=4\)"):
        rnn_step_jacobians(np.zeros((5, 4)), np.zeros((3, 4)))
    with pytest.raises(ValueError, match=r"jacobians should have shape"):
        jacobian_product_norms(np.zeros((3, 2, 4)))
    with pytest.raises(ValueError, match="jacobians is empty"):
        jacobian_product_norms(np.zeros((0, 2, 2)))
    with pytest.raises(ValueError, match=r"alpha should be a fraction in \[0, 1\), got 1.0"):
        leaky_rnn_forward(**params, alpha=1.0)
    with pytest.raises(ValueError, match=r"alpha should be a fraction in \[0, 1\), got str '0.5'"):
        leaky_rnn_forward(**params, alpha="0.5")
    with pytest.raises(ValueError, match="no time steps"):
        rnn_forward_with_cache(np.zeros((2, 0, 3)), params["kernel"], params["recurrent_kernel"], params["bias"])
    with pytest.raises(ValueError, match=r"states has no time steps: shape \(0, 4\), expected \(time>=1, units\)"):
        rnn_step_jacobians(np.zeros((0, 4)), np.zeros((4, 4)))
