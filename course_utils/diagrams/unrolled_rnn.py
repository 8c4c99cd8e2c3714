"""The vanilla RNN folded and unrolled in time, with its three shared weight matrices.

Shown in notebook 02. Symbols follow the notebook's equations, in Keras's row layout:
h_t = tanh(x_t W_xh + h_{t-1} W_hh + b), y_t = h_t W_hy + b_y.
"""
from course_utils.checks import check_int
from course_utils.diagrams import GRADIENT, arrow, box, canvas, label

# One colour per shared matrix, so the eye sees the same weights come back at every step.
WEIGHT_COLORS = {"xh": "#1f5fa8", "hh": GRADIENT, "hy": "#2e7d32"}


def draw(steps=4):
    """Draw the folded RNN (left) and ``steps`` unrolled time steps (right); return the figure.

    Each step t has an input box x_t, a state box h_t and an output box y_t. The arrows
    x_t -> h_t, h_{t-1} -> h_t and h_t -> y_t carry the labels W_xh, W_hh and W_hy, in the
    same colour at every step: one set of weights, used ``steps`` times.
    """
    steps = check_int(steps, "steps", minimum=1)
    if steps > 8:
        raise ValueError(f"steps should be at most 8 to stay readable, got {steps}")
    gap = 1.9                                    # distance between two time steps
    x0 = 4.3                                     # where the unrolled part starts (h_0)
    width = x0 + gap * steps + 1.1
    fig, ax = canvas(width, 4.7, scale=0.78)
    row = {"x": 0.7, "h": 2.1, "y": 3.5}

    _folded(ax, center=1.25, row=row)
    label(ax, (3.15, row["h"]), "=", fontsize=20)
    label(ax, ((x0 + width) / 2, 4.35), "unrolled: the same $W_{xh}$, $W_{hh}$, $W_{hy}$ and "
          "$b$, $b_y$ at every step", fontsize=11)

    previous = box(ax, (x0, row["h"]), "$h_0$", width=0.8, role="pad")
    label(ax, (x0, row["h"] - 0.55), "zeros", fontsize=9)
    for t in range(1, steps + 1):
        cx = x0 + gap * t
        x_box = box(ax, (cx, row["x"]), f"$x_{t}$", width=0.8, role="input")
        h_box = box(ax, (cx, row["h"]), f"$h_{t}$", width=0.8, role="hidden")
        y_box = box(ax, (cx, row["y"]), f"$y_{t}$", width=0.8, role="output")
        _weight_arrow(ax, x_box.top, h_box.bottom, "xh", side=0.32)
        _weight_arrow(ax, h_box.top, y_box.bottom, "hy", side=0.32)
        _weight_arrow(ax, previous.right, h_box.left, "hh")
        previous = h_box
        label(ax, (cx, 0.12), f"$t = {t}$", fontsize=10)
    return fig


def _folded(ax, center, row):
    """The same network drawn once, with its state feeding back into itself."""
    x_box = box(ax, (center, row["x"]), "$x_t$", width=0.8, role="input")
    h_box = box(ax, (center, row["h"]), "$h_t$", width=0.8, role="hidden")
    y_box = box(ax, (center, row["y"]), "$y_t$", width=0.8, role="output")
    _weight_arrow(ax, x_box.top, h_box.bottom, "xh", side=0.32)
    _weight_arrow(ax, h_box.top, y_box.bottom, "hy", side=0.32)
    start = (h_box.right[0], h_box.y - 0.15)
    end = (h_box.right[0], h_box.y + 0.15)
    arrow(ax, start, end, color=WEIGHT_COLORS["hh"], curve=3.2)
    label(ax, (h_box.right[0] + 0.95, h_box.y), "$W_{hh}$", color=WEIGHT_COLORS["hh"], fontsize=11)
    label(ax, (center, 0.12), "folded", fontsize=10)


def _weight_arrow(ax, start, end, which, side=0.0):
    """An arrow labelled with the shared matrix W_<which>; ``side`` moves the label right."""
    color = WEIGHT_COLORS[which]
    arrow(ax, start, end, color=color)
    mid = ((start[0] + end[0]) / 2 + side, (start[1] + end[1]) / 2)
    if side:
        label(ax, mid, f"$W_{{{which}}}$", color=color, fontsize=11)
    else:
        label(ax, (mid[0], mid[1] + 0.2), f"$W_{{{which}}}$", color=color, fontsize=11)


__all__ = ["draw"]
