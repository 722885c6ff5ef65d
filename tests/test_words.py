"""The word tables: one per language (snippets/words-<lang>.yml), the same keys in each, and
a figure or a table whose words a table lacks fails with the snippet's line."""

import re
import runpy
import subprocess
import sys

import pytest
import yaml

from conftest import ROOT

TABLES = {path.stem.removeprefix("words-"): yaml.safe_load(path.read_text(encoding="utf-8"))
          for path in sorted((ROOT / "snippets").glob("words-*.yml"))}
RUNNER = runpy.run_path(str(ROOT / "scripts" / "run_snippet.py"), run_name="run_snippet")
PLACEHOLDERS = re.compile(r"\{\w+\}|<\w+>")


def test_there_is_a_table_for_each_edition():
    assert set(TABLES) == {"en", "zh"}


@pytest.mark.parametrize("section", ["build", "instruments", "workbook", "figures"])
def test_every_language_has_the_same_keys_and_placeholders(section):
    english = TABLES["en"][section]
    for lang, table in TABLES.items():
        assert set(table[section]) == set(english), f"{lang}: keys differ from words-en.yml's"
        for key, value in english.items():
            shown = table[section][key]
            if isinstance(value, str):
                assert sorted(PLACEHOLDERS.findall(shown)) == sorted(PLACEHOLDERS.findall(value)), (lang, key)


def test_the_english_figure_words_are_the_snippets_own():
    assert all(key == value for key, value in TABLES["en"]["figures"].items())


def test_a_figure_word_with_a_number_in_it():
    words = RUNNER["Words"]({"image <n>": "图像 <n>", "label <d>: the <n> images of a <d>": "标签 <d>：<n> 张 <d>"})
    assert words("image 38") == "图像 38"
    assert words("label 1: the 32 images of a 1") == "标签 1：32 张 1"
    assert words("label 1: the 32 images of a 2") is None  # the same name, the same number
    assert words("images 38") is None


def test_a_table_a_snippet_writes_gets_its_words_cell_by_cell():
    words = RUNNER["Words"]({"unit $j$": "神经元 $j$", "<a> to <b>": "<a> 到 <b>"})
    table = "| unit $j$ | range |\n|---:|:---:|\n| 1 | 1.15 to 3.03 |"
    shown, missing = RUNNER["text_words"](table, words)
    assert shown.split("\n")[2] == "| 1 | 1.15 到 3.03 |"
    assert missing == ["range"]
    assert RUNNER["text_words"]("\\begin{pmatrix} 1 \\\\ 2 \\end{pmatrix}", words) == (
        "\\begin{pmatrix} 1 \\\\ 2 \\end{pmatrix}", [])


def test_a_figure_word_that_no_table_has_fails_at_the_figure(tmp_path):
    snippet = tmp_path / "labels.py"
    snippet.write_text(
        "from matplotlib.figure import Figure\n\n\n"
        "def figure_plot():\n"
        "    fig = Figure()\n"
        "    fig.subplots().set_xlabel('a brand new label $x$')\n"
        "    return fig\n",
        encoding="utf-8",
    )
    done = subprocess.run([sys.executable, str(ROOT / "scripts" / "run_snippet.py"), str(snippet),
                           "--out", str(tmp_path / "out")], capture_output=True, text=True, cwd=ROOT)
    assert done.returncode == 1
    last = done.stderr.strip().splitlines()
    assert "labels.py:4: ContractError: figure_plot() writes words that snippets/words-en.yml has no " \
           "`figures:` entry for:" in done.stderr, last
    assert "'a brand new label $x$'" in done.stderr


def test_each_figure_is_drawn_in_each_language(built_site):
    english = sorted(p.relative_to(built_site / "figures") for p in (built_site / "figures").rglob("*.svg"))
    chinese = sorted(p.relative_to(built_site / "zh/figures") for p in (built_site / "zh/figures").rglob("*.svg"))
    assert english == chinese and len(english) > 50
    with_words = "network/architecture.svg"  # "layer 1, 12 pixels" in English, 第 1 层 in Chinese
    assert (built_site / "figures" / with_words).read_bytes() != (built_site / "zh/figures" / with_words).read_bytes()
