"""Where the single build's time goes, against the hand-written script (issue 13).

    python bench/phases.py INPUT.xlsx [--repeat 7]

In one process, no start-up and no imports counted: the CPU time of bench/baseline_fast.py's
work (read with python-calamine, write with xlsxwriter) and of each phase of xlgen's build of
the 目标表 from the same workbook (read, model, checks, render, and inside the render the
template's evaluation, the page-aware row layout and the sheet's XML), each the best of
``--repeat`` rounds. It prints what the build does that the script does not (the checks, the
row layout, the template) as a share of the script's whole work: while that share is above
0.5, no reader or writer, however fast, brings the build within 1.5x of the script in one
process.
"""

from __future__ import annotations

import argparse
import gc
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from baseline_fast import baseline_fast  # noqa: E402

from xlgen.problems import Report  # noqa: E402
from xlgen.render import render_xlsx  # noqa: E402
from xlgen.render.context import build_context  # noqa: E402
from xlgen.render.xlsx import engine, write  # noqa: E402
from xlgen.rules.control import clean_texts  # noqa: E402
from xlgen.rules.sanity import check_sanity  # noqa: E402
from xlgen.rules.validate import validate  # noqa: E402
from xlgen.workbook import contract_sheet, load_book, read_raw  # noqa: E402

TEMPLATE = HERE.parent / "templates" / "区级" / "项目支出绩效目标表.xlsx"
INNER = {  # parts of the render, timed where they are called
    "template": (engine, "_run"),
    "row layout": (write.SheetWriter, "_measure"),
    "sheet XML": (write.SheetWriter, "_fill"),
}


def _timed_parts(spent: dict[str, float]) -> None:
    for name, (owner, attribute) in INNER.items():
        original = getattr(owner, attribute)

        def timed(*args: Any, _original: Callable = original, _name: str = name,
                  **kwargs: Any) -> Any:
            start = time.process_time()
            try:
                return _original(*args, **kwargs)
            finally:
                spent[_name] = spent.get(_name, 0.0) + time.process_time() - start

        setattr(owner, attribute, timed)


def one_round(source: Path, scratch: Path, spent: dict[str, float]) -> dict[str, float]:
    """CPU seconds of each phase, once."""
    clock = time.process_time
    times: dict[str, float] = {}
    start = clock()
    baseline_fast(source, scratch / "script.xlsx")
    times["script"] = clock() - start
    spent.clear()
    marks = [clock()]
    raw = read_raw(source, wanted=contract_sheet)
    marks.append(clock())
    report = Report(file=str(source))
    book = load_book(raw, report, None)
    del raw
    marks.append(clock())
    clean_texts(book, report)
    validate(book, report)
    check_sanity(book, report, source)
    marks.append(clock())
    render_xlsx(TEMPLATE, build_context(book), title="bench")
    marks.append(clock())
    for name, begin, end in zip(("read", "model", "checks", "render"), marks, marks[1:],
                                strict=False):
        times[name] = end - begin
    times.update(spent)
    return times


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("source", type=Path)
    parser.add_argument("--repeat", type=int, default=7)
    args = parser.parse_args()
    spent: dict[str, float] = {}
    _timed_parts(spent)
    best: dict[str, float] = {}
    gc.disable()  # as the build runs (output/gcpause.py); collected between rounds
    with tempfile.TemporaryDirectory() as tmp:
        for _ in range(args.repeat):
            for name, seconds in one_round(args.source, Path(tmp), spent).items():
                best[name] = min(best.get(name, seconds), seconds)
            gc.collect()
    script = best["script"]
    build = sum(best[name] for name in ("read", "model", "checks", "render"))
    extras = best["checks"] + best["template"] + best["row layout"]
    rows = [("script's work (read + write)", script, ""),
            ("build's work", build, f" = {build / script:.2f}x the script's")]
    rows += [(("  of which " if name in INNER else "") + name, best[name], "")
             for name in ("read", "model", "checks", "render", "template", "row layout",
                          "sheet XML")]
    rows.append(("checks + template + row layout", extras,
                 f" = {extras / script:.2f} of the script's (above 0.5: 1.5x is out of reach"
                 " in one process)"))
    print(f"   in one process, CPU, best of {args.repeat} (no start-up, no imports):")
    for label, seconds, note in rows:
        print(f"     {label:<34}{seconds:6.3f} s{note}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
