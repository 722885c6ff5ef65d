"""Every possible image: the enumeration, the forward pass over all 4096, and the exercises."""

import math

import numpy as np

import all_images
import dataset
import expanded
import parameters
import vector

NUMBERS = all_images.numbers()
PARAMS = parameters.run()[0]
TRAINING = [x for x, label in dataset.load_dataset()]


def test_the_enumeration_lists_every_image_once_in_order():
    X = all_images.all_images()
    assert X.shape == (4096, 12)
    assert len({tuple(row) for row in X}) == 4096
    for m in (0, 1, 5, 2048, 2921, 4095):
        assert tuple(X[m]) == all_images.image(m) == tuple(int(b) for b in format(m, "012b"))
        assert all_images.number_expanded(X[m]) == m == all_images.number_vector(X[m])


def test_every_training_image_is_among_them_and_answered_right():
    X = all_images.all_images()
    d = all_images.margin(PARAMS, X)
    for x, label in dataset.load_dataset():
        m = int("".join(map(str, x)), 2)
        assert (d[m] > 0) == (label == 1)
    assert NUMBERS["training_correct"] == 64 and NUMBERS["training_ones_said_one"] == 32


def test_the_counts_over_all_images_one_image_at_a_time():
    p = vector.to_expanded(PARAMS)
    margins = []
    for m in range(4096):
        a3 = expanded.forward(p, all_images.image(m))[3]
        margins.append(a3[1] - a3[0])
    margins = np.array(margins)
    assert NUMBERS["says_one"] == int((margins > 0).sum())
    assert NUMBERS["says_zero"] == 4096 - NUMBERS["says_one"]
    assert NUMBERS["unsure"] == int((np.abs(margins) < all_images.UNSURE).sum())
    assert NUMBERS["surest_zero"] == int(np.argmin(margins))
    assert NUMBERS["surest_one"] == int(np.argmax(margins))
    assert math.isclose(NUMBERS["least_sure_margin"], margins[np.argmin(np.abs(margins))], rel_tol=1e-9)


def test_the_prose_claims_about_distance_and_doubt():
    assert NUMBERS["unsure_near"] == 0
    assert NUMBERS["unsure_share_2"] < NUMBERS["unsure_share_4"]
    assert NUMBERS["surest_one_distance"] == 0 and NUMBERS["surest_zero_distance"] >= 1
    assert NUMBERS["distance_3_or_more"] > 4096 / 2  # "most are at least 3 away"
    assert NUMBERS["row3_middle_one"] > 0.9 and NUMBERS["row3_sides_zero"] > 0.9
    assert NUMBERS["x6_ink_zero"] > 0.5
    # the surest "0" has paper at pixel 11, which every training image inks
    assert all_images.image(NUMBERS["surest_zero"])[10] == 0
    assert all(x[10] == 1 for x in TRAINING)


def test_an_inked_pixel_6_tips_the_network_towards_0_but_does_not_decide():
    """The stripes: "0" for most images with pixel 6 inked, and for fewer than half of the
    others, counted one image at a time."""
    p = vector.to_expanded(PARAMS)
    zeros = {0: 0, 1: 0}
    for m in range(4096):
        x = all_images.image(m)
        a3 = expanded.forward(p, x)[3]
        zeros[x[5]] += a3[0] > a3[1]
    assert math.isclose(NUMBERS["x6_ink_zero"], zeros[1] / 2048)
    assert math.isclose(NUMBERS["x6_paper_zero"], zeros[0] / 2048)
    assert NUMBERS["x6_paper_zero"] < 0.5 < NUMBERS["x6_ink_zero"] < 1


def test_exercise_1_the_blank_and_the_full_image():
    p = vector.to_expanded(PARAMS)
    for m, key in ((0, "blank_margin"), (4095, "full_margin")):
        a3 = expanded.forward(p, [m and 1] * 12)[3]
        assert math.isclose(a3[1] - a3[0], NUMBERS[key], rel_tol=1e-9)
        assert a3[1] < a3[0]  # both called "0", as the solution says


def test_exercise_2_images_one_pixel_from_the_training_set():
    # independently: flip each pixel of each training image, keep what is not a training image
    training = set(TRAINING)
    flipped = {x[:i] + (1 - x[i],) + x[i + 1:] for x in TRAINING for i in range(12)}
    assert len(flipped - training) == NUMBERS["distance_1"] == 64 * 7


def test_exercise_3_agreement_with_the_pixel_5_rule():
    p = vector.to_expanded(PARAMS)
    agree = 0
    for m in range(4096):
        x = all_images.image(m)
        a3 = expanded.forward(p, x)[3]
        agree += (a3[1] > a3[0]) == (x[4] == 1)
    assert agree == NUMBERS["x5_rule_agrees"]
    # and the rule is perfect on the training set
    assert all((x[4] == 1) == (label == 1) for x, label in dataset.load_dataset())


def test_the_four_least_sure_images_lie_within_the_quoted_margin():
    d = all_images.margin(PARAMS, all_images.all_images())
    fourth = np.sort(np.abs(d))[3]
    assert math.isclose(NUMBERS["fourth_least_margin"], fourth, rel_tol=1e-12)
    assert NUMBERS["fourth_least_margin"] < 0.01
