"""The numerical-gradient section: central differences against backpropagation, the
training run, the counts, and the exercises."""

import math

import numpy as np
import pytest

import dataset
import expanded
import numerical_gradient as ng
import parameters
import vector


@pytest.fixture(scope="module")
def numbers():
    return ng.numbers()


@pytest.fixture(scope="module")
def data():
    return dataset.to_arrays(dataset.load_dataset())


@pytest.mark.parametrize("seed", range(3))
def test_central_differences_match_backpropagation(seed, data):
    X, T = data
    params = vector.init_parameters(seed)
    estimate = parameters.theta_vector(ng.numerical_gradient(params, X, T))
    exact = parameters.theta_vector(vector.gradients(params, X, T))
    np.testing.assert_allclose(estimate, exact, rtol=1e-6, atol=1e-8)


def test_the_error_of_a_central_difference_shrinks_like_h_squared():
    # On exp at 0 the derivative is 1 and the error is about h^2 / 6.
    for h in (1e-1, 1e-2):
        error = ng.partial(lambda theta: math.exp(theta[0]), [0.0], 0, h) - 1
        assert math.isclose(error, h * h / 6, rel_tol=1e-2)


def test_numerical_training_follows_the_exact_path(numbers):
    assert math.isclose(numbers["cost_numerical"], numbers["cost_exact"], rel_tol=1e-8)
    assert numbers["curve_difference"] < 1e-8


def test_the_counts(numbers):
    assert numbers["passes"] == 2 * 47
    assert numbers["exact_passes"] == 1
    assert numbers["images_per_step"] == 2 * 47 * 64
    assert numbers["exact_images_per_step"] == 64
    assert numbers["passes_book_run"] == 2 * 47 * 1000
    assert numbers["million_passes"] == 2 * 10 ** 6


def test_exercise_1_a_forward_difference_needs_one_evaluation_more_than_the_parameters(numbers, data):
    X, T = data
    params = vector.init_parameters(0)
    theta = parameters.theta_vector(params)
    calls = []
    def C_T(theta):
        calls.append(1)
        return vector.total_cost(parameters.from_theta(theta), X, T)
    base = C_T(theta)  # shared by every k
    for k in range(len(theta)):
        nudged = theta.copy()
        nudged[k] += 1e-5
        C_T(nudged)
    assert numbers["forward_difference_evaluations"] == len(calls) == 48


def test_exercise_2_the_mnist_network(numbers):
    shapes = [(30, 784), (30,), (10, 30), (10,)]
    count = sum(math.prod(shape) for shape in shapes)
    assert numbers["mnist_parameters"] == count
    assert numbers["mnist_passes"] == 2 * count
    assert numbers["mnist_passes_run"] == 2 * count * parameters.EPOCHS


def test_exercise_3_the_error_falls_a_hundredfold_per_tenfold_smaller_h(numbers, data):
    # Against expanded.py's gradient, a second implementation of backpropagation.
    X, T = data
    params = vector.init_parameters(0)
    truth = np.concatenate([np.ravel(g) for g in expanded.gradients(
        vector.to_expanded(params), dataset.load_dataset())])
    def error(h):
        estimate = parameters.theta_vector(ng.numerical_gradient(params, X, T, h))
        return np.linalg.norm(estimate - truth) / np.linalg.norm(truth)
    assert math.isclose(numbers["error_ratio"], error(1e-2) / error(1e-3), rel_tol=1e-3)
    assert math.isclose(numbers["error_ratio_34"], error(1e-3) / error(1e-4), rel_tol=1e-2)
    assert 90 < numbers["error_ratio"] < 110 and 90 < numbers["error_ratio_34"] < 110
