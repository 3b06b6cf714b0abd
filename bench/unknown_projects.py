"""The unknown-project case (issue 10): 项目绩效指标 rows whose projects do not exist.

    python bench/unknown_projects.py [--projects 1000]

Every indicator row names a project with a one-character slip, so the validator looks for a
suggestion for each one. It used to run difflib over every project for every row (1,000
projects: minutes); each distinct name is now looked up once, over a bounded candidate list.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from generate import generate  # noqa: E402

from xlgen.api import check_workbook  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--projects", type=int, default=1000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        source = generate(Path(tmp) / "unknown.xlsx", args.projects, unknown_projects=True)
        start = time.perf_counter()
        _, report = check_workbook(source)
        seconds = time.perf_counter() - start
    counts = Counter(p.code for p in report.problems)
    print(f"{args.projects} projects, {args.projects * 8} indicator rows naming unknown projects")
    print(f"  check_workbook: {seconds:.2f} s; unknown-project problems: "
          f"{counts['unknown-project']}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
