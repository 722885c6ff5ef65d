"""Stochastic and mini-batch gradient descent: the steps of expanded.py and vector.py against
each other and against finite differences, the batches, and every claim and exercise of
docs/backprop/stochastic-descent.md computed another way."""

import math

import numpy as np
import pytest

import dataset
import expanded
import parameters
import stochastic_descent as sd
import vector

IMAGES = dataset.load_dataset()
X, T = dataset.to_arrays(IMAGES)
NUMBERS = sd.numbers()
H = 1e-6


def theta(params):
    return parameters.theta_vector(params)


def numerical_gradient(cost, params, h=H):
    """Central differences of cost(params) in each of the 47 parameters"""
    base = theta(params)
    grad = np.zeros_like(base)
    for m in range(len(base)):
        nudge = np.zeros_like(base)
        nudge[m] = h
        grad[m] = (cost(parameters.from_theta(base + nudge))
                   - cost(parameters.from_theta(base - nudge))) / (2 * h)
    return grad


# --- the batches ---------------------------------------------------------------------

@pytest.mark.parametrize("size", [1, 5, 8, 10, 63, 64, 100])
def test_every_epoch_takes_every_image_once(size):
    rng = dataset.shuffler(3)
    for epoch in range(5):
        batches = dataset.batches(64, size, rng)
        assert sorted(n for batch in batches for n in batch) == list(range(64))
        assert len(batches) == sd.updates_per_epoch(size) if size <= 64 else len(batches) == 1
        assert all(len(b) == min(size, 64) for b in batches[:-1])


def test_the_order_is_shuffled_anew_each_epoch_and_repeats_with_the_seed():
    first, again, other = dataset.shuffler(0), dataset.shuffler(0), dataset.shuffler(1)
    epochs = [dataset.batches(64, 1, first) for _ in range(3)]
    assert epochs == [dataset.batches(64, 1, again) for _ in range(3)]
    assert epochs[0] != epochs[1] != epochs[2]
    assert epochs[0] != dataset.batches(64, 1, other)
    assert epochs[0] != [[n] for n in range(64)]  # not the file's order
    assert dataset.batches(64, 64, first) == [list(range(64))]  # a full batch stays in order


# --- the steps: expanded against vector, and against finite differences ----------------

def test_one_image_step_moves_against_the_finite_difference_gradient_of_its_cost():
    rng = np.random.default_rng(7)
    for trial in range(3):
        params = parameters.random_parameters(rng)
        n = int(rng.integers(64))
        x, t, eta = X[n], T[n], 0.7
        step = theta(vector.image_step(params, x, t, eta))
        grad = numerical_gradient(lambda p: vector.cost(vector.forward(p, X[n:n + 1])[3], T[n:n + 1]),
                                  params)
        np.testing.assert_allclose(step, theta(params) - eta * grad, rtol=1e-7, atol=1e-9)
        by_terms = expanded.image_step(vector.to_expanded(params), list(x), list(t), eta)
        np.testing.assert_allclose(expanded.flatten(by_terms), step, rtol=1e-12, atol=1e-14)


def test_a_batch_step_moves_against_the_finite_difference_gradient_of_the_batch_cost():
    rng = np.random.default_rng(8)
    for trial in range(3):
        params = parameters.random_parameters(rng)
        batch = [int(n) for n in rng.permutation(64)[:int(rng.integers(2, 20))]]
        eta = 0.4
        step = theta(vector.batch_step(params, X[batch], T[batch], eta))
        grad = numerical_gradient(lambda p: vector.total_cost(p, X[batch], T[batch]), params)
        np.testing.assert_allclose(step, theta(params) - eta * grad, rtol=1e-7, atol=1e-9)
        by_terms = expanded.batch_step(vector.to_expanded(params), [IMAGES[n] for n in batch], eta)
        np.testing.assert_allclose(expanded.flatten(by_terms), step, rtol=1e-12, atol=1e-14)
        # the pair's two sides say the same
        np.testing.assert_allclose(sd.batch_step_expanded(params, IMAGES, batch, eta), step, rtol=1e-12)
        np.testing.assert_allclose(sd.batch_step_vector(params, IMAGES, batch, eta), step, rtol=1e-12)


def test_the_batch_pass_rows_are_the_per_image_unit_errors():
    rng = np.random.default_rng(9)
    params = parameters.random_parameters(rng)
    batch = [40, 3, 17]
    rows = sd.batch_pass_vector(params, IMAGES, batch).reshape(len(batch), 10)
    for row, n in zip(rows, batch):
        delta2, delta3 = vector.numerical_deltas(params, X[n], T[n])
        np.testing.assert_allclose(row[5:8], delta2, rtol=1e-6, atol=1e-10)
        np.testing.assert_allclose(row[8:], delta3, rtol=1e-6, atol=1e-10)


def test_batch_size_one_is_sgd_and_the_whole_set_is_the_full_batch():
    start = vector.init_parameters(4)
    full = vector.train_minibatch(start, X, T, 0.3, 20, 64, seed=123)
    assert full[1] == vector.train(start, X, T, 0.3, 20)[1]  # exactly: the full batch in order
    sgd_params, sgd_history = vector.train_minibatch(start, X, T, 2.0, 3, 1, seed=5)
    params, rng = start, dataset.shuffler(5)
    for epoch in range(3):
        for n in [b[0] for b in dataset.batches(64, 1, rng)]:
            params = vector.image_step(params, X[n], T[n], 2.0)
    np.testing.assert_allclose(theta(params), theta(sgd_params), rtol=1e-12)


def test_expanded_and_vector_train_alike_with_the_same_seed():
    start = vector.init_parameters(2)
    for size in (1, 8, 10):
        ours, history = expanded.train_minibatch(vector.to_expanded(start), IMAGES, 1.0, 2, size, 11)
        theirs, vector_history = vector.train_minibatch(start, X, T, 1.0, 2, size, 11)
        np.testing.assert_allclose(expanded.flatten(ours), theta(theirs), rtol=1e-10, atol=1e-12)
        np.testing.assert_allclose(history, vector_history, rtol=1e-10)


# --- the page's claims -----------------------------------------------------------------

def test_the_learning_rates_scale_with_the_number_of_batches():
    assert NUMBERS["full_eta"] == parameters.ETA
    assert math.isclose(NUMBERS["minibatch_eta"], parameters.ETA * 64 / NUMBERS["batch"])
    assert math.isclose(NUMBERS["stochastic_eta"], parameters.ETA * 64)


def test_smaller_batches_reach_a_lower_cost_and_all_three_label_every_image():
    assert NUMBERS["stochastic_final"] < NUMBERS["minibatch_final"] < NUMBERS["full_final"]
    assert NUMBERS["stochastic_first"] < NUMBERS["minibatch_first"] < NUMBERS["full_first"]
    assert NUMBERS["full_correct"] == NUMBERS["minibatch_correct"] == NUMBERS["stochastic_correct"] == 64
    assert NUMBERS["ratio_full_stochastic"] == pytest.approx(
        NUMBERS["full_final"] / NUMBERS["stochastic_final"])
    # the full-batch run is the book's loop, for the page's epochs
    assert NUMBERS["full_final"] == parameters.run(epochs=sd.EPOCHS)[1][-1]


def test_no_epoch_raises_the_cost_but_many_single_sgd_steps_do():
    for key in ("full", "minibatch", "stochastic"):
        assert NUMBERS[f"{key}_uphill"] == 0
    history = sd.run(1)[1]
    assert all(b < a for a, b in zip(history, history[1:]))
    assert NUMBERS["stochastic_steps_shown"] == sd.SHOWN * 64
    assert 0.1 * NUMBERS["stochastic_steps_shown"] < NUMBERS["stochastic_uphill_steps"] \
        < NUMBERS["stochastic_steps_shown"]


def test_a_larger_rate_makes_the_full_batch_jump():
    history = vector.train(vector.init_parameters(parameters.SEED), X, T, NUMBERS["full_big_eta"],
                           sd.EPOCHS)[1]
    rises = [b - a for a, b in zip(history, history[1:]) if b > a]
    assert len(rises) == NUMBERS["full_big_uphill"] >= 1
    assert max(rises) == pytest.approx(NUMBERS["full_big_jump"]) and max(rises) > 1


def test_with_the_full_batch_rate_sgd_does_about_what_the_full_batch_does():
    assert NUMBERS["stochastic_slow_final"] == pytest.approx(NUMBERS["full_final"], rel=0.2)


def test_exercise_1_counts_the_steps():
    assert (NUMBERS["full_updates"], NUMBERS["minibatch_updates"], NUMBERS["stochastic_updates"]) \
        == (1, 8, 64)
    sizes = [len(b) for b in dataset.batches(64, NUMBERS["odd_batch"], dataset.shuffler(0))]
    assert len(sizes) == NUMBERS["odd_updates"] and sizes[-1] == NUMBERS["odd_last"]
    assert NUMBERS["stochastic_steps_total"] == 64 * sd.EPOCHS


def test_exercise_2_the_worked_step_on_image_1():
    n = {k[4:]: v for k, v in NUMBERS.items() if k.startswith("one_")}
    start = vector.to_expanded(vector.init_parameters(parameters.SEED))
    x, label = IMAGES[0]
    t = dataset.target(label)
    z2, a2, z3, a3 = expanded.forward(start, x)
    assert round(a3[0], 4) == n["a3_1"] and round(a2[0], 4) == n["a2_1"] and t[0] == n["t_1"]
    delta3 = (a3[0] - t[0]) * a3[0] * (1 - a3[0])
    assert abs(delta3 - n["delta3_1"]) < 1e-4
    after = expanded.image_step(start, x, t, n["eta"])
    assert abs(after[2][0][0] - n["w3_11_after"]) < 2e-4  # rounded inputs, the same answer
    assert abs(after[3][0] - n["b3_1_after"]) < 2e-4
    # the shown arithmetic holds for the digits shown
    assert round(n["w3_11"] - n["eta"] * n["delta3_1"] * n["a2_1"], 4) == n["w3_11_after"]
    assert round(n["b3_1"] - n["eta"] * n["delta3_1"], 4) == n["b3_1_after"]
    assert round((n["a3_1"] - n["t_1"]) * n["a3_1"] * (1 - n["a3_1"]), 5) == n["delta3_1"]
    # C_1 falls and C_T rises
    assert expanded.cost(expanded.forward(after, x)[3], t) < expanded.cost(a3, t)
    assert expanded.total_cost(after, IMAGES) > expanded.total_cost(start, IMAGES)
    assert math.isclose(expanded.total_cost(after, IMAGES), n["C_T_after"], rel_tol=1e-10)


def test_exercise_3_one_sgd_epoch_approaches_one_full_step_like_eta_squared():
    assert NUMBERS["sgd_eta_big"] == 10 * NUMBERS["sgd_eta_small"]
    assert NUMBERS["sgd_gap_small"] < NUMBERS["sgd_gap_big"]
    assert 60 < NUMBERS["sgd_gap_ratio"] < 140  # "about a hundred"
    # the same gap by the expanded loops: 64 steps, each on one image
    eta = NUMBERS["sgd_eta_small"]
    p = vector.to_expanded(vector.init_parameters(parameters.SEED))
    for image in IMAGES:
        p = expanded.step(p, expanded.gradients(p, [image]), eta)
    start = vector.to_expanded(vector.init_parameters(parameters.SEED))
    full = expanded.step(start, expanded.gradients(start, IMAGES), eta)
    gap = math.dist(expanded.flatten(p), expanded.flatten(full))
    assert math.isclose(gap, NUMBERS["sgd_gap_small"], rel_tol=1e-8)


def test_the_figure_draws_both_panels():
    fig = sd.figure_cost_curves()
    per_epoch, per_image = fig.axes
    assert len(per_epoch.lines) == len(per_image.lines) == 3
    assert len(per_image.lines[2].get_xdata()) == sd.SHOWN * 64 + 1  # SGD: a point per image
    assert len(per_image.lines[0].get_xdata()) == sd.SHOWN + 1       # full batch: one per epoch
