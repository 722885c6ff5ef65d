r"""Formula pairs: every snippet check holds, and the build enforces the pair rules.

The check tests run each `CHECKS` entry of snippets/*.py on random inputs. The build tests run a
real `mkdocs build --strict` with the real hook and extension on a one-page copy of the book
(tests/fixtures/pairs/: a page and a toy snippet); the rule tests convert Markdown with the same
extensions as mkdocs.yml, which is quicker, to cover each rule and its line number.
"""

from __future__ import annotations

import functools
import http.server
import importlib
import importlib.util
import shutil
import sys
import threading
from pathlib import Path

import markdown
import numpy as np
import pytest
import yaml
from html import escape as html_escape

from bs4 import BeautifulSoup
from browsing import TYPESET_ALL
from conftest import ROOT, SNIPPETS, mkdocs_build
from mkdocs.exceptions import PluginError
from mkdocs.utils.meta import get_data
from mkdocs.utils.yaml import yaml_load


def hook_module(name: str):
    """A module of scripts/hooks/, loaded by path (the folder does not go on sys.path for good:
    mathjax.py there would hide the mathjax package)."""
    spec = importlib.util.spec_from_file_location(name, ROOT / "scripts" / "hooks" / f"{name}.py")
    module = sys.modules[name] = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


locate = hook_module("locate")  # first: pairs.py imports these by name
pair_block = hook_module("pair_block")
pairs = hook_module("pairs")

FIXTURE = ROOT / "tests" / "fixtures" / "pairs"
CONFIG = yaml_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))
WORDS = yaml.safe_load((ROOT / "snippets" / "words-en.yml").read_text(encoding="utf-8"))
SEEDS = range(20)

ALL_CHECKS = [
    f"{path.stem}.{key}" for path in sorted(SNIPPETS.glob("*.py")) for key in pairs.find_checks(path) or {}
]
MODULES_WITH_CHECKS = sorted(p.stem for p in SNIPPETS.glob("*.py") if "CHECKS" in p.read_text(encoding="utf-8"))


def snippet(module: str):
    return importlib.import_module(module)  # conftest puts snippets/ on sys.path


# --- every check holds --------------------------------------------------------------------


def assert_agree(expanded, vector, where: str) -> None:
    """Equal structure, and numbers equal within 1e-12 relative (1e-14 absolute near zero)."""
    if isinstance(expanded, dict) or isinstance(vector, dict):
        assert isinstance(expanded, dict) and isinstance(vector, dict), f"{where}: one side is a dict"
        assert expanded.keys() == vector.keys(), f"{where}: keys differ"
        for key in expanded:
            assert_agree(expanded[key], vector[key], f"{where}[{key!r}]")
    elif isinstance(expanded, (tuple, list)) and isinstance(vector, (tuple, list)):
        assert len(expanded) == len(vector), f"{where}: {len(expanded)} results against {len(vector)}"
        for i, (e, v) in enumerate(zip(expanded, vector)):
            assert_agree(e, v, f"{where}[{i}]")
    else:
        e, v = np.asarray(expanded, dtype=float), np.asarray(vector, dtype=float)
        assert np.all(np.isfinite(e)) and np.all(np.isfinite(v)), f"{where}: not finite"
        np.testing.assert_allclose(v, e, rtol=1e-12, atol=1e-14, strict=True, err_msg=where)


def leaves(result) -> list[float]:
    if isinstance(result, dict):
        return [x for key in sorted(result) for x in leaves(result[key])]
    if isinstance(result, (tuple, list)) and any(isinstance(r, (tuple, list, dict, np.ndarray)) for r in result):
        return [x for r in result for x in leaves(r)]
    return list(np.asarray(result, dtype=float).ravel())


def test_the_snippets_define_checks():
    assert ALL_CHECKS, "no snippets/*.py defines a CHECKS entry, so no formula pair is checked"


@pytest.mark.parametrize("module", MODULES_WITH_CHECKS)
def test_checks_read_statically_are_the_checks_at_run_time(module):
    static = pairs.find_checks(SNIPPETS / f"{module}.py") or {}
    assert set(snippet(module).CHECKS) == set(static), "the build reads CHECKS without importing it"


@pytest.mark.parametrize("name", ALL_CHECKS)
def test_check_expanded_and_vector_agree(name):
    module, key = name.split(".")
    expanded, vector, sample = snippet(module).CHECKS[key]
    assert callable(expanded) and callable(vector) and callable(sample)
    assert expanded is not vector, "a check must compare two different computations"
    results = []
    for seed in SEEDS:
        # Fresh arguments for each side, in case one of them changes its inputs.
        kwargs = sample(np.random.default_rng(seed))
        assert isinstance(kwargs, dict), "sample_fn(rng) must return a dict of keyword arguments"
        e = expanded(**kwargs)
        v = vector(**sample(np.random.default_rng(seed)))
        assert_agree(e, v, f"{name} with seed {seed}")
        results.append(leaves(e))
    assert any(r != results[0] for r in results), "sample_fn ignores its rng: every seed gave the same result"


def test_assert_agree_can_fail():
    assert_agree([1.0, 2.0], np.array([1.0, 2.0 + 1e-15]), "equal")
    unequal = [(1.0, 1.0 + 1e-9), ([1.0, 2.0], np.array([[1.0, 2.0]])), (1.0, np.nan), ((1.0,), (1.0, 2.0))]
    for expanded, vector in unequal:
        with pytest.raises(AssertionError):
            assert_agree(expanded, vector, "different")


# --- the rules, one page at a time ---------------------------------------------------------


def convert(text: str, source: str | None = None, path="docs/page.md", checks=None) -> str:
    """HTML of `text` with mkdocs.yml's extensions and the pair extension (checks: the toy snippet).

    Includes (pymdownx.snippets) are left out: they are code, and another hook's business.
    """
    names, configs = [], {}
    for entry in CONFIG["markdown_extensions"]:
        name, options = next(iter(entry.items())) if isinstance(entry, dict) else (entry, None)
        if name != "pymdownx.snippets":
            names.append(name)
            configs[name] = options or {}
    checks = checks or pairs.Checks(FIXTURE / "snippets")
    extension = pair_block.PairExtension(lookup=checks.lookup, labels=LABELS)
    extension.page = (path, text if source is None else source)
    return markdown.Markdown(extensions=[*names, extension], extension_configs=configs).convert(text)


def errors(text: str) -> str:
    with pytest.raises(PluginError) as raised:
        convert(text)
    return str(raised.value)


def pair(
    expanded="$$z = w_1 x_1 + \\cdots + w_{12} x_{12} + b$$",
    vector="$$z = \\mathbf{w} \\cdot \\mathbf{x} + b$$",
    title=" | A pair",
    check="toy.weighted_sum",
) -> str:
    lines = [f"/// pair{title}"] + ([f"    check: {check}"] if check else [])
    if expanded is not None:
        lines += ["//// expanded", expanded, "////"]
    if vector is not None:
        lines += ["//// vector", vector, "////"]
    return "\n".join(lines + ["///", ""])


GOOD = pair()
# The reader-facing words come from mkdocs.yml, as the hook passes them.
LABELS = {side: WORDS["build"][f"pair_{side}"] for side in ("expanded", "vector", "sigma", "checked_by")}
FENCE = "```markdown\n" + pair(title="", check="toy.nothing", vector=None) + "```\n"  # an example, no pair


def test_a_good_pair_renders_two_labelled_sides():
    html = BeautifulSoup(convert(GOOD), "html.parser")
    (figure,) = html.select("figure.pair")
    assert figure["data-check"] == "toy.weighted_sum"
    assert figure.select_one(".pair__title").get_text() == "A pair"
    labels = [s.select_one(".pair__label").get_text() for s in figure.select(".pair__side")]
    assert labels == [LABELS["expanded"], LABELS["vector"]]
    for side in figure.select(".pair__side"):
        (math,) = side.select(".pair__math .arithmatex")
        assert math.get_text().startswith("\\[") and math.get_text().endswith("\\]")
    assert "toy.weighted_sum" in figure.select_one(".pair__check").get_text()


def test_sides_written_vector_first_show_expanded_first():
    text = "/// pair\n    check: toy.cost\n//// vector\n$$\\mathbf{b}$$\n////\n//// expanded\n$$a + \\cdots$$\n////\n///\n"
    html = BeautifulSoup(convert(text), "html.parser")
    sides = [side["class"][1] for side in html.select(".pair__side")]
    assert sides == ["pair__side--expanded", "pair__side--vector"]


def broken(**changes) -> str:
    return pair(title=" | Broken", **changes)


HEADER = "pair | Broken"
VECTOR_SUM = "$$z = \\mathbf{w} \\cdot \\mathbf{x} + \\dotsb + b$$"
SIGMA_SUM = "$$C_T = \\sum_{n=1}^{64} C_n$$"


def sigma_pair(vector=SIGMA_SUM, kind="sigma", title=" | Sums") -> str:
    """A pair whose vector side is labelled as Σ notation (`vector: sigma`)."""
    expanded = "$$C_T = C_1 + C_2 + \\cdots + C_{64}$$"
    return pair(expanded=expanded, vector=vector, title=title, check="toy.cost").replace(
        "    check: toy.cost", f"    check: toy.cost\n    vector: {kind}"
    )

# Each broken text: a marker where the reported line starts (a header, or the offending
# formula), and what the message must say.
BROKEN = {
    "missing vector side": (broken(vector=None), HEADER, "has no vector side"),
    "untitled pair among fenced examples": (
        pair(title="", vector=None), "\n/// pair\n    check: toy.weighted_sum", "has no vector side"
    ),
    "missing expanded side": (broken(expanded=None), HEADER, "has no expanded side"),
    "unknown check key": (broken(check="toy.missing"), HEADER, "no CHECKS entry 'missing'"),
    "unknown check module": (broken(check="nosuch.cost"), HEADER, "no snippets/nosuch.py"),
    "malformed check": (broken(check="weighted_sum"), HEADER, "not of the form"),
    "missing check option": (broken(check=None), HEADER, "has no check"),
    "two vector sides": (broken(expanded="$$a$$").replace("//// expanded", "//// vector"), HEADER, "2 vector sides"),
    "content outside the sides": (
        broken().replace("//// vector", "A stray line.\n\n//// vector"), HEADER, "content outside its two sides"
    ),
    "side outside a pair": ("//// vector\n$$b_{stray}$$\n////\n", "//// vector\n$$b_{stray}", "outside a formula pair"),
    "unclosed pair": (broken()[: -len("///\n")], HEADER, "never closed"),
    "sides with the pair's slashes": (broken().replace("////", "///"), "\n/// expanded", "different number of slashes"),
    "unknown option": (broken().replace("check:", "chek:"), HEADER, "was not read as a block"),
    "side without math": (broken(vector="only words"), "//// vector\nonly words", "vector side holds no math"),
    "side with a title": (broken().replace("//// vector", "//// vector | Mine"), "vector | Mine", "takes no title"),
    "inline sum in prose": ("Left alone: $z = w_1 x_1 + \\cdots + b$.\n", "Left alone", "expanded sum outside"),
    "display sum in prose": ("$$\nC_T = \\sum_{n=1}^{64} C_n\n$$\n", "C_T = \\sum", "expanded sum outside"),
    "sum in a list item": ("1. An item.\n\n    With $a_1 + \\dots + a_n$.\n", "With $a_1", "expanded sum outside"),
    "unpaired without reason": ("/// unpaired\n$$C_T = \\sum_n C_n$$\n///\n", "/// unpaired", "needs a reason"),
    "expanded sum on the vector side": (broken(vector=VECTOR_SUM), "\\dotsb", "vector side holds an expanded sum"),
    "sigma on the vector side": (broken(vector=SIGMA_SUM), "C_T = \\sum", "add the option 'vector: sigma'"),
    "dots on a sigma side": (sigma_pair(vector=VECTOR_SUM), "\\dotsb", "vector side holds an expanded sum"),
    "sigma side without a sum": (
        sigma_pair(vector="$$C_T = \\lVert T - A^3 \\rVert^2$$"), "C_T = \\lVert", "has no \\sum"
    ),
    "unknown vector kind": (sigma_pair(kind="matrix"), "pair | Sums", "'vector: matrix' is no kind of vector side"),
    "vector formula in prose": (
        "$$\n\\mathbf{z}^2 = W^2 \\mathbf{x} + \\mathbf{b}^2\n$$\n", "\\mathbf{z}^2 =", "vector formula outside"
    ),
    "matrix formula in prose": ("$$Z^2 = X (W^2)^\\mathsf{T}$$\n", "$$Z^2", "vector formula outside"),
    "vector inequality in an admonition": (
        "!!! note\n\n    $$\\lvert \\mathbf{a} \\cdot \\mathbf{b} \\rvert \\le \\lVert \\mathbf{a} \\rVert$$\n",
        "$$\\lvert", "vector formula outside",
    ),
    "linked vector formula in prose": (
        "$$\\class{term-z}{\\mathbf{z}^2} = \\cssId{w}{W^2} \\mathbf{x}$$\n", "$$\\class", "vector formula outside"
    ),
    "expanded side in vector form": (
        broken(expanded="$$\\mathbf{z}^2 = W^2 \\mathbf{x} + \\mathbf{b}^2$$"), "\\mathbf{z}^2 =",
        "the expanded side is a vector formula",
    ),
    "expanded side for one image in vector form": (
        broken(expanded="$$\\mathbf{z}^2_n = W^2 \\mathbf{x}_n + \\mathbf{b}^2$$"), "\\mathbf{z}^2_n",
        "the expanded side is a vector formula",
    ),
    "vector side of scalars": (broken(vector="$$a^1_i = x_i$$"), "a^1_i = x_i", "vector side shows no vector"),
}


def line_of(marker: str, text: str) -> int:
    """The line where `marker` first starts (after its leading newlines, which pin a line start)."""
    return text[: text.index(marker) + len(marker) - len(marker.lstrip("\n"))].count("\n") + 1


@pytest.mark.parametrize("case", BROKEN, ids=list(BROKEN))
def test_each_broken_page_names_its_line(case):
    broken, marker, message = BROKEN[case]
    # Good pairs and fenced code (holding a pair's example) before and after the broken text.
    text = "\n".join(["# A page", "", GOOD, FENCE, "Some prose.", "", broken, GOOD, FENCE])
    line = line_of(marker, text)
    reported = errors(text)
    assert f"docs/page.md:{line}: " in reported and message in reported, reported
    assert all(row.startswith("docs/page.md:") for row in reported.split("\n")), reported


def test_lines_count_the_front_matter_the_hook_hands_over():
    body = "# A page\n\n" + FENCE + GOOD + "\n" + pair(title=" | Broken", vector=None)
    source = "---\ntitle: Front matter\n---\n\n" + body  # mkdocs strips it before Markdown
    line = line_of("pair | Broken", source)
    with pytest.raises(PluginError, match=rf"docs/page.md:{line}: formula pair has no vector side"):
        convert(body, source)


def test_a_page_reports_all_its_mistakes_at_once():
    text = pair(title=" | One", vector=None) + "\n" + pair(title=" | Two", check=None)
    rows = errors(text).split("\n")
    assert [row.split(": ")[0] for row in rows] == [f"docs/page.md:{line_of(title, text)}" for title in ("One", "Two")]


@pytest.mark.parametrize("tex", [
    "z = w_1 x_1 + w_2 x_2 + \\cdots + b", "a_1 + \\ldots + a_n", "x + \\dots", "\\dotsb + x",
    "C_T = \\sum_n C_n", "a_1 +\\, \\cdots\\, + a_n",
])
def test_expanded_sums_are_recognised(tex):
    assert pair_block.expanded_sum(tex)


@pytest.mark.parametrize("tex", [
    "\\mathbf{x} = (x_1, \\ldots, x_{12})", "x_1, x_2, \\dots, x_{12}", "z = \\mathbf{w} \\cdot \\mathbf{x} + b",
    "w_{11} & \\cdots & w_{1,12}", "\\summary", "\\prod_i a_i",
])
def test_other_math_is_no_expanded_sum(tex):
    assert pair_block.expanded_sum(tex) is None


@pytest.mark.parametrize("tex", [
    "\\mathbf{z}^2 = W^2 \\mathbf{x} + \\mathbf{b}^2", "Z^2 = X (W^2)^\\mathsf{T}", "C_T = \\tfrac12 \\lVert T - A^3 \\rVert^2",
    "\\Delta^3 = (A^3 - T) \\odot A^3", "\\boldsymbol{\\theta} \\leftarrow \\boldsymbol{\\theta} - \\eta \\nabla C_T",
    "\\lvert \\mathbf{a} \\cdot \\mathbf{b} \\rvert \\le \\lVert \\mathbf{a} \\rVert \\lVert \\mathbf{b} \\rVert",
    "\\class{term}{\\mathbf{z}} = \\style{color: red}{W^l} \\mathbf{a}", "X_{\\text{all}} = 1",
    "A^{\\mathrm{P}}_k = \\operatorname{maxpool}(A^2_k)",  # one index: a matrix of a family (a channel)
])
def test_vector_formulas_are_recognised(tex):
    assert pair_block.vector_formula(tex)


@pytest.mark.parametrize("tex", [
    "A^3_{nk} = a^3_{k,n}", "W^2_{ji} = w^2_{ji}", "\\Delta^3_{n,k} = 0", "A^2_{n\\ell} = 1", "z = w_1 x_1 + b", "\\mathbf{x}", "C_T = \\sum_{n=1}^{64} C_n",
    "\\mathbf{w}^\\star", "\\text{Total W^2} = 3", "C_T = C_1 + C_2",
])
def test_other_math_is_no_vector_formula(tex):
    assert pair_block.vector_formula(tex) is None


@pytest.mark.parametrize("tex, term", [
    ("z = w_1 x_1 + b", "w_1"), ("\\mathbf{z}^2 = W^2 \\mathbf{x}", None), ("\\mathbf{a} = (0.25, 1)", "0.2"),
    ("z^2_j = \\mathbf{w}^2_j \\cdot \\mathbf{x} + b^2_j", "b^2_j"), ("\\mathbf{z}_n = W^2 \\mathbf{x}_n", None),
    ("\\frac{\\partial C}{\\partial W^3} = \\begin{pmatrix} \\delta^3_1 a^2_1 \\end{pmatrix}", "\\delta^3_1"),
    ("\\mathbf{a} = \\class{x}{a_1}", "a_1"),
])
def test_an_expanded_side_shows_terms_right_of_its_relation(tex, term):
    found = pair_block.scalar_term(tex)
    assert (found if found is None else found.rstrip("{ ")) == term


def test_a_sigma_pair_is_labelled_and_may_sum():
    html = BeautifulSoup(convert(sigma_pair()), "html.parser")
    labels = [s.select_one(".pair__label").get_text() for s in html.select(".pair__side")]
    assert labels == [LABELS["expanded"], LABELS["sigma"]] and LABELS["sigma"] != LABELS["vector"]


def test_vector_formulas_in_unpaired_blocks_inline_and_code_are_allowed():
    text = "\n".join([
        "/// unpaired | a matrix layout", "$$W^2 = \\begin{pmatrix} w^2_{11} & w^2_{12} \\end{pmatrix}$$", "///", "",
        "Inline, $\\mathbf{z}^2 = W^2 \\mathbf{x}$ is prose.", "", "    $$\\mathbf{z} = W \\mathbf{x}$$", "",
        "$$\\mathbf{x} \\in \\{0, 1\\}^{12}$$", "",
    ])
    assert "pair-unpaired" in convert(text)


def test_sums_in_pairs_unpaired_blocks_and_code_are_allowed():
    text = "\n".join([
        GOOD, "/// unpaired | a sum over images", "$$C_T = \\sum_n C_n$$", "///", "",
        "`$a + \\cdots$` and", "", "    $$\\sum_i x_i$$", "", FENCE,
    ])
    assert "pair__side" in convert(text)


def test_the_chapters_keep_the_pair_rules():
    """Every page of the book and the Markdown cells of every lesson against the pair rules,
    and every check of the snippets in use."""
    checks, problems = pairs.Checks(SNIPPETS), []
    for page in sorted((ROOT / "docs").rglob("*.md")):
        source = page.read_text(encoding="utf-8-sig")
        text, _ = get_data(source)  # without front matter, as mkdocs hands it over
        try:
            convert(text, source, page.relative_to(ROOT).as_posix(), checks)
        except PluginError as e:
            problems.append(str(e))
    hook_module("snippet_runs"), hook_module("drift")  # lessons.py imports them by name
    lessons = hook_module("lessons")
    for lesson in lessons.lessons():
        source = lessons.markdown_source(lesson)  # each line where the snippet has it
        try:
            convert(source, source, lesson.relative_to(ROOT).as_posix(), checks)
        except PluginError as e:
            problems.append(str(e))
    assert checks.used, "no page of the book has a formula pair"
    assert not problems + checks.unused(), "\n".join(problems + checks.unused())


# --- real builds: the hook in mkdocs --------------------------------------------------------


def test_the_book_loads_the_pairs_hook_and_stylesheet():
    assert "scripts/hooks/pairs.py" in CONFIG["hooks"]
    assert "stylesheets/pairs.css" in CONFIG["extra_css"]
    assert (ROOT / "docs" / "stylesheets" / "pairs.css").is_file()


def one_page_book(book, hooks: list[str], **extra) -> Path:
    """The book's copy cut down to the fixture page and toy snippet, with the book's Markdown."""
    for part in ("docs", "snippets"):
        shutil.rmtree(book / part)
        shutil.copytree(FIXTURE / part, book / part)
    for part in ("stylesheets", "javascripts"):
        shutil.copytree(ROOT / "docs" / part, book / "docs" / part)
    config = {
        "site_name": "Formula pairs",
        "theme": CONFIG["theme"],
        "markdown_extensions": CONFIG["markdown_extensions"],
        "hooks": hooks,
        "plugins": [],
        "extra_css": CONFIG["extra_css"],
        # The words the pair labels use, as scripts/hooks/words.py hands them to the hooks.
        # One edition: no language switch.
        "extra": {**{k: v for k, v in CONFIG["extra"].items() if k != "alternate"}, "words": WORDS["build"]},
        **extra,
    }
    (book / "mkdocs.yml").write_text(yaml.safe_dump(config, sort_keys=False), encoding="utf-8")
    return book


@pytest.fixture
def pairs_book(book_copy):
    """A one-page book with only the pairs hook."""
    return one_page_book(book_copy, ["scripts/hooks/pairs.py"])


def build(book) -> tuple[int, str]:
    result = mkdocs_build(book, book / "site")
    return result.returncode, result.stdout + result.stderr


def test_a_good_page_builds_with_labelled_sides(pairs_book):
    code, output = build(pairs_book)
    assert code == 0, output
    html = BeautifulSoup((pairs_book / "site" / "index.html").read_text(encoding="utf-8"), "html.parser")
    assert html.select_one('link[href$="stylesheets/pairs.css"]')
    figures = html.select("article figure.pair")
    assert [f["data-check"] for f in figures] == ["toy.weighted_sum", "toy.cost", "toy.weighted_sum"]
    for figure in figures:
        sides = figure.select(".pair__side")
        assert [s.select_one(".pair__label").get_text() for s in sides] == ["Expanded", "Vector form"]
        for side in sides:
            math = side.select(".pair__math .arithmatex")
            assert math and all(m.get_text()[:2] in ("\\[", "\\(") for m in math)
    assert "Not a pair" not in str(figures)  # the example in fenced code stayed code


@pytest.mark.parametrize("case", ["missing vector side", "missing expanded side", "unknown check key",
                                  "missing check option", "inline sum in prose"])
def test_a_broken_page_fails_the_build_naming_its_line(pairs_book, case):
    broken, marker, message = BROKEN[case]
    page = pairs_book / "docs" / "index.md"
    good = page.read_text(encoding="utf-8")
    text = good.replace("~~~text", broken + "\n~~~text", 1)
    page.write_text(text, encoding="utf-8")
    line = line_of(marker, text)
    code, output = build(pairs_book)
    assert code != 0
    assert f"docs/index.md:{line}: " in output and message in output, output


def test_a_check_no_pair_uses_fails_the_build(pairs_book):
    toy = pairs_book / "snippets" / "toy.py"
    text = toy.read_text(encoding="utf-8").replace(
        '    "cost":', '    "spare": (z_expanded, z_vector, sample_z),\n    "cost":'
    )
    toy.write_text(text, encoding="utf-8")
    line = line_of('"spare"', text)
    code, output = build(pairs_book)
    assert code != 0
    assert f"snippets/toy.py:{line}: check 'toy.spare' is used by no formula pair" in output, output


# --- the layout in a browser ------------------------------------------------------------------

GEOMETRY = """() => ({
    page: [document.documentElement.scrollWidth, window.innerWidth],
    scheme: document.body.getAttribute("data-md-color-scheme"),
    label: getComputedStyle(document.querySelector(".pair__label")).color,
    pairs: [...document.querySelectorAll("figure.pair")].map(figure => ({
        right: figure.getBoundingClientRect().right,
        sides: [...figure.querySelectorAll(".pair__side")].map(side => {
            const box = side.getBoundingClientRect();
            const scrolls = [side, ...side.querySelectorAll("*")].some(el =>
                getComputedStyle(el).overflowX === "auto" && el.scrollWidth > el.clientWidth + 1);
            return {left: box.left, top: box.top, right: box.right, bottom: box.bottom, scrolls};
        }),
    })),
})"""


@pytest.mark.browser
def test_sides_share_a_line_when_they_fit_stack_on_phones_and_scroll_not_overflow(book_copy, browser):
    book = one_page_book(
        book_copy, ["scripts/hooks/mathjax.py", "scripts/hooks/pairs.py"],
        extra_javascript=CONFIG["extra_javascript"],
    )
    code, output = build(book)
    assert code == 0, output
    handler = functools.partial(QuietHandler, directory=str(book / "site"))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    seen = {}
    try:
        for name, width, scheme in [("desktop", 1280, "light"), ("phone", 375, "light"), ("dark", 1280, "dark")]:
            context = browser.new_context(viewport={"width": width, "height": 800}, color_scheme=scheme)
            page = context.new_page()
            page.goto(f"http://127.0.0.1:{server.server_port}/")
            assert page.evaluate(TYPESET_ALL) is None, "MathJax did not load"
            assert page.locator(".pair .arithmatex mjx-math").count() == \
                page.locator(".pair .arithmatex").count() > 0
            seen[name] = page.evaluate(GEOMETRY)
            context.close()
    finally:
        server.shutdown()
        server.server_close()

    def side_by_side(pair):
        expanded, vector = pair["sides"]
        return vector["left"] >= expanded["right"] - 1 and abs(vector["top"] - expanded["top"]) < 1

    def stacked(pair):
        expanded, vector = pair["sides"]
        return vector["top"] >= expanded["bottom"] - 1

    for name, found in seen.items():
        scroll_width, width = found["page"]
        assert scroll_width <= width, f"{name}: the page is {scroll_width}px wide in a {width}px window"
        assert all(pair["right"] <= width for pair in found["pairs"]), name
    # The first pair's expanded side, thirteen terms in one line, is too long to share a line:
    # on a desktop its vector side wraps below it; the second pair's short sides share one.
    long_pair, short_pair = seen["desktop"]["pairs"][:2]
    assert stacked(long_pair), "a formula too long to share its line puts the vector side below"
    assert side_by_side(short_pair), "short sides sit side by side"
    # On a phone every pair stacks, and the long formula scrolls inside its side.
    assert all(stacked(pair) for pair in seen["phone"]["pairs"]), "stacked on a phone, expanded first"
    assert seen["phone"]["pairs"][0]["sides"][0]["scrolls"], "the long formula scrolls inside its side"
    assert (seen["desktop"]["scheme"], seen["dark"]["scheme"]) == ("default", "slate")
    assert seen["desktop"]["label"] != seen["dark"]["label"], "labels take their colour from the palette"


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format, *args):
        pass


# --- TeX errors: what MathJax cannot read fails the build ----------------------------------

NAMES = pair_block.known_names(ROOT / "docs" / "javascripts" / "mathjax.js")
GOOD_TEX = "\n".join([
    "$$\\left( \\frac{a}{b} \\right) = \\begin{pmatrix} 1 \\\\ 2 \\end{pmatrix}, \\quad \\{x\\}$$", "",
    "Linked terms: $\\class{term-w}{w_1} \\cssId{z}{z} \\style{color: red}{b} \\href{#x}{x}$.", "",
    "$$\\begin{aligned} a &= \\bigl(b\\bigr) \\\\ c &= \\lVert x \\rVert \\end{aligned}$$", "",
])

# Each broken TeX: the text, where the reported line starts, and what the message says.
BROKEN_TEX = {
    "unclosed brace": ("Some $\\frac{a}{b$ here.\n", "Some $", "a '{' is never closed"),
    "stray closing brace": ("$$\na_1}\n$$\n", "a_1}", "a '}' closes no '{'"),
    "left without right": ("$$\\left( a + b$$\n", "$$\\left( a", "\\left without \\right"),
    "right without left": ("$$a + b \\right)$$\n", "$$a + b", "\\right without a \\left"),
    "begin without end": ("$$\\begin{aligned} a &= b$$\n", "$$\\begin{aligned} a &= b$$", "\\begin{aligned} without \\end{aligned}"),
    "end of another environment": (
        "$$\n\\begin{pmatrix}\na \\\\ b\n\\end{bmatrix}\n$$\n", "\\end{bmatrix}", "\\end{bmatrix} ends \\begin{pmatrix}",
    ),
    "unknown environment": ("$$\\begin{matrx} a \\end{matrx}$$\n", "$$\\begin{matrx}", "unknown environment 'matrx'"),
    "unknown command": ("$$\nx = 1 \\\\\ny = \\alph\n$$\n", "y = \\alph", "unknown command \\alph"),
    "autoloaded package's command": ("Red: $\\color{red}{x}$.\n", "Red:", "unknown command \\color"),
    "unknown command in a pair": (broken(vector="$$z = \\mathbf{w} \\cdotx \\mathbf{x} + b$$"), "\\cdotx", "unknown command"),
    "unknown command in an admonition": ("!!! note\n\n    Here $\\operatornam{x}$.\n", "Here", "unknown command"),
}


def test_mathjax_names_come_from_mathjax_and_the_book_configuration():
    assert {"base", "ams", "boldsymbol", "html"} <= set(NAMES.packages)
    for macro in ("frac", "alpha", "mathbf", "boldsymbol", "lVert", "tfrac", "class", "cssId", "style", "href",
                  "begin", "left", "middle", "lt", "operatorname", "qquad", "Bigr"):
        assert macro in NAMES.macros, macro
    assert {"aligned", "pmatrix", "array", "cases", "gathered"} <= NAMES.environments
    # MathJax 3.2's html package has no \data (MathJax 4 adds it); \color comes only autoloaded.
    assert not {"data", "color", "cancel", "alph", "cdotx"} & NAMES.macros


def test_a_configuration_adds_packages_and_macros(tmp_path):
    config = tmp_path / "mathjax.js"
    config.write_text('window.MathJax = {tex: {packages: {"[+]": ["cancel"]}, macros: {RR: "\\\\mathbb{R}"}}};')
    names = pair_block.mathjax_names(config)
    assert {"cancel", "RR"} <= names.macros and "cancel" in names.packages


def test_good_tex_passes():
    html = convert(GOOD_TEX)
    assert html.count("arithmatex") == 3


@pytest.mark.parametrize("case", BROKEN_TEX, ids=list(BROKEN_TEX))
def test_each_tex_error_names_its_line(case):
    broken, marker, message = BROKEN_TEX[case]
    text = "\n".join(["# A page", "", GOOD, GOOD_TEX, "Some prose.", "", broken, "", GOOD_TEX])
    reported = errors(text)
    assert f"docs/page.md:{line_of(marker, text)}: TeX error" in reported and message in reported, reported


def test_all_tex_errors_of_a_page_come_together():
    text = "$\\frac{a}{b$\n\n$$\\left( x$$\n\n$$\\foo$$\n"
    rows = errors(text).split("\n")
    assert [row.split(": ")[0] for row in rows] == ["docs/page.md:1", "docs/page.md:3", "docs/page.md:5"], rows


def test_a_tex_error_fails_the_build(pairs_book):
    page = pairs_book / "docs" / "index.md"
    text = page.read_text(encoding="utf-8").replace("~~~text", "Oops: $\\sigm(z)$.\n\n~~~text", 1)
    page.write_text(text, encoding="utf-8")
    code, output = build(pairs_book)
    assert code != 0
    assert f"docs/index.md:{line_of('Oops', text)}: TeX error" in output and "unknown command \\sigm" in output, output


UNDEFINED = """() => [...document.querySelectorAll(".arithmatex")].map(math =>
    [math.dataset.name, !!math.querySelector("mjx-math"),
     [...math.querySelectorAll("mtext")].filter(t => !t.closest("merror"))
         .some(t => t.textContent.startsWith("\\\\"))])"""


@pytest.mark.browser
def test_mathjax_in_the_browser_knows_the_names_the_build_accepts(book_copy, browser):
    """Every macro and environment the build accepts typesets in the book's MathJax, and the
    names it refuses are undefined there (the control proves the test can fail)."""
    book = one_page_book(book_copy, ["scripts/hooks/mathjax.py"], extra_javascript=CONFIG["extra_javascript"])
    refused = ["data", "alph", "cdotx"]
    spans = [(m, f"\\{m}") for m in sorted(NAMES.macros)] + [(m, f"\\{m}") for m in refused]
    spans += [(f"env:{e}", f"\\begin{{{e}}} x \\end{{{e}}}") for e in sorted(NAMES.environments)]
    page = "\n".join(f'<span class="arithmatex" data-name="{name}">\\({html_escape(tex)}\\)</span>' for name, tex in spans)
    (book / "docs" / "index.md").write_text(f"# Every name\n\n<p>\n{page}\n</p>\n", encoding="utf-8")
    code, output = build(book)
    assert code == 0, output
    handler = functools.partial(QuietHandler, directory=str(book / "site"))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        context = browser.new_context()
        tab = context.new_page()
        tab.goto(f"http://127.0.0.1:{server.server_port}/")
        assert tab.evaluate(TYPESET_ALL) is None, "MathJax did not load"
        found = {name: (typeset, undefined) for name, typeset, undefined in tab.evaluate(UNDEFINED)}
        context.close()
    finally:
        server.shutdown()
        server.server_close()
    assert len(found) == len(spans) and all(typeset for typeset, _ in found.values())
    assert [name for name in refused if not found[name][1]] == [], "the control: these must be undefined"
    wrong = [name for name, (_, undefined) in found.items() if undefined and name not in refused]
    assert wrong == [], wrong


LESSON = """# %% [markdown]
# # A lesson
#
# Costs and $\\mathbf{x} = (x_1, \\ldots, x_{12})$, with `$not math$` in code, and
# $$
# z = \\mathbf{w} \\cdot \\mathbf{x} + b
# $$

# %%
print("$\\frac{not a cell of Markdown$")
"""


def test_lesson_markdown_cells_are_read_for_tex_errors():
    assert pair_block.lesson_tex_errors("snippets/lesson.py", LESSON, NAMES) == []
    broken = LESSON.replace("# z = \\mathbf{w}", "# z = \\mathbf{w \\cdotx")
    reported = pair_block.lesson_tex_errors("snippets/lesson.py", broken, NAMES)
    line = line_of("# z = ", broken)
    assert [r.split(": ")[0] for r in reported] == [f"snippets/lesson.py:{line}"] * 2, reported
    assert "unknown command \\cdotx" in reported[0] and "never closed" in reported[1]


def test_the_lessons_have_no_tex_errors():
    for path in sorted(SNIPPETS.glob("*.py")):
        text = path.read_text(encoding="utf-8")
        assert pair_block.lesson_tex_errors(f"snippets/{path.name}", text, NAMES) == []


def test_a_tex_error_in_a_lesson_fails_the_build(pairs_book):
    broken = LESSON.replace("(x_1,", "(x_1, \\alph,")
    (pairs_book / "snippets" / "lesson.py").write_text(broken, encoding="utf-8")
    code, output = build(pairs_book)
    assert code != 0
    assert f"snippets/lesson.py:{line_of('# Costs', broken)}: TeX error" in output and "\\alph" in output, output
