"""Recurrent cells in NumPy, with weights in exactly the layout Keras stores them.

Shapes use named axes: x is (batch, time, features), hidden states are (batch, time, units).
Pass ``layer.get_weights()`` straight in: ``rnn_forward(x, *simple_rnn.get_weights())``.

- ``rnn_forward``: the vanilla (Elman) RNN of notebook 02,
  h_t = tanh(x_t W_xh + h_{t-1} W_hh + b), which is ``keras.layers.SimpleRNN``.
"""
import numpy as np

from course_utils.checks import as_float_array, check_shape


def check_recurrent_inputs(x, kernel, recurrent_kernel, bias, gates, h0=None):
    """Validate x and one recurrent layer's weights; return them as float64 arrays.

    ``gates`` is how many blocks of ``units`` columns the kernels hold: 1 for SimpleRNN,
    4 for LSTM, 3 for GRU. Returns (x, kernel, recurrent_kernel, bias, h0, units).
    """
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
    h0 = np.zeros((batch, units)) if h0 is None else as_float_array(h0, "h0", ndim=2)
    check_shape(h0, (("batch", batch), ("units", units)), "h0")
    return x, kernel, recurrent_kernel, bias, h0, units


def rnn_step(x_t, h_prev, kernel, recurrent_kernel, bias):
    """One step: x_t (batch, features), h_prev (batch, units) -> h_t (batch, units)."""
    return np.tanh(x_t @ kernel + h_prev @ recurrent_kernel + bias)


def rnn_forward(x, kernel, recurrent_kernel, bias, h0=None):
    """Run a SimpleRNN over x (batch, time, features); return all states (batch, time, units).

    Equals ``keras.layers.SimpleRNN(units, return_sequences=True)`` with the same weights.
    """
    x, kernel, recurrent_kernel, bias, h, _ = check_recurrent_inputs(
        x, kernel, recurrent_kernel, bias, gates=1, h0=h0)
    states = []
    for t in range(x.shape[1]):
        h = rnn_step(x[:, t], h, kernel, recurrent_kernel, bias)
        states.append(h)
    return np.stack(states, axis=1)
