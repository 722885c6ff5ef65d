"""axe-core on every page of the built book: no serious or critical violation, in Material's
light ("default") and dark ("slate") palette, at desktop and at phone width.

Each page opens once, in one tab; axe is injected once and run four times, the palette
switched with Material's own toggle and the viewport resized in place between the runs.
axe-core comes from the pinned axe-playwright-python (see requirements.txt).
"""

from __future__ import annotations

import time
from pathlib import Path

import axe_playwright_python
import pytest

from browsing import DESKTOP, FIRST_VISIBLE_LINK, PHONE, assert_clean
from test_browser import PAGES

AXE = Path(axe_playwright_python.__file__).with_name("axe.min.js").read_text(encoding="utf-8")
IMPACTS = ["serious", "critical"]
# The four ways a reader sees a page, in an order that switches the palette only once.
VIEWS = [("default", "desktop"), ("default", "phone"), ("slate", "phone"), ("slate", "desktop")]
WIDTHS = {"desktop": DESKTOP, "phone": PHONE}
SHOWN = 3  # target selectors listed per violation

# Material fades colours in over a quarter of a second when the palette changes, and
# transitions a few things when the layout does: axe must see the colours that stay.
SETTLE = """async () => {
    await new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done)));
    const running = document.getAnimations()
        .filter((animation) => animation.effect.getTiming().iterations !== Infinity);
    await Promise.race([
        Promise.all(running.map((animation) => animation.finished.catch(() => null))),
        new Promise((done) => setTimeout(done, 3000)),
    ]);
}"""

SCAN = """async (impacts) => {
    const { violations } = await axe.run(document, { resultTypes: ["violations"] });
    return violations.map((rule) => {
        const nodes = rule.nodes.filter((node) => impacts.includes(node.impact));
        const first = nodes[0] && [...nodes[0].any, ...nodes[0].all, ...nodes[0].none][0];
        return { id: rule.id, impact: rule.impact, help: rule.help,
                 targets: nodes.map((node) => node.target.join(" ")),
                 message: first ? first.message : "" };
    }).filter((rule) => rule.targets.length > 0);
}"""


def use_palette(page, scheme: str) -> None:
    """Switch Material's palette as a reader does, with the toggle in the header."""
    if page.evaluate("document.body.dataset.mdColorScheme") == scheme:
        return
    option = page.locator(f'[data-md-component="palette"] input[data-md-color-scheme="{scheme}"]')
    page.click(f'label[for="{option.get_attribute("id")}"]')
    page.wait_for_function("(scheme) => document.body.dataset.mdColorScheme === scheme", arg=scheme)


def show(view: tuple[str, str], path: str) -> str:
    return f"{path or '(home)'} [{view[0]}, {view[1]}]"


def scan(tab, path: str) -> tuple[list[dict], float]:
    """Every serious or critical violation on the open page in each view, with the seconds
    axe took; the tab is left at desktop width."""
    page = tab.page
    started = time.perf_counter()
    page.evaluate(AXE)
    # A reader opens the collapsed blocks (the worked solutions): axe sees what they hold.
    page.evaluate("() => document.querySelectorAll('details:not([open])').forEach((d) => { d.open = true; })")
    found = []
    for view in VIEWS:
        use_palette(page, view[0])
        page.set_viewport_size(WIDTHS[view[1]])
        page.evaluate(SETTLE)
        found += [{**rule, "view": view, "page": path} for rule in page.evaluate(SCAN, IMPACTS)]
    page.set_viewport_size(DESKTOP)
    return found, time.perf_counter() - started


def report(found: list[dict]) -> str:
    lines = []
    for rule in found:
        targets = ", ".join(rule["targets"][:SHOWN])
        more = len(rule["targets"]) - SHOWN
        lines.append(
            f"{show(rule['view'], rule['page'])}: {rule['id']} ({rule['impact']}, "
            f"{len(rule['targets'])} node(s)): {rule['help']}\n    {targets}"
            + (f" and {more} more" if more > 0 else "")
            + (f"\n    first: {rule['message']}" if rule["message"] else ""))
    return f"{len(found)} serious or critical axe violation(s):\n" + "\n".join(lines)


@pytest.mark.browser
@pytest.mark.parametrize("path", PAGES, ids=lambda path: path.strip("/") or "home")
def test_page_is_accessible(tab, path, record_property):
    opened = tab()
    opened.open(path)
    found, seconds = scan(opened, path)
    record_property("axe_seconds", round(seconds, 2))
    assert not found, report(found)


# What the probes below must make axe report, and in which views: the dialog everywhere,
# the dark text only in the dark palette, the pale text only on a phone in the light one.
PROBES = """() => {
    const article = document.querySelector("article");
    article.insertAdjacentHTML("afterbegin", `
        <style>@media screen and (max-width: 44.984375em) { #probe-phone { color: #c8c8c8 } }</style>
        <div role="dialog" id="probe-dialog">A dialog without a name</div>
        <p id="probe-dark" style="color: #3a3a3a">Dark text, fine on white, lost on slate</p>
        <p id="probe-phone">Text that turns pale on a phone</p>
        <div id="probe-scroll" style="overflow: auto; height: 2em"><p>one</p><p>two</p><p>three</p></div>
        <p>Words around <a id="probe-link" href="#" style="text-decoration: none">a link</a> told by colour alone.</p>`);
}"""
EXPECTED = {
    ("aria-dialog-name", "#probe-dialog"): set(VIEWS),
    ("color-contrast", "#probe-dark"): {view for view in VIEWS if view[0] == "slate"},
    ("color-contrast", "#probe-phone"): {("default", "phone")},
    ("scrollable-region-focusable", "#probe-scroll"): set(VIEWS),
    ("link-in-text-block", "#probe-link"): set(VIEWS),
}


@pytest.mark.browser
def test_the_check_finds_violations(tab):
    """Probes with known faults, put into a page: axe must report each in exactly the views
    where it is a fault, which also proves that the palette and the width really change."""
    opened = tab()
    opened.open("")
    opened.page.evaluate(PROBES)
    found, _ = scan(opened, "")
    seen = {key: set() for key in EXPECTED}
    for rule in found:
        for target in rule["targets"]:
            if (rule["id"], target) in seen:
                seen[(rule["id"], target)].add(rule["view"])
    assert seen == EXPECTED, report(found)
    probes = {target for _, target in EXPECTED}
    others = [rule for rule in found if not set(rule["targets"]) <= probes]
    assert not others, "the probes' page has violations of its own:\n" + report(others)


SCROLL_BOXES = """() => [...document.querySelectorAll(".highlight-ipynb")].map((box) => ({
    scrolls: box.scrollWidth > box.clientWidth + 1, tabindex: box.getAttribute("tabindex"),
    role: box.getAttribute("role"), name: box.getAttribute("aria-label"),
    label: box.dataset.scrollLabel }))"""


@pytest.mark.browser
def test_scrolling_code_cells_take_the_keyboard(tab):
    """A lesson's code cell that scrolls is a named region in the tab order, and the arrow
    keys scroll it; one that fits is no tab stop. After an instant navigation to the next
    lesson, the same holds there, and the search dialog keeps its name."""
    lessons = sorted(path for path in PAGES if path.startswith("lessons/"))
    assert len(lessons) >= 2, "needs two lessons, one to navigate to from the other"
    # On a phone, where the lessons' long lines scroll (the desktop column holds them); the
    # footer's link to the neighbouring lesson makes the instant navigation.
    opened = tab(viewport=PHONE)
    opened.open(lessons[0])
    page = opened.page
    page.evaluate("() => { window.sameDocument = true; }")  # a full load would lose it
    # the second lesson is a neighbour of the first in the nav, whichever the footer links
    footer = page.locator("a.md-footer__link")
    hrefs = [footer.nth(n).get_attribute("href") for n in range(footer.count())]
    neighbours = [p for p in lessons[1:] if any(h.rstrip("/").endswith(p.rstrip("/").split("/")[-1]) for h in hrefs)]
    assert neighbours, f"{lessons[0]}: the footer links to no other lesson ({hrefs})"
    for path in [lessons[0], neighbours[0]]:
        if path != lessons[0]:
            href = next(h for h in hrefs if h.rstrip("/").endswith(path.rstrip("/").split("/")[-1]))
            page.locator(f'a.md-footer__link[href="{href}"]').click()
            page.wait_for_url(f"**/{path}")
            opened.typeset()
            assert page.evaluate("window.sameDocument === true"), "Material reloaded the page"
            page.evaluate(SETTLE)
        boxes = page.evaluate(SCROLL_BOXES)
        assert any(box["scrolls"] for box in boxes), f"{path}: no code cell scrolls, nothing to test"
        for number, box in enumerate(boxes, 1):
            if box["scrolls"]:
                assert (box["tabindex"], box["role"], box["name"]) == ("0", "region", box["label"]), box
            else:
                assert box["tabindex"] is None and box["role"] is None, box
            assert box["label"] == f"Code cell {number}", box
        assert page.get_attribute('.md-search[role="dialog"]', "aria-label"), path

        # Tab from the copy button just before the first cell that scrolls, then scroll it.
        index = next(i for i, box in enumerate(boxes) if box["scrolls"])
        cell = page.locator(".highlight-ipynb").nth(index)
        cell.locator("xpath=..").locator("clipboard-copy").focus()
        page.keyboard.press("Tab")
        assert cell.evaluate("(box) => box === document.activeElement"), "Tab did not reach it"
        page.keyboard.press("ArrowRight")
        page.wait_for_function("(box) => box.scrollLeft > 0", arg=cell.element_handle())
    assert_clean(opened.problems)
