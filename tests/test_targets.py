"""The targets section: one-hot targets, the matrices X and T, and its exercises."""

import numpy as np
import pytest

import dataset
import targets


@pytest.fixture(scope="module")
def numbers():
    return targets.numbers()


def test_the_matrices_are_the_ones_training_uses():
    X, T = targets.load()
    X0, T0 = dataset.to_arrays(dataset.load_dataset())
    assert np.array_equal(X, X0) and np.array_equal(T, T0)
    assert X.shape == (64, 12) and T.shape == (64, 2)
    assert np.all(T.sum(axis=1) == 1)  # one-hot: exactly one 1 per row


def test_target_is_dataset_target():
    for label in (0, 1):
        assert tuple(targets.target_vector(label)) == dataset.target(label)


def test_exercise_1_pixels_that_separate_the_digits(numbers):
    # From the rule that makes the set: ink in every image of one digit (its core),
    # paper in every image of the other (neither its core nor its optional pixels).
    (core0, optional0), (core1, optional1) = dataset.DIGITS[0], dataset.DIGITS[1]
    separating = sorted({p for p in core0 if p not in core1 + optional1}
                        | {p for p in core1 if p not in core0 + optional0})
    assert numbers["separating"] == len(separating)
    assert numbers["separating_list"] == ", ".join(f"$x_{p}$" for p in separating)


def test_exercise_2_t_transpose_t_counts_the_labels(numbers):
    labels = [label for x, label in dataset.load_dataset()]
    assert numbers["gram_11"] == labels.count(0)
    assert numbers["gram_22"] == labels.count(1)
    assert numbers["gram_12"] == 0


def test_ink_counts(numbers):
    images = dataset.load_dataset()
    assert numbers["ink"] == sum(sum(x) for x, label in images)
    assert numbers["ink_zeros"] == sum(sum(x) for x, label in images if label == 0)
