"""Gradient descent for 47 parameters: the sum of the images' gradients, one step, the exercises."""

import math

import numpy as np
import pytest

import dataset
import descent_revisited as dr
import parameters
import vector


def numerical_gradient(params, X, T, h=1e-6):
    """Central differences of C_T, one parameter of theta at a time."""
    theta = parameters.theta_vector(params)
    gradient = np.zeros_like(theta)
    for p in range(len(theta)):
        up, down = theta.copy(), theta.copy()
        up[p] += h
        down[p] -= h
        gradient[p] = (vector.total_cost(parameters.from_theta(up), X, T)
                       - vector.total_cost(parameters.from_theta(down), X, T)) / (2 * h)
    return gradient


@pytest.fixture(scope="module")
def book():
    X, T = dataset.to_arrays(dataset.load_dataset())
    return vector.init_parameters(parameters.SEED), X, T


def test_theta_holds_the_47_parameters_and_gives_them_back(book):
    params = book[0]
    theta = parameters.theta_vector(params)
    assert theta.shape == (47,)
    assert theta[0] == params["W2"][0, 0] and theta[11] == params["W2"][0, 11]
    assert theta[-1] == params["b3"][1]
    for name, value in parameters.from_theta(theta).items():
        np.testing.assert_array_equal(value, params[name])


@pytest.mark.parametrize("seed", range(3))
def test_the_summed_gradient_is_the_gradient_of_C_T(seed):
    kwargs = parameters.random_network(np.random.default_rng(seed))
    X, T = dataset.to_arrays(kwargs["images"])
    np.testing.assert_allclose(dr.gradient_of_total(kwargs["params"], X, T),
                               numerical_gradient(kwargs["params"], X, T), rtol=1e-6, atol=1e-8)


def test_each_image_gradient_is_the_gradient_of_its_own_cost(book):
    params, X, T = book
    for n in (0, 40):
        one = dr.gradient_of_total(params, X[n:n + 1], T[n:n + 1])
        np.testing.assert_allclose(one, numerical_gradient(params, X[n:n + 1], T[n:n + 1]),
                                   rtol=1e-6, atol=1e-9)


def test_the_figures_vote(book):
    params, X, T = book
    n = dr.numbers()
    terms = dr.contributions(params, X, T)
    zeros = T[:, 0] == 1
    assert np.all(terms[zeros] < 0) and np.all(terms[~zeros] > 0)
    assert math.isclose(n["db3_1"], n["db3_1_zeros"] + n["db3_1_ones"], rel_tol=1e-12)
    numerical = numerical_gradient(params, X, T)[-2]  # b3_1 is theta's next-to-last entry
    assert math.isclose(n["db3_1"], numerical, rel_tol=1e-6)


def test_exercise_1_the_first_step(book):
    params, X, T = book
    theta = parameters.theta_vector(params) - parameters.ETA * numerical_gradient(params, X, T)
    after = vector.total_cost(parameters.from_theta(theta), X, T)
    n = dr.numbers()
    assert math.isclose(n["cost_one_step"], after, rel_tol=1e-7)
    # the first step of the book's training run (parameters.run) lands on the same cost
    assert math.isclose(n["cost_one_step"], parameters.run(epochs=1)[1][1], rel_tol=1e-12)
    assert math.isclose(n["first_step_fraction"], 1 - after / n["cost_start"], rel_tol=1e-6)


def test_exercise_2_the_learning_rate_of_the_average(book):
    params, X, T = book
    eta_average = dr.numbers()["eta_for_average"]
    on_average = parameters.theta_vector(params) - eta_average * dr.gradient_of_total(params, X, T) / len(X)
    on_sum = parameters.theta_vector(dr.descent_step(params, X, T, parameters.ETA))
    np.testing.assert_allclose(on_average, on_sum, rtol=1e-12, atol=1e-15)


def test_exercise_3_the_first_order_prediction_of_the_first_step(book):
    params, X, T = book
    n = dr.numbers()
    gradient = numerical_gradient(params, X, T)
    assert math.isclose(n["gradient_length"], np.linalg.norm(gradient), rel_tol=1e-7)
    assert math.isclose(n["predicted_change"], -parameters.ETA * gradient @ gradient, rel_tol=1e-6)
    assert math.isclose(n["true_change"], n["cost_one_step"] - n["cost_start"], rel_tol=1e-12)
    assert n["predicted_change"] < n["true_change"] < 0
    # the prediction becomes exact as the step shrinks: the gap falls like eta^2
    theta, g = parameters.theta_vector(params), gradient
    gaps = []
    for eta in (1e-2, 1e-3):
        moved = vector.total_cost(parameters.from_theta(theta - eta * g), X, T) - n["cost_start"]
        gaps.append(abs(moved - (-eta * g @ g)))
    assert 50 < gaps[0] / gaps[1] < 200
