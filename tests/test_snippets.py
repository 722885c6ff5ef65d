"""Every snippet runs as a learner runs it: `python snippets/<name>.py`, from any folder."""

import subprocess
import sys

import pytest

from conftest import SNIPPETS

SCRIPTS = sorted(SNIPPETS.glob("*.py"))


@pytest.mark.parametrize("script", SCRIPTS, ids=lambda path: path.name)
def test_runs_as_a_plain_script(script, tmp_path):
    # From a folder of their own: a snippet must find its data beside itself, not in the cwd.
    result = subprocess.run([sys.executable, script], cwd=tmp_path, capture_output=True,
                            text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr


def test_there_are_snippets_to_run():
    assert {"dataset.py", "expanded.py", "vector.py", "train.py", "neuron.py"} <= {
        path.name for path in SCRIPTS}
