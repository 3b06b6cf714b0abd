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
    setup = ws.page_setup
    paper = PAPER.get(int(setup.paperSize) if setup.paperSize else None)
    if paper is None:
        return None
    width, height = paper if setup.orientation != "landscape" else paper[::-1]
    margins = ws.page_margins
    printable_w = width - 72 * ((margins.left or 0) + (margins.right or 0))
    printable_h = height - 72 * ((margins.top or 0) + (margins.bottom or 0))
    if ws.sheet_properties.pageSetUpPr and ws.sheet_properties.pageSetUpPr.fitToPage:
        if setup.fitToHeight not in (0, None) or setup.fitToWidth in (0, None):
            return None
        scale = min(1.0, math.floor(100 * printable_w / columns_pt) / 100 if columns_pt else 1)
    else:
        scale = (setup.scale or 100) / 100
    return printable_h / scale * SAFETY if scale > 0 else None


def set_row_breaks(ws: Worksheet, rows: Iterable[int]) -> None:
    """Manual page breaks before each of ``rows`` (and no others)."""
    ws.row_breaks = RowBreak(brk=[Break(id=row - 1) for row in rows])
