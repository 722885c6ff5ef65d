"""Stochastic and mini-batch gradient descent: what snippets/stochastic_descent.py computes, checked another way.

A draft started with `make section`: test each claim the section makes, and compute
every number its exercises quote by a route of its own.
"""

import dataset
import stochastic_descent


def test_the_pixel_sum_counts_the_ink_pixels():
    for x, label in dataset.load_dataset():
        ink = [i for i, pixel in enumerate(x) if pixel == 1]
        assert stochastic_descent.pixel_sum_expanded(x) == len(ink)
        assert stochastic_descent.pixel_sum_vector(x) == len(ink)


def test_the_exercise_counts_the_core_of_a_zero():
    core, optional = dataset.DIGITS[0]  # the bare "0" has ink on its core alone
    assert stochastic_descent.numbers()["first_image_ink"] == len(core)
