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


def test_exercise_1_symmetry():
    assert math.isclose(NUMBERS["sigma_minus_2"], 1 - NUMBERS["sigma_2"], rel_tol=1e-12)
    assert math.isclose(NUMBERS["sigma_minus_2"], math.exp(-2) / (math.exp(-2) + 1), rel_tol=1e-12)


def test_exercise_2_linear_estimate():
    assert NUMBERS["slope_0"] == 0.25
    assert math.isclose(central(activation.sigma, 0.0, 1e-4), 0.25, rel_tol=1e-8)
    assert NUMBERS["sigma_tenth_estimate"] == 0.525
    assert math.isclose(NUMBERS["sigma_tenth"], 1 / (1 + math.exp(-0.1)), rel_tol=1e-12)
    assert abs(NUMBERS["sigma_tenth"] - NUMBERS["sigma_tenth_estimate"]) < 5e-5


def test_exercise_3_a_small_change_of_z_near_saturation():
    change = NUMBERS["sigma_4_1"] - NUMBERS["sigma_4"]
    assert 0 < change < 0.1 * NUMBERS["slope_4"]  # sigma is concave for z > 0
    assert math.isclose(NUMBERS["slope_4"], central(activation.sigma, 4.0), rel_tol=1e-7)
    assert activation.step(4) == activation.step(4.1) == 1
