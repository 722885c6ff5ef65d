"""The convolution layer: image 1's maps, its blank windows, and the exercises' counts."""

import numpy as np

import cnn_dataset
import cnn_parameters
import cnn_vector
import convolution_layer

NUMBERS = convolution_layer.numbers()
X, T = cnn_dataset.to_arrays(cnn_dataset.make_training_set())
START = cnn_vector.init_parameters(cnn_parameters.SEED)


def test_a_blank_window_gives_the_bias():
    window = X[0, 1:4, 2:5]
    assert window.sum() == 0
    assert NUMBERS["z_1_2_3"] == START["bF"][0] == NUMBERS["b_1"]
    assert NUMBERS["z_2_2_3"] == START["bF"][1]
    blank = [(i, j) for i in range(4) for j in range(4) if X[0, i:i + 3, j:j + 3].sum() == 0]
    assert len(blank) == NUMBERS["blank_positions"]
    ZF = cnn_vector.convolve_sliding(START["WF"], START["bF"], X[:1])[0]
    for i, j in blank:
        np.testing.assert_array_equal(ZF[:, i, j], START["bF"])


def test_exercise_1_the_products():
    assert NUMBERS["products_per_image"] == 3 * NUMBERS["products_per_map"] == 432
    assert NUMBERS["filter_weights"] == cnn_vector.init_parameters(0)["WF"].size == 27
    assert NUMBERS["products_per_image"] == NUMBERS["filter_weights"] * NUMBERS["positions"]


def test_exercise_2_the_last_column_of_windows_is_blank_for_a_box_on_the_left():
    on_the_left = [n for n in range(96) if cnn_dataset.PLACES[(n % 32) // 4][1] == 0]
    assert len(on_the_left) == 24
    U = cnn_vector.unfold(X[on_the_left])
    rows = [4 * i + 3 for i in range(4)]  # rows 4, 8, 12, 16 of U, counted from 1
    assert np.all(U[:, rows] == 0)
    others = [r for r in range(16) if r not in rows]
    assert np.all(U[:, others].sum(axis=(0, 2)) > 0), "no other row is blank for all of them"


def test_exercise_2_with_the_box_in_the_top_left_only_the_blank_rows_agree():
    corner = [n for n in range(96) if (n % 32) // 4 == 0]
    assert len(corner) == 12 and {n // 32 for n in corner} == {0, 1, 2}
    U = cnn_vector.unfold(X[corner])
    same = [r + 1 for r in range(16) if np.all(U[:, r] == U[0, r])]
    assert same == [4, 8, 12, 16] and np.all(U[:, [3, 7, 11, 15]] == 0)
