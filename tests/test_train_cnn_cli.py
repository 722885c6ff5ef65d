"""The learner's command line for the convolutional network: `python snippets/train_cnn.py`."""

import re
import subprocess
import sys

import pytest

from conftest import ROOT, SNIPPETS

TRAIN = SNIPPETS / "train_cnn.py"
ONE = ".#....\n##....\n.#....\n.#....\n.#....\n......\nlabel 1\n"


def run(*args, cwd=ROOT):
    return subprocess.run([sys.executable, str(TRAIN), *args], cwd=cwd,
                          capture_output=True, text=True, timeout=120)


def assert_clean_error(result, *words):
    assert result.returncode == 2, result
    assert "Traceback" not in result.stderr + result.stdout
    last = result.stderr.strip().splitlines()[-1]
    assert last.startswith("train_cnn.py: error: "), result.stderr
    for word in words:
        assert word in last, result.stderr


def test_help_lists_the_options():
    result = run("--help")
    assert result.returncode == 0 and result.stderr == ""
    for option in ("--data", "--eta", "--epochs", "--seed", "--every"):
        assert option in result.stdout


def test_default_run_reads_all_96_images_from_another_folder(tmp_path):
    result = run(cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    assert re.search(r"^epoch +0  C_T = \d+\.\d{4}  correct \d+/96$", result.stdout, re.M)
    final = re.search(r"^final C_T = (\d+\.\d{4}), accuracy (\d+)/(\d+)$", result.stdout, re.M)
    assert final, result.stdout
    assert float(final[1]) < 0.1
    assert (final[2], final[3]) == ("96", "96")


def test_options_change_the_run():
    result = run("--epochs", "20", "--every", "5", "--eta", "0.1", "--seed", "3")
    assert result.returncode == 0, result.stderr
    assert re.findall(r"^epoch +(\d+)", result.stdout, re.M) == ["0", "5", "10", "15", "20"]
    assert "eta = 0.1, epochs = 20, seed = 3" in result.stdout
    costs = [float(c) for c in re.findall(r"C_T = (\d+\.\d{4})", result.stdout)]
    assert costs[-1] < costs[0]


@pytest.mark.parametrize("args, words", [
    (["--eta", "0"], ["--eta", "greater than 0"]),
    (["--eta", "nan"], ["--eta", "finite"]),
    (["--eta", "fast"], ["--eta", "invalid float"]),
    (["--epochs", "0"], ["--epochs", "at least 1"]),
    (["--seed", "-1"], ["--seed"]),
    (["--every", "0"], ["--every", "at least 1"]),
    (["--data", "missing.txt"], ["missing.txt", "No such file"]),
])
def test_bad_options_exit_2_with_a_message(args, words):
    assert_clean_error(run(*args), *words)


def test_a_four_by_three_file_is_refused_with_file_and_line(tmp_path):
    result = run("--data", str(SNIPPETS / "digits.txt"))
    assert_clean_error(result, f"{SNIPPETS / 'digits.txt'}:6: expected 6 pixels ('#' or '.'), "
                               "found 3 characters")
    assert result.stdout == ""


def test_your_own_images(tmp_path):
    path = tmp_path / "mine.txt"
    three = "......\n.###..\n...#..\n.###..\n...#..\n.###..\nlabel 3\n"
    path.write_text(ONE + "\n" + three, encoding="utf-8")
    result = run("--data", str(path), "--epochs", "3")
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("2 images, ")
    assert re.search(r"accuracy \d/2$", result.stdout.strip())
