"""MkDocs hook: write the numbers that snippets compute into the prose, then check the page's numbers.

A chapter writes {{ train.final_cost:.4f }}: the value named final_cost in the dict that
numbers() in snippets/train.py returns, formatted with Python's format spec ".4f".
One spec is the book's own: ".2tex" writes scientific notation for math, so that
${{ delta.gap:.1tex }}$ reads 3.2 \\times 10^{-7} where ".1e" would print 3.2e-07.
An unknown snippet or name fails the build with the chapter's file and line.

Once the numbers are in, page_numbers.py checks what the reader sees: displayed arithmetic
holds for the digits shown, no number the build computes is typed in, and no exercise is
answered above `## Exercises`. All of a page's mistakes fail the build together, with lines.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING

from mkdocs.exceptions import PluginError

import page_numbers
import snippet_runs
from locate import location, shown_path

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.structure.files import Files
    from mkdocs.structure.pages import Page

SCIENTIFIC = re.compile(r"^(?P<mantissa>-?[\d.]+)e(?P<exponent>[+-]\d+)$")
NUMBER = page_numbers.NUMBER


def on_page_markdown(markdown: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    def value(match: re.Match) -> str:
        module, name, spec = match["module"], match["name"], match["spec"] or ""
        # The edition's run: a number that is text (a table) has the words of its language.
        numbers = snippet_runs.RUNS[module].numbers if module in snippet_runs.RUNS else None
        if numbers is None or name not in numbers:
            known = ", ".join(sorted(numbers or ())) or f"snippets/{module}.py has no numbers()"
            raise PluginError(
                f"{location(page, match[0])}: unknown number {module}.{name} "
                f"(known: {known})"
            )
        try:
            return written(numbers[name], spec)
        except ValueError as error:
            raise PluginError(f"{location(page, match[0])}: {error}") from None

    words = config.extra.get("words", {})
    text, checked, report = check_page(shown_path(page), page.file.src_uri, markdown, value,
                                       first_line(page, markdown), definitions(config, page.meta),
                                       {"exercises": words["exercises"], "solution": words["solution"]})
    if report.errors:
        raise PluginError("\n".join(page_numbers.rows(checked, report.errors)))
    return text


def with_numbers(markdown: str) -> str:
    """The Markdown with its numbers written in, as this edition's build writes them; a number
    that no snippet computes stays as it is (the page's own build says so)."""
    def value(match: re.Match) -> str:
        run = snippet_runs.RUNS.get(match["module"])
        numbers = run.numbers if run else {}
        try:
            return written(numbers[match["name"]], match["spec"] or "")
        except (KeyError, ValueError):
            return match[0]
    return page_numbers.substitute(markdown, value)[0]


def check_page(path: str, src_uri: str, markdown: str, value, first: int = 1, allowed: set[str] = frozenset(),
               words: dict[str, str] | None = None):
    """The page with its numbers written in by value(match), and the report of page_numbers' checks."""
    text, pieces, starts = page_numbers.substitute(markdown, value)
    checked = page_numbers.Page(
        path=path, text=text, pieces=pieces, source_starts=starts, source=markdown, first_line=first,
        computed=computed_for(src_uri, pieces), definitions=set(allowed),
        **({"words": words} if words else {}),
    )
    return text, checked, page_numbers.check(checked) if src_uri.endswith(".md") else page_numbers.Report()


def written(value: object, spec: str) -> str:
    """The value as the page shows it, formatted with `spec`."""
    return tex_power(value, spec[:-3]) if spec.endswith("tex") else format(value, spec)


def computed_for(src_uri: str, pieces: list[page_numbers.Piece]) -> dict[str, dict]:
    """numbers() of every snippet the page writes numbers from, and of its own snippet."""
    own = Path(src_uri).stem.replace("-", "_")
    modules = {piece.module for piece in pieces} | ({own} if own in snippet_runs.RUNS else set())
    return {module: snippet_runs.RUNS[module].numbers for module in sorted(modules)}


def definitions(config: MkDocsConfig, meta: dict) -> set[str]:
    """Numbers that may be typed in: extra.numbers.definitions, and the page's own in its front matter."""
    listed = [*(config.extra.get("numbers") or {}).get("definitions", ()),
              *(meta.get("numbers") or {}).get("definitions", ())]
    return {str(number) for number in listed}


def first_line(page: Page, markdown: str) -> int:
    """The file line of the Markdown's first line: after the front matter, if any."""
    source = page.file.content_string
    return source[: len(source) - len(markdown)].count("\n") + 1 if source.endswith(markdown) else 1


def tex_power(value: float, spec: str) -> str:
    """value in scientific notation for TeX: tex_power(3.21e-7, ".1") is 3.2 \\times 10^{-7}."""
    match = SCIENTIFIC.match(format(value, spec + "e"))
    mantissa, exponent = match["mantissa"], int(match["exponent"])
    power = f"10^{{{exponent}}}"
    return power if mantissa in ("1", "1.0", "1.00") else f"{mantissa} \\times {power}"
