"""The spreadsheet companion: snippets/workbook.py writes a workbook of live formulas, and a
real spreadsheet engine (LibreOffice) computing them gets what numpy (vector.py) gets.

The recalculation is proved, not assumed: before LibreOffice opens the file, the value
stored with every formula is overwritten with -999, so a cell that LibreOffice did not
recompute cannot match numpy. The Chinese workbook (--language zh) is recalculated too:
its sheets have Chinese names, and its formulas must still compute what numpy computes.
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

import dataset
import parameters
import sheets
import vector
import workbook
from spreadsheets import RECALCULATE, english_left, libreoffice, poisoned, texts

SCRIPT = SNIPPETS / "workbook.py"
SHEETS = ["Read me", "Data", "Parameters", "Forward", "Cost", "Backprop", "Step",
          "Curves", "Descent", "Descent images", "Stochastic", "Stochastic cost"]
SHEETS_ZH = ["说明", "数据", "参数", "前向传播", "代价", "反向传播", "一步",
             "曲线", "全批量梯度下降", "全批量各图像", "随机梯度下降", "随机梯度下降代价"]
WORDS = {language: sheets.words("workbook", language) for language in ("en", "zh")}
BOOK = {"en": "book", "zh": "book_zh"}  # the recalculated workbook of each language
UNROLLED = ["Curves", "Descent", "Descent images", "Stochastic", "Stochastic cost"]
LIVE = ["Forward", "Cost", "Backprop", "Step"]
REL = 1e-9
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
def book_wb(book_xlsx):
    """The book's workbook as openpyxl reads it, formulas and all (read once: it is large)."""
    return openpyxl.load_workbook(io.BytesIO(book_xlsx))


@pytest.fixture(scope="module")
def book_xlsx_zh():
    return workbook.book_workbook("zh")


@pytest.fixture(scope="module")
def book_wb_zh(book_xlsx_zh):
    """The Chinese workbook as openpyxl reads it."""
    return openpyxl.load_workbook(io.BytesIO(book_xlsx_zh))


def book_in(request, language):
    """The book's workbook in `language` as openpyxl reads it; each is read once, if asked for."""
    return request.getfixturevalue({"en": "book_wb", "zh": "book_wb_zh"}[language])


@pytest.fixture(scope="module")
def small_xlsx():
    """The book's workbook with one iteration and one epoch unrolled: its sheets Read me to
    Step are the book's, for the tests that need no unrolled sheet."""
    return workbook.workbook(dataset.load_dataset(), vector.init_parameters(parameters.SEED),
                             parameters.ETA, parameters.DATA.name, parameters.SEED,
                             iterations=1, epochs=1)


def test_the_small_workbook_shares_the_books_sheets(small_xlsx, book_xlsx):
    names = re.compile(rb'<definedName name="(?!_xlnm)[^>]*>[^<]*</definedName>')  # no print areas
    with zipfile.ZipFile(io.BytesIO(small_xlsx)) as one, zipfile.ZipFile(io.BytesIO(book_xlsx)) as two:
        for k in range(2, 8):  # Data to Step
            part = f"xl/worksheets/sheet{k}.xml"
            assert one.read(part) == two.read(part), part
        defined = names.findall(two.read("xl/workbook.xml"))
        assert names.findall(one.read("xl/workbook.xml")) == defined
    assert len(defined) == 2 * 47 + 1 + 18  # the parameters, their derivatives, eta, Solver's model


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


def expected_cells(wb, images, params, eta, words=WORDS["en"]):
    """{(sheet, cell): value} for every computed cell, from vector.py and dataset.py alone;
    the sheets and the headers are found by their names in `words`."""
    name = words["sheets"]
    X, T = dataset.to_arrays(images)
    Z2, A2, Z3, A3 = vector.forward(params, X)
    Delta2, Delta3 = vector.deltas(params, A2, A3, T)
    grads = vector.gradients(params, X, T)
    stepped = vector.step(params, grads, eta)
    C = 0.5 * ((T - A3) ** 2).sum(axis=1)
    right = ((A3[:, 1] >= A3[:, 0]) == (T[:, 1] == 1)).astype(int)
    want = {}
    def by_unit(symbol, matrix):  # {"z2_1": column 0 of Z2, "z2_2": column 1, ...}
        return {f"{symbol}_{u + 1}": matrix[:, u] for u in range(matrix.shape[1])}

    per_image = {
        name["forward"]: {**by_unit("z2", Z2), **by_unit("a2", A2),
                          **by_unit("z3", Z3), **by_unit("a3", A3)},
        name["cost"]: {"C": C, words["correct"]: right},
        name["backprop"]: {**by_unit("delta3", Delta3), **by_unit("delta2", Delta2)},
    }
    for sheet, wanted in per_image.items():
        letters = columns(wb[sheet])
        for header, values in wanted.items():
            for n, value in enumerate(values):
                want[sheet, f"{letters[header]}{n + 2}"] = value
    cost = columns(wb[name["cost"]])
    want[name["cost"], f"{cost[words['cost_total']]}2"] = C.sum()
    want[name["cost"], f"{cost[words['correct_total'].format(images=len(X))]}2"] = right.sum()
    want[name["parameters"], "B2"] = C.sum()      # Solver's objective
    want[name["parameters"], "D2"] = right.sum()
    # The parameter blocks: Parameters, the derivatives on Backprop (from column H), Step.
    blocks = ((name["parameters"], params, 0), (name["backprop"], grads, 7),
              (name["step"], stepped, 0))
    for sheet, numbers, offset in blocks:
        flat = [v for name in vector.SHAPES for v in np.ravel(numbers[name])]
        for value, (row, col) in zip(flat, workbook.parameter_cells().values()):
            want[sheet, f"{openpyxl.utils.get_column_letter(col + offset + 1)}{row + 1}"] = value
    return want


def compare(wb, images, params, eta, words=WORDS["en"]):
    """(cells compared, largest relative difference) between the workbook's values and numpy's."""
    worst, count = 0.0, 0
    for (sheet, cell), value in expected_cells(wb, images, params, eta, words).items():
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


@pytest.mark.parametrize("language, names", [("en", SHEETS), ("zh", SHEETS_ZH)])
def test_the_sheets_come_in_order(request, language, names):
    assert book_in(request, language).sheetnames == names
    assert [WORDS[language]["sheets"][key] for key in WORDS["en"]["sheets"]] == names


def test_computed_cells_are_formulas_not_numbers(book_wb):
    wb = book_wb
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
    assert formulas == {"Forward": 10 * n, "Cost": 2 * n + 2, "Backprop": 5 * n + 47, "Step": 47 + 1}
    assert wb["Step"]["B2"].value == parameters.ETA


def test_z_of_image_7_is_written_out_term_by_term(book_wb):
    wb = book_wb
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


def test_the_data_sheet_shades_ink_and_paper(book_wb):
    wb = book_wb
    rules = [rule for ranges in wb["Data"].conditional_formatting for rule in ranges.rules]
    shaded = {rule.formula[0]: rule.dxf.fill.bgColor.rgb for rule in rules}
    assert set(shaded) == {"1", "0"} and shaded["1"] != shaded["0"]
    assert len(rules) >= 2 * (64 + 1)  # the flat table and each of the 64 pictures


def test_cached_values_match_numpy_without_recalculating(book_xlsx):
    """A viewer that never recalculates still shows the right numbers."""
    wb = openpyxl.load_workbook(io.BytesIO(book_xlsx), data_only=True)
    compare(wb, dataset.load_dataset(), vector.init_parameters(parameters.SEED), parameters.ETA)


# --- a real spreadsheet engine ---------------------------------------------------------------


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


@pytest.fixture(scope="module")
def recalculated(tmp_path_factory, book_xlsx, book_xlsx_zh, small_xlsx, custom):
    """The workbooks, poisoned, then recalculated and saved by LibreOffice in one run: the
    book's in English and in Chinese, a reader's own, and one after a pasted step."""
    binary = libreoffice()
    folder = tmp_path_factory.mktemp("libreoffice")
    profile = folder / "profile"
    (profile / "user").mkdir(parents=True)
    (profile / "user" / "registrymodifications.xcu").write_text(RECALCULATE)
    (folder / "book.xlsx").write_bytes(poisoned(book_xlsx))
    (folder / "book_zh.xlsx").write_bytes(poisoned(book_xlsx_zh))
    (folder / "mine.xlsx").write_bytes(poisoned((custom / "mine.xlsx").read_bytes()))
    (folder / "pasted.xlsx").write_bytes(pasted(small_xlsx))
    names = ("book", "book_zh", "mine", "pasted")
    files = [str(folder / f"{name}.xlsx") for name in names]
    result = subprocess.run(
        [binary, f"-env:UserInstallation={profile.as_uri()}", "--headless", "--norestore",
         "--convert-to", "xlsx", "--outdir", str(folder / "out"), *files],
        capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    out = folder / "out"
    return {name: openpyxl.load_workbook(out / f"{name}.xlsx", data_only=True) for name in names}


@pytest.mark.parametrize("language", ["en", "zh"])
def test_libreoffice_computes_what_numpy_computes(recalculated, language):
    wb = recalculated[BOOK[language]]
    assert_no_error_cells(wb)
    params = vector.init_parameters(parameters.SEED)
    count, worst = compare(wb, dataset.load_dataset(), params, parameters.ETA, WORDS[language])
    print(f"\nbook workbook ({language}): {count} cells compared, "
          f"largest relative difference {worst:.2e}")
    assert count == 10 * 64 + 2 * (64 + 1) + 5 * 64 + 3 * 47 + 2


def test_libreoffice_computes_a_readers_own_dataset(recalculated, custom):
    wb = recalculated["mine"]
    assert_no_error_cells(wb)
    images = dataset.load_dataset(custom / "mine.txt")
    count, worst = compare(wb, images, vector.init_parameters(CUSTOM_SEED), CUSTOM_ETA)
    print(f"\nown dataset: {count} cells compared, largest relative difference {worst:.2e}")
    assert count == 17 * len(images) + 2 + 3 * 47 + 2
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


# --- training in the workbook: Solver's model, the unrolled sheets, an optimiser -----------


def solver_names(wb, words=WORDS["en"]):
    """{solver_xxx: text} of the names Solver keeps on the Parameters sheet."""
    names = wb[words["sheets"]["parameters"]].defined_names
    return {name: names[name].attr_text for name in names if name.startswith("solver_")}


def cells_of(ranges, sheet="Parameters"):
    """The set of cells ("B5", ...) of a reference like Parameters!$B$5:$N$7,Parameters!$B$10:$E$11"""
    cells = set()
    for part in ranges.split(","):
        name, area = part.split("!")
        assert name == sheet, ranges
        for row in openpyxl.worksheet.cell_range.CellRange(area.replace("$", "")).cells:
            cells.add(f"{openpyxl.utils.get_column_letter(row[1])}{row[0]}")
    return cells


# The Parameters and Cost sheets as formulas name them: a Chinese name in quotes.
@pytest.mark.parametrize("language, parameters_sheet, cost_sheet", [
    ("en", "Parameters", "Cost"), ("zh", "'参数'", "'代价'")])
def test_the_solver_model_is_stored_as_excel_stores_it(request, language, parameters_sheet,
                                                        cost_sheet):
    wb, name = book_in(request, language), WORDS[language]["sheets"]
    xlsx = request.getfixturevalue({"en": "book_xlsx", "zh": "book_xlsx_zh"}[language])
    model = solver_names(wb, WORDS[language])
    assert model["solver_typ"] == "2"   # minimise
    assert model["solver_eng"] == "1"   # GRG Nonlinear
    assert model["solver_neg"] == "2"   # the parameters may go negative
    assert model["solver_num"] == "0"   # no constraints
    assert model["solver_ver"] == "3"
    # The objective is C_T: a cell on Parameters that shows Cost's sum of the C column.
    sheet, cell = model["solver_opt"].split("!")
    assert sheet == parameters_sheet
    objective = wb[name["parameters"]][cell.replace("$", "")].value
    assert objective == f"={cost_sheet}!D2", objective
    cost = wb[name["cost"]]
    assert cost["D2"].value == "=SUM(B$2:B$65)" and cost["B1"].value == "C"
    # The variables are exactly the 47 cells that the parameters' names point at.
    named = {wb.defined_names[n].attr_text.split("!")[1].replace("$", "")
             for n in workbook.parameter_cells()}
    assert len(named) == 47 and all(wb.defined_names[n].attr_text.startswith(f"{parameters_sheet}!")
                                    for n in workbook.parameter_cells())
    assert cells_of(model["solver_adj"], parameters_sheet) == named
    # In the file itself: hidden names local to the Parameters sheet (its index, 2).
    with zipfile.ZipFile(io.BytesIO(xlsx)) as z:
        xml = z.read("xl/workbook.xml").decode()
    stored = dict(re.findall(r'<definedName name="(solver_\w+)" localSheetId="2" hidden="1">'
                             r'([^<]*)</definedName>', xml))
    assert stored == model
    assert stored["solver_adj"] == f"{parameters_sheet}!$B$5:$N$7,{parameters_sheet}!$B$10:$E$11"


def read_me(wb, words):
    """The text of the Read me sheet, its paragraphs joined."""
    return " ".join(str(c.value) for c in wb[words["sheets"]["read_me"]]["A"] if c.value)


def test_the_read_me_says_how_to_run_solver(book_wb):
    text = read_me(book_wb, WORDS["en"])
    for words in ("Data > Solver", "GRG Nonlinear", "Tools > Solver", "Parameters.B2",
                  "B5:N7;B10:E11", "Minimum", "non-negative"):
        assert words in text, words


def test_the_chinese_read_me_says_how_to_run_solver_in_chinese(book_wb_zh):
    """The menus and options of Excel's and LibreOffice's Chinese versions (规划求解 is Excel's
    Solver, 求解器 LibreOffice's), and the same cells as the English Read me."""
    text = read_me(book_wb_zh, WORDS["zh"])
    for words in ("数据 > 规划求解", "非线性 GRG", "使无约束变量为非负数", "工具 > 求解器",
                  "“参数”工作表的 B2", "B5:N7 和 B10:E11", "B5:N7;B10:E11", "最小值",
                  "假定变量非负", "snippets/workbook.py --language zh"):
        assert words in text, words


def test_the_chinese_workbook_has_no_english_words_left(book_xlsx_zh, book_xlsx):
    """Every text of the Chinese workbook, its cells, chart and properties, is free of the
    words of the English table (names that every language writes alike aside)."""
    left, shown = english_left(WORDS["en"], texts(book_xlsx_zh))
    assert not left, left
    assert WORDS["zh"]["title"] in shown and WORDS["zh"]["chart_title"] in shown
    assert english_left(WORDS["en"], texts(book_xlsx))[0]  # the check finds English in English


def reference_pass(p, X, T):
    """Plain numpy, written afresh: the forward pass, C, correct and the unit errors."""
    A2 = 1 / (1 + np.exp(-(X @ p["W2"].T + p["b2"])))
    Z2 = X @ p["W2"].T + p["b2"]
    Z3 = A2 @ p["W3"].T + p["b3"]
    A3 = 1 / (1 + np.exp(-Z3))
    D3 = (A3 - T) * A3 * (1 - A3)
    D2 = (D3 @ p["W3"]) * A2 * (1 - A2)
    C = 0.5 * ((T - A3) ** 2).sum(axis=1)
    right = ((A3[:, 1] >= A3[:, 0]) == (T[:, 1] == 1)).astype(int)
    columns = np.column_stack([Z2, A2, Z3, A3, C, right, D3, D2])  # the order of a pass row
    gradient = {"W2": D2.T @ X, "b2": D2.sum(0), "W3": D3.T @ A2, "b3": D3.sum(0)}
    return columns, gradient


def theta(p):
    return np.concatenate([np.ravel(p[name]) for name in ("W2", "b2", "W3", "b3")])


def full_batch(p, X, T, eta, iterations):
    thetas = [p]
    for _ in range(iterations):
        g = reference_pass(thetas[-1], X, T)[1]
        thetas.append({name: thetas[-1][name] - eta * g[name] for name in p})
    return thetas


def per_image(p, X, T, eta, epochs):
    """One step per image, images in order: w <- w - eta delta a for that image alone."""
    thetas = [p]
    for s in range(epochs * len(X)):
        x, t = X[s % len(X)], T[s % len(X)]
        q = thetas[-1]
        a2 = 1 / (1 + np.exp(-(q["W2"] @ x + q["b2"])))
        a3 = 1 / (1 + np.exp(-(q["W3"] @ a2 + q["b3"])))
        d3 = (a3 - t) * a3 * (1 - a3)
        d2 = (q["W3"].T @ d3) * a2 * (1 - a2)
        thetas.append({"W2": q["W2"] - eta * np.outer(d2, x), "b2": q["b2"] - eta * d2,
                       "W3": q["W3"] - eta * np.outer(d3, a2), "b3": q["b3"] - eta * d3})
    return thetas


class Worst:
    """Compares cells with numpy's numbers, keeping the count and the largest relative gap."""

    def __init__(self, ws):
        self.ws, self.count, self.worst = ws, 0, 0.0

    def row(self, row, first_col, values):
        for c, value in enumerate(values):
            got = self.ws.cell(row, first_col + c).value
            assert isinstance(got, (int, float)), f"{self.ws.title}!R{row}C{first_col + c}: {got!r}"
            gap = abs(got - value) / max(abs(value), 1e-300)
            assert gap <= REL, f"{self.ws.title}!R{row}C{first_col + c}: {got!r}, numpy {value!r}"
            self.count, self.worst = self.count + 1, max(self.worst, gap)


@pytest.mark.parametrize("language", ["en", "zh"])
def test_libreoffice_runs_50_iterations_of_full_batch_descent_as_numpy_does(recalculated, language):
    wb, name = recalculated[BOOK[language]], WORDS[language]["sheets"]
    X, T = dataset.to_arrays(dataset.load_dataset())
    thetas = full_batch(vector.init_parameters(parameters.SEED), X, T, parameters.ETA,
                        workbook.ITERATIONS)
    sheet = wb[name["descent"]]
    descent, blocks = Worst(sheet), Worst(wb[name["descent_images"]])
    assert sheet["B2"].value == parameters.ETA
    for t, p in enumerate(thetas):
        columns, gradient = reference_pass(p, X, T)
        row = 5 + t
        assert sheet.cell(row, 1).value == t
        descent.row(row, 2, [columns[:, 10].sum(), columns[:, 11].sum()])  # C_T, correct
        descent.row(row, 4, list(theta(p)) + list(theta(gradient)))
        for n in range(len(X)):
            blocks.row(2 + t * len(X) + n, 3, columns[n])
    last = sheet.cell(5 + workbook.ITERATIONS, 2).value
    print(f"\n{name['descent']}: {descent.count} cells, largest relative difference "
          f"{descent.worst:.2e}; {name['descent_images']}: {blocks.count} cells, "
          f"{blocks.worst:.2e}; C_T {sheet['B5'].value:.4f} -> {last:.4f}")
    assert descent.count == (workbook.ITERATIONS + 1) * (2 + 94)
    assert blocks.count == (workbook.ITERATIONS + 1) * len(X) * 17
    assert last < sheet["B5"].value / 100


@pytest.mark.parametrize("language", ["en", "zh"])
def test_libreoffice_runs_stochastic_descent_as_numpy_does(recalculated, language):
    wb, name = recalculated[BOOK[language]], WORDS[language]["sheets"]
    X, T = dataset.to_arrays(dataset.load_dataset())
    n = len(X)
    thetas = per_image(vector.init_parameters(parameters.SEED), X, T, parameters.ETA,
                       workbook.EPOCHS)
    sheet = wb[name["stochastic"]]
    steps, costs = Worst(sheet), Worst(wb[name["stochastic_cost"]])
    assert sheet["B2"].value == parameters.ETA
    for s, p in enumerate(thetas):
        row = 5 + s
        assert sheet.cell(row, 1).value == s
        values = list(theta(p))
        if s < len(thetas) - 1:
            assert sheet.cell(row, 2).value == s % n + 1  # the images in order
            values += list(reference_pass(p, X[s % n:s % n + 1], T[s % n:s % n + 1])[0][0])
        steps.row(row, 3, values)
    curves = Worst(wb[name["curves"]])
    full = full_batch(vector.init_parameters(parameters.SEED), X, T, parameters.ETA,
                      workbook.ITERATIONS)
    for e, p in enumerate(thetas[::n]):
        columns = reference_pass(p, X, T)[0]
        for image in range(n):
            costs.row(2 + e * n + image, 3, columns[image, :12])
        full_columns = reference_pass(full[e], X, T)[0]
        curves.row(4 + e, 2, [full_columns[:, 10].sum(), full_columns[:, 11].sum(),
                              columns[:, 10].sum(), columns[:, 11].sum()])
    print(f"\n{name['stochastic']}: {steps.count} cells, largest relative difference "
          f"{steps.worst:.2e}; {name['stochastic_cost']}: {costs.count} cells, {costs.worst:.2e}; "
          f"{name['curves']}: {curves.worst:.2e}")
    assert steps.count == len(thetas) * 47 + (len(thetas) - 1) * 17
    assert len(thetas) == workbook.EPOCHS * n + 1
    assert costs.count == (workbook.EPOCHS + 1) * n * 12
    assert wb[name["curves"]].cell(4 + workbook.EPOCHS, 5).value == n  # all labelled correctly


def test_the_curves_sheet_charts_both_descents(book_xlsx):
    with zipfile.ZipFile(io.BytesIO(book_xlsx)) as z:
        charts = [name for name in z.namelist() if name.startswith("xl/charts/chart")]
        assert len(charts) == 1
        chart = z.read(charts[0]).decode()
    assert "<c:lineChart>" in chart and '<c:logBase val="10"/>' in chart
    last = 4 + max(workbook.ITERATIONS, workbook.EPOCHS)
    assert f"Curves!$B$4:$B${last}" in chart and f"Curves!$D$4:$D${last}" in chart


def test_the_iteration_counts_come_from_the_command_line(tmp_path):
    result = run("--iterations", "3", "--epochs", "2", "--out", "small.xlsx", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "3 iterations" in result.stdout and "2 epochs" in result.stdout
    wb = openpyxl.load_workbook(tmp_path / "small.xlsx")
    assert [c.value for c in wb["Descent"]["A"][4:]] == [0, 1, 2, 3]
    assert wb["Stochastic"].max_row == 4 + 2 * 64 + 1
    assert wb["Stochastic cost"].max_row == 1 + 3 * 64


def test_an_optimiser_over_the_workbooks_own_formulas_labels_all_64(tmp_path, book_wb, small_xlsx):
    """scipy's L-BFGS minimises the stored Solver model, every value computed by the Python
    formula evaluator `formulas` from the workbook's own formulas: the objective cell, and
    as its gradient the 47 derivative cells of Backprop."""
    import formulas
    from scipy.optimize import minimize

    images = dataset.load_dataset()
    start = vector.init_parameters(parameters.SEED)
    (tmp_path / "model.xlsx").write_bytes(small_xlsx)
    wb = book_wb
    model = solver_names(wb)

    def key(text):  # Parameters!$B$5 -> '[model.xlsx]PARAMETERS'!B5, as formulas names cells
        sheet, cell = text.split("!")
        return f"'[model.xlsx]{sheet.upper()}'!{cell.replace('$', '')}"

    order = [wb.defined_names[name].attr_text for name in workbook.parameter_cells()]
    assert {c.split("!")[1].replace("$", "") for c in order} == cells_of(model["solver_adj"])
    slopes = [wb.defined_names["d" + name].attr_text for name in workbook.parameter_cells()]
    xl = formulas.ExcelModel().loads(str(tmp_path / "model.xlsx")).finish()
    evaluate = xl.compile(inputs=[key(c) for c in order],
                          outputs=[key(model["solver_opt"]), key("Parameters!D2")]
                          + [key(c) for c in slopes])
    calls = []

    def cost_and_gradient(theta):
        values = [float(np.ravel(v.value)[0]) for v in evaluate(*theta)]
        calls.append(values[:2])
        return values[0], np.array(values[2:])

    theta0 = parameters.theta_vector(start)
    C0, g0 = cost_and_gradient(theta0)
    X, T = dataset.to_arrays(images)
    assert C0 == pytest.approx(vector.total_cost(start, X, T), rel=REL)
    result = minimize(cost_and_gradient, theta0, jac=True, method="L-BFGS-B",
                      options={"maxiter": 10})
    C_T, correct = cost_and_gradient(result.x)[0], calls[-1][1]
    trained = parameters.from_theta(result.x)
    print(f"\noptimiser: C_T {C0:.4f} -> {C_T:.2e} in {result.nit} iterations, {len(calls)} "
          f"evaluations of the workbook; {correct:.0f}/{len(X)} correct")
    assert C_T == pytest.approx(vector.total_cost(trained, X, T), rel=REL)
    assert correct == vector.correct(trained, X, T) == len(X) == 64
    assert C_T < 0.05


def test_the_workbook_prints_on_few_pages(tmp_path, book_xlsx):
    """LibreOffice's PDF of the whole workbook: every sheet fits the page width, and the
    unrolled sheets print their first rows only. Before the print setup it ran to 23 pages;
    the bound leaves room for fonts wider than this machine's."""
    binary = libreoffice()
    (tmp_path / "book.xlsx").write_bytes(book_xlsx)
    result = subprocess.run(
        [binary, f"-env:UserInstallation={(tmp_path / 'profile').as_uri()}", "--headless",
         "--norestore", "--convert-to", "pdf", "--outdir", str(tmp_path), str(tmp_path / "book.xlsx")],
        capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    pages = len(re.findall(rb"/Type\s*/Page[^s]", (tmp_path / "book.pdf").read_bytes()))
    print(f"\nPDF: {pages} pages")
    assert len(SHEETS) <= pages <= 16
    with zipfile.ZipFile(io.BytesIO(book_xlsx)) as z:
        for k in range(1, len(SHEETS) + 1):
            xml = z.read(f"xl/worksheets/sheet{k}.xml").decode()
            assert '<pageSetUpPr fitToPage="1"/>' in xml, SHEETS[k - 1]
        printed = dict(re.findall(r'<definedName name="_xlnm.Print_Area" localSheetId="(\d+)">([^<]*)<',
                                  z.read("xl/workbook.xml").decode()))
    for name in ("Descent", "Descent images", "Stochastic", "Stochastic cost"):
        area = printed[str(SHEETS.index(name))]
        last_row = int(re.search(r"\$(\d+)$", area).group(1))
        assert last_row <= 65, (name, area)  # the first block, or the first rows


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
    for option in ("--data", "--seed", "--eta", "--iterations", "--epochs", "--language", "--out"):
        assert option in result.stdout
    assert "{en,zh}" in result.stdout


def test_default_output_is_in_the_current_folder(tmp_path):
    result = run(cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert (tmp_path / workbook.FILE).read_bytes() == workbook.book_workbook()


def test_the_language_comes_from_the_command_line(tmp_path, book_xlsx_zh):
    result = run("--language", "zh", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert (tmp_path / workbook.FILE).read_bytes() == book_xlsx_zh != workbook.book_workbook()


@pytest.mark.parametrize("args, words", [
    (["--eta", "0"], ["--eta", "greater than 0"]),
    (["--eta", "nan"], ["--eta"]),
    (["--eta", "fast"], ["--eta", "fast"]),
    (["--seed", "-1"], ["--seed", "0 or more"]),
    (["--out", "book.txt"], ["--out", ".xlsx"]),
    (["--iterations", "0"], ["--iterations", "from 1 to 1000"]),
    (["--iterations", "1001"], ["--iterations", "1001"]),
    (["--iterations", "many"], ["--iterations", "many"]),
    (["--epochs", "-3"], ["--epochs", "from 1 to 1000"]),
    (["--data", "no_such_file.txt"], ["no_such_file.txt"]),
    (["--colour"], ["--colour"]),
    (["--language", "fr"], ["--language", "'fr'", "'en', 'zh'"]),
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
    for name in ("one.xlsx", "two.xlsx"):  # the book's own file: test_default_output...
        assert run("--out", name, "--iterations", "3", "--epochs", "2", cwd=tmp_path).returncode == 0
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
    for page in ("toolkit/gradient-descent", "backprop/descent-revisited"):
        html = (built_site / page / "index.html").read_text(encoding="utf-8")
        assert f'href="../../downloads/workbook/{workbook.FILE}"' in html, page
    figure = built_site / "figures" / "workbook" / "forward_sheet.svg"
    assert figure.read_bytes().startswith(b"<?xml")


def test_the_chinese_edition_publishes_the_chinese_workbook_at_the_same_link(built_site, book_xlsx,
                                                                            book_xlsx_zh):
    """The Chinese pages keep the English pages' links: downloads/workbook/<file> serves the
    Chinese workbook there, and each edition's numbers describe its own file."""
    assert (built_site / "downloads" / "workbook" / workbook.FILE).read_bytes() == book_xlsx
    assert (built_site / "zh" / "downloads" / "workbook" / workbook.FILE).read_bytes() == book_xlsx_zh
    for site in (built_site, built_site / "zh"):  # no edition publishes another's folder
        assert sorted(p.name for p in (site / "downloads" / "workbook").iterdir()) == [workbook.FILE]
    facts = workbook.numbers()
    page = html.unescape((built_site / "zh" / "backprop" / "train" / "index.html").read_text(encoding="utf-8"))
    assert f'href="../../downloads/workbook/{workbook.FILE}"' in page
    assert f"{facts['zh/kilobytes']} kB" in page and f"{facts['kilobytes']} kB" not in page
    assert facts["zh/z_formula"] in page and facts["z_formula"] not in page
    assert "'数据'!C8" in facts["zh/z_formula"]
    assert "<code>B5:N7</code> 和 <code>B10:E11</code>" in page  # Solver's variable cells
    english = html.unescape((built_site / "backprop" / "train" / "index.html").read_text(encoding="utf-8"))
    assert f"{facts['kilobytes']} kB" in english and facts["z_formula"] in english
    assert "<code>B5:N7</code> and <code>B10:E11</code>" in english
