"""The cost section: the cost, its slope against finite differences, and its exercises."""

import math

import numpy as np
import pytest

import cost
import dataset
import expanded
import parameters
import train
import vector


@pytest.fixture(scope="module")
def numbers():
    return cost.numbers()


def central_difference(f, a, k, h=1e-6):
    up, down = list(a), list(a)
    up[k] += h
    down[k] -= h
    return (f(up) - f(down)) / (2 * h)


@pytest.mark.parametrize("seed", range(5))
def test_the_slope_of_the_cost_against_finite_differences(seed):
    rng = np.random.default_rng(seed)
    t, a3 = dataset.target(int(rng.integers(0, 2))), list(rng.uniform(0, 1, size=2))
    slope = cost.cost_slope_vector(t, a3)
    for k in range(2):
        estimate = central_difference(lambda a: cost.cost_expanded(t, a), a3, k)
        assert math.isclose(estimate, slope[k], rel_tol=1e-7, abs_tol=1e-9)


@pytest.mark.parametrize("seed", range(5))
def test_the_slope_without_the_half_is_twice_as_large(seed):
    rng = np.random.default_rng(seed)
    t, a3 = dataset.target(int(rng.integers(0, 2))), list(rng.uniform(0, 1, size=2))
    def no_half(a):
        return (t[0] - a[0]) ** 2 + (t[1] - a[1]) ** 2
    for k in range(2):
        assert math.isclose(central_difference(no_half, a3, k), 2 * (a3[k] - t[k]), rel_tol=1e-7, abs_tol=1e-9)


def test_before_and_after_are_the_book_run(numbers):
    book = train.numbers()
    assert math.isclose(numbers["start"], book["initial_cost"], rel_tol=1e-12)
    assert math.isclose(numbers["trained"], book["final_cost"], rel_tol=1e-12)
    assert numbers["start_zeros"] + numbers["start_ones"] == pytest.approx(numbers["start"], rel=1e-12)


def test_the_example_image(numbers):
    x, label = dataset.load_dataset()[cost.EXAMPLE]
    a3 = expanded.forward(vector.to_expanded(parameters.run()[0]), x)[3]
    assert math.isclose(numbers["example_C"], expanded.cost(a3, dataset.target(label)), rel_tol=1e-9)


def test_the_shrug(numbers):
    images = dataset.load_dataset()
    shrug = sum(expanded.cost((0.5, 0.5), dataset.target(label)) for x, label in images)
    assert numbers["guess_half"] == shrug == len(images) / 4
    assert numbers["guess_half_one"] == 0.25
    assert numbers["start"] > numbers["guess_half"]  # the page says the random start is worse


def test_exercise_2_the_costliest_image_after_training(numbers):
    p = vector.to_expanded(parameters.run()[0])
    costs = [expanded.cost(expanded.forward(p, x)[3], dataset.target(label))
             for x, label in dataset.load_dataset()]
    worst = max(range(len(costs)), key=costs.__getitem__)
    assert numbers["worst_n"] == worst + 1
    assert math.isclose(numbers["worst_cost"], costs[worst], rel_tol=1e-9)
    assert numbers["worst_label"] == dataset.load_dataset()[worst][1]


def test_the_start_calls_every_image_a_one(numbers):
    X, T = dataset.to_arrays(dataset.load_dataset())
    A3 = vector.forward(vector.init_parameters(parameters.SEED), X)[3]
    assert numbers["start_says_one"] == int(np.sum(A3[:, 1] > A3[:, 0])) == len(X)


def test_exercise_1_the_costs_stay_below_1_and_64(numbers):
    assert numbers["max_cost_one"] == 1 and numbers["max_cost_total"] == 64
    # saturated at the wrong ends, the outputs come as close as we like to the bound
    assert expanded.cost((1e-9, 1 - 1e-9), (0.0, 1.0)) < 1e-15
    assert 1 - expanded.cost((1 - 1e-9, 1e-9), (0.0, 1.0)) < 1e-8
    rng = np.random.default_rng(0)
    for a in rng.uniform(0, 1, size=(1000, 2)):
        assert expanded.cost(a, (1.0, 0.0)) < 1 and expanded.cost(a, (0.0, 1.0)) < 1


def test_exercise_3_a_wrongly_read_image_costs_at_least_a_quarter(numbers):
    grid = np.linspace(0, 1, 401)
    a1, a2 = np.meshgrid(grid, grid)
    cost_zero = 0.5 * ((1 - a1) ** 2 + a2 ** 2)   # target (1, 0), read as a "1" when a2 >= a1
    cost_one = 0.5 * (a1 ** 2 + (1 - a2) ** 2)    # target (0, 1), read as a "0" when a1 > a2
    assert cost_zero[a2 >= a1].min() == pytest.approx(0.25, abs=1e-12)
    assert cost_one[a1 > a2].min() > 0.25
    assert numbers["xor_floor"] == 16 * numbers["guess_half_one"] == 4


def test_the_alt_text_powers_of_ten_bracket_the_trained_costs(numbers):
    assert 10.0 ** numbers["trained_min_exponent"] <= numbers["trained_min"]
    assert numbers["trained_max"] <= 10.0 ** numbers["trained_max_exponent"]
