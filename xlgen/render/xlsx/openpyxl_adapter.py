"""Every use of openpyxl's private internals, in one place.

The engine keeps the template's own worksheet (styles, print setup) and replaces its cells,
which openpyxl's public API cannot do quickly. Each function here names the private
attribute it touches; pyproject.toml pins openpyxl to the range these were tested with, and
the CI's "latest releases" step reports when a new release moves them.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Mapping, MutableMapping
from copy import copy
from datetime import timedelta
from typing import Any

from openpyxl.cell.cell import Cell, MergedCell
from openpyxl.drawing.spreadsheet_drawing import SpreadsheetDrawing
from openpyxl.styles.cell_style import StyleArray
from openpyxl.styles.fonts import Font
from openpyxl.styles.numbers import (
    BUILTIN_FORMATS,
    BUILTIN_FORMATS_MAX_SIZE,
    BUILTIN_FORMATS_REVERSE,
)
from openpyxl.utils.datetime import to_excel, to_ISO8601
from openpyxl.workbook.workbook import Workbook
from openpyxl.worksheet._writer import WorksheetWriter
from openpyxl.worksheet.dimensions import RowDimension, SheetDimension
from openpyxl.worksheet.print_settings import PrintArea, RowRange
from openpyxl.worksheet.worksheet import Worksheet
from openpyxl.writer.excel import ExcelWriter

from .values import padded_format


def sheet_cells(ws: Worksheet) -> MutableMapping[tuple[int, int], Cell | MergedCell]:
    """The worksheet's cell store, ``{(row, col): Cell}`` (``ws._cells``)."""
    cells: MutableMapping[tuple[int, int], Cell | MergedCell] = ws._cells
    return cells


def cell_style(cell: Any) -> StyleArray:
    """The cell's style indices (``cell._style``), shared with a new cell without copying."""
    style: StyleArray = cell._style
    return style


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


# -- writing the package with the engine's own cells (render/xlsx/sheetxml.py) ----------------


def style_id(wb: Workbook, style: StyleArray) -> int:
    """The index of a cell's style in the workbook's cell formats (``wb._cell_styles``),
    added when new, as openpyxl's ``Cell.style_id`` does."""
    index: int = wb._cell_styles.add(style)  # type: ignore[attr-defined]
    return index


def horizontal_alignment(wb: Workbook, style: StyleArray) -> str | None:
    """A cell style's horizontal alignment (``wb._alignments``); None for general."""
    horizontal: str | None = wb._alignments[style.alignmentId].horizontal  # type: ignore[attr-defined]
    return horizontal


def aligned_style(wb: Workbook, style: StyleArray, horizontal: str) -> StyleArray:
    """A copy of ``style`` aligned ``horizontal``; its alignment joins ``wb._alignments``."""
    alignments = wb._alignments  # type: ignore[attr-defined]
    alignment = copy(alignments[style.alignmentId])
    alignment.horizontal = horizontal
    aligned = copy(style)
    aligned.alignmentId = alignments.add(alignment)
    return aligned


def shrunk_style(wb: Workbook, style: StyleArray, padded: bool = False) -> StyleArray:
    """A copy of ``style`` that shrinks its text to the cell's width (缩小字体填充) where it
    would not fit, instead of Excel's ``####``; its alignment joins ``wb._alignments``.

    For a number cell: a number never wraps, and Excel ignores shrinking in a cell that
    wraps, so the copy does not wrap. ``padded``: its number format also keeps a space's
    width at the left (``padded_format``), so a figure shrunk to the cell does not print
    against its left border (the formats keep one at the right, ``#,##0.00_ ``)."""
    alignments = wb._alignments  # type: ignore[attr-defined]
    alignment = copy(alignments[style.alignmentId])
    alignment.wrap_text = None
    alignment.shrink_to_fit = True
    shrunk = copy(style)
    shrunk.alignmentId = alignments.add(alignment)
    if padded:
        shrunk.numFmtId = _format_id(wb, padded_format(number_format_code(wb, style)))
    return shrunk


def number_format_code(wb: Workbook, style: StyleArray) -> str:
    """The code of a cell style's number format (built in, or ``wb._number_formats``)."""
    number_format_id = style.numFmtId
    if number_format_id < BUILTIN_FORMATS_MAX_SIZE:
        return BUILTIN_FORMATS.get(number_format_id, "General")
    code: str = wb._number_formats[number_format_id - BUILTIN_FORMATS_MAX_SIZE]  # type: ignore[attr-defined]
    return code


def _format_id(wb: Workbook, code: str) -> int:
    """The id of number format ``code``, added to ``wb._number_formats`` when new."""
    if code in BUILTIN_FORMATS_REVERSE:
        return int(BUILTIN_FORMATS_REVERSE[code])
    index: int = wb._number_formats.add(code)  # type: ignore[attr-defined]
    return index + BUILTIN_FORMATS_MAX_SIZE


def row_attributes(ws: Worksheet, height: float, hidden: bool) -> str:
    """A ``<row>``'s attributes after ``r``, as openpyxl writes a RowDimension of them."""
    dim = RowDimension(ws, index=1, ht=height, hidden=hidden)
    return "".join(f' {key}="{value}"' for key, value in dim)


def date_value(wb: Workbook, value: Any) -> tuple[str, str | float]:
    """A date or time cell's type and stored value (ISO text or serial number), as
    openpyxl's cell writer makes them."""
    if wb.iso_dates and not isinstance(value, timedelta):
        return "d", to_ISO8601(value)
    return "n", to_excel(value, wb.epoch)


class _SheetWriter(WorksheetWriter):
    """openpyxl's worksheet writer, with the dimension and rows given (``write_rows``)."""

    def __init__(self, ws: Worksheet, dimension: str):
        super().__init__(ws, out=io.BytesIO())
        self.dimension = dimension

    def write_dimensions(self) -> None:
        self.xf.send(SheetDimension(self.dimension).to_tree())

    def write_rows(self) -> None:
        xf: Any = self.xf.send(True)
        with xf.element("sheetData"):
            pass
        self.xf.send(None)


_EMPTY_ROWS = (b"<sheetData></sheetData>", b"<sheetData/>")
Rows = tuple[str, list[bytes]]  # a sheet's dimension and the pieces inside its <sheetData>


class _PackageWriter(ExcelWriter):
    """openpyxl's package writer; the worksheets in ``sheets`` get the cells given there."""

    def __init__(self, wb: Workbook, archive: zipfile.ZipFile, sheets: Mapping[int, Rows]):
        super().__init__(wb, archive)
        self.sheets = sheets

    def write_worksheet(self, ws: Any) -> None:
        given = self.sheets.get(id(ws))
        if given is None:
            super().write_worksheet(ws)
            return
        ws._drawing = SpreadsheetDrawing()
        ws._drawing.charts = ws._charts
        ws._drawing.images = ws._images
        dimension, rows = given
        writer = _SheetWriter(ws, dimension)
        writer.write()
        ws._rels = writer._rels  # type: ignore[attr-defined]
        xml = writer.read()
        empty = next((e for e in _EMPTY_ROWS if e in xml), None)
        if empty is None:
            raise AssertionError("openpyxl wrote no <sheetData> element")
        at = xml.index(empty)
        end = at + len(empty)
        archive: zipfile.ZipFile = self._archive  # type: ignore[attr-defined]
        with archive.open(ws.path[1:], "w") as out:  # streamed: no copy of the whole part
            out.write(xml[:at] + b"<sheetData>")
            for chunk in rows:
                out.write(chunk)
            out.write(b"</sheetData>" + xml[end:])
        self.manifest.append(ws)


def write_package(wb: Workbook, archive: zipfile.ZipFile, sheets: Mapping[int, Rows]) -> None:
    """Write ``wb`` into ``archive`` (openpyxl's ``ExcelWriter``), the worksheets whose
    ``id()`` is in ``sheets`` with the given ``(dimension, rows)``: the pieces inside their
    ``<sheetData>``, their cell store left empty."""
    _PackageWriter(wb, archive, sheets).save()


def header_footer_texts(ws: Worksheet) -> list[tuple[tuple[str, str], str]]:
    """((part, side), text) of each header and footer text set on the sheet, e.g.
    (("oddHeader", "left"), "&P")."""
    found = []
    for part in ("oddHeader", "oddFooter", "evenHeader", "evenFooter", "firstHeader",
                 "firstFooter"):
        for side in ("left", "center", "right"):
            text = getattr(getattr(ws, part), side).text
            if text:
                found.append(((part, side), str(text)))
    return found
