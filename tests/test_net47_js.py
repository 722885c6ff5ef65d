"""docs/javascripts/net47.js, run in headless Chromium, against numpy (snippets/vector.py).

The browser computes the forward pass, the gradients and gradient-descent steps in
JavaScript; numpy computes them independently, with its own order of summation. The
network data the site publishes (downloads/playground/network.js) must be what
snippets/playground.py computes.
"""

import json

import numpy as np
import pytest

from conftest import ROOT

import dataset
import parameters
import playground
import vector

NET47 = ROOT / "docs" / "javascripts" / "net47.js"
X, T = dataset.to_arrays(dataset.load_dataset())
NAMES = list(vector.SHAPES)


def published_data(site):
    """window.NET47_DATA as the built site publishes it."""
    text = (site / "downloads" / "playground" / "network.js").read_text(encoding="utf-8")
    prefix = "window.NET47_DATA = "
    assert text.startswith(prefix) and text.rstrip().endswith(";")
    return json.loads(text[len(prefix):].rstrip().rstrip(";"))


def as_lists(params):
    return {name: np.asarray(params[name], dtype=float).tolist() for name in NAMES}


def random_parameters(seed):
    rng = np.random.default_rng(1000 + seed)
    return {name: 2.0 * rng.standard_normal(shape) for name, shape in vector.SHAPES.items()}


def assert_close(js, ref, rtol, what):
    """Entry by entry within rtol of the largest entry of the reference array (an entry near 0
    sums terms of the array's size, so its own size is no measure of rounding)."""
    js, ref = np.asarray(js, dtype=float), np.asarray(ref, dtype=float)
    assert js.shape == ref.shape, f"{what}: shape {js.shape}, numpy {ref.shape}"
    scale = np.max(np.abs(ref))
    error = np.max(np.abs(js - ref)) / scale
    assert error <= rtol, f"{what}: relative difference {error:.3g} > {rtol:g}"
    return error


@pytest.fixture(scope="module")
def js(browser):
    """A blank page with net47.js loaded; page.evaluate runs code against window.Net47."""
    context = browser.new_context()
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.add_script_tag(path=str(NET47))
    assert page.evaluate("() => typeof window.Net47") == "object", errors
    yield page
    assert not errors, errors
    context.close()


def js_forward(page, params):
    return page.evaluate(
        "([params, images]) => images.map((x) => Net47.forward(params, x))",
        [as_lists(params), X.tolist()],
    )


@pytest.mark.browser
@pytest.mark.parametrize("which", ["trained", "random 1", "random 2"])
def test_forward_pass_matches_numpy(js, which):
    """z2, a2, z3, a3 of all 64 images within 1e-12."""
    params = parameters.run()[0] if which == "trained" else random_parameters(int(which[-1]))
    Z2, A2, Z3, A3 = vector.forward(params, X)
    result = js_forward(js, params)
    for name, ref in zip(["z2", "a2", "z3", "a3"], [Z2, A2, Z3, A3]):
        assert_close([r[name] for r in result], ref, 1e-12, name)
    labels = js.evaluate(
        "([params, images]) => images.map((x) => Net47.predict(params, x))",
        [as_lists(params), X.tolist()],
    )
    assert labels == vector.predict(params, X).tolist()


@pytest.mark.browser
@pytest.mark.parametrize("seed", [1, 2, 3])
def test_gradients_match_numpy(js, seed):
    """All 47 partial derivatives of C_T, and C_T itself, for random parameters."""
    params = random_parameters(seed)
    result = js.evaluate(
        """([params, images, targets]) => ({
            grads: Net47.gradients(params, images, targets),
            cost: Net47.totalCost(params, images, targets)})""",
        [as_lists(params), X.tolist(), T.tolist()],
    )
    grads = vector.gradients(params, X, T)
    for name in NAMES:
        assert_close(result["grads"][name], grads[name], 1e-12, f"d{name}")
    assert_close(result["cost"], vector.total_cost(params, X, T), 1e-12, "C_T")


@pytest.mark.browser
def test_descent_trajectory_matches_numpy(js, built_site):
    """100 steps from the book's start with the book's eta: all 47 parameters after every
    step, and C_T after every step, within 1e-9."""
    data = published_data(built_site)
    result = js.evaluate(
        """([params, images, labels, eta]) => {
            const path = [Net47.flatten(params)];
            const run = Net47.train(params, images, labels.map(Net47.target), eta, 100,
                (epoch, C_T, now) => { path.push(Net47.flatten(now)); });
            return {path, history: run.history};
        }""",
        [data["initial"], data["images"], data["labels"], data["eta"]],
    )
    params = vector.init_parameters(parameters.SEED)
    path = []
    for _ in range(101):
        path.append(np.concatenate([params[name].ravel() for name in NAMES]))
        params = vector.step(params, vector.gradients(params, X, T), parameters.ETA)
    assert len(result["path"]) == 101
    for epoch, (got, want) in enumerate(zip(result["path"], path)):
        assert_close(got, want, 1e-9, f"parameters after {epoch} steps")
    history = vector.train(vector.init_parameters(parameters.SEED), X, T, parameters.ETA, 100)[1]
    assert_close(result["history"], history, 1e-9, "C_T history")


@pytest.mark.browser
def test_book_run_reproduced(js, built_site):
    """Seed 0 in the browser is the book's run: after parameters.EPOCHS epochs the browser has the
    build's trained parameters and C_T (the playground page promises this)."""
    data = published_data(built_site)
    result = js.evaluate(
        """([initial, images, labels, eta, epochs]) => {
            const run = Net47.train(Net47.initParameters(0, initial), images,
                                    labels.map(Net47.target), eta, epochs);
            return {params: run.params, cost: run.history[epochs]};
        }""",
        [data["initial"], data["images"], data["labels"], data["eta"], data["epochs"]],
    )
    params, history, _, _ = parameters.run()
    for name in NAMES:
        assert_close(result["params"][name], params[name], 1e-9, name)
    assert abs(result["cost"] - history[-1]) <= 1e-9 * history[-1]


@pytest.mark.browser
def test_sigma_and_seeded_start(js):
    """sigma saturates without NaN; seeds give reproducible, different, standard-normal starts."""
    result = js.evaluate(
        """() => ({
            sigma: [-1e4, -800, 0, 800, 1e4].map(Net47.sigma),
            again: Net47.flatten(Net47.initParameters(7)),
            seven: Net47.flatten(Net47.initParameters(7)),
            eight: Net47.flatten(Net47.initParameters(8)),
            many: Array.from({length: 400}, (_, s) => Net47.flatten(Net47.initParameters(s + 1))).flat(),
            book: Net47.initParameters(0, {W2: [[1]], b2: [2], W3: [[3]], b3: [4]}),
        })"""
    )
    assert result["sigma"] == [0, 0, 0.5, 1, 1]
    assert result["again"] == result["seven"] and result["seven"] != result["eight"]
    assert len(result["seven"]) == 47
    many = np.array(result["many"])
    assert abs(many.mean()) < 0.03 and abs(many.std() - vector.SCALE) < 0.03
    assert result["book"] == {"W2": [[1]], "b2": [2], "W3": [[3]], "b3": [4]}


def test_published_data_is_the_snippets(built_site):
    """The site's NET47_DATA is exactly what snippets/playground.py computes."""
    data = published_data(built_site)
    assert data == json.loads(json.dumps(playground.network_data()))
    assert len(data["images"]) == len(data["labels"]) == len(X)
    assert data["eta"] == parameters.ETA and data["epochs"] == parameters.EPOCHS
    trained = parameters.run()[0]
    for name in NAMES:
        assert np.array_equal(np.array(data["trained"][name]), trained[name])
        assert np.array_equal(np.array(data["initial"][name]), vector.init_parameters(parameters.SEED)[name])


@pytest.mark.browser
@pytest.mark.parametrize("batch_size, eta", [(1, 19.2), (8, 2.4), (10, 1.5)])
def test_minibatch_and_stochastic_trajectories_match_numpy(js, built_site, batch_size, eta):
    """20 epochs of mini-batch (or stochastic) descent from the book's start: the batches
    net47.js drew, every image once an epoch; then numpy takes the same batches, and the 47
    parameters and C_T agree after every epoch within 1e-9."""
    data = published_data(built_site)
    result = js.evaluate(
        """([params, images, labels, eta, size]) => {
            const targets = labels.map(Net47.target), uniform = Net47.random(5);
            const path = [Net47.flatten(params)], costs = [], taken = [];
            for (let e = 0; e < 20; e++) {
                const run = Net47.epoch(params, images, targets, eta, size, uniform);
                params = run.params;
                taken.push(run.batches);
                path.push(Net47.flatten(params));
                costs.push(Net47.totalCost(params, images, targets));
            }
            return {path, costs, taken};
        }""",
        [data["initial"], data["images"], data["labels"], eta, batch_size],
    )
    params = vector.init_parameters(parameters.SEED)
    orders = set()
    for epoch, batches in enumerate(result["taken"]):
        assert sorted(n for batch in batches for n in batch) == list(range(64))
        assert [len(b) for b in batches[:-1]] == [batch_size] * (len(batches) - 1)
        orders.add(tuple(n for batch in batches for n in batch))
        for batch in batches:
            params = vector.batch_step(params, X[batch], T[batch], eta)
        assert_close(result["path"][epoch + 1], np.concatenate([params[n].ravel() for n in NAMES]),
                     1e-9, f"parameters after {epoch + 1} epochs")
        assert_close(result["costs"][epoch], vector.total_cost(params, X, T), 1e-9, f"C_T, epoch {epoch + 1}")
    assert len(orders) == 20  # a fresh order every epoch


@pytest.mark.browser
def test_a_full_batch_epoch_is_the_full_batch_step(js, built_site):
    data = published_data(built_site)
    same = js.evaluate(
        """([params, images, labels, eta]) => {
            const targets = labels.map(Net47.target);
            const run = Net47.epoch(params, images, targets, eta, images.length, Net47.random(1));
            const full = Net47.step(params, Net47.gradients(params, images, targets), eta);
            return JSON.stringify(run.params) === JSON.stringify(full) && run.batches.length === 1;
        }""",
        [data["initial"], data["images"], data["labels"], data["eta"]],
    )
    assert same
