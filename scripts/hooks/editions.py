"""MkDocs hook: one site, two editions. English at the root, Chinese under zh/.

The English edition is mkdocs.yml, with docs/ as its pages. Each translated edition is a
config of its own (mkdocs.zh.yml) that inherits mkdocs.yml and reads docs/<lang>/, a page
for every English page at the same path; the stylesheets, scripts and everything else
that is no page come from docs/, so both editions share them.

- Building the English edition builds the others into <site>/<lang>/ when it is done, so
  `mkdocs build` and `mkdocs serve` give the whole site. BOOK_EDITIONS="" leaves them out
  (BOOK_EDITIONS=zh: only zh), for an author who is writing English and wants it quick.
- A translated edition checks its drift from the English one first (drift.py): a missing
  page, or a page that differs in what the book computes, fails its build with both files.
- Its headings take the English headings' anchors (headings.py).
- Every page's language switch (Material's `extra.alternate`) leads to the same page in
  the other edition, and javascripts/editions.js adds the section the reader is in.
- The glossary's Chinese terms are words for the search's segmenter (jieba), so that a
  search for 反向传播 finds the term and not its characters one by one.
"""

from __future__ import annotations

import logging
import os
import posixpath
import subprocess
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, InclusionLevel
from mkdocs.utils.meta import get_data

import drift
from headings import HeadingIdsExtension
from locate import ROOT
from prose_numbers import with_numbers

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.structure.files import Files
    from mkdocs.structure.pages import Page

DOCS = ROOT / "docs"
EDITIONS = {"zh": "mkdocs.zh.yml"}  # language -> its config; English is mkdocs.yml

_headings = HeadingIdsExtension()
log = logging.getLogger("mkdocs.hooks.editions")


def language(config: MkDocsConfig) -> str:
    return config.theme["language"]


def translated(config: MkDocsConfig) -> bool:
    return language(config) in EDITIONS


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    if translated(config):
        config.markdown_extensions[:] = [
            e for e in config.markdown_extensions if type(e).__name__ != "HeadingIdsExtension"
        ] + [_headings]
    try:
        import jieba
    except ImportError:
        jieba = None
    if jieba is not None:
        jieba.setLogLevel(60)  # no "Building prefix dict" on every build
        for term in drift.glossary(DOCS):
            for form in term.forms:
                jieba.add_word(form)
    return config


def on_files(files: Files, config: MkDocsConfig) -> Files:
    if not translated(config):
        return files
    lang = language(config)
    if problems := drift.check(ROOT, lang):
        raise PluginError(f"the {lang} edition has drifted from the English one:\n" + "\n".join(problems))
    # Everything of docs/ that is no page and no other edition's: the shared assets.
    for path in sorted(DOCS.rglob("*")):
        uri = path.relative_to(DOCS).as_posix()
        if path.is_dir() or path.suffix == ".md" or uri.split("/")[0] in EDITIONS or files.get_file_from_path(uri):
            continue
        files.append(File(uri, str(DOCS), config.site_dir, config.use_directory_urls,
                          inclusion=InclusionLevel.NOT_IN_NAV))
    return files


def on_page_markdown(markdown: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    if translated(config) and page.file.src_uri.endswith(".md"):
        english, _ = get_data((DOCS / page.file.src_uri).read_text(encoding="utf-8-sig"))  # no front matter
        _headings.english = with_numbers(english)  # a heading may hold a number
    return markdown


def on_page_context(context: dict, page: Page, config: MkDocsConfig, nav) -> dict:
    """The language switch leads to this page in each edition (scripts/theme/partials/alternate.html)."""
    here = language(config)
    prefix = {lang: "" if lang == "en" else f"{lang}/" for lang in ["en", *EDITIONS]}
    for alternate in config.extra.get("alternate", []):
        alternate["href"] = relative(prefix[alternate["lang"]] + page.url, prefix[here] + page.url)
    return context


def relative(target: str, here: str) -> str:
    """The link from the page at `here` to `target`, both paths from the site's root."""
    folder = here if here.endswith("/") or not here else posixpath.dirname(here) + "/"
    link = posixpath.relpath(target or ".", folder.rstrip("/") or ".")
    if target.endswith("/") or not target:
        link = "./" if link == "." else link + "/"
    return link


def on_post_build(config: MkDocsConfig) -> None:
    """After the English edition, build each translated one into its folder of the site."""
    if translated(config):
        return
    wanted = os.environ.get("BOOK_EDITIONS")  # e.g. "" while writing English: no other edition
    for lang, file in EDITIONS.items():
        if wanted is not None and lang not in wanted.replace(",", " ").split():
            log.info(f"the {lang} edition is not built: BOOK_EDITIONS={wanted!r}")
            continue
        command = [sys.executable, "-m", "mkdocs", "build", "--config-file", str(ROOT / file),
                   "--site-dir", str(Path(config.site_dir) / lang)]
        if config.strict:
            command.append("--strict")
        env = {**os.environ, "SITE_URL": config.site_url.rstrip("/") + f"/{lang}/"}
        done = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True)
        if done.returncode:
            lines = [line for line in done.stderr.splitlines() if line.strip() and " - DEBUG - " not in line]
            raise PluginError(f"the {lang} edition ({file}) failed to build:\n" + "\n".join(lines[-80:]))
        for line in done.stderr.splitlines():  # its warnings, when not strict
            if line.startswith("WARNING"):
                print(f"[{lang}] {line}", file=sys.stderr)
