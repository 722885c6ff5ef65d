"""The sigma-notation section: its sums against the network and against closed forms."""

import math

import numpy as np

import dataset
import expanded
import sigma_notation
import vector


def test_the_example_images_are_training_images():
    images = dataset.load_dataset()
    assert images[32] == (tuple(sigma_notation.ONE), 1)
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
    params = vector.init_parameters(seed=0)
    assert math.isclose(outputs_first, expanded.total_cost(vector.to_expanded(params), dataset.load_dataset()),
                        rel_tol=1e-12)
    n = sigma_notation.numbers()
    assert math.isclose(n["cost"], outputs_first, rel_tol=1e-12)
    assert math.isclose(n["first_term"] + n["second_term"],
                        0.5 * ((1 - n["a3_11"]) ** 2 + n["a3_12"] ** 2), rel_tol=1e-12)


def test_exercise_1_only_the_middle_column_counts():
    # four inked pixels, each weighted +2
    assert sigma_notation.numbers()["sum_one"] == 4 * 2
    # the full "0": 10 inked pixels, 2 of them in the middle column
    assert sigma_notation.numbers()["sum_zero"] == 2 * 2 - 8


def test_exercise_2_the_odd_numbers_add_up_to_a_square():
    n = sigma_notation.numbers()
    assert n["odd_last"] == 2 * 12 - 1
    assert n["odd_sum"] == 12 ** 2 == 2 * n["sum_to_12"] - 12
    assert n["sum_to_12"] == 12 * 13 // 2


def test_exercise_3_a_constant_is_counted():
    assert sigma_notation.numbers()["constant_sum"] == 12 * 3
    assert sigma_notation.linearity_vector(3, np.zeros(12), np.zeros(12)) == 0
    assert sigma_notation.linearity_vector(0, np.zeros(12), np.full(12, 3)) == 36
