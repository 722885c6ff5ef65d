r"""Notation is one table: the build fails on a symbol that docs/appendix/notation.md does not define.

The tokenizer tests read TeX into symbols. The table tests parse the real notation table. The
build tests run a real `mkdocs build --strict` with the real hook on a small book: the real
notation table and one page, into which each test plants one mistake and expects its file:line.
The whole book passes too: every page's math is checked against the table.
"""

from __future__ import annotations

import importlib.util
import re
import shutil
import sys
from pathlib import Path

import markdown
import pytest
import yaml
from conftest import ROOT, mkdocs_build, nav_pages
from mkdocs.exceptions import PluginError
from mkdocs.utils.yaml import yaml_load


def hook_module(name: str):
    spec = importlib.util.spec_from_file_location(name, ROOT / "scripts" / "hooks" / f"{name}.py")
    module = sys.modules[name] = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


hook_module("locate")  # notation.py imports it and notation_check by name
notation_check = hook_module("notation_check")
notation = hook_module("notation")
TABLE = ROOT / "docs" / "appendix" / "notation.md"
CONFIG = yaml_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))


def symbols(tex: str) -> list[str]:
    """The names of every symbol of a formula, scripts included, in order."""
    return [a.name for a in notation_check.walk(notation_check.parse(tex)) if a.symbol]


# --- the tokenizer -------------------------------------------------------------------------


def test_a_font_makes_another_symbol():
    assert symbols(r"\mathbf{w} \cdot w + \boldsymbol\delta - \delta") == [
        r"\mathbf{w}", r"\cdot", "w", r"\boldsymbol{\delta}", r"\delta"
    ]
    assert notation_check.parse(r"\Delta")[0].font == "upright"
    assert notation_check.parse(r"\mathsf{T}")[0].kind == "operator"


def test_indices_and_numbers_are_read_as_scripts():
    (w,) = notation_check.parse("w^2_{ji}")
    assert w.name == "w" and [a.name for a in w.sub] == ["j", "i"] and w.sup[0].kind == "number"
    assert symbols(r"x_{3(r-1)+c}") == ["x", "r", "c"]


def test_text_wrappers_and_layout_are_no_symbols():
    tex = (
        r"\left( \frac{\partial J}{\partial \mathbf{o}} \right) \text{ for all } "
        r"\class{term}{\cssId{w3}{\data{x=1}{W^3}}} \begin{pmatrix} a & b \\ c & d \end{pmatrix}"
        r" \begin{array}{cc} x & y \end{array} \operatorname{vec} G \qquad \tilde W"
    )
    assert symbols(tex) == [
        r"\partial", "J", r"\partial", r"\mathbf{o}", "W", "a", "b", "c", "d", "x", "y",
        r"\operatorname{vec}", "G", r"\tilde{W}",
    ]


def test_a_change_is_an_operator_and_the_batch_error_a_letter():
    assert symbols(r"\Delta C_T \approx \nabla C_T \cdot \Delta \boldsymbol{\theta}")[0] == notation_check.CHANGE
    assert symbols(r"\Delta^3 W^3") == [r"\Delta", "W"]


def test_a_star_makes_another_symbol():
    assert symbols(r"\mathbf{x}^\star_j + w^* + w") == [r"\mathbf{x}^\star", "j", "w^*", "w"]


def test_an_unknown_command_is_an_error_not_a_skip():
    with pytest.raises(notation_check.TexError, match=r"\\mathscr"):
        notation_check.parse(r"\mathscr{L}")
    with pytest.raises(notation_check.TexError, match="never closed"):
        notation_check.parse(r"\mathbf{x")


# --- the table -----------------------------------------------------------------------------


def real_table():
    return notation_check.read_table(TABLE, "docs/appendix/notation.md")


def test_the_notation_table_is_well_formed():
    table = real_table()
    assert not table.errors, "\n".join(f"notation.md:{line}: {m}" for line, m in table.errors)
    indices = {name for name, entry in table.symbols.items() if entry.index}
    assert {"i", "j", "k", "l", "n"} <= indices
    assert {"x", r"\mathbf{x}", "W", r"\delta", r"\boldsymbol{\delta}", r"\Delta", "C_{T}", r"\nabla",
            r"\partial", r"\mathsf{T}", notation_check.CHANGE} <= table.symbols.keys()
    for entry in table.symbols.values():
        assert entry.meaning and entry.font in notation_check.FONT_WORDS
    # Every page that declares its own symbols is a page of the book, and none redeclares the
    # table's, except for the letters that the bridge quotes from d2l.
    lessons = re.findall(r"^\s*- [^:\n]+: (lessons/[\w-]+\.ipynb)$", (ROOT / "mkdocs.yml").read_text(encoding="utf-8"), re.M)
    assert "lessons/cost_by_hand.ipynb" in lessons
    pages = {f"docs/{page}" for page in [*nav_pages(), *lessons]}
    assert table.local and set(table.local) <= pages, set(table.local) - pages
    for page, own in table.local.items():
        redeclared = {name for name, entry in own.items() if name in table.symbols and not entry.quoted}
        assert not redeclared, (page, redeclared)
    assert {n for n, e in table.local["docs/bridge/modern-notation.md"].items() if e.quoted} == {"h", "L", "l", "y"}
    assert {"q", "Q", "M", r"\boldsymbol{\beta}"} <= table.local["docs/toolkit/regression.md"].keys()


def test_the_conventions_name_every_italic_capital_that_is_not_a_matrix():
    # "An italic capital is a matrix, with a few exceptions": the whole book's capitals whose
    # font is plain italic, not "italic capital", are numbers, and the conventions list them all.
    text = TABLE.read_text(encoding="utf-8")
    book = text[: text.index("## Symbols of one page")]
    fonts = next(line for line in book.split("\n- ") if line.startswith("**Fonts.**"))
    numbers = set()
    for line in book.splitlines():
        if not line.startswith("| $"):
            continue
        first, font = notation_check.cells(line)[:2]
        words = font.split(", ")  # one font for all the row's symbols, or one each
        for place, tex in enumerate(re.findall(r"\$([^$]+)\$", first)):
            if re.fullmatch(r"[A-Z](_\{?\w+\}?)?", tex) and words[min(place, len(words) - 1)] == "italic":
                numbers.add(tex)
    assert {"C", "C_n", "C_T", "L", "N"} <= numbers
    assert {f"${tex}$" for tex in numbers} <= set(re.findall(r"\$[^$]+\$", fonts)), numbers
    assert "$B$ is a list" in " ".join(fonts.split())


def test_a_pages_heading_in_the_table_is_the_pages_title():
    text = TABLE.read_text(encoding="utf-8")
    nav = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    headings = re.findall(r"^### \[([^\]]+)\]\(\.\./([^)]+)\)$", text, re.M)
    assert len(headings) >= 20
    for title, page in headings:
        if page.endswith(".ipynb"):  # a lesson: its title in the nav
            real = re.search(rf"^\s*- (.+?) \(notebook\): {re.escape(page)}$", nav, re.M)[1]
        else:
            real = (ROOT / "docs" / page).read_text(encoding="utf-8").splitlines()[0].removeprefix("# ")
        assert title == real, f"notation.md: '{title}' links to {page}, whose title is '{real}'"


def planted(tmp_path: Path, row: str, after: str) -> Path:
    text = TABLE.read_text(encoding="utf-8")
    assert after in text
    copy = tmp_path / "notation.md"
    copy.write_text(text.replace(after, after + "\n" + row, 1), encoding="utf-8")
    return copy


def line_of(marker: str, text: str) -> int:
    return text[: text.index(marker)].count("\n") + 1


@pytest.mark.parametrize(
    "row, after, message",
    [
        ("| $\\eta$ | italic | the step size |", "| $\\lambda$ |", r"$\eta$ is defined twice: also at line"),
        ("| $N$ | italic | the number of points |", "| $Q$ | italic capital | the number of points |",
         r"$N$ is defined twice: also at line"),
        ("| $\\mathbf{q}$ | italic | a point |", "| $Q$ | italic capital | the number of points |",
         "the Font cell says 'italic', but $\\mathbf{q}$ is bold"),
        ("| $\\mathscr{Q}$ | script | a set |", "| $Q$ | italic capital | the number of points |",
         "cannot read the symbol"),
    ],
    ids=["double-definition", "local-clashes-with-table", "wrong-font-cell", "unreadable"],
)
def test_a_bad_table_row_is_named_with_its_line(tmp_path, row, after, message):
    copy = planted(tmp_path, row, after)
    table = notation_check.read_table(copy, "docs/appendix/notation.md")
    line = line_of(row, copy.read_text(encoding="utf-8"))
    assert any(l == line and message in m for l, m in table.errors), table.errors


# --- the whole book --------------------------------------------------------------------------


def test_the_book_loads_the_notation_hook():
    assert "scripts/hooks/notation.py" in CONFIG["hooks"]


def markdown_with_check(extension) -> markdown.Markdown:
    names = [e if isinstance(e, str) else next(iter(e)) for e in CONFIG["markdown_extensions"]]
    configs = {next(iter(e)): e[next(iter(e))] for e in CONFIG["markdown_extensions"] if isinstance(e, dict)}
    configs.pop("pymdownx.snippets", None)
    names = [n for n in names if n != "pymdownx.snippets"]
    return markdown.Markdown(extensions=names + [extension], extension_configs=configs)


def test_every_page_of_the_book_uses_only_the_tables_symbols():
    """Every page converted with the book's extensions and the check; a {{ number }} reads 1."""
    extension = notation_check.NotationExtension(
        table=str(TABLE), shown="docs/appendix/notation.md", gathers=[f"docs/{g}" for g in notation.GATHERS]
    )
    failures, checked = [], 0
    for page in sorted((ROOT / "docs").rglob("*.md")):
        source = re.sub(r"\{\{[^}]*\}\}", "1", page.read_text(encoding="utf-8"))
        shown = page.relative_to(ROOT / "docs").as_posix()
        english = shown.removeprefix("zh/")  # a translation has the symbols of its English page
        extension.page = (f"docs/{shown}", source, f"docs/{english}")
        md = markdown_with_check(extension)
        try:
            md.convert(source)
        except PluginError as error:
            failures.append(str(error))
        checked += source.count("$")
    assert checked > 1000
    assert not failures, "\n".join(failures)


def test_the_suites_build_of_the_book_passes_the_check(built_site):
    assert (built_site / "appendix" / "notation" / "index.html").is_file()


# --- real builds with a planted mistake ------------------------------------------------------


@pytest.fixture
def notation_book(tmp_path) -> Path:
    """A real book of two pages, the notation table and a page, with only the notation hook."""
    docs = tmp_path / "docs"
    (docs / "appendix").mkdir(parents=True)
    shutil.copy2(TABLE, docs / "appendix" / "notation.md")
    (docs / "toolkit").mkdir()
    (docs / "toolkit" / "regression.md").write_text(
        "# Least squares\n\nThe points $(x_q, y_q)$, $q = 1, \\ldots, Q$, and the line $y = w x + b$.\n\n"
        "$$C = \\tfrac12 \\lVert \\mathbf{y} - M \\boldsymbol{\\beta} \\rVert^2$$\n",
        encoding="utf-8",
    )
    shutil.copytree(ROOT / "scripts", tmp_path / "scripts", ignore=shutil.ignore_patterns("__pycache__"))
    config = {
        "site_name": "Notation",
        "markdown_extensions": [  # the book's, without snippets: this book has no snippets/
            e for e in CONFIG["markdown_extensions"]
            if (e if isinstance(e, str) else next(iter(e))) != "pymdownx.snippets"
        ],
        "hooks": ["scripts/hooks/notation.py"],
        "plugins": [],
        "validation": {"links": {"not_found": "info", "anchors": "info"}, "nav": {"omitted_files": "info"}},
    }
    (tmp_path / "mkdocs.yml").write_text(yaml.safe_dump(config, sort_keys=False), encoding="utf-8")
    return tmp_path


def build(book: Path) -> tuple[int, str]:
    result = mkdocs_build(book, book / "site")
    return result.returncode, result.stdout + result.stderr


def test_the_small_book_builds(notation_book):
    code, output = build(notation_book)
    assert code == 0, output


@pytest.mark.parametrize(
    "formula, message",
    [
        (r"$\xi + x$", r"$\xi$ is not in the notation table"),
        (r"$\mathbf{\eta}$", r"$\mathbf{\eta}$ (bold-upright) is not in the notation table in this font"),
        (r"$\mathbf{N}$", r"$\mathbf{N}$ (bold) is not in the notation table in this font: it has $N$"),
        (r"$\boldsymbol{x}$", r"$\boldsymbol{x}$ (bold-italic) is not in the notation table in this font"),
        (r"$\class{term}{\cssId{t}{\mathcal{L}}}$", r"$\mathcal{L}$ (calligraphic) is not in the notation table"),
        (r"$\text{a word} + \mathscr{A}$", r"does not know the command \mathscr"),
    ],
    ids=["undefined", "wrong-font-greek", "wrong-font-latin", "boldsymbol-latin", "inside-wrappers", "unknown"],
)
def test_a_planted_symbol_fails_the_build_with_its_line(notation_book, formula, message):
    page = notation_book / "docs" / "toolkit" / "regression.md"
    text = page.read_text(encoding="utf-8") + f"\nSome prose,\nthen {formula} in a sentence.\n"
    page.write_text(text, encoding="utf-8")
    code, output = build(notation_book)
    assert code != 0
    assert f"docs/toolkit/regression.md:{line_of(formula, text)}: " in output and message in output, output


def test_a_page_reports_all_its_mistakes_together(notation_book):
    page = notation_book / "docs" / "toolkit" / "regression.md"
    text = page.read_text(encoding="utf-8") + "\n$\\xi$\n\n$$a = b \\\\\n  \\omega$$\n"
    page.write_text(text, encoding="utf-8")
    code, output = build(notation_book)
    assert code != 0
    xi, omega = line_of("$\\xi$", text), line_of("\\omega", text)
    assert f"regression.md:{xi}: " in output and f"regression.md:{omega}: " in output, output


def test_a_local_symbol_is_local_to_its_page(notation_book):
    """Q is declared for the least-squares page only: another page that uses it fails."""
    other = notation_book / "docs" / "toolkit" / "other.md"
    other.write_text("# Other\n\nThe count $Q$.\n", encoding="utf-8")
    code, output = build(notation_book)
    assert code != 0
    assert "docs/toolkit/other.md:3: in $Q$: $Q$ is not in the notation table" in output, output


def test_quoted_letters_and_the_glossary(notation_book):
    """The bridge quotes d2l's h (a table symbol) and declares d2l's d; the glossary may use any
    page's symbols; a Quoted table under no page's heading is refused."""
    (notation_book / "docs" / "bridge").mkdir()
    (notation_book / "docs" / "bridge" / "modern-notation.md").write_text(
        "# Bridge\n\n$\\mathbf{W}^{(1)} \\in \\mathbb{R}^{h \\times d}$\n", encoding="utf-8"
    )
    (notation_book / "docs" / "appendix" / "glossary.md").write_text(
        "# Glossary\n\n| least squares | $Q$ |\n|---|---|\n| objective | $J$ |\n", encoding="utf-8"
    )
    code, output = build(notation_book)
    assert code == 0, output
    table = notation_book / "docs" / "appendix" / "notation.md"
    text = table.read_text(encoding="utf-8")
    quoted = "| Quoted | Font | Meaning |\n|---|---|---|\n| $\\kappa$ | italic | a letter of another book |\n"
    text = text.replace("## Symbols of one page", quoted + "\n## Symbols of one page", 1)
    table.write_text(text, encoding="utf-8")
    code, output = build(notation_book)
    assert code != 0
    line = line_of("| $\\kappa$", text)
    assert f"notation.md:{line}: a 'Quoted' table belongs under a page's heading" in output, output


@pytest.mark.parametrize(
    "row, after, message",
    [
        ("| $\\eta$ | italic | the step size |", "| $\\lambda$ |", r"$\eta$ is defined twice"),
        ("| $N$ | italic | the number of points |", "| $Q$ | italic capital | the number of points |",
         r"$N$ is defined twice"),
    ],
    ids=["double-definition", "local-clashes-with-table"],
)
def test_a_clash_in_the_table_fails_the_build_with_its_line(notation_book, row, after, message):
    table = notation_book / "docs" / "appendix" / "notation.md"
    text = table.read_text(encoding="utf-8").replace(after, after + "\n" + row, 1)
    table.write_text(text, encoding="utf-8")
    code, output = build(notation_book)
    assert code != 0
    assert f"docs/appendix/notation.md:{line_of(row, text)}: " in output and message in output, output


def test_a_formula_with_a_number_the_build_wrote_is_found_at_its_line():
    source = "# Page\n\nThe sum is\n$s = {{ toy.total:g }}$, and\n$$x = {{ toy.gap:.1tex }}\n  + y$$\n"
    finder = notation_check.Finder(source)
    assert finder.find("s = 5") == 4
    assert finder.find("x = 3.2 \\times 10^{-7}\n  + y") == 5
    assert finder.find("z = 1") == 1  # nowhere: the page's first line
