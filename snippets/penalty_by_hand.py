# %% [markdown]
# # Weight decay, by hand
#
# The bridge to modern notation reads *Dive into Deep Learning*'s backward pass for a
# network like ours, with a penalty on the size of the weights. This notebook builds that
# penalty in code: the penalised cost $J_T = C_T + s$, its gradient, which is
# backpropagation's plus $\lambda$ times each weight, a check of that gradient by nudging,
# and training runs with three strengths $\lambda$, to see what the penalty does to the
# weights and to the cost. Work through it top to bottom, then try the changes at the end.

# %%
# %matplotlib inline
import numpy as np
from matplotlib.figure import Figure

import dataset
import parameters
import vector

# %% [markdown]
# ## The two notations side by side
#
# d2l counts weight matrices from 1 and the book counts layers, with the pixels as layer 1,
# so d2l's $\mathbf{W}^{(1)}$ is our $W^2$ and its $\mathbf{W}^{(2)}$ is our $W^3$. Its
# hidden vector $\mathbf{h}$ is our $\mathbf{a}^2$, and its output $\mathbf{o}$ our
# $\mathbf{z}^3$, before the sigmoid.

# %%
DICTIONARY = {"W(1)": "W2", "W(2)": "W3", "z": "z2", "h": "a2 = sigma(z2)", "o": "z3",
              "phi": "sigma", "l(o, y)": "C = 1/2 |t - sigma(z3)|^2", "s": "s", "J": "J = C + s"}
for d2l, book in DICTIONARY.items():
    print(f"d2l {d2l:8s} is the book's {book}")

# %% [markdown]
# ## The penalty
#
# The penalty adds $\tfrac{\lambda}{2}$ times the square of each of the 42 weights, and
# nothing for the 5 biases:
#
# /// pair | The penalty on the weights
#     check: penalty_by_hand.penalty
# //// expanded
# $$\begin{aligned} s = \tfrac{\lambda}{2} \bigl[ & (w^2_{11})^2 + (w^2_{12})^2 + \cdots + (w^2_{3,12})^2 \\ & + (w^3_{11})^2 + \cdots + (w^3_{23})^2 \bigr] \end{aligned}$$
# ////
# //// vector
# $$s = \tfrac{\lambda}{2} \bigl( \lVert W^2 \rVert^2 + \lVert W^3 \rVert^2 \bigr)$$
# ////
# ///

# %%
def penalty_expanded(params, lam):
    """lam/2 times the sum of the squares of the 42 weights, one at a time"""
    total = 0.0
    for name in ("W2", "W3"):
        for row in params[name].tolist():
            for w in row:
                total += w * w
    return lam / 2 * total


def penalty_vector(params, lam):
    """lam/2 (|W2|^2 + |W3|^2)"""
    return lam / 2 * (np.sum(params["W2"] ** 2) + np.sum(params["W3"] ** 2))


def objective(params, X, T, lam):
    """J_T = C_T + s"""
    return vector.total_cost(params, X, T) + penalty_vector(params, lam)


images = dataset.load_dataset()
X, T = dataset.to_arrays(images)
start = vector.init_parameters(parameters.SEED)
lam = 0.01
print(f"at the book's start: C_T = {vector.total_cost(start, X, T):.4f}, "
      f"s = {penalty_expanded(start, lam):.4f} (expanded) = {penalty_vector(start, lam):.4f} (vector)")

# %% [markdown]
# ## Its gradient
#
# The penalty's partial derivative in a weight $w$ is $\lambda w$, and in a bias 0. So the
# gradient of $J_T$ is backpropagation's gradient of $C_T$, with $\lambda W^l$ added to
# each weight matrix: $\partial J_T / \partial W^l = \partial C_T / \partial W^l + \lambda W^l$.
# A step of gradient descent then shrinks every weight by the factor $1 - \eta\lambda$
# before it moves it downhill, which is why the penalty is called *weight decay*.

# %%
def objective_gradients(params, X, T, lam):
    """dJ_T/dW = dC_T/dW + lam W for the weights; the biases' as for C_T"""
    grads = vector.gradients(params, X, T)
    return {name: grads[name] + (lam * params[name] if name in ("W2", "W3") else 0)
            for name in grads}


def nudged(params, X, T, lam, h=1e-6):
    """Every partial derivative of J_T by a central difference"""
    theta = parameters.theta_vector(params)
    gradient = np.zeros_like(theta)
    for m in range(len(theta)):
        e = np.zeros_like(theta)
        e[m] = h
        gradient[m] = (objective(parameters.from_theta(theta + e), X, T, lam)
                       - objective(parameters.from_theta(theta - e), X, T, lam)) / (2 * h)
    return gradient


formula = parameters.theta_vector(objective_gradients(start, X, T, lam=0.5))
measured = nudged(start, X, T, lam=0.5)
print(f"largest gap between the formula and nudging, lambda = 0.5: {np.max(np.abs(formula - measured)):.1e}")

# %% [markdown]
# ## Training with a penalty
#
# Three runs of full-batch descent from the book's start, with the book's $\eta$, one per
# strength $\lambda$. The penalty trades cost for small weights: the larger $\lambda$, the
# smaller the weights end up and the higher $C_T$ stays.

# %%
def train(params, lam, eta=parameters.ETA, epochs=1000):
    norms, costs = [], []
    for epoch in range(epochs + 1):
        norms.append(float(np.sqrt(np.sum(params["W2"] ** 2) + np.sum(params["W3"] ** 2))))
        costs.append(float(vector.total_cost(params, X, T)))
        grads = objective_gradients(params, X, T, lam)
        params = {name: params[name] - eta * grads[name] for name in params}
    return params, norms, costs


runs = {lam: train(start, lam) for lam in (0.0, 0.01, 0.1)}
for lam, (params, norms, costs) in runs.items():
    print(f"lambda = {lam:<5}: C_T = {costs[-1]:.4f}, weight length {norms[-1]:.2f}, "
          f"{vector.correct(params, X, T)}/64 correct")


# %%
def plot_runs(runs):
    fig = Figure(figsize=(7.2, 3.2), layout="constrained")
    cost_axis, norm_axis = fig.subplots(1, 2)
    for lam, (params, norms, costs) in runs.items():
        cost_axis.semilogy(costs, label=rf"$\lambda = {lam}$")
        norm_axis.plot(norms, label=rf"$\lambda = {lam}$")
    cost_axis.set_xlabel("epoch")
    cost_axis.set_ylabel("$C_T$")
    norm_axis.set_xlabel("epoch")
    norm_axis.set_ylabel("length of the 42 weights")
    norm_axis.legend()
    return fig


plot_runs(runs)

# %% [markdown]
# ## Do the two forms agree?
#
# `CHECKS` pairs the penalty's expanded and vector forms with a way to draw random
# parameters and strengths.

# %%
def random_penalty(rng):
    return {"params": parameters.random_parameters(rng), "lam": rng.uniform(0, 1)}


CHECKS = {"penalty": (penalty_expanded, penalty_vector, random_penalty)}

rng = np.random.default_rng(4)
gap = max(abs(penalty_expanded(**case) - penalty_vector(**case)) for case in
          (random_penalty(rng) for trial in range(1000)))
print(f"penalty: largest difference over 1000 random cases {gap:.1e}")

# %% [markdown]
# ## Try it
#
# - Put the biases into the penalty too. Does anything change for the 64 images?
# - Try $\lambda = 1$. How small do the weights get, and how many images are still
#   labelled correctly?
# - With $\lambda = 0.1$, check that one step multiplies every weight by $1 - \eta\lambda$
#   before moving it against $\partial C_T / \partial W^l$.
