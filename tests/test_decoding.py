"""course_utils.decoding: greedy decoding and beam search (notebook 07)."""
import itertools

import numpy as np
import pytest

from course_utils.decoding import (CachedDecoder, Hypothesis, beam_search, greedy_decode,
                                   greedy_decode_batch)

BOS, EOS = 0, 1


def table_model(table, vocab):
    """A hand-made model: ``table[prefix after bos]`` maps token -> probability."""
    def next_log_probs(prefixes):
        rows = np.zeros((len(prefixes), vocab))
        for i, prefix in enumerate(prefixes):
            probs = np.zeros(vocab)
            for token, p in table[tuple(prefix[1:])].items():
                probs[token] = p
            with np.errstate(divide="ignore"):
                rows[i] = np.log(probs)
        return rows
    return next_log_probs


def random_model(seed, vocab=6):
    """A random model whose next-token distribution depends on the whole prefix."""
    def next_log_probs(prefixes):
        rows = []
        for prefix in prefixes:
            rng = np.random.default_rng([seed, *prefix])
            logits = 2.0 * rng.normal(size=vocab)
            rows.append(logits - np.log(np.exp(logits).sum()))
        return np.array(rows)
    return next_log_probs


A, B, C, D = 2, 3, 4, 5
# Greedy takes "a" (0.6), then "a" again (0.36): 0.6 * 0.36 * 1.0 = 0.216.
# "b" then <eos> is more likely, 0.4 * 0.9 = 0.36, but greedy never looks past "a".
GREEDY_MISSES = {(): {A: 0.6, B: 0.4}, (A,): {EOS: 0.3, A: 0.36, B: 0.34},
                 (B,): {EOS: 0.9, A: 0.1}, (A, A): {EOS: 1.0}, (A, B): {EOS: 1.0},
                 (B, A): {EOS: 1.0}}


def test_beam_finds_what_greedy_misses():
    model = table_model(GREEDY_MISSES, vocab=4)
    greedy = greedy_decode(model, BOS, EOS, max_len=5)
    assert greedy.tokens == [A, A] and greedy.finished
    assert greedy.log_prob == pytest.approx(np.log(0.6 * 0.36))
    best = beam_search(model, BOS, EOS, beam_width=2, max_len=5)[0]
    assert best.tokens == [B] and best.finished
    assert best.log_prob == pytest.approx(np.log(0.36))


def test_results_are_best_first_and_scores_add_up():
    model = random_model(seed=3)
    hyps = beam_search(model, BOS, EOS, beam_width=4, max_len=6)
    assert 1 <= len(hyps) <= 4
    assert [h.score for h in hyps] == sorted((h.score for h in hyps), reverse=True)
    for hyp in hyps:
        prefixes = [[BOS] + hyp.tokens[:i] for i in range(len(hyp.tokens) + 1)]
        targets = hyp.tokens + [EOS]
        rows = model(prefixes)
        assert hyp.log_prob == pytest.approx(rows[np.arange(len(targets)), targets].sum())
        assert EOS not in hyp.tokens


@pytest.mark.parametrize("seed", range(5))
def test_width_one_is_greedy(seed):
    model = random_model(seed)
    greedy = greedy_decode(model, BOS, EOS, max_len=7)
    assert beam_search(model, BOS, EOS, beam_width=1, max_len=7) == [greedy]


def test_wide_beam_finds_the_most_likely_sequence():
    # Exhaustive search over every sequence of up to 3 tokens from 4 ordinary ids.
    model, vocab = random_model(seed=11, vocab=5), 5
    best = -np.inf
    for length in range(0, 3):
        for tokens in itertools.product(range(2, vocab), repeat=length):
            seq = list(tokens) + [EOS]
            rows = model([[BOS] + seq[:i] for i in range(len(seq))])
            best = max(best, rows[np.arange(len(seq)), seq].sum())
    hyps = beam_search(model, BOS, EOS, beam_width=vocab ** 3, max_len=3)
    assert hyps[0].log_prob == pytest.approx(best)


def test_beam_is_not_guaranteed_to_beat_greedy():
    # "b" has two good continuations that push every "a..." prefix out of a width-2
    # beam; both then end badly, while greedy's "a" path ends well.
    table = {(): {A: 0.5, B: 0.3, C: 0.2},
             (A,): {A: 0.25, B: 0.25, C: 0.25, D: 0.25},
             (B,): {C: 0.5, D: 0.5}}
    for tok in (A, B, C, D):
        table[(A, tok)] = {EOS: 1.0}
    for tok in (C, D):
        table[(B, tok)] = {EOS: 0.1, A: 0.9}
        table[(B, tok, A)] = {EOS: 0.1, A: 0.9}
        table[(B, tok, A, A)] = {EOS: 1.0}
    table[(C,)] = {EOS: 1.0}
    model = table_model(table, vocab=6)
    greedy = greedy_decode(model, BOS, EOS, max_len=5)
    beam = beam_search(model, BOS, EOS, beam_width=2, max_len=5)[0]
    assert beam.log_prob < greedy.log_prob


def test_length_normalisation_prefers_the_longer_reply():
    table = {(): {EOS: 0.5, A: 0.5}, (A,): {EOS: 0.8, A: 0.2}, (A, A): {EOS: 1.0}}
    model = table_model(table, vocab=3)
    raw = beam_search(model, BOS, EOS, beam_width=2, max_len=4)
    assert raw[0].tokens == [] and raw[0].score == pytest.approx(np.log(0.5))
    normed = beam_search(model, BOS, EOS, beam_width=2, max_len=4, length_normalize=True)
    assert normed[0].tokens == [A]
    assert normed[0].score == pytest.approx(np.log(0.4) / 2)
    assert normed[0].log_prob == pytest.approx(np.log(0.4))


def test_no_eos_within_max_len_returns_unfinished_hypotheses():
    table = {(): {A: 0.7, B: 0.3}, (A,): {A: 1.0}, (B,): {B: 1.0},
             (A, A): {A: 1.0}, (B, B): {B: 1.0}}
    model = table_model(table, vocab=4)
    hyps = beam_search(model, BOS, EOS, beam_width=2, max_len=3)
    assert [h.tokens for h in hyps] == [[A, A, A], [B, B, B]]
    assert not any(h.finished for h in hyps)
    greedy = greedy_decode(model, BOS, EOS, max_len=3)
    assert greedy == Hypothesis([A, A, A], pytest.approx(np.log(0.7)),
                                pytest.approx(np.log(0.7)), False)


def test_rejects_bad_arguments():
    model = random_model(seed=0, vocab=4)
    with pytest.raises(ValueError, match="beam_width should be an integer of at least 1, got 0"):
        beam_search(model, BOS, EOS, beam_width=0, max_len=5)
    with pytest.raises(ValueError, match="beam_width should be an integer"):
        beam_search(model, BOS, EOS, beam_width=2.5, max_len=5)
    with pytest.raises(ValueError, match="eos should be an id below the vocabulary size 4"):
        beam_search(model, BOS, 7, beam_width=2, max_len=5)
    with pytest.raises(ValueError, match="eos should be an id below"):
        greedy_decode(model, BOS, 4, max_len=5)
    with pytest.raises(ValueError, match="eos should be an integer of at least 0"):
        greedy_decode(model, BOS, -1, max_len=5)
    with pytest.raises(ValueError, match="max_len should be an integer of at least 1"):
        beam_search(model, BOS, EOS, beam_width=2, max_len=0)


def test_rejects_a_callback_that_breaks_the_contract():
    def wrong_shape(prefixes):
        return np.zeros((len(prefixes) + 1, 4))

    def probabilities(prefixes):
        return np.full((len(prefixes), 4), 0.25)

    def nan(prefixes):
        return np.full((len(prefixes), 4), np.nan)

    with pytest.raises(ValueError, match=r"shape \(prefixes=1, vocab\), got \(2, 4\)"):
        beam_search(wrong_shape, BOS, EOS, beam_width=2, max_len=3)
    with pytest.raises(ValueError, match="log-probabilities"):
        greedy_decode(probabilities, BOS, EOS, max_len=3)
    with pytest.raises(ValueError, match="NaN"):
        beam_search(nan, BOS, EOS, beam_width=2, max_len=3)


# --- greedy_decode_batch and CachedDecoder ----------------------------------------------


def prefix_step(vocab=6):
    """A batched ``step`` that ignores its state and re-reads every prefix (like notebook 08).

    Row i of the batch is input ``state[i]`` (a seed); its model is ``random_model(seed)``.
    """
    def step(prefixes, seeds):
        rows = [random_model(int(seed), vocab)([list(p)])[0] for p, seed in zip(prefixes, seeds)]
        return np.array(rows), seeds
    return step


def recurrent_step(vocab=6, units=3, seed=0):
    """A tiny recurrent decoder that reads only the last token and carries (h, c) (like 07).

    h' = tanh(W[token] + U h + c), c' = 0.5 c + h'; scores = log_softmax(V h').
    """
    rng = np.random.default_rng(seed)
    W, U, V = (rng.normal(size=(vocab, units)), rng.normal(size=(units, units)),
               2 * rng.normal(size=(units, vocab)))

    def step(prefixes, state):
        h, c = state
        h = np.tanh(W[prefixes[:, -1]] + h @ U + c)
        c = 0.5 * c + h
        logits = h @ V
        return logits - np.log(np.exp(logits).sum(1, keepdims=True)), (h, c)
    return step


def start_states(n, units=3, seed=1):
    rng = np.random.default_rng(seed)
    return rng.normal(size=(n, units)), rng.normal(size=(n, units))


def one_by_one(step, state_row, max_len):
    """greedy_decode for one input through a CachedDecoder."""
    return greedy_decode(CachedDecoder(step, state_row), BOS, EOS, max_len)


def until_eos(row):
    row = list(row)
    return row[:row.index(EOS)] if EOS in row else row


def test_batch_agrees_with_greedy_decode_one_by_one_on_a_prefix_model():
    seeds = np.arange(20)
    out = greedy_decode_batch(prefix_step(), seeds, BOS, batch_size=20, max_len=6)
    assert out.shape == (20, 6) and out.dtype == np.int64
    for seed, row in zip(seeds, out):
        hyp = greedy_decode(random_model(int(seed)), BOS, EOS, max_len=6)
        assert until_eos(row) == hyp.tokens
        assert hyp.finished == (EOS in row)


def test_batch_agrees_with_greedy_decode_one_by_one_on_a_recurrent_model():
    step, (h, c) = recurrent_step(), start_states(12)
    out = greedy_decode_batch(step, (h, c), BOS, batch_size=12, max_len=7)
    for i, row in enumerate(out):
        hyp = one_by_one(step, (h[i:i + 1], c[i:i + 1]), max_len=7)
        assert until_eos(row) == hyp.tokens


def test_batch_gets_growing_prefixes_and_threads_the_state():
    seen = []

    def step(prefixes, state):
        seen.append((prefixes.copy(), state))
        scores = np.zeros((len(prefixes), 5))
        scores[:, 4 - len(seen) % 2] = 1.0          # logits are fine: only argmax is used
        return scores, state + 1

    out = greedy_decode_batch(step, 0, bos=2, batch_size=3, max_len=4)
    assert [p.shape for p, _ in seen] == [(3, 1), (3, 2), (3, 3), (3, 4)]
    assert [s for _, s in seen] == [0, 1, 2, 3]
    assert (seen[-1][0][:, 0] == 2).all()
    assert (out == [3, 4, 3, 4]).all()
    assert (seen[-1][0][:, 1:] == out[:, :3]).all()


def test_batch_breaks_ties_like_greedy_decode():
    def step(prefixes, state):
        return np.log(np.full((len(prefixes), 4), 0.25)), state

    assert (greedy_decode_batch(step, None, BOS, 2, 3) == 0).all()
    assert greedy_decode(lambda p: step(p, None)[0], BOS, EOS, 3).tokens == [0, 0, 0]


def test_batch_rejects_bad_arguments_and_bad_steps():
    step = prefix_step()
    with pytest.raises(ValueError, match="batch_size should be an integer of at least 1, got 0"):
        greedy_decode_batch(step, np.arange(2), BOS, 0, 3)
    with pytest.raises(ValueError, match="max_len should be an integer of at least 1"):
        greedy_decode_batch(step, np.arange(2), BOS, 2, 0)
    with pytest.raises(ValueError, match="bos should be an integer"):
        greedy_decode_batch(step, np.arange(2), -1, 2, 3)
    with pytest.raises(ValueError, match="bos should be an id below the vocabulary size 6"):
        greedy_decode_batch(step, np.arange(2), 9, 2, 3)
    with pytest.raises(ValueError, match=r"scores of shape \(batch=3, vocab\), got \(2, 6\)"):
        greedy_decode_batch(step, np.arange(2), BOS, 3, 3)
    with pytest.raises(ValueError, match="pair"):
        greedy_decode_batch(lambda p, s: np.zeros((len(p), 4)), None, BOS, 2, 3)
    with pytest.raises(ValueError, match="NaN"):
        greedy_decode_batch(lambda p, s: (np.full((len(p), 4), np.nan), s), None, BOS, 2, 3)


def test_cached_decoder_equals_recomputing_every_prefix():
    step, (h, c) = recurrent_step(seed=4), start_states(1, seed=5)

    def from_scratch(prefixes):
        rows = []
        for p in prefixes:
            state = (h, c)
            for t in range(1, len(p) + 1):
                scores, state = step(np.array([p[:t]]), state)
            rows.append(scores[0])
        return np.array(rows)

    cached = CachedDecoder(step, (h, c))
    for width in (1, 3):
        got = beam_search(cached, BOS, EOS, beam_width=width, max_len=6)
        want = beam_search(from_scratch, BOS, EOS, beam_width=width, max_len=6)
        assert [h.tokens for h in got] == [h.tokens for h in want]
        assert [h.log_prob for h in got] == pytest.approx([h.log_prob for h in want])
    assert 0 < cached.steps < cached.naive_steps


def test_cached_decoder_runs_each_prefix_once_and_batches_by_length():
    calls = []
    inner = recurrent_step()

    def step(prefixes, state):
        calls.append(prefixes.shape)
        return inner(prefixes, state)

    cached = CachedDecoder(step, start_states(1))
    first = cached([[BOS], [BOS, 4], [BOS, 5]])
    assert calls == [(1, 1), (2, 2)] and cached.steps == 3 and cached.naive_steps == 5
    again = cached([[BOS, 5], [BOS, 4, 2]])
    assert calls[-1] == (1, 3) and cached.steps == 4
    np.testing.assert_array_equal(again[0], first[2])


def test_cached_decoder_takes_a_single_array_state():
    seeds = np.array([7])         # one input; stacked into (prefixes,) for each step
    cached = CachedDecoder(prefix_step(), seeds)
    hyp = greedy_decode(cached, BOS, EOS, max_len=5)
    assert hyp == greedy_decode(random_model(7), BOS, EOS, max_len=5)


def test_cached_decoder_rejects_bad_states():
    with pytest.raises(ValueError, match="leading axis of size 1"):
        CachedDecoder(recurrent_step(), start_states(2))
    with pytest.raises(ValueError, match="state is empty"):
        CachedDecoder(recurrent_step(), ())
    cached = CachedDecoder(lambda p, s: (np.zeros((len(p), 4)), (s[0], s[0])), (np.zeros((1, 3)),))
    with pytest.raises(ValueError, match="a state like the one it was given, with 1 part"):
        cached([[BOS]])
    cached = CachedDecoder(lambda p, s: (np.zeros((len(p), 4)), np.zeros((1, 3))), np.zeros((1, 3)))
    with pytest.raises(ValueError, match="of 2 rows each"):
        cached([[BOS, 2], [BOS, 3]])
    with pytest.raises(ValueError, match="prefixes is empty"):
        CachedDecoder(recurrent_step(), start_states(1))([])
