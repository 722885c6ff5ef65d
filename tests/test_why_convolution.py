"""Why a convolution: the stroke filter's maps and the parameter counts, computed another way."""

import numpy as np

import cnn_dataset
import why_convolution

IMAGES = cnn_dataset.make_training_set()
NUMBERS = why_convolution.numbers()


def stroke_map_numpy(pixels):
    x = np.array(pixels, dtype=float).reshape(6, 6)
    w = np.array(why_convolution.STROKE)
    return np.array([[np.sum(w * x[i:i + 3, j:j + 3]) + why_convolution.STROKE_BIAS
                      for j in range(4)] for i in range(4)])


def test_the_stroke_map_is_the_sliding_inner_product():
    for pixels, label in IMAGES[::5]:
        np.testing.assert_allclose(why_convolution.stroke_map(pixels), stroke_map_numpy(pixels))


def test_the_stroke_filter_reaches_one_only_on_a_clean_stroke_of_a_one():
    reached = [label for pixels, label in IMAGES if stroke_map_numpy(pixels).max() >= 1]
    assert reached.count(1) == NUMBERS["ones_with_stroke"] > 0
    assert NUMBERS["others_with_stroke"] == 0 and set(reached) == {1}
    assert max(stroke_map_numpy(p).max() for p, _ in IMAGES) == 1  # 3 - 2 at best


def test_exercise_2_the_map_of_image_1():
    first = stroke_map_numpy(IMAGES[0][0])
    assert first.max() == NUMBERS["first_max"] == 1
    assert list(zip(*np.nonzero(first == first.max()))) == [(2, 0)]  # position (3, 1) only
    assert (NUMBERS["first_max_i"], NUMBERS["first_max_j"]) == (3, 1)
    assert first[0, 0] == NUMBERS["first_11"] == 0


def test_the_parameter_counts():
    assert NUMBERS["dense_3"] == 3 * 36 + 3
    assert NUMBERS["conv_3"] == 3 * 9 + 3
    assert NUMBERS["dense_48"] == 48 * 36 + 48
    assert (NUMBERS["places"], NUMBERS["variants"], NUMBERS["per_digit"]) == (8, 4, 32)


def test_the_ones_the_stroke_filter_misses_have_a_foot():
    for n, (pixels, label) in enumerate(IMAGES[:32]):
        foot = (n % 4) != 0  # an optional pixel inked: a foot beside the stem's lowest pixel
        assert (stroke_map_numpy(pixels).max() >= 1) == (not foot), n


def test_how_far_apart_the_digits_are():
    images = cnn_dataset.make_training_set()
    for n in range(1, 32, 2):  # same place, same top-left pixel, full bottom bar: two pixels of box row 4
        two, three = np.array(images[32 + n][0]).reshape(6, 6), np.array(images[64 + n][0]).reshape(6, 6)
        rows = np.nonzero((two != three).any(axis=1))[0]
        top = cnn_dataset.PLACES[n // 4][0]
        assert np.sum(two != three) == NUMBERS["apart_2_3"] == 2 and list(rows) == [top + 3]
    assert NUMBERS["apart_1_3"] == 4 and NUMBERS["apart_1_2"] == 7


def test_image_n_counted_from_1_has_its_box_at_place_ceil_n_over_4():
    for n in range(1, 33):
        top, left = cnn_dataset.PLACES[-(-n // 4) - 1]
        pixels = np.array(cnn_dataset.image(3, n - 1)).reshape(6, 6)
        rows, cols = np.nonzero(pixels)
        assert (rows.min(), cols.min()) == (top, left), "a 3 fills its box, so the ink's corner is the box's"
