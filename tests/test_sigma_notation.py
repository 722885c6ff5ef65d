"""The sigma-notation section: its sums against the network and against closed forms."""

import math

import numpy as np

import dataset
import expanded
import parameters
import sigma_notation
import vector


def test_the_example_images_are_training_images():
    images = dataset.load_dataset()
    assert images[63] == (tuple(sigma_notation.ONE), 1)
    assert images[31] == (tuple(sigma_notation.ZERO), 0)


def test_the_hidden_unit_sum_is_the_network_s_weighted_input():
    params = vector.init_parameters(seed=3)
    x = dataset.load_dataset()[40][0]
    z2 = expanded.forward(vector.to_expanded(params), x)[0]
    for j in range(3):
        assert math.isclose(sigma_notation.hidden_unit_expanded(params["W2"], x, params["b2"], j), z2[j],
                            rel_tol=1e-12)


def test_the_double_sum_in_either_order_is_the_training_set_s_cost():
    A3, T = sigma_notation.untrained_outputs()
    outputs_first = sum(0.5 * (T[n, k] - A3[n, k]) ** 2 for k in range(2) for n in range(64))
    params = vector.init_parameters(parameters.SEED)
    assert math.isclose(outputs_first, expanded.total_cost(vector.to_expanded(params), dataset.load_dataset()),
                        rel_tol=1e-12)
    n = sigma_notation.numbers()
    assert math.isclose(n["cost"], outputs_first, rel_tol=1e-12)
    assert math.isclose(n["first_term"] + n["second_term"],
                        0.5 * ((1 - n["a3_11"]) ** 2 + n["a3_12"] ** 2), rel_tol=1e-12)


def test_exercise_1_only_the_inked_pixels_count():
    # four inked pixels in the middle column, each weighted +2, five at the sides, each -1
    n = sigma_notation.numbers()
    assert n["sum_one"] == 4 * 2 - 5 and (n["ink_one_middle"], n["ink_one_sides"]) == (4, 5)
    # the full "0": 10 inked pixels, 2 of them in the middle column
    assert sigma_notation.numbers()["sum_zero"] == 2 * 2 - 8


def test_exercise_2_the_odd_numbers_add_up_to_a_square():
    n = sigma_notation.numbers()
    assert n["odd_last"] == 2 * 12 - 1
    assert n["odd_sum"] == 12 ** 2 == 2 * n["sum_to_12"] - 12
    assert n["sum_to_12"] == 12 * 13 // 2 and n["pairs_sum"] == 13
    # the pairing argument for any m, and the odd numbers' square
    for m in range(1, 40):
        assert sum(range(1, m + 1)) == m * (m + 1) // 2 and sum(2 * i - 1 for i in range(1, m + 1)) == m * m


def test_exercise_3_a_constant_is_counted():
    assert sigma_notation.numbers()["constant_sum"] == 12 * 3
    assert sigma_notation.linearity_vector(3, np.zeros(12), np.zeros(12)) == 0
    assert sigma_notation.linearity_vector(0, np.zeros(12), np.full(12, 3)) == 36


def test_the_norm_of_the_error_table_is_the_double_sum():
    rng = np.random.default_rng(8)
    A3, T = rng.uniform(0, 1, size=(64, 2)), rng.integers(0, 2, size=(64, 2)).astype(float)
    assert math.isclose(sigma_notation.total_cost_vector(A3, T), 0.5 * np.sum((T - A3) ** 2), rel_tol=1e-12)


def test_every_entry_of_the_gradient_is_a_sum_over_the_images():
    # dC_T/dtheta_m, by central differences of C_T, is the sum of 64 contributions, image n's
    # being its own derivative (delta times the input of the weight, from that image alone)
    params = vector.init_parameters(parameters.SEED)
    X, T = dataset.to_arrays(dataset.load_dataset())
    images = dataset.load_dataset()
    contributions = [parameters.theta_vector(vector.from_expanded(
        expanded.gradients(vector.to_expanded(params), [image]))) for image in images]
    summed = np.sum(contributions, axis=0)
    theta, h = parameters.theta_vector(params), 1e-6
    for m in range(len(theta)):
        up, down = theta.copy(), theta.copy()
        up[m] += h
        down[m] -= h
        numeric = (vector.total_cost(parameters.from_theta(up), X, T)
                   - vector.total_cost(parameters.from_theta(down), X, T)) / (2 * h)
        assert math.isclose(summed[m], numeric, rel_tol=1e-6, abs_tol=1e-8), m
    assert len(contributions) == 64 and np.count_nonzero(np.ptp(contributions, axis=0)) == 47
