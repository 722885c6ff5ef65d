"""MkDocs hook: turn lesson snippets into executed notebooks that mkdocs-jupyter renders.

A lesson is a snippet written in jupytext's percent format (cells start with "# %%").
It runs as a plain script, and here as a notebook: executed once per content (see
snippet_runs.py), saved as lessons/<name>.ipynb, which mkdocs-jupyter shows as a page
with the notebook to download. An error in any cell fails the build with the line, and so
does a figure that shows as text instead of as an image.

A downloaded lesson runs on its own. Before its first code cell the notebook gets one
more, made here from the library modules it imports (followed transitively) and the data
files of snippets/: the cell writes them into a folder `library` beside the notebook and
puts it on sys.path. The notebook executes in an empty folder, as a learner's would, so the
build runs exactly what the download runs. The site's page leaves that cell out (its tag
is in mkdocs.yml, under mkdocs-jupyter's remove_tag_config).
The lessons that changed execute in a thread started before the build gathers its files,
so that their kernels run while the snippets do (run_snippets.py); a lesson's page waits
for its notebook.
"""

from __future__ import annotations

import itertools
import re
import tempfile
import time
from concurrent.futures import Future, ThreadPoolExecutor
from html import escape
from pathlib import Path
from typing import TYPE_CHECKING

import jupytext
import markdown
import nbclient
import nbformat
from jupyter_client.manager import KernelManager
from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority
from mkdocs.structure.files import File

import drift
import pair_block
import snippet_runs

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.structure.files import Files
    from mkdocs.structure.pages import Page

CELL_LINE = re.compile(r"Cell In\[(\d+)\], line (\d+)")
ANSI = re.compile(r"\x1b\[[0-9;]*m")
SECTION_MARKER = re.compile(r"^# --8<-- \[(start|end):\w+\]$\n?", re.MULTILINE)
CODE_CELL = re.compile(r'<div class="highlight-ipynb\b')  # each code cell's source, once
LIBRARY_TAG = "library"  # the cell that carries the library: in the download, not on the page
FIGURE_TEXT = re.compile(r"^<(?:matplotlib\.figure\.)?Figure size [^>]*>$", re.MULTILINE)

# Each lesson's cache folder, and the notebooks being made there, by lesson name.
FOLDERS: dict[Path, Path] = {}
NOTEBOOKS: dict[str, Future[None]] = {}


def lessons() -> list[Path]:
    return [
        path for path in sorted(snippet_runs.SNIPPETS.glob("*.py"))
        if re.search(r"^# %%", path.read_text(encoding="utf-8"), re.MULTILINE)
    ]


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    """mkdocs-jupyter caches the pages it renders: in the book's cache too, so that a build
    with an empty BOOK_CACHE is a clean build."""
    jupyter = config.plugins["mkdocs-jupyter"]
    # One folder per edition: it evicts what its own build did not use.
    jupyter.config["cache_dir"] = str(snippet_runs.CACHE.with_name("mkdocs-jupyter") / config.theme["language"])
    return config


def on_pre_build(config: MkDocsConfig) -> None:
    """Start executing the lessons that changed, in a thread of their own."""
    FOLDERS.clear()
    NOTEBOOKS.clear()
    to_run = []
    for lesson in lessons():
        translation = translated_cells(lesson, config)
        check_markdown(lesson, config, translation)
        kind, runner = "lessons", (Path(__file__),)
        if translation is not None:  # a translated edition's lesson: its own run, with its words
            kind, runner = f"lessons-{config.theme['language']}", (*runner, translation[0])
        FOLDERS[lesson], done = snippet_runs.cached_dir(lesson, kind, runner)
        if not done:
            to_run.append((lesson, translation))
    progress = snippet_runs.Progress("lessons", len(to_run), len(FOLDERS) - len(to_run))
    thread = ThreadPoolExecutor(max_workers=1, thread_name_prefix="lessons")
    for lesson, translation in to_run:
        NOTEBOOKS[lesson.stem] = thread.submit(executed, lesson, FOLDERS[lesson], progress,
                                               config.extra["words"], translation and translation[1])
    thread.shutdown(wait=False)  # the thread ends when it has executed them all


@event_priority(50)  # before mkdocs-jupyter claims the lessons/*.ipynb files
def on_files(files: Files, config: MkDocsConfig) -> Files:
    for lesson, folder in FOLDERS.items():
        # A real src_dir, not File.generated: mkdocs-jupyter reads the notebook through it.
        uri = f"lessons/{lesson.stem}.ipynb"
        files.append(File(uri, str(folder), config.site_dir, config.use_directory_urls))
    return files


@event_priority(50)  # before mkdocs-jupyter reads the notebook
def on_pre_page(page: Page, config: MkDocsConfig, files: Files) -> Page:
    """Wait for the lesson's notebook; an error in one of its cells fails the build here."""
    if page.file.src_uri.startswith("lessons/") and page.file.src_uri.endswith(".ipynb"):
        if notebook := NOTEBOOKS.get(Path(page.file.src_uri).stem):  # None: it was cached
            notebook.result()
    return page


def on_page_content(html: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    """Open a lesson page with its two ways to run: the notebook, or the plain script."""
    if not (page.file.src_uri.startswith("lessons/") and page.file.src_uri.endswith(".ipynb")):
        return html
    words = config.extra["words"]
    name = Path(page.file.src_uri).stem
    source = (
        f'<p class="lesson-source"><a href="{name}.ipynb" download>{words["lesson_download"]}</a> '
        f'{words["lesson_script"].format(command=f"<code>python snippets/{name}.py</code>")} '
        f'{words["lesson_offline"]}</p>'
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


def executed(lesson: Path, folder: Path, progress: snippet_runs.Progress, words: dict[str, str],
             translation: list[str] | None = None) -> None:
    """Execute a lesson and save it in its cache folder as lessons/<name>.ipynb (the path
    that mkdocs-jupyter takes). A translated edition's lesson has its translation's
    Markdown cells, in order, and the lesson's code."""
    start = time.perf_counter()
    nb = jupytext.read(lesson)
    texts = iter(translation or ())
    for cell in nb.cells:
        if cell.cell_type == "markdown":
            cell.source = notebook_markdown(next(texts) if translation else cell.source, words)
    add_library(nb, lesson)
    try:
        with tempfile.TemporaryDirectory() as empty:  # a learner's folder: the notebook alone
            execute(nb, cwd=Path(empty))
    except nbclient.exceptions.CellExecutionError as error:
        raise PluginError(f"{failing_line(lesson, nb, error)}: {error.ename}: {error.evalue}")
    if problems := figures_as_text(lesson, nb):
        raise PluginError("\n".join(problems))
    for number, cell in enumerate(nb.cells, 1):
        cell.id = f"cell-{number}"  # not nbformat's random ids: the same lesson, the same bytes
        if LIBRARY_TAG not in cell.metadata.get("tags", ()):  # the library's files stay as they are
            cell.source = SECTION_MARKER.sub("", cell.source).strip("\n")  # the markers are for chapters
    with snippet_runs.scratch() as scratch:
        (scratch / "run" / "lessons").mkdir(parents=True)
        nbformat.write(nb, scratch / "run" / "lessons" / f"{lesson.stem}.ipynb")
        snippet_runs.finish(folder, scratch / "run")
    progress.ran_one(lesson, time.perf_counter() - start)


def add_library(nb, lesson: Path) -> None:
    """Put the cell that carries the lesson's library before its first code cell."""
    files = [path for path in snippet_runs.dependencies(lesson) if path != lesson]
    if not any(path.suffix == ".py" for path in files):  # it imports no library module
        return
    cell = nbformat.v4.new_code_cell(library_source(files), metadata={"tags": [LIBRARY_TAG]})
    first = next((n for n, c in enumerate(nb.cells) if c.cell_type == "code"), len(nb.cells))
    nb.cells.insert(first, cell)


def library_source(files: list[Path]) -> str:
    """The library cell: each file's text in a string, written out when the cell runs."""
    names = ", ".join(path.name for path in files)
    lines = [
        "# The book's library and data, carried inside this notebook so that it runs on its own,",
        f"# offline: {names}.",
        "# They are copies of snippets/ in the book's repository, made when the book was built.",
        "# This cell writes them into the folder `library` beside the notebook (anew each time",
        "# it runs) and lets the cells below import them from there.",
        "import pathlib",
        "import sys",
        "",
        "LIBRARY = {",
    ]
    for path in files:
        text = path.read_text(encoding="utf-8")
        raw = "'''" not in text and not text.endswith("\\")  # else a plain repr, on one line
        lines.append(f"    {path.name!r}: " + (f"r'''{text}'''," if raw else f"{text!r},"))
    lines += [
        "}",
        'library = pathlib.Path("library")',
        "library.mkdir(exist_ok=True)",
        "for name, text in LIBRARY.items():",
        '    (library / name).write_text(text, encoding="utf-8")',
        "if str(library.resolve()) not in sys.path:",
        "    sys.path.insert(0, str(library.resolve()))",
    ]
    return "\n".join(lines)


def figures_as_text(lesson: Path, nb) -> list[str]:
    """'file:line: ...' for each cell whose figure came out as its text, not as an image."""
    problems = []
    source = lesson.read_text(encoding="utf-8")
    for cell in nb.cells:
        for output in cell.get("outputs", ()):
            data = output.get("data", {})
            text = data.get("text/plain", "")
            if FIGURE_TEXT.search(text) and not {"image/png", "image/svg+xml"} & set(data):
                line = cell_line(source, cell.source)
                problems.append(
                    f"{lesson.relative_to(snippet_runs.ROOT)}:{line}: this cell's figure shows as the text "
                    f"{text.strip()!r}: start the lesson with '# %matplotlib inline', so that Jupyter draws "
                    "a matplotlib figure as an image"
                )
    return problems


def cell_line(source: str, cell_source: str) -> int:
    """The snippet's line where a code cell starts: the line after its '# %%'"""
    if (at := source.find(f"# %%\n{cell_source}")) >= 0:
        return source.count("\n", 0, at) + 2
    return source.count("\n", 0, max(source.find(cell_source), 0)) + 1


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
            coalesce_streams=True,  # one output per stream, however the kernel's flushes fell
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


# --- the Markdown cells: the rules of the pages, and pairs a notebook can show ------------

MARKDOWN_CELL = re.compile(r"^# %% \[markdown\].*$")
CELL_START = re.compile(r"^# %%")
CLOSING = re.compile(r"^[ \t]*/{3,}[ \t]*$")


def markdown_source(lesson: Path) -> str:
    """The lesson's Markdown cells as one page, each line on the line of the snippet it
    comes from (code lines are left blank), so that a mistake names the snippet's line."""
    lines, markdown = [], False
    for line in lesson.read_text(encoding="utf-8").split("\n"):
        if CELL_START.match(line):
            markdown = bool(MARKDOWN_CELL.match(line))
            lines.append("")
        elif markdown and line.startswith("#"):
            lines.append(line[2:] if line.startswith("# ") else line[1:])
        else:
            lines.append("")
    return "\n".join(lines)


def translated_cells(lesson: Path, config: MkDocsConfig) -> tuple[Path, list[str]] | None:
    """A translated edition's Markdown cells of a lesson, from docs/<lang>/lessons/<name>.md,
    with that file (None in English). The drift check (drift.py) compares them with the lesson."""
    if config.theme["language"] == "en":
        return None
    path = Path(config.docs_dir) / drift.LESSONS / f"{lesson.stem}.md"
    if not path.exists():
        raise PluginError(f"{path.relative_to(snippet_runs.ROOT)}: missing: the lesson "
                          f"{lesson.relative_to(snippet_runs.ROOT)} has no translation")
    return path, drift.translated_cells(path.read_text(encoding="utf-8"))


def check_markdown(lesson: Path, config: MkDocsConfig, translation: tuple[Path, list[str]] | None = None) -> None:
    """Put the lesson's Markdown through the pages' own Markdown, pair rules included
    (scripts/hooks/pair_block.py): a mistake fails the build with the snippet's line (or
    the line of its translation)."""
    pair = next(e for e in config.markdown_extensions if type(e).__name__ == "PairExtension")
    source = markdown_source(lesson)
    notation = next(e for e in config.markdown_extensions if type(e).__name__ == "NotationExtension")
    path = str(lesson.relative_to(snippet_runs.ROOT))
    if translation is not None:
        path = str(translation[0].relative_to(snippet_runs.ROOT))
        source = re.sub(rf"^{re.escape(drift.CELL)}[ \t]*$", "", translation[0].read_text(encoding="utf-8"), flags=re.M)
    pair.page = (path, source)
    # Its symbols are those of its page, lessons/<name>.ipynb, in the notation table.
    notation.page = (path, source, f"docs/lessons/{lesson.stem}.ipynb")
    markdown.Markdown(extensions=config.markdown_extensions,
                      extension_configs=config.mdx_configs).convert(source)


def notebook_markdown(text: str, words: dict[str, str]) -> str:
    """A Markdown cell with its pairs written as a notebook shows them: the title in bold,
    then each side's label and formula (Jupyter's Markdown knows no blocks)."""
    out, open_blocks = [], []
    for line in text.split("\n"):
        header = pair_block.RE_HEADER.match(line)
        if header and header.group(2).lower() in pair_block.KINDS:
            kind, title = header.group(2).lower(), header.group(3)
            open_blocks.append(kind)
            if kind == "pair" and title:
                out += [f"**{title}**", ""]
            elif kind in pair_block.SIDES:
                out += [f"*{words[f'pair_{kind}']}:*", ""]
        elif open_blocks and CLOSING.match(line):
            open_blocks.pop()
            out.append("")
        elif open_blocks and open_blocks[-1] == "pair" and line.strip().startswith("check:"):
            continue
        else:
            out.append(line)
    return re.sub(r"\n{3,}", "\n\n", "\n".join(out)).strip("\n")
