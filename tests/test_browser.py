"""The built book in headless Chromium: every page typesets its math, loads its figures,
logs no error and asks no host but its own.

The site is served by a real HTTP server on 127.0.0.1; anything else the browser asks for
is recorded, refused and reported, so these tests never touch the network.
Chromium comes from the system: `sudo apt-get install chromium`, or CHROMIUM=/path.
"""

import re
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from browsing import FIRST_VISIBLE_LINK, WAIT_MS, assert_clean, page_problems, phone_problems
from conftest import ROOT, SNIPPETS

NOTEBOOK_MATH = re.compile(r"\$\$|\$[^\s$][^$]*\$|\\\(|\\\[|\\begin\{")
LESSON = re.compile(r"^# %%", re.MULTILINE)


def page_paths() -> list[str]:
    """The URL path of every page the build makes, found from the sources: each Markdown
    file under docs/ (docs/zh/ is the Chinese edition, zh/) and each lesson snippet
    (lessons/<name>/ and zh/lessons/<name>/, see scripts/hooks/lessons.py).
    test_every_built_page_is_checked keeps this list honest."""
    docs = ROOT / "docs"
    paths = []
    for source in sorted(docs.rglob("*.md")):
        if source.parent == docs / "zh" / "lessons":  # a lesson's Chinese text, no page of its own
            continue
        parts = source.relative_to(docs).with_suffix("").parts
        if parts[-1] in ("index", "README"):
            parts = parts[:-1]
        paths.append("".join(f"{part}/" for part in parts))
    for source in sorted(docs.rglob("*.ipynb")):
        paths.append(f"{source.relative_to(docs).with_suffix('').as_posix()}/")
    for snippet in sorted(SNIPPETS.glob("*.py")):
        if LESSON.search(snippet.read_text(encoding="utf-8")):
            paths += [f"lessons/{snippet.stem}/", f"zh/lessons/{snippet.stem}/"]  # in both editions
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


# --- tests ----------------------------------------------------------------------------


def test_every_built_page_is_checked(built_site):
    """The pages test_page visits are exactly the pages the build made."""
    built = built_pages(built_site)
    assert built - set(PAGES) == set(), "built pages that test_page does not know about"
    assert set(PAGES) - built == set(), "pages test_page expects that the build did not make"


# The width of each formula itself (a display formula's container is as wide as its line).
FORMULA_WIDTHS = """() => [...document.querySelectorAll(".arithmatex mjx-container > mjx-math")]
    .map((math) => math.getBoundingClientRect().width)"""


@pytest.mark.browser
@pytest.mark.parametrize("path", PAGES, ids=lambda path: path.strip("/") or "home")
def test_page(tab, built_site, path):
    """Math typeset, every image loaded, no console or page error, no other host; under two
    font sets, with every formula as wide under one as under the other."""
    cells = notebook_cells_with_math((built_site / path / "index.html").read_text(encoding="utf-8"))
    opened = tab()
    opened.open(path)
    problems = page_problems(opened, cells)
    widths = opened.page.evaluate(FORMULA_WIDTHS)
    problems += phone_problems(opened)
    if path.startswith("zh/"):  # the same formulas as its English page, measured there
        assert_clean(problems)
        return

    other = tab(fonts="liberation")
    other.open(path)
    problems += [f"with the Liberation fonts: {problem}" for problem in page_problems(other, cells)]
    other_widths = other.page.evaluate(FORMULA_WIDTHS)
    assert len(other_widths) == len(widths)
    problems += [
        f"formula {index} is {dejavu:.1f}px wide with DejaVu and {liberation:.1f}px with Liberation"
        for index, (dejavu, liberation) in enumerate(zip(widths, other_widths))
        if abs(dejavu - liberation) > 0.5
    ]
    assert_clean(problems)


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
    "input/mml.js", "a11y/sre.js", "a11y/semantic-enrich.js", "a11y/explorer.js",
    "sre/mathmaps/base.json", "sre/mathmaps/en.json", "sre/mathmaps/de.json",
}
MENU_SETTINGS = [("explorer", True), ("speech", True), ("braille", True), ("locale", "de")]
RENDERERS = """() => MathJax.startup.document.menu.menu.findID("Settings", "Renderer")
    .submenu.items.filter((item) => !item.disabled).map((item) => item.id)"""


@pytest.mark.browser
def test_mathjax_menu_finds_its_files(tab, built_site):
    """A reader's MathJax menu loads more of MathJax: the accessibility explorer and its
    speech rules. scripts/hooks/mathjax.py must have published them, and the menu offers
    no renderer that the site does not ship."""
    opened = tab()
    opened.open(first_math_page(built_site))
    page = opened.page
    assert page.evaluate(RENDERERS) == ["CHTML"]
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
    assert_clean(page_problems(opened, []))
