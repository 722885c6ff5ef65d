"""The chain-rule section: every derivative it shows against central differences, the sum
over paths against the network, and the exercises' answers recomputed another way."""

import math

import numpy as np
import pytest

import chain_rule as cr
import dataset
import expanded
import parameters
import vector

H = 1e-6


def central(f, x, h=H):
    return (f(x + h) - f(x - h)) / (2 * h)


W, B, X = cr.NEURON["w"], cr.NEURON["b"], cr.NEURON["x"]


def test_one_variable_sigmoid_of_a_weighted_input():
    a = lambda x: expanded.sigma(W * x + B)
    assert math.isclose(cr.da_dx(W, B, X), central(a, X), rel_tol=1e-8)
    n = cr.numbers()
    # the page shows da/dz to 4 places, times w, and the product to 4 places
    assert math.isclose(n["da_dx"], round(round(n["da_dz"], 4) * n["dz_dx"], 4), rel_tol=1e-12)
    assert abs(n["da_dx"] - cr.da_dx(W, B, X)) < 5e-4
    a_of_w = lambda w: expanded.sigma(w * X + B)
    assert math.isclose(n["da_dw"], central(a_of_w, W), rel_tol=1e-8)


@pytest.mark.parametrize("w, b, x, t", [(W, B, X, cr.TARGET), (-0.7, 0.3, 2.5, 0.0), (1.5, 2.0, -1.0, 1.0)])
def test_three_links_match_central_differences(w, b, x, t):
    C = lambda w: 0.5 * (t - expanded.sigma(w * x + b)) ** 2
    assert math.isclose(cr.dC_dw(w, b, x, t), central(C, w), rel_tol=1e-7, abs_tol=1e-10)


def test_the_product_rule_is_a_sum_over_two_paths():
    u1, du1, u2, du2 = math.sin, math.cos, math.exp, math.exp
    x = 0.4
    two_paths = u2(x) * du1(x) + u1(x) * du2(x)
    assert math.isclose(two_paths, central(lambda x: u1(x) * u2(x), x), rel_tol=1e-8)


@pytest.mark.parametrize("seed", range(5))
def test_dC_da2_matches_central_differences(seed):
    kw = cr.random_layer3(np.random.default_rng(seed))
    grad = cr.through_outputs_vector(**kw)
    for j in range(3):
        def C(v, j=j):
            a2 = list(kw["a2"])
            a2[j] = v
            return cr.cost_from_hidden(kw["w3"], kw["b3"], a2, kw["t"])
        assert math.isclose(grad[j], central(C, kw["a2"][j]), rel_tol=1e-6, abs_tol=1e-10)


def test_the_local_derivatives_match_central_differences():
    w3, b3, a2, a3, t = cr.first_image()
    J, dC_da3 = cr.local_derivatives(w3, a3, t)
    for k in range(2):
        for j in range(3):
            def a3k(v, j=j, k=k):
                moved = list(a2)
                moved[j] = v
                return expanded.sigma(sum(w3[k][i] * moved[i] for i in range(3)) + b3[k])
            assert math.isclose(J[k][j], central(a3k, a2[j]), rel_tol=1e-7, abs_tol=1e-10)
        def C(v, k=k):
            moved = list(a3)
            moved[k] = v
            return expanded.cost(moved, t)
        assert math.isclose(dC_da3[k], central(C, a3[k]), rel_tol=1e-7)


def test_the_network_numbers_and_the_figure_sum():
    n = cr.numbers()
    params = vector.init_parameters(parameters.SEED)
    X, T = dataset.to_arrays(dataset.load_dataset())
    Z2, A2, Z3, A3 = vector.forward(params, X)
    a2, a3, t = A2[cr.IMAGE], A3[cr.IMAGE], T[cr.IMAGE]
    # backpropagation's own formula for the hidden activations' gradient
    grad = params["W3"].T @ ((a3 - t) * a3 * (1 - a3))
    assert np.allclose([n["dC_da2_1"], n["dC_da2_2"], n["dC_da2_3"]], grad, rtol=1e-12)
    # the shown paths are the products of the shown factors, and their sum is the shown total
    for path, dC, J in (("path1", "dC_da3_1", "J11"), ("path2", "dC_da3_2", "J21")):
        assert f"{n[path]:.3f}" == f"{float(f'{n[dC]:.3f}') * float(f'{n[J]:.3f}'):.3f}"
        assert abs(n[path] - n[dC] * n[J]) < 1e-3
    assert f"{n['paths_sum']:.3f}" == f"{n['path1'] + n['path2']:.3f}" == f"{n['dC_da2_1']:.3f}"
    assert n["path1"] < 0 < n["path2"]  # the two paths pull in opposite directions
    assert (n["a3_1"], n["a3_2"]) == tuple(a3)


def test_exercise_1_the_slope_of_tanh():
    n = cr.numbers()
    for z in (-2.0, -0.5, 0.0, 1.0, 3.0):
        assert math.isclose(cr.tanh(z), math.tanh(z), rel_tol=1e-12, abs_tol=1e-15)
        assert math.isclose(cr.tanh_prime(z), central(math.tanh, z), rel_tol=1e-8)
        assert math.isclose(cr.tanh_prime(z), 1 - math.tanh(z) ** 2, rel_tol=1e-12)
    assert n["ex1_slope_0"] == 1 and math.isclose(n["ex1_slope_1"], 1 - math.tanh(1) ** 2, rel_tol=1e-12)


def test_exercise_2_sum_over_paths_against_substitution():
    n = cr.numbers()
    g = lambda x1, x2: (x1 + x2) ** 2 + x1 * x2
    assert math.isclose(n["ex2_dg_dx1"], central(lambda v: g(v, 2.0), 1.0), rel_tol=1e-8)
    assert math.isclose(n["ex2_dg_dx2"], central(lambda v: g(1.0, v), 2.0), rel_tol=1e-8)
    # substituted and differentiated by hand: 2(x1 + x2) + x2 and 2(x1 + x2) + x1
    assert (n["ex2_dg_dx1"], n["ex2_dg_dx2"]) == (2 * 3 + 2, 2 * 3 + 1)


def test_exercise_3_the_six_paths_from_a_pixel_add_up_to_its_derivative():
    n = cr.numbers()
    assert n["ex3_paths"] == 3 * 2
    w2, b2, w3, b3 = vector.to_expanded(vector.init_parameters(parameters.SEED))
    x, label = dataset.load_dataset()[cr.IMAGE]
    t = dataset.target(label)
    z2, a2, z3, a3 = expanded.forward((w2, b2, w3, b3), x)
    total = 0.0
    for j, k in cr.paths_from_pixel():  # x_1 -> z2_j -> a2_j -> z3_k -> a3_k -> C
        total += w2[j][0] * a2[j] * (1 - a2[j]) * w3[k][j] * a3[k] * (1 - a3[k]) * (a3[k] - t[k])
    def C(v):
        moved = list(x)
        moved[0] = v
        return expanded.cost(expanded.forward((w2, b2, w3, b3), moved)[3], t)
    assert math.isclose(total, central(C, float(x[0])), rel_tol=1e-6)


def test_the_claims_the_prose_makes():
    n = cr.numbers()
    assert n["dC_dw"] < 0  # "raising the weight a little lowers the cost"
    # "a more active hidden unit 1 would raise output 1 ... but also raise output 2"
    assert n["J11"] > 0 and n["J21"] > 0
    assert n["dC_da3_1"] < 0 < n["dC_da3_2"]
    assert abs(n["dC_da2_1"]) < 0.25 * min(abs(n["path1"]), abs(n["path2"]))  # "nearly cancel"
