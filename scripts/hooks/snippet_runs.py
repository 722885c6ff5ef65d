"""Run snippets once per content: the cache that the build hooks share.

A snippet's run is keyed by the bytes of everything it can read: the snippet itself,
the snippets it imports (followed transitively), every data file in snippets/, and the
environment (the pinned requirements, the Python version, the runner and its figure style).
A key that matches a finished run in .cache/ means the run is reused, not repeated.
"""

from __future__ import annotations

import ast
import hashlib
import json
import shutil
import subprocess
import sys
import threading
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SNIPPETS = ROOT / "snippets"
CACHE = ROOT / ".cache" / "snippets"
RUNNER = ROOT / "scripts" / "run_snippet.py"
ENVIRONMENT = (ROOT / "requirements.txt", RUNNER, ROOT / "scripts" / "book.mplstyle")


class SnippetError(Exception):
    """A snippet raised; the message starts with its file and line."""


@dataclass
class Run:
    """What one snippet produced: figures (name -> SVG), numbers for the prose, and files
    for readers to download (file name -> path)."""

    snippet: Path
    figures: dict[str, Path]
    numbers: dict[str, object]
    downloads: dict[str, Path]


def build_snippets() -> list[Path]:
    """The snippets the build runs: those that define figure_*(), numbers() or downloads()."""
    return [path for path in sorted(SNIPPETS.glob("*.py")) if _defines_outputs(path)]


# CPython 3.11 can fail in ast.parse ("AST constructor recursion depth mismatch") when two
# threads parse at once (python/cpython#106905), and run_all runs snippets two at a time:
# parse one file at a time.
_PARSING = threading.Lock()


def _parse(path: Path) -> ast.Module:
    with _PARSING:
        return ast.parse(path.read_bytes(), filename=str(path))


def _defines_outputs(path: Path) -> bool:
    tree = _parse(path)
    names = [node.name for node in tree.body if isinstance(node, ast.FunctionDef)]
    return any(name.startswith("figure_") or name in ("numbers", "downloads") for name in names)


def dependencies(snippet: Path) -> list[Path]:
    """The snippet, the snippets it imports (transitively) and the data files in snippets/."""
    seen, todo = set(), [snippet]
    while todo:
        path = todo.pop()
        if path in seen:
            continue
        seen.add(path)
        for name in _imported_names(path):
            local = SNIPPETS / f"{name}.py"
            if local.exists():
                todo.append(local)
    data = [path for path in SNIPPETS.iterdir() if path.is_file() and path.suffix != ".py"]
    return sorted(seen) + sorted(data)


def _imported_names(path: Path) -> set[str]:
    names = set()
    for node in ast.walk(_parse(path)):
        if isinstance(node, ast.Import):
            names.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            names.add(node.module.split(".")[0])
    return names


def content_key(snippet: Path, kind: str) -> str:
    """SHA-256 over the kind of run, the Python version and every file the run can read."""
    digest = hashlib.sha256(f"{kind}\n{sys.version}\n".encode())
    for path in (*ENVIRONMENT, *dependencies(snippet)):
        digest.update(f"{path.relative_to(ROOT)}\n".encode())
        digest.update(hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()


def cached_dir(snippet: Path, kind: str) -> tuple[Path, bool]:
    """The cache folder for this content and whether a finished run is already there."""
    folder = CACHE / kind / snippet.stem / content_key(snippet, kind)[:16]
    return folder, (folder / "done").exists()


def finish(folder: Path, staging: Path) -> None:
    """Move a finished run into place and drop older runs of the same snippet."""
    for old in folder.parent.iterdir():
        if old not in (folder, staging):
            shutil.rmtree(old, ignore_errors=True)
    if folder.exists():  # another build finished the same content first
        shutil.rmtree(staging)
        return
    staging.rename(folder)
    (folder / "done").touch()


def run_all(snippets: list[Path]) -> dict[str, Run]:
    """Run every snippet whose content changed (two at a time); return all runs by module name."""
    with ThreadPoolExecutor(max_workers=2) as pool:
        runs = list(pool.map(run_one, snippets))
    return {run.snippet.stem: run for run in runs}


def run_one(snippet: Path) -> Run:
    """Run one snippet's figure_*(), numbers() and downloads() in a fresh Python, unless cached."""
    folder, done = cached_dir(snippet, "figures")
    if not done:
        staging = folder.parent / f"{folder.name}.partial"
        shutil.rmtree(staging, ignore_errors=True)
        result = subprocess.run(
            [sys.executable, str(RUNNER), str(snippet), "--out", str(staging)],
            capture_output=True,
            text=True,
            cwd=ROOT,
        )
        if result.returncode != 0:
            shutil.rmtree(staging, ignore_errors=True)
            raise SnippetError(result.stderr.strip().splitlines()[-1] + "\n" + result.stderr)
        finish(folder, staging)
    numbers = json.loads((folder / "numbers.json").read_text(encoding="utf-8"))
    figures = {path.stem: path for path in sorted(folder.glob("*.svg"))}
    downloads = {path.name: path for path in sorted(folder.glob("downloads/*"))}
    return Run(snippet, figures, numbers, downloads)


# The runs of the current build, filled by the run_snippets hook, read by the others.
RUNS: dict[str, Run] = {}
