"""The least-squares section: its gradient, the two solutions and the exercise answers."""

import math

import numpy as np

import regression as r

NUMBERS = r.numbers()
x, y = r.X_DATA, r.Y_DATA


def test_the_dataset_is_ten_distinct_points():
    assert len(x) == len(y) == NUMBERS["N"] == 10
    assert len(set(x)) == 10


def test_the_gradient_matches_central_finite_differences():
    h = 1e-6
    for w, b in [(0.0, 0.0), (0.5, 2.0), (NUMBERS["w"], NUMBERS["b"]), (-1.3, 0.7)]:
        dw, db = r.gradient_expanded(w, b, x, y)
        numeric_w = (r.cost_expanded(w + h, b, x, y) - r.cost_expanded(w - h, b, x, y)) / (2 * h)
        numeric_b = (r.cost_expanded(w, b + h, x, y) - r.cost_expanded(w, b - h, x, y)) / (2 * h)
        assert math.isclose(dw, numeric_w, rel_tol=1e-7, abs_tol=1e-7)
        assert math.isclose(db, numeric_b, rel_tol=1e-7, abs_tol=1e-7)


def test_the_normal_equations_give_numpys_least_squares_line():
    # an independent solver: numpy's least squares on the design matrix
    beta, *_ = np.linalg.lstsq(r.design(x), np.array(y), rcond=None)
    assert np.allclose([NUMBERS["w"], NUMBERS["b"]], beta, rtol=1e-12)
    assert math.isclose(NUMBERS["C_min"], 0.5 * np.sum((np.array(y) - r.design(x) @ beta) ** 2), rel_tol=1e-10)
    assert np.allclose(r.gradient_vector(*beta, x, y), 0, atol=1e-10)


def test_the_minimum_is_lower_than_every_nearby_line():
    w, b = NUMBERS["w"], NUMBERS["b"]
    for dw, db in [(0.01, 0), (-0.01, 0), (0, 0.01), (0, -0.01), (0.01, -0.03)]:
        assert r.cost_expanded(w + dw, b + db, x, y) > NUMBERS["C_min"]


def test_gradient_descent_reaches_the_same_line():
    assert NUMBERS["gap"] < 1e-9
    path = r.descend(x, y, r.START, r.ETA, 50)
    costs = [r.cost_expanded(w, b, x, y) for w, b in path]
    assert costs[-1] < costs[0]
    assert math.isclose(NUMBERS["C0"], 0.5 * sum(v * v for v in y))


def test_the_sums_of_the_normal_equations():
    assert math.isclose(NUMBERS["Sx"], 27.5) and math.isclose(NUMBERS["Sxx"], 96.25)
    X = r.design(x)
    assert np.allclose(X.T @ X, [[NUMBERS["Sxx"], NUMBERS["Sx"]], [NUMBERS["Sx"], NUMBERS["N"]]])
    assert np.allclose(X.T @ np.array(y), [NUMBERS["Sxy"], NUMBERS["Sy"]])


def test_exercise_1_the_prediction_at_6():
    slope, intercept = np.polyfit(x, y, 1)  # a third way to fit the line
    assert math.isclose(NUMBERS["prediction"], slope * 6 + intercept, rel_tol=1e-12)


def test_exercise_2_the_largest_learning_rate():
    # the eigenvalues of the 2 x 2 matrix X^T X in closed form: (tr +- sqrt(tr^2 - 4 det)) / 2
    a, c, d = NUMBERS["Sxx"], NUMBERS["Sx"], NUMBERS["N"]
    tr, det = a + d, a * d - c * c
    large = (tr + math.sqrt(tr * tr - 4 * det)) / 2
    assert math.isclose(NUMBERS["eta_limit"], 2 / large, rel_tol=1e-12)
    # just below the limit the walk converges, just above it diverges
    below = r.descend(x, y, r.START, 0.99 * NUMBERS["eta_limit"], 3000)[-1]
    above = r.descend(x, y, r.START, 1.01 * NUMBERS["eta_limit"], 3000)[-1]
    assert math.hypot(below[0] - NUMBERS["w"], below[1] - NUMBERS["b"]) < 1e-6
    assert math.hypot(above[0] - NUMBERS["w"], above[1] - NUMBERS["b"]) > 1e3


def test_exercise_3_the_residuals_add_up_to_zero():
    w, b = NUMBERS["w"], NUMBERS["b"]
    assert math.isclose(NUMBERS["residual_sum"], math.fsum(yk - (w * xk + b) for xk, yk in zip(x, y)),
                        abs_tol=1e-12)
    assert abs(NUMBERS["residual_sum"]) < 1e-12
