"""MkDocs hook: the edition's words, from its language's table (snippets/words-<lang>.yml).

The table holds every word the book shows outside the pages' Markdown. This hook hands its
`build` words to the other hooks as config.extra.words, and writes its `instruments` words
into assets/words.js (window.BOOK_WORDS), which the instruments read through BookWords.t
(docs/javascripts/instruments.js). The workbook's words are read by the workbook snippets,
the figures' by figure_words.py. First in the hooks: the others read config.extra.words in
their own on_config.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING

import yaml
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.structure.files import Files

SNIPPETS = Path(__file__).resolve().parents[2] / "snippets"
SECTIONS = ("build", "instruments", "workbook", "figures")


def table(lang: str) -> dict[str, dict]:
    """The words of one language, by section."""
    path = SNIPPETS / f"words-{lang}.yml"
    if not path.exists():
        raise PluginError(f"{path.relative_to(SNIPPETS.parent)}: no word table for the language {lang!r}")
    words = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    if missing := [s for s in SECTIONS if not isinstance(words.get(s), dict)]:
        raise PluginError(f"{path.relative_to(SNIPPETS.parent)}: the sections {', '.join(missing)} are missing")
    return words


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    words = table(config.theme["language"])
    config.extra["words"] = words["build"]
    config.extra["instrument_words"] = words["instruments"]
    config.extra["figure_words"] = words["figures"]
    return config


def on_files(files: Files, config: MkDocsConfig) -> Files:
    script = "window.BOOK_WORDS = " + json.dumps(config.extra["instrument_words"], ensure_ascii=False,
                                                 indent=1, sort_keys=True) + ";\n"
    files.append(File.generated(config, "assets/words.js", content=script))
    return files
