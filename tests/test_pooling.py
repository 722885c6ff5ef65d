"""Pooling: the tie count, the claim that ties come from equal windows, and the exercises."""

import numpy as np

import cnn_dataset
import cnn_parameters
import cnn_vector
import pooling

NUMBERS = pooling.numbers()
X, T = cnn_dataset.to_arrays(cnn_dataset.make_training_set())


def ties_and_windows(params):
    """For every tied block of the training set: are the windows under its tied units equal?"""
    AF = cnn_vector.forward(params, X)[1]
    U = cnn_vector.unfold(X)
    found = []
    for n, k, bi, bj in np.ndindex(len(X), 3, 2, 2):
        block = [(2 * bi + r, 2 * bj + s) for r in range(2) for s in range(2)]
        values = [AF[n, k, i, j] for i, j in block]
        tied = [cell for cell, v in zip(block, values) if v == max(values)]
        if len(tied) > 1:
            windows = [U[n, 4 * i + j] for i, j in tied]
            found.append(all(np.array_equal(windows[0], w) for w in windows))
    return found


def test_every_tie_comes_from_equal_windows_at_the_start_and_after_training():
    for params in cnn_parameters.book_run():
        found = ties_and_windows(params)
        assert found and all(found)
    assert len(ties_and_windows(cnn_vector.init_parameters(cnn_parameters.SEED))) == NUMBERS["tied"]
    assert NUMBERS["blocks"] == 96 * 12


def test_pooling_commutes_with_the_sigmoid():
    ZF = cnn_vector.forward(cnn_vector.init_parameters(1), X)[0]
    np.testing.assert_allclose(cnn_vector.pool(cnn_vector.sigma(ZF)), cnn_vector.sigma(cnn_vector.pool(ZF)),
                               rtol=1e-15)


def test_exercise_2_the_top_right_block_of_map_1_is_a_tie_at_the_bias():
    start = cnn_vector.init_parameters(cnn_parameters.SEED)
    AF = cnn_vector.forward(start, X[:1])[1][0, 0]
    block = AF[0:2, 2:4]
    assert np.all(block == block[0, 0])
    assert NUMBERS["aP_1_12"] == cnn_vector.sigma(start["bF"][0])
    assert cnn_vector.winners(cnn_vector.forward(start, X[:1])[1])[0, 0, 0, 2] == 1
