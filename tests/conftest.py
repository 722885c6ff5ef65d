"""Fixtures shared by the tests: the repository, a real `mkdocs build` shared by every worker,
a copy of the book, and headless Chromium serving the built site (see browsing.py)."""

import functools
import http.server
import os
import shutil
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from filelock import FileLock
from playwright.sync_api import sync_playwright

import browsing

ROOT = Path(__file__).resolve().parents[1]
SNIPPETS = ROOT / "snippets"
# Tests import snippets by plain name (`import vector`), as the snippets import each other.
sys.path.insert(0, str(SNIPPETS))
MKDOCS = Path(sys.executable).with_name("mkdocs")

# What a copy of the book needs in order to build (book_copy adds the suite's cache).
BOOK_PARTS = ("mkdocs.yml", "mkdocs.zh.yml", "docs", "snippets", "scripts", "requirements.txt")


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
    root: Path, site_dir: Path, *extra: str, cache: Path | None = None, editions: str | None = None
) -> subprocess.CompletedProcess:
    """Run a real `mkdocs build --strict` of the book in `root`, with its cache in `cache`
    (BOOK_CACHE; root/.cache unless given); return the finished process. Both editions are
    built, unless `editions` says which translated ones (BOOK_EDITIONS, "" for English
    alone: for a test of the English checks that edits an English page only)."""
    env = {**os.environ, "PYTHONDONTWRITEBYTECODE": "1", "BOOK_CACHE": str(cache or root / ".cache")}
    if editions is not None:
        env["BOOK_EDITIONS"] = editions
    return subprocess.run(
        [str(MKDOCS), "build", "--strict", "--site-dir", str(site_dir), *extra],
        cwd=root, capture_output=True, text=True, env=env,
    )


def shared_folder(tmp_path_factory, worker_id: str) -> Path:
    """A folder that every worker of this test run sees (pytest-xdist runs one per core)."""
    base = tmp_path_factory.getbasetemp()
    return base if worker_id == "master" else base.parent


@pytest.fixture(scope="session")
def built_cache(tmp_path_factory, worker_id) -> Path:
    """The snippet cache of the suite's own build: it starts empty, so that build is clean."""
    return shared_folder(tmp_path_factory, worker_id) / "cache"


@pytest.fixture(scope="session")
def built_site(tmp_path_factory, worker_id, built_cache) -> Path:
    """The whole book built once for the whole run, clean and with --strict.

    The first worker to ask builds it; the others wait on the lock and share it.
    """
    shared = shared_folder(tmp_path_factory, worker_id)
    site, failure = shared / "site", shared / "site-failed.txt"
    with FileLock(str(shared / "site.lock")):
        if not (site / "index.html").exists() and not failure.exists():
            result = mkdocs_build(ROOT, site, cache=built_cache)
            if result.returncode != 0:
                failure.write_text(result.stdout + result.stderr, encoding="utf-8")
    assert not failure.exists(), failure.read_text(encoding="utf-8")
    return site


@pytest.fixture
def book_copy(tmp_path, built_site, built_cache) -> Path:
    """A private copy of the book that a test may break without touching the repository.

    Its .cache is a copy of the suite's, so every snippet run is already there.
    """
    for part in BOOK_PARTS:
        source = ROOT / part
        if source.is_dir():
            shutil.copytree(source, tmp_path / part, ignore=shutil.ignore_patterns("__pycache__"))
        elif source.exists():
            shutil.copy2(source, tmp_path / part)
    shutil.copytree(built_cache, tmp_path / ".cache")
    return tmp_path


# --- the browser --------------------------------------------------------------------------

CHROMIUM, FOUND_BY = browsing.find_chromium()


def pytest_report_header(config):
    if CHROMIUM is None:
        return [f"chromium: not found, {FOUND_BY}"]
    fonts = ", ".join(f"{name}: {browsing.font_folder(name) or 'not installed'}"
                      for name in browsing.FONT_SETS)
    return [f"chromium: {CHROMIUM} ({FOUND_BY}), {browsing.chromium_version(CHROMIUM)}",
            f"font sets: {fonts}"]


def missing(message: str):
    """Skip locally, fail in CI: CI must run every test."""
    if os.environ.get("CI") == "true":
        pytest.fail(message)
    pytest.skip(message)


@pytest.fixture(scope="session")
def playwright():
    if CHROMIUM is None:
        missing(f"no Chromium found, {FOUND_BY}: install one with `sudo apt-get install "
                "chromium` or point CHROMIUM=/path/to/chromium at one")
    with sync_playwright() as running:
        yield running


@pytest.fixture(scope="session")
def launch(playwright, tmp_path_factory):
    """Starts, once each, headless Chromiums that see only one font set (browsing.FONT_SETS)."""
    started = {}
    folder = tmp_path_factory.mktemp("fonts")

    def start(font_set: str):
        if font_set not in started:
            if browsing.font_folder(font_set) is None:
                missing(f"the {font_set} fonts are not installed: "
                        f"`sudo apt-get install {browsing.FONT_PACKAGES[font_set]}`")
            config = browsing.fontconfig_file(font_set, folder)
            started[font_set] = playwright.chromium.launch(
                executable_path=CHROMIUM, args=browsing.CHROMIUM_ARGS,
                env={**os.environ, "FONTCONFIG_FILE": str(config)})
        return started[font_set]

    yield start
    for chromium in started.values():
        chromium.close()


@pytest.fixture(scope="session")
def browser(launch):
    """One headless Chromium for the whole session, with the DejaVu fonts of a bare machine
    (Playwright's sync API allows one per thread)."""
    return launch("dejavu")


@pytest.fixture(scope="session")
def site_url(built_site):
    """The built site over HTTP on 127.0.0.1, on a free port."""
    handler = functools.partial(browsing.SiteHandler, directory=str(built_site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_port}/"
    server.shutdown()
    server.server_close()


@pytest.fixture
def tab(launch, site_url):
    """Opens Tabs on the site, in the DejaVu browser or under another font set; closes them
    after the test."""
    opened = []

    def open_tab(fonts: str = "dejavu", **options) -> browsing.Tab:
        opened.append(browsing.Tab(launch(fonts), site_url, **options))
        return opened[-1]

    yield open_tab
    for each in opened:
        each.context.close()
