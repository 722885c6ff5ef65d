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
import functools
import importlib
import importlib.util
import io
import json
import os
import re
import sys
import time
import traceback
from numbers import Integral, Real
from pathlib import Path

import matplotlib

matplotlib.use("Agg")  # no window: the build has no screen
import matplotlib.font_manager  # noqa: E402
import matplotlib.pyplot as plt  # noqa: E402
import matplotlib.text  # noqa: E402

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
    """Each figure once per language: <name>.svg in English, <lang>/<name>.svg in the others."""
    tables = figure_words()
    for name, make in figures(module).items():
        with plt.style.context(STYLE):
            figure = make()
            if not isinstance(figure, matplotlib.figure.Figure):
                message = f"figure_{name}() must return a matplotlib Figure, not {figure!r}"
                raise ContractError(message, make.__code__.co_firstlineno)
            texts = [(text, text.get_text(), text.get_fontfamily())
                     for text in figure.findobj(matplotlib.text.Text)]
            for lang, words in tables.items():
                if missing := write_words(texts, words):
                    listed = "\n".join(f"  {text!r}" for text in missing)
                    raise ContractError(
                        f"figure_{name}() writes words that snippets/words-{lang}.yml has no "
                        f"`figures:` entry for:\n{listed}", make.__code__.co_firstlineno)
                folder = out if lang == "en" else out / lang
                folder.mkdir(exist_ok=True)
                figure.savefig(folder / f"{name}.svg", format="svg", metadata={"Date": None})
                stable_clip_ids(folder / f"{name}.svg")
        plt.close(figure)


CLIP_ID = re.compile(r'<clipPath id="(p[0-9a-f]{10})"')


def stable_clip_ids(svg: Path) -> None:
    """Number the clip paths in order: matplotlib names each by a hash of its box, floats in
    full, and a box one 1e-13 apart in another build gave the same figure other bytes."""
    text = svg.read_text(encoding="utf-8")
    for number, old in enumerate(dict.fromkeys(CLIP_ID.findall(text)), 1):
        text = text.replace(f'"{old}"', f'"clip{number}"').replace(f"#{old})", f"#clip{number})")
    svg.write_text(text, encoding="utf-8")


# --- the figures' words ---------------------------------------------------------------
# A figure's words come from the `figures:` table of each language (snippets/words-*.yml),
# looked up by the English text the snippet writes. A text with a Latin letter outside its
# $...$ has words; math alone has none. A key may hold <n> for a number ("image <n>").
MATH = re.compile(r"(?<!\\)\$.*?(?<!\\)\$")
LETTER = re.compile(r"[A-Za-z]")
HAN = re.compile(r"[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]")
PLACEHOLDER = re.compile(r"<(\w+)>")
# Chinese glyphs come from Noto Sans CJK SC, which the pinned mplfonts package carries, so
# a figure is drawn the same on any machine. It is a Chinese text's one font, Latin letters
# and digits included: mathtext takes the words around the math from a text's first font,
# and a list of fallback fonts measured one figure two ways in two builds.
CJK_FONT = "Noto Sans CJK SC"


@functools.cache  # once per run: figures and numbers both read it
def figure_words() -> dict[str, "Words"]:
    """Each language's figure words, English first: {'en': Words, 'zh': Words}."""
    import yaml

    tables = {}
    for path in sorted(ROOT.joinpath("snippets").glob("words-*.yml"), key=lambda p: p.stem != "words-en"):
        table = (yaml.safe_load(path.read_text(encoding="utf-8")) or {}).get("figures") or {}
        tables[path.stem.removeprefix("words-")] = Words(table)
    if any(HAN.search(v) for words in tables.values() for v in words.values()):
        fonts = Path(importlib.util.find_spec("mplfonts").origin).parent / "fonts"
        matplotlib.font_manager.fontManager.addfont(str(fonts / "NotoSansCJKsc-Regular.otf"))
    return tables


class Words:
    """A language's words for the figures: the English text -> the text in this language."""

    def __init__(self, table: dict[str, str]) -> None:
        self.exact = {key: value for key, value in table.items() if not PLACEHOLDER.search(key)}
        self.patterns = [(pattern(key), value) for key, value in table.items() if PLACEHOLDER.search(key)]

    def values(self) -> list[str]:
        return [*self.exact.values(), *(value for _, value in self.patterns)]

    def __call__(self, english: str) -> str | None:
        if english in self.exact:
            return self.exact[english]
        for regex, value in self.patterns:
            if m := regex.fullmatch(english):
                return PLACEHOLDER.sub(lambda p: m[p[1]], value)
        return None


def pattern(key: str) -> re.Pattern:
    """'image <n>' -> a regex for 'image 38'; a name used twice matches the same number."""
    parts, seen, at = [], set(), 0
    for m in PLACEHOLDER.finditer(key):
        parts.append(re.escape(key[at:m.start()]))
        parts.append(f"(?P={m[1]})" if m[1] in seen else rf"(?P<{m[1]}>[+−-]?\d+(?:\.\d+)?)")
        seen.add(m[1])
        at = m.end()
    return re.compile("".join(parts) + re.escape(key[at:]))


def write_words(texts: list, words: Words) -> list[str]:
    """Give every text of a figure its words in one language; return the texts it has none for."""
    missing = []
    for text, english, family in texts:
        if not LETTER.search(MATH.sub("", english)):
            continue
        shown = words(english)
        if shown is None:
            missing.append(english)
            continue
        text.set_text(shown)
        text.set_fontfamily(CJK_FONT if HAN.search(shown) else family)
    return sorted(set(missing))


WORD = re.compile(r"[A-Za-z]{2,}")  # in a number's text, one letter is a name: B2, w2_1_1
CODE = re.compile(r"`[^`]*`|\\(?:begin|end)\{\w+\}|\\[A-Za-z]+")  # code, and TeX's commands


def text_words(value: str, words: Words) -> tuple[str, list[str]]:
    """A number written as text in one language: a table cell by cell, else line by line."""
    missing = []

    def one(piece: str) -> str:
        if not WORD.search(CODE.sub("", MATH.sub("", piece))):
            return piece
        shown = words(piece)
        if shown is None:
            missing.append(piece)
        return piece if shown is None else shown

    lines = []
    for row in value.split("\n"):
        if row.startswith("|") and row.endswith("|"):
            cells = [one(cell.strip()) for cell in row[1:-1].split("|")]
            lines.append("| " + " | ".join(cells) + " |")
        else:
            lines.append(one(row))
    return "\n".join(lines), missing


def save_numbers(module, out: Path) -> None:
    line = 1
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
    # A number may be text, such as a Markdown table: its words come in each language too.
    # A name with a folder, zh/<name>, is a language's own number: it is kept as it is.
    for lang, words in figure_words().items():
        shown, missing = {}, set()
        for name, value in numbers.items():
            if "/" in name:
                if lang == "en":
                    shown[name] = value
                continue
            shown[name] = value
            if isinstance(value, str):
                shown[name], gaps = text_words(value, words)
                missing.update(gaps)
        if missing:
            listed = "\n".join(f"  {text!r}" for text in sorted(missing))
            raise ContractError(f"numbers() writes words that snippets/words-{lang}.yml has no "
                                f"`figures:` entry for:\n{listed}", line)
        folder = out if lang == "en" else out / lang
        folder.mkdir(exist_ok=True)
        text = json.dumps(shown, indent=1, sort_keys=True, ensure_ascii=False) + "\n"
        (folder / "numbers.json").write_text(text, encoding="utf-8")


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
