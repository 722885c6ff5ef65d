"""MkDocs hook: one copy of the notebook styles for every lesson page, not one per page.

mkdocs-jupyter writes nbconvert's JupyterLab style sheets into each notebook page, about
590 kB of CSS that is the same on every lesson. Each of those <style> blocks becomes a
<link> to assets/notebooks/<hash>.css, written once, so that a reader's browser fetches
it once and caches it for every lesson.
"""

from __future__ import annotations

import hashlib
import re
from pathlib import Path
from typing import TYPE_CHECKING

from mkdocs.utils import get_relative_url

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.structure.files import Files
    from mkdocs.structure.pages import Page

STYLE = re.compile(r'<style type="text/css">(.*?)</style>', re.DOTALL)
SMALL = 4096  # a short block of the page's own stays where it is
SHEETS: dict[str, str] = {}  # file name -> CSS, for the build under way


def on_pre_build(config: MkDocsConfig) -> None:
    SHEETS.clear()


def on_page_content(html: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    if not page.file.src_uri.endswith(".ipynb"):
        return html

    def link(match: re.Match) -> str:
        css = match.group(1)
        if len(css) < SMALL:
            return match.group(0)
        name = f"{hashlib.sha256(css.encode()).hexdigest()[:16]}.css"
        SHEETS[name] = css
        href = get_relative_url(f"assets/notebooks/{name}", page.url)
        return f'<link rel="stylesheet" href="{href}">'

    return STYLE.sub(link, html)


def on_post_build(config: MkDocsConfig) -> None:
    folder = Path(config.site_dir) / "assets" / "notebooks"
    folder.mkdir(parents=True, exist_ok=True)
    for name, css in sorted(SHEETS.items()):
        (folder / name).write_text(css, encoding="utf-8")
