"""Time the book's build, in one run, on a copy of the repository with a cache of its own.

    python scripts/benchmark_build.py [--repeat 3]

1. clean: an empty cache, so every snippet and lesson runs;
2. prose edit: one sentence added to a chapter, cache warm;
3. snippet edit: a comment added to snippets/train.py, so that every snippet and lesson
   that imports it runs again; then the edit undone, which the cache should still hold;
4. hooks off: the same pages with the snippet hooks removed, which is what MkDocs,
   Material and the other plugins cost on their own (the baseline).

The ratios to the baseline come last. Neither the repository nor its .cache is touched.
"""

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml
from mkdocs.utils.yaml import yaml_load

ROOT = Path(__file__).resolve().parents[1]
MKDOCS = Path(sys.executable).with_name("mkdocs")
PARTS = ("mkdocs.yml", "docs", "snippets", "scripts", "requirements.txt")
SNIPPET_HOOKS = ("run_snippets.py", "prose_numbers.py", "lessons.py")
PROSE_PAGE = Path("docs/thinking/neuron.md")
SNIPPET = Path("snippets/train.py")


def build(copy: Path, config: str = "mkdocs.yml", strict: bool = True) -> float:
    """Seconds for one `mkdocs build` of the copy, with its cache in copy/cache."""
    command = [str(MKDOCS), "build", "--quiet", "--config-file", config, "--site-dir", "site"]
    environment = {**os.environ, "BOOK_CACHE": str(copy / "cache")}
    start = time.perf_counter()
    subprocess.run(command + (["--strict"] if strict else []), cwd=copy, check=True, env=environment,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - start


def baseline_config(copy: Path) -> str:
    """A config that inherits everything but the hooks that run snippets."""
    hooks = yaml_load((copy / "mkdocs.yml").read_text(encoding="utf-8"))["hooks"]
    kept = [hook for hook in hooks if not hook.endswith(SNIPPET_HOOKS)]
    config = {"INHERIT": "mkdocs.yml", "hooks": kept}
    (copy / "mkdocs.baseline.yml").write_text(yaml.safe_dump(config), encoding="utf-8")
    return "mkdocs.baseline.yml"


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3, help="timed builds per warm case")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as folder:
        copy = Path(folder)
        for part in PARTS:
            source = ROOT / part
            copier = shutil.copytree if source.is_dir() else shutil.copy2
            copier(source, copy / part)
        clean = build(copy)
        prose = []
        for run in range(args.repeat):
            with open(copy / PROSE_PAGE, "a", encoding="utf-8") as page:
                page.write(f"\nA sentence added by the benchmark, edit {run}.\n")
            prose.append(build(copy))
        original = (copy / SNIPPET).read_bytes()
        (copy / SNIPPET).write_bytes(original + b"\n# A comment added by the benchmark.\n")
        edit = build(copy)
        (copy / SNIPPET).write_bytes(original)
        undo = build(copy)
        config = baseline_config(copy)
        baseline = [build(copy, config, strict=False) for _ in range(args.repeat)]
    prose_s, baseline_s = statistics.median(prose), statistics.median(baseline)
    print(f"clean build (no cache)          {clean:6.2f} s")
    print(f"rebuild after a prose edit      {prose_s:6.2f} s  (median of {args.repeat})")
    print(f"rebuild after editing {SNIPPET.name:9s} {edit:6.2f} s")
    print(f"rebuild after undoing that      {undo:6.2f} s")
    print(f"snippet hooks off (baseline)    {baseline_s:6.2f} s  (median of {args.repeat})")
    print(f"clean / baseline                {clean / baseline_s:6.2f}")
    print(f"prose edit / baseline           {prose_s / baseline_s:6.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
