"""MkDocs hook: turn lesson snippets into executed notebooks that mkdocs-jupyter renders.

A lesson is a snippet written in jupytext's percent format (cells start with "# %%").
It runs as a plain script, and here as a notebook: executed once per content (see
snippet_runs.py), saved as lessons/<name>.ipynb, which mkdocs-jupyter shows as a page
with the notebook to download. An error in any cell fails the build with the line.
"""

from __future__ import annotations

import itertools
import re
import tempfile
from html import escape
from pathlib import Path
from typing import TYPE_CHECKING

import jupytext
import nbclient
import nbformat
from jupyter_client.manager import KernelManager
from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority
from mkdocs.structure.files import File

import snippet_runs

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.structure.files import Files
    from mkdocs.structure.pages import Page

CELL_LINE = re.compile(r"Cell In\[(\d+)\], line (\d+)")
ANSI = re.compile(r"\x1b\[[0-9;]*m")
SECTION_MARKER = re.compile(r"^# --8<-- \[(start|end):\w+\]$\n?", re.MULTILINE)
CODE_CELL = re.compile(r'<div class="highlight-ipynb\b')  # each code cell's source, once


def lessons() -> list[Path]:
    return [
        path for path in sorted(snippet_runs.SNIPPETS.glob("*.py"))
        if re.search(r"^# %%", path.read_text(encoding="utf-8"), re.MULTILINE)
    ]


@event_priority(50)  # before mkdocs-jupyter claims the lessons/*.ipynb files
def on_files(files: Files, config: MkDocsConfig) -> Files:
    for lesson in lessons():
        notebook = executed(lesson)
        # A real src_dir, not File.generated: mkdocs-jupyter reads the notebook through it.
        uri = f"lessons/{notebook.name}"
        files.append(File(uri, str(notebook.parents[1]), config.site_dir, config.use_directory_urls))
    return files


def on_page_content(html: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    """Open a lesson page with its two ways to run: the notebook, or the plain script."""
    if not (page.file.src_uri.startswith("lessons/") and page.file.src_uri.endswith(".ipynb")):
        return html
    words = config.extra["words"]
    name = Path(page.file.src_uri).stem
    source = (
        f'<p class="lesson-source"><a href="{name}.ipynb" download>{words["lesson_download"]}</a> '
        f'{words["lesson_script"]} <code>python snippets/{name}.py</code></p>'
    )
    html = name_code_cells(html, words["lesson_code_cell"])
    title, found, rest = html.partition("</h1>")
    return f"{title}</h1>\n{source}{rest}" if found else source + html


def name_code_cells(html: str, label: str) -> str:
    """Give each code cell its name ("Code cell 3"), which docs/javascripts/accessibility.js
    puts on the cell while it scrolls, making it a focusable region."""
    numbers = itertools.count(1)
    return CODE_CELL.sub(
        lambda match: f'<div data-scroll-label="{escape(label.format(number=next(numbers)))}" '
                      'class="highlight-ipynb', html)


def executed(lesson: Path) -> Path:
    """The executed notebook of a lesson, run again only when its content changed."""
    folder, done = snippet_runs.cached_dir(lesson, "lessons")
    # mkdocs-jupyter takes the file when its path ends in lessons/<name>.ipynb
    notebook = folder / "lessons" / f"{lesson.stem}.ipynb"
    if not done:
        nb = jupytext.read(lesson)
        try:
            execute(nb, cwd=lesson.parent)
        except nbclient.exceptions.CellExecutionError as error:
            raise PluginError(f"{failing_line(lesson, nb, error)}: {error.ename}: {error.evalue}")
        for cell in nb.cells:  # the include markers are for the chapters, not for learners
            cell.source = SECTION_MARKER.sub("", cell.source).strip("\n")
        staging = folder.parent / f"{folder.name}.partial"
        (staging / "lessons").mkdir(parents=True, exist_ok=True)
        nbformat.write(nb, staging / "lessons" / notebook.name)
        snippet_runs.finish(folder, staging)
    return notebook


def execute(nb, cwd: Path) -> None:
    """Run every cell of `nb`, in order, in a fresh Python kernel working in `cwd`."""
    with tempfile.TemporaryDirectory() as sockets:
        # Local sockets, not TCP: nothing listens on a port while the build runs.
        kernel = KernelManager(kernel_name="python3", transport="ipc", ip=f"{sockets}/kernel")
        client = nbclient.NotebookClient(
            nb,
            km=kernel,
            timeout=300,
            allow_errors=False,
            record_timing=False,  # no timestamps: the same lesson gives the same bytes
            resources={"metadata": {"path": str(cwd)}},
        )
        try:
            client.execute()
        finally:
            if kernel.has_kernel:  # nbclient leaves a kernel it did not start running
                kernel.shutdown_kernel()


def failing_line(lesson: Path, nb, error) -> str:
    """'snippets/<lesson>.py:<line>' of the deepest frame in the lesson that raised.

    IPython names a frame "Cell In[n], line m": line m of the cell that ran as n.
    """
    source = lesson.read_text(encoding="utf-8")
    frames = CELL_LINE.findall(ANSI.sub("", str(error)))
    count, line = map(int, frames[-1]) if frames else (None, 1)
    cell = next((c for c in nb.cells if c.get("execution_count") == count), None)
    if cell is None:  # no frame named: the cell that holds the error output
        cell = next(c for c in nb.cells if any(o.get("output_type") == "error" for o in c.get("outputs", ())))
    start = source.count("\n", 0, source.find(cell.source)) + 1
    return f"{lesson.relative_to(snippet_runs.ROOT)}:{start + line - 1}"
