"""Bag-of-words against one-hot: the picture of notebook 01.

``draw()`` shows the one-hot matrices X (time x vocabulary) of "He is a teacher. She is a
student." and of its role-swapped twin, and under each the bag-of-words vector x, the
column sums of X. The matrices differ; the two bags are the same.
"""
from course_utils.diagrams import GRADIENT, arrow, box, canvas, label

VOCABULARY = ("he", "she", "is", "a", "teacher", "student")
SENTENCES = (("he", "is", "a", "teacher", "she", "is", "a", "student"),
             ("he", "is", "a", "student", "she", "is", "a", "teacher"))
TITLES = ("He is a teacher. She is a student.", "He is a student. She is a teacher.")


def _matrix(ax, left, top, words, title, cell=0.42):
    """One one-hot matrix with its row and column labels, and its bag underneath."""
    k = len(VOCABULARY)
    label(ax, (left + k * cell / 2, top + 1.25), title, fontsize=11, fontweight="bold")
    for j, word in enumerate(VOCABULARY):
        label(ax, (left + (j + 0.5) * cell, top + 0.12), word, fontsize=9, rotation=45,
              ha="left", va="bottom", rotation_mode="anchor")
    for t, word in enumerate(words):
        y = top - (t + 0.5) * cell
        differs = SENTENCES[0][t] != SENTENCES[1][t]
        label(ax, (left - 0.12, y), f"$t={t + 1}$  {word}", fontsize=9, ha="right",
              color=GRADIENT if differs else "0.15")
        for j, column in enumerate(VOCABULARY):
            hot = column == word
            box(ax, (left + (j + 0.5) * cell, y), "1" if hot else "0", width=cell, height=cell,
                role="input" if hot else "op", fontsize=9, linewidth=0.6)
    bottom = top - len(words) * cell
    bag_y = bottom - 1.05
    arrow(ax, (left + k * cell / 2, bottom - 0.08), (left + k * cell / 2, bag_y + cell / 2 + 0.06),
          text=r"sum over $t$", text_offset=(0.75, -0.12), fontsize=9)
    for j, column in enumerate(VOCABULARY):
        box(ax, (left + (j + 0.5) * cell, bag_y), str(words.count(column)), width=cell,
            height=cell, role="hidden", fontsize=10, linewidth=0.8)
    label(ax, (left - 0.12, bag_y), r"bag $\mathbf{x}$", fontsize=10, ha="right")
    return bag_y


def draw():
    """Draw the figure and return it (notebook 01, section 2)."""
    fig, ax = canvas(12.6, 6.6, scale=0.8)
    lefts = (1.9, 8.9)
    for left, words, title in zip(lefts, SENTENCES, TITLES):
        bag_y = _matrix(ax, left, 5.0, words, title)
    middle = (lefts[0] + 6 * 0.42 + lefts[1] - 1.55) / 2
    label(ax, (middle, 3.3), r"one-hot $X \in \{0,1\}^{T \times K}$" + "\n" + r"$T = 8$ rows (time)"
          + "\n" + r"$K = 6$ columns (words)" + "\n\nthe matrices differ" + "\nin rows 4 and 8",
          fontsize=10)
    label(ax, (middle, bag_y), r"$x_j = \sum_t X_{t,j}$" + "\nthe bags are equal", fontsize=10)
    return fig
