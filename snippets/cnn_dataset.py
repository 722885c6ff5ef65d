"""The 96 training images of the convolutional network: 6 x 6 black/white pixels of a 1, 2 or 3.

An image is a 6 x 6 grid; x[i][j] is the pixel in row i, column j (the book's x_{i+1,j+1},
Python counting from 0); 1 = ink, 0 = paper. On disk it is 36 pixels row by row, in the
format of digits.txt with 6 rows of 6 (snippets/digits6.txt, read by dataset.load_dataset).

The rule that makes the set. Every digit has a prototype, drawn in a box of 5 rows and
3 columns, in which two pixels are optional:

    "1"     "2"     "3"
    .#.     o##     o##        # ink in every image of the digit
    ##.     ..#     ..#        o optional: ink or paper
    .#.     ###     ###        . paper
    .#.     #..     ..#
    o#o     ##o     o##

Each of the 2^2 = 4 choices of the optional pixels, at each of the 2 x 4 = 8 places the box
fits in the 6 x 6 grid (its top row 1 or 2, its left column 1, 2, 3 or 4), gives one image:
4 x 8 = 32 images of each digit.

Order: the 32 ones, then the 32 twos, then the 32 threes. Image n = 0 .. 31 of a digit puts
the box's top-left corner at row 1 + n // 16 and column 1 + (n // 4) % 4, and writes n % 4 as
two binary digits that it gives to the optional pixels in reading order (1 = ink): n = 0 is
the bare prototype in the top-left corner, n = 3 the same place with both optional pixels.

Why no image appears twice or with two labels. A "1" has 6 to 8 ink pixels and a "2" or a "3"
9 to 11, so a "1" is never a "2" or a "3". In a "1" the stem is the only column with more than
two ink pixels, and it runs over the box's five rows, so the stem fixes the box, and the box
and the image fix the optional pixels. In a "2" or a "3" the ink touches all four sides of
the box (the top row's right end, the bottom row's middle, the middle row's two ends), so the
ink's bounding box is the box; inside it, row 4 has its ink on the left in a "2" and on the
right in a "3". tests/test_cnn_dataset.py checks all of this on the 96 images.

    python snippets/cnn_dataset.py              # check digits6.txt and count its labels
    python snippets/cnn_dataset.py mine.txt     # check your own file of 6 x 6 images
    python snippets/cnn_dataset.py --write PATH # write the 96 images made by the rule
"""

import argparse
from pathlib import Path

import numpy as np

import dataset
from dataset import DatasetError

DEFAULT = Path(__file__).with_name("digits6.txt")
SIZE = 6                 # the images are SIZE x SIZE pixels
LABELS = (1, 2, 3)       # the digits, and the labels of the file
BOX = (5, 3)             # rows and columns of a prototype
PLACES = [(top, left) for top in range(SIZE - BOX[0] + 1) for left in range(SIZE - BOX[1] + 1)]

# The prototypes, with "o" for the two optional pixels (see the docstring).
# --8<-- [start:prototypes]
PROTOTYPES = {
    1: (".#.",
        "##.",
        ".#.",
        ".#.",
        "o#o"),
    2: ("o##",
        "..#",
        "###",
        "#..",
        "##o"),
    3: ("o##",
        "..#",
        "###",
        "..#",
        "o##"),
}
# --8<-- [end:prototypes]

HEADER = """\
; Training images for the convolutional network of Forty-Seven Parameters.
; Each image is 6 lines of 6 pixels ('#' ink, '.' paper), then 'label 1', 'label 2' or 'label 3'.
; Blank lines separate images; lines starting with ';' are comments.
; Made by `python snippets/cnn_dataset.py --write PATH`; the rule is stated in cnn_dataset.py.
"""


def image(label, n):
    """The 36 pixels, row by row, of image n = 0 .. 31 of the digit `label`."""
    top, left = PLACES[n // 4]
    bits = format(n % 4, "02b")
    optional = iter(bits)
    pixels = [0] * (SIZE * SIZE)
    for r, row in enumerate(PROTOTYPES[label]):
        for c, mark in enumerate(row):
            ink = mark == "#" or (mark == "o" and next(optional) == "1")
            pixels[SIZE * (top + r) + left + c] = int(ink)
    return tuple(pixels)


def make_training_set():
    """The 96 (pixels, label) pairs: 32 of label 1, then 32 of label 2, then 32 of label 3."""
    return [(image(label, n), label) for label in LABELS for n in range(4 * len(PLACES))]


def load_dataset(path=DEFAULT):
    """The (pixels, label) pairs in a file of 6 x 6 images labelled 1, 2 or 3."""
    return dataset.load_dataset(path, rows=SIZE, columns=SIZE, labels=LABELS)


def format_dataset(images):
    """The text of a file of 6 x 6 images, as digits6.txt writes it."""
    return dataset.format_dataset(images, rows=SIZE, columns=SIZE, header=HEADER)


def grid(pixels):
    """The 36 pixels row by row as a 6 x 6 list of lists: grid(pixels)[i][j] is x_{i+1,j+1}."""
    return [[float(pixels[SIZE * i + j]) for j in range(SIZE)] for i in range(SIZE)]


def target(label):
    """t = (1, 0, 0) for a "1", (0, 1, 0) for a "2", (0, 0, 1) for a "3": one-hot."""
    return tuple(1.0 if label == digit else 0.0 for digit in LABELS)


def to_arrays(images):
    """X (n x 6 x 6): X[n] is image n's grid; T (n x 3): row n holds its target t."""
    X = np.array([pixels for pixels, label in images], dtype=float).reshape(-1, SIZE, SIZE)
    T = np.array([target(label) for pixels, label in images], dtype=float).reshape(-1, len(LABELS))
    return X, T


# --- the figure ----------------------------------------------------------------------

def draw_grid(ax, pixels, title=None):
    """One 6 x 6 image as squares of ink and paper, row 1 on top."""
    from matplotlib.patches import Rectangle

    for p, value in enumerate(pixels):
        i, j = divmod(p, SIZE)
        color = dataset.INK_COLOR if value else dataset.PAPER_COLOR
        ax.add_patch(Rectangle((j, i), 0.92, 0.92, color=color, linewidth=0))
    ax.set_xlim(-0.1, SIZE)
    ax.set_ylim(SIZE, -0.1)
    ax.set_aspect("equal")
    ax.axis("off")
    if title:
        ax.set_title(title, fontsize=9)


def draw_map(ax, values, vmax=None, title=None, cmap="coolwarm", digits=1, marks=()):
    """A small 2-D array as coloured cells with its values written in; colour scale from -vmax
    to +vmax (or from 0 to vmax with a one-sided cmap). `marks` are (row, column) cells to frame."""
    from matplotlib.patches import Rectangle

    values = np.asarray(values, dtype=float)
    vmax = vmax or float(np.max(np.abs(values))) or 1.0
    vmin = 0.0 if cmap != "coolwarm" else -vmax
    ax.imshow(values, cmap=cmap, vmin=vmin, vmax=vmax)
    for (row, column), value in np.ndenumerate(values):
        ax.text(column, row, f"{value:.{digits}f}", ha="center", va="center", color="black",
                fontsize=7)
    for row, column in marks:
        ax.add_patch(Rectangle((column - 0.5, row - 0.5), 1, 1, fill=False, linewidth=2,
                               edgecolor="black"))
    ax.set_xticks([])
    ax.set_yticks([])
    if title:
        ax.set_title(title, fontsize=9)


def figure_training_set():
    """All 96 images in make_training_set order: one block of 32 per digit, 4 rows of 8."""
    from matplotlib.figure import Figure
    from matplotlib.patches import Rectangle

    fig = Figure(figsize=(8, 7.6), layout="constrained")
    images = make_training_set()
    step = SIZE + 1  # 6 pixels and a gap
    for label, ax in zip(LABELS, fig.subplots(3, 1)):
        group = [pixels for pixels, l in images if l == label]
        for n, pixels in enumerate(group):
            # Column: the place of the box; row: the choice of optional pixels.
            left, top = step * (n // 4), step * (n % 4)
            for p, value in enumerate(pixels):
                i, j = divmod(p, SIZE)
                color = dataset.INK_COLOR if value else dataset.PAPER_COLOR
                ax.add_patch(Rectangle((left + j, top + i), 0.92, 0.92, color=color, linewidth=0))
        ax.set_xlim(-0.5, step * len(PLACES) - 0.5)
        ax.set_ylim(step * 4 - 0.5, -0.5)
        ax.set_aspect("equal")
        ax.axis("off")
        ax.set_title(f"label {label}: the {len(group)} images of a {label}", fontsize=10)
    return fig


# --- the command line ------------------------------------------------------------------

def summary(path, images):
    """A few lines about a dataset: images per label, repeats, images with two labels."""
    labels = {}
    for pixels, label in images:
        labels.setdefault(pixels, []).append(label)
    repeats = sum(len(found) - 1 for found in labels.values())
    both = sum(1 for found in labels.values() if len(set(found)) > 1)
    counts = ", ".join(f"{sum(1 for _, l in images if l == k)} labelled {k}" for k in LABELS)
    return (f"{path}: {len(images)} images, {counts}\n"
            f"repeated images: {repeats}; images with two labels: {both}")


def main(argv=None):
    parser = argparse.ArgumentParser(
        prog="cnn_dataset.py",
        description="Check a dataset file of 6x6-pixel images of 1, 2 and 3 and count its "
                    "labels, or write the 96 images made by the book's rule.")
    parser.add_argument("path", nargs="?", default=DEFAULT,
                        help="dataset file to check (default: digits6.txt beside this script)")
    parser.add_argument("--write", metavar="PATH",
                        help="write the 96 rule-made images to PATH instead of checking a file")
    args = parser.parse_args(argv)
    try:
        if args.write:
            Path(args.write).write_text(format_dataset(make_training_set()), encoding="utf-8")
            print(f"wrote {len(make_training_set())} images to {args.write}")
        else:
            print(summary(args.path, load_dataset(args.path)))
    except DatasetError as e:
        parser.exit(2, f"{parser.prog}: error: {e}\n")
    except OSError as e:
        parser.exit(2, f"{parser.prog}: error: {e.filename}: {e.strerror}\n")


if __name__ == "__main__":
    main()
