"""The functions a network uses: lines, parabolas, e^x and its inverse, and the sigmoid.

    python snippets/functions.py

prints the sigmoid at a few points, how much it rises over intervals of length 1 near 0
and far from 0, and the weighted inputs a unit needs for outputs close to 1.
"""

import math

import numpy as np
from matplotlib.figure import Figure

import expanded
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


def logarithm(y):
    """ln y, for y > 0: the x with e^x = y"""
    return math.log(y)
# --8<-- [end:examples]


# --8<-- [start:sigma]
sigma = expanded.sigma  # sigma(z) = 1 / (1 + e^-z), the network's own


def rise(z_from, z_to):
    """How much the sigmoid rises from z_from to z_to"""
    return sigma(z_to) - sigma(z_from)
# --8<-- [end:sigma]


def weighted_input_for(a):
    """The z with sigma(z) = a, for 0 < a < 1: z = ln(a / (1 - a))"""
    return logarithm(a / (1 - a))


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


def numbers():
    """The values the section quotes."""
    return {
        "e": math.e,
        "rise_middle": rise(-0.5, 0.5), "rise_far": rise(3.5, 4.5),
        "rise_ratio": rise(-0.5, 0.5) / rise(3.5, 4.5),
        # exercise 2: the weighted inputs for outputs 0.9 and 0.99
        "z_for_09": weighted_input_for(0.9), "z_for_099": weighted_input_for(0.99),
        # exercise 3: two outputs that should be 1
        "miss_ratio": (1 - 0.6) / (1 - 0.9), "square_ratio": (1 - 0.6) ** 2 / (1 - 0.9) ** 2,
    }


if __name__ == "__main__":
    print(" z     sigma(z)")
    for z in (-4, -2, 0, 2, 4):
        print(f"{z:+d}  {sigma(z):9.6f}")
    print(f"rise from -0.5 to 0.5: {rise(-0.5, 0.5):.4f}; from 3.5 to 4.5: {rise(3.5, 4.5):.4f}")
    for a in (0.9, 0.99, 0.999):
        print(f"sigma(z) = {a} needs z = {weighted_input_for(a):.4f}")
