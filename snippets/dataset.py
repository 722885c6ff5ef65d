"""The 64 training images: 4 x 3 black/white pixels showing a 0 or a 1.

Pixel x_1 .. x_12 runs row by row (Python index 0 .. 11); 1 = ink, 0 = paper:

    x1  x2  x3
    x4  x5  x6
    x7  x8  x9
    x10 x11 x12

The rule that makes the set. Every digit has a fixed core and five optional
pixels; each of the 2^5 = 32 choices of optional pixels gives one image.

* "0": core = both sides of rows 2-3 (x4, x6, x7, x9) and the bottom middle (x11);
  optional = the top middle and the four corners (x1, x2, x3, x10, x12);
  the interior (x5, x8) is always paper.
* "1": core = the middle column (x2, x5, x8, x11);
  optional = top left, top right, flag, bottom left, bottom right (x1, x3, x4, x10, x12);
  x6, x7, x9 are always paper.

Order: the 32 zeros, then the 32 ones. Image n = 0 .. 31 of a digit writes n as five
binary digits and gives them to the optional pixels in reading order (1 = ink):
n = 0 is the bare core, n = 1 adds only the bottom-right corner, n = 31 has all five.

Every "1" has ink at x5 and every "0" has paper there, so no image carries both
labels. Within a digit, two choices of optional pixels differ in some optional pixel,
which is not in the core, so no image appears twice either.

    python snippets/dataset.py              # check digits.txt and count its labels
    python snippets/dataset.py mine.txt     # check your own file
    python snippets/dataset.py --write PATH # write the 64 images made by the rule
"""

import argparse
import random
import warnings
from pathlib import Path

import numpy as np

DEFAULT = Path(__file__).with_name("digits.txt")

# Pixel numbers are 1-based, as in the prose.
DIGITS = {  # label: (core, optional)
    0: ((4, 6, 7, 9, 11), (1, 2, 3, 10, 12)),
    1: ((2, 5, 8, 11), (1, 3, 4, 10, 12)),
}

INK, PAPER = "#", "."
PIXEL = {INK: 1, PAPER: 0}


class DatasetError(ValueError):
    """A dataset file is malformed; the message reads `file:line: expected ..., found ...`."""


class RepeatedImageWarning(UserWarning):
    """An image appears twice in a dataset file with the same label: allowed, but it then
    counts twice in C_T. The message names the file and line of both copies."""


def image(core, optional, n):
    """Pixels x1..x12: ink on the core, and on optional pixel m when binary digit m of n is 1."""
    bits = format(n, "05b")
    ink = set(core) | {p for p, bit in zip(optional, bits) if bit == "1"}
    return tuple(1 if p in ink else 0 for p in range(1, 13))


def make_training_set():
    """The 64 (pixels, label) pairs: label 0 for n = 0..31, then label 1 for n = 0..31."""
    return [(image(core, optional, n), label)
            for label, (core, optional) in DIGITS.items()
            for n in range(32)]


def target(label):
    """t = (1, 0) for a "0" and (0, 1) for a "1": output unit k should fire for label k."""
    return (1.0, 0.0) if label == 0 else (0.0, 1.0)


def to_arrays(images):
    """X (n x 12): row n holds image n's pixels; T (n x 2): row n holds its target t."""
    X = np.array([pixels for pixels, label in images], dtype=float).reshape(-1, 12)
    T = np.array([target(label) for pixels, label in images], dtype=float).reshape(-1, 2)
    return X, T


# --8<-- [start:batches]
def batches(n, batch_size, rng):
    """One epoch's mini-batches: the image numbers 0 .. n-1 in a shuffled order, cut into
    groups of batch_size (the last group is smaller when batch_size does not divide n).
    A batch of all n images stays in order: shuffling it would change nothing but rounding."""
    if batch_size >= n:
        return [list(range(n))]
    order = list(range(n))
    rng.shuffle(order)
    return [order[start:start + batch_size] for start in range(0, n, batch_size)]


def shuffler(seed):
    """The random orders of the epochs: the same seed gives the same sequence of orders, run
    after run (each epoch's order differs from the one before)."""
    return random.Random(seed)
# --8<-- [end:batches]


# --- the text format -------------------------------------------------------------

HEADER = """\
; Training images for the 0/1 network of Forty-Seven Parameters.
; Each image is 4 lines of 3 pixels ('#' ink, '.' paper), then 'label 0' or 'label 1'.
; Blank lines separate images; lines starting with ';' are comments.
; Made by `python snippets/dataset.py --write PATH`; the rule is stated in dataset.py.
"""


def format_dataset(images, *, rows=4, columns=3, header=HEADER):
    """The text of a dataset file: the header, then each image as `rows` rows of `columns`
    pixels and a label line (4 x 3 unless told otherwise)."""
    blocks = []
    for pixels, label in images:
        lines = ["".join(INK if p else PAPER for p in pixels[columns * r:columns * (r + 1)])
                 for r in range(rows)]
        blocks.append("\n".join(lines + [f"label {label}"]))
    return header + "\n" + "\n\n".join(blocks) + "\n"


def label_choices(labels):
    """The label lines a file may hold, as the error messages list them:
    'label 0' or 'label 1'; 'label 1', 'label 2' or 'label 3'."""
    lines = [f"'label {label}'" for label in labels]
    return lines[0] if len(lines) == 1 else ", ".join(lines[:-1]) + " or " + lines[-1]


def parse_dataset(text, path="<text>", *, rows=4, columns=3, labels=(0, 1)):
    """The (pixels, label) pairs in `text`; the first mistake raises DatasetError.

    Each image is `rows` lines of `columns` pixels and a label line naming one of
    `labels`: 4 x 3 pixels labelled 0 or 1 unless told otherwise (the convolutional
    network's 6 x 6 images of 1, 2 and 3 pass rows=6, columns=6, labels=(1, 2, 3)).
    The whole text is read before anything is returned, so a bad file loads nothing.
    The same pixels under two different labels are a mistake too; the same image twice
    with the same label only warns (RepeatedImageWarning).
    """
    images, grid, start = [], [], None
    seen = {}  # pixels -> (the line where that image starts, its label)
    lines = text.splitlines()
    label_lines = [["label", str(label)] for label in labels]

    def error(number, message):
        return DatasetError(f"{path}:{number}: {message}")

    def expected():  # what the next line should be, given the rows read so far
        if len(grid) == rows:
            return f"expected a label line ({label_choices(labels)})"
        return f"expected pixel row {len(grid) + 1} of {rows}"

    for number, line in enumerate(lines, start=1):
        line = line.strip()
        if line.startswith(";"):
            continue
        if not line:
            if grid:
                raise error(number, f"{expected()}, found a blank line")
            continue
        if line.lower().startswith("label"):
            if len(grid) < rows:
                raise error(number, f"{expected()}, found '{line}'")
            if line.split() not in label_lines:
                raise error(number, f"expected {label_choices(labels)}, found '{line}'")
            pixels, label = tuple(p for row in grid for p in row), int(line.split()[1])
            check_repeat(seen, pixels, label, start, path)
            images.append((pixels, label))
            grid = []
            continue
        if len(grid) == rows:
            raise error(number, f"{expected()}, found a {ordinal(rows + 1)} pixel row '{line}'")
        if len(line) != columns:
            raise error(number, f"expected {columns} pixels ('#' or '.'), "
                                f"found {len(line)} characters")
        for column, char in enumerate(line, start=1):
            if char not in PIXEL:
                raise error(number, f"expected '#' (ink) or '.' (paper), "
                                    f"found {char!r} in column {column}")
        if not grid:
            start = number  # the image's first pixel row: the line that names it
        grid.append([PIXEL[char] for char in line])

    last = max(len(lines), 1)
    if grid:
        raise error(last, f"{expected()}, found the end of the file")
    if not images:
        raise error(last, f"expected at least one image ({rows} pixel rows and a label line), "
                          "found none")
    return images


def ordinal(n):
    """1st, 2nd, 3rd, 4th, ..., 11th, 12th, 13th, ..., 21st"""
    suffix = "th" if n % 100 in (11, 12, 13) else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def check_repeat(seen, pixels, label, line, path):
    """Remember the image that starts at `line`; an image seen before is an error if its
    label differs and a RepeatedImageWarning if it is the same."""
    if pixels not in seen:
        seen[pixels] = (line, label)
        return
    first, first_label = seen[pixels]
    if label != first_label:
        raise DatasetError(f"{path}:{line}: expected one label for each image, found the "
                           f"pixels of the image at {path}:{first} (label {first_label}) "
                           f"again with label {label}")
    warnings.warn(f"{path}:{line}: the image at {path}:{first} again, with the same label "
                  f"{label}; it counts twice in C_T", RepeatedImageWarning, stacklevel=3)


def load_dataset(path=DEFAULT, **shape):
    """The (pixels, label) pairs in the file at `path`; `shape` takes parse_dataset's
    rows, columns and labels (4 x 3 pixels labelled 0 or 1 unless told otherwise)."""
    data = Path(path).read_bytes()
    try:
        text = data.decode("utf-8-sig")  # -sig: a byte-order mark from a Windows editor is fine
    except UnicodeDecodeError as e:
        line = data.count(b"\n", 0, e.start) + 1
        found = f"the byte 0x{data[e.start]:02x}"
        raise DatasetError(f"{path}:{line}: expected text (UTF-8), found {found}") from None
    return parse_dataset(text, path, **shape)


EXAMPLE = 0  # the book's example image: image 1 of digits.txt, a bare "0"


def example(n=EXAMPLE):
    """Pixels x (a list of 12), target t and label of training image n + 1 of digits.txt."""
    x, label = load_dataset()[n]
    return list(x), list(target(label)), label


# --- the figure --------------------------------------------------------------------

INK_COLOR, PAPER_COLOR = "#3f51b5", "#d4d8e2"  # read on white and on dark slate


def figure_training_set():
    """All 64 images in make_training_set order: the 32 zeros above, the 32 ones below."""
    from matplotlib.figure import Figure
    from matplotlib.patches import Rectangle

    fig = Figure(figsize=(8, 3.4), layout="constrained")
    images = make_training_set()
    for label, ax in zip(DIGITS, fig.subplots(2, 1)):
        group = [pixels for pixels, l in images if l == label]
        for n, pixels in enumerate(group):
            left, top = 4 * (n % 16), 5 * (n // 16)  # 3 columns + 1 gap, 4 rows + 1 gap
            for p, value in enumerate(pixels):
                row, column = divmod(p, 3)
                color = INK_COLOR if value else PAPER_COLOR
                square = Rectangle((left + column, top + row), 0.92, 0.92, color=color, linewidth=0)
                ax.add_patch(square)
        ax.set_xlim(-0.5, 16 * 4 - 0.5)
        ax.set_ylim(2 * 5 - 0.5, -0.5)  # y grows downward: row 1 on top
        ax.set_aspect("equal")
        ax.axis("off")
        ax.set_title(f"label {label}: the {len(group)} images of a {label}", fontsize=10)
    return fig


def numbers():
    """Facts about the shipped file, for the prose: {{ dataset.images }} and so on."""
    images = load_dataset()
    zeros = [item for item in images if item[1] == 0]
    ones = [item for item in images if item[1] == 1]
    # The 0 with all five optional pixels inked and the 1 with none, as the file writes them.
    example = format_dataset([zeros[-1], ones[0]]).removeprefix(HEADER).strip()
    return {"images": len(images), "zeros": len(zeros), "ones": len(ones), "example": example}


# --- the command line ----------------------------------------------------------------

def summary(path, images):
    """A few lines about a dataset: images per label, repeats, images with both labels."""
    labels = {}
    for pixels, label in images:
        labels.setdefault(pixels, []).append(label)
    repeats = sum(len(found) - 1 for found in labels.values())
    both = sum(1 for found in labels.values() if len(set(found)) > 1)
    counts = ", ".join(f"{sum(1 for _, l in images if l == k)} labelled {k}" for k in DIGITS)
    return (f"{path}: {len(images)} images, {counts}\n"
            f"repeated images: {repeats}; images with both labels: {both}")


def main(argv=None):
    parser = argparse.ArgumentParser(
        prog="dataset.py",
        description="Check a dataset file of 4x3-pixel images and count its labels, "
                    "or write the 64 images made by the book's rule.")
    parser.add_argument("path", nargs="?", default=DEFAULT,
                        help="dataset file to check (default: digits.txt beside this script)")
    parser.add_argument("--write", metavar="PATH",
                        help="write the 64 rule-made images to PATH instead of checking a file")
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
