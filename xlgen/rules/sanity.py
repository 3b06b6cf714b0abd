"""Sanity checks: figures that are valid but implausible, a workbook in the wrong year's folder.

These catch slips no single cell shows: a 2023 workbook copied into the 2024 folder, or
figures typed in 万元 while 金额单位 says 元 (the 合计 comes out at 0.28 万元). They are
warnings; a bureau may switch them off in xlgen.toml.
"""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path

from ..filenames import folder_year
from ..model import ZERO, InputBook, Located
from ..money import fmt_money
from ..problems import Report

SMALLEST_TOTAL = Decimal(1)  # 万元: no department spends less in a year
LARGEST_AMOUNT = Decimal(10_000_000)  # 万元 = 1,000 亿元: more than any single line

AMOUNT_FIELDS: dict[str, tuple[str, ...]] = {
    "budget": ("basic", "project", "special", "other_dev", "fiscal", "other_funds", "own_use",
               "transfer"),
    "tasks": ("amount",),
    "projects": ("fiscal", "special_account", "other", "adjustment", "spent", "stated_total",
                 "stated_adjusted"),
    "self_evaluation": ("initial_budget", "full_year_budget", "executed"),
}


def _records(book: InputBook) -> Iterator[tuple[Located, tuple[str, ...]]]:
    for attr, keys in AMOUNT_FIELDS.items():
        value = getattr(book, attr)
        for record in value if isinstance(value, list) else [value] if value else []:
            yield record, keys


def _amounts(book: InputBook) -> Iterator[tuple[Located, str, Decimal]]:
    for record, keys in _records(book):
        for key in keys:
            amount = getattr(record, key, None)
            if isinstance(amount, Decimal):
                yield record, key, amount


def _totals(book: InputBook) -> list[tuple[str, Decimal]]:
    """The department's totals, as far as the workbook states them."""
    totals: list[tuple[str, Decimal]] = []
    if book.budget is not None:
        spent = [getattr(book.budget, k) for k in book.budget.EXPENDITURE]
        totals.append(("预算支出合计", sum((v for v in spent if v is not None), ZERO)))
    if book.projects:
        totals.append(("项目合计", sum((p.total for p in book.projects), ZERO)))
    se = book.self_evaluation
    if se is not None:
        budgets = [v for v in (se.full_year_budget, se.initial_budget) if v is not None]
        if budgets:
            totals.append(("全年预算数", max(budgets)))
    return totals


def _has_actuals(book: InputBook) -> bool:
    """Whether the workbook holds a year's outcome (实际支出, 实际完成值): last year's copied."""
    indicators = (book.dept_indicators or []) + (book.project_indicators or [])
    return (any(p.spent is not None for p in book.projects or [])
            or any(i.actual_value for i in indicators))


def check_sanity(book: InputBook, report: Report, path: Path | None = None) -> None:
    """Warn about a year that disagrees with its folder and sums implausible for the unit."""
    dept = book.department
    if path is not None:
        year = folder_year(path)
        if year is not None and dept.year and year != dept.year:
            copied = (f"表中有 {dept.year} 年的实际完成值、实际支出，像是复制来的上一年度工作簿："
                      "只改“年度”不够，上一年度的执行情况会印进新年度的自评表。请把这个文件移走，"
                      f"运行 xlgen init --from 上一年度的工作簿 {path.name}：它照抄计划、清空"
                      "上一年度的执行情况。" if year > dept.year and _has_actuals(book) else
                      "请核对“年度”，或把工作簿放到正确的文件夹。")
            report.warn("year-folder",
                        f"工作簿的年度是 {dept.year}，却放在“{year}”文件夹中：生成的将是 "
                        f"{dept.year} 年的文书。{copied}",
                        dept.sheet, dept.cell("year"))
    in_yuan = dept.unit == "元"
    totals = [(label, total) for label, total in _totals(book) if total > 0]
    if totals:
        label, total = max(totals, key=lambda item: item[1])
        if total < SMALLEST_TOTAL:
            fix = ("如果表中的数字是按万元填写的，"
                   "请把“部门信息”中的“金额单位”改为“万元”（或删去）。"
                   if in_yuan else "请核对金额的单位：本工作簿的金额应以万元填写。")
            report.warn("implausible-total",
                        f"{label}只有 {fmt_money(total)} 万元"
                        f"{'（已按“金额单位 = 元”换算）' if in_yuan else ''}，不合常理。{fix}",
                        dept.sheet, dept.cell("unit") if in_yuan else "")
    for record, key, amount in _amounts(book):
        if abs(amount) > LARGEST_AMOUNT:
            fix = ("请核对。" if in_yuan else
                   "如果是按元填写的，请在“部门信息”中把“金额单位”填为“元”。")
            report.warn("implausible-amount",
                        f"金额 {fmt_money(amount)} 万元超过 1,000 亿元，不合常理。{fix}",
                        record.sheet, record.cell(key))


__all__ = ["LARGEST_AMOUNT", "SMALLEST_TOTAL", "check_sanity"]
