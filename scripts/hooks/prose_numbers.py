"""MkDocs hook: write the numbers that snippets compute into the prose.

A chapter writes {{ train.final_cost:.4f }}: the value named final_cost in the dict that
numbers() in snippets/train.py returns, formatted with Python's format spec ".4f".
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
            return format(numbers[name], spec)
        except ValueError as error:
            raise PluginError(f"{location(page, match[0])}: {error}") from None

    return NUMBER.sub(value, markdown)
