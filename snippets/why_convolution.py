"""Why a convolution: one small filter, used at every position of the image.

    python snippets/why_convolution.py

slides a hand-made filter that answers "is there a vertical stroke here?" over three
training images, a 1, a 2 and a 3, and prints its 4 x 4 map of answers for each.
"""

import numpy as np

import cnn_dataset
import cnn_expanded

# --8<-- [start:stroke]
# A vertical stroke detector: +1 on the middle column, -1 on both sides, and a bias of -2.
STROKE = [[-1.0, 1.0, -1.0],
          [-1.0, 1.0, -1.0],
          [-1.0, 1.0, -1.0]]
STROKE_BIAS = -2.0
# --8<-- [end:stroke]

EXAMPLES = (0, 32, 64)  # the first image of each digit: its prototype in the top-left corner


def stroke_map(pixels):
    """The 4 x 4 map of the stroke filter's weighted inputs on one image"""
    return cnn_expanded.convolve(STROKE, STROKE_BIAS, cnn_expanded.as_grid(pixels))


def dense_parameters(units, pixels=36):
    """Weights and biases of a fully connected layer: every unit weighs every pixel, plus a bias"""
    return units * (pixels + 1)


def conv_parameters(filters=3, width=3):
    """Weights and biases of a convolution layer: each filter has width^2 weights and one bias"""
    return filters * (width * width + 1)


def figure_stroke():
    """Three training images and, beside each, the stroke filter's map of z on it."""
    from matplotlib.figure import Figure

    images = cnn_dataset.make_training_set()
    fig = Figure(figsize=(7.2, 2.4), layout="constrained")
    axes = fig.subplots(1, 6, width_ratios=[6, 4] * 3)
    for column, n in enumerate(EXAMPLES):
        pixels, label = images[n]
        cnn_dataset.draw_grid(axes[2 * column], pixels, title=f"a {label}")
        cnn_dataset.draw_map(axes[2 * column + 1], stroke_map(pixels), vmax=3, digits=0,
                             title="stroke map $z$")
    return fig


def numbers():
    images = cnn_dataset.make_training_set()
    maps = [np.array(stroke_map(pixels)) for pixels, label in images]
    first = maps[0]
    i, j = np.unravel_index(np.argmax(first), first.shape)
    ones_with_stroke = sum(1 for m, (p, label) in zip(maps, images) if label == 1 and m.max() >= 1)
    others_with_stroke = sum(1 for m, (p, label) in zip(maps, images) if label != 1 and m.max() >= 1)
    def apart(a, b):  # fewest pixels in which an image of digit a and one of digit b differ
        return min(sum(p != q for p, q in zip(x, y)) for x, la in images if la == a for y, lb in images if lb == b)
    return {
        "apart_1_2": apart(1, 2), "apart_1_3": apart(1, 3), "apart_2_3": apart(2, 3),
        "images": len(images), "per_digit": len(images) // 3, "places": len(cnn_dataset.PLACES),
        "variants": 4, "positions": 16,
        "dense_3": dense_parameters(3), "conv_3": conv_parameters(),
        "dense_48": dense_parameters(48),
        "first_max": float(first.max()), "first_max_i": int(i) + 1, "first_max_j": int(j) + 1,
        "first_11": float(first[0, 0]),
        "ones_with_stroke": ones_with_stroke, "others_with_stroke": others_with_stroke,
    }


if __name__ == "__main__":
    images = cnn_dataset.make_training_set()
    for n in EXAMPLES:
        pixels, label = images[n]
        print(f"image {n + 1}, a {label}:")
        for row in stroke_map(pixels):
            print("  ", " ".join(f"{z:+.0f}" for z in row))
