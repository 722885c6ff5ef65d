"""The spreadsheet companion: snippets/workbook.py writes a workbook of live formulas, and a
real spreadsheet engine (LibreOffice) computing them gets what numpy (vector.py) gets.

The recalculation is proved, not assumed: before LibreOffice opens the file, the value
stored with every formula is overwritten with -999, so a cell that LibreOffice did not
recompute cannot match numpy.
"""

import io
import os
import re
import shutil
import subprocess
import sys
import zipfile

import numpy as np
import openpyxl
import pytest

from conftest import ROOT, SNIPPETS

import dataset
import parameters
import vector
import workbook

SCRIPT = SNIPPETS / "workbook.py"
SHEETS = ["Read me", "Data", "Parameters", "Forward", "Cost", "Backprop", "Step"]
LIVE = ["Forward", "Cost", "Backprop", "Step"]
REL = 1e-9
POISON = b"-999"
ERROR = re.compile(r"^(#(REF!|NAME\?|VALUE!|DIV/0!|NUM!|N/A|NULL!)|Err:\d+)")

CUSTOM = """\
; five images of my own
.#.
##.
.#.
.#.
label 1

###
#.#
#.#
###
label 0

.#.
.#.
.#.
.#.
label 1

.#.
#.#
#.#
.#.
label 0

##.
.#.
.#.
###
label 1
"""
CUSTOM_SEED, CUSTOM_ETA = 5, 0.8


def run(*args, cwd=ROOT):
    return subprocess.run([sys.executable, str(SCRIPT), *args], cwd=cwd,
                          capture_output=True, text=True, timeout=120)


@pytest.fixture(scope="module")
def book_xlsx():
    return workbook.book_workbook()


@pytest.fixture(scope="module")
def custom(tmp_path_factory):
    """A five-image dataset of our own, made into a workbook through the command line."""
    folder = tmp_path_factory.mktemp("custom")
    (folder / "mine.txt").write_text(CUSTOM)
    result = run("--data", "mine.txt", "--seed", str(CUSTOM_SEED), "--eta", str(CUSTOM_ETA),
                 "--out", "mine.xlsx", cwd=folder)
    assert result.returncode == 0, result.stderr
    return folder


# --- what numpy says every cell should hold ------------------------------------------------


def columns(ws):
    """{header text: column letter} of a sheet's first row."""
    return {cell.value: cell.column_letter for cell in ws[1] if isinstance(cell.value, str)}


def expected_cells(wb, images, params, eta):
    """{(sheet, cell): value} for every computed cell, from vector.py and dataset.py alone."""
    X, T = dataset.to_arrays(images)
    Z2, A2, Z3, A3 = vector.forward(params, X)
    Delta2, Delta3 = vector.deltas(params, A2, A3, T)
    grads = vector.gradients(params, X, T)
    stepped = vector.step(params, grads, eta)
    C = 0.5 * ((T - A3) ** 2).sum(axis=1)
    want = {}
    def by_unit(symbol, matrix):  # {"z2_1": column 0 of Z2, "z2_2": column 1, ...}
        return {f"{symbol}_{u + 1}": matrix[:, u] for u in range(matrix.shape[1])}

    per_image = {
        "Forward": {**by_unit("z2", Z2), **by_unit("a2", A2),
                    **by_unit("z3", Z3), **by_unit("a3", A3)},
        "Cost": {"C": C},
        "Backprop": {**by_unit("delta3", Delta3), **by_unit("delta2", Delta2)},
    }
    for sheet, wanted in per_image.items():
        letters = columns(wb[sheet])
        for header, values in wanted.items():
            for n, value in enumerate(values):
                want[sheet, f"{letters[header]}{n + 2}"] = value
    want["Cost", f"{columns(wb['Cost'])['C_T']}2"] = C.sum()
    # The parameter blocks: Parameters, the derivatives on Backprop (from column H), Step.
    blocks = (("Parameters", params, 0), ("Backprop", grads, 7), ("Step", stepped, 0))
    for sheet, numbers, offset in blocks:
        flat = [v for name in vector.SHAPES for v in np.ravel(numbers[name])]
        for value, (row, col) in zip(flat, workbook.parameter_cells().values()):
            want[sheet, f"{openpyxl.utils.get_column_letter(col + offset + 1)}{row + 1}"] = value
    return want


def compare(wb, images, params, eta):
    """(cells compared, largest relative difference) between the workbook's values and numpy's."""
    worst, count = 0.0, 0
    for (sheet, cell), value in expected_cells(wb, images, params, eta).items():
        got = wb[sheet][cell].value
        assert isinstance(got, (int, float)), f"{sheet}!{cell} holds {got!r}"
        difference = abs(got - value) / max(abs(value), 1e-300)
        assert difference <= REL, f"{sheet}!{cell}: workbook {got!r}, numpy {value!r}"
        worst, count = max(worst, difference), count + 1
    return count, worst


def assert_no_error_cells(wb):
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                assert cell.data_type != "e", f"{ws.title}!{cell.coordinate} is {cell.value!r}"
                assert not (isinstance(cell.value, str) and ERROR.match(cell.value)), \
                    f"{ws.title}!{cell.coordinate} is {cell.value!r}"


# --- the structure ---------------------------------------------------------------------------


def test_the_sheets_come_in_order(book_xlsx):
    assert openpyxl.load_workbook(io.BytesIO(book_xlsx)).sheetnames == SHEETS


def test_computed_cells_are_formulas_not_numbers(book_xlsx):
    wb = openpyxl.load_workbook(io.BytesIO(book_xlsx))
    n = len(dataset.load_dataset())
    formulas = {sheet: 0 for sheet in LIVE}
    for sheet in LIVE:
        for row in wb[sheet].iter_rows():
            for cell in row:
                if isinstance(cell.value, str) and cell.value.startswith("="):
                    formulas[sheet] += 1
                elif isinstance(cell.value, (int, float)):
                    # Only the image numbers in column A and the learning rate are typed in.
                    assert cell.column == 1 or (sheet, cell.coordinate) == ("Step", "B2"), \
                        f"{sheet}!{cell.coordinate} holds the number {cell.value!r}, not a formula"
    assert formulas == {"Forward": 10 * n, "Cost": n + 1, "Backprop": 5 * n + 47, "Step": 47 + 1}
    assert wb["Step"]["B2"].value == parameters.ETA


def test_z_of_image_7_is_written_out_term_by_term(book_xlsx):
    wb = openpyxl.load_workbook(io.BytesIO(book_xlsx))
    formula = wb["Forward"][f"{columns(wb['Forward'])['z2_1']}8"].value  # image 7 is row 8
    terms = formula.removeprefix("=").split("+")
    assert len(terms) == 13, formula
    W2, b2 = vector.init_parameters(parameters.SEED)["W2"], vector.init_parameters(parameters.SEED)["b2"]

    def parameter(name):  # the Parameters cell a defined name points at, and its value
        sheet, cell = wb.defined_names[name].attr_text.split("!")
        assert sheet == "Parameters", name
        return wb[sheet][cell.replace("$", "")].value

    for i, term in enumerate(terms[:12]):
        weight, pixel = term.split("*")
        assert pixel == f"Data!{openpyxl.utils.get_column_letter(3 + i)}8", formula  # x_i in C..N
        assert parameter(weight) == pytest.approx(W2[0, i], rel=1e-15)
    assert parameter(terms[12]) == pytest.approx(b2[0], rel=1e-15)
    assert wb["Data"]["A8"].value == 7


def test_the_data_sheet_shades_ink_and_paper(book_xlsx):
    wb = openpyxl.load_workbook(io.BytesIO(book_xlsx))
    rules = [rule for ranges in wb["Data"].conditional_formatting for rule in ranges.rules]
    shaded = {rule.formula[0]: rule.dxf.fill.bgColor.rgb for rule in rules}
    assert set(shaded) == {"1", "0"} and shaded["1"] != shaded["0"]
    assert len(rules) >= 2 * (64 + 1)  # the flat table and each of the 64 pictures


def test_cached_values_match_numpy_without_recalculating(book_xlsx):
    """A viewer that never recalculates still shows the right numbers."""
    wb = openpyxl.load_workbook(io.BytesIO(book_xlsx), data_only=True)
    compare(wb, dataset.load_dataset(), vector.init_parameters(parameters.SEED), parameters.ETA)


# --- a real spreadsheet engine ---------------------------------------------------------------


def libreoffice():
    """The LibreOffice binary; skip without one, and fail without one under CI=true."""
    binary = shutil.which("soffice") or shutil.which("libreoffice")
    if binary is None:
        message = ("LibreOffice is not installed; on Debian or Ubuntu: "
                   "`sudo apt-get install libreoffice-calc-nogui`")
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)
    return binary


def poisoned(xlsx):
    """The same workbook with -999 stored as the value of every formula."""
    source, out, changed = zipfile.ZipFile(io.BytesIO(xlsx)), io.BytesIO(), 0
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            data = source.read(info)
            if info.filename.startswith("xl/worksheets/"):
                stored = rb"\1<v>" + POISON + b"</v>"
                data, count = re.subn(rb"(<f>[^<]*</f>)<v>[^<]*</v>", stored, data)
                changed += count
            target.writestr(info, data)
    assert changed > 0
    return out.getvalue()


def pasted(xlsx):
    """The workbook after a reader's first step: the values of Step pasted over Parameters,
    as the chapter says (copy the step cells, paste values at the paste cell)."""
    where = workbook.cells()
    assert where["step_cells"].split(":")[0] == where["paste_cell"]
    step = openpyxl.load_workbook(io.BytesIO(xlsx), data_only=True)["Step"]
    wb = openpyxl.load_workbook(io.BytesIO(xlsx))
    for row in step[where["step_cells"]]:
        for cell in row:
            wb["Parameters"][cell.coordinate].value = cell.value
    out = io.BytesIO()
    wb.save(out)  # openpyxl stores no values with the formulas: LibreOffice must compute them
    return out.getvalue()


# LibreOffice trusts the stored values of a file that says Excel wrote it unless told to
# recalculate on load (0 = always).
RECALCULATE = """<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry">
<item oor:path="/org.openoffice.Office.Calc/Formula/Load">
<prop oor:name="OOXMLRecalcMode" oor:op="fuse"><value>0</value></prop></item>
</oor:items>
"""


@pytest.fixture(scope="module")
def recalculated(tmp_path_factory, book_xlsx, custom):
    """Both workbooks, poisoned, then recalculated and saved by LibreOffice in one run."""
    binary = libreoffice()
    folder = tmp_path_factory.mktemp("libreoffice")
    profile = folder / "profile"
    (profile / "user").mkdir(parents=True)
    (profile / "user" / "registrymodifications.xcu").write_text(RECALCULATE)
    (folder / "book.xlsx").write_bytes(poisoned(book_xlsx))
    (folder / "mine.xlsx").write_bytes(poisoned((custom / "mine.xlsx").read_bytes()))
    (folder / "pasted.xlsx").write_bytes(pasted(book_xlsx))
    names = ("book", "mine", "pasted")
    files = [str(folder / f"{name}.xlsx") for name in names]
    result = subprocess.run(
        [binary, f"-env:UserInstallation={profile.as_uri()}", "--headless", "--norestore",
         "--convert-to", "xlsx", "--outdir", str(folder / "out"), *files],
        capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    out = folder / "out"
    return {name: openpyxl.load_workbook(out / f"{name}.xlsx", data_only=True) for name in names}


def test_libreoffice_computes_what_numpy_computes(recalculated):
    wb = recalculated["book"]
    assert_no_error_cells(wb)
    params = vector.init_parameters(parameters.SEED)
    count, worst = compare(wb, dataset.load_dataset(), params, parameters.ETA)
    print(f"\nbook workbook: {count} cells compared, largest relative difference {worst:.2e}")
    assert count == 10 * 64 + 64 + 1 + 5 * 64 + 3 * 47


def test_libreoffice_computes_a_readers_own_dataset(recalculated, custom):
    wb = recalculated["mine"]
    assert_no_error_cells(wb)
    images = dataset.load_dataset(custom / "mine.txt")
    count, worst = compare(wb, images, vector.init_parameters(CUSTOM_SEED), CUSTOM_ETA)
    print(f"\nown dataset: {count} cells compared, largest relative difference {worst:.2e}")
    assert count == 16 * len(images) + 1 + 3 * 47
    assert wb["Forward"]["B7"].value is None  # five images: rows 2 to 6


def test_pasting_step_over_parameters_takes_one_step(recalculated):
    X, T = dataset.to_arrays(dataset.load_dataset())
    params = vector.init_parameters(parameters.SEED)
    stepped = vector.step(params, vector.gradients(params, X, T), parameters.ETA)
    wb = recalculated["pasted"]
    assert_no_error_cells(wb)
    C_T = wb["Cost"][f"{columns(wb['Cost'])['C_T']}2"].value
    assert C_T == pytest.approx(vector.total_cost(stepped, X, T), rel=REL)
    assert C_T < vector.total_cost(params, X, T)


# --- the command line ------------------------------------------------------------------------


def assert_clean_error(result, *words):
    """Exit code 2, one message on stderr naming the problem, and no traceback."""
    assert result.returncode == 2, result
    assert "Traceback" not in result.stderr + result.stdout
    last = result.stderr.strip().splitlines()[-1]
    assert last.startswith("workbook.py: error: "), result.stderr
    for word in words:
        assert word in last, result.stderr


def test_help_lists_the_options():
    result = run("--help")
    assert result.returncode == 0 and result.stderr == ""
    for option in ("--data", "--seed", "--eta", "--out"):
        assert option in result.stdout


def test_default_output_is_in_the_current_folder(tmp_path):
    result = run(cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert (tmp_path / workbook.FILE).read_bytes() == workbook.book_workbook()


@pytest.mark.parametrize("args, words", [
    (["--eta", "0"], ["--eta", "greater than 0"]),
    (["--eta", "nan"], ["--eta"]),
    (["--eta", "fast"], ["--eta", "fast"]),
    (["--seed", "-1"], ["--seed", "0 or more"]),
    (["--out", "book.txt"], ["--out", ".xlsx"]),
    (["--data", "no_such_file.txt"], ["no_such_file.txt"]),
    (["--colour"], ["--colour"]),
])
def test_bad_options_exit_2_with_a_message(tmp_path, args, words):
    assert_clean_error(run(*args, cwd=tmp_path), *words)
    assert not any(tmp_path.iterdir())


def test_a_malformed_dataset_names_its_file_and_line(tmp_path):
    bad = CUSTOM.replace("##.\n.#.\n.#.\n###", "##.\n.#.\n.x.\n###")
    (tmp_path / "bad.txt").write_text(bad)
    line = bad.splitlines().index(".x.") + 1
    assert_clean_error(run("--data", "bad.txt", cwd=tmp_path), f"bad.txt:{line}:", "'x'")


# --- deterministic ---------------------------------------------------------------------------


def test_two_runs_give_identical_bytes(tmp_path):
    for name in ("one.xlsx", "two.xlsx"):
        assert run("--out", name, cwd=tmp_path).returncode == 0
    one = (tmp_path / "one.xlsx").read_bytes()
    assert one == (tmp_path / "two.xlsx").read_bytes()
    with zipfile.ZipFile(io.BytesIO(one)) as z:
        assert {info.date_time for info in z.infolist()} == {(1980, 1, 1, 0, 0, 0)}
        assert b"<dcterms:created" in z.read("docProps/core.xml")
        assert workbook.CREATED.strftime("%Y-%m-%d").encode() in z.read("docProps/core.xml")


# --- the built site --------------------------------------------------------------------------


def test_the_site_publishes_the_workbook_and_the_chapter_links_it(built_site, book_xlsx):
    published = built_site / "downloads" / "workbook" / workbook.FILE
    assert published.read_bytes() == book_xlsx
    html = (built_site / "backprop" / "train" / "index.html").read_text(encoding="utf-8")
    assert f'href="../../downloads/workbook/{workbook.FILE}"' in html
    figure = built_site / "figures" / "workbook" / "forward_sheet.svg"
    assert figure.read_bytes().startswith(b"<?xml")
