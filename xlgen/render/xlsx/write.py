"""Write the rows an Emitter collected back into the template's worksheet, and package it.

The worksheet keeps everything the template set on it (column widths, print setup,
header/footer, margins); its cells, merges, row heights and page breaks are replaced by the
output, laid out on pages by ``pages.plan_pages``. Print titles, print area and frozen panes
are remapped to the output rows.
"""

from __future__ import annotations

import io
import math
import zipfile
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from openpyxl.utils import get_column_letter
from openpyxl.workbook.workbook import Workbook
from openpyxl.worksheet.cell_range import CellRange, MultiCellRange
from openpyxl.worksheet.worksheet import Worksheet

from ...problems import Problem, Severity
from ...stable import FIXED_TIME
from ..stable_zip import StableZipFile
from .compile import STATIC, TEXT, CompiledSheet, TemplateCell
from .emit import Emitter
from .openpyxl_adapter import (
    aligned_style,
    date_value,
    horizontal_alignment,
    number_format_code,
    print_area_ranges,
    print_title_rows,
    row_attributes,
    set_print_area,
    set_print_title_rows,
    sheet_cells,
    shrunk_style,
    style_id,
    write_package,
)
from .pages import EPSILON, MAX_ROW_HEIGHT, Merge, Plan, Row, Span, plan_pages
from .printing import page_capacity, set_row_breaks
from .sheetxml import Cell, SheetXml
from .values import (
    CELL_PADDING_PT,
    CENTRED_TEXTS,
    ILLEGAL_XML_RE,
    MAX_CELL_CHARS,
    cell_value,
    figure_may_not_fit,
    is_number_cell,
    line_height,
    split_lines,
    text_height,
    wrap_starts,
)

LABEL_SHARE = 0.5  # text up to this share of a page does not flow: it prints whole in a part
ROW_LABEL_SHARE = 0.9  # a row's label (its first text) up to this share: on every part
LABEL_LINES = 4  # of those, a text of more lines is printed once, in the row's first part


class SortedRanges(MultiCellRange):
    """Merged ranges that the writer lists in row, column order (stable output)."""

    def __iter__(self) -> Iterator[CellRange]:
        yield from sorted(self.ranges, key=lambda r: (r.min_row, r.min_col, r.max_row, r.max_col))


@dataclass(slots=True)
class _Flow:
    """A cell whose text may flow over several rows and pages, and where its lines start."""

    col: int
    text: str
    starts: list[int]
    line: float


class SheetWriter:
    """Fills one worksheet from an Emitter; collects value problems (control chars, length).

    The emitted rows are logical rows; ``pages.plan_pages`` turns them into physical rows:
    a row with more text than a page (or than Excel's 409-point row) continues over several,
    a merge cut by a page break prints its label on each page, a page block's head repeats.
    """

    def __init__(self, ws: Worksheet, sheet: CompiledSheet, emitter: Emitter, file: str):
        self.ws = ws
        self.sheet = sheet
        self.emitter = emitter
        self.file = file
        self.problems: list[Problem] = []
        self.centred: set[tuple[int, int]] = set()  # (row, col) printing a CENTRED_TEXTS text
        self._centred_styles: dict[str, Any] = {}  # template cell → its style for those texts
        self._number_styles: dict[tuple[str, bool], Any] = {}  # (template cell, wide) → style
        self._formats: dict[str, str] = {}  # template cell → its number format

    def problem(self, severity: Severity, code: str, cell: str, message: str) -> None:
        """Record a value problem at output ``cell``."""
        self.problems.append(Problem(severity, code, message, self.file, self.ws.title, cell))

    def write(self) -> list[Problem]:
        """Replace the sheet's cells, merges, row heights and breaks; return the problems."""
        merges = self._normalize(self.emitter.merges)
        capacity = page_capacity(self.ws, self.sheet.columns_points())
        values, rows, spans = self._measure(merges, capacity)
        titles = self._logical_titles()
        plan = plan_pages(rows, spans, self.emitter.blocks, capacity, titles)
        self._fill(plan, values, rows)
        self._remap_print(plan)
        set_row_breaks(self.ws, plan.manual)
        return self.problems

    # -- logical rows: values and the heights they need ----------------------------------------

    def _measure(self, merges: list[Merge], capacity: float | None
                 ) -> tuple[list[list[Any]], list[Row], list[Span]]:
        """Each logical row's values, its height and how it may be cut; the merges as spans."""
        covered: set[tuple[int, int]] = set()
        corners: dict[tuple[int, int], Merge] = {}
        for merge in merges:
            r1, c1, r2, c2 = merge
            corners[(r1, c1)] = merge
            covered.update((r, c) for r in range(r1, r2 + 1) for c in range(c1, c2 + 1))
            covered.discard((r1, c1))
        limit = (capacity or 2 * MAX_ROW_HEIGHT) * LABEL_SHARE  # taller text flows on
        label_limit = (capacity or 2 * MAX_ROW_HEIGHT) * ROW_LABEL_SHARE
        widths, default_width = self.sheet.widths, self.sheet.default_width
        unit = self.sheet.width_unit
        values: list[list[Any]] = []
        heights: list[float] = [0.0]  # heights[n] is logical row n
        least: list[float] = [0.0]
        later: list[float] = [0.0]  # of a row's later parts: without the texts printed once
        self.flows: dict[int, list[_Flow]] = {}
        self.once: set[tuple[int, int]] = set()  # long texts not repeated on a row's later parts
        self.hidden_heights: dict[int, float] = {}
        labels: dict[tuple[int, int], float] = {}
        tall: list[tuple[int, int, float]] = []  # multi-row merges: (r1, r2, need)
        for n, out in enumerate(self.emitter.rows, 1):
            trow, emitted = out.template, out.values
            height = smallest = repeated = trow.height or self.sheet.default_height
            row_values: list[Any] = []
            label = True  # the row's first text is its label, repeated on every part
            for tc in trow.cells:
                key = (n, tc.col)
                if key in covered:
                    value = None
                elif tc.kind == STATIC:
                    value = tc.value
                else:
                    value = cell_value(emitted[tc.slot], tc.decimals)
                    if isinstance(value, str):
                        value = self._text(value, tc.kind == TEXT, n, tc.col, tc.ref)
                        if value in CENTRED_TEXTS:
                            self.centred.add(key)
                row_values.append(value)
                if not (tc.wrap and isinstance(value, str)):
                    continue
                m = corners.get(key)
                c2 = m[3] if m else tc.col
                width = sum(widths.get(c, default_width) for c in range(tc.col, c2 + 1))
                need = text_height(value, width, tc.font_size, unit)
                if m and m[2] > n:
                    tall.append((n, m[2], need))
                    labels[key] = need
                elif need > (label_limit if label else limit):
                    starts = wrap_starts(value, width, tc.font_size, unit)
                    line = line_height(tc.font_size)
                    self.flows.setdefault(n, []).append(_Flow(tc.col, value, starts, line))
                    height = max(height, len(starts) * line + CELL_PADDING_PT)
                else:
                    height = max(height, need)
                    smallest = max(smallest, need)
                    if not label and need > CELL_PADDING_PT + LABEL_LINES * line_height(
                            tc.font_size) + EPSILON:
                        self.once.add(key)  # printed in the first part only
                    else:
                        repeated = max(repeated, need)
                label = False
            values.append(row_values)
            heights.append(0.0 if trow.hidden else height)  # a hidden row takes no paper
            if trow.hidden:
                self.hidden_heights[n] = height
            least.append(smallest)
            later.append(repeated)
        _grow(heights, tall)
        rows: list[Row] = []
        for n, out in enumerate(self.emitter.rows, 1):
            flows = self.flows.get(n)
            cols = tuple(tc.col for tc in out.template.cells)
            heading = out.template.heading
            if flows:
                line = max(f.line for f in flows)
                lines = max(math.ceil(len(f.starts) * f.line / line - 1e-9) for f in flows)
                rows.append(Row(heights[n], lines, line, CELL_PADDING_PT,
                                max(least[n], CELL_PADDING_PT + line), cols, heading,
                                max(later[n], CELL_PADDING_PT + line),
                                _cuts(flows, lines, line, limit)))
            else:
                rows.append(Row(heights[n], cols=cols if heights[n] > MAX_ROW_HEIGHT else (),
                                with_next=heading))
        spans = [Span(r1, c1, r2, c2, labels.get((r1, c1), 0.0)) for r1, c1, r2, c2 in merges]
        return values, rows, spans


    def _text(self, text: str, trim: bool, n: int, col: int, ref: str) -> str | None:
        if ILLEGAL_XML_RE.search(text):
            where = f"{get_column_letter(col)}{n}"
            text, count = ILLEGAL_XML_RE.subn("", text)
            self.problem(Severity.WARNING, "xlsx-control-char", where,
                         f"输出单元格 {where}（模板单元格 {ref}）的文字含 {count} 个控制字符，"
                         "已删除。")
        if trim:
            text = text.strip("\r\n")
        if len(text) > MAX_CELL_CHARS:
            where = f"{get_column_letter(col)}{n}"
            self.problem(Severity.ERROR, "xlsx-cell-too-long", where,
                         f"输出单元格 {where}（模板单元格 {ref}）的文字有 {len(text):,} 个字符，"
                         f"超过 Excel 单元格上限 {MAX_CELL_CHARS:,} 个，已截断。")
            text = text[:MAX_CELL_CHARS]
        return text or None

    # -- physical rows ---------------------------------------------------------------------------

    def _fill(self, plan: Plan, values: list[list[Any]], rows: list[Row]) -> None:
        """Write the planned physical rows: cells, text parts, labels, merges, heights.

        The cells go to ``self.rows`` as XML (sheetxml); the worksheet's own cell store is
        emptied, so openpyxl writes only the rest of the sheet."""
        ws = self.ws
        wb = ws.parent
        assert wb is not None
        sheet_cells(ws).clear()
        ws.row_dimensions.clear()
        self.rows = out = SheetXml(
            lambda style: style_id(wb, style),
            lambda height, hidden: row_attributes(ws, height, hidden),
            lambda value: date_value(wb, value))
        parts = self._parts(plan)
        out_rows = self.emitter.rows
        over = self._overlay(plan, values)
        centred = self.centred
        for n, piece in enumerate(plan.pieces, 1):
            trow = out_rows[piece.row - 1].template
            row_values = values[piece.row - 1]
            pieces = parts.get(piece.row)
            cells: list[Cell] = []
            for tc, value in zip(trow.cells, row_values, strict=True):
                if piece.sub > 0:
                    value = None
                elif pieces is not None and piece.part >= 0:
                    text = pieces.get(tc.col)
                    if text is not None:
                        value = text[piece.part]
                    elif piece.part > 0 and (not isinstance(value, str)
                                             or (piece.row, tc.col) in self.once):
                        value = None  # figures, long texts once; labels on every page
                if centred and (piece.row, tc.col) in centred:
                    cells.append((tc.col, self._centred_style(tc), value))
                    continue
                if isinstance(value, Decimal | int | float) and not isinstance(value, bool):
                    cells.append((tc.col, self._number_style(tc, value), value))
                    continue
                cells.append((tc.col, tc.style, value))
            extra = over.get(n)
            if extra is not None:
                placed = {col: (col, style, value) for col, style, value in cells}
                placed.update(extra)
                cells = [placed[col] for col in sorted(placed)]
            else:
                cells.sort(key=_column)
            height = self.hidden_heights.get(piece.row, piece.height)
            out.row(n, round(height, 2), trow.hidden, cells)
        ws.merged_cells = SortedRanges([CellRange(min_row=a, min_col=b, max_row=c, max_col=d)
                                        for a, b, c, d in plan.merges])

    def _centred_style(self, tc: TemplateCell) -> Any:
        """The style of template cell ``tc`` for a CENTRED_TEXTS text: centred in a number
        cell (aligned right, or general with a number format), else its own."""
        style = self._centred_styles.get(tc.ref)
        if style is None:
            wb = self.ws.parent
            assert wb is not None
            numeric = is_number_cell(horizontal_alignment(wb, tc.style), tc.decimals)
            style = aligned_style(wb, tc.style, "center") if numeric else tc.style
            self._centred_styles[tc.ref] = style
        return style

    def _number_style(self, tc: TemplateCell, value: Decimal | int | float) -> Any:
        """The style of template cell ``tc`` for a number: in a number cell (aligned right,
        or general with a number format), one that shrinks the figure to the column
        (缩小字体填充), so an amount wider than the column (123,456,789.12 in a 12-wide
        column) prints smaller, not ``####``; for a figure that may be that wide, with a
        space's width kept at its left too, so it does not print against the border. A
        figure that fits prints as the template sets it."""
        wb = self.ws.parent
        assert wb is not None
        code = self._formats.get(tc.ref)
        if code is None:
            code = self._formats[tc.ref] = number_format_code(wb, tc.style)
        wide = figure_may_not_fit(value, code, self.sheet.width(tc.col), tc.font_size,
                                  self.sheet.width_unit)
        key = (tc.ref, wide)
        style = self._number_styles.get(key)
        if style is None:
            numeric = is_number_cell(horizontal_alignment(wb, tc.style), tc.decimals)
            style = shrunk_style(wb, tc.style, padded=wide) if numeric else tc.style
            self._number_styles[key] = style
        return style

    def _overlay(self, plan: Plan, values: list[list[Any]]) -> dict[int, dict[int, Cell]]:
        """The cells written over a physical row's own: labels repeated on a page part, then
        every cell of a merge but its top-left one, with the top-left's style (a merged
        cell's borders come from the cells on its edges, so a part cut at a page break is
        closed all round)."""
        out_rows = self.emitter.rows
        over: dict[int, dict[int, Cell]] = {}
        for n, col, row, origin in plan.labels:
            trow = out_rows[row - 1].template
            for tc, value in zip(trow.cells, values[row - 1], strict=True):
                if tc.col == origin and isinstance(value, str):
                    over.setdefault(n, {})[col] = (col, tc.style, value)
        tops: list[tuple[Merge, Any]] = []
        for merge in plan.merges:
            r1, c1 = merge[0], merge[1]
            top = over.get(r1, {}).get(c1)
            if top is not None:
                tops.append((merge, top[1]))
                continue
            trow = out_rows[plan.pieces[r1 - 1].row - 1].template
            style = next((tc.style for tc in trow.cells if tc.col == c1), None)
            if style is not None:
                tops.append((merge, style))
        for (r1, c1, r2, c2), style in tops:
            for r in range(r1, r2 + 1):
                row_over = over.setdefault(r, {})
                for c in range(c1, c2 + 1):
                    if (r, c) != (r1, c1):
                        row_over[c] = (c, style, None)
        return over

    def _parts(self, plan: Plan) -> dict[int, dict[int, list[str]]]:
        """For each row cut over pages, each flowing cell's text, one piece per page part."""
        heights = plan.part_heights()
        cut: dict[int, dict[int, list[str]]] = {}
        for row, parts in heights.items():
            cut[row] = {}
            for flow in self.flows.get(row, ()):
                counts = [max(0, math.floor((h - CELL_PADDING_PT) / flow.line + 1e-6))
                          for h in parts]
                cut[row][flow.col] = split_lines(flow.text, flow.starts, counts)
        return cut

    def _logical_titles(self) -> tuple[int, int] | None:
        titles = print_title_rows(self.ws)
        if titles is None:
            return None
        em = self.emitter
        lo, hi = em.first_at_or_after(titles[0]), em.last_at_or_before(titles[1])
        return (lo, hi) if lo and hi and lo <= hi else None

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

    def _remap_print(self, plan: Plan) -> None:
        """Print titles, print area and frozen panes follow their rows into the output."""
        ws, em = self.ws, self.emitter
        first: dict[int, int] = {}
        last: dict[int, int] = {}
        for n, piece in enumerate(plan.pieces, 1):
            if piece.part >= 0:
                first.setdefault(piece.row, n)
                last[piece.row] = n

        def at_or_after(t: int) -> int | None:
            row = em.first_at_or_after(t)
            return first.get(row) if row else None

        def at_or_before(t: int) -> int | None:
            row = em.last_at_or_before(t)
            return last.get(row) if row else None

        titles = print_title_rows(ws)
        if titles is not None:
            lo, hi = at_or_after(titles[0]), at_or_before(titles[1])
            set_print_title_rows(ws, (lo, hi) if lo and hi and lo <= hi else None)
        area = print_area_ranges(ws)
        if area:
            end = len(plan.pieces)
            ranges = []
            for cr in area:
                lo = at_or_after(cr.min_row) or 1
                hi = at_or_before(cr.max_row) or end
                ranges.append(CellRange(min_col=cr.min_col, min_row=lo, max_col=cr.max_col,
                                        max_row=max(lo, hi)).coord)
            set_print_area(ws, ranges)
        pane = ws.freeze_panes
        if pane:
            cr = CellRange(pane)
            row = at_or_after(cr.min_row)
            ws.freeze_panes = None
            if row:
                ws.freeze_panes = f"{get_column_letter(cr.min_col)}{row}"
        ws.conditional_formatting = type(ws.conditional_formatting)()
        ws.data_validations.dataValidation = []


def _cuts(flows: list[_Flow], lines: int, line: float, whole: float) -> frozenset[int]:
    """The line counts after which a page may cut a row of ``flows``: where each flow's text
    is at a paragraph's start (an item of the 绩效指标: “1.…年度指标值:” stays on one page with
    its “≥95%。”), inside a paragraph taller than ``whole`` points, or past its end. Empty:
    after any line (no flow has a paragraph to keep whole)."""
    allowed = set(range(1, lines))
    for flow in flows:
        if abs(flow.line - line) > EPSILON:
            continue  # its lines are not the row's: counted from the part's height
        starts, text = flow.starts, flow.text
        ends = [i for i in range(1, len(starts)) if text[starts[i] - 1] == "\n"]
        if not ends:
            continue  # one paragraph: cut anywhere
        edges = [0, *ends, len(starts)]
        keep: set[int] = set()
        for a, b in zip(edges, edges[1:], strict=False):
            if (b - a) * line <= whole:
                keep.update(range(a + 1, b))  # not inside this paragraph
        allowed -= keep
    if len(allowed) == lines - 1:
        return frozenset()
    return frozenset(allowed)


def _grow(heights: list[float], tall: list[tuple[int, int, float]]) -> None:
    """Give a merged cell spanning rows the height its text needs, shared over its rows."""
    for r1, r2, need in tall:
        have = sum(heights[r1:r2 + 1])
        if need > have:
            extra = (need - have) / (r2 - r1 + 1)
            for r in range(r1, r2 + 1):
                heights[r] += extra


def _contains(outer: Merge, inner: Merge) -> bool:
    return (outer[0] <= inner[0] and outer[1] <= inner[1]
            and outer[2] >= inner[2] and outer[3] >= inner[3])


def _ref(m: Merge) -> str:
    return CellRange(min_row=m[0], min_col=m[1], max_row=m[2], max_col=m[3]).coord


def _column(cell: Cell) -> int:
    return cell[0]


def save_workbook_bytes(wb: Workbook, title: str = "",
                        sheets: Mapping[int, SheetXml] | None = None) -> bytes:
    """The workbook as .xlsx bytes, identical for identical content (fixed times, stable zip).

    ``sheets`` holds the rows of the worksheets the engine filled (by ``id()`` of the
    worksheet: ``SheetWriter.rows``). Its properties say what it is (``title``); the
    template's own title, description and keywords are dropped. The creator stays ``xlgen``:
    that is how ``xlgen build .`` knows its own outputs from the clerks' workbooks
    (workbook.discover).
    """
    props = wb.properties
    props.title = title or None
    props.creator = props.lastModifiedBy = "xlgen"
    props.description = props.subject = props.keywords = props.category = None
    props.created = props.modified = FIXED_TIME
    props.lastPrinted = None
    raw = io.BytesIO()
    given = {key: (rows.dimension(), rows.chunks) for key, rows in (sheets or {}).items()}
    with StableZipFile(raw, "w", zipfile.ZIP_DEFLATED, allowZip64=True) as archive:
        write_package(wb, archive, given)
    return raw.getvalue()
