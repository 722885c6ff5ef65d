"""Bridge to modern notation: the gradients of J = C + lambda/2 (|W2|^2 + |W3|^2) against
finite differences, the weight-decay step, and the exercises' answers."""

import math

import numpy as np
import pytest

import dataset
import modern_notation as mn
import vector

SEEDS = range(5)


def case(seed):
    """Random parameters, one random image, a lambda well away from 0."""
    rng = np.random.default_rng(100 + seed)
    params = {name: rng.standard_normal(shape) for name, shape in vector.SHAPES.items()}
    x = tuple(int(v) for v in rng.integers(0, 2, size=12))
    return params, x, int(rng.integers(0, 2)), float(rng.uniform(0.05, 0.5))


def numerical_gradient(J, params):
    """Central differences of J(params) for every one of the 47 parameters."""
    h, grads = 1e-6, {}
    for name, value in params.items():
        grads[name] = np.zeros_like(value)
        for index in np.ndindex(value.shape):
            up = {key: v.copy() for key, v in params.items()}
            down = {key: v.copy() for key, v in params.items()}
            up[name][index] += h
            down[name][index] -= h
            grads[name][index] = (J(up) - J(down)) / (2 * h)
    return grads


@pytest.mark.parametrize("seed", SEEDS)
def test_every_gradient_formula_matches_finite_differences_of_J(seed):
    params, x, label, lam = case(seed)
    numeric = numerical_gradient(lambda p: mn.objective_vector(p, x, label, lam), params)
    for side in ("expanded", "vector"):
        dW3 = getattr(mn, f"grad_W3_{side}")(params, x, label, lam)
        dW2 = getattr(mn, f"grad_W2_{side}")(params, x, label, lam)
        db = np.asarray(getattr(mn, f"grad_b_{side}")(params, x, label, lam))
        np.testing.assert_allclose(np.asarray(dW3), numeric["W3"], atol=1e-8)
        np.testing.assert_allclose(np.asarray(dW2), numeric["W2"], atol=1e-8)
        np.testing.assert_allclose(db[:2], numeric["b3"], atol=1e-8)
        np.testing.assert_allclose(db[2:], numeric["b2"], atol=1e-8)


@pytest.mark.parametrize("seed", SEEDS)
def test_d2l_dJ_do_is_delta3_because_the_penalty_does_not_depend_on_z3(seed):
    # J as a function of z3 = o alone (the penalty is a constant there): dJ/do by differences
    params, x, label, lam = case(seed)
    Z2, A2, Z3, A3 = vector.forward(params, np.array([x], dtype=float))
    t = np.array(dataset.target(label))

    def J_of_o(o):
        return 0.5 * np.sum((t - vector.sigma(o)) ** 2) + lam / 2 * (
            np.sum(params["W2"] ** 2) + np.sum(params["W3"] ** 2))

    h, o = 1e-6, Z3[0]
    numeric = [(J_of_o(o + h * e) - J_of_o(o - h * e)) / (2 * h) for e in np.eye(2)]
    delta3 = mn.forward_column(params, x, label)[3]
    np.testing.assert_allclose(delta3, numeric, atol=1e-9)


@pytest.mark.parametrize("seed", SEEDS)
def test_the_biases_gradients_do_not_depend_on_lambda(seed):
    params, x, label, lam = case(seed)
    np.testing.assert_allclose(mn.grad_b_vector(params, x, label, lam),
                               mn.grad_b_vector(params, x, label, 0.0), rtol=0, atol=0)
    # and lambda = 0 gives back the book's gradients of C (vector.gradients on one image)
    plain = vector.gradients(params, *dataset.to_arrays([(x, label)]))
    np.testing.assert_allclose(mn.grad_W3_vector(params, x, label, 0.0), plain["W3"], rtol=1e-12)
    np.testing.assert_allclose(mn.grad_W2_vector(params, x, label, 0.0), plain["W2"], rtol=1e-12)


def penalised_total_cost(X, T, lam):
    """J_T = C_T + lambda/2 (|W2|^2 + |W3|^2) over the images X with targets T."""
    def J_T(p):
        return vector.total_cost(p, X, T) + lam / 2 * (np.sum(p["W2"] ** 2) + np.sum(p["W3"] ** 2))
    return J_T


def test_over_the_training_set_the_penalty_is_added_once():
    # J_T = C_T + lambda/2 (|W2|^2 + |W3|^2): dJ_T/dW3 = dC_T/dW3 + lambda W3, by differences
    params, x, label, lam = case(0)
    X, T = dataset.to_arrays(dataset.load_dataset()[::8])
    numeric = numerical_gradient(penalised_total_cost(X, T, lam), params)
    formula = vector.gradients(params, X, T)
    for name in ("W2", "W3"):
        np.testing.assert_allclose(formula[name] + lam * params[name], numeric[name], atol=1e-7)


def test_the_decay_step_is_the_gradient_step_on_J():
    params, x, label, lam = case(1)
    eta = 0.4
    step = params["W3"] - eta * mn.grad_W3_vector(params, x, label, lam)
    np.testing.assert_allclose(mn.decay_step_vector(params, x, label, lam, eta), step, rtol=1e-12)


def test_the_page_numbers_add_up_and_match_finite_differences():
    n = mn.numbers()
    assert math.isclose(n["J"], n["C"] + n["penalty"], rel_tol=1e-12)
    assert math.isclose(n["penalty"], n["lam"] / 2 * n["sum_squares"], rel_tol=1e-12)
    assert math.isclose(n["dJ_11"], n["delta3_1"] * n["a2_1"] + n["lam"] * n["w3_11"], rel_tol=1e-12)
    assert abs(n["fd_11"] - n["dJ_11"]) < 1e-8
    assert n["max_fd_error"] < 1e-8
    assert n["label"] == 0 and n["image"] == 1


def test_exercise_1_a_paper_pixel_leaves_only_the_penalty():
    n = mn.numbers()
    params, x, label = mn.example()
    assert x[4] == 0 == n["x5"]
    # independently: differentiate J numerically in w2_15 alone
    numeric = mn.finite_difference(params, x, label, mn.LAM, "W2", (0, 4))
    assert abs(numeric - n["dJ_w2_15"]) < 1e-9
    assert math.isclose(n["dJ_w2_15"], mn.LAM * params["W2"][0, 4], rel_tol=1e-12)


def test_exercise_2_steps_to_halve_a_weight_under_pure_decay():
    n = mn.numbers()
    closed_form = math.ceil(math.log(0.5) / math.log(1 - mn.ETA * mn.LAM))
    assert n["steps_half"] == closed_form
    assert n["decay_factor"] ** n["steps_half"] <= 0.5 < n["decay_factor"] ** (n["steps_half"] - 1)


@pytest.mark.parametrize("seed", SEEDS)
def test_exercise_3_pytorch_sum_loss_and_weight_decay_take_the_books_steps(seed):
    # PyTorch: loss = |t - a3|^2 = 2C, grad <- grad + lambda' W; step with lr eta'
    params, x, label, lam_torch = case(seed)
    eta_torch = 0.15
    numeric = numerical_gradient(lambda p: 2 * mn.objective_vector(p, x, label, 0.0), params)
    torch_step = {name: params[name] - eta_torch * (numeric[name] + (lam_torch * params[name]
                                                                      if name[0] == "W" else 0))
                  for name in params}
    lam, eta = lam_torch / 2, 2 * eta_torch
    book = {"W3": params["W3"] - eta * mn.grad_W3_vector(params, x, label, lam),
            "W2": params["W2"] - eta * mn.grad_W2_vector(params, x, label, lam)}
    db = mn.grad_b_vector(params, x, label, lam)
    book["b3"], book["b2"] = params["b3"] - eta * db[:2], params["b2"] - eta * db[2:]
    for name in params:
        np.testing.assert_allclose(book[name], torch_step[name], atol=1e-8)


def test_the_script_runs_from_any_folder_and_rejects_a_negative_lambda(tmp_path, capsys):
    mn.main([])
    out = capsys.readouterr().out
    assert "dJ/dW3" in out and "finite differences" in out
    with pytest.raises(SystemExit):
        mn.main(["--lam", "-1"])


@pytest.mark.parametrize("seed", SEEDS)
def test_the_sum_over_paths_is_the_gradient_of_J(seed):
    params, x, label, lam = case(seed)
    numeric = numerical_gradient(lambda p: mn.objective_vector(p, x, label, lam), params)
    for side in (mn.paths_expanded, mn.paths_vector):
        np.testing.assert_allclose(np.asarray(side(params, x, label, lam)), numeric["W3"], atol=1e-8)


def test_the_gradient_of_J_T_matches_finite_differences():
    params, x, label, lam = case(2)
    images = dataset.load_dataset()[::8]
    X, T = dataset.to_arrays(images)
    numeric = numerical_gradient(penalised_total_cost(X, T, lam), params)
    for side in (mn.grad_J_T_expanded, mn.grad_J_T_vector):
        grads = side(params, images, lam)
        for name in ("W2", "W3"):
            np.testing.assert_allclose(np.asarray(grads[name]), numeric[name], atol=1e-7)


def test_the_linear_check_writes_the_ones_and_the_graph_draws():
    import inspect
    assert "ones @" in inspect.getsource(mn.linear_rows_vector)
    fig = mn.figure_graph()
    assert len(fig.axes[0].texts) >= 10
