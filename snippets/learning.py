"""Learning is choosing 47 numbers: the parameters as one vector theta, and C_T as a function of it.

    python snippets/learning.py

prints the 47 parameters of the book's network before and after training, as one
vector, with the cost C_T of the training set for each.
"""

import math

import numpy as np
from matplotlib.figure import Figure

import parameters
import vector

START_COLOR, TRAINED_COLOR, MARK_COLOR = "#8a8f98", "#4a7fd6", "#e8743b"


# --8<-- [start:theta]
def theta_expanded(W2, b2, W3, b3):
    """theta = (w2_11, ..., w2_3,12, b2_1, b2_2, b2_3, w3_11, ..., w3_23, b3_1, b3_2)"""
    theta = []
    for j in range(3):
        for i in range(12):
            theta.append(W2[j][i])
    for j in range(3):
        theta.append(b2[j])
    for k in range(2):
        for j in range(3):
            theta.append(W3[k][j])
    for k in range(2):
        theta.append(b3[k])
    return theta


def theta_vector(W2, b2, W3, b3):
    """theta = (w2_1, w2_2, w2_3, b2, w3_1, w3_2, b3) stacked: the rows of W2 and W3 as columns"""
    W2, W3 = np.asarray(W2), np.asarray(W3)
    return np.concatenate([W2[0], W2[1], W2[2], b2, W3[0], W3[1], b3])
# --8<-- [end:theta]


# --8<-- [start:count]
def count_expanded(n1, n2, n3):
    """N = n1 n2 + n2 + n2 n3 + n3: into layer 2, then into layer 3"""
    return n1 * n2 + n2 + n2 * n3 + n3


def count_vector(n1, n2, n3):
    """N = (n1 + 1, n2 + 1) . (n2, n3)"""
    return int(np.dot([n1 + 1, n2 + 1], [n2, n3]))
# --8<-- [end:count]


def random_parameters(rng):
    """47 random parameters, as plain lists."""
    return {name: rng.standard_normal(shape).tolist() for name, shape in vector.SHAPES.items()}


def random_sizes(rng):
    """The layer sizes of a random three-layer network."""
    n1, n2, n3 = (int(n) for n in rng.integers(1, 1000, size=3))
    return {"n1": n1, "n2": n2, "n3": n3}


CHECKS = {
    "theta": (theta_expanded, theta_vector, random_parameters),
    "count": (count_expanded, count_vector, random_sizes),
}


def position(name, *index):
    """Where a parameter sits in theta, counting from 1: position("W2", 2, 5) is w2_25's."""
    params = {key: np.zeros(shape) for key, shape in vector.SHAPES.items()}
    params[name][tuple(i - 1 for i in index)] = 1
    return int(np.argmax(theta_vector(*(params[key] for key in vector.SHAPES)))) + 1


def cost_along(params, X, T, name, index, values):
    """C_T as the one parameter params[name][index] takes each of `values`; the other 46 stay."""
    costs = []
    for value in values:
        moved = {key: p.copy() for key, p in params.items()}
        moved[name][index] = value
        costs.append(vector.total_cost(moved, X, T))
    return np.array(costs)


# The two parameters the figure moves: output "1"'s bias, and unit 2's weight on pixel 8.
MOVED = [("b3", (1,), "$b^3_2$"), ("W2", (1, 7), "$w^2_{28}$")]


def figure_valleys():
    """C_T of the training set as one trained parameter moves and the other 46 stay put."""
    params, history, X, T = parameters.run()
    fig = Figure(figsize=(7.2, 3.0), layout="constrained")
    axes = fig.subplots(1, 2, sharey=True)
    for ax, (name, index, label) in zip(axes, MOVED):
        trained = params[name][index]
        values = np.linspace(trained - 4, trained + 4, 161)
        ax.semilogy(values, cost_along(params, X, T, name, index, values), color=TRAINED_COLOR,
                    linewidth=2)
        ax.plot([trained], [history[-1]], marker="o", markersize=7, color=MARK_COLOR)
        ax.set_xlabel(label)
        ax.grid(True)
    axes[0].set_ylabel("$C_T$")
    return fig


def figure_theta():
    """The 47 entries of theta at the random start and after training, group by group."""
    params, history, X, T = parameters.run()
    start = vector.init_parameters(parameters.SEED)
    before = theta_vector(*(start[key] for key in vector.SHAPES))
    after = theta_vector(*(params[key] for key in vector.SHAPES))
    m = np.arange(1, 48)
    fig = Figure(figsize=(7.2, 3.0), layout="constrained")
    ax = fig.subplots()
    ax.bar(m - 0.2, before, width=0.4, color=START_COLOR, label="random start")
    ax.bar(m + 0.2, after, width=0.4, color=TRAINED_COLOR, label="after training")
    ax.axhline(0, color=START_COLOR, linewidth=0.8)
    top = float(np.abs(np.concatenate([before, after])).max()) + 0.8
    edges = [0.5, 36.5, 39.5, 45.5, 47.5]
    for left, right, label in zip(edges, edges[1:], ["$W^2$", "$\\mathbf{b}^2$", "$W^3$", "$\\mathbf{b}^3$"]):
        ax.axvline(right, color=START_COLOR, linewidth=0.8, linestyle=":")
        ax.text((left + right) / 2, top - 0.3, label, ha="center", va="top", fontsize=10)
    ax.set_xlim(0.5, 47.5)
    ax.set_ylim(-top, top)
    ax.set_xticks([1, 10, 20, 30, 40, 47])
    ax.set_xlabel(r"entry $m$ of $\boldsymbol{\theta}$")
    ax.legend(loc="lower left", fontsize=9)
    return fig


def numbers():
    """Positions in theta, costs along the two moved parameters, and the exercises' values."""
    params, history, X, T = parameters.run()
    result = {
        "pos_w2_25": position("W2", 2, 5), "pos_b2_1": position("b2", 1),
        "pos_w3_11": position("W3", 1, 1), "pos_b3_2": position("b3", 2),
        "pos_w2_3_12": position("W2", 3, 12),
        "p_12_3_3_2": parameters.count_layers([12, 3, 3, 2]),
        "initial_cost": history[0], "final_cost": history[-1],
        "largest_w3": float(params["W3"].flat[np.argmax(np.abs(params["W3"]))]),
        "theta_length_start": float(np.linalg.norm(parameters.theta_vector(
            vector.init_parameters(parameters.SEED)))),
        "theta_length_end": float(np.linalg.norm(parameters.theta_vector(params))),
        "years_exponent": math.floor(math.log10(10 ** 47 / 1e9 / (365.25 * 24 * 3600))),
    }
    for name, index, label in MOVED:
        key = f"{name}_{'_'.join(str(i + 1) for i in index)}"
        trained = params[name][index]
        result[f"{key}_value"] = trained
        minus, plus = cost_along(params, X, T, name, index, [trained - 1, trained + 1])
        result[f"{key}_minus_1"], result[f"{key}_plus_1"] = minus, plus
    return result


if __name__ == "__main__":
    params, history, X, T = parameters.run()
    start = vector.init_parameters(parameters.SEED)
    np.set_printoptions(precision=2, suppress=True, linewidth=100)
    print("theta at the random start, C_T =", round(history[0], 4))
    print(theta_vector(*(start[key] for key in vector.SHAPES)))
    print("theta after training,      C_T =", round(history[-1], 4))
    print(theta_vector(*(params[key] for key in vector.SHAPES)))
