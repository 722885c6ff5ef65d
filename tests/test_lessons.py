"""The lessons a learner takes home: each downloaded notebook runs on its own, offline, in an
empty folder, and shows its figures as images, on the site and in the download."""

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from conftest import ROOT, SNIPPETS

HOOKS = ROOT / "scripts" / "hooks"
JUPYTER = Path(sys.executable).with_name("jupyter")
LESSONS = sorted(path.stem for path in SNIPPETS.glob("*.py")
                 if re.search(r"^# %%", path.read_text(encoding="utf-8"), re.MULTILINE))

# Loaded first by every Python the test starts (the kernel too): any connection to a host
# other than this machine fails, as it would with no network at all.
OFFLINE = '''
import socket

_connect = socket.socket.connect


def _local_only(self, address):
    host = address[0] if isinstance(address, tuple) else address
    if isinstance(host, str) and host not in ("127.0.0.1", "::1", "localhost") and "/" not in host:
        raise OSError(f"offline: no connection to {host}")
    return _connect(self, address)


def _no_lookup(*args, **kwargs):
    raise OSError("offline: no name lookups")


socket.socket.connect = _local_only
socket.getaddrinfo = _no_lookup
'''


def library_modules(name):
    """The book's modules a lesson imports by name"""
    source = (SNIPPETS / f"{name}.py").read_text(encoding="utf-8")
    imported = set(re.findall(r"^(?:import|from) (\w+)", source, re.M))
    return {module for module in imported if (SNIPPETS / f"{module}.py").exists()}


def notebook(built_site, name):
    return json.loads((built_site / f"lessons/{name}/{name}.ipynb").read_text(encoding="utf-8"))


def outputs(cell):
    return cell.get("outputs", [])


def printed(cell):
    """What a cell printed, however the kernel's flushes cut it into outputs"""
    return "".join("".join(o["text"]) for o in outputs(cell) if o["output_type"] == "stream")


def is_figure_cell(cell):
    """A code cell whose last line draws a figure: figure_something(...) or plot_something(...)"""
    lines = [line for line in "".join(cell["source"]).splitlines() if line.strip()]
    return bool(lines) and re.match(r"^(?:figure|plot)_\w+\(.*\)$", lines[-1]) is not None


# Each curriculum chapter's lesson (the chapters' folders, as in the nav).
CHAPTER_LESSONS = {"thinking": "neuron", "toolkit": "calculus_by_hand", "optimizing": "cost_by_hand",
                   "backprop": "backprop", "convolution": "cnn", "bridge": "penalty_by_hand"}
NOT_CHAPTERS = {"appendix", "interactive"}  # the nav's other folders of pages


def test_there_is_a_lesson_for_each_chapter_in_the_nav():
    # the home page says so: "Every chapter also has a lesson to run as a notebook"
    from mkdocs.utils.yaml import yaml_load
    from conftest import nav_pages

    chapters = {page.split("/")[0] for page in nav_pages() if "/" in page} - NOT_CHAPTERS
    assert set(CHAPTER_LESSONS) == chapters
    for chapter, lesson in CHAPTER_LESSONS.items():  # and a page of the chapter links to it
        pages = (ROOT / "docs" / chapter).glob("*.md")
        assert any(f"../lessons/{lesson}.ipynb" in page.read_text(encoding="utf-8") for page in pages), chapter
    nav = yaml_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))["nav"]
    part = next(entry["Lessons"] for entry in nav if isinstance(entry, dict) and "Lessons" in entry)
    listed = [Path(next(iter(item.values()))).stem for item in part]
    assert set(CHAPTER_LESSONS.values()) <= set(listed) <= set(LESSONS)
    places = [listed.index(lesson) for lesson in CHAPTER_LESSONS.values()]
    assert places == sorted(places), "the lessons follow the chapters"


@pytest.mark.parametrize("name", sorted(set(CHAPTER_LESSONS.values()) - {"backprop", "cnn"}))
def test_each_chapter_lesson_draws_a_figure(name, built_site):
    cells = notebook(built_site, name)["cells"]
    images = [o for c in cells for o in outputs(c) if "image/png" in o.get("data", {})]
    assert images, f"{name} draws no figure"


@pytest.mark.parametrize("name", LESSONS)
def test_a_downloaded_lesson_runs_alone_offline_in_an_empty_folder(name, built_site, tmp_path):
    folder, guard = tmp_path / "learner", tmp_path / "offline"
    folder.mkdir()
    guard.mkdir()
    (guard / "sitecustomize.py").write_text(OFFLINE, encoding="utf-8")
    download = folder / f"{name}.ipynb"
    download.write_bytes((built_site / f"lessons/{name}/{name}.ipynb").read_bytes())
    env = {key: value for key, value in os.environ.items() if key != "PYTHONPATH"}
    env.update(PYTHONPATH=str(guard), MPLBACKEND="", HOME=str(tmp_path / "home"))
    result = subprocess.run(
        [str(JUPYTER), "nbconvert", "--to", "notebook", "--execute", download.name,
         "--output", "executed.ipynb"],
        cwd=folder, env=env, capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stderr[-3000:]
    ran = json.loads((folder / "executed.ipynb").read_text(encoding="utf-8"))
    built = notebook(built_site, name)
    code = [cell for cell in ran["cells"] if cell["cell_type"] == "code"]
    assert not any(out["output_type"] == "error" for cell in code for out in outputs(cell))
    # The modules it imported were the ones it carries, written beside it from snippets/.
    library = folder / "library"
    if library_modules(name):
        for path in library.iterdir():
            assert path.read_bytes() == (SNIPPETS / path.name).read_bytes(), path.name
        assert {f"{module}.py" for module in library_modules(name)} | {"digits.txt"} <= {
            path.name for path in library.iterdir()}
    else:
        assert not library.exists()  # a lesson that imports nothing of the book carries nothing
    # It printed what the build's run printed, and drew every figure as an image.
    for mine, theirs in zip(code, (c for c in built["cells"] if c["cell_type"] == "code")):
        assert printed(mine) == printed(theirs)
        if is_figure_cell(mine):
            assert any("image/png" in o.get("data", {}) or "image/svg+xml" in o.get("data", {})
                       for o in outputs(mine)), "".join(mine["source"])


@pytest.mark.parametrize("name", LESSONS)
def test_the_library_cell_is_made_from_the_snippets_not_pasted(name, built_site):
    cells = notebook(built_site, name)["cells"]
    carried = [cell for cell in cells if "library" in cell["metadata"].get("tags", [])]
    assert len(carried) == (1 if library_modules(name) else 0)
    if not carried:
        return
    first_code = next(cell for cell in cells if cell["cell_type"] == "code")
    assert first_code is carried[0]
    scope = {}
    source = "".join(carried[0]["source"])
    exec(compile(source.split("\nlibrary = ")[0], "<library cell>", "exec"), scope)
    assert library_modules(name) <= {Path(n).stem for n in scope["LIBRARY"]}
    for file_name, text in scope["LIBRARY"].items():
        assert text == (SNIPPETS / file_name).read_text(encoding="utf-8"), file_name


@pytest.mark.parametrize("name", LESSONS)
def test_every_figure_is_an_image_on_the_page_and_in_the_download(name, built_site):
    cells = notebook(built_site, name)["cells"]
    for cell in cells:
        for out in outputs(cell):
            text = "".join(out.get("data", {}).get("text/plain", ""))
            if "<Figure size" in text:
                assert {"image/png", "image/svg+xml"} & set(out["data"]), "".join(cell["source"])
    figures = [cell for cell in cells if cell["cell_type"] == "code" and is_figure_cell(cell)]
    for cell in figures:
        assert any({"image/png", "image/svg+xml"} & set(o.get("data", {})) for o in outputs(cell))
    html = (built_site / f"lessons/{name}/index.html").read_text(encoding="utf-8")
    assert html.count('src="data:image/png;base64,') + html.count("<svg") >= len(figures)
    assert "&lt;Figure size" not in html and "<Figure size" not in html
    assert "LIBRARY = {" not in html  # the carried library is for the download alone


def test_the_neuron_lesson_draws_its_two_figures(built_site):
    cells = notebook(built_site, "neuron")["cells"]
    assert sum(is_figure_cell(cell) for cell in cells if cell["cell_type"] == "code") >= 2


def test_a_figure_shown_as_text_fails_the_build_with_the_line(tmp_path):
    sys.path.insert(0, str(HOOKS))
    try:
        import lessons
        import nbformat
    finally:
        sys.path.remove(str(HOOKS))
    lesson = SNIPPETS / "neuron.py"
    source = lesson.read_text(encoding="utf-8")
    nb = nbformat.v4.new_notebook()
    cell = nbformat.v4.new_code_cell("figure_weights()")
    cell.outputs = [nbformat.v4.new_output("execute_result", data={
        "text/plain": "<Figure size 260x320 with 1 Axes>"}, execution_count=1)]
    nb.cells = [cell]
    problems = lessons.figures_as_text(lesson, nb)
    line = source[:source.index("# %%\nfigure_weights()\n")].count("\n") + 2
    assert problems == [problems[0]] and problems[0].startswith(f"snippets/neuron.py:{line}: ")
    assert "%matplotlib inline" in problems[0]
    cell.outputs[0]["data"]["image/png"] = "iVBORw0KGgo="
    assert lessons.figures_as_text(lesson, nb) == []


def hooks():
    sys.path.insert(0, str(HOOKS))
    try:
        import lessons
        import pair_block
    finally:
        sys.path.remove(str(HOOKS))
    return lessons, pair_block


def test_an_unpaired_sum_in_a_lesson_cell_fails_with_the_snippet_line(tmp_path):
    import markdown
    from mkdocs.exceptions import PluginError

    lessons, pair_block = hooks()
    lesson = tmp_path / "toy.py"
    lesson.write_text("# %% [markdown]\n# # Toy\n#\n# $s = x_1 + \\cdots + x_{12}$\n\n# %%\nprint(1)\n",
                      encoding="utf-8")
    source = lessons.markdown_source(lesson)
    assert source.split("\n")[3] == "$s = x_1 + \\cdots + x_{12}$" and "print" not in source
    extension = pair_block.PairExtension()
    extension.page = ("snippets/toy.py", source)
    with pytest.raises(PluginError, match=r"^snippets/toy\.py:4: expanded sum outside a formula pair"):
        markdown.Markdown(extensions=["pymdownx.arithmatex", extension],
                          extension_configs={"pymdownx.arithmatex": {"generic": True}}).convert(source)


def test_a_pair_in_a_lesson_cell_shows_in_the_notebook_as_labelled_formulas():
    lessons, pair_block = hooks()
    cell = ("Before.\n\n/// pair | The weighted input\n    check: neuron.weighted_sum\n"
            "//// expanded\n$$z = w_1 x_1 + \\cdots + b$$\n////\n//// vector\n"
            "$$z = \\mathbf{w} \\cdot \\mathbf{x} + b$$\n////\n///\n\nAfter.")
    shown = lessons.notebook_markdown(cell, {"pair_expanded": "Expanded", "pair_vector": "Vector form"})
    assert shown == ("Before.\n\n**The weighted input**\n\n*Expanded:*\n\n$$z = w_1 x_1 + \\cdots + b$$\n\n"
                     "*Vector form:*\n\n$$z = \\mathbf{w} \\cdot \\mathbf{x} + b$$\n\nAfter.")


def test_the_lessons_markdown_in_the_download_holds_no_block_syntax(built_site):
    for name in LESSONS:
        for cell in notebook(built_site, name)["cells"]:
            if cell["cell_type"] == "markdown":
                text = "".join(cell["source"])
                assert "///" not in text and "check:" not in text, text


def test_a_lessons_symbols_are_those_of_its_page_in_the_notation_table(tmp_path, monkeypatch):
    from types import SimpleNamespace

    from mkdocs.exceptions import PluginError

    lessons, pair_block = hooks()
    sys.path.insert(0, str(HOOKS))
    try:
        import notation_check
    finally:
        sys.path.remove(str(HOOKS))
    monkeypatch.setattr(lessons.snippet_runs, "ROOT", tmp_path)
    (tmp_path / "snippets").mkdir()
    text = "# %% [markdown]\n# # Toy\n#\n# Nudge $\\theta_m$ by $h$.\n\n# %%\nprint(1)\n"

    def check(name):
        lesson = tmp_path / "snippets" / f"{name}.py"
        lesson.write_text(text, encoding="utf-8")
        table = ROOT / "docs" / "appendix" / "notation.md"
        config = SimpleNamespace(
            markdown_extensions=["pymdownx.arithmatex", pair_block.PairExtension(),
                                 notation_check.NotationExtension(table=str(table), shown="docs/appendix/notation.md")],
            mdx_configs={"pymdownx.arithmatex": {"generic": True}}, docs_dir=str(ROOT / "docs"))
        lessons.check_markdown(lesson, config)

    check("cost_by_hand")  # its page, lessons/cost_by_hand.ipynb, declares m in the table
    with pytest.raises(PluginError, match=r"^snippets/toy\.py:4: in \$\\theta_m\$: \$m\$ (\(italic\) )?is not in the notation table"):
        check("toy")


# --- what the lessons say, computed as they compute it ---------------------------------------

def run_lesson(name):
    """A lesson's names after running it top to bottom, as a script, in a quiet stdout"""
    import contextlib
    import io
    import runpy
    with contextlib.redirect_stdout(io.StringIO()) as out:
        names = runpy.run_path(str(SNIPPETS / f"{name}.py"), run_name="lesson")
    return names, out.getvalue()


def test_calculus_by_hand_checks_every_derivative_it_works_out():
    names, out = run_lesson("calculus_by_hand")
    # sigma'(1), which "Try it" asks about, is printed beside its central difference
    [(rule, nudged)] = re.findall(r"sigma'\(1\) = ([\d.]+), central difference ([\d.]+)", out)
    assert abs(float(rule) - float(nudged)) < 1e-9
    # the gradient of f = x^2 + 4y^2 is measured too, and agrees with (2x, 8y)
    found = re.findall(r"df/d[xy] at \(-2.0, 1.0\): rule \d[xy] = (-?[\d.]+), nudging [xy] (-?[\d.]+)", out)
    assert [float(rule) for rule, _ in found] == [-4.0, 8.0]
    assert all(abs(float(rule) - float(nudged)) < 1e-8 for rule, nudged in found)
    # the central difference of x^2 is exact but for rounding: its error is not an h^2 term
    h = 1e-5
    assert names["central_difference"](names["square"], 1.0, h) - 2.0 != 0  # rounding shows
    assert abs(names["central_difference"](names["square"], 1.0, h) - 2.0) < 1e-9
    # the chain rule is not used before its section
    text = (SNIPPETS / "calculus_by_hand.py").read_text(encoding="utf-8")
    assert "chain rule" not in text[text.index("## A derivative by nudging"):text.index("## The chain rule")]


def test_weight_decay_by_hand_records_the_parameters_it_returns():
    names, out = run_lesson("penalty_by_hand")
    vector, X, T = names["vector"], names["X"], names["T"]
    params, norms, costs = names["train"](names["start"], 0.1, epochs=5)
    assert len(costs) == len(norms) == 6  # the start and after each of 5 steps
    assert costs[-1] == float(vector.total_cost(params, X, T))
    assert norms[-1] == names["weight_norm"](params)
    assert costs[0] == float(vector.total_cost(names["start"], X, T))


def test_cost_by_hand_draws_each_slice_with_its_own_tangent():
    names, out = run_lesson("cost_by_hand")
    trained, m = names["trained"], 39
    assert names["parameters"].names()[m] == ("w^3_{11}", "W3[0, 0]")  # theta_40, as "Try it" says
    fig = names["plot_slice"](trained, m)
    values, tangent = (np.asarray(line) for line in fig.axes[0].lines[1].get_data())
    slope = (tangent[-1] - tangent[0]) / (values[-1] - values[0])
    exact = names["parameters"].theta_vector(names["vector"].gradients(trained, names["X"], names["T"]))[m]
    assert slope == pytest.approx(exact, rel=1e-5, abs=1e-8)
    start_slope = names["gradient"][m]
    assert abs(exact - start_slope) > 1e-3  # at the start the tangent would have been wrong


def test_the_backprop_lessons_layer_check_compares_the_activations_too():
    import backprop  # noqa: F401  (a snippet; its pair's check)
    names, out = run_lesson("backprop")
    expanded_form, vector_form, draw = names["CHECKS"]["layer"]
    case = draw(np.random.default_rng(5))
    ours, theirs = expanded_form(**case), vector_form(**case)
    assert len(ours) == len(theirs) == 10  # z2, a2, z3, a3
    np.testing.assert_allclose(ours, theirs, rtol=1e-12)
    assert all(0 < a < 1 for a in ours[3:6] + ours[8:])


def test_lessons_say_nothing_of_the_books_machinery():
    for name in LESSONS:
        text = (SNIPPETS / f"{name}.py").read_text(encoding="utf-8")
        prose = "\n".join(line for line in text.splitlines() if line.startswith("#"))
        assert not re.search(r"the book's tests|As in every chapter|the build", prose), name


def test_each_lessons_title_is_its_name_in_the_nav():
    nav = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    for name in CHAPTER_LESSONS.values():
        title = re.search(r"^# # (.+)$", (SNIPPETS / f"{name}.py").read_text(encoding="utf-8"), re.M)
        entry = re.search(rf"^\s*- (.+?) \(notebook\): lessons/{name}\.ipynb$", nav, re.M)
        assert title.group(1) == entry.group(1), name
