"""New images: what the trained convolutional network says about images it has not seen.

    python snippets/new_images.py

prints the three outputs of the trained network for a few hand-drawn 6 x 6 images that are
not in the training set, and how it reads every training image with one pixel flipped.
"""

import numpy as np

import cnn_dataset
import cnn_parameters
import cnn_vector

# --8<-- [start:new]
NEW = {  # short name: the image, row by row ('#' ink, '.' paper)
    "stem": ("......", "...#..", "...#..", "...#..", "...#..", "...#.."),
    "short_bar": ("###...", "..#...", ".##...", "..#...", "###...", "......"),
    "flat_two": ("......", "......", "..###.", "....#.", "..###.", "..#..."),
    "seven": ("......", "..###.", "....#.", "....#.", "....#.", "....#."),
    "blank": ("......",) * 6,
    "ink": ("######",) * 6,
}
# --8<-- [end:new]
TITLES = {"stem": "a bare stem", "short_bar": "a 3, short bar", "flat_two": "a 2, no base",
          "seven": "a 7", "blank": "blank", "ink": "all ink"}


def pixels(rows):
    return tuple(1 if char == "#" else 0 for row in rows for char in row)


def new_arrays():
    """X (6 x 6 x 6) of the new images, in the order of NEW"""
    return np.array([pixels(rows) for rows in NEW.values()], dtype=float).reshape(-1, 6, 6)


def flipped(images):
    """Every training image with one of its 36 pixels flipped: (pixels, label) x 3456"""
    result = []
    for image, label in images:
        for p in range(36):
            changed = list(image)
            changed[p] = 1 - changed[p]
            result.append((tuple(changed), label))
    return result


def in_training_set(rows):
    return pixels(rows) in {image for image, label in cnn_dataset.make_training_set()}


def figure_new_images():
    """Six new images and the trained network's three outputs for each, as bars."""
    from matplotlib.figure import Figure

    params = cnn_parameters.run()[0]
    AO = cnn_vector.forward(params, new_arrays())[4]
    fig = Figure(figsize=(7.6, 3.0), layout="constrained")
    axes = fig.subplots(2, len(NEW), height_ratios=[3, 2])
    for column, (name, rows) in enumerate(NEW.items()):
        cnn_dataset.draw_grid(axes[0, column], pixels(rows), title=TITLES[name])
        axes[1, column].bar([1, 2, 3], AO[column], color="#4a7fd6")
        axes[1, column].set_ylim(0, 1)
        axes[1, column].set_xticks([1, 2, 3])
        if column:
            axes[1, column].set_yticks([])
    axes[1, 0].set_ylabel("$a^{\\mathrm{O}}_d$")
    return fig


def neighbours(images):
    """The new images one flipped pixel away from the training set, each once: {pixels: labels}.

    A flip that lands on a training image is left out. An image reached from images of two
    digits (a 2 and a 3 can be two pixels apart) has two labels and no single right answer.
    """
    training = {image for image, label in images}
    found = {}
    for image, label in flipped(images):
        if image not in training:
            found.setdefault(image, set()).add(label)
    return found


def numbers():
    params = cnn_parameters.run()[0]
    AO = cnn_vector.forward(params, new_arrays())[4]
    images = cnn_dataset.make_training_set()
    training = {image for image, label in images}
    found = neighbours(images)
    single = [(image, labels.pop()) for image, labels in found.items() if len(labels) == 1]
    X, T = cnn_dataset.to_arrays(single)
    values = {"flipped": len(flipped(images)),
              "flipped_training": sum(image in training for image, label in flipped(images)),
              "distinct_new": len(found),
              "ambiguous": sum(len(labels) > 1 for labels in found.values()),
              "unambiguous": len(single),
              "flipped_correct": cnn_vector.correct(params, X, T),
              "flipped_share": cnn_vector.accuracy(params, X, T),
              "new": len(NEW), "read_as_one": int(np.sum(AO.argmax(axis=1) == 0)),
              "unseen": sum(not in_training_set(rows) for rows in NEW.values())}
    for n, name in enumerate(NEW):
        key = name
        values[f"{key}_read"] = int(AO[n].argmax()) + 1
        for d in range(3):
            values[f"{key}_{d + 1}"] = float(AO[n, d])
    return values


if __name__ == "__main__":
    params = cnn_parameters.run()[0]
    AO = cnn_vector.forward(params, new_arrays())[4]
    for (name, rows), a in zip(NEW.items(), AO):
        print(f"{name:22s} outputs {np.round(a, 3)}  read as {a.argmax() + 1}")
    v = numbers()
    print(f"one pixel flipped: {v['distinct_new']} new images, {v['ambiguous']} of them from a 2 and a 3; "
          f"{v['flipped_correct']}/{v['unambiguous']} of the others read as their digit")
