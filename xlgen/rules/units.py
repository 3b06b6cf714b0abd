"""A 资金使用单位 spelled almost like the department: a typo that makes a second unit.

A blank 资金使用单位 is the department itself (input-workbook.md). A clerk who types the
department's name instead, with a character missing or one too many, makes another unit: the
documents print its projects apart, under a heading of their own, and nothing else notices.
So a unit that is not the department's name but nearly is gets a warning at its first cell.
Units are not compared with each other: a department's 第一中学 and 第二中学 are two; nor is a
unit named after the department with more to it (…教育局教研室).
"""

from __future__ import annotations

import difflib

from ..model import InputBook, Project
from ..problems import Report
from ..shown import quoted
from ..suggest import normalise

SLIPS = 2  # characters left off, added or changed: at most this many is a typo
SHORTEST = 6  # a department's name shorter than this is not compared (甲局 and 乙局 are two)


def unit_spellings(book: InputBook, report: Report) -> None:
    """Warn (``unit-near-department``) of each 资金使用单位 spelled nearly, not exactly, as
    the department's name: once per unit, at its first cell, with how many rows have it."""
    dept = book.department.name
    key = normalise(dept)
    if len(key) < SHORTEST:
        return
    rows: dict[str, list[Project]] = {}
    for p in book.projects or []:
        if p.unit and p.unit != dept:
            rows.setdefault(p.unit, []).append(p)
    for unit, where in rows.items():
        if _slips(normalise(unit), key) > SLIPS:
            continue
        first = where[0]
        more = f"（共 {len(where)} 个项目这样写）" if len(where) > 1 else ""
        report.warn("unit-near-department",
                    f"资金使用单位{quoted(unit)}{more}与部门名称{quoted(dept)}只差几个字，"
                    "程序把它当作另一个单位，文书中它的项目与本部门的分开印。是本部门的项目，"
                    "请把资金使用单位留空（不填即为本部门），或改成与部门名称一字不差；"
                    "确是另一个单位的，可不理会。", first.sheet, first.cell("unit"))


def _slips(typed: str, meant: str) -> int:
    """How many characters ``typed`` has left off, added or changed from ``meant``."""
    if abs(len(typed) - len(meant)) > SLIPS:
        return SLIPS + 1
    matcher = difflib.SequenceMatcher(None, typed, meant, autojunk=False)
    return sum(max(i2 - i1, j2 - j1) for tag, i1, i2, j1, j2 in matcher.get_opcodes()
               if tag != "equal")


__all__ = ["unit_spellings"]
