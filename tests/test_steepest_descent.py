"""The steepest-descent section: the best direction, the step lengths and the exercise answers."""

import math

import numpy as np

import dataset
import gradient_descent as descent
import parameters
import steepest_descent as sd
import vector
from parameters import from_theta, theta_vector

NUMBERS = sd.numbers()


def central(fun, x, h=1e-6):
    return (fun(x + h) - fun(x - h)) / (2 * h)


def test_the_bowl_is_the_one_gradient_descent_walks_down():
    # steepest_descent.py writes the bowl out itself (a section imports no other section)
    assert sd.P == descent.START and sd.ETA == descent.ETA
    rng = np.random.default_rng(3)
    for x, y in rng.normal(size=(20, 2)):
        assert sd.f_expanded(x, y) == descent.f_expanded(x, y)
        assert sd.gradient_expanded(x, y) == descent.gradient_expanded(x, y)
        assert np.array_equal(sd.gradient_vector(x, y), descent.gradient_vector(x, y))
        assert sd.step_expanded(x, y, 0.1) == descent.step_expanded(x, y, 0.1)


def test_the_rate_of_change_in_each_direction_matches_finite_differences():
    # d/ds f(p + s u) at s = 0 is ||grad f|| cos(phi), for the unit step u
    x, y = sd.P
    for angle in np.linspace(0, 2 * math.pi, 13):
        u = (math.cos(angle), math.sin(angle))
        numeric = central(lambda s: descent.f_expanded(x + s * u[0], y + s * u[1]), 0.0)
        assert math.isclose(sd.directional_vector(x, y, *u), numeric, rel_tol=1e-7, abs_tol=1e-7)


def test_the_bound_holds_for_every_step_and_is_reached_against_the_gradient():
    rng = np.random.default_rng(5)
    for _ in range(200):
        kw = sd.random_step(rng)
        change, bound = sd.bound_expanded(**kw)
        assert change >= bound - 1e-12
    grad = rng.normal(size=9)
    change, bound = sd.bound_expanded(grad, -0.1 * grad / np.linalg.norm(grad), 0.1)
    assert math.isclose(change, bound, rel_tol=1e-12)


def test_the_steepest_of_3600_directions_is_against_the_gradient():
    assert abs(NUMBERS["found_angle"] - NUMBERS["best_angle"]) < 0.2
    assert math.isclose(NUMBERS["found_change"], NUMBERS["predicted_change"], rel_tol=0.01)
    # the best sampled direction moves towards -grad f as h shrinks
    x, y = sd.P
    angles = sd.all_angles()
    tiny = math.degrees(angles[int(np.argmin(sd.look_around(x, y, 1e-5, angles)))])
    assert sd.H == NUMBERS["h"] == 0.01
    assert abs(tiny - NUMBERS["best_angle"]) <= 0.05


def test_against_the_gradient_is_the_steepest_only_to_first_order():
    # for a step of finite length another direction lowers f a little more than -grad f,
    # and the best direction closes in on -grad f as the length shrinks
    x, y = sd.P
    best = math.radians(NUMBERS["best_angle"])
    angles = best + np.radians(np.linspace(-10, 10, 20001))  # a thousandth of a degree apart
    gaps = []
    for h in (0.3, 0.1, 0.01, 0.001):
        change = sd.look_around(x, y, h, angles)
        assert change.min() < sd.look_around(x, y, h, [best])[0]
        gaps.append(abs(math.degrees(angles[int(np.argmin(change))] - best)))
    assert gaps == sorted(gaps, reverse=True) and gaps[0] > 1 and gaps[-1] < 0.02


def test_cauchy_schwarz_no_step_of_length_h_beats_minus_h_grad():
    rng = np.random.default_rng(0)
    x, y = sd.P
    g = descent.gradient_vector(x, y)
    for _ in range(1000):
        u = rng.normal(size=2)
        u /= np.linalg.norm(u)
        assert g @ u >= -np.linalg.norm(g) - 1e-12
    assert math.isclose(g @ (-g / np.linalg.norm(g)), -np.linalg.norm(g))


def test_the_normalised_step_has_length_h_along_minus_the_gradient():
    x = [2.0, 1.0]
    grad = descent.gradient_expanded(*x)
    moved = sd.normalised_expanded(x, grad, 0.1)
    assert math.isclose(math.dist(moved, x), 0.1, rel_tol=1e-12)
    step = np.subtract(moved, x)
    assert math.isclose(step @ grad, -0.1 * math.hypot(*grad), rel_tol=1e-12)


def test_eta_prediction_and_true_change():
    assert math.isclose(NUMBERS["eta_predicted"], -0.1 * (4**2 + 6**2))
    # one step from (2, 1) with eta 0.1 lands at (1.6, 0.4)
    assert math.isclose(NUMBERS["eta_true"], 1.6**2 + 3 * 0.4**2 - 7, rel_tol=1e-12)


def test_the_network_step_against_the_gradient_beats_every_random_step():
    assert NUMBERS["dC_steepest"] < NUMBERS["dC_best_random"] < 0
    assert NUMBERS["dC_predicted"] == round(-sd.NETWORK_STEP * round(NUMBERS["network_grad_norm"], 4), 5)
    assert abs(NUMBERS["dC_predicted"] + sd.NETWORK_STEP * NUMBERS["network_grad_norm"]) < 1e-4
    # random directions are nearly at right angles to the gradient
    assert NUMBERS["median_cos"] < 0.15 and NUMBERS["max_cos"] < 0.5
    assert math.isclose(NUMBERS["median_off_right"], math.degrees(math.asin(NUMBERS["median_cos"])), rel_tol=1e-9)
    # the steepest step's true change, recomputed by moving the parameters in another order
    params = vector.init_parameters(parameters.SEED)
    X, T = dataset.to_arrays(dataset.load_dataset())
    grads = vector.gradients(params, X, T)
    g = math.sqrt(sum(float((grads[k] ** 2).sum()) for k in grads))
    moved = {k: params[k] - sd.NETWORK_STEP * grads[k] / g for k in params}
    true = vector.total_cost(moved, X, T) - vector.total_cost(params, X, T)
    assert math.isclose(NUMBERS["dC_steepest"], true, rel_tol=1e-9)
    # and the rate of change along -grad C_T is -||grad C_T||, by finite differences
    theta, u = theta_vector(params), -theta_vector(grads) / g
    rate = central(lambda s: vector.total_cost(from_theta(theta + s * u), X, T), 0.0)
    assert math.isclose(rate, -NUMBERS["network_grad_norm"], rel_tol=1e-6)


def test_exercise_1_steps_along_the_axes_and_against_the_gradient():
    assert math.isclose(NUMBERS["ex_left"], 2 * 2 * -0.1)
    assert math.isclose(NUMBERS["ex_down"], 6 * 1 * -0.1)
    assert math.isclose(NUMBERS["ex_steepest"], -0.1 * math.sqrt(52), rel_tol=1e-12)


def test_exercise_2_the_flat_directions():
    # the directions (3, -2) and (-3, 2): 4 * 3 + 6 * (-2) = 0
    assert {round(NUMBERS["flat_angle_1"], 6), round(NUMBERS["flat_angle_2"], 6)} == {
        round(sd.degrees(3, -2), 6), round(sd.degrees(-3, 2), 6)}
    # 4 cos a + 6 sin a = 0: a = atan(-2/3) + 180 k, within [0, 360)
    base = math.degrees(math.atan(-4 / 6))
    expected = sorted(a % 360 for a in (base, base + 180))
    assert math.isclose(NUMBERS["flat_angle_1"], expected[0], rel_tol=1e-12)
    assert math.isclose(NUMBERS["flat_angle_2"], expected[1], rel_tol=1e-12)
    for a in expected:
        assert abs(4 * math.cos(math.radians(a)) + 6 * math.sin(math.radians(a))) < 1e-12


def test_exercise_3_step_lengths():
    assert math.isclose(NUMBERS["eta_length"], 0.1 * math.sqrt(52), rel_tol=1e-12)
    x, y = sd.NEAR
    assert math.isclose(NUMBERS["near_length"], 0.1 * math.hypot(2 * x, 6 * y), rel_tol=1e-12)
    assert math.hypot(x, y) < 0.1  # the normalised step of 0.1 overshoots the bottom from there
    assert math.isclose(NUMBERS["near_distance"], math.hypot(x, y), rel_tol=1e-12)
