"""The two implementations of the 0/1 network agree with each other and with finite differences.

expanded.py (scalar arithmetic, term by term) and vector.py (numpy over the batch) are
written independently; each is checked against the other and against the numerical
derivative (C_T(p + h) - C_T(p - h)) / 2h, which uses neither one's backpropagation.
"""

import numpy as np
import pytest

import expanded
import parameters
import train
import vector
from dataset import make_training_set, to_arrays

IMAGES = make_training_set()
X, T = to_arrays(IMAGES)
SEEDS = [1, 2, 3, 4]


def close(a, b, rel):
    """|a - b| <= rel * (largest |entry| of a or b), over all entries.

    Relative to the array's scale rather than entry by entry: a weighted input that
    happens to be near 0 is a difference of larger terms, so its own relative
    rounding error can be large while the computation is still exact to ~1e-16.
    """
    a, b = np.asarray(a, dtype=float), np.asarray(b, dtype=float)
    assert a.shape == b.shape
    scale = max(np.abs(a).max(), np.abs(b).max())
    return np.abs(a - b).max() <= rel * scale


def random_images(rng, n=20):
    """Random pixels in [0, 1] (not just 0/1) with random labels: both codes must agree on any input."""
    return [(tuple(rng.random(12)), int(rng.integers(2))) for _ in range(n)]


def flat(params):
    """All 47 numbers of a vector.py parameter (or gradient) dict, in the order W2, b2, W3, b3"""
    return np.concatenate([params[name].ravel() for name in vector.SHAPES])


def unflat(p):
    """The dict whose flat() is p"""
    params, start = {}, 0
    for name, shape in vector.SHAPES.items():
        size = int(np.prod(shape))
        params[name] = p[start:start + size].reshape(shape)
        start += size
    return params


def numerical_gradient(C_T, params, h=1e-6):
    """Central differences (C_T(p + h e_m) - C_T(p - h e_m)) / 2h for each of the 47 parameters m"""
    p = flat(params)
    grad = np.zeros_like(p)
    for m in range(p.size):
        plus, minus = p.copy(), p.copy()
        plus[m] += h
        minus[m] -= h
        grad[m] = (C_T(unflat(plus)) - C_T(unflat(minus))) / (2 * h)
    return grad


@pytest.mark.parametrize("seed", SEEDS)
def test_forward_agrees_unit_by_unit(seed):
    rng = np.random.default_rng(seed)
    params = vector.init_parameters(seed, scale=2.0)
    images = random_images(rng) + IMAGES[::7]
    Xr, _ = to_arrays(images)
    Z2, A2, Z3, A3 = vector.forward(params, Xr)
    for n, (x, _) in enumerate(images):
        z2, a2, z3, a3 = expanded.forward(vector.to_expanded(params), x)
        assert close(z2, Z2[n], 1e-12) and close(a2, A2[n], 1e-12)
        assert close(z3, Z3[n], 1e-12) and close(a3, A3[n], 1e-12)


@pytest.mark.parametrize("seed", SEEDS)
def test_cost_and_all_47_gradients_agree(seed):
    rng = np.random.default_rng(seed)
    params = vector.init_parameters(seed, scale=2.0)
    for images in (IMAGES, random_images(rng)):
        Xr, Tr = to_arrays(images)
        ex = vector.to_expanded(params)
        assert close(expanded.total_cost(ex, images), vector.total_cost(params, Xr, Tr), 1e-12)
        grads = vector.gradients(params, Xr, Tr)
        ex_grads = vector.from_expanded(expanded.gradients(ex, images))
        for name in vector.SHAPES:
            assert ex_grads[name].shape == grads[name].shape
            assert close(ex_grads[name], grads[name], 1e-12), name


@pytest.mark.parametrize("seed", [5, 6])
def test_gradients_match_finite_differences(seed):
    params = vector.init_parameters(seed)
    exact = flat(vector.gradients(params, X, T))
    numeric = numerical_gradient(lambda p: vector.total_cost(p, X, T), params)
    assert exact.size == 47
    assert np.all(np.abs(exact - numeric) <= 1e-6 * np.abs(exact) + 1e-8), np.abs(exact - numeric).max()

    ex = vector.to_expanded(params)
    exact_ex = flat(vector.from_expanded(expanded.gradients(ex, IMAGES)))
    numeric_ex = numerical_gradient(lambda p: expanded.total_cost(vector.to_expanded(p), IMAGES), params)
    assert np.all(np.abs(exact_ex - numeric_ex) <= 1e-6 * np.abs(exact_ex) + 1e-8)


def test_one_step_is_params_minus_eta_times_gradient():
    params, eta = vector.init_parameters(7), 0.3
    grads = vector.gradients(params, X, T)
    stepped = vector.step(params, grads, eta)
    for name in vector.SHAPES:
        assert np.array_equal(stepped[name], params[name] - eta * grads[name])
        assert not np.array_equal(stepped[name], params[name])  # it really moved
    ex = vector.to_expanded(params)
    ex_stepped = expanded.step(ex, expanded.gradients(ex, IMAGES), eta)
    assert close(flat(vector.from_expanded(ex_stepped)), flat(stepped), 1e-12)
    # The step does not change the parameters it was given.
    assert vector.to_expanded(params) == ex


def test_a_few_epochs_agree_between_implementations():
    params = vector.init_parameters(8)
    v_params, v_history = vector.train(params, X, T, eta=0.5, epochs=3)
    e_params, e_history = expanded.train(vector.to_expanded(params), IMAGES, eta=0.5, epochs=3)
    assert len(v_history) == len(e_history) == 4
    assert close(e_history, v_history, 1e-12)
    assert close(flat(vector.from_expanded(e_params)), flat(v_params), 1e-12)


def test_default_run_learns_every_image():
    params, history, Xd, Td = parameters.run()
    assert vector.correct(params, Xd, Td) == 64
    assert vector.accuracy(params, Xd, Td) == 1.0
    assert len(history) == parameters.EPOCHS + 1
    assert history[-1] < 0.01 * history[0]
    assert all(later <= earlier for earlier, later in zip(history, history[1:]))  # never goes up
    # Before training the network is no better than guessing on this seed.
    assert vector.correct(vector.init_parameters(parameters.SEED), Xd, Td) < 64


def test_numbers_for_the_prose_come_from_a_real_run():
    numbers = train.numbers()
    assert numbers["correct"] == numbers["images"] == 64
    assert numbers["accuracy"] == 1.0 and numbers["parameters"] == 47
    assert numbers["final_cost"] < numbers["initial_cost"]
    assert all(isinstance(value, (int, float, str)) for value in numbers.values())


def test_forty_seven_parameters():
    shapes = {name: p.shape for name, p in vector.init_parameters(0).items()}
    assert shapes == {"W2": (3, 12), "b2": (3,), "W3": (2, 3), "b3": (2,)}
    assert 12 * 3 + 3 + 3 * 2 + 2 == 47
    assert vector.parameter_count(vector.init_parameters(0)) == 47
    assert sum(len(np.ravel(p)) for p in vector.to_expanded(vector.init_parameters(0))) == 47


def test_converters_round_trip():
    params = vector.init_parameters(9)
    back = vector.from_expanded(vector.to_expanded(params))
    assert all(np.array_equal(back[name], params[name]) for name in vector.SHAPES)
    w2, b2, w3, b3 = vector.to_expanded(params)
    assert w2[2][11] == params["W2"][2, 11] and w3[1][0] == params["W3"][1, 0]


def test_sigma_at_extremes():
    assert expanded.sigma(0.0) == vector.sigma(0.0) == 0.5
    assert expanded.sigma(-1000.0) == vector.sigma(np.float64(-1000.0)) == 0.0
    assert expanded.sigma(1000.0) == vector.sigma(np.float64(1000.0)) == 1.0


def test_predict_is_argmax_of_a3():
    params = vector.init_parameters(10)
    A3 = vector.forward(params, X)[3]
    assert list(vector.predict(params, X)) == [0 if a[0] > a[1] else 1 for a in A3]
