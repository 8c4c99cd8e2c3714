"""The chronological split, the sliding window and walk-forward folds (notebook 09).

``draw()`` shows the two ideas a forecast must respect, with the notebook's symbols:

- top: the days cut in time order into train / validation / test, the scaler's $m$ and $M$
  taken from the training days only;
- bottom: the sliding window. The sample whose target day is $t$ reads
  $X_t = (\\mathbf{x}_{t-W}, \\dots, \\mathbf{x}_{t-1})$, shape (window=W, features), and is
  scored against $y_t$; the next sample slides one day on. A sample belongs to the part of
  its target day, so the first test sample reads validation days: they are its past.

``draw_walk_forward(n_folds)`` shows walk-forward validation: each fold trains on every day
before its test window (the last stretch of it used for early stopping), forecasts the next
window, then the window moves on one block.
"""
from course_utils.checks import check_int
from course_utils.diagrams import COLORS, INK, arrow, box, canvas, label

DRAWN_WINDOW = 4          # days drawn in the window; the notebook's W is larger


def draw(window=DRAWN_WINDOW):
    """The chronological split (top) and two consecutive sliding windows (bottom).

    ``window`` is how many input days are drawn (2 to 6). Returns the figure."""
    check_int(window, "window", minimum=2)
    if window > 6:
        raise ValueError(f"window should be at most 6 days to fit the drawing, got {window}")
    fig, ax = canvas(12.4, 6.9, scale=0.78)
    _split(ax, y=5.75)
    _windows(ax, window, y_top=2.95)
    return fig


def _split(ax, y):
    """Train / validation / test in time order, with what each part is used for."""
    parts = [("train (70 %)", 7.0, "input", "fit the weights, and the\nscaler's $m$ and $M$"),
             ("validation (15 %)", 1.9, "hidden", "early stopping,\nchoices"),
             ("test (15 %)", 1.9, "output", "scored once,\nat the end")]
    x = 0.9
    for name, width, role, use in parts:
        box(ax, (x + width / 2, y), name, width=width, height=0.62, role=role, fontsize=11)
        label(ax, (x + width / 2, y - 0.78), use, fontsize=9.5, va="center")
        x += width
    arrow(ax, (0.9, y + 0.58), (x, y + 0.58), text=None)
    label(ax, (x + 0.05, y + 0.58), "time", fontsize=10, ha="left")
    label(ax, (0.9, y + 0.85), "never shuffled: every part comes after the one before it",
          fontsize=10, ha="left")


def _windows(ax, window, y_top):
    """Two rows of days; each shades its window and its target day."""
    cell, gap = 1.05, 0.08
    days = list(range(-window - 1, 3))              # offsets from t: t-W-1 .. t+2
    x0 = 2.75
    xs = {d: x0 + i * (cell + gap) for i, d in enumerate(days)}
    boundary = (xs[-1] + xs[0]) / 2                 # t is the first test day
    rows = [(0, y_top, "$X_t$", "$y_t$"), (1, y_top - 1.6, "$X_{t+1}$", "$y_{t+1}$")]
    for shift, y, x_name, y_name in rows:
        for d in days:
            inside = -window + shift <= d <= -1 + shift
            target = d == shift
            role = "input" if inside else "output" if target else "#ffffff"
            box(ax, (xs[d], y), f"$\\mathbf{{x}}_{{{_offset(d)}}}$", width=cell, height=0.6,
                role=role, fontsize=10, linewidth=1.6 if inside or target else 0.8,
                edgecolor=INK if inside or target else "0.6")
        first, last = xs[-window + shift], xs[-1 + shift]
        label(ax, ((first + last) / 2, y + 0.5), f"{x_name}: the last $W$ days", fontsize=10)
        label(ax, (xs[shift], y + 0.5), f"target {y_name}", fontsize=10)
        label(ax, (0.15, y), f"sample {'$t$' if shift == 0 else '$t+1$'}", fontsize=10, ha="left")
    ax.plot([boundary, boundary], [y_top + 0.9, y_top - 2.05], color="0.35", ls="--", lw=1.1)
    label(ax, (boundary - 0.08, y_top - 2.3), "validation days", fontsize=9.5, ha="right",
          color="0.3")
    label(ax, (boundary + 0.08, y_top - 2.3), "test days", fontsize=9.5, ha="left", color="0.3")
    label(ax, (0.15, y_top - 2.95),
          f"$W={window}$ drawn. Shapes: $X$ (samples, window=$W$, features), $y$ (samples, horizon=1). "
          "A sample belongs to the part of its target day.", fontsize=9.5, ha="left")


def _offset(d):
    """Day offset from t as a subscript: -2 -> 't-2', 0 -> 't'."""
    return "t" if d == 0 else f"t{d:+d}"


def draw_walk_forward(n_folds=4, first_train=4, val=1):
    """Walk-forward validation as rows of yearly blocks: fold k trains on blocks before its
    test block (the last ``val`` of them for early stopping) and is scored on the next one.
    Returns the figure."""
    check_int(n_folds, "n_folds", minimum=2)
    check_int(first_train, "first_train", minimum=2)
    check_int(val, "val", minimum=1)
    if val >= first_train:
        raise ValueError(f"val ({val}) should leave training blocks in the first fold "
                         f"({first_train} blocks)")
    blocks = first_train + n_folds
    if blocks > 12:
        raise ValueError(f"first_train + n_folds should be at most 12 blocks to draw, got {blocks}")
    cell = 0.95
    fig, ax = canvas(1.9 + blocks * cell + 0.4, 0.95 + 0.62 * n_folds + 0.4, scale=0.8)
    top = 0.62 * n_folds + 0.75
    for k in range(n_folds):
        y = top - 0.62 * k - 0.2
        label(ax, (0.1, y), f"fold {k + 1}", fontsize=10, ha="left")
        test = first_train + k
        for b in range(blocks):
            x = 1.2 + b * cell + cell / 2
            if b < test - val:
                role, text = "input", "train"
            elif b < test:
                role, text = "hidden", "val"
            elif b == test:
                role, text = "output", "test"
            else:
                role, text = COLORS["pad"], ""
            box(ax, (x, y), text, width=cell - 0.06, height=0.46, role=role, fontsize=9,
                linewidth=0.8 if role == COLORS["pad"] else 1.2)
    arrow(ax, (1.2, 0.3), (1.2 + blocks * cell, 0.3))
    label(ax, (1.2 + blocks * cell / 2, 0.12), "time, one block = one year", fontsize=9.5, va="top")
    return fig
