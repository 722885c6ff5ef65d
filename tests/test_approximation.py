"""The approximation section: its derivatives, its error, and its exercise answers."""

import math

import numpy as np

import approximation
import dataset
import expanded
import parameters
import vector

NUMBERS = approximation.numbers()


def central(fun, x, h=1e-6):
    """The central finite difference (fun(x + h) - fun(x - h)) / 2h."""
    return (fun(x + h) - fun(x - h)) / (2 * h)


def test_the_sigmoid_slope_matches_finite_differences_and_the_tangent_line():
    for x in (-2.0, 0.0, 0.7):
        assert math.isclose(approximation.sigma_prime(x), central(approximation.sigma, x), rel_tol=1e-8)
    # the estimate from the four-digit value and slope the page shows, still four digits
    assert NUMBERS["sigma_estimate"] == round(round(NUMBERS["sigma_at"], 4) + round(NUMBERS["sigma_slope"], 4) * 0.2, 4)
    exact = approximation.tangent(approximation.sigma, approximation.sigma_prime, 1.0, 0.2)
    assert abs(NUMBERS["sigma_estimate"] - exact) < 1e-4
    assert math.isclose(NUMBERS["sigma_true"], 1 / (1 + math.exp(-1.2)), rel_tol=1e-15)


def test_the_tangent_error_is_second_order_at_1_and_third_order_at_0():
    error = NUMBERS["sigma_true"] - approximation.tangent(approximation.sigma, approximation.sigma_prime, 1.0, 0.2)
    assert error < 0 and abs(error - NUMBERS["sigma_second_order"]) < 0.05 * abs(error)
    # at 0 the second derivative vanishes: the error is ten times smaller and shrinks like h^3
    assert NUMBERS["sigma_error_at_0"] < 0.1 * NUMBERS["sigma_error"]
    e = lambda h: abs(approximation.sigma(h) - approximation.tangent(approximation.sigma, approximation.sigma_prime, 0.0, h))
    assert 7 < e(0.2) / e(0.1) < 9


def test_the_gradient_of_f_matches_finite_differences():
    for x, y in [(1.0, 2.0), (2.0, 1.0), (-0.3, 0.8)]:
        dfdx, dfdy = approximation.gradient(x, y)
        assert math.isclose(dfdx, central(lambda s: approximation.f(s, y), x), rel_tol=1e-8)
        assert math.isclose(dfdy, central(lambda s: approximation.f(x, s), y), rel_tol=1e-8)


def test_the_network_gradient_matches_finite_differences_in_all_47_directions():
    params, X, T, u = approximation.book_network()
    theta = parameters.theta_vector(params)
    grad = parameters.theta_vector(vector.gradients(params, X, T))
    assert theta.size == grad.size == 47

    def C_T(t):
        return vector.total_cost(parameters.from_theta(t), X, T)

    for i in range(47):
        e = np.zeros(47)
        e[i] = 1.0
        numeric = central(lambda s: C_T(theta + s * e), 0.0)
        assert math.isclose(grad[i], numeric, rel_tol=1e-6, abs_tol=1e-8), i


def test_the_error_of_f_is_the_second_and_third_order_terms():
    # (x + dx)^2 (y + dy) - [x^2 y + 2xy dx + x^2 dy] = y dx^2 + 2x dx dy + dx^2 dy
    (x, y), (dx, dy) = approximation.P, approximation.DP
    assert math.isclose(NUMBERS["error"], y * dx**2 + 2 * x * dx * dy + dx**2 * dy, rel_tol=1e-12)


def test_the_errors_in_the_figure_shrink_like_the_square_of_the_step():
    small = approximation.STEPS[:8]
    slope = np.polyfit(np.log(small), np.log([abs(approximation.f_error(h)) for h in small]), 1)[0]
    assert abs(slope - 2) < 0.02
    params, X, T, u = approximation.book_network()
    errors = [abs(approximation.network_error(params, X, T, h * u)) for h in small]
    slope = np.polyfit(np.log(small), np.log(errors), 1)[0]
    assert abs(slope - 2) < 0.05


def test_the_network_example_in_plain_python():
    params, X, T, u = approximation.book_network()
    images = dataset.load_dataset()
    p = vector.to_expanded(params)
    moved = vector.to_expanded(parameters.from_theta(parameters.theta_vector(params) + 0.1 * u))
    assert math.isclose(NUMBERS["C_T"], expanded.total_cost(p, images), rel_tol=1e-12)
    true = expanded.total_cost(moved, images) - expanded.total_cost(p, images)
    assert math.isclose(NUMBERS["dC_true"], true, rel_tol=1e-9)
    estimate = approximation.network_change_expanded(params, images, list(0.1 * u))
    assert math.isclose(NUMBERS["dC_estimate"], estimate, rel_tol=1e-12)
    assert abs(NUMBERS["dC_error"]) < 0.01 * abs(NUMBERS["dC_true"])


def test_exercise_1_the_estimate_near_2_1():
    assert math.isclose(NUMBERS["ex_estimate"], 4 + 4 * -0.1 + 4 * 0.2, rel_tol=1e-12)
    assert math.isclose(NUMBERS["ex_true"], 1.9**2 * 1.2, rel_tol=1e-12)


def test_exercise_2_halving_the_step_quarters_the_error():
    # Independently: plain-Python costs, and the gradient from finite differences of them.
    params, X, T, u = approximation.book_network()
    images = dataset.load_dataset()
    theta = parameters.theta_vector(params)

    def C_T(t):
        return expanded.total_cost(vector.to_expanded(parameters.from_theta(t)), images)

    slope = central(lambda s: C_T(theta + s * u), 0.0, h=1e-5)  # grad C_T . u

    def error(h):
        return C_T(theta + h * u) - C_T(theta) - h * slope

    ratio = error(0.1) / error(0.05)
    assert math.isclose(NUMBERS["halving_ratio"], ratio, rel_tol=1e-4)
    assert 3.5 < ratio < 4.5
