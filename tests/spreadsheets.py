"""LibreOffice for the workbook tests: find it, poison a workbook's stored values so that
only a real recalculation can match numpy, and recalculate files in one headless run; and
the words a workbook shows, to find English left in another language's workbook."""

import html
import io
import os
import re
import shutil
import subprocess
import zipfile

import openpyxl
import pytest

POISON = b"-999"

# LibreOffice trusts the stored values of a file that says Excel wrote it unless told to
# recalculate on load (0 = always).
RECALCULATE = """<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry">
<item oor:path="/org.openoffice.Office.Calc/Formula/Load">
<prop oor:name="OOXMLRecalcMode" oor:op="fuse"><value>0</value></prop></item>
</oor:items>
"""


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


def recalculate(folder, files):
    """Recalculate and save {name: xlsx bytes} with LibreOffice in one headless run;
    return {name: the saved workbook as openpyxl reads its values}."""
    binary = libreoffice()
    profile = folder / "profile"
    (profile / "user").mkdir(parents=True)
    (profile / "user" / "registrymodifications.xcu").write_text(RECALCULATE)
    for name, xlsx in files.items():
        (folder / f"{name}.xlsx").write_bytes(xlsx)
    result = subprocess.run(
        [binary, f"-env:UserInstallation={profile.as_uri()}", "--headless", "--norestore",
         "--convert-to", "xlsx", "--outdir", str(folder / "out"),
         *(str(folder / f"{name}.xlsx") for name in files)],
        capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    return {name: openpyxl.load_workbook(folder / "out" / f"{name}.xlsx", data_only=True)
            for name in files}


def pdf_pages(folder, xlsx):
    """How many pages LibreOffice's PDF export of the workbook has."""
    binary = libreoffice()
    (folder / "book.xlsx").write_bytes(xlsx)
    result = subprocess.run(
        [binary, f"-env:UserInstallation={(folder / 'profile').as_uri()}", "--headless",
         "--norestore", "--convert-to", "pdf", "--outdir", str(folder), str(folder / "book.xlsx")],
        capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    return len(re.findall(rb"/Type\s*/Page[^s]", (folder / "book.pdf").read_bytes()))


# --- the words a workbook shows ----------------------------------------------------------

# Where an .xlsx file keeps what a reader reads: the text of the cells, the sheets' names,
# the chart's title and axes, the file's title and author, the print headers and footers.
TEXT = re.compile(r"<(?:t|a:t|dc:title|dc:creator|oddHeader|oddFooter)(?: [^>]*)?>([^<]*)<"
                  r'|<sheet name="([^"]*)"')
# An English word: two letters or more, in lower case, capitalised or in capitals, and not
# part of a name (w2_1_1, deltaP, wO, w^O_d,kij, WF[0, 0, 0]), a file (snippets/workbook.py,
# digits.txt) or an option (--help).
WORD = re.compile(r"(?<![\w./,^-])(?:[A-Z]?[a-z]+|[A-Z]+)(?![\w./\[-])")
# Written alike in every language: programs and their menus' proper names, the spreadsheet
# functions the formulas use (no locale translates them in the file), and Sigmoid, which the
# glossary keeps in Chinese too.
SAME_IN_EVERY_LANGUAGE = {"excel", "libreoffice", "calc", "grg", "pdf", "python", "swarm",
                          "deps", "sco", "if", "max", "exp", "sum", "sumproduct", "sigmoid"}


def texts(xlsx):
    """Every text of the workbook a reader can see, from its XML."""
    with zipfile.ZipFile(io.BytesIO(xlsx)) as z:
        xml = "".join(z.read(name).decode("utf-8") for name in z.namelist() if name.endswith(".xml"))
    return [html.unescape(a or b) for a, b in TEXT.findall(xml) if a or b]


def strings(words):
    """Every string in a word table (nested dicts and lists)."""
    if isinstance(words, str):
        return [words]
    values = words.values() if isinstance(words, dict) else words
    return [s for value in values for s in strings(value)]


def english_left(english, shown):
    """The words of the English table `english` that the texts `shown` still hold, with the
    text each is in; and all of `shown` in one string."""
    vocabulary = {w.lower() for s in strings(english) for w in WORD.findall(s) if len(w) > 1}
    vocabulary -= SAME_IN_EVERY_LANGUAGE
    left = sorted({f"{w!r} in {text[:60]!r}" for text in shown for w in WORD.findall(text)
                   if w.lower() in vocabulary})
    return left, "\n".join(shown)
