"""The backward recurrence: delta2 = (W3^T delta3) * sigma'(z2), the errors flowing back.

    python snippets/backward.py

prints the unit errors of image 1 with the book's starting parameters, layer by layer
from the output back, and counts the multiplications of a forward and a backward pass.
"""

import math

import numpy as np
from matplotlib.figure import Figure

import dataset
import expanded
import parameters
import vector


# --8<-- [start:recurrence]
def backward_step(W_next, delta_next, z):
    """delta^l = ((W^(l+1))^T delta^(l+1)) * sigma'(z^l), one layer back"""
    a = vector.sigma(z)
    return (W_next.T @ delta_next) * a * (1 - a)
# --8<-- [end:recurrence]


# --8<-- [start:backward_pass]
def backward_pass(params, x, t):
    """Forward to a3, then delta3 at the output, then one step back to delta2."""
    z2 = params["W2"] @ x + params["b2"]
    a2 = vector.sigma(z2)
    z3 = params["W3"] @ a2 + params["b3"]
    a3 = vector.sigma(z3)
    delta3 = (a3 - t) * a3 * (1 - a3)
    delta2 = backward_step(params["W3"], delta3, z2)
    return delta2, delta3
# --8<-- [end:backward_pass]


def backward_expanded(params, x, t):
    """delta2_j = (w3_1j delta3_1 + w3_2j delta3_2) sigma'(z2_j), by expanded.deltas"""
    p = vector.to_expanded(params)
    z2, a2, z3, a3 = expanded.forward(p, x)
    return expanded.deltas(p, a2, a3, t)[0]


def backward_vector(params, x, t):
    """delta2 = (W3^T delta3) * sigma'(z2)"""
    x, t = np.asarray(x, dtype=float), np.asarray(t, dtype=float)
    return backward_pass(params, x, t)[0]


def backward_general_expanded(W_next, delta_next, z):
    """delta^l_j = (w^(l+1)_1j delta^(l+1)_1 + ... + w^(l+1)_nj delta^(l+1)_n) sigma'(z^l_j),
    n the number of units of layer l + 1"""
    m, n = len(W_next), len(z)
    delta = []
    for j in range(n):
        back = 0.0
        for k in range(m):
            back += W_next[k][j] * delta_next[k]
        delta.append(back * expanded.sigma_prime(z[j]))
    return delta


def backward_general_vector(W_next, delta_next, z):
    """delta^l = ((W^(l+1))^T delta^(l+1)) * sigma'(z^l)"""
    return backward_step(np.array(W_next), np.array(delta_next), np.array(z))


def batch_expanded(params, images):
    """Delta2_nj = (Delta3_n1 w3_1j + Delta3_n2 w3_2j) A2_nj (1 - A2_nj), image by image"""
    p = vector.to_expanded(params)
    w3 = p[2]
    Delta2 = []
    for x, label in images:
        z2, a2, z3, a3 = expanded.forward(p, x)
        t = dataset.target(label)
        delta3 = [(a3[k] - t[k]) * a3[k] * (1 - a3[k]) for k in range(2)]
        Delta2.append([(delta3[0] * w3[0][j] + delta3[1] * w3[1][j]) * a2[j] * (1 - a2[j])
                       for j in range(3)])
    return Delta2


def batch_vector(params, images):
    """Delta2 = (Delta3 W3) * A2 * (1 - A2), the second line of vector.deltas"""
    X, T = dataset.to_arrays(images)
    Z2, A2, Z3, A3 = vector.forward(params, X)
    return vector.deltas(params, A2, A3, T)[0]


def random_layers(rng):
    """Two layers of random sizes: n units in layer l, m in layer l + 1."""
    n, m = (int(s) for s in rng.integers(1, 8, size=2))
    return {"W_next": rng.standard_normal((m, n)).tolist(),
            "delta_next": (0.1 * rng.standard_normal(m)).tolist(),
            "z": rng.uniform(-4, 4, size=n).tolist()}


CHECKS = {
    "backward": (backward_expanded, backward_vector, parameters.random_image),
    "backward_general": (backward_general_expanded, backward_general_vector, random_layers),
    "batch": (batch_expanded, batch_vector, lambda rng: {
        key: value for key, value in parameters.random_network(rng).items() if key != "eta"}),
}


def operation_counts():
    """Multiplications of one image's passes, counted from the layer sizes.

    Forward: one per weight (z = W a + b). Backward: delta3 needs (a3 - t) a3 (1 - a3),
    two per output; delta2 one per weight of W3 and two per hidden unit; the gradients
    of the next section one per weight. The numerical gradient needs two forward passes
    per parameter.
    """
    n2, n3 = vector.SHAPES["b2"][0], vector.SHAPES["b3"][0]
    weights = vector.SHAPES["W2"][0] * vector.SHAPES["W2"][1] + n3 * n2
    forward = weights
    deltas = 2 * n3 + n3 * n2 + 2 * n2
    backward = deltas + weights
    parameters = weights + n2 + n3
    numerical = 2 * parameters * forward
    return {"forward_mults": forward, "forward_exps": n2 + n3, "delta_mults": deltas,
            "gradient_mults": weights, "backward_mults": backward,
            "numerical_passes": 2 * parameters, "numerical_mults": numerical,
            "numerical_exps": 2 * parameters * (n2 + n3),
            "speedup": numerical / (forward + backward)}


def figure_flow():
    """The 12-3-2 network with the errors of image 1 flowing back from the outputs."""
    params = vector.init_parameters(parameters.SEED)
    x, t, label = dataset.example()
    delta2, delta3 = backward_pass(params, np.array(x), np.array(t))
    W3 = params["W3"]
    fig = Figure(figsize=(7.0, 4.2), layout="constrained")
    ax = fig.subplots()
    pixel_y = np.linspace(1, -1, 12)
    hidden_y = np.array([0.6, 0.0, -0.6])
    output_y = np.array([0.35, -0.35])
    xs = (0.0, 1.5, 3.0)
    for i in range(12):
        for j in range(3):
            ax.plot([xs[0], xs[1] - 0.08], [pixel_y[i], hidden_y[j]], color="#8a8f98",
                    linewidth=0.4, alpha=0.35)
    flows = W3 * delta3[:, None]  # flows[k, j] = w3_kj delta3_k, what output k sends to unit j
    largest = np.max(np.abs(flows))
    for k in range(2):
        for j in range(3):
            colour = "#e8743b" if flows[k, j] > 0 else "#4a7fd6"
            ax.annotate("", xy=(xs[1] + 0.09, hidden_y[j]), xytext=(xs[2] - 0.09, output_y[k]),
                        arrowprops={"arrowstyle": "-|>", "color": colour,
                                    "linewidth": 0.6 + 3.4 * abs(flows[k, j]) / largest,
                                    "mutation_scale": 12})
    for i in range(12):
        ax.plot(xs[0], pixel_y[i], "o", markersize=6, markerfacecolor=str(x[i] and "#8a8f98" or "none"),
                markeredgecolor="#8a8f98")
    for y, d, name in zip(hidden_y, delta2, ("$\\delta^2_1$", "$\\delta^2_2$", "$\\delta^2_3$")):
        ax.plot(xs[1], y, "o", markersize=16, markerfacecolor="none", markeredgecolor="#8a8f98")
        ax.text(xs[1], y + 0.17, f"{name} = {d:+.4f}".replace("-", "\u2212"), ha="center", fontsize=10)
    for y, d, name in zip(output_y, delta3, ("$\\delta^3_1$", "$\\delta^3_2$")):
        ax.plot(xs[2], y, "o", markersize=16, markerfacecolor="none", markeredgecolor="#8a8f98")
        ax.text(xs[2] + 0.15, y, f"{name} = {d:+.4f}".replace("-", "\u2212"), ha="left", va="center", fontsize=10)
    ax.text(xs[0], 1.2, "pixels $x_i$", ha="center", fontsize=10)
    ax.text(xs[1], 1.2, "hidden", ha="center", fontsize=10)
    ax.text(xs[2], 1.2, "outputs", ha="center", fontsize=10)
    ax.set_xlim(-0.3, 4.3)
    ax.set_ylim(-1.15, 1.35)
    ax.set_axis_off()
    return fig


def numbers():
    """Image 1 with the starting parameters, and the operation counts."""
    params = vector.init_parameters(parameters.SEED)
    x, t, label = dataset.example()
    z2 = expanded.forward(vector.to_expanded(params), x)[0]
    delta2, delta3 = backward_pass(params, np.array(x), np.array(t))
    out = {"image": dataset.EXAMPLE + 1, "label": label, **operation_counts()}
    for k in range(2):
        out[f"delta3_{k + 1}"] = float(delta3[k])
        for j in range(3):
            out[f"w3_{k + 1}{j + 1}"] = float(params["W3"][k, j])
            out[f"flow_{k + 1}{j + 1}"] = float(params["W3"][k, j] * delta3[k])
    for j in range(3):
        out[f"delta2_{j + 1}"] = float(delta2[j])
        out[f"back_{j + 1}"] = float(params["W3"][:, j] @ delta3)
        out[f"sigma_prime_{j + 1}"] = expanded.sigma_prime(z2[j])
    numerical2 = vector.numerical_deltas(params, x, t)[0]
    out["largest_gap"] = float(np.max(np.abs(numerical2 - delta2)))
    out["gap_exponent"] = math.ceil(math.log10(out["largest_gap"]))
    # Exercise: a 12-3-3-2 network, a second hidden layer of 3 units.
    out["extra_layer_delta_mults"] = 3 * 3 + 2 * 3
    return out


if __name__ == "__main__":
    params = vector.init_parameters(parameters.SEED)
    x, t, label = dataset.example()
    delta2, delta3 = backward_pass(params, np.array(x), np.array(t))
    print(f'image {dataset.EXAMPLE + 1}, a "{label}", t = {t}')
    print("delta3 =", np.round(delta3, 6), "  (output layer, first)")
    print("delta2 =", np.round(delta2, 6), "  (hidden layer, one step back)")
    counts = operation_counts()
    print(f"multiplications: forward {counts['forward_mults']}, backward {counts['backward_mults']}, "
          f"numerical gradient {counts['numerical_mults']}")
