"""The engine's own cell writer (render/xlsx/sheetxml.py) against openpyxl's, byte for byte.

The engine writes a worksheet's cells as XML strings instead of openpyxl cell objects (issue 13:
openpyxl's save was a fifth of a big build). Its output must stay what openpyxl makes of the
same cells, so that the outputs keep their bytes: each case below writes one sheet both ways.
"""

from __future__ import annotations

import io
import zipfile
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from typing import Any

import openpyxl
import pytest
from openpyxl.cell.cell import Cell as OpenpyxlCell
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.styles.cell_style import StyleArray
from openpyxl.workbook.workbook import Workbook
from openpyxl.worksheet.dimensions import RowDimension

from xlgen.render.xlsx.openpyxl_adapter import (
    cell_style,
    date_value,
    row_attributes,
    sheet_cells,
    style_id,
    write_package,
)
from xlgen.render.xlsx.sheetxml import SheetXml

AWKWARD_TEXT = [
    "项目名称（资金使用单位）", "a & b < c > d", '引号 " 和 \' 单引号', " 前后有空格 ", "\t制表符",
    "换行\n第二行", "回车\r\n换行", "=SUM(A1:A2)", "+1", "@x", "&amp;", "𠀀 扩展B 𠀁",
    "\u3000全角空格\u3000", "emoji 😀", "x" * 300, "]]>", "",
]
NUMBERS = [0, 1, -7, 12345678901234567890, 0.1, 1e-20, 3.141592653589793, 2.5e300,
           Decimal("4846401.58"), Decimal("0.10"), Decimal("-0.005"), Decimal("1E+3"), True, False,
           float("nan"), float("inf")]
DATES = [datetime(2024, 3, 1, 12, 30), date(2023, 12, 31), time(8, 15), timedelta(days=2)]


def _workbook() -> tuple[Workbook, list[Any]]:
    wb = openpyxl.Workbook()
    ws = wb.active
    thin = Side(style="thin")
    ws["A1"].font = Font(name="宋体", size=16, bold=True)
    ws["B1"].border = Border(left=thin, right=thin, top=thin, bottom=thin)
    ws["C1"].alignment = Alignment(wrap_text=True)
    ws["D1"].number_format = "#,##0.00"
    styles = [cell_style(ws[ref]) for ref in ("A1", "B1", "C1", "D1")]
    sheet_cells(ws).clear()
    return wb, [None, *styles]  # None: a cell with the default style


def _rows() -> list[tuple[float, bool, list[tuple[int, int, Any]]]]:
    """(height, hidden, [(column, style number, value)]) of each row, from row 1."""
    values: list[Any] = [*AWKWARD_TEXT, *NUMBERS, *DATES, None]
    rows = []
    for i in range(0, len(values), 4):
        cells = [(c + 1 + (i % 3), (i + c) % 5, v) for c, v in enumerate(values[i:i + 4])]
        rows.append((round(12.5 + i * 1.37, 2), i % 7 == 3, cells))
    rows.append((0.0, True, []))  # a hidden row with no cells
    rows.append((20.0, False, [(30, 2, "AD 列")]))
    return rows


def _sheet_xml(data: bytes) -> bytes:
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        return z.read("xl/worksheets/sheet1.xml")


@pytest.mark.parametrize("iso_dates", [False, True])
def test_sheet_xml_is_what_openpyxl_writes(iso_dates: bool) -> None:
    wb, styles = _workbook()
    wb.iso_dates = iso_dates
    ws = wb.active
    for n, (height, hidden, cells) in enumerate(_rows(), 1):
        for col, style, value in cells:
            cell = OpenpyxlCell(ws, row=n, column=col, style_array=styles[style])
            if value is not None:
                cell._value = value
                cell.data_type = ("s" if isinstance(value, str) else "b"
                                  if isinstance(value, bool) else "n"
                                  if isinstance(value, int | float | Decimal) else "d")
            sheet_cells(ws)[(n, col)] = cell
        ws.row_dimensions[n] = RowDimension(ws, index=n, ht=height, hidden=hidden)
    theirs = io.BytesIO()
    wb.save(theirs)

    wb, styles = _workbook()
    wb.iso_dates = iso_dates
    ws = wb.active
    default = StyleArray()  # all zero: no s attribute
    rows = SheetXml(lambda s: style_id(wb, s), lambda h, hidden: row_attributes(ws, h, hidden),
                    lambda v: date_value(wb, v))
    for n, (height, hidden, cells) in enumerate(_rows(), 1):
        rows.row(n, height, hidden, [(col, styles[style] or default, value)
                                     for col, style, value in cells])
    ours = io.BytesIO()
    with zipfile.ZipFile(ours, "w") as archive:
        write_package(wb, archive, {id(ws): (rows.dimension(), rows.chunks)})
    assert _sheet_xml(ours.getvalue()) == _sheet_xml(theirs.getvalue())


def test_a_sheet_with_no_cells_has_openpyxls_dimension() -> None:
    rows = SheetXml(lambda s: 0, lambda h, hidden: "", lambda v: ("n", ""))
    assert rows.dimension() == "A1:A1"
    rows.row(3, 15.0, False, [(2, [0] * 9, None)])
    rows.row(4, 15.0, False, [(5, [0] * 9, "x")])
    assert rows.dimension() == "B3:E4"
    assert b"".join(rows.chunks) == (b'<row r="3"></row>'
                                     b'<row r="4"><c r="E4" t="inlineStr"><is><t>x</t></is>'
                                     b'</c></row>')
