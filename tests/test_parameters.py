"""The parameters section: names, order and count of the 47 parameters, and its exercises."""

import numpy as np
import pytest

import parameters
import train
import vector


@pytest.fixture(scope="module")
def numbers():
    return parameters.numbers()


def distinct_params():
    """Parameters whose 47 values are all different, so a value finds its place."""
    values = np.arange(1, 48, dtype=float)
    return parameters.from_theta(values)


def test_theta_and_back_is_the_identity():
    params = vector.init_parameters(seed=3)
    again = parameters.from_theta(parameters.theta_vector(params))
    for name in vector.SHAPES:
        assert np.array_equal(again[name], params[name])


def test_every_name_points_at_its_entry_of_theta():
    params = distinct_params()
    theta = parameters.theta_vector(params)
    assert len(parameters.names()) == len(theta) == 47
    for k, (symbol, code) in enumerate(parameters.names()):
        assert eval(code, {}, params) == theta[k], code  # "W2[0, 4]" read as Python


def test_the_count_matches_the_arrays(numbers):
    assert numbers["total"] == vector.parameter_count(vector.init_parameters(0)) == 47
    assert numbers["hidden"] + numbers["output"] == numbers["total"]
    assert numbers["hidden"] == vector.SHAPES["W2"][0] * vector.SHAPES["W2"][1] + vector.SHAPES["b2"][0]


def test_the_table_lists_the_trained_values(numbers):
    rows = numbers["table"].splitlines()[2:]
    trained = parameters.theta_vector(train.run()[0])
    assert len(rows) == 47
    for row, value in zip(rows, trained):
        assert row.rstrip(" |").endswith(f"{value:.3f}")


def test_exercise_1_counts_of_other_networks(numbers):
    # Count the arrays such networks would hold, instead of using the formula.
    def arrays(sizes):
        return sum(n_out * n_in + n_out for n_in, n_out in zip(sizes, sizes[1:]))
    assert numbers["count_12_5_2"] == arrays((12, 5, 2)) == 12 * 5 + 5 + 5 * 2 + 2
    assert numbers["count_12_3_3_2"] == arrays((12, 3, 3, 2))


def test_exercise_2_the_place_of_w3_21(numbers):
    params = distinct_params()
    theta = list(parameters.theta_vector(params))
    assert numbers["k_w3_21"] == theta.index(params["W3"][1, 0]) + 1
    assert numbers["k_w2_last"] == theta.index(params["W2"][2, 11]) + 1
    assert numbers["k_b2_1"] == theta.index(params["b2"][0]) + 1
    assert numbers["k_b2_3"] == theta.index(params["b2"][2]) + 1
    assert numbers["k_w3_11"] == theta.index(params["W3"][0, 0]) + 1
    assert numbers["k_w3_13"] == theta.index(params["W3"][0, 2]) + 1
    assert numbers["w3_21"] == train.run()[0]["W3"][1, 0]


def test_how_many_parameters_moved_by_less_than_one(numbers):
    start, trained = vector.init_parameters(train.SEED), train.run()[0]
    moved = sum(int(np.sum(np.abs(trained[name] - start[name]) < 1)) for name in vector.SHAPES)
    assert numbers["moved_less_than_one"] == moved


def test_the_largest_parameter(numbers):
    trained = train.run()[0]
    assert numbers["largest"] == max(float(np.max(np.abs(p))) for p in trained.values())
