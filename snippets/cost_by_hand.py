# %% [markdown]
# # The cost of 47 parameters
#
# Chapter 3 in one notebook: the 64 training images and their targets, the network's
# outputs for all of them at once, the cost $C_T$ that says how wrong they are, and the
# gradient of $C_T$ measured by nudging each of the 47 parameters in turn. With that
# gradient alone, no backpropagation yet, gradient descent already trains the network,
# slowly. Work through it top to bottom, then try the changes at the end.

# %%
# %matplotlib inline
import numpy as np
from matplotlib.figure import Figure

import dataset
import expanded
import parameters
import vector

# %% [markdown]
# ## The training set and the start
#
# Row $n$ of $X$ holds the 12 pixels of image $n$, row $n$ of $T$ its target: $(1, 0)$
# for a "0", $(0, 1)$ for a "1". The parameters are the random ones the book's training
# run starts from.

# %%
images = dataset.load_dataset()
X, T = dataset.to_arrays(images)
params = vector.init_parameters(parameters.SEED)
print("X:", X.shape, " T:", T.shape)
print("image 1:", X[0], "target", T[0], "  image 33:", X[32], "target", T[32])
print({name: p.shape for name, p in params.items()}, "=", vector.parameter_count(params), "parameters")

# %% [markdown]
# ## Every image at once
#
# Each layer computes its weighted inputs from the activations of the layer before; with
# one row per image, the layer is one matrix product for the whole training set, and the
# bias row $\mathbf{1} (\mathbf{b}^l)^\mathsf{T}$ adds $\mathbf{b}^l$ to every row.
#
# /// pair | The hidden layer for every image
#     check: cost_by_hand.hidden_layer
# //// expanded
# $$z^2_{j,n} = w^2_{j1} x_{1,n} + w^2_{j2} x_{2,n} + \cdots + w^2_{j,12}\, x_{12,n} + b^2_j$$
# ////
# //// vector
# $$Z^2 = X (W^2)^\mathsf{T} + \mathbf{1} (\mathbf{b}^2)^\mathsf{T}$$
# ////
# ///

# %%
def hidden_layer_expanded(params, X):
    """z2[n][j] = w2_j1 x_1,n + ... + w2_j12 x_12,n + b2_j, one term at a time"""
    W2, b2 = params["W2"].tolist(), params["b2"].tolist()
    Z2 = []
    for x in X.tolist():
        row = []
        for j in range(3):
            z = b2[j]
            for i in range(12):
                z += W2[j][i] * x[i]
            row.append(z)
        Z2.append(row)
    return Z2


def hidden_layer_vector(params, X):
    """Z2 = X W2^T + 1 b2^T"""
    ones = np.ones((len(X), 1))
    return X @ params["W2"].T + ones @ params["b2"][None, :]


Z2, A2, Z3, A3 = vector.forward(params, X)
print("largest difference, term by term against the matrix product:",
      np.max(np.abs(hidden_layer_expanded(params, X) - hidden_layer_vector(params, X))))
print("outputs a3 of the first three images:\n", A3[:3].round(4))

# %% [markdown]
# ## The cost of the training set
#
# An image's cost is half the squared distance between its outputs and its target; the
# cost of the training set adds up the 64 images' costs:
#
# /// pair | The cost of the training set
#     check: cost_by_hand.total_cost
# //// expanded
# $$C_T = C_1 + C_2 + \cdots + C_{64}, \qquad C_n = \tfrac12 \bigl[(t_{1,n} - a^3_{1,n})^2 + (t_{2,n} - a^3_{2,n})^2\bigr]$$
# ////
# //// vector
# $$C_T = \tfrac12 \lVert T - A^3 \rVert^2$$
# ////
# ///

# %%
def total_cost_expanded(params, X, T):
    """C_T = C_1 + ... + C_64, each C_n from its two outputs"""
    w = vector.to_expanded(params)
    C_T = 0.0
    for x, t in zip(X.tolist(), T.tolist()):
        z2, a2, z3, a3 = expanded.forward(w, x)
        C_T += 0.5 * ((t[0] - a3[0]) ** 2 + (t[1] - a3[1]) ** 2)
    return C_T


def total_cost_vector(params, X, T):
    """C_T = 1/2 |T - A3|^2"""
    return 0.5 * np.sum((T - vector.forward(params, X)[3]) ** 2)


print(f"C_T at the start: {total_cost_expanded(params, X, T):.6f} term by term, "
      f"{total_cost_vector(params, X, T):.6f} in vector form")

# %% [markdown]
# ## The gradient by nudging
#
# Put the 47 parameters in one column $\boldsymbol{\theta}$. Nudge parameter $m$ up by
# $h$ and down by $h$, and the central difference
# $[C_T(\boldsymbol{\theta} + h\mathbf{e}_m) - C_T(\boldsymbol{\theta} - h\mathbf{e}_m)] / 2h$
# measures $\partial C_T / \partial \theta_m$. That is two passes of all 64 images through
# the network per parameter, 94 for the whole gradient.

# %%
def numerical_gradient(params, X, T, h=1e-6):
    """dC_T/dtheta_m for m = 1 .. 47, each by a central difference"""
    theta = parameters.theta_vector(params)
    gradient = np.zeros_like(theta)
    for m in range(len(theta)):
        nudge = np.zeros_like(theta)
        nudge[m] = h
        up = vector.total_cost(parameters.from_theta(theta + nudge), X, T)
        down = vector.total_cost(parameters.from_theta(theta - nudge), X, T)
        gradient[m] = (up - down) / (2 * h)
    return gradient


gradient = numerical_gradient(params, X, T)
steepest = np.argsort(np.abs(gradient))[::-1][:3]
for m in steepest:
    symbol, code = parameters.names()[m]
    print(f"dC_T/d{code:9s} = {gradient[m]:+.6f}")
exact = parameters.theta_vector(vector.gradients(params, X, T))
print(f"largest gap to backpropagation (chapter 4): {np.max(np.abs(gradient - exact)):.1e}")


# %%
def plot_slice(params, m, half_width=3.0):
    """C_T as theta_m alone moves, with the tangent the numerical gradient gives"""
    theta = parameters.theta_vector(params)
    values = theta[m] + np.linspace(-half_width, half_width, 121)
    costs = []
    for value in values:
        moved = theta.copy()
        moved[m] = value
        costs.append(vector.total_cost(parameters.from_theta(moved), X, T))
    here = vector.total_cost(params, X, T)
    fig = Figure(figsize=(6.4, 3.2), layout="constrained")
    ax = fig.subplots()
    ax.plot(values, costs, linewidth=2.5, label="$C_T$")
    ax.plot(values, here + gradient[m] * (values - theta[m]), linestyle="--", label="tangent")
    ax.plot([theta[m]], [here], "o")
    ax.set_xlabel(f"${parameters.names()[m][0]}$")
    ax.set_ylabel("$C_T$")
    ax.set_ylim(min(costs) - 1, max(costs) + 1)
    ax.legend()
    return fig


plot_slice(params, int(steepest[0]))

# %% [markdown]
# ## Gradient descent with the measured gradient
#
# Each step moves $\boldsymbol{\theta}$ against the measured gradient,
# $\boldsymbol{\theta} \leftarrow \boldsymbol{\theta} - \eta \nabla C_T$, with the book's
# $\eta$. Forty steps cost 40 × 94 passes of the training set, which is why chapter 4
# finds a faster way to the same gradient.

# %%
def descend(params, eta, steps):
    theta, history = parameters.theta_vector(params), [vector.total_cost(params, X, T)]
    for step in range(steps):
        theta = theta - eta * numerical_gradient(parameters.from_theta(theta), X, T)
        history.append(vector.total_cost(parameters.from_theta(theta), X, T))
    return parameters.from_theta(theta), history


trained, history = descend(params, parameters.ETA, 40)
print(f"C_T: {history[0]:.4f} at the start, {history[10]:.4f} after 10 steps, {history[-1]:.4f} after 40")
print(f"images labelled correctly: {vector.correct(params, X, T)} before, {vector.correct(trained, X, T)} after")


# %%
def plot_history(history):
    fig = Figure(figsize=(6.4, 3.0), layout="constrained")
    ax = fig.subplots()
    ax.semilogy(range(len(history)), history, marker="o", markersize=3)
    ax.set_xlabel("step")
    ax.set_ylabel("$C_T$")
    return fig


plot_history(history)

# %% [markdown]
# ## Do the two forms agree?
#
# As in every chapter, `CHECKS` pairs each formula's expanded form with its vector form and
# a way to draw random inputs.

# %%
def random_parameters_and_images(rng):
    return {"params": parameters.random_parameters(rng),
            "X": rng.integers(0, 2, size=(8, 12)).astype(float),
            "T": np.eye(2)[rng.integers(0, 2, size=8)]}


def random_parameters_and_pixels(rng):
    case = random_parameters_and_images(rng)
    return {"params": case["params"], "X": case["X"]}


CHECKS = {
    "hidden_layer": (hidden_layer_expanded, hidden_layer_vector, random_parameters_and_pixels),
    "total_cost": (total_cost_expanded, total_cost_vector, random_parameters_and_images),
}

rng = np.random.default_rng(3)
for name, (expanded_form, vector_form, draw) in CHECKS.items():
    gap = max(float(np.max(np.abs(expanded_form(**case) - vector_form(**case))))
              for case in (draw(rng) for trial in range(200)))
    print(f"{name:12s} largest difference over 200 random cases: {gap:.1e}")

# %% [markdown]
# ## Try it
#
# - Make $h$ in `numerical_gradient` a thousand times larger, `1e-3`. How far does the
#   gradient move from backpropagation's?
# - Draw the slice of another parameter: `plot_slice(params, 39)` is $w^3_{11}$. Is
#   $C_T$ along it still close to its tangent three units away?
# - Run `descend` with $\eta = 1$. Does $C_T$ fall faster, or does it jump?
