"""What the hidden units of the trained 0/1 network respond to.

    python snippets/hidden_units.py

trains the book's network (parameters.run) and prints each hidden unit's weights on the
4x3 grid, its bias, and its weighted input for a typical "0" and a typical "1".
"""

import numpy as np
from matplotlib.figure import Figure

import dataset
import grids
import parameters
import vector

ZERO, ONE = 31, 32  # the "0" with its whole frame inked, the "1" with no extra pixels


# --8<-- [start:response]
def response_expanded(W2, b2, x):
    """z2_j = w2_j1 x_1 + ... + w2_j12 x_12 + b2_j, for j = 1, 2, 3"""
    z2 = []
    for j in range(3):
        z = b2[j]
        for i in range(12):
            z += W2[j][i] * x[i]
        z2.append(z)
    return z2


def response_vector(W2, b2, x):
    """z2_j = w2_j . x + b2_j, where w2_j is row j of W2"""
    return [np.dot(W2[j], x) + b2[j] for j in range(3)]
# --8<-- [end:response]


# --8<-- [start:best_image]
def strongest_response_expanded(W2, b2):
    """max of z2_j = max(w2_j1, 0) + ... + max(w2_j12, 0) + b2_j"""
    best = []
    for j in range(3):
        z = b2[j]
        for i in range(12):
            z += max(W2[j][i], 0)
        best.append(z)
    return best


def best_image(w):
    """x*_i = 1 exactly when w_i > 0: ink only where it adds to z"""
    return (np.asarray(w) > 0).astype(float)


def strongest_response_vector(W2, b2):
    """max of z2_j = w2_j . x*_j + b2_j"""
    return [np.dot(W2[j], best_image(W2[j])) + b2[j] for j in range(3)]
# --8<-- [end:best_image]


def random_hidden_layer(rng):
    """Random weights and biases of the hidden layer (as lists) and a random 0/1 image."""
    return {"W2": rng.standard_normal((3, 12)).tolist(), "b2": rng.standard_normal(3).tolist(),
            "x": rng.integers(0, 2, size=12).tolist()}


def random_weights(rng):
    return {"W2": rng.standard_normal((3, 12)).tolist(), "b2": rng.standard_normal(3).tolist()}


CHECKS = {
    "response": (response_expanded, response_vector, random_hidden_layer),
    "strongest_response": (strongest_response_expanded, strongest_response_vector, random_weights),
}


def trained():
    """The book's trained parameters, its starting parameters and the training images."""
    params, history, X, T = parameters.run()
    return params, vector.init_parameters(parameters.SEED), X, T


def response_table(params, X, T):
    """Each hidden unit's z2_j for the typical "0" and "1", and its range over each digit."""
    Z2 = vector.forward(params, X)[0]
    zeros, ones = Z2[T[:, 0] == 1], Z2[T[:, 1] == 1]
    rows = ['| unit $j$ | bias $b^2_j$ | $z^2_j$ for the "0" | $z^2_j$ for the "1" '
            '| range over all "0"s | range over all "1"s |',
            "|---:|---:|---:|---:|:---:|:---:|"]
    for j in range(3):
        rows.append(f"| {j + 1} | {params['b2'][j]:.2f} | {Z2[ZERO, j]:.2f} | {Z2[ONE, j]:.2f} "
                    f"| {zeros[:, j].min():.2f} to {zeros[:, j].max():.2f} "
                    f"| {ones[:, j].min():.2f} to {ones[:, j].max():.2f} |")
    return "\n".join(rows)


def figure_hidden_weights():
    """Top: each hidden unit's 12 trained weights on the grid. Bottom: how far training moved them."""
    params, start, X, T = trained()
    W2 = params["W2"]
    vmax = float(np.abs(W2).max())
    fig = Figure(figsize=(5.6, 5.4), layout="constrained")
    axes = fig.subplots(2, 3)
    for j in range(3):
        grids.draw_weights(axes[0, j], W2[j], vmax, title=f"unit {j + 1}: $\\mathbf{{w}}^2_{j + 1}$")
        grids.draw_weights(axes[1, j], W2[j] - start["W2"][j], vmax, title="change in training")
    return fig


def figure_best_images():
    """The image that excites each hidden unit most, and the two typical digits."""
    params, start, X, T = trained()
    fig = Figure(figsize=(6.4, 2.3), layout="constrained")
    axes = fig.subplots(1, 5)
    grids.draw_image(axes[0], X[ZERO], title='a "0"')
    grids.draw_image(axes[1], X[ONE], title='a "1"')
    for j in range(3):
        grids.draw_image(axes[2 + j], best_image(params["W2"][j]), title=f"best for unit {j + 1}")
    return fig


def figure_output_weights():
    """W3 as a 2x3 grid: row k is output k ("0" or "1"), column j is hidden unit j."""
    params = trained()[0]
    W3 = params["W3"]
    vmax = float(np.abs(W3).max())
    fig = Figure(figsize=(3.6, 2.2), layout="constrained")
    ax = fig.subplots()
    ax.imshow(W3, cmap=grids.WEIGHT_COLORS, vmin=-vmax, vmax=vmax)
    for (k, j), weight in np.ndenumerate(W3):
        ax.text(j, k, f"{weight:+.1f}", ha="center", va="center", color="black", fontsize=9)
    ax.set_xticks(range(3), [f"unit {j + 1}" for j in range(3)])
    ax.set_yticks(range(2), ['output "0"', 'output "1"'])
    ax.set_title("$W^3$", fontsize=10)
    return fig


def numbers():
    """The trained hidden layer's numbers, for the prose and the exercises."""
    params, start, X, T = trained()
    W2, b2, W3, b3 = (params[name] for name in vector.SHAPES)
    Z2, A2, Z3, A3 = vector.forward(params, X)
    best = strongest_response_vector(W2, b2)
    change = W2 - start["W2"]
    result = {
        "table": response_table(params, X, T),
        "vmax": float(np.abs(W2).max()),
        "best_2_in_training_set": any(np.array_equal(x, best_image(W2[1])) for x in X),
        "change_b2_2": b2[1] - start["b2"][1], "change_w2_2_11": change[1, 10],
        "z3_2_one": Z3[ONE, 1], "a3_2_one": A3[ONE, 1],
    }
    for j in range(3):
        result[f"best_{j + 1}"] = best[j]
        result[f"a2_{j + 1}_one"] = A2[ONE, j]
        result[f"z2_{j + 1}_zero"], result[f"z2_{j + 1}_one"] = Z2[ZERO, j], Z2[ONE, j]
        for i in range(12):
            result[f"w2_{j + 1}_{i + 1}"] = W2[j, i]
            result[f"start_w2_{j + 1}_{i + 1}"] = start["W2"][j, i]
            result[f"change_w2_{j + 1}_{i + 1}"] = change[j, i]
    for k in range(2):
        result[f"b3_{k + 1}"] = b3[k]
        for j in range(3):
            result[f"w3_{k + 1}_{j + 1}"] = W3[k, j]
    return result


if __name__ == "__main__":
    params, start, X, T = trained()
    np.set_printoptions(precision=2, suppress=True)
    for j in range(3):
        print(f"hidden unit {j + 1}: bias {params['b2'][j]:+.2f}, weights on the 4x3 grid:")
        print(params["W2"][j].reshape(4, 3))
    print()
    print(response_table(params, X, T))
