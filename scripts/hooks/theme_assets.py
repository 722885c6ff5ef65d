"""MkDocs hook: publish only the theme files that a page can ask for.

Material ships source maps, which only a browser's developer tools read (1.3 MB), and
search stemmers for some thirty languages, of which its search worker loads only those
of `plugins.search.lang`: lunr.<lang> for each language but English, the stemmer support
they need, lunr.multi for two languages or more, tinyseg for Japanese and wordcut for
Hindi and Thai (material/templates/assets/javascripts/workers/search.*.js). The rest
stays out of the site.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.structure.files import Files

LUNR = "assets/javascripts/lunr/"


def search_languages(config: MkDocsConfig) -> list[str]:
    search = next(plugin for name, plugin in config.plugins.items() if name.endswith("search"))
    return list(search.config.lang or ["en"])


def stemmers(languages: list[str]) -> set[str]:
    """The files under assets/javascripts/lunr/ that the search worker loads."""
    wanted = {f"min/lunr.{language}.min.js" for language in languages if language != "en"}
    if len(languages) > 1:
        wanted.add("min/lunr.multi.min.js")
    if wanted:
        wanted.add("min/lunr.stemmer.support.min.js")
    if "ja" in languages:
        wanted.add("tinyseg.js")
    if {"hi", "th"} & set(languages):
        wanted.add("wordcut.js")
    return {LUNR + name for name in wanted}


def on_files(files: Files, config: MkDocsConfig) -> Files:
    wanted = stemmers(search_languages(config))
    for file in list(files):
        uri = file.src_uri
        if (uri.startswith("assets/") and uri.endswith(".map")) or (
                uri.startswith(LUNR) and uri not in wanted):
            files.remove(file)
    return files
