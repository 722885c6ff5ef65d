"""The glossary and the references: the table is well formed and sorted, every link goes to
a page of the book, and each term is used on the page it links to."""

import re

import pytest

from conftest import ROOT, nav_pages

DOCS = ROOT / "docs"
GLOSSARY = DOCS / "appendix" / "glossary.md"
REFERENCES = DOCS / "appendix" / "references.md"
ROW = re.compile(r"^\| (?P<en>[^|]+?) \| (?P<zh>[^|]+?) \| (?P<symbol>[^|]*?) \| "
                 r"\[(?P<title>[^\]]+)\]\(\.\./(?P<page>[^)]+)\) \|$")
CJK = re.compile(r"[\u4e00-\u9fff]")


def glossary_rows():
    lines = GLOSSARY.read_text(encoding="utf-8").splitlines()
    table = [line for line in lines if line.startswith("| ")][1:]  # without the header
    return table


def test_every_row_has_a_term_a_chinese_name_and_a_link():
    rows = glossary_rows()
    assert len(rows) >= 45
    for row in rows:
        match = ROW.match(row)
        assert match, f"malformed glossary row: {row}"
        assert CJK.search(match["zh"]) or "Σ" in match["zh"], row
        assert "#" not in match["page"], f"no anchors in the glossary: {row}"


def test_terms_are_sorted_alphabetically_and_appear_once():
    terms = [ROW.match(row)["en"] for row in glossary_rows()]
    assert terms == sorted(terms, key=str.lower)
    assert len({t.lower() for t in terms}) == len(terms)


def test_every_link_goes_to_a_page_in_the_nav_under_its_nav_title():
    pages = nav_pages()
    for row in glossary_rows():
        match = ROW.match(row)
        page = match["page"]
        assert page in pages, f"{page} is not in the nav of mkdocs.yml"
        assert (DOCS / page).is_file()
        title = pages[page] or (DOCS / page).read_text(encoding="utf-8").splitlines()[0][2:]
        assert match["title"] == title, f"{page} is called '{title}' in the book"


def plain(text):
    """Lower case, with hyphens and line breaks as spaces: "entry-by-entry" is "entry by entry"."""
    return " ".join(text.lower().replace("-", " ").split())


def prose(markdown):
    """A page's words: without its included code, its pairs' checks, the numbers the build
    writes in and link targets, whose names (`regression.py`, `{{ regression.Q }}`) are no
    use of a term."""
    markdown = re.sub(r"--8<-- \"[^\"]*\"|^\s*check: .*$", " ", markdown, flags=re.M)
    markdown = re.sub(r"\{\{.*?\}\}", " ", markdown)
    return re.sub(r"\]\([^)]*\)", "] ", markdown)


@pytest.mark.parametrize("row", glossary_rows(), ids=lambda row: ROW.match(row)["en"])
def test_each_term_is_used_on_the_page_it_links_to(row):
    match = ROW.match(row)
    text = plain(prose((DOCS / match["page"]).read_text(encoding="utf-8")))
    # the term before any bracket, or any of the names in the bracket
    names = [match["en"].split(" (")[0]] + re.findall(r"\(([^)]+)\)", match["en"])
    stems = [plain(name).rstrip("s") for name in names]
    assert any(stem in text for stem in stems), f"'{match['en']}' is not used on {match['page']}"


def test_references_link_to_pages_of_the_book_and_to_full_addresses():
    text = REFERENCES.read_text(encoding="utf-8")
    internal = re.findall(r"\]\((\.\./[^)#]+|[a-z-]+\.md)\)", text)
    assert internal
    for link in internal:
        assert (REFERENCES.parent / link).resolve().is_file(), link
    for address in re.findall(r"<(http[^>]+)>", text) + re.findall(r"\]\((http[^)]+)\)", text):
        assert re.fullmatch(r"https?://[\w.-]+(/[\w./%~-]*)?", address), address


def test_every_topic_the_book_cites_is_in_the_references():
    text = REFERENCES.read_text(encoding="utf-8")
    for cited in ("Dive into Deep Learning", "Nielsen", "Goodfellow", "Rumelhart", "涌井",
                  "Robbins", "Monro", "Linnainmaa", "Werbos", "Fukushima", "LeCun", "Riesenhuber", "Chellapilla",
                  "micrograd", "Cauchy", "Legendre", "Gauss", "MkDocs", "Material for MkDocs",
                  "pymdown-extensions", "mkdocs-jupyter", "NumPy", "Matplotlib", "MathJax",
                  "XlsxWriter"):
        assert cited in text, cited
