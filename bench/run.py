"""Benchmarks with printed figures (targets live here, not in unit tests).

    make bench            # or: python bench/run.py [--projects 2000] [--repeat 3]

Targets (issue 3): building the 项目支出绩效目标表 of a 2,000-project / 16,000-indicator
workbook must take no longer than the hand-written openpyxl script in baseline.py.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

import openpyxl

sys.path.insert(0, str(Path(__file__).parent))

from baseline import baseline  # noqa: E402
from generate import generate  # noqa: E402

from xlgen.api import check_workbook  # noqa: E402
from xlgen.output.build import build_workbook  # noqa: E402
from xlgen.render.manifest import load_manifest  # noqa: E402
from xlgen.workbook.grid import read_raw  # noqa: E402


def best(fn, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return min(times)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--projects", type=int, default=2000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    root = Path(__file__).resolve().parent.parent
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        source = generate(tmp / "city.xlsx", args.projects)
        rows = args.projects * 9
        print(f"workbook: {args.projects} projects, {args.projects * 8} indicators "
              f"({source.stat().st_size / 1e6:.1f} MB)")

        def read_openpyxl():
            wb = openpyxl.load_workbook(source, read_only=True, data_only=True)
            for ws in wb.worksheets:
                for _ in ws.iter_rows(values_only=True):
                    pass
            wb.close()

        figures = {
            "read, openpyxl read-only": best(read_openpyxl, args.repeat),
            "read, python-calamine (xlgen)": best(lambda: read_raw(source), args.repeat),
            "read + validate (xlgen check)": best(lambda: check_workbook(source), args.repeat),
        }
        docs = [d for d in load_manifest(root / "templates") if d.name == "项目支出绩效目标表"]
        figures["baseline script: openpyxl read + bare table"] = best(
            lambda: baseline(source, tmp / "baseline.xlsx"), args.repeat)
        if docs and docs[0].template.is_file():
            out = tmp / "out"
            figures["xlgen build 项目支出绩效目标表"] = best(
                lambda: build_workbook(source, out, docs), args.repeat)
        width = max(map(len, figures))
        for name, seconds in figures.items():
            print(f"  {name:<{width}}  {seconds:6.2f} s   ({rows / seconds:,.0f} rows/s)")
        base = figures["baseline script: openpyxl read + bare table"]
        ours = figures.get("xlgen build 项目支出绩效目标表")
        if ours is not None:
            verdict = "OK" if ours <= base else "SLOWER THAN TARGET"
            print(f"target: xlgen build ≤ baseline ({ours:.2f} s vs {base:.2f} s): {verdict}")
            return 0 if ours <= base else 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
