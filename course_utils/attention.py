"""Bahdanau (additive) attention as a Keras layer, and the same equations in NumPy (notebook 08).

For encoder states he_i (i = 1..n) and a decoder state hd_t, all row vectors as Keras
stores them (a kernel W multiplies from the right, x W):

    u_i^t = tanh(he_i W_e + hd_t W_d) v       score of source position i for step t
    a^t   = softmax(u^t)                      attention weights over i, summing to 1
    c_t   = sum_i a_i^t he_i                  context vector

with W_e (value_dim, units), W_d (query_dim, units) and v (units,). The column-vector form
v^T tanh(W_e' he_i + W_d' hd_t) of Bahdanau et al. is the same score with W_e' = W_e^T and
W_d' = W_d^T.

Shapes use named axes: query (batch, steps, query_dim) holds the decoder states hd_t,
values (batch, source, value_dim) the encoder states he_i. Both functions return
context (batch, steps, value_dim) and weights (batch, steps, source). Padded source
positions (mask False) get a weight of exactly 0.
"""
import keras
import numpy as np
from keras import ops

from course_utils.checks import as_float_array, check_int, check_shape

_MASKED_SCORE = -1e9   # exp(-1e9 - max) underflows to exactly 0 in float32


@keras.saving.register_keras_serializable(package="course_utils")
class BahdanauAttention(keras.layers.Layer):
    """Additive attention, u_i^t = tanh(he_i W_e + hd_t W_d) v, with its own W_e (value_dim,
    units), W_d (query_dim, units) and v (units,).

    Call it on ``[query, values]``; it returns ``[context, weights]``. The encoder's padding
    mask arrives through Keras's masking (``Embedding(mask_zero=True)`` upstream of
    ``values``) or as ``mask=[None, values_mask]``. The query's mask, if any, is passed on
    to both outputs.
    """

    def __init__(self, units, **kwargs):
        super().__init__(**kwargs)
        self.units = check_int(units, "units", minimum=1)
        self.supports_masking = True

    def build(self, input_shape):
        if not isinstance(input_shape, (list, tuple)) or len(input_shape) != 2:
            raise ValueError("BahdanauAttention should be called on [query, values], "
                             f"got input shape {input_shape}")
        query_shape, values_shape = input_shape
        if len(query_shape) != 3 or len(values_shape) != 3:
            raise ValueError("query should be (batch, steps, query_dim) and values (batch, source, "
                             f"value_dim); got {tuple(query_shape)} and {tuple(values_shape)}")
        self.W_e = self.add_weight(name="W_e", shape=(values_shape[-1], self.units),
                                   initializer="glorot_uniform")
        self.W_d = self.add_weight(name="W_d", shape=(query_shape[-1], self.units),
                                   initializer="glorot_uniform")
        self.v = self.add_weight(name="v", shape=(self.units,), initializer="glorot_uniform")

    def call(self, inputs, mask=None):
        query, values = inputs
        values_mask = mask[1] if isinstance(mask, (list, tuple)) else None
        keys = ops.matmul(values, self.W_e)                           # (batch, source, units)
        queries = ops.matmul(query, self.W_d)                         # (batch, steps, units)
        hidden = ops.tanh(ops.expand_dims(queries, 2) + ops.expand_dims(keys, 1))
        scores = ops.tensordot(hidden, self.v, axes=[[3], [0]])       # (batch, steps, source)
        if values_mask is not None:
            keep = ops.expand_dims(ops.cast(values_mask, "bool"), 1)  # (batch, 1, source)
            scores = ops.where(keep, scores, ops.cast(_MASKED_SCORE, scores.dtype))
        weights = ops.softmax(scores, axis=-1)
        if values_mask is not None:
            weights = ops.where(keep, weights, ops.zeros_like(weights))
        context = ops.matmul(weights, values)                         # (batch, steps, value_dim)
        return [context, weights]

    def compute_output_shape(self, input_shape):
        query_shape, values_shape = input_shape
        return [(query_shape[0], query_shape[1], values_shape[2]),
                (query_shape[0], query_shape[1], values_shape[1])]

    def compute_mask(self, inputs, mask=None):
        query_mask = mask[0] if isinstance(mask, (list, tuple)) else None
        return [query_mask, query_mask]

    def get_config(self):
        return {**super().get_config(), "units": self.units}


def bahdanau_attention_numpy(query, values, W_e, W_d, v, values_mask=None):
    """The layer's equations in NumPy, with weights as ``layer.get_weights()`` returns them.

    query (batch, steps, query_dim), values (batch, source, value_dim), W_e (value_dim,
    units), W_d (query_dim, units), v (units,), values_mask (batch, source) of 0/1 or bool.
    Returns context (batch, steps, value_dim) and weights (batch, steps, source).
    """
    query = as_float_array(query, "query", ndim=3)
    values = as_float_array(values, "values", ndim=3)
    batch, source, value_dim = values.shape
    check_shape(query, (("batch", batch), ("steps", None), ("query_dim", None)), "query")
    if source == 0:
        raise ValueError(f"values has no source positions: shape {values.shape}")
    W_e = as_float_array(W_e, "W_e", ndim=2)
    units = W_e.shape[1]
    check_shape(W_e, (("value_dim", value_dim), ("units", units)), "W_e")
    W_d = as_float_array(W_d, "W_d", ndim=2)
    check_shape(W_d, (("query_dim", query.shape[2]), ("units", units)), "W_d")
    v = as_float_array(v, "v", ndim=1)
    check_shape(v, (("units", units),), "v")
    keep = np.ones((batch, source), bool) if values_mask is None else _check_mask(values_mask, batch, source)

    scores = np.tanh((query @ W_d)[:, :, None, :] + (values @ W_e)[:, None, :, :]) @ v
    scores = np.where(keep[:, None, :], scores, -np.inf)
    scores = scores - scores.max(axis=-1, keepdims=True)
    weights = np.exp(scores) / np.exp(scores).sum(axis=-1, keepdims=True)
    return weights @ values, weights


def _check_mask(values_mask, batch, source):
    mask = np.asarray(values_mask)
    check_shape(mask, (("batch", batch), ("source", source)), "values_mask")
    if not np.isin(mask, (0, 1)).all():
        raise ValueError("values_mask should hold only 0/1 or False/True")
    mask = mask.astype(bool)
    if not mask.any(axis=1).all():
        raise ValueError(f"values_mask rows {np.flatnonzero(~mask.any(axis=1)).tolist()} mask "
                         "every source position: at least one must be kept")
    return mask
