# %% [markdown]
# # Calculus by hand
#
# The maths toolkit of chapter 2 in one notebook: a derivative measured by nudging, the
# slope of the sigmoid worked out and checked, the chain rule on one neuron's cost, and
# gradient descent on a function of two variables, drawn step by step. Every formula is
# computed twice, from its expanded form and from its vector form, and every derivative
# is checked against a finite difference. Work through it top to bottom, then change the
# numbers in the last part.

# %%
# %matplotlib inline
import math

import numpy as np
from matplotlib.figure import Figure

# %% [markdown]
# ## A derivative by nudging
#
# The derivative $f'(x)$ is the slope of $f$ at $x$. Without any rule of calculus we can
# measure it: move $x$ a little, by $h$, to each side, and divide the change of $f$ by
# the distance $2h$. This central difference is off from $f'(x)$ by a term in $h^2$, so
# $h = 10^{-5}$ gives about ten correct digits.

# %%
def central_difference(f, x, h=1e-5):
    """f'(x) ~ (f(x + h) - f(x - h)) / 2h"""
    return (f(x + h) - f(x - h)) / (2 * h)


def square(x):
    return x ** 2


for x in (0.5, 1.0, 3.0):
    print(f"x = {x}: central difference {central_difference(square, x):.10f}, rule 2x = {2 * x}")

# %% [markdown]
# ## The slope of the sigmoid
#
# The sigmoid $\sigma(z) = 1/(1 + e^{-z})$ is the activation of every unit of the book's
# network. Its derivative follows from the chain rule on $(1 + e^{-z})^{-1}$:
# $\sigma'(z) = e^{-z}/(1 + e^{-z})^2$, and since $1 - \sigma(z) = e^{-z}/(1 + e^{-z})$, the
# slope is $\sigma'(z) = \sigma(z)\,(1 - \sigma(z))$: the unit's output times one minus it.
# The slope is largest, $\tfrac14$, at $z = 0$, and tiny far out on either side.

# %%
def sigma(z):
    """sigma(z) = 1 / (1 + e^-z)"""
    return 1 / (1 + math.exp(-z))


def sigma_prime(z):
    """sigma'(z) = sigma(z) (1 - sigma(z))"""
    return sigma(z) * (1 - sigma(z))


largest = max(abs(sigma_prime(z) - central_difference(sigma, z)) for z in np.linspace(-8, 8, 161))
print(f"sigma'(0) = {sigma_prime(0)}; largest gap to the central difference on [-8, 8]: {largest:.1e}")


# %%
def plot_sigmoid_and_slope():
    z = np.linspace(-8, 8, 401)
    s = 1 / (1 + np.exp(-z))
    fig = Figure(figsize=(6.4, 3.2), layout="constrained")
    ax = fig.subplots()
    ax.plot(z, s, label=r"$\sigma(z)$", linewidth=2.5)
    ax.plot(z, s * (1 - s), label=r"$\sigma'(z) = \sigma(z)(1 - \sigma(z))$", linestyle="--")
    ax.set_xlabel("$z$")
    ax.grid(True)
    ax.legend(loc="upper left")
    return fig


plot_sigmoid_and_slope()

# %% [markdown]
# ## The chain rule on one neuron's cost
#
# One neuron with one input $x$, weight $w$ and bias $b$ outputs $a = \sigma(wx + b)$; its
# cost for the target $t$ is $C = \tfrac12 (t - a)^2$. The cost depends on $w$ through a
# chain, $w \to z = wx + b \to a = \sigma(z) \to C$, so its derivative is the product of the
# links' derivatives: $\partial C/\partial w = (a - t)\, \sigma'(z)\, x$, and for the bias,
# whose link $\partial z / \partial b$ is 1, $\partial C / \partial b = (a - t)\, \sigma'(z)$.

# %%
def cost(w, b, x, t):
    """C = 1/2 (t - sigma(w x + b))^2"""
    return 0.5 * (t - sigma(w * x + b)) ** 2


def cost_gradient(w, b, x, t):
    """(dC/dw, dC/db) by the chain rule"""
    z = w * x + b
    a = sigma(z)
    return (a - t) * sigma_prime(z) * x, (a - t) * sigma_prime(z)


w, b, x, t = 0.8, -0.3, 1.5, 1.0
dw, db = cost_gradient(w, b, x, t)
print(f"dC/dw: chain rule {dw:+.10f}, nudging w {central_difference(lambda v: cost(v, b, x, t), w):+.10f}")
print(f"dC/db: chain rule {db:+.10f}, nudging b {central_difference(lambda v: cost(w, v, x, t), b):+.10f}")

# %% [markdown]
# ## The inner product, twice
#
# A neuron of the book's network has twelve inputs, and its weighted input is an inner
# product. Written out, and in vector form:
#
# /// pair | The inner product of two vectors of twelve numbers
#     check: calculus_by_hand.inner
# //// expanded
# $$\mathbf{w} \cdot \mathbf{x} = w_1 x_1 + w_2 x_2 + \cdots + w_{12} x_{12}$$
# ////
# //// vector
# $$\mathbf{w} \cdot \mathbf{x} = \mathbf{w}^\mathsf{T} \mathbf{x}$$
# ////
# ///

# %%
def inner_expanded(w, x):
    """w1 x1 + w2 x2 + ... + w12 x12, one product at a time"""
    total = 0.0
    for i in range(len(w)):
        total += w[i] * x[i]
    return total


def inner_vector(w, x):
    """w^T x, with numpy"""
    return np.asarray(w) @ np.asarray(x)


w, x = np.arange(1.0, 13.0), np.linspace(-1, 1, 12)
print("expanded:", inner_expanded(w, x), " vector:", inner_vector(w, x))

# %% [markdown]
# ## Gradient descent on two variables
#
# Take $f(x, y) = x^2 + 4y^2$, a bowl that is four times steeper along $y$ than along $x$.
# Its gradient is $\nabla f = (2x, 8y)$. A step of gradient descent moves each variable
# against its own partial derivative, by a learning rate $\eta$:
#
# /// pair | One step of gradient descent on f(x, y)
#     check: calculus_by_hand.descent_step
# //// expanded
# $$\begin{aligned} x &\leftarrow x - \eta\, \frac{\partial f}{\partial x} = x - \eta\, 2x \\ y &\leftarrow y - \eta\, \frac{\partial f}{\partial y} = y - \eta\, 8y \end{aligned}$$
# ////
# //// vector
# $$\begin{pmatrix} x \\ y \end{pmatrix} \leftarrow \begin{pmatrix} x \\ y \end{pmatrix} - \eta\, \nabla f(x, y)$$
# ////
# ///

# %%
def f(x, y):
    return x ** 2 + 4 * y ** 2


def descent_step_expanded(x, y, eta):
    """x <- x - eta df/dx,  y <- y - eta df/dy"""
    return [x - eta * 2 * x, y - eta * 8 * y]


def descent_step_vector(x, y, eta):
    """(x, y) <- (x, y) - eta grad f"""
    point = np.array([x, y])
    gradient = np.array([2.0, 8.0]) * point
    return point - eta * gradient


def descent_path(x, y, eta, steps):
    path = [(x, y)]
    for step in range(steps):
        x, y = descent_step_expanded(x, y, eta)
        path.append((x, y))
    return path


eta = 0.1
path = descent_path(-2.0, 1.0, eta, 20)
for n in (0, 1, 2, 5, 10, 20):
    x, y = path[n]
    print(f"after {n:2d} steps: (x, y) = ({x:+.4f}, {y:+.4f}), f = {f(x, y):.6f}")


# %%
def plot_descent(paths):
    """The contours of f and the path of each learning rate"""
    xs, ys = np.meshgrid(np.linspace(-2.5, 2.5, 201), np.linspace(-1.5, 1.5, 151))
    fig = Figure(figsize=(6.4, 3.8), layout="constrained")
    ax = fig.subplots()
    ax.contour(xs, ys, f(xs, ys), levels=[0.25, 1, 2, 4, 8, 12], colors="grey", linewidths=0.8)
    for eta, path in paths.items():
        ax.plot(*zip(*path), marker="o", markersize=3, label=rf"$\eta = {eta}$")
    ax.set_xlabel("$x$")
    ax.set_ylabel("$y$")
    ax.set_aspect("equal")
    ax.legend(loc="upper right")
    return fig


plot_descent({eta: descent_path(-2.0, 1.0, eta, 20) for eta in (0.05, 0.1, 0.24)})

# %% [markdown]
# With $\eta = 0.05$ the path creeps. With $0.1$ the steep direction $y$ is done within a
# few steps, while $x$, along the shallow floor of the bowl, takes many more. With $0.24$
# the steep direction overshoots, and $y$ changes sign at every step, because
# $1 - 8\eta$ is negative. Past $\eta = 0.25$ each step along $y$ is longer than the one
# before, and the path leaves the bowl.
#
# ## Do the two forms agree?
#
# `CHECKS` names each formula of this lesson with its expanded form, its vector form and
# a way to draw random inputs; a thousand random draws should show no difference beyond
# rounding.

# %%
def random_vectors(rng):
    return {"w": rng.normal(size=12), "x": rng.normal(size=12)}


def random_point(rng):
    return {"x": rng.normal(), "y": rng.normal(), "eta": rng.uniform(0, 0.3)}


CHECKS = {
    "inner": (inner_expanded, inner_vector, random_vectors),
    "descent_step": (descent_step_expanded, descent_step_vector, random_point),
}

rng = np.random.default_rng(2)
for name, (expanded_form, vector_form, draw) in CHECKS.items():
    gap = 0.0
    for trial in range(1000):
        inputs = draw(rng)
        gap = max(gap, float(np.max(np.abs(np.subtract(expanded_form(**inputs), vector_form(**inputs))))))
    print(f"{name:13s} largest difference over 1000 random inputs: {gap:.1e}")

# %% [markdown]
# ## Try it
#
# - Shrink $h$ in `central_difference` to `1e-8`, then to `1e-12`. Does the estimate of
#   $\sigma'(1)$ keep improving? (Rounding in $f(x + h) - f(x - h)$ grows as $h$ shrinks.)
# - Change $f$ to $x^2 + 20y^2$ and its gradient to $(2x, 40y)$. Which learning rates
#   still reach the bottom?
# - Start the descent at $(0, 1)$. Why does $x$ never move?
