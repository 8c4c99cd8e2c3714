"""course_utils.training: one compiled model for many seeds, and a cheap held-out curve (03-06, 09)."""
import keras
import numpy as np
import pytest

from course_utils.training import EpochScore, restart


def _tiny_model(seed):
    keras.utils.set_random_seed(seed)
    inputs = keras.Input((3, 1))
    return keras.Model(inputs, keras.layers.Dense(1)(keras.layers.GRU(4)(inputs)))


def test_restart_matches_a_freshly_compiled_model():
    rng = np.random.default_rng(0)
    X, Y = rng.normal(size=(64, 3, 1)), rng.normal(size=(64, 1))

    def trained(model):
        keras.utils.set_random_seed(5)
        model.fit(X, Y, epochs=2, batch_size=16, verbose=0)
        return np.asarray(model(X))

    new = _tiny_model(1)
    new.compile(optimizer=keras.optimizers.Adam(1e-2), loss="mse")
    expected = trained(new)
    reused = _tiny_model(2)
    reused.compile(optimizer=keras.optimizers.Adam(1e-2), loss="mse")
    trained(reused)                                                # moves weights and moments
    restart(reused, _tiny_model(1))
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
