"""From layer to layer: how the 12 pixels become 3 hidden activations and 2 outputs.

Each relation between layers is computed twice: term by term (plain Python, or the
book's expanded.py) and as one matrix product (numpy, or the book's vector.py).

    python snippets/layers.py

follows one "0" and one "1" of the training set through the trained network.
"""

import numpy as np
from matplotlib.figure import Figure

import dataset
import expanded
import grids
import parameters
import vector

EXAMPLES = (31, 32)  # Python indices: the "0" with all five optional pixels, the bare "1"


# --8<-- [start:input_layer]
def input_layer_expanded(image):
    """a1_i = x_i, where pixel i sits in row r, column c with i = 3(r - 1) + c"""
    a1 = [0.0] * 12
    for r in range(1, 5):
        for c in range(1, 4):
            a1[3 * (r - 1) + c - 1] = float(image[r - 1][c - 1])
    return a1


def input_layer_vector(image):
    """a1 = x = vec(G^T): the columns of G^T, which are the rows of the grid G, stacked"""
    G = np.asarray(image, dtype=float)
    columns = [G.T[:, c] for c in range(G.T.shape[1])]  # the columns of G^T: row c + 1 of G
    return np.concatenate(columns)
# --8<-- [end:input_layer]


# --8<-- [start:hidden_layer]
def hidden_layer_expanded(params, x):
    """z2_j = w2_j1 a1_1 + w2_j2 a1_2 + ... + w2_j12 a1_12 + b2_j,  a2_j = sigma(z2_j)"""
    z2, a2, z3, a3 = expanded.forward(vector.to_expanded(params), x)
    return z2, a2


def hidden_layer_vector(params, x):
    """z2 = W2 a1 + b2,  a2 = sigma(z2), with a1 = x a column of 12"""
    z2 = params["W2"] @ np.asarray(x, dtype=float) + params["b2"]
    return z2, vector.sigma(z2)
# --8<-- [end:hidden_layer]


# --8<-- [start:output_layer]
def output_layer_expanded(params, x):
    """z3_k = w3_k1 a2_1 + w3_k2 a2_2 + w3_k3 a2_3 + b3_k,  a3_k = sigma(z3_k)"""
    z2, a2, z3, a3 = expanded.forward(vector.to_expanded(params), x)
    return z3, a3


def output_layer_vector(params, x):
    """z3 = W3 a2 + b3,  a3 = sigma(z3)"""
    z2, a2 = hidden_layer_vector(params, x)
    z3 = params["W3"] @ a2 + params["b3"]
    return z3, vector.sigma(z3)
# --8<-- [end:output_layer]


# --8<-- [start:layer]
def layer_expanded(w, b, a_prev):
    """z_j = w_j1 a_1 + ... + w_jn a_n + b_j,  a_j = sigma(z_j), unit by unit"""
    z, a = [], []
    for j in range(len(b)):
        total = b[j]
        for i in range(len(a_prev)):
            total += w[j][i] * a_prev[i]
        z.append(total)
        a.append(expanded.sigma(total))
    return z, a


def layer_vector(w, b, a_prev):
    """z^l = W^l a^(l-1) + b^l,  a^l = sigma(z^l)"""
    z = np.asarray(w) @ np.asarray(a_prev) + np.asarray(b)
    return z, vector.sigma(z)
# --8<-- [end:layer]


# --8<-- [start:batch]
def batch_expanded(params, images):
    """Row n of Z2, A2, Z3, A3: image n through expanded.forward, one image at a time"""
    rows = [[], [], [], []]
    p = vector.to_expanded(params)
    for x, label in images:
        for row, values in zip(rows, expanded.forward(p, x)):
            row.append(values)
    return rows


def batch_vector(params, images):
    """Z2 = X W2^T + 1 b2^T, A2 = sigma(Z2), Z3 = A2 W3^T + 1 b3^T, A3 = sigma(Z3),
    with the column of ones 1 written out: no broadcasting"""
    X, T = dataset.to_arrays(images)
    ones = np.ones((len(X), 1))
    Z2 = X @ params["W2"].T + ones @ params["b2"].reshape(1, 3)
    A2 = vector.sigma(Z2)
    Z3 = A2 @ params["W3"].T + ones @ params["b3"].reshape(1, 2)
    A3 = vector.sigma(Z3)
    return [Z2, A2, Z3, A3]
# --8<-- [end:batch]


def random_image(rng):
    return {"image": rng.integers(0, 2, size=(4, 3)).tolist()}


def random_network(rng):
    params = {name: rng.standard_normal(shape) for name, shape in vector.SHAPES.items()}
    return {"params": params, "x": [int(p) for p in rng.integers(0, 2, size=12)]}


def random_layer(rng):
    """A layer of n units reading m units: any sizes, as in a larger network."""
    n, m = (int(k) for k in rng.integers(1, 10, size=2))
    return {"w": rng.standard_normal((n, m)).tolist(), "b": rng.standard_normal(n).tolist(),
            "a_prev": rng.uniform(0, 1, size=m).tolist()}


def random_batch(rng):
    params = {name: rng.standard_normal(shape) for name, shape in vector.SHAPES.items()}
    images = [(tuple(int(p) for p in rng.integers(0, 2, size=12)), int(rng.integers(0, 2)))
              for _ in range(int(rng.integers(1, 9)))]
    return {"params": params, "images": images}


CHECKS = {
    "input_layer": (input_layer_expanded, input_layer_vector, random_image),
    "hidden_layer": (hidden_layer_expanded, hidden_layer_vector, random_network),
    "output_layer": (output_layer_expanded, output_layer_vector, random_network),
    "layer": (layer_expanded, layer_vector, random_layer),
    "batch": (batch_expanded, batch_vector, random_batch),
}


def trained():
    """The parameters of the book's training run and its training images."""
    return parameters.run()[0], dataset.load_dataset()


def activations_table(params, x):
    """A Markdown table of z and a for every unit of layers 2 and 3 for the image x."""
    z2, a2, z3, a3 = expanded.forward(vector.to_expanded(params), x)
    rows = ["| unit | $z$ | $a = \\sigma(z)$ |", "|:---|---:|---:|"]
    rows += [f"| hidden {j + 1} | {z:.3f} | {a:.3f} |" for j, (z, a) in enumerate(zip(z2, a2))]
    rows += [f"| output {k + 1} | {z:.3f} | {a:.3f} |" for k, (z, a) in enumerate(zip(z3, a3))]
    return "\n".join(rows)


def hidden_sum(params, x, j):
    """z2_j for image x written out with the trained numbers: only inked pixels contribute."""
    W2, b2 = params["W2"], params["b2"]
    def sub(i):  # w^2_{1,11} needs a comma, w^2_{15} does not
        return f"{j + 1},{i + 1}" if i + 1 > 9 else f"{j + 1}{i + 1}"
    inked = [i for i in range(12) if x[i]]
    symbols = " + ".join(f"w^2_{{{sub(i)}}}" for i in inked) + f" + b^2_{j + 1}"
    values = " + ".join(f"({W2[j, i]:.3f})" for i in inked) + f" + ({b2[j]:.3f})"
    total = sum(W2[j, i] for i in inked) + b2[j]
    return (f"\\begin{{aligned}} z^2_{j + 1} &= {symbols} \\\\ &\\approx {values} \\\\ "
            f"&\\approx {total:.3f} \\end{{aligned}}")


def output_sum(params, x, k):
    """z3_k for image x written out with the trained numbers."""
    W3, b3 = params["W3"], params["b3"]
    z2, a2, z3, a3 = expanded.forward(vector.to_expanded(params), x)
    values = " + ".join(f"({W3[k, j]:.3f})({a2[j]:.3f})" for j in range(3)) + f" + ({b3[k]:.3f})"
    return (f"\\begin{{aligned}} z^3_{k + 1} &\\approx {values} \\\\ "
            f"&\\approx {z3[k]:.3f} \\end{{aligned}}")


def figure_activations():
    """For one "0" and one "1": the image, the 3 hidden activations and the 2 outputs."""
    params, images = trained()
    fig = Figure(figsize=(6.4, 3.6), layout="constrained")
    axes = fig.subplots(2, 3, width_ratios=[1, 2, 2])
    for row, n in zip(axes, EXAMPLES):
        x, label = images[n]
        z2, a2, z3, a3 = expanded.forward(vector.to_expanded(params), x)
        grids.draw_image(row[0], x, title=f"image {n + 1}, a {label}")
        for ax, a, names, colour in ((row[1], a2, ["1", "2", "3"], "#4a7fd6"),
                                     (row[2], a3, ['1 ("0")', '2 ("1")'], "#e8743b")):
            ax.barh(range(len(a)), a, color=colour, height=0.6)
            ax.set_yticks(range(len(a)), names)
            ax.invert_yaxis()
            ax.set_xlim(0, 1)
            ax.set_xticks([0, 0.5, 1])
            ax.grid(True, axis="x")
    axes[0, 1].set_title("hidden units $a^2_j$", fontsize=10)
    axes[0, 2].set_title("output units $a^3_k$", fontsize=10)
    return fig


def numbers():
    """The worked example: the bare "1" (and a "0") through the trained network."""
    params, images = trained()
    zero, one = (images[n][0] for n in EXAMPLES)
    p = vector.to_expanded(params)
    z2, a2, z3, a3 = expanded.forward(p, one)
    z2_zero, a2_zero, z3_zero, a3_zero = expanded.forward(p, zero)
    result = {
        "zero_n": EXAMPLES[0] + 1, "one_n": EXAMPLES[1] + 1,
        "one_table": activations_table(params, one),
        "zero_table": activations_table(params, zero),
        "one_z2_1": hidden_sum(params, one, 0),
        "one_z3_1": output_sum(params, one, 0), "one_z3_2": output_sum(params, one, 1),
        "one_inked": sum(one),
        "one_weights_used": 3 * sum(one),
        "zero_weights_used": 3 * sum(zero),
    }
    for name, values in (("z2", z2), ("a2", a2), ("z3", z3), ("a3", a3),
                         ("zero_a2", a2_zero), ("zero_a3", a3_zero)):
        for j, value in enumerate(values, start=1):
            result[f"{name}_{j}"] = value
    return result


if __name__ == "__main__":
    params, images = trained()
    for n in EXAMPLES:
        x, label = images[n]
        z2, a2, z3, a3 = expanded.forward(vector.to_expanded(params), x)
        print(f"image {n + 1} (a {label}): x = {list(x)}")
        print("  a2 =", [round(a, 3) for a in a2], " a3 =", [round(a, 3) for a in a3])
