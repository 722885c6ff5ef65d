"""The gradient-descent section: its walk, its limits and its exercise answers."""

import math

import gradient_descent


def test_each_step_scales_x_and_y_by_their_own_factor():
    points = gradient_descent.walk(gradient_descent.START, gradient_descent.ETA, 6)
    for n, (x, y) in enumerate(points):
        assert math.isclose(x, gradient_descent.START[0] * (1 - 2 * gradient_descent.A * gradient_descent.ETA) ** n, rel_tol=1e-12)
        assert math.isclose(y, gradient_descent.START[1] * (1 - 2 * gradient_descent.B * gradient_descent.ETA) ** n, rel_tol=1e-12)


def test_the_too_large_step_diverges_and_the_good_one_converges():
    good = gradient_descent.walk(gradient_descent.START, gradient_descent.ETA, 40)
    bad = gradient_descent.walk(gradient_descent.START, gradient_descent.ETA_TOO_LARGE, 40)
    assert gradient_descent.f_expanded(*good[-1]) < 1e-6
    assert gradient_descent.f_expanded(*bad[-1]) > gradient_descent.f_expanded(*bad[0])
    assert gradient_descent.ETA < 1 / gradient_descent.B <= gradient_descent.ETA_TOO_LARGE


def test_exercise_1_steps_until_f_falls_below_a_hundredth():
    # f after n steps, in closed form: A x0^2 (1 - 2A eta)^2n + B y0^2 (1 - 2B eta)^2n
    (x0, y0), eta = gradient_descent.START, gradient_descent.ETA
    def f_after(n):
        return (gradient_descent.A * x0**2 * (1 - 2 * gradient_descent.A * eta) ** (2 * n)
                + gradient_descent.B * y0**2 * (1 - 2 * gradient_descent.B * eta) ** (2 * n))
    first = next(n for n in range(1000) if f_after(n) < 0.01)
    assert gradient_descent.numbers()["steps_below"] == first


def test_exercise_2_the_limits_of_the_step_size():
    # x converges for eta < 1/A, y for eta < 1/B: just inside and just outside each limit
    for coefficient, limit in ((gradient_descent.A, 1 / gradient_descent.A), (gradient_descent.B, 1 / gradient_descent.B)):
        assert abs(1 - 2 * coefficient * (limit * 0.99)) < 1
        assert abs(1 - 2 * coefficient * (limit * 1.01)) > 1
    assert math.isclose(gradient_descent.numbers()["eta_limit"], 1 / 3)
