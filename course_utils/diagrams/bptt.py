"""Backpropagation through time: the pictures of notebook 03.

- ``draw()``: the RNN unrolled over four steps, the forward pass in black (x_t and h_{t-1}
  into h_t, h_t into the loss L_t) and the backward pass in red: each loss sends dL_t/dh_t
  down, each step sends delta_{t+1} W_hh^T back to the step before, and the copies' weight
  gradients are added up (the roll-up).
- ``draw_vanishing_path()``: one term of the gradient, the path from the loss at step T back
  to step k, a product of T - k one-step Jacobians; drawn thinner at each step, as its norm
  shrinks when every Jacobian shrinks vectors.
"""
from course_utils.diagrams import GRADIENT, arrow, box, canvas, label


def draw(steps=4):
    """Draw the unrolled forward and backward graph and return the figure (notebook 03, section 1)."""
    if not 2 <= steps <= 6:
        raise ValueError(f"steps should be between 2 and 6, got {steps}")
    dx = 2.6
    width = 2.2 + dx * steps + 0.6
    fig, ax = canvas(width, 6.2, scale=0.78)
    y_x, y_h, y_l = 0.9, 3.0, 5.1
    h0 = box(ax, (1.0, y_h), r"$h_0$", width=0.8, role="hidden")
    previous = h0
    for t in range(1, steps + 1):
        cx = 1.0 + dx * t
        name = "T" if t == steps else str(t)
        x_box = box(ax, (cx, y_x), f"$x_{{{name}}}$", width=0.8, role="input")
        h_box = box(ax, (cx, y_h), f"$h_{{{name}}}$", width=0.8, role="hidden")
        l_box = box(ax, (cx, y_l), f"$L_{{{name}}}$", width=0.8, role="loss")
        arrow(ax, x_box.top, h_box.bottom, text=r"$W_{xh}$" if t == 1 else None,
              text_offset=(-0.35, -0.1), fontsize=10)
        arrow(ax, (previous.right[0], y_h + 0.12), (h_box.left[0], y_h + 0.12),
              text=r"$W_{hh}$", text_offset=(0.0, 0.06), fontsize=10)
        arrow(ax, (cx - 0.15, h_box.top[1]), (cx - 0.15, l_box.bottom[1]))
        arrow(ax, (cx + 0.15, l_box.bottom[1]), (cx + 0.15, h_box.top[1]), color=GRADIENT)
        label(ax, (cx + 0.25, (y_h + y_l) / 2), rf"$\partial L_{{{name}}}/\partial h_{{{name}}}$",
              fontsize=10, color=GRADIENT, ha="left")
        label(ax, (cx + 0.62, y_h - 0.4), rf"$\delta_{{{name}}}$", fontsize=10, color=GRADIENT)
        arrow(ax, (h_box.left[0], y_h - 0.16), (previous.right[0], y_h - 0.16), color=GRADIENT)
        label(ax, (cx - dx / 2, y_h - 0.62), rf"$\delta_{{{name}}} W_{{hh}}^\top$",
              fontsize=10, color=GRADIENT)
        previous = h_box
    label(ax, (width / 2, 0.12),
          r"forward: $h_t = \tanh(x_t W_{xh} + h_{t-1} W_{hh} + b)$" + "      "
          + r"backward: $\delta_t = (\partial L_t/\partial h_t + \delta_{t+1} W_{hh}^\top) \odot (1 - h_t^2)$",
          fontsize=10)
    label(ax, (width / 2, 5.95),
          r"roll-up: $\partial L/\partial W_{hh} = \sum_t h_{t-1}^\top \delta_t$ (one term per copy, one shared $W_{hh}$)",
          fontsize=10, color=GRADIENT)
    return fig


def draw_vanishing_path():
    """Draw the gradient path from L_T back to h_k and return the figure (notebook 03, section 4)."""
    fig, ax = canvas(12.0, 4.0, scale=0.78)
    names = [r"h_k", r"h_{k+1}", r"h_{k+2}", None, r"h_{T-1}", r"h_T"]
    xs = [1.0, 3.2, 5.4, 7.0, 8.6, 10.8]
    y = 2.0
    boxes = []
    for name, x in zip(names, xs):
        if name is None:
            label(ax, (x, y), r"$\cdots$", fontsize=16, color=GRADIENT)
            boxes.append(None)
        else:
            boxes.append(box(ax, (x, y), f"${name}$", width=0.95, role="hidden", fontsize=12))
    loss = box(ax, (10.8, 3.4), r"$L_T$", width=0.8, role="loss", fontsize=12)
    arrow(ax, loss.bottom, boxes[-1].top, color=GRADIENT, linewidth=2.6)
    label(ax, (11.3, 2.75), r"$\partial L_T/\partial h_T$", fontsize=11, color=GRADIENT, ha="left")
    jac = [r"$\partial h_{k+1}/\partial h_k$", r"$\partial h_{k+2}/\partial h_{k+1}$", None, None,
           r"$\partial h_T/\partial h_{T-1}$"]
    widths = [0.7, 1.0, 1.4, 1.9, 2.6]       # thinner towards step k: the norm shrinks
    for i in range(len(xs) - 1):
        right, left = boxes[i + 1], boxes[i]
        start = right.left[0] if right else xs[i + 1] - 0.45
        end = left.right[0] if left else xs[i] + 0.45
        ax.annotate("", xy=(end, y), xytext=(start, y),
                    arrowprops=dict(arrowstyle="-|>", color=GRADIENT, lw=widths[i], mutation_scale=12,
                                    shrinkA=0, shrinkB=0))
        if jac[i]:
            label(ax, ((start + end) / 2, y + 0.45), jac[i], fontsize=11, color=GRADIENT)
    label(ax, (6.0, 0.55),
          r"$\dfrac{\partial h_T}{\partial h_k} = \prod_{i=k+1}^{T} \dfrac{\partial h_i}{\partial h_{i-1}},"
          r"\qquad \dfrac{\partial h_i}{\partial h_{i-1}} = \mathrm{diag}(1 - h_i^2)\, W_{hh}^\top,"
          r"\qquad \left\Vert \dfrac{\partial h_T}{\partial h_k} \right\Vert \approx C \rho^{\,T-k}$",
          fontsize=13)
    label(ax, (1.0, 3.4), r"$\rho < 1$: vanishes" + "\n" + r"$\rho > 1$: explodes", fontsize=11)
    return fig
