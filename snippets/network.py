"""The 12-3-2 network as one function: 12 pixels in, two numbers out.

    python snippets/network.py

prints what the network answers for a "0" and a "1", with its random starting
parameters and after the book's training run.
"""

import math

import numpy as np
from matplotlib.figure import Figure

import dataset
import grids
import parameters
import vector

INPUT_COLOR, HIDDEN_COLOR, OUTPUT_COLOR, EDGE_COLOR = "#4a7fd6", "#e8743b", "#23a386", "#8a8f98"


def sigma(z):
    """sigma(z) = 1 / (1 + e^-z)"""
    return 1 / (1 + math.exp(-z))


# --8<-- [start:network]
def network_expanded(W2, b2, W3, b3, x):
    """a3_k = sigma(w3_k1 sigma(z2_1) + ... + w3_k3 sigma(z2_3) + b3_k),
    z2_j = w2_j1 x_1 + ... + w2_j12 x_12 + b2_j, one term at a time"""
    a3 = []
    for k in range(2):
        z3 = b3[k]
        for j in range(3):
            z2 = b2[j]
            for i in range(12):
                z2 += W2[j][i] * x[i]
            z3 += W3[k][j] * sigma(z2)
        a3.append(sigma(z3))
    return a3


def network_vector(W2, b2, W3, b3, x):
    """a3 = sigma(W3 sigma(W2 x + b2) + b3)"""
    return vector.sigma(W3 @ vector.sigma(W2 @ x + b2) + b3)
# --8<-- [end:network]


def random_network(rng):
    """47 random parameters (as plain lists, so the loops see floats) and a random image."""
    params = {name: rng.standard_normal(shape) for name, shape in vector.SHAPES.items()}
    x = rng.integers(0, 2, size=12)
    return {**{name: p.tolist() for name, p in params.items()}, "x": x.tolist()}


def network_vector_checked(W2, b2, W3, b3, x):
    """network_vector on numpy arrays, as the check's lists arrive"""
    return network_vector(np.array(W2), np.array(b2), np.array(W3), np.array(b3), np.array(x))


CHECKS = {
    "network": (network_expanded, network_vector_checked, random_network),
}


# --8<-- [start:answer]
def answer(a3):
    """The digit the network reads: the output unit that fires more strongly"""
    return 0 if a3[0] > a3[1] else 1
# --8<-- [end:answer]


def parameter_count(n1, n2, n3):
    """n2 (n1 + 1) + n3 (n2 + 1): each unit of layers 2 and 3 has a weight per input and a bias"""
    return n2 * (n1 + 1) + n3 * (n2 + 1)


def figure_architecture():
    """The 12-3-2 network: pixels x_1..x_12 in a column, 3 hidden units, outputs "0" and "1",
    all 36 + 6 connections, and the 4x3 image the pixels come from."""
    fig = Figure(figsize=(6.4, 4.6), layout="constrained")
    ax = fig.add_subplot()
    layers = {1: 12, 2: 3, 3: 2}
    xs = {1: 0.0, 2: 2.2, 3: 4.0}
    gaps = {1: 0.5, 2: 1.6, 3: 1.4}  # vertical distance between the units of each layer
    ys = {l: [gaps[l] * ((n - 1) / 2 - m) for m in range(n)] for l, n in layers.items()}
    for l in (2, 3):
        for y_to in ys[l]:
            for y_from in ys[l - 1]:
                ax.plot([xs[l - 1], xs[l]], [y_from, y_to], color=EDGE_COLOR, linewidth=0.6, zorder=1)
    for l, color in ((1, INPUT_COLOR), (2, HIDDEN_COLOR), (3, OUTPUT_COLOR)):
        ax.scatter([xs[l]] * layers[l], ys[l], s=320 if l > 1 else 170, color=color, zorder=2,
                   edgecolors="none")
    for i, y in enumerate(ys[1]):
        ax.text(xs[1] - 0.18, y, f"$x_{{{i + 1}}}$", ha="right", va="center", fontsize=10)
    for j, y in enumerate(ys[2]):
        ax.text(xs[2], y + 0.25, f"$a^2_{j + 1}$", ha="center", va="bottom", fontsize=10)
    for k, y in enumerate(ys[3]):
        ax.text(xs[3] + 0.25, y, f'$a^3_{k + 1}$: "{k}"', ha="left", va="center", fontsize=11)
    bottom = ys[1][-1] - 0.45
    for l, words in ((1, "layer 1\n12 pixels"), (2, "layer 2\n3 hidden units"), (3, "layer 3\n2 outputs")):
        ax.text(xs[l], bottom, words, ha="center", va="top", fontsize=9)
    ax.set_xlim(-2.2, 5.3)
    ax.set_ylim(bottom - 0.6, ys[1][0] + 0.3)
    ax.set_aspect("equal")
    ax.axis("off")
    # The image the pixels come from, its cells numbered in the order they are read.
    inset = ax.inset_axes([-2.15, 0.7, 1.2, 1.6], transform=ax.transData)
    grids.draw_image(inset, dataset.load_dataset()[32][0], title="pixel $i$")
    for row in range(4):
        for column in range(3):
            inset.text(column, row, f"{3 * row + column + 1}", ha="center", va="center",
                       fontsize=7, color=EDGE_COLOR)
    return fig


def numbers():
    """The network's answers for the first "0" and the first "1", before and after training."""
    images = dataset.load_dataset()
    X, T = dataset.to_arrays(images)
    before = vector.init_parameters(parameters.SEED)
    after = parameters.run()[0]
    zero, one = X[0], X[32]
    result = {
        "correct_before": vector.correct(before, X, T),
        "correct_after": vector.correct(after, X, T),
        "p_12_5_2": parameter_count(12, 5, 2),
        "p_784_30_10": parameter_count(784, 30, 10),
        "p_12_3_2": parameter_count(12, 3, 2),
        "read_as_one_before": int((vector.predict(before, X) == 1).sum()),
        "b3_1_before": before["b3"][0], "b3_2_before": before["b3"][1],
        "ratio_784_30_10": parameter_count(784, 30, 10) / parameter_count(12, 3, 2),
    }
    for when, params in (("before", before), ("after", after)):
        for name, x in (("zero", zero), ("one", one)):
            a3 = network_vector(params["W2"], params["b2"], params["W3"], params["b3"], x)
            result[f"{when}_{name}_1"], result[f"{when}_{name}_2"] = a3
            result[f"{when}_{name}_answer"] = answer(a3)
    return result


if __name__ == "__main__":
    n = numbers()
    for when in ("before", "after"):
        print(f"{when} training:")
        for name in ("zero", "one"):
            print(f'  the first "{name}": a3 = ({n[f"{when}_{name}_1"]:.4f}, {n[f"{when}_{name}_2"]:.4f}),'
                  f' read as "{n[f"{when}_{name}_answer"]}"')
        print(f"  {n[f'correct_{when}']} of 64 training images read correctly")
