# %% [markdown]
# # The neuron
#
# One neuron reads the 12 pixels of a 4x3 image, weighs each pixel, adds a bias and
# squashes the result into a number between 0 and 1. This lesson computes that twice:
# term by term, the way you would on paper, and as one inner product, the way numpy
# does.

# %%
# %matplotlib inline
import math

import numpy as np
from matplotlib.figure import Figure

import dataset
import grids

# %% [markdown]
# ## An image and a neuron
#
# Pixels are read row by row, so $x_1, x_2, x_3$ is the top row and $x_{12}$ the
# bottom-right corner; 1 is ink and 0 is paper. Python counts from 0, so `x[0]` is $x_1$.
# The neuron below likes ink in the middle column and dislikes it at the sides.

# %%
# --8<-- [start:example]
one = [0, 1, 0,
       0, 1, 0,
       0, 1, 0,
       0, 1, 0]
zero = [1, 1, 1,
        1, 0, 1,
        1, 0, 1,
        1, 1, 1]
w = [-1, 2, -1,
     -1, 2, -1,
     -1, 2, -1,
     -1, 2, -1]
b = -4
# --8<-- [end:example]


# %% [markdown]
# ## The weighted input, twice
#
# /// pair | The weighted input of one neuron
#     check: neuron.weighted_sum
# //// expanded
# $$z = w_1 x_1 + w_2 x_2 + \cdots + w_{12} x_{12} + b$$
# ////
# //// vector
# $$z = \mathbf{w} \cdot \mathbf{x} + b$$
# ////
# ///
#
# The two functions below compute the two sides, and print the same number.

# %%
# --8<-- [start:weighted_sum]
def weighted_sum_expanded(w, x, b):
    """z = w1 x1 + w2 x2 + ... + w12 x12 + b, one term at a time."""
    z = 0
    for i in range(len(x)):
        z += w[i] * x[i]
    return z + b


def weighted_sum_vector(w, x, b):
    """z = w . x + b"""
    return np.dot(w, x) + b
# --8<-- [end:weighted_sum]


print("z for the one: ", weighted_sum_expanded(w, one, b), weighted_sum_vector(w, one, b))
print("z for the zero:", weighted_sum_expanded(w, zero, b), weighted_sum_vector(w, zero, b))


# %% [markdown]
# ## The bias is a weight on an input that is always on
#
# Put $x_0 = 1$ in front of the pixels and $w_0 = b$ in front of the weights; then the
# bias is just one more term of the inner product.

# %%
# --8<-- [start:bias_as_weight]
def bias_as_weight_expanded(w, x, b):
    """z = w0 x0 + w1 x1 + ... + w12 x12, with w0 = b and x0 = 1."""
    w0, x0 = b, 1
    z = w0 * x0
    for i in range(len(x)):
        z += w[i] * x[i]
    return z


def bias_as_weight_vector(w, x, b):
    """z = (b, w) . (1, x)"""
    return np.dot(np.concatenate(([b], w)), np.concatenate(([1], x)))
# --8<-- [end:bias_as_weight]


# %% [markdown]
# ## The threshold
#
# A step neuron fires (outputs 1) when the weighted pixels reach a threshold $\tau$:
#
# /// pair | The step neuron fires
#     check: neuron.fires
# //// expanded
# $$w_1 x_1 + w_2 x_2 + \cdots + w_{12} x_{12} \ge \tau$$
# ////
# //// vector
# $$\mathbf{w} \cdot \mathbf{x} \ge \tau$$
# ////
# ///
#
# Moving $\tau$ to the left side shows it is the bias with its sign changed: $\tau = -b$.

# %%
# --8<-- [start:fires]
def fires_expanded(w, x, tau):
    """1 if w1 x1 + w2 x2 + ... + w12 x12 >= tau, else 0"""
    total = 0
    for i in range(len(x)):
        total += w[i] * x[i]
    return 1 if total >= tau else 0


def fires_vector(w, x, tau):
    """1 if w . x >= tau, else 0"""
    return int(np.dot(w, x) >= tau)
# --8<-- [end:fires]


tau = -b  # the example neuron's threshold
print("fires for the one: ", fires_expanded(w, one, tau), " for the zero:", fires_expanded(w, zero, tau))


# %% [markdown]
# ## The activation
#
# The neuron's output is $a = \sigma(z)$ with the sigmoid $\sigma(z) = 1/(1 + e^{-z})$:
# near 1 when $z$ is large, near 0 when $z$ is very negative, and exactly 1/2 at $z = 0$.

# %%
# --8<-- [start:activation]
def sigma(z):
    """sigma(z) = 1 / (1 + e^-z)"""
    return 1 / (1 + math.exp(-z))


def activation_expanded(w, x, b):
    """a = sigma(w1 x1 + w2 x2 + ... + w12 x12 + b)"""
    return sigma(weighted_sum_expanded(w, x, b))


def activation_vector(w, x, b):
    """a = sigma(w . x + b), with numpy's exp"""
    return 1 / (1 + np.exp(-(np.dot(w, x) + b)))
# --8<-- [end:activation]


print("a for the one: ", activation_expanded(w, one, b))
print("a for the zero:", activation_expanded(w, zero, b))


# %% [markdown]
# ## Do the two forms always agree?
#
# One example proves little: two formulas can agree on one neuron and part ways on the
# next. So draw neurons at random (random weights, a random image, a random bias or
# threshold) and compare the two forms of each formula on a thousand of them. The
# dictionary `CHECKS` names each formula of this lesson with its expanded form, its vector
# form and a way to draw its inputs.

# %%
def random_neuron(rng):
    """12 random weights, a random image of 0s and 1s, a random bias."""
    return {"w": rng.normal(size=12), "x": rng.integers(0, 2, size=12), "b": rng.normal()}


def random_threshold(rng):
    """Random weights and image, and a threshold at least 0.1 above or below w . x.

    Keeping the threshold off the boundary means rounding can never decide the answer.
    """
    w, x = rng.normal(size=12), rng.integers(0, 2, size=12)
    margin = rng.choice([-1, 1]) * rng.uniform(0.1, 2)
    return {"w": w, "x": x, "tau": float(np.dot(w, x)) + margin}


CHECKS = {
    "weighted_sum": (weighted_sum_expanded, weighted_sum_vector, random_neuron),
    "bias_as_weight": (bias_as_weight_expanded, bias_as_weight_vector, random_neuron),
    "activation": (activation_expanded, activation_vector, random_neuron),
    "fires": (fires_expanded, fires_vector, random_threshold),
}

rng = np.random.default_rng(1)
for name, (expanded_form, vector_form, draw) in CHECKS.items():
    largest = 0.0
    for trial in range(1000):
        inputs = draw(rng)
        largest = max(largest, abs(expanded_form(**inputs) - vector_form(**inputs)))
    print(f"{name:15s} largest difference over 1000 random neurons: {largest:.1e}")


# %% [markdown]
# The two forms agree to about sixteen significant digits, as far as a computer's
# floating-point numbers go. Any difference left is rounding: Python's `math.exp` and
# numpy's `np.exp`, for example, may round the last digit of the same exponential
# differently. The step neuron's two forms agree exactly, because its threshold never
# comes close enough to $\mathbf{w} \cdot \mathbf{x}$ for rounding to tip the answer.


# %% [markdown]
# ## Figures
#
# The sigmoid beside the unit step it smooths out, and the example neuron's weights
# drawn on the 4x3 grid of the image they read.

# %%
def figure_sigmoid():
    z = np.linspace(-8, 8, 401)
    fig = Figure(figsize=(6.4, 3.2))
    ax = fig.subplots()
    ax.plot(z, np.heaviside(z, 1), label="unit step", linestyle="--")
    ax.plot(z, 1 / (1 + np.exp(-z)), label=r"sigmoid $\sigma(z)$", linewidth=2.5)
    ax.set_xlabel("$z$")
    ax.set_ylabel("$a$")
    ax.set_yticks([0, 0.5, 1])
    ax.grid(True)
    ax.legend(loc="upper left")
    return fig


def figure_weights():
    fig = Figure(figsize=(2.6, 3.2))
    grids.draw_weights(fig.subplots(), w, vmax=2.5, title="weights $w_1, \\ldots, w_{12}$")
    return fig


figure_sigmoid()

# %%
figure_weights()


# %% [markdown]
# ## The example neuron on the training set
#
# Used as a step neuron with threshold $\tau = -b$, the example neuron fires for all
# but one of the 32 training images of a "1" and for none of the 32 "0"s.

# %%
images = dataset.load_dataset()
wx = {0: [], 1: []}  # w . x of every training image, by label
for x, label in images:
    wx[label].append(weighted_sum_expanded(w, x, 0))
print("w . x ranges over", min(wx[0]), "to", max(wx[0]), "for the zeros and",
      min(wx[1]), "to", max(wx[1]), "for the ones")


# %%
def numbers():
    """The example's values, quoted by the chapter."""
    return {
        "b": b,
        "tau": tau,
        "wx_one": weighted_sum_vector(w, one, 0),
        "wx_zero": weighted_sum_vector(w, zero, 0),
        "z_one": weighted_sum_vector(w, one, b),
        "z_zero": weighted_sum_vector(w, zero, b),
        "a_one": activation_vector(w, one, b),
        "a_zero": activation_vector(w, zero, b),
        # exercises
        "fires_ones": sum(fires_vector(w, x, tau) for x, label in images if label == 1),
        "fires_zeros": sum(fires_vector(w, x, tau) for x, label in images if label == 0),
        "min_wx_one": min(wx[1]), "max_wx_zero": max(wx[0]),
        "a_one_doubled": activation_vector(2 * np.array(w), one, 2 * b),
        "z_weakest_one": weighted_sum_vector(w, images[63][0], b),
        "z_weakest_one_doubled": weighted_sum_vector(2 * np.array(w), images[63][0], 2 * b),
        "a_weakest_one": activation_vector(w, images[63][0], b),
        "a_weakest_one_doubled": activation_vector(2 * np.array(w), images[63][0], 2 * b),
    }
