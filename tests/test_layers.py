"""The layers section: the forward pass layer by layer, its worked example and exercises."""

import math

import numpy as np
import pytest

import dataset
import layers
import parameters
import vector


@pytest.fixture(scope="module")
def numbers():
    return layers.numbers()


@pytest.fixture(scope="module")
def trained():
    return parameters.run()[0]


def test_the_pixel_numbering_matches_the_dataset_file():
    # digits.txt writes each image as 4 rows of 3 characters; x_i must be row r, column c.
    x, label = dataset.load_dataset()[layers.EXAMPLES[1]]
    text = dataset.format_dataset([(x, label)]).removeprefix(dataset.HEADER).split()
    grid = [[1 if char == "#" else 0 for char in row] for row in text[:4]]
    assert layers.input_layer_expanded(grid) == [float(p) for p in x]


def test_the_worked_example_is_the_trained_network(numbers, trained):
    x = np.array(dataset.load_dataset()[layers.EXAMPLES[1]][0], dtype=float)
    Z2, A2, Z3, A3 = vector.forward(trained, x[None, :])
    for j in range(3):
        assert math.isclose(numbers[f"z2_{j + 1}"], Z2[0, j], rel_tol=1e-12)
        assert math.isclose(numbers[f"a2_{j + 1}"], A2[0, j], rel_tol=1e-12)
    assert numbers["one_z2_1"].endswith(f"&\\approx {Z2[0, 0]:.3f} \\end{{aligned}}")
    assert A3[0, 1] > 0.5 > A3[0, 0]  # the network says "1"


def test_the_layer_rule_twice_is_the_forward_pass(trained):
    X, T = dataset.to_arrays(dataset.load_dataset())
    for x, a3 in zip(X, vector.forward(trained, X)[3]):
        a2 = layers.layer_vector(trained["W2"], trained["b2"], x)[1]
        np.testing.assert_allclose(layers.layer_vector(trained["W3"], trained["b3"], a2)[1], a3, rtol=1e-12)


def test_exercise_1_z3_1_of_the_bare_one(numbers, trained):
    # From the hidden activations quoted in the table, with the trained output weights.
    a2 = np.array([numbers[f"a2_{j}"] for j in (1, 2, 3)])
    z3_1 = trained["W3"][0] @ a2 + trained["b3"][0]
    assert math.isclose(numbers["z3_1"], z3_1, rel_tol=1e-12)
    assert numbers["one_z3_1"].endswith(f"&\\approx {z3_1:.3f} \\end{{aligned}}")
    assert math.isclose(numbers["a3_1"], 1 / (1 + math.exp(-z3_1)), rel_tol=1e-12)


def test_exercise_2_weights_that_take_part(numbers, trained):
    images = dataset.load_dataset()
    for key, n in (("one_weights_used", layers.EXAMPLES[1]), ("zero_weights_used", layers.EXAMPLES[0])):
        x = np.array(images[n][0], dtype=float)
        assert np.all(trained["W2"] != 0)
        assert numbers[key] == np.count_nonzero(trained["W2"] * x)


def test_the_batch_check_writes_the_column_of_ones_and_agrees_with_broadcasting():
    import inspect
    source = inspect.getsource(layers.batch_vector)
    assert "ones @" in source and "vector.forward" not in source
    rng = np.random.default_rng(4)
    kwargs = layers.random_batch(rng)
    X, T = dataset.to_arrays(kwargs["images"])
    for ours, numpys in zip(layers.batch_vector(**kwargs), vector.forward(kwargs["params"], X)):
        np.testing.assert_allclose(ours, numpys, rtol=1e-14)


def test_the_displayed_sums_of_rounded_numbers_say_approx(numbers):
    for key in ("one_z2_1", "one_z3_1", "one_z3_2"):
        assert numbers[key].count("\\approx") == 2


def test_the_figure_of_the_two_images_as_its_alt_text_reads_it(numbers, trained):
    # near 1 and near 0 are above 0.95 and below 0.05; hidden unit 1 fires for the 0 but
    # is not near 1, so the alt text gives its value
    X, T = dataset.to_arrays(dataset.load_dataset())
    zero, one = (n - 1 for n in (numbers["zero_n"], numbers["one_n"]))
    assert (zero, one) == tuple(layers.EXAMPLES) and T[zero, 0] == 1 and T[one, 1] == 1
    Z2, A2, Z3, A3 = vector.forward(trained, X[[zero, one]])
    assert A2[0, 2] > 0.95 and A3[0, 0] > 0.95 and A2[0, 1] < 0.05 and A3[0, 1] < 0.05
    assert 0.5 < A2[0, 0] < 0.9 and math.isclose(A2[0, 0], numbers["zero_a2_1"], rel_tol=1e-12)
    assert A2[1, 1] > 0.95 and A3[1, 1] > 0.95 and (A2[1, [0, 2]] < 0.1).all() and A3[1, 0] < 0.05
