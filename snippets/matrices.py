"""Matrices: a layer's weights as a table, the matrix-vector product and the matrix product.

    python snippets/matrices.py

prints the hidden layer of the untrained network for the first training image, computed
row by row and as W2 x + b2, the shapes of the batch form, and the two products of the
section's exercise.
"""

import numpy as np
from matplotlib.figure import Figure

import dataset
import grids
import parameters
import vector

# Exercise 1: two small matrices whose products AB and BA differ.
A_EXAMPLE = [[1, 2], [3, 4]]
B_EXAMPLE = [[0, 1], [1, 0]]


# --8<-- [start:layer]
def layer_expanded(W2, x, b2):
    """z2_j = w2_j1 x_1 + w2_j2 x_2 + ... + w2_j12 x_12 + b2_j, j = 1, 2, 3"""
    z2 = []
    for j in range(3):
        z = b2[j]
        for i in range(12):
            z += W2[j][i] * x[i]
        z2.append(z)
    return z2


def layer_vector(W2, x, b2):
    """z2 = W2 x + b2"""
    return np.asarray(W2) @ np.asarray(x) + np.asarray(b2)
# --8<-- [end:layer]


# --8<-- [start:product]
def product_expanded(A, B):
    """(AB)_ik = A_i1 B_1k + ... + A_in B_nk: row i of A times column k of B"""
    rows, inner, columns = len(A), len(B), len(B[0])
    AB = [[0.0] * columns for i in range(rows)]
    for i in range(rows):
        for k in range(columns):
            for j in range(inner):
                AB[i][k] += A[i][j] * B[j][k]
    return AB


def product_vector(A, B):
    """AB, numpy's matrix product"""
    return np.asarray(A) @ np.asarray(B)
# --8<-- [end:product]


# --8<-- [start:transpose]
def transpose_expanded(A, B):
    """((AB)^T)_ki = (AB)_ik: the product, then rows and columns swapped"""
    AB = product_expanded(A, B)
    return [[AB[i][k] for i in range(len(AB))] for k in range(len(AB[0]))]


def transpose_vector(A, B):
    """(AB)^T = B^T A^T"""
    return np.asarray(B).T @ np.asarray(A).T
# --8<-- [end:transpose]


# --8<-- [start:batch]
def batch_expanded(params, X):
    """Z2_nj = X_n1 w2_j1 + ... + X_n12 w2_j12 + b2_j: image n, unit j"""
    W2, b2 = params["W2"].tolist(), params["b2"].tolist()
    Z2 = []
    for x in X.tolist():  # one row per image
        Z2.append(layer_expanded(W2, x, b2))
    return Z2


def batch_vector(params, X):
    """Z2 = X W2^T + b2, as vector.forward computes it"""
    return vector.forward(params, X)[0]
# --8<-- [end:batch]


def random_layer(rng):
    """Random W2 (3 x 12), a random 0/1 image x and a random b2."""
    return {"W2": rng.normal(size=(3, 12)).tolist(), "x": rng.integers(0, 2, size=12).tolist(),
            "b2": rng.normal(size=3).tolist()}


def random_matrices(rng):
    """A (m x n) and B (n x r) of random sizes from 1 to 5."""
    m, n, r = rng.integers(1, 6, size=3)
    return {"A": rng.normal(size=(m, n)).tolist(), "B": rng.normal(size=(n, r)).tolist()}


def random_batch(rng):
    """Random parameters and a batch of 64 random images."""
    params = {name: rng.normal(size=shape) for name, shape in vector.SHAPES.items()}
    return {"params": params, "X": rng.integers(0, 2, size=(64, 12)).astype(float)}


CHECKS = {
    "layer": (layer_expanded, layer_vector, random_layer),
    "product": (product_expanded, product_vector, random_matrices),
    "transpose": (transpose_expanded, transpose_vector, random_matrices),
    "batch": (batch_expanded, batch_vector, random_batch),
}


def multiplications(rows, inner, columns):
    """How many products of two numbers a (rows x inner) times (inner x columns) product takes."""
    return rows * inner * columns


def latex_matrix(M):
    """A matrix of whole numbers as TeX: \\begin{pmatrix} ... \\end{pmatrix}"""
    rows = [" & ".join(f"{int(v)}" for v in row) for row in np.asarray(M)]
    return "\\begin{pmatrix} " + " \\\\ ".join(rows) + " \\end{pmatrix}"


def figure_weights():
    """The trained W2 as a 3 x 12 table, and each row drawn on the 4x3 grid it multiplies."""
    W2 = parameters.run()[0]["W2"]
    vmax = float(np.abs(W2).max())
    fig = Figure(figsize=(7.2, 4.4), layout="constrained")
    top, bottom = fig.subfigures(2, 1, height_ratios=[1.1, 1.3])
    ax = top.subplots()
    ax.imshow(W2, cmap=grids.WEIGHT_COLORS, vmin=-vmax, vmax=vmax)
    ax.set_xticks(range(12), [f"{i + 1}" for i in range(12)])
    ax.set_yticks(range(3), [f"{j + 1}" for j in range(3)])
    ax.set_xlabel("column $i$ (pixel)")
    ax.set_ylabel("row $j$")
    ax.set_title("$W^2$: 3 rows, 12 columns", fontsize=10)
    for j, ax in enumerate(bottom.subplots(1, 3)):
        grids.draw_weights(ax, W2[j], vmax=vmax, title=f"row {j + 1} on the grid")
    return fig


def numbers():
    """The section's values."""
    params = vector.init_parameters(parameters.SEED)  # the untrained network the book starts from
    X, T = dataset.to_arrays(dataset.load_dataset())
    x = X[0]
    z2 = layer_vector(params["W2"], x, params["b2"])
    Z2 = vector.forward(params, X)[0]
    AB = product_expanded(A_EXAMPLE, B_EXAMPLE)
    BA = product_expanded(B_EXAMPLE, A_EXAMPLE)
    return {
        "z2_1": z2[0], "z2_2": z2[1], "z2_3": z2[2],
        "w2_11": params["W2"][0, 0], "w2_12": params["W2"][0, 1], "b2_1": params["b2"][0],
        "ink_first": int(x.sum()),
        "rows_X": X.shape[0], "rows_Z2": Z2.shape[0], "columns_Z2": Z2.shape[1],
        "A": latex_matrix(A_EXAMPLE), "B": latex_matrix(B_EXAMPLE),
        "AB": latex_matrix(AB), "BA": latex_matrix(BA),
        "AB_12": AB[0][1],
        "products_layer": multiplications(3, 12, 1),
        "products_batch": multiplications(64, 12, 3),
    }


if __name__ == "__main__":
    params = vector.init_parameters(parameters.SEED)
    X, T = dataset.to_arrays(dataset.load_dataset())
    print("image 1:", X[0].astype(int).tolist())
    print("z2 row by row:", [round(z, 6) for z in layer_expanded(params["W2"].tolist(), X[0].tolist(),
                                                                  params["b2"].tolist())])
    print("z2 = W2 x + b2:", np.round(layer_vector(params["W2"], X[0], params["b2"]), 6).tolist())
    print(f"batch: X {X.shape} times W2^T {params['W2'].T.shape} gives Z2 {vector.forward(params, X)[0].shape}")
    print("AB =", product_expanded(A_EXAMPLE, B_EXAMPLE), " BA =", product_expanded(B_EXAMPLE, A_EXAMPLE))
