"""Time how fast the built book's pages are ready to read, and weigh the site, in one run.

    python scripts/benchmark_pages.py [--site site] [--repeat 3]

Builds the book (or takes an already built --site), serves it on 127.0.0.1 and opens every
page in headless Chromium, a fresh context each time. A page is ready when MathJax has
typeset every formula on screen and the fonts have loaded. Each page's time is a median of
--repeat loads, and is reported as a ratio to the fastest page without math, measured in
the same run: the heaviest page (the most formulas), the median page with math, and the
page count. Then the site's size, by part.
"""

from __future__ import annotations

import argparse
import functools
import http.server
import os
import statistics
import subprocess
import sys
import tempfile
import threading
from pathlib import Path

from playwright.sync_api import sync_playwright

from chromium import CHROMIUM_ARGS, find_chromium

ROOT = Path(__file__).resolve().parents[1]
MKDOCS = Path(sys.executable).with_name("mkdocs")
VIEWPORT = {"width": 1280, "height": 900}

READY = """async () => {
    if (window.MathJax && MathJax.startup && MathJax.startup.promise) await MathJax.startup.promise;
    const onScreen = (e) => { const r = e.getBoundingClientRect(); return r.bottom > 0 && r.top < innerHeight; };
    const waiting = () => [...document.querySelectorAll(".arithmatex")].filter(onScreen)
        .some((e) => !e.querySelector("mjx-math"));
    while (waiting()) await new Promise(requestAnimationFrame);
    await document.fonts.ready;
    return performance.now();
}"""

# Parts of the site to weigh, by the folder they are in; the rest is the pages themselves.
PARTS = {
    "assets/mathjax": "MathJax",
    "assets/notebooks": "notebook styles",
    "assets": "theme (Material)",
    "figures": "figures",
    "lessons": "lessons",
    "downloads": "downloads",
    "search": "search index",
}


def build(site: Path) -> None:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    subprocess.run([str(MKDOCS), "build", "--strict", "--quiet", "--site-dir", str(site)],
                   cwd=ROOT, check=True, env=env)


def pages(site: Path) -> dict[str, int]:
    """Every page of the site, with its number of formulas."""
    found = {}
    for index in sorted(site.rglob("index.html")):
        path = "" if index.parent == site else f"{index.parent.relative_to(site).as_posix()}/"
        html = index.read_text(encoding="utf-8")
        found[path] = html.count('class="arithmatex"') + html.count("jp-RenderedMarkdown")
    return found


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format, *args):
        pass


class QuietServer(http.server.ThreadingHTTPServer):
    def handle_error(self, request, client_address):
        pass  # a page closed while a file was on its way: nothing to report


def serve(site: Path) -> str:
    handler = functools.partial(QuietHandler, directory=str(site))
    server = QuietServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return f"http://127.0.0.1:{server.server_port}/"


def ready_ms(browser, url: str, repeat: int) -> float:
    """The median time from navigation until the page is ready, over `repeat` fresh loads."""
    times = []
    for _ in range(repeat):
        context = browser.new_context(viewport=VIEWPORT)
        page = context.new_page()
        page.goto(url, wait_until="load")
        times.append(page.evaluate(READY))
        context.close()
    return statistics.median(times)


def size(path: Path) -> int:
    return sum(file.stat().st_size for file in path.rglob("*") if file.is_file())


def weigh(site: Path) -> list[tuple[str, int]]:
    """The site's size by part, largest first, and its total last."""
    parts, counted = [], 0
    for folder, name in PARTS.items():
        part = size(site / folder) - sum(size(site / f) for f in PARTS if f.startswith(folder + "/"))
        parts.append((name, part))
        counted += part
    total = size(site)
    return sorted(parts + [("pages", total - counted)], key=lambda part: -part[1]) + [("total", total)]


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--site", type=Path, help="an already built site (default: build one)")
    parser.add_argument("--repeat", type=int, default=3, help="loads per page (default 3)")
    args = parser.parse_args(argv)
    executable, found_by = find_chromium()
    if executable is None:
        parser.error(f"no Chromium found, {found_by}; set CHROMIUM=/path/to/chromium")
    with tempfile.TemporaryDirectory() as folder:
        site = args.site or Path(folder) / "site"
        if args.site is None:
            build(site)
        formulas = pages(site)
        origin = serve(site)
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
            ready_ms(browser, origin, 2)  # a warm-up: the first start of Chromium is slower
            times = {path: ready_ms(browser, origin + path, args.repeat) for path in formulas}
            browser.close()
        parts = weigh(site)
    plain = [path for path, count in formulas.items() if count == 0]
    baseline = min(times[path] for path in plain)
    with_math = sorted((path for path, count in formulas.items() if count), key=times.get)
    heaviest = max(with_math, key=formulas.get)
    median = statistics.median(times[path] for path in with_math)
    print(f"Chromium: {executable} ({found_by}); {len(formulas)} pages, median of {args.repeat} loads each")
    print(f"page without math (baseline)    {baseline:7.0f} ms  ({min(plain, key=times.get) or 'home'})")
    print(f"heaviest page, {formulas[heaviest]:3d} formulas     {times[heaviest]:7.0f} ms  "
          f"({heaviest})  ratio {times[heaviest] / baseline:.2f}")
    print(f"median page with math           {median:7.0f} ms  ratio {median / baseline:.2f}")
    print(f"slowest page                    {times[with_math[-1]]:7.0f} ms  ({with_math[-1]})  "
          f"ratio {times[with_math[-1]] / baseline:.2f}")
    for name, bytes_ in parts:
        print(f"site size: {name:<22}{bytes_ / 1e6:7.2f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
