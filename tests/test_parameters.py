"""The parameters section: names and order of the 47 parameters, and its exercises."""

import numpy as np
import pytest

import learning
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


def test_theta_is_learning_py_s_theta():
    params = vector.init_parameters(seed=5)
    expanded = {name: value.tolist() for name, value in params.items()}
    assert np.array_equal(parameters.theta_vector(params), learning.theta_expanded(**expanded))


def test_the_table_lists_the_trained_values(numbers):
    rows = numbers["table"].splitlines()[2:]
    trained = parameters.theta_vector(train.run()[0])
    assert len(rows) == 47
    for row, value in zip(rows, trained):
        assert row.rstrip(" |").endswith(f"{value:.3f}")


def test_exercise_1_the_weight_from_pixel_7_to_hidden_unit_3(numbers):
    # Find it by value in the table the page prints, not by index arithmetic.
    trained = train.run()[0]
    row = next(line for line in numbers["table"].splitlines() if "`W2[2, 6]`" in line)
    assert "$w^2_{37}$" in row
    assert int(row.split("|")[1]) == numbers["k_w2_37"] == 2 * 12 + 7
    assert numbers["w2_37"] == trained["W2"][2, 6]


def test_exercise_2_the_place_of_w3_21(numbers):
    params = distinct_params()
    theta = list(parameters.theta_vector(params))
    assert numbers["k_w3_21"] == theta.index(params["W3"][1, 0]) + 1 == 36 + 3 + 3 + 1
    assert numbers["w3_21"] == train.run()[0]["W3"][1, 0]


def test_how_many_parameters_moved_by_less_than_one(numbers):
    start, trained = vector.init_parameters(train.SEED), train.run()[0]
    moved = sum(int(np.sum(np.abs(trained[name] - start[name]) < 1)) for name in vector.SHAPES)
    assert numbers["moved_less_than_one"] == moved


def test_the_largest_parameter(numbers):
    trained = train.run()[0]
    assert numbers["largest"] == max(float(np.max(np.abs(p))) for p in trained.values())
