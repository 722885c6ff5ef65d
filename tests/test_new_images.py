"""New images: the readings the page reports, and the one-pixel neighbours counted another way."""

import numpy as np

import cnn_dataset
import cnn_parameters
import cnn_vector
import new_images

NUMBERS = new_images.numbers()


def test_the_six_images_are_new():
    assert NUMBERS["unseen"] == NUMBERS["new"] == 6


def test_the_readings_the_page_reports():
    assert NUMBERS["stem_read"] == 1 and NUMBERS["short_bar_read"] == 3
    assert NUMBERS["flat_two_read"] != 2
    assert NUMBERS["seven_read"] == NUMBERS["blank_read"] == NUMBERS["ink_read"] == 1
    assert NUMBERS["read_as_one"] == 5
    assert NUMBERS["seven_3"] < 0.5


def test_one_pixel_neighbours():
    params = cnn_parameters.run()[0]
    X, T = cnn_dataset.to_arrays(cnn_dataset.make_training_set())
    right = 0
    for n in range(96):
        flipped = np.repeat(X[n:n + 1], 36, axis=0)
        for p in range(36):
            flipped[p].flat[p] = 1 - flipped[p].flat[p]
        right += int(np.sum(cnn_vector.predict(params, flipped) == T[n].argmax() + 1))
    assert right == NUMBERS["flipped_correct"] and NUMBERS["flipped"] == 96 * 36
    assert 0.5 < NUMBERS["flipped_share"] < 1, "mostly right, but not always"


def test_the_flipped_images_that_are_not_new_are_optional_pixels_toggled():
    assert NUMBERS["flipped_new"] == 96 * 36 - 96 * 2
