"""The printed page of a worksheet: how many points of rows one page holds, and its breaks.

Row heights are known exactly (the engine sets them all) and the print scale follows from the
column widths when a sheet fits to one page wide, so the rows' share of a page can be
computed here; ``pages.plan_pages`` then lays the rows out on pages of that size.
"""

from __future__ import annotations

import math
from collections.abc import Iterable

from openpyxl.worksheet.pagebreak import Break, RowBreak
from openpyxl.worksheet.worksheet import Worksheet

# Paper sizes in points (portrait width, height), by Excel's paperSize code.
PAPER = {None: (595.3, 841.9), 9: (595.3, 841.9), 8: (841.9, 1190.6), 1: (612.0, 792.0),
         11: (419.5, 595.3)}
# The smallest body size a table may print at (domain.md asks 10–12 pt; the 自评表's portrait
# project form prints at 97 %, 9.7 pt); tests/test_template_format.py holds the shipped ones.
SMALLEST_PRINTED_PT = 9.5
SAFETY = 0.97  # plan pages a little shorter than the paper allows (applications round)


def columns_points(widths: Iterable[float], width_unit: float) -> float:
    """Printed width of columns ``widths`` (character units), in points, as Excel rounds them."""
    mdw = width_unit / 0.75  # the default font's max digit width in pixels
    pixels = 0
    for width in widths:
        pixels += int(((256 * width + int(128 / mdw)) / 256) * mdw)
    return pixels * 0.75


def page_capacity(ws: Worksheet, columns_pt: float) -> float | None:
    """Points of rows one printed page holds at the sheet's scale (with a safety margin).

    None when it cannot be known: an unknown paper size, or a sheet fitted to a number of
    pages tall (the application then chooses the scale from the rows).
    """
    printable = _printable(ws)
    if printable is None:
        return None
    setup = ws.page_setup
    props = ws.sheet_properties.pageSetUpPr
    if props and props.fitToPage:
        if setup.fitToHeight not in (0, None) or setup.fitToWidth in (0, None):
            return None
        scale = fit_scale(ws, columns_pt) or 1.0
    else:
        scale = (setup.scale or 100) / 100
    return printable[1] / scale * SAFETY if scale > 0 else None


def _printable(ws: Worksheet) -> tuple[float, float] | None:
    """(width, height) inside the margins, in points; None for an unknown paper size."""
    setup = ws.page_setup
    paper = PAPER.get(int(setup.paperSize) if setup.paperSize else None)
    if paper is None:
        return None
    width, height = paper if setup.orientation != "landscape" else paper[::-1]
    margins = ws.page_margins
    return (width - 72 * ((margins.left or 0) + (margins.right or 0)),
            height - 72 * ((margins.top or 0) + (margins.bottom or 0)))


def fits_one_page_wide(ws: Worksheet) -> bool:
    """Page setup “fit to 1 page wide” (调整为 1 页宽)."""
    props = ws.sheet_properties.pageSetUpPr
    return bool(props and props.fitToPage) and ws.page_setup.fitToWidth not in (0, None)


def fit_scale(ws: Worksheet, columns_pt: float) -> float | None:
    """The scale a sheet fitted to one page wide prints at (Excel's whole percent, at most
    100 %); None for an unknown paper size or a sheet not fitted to the page width."""
    printable = _printable(ws)
    if printable is None or not fits_one_page_wide(ws):
        return None
    return min(1.0, math.floor(100 * printable[0] / columns_pt) / 100 if columns_pt else 1)


def set_row_breaks(ws: Worksheet, rows: Iterable[int]) -> None:
    """Manual page breaks before each of ``rows`` (and no others)."""
    ws.row_breaks = RowBreak(brk=[Break(id=row - 1) for row in rows])
