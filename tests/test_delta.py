"""The unit error section: delta = dC/dz against finite differences, and its exercise answers."""

import math

import numpy as np
import pytest

import dataset
import delta
import expanded
import parameters
import vector


def cost_with_z(params, x, t, layer, j, h):
    """C of one image with z^layer_j moved by h, written term by term (expanded.py's loops)."""
    w2, b2, w3, b3 = vector.to_expanded(params)
    z2, a2, z3, a3 = expanded.forward((w2, b2, w3, b3), x)
    if layer == 2:
        z2 = list(z2)
        z2[j] += h
        a2 = [expanded.sigma(z) for z in z2]
        z3 = [b3[k] + sum(w3[k][i] * a2[i] for i in range(3)) for k in range(2)]
    else:
        z3 = list(z3)
    if layer == 3:
        z3[j] += h
    return expanded.cost([expanded.sigma(z) for z in z3], t)


@pytest.mark.parametrize("seed", range(5))
def test_the_unit_errors_are_the_partial_derivatives_of_C_in_z(seed):
    kwargs = parameters.random_image(np.random.default_rng(seed))
    params, x, t = kwargs["params"], kwargs["x"], kwargs["t"]
    delta2, delta3 = delta.delta_vector(**kwargs)
    h = 1e-5
    for layer, deltas in ((2, delta2), (3, delta3)):
        for j, d in enumerate(deltas):
            numerical = (cost_with_z(params, x, t, layer, j, h)
                         - cost_with_z(params, x, t, layer, j, -h)) / (2 * h)
            assert math.isclose(d, numerical, rel_tol=1e-6, abs_tol=1e-10)


def test_the_expanded_side_is_the_rate_of_C_one_unit_at_a_time():
    kwargs = parameters.random_image(np.random.default_rng(7))
    numerical2, numerical3 = vector.numerical_deltas(kwargs["params"], kwargs["x"], kwargs["t"])
    delta2, delta3 = delta.delta_expanded(**kwargs)
    np.testing.assert_allclose(delta2, numerical2, rtol=1e-6, atol=1e-10)
    np.testing.assert_allclose(delta3, numerical3, rtol=1e-6, atol=1e-10)


def test_the_example_numbers():
    numbers = delta.numbers()
    params = vector.init_parameters(parameters.SEED)
    x, label = dataset.load_dataset()[0]
    t = dataset.target(label)
    a3 = expanded.forward(vector.to_expanded(params), x)[3]
    assert math.isclose(numbers["a3_1"], a3[0]) and math.isclose(numbers["a3_2"], a3[1])
    assert numbers["largest_gap"] < 1e-8
    hidden = [abs(numbers[f"delta2_{j}"]) for j in (1, 2, 3)]
    assert numbers["largest_hidden"] == 1 + hidden.index(max(hidden))
    # the signs the prose reads: output 1 should rise, output 2 should fall
    assert numbers["delta3_1"] < 0 < numbers["delta3_2"] and t == (1.0, 0.0)


def test_exercise_1_the_prediction_of_a_nudge():
    numbers = delta.numbers()
    params = vector.init_parameters(parameters.SEED)
    x, label = dataset.load_dataset()[0]
    t = dataset.target(label)
    nudge = numbers["nudge"]
    actual = cost_with_z(params, x, t, 2, 1, nudge) - cost_with_z(params, x, t, 2, 1, 0.0)
    assert math.isclose(numbers["actual_change"], actual, rel_tol=1e-9)
    slope = (cost_with_z(params, x, t, 2, 1, 1e-6) - cost_with_z(params, x, t, 2, 1, -1e-6)) / 2e-6
    assert math.isclose(numbers["predicted_change"], nudge * slope, rel_tol=1e-6)
    # the solution's claim: halving the nudge cuts the error of the prediction to about a quarter
    error = abs(actual - nudge * slope)
    half = cost_with_z(params, x, t, 2, 1, nudge / 2) - cost_with_z(params, x, t, 2, 1, 0.0)
    assert 0.2 < abs(half - nudge / 2 * slope) / error < 0.3
    assert math.isclose(numbers["prediction_gap"], error / abs(actual), rel_tol=1e-5)


def test_exercise_2_the_trained_network_has_tiny_output_errors():
    numbers = delta.numbers()
    trained = parameters.run()[0]
    x, label = dataset.load_dataset()[0]
    t = dataset.target(label)
    for k in range(2):
        numerical = (cost_with_z(trained, x, t, 3, k, 1e-6) - cost_with_z(trained, x, t, 3, k, -1e-6)) / 2e-6
        assert math.isclose(numbers[f"trained_delta3_{k + 1}"], numerical, rel_tol=1e-4)
    assert numbers["trained_ratio"] > 1000
    assert numbers["trained_delta2_max"] < abs(numbers["trained_delta3_1"])
