r"""The numbers a page shows, checked by the build once `{{ ... }}` is written in
(scripts/hooks/page_numbers.py, tex_arithmetic.py, called by prose_numbers.py):

1. displayed arithmetic holds for the digits shown;
2. a number the build computes for a page is not typed in;
3. no exercise is answered above `## Exercises`.

The parser tests read TeX as the book writes it. The real-book tests run the checks on every page
with the suite's snippet runs and assert that the book's arithmetic is recognised. The build tests
plant a mistake in a copy of the book and run a real `mkdocs build --strict`.
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest
from conftest import ROOT, mkdocs_build
from mkdocs.utils.meta import get_data
from mkdocs.utils.yaml import yaml_load

HOOKS = ROOT / "scripts" / "hooks"


def hook_module(name: str):
    """A module of scripts/hooks/, loaded by path, as MkDocs loads a hook (its folder on the path
    while it imports its neighbours by name)."""
    spec = importlib.util.spec_from_file_location(name, HOOKS / f"{name}.py")
    module = sys.modules[name] = importlib.util.module_from_spec(spec)
    sys.path.insert(0, str(HOOKS))
    try:
        spec.loader.exec_module(module)
    finally:
        sys.path.remove(str(HOOKS))
    return module


tex_arithmetic = hook_module("tex_arithmetic")
page_numbers = hook_module("page_numbers")


def relation(tex: str):
    """The one relation between arithmetic sides that the formula holds."""
    found = tex_arithmetic.relations(tex)
    assert len(found) == 1, f"{tex}: {[r.describe() for r in found]}"
    return found[0]


# --- 1. reading TeX arithmetic ------------------------------------------------------------


@pytest.mark.parametrize("tex", [
    r"16 \times 0.25 = 4",
    r"12 \times 3 + 3 + 3 \times 2 + 2 = 47",
    r"(-0.750)(0.061) + (4.951)(0.997) = 4.890",
    r"\tfrac12 \left[ (0 - 0.630)^2 + (1 - 0.907)^2 \right] = 0.2028",
    r"\frac{1}{2} \cdot 3 = 1.5",
    r"9 / \sqrt{ 10 \cdot 13 } = 9 / \sqrt{ 130 }",
    r"4^{-5} = 9.77 \times 10^{-4}",
    r"-0.123 + 0.103 = -0.020",
    r"\class{hl-1}{0.630} \times \cssId{w}{2} + \data{term}{0.5} = 1.760",
    r"\begin{pmatrix} 1 & 2 \\ 3 & 4 \end{pmatrix} \begin{pmatrix} 0 & 1 \\ 1 & 0 \end{pmatrix} = \begin{pmatrix} 2 & 1 \\ 4 & 3 \end{pmatrix}",
    r"(0.1, 0.2) + (0.3, 0.4) = (0.4, 0.6)",
    r"\begin{aligned} z &= (2.427)(0.061) \\ &\quad + (-0.837) \\ &= -0.689 \end{aligned}",
    r"3.2 \times 10^{-7} < 10^{-6}",
])
def test_arithmetic_that_holds_for_its_digits_is_read_and_passes(tex):
    assert relation(tex).holds()


@pytest.mark.parametrize("tex", [
    # issue #10's errata: totals computed from unrounded values beside rounded factors
    r"(2.427)(0.061) + (-4.488)(0.997) + (4.053)(0.010) + (-0.837) = -5.125",
    r"\tfrac12 \left[ (0 - 0.630)^2 + (1 - 0.907)^2 \right] = 0.2030",
    r"0.1637 \cdot 0.1435 = 0.023483",
    r"(-0.0369) + (0.0149) = -0.0221",
    r"\begin{pmatrix} 0.1 & 0.2 \end{pmatrix} + \begin{pmatrix} 0.3 & 0.4 \end{pmatrix} = \begin{pmatrix} 0.4 & 0.7 \end{pmatrix}",
    r"\class{hl}{2} \times 3 = 7",
    r"4^{-5} = 9.78 \times 10^{-4}",
    r"10^{-6} < 3.2 \times 10^{-7}",
])
def test_arithmetic_that_fails_for_its_digits_is_caught(tex):
    assert not relation(tex).holds()


def test_approx_forgives_the_operands_rounding_and_nothing_more():
    erratum = r"(2.427)(0.061) + (-4.488)(0.997) + (4.053)(0.010) + (-0.837) \approx -5.125"
    assert relation(erratum).holds()  # -5.1230 from the digits, -5.1247 from the values behind them
    assert not relation(erratum.replace("-5.125", "-5.152")).holds()
    assert relation(r"\sqrt{10} \approx 3.1623").holds()
    assert not relation(r"\sqrt{10} \approx 3.1632").holds()


@pytest.mark.parametrize("tex", [
    r"z^2_1 = w^2_{12} + b^2_1",
    r"\sigma(0) = 0.5",
    r"a^2_1 = 0.061",
    r"x_5 = 1",
    r"C = \tfrac12 \lVert \mathbf{t} - \mathbf{a}^3 \rVert^2",
    r"\eta = 0.1, \quad h = 0.2",
])
def test_formulas_with_symbols_are_no_arithmetic(tex):
    assert tex_arithmetic.relations(tex) == []


def test_a_chain_checks_each_pair_of_neighbouring_arithmetic_sides():
    chain = tex_arithmetic.relations(r"z = 2 \times 0.5 = 1 \approx 1.02 = 1 + 0.02, \quad 3 + 4 = 8")
    assert [(r.describe(), r.holds()) for r in chain] == [
        (r"2 \times 0.5 = 1", True), ("1 ≈ 1.02", False), ("1.02 = 1 + 0.02", True), ("3 + 4 = 8", False),
    ]


# --- the real book ------------------------------------------------------------------------


@pytest.fixture(scope="module")
def reports(built_site, built_cache):
    """Every page of the book checked with the suite's snippet runs: src_uri -> Report."""
    snippet_runs = hook_module("snippet_runs")
    snippet_runs.CACHE = built_cache.absolute() / "snippets"
    hook_module("locate")
    prose_numbers = hook_module("prose_numbers")
    runs = snippet_runs.run_all(snippet_runs.build_snippets())
    snippet_runs.RUNS = runs

    def value(m):
        return prose_numbers.written(runs[m["module"]].numbers[m["name"]], m["spec"] or "")

    config = yaml_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))
    book = config["extra"]["numbers"]["definitions"]
    found = {}
    for path in sorted((ROOT / "docs").rglob("*.md")):
        uri = path.relative_to(ROOT / "docs").as_posix()
        markdown, meta = get_data(path.read_text(encoding="utf-8-sig"))
        allowed = {str(n) for n in [*book, *(meta.get("numbers") or {}).get("definitions", ())]}
        found[uri] = prose_numbers.check_page(f"docs/{uri}", uri, markdown, value, 1, allowed)[2]
    return found


# Relations between arithmetic sides that the check must find on each page (it finds these
# many today; a page may gain more, but a parser change that loses one fails here).
RELATIONS = {
    "optimizing/layers.md": 3, "optimizing/cost.md": 4, "backprop/backward.md": 4,
    "bridge/modern-notation.md": 2, "thinking/network.md": 8, "thinking/learning.md": 4,
    "thinking/neuron.md": 3, "thinking/hidden-units.md": 2, "thinking/activation.md": 2,
    "toolkit/inner-product.md": 12, "toolkit/approximation.md": 5, "toolkit/chain-rule.md": 4,
    "toolkit/sigma-notation.md": 4, "toolkit/matrices.md": 3, "toolkit/sequences.md": 3,
    "toolkit/steepest-descent.md": 2, "backprop/output-delta.md": 2,
}


def test_the_books_arithmetic_is_recognised_on_every_page(reports):
    counts = {uri: reports[uri].checked for uri in RELATIONS}
    assert all(counts[uri] >= floor for uri, floor in RELATIONS.items()), counts
    assert sum(r.checked for r in reports.values()) >= 75


def test_the_book_passes_all_three_checks_and_they_look_at_its_numbers(reports):
    assert {uri: r.errors for uri, r in reports.items() if r.errors} == {}
    assert sum(r.typed for r in reports.values()) >= 30  # typed numbers compared with computed ones
    assert sum(r.answers for r in reports.values()) >= 60  # numbers stated by solutions


# --- the build fails on planted mistakes, with file:line -------------------------------------


def insert(page: Path, before: str, text: str) -> int:
    """Insert `text` as lines before the first line that starts with `before`; return its line."""
    lines = page.read_text(encoding="utf-8").split("\n")
    at = next(i for i, line in enumerate(lines) if line.startswith(before))
    lines[at:at] = text.split("\n")
    page.write_text("\n".join(lines), encoding="utf-8")
    return at + 1


def build(book: Path, site: Path):
    result = mkdocs_build(book, site, editions="")  # these tests edit English pages only
    return result.returncode, result.stdout + result.stderr


def test_false_arithmetic_fails_the_build_at_its_line_and_the_rounded_form_passes(book_copy, tmp_path):
    page = book_copy / "docs/optimizing/cost.md"
    source = page.read_text(encoding="utf-8")
    wrong = insert(page, "## ", "With the outputs rounded first,\n"
                   "$\\tfrac12 [ (0 - {{ cost.example_start_a3_1:.3f }})^2 + (1 - {{ cost.example_start_a3_2:.3f }})^2 ]"
                   " = {{ cost.example_start_C:.4f }}$.\n")
    code, output = build(book_copy, tmp_path / "wrong")
    assert code != 0
    assert f"docs/optimizing/cost.md:{wrong + 1}: displayed arithmetic does not hold for the digits shown" in output
    assert "0.2030" in output and "0.2027745" in output

    page.write_text(source, encoding="utf-8")  # the result computed from the digits shown passes
    insert(page, "## ", "With the outputs rounded first,\n"
           "$\\tfrac12 [ (0 - {{ cost.example_start_a3_1:.3f }})^2 + (1 - {{ cost.example_start_a3_2:.3f }})^2 ]"
           " = 0.2028$, and $({{ cost.example_start_a3_1:.3f }})({{ cost.example_start_a3_2:.3f }})"
           " \\approx 0.5714$.\n")
    code, output = build(book_copy, tmp_path / "right")
    assert code == 0, output


def test_a_typed_number_that_the_build_computes_fails_at_its_line(book_copy, tmp_path):
    page = book_copy / "docs/optimizing/layers.md"
    source = page.read_text(encoding="utf-8")
    typed = insert(page, "## Exercises", "Output 1 reads $z^3_1 = -5.125$, from 12 pixels, 3 hidden units and\n"
                   "a step of 0.1.\n")
    code, output = build(book_copy, tmp_path / "typed")
    assert code != 0
    assert f"docs/optimizing/layers.md:{typed}: the number -5.125 is typed in, but the build computes it" in output
    assert "layers.z3_1" in output
    assert output.count("is typed in") == 1  # 12, 3 and 0.1 are definitions

    page.write_text(source, encoding="utf-8")
    insert(page, "## Exercises", "Output 1 reads $z^3_1 = {{ layers.z3_1:.3f }}$, from 12 pixels.\n")
    code, output = build(book_copy, tmp_path / "written")
    assert code == 0, output

    page.write_text("---\nnumbers:\n  definitions: [-5.125]\n---\n" + source, encoding="utf-8")
    insert(page, "## Exercises", "A definition that happens to equal it: $-5.125$.\n")
    code, output = build(book_copy, tmp_path / "defined")
    assert code == 0, output


def test_an_answer_shown_above_its_exercise_fails_at_its_line(book_copy, tmp_path):
    page = book_copy / "docs/toolkit/steepest-descent.md"
    source = page.read_text(encoding="utf-8")
    shown = insert(page, "## Exercises", "Against the gradient, a step of 0.1 changes $f$ by\n"
                   "${{ steepest_descent.ex_steepest:.4f }}$.\n")
    code, output = build(book_copy, tmp_path / "answered")
    assert code != 0
    lines = source.split("\n")
    solution = next(i for i, line in enumerate(lines) if "steepest_descent.ex_steepest:.4f" in line) + 1 + 3
    assert (f"docs/toolkit/steepest-descent.md:{shown + 1}: -0.7211 answers an exercise before it is asked "
            f"(the solution at line {solution} states it)") in output

    page.write_text(source, encoding="utf-8")  # in the question, the number is given, not asked
    lines = source.split("\n")
    at = next(i for i, line in enumerate(lines) if line.startswith("1. At $"))
    lines.insert(at + 3, "   Against the gradient, the answer is ${{ steepest_descent.ex_steepest:.4f }}$; show it.")
    page.write_text("\n".join(lines), encoding="utf-8")
    code, output = build(book_copy, tmp_path / "given")
    assert code == 0, output


def test_all_of_a_pages_mistakes_fail_together(book_copy, tmp_path):
    page = book_copy / "docs/optimizing/layers.md"
    first = insert(page, "## Exercises", "Two and three make $2 + 3 = 6$.\n")
    second = insert(page, "## Exercises", "The output reads $-5.125$.\n")
    third = insert(page, "## Exercises", "Roughly, $({{ layers.a2_1:.3f }})({{ layers.a2_2:.3f }}) \\approx 0.07$.\n")
    code, output = build(book_copy, tmp_path / "site")
    assert code != 0
    assert f"docs/optimizing/layers.md:{first}: displayed arithmetic does not hold" in output
    assert f"docs/optimizing/layers.md:{second}: the number -5.125 is typed in" in output
    assert f"docs/optimizing/layers.md:{third}: displayed arithmetic is wrong even with every number" in output
