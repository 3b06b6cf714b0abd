"""Page breaks that keep a small vertically merged cell on one printed page.

Excel and LibreOffice cut a merged cell that straddles a page boundary, and its label can
end up sliced in two. Row heights are known exactly (the engine sets them all) and the
print scale follows from the column widths when a sheet fits to one page wide, so the
pages can be laid out here: when a merge no taller than half a page would straddle a
boundary, the page breaks early, and every page boundary becomes a manual break so the
printer's layout is the one computed here.
"""

from __future__ import annotations

import math

from openpyxl.worksheet.pagebreak import Break, RowBreak
from openpyxl.worksheet.worksheet import Worksheet

from .emit import Merge
from .openpyxl_adapter import print_title_rows

# Paper sizes in points (portrait width, height), by Excel's paperSize code.
PAPER = {None: (595.3, 841.9), 9: (595.3, 841.9), 8: (841.9, 1190.6), 1: (612.0, 792.0),
         11: (419.5, 595.3)}
SAFETY = 0.97  # plan pages a little shorter than the paper allows


def usable_height(ws: Worksheet, columns_pt: float) -> float | None:
    """Row points that fit on one page at the sheet's print scale; None if not computable."""
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
            return None  # fitted to a number of pages tall: the printer decides
        scale = min(1.0, math.floor(100 * printable_w / columns_pt) / 100 if columns_pt else 1)
    else:
        scale = (setup.scale or 100) / 100
    return printable_h / scale if scale > 0 else None


def plan_breaks(heights: list[float], merges: list[Merge], capacity: float,
                titles: tuple[int, int] | None) -> list[int]:
    """Rows that start a new page (manual breaks), or [] when no merge needs keeping together.

    ``heights[n]`` is the height of output row n (index 0 unused); ``titles`` are the rows
    repeated at the top of every page.
    """
    capacity *= SAFETY
    title_h = sum(heights[titles[0]:titles[1] + 1]) if titles else 0.0
    groups: dict[int, int] = {}
    for r1, _, r2, _ in merges:
        if r2 > r1 and sum(heights[r1:r2 + 1]) <= capacity / 2:
            groups[r1] = max(groups.get(r1, r1), r2)
    starts: list[int] = []
    kept = False
    fill, avail = 0.0, capacity
    for n in range(1, len(heights)):
        h = heights[n]
        end = groups.get(n)
        if end is not None and fill > 0:
            group_h = sum(heights[n:end + 1])
            if fill + group_h > avail and group_h <= capacity - title_h:
                starts.append(n)
                kept = True
                fill, avail = 0.0, capacity - title_h
        if fill > 0 and fill + h > avail:
            starts.append(n)
            fill, avail = 0.0, capacity - title_h
        fill += h
    return starts if kept else []


def keep_merges_on_one_page(ws: Worksheet, heights: list[float], merges: list[Merge],
                            columns_pt: float) -> None:
    """Set the sheet's manual row breaks so no small vertical merge is cut by a page."""
    capacity = usable_height(ws, columns_pt)
    ws.row_breaks = RowBreak()
    if capacity is None:
        return
    titles = print_title_rows(ws)
    for start in plan_breaks(heights, merges, capacity, titles):
        ws.row_breaks.append(Break(id=start - 1))
