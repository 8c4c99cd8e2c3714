"""course_utils.surnames: Faker's surname lists as a country dataset (notebook 05)."""
import numpy as np
import pytest

from course_utils.surnames import (LOCALES, bag_of_characters, character_vocabulary,
                                   cross_label_anagrams, encode_names, labelled_names, last_names,
                                   load_surnames, scramble_names)


def test_last_names_are_lower_case_sorted_and_unique():
    names = last_names("it_IT")
    assert len(names) > 1000
    assert names == sorted(set(names))
    assert all(n == n.lower() for n in names)
    assert "rossi" in names


@pytest.mark.parametrize("locale", LOCALES)
def test_every_course_locale_loads(locale):
    assert len(last_names(locale)) >= 400


def test_unknown_locale_is_a_clear_error():
    with pytest.raises(ValueError, match="no person data for locale 'xx_XX'"):
        last_names("xx_XX")
    with pytest.raises(ValueError, match="should be a str"):
        last_names(None)


def test_non_latin_locale_is_refused():
    with pytest.raises(ValueError, match="other than Latin letters"):
        last_names("ja_JP")


def test_split_is_disjoint_stratified_and_seeded():
    data = load_surnames(("en_US", "it_IT"), held_out=0.25, seed=0)
    assert not set(data.train_names) & set(data.test_names)
    assert set(np.unique(data.train_labels)) == {0, 1}
    n_it = (data.train_labels == 1).sum() + (data.test_labels == 1).sum()
    assert abs((data.test_labels == 1).sum() - 0.25 * n_it) <= 1
    again = load_surnames(("en_US", "it_IT"), held_out=0.25, seed=0)
    assert again.test_names == data.test_names
    other = load_surnames(("en_US", "it_IT"), held_out=0.25, seed=1)
    assert other.test_names != data.test_names


def test_names_shared_by_locales_are_dropped_everywhere():
    data = load_surnames(("en_US", "fr_FR"))
    assert "martin" in data.dropped
    everywhere = data.train_names + data.test_names
    assert "martin" not in everywhere
    assert len(everywhere) == len(set(everywhere))
    label_of = dict(zip(everywhere, np.concatenate([data.train_labels, data.test_labels])))
    assert label_of[last_names("fr_FR")[0]] == 1 or last_names("fr_FR")[0] in data.dropped


@pytest.mark.parametrize("locales, message", [
    (("en_US",), "at least two"),
    (("en_US", "en_US"), "not repeat"),
    (("en_US", "zz_ZZ"), "no person data"),
])
def test_load_surnames_rejects_bad_locales(locales, message):
    with pytest.raises(ValueError, match=message):
        load_surnames(locales)


@pytest.mark.parametrize("held_out", [0, 1, 1.5, -0.1])
def test_load_surnames_rejects_bad_fraction(held_out):
    with pytest.raises(ValueError, match="held_out"):
        load_surnames(("en_US", "it_IT"), held_out=held_out)


def test_encode_names_pads_and_keeps_the_ending():
    vocab = character_vocabulary(["rossi", "smith"])
    ids = encode_names(["rossi", "smith"], vocab, maxlen=7)
    assert ids.shape == (2, 7)
    assert list(ids[0, :2]) == [0, 0]
    assert vocab.decode(ids[1, 2:]) == list("smith")
    cut = encode_names(["bernardini"], vocab, maxlen=3)
    assert vocab.decode(cut[0]) == ["i", "<unk>", "i"]   # last 3 characters ("ini"); no "n" -> unk


def test_encode_names_rejects_bad_input():
    vocab = character_vocabulary(["rossi"])
    with pytest.raises(ValueError, match="empty"):
        encode_names([], vocab, maxlen=4)
    with pytest.raises(ValueError, match="non-empty strings"):
        encode_names(["rossi", ""], vocab, maxlen=4)
    with pytest.raises(ValueError, match="non-empty strings"):
        encode_names(["rossi", 3], vocab, maxlen=4)


def test_bag_of_characters_counts_and_ignores_order():
    vocab = character_vocabulary(["amor", "roma"])
    bags = bag_of_characters(["amor", "roma", "rosso"], vocab)
    assert bags.shape == (3, len(vocab))
    np.testing.assert_array_equal(bags[0], bags[1])          # anagrams: same bag
    assert bags[2, vocab.index("s")] == 2 and bags[2].sum() == 5


def test_labelled_names_are_sorted_deduplicated_and_labelled():
    names, labels, shared = labelled_names(("en_US", "it_IT"))
    assert names == sorted(names) and len(names) == len(set(names)) == len(labels)
    assert "russo" in shared and "russo" not in names
    assert labels[names.index("rossi")] == 1


def test_a_plain_string_of_locales_is_refused():
    with pytest.raises(ValueError, match="list of names"):
        load_surnames("en_US")
    with pytest.raises(ValueError, match="list of names"):
        labelled_names("en_US")


def test_keep_out_names_are_held_out_on_every_seed():
    keep = ["agnesi", "gaines"]
    for seed in (0, 1, 2):
        data = load_surnames(("en_US", "it_IT"), seed=seed, keep_out=keep)
        assert set(keep) <= set(data.test_names)
        assert not set(data.train_names) & set(data.test_names)
    plain = load_surnames(("en_US", "it_IT"), seed=0)
    assert len(plain.test_names) == len(data.test_names)


@pytest.mark.parametrize("keep_out, message", [
    (["nobody-at-all"], "keep_out should list names"),
    (["russo"], "keep_out should list names"),        # shared, so dropped
    ("rossi", "list of names"),
])
def test_keep_out_rejects_bad_names(keep_out, message):
    with pytest.raises(ValueError, match=message):
        load_surnames(("en_US", "it_IT"), keep_out=keep_out)


def test_keep_out_cannot_empty_a_training_set():
    names, labels, _ = labelled_names(("en_US", "it_IT"))
    every_english = [n for n, lab in zip(names, labels) if lab == 0]
    with pytest.raises(ValueError, match="no training names"):
        load_surnames(("en_US", "it_IT"), keep_out=every_english)


def test_cross_label_anagrams_finds_pairs_across_labels_only():
    groups = cross_label_anagrams(["agnesi", "gaines", "amor", "roma", "smith"], [1, 0, 1, 1, 0])
    assert groups == [("agnesi", "gaines")]          # amor/roma share a label: not a pair
    names, labels, _ = labelled_names(("en_US", "it_IT"))
    assert ("agnesi", "gaines") in cross_label_anagrams(names, labels)


def test_cross_label_anagrams_rejects_bad_labels():
    with pytest.raises(ValueError, match="one per name"):
        cross_label_anagrams(["amor", "roma"], [0])
    with pytest.raises(ValueError, match="non-empty strings"):
        cross_label_anagrams(["amor", ""], [0, 1])


def test_scramble_names_keeps_the_bag_and_is_seeded():
    names = ["bernardini", "cunningham"]
    mixed = scramble_names(names, seed=3)
    assert [sorted(m) for m in mixed] == [sorted(n) for n in names]
    assert mixed != names
    assert scramble_names(names, seed=3) == mixed
    with pytest.raises(ValueError, match="seed"):
        scramble_names(names, seed=-1)
    with pytest.raises(ValueError, match="non-empty strings"):
        scramble_names(["ok", ""])
