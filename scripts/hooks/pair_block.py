r"""The formula pair, a pymdownx Blocks extension: a formula expanded term by term beside its vector form.

    /// pair | The weighted input of one neuron
        check: neuron.weighted_sum
    //// expanded
    $$z = w_1 x_1 + w_2 x_2 + \cdots + w_{12} x_{12} + b$$
    ////
    //// vector
    $$z = \mathbf{w} \cdot \mathbf{x} + b$$
    ////
    ///

renders as a `<figure class="pair">`: the title, the two labelled sides, a quiet "checked by" line.
The option `vector: sigma` labels the second side as Σ notation and lets it hold \sum.

The rules (CONTRIBUTING.md, "Formula pairs"): math with an expanded sum, and display math with a
vector or matrix symbol and a relation, anywhere but in a pair must sit in `/// unpaired | reason`;
a vector side shows vectors and no sum; an expanded side shows terms; and every formula is TeX
that MathJax can read with the packages the book loads (read from MathJax's own sources).

Python-Markdown keeps no source lines, so the rules are checked once the page is parsed, and all
mistakes are raised together as one PluginError of `file:line: ...` rows. A block's line is its
header's in the page source: the n-th `/// pair` outside fenced code is the n-th pair that Blocks
made, matched by title too. A formula's line is found by searching the source for its TeX.
"""

from __future__ import annotations

import html
import re
import xml.etree.ElementTree as etree
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from markdown import Markdown
from markdown.preprocessors import Preprocessor
from markdown.treeprocessors import Treeprocessor
from markdown.util import AtomicString
from mkdocs.exceptions import PluginError
from pymdownx.blocks import BlocksExtension, BlocksProcessor
from pymdownx.blocks.block import Block, type_any

# Labels and the check line stay out of Material's search index.
QUIET = {"data-search-exclude": ""}

KINDS = ("pair", "expanded", "vector", "unpaired")
SIGMA = "sigma"  # the value of `vector:` for a pair whose vector side is written with \sum
SIDES = ("expanded", "vector")
NESTING = "sides need a different number of slashes than their pair, e.g. '/// pair' holding '//// expanded'"

# A block header as pymdownx.blocks reads it (its RE_START), after any indent or '>'.
RE_HEADER = re.compile(r"^[ \t>]*(/{3,})[ ]*([\w-]+)[ ]*(?:\|[ ]*(.*?)[ ]*)?$")
RE_FENCE = re.compile(r"^[ \t>]*(`{3,}|~{3,})(.*)$")
RE_CHECK = re.compile(r"^[A-Za-z_]\w*\.[A-Za-z_]\w*$")

# An expanded sum: \sum, or dots (\cdots, \ldots, \dots, \dotsb, ...) beside a plus sign.
_DOTS = r"\\[cl]?dots[bcmio]?(?![A-Za-z])"
_GAP = r"(?:\s|\\[,;:! ]|~|\{\})*"
RE_DOTS_PLUS = re.compile(rf"\+{_GAP}{_DOTS}|{_DOTS}{_GAP}\+")
RE_SUM = re.compile(r"\\sum(?![A-Za-z])")


def expanded_sum(tex: str) -> str | None:
    """The first expanded sum in `tex`, or None."""
    m = RE_DOTS_PLUS.search(tex) or RE_SUM.search(tex)
    return m.group(0) if m else None


# --- what a formula is made of ---------------------------------------------------------------
# MathJax's html extension wraps math in markup, \class{name}{math}: only the math counts.
WRAPPERS = ("class", "cssId", "style", "data", "href")
# Words, fonts of upright names, and the transpose's T are no symbols of the formula.
TEXT_ARGUMENT = ("text", "mathrm", "mathsf", "operatorname", "textbf", "textit")
RE_BOLD = re.compile(r"\\(?:mathbf|boldsymbol|bm)(?![A-Za-z])")
_GROUP = r"(?:\{[^{}]*\}|\\[A-Za-z]+|[^\s{}\\])"  # a one-level argument: {..}, \macro or a character
# A matrix of the book: W, A, Z or Delta with a layer superscript and no entry subscript of
# two indices after it (W^2 is a matrix, W^2_{ji} and A^3_{n,k} are entries; A^P_k, with one
# index, is one matrix of a family), or the data matrices X and T.
_INDEX = r"(?:\\[A-Za-z]+(?![A-Za-z])|\w)"
_ENTRY = rf"\s*_\s*\{{\s*{_INDEX}\s*,?\s*{_INDEX}"
RE_MATRIX = re.compile(
    rf"(?<![\\A-Za-z])(?:[WAZ]|\\Delta(?![A-Za-z]))\s*\^\s*{_GROUP}(?!{_ENTRY})"
    r"|(?<![\\A-Za-z_^])[XT](?![A-Za-z])(?!\s*_\s*(?:\w|\{(?!\})))"
)
GREEK = (
    "alpha beta gamma delta epsilon varepsilon zeta eta theta vartheta iota kappa lambda mu nu xi "
    "pi rho sigma tau upsilon phi varphi chi psi omega ell Gamma Delta Theta Lambda Xi Pi Sigma Upsilon "
    "Phi Psi Omega"
).split()
# A bold symbol with its scripts, taken out before looking for scalar terms.
RE_BOLD_SYMBOL = re.compile(rf"\\(?:mathbf|boldsymbol|bm)\s*{_GROUP}(?:\s*[_^]\s*{_GROUP})*")
# An indexed scalar term: an italic letter or Greek letter with a subscript, perhaps after a
# superscript (x_i, w^2_{ji}, \delta^3_k), or a number with a decimal point.
RE_TERM = re.compile(
    rf"(?:(?<![\\A-Za-z])[A-Za-z]|\\(?:{'|'.join(GREEK)})(?![A-Za-z]))(?:\s*\^\s*{_GROUP})?\s*_\s*(?:\w|\{{(?!\}})|\\)"
    r"|\d\.\d"
)
# What a vector side shows besides bold symbols and the book's matrices: a gradient, a vector or
# matrix written out as a column or array, or any capital letter transposed (a matrix, (PQ)^T).
RE_VECTOR_FORM = re.compile(
    r"\\nabla(?![A-Za-z])|\\begin\{[pbBvV]?matrix\}|[A-Z]\)?\s*\^\s*(?:\\mathsf\{T\}|\{\\mathsf\{T\}\}|\\top(?![A-Za-z]))"
)
RE_RELATION = re.compile(r"=|<|>|\\(?:leq?|geq?|neq?|approx|leftarrow)(?![A-Za-z])")


def group_end(tex: str, start: int) -> int:
    """The index just after the brace group that opens at `start` (the end of tex if unclosed)."""
    depth = 0
    for i in range(start, len(tex)):
        if tex[i] == "\\":
            continue
        if tex[i] == "{" and (i == 0 or tex[i - 1] != "\\"):
            depth += 1
        elif tex[i] == "}" and tex[i - 1] != "\\":
            depth -= 1
            if depth == 0:
                return i + 1
    return len(tex)


def drop_arguments(tex: str, macros: tuple[str, ...], keep: str) -> str:
    """`tex` with the first brace argument of each of `macros` replaced by `keep` (macro included)."""
    pattern = re.compile(rf"\\(?:{'|'.join(macros)})(?![A-Za-z])\s*(?=\{{)")
    while m := pattern.search(tex):
        tex = tex[: m.start()] + keep + tex[group_end(tex, m.end()):]
    return tex


def symbols(tex: str) -> str:
    """The TeX of the formula's symbols: markup wrappers and words taken out."""
    return drop_arguments(drop_arguments(tex, WRAPPERS, ""), TEXT_ARGUMENT, "")


def top_level(tex: str) -> str:
    """`tex` without what sits inside braces (sub- and superscripts, arguments)."""
    out, depth = [], 0
    for i, c in enumerate(tex):
        escaped = i > 0 and tex[i - 1] == "\\"
        if c == "{" and not escaped:
            depth += 1
        elif c == "}" and not escaped:
            depth -= 1
        elif depth == 0:
            out.append(c)
    return "".join(out)


def vector_symbol(tex: str) -> str | None:
    """The first bold symbol or matrix of the book in `tex`, or None."""
    tex = symbols(tex)
    m = RE_BOLD.search(tex) or RE_MATRIX.search(tex)
    return m.group(0) if m else None


def vector_formula(tex: str) -> str | None:
    """The first vector or matrix symbol of `tex` if it states a relation (=, ≤, ≈, ←...), or None."""
    found = vector_symbol(tex)
    return found if found and RE_RELATION.search(top_level(symbols(tex))) else None


def right_side(tex: str) -> str:
    """What follows the first relation at the top level of `tex` (all of it if there is none)."""
    tex, flat = symbols(tex), ""
    depth = 0
    for i, c in enumerate(tex):  # the top level, in place: inner characters masked
        escaped = i > 0 and tex[i - 1] == "\\"
        depth += (c == "{" and not escaped) - (c == "}" and not escaped)
        flat += c if depth == 0 and c not in "{}" else " "
    m = RE_RELATION.search(flat)
    return tex[m.end():] if m else tex


def vector_form(tex: str) -> str | None:
    """What makes `tex` a vector form: a bold symbol, a matrix, a gradient, a column, a transpose."""
    if found := vector_symbol(tex):
        return found
    m = RE_VECTOR_FORM.search(drop_arguments(tex, WRAPPERS, ""))
    return m.group(0) if m else None


def scalar_term(tex: str) -> str | None:
    """The first indexed scalar term (x_i, w^2_{ji}) or decimal number right of the first relation
    of `tex`, bold symbols and their scripts aside."""
    m = RE_TERM.search(RE_BOLD_SYMBOL.sub(" ", right_side(tex)))
    return m.group(0) if m else None


# --- TeX that MathJax can read ---------------------------------------------------------------
# The macros and environments MathJax 3 knows are read from its TypeScript sources in the
# installed package: the maps each loaded TeX package defines (BaseMappings.ts: macros,
# mathchar0mi, delimiter, environment...). The packages are tex-chtml.js's own (its
# components/src/input/tex/tex.js) and those docs/javascripts/mathjax.js adds with "[+]".
MATHJAX_PACKAGE = "django-static-mathjax"
MATHJAX_TS = "mathjax/static/mathjax/ts/input/tex"
MATHJAX_TEX_COMPONENT = "mathjax/static/mathjax/components/src/input/tex/tex.js"
RE_JS_MAP = re.compile(r"new\s+(?:\w+\.)?(CommandMap|CharacterMap|MacroMap|DelimiterMap|EnvironmentMap)\s*\(")
RE_JS_STRING = re.compile(r"""'(?:\\.|[^'\\])*'|"(?:\\.|[^"\\])*"|`(?:\\.|[^`\\])*`""", re.DOTALL)
RE_JS_COMMENT = re.compile(r"//[^\n]*|/\*.*?\*/", re.DOTALL)
RE_PACKAGES_ADDED = re.compile(r"packages\s*:\s*\{\s*[\"']\[\+\][\"']\s*:\s*\[([^\]]*)\]")
RE_REGISTERED = re.compile(r"registerTeX\(\s*\[([^\]]*)\]")
RE_TEX_MACROS = re.compile(r"\btex\s*:\s*\{.*?\bmacros\s*:\s*\{", re.DOTALL)


@dataclass(frozen=True)
class TexNames:
    """What MathJax can read: macro names (without the backslash), environments, packages."""

    macros: frozenset[str]
    environments: frozenset[str]
    packages: tuple[str, ...]


def js_keys(text: str, start: int) -> list[str]:
    """The keys of the JavaScript object literal whose '{' is at `start` (its top level only)."""
    keys, depth, i, expect = [], 0, start, True
    while i < len(text):
        c = text[i]
        if (m := RE_JS_STRING.match(text, i)) or (m := RE_JS_COMMENT.match(text, i)):
            if m.group(0)[0] in "'\"" and depth == 1 and expect and text[m.end():].lstrip().startswith(":"):
                keys.append(js_string(m.group(0)))
                expect = False
            i = m.end()
            continue
        if c in "{[(":
            depth += 1
        elif c in "}])":
            depth -= 1
            if depth == 0:
                return keys
        elif c == "," and depth == 1:
            expect = True
        elif depth == 1 and expect and (m := re.compile(r"[A-Za-z_$][\w$]*").match(text, i)):
            if text[m.end():].lstrip().startswith(":"):
                keys.append(m.group(0))
            expect = False
            i = m.end()
            continue
        i += 1
    return keys


def js_string(literal: str) -> str:
    """The value of a JavaScript string literal: '\\\\lt' is \\lt, '\\n' a newline."""
    escapes = {"n": "\n", "r": "\r", "t": "\t", "b": "\b", "f": "\f", "v": "\v", "0": "\0"}

    def unescape(m: re.Match) -> str:
        if m.group(1).startswith("u"):
            return chr(int(m.group(1)[1:], 16))
        return escapes.get(m.group(1), m.group(1))

    return re.sub(r"\\(u[0-9A-Fa-f]{4}|.)", unescape, literal[1:-1], flags=re.DOTALL)


def js_list(text: str) -> list[str]:
    return [js_string(m.group(0)) for m in RE_JS_STRING.finditer(text)]


BOOK_MATHJAX = Path(__file__).resolve().parents[2] / "docs" / "javascripts" / "mathjax.js"
_names: dict[tuple, TexNames] = {}


def known_names(config_js: Path | None) -> TexNames:
    """mathjax_names, read once per version of the configuration."""
    config_js = Path(config_js) if config_js else BOOK_MATHJAX
    key = (config_js, config_js.stat().st_mtime_ns if config_js.is_file() else None)
    if key not in _names:
        _names[key] = mathjax_names(config_js if config_js.is_file() else None)
    return _names[key]


def mathjax_names(config_js: Path | None = None) -> TexNames:
    """The macros and environments of the TeX packages that tex-chtml.js and `config_js`
    (docs/javascripts/mathjax.js) load, read from MathJax's sources; also the config's tex.macros."""
    from importlib.metadata import PackageNotFoundError, distribution

    try:
        installed = distribution(MATHJAX_PACKAGE)
    except PackageNotFoundError:
        raise PluginError(f"MathJax not found: install {MATHJAX_PACKAGE} (make install)") from None
    ts, component = Path(installed.locate_file(MATHJAX_TS)), Path(installed.locate_file(MATHJAX_TEX_COMPONENT))
    if not ts.is_dir() or not component.is_file():
        raise PluginError(f"MathJax's TeX sources are missing from {installed.locate_file('')}: reinstall {MATHJAX_PACKAGE}")
    packages = js_list(RE_REGISTERED.search(component.read_text(encoding="utf-8")).group(1))
    macros, environments = set(), set()
    if config_js is not None:
        config = RE_JS_COMMENT.sub("", config_js.read_text(encoding="utf-8"))
        if m := RE_PACKAGES_ADDED.search(config):
            packages += [name for name in js_list(m.group(1)) if name not in packages]
        if m := RE_TEX_MACROS.search(config):
            macros.update(js_keys(config, m.end() - 1))
    for package in packages:
        folder = ts / package
        if not folder.is_dir():
            raise PluginError(f"{config_js}: MathJax has no TeX package '{package}' (no {folder})")
        for source in sorted(folder.glob("*.ts")):
            text = source.read_text(encoding="utf-8")
            for m in RE_JS_MAP.finditer(text):
                keys = js_keys(text, text.index("{", m.end()))
                if m.group(1) == "EnvironmentMap":
                    environments.update(keys)
                elif m.group(1) == "DelimiterMap":
                    macros.update(k[1:] for k in keys if re.fullmatch(r"\\[A-Za-z]+", k))
                else:
                    macros.update(k for k in keys if re.fullmatch(r"[A-Za-z]+", k))
    return TexNames(frozenset(macros), frozenset(environments), tuple(packages))


RE_TEX_TOKEN = re.compile(r"\\(?:[A-Za-z]+|.)|[{}]|%[^\n]*", re.DOTALL)
RE_ENV = re.compile(r"\s*\{([^{}]*)\}")


def tex_errors(tex: str, names: TexNames) -> list[tuple[int, str]]:
    r"""(offset in `tex`, what is wrong) for every mistake MathJax would show as an error or as
    red text: unbalanced braces, \left without \right, \begin without \end, unknown macros."""
    errors, braces, lefts, envs = [], [], [], []
    loaded = ", ".join(names.packages)
    for m in RE_TEX_TOKEN.finditer(tex):
        token, at = m.group(0), m.start()
        if token == "{":
            braces.append(at)
        elif token == "}":
            if braces:
                braces.pop()
            else:
                errors.append((at, "a '}' closes no '{': remove it, or write \\} for a brace that shows"))
        elif token in ("\\begin", "\\end"):
            env = RE_ENV.match(tex, m.end())
            name = env.group(1).strip() if env else None
            if name is None:
                errors.append((at, f"{token} needs its environment in braces, e.g. {token}{{aligned}}"))
            elif token == "\\begin":
                if name not in names.environments:
                    errors.append((at, f"unknown environment '{name}': MathJax knows "
                                       f"{', '.join(sorted(names.environments))}"))
                envs.append((at, name))
            elif not envs:
                errors.append((at, f"\\end{{{name}}} ends no \\begin{{{name}}}"))
            elif envs[-1][1] != name:
                errors.append((at, f"\\end{{{name}}} ends \\begin{{{envs[-1][1]}}}: close the inner one first"))
                envs.pop()
            else:
                envs.pop()
        elif token == "\\left":
            lefts.append(at)
        elif token == "\\right":
            if lefts:
                lefts.pop()
            else:
                errors.append((at, "\\right without a \\left before it: pair them, or use \\bigr, \\Bigr"))
        elif token == "\\middle" and not lefts:
            errors.append((at, "\\middle outside \\left ... \\right"))
        elif re.fullmatch(r"\\[A-Za-z]+", token) and token[1:] not in names.macros:
            errors.append((at, f"unknown command {token}: MathJax shows it as red text; it knows the macros of "
                               f"the packages {loaded} (docs/javascripts/mathjax.js loads more with '[+]')"))
    errors += [(at, "a '{' is never closed: add its '}'") for at in braces]
    errors += [(at, "\\left without \\right: add \\right (or \\right. for no delimiter)") for at in lefts]
    errors += [(at, f"\\begin{{{name}}} without \\end{{{name}}}") for at, name in envs]
    return errors


RE_CELL = re.compile(r"^# %%(.*)$")
RE_CELL_MATH = re.compile(r"`[^`\n]*`|\$\$(.+?)\$\$|(?<![\\$])\$(?!\$)((?:\\.|[^$\\])+?)\$", re.DOTALL)


def lesson_tex_errors(path: str, text: str, names: TexNames) -> list[str]:
    """'path:line: ...' for each TeX error in the Markdown cells of a lesson in jupytext's
    percent format (cells start with '# %%'; a Markdown cell's lines are comments)."""
    lines, numbers, markdown = [], [], False
    for number, line in enumerate(text.split("\n"), 1):
        if m := RE_CELL.match(line):
            markdown = "[markdown]" in m.group(1)
        elif markdown and (line == "#" or line.startswith("# ")):
            lines.append(line[2:])
            numbers.append(number)
    cells, problems = "\n".join(lines), []
    for m in RE_CELL_MATH.finditer(cells):
        if m.group(0).startswith("`"):
            continue
        group = 1 if m.group(1) is not None else 2
        tex, start = m.group(group), m.start(group)
        short = " ".join(tex.split())
        short = short if len(short) <= 60 else short[:57] + "..."
        for at, message in tex_errors(tex, names):
            line = numbers[cells[: start + at].count("\n")]
            problems.append(f"{path}:{line}: TeX error in ${short}$: {message}")
    return problems


def outside_fences(source: str) -> Iterator[tuple[int, str]]:
    """(line number, line) of every line outside fenced code."""
    fence = None
    for number, line in enumerate(source.split("\n"), 1):
        m = RE_FENCE.match(line)
        if fence is None and m:
            fence = m.group(1)
        elif fence is not None:
            if m and m.group(1)[0] == fence[0] and len(m.group(1)) >= len(fence) and not m.group(2).strip():
                fence = None
        else:
            yield number, line


@dataclass
class Header:
    line: int
    argument: str | None


def scan(source: str) -> dict[str, list[Header]]:
    """The headers of our blocks in the page source, by kind, in order."""
    headers: dict[str, list[Header]] = {kind: [] for kind in KINDS}
    for number, line in outside_fences(source):
        if (m := RE_HEADER.match(line)) and m.group(2).lower() in headers:
            headers[m.group(2).lower()].append(Header(number, m.group(3)))
    return headers


class Locator:
    """The source line of each formula: its TeX without white space, searched for in page order."""

    def __init__(self, source: str) -> None:
        parts, self.lines, self.cursor = [], [], 0
        for number, line in outside_fences(source):
            parts.append(squash(line))
            self.lines += [number] * len(parts[-1])
        self.text = "".join(parts)

    def find(self, *candidates: str) -> int | None:
        """Line of the first candidate found from the previous find on (else anywhere)."""
        for candidate in filter(None, map(squash, candidates)):
            for start in (self.cursor, 0):
                if (at := self.text.find(candidate, start)) >= 0:
                    self.cursor = at + len(candidate)
                    return self.lines[at]
        return None


def squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


@dataclass
class Made:
    """A block that Blocks made on this page, with its header's line once known."""

    kind: str
    block: Block
    closed: bool = False
    line: int | None = None


class PageState:
    """What one page's blocks, preprocessor and treeprocessor share."""

    def __init__(self) -> None:
        self.start("<markdown>", "")

    def start(self, path: str, source: str) -> None:
        self.path, self.source = path, source
        self.made: dict[etree.Element, Made] = {}
        self.containers: dict[etree.Element, Block] = {}  # the element of each pair that holds its sides
        self.errors: set[tuple[int, str]] = set()

    def error(self, line: int | None, message: str) -> None:
        self.errors.add((line or 1, message))

    def align(self, leaked: set[str]) -> None:
        """Give every made block its header's line: the same order, the same argument (title)."""
        if "pair" in leaked:  # an unread pair leaks its sides too; its own header says it all
            leaked = leaked - set(SIDES)
        headers = scan(self.source)
        for kind in KINDS:
            found, j = headers[kind], 0
            for made in (m for m in self.made.values() if m.kind == kind):
                k = next((k for k in range(j, len(found)) if found[k].argument == made.block.argument), None)
                if k is None:  # its title differs in the source (a substituted number?): go by order
                    k = j if j < len(found) else None
                elif kind in leaked:  # headers skipped over were not read as blocks
                    for header in found[j:k]:
                        self.error(header.line, unread(kind))
                if k is not None:
                    made.line, j = found[k].line, k + 1
            if kind in leaked:
                for header in found[j:]:
                    self.error(header.line, unread(kind))

    def raise_errors(self) -> None:
        if self.errors:
            rows = (f"{self.path}:{line}: {message}" for line, message in sorted(self.errors))
            raise PluginError("\n".join(rows))


def unread(kind: str) -> str:
    options = (
        f"its options are 'check: <module>.<name>' and, for a vector side in Σ notation, 'vector: {SIGMA}'"
        if kind == "pair" else "it takes no options"
    )
    return (
        f"this '{kind}' header was not read as a block and shows as text: options go on lines indented "
        f"4 spaces right under the header and must be valid YAML; {options}"
    )


class OurBlock(Block):
    """What our blocks share: Markdown inside, and a record of where they are."""

    ARGUMENT = None  # optional; the rules say where it is required or refused

    def on_markdown(self) -> str:
        return "block"

    def made(self, el: etree.Element) -> etree.Element:
        self.config["state"].made[el] = Made(self.NAME, self)
        return el

    def on_end(self, block: etree.Element) -> None:
        self.config["state"].made[block].closed = True


class PairBlock(OurBlock):
    """`/// pair | title` with the options `check: module.name` and perhaps `vector: sigma`: one
    expanded and one vector side (which `vector: sigma` labels, and lets write, in Σ notation)."""

    NAME = "pair"
    # Checked with the other rules, where a line is known.
    OPTIONS = {"check": (None, type_any), "vector": (None, type_any)}

    def on_create(self, parent: etree.Element) -> etree.Element:
        figure = self.made(etree.SubElement(parent, "figure", {"class": "pair"}))
        if self.argument:
            etree.SubElement(figure, "figcaption", {"class": "pair__title"}).text = self.argument
        self.sides = etree.SubElement(figure, "div", {"class": "pair__sides"})
        self.config["state"].containers[self.sides] = self
        if isinstance(check := self.options["check"], str) and check:
            figure.set("data-check", check)
            caption = etree.SubElement(figure, "p", {"class": "pair__check", **QUIET})
            caption.text = AtomicString(self.config["labels"]["checked_by"] + " ")
            etree.SubElement(caption, "code").text = AtomicString(check)
        return figure

    def on_add(self, block: etree.Element) -> etree.Element:
        return self.sides


class SideBlock(OurBlock):
    """One side of a pair: its label, and its formula in a panel that scrolls rather than overflows."""

    def on_create(self, parent: etree.Element) -> etree.Element:
        side = self.made(etree.SubElement(parent, "div", {"class": f"pair__side pair__side--{self.NAME}"}))
        label = etree.SubElement(side, "div", {"class": "pair__label", **QUIET})
        label.text = AtomicString(self.config["labels"][self.label(parent)])
        self.math = etree.SubElement(side, "div", {"class": "pair__math"})
        return side

    def on_add(self, block: etree.Element) -> etree.Element:
        return self.math

    def label(self, parent: etree.Element) -> str:
        """The key of this side's label among the labels."""
        pair = self.config["state"].containers.get(parent)
        return SIGMA if self.NAME == "vector" and pair is not None and sigma(pair) else self.NAME


class ExpandedBlock(SideBlock):
    NAME = "expanded"


class VectorBlock(SideBlock):
    NAME = "vector"


def sigma(pair: Block) -> bool:
    """Whether a pair's vector side is written in Σ notation (`vector: sigma`)."""
    return pair.options["vector"] == SIGMA


class UnpairedBlock(OurBlock):
    """`/// unpaired | reason`: math with an expanded sum that has no vector form."""

    NAME = "unpaired"

    def on_create(self, parent: etree.Element) -> etree.Element:
        return self.made(etree.SubElement(parent, "div", {"class": "pair-unpaired"}))


class PageStart(Preprocessor):
    """Starts a page with the path and source the hook handed over, or else the Markdown itself."""

    def __init__(self, md: Markdown, extension: PairExtension, state: PageState) -> None:
        super().__init__(md)
        self.extension, self.state = extension, state

    def run(self, lines: list[str]) -> list[str]:
        page, self.extension.page = self.extension.page, None
        self.state.start(*(page or ("<markdown>", "\n".join(lines))))
        return lines


class PageCheck(Treeprocessor):
    """Checks every rule on the parsed page, then raises all mistakes with their lines."""

    def __init__(self, md: Markdown, extension: PairExtension, state: PageState) -> None:
        super().__init__(md)
        self.lookup, self.state = extension.getConfig("lookup"), state
        self.names = known_names(extension.getConfig("mathjax"))

    def run(self, root: etree.Element) -> None:
        parents = {child: parent for parent in root.iter() for child in parent}
        self.state.align(leaked(root, parents))
        for el, made in self.state.made.items():
            if not made.closed:
                slashes = "/" * made.block.length
                hint = f"; {NESTING}" if made.kind in SIDES else ""
                self.state.error(made.line, f"'{slashes} {made.kind}' is never closed: end it with '{slashes}'{hint}")
            if made.kind == "pair":
                self.check_pair(made)
            elif made.kind in SIDES:
                self.check_side(el, made, parents)
            elif not (made.block.argument or "").strip():
                self.state.error(made.line, "'/// unpaired' needs a reason: '/// unpaired | why no vector form'")
        locator = Locator(self.state.source)
        for el in root.iter():
            if el.tag in ("span", "div") and "arithmatex" in el.get("class", "").split():
                self.check_math(el, parents, locator)
        self.state.raise_errors()

    def check_pair(self, made: Made) -> None:
        def error(message: str) -> None:
            self.state.error(made.line, message)

        check = made.block.options["check"]
        if not check:
            error(
                "formula pair has no check: add a line '    check: <module>.<name>' under the header, "
                "naming an entry of CHECKS in snippets/<module>.py that computes both sides"
            )
        elif not isinstance(check, str) or not RE_CHECK.match(check):
            error(f"check {check!r} is not of the form <module>.<name>, e.g. 'check: neuron.weighted_sum'")
        elif problem := self.lookup(check):
            error(problem)
        if made.block.options["vector"] not in (None, SIGMA):
            error(
                f"'vector: {made.block.options['vector']}' is no kind of vector side: the only one is "
                f"'vector: {SIGMA}', for a pair whose vector side is written in Σ notation with \\sum"
            )
        sides = made.block.sides
        kinds = [self.state.made[c].kind if c in self.state.made else None for c in sides]
        if None in kinds or (sides.text or "").strip() or any((c.tail or "").strip() for c in sides):
            error(
                "formula pair has content outside its two sides: move it into '//// expanded' or "
                "'//// vector', or below the pair's closing line"
            )
        for kind in SIDES:
            if kind not in kinds:
                other = SIDES[1 - SIDES.index(kind)]
                error(f"formula pair has no {kind} side: add '//// {kind}', its formula and '////' "
                      f"beside the {other} side; {NESTING}")
            elif kinds.count(kind) > 1:
                error(f"formula pair has {kinds.count(kind)} {kind} sides: it needs one of each kind")
        # Written vector first, shown expanded first.
        order = {"expanded": 0, "vector": 1}
        sides[:] = sorted(sides, key=lambda c: order.get(getattr(self.state.made.get(c), "kind", ""), 2))

    def check_side(self, side: etree.Element, made: Made, parents: dict) -> None:
        header = "/" * made.block.length + " " + made.kind
        if parents.get(side) not in self.state.containers:
            self.state.error(made.line, f"'{header}' is outside a formula pair: put it in one; {NESTING}")
        if made.block.argument is not None:
            self.state.error(made.line, f"'{header}' takes no title: remove '| {made.block.argument}'")
        if not any("arithmatex" in el.get("class", "").split() for el in side.iter()):
            self.state.error(made.line, f"the {made.kind} side holds no math: write its formula as $$...$$")

    def check_math(self, el: etree.Element, parents: dict, locator: Locator) -> None:
        raw = html.unescape(el.text or "")
        tex = raw[2:-2] if raw[:2] in ("\\(", "\\[") else raw
        line = locator.find(tex, max(tex.split("\n"), key=len))
        if line is None:  # numbers written in by the build: the longest stretch between them
            line = locator.find(max(re.split(r"[-+\d.,\s]+", tex), key=len))
        display = raw[:2] == "\\[" or el.tag == "div"
        made = next((self.state.made[a] for a in ancestors(el, parents) if a in self.state.made), None)
        inside = made.kind if made else None
        pair = next((self.state.containers[a] for a in ancestors(el, parents) if a in self.state.containers), None)
        short = " ".join(tex.split())
        short = short if len(short) <= 60 else short[:57] + "..."
        lead = tex[: len(tex) - len(tex.lstrip())].count("\n")  # the formula's line is its first text's
        for at, message in tex_errors(tex, self.names):
            offset = tex[:at].count("\n") - lead if line else 0
            self.state.error((line or 1) + offset, f"TeX error in ${short}$: {message}")

        def error(message: str, found: str) -> None:
            self.state.error(line or locator.find(found), message)

        if found := expanded_sum(tex):
            if inside is None:
                error(
                    f"expanded sum outside a formula pair in ${short}$: put it in a '/// pair' beside its "
                    "vector form or, if it truly has none, inside '/// unpaired | reason'", found,
                )
            elif inside == "vector" and (RE_DOTS_PLUS.search(tex) or not (pair and sigma(pair))):
                sigma_hint = (
                    "" if RE_DOTS_PLUS.search(tex) else
                    f"; or, if this pair sets the expanded form beside its Σ notation, add the option "
                    f"'vector: {SIGMA}' under the pair's header"
                )
                error(
                    f"the vector side holds an expanded sum in ${short}$: write it with vectors and matrices "
                    r"(e.g. \mathbf{w} \cdot \mathbf{x}, \lVert T - A^3 \rVert^2); the terms belong on the "
                    f"expanded side{sigma_hint}", found,
                )
        if inside is None and display and (found := vector_formula(tex)):
            error(
                f"vector formula outside a formula pair in ${short}$ (it has {found}): put it in a "
                "'/// pair' beside its expanded form, written term by term, or, if it truly has none "
                "(a definition of notation, a matrix layout, a step whose pair follows), inside "
                "'/// unpaired | reason'", found,
            )
        if inside == "expanded" and (found := vector_symbol(tex)) and not scalar_term(tex):
            error(
                f"the expanded side is a vector formula in ${short}$: right of its '=' it shows "
                f"vectors and matrices ({found}) but no term, such as x_i, w^2_{{ji}} or a number "
                "with a decimal point; write it term by term (or one entry of it), and its vector "
                "form on the vector side", found,
            )
        if inside == "vector" and not (pair and sigma(pair)) and not vector_form(tex):
            error(
                f"the vector side shows no vector or matrix in ${short}$: write it with bold vectors "
                r"(\mathbf{x}, \boldsymbol{\delta}^3), the book's matrices (W^2, A^3, X, T), \nabla, a "
                "column (pmatrix) or a transpose; a formula of numbers alone belongs on the expanded side",
                short,
            )
        if inside == "vector" and pair and sigma(pair) and not RE_SUM.search(tex):
            error(
                f"the pair is labelled 'vector: {SIGMA}' but its vector side has no \\sum in ${short}$: "
                f"write it in Σ notation, or remove 'vector: {SIGMA}' if it is a vector form", short,
            )


def ancestors(el: etree.Element, parents: dict) -> Iterator[etree.Element]:
    while (el := parents.get(el)) is not None:
        yield el


def leaked(root: etree.Element, parents: dict) -> set[str]:
    """Kinds of our blocks whose header shows as page text (not in code): Blocks did not read it."""
    kinds = set()
    for el in root.iter():
        if el.tag in ("pre", "code") or any(a.tag in ("pre", "code") for a in ancestors(el, parents)):
            continue
        for line in f"{el.text or ''}\n{el.tail or ''}".split("\n"):
            if (m := RE_HEADER.match(line)) and m.group(2).lower() in KINDS:
                kinds.add(m.group(2).lower())
    return kinds


def accept_any(check: str) -> str | None:
    """The default lookup: any module.name is a check (the hook looks in snippets/ instead)."""
    return None


class PairExtension(BlocksExtension):
    """The pair, its two sides and `unpaired`. Set `page` to (path, full source) before a page."""

    def __init__(self, **kwargs) -> None:
        self.config = {
            "lookup": [accept_any, "callable(check name) -> what is wrong with it, or None"],
            "labels": [{}, "the words a reader sees: expanded, vector, sigma (a vector side in Σ notation), checked_by"],
            "mathjax": ["", "the MathJax configuration (docs/javascripts/mathjax.js) whose TeX packages the math may use"],
        }
        super().__init__(**kwargs)
        self.page: tuple[str, str] | None = None

    def extendMarkdownBlocks(self, md: Markdown, block_mgr: BlocksProcessor) -> None:
        state = PageState()
        labels = self.getConfig("labels")
        for block in (PairBlock, ExpandedBlock, VectorBlock, UnpairedBlock):
            block_mgr.register(block, {"state": state, "labels": labels})
        md.preprocessors.register(PageStart(md, self, state), "pair_start", 40)  # before snippets (32)
        # After inline parsing (20) and Blocks' on_inline_end (19.99): all math is in the tree.
        md.treeprocessors.register(PageCheck(md, self, state), "pair_check", 15)
