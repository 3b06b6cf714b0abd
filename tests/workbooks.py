"""Build small input workbooks from nested lists, so each test shows its data."""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path
from typing import Any

import openpyxl

from xlgen.problems import Report


class Literal(str):
    """Text that must be stored as a string even if it starts with ``=``."""


DEPT = [["字段", "值"], ["年度", 2023], ["部门名称", "测试局"]]


def problem_codes(report: Report) -> list[tuple[str, str]]:
    """``[(code, "sheet!cell"), …]`` of ``report``: an assertion's message."""
    return [(p.code, p.where) for p in report.problems]


def write_book(path: Path, sheets: dict[str, list[list[Any]]], *,
               merges: dict[str, list[str]] | None = None, dept: bool = True) -> Path:
    """Write ``{sheet: rows}`` (rows from A1) to ``path``; 部门信息 is added unless given."""
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    if dept and "部门信息" not in sheets:
        sheets = {"部门信息": DEPT, **sheets}
    for name, rows in sheets.items():
        ws = wb.create_sheet(name)
        for row in rows:
            ws.append(row)
            for cell in ws[ws.max_row]:
                if isinstance(cell.value, str) and isinstance(
                        row[cell.column - 1] if cell.column <= len(row) else None, Literal):
                    cell.data_type = "s"
    for name, ranges in (merges or {}).items():
        for rng in ranges:
            wb[name].merge_cells(rng)
    wb.save(path)
    return path


def cache_formulas(path: Path, values: dict[str, str]) -> Path:
    """Give formula cells cached values and clear fullCalcOnLoad, as Excel does when it saves."""
    src = path.read_bytes()
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(src)) as zin, zipfile.ZipFile(out, "w") as zout:
        for item in zin.infolist():
            data = zin.read(item)
            if item.filename == "xl/workbook.xml":
                data = re.sub(rb'\s*fullCalcOnLoad="1"', b"", data)
            elif item.filename.startswith("xl/worksheets/"):
                for ref, value in values.items():
                    data = re.sub(
                        rb'(<c r="' + ref.encode() + rb'"[^>]*>\s*<f>[^<]*</f>\s*)<v\s*/>|'
                        rb'(<c r="' + ref.encode() + rb'"[^>]*>\s*<f>[^<]*</f>\s*)<v></v>',
                        lambda m, v=value: (
                            (m.group(1) or m.group(2)) + b"<v>" + v.encode() + b"</v>"),
                        data,
                    )
            zout.writestr(item, data)
    path.write_bytes(out.getvalue())
    return path
