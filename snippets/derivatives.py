"""Derivatives of one variable: the difference quotient, the sigmoid's slope, and how
accurately a computer can estimate a slope from two values of the function.

    python snippets/derivatives.py

prints the difference quotients of the sigmoid at z = 1 closing in on its slope there,
and the best step h for the forward and the central difference.
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
def layer_slopes_expanded(z):
    """sigma'(z_j) = a_j (1 - a_j) for each unit j, one at a time"""
    slopes = []
    for j in range(len(z)):
        a_j = sigma(z[j])
        slopes.append(a_j * (1 - a_j))
    return slopes


def layer_slopes_vector(z):
    """sigma'(z) = a * (1 - a), entry by entry, with a = sigma(z)"""
    a = vector.sigma(np.asarray(z, dtype=float))
    return a * (1 - a)
# --8<-- [end:layer]


def random_layer(rng):
    """Weighted inputs of a layer of 3 units, anywhere the sigmoid is not flat."""
    return {"z": rng.normal(scale=3.0, size=3)}


CHECKS = {
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


def triple(values, spec):
    return "(" + ", ".join(format(v, spec) for v in values) + ")"


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
    # Exercise 1: f(x) = x^3 - 2x at x = 2, by the rules and by a central difference
    cubic = lambda x: x**3 - 2 * x
    # Exercise 2: a unit with z = 3 whose z rises by 0.1
    return {
        "z0": Z0, "a0": sigma(Z0), "slope0": sigma_prime(Z0),
        "table": quotient_table(),
        "forward_error_01": abs(forward_difference(sigma, Z0, 0.1) - sigma_prime(Z0)),
        "central_error_01": abs(central_difference(sigma, Z0, 0.1) - sigma_prime(Z0)),
        "best_h_forward": h_f, "best_error_forward": e_f,
        "best_h_central": h_c, "best_error_central": e_c,
        "tiny_h": H_GRID[-1],
        "tiny_error_forward": errors(forward_difference, sigma, sigma_prime, Z0, H_GRID)[-1],
        "epsilon": np.finfo(float).eps,
        "z2": triple(z2, ".3f"), "a2": triple(a2, ".3f"),
        "slopes2": triple(layer_slopes_vector(z2), ".3f"),
        "ex1_rules": 3 * 2**2 - 2, "ex1_central": central_difference(cubic, 2.0, 0.1),
        "ex1_gap": central_difference(cubic, 2.0, 0.1) - (3 * 2**2 - 2),
        "ex2_slope": sigma_prime(3.0), "ex2_estimate": sigma_prime(3.0) * 0.1,
        "ex2_actual": sigma(3.1) - sigma(3.0),
    }


if __name__ == "__main__":
    print(f"sigma'({Z0:g}) = {sigma_prime(Z0):.10f}")
    for h in HS:
        print(f"h = {h:<6g} forward {forward_difference(sigma, Z0, h):.10f}"
              f"   central {central_difference(sigma, Z0, h):.10f}")
    for name, difference in (("forward", forward_difference), ("central", central_difference)):
        h, e = best_step(difference, sigma, sigma_prime, Z0, H_GRID)
        print(f"best {name} step: h = {h:.1e}, error {e:.1e}")
