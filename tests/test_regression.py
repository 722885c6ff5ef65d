"""The least-squares section: its gradient, the two solutions and the exercise answers."""

import math

import numpy as np

import regression as r

NUMBERS = r.numbers()
x, y = r.XS, r.YS


def test_the_dataset_is_ten_distinct_points():
    assert len(x) == len(y) == NUMBERS["Q"] == 10
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
    beta, *_ = np.linalg.lstsq(r.model_matrix(x), np.array(y), rcond=None)
    assert np.allclose([NUMBERS["w"], NUMBERS["b"]], beta, rtol=1e-12)
    assert math.isclose(NUMBERS["C_min"], 0.5 * np.sum((np.array(y) - r.model_matrix(x) @ beta) ** 2), rel_tol=1e-10)
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
    X = r.model_matrix(x)
    assert np.allclose(X.T @ X, [[NUMBERS["Sxx"], NUMBERS["Sx"]], [NUMBERS["Sx"], NUMBERS["Q"]]])
    assert np.allclose(X.T @ np.array(y), [NUMBERS["Sxy"], NUMBERS["Sy"]])


def test_exercise_1_the_prediction_at_6():
    slope, intercept = np.polyfit(x, y, 1)  # a third way to fit the line
    assert abs(NUMBERS["prediction"] - (slope * 6 + intercept)) < 5e-5


def test_exercise_2_the_largest_learning_rate():
    # the eigenvalues of the 2 x 2 matrix X^T X in closed form: (tr +- sqrt(tr^2 - 4 det)) / 2
    a, c, d = NUMBERS["Sxx"], NUMBERS["Sx"], NUMBERS["Q"]
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
    assert math.isclose(w * NUMBERS["mean_x"] + b, NUMBERS["mean_y"], rel_tol=1e-12)
    assert (NUMBERS["mean_x"], NUMBERS["mean_y"]) == (sum(x) / 10, sum(y) / 10)


def test_a_step_from_the_exact_answer_is_the_matrix_times_the_distance():
    w_star, b_star = NUMBERS["w"], NUMBERS["b"]
    for w, b in [(0.0, 0.0), (1.3, -0.4)]:
        moved = r.step_expanded(w, b, x, y, r.ETA)
        expected = r.error_step_expanded(w - w_star, b - b_star, x, r.ETA)
        assert np.allclose(np.subtract(moved, (w_star, b_star)), expected, atol=1e-12)
    # along each eigenvector of M^T M the distance is multiplied by 1 - eta mu
    M = r.model_matrix(x)
    mus, vectors = np.linalg.eigh(M.T @ M)
    for mu, v in zip(mus, vectors.T):
        assert np.allclose(r.error_step_vector(*v, x, r.ETA), (1 - r.ETA * mu) * v, atol=1e-12)
    assert (NUMBERS["mu_small"], NUMBERS["mu_large"]) == tuple(mus)
    assert 1 - r.ETA * NUMBERS["mu_large"] < 0 < NUMBERS["slow_factor"]


def test_the_network_cost_has_no_lowest_point_on_this_training_set():
    # pixel 5 is ink in every "1" and paper in every "0": a hidden unit that reads it,
    # with weights scaled by c, drives C_T towards 0 as c grows, and C_T stays above 0
    import dataset
    import vector
    X, T = dataset.to_arrays(dataset.load_dataset())
    assert set(X[T[:, 0] == 1, 4]) == {0} and set(X[T[:, 1] == 1, 4]) == {1}
    costs = []
    for c in (2.0, 5.0, 10.0, 20.0):
        params = {name: np.zeros(shape) for name, shape in vector.SHAPES.items()}
        params["W2"][0, 4], params["b2"][0] = 2 * c, -c
        params["W3"][:, 0], params["b3"] = [-2 * c, 2 * c], np.array([c, -c])
        costs.append(vector.total_cost(params, X, T))
    assert all(later < earlier for earlier, later in zip(costs, costs[1:]))
    assert 0 < costs[-1] < 1e-6


def test_the_points_lie_roughly_on_a_line_that_misses_the_origin():
    # "y grows roughly linearly with x": close to a line, but not in proportion to x
    assert np.corrcoef(x, y)[0, 1] > 0.95
    assert NUMBERS["b"] > 1 and NUMBERS["C_min"] < 0.05 * NUMBERS["C0"]
    k = np.dot(x, y) / np.dot(x, x)  # the best line through the origin, y = k x
    assert 0.5 * np.sum((np.array(y) - k * np.array(x)) ** 2) > 5 * NUMBERS["C_min"]


def test_the_pace_of_descent_is_set_by_eta_and_the_eigenvalues_together():
    # steps to come within 1e-6 of the exact line, for two learning rates: each is the count
    # at which the slow factor 1 - eta mu_small has shrunk the distance along its eigenvector
    M = r.model_matrix(x)
    mus, vectors = np.linalg.eigh(M.T @ M)
    start = np.subtract(r.START, (NUMBERS["w"], NUMBERS["b"]))
    along_slow = abs(vectors[:, 0] @ start)
    counts = []
    for eta in (r.ETA, r.ETA / 2):
        path = r.descend(x, y, r.START, eta, 10000)
        gaps = [math.dist(point, (NUMBERS["w"], NUMBERS["b"])) for point in path]
        counts.append(next(s for s, gap in enumerate(gaps) if gap < 1e-6))
        predicted = math.log(1e-6 / along_slow) / math.log(1 - eta * mus[0])
        assert abs(counts[-1] - predicted) <= 2
    assert counts[1] > 1.9 * counts[0]  # half the rate, twice the steps
