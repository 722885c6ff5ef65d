"""What the browser tests share: finding Chromium, pinning its fonts, serving the built site
on 127.0.0.1, a tab that records everything the book forbids, and the checks every page
must pass. The fixtures that use these are in conftest.py.
"""

from __future__ import annotations

import http.server
import re
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "scripts"))
from chromium import CHROMIUM_ARGS, chromium_version, find_chromium  # noqa: E402, F401

DESKTOP = {"width": 1280, "height": 900}  # wide enough for Material's navigation sidebar
PHONE = {"width": 375, "height": 800}
WAIT_MS = 15_000

# --- which fonts --------------------------------------------------------------------------

# The browser tests render every page under each of these font sets, each the only fonts
# Chromium sees: a layout that fits under one and overflows under another is a bug.
# Each set is named by one file of it; the set is every font in that file's folder.
FONT_SETS = {
    "dejavu": "DejaVuSans.ttf",  # Debian's fonts-dejavu-core, the fonts of a bare machine
    "liberation": "LiberationSans-Regular.ttf",  # fonts-liberation2: Arial's metrics
}
FONT_ROOTS = ("/usr/share/fonts", "/usr/local/share/fonts", "~/.local/share/fonts")
FONT_PACKAGES = {"dejavu": "fonts-dejavu-core", "liberation": "fonts-liberation2"}


def font_folder(font_set: str) -> Path | None:
    """The folder that holds the font set's files, or None when it is not installed."""
    for root in FONT_ROOTS:
        found = sorted(Path(root).expanduser().rglob(FONT_SETS[font_set]))
        if found:
            return found[0].parent
    return None


def fontconfig_file(font_set: str, folder: Path) -> Path:
    """A fontconfig file that shows Chromium the fonts of one set and nothing else."""
    fonts = font_folder(font_set)
    config = folder / f"fonts-{font_set}.conf"
    config.write_text(
        '<?xml version="1.0"?>\n<!DOCTYPE fontconfig SYSTEM "fonts.dtd">\n<fontconfig>\n'
        f"  <dir>{fonts}</dir>\n  <cachedir>{folder / f'fontcache-{font_set}'}</cachedir>\n"
        "</fontconfig>\n",
        encoding="utf-8",
    )
    return config


# --- the server ---------------------------------------------------------------------------


class SiteHandler(http.server.SimpleHTTPRequestHandler):
    """Serves the built site, quietly.

    sitemap.xml lists the pages at their published address (site_url), and Material's
    instant navigation follows only links listed there; so it is served rebased onto this
    server, as `mkdocs serve` does by overriding site_url.
    """

    def do_GET(self):
        if self.path != "/sitemap.xml":
            return super().do_GET()
        xml = Path(self.directory, "sitemap.xml").read_text(encoding="utf-8")
        locs = re.findall(r"<loc>(.*?)</loc>", xml)
        if locs:
            home = min(locs, key=len)
            xml = xml.replace(f"<loc>{home}", f"<loc>http://{self.headers['Host']}/")
        body = xml.encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/xml")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format, *args):
        pass


# --- a tab --------------------------------------------------------------------------------


class Tab:
    """A fresh browser context and page that record everything the book forbids."""

    def __init__(self, browser, origin: str, **options):
        self.origin = origin
        self.problems: list[str] = []
        self.requests = []
        self.loaded: set[str] = set()  # URLs whose response arrived in full
        self.context = browser.new_context(**{"viewport": DESKTOP, **options})
        # Refuse every other host before the request leaves the browser.
        self.context.route(re.compile("^(?!" + re.escape(origin) + ")"), self.refuse)
        self.page = self.context.new_page()
        self.page.set_default_timeout(WAIT_MS)
        self.page.on("request", self.on_request)
        self.page.on("requestfinished", lambda request: self.loaded.add(request.url))
        self.page.on("requestfailed", self.on_failed)
        self.page.on("response", self.on_response)
        self.page.on("websocket", lambda socket: self.problems.append(f"websocket: {socket.url}"))
        self.page.on("console", self.on_console)
        self.page.on("pageerror", self.on_page_error)

    def refuse(self, route):
        route.abort("blockedbyclient")

    def on_request(self, request):
        self.requests.append(request)
        if not request.url.startswith((self.origin, "data:", "blob:", "about:")):
            self.problems.append(f"request to another host: {request.url}")

    def on_failed(self, request):
        # ERR_ABORTED means the page moved on while a request was in flight (a favicon,
        # say); a file that is missing shows up as an HTTP 404 in on_response instead.
        if request.url.startswith(self.origin) and request.failure != "net::ERR_ABORTED":
            self.problems.append(f"failed to load {request.url}: {request.failure}")

    def on_response(self, response):
        if response.status >= 400:
            self.problems.append(f"HTTP {response.status}: {response.url}")

    def on_page_error(self, error):
        where = [line.strip() for line in (error.stack or "").splitlines()[1:4]]
        self.problems.append(f"page error: {error} ({'; '.join(where)})")

    def on_console(self, message):
        if message.type == "error":
            self.problems.append(f"console error: {message.text}")

    def open(self, path: str):
        response = self.page.goto(self.origin + path, wait_until="load")
        assert response is not None and response.ok, f"{path}: HTTP {response and response.status}"
        self.typeset()

    def typeset(self):
        """Wait for the typesetting that docs/javascripts/mathjax.js queued, then typeset
        what MathJax leaves for later (a formula is typeset when it scrolls into view), so
        that the checks see every formula as a reader scrolling the page would."""
        failure = self.page.evaluate(TYPESET_ALL)
        if failure:
            self.problems.append(failure)


TYPESET_ALL = """async () => {
    if (!(window.MathJax && MathJax.startup && MathJax.startup.promise)) {
        return "MathJax did not load";
    }
    // after the typesetting under way, as mathjax.js and the instruments chain theirs
    MathJax.startup.promise = MathJax.startup.promise
        .then(() => MathJax.startup.document.lazyTypesetAll());
    await MathJax.startup.promise;
}"""


# --- what every page must get right -------------------------------------------------------

# TeX that should have become math; code blocks may show it on purpose.
RAW_TEX = ["$$", "\\(", "\\[", "\\begin{"]

MATH_PROBLEMS = r"""
({cells: mathCells, raw}) => {
    const problems = [];
    const show = (element) => element.textContent.trim().replace(/\s+/g, " ").slice(0, 80);
    for (const element of document.querySelectorAll(".arithmatex")) {
        if (!element.querySelector("mjx-container mjx-math")) problems.push(`not typeset: ${show(element)}`);
    }
    const cells = document.querySelectorAll(".jp-RenderedMarkdown");
    for (const index of mathCells) {
        const cell = cells[index];
        if (!(cell && cell.querySelector("mjx-container mjx-math"))) {
            problems.push(`notebook cell ${index} not typeset: ${cell ? show(cell) : "missing"}`);
        }
    }
    // A formula pair's side must hold its formula (break a long one into aligned lines);
    // the playground's pairs, filled with numbers, scroll instead.
    for (const side of document.querySelectorAll("figure.pair:not(.net47-pair) .pair__side")) {
        const formula = side.querySelector("mjx-container");
        const box = side.querySelector(".pair__math") || side;
        if (formula && formula.scrollWidth > box.clientWidth + 1) {
            const title = side.closest("figure.pair").querySelector(".pair__title");
            problems.push(`formula wider than its pair (${formula.scrollWidth}px in ${box.clientWidth}px): ` +
                `${title ? show(title) : ""}, ${show(side.querySelector(".pair__label"))} side`);
        }
    }
    for (const error of document.querySelectorAll("mjx-merror")) {
        problems.push(`TeX error: ${error.getAttribute("data-mjx-error") || show(error)}`);
    }
    // noundefined turns an unknown macro into red text that starts with a backslash
    for (const text of document.querySelectorAll("mjx-container mtext")) {
        if (text.textContent.startsWith("\\")) problems.push(`undefined: ${text.textContent}`);
    }
    // raw TeX left in the text a reader sees; code may show TeX on purpose
    const skip = "pre, code, kbd, samp, script, style, textarea, template, mjx-container";
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        if (node.parentElement.closest(skip)) continue;
        for (const mark of raw.filter((mark) => node.data.includes(mark))) {
            problems.push(`raw ${mark} in text: ${node.data.trim().slice(0, 80)}`);
        }
    }
    return problems;
}
"""

TOO_WIDE_ON_A_PHONE = r"""
() => [...document.querySelectorAll("article .arithmatex")]
    .filter((math) => math.getBoundingClientRect().right > document.documentElement.clientWidth)
    .filter((math) => getComputedStyle(math).overflowX === "visible")
    .map((math) => `inline math too wide: ${math.textContent.trim().replace(/\s+/g, " ").slice(0, 60)}`)
"""

BROKEN_IMAGES = r"""
async () => {
    const images = [...document.images];
    for (const image of images) image.loading = "eager";
    await Promise.all(images.map((image) => image.complete || new Promise((done) => {
        image.addEventListener("load", done);
        image.addEventListener("error", done);
        setTimeout(done, 10000);
    })));
    return images
        .filter((image) => !(image.complete && image.naturalWidth > 0))
        .map((image) => image.getAttribute("src"));
}
"""

FIRST_VISIBLE_LINK = r"""
(targets) => {
    const links = [...document.querySelectorAll(".md-nav--primary a.md-nav__link[href]")];
    const path = (a) => new URL(a.href).pathname.replace(/^\//, "");
    const link = links.find((a) => a.checkVisibility() && targets.includes(path(a)));
    return link ? [link.getAttribute("href"), path(link)] : null;
}
"""


def page_problems(tab: Tab, math_cells: list[int]) -> list[str]:
    problems = list(tab.problems)
    problems += tab.page.evaluate(MATH_PROBLEMS, {"cells": math_cells, "raw": RAW_TEX})
    problems += [f"image not loaded: {src}" for src in tab.page.evaluate(BROKEN_IMAGES)]
    return problems


def phone_problems(tab: Tab) -> list[str]:
    """On a phone nothing may widen the page: a long formula scrolls inside its own box, and
    inline math, which cannot wrap, must be short enough for a line (else make it display math)."""
    tab.page.set_viewport_size(PHONE)
    width = tab.page.evaluate("document.documentElement.scrollWidth")
    if width <= PHONE["width"]:
        return []
    return [f"the page is {width}px wide on a {PHONE['width']}px phone: " +
            "; ".join(tab.page.evaluate(TOO_WIDE_ON_A_PHONE))]


def assert_clean(problems: list[str]) -> None:
    assert not problems, f"{len(problems)} problem(s):\n" + "\n".join(problems)
