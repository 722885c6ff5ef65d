r"""Checks of the numbers a page shows, once the build's `{{ ... }}` numbers are written in.

1. Displayed arithmetic holds. Every relation between two arithmetic sides of a formula
   (tex_arithmetic.py) holds for the digits shown; otherwise it is written with \approx or its
   operands are rounded before the result is computed.
2. Typed-in numbers are caught. A number typed in the prose or the math that equals, to its
   shown precision, a number the build computed for the page (the numbers() of every snippet the
   page writes in with {{ }}, and of the page's own snippet) must be written in with {{ }}.
   Integers up to TYPED_INTEGER_LIMIT and numbers with fewer than SIGNIFICANT significant digits
   are exempt, and so is what the page's front matter or mkdocs.yml (extra.numbers.definitions)
   lists as a definition.
3. No exercise is answered before it is asked. A number that a solution (`??? success` under
   `## Exercises`) states, and that its question does not give, is not shown above `## Exercises`
   (the same exemptions apply).

`check(page)` returns every mistake of a page as (line, message) rows; the prose_numbers hook
raises them together. A Page knows which stretches of its text came from {{ }} and the line of
the source each character comes from.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

import tex_arithmetic

# A number typed with few digits is a definition or a round input (12 pixels, 47 parameters,
# 64 images, eta = 0.5, h = 0.1, 1000 epochs), and the more digits a number shows the less it
# can equal a computed number by chance. So integers up to TYPED_INTEGER_LIMIT, and numbers
# with fewer than SIGNIFICANT significant digits, may be typed and may be repeated.
TYPED_INTEGER_LIMIT = 100
SIGNIFICANT = 3


@dataclass
class Piece:
    """One {{ module.name:spec }} written into the page."""

    start: int  # in the written text
    end: int
    module: str
    name: str
    value: object


@dataclass
class Page:
    """A page's Markdown with its numbers written in, and where each part came from."""

    path: str  # docs/<page>.md
    text: str  # the Markdown with every {{ }} replaced
    pieces: list[Piece]
    source_starts: list[int]  # for each piece, its offset in the source
    source: str  # the Markdown as written (after any front matter)
    first_line: int = 1  # the file line of the Markdown's first line
    computed: dict[str, dict] = field(default_factory=dict)  # module -> numbers() of the page
    definitions: set[str] = field(default_factory=set)  # numbers allowed to be typed, as written
    # The edition's words for its exercises' heading and their solutions (extra.words).
    words: dict[str, str] = field(default_factory=lambda: {"exercises": "Exercises", "solution": "Solution"})

    def __post_init__(self) -> None:
        self._starts = [p.start for p in self.pieces]
        self._newlines = [m.start() for m in re.finditer("\n", self.source)]

    def line(self, at: int) -> int:
        """The file line of offset `at` in the written text."""
        k = bisect.bisect_right(self._starts, at) - 1
        if k >= 0 and at < self.pieces[k].end:
            source_at = self.source_starts[k]
        elif k >= 0:
            piece = self.pieces[k]
            source_end = self.source_starts[k] + len(self.source_span(k))
            source_at = source_end + (at - piece.end)
        else:
            source_at = at
        return bisect.bisect_left(self._newlines, source_at) + self.first_line

    def source_span(self, k: int) -> str:
        m = NUMBER.match(self.source, self.source_starts[k])
        return m.group(0) if m else ""

    def written_in(self, start: int, end: int) -> Piece | None:
        k = bisect.bisect_right(self._starts, start) - 1
        if k >= 0 and start < self.pieces[k].end:
            return self.pieces[k]
        k = bisect.bisect_left(self._starts, start)
        if k < len(self.pieces) and self.pieces[k].start < end:
            return self.pieces[k]
        return None


NUMBER = re.compile(r"\{\{\s*(?P<module>\w+)\.(?P<name>\w+)(?::(?P<spec>[^}\s]*))?\s*\}\}")


def substitute(source: str, value_of) -> tuple[str, list[Piece], list[int]]:
    """Write in every {{ }} of `source` with value_of(match) -> text; record where each went."""
    out, pieces, starts, last, length = [], [], [], 0, 0
    for m in NUMBER.finditer(source):
        out.append(source[last:m.start()])
        length += m.start() - last
        written = value_of(m)
        pieces.append(Piece(length, length + len(written), m["module"], m["name"], None))
        starts.append(m.start())
        out.append(written)
        length += len(written)
        last = m.end()
    out.append(source[last:])
    return "".join(out), pieces, starts


# --- what a page shows: prose and math, without code, links and markup -------------------------

FENCE = re.compile(r"^[ \t>]*(`{3,}|~{3,})")
SKIPPED = [
    re.compile(r"<!--.*?-->", re.S),  # comments
    re.compile(r"(`+)(?!`).+?(?<!`)\1(?!`)", re.S),  # inline code
    re.compile(r"\]\([^)\s]*(?:\s+\"[^\"]*\")?\)"),  # link and image targets
    re.compile(r"^\s*\[[^\]]+\]:.*$", re.M),  # link reference definitions
    re.compile(r"</?[A-Za-z][^>]*>"),  # HTML tags and their attributes
    re.compile(r"^[ \t>]*--8<--.*$", re.M),  # includes
    re.compile(r"^[ \t]+[\w-]+: .*$", re.M),  # options of a block (check: neuron.weighted_sum)
    re.compile(r"^[ \t>]*\|?[ \t]*:?-{3,}:?[ \t]*(\|[ \t]*:?-{3,}:?[ \t]*)*\|?[ \t]*$", re.M),  # table rule
    re.compile(r"\{[#.:][^}\n]*\}"),  # attribute lists
]
MATH = re.compile(
    r"(?<!\\)\$\$(?P<display>.+?)(?<!\\)\$\$"
    r"|\\\[(?P<bracket>.+?)\\\]"
    r"|\\\((?P<paren>.+?)\\\)"
    r"|(?<![\\$])\$(?![\s$])(?P<inline>(?:\\.|[^$\\])+?)(?<![\s\\])\$(?!\d)",
    re.S,
)


@dataclass
class Segment:
    kind: str  # "math" or "prose"
    start: int  # offset of the content in the page's written text
    text: str


def segments(text: str) -> list[Segment]:
    """The page's math and prose, in order, with code, comments, links and markup blanked."""
    blank = list(text)
    fence = None
    at = 0
    for line in text.split("\n"):
        m = FENCE.match(line)
        if fence is None and m:
            fence = m.group(1)
            blank[at:at + len(line)] = " " * len(line)
        elif fence is not None:
            blank[at:at + len(line)] = " " * len(line)
            if m and m.group(1)[0] == fence[0] and len(m.group(1)) >= len(fence):
                fence = None
        at += len(line) + 1
    shown = "".join(blank)
    for pattern in SKIPPED:
        shown = pattern.sub(lambda m: re.sub(r"[^\n]", " ", m.group(0)), shown)
    out, last = [], 0
    for m in MATH.finditer(shown):
        out.append(Segment("prose", last, shown[last:m.start()]))
        group = m.lastgroup
        out.append(Segment("math", m.start(group), m.group(group)))
        last = m.end()
    out.append(Segment("prose", last, shown[last:]))
    return out


# --- numbers as shown ---------------------------------------------------------------------

PROSE_NUMBER = re.compile(r"(?<![\w.,/§#\-−])(?P<sign>[-−])?(?P<digits>\d+(?:\.\d+)?)(?![\w]|\.\d)")
SCRIPT = re.compile(r"[_^]\s*\{?\s*$")  # a number in a subscript or superscript is an index


@dataclass
class Shown:
    """A number a reader sees: its digits, value and place on the page."""

    text: str
    start: int
    end: int
    math: bool

    @property
    def value(self) -> float:
        return float(self.text.replace("−", "-"))

    @property
    def decimals(self) -> int:
        return len(self.text.split(".")[1]) if "." in self.text else 0

    def rounds(self, x: float) -> bool:
        """True if x, rounded to this number's shown precision, gives this number."""
        half = 0.5 * 10.0 ** -self.decimals
        return abs(x - self.value) <= half * (1 + 1e-9) and (x != 0 or self.value == 0)

    @property
    def integer(self) -> bool:
        return "." not in self.text

    @property
    def significant(self) -> int:
        """How many significant digits it shows: 0.0250 shows 3, 1000 shows 1, 2048 shows 4."""
        digits = self.text.lstrip("-−+").replace(".", "").lstrip("0")
        return len(digits.rstrip("0") if self.integer else digits)

    def shows(self, other: Shown) -> bool:
        """True if this number shows `other`: the same digits, or more that round to them."""
        return (self.decimals >= other.decimals and other.rounds(self.value)
                and abs(round(self.value, other.decimals) - other.value) < 0.5 * 10.0 ** -other.decimals)


def numbers_shown(segments: list[Segment]) -> Iterator[Shown]:
    for segment in segments:
        for m in PROSE_NUMBER.finditer(segment.text):
            if segment.kind == "math" and SCRIPT.search(segment.text[:m.start()]):
                continue
            sign = m["sign"] if m["sign"] and (segment.kind == "math" or m.start() == 0
                                               or not segment.text[m.start() - 1].isalnum()) else ""
            start = m.start("digits") - len(sign)
            yield Shown(sign + m["digits"], segment.start + start, segment.start + m.end(), segment.kind == "math")


def computed_values(numbers: dict) -> Iterator[tuple[str, float]]:
    """(name, value) of every number in numbers(): plain numbers, and the numbers in its strings
    (tables, vectors and matrices written as TeX)."""
    for name, value in numbers.items():
        if isinstance(value, bool):
            continue
        if isinstance(value, (int, float)):
            yield name, float(value)
        elif isinstance(value, str):
            for m in PROSE_NUMBER.finditer(value):
                yield name, float((m["sign"] or "") + m["digits"])
        elif isinstance(value, (list, tuple)):
            for item in value:
                if isinstance(item, (int, float)) and not isinstance(item, bool):
                    yield name, float(item)


# --- the three checks ---------------------------------------------------------------------


@dataclass
class Report:
    errors: list[tuple[int, str]] = field(default_factory=list)
    checked: int = 0  # relations between arithmetic sides evaluated
    typed: int = 0  # numbers typed in that were compared with the computed ones
    answers: int = 0  # numbers stated by solutions


def check(page: Page) -> Report:
    report = Report()
    parts = segments(page.text)
    check_arithmetic(page, parts, report)
    check_typed(page, parts, report)
    check_answers(page, parts, report)
    report.errors.sort()
    return report


def check_arithmetic(page: Page, parts: list[Segment], report: Report) -> None:
    for segment in parts:
        if segment.kind != "math":
            continue
        for relation in tex_arithmetic.relations(segment.text):
            report.checked += 1
            if not relation.holds():
                report.errors.append((page.line(segment.start + relation.at), arithmetic_error(relation)))


def arithmetic_error(relation: tex_arithmetic.Relation) -> str:
    shown = f"${short(relation.describe())}$"
    if relation.relation == "≈":
        return (
            f"displayed arithmetic is wrong even with every number shown rounded: {shown} (the left side "
            f"lies in {range_text(relation.lvalue)}, the right in {range_text(relation.rvalue)}): "
            f"correct the result or an operand"
        )
    return (
        f"displayed arithmetic does not hold for the digits shown: {shown} (the left side is "
        f"{value_text(relation.lvalue)}): write \\approx, or round the operands in the snippet before "
        f"computing the result"
    )


def range_text(value) -> str:
    return ", ".join(f"[{x.lo:.6g}, {x.hi:.6g}]" for x in tex_arithmetic.entries(value))


def value_text(value) -> str:
    return ", ".join(f"{x.value:.10g}" for x in tex_arithmetic.entries(value))


def short(tex: str, width: int = 90) -> str:
    return tex if len(tex) <= width else tex[:width - 3] + "..."


def exempt(shown: Shown, definitions: set[str]) -> bool:
    """A definition or a round number: listed, a small integer, or few significant digits."""
    return listed(shown, definitions) or short_number(shown)


def listed(shown: Shown, definitions: set[str]) -> bool:
    return shown.text.lstrip("-−+") in definitions or shown.text in definitions


def short_number(shown: Shown) -> bool:
    if shown.integer and abs(shown.value) <= TYPED_INTEGER_LIMIT:
        return True
    return shown.significant < SIGNIFICANT


def check_typed(page: Page, parts: list[Segment], report: Report) -> None:
    """A typed number that shows SIGNIFICANT or more digits must not be, to its shown precision,
    a number the build computed for the page: a number of numbers(), or one in a computed table,
    vector or matrix. Shorter numbers, small integers and definitions pass."""
    values = sorted(((module, name, x) for module, numbers in page.computed.items()
                     for name, x in computed_values(numbers)),
                    key=lambda v: isinstance(page.computed[v[0]][v[1]], str))  # a named number first
    for shown in numbers_shown(parts):
        if page.written_in(shown.start, shown.end) or exempt(shown, page.definitions):
            continue
        report.typed += 1
        if same := [(m, n) for m, n, x in values if shown.rounds(x)]:
            module, name = same[0]
            report.errors.append((
                page.line(shown.start),
                f"the number {shown.text} is typed in, but the build computes it ({module}.{name}): write "
                f"{{{{ {module}.{name} }}}} with a format spec, or, if it is a definition, list it under "
                f"`numbers: definitions:` in the page's front matter",
            ))


def exercises_heading(word: str) -> re.Pattern:
    return re.compile(rf"^##\s+{re.escape(word)}\s*$", re.M)


def solution_block(word: str) -> re.Pattern:
    return re.compile(rf"^(?P<indent>[ \t]*)\?\?\?\+?\s+\w+\s+\"{re.escape(word)}\"\s*$", re.M)


ITEM = re.compile(r"^[ \t]{0,3}\d+\.[ \t]", re.M)


def solutions(text: str, exercises: int, word: str = "Solution") -> Iterator[tuple[tuple[int, int], tuple[int, int]]]:
    """((question start, end), (solution start, end)) of every solution below `exercises`."""
    for m in solution_block(word).finditer(text, exercises):
        indent = len(m["indent"].expandtabs(4))
        end = m.end()
        for line in re.finditer(r"\n([^\n]*)", text[m.end():]):
            body = line.group(1)
            if body.strip() and len(body) - len(body.lstrip()) <= indent:
                break
            end = m.end() + line.end()
        items = [i.start() for i in ITEM.finditer(text, exercises, m.start())]
        question_start = items[-1] if items else exercises
        yield (question_start, m.start()), (m.end(), end)


def check_answers(page: Page, parts: list[Segment], report: Report) -> None:
    m = exercises_heading(page.words["exercises"]).search(page.text)
    if not m:
        return
    shown = list(numbers_shown(parts))
    body = [s for s in shown if s.end <= m.start()]
    for (q_start, q_end), (s_start, s_end) in solutions(page.text, m.end(), page.words["solution"]):
        given = {s.text for s in shown if q_start <= s.start < q_end}
        stated = [s for s in shown if s_start <= s.start < s_end]
        for answer in stated:
            if answer.text in given or exempt(answer, page.definitions) or answer.value == 0:
                continue
            report.answers += 1
            above = next((s for s in body if s.shows(answer) or s.shows(negated(answer))), None)
            if above:
                report.errors.append((
                    page.line(above.start),
                    f"{above.text} answers an exercise before it is asked (the solution at line "
                    f"{page.line(answer.start)} states it): leave it to the solution, or give it in the "
                    f"exercise's question",
                ))


def negated(shown: Shown) -> Shown:
    text = shown.text[1:] if shown.text[:1] in "-−" else "-" + shown.text
    return Shown(text, shown.start, shown.end, shown.math)


def rows(page: Page, errors: Iterable[tuple[int, str]]) -> list[str]:
    return [f"{page.path}:{line}: {message}" for line, message in sorted(set(errors))]
