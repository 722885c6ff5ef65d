"""MkDocs hook: serve MathJax from the site itself, so that no page asks another host.

MathJax 3 comes from the pinned django-static-mathjax package and is copied in at build
time (nothing is committed): tex-chtml.js and every file it may fetch while a reader is
on the page go to assets/mathjax/. Notebook pages lose the MathJax 2 loader that nbconvert
puts in them (a CDN <script>, or src="" as mkdocs-jupyter sets it); docs/javascripts/mathjax.js
typesets their math instead.
"""

from __future__ import annotations

import re
from importlib.metadata import PackageNotFoundError, distribution
from pathlib import Path
from typing import TYPE_CHECKING

from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.structure.files import Files
    from mkdocs.structure.pages import Page

PACKAGE = "django-static-mathjax"
ES5 = "mathjax/static/mathjax/es5"  # MathJax's browser components, inside the package
DEST = "assets/mathjax"

# tex-chtml.js bundles TeX input, HTML output, the menu and hidden MathML; it fetches the
# rest when a page or a reader needs it. The SVG renderer is left out, and
# docs/javascripts/mathjax.js takes it off the menu.
RUNTIME = (
    "tex-chtml.js",
    "ui/lazy.js",  # typesets a formula when it scrolls into view (docs/javascripts/mathjax.js)
    "output/chtml/fonts/woff-v2/*.woff",  # the TeX fonts
    "input/tex/extensions/*.js",  # packages autoloaded by their macros: \color, \cancel, ...
    "a11y/*.js",  # the menu's Accessibility items: explorer, speech, braille
    "input/mml.js",  # the explorer reads MathML
    "sre/mathmaps/*.json",  # their speech rules, one file per language
)

# nbconvert's mathjax macro: a CDN <script> and a MathJax 2 configuration.
NBCONVERT_MATHJAX = re.compile(
    r"<!-- Load mathjax -->.*?<!-- End of mathjax configuration -->", re.DOTALL
)


def es5() -> Path:
    """The installed MathJax components, found through the package's metadata.

    Not `import mathjax`: while MkDocs loads hooks, this file's folder comes first on
    sys.path, and this file is called mathjax.py.
    """
    try:
        return Path(distribution(PACKAGE).locate_file(ES5))
    except PackageNotFoundError:
        raise PluginError(f"MathJax not found: install {PACKAGE} (make install)") from None


def runtime_files() -> dict[str, Path]:
    """Every file to publish, by its path under assets/mathjax/."""
    root = es5()
    found = {}
    for pattern in RUNTIME:
        matches = sorted(root.glob(pattern))
        if not matches:
            raise PluginError(f"MathJax file {pattern} missing from {root}")
        found |= {path.relative_to(root).as_posix(): path for path in matches}
    return found


def on_files(files: Files, config: MkDocsConfig) -> Files:
    for name, path in runtime_files().items():
        files.append(File.generated(config, f"{DEST}/{name}", abs_src_path=str(path)))
    return files


def on_page_content(html: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    if "<!-- Load mathjax -->" not in html:
        return html
    return NBCONVERT_MATHJAX.sub("", html)
