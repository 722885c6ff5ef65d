"""MkDocs hook: run the snippets that draw figures, and publish the figures.

Each snippet that defines figure_*(), numbers() or downloads() runs in a fresh process,
only when its content changed, on every core (see snippet_runs.py). Its figures, drawn once
per language (scripts/run_snippet.py), join each edition as figures/<snippet>/<name>.svg
and its files as downloads/<snippet>/<file>, so
chapters embed and link them like any other file, and a wrong name is a broken link that
`--strict` reports. A figure without real alt text fails.

Each edition (theme.language) takes a snippet's own figure, file or number for it,
zh/<name>, in place of <name>: the Chinese pages link the Chinese workbook at
the English pages' address, downloads/workbook/<file>. No edition publishes another's.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File

import snippet_runs
from locate import location

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.structure.files import Files
    from mkdocs.structure.pages import Page


def on_files(files: Files, config: MkDocsConfig) -> Files:
    try:
        runs = snippet_runs.run_all(snippet_runs.build_snippets())
    except snippet_runs.SnippetError as error:
        raise PluginError(f"a snippet failed: {error}") from None
    language = config.theme["language"]
    snippet_runs.RUNS = {module: run.edition(language) for module, run in runs.items()}
    for module, run in snippet_runs.RUNS.items():
        for name, svg in run.figures.items():  # each edition's figures have its own words
            uri = f"figures/{module}/{name}.svg"
            files.append(File.generated(config, uri, abs_src_path=str(svg)))
        for name, path in run.downloads.items():
            uri = f"downloads/{module}/{name}"
            files.append(File.generated(config, uri, abs_src_path=str(path)))
    return files


IMAGE = re.compile(r"<img\b[^>]*>")
ATTRIBUTE = re.compile(r'(\w+)="([^"]*)"')
HAN = re.compile(r"[\u4e00-\u9fff]")
GENERIC_ALT = re.compile(r"^\W*(figure|image|plot|chart|graph|picture|img)?\W*\d*\W*$", re.I)


def words(text: str) -> int:
    """About how many words a text has: Chinese writes no spaces, and a word is about two characters."""
    return len(text.split()) + len(HAN.findall(text)) // 2


def on_page_content(html: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    """A figure's alt text must describe it: a screen reader reads nothing else."""
    for tag in IMAGE.findall(html):
        attributes = dict(ATTRIBUTE.findall(tag))
        src, alt = attributes.get("src", ""), attributes.get("alt", "").strip()
        if "figures/" in src and (words(alt) < 4 or GENERIC_ALT.match(alt)):
            name = src.rsplit("figures/", 1)[1]
            raise PluginError(
                f"{location(page, name)}: the figure {name} needs alt text "
                f"that says what it shows (at least four words), not {alt!r}"
            )
    return html
