"""Workbook-level mutations: a table as departments and clerks edit and re-save it.

Where tests/fuzz/mutations.py damages the package (bytes, XML), these change what a sheet
holds, through openpyxl: header rows shifted, deleted, blanked or merged, 小计 rows anywhere,
amounts typed as text (万元, 元, full-width digits, ￥, 1e400, nan), 合计 removed or printed
twice, 500-20,000 more rows, sheets renamed, hidden, copied or empty, formulas with no cached
value, columns inserted, deleted or swapped, the unit changed. Each takes a random generator
and the open workbook and edits it in place. Used by tests/test_fuzz_datain.py (``xlgen
import``, ``init --from`` and ``summary``).
"""

from __future__ import annotations

import datetime
import io
import random
import re
from collections.abc import Callable
from typing import Any

import openpyxl
from openpyxl.cell.cell import Cell
from openpyxl.workbook.workbook import Workbook
from openpyxl.worksheet.worksheet import Worksheet

from fuzz.mutations import mutate

SheetMutation = Callable[[random.Random, Workbook], None]
TOTAL = re.compile(r"^\s*(合\s*计|总\s*计)")


def _sheet(rng: random.Random, wb: Workbook) -> Worksheet:
    return rng.choice(wb.worksheets)


def _numbers(ws: Worksheet) -> list[Cell]:
    return [c for row in ws.iter_rows() for c in row
            if isinstance(c, Cell) and isinstance(c.value, int | float)
            and not isinstance(c.value, bool)]


def _rows_with(ws: Worksheet, pattern: re.Pattern[str]) -> list[int]:
    return sorted({c.row for row in ws.iter_rows() for c in row
                   if isinstance(c.value, str) and pattern.search(c.value)})


def _put(ws: Worksheet, row: int, column: int, value: Any) -> None:
    """Write a cell unless it lies inside a merged range (openpyxl refuses those)."""
    cell = ws.cell(row, column)
    if isinstance(cell, Cell):
        cell.value = value


def _row_values(ws: Worksheet, row: int) -> list[Any]:
    return [ws.cell(row, c).value for c in range(1, ws.max_column + 1)]


def _unmerge(ws: Worksheet, share: float = 1.0, rng: random.Random | None = None) -> None:
    for merged in list(ws.merged_cells.ranges):
        if rng is None or rng.random() < share:
            try:
                ws.unmerge_cells(str(merged))
            except KeyError:  # openpyxl moves no merge with the rows: some cells are gone
                pass


# --- rows ----------------------------------------------------------------------------------------

def shift_header(rng: random.Random, wb: Workbook) -> None:
    _sheet(rng, wb).insert_rows(rng.randint(1, 6), rng.randint(1, 3))


def delete_row(rng: random.Random, wb: Workbook) -> None:
    ws = _sheet(rng, wb)
    ws.delete_rows(rng.randint(1, max(1, ws.max_row)), 1)


def blank_row(rng: random.Random, wb: Workbook) -> None:
    ws = _sheet(rng, wb)
    row = rng.randint(1, max(1, min(ws.max_row, 8)))
    for column in range(1, ws.max_column + 1):
        _put(ws, row, column, None)


def merge_header(rng: random.Random, wb: Workbook) -> None:
    ws = _sheet(rng, wb)
    _unmerge(ws, 0.3, rng)
    row = rng.randint(1, max(1, min(ws.max_row, 8)))
    column = rng.randint(1, max(1, ws.max_column - 1))
    last_row, last_column = row + rng.randint(0, 2), column + rng.randint(0, 2)
    if not any(m.min_row <= last_row and row <= m.max_row
               and m.min_col <= last_column and column <= m.max_col
               for m in ws.merged_cells.ranges):  # overlapping merges: a file Excel repairs
        ws.merge_cells(start_row=row, start_column=column, end_row=last_row,
                       end_column=last_column)


def unmerge_all(rng: random.Random, wb: Workbook) -> None:
    _unmerge(_sheet(rng, wb))


def subtotal_row(rng: random.Random, wb: Workbook) -> None:
    ws = _sheet(rng, wb)
    row = rng.randint(2, max(2, ws.max_row + 1))
    ws.insert_rows(row)
    _put(ws, row, 1, rng.choice(["小计", "合计", "总计", "其中：", "本页小计", "合  计"]))
    for column in range(2, min(ws.max_column, 6) + 1):
        _put(ws, row, column, rng.choice([123.45, "1,000.00", None, "abc", 0]))


def drop_total(rng: random.Random, wb: Workbook) -> None:
    ws = _sheet(rng, wb)
    if rows := _rows_with(ws, TOTAL):
        ws.delete_rows(rng.choice(rows), 1)


def duplicate_total(rng: random.Random, wb: Workbook) -> None:
    ws = _sheet(rng, wb)
    rows = _rows_with(ws, re.compile(f"{TOTAL.pattern}|小计"))
    if not rows:
        return
    source = rng.choice(rows)
    values = _row_values(ws, source)
    to = rng.randint(source, ws.max_row + 1)
    ws.insert_rows(to)
    for column, value in enumerate(values, 1):
        _put(ws, to, column, value)


ROWS = (500, 3000, 20000)  # how many rows many_rows adds (one of them)


def many_rows(rng: random.Random, wb: Workbook) -> None:
    ws = _sheet(rng, wb)
    if ws.max_row < 2:
        return
    values = _row_values(ws, rng.randint(2, ws.max_row))
    for k in range(rng.choice(ROWS)):
        ws.append([f"{v}{k}" if i == 0 and isinstance(v, str) else v
                   for i, v in enumerate(values)])


def clear_sheet(rng: random.Random, wb: Workbook) -> None:
    ws = _sheet(rng, wb)
    _unmerge(ws)
    ws.delete_rows(1, ws.max_row)


def only_title(rng: random.Random, wb: Workbook) -> None:
    ws = _sheet(rng, wb)
    _unmerge(ws)
    ws.delete_rows(rng.randint(2, 6), ws.max_row)


# --- cells ---------------------------------------------------------------------------------------

FULL_WIDTH = str.maketrans("0123456789.", "０１２３４５６７８９．")


def amounts_as_text(rng: random.Random, wb: Workbook) -> None:
    cells = _numbers(_sheet(rng, wb))
    for cell in rng.sample(cells, min(len(cells), rng.randint(1, 6))):
        v = cell.value
        cell.value = rng.choice([
            f"{v}万元", f"{v}元", f"{v:,}", str(v).translate(FULL_WIDTH), f" {v} ", f"￥{v}",
            f"({v})", f"-{v}", f"{v}%", f"约{v}", "", "—", f"{v}\u00a0", "1e400", "nan", "inf"])


def formula_cell(rng: random.Random, wb: Workbook) -> None:
    """A formula openpyxl saves with no cached value (as a script, not Excel, writes one)."""
    ws = _sheet(rng, wb)
    cells = _numbers(ws) or [c for c in (ws.cell(rng.randint(1, 10), rng.randint(1, 6)),)
                             if isinstance(c, Cell)]
    if cells:
        rng.choice(cells).value = rng.choice(
            ["=SUM(B5:B9)", "=B5*1", "=1/0", "=NOW()", '=INDIRECT("A1")'])


def tricky_text(rng: random.Random, wb: Workbook) -> None:
    ws = _sheet(rng, wb)
    _put(ws, rng.randint(1, max(1, ws.max_row)), rng.randint(1, max(1, ws.max_column)),
         rng.choice(["=SUM(A1)", "😀", "a\nb", "_x0000_", "合计", "项目名称", "总计",
                     "1.1-产出指标:11-数量指标:", ";;;。。。", "部门名称：", "单位：元",
                     "单位：亿元", "2099", 10**20, -1, 1e-9, True, "年度指标值:" * 200,
                     "x" * 40000]))


def date_cell(rng: random.Random, wb: Workbook) -> None:
    if cells := _numbers(_sheet(rng, wb)):
        rng.choice(cells).value = datetime.datetime(2023, 5, 1)


def unit_changed(rng: random.Random, wb: Workbook) -> None:
    for ws in wb.worksheets:
        for row in ws.iter_rows(max_row=6):
            for cell in row:
                if isinstance(cell, Cell) and isinstance(cell.value, str) \
                        and "万元" in cell.value:
                    cell.value = cell.value.replace(
                        "万元", rng.choice(["元", "亿元", "千元", "万 元", ""]))


# --- columns -------------------------------------------------------------------------------------

def delete_column(rng: random.Random, wb: Workbook) -> None:
    ws = _sheet(rng, wb)
    ws.delete_cols(rng.randint(1, max(1, ws.max_column)), 1)


def insert_column(rng: random.Random, wb: Workbook) -> None:
    ws = _sheet(rng, wb)
    ws.insert_cols(rng.randint(1, max(1, ws.max_column)), 1)


def swap_columns(rng: random.Random, wb: Workbook) -> None:
    ws = _sheet(rng, wb)
    if ws.max_column < 3:
        return
    a, b = rng.sample(range(1, ws.max_column + 1), 2)
    for row in range(1, ws.max_row + 1):
        x, y = ws.cell(row, a), ws.cell(row, b)
        if isinstance(x, Cell) and isinstance(y, Cell):
            x.value, y.value = y.value, x.value


# --- sheets --------------------------------------------------------------------------------------

def rename_sheet(rng: random.Random, wb: Workbook) -> None:
    names = ["Sheet1", "项目支出绩效目标表 ", "申报表(2)", "项目 ", "部门信息1", "预算",
             "Sheet1 (2)", "汇总", "说明"]
    free = [n for n in names if n not in wb.sheetnames]
    _sheet(rng, wb).title = rng.choice(free)


def hide_sheet(rng: random.Random, wb: Workbook) -> None:
    if len(wb.worksheets) < 2:
        wb.copy_worksheet(wb.worksheets[0])
    _sheet(rng, wb).sheet_state = rng.choice(["hidden", "veryHidden"])
    if all(ws.sheet_state != "visible" for ws in wb.worksheets):
        wb.worksheets[0].sheet_state = "visible"
    wb.active = next(i for i, ws in enumerate(wb.worksheets) if ws.sheet_state == "visible")


def copy_sheet(rng: random.Random, wb: Workbook) -> None:
    wb.copy_worksheet(_sheet(rng, wb))


def empty_sheet_first(rng: random.Random, wb: Workbook) -> None:
    wb.create_sheet(rng.choice(["Sheet1", "封面", "目录"]), 0)


SHEET_MUTATIONS: dict[str, SheetMutation] = {f.__name__: f for f in (
    shift_header, delete_row, blank_row, merge_header, unmerge_all, subtotal_row, drop_total,
    duplicate_total, many_rows, clear_sheet, only_title, amounts_as_text, formula_cell,
    tricky_text, date_cell, unit_changed, delete_column, insert_column, swap_columns,
    rename_sheet, hide_sheet, copy_sheet, empty_sheet_first)}


def edit(rng: random.Random, data: bytes, names: list[str]) -> bytes:
    """``data`` with the mutations ``names`` applied in turn."""
    wb = openpyxl.load_workbook(io.BytesIO(data))
    for name in names:
        SHEET_MUTATIONS[name](rng, wb)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def draw(rng: random.Random, data: bytes) -> tuple[bytes, list[str]]:
    """Mostly one to three workbook-level mutations, sometimes followed by (and else only)
    the package damage of tests/fuzz/mutations.py."""
    names: list[str] = []
    if rng.random() < 0.8:
        names = [rng.choice(sorted(SHEET_MUTATIONS)) for _ in range(rng.randint(1, 3))]
        data = edit(rng, data, names)
    if rng.random() < 0.35 or not names:
        data, more = mutate(rng, data)
        names += more
    return data, names
