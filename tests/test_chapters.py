"""The curriculum's shape: every section of a chapter follows the skeleton in CONTRIBUTING.md.

A section page opens with its title, has a snippet of the same name, ends with a
summary and exercises, and gives each exercise a worked solution; each chapter's opening
page links to all of its sections in reading order. A failure names the page and line.
"""

import re
from pathlib import Path

import pytest
from conftest import ROOT, SNIPPETS, nav_pages

DOCS = ROOT / "docs"
CHAPTERS = ("thinking", "toolkit", "optimizing", "backprop", "convolution", "bridge")
NAV = list(nav_pages())
SECTIONS = [page for page in NAV if page.split("/")[0] in CHAPTERS and not page.endswith("index.md")]


def headings(path: Path) -> list[tuple[int, int, str]]:
    """(line, level, text) of each ATX heading outside fenced code."""
    found, fenced = [], False
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if line.lstrip().startswith(("```", "~~~")):
            fenced = not fenced
        elif not fenced and (match := re.match(r"(#{1,6}) (.+)", line)):
            found.append((number, len(match.group(1)), match.group(2).strip()))
    return found


def test_every_chapter_has_sections():
    for chapter in CHAPTERS:
        assert any(page.startswith(f"{chapter}/") for page in SECTIONS), f"chapter {chapter} has no section"


@pytest.mark.parametrize("page", SECTIONS)
def test_a_section_follows_the_skeleton(page):
    path = DOCS / page
    where = f"docs/{page}"
    found = headings(path)
    assert found and found[0][:2] == (1, 1), f"{where}:1: a section starts with its '# Title'"
    assert [level for _, level, _ in found].count(1) == 1, f"{where}: a section has one '# Title'"
    h2 = [(line, text) for line, level, text in found if level == 2]
    titles = [text for _, text in h2]
    assert "Summary" in titles, f"{where}: add a '## Summary' of two to four bullets"
    assert titles[-1] == "Exercises", (
        f"{where}:{h2[-1][0]}: a section ends with '## Exercises', not '## {titles[-1]}'")
    assert titles.index("Summary") == len(titles) - 2, f"{where}: '## Summary' comes just before '## Exercises'"


@pytest.mark.parametrize("page", SECTIONS)
def test_every_exercise_has_a_worked_solution(page):
    lines = (DOCS / page).read_text(encoding="utf-8").splitlines()
    start = next(n for n, line in enumerate(lines) if line.strip() == "## Exercises")
    items = [n for n in range(start, len(lines)) if re.match(r"\d+\. ", lines[n])]
    assert items, f"docs/{page}:{start + 1}: the exercises are a numbered list"
    for item, end in zip(items, items[1:] + [len(lines)]):
        assert any('??? success "Solution"' in line for line in lines[item:end]), (
            f'docs/{page}:{item + 1}: this exercise needs a collapsed ??? success "Solution" block')


@pytest.mark.parametrize("page", SECTIONS)
def test_a_section_has_a_snippet_of_the_same_name(page):
    snippet = SNIPPETS / f"{Path(page).stem.replace('-', '_')}.py"
    assert snippet.exists(), f"docs/{page}: its code, figures and checks go in snippets/{snippet.name}"


@pytest.mark.parametrize("chapter", [c for c in CHAPTERS if f"{c}/index.md" in NAV])
def test_a_chapter_opening_links_to_its_sections_in_order(chapter):
    items = [line for line in (DOCS / chapter / "index.md").read_text(encoding="utf-8").splitlines()
             if re.match(r"\s*(\d+\.|-) ", line)]  # the list of sections, not links in the prose
    linked = [link for line in items for link in re.findall(r"\]\(([\w-]+\.md)\)", line)]
    sections = [Path(page).name for page in SECTIONS if page.startswith(f"{chapter}/")]
    ordered = [link for link in dict.fromkeys(linked) if link in sections]
    assert ordered == sections, f"docs/{chapter}/index.md: list the sections in nav order: {sections}"


def test_no_page_is_left_unwritten():
    for path in sorted(DOCS.rglob("*.md")):
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            assert "This section is being written" not in line, f"{path.relative_to(ROOT)}:{number}: unwritten"


def test_a_link_named_after_a_page_goes_to_that_page():
    # "[Optimising the network](...)" is the chapter's opening, not one of its sections
    import posixpath
    named = {}
    for page, title in nav_pages().items():
        named[(DOCS / page).read_text(encoding="utf-8").splitlines()[0].removeprefix("# ").lower()] = page
        if title:
            named[title.lower()] = page
    for page in NAV:
        lines = (DOCS / page).read_text(encoding="utf-8").splitlines()
        for number, line in enumerate(lines, 1):
            for text, target in re.findall(r"\[([^\]]+)\]\(([\w./-]+\.md)(?:#[^)]*)?\)", line):
                goes = posixpath.normpath(posixpath.join(posixpath.dirname(page), target))
                if text.lower() in named:
                    assert goes == named[text.lower()], \
                        f"docs/{page}:{number}: '{text}' is docs/{named[text.lower()]}, not docs/{goes}"
