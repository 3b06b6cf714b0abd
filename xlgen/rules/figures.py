"""Derived figures of the 部门整体支出绩效自评报告, exposed to templates as ``report``.

Every number the report prints is computed here from the input book, as plain data the
template reads like the report itself (``report.total_score``, ``report.grade``,
``report.performance[0].counts_phrase`` …). Amounts and rates stay exact ``Decimal``;
the ``money``/``percent``/``number`` filters round them once, in the text.

Naming: 二级 names in the count phrases are the framework's (``可持续影响指标``; seed 001
prints the alias ``可持续发展指标``). A template that wants the alias can write
``s.counts_phrase|replace('可持续影响指标', '可持续发展指标')``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from ..model import (
    ZERO,
    Framework,
    Indicator,
    InputBook,
    ManagementIndicator,
    Project,
    default_framework,
)
from ..money import round_money
from .scoring import grade, indicator_score, lost_points

# How the report refers to its own department (“我局”), by the end of the department's name.
# A 自称 stated in 部门信息 wins over this table.
_SELF_NAMES: tuple[tuple[str, str], ...] = (
    ("街道办事处", "我街道"),
    ("街道", "我街道"),
    ("镇人民政府", "我镇"),
    ("乡人民政府", "我乡"),
    ("委员会", "我委"),
    ("办公室", "我办"),
    ("中心", "我中心"),
    ("局", "我局"),
    ("委", "我委"),
    ("办", "我办"),
    ("院", "我院"),
    ("所", "我所"),
    ("馆", "我馆"),
    ("站", "我站"),
    ("队", "我队"),
    ("镇", "我镇"),
    ("乡", "我乡"),
)
_DEFAULT_SELF_NAME = "我单位"

# A clerk's own numbering at the start of a list item: （一） (1) 一、 1、 1. - •
_LEADING_NUMBER = re.compile(
    r"^\s*(?:[-•·*]\s*)?"
    r"(?:[（(]\s*[一二三四五六七八九十百零\d]+\s*[）)]|[一二三四五六七八九十百零]+\s*[、.．]"
    r"|\d+\s*[、．]|\d+\.(?!\d))\s*"
)


@dataclass(frozen=True)
class Level2Count:
    """How many indicators one 二级 has."""

    name: str
    count: int

    @property
    def phrase(self) -> str:
        """``数量指标24个``: no space around the figure (Word and WPS space CJK and digits)."""
        return f"{self.name}{self.count}个"


@dataclass(frozen=True)
class Level1Figures:
    """One 一级 of the 部门绩效指标 (产出/效益/满意度 …): counts, 分值 and 得分."""

    name: str  # 产出指标
    counts: tuple[Level2Count, ...]  # per 二级, framework order
    weight: Decimal  # 总分 (sum of 分值)
    score: Decimal  # 得分 (sum of known scores)
    unscored: tuple[str, ...]  # 三级 names whose score is unknown
    unweighted: tuple[str, ...] = ()  # 三级 names with no 分值: the 一级's 总分 is unknown

    @property
    def count(self) -> int:
        """Number of 三级 indicators."""
        return sum(c.count for c in self.counts)

    @property
    def counts_phrase(self) -> str:
        """``数量指标24个、质量指标8个、时效指标1个``."""
        return "、".join(c.phrase for c in self.counts)


@dataclass(frozen=True)
class ManagementFigures:
    """管理效率: count, 分值, 得分 and the indicators that lost points."""

    count: int
    weight: Decimal
    score: Decimal
    areas: tuple[str, ...]  # 二级 in input order: 预算编制, 预算执行 …
    lost: tuple[str, ...]  # ``绩效管理里的绩效管理制度建设``
    unscored: tuple[str, ...]

    @property
    def areas_phrase(self) -> str:
        """``预算编制、预算执行、信息公开``."""
        return "、".join(self.areas)

    @property
    def lost_phrase(self) -> str:
        """``绩效管理里的绩效管理制度建设、预算执行里的预算完成率``."""
        return "、".join(self.lost)

    @property
    def grade(self) -> str:
        """The grade of the 管理效率 score on a 100 scale ('' when it has no 分值)."""
        if not self.weight:
            return ""
        return grade(self.score / self.weight * 100)


@dataclass(frozen=True)
class ProjectFigures:
    """One project's line in section 二（三）."""

    name: str
    unit: str
    initial: Decimal  # 年初预算 = 总计
    adjustment: Decimal | None  # signed 预算调整
    adjusted: Decimal  # 调整后预算
    spent: Decimal | None  # 实际支出
    rate: Decimal | None  # 执行率 as a fraction; None → “—”

    @property
    def _adjusted_as_printed(self) -> bool:
        """Whether the report shows an adjustment: one that prints as 0.00 万元 (30 元 in a 元
        workbook) is none while the 调整后预算 prints as the 年初预算 (the 自评表's 全年预算数
        and 年初预算数 then agree too), or the text would say “年中调减预算0.00万元”."""
        if not self.adjustment:
            return False
        return bool(round_money(self.adjustment)) or (
            round_money(self.initial) != round_money(self.adjusted))

    @property
    def adjustment_word(self) -> str | None:
        """调增, 调减, or None when there was no adjustment (zero, blank, or 0.00 as printed)."""
        if not self._adjusted_as_printed or self.adjustment is None:
            return None
        return "调增" if self.adjustment > 0 else "调减"

    @property
    def adjustment_abs(self) -> Decimal | None:
        """The size of the adjustment (positive), None when there was none (as printed)."""
        return abs(self.adjustment) if self._adjusted_as_printed and self.adjustment else None

    @classmethod
    def of(cls, project: Project) -> ProjectFigures:
        return cls(
            name=project.name,
            unit=project.unit,
            initial=project.total,
            adjustment=project.adjustment,
            adjusted=project.adjusted,
            spent=project.spent,
            rate=project.execution_rate,
        )


def self_name(department_name: str, stated: str = "") -> str:
    """How the report calls its department: the clerk's 自称 when stated, else by the name's
    ending (``…管理局`` → ``我局``, ``…街道办事处`` → ``我街道``), else ``我单位``."""
    if stated.strip():
        return stated.strip()
    name = department_name.strip()
    for ending, word in _SELF_NAMES:
        if name.endswith(ending):
            return word
    return _DEFAULT_SELF_NAME


def strip_numbering(text: str) -> str:
    """``（一）绩效指标…`` → ``绩效指标…`` (the template numbers list items itself)."""
    return _LEADING_NUMBER.sub("", text, count=1).strip()


def _sum(values: Iterable[Decimal | None]) -> Decimal:
    return sum((v for v in values if v is not None), ZERO)


def performance(
    indicators: list[Indicator], framework: Framework | None = None
) -> list[Level1Figures]:
    """Figures per 一级 that occurs, in framework order (unknown 一级 last, input order).

    Within a 一级, 二级 are counted in framework order; unknown 二级 follow in input
    order; indicators with a blank 二级 are counted last as ``其他{一级}``.
    """
    fw = framework or default_framework()
    return [_level1_figures(name, group, fw) for name, group in fw.by_level1(indicators).items()]


def _level1_figures(name: str, indicators: list[Indicator], fw: Framework) -> Level1Figures:
    level1 = fw.find1(name)
    known = [l2.name for l2 in level1.level2] if level1 else []
    counts: dict[str, int] = {}
    blank = 0
    for ind in indicators:
        if not ind.level2.strip():
            blank += 1
            continue
        found = level1.find(ind.level2) if level1 else None
        key = found.name if found else ind.level2.strip()
        counts[key] = counts.get(key, 0) + 1
    ordered = sorted(counts, key=lambda n: known.index(n) if n in known else len(known))
    items = [Level2Count(n, counts[n]) for n in ordered]
    if blank:
        items.append(Level2Count(f"其他{name}", blank))
    scores = [indicator_score(ind) for ind in indicators]
    return Level1Figures(
        name=name,
        counts=tuple(items),
        weight=_sum(ind.weight for ind in indicators),
        score=_sum(scores),
        unscored=tuple(
            ind.name for ind, s in zip(indicators, scores, strict=True)
            if s is None and ind.weight is not None
        ),
        unweighted=tuple(ind.name for ind in indicators if ind.weight is None),
    )


def management(rows: list[ManagementIndicator]) -> ManagementFigures:
    """管理效率 figures; an indicator lost points when its 得分 is below its 分值 as printed."""
    areas: list[str] = []
    for row in rows:
        if row.level2 and row.level2 not in areas:
            areas.append(row.level2)
    lost = [
        f"{row.level2}里的{row.name}" if row.level2 else row.name
        for row in rows
        if lost_points(row.score, row.weight)
    ]
    return ManagementFigures(
        count=len(rows),
        weight=_sum(row.weight for row in rows),
        score=_sum(row.score for row in rows),
        areas=tuple(areas),
        lost=tuple(lost),
        unscored=tuple(row.name for row in rows if row.score is None),
    )


def computed_total(perf: list[Level1Figures], mgmt: ManagementFigures) -> Decimal | None:
    """自评得分 = 履职效能 + 管理效率, or None when it is not known: no indicator carries a
    分值, a 部门绩效指标 has none (its part of the 100 is unknown), or one with a 分值 has no
    得分 (neither filled nor computable). A report never states a score it could not compute
    (a 0 would read as “差”; 管理效率's 49.5 alone too). With one of the two tables missing
    or empty it is known only when the other's 分值 make the 100 by themselves."""
    weight = _sum(s.weight for s in perf) + mgmt.weight
    if not weight or ((not perf or not mgmt.count) and weight != 100):
        return None
    if any(s.unscored or s.unweighted for s in perf) or mgmt.unscored:
        return None
    return _sum(s.score for s in perf) + mgmt.score


def build(book: InputBook) -> dict[str, Any]:
    """Every computed figure the report template uses (see templates/README-word.md)."""
    dept = book.department
    se = book.self_evaluation
    blocks = se.blocks if se else {}
    perf = performance(book.dept_indicators or [])
    mgmt = management(book.management or [])
    perf_weight = _sum(s.weight for s in perf)
    perf_score = _sum(s.score for s in perf)
    unscored = [n for s in perf for n in s.unscored] + list(mgmt.unscored)
    computed = computed_total(perf, mgmt)
    stated = se.stated_score if se else None
    total_score = computed if computed is not None else stated  # stated: checked, a stand-in
    goal = [p for p in blocks.get("部门整体支出绩效目标", []) if p.strip()]
    if not goal and dept.overall_goal.strip():
        goal = [line for line in dept.overall_goal.splitlines() if line.strip()]
    return {
        "title": f"{dept.name}{dept.year}年部门整体支出绩效自评报告",
        "self_name": self_name(dept.name, dept.self_name),
        "initial_budget": se.initial_budget if se else None,
        "full_year_budget": se.full_year_budget if se else None,
        "executed": se.executed if se else None,
        "completion_rate": se.completion_rate if se else None,
        "goal": goal,
        "performance": perf,
        "performance_weight": perf_weight,
        "performance_score": perf_score,
        "management": mgmt,
        "total_weight": perf_weight + mgmt.weight,
        "computed_score": computed,
        "stated_score": stated,
        "total_score": total_score,
        "grade": grade(total_score) if total_score is not None else "",
        "projects": [ProjectFigures.of(p) for p in book.projects or []],
        "problems": [strip_numbering(p) for p in blocks.get("存在的主要问题", []) if p.strip()],
        "measures": [strip_numbering(p) for p in blocks.get("下一步改进措施", []) if p.strip()],
        "unscored": unscored,
    }


__all__ = [
    "Level1Figures",
    "Level2Count",
    "ManagementFigures",
    "ProjectFigures",
    "build",
    "computed_total",
    "management",
    "performance",
    "self_name",
    "strip_numbering",
]
