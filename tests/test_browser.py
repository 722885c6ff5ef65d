"""The built book in headless Chromium: every page typesets its math, loads its figures,
logs no error and asks no host but its own.

The site is served by a real HTTP server on 127.0.0.1; anything else the browser asks for
is recorded, refused and reported, so these tests never touch the network.
Chromium comes from the system: `sudo apt-get install chromium`, or CHROMIUM=/path.
"""

import functools
import http.server
import re
import threading
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from conftest import ROOT, SNIPPETS

DESKTOP = {"width": 1280, "height": 900}  # wide enough for Material's navigation sidebar
PHONE = {"width": 375, "height": 800}
WAIT_MS = 15_000

# TeX that should have become math; code blocks may show it on purpose.
RAW_TEX = ["$$", "\\(", "\\[", "\\begin{"]
NOTEBOOK_MATH = re.compile(r"\$\$|\$[^\s$][^$]*\$|\\\(|\\\[|\\begin\{")
LESSON = re.compile(r"^# %%", re.MULTILINE)


def page_paths() -> list[str]:
    """The URL path of every page the build makes, found from the sources: each Markdown
    file under docs/ and each lesson snippet (lessons/<name>/, see scripts/hooks/lessons.py).
    test_every_built_page_is_checked keeps this list honest."""
    docs = ROOT / "docs"
    paths = []
    for source in sorted(docs.rglob("*.md")):
        parts = source.relative_to(docs).with_suffix("").parts
        if parts[-1] in ("index", "README"):
            parts = parts[:-1]
        paths.append("".join(f"{part}/" for part in parts))
    for source in sorted(docs.rglob("*.ipynb")):
        paths.append(f"{source.relative_to(docs).with_suffix('').as_posix()}/")
    for snippet in sorted(SNIPPETS.glob("*.py")):
        if LESSON.search(snippet.read_text(encoding="utf-8")):
            paths.append(f"lessons/{snippet.stem}/")
    return sorted(set(paths))


PAGES = page_paths()


def built_pages(site: Path) -> set[str]:
    """Every page in a built site: each index.html (404.html and search/ are not pages)."""
    return {
        "" if index.parent == site else f"{index.parent.relative_to(site).as_posix()}/"
        for index in site.rglob("index.html")
    }


def notebook_cells_with_math(html: str) -> list[int]:
    """Indices of the notebook Markdown cells whose text, outside code, holds TeX."""
    if "jp-RenderedMarkdown" not in html:
        return []
    cells = BeautifulSoup(html, "html.parser").select(".jp-RenderedMarkdown")
    found = []
    for index, cell in enumerate(cells):
        for code in cell.select("pre, code"):
            code.decompose()
        if NOTEBOOK_MATH.search(cell.get_text()):
            found.append(index)
    return found


def math_pages(site: Path) -> dict[str, list[str]]:
    """Built pages with math, as {"markdown": [...], "notebook": [...]}, home page last."""
    found = {"markdown": [], "notebook": []}
    for path in sorted(built_pages(site), key=lambda path: (path == "", path)):
        html = (site / path / "index.html").read_text(encoding="utf-8")
        if 'class="arithmatex"' in html:
            found["markdown"].append(path)
        if notebook_cells_with_math(html):
            found["notebook"].append(path)
    return found


def first_math_page(site: Path) -> str:
    pages = math_pages(site)["markdown"]
    assert pages, "no page of the book has math"
    return pages[0]


# --- the server and the browser -------------------------------------------------------


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


@pytest.fixture(scope="session")
def site_url(built_site):
    """The built site over HTTP on 127.0.0.1, on a free port."""
    handler = functools.partial(SiteHandler, directory=str(built_site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_port}/"
    server.shutdown()
    server.server_close()


class Tab:
    """A fresh browser context and page that record everything the book forbids."""

    def __init__(self, browser, origin: str, **options):
        self.origin = origin
        self.problems: list[str] = []
        self.requests = []
        self.loaded: set[str] = set()  # URLs whose response arrived in full
        self.context = browser.new_context(viewport=DESKTOP, **options)
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
        self.page.on("pageerror", lambda error: self.problems.append(f"page error: {error}"))

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

    def on_console(self, message):
        if message.type == "error":
            self.problems.append(f"console error: {message.text}")

    def open(self, path: str):
        response = self.page.goto(self.origin + path, wait_until="load")
        assert response is not None and response.ok, f"{path}: HTTP {response and response.status}"
        self.typeset()

    def typeset(self):
        """Wait for the typesetting that docs/javascripts/mathjax.js queued."""
        failure = self.page.evaluate(
            """async () => {
                if (!(window.MathJax && MathJax.startup && MathJax.startup.promise)) {
                    return "MathJax did not load";
                }
                await MathJax.startup.promise;
            }"""
        )
        if failure:
            self.problems.append(failure)


@pytest.fixture
def tab(browser, site_url):
    """Opens Tabs on the site; closes them after the test."""
    opened = []

    def open_tab(**options) -> Tab:
        opened.append(Tab(browser, site_url, **options))
        return opened[-1]

    yield open_tab
    for each in opened:
        each.context.close()


# --- what every page must get right ---------------------------------------------------

MATH_PROBLEMS = r"""
({cells: mathCells, raw}) => {
    const problems = [];
    const show = (element) => element.textContent.trim().replace(/\s+/g, " ").slice(0, 80);
    for (const element of document.querySelectorAll(".arithmatex")) {
        if (!element.querySelector("mjx-container")) problems.push(`not typeset: ${show(element)}`);
    }
    const cells = document.querySelectorAll(".jp-RenderedMarkdown");
    for (const index of mathCells) {
        const cell = cells[index];
        if (!(cell && cell.querySelector("mjx-container"))) {
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


def page_problems(tab: Tab, math_cells: list[int]) -> list[str]:
    problems = list(tab.problems)
    problems += tab.page.evaluate(MATH_PROBLEMS, {"cells": math_cells, "raw": RAW_TEX})
    problems += [f"image not loaded: {src}" for src in tab.page.evaluate(BROKEN_IMAGES)]
    return problems


def assert_clean(problems: list[str]) -> None:
    assert not problems, f"{len(problems)} problem(s):\n" + "\n".join(problems)


# --- tests ----------------------------------------------------------------------------


def test_every_built_page_is_checked(built_site):
    """The pages test_page visits are exactly the pages the build made."""
    built = built_pages(built_site)
    assert built - set(PAGES) == set(), "built pages that test_page does not know about"
    assert set(PAGES) - built == set(), "pages test_page expects that the build did not make"


@pytest.mark.browser
@pytest.mark.parametrize("path", PAGES, ids=lambda path: path.strip("/") or "home")
def test_page(tab, built_site, path):
    """Math typeset, every image loaded, no console or page error, no other host."""
    html = (built_site / path / "index.html").read_text(encoding="utf-8")
    opened = tab()
    opened.open(path)
    problems = page_problems(opened, notebook_cells_with_math(html))
    # On a phone nothing may widen the page: a long formula scrolls inside its own box, and
    # inline math, which cannot wrap, must be short enough for a line (else make it display math).
    opened.page.set_viewport_size(PHONE)
    width = opened.page.evaluate("document.documentElement.scrollWidth")
    if width > PHONE["width"]:
        problems.append(f"the page is {width}px wide on a {PHONE['width']}px phone: " +
                        "; ".join(opened.page.evaluate(TOO_WIDE_ON_A_PHONE)))
    assert_clean(problems)


FIRST_VISIBLE_LINK = r"""
(targets) => {
    const links = [...document.querySelectorAll(".md-nav--primary a.md-nav__link[href]")];
    const path = (a) => new URL(a.href).pathname.replace(/^\//, "");
    const link = links.find((a) => a.checkVisibility() && targets.includes(path(a)));
    return link ? [link.getAttribute("href"), path(link)] : null;
}
"""

ALL_TYPESET = r"""
(cells) => {
    const typeset = (element) => element && element.querySelector("mjx-container");
    const notebook = document.querySelectorAll(".jp-RenderedMarkdown");
    return [...document.querySelectorAll(".arithmatex")].every(typeset)
        && cells.every((index) => typeset(notebook[index]));
}
"""


@pytest.mark.browser
@pytest.mark.parametrize("kind", ["markdown", "notebook"])
def test_instant_navigation_keeps_math(tab, built_site, kind):
    """Material swaps the page in place; the new page's math must be typeset all the same."""
    targets = [path for path in math_pages(built_site)[kind] if path]
    if not targets:
        pytest.skip(f"no {kind} page with math besides the home page")
    sitemap = (built_site / "sitemap.xml").read_text(encoding="utf-8")
    assert "<loc>" in sitemap, "sitemap.xml is empty, so instant navigation is off: set site_url"
    opened = tab()
    opened.open("")
    page = opened.page
    page.evaluate("() => { window.sameDocument = true; }")  # a full load would lose it

    found = page.evaluate(FIRST_VISIBLE_LINK, targets)
    assert found, f"no visible link on the home page to any of {targets}"
    href, target = found
    html = (built_site / target / "index.html").read_text(encoding="utf-8")
    cells = notebook_cells_with_math(html)
    title = BeautifulSoup(html, "html.parser").title.get_text()

    page.locator(f'.md-nav--primary a.md-nav__link[href="{href}"]').first.click()
    page.wait_for_function("(title) => document.title === title", arg=title)
    try:
        page.wait_for_function(ALL_TYPESET, arg=cells)
    except PlaywrightTimeout:
        pass  # page_problems says what is left
    opened.typeset()

    assert page.evaluate("() => location.pathname") == f"/{target}"
    assert page.evaluate("() => window.sameDocument === true"), "the click reloaded the page"
    fetched = {r.resource_type for r in opened.requests if r.url == opened.origin + target}
    assert fetched and fetched <= {"fetch", "xhr"}, f"not an instant navigation: {fetched}"
    assert_clean(page_problems(opened, cells))


CONTRAST = r"""
() => {
    const rgba = (color) => {
        const [r, g, b, a = 1] = color.match(/[\d.]+/g).map(Number);
        return [r, g, b, a];
    };
    const luminance = (rgb) => {
        const [R, G, B] = rgb.map((c) => {
            c /= 255;
            return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
        });
        return 0.2126 * R + 0.7152 * G + 0.0722 * B;
    };
    const math = document.querySelector(".arithmatex mjx-container");
    let behind = math;
    while (behind.parentElement && rgba(getComputedStyle(behind).backgroundColor)[3] === 0) {
        behind = behind.parentElement;
    }
    const back = rgba(getComputedStyle(behind).backgroundColor).slice(0, 3);
    const ink = rgba(getComputedStyle(math).color);
    const front = back.map((c, i) => ink[3] * ink[i] + (1 - ink[3]) * c);  // text is see-through
    const [l1, l2] = [luminance(front), luminance(back)];
    return (Math.max(l1, l2) + 0.05) / (Math.min(l1, l2) + 0.05);
}
"""


@pytest.mark.browser
@pytest.mark.parametrize("scheme, palette", [("light", "default"), ("dark", "slate")])
def test_palette_math_is_readable(tab, built_site, scheme, palette):
    """The reader's colour scheme picks Material's palette; math keeps a readable contrast."""
    opened = tab(color_scheme=scheme)
    opened.open(first_math_page(built_site))
    page = opened.page
    assert page.evaluate("() => document.body.getAttribute('data-md-color-scheme')") == palette
    assert_clean(page_problems(opened, []))
    contrast = page.evaluate(CONTRAST)
    assert contrast >= 4.5, f"math on the {palette} palette has contrast {contrast:.2f}"


# What the menu settings below make MathJax fetch, under assets/mathjax/.
MENU_LOADS = {
    "output/svg.js", "input/mml.js", "a11y/sre.js", "a11y/semantic-enrich.js",
    "a11y/explorer.js", "sre/mathmaps/base.json", "sre/mathmaps/en.json",
    "sre/mathmaps/de.json",
}
MENU_SETTINGS = [("renderer", "SVG"), ("explorer", True), ("speech", True),
                 ("braille", True), ("locale", "de")]


@pytest.mark.browser
def test_mathjax_menu_finds_its_files(tab, built_site):
    """A reader's MathJax menu loads more of MathJax: the SVG renderer, the accessibility
    explorer and its speech rules. scripts/hooks/mathjax.py must have published them."""
    opened = tab()
    opened.open(first_math_page(built_site))
    page = opened.page
    for name, value in MENU_SETTINGS:  # as a reader ticks them in the menu
        page.evaluate(
            """async ([name, value]) => {
                const menu = MathJax.startup.document.menu;
                menu.menu.pool.lookup(name).setValue(value);
                await menu.loadingPromise;
            }""",
            [name, value],
        )
    wanted = {f"{opened.origin}assets/mathjax/{name}" for name in MENU_LOADS}
    for _ in range(WAIT_MS // 100):
        if wanted <= opened.loaded:
            break
        page.wait_for_timeout(100)
    assert wanted <= opened.loaded, f"the menu did not load {sorted(wanted - opened.loaded)}"
    page.wait_for_function(
        "() => [...document.querySelectorAll('.arithmatex')]"
        ".every((e) => e.querySelector('mjx-container[jax=SVG]'))"
    )
    assert_clean(page_problems(opened, []))
