"""What the hidden units of the trained 0/1 network respond to.

    python snippets/hidden_units.py

trains the book's network (parameters.run) and prints each hidden unit's weights on the
4x3 grid, its bias, and its weighted input for a typical "0" and a typical "1"; then it
compares the network with one that has no hidden layer, on the book's images and on the
two-columns set, whose label is the XOR of its two side columns.
"""

import functools

import numpy as np
from matplotlib.figure import Figure

import dataset
import expanded
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


def no_hidden_expanded(W, b, X):
    """A_nk = sigma(X_n1 w_k1 + ... + X_n12 w_k12 + b_k), one image and one unit at a time"""
    A = []
    for x in X:
        row = []
        for k in range(2):
            z = b[k]
            for i in range(12):
                z += x[i] * W[k][i]
            row.append(expanded.sigma(z))
        A.append(row)
    return A


def no_hidden_vector(W, b, X):
    """A = sigma(X W^T + 1 b^T)"""
    return outputs_without_hidden(np.array(W), np.array(b), np.array(X, dtype=float))


def random_batch_without_hidden(rng):
    """Random weights and biases of a network with no hidden layer, and a few random images."""
    return {"W": rng.standard_normal((2, 12)).tolist(), "b": rng.standard_normal(2).tolist(),
            "X": rng.integers(0, 2, size=(int(rng.integers(1, 9)), 12)).tolist()}


CHECKS = {
    "response": (response_expanded, response_vector, random_hidden_layer),
    "strongest_response": (strongest_response_expanded, strongest_response_vector, random_weights),
    "no_hidden": (no_hidden_expanded, no_hidden_vector, random_batch_without_hidden),
}


# --- when a hidden layer is needed: a training set of the book's own --------------------

# The two-columns set: 64 images of 4x3 pixels. The left column (pixels 1, 4, 7, 10) is
# all ink or all paper, so is the right column (3, 6, 9, 12), and the middle column
# (2, 5, 8, 11) takes each of its 16 patterns. Label 1 when exactly one side column is
# inked, label 0 when both or neither are: the exclusive or (XOR) of the two sides.
LEFT, MIDDLE, RIGHT = (1, 4, 7, 10), (2, 5, 8, 11), (3, 6, 9, 12)


# --8<-- [start:two_columns]
def two_columns_set():
    """The 64 (pixels, label) pairs of the two-columns set: label = left XOR right"""
    images = []
    for left in (0, 1):
        for right in (0, 1):
            for pattern in range(16):  # the middle column's four pixels, as binary digits
                middle = [int(bit) for bit in format(pattern, "04b")]
                x = [0] * 12
                for r in range(4):
                    x[LEFT[r] - 1], x[MIDDLE[r] - 1], x[RIGHT[r] - 1] = left, middle[r], right
                images.append((tuple(x), int(left != right)))
    return images
# --8<-- [end:two_columns]


# --8<-- [start:no_hidden]
def outputs_without_hidden(W, b, X):
    """A = sigma(X W^T + 1 b^T): two output units reading the 12 pixels directly"""
    ones = np.ones((len(X), 1))
    return vector.sigma(X @ W.T + ones @ b[None, :])


def train_without_hidden(X, T, eta, epochs, seed):
    """Full-batch gradient descent on C_T for the network with no hidden layer.

    Delta = (A - T) * A * (1 - A), as at the book's output layer;
    dC_T/dW = Delta^T X and dC_T/db = Delta^T 1. Returns (W, b) and the history of C_T.
    """
    rng = np.random.default_rng(seed)
    W, b = rng.standard_normal((2, 12)), rng.standard_normal(2)
    ones = np.ones(len(X))
    history = []
    for epoch in range(epochs + 1):
        A = outputs_without_hidden(W, b, X)
        history.append(0.5 * np.sum((T - A) ** 2))
        if epoch == epochs:
            break
        Delta = (A - T) * A * (1 - A)
        W, b = W - eta * Delta.T @ X, b - eta * Delta.T @ ones
    return (W, b), history
# --8<-- [end:no_hidden]


def correct_without_hidden(W, b, X, T):
    """How many images the network with no hidden layer reads correctly"""
    A = outputs_without_hidden(W, b, X)
    says = (A[:, 1] >= A[:, 0]).astype(int)  # "0" if a_1 > a_2, "1" otherwise
    return int((says == T.argmax(axis=1)).sum())


@functools.cache
def comparison():
    """Both networks on both training sets, with the book's eta, epochs and seed:
    {(set, network): the number of images read correctly after each epoch}"""
    sets = {"book": dataset.to_arrays(dataset.load_dataset()),
            "two_columns": dataset.to_arrays(two_columns_set())}
    runs = {}
    for name, (X, T) in sets.items():
        rng = np.random.default_rng(parameters.SEED)
        W, b = rng.standard_normal((2, 12)), rng.standard_normal(2)
        params = vector.init_parameters(parameters.SEED)
        none, hidden = [correct_without_hidden(W, b, X, T)], [vector.correct(params, X, T)]
        ones = np.ones(len(X))
        for epoch in range(parameters.EPOCHS):
            A = outputs_without_hidden(W, b, X)
            Delta = (A - T) * A * (1 - A)  # one step of gradient descent, as in train_without_hidden
            W, b = W - parameters.ETA * Delta.T @ X, b - parameters.ETA * Delta.T @ ones
            params = vector.step(params, vector.gradients(params, X, T), parameters.ETA)
            none.append(correct_without_hidden(W, b, X, T))
            hidden.append(vector.correct(params, X, T))
        runs[name, "none"], runs[name, "hidden"] = none, hidden
    return runs


def comparison_table():
    """The four runs as a Markdown table: images read correctly after the run."""
    runs = comparison()
    rows = ["| training set | no hidden layer | 12-3-2 network |", "|:---|---:|---:|"]
    for name, words in (("book", "the book's 0s and 1s"), ("two_columns", "the two-columns set")):
        rows.append(f"| {words} | {runs[name, 'none'][-1]} of 64 | {runs[name, 'hidden'][-1]} of 64 |")
    return "\n".join(rows)


BOUND = 64 - 16  # 16 groups of four images, at least one read wrong in each


def figure_two_columns():
    """The four images of the two-columns set that share one middle column, with their labels."""
    images = two_columns_set()
    pattern = 0b1010  # middle column: ink in rows 1 and 3
    group = [images[16 * (2 * left + right) + pattern] for left in (0, 1) for right in (0, 1)]
    fig = Figure(figsize=(5.6, 2.2), layout="constrained")
    names = ("neither side", "right only", "left only", "both sides")
    for ax, (x, label), name in zip(fig.subplots(1, 4), group, names):
        grids.draw_image(ax, x, title=f"{name}\nlabel {label}")
    return fig


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
    runs = comparison()
    result = {
        "comparison_table": comparison_table(), "bound": BOUND,
        "book_none_correct": runs["book", "none"][-1],
        "xor_none_correct": runs["two_columns", "none"][-1],
        "xor_none_best": max(runs["two_columns", "none"]),
        "xor_hidden_correct": runs["two_columns", "hidden"][-1],
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
    print()
    print(comparison_table())
