r"""Formula pairs side by side, and their linked terms.

The layout test counts, in Chromium under both font sets, the pairs whose two sides share a
line on a 1366 px laptop (scripts/measure_pairs.py prints the same count for any width). The
linked-term tests run the extension on Markdown, a real build that must fail on a term with no
partner, and a browser that points at, and tabs to, every marked term of the book.
"""

from __future__ import annotations

import json
import re
import sys

import markdown
import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeout
from bs4 import BeautifulSoup
from conftest import ROOT, mkdocs_build
from mkdocs.exceptions import PluginError

from browsing import PHONE, assert_clean, page_problems

sys.path.insert(0, str(ROOT / "scripts" / "hooks"))
sys.path.insert(0, str(ROOT / "scripts"))
import linked_terms  # noqa: E402
import pair_block  # noqa: E402
from measure_pairs import SIDE_BY_SIDE, pair_pages  # noqa: E402

LAPTOP = {"width": 1366, "height": 768}
GOAL = 0.95  # of the book's pairs sit side by side on a laptop

# The chapters whose every pair links its terms.
LINKED_CHAPTERS = ("optimizing", "backprop", "convolution", "bridge")


# --- the markup, one page at a time -----------------------------------------------------------


def convert(text: str, path: str = "docs/page.md") -> str:
    pairs = pair_block.PairExtension(labels={"expanded": "Expanded", "vector": "Vector form", "sigma": "Σ notation", "checked_by": "by"})
    terms = linked_terms.LinkedTermsExtension()
    terms.page = (path, text)
    extensions = ["pymdownx.arithmatex", pairs, terms]
    return markdown.Markdown(extensions=extensions, extension_configs={"pymdownx.arithmatex": {"generic": True}}
                             ).convert(text)


def pair(expanded: str, vector: str, title: str = "A pair") -> str:
    return (f"/// pair | {title}\n    check: toy.weighted_sum\n//// expanded\n{expanded}\n////\n"
            f"//// vector\n{vector}\n////\n///\n")


GOOD = pair(r"$$z = \class{term-wx}{w_1 x_1 + \cdots + w_{12} x_{12}} + \class{term-b}{b}$$",
            r"$$z = \class{term-wx}{\mathbf{w} \cdot \mathbf{x}} + \class{term-b}{b}$$")


def test_each_term_is_named_by_itself_and_its_partner():
    html = BeautifulSoup(convert(GOOD), "html.parser")
    expanded, vector = html.select(".arithmatex")
    assert json.loads(expanded["data-terms"]) == [
        ["wx", "w_1 x_1 + … + w_{12} x_{12}: 𝐰 · 𝐱"], ["b", "b: b"]]
    assert json.loads(vector["data-terms"]) == [
        ["wx", "𝐰 · 𝐱: w_1 x_1 + … + w_{12} x_{12}"], ["b", "b: b"]]


@pytest.mark.parametrize("tex, spoken", [
    (r"w^3_{1j}\, \delta^3_1", "w³_{1j} δ³_1"),
    (r"(W^3)^\mathsf{T} \boldsymbol{\delta}^3", "(W³)ᵀ 𝛅³"),
    (r"\sigma'(z^2_j)", "σ′(z²_j)"),
    (r"\frac{\partial C}{\partial a^3_k}", "∂C/∂a³_k"),
    (r"\left(\mathbf{a}^3 - \mathbf{t}\right)", "(𝐚³ − 𝐭)"),
])
def test_a_term_is_spoken_with_its_symbols(tex, spoken):
    assert linked_terms.speak(tex) == spoken


def line_of(marker: str, text: str) -> int:
    return text[: text.index(marker)].count("\n") + 1


@pytest.mark.parametrize("case", ["no partner", "misspelt partner", "outside a pair", "bad name"])
def test_a_term_without_partner_fails_with_its_line(case):
    text = "# A page\n\nSome prose.\n\n" + GOOD + "\n"
    if case == "no partner":
        text += pair(r"$$C = \class{term-sq}{(t_1 - a_1)^2}$$", r"$$C = \lVert \mathbf{t} - \mathbf{a} \rVert^2$$")
        marker, message = r"\class{term-sq}", "'term-sq' on the expanded side of pair 'A pair' has no partner"
    elif case == "misspelt partner":
        text += pair(r"$$C = \class{term-sq}{(t_1 - a_1)^2}$$",
                     r"$$C = \class{term-sqr}{\lVert \mathbf{t} - \mathbf{a} \rVert^2}$$")
        marker, message = r"\class{term-sqr}", "'term-sqr' on the vector side of pair 'A pair' has no partner"
    elif case == "outside a pair":
        text += "Prose with $\\class{term-x}{x}$ in it.\n"
        marker, message = "Prose with", "'term-x' is outside a formula pair"
    else:
        text += pair(r"$$\class{term-Big_one}{a}$$", r"$$\class{term-Big_one}{\mathbf{a}}$$")
        marker, message = r"\class{term-Big_one}", "is not lower-case letters, digits and hyphens"
    with pytest.raises(PluginError) as raised:
        convert(text)
    assert f"docs/page.md:{line_of(marker, text)}: " in str(raised.value), str(raised.value)
    assert message in str(raised.value)


def test_the_build_fails_on_a_planted_unmatched_term(book_copy, tmp_path):
    page = book_copy / "docs" / "backprop" / "backward.md"
    source = page.read_text(encoding="utf-8")
    planted = source.replace(r"\class{term-slope}{\sigma'(\mathbf{z}^2)}", r"\sigma'(\mathbf{z}^2)", 1)
    assert planted != source, "the planted mistake no longer applies: update the test"
    page.write_text(planted, encoding="utf-8")
    line = source[: source.index(r"\class{term-slope}{\sigma'(z^2_j)}")].count("\n") + 1
    result = mkdocs_build(book_copy, tmp_path / "site", editions="")
    assert result.returncode != 0
    log = result.stdout + result.stderr
    assert f"docs/backprop/backward.md:{line}: linked term 'term-slope' on the expanded side" in log, log


def test_every_pair_of_the_linked_chapters_links_its_terms():
    unlinked = []
    for chapter in LINKED_CHAPTERS:
        for page in sorted((ROOT / "docs" / chapter).glob("*.md")):
            html = BeautifulSoup(convert_page(page), "html.parser")
            for figure in html.select("figure.pair"):
                if not figure.select(".arithmatex[data-terms]"):
                    unlinked.append(f"{page.relative_to(ROOT)}: {figure.select_one('.pair__title').get_text()}")
    assert not unlinked, "pairs with no linked terms:\n" + "\n".join(unlinked)


def convert_page(page) -> str:
    """A page's Markdown through the pair and term extensions (numbers and includes left as written)."""
    text = page.read_text(encoding="utf-8")
    text = re.sub(r"^--8<--.*$", "", text, flags=re.MULTILINE)
    return convert(text, f"docs/{page.relative_to(ROOT / 'docs')}")


# --- side by side -------------------------------------------------------------------------------


@pytest.mark.browser
@pytest.mark.parametrize("fonts", ["dejavu", "liberation"])
def test_pairs_sit_side_by_side_on_a_laptop_and_stack_on_a_phone(tab, built_site, fonts):
    opened = tab(fonts=fonts, viewport=LAPTOP)
    rows, problems = [], []
    for path in pair_pages(built_site):
        opened.open(path)
        rows += [(path, title, beside) for title, beside in opened.page.evaluate(SIDE_BY_SIDE)]
        problems += page_problems(opened, [])
    assert len(rows) >= 70, f"only {len(rows)} pairs found"
    beside = sum(side for _, _, side in rows)
    stacked = "\n".join(f"{path} {title}" for path, title, side in rows if not side)
    assert beside >= GOAL * len(rows), f"{beside} of {len(rows)} pairs side by side; stacked:\n{stacked}"
    assert_clean(problems)

    opened.page.set_viewport_size(PHONE)
    opened.open("backprop/backward/")
    assert not any(side for _, side in opened.page.evaluate(SIDE_BY_SIDE)), "a pair sits side by side on a phone"


# --- in the browser -----------------------------------------------------------------------------

# The terms of the book's pairs (the playground's, with its numbers, are test_playground's)
BOOK_TERMS = "figure.pair:not(.net47-pair) mjx-math .term"

# [name, index of its pair, label, tabindex, hidden?] of every term MathJax drew
TERMS = """() => {
    const pairs = [...document.querySelectorAll("figure.pair")];
    return [...document.querySelectorAll("%s")].map((term) => [
        [...term.classList].find((c) => c.startsWith("term-")).slice(5),
        pairs.indexOf(term.closest("figure.pair")),
        term.getAttribute("aria-label") || "",
        term.tabIndex,
        !!term.closest("[aria-hidden=true]"),
    ]);
}""" % BOOK_TERMS
FOCUSED_TERM = """() => [...document.querySelectorAll("%s")].indexOf(document.activeElement)""" % BOOK_TERMS
LIT = """() => [...document.querySelectorAll("%s")]
    .flatMap((term, n) => term.classList.contains("term--lit") ? [n] : [])""" % BOOK_TERMS


def linked_pages(site) -> list[str]:
    return [path for path in pair_pages(site) if "data-terms=" in (site / path / "index.html").read_text(encoding="utf-8")]


@pytest.mark.browser
def test_pointing_at_or_focusing_a_term_lights_exactly_its_partners(tab, built_site):
    pages = linked_pages(built_site)
    assert {path.split("/")[0] for path in pages} >= set(LINKED_CHAPTERS)
    opened = tab(viewport=LAPTOP)
    page = opened.page
    problems = []
    for path in pages:
        opened.open(path)
        marks = (built_site / path / "index.html").read_text(encoding="utf-8").count("\\class{term-")
        # linked-terms.js readies the terms of a formula after MathJax has drawn it: on a busy
        # machine that can come a little after the typesetting, so wait for all of them
        for n in range(page.locator("figure.pair").count()):  # as a reader scrolls past each
            page.locator("figure.pair").nth(n).scroll_into_view_if_needed()
        try:
            page.wait_for_function(
                "n => document.querySelectorAll('figure.pair mjx-math .term[tabindex]').length >= n",
                arg=marks, timeout=30_000)
        except PlaywrightTimeout:
            pass  # reported below, with the counts
        terms = page.evaluate(TERMS)
        if len(terms) != marks:
            problems.append(f"{path}: {marks} marked terms but {len(terms)} drawn and ready")
        for n, (name, pair_index, label, tabindex, hidden) in enumerate(terms):
            partners = [m for m, (other, p, *_) in enumerate(terms) if other == name and p == pair_index]
            where = f"{path} term {n} ('{name}' of pair {pair_index})"
            if len(partners) < 2:
                problems.append(f"{where}: no partner drawn")
            if not label.strip() or ":" not in label:
                problems.append(f"{where}: no label for screen readers ({label!r})")
            if tabindex != 0 or hidden:
                problems.append(f"{where}: not focusable (tabindex {tabindex}, inside aria-hidden: {hidden})")
            term = page.locator(BOOK_TERMS).nth(n)
            term.hover()
            if (lit := page.evaluate(LIT)) != partners:
                problems.append(f"{where}: pointing lights {lit}, not {partners}")
            page.mouse.move(0, 0)
            if page.evaluate(LIT):
                problems.append(f"{where}: still lit after the pointer left")
            term.focus()
            if (lit := page.evaluate(LIT)) != partners:
                problems.append(f"{where}: focus lights {lit}, not {partners}")
            page.keyboard.press("Escape")
            if page.evaluate(LIT):
                problems.append(f"{where}: Escape leaves {page.evaluate(LIT)} lit")
        # Tab walks the terms in reading order (past MathJax's own stop on each formula)
        if len(terms) >= 2:
            page.locator(BOOK_TERMS).nth(0).focus()
            order = -1
            for _ in range(3):
                page.keyboard.press("Tab")
                order = page.evaluate(FOCUSED_TERM)
                if order >= 0:
                    break
            if order != 1:
                problems.append(f"{path}: Tab from the first term goes to term {order}, not the second")
        problems += page_problems(opened, [])
    assert_clean(problems)


@pytest.mark.browser
def test_a_tap_holds_a_term_lit_on_a_phone(tab, built_site):
    opened = tab(viewport=PHONE, has_touch=True, is_mobile=True)
    opened.open("backprop/backward/")
    page = opened.page
    page.wait_for_function("() => document.querySelectorAll('figure.pair mjx-math .term[tabindex]').length > 0")
    terms = page.evaluate(TERMS)
    page.locator(BOOK_TERMS).nth(0).tap()
    partners = [m for m, (name, p, *_) in enumerate(terms) if name == terms[0][0] and p == terms[0][1]]
    assert page.evaluate(LIT) == partners
    page.locator("h1").tap()
    assert page.evaluate(LIT) == []
    assert_clean(opened.problems)  # (a long formula of a pair may scroll inside its side on a phone)
