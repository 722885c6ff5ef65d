"""Drawing the 4x3 grid: an image as ink and paper, twelve weights as a heat map.

Every figure that shows pixels or the weights on pixels uses these two functions, so
the book draws the grid one way: row 1 on top, pixel x_1 in the top-left corner.

    python snippets/grids.py

draws one image and one set of weights into grids.svg in the current folder.
"""

import numpy as np

from dataset import INK_COLOR, PAPER_COLOR

WEIGHT_COLORS = "coolwarm"  # warm (red) for positive weights, cool (blue) for negative, as in the playground


def draw_image(ax, pixels, title=None):
    """Pixels x_1, ..., x_12 (1 ink, 0 paper; values between shade in between) as a 4x3 grid."""
    from matplotlib.colors import LinearSegmentedColormap

    paper_to_ink = LinearSegmentedColormap.from_list("paper_to_ink", [PAPER_COLOR, INK_COLOR])
    ax.imshow(np.reshape(pixels, (4, 3)), cmap=paper_to_ink, vmin=0, vmax=1)
    _frame(ax, title)


def draw_weights(ax, w, vmax=None, title=None, values=True):
    """Weights w_1, ..., w_12 on the pixels they multiply; colour scale from -vmax to +vmax."""
    grid = np.reshape(np.asarray(w, dtype=float), (4, 3))
    vmax = vmax or float(np.max(np.abs(grid))) or 1.0
    ax.imshow(grid, cmap=WEIGHT_COLORS, vmin=-vmax, vmax=vmax)
    if values:
        for (row, column), weight in np.ndenumerate(grid):
            text = f"{weight:+.0f}" if float(weight).is_integer() else f"{weight:+.1f}"
            ax.text(column, row, text, ha="center", va="center", color="black", fontsize=8)
    _frame(ax, title)


def _frame(ax, title):
    ax.set_xticks([])
    ax.set_yticks([])
    if title:
        ax.set_title(title, fontsize=10)


if __name__ == "__main__":
    from matplotlib.figure import Figure

    fig = Figure(figsize=(4, 2.6), layout="constrained")
    left, right = fig.subplots(1, 2)
    draw_image(left, [0, 1, 0] * 4, title="an image")
    draw_weights(right, [-1, 2, -1] * 4, title="weights")
    fig.savefig("grids.svg")
    print("wrote grids.svg")
