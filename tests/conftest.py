"""Fixtures shared by the tests: the repository, a real `mkdocs build`, a copy of the book."""

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parents[1]
SNIPPETS = ROOT / "snippets"
# Tests import snippets by plain name (`import vector`), as the snippets import each other.
sys.path.insert(0, str(SNIPPETS))
MKDOCS = Path(sys.executable).with_name("mkdocs")

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]

# What a copy of the book needs in order to build; .cache comes along so that
# snippet executions already cached by content are reused.
BOOK_PARTS = ("mkdocs.yml", "docs", "snippets", "scripts", "requirements.txt", ".cache")


def nav_pages() -> dict[str, str | None]:
    """Every Markdown page in the nav of mkdocs.yml, in reading order, with the title the nav
    gives it (None for a page listed without one, such as a chapter's index.md)."""
    from mkdocs.utils.yaml import yaml_load

    pages: dict[str, str | None] = {}

    def walk(entry, title=None):
        if isinstance(entry, str):
            if entry.endswith(".md"):
                pages[entry] = title
        elif isinstance(entry, dict):
            for key, value in entry.items():
                walk(value, key)
        else:
            for item in entry:
                walk(item)

    walk(yaml_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))["nav"])
    return pages


def mkdocs_build(
    root: Path, site_dir: Path, *extra: str, cache: Path | None = None
) -> subprocess.CompletedProcess:
    """Run a real `mkdocs build --strict` of the book in `root`, with its cache in `cache`
    (BOOK_CACHE; root/.cache unless given); return the finished process."""
    return subprocess.run(
        [str(MKDOCS), "build", "--strict", "--site-dir", str(site_dir), *extra],
        cwd=root,
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONDONTWRITEBYTECODE": "1", "BOOK_CACHE": str(cache or root / ".cache")},
    )


@pytest.fixture(scope="session")
def built_site(tmp_path_factory) -> Path:
    """The whole book built once with --strict into a temporary directory."""
    site = tmp_path_factory.mktemp("site")
    result = mkdocs_build(ROOT, site)
    assert result.returncode == 0, result.stderr
    return site


@pytest.fixture
def book_copy(tmp_path, built_site) -> Path:
    """A private copy of the book that a test may break without touching the repository.

    It comes after the full build, so the copied cache already holds every snippet run.
    """
    for part in BOOK_PARTS:
        source = ROOT / part
        if source.is_dir():
            shutil.copytree(source, tmp_path / part, ignore=shutil.ignore_patterns("__pycache__"))
        elif source.exists():
            shutil.copy2(source, tmp_path / part)
    return tmp_path


@pytest.fixture(scope="session")
def browser():
    """One headless Chromium for the whole session (Playwright's sync API allows one per thread).

    Without Chromium the browser tests skip and say how to get one; under CI=true they fail.
    """
    executable = shutil.which(CHROMIUM)
    if executable is None:
        message = (
            f"no Chromium at {CHROMIUM}: install one with `sudo apt-get install chromium` "
            "or point CHROMIUM=/path/to/chromium at one"
        )
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()
