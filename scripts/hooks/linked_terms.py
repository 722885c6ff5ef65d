r"""Linked terms, a Python-Markdown extension: a term of a pair's expanded side and what it
becomes on the vector side, marked with the same name.

    //// expanded
    $$z = \class{term-wx}{w_1 x_1 + \cdots + w_{12} x_{12}} + \class{term-b}{b}$$
    ////
    //// vector
    $$z = \class{term-wx}{\mathbf{w} \cdot \mathbf{x}} + \class{term-b}{b}$$
    ////

`\class{term-<name>}{...}` is MathJax's own (its html extension), so the formula typesets
as before; docs/javascripts/linked-terms.js lights up every term of the pair with the same
name when the reader points at, taps or focuses one. A name is lower-case letters, digits and
hyphens, and means something within its pair only.

The rules, checked on the parsed page: every name marked on one side of a pair is marked on
the other side too, and names are marked inside pairs only. A mistake fails the build with
`docs/<page>.md:<line>: ...`, all of a page's mistakes together.

For screen readers, each formula with terms gets `data-terms`: for each term, in the order
its `\class` opens in the TeX (which is the order MathJax draws them), its name and what it
is called, spoken as the term and then its partners ("w_1 x_1 + … + w_12 x_12: 𝐰 · 𝐱").
The words are the formula's own symbols, so a translation of the page changes nothing here.
"""

from __future__ import annotations

import html
import json
import re
import xml.etree.ElementTree as etree
from dataclasses import dataclass

from markdown import Extension, Markdown
from markdown.preprocessors import Preprocessor
from markdown.treeprocessors import Treeprocessor
from mkdocs.exceptions import PluginError

RE_MARK = re.compile(r"\\class\s*\{\s*term-([^}\s]*)\s*\}")
RE_NAME = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
RE_PAIR = re.compile(r"^[ \t>]*/{3,}[ ]*pair\b", re.IGNORECASE)
RE_FENCE = re.compile(r"^[ \t>]*(`{3,}|~{3,})")
SIDES = ("expanded", "vector")


@dataclass
class Term:
    name: str
    tex: str  # the marked TeX, without the \class around it


def braced(tex: str, start: int) -> tuple[str, int]:
    """The group `{...}` that opens at or after `start` (spaces skipped), and the index after it."""
    while start < len(tex) and tex[start].isspace():
        start += 1
    if start >= len(tex) or tex[start] != "{":
        return "", start
    depth = 0
    for at in range(start, len(tex)):
        if tex[at] == "\\":
            continue
        if tex[at] == "{" and tex[at - 1] != "\\":
            depth += 1
        elif tex[at] == "}" and tex[at - 1] != "\\":
            depth -= 1
            if depth == 0:
                return tex[start + 1:at], at + 1
    return tex[start + 1:], len(tex)


def terms(tex: str) -> list[Term]:
    """Every marked term of a formula, in the order its \\class opens."""
    return [Term(m.group(1), braced(tex, m.end())[0]) for m in RE_MARK.finditer(tex)]


# --- what a term is called, for screen readers ----------------------------------------------

GREEK = {name: chr(code) for name, code in (
    ("alpha", 0x3B1), ("beta", 0x3B2), ("gamma", 0x3B3), ("delta", 0x3B4), ("epsilon", 0x3B5),
    ("varepsilon", 0x3B5), ("eta", 0x3B7), ("theta", 0x3B8), ("lambda", 0x3BB), ("mu", 0x3BC),
    ("pi", 0x3C0), ("rho", 0x3C1), ("sigma", 0x3C3), ("tau", 0x3C4), ("phi", 0x3C6), ("chi", 0x3C7),
    ("psi", 0x3C8), ("omega", 0x3C9), ("Delta", 0x394), ("Sigma", 0x3A3), ("Phi", 0x3A6))}
SYMBOLS = {
    "cdot": "·", "cdots": "…", "ldots": "…", "dots": "…", "odot": "⊙", "times": "×", "partial": "∂",
    "nabla": "∇", "sum": "Σ", "top": "ᵀ", "intercal": "ᵀ", "prime": "′", "le": "≤", "ge": "≥",
    "leq": "≤", "geq": "≥", "approx": "≈", "to": "→", "infty": "∞", "star": "⋆", "ast": "∗",
    "lVert": "‖", "rVert": "‖", "Vert": "‖", "lvert": "|", "rvert": "|", "langle": "⟨",
    "rangle": "⟩", "mid": "|", "in": "∈", "quad": " ", "qquad": " ", "neq": "≠", "pm": "±",
}
# \mathbf{x} and \boldsymbol{\delta} as the bold letters of Unicode's mathematical alphabets
BOLD = {**{chr(97 + i): chr(0x1D41A + i) for i in range(26)}, **{chr(65 + i): chr(0x1D400 + i) for i in range(26)},
        "\\delta": "\U0001D6C5", "\\beta": "\U0001D6C3", "\\sigma": "\U0001D6D4", "\\theta": "\U0001D6C9"}
SUPERSCRIPT = dict(zip("0123456789+-=()nTi", "⁰¹²³⁴⁵⁶⁷⁸⁹⁺⁻⁼⁽⁾ⁿᵀⁱ"))
DROPPED = {"left", "right", "big", "Big", "bigg", "Bigg", "bigl", "bigr", "Bigl", "Bigr", "biggl",
           "biggr", "displaystyle", "textstyle", "limits", "nolimits", "mathsf", "mathrm", "mathbf",
           "boldsymbol", "bm", "mathit", "operatorname", "text", "textrm", "mathcal", "class",
           "tfrac", "frac", "dfrac", "sqrt", "hat", "bar", "tilde", "vec", "overline", "mathbb"}


def speak(tex: str) -> str:
    """A term's TeX as text that a screen reader reads: Greek and symbols as characters,
    digit superscripts raised, other scripts left as _{...}, fractions as a/b."""
    out, at = [], 0
    tex = re.sub(r"\\class\s*\{[^}]*\}", "", tex)
    tex = re.sub(r"\\mathsf\s*\{\s*T\s*\}", r"\\top{}", tex)  # the transpose
    while at < len(tex):
        c = tex[at]
        if c == "\\":
            m = re.match(r"\\([A-Za-z]+|.)", tex[at:])
            name, at = m.group(1), at + m.end()
            if name in ("begin", "end"):  # a matrix in parentheses, its rows apart; alignments vanish
                environment, at = braced(tex, at)
                if environment.endswith("matrix"):
                    out.append("(" if name == "begin" else ")")
            elif name == "\\":
                out.append("; ")
            elif name in ("mathbf", "boldsymbol", "bm") and (bold := BOLD.get(braced(tex, at)[0].strip())):
                out.append(bold)
                at = braced(tex, at)[1]
            elif name in ("frac", "tfrac", "dfrac"):
                top, at = argument(tex, at)
                bottom, at = argument(tex, at)
                out.append(f"{speak(top)}/{speak(bottom)}")
            elif name == "sqrt":
                inner, at = braced(tex, at)
                out.append(f"√({speak(inner)})")
            elif name in GREEK:
                out.append(GREEK[name])
            elif name in SYMBOLS:
                out.append(SYMBOLS[name])
            elif name in (",", ";", ":", "!", " "):
                out.append(" " if name != "!" else "")
            elif name in "{}()[]|":
                out.append(name)
            elif name not in DROPPED:
                out.append(name)
        elif c in "^_":
            group, after = braced(tex, at + 1)
            if after == at + 1 or not tex[at + 1:after].startswith("{"):
                m = re.match(r"\s*(\\[A-Za-z]+|.)", tex[at + 1:])
                group, after = m.group(1), at + 1 + m.end()
                if group[1:] in DROPPED:  # ^\mathsf{T}: the command and its argument
                    inner, after = braced(tex, after)
                    group = f"{group}{{{inner}}}"
            spoken = speak(group)
            if c == "^" and spoken and all(ch in SUPERSCRIPT for ch in spoken):
                out.append("".join(SUPERSCRIPT[ch] for ch in spoken))
            elif c == "^" and spoken in ("ᵀ", "′"):
                out.append(spoken)
            else:
                out.append(f"{c}{spoken}" if len(spoken) == 1 else f"{c}{{{spoken}}}")
            at = after
        elif c == "&":
            out.append(", " if in_matrix(tex, at) else "")
            at += 1
        elif c in "{}":
            at += 1
        elif c == "'":
            out.append("′")
            at += 1
        elif c == "-":
            out.append("−")
            at += 1
        else:
            out.append(c)
            at += 1
    text = re.sub(r"\s+", " ", "".join(out))
    return re.sub(r"\(\s+", "(", re.sub(r"\s+([,;)])", r"\1", text.replace("∂ ", "∂"))).strip()


def argument(tex: str, start: int) -> tuple[str, int]:
    """A macro's argument: a braced group, or else one character or command (\\tfrac12)."""
    while start < len(tex) and tex[start].isspace():
        start += 1
    if start < len(tex) and tex[start] == "{":
        return braced(tex, start)
    m = re.match(r"\\[A-Za-z]+|.", tex[start:])
    return (m.group(0), start + m.end()) if m else ("", start)


def in_matrix(tex: str, at: int) -> bool:
    """Whether position `at` is inside a matrix environment (else an & aligns)."""
    opened = [m.group(1) for m in re.finditer(r"\\(begin|end)\s*\{[a-zA-Z]*matrix\}", tex[:at])]
    return opened.count("begin") > opened.count("end")


def labels(sides: dict[str, list[Term]]) -> dict[str, list[list[str]]]:
    """For each side, [name, what the term is called] of each term: the term, then its partners."""
    said: dict[str, list[list[str]]] = {}
    for side, marked in sides.items():
        other = sides[SIDES[1 - SIDES.index(side)]]
        said[side] = []
        for term in marked:
            partners = " ; ".join(dict.fromkeys(speak(t.tex) for t in other if t.name == term.name))
            said[side].append([term.name, f"{speak(term.tex)}: {partners}"])
    return said


# --- the check --------------------------------------------------------------------------------


def math_of(el: etree.Element) -> str:
    raw = html.unescape(el.text or "")
    return raw[2:-2] if raw[:2] in ("\\(", "\\[") else raw


def is_math(el: etree.Element) -> bool:
    return el.tag in ("div", "span") and "arithmatex" in el.get("class", "").split()


def classes(el: etree.Element) -> list[str]:
    return el.get("class", "").split()


def pair_lines(source: str) -> list[int]:
    """The line of each `/// pair` header, outside fenced code, in order."""
    lines, fence = [], None
    for number, line in enumerate(source.split("\n"), 1):
        if m := RE_FENCE.match(line):
            fence = None if fence and m.group(1)[0] == fence[0] else (fence or m.group(1))
        elif fence is None and RE_PAIR.match(line):
            lines.append(number)
    return lines


def mark_line(source: str, start: int, name: str, side: str | None = None) -> int:
    """The first line from `start` on that marks `name` (on the given side, if found), else `start`."""
    rows = source.split("\n")
    current = None
    for number in range(start, len(rows) + 1):
        line = rows[number - 1]
        if side and re.match(r"^[ \t>]*/{3,}[ ]*(expanded|vector)\b", line):
            current = re.match(r"^[ \t>]*/{3,}[ ]*(\w+)", line).group(1)
        if (side is None or current == side) and re.search(rf"\\class\s*\{{\s*term-{re.escape(name)}\s*\}}", line):
            return number
        if number > start and RE_PAIR.match(line):
            break
    return start


def outside_line(source: str, name: str) -> int:
    """The first line outside every pair (and fenced code) that marks `name`, else 1."""
    closing = None
    for number, line in enumerate(source.split("\n"), 1):
        if closing is None and (m := re.match(r"^[ \t>]*(/{3,})[ ]*pair\b", line, re.IGNORECASE)):
            closing = m.group(1)
        elif closing is not None and line.strip() == closing:
            closing = None
        elif closing is None and re.search(rf"\\class\s*\{{\s*term-{re.escape(name)}\s*\}}", line):
            return number
    return 1


class LinkCheck(Treeprocessor):
    """Checks that every marked term has its partner, and writes what each term is called."""

    def __init__(self, md: Markdown, extension: LinkedTermsExtension) -> None:
        super().__init__(md)
        self.extension = extension

    def run(self, root: etree.Element) -> None:
        path, source = self.extension.page or ("<markdown>", self.extension.source)
        errors: set[tuple[int, str]] = set()
        headers = pair_lines(source)
        pairs = [el for el in root.iter("figure") if "pair" in classes(el)]
        inside = set()
        for n, figure in enumerate(pairs):
            line = headers[n] if n < len(headers) else 1
            title = figure.find("figcaption")
            title = "".join(title.itertext()).strip() if title is not None else "(untitled)"
            sides: dict[str, list[Term]] = {side: [] for side in SIDES}
            formulas: dict[str, list[tuple[etree.Element, list[Term]]]] = {side: [] for side in SIDES}
            for side_el in figure.iter("div"):
                side = next((s for s in SIDES if f"pair__side--{s}" in classes(side_el)), None)
                if side is None:
                    continue
                for math in filter(is_math, side_el.iter()):
                    inside.add(math)
                    found = terms(math_of(math))
                    sides[side] += found
                    formulas[side].append((math, found))
            for side in SIDES:
                other = SIDES[1 - SIDES.index(side)]
                names = {t.name for t in sides[other]}
                for term in sides[side]:
                    if not RE_NAME.match(term.name):
                        errors.add((mark_line(source, line, term.name), (
                            f"term name 'term-{term.name}' in pair '{title}' is not lower-case letters, digits "
                            "and hyphens: write e.g. \\class{term-w-x}{...}")))
                    elif term.name not in names:
                        errors.add((mark_line(source, line, term.name, side), (
                            f"linked term 'term-{term.name}' on the {side} side of pair '{title}' has no partner: "
                            f"mark what it becomes on the {other} side with \\class{{term-{term.name}}}{{...}}, "
                            "or remove the mark")))
            said = labels(sides)
            for side in SIDES:
                queue = list(said[side])
                for math, found in formulas[side]:
                    if found:
                        math.set("data-terms", json.dumps(queue[:len(found)], ensure_ascii=False))
                    queue = queue[len(found):]
        for math in filter(is_math, root.iter()):
            if math not in inside and (found := terms(math_of(math))):
                line = outside_line(source, found[0].name)
                errors.add((line, (
                    f"linked term 'term-{found[0].name}' is outside a formula pair: terms link the two "
                    "sides of one pair; remove the \\class{term-...} mark")))
        if errors:
            raise PluginError("\n".join(f"{path}:{line}: {message}" for line, message in sorted(errors)))


class PageSource(Preprocessor):
    """Keeps the page's source for line numbers when no hook handed it over."""

    def __init__(self, md: Markdown, extension: LinkedTermsExtension) -> None:
        super().__init__(md)
        self.extension = extension

    def run(self, lines: list[str]) -> list[str]:
        self.extension.source = "\n".join(lines)
        return lines


class LinkedTermsExtension(Extension):
    """Set `page` to (path, full source) before converting a page, so errors name its lines."""

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self.page: tuple[str, str] | None = None
        self.source = ""

    def extendMarkdown(self, md: Markdown) -> None:
        md.preprocessors.register(PageSource(md, self), "linked_terms_source", 41)
        # After the pair check (15), which puts the sides in order; before the HTML is written.
        md.treeprocessors.register(LinkCheck(md, self), "linked_terms", 14)


def makeExtension(**kwargs) -> LinkedTermsExtension:  # noqa: N802 (Python-Markdown's name)
    return LinkedTermsExtension(**kwargs)
