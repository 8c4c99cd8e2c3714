"""course_utils.char_lm: codec, split, windows, bits per character and sampling."""
import keras
import numpy as np
import pytest

from course_utils.char_lm import (CharCodec, bits_per_char, keras_stepper, sample, split_text,
                                  unigram_bits_per_char, windows)
from course_utils.corpora import python_docs_text


def char_model(vocab, units=8, cell=keras.layers.SimpleRNN, seed=0):
    keras.utils.set_random_seed(seed)
    return keras.Sequential([keras.Input((None,), dtype="int32"),
                             keras.layers.CategoryEncoding(vocab, output_mode="one_hot"),
                             cell(units, return_sequences=True),
                             keras.layers.Dense(vocab)])


# --- CharCodec -----------------------------------------------------------------------------

def test_codec_round_trip_and_sorted_ids():
    codec = CharCodec.from_text("hello world")
    assert codec.chars == sorted(set("hello world"))
    assert codec.size == len(codec) == 8
    ids = codec.encode("hello")
    assert ids.dtype == np.int64 and ids.shape == (5,)
    assert codec.decode(ids) == "hello"
    assert codec.encode(" ")[0] == 0          # space sorts first


def test_codec_on_the_docs_text():
    text = python_docs_text(max_chars=20_000)
    codec = CharCodec.from_text(text)
    assert codec.decode(codec.encode(text)) == text
    assert all(" " <= c <= "~" or c == "\n" for c in codec.chars)


def test_codec_rejects_bad_input():
    codec = CharCodec.from_text("abc")
    with pytest.raises(ValueError, match="does not know"):
        codec.encode("abz")
    with pytest.raises(ValueError, match="should be a str"):
        codec.encode(["a", "b"])
    with pytest.raises(ValueError, match="empty"):
        CharCodec.from_text("")
    with pytest.raises(ValueError, match=r"should lie in 0 \.\. 2, got 0 \.\. 3"):
        codec.decode([0, 3])
    with pytest.raises(ValueError, match="integer ids"):
        codec.decode([0.5])
    with pytest.raises(ValueError, match="one sequence"):
        codec.decode([[0, 1]])
    with pytest.raises(ValueError, match="unique"):
        CharCodec("aa")
    with pytest.raises(ValueError, match="single characters"):
        CharCodec(["ab"])


# --- split_text and windows ----------------------------------------------------------------

def test_split_is_chronological():
    text = "".join(chr(ord("a") + i % 26) for i in range(1000))
    train, test = split_text(text, held_out=0.1)
    assert train + test == text
    assert len(test) == 100 and text.endswith(test)


def test_split_rejects_bad_fractions():
    for bad in (1.0, 0, "0.1", True, float("nan")):
        with pytest.raises(ValueError, match=r"held_out should be a fraction in \(0, 1\)"):
            split_text("abcdef", held_out=bad)
    with pytest.raises(ValueError, match="too short"):
        split_text("abc", held_out=0.1)
    with pytest.raises(ValueError, match="should be a str"):
        split_text(None)


def test_windows_targets_are_the_next_characters():
    ids = np.arange(11)
    x, y = windows(ids, length=3)
    np.testing.assert_array_equal(x, [[0, 1, 2], [3, 4, 5], [6, 7, 8]])
    np.testing.assert_array_equal(y, x + 1)
    x, y = windows(ids, length=4, stride=2)
    np.testing.assert_array_equal(x[:, 0], [0, 2, 4, 6])
    assert y.max() == 10


def test_windows_exact_fit_and_bad_input():
    x, y = windows(np.arange(4), length=3)
    assert x.shape == y.shape == (1, 3)
    with pytest.raises(ValueError, match="needs 4"):
        windows(np.arange(3), length=3)
    with pytest.raises(ValueError, match="length should be an integer of at least 1"):
        windows(np.arange(10), length=0)
    with pytest.raises(ValueError, match="stride should be an integer"):
        windows(np.arange(10), length=2, stride=1.5)
    with pytest.raises(ValueError, match="shape \\(n,\\)"):
        windows(np.zeros((2, 5), dtype=int), length=2)
    with pytest.raises(ValueError, match="integer ids"):
        windows(np.linspace(0, 1, 10), length=2)


# --- bits per character --------------------------------------------------------------------

def test_uniform_logits_score_log2_vocab():
    y = np.random.default_rng(0).integers(0, 7, size=(3, 5))
    uniform = lambda x: np.zeros(x.shape + (7,))  # noqa: E731
    assert bits_per_char(uniform, y, y) == pytest.approx(np.log2(7))


def test_bits_per_char_is_cross_entropy_in_bits_and_batches_agree():
    vocab = 5
    model = char_model(vocab)
    x = np.random.default_rng(1).integers(0, vocab, size=(7, 6))
    y = np.random.default_rng(2).integers(0, vocab, size=(7, 6))
    nats = keras.losses.SparseCategoricalCrossentropy(from_logits=True)(y, model.predict(x, verbose=0))
    assert bits_per_char(model, x, y) == pytest.approx(float(nats) / np.log(2), rel=1e-5)
    assert bits_per_char(model, x, y, batch_size=4) == pytest.approx(bits_per_char(model, x, y), rel=1e-6)


def test_bits_per_char_rejects_mismatches():
    y = np.zeros((2, 3), dtype=int)
    with pytest.raises(ValueError, match="start with y's shape"):
        bits_per_char(lambda x: np.zeros((2, 3, 4)), np.zeros((2, 4), dtype=int), y)
    with pytest.raises(ValueError, match=r"y should have shape \(batch, time\), got \(6,\)"):
        bits_per_char(lambda x: np.zeros((2, 3, 4)), y, np.zeros(6, dtype=int))
    with pytest.raises(ValueError, match="should return logits"):
        bits_per_char(lambda x: np.zeros((2, 3)), y, y)
    with pytest.raises(ValueError, match="vocab > 5"):
        bits_per_char(lambda x: np.zeros((2, 3, 4)), y, y + 5)


def test_unigram_baseline():
    train = np.array([0, 0, 0, 1])               # counts+1: 4, 2, 1 over 7
    test = np.array([0, 2])
    expected = -(np.log2(4 / 7) + np.log2(1 / 7)) / 2
    assert unigram_bits_per_char(train, test, vocab_size=3) == pytest.approx(expected)
    with pytest.raises(ValueError, match=r"should lie in 0 \.\. 2"):
        unigram_bits_per_char(train, np.array([3]), vocab_size=3)
    with pytest.raises(ValueError, match="empty"):
        unigram_bits_per_char(train, np.array([], dtype=int), vocab_size=3)


def test_unigram_baseline_on_the_docs_text():
    train, test = split_text(python_docs_text(max_chars=50_000))
    codec = CharCodec.from_text(train + test)
    bits = unigram_bits_per_char(codec.encode(train), codec.encode(test), codec.size)
    assert 4.0 < bits < np.log2(codec.size)


# --- sampling ------------------------------------------------------------------------------

@pytest.mark.parametrize("cell", [keras.layers.SimpleRNN, keras.layers.GRU, keras.layers.LSTM])
def test_keras_stepper_equals_predict(cell):
    vocab = 6
    model = char_model(vocab, cell=cell)
    ids = np.random.default_rng(3).integers(0, vocab, size=9)
    full = model.predict(ids[None], verbose=0)[0]
    step = keras_stepper(model)
    for t in range(1, len(ids) + 1):
        np.testing.assert_allclose(step(ids[:t]), full[t - 1], atol=1e-5)
    np.testing.assert_allclose(step(ids[:3]), full[2], atol=1e-5)   # a new prefix starts over


def test_sample_with_a_function_and_temperature():
    codec = CharCodec.from_text("ab")
    always_b = lambda ids: np.array([0.0, 5.0])  # noqa: E731
    assert sample(always_b, codec, "a", 4, temperature=0) == "abbbb"
    rng = np.random.default_rng(0)
    hot = sample(always_b, codec, "a", 400, temperature=100.0, rng=rng)[1:]
    cold = sample(always_b, codec, "a", 400, temperature=0.2, rng=rng)[1:]
    assert 0.4 < hot.count("a") / 400 < 0.6      # nearly uniform
    assert cold.count("a") == 0                 # p(a) = sigmoid(-25), about 1e-11


def test_sample_is_repeatable_with_a_seeded_rng_and_reads_the_prompt():
    codec = CharCodec.from_text("hello world")
    model = char_model(codec.size)
    a = sample(model, codec, "he", 20, temperature=1.0, rng=np.random.default_rng(5))
    b = sample(model, codec, "he", 20, temperature=1.0, rng=np.random.default_rng(5))
    assert a == b and a.startswith("he") and len(a) == 22


def test_sample_rejects_bad_arguments():
    codec = CharCodec.from_text("ab")
    f = lambda ids: np.zeros(2)  # noqa: E731
    with pytest.raises(ValueError, match="needs rng"):
        sample(f, codec, "a", 3, temperature=1.0)
    with pytest.raises(ValueError, match="temperature should be a number >= 0, got -1.0"):
        sample(f, codec, "a", 3, temperature=-1.0, rng=np.random.default_rng(0))
    with pytest.raises(ValueError, match="temperature should be a number >= 0, got str '1'"):
        sample(f, codec, "a", 3, temperature="1", rng=np.random.default_rng(0))
    with pytest.raises(ValueError, match="should be a CharCodec"):
        sample(f, "ab", "a", 3, temperature=0)
    with pytest.raises(ValueError, match=r"should return \(2,\)"):
        sample(lambda ids: np.zeros(3), codec, "a", 3, temperature=0)
    with pytest.raises(ValueError, match="does not know"):
        sample(f, codec, "c", 3, temperature=0)
    with pytest.raises(ValueError, match="Keras model or a function"):
        sample(42, codec, "a", 3, temperature=0)


def test_known_word_share():
    from course_utils.char_lm import known_word_share
    reference = "The class statement defines a class."
    assert known_word_share("Class the statement", reference) == 1.0
    assert known_word_share("the clss xqz defines", reference) == 0.5
    assert np.isnan(known_word_share("a b to", reference))      # no word of 3 letters
    assert known_word_share("a", reference, min_letters=1) == 1.0
    with pytest.raises(ValueError, match="min_letters should be an integer of at least 1"):
        known_word_share("the", reference, min_letters=0)
    with pytest.raises(ValueError, match="generated is empty"):
        known_word_share("", reference)
