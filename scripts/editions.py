"""Compare the translated editions with the English one: the drift checks of scripts/hooks/drift.py.

    python scripts/editions.py                     every page of every edition, and the missing ones
    python scripts/editions.py docs/zh/x/y.md ...  only these translated pages

Each difference is printed with both files and lines; the exit status is 1 if there is any.
The build of each edition runs the same checks (scripts/hooks/editions.py).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts" / "hooks"))

import drift  # noqa: E402

EDITIONS = ["zh"]  # the folders of docs/ that hold a translated edition


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("pages", nargs="*", type=Path, help="translated pages (docs/<lang>/...md); none: all")
    args = parser.parse_args(argv)
    problems = []
    for lang in EDITIONS:
        mine = [p for p in args.pages if (ROOT / "docs" / lang).resolve() in p.resolve().parents]
        if args.pages and not mine:
            continue
        problems += drift.check(ROOT, lang, mine or None)
    if outside := [p for p in args.pages if not any((ROOT / "docs" / lang).resolve() in p.resolve().parents for lang in EDITIONS)]:
        parser.error(f"not a translated page: {', '.join(map(str, outside))} (they live in docs/{'|'.join(EDITIONS)}/)")
    for problem in problems:
        print(problem)
    print(f"{len(problems)} difference{'s' * (len(problems) != 1)}", file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
