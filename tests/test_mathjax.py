"""MathJax without a browser: the hook publishes it, no page asks another host for
anything, and a dollar sign in prose stays a dollar sign."""

import importlib.util
import re
from importlib.metadata import distribution
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlsplit

import markdown
import nbformat
import pytest
from mkdocs.utils.yaml import yaml_load
from mkdocs_jupyter.convert import nb2html

from conftest import ROOT


def load_hook():
    """scripts/hooks/mathjax.py, under a name that is not the mathjax package's."""
    path = ROOT / "scripts" / "hooks" / "mathjax.py"
    spec = importlib.util.spec_from_file_location("mathjax_hook", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


hook = load_hook()


def test_hook_finds_mathjax_in_the_installed_package():
    files = hook.runtime_files()
    assert "tex-chtml.js" in files
    fonts = [name for name in files if name.startswith("output/chtml/fonts/woff-v2/")]
    assert len(fonts) > 20, fonts
    installed = Path(distribution(hook.PACKAGE).locate_file(""))
    assert all(path.is_file() and path.is_relative_to(installed) for path in files.values())


def test_site_serves_mathjax(built_site):
    site = built_site / hook.DEST
    for name, path in hook.runtime_files().items():
        assert (site / name).read_bytes() == path.read_bytes(), name
    assert (site / "tex-chtml.js").stat().st_size > 1_000_000


def test_mathjax_loads_after_its_configuration():
    config = yaml_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))
    scripts = config["extra_javascript"]
    assert scripts.index("javascripts/mathjax.js") < scripts.index(f"{hook.DEST}/tex-chtml.js")


# --- no page asks another host ----------------------------------------------------

# <link rel=...> that the browser fetches; canonical, alternate and the like it does not
FETCHED_LINKS = {
    "stylesheet", "icon", "shortcut", "apple-touch-icon", "manifest", "preload",
    "prefetch", "modulepreload", "preconnect", "dns-prefetch", "prerender",
}
RESOURCE_ATTRIBUTES = {
    "script": ("src",),
    "img": ("src", "srcset"),
    "source": ("src", "srcset"),
    "video": ("src", "poster"),
    "audio": ("src",),
    "track": ("src",),
    "iframe": ("src",),
    "embed": ("src",),
    "object": ("data",),
    "input": ("src",),
}


class Resources(HTMLParser):
    """Collects every URL in a page that the browser loads by itself (not <a href>)."""

    def __init__(self):
        super().__init__()
        self.urls: list[str] = []
        self.mathjax2: list[str] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        names = RESOURCE_ATTRIBUTES.get(tag, ())
        if tag == "link" and FETCHED_LINKS & set((attrs.get("rel") or "").lower().split()):
            names = ("href",)
        for name in names:
            for candidate in (attrs.get(name) or "").split(","):
                if candidate.strip():
                    self.urls.append(candidate.split()[0])
        mathjax2 = attrs.get("type") == "text/x-mathjax-config" or attrs.get("src") == ""
        if tag == "script" and mathjax2:
            self.mathjax2.append(str(attrs))


CSS_URL = re.compile(r"""(?:url\(|@import)\s*['"]?((?:https?:)?//[^'")\s]+)""")


def external(url: str) -> bool:
    parts = urlsplit(url)
    return bool(parts.netloc) or parts.scheme not in ("", "data")


def test_no_page_loads_anything_from_another_host(built_site):
    """<script>, <link rel=stylesheet>, <img> and CSS url() stay on the site; <a> may leave."""
    pages = sorted(built_site.rglob("*.html"))
    assert pages
    offending = []
    for page in pages:
        parser = Resources()
        html = page.read_text(encoding="utf-8")
        parser.feed(html)
        name = page.relative_to(built_site).as_posix()
        offending += [f"{name}: {url}" for url in parser.urls if external(url)]
        offending += [f"{name}: {url}" for url in CSS_URL.findall(html)]
        offending += [f"{name}: MathJax 2 leftover {tag}" for tag in parser.mathjax2]
    for sheet in sorted(built_site.rglob("*.css")):
        name = sheet.relative_to(built_site).as_posix()
        css = sheet.read_text(encoding="utf-8")
        offending += [f"{name}: {url}" for url in CSS_URL.findall(css)]
    assert not offending, "\n".join(offending)


def test_notebook_pages_lose_nbconverts_mathjax(tmp_path):
    """MathJax 3 typesets notebooks too; nbconvert's MathJax 2 loader must not come along."""
    cell = nbformat.v4.new_markdown_cell("Here $z = w x + b$.")
    notebook = nbformat.v4.new_notebook(cells=[cell])
    path = tmp_path / "lesson.ipynb"
    nbformat.write(notebook, path)
    html = nb2html(str(path))  # as mkdocs-jupyter renders a page's content
    before, after = Resources(), Resources()
    before.feed(html)
    after.feed(hook.on_page_content(html, page=None, config=None, files=None))
    assert before.mathjax2, "nbconvert adds no MathJax 2 any more: drop on_page_content"
    assert after.mathjax2 == []
    assert not [url for url in after.urls if "mathjax" in url.lower()]


# --- prose dollars ------------------------------------------------------------------


def site_markdown() -> markdown.Markdown:
    """Python-Markdown with the extensions and settings of mkdocs.yml."""
    config = yaml_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))
    names, settings = [], {}
    for entry in config["markdown_extensions"]:
        name, options = next(iter(entry.items())) if isinstance(entry, dict) else (entry, None)
        names.append(name)
        if options:
            settings[name] = options
    return markdown.Markdown(extensions=names, extension_configs=settings)


@pytest.mark.parametrize("prose", [
    "A coffee costs $5 and $10 buys two.",
    "Prices: $5, $10 and $20.",
    "From $5 to $10, or $ 3 at most.",
])
def test_dollars_in_prose_are_not_math(prose):
    html = site_markdown().convert(prose)
    assert "arithmatex" not in html
    assert "$5" in html


@pytest.mark.parametrize("source", [r"\(z = w x + b\)", "$z = w x + b$", "$$\nz\n$$", r"\[z\]"])
def test_math_is_marked_for_mathjax(source):
    """The other side: real math is wrapped for docs/javascripts/mathjax.js."""
    html = site_markdown().convert(source)
    assert 'class="arithmatex"' in html
    assert ("\\(" in html) or ("\\[" in html)
