"""The gradient-descent section: its walk, its limits and its exercise answers."""

import math

import gradient_descent as descent


def test_each_step_scales_x_and_y_by_their_own_factor():
    points = descent.walk(descent.START, descent.ETA, 6)
    for n, (x, y) in enumerate(points):
        assert math.isclose(x, descent.START[0] * (1 - 2 * descent.A * descent.ETA) ** n, rel_tol=1e-12)
        assert math.isclose(y, descent.START[1] * (1 - 2 * descent.B * descent.ETA) ** n, rel_tol=1e-12)


def test_the_too_large_step_diverges_and_the_good_one_converges():
    good = descent.walk(descent.START, descent.ETA, 40)
    bad = descent.walk(descent.START, descent.ETA_TOO_LARGE, 40)
    assert descent.f_expanded(*good[-1]) < 1e-6
    assert descent.f_expanded(*bad[-1]) > descent.f_expanded(*bad[0])
    assert descent.ETA < 1 / descent.B <= descent.ETA_TOO_LARGE


def test_exercise_1_steps_until_f_falls_below_a_hundredth():
    # f after n steps, in closed form: A x0^2 (1 - 2A eta)^2n + B y0^2 (1 - 2B eta)^2n
    (x0, y0), eta = descent.START, descent.ETA
    def f_after(n):
        return (descent.A * x0**2 * (1 - 2 * descent.A * eta) ** (2 * n)
                + descent.B * y0**2 * (1 - 2 * descent.B * eta) ** (2 * n))
    first = next(n for n in range(1000) if f_after(n) < 0.01)
    assert descent.numbers()["steps_below"] == first


def test_exercise_2_the_limits_of_the_step_size():
    # x converges for eta < 1/A, y for eta < 1/B: just inside and just outside each limit
    for coefficient, limit in ((descent.A, 1 / descent.A), (descent.B, 1 / descent.B)):
        assert abs(1 - 2 * coefficient * (limit * 0.99)) < 1
        assert abs(1 - 2 * coefficient * (limit * 1.01)) > 1
    assert math.isclose(descent.numbers()["eta_limit"], 1 / 3)
    # "below which": at the limit itself x does not converge, it flips between +-x0 for ever
    x0 = descent.START[0]
    assert [x for x, y in descent.walk(descent.START, 1 / descent.A, 6)] == [x0, -x0] * 3 + [x0]


def test_the_gradient_of_the_bowl_matches_central_differences():
    h = 1e-6
    for x, y in [(2.0, 1.0), (-0.7, 0.3), (1.3, -2.2)]:
        dfdx, dfdy = descent.gradient_expanded(x, y)
        assert math.isclose(dfdx, (descent.f_expanded(x + h, y) - descent.f_expanded(x - h, y)) / (2 * h), rel_tol=1e-8)
        assert math.isclose(dfdy, (descent.f_expanded(x, y + h) - descent.f_expanded(x, y - h)) / (2 * h), rel_tol=1e-8)
