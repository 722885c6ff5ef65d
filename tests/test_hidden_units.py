"""The hidden-units section: what the trained hidden layer responds to, and the exercises."""

import itertools
import math

import numpy as np

import hidden_units
import parameters
import vector

NUMBERS = hidden_units.numbers()
PARAMS, START, X, T = hidden_units.trained()
ALL_IMAGES = np.array(list(itertools.product([0, 1], repeat=12)), dtype=float)


def test_the_best_image_is_the_best_of_all_4096_images():
    Z2 = vector.forward(PARAMS, ALL_IMAGES)[0]
    for j in range(3):
        assert math.isclose(Z2[:, j].max(), NUMBERS[f"best_{j + 1}"], rel_tol=1e-12)
        best = ALL_IMAGES[Z2[:, j].argmax()]
        assert np.array_equal(best, hidden_units.best_image(PARAMS["W2"][j]))


def test_each_hidden_unit_separates_the_training_set_by_its_sign():
    Z2 = vector.forward(PARAMS, X)[0]
    zeros, ones = T[:, 0] == 1, T[:, 1] == 1
    for j, zero_sign in ((0, 1), (1, -1), (2, 1)):
        assert (np.sign(Z2[zeros, j]) == zero_sign).all()
        assert (np.sign(Z2[ones, j]) == -zero_sign).all()


def test_pixels_that_always_agree_were_moved_together():
    assert (X[:, 4] == X[:, 7]).all()                                # pixels 5 and 8
    assert (X[:, 5] == X[:, 6]).all() and (X[:, 5] == X[:, 8]).all()  # pixels 6, 7 and 9
    change = PARAMS["W2"] - START["W2"]
    assert np.allclose(change[:, 4], change[:, 7], rtol=1e-9)
    assert np.allclose(change[:, 5], change[:, 6], rtol=1e-9) and np.allclose(change[:, 5], change[:, 8], rtol=1e-9)
    assert (np.sign(change[:, 4]) == -np.sign(change[:, 5])).all()


def test_the_bottom_left_weight_of_unit_2_is_mostly_its_start():
    assert abs(NUMBERS["change_w2_2_10"]) < 0.5 * abs(NUMBERS["start_w2_2_10"])


def test_exercise_1_the_output_ones_weighted_input():
    W3, b3 = PARAMS["W3"], PARAMS["b3"]
    a2 = [NUMBERS[f"a2_{j}_one"] for j in (1, 2, 3)]
    by_hand = W3[1, 0] * a2[0] + W3[1, 1] * a2[1] + W3[1, 2] * a2[2] + b3[1]
    assert math.isclose(by_hand, NUMBERS["z3_2_one"], rel_tol=1e-12)
    assert math.isclose(1 / (1 + math.exp(-by_hand)), NUMBERS["a3_2_one"], rel_tol=1e-12)
    assert T[hidden_units.ONE].tolist() == [0, 1] and T[hidden_units.ZERO].tolist() == [1, 0]


def test_exercise_2_unit_2s_favourite_is_not_a_training_image():
    best = hidden_units.best_image(PARAMS["W2"][1])
    w, b = PARAMS["W2"][1], PARAMS["b2"][1]
    assert math.isclose(w[w > 0].sum() + b, NUMBERS["best_2"], rel_tol=1e-12)
    assert best[10] == 0 and NUMBERS["w2_2_11"] < 0 and (X[:, 10] == 1).all()
    assert not any(np.array_equal(best, x) for x in X)
    assert NUMBERS["best_2_in_training_set"] is False


def test_exercise_3_an_always_inked_pixel_moves_with_the_bias():
    params, history, Xd, Td = parameters.run()
    change_b2 = params["b2"] - START["b2"]
    change_w11 = params["W2"][:, 10] - START["W2"][:, 10]
    assert np.allclose(change_w11, change_b2, rtol=1e-9)
    assert math.isclose(NUMBERS["change_w2_2_11"], NUMBERS["change_b2_2"], rel_tol=1e-9)
    # and the gradients agree at the start, step 0, as the argument says
    grads = vector.gradients(START, Xd, Td)
    assert np.allclose(grads["W2"][:, 10], grads["b2"], rtol=1e-12)
