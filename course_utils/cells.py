"""Recurrent cells in NumPy, with weights in exactly the layout Keras stores them.

Shapes use named axes: x is (batch, time, features), hidden states are (batch, time, units).
Pass ``layer.get_weights()`` straight in: ``rnn_forward(x, *simple_rnn.get_weights())``.

- ``rnn_forward``: the vanilla (Elman) RNN of notebook 02,
  h_t = tanh(x_t W_xh + h_{t-1} W_hh + b), which is ``keras.layers.SimpleRNN``.
- ``rnn_step_forward`` / ``rnn_step_backward``, ``rnn_forward_with_cache`` / ``rnn_backward``:
  backpropagation through time in paired forward/backward style (notebook 03).
- ``rnn_step_jacobians``, ``jacobian_product_norms``: ||dh_T/dh_k|| as a product of one-step
  Jacobians, the vanishing/exploding measurement of notebook 03.
- ``leaky_rnn_forward``: a leaky unit with a fixed alpha (notebook 03).
- ``lstm_step_jacobians``: the same measurement for an LSTM state [h, c] (notebook 03).
- ``lstm_forward``, ``gru_forward``: ``keras.layers.LSTM`` and ``keras.layers.GRU`` (notebook 04),
  one step at a time in ``lstm_step`` and ``gru_step``; ``lstm_gates`` keeps every gate value;
  ``simplified_lstm``: the lecture's LSTM without tanh, for its hand-worked table (notebook 04).
"""
import numpy as np

from course_utils.checks import (as_float_array, check_fraction, check_int, check_not_empty,
                                  check_shape)


def check_recurrent_inputs(x, kernel, recurrent_kernel, bias, gates, h0=None, h0_name="h0"):
    """Validate x and one recurrent layer's weights; return them as float64 arrays.

    ``gates`` is how many blocks of ``units`` columns the kernels hold: 1 for SimpleRNN,
    4 for LSTM, 3 for GRU. ``h0_name`` is what errors call ``h0`` (a step function's
    ``h_prev``). Returns (x, kernel, recurrent_kernel, bias, h0, units).
    """
    gates = check_int(gates, "gates", minimum=1)
    x = as_float_array(x, "x", ndim=3)
    if x.shape[1] == 0:
        raise ValueError(f"x has no time steps: shape {x.shape}, expected (batch, time>=1, features)")
    batch, _, features = x.shape
    kernel = as_float_array(kernel, "kernel", ndim=2)
    if kernel.shape[1] == 0 or kernel.shape[1] % gates:
        raise ValueError(f"kernel has {kernel.shape[1]} columns; expected {gates}*units")
    units = kernel.shape[1] // gates
    check_shape(kernel, (("features", features), (f"{gates}*units", gates * units)), "kernel")
    recurrent_kernel = as_float_array(recurrent_kernel, "recurrent_kernel", ndim=2)
    check_shape(recurrent_kernel, (("units", units), (f"{gates}*units", gates * units)),
                "recurrent_kernel")
    bias = as_float_array(bias, "bias")
    if bias.shape[-1] != gates * units:
        raise ValueError(f"bias should end in {gates * units} (= {gates}*units), got {bias.shape}")
    if gates == 1 and bias.shape != (units,):      # the gated cells check their own bias forms
        raise ValueError(f"bias should have shape (units={units},), got {bias.shape}")
    h0 = np.zeros((batch, units)) if h0 is None else as_float_array(h0, h0_name, ndim=2)
    check_shape(h0, (("batch", batch), ("units", units)), h0_name)
    return x, kernel, recurrent_kernel, bias, h0, units


def _one_sequence(x, name="x", last_axis="features"):
    """``x`` as a float64 array (time>=1, last_axis): one sequence, without a batch axis."""
    x = as_float_array(x, name, ndim=2)
    if x.shape[0] == 0:
        raise ValueError(f"{name} has no time steps: shape {x.shape}, "
                         f"expected (time>=1, {last_axis})")
    return x


def rnn_step(x_t, h_prev, kernel, recurrent_kernel, bias):
    """One step: x_t (batch, features), h_prev (batch, units) -> h_t (batch, units).

    kernel (features, units), recurrent_kernel (units, units), bias (units,). The shapes are
    checked; the dtype is kept, so float32 weights give a float32 step as in Keras.
    """
    _check_rnn_step(x_t, h_prev, kernel, recurrent_kernel, bias)
    return _rnn_step(x_t, h_prev, kernel, recurrent_kernel, bias)


def _rnn_step(x_t, h_prev, kernel, recurrent_kernel, bias):
    return np.tanh(x_t @ kernel + h_prev @ recurrent_kernel + bias)


def _check_rnn_step(x_t, h_prev, kernel, recurrent_kernel, bias):
    """Check one step's arguments (numeric, finite, shapes agree) without converting them."""
    x_t = as_float_array(x_t, "x_t", ndim=2)
    h_prev = as_float_array(h_prev, "h_prev", ndim=2)
    kernel = as_float_array(kernel, "kernel", ndim=2)
    units = kernel.shape[1]
    check_shape(kernel, (("features", x_t.shape[1]), ("units", None)), "kernel")
    check_shape(h_prev, (("batch", x_t.shape[0]), ("units", units)), "h_prev")
    check_shape(as_float_array(recurrent_kernel, "recurrent_kernel", ndim=2),
                (("units", units), ("units", units)), "recurrent_kernel")
    bias = as_float_array(bias, "bias")
    if bias.shape != (units,):
        raise ValueError(f"bias should have shape (units={units},), got {bias.shape}")


def rnn_forward(x, kernel, recurrent_kernel, bias, h0=None):
    """Run a SimpleRNN over x (batch, time, features); return all states (batch, time, units).

    Equals ``keras.layers.SimpleRNN(units, return_sequences=True)`` with the same weights.
    """
    x, kernel, recurrent_kernel, bias, h, _ = check_recurrent_inputs(
        x, kernel, recurrent_kernel, bias, gates=1, h0=h0)
    states = []
    for t in range(x.shape[1]):
        h = _rnn_step(x[:, t], h, kernel, recurrent_kernel, bias)
        states.append(h)
    return np.stack(states, axis=1)


def sigmoid(z):
    """Logistic function written with tanh, so +-999 gives exactly 1 and 0 without overflow."""
    return 0.5 * (1.0 + np.tanh(0.5 * np.asarray(z, dtype=np.float64)))


# --- Backpropagation through time (notebook 03) -------------------------------------------

def rnn_step_forward(x_t, h_prev, kernel, recurrent_kernel, bias):
    """One SimpleRNN step that remembers what its backward pass needs.

    x_t (batch, features), h_prev (batch, units) -> h_t (batch, units), cache.
    """
    _check_rnn_step(x_t, h_prev, kernel, recurrent_kernel, bias)
    return _rnn_step_forward(x_t, h_prev, kernel, recurrent_kernel, bias)


def _rnn_step_forward(x_t, h_prev, kernel, recurrent_kernel, bias):
    h_t = _rnn_step(x_t, h_prev, kernel, recurrent_kernel, bias)
    return h_t, (x_t, h_prev, kernel, recurrent_kernel, h_t)


def rnn_step_backward(dh_t, cache):
    """Backward pass of ``rnn_step_forward``: dL/dh_t (batch, units) -> the gradients
    (dx_t (batch, features), dh_prev (batch, units), dkernel, drecurrent_kernel, dbias)."""
    _check_cache(cache, "cache")
    h_t = np.asarray(cache[4])
    check_shape(as_float_array(dh_t, "dh_t", ndim=2),
                (("batch", h_t.shape[0]), ("units", h_t.shape[1])), "dh_t")
    return _rnn_step_backward(dh_t, cache)


def _check_cache(cache, name):
    if not isinstance(cache, (tuple, list)) or len(cache) != 5:
        raise ValueError(f"{name} should be the (x_t, h_prev, kernel, recurrent_kernel, h_t) "
                         f"tuple that rnn_step_forward returns, got {type(cache).__name__}"
                         f"{f' of length {len(cache)}' if isinstance(cache, (tuple, list)) else ''}")
    if np.ndim(cache[4]) != 2:
        raise ValueError(f"{name}[4] (h_t) should have shape (batch, units), got "
                         f"{np.shape(cache[4])}")


def _rnn_step_backward(dh_t, cache):
    x_t, h_prev, kernel, recurrent_kernel, h_t = cache
    da = dh_t * (1.0 - h_t ** 2)                 # through tanh: d tanh(a)/da = 1 - tanh(a)^2
    return (da @ kernel.T, da @ recurrent_kernel.T, x_t.T @ da, h_prev.T @ da, da.sum(axis=0))


def rnn_forward_with_cache(x, kernel, recurrent_kernel, bias, h0=None):
    """``rnn_forward`` that also returns the per-step caches for ``rnn_backward``.

    x (batch, time, features) -> states (batch, time, units), caches (a list of length time).
    """
    x, kernel, recurrent_kernel, bias, h, _ = check_recurrent_inputs(
        x, kernel, recurrent_kernel, bias, gates=1, h0=h0)
    states, caches = [], []
    for t in range(x.shape[1]):
        h, cache = _rnn_step_forward(x[:, t], h, kernel, recurrent_kernel, bias)
        states.append(h)
        caches.append(cache)
    return np.stack(states, axis=1), caches


def rnn_backward(dstates, caches, truncate=None):
    """Backpropagation through time for ``rnn_forward_with_cache``.

    dstates (batch, time, units) is the direct dL_t/dh_t of every step, from its own loss
    (zeros where the loss does not look); each step adds what the step after it sends back.
    Walks the steps in reverse, adding each step's share of the shared weights' gradient.
    Returns a dict: dx (batch, time, features), dh0 (batch, units), dkernel (features, units),
    drecurrent_kernel (units, units), dbias (units,).

    ``truncate=k`` is truncated BPTT as chunked training does it (notebook 03): the sequence
    is cut into chunks of k steps from the start, and no gradient crosses from a chunk into
    the one before (the state still does, in the forward pass). ``None``, or k >= time, is
    full BPTT.
    """
    dstates = as_float_array(dstates, "dstates", ndim=3)
    if not isinstance(caches, (list, tuple)) or not caches:
        raise ValueError(f"caches should be the non-empty list returned by rnn_forward_with_cache, "
                         f"got {type(caches).__name__}{' (empty)' if isinstance(caches, (list, tuple)) else ''}")
    for t, cache in enumerate(caches):
        _check_cache(cache, f"caches[{t}]")
    if truncate is not None:
        truncate = check_int(truncate, "truncate", minimum=1)
    units = caches[0][4].shape[1]
    check_shape(dstates, (("batch", caches[0][0].shape[0]), ("time", len(caches)),
                          ("units", units)), "dstates")
    grads = {"dkernel": 0.0, "drecurrent_kernel": 0.0, "dbias": 0.0}
    dx, dh_next = [], np.zeros_like(dstates[:, 0])
    for t in reversed(range(len(caches))):
        dx_t, dh_next, dk, drk, db = _rnn_step_backward(dstates[:, t] + dh_next, caches[t])
        if truncate is not None and t > 0 and t % truncate == 0:
            dh_next = np.zeros_like(dh_next)         # step t starts a chunk: cut the gradient
        dx.append(dx_t)
        grads["dkernel"] = grads["dkernel"] + dk
        grads["drecurrent_kernel"] = grads["drecurrent_kernel"] + drk
        grads["dbias"] = grads["dbias"] + db
    return {"dx": np.stack(dx[::-1], axis=1), "dh0": dh_next, **grads}


def rnn_step_jacobians(states, recurrent_kernel):
    """One-step Jacobians dh_t/dh_{t-1} = diag(1 - h_t^2) W_hh^T of one sequence.

    states (time, units), the output of ``rnn_forward`` for one example ->
    jacobians (time, units, units), entry [t, j, i] = dh_t[j] / dh_{t-1}[i].
    """
    states = _one_sequence(states, "states", last_axis="units")
    recurrent_kernel = as_float_array(recurrent_kernel, "recurrent_kernel", ndim=2)
    check_shape(recurrent_kernel, (("units", states.shape[1]), ("units", states.shape[1])),
                "recurrent_kernel")
    return (1.0 - states ** 2)[:, :, None] * recurrent_kernel.T[None]


def jacobian_product_norms(jacobians, rows=None):
    """||ds_T/ds_{T-lag}|| (largest singular value) for lag = 1..time.

    jacobians (time, n, n) with [t] = ds_t/ds_{t-1}; ds_T/ds_k is the product
    J_T J_{T-1} ... J_{k+1}. ``rows`` (a slice) keeps part of s_T, e.g. only h_T of an
    LSTM state s = [h, c]. Returns norms (time,), norms[lag - 1] for each lag.
    """
    jacobians = as_float_array(jacobians, "jacobians", ndim=3)
    if rows is not None and not isinstance(rows, slice):
        raise ValueError(f"rows should be a slice of the state, e.g. slice(0, units), or None, "
                         f"got {type(rows).__name__} {rows!r:.60}")
    n = jacobians.shape[1]
    check_shape(jacobians, (("time", None), ("n", n), ("n", n)), "jacobians")
    check_not_empty(jacobians, "jacobians")
    product = np.eye(n)[rows if rows is not None else slice(None)]
    norms = []
    for jac in jacobians[::-1]:
        product = product @ jac
        norms.append(np.linalg.norm(product, ord=2))
    return np.array(norms)


def leaky_rnn_forward(x, kernel, recurrent_kernel, bias, alpha, h0=None):
    """A leaky unit: h_t = alpha h_{t-1} + (1 - alpha) tanh(x_t W_xh + h_{t-1} W_hh + b).

    alpha in [0, 1) is fixed, not learned: near 1 the state keeps more of its past.
    x (batch, time, features) -> states (batch, time, units). alpha = 0 is ``rnn_forward``.
    """
    check_fraction(alpha, "alpha", allow_zero=True)
    x, kernel, recurrent_kernel, bias, h, _ = check_recurrent_inputs(
        x, kernel, recurrent_kernel, bias, gates=1, h0=h0)
    states = []
    for t in range(x.shape[1]):
        h = alpha * h + (1.0 - alpha) * _rnn_step(x[:, t], h, kernel, recurrent_kernel, bias)
        states.append(h)
    return np.stack(states, axis=1)


# --- Gated cells (notebook 04) -------------------------------------------------------------

def lstm_forward(x, kernel, recurrent_kernel, bias, h0=None, c0=None):
    """Run ``keras.layers.LSTM(units, return_sequences=True)`` in NumPy.

    x (batch, time, features); kernel (features, 4*units), recurrent_kernel (units,
    4*units), bias (4*units,), columns in Keras's gate order [i, f, c, o].
    Returns all hidden states h (batch, time, units).
    """
    return lstm_gates(x, kernel, recurrent_kernel, bias, h0=h0, c0=c0)["h"]


def lstm_step(x_t, h_prev, c_prev, kernel, recurrent_kernel, bias):
    """One LSTM step, as ``keras.layers.LSTM`` takes it (notebook 04 writes it out).

    x_t (batch, features); h_prev, c_prev (batch, units); weights as in ``lstm_forward``.
    Returns (h_t, c_t), each (batch, units).
    """
    x_t, h_prev, c_prev, kernel, recurrent_kernel, bias = _check_lstm_step(
        x_t, h_prev, c_prev, kernel, recurrent_kernel, bias)
    h_t, c_t, _ = _lstm_step_with_gates(x_t, h_prev, c_prev, kernel, recurrent_kernel, bias)
    return h_t, c_t


def lstm_gates(x, kernel, recurrent_kernel, bias, h0=None, c0=None):
    """Run an LSTM over x (batch, time, features) and keep every gate and state.

    Weights as in ``lstm_forward``. Returns a dict of arrays, each (batch, time, units):
    "i", "f", "o" (the input, forget and output gates, in (0, 1)), "candidate" (in (-1, 1)),
    "c" (the cell state) and "h" (the hidden state). Notebook 04 plots the gates of a
    trained model with it.
    """
    x, kernel, recurrent_kernel, bias, h, units = check_recurrent_inputs(
        x, kernel, recurrent_kernel, bias, gates=4, h0=h0)
    check_shape(bias, (("4*units", 4 * units),), "bias")
    c = np.zeros_like(h) if c0 is None else as_float_array(c0, "c0", ndim=2)
    check_shape(c, (("batch", h.shape[0]), ("units", units)), "c0")
    steps = []
    for t in range(x.shape[1]):
        h, c, gates = _lstm_step_with_gates(x[:, t], h, c, kernel, recurrent_kernel, bias)
        steps.append({**gates, "c": c, "h": h})
    return {name: np.stack([step[name] for step in steps], axis=1) for name in steps[0]}


def _lstm_step_with_gates(x_t, h_prev, c_prev, kernel, recurrent_kernel, bias):
    a_i, a_f, a_c, a_o = np.split(x_t @ kernel + h_prev @ recurrent_kernel + bias, 4, axis=1)
    i, f, o, candidate = sigmoid(a_i), sigmoid(a_f), sigmoid(a_o), np.tanh(a_c)
    c_t = f * c_prev + i * candidate
    h_t = o * np.tanh(c_t)
    return h_t, c_t, {"i": i, "f": f, "o": o, "candidate": candidate}


def _check_lstm_step(x_t, h_prev, c_prev, kernel, recurrent_kernel, bias):
    x_t = as_float_array(x_t, "x_t", ndim=2)
    h_prev = as_float_array(h_prev, "h_prev", ndim=2)
    c_prev = as_float_array(c_prev, "c_prev", ndim=2)
    x, kernel, recurrent_kernel, bias, h_prev, units = check_recurrent_inputs(
        x_t[:, None], kernel, recurrent_kernel, bias, gates=4, h0=h_prev, h0_name="h_prev")
    check_shape(c_prev, (("batch", h_prev.shape[0]), ("units", units)), "c_prev")
    check_shape(bias, (("4*units", 4 * units),), "bias")
    return x[:, 0], h_prev, c_prev, kernel, recurrent_kernel, bias


def lstm_step_jacobians(x, kernel, recurrent_kernel, bias):
    """One-step Jacobians ds_t/ds_{t-1} of an LSTM whose state is s_t = [h_t, c_t].

    x (time, features) is one sequence, started from zero states; weights as in
    ``lstm_forward``. Returns jacobians (time, 2*units, 2*units) for
    ``jacobian_product_norms`` (notebook 03): the block dc_t/dc_{t-1} is diag(f_t).
    """
    x = _one_sequence(x)
    x, kernel, recurrent_kernel, bias, h, units = check_recurrent_inputs(
        x[None], kernel, recurrent_kernel, bias, gates=4)
    check_shape(bias, (("4*units", 4 * units),), "bias")
    h, c, jacobians = h[0], np.zeros(units), []
    u_i, u_f, u_g, u_o = np.split(recurrent_kernel, 4, axis=1)
    for x_t in x[0]:
        zi, zf, zg, zo = np.split(x_t @ kernel + h @ recurrent_kernel + bias, 4)
        i, f, g, o = sigmoid(zi), sigmoid(zf), np.tanh(zg), sigmoid(zo)
        c_new = f * c + i * g
        dc_dh = ((c * f * (1 - f))[:, None] * u_f.T + (g * i * (1 - i))[:, None] * u_i.T
                 + (i * (1 - g ** 2))[:, None] * u_g.T)
        tanh_c = np.tanh(c_new)
        dh_dh = (tanh_c * o * (1 - o))[:, None] * u_o.T + (o * (1 - tanh_c ** 2))[:, None] * dc_dh
        dh_dc = np.diag(o * (1 - tanh_c ** 2) * f)
        jacobians.append(np.block([[dh_dh, dh_dc], [dc_dh, np.diag(f)]]))
        h, c = o * tanh_c, c_new
    return np.array(jacobians)


def gru_forward(x, kernel, recurrent_kernel, bias, h0=None):
    """Run ``keras.layers.GRU(units, return_sequences=True)`` in NumPy.

    x (batch, time, features); kernel (features, 3*units), recurrent_kernel (units,
    3*units), columns in Keras's gate order [z, r, h]. The bias says which form:
    (2, 3*units) is Keras's default reset_after=True (separate input and recurrent biases,
    reset applied after the recurrent product); (3*units,) is reset_after=False, the
    textbook form (reset applied to h_{t-1} before the product).
    Returns all hidden states h (batch, time, units).
    """
    x, kernel, recurrent_kernel, bias, h, units = check_recurrent_inputs(
        x, kernel, recurrent_kernel, bias, gates=3, h0=h0)
    _check_gru_bias(bias, units)
    step = _gru_step_reset_after if bias.ndim == 2 else _gru_step_reset_before
    states = []
    for t in range(x.shape[1]):
        h = step(x[:, t], h, kernel, recurrent_kernel, bias)
        states.append(h)
    return np.stack(states, axis=1)


def gru_step(x_t, h_prev, kernel, recurrent_kernel, bias):
    """One GRU step, as ``keras.layers.GRU`` takes it (notebook 04 writes it out).

    x_t (batch, features), h_prev (batch, units); weights as in ``gru_forward``, whose bias
    shape picks the form. Returns h_t (batch, units).
    """
    x_t = as_float_array(x_t, "x_t", ndim=2)
    h_prev = as_float_array(h_prev, "h_prev", ndim=2)
    x, kernel, recurrent_kernel, bias, h_prev, units = check_recurrent_inputs(
        x_t[:, None], kernel, recurrent_kernel, bias, gates=3, h0=h_prev, h0_name="h_prev")
    _check_gru_bias(bias, units)
    step = _gru_step_reset_after if bias.ndim == 2 else _gru_step_reset_before
    return step(x[:, 0], h_prev, kernel, recurrent_kernel, bias)


def _check_gru_bias(bias, units):
    if bias.shape not in ((2, 3 * units), (3 * units,)):
        raise ValueError(f"bias should have shape (2, {3 * units}) for reset_after=True or "
                         f"({3 * units},) for reset_after=False, got {bias.shape}")


def _gru_step_reset_after(x_t, h, kernel, recurrent_kernel, bias):
    xz, xr, xh = np.split(x_t @ kernel + bias[0], 3, axis=1)
    hz, hr, hh = np.split(h @ recurrent_kernel + bias[1], 3, axis=1)
    z, r = sigmoid(xz + hz), sigmoid(xr + hr)
    candidate = np.tanh(xh + r * hh)
    return z * h + (1.0 - z) * candidate


def _gru_step_reset_before(x_t, h, kernel, recurrent_kernel, bias):
    units = h.shape[1]
    xz, xr, xh = np.split(x_t @ kernel + bias, 3, axis=1)
    z = sigmoid(xz + h @ recurrent_kernel[:, :units])
    r = sigmoid(xr + h @ recurrent_kernel[:, units:2 * units])
    candidate = np.tanh(xh + (r * h) @ recurrent_kernel[:, 2 * units:])
    return z * h + (1.0 - z) * candidate


def simplified_lstm(x, input_gate, forget_gate, output_gate):
    """The lecture's simplified LSTM, for one scalar sequence and given gate pre-activations.

    C_t = sigmoid(f_t) C_{t-1} + sigmoid(i_t) x_t and h_t = sigmoid(o_t) C_t: no tanh on the
    candidate or the output, as in the hand-worked table of notebook 04.
    All four inputs have shape (time,); returns (C, h), each (time,).
    """
    x = as_float_array(x, "x", ndim=1)
    check_not_empty(x, "x")
    gates = [as_float_array(g, name, ndim=1) for g, name in
             ((input_gate, "input_gate"), (forget_gate, "forget_gate"), (output_gate, "output_gate"))]
    for gate, name in zip(gates, ("input_gate", "forget_gate", "output_gate")):
        check_shape(gate, (("time", len(x)),), name)
    i, f, o = (sigmoid(g) for g in gates)
    cell, hidden, c = [], [], 0.0
    for t in range(len(x)):
        c = f[t] * c + i[t] * x[t]
        cell.append(c)
        hidden.append(o[t] * c + 0.0)             # + 0.0 turns -0.0 into 0.0
    return np.array(cell), np.array(hidden)
