"""A translated page's headings take the anchors of its English page's headings.

Heading n of docs/zh/<page>.md gets the id of heading n of docs/<page>.md, so a link such
as `output-delta.md#when-the-output-error-is-small` means the same section in either
edition, and the language switch can keep the reader's place. The drift check
(drift.py) makes sure both pages have the same headings in the same order.

A Markdown extension: its tree processor runs after attr_list and before toc, which keeps
an id that a heading already has.
"""

from __future__ import annotations

import xml.etree.ElementTree as etree
from functools import lru_cache

import markdown
from markdown.extensions import Extension
from markdown.treeprocessors import Treeprocessor

HEADINGS = {"h1", "h2", "h3", "h4", "h5", "h6"}
# Enough of the book's Markdown to give headings the ids the English build gives them:
# code fences (whose '#' lines are no headings), attribute lists, math and toc's slugs.
READER = ["attr_list", "md_in_html", "pymdownx.superfences", "pymdownx.arithmatex", "toc", "admonition", "pymdownx.details"]
READER_CONFIGS = {"pymdownx.arithmatex": {"generic": True}}


@lru_cache(maxsize=None)
def english_ids(source: str) -> list[str]:
    """The ids of the headings of an English page (its Markdown with its numbers written
    in), in order, as its own build gives them."""
    md = markdown.Markdown(extensions=READER, extension_configs=READER_CONFIGS)
    md.convert(source)
    ids: list[str] = []

    def walk(tokens: list[dict]) -> None:
        for token in tokens:
            ids.append(token["id"])
            walk(token["children"])

    walk(md.toc_tokens)
    return ids


class HeadingIds(Treeprocessor):
    def __init__(self, md: markdown.Markdown, extension: HeadingIdsExtension) -> None:
        super().__init__(md)
        self.extension = extension

    def run(self, root: etree.Element) -> None:
        english, self.extension.english = self.extension.english, None
        if english is None:
            return
        ids = english_ids(english)
        headings = [el for el in root.iter() if el.tag in HEADINGS]
        for el, id_ in zip(headings, ids):
            el.set("id", id_)


class HeadingIdsExtension(Extension):
    """Set `.english` to the English page's Markdown before converting its translation."""

    def __init__(self, **kwargs) -> None:
        self.english: str | None = None
        super().__init__(**kwargs)

    def extendMarkdown(self, md: markdown.Markdown) -> None:
        md.treeprocessors.register(HeadingIds(md, self), "heading_ids", 6)  # attr_list 8, toc 5
