"""The LSTM encoder-decoder, trained with teacher forcing and run at inference.

Shown in notebook 07. Symbols follow the notebook's equations: the encoder reads the prompt
x_1 .. x_T into states h_t; its final (h_T, C_T) is the decoder's starting state (the
Sutskever et al. form); the decoder's states are s_t, and each gives P(y_t | y_<t, x).
"""
from course_utils.checks import check_choice
from course_utils.diagrams import GRADIENT, INK, arrow, box, canvas, label

MODES = ("training", "inference")
PROMPT = ("how", "are", "you")
REPLY = ("i", "am", "fine")
FED_BACK = "#1f5fa8"        # the decoder's own prediction, fed back at inference


def draw(mode="training", prompt=PROMPT, reply=REPLY):
    """Draw the encoder-decoder for one prompt and reply; return the figure.

    ``mode="training"``: teacher forcing. The decoder reads ``<bos>`` and the true reply,
    and every output is scored against the reply shifted one step left, ending in ``<eos>``.
    ``mode="inference"``: the decoder reads ``<bos>``, then its own previous prediction
    (argmax, or a beam), until it writes ``<eos>``.
    """
    check_choice(mode, MODES, "mode")
    prompt, reply = [str(w) for w in prompt], [str(w) for w in reply]
    if not 1 <= len(prompt) <= 4 or not 1 <= len(reply) <= 4:
        raise ValueError(f"prompt and reply should have 1 to 4 words to stay readable, got "
                         f"{len(prompt)} and {len(reply)}")
    gap, enc_x0 = 1.55, 1.0
    dec_x0 = enc_x0 + gap * (len(prompt) - 1) + 2.6
    steps = len(reply) + 1
    width = dec_x0 + gap * (steps - 1) + 1.1
    title = ("Training with teacher forcing: the decoder reads the true reply"
             if mode == "training" else
             "Inference: the decoder reads its own previous word")
    fig, ax = canvas(width, 5.9, scale=0.8, title=title)
    row = {"in": 1.35, "state": 2.75, "out": 4.15}
    top = 5.45

    # Encoder: x_t -> h_t, left to right; only the final state leaves it.
    previous = None
    for t, word in enumerate(prompt, start=1):
        cx = enc_x0 + gap * (t - 1)
        x_box = box(ax, (cx, row["in"]), word, width=1.05, role="input")
        label(ax, (cx, row["in"] - 0.5), f"$x_{t}$", fontsize=10)
        h_box = box(ax, (cx, row["state"]), f"$h_{t}$", width=0.8, role="hidden")
        arrow(ax, x_box.top, h_box.bottom)
        if previous is not None:
            arrow(ax, previous.right, h_box.left)
        previous = h_box
    enc_mid = enc_x0 + gap * (len(prompt) - 1) / 2
    label(ax, (enc_mid, top), "encoder LSTM", fontsize=12)
    label(ax, (enc_mid, row["state"] + 0.65), "only the last state is kept", fontsize=9)

    # Decoder: reads <bos> + reply (training) or its own predictions (inference).
    inputs = ["<bos>"] + reply
    targets = reply + ["<eos>"]
    s_boxes, out_boxes = [], []
    for t in range(1, steps + 1):
        cx = dec_x0 + gap * (t - 1)
        in_role = "input" if mode == "training" or t == 1 else "op"
        in_box = box(ax, (cx, row["in"]), inputs[t - 1], width=1.05, role=in_role)
        if t > 1:
            symbol = f"y_{t - 1}" if mode == "training" else f"\\hat y_{t - 1}"
            label(ax, (cx, row["in"] - 0.5), f"${symbol}$", fontsize=10)
        s_box = box(ax, (cx, row["state"]), f"$s_{t}$", width=0.8, role="hidden")
        out_box = box(ax, (cx, row["out"]), targets[t - 1], width=1.05, role="output")
        symbol = f"y_{t}" if mode == "training" else f"\\hat y_{t}"
        label(ax, (cx - 0.3, row["out"] - 0.55), f"${symbol}$" if t < steps else "", fontsize=10)
        arrow(ax, in_box.top, s_box.bottom)
        arrow(ax, s_box.top, out_box.bottom)
        if s_boxes:
            arrow(ax, s_boxes[-1].right, s_box.left)
        s_boxes.append(s_box)
        out_boxes.append(out_box)
    dec_mid = dec_x0 + gap * (steps - 1) / 2

    # The bridge: the encoder's last (h, C) is the decoder's starting state.
    arrow(ax, previous.right, s_boxes[0].left, color=GRADIENT, linewidth=2.0)
    label(ax, ((previous.right[0] + s_boxes[0].left[0]) / 2, row["state"] + 0.35),
          "$(h_T, C_T)$", color=GRADIENT, fontsize=11)
    label(ax, ((previous.right[0] + s_boxes[0].left[0]) / 2, row["state"] - 0.35),
          "initial state", color=GRADIENT, fontsize=9)

    if mode == "training":
        label(ax, (dec_mid, row["out"] + 0.62),
              "targets: the reply shifted one step left; a loss at every step", fontsize=10)
        label(ax, (dec_mid, row["in"] - 0.9), "inputs: <bos> + the true reply",
              fontsize=10)
    else:
        for t in range(1, steps):
            start = (out_boxes[t - 1].right[0] - 0.05, out_boxes[t - 1].y - 0.3)
            end = (s_boxes[t].x - 0.45, row["in"] + 0.3)
            arrow(ax, start, end, color=FED_BACK, linestyle="--", linewidth=1.2)
        label(ax, (dec_mid, row["out"] + 0.62),
              "softmax over the vocabulary, then argmax (or a beam)", fontsize=10)
        label(ax, (dec_mid, row["in"] - 0.9), "inputs: <bos>, then each "
              "predicted word (dashed); stop at <eos>", fontsize=10, color=INK)
    label(ax, (dec_mid, top), "decoder LSTM", fontsize=12)
    return fig


__all__ = ["draw", "MODES"]
