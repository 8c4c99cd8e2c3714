"""course_utils.training: one compiled model for many seeds, and a cheap held-out curve (03-06, 09)."""
import keras
import numpy as np
import pytest

from course_utils.training import EpochScore, restart


def _tiny_model(seed, **gru_options):
    keras.utils.set_random_seed(seed)
    inputs = keras.Input((3, 1))
    return keras.Model(inputs, keras.layers.Dense(1)(keras.layers.GRU(4, **gru_options)(inputs)))


@pytest.mark.parametrize("gru_options", [{}, {"dropout": 0.5, "recurrent_dropout": 0.5}],
                         ids=["no dropout", "dropout"])
def test_restart_matches_a_freshly_compiled_model(gru_options):
    # With dropout, the masks come from the layer's random state, which get_weights leaves out:
    # restart must reset it too, or the reused model draws other masks than a new one (05).
    rng = np.random.default_rng(0)
    X, Y = rng.normal(size=(64, 3, 1)), rng.normal(size=(64, 1))

    def trained(model):
        keras.utils.set_random_seed(5)
        model.fit(X, Y, epochs=2, batch_size=16, verbose=0)
        return np.asarray(model(X))

    new = _tiny_model(1, **gru_options)
    new.compile(optimizer=keras.optimizers.Adam(1e-2), loss="mse")
    expected = trained(new)
    reused = _tiny_model(2, **gru_options)
    reused.compile(optimizer=keras.optimizers.Adam(1e-2), loss="mse")
    trained(reused)                                     # moves weights, moments and random state
    restart(reused, _tiny_model(1, **gru_options))
    assert int(reused.optimizer.iterations.numpy()) == 0
    assert float(reused.optimizer.learning_rate.numpy()) == pytest.approx(1e-2)
    np.testing.assert_array_equal(trained(reused), expected)


def test_restart_rejects_mismatches():
    with pytest.raises(ValueError, match="not compiled"):
        restart(_tiny_model(0), _tiny_model(1))
    model = _tiny_model(0)
    model.compile(optimizer="adam", loss="mse")
    keras.utils.set_random_seed(0)
    inputs = keras.Input((3, 1))
    other = keras.Model(inputs, keras.layers.Dense(1)(keras.layers.GRU(5)(inputs)))
    with pytest.raises(ValueError, match="same weight shapes"):
        restart(model, other)
    inputs = keras.Input((3, 1))
    with_dropout = keras.Model(inputs, keras.layers.Dense(1)(keras.layers.Dropout(0.5)(
        keras.layers.GRU(4)(inputs))))                             # same weights, one more seed
    with pytest.raises(ValueError, match=r"same dropout as model, got 2 random states \(seed "
                                         r"generators\) and 1"):
        restart(model, with_dropout)


def test_restart_builds_the_optimizer_of_a_model_never_trained():
    model = _tiny_model(0)
    model.compile(optimizer=keras.optimizers.Adam(1e-2), loss="mse")
    restart(model, _tiny_model(1))
    assert model.optimizer.built and int(model.optimizer.iterations.numpy()) == 0
    for mine, theirs in zip(model.get_weights(), _tiny_model(1).get_weights()):
        np.testing.assert_array_equal(mine, theirs)


def test_epoch_score_adds_a_curve_to_the_history():
    rng = np.random.default_rng(0)
    X, Y = rng.normal(size=(32, 3, 1)), rng.normal(size=(32, 1))
    model = _tiny_model(0)
    model.compile(optimizer="adam", loss="mse")
    calls = []

    def held_out_mse(m):
        calls.append(1)
        return np.mean((m.predict_on_batch(X) - Y) ** 2)

    history = model.fit(X, Y, epochs=3, batch_size=16, verbose=0,
                        callbacks=[EpochScore("val_mse", held_out_mse)]).history
    assert len(history["val_mse"]) == 3 and len(calls) == 3
    assert history["val_mse"][-1] == pytest.approx(float(held_out_mse(model)), rel=1e-6)


@pytest.mark.parametrize("name, score, message", [
    ("", lambda m: 0.0, "name should be a non-empty string, got ''"),
    ("val", 3.0, "score should be a function of the model, got float"),
])
def test_epoch_score_rejects_bad_arguments(name, score, message):
    with pytest.raises(ValueError, match=message):
        EpochScore(name, score)


def test_epoch_score_rejects_a_score_that_is_not_one_number():
    X, Y = np.zeros((4, 3, 1)), np.zeros((4, 1))
    model = _tiny_model(0)
    model.compile(optimizer="adam", loss="mse")
    with pytest.raises(ValueError, match="score should return one finite number, got array"):
        model.fit(X, Y, epochs=1, verbose=0, callbacks=[EpochScore("val", lambda m: np.zeros(2))])


class _Peek(keras.Model):
    """Trains nothing: each step's only log is the first input of its batch."""

    def train_step(self, data):
        x, _ = data
        return {"first": x[0, 0]}


def _first_inputs_per_epoch(data, epochs=3, **fit_kwargs):
    inputs = keras.Input((1,))
    model = _Peek(inputs, keras.layers.Dense(1)(inputs))
    model.compile(optimizer="sgd", loss="mse")
    seen = []
    model.fit(data, epochs=epochs, verbose=0, **fit_kwargs, callbacks=[keras.callbacks.LambdaCallback(
        on_train_batch_end=lambda batch, logs: seen.append(int(logs["first"])))])
    per_epoch = len(seen) // epochs
    return [seen[e * per_epoch:(e + 1) * per_epoch] for e in range(epochs)]


def test_fit_on_arrays_repeats_one_order_once_seeded_and_a_stream_reshuffles():
    # What notebook 05 says about Keras (TensorFlow issue 35682): with a seed set, fit on arrays
    # rebuilds its pipeline every epoch and draws the same order each time; a tf.data stream
    # shuffled once and repeated (05's `batches`) draws a new order every epoch.
    import tensorflow as tf

    x = np.arange(20, dtype="float32")[:, None]
    keras.utils.set_random_seed(1)
    arrays = _first_inputs_per_epoch(x, y=x, batch_size=5, shuffle=True)
    assert arrays[0] != [0, 5, 10, 15], "fit did not shuffle at all"
    assert arrays[0] == arrays[1] == arrays[2]
    keras.utils.set_random_seed(1)
    stream = tf.data.Dataset.from_tensor_slices((x, x)).shuffle(len(x)).batch(5).repeat()
    streamed = _first_inputs_per_epoch(stream, steps_per_epoch=4, shuffle=False)  # it shuffles itself
    assert streamed[0] != streamed[1] and streamed[1] != streamed[2]
