"""The 96 images of the convolutional network: the rule as cnn_dataset.py states it, the shipped
file digits6.txt, the loader generalised to 6 x 6 images, and the figure."""

import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

import cnn_dataset
import dataset
from cnn_dataset import PLACES, PROTOTYPES, make_training_set
from conftest import SNIPPETS
from dataset import DatasetError, parse_dataset

IMAGES = make_training_set()
CLI = SNIPPETS / "cnn_dataset.py"


def grid(pixels):
    return np.array(pixels).reshape(6, 6)


def test_ninety_six_images_thirty_two_per_digit():
    assert len(IMAGES) == 96
    assert [label for _, label in IMAGES] == [1] * 32 + [2] * 32 + [3] * 32
    for pixels, label in IMAGES:
        assert len(pixels) == 36 and set(pixels) <= {0, 1}


def test_all_distinct_so_no_image_has_two_labels():
    assert len({pixels for pixels, _ in IMAGES}) == 96


def test_the_rule_as_the_docstring_states_it():
    # Image n: the box at row 1 + n // 16, column 1 + (n // 4) % 4; bits of n % 4 on the o's.
    for label in (1, 2, 3):
        prototype = PROTOTYPES[label]
        optional = [(r, c) for r, row in enumerate(prototype) for c, m in enumerate(row) if m == "o"]
        assert len(optional) == 2
        for n in range(32):
            image = grid(IMAGES[32 * (label - 1) + n][0])
            top, left = n // 16, (n // 4) % 4
            assert (top, left) == PLACES[n // 4]
            box = image[top:top + 5, left:left + 3]
            assert image.sum() == box.sum(), "no ink outside the box"
            bits = [int(b) for b in format(n % 4, "02b")]
            for r, row in enumerate(prototype):
                for c, mark in enumerate(row):
                    want = {"#": 1, ".": 0}.get(mark)
                    if mark == "o":
                        want = bits[optional.index((r, c))]
                    assert box[r, c] == want, (label, n, r, c)


def test_why_no_image_appears_twice_as_the_docstring_argues():
    ink = {label: [sum(p) for p, l in IMAGES if l == label] for label in (1, 2, 3)}
    assert (min(ink[1]), max(ink[1])) == (6, 8)
    assert (min(ink[2] + ink[3]), max(ink[2] + ink[3])) == (9, 11)
    for pixels, label in IMAGES:
        image = grid(pixels)
        rows, cols = np.nonzero(image)
        if label == 1:
            stems = [j for j in range(6) if image[:, j].sum() > 2]
            assert len(stems) == 1 and image[:, stems[0]].sum() == 5
        else:  # the ink's bounding box is the 5 x 3 box, and row 4 of it tells 2 from 3
            assert (rows.max() - rows.min() + 1, cols.max() - cols.min() + 1) == (5, 3)
            row4 = image[rows.min() + 3, cols.min():cols.min() + 3]
            assert list(row4) == ([1, 0, 0] if label == 2 else [0, 0, 1])


def test_the_shipped_file_is_the_rule_written_out():
    assert cnn_dataset.load_dataset() == IMAGES
    text = cnn_dataset.DEFAULT.read_text(encoding="utf-8")
    assert text == cnn_dataset.format_dataset(IMAGES)


def test_targets_are_one_hot():
    assert cnn_dataset.target(1) == (1.0, 0.0, 0.0)
    assert cnn_dataset.target(2) == (0.0, 1.0, 0.0)
    assert cnn_dataset.target(3) == (0.0, 0.0, 1.0)
    X, T = cnn_dataset.to_arrays(IMAGES)
    assert X.shape == (96, 6, 6) and T.shape == (96, 3)
    np.testing.assert_array_equal(T.sum(axis=1), 1)
    np.testing.assert_array_equal(T.argmax(axis=1) + 1, [label for _, label in IMAGES])
    assert X[5, 4, 1] == IMAGES[5][0][6 * 4 + 1]  # row 5, column 2 of image 6


GOOD6 = ".#....\n##....\n.#....\n.#....\n.#....\n......\nlabel 1\n"  # lines 1-7


@pytest.mark.parametrize("text, line, words", [
    (GOOD6.replace("##....", "##...", 1), 2, "expected 6 pixels ('#' or '.'), found 5 characters"),
    (GOOD6.replace("label 1", "label 0"), 7, "expected 'label 1', 'label 2' or 'label 3', found 'label 0'"),
    (GOOD6.replace("......\nlabel 1", "label 1"), 6, "expected pixel row 6 of 6, found 'label 1'"),
    (GOOD6.replace("label 1", "......\nlabel 1"), 7, "expected a label line ('label 1', 'label 2' or "
                                                    "'label 3'), found a 7th pixel row '......'"),
    (GOOD6.replace("label 1\n", ""), 6, "expected a label line ('label 1', 'label 2' or 'label 3'), "
                                        "found the end of the file"),
    ("; nothing\n", 1, "expected at least one image (6 pixel rows and a label line), found none"),
    (GOOD6 + "\n" + GOOD6.replace("label 1", "label 2"), 9, "expected one label for each image"),
])
def test_the_loader_reads_six_by_six_with_the_same_messages(text, line, words):
    with pytest.raises(DatasetError) as error:
        parse_dataset(text, "mine.txt", rows=6, columns=6, labels=(1, 2, 3))
    assert str(error.value).startswith(f"mine.txt:{line}: "), str(error.value)
    assert words in str(error.value)


def test_the_four_by_three_loader_is_unchanged_by_default():
    assert dataset.load_dataset() == dataset.make_training_set()
    with pytest.raises(DatasetError, match=r"^m:1: expected 3 pixels \('#' or '\.'\), found 6 characters$"):
        parse_dataset(GOOD6, "m")
    with pytest.raises(DatasetError, match=r"expected 'label 0' or 'label 1', found 'label 2'"):
        parse_dataset("...\n...\n...\n...\nlabel 2\n", "m")


def test_the_six_by_six_file_is_not_a_four_by_three_file():
    with pytest.raises(DatasetError, match=r"digits6\.txt:6: expected 3 pixels"):
        dataset.load_dataset(cnn_dataset.DEFAULT)


def test_figure_draws_every_pixel_of_every_image():
    from matplotlib.colors import to_rgba

    fig = cnn_dataset.figure_training_set()
    patches = [patch for ax in fig.axes for patch in ax.patches]
    assert len(patches) == 96 * 36
    ink = [p for p in patches if p.get_facecolor() == to_rgba(dataset.INK_COLOR)]
    assert len(ink) == sum(sum(pixels) for pixels, _ in IMAGES)


def run(*args):
    return subprocess.run([sys.executable, str(CLI), *args], capture_output=True, text=True, timeout=60)


def test_cli_checks_the_shipped_file_and_writes_it_again(tmp_path):
    result = run()
    assert result.returncode == 0, result.stderr
    assert "96 images, 32 labelled 1, 32 labelled 2, 32 labelled 3" in result.stdout
    assert "repeated images: 0; images with two labels: 0" in result.stdout
    result = run("--write", str(tmp_path / "digits6.txt"))
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "digits6.txt").read_bytes() == cnn_dataset.DEFAULT.read_bytes()


def test_cli_names_file_and_line_of_a_mistake(tmp_path):
    path = tmp_path / "mine.txt"
    path.write_text(GOOD6.replace("label 1", "label 4"), encoding="utf-8")
    result = run(str(path))
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert result.stderr.strip() == (f"cnn_dataset.py: error: {path}:7: expected 'label 1', "
                                     "'label 2' or 'label 3', found 'label 4'")
