"""The CNN playground (docs/interactive/cnn-playground.md) and its network, docs/javascripts/cnn69.js.

On the built site in headless Chromium: cnn69.js, as the page loads it, computes the forward
pass, the gradients and a gradient-descent trajectory, and numpy (snippets/cnn_vector.py)
computes them independently. Then the page is driven by mouse and keyboard, and every number
it shows is checked against numpy at the precision it is shown with.
"""

import json
import math
import re

import numpy as np
import pytest

from browsing import DESKTOP, PHONE, assert_clean, page_problems

import cnn_dataset
import cnn_parameters
import cnn_playground
import cnn_vector

PAGE = "interactive/cnn-playground/"
PLAYGROUND = ".cnn69-playground"
IMAGES = cnn_dataset.load_dataset()
X, T = cnn_dataset.to_arrays(IMAGES)
NAMES = list(cnn_vector.SHAPES)
TRAINED = cnn_parameters.book_run()[1]


def published_data(site):
    """window.CNN69_DATA as the built site publishes it."""
    text = (site / "downloads" / "cnn_playground" / "cnn-network.js").read_text(encoding="utf-8")
    prefix = "window.CNN69_DATA = "
    assert text.startswith(prefix) and text.rstrip().endswith(";")
    return json.loads(text[len(prefix):].rstrip().rstrip(";"))


def as_lists(params):
    return {name: np.asarray(params[name], dtype=float).tolist() for name in NAMES}


def random_parameters(seed):
    rng = np.random.default_rng(2000 + seed)
    return {name: 2.0 * rng.standard_normal(shape) for name, shape in cnn_vector.SHAPES.items()}


def assert_close(js, ref, rtol, what):
    """Entry by entry within rtol of the largest entry of the reference array (an entry near 0
    sums terms of the array's size, so its own size is no measure of rounding)."""
    js, ref = np.asarray(js, dtype=float), np.asarray(ref, dtype=float)
    assert js.shape == ref.shape, f"{what}: shape {js.shape}, numpy {ref.shape}"
    error = np.max(np.abs(js - ref)) / np.max(np.abs(ref))
    assert error <= rtol, f"{what}: relative difference {error:.3g} > {rtol:g}"
    return error


@pytest.fixture
def opened(tab):
    """The playground page, its scripts loaded and the playground started."""
    each = tab()
    each.open(PAGE)
    each.page.wait_for_selector(f"{PLAYGROUND}[data-ready]", state="attached")
    settle(each.page)
    yield each
    assert_clean(each.problems)


def settle(page):
    """Wait for the typesetting the playground queued."""
    page.evaluate("async () => { await MathJax.startup.promise; }")


# --- cnn69.js against numpy ---------------------------------------------------------------

@pytest.mark.browser
@pytest.mark.parametrize("which", ["trained", "random 1", "random 2"])
def test_forward_pass_matches_numpy(opened, which):
    """zF, aF, aP, zO, aO of all 96 images within 1e-12; the same digit read, and the same
    winner of every pool (the first largest on a tie, which the blank windows make common)."""
    params = TRAINED if which == "trained" else random_parameters(int(which[-1]))
    result = opened.page.evaluate(
        """([params, images]) => images.map((x) => {
            const f = Cnn69.forward(params, x);
            const winners = f.aF.map((map) => [0, 1].flatMap((i) => [0, 1].map((j) =>
                Cnn69.poolPosition(map, i, j).slice(1))));
            return {...f, aP: Cnn69.flattenPooled(f.aP), winners, digit: Cnn69.predict(params, x)};
        })""",
        [as_lists(params), X.reshape(len(X), -1).tolist()],
    )
    ZF, AF, AP, ZO, AO = cnn_vector.forward(params, X)
    errors = {name: assert_close([r[name] for r in result], ref, 1e-12, name)
              for name, ref in zip(["zF", "aF", "aP", "zO", "aO"], [ZF, AF, AP, ZO, AO])}
    print(f"{which}: largest relative differences", {k: f"{v:.1e}" for k, v in errors.items()})
    assert [r["digit"] for r in result] == cnn_vector.predict(params, X).tolist()
    won = np.zeros_like(AF)
    for n, r in enumerate(result):
        for k, cells in enumerate(r["winners"]):
            for row, column in cells:
                won[n, k, row, column] = 1
    assert np.array_equal(won, cnn_vector.winners(AF))
    if which == "trained":  # the tie rule matters: some pools hold equal values
        blocks = cnn_vector.blocks(AF)
        assert np.any(np.sum(blocks == blocks.max(axis=-1, keepdims=True), axis=-1) > 1)


@pytest.mark.browser
@pytest.mark.parametrize("seed", [1, 2, 3])
def test_gradients_match_numpy(opened, seed):
    """All 69 partial derivatives of C_T, and C_T itself, for random parameters, within 1e-12."""
    params = random_parameters(seed)
    result = opened.page.evaluate(
        """([params, images, targets]) => ({
            grads: Cnn69.gradients(params, images, targets),
            cost: Cnn69.totalCost(params, images, targets)})""",
        [as_lists(params), X.reshape(len(X), -1).tolist(), T.tolist()],
    )
    grads = cnn_vector.gradients(params, X, T)
    for name in NAMES:
        assert_close(result["grads"][name], grads[name], 1e-12, f"d{name}")
    assert_close(result["cost"], cnn_vector.total_cost(params, X, T), 1e-12, "C_T")


# The book's run itself, from its own start with its own eta, for 100 steps. At eta = 0.1
# descent is stable: a difference in the last bit stays near it (at eta = 0.2 it grew about
# 1.6-fold a step, and even cnn_expanded.py and cnn_vector.py drifted 1e-5 apart by step 59).
# A run from the trained network checks the steps where the gradient is small.
TRAJECTORIES = [("initial", cnn_parameters.ETA, 100), ("trained", cnn_parameters.ETA, 100)]


@pytest.mark.browser
@pytest.mark.parametrize("start, eta, steps", TRAJECTORIES,
                         ids=[f"{start}-eta{eta}-{steps}" for start, eta, steps in TRAJECTORIES])
def test_descent_trajectory_matches_numpy(opened, built_site, start, eta, steps):
    """Full-batch steps from parameters the site publishes: all 69 parameters and C_T after
    every step within 1e-9 (relative), and so is how far the parameters moved."""
    data = published_data(built_site)
    result = opened.page.evaluate(
        """([params, images, labels, eta, steps]) => {
            const path = [Cnn69.flatten(params)];
            const run = Cnn69.train(params, images, labels.map(Cnn69.target), eta, steps,
                (epoch, C_T, now) => { path.push(Cnn69.flatten(now)); });
            return {path, history: run.history};
        }""",
        [data[start], data["images"], data["labels"], eta, steps],
    )
    params = {name: np.array(data[start][name], dtype=float) for name in NAMES}
    history = cnn_vector.train(params, X, T, eta, steps)[1]
    path = []
    for _ in range(steps + 1):
        path.append(cnn_vector.theta_vector(params))
        params = cnn_vector.step(params, cnn_vector.gradients(params, X, T), eta)
    assert len(result["path"]) == steps + 1
    worst = max(assert_close(got, want, 1e-9, f"parameters after {epoch} steps")
                for epoch, (got, want) in enumerate(zip(result["path"], path)))
    moved = assert_close(np.array(result["path"][-1]) - result["path"][0], path[-1] - path[0],
                         1e-9, "how far the parameters moved")
    cost = assert_close(result["history"], history, 1e-9, "C_T history")
    print(f"{start}, eta {eta}, {steps} steps: parameters within {worst:.1e}, their move within "
          f"{moved:.1e}, C_T within {cost:.1e}; C_T {history[0]:.4f} -> {history[-1]:.4f}")
    assert history[-1] < history[0]  # the trajectory goes somewhere


def test_published_data_is_the_snippets(built_site):
    """The site's CNN69_DATA is exactly what snippets/cnn_playground.py computes: the 96
    images, and the parameters before and after the book's training run."""
    data = published_data(built_site)
    assert data == json.loads(json.dumps(cnn_playground.network_data()))
    assert data["images"] == [list(pixels) for pixels, label in IMAGES]
    assert data["eta"] == cnn_parameters.ETA and data["epochs"] == cnn_parameters.EPOCHS
    for name in NAMES:
        assert np.array_equal(np.array(data["trained"][name]), TRAINED[name])
        assert np.array_equal(np.array(data["initial"][name]),
                              cnn_vector.init_parameters(cnn_parameters.SEED)[name])


# --- the page, driven as a reader drives it -------------------------------------------------

STATE = r"""
(root) => {
    const number = (text) => Number(text.replace("\u2212", "-"));
    const texOf = (el) => {
        const items = MathJax.startup.document.getMathItemsWithin([el]);
        return items.length ? items[0].math : el.textContent;
    };
    return {
        pixels: [...root.querySelectorAll(".net47-pixel")]
            .map((p) => (p.getAttribute("aria-pressed") === "true" ? 1 : 0)),
        window: [...root.querySelectorAll(".net47-pixel")]
            .map((p) => (p.classList.contains("cnn69-window") ? 1 : 0)),
        maps: [...root.querySelectorAll(".cnn69-unit")].map((u) => number(u.textContent)),
        winners: [...root.querySelectorAll(".cnn69-unit")]
            .map((u) => (u.classList.contains("cnn69-winner") ? 1 : 0)),
        chosen: [...root.querySelectorAll(".cnn69-unit")]
            .map((u) => (u.getAttribute("aria-pressed") === "true" ? 1 : 0)),
        pooled: [...root.querySelectorAll(".cnn69-value")].map((v) => number(v.textContent)),
        outputs: [...root.querySelectorAll(".net47-readout tbody tr")]
            .map((tr) => [...tr.querySelectorAll("td")].map((td) => number(td.textContent))),
        says: root.querySelector(".net47-says").textContent,
        position: root.querySelector(".cnn69-position").textContent,
        announced: root.querySelector(".cnn69-announce").textContent,
        tex: [...root.querySelectorAll(".cnn69-pair .pair__math")].map(texOf),
    };
}
"""


def state(page):
    settle(page)
    return page.locator(PLAYGROUND).evaluate(STATE)


def assert_shows_numpy(shown):
    """The maps, the pooled maps, the outputs and the answer are numpy's for the image shown."""
    x = np.array(shown["pixels"], dtype=float).reshape(1, 6, 6)
    ZF, AF, AP, ZO, AO = cnn_vector.forward(TRAINED, x)
    half = 0.5e-2 + 1e-12  # two decimals
    assert np.max(np.abs(np.array(shown["maps"]) - AF.ravel())) <= half
    assert np.max(np.abs(np.array(shown["pooled"]) - AP.ravel())) <= half
    assert shown["winners"] == cnn_vector.winners(AF).astype(int).ravel().tolist()
    rows = np.stack([ZO[0], AO[0]], axis=1)
    assert np.max(np.abs(np.array(shown["outputs"]) - rows)) <= 0.5e-4 + 1e-12, (shown["outputs"], rows)
    assert shown["says"].strip().endswith(str(int(cnn_vector.predict(TRAINED, x)[0])))


NUMBER = r"(-?\d+\.\d+)"


def parse_expansion(tex):
    """The nine (weight, pixel) terms, the bias, the sum z, and sigma's argument and value"""
    terms = [(float(w), int(p)) for w, p in re.findall(rf"\({NUMBER}\)\(([01])\)", tex)]
    bias, z = map(float, re.search(rf"\{{\}}\+ \({NUMBER}\) = {NUMBER}", tex).groups())
    argument, a = map(float, re.search(rf"\\sigma\({NUMBER}\) = {NUMBER}", tex).groups())
    return terms, bias, z, argument, a


def assert_expansion(shown, k, i, j):
    """Map k's unit (i, j), counted from 0: its window is framed, and both sides of the pair
    write out its nine products and bias with the filter's weights and the image's pixels;
    the numbers shown add up to the z shown, and sigma of it is the a shown."""
    x = np.array(shown["pixels"], dtype=float).reshape(6, 6)
    frame = np.zeros((6, 6), dtype=int)
    frame[i:i + 3, j:j + 3] = 1
    assert shown["window"] == frame.ravel().tolist()
    chosen = np.zeros((3, 4, 4), dtype=int)
    chosen[k, i, j] = 1
    assert shown["chosen"] == chosen.ravel().tolist()
    expanded, vector = shown["tex"]
    assert f"z^{{\\mathrm{{F}}}}_{{{k + 1}{i + 1}{j + 1}}}" in expanded
    terms, bias, z, argument, a = parse_expansion(expanded)
    assert len(terms) == 9
    w, b = TRAINED["WF"][k], TRAINED["bF"][k]
    for (weight, pixel), true_weight, true_pixel in zip(terms, w.ravel(), x[i:i + 3, j:j + 3].ravel()):
        assert abs(weight - true_weight) <= 0.5e-2 + 1e-12 and pixel == true_pixel
    assert abs(bias - b) <= 0.5e-2 + 1e-12
    # the arithmetic on the page holds for the digits shown
    assert math.isclose(sum(weight * pixel for weight, pixel in terms) + bias, z, abs_tol=1e-9)
    assert argument == z and abs(a - 1 / (1 + math.exp(-z))) <= 0.5e-3 + 1e-12
    # ... and its z is the network's, up to the rounding of ten numbers
    ZF = cnn_vector.forward(TRAINED, x[None])[0]
    assert abs(z - ZF[0, k, i, j]) <= 10 * 0.5e-2 + 1e-9
    assert f"z = {ZF[0, k, i, j]:.4f}".replace("-", "\u2212") in shown["position"]
    # the vector side: the same filter, window and bias, the same z and a
    matrices = re.findall(r"\\begin\{pmatrix\}(.*?)\\end\{pmatrix\}", vector)
    assert len(matrices) == 2
    filter_shown = [float(v) for v in re.findall(NUMBER, matrices[0])]
    window_shown = [int(v) for v in re.findall(r"-?\d+", matrices[1])]
    assert filter_shown == [weight for weight, _ in terms]
    assert window_shown == [pixel for _, pixel in terms]
    assert f"\\star G)_{{{i + 1}{j + 1}}}" in vector
    assert f"= {z:.2f}" in vector
    assert f"\\sigma({z:.2f}) = {a:.3f}" in vector


def pixel(page, row, column):
    return page.locator(PLAYGROUND).get_by_role("button", name=f"Pixel row {row}, column {column}", exact=True)


def unit(page, k, i, j):
    """Feature map k's unit in row i, column j (counted from 1), by its accessible name"""
    return page.locator(PLAYGROUND).get_by_role("button", name=re.compile(rf"^Map {k}, row {i}, column {j}:"))


@pytest.mark.browser
def test_drawing_updates_maps_and_outputs(opened):
    """The page starts on training image 1; every pixel clicked, every image loaded, updates
    the maps, the pooled maps, the outputs and the answer to numpy's."""
    page = opened.page
    shown = state(page)
    assert shown["pixels"] == list(IMAGES[0][0])
    assert_shows_numpy(shown)
    assert_expansion(shown, 0, 0, 0)
    for row, column in [(1, 5), (3, 6), (6, 1), (2, 2)]:
        before = state(page)["pixels"][6 * (row - 1) + column - 1]
        pixel(page, row, column).click()
        shown = state(page)
        assert shown["pixels"][6 * (row - 1) + column - 1] == 1 - before
        assert_shows_numpy(shown)
        assert_expansion(shown, 0, 0, 0)
    page.get_by_role("button", name="Clear the image").click()
    shown = state(page)
    assert shown["pixels"] == [0] * 36
    assert_shows_numpy(shown)
    # blank: each map holds sigma of its bias sixteen times, as the page says
    for k in range(3):
        cells = shown["maps"][16 * k:16 * (k + 1)]
        assert cells == [round(1 / (1 + math.exp(-TRAINED["bF"][k])), 2)] * 16
    load = page.get_by_label("Load a training image")
    for n in (33, 70, 96):
        load.select_option(label=f"Image {n}, a {IMAGES[n - 1][1]}")
        shown = state(page)
        assert shown["pixels"] == list(IMAGES[n - 1][0])
        assert_shows_numpy(shown)
        assert shown["says"].strip().endswith(str(IMAGES[n - 1][1]))  # trained to 96/96


@pytest.mark.browser
def test_chosen_position_expansion_adds_up(opened):
    """Clicking a unit of a feature map writes out its convolution: nine products and the
    bias, with the numbers substituted, that add up to the z shown; on several images and
    positions of every map."""
    page = opened.page
    load = page.get_by_label("Load a training image")
    for n, positions in [(1, [(1, 1, 1), (2, 2, 3), (3, 4, 4)]), (50, [(1, 3, 2), (2, 1, 4), (3, 2, 1)]),
                         (81, [(1, 4, 1), (2, 3, 3), (3, 1, 2)])]:
        load.select_option(label=f"Image {n}, a {IMAGES[n - 1][1]}")
        for k, i, j in positions:
            unit(page, k, i, j).click()
            shown = state(page)
            assert_shows_numpy(shown)
            assert_expansion(shown, k - 1, i - 1, j - 1)
            assert shown["announced"] == shown["position"]
    # the answer and the chosen unit are announced, nothing else; a pixel changed is
    # announced by the answer alone, not by the chosen unit's new numbers
    assert page.locator(f"{PLAYGROUND} [aria-live]").count() == 2
    assert page.locator(f"{PLAYGROUND} .net47-says[aria-live=polite]").count() == 1
    assert page.locator(f"{PLAYGROUND} .cnn69-announce[aria-live=polite]").count() == 1
    announced = state(page)["announced"]
    pixel(page, 3, 3).click()
    shown = state(page)
    assert shown["announced"] == announced and shown["position"] != announced


@pytest.mark.browser
def test_keyboard(opened):
    """Tab reaches the image and each map; arrow keys move within them (not past an edge),
    Space and Enter toggle a pixel or choose a unit; focus shows an outline; every control
    has a name."""
    page = opened.page
    unnamed = page.evaluate(
        """() => [...document.querySelectorAll('.cnn69 :is(button, select)')]
            .filter((c) => !(c.getAttribute('aria-label')
                || (c.labels && c.labels.length && c.labels[0].textContent.trim())
                || c.textContent.trim()))
            .map((c) => c.outerHTML)""")
    assert unnamed == []
    focused = "() => document.activeElement.getAttribute('aria-label') || document.activeElement.textContent"
    pixel(page, 1, 1).focus()
    for key in ["ArrowRight", "ArrowRight", "ArrowDown", "ArrowLeft"]:
        page.keyboard.press(key)
    assert page.evaluate(focused) == "Pixel row 2, column 2"
    outline = page.evaluate(
        """() => { const el = document.activeElement; const s = getComputedStyle(el);
                   return [el.matches(':focus-visible'), s.outlineStyle, s.outlineWidth]; }""")
    assert outline[0] and outline[1] != "none" and outline[2] != "0px"
    before = state(page)["pixels"][7]
    page.keyboard.press("Space")
    shown = state(page)
    assert shown["pixels"][7] == 1 - before
    assert_shows_numpy(shown)
    page.keyboard.press("End")
    page.keyboard.press("ArrowRight")  # past the edge: stays on column 6
    assert page.evaluate(focused) == "Pixel row 2, column 6"
    page.keyboard.press("Enter")
    assert state(page)["pixels"][11] == 1 - IMAGES[0][0][11]
    # Tab leaves the image for the menu, the button and then the maps, one stop each
    for _ in range(3):
        page.keyboard.press("Tab")
    assert page.evaluate(focused).startswith("Map 1, row 1, column 1:")
    page.keyboard.press("Tab")
    assert page.evaluate(focused).startswith("Map 2, row 1, column 1:")
    for key in ["ArrowDown", "ArrowDown", "ArrowRight", "ArrowUp"]:
        page.keyboard.press(key)
    assert page.evaluate(focused).startswith("Map 2, row 2, column 2:")
    page.keyboard.press("Space")
    shown = state(page)
    assert_expansion(shown, 1, 1, 1)
    assert shown["position"].startswith("Map 2, row 2, column 2:")


FITS = """(root) => [...root.querySelectorAll('.cnn69-pair .pair__math')].map((box) => {
    // The formula itself (mjx-math), not its container, which is as wide as the box; widths
    // in the same sub-pixel units (clientWidth is rounded to whole pixels)
    const math = box.querySelector('mjx-container mjx-math');
    const container = box.querySelector('mjx-container');
    const scrolls = container && container.scrollWidth > container.clientWidth + 1;
    return [math ? math.getBoundingClientRect().width : 0, box.getBoundingClientRect().width,
            Math.max(box.scrollWidth - box.clientWidth, scrolls ? container.scrollWidth : 0)];
})"""


@pytest.mark.browser
@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_palettes_and_widths(tab, scheme):
    """In either palette, at 1280 and 375 px: ink and paper differ, the page does not scroll
    sideways, and each line of the formulas fits its side with no scrolling, for a unit of
    every filter (a filter's nine weights set the width of its lines)."""
    each = tab(color_scheme=scheme)
    page = each.page
    each.open(PAGE)
    page.wait_for_selector(f"{PLAYGROUND}[data-ready]", state="attached")
    assert page.evaluate("() => document.body.getAttribute('data-md-color-scheme')") == \
        ("slate" if scheme == "dark" else "default")
    colours = page.evaluate(
        """() => ["true", "false"].map((pressed) => getComputedStyle(
            document.querySelector(`.cnn69 .net47-pixel[aria-pressed="${pressed}"]`)).backgroundColor)""")
    assert colours[0] != colours[1]
    for viewport in (DESKTOP, PHONE):
        page.set_viewport_size(viewport)
        for k in (1, 2, 3):
            unit(page, k, 2, 3).click()
            each.typeset()
            assert page.evaluate("document.documentElement.scrollWidth") <= viewport["width"]
            for width, room, scrolled in page.locator(PLAYGROUND).evaluate(FITS):
                assert 0 < width <= room and scrolled <= room, (viewport, k, width, room, scrolled)
    assert_clean(page_problems(each, []))


def test_what_to_try_holds():
    """The page's suggestions: image 5 is image 1 one column to the right, and its feature
    maps are image 1's shifted one column; a 2 and a 3 differ only in the last two rows of
    their box."""
    assert np.array_equal(X[4][:, 1:], X[0][:, :-1]) and not X[0][:, -1].any()
    ZF = cnn_vector.forward(TRAINED, X[[0, 4]])[0]
    assert np.allclose(ZF[1][:, :, 1:], ZF[0][:, :, :-1], rtol=0, atol=1e-12)
    two, three = cnn_dataset.PROTOTYPES[2], cnn_dataset.PROTOTYPES[3]
    assert [row for row in range(5) if two[row] != three[row]] == [3, 4]
