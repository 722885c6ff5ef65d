"""Count the formula pairs that sit side by side, at the screen widths readers have.

    python scripts/measure_pairs.py [--site site] [--widths 1280 1366 1440 1920] [--fonts dejavu]

Builds the book (or takes an already built --site), serves it on 127.0.0.1 and opens every
page with a formula pair in headless Chromium at each width, with every formula typeset.
A pair sits side by side when its vector side starts on the same line as its expanded side.
Prints, for each width, how many pairs do and which do not; --fonts shows Chromium only the
DejaVu or the Liberation fonts, as the browser tests do (default: the system's).
"""

from __future__ import annotations

import argparse
import functools
import http.server
import os
import subprocess
import sys
import tempfile
import threading
from pathlib import Path

from chromium import CHROMIUM_ARGS, find_chromium

ROOT = Path(__file__).resolve().parents[1]
MKDOCS = Path(sys.executable).with_name("mkdocs")
WIDTHS = (1280, 1366, 1440, 1920)

# Every formula typeset, as a reader who scrolls the page sees it (see tests/browsing.py).
TYPESET_ALL = """async () => {
    MathJax.startup.promise = MathJax.startup.promise
        .then(() => MathJax.startup.document.lazyTypesetAll());
    await MathJax.startup.promise;
}"""

# [title, side by side?] for every pair of the book on the page (the playground's are its own).
SIDE_BY_SIDE = """() => [...document.querySelectorAll("figure.pair:not(.net47-pair)")].map((pair) => {
    const [expanded, vector] = pair.querySelectorAll(":scope > .pair__sides > .pair__side");
    const title = pair.querySelector(".pair__title");
    return [title ? title.textContent.trim() : "(untitled)",
            Math.abs(expanded.getBoundingClientRect().top - vector.getBoundingClientRect().top) < 2];
})"""


def pair_pages(site: Path) -> list[str]:
    """Every page of the site that holds a formula pair."""
    found = []
    for index in sorted(site.rglob("index.html")):
        if 'class="pair"' in index.read_text(encoding="utf-8"):
            found.append("" if index.parent == site else f"{index.parent.relative_to(site).as_posix()}/")
    return found


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format, *args):
        pass


def fontconfig(font_set: str, folder: Path) -> dict[str, str]:
    """The environment that shows Chromium one font set of tests/browsing.py and no other."""
    sys.path.insert(0, str(ROOT / "tests"))
    import browsing

    if browsing.font_folder(font_set) is None:
        sys.exit(f"the {font_set} fonts are not installed: apt-get install {browsing.FONT_PACKAGES[font_set]}")
    return {"FONTCONFIG_FILE": str(browsing.fontconfig_file(font_set, folder))}


def measure(page, origin: str, paths: list[str], width: int) -> list[tuple[str, str, bool]]:
    """(page, pair title, side by side?) for every pair, at one width."""
    page.set_viewport_size({"width": width, "height": 900})
    rows = []
    for path in paths:
        page.goto(origin + path, wait_until="load")
        page.evaluate(TYPESET_ALL)
        rows += [(path, title, side) for title, side in page.evaluate(SIDE_BY_SIDE)]
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--site", type=Path, help="an already built site (default: build one)")
    parser.add_argument("--widths", type=int, nargs="+", default=list(WIDTHS))
    parser.add_argument("--fonts", choices=["dejavu", "liberation"], help="one font set (default: the system's)")
    parser.add_argument("--quiet", action="store_true", help="counts only, not the pairs that stack")
    args = parser.parse_args()
    chromium, how = find_chromium()
    if chromium is None:
        sys.exit(f"no Chromium found, {how}")
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory() as scratch:
        site = args.site
        if site is None:
            site = Path(scratch) / "site"
            print("building the book ...", file=sys.stderr)
            subprocess.run([str(MKDOCS), "build", "--strict", "--quiet", "--site-dir", str(site)],
                           cwd=ROOT, check=True, env={**os.environ, "NO_MKDOCS_2_WARNING": "1"})
        env = {**os.environ, **(fontconfig(args.fonts, Path(scratch)) if args.fonts else {})}
        handler = functools.partial(QuietHandler, directory=str(site))
        server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        origin = f"http://127.0.0.1:{server.server_port}/"
        paths = pair_pages(site)
        try:
            with sync_playwright() as playwright:
                browser = playwright.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS, env=env)
                page = browser.new_page()
                for width in args.widths:
                    rows = measure(page, origin, paths, width)
                    beside = sum(side for _, _, side in rows)
                    print(f"{width:>5} px: {beside} of {len(rows)} pairs side by side "
                          f"({100 * beside / max(1, len(rows)):.0f}%)")
                    if not args.quiet:
                        for path, title, side in rows:
                            if not side:
                                print(f"         stacked: {path} {title}")
                browser.close()
        finally:
            server.shutdown()


if __name__ == "__main__":
    main()
