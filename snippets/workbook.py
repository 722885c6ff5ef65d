"""The spreadsheet companion: the 12-3-2 network and one step of gradient descent as a workbook.

    python snippets/workbook.py                         # forty-seven-parameters.xlsx, here
    python snippets/workbook.py --data my_digits.txt    # your own images
    python snippets/workbook.py --eta 0.5 --seed 7 --out mine.xlsx

Every number the network computes is a live formula, written term by term like
expanded.py. The 47 parameters have names (w2_1_1 is the book's w^2_11, b2_1 is b^2_1,
and dw2_1_1 is dC_T/dw^2_11), so the weighted input z^2_1 of image 7 reads

    =w2_1_1*Data!C8+w2_1_2*Data!D8+ ... +w2_1_12*Data!N8+b2_1

Image n sits in row n + 1 of every sheet that has a row per image. Each formula also
carries its value, computed by vector.py, for viewers that never recalculate.
"""

import argparse
import io
import math
import re
import zipfile
from datetime import datetime
from pathlib import Path

import numpy as np
import xlsxwriter
from xlsxwriter.utility import xl_col_to_name, xl_rowcol_to_cell

import dataset
import parameters
import vector

FILE = "forty-seven-parameters.xlsx"
CREATED = datetime(2026, 1, 1)  # a fixed date: the same sources give the same bytes

# Every word a reader sees in the workbook, in one place, so that an edition in another
# language replaces this dict and nothing else.
WORDS = {
    "sheets": {"read_me": "Read me", "data": "Data", "parameters": "Parameters",
               "forward": "Forward", "cost": "Cost", "backprop": "Backprop", "step": "Step"},
    "title": "Forty-Seven Parameters: the 12-3-2 network in a spreadsheet",
    "read_me": [
        "This workbook is the network of the book, computed by the spreadsheet itself. "
        "Every number on the sheets Forward, Cost, Backprop and Step is a formula: click a "
        "cell and the formula bar shows how it is computed, term by term.",
        "Training set: {images} images from {data}. Starting parameters: drawn at random "
        "with seed {seed}.",
        "How the sheets connect:",
        "Data: one row per image, the pixels x1 ... x12 (1 = ink, 0 = paper) and the "
        "target t1, t2; on the right, the same images drawn as 4 x 3 pictures.",
        "Parameters: the 47 numbers the network learns. Each has a name: w2_1_1 is the "
        "book's weight w²₁₁ (hidden unit 1, pixel 1), b2_1 is the bias b²₁, w3_2_3 is "
        "w³₂₃, and so on.",
        "Forward: one row per image. z = w x + ... + b written out in full, and "
        "a = 1/(1+EXP(-z)), for the 3 hidden units (layer 2) and the 2 outputs (layer 3).",
        "Cost: C of each image, C = 0.5*((t1-a1)^2+(t2-a2)^2), and C_T, their sum.",
        "Backprop: the unit errors delta of each image, then the 47 partial derivatives "
        "of C_T, each the sum over the images of a delta times an activation. dw2_1_1 "
        "is the name of the derivative of C_T with respect to w2_1_1.",
        "Step: the learning rate eta and the 47 parameters after one step of gradient "
        "descent: each parameter minus eta times its derivative.",
        "To train: change eta on the Step sheet if you like (it starts at {eta}). Select "
        "Step!{step_cells}, copy it, click Parameters!{paste_cell} and paste values only "
        "(Paste Special, Values). Every sheet recalculates, and C_T on the Cost sheet (shown "
        "again at the top of Step) goes down when eta is small enough. Each paste is one step "
        "of gradient descent.",
        "The rows and columns are numbered as in the book, from 1. The Python code counts "
        "from 0: the book's w²₁₁ is W2[0, 0] there.",
        "Made by snippets/workbook.py; python snippets/workbook.py --help shows how to make "
        "one for your own images.",
    ],
    "image": "image",
    "label": "label",
    "pictures": "The images as pictures (ink dark, paper light)",
    "caption": "#{n}: {label}",
    "parameters_title": "The 47 parameters. To take a step, paste the values of "
                        "Step!{step_cells} here at {paste_cell}.",
    "cost_total": "C_T",
    "backprop_title": "The 47 partial derivatives of C_T",
    "step_title": "One step of gradient descent: each parameter minus eta times its derivative",
    "eta": "eta (learning rate)",
    "cost_now": "C_T now",
    "unit_hidden": "j = {j}",
    "unit_output": "k = {k}",
    "from_pixel": "i = {i}",
    "from_hidden": "j = {j}",
}

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
COST_TOTAL = (1, 3)                      # C_T in D2 of Cost
EXAMPLE = 7                              # the image whose formula the chapter shows


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

def sheet(key):
    """A sheet's name as a formula writes it: quoted when it holds anything but letters."""
    name = WORDS["sheets"][key]
    return name if name.isalnum() else "'" + name.replace("'", "''") + "'"


def ref(key, row, col, fixed_row=False):
    """A reference to a cell on sheet `key`, e.g. Data!C8 (or Data!C$8 with fixed_row)."""
    return f"{sheet(key)}!{xl_rowcol_to_cell(row, col, row_abs=fixed_row)}"


def span(col, rows):
    """The cells of one column that hold a value per image, e.g. C$2:C$65."""
    top = xl_rowcol_to_cell(FIRST, col, row_abs=True)
    return f"{top}:{xl_rowcol_to_cell(FIRST + rows - 1, col, row_abs=True)}"


def column(key, col, rows):
    """The same on another sheet, e.g. Data!C$2:C$65."""
    return f"{sheet(key)}!{span(col, rows)}"


def expanded_sum(weights, inputs, bias):
    """=w1*x1+w2*x2+...+b, the weighted input written out term by term"""
    return "=" + "+".join(f"{w}*{x}" for w, x in zip(weights, inputs)) + f"+{bias}"


def sigma(z):
    """=1/(1+EXP(-z))"""
    return f"=1/(1+EXP(-{z}))"


# --- the sheets -------------------------------------------------------------------------

def write_read_me(ws, facts, styles):
    """The title and the paragraphs of WORDS["read_me"], one per row."""
    ws.set_column(0, 0, 110, styles["wrap"])
    ws.write(0, 0, WORDS["title"], styles["title"])
    for row, text in enumerate(WORDS["read_me"], start=2):
        ws.write(row, 0, text.format(**facts), styles["wrap"])


def write_data(ws, X, T, styles):
    """A row per image: its number, label, x1..x12 and t1 t2; and each image as a 4 x 3 picture.

    The pictures are formulas pointing at the row, shaded by conditional formatting."""
    headers = [WORDS["image"], WORDS["label"]] + [f"x{i}" for i in range(1, 13)] + ["t1", "t2"]
    ws.write_row(0, 0, headers, styles["header"])
    for n, (x, t) in enumerate(zip(X, T)):
        row = FIRST + n
        ws.write_row(row, 0, [n + 1, int(t.argmax())] + [int(p) for p in x] + [float(v) for v in t])
    ws.set_column(DATA_X, DATA_X + 11, 4)
    ws.set_column(DATA_PICTURES - 1, DATA_PICTURES - 1, 2)  # a narrow gap before the pictures
    shade(ws, FIRST, DATA_X, FIRST + len(X) - 1, DATA_X + 11, styles)

    ws.write(0, DATA_PICTURES, WORDS["pictures"], styles["header"])
    per_band = 8
    ws.set_column(DATA_PICTURES, DATA_PICTURES + 4 * per_band, 2.6)
    for n, x in enumerate(X):
        top = 1 + 6 * (n // per_band)        # a caption row, 4 pixel rows and a gap
        left = DATA_PICTURES + 4 * (n % per_band)
        caption = WORDS["caption"].format(n=n + 1, label=int(T[n].argmax()))
        ws.merge_range(top, left, top, left + 2, caption, styles["caption"])
        for p in range(12):
            r, c = divmod(p, 3)
            ws.write_formula(top + 1 + r, left + c, "=" + xl_rowcol_to_cell(FIRST + n, DATA_X + p),
                             styles["pixel"], int(x[p]))
        shade(ws, top + 1, left, top + 4, left + 2, styles)


def shade(ws, first_row, first_col, last_row, last_col, styles):
    """Conditional formatting: 1 (ink) dark, 0 (paper) light."""
    for value, style in ((1, "ink"), (0, "paper")):
        rule = {"type": "cell", "criteria": "==", "value": value, "format": styles[style]}
        ws.conditional_format(first_row, first_col, last_row, last_col, rule)


def write_block(ws, prefix, values, styles, formulas=None, offset=0):
    """The 47 numbers in labelled blocks: W2 (3 x 12) with b2 beside it, W3 (2 x 3) with b3
    (prefix "d": dW2, db2, ...), `offset` columns to the right of where Parameters has them.

    Numbers on Parameters; formulas, with `values` as their values, on Backprop and Step."""
    header = styles["header"]
    ws.set_column(offset, offset, 12)
    ws.set_column(offset + 1, offset + B2_COL, 10)
    pixels = [WORDS["from_pixel"].format(i=i) for i in range(1, 13)]
    hidden = [WORDS["from_hidden"].format(j=j) for j in range(1, 4)]
    # W2: a row per hidden unit j, a column per pixel i, then b2.
    ws.write_row(W2_ROW - 1, offset, [prefix + "W2"] + pixels + [prefix + "b2"], header)
    ws.write_column(W2_ROW, offset, [WORDS["unit_hidden"].format(j=j) for j in range(1, 4)], header)
    # W3: a row per output unit k, a column per hidden unit j, then b3.
    ws.write_row(W3_ROW - 1, offset, [prefix + "W3"] + hidden + [prefix + "b3"], header)
    ws.write_column(W3_ROW, offset, [WORDS["unit_output"].format(k=k) for k in range(1, 3)], header)
    for value, (name, (row, col)) in zip(values, parameter_cells().items()):
        if formulas is None:
            ws.write_number(row, offset + col, value, styles["parameter"])
        else:
            ws.write_formula(row, offset + col, formulas[name], styles["parameter"], value)


def write_parameters(ws, params, styles):
    """The 47 parameters as numbers, the only numbers of the network a reader types in."""
    ws.write(0, 0, WORDS["parameters_title"].format(**cells()), styles["title"])
    write_block(ws, "", flat(params), styles)


def name_parameters(book, key, prefix="", col_offset=0):
    """Defined names for 47 cells: w2_1_1 -> Parameters!$B$5 and so on (prefix "d": dw2_1_1)."""
    for name, (row, col) in parameter_cells().items():
        cell = xl_rowcol_to_cell(row, col + col_offset, row_abs=True, col_abs=True)
        book.define_name(prefix + name, f"={sheet(key)}!{cell}")


def z2_formula(row, j):
    """=w2_j_1*Data!C<row>+ ... +w2_j_12*Data!N<row>+b2_j: hidden unit j (from 1), image in `row`"""
    x = [ref("data", row, DATA_X + i) for i in range(12)]
    return expanded_sum([f"w2_{j}_{i}" for i in range(1, 13)], x, f"b2_{j}")


def write_forward(ws, forward, rows, styles):
    """A row per image: z2_j = w2_j1*x1 + ... + w2_j12*x12 + b2_j, a2_j = sigma(z2_j),
    z3_k = w3_k1*a2_1 + w3_k2*a2_2 + w3_k3*a2_3 + b3_k, a3_k = sigma(z3_k)."""
    Z2, A2, Z3, A3 = forward
    hidden, output = range(1, 4), range(1, 3)
    headers = ([WORDS["image"]] + [f"z2_{j}" for j in hidden] + [f"a2_{j}" for j in hidden]
               + [f"z3_{k}" for k in output] + [f"a3_{k}" for k in output])
    ws.write_row(0, 0, headers, styles["header"])
    ws.set_column(1, len(headers) - 1, 11)
    for n in range(rows):
        row = FIRST + n
        ws.write(row, 0, n + 1)
        a2 = [xl_rowcol_to_cell(row, FORWARD_A2 + j) for j in range(3)]
        for j in range(3):
            ws.write_formula(row, FORWARD_Z2 + j, z2_formula(row, j + 1),
                             styles["number"], float(Z2[n, j]))
            ws.write_formula(row, FORWARD_A2 + j, sigma(xl_rowcol_to_cell(row, FORWARD_Z2 + j)),
                             styles["number"], float(A2[n, j]))
        for k in range(2):
            z3 = expanded_sum([f"w3_{k + 1}_{j}" for j in range(1, 4)], a2, f"b3_{k + 1}")
            ws.write_formula(row, FORWARD_Z3 + k, z3, styles["number"], float(Z3[n, k]))
            ws.write_formula(row, FORWARD_A3 + k, sigma(xl_rowcol_to_cell(row, FORWARD_Z3 + k)),
                             styles["number"], float(A3[n, k]))
    ws.freeze_panes(FIRST, 1)


def write_cost(ws, costs, rows, styles):
    """A row per image: C = 0.5*((t1-a3_1)^2+(t2-a3_2)^2); and C_T = the sum of the column."""
    ws.write_row(0, 0, [WORDS["image"], "C"], styles["header"])
    ws.set_column(1, 1, 11)
    for n in range(rows):
        row = FIRST + n
        t1, t2 = (ref("data", row, DATA_T + k) for k in range(2))
        a1, a2 = (ref("forward", row, FORWARD_A3 + k) for k in range(2))
        ws.write(row, 0, n + 1)
        ws.write_formula(row, 1, f"=0.5*(({t1}-{a1})^2+({t2}-{a2})^2)",
                         styles["number"], float(costs[n]))
    row, col = COST_TOTAL
    ws.write(row - 1, col, WORDS["cost_total"], styles["header"])
    ws.write_formula(row, col, f"=SUM({span(1, rows)})", styles["number"], float(costs.sum()))
    ws.freeze_panes(FIRST, 1)


def write_backprop(ws, Delta2, Delta3, grads, rows, styles):
    """A row per image: delta3_k = (a3_k - t_k)*a3_k*(1 - a3_k),
    delta2_j = (delta3_1*w3_1j + delta3_2*w3_2j)*a2_j*(1 - a2_j);
    and beside them the 47 derivatives of C_T, each a sum over the images:
    dw2_ji = sum of delta2_j x_i,  db2_j = sum of delta2_j,
    dw3_kj = sum of delta3_k a2_j, db3_k = sum of delta3_k."""
    headers = ([WORDS["image"]] + [f"delta3_{k}" for k in range(1, 3)]
               + [f"delta2_{j}" for j in range(1, 4)])
    ws.write_row(0, 0, headers, styles["header"])
    ws.set_column(1, 5, 11)
    for n in range(rows):
        row = FIRST + n
        ws.write(row, 0, n + 1)
        delta3 = [xl_rowcol_to_cell(row, BACKPROP_DELTA3 + k) for k in range(2)]
        for k in range(2):
            a, t = ref("forward", row, FORWARD_A3 + k), ref("data", row, DATA_T + k)
            ws.write_formula(row, BACKPROP_DELTA3 + k, f"=({a}-{t})*{a}*(1-{a})",
                             styles["number"], float(Delta3[n, k]))
        for j in range(3):
            a = ref("forward", row, FORWARD_A2 + j)
            back = "+".join(f"{delta3[k]}*w3_{k + 1}_{j + 1}" for k in range(2))
            ws.write_formula(row, BACKPROP_DELTA2 + j, f"=({back})*{a}*(1-{a})",
                             styles["number"], float(Delta2[n, j]))
    ws.freeze_panes(FIRST, 1)

    formulas = {}
    for j in range(1, 4):
        delta2 = span(BACKPROP_DELTA2 + j - 1, rows)
        for i in range(1, 13):
            x = column("data", DATA_X + i - 1, rows)
            formulas[f"w2_{j}_{i}"] = f"=SUMPRODUCT({delta2},{x})"
        formulas[f"b2_{j}"] = f"=SUM({delta2})"
    for k in range(1, 3):
        delta3 = span(BACKPROP_DELTA3 + k - 1, rows)
        for j in range(1, 4):
            a2 = column("forward", FORWARD_A2 + j - 1, rows)
            formulas[f"w3_{k}_{j}"] = f"=SUMPRODUCT({delta3},{a2})"
        formulas[f"b3_{k}"] = f"=SUM({delta3})"
    ws.write(0, GRADIENT_OFFSET, WORDS["backprop_title"], styles["title"])
    write_block(ws, "d", flat(grads), styles, formulas, offset=GRADIENT_OFFSET)


def write_step(book, ws, stepped, eta, C_T, styles):
    """eta, and each parameter after one step: w2_1_1 - eta*dw2_1_1 and so on, placed where
    the parameter sits on Parameters, so one copy and one paste of values takes the step."""
    ws.write(0, 0, WORDS["step_title"], styles["title"])
    formulas = {name: f"={name}-eta*d{name}" for name in parameter_cells()}
    write_block(ws, "", flat(stepped), styles, formulas)
    row, col = ETA_CELL
    ws.write(row, col - 1, WORDS["eta"], styles["header"])
    ws.write_number(row, col, eta, styles["eta"])
    cell = xl_rowcol_to_cell(row, col, row_abs=True, col_abs=True)
    book.define_name("eta", f"={sheet('step')}!{cell}")
    ws.write(row, col + 2, WORDS["cost_now"], styles["header"])
    ws.write_formula(row, col + 3, f"={ref('cost', *COST_TOTAL)}", styles["number"], C_T)


def styles_of(book):
    """The few cell formats the sheets use."""
    number = {"num_format": "0.0000"}
    return {
        "title": book.add_format({"bold": True}),
        "header": book.add_format({"bold": True, "bg_color": "#e8eaf0",
                                   "border": 1, "border_color": "#c5c9d3"}),
        "wrap": book.add_format({"text_wrap": True, "valign": "top"}),
        "caption": book.add_format({"align": "center", "font_size": 8}),
        "pixel": book.add_format({"align": "center", "font_size": 8,
                                  "border": 1, "border_color": "#ffffff"}),
        "ink": book.add_format({"bg_color": "#3f51b5", "font_color": "#3f51b5"}),
        "paper": book.add_format({"bg_color": "#e3e6ee", "font_color": "#e3e6ee"}),
        "number": book.add_format(number),
        "parameter": book.add_format({"num_format": "0.000000"}),
        "eta": book.add_format({"num_format": "0.000", "bg_color": "#fff3cd",
                                "border": 2, "bold": True}),
    }


# --- the whole workbook -----------------------------------------------------------------

def workbook(images, params, eta, data_name, seed):
    """The bytes of the .xlsx file: the seven sheets for these images, parameters and eta."""
    X, T = dataset.to_arrays(images)
    forward = vector.forward(params, X)
    A2, A3 = forward[1], forward[3]
    Delta2, Delta3 = vector.deltas(params, A2, A3, T)
    grads = vector.gradients(params, X, T)
    costs = 0.5 * ((T - A3) ** 2).sum(axis=1)

    out = io.BytesIO()
    book = xlsxwriter.Workbook(out, {"in_memory": True})
    book.set_properties({"title": WORDS["title"], "author": "Forty-Seven Parameters",
                         "created": CREATED})
    styles = styles_of(book)
    ws = {key: book.add_worksheet(name) for key, name in WORDS["sheets"].items()}
    facts = {"images": len(X), "data": data_name, "seed": seed, "eta": eta, **cells()}
    write_read_me(ws["read_me"], facts, styles)
    write_data(ws["data"], X, T, styles)
    write_parameters(ws["parameters"], params, styles)
    name_parameters(book, "parameters")
    write_forward(ws["forward"], forward, len(X), styles)
    write_cost(ws["cost"], costs, len(X), styles)
    write_backprop(ws["backprop"], Delta2, Delta3, grads, len(X), styles)
    name_parameters(book, "backprop", prefix="d", col_offset=GRADIENT_OFFSET)
    write_step(book, ws["step"], vector.step(params, grads, eta), eta, float(costs.sum()), styles)
    ws["read_me"].activate()
    book.close()
    return out.getvalue()


def formula_count(xlsx):
    """How many formulas the .xlsx file holds: its <f> elements."""
    with zipfile.ZipFile(io.BytesIO(xlsx)) as z:
        return sum(len(re.findall(rb"<f>", z.read(name)))
                   for name in z.namelist() if name.startswith("xl/worksheets/"))


def book_workbook():
    """The book's workbook: digits.txt, and the seed and the eta of the book's run."""
    images = dataset.load_dataset(parameters.DATA)
    params = vector.init_parameters(parameters.SEED)
    return workbook(images, params, parameters.ETA, parameters.DATA.name, parameters.SEED)


def downloads():
    """The file the chapter links: downloads/workbook/forty-seven-parameters.xlsx."""
    return {FILE: book_workbook()}


def numbers():
    """Facts about the book's workbook, for the prose: {{ workbook.formulas }} and so on."""
    xlsx = book_workbook()
    X, T = dataset.to_arrays(dataset.load_dataset(parameters.DATA))
    params = vector.init_parameters(parameters.SEED)
    stepped = vector.step(params, vector.gradients(params, X, T), parameters.ETA)
    return {"formulas": formula_count(xlsx), "sheets": len(WORDS["sheets"]), "eta": parameters.ETA,
            "kilobytes": round(len(xlsx) / 1024), "z_formula": z2_formula(FIRST + EXAMPLE - 1, 1),
            "cost_before": vector.total_cost(params, X, T),
            "cost_after": vector.total_cost(stepped, X, T), **cells()}


# --- the figure ---------------------------------------------------------------------------

def figure_forward_sheet():
    """A drawing of the Forward sheet: z2_1 of image 7 selected, its formula in the formula bar."""
    from matplotlib.figure import Figure
    from matplotlib.patches import Rectangle

    X, T = dataset.to_arrays(dataset.load_dataset(parameters.DATA))
    Z2, A2, Z3, A3 = vector.forward(vector.init_parameters(parameters.SEED), X)
    shown = ([(WORDS["image"], None)] + [(f"z2_{j}", Z2[:, j - 1]) for j in range(1, 4)]
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
    formula = z2_formula(*selected)
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
                    "the forward pass, the cost, backpropagation and one step of gradient descent.")
    parser.add_argument("--data", type=Path, default=parameters.DATA, metavar="PATH",
                        help="dataset file: per image 4 rows of 3 pixels ('#' ink, '.' paper), "
                             "then 'label 0' or 'label 1' (default: digits.txt beside this script)")
    parser.add_argument("--seed", type=int, default=parameters.SEED,
                        help="seed of the random initial parameters, 0 or more "
                             f"(default: {parameters.SEED})")
    parser.add_argument("--eta", type=float, default=parameters.ETA,
                        help="learning rate eta in the Step sheet, greater than 0 "
                             f"(default: {parameters.ETA})")
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
        images = dataset.load_dataset(args.data)
    except dataset.DatasetError as e:
        parser.exit(2, f"{parser.prog}: error: {e}\n")
    except OSError as e:
        parser.exit(2, f"{parser.prog}: error: cannot read {args.data}: {e.strerror}\n")
    xlsx = workbook(images, vector.init_parameters(args.seed), args.eta, args.data.name, args.seed)
    try:
        args.out.write_bytes(xlsx)
    except OSError as e:
        parser.exit(2, f"{parser.prog}: error: cannot write {args.out}: {e.strerror}\n")
    print(f"wrote {args.out}: {len(images)} images, {formula_count(xlsx)} formulas, "
          f"eta = {args.eta}")


if __name__ == "__main__":
    main()
