"""course_utils.tagging: the tagged-sentence grammar and the first-token task (notebook 06)."""
import numpy as np
import pytest

from course_utils.tagging import (AFTER_COLOUR, AFTER_NAME, AMBIGUOUS, FRAMES, NAME_OR_COLOUR, TAGS,
                                  first_token_task, pad_first_token_task, tagged_sentences,
                                  vocabulary_words)


def test_sentences_are_tagged_word_by_word_and_distinct():
    data = tagged_sentences(300, seed=0)
    assert len({tuple(w) for w, _, _ in data}) == 300
    for words, tags, ambiguous in data:
        assert len(words) == len(tags)
        assert set(tags) <= set(TAGS[1:])
        assert ambiguous and all(words[i] in AMBIGUOUS or words[i] in NAME_OR_COLOUR or words[i] == "her"
                                 for i in ambiguous)


def test_every_frame_is_used_by_default():
    data = tagged_sentences(400, seed=4)
    assert any("her" in w for w, _, _ in data)
    assert any(set(w) & set(NAME_OR_COLOUR) for w, _, _ in data)
    assert len(FRAMES) == 4 and "name_or_colour" in FRAMES


def test_seeded_and_held_out_sentences_differ_from_training():
    train = tagged_sentences(200, seed=1)
    assert tagged_sentences(200, seed=1) == train
    held_out = tagged_sentences(100, seed=2, exclude={tuple(w) for w, _, _ in train})
    assert not {tuple(w) for w, _, _ in train} & {tuple(w) for w, _, _ in held_out}


def test_after_her_frame_is_decided_by_the_next_word():
    data = tagged_sentences(200, seed=3, frames=["after_her"])
    readings = set()
    for words, tags, (her, word) in data:
        prefix_ok = words[her] == "her" and words[word] in AMBIGUOUS
        assert prefix_ok
        following_is_noun_next = words[word + 1] in AMBIGUOUS[words[word]][0]
        expected = ("DET", "NOUN") if following_is_noun_next else ("PRON", "VERB")
        assert (tags[her], tags[word]) == expected
        readings.add(expected)
    assert len(readings) == 2      # both readings occur


def test_name_or_colour_frame_is_decided_by_the_next_word():
    data = tagged_sentences(200, seed=3, frames=["name_or_colour"])
    readings = set()
    for words, tags, (position,) in data:
        word, following = words[position], words[position + 1]
        assert word in NAME_OR_COLOUR and words[position - 1] in ("saw", "watched", "noticed")
        if following in AFTER_NAME:
            assert (tags[position], tags[position + 1]) == ("PROPN", "VERB")
        else:
            assert following in AFTER_COLOUR and (tags[position], tags[position + 1]) == ("ADJ", "NOUN")
        readings.add(tags[position])
    assert readings == {"PROPN", "ADJ"}      # both readings occur


def test_lecture_sentences_are_in_the_grammar():
    lecture = {("i", "would", "like", "the", "duck"): ("after_the", "NOUN"),
               ("he", "had", "to", "duck"): ("after_to", "VERB"),
               ("i", "saw", "green", "leave"): ("name_or_colour", "PROPN"),
               ("i", "saw", "green", "apples"): ("name_or_colour", "ADJ")}
    for sentence, (frame, tag) in lecture.items():
        found = [(tags, ambiguous) for words, tags, ambiguous in
                 tagged_sentences(4000, seed=0, frames=[frame]) if tuple(words) == sentence]
        assert len(found) == 1, sentence
        tags, ambiguous = found[0]
        assert tags[ambiguous[0]] == tag


def test_vocabulary_covers_every_generated_word():
    words = set(vocabulary_words())
    assert vocabulary_words() == sorted(words) and {"duck", "her", "the", "green", "apples"} <= words
    assert all(set(w) <= words for w, _, _ in tagged_sentences(300, seed=5))


@pytest.mark.parametrize("kwargs, message", [
    ({"n": 0}, "n should be an integer of at least 1, got 0"),
    ({"n": 5, "frames": []}, "frames is empty"),
    ({"n": 5, "frames": ["sideways"]}, "frame should be one of"),
    ({"n": 5, "frames": "after_her"}, r"frames should be a list of frame names, got the str 'after_her'"),
    ({"n": 2.5}, "n should be an integer of at least 1, got 2.5"),
    ({"n": True}, "n should be an integer of at least 1, got True"),
    ({"n": 5, "seed": -1}, "seed should be an integer of at least 0 or None, got -1"),
    ({"n": 5, "seed": 1.0}, "seed should be an integer of at least 0 or None, got 1.0"),
])
def test_tagged_sentences_rejects_bad_input(kwargs, message):
    with pytest.raises(ValueError, match=message):
        tagged_sentences(**kwargs)


def test_first_token_task_label_is_decided_by_the_first_token():
    seqs, labels = first_token_task(500, vocab_size=20, min_len=4, max_len=8, seed=0)
    assert labels.shape == (500,) and 0.35 < labels.mean() < 0.65
    assert {len(s) for s in seqs} == set(range(4, 9))
    assert all(1 <= t <= 20 for s in seqs for t in s)
    np.testing.assert_array_equal(labels, [int(s[0] <= 10) for s in seqs])


def test_pad_first_token_task_adds_padding_on_the_chosen_side():
    seqs = [[3, 4], [5, 6, 7]]
    np.testing.assert_array_equal(pad_first_token_task(seqs, 2, side="pre"),
                                  [[0, 0, 0, 3, 4], [0, 0, 5, 6, 7]])
    np.testing.assert_array_equal(pad_first_token_task(seqs, 1, side="post"),
                                  [[3, 4, 0, 0], [5, 6, 7, 0]])


@pytest.mark.parametrize("kwargs, message", [
    ({"n": 0}, "n should be an integer of at least 1, got 0"),
    ({"n": True}, "n should be an integer of at least 1, got True"),
    ({"n": 5, "vocab_size": 1}, "vocab_size should be an integer of at least 2, got 1"),
    ({"n": 5, "vocab_size": 20.5}, "vocab_size should be an integer of at least 2, got 20.5"),
    ({"n": 5, "max_len": 8.0}, "max_len should be an integer of at least 1, got 8.0"),
    ({"n": 5, "seed": "0"}, "seed should be an integer of at least 0 or None, got str '0'"),
    ({"n": 5, "min_len": 5, "max_len": 4}, "min_len"),
    ({"n": 5, "min_len": 0}, "min_len"),
])
def test_first_token_task_rejects_bad_input(kwargs, message):
    with pytest.raises(ValueError, match=message):
        first_token_task(**kwargs)


def test_pad_first_token_task_rejects_bad_input():
    with pytest.raises(ValueError, match="extra_padding"):
        pad_first_token_task([[1, 2]], -1)
    with pytest.raises(ValueError, match="side should be one of"):
        pad_first_token_task([[1, 2]], 1, side="middle")
    with pytest.raises(ValueError, match="empty"):
        pad_first_token_task([[1], []], 1)


def test_bidirectional_diagram_draws_every_step_and_rejects_bad_input():
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    from course_utils.diagrams import bidirectional

    for side in ("pre", "post"):
        fig = bidirectional.draw(words=("i", "saw", "green"), padding=2, side=side)
        texts = [t.get_text() for t in fig.axes[0].texts]
        assert "$X_{5}$" in texts and "$O_{5}$" in texts and texts.count("0") == 2
        plt.close(fig)
    with pytest.raises(ValueError, match="side should be one of"):
        bidirectional.draw(side="middle")
    with pytest.raises(ValueError, match="at most 8"):
        bidirectional.draw(words=("a",) * 7, padding=2)
    with pytest.raises(ValueError, match="non-empty"):
        bidirectional.draw(words=())
