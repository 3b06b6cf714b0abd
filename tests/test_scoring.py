"""Indicator scoring and grades (xlgen.rules.scoring), as tables of cases."""

from __future__ import annotations

from decimal import Decimal as D

import pytest

from xlgen.model import Indicator
from xlgen.rules.scoring import (
    budget_execution_score,
    computed_score,
    grade,
    indicator_score,
    parse_target,
    unit_clash,
)


@pytest.mark.parametrize(("total", "expected"), [
    ("100", "优"),
    ("90", "优"),
    ("89.99", "良"),
    ("80", "良"),
    ("79.99", "中"),
    ("60", "中"),
    ("59.99", "差"),
    ("0", "差"),
])
def test_grade_boundaries(total: str, expected: str) -> None:
    assert grade(D(total)) == expected


@pytest.mark.parametrize(("text", "comparator", "number", "unit"), [
    ("≥95%", "≥", "95", "%"),
    ("＞＝９０％", "≥", "90", "%"),
    ("不少于10个", "≥", "10", "个"),
    ("不低于98%", "≥", "98", "%"),
    ("至少3次", "≥", "3", "次"),
    ("95%以上", "≥", "95", "%"),
    ("≤0次", "≤", "0", "次"),
    ("不超过20天", "≤", "20", "天"),
    ("不高于5%", "≤", "5", "%"),
    ("30天以内", "≤", "30", "天"),
    ("=100%", "=", "100", "%"),
    ("覆盖率=100%", "=", "100", "%"),
    (">0", ">", "0", ""),
    ("低于3次", "<", "3", "次"),
    ("完成3台UPS改造", "≥", "3", "台UPS改造"),  # a bare number: at least
    ("10个", "≥", "10", "个"),
    ("0次", "≤", "0", "次"),  # a bare zero: at most
    ("1,000万元", "≥", "1000", "万元"),
    ("运维工单数/完成工单数*100%≥95%", "≥", "95", "%"),  # the compared number
    ("发送短信不少于300万条，完成各单位业务运作需求。", "≥", "300", "万条"),
    ("①满意度≥95%", "≥", "95", "%"),  # a circled numbering is no 1
    ("９５％以上", "≥", "95", "%"),  # full-width, as typed with a Chinese input method
])
def test_parse_quantified(text: str, comparator: str, number: str, unit: str) -> None:
    target = parse_target(text)
    assert target.quantified
    assert (target.comparator, target.number, target.unit) == (comparator, D(number), unit)


@pytest.mark.parametrize("text", [
    "提升", "提高", "良好", "合理", "合法合规", "", "7×24小时", "2022年12月31日前",
    "重大故障发生次数=0次、普通故障解决时间≤4小时",
    "≥ ٩٥%", "≥۹۵%",  # Arabic-Indic and Persian digits: no figure, as in an amount cell
])
def test_parse_qualitative(text: str) -> None:
    target = parse_target(text)
    assert not target.quantified
    assert target.comparator is None


def ind(target: str, actual: str, weight: str | None = "10", score: str | None = None,
        period: str = "") -> Indicator:
    return Indicator(level1="产出指标", level2="数量指标", name="指标", annual_value=target,
                     period_value=period, actual_value=actual,
                     weight=None if weight is None else D(weight),
                     score=None if score is None else D(score))


@pytest.mark.parametrize(("target", "actual", "weight", "expected"), [
    # ≥ targets: met → full 分值; not met → 实际/目标 × 分值
    ("≥95%", "99.99%", "10", "10"),
    ("≥95%", "95%", "10", "10"),
    ("≥95%", "90%", "10", D(90) / D(95) * 10),  # exact 9.4736…: rounded only at display
    ("不少于10个", "8个", "5", "4"),
    ("10个", "12个", "5", "5"),  # over-achieving a count is met
    (">90%", "90%", "10", "10"),  # not strictly above: 90/90 → still full
    ("≥0个", "0个", "2", "2"),
    # ≤ targets: met → full; not met → 目标/实际 × 分值
    ("≤4小时", "2小时", "10", "10"),
    ("≤4小时", "5小时", "10", "8"),
    ("30天以内", "40天", "4", "3"),
    ("≤0次", "2次", "10", "0"),  # target 0 and a failure: nothing
    ("0次", "0次", "3", "3"),
    ("<5%", "10%", "10", "5"),
    # = targets: the nearer, the more
    ("=100%", "100%", "10", "10"),
    ("=100%", "98%", "10", "9.8"),
    ("=10个", "20个", "10", "5"),
    # the compared number inside a longer text
    ("运维工单数/完成工单数*100%≥95%", "99%", "0.75", "0.75"),
    ("上云系统数量≥100", "上云系统数量80", "2", "1.6"),
    # qualitative targets: reached when the actual says so
    ("提升", "明显提升", "2", "2"),
    ("合法合规", "合法合规", "2", "2"),
    ("开展安全测评", "已开展安全测评", "2", "2"),
    ("良好", "达到", "2", "2"),
    ("提升", "未提升", "2", None),  # negated: the clerk must score it
    ("提升", "下降", "2", None),
    ("合理", "", "2", None),  # no 实际完成值
    # quantified target, actual not a single number
    ("≥95%", "基本完成", "10", None),
    ("≥95%", "", "10", None),
    # no 分值: no score
    ("≥95%", "99%", None, None),
])
def test_computed_score(target: str, actual: str, weight: str | None,
                        expected: str | None) -> None:
    got = indicator_score(ind(target, actual, weight))
    assert got == (None if expected is None else D(expected))


@pytest.mark.parametrize(("total", "grade_"), [
    ("90", "优"), ("89.995", "优"),  # prints 90.00: never 90.00 beside 良
    ("89.994999", "良"), ("89.99", "良"), ("80", "良"), ("79.995", "良"), ("79.99", "中"),
    ("60", "中"), ("59.995", "中"), ("59.99", "差"), ("0", "差"),
])
def test_the_grade_is_that_of_the_total_as_printed(total: str, grade_: str) -> None:
    assert grade(D(total)) == grade_


def test_period_value_used_when_annual_blank() -> None:
    assert indicator_score(ind("", "8个", "10", period="≥10个")) == D(8)


@pytest.mark.parametrize(("target", "actual", "weight", "score", "expected"), [
    ("≥95%", "90%", "10", "10", "10"),  # the clerk's 得分 overrides the computed 9.47
    ("≥95%", "99%", "10", "7", "7"),
    ("提升", "下降", "2", "1", "1"),  # a qualitative indicator the clerk scored
    ("≥95%", "99%", "10", "12", "10"),  # never above 分值
    ("≥95%", "99%", "10", "-1", "0"),  # never below 0
    ("≥95%", "99%", None, "3", "3"),  # no 分值 to cap it
])
def test_clerk_score_overrides(target: str, actual: str, weight: str | None, score: str,
                               expected: str) -> None:
    indicator = ind(target, actual, weight, score)
    assert indicator_score(indicator) == D(expected)


def test_computed_score_ignores_clerk_score() -> None:
    assert computed_score(ind("≥95%", "90%", "10", "10")) == D(90) / D(95) * 10


@pytest.mark.parametrize(("rate", "weight", "expected"), [
    ("0.9882", "10", "9.882"),  # exact: 9.88 only when printed
    ("0.99995", "10", "9.9995"),
    ("1", "10", "10"),
    ("1.2", "10", "10"),  # over 100%: capped
    ("0", "10", "0"),
    (None, "10", None),
])
def test_budget_execution_score(rate: str | None, weight: str, expected: str | None) -> None:
    got = budget_execution_score(None if rate is None else D(rate), D(weight))
    assert got == (None if expected is None else D(expected))


@pytest.mark.parametrize(("target", "actual", "expected"), [
    # units differ: not compared, left to the clerk
    ("≥95%", "96个", None),
    ("10个", "10万元", None),
    ("≤5万元", "40000元", None),  # 万元 and 元 differ by 10,000
    ("≤4小时", "200分钟", None),
    ("不少于3项", "3个", None),
    # the same unit, written alike or as its other name
    ("≥95%", "96％", "10"),
    ("30天以内", "28日", "10"),
    # no unit on one side: taken in the other's unit
    ("≥95%", "96", "10"),
    ("≥10", "8个", "8"),
    # words after the unit do not count
    ("完成3台UPS改造", "3台", "10"),
    ("≥3台", "3台UPS改造", "10"),
    ("≥95%", "96%，达到目标", "10"),
])
def test_units_must_agree_to_score(target: str, actual: str, expected: str | None) -> None:
    got = computed_score(ind(target, actual, "10"))
    assert got == (None if expected is None else D(expected))
    assert (unit_clash(ind(target, actual)) is None) == (expected is not None)


def test_a_clerk_score_stands_when_units_differ() -> None:
    assert indicator_score(ind("≥95%", "96个", "10", "9")) == D(9)


@pytest.mark.parametrize(("target", "actual"), [
    ("≥95%", ""),  # no 实际完成值
    ("提升", "下降"),  # qualitative, not reached
    ("≥95%", "96个"),  # units that differ
    ("≥95%", "90%"),
])
def test_a_zero_weight_scores_zero_not_unknown(target: str, actual: str) -> None:
    """0 ≤ 得分 ≤ 分值 = 0: an indicator weighted 0 scores 0 whatever its values, and never
    leaves a 总分 or 自评得分 unknown (blank) for the clerk to fill."""
    assert computed_score(ind(target, actual, "0")) == D(0)
    assert indicator_score(ind(target, actual, "0")) == D(0)


@pytest.mark.parametrize(("text", "comparator"), [
    ("≦5次", "≤"),  # U+2266, in GBK: as ≤ (it read ≥, so 8次 met a ≦5次 target)
    ("≧95%", "≥"),  # U+2267
    ("≯5次", "≤"),  # U+226F 不大于, in GB2312 beside ≤ ≥
    ("≮90%", "≥"),  # U+226E 不小于
])
def test_comparator_signs_of_chinese_input_methods(text: str, comparator: str) -> None:
    assert parse_target(text).comparator == comparator


def test_a_not_greater_than_target_scores_as_at_most() -> None:
    assert computed_score(ind("≯5次", "8次", "10")) == D(5) / D(8) * 10  # 6.25
    assert computed_score(ind("≦5次", "4次", "10")) == D(10)


@pytest.mark.parametrize(("text", "comparator"), [
    # 不得/不应/不能/严禁 + 超过/高于/低于/少于: the negation turns the word (they read as the
    # word alone, inverted: 不得低于95% as <95, so 98% lost points and 90% scored full)
    ("不得超过5次", "≤"), ("不应超过5%", "≤"), ("不能超过3天", "≤"), ("严禁超过3次", "≤"),
    ("不得高于3%", "≤"), ("不得多于2次", "≤"), ("不得大于1%", "≤"),
    ("不得低于95%", "≥"), ("不得少于10个", "≥"), ("不应低于90%", "≥"), ("不得小于1", "≥"),
    # bounds said with 最 and deadlines (they read as ≥: a number with no comparator)
    ("最高5次", "≤"), ("最长4小时", "≤"), ("最低95%", "≥"), ("最少10个", "≥"),
    ("不迟于10日", "≤"), ("不晚于15日", "≤"), ("不早于5日", "≥"),
    # unchanged
    ("超过90%", ">"), ("低于5%", "<"), ("不超过5%", "≤"), ("不低于95%", "≥"),
])
def test_a_negated_comparator_word(text: str, comparator: str) -> None:
    assert parse_target(text).comparator == comparator


def test_a_must_not_be_below_target_scores_as_at_least() -> None:
    assert computed_score(ind("不得低于95%", "98%", "10")) == D(10)
    assert computed_score(ind("不得低于95%", "90%", "10")) == D(90) / D(95) * 10
    assert computed_score(ind("不得超过5次", "8次", "10")) == D(5) / D(8) * 10


@pytest.mark.parametrize(("target", "actual", "expected"), [
    # qualitative: a negation anywhere in the clause that holds the target is not reached, the
    # clerk scores it (these all scored full marks: only a negation right before the target
    # was seen)
    ("提升", "未能提升", None),
    ("提升", "没能提升", None),
    ("提升", "尚未明显提升", None),
    ("提升", "未有效提升", None),
    ("提升", "提升不明显", None),
    ("提升", "未达到提升目标", None),
    ("合法合规", "不完全合法合规", None),
    # reached: the clause that holds the target says so
    ("提升", "服务质量不断提升", "10"),  # 不断 is no negation
    ("提升", "无投诉，满意度提升", "10"),  # the negation is in another clause
    ("无重大安全事故", "全年无重大安全事故", "10"),  # the target's own 无
    ("提升", "有所提升", "10"),
    # an actual that says it fell short of its number: how far is not known, the clerk scores
    # it (each scored full marks: the number alone was read, 95 ≥ 95)
    ("≥95%", "未达到95%", None),
    ("≥95%", "尚未达到95%", None),
    ("≥95%", "没有达到95%", None),
    ("≥95%", "低于95%", None),
    ("≥95%", "不足95%", None),
    ("≤5次", "超过5次", None),
    ("≥10个", "未能完成10个", None),
    # the actual's own comparator pointing the target's way is met
    ("≥95%", "超过95%", "10"),
    ("≥95%", "95%以上", "10"),
    ("≤5次", "少于5次", "10"),
    ("≥10个", "不少于12个", "10"),
    ("≤0次", "0次（未发生事故）", "10"),  # 未发生 is no shortfall
])
def test_an_actual_that_does_not_say_it_met_its_target(target: str, actual: str,
                                                       expected: str | None) -> None:
    got = computed_score(ind(target, actual, "10"))
    assert got == (None if expected is None else D(expected))
