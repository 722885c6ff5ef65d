"""Gradients from the unit errors: all 47 against central differences, and the exercises."""

import math

import numpy as np
import pytest

import dataset
import expanded
import gradients
import parameters
import vector

X, T = dataset.to_arrays(dataset.load_dataset())


def random_params(seed):
    rng = np.random.default_rng(seed)
    return {name: rng.standard_normal(shape) for name, shape in vector.SHAPES.items()}


def central(cost, params, h=1e-6):
    """Central differences written independently of gradients.numerical_gradients: one flat vector."""
    names = list(vector.SHAPES)
    theta = np.concatenate([np.ravel(params[n]) for n in names])

    def unflatten(v):
        out, at = {}, 0
        for n in names:
            size = int(np.prod(vector.SHAPES[n]))
            out[n] = v[at:at + size].reshape(vector.SHAPES[n])
            at += size
        return out

    grad = np.zeros_like(theta)
    for k in range(theta.size):
        e = np.zeros_like(theta)
        e[k] = h
        grad[k] = (cost(unflatten(theta + e)) - cost(unflatten(theta - e))) / (2 * h)
    return grad


@pytest.mark.parametrize("seed", range(5))
def test_all_47_gradients_of_one_image_match_central_differences(seed):
    params = random_params(seed)
    n = seed * 13 % 64
    x, t = X[n], T[n]
    backprop = parameters.theta_vector(gradients.gradients_one_image_vector(params, x, t))
    numeric = central(lambda p: gradients.cost_one_image(p, x, t), params)
    assert backprop.size == 47
    np.testing.assert_allclose(backprop, numeric, rtol=1e-6, atol=1e-9)


@pytest.mark.parametrize("seed", range(3))
def test_the_expanded_per_image_gradients_match_central_differences(seed):
    params = random_params(100 + seed)
    x, t = X[40], T[40]
    gw2, gb2, gw3, gb3 = gradients.gradients_one_image(vector.to_expanded(params), tuple(x), tuple(t))
    backprop = np.concatenate([np.ravel(gw2), gb2, np.ravel(gw3), gb3])
    numeric = central(lambda p: gradients.cost_one_image(p, x, t), params)
    np.testing.assert_allclose(backprop, numeric, rtol=1e-6, atol=1e-9)


def test_all_47_gradients_of_the_training_set_match_central_differences():
    params = vector.init_parameters(0)
    backprop = parameters.theta_vector(vector.gradients(params, X, T))
    numeric = central(lambda p: vector.total_cost(p, X, T), params)
    np.testing.assert_allclose(backprop, numeric, rtol=1e-6, atol=1e-8)
    images = dataset.load_dataset()
    dw2, db2, dw3, db3 = expanded.gradients(vector.to_expanded(params), images)
    np.testing.assert_allclose(np.concatenate([np.ravel(dw2), db2, np.ravel(dw3), db3]), numeric,
                               rtol=1e-6, atol=1e-8)


def test_the_batch_gradient_is_the_sum_of_the_image_gradients():
    params = random_params(7)
    total = sum(parameters.theta_vector(gradients.gradients_one_image_vector(params, X[n], T[n])) for n in range(64))
    np.testing.assert_allclose(total, parameters.theta_vector(vector.gradients(params, X, T)), rtol=1e-12, atol=1e-14)


def test_the_numerical_gradient_of_the_snippet_agrees_with_backpropagation():
    numbers = gradients.numbers()
    assert numbers["max_difference"] < 1e-8


def test_exercise_1_zero_hidden_weight_derivatives():
    numbers = gradients.numbers()
    x, t, params = gradients.book_image()
    # independently: central differences, and the count of paper pixels
    numeric = central(lambda p: gradients.cost_one_image(p, x, t), params)[:36]
    assert int(np.sum(np.abs(numeric) < 1e-12)) == numbers["zeros_w2"]
    assert numbers["zeros_w2"] == 3 * numbers["paper"] == 3 * (12 - sum(x))
    # still zero at other parameters
    other = random_params(3)
    assert np.sum(gradients.gradients_one_image_vector(other, x, t)["W2"] == 0) == numbers["zeros_w2"]


def test_exercise_2_output_bias_derivatives():
    numbers = gradients.numbers()
    x, t, params = gradients.book_image()
    numeric = central(lambda p: gradients.cost_one_image(p, x, t), params)
    # b3 is the last two of the 47; also in closed form (a3 - t) a3 (1 - a3)
    a3 = expanded.forward(vector.to_expanded(params), x)[3]
    for k, key in enumerate(("delta3_1", "delta3_2")):
        assert math.isclose(numeric[45 + k], numbers[key], rel_tol=1e-6)
        assert math.isclose((a3[k] - t[k]) * a3[k] * (1 - a3[k]), numbers[key], rel_tol=1e-12)
    assert numbers["delta3_1"] < 0 < numbers["delta3_2"]
    assert numbers["label"] == 0


def test_exercise_3_equal_pixels_give_equal_derivatives():
    numbers = gradients.numbers()
    assert (X[:, 4] == X[:, 7]).all()
    assert numbers["batch_dw2_15"] == numbers["batch_dw2_18"]
    rng = np.random.default_rng(7)
    for _ in range(5):
        params = {name: rng.standard_normal(shape) for name, shape in vector.SHAPES.items()}
        grads = vector.gradients(params, X, T)
        np.testing.assert_array_equal(grads["W2"][:, 4], grads["W2"][:, 7])
    _, _, start = gradients.book_image()
    numeric = gradients.numerical_gradients(lambda p: vector.total_cost(p, X, T), start)
    assert math.isclose(numeric["W2"][0, 4], numbers["batch_dw2_15"], rel_tol=1e-5)


def test_the_prose_signs_of_the_output_weight_derivatives():
    numbers = gradients.numbers()
    assert numbers["dw3_11"] < 0 < numbers["dw3_21"]
    assert numbers["batch_dw3_11"] > 0
