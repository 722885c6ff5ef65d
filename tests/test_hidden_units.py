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


def test_pixels_that_add_up_to_one_moved_by_the_change_of_the_bias():
    # x5 + x6 = 1 in every training image, so the gradients satisfy g5 + g6 = g_b at every step
    assert (X[:, 4] + X[:, 5] == 1).all()
    change = PARAMS["W2"] - START["W2"]
    np.testing.assert_allclose(change[:, 4] + change[:, 5], PARAMS["b2"] - START["b2"], atol=1e-9)


def test_the_top_left_pixel_is_optional_in_both_digits_and_moved_far():
    zeros, ones = X[T[:, 0] == 1], X[T[:, 1] == 1]
    for column in (0, 9):  # pixels 1 and 10
        assert zeros[:, column].mean() == ones[:, column].mean() == 0.5
    assert abs(NUMBERS["change_w2_2_1"]) > 2 * abs(NUMBERS["change_w2_2_10"])


def test_the_two_columns_set_is_64_different_images_labelled_left_xor_right():
    images = hidden_units.two_columns_set()
    assert len(images) == 64 == len({x for x, label in images})
    for x, label in images:
        left, right = (x[i - 1] for i in (1, 3))
        assert all(x[i - 1] == left for i in hidden_units.LEFT)
        assert all(x[i - 1] == right for i in hidden_units.RIGHT)
        assert label == (left ^ right)
    assert sum(label for x, label in images) == 32


def test_no_network_without_a_hidden_layer_reads_more_than_48_of_the_two_columns_set():
    import dataset
    Xc, Tc = dataset.to_arrays(hidden_units.two_columns_set())
    rng = np.random.default_rng(0)
    best = 0
    for trial in range(3000):
        W, b = rng.standard_normal((2, 12)) * rng.uniform(0.1, 10), rng.standard_normal(2)
        best = max(best, hidden_units.correct_without_hidden(W, b, Xc, Tc))
    assert best <= hidden_units.BOUND == NUMBERS["bound"] == 48
    # the bound is reached: "1" unless both side columns are inked, wrong only for "neither"
    W = np.zeros((2, 12))
    W[1, [0, 3, 6, 9, 2, 5, 8, 11]] = -1
    assert hidden_units.correct_without_hidden(W, np.array([0.0, 6.0]), Xc, Tc) == 48


def test_the_comparison_of_the_two_networks():
    assert NUMBERS["book_none_correct"] == 64
    assert NUMBERS["xor_hidden_correct"] == 64
    assert NUMBERS["xor_none_correct"] <= NUMBERS["xor_none_best"] <= 48
    runs = hidden_units.comparison()
    # the prose quotes the best count at any point of the run and the last one, the table's
    assert NUMBERS["xor_none_best"] == max(runs["two_columns", "none"]) > NUMBERS["xor_none_correct"]
    assert NUMBERS["xor_none_correct"] == runs["two_columns", "none"][-1]
    assert f"| the two-columns set | {NUMBERS['xor_none_correct']} of 64 |" in hidden_units.comparison_table()
    assert runs["book", "hidden"][-1] == 64 and len(runs["book", "hidden"]) == parameters.EPOCHS + 1


def test_unit_2s_strongest_positive_weights_are_on_the_centre_pixels():
    w = PARAMS["W2"][1]
    assert set(np.argsort(w)[-2:] + 1) == {5, 8}  # the two largest, pixels 5 and 8
    assert (NUMBERS["w2_2_5"], NUMBERS["w2_2_8"]) == (w[4], w[7])
    # but not the strongest in size: some negative weights are larger than w_25
    assert (np.abs(w) > w[4]).sum() > 1
