"""The neuron section: the threshold is minus the bias, and the exercises' answers."""

import itertools
import math

import numpy as np

import dataset
import neuron

NUMBERS = neuron.numbers()


def test_firing_at_the_threshold_is_a_nonnegative_weighted_input():
    # w . x >= tau and z = w . x + b >= 0 agree for every 0/1 image when tau = -b
    rng = np.random.default_rng(0)
    for _ in range(50):
        w, b = rng.normal(size=12), rng.normal()
        for x in itertools.islice(itertools.product([0, 1], repeat=12), 0, 4096, 37):
            assert neuron.fires_vector(w, x, -b) == int(neuron.weighted_sum_expanded(w, x, b) >= 0)


def test_the_check_keeps_its_threshold_off_the_boundary():
    for seed in range(100):
        kw = neuron.random_threshold(np.random.default_rng(seed))
        assert abs(np.dot(kw["w"], kw["x"]) - kw["tau"]) >= 0.1 - 1e-12


def test_the_weights_figure_draws_the_example_weights():
    fig = neuron.figure_weights()
    (ax,) = fig.axes
    assert np.array_equal(ax.images[0].get_array(), np.reshape(neuron.w, (4, 3)))


def test_exercise_1_the_step_neuron_fires_for_all_ones_but_the_one_with_five_extra_pixels():
    # closed form: a "1" has w . x = 8 - (number of optional pixels), all optional pixels in
    # the side columns; it fires unless all five are inked; a "0" is at most 2 + 2 - 4 = 0.
    optional_ones = dataset.DIGITS[1][1]
    assert all(neuron.w[p - 1] == -1 for p in optional_ones)
    fires_ones = sum(1 for k in range(6) for _ in range(math.comb(5, k)) if 8 - k >= neuron.tau)
    assert NUMBERS["fires_ones"] == fires_ones == 31
    assert NUMBERS["fires_zeros"] == 0


def test_exercise_2_the_separating_thresholds():
    X, T = dataset.to_arrays(dataset.load_dataset())
    totals = X @ np.array(neuron.w, dtype=float)
    ones, zeros = totals[T[:, 1] == 1], totals[T[:, 0] == 1]
    assert NUMBERS["min_wx_one"] == ones.min() == 3
    assert NUMBERS["max_wx_zero"] == zeros.max() == 0
    for tau in (0.5, 1, 2, 3):
        assert (ones >= tau).all() and not (zeros >= tau).any()
    assert not (ones >= 4).all()  # the book's tau = 4 misses one "1"


def test_exercise_3_doubling_keeps_the_steps_decisions_and_sharpens_the_sigmoid():
    X = np.array([x for x, _ in dataset.load_dataset()], dtype=float)
    w, b = np.array(neuron.w, dtype=float), neuron.b
    assert np.array_equal((X @ w + b) >= 0, (X @ (2 * w) + 2 * b) >= 0)
    assert math.isclose(NUMBERS["a_weakest_one"], 1 / (1 + math.e), rel_tol=1e-12)
    assert math.isclose(NUMBERS["a_weakest_one_doubled"], 1 / (1 + math.e ** 2), rel_tol=1e-12)
    assert NUMBERS["z_weakest_one"] == -1 and NUMBERS["z_weakest_one_doubled"] == -2
