"""The output layer's error: delta3_k = (a3_k - t_k) sigma'(z3_k).

    python snippets/output_delta.py

prints the output errors of image 1 with the book's starting parameters, factor by
factor, and the same errors measured by nudging z3 (finite differences).
"""

import math

import numpy as np
from matplotlib.figure import Figure

import dataset
import expanded
import parameters
import vector
from expanded import sigma_prime  # sigma'(z) = sigma(z) (1 - sigma(z)), shown on the page


# --8<-- [start:output_delta]
def output_delta(z3, a3, t):
    """delta3_k = (a3_k - t_k) sigma'(z3_k), for k = 1, 2"""
    return [(a3[k] - t[k]) * sigma_prime(z3[k]) for k in range(2)]
# --8<-- [end:output_delta]


def output_delta_expanded(params, x, t):
    """delta3_k from z3 and a3 of expanded.forward, one output at a time"""
    z2, a2, z3, a3 = expanded.forward(vector.to_expanded(params), x)
    return output_delta(z3, a3, t)


def output_delta_vector(params, x, t):
    """delta3 = (a3 - t) * sigma'(z3), the first line of vector.deltas"""
    return vector.formula_deltas(params, x, t)[1]


def batch_expanded(params, images):
    """Delta3_nk = (A3_nk - T_nk) A3_nk (1 - A3_nk): image n by expanded.forward, output k"""
    p = vector.to_expanded(params)
    Delta3 = []
    for x, label in images:
        a3, t = expanded.forward(p, x)[3], dataset.target(label)
        Delta3.append([(a3[k] - t[k]) * a3[k] * (1 - a3[k]) for k in range(2)])
    return Delta3


def batch_vector(params, images):
    """Delta3 = (A3 - T) * A3 * (1 - A3), the first line of vector.deltas"""
    X, T = dataset.to_arrays(images)
    Z2, A2, Z3, A3 = vector.forward(params, X)
    return vector.deltas(params, A2, A3, T)[1]


CHECKS = {
    "output_delta": (output_delta_expanded, output_delta_vector, parameters.random_image),
    "batch": (batch_expanded, batch_vector, lambda rng: {
        key: value for key, value in parameters.random_network(rng).items() if key != "eta"}),
}


def figure_delta_against_a():
    """delta3 as a function of the output a3, for the targets t = 1 and t = 0."""
    a = np.linspace(0, 1, 401)
    fig = Figure(figsize=(6.4, 3.2), layout="constrained")
    ax = fig.subplots()
    ax.axhline(0, color="#8a8f98", linewidth=0.8)
    ax.plot(a, (a - 1) * a * (1 - a), color="#4a7fd6", label="$t = 1$")
    ax.plot(a, a * a * (1 - a), color="#e8743b", label="$t = 0$")
    numbers = example()
    ax.plot([numbers["a3_1"]], [numbers["delta3_1"]], "o", color="#4a7fd6")
    ax.plot([numbers["a3_2"]], [numbers["delta3_2"]], "o", color="#e8743b")
    ax.set_xlabel("$a^3_k$")
    ax.set_ylabel("$\\delta^3_k$")
    ax.set_xlim(0, 1)
    ax.legend(loc="upper left")
    return fig


def example():
    """Image 1 with the starting parameters, factor by factor."""
    params = vector.init_parameters(parameters.SEED)
    x, t, label = dataset.example()
    z2, a2, z3, a3 = expanded.forward(vector.to_expanded(params), x)
    out = {"image": dataset.EXAMPLE + 1, "label": label}
    for k in range(2):
        out[f"t{k + 1}"] = t[k]
        out[f"z3_{k + 1}"] = z3[k]
        out[f"a3_{k + 1}"] = a3[k]
        out[f"gap_{k + 1}"] = a3[k] - t[k]
        out[f"sigma_prime_{k + 1}"] = sigma_prime(z3[k])
        out[f"delta3_{k + 1}"] = output_delta(z3, a3, t)[k]
    numerical = vector.numerical_deltas(params, x, t)[1]
    out["largest_gap"] = float(max(abs(numerical[k] - out[f"delta3_{k + 1}"]) for k in range(2)))
    out["gap_exponent"] = math.ceil(math.log10(out["largest_gap"]))
    return out


def numbers():
    """The worked example, and the answers of the exercises."""
    out = example()
    out["sigma_prime_max"] = sigma_prime(0.0)
    # Exercise: the largest |delta3| for t = 0 is at a = 2/3 (the peak of a^2 (1 - a)).
    out["peak_a"] = 2 / 3
    out["peak_delta"] = out["peak_a"] ** 2 * (1 - out["peak_a"])
    # Exercise: a saturated wrong output, z3 = -6 when t = 1.
    out["saturated_z"] = -6.0
    a = expanded.sigma(out["saturated_z"])
    out["saturated_a"] = a
    out["saturated_delta"] = (a - 1) * sigma_prime(out["saturated_z"])
    out["saturated_ratio"] = out["peak_delta"] / abs(out["saturated_delta"])
    # Exercise: with the cross-entropy cost the sigma' cancels: delta3 = a3 - t.
    out["cross_entropy_delta3_1"] = out["gap_1"]
    out["cross_entropy_delta3_2"] = out["gap_2"]
    return out


if __name__ == "__main__":
    n = example()
    print(f'image {n["image"]}, a "{n["label"]}"')
    for k in (1, 2):
        print(f"output {k}: a3 - t = {n[f'gap_{k}']:+.4f}, sigma'(z3) = {n[f'sigma_prime_{k}']:.4f}, "
              f"delta3 = {n[f'delta3_{k}']:+.6f}")
    print(f"largest difference from finite differences: {n['largest_gap']:.1e}")
