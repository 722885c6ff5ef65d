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


def full_history(eta, epochs=sd.EPOCHS):
    """The book's full-batch loop, from the book's start, independently of sd.run"""
    return vector.train(vector.init_parameters(parameters.SEED), X, T, eta, epochs)


def sgd_by_hand(eta, seed, epochs=sd.EPOCHS):
    """SGD with the seeded orders, image by image, with vector.image_step"""
    params, rng = vector.init_parameters(parameters.SEED), dataset.shuffler(seed)
    for epoch in range(epochs):
        for [n] in dataset.batches(64, 1, rng):
            params = vector.image_step(params, X[n], T[n], eta)
    return vector.total_cost(params, X, T)


def test_the_scaled_rates_label_every_image_without_an_uphill_epoch():
    for key in ("full", "minibatch", "stochastic"):
        assert NUMBERS[f"{key}_correct"] == 64 and NUMBERS[f"{key}_uphill"] == 0
    assert NUMBERS["full_final"] == parameters.run(epochs=sd.EPOCHS)[1][-1]


def test_each_method_at_its_best_rate_of_the_grid():
    assert sd.GRID == tuple(0.3 * 2 ** k for k in range(8))
    for key, size in (("full", 64), ("minibatch", sd.BATCH), ("stochastic", 1)):
        finals = {eta: vector.train_minibatch(vector.init_parameters(parameters.SEED), X, T, eta,
                                              sd.EPOCHS, size, sd.SEED)[1][-1] for eta in sd.GRID}
        best = min(finals, key=finals.get)
        assert NUMBERS[f"{key}_best_eta"] == best
        assert NUMBERS[f"{key}_best_final"] == pytest.approx(finals[best], rel=1e-12)
        assert NUMBERS[f"{key}_best_correct"] == 64
    # the best rates the page names, and "within a small factor of one another"
    assert (NUMBERS["full_best_eta"], NUMBERS["stochastic_best_eta"]) == (2.4, 19.2)
    bests = [NUMBERS[f"{k}_best_final"] for k in ("full", "minibatch", "stochastic")]
    assert max(bests) / min(bests) < 10
    assert NUMBERS["full_best_first"] > 1 > NUMBERS["minibatch_best_first"] > NUMBERS["stochastic_best_first"]
    for key, size in (("minibatch", sd.BATCH), ("stochastic", 1)):
        assert NUMBERS[f"{key}_best_uphill"] == 0  # "no epoch ... raises C_T"
    history = full_history(NUMBERS["full_best_eta"])[1]
    assert sum(b > a for a, b in zip(history, history[1:])) == NUMBERS["full_best_uphill"] > 0
    assert min(e for e, C in enumerate(history) if C < 1) == NUMBERS["full_best_takeoff"] > 10


def test_sgd_beats_the_best_full_batch_for_every_seed_but_by_a_seed_dependent_factor():
    finals = [sgd_by_hand(NUMBERS["stochastic_best_eta"], seed) for seed in sd.SEEDS]
    assert min(finals) == pytest.approx(NUMBERS["stochastic_seeds_low"], rel=1e-9)
    assert max(finals) == pytest.approx(NUMBERS["stochastic_seeds_high"], rel=1e-9)
    assert NUMBERS["stochastic_seeds_stuck"] == 0
    assert all(C < NUMBERS["full_best_final"] for C in finals)
    assert 1 < NUMBERS["ratio_low"] < NUMBERS["ratio_seed"] <= NUMBERS["ratio_high"]
    assert NUMBERS["ratio_high"] / NUMBERS["ratio_low"] > 2  # the factor depends on the seed
    assert NUMBERS["ratio_seed"] == NUMBERS["full_best_final"] / sgd_by_hand(19.2, sd.SEED)


def test_mini_batches_at_their_best_rate_stick_for_some_seeds():
    finals = [vector.train_minibatch(vector.init_parameters(parameters.SEED), X, T,
                                     NUMBERS["minibatch_best_eta"], sd.EPOCHS, sd.BATCH, seed)[1][-1]
              for seed in sd.SEEDS]
    stuck = [C for C in finals if C > 1]
    assert len(stuck) == NUMBERS["minibatch_seeds_stuck"] >= 1
    assert all(abs(C - NUMBERS["full_stuck_final"]) < 1 for C in stuck)  # "where the full batch sticks"
    learnt = [C for C in finals if C < 1]
    assert (min(learnt), max(learnt)) == (NUMBERS["minibatch_seeds_low"], NUMBERS["minibatch_seeds_high"])
    assert finals[sd.SEEDS.index(sd.SEED)] < 1  # the page's seed is not one that sticks


def test_every_run_that_does_not_stick_ends_within_a_small_factor_of_the_others():
    """Each method at its best rate, over every shuffle seed: the runs that reach C_T < 1 end
    less than ten times apart, whatever their method, and only mini-batch runs stick."""
    full = full_history(NUMBERS["full_best_eta"])[1][-1]  # a full batch is never shuffled
    sgd = [sgd_by_hand(NUMBERS["stochastic_best_eta"], seed) for seed in sd.SEEDS]
    mini = [vector.train_minibatch(vector.init_parameters(parameters.SEED), X, T,
                                   NUMBERS["minibatch_best_eta"], sd.EPOCHS, sd.BATCH, seed)[1][-1]
            for seed in sd.SEEDS]
    assert full < 1 and all(C < 1 for C in sgd)
    assert sum(C > 1 for C in mini) == NUMBERS["minibatch_seeds_stuck"] >= 1
    learnt = [full] + sgd + [C for C in mini if C < 1]
    assert max(learnt) / min(learnt) < 10


def test_the_full_batch_at_larger_rates():
    for i, eta in enumerate(sd.FULL_ETAS):
        assert NUMBERS[f"full_eta_{i}"] == eta
        key = f"full_at_{eta:g}".replace(".", "_")
        history = full_history(eta)[1]
        assert NUMBERS[key] == history[-1] < NUMBERS["full_final"]
    history = full_history(0.5)[1]
    rises = [e for e in range(1, len(history)) if history[e] > history[e - 1]]
    assert rises == [NUMBERS["full_jump_epoch"]] == [3]  # "rises once, in epoch 3"
    assert (history[2], history[3]) == (NUMBERS["full_jump_from"], NUMBERS["full_jump_to"])
    # at 3.0: a long plateau near 16, then lower than any run of the grid
    history = full_history(3.0)[1]
    assert round(NUMBERS["full_plateau_level"]) == 16
    assert sum(abs(C - 16) < 1 for C in history) == NUMBERS["full_plateau_epochs"] > sd.EPOCHS / 2
    assert history[-1] < min(NUMBERS[f"{k}_best_final"] for k in ("full", "minibatch", "stochastic"))
    # from the stuck rate on, the full batch stays put
    params, history = full_history(NUMBERS["full_stuck_eta"])
    assert NUMBERS["full_stuck_eta"] == 4.8 and history[-1] > 10
    assert vector.correct(params, X, T) == NUMBERS["full_stuck_correct"] < 64
    assert full_history(2.4)[1][-1] < 1  # 4.8 is the first rate of the grid that sticks
    assert all(full_history(eta)[1][-1] > NUMBERS["full_stuck_final"] - 1 for eta in sd.GRID if eta > 4.8)


def test_single_steps_of_sgd_half_go_uphill_and_some_by_several_times_the_cost():
    params, rng = vector.init_parameters(parameters.SEED), dataset.shuffler(sd.SEED)
    costs, own, lengths = [vector.total_cost(params, X, T)], [], []
    for epoch in range(sd.SHOWN):
        for [n] in dataset.batches(64, 1, rng):
            before = vector.total_cost(params, X[n:n + 1], T[n:n + 1])
            after = vector.image_step(params, X[n], T[n], 19.2)
            lengths.append(np.linalg.norm(theta(after) - theta(params)))
            params = after
            own.append(vector.total_cost(params, X[n:n + 1], T[n:n + 1]) < before)
            costs.append(vector.total_cost(params, X, T))
    rises = [b - a for a, b in zip(costs, costs[1:])]
    assert sum(r > 0 for r in rises) == NUMBERS["stochastic_uphill_steps"]
    assert 0.4 < NUMBERS["stochastic_uphill_steps"] / len(rises) < 0.6  # "about half"
    s = NUMBERS["rise_step"]
    assert rises[s - 1] == max(rises) and costs[s - 1] == NUMBERS["rise_from"]
    assert costs[s] - costs[s - 1] > 3 * costs[s - 1]  # "by several times C_T itself"
    assert sum(C > costs[0] for C in costs[1:65]) == NUMBERS["above_start_steps"] > 0
    assert all(own) and NUMBERS["own_rises"] == 0
    assert max(lengths) == pytest.approx(NUMBERS["longest_step"])


def test_step_lengths_from_the_start():
    start = vector.init_parameters(parameters.SEED)
    full = np.linalg.norm(parameters.ETA * theta(vector.gradients(start, X, T)))
    assert full == pytest.approx(NUMBERS["full_step"])
    sgd = [np.linalg.norm(19.2 * theta(vector.gradients(start, X[n:n + 1], T[n:n + 1]))) for n in range(64)]
    assert np.mean(sgd) == pytest.approx(NUMBERS["sgd_step_mean"]) and max(sgd) == pytest.approx(NUMBERS["sgd_step_max"])
    # a step on few images is not short: longer than the full-batch step, on average
    assert NUMBERS["full_step"] < NUMBERS["mini_step_mean"] < NUMBERS["sgd_step_mean"]
    # ... yet the mean step of an epoch's batches is the full-batch step (the 64/|B| rule)
    for size in (1, sd.BATCH):
        eta = sd.rate(size)
        batches = dataset.batches(64, size, dataset.shuffler(sd.SEED))
        mean = np.mean([eta * theta(vector.gradients(start, X[b], T[b])) for b in batches], axis=0)
        np.testing.assert_allclose(mean, parameters.ETA * theta(vector.gradients(start, X, T)), rtol=1e-10)


def test_the_files_order_is_worse_at_first_and_close_after_many_epochs():
    params = vector.init_parameters(parameters.SEED)
    for n in range(32):  # every "0" of the file
        params = vector.image_step(params, X[n], T[n], 19.2)
    assert all(T[:32, 0] == 1) and all(T[32:, 1] == 1)
    assert int(np.sum(vector.predict(params, X) == 0)) == NUMBERS["half_zeros"] == 64
    assert vector.total_cost(params, X, T) == pytest.approx(NUMBERS["half_cost"])
    assert NUMBERS["order_first"] > 100 * NUMBERS["shuffled_first"]
    gap = abs(NUMBERS["order_final"] - NUMBERS["shuffled_final"])
    assert gap < NUMBERS["stochastic_seeds_high"] - NUMBERS["stochastic_seeds_low"]  # "closer than two shuffles"


def test_with_the_full_batch_rate_sgd_does_about_what_the_full_batch_does():
    assert NUMBERS["stochastic_slow_final"] == pytest.approx(NUMBERS["full_final"], rel=0.2)
    # in the file's order, one epoch at eta = 0.3 ends less than a full step from the full step
    assert NUMBERS["sgd_gap_book"] < NUMBERS["full_step"]


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
    ones = [(x, l) for x, l in IMAGES if l == 1]
    rise = expanded.total_cost(after, ones) - expanded.total_cost(start, ones)
    assert math.isclose(rise, n["ones_rise"], rel_tol=1e-10)
    assert rise > n["C_T_after"] - n["C_T_before"]  # the "0"s, together, gain
    assert 0.5 * rise < n["ones_rise_output_1"] < rise  # "mostly" on output 1


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


def test_the_figure_draws_three_panels():
    fig = sd.figure_cost_curves()
    per_epoch, per_image, grid = fig.axes
    assert len(per_epoch.lines) == len(per_image.lines) == len(grid.lines) == 3
    assert list(grid.lines[0].get_xdata()) == list(sd.GRID)
    assert len(per_image.lines[2].get_xdata()) == sd.SHOWN * 64 + 1  # SGD: a point per image
    assert len(per_image.lines[0].get_xdata()) == sd.SHOWN + 1       # full batch: one per epoch
