"""The convolutional network in a spreadsheet: the forward pass, the cost, backpropagation
and one step of gradient descent on the 96 images of 1, 2 and 3, in live formulas.

    python snippets/cnn_workbook.py                      # cnn-69-parameters.xlsx, here
    python snippets/cnn_workbook.py --eta 0.5 --seed 7 --out mine.xlsx
    python snippets/cnn_workbook.py --data my_digits6.txt
    python snippets/cnn_workbook.py --language zh        # in Chinese: 说明, 数据, 参数, ...

Every number the network computes is a formula written out like cnn_expanded.py, with the
69 parameters by name: wF_2_1_3 is the book's w^F_{213} (filter 2, row 1, column 3), bF_2
is b^F_2, wO_1_3_2_1 is w^O_{1,321} and bO_1 is b^O_1; dwF_2_1_3 is dC_T/dw^F_{213}. So the
feature-map unit z^F_{111} of image 7 reads

    =wF_1_1_1*Data!C8+wF_1_1_2*Data!D8+wF_1_1_3*Data!E8+wF_1_2_1*Data!I8+ ... +bF_1

Image n sits in row n + 1 of every sheet that has a row per image. The cells, the styles,
the print setup and the sheet class are those of workbook.py, the 0/1 network's workbook,
from the library module sheets.py.
"""

import argparse
import functools
import io
import math
from datetime import datetime
from pathlib import Path

import xlsxwriter
from xlsxwriter.utility import xl_rowcol_to_cell

import cnn_dataset
import cnn_parameters
import cnn_vector
import sheets
from sheets import (PlainSheet, expanded_sum, formula_count, print_setup, quoted, shade, sigma,
                    styles_of)

FILE = "cnn-69-parameters.xlsx"
CREATED = datetime(2026, 1, 1)  # a fixed date: the same sources give the same bytes
SIZE, MAP, POOLED, FILTERS, OUTPUTS = 6, 4, 2, 3, 3

# Every word a reader sees comes from the word table of its language (sheets.words: the
# `workbook:` section of snippets/words-<language>.yml), passed to each writer as `words`;
# the formulas and the names of the cells are the same in every language.

# --- where things are (0-based rows and columns, as XlsxWriter counts) ----------------

FIRST = 1                      # the row of image 1 (row 2 in Excel); row 0 holds headers
DATA_X = 2                     # x_1_1 .. x_6_6 in columns C .. AL
DATA_T = DATA_X + SIZE * SIZE  # t1 t2 t3 in AM .. AO
DATA_PICTURES = DATA_T + OUTPUTS + 1
FILTER_ROW = 4                 # filter k: rows 5..7, columns 2 + 4(k-1) .. 4 + 4(k-1)
BIAS_ROW = FILTER_ROW + 3      # bF_k under its filter, in row 8
WO_ROW = 10                    # wO: rows 11..13, columns B..M; bO in column N
BO_COL = 13
OBJECTIVE = (1, 1)             # C_T in B2 of Parameters
ETA_CELL = (1, 1)              # eta in B2 of Step
EXAMPLE = 7                    # the image whose formula the chapter shows

POSITIONS = [(i, j) for i in range(1, MAP + 1) for j in range(1, MAP + 1)]
POOLS = [(i, j) for i in range(1, POOLED + 1) for j in range(1, POOLED + 1)]

# The columns of a forward row, and of a backprop row, in order.
FORWARD = ([f"zF_{k}_{i}_{j}" for k in range(1, 4) for i, j in POSITIONS]
           + [f"aF_{k}_{i}_{j}" for k in range(1, 4) for i, j in POSITIONS]
           + [f"aP_{k}_{i}_{j}" for k in range(1, 4) for i, j in POOLS]
           + [f"zO_{d}" for d in range(1, 4)] + [f"aO_{d}" for d in range(1, 4)] + ["C", "C_T"])
BACKPROP = ([f"deltaO_{d}" for d in range(1, 4)]
            + [f"deltaP_{k}_{i}_{j}" for k in range(1, 4) for i, j in POOLS]
            + [f"win_{k}_{i}_{j}" for k in range(1, 4) for i, j in POOLS]
            + [f"deltaF_{k}_{i}_{j}" for k in range(1, 4) for i, j in POSITIONS])
FORWARD_COL = {h: 1 + c for c, h in enumerate(FORWARD)}
BACKPROP_COL = {h: 1 + c for c, h in enumerate(BACKPROP)}
GRADIENT_OFFSET = len(BACKPROP) + 2   # the derivatives block on Backprop, after a gap


def cells():
    """The cells a reader works with: {step_cells: "B5:N13", paste_cell: "B5", eta_cell: "B2"}."""
    first = xl_rowcol_to_cell(FILTER_ROW, 1)
    last = xl_rowcol_to_cell(WO_ROW + OUTPUTS - 1, BO_COL)
    return {"step_cells": f"{first}:{last}", "paste_cell": first,
            "eta_cell": xl_rowcol_to_cell(*ETA_CELL)}


def parameter_cells():
    """Where each of the 69 parameters sits on Parameters (and on Step): {name: (row, col)},
    in the order of cnn_vector.theta_vector (WF, bF, WO, bO)."""
    where = {}
    for k in range(1, 4):
        for p in range(1, 4):
            for q in range(1, 4):
                where[f"wF_{k}_{p}_{q}"] = (FILTER_ROW + p - 1, 1 + 4 * (k - 1) + q - 1)
    for k in range(1, 4):
        where[f"bF_{k}"] = (BIAS_ROW, 1 + 4 * (k - 1))
    for d in range(1, 4):
        for m, (k, (i, j)) in enumerate((k, pool) for k in range(1, 4) for pool in POOLS):
            where[f"wO_{d}_{k}_{i}_{j}"] = (WO_ROW + d - 1, 1 + m)
    for d in range(1, 4):
        where[f"bO_{d}"] = (WO_ROW + d - 1, BO_COL)
    return where


def sheet(words, key):
    """The name of sheet `key` in `words`, as a formula writes it: Data, '数据' (quoted())."""
    return quoted(words["sheets"][key])


def ref(words, key, row, col):
    """A reference to a cell on sheet `key`, e.g. Data!C8"""
    return f"{sheet(words, key)}!{xl_rowcol_to_cell(row, col)}"


def span(col, rows):
    """The cells of one column that hold a value per image: C$2:C$97."""
    return (f"{xl_rowcol_to_cell(FIRST, col, row_abs=True)}:"
            f"{xl_rowcol_to_cell(FIRST + rows - 1, col, row_abs=True)}")


def column(words, key, col, rows):
    """The same on another sheet: Data!C$2:C$97."""
    return f"{sheet(words, key)}!{span(col, rows)}"


def pixel(words, row, i, j):
    """Data's cell of pixel x_i_j (from 1) of the image in `row`"""
    return ref(words, "data", row, DATA_X + SIZE * (i - 1) + j - 1)


# --- the numbers, from cnn_vector.py -----------------------------------------------------

def values_of(params, X, T):
    """{header: array over the images} of every column of Forward and Backprop, from numpy."""
    ZF, AF, AP, ZO, AO = cnn_vector.forward(params, X)
    DeltaF, DeltaP, DeltaO = cnn_vector.deltas(params, AF, AO, T)
    win = cnn_vector.blocks(AF).argmax(axis=-1) + 1   # 1..4: the first largest of each block
    values = {"C": 0.5 * ((T - AO) ** 2).sum(axis=1)}
    for k in range(1, 4):
        for i, j in POSITIONS:
            values[f"zF_{k}_{i}_{j}"] = ZF[:, k - 1, i - 1, j - 1]
            values[f"aF_{k}_{i}_{j}"] = AF[:, k - 1, i - 1, j - 1]
            values[f"deltaF_{k}_{i}_{j}"] = DeltaF[:, k - 1, i - 1, j - 1]
        for i, j in POOLS:
            m = 4 * (k - 1) + 2 * (i - 1) + j - 1
            values[f"aP_{k}_{i}_{j}"] = AP[:, m]
            values[f"deltaP_{k}_{i}_{j}"] = DeltaP[:, k - 1, i - 1, j - 1]
            values[f"win_{k}_{i}_{j}"] = win[:, k - 1, i - 1, j - 1]
    for d in range(1, 4):
        values[f"zO_{d}"], values[f"aO_{d}"] = ZO[:, d - 1], AO[:, d - 1]
        values[f"deltaO_{d}"] = DeltaO[:, d - 1]
    return values


def flat(params):
    """The 69 numbers of a parameter (or gradient) dict in parameter_cells() order."""
    return [float(v) for v in cnn_vector.theta_vector(params)]


# --- the sheets ---------------------------------------------------------------------------

def write_data(ws, X, T, words, styles):
    """A row per image: its number, label, 36 pixels and 3 targets; and each image drawn as
    a 6 x 6 picture of formulas pointing at its row, shaded by conditional formatting."""
    headers = ([words["image"], words["label"]]
               + [f"x_{i}_{j}" for i in range(1, 7) for j in range(1, 7)] + ["t1", "t2", "t3"])
    ws.write_row(0, 0, headers, styles["header"])
    for n, (x, t) in enumerate(zip(X, T)):
        ws.write_row(FIRST + n, 0, [n + 1, int(t.argmax()) + 1] + [int(p) for p in x.ravel()]
                     + [float(v) for v in t])
    ws.set_column(DATA_X, DATA_T - 1, 4.5)
    ws.set_column(DATA_PICTURES - 1, DATA_PICTURES - 1, 2)
    shade(ws, FIRST, DATA_X, FIRST + len(X) - 1, DATA_T - 1, styles)
    ws.write(0, DATA_PICTURES, words["pictures"], styles["header"])
    per_band = 8
    ws.set_column(DATA_PICTURES, DATA_PICTURES + 7 * per_band, 2.2)
    for n, x in enumerate(X):
        top = 1 + 8 * (n // per_band)        # a caption row, 6 pixel rows and a gap
        left = DATA_PICTURES + 7 * (n % per_band)
        caption = words["caption"].format(n=n + 1, label=int(T[n].argmax()) + 1)
        ws.merge_range(top, left, top, left + SIZE - 1, caption, styles["caption"])
        for i in range(SIZE):
            for j in range(SIZE):
                ws.write_formula(top + 1 + i, left + j,
                                 "=" + xl_rowcol_to_cell(FIRST + n, DATA_X + SIZE * i + j),
                                 styles["pixel"], int(x[i, j]))
        shade(ws, top + 1, left, top + SIZE, left + SIZE - 1, styles)
    ws.freeze_panes(FIRST, 2)


def write_block(ws, values, words, styles, formulas=None, offset=0, prefix=""):
    """The 69 numbers laid out as the network holds them: each filter a 3 x 3 block with
    its bias under it, then W^O, a row per output, with b^O beside it; `offset` columns to
    the right of where Parameters has them. Numbers, or `formulas` with `values` as values."""
    header = styles["header"]
    ws.set_column(offset, offset, 12)
    ws.set_column(offset + 1, offset + BO_COL, 10.5)
    for k in range(1, 4):
        left = offset + 1 + 4 * (k - 1)
        ws.merge_range(FILTER_ROW - 2, left, FILTER_ROW - 2, left + 2,
                       words["filter"].format(k=k, prefix=prefix), header)
        ws.write_row(FILTER_ROW - 1, left, [f"q = {q}" for q in range(1, 4)], header)
    ws.write_column(FILTER_ROW, offset, [f"p = {p}" for p in range(1, 4)], header)
    ws.write(BIAS_ROW, offset, prefix + "bF_k", header)
    ws.write(WO_ROW - 2, offset, prefix + words["output_weights"], styles["title"])
    pooled = [f"aP_{k}_{i}_{j}" for k in range(1, 4) for i, j in POOLS]
    ws.write_row(WO_ROW - 1, offset, [prefix + "wO"] + pooled + [prefix + "bO"], header)
    ws.write_column(WO_ROW, offset, [words["output"].format(d=d) for d in range(1, 4)], header)
    for value, (name, (row, col)) in zip(values, parameter_cells().items()):
        if formulas is None:
            ws.write_number(row, offset + col, value, styles["parameter"])
        else:
            ws.write_formula(row, offset + col, formulas[name], styles["parameter"], value)


def name_parameters(book, key, words, prefix="", col_offset=0):
    """Defined names for the 69 cells: wF_1_1_1 -> Parameters!$B$5 (prefix "d": dwF_1_1_1)."""
    for name, (row, col) in parameter_cells().items():
        cell = xl_rowcol_to_cell(row, col + col_offset, row_abs=True, col_abs=True)
        book.define_name(prefix + name, f"={sheet(words, key)}!{cell}")


def zF_formula(row, param, k, i, j, words):
    """=wF_k_1_1*x_i_j+...+wF_k_3_3*x_i+2_j+2+bF_k, the nine products of filter k at (i, j)"""
    weights = [param(f"wF_{k}_{p}_{q}") for p in range(1, 4) for q in range(1, 4)]
    x = [pixel(words, row, i + p, j + q) for p in range(3) for q in range(3)]
    return expanded_sum(weights, x, param(f"bF_{k}"))


def write_forward(ws, param, values, rows, words, styles):
    """A row per image: zF (the nine products and the bias written out), aF = sigma(zF),
    aP = MAX of the four units of a block, zO = wO . aP + bO written out, aO = sigma(zO),
    C = 0.5*((t1-aO_1)^2+(t2-aO_2)^2+(t3-aO_3)^2); and C_T, in the second row.
    param(name) is how a formula names a parameter."""
    ws.write_row(0, 0, [words["image"]] + FORWARD, styles["header"])
    ws.set_column(1, len(FORWARD), 10.5)
    for n in range(rows):
        row = FIRST + n
        cell = {h: xl_rowcol_to_cell(row, c) for h, c in FORWARD_COL.items()}
        formulas = {}
        for k in range(1, 4):
            for i, j in POSITIONS:
                formulas[f"zF_{k}_{i}_{j}"] = zF_formula(row, param, k, i, j, words)
                formulas[f"aF_{k}_{i}_{j}"] = sigma(cell[f"zF_{k}_{i}_{j}"])
            for i, j in POOLS:
                four = [cell[f"aF_{k}_{2 * i - 1 + r}_{2 * j - 1 + c}"] for r in (0, 1) for c in (0, 1)]
                formulas[f"aP_{k}_{i}_{j}"] = f"=MAX({','.join(four)})"
        pooled = [cell[f"aP_{k}_{i}_{j}"] for k in range(1, 4) for i, j in POOLS]
        t = [ref(words, "data", row, DATA_T + d) for d in range(3)]
        for d in range(1, 4):
            weights = [param(f"wO_{d}_{k}_{i}_{j}") for k in range(1, 4) for i, j in POOLS]
            formulas[f"zO_{d}"] = expanded_sum(weights, pooled, param(f"bO_{d}"))
            formulas[f"aO_{d}"] = sigma(cell[f"zO_{d}"])
        formulas["C"] = "=0.5*(" + "+".join(f"({t[d]}-{cell[f'aO_{d + 1}']})^2"
                                           for d in range(3)) + ")"
        ws.write(row, 0, n + 1)
        for header, formula in formulas.items():
            ws.write_formula(row, FORWARD_COL[header], formula, styles["number"],
                             float(values[header][n]))
    ws.write_formula(FIRST, FORWARD_COL["C_T"], f"=SUM({span(FORWARD_COL['C'], rows)})",
                     styles["number"], float(values["C"].sum()))
    ws.freeze_panes(FIRST, 1)


def write_parameters(ws, params, C_T, words, styles):
    """The 69 parameters as numbers, the only numbers of the network a reader types in;
    above them C_T, from Forward."""
    ws.write(0, 0, words["parameters_title"].format(**cells()), styles["title"])
    row, col = OBJECTIVE
    ws.write(row, col - 1, words["cost_total"], styles["header"])
    ws.write_formula(row, col, f"={ref(words, 'forward', FIRST, FORWARD_COL['C_T'])}",
                     styles["number"], C_T)
    write_block(ws, flat(params), words, styles)


def winner_formula(a, four):
    """=IF(c1=aP,1,IF(c2=aP,2,IF(c3=aP,3,4))): which candidate is the first largest"""
    formula = "4"
    for m in (3, 2, 1):
        formula = f"IF({four[m - 1]}={a},{m},{formula})"
    return "=" + formula


def write_backprop(ws, values, grads, rows, words, styles):
    """A row per image: deltaO_d = (aO_d-t_d)*aO_d*(1-aO_d), deltaP_k_i_j = sum over d of
    deltaO_d*wO_d_k_i_j, win_k_i_j (the first largest of the block's four units: 1..4),
    deltaF_k_i_j = IF(win = its place, deltaP, 0)*aF*(1-aF); beside them the 69 derivatives:
    dwF_k_p_q = sum over images and positions (i, j) of deltaF_k_i_j * x_i+p-1_j+q-1,
    dbF_k = the sum of deltaF_k, dwO_d_k_i_j = sum of deltaO_d*aP_k_i_j, dbO_d = sum of deltaO_d."""
    ws.write_row(0, 0, [words["image"]] + BACKPROP, styles["header"])
    ws.set_column(1, len(BACKPROP), 10.5)
    for n in range(rows):
        row = FIRST + n
        cell = {h: xl_rowcol_to_cell(row, c) for h, c in BACKPROP_COL.items()}
        forward = {h: ref(words, "forward", row, c) for h, c in FORWARD_COL.items()}
        formulas = {}
        for d in range(1, 4):
            a, t = forward[f"aO_{d}"], ref(words, "data", row, DATA_T + d - 1)
            formulas[f"deltaO_{d}"] = f"=({a}-{t})*{a}*(1-{a})"
        for k in range(1, 4):
            for i, j in POOLS:
                unit = f"{k}_{i}_{j}"
                formulas[f"deltaP_{unit}"] = "=" + "+".join(
                    f"{cell[f'deltaO_{d}']}*wO_{d}_{unit}" for d in range(1, 4))
                four = [forward[f"aF_{k}_{2 * i - 1 + r}_{2 * j - 1 + c}"]
                        for r in (0, 1) for c in (0, 1)]
                formulas[f"win_{unit}"] = winner_formula(forward[f"aP_{unit}"], four)
            for i, j in POSITIONS:
                block = f"{k}_{(i + 1) // 2}_{(j + 1) // 2}"
                place = 2 * ((i - 1) % 2) + (j - 1) % 2 + 1   # 1..4 in the block, reading order
                a = forward[f"aF_{k}_{i}_{j}"]
                formulas[f"deltaF_{k}_{i}_{j}"] = (f"=IF({cell[f'win_{block}']}={place},"
                                                   f"{cell[f'deltaP_{block}']},0)*{a}*(1-{a})")
        ws.write(row, 0, n + 1)
        for header, formula in formulas.items():
            style = styles["count"] if header.startswith("win") else styles["number"]
            value = values[header][n]
            ws.write_formula(row, BACKPROP_COL[header], formula, style,
                             int(value) if header.startswith("win") else float(value))
    ws.freeze_panes(FIRST, 1)

    formulas = {}
    for k in range(1, 4):
        for p in range(1, 4):
            for q in range(1, 4):
                terms = [f"SUMPRODUCT({span(BACKPROP_COL[f'deltaF_{k}_{i}_{j}'], rows)},"
                         f"{column(words, 'data', DATA_X + SIZE * (i + p - 2) + j + q - 2, rows)})"
                         for i, j in POSITIONS]
                formulas[f"wF_{k}_{p}_{q}"] = "=" + "+".join(terms)
        first = BACKPROP_COL[f"deltaF_{k}_1_1"]
        whole = (f"{xl_rowcol_to_cell(FIRST, first, row_abs=True)}:"
                 f"{xl_rowcol_to_cell(FIRST + rows - 1, first + MAP * MAP - 1, row_abs=True)}")
        formulas[f"bF_{k}"] = f"=SUM({whole})"
    for d in range(1, 4):
        deltaO = span(BACKPROP_COL[f"deltaO_{d}"], rows)
        for k in range(1, 4):
            for i, j in POOLS:
                aP = column(words, "forward", FORWARD_COL[f"aP_{k}_{i}_{j}"], rows)
                formulas[f"wO_{d}_{k}_{i}_{j}"] = f"=SUMPRODUCT({deltaO},{aP})"
        formulas[f"bO_{d}"] = f"=SUM({deltaO})"
    ws.write(0, GRADIENT_OFFSET, words["backprop_title"], styles["title"])
    write_block(ws, flat(grads), words, styles, formulas, offset=GRADIENT_OFFSET, prefix="d")


def write_step(book, ws, stepped, eta, C_T, C_T_after, words, styles):
    """eta, and each parameter after one step, wF_1_1_1-eta*dwF_1_1_1 and so on, where the
    parameter sits on Parameters, so one copy and one paste of values takes the step;
    C_T now and after the step."""
    ws.write(0, 0, words["step_title"], styles["title"])
    formulas = {name: f"={name}-eta*d{name}" for name in parameter_cells()}
    write_block(ws, flat(stepped), words, styles, formulas)
    row, col = ETA_CELL
    ws.write(row, col - 1, words["eta"], styles["header"])
    ws.write_number(row, col, eta, styles["eta"])
    book.define_name("eta", f"={sheet(words, 'step')}!{xl_rowcol_to_cell(row, col, True, True)}")
    ws.write(row, col + 2, words["cost_now"], styles["header"])
    ws.write_formula(row, col + 3, f"={ref(words, 'forward', FIRST, FORWARD_COL['C_T'])}",
                     styles["number"], C_T)
    ws.write(row, col + 5, words["cost_after"], styles["header"])
    ws.write_formula(row, col + 7, f"={ref(words, 'after', FIRST, FORWARD_COL['C_T'])}",
                     styles["number"], C_T_after)


# --- the whole workbook ---------------------------------------------------------------------

def workbook_bytes(images, params, eta, data_name, seed, language="en"):
    """The bytes of the .xlsx file for these images, starting parameters and eta, in `language`."""
    words = sheets.words("cnn_workbook", language)
    X, T = cnn_dataset.to_arrays(images)
    n = len(X)
    values = values_of(params, X, T)
    grads = cnn_vector.gradients(params, X, T)
    stepped = cnn_vector.step(params, grads, eta)
    after = values_of(stepped, X, T)

    out = io.BytesIO()
    book = xlsxwriter.Workbook(out, {"in_memory": True})
    book.set_properties({"title": words["title"], "author": words["author"], "created": CREATED})
    styles = styles_of(book)
    ws = {key: book.add_worksheet(name, worksheet_class=PlainSheet)
          for key, name in words["sheets"].items()}
    facts = {"images": n, "data": data_name, "seed": seed, "eta": eta, **cells()}
    sheets.write_read_me(ws["read_me"], words["title"], words["read_me"], facts, styles)
    write_data(ws["data"], X, T, words, styles)
    print_setup(ws["data"], landscape=True, wide=2, repeat=(0, 0))
    write_parameters(ws["parameters"], params, float(values["C"].sum()), words, styles)
    name_parameters(book, "parameters", words)
    print_setup(ws["parameters"], landscape=True)
    write_forward(ws["forward"], lambda name: name, values, n, words, styles)
    print_setup(ws["forward"], landscape=True, wide=6, repeat=(0, 0))
    write_backprop(ws["backprop"], values, grads, n, words, styles)
    name_parameters(book, "backprop", words, prefix="d", col_offset=GRADIENT_OFFSET)
    print_setup(ws["backprop"], landscape=True, wide=6, repeat=(0, 0))
    write_step(book, ws["step"], stepped, eta, float(values["C"].sum()),
               float(after["C"].sum()), words, styles)
    print_setup(ws["step"], landscape=True)
    where = parameter_cells()
    step = sheet(words, "step")
    write_forward(ws["after"], lambda name: f"{step}!{xl_rowcol_to_cell(*where[name], True, True)}",
                  after, n, words, styles)
    print_setup(ws["after"], landscape=True, wide=6, repeat=(0, 0))
    ws["read_me"].activate()
    book.close()
    return out.getvalue()


@functools.cache
def book_workbook(language="en"):
    """The book's workbook: digits6.txt, and the seed and eta of the chapter's run."""
    return workbook_bytes(cnn_dataset.load_dataset(cnn_parameters.DATA),
                          cnn_vector.init_parameters(cnn_parameters.SEED), cnn_parameters.ETA,
                          cnn_parameters.DATA.name, cnn_parameters.SEED, language)


def downloads():
    """The file the chapter links, downloads/cnn_workbook/cnn-69-parameters.xlsx: in English,
    and as zh/cnn-69-parameters.xlsx in Chinese, for the Chinese edition's same link."""
    return {FILE: book_workbook(), **{f"{language}/{FILE}": book_workbook(language)
                                      for language in sheets.LANGUAGES if language != "en"}}


def numbers():
    """Facts about the book's workbook, for the prose: {{ cnn_workbook.formulas }} and so on."""
    xlsx = book_workbook()
    X, T = cnn_dataset.to_arrays(cnn_dataset.load_dataset(cnn_parameters.DATA))
    params = cnn_vector.init_parameters(cnn_parameters.SEED)
    stepped = cnn_vector.step(params, cnn_vector.gradients(params, X, T), cnn_parameters.ETA)
    words = sheets.words("cnn_workbook")
    facts = {"formulas": formula_count(xlsx), "sheets": len(words["sheets"]),
             "kilobytes": round(len(xlsx) / 1024), "eta": cnn_parameters.ETA,
             "cost_before": cnn_vector.total_cost(params, X, T),
             "cost_after": cnn_vector.total_cost(stepped, X, T),
             "z_formula": zF_formula(FIRST + EXAMPLE - 1, lambda name: name, 1, 1, 1, words),
             **cells()}
    # What another language's workbook shows otherwise, for its edition (as in workbook.py).
    for language in sheets.LANGUAGES:
        if language != "en":
            own = sheets.words("cnn_workbook", language)
            facts[f"{language}/kilobytes"] = round(len(book_workbook(language)) / 1024)
            facts[f"{language}/z_formula"] = zF_formula(FIRST + EXAMPLE - 1, lambda name: name,
                                                        1, 1, 1, own)
    return facts


# --- the command line -------------------------------------------------------------------------

def main(argv=None):
    parser = argparse.ArgumentParser(
        prog="cnn_workbook.py",
        description="Write the convolutional network of chapter 5 as a spreadsheet (.xlsx) "
                    "whose formulas compute the forward pass, the cost, backpropagation "
                    "through pooling and the convolution, and one step of gradient descent.")
    parser.add_argument("--data", type=Path, default=cnn_parameters.DATA, metavar="PATH",
                        help="dataset file: per image 6 rows of 6 pixels ('#' ink, '.' paper), "
                             "then 'label 1', 'label 2' or 'label 3' (default: digits6.txt "
                             "beside this script)")
    parser.add_argument("--seed", type=int, default=cnn_parameters.SEED,
                        help="seed of the random initial parameters, 0 or more "
                             f"(default: {cnn_parameters.SEED})")
    parser.add_argument("--eta", type=float, default=cnn_parameters.ETA,
                        help="learning rate eta in the Step sheet, greater than 0 "
                             f"(default: {cnn_parameters.ETA})")
    parser.add_argument("--language", choices=sheets.LANGUAGES, default="en",
                        help="the language of the sheets' names, headings and notes "
                             "(default: en; zh is Chinese)")
    parser.add_argument("--out", type=Path, default=Path(FILE), metavar="PATH",
                        help=f"the workbook to write (default: {FILE} in the current folder)")
    args = parser.parse_args(argv)
    if not (math.isfinite(args.eta) and args.eta > 0):
        parser.error(f"argument --eta: must be a finite number greater than 0, not {args.eta}")
    if args.seed < 0:
        parser.error(f"argument --seed: must be 0 or more, not {args.seed}")
    if args.out.suffix.lower() != ".xlsx":
        parser.error(f"argument --out: the file name must end in .xlsx, not {args.out.name!r}")
    try:
        images = cnn_dataset.load_dataset(args.data)
    except cnn_dataset.DatasetError as e:
        parser.exit(2, f"{parser.prog}: error: {e}\n")
    except OSError as e:
        parser.exit(2, f"{parser.prog}: error: cannot read {args.data}: {e.strerror}\n")
    print(f"{len(images)} images: writing the workbook ...", flush=True)
    xlsx = workbook_bytes(images, cnn_vector.init_parameters(args.seed), args.eta,
                          args.data.name, args.seed, args.language)
    try:
        args.out.write_bytes(xlsx)
    except OSError as e:
        parser.exit(2, f"{parser.prog}: error: cannot write {args.out}: {e.strerror}\n")
    print(f"wrote {args.out}: {len(images)} images, {formula_count(xlsx)} formulas, "
          f"eta = {args.eta}, {len(xlsx) // 1024} kB")


if __name__ == "__main__":
    main()
