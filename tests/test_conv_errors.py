"""The unit errors of the output and pooling layers: image 1's errors and the exercises' claims."""

import numpy as np

import conv_errors
import output_layer

NUMBERS = conv_errors.numbers()


def test_the_output_errors_have_the_signs_the_page_explains():
    assert NUMBERS["deltaO_1"] < 0 < NUMBERS["deltaO_2"] and NUMBERS["deltaO_3"] > 0
    assert NUMBERS["nudge_gap"] < 1e-8


def test_exercise_1_the_largest_pooled_error_and_the_dominant_output():
    (DeltaF, DeltaP, DeltaO), forward, params, t = conv_errors.book_errors()
    k, i, j = np.unravel_index(np.argmax(np.abs(DeltaP[0])), (3, 2, 2))
    assert (NUMBERS["largest_pooled_k"], NUMBERS["largest_pooled_i"], NUMBERS["largest_pooled_j"]) == (k + 1, i + 1, j + 1)
    d = np.abs(DeltaO[0])
    assert d[2] > 5 * max(d[0], d[1]), "delta^O_3 is by far the largest"


def test_exercise_2_output_2_is_saturated():
    a2 = output_layer.numbers()["aO_2"]
    assert a2 > 0.95
    assert abs(NUMBERS["deltaO_2"]) < 0.1 * abs(a2 - 0)
    assert NUMBERS["deltaO_2"] == (a2 - 0) * a2 * (1 - a2)


def test_exercise_1_the_path_through_output_3_carries_most_of_each_pooled_error():
    (DeltaF, DeltaP, DeltaO), forward, params, t = conv_errors.book_errors()
    d, WO = DeltaO[0], params["WO"]
    assert np.all(np.abs(d[2] * WO[2]) > np.abs(d[0] * WO[0] + d[1] * WO[1]))


def test_exercise_1_without_the_weight_to_output_3():
    """The exercise: with w^O_{3,kij} = 0, the error is the two other terms, exactly, smaller and of the other sign."""
    (DeltaF, DeltaP, DeltaO), forward, params, t = conv_errors.book_errors()
    m = 4 * (NUMBERS["largest_pooled_k"] - 1) + 2 * (NUMBERS["largest_pooled_i"] - 1) + NUMBERS["largest_pooled_j"] - 1
    d, WO = DeltaO[0], params["WO"]
    assert abs(NUMBERS["largest_pooled_cut"] - (d[0] * WO[0, m] + d[1] * WO[1, m])) < 1e-15
    assert NUMBERS["largest_pooled_cut"] * NUMBERS["largest_pooled"] < 0
    assert abs(NUMBERS["largest_pooled_cut"]) < 0.1 * abs(NUMBERS["largest_pooled"])
