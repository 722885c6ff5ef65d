"""MkDocs hook: write the numbers that snippets compute into the prose.

A chapter writes {{ train.final_cost:.4f }}: the value named final_cost in the dict that
numbers() in snippets/train.py returns, formatted with Python's format spec ".4f".
One spec is the book's own: ".2tex" writes scientific notation for math, so that
${{ delta.gap:.1tex }}$ reads 3.2 \times 10^{-7} where ".1e" would print 3.2e-07.
An unknown snippet or name fails the build with the chapter's file and line.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from mkdocs.exceptions import PluginError

import snippet_runs
from locate import location

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.structure.files import Files
    from mkdocs.structure.pages import Page

SCIENTIFIC = re.compile(r"^(?P<mantissa>-?[\d.]+)e(?P<exponent>[+-]\d+)$")
NUMBER = re.compile(r"\{\{\s*(?P<module>\w+)\.(?P<name>\w+)(?::(?P<spec>[^}\s]*))?\s*\}\}")


def on_page_markdown(markdown: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    def value(match: re.Match) -> str:
        module, name, spec = match["module"], match["name"], match["spec"] or ""
        numbers = snippet_runs.RUNS[module].numbers if module in snippet_runs.RUNS else None
        if numbers is None or name not in numbers:
            known = ", ".join(sorted(numbers or ())) or f"snippets/{module}.py has no numbers()"
            raise PluginError(
                f"{location(page, match[0])}: unknown number {module}.{name} "
                f"(known: {known})"
            )
        try:
            return tex_power(numbers[name], spec[:-3]) if spec.endswith("tex") else format(numbers[name], spec)
        except ValueError as error:
            raise PluginError(f"{location(page, match[0])}: {error}") from None

    return NUMBER.sub(value, markdown)


def tex_power(value: float, spec: str) -> str:
    """value in scientific notation for TeX: tex_power(3.21e-7, ".1") is 3.2 \\times 10^{-7}."""
    match = SCIENTIFIC.match(format(value, spec + "e"))
    mantissa, exponent = match["mantissa"], int(match["exponent"])
    power = f"10^{{{exponent}}}"
    return power if mantissa in ("1", "1.0", "1.00") else f"{mantissa} \\times {power}"
