"""The chain rule: derivatives multiply along a path and add over the paths.

    python snippets/chain_rule.py

prints the slope of a sigmoid of a weighted input, and how the cost of the first
training image changes with each hidden activation of the untrained network: by the
sum over paths, by the Jacobian product, and by central differences.
"""

import numpy as np
from matplotlib.figure import Figure

import dataset
import expanded
import parameters
import vector

# a = sigma(z) with z = w x + b: a neuron with one input, and a target for its output
NEURON = {"w": 2.0, "b": -1.0, "x": 1.0}
TARGET = 1.0
IMAGE = 0      # image 1 of the training set, a "0"
H = 1e-6       # step of the central differences


def sigma(z):
    """sigma(z) = 1 / (1 + e^-z)"""
    return expanded.sigma(z)


def sigma_prime(z):
    """sigma'(z) = sigma(z) (1 - sigma(z))"""
    return sigma(z) * (1 - sigma(z))


# --8<-- [start:one_variable]
def da_dx(w, b, x):
    """a = sigma(z), z = w x + b:  da/dx = da/dz * dz/dx = sigma'(z) * w"""
    z = w * x + b
    da_dz = sigma_prime(z)
    dz_dx = w
    return da_dz * dz_dx
# --8<-- [end:one_variable]


# --8<-- [start:three_links]
def dC_dw(w, b, x, t):
    """C = 1/2 (t - a)^2, a = sigma(z), z = w x + b:  dC/dw = (a - t) sigma'(z) x"""
    z = w * x + b
    a = sigma(z)
    return (a - t) * sigma_prime(z) * x
# --8<-- [end:three_links]


# --8<-- [start:paths]
def through_outputs_expanded(w3, b3, a2, t):
    """dC/da2_j = dC/da3_1 da3_1/da2_j + dC/da3_2 da3_2/da2_j, for j = 1, 2, 3:
    one term per path from a2_j to C, each the product of the derivatives along it."""
    a3 = []
    for k in range(2):
        z = b3[k]
        for j in range(3):
            z += w3[k][j] * a2[j]
        a3.append(sigma(z))
    dC_da2 = []
    for j in range(3):
        total = 0.0
        for k in range(2):                               # the path a2_j -> a3_k -> C
            da3_da2 = a3[k] * (1 - a3[k]) * w3[k][j]     # sigma'(z3_k) w3_kj
            dC_da3 = a3[k] - t[k]
            total += dC_da3 * da3_da2
        dC_da2.append(total)
    return dC_da2


def through_outputs_vector(w3, b3, a2, t):
    """grad_a2 C = J^T grad_a3 C, with the Jacobian J = da3/da2 = diag(sigma'(z3)) W3"""
    W3, a2, t = np.asarray(w3), np.asarray(a2), np.asarray(t)
    a3 = vector.sigma(W3 @ a2 + np.asarray(b3))
    J = np.diag(a3 * (1 - a3)) @ W3           # 2 x 3: row k is sigma'(z3_k) times row k of W3
    grad_a3 = a3 - t                          # grad_a3 C
    return J.T @ grad_a3
# --8<-- [end:paths]


def random_layer3(rng):
    """Random weights and biases of layer 3, hidden activations and a target."""
    return {"w3": rng.normal(size=(2, 3)), "b3": rng.normal(size=2),
            "a2": rng.uniform(0, 1, size=3), "t": dataset.target(int(rng.integers(0, 2)))}


CHECKS = {
    "through_outputs": (through_outputs_expanded, through_outputs_vector, random_layer3),
}


def cost_from_hidden(w3, b3, a2, t):
    """C of one image as a function of the hidden activations a2 alone."""
    a3 = [sigma(sum(w3[k][j] * a2[j] for j in range(3)) + b3[k]) for k in range(2)]
    return expanded.cost(a3, t)


def first_image():
    """Layer 3's parameters, image IMAGE's hidden activations a2, outputs a3 and target t."""
    w2, b2, w3, b3 = vector.to_expanded(vector.init_parameters(parameters.SEED))
    x, label = dataset.load_dataset()[IMAGE]
    z2, a2, z3, a3 = expanded.forward((w2, b2, w3, b3), x)
    return w3, b3, a2, a3, dataset.target(label)


def local_derivatives(w3, a3, t):
    """da3_k/da2_j = sigma'(z3_k) w3_kj (2 x 3) and dC/da3_k = a3_k - t_k"""
    J = [[a3[k] * (1 - a3[k]) * w3[k][j] for j in range(3)] for k in range(2)]
    return J, [a3[k] - t[k] for k in range(2)]


def paths_from_pixel():
    """Every path x_i -> z2_j -> a2_j -> a3_k -> C in the 12-3-2 network, as (j, k)."""
    return [(j, k) for j in range(3) for k in range(2)]


def figure_paths():
    """The two paths from the hidden activation a2_1 through the outputs to C, each edge
    labelled with its local derivative for image 1, and the sum of the paths' products."""
    w3, b3, a2, a3, t = first_image()
    J, dC_da3 = local_derivatives(w3, a3, t)
    fig = Figure(figsize=(6.4, 3.4), layout="constrained")
    ax = fig.subplots()
    start, cost = (0.0, 0.0), (6.0, 0.0)
    outputs = [(3.0, 1.3), (3.0, -1.3)]
    for k, (xk, yk) in enumerate(outputs):
        ax.plot([start[0], xk, cost[0]], [start[1], yk, cost[1]], color="#e8743b",
                linewidth=2.2, zorder=1)
        side = 1 if k == 0 else -1  # labels outside the diamond
        ax.text(1.5, side * 0.65 + side * 0.45, f"$\\partial a^3_{k + 1} / \\partial a^2_1 = {J[k][0]:.3f}$",
                ha="center", va="center", fontsize=10)
        ax.text(4.5, side * 0.65 + side * 0.45, f"$\\partial C / \\partial a^3_{k + 1} = {dC_da3[k]:.3f}$",
                ha="center", va="center", fontsize=10)
    nodes = [("$a^2_1$", start), ("$a^3_1$", outputs[0]), ("$a^3_2$", outputs[1]), ("$C$", cost)]
    for label, (x, y) in nodes:
        ax.scatter([x], [y], s=900, color="#4a7fd6", zorder=2)
        ax.text(x, y, label, ha="center", va="center", fontsize=12, color="white", zorder=3)
    n = numbers()
    ax.text(3.0, -2.45, f"$\\partial C / \\partial a^2_1 = ({dC_da3[0]:.3f})({J[0][0]:.3f})"
            f" + ({dC_da3[1]:.3f})({J[1][0]:.3f}) \\approx {n['paths_sum']:.3f}$", ha="center",
            va="center", fontsize=10)
    ax.set_xlim(-0.6, 6.6)
    ax.set_ylim(-2.8, 2.2)
    ax.set_axis_off()
    return fig


def tanh(z):
    """tanh(z) = 2 sigma(2z) - 1, a sigmoid stretched to run from -1 to 1"""
    return 2 * sigma(2 * z) - 1


def tanh_prime(z):
    """d tanh / dz = 2 sigma'(2z) * 2, by the chain rule with the inner slope 2"""
    return 2 * sigma_prime(2 * z) * 2


def shown(value, digits):
    """A value as the page shows it, rounded, so that arithmetic on the page adds up."""
    return round(value, digits)


def numbers():
    """The one-variable example, the three links, the network's paths and the exercises."""
    w, b, x = NEURON["w"], NEURON["b"], NEURON["x"]
    z = w * x + b
    w3, b3, a2, a3, t = first_image()
    J, dC_da3 = local_derivatives(w3, a3, t)
    grad = through_outputs_vector(w3, b3, a2, t)
    path1 = shown(shown(dC_da3[0], 3) * shown(J[0][0], 3), 3)  # the products of the digits shown
    path2 = shown(shown(dC_da3[1], 3) * shown(J[1][0], 3), 3)
    x1, x2 = 1.0, 2.0   # exercise 2
    u1, u2 = x1 + x2, x1 * x2
    return {
        "w": w, "b": b, "x": x, "z": z, "a": sigma(z), "da_dz": sigma_prime(z), "dz_dx": w,
        "da_dx": shown(shown(sigma_prime(z), 4) * w, 4), "da_dw": sigma_prime(z) * x,
        "t": TARGET, "dC_da": sigma(z) - TARGET, "dC_dw": dC_dw(w, b, x, TARGET),
        "a2_1": a2[0], "a3_1": a3[0], "a3_2": a3[1], "t_1": t[0], "t_2": t[1],
        "J11": J[0][0], "J21": J[1][0], "dC_da3_1": dC_da3[0], "dC_da3_2": dC_da3[1],
        "path1": path1, "path2": path2, "paths_sum": shown(path1 + path2, 3),
        "dC_da2_1": grad[0], "dC_da2_2": grad[1], "dC_da2_3": grad[2],
        "ex1_slope_0": tanh_prime(0.0), "ex1_slope_1": tanh_prime(1.0),
        "ex2_u1": u1, "ex2_u2": u2,
        "ex2_dg_dx1": 2 * u1 * 1 + 1 * x2, "ex2_dg_dx2": 2 * u1 * 1 + 1 * x1,
        "ex3_paths": len(paths_from_pixel()),
    }


if __name__ == "__main__":
    w, b, x = NEURON["w"], NEURON["b"], NEURON["x"]
    print(f"a = sigma({w:g} x + ({b:g})) at x = {x:g}: da/dx = {da_dx(w, b, x):.6f}")
    w3, b3, a2, a3, t = first_image()
    paths = through_outputs_expanded(w3, b3, a2, t)
    jacobian = through_outputs_vector(w3, b3, a2, t)
    print(f"image {IMAGE + 1}, untrained network: dC/da2_j for j = 1, 2, 3")
    for j in range(3):
        up, down = list(a2), list(a2)
        up[j] += H
        down[j] -= H
        numeric = (cost_from_hidden(w3, b3, up, t) - cost_from_hidden(w3, b3, down, t)) / (2 * H)
        print(f"  j = {j + 1}: sum over paths {paths[j]:+.6f}   J^T grad {jacobian[j]:+.6f}"
              f"   central difference {numeric:+.6f}")
