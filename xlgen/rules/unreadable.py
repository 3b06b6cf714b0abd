"""Which of a record's figures are unknown because a cell they come from could not be read.

The loader reports an amount it cannot read (``约60``) at its cell and leaves the field blank
(0 for an amount that sums). A rule working from that blank would report a second, false
problem: a 总计 that "does not match", a budget that "is 0", a column "not filled". Rules ask
``unreadable`` first and stay silent about figures that depend on such a cell.
"""

from __future__ import annotations

from collections.abc import Iterable

from ..model import Located
from ..problems import Report

# The fields each derived figure of a project comes from.
TOTAL = ("fiscal", "special_account", "other", "unit_funds")  # 总计
ADJUSTED = (*TOTAL, "adjustment")  # 调整后预算
RATE = (*ADJUSTED, "spent")  # 执行率
CARRYOVER = ("carryover", "spent_carryover")  # 上年结转资金 and its 实际支出


def reported_cells(report: Report) -> set[tuple[str, str]]:
    """The (sheet, cell) of every error reported so far."""
    return {(p.sheet, p.cell) for p in report.errors if p.cell}


def unreadable(record: Located, reported: set[tuple[str, str]]) -> frozenset[str]:
    """The fields of ``record`` whose cell has an error reported."""
    return frozenset(key for key, ref in record.cells.items() if (record.sheet, ref) in reported)


def any_of(keys: Iterable[str], bad: frozenset[str]) -> bool:
    return not bad.isdisjoint(keys)


__all__ = ["ADJUSTED", "CARRYOVER", "RATE", "TOTAL", "any_of", "reported_cells", "unreadable"]
