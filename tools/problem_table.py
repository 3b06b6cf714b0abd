"""The README's table of problem codes, generated from xlgen/data/problems.toml.

Usage: ``python tools/problem_table.py`` prints it; ``--write`` replaces the table between
the ``problem-codes`` markers in README.md (tests/test_catalogue.py fails until it is run
after a code is added).
"""

from __future__ import annotations

import argparse
import re
from pathlib import Path

from xlgen.catalogue import markdown_table

ROOT = Path(__file__).resolve().parent.parent
README = ROOT / "README.md"
BEGIN = "<!-- problem-codes:begin (tools/problem_table.py --write) -->"
END = "<!-- problem-codes:end -->"
BLOCK = re.compile(re.escape(BEGIN) + r"\n(.*?)\n?" + re.escape(END), re.DOTALL)


def readme_table(text: str) -> str | None:
    """The table between the markers of ``text`` (None when the markers are missing)."""
    match = BLOCK.search(text)
    return match.group(1) if match else None


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--write", action="store_true", help="update README.md in place")
    args = parser.parse_args()
    table = markdown_table()
    if not args.write:
        print(table)
        return 0
    text = README.read_text("utf-8")
    if readme_table(text) is None:
        raise SystemExit(f"README.md has no {BEGIN} … {END} block")
    README.write_text(BLOCK.sub(lambda _: f"{BEGIN}\n{table}\n{END}", text), "utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
