"""Partial derivatives and the gradient: one variable moves, the others hold still.

    python snippets/partial_derivatives.py

prints the partial derivatives of f(x, y) = x^2 + xy - y^2 at the point (1, 1), and
the gradients of a hidden unit's weighted input and of the cost of one image.
"""

import numpy as np
from matplotlib.figure import Figure

import dataset
import expanded
import parameters
import vector

P = (1.0, 1.0)   # the point where we take the slices
IMAGE = 0        # image 1 of the training set, a "0"
H = 1e-6         # step of the central differences that check the partial derivatives


# --8<-- [start:slope]
class Slope:
    """A number and its slope along the one variable that moves: slope 1 for that
    variable, 0 for every variable held still. Sums and products carry the slopes along
    by the sum and product rules, so any formula built from + and * can be differentiated
    term by term just by evaluating it."""

    def __init__(self, value, slope=0.0):
        self.value, self.slope = value, slope

    def __add__(self, other):  # sum rule: (u + v)' = u' + v'
        other = other if isinstance(other, Slope) else Slope(other)
        return Slope(self.value + other.value, self.slope + other.slope)

    def __mul__(self, other):  # product rule: (u v)' = u' v + u v'
        other = other if isinstance(other, Slope) else Slope(other)
        return Slope(self.value * other.value, self.slope * other.value + self.value * other.slope)

    def __neg__(self):
        return self * -1.0

    def __sub__(self, other):
        return self + -other

    __radd__, __rmul__ = __add__, __mul__

    def __rsub__(self, other):
        return -self + other


def moving(values, i):
    """The variables `values` with the i-th one moving and all the others held still."""
    return [Slope(v, 1.0 if k == i else 0.0) for k, v in enumerate(values)]
# --8<-- [end:slope]


# --8<-- [start:f]
def f(x, y):
    """f(x, y) = x^2 + x y - y^2"""
    return x * x + x * y - y * y


def gradient_expanded(x, y):
    """df/dx with y held still, df/dy with x held still: f differentiated term by term"""
    dfdx = f(Slope(x, 1.0), Slope(y)).slope
    dfdy = f(Slope(x), Slope(y, 1.0)).slope
    return dfdx, dfdy


def gradient_vector(x, y):
    """grad f(x, y) = (2x + y, x - 2y)"""
    return np.array([2 * x + y, x - 2 * y])
# --8<-- [end:f]


def partials(x, y):
    """df/dx = 2x + y (y held fixed),  df/dy = x - 2y (x held fixed)"""
    return 2 * x + y, x - 2 * y


def central_partials(f, x, y, h=H):
    """Both partial derivatives of f at (x, y) by central differences, one variable at a time."""
    return ((f(x + h, y) - f(x - h, y)) / (2 * h),
            (f(x, y + h) - f(x, y - h)) / (2 * h))


# --8<-- [start:weighted_input]
def weighted_input(w, x, b):
    """z = w_1 x_1 + w_2 x_2 + ... + w_12 x_12 + b"""
    z = b
    for i in range(len(w)):
        z = z + w[i] * x[i]
    return z


def weighted_input_partials_expanded(w, x, b):
    """dz/dw_1, ..., dz/dw_12 and dz/db, one variable moving at a time"""
    dz_dw = [weighted_input(moving(w, i), x, Slope(b)).slope for i in range(len(w))]
    dz_db = weighted_input([Slope(v) for v in w], x, Slope(b, 1.0)).slope  # every weight still
    return dz_dw, dz_db


def weighted_input_partials_vector(w, x, b):
    """grad_w z = x and dz/db = 1, for z = w . x + b"""
    return np.asarray(x, dtype=float), 1.0
# --8<-- [end:weighted_input]


# --8<-- [start:cost]
def cost_expanded(a, t):
    """C = 1/2 (t_1 - a_1)^2 + 1/2 (t_2 - a_2)^2"""
    return 0.5 * (t[0] - a[0]) * (t[0] - a[0]) + 0.5 * (t[1] - a[1]) * (t[1] - a[1])


def cost_vector(a, t):
    """C = 1/2 ||t - a||^2"""
    return 0.5 * np.linalg.norm(np.asarray(t) - np.asarray(a)) ** 2
# --8<-- [end:cost]


# --8<-- [start:cost_partials]
def cost_partials_expanded(a, t):
    """dC/da_1 and dC/da_2, one output moving at a time"""
    return [cost_expanded(moving(a, k), t).slope for k in range(2)]


def cost_partials_vector(a, t):
    """grad_a C = a - t"""
    return np.asarray(a, dtype=float) - np.asarray(t, dtype=float)
# --8<-- [end:cost_partials]


def random_point(rng):
    return {"x": rng.normal(), "y": rng.normal()}


def random_neuron(rng):
    """12 random weights, a random image of 0s and 1s, a random bias."""
    return {"w": list(rng.normal(size=12)), "x": [int(v) for v in rng.integers(0, 2, size=12)],
            "b": rng.normal()}


def random_outputs(rng):
    """Two random output activations and the target of a random digit."""
    return {"a": list(rng.uniform(0, 1, size=2)), "t": dataset.target(int(rng.integers(0, 2)))}


CHECKS = {
    "gradient": (gradient_expanded, gradient_vector, random_point),
    "weighted_input": (weighted_input_partials_expanded, weighted_input_partials_vector, random_neuron),
    "cost": (cost_expanded, cost_vector, random_outputs),
    "cost_partials": (cost_partials_expanded, cost_partials_vector, random_outputs),
}


def first_image():
    """Image IMAGE's pixels x, its target t, and the network's outputs a^3 at the start."""
    params = vector.to_expanded(vector.init_parameters(parameters.SEED))
    x, label = dataset.load_dataset()[IMAGE]
    z2, a2, z3, a3 = expanded.forward(params, x)
    return params, x, dataset.target(label), z2, a3


def vec(values, spec):
    return "(" + ", ".join(format(v, spec) for v in values) + ")"


def figure_slices():
    """Contours of f with the two slices through P, and each slice with its tangent at P."""
    fig = Figure(figsize=(7.6, 2.8), layout="constrained")
    contour, along_x, along_y = fig.subplots(1, 3)
    x0, y0 = P
    X, Y = np.meshgrid(np.linspace(-2, 2, 201), np.linspace(-2, 2, 201))
    contour.contour(X, Y, f(X, Y), levels=np.arange(-4, 5, 1), colors="#8a8f98", linewidths=0.8,
                    linestyles="solid")
    contour.axhline(y0, color="#e8743b", linewidth=1.8)
    contour.axvline(x0, color="#23a386", linewidth=1.8)
    contour.plot(x0, y0, marker="o", color="#4a7fd6", markersize=6)
    contour.set_aspect("equal")
    contour.set_xlabel("$x$")
    contour.set_ylabel("$y$")
    contour.set_title("contours of $f$", fontsize=10)

    dfdx, dfdy = partials(x0, y0)
    s = np.linspace(-2, 2, 201)
    for ax, slice_, slope, colour, name, at in (
            (along_x, f(s, y0), dfdx, "#e8743b", "x", x0),
            (along_y, f(x0, s), dfdy, "#23a386", "y", y0)):
        ax.plot(s, slice_, color=colour, linewidth=1.8)
        near = np.linspace(at - 0.8, at + 0.8, 3)
        ax.plot(near, f(x0, y0) + slope * (near - at), color="#4a7fd6", linewidth=1.2, linestyle="--")
        ax.plot(at, f(x0, y0), marker="o", color="#4a7fd6", markersize=6)
        ax.set_xlabel(f"${name}$")
        ax.set_ylim(-5, 6)
        ax.grid(True)
    along_x.set_title(f"$f(x, {y0:g})$, slope ${dfdx:g}$", fontsize=10)
    along_y.set_title(f"$f({x0:g}, y)$, slope ${dfdy:g}$", fontsize=10)
    return fig


def numbers():
    """The worked example, the network's two gradients for image 1, and the exercises."""
    x0, y0 = P
    dfdx, dfdy = partials(x0, y0)
    params, x, t, z2, a3 = first_image()
    w2, b2, w3, b3 = params
    grad_a = cost_partials_vector(a3, t)
    # Exercise 2: outputs (0.7, 0.4) for a "0"
    a_ex, t_ex = (0.7, 0.4), dataset.target(0)
    C = lambda a: 0.5 * ((t_ex[0] - a[0]) ** 2 + (t_ex[1] - a[1]) ** 2)
    grad_ex = cost_partials_vector(a_ex, t_ex)
    ex1 = partials(2.0, -1.0)
    # Exercise 3: the gradient of z2_1 with respect to the pixels is row 1 of W2
    w2_1 = w2[0]
    steepest = max(range(12), key=lambda i: abs(w2_1[i]))
    return {
        "x0": x0, "y0": y0, "f0": f(x0, y0), "dfdx": dfdx, "dfdy": dfdy,
        "grad_length": float(np.hypot(dfdx, dfdy)),
        "x_image": "(" + ", ".join(str(v) for v in x) + ")",
        "ink": sum(x),
        "a3": vec(a3, ".3f"), "t": vec(t, "g"), "grad_a": vec(grad_a, "+.3f"),
        "C": expanded.cost(a3, t),
        "ex1_dfdx": ex1[0], "ex1_dfdy": ex1[1], "ex1_length": float(np.hypot(*ex1)),
        "ex2_C": C(a_ex), "ex2_dC1": grad_ex[0], "ex2_dC2": grad_ex[1],
        "ex2_raise_a1": C((0.71, 0.4)) - C(a_ex), "ex2_lower_a2": C((0.7, 0.39)) - C(a_ex),
        "ex3_pixel": steepest + 1, "ex3_weight": w2_1[steepest],
        "ex3_runner_up": sorted(range(12), key=lambda i: -abs(w2_1[i]))[1] + 1,
    }


if __name__ == "__main__":
    x0, y0 = P
    print(f"f(x, y) = x^2 + xy - y^2 at ({x0:g}, {y0:g}): f = {f(x0, y0):g}")
    print("  partial derivatives by the rules:      ", partials(x0, y0))
    print("  by central differences:               ", central_partials(f, x0, y0))
    params, x, t, z2, a3 = first_image()
    print(f"image {IMAGE + 1}: x = {x}")
    print("  gradient of z^2_1 with respect to the 12 weights of hidden unit 1 (= x):",
          weighted_input_partials_vector(params[0][0], x, params[1][0])[0].tolist())
    print(f"  a^3 = {vec(a3, '.4f')}, t = {t}, gradient of C with respect to a^3 = "
          f"{vec(cost_partials_vector(a3, t), '+.4f')}")
