"""Linear approximation: how much a function changes when its inputs move a little.

    python snippets/approximation.py

prints the tangent-line estimate of the sigmoid, the estimate of f(x, y) = x^2 y near
(1, 2), and the estimate of how the cost C_T of the 0/1 network changes when all 47
parameters move a little, each beside the true change.
"""

import math

import numpy as np
from matplotlib.figure import Figure

import dataset
import expanded
import parameters
import vector

P = (1.0, 2.0)          # the point of the worked example
DP = (0.1, -0.05)       # the step (dx, dy) away from it
SIGMA_AT, SIGMA_STEP = 1.0, 0.2  # the tangent line of the sigmoid at 1, stepped to 1.2
DIRECTION_SEED = 1      # the random direction in which all 47 parameters move
STEP_LENGTH = 0.1       # the length of that move, ||d theta||
STEPS = np.logspace(-3, 0, 19)  # step lengths for the figure, 0.001 to 1


def sigma(x):
    """sigma(x) = 1 / (1 + e^-x)"""
    return 1 / (1 + math.exp(-x))


def sigma_prime(x):
    """sigma'(x) = sigma(x) (1 - sigma(x))"""
    return sigma(x) * (1 - sigma(x))


# --8<-- [start:tangent]
def tangent(f, df, x, dx):
    """f(x + dx) is about f(x) + f'(x) dx"""
    return f(x) + df(x) * dx
# --8<-- [end:tangent]


# --8<-- [start:f]
def f(x, y):
    """f(x, y) = x^2 y"""
    return x * x * y


def gradient(x, y):
    """df/dx = 2 x y,  df/dy = x^2"""
    return 2 * x * y, x * x
# --8<-- [end:f]


# --8<-- [start:linear]
def linear_expanded(x, y, dx, dy):
    """f(x + dx, y + dy) is about f(x, y) + df/dx dx + df/dy dy"""
    dfdx, dfdy = gradient(x, y)
    return f(x, y) + dfdx * dx + dfdy * dy


def linear_vector(x, y, dx, dy):
    """f(p + dp) is about f(p) + grad f(p) . dp"""
    p, dp = np.array([x, y]), np.array([dx, dy])
    grad = np.array([2 * p[0] * p[1], p[0] ** 2])
    return f(*p) + grad @ dp
# --8<-- [end:linear]


# --8<-- [start:change]
def change_expanded(grad, dx):
    """df is about df/dx_1 dx_1 + df/dx_2 dx_2 + ... + df/dx_m dx_m"""
    df = 0.0
    for i in range(len(grad)):
        df += grad[i] * dx[i]
    return df


def change_vector(grad, dx):
    """df is about grad f . dx"""
    return np.asarray(grad) @ np.asarray(dx)
# --8<-- [end:change]


# --8<-- [start:network]
def network_change_expanded(params, images, dtheta):
    """dC_T is about dC_T/dw2_11 dw2_11 + dC_T/dw2_12 dw2_12 + ... + dC_T/db3_2 db3_2"""
    grads = expanded.gradients(vector.to_expanded(params), images)
    numbers = []  # the 47 partial derivatives, in the order of theta
    for g in grads:
        for row in g:
            numbers.extend(row if isinstance(row, list) else [row])
    dC_T = 0.0
    for i in range(len(numbers)):
        dC_T += numbers[i] * dtheta[i]
    return dC_T


def network_change_vector(params, images, dtheta):
    """dC_T is about grad C_T . dtheta"""
    X, T = dataset.to_arrays(images)
    return parameters.theta_vector(vector.gradients(params, X, T)) @ dtheta
# --8<-- [end:network]


def random_point(rng):
    return {"x": rng.normal(), "y": rng.normal(), "dx": 0.1 * rng.normal(), "dy": 0.1 * rng.normal()}


def random_change(rng):
    n = int(rng.integers(2, 48))
    return {"grad": list(rng.normal(size=n)), "dx": list(0.1 * rng.normal(size=n))}


def random_network(rng):
    params = {name: rng.standard_normal(shape) for name, shape in vector.SHAPES.items()}
    images = [(tuple(int(p) for p in rng.integers(0, 2, size=12)), int(rng.integers(0, 2)))
              for _ in range(6)]
    return {"params": params, "images": images, "dtheta": 0.01 * rng.standard_normal(47)}


CHECKS = {
    "linear": (linear_expanded, linear_vector, random_point),
    "change": (change_expanded, change_vector, random_change),
    "network_change": (network_change_expanded, network_change_vector, random_network),
}


def book_network():
    """The starting parameters of the book's run, the training set, and a unit direction."""
    params = vector.init_parameters(parameters.SEED)
    X, T = dataset.to_arrays(dataset.load_dataset())
    u = np.random.default_rng(DIRECTION_SEED).standard_normal(47)
    return params, X, T, u / np.linalg.norm(u)


# --8<-- [start:error]
def network_error(params, X, T, dtheta):
    """The true change of C_T minus its linear estimate grad C_T . dtheta"""
    C_T = vector.total_cost(params, X, T)
    moved = vector.total_cost(parameters.from_theta(parameters.theta_vector(params) + dtheta), X, T)
    estimate = parameters.theta_vector(vector.gradients(params, X, T)) @ dtheta
    return (moved - C_T) - estimate
# --8<-- [end:error]


def f_error(h):
    """The error of the linear estimate of f at P for a step of length h along DP."""
    u = np.array(DP) / np.linalg.norm(DP)
    dx, dy = h * u
    return f(P[0] + dx, P[1] + dy) - linear_expanded(*P, dx, dy)


def figure_error():
    """|true change - linear estimate| against the step length, on log-log axes."""
    params, X, T, u = book_network()
    errors_f = [abs(f_error(h)) for h in STEPS]
    errors_net = [abs(network_error(params, X, T, h * u)) for h in STEPS]
    fig = Figure(figsize=(6, 3.6), layout="constrained")
    ax = fig.subplots()
    ax.loglog(STEPS, errors_f, marker="o", markersize=3, color="#4a7fd6", label="$f(x, y) = x^2 y$")
    ax.loglog(STEPS, errors_net, marker="s", markersize=3, color="#e8743b", label="$C_T$, 47 parameters")
    ax.loglog(STEPS, STEPS ** 2, linestyle="--", color="#8a8f98", label="step length squared")
    ax.set_xlabel("step length")
    ax.set_ylabel("error of the linear estimate")
    ax.legend(fontsize=9)
    return fig


def shown(value, digits):
    """A value as the page shows it, rounded, so that arithmetic on the page adds up."""
    return round(value, digits)


def numbers():
    """The worked examples' numbers for the prose and the exercises."""
    x, dx = SIGMA_AT, SIGMA_STEP
    fx, fy = P
    dfdx, dfdy = gradient(*P)
    estimate = linear_expanded(*P, *DP)
    true = f(P[0] + DP[0], P[1] + DP[1])
    # Exercise 1: f near (2, 1), a step of (-0.1, 0.2)
    ex_estimate = linear_expanded(2.0, 1.0, -0.1, 0.2)
    ex_true = f(1.9, 1.2)
    params, X, T, u = book_network()
    dtheta = STEP_LENGTH * u
    C_T = vector.total_cost(params, X, T)
    grad = parameters.theta_vector(vector.gradients(params, X, T))
    moved = vector.total_cost(parameters.from_theta(parameters.theta_vector(params) + dtheta), X, T)
    h = STEP_LENGTH
    ratio = network_error(params, X, T, h * u) / network_error(params, X, T, h / 2 * u)
    return {
        "sigma_x": x, "sigma_dx": dx, "sigma_to": x + dx, "sigma_at": sigma(x), "sigma_slope": sigma_prime(x),
        # the estimate from the four-digit value and slope the page shows
        "sigma_estimate": shown(shown(sigma(x), 4) + shown(sigma_prime(x), 4) * dx, 4),
        "sigma_true": sigma(x + dx),
        "sigma_error": abs(tangent(sigma, sigma_prime, x, dx) - sigma(x + dx)),
        "sigma_second_order": 0.5 * sigma_prime(x) * (1 - 2 * sigma(x)) * dx ** 2,
        "sigma_error_at_0": abs(tangent(sigma, sigma_prime, 0.0, dx) - sigma(dx)),
        "x": fx, "y": fy, "dx": DP[0], "dy": DP[1], "f": f(*P), "dfdx": dfdx, "dfdy": dfdy,
        "x_to": fx + DP[0], "y_to": fy + DP[1],
        "estimate": estimate, "true": true, "error": true - estimate,
        "ex_estimate": ex_estimate, "ex_true": ex_true, "ex_overshoot": ex_estimate - ex_true,
        "seed": parameters.SEED, "step_length": STEP_LENGTH, "parameters": len(grad),
        "C_T": C_T, "grad_norm": float(np.linalg.norm(grad)),
        "dC_estimate": float(grad @ dtheta), "dC_true": moved - C_T,
        "dC_error": (moved - C_T) - float(grad @ dtheta),
        "halving_ratio": ratio,
    }


if __name__ == "__main__":
    n = numbers()
    print(f"sigma({n['sigma_dx']}) = {n['sigma_true']:.6f}, tangent line: {n['sigma_estimate']:.6f}")
    print(f"f({n['x'] + n['dx']:g}, {n['y'] + n['dy']:g}) = {n['true']:.6f}, "
          f"linear estimate: {n['estimate']:.6f}")
    print(f"C_T = {n['C_T']:.6f} at the book's start; moving all {n['parameters']} parameters "
          f"by a step of length {n['step_length']}:")
    print(f"  true change {n['dC_true']:+.6f}, linear estimate {n['dC_estimate']:+.6f}")
