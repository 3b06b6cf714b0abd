"""Write the rows an Emitter collected back into the template's worksheet, and package it.

The worksheet keeps everything the template set on it (column widths, print setup,
header/footer, margins); its cells, merges and row heights are replaced by the output.
Print titles, print area and frozen panes are remapped to the output rows.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterator
from datetime import datetime
from decimal import Decimal
from typing import Any

from openpyxl.cell.cell import Cell
from openpyxl.utils import get_column_letter
from openpyxl.workbook.workbook import Workbook
from openpyxl.worksheet.cell_range import CellRange, MultiCellRange
from openpyxl.worksheet.dimensions import RowDimension
from openpyxl.worksheet.worksheet import Worksheet
from openpyxl.writer.excel import ExcelWriter

from ...problems import Problem, Severity
from ..stable_zip import normalise_zip
from .compile import STATIC, TEXT, CompiledSheet
from .emit import Emitter, Merge
from .openpyxl_adapter import (
    print_area_ranges,
    print_title_rows,
    set_print_area,
    set_print_title_rows,
    set_value,
    sheet_cells,
)
from .pages import keep_merges_on_one_page
from .values import (
    ILLEGAL_XML_RE,
    MAX_CELL_CHARS,
    MAX_ROW_HEIGHT,
    cell_value,
    text_height,
)

FIXED_TIME = datetime(2000, 1, 1)


class SortedRanges(MultiCellRange):
    """Merged ranges that the writer lists in row, column order (stable output)."""

    def __iter__(self) -> Iterator[CellRange]:
        yield from sorted(self.ranges, key=lambda r: (r.min_row, r.min_col, r.max_row, r.max_col))


class SheetWriter:
    """Fills one worksheet from an Emitter; collects value problems (control chars, length)."""

    def __init__(self, ws: Worksheet, sheet: CompiledSheet, emitter: Emitter, file: str):
        self.ws = ws
        self.sheet = sheet
        self.emitter = emitter
        self.file = file
        self.problems: list[Problem] = []

    def problem(self, severity: Severity, code: str, cell: str, message: str) -> None:
        """Record a value problem at output ``cell``."""
        self.problems.append(Problem(severity, code, message, self.file, self.ws.title, cell))

    def write(self) -> list[Problem]:
        """Replace the sheet's cells, merges, row heights and breaks; return the problems."""
        merges = self._normalize(self.emitter.merges)
        covered: set[tuple[int, int]] = set()
        corners: dict[tuple[int, int], Merge] = {}
        for merge in merges:
            r1, c1, r2, c2 = merge
            corners[(r1, c1)] = merge
            covered.update((r, c) for r in range(r1, r2 + 1) for c in range(c1, c2 + 1))
            covered.discard((r1, c1))
        ws = self.ws
        cells = sheet_cells(ws)
        cells.clear()
        ws.row_dimensions.clear()
        ws.merged_cells = SortedRanges([CellRange(min_row=a, min_col=b, max_row=c, max_col=d)
                                        for a, b, c, d in merges])
        heights: list[float] = [0.0]  # index 0 unused: heights[n] is output row n
        tall: list[tuple[int, int, float, str]] = []  # multi-row merges: (r1, r2, need, ref)
        widths = self.sheet.widths
        default_width = self.sheet.default_width
        unit = self.sheet.width_unit
        for n, out in enumerate(self.emitter.rows, 1):
            trow, values = out.template, out.values
            height = trow.height or self.sheet.default_height
            for tc in trow.cells:
                key = (n, tc.col)
                if key in covered:
                    value = None
                elif tc.kind == STATIC:
                    value = tc.value
                else:
                    value = cell_value(values[tc.slot], tc.decimals)
                    if isinstance(value, str):
                        value = self._text(value, tc.kind == TEXT, n, tc.col, tc.ref)
                cell = Cell(ws, row=n, column=tc.col, style_array=tc.style)
                if value is not None:
                    set_value(cell, value, _data_type(value))
                cells[key] = cell
                if tc.wrap and isinstance(value, str):
                    m = corners.get(key)
                    c2 = m[3] if m else tc.col
                    width = sum(widths.get(c, default_width) for c in range(tc.col, c2 + 1))
                    need = text_height(value, width, tc.font_size, unit)
                    if m and m[2] > n:
                        tall.append((n, m[2], need, f"{get_column_letter(tc.col)}{n}"))
                    elif need > height:
                        height = need
            heights.append(height)
        self._grow(heights, tall)
        for n, out in enumerate(self.emitter.rows, 1):
            heights[n] = round(min(heights[n], MAX_ROW_HEIGHT), 2)
            ws.row_dimensions[n] = RowDimension(ws, index=n, ht=heights[n],
                                                hidden=out.template.hidden)
        self._remap_print()
        keep_merges_on_one_page(ws, heights, merges, self._columns_points())
        return self.problems

    def _columns_points(self) -> float:
        """Printed width of the used columns, in points (Excel's pixel rounding)."""
        mdw = self.sheet.width_unit / 0.75  # max digit width in pixels
        pixels = 0
        for col in range(1, self.ws.max_column + 1):
            width = self.sheet.width(col)
            pixels += int(((256 * width + int(128 / mdw)) / 256) * mdw)
        return pixels * 0.75

    def _text(self, text: str, trim: bool, n: int, col: int, ref: str) -> str | None:
        where = f"{get_column_letter(col)}{n}"
        if ILLEGAL_XML_RE.search(text):
            text, count = ILLEGAL_XML_RE.subn("", text)
            self.problem(Severity.WARNING, "xlsx-control-char", where,
                         f"输出单元格 {where}（模板单元格 {ref}）的文字含 {count} 个控制字符，"
                         "已删除。")
        if trim:
            text = text.strip("\r\n")
        if len(text) > MAX_CELL_CHARS:
            self.problem(Severity.ERROR, "xlsx-cell-too-long", where,
                         f"输出单元格 {where}（模板单元格 {ref}）的文字有 {len(text):,} 个字符，"
                         f"超过 Excel 单元格上限 {MAX_CELL_CHARS:,} 个，已截断。")
            text = text[:MAX_CELL_CHARS]
        return text or None

    def _grow(self, heights: list[float], tall: list[tuple[int, int, float, str]]) -> None:
        """Give merged cells spanning rows the height their text needs; warn above Excel's limit."""
        for r1, r2, need, _ in tall:
            have = sum(heights[r1:r2 + 1])
            if need > have:
                extra = (need - have) / (r2 - r1 + 1)
                for r in range(r1, r2 + 1):
                    heights[r] += extra
        for n in range(1, len(heights)):
            if heights[n] > MAX_ROW_HEIGHT:
                self.problem(Severity.WARNING, "xlsx-row-too-tall", f"A{n}",
                             f"第 {n} 行的文字需要约 {heights[n]:.0f} 磅行高，超过 Excel 上限 "
                             f"{MAX_ROW_HEIGHT:.0f} 磅，打印时可能显示不全。")
        for r1, r2, need, ref in tall:
            if need > (r2 - r1 + 1) * MAX_ROW_HEIGHT:
                self.problem(Severity.WARNING, "xlsx-row-too-tall", ref,
                             f"合并单元格 {ref} 的文字超过可显示的高度，打印时可能显示不全。")

    def _normalize(self, merges: list[Merge]) -> list[Merge]:
        """Drop merges inside a larger one; drop (with an error) merges that overlap partially."""
        owner: dict[tuple[int, int], Merge] = {}
        kept: list[Merge] = []
        by_size = sorted(set(merges), key=lambda m: (-(m[2] - m[0] + 1) * (m[3] - m[1] + 1), m))
        for m in by_size:
            r1, c1, r2, c2 = m
            cells = [(r, c) for r in range(r1, r2 + 1) for c in range(c1, c2 + 1)]
            hits = {owner[x] for x in cells if x in owner}
            if not hits:
                kept.append(m)
                owner.update((x, m) for x in cells)
            elif not any(_contains(h, m) for h in hits) or len(hits) > 1:
                ref = _ref(m)
                other = _ref(next(iter(hits)))
                self.problem(Severity.ERROR, "xlsx-merge-overlap", ref,
                             f"输出中的合并单元格 {ref} 与 {other} 部分重叠，已取消 {ref} 的合并；"
                             "请检查模板中的合并区域和 mergedown。")
        return sorted(kept)

    def _remap_print(self) -> None:
        ws, em = self.ws, self.emitter
        last = len(em.rows)
        titles = print_title_rows(ws)
        if titles is not None:
            lo = em.first_at_or_after(titles[0])
            hi = em.last_at_or_before(titles[1])
            set_print_title_rows(ws, (lo, hi) if lo and hi and lo <= hi else None)
        area = print_area_ranges(ws)
        if area:
            ranges = []
            for cr in area:
                lo = em.first_at_or_after(cr.min_row) or 1
                hi = em.last_at_or_before(cr.max_row) or last
                ranges.append(CellRange(min_col=cr.min_col, min_row=lo, max_col=cr.max_col,
                                        max_row=max(lo, hi)).coord)
            set_print_area(ws, ranges)
        pane = ws.freeze_panes
        if pane:
            cr = CellRange(pane)
            row = em.first_at_or_after(cr.min_row)
            ws.freeze_panes = None
            if row:
                ws.freeze_panes = f"{get_column_letter(cr.min_col)}{row}"
        ws.conditional_formatting = type(ws.conditional_formatting)()
        ws.data_validations.dataValidation = []


def _contains(outer: Merge, inner: Merge) -> bool:
    return (outer[0] <= inner[0] and outer[1] <= inner[1]
            and outer[2] >= inner[2] and outer[3] >= inner[3])


def _ref(m: Merge) -> str:
    return CellRange(min_row=m[0], min_col=m[1], max_row=m[2], max_col=m[3]).coord


def _data_type(value: Any) -> str:
    if isinstance(value, str):
        return "s"
    if isinstance(value, bool):
        return "b"
    if isinstance(value, int | float | Decimal):
        return "n"
    return "d"


def save_workbook_bytes(wb: Workbook) -> bytes:
    """The workbook as .xlsx bytes, identical for identical content (fixed times, stable zip)."""
    props = wb.properties
    props.creator = props.lastModifiedBy = "xlgen"
    props.created = props.modified = FIXED_TIME
    props.lastPrinted = None
    raw = io.BytesIO()
    ExcelWriter(wb, zipfile.ZipFile(raw, "w", zipfile.ZIP_DEFLATED, allowZip64=True)).save()
    return normalise_zip(raw.getvalue())
