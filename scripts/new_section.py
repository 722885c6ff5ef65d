"""Start a new section of a chapter from the skeleton in CONTRIBUTING.md, in both editions.

    make section CHAPTER=backprop NAME=momentum TITLE="Momentum" TITLE_ZH="动量"
    .venv/bin/python scripts/new_section.py backprop momentum --title "Momentum" --title-zh "动量"

writes a draft that already passes the build and every test, so that an author starts
from a page that works and replaces its placeholders one at a time:

    docs/<chapter>/<name>.md      the page: title, opening, one formula pair, summary, one exercise
    docs/zh/<chapter>/<name>.md   its Chinese page: the same skeleton, with nothing drifted
    snippets/<name>.py            its code: the pair's check and the number the exercise quotes
    tests/test_<name>.py          a test that computes the snippet's results another way

and adds the page as the last section of its chapter in both editions: a line at the end
of the chapter's block in `nav:` of mkdocs.yml and of mkdocs.zh.yml (the rest of each file
is left as it is, comments included; the Chinese nav lists paths without titles) and an
item at the end of the list of sections in docs/<chapter>/index.md and in
docs/zh/<chapter>/index.md. The Chinese page differs from the English one in its words
only, as scripts/editions.py checks; without --title-zh its title is the English one in
《》, to be translated. In the file names of the snippet and the test, the name's hyphens
become underscores. Nothing is written unless all of it can be.
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
ZH = "zh"  # the Chinese edition: its pages in docs/zh/, its nav in mkdocs.zh.yml
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

# The same page in Chinese: only the words differ, so that scripts/editions.py finds no drift.
PAGE_ZH = """\
# {title}

*草稿。*本页由 `make section` 生成，只有一节的骨架：把这一段换成简短的开场白，说明本节讲什么、读者读完之后能做什么。

## 一个公式对

本书的每个公式都写两遍，一遍逐项展开，一遍写成向量形式；`snippets/{module}.py` 中的检验证明两侧一致。下面这个例子是图像 $\\mathbf{{x}}$ 的墨迹像素个数，它暂时代替本节自己的公式：

/// pair | 一张图像的墨迹像素个数
    check: {module}.pixel_sum
//// expanded
$$x_1 + x_2 + \\cdots + x_{{12}}$$
////
//// vector
$$\\mathbf{{1}}^\\mathsf{{T}} \\mathbf{{x}}$$
////
///

页面上的代码都从代码片段中嵌入，从不直接粘贴：

```python
--8<-- "{module}.py:pixel_sum"
```

## 小结

- 把这几条换成两到四条，说明本节讲明了什么。
- 每个公式旁边都写着它的向量形式，代码片段中的检验证明二者一致。

## 练习

1. 训练集的第一张图像，即可选像素全都空白的“0”，有多少个墨迹像素？用公式对的展开形式一侧数一数。

    ??? success "解答"
        它的墨迹像素是 $x_4$、$x_6$、$x_7$、$x_9$ 和 $x_{{11}}$，共 {{{{ {module}.first_image_ink:g }}}} 个。解答引用的每个数都来自代码片段中的 `numbers()`，本节的测试会用另一种方法再算一遍。
"""

INDEX_ITEM = "{marker} [{title}]({name}.md): a draft; say here in a few words what it covers."
INDEX_ITEM_ZH = "{marker} [{title}]({name}.md)：草稿；请在这里用几句话说明它讲什么。"


# --- what is checked before anything is written ---------------------------------------------


def drift_checks():
    """scripts/hooks/drift.py, the checks that hold a Chinese page to its English page.

    Loaded by path: scripts/hooks/ on sys.path would make check_name() take its modules
    for the book's, and hide the mathjax package behind mathjax.py."""
    spec = importlib.util.spec_from_file_location("drift", ROOT / "scripts" / "hooks" / "drift.py")
    drift = sys.modules["drift"] = importlib.util.module_from_spec(spec)  # for its dataclasses
    spec.loader.exec_module(drift)
    return drift


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
    return one_line(title, "the title")


def title_zh_of(title: str, title_zh: str | None) -> str:
    """The Chinese title: the one given, or the English title in 《》 until it is translated."""
    if title_zh is None:
        return f"《{title}》"
    return one_line(title_zh, "the Chinese title")


def one_line(title: str, what: str) -> str:
    title = title.strip()
    if not title or "\n" in title:
        raise ScaffoldError(f"{what} must be one non-empty line")
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


def add_to_nav(text: str, config: str, chapter: str, entry: str) -> tuple[str, str]:
    """The config with `entry` after the last page of `chapter` in its nav:, and the line added."""
    lines = text.splitlines(keepends=True)
    start = next((n for n, line in enumerate(lines) if line.rstrip() == "nav:"), None)
    if start is None:
        raise ScaffoldError(f"{config} has no top-level 'nav:'")
    last = None
    for n in range(start + 1, len(lines)):
        line = lines[n]
        if line.strip() and not line[0].isspace() and not line.startswith(("-", "#")):
            break  # the next top-level key: the end of nav
        match = NAV_PAGE.match(line.rstrip("\n"))
        if match and match["page"].startswith(f"{chapter}/"):
            last = n, match["indent"]
    if last is None:
        raise ScaffoldError(f"{config}: no page of chapter {chapter!r} in nav: to add the new one after")
    n, indent = last
    added = f"{indent}- {entry}"
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


def add_page_to_nav(config: str, chapter: str, page: str, entry: str) -> tuple[str, str, list[str]]:
    """The config's new text with `page` last in its chapter, the line added, and the chapter's pages."""
    path = ROOT / config
    if not path.exists():
        raise ScaffoldError(f"{config} is missing: the book's nav lives there")
    text = path.read_text(encoding="utf-8")
    before = nav_pages(text)
    if page in before:
        raise ScaffoldError(f"{config} already lists {page} in nav:")
    new_text, nav_line = add_to_nav(text, config, chapter, entry)
    after = nav_pages(new_text)
    chapter_pages = [p for p in after if p.startswith(f"{chapter}/")]
    if chapter_pages[-1] != page or [p for p in after if p != page] != before:
        raise ScaffoldError(f"could not add {page} to the end of chapter {chapter!r} in nav: of {config}; "
                            "add it by hand")
    return new_text, nav_line, chapter_pages


def add_to_index(text: str, shown: str, name: str, item_text: str, sections: list[str]) -> tuple[str, str]:
    """index.md with an item for the new section after the last item that links a section.

    `shown` is the index's path for messages; `item_text` is INDEX_ITEM or INDEX_ITEM_ZH with
    its title in place, and {marker} still to fill."""
    lines = text.splitlines(keepends=True)
    last = None
    for n, line in enumerate(lines):
        match = LIST_ITEM.match(line)
        links = re.findall(r"\]\(([\w-]+\.md)\)", line)
        if match and any(link in sections for link in links):
            last = n, match
    if last is None:
        raise ScaffoldError(
            f"{shown} has no list of its sections to add {name}.md to; tests/test_chapters.py expects one"
        )
    n, match = last
    end = n + 1
    while end < len(lines) and lines[end].strip() and lines[end][0].isspace():
        end += 1  # the item's continuation lines
    marker = match["marker"]
    if marker != "-":
        marker = f"{int(marker[:-1]) + 1}."
    item = match["indent"] + item_text.replace("{marker}", marker, 1)
    if not lines[end - 1].endswith("\n"):
        lines[end - 1] += "\n"
    lines.insert(end, item + "\n")
    return "".join(lines), item.strip()


def plan(chapter: str, name: str, title: str | None,
         title_zh: str | None = None) -> tuple[dict[Path, str], list[tuple[str, str]]]:
    """Every file to write with its new text, and what to tell the author about each."""
    if chapter not in CHAPTERS:
        raise ScaffoldError(f"unknown chapter {chapter!r}: choose one of {', '.join(CHAPTERS)}")
    check_name(name)
    title = title_of(name, title)
    title_zh = title_zh_of(title, title_zh)
    module = module_name(name)
    page = f"{chapter}/{name}.md"
    files = {
        ROOT / "docs" / page: "the page: title, opening, one formula pair, summary, one exercise",
        ROOT / "docs" / ZH / page: "its Chinese page: the same skeleton, the words translated",
        ROOT / "snippets" / f"{module}.py": "its code: the pair's check and the number the exercise quotes",
        ROOT / "tests" / f"test_{module}.py": "its test: the snippet's results computed another way",
    }
    for path in files:
        if path.exists():
            why = " (snippets/ is one folder for the whole book)" if path.parent.name == "snippets" else ""
            raise ScaffoldError(f"{path.relative_to(ROOT)} already exists{why}: choose another name")

    new_config, nav_line, chapter_pages = add_page_to_nav("mkdocs.yml", chapter, page, nav_entry(title, page))
    new_config_zh, nav_line_zh, chapter_pages_zh = add_page_to_nav(f"mkdocs.{ZH}.yml", chapter, page, page)

    writes = {
        ROOT / "docs" / page: PAGE.format(title=title, module=module),
        ROOT / "docs" / ZH / page: PAGE_ZH.format(title=title_zh, module=module),
        ROOT / "snippets" / f"{module}.py": SNIPPET.format(title=title, chapter=chapter, name=name, module=module),
        ROOT / "tests" / f"test_{module}.py": TEST.format(title=title, module=module),
        ROOT / "mkdocs.yml": new_config,
        ROOT / f"mkdocs.{ZH}.yml": new_config_zh,
    }
    for path, text in writes.items():
        if path.suffix == ".py":
            try:
                with warnings.catch_warnings():
                    warnings.simplefilter("error")
                    compile(text, str(path), "exec")
            except (SyntaxError, SyntaxWarning) as error:
                raise ScaffoldError(f"the title {title!r} does not fit in Python source: {error}") from None
    # The titles are the only words the two pages do not share: the Chinese one must keep the
    # English one's formulas and numbers and use the glossary's words for its terms.
    drift = drift_checks()
    drifted = drift.compare(f"docs/{page}", writes[ROOT / "docs" / page], f"docs/{ZH}/{page}",
                            writes[ROOT / "docs" / ZH / page], drift.glossary(ROOT / "docs"))
    if drifted:
        raise ScaffoldError(f"the Chinese title {title_zh!r} would make docs/{ZH}/{page} drift from "
                            f"docs/{page}, titled {title!r}:\n  " + "\n  ".join(drifted))
    report = [(str(path.relative_to(ROOT)), what) for path, what in files.items()]
    report.append(("mkdocs.yml", f"nav: {nav_line}, the last page of the chapter"))
    report.append((f"mkdocs.{ZH}.yml", f"nav: {nav_line_zh}, the last page of the chapter"))

    for folder, pages, item in (("docs", chapter_pages, INDEX_ITEM), (f"docs/{ZH}", chapter_pages_zh, INDEX_ITEM_ZH)):
        index = ROOT / folder / chapter / "index.md"
        if index.exists():
            shown = f"{folder}/{chapter}/index.md"
            sections = [Path(p).name for p in pages if not p.endswith("index.md") and p != page]
            text = item.format(marker="{marker}", title=title if item is INDEX_ITEM else title_zh, name=name)
            writes[index], added = add_to_index(index.read_text(encoding="utf-8"), shown, name, text, sections)
            report.append((shown, f"the list of sections: {added}"))
    return writes, report


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="new_section.py",
        description="Start a section of a chapter in both editions: a page and its Chinese page, "
        "its snippet and its test, from the skeleton in CONTRIBUTING.md, listed last in the chapter's "
        "nav (mkdocs.yml, mkdocs.zh.yml) and index.md (docs/ and docs/zh/).",
        epilog="Example: make section CHAPTER=backprop NAME=momentum TITLE=\"Momentum\" TITLE_ZH=\"动量\"",
    )
    parser.add_argument("chapter", help=f"the chapter's folder under docs/: {', '.join(CHAPTERS)}")
    parser.add_argument("name", help="the section's name in kebab-case, e.g. weight-decay: the page is "
                        "docs/<chapter>/weight-decay.md, the snippet snippets/weight_decay.py")
    parser.add_argument("--title", help="the page's title (default: from the name, 'Weight decay')")
    parser.add_argument("--title-zh", help="the Chinese page's title, e.g. 权重衰减 (default: the English "
                        "title in 《》, to be translated)")
    args = parser.parse_args(argv)
    try:
        writes, report = plan(args.chapter, args.name, args.title, args.title_zh)
    except ScaffoldError as error:
        print(f"new_section.py: {error}", file=sys.stderr)
        return 2
    for path, text in writes.items():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")

    module, url = module_name(args.name), f"{args.chapter}/{args.name}/"
    title = title_of(args.name, args.title)
    title_zh = title_zh_of(title, args.title_zh)
    page_zh = f"docs/{ZH}/{args.chapter}/{args.name}.md"
    width = max(len(path) for path, _ in report)
    print(f'Started the section "{title}" ({title_zh}) in chapter {args.chapter}:')
    for path, what in report:
        print(f"  {path:<{width}}  {what}")
    untranslated = "" if args.title_zh else f"""
     Its title {title_zh} is still the English one: translate it on the page and in
     the chapter's Chinese list, docs/{ZH}/{args.chapter}/index.md."""
    print(f"""
Next:
  1. make serve, and read it at http://127.0.0.1:8000/{url}
     and in Chinese at http://127.0.0.1:8000/{ZH}/{url}
  2. Replace the placeholders, the pixel sum included, with the section's own prose,
     formula pairs and checks, numbers and exercises (CONTRIBUTING.md says how); and
     describe the section in its item of the chapter's list.
  3. Carry each change over to {page_zh}: its words in Chinese, and its
     formulas, numbers, pairs, includes, headings and exercises as in English
     (CONTRIBUTING.md, "Translations"). `.venv/bin/python scripts/editions.py {page_zh}`
     lists what still differs.{untranslated}
  4. If it belongs elsewhere in the chapter, move its nav line and its item in the list
     together, in both editions: each list follows its nav's order.
  5. Link to it from the section before, then run its tests and the skeleton's:
     .venv/bin/python -m pytest tests/test_{module}.py tests/test_chapters.py tests/test_pairs.py
     and `make test` before you open the pull request.""")
    return 0


if __name__ == "__main__":
    sys.exit(main())
