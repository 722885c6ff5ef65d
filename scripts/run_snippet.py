"""Render one snippet's figures and numbers, as the build does.

    python scripts/run_snippet.py snippets/train.py --out /tmp/train

calls every figure_<name>() in the snippet and saves <name>.svg, calls numbers() and
saves numbers.json, and calls downloads() and saves each file it returns in downloads/
(a name may have one folder, the language of an edition: zh/<file>).
If the snippet raises, the last line on stderr is "<file>:<line>: <error>" for the
deepest frame inside snippets/, and the exit status is 1.

The build calls run_quietly() instead, once per changed snippet, each time in a fresh
process (see scripts/hooks/snippet_runs.py).
"""

import argparse
import contextlib
import importlib
import io
import json
import os
import sys
import time
import traceback
from numbers import Integral, Real
from pathlib import Path

import matplotlib

matplotlib.use("Agg")  # no window: the build has no screen
import matplotlib.pyplot as plt  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
STYLE = Path(__file__).with_name("book.mplstyle")


class ContractError(Exception):
    """A snippet broke the build's contract (figure_*() and numbers()) at a known line."""

    def __init__(self, message: str, line: int):
        super().__init__(message)
        self.line = line


def figures(module) -> dict:
    """The snippet's figure functions, by figure name: figure_cost_curve -> cost_curve."""
    return {
        name.removeprefix("figure_"): function
        for name, function in sorted(vars(module).items())
        if name.startswith("figure_") and callable(function)
        and getattr(function, "__module__", None) == module.__name__
    }


def save_figures(module, out: Path) -> None:
    for name, make in figures(module).items():
        with plt.style.context(STYLE):
            figure = make()
            if not isinstance(figure, matplotlib.figure.Figure):
                message = f"figure_{name}() must return a matplotlib Figure, not {figure!r}"
                raise ContractError(message, make.__code__.co_firstlineno)
            figure.savefig(out / f"{name}.svg", format="svg", metadata={"Date": None})
        plt.close(figure)


def save_numbers(module, out: Path) -> None:
    if not callable(getattr(module, "numbers", None)):
        numbers = {}
    else:
        numbers = module.numbers()
        line = module.numbers.__code__.co_firstlineno
        if not isinstance(numbers, dict):
            raise ContractError(f"numbers() must return a dict, not {numbers!r}", line)
    for name, value in numbers.items():
        if not isinstance(value, (Real, str)):
            message = f"numbers()[{name!r}] must be a number or a string, not {value!r}"
            raise ContractError(message, line)
        if isinstance(value, Integral):
            numbers[name] = int(value)  # numpy numbers to plain JSON numbers
        elif isinstance(value, Real):
            numbers[name] = float(value)
    text = json.dumps(numbers, indent=1, sort_keys=True) + "\n"
    (out / "numbers.json").write_text(text, encoding="utf-8")


def shown(path: Path) -> Path:
    """A path as an author reads it: relative to the repository when inside it."""
    return path.relative_to(ROOT) if path.is_relative_to(ROOT) else path


def save_downloads(module, out: Path) -> None:
    if not callable(getattr(module, "downloads", None)):
        return
    files = module.downloads()
    line = module.downloads.__code__.co_firstlineno
    if not isinstance(files, dict):
        raise ContractError(f"downloads() must return a dict of file name -> bytes, not {files!r}", line)
    (out / "downloads").mkdir()
    for name, content in files.items():
        parts = name.split("/") if isinstance(name, str) else [""]
        if (not isinstance(content, bytes) or len(parts) > 2
                or any(part in ("", ".", "..") or Path(part).name != part for part in parts)):
            raise ContractError(f"downloads()[{name!r}] must be bytes under a plain file name, "
                                "or one folder and a file name (zh/<file>)", line)
        (out / "downloads" / name).parent.mkdir(exist_ok=True)
        (out / "downloads" / name).write_bytes(content)


def where(error: BaseException, snippet: Path) -> str:
    """'<file>:<line>' of the deepest traceback frame inside the snippet's folder."""
    place = f"{shown(snippet)}:{getattr(error, 'line', 1)}"
    for frame in traceback.extract_tb(error.__traceback__):
        path = Path(frame.filename).resolve()
        if path.is_relative_to(snippet.parent):
            place = f"{shown(path)}:{frame.lineno}"
    return place


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("snippet", type=Path, help="a snippet file, e.g. snippets/train.py")
    parser.add_argument("--out", type=Path, required=True, help="folder for the SVGs and numbers.json")
    args = parser.parse_args(argv)
    snippet = args.snippet.resolve()
    if not snippet.is_file():
        parser.error(f"no such snippet: {args.snippet}")
    args.out.mkdir(parents=True, exist_ok=True)
    sys.path.insert(0, str(snippet.parent))  # as when a learner runs the snippet
    try:
        module = importlib.import_module(snippet.stem)
        save_figures(module, args.out)
        save_numbers(module, args.out)
        save_downloads(module, args.out)
    except Exception as error:
        traceback.print_exc()
        print(f"{where(error, snippet)}: {type(error).__name__}: {error}", file=sys.stderr)
        return 1
    return 0


def run_quietly(snippet: Path, out: Path) -> tuple[float, str]:
    """main() as the build runs it, in a worker process of its own: from the repository, with
    what the snippet prints kept out of the build's log. Returns the seconds it took and, if
    it failed, what main() wrote on stderr (else "")."""
    start = time.perf_counter()
    os.chdir(ROOT)
    with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()) as stderr:
        failed = main([str(snippet), "--out", str(out)])
    return time.perf_counter() - start, stderr.getvalue() if failed else ""


if __name__ == "__main__":
    sys.exit(main())
