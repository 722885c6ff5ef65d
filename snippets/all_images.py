"""Every possible image: what the trained network says about all 2^12 = 4096 4x3 images.

    python snippets/all_images.py

trains the book's network (parameters.run), shows it every black-and-white 4x3 image,
and prints how many it calls "0" and "1", and the images it is surest and least sure about.
"""

import numpy as np

import dataset
import expanded
import parameters
import vector

PIXELS = 12
COUNT = 2 ** PIXELS  # 4096 images
POWERS = [2 ** (PIXELS - 1 - i) for i in range(PIXELS)]  # x_1 is worth 2048, x_12 is worth 1
UNSURE = 0.5  # an answer with |a3_2 - a3_1| below this counts as unsure


# --8<-- [start:enumerate]
def image(q):
    """The pixels of the image with number q: the 12 binary digits of q, x_1 the most significant"""
    return tuple((q // 2 ** (PIXELS - i)) % 2 for i in range(1, PIXELS + 1))


def all_images():
    """X_all, 4096 x 12: row q (counting from 0, as Python does) holds the image with number q"""
    q = np.arange(COUNT)[:, None]
    return (q >> np.arange(PIXELS - 1, -1, -1)) & 1
# --8<-- [end:enumerate]


# --8<-- [start:number]
def number_expanded(x):
    """q = 2048 x_1 + 1024 x_2 + ... + 2 x_11 + x_12"""
    q = 0
    for i in range(PIXELS):
        q += 2 ** (PIXELS - 1 - i) * x[i]
    return q


def number_vector(x):
    """q = (2048, 1024, ..., 2, 1) . x"""
    return np.dot(POWERS, x)
# --8<-- [end:number]


# --8<-- [start:answers]
def margin(params, X):
    """a3_2 - a3_1 for every row of X: below 0 the network says "0", from 0 up it says "1"."""
    A3 = vector.forward(params, X)[3]
    return A3[:, 1] - A3[:, 0]
# --8<-- [end:answers]


def distance_to_training(X, training):
    """For each row of X, how many pixels it differs in from the nearest training image"""
    differ = np.abs(X[:, None, :] - training[None, :, :]).sum(axis=2)
    return differ.min(axis=1)


def row3_is(X, pixels):
    """Which rows of X have exactly these three pixels in row 3 of the image (x_7, x_8, x_9)"""
    return np.all(X[:, 6:9] == pixels, axis=1)


def trained():
    """The book's trained parameters and its training images as a 64 x 12 array"""
    params, history, X, T = parameters.run()
    return params, X.astype(int), T


# Formula-pair checks: the expanded side one image at a time in plain Python (expanded.py),
# the vector side all images at once with numpy (vector.py).

def random_pixels(rng):
    return {"x": [int(v) for v in rng.integers(0, 2, size=PIXELS)]}


CHECKS = {
    "number": (number_expanded, number_vector, random_pixels),
}


def figure_map():
    """All 4096 images as a 64 x 64 grid, coloured by a3_2 - a3_1; training images ringed.

    The image with number q sits in row q // 64 (its top two rows of pixels, x_1 to x_6, read as a binary
    number) and column q % 64 (its bottom two rows, x_7 to x_12)."""
    from matplotlib.figure import Figure

    import grids

    params, training, T = trained()
    grid = margin(params, all_images()).reshape(64, 64)
    fig = Figure(figsize=(6.4, 5.6), layout="constrained")
    ax = fig.subplots()
    shown = ax.imshow(grid, cmap=grids.WEIGHT_COLORS, vmin=-1, vmax=1, interpolation="nearest")
    q = training @ np.array(POWERS)
    labels = T.argmax(axis=1)
    for label, marker in ((0, "o"), (1, "s")):
        ax.scatter(q[labels == label] % 64, q[labels == label] // 64, s=16, marker=marker,
                   facecolors="white", edgecolors="black", linewidths=0.7,
                   label=f'training "{label}"')
    ax.set_xlabel("bottom half: $x_7 \\ldots x_{12}$ as a binary number")
    ax.set_ylabel("top half: $x_1 \\ldots x_6$ as a binary number")
    ax.set_xticks([0, 16, 32, 48, 63])
    ax.set_yticks([0, 16, 32, 48, 63])
    fig.legend(loc="outside lower center", ncol=2, fontsize=9, frameon=False)
    fig.colorbar(shown, ax=ax, shrink=0.7, label='$a^3_2 - a^3_1$: "1" above 0, "0" below')
    return fig


def extremes(params, X, count=4):
    """Image numbers q: the surest "0", the surest "1", and the `count` least sure images"""
    d = margin(params, X)
    unsure = np.argsort(np.abs(d), kind="stable")[:count]
    return int(np.argmin(d)), int(np.argmax(d)), [int(q) for q in unsure]


def figure_extremes():
    """The surest "0", the surest "1" and the four images the network is least sure about."""
    from matplotlib.figure import Figure

    import grids

    params, training, T = trained()
    X = all_images()
    d = margin(params, X)
    surest_zero, surest_one, unsure = extremes(params, X)
    fig = Figure(figsize=(7.2, 2.4), layout="constrained")
    axes = fig.subplots(1, 6)
    titles = ['surest "0"', 'surest "1"'] + ["unsure"] * 4
    for ax, q, title in zip(axes, [surest_zero, surest_one, *unsure], titles):
        grids.draw_image(ax, X[q], title=f"{title}\n{d[q]:+.3f}")
    return fig


def numbers():
    """The numbers of the page: counts over the 4096 images and the extreme answers"""
    params, training, T = trained()
    X = all_images()
    d = margin(params, X)
    says_one = d >= 0  # "0" only when a3_1 > a3_2
    q_training = training @ np.array(POWERS)
    labels = T.argmax(axis=1)
    distance = distance_to_training(X, training)
    surest_zero, surest_one, unsure = extremes(params, X)
    x5 = X[:, 4] == 1
    return {
        "images": COUNT, "last": COUNT - 1, "training": len(training),
        "says_one": int(says_one.sum()), "says_zero": int((~says_one).sum()),
        "share_one": float(says_one.mean()),
        "training_ones_said_one": int((says_one[q_training] & (labels == 1)).sum()),
        "training_correct": int((says_one[q_training] == (labels == 1)).sum()),
        "unseen": COUNT - len(training),
        "unseen_share": (COUNT - len(training)) / COUNT,
        "surest_zero": surest_zero, "surest_zero_margin": float(d[surest_zero]),
        "surest_zero_ink": int(X[surest_zero].sum()),
        "surest_zero_distance": int(distance[surest_zero]),
        "surest_one_distance": int(distance[surest_one]),
        "surest_one": surest_one, "surest_one_margin": float(d[surest_one]),
        "surest_one_ink": int(X[surest_one].sum()),
        "least_sure_distance": int(distance[unsure[0]]),
        "unsure_distance_max": int(distance[np.abs(d) < UNSURE].max()),
        "unsure_far": int(((np.abs(d) < UNSURE) & (distance >= 2)).sum()),
        "unsure_near": int(((np.abs(d) < UNSURE) & (distance <= 1)).sum()),
        "unsure_share_2": float(np.mean(np.abs(d[distance == 2]) < UNSURE)),
        "unsure_share_4": float(np.mean(np.abs(d[distance == 4]) < UNSURE)),
        "distance_4": int((distance == 4).sum()),
        "least_sure": unsure[0], "least_sure_margin": float(d[unsure[0]]),
        "fourth_least_margin": float(np.abs(d[unsure]).max()),
        "unsure": int((np.abs(d) < UNSURE).sum()), "unsure_level": UNSURE,
        "confident": int((np.abs(d) > 0.9).sum()),
        "distance_1": int((distance == 1).sum()), "distance_2": int((distance == 2).sum()),
        "distance_3_or_more": int((distance >= 3).sum()),
        "max_distance": int(distance.max()),
        "row3_middle_one": float(np.mean(says_one[row3_is(X, (0, 1, 0))])),
        "row3_sides_zero": float(np.mean(~says_one[row3_is(X, (1, 0, 1))])),
        "x8_ink_one": float(np.mean(says_one[X[:, 7] == 1])),
        "x6_ink_zero": float(np.mean(~says_one[X[:, 5] == 1])),
        "x6_paper_zero": float(np.mean(~says_one[X[:, 5] == 0])),
        "x5_ink": int(x5.sum()), "x5_rule_agrees": int((says_one == x5).sum()),
        "blank_margin": float(d[0]), "full_margin": float(d[COUNT - 1]),
        "blank_says": int(d[0] > 0), "full_says": int(d[COUNT - 1] > 0),
    }


if __name__ == "__main__":
    params, training, T = trained()
    X = all_images()
    d = margin(params, X)
    print(f"of all {COUNT} images the trained network calls {int((d > 0).sum())} a \"1\" "
          f"and {int((d <= 0).sum())} a \"0\"")
    surest_zero, surest_one, unsure = extremes(params, X)
    for name, q in [('surest "0"', surest_zero), ('surest "1"', surest_one)] + [
            ("unsure", q) for q in unsure]:
        rows = "/".join("".join("#" if p else "." for p in X[q][r:r + 3]) for r in range(0, 12, 3))
        print(f"{name:11s} image {q:4d}  {rows}  a3_2 - a3_1 = {d[q]:+.4f}")
