"""course_utils.sequence_tasks: the long-range memory tasks of notebooks 03 and 04."""
import numpy as np
import pytest

from course_utils.sequence_tasks import adding_problem, first_symbol_recall


def test_first_symbol_recall_shapes_and_labels():
    x, y = first_symbol_recall(50, 12, n_symbols=3, n_distractors=5, seed=1)
    assert x.shape == (50, 12, 8) and x.dtype == np.float32 and y.shape == (50,)
    np.testing.assert_array_equal(x.sum(axis=-1), 1.0)                  # one-hot at every step
    ids = x.argmax(axis=-1)
    np.testing.assert_array_equal(ids[:, 0], y)                          # the cue is the label
    assert y.min() >= 0 and y.max() < 3
    assert (ids[:, 1:] >= 3).all()                                       # distractors are never cues


def test_first_symbol_recall_is_seeded():
    a, b, c = (first_symbol_recall(20, 5, seed=s) for s in (7, 7, 8))
    np.testing.assert_array_equal(a[0], b[0])
    np.testing.assert_array_equal(a[1], b[1])
    assert not np.array_equal(a[0], c[0])


def test_adding_problem_marks_one_step_per_half():
    x, y = adding_problem(100, 10, seed=2)
    assert x.shape == (100, 10, 2) and y.shape == (100,) and x.dtype == np.float32
    markers, values = x[..., 1], x[..., 0]
    np.testing.assert_array_equal(markers[:, :5].sum(axis=1), 1)
    np.testing.assert_array_equal(markers[:, 5:].sum(axis=1), 1)
    np.testing.assert_allclose(y, (values * markers).sum(axis=1), rtol=1e-6)
    assert ((values >= 0) & (values < 1)).all()
    np.testing.assert_array_equal(adding_problem(100, 10, seed=2)[0], x)


@pytest.mark.parametrize("kwargs, message", [
    ({"n_samples": 0, "length": 5}, "n_samples should be an integer of at least 1, got 0"),
    ({"n_samples": 3, "length": 1}, "length should be an integer of at least 2, got 1"),
    ({"n_samples": 3, "length": 5.5}, "length should be an integer of at least 2, got 5.5"),
    ({"n_samples": 3, "length": 5, "n_symbols": 1}, "n_symbols should be an integer of at least 2"),
    ({"n_samples": 3, "length": 5, "n_distractors": 0}, "n_distractors should be an integer of at least 1"),
    ({"n_samples": 3, "length": 5, "seed": -1}, "seed should be an integer of at least 0"),
])
def test_first_symbol_recall_rejects_bad_arguments(kwargs, message):
    with pytest.raises(ValueError, match=message):
        first_symbol_recall(**kwargs)


def test_adding_problem_with_a_marker_per_half():
    x2, y2 = adding_problem(60, 12, seed=4)
    x3, y3 = adding_problem(60, 12, seed=4, marker_per_half=True)
    assert x3.shape == (60, 12, 3) and x3.dtype == np.float32
    np.testing.assert_array_equal(y3, y2)
    np.testing.assert_array_equal(x3[..., 0], x2[..., 0])
    np.testing.assert_array_equal(x3[..., 1] + x3[..., 2], x2[..., 1])      # the same marked steps
    assert not x3[:, 6:, 1].any() and not x3[:, :6, 2].any()                 # one channel per half
    np.testing.assert_array_equal(x3[..., 1].sum(axis=1), 1)
    np.testing.assert_array_equal(x3[..., 2].sum(axis=1), 1)


@pytest.mark.parametrize("args, message", [
    ((0, 5), "n_samples should be an integer of at least 1"),
    ((3, 1), "length should be an integer of at least 2"),
    ((True, 5), "n_samples should be an integer of at least 1, got True"),
])
def test_adding_problem_rejects_bad_arguments(args, message):
    with pytest.raises(ValueError, match=message):
        adding_problem(*args)


# --- Reber grammar (notebook 04, exercise 3) ---------------------------------------------

from course_utils.sequence_tasks import REBER_SYMBOLS, reber_next_symbol_task, reber_strings  # noqa: E402


def _follows_grammar(string, allowed):
    """Every symbol after the first is in the allowed set of the symbol before it."""
    return len(allowed) == len(string) - 1 and all(s in a for s, a in zip(string[1:], allowed))


@pytest.mark.parametrize("embedded", [True, False])
def test_reber_strings_follow_their_allowed_sets(embedded):
    strings, allowed = reber_strings(200, embedded=embedded, seed=3)
    assert len(strings) == len(allowed) == 200
    for string, sets in zip(strings, allowed):
        assert string[0] == "B" and string[-1] == "E" and set(string) <= set(REBER_SYMBOLS)
        assert _follows_grammar(string, sets)


def test_embedded_reber_repeats_the_second_symbol_before_the_end():
    strings, allowed = reber_strings(100, embedded=True, seed=4)
    for string, sets in zip(strings, allowed):
        assert string[1] in "TP" and string[-2] == string[1] and string[2] == "B"
        assert sets[-2] == {string[1]}                  # after the inner E: only the wrap symbol
    assert {s[1] for s in strings} == {"T", "P"}


def test_reber_max_length_and_seed():
    strings, _ = reber_strings(100, max_length=12, seed=5)
    assert max(len(s) for s in strings) <= 12
    assert reber_strings(30, seed=6) == reber_strings(30, seed=6)
    assert reber_strings(30, seed=6)[0] != reber_strings(30, seed=7)[0]


def test_reber_next_symbol_task_arrays():
    x, allowed, mask = reber_next_symbol_task(50, seed=8)
    strings, sets = reber_strings(50, seed=8)
    time = max(len(s) for s in strings) - 1
    assert x.shape == allowed.shape == (50, time, 7) and mask.shape == (50, time)
    assert x.dtype == allowed.dtype == mask.dtype == np.float32
    np.testing.assert_array_equal(mask.sum(axis=1), [len(s) - 1 for s in strings])
    np.testing.assert_array_equal(x.sum(axis=-1), mask)                 # one-hot on real steps
    assert (allowed.sum(axis=-1)[mask == 0] == 0).all()                 # nothing on padding
    row = strings[0]
    assert "".join(REBER_SYMBOLS[i] for i in x[0, :len(row) - 1].argmax(axis=-1)) == row[:-1]
    assert {REBER_SYMBOLS[i] for i in np.flatnonzero(allowed[0, 0])} == sets[0][0]


@pytest.mark.parametrize("kwargs, message", [
    ({"n_samples": 0}, "n_samples should be an integer of at least 1, got 0"),
    ({"n_samples": 2.5}, "n_samples should be an integer of at least 1"),
    ({"n_samples": 3, "embedded": "yes"}, "embedded should be True or False"),
    ({"n_samples": 3, "max_length": 8}, "max_length should be an integer of at least 9"),
    ({"n_samples": 3, "embedded": False, "max_length": 4}, "max_length should be an integer of at least 5"),
    ({"n_samples": 3, "seed": -1}, "seed should be an integer of at least 0"),
])
def test_reber_rejects_bad_input(kwargs, message):
    with pytest.raises(ValueError, match=message):
        reber_strings(**kwargs)
    with pytest.raises(ValueError, match=message):
        reber_next_symbol_task(**kwargs)
