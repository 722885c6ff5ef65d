"""The CNN workbook: snippets/cnn_workbook.py writes the convolutional network of chapter 5
in live formulas, and LibreOffice computing them gets what numpy (cnn_vector.py) gets.

Before LibreOffice opens the file, the value stored with every formula is overwritten with
-999 (spreadsheets.poisoned), so a cell that LibreOffice did not recompute cannot match. The
Chinese workbook (--language zh), whose sheets have Chinese names, is recalculated too.
"""

import html
import io
import re
import subprocess
import sys
import zipfile

import numpy as np
import openpyxl
import pytest

from conftest import ROOT, SNIPPETS
from spreadsheets import english_left, pdf_pages, poisoned, recalculate, texts

import cnn_dataset
import cnn_parameters
import cnn_vector
import cnn_workbook
import sheets

SCRIPT = SNIPPETS / "cnn_workbook.py"
SHEETS = ["Read me", "Data", "Parameters", "Forward", "Backprop", "Step", "After the step"]
SHEETS_ZH = ["说明", "数据", "参数", "前向传播", "反向传播", "一步", "一步之后"]
WORDS = {language: sheets.words("cnn_workbook", language) for language in ("en", "zh")}
REL = 1e-9
SEED = 3   # a second start, made through the command line


def run(*args, cwd=ROOT):
    return subprocess.run([sys.executable, str(SCRIPT), *args], cwd=cwd,
                          capture_output=True, text=True, timeout=120)


@pytest.fixture(scope="module")
def book_xlsx():
    return cnn_workbook.book_workbook()


@pytest.fixture(scope="module")
def book_wb(book_xlsx):
    return openpyxl.load_workbook(io.BytesIO(book_xlsx))


@pytest.fixture(scope="module")
def book_xlsx_zh():
    return cnn_workbook.book_workbook("zh")


@pytest.fixture(scope="module")
def book_wb_zh(book_xlsx_zh):
    return openpyxl.load_workbook(io.BytesIO(book_xlsx_zh))


@pytest.fixture(scope="module")
def images():
    return cnn_dataset.load_dataset(cnn_parameters.DATA)


@pytest.fixture(scope="module")
def custom(tmp_path_factory):
    """The workbook of another seed and eta, written by the command line."""
    folder = tmp_path_factory.mktemp("custom")
    result = run("--seed", str(SEED), "--eta", "0.7", "--out", "mine.xlsx", cwd=folder)
    assert result.returncode == 0, result.stderr
    assert "wrote mine.xlsx: 96 images" in result.stdout
    return (folder / "mine.xlsx").read_bytes()


@pytest.fixture(scope="module")
def recalculated(tmp_path_factory, book_xlsx, book_xlsx_zh, custom):
    """The workbooks, poisoned, then recalculated and saved by LibreOffice in one run: the
    book's in English and in Chinese, another start's, and one with a pixel changed."""
    folder = tmp_path_factory.mktemp("libreoffice")
    return recalculate(folder, {"book": poisoned(book_xlsx), "book_zh": poisoned(book_xlsx_zh),
                                "mine": poisoned(custom), "changed": changed_pixel(book_xlsx)})


CHANGED = 14   # x_3_3 of image 1, in column C + 14 of Data


def changed_pixel(book_xlsx):
    """The book's workbook with one pixel of image 1 typed over, as a reader would; openpyxl
    stores no values with the formulas, so LibreOffice must compute every one."""
    wb = openpyxl.load_workbook(io.BytesIO(book_xlsx))
    assert columns(wb["Data"])["x_3_3"] == "Q"
    wb["Data"]["Q2"] = 1 - wb["Data"]["Q2"].value
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


# --- what numpy says the cells hold ------------------------------------------------------------

POSITIONS = [(i, j) for i in range(1, 5) for j in range(1, 5)]
POOLS = [(i, j) for i in range(1, 3) for j in range(1, 3)]


def columns(ws):
    """{header text: column letter} of a sheet's first row."""
    return {cell.value: cell.column_letter for cell in ws[1] if isinstance(cell.value, str)}


def per_image(params, X, T):
    """{header: numpy's column over the images}, for every column of Forward and Backprop."""
    ZF, AF, AP, ZO, AO = cnn_vector.forward(params, X)
    DeltaF, DeltaP, DeltaO = cnn_vector.deltas(params, AF, AO, T)
    win = cnn_vector.blocks(AF).argmax(axis=-1) + 1   # the first largest: 1..4, reading order
    forward, backprop = {"C": 0.5 * ((T - AO) ** 2).sum(axis=1)}, {}
    for k in range(3):
        for i, j in POSITIONS:
            unit = f"{k + 1}_{i}_{j}"
            forward["zF_" + unit], forward["aF_" + unit] = ZF[:, k, i - 1, j - 1], AF[:, k, i - 1, j - 1]
            backprop["deltaF_" + unit] = DeltaF[:, k, i - 1, j - 1]
        for i, j in POOLS:
            forward[f"aP_{k + 1}_{i}_{j}"] = AP[:, 4 * k + 2 * (i - 1) + j - 1]
            backprop[f"win_{k + 1}_{i}_{j}"] = win[:, k, i - 1, j - 1]
            backprop[f"deltaP_{k + 1}_{i}_{j}"] = DeltaP[:, k, i - 1, j - 1]
    for d in range(3):
        forward[f"zO_{d + 1}"], forward[f"aO_{d + 1}"] = ZO[:, d], AO[:, d]
        backprop[f"deltaO_{d + 1}"] = DeltaO[:, d]
    return forward, backprop


def named(wb, name):
    """(sheet, cell) a defined name points at: wF_1_1_1 -> ("Parameters", "B5")"""
    sheet, cell = next(iter(wb.defined_names[name].destinations))
    return sheet, cell.replace("$", "")


def expected(formulas_wb, images, params, eta, words=WORDS["en"]):
    """{(sheet, cell): value} for every computed cell, from cnn_vector.py alone; the sheets
    are found by their names in `words`."""
    X, T = cnn_dataset.to_arrays(images)
    grads = cnn_vector.gradients(params, X, T)
    stepped = cnn_vector.step(params, grads, eta)
    name = words["sheets"]
    want = {}
    for sheet, p in ((name["forward"], params), (name["after"], stepped)):
        forward, backprop = per_image(p, X, T)
        where = columns(formulas_wb[sheet])
        for header, values in forward.items():
            for n, value in enumerate(values):
                want[sheet, f"{where[header]}{n + 2}"] = value
        want[sheet, f"{where['C_T']}2"] = cnn_vector.total_cost(p, X, T)
    where = columns(formulas_wb[name["backprop"]])
    for header, values in per_image(params, X, T)[1].items():
        for n, value in enumerate(values):
            want[name["backprop"], f"{where[header]}{n + 2}"] = value
    names = [code for symbol, code in cnn_parameters.names()]   # WF[0, 0, 0], ...
    assert len(names) == 69
    workbook_names = list(cnn_workbook.parameter_cells())       # wF_1_1_1, ...
    for parameter, g, s in zip(workbook_names, cnn_vector.theta_vector(grads),
                               cnn_vector.theta_vector(stepped)):
        want[named(formulas_wb, "d" + parameter)] = g
        sheet, cell = named(formulas_wb, parameter)
        assert sheet == name["parameters"]
        want[name["step"], cell] = s
    want[name["parameters"], "B2"] = cnn_vector.total_cost(params, X, T)
    return want


def compare(recalc, formulas_wb, images, params, eta, words=WORDS["en"]):
    """(cells compared, largest relative difference) between LibreOffice's values and numpy's."""
    worst, count = 0.0, 0
    for (sheet, cell), value in expected(formulas_wb, images, params, eta, words).items():
        got = recalc[sheet][cell].value
        assert isinstance(got, (int, float)), f"{sheet}!{cell} holds {got!r}"
        difference = abs(got - value) / max(abs(value), 1e-300)
        assert difference <= REL, f"{sheet}!{cell}: LibreOffice {got!r}, numpy {value!r}"
        worst, count = max(worst, difference), count + 1
    return count, worst


# --- the structure -----------------------------------------------------------------------------


def test_the_sheets_come_in_order(book_wb, book_wb_zh):
    assert book_wb.sheetnames == SHEETS
    assert book_wb_zh.sheetnames == SHEETS_ZH


def test_every_computed_cell_is_a_formula(book_wb):
    widths = {"Forward": 115 + 1, "Backprop": 75, "After the step": 115 + 1}  # with C_T
    for sheet, width in widths.items():
        ws = book_wb[sheet]
        assert ws.cell(1, width + 1).value is not None and ws.cell(1, width + 2).value is None
        for row in ws.iter_rows(min_row=2, max_row=97, min_col=2, max_col=width + 1):
            for cell in row:
                if cell.value is not None:
                    assert str(cell.value).startswith("="), f"{sheet}!{cell.coordinate}"
    for name in cnn_workbook.parameter_cells():
        sheet, cell = named(book_wb, "d" + name)
        assert book_wb[sheet][cell].value.startswith("=")
        assert book_wb["Step"][named(book_wb, name)[1]].value == f"={name}-eta*d{name}"
        assert isinstance(book_wb["Parameters"][named(book_wb, name)[1]].value, float)


def test_the_formulas_are_written_out_as_the_chapter_does(book_wb):
    """z^F_{111} of image 7: the nine products of filter 1 with the window at (1, 1); the pool
    of block (1, 1) of map 1 the MAX of its four units; the winner, first largest first."""
    forward, backprop = columns(book_wb["Forward"]), columns(book_wb["Backprop"])
    z = book_wb["Forward"][f"{forward['zF_1_1_1']}8"].value
    pixels = "CDE", "IJK", "OPQ"   # rows 1, 2, 3 of the image: columns C.., I.., O.. of Data
    terms = [f"wF_1_{p + 1}_{q + 1}*Data!{pixels[p][q]}8" for p in range(3) for q in range(3)]
    assert z == "=" + "+".join(terms) + "+bF_1"
    assert z == cnn_workbook.numbers()["z_formula"]
    a = [f"{forward[f'aF_2_{i}_{j}']}8" for i, j in ((3, 1), (3, 2), (4, 1), (4, 2))]
    assert book_wb["Forward"][f"{forward['aP_2_2_1']}8"].value == f"=MAX({','.join(a)})"
    win = book_wb["Backprop"][f"{backprop['win_2_2_1']}8"].value
    pool = f"Forward!{forward['aP_2_2_1']}8"
    assert win == (f"=IF(Forward!{a[0]}={pool},1,IF(Forward!{a[1]}={pool},2,"
                   f"IF(Forward!{a[2]}={pool},3,4)))")
    delta = book_wb["Backprop"][f"{backprop['deltaF_2_4_1']}8"].value   # place 3 of block (2, 1)
    assert delta.startswith(f"=IF({backprop['win_2_2_1']}8=3,{backprop['deltaP_2_2_1']}8,0)*")


def test_cached_values_match_numpy_without_recalculating(book_xlsx, book_wb, images):
    """The values stored with the formulas, for viewers that never recalculate."""
    stored = openpyxl.load_workbook(io.BytesIO(book_xlsx), data_only=True)
    count, worst = compare(stored, book_wb, images, cnn_vector.init_parameters(cnn_parameters.SEED),
                           cnn_parameters.ETA)
    assert count > 20000


# --- LibreOffice -------------------------------------------------------------------------------


@pytest.mark.parametrize("language", ["en", "zh"])
def test_libreoffice_computes_what_numpy_computes(request, recalculated, images, language):
    book_wb = request.getfixturevalue({"en": "book_wb", "zh": "book_wb_zh"}[language])
    recalc = recalculated[{"en": "book", "zh": "book_zh"}[language]]
    words, after = WORDS[language], {"en": "'After the step'", "zh": "'一步之后'"}[language]
    step = words["sheets"]["step"]
    params = cnn_vector.init_parameters(cnn_parameters.SEED)
    count, worst = compare(recalc, book_wb, images, params, cnn_parameters.ETA, words)
    print(f"\n{language}: {count} cells, largest relative difference {worst:.2e}")
    X, T = cnn_dataset.to_arrays(images)
    # 96 images x (48 + 48 + 12 + 3 + 3 + 1) twice, 96 x (3 + 12 + 12 + 48), 69 x 2, 3 C_T
    assert count == 2 * 96 * 115 + 96 * 75 + 2 * 69 + 3
    # Step shows C_T after the step, from the sheet After the step, its name in quotes
    assert book_wb[step]["G2"].value == words["cost_after"]
    forward = columns(book_wb[words["sheets"]["forward"]])
    assert book_wb[step]["I2"].value == f"={after}!{forward['C_T']}2"
    stepped = cnn_vector.step(params, cnn_vector.gradients(params, X, T), cnn_parameters.ETA)
    C_T = recalc[step]["I2"].value
    assert abs(C_T - cnn_vector.total_cost(stepped, X, T)) <= REL * C_T
    assert C_T < cnn_vector.total_cost(params, X, T)


def test_libreoffice_computes_another_start_from_the_command_line(recalculated, custom, images):
    wb = openpyxl.load_workbook(io.BytesIO(custom))
    count, worst = compare(recalculated["mine"], wb, images, cnn_vector.init_parameters(SEED), 0.7)
    print(f"\n{count} cells, largest relative difference {worst:.2e}")
    assert count > 20000


def test_ties_go_to_the_first_largest_unit(recalculated, book_wb):
    """Blank windows give a block equal candidates. The workbook's winner is the first of
    them, and only it gets the block's error, as cnn_expanded.py and cnn_vector.py do
    (compare checks every deltaF cell against numpy's first-largest rule as well)."""
    X, T = cnn_dataset.to_arrays(cnn_dataset.load_dataset())
    params = cnn_vector.init_parameters(cnn_parameters.SEED)
    AF = cnn_vector.forward(params, X)[1]
    blocks = cnn_vector.blocks(AF)                     # n x 3 x 2 x 2 x 4
    tied = (blocks == blocks.max(axis=-1, keepdims=True)).sum(axis=-1) > 1
    assert tied.sum() > 100, tied.sum()                # ties are common on these images
    ws, where = recalculated["book"]["Backprop"], columns(book_wb["Backprop"])
    checked = 0
    for n, k, i, j in zip(*np.nonzero(tied)):
        first = int(np.flatnonzero(blocks[n, k, i, j] == blocks[n, k, i, j].max())[0]) + 1
        assert ws[f"{where[f'win_{k + 1}_{i + 1}_{j + 1}']}{n + 2}"].value == first
        # the other tied units get no error, though their a(1 - a) is the winner's
        routed = [ws[f"{where[f'deltaF_{k + 1}_{2 * i + r + 1}_{2 * j + c + 1}']}{n + 2}"].value
                  for r in (0, 1) for c in (0, 1)]
        assert sum(v != 0 for v in routed) <= 1
        if routed[first - 1] != 0:
            checked += 1
    assert checked > 100


def test_a_pixel_changed_in_libreoffice_changes_the_cost(recalculated, book_wb):
    """A reader who types a pixel sees everything follow: C_T of the changed images."""
    images = cnn_dataset.load_dataset()
    pixels, label = images[0]
    changed = list(pixels)
    changed[CHANGED] = 1 - changed[CHANGED]
    params = cnn_vector.init_parameters(cnn_parameters.SEED)
    X, T = cnn_dataset.to_arrays([(tuple(changed), label)] + images[1:])
    got = recalculated["changed"]["Forward"][f"{columns(book_wb['Forward'])['C_T']}2"].value
    assert abs(got - cnn_vector.total_cost(params, X, T)) <= REL * got
    assert abs(got - cnn_vector.total_cost(params, *cnn_dataset.to_arrays(images))) > 1e-6


def test_the_workbook_prints_on_few_pages(tmp_path, book_xlsx):
    """LibreOffice's PDF of the whole workbook: the three sheets of a row per image print six
    pages across and two down (43 pages in all here); the bound leaves room for wider fonts."""
    pages = pdf_pages(tmp_path, book_xlsx)
    print(f"\nPDF: {pages} pages")
    assert len(SHEETS) <= pages <= 50
    with zipfile.ZipFile(io.BytesIO(book_xlsx)) as z:
        for k in range(1, len(SHEETS) + 1):
            assert '<pageSetUpPr fitToPage="1"/>' in z.read(f"xl/worksheets/sheet{k}.xml").decode()


# --- the command line and the bytes ------------------------------------------------------------


def assert_clean_error(result, *words):
    assert result.returncode == 2, result
    assert "Traceback" not in result.stderr + result.stdout
    last = result.stderr.strip().splitlines()[-1]
    assert last.startswith("cnn_workbook.py: error: "), result.stderr
    for word in words:
        assert word in last, result.stderr


def test_help_lists_the_options():
    result = run("--help")
    assert result.returncode == 0 and result.stderr == ""
    for option in ("--data", "--seed", "--eta", "--language", "--out"):
        assert option in result.stdout


def test_the_language_comes_from_the_command_line(tmp_path, book_xlsx_zh):
    result = run("--language", "zh", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert (tmp_path / cnn_workbook.FILE).read_bytes() == book_xlsx_zh


def test_the_chinese_workbook_has_no_english_words_left(book_xlsx_zh, book_xlsx):
    left, shown = english_left(WORDS["en"], texts(book_xlsx_zh))
    assert not left, left
    assert WORDS["zh"]["title"] in shown and "滤波器 1：wF_1_p_q" in shown
    assert english_left(WORDS["en"], texts(book_xlsx))[0]  # the check finds English in English


@pytest.mark.parametrize("args, words", [
    (["--eta", "0"], ["--eta", "greater than 0"]),
    (["--eta", "inf"], ["--eta"]),
    (["--seed", "-1"], ["--seed", "0 or more"]),
    (["--out", "book.ods"], ["--out", ".xlsx"]),
    (["--data", "no_such_file.txt"], ["no_such_file.txt"]),
    (["--language", "de"], ["--language", "'de'", "'en', 'zh'"]),
])
def test_bad_options_exit_2_with_a_message(tmp_path, args, words):
    assert_clean_error(run(*args, cwd=tmp_path), *words)
    assert not any(tmp_path.iterdir())


def test_a_4_by_3_dataset_is_refused_with_its_file_and_line(tmp_path):
    (tmp_path / "small.txt").write_text(".#.\n##.\n.#.\n.#.\nlabel 1\n")
    result = run("--data", "small.txt", cwd=tmp_path)
    assert_clean_error(result, "small.txt:")


def test_two_runs_give_identical_bytes(tmp_path, book_xlsx):
    for name in ("one.xlsx", "two.xlsx"):
        assert run("--out", name, cwd=tmp_path).returncode == 0
    one = (tmp_path / "one.xlsx").read_bytes()
    assert one == (tmp_path / "two.xlsx").read_bytes() == book_xlsx
    with zipfile.ZipFile(io.BytesIO(one)) as z:
        assert {info.date_time for info in z.infolist()} == {(1980, 1, 1, 0, 0, 0)}


def test_the_numbers_describe_the_file(book_xlsx):
    facts = cnn_workbook.numbers()
    assert facts["formulas"] == len(re.findall(rb"<f>", b"".join(
        zipfile.ZipFile(io.BytesIO(book_xlsx)).read(n)
        for n in zipfile.ZipFile(io.BytesIO(book_xlsx)).namelist() if "worksheets/" in n)))
    assert facts["sheets"] == len(SHEETS)
    assert facts["cost_after"] < facts["cost_before"]


# --- the built site ----------------------------------------------------------------------------


def test_the_site_publishes_the_workbook_and_the_chapter_links_it(built_site, book_xlsx):
    published = built_site / "downloads" / "cnn_workbook" / cnn_workbook.FILE
    assert published.read_bytes() == book_xlsx
    link = f'href="../../downloads/cnn_workbook/{cnn_workbook.FILE}"'
    html = (built_site / "convolution" / "train-cnn" / "index.html").read_text(encoding="utf-8")
    assert link in html
    assert f"{cnn_workbook.numbers()['formulas']} formulas" in html
    for page in ("backprop/train", "convolution/pooling"):
        html = (built_site / page / "index.html").read_text(encoding="utf-8")
        assert "train-cnn/#train-it-in-a-spreadsheet" in html, page


def test_the_chinese_edition_publishes_the_chinese_workbook_at_the_same_link(built_site, book_xlsx,
                                                                            book_xlsx_zh):
    assert (built_site / "downloads" / "cnn_workbook" / cnn_workbook.FILE).read_bytes() == book_xlsx
    published = built_site / "zh" / "downloads" / "cnn_workbook" / cnn_workbook.FILE
    assert published.read_bytes() == book_xlsx_zh
    for site in (built_site, built_site / "zh"):  # no edition publishes another's folder
        assert [p.name for p in (site / "downloads" / "cnn_workbook").iterdir()] == [cnn_workbook.FILE]
    facts = cnn_workbook.numbers()
    page = html.unescape((built_site / "zh" / "convolution" / "train-cnn" / "index.html")
                         .read_text(encoding="utf-8"))
    assert f'href="../../downloads/cnn_workbook/{cnn_workbook.FILE}"' in page
    assert f"{facts['zh/kilobytes']} kB" in page and facts["zh/z_formula"] in page
    assert facts["z_formula"] not in page
