"""The build: a real `mkdocs build --strict` runs the snippets, caches them by content,
publishes their figures and numbers, renders the lessons, and names the file and line
of every mistake it stops on."""

import importlib.util
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import ROOT, SNIPPETS, mkdocs_build



def load(path: Path, name: str):
    """Import a module from a file path, as a hook or snippet would be imported."""
    spec = importlib.util.spec_from_file_location(name, path)
    module = sys.modules[name] = importlib.util.module_from_spec(spec)
    sys.path.insert(0, str(path.parent))
    try:
        spec.loader.exec_module(module)
    finally:
        sys.path.remove(str(path.parent))
    return module


def page_text(site: Path, page: str) -> str:
    return (site / page / "index.html").read_text(encoding="utf-8")


# --- the built site -------------------------------------------------------------------


def test_every_figure_a_chapter_embeds_is_in_the_site(built_site):
    for svg in ("neuron/sigmoid.svg", "neuron/weights.svg", "train/cost_curve.svg",
                "dataset/training_set.svg"):
        figure = built_site / "figures" / svg
        assert figure.read_bytes().startswith(b"<?xml"), svg


def test_numbers_in_the_prose_are_the_numbers_the_snippet_computes(built_site):
    train = load(SNIPPETS / "train.py", "train_for_test").numbers()
    html = page_text(built_site, "backprop/train")
    assert f"{train['final_cost']:.4f}" in html
    assert f"{train['correct']} of the {train['images']} training images" in html
    assert "{{" not in html


def test_scientific_numbers_are_written_for_tex():
    prose = load(ROOT / "scripts" / "hooks" / "prose_numbers.py", "prose_numbers")
    assert prose.tex_power(3.21e-7, ".1") == r"3.2 \times 10^{-7}"
    assert prose.tex_power(1e-10, ".0") == "10^{-10}"
    assert prose.tex_power(-4.5e3, ".1") == r"-4.5 \times 10^{3}"


def test_no_page_is_left_with_a_number_placeholder(built_site):
    for html in built_site.rglob("*.html"):
        assert "{{ " not in html.read_text(encoding="utf-8"), html


def test_code_in_a_chapter_is_included_from_the_snippet(built_site):
    html = page_text(built_site, "thinking/neuron")
    assert "weighted_sum_expanded" in html and "--8&lt;--" not in html


def test_the_lesson_is_an_executed_notebook_with_a_download(built_site):
    notebook = json.loads((built_site / "lessons/neuron/neuron.ipynb").read_text())
    # cell ids from the cell's place, not nbformat's random ones: the same lesson, the same bytes
    ids = [cell["id"] for cell in notebook["cells"]]
    assert ids == [f"cell-{n}" for n in range(1, len(ids) + 1)]
    code = [cell for cell in notebook["cells"] if cell["cell_type"] == "code"]
    assert code and all(cell["execution_count"] for cell in code)
    assert not any(out["output_type"] == "error" for cell in code for out in cell["outputs"])
    assert "neuron.ipynb" in page_text(built_site, "lessons/neuron")


def test_lesson_pages_share_one_copy_of_the_notebook_styles(built_site):
    sheets = {}
    for lesson in ("lessons/neuron", "lessons/backprop"):
        html = page_text(built_site, lesson)
        inline = re.findall(r"<style[^>]*>(.*?)</style>", html, re.DOTALL)
        assert max(map(len, inline)) < 10_000, f"{lesson}: a large style sheet is still inline"
        sheets[lesson] = re.findall(r'<link rel="stylesheet" href="\.\./\.\./(assets/notebooks/\w+\.css)">', html)
        assert sheets[lesson], f"{lesson}: links no notebook style sheet"
        for sheet in sheets[lesson]:
            assert (built_site / sheet).stat().st_size > 4096, sheet
    assert sheets["lessons/neuron"] == sheets["lessons/backprop"]


# --- two clean builds give the same bytes (the test is with the cache tests below) -----

LASTMOD = re.compile(rb"<lastmod>[^<]*</lastmod>")


def site_files(site: Path) -> dict[str, bytes]:
    """Every file of a built site by its path, with what MkDocs stamps with the build date
    taken out: sitemap.xml's <lastmod> dates, and sitemap.xml.gz, whose gzip header holds
    the build time (its content is sitemap.xml's)."""
    files = {path.relative_to(site).as_posix(): path.read_bytes()
             for path in sorted(site.rglob("*")) if path.is_file()}
    files.pop("sitemap.xml.gz")
    files["sitemap.xml"] = LASTMOD.sub(b"", files["sitemap.xml"])
    return files


# --- the cache is keyed by content ----------------------------------------------------


def test_cache_key_follows_what_a_snippet_reads(book_copy):
    runs = load(book_copy / "scripts/hooks/snippet_runs.py", "snippet_runs_copy")
    neuron, train = runs.SNIPPETS / "neuron.py", runs.SNIPPETS / "train.py"
    before = {path: runs.content_key(path, "figures") for path in (neuron, train)}
    with open(runs.SNIPPETS / "vector.py", "a") as vector:
        vector.write("\n# an edit to the vector implementation\n")
    assert runs.content_key(train, "figures") != before[train]  # train imports vector
    assert runs.content_key(neuron, "figures") == before[neuron]  # neuron does not
    with open(runs.SNIPPETS / "digits.txt", "a") as data:
        data.write("\n; a comment\n")
    assert runs.content_key(neuron, "figures") != before[neuron]  # data files count


def test_a_prose_edit_runs_no_snippet(book_copy, tmp_path):
    assert mkdocs_build(book_copy, tmp_path / "one").returncode == 0
    cache = book_copy / ".cache" / "snippets"
    stamps = {path: path.stat().st_mtime_ns for path in cache.rglob("done")}
    page = book_copy / "docs/thinking/neuron.md"
    page.write_text(page.read_text() + "\nOne more sentence of prose.\n")
    assert mkdocs_build(book_copy, tmp_path / "two").returncode == 0  # prose: no drift
    assert {path: path.stat().st_mtime_ns for path in cache.rglob("done")} == stamps
    assert "One more sentence of prose." in page_text(tmp_path / "two", "thinking/neuron")


def done_stamps(cache: Path) -> dict[Path, int]:
    """When each run in the cache finished: a run made again has a new stamp."""
    return {path: path.stat().st_mtime_ns for path in cache.rglob("done")}


def is_lesson(path: Path) -> bool:
    return re.search(r"^# %%", path.read_text(), re.MULTILINE) is not None


def ran(log: str, kind: str) -> list[str]:
    """The files that the build log says ran, as in 'snippets: [3/17] train.py 2.4 s'."""
    return sorted(re.findall(rf"{kind}: \[\d+/\d+\] (\S+) \d+\.\d s", log))


def test_undoing_an_edit_runs_nothing_again(book_copy, tmp_path, built_site):
    runs = load(book_copy / "scripts/hooks/snippet_runs.py", "snippet_runs_undo")
    train = runs.SNIPPETS / "train.py"
    readers = [path for path in sorted(runs.SNIPPETS.glob("*.py")) if train in runs.dependencies(path)]
    lessons = [path.name for path in readers if is_lesson(path)]
    snippets = [path.name for path in readers if path in runs.build_snippets()]
    original = train.read_text()
    train.write_text(original + "\n# an edit to the training script\n")
    edited = mkdocs_build(book_copy, tmp_path / "edited")
    assert edited.returncode == 0, edited.stderr
    log = edited.stdout + edited.stderr
    cached = len(runs.build_snippets()) - len(snippets)
    assert f"snippets: {len(snippets)} to run, {cached} cached" in log
    assert ran(log, "snippets") == snippets and ran(log, "lessons") == lessons
    train.write_text(original)
    stamps = done_stamps(book_copy / ".cache")
    undone = mkdocs_build(book_copy, tmp_path / "undone")
    assert undone.returncode == 0, undone.stderr
    assert done_stamps(book_copy / ".cache") == stamps
    log = undone.stdout + undone.stderr
    assert "snippets: 0 to run" in log and "lessons: 0 to run" in log
    figure = "figures/train/cost_curve.svg"
    assert (tmp_path / "undone" / figure).read_bytes() == (built_site / figure).read_bytes()


def test_a_snippet_keeps_its_eight_latest_runs(book_copy, tmp_path, monkeypatch):
    runs = load(book_copy / "scripts/hooks/snippet_runs.py", "snippet_runs_keep")
    monkeypatch.setattr(runs, "CACHE", tmp_path / "cache")
    neuron = runs.SNIPPETS / "neuron.py"
    first, _ = runs.cached_dir(neuron, "figures")
    for n in range(runs.KEEP + 2):
        staging = tmp_path / f"staging{n}"
        staging.mkdir()
        folder = first if n == 0 else first.with_name(f"run{n}")
        runs.finish(folder, staging)
        os.utime(folder, ns=(n * 10**9, n * 10**9))  # one second apart, the first the oldest
        if n == 1:
            assert runs.cached_dir(neuron, "figures") == (first, True)  # using it makes it new
    kept = sorted(path.name for path in first.parent.iterdir())
    assert len(kept) == runs.KEEP and first.name in kept and "run1" not in kept


def build_snippets() -> list[Path]:
    runs = load(ROOT / "scripts/hooks/snippet_runs.py", "snippet_runs_repo")
    return runs.build_snippets()


def test_a_clean_build_runs_everything_in_its_cache_and_matches_the_suites(book_copy, tmp_path, built_site):
    """A second clean build, of a copy of the book, from an empty BOOK_CACHE: it runs every
    snippet and lesson there, leaves .cache/ alone, and gives the suite's own clean build
    byte for byte, in every file."""
    stamps = done_stamps(book_copy / ".cache")
    cache = tmp_path / "cache"
    result = mkdocs_build(book_copy, tmp_path / "site", cache=cache)
    assert result.returncode == 0, result.stderr
    log = result.stdout + result.stderr
    snippets = [path.name for path in build_snippets()]
    assert f"snippets: {len(snippets)} to run, 0 cached" in log
    assert ran(log, "snippets") == snippets
    assert ran(log, "lessons") == [path.name for path in sorted(SNIPPETS.glob("*.py")) if is_lesson(path)]
    assert "Cache hit" not in log  # mkdocs-jupyter's pages were rendered anew, into BOOK_CACHE
    assert sorted(path.name for path in cache.iterdir()) == ["mkdocs-jupyter", "snippets"]
    assert done_stamps(book_copy / ".cache") == stamps

    first, second = site_files(built_site), site_files(tmp_path / "site")
    assert sorted(first) == sorted(second), "the two builds made different files"
    differ = [name for name in first if first[name] != second[name]]
    assert not differ, f"{len(differ)} of {len(first)} files differ: {differ}"


def test_a_quiet_build_says_nothing_about_snippets(book_copy, tmp_path):
    result = mkdocs_build(book_copy, tmp_path / "site", "--quiet")
    assert result.returncode == 0, result.stderr
    assert "snippets:" not in result.stdout + result.stderr


# --- mistakes fail the build with the file and the line -------------------------------


def failed_build(book: Path, site: Path) -> str:
    result = mkdocs_build(book, site)
    assert result.returncode != 0, "the build should have failed"
    return result.stdout + result.stderr


def test_a_snippet_that_raises_fails_the_build_at_its_line(book_copy, tmp_path):
    neuron = book_copy / "snippets/neuron.py"
    lines = neuron.read_text().splitlines()
    at = next(i for i, line in enumerate(lines) if line.startswith("def figure_sigmoid")) + 1
    lines.insert(at, '    raise ValueError("a deliberate mistake")')
    neuron.write_text("\n".join(lines) + "\n")
    output = failed_build(book_copy, tmp_path / "site")
    assert f"snippets/neuron.py:{at + 1}: ValueError: a deliberate mistake" in output


def test_a_lesson_cell_that_raises_fails_the_build_at_its_line(book_copy, tmp_path):
    lesson = "# %%\nx = 1\n\n# %%\ny = 2\nz = 1 / 0\n"
    (book_copy / "snippets/broken_lesson.py").write_text(lesson)
    output = failed_build(book_copy, tmp_path / "site")
    assert "snippets/broken_lesson.py:6: ZeroDivisionError" in output


def test_an_unknown_number_fails_the_build_at_its_line(book_copy, tmp_path):
    page = book_copy / "docs/backprop/train.md"
    lines = page.read_text().splitlines()
    lines.insert(4, "The cost was {{ train.no_such_number }}.")
    page.write_text("\n".join(lines) + "\n")
    output = failed_build(book_copy, tmp_path / "site")
    assert "docs/backprop/train.md:5: unknown number train.no_such_number" in output


def test_a_missing_figure_fails_the_strict_build(book_copy, tmp_path):
    page = book_copy / "docs/thinking/neuron.md"
    page.write_text(page.read_text().replace("figures/neuron/sigmoid.svg", "figures/neuron/sigmod.svg"))
    assert "figures/neuron/sigmod.svg" in failed_build(book_copy, tmp_path / "site")


def test_a_figure_with_generic_alt_text_fails_the_build(book_copy, tmp_path):
    page = book_copy / "docs/thinking/neuron.md"
    text = page.read_text()
    line = text[: text.index("(../figures/neuron/sigmoid.svg)")].count("\n") + 1
    start = text.rindex("![", 0, text.index("(../figures/neuron/sigmoid.svg)"))
    end = text.index("](../figures/neuron/sigmoid.svg)")
    page.write_text(text[:start] + "![Figure 2" + text[end:])
    output = failed_build(book_copy, tmp_path / "site")
    assert f"docs/thinking/neuron.md:{line}: the figure neuron/sigmoid.svg needs alt text" in output


def test_a_missing_code_include_fails_the_build(book_copy, tmp_path):
    page = book_copy / "docs/thinking/neuron.md"
    page.write_text(page.read_text().replace('"neuron.py:example"', '"neuron_typo.py:example"'))
    assert "neuron_typo.py" in failed_build(book_copy, tmp_path / "site")


# --- dependencies -----------------------------------------------------------------------


def test_every_dependency_is_pinned_to_a_final_release():
    from packaging.requirements import Requirement
    from packaging.version import Version

    pins = {}
    for line in (ROOT / "requirements.txt").read_text().splitlines():
        if line.strip() and not line.startswith("#"):
            requirement = Requirement(line)
            (spec,) = requirement.specifier
            assert spec.operator == "==", line
            assert not Version(spec.version).is_prerelease, line
            pins[requirement.name.lower()] = Version(spec.version)
    assert pins["mkdocs"] < Version("2")
    for needed in ("mkdocs-material", "mkdocs-jupyter", "pymdown-extensions", "numpy",
                   "matplotlib", "django-static-mathjax", "playwright", "pytest"):
        assert needed in pins, needed


def test_nothing_generated_is_committed():
    tracked = subprocess.run(["git", "ls-files"], cwd=ROOT, capture_output=True, text=True)
    if tracked.returncode != 0 or not tracked.stdout:
        pytest.skip("not a git checkout with commits")
    generated = [path for path in tracked.stdout.splitlines()
                 if path.endswith((".svg", ".png", ".ipynb", ".xlsx")) or path.startswith("site/")]
    assert generated == []
