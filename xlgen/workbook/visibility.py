"""What a clerk cannot see on screen but the reader would use: hidden sheets, hidden rows and
columns holding data, and cells far beyond a sheet's sane extent (issue 15 item 1, issue 18).

Each finding is a Problem naming the sheet and cells; the loader calls these for the contract
sheets it reads (other sheets are never read, so what they hide does not matter).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

from ..problems import Report
from . import cells as C
from .grid import Grid, cell_ref, col_letter
from .sheetxml import BOUNDS, FAR_NAMED

FORM_ROWS = 200  # a form sheet (部门信息, 预算, 自评) never needs more rows
STRAY_CELLS = 10  # at most this many far cells are a stray (warning); more: an error
_COPY = re.compile(r"^(.*?)\s*[(（]\s*\d+\s*[)）]$")  # Excel/WPS name a copied sheet 项目 (2)


sheet_key = C.plain  # a sheet is found by its name with any spacing or width


def copy_of(name: str) -> str | None:
    """The key of the sheet ``name`` is a copy of (``项目 (2)`` → ``项目``), or None."""
    m = _COPY.match(unicodedata.normalize("NFKC", name).strip())
    return sheet_key(m.group(1)) if m else None


def choose_sheet(wanted: str, grids: dict[str, Grid], report: Report) -> Grid | None:
    """The sheet read for the contract sheet ``wanted``: the one of that name.

    A hidden sheet of that name is still the one read (the name is the contract), but never
    silently: with a visible copy beside it (``项目 (2)``, the one the clerk edited) it is an
    error, since the figures would come from a sheet nobody sees; alone, a warning.
    """
    key = sheet_key(wanted)
    grid = next((g for n, g in grids.items() if sheet_key(n) == key), None)
    if grid is None or not grid.hidden:
        return grid
    copies = [n for n, g in grids.items() if not g.hidden and copy_of(n) == key]
    if copies:
        report.error(
            "hidden-sheet-copy",
            f"工作表“{grid.name}”是隐藏的，旁边却有可见的“{copies[0]}”。程序按名称读取的是"
            f"隐藏的“{grid.name}”，不是屏幕上看到的“{copies[0]}”，为免用错数据，这个工作簿"
            f"没有使用（不生成文书，也不照抄到新一年的工作簿）。请删除不用的那张表，并把要用的表命名为“{wanted}”（取消隐藏后核对）。",
            grid.name)
    else:
        report.warn(
            "hidden-sheet",
            f"工作表“{grid.name}”是隐藏的，但仍会被读取和使用（生成文书，或照抄到新一年的"
            "工作簿）。"
            "请在 Excel/WPS 中取消隐藏（右击工作表标签 → 取消隐藏），核对其内容。",
            grid.name)
    return grid


def report_far(grid: Grid, report: Report, form: bool) -> int:
    """Report cells beyond the sheet's extent; the number of rows to read (for a form)."""
    far = list(grid.far)
    count = grid.far_count
    rows = len(grid.rows)
    if form and rows > FORM_ROWS:
        for r in range(FORM_ROWS, rows):
            for c, v in enumerate(grid.rows[r]):
                if not C.is_blank(v):
                    count += 1
                    if len(far) < FAR_NAMED:
                        far.append(cell_ref(r, c))
        rows = FORM_ROWS
    if not count:
        return rows
    named = ("、".join(f"{grid.name}!{ref}" for ref in far[:FAR_NAMED])
             + ("等" if count > FAR_NAMED else ""))
    limit = (f"{FORM_ROWS} 行" if form else f"{BOUNDS.rows:,} 行、{BOUNDS.cols} 列"
             f"（到 {col_letter(BOUNDS.cols - 1)} 列）")
    if count <= STRAY_CELLS:
        report.warn(
            "far-cell",
            f"{named} 远在表格内容之外（本表最多读取 {limit}），已忽略。"
            f"这通常是误操作留下的内容：请删除 {named} 中的内容。",
            grid.name, far[0])
    else:
        report.error(
            "sheet-too-large",
            f"工作表“{grid.name}”有 {count} 个单元格超出了可读取的范围（本表最多 {limit}），"
            f"最远处如 {named}。请删除这些多余的内容，或把数据移到范围之内。",
            grid.name, far[0])
    return rows


def _spans(numbers: Iterable[int]) -> str:
    """1-based numbers as ``3、5–7``."""
    out: list[str] = []
    values = sorted(set(numbers))
    i = 0
    while i < len(values):
        j = i
        while j + 1 < len(values) and values[j + 1] == values[j] + 1:
            j += 1
        out.append(str(values[i]) if i == j else f"{values[i]}–{values[j]}")
        i = j + 1
    return "、".join(out)


def report_hidden(grid: Grid, columns: Iterable[int], report: Report, rows: int) -> None:
    """Warn about hidden rows and columns holding data in the ``columns`` read."""
    columns = list(columns)
    hidden_rows = [r for r in sorted(grid.hidden_rows) if r < rows and any(
        not C.is_blank(grid.value(r, c)) for c in columns)]
    if hidden_rows:
        how = "被隐藏或被筛选隐藏" if grid.filtered else "被隐藏"
        report.warn(
            "hidden-rows",
            f"第 {_spans(r + 1 for r in hidden_rows)} 行{how}，在屏幕上看不到，但其中的内容"
            "仍会被读取并计入文书。请取消隐藏（或清除筛选）后核对：不该计入的行请删除。",
            grid.name, cell_ref(hidden_rows[0], 0))
    hidden_cols = [c for c in columns if c in grid.hidden_cols and any(
        not C.is_blank(grid.value(r, c)) for r in range(min(rows, len(grid.rows))))]
    if hidden_cols:
        letters = "、".join(col_letter(c) for c in hidden_cols)
        report.warn(
            "hidden-columns",
            f"第 {letters} 列被隐藏，在屏幕上看不到，但其中的内容仍会被读取并计入文书。"
            "请取消隐藏后核对。",
            grid.name, cell_ref(0, hidden_cols[0]))
