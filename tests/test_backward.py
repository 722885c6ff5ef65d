"""The backward recurrence: against finite differences, the figure's story, the operation counts."""

import math

import numpy as np
import pytest

import backward
import dataset
import parameters
import vector


def cost_of_hidden_z(params, z2, t):
    """C as a function of z2, written with plain floats."""
    W3, b3 = params["W3"], params["b3"]
    a2 = [1 / (1 + math.exp(-z)) for z in z2]
    C = 0.0
    for k in range(2):
        z3 = b3[k] + sum(W3[k][j] * a2[j] for j in range(3))
        C += 0.5 * (t[k] - 1 / (1 + math.exp(-z3))) ** 2
    return C


@pytest.mark.parametrize("seed", range(5))
def test_the_recurrence_gives_dC_dz2(seed):
    kwargs = parameters.random_image(np.random.default_rng(seed))
    params, x, t = kwargs["params"], kwargs["x"], kwargs["t"]
    z2 = params["W2"] @ np.array(x) + params["b2"]
    delta2 = backward.backward_vector(**kwargs)
    h = 1e-6
    for j in range(3):
        up, down = z2.copy(), z2.copy()
        up[j] += h
        down[j] -= h
        numerical = (cost_of_hidden_z(params, up, t) - cost_of_hidden_z(params, down, t)) / (2 * h)
        assert math.isclose(delta2[j], numerical, rel_tol=1e-6, abs_tol=1e-10)


@pytest.mark.parametrize("seed", range(5))
def test_the_general_step_on_a_deeper_network(seed):
    """A 4-5-3-2 sigmoid network: delta of every hidden layer by the recurrence and by nudging."""
    rng = np.random.default_rng(seed)
    sizes = [4, 5, 3, 2]
    Ws = [rng.standard_normal((m, n)) for n, m in zip(sizes, sizes[1:])]
    bs = [rng.standard_normal(m) for m in sizes[1:]]
    x, t = rng.integers(0, 2, size=4).astype(float), np.array([1.0, 0.0])

    def cost_from(layer, z):
        a = vector.sigma(z)
        for W, b in zip(Ws[layer + 1:], bs[layer + 1:]):
            a = vector.sigma(W @ a + b)
        return 0.5 * np.sum((t - a) ** 2)

    zs, a = [], x
    for W, b in zip(Ws, bs):
        zs.append(W @ a + b)
        a = vector.sigma(zs[-1])
    deltas = [(a - t) * a * (1 - a)]
    for layer in (1, 0):
        deltas.insert(0, np.array(backward.backward_general_expanded(
            Ws[layer + 1].tolist(), deltas[0].tolist(), zs[layer].tolist())))
    for layer in range(3):
        numerical = vector.delta_numerical(lambda z: cost_from(layer, z), zs[layer])
        np.testing.assert_allclose(deltas[layer], numerical, rtol=1e-6, atol=1e-10)


def test_the_worked_example_and_the_figures_story():
    n = backward.numbers()
    for j in (1, 2, 3):
        assert math.isclose(n[f"back_{j}"], n[f"flow_1{j}"] + n[f"flow_2{j}"], rel_tol=1e-12)
        assert math.isclose(n[f"delta2_{j}"], n[f"back_{j}"] * n[f"sigma_prime_{j}"], rel_tol=1e-12)
    # unit 2: the two flows agree in sign; unit 1: they nearly cancel and its error is the smallest
    assert n["flow_12"] * n["flow_22"] > 0
    assert n["flow_11"] * n["flow_21"] < 0
    assert abs(n["back_1"]) < 0.25 * max(abs(n["flow_11"]), abs(n["flow_21"]))
    assert abs(n["delta2_1"]) == min(abs(n[f"delta2_{j}"]) for j in (1, 2, 3))
    assert n["largest_gap"] < 1e-8
    assert n["label"] == dataset.load_dataset()[0][1]


class Counted(float):
    """A float that counts the multiplications made with it."""
    mults = 0

    def __mul__(self, other):
        Counted.mults += 1
        return Counted(float(self) * float(other))

    __rmul__ = __mul__

    def __add__(self, other):
        return Counted(float(self) + float(other))

    __radd__ = __add__

    def __sub__(self, other):
        return Counted(float(self) - float(other))

    def __rsub__(self, other):
        return Counted(float(other) - float(self))


def count(work):
    Counted.mults = 0
    work()
    return Counted.mults


def test_the_operation_counts_by_counting():
    params = {name: [[Counted(v) for v in row] if isinstance(row, list) else Counted(row)
                     for row in p] for name, p in zip(vector.SHAPES, vector.to_expanded(vector.init_parameters(parameters.SEED)))}
    W2, b2, W3, b3 = params["W2"], params["b2"], params["W3"], params["b3"]
    x = [Counted(p) for p in dataset.load_dataset()[0][0]]
    t = [Counted(1.0), Counted(0.0)]
    state = {}

    def forward():
        z2 = [b2[j] + sum(W2[j][i] * x[i] for i in range(12)) for j in range(3)]
        a2 = [Counted(1 / (1 + math.exp(-z))) for z in z2]
        z3 = [b3[k] + sum(W3[k][j] * a2[j] for j in range(3)) for k in range(2)]
        state["a2"] = a2
        state["a3"] = [Counted(1 / (1 + math.exp(-z))) for z in z3]

    def deltas():
        a2, a3 = state["a2"], state["a3"]
        d3 = [(a3[k] - t[k]) * a3[k] * (1 - a3[k]) for k in range(2)]
        state["d2"] = [sum(W3[k][j] * d3[k] for k in range(2)) * a2[j] * (1 - a2[j]) for j in range(3)]
        state["d3"] = d3

    def gradients():
        [[state["d2"][j] * x[i] for i in range(12)] for j in range(3)]
        [[state["d3"][k] * state["a2"][j] for j in range(3)] for k in range(2)]

    n = backward.numbers()
    assert count(forward) == n["forward_mults"]
    assert count(deltas) == n["delta_mults"]
    assert count(gradients) == n["gradient_mults"]
    assert n["backward_mults"] == n["delta_mults"] + n["gradient_mults"]
    assert n["numerical_passes"] == 2 * vector.parameter_count(vector.init_parameters(parameters.SEED))
    assert n["numerical_mults"] == n["numerical_passes"] * count(forward)
    assert math.isclose(n["speedup"], n["numerical_mults"] / (n["forward_mults"] + n["backward_mults"]))


def test_exercise_1_delta2_1_by_hand():
    n = backward.numbers()
    by_hand = (n["w3_11"] * n["delta3_1"] + n["w3_21"] * n["delta3_2"]) * n["sigma_prime_1"]
    assert math.isclose(by_hand, n["delta2_1"], rel_tol=1e-12)


def test_exercise_2_a_second_hidden_layer():
    # count the recurrence's multiplications for a 3-unit layer fed into a 3-unit layer
    W = [[Counted(1.0)] * 3 for _ in range(3)]
    d_next = [Counted(0.1)] * 3
    a = [Counted(0.5)] * 3

    def step():
        [sum(W[k][j] * d_next[k] for k in range(3)) * a[j] * (1 - a[j]) for j in range(3)]

    assert count(step) == backward.numbers()["extra_layer_delta_mults"]
