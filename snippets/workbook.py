"""The spreadsheet companion: the 12-3-2 network, trained in a workbook of live formulas.

    python snippets/workbook.py                         # forty-seven-parameters.xlsx, here
    python snippets/workbook.py --data my_digits.txt    # your own images
    python snippets/workbook.py --eta 0.5 --seed 7 --out mine.xlsx
    python snippets/workbook.py --iterations 100 --epochs 20
    python snippets/workbook.py --language zh           # in Chinese: 说明, 数据, 参数, ...

The workbook trains three ways: Solver (its model is stored on the Parameters sheet, so
Data > Solver in Excel opens ready to press), the Step sheet pasted over Parameters by
hand, and unrolled descent, where every row or block of rows is one step computed from
the one before: full-batch descent (Descent, Descent images) and stochastic descent, one
image per step (Stochastic, Stochastic cost). Curves charts C_T of both.

Every number the network computes is a live formula, written term by term like
expanded.py. The 47 parameters have names (w2_1_1 is the book's w^2_11, b2_1 is b^2_1,
and dw2_1_1 is dC_T/dw^2_11), so the weighted input z^2_1 of image 7 reads

    =w2_1_1*Data!C8+w2_1_2*Data!D8+ ... +w2_1_12*Data!N8+b2_1

Image n sits in row n + 1 of every sheet that has a row per image. Each formula also
carries its value, computed by vector.py, for viewers that never recalculate. The words
(the sheets' names, headings, labels and the Read me) come in every language of
snippets/words-<language>.yml; the formulas and the names are the same in all of them.
"""

import argparse
import functools
import io
import math
import re
from datetime import datetime
from pathlib import Path

import numpy as np
import xlsxwriter
import xlsxwriter.worksheet
from xlsxwriter.utility import xl_col_to_name, xl_range_abs, xl_rowcol_to_cell

import dataset
import parameters
import sheets
import vector
from sheets import (PlainSheet, expanded_sum, formula_count, print_setup, quoted, shade, sigma,
                    styles_of)

FILE = "forty-seven-parameters.xlsx"
CREATED = datetime(2026, 1, 1)  # a fixed date: the same sources give the same bytes

# Every word a reader sees in the workbook comes from the word table of its language
# (sheets.words: the `workbook:` section of snippets/words-<language>.yml), passed to each
# writer below as `words`. The formulas and the names of the cells are the same in every
# language, so a formula works in Excel and LibreOffice in any locale.

# --- where things are ------------------------------------------------------------------
# Rows and columns below are 0-based, as XlsxWriter counts; Excel shows them from 1.

FIRST = 1                               # the row of image 1 (row 2 in Excel); row 0 holds headers
DATA_X, DATA_T, DATA_PICTURES = 2, 14, 17  # columns: x1..x12 from C, t1 t2 from O, pictures from R
FORWARD_Z2, FORWARD_A2, FORWARD_Z3, FORWARD_A3 = 1, 4, 7, 9   # B..D, E..G, H..I, J..K
BACKPROP_DELTA3, BACKPROP_DELTA2 = 1, 3                       # B..C, D..F
GRADIENT_OFFSET = 7                      # the derivatives block on Backprop starts at column H
W2_ROW, W3_ROW = 4, 9                    # W2 in B5:M7 and b2 in N5:N7; W3 in B10:D11, b3 in E10:E11
B2_COL, B3_COL = 13, 4
ETA_CELL = (1, 1)                        # eta in B2 of Step
COST_CORRECT = 2                         # the column "correct" of Cost: C
COST_TOTAL = (1, 3)                      # C_T in D2 of Cost
COST_CORRECT_TOTAL = (1, 4)              # and the count of correct labels in E2
OBJECTIVE = (1, 1)                       # C_T again in B2 of Parameters: Solver's objective
CORRECT_CELL = (1, 3)                    # the count of correct labels in D2 of Parameters
EXAMPLE = 7                              # the image whose formula the chapter shows

# The unrolled sheets. Descent and Stochastic: a title, eta in B2, a note, headers in row 4
# and a row per iteration (or step) from row 5; their blocks of one row per image (Descent
# images, Stochastic cost) start in row 2.
ITERATIONS = 50                          # full-batch iterations on Descent
EPOCHS = 10                              # epochs of stochastic descent on Stochastic
MAX_COUNT = 1000                         # the most the command line allows of either
UNROLLED_ETA = (1, 1)                    # B2
UNROLLED_FIRST = 4                       # row 5: iteration 0, or 0 steps taken
DESCENT_PARAMS = 3                       # Descent: iteration, C_T, correct, then 47 parameters
DESCENT_GRADS = DESCENT_PARAMS + 47      # and their 47 derivatives
STOCHASTIC_PARAMS = 2                    # Stochastic: steps taken, next image, 47 parameters
STOCHASTIC_PASS = STOCHASTIC_PARAMS + 47  # then the pass of the next image
BLOCK_PASS = 2                           # blocks: iteration (or epoch), image, the pass
CURVES_FIRST = 3                         # Curves: headers in row 3, iteration 0 in row 4
PRINTED_ROWS = 12                        # rows of Descent and Stochastic a printed copy shows


def cells():
    """The cells a reader works with: {step_cells: "B5:N11", paste_cell: "B5", eta_cell: "B2"}."""
    first, last = xl_rowcol_to_cell(W2_ROW, 1), xl_rowcol_to_cell(W3_ROW + 1, B2_COL)
    eta = xl_rowcol_to_cell(*ETA_CELL)
    return {"step_cells": f"{first}:{last}", "paste_cell": first, "eta_cell": eta}


def parameter_cells():
    """Where each of the 47 parameters sits on Parameters (and, in the same place, on Step):
    {name: (row, column)}, in the order W2, b2, W3, b3 of vector.SHAPES."""
    cells = {}
    for j in range(1, 4):
        for i in range(1, 13):
            cells[f"w2_{j}_{i}"] = (W2_ROW + j - 1, i)
    for j in range(1, 4):
        cells[f"b2_{j}"] = (W2_ROW + j - 1, B2_COL)
    for k in range(1, 3):
        for j in range(1, 4):
            cells[f"w3_{k}_{j}"] = (W3_ROW + k - 1, j)
    for k in range(1, 3):
        cells[f"b3_{k}"] = (W3_ROW + k - 1, B3_COL)
    return cells


def flat(params):
    """The 47 numbers of a parameter (or gradient) dict in parameter_cells() order."""
    return [float(v) for name in vector.SHAPES for v in np.ravel(params[name])]


# --- formulas as text -----------------------------------------------------------------

def sheet(words, key):
    """The name of sheet `key` in `words`, as a formula writes it: Data, '数据' (quoted())."""
    return quoted(words["sheets"][key])


def ref(words, key, row, col, fixed_row=False):
    """A reference to a cell on sheet `key`, e.g. Data!C8 (or Data!C$8 with fixed_row)."""
    return f"{sheet(words, key)}!{xl_rowcol_to_cell(row, col, row_abs=fixed_row)}"


def span(col, rows):
    """The cells of one column that hold a value per image, e.g. C$2:C$65."""
    top = xl_rowcol_to_cell(FIRST, col, row_abs=True)
    return f"{top}:{xl_rowcol_to_cell(FIRST + rows - 1, col, row_abs=True)}"


def column(words, key, col, rows):
    """The same on another sheet, e.g. Data!C$2:C$65."""
    return f"{sheet(words, key)}!{span(col, rows)}"


# --- the sheets -------------------------------------------------------------------------

def write_read_me(ws, facts, words, styles):
    """The title and the paragraphs of words["read_me"] (sheets.write_read_me)."""
    sheets.write_read_me(ws, words["title"], words["read_me"], facts, styles)


def write_data(ws, X, T, words, styles):
    """A row per image: its number, label, x1..x12 and t1 t2; and each image as a 4 x 3 picture.

    The pictures are formulas pointing at the row, shaded by conditional formatting."""
    headers = [words["image"], words["label"]] + [f"x{i}" for i in range(1, 13)] + ["t1", "t2"]
    ws.write_row(0, 0, headers, styles["header"])
    for n, (x, t) in enumerate(zip(X, T)):
        row = FIRST + n
        ws.write_row(row, 0, [n + 1, int(t.argmax())] + [int(p) for p in x] + [float(v) for v in t])
    ws.set_column(DATA_X, DATA_X + 11, 4)
    ws.set_column(DATA_PICTURES - 1, DATA_PICTURES - 1, 2)  # a narrow gap before the pictures
    shade(ws, FIRST, DATA_X, FIRST + len(X) - 1, DATA_X + 11, styles)

    ws.write(0, DATA_PICTURES, words["pictures"], styles["header"])
    per_band = 8
    ws.set_column(DATA_PICTURES, DATA_PICTURES + 4 * per_band, 2.6)
    for n, x in enumerate(X):
        top = 1 + 6 * (n // per_band)        # a caption row, 4 pixel rows and a gap
        left = DATA_PICTURES + 4 * (n % per_band)
        caption = words["caption"].format(n=n + 1, label=int(T[n].argmax()))
        ws.merge_range(top, left, top, left + 2, caption, styles["caption"])
        for p in range(12):
            r, c = divmod(p, 3)
            ws.write_formula(top + 1 + r, left + c, "=" + xl_rowcol_to_cell(FIRST + n, DATA_X + p),
                             styles["pixel"], int(x[p]))
        shade(ws, top + 1, left, top + 4, left + 2, styles)


def write_block(ws, prefix, values, words, styles, formulas=None, offset=0):
    """The 47 numbers in labelled blocks: W2 (3 x 12) with b2 beside it, W3 (2 x 3) with b3
    (prefix "d": dW2, db2, ...), `offset` columns to the right of where Parameters has them.

    Numbers on Parameters; formulas, with `values` as their values, on Backprop and Step."""
    header = styles["header"]
    ws.set_column(offset, offset, 12)
    ws.set_column(offset + 1, offset + B2_COL, 10)
    pixels = [words["from_pixel"].format(i=i) for i in range(1, 13)]
    hidden = [words["from_hidden"].format(j=j) for j in range(1, 4)]
    # W2: a row per hidden unit j, a column per pixel i, then b2.
    ws.write_row(W2_ROW - 1, offset, [prefix + "W2"] + pixels + [prefix + "b2"], header)
    ws.write_column(W2_ROW, offset, [words["unit_hidden"].format(j=j) for j in range(1, 4)], header)
    # W3: a row per output unit k, a column per hidden unit j, then b3.
    ws.write_row(W3_ROW - 1, offset, [prefix + "W3"] + hidden + [prefix + "b3"], header)
    ws.write_column(W3_ROW, offset, [words["unit_output"].format(k=k) for k in range(1, 3)], header)
    for value, (name, (row, col)) in zip(values, parameter_cells().items()):
        if formulas is None:
            ws.write_number(row, offset + col, value, styles["parameter"])
        else:
            ws.write_formula(row, offset + col, formulas[name], styles["parameter"], value)


def write_parameters(ws, params, C_T, correct, images, words, styles):
    """The 47 parameters as numbers, the only numbers of the network a reader types in;
    above them C_T (Solver's objective) and the count of correct labels, from Cost."""
    ws.write(0, 0, words["parameters_title"].format(**cells()), styles["title"])
    row, col = OBJECTIVE
    ws.write(row, col - 1, words["cost_total"], styles["header"])
    ws.write_formula(row, col, f"={ref(words, 'cost', *COST_TOTAL)}", styles["number"], C_T)
    row, col = CORRECT_CELL
    ws.write(row, col - 1, words["correct"], styles["header"])
    ws.write_formula(row, col, f"={ref(words, 'cost', *COST_CORRECT_TOTAL)}", styles["count"],
                     correct)
    ws.write(row, col + 1, f"/ {images}")
    write_block(ws, "", flat(params), words, styles)


def name_parameters(book, key, words, prefix="", col_offset=0):
    """Defined names for 47 cells: w2_1_1 -> Parameters!$B$5 and so on (prefix "d": dw2_1_1)."""
    for name, (row, col) in parameter_cells().items():
        cell = xl_rowcol_to_cell(row, col + col_offset, row_abs=True, col_abs=True)
        book.define_name(prefix + name, f"={sheet(words, key)}!{cell}")


def z2_formula(row, j, words):
    """=w2_j_1*Data!C<row>+ ... +w2_j_12*Data!N<row>+b2_j: hidden unit j (from 1), image in `row`"""
    x = [ref(words, "data", row, DATA_X + i) for i in range(12)]
    return expanded_sum([f"w2_{j}_{i}" for i in range(1, 13)], x, f"b2_{j}")


def write_forward(ws, forward, rows, words, styles):
    """A row per image: z2_j = w2_j1*x1 + ... + w2_j12*x12 + b2_j, a2_j = sigma(z2_j),
    z3_k = w3_k1*a2_1 + w3_k2*a2_2 + w3_k3*a2_3 + b3_k, a3_k = sigma(z3_k)."""
    Z2, A2, Z3, A3 = forward
    hidden, output = range(1, 4), range(1, 3)
    headers = ([words["image"]] + [f"z2_{j}" for j in hidden] + [f"a2_{j}" for j in hidden]
               + [f"z3_{k}" for k in output] + [f"a3_{k}" for k in output])
    ws.write_row(0, 0, headers, styles["header"])
    ws.set_column(1, len(headers) - 1, 11)
    for n in range(rows):
        row = FIRST + n
        ws.write(row, 0, n + 1)
        a2 = [xl_rowcol_to_cell(row, FORWARD_A2 + j) for j in range(3)]
        for j in range(3):
            ws.write_formula(row, FORWARD_Z2 + j, z2_formula(row, j + 1, words),
                             styles["number"], float(Z2[n, j]))
            ws.write_formula(row, FORWARD_A2 + j, sigma(xl_rowcol_to_cell(row, FORWARD_Z2 + j)),
                             styles["number"], float(A2[n, j]))
        for k in range(2):
            z3 = expanded_sum([f"w3_{k + 1}_{j}" for j in range(1, 4)], a2, f"b3_{k + 1}")
            ws.write_formula(row, FORWARD_Z3 + k, z3, styles["number"], float(Z3[n, k]))
            ws.write_formula(row, FORWARD_A3 + k, sigma(xl_rowcol_to_cell(row, FORWARD_Z3 + k)),
                             styles["number"], float(A3[n, k]))
    ws.freeze_panes(FIRST, 1)


def write_cost(ws, costs, right, rows, words, styles):
    """A row per image: C = 0.5*((t1-a3_1)^2+(t2-a3_2)^2) and correct, 1 when the label the
    network gives (1 if a3_2 >= a3_1, else 0) is the image's; C_T and the correct count."""
    ws.write_row(0, 0, [words["image"], "C", words["correct"]], styles["header"])
    ws.set_column(1, 2, 11)
    for n in range(rows):
        row = FIRST + n
        t1, t2 = (ref(words, "data", row, DATA_T + k) for k in range(2))
        a1, a2 = (ref(words, "forward", row, FORWARD_A3 + k) for k in range(2))
        ws.write(row, 0, n + 1)
        ws.write_formula(row, 1, f"=0.5*(({t1}-{a1})^2+({t2}-{a2})^2)",
                         styles["number"], float(costs[n]))
        label = ref(words, "data", row, 1)
        ws.write_formula(row, COST_CORRECT, f"=IF(({a2}>={a1})=({label}=1),1,0)",
                         styles["count"], int(right[n]))
    row, col = COST_TOTAL
    ws.write(row - 1, col, words["cost_total"], styles["header"])
    ws.write_formula(row, col, f"=SUM({span(1, rows)})", styles["number"], float(costs.sum()))
    row, col = COST_CORRECT_TOTAL
    ws.write(row - 1, col, words["correct_total"].format(images=rows), styles["header"])
    ws.set_column(col, col, 14)
    ws.write_formula(row, col, f"=SUM({span(COST_CORRECT, rows)})", styles["count"],
                     int(right.sum()))
    ws.freeze_panes(FIRST, 1)


def write_backprop(ws, Delta2, Delta3, grads, rows, words, styles):
    """A row per image: delta3_k = (a3_k - t_k)*a3_k*(1 - a3_k),
    delta2_j = (delta3_1*w3_1j + delta3_2*w3_2j)*a2_j*(1 - a2_j);
    and beside them the 47 derivatives of C_T, each a sum over the images:
    dw2_ji = sum of delta2_j x_i,  db2_j = sum of delta2_j,
    dw3_kj = sum of delta3_k a2_j, db3_k = sum of delta3_k."""
    headers = ([words["image"]] + [f"delta3_{k}" for k in range(1, 3)]
               + [f"delta2_{j}" for j in range(1, 4)])
    ws.write_row(0, 0, headers, styles["header"])
    ws.set_column(1, 5, 11)
    for n in range(rows):
        row = FIRST + n
        ws.write(row, 0, n + 1)
        delta3 = [xl_rowcol_to_cell(row, BACKPROP_DELTA3 + k) for k in range(2)]
        for k in range(2):
            a, t = ref(words, "forward", row, FORWARD_A3 + k), ref(words, "data", row, DATA_T + k)
            ws.write_formula(row, BACKPROP_DELTA3 + k, f"=({a}-{t})*{a}*(1-{a})",
                             styles["number"], float(Delta3[n, k]))
        for j in range(3):
            a = ref(words, "forward", row, FORWARD_A2 + j)
            back = "+".join(f"{delta3[k]}*w3_{k + 1}_{j + 1}" for k in range(2))
            ws.write_formula(row, BACKPROP_DELTA2 + j, f"=({back})*{a}*(1-{a})",
                             styles["number"], float(Delta2[n, j]))
    ws.freeze_panes(FIRST, 1)

    formulas = {}
    for j in range(1, 4):
        delta2 = span(BACKPROP_DELTA2 + j - 1, rows)
        for i in range(1, 13):
            x = column(words, "data", DATA_X + i - 1, rows)
            formulas[f"w2_{j}_{i}"] = f"=SUMPRODUCT({delta2},{x})"
        formulas[f"b2_{j}"] = f"=SUM({delta2})"
    for k in range(1, 3):
        delta3 = span(BACKPROP_DELTA3 + k - 1, rows)
        for j in range(1, 4):
            a2 = column(words, "forward", FORWARD_A2 + j - 1, rows)
            formulas[f"w3_{k}_{j}"] = f"=SUMPRODUCT({delta3},{a2})"
        formulas[f"b3_{k}"] = f"=SUM({delta3})"
    ws.write(0, GRADIENT_OFFSET, words["backprop_title"], styles["title"])
    write_block(ws, "d", flat(grads), words, styles, formulas, offset=GRADIENT_OFFSET)


def write_step(book, ws, stepped, eta, C_T, words, styles):
    """eta, and each parameter after one step: w2_1_1 - eta*dw2_1_1 and so on, placed where
    the parameter sits on Parameters, so one copy and one paste of values takes the step."""
    ws.write(0, 0, words["step_title"], styles["title"])
    formulas = {name: f"={name}-eta*d{name}" for name in parameter_cells()}
    write_block(ws, "", flat(stepped), words, styles, formulas)
    row, col = ETA_CELL
    ws.write(row, col - 1, words["eta"], styles["header"])
    ws.write_number(row, col, eta, styles["eta"])
    cell = xl_rowcol_to_cell(row, col, row_abs=True, col_abs=True)
    book.define_name("eta", f"={sheet(words, 'step')}!{cell}")
    ws.write(row, col + 2, words["cost_now"], styles["header"])
    ws.write_formula(row, col + 3, f"={ref(words, 'cost', *COST_TOTAL)}", styles["number"], C_T)


# --- the unrolled sheets: one pass of an image, written anywhere -------------------------

# The columns of one image's pass, in order: forward, cost, label check, unit errors.
PASS = ([f"z2_{j}" for j in range(1, 4)] + [f"a2_{j}" for j in range(1, 4)]
        + [f"z3_{k}" for k in range(1, 3)] + [f"a3_{k}" for k in range(1, 3)]
        + ["C", "correct"] + [f"delta3_{k}" for k in range(1, 3)]
        + [f"delta2_{j}" for j in range(1, 4)])
WITHOUT_DELTAS = PASS.index("delta3_1")  # a pass that stops after C and correct


def pass_headers(words, columns=PASS):
    """The headers of a pass's columns as the sheet shows them: "correct" in `words`."""
    return [words["correct"] if header == "correct" else header for header in columns]


def absolute(words, key, row, col):
    """A fixed reference to a cell on sheet `key`: Descent!$D$5"""
    return f"{sheet(words, key)}!{xl_rowcol_to_cell(row, col, row_abs=True, col_abs=True)}"


def image_pass(params, x, t):
    """{header of PASS: value} for one image, from vector.py: what a pass row holds."""
    X, T = np.array([x], dtype=float), np.array([t], dtype=float)
    Z2, A2, Z3, A3 = vector.forward(params, X)
    Delta2, Delta3 = vector.deltas(params, A2, A3, T)
    values = {}
    for symbol, matrix in (("z2", Z2), ("a2", A2), ("z3", Z3), ("a3", A3),
                           ("delta3", Delta3), ("delta2", Delta2)):
        values.update({f"{symbol}_{u + 1}": float(v) for u, v in enumerate(matrix[0])})
    values["C"] = float(vector.cost(A3, T))
    values["correct"] = int(vector.predict(params, X)[0] == T[0].argmax())
    return values


def write_pass(ws, row, col, param, n, values, words, styles, deltas=True):
    """Image n's pass (from 0) in one row from column `col`, with the parameters `param(name)`:

    z2_j = w2_j1*x1 + ... + w2_j12*x12 + b2_j,  a2_j = 1/(1+EXP(-z2_j)),
    z3_k = w3_k1*a2_1 + w3_k2*a2_2 + w3_k3*a2_3 + b3_k,  a3_k = 1/(1+EXP(-z3_k)),
    C = 0.5*((t1-a3_1)^2+(t2-a3_2)^2),  correct = 1 if the label (a3_2 >= a3_1) is right,
    delta3_k = (a3_k-t_k)*a3_k*(1-a3_k),  delta2_j = (delta3_1*w3_1j+delta3_2*w3_2j)*a2_j*(1-a2_j).

    Returns {header: cell} of the cells written, for the formulas that use them."""
    data_row = FIRST + n
    x = [ref(words, "data", data_row, DATA_X + i) for i in range(12)]
    t = [ref(words, "data", data_row, DATA_T + k) for k in range(2)]
    cell = {h: xl_rowcol_to_cell(row, col + c) for c, h in enumerate(PASS)}
    formulas = {}
    for j in range(1, 4):
        formulas[f"z2_{j}"] = expanded_sum([param(f"w2_{j}_{i}") for i in range(1, 13)], x,
                                           param(f"b2_{j}"))
        formulas[f"a2_{j}"] = sigma(cell[f"z2_{j}"])
    a2 = [cell[f"a2_{j}"] for j in range(1, 4)]
    for k in range(1, 3):
        formulas[f"z3_{k}"] = expanded_sum([param(f"w3_{k}_{j}") for j in range(1, 4)], a2,
                                           param(f"b3_{k}"))
        formulas[f"a3_{k}"] = sigma(cell[f"z3_{k}"])
    a3_1, a3_2 = cell["a3_1"], cell["a3_2"]
    formulas["C"] = f"=0.5*(({t[0]}-{a3_1})^2+({t[1]}-{a3_2})^2)"
    formulas["correct"] = f"=IF(({a3_2}>={a3_1})=({ref(words, 'data', data_row, 1)}=1),1,0)"
    for k in range(1, 3):
        a = cell[f"a3_{k}"]
        formulas[f"delta3_{k}"] = f"=({a}-{t[k - 1]})*{a}*(1-{a})"
    for j in range(1, 4):
        a = cell[f"a2_{j}"]
        back = "+".join(f"{cell[f'delta3_{k}']}*{param(f'w3_{k}_{j}')}" for k in range(1, 3))
        formulas[f"delta2_{j}"] = f"=({back})*{a}*(1-{a})"
    shown = PASS if deltas else PASS[:WITHOUT_DELTAS]
    for c, header in enumerate(shown):
        style = styles["count"] if header == "correct" else styles["number"]
        ws.write_formula(row, col + c, formulas[header], style, values[header])
    return cell


def write_eta(ws, eta, words, styles):
    """The learning rate of an unrolled sheet, in B2, labelled."""
    row, col = UNROLLED_ETA
    ws.write(row, col - 1, words["eta"], styles["header"])
    ws.write_number(row, col, eta, styles["eta"])
    return xl_rowcol_to_cell(row, col, row_abs=True, col_abs=True)


def block_rows(t, images):
    """The rows (0-based, first and last) of block t on a sheet of one row per image per block."""
    top = FIRST + t * images
    return top, top + images - 1


def block_span(t, col, images):
    """Column `col` of block t: C$66:C$129 for block 1 of 64 images."""
    top, bottom = block_rows(t, images)
    return (f"{xl_rowcol_to_cell(top, col, row_abs=True)}:"
            f"{xl_rowcol_to_cell(bottom, col, row_abs=True)}")


def write_blocks(ws, key, thetas, param_row, X, T, words, styles, deltas, label):
    """A block of one row per image for each parameter set in `thetas`: block t's pass uses
    the parameters in row param_row(t) of sheet `key` (the 47 from column DESCENT_PARAMS or
    STOCHASTIC_PARAMS). Returns nothing; the blocks start in row 2."""
    first_param = DESCENT_PARAMS if key == "descent" else STOCHASTIC_PARAMS
    shown = PASS if deltas else PASS[:WITHOUT_DELTAS]
    ws.write_row(0, 0, [label, words["image"]] + pass_headers(words, shown), styles["header"])
    ws.set_column(0, 1, 9)
    ws.set_column(BLOCK_PASS, BLOCK_PASS + len(shown) - 1, 10.5)
    for t, params in enumerate(thetas):
        row = param_row(t)
        columns = {name: first_param + m for m, name in enumerate(parameter_cells())}
        def param(name):
            return absolute(words, key, row, columns[name])
        for n in range(len(X)):
            r = block_rows(t, len(X))[0] + n
            ws.write_row(r, 0, [t, n + 1])
            write_pass(ws, r, BLOCK_PASS, param, n, image_pass(params, X[n], T[n]), words, styles,
                       deltas)
    ws.freeze_panes(FIRST, BLOCK_PASS)


def parameter_headers():
    """w2_1_1 ... b3_2, in parameter_cells() order"""
    return list(parameter_cells())


def descent_trajectory(params, X, T, eta, iterations):
    """The parameters after 0, 1, ..., `iterations` steps of full-batch descent (vector.py)."""
    thetas = [params]
    for _ in range(iterations):
        thetas.append(vector.step(thetas[-1], vector.gradients(thetas[-1], X, T), eta))
    return thetas


def stochastic_trajectory(params, X, T, eta, epochs):
    """The parameters after 0, 1, ..., epochs * len(X) steps of stochastic descent, one
    image per step in their order (vector.py on one image at a time)."""
    thetas = [params]
    for s in range(epochs * len(X)):
        n = s % len(X)
        grads = vector.gradients(thetas[-1], X[n:n + 1], T[n:n + 1])
        thetas.append(vector.step(thetas[-1], grads, eta))
    return thetas


def write_descent(ws, thetas, X, T, eta, words, styles):
    """A row per iteration t: C_T and the correct labels (sums over block t of Descent
    images), the 47 parameters (row 0: the start; then the row above minus eta times its
    derivatives) and the 47 derivatives, each a sum over block t:
    dw2_ji = SUMPRODUCT(delta2_j, x_i), db2_j = SUM(delta2_j),
    dw3_kj = SUMPRODUCT(delta3_k, a2_j), db3_k = SUM(delta3_k)."""
    n = len(X)
    ws.write(0, 0, words["descent_title"].format(images=n), styles["title"])
    eta_cell = write_eta(ws, eta, words, styles)
    names = parameter_headers()
    headers = ([words["iteration"], words["cost_total"], words["correct"]] + names
               + ["d" + name for name in names])
    ws.write_row(UNROLLED_FIRST - 1, 0, headers, styles["header"])
    ws.set_column(0, 2, 10)
    ws.set_column(DESCENT_PARAMS, DESCENT_GRADS + 46, 10.5)
    pass_col = {h: BLOCK_PASS + c for c, h in enumerate(PASS)}
    images = "descent_images"
    for t, params in enumerate(thetas):
        row = UNROLLED_FIRST + t
        grads = flat(vector.gradients(params, X, T))
        A3 = vector.forward(params, X)[3]
        ws.write(row, 0, t)
        ws.write_formula(row, 1, f"=SUM({sheet(words, images)}!{block_span(t, pass_col['C'], n)})",
                         styles["number"], float(vector.cost(A3, T)))
        ws.write_formula(row, 2,
                         f"=SUM({sheet(words, images)}!{block_span(t, pass_col['correct'], n)})",
                         styles["count"], vector.correct(params, X, T))
        for m, (name, value) in enumerate(zip(names, flat(params))):
            col = DESCENT_PARAMS + m
            if t == 0:
                ws.write_number(row, col, value, styles["parameter"])
            else:
                before = xl_rowcol_to_cell(row - 1, col)
                slope = xl_rowcol_to_cell(row - 1, DESCENT_GRADS + m)
                ws.write_formula(row, col, f"={before}-{eta_cell}*{slope}",
                                 styles["parameter"], value)
        for m, (name, value) in enumerate(zip(names, grads)):
            kind, unit, source = name[:2], int(name.split("_")[1]), name.split("_")[2:]
            delta = f"delta{kind[1]}_{unit}"
            deltas = f"{sheet(words, images)}!{block_span(t, pass_col[delta], n)}"
            if kind[0] == "b":
                formula = f"=SUM({deltas})"
            elif kind == "w2":
                x = column(words, "data", DATA_X + int(source[0]) - 1, n)
                formula = f"=SUMPRODUCT({deltas},{x})"
            else:
                a2 = f"{sheet(words, images)}!{block_span(t, pass_col[f'a2_{source[0]}'], n)}"
                formula = f"=SUMPRODUCT({deltas},{a2})"
            ws.write_formula(row, DESCENT_GRADS + m, formula, styles["number"], value)
    ws.freeze_panes(UNROLLED_FIRST, 1)


def write_stochastic(ws, thetas, X, T, eta, words, styles):
    """A row per step: the parameters after s steps (row 0: the start), then the pass of
    image s mod n + 1; the next row is this one minus eta times that image's gradient:
    w2_ji - eta*delta2_j*x_i, b2_j - eta*delta2_j, w3_kj - eta*delta3_k*a2_j, b3_k - eta*delta3_k."""
    n = len(X)
    ws.write(0, 0, words["stochastic_title"], styles["title"])
    eta_cell = write_eta(ws, eta, words, styles)
    ws.write(2, 0, words["stochastic_order"].format(images=n, next=n + 1))
    names = parameter_headers()
    headers = [words["steps"], words["next_image"]] + names + pass_headers(words)
    ws.write_row(UNROLLED_FIRST - 1, 0, headers, styles["header"])
    ws.set_column(0, 1, 10)
    ws.set_column(STOCHASTIC_PARAMS, STOCHASTIC_PASS + len(PASS) - 1, 10.5)
    cells = None  # the pass cells of the row above
    for s, params in enumerate(thetas):
        row = UNROLLED_FIRST + s
        ws.write(row, 0, s)
        for m, (name, value) in enumerate(zip(names, flat(params))):
            col = STOCHASTIC_PARAMS + m
            if s == 0:
                ws.write_number(row, col, value, styles["parameter"])
                continue
            before, image = xl_rowcol_to_cell(row - 1, col), (s - 1) % n
            kind, unit, source = name[:2], name.split("_")[1], name.split("_")[2:]
            delta = cells[f"delta{kind[1]}_{unit}"]
            if kind[0] == "b":
                slope = delta
            elif kind == "w2":
                slope = f"{delta}*{ref(words, 'data', FIRST + image, DATA_X + int(source[0]) - 1)}"
            else:
                slope = f"{delta}*{cells[f'a2_{source[0]}']}"
            ws.write_formula(row, col, f"={before}-{eta_cell}*{slope}", styles["parameter"], value)
        if s < len(thetas) - 1:
            image = s % n
            ws.write(row, 1, image + 1)
            columns = {name: STOCHASTIC_PARAMS + m for m, name in enumerate(names)}
            def param(name):
                return xl_rowcol_to_cell(row, columns[name], col_abs=True)
            cells = write_pass(ws, row, STOCHASTIC_PASS, param, image,
                               image_pass(params, X[image], T[image]), words, styles)
    ws.freeze_panes(UNROLLED_FIRST, 2)


def write_curves(book, ws, full, stochastic, X, T, words, styles):
    """C_T and the correct labels after each iteration of Descent and each epoch of
    Stochastic (sums over the blocks of Stochastic cost), and a chart of both C_T."""
    n = len(X)
    ws.write(0, 0, words["curves_title"].format(images=n), styles["title"])
    headers = [words["curve_x"], words["curve_full"], words["curve_full_correct"],
               words["curve_stochastic"], words["curve_stochastic_correct"]]
    ws.write_row(CURVES_FIRST - 1, 0, headers, styles["header_wrap"])
    ws.set_row(CURVES_FIRST - 1, 30)
    ws.set_column(0, 4, 12)
    pass_col = {h: BLOCK_PASS + c for c, h in enumerate(PASS)}
    epochs = stochastic[::n]  # the parameters after 0, 1, 2, ... epochs
    rows = max(len(full), len(epochs))
    for e in range(rows):
        row = CURVES_FIRST + e
        ws.write(row, 0, e)
        if e < len(full):
            for col, source, style, value in (
                    (1, 1, "number", vector.total_cost(full[e], X, T)),
                    (2, 2, "count", vector.correct(full[e], X, T))):
                ws.write_formula(row, col, f"={ref(words, 'descent', UNROLLED_FIRST + e, source)}",
                                 styles[style], value)
        if e < len(epochs):
            for col, header, style, value in (
                    (3, "C", "number", vector.total_cost(epochs[e], X, T)),
                    (4, "correct", "count", vector.correct(epochs[e], X, T))):
                span = f"{sheet(words, 'stochastic_cost')}!{block_span(e, pass_col[header], n)}"
                ws.write_formula(row, col, f"=SUM({span})", styles[style], value)
    chart = book.add_chart({"type": "line"})
    curves = sheet(words, "curves")
    last = CURVES_FIRST + rows - 1
    for col, colour in ((1, "#3f51b5"), (3, "#e8743b")):
        chart.add_series({
            "name": f"={curves}!{xl_rowcol_to_cell(CURVES_FIRST - 1, col, True, True)}",
            "categories": f"={curves}!{xl_range_abs(CURVES_FIRST, 0, last, 0)}",
            "values": f"={curves}!{xl_range_abs(CURVES_FIRST, col, last, col)}",
            "line": {"color": colour, "width": 2},
        })
    chart.set_title({"name": words["chart_title"], "name_font": {"size": 11}})
    chart.set_x_axis({"name": words["curve_x"], "interval_unit": max(1, rows // 10),
                      "interval_tick": max(1, rows // 10)})
    chart.set_y_axis({"name": words["chart_y"], "log_base": 10})
    chart.set_legend({"position": "bottom"})
    chart.set_size({"width": 640, "height": 400})
    ws.insert_chart(CURVES_FIRST - 1, 6, chart)
    return last


# --- Solver's model --------------------------------------------------------------------

def solver_model(book, key, objective, variables, words, engine=1):
    """Store a Solver model on sheet `key` the way Excel's Solver does: hidden names local
    to the sheet. Minimise the cell `objective` by changing the cells `variables` (a list
    of ranges on that sheet, like "$B$5:$N$7"), with no constraints, variables free to go
    negative, and `engine` 1 = GRG Nonlinear (2 = Simplex LP, 3 = Evolutionary)."""
    local = f"{sheet(words, key)}!"
    model = {
        "solver_opt": local + objective,          # the objective cell
        "solver_typ": "2",                        # 1 max, 2 min, 3 value of solver_val
        "solver_val": "0",
        "solver_adj": ",".join(local + v for v in variables),  # the variable cells
        "solver_num": "0",                        # constraints
        "solver_neg": "2",                        # 1: unconstrained variables >= 0; 2: free
        "solver_eng": str(engine),
        "solver_lin": "2",                        # not a linear model
        "solver_drv": "1",                        # forward differences
        "solver_est": "1", "solver_nwt": "1", "solver_scl": "1", "solver_sho": "2",
        "solver_cvg": "0.0001", "solver_pre": "0.000001",
        "solver_itr": "2147483647", "solver_tim": "2147483647",
        "solver_ver": "3",
    }
    for name, value in model.items():
        book.define_name(local + name, "=" + value)
        book.defined_names[-1][3] = True  # hidden, as Excel keeps them (XlsxWriter's flag)
    return model


def solver_cells():
    """Solver's objective (C_T on Parameters) and the ranges of its 47 variable cells."""
    objective = xl_rowcol_to_cell(*OBJECTIVE, row_abs=True, col_abs=True)
    w2 = (xl_rowcol_to_cell(W2_ROW, 1, row_abs=True, col_abs=True) + ":"
          + xl_rowcol_to_cell(W2_ROW + 2, B2_COL, row_abs=True, col_abs=True))
    w3 = (xl_rowcol_to_cell(W3_ROW, 1, row_abs=True, col_abs=True) + ":"
          + xl_rowcol_to_cell(W3_ROW + 1, B3_COL, row_abs=True, col_abs=True))
    return objective, [w2, w3]


# --- the whole workbook -----------------------------------------------------------------

def workbook(images, params, eta, data_name, seed, iterations=ITERATIONS, epochs=EPOCHS,
             language="en"):
    """The bytes of the .xlsx file for these images, parameters and eta, with `iterations`
    of full-batch descent and `epochs` of stochastic descent unrolled, in `language`."""
    words = sheets.words("workbook", language)
    X, T = dataset.to_arrays(images)
    n = len(X)
    forward = vector.forward(params, X)
    A2, A3 = forward[1], forward[3]
    Delta2, Delta3 = vector.deltas(params, A2, A3, T)
    grads = vector.gradients(params, X, T)
    costs = 0.5 * ((T - A3) ** 2).sum(axis=1)
    right = vector.predict(params, X) == T.argmax(axis=1)
    full = descent_trajectory(params, X, T, eta, iterations)
    stochastic = stochastic_trajectory(params, X, T, eta, epochs)

    out = io.BytesIO()
    book = xlsxwriter.Workbook(out, {"in_memory": True})
    book.set_properties({"title": words["title"], "author": words["author"], "created": CREATED})
    styles = styles_of(book)
    ws = {key: book.add_worksheet(name, worksheet_class=PlainSheet)
          for key, name in words["sheets"].items()}
    objective, variables = solver_cells()
    eta_cell = xl_rowcol_to_cell(*UNROLLED_ETA)
    facts = {"images": n, "data": data_name, "seed": seed, "eta": eta,
             "iterations": iterations, "epochs": epochs,
             "objective": objective.replace("$", ""),
             "correct": xl_rowcol_to_cell(*CORRECT_CELL),
             "hidden_cells": variables[0].replace("$", ""),
             "output_cells": variables[1].replace("$", ""),
             "unrolled_eta": eta_cell, **cells()}
    write_read_me(ws["read_me"], facts, words, styles)
    write_data(ws["data"], X, T, words, styles)
    print_setup(ws["data"], landscape=True, tall=1)
    write_parameters(ws["parameters"], params, float(costs.sum()), int(right.sum()), n, words,
                     styles)
    name_parameters(book, "parameters", words)
    solver_model(book, "parameters", objective, variables, words)
    print_setup(ws["parameters"], landscape=True)
    write_forward(ws["forward"], forward, n, words, styles)
    print_setup(ws["forward"], repeat=(0, 0))
    write_cost(ws["cost"], costs, right, n, words, styles)
    print_setup(ws["cost"], repeat=(0, 0))
    write_backprop(ws["backprop"], Delta2, Delta3, grads, n, words, styles)
    name_parameters(book, "backprop", words, prefix="d", col_offset=GRADIENT_OFFSET)
    print_setup(ws["backprop"], landscape=True, repeat=(0, 0))
    write_step(book, ws["step"], vector.step(params, grads, eta), eta, float(costs.sum()), words,
               styles)
    print_setup(ws["step"], landscape=True)

    last = write_curves(book, ws["curves"], full, stochastic, X, T, words, styles)
    print_setup(ws["curves"], landscape=True, tall=1, area=(0, 0, max(last, 30), 16))
    write_descent(ws["descent"], full, X, T, eta, words, styles)
    printed = (0, 0, min(UNROLLED_FIRST + len(full) - 1, UNROLLED_FIRST + PRINTED_ROWS), 12)
    print_setup(ws["descent"], landscape=True, tall=1, area=printed)
    write_blocks(ws["descent_images"], "descent", full, lambda t: UNROLLED_FIRST + t, X, T,
                 words, styles, deltas=True, label=words["iteration"])
    print_setup(ws["descent_images"], landscape=True, tall=1, area=(0, 0, n, BLOCK_PASS + len(PASS) - 1))
    write_stochastic(ws["stochastic"], stochastic, X, T, eta, words, styles)
    printed = (0, 0, min(UNROLLED_FIRST + len(stochastic) - 1, UNROLLED_FIRST + PRINTED_ROWS), 12)
    print_setup(ws["stochastic"], landscape=True, tall=1, area=printed)
    write_blocks(ws["stochastic_cost"], "stochastic", stochastic[::n],
                 lambda e: UNROLLED_FIRST + e * n, X, T, words, styles, deltas=False,
                 label=words["epoch"])
    print_setup(ws["stochastic_cost"], landscape=True, tall=1, area=(0, 0, n, BLOCK_PASS + WITHOUT_DELTAS - 1))
    ws["read_me"].activate()
    book.close()
    return out.getvalue()


@functools.cache
def book_workbook(language="en"):
    """The book's workbook: digits.txt, and the seed and the eta of the book's run."""
    images = dataset.load_dataset(parameters.DATA)
    params = vector.init_parameters(parameters.SEED)
    return workbook(images, params, parameters.ETA, parameters.DATA.name, parameters.SEED,
                    language=language)


def downloads():
    """The file the chapters link, downloads/workbook/forty-seven-parameters.xlsx: in English,
    and as zh/forty-seven-parameters.xlsx in Chinese, which the Chinese edition publishes
    at that same link (and so on for every language of sheets.LANGUAGES)."""
    return {FILE: book_workbook(), **{f"{language}/{FILE}": book_workbook(language)
                                      for language in sheets.LANGUAGES if language != "en"}}


def numbers():
    """Facts about the book's workbook, for the prose: {{ workbook.formulas }} and so on."""
    xlsx = book_workbook()
    X, T = dataset.to_arrays(dataset.load_dataset(parameters.DATA))
    params = vector.init_parameters(parameters.SEED)
    stepped = vector.step(params, vector.gradients(params, X, T), parameters.ETA)
    full = descent_trajectory(params, X, T, parameters.ETA, ITERATIONS)[-1]
    stochastic = stochastic_trajectory(params, X, T, parameters.ETA, EPOCHS)[-1]
    objective, variables = solver_cells()
    words = sheets.words("workbook")
    facts = {"formulas": formula_count(xlsx), "sheets": len(words["sheets"]), "eta": parameters.ETA,
             "kilobytes": round(len(xlsx) / 1024),
             "z_formula": z2_formula(FIRST + EXAMPLE - 1, 1, words),
             "cost_before": vector.total_cost(params, X, T),
             "cost_after": vector.total_cost(stepped, X, T), **cells(),
             "iterations": ITERATIONS, "epochs": EPOCHS,
             "descent_final": vector.total_cost(full, X, T),
             "descent_correct": vector.correct(full, X, T),
             "stochastic_final": vector.total_cost(stochastic, X, T),
             "descent_eta": xl_rowcol_to_cell(*UNROLLED_ETA),
             "objective": objective.replace("$", ""),
             "variables": f"` {words['and']} `".join(v.replace("$", "") for v in variables),
             "correct_cell": xl_rowcol_to_cell(*CORRECT_CELL)}
    # What another language's workbook shows otherwise: its edition reads zh/kilobytes for
    # {{ workbook.kilobytes }} (scripts/hooks/run_snippets.py), its sheets' names and words.
    for language in sheets.LANGUAGES:
        if language != "en":
            facts[f"{language}/kilobytes"] = round(len(book_workbook(language)) / 1024)
            own = sheets.words("workbook", language)
            facts[f"{language}/z_formula"] = z2_formula(FIRST + EXAMPLE - 1, 1, own)
            facts[f"{language}/variables"] = f"` {own['and']} `".join(v.replace("$", "")
                                                                      for v in variables)
    return facts


# --- the figure ---------------------------------------------------------------------------

def figure_forward_sheet():
    """A drawing of the Forward sheet: z2_1 of image 7 selected, its formula in the formula bar."""
    from matplotlib.figure import Figure
    from matplotlib.patches import Rectangle

    X, T = dataset.to_arrays(dataset.load_dataset(parameters.DATA))
    Z2, A2, Z3, A3 = vector.forward(vector.init_parameters(parameters.SEED), X)
    words = sheets.words("workbook")  # English: the figures' words are translated as figures
    shown = ([(words["image"], None)] + [(f"z2_{j}", Z2[:, j - 1]) for j in range(1, 4)]
             + [(f"a2_{j}", A2[:, j - 1]) for j in range(1, 4)])
    selected = (FIRST + EXAMPLE - 1, FORWARD_Z2)  # z2_1 of image 7, 0-based
    rows = selected[0] + 2                        # rows 1 .. 9 as a spreadsheet numbers them
    selected_name = xl_rowcol_to_cell(*selected)  # B8
    bar = 3.4                   # the height of the formula bar, in rows
    fig = Figure(figsize=(7.2, 4.1))
    ax = fig.add_axes((0, 0, 1, 1))
    width = [0.6] + [1.0] * len(shown)  # the row-number column, then A, B, ...
    left = np.concatenate([[0], np.cumsum(width)])
    grey, accent = "#8a8f98", "#e8743b"

    def box(x, y, w, h, **style):
        outline = {"fill": False, "edgecolor": grey, "linewidth": 0.6}
        ax.add_patch(Rectangle((x, y), w, h, **{**outline, **style}))

    # The formula bar: the name box, fx, and the formula, wrapped after a + where it is long.
    formula = z2_formula(*selected, words)
    box(0, -bar, left[2], 1.1)
    ax.text(left[2] / 2, -bar + 0.55, selected_name, ha="center", va="center", fontsize=9)
    ax.text(left[2] + 0.25, -bar + 0.55, "fx", ha="center", va="center", fontsize=9, style="italic")
    box(left[2] + 0.5, -bar, left[-1] - left[2] - 0.5, bar - 0.3)
    lines = [""]
    for term in re.findall(r"[^+]+\+?", formula):  # break lines after a +, never inside a term
        lines[-1:] = [lines[-1] + term] if len(lines[-1] + term) <= 64 else [lines[-1], term]
    ax.text(left[2] + 0.65, -bar + 0.25, "\n".join(lines), ha="left", va="top", fontsize=8.2,
            family="monospace", linespacing=1.35)

    # The grid: column letters, row numbers, the header row and the values.
    for c in range(len(shown)):
        ax.add_patch(Rectangle((left[c + 1], 0), width[c + 1], 1,
                               color=grey, alpha=0.15, linewidth=0))
        ax.text(left[c + 1] + 0.5, 0.5, xl_col_to_name(c), ha="center", va="center", fontsize=9)
    for r in range(1, rows + 1):
        ax.add_patch(Rectangle((0, r), width[0], 1, color=grey, alpha=0.15, linewidth=0))
        ax.text(width[0] / 2, r + 0.5, str(r), ha="center", va="center", fontsize=9)
        for c, (header, values) in enumerate(shown):
            x = left[c + 1]
            box(x, r, width[c + 1], 1)
            if r == 1:
                text, weight = header, "bold"
            else:
                text, weight = (str(r - 1) if values is None else f"{values[r - 2]:.4f}"), "normal"
            ax.text(x + width[c + 1] - 0.08, r + 0.5, text,
                    ha="right", va="center", fontsize=9, weight=weight)
    r, c = selected[0] + 1, selected[1]  # grid row r is spreadsheet row r; column c is letter c
    # A spreadsheet marks the selected cell's column letter and row number too.
    for x, y, w in ((left[c + 1], 0, width[c + 1]), (0, r, width[0])):
        ax.add_patch(Rectangle((x, y), w, 1, color=accent, alpha=0.25, linewidth=0))
    ax.add_patch(Rectangle((left[c + 1], r), width[c + 1], 1,
                           fill=False, edgecolor=accent, linewidth=2.2))
    ax.set_xlim(-0.05, left[-1] + 0.05)
    ax.set_ylim(rows + 1.05, -bar - 0.05)
    ax.axis("off")
    return fig


# --- the command line ---------------------------------------------------------------------

def main(argv=None):
    parser = argparse.ArgumentParser(
        prog="workbook.py",
        description="Write the 12-3-2 network as a spreadsheet (.xlsx) whose formulas compute "
                    "the forward pass, the cost, backpropagation and one step of gradient "
                    "descent, with a Solver model ready to run and full-batch and stochastic "
                    "descent unrolled, one row or block per step.")
    parser.add_argument("--data", type=Path, default=parameters.DATA, metavar="PATH",
                        help="dataset file: per image 4 rows of 3 pixels ('#' ink, '.' paper), "
                             "then 'label 0' or 'label 1' (default: digits.txt beside this script)")
    parser.add_argument("--seed", type=int, default=parameters.SEED,
                        help="seed of the random initial parameters, 0 or more "
                             f"(default: {parameters.SEED})")
    parser.add_argument("--eta", type=float, default=parameters.ETA,
                        help="learning rate eta in the Step sheet, greater than 0 "
                             f"(default: {parameters.ETA})")
    parser.add_argument("--iterations", type=int, default=ITERATIONS, metavar="N",
                        help="iterations of full-batch gradient descent unrolled on the "
                             f"Descent sheet, 1 to {MAX_COUNT} (default: {ITERATIONS})")
    parser.add_argument("--epochs", type=int, default=EPOCHS, metavar="N",
                        help="epochs of stochastic descent (one step per image) unrolled on "
                             f"the Stochastic sheet, 1 to {MAX_COUNT} (default: {EPOCHS})")
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
    for option in ("iterations", "epochs"):
        if not 1 <= getattr(args, option) <= MAX_COUNT:
            parser.error(f"argument --{option}: must be from 1 to {MAX_COUNT}, "
                         f"not {getattr(args, option)}")
    if args.out.suffix.lower() != ".xlsx":
        parser.error(f"argument --out: the file name must end in .xlsx, not {args.out.name!r}")

    try:
        images = dataset.load_dataset(args.data)
    except dataset.DatasetError as e:
        parser.exit(2, f"{parser.prog}: error: {e}\n")
    except OSError as e:
        parser.exit(2, f"{parser.prog}: error: cannot read {args.data}: {e.strerror}\n")
    print(f"{len(images)} images: writing {args.iterations} iterations of full-batch descent "
          f"and {args.epochs} epochs of stochastic descent ...", flush=True)
    xlsx = workbook(images, vector.init_parameters(args.seed), args.eta, args.data.name,
                    args.seed, args.iterations, args.epochs, args.language)
    try:
        args.out.write_bytes(xlsx)
    except OSError as e:
        parser.exit(2, f"{parser.prog}: error: cannot write {args.out}: {e.strerror}\n")
    print(f"wrote {args.out}: {len(images)} images, {formula_count(xlsx)} formulas, "
          f"eta = {args.eta}, {len(xlsx) // 1024} kB")


if __name__ == "__main__":
    main()
