"""The English and the Chinese edition: one source, and the build fails when they drift.

The drift checks (scripts/hooks/drift.py) compare each Chinese page with its English page;
each planted difference below must be found, with both files and lines. Then the built
site: every page in both editions, the language switch to the same page and section, the
same anchors, and Chinese search in a real browser.
"""

import json
import re
import shutil
import sys

import importlib.util

import pytest
from bs4 import BeautifulSoup

from conftest import ROOT, mkdocs_build

# Loaded by path: scripts/hooks/ on sys.path would hide the mathjax package (mathjax.py).
_spec = importlib.util.spec_from_file_location("drift", ROOT / "scripts" / "hooks" / "drift.py")
drift = sys.modules["drift"] = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(drift)

PAGE = "optimizing/cost.md"  # pairs, numbers, a figure, includes, exercises and solutions
ENGLISH = (ROOT / "docs" / PAGE).read_text(encoding="utf-8")
CHINESE = (ROOT / "docs" / "zh" / PAGE).read_text(encoding="utf-8")
TERMS = drift.glossary(ROOT / "docs")
BOTH_FILES = re.compile(rf"^docs/zh/{re.escape(PAGE)}:\d+: .+ \(English: docs/{re.escape(PAGE)}:\d+\)$")


def differences(chinese: str) -> list[str]:
    return drift.compare(f"docs/{PAGE}", ENGLISH, f"docs/zh/{PAGE}", chinese, TERMS)


def test_the_editions_have_not_drifted():
    assert drift.check(ROOT, "zh") == []


def test_the_page_of_the_planted_differences_has_none_of_its_own():
    assert differences(CHINESE) == []


def replace_first(old: str, new: str):
    def plant(text: str) -> str:
        assert old in text, old
        return text.replace(old, new, 1)
    return plant


def replace_all(old: str, new: str):
    def plant(text: str) -> str:
        assert old in text, old
        return text.replace(old, new)
    return plant


def drop_line(pattern: str):
    def plant(text: str) -> str:
        lines = text.split("\n")
        at = next(i for i, line in enumerate(lines) if re.search(pattern, line))
        return "\n".join(lines[:at] + lines[at + 1:])
    return plant


PLANTED = {
    "a pair checked by another function": (replace_first("check: cost.cost_slope", "check: cost.cost"),
                                            "pair check 2 is 'cost.cost'"),
    "a number left out": (replace_all("{{ cost.start_correct }}", "14"), "the number {{ cost.start_correct }} is missing"),
    "a number the English page has not": (replace_first("{{ cost.start:.3f }}", "{{ cost.startt:.3f }}"),
                                          "is not on the English page"),
    "a display formula changed": (replace_first("\\tfrac12 \\left[", "\\tfrac13 \\left["), "display formula"),
    "an inline formula added": (replace_first("$C_T$", "$C_{T,2}$"), "the inline formula $C_{T,2}$ is not on the English page"),
    "a figure changed": (replace_first("../figures/cost/per_image.svg", "../figures/cost/per_image_old.svg"), "figure 1 is"),
    "an include changed": (replace_first('--8<-- "cost.py:cost_slope"', '--8<-- "cost.py:cost"'), "include 2 is"),
    "a solution left out": (drop_line(r'^\s*\?\?\? success "解答"'), "admonition"),
    "a heading left out": (drop_line(r"^## 训练前与训练后"), "heading"),
    "an exercise left out": (drop_line(r"^2\. "), "exercises, the English page has"),
    "a term against the glossary": (replace_all("代价函数", "损失量"), "the glossary's 'cost function'"),
}


@pytest.mark.parametrize("planted", PLANTED, ids=list(PLANTED))
def test_a_planted_difference_is_found_with_both_files(planted):
    plant, expected = PLANTED[planted]
    found = differences(plant(CHINESE))
    assert any(expected in problem for problem in found), found
    assert all(BOTH_FILES.match(problem) for problem in found), found


def test_the_words_of_text_and_of_blocks_may_change_and_nothing_else():
    """A translation rewords the prose, a pair's title and a solution's title; no difference."""
    reworded = CHINESE.replace("代价函数", "代价函数（也就是损失函数）", 1)
    reworded = re.sub(r"^/// pair \| (.*)$", r"/// pair | \1（改写）", reworded, count=1, flags=re.M)
    assert differences(reworded) == []


def test_an_english_page_without_its_translation_and_a_lesson_without_its_text(tmp_path):
    for part in ("docs", "snippets"):
        shutil.copytree(ROOT / part, tmp_path / part)
    (tmp_path / "docs/zh/toolkit/functions.md").unlink()
    (tmp_path / "docs/zh/lessons/neuron.md").unlink()
    (tmp_path / "docs/zh/toolkit/extra.md").write_text("# 多余的一页\n", encoding="utf-8")
    found = drift.check(tmp_path, "zh")
    assert "docs/zh/toolkit/functions.md: missing: the English page docs/toolkit/functions.md has no translation" in found
    assert "docs/zh/lessons/neuron.md: missing: the lesson snippets/neuron.py has no translation" in found
    assert "docs/zh/toolkit/extra.md:1: no English page docs/toolkit/extra.md for this page" in found


def test_a_lesson_and_its_translation_have_the_same_cells(tmp_path):
    """Two cells of a lesson's translation run together: the lesson's cells no longer match."""
    cells = drift.translated_cells((ROOT / "docs/zh/lessons/neuron.md").read_text(encoding="utf-8"))
    english = drift.lesson_cells((ROOT / "snippets/neuron.py").read_text(encoding="utf-8"))
    assert len(cells) == len(english)
    shutil.copytree(ROOT / "snippets", tmp_path / "snippets")
    merged = tmp_path / "docs/zh/lessons/neuron.md"
    merged.parent.mkdir(parents=True)
    merged.write_text(f"\n\n{drift.CELL}\n\n".join([cells[0] + "\n\n" + cells[1], *cells[2:]]), encoding="utf-8")
    found = drift.compare_lesson(tmp_path / "snippets/neuron.py", merged, tmp_path, TERMS)
    assert found == [f"docs/zh/lessons/neuron.md:1: {len(cells) - 1} cells (separated by '{drift.CELL}'), "
                     f"the lesson snippets/neuron.py has {len(cells)} Markdown cells"]


def test_a_drifted_page_fails_the_build_naming_both_files(book_copy, tmp_path):
    page = book_copy / "docs/zh" / PAGE
    page.write_text(PLANTED["an include changed"][0](page.read_text(encoding="utf-8")), encoding="utf-8")
    result = mkdocs_build(book_copy, tmp_path / "site")
    output = result.stdout + result.stderr
    assert result.returncode != 0
    assert "the zh edition has drifted from the English one" in output
    assert re.search(rf"docs/zh/{re.escape(PAGE)}:\d+: include 2 is .+\(English: docs/{re.escape(PAGE)}:\d+\)", output)


# --- the built site ---------------------------------------------------------------------


def pages(site) -> list[str]:
    """The English edition's pages, as paths from the site's root ("" is the home page)."""
    return sorted(
        "" if index.parent == site else f"{index.parent.relative_to(site).as_posix()}/"
        for index in site.rglob("index.html")
        if index.relative_to(site).parts[0] != "zh"
    )


def test_every_page_is_in_both_editions(built_site):
    english = pages(built_site)
    assert len(english) > 50
    assert [path for path in english if not (built_site / "zh" / path / "index.html").exists()] == []
    html = (built_site / "zh" / "index.html").read_text(encoding="utf-8")
    assert '<html lang="zh"' in html and "四十七个参数" in html


def switch_targets(site, path: str) -> dict[str, str]:
    """Where each entry of a page's language switch leads, as a path from the site's root."""
    soup = BeautifulSoup((site / path / "index.html").read_text(encoding="utf-8"), "html.parser")
    targets = {}
    for link in soup.select("a.md-select__link[hreflang]"):
        target = (site / path / link["href"]).resolve()
        targets[link["hreflang"]] = "" if target == site.resolve() else f"{target.relative_to(site.resolve()).as_posix()}/"
    return targets


def test_the_language_switch_leads_to_the_same_page(built_site):
    wrong = []
    for path in pages(built_site):
        for here in (path, f"zh/{path}"):
            targets = switch_targets(built_site, here)
            if targets != {"en": path, "zh": f"zh/{path}"}:
                wrong.append(f"{here or '/'}: {targets}")
    assert wrong == []


def heading_ids(site, path: str) -> list[str]:
    soup = BeautifulSoup((site / path / "index.html").read_text(encoding="utf-8"), "html.parser")
    return [h.get("id") for h in soup.select("article h1, article h2, article h3, article h4")]


def test_a_section_has_the_same_anchor_in_both_editions(built_site):
    markdown_pages = [p for p in pages(built_site) if not p.startswith(("lessons/", "search/"))]
    differ = {p: (heading_ids(built_site, p), heading_ids(built_site, f"zh/{p}"))
              for p in markdown_pages if heading_ids(built_site, p) != heading_ids(built_site, f"zh/{p}")}
    assert differ == {}
    assert "the-cost-of-one-image" in heading_ids(built_site, "zh/optimizing/cost/")


@pytest.mark.browser
def test_the_switch_keeps_the_section_the_reader_is_in(tab):
    opened = tab()
    opened.open("optimizing/cost/#before-and-after-training")
    page = opened.page
    page.locator(".md-header__option .md-select").hover()
    page.locator('a.md-select__link[hreflang="zh"]').click()
    page.wait_for_url(re.compile(r"/zh/optimizing/cost/#before-and-after-training$"))
    assert page.locator("h2#before-and-after-training").inner_text().startswith("训练前与训练后")
    page.locator(".md-header__option .md-select").hover()
    page.locator('a.md-select__link[hreflang="en"]').click()
    page.wait_for_url(re.compile(r"/optimizing/cost/#before-and-after-training$"))
    assert opened.problems == []


SEARCHES = {  # what a reader types, and a page that must be among the first results
    "反向传播": "zh/backprop/",
    "梯度下降": "zh/toolkit/gradient-descent/",
    "链式法则": "zh/toolkit/chain-rule/",
    "47 个参数": "zh/thinking/learning/",
}


@pytest.mark.browser
@pytest.mark.parametrize("query", SEARCHES)
def test_chinese_search_finds_the_page(tab, query):
    opened = tab()
    opened.open("zh/")
    page = opened.page
    page.keyboard.press("/")  # Material's shortcut to the search box
    box = page.locator(".md-search__input")
    box.press_sequentially(query, delay=20)
    box.press("End")  # a key press after the last character: Material searches on keyup
    results = page.locator(".md-search-result__item > a")
    results.first.wait_for()
    found = [opened.origin + SEARCHES[query] == href.split("#")[0] for href in
             results.evaluate_all("links => links.slice(0, 5).map((a) => a.href)")]
    assert any(found), results.evaluate_all("links => links.slice(0, 5).map((a) => a.href)")
    assert opened.problems == []


def test_search_indexes_the_chinese_words_as_words(built_site):
    """jieba cut the text at word boundaries (zero-width spaces): 反向传播 is one word."""
    index = json.loads((built_site / "zh" / "search" / "search_index.json").read_text(encoding="utf-8"))
    assert "\\u200b" in index["config"]["separator"]  # the regex splits at them
    backprop = next(doc for doc in index["docs"] if doc["location"] == "backprop/")
    assert "\u200b反向传播\u200b" in backprop["text"]


def test_the_glossary_has_the_same_rows_in_both_editions():
    english = (ROOT / "docs/appendix/glossary.md").read_text(encoding="utf-8")
    chinese = (ROOT / "docs/zh/appendix/glossary.md").read_text(encoding="utf-8")
    assert drift.compare_glossary("docs/appendix/glossary.md", english, "docs/zh/appendix/glossary.md", chinese) == []
    found = drift.compare_glossary("docs/appendix/glossary.md", english, "docs/zh/appendix/glossary.md",
                                   chinese.replace("| 链式法则 |", "| 连锁法则 |"))
    assert len(found) == 1 and re.match(r"docs/zh/appendix/glossary\.md:\d+: the glossary's row chain rule \| 连锁法则", found[0])
