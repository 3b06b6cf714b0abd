"""Every use of openpyxl's private internals, in one place.

The engine keeps the template's own worksheet (styles, print setup) and replaces its cells,
which openpyxl's public API cannot do quickly. Each function here names the private
attribute it touches; pyproject.toml pins openpyxl to the range these were tested with, and
the CI's "latest releases" step reports when a new release moves them.
"""

from __future__ import annotations

from collections.abc import MutableMapping
from copy import copy
from typing import Any

from openpyxl.cell.cell import Cell, MergedCell
from openpyxl.styles.cell_style import StyleArray
from openpyxl.styles.fonts import Font
from openpyxl.worksheet.print_settings import PrintArea, RowRange
from openpyxl.worksheet.worksheet import Worksheet

from .values import excel_text


def sheet_cells(ws: Worksheet) -> MutableMapping[tuple[int, int], Cell | MergedCell]:
    """The worksheet's cell store, ``{(row, col): Cell}`` (``ws._cells``)."""
    cells: MutableMapping[tuple[int, int], Cell | MergedCell] = ws._cells
    return cells


def cell_style(cell: Any) -> StyleArray:
    """The cell's style indices (``cell._style``), shared with a new cell without copying."""
    style: StyleArray = cell._style
    return style


def set_value(cell: Cell, value: Any, data_type: str) -> None:
    """Store ``value`` as is (``cell._value``): no type guessing, text never a formula, and
    text shown literally (``excel_text``: a clerk's ``_x0041_`` is not decoded by Excel)."""
    if isinstance(value, str):
        value = excel_text(value)
    cell._value = value  # type: ignore[attr-defined]
    cell.data_type = data_type


def default_font(ws: Worksheet) -> Font | None:
    """The workbook's first font, the Normal style's (``wb._fonts[0]``)."""
    fonts = ws.parent._fonts  # type: ignore[union-attr]
    return fonts[0] if fonts else None


def print_title_rows(ws: Worksheet) -> tuple[int, int] | None:
    """The rows repeated at the top of every printed page (``ws._print_rows``), or None."""
    rows = ws._print_rows  # type: ignore[attr-defined]
    return (rows.min_row, rows.max_row) if rows is not None else None


def set_print_title_rows(ws: Worksheet, rows: tuple[int, int] | None) -> None:
    """Set (or clear) the repeated rows (``ws._print_rows``)."""
    ws._print_rows = (  # type: ignore[attr-defined]
        RowRange(min_row=rows[0], max_row=rows[1]) if rows else None)  # type: ignore[call-overload]


def print_area_ranges(ws: Worksheet) -> list[Any]:
    """The print area's ranges (``ws._print_area``), [] when none is set."""
    area = ws._print_area  # type: ignore[attr-defined]
    return list(area.ranges) if area is not None and area.ranges else []


def set_print_area(ws: Worksheet, coords: list[str]) -> None:
    """Set the print area from range strings (``ws._print_area``)."""
    ws._print_area = PrintArea.from_string(",".join(coords))  # type: ignore[attr-defined]


def copy_sheet(ws: Worksheet, count: int) -> list[Worksheet]:
    """``count`` copies of ``ws`` placed right after it, with everything a printed form needs:
    cells, styles, merges, dimensions, page setup (``copy_worksheet``) and what that leaves
    out: header/footer, print titles and area, frozen panes and the sheet view."""
    wb = ws.parent
    copies: list[Worksheet] = []
    for _ in range(count):
        new: Any = wb.copy_worksheet(ws)  # type: ignore[union-attr]
        new.HeaderFooter = copy(ws.HeaderFooter)
        new._print_rows = copy(ws._print_rows)  # type: ignore[attr-defined]
        new._print_cols = copy(ws._print_cols)  # type: ignore[attr-defined]
        new._print_area = copy(ws._print_area)  # type: ignore[attr-defined]
        new.views = copy(ws.views)
        new.views.sheetView = [copy(v) for v in ws.views.sheetView]
        for view in new.views.sheetView:
            view.tabSelected = False
        new.freeze_panes = ws.freeze_panes
        copies.append(new)
    sheets = wb._sheets  # type: ignore[union-attr]
    for new in copies:
        sheets.remove(new)
    at = sheets.index(ws) + 1
    sheets[at:at] = copies
    return copies


def remove_sheet(ws: Worksheet) -> None:
    """Remove ``ws`` from its workbook (a repeated sheet with no items)."""
    ws.parent.remove(ws)  # type: ignore[union-attr]
