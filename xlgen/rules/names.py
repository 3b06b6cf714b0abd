"""Names with a line break in them: kept as typed, with a warning at their cell.

A name copied from Word or a web page (or typed with Alt+Enter to fit the column) may hold a
line break. The spec keeps line breaks in text, so the name is not changed behind the clerk's
back; but a name is not a paragraph: it is how an indicator finds its project (compared as
typed: ``甲项目⏎二期`` in 项目 and ``甲项目二期`` in 项目绩效指标 are two names), how a
document's title and a folder name are made (the break becomes ``_``), and it prints on two
lines. So each such cell gets a warning (``name-line-break``) saying where the break is.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import NamedTuple

from ..model import InputBook, Located
from ..problems import Report
from ..shown import quoted
from ..workbook import load_contract


class _Name(NamedTuple):
    """One field that names something (matched, printed as a title or a file name)."""

    sheet: str  # the contract's sheet key
    key: str  # the field's key
    use: str  # what the name is used for, as the clerk is told


_NAMES = (
    _Name("department", "name", "部门名称印在每份文书的标题中，也是输出文件夹和文件的名字"),
    _Name("department", "self_name", "自称印在自评报告的正文中"),
    _Name("tasks", "name", "任务名称印在申报表中"),
    _Name("dept_indicators", "name", "指标名称印在文书的指标表中"),
    _Name("projects", "name", "“项目绩效指标”表按项目名称找到项目，两处必须一字不差，"
          "换行在照抄时很容易丢掉"),
    _Name("projects", "unit", "资金使用单位印在文书中，同一单位的项目按它归在一起"),
    _Name("project_indicators", "project", "指标按项目名称归到项目，它必须与“项目”表中的"
          "一字不差，换行在照抄时很容易丢掉"),
    _Name("project_indicators", "name", "指标名称印在文书的指标表中"),
    _Name("management", "level2", "指标名称印在自评报告的指标表中"),
    _Name("management", "name", "指标名称印在自评报告的指标表中"),
)


def name_breaks(book: InputBook, report: Report) -> None:
    """Warn (``name-line-break``) of each name in ``book`` holding a line break: once per
    sheet, field and name, at its first cell, with how many rows repeat it."""
    contract = load_contract()
    records: dict[str, Iterable[Located]] = {
        "department": [book.department], "tasks": book.tasks or [],
        "dept_indicators": book.dept_indicators or [], "projects": book.projects or [],
        "project_indicators": book.project_indicators or [],
        "management": book.management or [],
    }
    for name in _NAMES:
        found: dict[str, list[Located]] = {}
        for record in records[name.sheet]:
            value = getattr(record, name.key)
            if isinstance(value, str) and "\n" in value and not (
                    name.key == "unit" and value == book.department.name):  # a blank 单位
                found.setdefault(value, []).append(record)
        if not found:
            continue
        label = next(f.label for f in contract.sheet(name.sheet).fields if f.key == name.key)
        for value, where in found.items():
            _warn(report, label, name, value, where)


def _warn(report: Report, label: str, name: _Name, value: str, where: list[Located]) -> None:
    lines = value.split("\n")
    more = f"本表共有 {len(where)} 行这样写，请一并改正。" if len(where) > 1 else ""
    report.warn("name-line-break",
                f"“{label}”中有换行，分成了 {len(lines)} 行（{quoted(value, 20)}）。{name.use}。"
                f"名称中不要换行：请双击单元格，把光标放到“{lines[0][-6:]}”之后，"
                f"按 Delete 键删去换行。{more}",
                where[0].sheet, where[0].cell(name.key))


__all__ = ["name_breaks"]
