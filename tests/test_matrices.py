"""The matrices section: products against numpy's einsum, the network's layers, and the exercises."""

import math

import numpy as np

import dataset
import expanded
import matrices
import parameters
import vector


def test_the_layer_is_the_network_s_hidden_layer():
    params = vector.init_parameters(seed=5)
    for x, label in dataset.load_dataset()[::9]:
        z2 = expanded.forward(vector.to_expanded(params), x)[0]
        np.testing.assert_allclose(matrices.layer_vector(params["W2"], x, params["b2"]), z2, rtol=1e-12)


def test_the_product_is_einsum_s_sum_over_the_inner_index():
    rng = np.random.default_rng(4)
    P, Q = rng.normal(size=(4, 7)), rng.normal(size=(7, 2))
    for product in (matrices.product_expanded, matrices.product_vector):
        np.testing.assert_allclose(product(P.tolist(), Q.tolist()), np.einsum("ij,jk->ik", P, Q), rtol=1e-12)
    np.testing.assert_allclose(matrices.transpose_expanded(P.tolist(), Q.tolist()),
                               np.einsum("ij,jk->ki", P, Q), rtol=1e-12)


def test_row_n_of_the_batch_is_image_n_s_column():
    params = vector.init_parameters(parameters.SEED)
    X, T = dataset.to_arrays(dataset.load_dataset())
    Z2 = matrices.batch_vector(params, X)
    np.testing.assert_allclose(Z2, vector.forward(params, X)[0], rtol=1e-12)  # numpy's broadcasting
    for n in (0, 40):
        np.testing.assert_allclose(matrices.row_vector(params["W2"], X[n], params["b2"])[0], Z2[n], rtol=1e-12)
    for n in (0, 31, 32, 63):
        np.testing.assert_allclose(Z2[n], params["W2"] @ X[n] + params["b2"], rtol=1e-12)
    numbers = matrices.numbers()
    np.testing.assert_allclose([numbers[f"z2_{j}"] for j in (1, 2, 3)], Z2[0], rtol=1e-12)
    assert (numbers["rows_Z2"], numbers["columns_Z2"]) == Z2.shape == (64, 3)


def test_exercise_1_pq_and_qp():
    P, Q = np.array(matrices.P_EXAMPLE), np.array(matrices.Q_EXAMPLE)
    # Q swaps: on the right it swaps P's columns, on the left P's rows
    assert np.array_equal(np.array(matrices.product_expanded(P.tolist(), Q.tolist())), P[:, ::-1])
    assert np.array_equal(np.array(matrices.product_expanded(Q.tolist(), P.tolist())), P[::-1, :])
    n = matrices.numbers()
    assert n["PQ"] == matrices.latex_matrix(P[:, ::-1]) and n["QP"] == matrices.latex_matrix(P[::-1, :])
    assert n["PQ_12"] == P[0, 0] * Q[0, 1] + P[0, 1] * Q[1, 1]
    assert n["PQ"] != n["QP"]


def test_exercise_2_counting_the_multiplications():
    counted = 0

    class Counting(float):  # a number that counts the times it is multiplied
        def __mul__(self, other):
            nonlocal counted
            counted += 1
            return float(self) * other

    rng = np.random.default_rng(6)
    W2 = [[Counting(v) for v in row] for row in rng.normal(size=(3, 12))]
    x = rng.integers(0, 2, size=12).tolist()
    matrices.layer_expanded(W2, x, [0.0, 0.0, 0.0])
    n = matrices.numbers()
    assert counted == n["products_layer"] == 36
    assert n["products_batch"] == 64 * counted


def test_exercise_3_the_shapes_of_the_output_layer():
    X, T = dataset.to_arrays(dataset.load_dataset())
    params = vector.init_parameters(parameters.SEED)
    assert (np.ones((64, 1)) @ params["b3"].reshape(1, 2)).shape == (64, 2)
    Z2, A2, Z3, A3 = vector.forward(params, X)
    assert A2.shape == (64, 3) and params["W3"].T.shape == (3, 2)
    assert Z3.shape == T.shape == (64, 2)
    assert math.isclose(Z3[0, 0], A2[0] @ params["W3"][0] + params["b3"][0], rel_tol=1e-12)


def test_the_worked_example_adds_each_row_its_own_bias():
    params = vector.init_parameters(parameters.SEED)
    X, T = dataset.to_arrays(dataset.load_dataset())
    n = matrices.numbers()
    b2 = [n[f"b2_{j}"] for j in (1, 2, 3)]
    assert np.array_equal(b2, params["b2"]) and len(set(b2)) == 3  # three different biases
    for j in range(3):  # z^2_j is row j times the image, plus b^2_j
        row = sum(params["W2"][j][i] * X[0][i] for i in range(12))
        assert math.isclose(n[f"z2_{j + 1}"], row + b2[j], rel_tol=1e-12)
    assert (n["w2_11"], n["w2_12"]) == (params["W2"][0, 0], params["W2"][0, 1])
