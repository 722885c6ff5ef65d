"""Activation functions: the unit step, the sigmoid and ReLU, one unit at a time and a layer at once.

    python snippets/activation.py

prints the three activations of the trained network's hidden layer for one "0" image.
"""

import math

import numpy as np
from matplotlib.figure import Figure

import parameters
import vector

STEP_COLOR, SIGMA_COLOR, RELU_COLOR = "#8a8f98", "#4a7fd6", "#e8743b"


# --8<-- [start:functions]
def step(z):
    """1 if z >= 0, else 0"""
    return 1.0 if z >= 0 else 0.0


def sigma(z):
    """sigma(z) = 1 / (1 + e^-z)"""
    return 1 / (1 + math.exp(-z))


def relu(z):
    """ReLU(z) = max(0, z)"""
    return max(0.0, z)
# --8<-- [end:functions]


# --8<-- [start:layer]
def layer_expanded(z2):
    """a2_1 = f(z2_1), a2_2 = f(z2_2), a2_3 = f(z2_3): one unit at a time"""
    a2 = {"step": [], "sigma": [], "relu": []}
    for j in range(3):
        a2["step"].append(step(z2[j]))
        a2["sigma"].append(sigma(z2[j]))
        a2["relu"].append(relu(z2[j]))
    return a2


def layer_vector(z2):
    """a2 = f(z2): numpy applies f to every entry of the vector at once"""
    z2 = np.asarray(z2)
    return {"step": np.heaviside(z2, 1.0),
            "sigma": 1 / (1 + np.exp(-z2)),
            "relu": np.maximum(0.0, z2)}
# --8<-- [end:layer]


# --8<-- [start:slope]
def sigma_slope(z):
    """sigma'(z) = sigma(z) (1 - sigma(z))"""
    return sigma(z) * (1 - sigma(z))
# --8<-- [end:slope]


CHAIN = 5  # sigmoid units in the chain of the exercises


def chain_slope(length, z=0.0):
    """The slope of the last output of a chain of sigmoid units with weight 1 and bias 0:
    the product of sigma'(z_l) over the units, where z_(l+1) = sigma(z_l)"""
    slope = 1.0
    for unit in range(length):
        slope *= sigma_slope(z)
        z = sigma(z)
    return slope


def random_layer(rng):
    """The weighted inputs of three hidden units, spread over where the three functions differ."""
    return {"z2": list(rng.normal(scale=4, size=3))}


CHECKS = {
    "layer": (layer_expanded, layer_vector, random_layer),
}


def trained_hidden_layer(n=0):
    """z2 of training image n (image 0 is a "0") in the book's trained network."""
    params, history, X, T = parameters.run()
    return vector.forward(params, X[n:n + 1])[0][0]


def layer_table(z2):
    """The three activations of a hidden layer, as a Markdown table with one row per unit."""
    a2 = layer_expanded(list(z2))
    rows = ["| unit $j$ | $z^2_j$ | step | $\\sigma(z^2_j)$ | ReLU |", "|---:|---:|---:|---:|---:|"]
    for j in range(3):
        rows.append(f"| {j + 1} | {z2[j]:.3f} | {a2['step'][j]:g} | {a2['sigma'][j]:.4f} | {a2['relu'][j]:.3f} |")
    return "\n".join(rows)


def figure_functions():
    """The three activation functions side by side, on the same range of z."""
    z = np.linspace(-4, 4, 801)
    fig = Figure(figsize=(7.2, 2.6), layout="constrained")
    axes = fig.subplots(1, 3, sharex=True)
    curves = [("unit step", np.heaviside(z, 1.0), STEP_COLOR),
              (r"sigmoid $\sigma(z)$", 1 / (1 + np.exp(-z)), SIGMA_COLOR),
              ("ReLU", np.maximum(0, z), RELU_COLOR)]
    for ax, (title, a, color) in zip(axes, curves):
        if title == "unit step":  # draw the jump as a gap, not a vertical line
            ax.plot(z[z < 0], a[z < 0], color=color, linewidth=2.5)
            ax.plot(z[z >= 0], a[z >= 0], color=color, linewidth=2.5)
        else:
            ax.plot(z, a, color=color, linewidth=2.5)
        ax.set_title(title, fontsize=11)
        ax.set_xlabel("$z$")
        ax.grid(True)
    axes[0].set_ylabel("$a$")
    axes[0].set_ylim(-0.15, 1.15)
    axes[1].set_ylim(-0.15, 1.15)
    axes[2].set_ylim(-0.3, 4.3)
    return fig


def figure_slopes():
    """The slope of each function: the step's is 0 wherever it exists, the sigmoid's never is."""
    z = np.linspace(-4, 4, 801)
    s = 1 / (1 + np.exp(-z))
    fig = Figure(figsize=(7.2, 2.4), layout="constrained")
    axes = fig.subplots(1, 3, sharex=True, sharey=True)
    slopes = [("slope of the step", np.zeros_like(z), STEP_COLOR),
              (r"$\sigma'(z) = \sigma(z)(1 - \sigma(z))$", s * (1 - s), SIGMA_COLOR),
              ("slope of ReLU", np.heaviside(z, 1.0), RELU_COLOR)]
    for ax, (title, slope, color) in zip(axes, slopes):
        if color != SIGMA_COLOR:  # both jump at z = 0: leave a gap there
            ax.plot(z[z < 0], slope[z < 0], color=color, linewidth=2.5)
            ax.plot(z[z > 0], slope[z > 0], color=color, linewidth=2.5)
        else:
            ax.plot(z, slope, color=color, linewidth=2.5)
        ax.set_title(title, fontsize=10)
        ax.set_xlabel("$z$")
        ax.grid(True)
    axes[0].plot([0], [0], marker="o", markersize=6, fillstyle="none", color=STEP_COLOR)
    axes[0].set_ylabel("slope")
    axes[0].set_ylim(-0.1, 1.1)
    return fig


def numbers():
    """The hidden layer of the trained network for image 1, and the exercises' values."""
    z2 = trained_hidden_layer(0)
    return {
        "table": layer_table(z2),
        "z2_1": z2[0], "z2_2": z2[1], "z2_3": z2[2],
        "slope_0": sigma_slope(0),
        "quarter_10": 0.25 ** 10,
        "chain_length": CHAIN, "chain_slope": chain_slope(CHAIN), "chain_bound": 0.25 ** CHAIN,
        "slope_4": sigma_slope(4),
        "sigma_4": sigma(4), "sigma_4_1": sigma(4.1),
    }


if __name__ == "__main__":
    z2 = trained_hidden_layer(0)
    print('The trained hidden layer for the first "0" of the training set:')
    print(layer_table(z2))
