"""Gradient descent for 47 parameters: one step, and the gradient of C_T as a sum over images.

    python snippets/descent_revisited.py

takes the first steps of gradient descent on the 0/1 network from the book's start,
and prints C_T after each, with the partial derivative of C_T for one bias split into
the contributions of the 64 images.
"""

import numpy as np
from matplotlib.figure import Figure

import dataset
import expanded
import parameters
import vector


# --8<-- [start:gradient_sum]
def gradient_of_total(params, X, T):
    """grad C_T = grad C_1 + grad C_2 + ... + grad C_64, one image at a time"""
    total = np.zeros(vector.parameter_count(params))
    for x, t in zip(X, T):
        total += parameters.theta_vector(vector.gradients(params, x[None, :], t[None, :]))
    return total
# --8<-- [end:gradient_sum]


# --8<-- [start:descent_step]
def descent_step(params, X, T, eta):
    """theta <- theta - eta grad C_T: each parameter against its own derivative"""
    theta = parameters.theta_vector(params)
    return parameters.from_theta(theta - eta * gradient_of_total(params, X, T))
# --8<-- [end:descent_step]


# Pair checks. Expanded sides: expanded.py's loops, one parameter and one image at a time.
# Vector sides: the 47 numbers as one vector theta, or numpy over the whole batch.

def gradient_sum_expanded(params, images, **_):
    """dC_T/dw as the sum of dC_n/dw, image by image, entry by entry"""
    p = vector.to_expanded(params)
    total = [0.0] * len(expanded.flatten(p))
    for image in images:
        one = expanded.flatten(expanded.gradients(p, [image]))
        for entry in range(len(total)):
            total[entry] += one[entry]
    return total


def gradient_sum_vector(params, images, **_):
    """grad C_T as the sum of the 64 gradient vectors grad C_n, the code shown beside the pair"""
    X, T = dataset.to_arrays(images)
    return gradient_of_total(params, X, T)


def descent_step_expanded(params, images, eta, **_):
    """w <- w - eta dC_T/dw and b <- b - eta dC_T/db, parameter by parameter (expanded.step)"""
    p = vector.to_expanded(params)
    return expanded.flatten(expanded.step(p, expanded.gradients(p, images), eta))


def descent_step_vector(params, images, eta, **_):
    """theta <- theta - eta grad C_T, with the image-by-image gradient of gradient_of_total"""
    X, T = dataset.to_arrays(images)
    return parameters.theta_vector(descent_step(params, X, T, eta))


CHECKS = {
    "gradient_sum": (gradient_sum_expanded, gradient_sum_vector, parameters.random_network),
    "descent_step": (descent_step_expanded, descent_step_vector, parameters.random_network),
}


def contributions(params, X, T, name="b3", index=0):
    """dC_n/d(parameter) for each image n: the terms that add up to dC_T/d(parameter)."""
    return np.array([vector.gradients(params, x[None, :], t[None, :])[name].ravel()[index]
                     for x, t in zip(X, T)])


def figure_contributions():
    """The 64 terms dC_n/db3_1 at the start, zeros and ones in two colours, with their sum."""
    X, T = dataset.to_arrays(dataset.load_dataset())
    terms = contributions(vector.init_parameters(parameters.SEED), X, T)
    fig = Figure(figsize=(6.8, 3.0), layout="constrained")
    ax = fig.subplots()
    n = np.arange(1, len(terms) + 1)
    zeros = T[:, 0] == 1
    ax.bar(n[zeros], terms[zeros], color="#4a7fd6", label='image of a "0"')
    ax.bar(n[~zeros], terms[~zeros], color="#e8743b", label='image of a "1"')
    ax.axhline(0, color="#8a8f98", linewidth=0.8)
    ax.set_xlabel("image $n$")
    ax.set_ylabel("$\\partial C_n / \\partial b^3_1$")
    ax.set_xlim(0, len(terms) + 1)
    ax.legend(loc="lower right", ncols=2)
    return fig


def numbers():
    """The start of the book's run: one step, the sum of one partial derivative, the costs."""
    X, T = dataset.to_arrays(dataset.load_dataset())
    params = vector.init_parameters(parameters.SEED)
    gradient = gradient_of_total(params, X, T)
    stepped = descent_step(params, X, T, parameters.ETA)
    terms = contributions(params, X, T)
    zeros = T[:, 0] == 1
    count = vector.parameter_count(params)
    return {
        "eta": parameters.ETA, "parameters": count, "images": len(X),
        "cost_start": vector.total_cost(params, X, T),
        "cost_one_step": vector.total_cost(stepped, X, T),
        "first_step_fraction": 1 - vector.total_cost(stepped, X, T) / vector.total_cost(params, X, T),
        "gradient_length": float(np.linalg.norm(gradient)),
        "predicted_change": float(-parameters.ETA * np.linalg.norm(gradient) ** 2),
        "true_change": vector.total_cost(stepped, X, T) - vector.total_cost(params, X, T),
        "step_length": float(parameters.ETA * np.linalg.norm(gradient)),
        "largest_partial": float(np.max(np.abs(gradient))),
        "db3_1": float(terms.sum()),
        "db3_1_zeros": float(terms[zeros].sum()), "db3_1_ones": float(terms[~zeros].sum()),
        "numerical_evaluations": 2 * count,
        "numerical_image_passes": 2 * count * len(X),
        "eta_for_average": parameters.ETA * len(X),
    }


if __name__ == "__main__":
    X, T = dataset.to_arrays(dataset.load_dataset())
    params = vector.init_parameters(parameters.SEED)
    print(f"{vector.parameter_count(params)} parameters, {len(X)} images, eta = {parameters.ETA}")
    for n in range(6):
        print(f"step {n}: C_T = {vector.total_cost(params, X, T):.4f}")
        params = descent_step(params, X, T, parameters.ETA)
    terms = contributions(vector.init_parameters(parameters.SEED), X, T)
    print(f"at the start, dC_T/db3_1 = {terms.sum():+.4f}, the sum of {len(terms)} terms "
          f"from {terms.min():+.4f} to {terms.max():+.4f}")
