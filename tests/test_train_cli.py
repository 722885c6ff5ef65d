"""The learner's command lines: `python snippets/train.py` and `python snippets/dataset.py`."""

import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
TRAIN = ROOT / "snippets" / "train.py"
DATASET = ROOT / "snippets" / "dataset.py"

MALFORMED = "; my images\n#.#\n#.#\n#.#\n###\nlabel 0\n\n.#.\n.#.\n.#..\n.#.\nlabel 1\n"  # line 10 is 4 wide


def run(script, *args, cwd=ROOT):
    return subprocess.run([sys.executable, str(script), *args], cwd=cwd,
                          capture_output=True, text=True, timeout=60)


def assert_clean_error(result, *words):
    """Exit code 2, a message on stderr naming the problem, and no traceback."""
    assert result.returncode == 2, result
    assert "Traceback" not in result.stderr + result.stdout
    last = result.stderr.strip().splitlines()[-1]
    assert last.startswith(f"{Path(result.args[1]).name}: error: "), result.stderr
    for word in words:
        assert word in last, result.stderr


def test_help_lists_the_options():
    result = run(TRAIN, "--help")
    assert result.returncode == 0
    for option in ("--data", "--eta", "--epochs", "--seed", "--every"):
        assert option in result.stdout
    assert result.stderr == ""


def test_default_run_from_another_folder(tmp_path):
    # The default data file is found beside the script, whatever the working folder.
    result = run(TRAIN, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    assert re.search(r"^epoch +0  C_T = \d+\.\d{4}$", result.stdout, re.M)
    final = re.search(r"^final C_T = (\d+\.\d{4}), accuracy (\d+)/(\d+)$", result.stdout, re.M)
    assert final, result.stdout
    assert float(final[1]) < 0.01
    assert (final[2], final[3]) == ("64", "64")


def test_options_change_the_run(tmp_path):
    result = run(TRAIN, "--epochs", "20", "--every", "5", "--eta", "0.2", "--seed", "3")
    assert result.returncode == 0, result.stderr
    epochs = re.findall(r"^epoch +(\d+)", result.stdout, re.M)
    assert epochs == ["0", "5", "10", "15", "20"]
    assert "eta = 0.2, epochs = 20, seed = 3" in result.stdout


@pytest.mark.parametrize("args, words", [
    (["--eta", "0"], ["--eta", "greater than 0"]),
    (["--eta", "-1"], ["--eta", "greater than 0"]),
    (["--eta", "nan"], ["--eta", "finite"]),
    (["--eta", "inf"], ["--eta", "finite"]),
    (["--eta", "fast"], ["--eta", "invalid float"]),
    (["--epochs", "0"], ["--epochs", "at least 1"]),
    (["--seed", "-1"], ["--seed"]),
    (["--data", "missing.txt"], ["missing.txt", "No such file"]),
])
def test_bad_options_exit_2_with_a_message(args, words):
    assert_clean_error(run(TRAIN, *args), *words)


def test_malformed_data_file_names_file_and_line(tmp_path):
    path = tmp_path / "mine.txt"
    path.write_text(MALFORMED, encoding="utf-8")
    result = run(TRAIN, "--data", str(path))
    assert_clean_error(result, f"{path}:10: expected 3 pixels ('#' or '.'), found 4 characters")
    assert result.stdout == ""  # nothing trained on half a file


def test_dataset_cli_checks_the_shipped_file():
    result = run(DATASET)
    assert result.returncode == 0, result.stderr
    assert "64 images, 32 labelled 0, 32 labelled 1" in result.stdout
    assert "repeated images: 0; images with both labels: 0" in result.stdout


def test_dataset_cli_rejects_malformed_file(tmp_path):
    path = tmp_path / "mine.txt"
    path.write_text(MALFORMED, encoding="utf-8")
    assert_clean_error(run(DATASET, str(path)), f"{path}:10: expected 3 pixels")
    assert_clean_error(run(DATASET, str(tmp_path / "missing.txt")), "No such file")


def test_dataset_cli_writes_the_shipped_file(tmp_path):
    result = run(DATASET, "--write", str(tmp_path / "digits.txt"))
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "digits.txt").read_bytes() == (ROOT / "snippets" / "digits.txt").read_bytes()
