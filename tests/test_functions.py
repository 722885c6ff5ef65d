"""The functions section: the sigmoid's derivative, measured and derived, and the exercise answers."""

import math

import numpy as np

import functions


def test_sigma_prime_agrees_with_central_differences():
    for z in np.linspace(-8, 8, 33):
        measured = functions.central_difference(functions.sigma, z)
        assert math.isclose(functions.sigma_prime(z), measured, rel_tol=1e-7, abs_tol=1e-10), z


def test_the_tidy_derivative_is_the_quotient_rule_derivative():
    for z in np.linspace(-8, 8, 33):
        assert math.isclose(functions.sigma_prime(z), functions.sigma_prime_quotient(z), rel_tol=1e-12)


def test_the_layer_form_agrees_with_central_differences_entry_by_entry():
    z2 = [-3.0, 0.2, 1.7]
    slopes = functions.sigma_prime_layer_vector(z2)
    for j, z in enumerate(z2):
        assert math.isclose(slopes[j], functions.central_difference(functions.sigma, z), rel_tol=1e-7)


def test_the_examples_have_their_shapes():
    assert functions.linear(0) == 1 and functions.linear(1) - functions.linear(0) == 2
    assert functions.quadratic(-3) == functions.quadratic(3) == 9
    # e^(a + b) = e^a e^b, and e^x is its own derivative
    assert math.isclose(functions.exponential(1.5), functions.exponential(1) * functions.exponential(0.5))
    assert math.isclose(functions.central_difference(functions.exponential, 0.7), math.exp(0.7), rel_tol=1e-8)


def test_the_hidden_layer_numbers_are_the_network_s():
    import dataset
    import vector

    X, T = dataset.to_arrays(dataset.load_dataset())
    Z2 = vector.forward(vector.init_parameters(seed=0), X)[0]
    n = functions.numbers()
    for j in range(3):
        assert math.isclose(n[f"z2_{j + 1}"], Z2[0, j], rel_tol=1e-12)
        assert math.isclose(n[f"d2_{j + 1}"], functions.central_difference(functions.sigma, Z2[0, j]),
                            rel_tol=1e-7)


def test_exercise_1_the_largest_slope_is_a_quarter_at_zero():
    z = np.linspace(-10, 10, 200001)  # a fine grid through 0
    slopes = np.array([functions.central_difference(functions.sigma, v) for v in z[::1000]])
    dense = np.exp(-z) / (1 + np.exp(-z)) ** 2
    assert abs(z[dense.argmax()]) < 1e-9
    assert math.isclose(dense.max(), 0.25, rel_tol=1e-12)
    assert slopes.max() <= 0.25 + 1e-9
    assert functions.numbers()["sigma_prime_0"] == 0.25


def test_exercise_2_sigma_prime_of_two():
    # e^-2 / (1 + e^-2)^2, the quotient-rule form, against the numbers the solution quotes
    expected = math.exp(-2) / (1 + math.exp(-2)) ** 2
    n = functions.numbers()
    assert math.isclose(n["sigma_prime_2"], expected, rel_tol=1e-12)
    assert math.isclose(n["sigma_2"], 1 / (1 + math.exp(-2)), rel_tol=1e-12)
    assert f"{n['sigma_prime_2']:.4f}" == "0.1050"


def test_exercise_3_sigma_is_symmetric():
    for z in np.linspace(-6, 6, 25):
        assert math.isclose(functions.sigma(-z), 1 - functions.sigma(z), rel_tol=1e-12, abs_tol=1e-15)
        assert math.isclose(functions.sigma_prime(-z), functions.sigma_prime(z), rel_tol=1e-12)


def test_the_two_rules_the_derivation_borrows_agree_with_central_differences():
    for z in np.linspace(-3, 3, 13):
        # d/dz e^-z = -e^-z
        assert math.isclose(functions.central_difference(lambda v: math.exp(-v), z), -math.exp(-z), rel_tol=1e-8)
        # d/dz 1/u(z) = -u'/u^2 with u = 1 + e^-z, u' = -e^-z
        u, du = 1 + math.exp(-z), -math.exp(-z)
        assert math.isclose(functions.central_difference(lambda v: 1 / (1 + math.exp(-v)), z), -du / u**2,
                            rel_tol=1e-8)
