"""Training data and targets: the 64 images as the matrix X, their answers as the matrix T.

A target t says what the two output units should show: t = (1, 0) for a "0",
t = (0, 1) for a "1". Stacking one row per image gives X (64 x 12) and T (64 x 2).

    python snippets/targets.py

prints the first rows of X and T, and how many pixels tell the digits apart alone.
"""

import numpy as np
from matplotlib.figure import Figure

import dataset


# --8<-- [start:target]
def target_expanded(label):
    """t_1 = [label is 0],  t_2 = [label is 1]: one bracket per output unit"""
    t = []
    for k in range(2):
        t.append(1.0 if label == k else 0.0)
    return t


def target_vector(label):
    """t = e_(label + 1): row label of the 2 x 2 identity matrix (Python counts from 0)"""
    return np.eye(2)[label]
# --8<-- [end:target]


# --8<-- [start:target_matrix]
def target_matrix_expanded(labels):
    """T_n1 = [label_n is 0],  T_n2 = [label_n is 1], entry by entry"""
    T = []
    for label in labels:
        T.append([1.0 if label == 0 else 0.0, 1.0 if label == 1 else 0.0])
    return T


def target_matrix_vector(labels):
    """T = (1 - l, l): the column of labels l, and 1 minus it, side by side"""
    l = np.asarray(labels, dtype=float)
    return np.column_stack((1 - l, l))
# --8<-- [end:target_matrix]


def random_label(rng):
    return {"label": int(rng.integers(0, 2))}


def random_labels(rng):
    return {"labels": [int(l) for l in rng.integers(0, 2, size=int(rng.integers(1, 65)))]}


CHECKS = {
    "target": (target_expanded, target_vector, random_label),
    "target_matrix": (target_matrix_expanded, target_matrix_vector, random_labels),
}


# --8<-- [start:arrays]
def load():
    """X (64 x 12) and T (64 x 2): row n holds image n's pixels and its target"""
    images = dataset.load_dataset()
    X = np.array([x for x, label in images], dtype=float)
    T = target_matrix_vector([label for x, label in images])
    return X, T
# --8<-- [end:arrays]


def separating_pixels(X, T):
    """The pixels (1-based) that are ink in every image of one digit and paper in every
    image of the other: each alone tells a 0 from a 1."""
    zeros, ones = X[T[:, 0] == 1], X[T[:, 1] == 1]
    return [i + 1 for i in range(12)
            if (zeros[:, i].min() == zeros[:, i].max() == 1 - ones[:, i].min() == 1 - ones[:, i].max())]


def figure_matrices():
    """X and T drawn as grids of numbers, one row per image: ink dark, paper light."""
    from matplotlib.colors import LinearSegmentedColormap

    X, T = load()
    paper_to_ink = LinearSegmentedColormap.from_list("paper_to_ink", [dataset.PAPER_COLOR, dataset.INK_COLOR])
    fig = Figure(figsize=(4.2, 6.0), layout="constrained")
    left, right = fig.subplots(1, 2, width_ratios=[12, 2])
    for ax, M, title, columns in ((left, X, "$X$: pixels $x_1, \\ldots, x_{12}$", 12),
                                  (right, T, "$T$: $t_1, t_2$", 2)):
        ax.imshow(M, cmap=paper_to_ink, vmin=0, vmax=1, aspect="auto", interpolation="nearest")
        ax.set_xticks(range(columns), [str(i + 1) for i in range(columns)], fontsize=8)
        ax.set_title(title, fontsize=10)
        ax.set_yticks([0, 31, 63], ["1", "32", "64"], fontsize=8)
        ax.axhline(31.5, color="#e8743b", linewidth=1.5)
    left.set_ylabel("image $n$")
    return fig


def numbers():
    """Shapes, counts and the exercise answers of the targets page."""
    X, T = load()
    gram = T.T @ T
    separating = separating_pixels(X, T)
    return {
        "rows": X.shape[0], "x_columns": X.shape[1], "t_columns": T.shape[1],
        "ink": int(X.sum()), "ink_zeros": int(X[T[:, 0] == 1].sum()), "ink_ones": int(X[T[:, 1] == 1].sum()),
        "separating": len(separating),
        "separating_list": ", ".join(f"$x_{i}$" for i in separating),
        "gram_11": int(gram[0, 0]), "gram_12": int(gram[0, 1]), "gram_22": int(gram[1, 1]),
    }


if __name__ == "__main__":
    X, T = load()
    print(f"X is {X.shape[0]} x {X.shape[1]}, T is {T.shape[0]} x {T.shape[1]}")
    for n in (0, 1, 32, 33):
        print(f"  image {n + 1}: x = {X[n].astype(int).tolist()}  t = {T[n].astype(int).tolist()}")
    print("pixels that tell 0 from 1 alone:", separating_pixels(X, T))
