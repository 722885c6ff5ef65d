"""Start a new section of a chapter from the skeleton in CONTRIBUTING.md.

    make section CHAPTER=backprop NAME=momentum TITLE="Momentum"
    .venv/bin/python scripts/new_section.py backprop momentum --title "Momentum"

writes a draft that already passes the build and every test, so that an author starts
from a page that works and replaces its placeholders one at a time:

    docs/<chapter>/<name>.md      the page: title, opening, one formula pair, summary, one exercise
    snippets/<name>.py            its code: the pair's check and the number the exercise quotes
    tests/test_<name>.py          a test that computes the snippet's results another way

and adds the page as the last section of its chapter: a line at the end of the chapter's
block in `nav:` of mkdocs.yml (the rest of the file is left as it is, comments included)
and an item at the end of the list of sections in docs/<chapter>/index.md. In the file
names of the snippet and the test, the name's hyphens become underscores.
Nothing is written unless all of it can be.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import keyword
import re
import sys
import warnings
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
# The curriculum chapters, whose sections tests/test_chapters.py holds to the skeleton.
CHAPTERS = ("thinking", "toolkit", "optimizing", "backprop", "convolution", "bridge")
KEBAB = re.compile(r"[a-z][a-z0-9]*(?:-[a-z0-9]+)*")
# A nav entry of one page: "- docs/page.md" or "- Title: docs/page.md", optionally quoted.
NAV_PAGE = re.compile(r"""^(?P<indent>\s*)-\s+(?:.*?:\s+)?["']?(?P<page>[^\s"':]+\.md)["']?\s*(?:#.*)?$""")
LIST_ITEM = re.compile(r"^(?P<indent>\s*)(?P<marker>\d+\.|-)\s")


class ScaffoldError(Exception):
    """Something the author must fix first; the message says what."""


# --- the files, from the skeleton -----------------------------------------------------------

PAGE = """\
# {title}

*A draft.* This page was started with `make section` and holds the skeleton of a section:
replace this paragraph with a short opening that says what the section is for and what
the reader can do after it.

## A formula pair

Every formula of the book is written twice, term by term and in vector form, and a check
in `snippets/{module}.py` proves that the two sides agree. This example, the number of
ink pixels of an image $\\mathbf{{x}}$, stands in for the section's own formulas:

/// pair | The number of ink pixels of an image
    check: {module}.pixel_sum
//// expanded
$$x_1 + x_2 + \\cdots + x_{{12}}$$
////
//// vector
$$\\mathbf{{1}}^\\mathsf{{T}} \\mathbf{{x}}$$
////
///

Code on the page is included from the snippet, never pasted:

```python
--8<-- "{module}.py:pixel_sum"
```

## Summary

- Replace these bullets with two to four that say what the section showed.
- Each formula stands beside its vector form, and a check in the snippet proves they agree.

## Exercises

1. How many ink pixels does the first image of the training set, the bare "0", have?
   Count them with the expanded side of the pair.

    ??? success "Solution"
        Its pixels are $x_4$, $x_6$, $x_7$, $x_9$ and $x_{{11}}$, so it has
        {{{{ {module}.first_image_ink:g }}}} of them. Every number a solution quotes comes from
        `numbers()` in the snippet, and the test of the section computes it again.
"""

SNIPPET = '''\
"""{title}: the code, the formula checks and the numbers of docs/{chapter}/{name}.md.

A draft started with `make section`: the pixel sum below stands in for the section's own
formulas. Keep the conventions of CONTRIBUTING.md: each formula pair is one CHECKS entry,
(expanded, vector, random input); the expanded side goes term by term in plain Python,
the vector side uses numpy; numbers() returns every number the page quotes.

    python snippets/{module}.py

prints both sides of the pair for the first training image.
"""

import numpy as np

import dataset


# --8<-- [start:pixel_sum]
def pixel_sum_expanded(x):
    """x1 + x2 + ... + x12, one term at a time"""
    total = 0.0
    for i in range(len(x)):
        total += x[i]
    return total


def pixel_sum_vector(x):
    """1^T x: a row of ones times the column of pixels"""
    ones = np.ones(len(x))
    return ones @ np.asarray(x, dtype=float)
# --8<-- [end:pixel_sum]


def random_image(rng):
    """Keyword arguments for both sides of the pair: 12 pixels, each between 0 and 1."""
    return {{"x": rng.uniform(0.0, 1.0, size=12)}}


CHECKS = {{
    "pixel_sum": (pixel_sum_expanded, pixel_sum_vector, random_image),
}}


def first_image():
    """The pixels of the first training image, the bare "0"."""
    x, label = dataset.load_dataset()[0]
    return x


def numbers():
    """The numbers docs/{chapter}/{name}.md quotes, by name."""
    return {{"first_image_ink": pixel_sum_expanded(first_image())}}


if __name__ == "__main__":
    x = first_image()
    print(f"expanded: s = {{pixel_sum_expanded(x):g}}")
    print(f"vector:   s = {{pixel_sum_vector(x):g}}")
'''

TEST = '''\
"""{title}: what snippets/{module}.py computes, checked another way.

A draft started with `make section`: test each claim the section makes, and compute
every number its exercises quote by a route of its own.
"""

import dataset
import {module}


def test_the_pixel_sum_counts_the_ink_pixels():
    for x, label in dataset.load_dataset():
        ink = [i for i, pixel in enumerate(x) if pixel == 1]
        assert {module}.pixel_sum_expanded(x) == len(ink)
        assert {module}.pixel_sum_vector(x) == len(ink)


def test_the_exercise_counts_the_core_of_a_zero():
    core, optional = dataset.DIGITS[0]  # the bare "0" has ink on its core alone
    assert {module}.numbers()["first_image_ink"] == len(core)
'''

INDEX_ITEM = "{marker} [{title}]({name}.md): a draft; say here in a few words what it covers."


# --- what is checked before anything is written ---------------------------------------------


def module_name(name: str) -> str:
    return name.replace("-", "_")


def check_name(name: str) -> None:
    if not KEBAB.fullmatch(name):
        raise ScaffoldError(
            f"bad name {name!r}: write it in kebab-case, lower-case words joined by hyphens, "
            "such as 'momentum' or 'weight-decay'"
        )
    module = module_name(name)
    if name == "index":
        raise ScaffoldError("bad name 'index': index.md is the chapter's opening page")
    if keyword.iskeyword(module):
        raise ScaffoldError(f"bad name {name!r}: {module} is a Python keyword, so no snippet can have it")
    if module in sys.stdlib_module_names or importlib.util.find_spec(module) is not None:
        raise ScaffoldError(
            f"bad name {name!r}: snippets/{module}.py would hide the module {module!r} "
            "that Python or the book already imports; choose another name"
        )


def title_of(name: str, title: str | None) -> str:
    if title is None:
        return name.replace("-", " ").capitalize()
    title = title.strip()
    if not title or "\n" in title:
        raise ScaffoldError("the title must be one non-empty line")
    return title


def nav_entry(title: str, page: str) -> str:
    """`Title: page` as YAML reads it back, quoted only when it must be."""
    import yaml

    plain = f"{title}: {page}"
    try:
        if yaml.safe_load(plain) == {title: page}:
            return plain
    except yaml.YAMLError:
        pass
    return f"{json.dumps(title, ensure_ascii=False)}: {page}"


def add_to_nav(text: str, chapter: str, page: str, title: str) -> tuple[str, str]:
    """mkdocs.yml with `page` after the last page of `chapter` in nav:, and the line added."""
    lines = text.splitlines(keepends=True)
    start = next((n for n, line in enumerate(lines) if line.rstrip() == "nav:"), None)
    if start is None:
        raise ScaffoldError("mkdocs.yml has no top-level 'nav:'")
    last = None
    for n in range(start + 1, len(lines)):
        line = lines[n]
        if line.strip() and not line[0].isspace() and not line.startswith(("-", "#")):
            break  # the next top-level key: the end of nav
        match = NAV_PAGE.match(line.rstrip("\n"))
        if match and match["page"].startswith(f"{chapter}/"):
            last = n, match["indent"]
    if last is None:
        raise ScaffoldError(f"mkdocs.yml: no page of chapter {chapter!r} in nav: to add the new one after")
    n, indent = last
    added = f"{indent}- {nav_entry(title, page)}"
    lines.insert(n + 1, added + "\n")
    return "".join(lines), added.strip()


def nav_pages(text: str) -> list[str]:
    """The pages of nav: in reading order, read as mkdocs reads mkdocs.yml."""
    from mkdocs.utils.yaml import yaml_load

    pages = []

    def walk(entry):
        if isinstance(entry, str):
            pages.append(entry)
        elif isinstance(entry, dict):
            for value in entry.values():
                walk(value)
        else:
            for item in entry:
                walk(item)

    walk(yaml_load(text)["nav"])
    return pages


def add_to_index(text: str, chapter: str, name: str, title: str, sections: list[str]) -> tuple[str, str]:
    """index.md with an item for the new section after the last item that links a section."""
    lines = text.splitlines(keepends=True)
    last = None
    for n, line in enumerate(lines):
        match = LIST_ITEM.match(line)
        links = re.findall(r"\]\(([\w-]+\.md)\)", line)
        if match and any(link in sections for link in links):
            last = n, match
    if last is None:
        raise ScaffoldError(
            f"docs/{chapter}/index.md has no list of its sections to add {name}.md to; "
            "tests/test_chapters.py expects one"
        )
    n, match = last
    end = n + 1
    while end < len(lines) and lines[end].strip() and lines[end][0].isspace():
        end += 1  # the item's continuation lines
    marker = match["marker"]
    if marker != "-":
        marker = f"{int(marker[:-1]) + 1}."
    item = match["indent"] + INDEX_ITEM.format(marker=marker, title=title, name=name)
    if not lines[end - 1].endswith("\n"):
        lines[end - 1] += "\n"
    lines.insert(end, item + "\n")
    return "".join(lines), item.strip()


def plan(chapter: str, name: str, title: str | None) -> tuple[dict[Path, str], list[tuple[str, str]]]:
    """Every file to write with its new text, and what to tell the author about each."""
    if chapter not in CHAPTERS:
        raise ScaffoldError(f"unknown chapter {chapter!r}: choose one of {', '.join(CHAPTERS)}")
    check_name(name)
    title = title_of(name, title)
    module = module_name(name)
    page = f"{chapter}/{name}.md"
    files = {
        ROOT / "docs" / page: "the page: title, opening, one formula pair, summary, one exercise",
        ROOT / "snippets" / f"{module}.py": "its code: the pair's check and the number the exercise quotes",
        ROOT / "tests" / f"test_{module}.py": "its test: the snippet's results computed another way",
    }
    for path in files:
        if path.exists():
            why = " (snippets/ is one folder for the whole book)" if path.parent.name == "snippets" else ""
            raise ScaffoldError(f"{path.relative_to(ROOT)} already exists{why}: choose another name")

    config = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    before = nav_pages(config)
    if page in before:
        raise ScaffoldError(f"mkdocs.yml already lists {page} in nav:")
    new_config, nav_line = add_to_nav(config, chapter, page, title)
    after = nav_pages(new_config)
    chapter_pages = [p for p in after if p.startswith(f"{chapter}/")]
    if chapter_pages[-1] != page or [p for p in after if p != page] != before:
        raise ScaffoldError(f"could not add {page} to the end of chapter {chapter!r} in nav:; add it by hand")

    writes = {
        ROOT / "docs" / page: PAGE.format(title=title, module=module),
        ROOT / "snippets" / f"{module}.py": SNIPPET.format(title=title, chapter=chapter, name=name, module=module),
        ROOT / "tests" / f"test_{module}.py": TEST.format(title=title, module=module),
        ROOT / "mkdocs.yml": new_config,
    }
    for path, text in writes.items():
        if path.suffix == ".py":
            try:
                with warnings.catch_warnings():
                    warnings.simplefilter("error")
                    compile(text, str(path), "exec")
            except (SyntaxError, SyntaxWarning) as error:
                raise ScaffoldError(f"the title {title!r} does not fit in Python source: {error}") from None
    report = [(str(path.relative_to(ROOT)), what) for path, what in files.items()]
    report.append(("mkdocs.yml", f"nav: {nav_line}, the last page of the chapter"))

    index = ROOT / "docs" / chapter / "index.md"
    if index.exists():
        sections = [Path(p).name for p in chapter_pages if not p.endswith("index.md") and p != page]
        new_index, item = add_to_index(index.read_text(encoding="utf-8"), chapter, name, title, sections)
        writes[index] = new_index
        report.append((f"docs/{chapter}/index.md", f"the list of sections: {item}"))
    return writes, report


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="new_section.py",
        description="Start a section of a chapter: a page, its snippet and its test, from the "
        "skeleton in CONTRIBUTING.md, listed last in the chapter's nav and index.md.",
        epilog="Example: make section CHAPTER=backprop NAME=momentum TITLE=\"Momentum\"",
    )
    parser.add_argument("chapter", help=f"the chapter's folder under docs/: {', '.join(CHAPTERS)}")
    parser.add_argument("name", help="the section's name in kebab-case, e.g. weight-decay: the page is "
                        "docs/<chapter>/weight-decay.md, the snippet snippets/weight_decay.py")
    parser.add_argument("--title", help="the page's title (default: from the name, 'Weight decay')")
    args = parser.parse_args(argv)
    try:
        writes, report = plan(args.chapter, args.name, args.title)
    except ScaffoldError as error:
        print(f"new_section.py: {error}", file=sys.stderr)
        return 2
    for path, text in writes.items():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")

    module, url = module_name(args.name), f"{args.chapter}/{args.name}/"
    width = max(len(path) for path, _ in report)
    print(f'Started the section "{title_of(args.name, args.title)}" in chapter {args.chapter}:')
    for path, what in report:
        print(f"  {path:<{width}}  {what}")
    print(f"""
Next:
  1. make serve, and read it at http://127.0.0.1:8000/{url}
  2. Replace the placeholders, the pixel sum included, with the section's own prose,
     formula pairs and checks, numbers and exercises (CONTRIBUTING.md says how); and
     describe the section in its item of the chapter's list.
  3. If it belongs elsewhere in the chapter, move its nav line and its item in the list
     together: the list follows the nav's order.
  4. Link to it from the section before, then run its tests and the skeleton's:
     .venv/bin/python -m pytest tests/test_{module}.py tests/test_chapters.py tests/test_pairs.py
     and `make test` before you open the pull request.""")
    return 0


if __name__ == "__main__":
    sys.exit(main())
