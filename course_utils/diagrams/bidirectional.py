"""A bidirectional RNN unrolled over a padded sentence: the two directions and where the pads sit.

Shown in notebook 06. Symbols follow the notebook's equations: the forward state
H->_t reads X_1 .. X_t, the backward state H<-_t reads X_T .. X_t, and the output
O_t = [H->_t ; H<-_t] W_hq + b_q sees both. Pads are grey. With post-padding the forward
direction walks through the pads after the words; the backward direction reads the pads first
and the words after them, so its last step is X_1.
"""
from course_utils.checks import check_choice, check_int
from course_utils.diagrams import COLORS, INK, arrow, box, canvas, label

FORWARD = "#1f5fa8"
BACKWARD = "#c0392b"


def draw(words=("i", "saw", "green", "leave"), padding=2, side="post"):
    """Draw a bidirectional layer over ``words`` with ``padding`` pads on ``side``; return the figure.

    Every step t has an input X_t (a word, or a grey pad), a forward state, a backward state and
    an output O_t. Blue arrows run left to right (forward), red ones right to left (backward).
    """
    words = tuple(words)
    if not words or not all(isinstance(w, str) and w for w in words):
        raise ValueError(f"words should be a non-empty sequence of non-empty strings, got {words!r}")
    padding = check_int(padding, "padding", minimum=0)
    check_choice(side, ("pre", "post"), "side")
    steps = len(words) + padding
    if steps > 8:
        raise ValueError(f"words + padding should be at most 8 steps to stay readable, got {steps}")
    tokens = [None] * padding + list(words) if side == "pre" else list(words) + [None] * padding

    gap, x0 = 1.75, 1.9
    width = x0 + gap * (steps - 1) + 3.3
    fig, ax = canvas(width, 5.9, scale=0.72)
    row = {"x": 0.75, "f": 2.05, "b": 3.25, "o": 4.55}
    shift = 0.27                     # forward boxes sit a little left, backward ones right
    label(ax, (0.55, row["x"]), "input", fontsize=10)
    label(ax, (0.55, row["f"]), "forward", fontsize=10, color=FORWARD)
    label(ax, (0.55, row["b"]), "backward", fontsize=10, color=BACKWARD)
    label(ax, (0.55, row["o"]), "output", fontsize=10)

    forward, backward = [], []
    for t, token in enumerate(tokens, start=1):
        cx = x0 + gap * (t - 1)
        pad = token is None
        x_box = box(ax, (cx, row["x"]), "0" if pad else token, width=1.1, height=0.55,
                    role="pad" if pad else "input", fontsize=10)
        label(ax, (cx, row["x"] - 0.5), f"$X_{{{t}}}$", fontsize=10)
        f_box = _state(ax, (cx - shift, row["f"]), t, "forward", pad)
        b_box = _state(ax, (cx + shift, row["b"]), t, "backward", pad)
        o_box = box(ax, (cx, row["o"]), f"$O_{{{t}}}$", width=0.75, height=0.55,
                    role="pad" if pad else "output", fontsize=11)
        arrow(ax, (cx - shift, x_box.top[1]), f_box.bottom, color=FORWARD)
        arrow(ax, (cx + shift, x_box.top[1]), b_box.bottom, color=BACKWARD)
        arrow(ax, f_box.top, (cx - shift, o_box.bottom[1]), color=FORWARD)
        arrow(ax, b_box.top, (cx + shift, o_box.bottom[1]), color=BACKWARD)
        forward.append(f_box)
        backward.append(b_box)
    for left, right in zip(forward, forward[1:]):
        arrow(ax, left.right, right.left, color=FORWARD)
    for left, right in zip(backward, backward[1:]):
        arrow(ax, right.left, left.right, color=BACKWARD)

    right_edge = x0 + gap * (steps - 1) + 0.75
    label(ax, (right_edge, row["f"]), "reads $X_1 \\ldots X_t$", fontsize=10, color=FORWARD, ha="left")
    label(ax, (right_edge, row["b"]), "reads $X_T \\ldots X_t$", fontsize=10, color=BACKWARD, ha="left")
    label(ax, (right_edge, row["o"]), "$O_t$ sees both", fontsize=10, ha="left")
    label(ax, (width / 2, 5.5), _caption(side, padding), fontsize=10.5)
    return fig


def _state(ax, center, t, direction, pad):
    """A state box labelled H_t with an arrow accent pointing the way the direction reads."""
    color = FORWARD if direction == "forward" else BACKWARD
    b = box(ax, center, "", width=0.7, height=0.6, role="pad" if pad else "hidden", edgecolor=color)
    x, y = center
    ax.text(x, y - 0.07, f"$H_{{{t}}}$", ha="center", va="center", fontsize=11, color=INK)
    start, end = (x - 0.2, y + 0.17), (x + 0.04, y + 0.17)
    if direction == "backward":
        start, end = end, start
    ax.annotate("", xy=end, xytext=start,
                arrowprops=dict(arrowstyle="-|>", color=INK, lw=0.9, mutation_scale=6,
                                shrinkA=0, shrinkB=0))
    return b


def _caption(side, padding):
    if padding == 0:
        return "no padding: both directions read only words"
    if side == "post":
        return ("post-padding: the forward direction walks through the pads after the words; "
                "the backward one reads them first")
    return ("pre-padding: the forward direction reads the pads first; "
            "the backward one walks through them after the words")


__all__ = ["draw", "COLORS"]
