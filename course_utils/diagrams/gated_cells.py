"""The LSTM cell and the GRU cell, drawn with the symbols of notebook 04.

``draw_lstm()`` shows one LSTM step: the cell state c runs along the top and is changed
only by the forget gate's x and the input gate's +; the gates read x_t and h_{t-1}.
``draw_gru()`` shows one GRU step in Keras's convention, h_t = z_t h_{t-1} + (1 - z_t) h~_t,
with the reset gate applied to h_{t-1} before the candidate (the textbook form).
Both return the figure; the notebook calls ``plt.show()``.
"""
from course_utils.diagrams import COLORS, INK, box, canvas, circle, label

# The long-memory line (c for the LSTM, h for the GRU) is drawn heavier than the rest.
MEMORY_WIDTH = 2.6


def draw_lstm():
    """One LSTM step: gates f_t, i_t, o_t, candidate c~_t, cell c_t, hidden h_t."""
    fig, ax = canvas(11.4, 5.9, scale=0.75, title="LSTM cell: one step")
    _frame(ax, 1.45, 0.55, 10.0, 5.0)
    top, bus = 4.55, 1.0
    # the cell state line: c_{t-1} -> x f_t -> + i_t c~_t -> c_t
    forget, add = _memory_line(ax, top, r"$c_{t-1}$", r"$c_t$", scale_x=2.9, add_x=5.3)
    # inputs: h_{t-1} from the left, x_t from below, side by side on one bus
    label(ax, (0.55, bus), r"$h_{t-1}$", fontsize=13)
    label(ax, (2.0, 0.12), r"$x_t$", fontsize=13)
    _wire(ax, [(0.95, bus), (7.85, bus)], arrow=False)
    _wire(ax, [(2.0, 0.35), (2.0, bus)], arrow=False)
    _dot(ax, (2.0, bus))
    label(ax, (4.0, bus - 0.25), r"$x_t,\ h_{t-1}$", fontsize=10, color="0.35")
    # the four blocks, each reading x_t W_* + h_{t-1} U_* + b_*
    gates = {}
    for name, x, text, role in (("f", 2.9, r"$f_t=\sigma(\cdot)$", "gate"),
                                ("i", 4.5, r"$i_t=\sigma(\cdot)$", "gate"),
                                ("c", 6.15, r"$\tilde c_t=\tanh(\cdot)$", "op"),
                                ("o", 7.85, r"$o_t=\sigma(\cdot)$", "gate")):
        gates[name] = box(ax, (x, 2.1), text, width=1.5, height=0.55, role=role, fontsize=10)
        _wire(ax, [(x, bus), gates[name].bottom])
        _dot(ax, (x, bus))
    # forget: f_t scales c_{t-1}
    _wire(ax, [gates["f"].top, forget.bottom])
    # input: i_t times c~_t, added to the cell
    write = circle(ax, (5.3, 3.4), r"$\times$")
    _wire(ax, [gates["i"].top, (4.5, 3.4), write.left])
    _wire(ax, [gates["c"].top, (6.15, 2.85), (5.3, 2.85), write.bottom])
    _wire(ax, [write.top, add.bottom])
    # output: h_t = o_t tanh(c_t)
    squash = box(ax, (9.3, 3.4), r"$\tanh$", width=0.75, height=0.45, role="op", fontsize=10)
    _dot(ax, (9.3, top))
    _wire(ax, [(9.3, top), squash.top])
    show = circle(ax, (9.3, 2.1), r"$\times$")
    _wire(ax, [squash.bottom, show.top])
    _wire(ax, [gates["o"].right, show.left])
    _wire(ax, [show.right, (10.75, 2.1)], lw=1.6)
    label(ax, (11.0, 2.1), r"$h_t$", fontsize=13)
    label(ax, (4.1, 5.35), r"$c_t = f_t \odot c_{t-1} + i_t \odot \tilde c_t$", fontsize=11)
    label(ax, (9.0, 1.45), r"$h_t = o_t \odot \tanh(c_t)$", fontsize=11)
    return fig


def draw_gru():
    """One GRU step: update gate z_t, reset gate r_t, candidate h~_t, hidden h_t."""
    fig, ax = canvas(11.4, 5.9, scale=0.75, title="GRU cell: one step (Keras: $z_t$ near 1 keeps $h_{t-1}$)")
    _frame(ax, 1.0, 0.55, 10.0, 5.0)
    top, bus = 4.55, 1.0
    # the state line: h_{t-1} -> x z_t -> + (1 - z_t) h~_t -> h_t
    keep, add = _memory_line(ax, top, r"$h_{t-1}$", r"$h_t$", scale_x=7.2, add_x=9.0)
    # h_{t-1} drops to the bus; x_t comes from below
    _dot(ax, (1.2, top))
    _wire(ax, [(1.2, top), (1.2, bus)], arrow=False)
    label(ax, (2.0, 0.12), r"$x_t$", fontsize=13)
    _wire(ax, [(2.0, 0.35), (2.0, bus)], arrow=False)
    _dot(ax, (2.0, bus))
    _wire(ax, [(1.2, bus), (4.6, bus)], arrow=False)
    label(ax, (3.4, bus - 0.25), r"$x_t,\ h_{t-1}$", fontsize=10, color="0.35")
    reset = box(ax, (3.0, 2.1), r"$r_t=\sigma(\cdot)$", width=1.45, height=0.55, role="gate", fontsize=10)
    update = box(ax, (4.6, 2.1), r"$z_t=\sigma(\cdot)$", width=1.45, height=0.55, role="gate", fontsize=10)
    for gate in (reset, update):
        _wire(ax, [(gate.x, bus), gate.bottom])
        _dot(ax, (gate.x, bus))
    # reset: r_t scales h_{t-1} before the candidate sees it
    mask = circle(ax, (3.0, 3.45), r"$\times$")
    _dot(ax, (3.0, top))
    _wire(ax, [(3.0, top), mask.top])
    _wire(ax, [reset.top, mask.bottom])
    candidate = box(ax, (6.0, 3.45), r"$\tilde h_t=\tanh(\cdot)$", width=1.6, height=0.55, role="op", fontsize=10)
    _wire(ax, [mask.right, candidate.left])
    label(ax, (4.25, 3.68), r"$r_t \odot h_{t-1}$", fontsize=10, color="0.35")
    _wire(ax, [(6.0, 0.35), candidate.bottom])
    label(ax, (6.0, 0.12), r"$x_t$", fontsize=13)
    # update: z_t keeps the old state, 1 - z_t lets the candidate in
    _wire(ax, [update.right, (7.2, 2.1), keep.bottom])
    _dot(ax, (7.2, 2.1))
    one_minus = circle(ax, (8.2, 2.1), r"$1-$", radius=0.26, fontsize=10)
    _wire(ax, [(7.2, 2.1), one_minus.left])
    mix = circle(ax, (9.0, 3.45), r"$\times$")
    _wire(ax, [candidate.right, mix.left])
    _wire(ax, [one_minus.right, (9.0, 2.1), mix.bottom])
    _wire(ax, [mix.top, add.bottom])
    label(ax, (4.6, 5.35), r"$h_t = z_t \odot h_{t-1} + (1 - z_t) \odot \tilde h_t$", fontsize=11)
    return fig


def _memory_line(ax, y, old, new, scale_x, add_x):
    """The heavy line at height y carrying the memory from ``old`` to ``new``, through a
    multiply at ``scale_x`` and an add at ``add_x``; returns those two circles."""
    label(ax, (0.55, y), old, fontsize=13)
    scale = circle(ax, (scale_x, y), r"$\times$")
    add = circle(ax, (add_x, y), r"$+$")
    _wire(ax, [(0.95, y), scale.left], lw=MEMORY_WIDTH)
    _wire(ax, [scale.right, add.left], lw=MEMORY_WIDTH)
    _wire(ax, [add.right, (10.75, y)], lw=MEMORY_WIDTH)
    label(ax, (11.0, y), new, fontsize=13)
    return scale, add


def _frame(ax, x0, y0, x1, y1):
    """The light rounded outline of one time step's cell."""
    box(ax, ((x0 + x1) / 2, (y0 + y1) / 2), "", width=x1 - x0, height=y1 - y0, role="#f7f7f7",
        edgecolor="0.7", linewidth=1.0, zorder=0)


def _wire(ax, points, arrow=True, lw=1.3):
    """A polyline through ``points``; an arrow head on the last segment unless ``arrow`` is False."""
    xs, ys = zip(*points)
    if not arrow:
        ax.plot(xs, ys, color=INK, linewidth=lw, solid_capstyle="butt", zorder=0.8)
        return
    ax.plot(xs[:-1] + (xs[-1],), ys[:-1] + (ys[-1],), color=INK, linewidth=lw, zorder=0.8)
    ax.annotate("", xy=points[-1], xytext=points[-2],
                arrowprops=dict(arrowstyle="-|>", color=INK, lw=lw, mutation_scale=12,
                                shrinkA=0, shrinkB=0), zorder=0.9)


def _dot(ax, xy):
    """A junction: the wire splits here (crossings without a dot do not connect)."""
    ax.plot(*xy, marker="o", markersize=4, color=INK, zorder=3)


__all__ = ["draw_lstm", "draw_gru", "COLORS"]
