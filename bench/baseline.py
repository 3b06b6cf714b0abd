"""The hand-written script xlgen must beat: read with openpyxl, write the bare project table."""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal
from pathlib import Path

import openpyxl


def baseline(source: Path, target: Path) -> None:
    wb = openpyxl.load_workbook(source, read_only=True, data_only=True)
    projects = list(wb["项目"].iter_rows(min_row=2, values_only=True))
    indicators = defaultdict(list)
    for row in wb["项目绩效指标"].iter_rows(min_row=2, values_only=True):
        indicators[row[0]].append(f"{row[1]}:{row[2]}:{row[3]};年度指标值:{row[5]}。")
    wb.close()
    out = openpyxl.Workbook()
    ws = out.active
    ws.append(["项目名称", "总计", "财政拨款", "财政专户拨款", "其他资金", "绩效目标", "绩效指标"])
    for name, _unit, a, b, c, goal in projects:
        total = sum(Decimal(str(x or 0)) for x in (a, b, c))
        ws.append([name, total, a, b, c, goal, "".join(indicators[name])])
    out.save(target)
