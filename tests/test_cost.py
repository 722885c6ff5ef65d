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
def test_exercise_3_the_slope_without_the_half(seed):
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


def test_exercise_1_the_shrug(numbers):
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
