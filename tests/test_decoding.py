"""course_utils.decoding: greedy decoding and beam search (notebook 07)."""
import itertools

import numpy as np
import pytest

from course_utils.decoding import Hypothesis, beam_search, greedy_decode

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
