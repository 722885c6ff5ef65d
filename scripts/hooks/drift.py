"""Drift between the editions: what a translated page must share with its English page.

An edition in another language lives in docs/<lang>/, one page for every English page, at
the same path. A translation changes the prose and nothing the book computes or checks, so
each pair of pages must agree on:

- pairs: the checks of their formula pairs, in the same order;
- numbers: the names in their {{ ... }} (the same set: a sentence may move a number);
- formulas: the display formulas in the same order, and the same inline formulas, with
  only the words of \\text{...} free to change;
- figures: the same images, in the same order;
- includes: the same code and snippet includes, in the same order;
- exercises: the same number of exercises, and the same admonitions (solutions, notes) in
  the same order;
- headings: the same number, at the same levels (each translated heading takes the
  English heading's anchor, see headings.py).

And a translated page uses the glossary's words: where the English page uses a term of
docs/appendix/glossary.md, the translation uses one of its forms there (or quotes the
English term, as a cited title does). The glossary itself has the same rows in both
editions. A lesson's translation (docs/<lang>/lessons/<name>.md) has the lesson's Markdown
cells, separated by <!-- cell --> lines, each held to the checks above.

Each difference names both files, with lines. `python scripts/editions.py` runs these
checks from the command line; the build of each translated edition runs them too.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

GLOSSARY = "appendix/glossary.md"
LESSONS = "lessons"  # docs/<lang>/lessons/<name>.md: the Markdown cells of snippets/<name>.py
CELL = "<!-- cell -->"  # between two cells of a lesson's translation

FENCE = re.compile(r"^\s*(```|~~~)")
HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*#*\s*$")
CHECK = re.compile(r"^\s*check:\s*(\S+)")
NUMBER = re.compile(r"\{\{\s*(.*?)\s*\}\}")
FIGURE = re.compile(r"!\[[^\]]*\]\(([^)\s]+)[^)]*\)|<img\b[^>]*\bsrc=\"([^\"]+)\"")
INCLUDE = re.compile(r"--8<--\s*\"([^\"]+)\"")
ADMONITION = re.compile(r"^\s*(\?\?\?\+?|!!!)\s+([\w-]+)")
ITEM = re.compile(r"^\d+\.\s")
DISPLAY = re.compile(r"\$\$(.+?)\$\$", re.S)
INLINE = re.compile(r"(?<![\\$])\$(?!\$)((?:\\.|[^$\\])+?)\$")
TEXT = re.compile(r"\\(?:text|textrm|mathrm|operatorname)\{[^{}]*\}")
CODE_SPAN = re.compile(r"`[^`\n]*`")
LINK_TARGET = re.compile(r"\]\([^)]*\)")
TAG = re.compile(r"<[^>]+>")
BLOCK = re.compile(r"^[ \t]*/{3,}[ \t]*[\w-]*[ \t]*\|?", re.M)
OPTIONS = re.compile(r"^(///[^\n]*\n)((?:[ \t]+[\w-]+:[^\n]*\n)+)", re.M)


@dataclass
class Item:
    kind: str
    value: str
    line: int


@dataclass
class Facts:
    """What a page shows that its translations must show too."""

    pairs: list[Item] = field(default_factory=list)
    numbers: list[Item] = field(default_factory=list)
    display: list[Item] = field(default_factory=list)
    inline: list[Item] = field(default_factory=list)
    figures: list[Item] = field(default_factory=list)
    includes: list[Item] = field(default_factory=list)
    admonitions: list[Item] = field(default_factory=list)
    headings: list[Item] = field(default_factory=list)
    exercises: int = 0
    exercises_line: int = 0
    prose: str = ""  # the words, without code, math, links' targets or tags


def _line(text: str, index: int) -> int:
    return text.count("\n", 0, index) + 1


def formula(tex: str) -> str:
    """A formula as both editions must write it: words in \\text{} blanked, spaces collapsed."""
    return " ".join(TEXT.sub(r"\\text{}", tex).split())


def facts(markdown: str) -> Facts:
    out = Facts()
    lines = markdown.split("\n")
    fence = None
    for number, line in enumerate(lines, 1):
        for m in INCLUDE.finditer(line):
            out.includes.append(Item("include", m.group(1), number))
        if fence:
            if line.strip().startswith(fence):
                fence = None
            continue
        if m := FENCE.match(line):
            fence = m.group(1)
            continue
        if (m := HEADING.match(line)) and not line.startswith("    "):
            out.headings.append(Item("heading", "#" * len(m.group(1)), number))
            continue
        if m := CHECK.match(line):
            out.pairs.append(Item("pair", m.group(1), number))
        if m := ADMONITION.match(line):
            out.admonitions.append(Item("admonition", m.group(2), number))
        for m in NUMBER.finditer(line):
            out.numbers.append(Item("number", m.group(1), number))
        for m in FIGURE.finditer(line):
            out.figures.append(Item("figure", m.group(1) or m.group(2), number))
    # Formulas are read from the page without its code blocks and code spans, words also
    # without the option lines of its /// blocks (a check's name is no word of the prose).
    text = CODE_SPAN.sub("", _without_code(lines))
    text = OPTIONS.sub(lambda m: m.group(1) + "\n" * m.group(2).count("\n"), text)
    text = BLOCK.sub("", text)  # "//// vector" is syntax; a block's title after "|" is prose
    for m in DISPLAY.finditer(text):
        out.display.append(Item("display formula", formula(m.group(1)), _line(text, m.start())))
    text = DISPLAY.sub(lambda m: "\n" * m.group(0).count("\n"), text)
    for m in INLINE.finditer(text):
        out.inline.append(Item("inline formula", formula(m.group(1)), _line(text, m.start())))
    text = INLINE.sub(" ", text)
    out.prose = NUMBER.sub(" ", LINK_TARGET.sub("]", TAG.sub(" ", text)))
    return out


def _without_code(lines: list[str]) -> str:
    kept, fence = [], None
    for line in lines:
        if fence:
            if line.strip().startswith(fence):
                fence = None
            kept.append("")
        elif m := FENCE.match(line):
            fence = m.group(1)
            kept.append("")
        else:
            kept.append(line)
    return "\n".join(kept)


def exercises(markdown: str, heading_index: int | None) -> tuple[int, int]:
    """(number of exercises, line of their heading) under the heading_index-th heading."""
    if heading_index is None:
        return 0, 0
    lines = _without_code(markdown.split("\n")).split("\n")
    seen, start, count = -1, 0, 0
    for number, line in enumerate(lines, 1):
        if HEADING.match(line) and not line.startswith("    "):
            seen += 1
            if seen == heading_index:
                start = number
                continue
            if seen > heading_index and line.startswith("## "):
                break
        if start and seen == heading_index and ITEM.match(line):
            count += 1
    return count, start


def exercises_heading(english: str) -> int | None:
    """The index, among the page's headings, of the English page's `## Exercises`."""
    index = -1
    for line in _without_code(english.split("\n")).split("\n"):
        if HEADING.match(line) and not line.startswith("    "):
            index += 1
            if re.match(r"^##\s+Exercises\s*$", line):
                return index
    return None


@dataclass
class Term:
    english: str  # the name before any bracket
    forms: list[str]  # the Chinese name and the names in its brackets
    pattern: re.Pattern


def glossary(docs: Path) -> list[Term]:
    """The glossary's rows: the English name (before its bracket) and its translations."""
    terms = []
    for _, (name, chinese, _) in glossary_rows((docs / GLOSSARY).read_text(encoding="utf-8")):
        english = re.sub(r"\s*\(.*?\)", "", name).strip()
        forms = [f.strip() for f in re.split(r"[（）]", chinese) if f.strip()]
        words = re.escape(english).replace(r"\ ", r"[\s-]+")
        if english.endswith("x"):
            words = words[:-1] + "(?:x|ces)"
        elif english.endswith("y"):
            words = words[:-1] + "(?:y|ies)"
        else:
            words += "(?:e?s)?"
        terms.append(Term(english, forms, re.compile(rf"(?<![\w-]){words}(?![\w-])", re.I)))
    return sorted(terms, key=lambda t: -len(t.english))


def terms_used(prose: str, terms: list[Term]) -> list[tuple[Term, int]]:
    """The glossary terms a page's prose uses, longest first: "activation function" is not "activation"."""
    used = []
    for term in terms:
        first = None

        def blank(m: re.Match) -> str:
            nonlocal first
            first = first or _line(prose, m.start())
            return " " * len(m.group(0))

        prose = term.pattern.sub(blank, prose)
        if first:
            used.append((term, first))
    return used


def compare(english_path: str, english: str, translated_path: str, translated: str, terms: list[Term]) -> list[str]:
    """Every difference between an English page and its translation, each naming both files."""
    a, b = facts(english), facts(translated)
    problems: list[str] = []

    def report(line_b: int, line_a: int, what: str) -> None:
        problems.append(f"{translated_path}:{line_b}: {what} (English: {english_path}:{line_a})")

    def sequence(kind: str, xs: list[Item], ys: list[Item]) -> None:
        for i, (x, y) in enumerate(zip(xs, ys)):
            if x.value != y.value:
                report(y.line, x.line, f"{kind} {i + 1} is {y.value!r}, the English page's is {x.value!r}")
                return
        if len(xs) > len(ys):
            x = xs[len(ys)]
            report(ys[-1].line if ys else 1, x.line, f"{len(ys)} {kind}s, the English page has {len(xs)}: "
                   f"{x.value!r} is missing")
        elif len(ys) > len(xs):
            y = ys[len(xs)]
            report(y.line, xs[-1].line if xs else 1, f"{len(ys)} {kind}s, the English page has {len(xs)}: "
                   f"{y.value!r} is extra")

    def show(kind: str, value: str) -> str:
        return f"{{{{ {value} }}}}" if kind == "number" else f"${value}$"

    def distinct(kind: str, xs: list[Item], ys: list[Item]) -> None:
        """The same values, however often each occurs: a sentence may name a symbol twice."""
        for value in sorted(set(x.value for x in xs) - set(y.value for y in ys)):
            report(1, next(x.line for x in xs if x.value == value), f"the {kind} {show(kind, value)} is missing")
        for value in sorted(set(y.value for y in ys) - set(x.value for x in xs)):
            report(next(y.line for y in ys if y.value == value), 1, f"the {kind} {show(kind, value)} is not on the English page")

    sequence("pair check", a.pairs, b.pairs)
    distinct("number", a.numbers, b.numbers)
    sequence("display formula", a.display, b.display)
    distinct("inline formula", a.inline, b.inline)
    sequence("figure", a.figures, b.figures)
    sequence("include", a.includes, b.includes)
    sequence("admonition", a.admonitions, b.admonitions)
    sequence("heading", a.headings, b.headings)
    index = exercises_heading(english)
    count_a, line_a = exercises(english, index)
    count_b, line_b = exercises(translated, index)
    if count_a != count_b:
        report(line_b or 1, line_a, f"{count_b} exercises, the English page has {count_a}")
    for term, line in terms_used(a.prose, terms):
        # A term kept in English (a cited title, a name) counts as used.
        if not any(form.lower() in b.prose.lower() for form in term.forms) and not term.pattern.search(b.prose):
            report(1, line, f"the English page uses the glossary's {term.english!r}: "
                   f"the translation has none of {' / '.join(term.forms)}")
    return problems


def glossary_rows(text: str) -> list[tuple[int, tuple[str, ...]]]:
    """(line, the English, 中文 and symbol cells) of each row of a glossary's table."""
    rows = []
    for number, line in enumerate(text.split("\n"), 1):
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if line.startswith("|") and len(cells) >= 3 and not set(cells[0]) <= set("-: "):
            rows.append((number, tuple(cells[:3])))
    return rows[1:]  # not the header, which each edition writes in its own words


def compare_glossary(english_path: str, english: str, translated_path: str, translated: str) -> list[str]:
    """The glossary is the terminology table: both editions hold the same rows."""
    a, b = glossary_rows(english), glossary_rows(translated)
    for (line_a, row_a), (line_b, row_b) in zip(a, b):
        if row_a != row_b:
            return [f"{translated_path}:{line_b}: the glossary's row {' | '.join(row_b)} "
                    f"(English: {english_path}:{line_a} has {' | '.join(row_a)})"]
    if len(a) != len(b):
        return [f"{translated_path}:1: {len(b)} rows in the glossary (English: {english_path}:1 has {len(a)})"]
    return []


def lesson_cells(snippet: str) -> list[str]:
    """The Markdown cells of a lesson (jupytext's percent format), as plain Markdown."""
    cells, current = [], None
    for line in snippet.split("\n"):
        if line.startswith("# %%"):
            if current is not None:
                cells.append("\n".join(current).strip("\n"))
            current = [] if line.startswith("# %% [markdown]") else None
        elif current is not None:
            current.append(line[2:] if line.startswith("# ") else line[1:] if line.startswith("#") else line)
    if current is not None:
        cells.append("\n".join(current).strip("\n"))
    return cells


def translated_cells(text: str) -> list[str]:
    """The cells of a lesson's translation: Markdown separated by <!-- cell --> lines."""
    return [cell.strip("\n") for cell in re.split(rf"^{re.escape(CELL)}[ \t]*$", text, flags=re.M)]


def lessons(root: Path) -> list[Path]:
    """The lessons: the snippets written as notebooks (cells that start with '# %%')."""
    return [p for p in sorted((root / "snippets").glob("*.py"))
            if re.search(r"^# %%", p.read_text(encoding="utf-8"), re.M)]


def compare_lesson(snippet: Path, translated: Path, root: Path, terms: list[Term]) -> list[str]:
    """A lesson and its translation: the same cells, and each cell as a page and its translation."""
    english = lesson_cells(snippet.read_text(encoding="utf-8"))
    text = translated.read_text(encoding="utf-8")
    cells = translated_cells(text)
    shown_a, shown_b = snippet.relative_to(root), translated.relative_to(root)
    if len(cells) != len(english):
        return [f"{shown_b}:1: {len(cells)} cells (separated by '{CELL}'), the lesson {shown_a} has "
                f"{len(english)} Markdown cells"]
    # One page each, cells apart by a blank line: the checks then read both as pages.
    problems = compare(str(shown_a), "\n\n".join(english), str(shown_b), f"\n\n{CELL}\n\n".join(cells), terms)
    return problems


def pages(docs: Path, editions: list[str]) -> list[Path]:
    """The English pages: every Markdown file of docs/ outside the editions' folders."""
    return sorted(p for p in docs.rglob("*.md") if p.relative_to(docs).parts[0] not in editions)


def check(root: Path, lang: str, only: list[Path] | None = None) -> list[str]:
    """All drift between docs/ and docs/<lang>/ (or only the given translated pages)."""
    docs = root / "docs"
    folder = docs / lang
    terms = glossary(docs)
    problems = []
    english_pages = pages(docs, [lang])
    if only is None:
        for page in english_pages:
            translated = folder / page.relative_to(docs)
            if not translated.exists():
                problems.append(f"{translated.relative_to(root)}: missing: the English page "
                                f"{page.relative_to(root)} has no translation")
        for lesson in lessons(root):
            translated = folder / LESSONS / f"{lesson.stem}.md"
            if not translated.exists():
                problems.append(f"{translated.relative_to(root)}: missing: the lesson "
                                f"{lesson.relative_to(root)} has no translation")
        for translated in sorted(folder.rglob("*.md")):
            if translated.parent == folder / LESSONS:
                continue
            if not (docs / translated.relative_to(folder)).exists():
                problems.append(f"{translated.relative_to(root)}:1: no English page "
                                f"docs/{translated.relative_to(folder)} for this page")
        only = [folder / p.relative_to(docs) for p in english_pages]
        only += [folder / LESSONS / f"{lesson.stem}.md" for lesson in lessons(root)]
    for translated in only:
        translated = translated.resolve()
        if not translated.exists():
            continue
        if translated.parent == (folder / LESSONS).resolve():
            snippet = root / "snippets" / f"{translated.stem}.py"
            if snippet.exists():
                problems += compare_lesson(snippet, translated, root, terms)
            else:
                problems.append(f"{translated.relative_to(root)}:1: no lesson snippets/{translated.stem}.py")
            continue
        english = docs / translated.relative_to(folder.resolve())
        if not english.exists():
            continue
        shown_a, shown_b = str(english.relative_to(root)), str(translated.relative_to(root.resolve()))
        text_a, text_b = english.read_text(encoding="utf-8"), translated.read_text(encoding="utf-8")
        problems += compare(shown_a, text_a, shown_b, text_b, terms)
        if english.relative_to(docs).as_posix() == GLOSSARY:
            problems += compare_glossary(shown_a, text_a, shown_b, text_b)
    return problems
