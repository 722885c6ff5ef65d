"""The two instruments in headless Chromium, driven as a reader drives them.

- The neuron sliders (docs/thinking/neuron.md, docs/javascripts/neuron-sliders.js): the
  readouts, the decision boundary and the sigmoid marker follow a = sigma(w1 x1 + w2 x2 + b)
  computed here in Python.
- The gradient-descent explorer (docs/toolkit/gradient-descent.md,
  docs/javascripts/descent-explorer.js): its table holds the steps snippets/gradient_descent.py
  computes, a step size that is too large stops with a message, bad input moves nothing.
Both: no console error, both palettes, no sideways scrolling at 375 px, labelled controls,
a visible keyboard focus, polite live readouts.
"""

import math

import pytest

from browsing import DESKTOP, FIRST_VISIBLE_LINK, PHONE, Tab

import gradient_descent as descent

NEURON = "thinking/neuron/"
DESCENT = "toolkit/gradient-descent/"


def sigma(z):
    return 1 / (1 + math.exp(-z))


def close(a, b, rel=1e-12, abs_=1e-12):
    return math.isclose(a, b, rel_tol=rel, abs_tol=abs_)


@pytest.fixture(scope="module")
def shared_tab(browser, site_url):
    """One tab for the module: pages load from its cache, so each test costs little.
    Material remembers the last palette in localStorage; every page here starts without it,
    so the reader's colour scheme alone picks the palette."""
    each = Tab(browser, site_url)
    each.context.add_init_script("localStorage.clear()")
    yield each
    each.context.close()


def opened(shared_tab, path, color_scheme="light", viewport=None) -> Tab:
    """The shared tab on `path`, freshly loaded, with its instruments started."""
    page = shared_tab.page
    page.goto("about:blank")  # the last test's page, gone
    shared_tab.problems.clear()
    page.set_viewport_size(viewport or DESKTOP)
    page.emulate_media(color_scheme=color_scheme)
    page.goto(shared_tab.origin + path, wait_until="domcontentloaded")
    page.wait_for_selector(".neuron-sliders[data-ns-ready], .descent-explorer[data-de-ready]",
                           state="attached")
    # Every formula typeset before a test measures where to click: a formula typeset later,
    # as it scrolls into view, would move the instrument under the pointer.
    page.wait_for_load_state("load")
    shared_tab.typeset()
    return shared_tab


# --- the neuron sliders -----------------------------------------------------------------

SLIDERS = r"""
() => {
    const root = document.querySelector(".neuron-sliders");
    const value = (name) => Number(root.querySelector(`input[data-ns=${name}]`).value);
    const shown = (name) => [...root.querySelectorAll(`[data-ns-show=${name}]`)]
        .map((slot) => [Number(slot.dataset.value), slot.textContent]);
    const box = (svg) => {
        const frame = svg.querySelector(".ns-frame");
        return ["x", "y", "width", "height"].map((key) => Number(frame.getAttribute(key)));
    };
    const plane = root.querySelector("svg[data-ns-plot=plane]");
    const curve = root.querySelector("svg[data-ns-plot=curve]");
    const line = plane.querySelector(".ns-boundary");
    const marker = curve.querySelector(".ns-marker");
    return {
        v: Object.fromEntries(["w1", "w2", "b", "x1", "x2"].map((n) => [n, value(n)])),
        z: shown("z"), a: shown("a"),
        range: root.dataset.range.split(" ").map(Number),
        zRange: root.dataset.zRange.split(" ").map(Number),
        plane: box(plane), curve: box(curve),
        line: ["x1", "y1", "x2", "y2"].map((key) => Number(line.getAttribute(key))),
        lineShown: line.style.display !== "none",
        marker: [Number(marker.getAttribute("cx")), Number(marker.getAttribute("cy"))],
    };
}
"""


def check_sliders(state):
    """Readouts, boundary and marker agree with the neuron computed here."""
    v = state["v"]
    z = v["w1"] * v["x1"] + v["w2"] * v["x2"] + v["b"]
    a = sigma(z)
    assert state["z"] and state["a"]
    for value, text in state["z"]:
        assert close(value, z), (value, z)
        assert abs(float(text.replace("\u2212", "-")) - z) <= 0.0005 + 1e-12, (text, z)
    for value, text in state["a"]:
        assert close(value, a), (value, a)
        assert abs(float(text) - a) <= 0.0005 + 1e-12, (text, a)

    # The boundary's two ends, back in (x1, x2): both on w1 x1 + w2 x2 + b = 0.
    lo, hi = state["range"]
    x, y, width, height = state["plane"]
    to_data = lambda sx, sy: (lo + (sx - x) / width * (hi - lo), hi - (sy - y) / height * (hi - lo))
    ends = [to_data(*state["line"][:2]), to_data(*state["line"][2:])]
    if not state["lineShown"]:  # only when the whole plot lies on one side of the line
        signs = {v["w1"] * p + v["w2"] * q + v["b"] > 0 for p in (lo, hi) for q in (lo, hi)}
        assert len(signs) == 1, "the boundary crosses the plot but is hidden"
        ends = None
    for p, q in ends or []:
        assert abs(v["w1"] * p + v["w2"] * q + v["b"]) < 1e-6 * (abs(v["w1"]) + abs(v["w2"]) + 1)
    (p1, q1), (p2, q2) = ends or [(0, 0), (0, 0)]
    if ends and abs(v["w2"]) > 1e-9 and abs(p2 - p1) > 1e-9:  # where the line crosses x1 = 0
        assert abs(q1 + (0 - p1) * (q2 - q1) / (p2 - p1) - (-v["b"] / v["w2"])) < 1e-6

    # The marker sits at (z, a) on the sigmoid's axes.
    zlo, zhi = state["zRange"]
    x, y, width, height = state["curve"]
    assert abs(state["marker"][1] - (y + (1 - a) * height)) < 1e-6
    assert abs(state["marker"][0] - (x + (min(zhi, max(zlo, z)) - zlo) / (zhi - zlo) * width)) < 1e-6
    return ends


@pytest.mark.browser
def test_sliders_follow_the_neuron(shared_tab):
    """Arrow keys and typed values move the sliders; readouts, boundary and marker follow."""
    opened_tab = opened(shared_tab, NEURON)
    page = opened_tab.page
    first = page.evaluate(SLIDERS)
    ends = check_sliders(first)

    w1 = page.locator("input[data-ns=w1]")
    w1.focus()
    for key in ["ArrowRight", "ArrowRight", "ArrowRight", "ArrowLeft"]:
        page.keyboard.press(key)
    state = page.evaluate(SLIDERS)
    assert math.isclose(state["v"]["w1"], first["v"]["w1"] + 0.2, abs_tol=1e-9)
    new_ends = check_sliders(state)
    assert new_ends != ends, "the boundary did not move with w1"

    page.locator("input[data-ns=w2]").fill("-2.5")  # fill dispatches input, as a drag does
    page.locator("input[data-ns=b]").fill("1.3")
    page.locator("input[data-ns=x1]").fill("0.35")
    state = page.evaluate(SLIDERS)
    assert (state["v"]["w2"], state["v"]["b"], state["v"]["x1"]) == (-2.5, 1.3, 0.35)
    check_sliders(state)

    page.locator("input[data-ns=b]").focus()
    page.keyboard.press("End")  # the largest bias: z past the plot's right edge, marker pinned
    state = page.evaluate(SLIDERS)
    assert state["v"]["b"] == 6
    check_sliders(state)

    # each 0/1 input is filled in proportion to the neuron's output for it
    corners = page.evaluate(
        """() => [...document.querySelectorAll(".neuron-sliders .ns-corner")]
            .map((c) => [Number(c.dataset.x1), Number(c.dataset.x2), c.style.fill])"""
    )
    assert len(corners) == 4
    v = state["v"]
    for x1, x2, fill in corners:
        assert f"{100 * sigma(v['w1'] * x1 + v['w2'] * x2 + v['b']):.1f}%" in fill, (x1, x2, fill)
    assert not opened_tab.problems, opened_tab.problems


# --- the gradient-descent explorer ------------------------------------------------------

TABLE = r"""
() => [...document.querySelectorAll(".descent-explorer tbody tr")]
    .map((row) => [...row.cells].map((cell) => Number(cell.dataset.value)))
"""


def python_walk(a, b, x, y, eta, steps):
    """Rows (n, x, y, f, df/dx, df/dy), with the arithmetic of snippets/gradient_descent.py."""
    rows = []
    for n in range(steps + 1):
        rows.append((n, x, y, a * x * x + b * y * y, 2 * a * x, 2 * b * y))
        x, y = x - eta * (2 * a * x), y - eta * (2 * b * y)
    return rows


def explorer(page):
    return page.locator(".descent-explorer")


def field(page, name):
    return page.locator(f".descent-explorer [data-de={name}]")


def message(page):
    return field(page, "message").text_content()


def error_of(page, name):
    return page.locator(f"#{field(page, name).get_attribute('aria-describedby')}").text_content()


@pytest.mark.browser
def test_explorer_click_and_typed_start_then_five_steps(shared_tab):
    """A click on the plot sets the start where it landed; typed starts work too; five steps
    with eta = 0.1 give the rows Python computes."""
    opened_tab = opened(shared_tab, DESCENT)
    page = opened_tab.page
    root = explorer(page)
    a, b = float(root.get_attribute("data-a")), float(root.get_attribute("data-b"))
    assert (a, b) == (descent.A, descent.B)
    xlo, xhi = map(float, root.get_attribute("data-x-range").split())
    ylo, yhi = map(float, root.get_attribute("data-y-range").split())

    svg = root.locator("svg")
    svg.scroll_into_view_if_needed()
    plot, frame = svg.bounding_box(), root.locator(".de-frame").bounding_box()
    target = (-1.2, 0.7)
    svg.click(position={  # Playwright clicks there only if the svg is what receives it
        "x": frame["x"] - plot["x"] + (target[0] - xlo) / (xhi - xlo) * frame["width"],
        "y": frame["y"] - plot["y"] + (yhi - target[1]) / (yhi - ylo) * frame["height"]})
    x0, y0 = float(field(page, "x0").input_value()), float(field(page, "y0").input_value())
    assert abs(x0 - target[0]) <= 0.02 and abs(y0 - target[1]) <= 0.02, (x0, y0)
    assert page.evaluate(TABLE) == [list(python_walk(a, b, x0, y0, 0.1, 0)[0])]

    field(page, "x0").fill("-1.5")
    field(page, "y0").fill("0.8")
    field(page, "eta").fill("0.1")
    field(page, "eta").press("Tab")  # leaving a field commits it
    for _ in range(5):
        field(page, "step").click()
    rows = page.evaluate(TABLE)
    expected = python_walk(a, b, -1.5, 0.8, 0.1, 5)
    assert len(rows) == 6
    for got, want in zip(rows, expected):
        assert all(close(g, w) for g, w in zip(got, want)), (got, want)
    # ... and the same points as the book's own walk
    for got, (x, y) in zip(rows, descent.walk((-1.5, 0.8), 0.1, 5)):
        assert close(got[1], x) and close(got[2], y)
    shown = page.locator(".descent-explorer tbody tr").last.locator("td").all_text_contents()
    assert shown[1:] == [f"{v:.4f}".replace("-", "\u2212") for v in expected[-1][1:]]  # a true minus
    assert any(v < 0 for v in expected[-1][1:]), "the walk shows no negative number: the minus goes untested"
    assert field(page, "path").get_attribute("points").count(",") == 6
    assert not opened_tab.problems, opened_tab.problems


@pytest.mark.browser
def test_explorer_too_large_a_step_diverges_and_stops(shared_tab):
    """The preset for a step size that is too large: play zigzags outwards, then stops with
    the diverging message once the walk leaves the plot; further steps add nothing."""
    opened_tab = opened(shared_tab, DESCENT)
    page = opened_tab.page
    root = explorer(page)
    eta = descent.ETA_TOO_LARGE
    root.locator(f"[data-de-eta='{eta:g}']").click()
    assert field(page, "eta").input_value() == f"{eta:g}"
    play = field(page, "play").text_content()
    field(page, "play").click()
    assert field(page, "play").text_content() == root.get_attribute("data-label-pause")
    page.wait_for_function(  # the walk stops by itself, and the button says play again
        "(play) => document.querySelector('.descent-explorer [data-de=play]').textContent === play",
        arg=play, timeout=10_000)
    rows = page.evaluate(TABLE)
    a, b = descent.A, descent.B
    x0, y0 = descent.START
    expected = python_walk(a, b, x0, y0, eta, len(rows) - 1)
    for got, want in zip(rows, expected):
        assert all(close(g, w) for g, w in zip(got, want)), (got, want)
    ylo, yhi = map(float, root.get_attribute("data-y-range").split())
    assert all(ylo <= row[2] <= yhi for row in rows[:-1]) and not ylo <= rows[-1][2] <= yhi
    assert all(rows[n][2] * rows[n + 1][2] < 0 for n in range(len(rows) - 1)), "no zigzag"
    diverged = root.get_attribute("data-msg-diverged")
    assert message(page) == diverged.format(
        n=len(rows) - 1, **{k: f"{v:.4f}" for k, v in zip("xyf", rows[-1][1:4])})
    assert field(page, "step").get_attribute("aria-disabled") == "true"
    field(page, "step").click(force=True)  # still focusable, so still pressable
    assert len(page.evaluate(TABLE)) == len(rows), "a step after the walk had stopped"
    assert message(page) == root.get_attribute("data-msg-done")
    assert not opened_tab.problems, opened_tab.problems


@pytest.mark.browser
def test_explorer_refuses_bad_input_and_resets(shared_tab):
    """A bad step size or a start outside the plot: a message beside the field, no step,
    no play; a good value clears the message. Reset takes the walk back to its start."""
    opened_tab = opened(shared_tab, DESCENT)
    page = opened_tab.page
    root = explorer(page)
    start = page.evaluate(TABLE)
    for bad in ["0", "-1", "NaN", "", "abc", "Infinity"]:
        field(page, "eta").fill(bad)
        field(page, "step").click()
        field(page, "play").click()
        assert len(page.evaluate(TABLE)) == 1, f"eta {bad!r} took a step"
        assert error_of(page, "eta"), f"no message for eta {bad!r}"
        assert field(page, "eta").get_attribute("aria-invalid") == "true"
        assert field(page, "play").text_content() != root.get_attribute("data-label-pause")
    field(page, "eta").fill("0,1")  # a decimal comma is a decimal point
    field(page, "x0").fill("5")
    field(page, "x0").press("Tab")
    field(page, "step").click()
    assert error_of(page, "x0") and not error_of(page, "eta")
    assert len(page.evaluate(TABLE)) == 1
    field(page, "x0").fill("1")
    field(page, "step").click()
    assert not error_of(page, "x0")
    assert page.evaluate(TABLE)[-1][1] == pytest.approx(1 - 0.1 * 2 * descent.A * 1, rel=1e-12)

    field(page, "x0").fill(str(descent.START[0]))
    field(page, "y0").fill(str(descent.START[1]))
    for _ in range(3):
        field(page, "step").click()
    assert len(page.evaluate(TABLE)) == 4
    field(page, "reset").click()
    assert page.evaluate(TABLE) == start
    assert field(page, "path").get_attribute("points").count(",") == 1
    assert page.locator(".descent-explorer .de-point").count() == 0
    assert "{" not in message(page) and message(page)
    assert not opened_tab.problems, opened_tab.problems


# --- both --------------------------------------------------------------------------------

INK = r"""
(selector) => {
    const rgb = getComputedStyle(document.querySelector(selector)).stroke.match(/[\d.]+/g).map(Number);
    const [R, G, B] = rgb.slice(0, 3).map((c) => (c /= 255) <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4);
    return 0.2126 * R + 0.7152 * G + 0.0722 * B;
}
"""


ACCESS = r"""
() => {
    const problems = [];
    for (const root of document.querySelectorAll(".instrument")) {
        for (const control of root.querySelectorAll("input, button, [tabindex]")) {
            const name = control.getAttribute("aria-label")
                || [...(control.labels || [])].map((label) => label.textContent).join(" ")
                || (control.tagName === "BUTTON" ? control.textContent : "");
            if (!name.trim()) problems.push(`no accessible name: ${control.outerHTML.slice(0, 80)}`);
        }
        for (const svg of root.querySelectorAll("svg")) {
            if (!(svg.getAttribute("role") === "img" && svg.getAttribute("aria-label"))) {
                problems.push("a plot without role=img and a label");
            }
        }
        const live = root.querySelectorAll("[aria-live]");
        if (!live.length) problems.push("no live readout");
        for (const region of live) {
            if (region.getAttribute("aria-live") !== "polite") problems.push("a live region that is not polite");
        }
    }
    return problems;
}
"""


LINES = {NEURON: ".ns-curve", DESCENT: ".de-contour"}
READOUTS = {NEURON: ".ns-readout", DESCENT: "[data-de=message]"}


@pytest.mark.browser
@pytest.mark.parametrize("path", [NEURON, DESCENT])
def test_instruments_are_accessible_and_fit_a_phone(shared_tab, path):
    """Every control is named, the readout is a polite live region, the keyboard focus shows,
    the plots draw in dark ink on the light palette, and at 375 px nothing scrolls the page
    sideways, even with a long table of steps."""
    opened_tab = opened(shared_tab, path)
    page = opened_tab.page
    assert page.evaluate(ACCESS) == []
    assert page.locator(f".instrument {READOUTS[path]}").get_attribute("aria-live") == "polite"
    first = page.locator(".instrument input").first
    first.focus()
    page.keyboard.press("Shift+Tab")
    page.keyboard.press("Tab")  # keyboard focus, so :focus-visible applies
    style = first.evaluate("(e) => e.matches(':focus-visible') && getComputedStyle(e).outlineStyle")
    assert style and style != "none", style
    assert page.evaluate(INK, LINES[path]) < 0.3

    page.set_viewport_size(PHONE)
    if path == DESCENT:
        for _ in range(12):
            field(page, "step").click()
    page.wait_for_function(f"() => document.documentElement.clientWidth <= {PHONE['width']}")
    assert page.evaluate("() => document.documentElement.scrollWidth") <= PHONE["width"]
    assert not opened_tab.problems, opened_tab.problems


@pytest.mark.browser
@pytest.mark.parametrize("path", [NEURON, DESCENT])
def test_instruments_in_the_dark_palette(shared_tab, path):
    """A reader who prefers dark gets Material's slate palette, and the plots light ink."""
    opened_tab = opened(shared_tab, path, color_scheme="dark")
    page = opened_tab.page
    page.wait_for_function("() => document.body.getAttribute('data-md-color-scheme') === 'slate'")
    luminance = page.evaluate(INK, LINES[path])
    assert luminance > 0.3, luminance
    assert not opened_tab.problems, opened_tab.problems


@pytest.mark.browser
def test_instruments_start_after_instant_navigation(shared_tab):
    """Material swaps pages in place: the sliders start on the new page, the explorer's
    play stops with its page, and nothing logs an error."""
    opened_tab = opened(shared_tab, DESCENT)
    page = opened_tab.page
    page.evaluate("() => { window.sameDocument = true; }")
    field(page, "play").click()
    href, _ = page.evaluate(FIRST_VISIBLE_LINK, [NEURON])
    page.locator(f'.md-nav--primary a.md-nav__link[href="{href}"]').first.click()
    page.wait_for_selector(".neuron-sliders[data-ns-ready]", state="attached")
    assert page.evaluate("() => window.sameDocument === true"), "the click reloaded the page"
    check_sliders(page.evaluate(SLIDERS))
    page.wait_for_timeout(600)  # a play timer left behind would fire now
    assert not opened_tab.problems, opened_tab.problems


INSTRUMENT_SCRIPTS = ["javascripts/net47.js", "downloads/playground/network.js",
                      "javascripts/playground.js", "javascripts/neuron-sliders.js",
                      "javascripts/descent-explorer.js", "javascripts/cnn69.js",
                      "downloads/cnn_playground/cnn-network.js", "javascripts/cnn-playground.js"]


@pytest.mark.browser
@pytest.mark.parametrize("path, uses", [
    ("toolkit/chain-rule/", []),
    (NEURON, ["javascripts/neuron-sliders.js"]),
    (DESCENT, ["javascripts/descent-explorer.js"]),
    ("interactive/playground/", ["javascripts/net47.js", "downloads/playground/network.js",
                                 "javascripts/playground.js"]),
    ("interactive/cnn-playground/", ["javascripts/cnn69.js", "downloads/cnn_playground/cnn-network.js",
                                     "javascripts/cnn-playground.js"]),
])
def test_a_page_loads_only_the_instrument_scripts_it_uses(browser, site_url, path, uses):
    """instruments.js fetches an instrument's scripts only where its markup is, so the
    pages without one carry none of them."""
    each = Tab(browser, site_url)
    try:
        each.open(path)
        each.page.wait_for_load_state("networkidle")
        asked = {request.url.removeprefix(site_url) for request in each.requests}
        assert [script for script in INSTRUMENT_SCRIPTS if script in asked] == uses
        ready = {"javascripts/neuron-sliders.js": ".neuron-sliders[data-ns-ready]",
                 "javascripts/descent-explorer.js": ".descent-explorer[data-de-ready]",
                 "javascripts/playground.js": ".net47-playground[data-ready]",
                 "javascripts/cnn-playground.js": ".cnn69-playground[data-ready]"}
        for script in uses:
            if script in ready:
                each.page.wait_for_selector(ready[script], state="attached")
        assert not each.problems, each.problems
    finally:
        each.context.close()
