"""course_utils.text: tokens, vocabulary, bag-of-words, one-hot, padding (notebook 01)."""
import keras
import numpy as np
import pytest

from course_utils.text import (PAD, UNK, Vocabulary, bag_of_words, decode_until_eos, one_hot, pad,
                               tokenize)

SENTENCES = ["He is a teacher. She is a student.", "The food was good, not bad at all!"]


def test_tokenize_lowers_and_strips_punctuation():
    assert tokenize("He is a teacher. She is a student.") == [
        "he", "is", "a", "teacher", "she", "is", "a", "student"]


@pytest.mark.parametrize("bad", ["", "   ", "?!."])
def test_tokenize_rejects_text_without_words(bad):
    with pytest.raises(ValueError, match="no words"):
        tokenize(bad)


def test_tokenize_rejects_non_text():
    with pytest.raises(ValueError, match="should be a str"):
        tokenize(["not", "a", "string"])


def test_vocabulary_puts_specials_first_then_frequency():
    vocab = Vocabulary.from_texts([tokenize(SENTENCES[0])])
    assert vocab.tokens[:2] == [PAD, UNK]
    assert vocab.tokens[2:4] == ["a", "is"]          # both twice: alphabetical tie-break
    assert vocab.encode(["he", "zebra"]) == [vocab.index("he"), 1]
    assert vocab.decode(vocab.encode(["she", "is"])) == ["she", "is"]


def test_vocabulary_min_count_and_max_size():
    vocab = Vocabulary.from_texts([tokenize(SENTENCES[0])], min_count=2)
    assert vocab.tokens == [PAD, UNK, "a", "is"]
    assert len(Vocabulary.from_texts([tokenize(SENTENCES[0])], max_size=1)) == 3


def test_unknown_token_without_unk_is_an_error():
    vocab = Vocabulary(["h", "e", "l", "o"], specials=())
    assert vocab.encode(list("hello")) == [0, 1, 2, 2, 3]
    with pytest.raises(ValueError, match="'x' is not in the vocabulary"):
        vocab.encode(list("hex"))


def test_vocabulary_rejects_bad_input():
    with pytest.raises(ValueError, match="empty"):
        Vocabulary([])
    with pytest.raises(ValueError, match="unique"):
        Vocabulary(["a", "a"])
    with pytest.raises(ValueError, match="outside the vocabulary"):
        Vocabulary(["a"]).decode([5])


def test_int_encoding_agrees_with_text_vectorization():
    words = Vocabulary.from_texts([tokenize(s) for s in SENTENCES])
    layer = keras.layers.TextVectorization(vocabulary=words.tokens[2:])
    assert layer.get_vocabulary()[2:] == words.tokens[2:]
    for sentence in SENTENCES + ["an unseen word here"]:
        expected = np.asarray(layer([sentence]))[0]
        assert words.encode(tokenize(sentence)) == expected.tolist()


@pytest.mark.parametrize("mode", ["count", "multi_hot"])
def test_bag_of_words_agrees_with_text_vectorization(mode):
    vocab = Vocabulary.from_texts([tokenize(s) for s in SENTENCES], specials=(UNK,))
    layer = keras.layers.TextVectorization(output_mode=mode, vocabulary=vocab.tokens[1:])
    texts = SENTENCES + ["a teacher is a teacher, unknown words too"]
    ours = bag_of_words([tokenize(s) for s in texts], vocab, mode=mode)
    np.testing.assert_array_equal(ours, np.asarray(layer(texts)))


def test_bag_of_words_ignores_order():
    vocab = Vocabulary.from_texts([tokenize(SENTENCES[1])])
    a = bag_of_words([tokenize("The food was good, not bad at all")], vocab)
    b = bag_of_words([tokenize("The food was bad, not good at all")], vocab)
    np.testing.assert_array_equal(a, b)


def test_bag_of_words_rejects_unknown_mode_and_empty_input():
    vocab = Vocabulary(["a"])
    with pytest.raises(ValueError, match="mode should be one of"):
        bag_of_words([["a"]], vocab, mode="tfidf")
    with pytest.raises(ValueError, match="empty"):
        bag_of_words([], vocab)
    with pytest.raises(ValueError, match=r"token_lists\[1\] is empty"):
        bag_of_words([["a"], []], vocab)


def test_one_hot_shapes_and_values():
    m = one_hot([0, 2, 1], depth=3)
    assert m.shape == (3, 3)
    np.testing.assert_array_equal(m.argmax(axis=1), [0, 2, 1])
    assert one_hot([[0, 1], [1, 1]], depth=2).shape == (2, 2, 2)
    np.testing.assert_array_equal(m, np.asarray(keras.ops.one_hot(np.array([0, 2, 1]), 3)))


def test_one_hot_rejects_bad_ids():
    with pytest.raises(ValueError, match="0 .. 2"):
        one_hot([0, 3], depth=3)
    with pytest.raises(ValueError, match="empty"):
        one_hot([], depth=3)
    with pytest.raises(ValueError, match="integers"):
        one_hot([0.5], depth=3)


@pytest.mark.parametrize("side", ["pre", "post"])
@pytest.mark.parametrize("truncating", ["pre", "post"])
@pytest.mark.parametrize("maxlen", [None, 2, 5])
def test_pad_agrees_with_keras(side, truncating, maxlen):
    seqs = [[1, 2, 3], [4], [5, 6]]
    expected = keras.utils.pad_sequences(seqs, maxlen=maxlen, padding=side, truncating=truncating)
    np.testing.assert_array_equal(pad(seqs, maxlen, side=side, truncating=truncating), expected)


@pytest.mark.parametrize("side, truncating", [("pre", "pre"), ("pre", "post"), ("post", "pre"),
                                              ("post", "post")])
def test_pad_agrees_with_keras_on_many_ragged_rows(side, truncating):
    # pad places every id at once; check it on 200 random rows, lists and NumPy rows alike
    rng = np.random.default_rng(0)
    seqs = [list(rng.integers(0, 50, rng.integers(1, 12))) for _ in range(200)]
    seqs[::3] = [np.array(s) for s in seqs[::3]]
    for maxlen in (None, 1, 6, 15):
        expected = keras.utils.pad_sequences(seqs, maxlen=maxlen, padding=side,
                                             truncating=truncating, value=-1)
        np.testing.assert_array_equal(
            pad(seqs, maxlen, side=side, truncating=truncating, value=-1), expected)


def test_pad_rejects_bad_input():
    with pytest.raises(ValueError, match="side should be one of"):
        pad([[1]], side="left")
    with pytest.raises(ValueError, match="sequence 1 is empty"):
        pad([[1], []])
    with pytest.raises(ValueError, match="sequences is empty"):
        pad([])
    # a bad row is named, whatever comes before it
    with pytest.raises(ValueError, match=r"sequences\[2\] should hold integer ids, got dtype float64"):
        pad([[1, 2], [3], [1.5, 2]])
    with pytest.raises(ValueError, match=r"sequences\[1\] should be a list of integer ids, got str"):
        pad([[1], "ab"])
    with pytest.raises(ValueError, match=r"sequences\[1\] should be a list of integer ids, got list"):
        pad([[1], [[1, 2]]])
    with pytest.raises(ValueError, match=r"sequences\[0\] should be a list of integer ids, got set"):
        pad([{1, 2}])                                           # a set has no order to keep


def test_decode_until_eos_stops_at_eos_and_drops_padding():
    vocab = Vocabulary(["<bos>", "<eos>", "hi", "there"])          # <pad>=0, <unk>=1 first
    ids = vocab.encode(["<bos>", "hi", "<pad>", "there", "<eos>", "hi"])
    assert decode_until_eos(ids, vocab) == ["hi", "there"]
    with pytest.raises(ValueError, match="outside the vocabulary"):
        decode_until_eos([99], vocab)
