"""Vectors and the inner product: length, angle, and how alike two images are.

    python snippets/inner_product.py

prints the length and the cosine similarity of a few training images, and the average
cosine similarity within the zeros, within the ones, and between the two.
"""

import math

import numpy as np
from matplotlib.figure import Figure

import dataset
import grids

BLUE, ORANGE, GREEN, GREY = "#4a7fd6", "#e8743b", "#23a386", "#8a8f98"

# Two arrows of the plane for the picture: a = (3, 1) and b = (2, 3). The foot of the
# perpendicular from a's tip to b's line lies inside the arrow b, short of its tip.
A_PLANE, B_PLANE = (3.0, 1.0), (2.0, 3.0)


# --8<-- [start:inner]
def inner_expanded(w, x):
    """w . x = w1 x1 + w2 x2 + ... + w12 x12"""
    total = 0.0
    for i in range(len(w)):
        total += w[i] * x[i]
    return total


def inner_vector(w, x):
    """w . x = w^T x: a 1 x 12 row times a 12 x 1 column is a 1 x 1 matrix"""
    row, column = np.reshape(w, (1, -1)), np.reshape(x, (-1, 1))
    return (row @ column).item()
# --8<-- [end:inner]


# --8<-- [start:length]
def length_expanded(v):
    """||v|| = sqrt(v1^2 + v2^2 + ... + v12^2)"""
    return math.sqrt(sum(v[i] * v[i] for i in range(len(v))))


def length_vector(v):
    """||v|| = sqrt(v . v)"""
    return np.sqrt(np.dot(v, v))
# --8<-- [end:length]


# --8<-- [start:cosine]
def cosine_expanded(a, b):
    """cos phi = (a1 b1 + ... + a12 b12) / (||a|| ||b||), term by term"""
    return inner_expanded(a, b) / (length_expanded(a) * length_expanded(b))


def cosine_vector(a, b):
    """cos phi = a . b / (||a|| ||b||)"""
    return np.dot(a, b) / (np.linalg.norm(a) * np.linalg.norm(b))
# --8<-- [end:cosine]


# --8<-- [start:plane]
def plane_expanded(a, b):
    """a1 b1 + a2 b2, term by term"""
    return a[0] * b[0] + a[1] * b[1]


def plane_vector(a, b):
    """||a|| ||b|| cos phi, with phi the angle between the arrows, measured with atan2"""
    phi = math.atan2(b[1], b[0]) - math.atan2(a[1], a[0])
    return np.linalg.norm(a) * np.linalg.norm(b) * math.cos(phi)
# --8<-- [end:plane]


def square_expanded(a, b, s):
    """||a - s b||^2 written out: (a1 - s b1)^2 + ... + (a12 - s b12)^2"""
    return sum((a[i] - s * b[i]) ** 2 for i in range(len(a)))


def square_vector(a, b, s):
    """||a||^2 - 2 s a . b + s^2 ||b||^2"""
    return np.dot(a, a) - 2 * s * np.dot(a, b) + s * s * np.dot(b, b)


# --8<-- [start:cauchy_schwarz]
def cauchy_schwarz_expanded(a, b):
    """|a1 b1 + ... + a12 b12| and sqrt(a1^2 + ... + a12^2) sqrt(b1^2 + ... + b12^2)"""
    inner = sum(a[i] * b[i] for i in range(len(a)))
    length_a = math.sqrt(sum(a[i] * a[i] for i in range(len(a))))
    length_b = math.sqrt(sum(b[i] * b[i] for i in range(len(b))))
    return abs(inner), length_a * length_b


def cauchy_schwarz_vector(a, b):
    """|a . b| and ||a|| ||b||"""
    return abs(np.dot(a, b)), np.linalg.norm(a) * np.linalg.norm(b)
# --8<-- [end:cauchy_schwarz]


def shadow_expanded(a, b):
    """(a1 - s b1)^2 + ... + (a12 - s b12)^2, with s = (a1 b1 + ... + a12 b12) / (b1^2 + ... + b12^2)"""
    s = sum(a[i] * b[i] for i in range(len(a))) / sum(b[i] * b[i] for i in range(len(b)))
    return sum((a[i] - s * b[i]) ** 2 for i in range(len(a)))


def shadow_vector(a, b):
    """||a||^2 - (a . b)^2 / ||b||^2"""
    return np.dot(a, a) - np.dot(a, b) ** 2 / np.dot(b, b)


def random_arrows(rng):
    """Two random arrows of the plane."""
    return {"a": rng.normal(size=2), "b": rng.normal(size=2)}


def random_vectors(rng):
    """Two random vectors of 12 entries."""
    return {"a": rng.normal(size=12), "b": rng.normal(size=12)}


def random_pair(rng):
    """Two random vectors of 12 entries."""
    return {"w": rng.normal(size=12), "x": rng.normal(size=12)}


def random_vector(rng):
    return {"v": rng.normal(size=12)}


def random_images(rng):
    """Two random 0/1 images, each with at least one inked pixel."""
    a, b = rng.integers(0, 2, size=(2, 12))
    a[rng.integers(12)] = b[rng.integers(12)] = 1
    return {"a": a, "b": b}


def random_square(rng):
    return {"a": rng.normal(size=12), "b": rng.normal(size=12), "s": rng.normal()}


CHECKS = {
    "inner": (inner_expanded, inner_vector, random_pair),
    "length": (length_expanded, length_vector, random_vector),
    "cosine": (cosine_expanded, cosine_vector, random_images),
    "square": (square_expanded, square_vector, random_square),
    "plane": (plane_expanded, plane_vector, random_arrows),
    "cauchy_schwarz": (cauchy_schwarz_expanded, cauchy_schwarz_vector, random_vectors),
    "shadow": (shadow_expanded, shadow_vector, random_vectors),
}


# --8<-- [start:similarity]
def similarity(X):
    """S[n, m] = cos phi of images n and m, for every n and m at once"""
    lengths = np.linalg.norm(X, axis=1)
    return (X @ X.T) / np.outer(lengths, lengths)
# --8<-- [end:similarity]


def training_arrays():
    """X (64 x 12), the 32 zeros then the 32 ones, and their labels."""
    images = dataset.load_dataset()
    X, T = dataset.to_arrays(images)
    return X, np.array([label for _, label in images])


def mean_images():
    """The average "0" and the average "1": each pixel's share of ink among the 32 images."""
    X, labels = training_arrays()
    return X[labels == 0].mean(axis=0), X[labels == 1].mean(axis=0)


def block_means(S, labels):
    """Average cosine over pairs of different images: zero-zero, one-one, zero-one."""
    def mean(first, second):
        block = S[np.ix_(labels == first, labels == second)]
        if first == second:  # leave out each image's cosine with itself, which is 1
            return (block.sum() - np.trace(block)) / (block.size - len(block))
        return block.mean()
    return mean(0, 0), mean(1, 1), mean(0, 1)


def figure_arrows():
    """The arrows a and b from the origin, the angle phi between them, and a's shadow on b."""
    from matplotlib.patches import Arc

    a, b = np.array(A_PLANE), np.array(B_PLANE)
    fig = Figure(figsize=(4.0, 3.6), layout="constrained")
    ax = fig.subplots()
    for v, name, color in ((a, r"$\mathbf{a}$", BLUE), (b, r"$\mathbf{b}$", ORANGE)):
        ax.annotate("", xy=v, xytext=(0, 0),
                    arrowprops={"arrowstyle": "-|>", "color": color, "linewidth": 2})
        ax.text(*(v * 1.06), name, color=color, fontsize=12)
    shadow = np.dot(a, b) / np.dot(b, b) * b  # s b: the point of b's line closest to a
    ax.plot(*zip(a, shadow), color=GREY, linestyle="--", linewidth=1)
    start, end = (math.degrees(math.atan2(v[1], v[0])) for v in (a, b))
    ax.add_patch(Arc((0, 0), 1.4, 1.4, theta1=start, theta2=end, color=GREY))
    ax.plot(*shadow, marker="o", markersize=4, color=GREY)
    ax.text(shadow[0] - 0.5, shadow[1] + 0.05, r"$s\,\mathbf{b}$", color=GREY, fontsize=11)
    middle = math.radians((start + end) / 2)
    ax.text(1.0 * math.cos(middle), 1.0 * math.sin(middle), r"$\varphi$", fontsize=12)
    ax.set_xlim(-0.3, 3.6)
    ax.set_ylim(-0.3, 3.4)
    ax.set_aspect("equal")
    ax.grid(True)
    return fig


def figure_similarity():
    """The 64 x 64 cosine similarities, zeros first, then ones."""
    X, labels = training_arrays()
    S = similarity(X)
    fig = Figure(figsize=(5.6, 4.6), layout="constrained")
    ax = fig.subplots()
    shown = ax.imshow(S, cmap="viridis", vmin=0, vmax=1)
    ax.axhline(31.5, color="white", linewidth=1)
    ax.axvline(31.5, color="white", linewidth=1)
    ax.set_xticks([15.5, 47.5], ['the 32 "0"s', 'the 32 "1"s'])
    ax.set_yticks([15.5, 47.5], ['the 32 "0"s', 'the 32 "1"s'], rotation=90, va="center")
    ax.tick_params(length=0)
    fig.colorbar(shown, ax=ax, label=r"$\cos\varphi$", shrink=0.85)
    return fig


def figure_means():
    """The mean "0" and the mean "1" on the 4x3 grid, with the cosine between them."""
    zero, one = mean_images()
    fig = Figure(figsize=(3.6, 2.6), layout="constrained")
    left, right = fig.subplots(1, 2)
    grids.draw_image(left, zero, title='mean "0"')
    grids.draw_image(right, one, title='mean "1"')
    for ax, pixels in ((left, zero), (right, one)):
        for p, value in enumerate(pixels):
            row, column = divmod(p, 3)
            ax.text(column, row, f"{value:.2g}", ha="center", va="center", fontsize=8,
                    color="white" if value > 0.5 else "black")
    return fig


def numbers():
    """The section's values."""
    X, labels = training_arrays()
    S = similarity(X)
    zero_zero, one_one, zero_one = block_means(S, labels)
    mean_zero, mean_one = mean_images()
    bare_zero, bare_one = X[0], X[32]  # the two cores: no optional pixel inked
    full_zero, full_one = X[31], X[63]  # every optional pixel inked
    a, b = A_PLANE, B_PLANE
    return {
        "plane_inner": inner_expanded(a, b), "plane_aa": inner_expanded(a, a),
        "plane_bb": inner_expanded(b, b), "plane_ab_squares": inner_expanded(a, a) * inner_expanded(b, b),
        "plane_len_a": length_expanded(a),
        "plane_len_b": length_expanded(b), "plane_cos": cosine_expanded(a, b),
        "plane_angle": math.degrees(math.acos(cosine_expanded(a, b))),
        "plane_s": inner_expanded(a, b) / inner_expanded(b, b),
        "inner_full": inner_expanded(full_zero, full_one), "ink_full_one": int(full_one.sum()),
        "cos_full": cosine_expanded(full_zero, full_one),
        "angle_full": math.degrees(math.acos(cosine_expanded(full_zero, full_one))),
        "len_bare_zero": length_vector(bare_zero), "len_bare_one": length_vector(bare_one),
        "ink_bare_zero": int(bare_zero.sum()), "ink_bare_one": int(bare_one.sum()),
        "inner_bare": inner_expanded(bare_zero, bare_one),
        "cos_bare": cosine_expanded(bare_zero, bare_one),
        "angle_bare": math.degrees(math.acos(cosine_expanded(bare_zero, bare_one))),
        "cos_zeros": cosine_expanded(bare_zero, full_zero),
        "angle_zeros": math.degrees(math.acos(cosine_expanded(bare_zero, full_zero))),
        "ink_full_zero": int(full_zero.sum()),
        "mean_zero_zero": zero_zero, "mean_one_one": one_one, "mean_zero_one": zero_one,
        "cos_means": cosine_vector(mean_zero, mean_one),
        "zeros_closer_to_mean_zero": int(sum(cosine_vector(x, mean_zero) > cosine_vector(x, mean_one)
                                             for x in X[labels == 0])),
        "ones_closer_to_mean_one": int(sum(cosine_vector(x, mean_one) > cosine_vector(x, mean_zero)
                                           for x in X[labels == 1])),
        "min_cos_zero_one": S[np.ix_(labels == 0, labels == 1)].min(),
        "max_cos_zero_one": S[np.ix_(labels == 0, labels == 1)].max(),
    }


if __name__ == "__main__":
    n = numbers()
    print(f"bare 0 and bare 1: inner product {n['inner_bare']:g}, lengths "
          f"{n['len_bare_zero']:.4f} and {n['len_bare_one']:.4f}, cosine {n['cos_bare']:.4f}")
    print(f"average cosine: zeros {n['mean_zero_zero']:.3f}, ones {n['mean_one_one']:.3f}, "
          f"zero against one {n['mean_zero_one']:.3f}")
    print(f"images closer to their own mean: {n['zeros_closer_to_mean_zero']} zeros, "
          f"{n['ones_closer_to_mean_one']} ones")
