"""The derivatives section: the sigmoid's slope, the quotients, the V of the error, the exercises."""

import math

import numpy as np
import pytest

import derivatives


def central(f, x, h=1e-6):
    return (f(x + h) - f(x - h)) / (2 * h)


@pytest.mark.parametrize("z", [-6.0, -2.5, -1.0, 0.0, 0.3, 1.0, 4.0])
def test_sigma_prime_and_its_quotient_rule_form_match_finite_differences(z):
    slope = central(derivatives.sigma, z)
    assert math.isclose(derivatives.sigma_prime(z), slope, rel_tol=1e-8, abs_tol=1e-12)
    assert math.isclose(derivatives.sigma_prime_quotient_rule(z), derivatives.sigma_prime(z), rel_tol=1e-12)


def test_sigma_prime_is_largest_at_zero():
    zs = np.linspace(-5, 5, 1001)
    slopes = [derivatives.sigma_prime(z) for z in zs]
    assert zs[int(np.argmax(slopes))] == 0 and max(slopes) == 0.25


def test_the_layer_slopes_are_the_derivatives_of_each_unit():
    z = [0.5, -1.2, 2.0]
    for slopes in (derivatives.layer_slopes_expanded(z), derivatives.layer_slopes_vector(z)):
        for j in range(3):
            # change z_j alone and watch a_j: the other units do not depend on it
            assert math.isclose(slopes[j], central(derivatives.sigma, z[j]), rel_tol=1e-8)


def test_the_derivation_steps_hold():
    for z in np.linspace(-6, 6, 25):
        e = math.exp(-z)
        s = derivatives.sigma(z)
        assert math.isclose(e / (1 + e), 1 - s, rel_tol=1e-12, abs_tol=1e-15)
        assert math.isclose(s * (1 - s), 0.25 - (s - 0.5) ** 2, rel_tol=1e-12, abs_tol=1e-15)


def test_the_rules_in_the_table_hold():
    x, h = 0.7, 1e-6
    f, df = math.sin, math.cos
    g, dg = math.exp, math.exp
    rules = [
        (lambda x: 5.0, 0.0),                                      # constant
        (lambda x: 3 * f(x), 3 * df(x)),                           # constant multiple
        (lambda x: f(x) + g(x), df(x) + dg(x)),                    # sum
        (lambda x: x ** -2.5, -2.5 * x ** -3.5),                   # power, real r, x > 0
        (lambda x: x ** 0.5, 0.5 * x ** -0.5),                     # the square root
        (math.exp, math.exp(x)),                                   # e^x
        (lambda x: f(x) * g(x), df(x) * g(x) + f(x) * dg(x)),      # product
        (lambda x: f(x) / g(x), (df(x) * g(x) - f(x) * dg(x)) / g(x) ** 2),  # quotient
        (lambda x: math.exp(-x), -math.exp(-x)),                   # chain
    ]
    for function, derivative in rules:
        assert math.isclose(central(function, x, h), derivative, rel_tol=1e-8, abs_tol=1e-9)


def test_forward_error_falls_like_h_and_central_like_h_squared():
    z0, f, df = derivatives.Z0, derivatives.sigma, derivatives.sigma_prime
    fw = derivatives.errors(derivatives.forward_difference, f, df, z0, [1e-2, 1e-3])
    ce = derivatives.errors(derivatives.central_difference, f, df, z0, [1e-2, 1e-3])
    assert 8 < fw[0] / fw[1] < 12
    assert 80 < ce[0] / ce[1] < 120


def test_the_error_plot_is_a_v_with_its_minimum_inside():
    n = derivatives.numbers()
    for name in ("forward", "central"):
        h = n[f"best_h_{name}"]
        assert derivatives.H_GRID[-1] < h < derivatives.H_GRID[0]
        assert n[f"best_error_{name}"] < 1e-8
    # the best steps sit near the square root and the cube root of the machine epsilon
    eps = np.finfo(float).eps
    assert 1e-9 < n["best_h_forward"] < 1e-7 and 1e-6 < n["best_h_central"] < 1e-4
    assert n["best_error_central"] < n["best_error_forward"]
    assert n["tiny_error_forward"] > 0.1 * n["slope0"]
    assert n["epsilon"] == eps


def test_the_table_shows_the_quotients():
    table = derivatives.numbers()["table"]
    for h in derivatives.HS:
        forward = (derivatives.sigma(1 + h) - derivatives.sigma(1)) / h
        assert f"{forward:.8f}" in table


def test_the_hidden_layer_numbers_come_from_the_network():
    import dataset
    import expanded
    import matrices
    import parameters
    import vector
    params = vector.to_expanded(vector.init_parameters(parameters.SEED))
    x, label = dataset.load_dataset()[derivatives.IMAGE]
    z2, a2, z3, a3 = expanded.forward(params, x)
    n = derivatives.numbers()
    assert n["a2"] == derivatives.column(a2, ".4f")
    assert n["slopes2"] == derivatives.column([central(expanded.sigma, z) for z in z2], ".4f")
    # the weighted inputs are the ones the matrices section shows
    m = matrices.numbers()
    assert n["z2"] == derivatives.column([m["z2_1"], m["z2_2"], m["z2_3"]], ".4f")


def test_exercise_1_cubic_by_rules_and_by_central_difference():
    f = lambda x: x**3 - 2 * x
    n = derivatives.numbers()
    assert n["ex1_rules"] == 10
    assert math.isclose(central(f, 2.0), n["ex1_rules"], rel_tol=1e-8)
    assert math.isclose(n["ex1_central"], (f(2.1) - f(1.9)) / 0.2, rel_tol=1e-12)
    assert math.isclose(n["ex1_gap"], 0.1**2, rel_tol=1e-9)


def test_exercise_2_the_second_derivative_of_the_sigmoid():
    n = derivatives.numbers()
    for z in (-3.0, -1.0, 0.0, 0.4, 1.0, 2.5):
        assert math.isclose(derivatives.sigma_second(z), central(derivatives.sigma_prime, z),
                            rel_tol=1e-6, abs_tol=1e-10)
    assert derivatives.sigma_second(0.0) == 0
    assert n["ex2_at_1"] < 0 < n["ex2_at_minus_1"]
    assert math.isclose(n["ex2_at_1"], -n["ex2_at_minus_1"], rel_tol=1e-12)


def test_the_claims_the_prose_makes_about_the_hidden_layer():
    z2, a2 = derivatives.hidden_layer()
    slopes = derivatives.layer_slopes_vector(z2)
    # "The second unit sits furthest from z = 0 and has the smallest slope"
    assert np.argmax(np.abs(z2)) == 1 and np.argmin(slopes) == 1


def test_a_central_step_of_a_millionth_is_on_the_good_side():
    n = derivatives.numbers()
    assert n["central_error_h6"] < 1e-9 and n["epsilon"] == 2.0 ** -52
