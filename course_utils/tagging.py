"""Generated data for notebook 06 (bidirectional LSTM, padding and masking).

Two generators, both seeded:

``tagged_sentences``: a small English grammar that writes part-of-speech-tagged sentences. Some
words (duck, book, fly, ...) are a noun in one sentence and a verb in another. In the frames
the lecture uses ("I would like the duck", "He had to duck") the word *before* decides. In the
frame "<subject> saw her duck ..." the words before are the same for both readings and only the
word *after* decides: a bare verb ("... her duck swim") makes duck a NOUN and "her" a
possessive DET; an object ("... her duck the ball") makes duck a VERB and "her" a PRON. A tagger
that reads left to right cannot know which it is when it has to tag the word. The frame
"<subject> saw green ..." does the same for a word that is a surname or a colour: "... saw
green leave" makes green a name (PROPN), "... saw green apples" a colour (ADJ). Lower-cased text
has no capital letter to tell them apart, so again only the next word decides.

``first_token_task``: sequences of random tokens of varying length whose label is decided by
their first token only, used to show what padding does to a forward LSTM.
"""
import numpy as np

from course_utils.checks import check_choice, check_int, check_not_empty, check_seed
from course_utils.text import pad

TAGS = ("<pad>", "ADJ", "ADP", "ADV", "AUX", "DET", "NOUN", "PART", "PRON", "PROPN", "VERB")

# Each ambiguous word: bare verbs that can follow it as a noun ("her book fell" style, here
# "saw her book fall"), and objects it can take as a verb ("saw her book a room").
AMBIGUOUS = {
    "duck": (("swim", "sleep", "eat", "quack"), ("the ball", "the question", "a punch")),
    "book": (("fall", "burn", "vanish"), ("a room", "a table", "the flight")),
    "fly": (("land", "buzz", "escape"), ("a kite", "the plane", "a drone")),
    "ring": (("shine", "fall", "vanish"), ("the bell", "the doctor", "a friend")),
    "watch": (("stop", "break", "fall"), ("the game", "a film", "the news")),
    "paint": (("dry", "crack", "peel"), ("the wall", "a fence", "the door")),
    "plant": (("grow", "die", "bloom"), ("a tree", "the seeds", "a rose")),
    "drink": (("spill", "freeze", "fall"), ("the tea", "a coffee", "the milk")),
    "light": (("flicker", "fade", "shine"), ("the candle", "a fire", "the lamp")),
    "cook": (("leave", "sleep", "smile"), ("the dinner", "a meal", "the rice")),
}
# Words that are a surname or a colour, the bare verbs that follow a person ("saw green
# leave"), and the plural nouns that follow a colour ("saw green apples").
NAME_OR_COLOUR = ("green", "brown", "white", "black")
AFTER_NAME = ("leave", "smile", "win", "sing", "arrive")
AFTER_COLOUR = ("apples", "cars", "doors", "fields", "hats")
SEE = ("saw", "watched", "noticed")
SUBJECTS = (("i",), ("we",), ("they",), ("you",), ("he",), ("she",),
            ("the", "teacher"), ("my", "brother"), ("our", "neighbour"), ("the", "old", "man"),
            ("a", "child"), ("the", "nurse"))
PERCEIVE = ("saw", "watched", "noticed", "heard", "helped", "let")
ADJECTIVES = ("big", "small", "old", "new", "red", "quiet")
ENDINGS = ((), (), ("again",), ("yesterday",), ("today",), ("quickly",),
           ("in", "the", "garden"), ("at", "the", "park"), ("near", "the", "river"),
           ("after", "lunch"))
_WORD_TAGS = {
    "i": "PRON", "we": "PRON", "they": "PRON", "you": "PRON", "he": "PRON", "she": "PRON",
    "the": "DET", "a": "DET", "my": "DET", "our": "DET", "to": "PART", "would": "AUX",
    "like": "VERB", "had": "VERB", "wanted": "VERB", "in": "ADP", "at": "ADP", "near": "ADP",
    "after": "ADP", "again": "ADV", "yesterday": "ADV", "today": "ADV", "quickly": "ADV",
}
FRAMES = ("after_her", "after_the", "after_to", "name_or_colour")


def tagged_sentences(n, seed=0, frames=FRAMES, exclude=()):
    """``n`` distinct sentences as (words, tags, ambiguous_positions) triples.

    ``frames`` picks the sentence shapes (see the module docstring): "after_her" and
    "name_or_colour" (the next word decides), "after_the" and "after_to" (the previous word
    decides). ``ambiguous_positions`` index the words whose tag the frame leaves open. Sentences whose words are
    in ``exclude`` (a set of tuples of words) are skipped, so a held-out set can be drawn that
    shares no sentence with a training set.
    """
    n = check_int(n, "n", minimum=1)
    seed = check_seed(seed)
    if isinstance(frames, str):
        raise ValueError(f"frames should be a list of frame names, got the str {frames!r}: "
                         f"write [{frames!r}] for just that one")
    frames = tuple(frames)
    if not frames:
        raise ValueError("frames is empty: expected at least one of " + ", ".join(FRAMES))
    for frame in frames:
        check_choice(frame, FRAMES, "frame")
    rng = np.random.default_rng(seed)
    seen, out, misses = set(exclude), [], 0
    while misses < 5000:           # 5000 repeats in a row: the frames are used up
        words, tags, ambiguous = _sentence(rng, frames[rng.integers(len(frames))])
        if tuple(words) in seen:
            misses += 1
            continue
        seen.add(tuple(words))
        out.append((words, tags, ambiguous))
        misses = 0
        if len(out) == n:
            return out
    raise ValueError(f"the grammar ran out of new sentences after {len(out)} of {n}")


def _pick(rng, options):
    return options[rng.integers(len(options))]


def _sentence(rng, frame):
    if frame == "name_or_colour":
        return _name_or_colour_sentence(rng)
    word = _pick(rng, sorted(AMBIGUOUS))
    noun_next, verb_objects = AMBIGUOUS[word]
    subject = list(_pick(rng, SUBJECTS))
    if frame == "after_her":
        as_noun = bool(rng.integers(2))
        middle = [_pick(rng, PERCEIVE), "her", word]
        mid_tags = ["VERB", "DET" if as_noun else "PRON", "NOUN" if as_noun else "VERB"]
        rest = [_pick(rng, noun_next)] if as_noun else _pick(rng, verb_objects).split()
        rest_tags = ["VERB"] if as_noun else ["DET", "NOUN"]
        ambiguous = [len(subject) + 1, len(subject) + 2]
    elif frame == "after_the":
        adjective = [_pick(rng, ADJECTIVES)] if rng.integers(2) else []
        verb = _pick(rng, (["would", "like"], ["wanted"], ["saw"], ["found"]))
        middle = verb + ["the"] + adjective + [word]
        mid_tags = [_tag(w) for w in verb] + ["DET"] + ["ADJ"] * len(adjective) + ["NOUN"]
        rest, rest_tags = [], []
        ambiguous = [len(subject) + len(middle) - 1]
    else:
        verb = _pick(rng, (["had"], ["wanted"], ["would", "like"]))
        middle = verb + ["to", word]
        mid_tags = [_tag(w) for w in verb] + ["PART", "VERB"]
        rest = _pick(rng, verb_objects).split() if rng.integers(2) else []
        rest_tags = ["DET", "NOUN"][: len(rest)]
        ambiguous = [len(subject) + len(middle) - 1]
    ending = list(_pick(rng, ENDINGS))
    words = subject + middle + rest + ending
    tags = [_tag(w) for w in subject] + mid_tags + rest_tags + [_tag(w) for w in ending]
    return words, tags, ambiguous


def _name_or_colour_sentence(rng):
    subject = list(_pick(rng, SUBJECTS))
    as_name = bool(rng.integers(2))
    following = _pick(rng, AFTER_NAME if as_name else AFTER_COLOUR)
    middle = [_pick(rng, SEE), _pick(rng, NAME_OR_COLOUR), following]
    mid_tags = ["VERB", "PROPN" if as_name else "ADJ", "VERB" if as_name else "NOUN"]
    ending = list(_pick(rng, ENDINGS))
    words = subject + middle + ending
    tags = [_tag(w) for w in subject] + mid_tags + [_tag(w) for w in ending]
    return words, tags, [len(subject) + 1]


def _tag(word):
    if word in _WORD_TAGS:
        return _WORD_TAGS[word]
    if word in ADJECTIVES:
        return "ADJ"
    if word in ("saw", "watched", "noticed", "heard", "helped", "let", "found"):
        return "VERB"
    return "NOUN"


def vocabulary_words():
    """Every word the grammar can write, sorted."""
    words = set(_WORD_TAGS) | set(AMBIGUOUS) | set(ADJECTIVES) | set(PERCEIVE) | {"her", "found"}
    words |= set(NAME_OR_COLOUR) | set(AFTER_NAME) | set(AFTER_COLOUR) | set(SEE)
    for noun_next, objects in AMBIGUOUS.values():
        words |= set(noun_next) | {w for phrase in objects for w in phrase.split()}
    for group in (SUBJECTS, ENDINGS):
        words |= {w for phrase in group for w in phrase}
    return sorted(words)


def first_token_task(n, vocab_size=20, min_len=4, max_len=8, seed=0):
    """Random token sequences whose label is 1 if the FIRST token is in the lower half of the
    vocabulary (ids 1 .. vocab_size // 2), else 0.

    Returns (sequences, labels): a list of ``n`` lists of ids in 1 .. vocab_size (0 is left for
    padding) with lengths in ``min_len .. max_len``, and labels of shape (n,). Pad them with
    ``course_utils.text.pad`` or :func:`pad_first_token_task`.
    """
    n = check_int(n, "n", minimum=1)
    vocab_size = check_int(vocab_size, "vocab_size", minimum=2)
    min_len = check_int(min_len, "min_len", minimum=1)
    max_len = check_int(max_len, "max_len", minimum=1)
    seed = check_seed(seed)
    if not 1 <= min_len <= max_len:
        raise ValueError(f"need 1 <= min_len <= max_len, got min_len={min_len}, max_len={max_len}")
    rng = np.random.default_rng(seed)
    lengths = rng.integers(min_len, max_len + 1, size=n)
    sequences = [[int(t) for t in rng.integers(1, vocab_size + 1, size=int(k))] for k in lengths]
    labels = np.array([int(s[0] <= vocab_size // 2) for s in sequences], dtype=np.int64)
    return sequences, labels


def pad_first_token_task(sequences, extra_padding, side="pre", max_len=None):
    """Pad to ``max_len + extra_padding`` steps: every sequence gets at least ``extra_padding``
    zeros on ``side``. Shape (batch, max_len + extra_padding).

    ``max_len`` defaults to the longest sequence. It may be larger (several batches padded to
    one length), never smaller: cutting a sequence could drop its first token, the one that
    decides the label, so a sequence longer than ``max_len`` raises a ValueError.
    """
    check_choice(side, ("pre", "post"), "side")
    extra_padding = check_int(extra_padding, "extra_padding", minimum=0)
    if isinstance(sequences, str):
        raise ValueError(f"sequences should be a list of id lists, got the str {sequences!r:.60}")
    check_not_empty(sequences, "sequences")
    for row, seq in enumerate(sequences):
        if not isinstance(seq, (list, tuple, np.ndarray)):
            raise ValueError(f"sequences[{row}] should be a list of integer ids, got "
                             f"{type(seq).__name__} {seq!r:.60}")
    longest = max(len(s) for s in sequences)
    if max_len is not None:
        max_len = check_int(max_len, "max_len", minimum=1)
        if longest > max_len:
            raise ValueError(f"max_len should be at least the longest sequence ({longest} tokens), "
                             f"got {max_len}: padding never cuts tokens, since the first one "
                             f"decides the label")
    longest = longest if max_len is None else max_len
    return pad(sequences, maxlen=longest + extra_padding, side=side)
