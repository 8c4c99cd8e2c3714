"""A stack of recurrent layers unrolled in time: which layers hand the whole sequence upward.

Shown in notebook 05. Symbols follow the notebook's equation
h_t^(l) = LSTM_l(h_t^(l-1), h_{t-1}^(l)), with h_t^(0) = x_t: layer l reads, at every step t,
the state that layer l-1 produced at that same step. Every layer below the top one is built
with ``return_sequences=True``; the top one returns only its last state h_T^(L), which feeds
the Dense head.
"""
from course_utils.checks import check_int
from course_utils.diagrams import COLORS, INK, arrow, box, canvas, label

PASSED_UP = "#1f5fa8"        # arrows carrying a state to the layer above
ACROSS = "0.35"              # arrows carrying a state to the next step of the same layer


def draw(depth=3, steps=4):
    """Draw ``depth`` stacked recurrent layers over ``steps`` time steps; return the figure.

    Row 0 holds the inputs x_1..x_T, row l the states h_t^(l). States that go up to the next
    layer are drawn as solid boxes with blue arrows; the top layer's states before T, which
    ``return_sequences=False`` throws away, are drawn dashed and grey. On the right of each
    layer, its Keras flag.
    """
    depth = check_int(depth, "depth", minimum=1, maximum=4)
    steps = check_int(steps, "steps", minimum=2, maximum=6)
    gap, rise = 1.55, 1.25                   # distance between steps, between layers
    x0, y0 = 1.3, 0.55                       # centre of x_1
    right = x0 + gap * (steps - 1)
    width = right + 4.2
    height = y0 + rise * (depth + 1) + 0.75
    fig, ax = canvas(width, height, scale=0.72)
    time_label = [str(t) for t in range(1, steps)] + ["T"]

    below = [box(ax, (x0 + gap * i, y0), f"$x_{{{t}}}$", width=0.9, role="input")
             for i, t in enumerate(time_label)]
    label(ax, (right + 0.75, y0), "one-hot characters", fontsize=10, ha="left")
    for layer in range(1, depth + 1):
        y = y0 + rise * layer
        top = layer == depth
        row = []
        for i, t in enumerate(time_label):
            kept = not top or i == steps - 1
            cell = box(ax, (x0 + gap * i, y), f"$h_{{{t}}}^{{({layer})}}$", width=0.9,
                       role="hidden" if kept else "pad",
                       linestyle="-" if kept else "--", edgecolor=INK if kept else "0.55")
            arrow(ax, below[i].top, cell.bottom, color=PASSED_UP)
            if i:
                arrow(ax, row[-1].right, cell.left, color=ACROSS)
            row.append(cell)
        flag = "return_sequences=False" if top else "return_sequences=True"
        label(ax, (right + 0.75, y + 0.16), f"LSTM {layer}", fontsize=10, ha="left")
        label(ax, (right + 0.75, y - 0.2), flag, fontsize=9, ha="left",
              color=INK if not top else "#a0522d", family="monospace")
        below = row
    head_y = y0 + rise * (depth + 1)
    head = box(ax, (right, head_y), r"Dense $\to\ \hat{y}$", width=1.5, role="output")
    arrow(ax, below[-1].top, head.bottom, color=PASSED_UP)
    label(ax, (x0 + gap * (steps - 2) / 2, head_y),
          "dashed: computed, not returned", fontsize=9, color="0.45")
    return fig


__all__ = ["draw"]
