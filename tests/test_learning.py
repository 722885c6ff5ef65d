"""The learning section: the parameter vector, the count, the slices of C_T and the exercises."""

import math

import numpy as np

import dataset
import expanded
import learning
import parameters
import vector

NUMBERS = learning.numbers()


def count_by_building(sizes):
    """Parameters counted by making every weight matrix and bias vector."""
    return sum(np.zeros((n_to, n_from)).size + np.zeros(n_to).size for n_from, n_to in zip(sizes, sizes[1:]))


def test_theta_has_47_entries_in_the_order_of_the_expanded_tuple():
    params = vector.init_parameters(3)
    theta = learning.theta_vector(*(params[name] for name in vector.SHAPES))
    assert theta.shape == (47,)
    w2, b2, w3, b3 = vector.to_expanded(params)
    in_order = [w for row in w2 for w in row] + b2 + [w for row in w3 for w in row] + b3
    assert theta.tolist() == in_order


def test_the_count_is_47_and_matches_the_arrays():
    assert learning.count_expanded(12, 3, 2) == learning.count_vector(12, 3, 2) == 47
    assert parameters.count_layers([12, 3, 2]) == count_by_building([12, 3, 2]) == 47


def test_the_trained_parameter_is_where_the_slices_cross():
    params, history, X, T = parameters.run()
    for name, index, label in learning.MOVED:
        at = learning.cost_along(params, X, T, name, index, [params[name][index]])[0]
        assert math.isclose(at, history[-1], rel_tol=1e-12)


def test_the_bias_sits_in_a_valley_and_the_weight_on_a_slope():
    assert NUMBERS["b3_2_minus_1"] > NUMBERS["final_cost"] < NUMBERS["b3_2_plus_1"]
    assert NUMBERS["W2_2_8_minus_1"] > NUMBERS["final_cost"] > NUMBERS["W2_2_8_plus_1"]


def test_the_slices_agree_with_the_expanded_network():
    params, history, X, T = parameters.run()
    images = dataset.load_dataset()
    for name, index, label in learning.MOVED:
        moved = {key: p.copy() for key, p in params.items()}
        moved[name][index] += 1
        assert math.isclose(expanded.total_cost(vector.to_expanded(moved), images),
                            NUMBERS[f"{name}_{'_'.join(str(i + 1) for i in index)}_plus_1"], rel_tol=1e-10)


def test_exercise_1_positions_in_theta():
    assert NUMBERS["pos_w2_25"] == 12 * (2 - 1) + 5 == 17
    assert NUMBERS["pos_w2_3_12"] == 36
    assert NUMBERS["pos_b2_1"] == 37 and NUMBERS["pos_w3_11"] == 40 and NUMBERS["pos_b3_2"] == 47
    # by value: the entry of theta at the position holds that parameter
    params = vector.init_parameters(11)
    theta = learning.theta_vector(*(params[name] for name in vector.SHAPES))
    assert theta[NUMBERS["pos_w2_25"] - 1] == params["W2"][1, 4]
    assert theta[NUMBERS["pos_w3_11"] - 1] == params["W3"][0, 0]
    assert theta[NUMBERS["pos_b3_2"] - 1] == params["b3"][1]


def test_exercise_2_a_second_hidden_layer():
    assert NUMBERS["p_12_3_3_2"] == count_by_building([12, 3, 3, 2]) == 59


def test_exercise_3_more_training_keeps_lowering_the_cost():
    X, T = dataset.to_arrays(dataset.load_dataset())
    params, history = vector.train(vector.init_parameters(parameters.SEED), X, T, parameters.ETA, 2 * parameters.EPOCHS)
    assert history[-1] < history[parameters.EPOCHS]
    assert np.abs(params["W3"]).sum() > np.abs(parameters.run()[0]["W3"]).sum()  # the weights keep growing


def test_exercise_3_the_slice_keeps_falling_without_a_bottom():
    params, history, X, T = parameters.run()
    trained = params["W2"][1, 7]
    costs = learning.cost_along(params, X, T, "W2", (1, 7), np.linspace(trained, trained + 20, 201))
    assert np.all(np.diff(costs) < 0)


def test_the_hopeless_count():
    seconds = 10 ** 47 / 1e9
    assert NUMBERS["years_exponent"] == math.floor(math.log10(seconds / (365.25 * 86400))) == 30


def test_the_counting_inner_product_grows_by_one_entry_per_layer():
    for sizes in ([12, 3, 2], [784, 30, 10], [5, 7, 1]):
        n1, n2, n3 = sizes
        assert learning.count_vector(n1, n2, n3) == count_by_building(sizes)


def test_exercise_3_the_slice_of_w2_28_keeps_falling_and_the_parameters_grew():
    params, history, X, T = parameters.run()
    trained = params["W2"][1, 7]
    costs = learning.cost_along(params, X, T, "W2", (1, 7), np.linspace(trained, trained + 8, 33))
    assert (np.diff(costs) < 0).all() and costs[-1] > 0
    start = np.linalg.norm(parameters.theta_vector(vector.init_parameters(parameters.SEED)))
    assert math.isclose(NUMBERS["theta_length_start"], start, rel_tol=1e-12)
    assert NUMBERS["theta_length_end"] > NUMBERS["theta_length_start"]
    assert abs(NUMBERS["largest_w3"]) == np.abs(params["W3"]).max()


def test_the_four_output_weights_from_units_2_and_3_grew_the_most():
    params = parameters.run()[0]
    start = vector.init_parameters(parameters.SEED)
    largest = set(zip(*np.unravel_index(np.argsort(np.abs(params["W3"]), axis=None)[-4:], (2, 3))))
    assert largest == {(0, 1), (0, 2), (1, 1), (1, 2)}
    assert (np.abs(params["W3"][:, 1:]) > np.abs(start["W3"][:, 1:])).all()
