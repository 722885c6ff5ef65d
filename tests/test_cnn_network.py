"""The convolutional network: cnn_expanded.py (term by term) and cnn_vector.py (numpy) give the same
forward pass, cost, unit errors, 69 gradients and training, and the gradients are those of central
differences, ties in max pooling included."""

import numpy as np
import pytest

import cnn_dataset
import cnn_expanded as E
import cnn_parameters
import cnn_vector as V

IMAGES = cnn_dataset.make_training_set()
X, T = cnn_dataset.to_arrays(IMAGES)


def random_params(seed, scale=1.0):
    rng = np.random.default_rng(seed)
    return {name: scale * rng.standard_normal(shape) for name, shape in V.SHAPES.items()}


def central(params, X, T, h=1e-6):
    """dC_T/dtheta_m = (C_T(theta + h e_m) - C_T(theta - h e_m)) / 2h, written on its own"""
    theta = V.theta_vector(params)
    grads = np.zeros_like(theta)
    for m in range(theta.size):
        up, down = theta.copy(), theta.copy()
        up[m] += h
        down[m] -= h
        grads[m] = (V.total_cost(V.from_theta(up), X, T) - V.total_cost(V.from_theta(down), X, T)) / (2 * h)
    return grads


def test_sixty_nine_parameters_in_the_order_of_theta():
    params = random_params(0)
    assert V.parameter_count(params) == 3 * 9 + 3 + 3 * 12 + 3 == 69
    assert len(cnn_parameters.names()) == 69
    theta = V.theta_vector(params)
    np.testing.assert_array_equal(theta, E.flatten(V.to_expanded(params)))
    names = cnn_parameters.names()
    assert names[0] == ("w^F_{111}", "WF[0, 0, 0]") and names[26] == ("w^F_{333}", "WF[2, 2, 2]")
    assert names[30] == ("w^O_{1,111}", "WO[0, 0]") and names[-4] == ("w^O_{3,322}", "WO[2, 11]")
    for m, (symbol, code) in enumerate(names):
        assert eval(code, {}, params) == theta[m]


def test_both_convolutions_are_the_definition():
    rng = np.random.default_rng(1)
    WF, bF = rng.standard_normal((3, 3, 3)), rng.standard_normal(3)
    by_definition = np.zeros((96, 3, 4, 4))
    for n in range(96):
        for k in range(3):
            for i in range(4):
                for j in range(4):
                    by_definition[n, k, i, j] = np.sum(WF[k] * X[n, i:i + 3, j:j + 3]) + bF[k]
    np.testing.assert_allclose(V.convolve_sliding(WF, bF, X), by_definition, rtol=0, atol=1e-13)
    np.testing.assert_allclose(V.convolve_unfolded(WF, bF, X), by_definition, rtol=0, atol=1e-13)
    U = V.unfold(X)
    assert U.shape == (96, 16, 9)
    np.testing.assert_array_equal(U[7, 4 * 2 + 3], X[7, 2:5, 3:6].ravel())


def test_pooling_takes_the_largest_and_the_first_of_a_tie():
    AF = np.zeros((1, 3, 4, 4))
    AF[0, 0] = [[1, 5, 0, 0], [2, 3, 0, 0], [0, 0, 7, 7], [0, 0, 7, 6]]
    np.testing.assert_array_equal(V.pool(AF)[0, 0], [[5, 0], [0, 7]])
    won = V.winners(AF)[0, 0]
    # Block (1,1): the 5; block (1,2): all zeros, so the first; block (2,2): the first of three 7s.
    np.testing.assert_array_equal(won, [[0, 1, 1, 0], [0, 0, 0, 0], [1, 0, 1, 0], [0, 0, 0, 0]])
    assert V.winners(AF).sum() == 3 * 4, "one winner per block"
    a = AF[0, 0].tolist()
    assert [E.pool_position(a, i, j) for i in range(2) for j in range(2)] == [
        (5, 0, 1), (0, 0, 2), (0, 2, 0), (7, 2, 2)]


@pytest.mark.parametrize("seed", range(3))
def test_forward_cost_and_unit_errors_agree(seed):
    params = random_params(seed)
    expanded = V.to_expanded(params)
    ZF, AF, AP, ZO, AO = V.forward(params, X)
    DeltaF, DeltaP, DeltaO = V.deltas(params, AF, AO, T)
    for n in (0, 40, 95):
        x = E.as_grid(IMAGES[n][0])
        zF, aF, aP, zO, aO = E.forward(expanded, x)
        np.testing.assert_allclose(ZF[n], zF, rtol=1e-13, atol=1e-14)
        np.testing.assert_allclose(AP[n], E.flatten_pooled(aP), rtol=1e-13)
        np.testing.assert_allclose(AO[n], aO, rtol=1e-13)
        deltaF, deltaP, deltaO = E.deltas(expanded, aF, aO, cnn_dataset.target(IMAGES[n][1]))
        np.testing.assert_allclose(DeltaO[n], deltaO, rtol=1e-12, atol=1e-16)
        np.testing.assert_allclose(DeltaP[n], deltaP, rtol=1e-12, atol=1e-16)
        np.testing.assert_allclose(DeltaF[n], deltaF, rtol=1e-12, atol=1e-16)
        assert np.count_nonzero(DeltaF[n]) <= 12, "at most one unit a block gets an error"
    assert V.total_cost(params, X, T) == pytest.approx(E.total_cost(expanded, IMAGES), rel=1e-13)


@pytest.mark.parametrize("seed", range(3))
def test_all_69_gradients_agree_with_each_other_and_with_central_differences(seed):
    params = random_params(seed)
    vector = V.theta_vector(V.gradients(params, X, T))
    expanded = np.array(E.flatten(E.gradients(V.to_expanded(params), IMAGES)))
    np.testing.assert_allclose(vector, expanded, rtol=1e-11, atol=1e-13)
    np.testing.assert_allclose(vector, central(params, X, T), rtol=1e-6, atol=1e-7)
    assert np.linalg.norm(vector) > 1e-3


def test_the_unit_errors_are_the_slopes_of_the_cost_in_each_weighted_input():
    """delta^F_kij = dC/dz^F_kij, measured by nudging one z of one image. In a block without a
    tie that is a central difference, and it is zero off the winner. In a tied block C has no
    slope in one z (a corner), and the winner's delta is the slope to the right."""
    params, n, h = random_params(4), 50, 1e-6
    ZF, AF, AP, ZO, AO = V.forward(params, X[n:n + 1])
    DeltaF, DeltaP, DeltaO = V.deltas(params, AF, AO, T[n:n + 1])
    blocks = V.blocks(AF)[0]
    tied = (blocks == blocks.max(axis=-1, keepdims=True)).sum(axis=-1) > 1
    won = V.winners(AF)[0]

    def cost_of_z(zF):
        aP = V.pool(V.sigma(zF[None]))[0].reshape(-1)
        return 0.5 * np.sum((T[n] - V.sigma(params["WO"] @ aP + params["bO"])) ** 2)

    checked = {"central": 0, "right": 0}
    for index in np.ndindex(3, 4, 4):
        k, i, j = index
        up, down = ZF[0].copy(), ZF[0].copy()
        up[index] += h
        down[index] -= h
        if not tied[k, i // 2, j // 2]:
            slope = (cost_of_z(up) - cost_of_z(down)) / (2 * h)
            assert slope == pytest.approx(DeltaF[0][index], abs=1e-8), index
            checked["central"] += 1
        elif won[index]:
            slope = (cost_of_z(up) - cost_of_z(ZF[0])) / h
            assert slope == pytest.approx(DeltaF[0][index], abs=1e-6), index
            checked["right"] += 1
        else:
            assert DeltaF[0][index] == 0
    assert checked["central"] >= 8 and checked["right"] >= 1, checked


def test_ties_from_equal_windows_leave_the_gradient_right():
    # Every training image has blank 3 x 3 windows, so every map has ties at z = b^F_k.
    params = random_params(5)
    ZF = V.forward(params, X)[0]
    blocks = V.blocks(V.sigma(ZF))
    ties = (blocks == blocks.max(axis=-1, keepdims=True)).sum(axis=-1) > 1
    assert ties.sum() > 100, "the training set's maps do have tied pools"
    np.testing.assert_allclose(V.theta_vector(V.gradients(params, X, T)), central(params, X, T),
                               rtol=1e-6, atol=1e-7)


def test_one_step_and_a_few_epochs_agree():
    params, images = random_params(6), IMAGES[::8]
    Xs, Ts = cnn_dataset.to_arrays(images)
    e_params, e_history = E.train(V.to_expanded(params), images, eta=0.3, epochs=3)
    v_params, v_history = V.train(params, Xs, Ts, eta=0.3, epochs=3)
    np.testing.assert_allclose(V.theta_vector(v_params), E.flatten(e_params), rtol=1e-11, atol=1e-13)
    np.testing.assert_allclose(v_history, e_history, rtol=1e-12)
    assert v_history[-1] < v_history[0]


def test_every_is_called_before_training_and_after_each_epoch():
    calls = []
    V.train(random_params(7), X, T, 0.2, 4, every=lambda epoch, p: calls.append(epoch))
    assert calls == [0, 1, 2, 3, 4]


def test_prediction_is_the_largest_output():
    params = random_params(8)
    AO = V.forward(params, X)[4]
    np.testing.assert_array_equal(V.predict(params, X), AO.argmax(axis=1) + 1)
    assert [E.predict(V.to_expanded(params), IMAGES[n][0]) for n in range(0, 96, 7)] == \
        list(V.predict(params, X)[::7])
    assert V.correct(params, X, T) == sum(V.predict(params, X) == np.repeat([1, 2, 3], 32))


def test_the_book_run_reads_all_96_images():
    params, history, X_, T_ = cnn_parameters.run()
    assert len(history) == cnn_parameters.EPOCHS + 1
    assert V.correct(params, X_, T_) == 96
    assert history[-1] < 0.1 < 79 < history[0]
    counts = cnn_parameters.correct_history()
    assert counts[0] == V.correct(V.init_parameters(cnn_parameters.SEED), X, T)
    first = cnn_parameters.first_perfect(counts)
    assert first is not None and counts[first - 1] < 96 and min(counts[first:]) == 96
