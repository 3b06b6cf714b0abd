"""Which of a record's figures are unknown because a cell they come from could not be read.

The loader reports an amount it cannot read (``约60``) at its cell and leaves the field blank
(0 for an amount that sums). A rule working from that blank would report a second, false
problem: a 总计 that "does not match", a budget that "is 0", a column "not filled". Rules ask
``unreadable`` first and stay silent about figures that depend on such a cell.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from ..model import Located, RowCells
from ..problems import Report

# The fields each derived figure of a project comes from.
TOTAL = ("fiscal", "special_account", "other", "unit_funds")  # 总计
ADJUSTED = (*TOTAL, "adjustment")  # 调整后预算
RATE = (*ADJUSTED, "spent")  # 执行率
CARRYOVER = ("carryover", "spent_carryover")  # 上年结转资金 and its 实际支出
SCORED = ("weight", "score")  # an indicator's 分值 and 得分
EVALUATED = (*SCORED, "annual_value", "actual_value")  # what its computed 得分 comes from

CELL_ROW = re.compile(r"[A-Z]{1,3}([0-9]+)")  # C7, or a range's first cell (C7:D9)
NOTHING: frozenset[str] = frozenset()


class Reported:
    """The cells of the errors reported so far in a report, and their rows (most records
    have none)."""

    __slots__ = ("cells", "rows")

    def __init__(self, report: Report):
        self.cells = {(p.sheet, p.cell) for p in report.errors if p.cell}
        self.rows = {(sheet, int(m.group(1))) for sheet, ref in self.cells
                     if (m := CELL_ROW.match(ref))}


def unreadable(record: Located, reported: Reported) -> frozenset[str]:
    """The fields of ``record`` whose cell has an error reported."""
    cells = record.cells
    if isinstance(cells, RowCells) and (record.sheet, cells.row) not in reported.rows:
        return NOTHING  # a table row with no error (nearly all of them): nothing to look up
    return frozenset(key for key, ref in cells.items() if (record.sheet, ref) in reported.cells)


def any_of(keys: Iterable[str], bad: frozenset[str]) -> bool:
    return not bad.isdisjoint(keys)


__all__ = ["ADJUSTED", "CARRYOVER", "EVALUATED", "RATE", "SCORED", "TOTAL", "Reported",
           "any_of", "unreadable"]
