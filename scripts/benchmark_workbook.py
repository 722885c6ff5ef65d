"""Time the spreadsheet companion: writing it, LibreOffice recalculating and printing it,
and one evaluation of its formulas by the Python evaluator `formulas`.

    python scripts/benchmark_workbook.py [--iterations 50] [--epochs 50]

Prints the size of the file and its count of formulas beside the seconds, so that a
larger workbook and a slower one can be told apart. Needs LibreOffice (`soffice`).
"""

import argparse
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "snippets"))

import dataset  # noqa: E402
import parameters  # noqa: E402
import vector  # noqa: E402
import workbook  # noqa: E402

RECALCULATE = """<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry">
<item oor:path="/org.openoffice.Office.Calc/Formula/Load">
<prop oor:name="OOXMLRecalcMode" oor:op="fuse"><value>0</value></prop></item>
</oor:items>
"""


def seconds(action):
    start = time.perf_counter()
    result = action()
    return time.perf_counter() - start, result


def libreoffice(folder, target, xlsx):
    """Open `xlsx` in LibreOffice headless, recalculating every formula, and save it as `target`."""
    profile = folder / "profile"
    (profile / "user").mkdir(parents=True, exist_ok=True)
    (profile / "user" / "registrymodifications.xcu").write_text(RECALCULATE)
    binary = shutil.which("soffice") or shutil.which("libreoffice")
    subprocess.run([binary, f"-env:UserInstallation={profile.as_uri()}", "--headless",
                    "--norestore", "--convert-to", target, "--outdir", str(folder / target),
                    str(xlsx)], check=True, capture_output=True, timeout=1200)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--iterations", type=int, default=workbook.ITERATIONS)
    parser.add_argument("--epochs", type=int, default=workbook.EPOCHS)
    args = parser.parse_args()
    images = dataset.load_dataset()
    start = vector.init_parameters(parameters.SEED)

    def write():
        return workbook.workbook(images, start, parameters.ETA, parameters.DATA.name,
                                 parameters.SEED, args.iterations, args.epochs)

    took, xlsx = seconds(write)
    print(f"write: {took:.1f} s, {len(xlsx) / 1024:.0f} kB, "
          f"{workbook.formula_count(xlsx)} formulas")
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        (folder / "book.xlsx").write_bytes(xlsx)
        for target in ("xlsx", "pdf"):
            took, _ = seconds(lambda: libreoffice(folder, target, folder / "book.xlsx"))
            print(f"LibreOffice, open, recalculate and save as {target}: {took:.1f} s")

        import formulas  # the evaluator of the optimiser test, on the sheets it uses

        small = workbook.workbook(images, start, parameters.ETA, parameters.DATA.name,
                                  parameters.SEED, 1, 1)
        (folder / "model.xlsx").write_bytes(small)
        took, model = seconds(lambda: formulas.ExcelModel().loads(str(folder / "model.xlsx"))
                              .finish())
        print(f"formulas, load: {took:.1f} s")
        cost = "'[model.xlsx]PARAMETERS'!B2"
        inputs = [f"'[model.xlsx]PARAMETERS'!{workbook.xl_rowcol_to_cell(r, c)}"
                  for r, c in workbook.parameter_cells().values()]
        evaluate = model.compile(inputs=inputs, outputs=[cost])
        theta = parameters.theta_vector(start)
        took, _ = seconds(lambda: [evaluate(*theta) for _ in range(3)])
        print(f"formulas, one evaluation of C_T: {took / 3:.2f} s")


if __name__ == "__main__":
    main()
