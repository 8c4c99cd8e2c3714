"""Turning a trained decoder into output sequences: greedy decoding and beam search.

Taught in notebook 07 (the seq2seq chatbot) and reused by notebook 08 (attention).

Both functions only see the model through one callback::

    next_log_probs(prefixes) -> array (len(prefixes), vocab)

``prefixes`` is a list of token-id lists, each starting with ``bos``; row ``i`` of the
result holds log P(next token | prefixes[i]) for every id in the vocabulary. The
callback may cache decoder states (notebook 07 keys them by the prefix tuple), so the
search itself never touches Keras.

A hypothesis is returned as ``Hypothesis(tokens, log_prob, score, finished)``:

- ``tokens``: the generated ids after ``bos``, without ``bos`` and without ``eos``;
- ``log_prob``: the total log-probability of the generated ids, ``eos`` included;
- ``score``: what the ranking used, ``log_prob`` or, with length normalisation,
  ``log_prob / steps`` where ``steps = len(tokens) + 1`` counts the ``eos`` step too;
- ``finished``: True when the hypothesis ended with ``eos``.

``max_len`` is the most steps a hypothesis may take, ``eos`` included. When nothing
reaches ``eos`` within ``max_len`` steps, the hypotheses still alive at the end are
returned instead, best first, with ``finished=False``: the caller gets the best
truncated output rather than an empty list, and can tell the two cases apart.
"""
from typing import NamedTuple

import numpy as np

from course_utils.checks import check_int

# Log-probabilities are at most 0; allow for float32 rounding in a softmax.
_LOG_PROB_TOLERANCE = 1e-4


class Hypothesis(NamedTuple):
    tokens: list
    log_prob: float
    score: float
    finished: bool


def greedy_decode(next_log_probs, bos, eos, max_len):
    """Pick the most likely next token at every step: one ``Hypothesis``.

    Ties go to the lowest id, the same choice ``beam_search`` makes with width 1.
    """
    check_int(bos, "bos", minimum=0)
    check_int(eos, "eos", minimum=0)
    check_int(max_len, "max_len", minimum=1)
    prefix, total = [bos], 0.0
    for _ in range(max_len):
        row = _call(next_log_probs, [prefix], eos)[0]
        token = int(np.argmax(row))
        total += float(row[token])
        if token == eos:
            return _hypothesis(prefix[1:], total, finished=True, length_normalize=False)
        prefix = prefix + [token]
    return _hypothesis(prefix[1:], total, finished=False, length_normalize=False)


def beam_search(next_log_probs, bos, eos, beam_width, max_len, length_normalize=False):
    """Keep the ``beam_width`` most likely prefixes at every step; list of ``Hypothesis``.

    At each step every live prefix is extended by every token, and the ``beam_width``
    extensions with the highest total log-probability survive. An extension that ends
    in ``eos`` is finished and leaves the beam, which then shrinks by one, so the
    search stops after at most ``max_len`` steps, or once ``beam_width`` hypotheses
    have finished. Extensions of probability 0 (log-probability -inf) are dropped.

    The result holds every finished hypothesis, best first. With
    ``length_normalize=False`` "best" means the highest total log-probability, which
    favours short replies (each extra token adds a negative term). With
    ``length_normalize=True`` finished hypotheses are ranked by the mean log-probability
    per step instead. Live prefixes always have the same length, so normalising only
    changes the final ranking, never which prefixes survive.

    Width 1 gives exactly ``greedy_decode``. A wider beam usually finds a sequence at
    least as likely as greedy's, but that is not guaranteed: greedy's prefix can be
    pushed out of the beam by prefixes that look better early and fall behind later.
    """
    check_int(bos, "bos", minimum=0)
    check_int(eos, "eos", minimum=0)
    check_int(beam_width, "beam_width", minimum=1)
    check_int(max_len, "max_len", minimum=1)
    alive = [([bos], 0.0)]
    finished = []
    for _ in range(max_len):
        rows = _call(next_log_probs, [prefix for prefix, _ in alive], eos)
        totals = np.array([total for _, total in alive])[:, None] + rows
        order = np.argsort(-totals, axis=None, kind="stable")[: beam_width - len(finished)]
        survivors = []
        for flat in order:
            row, token = divmod(int(flat), rows.shape[1])
            prefix, total = alive[row][0], float(totals[row, token])
            if total == -np.inf:        # probability 0: never worth keeping
                break
            if token == eos:
                finished.append(_hypothesis(prefix[1:], total, True, length_normalize))
            else:
                survivors.append((prefix + [token], total))
        alive = survivors
        if not alive or len(finished) >= beam_width:
            break
    if not finished:
        finished = [_hypothesis(p[1:], t, False, length_normalize) for p, t in alive]
    return sorted(finished, key=lambda h: -h.score)


def _hypothesis(tokens, log_prob, finished, length_normalize):
    steps = len(tokens) + (1 if finished else 0)
    score = log_prob / steps if length_normalize else log_prob
    return Hypothesis(list(tokens), float(log_prob), float(score), bool(finished))


def _call(next_log_probs, prefixes, eos):
    """Run the callback and check that it kept its side of the contract."""
    rows = np.asarray(next_log_probs(prefixes), dtype=np.float64)
    if rows.ndim != 2 or rows.shape[0] != len(prefixes):
        raise ValueError(
            f"next_log_probs should return shape (prefixes={len(prefixes)}, vocab), "
            f"got {rows.shape}")
    if not eos < rows.shape[1]:
        raise ValueError(f"eos should be an id below the vocabulary size {rows.shape[1]}, "
                         f"got {eos}")
    if np.isnan(rows).any():
        raise ValueError("next_log_probs returned NaN")
    if rows.max() > _LOG_PROB_TOLERANCE:
        raise ValueError(
            f"next_log_probs should return log-probabilities (all <= 0), got a maximum of "
            f"{rows.max():.3g}: apply log_softmax to logits, or np.log to probabilities")
    return rows

