"""`make section` (scripts/new_section.py) starts a section that passes the build and the tests.

The script runs in a private copy of the book, never in the repository; the copy is then
built with a real `mkdocs build --strict` and tested with the copy's own pytest.
"""

import importlib.util
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import ROOT, mkdocs_build, nav_pages

import test_chapters

SCRIPT = Path("scripts") / "new_section.py"
# What the script reads or writes: enough of the book to scaffold in, without the cache.
PARTS = ("mkdocs.yml", "docs", "snippets", "tests", "scripts")


def copy_parts(target: Path, parts=PARTS) -> Path:
    for part in parts:
        source = ROOT / part
        if source.is_dir():
            shutil.copytree(source, target / part, dirs_exist_ok=True,
                            ignore=shutil.ignore_patterns("__pycache__", ".pytest_cache"))
        else:
            shutil.copy2(source, target / part)
    return target


def scaffold(book: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, SCRIPT, *args], cwd=book, capture_output=True, text=True,
                          env={**os.environ, "PYTHONDONTWRITEBYTECODE": "1"})


def snapshot(book: Path) -> dict[str, bytes]:
    return {path.relative_to(book).as_posix(): path.read_bytes() for path in book.rglob("*") if path.is_file()}


@pytest.fixture
def small_copy(tmp_path) -> Path:
    """The parts of the book the script touches, for tests that need no build."""
    return copy_parts(tmp_path)


def test_a_new_section_builds_and_passes_its_tests(book_copy):
    book = copy_parts(book_copy, ("tests", "pytest.ini"))  # book_copy holds the rest, and the cache
    result = scaffold(book, "backprop", "momentum", "--title", "Momentum")
    assert result.returncode == 0, result.stderr
    for path in ("docs/backprop/momentum.md", "snippets/momentum.py", "tests/test_momentum.py"):
        assert (book / path).is_file(), path
        assert path in result.stdout, f"the script does not say it wrote {path}"

    config = (book / "mkdocs.yml").read_text(encoding="utf-8")
    assert "      - Momentum: backprop/momentum.md\n  - A convolutional network:\n" in config
    original = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    assert config.replace("      - Momentum: backprop/momentum.md\n", "", 1) == original, "only the nav line is new"
    index = (book / "docs/backprop/index.md").read_text(encoding="utf-8")
    assert "[Momentum](momentum.md)" in index

    built = mkdocs_build(book, book_copy / "site")
    assert built.returncode == 0, built.stderr
    page = (book_copy / "site/backprop/momentum/index.html").read_text(encoding="utf-8")
    assert 'data-check="momentum.pixel_sum"' in page and "pixel_sum_expanded" in page
    assert "{{" not in page

    # The new test, the skeleton and the pair rules, run by the copy's pytest on the copy.
    # Deselected: the browser test and the pair tests that build tests/fixtures/pairs (not
    # the book); the suite runs them, and here each would repeat a full build of the copy.
    tests = ["tests/test_momentum.py", "tests/test_chapters.py", "tests/test_pairs.py"]
    run = subprocess.run(
        [sys.executable, "-m", "pytest", *tests, "-v", "-p", "no:cacheprovider", "-n", "0",
         "-m", "not browser", "-k", "not build"],
        cwd=book, capture_output=True, text=True, env={**os.environ, "PYTHONDONTWRITEBYTECODE": "1"},
    )
    assert run.returncode == 0, run.stdout[-4000:] + run.stderr[-2000:]
    for test in ("test_momentum.py::test_the_pixel_sum_counts_the_ink_pixels",
                 "test_chapters.py::test_a_section_follows_the_skeleton[backprop/momentum.md]",
                 "test_chapters.py::test_a_chapter_opening_links_to_its_sections_in_order[backprop]",
                 "test_pairs.py::test_check_expanded_and_vector_agree[momentum.pixel_sum]",
                 "test_pairs.py::test_the_chapters_keep_the_pair_rules"):
        assert f"tests/{test} PASSED" in run.stdout, f"{test} did not run and pass"


def test_the_new_section_is_the_last_of_its_chapter_in_nav_and_index(small_copy):
    result = scaffold(small_copy, "toolkit", "weight-decay")
    assert result.returncode == 0, result.stderr
    assert (small_copy / "snippets/weight_decay.py").is_file()
    assert (small_copy / "tests/test_weight_decay.py").is_file()
    assert (small_copy / "docs/toolkit/weight-decay.md").read_text(encoding="utf-8").startswith("# Weight decay\n")
    index = (small_copy / "docs/toolkit/index.md").read_text(encoding="utf-8")
    count = sum(1 for page in nav_pages() if page.startswith("toolkit/") and not page.endswith("index.md"))
    assert f"\n{count + 1}. [Weight decay](weight-decay.md): " in index


def test_the_script_knows_the_chapters_the_skeleton_checks():
    spec = importlib.util.spec_from_file_location("new_section", ROOT / SCRIPT)
    new_section = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(new_section)
    assert new_section.CHAPTERS == test_chapters.CHAPTERS


@pytest.mark.parametrize("args, message", [
    (["backprop", "train"], "docs/backprop/train.md already exists"),
    (["appendix", "momentum"], "unknown chapter 'appendix'"),
    (["backprop", "Momentum"], "bad name 'Momentum': write it in kebab-case"),
    (["backprop", "vector"], "snippets/vector.py already exists"),
    (["backprop", "numpy"], "would hide the module 'numpy'"),
], ids=["existing section", "unknown chapter", "bad name", "existing snippet", "module name"])
def test_a_mistake_is_named_and_nothing_is_written(small_copy, args, message):
    before = snapshot(small_copy)
    result = scaffold(small_copy, *args)
    assert result.returncode == 2
    assert message in result.stderr, result.stderr
    assert snapshot(small_copy) == before


def test_the_script_has_help(small_copy):
    result = scaffold(small_copy, "--help")
    assert result.returncode == 0 and "kebab-case" in result.stdout


def test_make_help_lists_every_target():
    if shutil.which("make") is None:
        pytest.skip("no make on this machine")
    result = subprocess.run(["make", "--no-print-directory", "help"], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    (phony,) = [line for line in makefile.splitlines() if line.startswith(".PHONY:")]
    listed = {line.split()[1] for line in result.stdout.splitlines() if len(line.split()) > 1}
    assert set(phony.split()[1:]) <= listed, "each target needs its '## make <target>' line in the Makefile"
