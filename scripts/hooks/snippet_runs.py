"""Run snippets once per content: the cache that the build hooks share.

A snippet's run is keyed by the bytes of everything it can read: the snippet itself,
the snippets it imports (followed transitively), every data file in snippets/, and the
environment (the pinned requirements, the Python version, the runner and its figure style).
A key that matches a finished run in the cache folder ($BOOK_CACHE, else .cache/ in the
repository) means the run is reused, not repeated. Each snippet keeps its KEEP most recently
used runs, so that undoing an edit finds the run from before it.

Snippets that must run do so on every core at once, each in a fresh process (see workers());
the build log says how many are cached, then names each one that ran as it ends.
"""

from __future__ import annotations

import ast
import functools
import hashlib
import json
import logging
import multiprocessing
import os
import runpy
import shutil
import site
import sys
import tempfile
import threading
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor, as_completed
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SNIPPETS = ROOT / "snippets"
CACHE = Path(os.environ.get("BOOK_CACHE") or ROOT / ".cache").absolute() / "snippets"
KEEP = 8
RUNNER = ROOT / "scripts" / "run_snippet.py"
ENVIRONMENT = (ROOT / "requirements.txt", RUNNER, ROOT / "scripts" / "book.mplstyle")
# What every snippet run imports, imported once by the server that the workers fork from.
PRELOAD = ["numpy", "matplotlib.pyplot", "matplotlib.backends.backend_svg"]

log = logging.getLogger("mkdocs.hooks.snippets")


class SnippetError(Exception):
    """A snippet raised; the message starts with its file and line."""


@dataclass
class Run:
    """What one snippet produced: figures (name -> SVG), numbers for the prose, and files
    for readers to download (file name -> path).

    A figure, a number or a file named <language>/<name> belongs to the edition in that
    language, which takes it in place of <name>: edition(language) is the run as that
    edition sees it."""

    snippet: Path
    figures: dict[str, Path]
    numbers: dict[str, object]
    downloads: dict[str, Path]

    def edition(self, language: str) -> Run:
        """The run for the edition in `language`: its own <language>/<name> in place of
        <name>, and nothing of another language's."""
        return Run(self.snippet, own(self.figures, language), own(self.numbers, language),
                   own(self.downloads, language))


def own(outputs: dict, language: str) -> dict:
    """{name: output} for the edition in `language`: zh/<name> replaces <name> in zh."""
    chosen = {name: value for name, value in outputs.items() if "/" not in name}
    prefix = f"{language}/"
    chosen.update({name.removeprefix(prefix): value for name, value in outputs.items()
                   if name.startswith(prefix)})
    return chosen


def build_snippets() -> list[Path]:
    """The snippets the build runs: those that define figure_*(), numbers() or downloads()."""
    return [path for path in sorted(SNIPPETS.glob("*.py")) if _defines_outputs(path)]


# CPython 3.11 can fail in ast.parse ("AST constructor recursion depth mismatch") when two
# threads parse at once (python/cpython#106905), and the build executes lessons in a thread
# beside the hooks (lessons.py): parse one file at a time.
_PARSING = threading.Lock()


def _parse(source: bytes, filename: str) -> ast.Module:
    with _PARSING:
        return ast.parse(source, filename=filename)


def _defines_outputs(path: Path) -> bool:
    tree = _parse(path.read_bytes(), str(path))
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


def _imported_names(path: Path) -> frozenset[str]:
    return _names_imported_by(path.read_bytes(), str(path))


@functools.lru_cache(maxsize=256)  # keys follow imports: each snippet is read many times a build
def _names_imported_by(source: bytes, filename: str) -> frozenset[str]:
    names = set()
    for node in ast.walk(_parse(source, filename)):
        if isinstance(node, ast.Import):
            names.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            names.add(node.module.split(".")[0])
    return frozenset(names)


def content_key(snippet: Path, kind: str, runner: tuple[Path, ...] = ()) -> str:
    """SHA-256 over the kind of run, the Python version and every file the run can read,
    with the files of its `runner` if it has its own (the lessons' hook)."""
    digest = hashlib.sha256(f"{kind}\n{sys.version}\n".encode())
    for path in (*ENVIRONMENT, *runner, *dependencies(snippet)):
        digest.update(f"{path.relative_to(ROOT)}\n".encode())
        digest.update(hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()


def cached_dir(snippet: Path, kind: str, runner: tuple[Path, ...] = ()) -> tuple[Path, bool]:
    """The cache folder for this content and whether a finished run is already there.

    A finished run found here counts as used now (its folder's mtime), for finish() to keep it.
    """
    folder = CACHE / kind / snippet.stem / content_key(snippet, kind, runner)[:16]
    done = (folder / "done").exists()
    if done:
        os.utime(folder)
    return folder, done


def finish(folder: Path, staging: Path) -> None:
    """Move a finished run into place; keep the KEEP runs of the same snippet used last."""
    folder.parent.mkdir(parents=True, exist_ok=True)
    try:
        staging.rename(folder)
    except OSError:  # another build finished the same content first
        return
    (folder / "done").touch()
    runs = [path for path in folder.parent.iterdir() if (path / "done").exists()]
    for old in sorted(runs, key=lambda path: path.stat().st_mtime_ns, reverse=True)[KEEP:]:
        shutil.rmtree(old, ignore_errors=True)


@contextmanager
def scratch() -> Iterator[Path]:
    """An empty folder in the cache to make runs in, removed with whatever finish() left."""
    CACHE.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=CACHE, prefix="running-") as folder:
        yield Path(folder)


class Progress:
    """What the build log says about one kind of run: how many run, then each as it ends."""

    def __init__(self, kind: str, to_run: int, cached: int) -> None:
        self.kind, self.to_run, self.ran = kind, to_run, 0
        log.info(f"{kind}: {to_run} to run, {cached} cached")

    def ran_one(self, path: Path, seconds: float) -> None:
        self.ran += 1
        log.info(f"{self.kind}: [{self.ran}/{self.to_run}] {path.name} {seconds:.1f} s")


def workers() -> ProcessPoolExecutor:
    """A process per core, each forked for one snippet from a server that imported PRELOAD.

    Every snippet still starts from a fresh process (its own random state, rcParams and
    modules), without paying for importing numpy and matplotlib each time.
    """
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(PRELOAD)
    return ProcessPoolExecutor(
        os.cpu_count(), mp_context=context, max_tasks_per_child=1,
        initializer=site.addsitedir, initargs=[str(Path(__file__).parent)],  # for run_in_worker
    )


def run_in_worker(snippet: Path, out: Path) -> tuple[float, str]:
    """In a worker: the runner's run_quietly(), the runner read from its file for each run as
    `python scripts/run_snippet.py` reads it. An edit to it counts at once, even under
    `mkdocs serve`, and MkDocs itself never imports matplotlib."""
    return runpy.run_path(str(RUNNER), run_name="run_snippet")["run_quietly"](snippet, out)


def run_all(snippets: list[Path]) -> dict[str, Run]:
    """Run every snippet whose content changed; return all runs by module name."""
    folders = {snippet: cached_dir(snippet, "figures") for snippet in snippets}
    to_run = [snippet for snippet, (_, done) in folders.items() if not done]
    progress = Progress("snippets", len(to_run), len(snippets) - len(to_run))
    if to_run:
        with scratch() as staging, workers() as pool:
            running = {pool.submit(run_in_worker, snippet, staging / snippet.stem): snippet
                       for snippet in to_run}
            for future in as_completed(running):
                snippet = running[future]
                seconds, stderr = future.result()
                if stderr:
                    pool.shutdown(wait=False, cancel_futures=True)
                    raise SnippetError(stderr.strip().splitlines()[-1] + "\n" + stderr)
                finish(folders[snippet][0], staging / snippet.stem)
                progress.ran_one(snippet, seconds)
    return {snippet.stem: cached_run(snippet, folder) for snippet, (folder, _) in folders.items()}


def cached_run(snippet: Path, folder: Path) -> Run:
    numbers = json.loads((folder / "numbers.json").read_text(encoding="utf-8"))
    figures = {path.relative_to(folder).with_suffix("").as_posix(): path  # name, or zh/name
               for path in sorted([*folder.glob("*.svg"), *folder.glob("*/*.svg")])
               if path.parent.name != "downloads"}
    files = folder / "downloads"
    downloads = {path.relative_to(files).as_posix(): path
                 for path in sorted(files.rglob("*")) if path.is_file()}
    # A language's numbers (its words in the numbers that are text) as zh/<name>, unless the
    # snippet gave its own zh/<name>.
    for shown in sorted(folder.glob("*/numbers.json")):
        for name, value in json.loads(shown.read_text(encoding="utf-8")).items():
            numbers.setdefault(f"{shown.parent.name}/{name}", value)
    return Run(snippet, figures, numbers, downloads)


# The runs of the current build, filled by the run_snippets hook, read by the others.
RUNS: dict[str, Run] = {}
