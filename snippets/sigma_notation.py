"""Sigma notation: a sum written with an index, computed as a loop and as one numpy call.

    python snippets/sigma_notation.py

prints the weighted sum of the neuron example, one hidden unit's weighted input, and the
cost of the training set for the untrained network, each computed both ways.
"""

import numpy as np

import dataset
import parameters
import vector

# The example neuron of thinking/neuron.md: +2 for ink in the middle column, -1 at the sides.
w = [-1, 2, -1] * 4
ZERO = [1, 1, 1, 1, 0, 1, 1, 0, 1, 1, 1, 1]  # the full "0", training image 32
ONE = [1, 1, 1, 1, 1, 0, 0, 1, 0, 1, 1, 1]   # the full "1", training image 64


# --8<-- [start:weighted_sum]
def weighted_sum_expanded(w, x):
    """w1 x1 + w2 x2 + ... + w12 x12 = sum over i of w_i x_i: the index i runs over the pixels"""
    total = 0.0
    for i in range(12):  # Python's i = 0..11 is the book's i = 1..12
        total += w[i] * x[i]
    return total


def weighted_sum_vector(w, x):
    """w . x"""
    return np.dot(w, x)
# --8<-- [end:weighted_sum]


# --8<-- [start:hidden_unit]
def hidden_unit_expanded(W2, x, b2, j):
    """z2_j = w2_j1 x_1 + ... + w2_j12 x_12 + b2_j: j stays fixed, i runs"""
    z = b2[j]
    for i in range(12):
        z += W2[j][i] * x[i]
    return z


def hidden_unit_vector(W2, x, b2, j):
    """z2_j = w2_j . x + b2_j, with w2_j the twelve weights of unit j (row j of W2)"""
    w2_j = np.asarray(W2)[j]
    return np.dot(w2_j, x) + b2[j]
# --8<-- [end:hidden_unit]


# --8<-- [start:linearity]
def linearity_expanded(c, x, y):
    """(c x_1 + y_1) + (c x_2 + y_2) + ... + (c x_m + y_m), term by term"""
    total = 0.0
    for i in range(len(x)):
        total += c * x[i] + y[i]
    return total


def linearity_vector(c, x, y):
    """1 . (c x + y) = c (1 . x) + 1 . y, where 1 . x adds up the entries of x"""
    ones = np.ones(len(x))
    return c * np.dot(ones, x) + np.dot(ones, y)
# --8<-- [end:linearity]


# --8<-- [start:total_cost]
def total_cost_expanded(A3, T):
    """C_T = 1/2 (T_11 - A3_11)^2 + 1/2 (T_12 - A3_12)^2 + ...

    The images n in the outer loop, the outputs k in the inner one.
    """
    C_T = 0.0
    for n in range(len(T)):
        for k in range(2):
            C_T += 0.5 * (T[n][k] - A3[n][k]) ** 2
    return C_T


def total_cost_vector(A3, T):
    """C_T = 1/2 ||T - A3||^2, the squared length of the whole table of errors"""
    E = np.asarray(T, dtype=float) - np.asarray(A3, dtype=float)
    return 0.5 * np.linalg.norm(E) ** 2  # for a matrix, norm is the root of the sum of all squares
# --8<-- [end:total_cost]


def random_weights(rng):
    return {"w": rng.normal(size=12), "x": rng.integers(0, 2, size=12)}


def random_layer(rng):
    return {"W2": rng.normal(size=(3, 12)).tolist(), "x": rng.integers(0, 2, size=12).tolist(),
            "b2": rng.normal(size=3).tolist(), "j": int(rng.integers(0, 3))}


def random_terms(rng):
    m = int(rng.integers(1, 20))
    return {"c": rng.normal(), "x": rng.normal(size=m), "y": rng.normal(size=m)}


def random_outputs(rng):
    """Outputs A3 between 0 and 1 and targets T for 64 random labels."""
    labels = rng.integers(0, 2, size=64)
    return {"A3": rng.uniform(0, 1, size=(64, 2)).tolist(), "T": [dataset.target(l) for l in labels]}


CHECKS = {
    "weighted_sum": (weighted_sum_expanded, weighted_sum_vector, random_weights),
    "hidden_unit": (hidden_unit_expanded, hidden_unit_vector, random_layer),
    "linearity": (linearity_expanded, linearity_vector, random_terms),
    "total_cost": (total_cost_expanded, total_cost_vector, random_outputs),
}


def untrained_outputs():
    """A3 and T of the untrained network (the book's seed) on the 64 images."""
    X, T = dataset.to_arrays(dataset.load_dataset())
    return vector.forward(vector.init_parameters(parameters.SEED), X)[3], T


def numbers():
    """Values the section quotes."""
    A3, T = untrained_outputs()
    odd = [2 * i - 1 for i in range(1, 13)]  # exercise 2: 1 + 3 + ... + 23
    return {
        "sum_one": weighted_sum_expanded(w, ONE),
        "ink_one_middle": sum(ONE[i] for i in (1, 4, 7, 10)),
        "ink_one_sides": sum(ONE) - sum(ONE[i] for i in (1, 4, 7, 10)),
        "sum_zero": weighted_sum_expanded(w, ZERO),
        "cost": total_cost_vector(A3, T),
        "a3_11": A3[0, 0], "a3_12": A3[0, 1],
        "first_term": 0.5 * (T[0, 0] - A3[0, 0]) ** 2,
        "second_term": 0.5 * (T[0, 1] - A3[0, 1]) ** 2,
        "odd_last": odd[-1], "odd_sum": sum(odd),
        "constant_sum": sum(3 for i in range(12)),
        "sum_to_12": sum(range(1, 13)), "pairs_sum": 12 + 1,
    }


if __name__ == "__main__":
    print("sum of w_i x_i for the full 'one':", weighted_sum_expanded(w, ONE), weighted_sum_vector(w, ONE))
    params = vector.init_parameters(parameters.SEED)
    x = dataset.load_dataset()[0][0]
    print("z2_1 of image 1:", hidden_unit_expanded(params["W2"], x, params["b2"], 0),
          hidden_unit_vector(params["W2"], x, params["b2"], 0))
    A3, T = untrained_outputs()
    print("C_T of the untrained network:", total_cost_expanded(A3.tolist(), T.tolist()),
          total_cost_vector(A3, T))
