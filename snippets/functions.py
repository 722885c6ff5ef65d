"""The functions a network uses: lines, parabolas, e^x, and the sigmoid with its derivative.

    python snippets/functions.py

prints the sigmoid and its derivative at a few points, the derivative checked against
a central finite difference, and sigma' applied to the hidden layer of the untrained
network for the first training image.
"""

import math

import numpy as np
from matplotlib.figure import Figure

import dataset
import expanded
import parameters
import vector

BLUE, ORANGE, GREEN, GREY = "#4a7fd6", "#e8743b", "#23a386", "#8a8f98"


# --8<-- [start:examples]
def linear(x):
    """f(x) = 2x + 1: a straight line, slope 2, crossing the y axis at 1"""
    return 2 * x + 1


def quadratic(x):
    """f(x) = x^2: a bowl with its lowest point at x = 0"""
    return x * x


def exponential(x):
    """f(x) = e^x: positive everywhere, and its own derivative"""
    return math.exp(x)
# --8<-- [end:examples]


# --8<-- [start:sigma_prime]
sigma = expanded.sigma  # sigma(z) = 1 / (1 + e^-z), the network's own


def sigma_prime(z):
    """sigma'(z) = sigma(z) (1 - sigma(z))"""
    s = sigma(z)
    return s * (1 - s)
# --8<-- [end:sigma_prime]


def sigma_prime_quotient(z):
    """sigma'(z) = e^-z / (1 + e^-z)^2, the derivative before it is tidied up"""
    return math.exp(-z) / (1 + math.exp(-z)) ** 2


# --8<-- [start:layer]
def sigma_prime_layer_expanded(z2):
    """sigma'(z2_1) = sigma(z2_1)(1 - sigma(z2_1)), ..., one unit at a time"""
    return [sigma(z2[j]) * (1 - sigma(z2[j])) for j in range(len(z2))]


def sigma_prime_layer_vector(z2):
    """sigma'(z2) = sigma(z2) * (1 - sigma(z2)), entry by entry with numpy"""
    a2 = vector.sigma(np.asarray(z2))
    return a2 * (1 - a2)
# --8<-- [end:layer]


def random_layer(rng):
    """The weighted inputs of a layer of 3 units, some of them large."""
    return {"z2": list(rng.normal(scale=3, size=3))}


CHECKS = {
    "sigma_prime_layer": (sigma_prime_layer_expanded, sigma_prime_layer_vector, random_layer),
}


def central_difference(f, z, h=1e-5):
    """(f(z + h) - f(z - h)) / 2h, the slope of f at z measured, not derived"""
    return (f(z + h) - f(z - h)) / (2 * h)


def first_image_z2():
    """z2 of the untrained network (the book's seed) for training image 1."""
    x, label = dataset.load_dataset()[0]
    params = vector.to_expanded(vector.init_parameters(parameters.SEED))
    return expanded.forward(params, x)[0]


# --- figures ---------------------------------------------------------------------------


def figure_four():
    """The line, the parabola, e^x and the sigmoid, each in its own panel."""
    fig = Figure(figsize=(7.2, 4.6), layout="constrained")
    panels = fig.subplots(2, 2)
    x = np.linspace(-3, 3, 301)
    shown = [
        (linear(x), "$f(x) = 2x + 1$", BLUE),
        (quadratic(x), "$f(x) = x^2$", ORANGE),
        (np.exp(x), "$f(x) = e^x$", GREEN),
        (vector.sigma(x), r"$\sigma(x) = 1/(1 + e^{-x})$", BLUE),
    ]
    for ax, (y, title, color) in zip(panels.flat, shown):
        ax.plot(x, y, color=color, linewidth=2)
        ax.axhline(0, color=GREY, linewidth=0.8)
        ax.axvline(0, color=GREY, linewidth=0.8)
        ax.set_title(title, fontsize=10)
        ax.grid(True)
    panels[1, 1].set_yticks([0, 0.5, 1])
    return fig


def figure_sigma_prime():
    """sigma and sigma' on one axis; sigma' peaks at 1/4 where sigma crosses 1/2."""
    z = np.linspace(-7, 7, 401)
    s = vector.sigma(z)
    fig = Figure(figsize=(6.4, 3.2), layout="constrained")
    ax = fig.subplots()
    ax.plot(z, s, color=BLUE, linewidth=2, label=r"$\sigma(z)$")
    ax.plot(z, s * (1 - s), color=ORANGE, linewidth=2, label=r"$\sigma'(z) = \sigma(z)(1 - \sigma(z))$")
    ax.plot([0], [0.25], marker="o", color=ORANGE)
    ax.annotate("maximum 1/4 at z = 0", (0, 0.25), xytext=(1.2, 0.33))
    ax.set_xlabel("$z$")
    ax.set_yticks([0, 0.25, 0.5, 1])
    ax.grid(True)
    ax.legend(loc="upper left")
    return fig


def numbers():
    """The values the section quotes."""
    z2 = first_image_z2()
    derivative = sigma_prime_layer_expanded(z2)
    numbers = {
        "e": math.e,
        "sigma_2": sigma(2), "sigma_prime_2": sigma_prime(2),
        "sigma_prime_0": sigma_prime(0),
        "sigma_prime_4": sigma_prime(4), "sigma_prime_10": sigma_prime(10),
        "difference_2": central_difference(sigma, 2),
    }
    for j in range(3):
        numbers[f"z2_{j + 1}"] = z2[j]
        numbers[f"a2_{j + 1}"] = sigma(z2[j])
        numbers[f"d2_{j + 1}"] = derivative[j]
    return numbers


if __name__ == "__main__":
    print(" z     sigma(z)  sigma'(z)  finite difference")
    for z in (-4, -2, 0, 2, 4):
        print(f"{z:+d}  {sigma(z):9.6f}  {sigma_prime(z):9.6f}  {central_difference(sigma, z):9.6f}")
    z2 = first_image_z2()
    print("z2 of image 1 (untrained network):", [round(z, 4) for z in z2])
    print("sigma'(z2):                       ", [round(d, 4) for d in sigma_prime_layer_expanded(z2)])
