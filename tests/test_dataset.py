"""The 64 training images: the rule's invariants, the shipped file, and the loader's errors."""

import warnings

import numpy as np
import pytest

import dataset
from conftest import SNIPPETS
from dataset import (DatasetError, RepeatedImageWarning, format_dataset, load_dataset,
                     make_training_set, parse_dataset)

IMAGES = make_training_set()


def test_sixty_four_images_thirty_two_per_label():
    assert len(IMAGES) == 64
    assert [label for _, label in IMAGES] == [0] * 32 + [1] * 32
    for pixels, label in IMAGES:
        assert len(pixels) == 12
        assert set(pixels) <= {0, 1}
        assert label in (0, 1)


def test_no_duplicates_and_no_image_with_both_labels():
    assert len({pixels for pixels, _ in IMAGES}) == 64
    # Pixel x5 (row 2, column 2) alone tells them apart.
    assert all(pixels[4] == label for pixels, label in IMAGES)


def test_the_rule_as_the_docstring_states_it():
    zeros = [pixels for pixels, label in IMAGES if label == 0]
    ones = [pixels for pixels, label in IMAGES if label == 1]
    # Core always ink, the always-paper pixels always paper (1-based pixel numbers).
    for pixels in zeros:
        assert all(pixels[p - 1] == 1 for p in (4, 6, 7, 9, 11))
        assert pixels[5 - 1] == pixels[8 - 1] == 0
    for pixels in ones:
        assert all(pixels[p - 1] == 1 for p in (2, 5, 8, 11))
        assert all(pixels[p - 1] == 0 for p in (6, 7, 9))
    # Image n: the optional pixels in reading order are the binary digits of n.
    assert zeros[0] == (0, 0, 0, 1, 0, 1, 1, 0, 1, 0, 1, 0)
    assert zeros[1] == (0, 0, 0, 1, 0, 1, 1, 0, 1, 0, 1, 1)  # + bottom-right corner
    assert zeros[16] == (1, 0, 0, 1, 0, 1, 1, 0, 1, 0, 1, 0)  # + top-left corner
    assert zeros[31] == (1, 1, 1, 1, 0, 1, 1, 0, 1, 1, 1, 1)
    assert ones[0] == (0, 1, 0, 0, 1, 0, 0, 1, 0, 0, 1, 0)
    assert ones[4] == (0, 1, 0, 1, 1, 0, 0, 1, 0, 0, 1, 0)  # + flag
    assert ones[31] == (1, 1, 1, 1, 1, 0, 0, 1, 0, 1, 1, 1)
    # The five optional pixels take all 32 combinations within each digit.
    for group, optional in ((zeros, (1, 2, 3, 10, 12)), (ones, (1, 3, 4, 10, 12))):
        combos = [tuple(pixels[p - 1] for p in optional) for pixels in group]
        assert combos == sorted(set(combos)) and len(combos) == 32


def test_shipped_file_is_what_the_rule_makes():
    text = (SNIPPETS / "digits.txt").read_text(encoding="utf-8")
    assert text == format_dataset(IMAGES)
    assert load_dataset(SNIPPETS / "digits.txt") == IMAGES
    assert load_dataset() == IMAGES  # the default path is the shipped file


def test_shipped_file_has_no_repeat_and_no_contradiction():
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # a RepeatedImageWarning would fail here
        assert load_dataset(SNIPPETS / "digits.txt") == IMAGES


def test_the_example_image_is_image_1_a_bare_zero():
    x, t, label = dataset.example()
    assert dataset.EXAMPLE == 0
    assert x == list(IMAGES[0][0]) and t == [1.0, 0.0] and label == 0
    assert dataset.example(40) == (list(IMAGES[40][0]), [0.0, 1.0], 1)


def test_format_then_parse_round_trips():
    assert parse_dataset(format_dataset(IMAGES)) == IMAGES
    some = [IMAGES[5], IMAGES[40], IMAGES[5]]  # order and repeats survive
    with pytest.warns(RepeatedImageWarning):
        assert parse_dataset(format_dataset(some)) == some


def test_text_a_reader_types_by_hand():
    text = "; my two images\n\n  #.#  \r\n#.#\n#.#\n###\nlabel 0\n.#.\n##.\n.#.\n.#.\nlabel 1"
    assert parse_dataset(text) == [
        ((1, 0, 1, 1, 0, 1, 1, 0, 1, 1, 1, 1), 0),
        ((0, 1, 0, 1, 1, 0, 0, 1, 0, 0, 1, 0), 1),
    ]


def test_to_arrays_gives_pixels_and_targets():
    X, T = dataset.to_arrays(IMAGES)
    assert X.shape == (64, 12) and T.shape == (64, 2)
    assert X.dtype == T.dtype == np.float64
    assert np.array_equal(X[0], IMAGES[0][0])
    assert np.array_equal(T[:32], np.tile([1.0, 0.0], (32, 1)))
    assert np.array_equal(T[32:], np.tile([0.0, 1.0], (32, 1)))


GOOD = "#.#\n#.#\n#.#\n###\nlabel 0\n"  # lines 1-5

# (name, file text, line the error names, words the message must contain)
MALFORMED = [
    ("wide", GOOD + "\n.#.\n.##.\n.#.\n.#.\nlabel 1\n", 8, "expected 3 pixels ('#' or '.'), found 4 characters"),
    ("narrow", GOOD + "\n.#.\n.#.\n#\n.#.\nlabel 1\n", 9, "found 1 characters"),
    ("short image", GOOD + "\n.#.\n.#.\n.#.\nlabel 1\n", 10, "expected pixel row 4 of 4, found 'label 1'"),
    ("fifth row", GOOD + "\n.#.\n.#.\n.#.\n.#.\n.#.\nlabel 1\n", 11, "expected a label line"),
    ("unknown character", GOOD + "\n.#.\n.o.\n.#.\n.#.\nlabel 1\n", 8, "found 'o' in column 2"),
    ("unknown label", GOOD + "\n.#.\n.#.\n.#.\n.#.\nlabel 7\n", 11, "expected 'label 0' or 'label 1', found 'label 7'"),
    ("label word", GOOD + "\n.#.\n.#.\n.#.\n.#.\nlabel one\n", 11, "found 'label one'"),
    ("blank inside", GOOD + "\n.#.\n.#.\n\n.#.\n.#.\nlabel 1\n", 9, "expected pixel row 3 of 4, found a blank line"),
    ("truncated", GOOD + "\n.#.\n.#.\n", 8, "expected pixel row 3 of 4, found the end of the file"),
    ("no label at end", GOOD + "\n.#.\n.#.\n.#.\n.#.\n", 10, "expected a label line ('label 0' or 'label 1'), found the end"),
    ("empty", "", 1, "expected at least one image"),
    ("comments only", "; nothing here\n;\n\n; really\n", 4, "expected at least one image"),
]


@pytest.mark.parametrize("name, text, line, words", MALFORMED, ids=[case[0] for case in MALFORMED])
def test_loader_rejects_malformed_file(tmp_path, name, text, line, words):
    path = tmp_path / "mine.txt"
    path.write_text(text, encoding="utf-8")
    loaded = None
    with pytest.raises(DatasetError) as error:
        loaded = load_dataset(path)
    assert loaded is None  # nothing half-loaded
    assert str(error.value).startswith(f"{path}:{line}: "), str(error.value)
    assert words in str(error.value)
    assert isinstance(error.value, ValueError)


OTHER = "\n.#.\n.#.\n.#.\n.#.\nlabel 1\n"  # lines 6-11: a blank line, then a "1" at line 7


def test_same_pixels_under_both_labels_is_an_error_naming_both_lines(tmp_path):
    path = tmp_path / "mine.txt"
    path.write_text(GOOD + OTHER + "\n" + GOOD.replace("label 0", "label 1"), encoding="utf-8")
    loaded = None
    with pytest.raises(DatasetError) as error:
        loaded = load_dataset(path)
    assert loaded is None
    message = str(error.value)
    assert message.startswith(f"{path}:13: expected one label for each image"), message
    assert f"the image at {path}:1 (label 0) again with label 1" in message


def test_a_contradiction_is_found_whichever_label_comes_first():
    text = OTHER.lstrip("\n") + "\n" + OTHER.lstrip("\n").replace("label 1", "label 0")
    with pytest.raises(DatasetError, match=r"^mine\.txt:7: .* mine\.txt:1 \(label 1\) again with label 0$"):
        parse_dataset(text, "mine.txt")


def test_a_repeated_image_with_the_same_label_warns_naming_both_lines(tmp_path):
    path = tmp_path / "mine.txt"
    path.write_text(GOOD + OTHER + "\n" + GOOD, encoding="utf-8")
    with pytest.warns(RepeatedImageWarning) as caught:
        images = load_dataset(path)
    assert len(caught) == 1
    message = str(caught[0].message)
    assert message.startswith(f"{path}:13: the image at {path}:1 again, with the same label 0"), message
    assert issubclass(RepeatedImageWarning, UserWarning)
    # A warning, not an error: the repeat is loaded and counts twice.
    assert images == parse_dataset(GOOD + OTHER) + [parse_dataset(GOOD)[0]]


def test_error_names_the_path_as_given():
    with pytest.raises(DatasetError, match=r"^snippets/mine\.txt:2: expected 3 pixels"):
        parse_dataset("#.#\n#..#\n", "snippets/mine.txt")


def test_binary_file_is_a_dataset_error(tmp_path):
    path = tmp_path / "picture.png"
    path.write_bytes(GOOD.encode() + b"\n\x89PNG\n")
    with pytest.raises(DatasetError, match=rf"^{path}:7: expected text"):
        load_dataset(path)


def test_figure_draws_all_pixels():
    fig = dataset.figure_training_set()
    patches = [patch for ax in fig.axes for patch in ax.patches]
    assert len(patches) == 64 * 12
    ink = [patch for patch in patches if patch.get_facecolor()[:3] != patches[0].get_facecolor()[:3]]
    # Image 1 (the bare core of "0") starts with paper, so `ink` counts the ink squares.
    assert len(ink) == sum(sum(pixels) for pixels, _ in IMAGES)
