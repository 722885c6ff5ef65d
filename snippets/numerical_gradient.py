"""Numerical gradients: train the network by nudging each of the 47 parameters in turn.

Each partial derivative of C_T is estimated by a central difference, two evaluations
of C_T per parameter. It works, and it shows why nobody trains a large network this way.

    python snippets/numerical_gradient.py
    python snippets/numerical_gradient.py --epochs 50 --h 1e-4

compares the estimate with backpropagation's exact gradient, trains with it, and counts
the forward passes each method needs.
"""

import argparse

import numpy as np
from matplotlib.figure import Figure

import dataset
import expanded
import parameters
import vector

H = 1e-5       # the nudge h: small, but far above the rounding error of C_T
EPOCHS = 200   # numerical training is slow, so a shorter run than the book's


# --8<-- [start:partial]
def partial(C, theta, m, h=H):
    """dC/dtheta_m ~ (C(theta + h e_m) - C(theta - h e_m)) / 2h"""
    up, down = list(theta), list(theta)
    up[m] += h
    down[m] -= h
    return (C(up) - C(down)) / (2 * h)
# --8<-- [end:partial]


# --8<-- [start:gradient]
def numerical_gradient(params, X, T, h=H):
    """All 47 partial derivatives of C_T, one central difference each"""
    theta = parameters.theta_vector(params)
    def C_T(theta):
        return vector.total_cost(parameters.from_theta(theta), X, T)
    grad = [partial(C_T, theta, m, h) for m in range(len(theta))]
    return parameters.from_theta(grad)
# --8<-- [end:gradient]


# The formula pair: component by component with expanded.py (plain floats), and as one
# vector with numpy, from the matrices theta 1^T + h I and theta 1^T - h I, whose column m
# is theta nudged along e_m.

def difference_expanded(params, images, h):
    """dC_T/dtheta_m ~ (C_T(theta + h e_m) - C_T(theta - h e_m)) / 2h, for m = 1, ..., 47"""
    theta = expanded.flatten(vector.to_expanded(params))
    def C_T(theta):
        return expanded.total_cost(expanded.unflatten(theta), images)
    return [partial(C_T, theta, m, h) for m in range(len(theta))]


def difference_vector(params, images, h):
    """grad C_T ~ (1/2h) (C_T(theta 1^T + h I) - C_T(theta 1^T - h I))^T,
    C_T taken of each column of the 47 x 47 matrices"""
    X, T = dataset.to_arrays(images)
    theta = parameters.theta_vector(params)
    ones, I = np.ones(len(theta)), np.eye(len(theta))

    def C_T_of_columns(M):
        return np.array([[vector.total_cost(parameters.from_theta(column), X, T) for column in M.T]])

    up, down = C_T_of_columns(np.outer(theta, ones) + h * I), C_T_of_columns(np.outer(theta, ones) - h * I)
    return ((up - down) / (2 * h)).T[:, 0]


def random_network(rng):
    """Random parameters, a few random images and a nudge h large enough that rounding
    in C_T cannot tell the two computations apart at 1e-12."""
    params = {name: rng.standard_normal(shape) for name, shape in vector.SHAPES.items()}
    images = [(tuple(int(p) for p in rng.integers(0, 2, size=12)), int(rng.integers(0, 2)))
              for _ in range(4)]
    return {"params": params, "images": images, "h": float(rng.uniform(0.1, 0.5))}


CHECKS = {
    "difference": (difference_expanded, difference_vector, random_network),
}


# --8<-- [start:train]
def train_numerically(params, X, T, eta, epochs, h=H):
    """vector.train with the numerical gradient in place of backpropagation's"""
    history = [vector.total_cost(params, X, T)]
    for epoch in range(epochs):
        params = vector.step(params, numerical_gradient(params, X, T, h), eta)
        history.append(vector.total_cost(params, X, T))
    return params, history
# --8<-- [end:train]


class CountingForward:
    """Counts the images that pass through vector.forward while the block runs."""

    def __enter__(self):
        self.images, self.calls, self.original = 0, 0, vector.forward
        def forward(params, X):
            self.calls += 1
            self.images += len(X)
            return self.original(params, X)
        vector.forward = forward
        return self

    def __exit__(self, *exc):
        vector.forward = self.original


def passes_per_step(params, X, T):
    """(forward passes over the training set for one numerical gradient,
        forward passes for one backpropagation gradient, images through forward for each)"""
    with CountingForward() as numerical:
        numerical_gradient(params, X, T)
    with CountingForward() as exact:
        vector.gradients(params, X, T)
    return numerical.calls, exact.calls, numerical.images, exact.images


def relative_difference(a, b):
    """|a - b| / |b| over all 47 numbers"""
    a, b = parameters.theta_vector(a), parameters.theta_vector(b)
    return float(np.linalg.norm(a - b) / np.linalg.norm(b))


def book_runs(epochs=EPOCHS):
    """The book's start, trained for `epochs` epochs with each gradient."""
    X, T = dataset.to_arrays(dataset.load_dataset())
    start = vector.init_parameters(parameters.SEED)
    exact = vector.train(start, X, T, parameters.ETA, epochs)
    numerical = train_numerically(start, X, T, parameters.ETA, epochs)
    return start, exact, numerical, X, T


def figure_cost_curves():
    """C_T against epoch for exact (backpropagation) and numerical gradients."""
    start, (p_exact, exact), (p_numerical, numerical), X, T = book_runs()
    fig = Figure(figsize=(6.4, 3.4), layout="constrained")
    ax = fig.subplots()
    epochs = np.arange(len(exact))
    ax.semilogy(epochs, exact, linewidth=4, color="#4a7fd6", alpha=0.5, label="exact gradient")
    ax.semilogy(epochs[::10], numerical[::10], "o", markersize=4, color="#e8743b",
                label="central differences")
    ax.set_xlabel("epoch")
    ax.set_ylabel("$C_T$")
    ax.grid(True)
    ax.legend()
    return fig


def numbers():
    """Agreement with backpropagation, the two training runs, and the counts of passes."""
    start, (p_exact, exact), (p_numerical, numerical), X, T = book_runs()
    estimate, truth = numerical_gradient(start, X, T), vector.gradients(start, X, T)
    calls, exact_calls, images, exact_images = passes_per_step(start, X, T)
    N = vector.parameter_count(start)
    million = 10 ** 6
    errors = {h: relative_difference(numerical_gradient(start, X, T, h), truth) for h in (1e-2, 1e-3, 1e-4)}
    return {
        "h": H, "h_exponent": round(np.log10(H)), "epochs": EPOCHS, "eta": parameters.ETA,
        "agreement": relative_difference(estimate, truth),
        "dW2_11_numerical": float(estimate["W2"][0, 0]), "dW2_11_exact": float(truth["W2"][0, 0]),
        "db3_2_numerical": float(estimate["b3"][1]), "db3_2_exact": float(truth["b3"][1]),
        "cost_exact": float(exact[-1]), "cost_numerical": float(numerical[-1]),
        "curve_difference": float(np.max(np.abs(np.array(exact) - np.array(numerical))
                                         / np.array(exact))),
        "passes": calls, "exact_passes": exact_calls,
        "images_per_step": images, "exact_images_per_step": exact_images,
        "passes_per_parameter": calls // N,
        "passes_training": calls * EPOCHS, "passes_book_run": calls * parameters.EPOCHS,
        "million_passes": 2 * million, "million_ratio": 2 * million // exact_calls,
        "error_h2": errors[1e-2], "error_h3": errors[1e-3],
        "error_h4": errors[1e-4],
        "error_ratio": errors[1e-2] / errors[1e-3], "error_ratio_34": errors[1e-3] / errors[1e-4],
        "forward_difference_evaluations": N + 1,
        "mnist_parameters": parameters.count_layers((784, 30, 10)),
        "mnist_passes": 2 * parameters.count_layers((784, 30, 10)),
        "mnist_passes_run": 2 * parameters.count_layers((784, 30, 10)) * parameters.EPOCHS,
    }


def main(argv=None):
    parser = argparse.ArgumentParser(
        prog="numerical_gradient.py",
        description="Estimate the gradient of C_T by central differences, compare it with "
                    "backpropagation's, and train the 0/1 network with it.")
    parser.add_argument("--epochs", type=int, default=20,
                        help="epochs of numerical training to run (default: 20)")
    parser.add_argument("--h", type=float, default=H, help=f"the nudge h (default: {H})")
    args = parser.parse_args(argv)
    if args.epochs < 0:
        parser.error(f"argument --epochs: must be 0 or more, not {args.epochs}")
    if not args.h > 0:
        parser.error(f"argument --h: must be greater than 0, not {args.h}")

    X, T = dataset.to_arrays(dataset.load_dataset())
    start = vector.init_parameters(parameters.SEED)
    estimate = numerical_gradient(start, X, T, args.h)
    truth = vector.gradients(start, X, T)
    print(f"h = {args.h}: central differences and backpropagation differ by "
          f"{relative_difference(estimate, truth):.2e} (relative)")
    calls, exact_calls, images, exact_images = passes_per_step(start, X, T)
    print(f"one gradient: {calls} forward passes over the {len(X)} images numerically, "
          f"{exact_calls} with backpropagation")
    params, history = train_numerically(start, X, T, parameters.ETA, args.epochs, args.h)
    exact = vector.train(start, X, T, parameters.ETA, args.epochs)[1]
    print(f"after {args.epochs} epochs: C_T = {history[-1]:.6f} numerically, "
          f"{exact[-1]:.6f} with the exact gradient")


if __name__ == "__main__":
    main()
