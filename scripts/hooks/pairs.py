"""Formula pairs: register the pair Blocks extension, and fail on checks that no pair uses
and on TeX errors in the lessons' Markdown cells.

A pair's `check: neuron.weighted_sum` names a key of the module-level `CHECKS = {...}` dict in
snippets/neuron.py. Checks are read statically with `ast`; importing snippets here would run
them on every prose rebuild (tests/test_pairs.py runs them).
"""

from __future__ import annotations

import ast
from pathlib import Path
from typing import TYPE_CHECKING

from mkdocs.exceptions import PluginError
from pair_block import PairExtension, known_names, lesson_tex_errors
from locate import ROOT, shown_path

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.structure.files import Files
    from mkdocs.structure.pages import Page

SNIPPETS = "snippets"

_parsed: dict[Path, tuple[tuple[int, int], dict[str, int] | None]] = {}


def find_checks(path: Path) -> dict[str, int] | None:
    """The keys of `CHECKS = {...}` in a snippet with their line numbers; None if it has no CHECKS."""
    stat = path.stat()
    stamp = (stat.st_mtime_ns, stat.st_size)
    if path in _parsed and _parsed[path][0] == stamp:
        return _parsed[path][1]
    where = f"{SNIPPETS}/{path.name}"
    try:
        tree = ast.parse(path.read_bytes(), filename=where)
    except SyntaxError as e:
        raise PluginError(f"{where}:{e.lineno}: cannot read its CHECKS: {e.msg}") from None
    checks = None
    for node in tree.body:
        target = node.targets if isinstance(node, ast.Assign) else [getattr(node, "target", None)]
        if not any(isinstance(t, ast.Name) and t.id == "CHECKS" for t in target):
            continue
        if not isinstance(node.value, ast.Dict):
            raise PluginError(f"{where}:{node.lineno}: CHECKS must be a dict literal {{'name': (...), ...}}")
        checks = {}
        for key in node.value.keys:
            if not (isinstance(key, ast.Constant) and isinstance(key.value, str)):
                line = key.lineno if key is not None else node.lineno
                raise PluginError(f"{where}:{line}: every key of CHECKS must be a plain string")
            if key.value in checks:
                raise PluginError(f"{where}:{key.lineno}: check '{key.value}' is defined twice in CHECKS")
            checks[key.value] = key.lineno
    _parsed[path] = (stamp, checks)
    return checks


class Checks:
    """The checks of snippets/*.py, and which of them the pages use."""

    def __init__(self, folder: Path) -> None:
        self.folder, self.used = folder, set()

    def lookup(self, name: str) -> str | None:
        """None if `module.name` is a check (and mark it used), else what is wrong."""
        module, key = name.split(".", 1)
        path = self.folder / f"{module}.py"
        if not path.is_file():
            return f"check '{name}': there is no {SNIPPETS}/{module}.py"
        checks = find_checks(path)
        if not checks or key not in checks:
            known = ", ".join(f"'{module}.{k}'" for k in checks or ()) or "none"
            return f"check '{name}': {SNIPPETS}/{module}.py has no CHECKS entry '{key}' (it has: {known})"
        self.used.add(name)
        return None

    def unused(self) -> list[str]:
        """'snippets/<module>.py:<line>: ...' for every check no pair uses."""
        problems = []
        for path in sorted(self.folder.glob("*.py")):
            for key, line in (find_checks(path) or {}).items():
                if f"{path.stem}.{key}" not in self.used:
                    problems.append(
                        f"{SNIPPETS}/{path.name}:{line}: check '{path.stem}.{key}' is used by no formula pair: "
                        f"write its pair with 'check: {path.stem}.{key}' or remove it from CHECKS"
                    )
        return problems


_extension: PairExtension | None = None
_checks: Checks | None = None
_pages: set[str] = set()  # documentation pages of this build
_seen: set[str] = set()  # pages whose Markdown went through the extension


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    global _extension, _checks
    _checks = Checks(Path(config.config_file_path).parent / SNIPPETS)
    words = config.extra.get("words", {})
    labels = {side: words.get(f"pair_{side}") for side in ("expanded", "vector", "sigma", "checked_by")}
    if missing := [f"extra.words.pair_{side}" for side, word in labels.items() if not word]:
        raise PluginError(f"mkdocs.yml: the pair labels {', '.join(missing)} are missing")
    mathjax = ROOT / "docs" / "javascripts" / "mathjax.js"  # its TeX packages: what math may use
    _extension = PairExtension(lookup=_checks.lookup, labels=labels, mathjax=str(mathjax))
    # `scripts` is no package, so the extension goes in as an instance, not by name.
    config.markdown_extensions[:] = [
        e for e in config.markdown_extensions if type(e).__name__ != "PairExtension"
    ] + [_extension]
    _pages.clear()
    _seen.clear()
    return config


def on_files(files: Files, config: MkDocsConfig) -> Files:
    _pages.update(f.src_uri for f in files.documentation_pages() if f.src_uri.endswith(".md"))
    # The lessons' Markdown cells hold math too: MathJax must be able to read it.
    names = known_names(_extension.getConfig("mathjax"))
    problems = []
    for path in sorted(_checks.folder.glob("*.py")):
        text = path.read_text(encoding="utf-8")
        if "\n# %% [markdown]" in "\n" + text:
            problems += lesson_tex_errors(f"{SNIPPETS}/{path.name}", text, names)
    if problems:
        raise PluginError("\n".join(problems))
    return files


def on_page_markdown(markdown: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    """Hand the extension this page's file name and full source, so errors name the right line."""
    if page.file.src_uri.endswith(".md"):
        _seen.add(page.file.src_uri)
        path = shown_path(page)
        _extension.page = (path, page.file.content_string)
    return markdown


def on_post_build(config: MkDocsConfig) -> None:
    if _pages - _seen:  # a dirty build rendered only some pages: usage is unknown
        return
    if problems := _checks.unused():
        raise PluginError("\n".join(problems))
