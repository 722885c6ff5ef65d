"""Where a piece of a page stands in its Markdown file, as "docs/<page>.md:<line>".

Paths are shown from the repository's root, so a page of a translated edition reads
docs/zh/<page>.md and an author can tell the editions apart.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from mkdocs.structure.pages import Page

ROOT = Path(__file__).resolve().parents[2]


def shown_path(page: Page) -> str:
    """The page's source file as an author finds it: docs/<page>.md, or docs/zh/<page>.md."""
    path = Path(page.file.abs_src_path).resolve() if page.file.abs_src_path else None
    if path and ROOT in path.parents:
        return path.relative_to(ROOT).as_posix()
    return f"{Path(page.file.src_dir).name}/{page.file.src_uri}"


def shown_docs(docs_dir: str) -> str:
    """A docs folder as an author finds it: docs, or docs/zh."""
    path = Path(docs_dir).resolve()
    return path.relative_to(ROOT).as_posix() if ROOT in path.parents else path.name


def location(page: Page, text: str) -> str:
    """The file and line where `text` first occurs in the page's source (line 1 if nowhere)."""
    source = Path(page.file.abs_src_path).read_text(encoding="utf-8-sig")
    index = source.find(text)
    line = source.count("\n", 0, index) + 1 if index >= 0 else 1
    return f"{shown_path(page)}:{line}"
