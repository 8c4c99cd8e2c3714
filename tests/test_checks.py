"""course_utils.checks: the validation every other module shares. Every helper is tested here."""
import numpy as np
import pytest

from course_utils.checks import (as_float_array, check_bool, check_choice, check_fraction, check_int,
                                 check_names, check_non_negative, check_not_empty, check_seed,
                                 check_shape, check_token_lists, check_tokens)


# --- as_float_array ---------------------------------------------------------------------------

def test_as_float_array_converts_and_checks_rank():
    arr = as_float_array([[1, 2], [3, 4]], "x", ndim=2)
    assert arr.dtype == np.float64 and arr.shape == (2, 2)
    assert as_float_array(np.zeros(0), "x").shape == (0,)          # empty is allowed here
    with pytest.raises(ValueError, match=r"x should have 3 dimensions, got shape \(2, 2\)"):
        as_float_array([[1, 2], [3, 4]], "x", ndim=3)


@pytest.mark.parametrize("bad, message", [
    (["a", "b"], "x should be numeric, got list"),
    ([1.0, np.nan], "x contains NaN or infinite values"),
    ([np.inf], "x contains NaN or infinite values"),
])
def test_as_float_array_rejects_non_numbers_and_non_finite_values(bad, message):
    with pytest.raises(ValueError, match=message):
        as_float_array(bad, "x")


# --- check_shape ------------------------------------------------------------------------------

def test_check_shape_accepts_matching_shapes_and_wildcards():
    check_shape(np.zeros((2, 3)), (2, 3), "w")
    check_shape(np.zeros((5, 3)), (("batch", None), ("features", 3)), "x")


@pytest.mark.parametrize("shape, expected, message", [
    ((5, 4), (("batch", None), ("features", 3)), r"x should have shape \(batch, features=3\), got \(5, 4\)"),
    ((5,), (("batch", None), ("features", 3)), r"x should have shape \(batch, features=3\), got \(5,\)"),
    ((2, 3), (3, None), r"x should have shape \(3, \?\), got \(2, 3\)"),
])
def test_check_shape_names_the_axes_in_its_message(shape, expected, message):
    with pytest.raises(ValueError, match=message):
        check_shape(np.zeros(shape), expected, "x")


# --- check_not_empty --------------------------------------------------------------------------

def test_check_not_empty():
    check_not_empty([0], "items")
    check_not_empty("a", "text")
    for empty in ([], "", (), np.zeros(0)):
        with pytest.raises(ValueError, match="items is empty: expected at least one item"):
            check_not_empty(empty, "items")


# --- check_int --------------------------------------------------------------------------------

def test_check_int_accepts_python_and_numpy_ints():
    assert check_int(3, "n", minimum=1) == 3
    value = check_int(np.int64(0), "seed")
    assert value == 0 and type(value) is int
    assert check_int(np.uint8(7), "n", minimum=1, maximum=7) == 7
    assert check_int(-5, "value", minimum=None) == -5


@pytest.mark.parametrize("value, shown", [(True, "True"), (2.0, "2.0"), ("3", "str '3'"),
                                          (None, "NoneType None"), (np.float64(2.0), "float64 2.0")])
def test_check_int_rejects_non_integers(value, shown):
    with pytest.raises(ValueError, match=rf"n should be an integer of at least 1, got {shown}"):
        check_int(value, "n", minimum=1)


def test_check_int_rejects_values_outside_the_bounds():
    with pytest.raises(ValueError, match="beam_width should be an integer of at least 1, got 0"):
        check_int(0, "beam_width", minimum=1)
    with pytest.raises(ValueError, match=r"k should be an integer in 1 \.\. 3, got 4"):
        check_int(4, "k", minimum=1, maximum=3)
    with pytest.raises(ValueError, match="k should be an integer of at most 3, got 4"):
        check_int(4, "k", minimum=None, maximum=3)
    with pytest.raises(ValueError, match="value should be an integer, got 0.5"):
        check_int(0.5, "value", minimum=None)


# --- check_fraction ---------------------------------------------------------------------------

def test_check_fraction_accepts_numbers_in_the_interval():
    assert check_fraction(0.25, "held_out") == 0.25
    assert type(check_fraction(np.float32(0.5), "held_out")) is float
    assert check_fraction(0, "alpha", allow_zero=True) == 0.0
    assert check_fraction(1, "share", allow_one=True) == 1.0


@pytest.mark.parametrize("value, kwargs, message", [
    (0.0, {}, r"train should be a fraction in \(0, 1\), got 0.0"),
    (1.0, {}, r"train should be a fraction in \(0, 1\), got 1.0"),
    (1.0, {"allow_zero": True}, r"train should be a fraction in \[0, 1\), got 1.0"),
    (-0.1, {"allow_zero": True, "allow_one": True}, r"train should be a fraction in \[0, 1\], got -0.1"),
    ("0.7", {}, r"train should be a fraction in \(0, 1\), got str '0.7'"),
    (True, {}, r"train should be a fraction in \(0, 1\), got True"),
    (None, {}, r"train should be a fraction in \(0, 1\), got NoneType None"),
    (float("nan"), {}, r"train should be a fraction in \(0, 1\), got nan"),
])
def test_check_fraction_rejects_anything_else(value, kwargs, message):
    with pytest.raises(ValueError, match=message):
        check_fraction(value, "train", **kwargs)


# --- check_non_negative -----------------------------------------------------------------------

def test_check_non_negative_accepts_numbers_from_zero():
    assert check_non_negative(0, "temperature") == 0.0
    assert type(check_non_negative(np.float32(1.5), "temperature")) is float


@pytest.mark.parametrize("value, message", [
    (-0.5, r"temperature should be a number >= 0, got -0.5"),
    ("1", r"temperature should be a number >= 0, got str '1'"),
    (True, r"temperature should be a number >= 0, got True"),
    (None, r"temperature should be a number >= 0, got NoneType None"),
    (float("nan"), r"temperature should be a number >= 0, got nan"),
])
def test_check_non_negative_rejects_anything_else(value, message):
    with pytest.raises(ValueError, match=message):
        check_non_negative(value, "temperature")


# --- check_seed -------------------------------------------------------------------------------

def test_check_seed_accepts_none_and_non_negative_integers():
    assert check_seed(None) is None
    assert check_seed(0) == 0
    seed = check_seed(np.int64(12))
    assert seed == 12 and type(seed) is int
    # a NumPy integer seed draws exactly what the same Python int draws
    assert np.random.default_rng(seed).random() == np.random.default_rng(np.int64(12)).random()


@pytest.mark.parametrize("value, shown", [(-1, "-1"), (True, "True"), (1.5, "1.5"), ("0", "str '0'"),
                                          (np.int64(-3), "int64 -3")])
def test_check_seed_rejects_anything_else(value, shown):
    with pytest.raises(ValueError, match=rf"seed should be an integer of at least 0 or None, got {shown}"):
        check_seed(value)


def test_check_seed_uses_the_given_name():
    with pytest.raises(ValueError, match="data_seed should be"):
        check_seed(-1, "data_seed")


# --- check_bool -------------------------------------------------------------------------------

def test_check_bool():
    assert check_bool(True, "flag") is True
    assert check_bool(np.bool_(False), "flag") is False
    for bad, shown in (("no", "str 'no'"), (1, "1"), (None, "NoneType None")):
        with pytest.raises(ValueError, match=f"flag should be True or False, got {shown}"):
            check_bool(bad, "flag")


# --- check_choice -----------------------------------------------------------------------------

def test_check_choice():
    check_choice("pre", ("pre", "post"), "side")
    with pytest.raises(ValueError, match="side should be one of 'pre', 'post', got 'left'"):
        check_choice("left", ("pre", "post"), "side")


# --- check_tokens, check_token_lists, check_names ----------------------------------------------

def test_check_tokens():
    tokens = ["a", "b"]
    assert check_tokens(tokens, "tokens") is tokens
    assert check_tokens((), "tokens") == ()
    with pytest.raises(ValueError, match="tokens should be a list of tokens, got the str 'a b': split it"):
        check_tokens("a b", "tokens")
    with pytest.raises(ValueError, match="tokens should be a list of tokens, got 5"):
        check_tokens(5, "tokens")
    with pytest.raises(ValueError, match=r"tokens\[1\] should be a str token, got 2"):
        check_tokens(["a", 2], "tokens")


def test_check_token_lists():
    corpus = [["a"], ("b", "c"), []]
    assert check_token_lists(corpus, "corpus") is corpus
    with pytest.raises(ValueError, match="corpus should be a list of token lists, got str"):
        check_token_lists("a b", "corpus")
    with pytest.raises(ValueError, match="corpus is empty"):
        check_token_lists([], "corpus")
    with pytest.raises(ValueError, match=r"corpus\[1\] should be a list of tokens, got the str 'a string'"):
        check_token_lists([["a"], "a string"], "corpus")


def test_check_names():
    assert check_names(("en_US", "it_IT"), "locales") == ["en_US", "it_IT"]
    with pytest.raises(ValueError, match=r"locales should be a list of names, got the str 'en_US': "
                                         r"write \['en_US'\] for just that one"):
        check_names("en_US", "locales")
    with pytest.raises(ValueError, match="locales is empty"):
        check_names([], "locales")
    with pytest.raises(ValueError, match=r"locales\[0\] should be a str, got 1"):
        check_names([1], "locales")
    with pytest.raises(ValueError, match="locales should be a list of names, got set"):
        check_names({"en_US"}, "locales")
