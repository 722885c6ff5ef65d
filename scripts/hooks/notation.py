"""Notation is one table: register the notation check, a Markdown extension (notation_check.py).

The hook only hands the extension each page's file name and source, so that an undefined
symbol fails the build with docs/<page>.md:<line>. The table is read once per build, and
again only when docs/appendix/notation.md changes.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from notation_check import NotationExtension
from locate import ROOT, shown_path

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.structure.files import Files
    from mkdocs.structure.pages import Page

TABLE = "appendix/notation.md"
GATHERS = ("appendix/glossary.md",)  # lists terms of every page, with their symbols

_extension: NotationExtension | None = None


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    global _extension
    docs = ROOT / "docs"  # the English edition's table: a translation has the same symbols
    if _extension is None or _extension.getConfig("table") != str(docs / TABLE):
        _extension = NotationExtension(
            table=str(docs / TABLE), shown=f"{docs.name}/{TABLE}", gathers=[f"{docs.name}/{g}" for g in GATHERS]
        )
    # `scripts` is no package, so the extension goes in as an instance, not by name.
    config.markdown_extensions[:] = [
        e for e in config.markdown_extensions if type(e).__name__ != "NotationExtension"
    ] + [_extension]
    return config


def on_page_markdown(markdown: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    if page.file.src_uri.endswith(".md"):
        # A translated page (docs/zh/<page>.md) has the symbols of its English page.
        _extension.page = (shown_path(page), page.file.content_string, f"docs/{page.file.src_uri}")
    return markdown
