"""course_utils.chat_corpus: chatterbot-corpus pairs for seq2seq (notebook 07)."""
import numpy as np
import pytest

from course_utils.chat_corpus import (
    SPECIALS, build_vocabulary, categories, chat_tokenize, decode_reply, encode_pairs, english_dir,
    encode_prompt, load_pairs, read_conversations, split_by_prompt, tokenize_pairs)
from course_utils.text import BOS, EOS


def _write(tmp_path, name, text):
    (tmp_path / name).write_text(text, encoding="utf-8")
    return tmp_path


def test_shipped_corpus_loads():
    names = categories()
    assert "greetings" in names and "trivia" in names and len(names) >= 15
    pairs = load_pairs()
    assert len(pairs) > 1000
    assert len(set((p.prompt, p.reply) for p in pairs)) == len(pairs)    # no exact repeats
    greetings = load_pairs(["greetings"])
    assert greetings[0].prompt == "Hello" and greetings[0].reply == "Hi"
    assert {p.category for p in greetings} == {"greetings"}


def test_shipped_trivia_has_one_malformed_entry():
    path = english_dir() + "/trivia.yml"
    assert len(read_conversations(path)) > 200
    with pytest.raises(ValueError, match="conversation 13 should be a list"):
        read_conversations(path, strict=True)


def test_consecutive_turns_make_pairs(tmp_path):
    _write(tmp_path, "toy.yml", "conversations:\n- - Hi\n  - Hello there\n  - How are you?\n"
                                "- - Hi\n  - Hello there\n")
    pairs = load_pairs(data_dir=str(tmp_path))
    assert [(p.prompt, p.reply) for p in pairs] == [("Hi", "Hello there"),
                                                     ("Hello there", "How are you?")]


def test_missing_and_corrupt_files_raise(tmp_path):
    with pytest.raises(ValueError, match="does not exist"):
        read_conversations(str(tmp_path / "nope.yml"))
    with pytest.raises(ValueError, match="does not exist"):
        categories(str(tmp_path / "missing_dir"))
    with pytest.raises(ValueError, match="no .yml files"):
        categories(str(tmp_path))
    _write(tmp_path, "broken.yml", "conversations:\n- - Hi\n  - [unclosed\n")
    with pytest.raises(ValueError, match="not valid YAML"):
        read_conversations(str(tmp_path / "broken.yml"))
    _write(tmp_path, "wrong.yml", "- just\n- a list\n")
    with pytest.raises(ValueError, match="'conversations' list"):
        read_conversations(str(tmp_path / "wrong.yml"))
    with pytest.raises(ValueError, match="unknown category 'sport'"):
        load_pairs(["sport"], data_dir=str(tmp_path))
    (tmp_path / "latin1.yml").write_bytes("conversations:\n- - caf\xe9\n  - ok\n".encode("latin-1"))
    with pytest.raises(ValueError, match="not valid YAML"):
        read_conversations(str(tmp_path / "latin1.yml"))


def test_tokenize_and_vocabulary():
    assert chat_tokenize("It\u2019s fine, thanks!") == ["its", "fine", "thanks"]
    with pytest.raises(ValueError, match="no words"):
        chat_tokenize("  ...  ")
    with pytest.raises(ValueError, match="should be a str"):
        chat_tokenize(None)
    prompts, replies = tokenize_pairs([("Hi!", "Hello."), ("...", "ok"),
                                       ("one two three four", "x")], max_words=3)
    assert prompts == [["hi"]] and replies == [["hello"]]
    vocab = build_vocabulary(prompts + replies)
    assert vocab.tokens[:4] == list(SPECIALS) and vocab.pad_id == 0
    with pytest.raises(ValueError, match="no pair has at least one word on both sides"):
        tokenize_pairs([("...", "!")])
    with pytest.raises(ValueError, match="no pair has between 1 and 2 words on both sides"):
        tokenize_pairs([("one two three", "four")], max_words=2)


def test_encode_pairs_shifts_the_target_by_one():
    vocab = build_vocabulary([["how", "are", "you"], ["fine", "thanks"]])
    enc, dec_in, dec_out = encode_pairs([["how", "are", "you"]], [["fine", "thanks"]],
                                        vocab, src_len=4, tgt_len=4)
    ids = vocab.encode
    bos, eos = vocab.index(BOS), vocab.index(EOS)
    np.testing.assert_array_equal(enc, [ids(["how", "are", "you"]) + [0]])
    np.testing.assert_array_equal(dec_in, [[bos] + ids(["fine", "thanks"]) + [0]])
    np.testing.assert_array_equal(dec_out, [ids(["fine", "thanks"]) + [eos, 0]])
    np.testing.assert_array_equal(dec_in[:, 1:3], dec_out[:, :2])
    rev, _, _ = encode_pairs([["how", "are", "you"]], [["fine"]], vocab, 4, 3,
                             reverse_source=True)
    np.testing.assert_array_equal(rev, [ids(["you", "are", "how"]) + [0]])
    assert encode_prompt(["how", "zebra"], vocab) == [vocab.index("how"), 1]   # <unk> = 1
    assert decode_reply(dec_out[0], vocab) == "fine thanks"
    with pytest.raises(ValueError, match="same length"):
        encode_pairs([["a"]], [], vocab, 2, 2)
    with pytest.raises(ValueError, match="tokens is empty"):
        encode_prompt([], vocab)


def test_split_keeps_each_prompt_on_one_side():
    prompts = [["hi"], ["hi"], ["bye"], ["yes"], ["no"], ["why"], ["hi"], ["ok"]]
    replies = [["r"]] * len(prompts)
    train, test = split_by_prompt(prompts, replies, held_out=0.4, seed=1)
    assert sorted(np.concatenate([train, test]).tolist()) == list(range(len(prompts)))
    assert not {tuple(prompts[i]) for i in train} & {tuple(prompts[i]) for i in test}
    with pytest.raises(ValueError, match="held_out"):
        split_by_prompt(prompts, replies, held_out=1.5)
    with pytest.raises(ValueError, match="same length"):
        split_by_prompt(prompts, replies[:2])
