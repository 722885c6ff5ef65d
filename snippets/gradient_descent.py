"""Gradient descent by hand on a bowl of two variables: f(x, y) = x^2 + 3 y^2.

    python snippets/gradient_descent.py

prints the first steps from the book's start point, once with a step size that
converges and once with one that is too large.
"""

import numpy as np
from matplotlib.figure import Figure

A, B = 1, 3            # f(x, y) = A x^2 + B y^2, a bowl three times steeper along y
START = (2.0, 1.0)     # where the walk begins
ETA = 0.1              # a step size that converges
ETA_TOO_LARGE = 0.35   # a step size that does not: 1 - 2 B eta = -1.1
STEPS = 8


# --8<-- [start:f]
def f_expanded(x, y):
    """f(x, y) = x^2 + 3 y^2"""
    return A * x * x + B * y * y


def f_vector(x, y):
    """f(p) = p^T D p, with p = (x, y) and D = diag(1, 3)"""
    p = np.array([x, y])
    D = np.diag([A, B])
    return p @ D @ p
# --8<-- [end:f]


# --8<-- [start:gradient]
def gradient_expanded(x, y):
    """df/dx = 2x,  df/dy = 6y"""
    return 2 * A * x, 2 * B * y


def gradient_vector(x, y):
    """grad f(p) = 2 D p"""
    p = np.array([x, y])
    D = np.diag([A, B])
    return 2 * D @ p
# --8<-- [end:gradient]


# --8<-- [start:step]
def step_expanded(x, y, eta):
    """x <- x - eta df/dx,  y <- y - eta df/dy"""
    dfdx, dfdy = gradient_expanded(x, y)
    return x - eta * dfdx, y - eta * dfdy


def step_vector(x, y, eta):
    """p <- p - eta grad f(p)"""
    p = np.array([x, y])
    return p - eta * gradient_vector(x, y)
# --8<-- [end:step]


# --8<-- [start:walk]
def walk(start, eta, steps):
    """The points p_0 = start, p_1, ..., p_steps of gradient descent on f."""
    points = [start]
    for s in range(steps):
        points.append(step_expanded(*points[-1], eta))
    return points
# --8<-- [end:walk]


def random_point(rng):
    """A random point of the plane and a random step size."""
    return {"x": rng.normal(), "y": rng.normal(), "eta": rng.uniform(0.01, 0.5)}


def random_xy(rng):
    return {"x": rng.normal(), "y": rng.normal()}


CHECKS = {
    "f": (f_expanded, f_vector, random_xy),
    "gradient": (gradient_expanded, gradient_vector, random_xy),
    "step": (step_expanded, step_vector, random_point),
}


def steps_table(eta, steps):
    """The walk as a Markdown table: step s, x, y, f and the two partial derivatives."""
    rows = ["| $s$ | $x_s$ | $y_s$ | $f(x_s, y_s)$ | $\\partial f / \\partial x$ | $\\partial f / \\partial y$ |",
            "|---:|---:|---:|---:|---:|---:|"]
    for s, (x, y) in enumerate(walk(START, eta, steps)):
        dfdx, dfdy = gradient_expanded(x, y)
        rows.append(f"| {s} | {x:.4f} | {y:.4f} | {f_expanded(x, y):.4f} | {dfdx:.4f} | {dfdy:.4f} |")
    return "\n".join(rows)


def steps_below(eta, level):
    """How many steps from START until f first falls below `level`."""
    s, (x, y) = 0, START
    while f_expanded(x, y) >= level:
        x, y = step_expanded(x, y, eta)
        s += 1
    return s


def figure_paths():
    """Contours of f with the walk for a good step size (left) and a too-large one (right)."""
    fig = Figure(figsize=(7.2, 3.0), layout="constrained")
    X, Y = np.meshgrid(np.linspace(-2.6, 2.6, 261), np.linspace(-1.9, 1.9, 191))
    for ax, eta, steps in zip(fig.subplots(1, 2, sharey=True), (ETA, ETA_TOO_LARGE), (STEPS, 5)):
        ax.contour(X, Y, f_expanded(X, Y), levels=[0.25, 1, 2, 4, 6, 9], colors="#8a8f98",
                   linewidths=0.8)
        xs, ys = zip(*walk(START, eta, steps))
        ax.plot(xs, ys, marker="o", markersize=4, linewidth=1.6, color="#e8743b")
        ax.plot(0, 0, marker="+", markersize=10, color="#8a8f98")
        ax.set_title(f"$\\eta = {eta}$", fontsize=11)
        ax.set_xlabel("$x$")
        ax.set_aspect("equal")
        ax.set_xlim(-2.6, 2.6)
        ax.set_ylim(-1.9, 1.9)
    fig.axes[0].set_ylabel("$y$")
    return fig


def numbers():
    """The walk's numbers for the prose and its table."""
    x, y = walk(START, ETA, STEPS)[-1]
    return {
        "a": A, "b": B,
        "x0": START[0], "y0": START[1], "eta": ETA, "steps": STEPS,
        "eta_too_large": ETA_TOO_LARGE,
        "x_factor": 1 - 2 * A * ETA, "y_factor": 1 - 2 * B * ETA,
        "y_factor_too_large": 1 - 2 * B * ETA_TOO_LARGE,
        "eta_limit": 1 / B,
        "f0": f_expanded(*START), "f_last": f_expanded(x, y),
        "table": steps_table(ETA, STEPS),
        "steps_below": steps_below(ETA, 0.01),
    }


if __name__ == "__main__":
    for eta in (ETA, ETA_TOO_LARGE):
        print(f"eta = {eta}")
        for s, (x, y) in enumerate(walk(START, eta, 5)):
            print(f"  step {s}: x = {x:+.4f}, y = {y:+.4f}, f = {f_expanded(x, y):.4f}")
