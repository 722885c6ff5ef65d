"""Derivatives of one variable: the difference quotient, the sigmoid's slope for one unit
and for a layer, and how accurately a computer can estimate a slope from two values.

    python snippets/derivatives.py

prints the difference quotients of the sigmoid at z = 1 closing in on its slope there,
the slopes of the hidden layer for image 1, and the best step h for the forward and the
central difference.
"""

import math

import numpy as np
from matplotlib.figure import Figure

import dataset
import expanded
import parameters
import vector

Z0 = 1.0                  # where we measure the sigmoid's slope
HS = [0.1, 0.01, 0.001]   # steps of the table of difference quotients
# Steps for the error plot: h = 10^(-k/4) from 10^-1 down to 10^-15.
H_GRID = [10 ** (-k / 4) for k in range(4, 61)]
IMAGE = 0                 # image 1 of the training set, a "0"


def sigma(z):
    """sigma(z) = 1 / (1 + e^-z)"""
    return expanded.sigma(z)


# --8<-- [start:quotients]
def forward_difference(f, x, h):
    """(f(x + h) - f(x)) / h: the slope of the chord from x to x + h"""
    return (f(x + h) - f(x)) / h


def central_difference(f, x, h):
    """(f(x + h) - f(x - h)) / 2h: the slope of the chord from x - h to x + h"""
    return (f(x + h) - f(x - h)) / (2 * h)
# --8<-- [end:quotients]


# --8<-- [start:sigma_prime]
def sigma_prime(z):
    """sigma'(z) = sigma(z) (1 - sigma(z))"""
    a = sigma(z)
    return a * (1 - a)
# --8<-- [end:sigma_prime]


def sigma_prime_quotient_rule(z):
    """sigma'(z) = e^-z / (1 + e^-z)^2, the form the rules give before simplifying"""
    return math.exp(-z) / (1 + math.exp(-z)) ** 2


# --8<-- [start:layer]
def layer_slopes_expanded(z2):
    """sigma'(z2_1) = a2_1 (1 - a2_1), sigma'(z2_2) = ..., one unit at a time"""
    slopes = []
    for j in range(len(z2)):
        a = sigma(z2[j])          # a2_j = sigma(z2_j)
        slopes.append(a * (1 - a))
    return slopes


def layer_slopes_vector(z2):
    """sigma'(z2) = a2 * (1 - a2), entry by entry, with a2 = sigma(z2)"""
    a2 = vector.sigma(np.asarray(z2, dtype=float))
    ones = np.ones(len(a2))
    return a2 * (ones - a2)       # numpy's * is the entry-by-entry product
# --8<-- [end:layer]


def random_layer(rng):
    """Weighted inputs of a layer of 3 units, some far out where the sigmoid is flat."""
    return {"z2": list(rng.normal(scale=3.0, size=3))}


CHECKS = {
    "layer_slopes": (layer_slopes_expanded, layer_slopes_vector, random_layer),
}


def errors(difference, f, f_prime, x, hs):
    """|difference(f, x, h) - f'(x)| for each step h"""
    return [abs(difference(f, x, h) - f_prime(x)) for h in hs]


def best_step(difference, f, f_prime, x, hs):
    """The step h of `hs` with the smallest error, and that error."""
    errs = errors(difference, f, f_prime, x, hs)
    n = min(range(len(hs)), key=errs.__getitem__)
    return hs[n], errs[n]


def quotient_table():
    """The forward and central quotients of sigma at Z0 for the steps HS, as Markdown."""
    rows = ["| $h$ | forward difference | central difference |", "|---:|---:|---:|"]
    for h in HS:
        rows.append(f"| {h:g} | {forward_difference(sigma, Z0, h):.8f} "
                    f"| {central_difference(sigma, Z0, h):.8f} |")
    return "\n".join(rows)


def hidden_layer():
    """z^2 and a^2 of image IMAGE under the book's starting parameters."""
    params = vector.init_parameters(parameters.SEED)
    x, label = dataset.load_dataset()[IMAGE]
    Z2, A2, Z3, A3 = vector.forward(params, np.array([x], dtype=float))
    return Z2[0], A2[0]


def column(values, spec):
    """A vector of numbers as a TeX column."""
    return "\\begin{pmatrix} " + " \\\\ ".join(format(v, spec) for v in values) + " \\end{pmatrix}"


def sigma_second(z):
    """sigma''(z) = sigma'(z) (1 - 2 sigma(z)), by the product rule on sigma (1 - sigma)"""
    return sigma_prime(z) * (1 - 2 * sigma(z))


def figure_sigma_prime():
    """sigma and sigma' on one axis; sigma' peaks at 1/4 where sigma crosses 1/2."""
    z = np.linspace(-7, 7, 401)
    s = vector.sigma(z)
    fig = Figure(figsize=(6.4, 3.2), layout="constrained")
    ax = fig.subplots()
    ax.plot(z, s, color="#4a7fd6", linewidth=2, label=r"$\sigma(z)$")
    ax.plot(z, s * (1 - s), color="#e8743b", linewidth=2, label=r"$\sigma'(z) = \sigma(z)(1 - \sigma(z))$")
    ax.plot([0], [0.25], marker="o", color="#e8743b")
    ax.annotate("maximum 1/4 at z = 0", (0, 0.25), xytext=(1.2, 0.33))
    ax.set_xlabel("$z$")
    ax.set_yticks([0, 0.25, 0.5, 1])
    ax.grid(True)
    ax.legend(loc="upper left")
    return fig


def figure_step_error():
    """Error of the forward and central difference against h, on log-log axes."""
    fig = Figure(figsize=(6.4, 3.6), layout="constrained")
    ax = fig.subplots()
    for difference, colour, label in ((forward_difference, "#4a7fd6", "forward difference"),
                                      (central_difference, "#e8743b", "central difference")):
        errs = errors(difference, sigma, sigma_prime, Z0, H_GRID)
        shown = [max(e, 1e-17) for e in errs]  # an error of exactly 0 has no logarithm
        ax.loglog(H_GRID, shown, marker="o", markersize=3, linewidth=1.4, color=colour, label=label)
        h, e = best_step(difference, sigma, sigma_prime, Z0, H_GRID)
        ax.plot(h, e, marker="o", markersize=9, fillstyle="none", color=colour)
    ax.set_xlabel("step $h$")
    ax.set_ylabel("error of the estimate")
    ax.grid(True, which="major")
    ax.legend(loc="upper center")
    return fig


def numbers():
    """The section's numbers: the sigmoid at Z0, the quotients, the best steps, a layer."""
    h_f, e_f = best_step(forward_difference, sigma, sigma_prime, Z0, H_GRID)
    h_c, e_c = best_step(central_difference, sigma, sigma_prime, Z0, H_GRID)
    z2, a2 = hidden_layer()
    cubic = lambda x: x**3 - 2 * x   # exercise 1: f(x) = x^3 - 2x at x = 2
    return {
        "z0": Z0, "a0": sigma(Z0), "slope0": sigma_prime(Z0),
        "table": quotient_table(),
        "forward_error_01": abs(forward_difference(sigma, Z0, 0.1) - sigma_prime(Z0)),
        "central_error_01": abs(central_difference(sigma, Z0, 0.1) - sigma_prime(Z0)),
        "best_h_forward": h_f, "best_error_forward": e_f,
        "best_h_central": h_c, "best_error_central": e_c,
        "tiny_h": H_GRID[-1],
        "tiny_error_forward": errors(forward_difference, sigma, sigma_prime, Z0, H_GRID)[-1],
        "central_error_h6": errors(central_difference, sigma, sigma_prime, Z0, [1e-6])[0],
        "epsilon": np.finfo(float).eps,
        "z2": column(z2, ".4f"), "a2": column(a2, ".4f"),
        "slopes2": column(layer_slopes_expanded(z2), ".4f"),
        "ex1_rules": 3 * 2**2 - 2, "ex1_central": central_difference(cubic, 2.0, 0.1),
        "ex1_gap": central_difference(cubic, 2.0, 0.1) - (3 * 2**2 - 2),
        "ex2_at_1": sigma_second(1.0), "ex2_at_minus_1": sigma_second(-1.0),
    }


if __name__ == "__main__":
    print(f"sigma'({Z0:g}) = {sigma_prime(Z0):.10f}")
    for h in HS:
        print(f"h = {h:<6g} forward {forward_difference(sigma, Z0, h):.10f}"
              f"   central {central_difference(sigma, Z0, h):.10f}")
    for name, difference in (("forward", forward_difference), ("central", central_difference)):
        h, e = best_step(difference, sigma, sigma_prime, Z0, H_GRID)
        print(f"best {name} step: h = {h:.1e}, error {e:.1e}")
    z2, a2 = hidden_layer()
    print("image 1: z2 =", np.round(z2, 4).tolist(), " sigma'(z2) =",
          [round(s, 4) for s in layer_slopes_expanded(z2)])
