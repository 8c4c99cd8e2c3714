"""Scoring generated sequences against references: corpus BLEU.

Taught in notebook 07 (seq2seq chatbot), reused in notebook 08 (attention).

BLEU (Papineni et al., 2002) compares n-grams of the hypotheses with n-grams of the
references, pooled over the whole corpus:

    p_n  = sum over sentences of clipped matching n-grams / sum of hypothesis n-grams
    BP   = 1 if c > r else exp(1 - r / c)      (c, r: total hypothesis, reference length)
    BLEU = BP * exp(mean over n = 1..max_n of log p_n)

"Clipped" means an n-gram of the hypothesis counts as matched at most as many times as
it occurs in the reference, so "the the the the" earns no credit for repeating "the".
The brevity penalty BP stops a system from scoring well by saying very little.

The result equals ``sacrebleu.corpus_bleu(hyps, [refs], tokenize="none").score / 100``
(the tests check it) when hypotheses and references are joined with spaces. That call
uses sacrebleu's default smoothing, ``smooth="exp"`` here too: if an order n has no
match at all, its precision becomes 1 / (2^k * total n-grams), where k counts the
orders without a match so far, instead of 0. ``smooth="none"`` gives the original,
unsmoothed BLEU, which is 0 whenever some order has no match. With no match at any
order, or no hypothesis n-grams of some order, both give 0.
"""
import collections
import math

from course_utils.checks import check_choice, check_int, check_not_empty

SMOOTHING = ("exp", "none")


def corpus_bleu(references, hypotheses, max_n=4, smooth="exp"):
    """BLEU of ``hypotheses`` against ``references``: a fraction in [0, 1].

    references, hypotheses: lists (one entry per sentence, one reference each) of token
    lists, e.g. ``[["i", "am", "fine"], ...]``. A hypothesis may be an empty list (a
    decoder that emits ``eos`` at once); the corpus may not be empty.
    """
    stats = bleu_statistics(references, hypotheses, max_n)
    return bleu_from_statistics(**stats, smooth=smooth)


def bleu_statistics(references, hypotheses, max_n=4):
    """The counts BLEU is built from, summed over the corpus.

    Returns a dict: ``matches[n-1]`` clipped matching n-grams, ``totals[n-1]`` hypothesis
    n-grams, ``hyp_len`` and ``ref_len`` total lengths in tokens.
    """
    _check_corpus(references, hypotheses, max_n)
    matches, totals = [0] * max_n, [0] * max_n
    for ref, hyp in zip(references, hypotheses):
        for n in range(1, max_n + 1):
            hyp_counts, ref_counts = ngram_counts(hyp, n), ngram_counts(ref, n)
            matches[n - 1] += sum(min(c, ref_counts[g]) for g, c in hyp_counts.items())
            totals[n - 1] += max(len(hyp) - n + 1, 0)
    hyp_len = sum(len(h) for h in hypotheses)
    ref_len = sum(len(r) for r in references)
    return {"matches": matches, "totals": totals, "hyp_len": hyp_len, "ref_len": ref_len}


def bleu_from_statistics(matches, totals, hyp_len, ref_len, smooth="exp"):
    """Combine the counts of ``bleu_statistics`` into BLEU (see the module docstring).

    The counts must be consistent, as ``bleu_statistics`` returns them: ``matches`` and
    ``totals`` lists of the same length (one entry per order n), integers >= 0, each match
    count at most its total, ``totals[0] == hyp_len`` and totals that never grow with n.
    """
    check_choice(smooth, SMOOTHING, "smooth")
    _check_statistics(matches, totals, hyp_len, ref_len)
    if hyp_len == 0 or not any(matches):
        return 0.0
    log_precisions, zero_orders = [], 0
    for match, total in zip(matches, totals):
        if total == 0:
            return 0.0
        if match == 0:
            if smooth == "none":
                return 0.0
            zero_orders += 1
            match = 1 / 2 ** zero_orders
        log_precisions.append(math.log(match / total))
    return brevity_penalty(hyp_len, ref_len) * math.exp(sum(log_precisions) / len(matches))


def brevity_penalty(hyp_len, ref_len):
    """exp(1 - r / c) when the hypotheses are shorter in total (c < r), else 1.

    hyp_len (c) and ref_len (r) are token counts: integers >= 0.
    """
    hyp_len = check_int(hyp_len, "hyp_len", minimum=0)
    ref_len = check_int(ref_len, "ref_len", minimum=0)
    if hyp_len >= ref_len:
        return 1.0
    return math.exp(1 - ref_len / hyp_len) if hyp_len > 0 else 0.0


def ngram_counts(tokens, n):
    """How often each n-gram (a tuple of n tokens) occurs in ``tokens``; n >= 1."""
    check_int(n, "n", minimum=1)
    if isinstance(tokens, str) or not isinstance(tokens, (list, tuple)):
        raise ValueError(f"tokens should be a list of tokens, got {type(tokens).__name__}"
                         f"{': split sentences into tokens first' if isinstance(tokens, str) else ''}")
    return collections.Counter(tuple(tokens[i:i + n]) for i in range(len(tokens) - n + 1))


def _check_corpus(references, hypotheses, max_n):
    check_int(max_n, "max_n", minimum=1)
    for name, corpus in (("references", references), ("hypotheses", hypotheses)):
        if isinstance(corpus, str):
            raise ValueError(f"{name} should be a list of token lists, got a str")
        check_not_empty(corpus, name)
        for i, sentence in enumerate(corpus):
            if isinstance(sentence, str) or not isinstance(sentence, (list, tuple)):
                raise ValueError(f"{name}[{i}] should be a list of tokens, got "
                                 f"{type(sentence).__name__}: split sentences into tokens first")
    if len(references) != len(hypotheses):
        raise ValueError(f"references and hypotheses should have the same length, got "
                         f"{len(references)} references and {len(hypotheses)} hypotheses")
    if sum(len(r) for r in references) == 0:
        raise ValueError("references has no tokens at all: BLEU needs a reference length")


def _check_statistics(matches, totals, hyp_len, ref_len):
    for name, counts in (("matches", matches), ("totals", totals)):
        if isinstance(counts, str) or not isinstance(counts, (list, tuple)):
            raise ValueError(f"{name} should be a list of counts (one per order n), got "
                             f"{type(counts).__name__}")
        check_not_empty(counts, name)
        for i, count in enumerate(counts):
            check_int(count, f"{name}[{i}]", minimum=0)
    if len(matches) != len(totals):
        raise ValueError(f"matches and totals should have one count per order n each, got "
                         f"{len(matches)} and {len(totals)}")
    check_int(hyp_len, "hyp_len", minimum=0)
    check_int(ref_len, "ref_len", minimum=0)
    for n, (match, total) in enumerate(zip(matches, totals), start=1):
        if match > total:
            raise ValueError(f"matches[{n - 1}] = {match} is more than totals[{n - 1}] = {total}: "
                             f"at most every {n}-gram of the hypotheses can match")
    if totals[0] != hyp_len:
        raise ValueError(f"totals[0] (hypothesis unigrams) should equal hyp_len, got {totals[0]} "
                         f"and {hyp_len}")
    if any(later > earlier for earlier, later in zip(totals, totals[1:])):
        raise ValueError(f"totals should not grow with n (each sentence has fewer n-grams as n "
                         f"grows), got {list(totals)}")
