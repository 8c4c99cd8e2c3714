import keras
import numpy as np
import pytest

from course_utils.attention import BahdanauAttention, bahdanau_attention_numpy


def random_inputs(seed=0, batch=2, steps=3, source=5, query_dim=4, value_dim=6):
    rng = np.random.default_rng(seed)
    query = rng.normal(size=(batch, steps, query_dim)).astype("float32")
    values = rng.normal(size=(batch, source, value_dim)).astype("float32")
    return query, values


def built_layer(units=7, seed=0):
    keras.utils.set_random_seed(seed)
    return BahdanauAttention(units)


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_layer_matches_numpy(seed):
    query, values = random_inputs(seed)
    layer = built_layer(seed=seed)
    context, weights = layer([query, values])
    n_context, n_weights = bahdanau_attention_numpy(query, values, *layer.get_weights())
    assert context.shape == (2, 3, 6) and weights.shape == (2, 3, 5)
    np.testing.assert_allclose(np.asarray(context), n_context, atol=1e-5)
    np.testing.assert_allclose(np.asarray(weights), n_weights, atol=1e-5)
    np.testing.assert_allclose(np.asarray(weights).sum(-1), 1.0, atol=1e-6)


def test_weights_are_the_documented_layout():
    layer = built_layer(units=7)
    layer(list(random_inputs()))
    assert [w.shape for w in layer.get_weights()] == [(6, 7), (4, 7), (7,)]   # W_e, W_d, v


def test_numpy_matches_the_equations_on_one_step():
    he = np.array([[[1.0, 0.0], [0.0, 1.0], [-1.0, 0.0]]])
    hd = np.array([[[2.0, 0.0]]])
    context, weights = bahdanau_attention_numpy(hd, he, np.eye(2), np.eye(2), np.ones(2))
    scores = np.tanh(he[0] + hd[0, 0]).sum(axis=1)
    expected = np.exp(scores) / np.exp(scores).sum()
    np.testing.assert_allclose(weights[0, 0], expected)
    np.testing.assert_allclose(context[0, 0], expected @ he[0])


def test_explicit_mask_gives_padding_exactly_zero_weight():
    query, values = random_inputs()
    keep = np.array([[1, 1, 0, 0, 0], [1, 1, 1, 1, 1]], dtype=bool)
    layer = built_layer()
    context, weights = layer([query, values], mask=[None, keep])
    weights = np.asarray(weights)
    assert np.all(weights[0, :, 2:] == 0.0)
    assert np.all(weights[1] > 0.0)
    np.testing.assert_allclose(weights.sum(-1), 1.0, atol=1e-6)
    n_context, n_weights = bahdanau_attention_numpy(query, values, *layer.get_weights(), values_mask=keep)
    np.testing.assert_allclose(weights, n_weights, atol=1e-5)
    np.testing.assert_allclose(np.asarray(context), n_context, atol=1e-5)


def test_padding_does_not_change_the_result():
    query, values = random_inputs()
    layer = built_layer()
    short_context, _ = layer([query[:1], values[:1, :3]])
    padded = values[:1].copy()
    padded[:, 3:] = 100.0                     # junk behind the mask must not leak in
    keep = np.array([[1, 1, 1, 0, 0]], dtype=bool)
    long_context, _ = layer([query[:1], padded], mask=[None, keep])
    np.testing.assert_allclose(np.asarray(long_context), np.asarray(short_context), atol=1e-6)


def test_mask_from_embedding_reaches_the_layer():
    ids = keras.Input((None,), dtype="int32")
    query_in = keras.Input((None, 4))
    values = keras.layers.Embedding(10, 6, mask_zero=True)(ids)
    context, weights = BahdanauAttention(5, name="att")([query_in, values])
    model = keras.Model([ids, query_in], [context, weights])
    source = np.array([[3, 4, 0, 0, 0], [1, 2, 3, 4, 5]])
    query, _ = random_inputs()
    weights = np.asarray(model([source, query])[1])
    assert np.all(weights[0, :, 2:] == 0.0) and np.all(weights[1] > 0.0)


def test_config_and_saving_round_trip(tmp_path):
    layer = BahdanauAttention(9, name="att")
    assert layer.get_config()["units"] == 9
    clone = BahdanauAttention.from_config(layer.get_config())
    assert clone.units == 9 and clone.name == "att"

    query_in, values_in = keras.Input((None, 4)), keras.Input((None, 6))
    outputs = BahdanauAttention(5, name="att")([query_in, values_in])
    model = keras.Model([query_in, values_in], outputs)
    path = tmp_path / "attention.keras"
    model.save(path)
    loaded = keras.models.load_model(path)
    query, values = random_inputs()
    for a, b in zip(model([query, values]), loaded([query, values])):
        np.testing.assert_allclose(np.asarray(a), np.asarray(b), atol=1e-7)


@pytest.mark.parametrize("units", [0, -3, 2.5, True, "8"])
def test_bad_units(units):
    with pytest.raises(ValueError, match="units should be an integer of at least 1"):
        BahdanauAttention(units)


def test_layer_refuses_wrong_inputs():
    query, values = random_inputs()
    with pytest.raises(ValueError, match=r"\[query, values\]"):
        BahdanauAttention(3)(values)
    with pytest.raises(ValueError, match="query should be"):
        BahdanauAttention(3)([query[:, 0], values])


def test_numpy_refuses_bad_input():
    query, values = random_inputs()
    W_e, W_d, v = np.ones((6, 7)), np.ones((4, 7)), np.ones(7)
    with pytest.raises(ValueError, match="query should have 3 dimensions"):
        bahdanau_attention_numpy(query[0], values, W_e, W_d, v)
    with pytest.raises(ValueError, match="query should have shape"):
        bahdanau_attention_numpy(query[:1], values, W_e, W_d, v)
    with pytest.raises(ValueError, match="W_e should have shape"):
        bahdanau_attention_numpy(query, values, np.ones((5, 7)), W_d, v)
    with pytest.raises(ValueError, match="W_d should have shape"):
        bahdanau_attention_numpy(query, values, W_e, np.ones((4, 8)), v)
    with pytest.raises(ValueError, match="v should have shape"):
        bahdanau_attention_numpy(query, values, W_e, W_d, np.ones(8))
    with pytest.raises(ValueError, match="NaN"):
        bad = values.copy()
        bad[0, 0, 0] = np.nan
        bahdanau_attention_numpy(query, bad, W_e, W_d, v)
    with pytest.raises(ValueError, match="no source positions"):
        bahdanau_attention_numpy(query, values[:, :0], W_e, W_d, v)


def test_numpy_refuses_bad_masks():
    query, values = random_inputs()
    W_e, W_d, v = np.ones((6, 7)), np.ones((4, 7)), np.ones(7)
    with pytest.raises(ValueError, match="values_mask should have shape"):
        bahdanau_attention_numpy(query, values, W_e, W_d, v, values_mask=np.ones((2, 4)))
    with pytest.raises(ValueError, match="only 0/1"):
        bahdanau_attention_numpy(query, values, W_e, W_d, v, values_mask=np.full((2, 5), 2))
    with pytest.raises(ValueError, match="rows \\[1\\] mask every source position"):
        mask = np.ones((2, 5))
        mask[1] = 0
        bahdanau_attention_numpy(query, values, W_e, W_d, v, values_mask=mask)


def test_the_attention_diagram_draws_every_symbol():
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    from course_utils.diagrams import attention as attention_diagram

    fig = attention_diagram.draw()
    texts = " ".join(t.get_text() for t in fig.axes[0].texts)
    for symbol in ["he_n", "hd_t", "u_i^t", "W_e", "W_d", "a_3^t", "c_t", "W_c", "W_s"]:
        assert symbol in texts, symbol
    plt.close(fig)


@pytest.mark.parametrize("weights", [(0.5, 0.5), (0.5, 0.5, 0.5, -0.5), (0.1, 0.1, 0.1, 0.1)])
def test_the_attention_diagram_refuses_bad_weights(weights):
    from course_utils.diagrams import attention as attention_diagram

    with pytest.raises(ValueError, match="4 non-negative numbers summing to 1"):
        attention_diagram.draw(weights)


def test_numpy_follows_the_row_vector_formula_position_by_position():
    # u_i^t = tanh(he_i W_e + hd_t W_d) v with rows he_i, hd_t and non-square W_e, W_d.
    query, values = random_inputs(seed=4)
    rng = np.random.default_rng(5)
    W_e, W_d, v = rng.normal(size=(6, 7)), rng.normal(size=(4, 7)), rng.normal(size=7)
    context, weights = bahdanau_attention_numpy(query, values, W_e, W_d, v)
    for b in range(2):
        for t in range(3):
            u = np.array([np.tanh(values[b, i] @ W_e + query[b, t] @ W_d) @ v for i in range(5)])
            a = np.exp(u - u.max()) / np.exp(u - u.max()).sum()
            np.testing.assert_allclose(weights[b, t], a, atol=1e-6)
            np.testing.assert_allclose(context[b, t], sum(a[i] * values[b, i] for i in range(5)), atol=1e-5)
