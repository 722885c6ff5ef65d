"""The learner's command lines: `python snippets/train.py` and `python snippets/dataset.py`."""

import os
import pty
import re
import select
import subprocess
import sys
import time
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
    for option in ("--data", "--eta", "--epochs", "--seed", "--every", "--batch-size", "--shuffle-seed"):
        assert option in result.stdout
    assert result.stderr == ""


def test_default_run_from_another_folder(tmp_path):
    # The default data file is found beside the script, whatever the working folder.
    result = run(TRAIN, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    assert re.search(r"^epoch +0  C_T = \d+\.\d{4}$", result.stdout, re.M)
    final = re.search(r"^final C_T = (\d\.\d{3}e-\d\d), accuracy (\d+)/(\d+)$", result.stdout, re.M)
    assert final, result.stdout  # below 0.01: in scientific form, not 0.0025
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
    (["--batch-size", "0"], ["--batch-size", "at least 1"]),
    (["--batch-size", "two"], ["--batch-size", "invalid int"]),
    (["--shuffle-seed", "-3"], ["--shuffle-seed", "0 or more"]),
    (["--data", "missing.txt"], ["missing.txt", "No such file"]),
])
def test_bad_options_exit_2_with_a_message(args, words):
    assert_clean_error(run(TRAIN, *args), *words)


def final_cost(stdout):
    return float(re.search(r"^final C_T = (\S+),", stdout, re.M)[1])


def test_batch_size_one_is_stochastic_descent_with_a_seeded_order():
    import stochastic_descent
    import vector

    args = ["--epochs", "30", "--eta", "19.2", "--batch-size", "1"]
    first, again = run(TRAIN, *args), run(TRAIN, *args)
    assert first.returncode == 0, first.stderr
    assert "64 images, stochastic, eta = 19.2, epochs = 30, seed = 0, shuffle seed = 0" in first.stdout
    assert first.stdout == again.stdout  # the same seed, the same order, the same run
    expected = stochastic_descent.run(1, epochs=30)[1][-1]
    assert final_cost(first.stdout) == pytest.approx(expected, rel=1e-3)
    other = run(TRAIN, *args, "--shuffle-seed", "5")
    assert "shuffle seed = 5" in other.stdout
    assert final_cost(other.stdout) != final_cost(first.stdout)
    X, T, start = stochastic_descent.book_data()
    assert final_cost(other.stdout) == pytest.approx(
        vector.train_minibatch(start, X, T, 19.2, 30, 1, 5)[1][-1], rel=1e-3)


def test_the_default_is_the_full_batch_and_64_says_the_same():
    default, full = run(TRAIN, "--epochs", "50"), run(TRAIN, "--epochs", "50", "--batch-size", "64")
    assert "64 images, full batch, eta = 0.3" in default.stdout
    assert default.stdout == full.stdout
    import parameters
    assert final_cost(default.stdout) == pytest.approx(parameters.run(epochs=50)[1][-1], rel=1e-3)
    mini = run(TRAIN, "--epochs", "50", "--batch-size", "8", "--eta", "2.4")
    assert "mini-batches of 8" in mini.stdout
    assert final_cost(mini.stdout) < final_cost(default.stdout)


def test_lines_arrive_while_it_trains():
    # The first line is out long before the run ends: nothing is held back to the end.
    process = subprocess.Popen([sys.executable, str(TRAIN), "--epochs", "40000"], cwd=ROOT,
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        header, epoch_0 = process.stdout.readline(), process.stdout.readline()
        assert epoch_0.startswith("epoch     0  C_T = ")
        assert process.poll() is None, "the run ended before its first line was read"
        rest, errors = process.communicate(timeout=120)
    finally:
        process.kill()
    assert errors == ""  # no progress bar in a pipe
    assert rest.count("\n") == 11  # epochs 4000, ..., 40000 and the final line


def test_a_terminal_gets_a_progress_bar_on_stderr():
    # stderr is a pseudo-terminal, stdout a pipe: the bar goes to the terminal alone.
    leader, follower = pty.openpty()
    process = subprocess.Popen([sys.executable, str(TRAIN), "--epochs", "60000"], cwd=ROOT,
                               stdout=subprocess.PIPE, stderr=follower, text=True)
    os.close(follower)
    seen, deadline = b"", time.monotonic() + 120
    while time.monotonic() < deadline:
        if select.select([leader], [], [], 1)[0]:
            try:
                chunk = os.read(leader, 4096)
            except OSError:  # the terminal closed with the process
                break
            if not chunk:
                break
            seen += chunk
        elif process.poll() is not None:
            break
    out = process.communicate(timeout=60)[0]
    os.close(leader)
    bars = re.findall(rb"\[#*\.*\] +(\d+)%  epoch (\d+)/60000  C_T = \S+  \d+ s left", seen)
    assert bars, seen[:500]
    percents = [int(p) for p, e in bars]
    assert percents == sorted(percents) and 0 < percents[-1] < 100
    assert seen.endswith(b"\r")  # the last bar erased, the terminal left clean
    assert "s left" not in out and out.rstrip().splitlines()[-1].startswith("final C_T = ")


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
