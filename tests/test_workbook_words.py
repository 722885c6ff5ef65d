"""The workbooks' words: one table per language (the `workbook:` section of
snippets/words-<language>.yml), the same keys, placeholders and headings in each; and the
build's rule that gives each edition its own workbook, zh/<file>, at the English address."""

import re
import string
import sys

import pytest
import yaml

from conftest import ROOT, SNIPPETS

import sheets

sys.path.insert(0, str(ROOT / "scripts" / "hooks"))
import snippet_runs  # noqa: E402

sys.path.insert(0, str(ROOT / "scripts"))
import run_snippet  # noqa: E402

LANGUAGES = ["en", "zh"]
HAN = re.compile(r"[\u4e00-\u9fff]")
# Excel refuses a sheet name longer than 31 characters, or with one of these.
NOT_IN_A_SHEET_NAME = re.compile(r"[\[\]:*?/\\]")


def table(language):
    return yaml.safe_load((SNIPPETS / f"words-{language}.yml").read_text(encoding="utf-8"))["workbook"]


def placeholders(text):
    return sorted({name for _, name, _, _ in string.Formatter().parse(text) if name})


def shape(words, path="workbook"):
    """{path: what must be the same in every language}: the keys, the length of each list,
    the placeholders of each string and whether a paragraph is a heading."""
    if isinstance(words, dict):
        out = {path: sorted(words)}
        for key, value in words.items():
            out.update(shape(value, f"{path}.{key}"))
        return out
    if isinstance(words, list):
        out = {path: len(words)}
        for i, value in enumerate(words):
            out.update(shape(value, f"{path}[{i}]"))
        return out
    assert isinstance(words, str), (path, words)
    return {path: (placeholders(words), words.startswith("# "))}


def test_the_languages_are_the_word_tables():
    assert sheets.LANGUAGES == LANGUAGES


@pytest.mark.parametrize("language", LANGUAGES[1:])
def test_every_table_has_the_english_keys_placeholders_and_headings(language):
    english, other = shape(table("en")), shape(table(language))
    assert set(other) == set(english), sorted(set(other) ^ set(english))
    differ = {path: (english[path], other[path]) for path in english if english[path] != other[path]}
    assert not differ, differ


@pytest.mark.parametrize("workbook", ["workbook", "cnn_workbook"])
def test_the_chinese_sheet_names_are_chinese_and_valid(workbook):
    english, chinese = sheets.words(workbook, "en")["sheets"], sheets.words(workbook, "zh")["sheets"]
    assert list(chinese) == list(english)
    names = list(chinese.values())
    assert len(set(names)) == len(names)
    for name in names:
        assert HAN.search(name) and not re.search(r"[A-Za-z]", name), name
        assert len(name) <= 31 and not NOT_IN_A_SHEET_NAME.search(name), name


@pytest.mark.parametrize("workbook", ["workbook", "cnn_workbook"])
def test_a_sheet_the_chinese_text_names_is_a_sheet(workbook):
    """The Chinese text names a sheet as “参数”工作表 (or “参数”“代价” in a list): each
    name in those quotes is one of the workbook's sheets, so a renamed sheet fails here."""
    words = sheets.words(workbook, "zh")
    text = "\n".join(s for s in _strings(words) if "工作表" in s)
    quoted = set(re.findall(r"“([^”]+)”(?=(?:和|、)?(?:“[^”]+”(?:和|、)?)*(?:三张|两张)?工作表)", text))
    assert quoted, text[:200]
    assert quoted <= set(words["sheets"].values()), quoted - set(words["sheets"].values())


def _strings(words):
    if isinstance(words, str):
        return [words]
    values = words.values() if isinstance(words, dict) else words
    return [s for value in values for s in _strings(value)]


def test_an_unknown_language_is_refused_with_the_languages_there_are():
    with pytest.raises(ValueError, match=r"'fr'.*en, zh"):
        sheets.words("workbook", "fr")


@pytest.mark.parametrize("name, written", [
    ("Data", "Data"), ("Parameters", "Parameters"), ("Read me", "'Read me'"),
    ("After the step", "'After the step'"), ("数据", "'数据'"), ("一步之后", "'一步之后'"),
    ("A1", "'A1'"), ("It's", "'It''s'"),
])
def test_a_sheet_name_is_quoted_unless_it_is_plain_ascii(name, written):
    assert sheets.quoted(name) == written


# --- each edition its own outputs ------------------------------------------------------------


def test_an_edition_takes_its_own_file_and_number_and_no_other_languages():
    run = snippet_runs.Run(
        snippet=SNIPPETS / "workbook.py",
        figures={"forward_sheet": "en.svg", "zh/forward_sheet": "zh.svg"},
        numbers={"kilobytes": 2804, "zh/kilobytes": 2886, "formulas": 111824, "fr/kilobytes": 1},
        downloads={"book.xlsx": "en.xlsx", "zh/book.xlsx": "zh.xlsx", "fr/book.xlsx": "fr.xlsx"})
    english, chinese = run.edition("en"), run.edition("zh")
    assert english.downloads == {"book.xlsx": "en.xlsx"}
    assert chinese.downloads == {"book.xlsx": "zh.xlsx"}
    assert english.numbers == {"kilobytes": 2804, "formulas": 111824}
    assert chinese.numbers == {"kilobytes": 2886, "formulas": 111824}
    assert chinese.figures == {"forward_sheet": "zh.svg"} and english.figures == {"forward_sheet": "en.svg"}


class Snippet:
    def __init__(self, files):
        self.files = files

    def downloads(self):
        return self.files


@pytest.mark.parametrize("files", [
    {"book.xlsx": b"en", "zh/book.xlsx": b"zh"},
])
def test_a_download_may_sit_in_one_folder(tmp_path, files):
    run_snippet.save_downloads(Snippet(files), tmp_path)
    assert (tmp_path / "downloads" / "zh" / "book.xlsx").read_bytes() == b"zh"
    run = snippet_runs.cached_run(SNIPPETS / "workbook.py", _finished(tmp_path))
    assert run.downloads.keys() == {"book.xlsx", "zh/book.xlsx"}


def _finished(folder):
    (folder / "numbers.json").write_text("{}")
    return folder


@pytest.mark.parametrize("name", ["zh/extra/book.xlsx", "../book.xlsx", "zh/../book.xlsx", "/book.xlsx",
                                  "zh/", ""])
def test_a_download_may_not_leave_its_folder(tmp_path, name):
    with pytest.raises(run_snippet.ContractError, match="plain file name"):
        run_snippet.save_downloads(Snippet({name: b"x"}), tmp_path)


def test_a_chinese_paragraph_gets_the_rows_its_wide_characters_need():
    """A Chinese character is about as wide as two Latin ones: the Read me counts it so, and
    gives each paragraph the lines it takes at 80 Latin characters to the line."""
    import io
    import math

    import openpyxl

    import dataset
    import parameters
    import vector
    import workbook

    assert sheets.width("数据 ab") == 2 * sheets.WIDE + 3 and sheets.width("w²₁₁ = W2[0, 0]") == 15
    xlsx = workbook.workbook(dataset.load_dataset(), vector.init_parameters(parameters.SEED),
                             parameters.ETA, parameters.DATA.name, parameters.SEED,
                             iterations=1, epochs=1, language="zh")
    ws = openpyxl.load_workbook(io.BytesIO(xlsx))["说明"]
    paragraphs = [(cell.row, cell.value) for cell in ws["A"][2:] if cell.value]
    assert len(paragraphs) == len(sheets.words("workbook", "zh")["read_me"])
    wider = 0
    for row, text in paragraphs:
        if ws.cell(row, 1).font.b:  # a heading
            continue
        lines = math.ceil(sheets.width(text) / sheets.READ_ME_WIDTH)
        wider += lines > math.ceil(len(text) / sheets.READ_ME_WIDTH)
        # XlsxWriter rounds a height to whole pixels
        assert ws.row_dimensions[row].height == pytest.approx(
            lines * sheets.WIDE_LINE_HEIGHT + 4, abs=1), text
    assert wider >= len(paragraphs) // 2  # most paragraphs need more lines than characters/80
