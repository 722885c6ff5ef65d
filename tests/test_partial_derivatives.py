"""The partial-derivatives section: every partial derivative it shows, against central
differences, and the exercises' answers recomputed another way."""

import math

import numpy as np
import pytest

import dataset
import expanded
import parameters
import partial_derivatives as pd
import vector

H = 1e-6


def nudge(values, i, step):
    """A copy of `values` with entry i moved by `step`."""
    moved = [float(v) for v in values]
    moved[i] += step
    return moved


@pytest.mark.parametrize("x, y", [(1.0, 1.0), (2.0, -1.0), (-0.3, 0.8)])
def test_the_partial_derivatives_of_f_match_central_differences(x, y):
    by_rules = pd.partials(x, y)
    dfdx = (pd.f(x + H, y) - pd.f(x - H, y)) / (2 * H)
    dfdy = (pd.f(x, y + H) - pd.f(x, y - H)) / (2 * H)
    assert math.isclose(by_rules[0], dfdx, rel_tol=1e-8, abs_tol=1e-8)
    assert math.isclose(by_rules[1], dfdy, rel_tol=1e-8, abs_tol=1e-8)
    assert np.allclose(pd.central_partials(pd.f, x, y), by_rules, atol=1e-8)


def test_the_slice_along_x_is_the_polynomial_in_the_prose():
    for x in np.linspace(-2, 2, 9):
        assert math.isclose(pd.f(x, 1.0), x**2 + x - 1, abs_tol=1e-12)


def test_dz_dw_and_dz_db_match_central_differences():
    rng = np.random.default_rng(3)
    w, x, b = rng.normal(size=12), rng.integers(0, 2, size=12), rng.normal()
    z = lambda w, b: sum(w[k] * x[k] for k in range(12)) + b
    dz_dw, dz_db = pd.weighted_input_partials_expanded(w, x, b)
    for i in range(12):
        numeric = (z(nudge(w, i, H), b) - z(nudge(w, i, -H), b)) / (2 * H)
        assert math.isclose(dz_dw[i], numeric, abs_tol=1e-8)
    assert math.isclose(dz_db, (z(w, b + H) - z(w, b - H)) / (2 * H), rel_tol=1e-8)


def test_dC_da_matches_central_differences():
    rng = np.random.default_rng(4)
    for label in (0, 1):
        a, t = rng.uniform(0, 1, size=2), dataset.target(label)
        grad = pd.cost_partials_vector(a, t)
        for k in range(2):
            numeric = (expanded.cost(nudge(a, k, H), t) - expanded.cost(nudge(a, k, -H), t)) / (2 * H)
            assert math.isclose(grad[k], numeric, rel_tol=1e-7, abs_tol=1e-9)


def test_the_network_gradient_of_hidden_unit_1_is_the_image():
    params = vector.to_expanded(vector.init_parameters(parameters.SEED))
    x, label = dataset.load_dataset()[pd.IMAGE]
    for i in range(12):
        w2 = [row[:] for row in params[0]]
        w2[0][i] += H
        up = expanded.forward((w2, *params[1:]), x)[0][0]
        w2[0][i] -= 2 * H
        down = expanded.forward((w2, *params[1:]), x)[0][0]
        assert math.isclose((up - down) / (2 * H), x[i], abs_tol=1e-8)


def test_the_network_numbers_in_the_prose():
    n = pd.numbers()
    params = vector.init_parameters(parameters.SEED)
    X, T = dataset.to_arrays(dataset.load_dataset())
    A3 = vector.forward(params, X)[3]
    assert n["a3"] == "(" + ", ".join(f"{a:.3f}" for a in A3[pd.IMAGE]) + ")"
    assert math.isclose(n["C"], 0.5 * np.sum((T[pd.IMAGE] - A3[pd.IMAGE]) ** 2), rel_tol=1e-12)
    assert n["grad_a"] == "(" + ", ".join(f"{g:+.3f}" for g in A3[pd.IMAGE] - T[pd.IMAGE]) + ")"


def test_exercise_1_gradient_at_2_minus_1():
    n = pd.numbers()
    numeric = pd.central_partials(lambda x, y: x * x + x * y - y * y, 2.0, -1.0)
    assert np.allclose(numeric, (n["ex1_dfdx"], n["ex1_dfdy"]), atol=1e-8)
    assert (n["ex1_dfdx"], n["ex1_dfdy"], n["ex1_length"]) == (3.0, 4.0, 5.0)


def test_exercise_2_which_change_lowers_the_cost_more():
    n = pd.numbers()
    C = lambda a1, a2: 0.5 * ((1 - a1) ** 2 + (0 - a2) ** 2)
    assert math.isclose(n["ex2_C"], 0.125, rel_tol=1e-12)
    assert math.isclose(n["ex2_dC1"], (C(0.7 + H, 0.4) - C(0.7 - H, 0.4)) / (2 * H), rel_tol=1e-7)
    assert math.isclose(n["ex2_dC2"], (C(0.7, 0.4 + H) - C(0.7, 0.4 - H)) / (2 * H), rel_tol=1e-7)
    # exact changes, in closed form: ((0.3 - 0.01)^2 - 0.3^2) / 2 and ((0.4 - 0.01)^2 - 0.4^2) / 2
    assert math.isclose(n["ex2_raise_a1"], -0.00295, rel_tol=1e-9)
    assert math.isclose(n["ex2_lower_a2"], -0.00395, rel_tol=1e-9)
    assert n["ex2_lower_a2"] < n["ex2_raise_a1"] < 0


def test_the_weights_that_matter_sit_on_ink():
    x, label = dataset.load_dataset()[pd.IMAGE]
    dz_dw, dz_db = pd.weighted_input_partials_expanded([0.0] * 12, x, 0.0)
    assert pd.numbers()["ink"] == sum(1 for d in dz_dw if d != 0) == 5


def test_exercise_3_the_slopes_along_the_pixels_are_the_weights():
    params = vector.to_expanded(vector.init_parameters(parameters.SEED))
    x, label = dataset.load_dataset()[pd.IMAGE]
    w2_1 = params[0][0]
    slopes = []
    for i in range(12):  # move pixel i alone, by central differences
        up, down = nudge(x, i, H), nudge(x, i, -H)
        slopes.append((expanded.forward(params, up)[0][0] - expanded.forward(params, down)[0][0]) / (2 * H))
    assert np.allclose(slopes, w2_1, atol=1e-8)
    n = pd.numbers()
    ranked = sorted(range(12), key=lambda i: -abs(slopes[i]))
    assert (n["ex3_pixel"], n["ex3_runner_up"]) == (ranked[0] + 1, ranked[1] + 1)
    assert math.isclose(n["ex3_weight"], w2_1[ranked[0]], rel_tol=1e-12)
    assert n["ex3_weight"] * w2_1[ranked[1]] < 0  # "in the opposite direction"


def test_the_slope_arithmetic_obeys_the_rules():
    # (x^3 - 2x y + 5)' along x at (1.5, -0.5) is 3x^2 - 2y
    x, y = pd.Slope(1.5, 1.0), pd.Slope(-0.5)
    value = x * x * x - 2 * x * y + 5
    assert math.isclose(value.value, 1.5**3 - 2 * 1.5 * -0.5 + 5, rel_tol=1e-15)
    assert math.isclose(value.slope, 3 * 1.5**2 - 2 * -0.5, rel_tol=1e-15)
    assert (1 - x).slope == -1 and (x - 1).slope == 1 and (-x).slope == -1


@pytest.mark.parametrize("x, y", [(1.0, 1.0), (2.0, -1.0), (-0.3, 0.8)])
def test_the_gradient_pair_matches_central_differences(x, y):
    assert np.allclose(pd.gradient_expanded(x, y), pd.central_partials(pd.f, x, y), atol=1e-8)


def test_the_claims_the_prose_makes_about_the_cost_gradient():
    params, x, t, z2, a3 = pd.first_image()
    grad = pd.cost_partials_vector(a3, t)
    # "the negative first entry ... the larger positive second entry"
    assert grad[0] < 0 < grad[1] and abs(grad[1]) > abs(grad[0])
    assert t == (1.0, 0.0)
