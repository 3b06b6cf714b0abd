"""Read the cells of an input workbook (fast: python-calamine, a Rust reader).

This layer knows nothing of the contract: it gives each sheet as a grid of raw values
(str, float, int, bool, date or ''), its merged ranges, and the formula cells that have no
cached value, all addressed from A1.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import python_calamine

from ..errors import NotAWorkbookError
from .safety import Package, open_package

XLSX_SUFFIXES = (".xlsx", ".xlsm")  # read as they are; any other name is read by content


def col_letter(index: int) -> str:
    """0 → A, 25 → Z, 26 → AA."""
    letters = ""
    index += 1
    while index:
        index, rem = divmod(index - 1, 26)
        letters = chr(65 + rem) + letters
    return letters


def cell_ref(row: int, col: int) -> str:
    """Zero-based (row, col) → ``"C7"``."""
    return f"{col_letter(col)}{row + 1}"


@dataclass
class Grid:
    """One sheet: ``rows[r][c]`` zero-based from A1; merged ranges as ((r0, c0), (r1, c1))."""

    name: str
    rows: Sequence[Sequence[object]]
    merged: list[tuple[tuple[int, int], tuple[int, int]]] = field(default_factory=list)
    uncached: set[str] = field(default_factory=set)

    def value(self, row: int, col: int) -> object:
        if row < len(self.rows) and col < len(self.rows[row]):
            return self.rows[row][col]
        return ""


@dataclass
class RawBook:
    path: Path
    sheets: dict[str, Grid]


def read_raw(path: Path) -> RawBook:
    """Read every sheet's values; raise NotAWorkbookError for a file that is not a workbook."""
    path = Path(path)
    pkg: Package = open_package(path)
    try:
        if path.suffix.lower() in XLSX_SUFFIXES:
            book = python_calamine.CalamineWorkbook.from_path(str(path))
        else:  # an .xlsx renamed .xls/.et: calamine picks its reader by the extension
            with path.open("rb") as fh:
                book = python_calamine.CalamineWorkbook.from_filelike(fh)
    except Exception as exc:  # calamine raises its own error types for corrupt parts
        raise NotAWorkbookError(
            f"{path.name}：工作簿内容已损坏，无法读取（{exc}）。请在 Excel/WPS 中打开后重新保存。"
        ) from exc
    sheets: dict[str, Grid] = {}
    try:
        for meta in book.sheets_metadata:
            if meta.typ is not python_calamine.SheetTypeEnum.WorkSheet:
                continue
            sheet = book.get_sheet_by_name(meta.name)
            rows = sheet.to_python(skip_empty_area=False)
            merged = list(sheet.merged_cell_ranges or [])
            sheets[meta.name] = Grid(meta.name, rows, merged, set(pkg.uncached.get(meta.name, ())))
    except Exception as exc:
        raise NotAWorkbookError(
            f"{path.name}：工作簿内容已损坏，无法读取（{exc}）。请在 Excel/WPS 中打开后重新保存。"
        ) from exc
    finally:
        book.close()
    return RawBook(path, sheets)
