"""course_utils.setup: seeds and settings every notebook starts from.

setup() changes process-wide state (seeds, thread counts, op determinism, plot style, the
seed offset), so the tests that call it successfully run it in a fresh Python process and
leave the pytest process as it was.
"""
import json
import os
import subprocess
import sys

import pytest

from course_utils import setup
from course_utils.session import SEED_OFFSET_VARIABLE, seed_offset

# One fresh process runs every check that needs one (each costs seconds: it imports
# TensorFlow): the draws without and with a seed offset, then the tracing comparison. Each part
# prints one JSON line; a marker line on stderr separates what each part wrote there.
DRAW = """
def draw():
    keras.utils.set_random_seed(3)
    return [np.random.rand(), float(keras.random.uniform((), seed=None)),
            float(np.random.default_rng(5).random())]
for offset in ("", "1000"):
    os.environ[OFFSET] = offset
    print("--- offset " + offset, file=sys.stderr, flush=True)
    out = {}
    for seed in (7, 7, 8) if offset else (7, 7, 8, 1007):
        course_utils.setup(seed=seed)
        out.setdefault(str(seed), []).append([np.random.rand(), float(keras.random.uniform((), seed=None))])
    out["pinned"] = draw()
    print(json.dumps({"draws " + offset: out}))
os.environ[OFFSET] = ""
"""

TRACES = """
from keras.src.backend.tensorflow import trainer
course_utils.setup(seed=0)
rng = np.random.default_rng(0)
x = rng.random((96, 6, 3)).astype("float32")
y = (x[:, 0, 0] > 0.5).astype("float32")

def train():
    keras.utils.set_random_seed(1)
    model = keras.Sequential([keras.Input((6, 3)), keras.layers.LSTM(4, dropout=0.2),
                              keras.layers.Dense(1, activation="sigmoid")])
    model.compile(optimizer="adam", loss="binary_crossentropy", metrics=["accuracy"])
    traces, step = [], model.train_step
    model.train_step = lambda data: traces.append(1) or step(data)
    history = model.fit(x, y, epochs=2, batch_size=32, verbose=0, validation_split=0.25).history
    weights = np.concatenate([w.ravel() for w in model.get_weights()])
    return len(traces), weights.tolist(), history

ours = train()
trainer.TensorFlowTrainer._maybe_symbolic_build = trainer.TensorFlowTrainer._maybe_symbolic_build._keras_own
keras_own = train()
print(json.dumps({"traces": {"ours": ours, "keras_own": keras_own}}))
"""

# setup() silences TensorFlow's log, not Keras's UserWarnings: a student whose call does not do
# what it seems to should hear about it. fit(shuffle=True) on a tf.data stream is one such call.
WARNINGS = """
import warnings, tensorflow as tf
course_utils.setup(seed=0)
probe = keras.Sequential([keras.Input((3,)), keras.layers.Dense(1)])
probe.compile(optimizer="sgd", loss="mse")
ones = np.ones((4, 3), "float32"), np.ones((4, 1), "float32")
stream = tf.data.Dataset.from_tensor_slices(ones).batch(2)
with warnings.catch_warnings(record=True) as caught:
    probe.fit(stream, epochs=1, verbose=0)          # shuffle=True by default, meaningless here
messages = [str(w.message) for w in caught if issubclass(w.category, UserWarning)]
print(json.dumps({"keras warnings": messages}))
"""

# By now setup() has run several times: the first call froze the imported objects out of the
# garbage collector's walks, and the later ones froze nothing more.
FREEZE = """
import gc
before = gc.get_freeze_count()
course_utils.setup(seed=0)
print(json.dumps({"frozen": [before, gc.get_freeze_count()]}))
"""


@pytest.fixture(scope="module")
def fresh_process():
    """{"draws ": ..., "draws 1000": ..., "traces": ..., "keras warnings": ..., "frozen": ...}
    and {offset: its stderr} from one new Python process that starts without a seed offset."""
    header = f"import json, os, sys\nimport course_utils, keras, numpy as np\nOFFSET = {SEED_OFFSET_VARIABLE!r}\n"
    env = {k: v for k, v in os.environ.items() if k != SEED_OFFSET_VARIABLE}
    script = header + DRAW + TRACES + WARNINGS + FREEZE
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, env=env,
                          timeout=180)
    assert done.returncode == 0, done.stderr[-2000:]
    out = {}
    for line in done.stdout.splitlines():
        if line.startswith("{"):
            out.update(json.loads(line))
    stderr = {offset: part for offset, part in
              (chunk.partition("\n")[::2] for chunk in done.stderr.split("--- offset ")[1:])}
    return out, stderr


@pytest.fixture(scope="module")
def draws(fresh_process):
    out, stderr = fresh_process
    return {offset: (out["draws " + offset], stderr[offset]) for offset in ("", "1000")}


def test_setup_makes_draws_repeat(draws):
    out, _ = draws[""]
    assert out["7"][0] == out["7"][1]
    assert out["8"][0] != out["7"][0]


def test_seed_offset_shifts_every_seed_and_says_so(draws):
    plain, plain_err = draws[""]
    shifted, shifted_err = draws["1000"]
    assert shifted["7"][0] != plain["7"][0]
    # keras.utils.set_random_seed(3) and np.random.default_rng(5) are shifted too.
    assert shifted["pinned"] != plain["pinned"]
    assert f"{SEED_OFFSET_VARIABLE}=1000" in shifted_err and SEED_OFFSET_VARIABLE not in plain_err


def test_seed_offset_shifts_setups_own_seed_once(draws):
    # setup(7) under an offset of 1000 starts every generator where setup(1007) does without one
    plain, _ = draws[""]
    shifted, _ = draws["1000"]
    assert shifted["7"][0] == plain["1007"][0]


@pytest.mark.parametrize("kwargs", [{"seed": -1}, {"seed": 1.5}, {"seed": True}, {"threads": 0}])
def test_setup_rejects_bad_arguments(kwargs):
    # The checks run before setup() touches any state, so this is safe in-process.
    with pytest.raises(ValueError, match="should be"):
        setup(**kwargs)


@pytest.mark.parametrize("raw, expected", [("", 0), ("0", 0), (" 2000 ", 2000)])
def test_seed_offset_reads_the_environment(monkeypatch, raw, expected):
    monkeypatch.setenv(SEED_OFFSET_VARIABLE, raw)
    assert seed_offset() == expected


@pytest.mark.parametrize("raw", ["-5", "1e3", "ten"])
def test_seed_offset_rejects_anything_but_a_count(monkeypatch, raw):
    monkeypatch.setenv(SEED_OFFSET_VARIABLE, raw)
    with pytest.raises(ValueError, match=f"{SEED_OFFSET_VARIABLE} should be a non-negative integer"):
        seed_offset()


def test_setup_traces_the_training_step_once_and_changes_no_number(fresh_process):
    out, _ = fresh_process
    (our_traces, our_weights, our_history) = out["traces"]["ours"]
    (their_traces, their_weights, their_history) = out["traces"]["keras_own"]
    assert our_traces == 1, "Keras traced the training step more than once after setup()"
    assert their_traces == 2      # Keras's own path, for comparison: this is what setup() saves
    assert our_weights == their_weights and our_history == their_history


def test_setup_leaves_keras_warnings_on(fresh_process):
    out, _ = fresh_process
    assert any("`shuffle=True` was passed, but will be ignored" in message
               for message in out["keras warnings"]), out["keras warnings"]


def test_setup_freezes_the_imported_objects_once(fresh_process):
    out, _ = fresh_process
    before, after = out["frozen"]
    assert before > 100_000, f"setup() should have frozen TensorFlow's objects, froze {before}"
    assert after == before, f"a second setup() froze {after - before} more objects"
