"""The activation section: the three functions, the sigmoid's slope and the exercises' answers."""

import math

import numpy as np

import activation
import parameters
import vector

NUMBERS = activation.numbers()


def central(f, z, h=1e-6):
    return (f(z + h) - f(z - h)) / (2 * h)


def test_the_three_functions_at_a_few_points():
    assert [activation.step(z) for z in (-2, -1e-9, 0, 3)] == [0, 0, 1, 1]
    assert activation.sigma(0) == 0.5
    assert [activation.relu(z) for z in (-2, 0, 3.5)] == [0, 0, 3.5]


def test_the_sigmoid_slope_matches_finite_differences():
    for z in np.linspace(-8, 8, 33):
        assert math.isclose(activation.sigma_slope(z), central(activation.sigma, z), rel_tol=1e-6, abs_tol=1e-9)


def test_the_slopes_figure_matches_finite_differences_away_from_zero():
    # the step's slope is 0 and ReLU's is 0 or 1, wherever they have one
    for z in (-3.0, -0.5, 0.5, 3.0):
        assert central(activation.step, z) == 0
        assert math.isclose(central(activation.relu, z), 1.0 if z > 0 else 0.0, abs_tol=1e-9)


def test_the_table_is_the_trained_networks_first_image():
    params, history, X, T = parameters.run()
    Z2 = vector.forward(params, X)[0]
    assert np.allclose([NUMBERS["z2_1"], NUMBERS["z2_2"], NUMBERS["z2_3"]], Z2[0], rtol=1e-12)
    assert T[0].tolist() == [1, 0]  # a "0"
    assert f"{vector.sigma(Z2[0, 2]):.4f}" in NUMBERS["table"]


def test_exercise_1_the_slope_is_a_quarter_minus_a_square_so_at_most_a_quarter():
    z = np.linspace(-10, 10, 2001)
    s = 1 / (1 + np.exp(-z))
    np.testing.assert_allclose(s * (1 - s), 0.25 - (s - 0.5) ** 2, atol=1e-15)
    assert np.all(s * (1 - s) <= 0.25)
    assert NUMBERS["slope_0"] == 0.25
    assert math.isclose(central(activation.sigma, 0.0, 1e-4), 0.25, rel_tol=1e-8)


def test_the_ten_layer_bound_is_a_quarter_to_the_tenth():
    assert math.isclose(NUMBERS["quarter_10"], 4.0 ** -10, rel_tol=1e-15)


def test_exercise_2_the_chain_slope_by_finite_differences():
    def chain(z):
        for unit in range(NUMBERS["chain_length"]):
            z = activation.sigma(z)
        return z
    assert math.isclose(NUMBERS["chain_slope"], central(chain, 0.0), rel_tol=1e-6)
    assert NUMBERS["chain_slope"] < NUMBERS["chain_bound"] == 0.25 ** NUMBERS["chain_length"]


def test_exercise_3_a_small_change_of_z_near_saturation():
    change = NUMBERS["sigma_4_1"] - NUMBERS["sigma_4"]
    assert 0 < change < 0.1 * NUMBERS["slope_4"]  # sigma is concave for z > 0
    assert math.isclose(NUMBERS["slope_4"], central(activation.sigma, 4.0), rel_tol=1e-7)
    assert activation.step(4) == activation.step(4.1) == 1


def test_a_weight_moves_the_output_unless_its_pixel_is_blank():
    # with sigmoids, nudging w2_ji changes the outputs for an image exactly when x_i is inked
    import dataset
    params, *_ = parameters.run()
    X, T = dataset.to_arrays(dataset.load_dataset())
    assert (X.sum(axis=0) > 0).all()  # every pixel is inked in some training image
    h = 1e-6
    for n in (0, 32):
        x = X[n:n + 1]
        for j in range(3):
            for i in range(12):
                up = {name: value.copy() for name, value in params.items()}
                up["W2"][j, i] += h
                change = np.abs(vector.forward(up, x)[3] - vector.forward(params, x)[3]).max()
                assert (change > 1e-12) == bool(x[0, i]), (n, j, i)
