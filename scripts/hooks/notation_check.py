r"""Notation is one table: every symbol in a page's math is defined in docs/appendix/notation.md.

A Python-Markdown extension. Its treeprocessor reads the TeX of every arithmatex span and div of
a page, splits it into symbols with a small tokenizer, and fails with `docs/<page>.md:<line>` on
a symbol that neither the table nor the page's own section of the table defines.

What a symbol is
----------------
* A **letter**, Latin or Greek, in its font: `x` (italic), `\mathbf{x}` (bold), `\mathrm{d}`
  (upright), `\mathsf{T}` (sans-serif), `\mathcal{L}` (calligraphic), `\mathbb{R}` (blackboard),
  `\boldsymbol{\delta}` (bold), `\Delta` (upright, as TeX sets capital Greek). Each font is a
  different symbol: `\mathbf{w}`, `w`, `\boldsymbol{\delta}` and `\delta` are four. An accent
  (`\tilde W`, `\bar x`, `\hat y`) and a star (`x^\star`) make a symbol of their own. A bold digit
  (`\mathbf{1}`) is a symbol; other digits are numbers.
* An **operator** or **function**: `\nabla`, `\partial`, `\sum`, `\prod`, `\odot`, `\cdot`,
  `\lVert..\rVert`, `\lvert..\rvert`, `\lfloor..\rfloor`, the prime `'` of a derivative, `\bmod`,
  `\exp`, `\ln`, `\log`, `\cos`, `\sin`, `\tanh`, `\max`, `\min`, `\lim`, and every
  `\operatorname{name}`.
* Sub- and superscripts are symbols too, looked up like the rest: the index letters (i, j, k, l,
  n ...) are defined in the table's index section, numbers are no symbols (`W^2`, `x^2`). A
  letter whose subscript holds something other than indices and numbers is one symbol with it
  when the table defines it so (`C_T`, `X_{\text{all}}`); otherwise its subscript is read as more
  symbols (`\nabla_{\mathbf{z}^l}`).
* Not symbols: `\text{...}` (words), numbers, brackets, `+ - = < \le \approx \times \to`,
  `\frac`, `\sqrt`, spacing, `\left`/`\right`, environments (`aligned`, `pmatrix`, ...), and the
  wrappers `\class{name}{body}`, `\cssId{id}{body}`, `\data{..}{body}`, `\style{..}{body}`,
  which are read as their body. A command the tokenizer does not know fails, so that nothing
  is skipped silently.

The table
---------
Every Markdown table of notation.md whose first column is headed `Symbol`, `Index` (the index
letters) or `Quoted`, with `Font` and `Meaning` columns, defines symbols. A row defines the head
of each `$...$` in its first cell: the first operator of the formula, or else its first letter
(with its subscript when that holds more than indices and numbers); the other letters are
examples and must be defined too. The Font cell lists the heads' fonts, each entry starting with
a word of FONT_WORDS. A symbol has one row. A table under a heading that links to a page
(`### [Least squares](../toolkit/regression.md)`, or a lesson's `../lessons/<name>.ipynb`, whose
Markdown lessons.py checks as snippets/<name>.py) declares that page's own symbols: only that
page may use them, and none may be a symbol of the whole book; two pages may each declare a
letter of their own. A `Quoted` table there holds another book's letters, which that page uses
with that book's meaning, even where this book has the letter too. The pages in `gathers` (the
glossary) list the symbols of every page and may use them all, as the notation page does.
"""

from __future__ import annotations

import functools
import html
import re
import xml.etree.ElementTree as etree
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from markdown import Extension, Markdown
from markdown.preprocessors import Preprocessor
from markdown.treeprocessors import Treeprocessor
from mkdocs.exceptions import PluginError

GREEK = set(
    "alpha beta gamma delta epsilon varepsilon zeta eta theta vartheta iota kappa lambda mu nu xi "
    "pi varpi rho varrho sigma varsigma tau upsilon phi varphi chi psi omega "
    "Gamma Delta Theta Lambda Xi Pi Sigma Upsilon Phi Psi Omega ell".split()
)
FONTS = {  # command -> font of the letters inside
    "mathbf": "bold", "boldsymbol": "boldsymbol", "bm": "boldsymbol", "mathrm": "upright", "mathsf": "sans-serif",
    "mathcal": "calligraphic", "mathbb": "blackboard", "mathit": "italic",
}
FONT_WORDS = {"italic", "bold", "bold-italic", "bold-upright", "upright", "sans-serif", "calligraphic", "blackboard", "operator"}
OPERATORS = {
    "nabla", "partial", "sum", "prod", "odot", "cdot", "bmod",
    "exp", "ln", "log", "cos", "sin", "tan", "tanh", "max", "min", "lim", "arg",
}
PAIRED = {"lVert": r"\lVert\rVert", "rVert": r"\lVert\rVert", "lvert": r"\lvert\rvert", "rvert": r"\lvert\rvert",
          "lfloor": r"\lfloor\rfloor", "rfloor": r"\lfloor\rfloor"}
ACCENTS = {"tilde", "widetilde", "bar", "overline", "hat", "widehat", "dot", "ddot", "vec", "check", "breve"}
MARKS = {"star", "ast"}  # x^\star
# Read as their body, after skipping this many arguments.
WRAPPERS = {"class": 1, "cssId": 1, "data": 1, "style": 1, "href": 1, "textcolor": 1, "boxed": 0, "mathop": 0}
TEXT = {"text", "textrm", "textit", "textbf", "textsf", "texttt", "mbox", "mathtt", "textnormal"}
SKIP_ARG = {"begin", "end", "color", "phantom", "hphantom", "vphantom", "label", "tag", "ref", "eqref",
            "hspace", "vspace", "mspace", "kern", "mkern"}
# Commands that are no symbols: arithmetic, relations, dots, spacing, sizes, layout.
IGNORED = set(
    "frac tfrac dfrac cfrac binom sqrt left right middle big Big bigg Bigg bigl bigr Bigl Bigr biggl biggr "
    "Biggl Biggr quad qquad displaystyle textstyle scriptstyle limits nolimits mathstrut strut "
    "approx le ge leq geq ne neq lt gt equiv sim simeq propto to leftarrow rightarrow Leftarrow Rightarrow "
    "leftrightarrow iff implies mapsto gets in notin subset subseteq cup cap pm mp times div circ bullet "
    "cdots ldots dots dotsb dotsc dotsm vdots ddots colon mid "
    "langle rangle lbrace rbrace lceil rceil infty hline underbrace overbrace underset overset stackrel "
    "substack atop over choose hfill enspace thinspace negthinspace cr newline prime top perp "
    "vee wedge neg forall exists emptyset setminus ll gg uparrow downarrow Uparrow Downarrow "
    "overrightarrow overleftarrow not".split()
)
TOKEN = re.compile(r"\\[A-Za-z]+|\\.|[A-Za-z]|\d+(?:\.\d+)?|\s+|.", re.S)


class TexError(ValueError):
    """The tokenizer met TeX it cannot read: `offset` is where in the formula."""

    def __init__(self, message: str, offset: int) -> None:
        super().__init__(message)
        self.offset = offset


@dataclass
class Atom:
    """One piece of a formula: a letter or operator (a symbol), or text, a number, anything else."""

    kind: str  # "letter", "operator", "text", "number", "other"
    name: str  # canonical TeX: x, \mathbf{x}, \boldsymbol{\delta}, \tilde{W}, x^\star, \nabla
    font: str
    offset: int
    sub: list[Atom] | None = None
    sup: list[Atom] | None = None

    @property
    def symbol(self) -> bool:
        return self.kind in ("letter", "operator")


def letter(char: str, font: str | None, bold: str = "mathbf") -> tuple[str, str]:
    """(canonical TeX, font) of a letter, Latin or Greek (char is 'x' or '\\delta')."""
    greek = char.startswith("\\")
    if font is None or font == "italic":
        upright = greek and char[1].isupper()
        return char, "upright" if upright else "italic"
    command = {"bold": "mathbf", "upright": "mathrm", "sans-serif": "mathsf",
               "calligraphic": "mathcal", "blackboard": "mathbb"}.get(font, font)
    if font == "bold" and bold == "boldsymbol":  # bold Greek; a bold italic Latin letter
        return rf"\boldsymbol{{{char}}}", "bold" if greek else "bold-italic"
    if font == "bold" and greek:  # \mathbf{\delta}: not the \boldsymbol{\delta} of the table
        return rf"\mathbf{{{char}}}", "bold-upright"
    return rf"\{command}{{{char}}}", font


class Parser:
    """Reads TeX into a flat list of atoms; scripts hang on the atom before them."""

    def __init__(self, tex: str) -> None:
        self.tokens = [(m.group(), m.start()) for m in TOKEN.finditer(tex) if not m.group().isspace()]
        self.i = 0

    def peek(self) -> str | None:
        return self.tokens[self.i][0] if self.i < len(self.tokens) else None

    def offset(self) -> int:
        return self.tokens[min(self.i, len(self.tokens) - 1)][1] if self.tokens else 0

    def take(self) -> tuple[str, int]:
        token = self.tokens[self.i]
        self.i += 1
        return token

    def argument(self, font: str | None = None, marks: tuple[str, ...] = ()) -> list[Atom]:
        """One argument: a {group} or a single token."""
        if self.peek() is None:
            raise TexError("a command is missing its argument", self.offset())
        if self.peek() == "{":
            self.take()
            atoms = self.sequence(font, marks, stop="}")
            self.take()
            return atoms
        return self.sequence(font, marks, single=True)

    def raw_argument(self) -> str:
        """A {group} read as plain text (an environment's name, a class name)."""
        if self.peek() != "{":
            return self.take()[0] if self.peek() is not None else ""
        depth, parts = 0, []
        while self.peek() is not None:
            token, _ = self.take()
            depth += {"{": 1, "}": -1}.get(token, 0)
            if depth == 0:
                break
            parts.append(token)
        return "".join(parts[1:])

    def sequence(self, font=None, marks=(), stop=None, single=False) -> list[Atom]:
        atoms: list[Atom] = []
        while (token := self.peek()) is not None:
            if token == stop:
                return atoms
            if token == "}":
                raise TexError("a '}' closes no group", self.offset())
            if token in ("_", "^"):
                self.take()
                script = self.argument()
                base = atoms[-1] if atoms and atoms[-1].kind != "other" else None
                if base is None or getattr(base, "sub" if token == "_" else "sup") is not None:
                    base = Atom("other", "", "", self.offset())
                    atoms.append(base)
                if token == "^" and base.kind == "letter" and [a.name for a in script] in (["\\star"], ["*"]):
                    base.name += "^" + script[0].name
                elif token == "_":
                    base.sub = script
                else:
                    base.sup = script
                continue
            atoms += self.one(font, marks)
            if single:
                return atoms
        if stop is not None:
            raise TexError("a '{' is never closed", self.offset())
        return atoms

    def one(self, font, marks) -> list[Atom]:
        token, at = self.take()
        if token == "{":
            atoms = self.sequence(font, marks, stop="}")
            self.take()
            return atoms
        if re.fullmatch(r"[A-Za-z]", token) or (token[1:] in GREEK and token[0] == "\\"):
            name, shown = letter(token, "bold" if font == "boldsymbol" else font,
                                 "boldsymbol" if font == "boldsymbol" else "mathbf")
            if name == r"\mathsf{T}":  # the transpose
                return [Atom("operator", name, "operator", at)]
            for mark in marks:
                name = rf"\{mark}{{{name}}}"
            return [Atom("letter", name, shown, at)]
        if token[0].isdigit():
            if font in ("bold", "boldsymbol"):
                return [Atom("letter", rf"\mathbf{{{token}}}", "bold", at)]
            return [Atom("number", token, "", at)]
        if token == "'":
            return [Atom("operator", "'", "operator", at)]
        if not token.startswith("\\") or len(token) == 2 and not token[1].isalpha():
            return [Atom("other", token, "", at)]  # punctuation, \\, \, \{ ...
        command = token[1:]
        if command in FONTS:
            return self.argument(FONTS[command] if not (command == "mathit") else "italic", marks)
        if command in ACCENTS:
            return self.argument(font, marks + ({"widetilde": "tilde", "overline": "bar",
                                                 "widehat": "hat"}.get(command, command),))
        if command in TEXT:
            return [Atom("text", rf"\text{{{self.raw_argument()}}}", "", at)]
        if command == "operatorname":
            return [Atom("operator", rf"\operatorname{{{self.raw_argument()}}}", "operator", at)]
        if command in OPERATORS:
            return [Atom("operator", token, "operator", at)]
        if command in PAIRED:
            return [Atom("operator", PAIRED[command], "operator", at)]
        if command in MARKS:
            return [Atom("other", token, "", at)]
        if command in WRAPPERS:
            for _ in range(WRAPPERS[command]):
                self.raw_argument()
            return self.argument(font, marks)
        if command in SKIP_ARG:
            name = self.raw_argument()
            if command == "begin" and name in ("array", "tabular") and self.peek() == "{":
                self.raw_argument()  # the column spec
            return []
        if command == "sqrt" and self.peek() == "[":
            while self.peek() not in (None, "]"):
                self.take()
            self.take()
        if command in IGNORED:
            return [Atom("other", token, "", at)] if command in ("left", "right") else []
        raise TexError(
            f"the notation check does not know the command {token}: if it is valid TeX, add it to the "
            "lists at the top of scripts/hooks/notation_check.py (a letter, an operator, or no symbol)", at
        )


@functools.lru_cache(maxsize=8192)
def parse(tex: str) -> tuple[Atom, ...]:
    """The atoms of a formula, read once per build (many formulas repeat); raises TexError on TeX
    the tokenizer cannot read. The atoms are shared: read them, do not change them."""
    return tuple(change(Parser(tex).sequence()))


def change(atoms: list[Atom]) -> list[Atom]:
    r"""A bare \Delta right before a symbol is the change of it (\Delta x), not the matrix \Delta^l."""
    for atom, after in zip(atoms, atoms[1:]):
        if atom.name == "\\Delta" and atom.sub is None and atom.sup is None and after.symbol:
            atom.kind, atom.name, atom.font = "operator", CHANGE, "operator"
    for atom in atoms:
        for script in (atom.sub, atom.sup):
            if script:
                change(script)
    return atoms


CHANGE = r"\Delta\,\cdot"  # the name of the change operator


def walk(atoms: list[Atom]):
    for atom in atoms:
        yield atom
        for script in (atom.sub, atom.sup):
            if script:
                yield from walk(script)


def spell(atoms: list[Atom]) -> str:
    """Canonical TeX of a script, for a symbol such as C_{T}."""
    return "".join(a.name for a in atoms if a.kind != "other" or a.name.isalnum())


@dataclass
class Entry:
    """One defined symbol: its canonical TeX, font, meaning, and where it is defined."""

    name: str
    font: str
    meaning: str
    line: int
    page: str | None = None  # the page whose own symbol it is; None for the whole book
    index: bool = False
    quoted: bool = False  # another book's letter, quoted on its page with that book's meaning


@dataclass
class Table:
    path: str
    symbols: dict[str, Entry] = field(default_factory=dict)  # the whole book's
    local: dict[str, dict[str, Entry]] = field(default_factory=dict)  # page -> its own
    errors: list[tuple[int, str]] = field(default_factory=list)

    def known(self, page: str | None) -> dict[str, Entry]:
        if page is None:  # the notation page and the glossary show every page's symbols
            merged = dict(self.symbols)
            for own in self.local.values():
                merged.update(own)
            return merged
        return {**self.symbols, **self.local.get(page, {})}


def cells(line: str) -> list[str]:
    return [c.strip() for c in re.split(r"(?<!\\)\|", line.strip().strip("|"))]


RE_MATH = re.compile(r"\$([^$]+)\$")
RE_HEADING = re.compile(r"^(#{1,6})\s+(.*)$")
RE_LINK = re.compile(r"\[[^\]]*\]\(([^)#\s]+\.(?:md|ipynb))(?:#[^)]*)?\)")


def head(atoms: list[Atom], indices: set[str]) -> tuple[str, str] | None:
    """(name, font) of what a table formula defines: its first operator, else its first letter."""
    for atom in walk(atoms):
        if atom.kind == "operator":
            return atom.name, "operator"
    for atom in atoms:
        if atom.kind == "letter":
            if atom.sub and any(a.symbol and a.name not in indices or a.kind == "text" for a in walk(atom.sub)):
                return f"{atom.name}_{{{spell(atom.sub)}}}", atom.font
            return atom.name, atom.font
    return None


def read_table(path: Path, shown: str) -> Table:
    """The symbols of the notation table, and what is wrong with it."""
    table = Table(shown)
    rows = []  # (line, columns, cells, page or None)
    columns: list[str] | None = None
    page, page_level = None, 0
    fence = False
    for number, line in enumerate(path.read_text(encoding="utf-8").split("\n"), 1):
        if line.lstrip().startswith(("```", "~~~")):
            fence = not fence
        if fence:
            continue
        if m := RE_HEADING.match(line):
            level = len(m.group(1))
            if page is not None and level <= page_level:
                page = None
            if (link := RE_LINK.search(m.group(2))) and page is None:
                target = PurePosixPath(shown).parent / link.group(1)
                page, page_level = normalise(target), level
            columns = None
            continue
        if not line.lstrip().startswith("|"):
            columns = None
            continue
        row = cells(line)
        if columns is None:
            columns = [c.lower() for c in row]
        elif not all(re.fullmatch(r":?-+:?", c) for c in row):
            if columns[0] in ("symbol", "index", "quoted"):
                rows.append((number, columns, row, page))
    indices = set()
    for number, columns, row, _ in rows:
        if columns[0] == "index":
            for form in RE_MATH.findall(row[0]):
                with_error(table, number, lambda: indices.update(a.name for a in parse(form) if a.kind == "letter"))
    for number, columns, row, page in rows:
        if columns[0] == "quoted" and page is None:
            table.errors.append((number, "a 'Quoted' table belongs under a page's heading: quoted letters are one page's"))
            continue
        define(table, number, dict(zip(columns, row)), columns[0], page, indices)
    return table


def normalise(path: PurePosixPath) -> str:
    parts: list[str] = []
    for part in path.parts:
        if part == "..":
            parts = parts[:-1]
        elif part != ".":
            parts.append(part)
    return "/".join(parts)


def with_error(table: Table, line: int, action):
    try:
        return action()
    except TexError as e:
        table.errors.append((line, f"cannot read the symbol: {e}"))
        return None


def define(table: Table, line: int, row: dict[str, str], first: str, page: str | None, indices: set[str]) -> None:
    """Enter one row: `first` is its table's first column, symbol, index or quoted."""
    if "font" not in row or "meaning" not in row:
        table.errors.append((line, "a notation table needs the columns Symbol (or Index), Font and Meaning"))
        return
    forms = RE_MATH.findall(row[first])
    if not forms:
        table.errors.append((line, f"the {first} cell holds no $...$: write the symbol in TeX"))
        return
    if not row["meaning"]:
        table.errors.append((line, "the Meaning cell is empty"))
    heads = []
    for form in forms:
        atoms = with_error(table, line, lambda: parse(form))
        if atoms is None:
            continue
        if (found := head(atoms, indices)) is None:
            table.errors.append((line, f"${form}$ holds no letter or operator to define"))
            continue
        heads.append(found)
    fonts = {word.split()[0].lower() for word in re.split(r",|\band\b", row["font"]) if word.strip()}
    if unknown := fonts - FONT_WORDS:
        table.errors.append((line, f"unknown font {', '.join(sorted(unknown))} in the Font cell "
                                   f"(use {', '.join(sorted(FONT_WORDS))})"))
    elif heads and fonts != {font for _, font in heads}:
        shown = ", ".join(f"${n}$ is {f}" for n, f in heads)
        table.errors.append((line, f"the Font cell says '{row['font']}', but {shown}"))
    for name, font in dict.fromkeys(heads):
        entry = Entry(name, font, row["meaning"], line, page, first == "index", first == "quoted")
        before = table.local.get(page, {}).get(name) if page else None
        if before is None and first != "quoted":  # a quoted letter may be one of the book's
            before = table.symbols.get(name)
        if before is None and page is None:
            before = next((own[name] for own in table.local.values() if name in own), None)
        if before is not None:
            where = f"for {before.page} " if before.page else ""
            table.errors.append((line, f"${name}$ is defined twice: also at line {before.line} {where}"
                                       f"('{before.meaning}'); a symbol has one meaning"))
            continue
        if page is None:
            table.symbols[name] = entry
        else:
            table.local.setdefault(page, {})[name] = entry


def problems(atoms, known: dict[str, Entry]) -> list[tuple[Atom, str]]:
    """(atom, what is wrong) for every symbol of a formula that `known` does not define."""
    found = []
    for atom in atoms:
        scripts = [atom.sub, atom.sup]
        if atom.symbol:
            compound = f"{atom.name}_{{{spell(atom.sub)}}}" if atom.sub else None
            if compound in known:
                scripts[0] = None
            elif atom.name not in known:
                found.append((atom, undefined(atom, known)))
        for script in scripts:
            if script:
                found += problems(script, known)
    return found


RE_DRESS = re.compile(r"\\(?:mathbf|boldsymbol|mathrm|mathsf|mathcal|mathbb|tilde|bar|hat)\{(.*)\}$|\^(?:\\star|\*)$")


def bare(name: str) -> str:
    """The letter under a font, an accent or a star: \\mathbf{x}, \\tilde{x}, x^\\star -> x."""
    while (stripped := RE_DRESS.sub(lambda m: m.group(1) or "", name)) != name:
        name = stripped
    return name


def undefined(atom: Atom, known: dict[str, Entry]) -> str:
    """What to say about a symbol that `known` lacks: the same letter in another font, if any."""
    others = [e for e in known.values() if e.name != atom.name and bare(e.name) == bare(atom.name)]
    if atom.kind == "letter" and others:
        shown = "; ".join(f"${e.name}$ ({e.font}, {e.meaning[:50]})" for e in others[:3])
        return (f"${atom.name}$ ({atom.font}) is not in the notation table in this font: it has {shown}. "
                "Use the table's font, or define the symbol")
    return (f"${atom.name}$ is not in the notation table: give it a row there, or declare it under the page's "
            "own heading in 'Symbols of one page'")


class NotationExtension(Extension):
    """Checks each page's math against the notation table. Set `page` to (path, source) before a page,
    or to (path, source, page) when the file that errors name is not the page the table links to:
    a lesson's Markdown, snippets/<name>.py, is the page docs/lessons/<name>.ipynb."""

    def __init__(self, **kwargs) -> None:
        self.config = {
            "table": ["docs/appendix/notation.md", "the notation table's file"],
            "shown": ["docs/appendix/notation.md", "its name in error messages, docs/<page>.md"],
            "gathers": [[], "pages that list the symbols of every page (the glossary): they may use them all"],
        }
        super().__init__(**kwargs)
        self.page: tuple[str, str] | None = None
        self._table: tuple[tuple[int, int], Table] | None = None

    def table(self) -> Table:
        """The parsed table, read again only when its file changed."""
        path = Path(self.getConfig("table"))
        stat = path.stat()
        stamp = (stat.st_mtime_ns, stat.st_size)
        if self._table is None or self._table[0] != stamp:
            self._table = (stamp, read_table(path, self.getConfig("shown")))
        table = self._table[1]
        if table.errors:
            raise PluginError("\n".join(f"{table.path}:{line}: {message}" for line, message in sorted(table.errors)))
        return table

    def extendMarkdown(self, md: Markdown) -> None:
        state = {"path": "<markdown>", "source": "", "key": "<markdown>"}
        md.preprocessors.register(NotationStart(md, self, state), "notation_start", 41)
        md.treeprocessors.register(NotationCheck(md, self, state), "notation_check", 14)


class NotationStart(Preprocessor):
    def __init__(self, md: Markdown, extension: NotationExtension, state: dict) -> None:
        super().__init__(md)
        self.extension, self.state = extension, state

    def run(self, lines: list[str]) -> list[str]:
        page, self.extension.page = self.extension.page, None
        path, source, *key = page or ("<markdown>", "\n".join(lines))
        self.state.update(path=path, source=source, key=key[0] if key else path)
        return lines


class NotationCheck(Treeprocessor):
    def __init__(self, md: Markdown, extension: NotationExtension, state: dict) -> None:
        super().__init__(md)
        self.extension, self.state = extension, state

    def run(self, root: etree.Element) -> None:
        table = self.extension.table()
        path, source = self.state["path"], self.state["source"]
        key = self.state["key"]  # the English page's path: a translation has its symbols
        gathers = key == table.path or key in self.extension.getConfig("gathers")
        known = table.known(None if gathers else self.state["key"])
        finder = Finder(source)
        errors = set()
        for el in root.iter():
            if el.tag not in ("span", "div") or "arithmatex" not in el.get("class", "").split():
                continue
            raw = html.unescape(el.text or "")
            tex = raw[2:-2] if raw[:2] in ("\\(", "\\[") else raw
            start = finder.find(tex)
            try:
                found = problems(parse(tex), known)
            except TexError as e:
                errors.add((start + tex.count("\n", 0, e.offset), f"in ${short(tex)}$: {e}"))
                continue
            for atom, message in found:
                errors.add((finder.line_of(tex, atom.offset, start), f"in ${short(tex)}$: {message}"))
        if errors:
            raise PluginError("\n".join(f"{path}:{line}: {message}" for line, message in sorted(errors)))


def short(tex: str) -> str:
    text = " ".join(tex.split())
    return text if len(text) <= 60 else text[:57] + "..."


class Finder:
    """The source line of a formula: its TeX searched for in page order, from the last one found.

    The source may hold `{{ module.name }}` where the page's TeX holds the number the build wrote,
    so a formula not found as it is is searched for with each number standing for either.
    """

    def __init__(self, source: str) -> None:
        self.source, self.cursor = source, 0

    def find(self, tex: str) -> int:
        for start in (self.cursor, 0):
            if (at := self.source.find(tex, start)) >= 0:
                return self.found(at, len(tex))
        pattern = re.compile(r"\s*".join(
            rf"(?:{re.escape(part)}|\{{\{{[^}}]*\}}\}})" if NUMBERISH.fullmatch(part) else re.escape(part)
            for part in NUMBERISH_SPLIT.split(" ".join(tex.split())) if part and part.strip()
        ))
        for start in (self.cursor, 0):
            if m := pattern.search(self.source, start):
                return self.found(m.start(), len(m.group()))
        lines = [(l.strip(), k) for k, l in enumerate(tex.split("\n")) if l.strip()]
        for candidate, before in sorted(lines, key=lambda c: -len(c[0])):
            for start in (self.cursor, 0):
                if (at := self.source.find(candidate, start)) >= 0:
                    return self.found(at, len(candidate)) - before
        return 1

    def found(self, at: int, length: int) -> int:
        self.cursor = at + length
        return self.source.count("\n", 0, at) + 1

    def line_of(self, tex: str, offset: int, start: int) -> int:
        return start + tex.count("\n", 0, offset)


# A number as the build writes it into TeX, {{ x:.2f }} or {{ x:.1tex }} (3.2 \times 10^{-7}).
NUMBER_TEX = r"-?\d[\d.,]*(?:\s*\\times\s*10\^\{-?\d+\})?|10\^\{-?\d+\}"
NUMBERISH = re.compile(NUMBER_TEX)
NUMBERISH_SPLIT = re.compile(rf"({NUMBER_TEX})|\s+")
