"""LibreOffice for the workbook tests: find it, poison a workbook's stored values so that
only a real recalculation can match numpy, and recalculate files in one headless run."""

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
