"""Diagrams of what the notebooks build, drawn with matplotlib from code kept here.

One module per picture family, each with a ``draw()`` that returns the figure and names
the notebook that shows it. This file holds the few primitives they share: a canvas in
diagram units, labelled boxes and circles, and arrows between their edges. Everything is
drawn in data coordinates with an equal aspect, so a unit is the same length across and up.

A notebook shows a diagram with, e.g.::

    from course_utils.diagrams import unrolled_rnn
    unrolled_rnn.draw()
    plt.show()
"""
from typing import NamedTuple

import matplotlib.pyplot as plt
from matplotlib.patches import Circle, FancyArrowPatch, FancyBboxPatch

# One colour per role, the same in every diagram of the course.
COLORS = {
    "input": "#dbe9f6",     # x_t, tokens, features
    "hidden": "#fde5c8",    # h_t, c_t, states
    "output": "#d9f0d3",    # y_t, predictions
    "gate": "#ead7f0",      # sigmoid gates, attention weights
    "op": "#ffffff",        # pointwise operations (+, x, tanh)
    "pad": "#e6e6e6",       # padding, masked steps
    "loss": "#f6d5d5",      # losses and gradients
}
INK = "0.15"
GRADIENT = "#c0392b"        # arrows that carry gradients backwards


class Box(NamedTuple):
    """A drawn box: centre (x, y) and size; the four edge midpoints for arrows."""
    x: float
    y: float
    width: float
    height: float

    @property
    def left(self):
        return (self.x - self.width / 2, self.y)

    @property
    def right(self):
        return (self.x + self.width / 2, self.y)

    @property
    def top(self):
        return (self.x, self.y + self.height / 2)

    @property
    def bottom(self):
        return (self.x, self.y - self.height / 2)


def canvas(width, height, scale=0.9, title=None):
    """A figure whose axes span (0, width) x (0, height) diagram units, axes hidden.

    ``scale`` is inches per unit. Returns (fig, ax).
    """
    if width <= 0 or height <= 0 or scale <= 0:
        raise ValueError(f"width, height and scale should be positive, got {width}, {height}, {scale}")
    fig, ax = plt.subplots(figsize=(width * scale, height * scale))
    ax.set_xlim(0, width)
    ax.set_ylim(0, height)
    ax.set_aspect("equal")
    ax.axis("off")
    if title:
        ax.set_title(title, fontsize=12)
    fig.subplots_adjust(left=0.01, right=0.99, bottom=0.01, top=0.92 if title else 0.99)
    return fig, ax


def box(ax, center, text, width=1.0, height=0.6, role="hidden", fontsize=11, **kwargs):
    """Draw a rounded box with centred text (mathtext allowed); return its ``Box``."""
    x, y = center
    color = COLORS.get(role, role)
    ax.add_patch(FancyBboxPatch((x - width / 2, y - height / 2), width, height,
                                boxstyle="round,pad=0.02,rounding_size=0.08",
                                facecolor=color, edgecolor=kwargs.pop("edgecolor", INK),
                                linewidth=kwargs.pop("linewidth", 1.2), **kwargs))
    ax.text(x, y, text, ha="center", va="center", fontsize=fontsize, color=INK)
    return Box(x, y, width, height)


def circle(ax, center, text, radius=0.22, role="op", fontsize=11):
    """Draw a small circle (a pointwise operation such as + or x); return its ``Box``."""
    ax.add_patch(Circle(center, radius, facecolor=COLORS.get(role, role), edgecolor=INK, linewidth=1.2))
    ax.text(center[0], center[1], text, ha="center", va="center", fontsize=fontsize, color=INK)
    return Box(center[0], center[1], 2 * radius, 2 * radius)


def arrow(ax, start, end, text=None, color=INK, linestyle="-", curve=0.0, fontsize=10,
          text_offset=(0.0, 0.12), linewidth=1.3):
    """Draw an arrow from point ``start`` to point ``end``, optionally labelled at its middle.

    ``curve`` bends it (the arc3 radius: positive bends left of the direction of travel).
    """
    ax.add_patch(FancyArrowPatch(start, end, arrowstyle="-|>", mutation_scale=12,
                                 color=color, linestyle=linestyle, linewidth=linewidth,
                                 connectionstyle=f"arc3,rad={curve}", shrinkA=0, shrinkB=0))
    if text:
        mid = ((start[0] + end[0]) / 2 + text_offset[0], (start[1] + end[1]) / 2 + text_offset[1])
        ax.text(*mid, text, ha="center", va="bottom", fontsize=fontsize, color=color)


def label(ax, xy, text, fontsize=10, color=INK, **kwargs):
    """Plain text at ``xy`` (centred unless ``ha``/``va`` say otherwise)."""
    kwargs.setdefault("ha", "center")
    kwargs.setdefault("va", "center")
    ax.text(xy[0], xy[1], text, fontsize=fontsize, color=color, **kwargs)
