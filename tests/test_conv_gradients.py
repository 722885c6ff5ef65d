"""Backpropagation through pooling and convolution: the numbers of the page, another way."""

import numpy as np

import cnn_dataset
import cnn_parameters
import cnn_vector
import conv_gradients

NUMBERS = conv_gradients.numbers()
X, T = cnn_dataset.to_arrays(cnn_dataset.make_training_set())
START = cnn_vector.init_parameters(cnn_parameters.SEED)


def test_the_spread_matrix_copies_each_block_to_its_four_units():
    assert conv_gradients.S.shape == (16, 4)
    np.testing.assert_array_equal(conv_gradients.S.sum(axis=0), 4)
    np.testing.assert_array_equal(conv_gradients.S.sum(axis=1), 1)
    block = np.arange(1.0, 5.0)
    np.testing.assert_array_equal((conv_gradients.S @ block).reshape(4, 4),
                                  np.kron(block.reshape(2, 2), np.ones((2, 2))))


def test_backprop_agrees_with_central_differences_at_the_start():
    assert NUMBERS["max_difference"] < 1e-6 * NUMBERS["largest"]
    assert NUMBERS["passes"] == 2 * 69


def test_exercises_image_1():
    ZF, AF, AP, ZO, AO = cnn_vector.forward(START, X[:1])
    DeltaF = cnn_vector.deltas(START, AF, AO, T[:1])[0][0]
    assert NUMBERS["nonzero_deltaF"] == 12 == int(np.count_nonzero(DeltaF))
    assert NUMBERS["units"] == DeltaF.size == 48
    for k in range(3):  # "one in every block": each 2 x 2 block of each map holds one
        for i in (0, 2):
            for j in (0, 2):
                assert np.count_nonzero(DeltaF[k, i:i + 2, j:j + 2]) == 1
    one = cnn_vector.gradients(START, X[:1], T[:1])
    assert NUMBERS["dbF_1"] == DeltaF[0].sum()
    np.testing.assert_allclose(NUMBERS["dbF_1"], one["bF"][0], rtol=1e-14)
    # dC/dw^F_111 adds delta at the winners times the window's top-left pixel
    winners = np.argwhere(DeltaF[0] != 0)
    assert len(winners) == 4
    by_hand = sum(DeltaF[0][i, j] * X[0, i, j] for i, j in winners)
    np.testing.assert_allclose(NUMBERS["dwF_1_11"], by_hand, rtol=1e-12)
    assert any(X[0, i, j] == 0 for i, j in winners), "some winners' top-left pixel is paper"
    inked = [(i, j) for i, j in winners if X[0, i, j] == 1]
    assert NUMBERS["dwF_1_11_terms"] == len(inked) == 2
    assert [NUMBERS["dwF_1_11_at_1"], NUMBERS["dwF_1_11_at_2"]] == [f"({i + 1}, {j + 1})" for i, j in inked]
    assert NUMBERS["dwF_1_11_term_1"] + NUMBERS["dwF_1_11_term_2"] == NUMBERS["dwF_1_11"]
    # the figure prints the errors with three decimals: they add up to the answer's three
    assert round(float(np.round(DeltaF[0], 3).sum()), 3) == round(NUMBERS["dbF_1"], 3)
