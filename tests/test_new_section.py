"""`make section` (scripts/new_section.py) starts a section that passes the build and the tests.

The script runs in a private copy of the book, never in the repository; the copy is then
built with a real `mkdocs build --strict`, both editions, served over HTTP and tested with
the copy's own pytest.
"""

import functools
import http.server
import importlib.util
import os
import shutil
import subprocess
import sys
import threading
import urllib.request
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from conftest import ROOT, mkdocs_build, nav_pages

import browsing
import test_chapters

SCRIPT = Path("scripts") / "new_section.py"
# What the script reads or writes: enough of the book to scaffold in, without the cache.
PARTS = ("mkdocs.yml", "mkdocs.zh.yml", "docs", "snippets", "tests", "scripts")
NEW = {  # what `backprop momentum` writes, and in which edition
    "docs/backprop/momentum.md": "en", "docs/zh/backprop/momentum.md": "zh",
    "snippets/momentum.py": "en", "tests/test_momentum.py": "en",
}


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


def served(site: Path, path: str) -> str:
    """The page at `path` as a real HTTP server on 127.0.0.1 serves the built site."""
    handler = functools.partial(browsing.SiteHandler, directory=str(site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{server.server_port}/{path}", timeout=30) as response:
            assert response.status == 200, path
            return response.read().decode("utf-8")
    finally:
        server.shutdown()
        server.server_close()


def heading_ids(html: str) -> list[str]:
    return [h.get("id") for h in BeautifulSoup(html, "html.parser").select("article h1, article h2, article h3")]


def snapshot(book: Path) -> dict[str, bytes]:
    return {path.relative_to(book).as_posix(): path.read_bytes() for path in book.rglob("*") if path.is_file()}


@pytest.fixture
def small_copy(tmp_path) -> Path:
    """The parts of the book the script touches, for tests that need no build."""
    return copy_parts(tmp_path)


def test_a_new_section_builds_and_passes_its_tests(book_copy):
    book = copy_parts(book_copy, ("tests", "pytest.ini"))  # book_copy holds the rest, and the cache
    result = scaffold(book, "backprop", "momentum", "--title", "Momentum", "--title-zh", "动量")
    assert result.returncode == 0, result.stderr
    for path in [*NEW, "mkdocs.yml", "mkdocs.zh.yml", "docs/backprop/index.md", "docs/zh/backprop/index.md"]:
        assert (book / path).is_file(), path
        assert path in result.stdout, f"the script does not say it wrote {path}"

    for config, line, after in (("mkdocs.yml", "      - Momentum: backprop/momentum.md\n", "  - A convolutional network:\n"),
                                ("mkdocs.zh.yml", "      - backprop/momentum.md\n", "  - 卷积神经网络:\n")):
        text = (book / config).read_text(encoding="utf-8")
        assert line + after in text, f"{config}: the nav line is not the last of the chapter"
        original = (ROOT / config).read_text(encoding="utf-8")
        assert text.replace(line, "", 1) == original, f"{config}: only the nav line is new"
    assert "[Momentum](momentum.md): " in (book / "docs/backprop/index.md").read_text(encoding="utf-8")
    assert "[动量](momentum.md)：" in (book / "docs/zh/backprop/index.md").read_text(encoding="utf-8")
    drift = subprocess.run([sys.executable, "scripts/editions.py", "docs/zh/backprop/momentum.md",
                            "docs/zh/backprop/index.md"], cwd=book, capture_output=True, text=True)
    assert drift.returncode == 0 and "0 differences" in drift.stderr, drift.stdout + drift.stderr

    # Both editions, strict: the Chinese edition's build fails on any drift from the English one.
    built = mkdocs_build(book, book_copy / "site", editions="zh")
    assert built.returncode == 0, built.stderr
    page = served(book_copy / "site", "backprop/momentum/")
    page_zh = served(book_copy / "site", "zh/backprop/momentum/")
    for html in (page, page_zh):
        assert 'data-check="momentum.pixel_sum"' in html and "pixel_sum_expanded" in html
        assert "{{" not in html
    assert '<html lang="zh"' in page_zh and '<h1 id="momentum">动量' in page_zh
    assert "一张图像的墨迹像素个数" in page_zh and "解答" in page_zh
    assert heading_ids(page_zh) == heading_ids(page) == ["momentum", "a-formula-pair", "summary", "exercises"]
    assert '<a href="../../zh/backprop/momentum/" hreflang="zh"' in page, "the language switch leads elsewhere"
    chapter_zh = BeautifulSoup(served(book_copy / "site", "zh/backprop/"), "html.parser")
    assert [a.get_text() for a in chapter_zh.select('article a[href="momentum/"]')] == ["动量"], "not in the list"
    assert [a.get_text(strip=True) for a in chapter_zh.select('nav.md-nav--primary a[href="momentum/"]')] == ["动量"]

    # The new test, the skeleton and the pair rules, run by the copy's pytest on the copy.
    # Deselected: the browser test and the pair tests that build tests/fixtures/pairs (not
    # the book); the suite runs them, and here each would repeat a full build of the copy.
    tests = ["tests/test_momentum.py", "tests/test_chapters.py", "tests/test_pairs.py",
             "tests/test_editions.py::test_the_editions_have_not_drifted"]
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
                 "test_pairs.py::test_the_chapters_keep_the_pair_rules",
                 "test_editions.py::test_the_editions_have_not_drifted"):
        assert f"tests/{test} PASSED" in run.stdout, f"{test} did not run and pass"


def test_the_new_section_is_the_last_of_its_chapter_in_nav_and_index(small_copy):
    result = scaffold(small_copy, "toolkit", "weight-decay")
    assert result.returncode == 0, result.stderr
    assert (small_copy / "snippets/weight_decay.py").is_file()
    assert (small_copy / "tests/test_weight_decay.py").is_file()
    assert (small_copy / "docs/toolkit/weight-decay.md").read_text(encoding="utf-8").startswith("# Weight decay\n")
    # Without --title-zh the Chinese title is the English one in 《》, and the script says so.
    chinese = (small_copy / "docs/zh/toolkit/weight-decay.md").read_text(encoding="utf-8")
    assert chinese.startswith("# 《Weight decay》\n")
    assert "Its title 《Weight decay》 is still the English one: translate it" in result.stdout
    count = sum(1 for page in nav_pages() if page.startswith("toolkit/") and not page.endswith("index.md"))
    index = (small_copy / "docs/toolkit/index.md").read_text(encoding="utf-8")
    assert f"\n{count + 1}. [Weight decay](weight-decay.md): " in index
    index_zh = (small_copy / "docs/zh/toolkit/index.md").read_text(encoding="utf-8")
    assert f"\n{count + 1}. [《Weight decay》](weight-decay.md)：" in index_zh
    config_zh = (small_copy / "mkdocs.zh.yml").read_text(encoding="utf-8")
    assert "      - toolkit/regression.md\n      - toolkit/weight-decay.md\n  - 优化网络:\n" in config_zh
    drift = subprocess.run([sys.executable, "scripts/editions.py", "docs/zh/toolkit/weight-decay.md"],
                           cwd=small_copy, capture_output=True, text=True)
    assert drift.returncode == 0, drift.stdout + drift.stderr


def test_the_chinese_page_has_the_english_pages_skeleton(small_copy):
    """Heading for heading and block for block: only the words are Chinese."""
    result = scaffold(small_copy, "optimizing", "momentum", "--title-zh", "动量")
    assert result.returncode == 0, result.stderr
    english = (small_copy / "docs/optimizing/momentum.md").read_text(encoding="utf-8").splitlines()
    chinese = (small_copy / "docs/zh/optimizing/momentum.md").read_text(encoding="utf-8").splitlines()

    def syntax(lines):  # the blocks, their checks, math and includes; a block's title is words
        return [line.split(" | ")[0] for line in lines if line.startswith(("///", "    check:", "$$", "```", "--8<--"))]

    assert syntax(chinese) == syntax(english) and len(syntax(english)) == 12
    assert "/// pair | 一张图像的墨迹像素个数" in chinese
    assert [line for line in chinese if line.startswith("#")] == ["# 动量", "## 一个公式对", "## 小结", "## 练习"]
    assert '    ??? success "解答"' in chinese and "{{ momentum.first_image_ink:g }}" in "\n".join(chinese)


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
    (["toolkit", "schedules", "--title", "Learning rate schedules", "--title-zh", "步长的安排"],
     "the glossary's 'learning rate': the translation has none of 学习率"),
    (["toolkit", "schedules", "--title-zh", " "], "the Chinese title must be one non-empty line"),
], ids=["existing section", "unknown chapter", "bad name", "existing snippet", "module name",
        "chinese title against the glossary", "empty chinese title"])
def test_a_mistake_is_named_and_nothing_is_written(small_copy, args, message):
    before = snapshot(small_copy)
    result = scaffold(small_copy, *args)
    assert result.returncode == 2
    assert message in result.stderr, result.stderr
    assert snapshot(small_copy) == before


def test_the_script_has_help(small_copy):
    result = scaffold(small_copy, "--help")
    assert result.returncode == 0 and "kebab-case" in result.stdout and "--title-zh" in result.stdout


def test_make_help_lists_every_target():
    if shutil.which("make") is None:
        pytest.skip("no make on this machine")
    result = subprocess.run(["make", "--no-print-directory", "help"], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    (phony,) = [line for line in makefile.splitlines() if line.startswith(".PHONY:")]
    listed = {line.split()[1] for line in result.stdout.splitlines() if len(line.split()) > 1}
    assert set(phony.split()[1:]) <= listed, "each target needs its '## make <target>' line in the Makefile"
