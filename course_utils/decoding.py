"""Turning a trained decoder into output sequences: greedy decoding and beam search.

Taught in notebook 07 (the seq2seq chatbot) and reused by notebook 08 (attention).

Three entry points:

- ``greedy_decode(next_log_probs, bos, eos, max_len)``: one input, stops at ``eos``;
- ``beam_search(next_log_probs, bos, eos, beam_width, max_len)``: one input, several
  hypotheses;
- ``greedy_decode_batch(step, state, bos, batch_size, max_len)``: a whole batch of
  inputs at once, one ``step`` call per position (the fast way to score a test set).

``CachedDecoder(step, state)`` turns the batched ``step`` of one input into the
``next_log_probs`` callback of the first two, reusing decoder states between calls.

``greedy_decode`` and ``beam_search`` only see the model through one callback::

    next_log_probs(prefixes) -> array (len(prefixes), vocab)

``prefixes`` is a list of token-id lists, each starting with ``bos``; row ``i`` of the
result holds log P(next token | prefixes[i]) for every id in the vocabulary. The
callback may cache decoder states (``CachedDecoder`` keys them by the prefix tuple), so the
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

from course_utils.checks import check_bool, check_int, check_not_empty

# Log-probabilities are at most 0; allow for float32 rounding in a softmax.
_LOG_PROB_TOLERANCE = 1e-4


class Hypothesis(NamedTuple):
    """One decoded output; see the module docstring for the fields."""

    tokens: list
    log_prob: float
    score: float
    finished: bool


def greedy_decode(next_log_probs, bos, eos, max_len):
    """Pick the most likely next token at every step: one ``Hypothesis``.

    Ties go to the lowest id, the same choice ``beam_search`` makes with width 1.
    """
    _check_callable(next_log_probs, "next_log_probs")
    check_int(bos, "bos", minimum=0)
    check_int(eos, "eos", minimum=0)
    check_int(max_len, "max_len", minimum=1)
    prefix, total = [bos], 0.0
    for _ in range(max_len):
        row = _call(next_log_probs, [prefix], bos, eos)[0]
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
    _check_callable(next_log_probs, "next_log_probs")
    check_int(bos, "bos", minimum=0)
    check_int(eos, "eos", minimum=0)
    check_int(beam_width, "beam_width", minimum=1)
    check_int(max_len, "max_len", minimum=1)
    length_normalize = check_bool(length_normalize, "length_normalize")
    alive = [([bos], 0.0)]
    finished = []
    for _ in range(max_len):
        rows = _call(next_log_probs, [prefix for prefix, _ in alive], bos, eos)
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


def greedy_decode_batch(step, state, bos, batch_size, max_len):
    """Greedy decoding of a whole batch at once: int array (batch, max_len).

    ``step(prefixes, state) -> (scores, new_state)`` is called ``max_len`` times:

    - ``prefixes``: int64 array (batch, t), the tokens so far, column 0 all ``bos``;
      ``t`` is 1 on the first call and grows by one each call;
    - ``state``: whatever the caller passed in, then whatever ``step`` returned last
      time: the decoder's (h, c) for a model that steps one token at a time and reads
      only ``prefixes[:, -1:]`` (notebook 07), or anything at all, e.g. ``None``, for a
      model that re-reads the full prefix every time (notebook 08);
    - ``scores``: (batch, vocab) log-probabilities or logits of the next token; only
      the argmax is used, ties going to the lowest id as in ``greedy_decode``.

    Row ``i`` of the result holds the ``max_len`` tokens chosen after ``bos``. Decoding
    does not stop at ``eos``: every row runs ``max_len`` steps, so read a row back up to
    its first ``eos`` (``course_utils.text.decode_until_eos``). Up to that ``eos`` it is
    what ``greedy_decode`` returns for that input alone (the tests check it).
    """
    _check_callable(step, "step")
    check_int(bos, "bos", minimum=0)
    check_int(batch_size, "batch_size", minimum=1)
    check_int(max_len, "max_len", minimum=1)
    prefixes = np.full((batch_size, 1), bos, dtype=np.int64)
    for _ in range(max_len):
        scores, state = _step_scores(step, prefixes, state)
        next_tokens = np.argmax(scores, axis=1).astype(np.int64)
        prefixes = np.concatenate([prefixes, next_tokens[:, None]], axis=1)
    return prefixes[:, 1:]


def _step_scores(step, prefixes, state):
    """Run ``step`` and check its output: ((batch, vocab) float scores, new state)."""
    out = step(prefixes, state)
    if not isinstance(out, tuple) or len(out) != 2:
        raise ValueError(f"step should return a pair (scores, new_state), got {type(out).__name__}")
    scores, state = out
    scores = np.asarray(scores, dtype=np.float64)
    if scores.ndim != 2 or scores.shape[0] != prefixes.shape[0]:
        raise ValueError(f"step should return scores of shape (batch={prefixes.shape[0]}, vocab), "
                         f"got {scores.shape}")
    if np.isnan(scores).any():
        raise ValueError("step returned NaN scores")
    if not prefixes[0, 0] < scores.shape[1]:
        raise ValueError(f"bos should be an id below the vocabulary size {scores.shape[1]}, "
                         f"got {prefixes[0, 0]}")
    return scores, state


class CachedDecoder:
    """The ``next_log_probs`` callback for one input, reusing decoder states per prefix.

    ``CachedDecoder(step, state)`` takes the same ``step(prefixes, state) -> (scores,
    new_state)`` as ``greedy_decode_batch``, and the decoder's starting state for ONE
    input (the encoder's output in notebook 07): an array, or a tuple or list of arrays,
    each with a leading axis of size 1, e.g. ``(h, c)`` with h, c of shape (1, units).
    ``step`` must return log-probabilities here (``beam_search`` checks it) and a new
    state of the same structure, each array with one row per prefix.

    A prefix's state is its parent's state after one more token, so when ``greedy_decode``
    or ``beam_search`` asks for some prefixes, only the ones never seen before are run,
    grouped by length into one ``step`` call each, with their parents' cached states
    stacked into a batch. ``steps`` counts the prefixes actually run, ``naive_steps`` the
    decoder steps that recomputing every prefix from ``bos`` would take.
    """

    def __init__(self, step, state):
        _check_callable(step, "step")
        self.step = step
        self.single = not isinstance(state, (tuple, list))
        parts = [state] if self.single else list(state)
        check_not_empty(parts, "state")
        parts = [np.asarray(part) for part in parts]
        for i, part in enumerate(parts):
            if part.ndim < 1 or part.shape[0] != 1:
                raise ValueError(f"state[{i}] should have a leading axis of size 1 (one input), "
                                 f"got shape {part.shape}")
        self._states = {(): [part[0] for part in parts]}   # before bos: the starting state
        self._log_probs = {}
        self.steps = self.naive_steps = 0

    def __call__(self, prefixes):
        """prefixes: list of token-id lists, each starting with bos -> (len(prefixes), vocab)."""
        check_not_empty(prefixes, "prefixes")
        prefixes = [tuple(int(t) for t in p) for p in prefixes]
        for p in prefixes:
            check_not_empty(p, "each prefix")
        self.naive_steps += sum(len(p) for p in prefixes)
        missing = {p[:k] for p in prefixes for k in range(1, len(p) + 1)} - self._log_probs.keys()
        for length in sorted({len(p) for p in missing}):
            todo = sorted(p for p in missing if len(p) == length)
            self._run(todo)
        return np.stack([self._log_probs[p] for p in prefixes])

    def _run(self, todo):
        """One ``step`` call for prefixes of one length whose parents are cached."""
        parents = [self._states[p[:-1]] for p in todo]
        stacked = [np.stack([parent[i] for parent in parents]) for i in range(len(parents[0]))]
        state = stacked[0] if self.single else tuple(stacked)
        scores, new_state = _step_scores(self.step, np.array(todo, dtype=np.int64), state)
        parts = [new_state] if self.single else list(new_state)
        parts = [np.asarray(part) for part in parts]
        if len(parts) != len(parents[0]) or any(part.shape[:1] != (len(todo),) for part in parts):
            raise ValueError(f"step should return a state like the one it was given, with "
                             f"{len(parents[0])} part(s) of {len(todo)} rows each, got shapes "
                             f"{[part.shape for part in parts]}")
        for i, p in enumerate(todo):
            self._log_probs[p] = scores[i]
            self._states[p] = [part[i] for part in parts]
        self.steps += len(todo)


def _check_callable(function, name):
    if not callable(function):
        raise ValueError(f"{name} should be a function (see the module docstring), got "
                         f"{type(function).__name__}")


def _hypothesis(tokens, log_prob, finished, length_normalize):
    steps = len(tokens) + (1 if finished else 0)
    score = log_prob / steps if length_normalize else log_prob
    return Hypothesis(list(tokens), float(log_prob), float(score), bool(finished))


def _call(next_log_probs, prefixes, bos, eos):
    """Run the callback and check that it kept its side of the contract."""
    rows = np.asarray(next_log_probs(prefixes), dtype=np.float64)
    if rows.ndim != 2 or rows.shape[0] != len(prefixes):
        raise ValueError(
            f"next_log_probs should return shape (prefixes={len(prefixes)}, vocab), "
            f"got {rows.shape}")
    for name, token in (("bos", bos), ("eos", eos)):
        if not token < rows.shape[1]:
            raise ValueError(f"{name} should be an id below the vocabulary size {rows.shape[1]}, "
                             f"got {token}")
    if np.isnan(rows).any():
        raise ValueError("next_log_probs returned NaN")
    if rows.max() > _LOG_PROB_TOLERANCE:
        raise ValueError(
            f"next_log_probs should return log-probabilities (all <= 0), got a maximum of "
            f"{rows.max():.3g}: apply log_softmax to logits, or np.log to probabilities")
    return rows

