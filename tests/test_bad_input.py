"""Bad input gets a clear error everywhere: each case raises a ValueError that says what was
expected and what came instead. All calls go through public functions, NumPy only."""
import numpy as np
import pytest

from course_utils import cells, chat_corpus, corpora, dates, decoding, metrics, sequence_tasks, tagging
from course_utils.text import PAD, UNK, Vocabulary, bag_of_words, one_hot, pad, tokenize

WORDS = Vocabulary.from_texts([tokenize("the food was good, not bad at all")])


# --- the two silent bugs ----------------------------------------------------------------------

def test_pad_first_token_task_never_drops_the_deciding_token():
    with pytest.raises(ValueError, match=r"max_len should be at least the longest sequence \(4 tokens\), "
                                         r"got 2: padding never cuts tokens"):
        tagging.pad_first_token_task([[7, 1, 2, 3]], 0, max_len=2)
    # max_len at least the longest still pads exactly as before
    np.testing.assert_array_equal(tagging.pad_first_token_task([[7, 1]], 1, max_len=3), [[0, 0, 7, 1]])
    np.testing.assert_array_equal(tagging.pad_first_token_task([[7, 1]], 0, side="post", max_len=2), [[7, 1]])


def test_pad_id_without_pad_is_an_error_not_unk():
    vocab = Vocabulary(["a", "b"], specials=(UNK,))
    with pytest.raises(ValueError, match="this vocabulary has no <pad> token, so it has no pad_id"):
        vocab.pad_id
    assert Vocabulary(["a", "b"]).pad_id == 0
    assert Vocabulary(["a", "b"], specials=(UNK, PAD)).pad_id == 1


# --- chat_corpus ------------------------------------------------------------------------------

def test_encode_pairs_needs_bos_and_eos():
    vocab = Vocabulary(["hi", "there"])                       # <pad>, <unk> only
    with pytest.raises(ValueError, match="vocab should hold the specials <pad>, <bos> and <eos> "
                                         r"\(build it with build_vocabulary\), but it has no <bos>, <eos>"):
        chat_corpus.encode_pairs([["hi"]], [["there"]], vocab, 3, 3)


@pytest.mark.parametrize("kwargs, message", [
    ({"src_len": 2.0}, "src_len should be an integer of at least 1, got 2.0"),
    ({"tgt_len": 0}, "tgt_len should be an integer of at least 1, got 0"),
    ({"reverse_source": "yes"}, "reverse_source should be True or False, got str 'yes'"),
    ({"prompts": ["hi there"]}, r"prompts\[0\] should be a list of tokens, got the str 'hi there'"),
    ({"vocab": {"hi": 2}}, "vocab should be a Vocabulary, got dict"),
])
def test_encode_pairs_rejects_bad_arguments(kwargs, message):
    vocab = chat_corpus.build_vocabulary([["hi", "there"]])
    args = {"prompts": [["hi"]], "replies": [["there"]], "vocab": vocab, "src_len": 3, "tgt_len": 3}
    with pytest.raises(ValueError, match=message):
        chat_corpus.encode_pairs(**{**args, **kwargs})


@pytest.mark.parametrize("kwargs, message", [
    ({"held_out": "0.2"}, r"held_out should be a fraction in \(0, 1\), got str '0.2'"),
    ({"held_out": 1}, r"held_out should be a fraction in \(0, 1\), got 1"),
    ({"seed": -1}, "seed should be an integer of at least 0 or None, got -1"),
    ({"seed": 0.5}, "seed should be an integer of at least 0 or None, got 0.5"),
])
def test_split_by_prompt_rejects_bad_arguments(kwargs, message):
    prompts, replies = [["a"], ["b"], ["c"]], [["x"], ["y"], ["z"]]
    with pytest.raises(ValueError, match=message):
        chat_corpus.split_by_prompt(prompts, replies, **kwargs)


def test_chat_corpus_seeds_accept_numpy_integers_and_draw_the_same():
    prompts, replies = [[w] for w in "abcdefgh"], [["x"]] * 8
    a = chat_corpus.split_by_prompt(prompts, replies, seed=3)
    b = chat_corpus.split_by_prompt(prompts, replies, seed=np.int64(3))
    for x, y in zip(a, b):
        np.testing.assert_array_equal(x, y)


def test_load_pairs_rejects_a_plain_string_of_names():
    with pytest.raises(ValueError, match=r"names should be a list of names, got the str 'ai': "
                                         r"write \['ai'\] for just that one"):
        chat_corpus.load_pairs(names="ai")


def test_other_chat_corpus_arguments_are_checked():
    with pytest.raises(ValueError, match="max_words should be an integer of at least 1, got 0"):
        chat_corpus.tokenize_pairs([("hi", "there", "x")], max_words=0)
    with pytest.raises(ValueError, match="min_count should be an integer of at least 1, got 0"):
        chat_corpus.build_vocabulary([["hi"]], min_count=0)
    with pytest.raises(ValueError, match="reverse_source should be True or False"):
        chat_corpus.encode_prompt(["hi"], chat_corpus.build_vocabulary([["hi"]]), reverse_source=1)
    with pytest.raises(ValueError, match="strict should be True or False"):
        chat_corpus.read_conversations(chat_corpus.english_dir() + "/ai.yml", strict="no")


# --- Vocabulary -------------------------------------------------------------------------------

@pytest.mark.parametrize("max_size", [-1, 0, 2.5, True])
def test_from_texts_max_size_must_be_a_positive_int(max_size):
    with pytest.raises(ValueError, match=f"max_size should be an integer of at least 1, got {max_size!r}"):
        Vocabulary.from_texts([["a", "b"]], max_size=max_size)


@pytest.mark.parametrize("min_count", [0, -1, 1.5, "2"])
def test_from_texts_min_count_must_be_a_positive_int(min_count):
    with pytest.raises(ValueError, match="min_count should be an integer of at least 1"):
        Vocabulary.from_texts([["a", "b"]], min_count=min_count)


def test_from_texts_says_when_min_count_leaves_nothing():
    with pytest.raises(ValueError, match="no token besides the specials occurs at least min_count=3 "
                                         r"times \(the most frequent occurs 2 times\)"):
        Vocabulary.from_texts([["a", "b", "a"]], min_count=3)


def test_from_texts_rejects_strings_instead_of_token_lists():
    with pytest.raises(ValueError, match=r"token_lists\[0\] should be a list of tokens, got the str "
                                         r"'he is here': split it first"):
        Vocabulary.from_texts(["he is here", "she is there"])
    with pytest.raises(ValueError, match="token_lists should be a list of token lists, got str"):
        Vocabulary.from_texts("he is here")


def test_encode_rejects_a_string_for_a_word_vocabulary():
    with pytest.raises(ValueError, match="tokens should be a list of tokens, got the str 'the food': "
                                         "split it first"):
        WORDS.encode("the food")
    # a character vocabulary reads a string character by character, as notebooks 02 and 08 do
    chars = Vocabulary(["h", "e", "l", "o"], specials=())
    assert chars.encode("hello") == chars.encode(list("hello")) == [0, 1, 2, 2, 3]


def test_bag_of_words_rejects_strings_instead_of_token_lists():
    with pytest.raises(ValueError, match=r"token_lists\[0\] should be a list of tokens, got the str "
                                         r"'the food was good'"):
        bag_of_words(["the food was good"], WORDS)
    with pytest.raises(ValueError, match="vocab should be a Vocabulary, got list"):
        bag_of_words([["the"]], ["the"])


@pytest.mark.parametrize("ids, message", [
    ([2.7], r"ids\[0\] should be an integer, got 2.7"),
    ([2, np.float64(3.0)], r"ids\[1\] should be an integer, got float64 3.0"),
    ([True], r"ids\[0\] should be an integer, got True"),
    ("23", "ids should be a list or 1-D array of integer ids, got str"),
    (np.array([[2, 3]]), r"ids\[0\] should be an integer, got ndarray"),
])
def test_decode_rejects_non_integer_ids(ids, message):
    with pytest.raises(ValueError, match=message):
        WORDS.decode(ids)


def test_decode_still_accepts_numpy_integer_arrays():
    ids = np.array(WORDS.encode(["the", "food"]), dtype=np.int32)
    assert WORDS.decode(ids) == ["the", "food"]


@pytest.mark.parametrize("tokens, specials, message", [
    (["a", 1], (PAD, UNK), r"tokens\[1\] should be a str token, got 1"),
    ([("a", "b")], (PAD, UNK), r"tokens\[0\] should be a str token, got tuple"),
    ("abc", (PAD, UNK), "tokens should be a list of tokens, got the str 'abc'"),
    (["a"], (PAD, None), r"specials\[1\] should be a str token, got NoneType None"),
])
def test_vocabulary_rejects_non_string_tokens(tokens, specials, message):
    with pytest.raises(ValueError, match=message):
        Vocabulary(tokens, specials=specials)


def test_encode_rejects_non_string_tokens():
    with pytest.raises(ValueError, match="token should be a str, got int 3"):
        WORDS.encode([3])
    with pytest.raises(ValueError, match="token should be a str, got int 3"):
        WORDS.index(3)


# --- integer arguments ------------------------------------------------------------------------

@pytest.mark.parametrize("kwargs, message", [
    ({"maxlen": 2.0}, "maxlen should be an integer of at least 1, got 2.0"),
    ({"maxlen": 0}, "maxlen should be an integer of at least 1, got 0"),
    ({"value": 0.5}, "value should be an integer, got 0.5"),
])
def test_pad_integer_arguments(kwargs, message):
    with pytest.raises(ValueError, match=message):
        pad([[1, 2, 3]], **kwargs)


@pytest.mark.parametrize("sequences, message", [
    ([[1.5, 2]], r"sequences\[0\] should hold integer ids, got dtype float64"),
    (["ab"], r"sequences\[0\] should be a list of integer ids, got str 'ab'"),
    ([[[1], [2]]], r"sequences\[0\] should be a list of integer ids, got list"),
    ("ab", "sequences should be a list of id lists, got the str 'ab'"),
])
def test_pad_rejects_sequences_that_are_not_id_lists(sequences, message):
    with pytest.raises(ValueError, match=message):
        pad(sequences)


@pytest.mark.parametrize("depth", [2.0, 0, "3", True])
def test_one_hot_depth_must_be_a_positive_int(depth):
    with pytest.raises(ValueError, match="depth should be an integer of at least 1"):
        one_hot([0, 1], depth)


@pytest.mark.parametrize("kwargs, message", [
    ({"n": 2.5}, "n should be an integer of at least 1, got 2.5"),
    ({"n": 4, "foods": "soup"}, r"foods should be a list of names, got the str 'soup': write \['soup'\]"),
    ({"n": 4, "foods": ["soup", 3]}, r"foods\[1\] should be a str, got 3"),
    ({"n": 4, "seed": -2}, "seed should be an integer of at least 0 or None, got -2"),
    ({"n": 4, "twins": "yes"}, "twins should be True or False, got str 'yes'"),
])
def test_negation_reviews_rejects_bad_arguments(kwargs, message):
    with pytest.raises(ValueError, match=message):
        corpora.negation_reviews(**kwargs)


def test_tagging_integers_accept_numpy_and_reject_bools_and_floats():
    seqs, labels = tagging.first_token_task(np.int64(5), vocab_size=np.int64(20), seed=np.int64(0))
    same_seqs, same_labels = tagging.first_token_task(5, vocab_size=20, seed=0)
    assert seqs == same_seqs and np.array_equal(labels, same_labels)
    assert tagging.tagged_sentences(np.int64(3), seed=np.int64(1)) == tagging.tagged_sentences(3, seed=1)
    with pytest.raises(ValueError, match="n should be an integer of at least 1, got True"):
        tagging.tagged_sentences(True)
    with pytest.raises(ValueError, match="vocab_size should be an integer of at least 2, got 20.5"):
        tagging.first_token_task(5, vocab_size=20.5)


@pytest.mark.parametrize("sequences, kwargs, message", [
    ([], {}, "sequences is empty: expected at least one item"),
    ([[1, 2]], {"max_len": 2.5}, "max_len should be an integer of at least 1, got 2.5"),
    ([[1, 2]], {"extra_padding": True}, "extra_padding should be an integer of at least 0, got True"),
    ([5, 6], {}, r"sequences\[0\] should be a list of integer ids, got int 5"),
])
def test_pad_first_token_task_rejects_bad_arguments(sequences, kwargs, message):
    with pytest.raises(ValueError, match=message):
        tagging.pad_first_token_task(sequences, **{"extra_padding": 1, **kwargs})


# --- metrics ----------------------------------------------------------------------------------

@pytest.mark.parametrize("stats, message", [
    ({"matches": [5, 1], "totals": [3, 2], "hyp_len": 3, "ref_len": 3},
     r"matches\[0\] = 5 is more than totals\[0\] = 3"),
    ({"matches": [1, 1], "totals": [3, 2], "hyp_len": 4, "ref_len": 3},
     "totals\\[0\\] \\(hypothesis unigrams\\) should equal hyp_len, got 3 and 4"),
    ({"matches": [1, 1], "totals": [3, 5], "hyp_len": 3, "ref_len": 3}, "totals should not grow with n"),
    ({"matches": [1], "totals": [3, 2], "hyp_len": 3, "ref_len": 3},
     "matches and totals should have one count per order n each, got 1 and 2"),
    ({"matches": [1.5], "totals": [3], "hyp_len": 3, "ref_len": 3},
     r"matches\[0\] should be an integer of at least 0, got 1.5"),
    ({"matches": [1], "totals": [3], "hyp_len": 3, "ref_len": -1}, "ref_len should be an integer of at least 0"),
    ({"matches": [], "totals": [], "hyp_len": 0, "ref_len": 3}, "matches is empty"),
])
def test_bleu_from_statistics_rejects_inconsistent_counts(stats, message):
    with pytest.raises(ValueError, match=message):
        metrics.bleu_from_statistics(**stats)


def test_bleu_from_statistics_of_real_counts_is_unchanged():
    refs, hyps = [["the", "cat", "sat"], ["a", "dog"]], [["the", "cat"], ["a", "dog", "ran"]]
    stats = metrics.bleu_statistics(refs, hyps, max_n=2)
    assert metrics.bleu_from_statistics(**stats) == metrics.corpus_bleu(refs, hyps, max_n=2)


@pytest.mark.parametrize("args, message", [
    ((-1, 5), "hyp_len should be an integer of at least 0, got -1"),
    ((3, -5), "ref_len should be an integer of at least 0, got -5"),
    ((2.5, 5), "hyp_len should be an integer of at least 0, got 2.5"),
])
def test_brevity_penalty_rejects_negative_or_fractional_lengths(args, message):
    with pytest.raises(ValueError, match=message):
        metrics.brevity_penalty(*args)


def test_ngram_counts_needs_a_positive_order_and_a_token_list():
    with pytest.raises(ValueError, match="n should be an integer of at least 1, got 0"):
        metrics.ngram_counts(["a", "b", "c"], 0)
    with pytest.raises(ValueError, match="tokens should be a list of tokens, got str: split sentences"):
        metrics.ngram_counts("a b c", 1)


# --- decoding ---------------------------------------------------------------------------------

def _uniform(prefixes, vocab=4):
    return np.full((len(prefixes), vocab), -np.log(vocab))


def test_length_normalize_must_be_a_bool():
    for bad in ("no", 0, None):
        with pytest.raises(ValueError, match="length_normalize should be True or False"):
            decoding.beam_search(_uniform, 0, 1, 2, 3, length_normalize=bad)


@pytest.mark.parametrize("call", [
    lambda: decoding.greedy_decode(_uniform, 7, 1, 3),
    lambda: decoding.beam_search(_uniform, 7, 1, 2, 3),
])
def test_bos_outside_the_vocabulary_is_an_error(call):
    with pytest.raises(ValueError, match="bos should be an id below the vocabulary size 4, got 7"):
        call()


def test_bos_must_be_an_int_and_callbacks_must_be_functions():
    with pytest.raises(ValueError, match="bos should be an integer of at least 0, got 1.0"):
        decoding.greedy_decode(_uniform, 1.0, 1, 3)
    with pytest.raises(ValueError, match="next_log_probs should be a function"):
        decoding.beam_search(np.zeros((1, 4)), 0, 1, 2, 3)
    with pytest.raises(ValueError, match="step should be a function"):
        decoding.greedy_decode_batch(None, None, 0, 2, 3)
    with pytest.raises(ValueError, match="step should be a function"):
        decoding.CachedDecoder("step", np.zeros((1, 2)))


# --- cells: the step functions notebooks 02 and 03 call directly --------------------------------

def _weights(features=3, units=4, dtype=np.float64):
    rng = np.random.default_rng(0)
    return [rng.normal(size=s).astype(dtype) for s in ((features, units), (units, units), (units,))]


@pytest.mark.parametrize("x_t, h_prev, message", [
    (np.zeros((2, 5)), np.zeros((2, 4)), r"kernel should have shape \(features=5, units\), got \(3, 4\)"),
    (np.zeros((2, 3)), np.zeros((1, 4)), r"h_prev should have shape \(batch=2, units=4\), got \(1, 4\)"),
    (np.zeros((2, 3)), np.zeros(4), r"h_prev should have 2 dimensions, got shape \(4,\)"),
    (np.zeros(3), np.zeros((1, 4)), r"x_t should have 2 dimensions, got shape \(3,\)"),
    (np.full((1, 3), np.nan), np.zeros((1, 4)), "x_t contains NaN"),
    ([["a", "b", "c"]], np.zeros((1, 4)), "x_t should be numeric"),
])
def test_rnn_step_checks_its_inputs(x_t, h_prev, message):
    for step in (cells.rnn_step, cells.rnn_step_forward):
        with pytest.raises(ValueError, match=message):
            step(x_t, h_prev, *_weights())


def test_rnn_step_checks_its_weights():
    kernel, recurrent, bias = _weights()
    x_t, h = np.zeros((2, 3)), np.zeros((2, 4))
    with pytest.raises(ValueError, match=r"recurrent_kernel should have shape \(units=4, units=4\), got \(3, 4\)"):
        cells.rnn_step(x_t, h, kernel, recurrent[:3], bias)
    with pytest.raises(ValueError, match=r"bias should have shape \(units=4,\), got \(3,\)"):
        cells.rnn_step(x_t, h, kernel, recurrent, bias[:3])
    # one bias per row would broadcast over the batch silently: only (units,) is a bias
    with pytest.raises(ValueError, match=r"bias should have shape \(units=4,\), got \(2, 4\)"):
        cells.rnn_step(x_t, h, kernel, recurrent, np.stack([bias, bias]))


def test_rnn_step_keeps_the_dtype_it_is_given():
    kernel, recurrent, bias = _weights(dtype=np.float32)
    x_t, h = np.ones((2, 3), np.float32), np.zeros((2, 4), np.float32)
    out = cells.rnn_step(x_t, h, kernel, recurrent, bias)
    assert out.dtype == np.float32
    np.testing.assert_array_equal(out, np.tanh(x_t @ kernel + h @ recurrent + bias))


def test_rnn_step_backward_checks_its_inputs():
    x = np.random.default_rng(1).normal(size=(2, 5, 3))
    _, caches = cells.rnn_forward_with_cache(x, *_weights())
    with pytest.raises(ValueError, match=r"dh_t should have shape \(batch=2, units=4\), got \(2, 3\)"):
        cells.rnn_step_backward(np.zeros((2, 3)), caches[0])
    with pytest.raises(ValueError, match=r"cache should be the \(x_t, h_prev, kernel, recurrent_kernel, h_t\) "
                                         r"tuple that rnn_step_forward returns, got tuple of length 2"):
        cells.rnn_step_backward(np.zeros((2, 4)), caches[0][:2])
    with pytest.raises(ValueError, match=r"caches\[1\] should be the"):
        cells.rnn_backward(np.zeros((2, 2, 4)), [caches[0], None])


def test_jacobian_product_norms_rows_must_be_a_slice():
    with pytest.raises(ValueError, match=r"rows should be a slice of the state, e.g. slice\(0, units\), "
                                         r"or None, got list"):
        cells.jacobian_product_norms(np.zeros((3, 2, 2)), rows=[0])


def test_check_recurrent_inputs_gates_must_be_a_positive_int():
    with pytest.raises(ValueError, match="gates should be an integer of at least 1, got 1.0"):
        cells.check_recurrent_inputs(np.zeros((1, 2, 3)), *_weights(), gates=1.0)


# --- seeds ------------------------------------------------------------------------------------

SEEDED = {
    "negation_reviews": lambda seed: corpora.negation_reviews(4, seed=seed),
    "tagged_sentences": lambda seed: tagging.tagged_sentences(3, seed=seed),
    "first_token_task": lambda seed: tagging.first_token_task(3, seed=seed),
    "split_by_prompt": lambda seed: chat_corpus.split_by_prompt([["a"], ["b"]], [["x"], ["y"]], seed=seed),
    "first_symbol_recall": lambda seed: sequence_tasks.first_symbol_recall(3, 4, seed=seed),
    "adding_problem": lambda seed: sequence_tasks.adding_problem(3, 4, seed=seed),
    "make_date_pairs": lambda seed: dates.make_date_pairs(3, 2, seed=seed),
}


@pytest.mark.parametrize("name", sorted(SEEDED))
@pytest.mark.parametrize("seed, shown", [(-1, "-1"), (True, "True"), (1.0, "1.0"), ("1", "str '1'")])
def test_every_seed_is_checked(name, seed, shown):
    with pytest.raises(ValueError, match=f"seed should be an integer of at least 0 or None, got {shown}"):
        SEEDED[name](seed)


@pytest.mark.parametrize("name", sorted(SEEDED))
def test_every_seed_takes_none_and_numpy_integers(name):
    SEEDED[name](None)
    a, b = SEEDED[name](np.int64(5)), SEEDED[name](5)
    assert repr(a) == repr(b)


def test_other_generator_flags_are_checked():
    with pytest.raises(ValueError, match="marker_per_half should be True or False, got str 'yes'"):
        sequence_tasks.adding_problem(3, 4, marker_per_half="yes")
    with pytest.raises(ValueError, match=r"formats should be a list of names, got the str 'us_short'"):
        dates.make_date_pairs(3, 2, formats="us_short")
    with pytest.raises(ValueError, match="maxlen should be an integer of at least 1, got 10.0"):
        dates.encode_texts(["4/22/19"], dates.input_vocabulary(), maxlen=10.0)
