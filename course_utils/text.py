"""Turning text into numbers: tokens, a vocabulary, bag-of-words, one-hot and padding.

Tokens, bags and one-hot vectors are taught in notebook 01, padding in 06; the vocabulary and
padding are reused by notebooks 02 and 05 to 08.
The choices follow ``keras.layers.TextVectorization`` and ``keras.utils.pad_sequences``
(the tests check that they agree), so students can move between the two. Two differences:
``Vocabulary.from_texts`` breaks ties in frequency alphabetically, where ``adapt`` puts tied
tokens in reverse alphabetical order, so give the layer ``vocabulary=`` rather than adapting
it; and ``tokenize`` lower-cases every letter, where TextVectorization lower-cases only ASCII
letters and splits only on ASCII whitespace.
"""
import collections
import itertools
import re
import string

import numpy as np

from course_utils.checks import (check_choice, check_int, check_not_empty, check_token_lists,
                                  check_tokens)

PAD, UNK, BOS, EOS = "<pad>", "<unk>", "<bos>", "<eos>"
_PUNCTUATION = re.compile("[" + re.escape(string.punctuation) + "]")
BAG_MODES = ("count", "multi_hot")
SIDES = ("pre", "post")


def tokenize(text):
    """Split ``text`` into lower-case words with punctuation removed.

    This is TextVectorization's default ("lower_and_strip_punctuation", then split on
    whitespace) for ASCII text, so "He is a teacher." -> ["he", "is", "a", "teacher"].
    """
    if not isinstance(text, str):
        raise ValueError(f"text should be a str, got {type(text).__name__}")
    tokens = _PUNCTUATION.sub("", text.lower()).split()
    if not tokens:
        raise ValueError(f"text {text!r} has no words to tokenize")
    return tokens


class Vocabulary:
    """A two-way map between tokens and integer ids.

    ``specials`` come first, in the order given; with the default, id 0 is ``<pad>`` and
    id 1 is ``<unk>``, the same layout as TextVectorization's "int" mode. A vocabulary
    without ``<unk>`` refuses unknown tokens instead of mapping them.

    Tokens are strings. When every ordinary token is one character (a character
    vocabulary), ``encode`` also takes a plain string and reads it character by character.
    """

    def __init__(self, tokens, specials=(PAD, UNK)):
        check_tokens(tokens, "tokens")
        check_not_empty(tokens, "tokens")
        check_tokens(specials, "specials")
        self.tokens = list(specials) + [t for t in tokens if t not in specials]
        if len(set(self.tokens)) != len(self.tokens):
            raise ValueError("tokens should be unique; the list has repeats")
        self._ids = {token: i for i, token in enumerate(self.tokens)}
        self._characters = all(len(t) == 1 for t in self.tokens if t not in specials)

    @classmethod
    def from_texts(cls, token_lists, specials=(PAD, UNK), min_count=1, max_size=None):
        """Build a vocabulary from lists of tokens: most frequent first, ties alphabetical.

        ``token_lists`` is a list of token lists (``[["he", "is"], ...]``), not of strings.
        ``min_count`` (>= 1) drops rarer tokens; ``max_size`` (>= 1, or None for no cap)
        caps the number of ordinary tokens (specials not counted).
        """
        check_token_lists(token_lists, "token_lists")
        min_count = check_int(min_count, "min_count", minimum=1)
        if max_size is not None:
            max_size = check_int(max_size, "max_size", minimum=1)
        check_tokens(specials, "specials")
        counts = collections.Counter(t for tokens in token_lists for t in tokens)
        ranked = sorted(counts, key=lambda t: (-counts[t], t))
        kept = [t for t in ranked if counts[t] >= min_count and t not in specials]
        if not kept:
            most = max((c for t, c in counts.items() if t not in specials), default=0)
            raise ValueError(f"no token besides the specials occurs at least min_count={min_count} "
                             f"times (the most frequent occurs {most} times)")
        return cls(kept[:max_size], specials=specials)

    def __len__(self):
        return len(self.tokens)

    def __contains__(self, token):
        return token in self._ids

    def __repr__(self):
        preview = ", ".join(self.tokens[:6])
        return f"Vocabulary({len(self)} tokens: {preview}{', ...' if len(self) > 6 else ''})"

    @property
    def pad_id(self):
        """The id of ``<pad>``; a ValueError if the vocabulary has no ``<pad>`` token."""
        if PAD not in self._ids:
            raise ValueError(f"this vocabulary has no {PAD} token, so it has no pad_id: build it "
                             f"with {PAD} among its specials (the default is ({PAD!r}, {UNK!r}))")
        return self._ids[PAD]

    def index(self, token):
        """The id of ``token``; ``<unk>``'s id if it is unknown and the vocabulary has one."""
        if not isinstance(token, str):
            raise ValueError(f"token should be a str, got {type(token).__name__} {token!r:.60}")
        if token in self._ids:
            return self._ids[token]
        if UNK in self._ids:
            return self._ids[UNK]
        raise ValueError(f"token {token!r} is not in the vocabulary, which has no {UNK} token")

    def encode(self, tokens):
        """Tokens (a list of str) -> list of ids.

        A plain string is accepted only by a character vocabulary, which reads it character
        by character; a word vocabulary raises, since the words should be split first.
        """
        if isinstance(tokens, str):
            if not self._characters:
                raise ValueError(f"tokens should be a list of tokens, got the str {tokens!r:.60}: "
                                 f"split it first, e.g. with tokenize(text)")
        elif not isinstance(tokens, (list, tuple, np.ndarray)):
            raise ValueError(f"tokens should be a list of tokens, got {type(tokens).__name__}")
        return [self.index(t) for t in tokens]

    def decode(self, ids):
        """Ids (integers) -> list of tokens. Raises for an id outside ``0 .. len(self) - 1``."""
        if isinstance(ids, str) or not isinstance(ids, (list, tuple, np.ndarray)):
            raise ValueError(f"ids should be a list or 1-D array of integer ids, got "
                             f"{type(ids).__name__}")
        out = []
        for k, i in enumerate(ids):
            check_int(i, f"ids[{k}]", minimum=None)
            if not 0 <= int(i) < len(self.tokens):
                raise ValueError(f"id {i} is outside the vocabulary (0 .. {len(self) - 1})")
            out.append(self.tokens[int(i)])
        return out


def decode_until_eos(ids, vocab):
    """Decoder output ids -> tokens, stopping at ``<eos>`` and dropping ``<pad>`` and ``<bos>``.

    How a generated sequence is read back in notebooks 07 (words) and 08 (characters).
    """
    tokens = []
    for token in vocab.decode(ids):
        if token == EOS:
            break
        if token not in (PAD, BOS):
            tokens.append(token)
    return tokens


def bag_of_words(token_lists, vocab, mode="count"):
    """Sentence-level features: (batch, vocab_size), one column per vocabulary entry.

    ``mode="count"`` counts each token; ``"multi_hot"`` only marks presence (0 or 1).
    Word order is lost, which notebook 01 shows is the weakness of this feature.
    """
    check_choice(mode, BAG_MODES, "mode")
    check_token_lists(token_lists, "token_lists")
    if not isinstance(vocab, Vocabulary):
        raise ValueError(f"vocab should be a Vocabulary, got {type(vocab).__name__}")
    bags = np.zeros((len(token_lists), len(vocab)), dtype=np.float32)
    for row, tokens in enumerate(token_lists):
        check_not_empty(tokens, f"token_lists[{row}]")
        for i in vocab.encode(tokens):
            bags[row, i] += 1
    return np.minimum(bags, 1) if mode == "multi_hot" else bags


def one_hot(ids, depth):
    """Word-level features: ids of shape (..., time) -> (..., time, depth) of 0s and 1s."""
    depth = check_int(depth, "depth", minimum=1)
    ids = np.asarray(ids)
    if ids.size == 0:
        raise ValueError("ids is empty: expected at least one token id")
    if not np.issubdtype(ids.dtype, np.integer):
        raise ValueError(f"ids should be integers, got dtype {ids.dtype}")
    if ids.min() < 0 or ids.max() >= depth:
        raise ValueError(f"ids should lie in 0 .. {depth - 1}, got {ids.min()} .. {ids.max()}")
    return np.eye(depth, dtype=np.float32)[ids]


def pad(sequences, maxlen=None, side="pre", truncating="pre", value=0):
    """Pad id lists to one length: (batch, maxlen), like ``keras.utils.pad_sequences``.

    ``side="pre"`` puts the padding in front (Keras's default), ``"post"`` behind.
    Longer sequences are cut, from the front with ``truncating="pre"``. ``sequences`` is a
    list of integer id lists, ``maxlen`` an int >= 1 (None: the longest), ``value`` an int.
    """
    check_choice(side, SIDES, "side")
    check_choice(truncating, SIDES, "truncating")
    if isinstance(sequences, str):
        raise ValueError(f"sequences should be a list of id lists, got the str {sequences!r:.60}")
    check_not_empty(sequences, "sequences")
    value = check_int(value, "value", minimum=None)
    lengths, flat = _lengths_and_ids(sequences)
    maxlen = int(lengths.max()) if maxlen is None else check_int(maxlen, "maxlen", minimum=1)
    # Every id at once: id j of a row of length n (keeping k = min(n, maxlen) of them) lands in
    # column j - dropped (+ maxlen - k when padding in front) if it is among the kept ids.
    kept = np.minimum(lengths, maxlen)
    dropped = lengths - kept if truncating == "pre" else np.zeros_like(lengths)
    row = np.repeat(np.arange(len(lengths)), lengths)
    j = np.arange(len(flat)) - np.repeat(np.cumsum(lengths) - lengths, lengths)
    keep = (j >= dropped[row]) & (j < (dropped + kept)[row])
    column = j - dropped[row] + ((maxlen - kept)[row] if side == "pre" else 0)
    out = np.full((len(lengths), maxlen), value, dtype=np.int64)
    out[row[keep], column[keep]] = flat[keep]
    return out


def _lengths_and_ids(sequences):
    """(lengths (batch,), every id in order (sum of lengths,)) of a list of id lists. One
    NumPy conversion when every row is a non-empty list of ints; otherwise the row-by-row
    check finds the first bad row and says what is wrong with it."""
    try:
        lengths = np.array([len(seq) for seq in sequences], dtype=np.int64)
        flat = np.asarray(list(itertools.chain.from_iterable(sequences)))
        fine = (all(isinstance(seq, (list, tuple, np.ndarray)) for seq in sequences)
                and lengths.min() > 0 and flat.ndim == 1 and np.issubdtype(flat.dtype, np.integer))
    except (TypeError, ValueError):
        fine = False
    if fine:
        return lengths, flat.astype(np.int64)
    for row, seq in enumerate(sequences):
        ids = np.asarray(seq)
        if isinstance(seq, str) or ids.ndim != 1:
            raise ValueError(f"sequences[{row}] should be a list of integer ids, got "
                             f"{type(seq).__name__} {seq!r:.60}")
        if ids.size == 0:
            raise ValueError(f"sequence {row} is empty: every sequence needs a token")
        if not np.issubdtype(ids.dtype, np.integer):
            raise ValueError(f"sequences[{row}] should hold integer ids, got dtype {ids.dtype}")
    # every row is fine on its own (say, a range, or NumPy rows of mixed integer dtypes)
    rows = [np.asarray(seq).astype(np.int64) for seq in sequences]
    return np.array([len(r) for r in rows], dtype=np.int64), np.concatenate(rows)
