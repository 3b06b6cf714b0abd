"""The 项目支出绩效自评表: one scored evaluation per project (domain.md "Self-evaluation scoring").

``evaluate(book)`` gives every project's ``ProjectEvaluation``, the data of its form:

- 项目资金 rows 年度资金总额 / 其中：财政拨款 / 上年结转资金 (only when the project has
  one) / 其他资金 with 年初预算数, 全年预算数 (调整后预算), 全年执行数 (实际支出);
  执行率 = 全年执行数 / 全年预算数; the 年度资金总额 row is the sum of the 其中 rows and
  carries the budget-execution 分值 and 得分 = min(执行率, 100%) × 分值.
- the indicators, grouped by 一级 in framework order, each with its 分值 (the clerk's, or
  the 一级's weight from scoring.toml shared out), 得分 (the clerk's wins, else computed)
  and the parts of its target (指性质 ≥/≤/=, number, 度量单位) for variant forms;
- 一级 totals, 总分 and 自评等级. While an indicator is unscored the 总分 and 等级 stay
  empty (None / ''), never a silent 0; ``check_evaluations`` warns about it.

Everything is exact; scores and totals are rounded half-up to 0.01 once, where printed (a
printed 总分 may differ by 0.01 from the sum of its printed parts, as domain.md allows).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from ..model import ZERO, Framework, Indicator, InputBook, Project, default_framework
from ..money import fmt_money, rate, round_money
from ..problems import Report
from ..shown import shown
from .scoring import (
    FULL_YEAR,
    INITIAL,
    Scoring,
    budget_execution_score,
    indicator_score,
    load_scoring,
    lost_points,
    report_unit_clash,
)
from .targets import parse_target
from .unreadable import CARRYOVER as CARRYOVER_FIELDS
from .unreadable import EVALUATED, Reported, any_of, unreadable

QUALITATIVE = "定性"  # 指标性质 of a target with no number
CARRYOVER = "上年结转资金"  # the label of its 项目资金 row


@dataclass(frozen=True)
class FundRow:
    """One 项目资金 row of the form (amounts in 万元; None prints as an empty cell)."""

    label: str  # 年度资金总额, 其中：财政拨款, 上年结转资金, 其他资金
    initial: Decimal | None  # 年初预算数
    full_year: Decimal | None  # 全年预算数
    executed: Decimal | None  # 全年执行数
    weight: Decimal | None = None  # 分值 (the 年度资金总额 row only)
    score: Decimal | None = None  # 得分 (the 年度资金总额 row only)
    base: str = FULL_YEAR  # 执行率's denominator (scoring.toml [rate])

    @property
    def rate(self) -> Decimal | None:
        """执行率 = 全年执行数 / 全年预算数, or / 年初预算数 where scoring.toml's [rate] says so
        (forms with no 全年预算数); None when either is unknown or the budget is 0."""
        return rate(self.executed, self.initial if self.base == INITIAL else self.full_year)


@dataclass(frozen=True)
class ScoredIndicator:
    """One indicator row of the form."""

    source: Indicator
    weight: Decimal | None  # 分值: the clerk's, or the share of its 一级's weight
    score: Decimal | None  # 得分; None when unscored (qualitative, no 实际完成值 …)

    level1 = property(lambda self: self.source.level1)
    level2 = property(lambda self: self.source.level2)
    name = property(lambda self: self.source.name)
    actual = property(lambda self: self.source.actual_value)
    reason = property(lambda self: self.source.reason)
    extra = property(lambda self: self.source.extra)  # columns a maintainer added

    @property
    def target(self) -> str:
        """年度指标值 (the 实施周期指标值 when the 年度 one is blank)."""
        return self.source.annual_value or self.source.period_value

    @property
    def nature(self) -> str:
        """指标性质: ≥ ≤ = > < of a quantified target, 定性 otherwise."""
        return parse_target(self.target).comparator or QUALITATIVE

    @property
    def number(self) -> Decimal | None:
        """The target's number (``≥95%`` → 95); None when qualitative."""
        return parse_target(self.target).number

    @property
    def unit(self) -> str:
        """度量单位 (``≥95%`` → ``%``, ``不少于10个`` → ``个``)."""
        return parse_target(self.target).unit

    @property
    def lost(self) -> bool:
        """True when it scored below its 分值 as printed (29.9968 of 30 prints 30.00: none)."""
        return lost_points(self.score, self.weight)


@dataclass(frozen=True)
class PartScore:
    """A part of the 总分: 预算执行率 or one 一级 (产出指标 …)."""

    name: str
    weight: Decimal
    score: Decimal | None  # None while one of its indicators is unscored


@dataclass(frozen=True)
class ProjectEvaluation:
    """Everything one project's 项目支出绩效自评表 prints."""

    index: int  # 1-based, in input order
    project: Project
    department: str  # 主管部门
    implementer: str  # 实施单位
    funds: tuple[FundRow, ...]
    indicators: tuple[ScoredIndicator, ...]
    parts: tuple[PartScore, ...]  # 预算执行率 first, then each 一级 in framework order
    grade_of: Scoring

    name = property(lambda self: self.project.name)
    goal = property(lambda self: self.project.goal)  # 预期目标
    achievement = property(lambda self: self.project.achievement)  # 实际完成情况
    extra = property(lambda self: self.project.extra)  # columns a maintainer added

    @property
    def rate(self) -> Decimal | None:
        """The project's 执行率 (the 年度资金总额 row's)."""
        return self.funds[0].rate

    @property
    def sources(self) -> tuple[FundRow, ...]:
        """``funds`` with its 其他资金 row split by source, for provinces' forms that print
        财政专户管理资金, 单位资金 and 其他资金 apart (Sichuan): 年度资金总额, 其中：财政拨款,
        上年结转资金 (when the project has it), 财政专户拨款, 单位资金, 其他资金."""
        return _sources(self.project, self.funds)

    @property
    def budget(self) -> PartScore:
        return self.parts[0]

    def part(self, name: str) -> PartScore | None:
        """The part called ``name`` (``产出指标``, or ``产出``), None when absent."""
        return next((p for p in self.parts if p.name in (name, f"{name}指标")), None)

    def score_of(self, name: str) -> Decimal | None:
        """The 得分 of part ``name`` (None when absent or not yet known)."""
        part = self.part(name)
        return part.score if part else None

    @property
    def total_weight(self) -> Decimal:
        return sum((p.weight for p in self.parts), ZERO)

    @property
    def unscored(self) -> tuple[ScoredIndicator, ...]:
        return tuple(i for i in self.indicators if i.score is None)

    @property
    def total_score(self) -> Decimal | None:
        """总分; None while any part is unknown (an unscored indicator, no 执行率)."""
        scores = [p.score for p in self.parts]
        if any(s is None for s in scores):
            return None
        return sum((s for s in scores if s is not None), ZERO)

    @property
    def grade(self) -> str:
        """自评等级 ('' while the 总分 is unknown)."""
        total = self.total_score
        return "" if total is None else self.grade_of.grade(total)

    @property
    def sheet_title(self) -> str:
        """``3.信息化运维经费``: the engine makes it a legal, unique sheet name."""
        return f"{self.index}.{self.project.name}"


def _funds(p: Project, weight: Decimal, base: str = FULL_YEAR) -> tuple[FundRow, ...]:
    """年度资金总额 and its 其中 rows (财政拨款, 上年结转资金 when the project has it, 其他资金);
    a 其中 row's 全年 figures are known when the project has only that source, or when the
    clerk gave the 财政拨款 split. The total is the sum of the 其中 rows: this year's budget
    (总计, 调整后预算, 实际支出) plus 上年结转资金 (None when a part is unknown)."""
    other_initial = p.special_account + p.other
    fiscal_full: Decimal | None
    other_full: Decimal | None
    if _split(p):  # the clerk's split
        fiscal = p.fiscal + (p.adjustment_fiscal or ZERO)
        fiscal_full, other_full = fiscal, p.adjusted - fiscal
        fiscal_spent = p.spent_fiscal
        other_spent = (p.spent - p.spent_fiscal
                       if p.spent is not None and p.spent_fiscal is not None else None)
    else:  # the one source that holds the budget (财政拨款 when neither has one), or unknown
        (fiscal_full, fiscal_spent), (other_full, other_spent) = _shared(
            [p.fiscal, other_initial], p.adjusted, p.spent, fallback=0)
    parts = [FundRow("其中：财政拨款", p.fiscal, fiscal_full, fiscal_spent, base=base)]
    total = FundRow("年度资金总额", p.total, p.adjusted, p.spent, weight, base=base)
    carry = p.carryover
    if carry is not None:  # 上年结转资金: a 其中 row of its own, in the total, not in 总计
        parts.append(FundRow(CARRYOVER, carry, carry, p.spent_carryover, base=base))
        executed = (p.spent + p.spent_carryover
                    if p.spent is not None and p.spent_carryover is not None else None)
        total = dataclasses.replace(total, initial=p.total + carry,
                                    full_year=p.adjusted + carry, executed=executed)
    parts.append(FundRow("其他资金", other_initial, other_full, other_spent, base=base))
    total = dataclasses.replace(total, score=budget_execution_score(total.rate, weight))
    return (total, *parts)


def _split(p: Project) -> bool:
    """Whether the clerk gave the 财政拨款 split (财政拨款预算调整 or 财政拨款实际支出)."""
    return p.adjustment_fiscal is not None or p.spent_fiscal is not None


def _shared(amounts: list[Decimal], full: Decimal | None, spent: Decimal | None,
            fallback: int) -> list[tuple[Decimal | None, Decimal | None]]:
    """The 全年预算数 and 全年执行数 of each of a group of sources, given the group's: all of it
    to the one source with a 年初预算数 (to ``fallback`` when none has one, 0 to the others);
    unknown (None) when several share it, as the form cannot be told how."""
    holders = [i for i, a in enumerate(amounts) if a] or [fallback]
    if len(holders) > 1:
        return [(None, None)] * len(amounts)
    zero = ZERO if spent is not None else None
    return [(full, spent) if i == holders[0] else (ZERO, zero) for i in range(len(amounts))]


def _sources(p: Project, funds: tuple[FundRow, ...]) -> tuple[FundRow, ...]:
    """``funds`` with the 其他资金 row replaced by 财政专户拨款, 单位资金 and 其他资金 rows: their
    全年 figures known where one source holds the money (of all, or of the sources other than
    财政拨款 once the clerk gave the 财政拨款 split)."""
    base = funds[0].base
    labels = ("财政专户拨款", "单位资金", "其他资金")
    amounts = [p.special_account, p.unit_funds or ZERO, p.other_rest]
    other = funds[-1]  # the national 其他资金 row: these three sources together
    if _split(p):  # its 全年 figures are what the split leaves
        shares = _shared(amounts, other.full_year, other.executed, fallback=2)
    else:  # one group with 财政拨款 (the whole budget to the 财政拨款 row when none has one)
        shares = _shared([p.fiscal, *amounts], p.adjusted, p.spent, fallback=0)[1:]
    rows = [FundRow(label, amount, full, spent, base=base)
            for label, amount, (full, spent) in zip(labels, amounts, shares, strict=True)]
    kept = tuple(f for f in funds if f.label != "其他资金")
    return (*kept, *rows)


def share_out(total: Decimal, count: int) -> list[Decimal]:
    """``total`` in ``count`` cent-exact shares that add up to it (50, 3 → 16.67, 16.67, 16.66)."""
    if count <= 0:
        return []
    each = round_money(total / count)
    shares = [each] * count
    shares[-1] = total - each * (count - 1)
    return shares


def _weights(indicators: list[Indicator], level_weight: Decimal | None) -> list[Decimal | None]:
    """The 分值 of one 一级's indicators: the clerk's where given; the rest share what the
    一级's weight leaves (nothing when it has no configured weight)."""
    missing = [i for i, ind in enumerate(indicators) if ind.weight is None]
    weights: list[Decimal | None] = [ind.weight for ind in indicators]
    if not missing or level_weight is None:
        return weights
    given = sum((w for w in weights if w is not None), ZERO)
    left = max(level_weight - given, ZERO)
    for i, share in zip(missing, share_out(left, len(missing)), strict=True):
        weights[i] = share
    return weights


def _order(indicators: Iterable[Indicator], fw: Framework) -> dict[str, list[Indicator]]:
    """Indicators grouped by 一级 (``Framework.by_level1``), 二级 in framework order within
    each (blank or unknown 二级 last), input order otherwise."""
    ordered: dict[str, list[Indicator]] = {}
    for name, group in fw.by_level1(indicators).items():
        l1 = fw.find1(name)
        names = [l2.name for l2 in l1.level2] if l1 else []
        ordered[name] = sorted(group, key=lambda i: names.index(i.level2)
                               if i.level2 in names else len(names))
    return ordered


def evaluate_project(p: Project, index: int, department: str,
                     scoring: Scoring | None = None,
                     framework: Framework | None = None) -> ProjectEvaluation:
    """The evaluation of project ``p`` (its indicators already linked: ``p.indicators``)."""
    scoring = scoring or load_scoring()
    if p.weights:  # the project's own 分值 (项目!产出指标分值 …) over scoring.toml's
        scoring = dataclasses.replace(scoring, weights={**scoring.weights, **p.weights})
    fw = framework or default_framework()
    funds = _funds(p, scoring.budget_weight, scoring.rate_base)
    parts = [PartScore("预算执行率", scoring.budget_weight, funds[0].score)]
    scored: list[ScoredIndicator] = []
    for level1, group in _order(p.indicators, fw).items():
        weights = _weights(group, scoring.weights.get(level1))
        rows = []
        for ind, weight in zip(group, weights, strict=True):
            sized = ind if weight == ind.weight else dataclasses.replace(ind, weight=weight)
            rows.append(ScoredIndicator(ind, weight, indicator_score(sized)))
        scores = [r.score for r in rows]
        known = [s for s in scores if s is not None]
        parts.append(PartScore(level1, sum((w for w in weights if w is not None), ZERO),
                               sum(known, ZERO) if len(known) == len(scores) else None))
        scored.extend(rows)
    return ProjectEvaluation(index, p, department, p.implementer or p.unit or department,
                             funds, tuple(scored), tuple(parts), scoring)


def evaluate(book: InputBook, scoring: Scoring | None = None) -> list[ProjectEvaluation]:
    """Every project's evaluation, in input order."""
    dept = book.department.name
    return [evaluate_project(p, i, dept, scoring) for i, p in enumerate(book.projects or [], 1)]


def has_results(p: Project) -> bool:
    """True when the clerk filled the project's year-end results (a 实际完成值 or 得分 of one
    of its indicators): its 自评表 is then due, and checked."""
    return any(i.actual_value or i.score is not None for i in p.indicators)


def _split_below_zero(p: Project, e: ProjectEvaluation, owner: str, report: Report) -> None:
    """An error when the clerk's 财政拨款预算调整 leaves 财政拨款 or 其他资金 with a 全年预算数
    below 0: the 自评表 would print a negative budget and rate."""
    if not _split(p) or p.adjusted < 0:  # (a negative total: negative-budget already)
        return
    fiscal, other = e.funds[1].full_year, e.funds[-1].full_year
    if fiscal is None or other is None or (fiscal >= 0 and other >= 0):
        return
    adjust, cut = fmt_money(p.adjustment_fiscal or ZERO), fmt_money(p.adjustment or ZERO)
    if fiscal < 0:
        label, sum_ = "财政拨款", f"财政拨款 {fmt_money(p.fiscal)} + 财政拨款预算调整 {adjust}"
    else:
        label = "其他资金"
        sum_ = (f"其他资金 {fmt_money(e.funds[-1].initial)} +（预算调整 {cut} − 财政拨款预算调整 "
                f"{adjust}）")
    report.error("negative-budget",
                 f"{owner}自评表中“{label}”的全年预算数为负数：{sum_} = "
                 f"{fmt_money(min(fiscal, other))} 万元。{label}调减的不能多于它本身："
                 "请核对“预算调整”和“财政拨款预算调整”两列。",
                 p.sheet, p.cells.get("adjustment_fiscal") or p.cell("adjustment"))


def _over_shared_weight(i: ScoredIndicator, owner: str, report: Report) -> bool:
    """score-over-weight for a clerk's 得分 above the 分值 the 自评表 gives an indicator whose
    分值 is blank (its share of the 一级's): 0 ≤ 得分 ≤ 分值 (domain.md). It was cut down to
    the share without a word: 20 typed, 16.67 printed. True if reported."""
    ind = i.source
    if ind.weight is not None or ind.score is None or i.weight is None or ind.score <= i.weight:
        return False
    report.error("score-over-weight",
                 f"{owner}的指标“{ind.name}”得分 {shown(ind.score)} 超过分值 "
                 f"{fmt_money(i.weight)}：它没有填写分值，自评表中的分值 {fmt_money(i.weight)} "
                 f"是一级指标“{ind.level1}”的分值由没有填写分值的指标平分而来。得分应在 0 到"
                 "分值之间：请改正得分，或在“分值”列填写它的分值。",
                 ind.sheet, ind.cell("score"))
    return True


def check_evaluations(book: InputBook, report: Report, scoring: Scoring | None = None,
                      unsure: Iterable[str] = ()) -> None:
    """Warnings of the 项目支出绩效自评表 for the projects with year-end figures: lost points
    with no 偏差原因, unscored indicators, 分值 that do not add up to 100 (not for the
    projects ``unsure``: an indicator of theirs names another project by a near miss), no
    执行率."""
    unsure = set(unsure)
    scoring = scoring or load_scoring()
    reported = Reported(report)
    dept = book.department.name
    for index, p in enumerate(book.projects or [], 1):
        if not has_results(p):  # before the year: nothing to evaluate (nor its cost)
            continue
        e = evaluate_project(p, index, dept, scoring)
        owner = f"项目“{p.name}”"
        if p.spent_fiscal is not None and p.spent is not None and p.spent_fiscal > p.spent:
            report.error("fiscal-spent-over",
                         f"{owner}的财政拨款实际支出 {fmt_money(p.spent_fiscal)} 万元大于实际支出 "
                         f"{fmt_money(p.spent)} 万元。请核对。", p.sheet, p.cell("spent_fiscal"))
        elif e.funds[1].full_year is None and p.spent is not None:
            report.warn("selfeval-split",
                        f"{owner}的资金既有财政拨款又有其他资金：自评表中“其中：财政拨款”和"
                        "“其他资金”两行的全年预算数、全年执行数空着。请在“项目”表填写"
                        "“财政拨款预算调整”和“财政拨款实际支出”两列。", p.sheet, p.cell("spent"))
        _split_below_zero(p, e, owner, report)
        bad = unreadable(p, reported)
        if (p.carryover is not None and p.spent is not None and p.spent_carryover is None
                and not any_of(CARRYOVER_FIELDS, bad)):
            report.warn("selfeval-carryover-spent",
                        f"{owner}填写了上年结转资金 {fmt_money(p.carryover)} 万元，没有填写上年"
                        "结转资金实际支出：自评表年度资金总额的全年执行数、执行率、预算执行率"
                        "得分、总分和自评等级空着。请在“上年结转资金实际支出”列填写（没有支出"
                        "填 0）。", p.sheet, p.cells.get("spent_carryover") or p.cell("carryover"))
        for i in e.indicators:
            ind = i.source
            if any_of(EVALUATED, unreadable(ind, reported)):
                continue  # its cell's error says it, not "无法自动评分（实际完成值“未填”）"
            if _over_shared_weight(i, owner, report):
                continue
            if i.weight is None and "level1" in unreadable(ind, reported):
                continue  # its unknown 一级's error says it: not "no 分值"
            if i.weight is None:
                report.warn("selfeval-no-weight",
                            f"{owner}的指标“{ind.name}”没有分值：一级指标“{ind.level1}”在评分"
                            "设置中没有分值，请在“分值”列填写。", ind.sheet, ind.cell("weight"))
            elif i.score is None:
                if not report_unit_clash(report, ind, owner,
                                         "评分前，自评表的总分和自评等级空着。"):
                    report.warn("selfeval-unscored",
                                f"{owner}的指标“{ind.name}”（年度指标值“{i.target}”，实际完成值"
                                f"“{ind.actual_value or '未填'}”）无法自动评分：请在“得分”列填写"
                                "得分。评分前，自评表的总分和自评等级空着。",
                                ind.sheet, ind.cells.get("score") or ind.cell("actual_value"))
            elif i.lost and not ind.reason.strip():
                report.warn("selfeval-no-reason",
                            f"{owner}的指标“{ind.name}”得分 {fmt_money(i.score)} 低于分值 "
                            f"{fmt_money(i.weight)}：请在“偏差原因”列写明偏差原因和改进措施。",
                            ind.sheet, ind.cells.get("reason") or ind.cell("score"))
        total = e.total_weight
        if (p.indicators and all(i.weight is not None for i in e.indicators) and total != 100
                and p.name not in unsure):
            shares = " + ".join(f"{x.name} {fmt_money(x.weight)}" for x in e.parts)
            report.warn("selfeval-weight-sum",
                        f"{owner}的分值合计为 {fmt_money(total)}（{shares}），应为 100。"
                        "请核对“项目绩效指标”表中该项目的分值。",
                        p.indicators[0].sheet, p.indicators[0].cell("weight"))
        # said already: blank-spent (with a 自评报告), or the loader's error at the cell (约90)
        spent_reported = (book.self_evaluation is not None and "spent" in p.cells) or \
            "spent" in bad
        if p.spent is None and not spent_reported:  # (a 0 budget: rules' zero-budget)
            report.warn("selfeval-no-rate",
                        f"{owner}没有填写实际支出，执行率无法计算：自评表中预算执行率的得分、"
                        "总分和自评等级空着。", p.sheet, p.cell("spent"))

__all__ = [
    "CARRYOVER",
    "QUALITATIVE",
    "FundRow",
    "PartScore",
    "ProjectEvaluation",
    "ScoredIndicator",
    "check_evaluations",
    "evaluate",
    "evaluate_project",
    "has_results",
    "share_out",
]
