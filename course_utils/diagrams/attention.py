"""The attention decoder at one output step t (notebook 08).

Bottom to top: the encoder states he_1..he_n; their scores against the decoder state hd_t,
u_i^t = tanh(he_i W_e + hd_t W_d) v; the softmax weights a_i^t, drawn as bars; the context
c_t = sum_i a_i^t he_i; the attentional state tanh([c_t; hd_t] W_c); and the output
softmax. The symbols and the row-vector layout (x W, as Keras stores its kernels) are the
notebook's.
"""
import matplotlib.pyplot as plt
from matplotlib.patches import Rectangle

from course_utils.diagrams import COLORS, INK, arrow, box, canvas, label

# Illustrative weights for the bars, one per drawn encoder state; they sum to 1.
EXAMPLE_WEIGHTS = (0.06, 0.09, 0.68, 0.17)


def draw(weights=EXAMPLE_WEIGHTS):
    """Draw the attention decoder; ``weights`` are the bar heights, one per encoder state
    drawn (he_1, he_2, he_3 and he_n, with dots standing for the ones in between).
    Returns the figure.
    """
    weights = tuple(float(w) for w in weights)
    if len(weights) != 4 or min(weights) < 0 or abs(sum(weights) - 1) > 1e-6:
        raise ValueError(f"weights should be 4 non-negative numbers summing to 1, got {weights}")
    fig, ax = canvas(11.6, 8.6, scale=0.78, title="The attention decoder at output step $t$")
    columns = [1.6, 2.8, 4.0, 6.4]           # he_1, he_2, he_3, he_n; dots at 5.2
    names = ["1", "2", "3", "n"]
    left, right = 0.9, 7.1                   # extent of the scores and softmax boxes

    # Encoder: characters x_i feed the bidirectional LSTM, which gives one state he_i each.
    for x, name in zip(columns, names):
        char = box(ax, (x, 0.45), f"$x_{name}$", width=0.7, height=0.45, role="input")
        state = box(ax, (x, 1.35), f"$he_{name}$", width=0.9, height=0.55)
        arrow(ax, char.top, state.bottom)
        arrow(ax, state.top, (x, 2.25))
    for y in (0.45, 1.35):
        label(ax, (5.2, y), r"$\cdots$", fontsize=14)
    label(ax, (9.6, 0.45), "encoder: embedding,\nbidirectional LSTM", fontsize=9, color="0.35")

    # Decoder state hd_t, from the previous output and state; it feeds every score.
    decoder = box(ax, (9.6, 2.6), "$hd_t$", width=1.0, height=0.6)
    arrow(ax, (9.6, 1.55), decoder.bottom)
    label(ax, (9.6, 1.35), "$y_{t-1}$, $hd_{t-1}$", fontsize=10)
    scores = box(ax, ((left + right) / 2, 2.6), r"scores  $u_i^t = \tanh(he_i W_e + hd_t W_d)\, v$",
                 width=right - left, height=0.7, role="op")
    arrow(ax, decoder.left, scores.right, text="$hd_t$", text_offset=(0.0, 0.05))

    # Softmax over i, then the weights a_i^t as bars on a common baseline.
    softmax = box(ax, ((left + right) / 2, 3.65), r"softmax over $i$:  $a^t = \mathrm{softmax}(u^t)$",
                  width=right - left, height=0.55, role="op")
    arrow(ax, scores.top, softmax.bottom)
    base, top = 4.35, 5.45
    for x, name, w in zip(columns, names, weights):
        arrow(ax, (x, softmax.top[1]), (x, base - 0.02), linewidth=0.8)
        ax.add_patch(Rectangle((x - 0.22, base), 0.44, w * (top - base), facecolor=COLORS["gate"],
                               edgecolor=INK, linewidth=1.0))
        label(ax, (x + 0.5, base + 0.2), f"$a_{name}^t$", fontsize=10)
    label(ax, (5.2, base + 0.3), r"$\cdots$", fontsize=14)

    # Context: the weighted sum of the encoder states, which also come up the left side.
    context = box(ax, (4.0, 6.75), r"$c_t = \sum_i a_i^t\, he_i$", width=2.6, height=0.6)
    for x, w in zip(columns, weights):
        arrow(ax, (x, base + w * (top - base)), (context.x + (x - 4.0) * 0.25, context.bottom[1]),
              linewidth=0.8)
    ax.plot([0.45, 0.3, 0.3], [1.35, 1.35, 6.75], color=INK, linewidth=1.0, linestyle="--")
    ax.plot([columns[0] - 0.45, 0.45], [1.35, 1.35], color=INK, linewidth=1.0, linestyle="--")
    arrow(ax, (0.3, 6.75), context.left, linestyle="--", linewidth=1.0)
    label(ax, (0.12, 4.2), "$he_1 \\ldots he_n$", fontsize=10, rotation=90)

    # Attentional state and output, as in Luong et al. (2015).
    attentional = box(ax, (9.35, 6.75), r"$\widetilde{hd}_t = \tanh([c_t;\, hd_t]\, W_c)$",
                      width=3.5, height=0.6)
    arrow(ax, context.right, attentional.left, text="$c_t$", text_offset=(0.0, 0.05))
    arrow(ax, decoder.top, attentional.bottom, text="$hd_t$", text_offset=(0.3, -0.1))
    output = box(ax, (9.35, 7.95), r"$y_t = \mathrm{softmax}(\widetilde{hd}_t\, W_s + b_s)$",
                 width=3.5, height=0.6, role="output")
    arrow(ax, attentional.top, output.bottom)
    return fig


if __name__ == "__main__":
    draw()
    plt.show()
