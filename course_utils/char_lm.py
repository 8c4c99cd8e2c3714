"""A character-level language model's plumbing: codec, split, windows, bits per char, sampling.

Taught in notebook 02 (a SimpleRNN on Python's help pages); notebook 04 reuses it to compare
SimpleRNN, GRU and LSTM on the same text. The model itself stays in the notebook; this module
only turns text into training windows, scores a model in bits per character and samples from it.

Conventions, the same in every function:
- ids are integer arrays; a window batch is x: (batch, time) and y: (batch, time), with
  ``y[:, t]`` the character that follows ``x[:, t]``;
- a model reads ids of shape (batch, time) and returns **logits** of shape
  (batch, time, vocab) (no softmax at the end), as a Keras model whose first layer is
  ``keras.layers.CategoryEncoding(vocab, output_mode="one_hot")`` or ``Embedding`` does.
"""
import re

import numpy as np

from course_utils.checks import check_fraction, check_int, check_non_negative, check_not_empty


class CharCodec:
    """A two-way map between characters and ids 0 .. size-1, in the order given.

    ``CharCodec.from_text(text)`` builds it from the characters that occur in ``text``, sorted.
    Unknown characters are refused: build the codec from the whole text before splitting it.
    """

    def __init__(self, chars):
        chars = list(chars)
        check_not_empty(chars, "chars")
        if any(not isinstance(c, str) or len(c) != 1 for c in chars):
            raise ValueError("chars should be single characters (str of length 1)")
        if len(set(chars)) != len(chars):
            raise ValueError("chars should be unique; the list has repeats")
        self.chars = chars
        self._ids = {c: i for i, c in enumerate(chars)}

    @classmethod
    def from_text(cls, text):
        """The codec of every distinct character in ``text``, sorted."""
        _check_text(text, "text")
        return cls(sorted(set(text)))

    @property
    def size(self):
        """How many characters the codec knows (the model's vocab axis)."""
        return len(self.chars)

    def __len__(self):
        return self.size

    def __repr__(self):
        return f"CharCodec({self.size} characters: {''.join(self.chars[:20])!r}...)"

    def encode(self, text):
        """str of length n -> int64 array of shape (n,)."""
        _check_text(text, "text")
        unknown = sorted(set(text) - set(self._ids))
        if unknown:
            raise ValueError(f"text has characters the codec does not know: {unknown[:10]!r}")
        return np.array([self._ids[c] for c in text], dtype=np.int64)

    def decode(self, ids):
        """ids of shape (n,) -> str of length n."""
        ids = _check_ids(ids, "ids", self.size)
        if ids.ndim != 1:
            raise ValueError(f"ids should be one sequence of shape (n,), got shape {ids.shape}")
        return "".join(self.chars[i] for i in ids)


def split_text(text, held_out=0.1):
    """Chronological split: (train_text, test_text), the held-out part is the END of ``text``.

    No training window can overlap the held-out part, and no held-out sentence has been seen
    in training (a random split of overlapping windows would leak text into both sides).
    """
    _check_text(text, "text")
    held_out = check_fraction(held_out, "held_out")
    cut = int(round(len(text) * (1.0 - held_out)))
    if cut < 2 or len(text) - cut < 2:
        raise ValueError(f"text of {len(text)} characters is too short to hold out {held_out:.0%}"
                         " with at least 2 characters on each side")
    return text[:cut], text[cut:]


def windows(ids, length, stride=None):
    """Cut ids (n,) into training pairs x: (windows, length), y: (windows, length).

    ``y[i, t] = ids[start_i + t + 1]``: each target is the character after the input.
    Windows start every ``stride`` characters (default ``length``: no character is read
    twice as input); the ragged end is dropped.
    """
    ids = _check_ids(ids, "ids")
    if ids.ndim != 1:
        raise ValueError(f"ids should have shape (n,), got {ids.shape}")
    length = check_int(length, "length", minimum=1)
    stride = length if stride is None else check_int(stride, "stride", minimum=1)
    if len(ids) < length + 1:
        raise ValueError(f"ids has {len(ids)} items; a window of length {length} needs {length + 1}")
    starts = np.arange(0, len(ids) - length, stride)
    offsets = np.arange(length)
    x = ids[starts[:, None] + offsets]
    y = ids[starts[:, None] + offsets + 1]
    return x, y


def bits_per_char(model, x, y, batch_size=256):
    """Mean cross-entropy in bits over every predicted character: -mean log2 p(y | x).

    ``model`` maps x (batch, time) to **logits** (batch, time, vocab): a Keras model (called
    with ``predict``) or any callable returning an array. y: (batch, time) ids. Computed in
    float64 with a stable log-softmax. Lower is better; a model that knows nothing about a
    94-character alphabet scores log2(94) = 6.55 bits.
    """
    x = np.asarray(x)
    y = _check_ids(y, "y")
    if y.ndim != 2:
        raise ValueError(f"y should have shape (batch, time), got {y.shape}")
    if x.shape[:2] != y.shape:
        raise ValueError(f"x should start with y's shape (batch, time) = {y.shape}, got {x.shape}")
    batch_size = check_int(batch_size, "batch_size", minimum=1)
    total = 0.0
    for start in range(0, len(x), batch_size):
        logits = _call(model, x[start:start + batch_size], batch_size)
        target = y[start:start + batch_size]
        if logits.shape[:2] != target.shape or logits.shape[2] <= target.max():
            raise ValueError(f"model should return logits (batch, time, vocab > {target.max()}) "
                             f"for {target.shape}, got {logits.shape}")
        log_p = _log_softmax(logits)
        total -= np.take_along_axis(log_p, target[..., None], axis=-1).sum()
    return float(total / y.size / np.log(2.0))


def unigram_bits_per_char(train_ids, test_ids, vocab_size):
    """Bits per character of the model that knows only character frequencies.

    p(c) = (count of c in train_ids + 1) / (len(train_ids) + vocab_size) (add-one smoothing,
    so a character never seen in training still has a probability); returns
    -mean log2 p(c) over test_ids. Any model of context should beat it.
    """
    vocab_size = check_int(vocab_size, "vocab_size", minimum=1)
    train_ids = _check_ids(train_ids, "train_ids", vocab_size).ravel()
    test_ids = _check_ids(test_ids, "test_ids", vocab_size).ravel()
    counts = np.bincount(train_ids, minlength=vocab_size) + 1.0
    log2_p = np.log2(counts / counts.sum())
    return float(-log2_p[test_ids].mean())


def sample(model, codec, prompt, length, temperature=1.0, rng=None):
    """Generate ``length`` characters after ``prompt``; return prompt + the new text (str).

    ``model`` is a Keras model (read one character at a time by ``keras_stepper``) or a
    function ``next_logits(ids) -> (vocab,)`` giving the next character's logits (or
    log-probabilities) after the whole text so far, ids of shape (n,). Each step divides the
    log-probabilities by ``temperature`` and draws from their softmax with ``rng`` (a NumPy
    Generator); ``temperature=0`` takes the most likely character (greedy decoding).
    """
    if not isinstance(codec, CharCodec):
        raise ValueError(f"codec should be a CharCodec, got {type(codec).__name__}")
    ids = list(codec.encode(prompt))
    length = check_int(length, "length", minimum=0)
    temperature = check_non_negative(temperature, "temperature")
    if temperature > 0 and not isinstance(rng, np.random.Generator):
        raise ValueError("sampling at temperature > 0 needs rng=np.random.default_rng(seed)")
    next_logits = keras_stepper(model) if hasattr(model, "layers") else model
    if not callable(next_logits):
        raise ValueError(f"model should be a Keras model or a function, got {type(model).__name__}")
    for _ in range(length):
        logits = np.asarray(next_logits(np.array(ids)), dtype=np.float64).ravel()
        if logits.shape != (codec.size,):
            raise ValueError(f"next_logits should return ({codec.size},), got {logits.shape}")
        ids.append(_draw(logits, temperature, rng))
    return codec.decode(np.array(ids))


def known_word_share(generated, reference_text, min_letters=3):
    """Share of the words in ``generated`` that also occur in ``reference_text`` (a float).

    A word is a run of at least ``min_letters`` ASCII letters, compared in lower case, so
    "Class" and "class" match and one- and two-letter fragments do not count. A number that
    falls as sampling gets hotter: notebook 02 uses it to tell temperatures apart. Returns
    nan when ``generated`` has no word that long.
    """
    _check_text(generated, "generated")
    _check_text(reference_text, "reference_text")
    min_letters = check_int(min_letters, "min_letters", minimum=1)
    pattern = re.compile(f"[a-z]{{{min_letters},}}")
    known = set(pattern.findall(reference_text.lower()))
    words = pattern.findall(generated.lower())
    if not words:
        return float("nan")
    return float(np.mean([w in known for w in words]))


def _draw(logits, temperature, rng):
    log_p = _log_softmax(logits)
    if temperature == 0:
        return int(np.argmax(log_p))
    return int(rng.choice(len(log_p), p=np.exp(_log_softmax(log_p / temperature))))


def keras_stepper(model):
    """A ``next_logits(ids) -> (vocab,)`` function that runs a Keras model one step at a time.

    The model is a stack of layers, e.g. CategoryEncoding or Embedding, recurrent layers with
    ``return_sequences=True`` (SimpleRNN, GRU, LSTM), Dense. Recurrent layers run through
    their ``cell`` with a carried state; every other layer is applied to one step of shape
    (1, features). One step of the whole stack is compiled once as a TensorFlow graph. The
    function remembers what it has read: called again with the same ids plus new ones, it
    reads only the new ones, so sampling n characters costs n steps. Its results equal
    ``model.predict(ids[None])[0, -1]`` up to float rounding.
    """
    import keras
    import tensorflow as tf

    layers = [layer for layer in model.layers if not isinstance(layer, keras.layers.InputLayer)]
    if not layers:
        raise ValueError("model has no layers to run")

    def initial_states():
        states = []
        for layer in layers:
            size = getattr(getattr(layer, "cell", None), "state_size", [])
            sizes = size if isinstance(size, (list, tuple)) else [size]
            states.append([tf.zeros((1, s)) for s in sizes])
        return states

    @tf.function
    def one_step(char_id, states):
        out, new_states = char_id, []
        for layer, state in zip(layers, states):
            if hasattr(layer, "cell"):
                out, state = layer.cell(out, state if len(state) > 1 else state[0], training=False)
                state = list(state) if isinstance(state, (list, tuple)) else [state]
            else:
                out = layer(out, training=False)
            new_states.append(state)
        return out[0], new_states

    memory = {"ids": [], "states": None, "logits": None}

    def next_logits(ids):
        ids = [int(i) for i in np.asarray(ids).ravel()]
        check_not_empty(ids, "ids")
        seen = memory["ids"]
        if not seen or ids[:len(seen)] != seen:
            memory.update(ids=[], states=initial_states())
            seen = memory["ids"]
        for char_id in ids[len(seen):]:
            logits, memory["states"] = one_step(tf.constant([char_id], dtype=tf.int32),
                                                memory["states"])
            memory["logits"] = logits.numpy()
            seen.append(char_id)
        return memory["logits"]

    return next_logits


def _call(model, x, batch_size):
    if hasattr(model, "predict"):
        out = model.predict(x, batch_size=batch_size, verbose=0)
    else:
        out = model(x)
    out = np.asarray(out, dtype=np.float64)
    if out.ndim != 3:
        raise ValueError(f"model should return logits (batch, time, vocab), got shape {out.shape}")
    return out


def _log_softmax(z):
    z = np.asarray(z, dtype=np.float64)
    z = z - z.max(axis=-1, keepdims=True)
    return z - np.log(np.exp(z).sum(axis=-1, keepdims=True))


def _check_text(text, name):
    if not isinstance(text, str):
        raise ValueError(f"{name} should be a str, got {type(text).__name__}")
    check_not_empty(text, name)


def _check_ids(ids, name, vocab_size=None):
    arr = np.asarray(ids)
    if arr.size == 0:
        raise ValueError(f"{name} is empty: expected at least one character id")
    if not np.issubdtype(arr.dtype, np.integer):
        raise ValueError(f"{name} should be integer ids, got dtype {arr.dtype}")
    high = "" if vocab_size is None else f" .. {vocab_size - 1}"
    if arr.min() < 0 or (vocab_size is not None and arr.max() >= vocab_size):
        raise ValueError(f"{name} should lie in 0{high}, got {arr.min()} .. {arr.max()}")
    return arr.astype(np.int64)
