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
    """Counted another way: every flip of every training image, as arrays, each new image once."""
    params = cnn_parameters.run()[0]
    X, T = cnn_dataset.to_arrays(cnn_dataset.make_training_set())
    training = {tuple(x.ravel()) for x in X}
    labels = {}
    for n in range(96):
        for p in range(36):
            x = X[n].copy()
            x.flat[p] = 1 - x.flat[p]
            if tuple(x.ravel()) not in training:
                labels.setdefault(tuple(x.ravel()), set()).add(int(T[n].argmax()) + 1)
    assert len(labels) == NUMBERS["distinct_new"] < 96 * 36 - NUMBERS["flipped_training"]
    both = [image for image, digits in labels.items() if len(digits) > 1]
    assert len(both) == NUMBERS["ambiguous"] > 0
    assert all(labels[image] == {2, 3} for image in both), "a 2 and a 3, two pixels apart"
    single = [(image, digits.pop()) for image, digits in labels.items() if len(digits) == 1]
    images = np.array([image for image, digit in single]).reshape(-1, 6, 6)
    right = int(np.sum(cnn_vector.predict(params, images) == [digit for image, digit in single]))
    assert right == NUMBERS["flipped_correct"] and len(single) == NUMBERS["unambiguous"]
    assert 0.5 < NUMBERS["flipped_share"] < 1, "mostly right, but not always"


def test_the_flipped_images_that_are_not_new_are_optional_pixels_toggled():
    assert NUMBERS["flipped_training"] == 96 * 2
    assert NUMBERS["flipped"] == 96 * 36


def test_the_seven_is_a_three_without_three_or_four_pixels():
    """Exercise 1: the 3s of the training set that hold all the 7's ink have three pixels more,
    the left and middle of the middle bar (row 4, columns 3 and 4) and the middle of the bottom
    bar (row 6, column 4), and a fourth, row 6, column 3, when their optional pixel there is ink."""
    seven = np.array(new_images.pixels(new_images.NEW["seven"])).reshape(6, 6)
    threes = [np.array(image).reshape(6, 6) for image, label in cnn_dataset.make_training_set() if label == 3]
    extra = [{(int(i) + 1, int(j) + 1) for i, j in zip(*np.nonzero(three - seven))}
             for three in threes if np.all(three >= seven)]
    always = {(4, 3), (4, 4), (6, 4)}
    assert sorted(extra, key=len) == [always, always | {(6, 3)}]


def test_a_2_and_a_3_are_two_pixels_apart_only_with_the_same_box_corner_and_full_bottom_bars():
    """The pairs of a 2 and a 3 that one flip of either joins: the same box, the same top-left
    pixel of the box, and both bottom bars full. No other pair is closer than three pixels."""
    def box(x):
        rows, cols = np.nonzero(x)
        return rows.min(), cols.min()

    images = [(np.array(image).reshape(6, 6), label) for image, label in cnn_dataset.make_training_set()]
    twos = [x for x, label in images if label == 2]
    threes = [x for x, label in images if label == 3]
    close = 0
    for two in twos:
        for three in threes:
            (top, left), apart = box(two), int(np.sum(two != three))
            full = two[top + 4, left:left + 3].all() and three[top + 4, left:left + 3].all()
            same = box(two) == box(three) and two[top, left] == three[top, left]
            assert (apart == 2) == (same and full) and apart >= 2
            close += apart == 2
    assert 2 * close == NUMBERS["ambiguous"]  # each such pair has two images between them


def test_blank_and_ink_leave_every_filter_quiet():
    """The filters ask for ink and paper together: on the blank grid and the grid full of ink,
    no pooled value reaches one half, and output 1 is above one half on them and on the 7."""
    params = cnn_parameters.run()[0]
    names = list(new_images.NEW)
    AP, AO = (cnn_vector.forward(params, new_images.new_arrays())[i] for i in (2, 4))
    for name in ("blank", "ink"):
        assert AP[names.index(name)].max() < 0.5
    for name in ("blank", "ink", "seven"):
        assert AO[names.index(name)].max() > 0.5
