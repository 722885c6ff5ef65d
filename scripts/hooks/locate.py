"""Where a piece of a page stands in its Markdown file, as "docs/<page>.md:<line>"."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from mkdocs.structure.pages import Page


def location(page: Page, text: str) -> str:
    """The file and line where `text` first occurs in the page's source (line 1 if nowhere)."""
    source = Path(page.file.abs_src_path).read_text(encoding="utf-8-sig")
    index = source.find(text)
    line = source.count("\n", 0, index) + 1 if index >= 0 else 1
    return f"{Path(page.file.src_dir).name}/{page.file.src_uri}:{line}"
