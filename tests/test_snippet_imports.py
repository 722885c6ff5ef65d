"""A house of two floors: a section's snippet imports the library, never another section.

The library is the modules below (chapter 5's network has its own four). Every other snippet, lessons included, is a section
snippet: it may import the library, and nothing imports it. A helper that a second section
needs belongs in the library (CONTRIBUTING.md, "Where things go").
"""

import ast
import shutil
from pathlib import Path

from conftest import SNIPPETS

LIBRARY = {"dataset", "expanded", "vector", "parameters", "grids",
           "cnn_dataset", "cnn_expanded", "cnn_vector", "cnn_parameters",  # chapter 5: the CNN
           "sheets"}  # the helpers of both workbooks


def imported_modules(source, filename):
    """(line, top-level module name) of every import in the source, at any depth."""
    found = []
    for node in ast.walk(ast.parse(source, filename=filename)):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name.split(".")[0]) for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            found.append((node.lineno, node.module.split(".")[0]))
    return sorted(found)


def broken_floors(folder):
    """'snippets/<file>:<line>: ...' for every import of a section snippet by another snippet."""
    paths = sorted(folder.glob("*.py"))
    snippets = {path.stem for path in paths}
    problems = []
    for path in paths:
        importer = "library module" if path.stem in LIBRARY else "section snippet"
        for line, module in imported_modules(path.read_text(encoding="utf-8"), str(path)):
            if module in snippets and module not in LIBRARY and module != path.stem:
                problems.append(
                    f"{folder.name}/{path.name}:{line}: the {importer} {path.stem} imports the "
                    f"section snippet {module}; move what it needs into the library "
                    f"({', '.join(sorted(LIBRARY))})")
    return problems


def test_no_snippet_imports_a_section_snippet():
    problems = broken_floors(SNIPPETS)
    assert not problems, "\n".join(problems)


def test_the_library_and_the_lessons_are_where_the_rule_expects():
    names = {path.stem for path in SNIPPETS.glob("*.py")}
    assert LIBRARY <= names
    # The lessons (jupytext percent format) are section snippets like any other.
    lessons = {path.stem for path in SNIPPETS.glob("*.py")
               if "# %%" in path.read_text(encoding="utf-8").splitlines()}
    assert {"neuron", "backprop"} <= lessons
    assert not lessons & LIBRARY


def test_every_kind_of_import_is_seen():
    source = ("import numpy as np\nimport vector, train\nfrom delta import example\n"
              "def f():\n    import backward.sub\n    from . import local\n")
    assert imported_modules(source, "<planted>") == [
        (1, "numpy"), (2, "train"), (2, "vector"), (3, "delta"), (5, "backward")]


def test_a_planted_import_fails_and_names_file_and_line(tmp_path):
    copy = tmp_path / "snippets"
    shutil.copytree(SNIPPETS, copy, ignore=shutil.ignore_patterns("__pycache__"))
    assert broken_floors(copy) == []
    # A section importing a section, at the top of backward.py ...
    backward = copy / "backward.py"
    lines = backward.read_text(encoding="utf-8").splitlines()
    at = lines.index("import vector") + 1
    lines.insert(at, "import delta")
    backward.write_text("\n".join(lines) + "\n", encoding="utf-8")
    # ... and a library module importing one, inside a function of vector.py.
    vector = copy / "vector.py"
    vector.write_text(vector.read_text(encoding="utf-8")
                      + "\n\ndef book_params():\n    from train import run\n    return run()[0]\n",
                      encoding="utf-8")
    vector_line = len(vector.read_text(encoding="utf-8").splitlines()) - 1
    problems = broken_floors(copy)
    assert len(problems) == 2, problems
    assert problems[0].startswith(f"snippets/backward.py:{at + 1}: the section snippet backward "
                                  "imports the section snippet delta")
    assert problems[1].startswith(f"snippets/vector.py:{vector_line}: the library module vector "
                                  "imports the section snippet train")
