"""Training many small models cheaply: the same compiled model on several seeds (03-06, 09).

Comparing models fairly means several seeds each, and on a CPU a new Keras model costs seconds
before it trains a step: TensorFlow traces its training step into a graph. Keras's
``validation_data`` also runs a whole ``evaluate`` loop after every epoch, which for a few hundred
held-out rows costs more than the arithmetic. Two helpers avoid both costs:

- ``restart(model, fresh)``: a compiled model back to the start of training, with the weights
  and dropout state of ``fresh`` (the same architecture built with another seed) and a zeroed
  optimizer, so one traced model serves every seed (notebook 03 introduces it);
- ``EpochScore(name, score)``: a callback that adds ``score(model)`` to the epoch's logs, so
  ``history.history[name]`` holds a held-out curve computed in one ``predict_on_batch``
  (notebooks 03 and 05).
"""
import numpy as np

import keras


def restart(model, fresh):
    """Put a compiled Keras ``model`` back to the start of training: copy the weights of
    ``fresh`` (the same architecture, just built with a new seed) and the random state its
    dropout draws masks from, and zero the optimizer's step count and moments. The next
    ``fit`` then matches a newly compiled model, without the seconds TensorFlow spends
    tracing a new one. Returns ``model``."""
    if getattr(model, "optimizer", None) is None:
        raise ValueError("model is not compiled: compile it once, then restart it")
    mine, theirs = model.get_weights(), fresh.get_weights()
    if [w.shape for w in mine] != [w.shape for w in theirs]:
        raise ValueError(f"fresh should have the same weight shapes as model, got "
                         f"{[w.shape for w in theirs]} and {[w.shape for w in mine]}")
    states, fresh_states = _random_states(model), _random_states(fresh)
    if len(states) != len(fresh_states):
        raise ValueError(f"fresh should have the same dropout as model, got {len(fresh_states)} "
                         f"random states (seed generators) and {len(states)}")
    model.set_weights(theirs)
    for state, fresh_state in zip(states, fresh_states):
        state.assign(fresh_state)
    if not model.optimizer.built:
        model.optimizer.build(model.trainable_variables)
    for variable in model.optimizer.variables:
        if not variable.path.endswith("learning_rate"):
            variable.assign(np.zeros(variable.shape, dtype=variable.dtype))
    return model


def _random_states(model):
    """The variables of ``model`` that are not weights: the states of the seed generators that
    dropout layers draw their masks from (``get_weights`` leaves them out)."""
    weights = {id(w) for w in model.weights}
    return [v for v in model.variables if id(v) not in weights]


class EpochScore(keras.callbacks.Callback):
    """After every epoch, ``logs[name] = float(score(model))``; ``fit``'s history keeps it.

    ``score`` takes the model and returns a number, for example the held-out accuracy from
    one ``model.predict_on_batch(x_test)``. Unlike ``validation_data``, nothing else runs:
    no evaluate loop, and the model's compiled metrics are left alone.
    """

    def __init__(self, name, score):
        super().__init__()
        if not isinstance(name, str) or not name:
            raise ValueError(f"name should be a non-empty string, got {name!r}")
        if not callable(score):
            raise ValueError(f"score should be a function of the model, got {type(score).__name__}")
        self.name, self.score = name, score

    def on_epoch_end(self, epoch, logs=None):
        value = self.score(self.model)
        if np.ndim(value) != 0 or not np.isfinite(value):
            raise ValueError(f"score should return one finite number, got {value!r}")
        if logs is not None:
            logs[self.name] = float(value)
