"""The chatterbot-corpus English dialogues as prompt/reply pairs, ready for seq2seq.

Taught in notebook 07 (seq2seq chatbot).

The data ship with the ``chatterbot-corpus`` package (BSD-3): one YAML file per
category, each with a ``conversations`` list whose entries are lists of turns. Every
two consecutive turns make one (prompt, reply) pair. Nothing is copied or downloaded.

Shapes, for ``batch`` pairs: encoder input ``(batch, src_time)``, decoder input and
decoder target ``(batch, tgt_time)``, all integer ids with ``<pad>`` = 0.
"""
import os
from typing import NamedTuple

import numpy as np
import yaml

from course_utils.checks import (check_bool, check_fraction, check_int, check_names, check_not_empty,
                                  check_seed, check_token_lists, check_tokens)
from course_utils.text import BOS, EOS, PAD, UNK, Vocabulary, decode_until_eos, pad, tokenize

SPECIALS = (PAD, UNK, BOS, EOS)


class Pair(NamedTuple):
    prompt: str
    reply: str
    category: str


def english_dir():
    """The folder of English YAML files inside the installed chatterbot-corpus package."""
    try:
        from chatterbot_corpus.corpus import DATA_DIRECTORY
    except ImportError:
        raise ValueError("the chatterbot-corpus package is not installed: "
                         "pip install chatterbot-corpus (it is in requirements.txt)") from None
    return os.path.join(DATA_DIRECTORY, "english")


def categories(data_dir=None):
    """Sorted category names, one per ``<name>.yml`` file in ``data_dir``."""
    data_dir = english_dir() if data_dir is None else data_dir
    if not os.path.isdir(data_dir):
        raise ValueError(f"corpus folder {data_dir} does not exist")
    names = sorted(f[:-4] for f in os.listdir(data_dir) if f.endswith(".yml"))
    if not names:
        raise ValueError(f"corpus folder {data_dir} holds no .yml files")
    return names


def read_conversations(path, strict=False):
    """The conversations of one YAML file: a list of lists of turns (strings).

    A file that is missing, is not valid YAML or has no ``conversations`` list raises
    ValueError. An entry that is not a list of at least two non-empty strings (the
    shipped trivia.yml has one, a prompt and reply run together into one string) is
    dropped, or raises ValueError with ``strict=True``.
    """
    strict = check_bool(strict, "strict")
    if not os.path.isfile(path):
        raise ValueError(f"corpus file {path} does not exist")
    try:
        with open(path, encoding="utf-8") as handle:
            content = yaml.safe_load(handle)
    except (yaml.YAMLError, UnicodeDecodeError) as err:
        raise ValueError(f"corpus file {path} is not valid YAML: {err}") from None
    if not isinstance(content, dict) or not isinstance(content.get("conversations"), list):
        raise ValueError(f"corpus file {path} should hold a mapping with a 'conversations' "
                         f"list, got {type(content).__name__}")
    kept = []
    for i, turns in enumerate(content["conversations"]):
        if _is_conversation(turns):
            kept.append([t.strip() for t in turns])
        elif strict:
            raise ValueError(f"{os.path.basename(path)}: conversation {i} should be a list of "
                             f"at least two non-empty strings, got {turns!r:.80}")
    return kept


def _is_conversation(turns):
    return (isinstance(turns, list) and len(turns) >= 2
            and all(isinstance(t, str) and t.strip() for t in turns))


def load_pairs(names=None, data_dir=None, strict=False):
    """(prompt, reply, category) pairs from consecutive turns, exact repeats removed.

    ``names`` picks categories (default: all). The corpus repeats some pairs verbatim;
    keeping one copy stops the same pair from landing in both train and held-out sets.
    """
    data_dir = english_dir() if data_dir is None else data_dir
    available = categories(data_dir)
    names = available if names is None else check_names(names, "names")
    pairs, seen = [], set()
    for name in names:
        if name not in available:
            raise ValueError(f"unknown category {name!r}; available: {', '.join(available)}")
        for turns in read_conversations(os.path.join(data_dir, name + ".yml"), strict):
            for prompt, reply in zip(turns[:-1], turns[1:]):
                if (prompt, reply) not in seen:
                    seen.add((prompt, reply))
                    pairs.append(Pair(prompt, reply, name))
    if not pairs:
        raise ValueError(f"no prompt/reply pairs found in {data_dir} for {names}")
    return pairs


def chat_tokenize(text):
    """``course_utils.text.tokenize`` after mapping typographic quotes to ASCII ones.

    "It’s fine!" -> ["its", "fine"]. Raises ValueError for text with no words.
    """
    if not isinstance(text, str):
        raise ValueError(f"text should be a str, got {type(text).__name__}")
    return tokenize(text.replace("\u2019", "'").replace("\u2018", "'"))


def tokenize_pairs(pairs, max_words=None):
    """Token lists (prompts, replies); pairs with a side over ``max_words`` are dropped."""
    check_not_empty(pairs, "pairs")
    if max_words is not None:
        max_words = check_int(max_words, "max_words", minimum=1)
    prompts, replies = [], []
    for pair in pairs:
        p, r = _tokens_or_none(pair[0]), _tokens_or_none(pair[1])
        if p and r and (max_words is None or max(len(p), len(r)) <= max_words):
            prompts.append(p)
            replies.append(r)
    if not prompts:
        sizes = "at least one word" if max_words is None else f"between 1 and {max_words} words"
        raise ValueError(f"no pair has {sizes} on both sides")
    return prompts, replies


def _tokens_or_none(text):
    try:
        return chat_tokenize(text)
    except ValueError:      # punctuation only, e.g. a reply of "..."
        return None


def build_vocabulary(token_lists, max_size=None, min_count=1):
    """A ``Vocabulary`` with ``<pad>`` = 0, ``<unk>`` = 1, ``<bos>`` = 2, ``<eos>`` = 3."""
    return Vocabulary.from_texts(token_lists, specials=SPECIALS, min_count=min_count,
                                 max_size=max_size)


def split_by_prompt(prompts, replies, held_out=0.2, seed=0):
    """Indices (train, held_out) such that no prompt appears on both sides.

    The corpus gives several replies to one prompt ("how are you doing" -> "good",
    "fine and you", ...); splitting pairs at random would put the same question in both
    sets.
    """
    _check_prompts_and_replies(prompts, replies)
    held_out = check_fraction(held_out, "held_out")
    seed = check_seed(seed)
    keys = sorted({tuple(p) for p in prompts})
    rng = np.random.default_rng(seed)
    chosen = set(rng.permutation(len(keys))[: max(1, round(held_out * len(keys)))])
    test_keys = {keys[i] for i in chosen}
    test = [i for i, p in enumerate(prompts) if tuple(p) in test_keys]
    train = [i for i, p in enumerate(prompts) if tuple(p) not in test_keys]
    return np.array(train), np.array(test)


def encode_pairs(prompts, replies, vocab, src_len, tgt_len, reverse_source=False):
    """Id arrays for teacher-forced training: (encoder_in, decoder_in, decoder_target).

    encoder_in (batch, src_len): prompt ids, post-padded (reversed first when
    ``reverse_source``); decoder_in (batch, tgt_len): ``<bos>`` + reply; decoder_target
    (batch, tgt_len): reply + ``<eos>``, the decoder input shifted by one step. Longer
    sequences are cut at the end. Unknown words become ``<unk>``. ``vocab`` needs the
    specials ``<pad>``, ``<bos>`` and ``<eos>`` (``build_vocabulary`` gives them).
    """
    _check_prompts_and_replies(prompts, replies)
    src_len = check_int(src_len, "src_len", minimum=1)
    tgt_len = check_int(tgt_len, "tgt_len", minimum=1)
    reverse_source = check_bool(reverse_source, "reverse_source")
    if not isinstance(vocab, Vocabulary):
        raise ValueError(f"vocab should be a Vocabulary, got {type(vocab).__name__}")
    missing = [token for token in (PAD, BOS, EOS) if token not in vocab]
    if missing:
        raise ValueError(f"vocab should hold the specials {PAD}, {BOS} and {EOS} (build it with "
                         f"build_vocabulary), but it has no {', '.join(missing)}")
    bos, eos = vocab.index(BOS), vocab.index(EOS)
    src = [encode_prompt(p, vocab, reverse_source)[:src_len] for p in prompts]
    tgt = [vocab.encode(r) for r in replies]
    common = {"side": "post", "truncating": "post", "value": vocab.pad_id}
    encoder_in = pad(src, maxlen=src_len, **common)
    decoder_in = pad([[bos] + t for t in tgt], maxlen=tgt_len, **common)
    decoder_target = pad([t + [eos] for t in tgt], maxlen=tgt_len, **common)
    return encoder_in, decoder_in, decoder_target


def encode_prompt(tokens, vocab, reverse_source=False):
    """Prompt tokens -> ids, reversed when ``reverse_source`` (Sutskever et al.'s trick)."""
    check_tokens(tokens, "tokens")
    check_not_empty(tokens, "tokens")
    reverse_source = check_bool(reverse_source, "reverse_source")
    ids = vocab.encode(tokens)
    return ids[::-1] if reverse_source else ids


def decode_reply(ids, vocab):
    """Ids -> text, stopping at ``<eos>`` and skipping ``<pad>`` and ``<bos>``."""
    return " ".join(decode_until_eos(ids, vocab))


def _check_prompts_and_replies(prompts, replies):
    check_token_lists(prompts, "prompts")
    if isinstance(replies, (list, tuple)) and len(prompts) != len(replies):
        raise ValueError(f"prompts and replies should have the same length, got "
                         f"{len(prompts)} and {len(replies)}")
    check_token_lists(replies, "replies")
