"""Self-evaluation scoring: indicator scores, the budget-execution score and the grade.

The rules are domain.md "Self-evaluation scoring":

- A clerk's own 得分 overrides the computed one (kept within 0 … 分值).
- A quantified indicator that met its target scores its full 分值. One that did not scores
  实际/目标 × 分值 for ≥ targets and 目标/实际 × 分值 for ≤ targets, never above 分值.
- A qualitative target (``提升``, ``合法合规``) scores its full 分值 when the 实际完成值
  states it was reached (the target's own words in a clause with no negation, or 达到/完成/
  是 …); otherwise (``未能提升``, ``提升不明显``) the indicator is left unscored (None) for
  the clerk to score.
- An actual value that says it fell short of its own number (``未达到95%``, ``低于95%``
  against ≥95%) is left unscored for the clerk: how far short is not known.
- A target and an actual value in different units (``≥95%`` against ``96个``) are not
  compared: left unscored for the clerk (``unit_clash``). A value with no unit is taken in
  the other's unit (``≥95%`` against ``96``).
- Grade: 优 ≥ 90, 良 ≥ 80, 中 ≥ 60, 差 < 60, of the total as printed (rounded half-up to
  0.01): a page never shows 90.00 beside 良 (an exact 89.995 prints 90.00 and is 优).

Weights (预算执行率 10, 产出 50, 效益 30, 满意度 10) and grade bounds are data:
``xlgen/data/scoring.toml`` (``load_scoring``).

Computed scores are exact; totals are summed from them and rounded once, at display
(domain.md "Money"): a printed total may differ by 0.01 from the sum of its printed parts.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from decimal import Decimal
from functools import cache
from importlib import resources

from ..model import ZERO, Indicator
from ..money import round_money
from ..problems import Report
from .targets import Target, _normalise, parse_target

BUDGET_PART = "预算执行率"  # the [weights] key of the budget-execution score
FULL_YEAR, INITIAL = "全年预算数", "年初预算数"  # the denominators 执行率 may be taken against


@dataclass(frozen=True)
class Scoring:
    """Weights of the 项目支出绩效自评表's parts and the grade bounds (data/scoring.toml)."""

    weights: dict[str, Decimal]  # 预算执行率 and 一级 name → 分值
    grades: tuple[tuple[Decimal, str], ...]  # (lower bound, grade), best first
    rate_base: str = FULL_YEAR  # 执行率's denominator: 全年预算数, or 年初预算数

    @property
    def budget_weight(self) -> Decimal:
        return self.weights.get(BUDGET_PART, ZERO)

    def grade(self, total: Decimal) -> str:
        """The grade of ``total`` as printed, rounded half-up to 0.01 (the last grade when
        below every bound)."""
        shown = round_money(total)
        for bound, name in self.grades:
            if shown >= bound:
                return name
        return self.grades[-1][1]


def parse_scoring(data: dict) -> Scoring:
    """A Scoring from the TOML tables of scoring.toml (exact Decimals, grades best first)."""
    weights = {str(k): Decimal(str(v)) for k, v in data.get("weights", {}).items()}
    grades = tuple(sorted(((Decimal(str(g["min"])), str(g["name"])) for g in data["grade"]),
                          reverse=True))
    base = str(data.get("rate", {}).get("denominator", FULL_YEAR))
    if base not in (FULL_YEAR, INITIAL):
        raise ValueError(f"scoring.toml: [rate] denominator 只能是“{FULL_YEAR}”或“{INITIAL}”，"
                         f"却是“{base}”")
    return Scoring(weights, grades, base)


@cache
def load_scoring() -> Scoring:
    """The shipped scoring.toml."""
    text = resources.files("xlgen").joinpath("data/scoring.toml").read_text("utf-8")
    return parse_scoring(tomllib.loads(text))

# What a 实际完成值 may say when a qualitative target was reached.
_REACHED = {"达到", "已达到", "达成", "已达成", "完成", "已完成", "是", "符合", "达标", "已达标",
            "实现", "已实现", "合格", "满足", "已满足"}
_NEGATIONS = ("尚未", "未", "没有", "没", "不", "无")
_NOT_NEGATIONS = ("不断", "不仅", "无一")  # words that hold a negation's character and say yes
_CLAUSE = re.compile(r"[，,；;。]")


def _ratio(target: Target, actual: Decimal) -> Decimal | None:
    """Share of the 分值 earned (1 when met), before capping; None when the target was not
    met and its formula means nothing: 实际/目标 of a 目标 ≤ 0 (``>0`` against 0, ``≥-5%``
    against -10%), 目标/实际 of a 目标 below 0 or an 实际 of 0 (``<0`` against 0). Such an
    indicator is left for the clerk to score, never given its full 分值 unmet."""
    goal = target.number
    assert goal is not None and target.comparator is not None
    met = {
        "≥": actual >= goal,
        ">": actual > goal,
        "≤": actual <= goal,
        "<": actual < goal,
        "=": actual == goal,
    }[target.comparator]
    if met:
        return Decimal(1)
    if target.comparator in ("≥", ">") or (target.comparator == "=" and actual < goal):
        return actual / goal if goal > 0 else None
    return goal / actual if goal >= 0 and actual else None


def _reached_qualitative(target: str, actual: str) -> bool:
    """True when a 实际完成值 says a qualitative target was reached."""
    if not actual:
        return False
    if actual == target or actual in _REACHED:
        return True
    for clause in _CLAUSE.split(actual) if target else ():
        if target in clause:  # reached unless the clause negates it (未能提升, 提升不明显)
            rest = clause.replace(target, " ")
            for word in _NOT_NEGATIONS:
                rest = rest.replace(word, " ")
            if not any(word in rest for word in _NEGATIONS):
                return True
    return False


# Units written two ways that are one unit (``30天`` against ``28日``).
_SAME_UNIT = {"日": "天", "％": "%", "百分比": "%"}


def _unit_key(unit: str) -> str:
    text = _normalise(unit).lower()
    return _SAME_UNIT.get(text, text)


def unit_clash(ind: Indicator) -> tuple[str, str] | None:
    """(target's unit, actual's unit) when both values are numbers with units that differ
    (``≥95%`` against ``96个``, ``10个`` against ``10万元``): the numbers cannot be compared.

    A value with no unit (``96``) is taken in the other's unit. Units agree when one starts
    with the other, so words after the unit do not count (``3台`` against
    ``3台UPS改造``, ``10日前`` against ``10日前完成``)."""
    target = parse_target(ind.annual_value or ind.period_value)
    if not target.quantified or not target.unit:
        return None
    actual = parse_target(_normalise(ind.actual_value))
    if not actual.quantified or not actual.unit:
        return None
    a, b = _unit_key(target.unit), _unit_key(actual.unit)
    if a.startswith(b) or b.startswith(a):
        return None
    return target.unit, actual.unit


def report_unit_clash(report: Report, ind: Indicator, owner: str, then: str) -> bool:
    """Warn ``score-unit-mismatch`` for an indicator left unscored because its units differ,
    naming both cells and units (``then``: what stays empty meanwhile); True if warned."""
    clash = unit_clash(ind)
    if clash is None:
        return False
    key = "annual_value" if ind.annual_value else "period_value"
    label = "年度指标值" if ind.annual_value else "实施周期指标值"
    target = ind.annual_value or ind.period_value
    score = f"（{ind.cells['score']}）" if "score" in ind.cells else ""
    report.warn("score-unit-mismatch",
                f"{owner}的指标“{ind.name}”：{label}“{target}”（{ind.cell(key)}）的单位是"
                f"“{clash[0]}”，实际完成值“{ind.actual_value}”（{ind.cell('actual_value')}）的"
                f"单位是“{clash[1]}”。单位不同，数字不能比较，程序没有自动评分。请改正其中一处"
                f"的单位使两处一致，或在“得分”列{score}自己填写得分。{then}",
                ind.sheet, ind.cell("actual_value"))
    return True


# What an actual value says when it fell short of the number it names (未达到95%).
_FELL_SHORT = ("未达", "没有达", "没达", "未完成", "没有完成", "未实现", "没有实现", "未能")
# The actual's comparator that points away from the target's (低于95% against ≥95%).
_AWAY = {"≥": "<", ">": "<", "≤": ">", "<": ">"}


def _short_of(target: Target, actual: Target) -> bool:
    """True when the actual value says it fell short of its own number (``未达到95%``,
    ``低于95%`` against ≥95%, ``超过5次`` against ≤5次): how far is not known."""
    if any(word in actual.text for word in _FELL_SHORT):
        return True
    away = _AWAY.get(target.comparator or "")
    return actual.comparator == away or (target.comparator == "=" and actual.comparator
                                         in ("<", ">"))


def computed_score(ind: Indicator) -> Decimal | None:
    """The score from target and actual alone (ignoring a clerk's 得分); None if unknown,
    and when their units differ (``unit_clash``). A 分值 of 0 scores 0 whatever the values:
    0 ≤ 得分 ≤ 0, nothing for the clerk to score."""
    if ind.weight is None:
        return None
    if ind.weight == 0:
        return ZERO
    target = parse_target(ind.annual_value or ind.period_value)
    actual_text = _normalise(ind.actual_value)
    if not actual_text:
        return None
    if not target.quantified:
        return ind.weight if _reached_qualitative(target.text, actual_text) else None
    actual = parse_target(actual_text)
    if actual.number is None or unit_clash(ind) is not None or _short_of(target, actual):
        return None
    ratio = _ratio(target, actual.number)
    if ratio is None:
        return None
    return min(max(ratio, ZERO), Decimal(1)) * ind.weight


def indicator_score(ind: Indicator) -> Decimal | None:
    """The indicator's 得分: the clerk's own when given, else computed; None if unknown.

    Never below 0 nor above 分值 (a clerk's score outside that range is clipped here and
    reported by the validator).
    """
    if ind.score is not None:
        if ind.weight is None:
            return ind.score
        return min(max(ind.score, ZERO), ind.weight)
    return computed_score(ind)


def budget_execution_score(execution_rate: Decimal | None, weight: Decimal) -> Decimal | None:
    """预算执行率 score = min(执行率, 100%) × weight; None when the rate is unknown."""
    if execution_rate is None:
        return None
    return min(max(execution_rate, ZERO), Decimal(1)) * weight


def lost_points(score: Decimal | None, weight: Decimal | None) -> bool:
    """True when ``score`` is below ``weight`` as both are printed (rounded half-up to 0.01):
    the page shows the points lost. 29.9968 of 30 prints 30.00 of 30.00: none lost."""
    return score is not None and weight is not None and round_money(score) < round_money(weight)


def grade(total: Decimal) -> str:
    """优 ≥ 90, 良 ≥ 80, 中 ≥ 60, 差 < 60 (90 → 优, 89.995 → 优 as it prints 90.00, 89.99
    → 良), from scoring.toml."""
    return load_scoring().grade(total)


__all__ = [
    "BUDGET_PART",
    "Scoring",
    "Target",
    "budget_execution_score",
    "computed_score",
    "grade",
    "indicator_score",
    "load_scoring",
    "lost_points",
    "parse_scoring",
    "parse_target",
    "report_unit_clash",
    "unit_clash",
]
