"""The output layer's error: its formula against finite differences, and the exercise answers."""

import math

import numpy as np
import pytest

import output_delta
import parameters
import vector


def half_square(z, t):
    """The part of C that z3_k reaches: 1/2 (t_k - sigma(z3_k))^2, with sigma written out."""
    return 0.5 * (t - 1 / (1 + math.exp(-z))) ** 2


def central(f, z, h=1e-6):
    return (f(z + h) - f(z - h)) / (2 * h)


@pytest.mark.parametrize("z", [-6.0, -2.5, -0.3, 0.0, 0.7, 3.1, 6.0])
def test_sigma_prime_is_the_slope_of_the_sigmoid(z):
    slope = central(lambda s: 1 / (1 + math.exp(-s)), z)
    assert math.isclose(output_delta.sigma_prime(z), slope, rel_tol=1e-6)
    quotient_rule = math.exp(-z) / (1 + math.exp(-z)) ** 2
    assert math.isclose(output_delta.sigma_prime(z), quotient_rule, rel_tol=1e-12)


@pytest.mark.parametrize("seed", range(5))
def test_the_output_error_is_dC_dz3(seed):
    kwargs = parameters.random_image(np.random.default_rng(seed))
    numerical = vector.numerical_deltas(kwargs["params"], kwargs["x"], kwargs["t"])[1]
    np.testing.assert_allclose(output_delta.output_delta_expanded(**kwargs), numerical,
                               rtol=1e-6, atol=1e-10)


def test_the_worked_example():
    n = output_delta.numbers()
    for k in (1, 2):
        z, t = n[f"z3_{k}"], n[f"t{k}"]
        assert math.isclose(n[f"delta3_{k}"], central(lambda s: half_square(s, t), z), rel_tol=1e-7)
        assert math.isclose(n[f"delta3_{k}"], n[f"gap_{k}"] * n[f"sigma_prime_{k}"], rel_tol=1e-12)
    assert n["largest_gap"] < 1e-8
    assert n["sigma_prime_max"] == 0.25


def test_exercise_1_the_peak_of_the_error_for_t_0():
    a = np.linspace(0, 1, 2_000_001)
    errors = a * a * (1 - a)
    n = output_delta.numbers()
    assert abs(a[np.argmax(errors)] - n["peak_a"]) < 1e-6
    assert math.isclose(errors.max(), n["peak_delta"], rel_tol=1e-10)
    assert math.isclose(n["peak_delta"], 4 / 27)
    # and the mirror image for t = 1
    assert math.isclose(-((a - 1) * a * (1 - a)).min(), 4 / 27, rel_tol=1e-10)


def test_exercise_2_a_saturated_wrong_output():
    n = output_delta.numbers()
    z = n["saturated_z"]
    assert math.isclose(n["saturated_delta"], central(lambda s: half_square(s, 1.0), z), rel_tol=1e-6)
    assert math.isclose(n["saturated_a"], 1 / (1 + math.exp(6)))
    assert math.isclose(n["saturated_ratio"], (4 / 27) / abs(n["saturated_delta"]))


def test_exercise_3_cross_entropy_cancels_the_slope():
    n = output_delta.numbers()
    for k in (1, 2):
        t = n[f"t{k}"]

        def cross_entropy(s):
            a = 1 / (1 + math.exp(-s))
            return -(t * math.log(a) + (1 - t) * math.log(1 - a))

        assert math.isclose(n[f"cross_entropy_delta3_{k}"], central(cross_entropy, n[f"z3_{k}"]),
                            rel_tol=1e-7)


@pytest.mark.parametrize("seed", range(3))
def test_the_batch_errors_are_each_images_dC_dz3_in_its_row(seed):
    import dataset
    kwargs = {key: value for key, value in parameters.random_network(np.random.default_rng(seed)).items()
              if key != "eta"}
    Delta3 = output_delta.batch_vector(**kwargs)
    for n, (x, label) in enumerate(kwargs["images"]):
        numerical = vector.numerical_deltas(kwargs["params"], x, dataset.target(label))[1]
        np.testing.assert_allclose(Delta3[n], numerical, rtol=1e-6, atol=1e-10)
