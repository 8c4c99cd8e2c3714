"""course_utils.metrics: corpus BLEU, checked against sacrebleu (notebook 07)."""
import math

import numpy as np
import pytest
import sacrebleu
from sacrebleu.metrics import BLEU

from course_utils.metrics import brevity_penalty, bleu_statistics, corpus_bleu, ngram_counts


def _sacrebleu(references, hypotheses, max_n=4, smooth="exp"):
    """sacrebleu's score on the same token lists, as a fraction."""
    hyps = [" ".join(h) for h in hypotheses]
    refs = [[" ".join(r) for r in references]]
    if max_n == 4 and smooth == "exp":
        return sacrebleu.corpus_bleu(hyps, refs, tokenize="none").score / 100
    metric = BLEU(tokenize="none", max_ngram_order=max_n, smooth_method=smooth)
    return metric.corpus_score(hyps, refs).score / 100


def _random_corpus(seed, size, vocab=8, max_len=12):
    rng = np.random.default_rng(seed)
    words = [f"w{i}" for i in range(vocab)]

    def sentence():
        return [str(w) for w in rng.choice(words, size=rng.integers(1, max_len))]

    refs = [sentence() for _ in range(size)]
    # Hypotheses share part of their reference so that higher-order n-grams match too.
    hyps = [r[: rng.integers(0, len(r) + 1)] + sentence()[: rng.integers(0, 4)] for r in refs]
    return refs, hyps


CORPORA = {
    "identical": ([["the", "cat", "sat", "on", "the", "mat"]],
                  [["the", "cat", "sat", "on", "the", "mat"]]),
    "short hypothesis": ([["the", "cat", "sat", "on", "the", "mat"]], [["the", "cat", "sat"]]),
    "clipping": ([["the", "cat", "is", "on", "the", "mat"]], [["the"] * 7]),
    "no 4-gram match": ([["i", "am", "fine", "thank", "you"], ["hello", "there"]],
                        [["i", "am", "fine", "thanks"], ["hello", "friend"]]),
    "nothing matches": ([["a", "b", "c"]], [["x", "y", "z"]]),
    "empty hypothesis": ([["a", "b", "c", "d", "e"], ["a", "b"]], [["a", "b", "c", "d", "e"], []]),
    "too short for 4-grams": ([["good", "morning"]], [["good", "morning"]]),
    "chat replies": ([["i", "am", "a", "chatbot"], ["what", "is", "your", "name"],
                      ["i", "like", "to", "talk", "about", "science", "and", "art"]],
                     [["i", "am", "a", "robot"], ["what", "is", "my", "name"],
                      ["i", "like", "to", "talk", "about", "science"]]),
}
for _seed in range(4):
    CORPORA[f"random {_seed}"] = _random_corpus(_seed, size=30)


@pytest.mark.parametrize("name", sorted(CORPORA))
def test_equals_sacrebleu_default(name):
    refs, hyps = CORPORA[name]
    ours = corpus_bleu(refs, hyps)
    assert 0.0 <= ours <= 1.0
    assert ours == pytest.approx(_sacrebleu(refs, hyps), abs=1e-9)


@pytest.mark.parametrize("max_n", [1, 2, 3])
@pytest.mark.parametrize("smooth", ["exp", "none"])
@pytest.mark.parametrize("seed", [0, 1])
def test_equals_sacrebleu_other_settings(max_n, smooth, seed):
    refs, hyps = _random_corpus(seed, size=20)
    ours = corpus_bleu(refs, hyps, max_n=max_n, smooth=smooth)
    assert ours == pytest.approx(_sacrebleu(refs, hyps, max_n, smooth), abs=1e-9)


def test_unsmoothed_is_zero_without_a_4gram_match():
    refs, hyps = CORPORA["no 4-gram match"]
    assert corpus_bleu(refs, hyps, smooth="none") == 0.0
    assert corpus_bleu(refs, hyps, smooth="exp") > 0.0


def test_worked_example_by_hand():
    # Clipping: "the" occurs twice in the reference, so 2 of the 7 count.
    stats = bleu_statistics([["the", "cat", "is", "on", "the", "mat"]], [["the"] * 7], max_n=1)
    assert stats["matches"] == [2] and stats["totals"] == [7]
    assert corpus_bleu([["the", "cat", "is", "on", "the", "mat"]], [["the"] * 7],
                       max_n=1) == pytest.approx(2 / 7)
    # Brevity: 3 of 6 reference words, all 1-grams right -> BP = exp(1 - 6/3).
    assert corpus_bleu([["the", "cat", "sat", "on", "the", "mat"]], [["the", "cat", "sat"]],
                       max_n=1) == pytest.approx(math.exp(-1))
    assert brevity_penalty(7, 6) == 1.0 and brevity_penalty(0, 6) == 0.0
    assert ngram_counts(["a", "b", "a", "b"], 2) == {("a", "b"): 2, ("b", "a"): 1}


def test_rejects_bad_input():
    with pytest.raises(ValueError, match="references is empty"):
        corpus_bleu([], [])
    with pytest.raises(ValueError, match="same length"):
        corpus_bleu([["a"]], [["a"], ["b"]])
    with pytest.raises(ValueError, match="should be a list of tokens"):
        corpus_bleu(["the cat"], ["the cat"])
    with pytest.raises(ValueError, match="list of token lists, got a str"):
        corpus_bleu("the cat", "the cat")
    with pytest.raises(ValueError, match="max_n"):
        corpus_bleu([["a"]], [["a"]], max_n=0)
    with pytest.raises(ValueError, match="no tokens"):
        corpus_bleu([[]], [["a"]])
    with pytest.raises(ValueError, match="smooth should be one of"):
        corpus_bleu([["a"]], [["a"]], smooth="add-k")
