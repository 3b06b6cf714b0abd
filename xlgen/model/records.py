"""The typed model of one input workbook.

Amounts are exact ``Decimal`` in 万元 (already converted when 金额单位 = 元). Every record
keeps the sheet and the cell each value came from (``cells``: field → ``"C7"``), so later
stages can point at it. A sheet absent from the workbook is ``None`` (or empty), and the
documents that need it are simply not built.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from ..money import rate

ZERO = Decimal(0)
_OWN_LEVEL = re.compile(r"[（(]\s*本级\s*[）)]$")  # a name ending in （本级）


class RowCells(Mapping[str, str]):
    """The cells of one table row, field → ``"C7"``, made when asked for: a big workbook has
    a million of them, so a row keeps its number and its table's field → column letter map
    (shared by every row) instead of a string per cell."""

    __slots__ = ("_row", "_letters")

    def __init__(self, row: int, letters: Mapping[str, str]):
        self._row = row
        self._letters = letters

    @property
    def row(self) -> int:
        return self._row

    def __getitem__(self, key: str) -> str:
        return f"{self._letters[key]}{self._row}"

    def __contains__(self, key: object) -> bool:
        return key in self._letters

    def __iter__(self) -> Iterator[str]:
        return iter(self._letters)

    def __len__(self) -> int:
        return len(self._letters)

    def __repr__(self) -> str:
        return f"RowCells({dict(self)!r})"


@dataclass(slots=True)
class Located:
    """Where a record came from: its sheet, its row and the cell of each field."""

    sheet: str = ""
    row: int = 0
    cells: Mapping[str, str] = field(default_factory=dict, repr=False, compare=False)
    # Fields the model has no attribute for, by label: a column a maintainer added to a sheet
    # (declared in templates/fields.toml, or not declared at all). Templates read
    # ``p.extra['实施周期']``.
    extra: dict[str, Any] = field(default_factory=dict, repr=False)

    def cell(self, key: str) -> str:
        return self.cells.get(key, f"A{self.row}" if self.row else "")


@dataclass(slots=True)
class Department(Located):
    year: int = 0
    name: str = ""
    level: str = "区"
    template: str = ""  # 模板: the template set the clerk asks for ('' = by 预算级次)
    unit: str = "万元"
    staff: int | None = None
    subunits: int | None = None
    overall_goal: str = ""
    self_name: str = ""  # 自称 (我局, 我委 …); '' → from the name's ending (rules/figures.py)

    @property
    def own_use_label(self) -> str:
        """``区本级使用资金`` (follows 预算级次)."""
        return f"{self.level}本级使用资金"

    @property
    def own_level_name(self) -> str:
        """The name as a city's own department prints it (单位名称：…（本级）): with
        ``（本级）`` once, also when the clerk's name already ends with it."""
        name = self.name.strip()
        return name if _OWN_LEVEL.search(name) else f"{name}（本级）"


@dataclass(slots=True)
class Budget(Located):
    """部门预算 (the 申报表's budget block); None means the clerk left it blank."""

    basic: Decimal | None = None  # 基本支出
    project: Decimal | None = None  # 项目支出
    special: Decimal | None = None  # 财政专项资金
    other_dev: Decimal | None = None  # 其他事业发展性支出
    fiscal: Decimal | None = None  # 财政拨款
    other_funds: Decimal | None = None  # 其他资金
    own_use: Decimal | None = None  # 本级使用资金
    transfer: Decimal | None = None  # 拟用于对下转移支付资金

    EXPENDITURE = ("basic", "project", "special", "other_dev")
    INCOME = ("fiscal", "other_funds")
    LEVEL = ("own_use", "transfer")

    @property
    def blank(self) -> bool:
        """Nothing filled in (no amount, no field a maintainer declared)."""
        keys = self.EXPENDITURE + self.INCOME + self.LEVEL
        return all(getattr(self, k) is None for k in keys) and all(
            v in (None, "") for v in self.extra.values())

    def total(self, keys: tuple[str, ...]) -> Decimal | None:
        """Exact sum of ``keys``; None when any term is blank (not filled)."""
        values = [getattr(self, k) for k in keys]
        if any(v is None for v in values):
            return None
        return sum(values, ZERO)


@dataclass(slots=True)
class Task(Located):
    """重点任务 or 其他任务."""

    kind: str = "重点任务"
    name: str = ""
    content: str = ""
    amount: Decimal | None = None
    goal: str = ""


@dataclass(slots=True)
class Indicator(Located):
    """One 三级指标 row (部门 or 项目)."""

    level1: str = ""  # normalised 一级, e.g. 产出指标
    level2: str = ""  # normalised 二级, '' when blank
    name: str = ""  # 三级指标
    period_value: str = ""  # 实施周期指标值
    annual_value: str = ""  # 年度指标值
    actual_value: str = ""  # 实际完成值
    weight: Decimal | None = None  # 分值
    score: Decimal | None = None  # 得分 (clerk's own)
    reason: str = ""  # 偏差原因
    project: str = ""  # 项目名称 (project indicators only)
    level1_code: str = ""  # framework code, e.g. "1"
    level2_code: str = ""  # e.g. "11"
    level2_label: str = ""  # coded-style label, e.g. "社会效益" (framework ``short``)


@dataclass(slots=True)
class Project(Located):
    name: str = ""
    unit: str = ""  # 资金使用单位
    fiscal: Decimal = ZERO  # 财政拨款
    special_account: Decimal = ZERO  # 财政专户拨款
    other: Decimal = ZERO  # 其他资金 as national forms print it: its column plus 单位资金
    goal: str = ""
    adjustment: Decimal | None = None  # 预算调整 (negative for 调减)
    spent: Decimal | None = None  # 实际支出
    stated_total: Decimal | None = None
    stated_adjusted: Decimal | None = None
    stated_rate: Decimal | None = None  # as a fraction (0.9948)
    implementer: str = ""  # 实施单位 (自评表; '' → 资金使用单位)
    achievement: str = ""  # 年度目标完成情况 (自评表's 实际完成情况)
    adjustment_fiscal: Decimal | None = None  # 其中财政拨款预算调整
    spent_fiscal: Decimal | None = None  # 其中财政拨款实际支出
    carryover: Decimal | None = None  # 上年结转资金 (自评表 only; not in 总计)
    spent_carryover: Decimal | None = None  # 上年结转资金实际支出 (not in 实际支出)
    unit_funds: Decimal | None = None  # 单位资金 (Sichuan's row of its own; within ``other``)
    weights: dict[str, Decimal] = field(default_factory=dict)  # 自评表 part → this project's 分值
    indicators: list[Indicator] = field(default_factory=list, repr=False)

    @property
    def total(self) -> Decimal:
        """总计 = 财政拨款 + 财政专户拨款 + 其他资金."""
        return self.fiscal + self.special_account + self.other

    @property
    def adjusted(self) -> Decimal:
        """调整后预算 = 总计 + 预算调整."""
        return self.total + (self.adjustment or ZERO)

    @property
    def execution_rate(self) -> Decimal | None:
        """执行率 = 实际支出 / 调整后预算, as an exact fraction; None if not computable."""
        return rate(self.spent, self.adjusted)

    @property
    def other_rest(self) -> Decimal:
        """其他资金 apart from 单位资金 (the 其他资金 column as the clerk filled it)."""
        return self.other - (self.unit_funds or ZERO)


@dataclass(slots=True)
class ManagementIndicator(Located):
    """管理效率指标 row."""

    level2: str = ""
    name: str = ""
    weight: Decimal | None = None
    score: Decimal | None = None
    reason: str = ""


@dataclass(slots=True)
class SelfEvaluation(Located):
    """自评报告 sheet: three numbers and named text blocks (each a list of paragraphs)."""

    initial_budget: Decimal | None = None  # 年初预算数
    full_year_budget: Decimal | None = None  # 全年预算数
    executed: Decimal | None = None  # 全年执行数
    stated_score: Decimal | None = None  # 自评得分 as stated (used when not computable)
    blocks: dict[str, list[str]] = field(default_factory=dict)

    @property
    def completion_rate(self) -> Decimal | None:
        """完成率 = 全年执行数 / 年初预算数 (the published report's definition)."""
        return rate(self.executed, self.initial_budget)


@dataclass
class Unit:
    """A 资金使用单位 and its projects, in input order."""

    name: str
    projects: list[Project]

    @property
    def fiscal(self) -> Decimal:
        return sum((p.fiscal for p in self.projects), ZERO)

    @property
    def special_account(self) -> Decimal:
        return sum((p.special_account for p in self.projects), ZERO)

    @property
    def other(self) -> Decimal:
        return sum((p.other for p in self.projects), ZERO)

    @property
    def total(self) -> Decimal:
        return sum((p.total for p in self.projects), ZERO)


@dataclass
class InputBook:
    """Everything read from one input workbook."""

    path: str
    department: Department
    budget: Budget | None = None
    tasks: list[Task] | None = None
    dept_indicators: list[Indicator] | None = None
    projects: list[Project] | None = None
    project_indicators: list[Indicator] | None = None
    management: list[ManagementIndicator] | None = None
    self_evaluation: SelfEvaluation | None = None
    # Contract sheets present but not read reliably (a header or merged-cell error is
    # reported on them): rules that would only repeat that error stay silent.
    broken_sheets: set[str] = field(default_factory=set)

    def _read_sheets(self) -> list[tuple[str, Any]]:
        return [("部门信息", self.department), ("预算", self.budget), ("重点任务", self.tasks),
                ("部门绩效指标", self.dept_indicators), ("项目", self.projects),
                ("项目绩效指标", self.project_indicators), ("管理效率指标", self.management),
                ("自评报告", self.self_evaluation)]

    @property
    def sheets(self) -> set[str]:
        """Names of the contract sheets present with content (the manifest's ``needs``).

        An empty table or a 预算 form with nothing filled (``xlgen init``'s blank ones) is
        not counted: a document is made only from what the clerk filled in, never an empty
        one (a 自评报告 form with nothing filled is not read at all)."""
        return {name for name, value in self._read_sheets()
                if value is not None and not _empty(value)}

    @property
    def empty_sheets(self) -> set[str]:
        """Names of the contract sheets present but with nothing filled in."""
        return {name for name, value in self._read_sheets()
                if value is not None and _empty(value)}

    def units(self) -> list[Unit]:
        """Projects grouped by 资金使用单位, units in order of first appearance."""
        groups: dict[str, list[Project]] = {}
        for p in self.projects or []:
            groups.setdefault(p.unit or self.department.name, []).append(p)
        return [Unit(name, projects) for name, projects in groups.items()]


def _empty(value: object) -> bool:
    """An empty table, or a 预算 form with nothing filled in."""
    return value == [] or (isinstance(value, Budget) and value.blank)
