"""The parameters section: names and order of the 47 parameters, and its exercises."""

import numpy as np
import pytest

import dataset
import expanded
import learning
import parameters
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
    lists = {name: value.tolist() for name, value in params.items()}
    assert np.array_equal(parameters.theta_vector(params), learning.theta_expanded(**lists))


def test_the_table_lists_the_trained_values(numbers):
    rows = numbers["table"].splitlines()[2:]
    trained = parameters.theta_vector(parameters.run()[0])
    assert len(rows) == 47
    for row, value in zip(rows, trained):
        assert row.rstrip(" |").endswith(f"{value:.3f}")


def test_exercise_1_the_weight_from_pixel_7_to_hidden_unit_3(numbers):
    # Find it by value in the table the page prints, not by index arithmetic.
    trained = parameters.run()[0]
    row = next(line for line in numbers["table"].splitlines() if "`W2[2, 6]`" in line)
    assert "$w^2_{37}$" in row
    assert int(row.split("|")[1]) == numbers["k_w2_37"] == 2 * 12 + 7
    assert numbers["w2_37"] == trained["W2"][2, 6]


def test_exercise_2_the_place_of_w3_21(numbers):
    params = distinct_params()
    theta = list(parameters.theta_vector(params))
    assert numbers["k_w3_21"] == theta.index(params["W3"][1, 0]) + 1 == 36 + 3 + 3 + 1
    assert numbers["w3_21"] == parameters.run()[0]["W3"][1, 0]


def test_how_many_parameters_moved_by_less_than_one(numbers):
    start, trained = vector.init_parameters(parameters.SEED), parameters.run()[0]
    moved = sum(int(np.sum(np.abs(trained[name] - start[name]) < 1)) for name in vector.SHAPES)
    assert numbers["moved_less_than_one"] == moved


def test_the_largest_parameter(numbers):
    trained = parameters.run()[0]
    assert numbers["largest"] == max(float(np.max(np.abs(p))) for p in trained.values())


# The library parts that several chapters share (the house of two floors).

def test_the_term_by_term_theta_is_the_same_list():
    params = vector.init_parameters(seed=6)
    theta = expanded.flatten(vector.to_expanded(params))
    assert isinstance(theta, list) and all(type(v) is float for v in theta)
    assert theta == parameters.theta_vector(params).tolist()


def test_the_book_run_is_what_train_py_runs_by_default():
    assert (parameters.ETA, parameters.EPOCHS, parameters.SEED) == (0.3, 1000, 0)
    assert parameters.DATA == dataset.DEFAULT and parameters.DATA.name == "digits.txt"
    start, trained = parameters.book_run()
    params, history, X, T = parameters.run()
    assert len(history) == parameters.EPOCHS + 1
    for name in vector.SHAPES:
        assert np.array_equal(start[name], vector.init_parameters(parameters.SEED)[name])
        assert np.array_equal(trained[name], params[name])


def test_count_layers_counts_a_weight_per_connection_and_a_bias_per_unit():
    assert parameters.count_layers([12, 3, 2]) == vector.parameter_count(vector.init_parameters(0)) == 47
    assert parameters.count_layers([784, 30, 10]) == 784 * 30 + 30 + 30 * 10 + 10


def test_the_random_inputs_of_the_pair_checks():
    rng = np.random.default_rng(1)
    one = parameters.random_image(rng)
    assert {name: p.shape for name, p in one["params"].items()} == vector.SHAPES
    assert len(one["x"]) == 12 and set(one["x"]) <= {0.0, 1.0}
    assert one["t"] in ([1.0, 0.0], [0.0, 1.0])
    net = parameters.random_network(rng)
    assert len(net["images"]) == 8 and 0.1 <= net["eta"] <= 1
    assert all(len(x) == 12 and label in (0, 1) for x, label in net["images"])


def hidden_units_after_training(start, epochs=200):
    """Each hidden unit's weights in, bias and weights out, after training from `start`."""
    X, T = dataset.to_arrays(dataset.load_dataset())
    params, _ = vector.train(start, X, T, parameters.ETA, epochs)
    return [np.concatenate([params["W2"][j], [params["b2"][j]], params["W3"][:, j]]) for j in range(3)]


def test_units_that_start_as_copies_stay_copies():
    start = vector.init_parameters(parameters.SEED)
    start["W2"][1], start["b2"][1], start["W3"][:, 1] = start["W2"][0], start["b2"][0], start["W3"][:, 0]
    unit1, unit2, unit3 = hidden_units_after_training(start)
    np.testing.assert_allclose(unit2, unit1, rtol=1e-12, atol=1e-12)  # two equal units stay equal
    assert np.abs(unit3 - unit1).max() > 0.1                            # the third is its own
    # all equal in each layer: all three units stay one unit
    equal = {name: np.full_like(value, 0.3) for name, value in start.items()}
    unit1, unit2, unit3 = hidden_units_after_training(equal)
    assert np.abs(unit1 - hidden_units_after_training(equal, 0)[0]).max() > 0.1  # they did move
    np.testing.assert_allclose(unit2, unit1, rtol=1e-12, atol=1e-12)
    np.testing.assert_allclose(unit3, unit1, rtol=1e-12, atol=1e-12)
    # the book's random start: three different units
    units = hidden_units_after_training(vector.init_parameters(parameters.SEED))
    assert min(np.abs(a - b).max() for a, b in [(units[0], units[1]), (units[0], units[2]), (units[1], units[2])]) > 0.1
