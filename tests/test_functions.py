"""The functions section: its shapes, the sigmoid's steepness, and the exercise answers."""

import math

import numpy as np

import functions


def test_the_examples_have_their_shapes():
    assert functions.linear(0) == 1 and functions.linear(1) - functions.linear(0) == 2
    assert functions.quadratic(-3) == functions.quadratic(3) == 9
    # e^(a + b) = e^a e^b, and ln undoes e^x
    assert math.isclose(functions.exponential(1.5), functions.exponential(1) * functions.exponential(0.5))
    for x in (-2.0, 0.3, 5.0):
        assert math.isclose(functions.logarithm(functions.exponential(x)), x, rel_tol=1e-12, abs_tol=1e-15)


def test_e_is_its_own_slope():
    h = 1e-6
    for x in (-1.0, 0.0, 0.7):
        slope = (math.exp(x + h) - math.exp(x - h)) / (2 * h)
        assert math.isclose(slope, math.exp(x), rel_tol=1e-8)


def test_the_sigmoid_is_steep_in_the_middle_and_flat_far_out():
    n = functions.numbers()
    assert math.isclose(n["rise_middle"], 1 / (1 + math.exp(-0.5)) - 1 / (1 + math.exp(0.5)), rel_tol=1e-12)
    assert math.isclose(n["rise_far"], 1 / (1 + math.exp(-4.5)) - 1 / (1 + math.exp(-3.5)), rel_tol=1e-12)
    assert n["rise_ratio"] > 10
    # steepest at 0: of all intervals of length 1, the one centred on 0 rises most
    centres = np.linspace(-5, 5, 1001)
    rises = [functions.rise(c - 0.5, c + 0.5) for c in centres]
    assert abs(centres[int(np.argmax(rises))]) < 1e-9


def test_exercise_1_the_sigmoid_is_symmetric_about_its_midpoint():
    for z in np.linspace(-6, 6, 25):
        assert math.isclose(functions.sigma(-z), 1 - functions.sigma(z), rel_tol=1e-12, abs_tol=1e-15)


def test_exercise_2_the_weighted_input_for_an_output():
    n = functions.numbers()
    assert math.isclose(n["z_for_09"], math.log(9), rel_tol=1e-12)
    assert math.isclose(n["z_for_099"], math.log(99), rel_tol=1e-12)
    for a in (0.1, 0.5, 0.9, 0.99):
        assert math.isclose(functions.sigma(functions.weighted_input_for(a)), a, rel_tol=1e-12)


def test_exercise_3_squares_weigh_large_misses_more():
    n = functions.numbers()
    assert f"{n['miss_ratio']:g}" == "4" and f"{n['square_ratio']:g}" == "16"
