"""The network playground (docs/interactive/playground.md), driven as a reader would.

Clicks and keys on the built site in headless Chromium; every number the playground shows
is checked against numpy (snippets/vector.py) at the precision it is shown with.
"""

import re

import numpy as np
import pytest

from browsing import assert_clean, page_problems

import dataset
import parameters
import vector

PAGE = "interactive/playground/"
IMAGES = dataset.load_dataset()
X, T = dataset.to_arrays(IMAGES)
TRAINED = parameters.run()[0]
PLAYGROUND = ".net47-playground"

STATE = r"""
(root) => {
    const number = (text) => Number(text.replace("\u2212", "-"));
    const texOf = (el) => {
        const items = MathJax.startup.document.getMathItemsWithin([el]);
        return items.length ? items[0].math : el.textContent;
    };
    const progress = root.querySelector(".net47-progress");
    return {
        pixels: [...root.querySelectorAll(".net47-pixel")]
            .map((p) => (p.getAttribute("aria-pressed") === "true" ? 1 : 0)),
        cells: [...root.querySelectorAll(".net47-readout tbody tr")]
            .map((tr) => [...tr.querySelectorAll("td")].map((td) => number(td.textContent))),
        says: root.querySelector(".net47-says").textContent,
        tex: [...root.querySelectorAll(".pair__math")].map(texOf),
        progress: progress ? progress.textContent : null,
        message: (root.querySelector(".net47-message") || {}).textContent,
        plot: (root.querySelector(".net47-plot polyline") || {getAttribute: () => ""})
            .getAttribute("points"),
        heatmaps: [...root.querySelectorAll(".net47-weight")].map((cell) => cell.textContent),
    };
}
"""


def settle(page):
    """Wait for the typesetting the playground queued."""
    page.evaluate("async () => { await MathJax.startup.promise; }")


def state(page):
    settle(page)
    return page.locator(PLAYGROUND).first.evaluate(STATE)


def expected(params, x):
    """Rows (z, a) of hidden 1-3 and output 1-2, and the label, as numpy computes them."""
    Z2, A2, Z3, A3 = vector.forward(params, np.array([x], dtype=float))
    rows = [[Z2[0, j], A2[0, j]] for j in range(3)] + [[Z3[0, k], A3[0, k]] for k in range(2)]
    return np.array(rows), int(A3[0].argmax())


def assert_readout(shown, params):
    rows, label = expected(params, shown["pixels"])
    assert np.max(np.abs(np.array(shown["cells"]) - rows)) <= 0.5e-4 + 1e-12, (shown["cells"], rows)
    assert shown["says"].strip().endswith(str(label)), shown["says"]


def progress(shown):
    """(epoch, C_T) from the training status line."""
    numbers = re.findall(r"\d+(?:\.\d+)?(?:e[-+]\d+)?", shown["progress"])
    return int(numbers[0]), float(numbers[-1])


def pixel(page, n):
    """Pixel n (1 to 12, row by row), found by its accessible name as a reader's tools would."""
    return page.locator(PLAYGROUND).first.get_by_role(
        "button", name=re.compile(rf"^Pixel {n}:"))


@pytest.fixture
def playground(tab):
    opened = tab()
    opened.open(PAGE)
    yield opened
    assert_clean(opened.problems)


@pytest.mark.browser
def test_drawing_an_image(playground):
    """Every control is named and shows keyboard focus. Clicking pixels: z, a and the answer
    equal numpy's, and the formulas hold the real weights. Arrow keys move between pixels,
    Space and Enter toggle; the select loads any image."""
    page = playground.page
    assert page.evaluate("() => document.body.getAttribute('data-md-color-scheme')") == "default"
    # every control has an accessible name; keyboard focus shows an outline
    unnamed = page.evaluate(
        """() => [...document.querySelectorAll('.net47 :is(button, select, input)')]
            .filter((c) => !(c.getAttribute('aria-label')
                || (c.labels && c.labels.length && c.labels[0].textContent.trim())
                || c.textContent.trim()))
            .map((c) => c.outerHTML)""")
    assert unnamed == []
    assert page.locator(".net47 [aria-live=polite]").count() >= 1
    pixel(page, 1).focus()
    page.keyboard.press("ArrowRight")  # focus moved by the keyboard: :focus-visible
    outline = page.evaluate(
        """() => { const el = document.activeElement; const s = getComputedStyle(el);
                   return [el.matches(':focus-visible'), s.outlineStyle, s.outlineWidth]; }""")
    assert outline[0] and outline[1] != "none" and outline[2] != "0px"
    shown = state(page)
    assert shown["pixels"] == list(IMAGES[0][0])
    assert_readout(shown, TRAINED)

    page.get_by_role("button", name="Clear the image").click()
    shown = state(page)
    assert shown["pixels"] == [0] * 12
    assert_readout(shown, TRAINED)
    # The page's first suggestion: ink the middle of row 2, and output 2 ("1") wins.
    pixel(page, 5).click()
    shown = state(page)
    assert shown["pixels"] == [0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0]
    assert_readout(shown, TRAINED)
    assert shown["says"].strip().endswith("1")

    for n in (1, 8, 12):
        pixel(page, n).click()
        assert_readout(state(page), TRAINED)
    shown = state(page)
    hidden_expanded, hidden_vector, output_expanded, output_vector = shown["tex"][:4]
    W2, b2, W3 = TRAINED["W2"], TRAINED["b2"], TRAINED["W3"]
    for j in range(3):
        assert f"z^2_{j + 1}" in hidden_expanded
        assert f"({W2[j, 4]:.2f})(1)" in hidden_expanded  # pixel 5 is ink
        assert f"({W2[j, 1]:.2f})(0)" in hidden_expanded  # pixel 2 is paper
        assert f"({b2[j]:.2f})" in hidden_expanded
        assert f"{W2[j, 11]:.2f}" in hidden_vector
    Z2, A2, Z3, A3 = vector.forward(TRAINED, np.array([shown["pixels"]], dtype=float))
    assert f"&= {Z2[0, 0]:.2f} \\\\" in hidden_expanded
    assert f"({W3[1, 2]:.2f})({A2[0, 2]:.3f})" in output_expanded
    assert f"{A3[0, 1]:.3f}" in output_vector

    # the keyboard, from a training image loaded with the select
    page.get_by_label("Load a training image").select_option(label=f"Image 1, a {IMAGES[0][1]}")
    pixel(page, 1).focus()
    page.keyboard.press("ArrowRight")
    page.keyboard.press("ArrowDown")
    focused = page.evaluate("() => document.activeElement.getAttribute('aria-label')")
    assert focused.startswith("Pixel 5:")
    before = state(page)["pixels"][4]
    page.keyboard.press("Space")
    shown = state(page)
    assert shown["pixels"][4] == 1 - before
    assert_readout(shown, TRAINED)
    page.keyboard.press("ArrowLeft")
    page.keyboard.press("ArrowLeft")  # past the edge: stays on pixel 4
    page.keyboard.press("Enter")
    assert state(page)["pixels"][3] == 1 - IMAGES[0][0][3]

    for n in (33, 64):  # a "1" and the last image
        page.get_by_label("Load a training image").select_option(label=f"Image {n}, a {IMAGES[n - 1][1]}")
        shown = state(page)
        assert shown["pixels"] == list(IMAGES[n - 1][0])
        assert_readout(shown, TRAINED)


@pytest.mark.browser
def test_train_from_scratch(playground):
    """Step: C_T equals numpy's after one step. Play, pause: C_T falls and the pictures change.
    Reset: back to the start. The formulas follow the network being trained."""
    page = playground.page
    root = page.locator(PLAYGROUND)
    heatmaps_before = state(page)["heatmaps"]
    root.get_by_label("Learning rate η").fill("0.3")
    root.get_by_label("Seed").fill("0")
    root.get_by_role("button", name="Step", exact=True).click()
    start = vector.init_parameters(parameters.SEED)
    params, history = vector.train(start, X, T, parameters.ETA, 1)
    shown = state(page)
    assert progress(shown)[0] == 1
    assert abs(progress(shown)[1] - history[1]) <= 0.5e-4 + 1e-12
    assert_readout(shown, params)

    root.get_by_role("button", name="Play").click()
    page.wait_for_function(
        "() => /Epoch ([2-9]\\d\\d|\\d{4,})/.test(document.querySelector('.net47-progress').textContent)")
    root.get_by_role("button", name="Pause").click()
    paused = state(page)
    epoch, cost = progress(paused)
    assert epoch > 100 and cost < history[1]
    assert paused["plot"] != shown["plot"] and paused["heatmaps"] != heatmaps_before
    page.wait_for_timeout(200)
    assert progress(state(page))[0] == epoch, "Pause did not stop the training"
    params, history = vector.train(start, X, T, parameters.ETA, epoch)
    assert abs(cost - history[-1]) <= 0.5e-4 + 1e-12
    assert_readout(paused, params)

    root.get_by_role("button", name="Reset").click()
    reset = state(page)
    assert progress(reset)[0] == 0
    assert abs(progress(reset)[1] - history[0]) <= 0.5e-4
    root.get_by_role("button", name="Back to the book's network").click()
    assert_readout(state(page), TRAINED)


@pytest.mark.browser
def test_train_one_image_or_a_mini_batch_at_a_time(playground):
    """The menu sets the learning rate of each method; a Step is an epoch of steps on the
    batches the page drew, and its C_T is numpy's after the same steps."""
    page = playground.page
    root = page.locator(PLAYGROUND)
    menu, eta = root.get_by_label("Each step uses"), root.get_by_label("Learning rate η")
    assert menu.evaluate("(m) => [...m.options].map((o) => o.value)") == ["64", "8", "1"]
    menu.select_option(label="one image (stochastic)")
    assert float(eta.input_value()) == pytest.approx(19.2)
    menu.select_option(label="a mini-batch of 8 images")
    assert float(eta.input_value()) == pytest.approx(2.4)
    costs = {}
    for label, size, rate in (("one image (stochastic)", 1, 19.2), ("a mini-batch of 8 images", 8, 2.4)):
        menu.select_option(label=label)
        root.get_by_label("Seed").fill("0")
        root.get_by_role("button", name="Reset").click()
        for _ in range(3):
            root.get_by_role("button", name="Step", exact=True).click()
        shown = state(page)
        batches = page.evaluate(
            "(size) => { const u = Net47.random(0); return [0, 1, 2].map(() => Net47.batches(64, size, u)); }",
            size)
        params = vector.init_parameters(parameters.SEED)
        for epoch in batches:
            for batch in epoch:
                params = vector.batch_step(params, X[batch], T[batch], rate)
        epoch, cost = progress(shown)
        assert epoch == 3
        assert cost == pytest.approx(vector.total_cost(params, X, T), rel=1e-3)
        assert_readout(shown, params)
        costs[size] = cost
    # one image at a time ends below mini-batches, and both below the full batch, in 3 epochs
    full = vector.train(vector.init_parameters(parameters.SEED), X, T, parameters.ETA, 3)[1][-1]
    assert costs[1] < costs[8] < full


@pytest.mark.browser
def test_bad_input_and_divergence(playground):
    """A learning rate of 0, -1, NaN, nothing or words, or a seed that is no whole number:
    a message beside the field, and no training. A huge learning rate: a clean stop."""
    page = playground.page
    root = page.locator(PLAYGROUND)
    eta, seed = root.get_by_label("Learning rate η"), root.get_by_label("Seed")
    not_started = state(page)["progress"]
    for bad in ["0", "-1", "NaN", "", "fast", "Infinity"]:
        eta.fill(bad)
        for button in ("Play", "Step"):
            root.get_by_role("button", name=button, exact=True).click()
            shown = state(page)
            assert shown["progress"] == not_started, f"eta {bad!r}: training started"
            assert eta.get_attribute("aria-invalid") == "true"
            assert "learning rate" in root.locator(".net47-error").first.text_content()
    eta.fill("0.3")
    for bad in ["-1", "1.5", "seven", ""]:
        seed.fill(bad)
        root.get_by_role("button", name="Step", exact=True).click()
        assert state(page)["progress"] == not_started, f"seed {bad!r}: training started"
        assert seed.get_attribute("aria-invalid") == "true"
        assert "whole number" in root.locator(".net47-error").nth(1).text_content()
    assert root.get_by_role("button", name="Pause").is_disabled()
    seed.fill("3")
    root.get_by_role("button", name="Step", exact=True).click()
    assert progress(state(page))[0] == 1
    assert eta.get_attribute("aria-invalid") is None and seed.get_attribute("aria-invalid") is None

    # a huge learning rate: the weights run away, training stops with the message, no errors
    eta.fill("1e6")
    root.get_by_role("button", name="Reset").click()
    root.get_by_role("button", name="Play").click()
    page.wait_for_function("() => document.querySelector('.net47-message').textContent !== ''")
    shown = state(page)
    assert "too large" in shown["message"]
    assert root.get_by_role("button", name="Pause").is_disabled()
    assert root.get_by_role("button", name="Play").is_enabled()
    epoch = progress(shown)[0]
    root.get_by_role("button", name="Step", exact=True).click()
    assert progress(state(page))[0] == epoch, "a diverged run took another step"


@pytest.mark.browser
def test_dark_palette_at_phone_width(tab):
    """The dark palette (the other tests use the light one): ink and paper differ, math
    typeset, no error; at 375 px the page does not scroll sideways."""
    opened = tab(color_scheme="dark")
    opened.page.set_viewport_size({"width": 375, "height": 800})
    opened.open(PAGE)
    page = opened.page
    assert page.evaluate("() => document.body.getAttribute('data-md-color-scheme')") == "slate"
    colours = page.evaluate(
        """() => ["true", "false"].map((pressed) => getComputedStyle(
            document.querySelector(`.net47-pixel[aria-pressed="${pressed}"]`)).backgroundColor)""")
    assert colours[0] != colours[1]
    assert page.evaluate("() => document.documentElement.scrollWidth") <= 375
    assert_clean(page_problems(opened, []))


@pytest.mark.browser
def test_instant_navigation_starts_each_playground(playground):
    """Material swaps pages in place: the playground of the training chapter starts, the one
    left behind stops, and nothing logs an error."""
    page = playground.page
    page.evaluate("""() => {
        window.sameDocument = true;
        const request = window.requestAnimationFrame.bind(window);
        window.frames_asked = 0;
        window.requestAnimationFrame = (callback) => { window.frames_asked++; return request(callback); };
    }""")
    page.locator(PLAYGROUND).get_by_role("button", name="Play").click()
    page.wait_for_function("() => window.frames_asked > 3")  # training is running
    page.locator('.md-nav--primary a.md-nav__link[href$="backprop/train/"]').first.click()
    page.wait_for_function("() => location.pathname.endsWith('/backprop/train/')")
    page.wait_for_selector(".net47-playground[data-ready] .net47-pixel")
    assert page.evaluate("() => window.sameDocument === true")
    assert page.locator(".net47-train").count() == 0  # this page embeds the forward part only
    # a running training asks for a frame on every frame, some 30 in half a second; MathJax
    # or a layout pass finishing on the new page may still ask for one or two
    page.wait_for_timeout(300)
    page.evaluate("() => { window.frames_asked = 0; }")
    page.wait_for_timeout(500)
    assert page.evaluate("() => window.frames_asked") <= 2, "the old page's training still runs"
    pixel(page, 5).click()
    assert_readout(state(page), TRAINED)
    page.go_back()
    page.wait_for_selector(".net47-playground[data-ready] .net47-train")
    assert page.locator(".net47-playground").count() == 1
    assert progress_text_is_fresh(page)


def progress_text_is_fresh(page):
    """A playground just started says how to start training, and has no epoch yet."""
    text = page.locator(".net47-progress").text_content()
    return not re.search(r"\d", text)


# --- the formulas fit, the pixel lights its terms, the backward pass --------------------------

TOO_WIDE = r"""
() => [...document.querySelectorAll(".net47 .pair__math")]
    .filter((box) => box.scrollWidth > box.clientWidth + 1)
    .map((box) => `${box.closest("figure").querySelector(".pair__title").textContent}: ` +
                  `${box.scrollWidth}px in ${box.clientWidth}px`)
"""


@pytest.mark.browser
@pytest.mark.parametrize("width", [1280, 375])
@pytest.mark.parametrize("path", [PAGE, "backprop/train/"])
def test_no_formula_scrolls_sideways(tab, path, width):
    """The formulas with the numbers take lines that fit: at 1280 px and on a 375 px phone no
    formula of the playground is wider than its box, for a blank image, a training image and
    an image with every pixel inked."""
    opened = tab(viewport={"width": width, "height": 900})
    opened.open(path)
    page = opened.page
    root = page.locator(PLAYGROUND).first
    wide = []

    def measure():
        settle(page)
        opened.typeset()  # the formulas out of view too, which MathJax leaves for later
        assert page.locator(".net47 .pair__math mjx-container").count() == page.locator(".net47 .pair__math").count()
        return page.evaluate(TOO_WIDE)

    wide += measure()  # the first image
    for n in (1, 5, 12):  # more pixels inked
        pixel(page, n).click()
        wide += measure()
    root.get_by_role("button", name="Clear the image").click()
    wide += measure()
    for n in range(1, 13):
        pixel(page, n).click()
    wide += measure()
    assert not wide, wide
    assert page.evaluate("() => document.documentElement.scrollWidth") <= width
    assert_clean(opened.problems)


LIT_TERMS = """(root) => [...root.querySelectorAll('.net47-pair--hidden mjx-math .term--lit')]
    .map((term) => [...term.classList].find((c) => c.startsWith('term-')))"""


@pytest.mark.browser
def test_a_pixel_lights_its_terms(playground):
    """Pointing at pixel i or focusing it lights its product in each hidden unit's sum and
    its entry of x in the vector form, and nothing else; toggling it keeps them lit."""
    page = playground.page
    root = page.locator(PLAYGROUND).first
    for n in (2, 7):
        pixel(page, n).hover()
        settle(page)
        page.wait_for_function("(root) => root.querySelectorAll('.term--lit').length > 0", arg=root.element_handle())
        assert root.evaluate(LIT_TERMS) == [f"term-x{n}"] * 4
    pixel(page, 7).click()
    settle(page)
    playground.typeset()  # the vector form, below the fold, too
    page.wait_for_function("(root) => root.querySelectorAll('.term--lit').length === 4", arg=root.element_handle())
    assert root.evaluate(LIT_TERMS) == ["term-x7"] * 4
    page.mouse.move(0, 0)
    pixel(page, 3).focus()
    page.wait_for_function("(root) => root.querySelector('.term-x3.term--lit')", arg=root.element_handle())
    assert root.evaluate(LIT_TERMS) == ["term-x3"] * 4
    labels = page.evaluate("() => [...document.querySelectorAll('.net47-pair--hidden mjx-math .term')]"
                           ".map((t) => t.getAttribute('aria-label'))")
    assert len(labels) == 3 * 12 + 12 and all(labels), labels


NUMBER = re.compile(r"(-?\d+\.\d+)(?: \\cdot 10\^\{(-?\d+)\})?")


def numbers(tex_source):
    """The numbers of a formula, as the playground writes them (1.23 or -2.49 \\cdot 10^{-5})."""
    return [float(m) * 10.0 ** int(e or 0) for m, e in NUMBER.findall(tex_source)]


def assert_shown(shown, want):
    """Each number as shown: four decimals, or three significant digits below 0.001."""
    assert len(shown) == len(want), (shown, want)
    for got, value in zip(shown, want):
        tolerance = 0.5e-4 if abs(value) >= 1e-3 else abs(value) * 0.006
        assert abs(got - value) <= tolerance + 1e-15, (got, value)


@pytest.mark.browser
def test_backward_panel_agrees_with_numpy(playground):
    """delta3, delta2 and the gradients of the weights for the drawn image and the chosen
    target equal numpy's (vector.deltas), entry by entry, on both sides of each pair."""
    page = playground.page
    root = page.locator(PLAYGROUND).first
    for pixels, target in ((None, None), ((2, 5, 9), 1), ((2, 5, 9), 0)):
        for n in pixels or ():
            pixel(page, n).click()
        if target is not None:
            root.get_by_label("Target").select_option(str(target))
        shown = state(page)
        x = np.array([shown["pixels"]], dtype=float)
        label = IMAGES[0][1] if target is None else target
        t = np.array([[1.0 - label, float(label)]])
        Z2, A2, Z3, A3 = vector.forward(TRAINED, x)
        Delta2, Delta3 = vector.deltas(TRAINED, A2, A3, t)
        tex_of = dict(zip(["hidden-e", "hidden-v", "output-e", "output-v", "d3-e", "d3-v", "d2-e", "d2-v",
                           "g3-e", "g3-v", "g2-e", "g2-v"], shown["tex"]))
        assert_shown(numbers(tex_of["d3-v"].split("=")[-1]), Delta3[0])
        assert_shown(numbers(tex_of["d2-v"].split("=")[-1]), Delta2[0])
        assert_shown(numbers(tex_of["d3-e"])[3::4], Delta3[0])  # (a - t)(a)(1 - a) = delta
        assert_shown(numbers(tex_of["g3-v"].split("=")[-1]), (Delta3[0][:, None] * A2[0][None, :]).ravel())
        dW2 = Delta2[0][:, None] * x[0][None, :]
        assert_shown(numbers(tex_of["g2-v"].split("=")[-1]), dW2.T.ravel())  # written as a transpose
        inked = [(j, i) for j in range(3) for i in range(12) if x[0, i]]
        assert_shown(numbers(tex_of["g2-e"])[1::2], [dW2[j, i] for j, i in inked])  # (delta)(1) = value


@pytest.mark.browser
def test_small_faults(playground):
    """A decimal comma is a decimal point, as in the descent explorer; one epoch is "1 epoch";
    a new seed in the middle of a run says that Reset applies it."""
    page = playground.page
    root = page.locator(PLAYGROUND).first
    root.get_by_label("Learning rate η").fill("0,3")
    root.get_by_role("button", name="Step", exact=True).click()
    shown = state(page)
    assert progress(shown)[0] == 1
    assert root.get_by_label("Learning rate η").get_attribute("aria-invalid") is None
    assert "after 1 epoch." in root.locator(".net47-which").text_content()
    root.get_by_role("button", name="Step", exact=True).click()
    assert "after 2 epochs." in root.locator(".net47-which").text_content()
    seed = root.get_by_label("Seed")
    seed.fill("7")
    seed.dispatch_event("change")
    assert "press Reset" in root.locator(".net47-message").text_content()
    root.get_by_role("button", name="Reset").click()
    assert root.locator(".net47-message").text_content() == ""
    assert progress(state(page))[0] == 0
