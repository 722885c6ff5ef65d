"""Spreadsheet helpers for the book's workbooks (workbook.py, the 0/1 network; cnn_workbook.py,
the convolutional network): their words in each language, formulas written out term by term,
sheet names as formulas write them, the Read me sheet, the cell formats, the shading of ink
and paper, the print setup and a fast worksheet class.

Rows and columns are 0-based, as XlsxWriter counts; Excel shows them from 1.
"""

import io
import math
import re
import unicodedata
import zipfile
from pathlib import Path

import xlsxwriter.worksheet
import yaml
from xlsxwriter.utility import quote_sheetname


# --- the words, one table per language ----------------------------------------------------

TABLES = Path(__file__).parent          # words-en.yml, words-zh.yml, ...
LANGUAGES = sorted(path.stem.removeprefix("words-") for path in TABLES.glob("words-*.yml"))


def words(workbook, language="en"):
    """Every word the reader sees in `workbook` ("workbook" or "cnn_workbook"), in `language`:
    the sheets' names, headings, labels, titles and the Read me, from the `workbook:` section
    of snippets/words-<language>.yml, the words both workbooks share and the workbook's own."""
    if language not in LANGUAGES:
        raise ValueError(f"no words in {language!r}: the languages are {', '.join(LANGUAGES)}")
    table = yaml.safe_load((TABLES / f"words-{language}.yml").read_text(encoding="utf-8"))
    return {**table["workbook"]["shared"], **table["workbook"][workbook]}


def quoted(name):
    """A sheet's name as a formula writes it: Data, or 'Read me', '数据' in quotes.

    Excel leaves a name of letters unquoted in any script, as XlsxWriter's quote_sheetname
    does. Quotes are valid around any name, and the workbooks put them around every name
    outside ASCII: no program can then misread it, whatever it counts as a letter."""
    if name.isascii() and quote_sheetname(name) == name:
        return name
    return "'" + name.replace("'", "''") + "'"


# --- formulas as text -----------------------------------------------------------------

def expanded_sum(weights, inputs, bias):
    """=w1*x1+w2*x2+...+b, the weighted input written out term by term"""
    return "=" + "+".join(f"{w}*{x}" for w, x in zip(weights, inputs)) + f"+{bias}"


def sigma(z):
    """=1/(1+EXP(-z))"""
    return f"=1/(1+EXP(-{z}))"


# --- the Read me sheet ----------------------------------------------------------------

READ_ME_WIDTH = 80       # characters: the width of the Read me column
LINE_HEIGHT = 15         # points: one line of 11-point text
WIDE = 2                 # a Chinese character is as wide as about two Latin ones
WIDE_LINE_HEIGHT = 17    # points: the fonts of Chinese text set their lines further apart


def width(text):
    """How wide a text is, in Latin characters: each East Asian wide character counts WIDE."""
    return sum(WIDE if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def write_read_me(ws, title, paragraphs, facts, styles):
    """The title and the paragraphs, one per row, each row as tall as its wrapped lines, so
    that no paragraph runs into the next on screen or on paper. A paragraph that starts
    with "# " is a heading; the others are formatted with `facts`."""
    ws.set_column(0, 0, READ_ME_WIDTH, styles["wrap"])
    ws.write(0, 0, title, styles["title"])
    for row, text in enumerate(paragraphs, start=2):
        if text.startswith("# "):
            ws.set_row(row, LINE_HEIGHT * 1.6)
            ws.write(row, 0, text[2:], styles["heading"])
            continue
        text = text.format(**facts)
        lines = math.ceil(width(text) / READ_ME_WIDTH)  # 1.2 Latin characters fit a unit
        # of width in LibreOffice's and Excel's default fonts, and a Chinese one fills about
        # two: the rest leaves room for wider fonts
        line = WIDE_LINE_HEIGHT if width(text) > len(text) else LINE_HEIGHT
        ws.set_row(row, line * lines + 4)
        ws.write(row, 0, text, styles["wrap"])
    print_setup(ws)


# --- cell formats -----------------------------------------------------------------------

def shade(ws, first_row, first_col, last_row, last_col, styles):
    """Conditional formatting: 1 (ink) dark, 0 (paper) light."""
    for value, style in ((1, "ink"), (0, "paper")):
        rule = {"type": "cell", "criteria": "==", "value": value, "format": styles[style]}
        ws.conditional_format(first_row, first_col, last_row, last_col, rule)


def styles_of(book):
    """The few cell formats the sheets use."""
    number = {"num_format": "0.0000"}
    return {
        "title": book.add_format({"bold": True}),
        "header": book.add_format({"bold": True, "bg_color": "#e8eaf0",
                                   "border": 1, "border_color": "#c5c9d3"}),
        "wrap": book.add_format({"text_wrap": True, "valign": "top"}),
        "heading": book.add_format({"bold": True, "font_size": 12, "valign": "bottom"}),
        "header_wrap": book.add_format({"bold": True, "bg_color": "#e8eaf0", "text_wrap": True,
                                        "border": 1, "border_color": "#c5c9d3"}),
        "count": book.add_format({"num_format": "0"}),
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


# --- print and PDF ---------------------------------------------------------------------

def print_setup(ws, landscape=False, wide=1, tall=0, repeat=None, area=None):
    """Fit the sheet `wide` pages across (and `tall` down, 0: as many as it needs), repeat
    the rows `repeat` (first, last) on every page, and print only `area` (r0, c0, r1, c1)."""
    if landscape:
        ws.set_landscape()
    ws.fit_to_pages(wide, tall)
    ws.set_margins(left=0.5, right=0.5, top=0.6, bottom=0.6)
    ws.set_footer("&L&A&R&P / &N")  # the sheet's name, the page number
    if repeat is not None:
        ws.repeat_rows(*repeat)
    if area is not None:
        ws.print_area(*area)


class PlainSheet(xlsxwriter.worksheet.Worksheet):
    """A worksheet whose formulas use only + - * / ^, EXP, IF, SUM and SUMPRODUCT, functions
    every spreadsheet has known for decades. XlsxWriter runs some thirty searches over each
    formula for newer Excel functions to rename; with none to find, skipping them writes
    the 300,000 formulas of the unrolled sheets in a third of the time."""

    def _prepare_formula(self, formula, expand_future_functions=False):
        return formula.removeprefix("=")


# --- counting -------------------------------------------------------------------------

def formula_count(xlsx):
    """How many formulas the .xlsx file holds: its <f> elements."""
    with zipfile.ZipFile(io.BytesIO(xlsx)) as z:
        return sum(len(re.findall(rb"<f>", z.read(name)))
                   for name in z.namelist() if name.startswith("xl/worksheets/"))
