"""Matrices: a layer's weights as a table, the matrix-vector product and the matrix product.

    python snippets/matrices.py

prints the hidden layer of the untrained network for the first training image, computed
row by row and as W2 x + b2, the shapes of the batch form, and the two products of the
section's first exercise.
"""

import numpy as np
from matplotlib.figure import Figure

import dataset
import grids
import parameters
import vector

# Exercise 1: two small matrices whose products PQ and QP differ.
P_EXAMPLE = [[1, 2], [3, 4]]
Q_EXAMPLE = [[0, 1], [1, 0]]


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
def product_expanded(P, Q):
    """(PQ)_ij = P_i1 Q_1j + P_i2 Q_2j + ... + P_is Q_sj"""
    rows, shared, columns = len(P), len(Q), len(Q[0])
    PQ = [[0.0] * columns for i in range(rows)]
    for i in range(rows):
        for j in range(columns):
            for m in range(shared):
                PQ[i][j] += P[i][m] * Q[m][j]
    return PQ


def product_vector(P, Q):
    """(PQ)_ij = r_i . c_j: row i of P times column j of Q"""
    P, Q = np.asarray(P), np.asarray(Q)
    return np.array([[np.dot(P[i, :], Q[:, j]) for j in range(Q.shape[1])] for i in range(P.shape[0])])
# --8<-- [end:product]


# --8<-- [start:transpose]
def transpose_expanded(P, Q):
    """((PQ)^T)_ji = (PQ)_ij = (Q^T)_j1 (P^T)_1i + ... + (Q^T)_js (P^T)_si"""
    rows, shared, columns = len(P), len(Q), len(Q[0])
    PQ_T = [[0.0] * rows for j in range(columns)]
    for j in range(columns):
        for i in range(rows):
            for m in range(shared):
                PQ_T[j][i] += Q[m][j] * P[i][m]   # (Q^T)_jm (P^T)_mi
    return PQ_T


def transpose_vector(P, Q):
    """(PQ)^T = Q^T P^T"""
    return np.asarray(Q).T @ np.asarray(P).T
# --8<-- [end:transpose]


# --8<-- [start:row]
def row_expanded(W2, x, b2):
    """z2_j = x_1 w2_j1 + x_2 w2_j2 + ... + x_12 w2_j12 + b2_j, for j = 1, 2, 3, as one row"""
    row = []
    for j in range(3):
        z = b2[j]
        for i in range(12):
            z += x[i] * W2[j][i]
        row.append(z)
    return [row]


def row_vector(W2, x, b2):
    """(z2)^T = x^T (W2)^T + (b2)^T: a 1 x 12 row times a 12 x 3 matrix, plus a 1 x 3 row"""
    x_row = np.asarray(x, dtype=float).reshape(1, 12)
    b2_row = np.asarray(b2, dtype=float).reshape(1, 3)
    return x_row @ np.asarray(W2).T + b2_row
# --8<-- [end:row]


# --8<-- [start:batch]
def batch_expanded(params, X):
    """Z2_nj = X_n1 w2_j1 + ... + X_n12 w2_j12 + b2_j: image n, unit j"""
    W2, b2 = params["W2"].tolist(), params["b2"].tolist()
    Z2 = []
    for x in X.tolist():  # one row per image
        Z2.append(layer_expanded(W2, x, b2))
    return Z2


def batch_vector(params, X):
    """Z2 = X (W2)^T + 1 (b2)^T, with 1 the column of 64 ones"""
    ones = np.ones((len(X), 1))                  # 64 x 1
    b2_row = params["b2"].reshape(1, 3)          # 1 x 3
    return X @ params["W2"].T + ones @ b2_row    # every row of 1 (b2)^T is (b2)^T
# --8<-- [end:batch]


def random_layer(rng):
    """Random W2 (3 x 12), a random 0/1 image x and a random b2."""
    return {"W2": rng.normal(size=(3, 12)).tolist(), "x": rng.integers(0, 2, size=12).tolist(),
            "b2": rng.normal(size=3).tolist()}


def random_matrices(rng):
    """P (r x s) and Q (s x c) of random sizes from 1 to 5."""
    r, s, c = rng.integers(1, 6, size=3)
    return {"P": rng.normal(size=(r, s)).tolist(), "Q": rng.normal(size=(s, c)).tolist()}


def random_batch(rng):
    """Random parameters and a batch of 64 random images."""
    params = {name: rng.normal(size=shape) for name, shape in vector.SHAPES.items()}
    return {"params": params, "X": rng.integers(0, 2, size=(64, 12)).astype(float)}


CHECKS = {
    "layer": (layer_expanded, layer_vector, random_layer),
    "product": (product_expanded, product_vector, random_matrices),
    "transpose": (transpose_expanded, transpose_vector, random_matrices),
    "row": (row_expanded, row_vector, random_layer),
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
    PQ = product_expanded(P_EXAMPLE, Q_EXAMPLE)
    QP = product_expanded(Q_EXAMPLE, P_EXAMPLE)
    return {
        "z2_1": z2[0], "z2_2": z2[1], "z2_3": z2[2],
        "w2_11": params["W2"][0, 0], "w2_12": params["W2"][0, 1], "b2_1": params["b2"][0],
        "b2_2": params["b2"][1], "b2_3": params["b2"][2],
        "ink_first": int(x.sum()),
        "rows_X": X.shape[0], "rows_Z2": Z2.shape[0], "columns_Z2": Z2.shape[1],
        "P": latex_matrix(P_EXAMPLE), "Q": latex_matrix(Q_EXAMPLE),
        "PQ": latex_matrix(PQ), "QP": latex_matrix(QP),
        "PQ_12": PQ[0][1],
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
    print("PQ =", product_expanded(P_EXAMPLE, Q_EXAMPLE), " QP =", product_expanded(Q_EXAMPLE, P_EXAMPLE))
