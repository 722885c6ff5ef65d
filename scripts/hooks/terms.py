"""Linked terms: register the linked-terms Markdown extension (linked_terms.py), and hand it
each page's file name and source, so that an unmatched term fails the build with its line."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from linked_terms import LinkedTermsExtension
from locate import shown_path

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.structure.files import Files
    from mkdocs.structure.pages import Page

_extension: LinkedTermsExtension | None = None


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    global _extension
    _extension = LinkedTermsExtension()
    # `scripts` is no package, so the extension goes in as an instance, not by name.
    config.markdown_extensions[:] = [
        e for e in config.markdown_extensions if type(e).__name__ != "LinkedTermsExtension"
    ] + [_extension]
    return config


def on_page_markdown(markdown: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    if page.file.src_uri.endswith(".md"):
        _extension.page = (shown_path(page), page.file.content_string)
    return markdown
