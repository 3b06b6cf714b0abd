"""Edges of domain.md's rules that no other table pins, each with exact figures.

- "Parse [a target] into comparator, number and unit": a negative number is negative
  (``增长率≥-5%`` is at least −5 %, not at least 5 %); a minus is a sign only right after
  a comparator or at the start of the value: elsewhere a hyphen is a separator
  (``工作天数-22天``), a range (``7-10天``) or a date (``2023-12``).
- "A quantified indicator that met its target scores its full 分值. One that did not: for ≥
  targets 实际/目标 × 分值, for ≤ targets 目标/实际 × 分值": where that formula means
  nothing (目标 0 or below for ≥, 实际 0 or 目标 below 0 for ≤) the indicator is not given
  its full 分值 unmet; it is left for the clerk to score (None, and a warning).
"""

from __future__ import annotations

from decimal import Decimal as D

import pytest
from workbooks import write_book

from xlgen.api import check_workbook
from xlgen.model import Indicator, default_framework
from xlgen.rules import evaluate
from xlgen.rules.scoring import computed_score, parse_target


def ind(target: str, actual: str, weight: str = "10") -> Indicator:
    return Indicator(level1="产出指标", level2="数量指标", name="指标", annual_value=target,
                     period_value="", actual_value=actual, weight=D(weight), score=None)


@pytest.mark.parametrize(("text", "comparator", "number", "unit"), [
    ("≥-5%", "≥", "-5", "%"),
    ("增长率≥-5%", "≥", "-5", "%"),
    ("≥ -5%", "≥", "-5", "%"),
    ("不低于-2.5%", "≥", "-2.5", "%"),
    ("-5%", "≥", "-5", "%"),  # a bare number: at least
    ("≥ - 2.5%", "≥", "-2.5", "%"),
    ("－5%", "≥", "-5", "%"),  # full-width minus (NFKC: a hyphen)
    ("−5%", "≥", "-5", "%"),  # U+2212 MINUS SIGN
    ("≤-1℃", "≤", "-1", "°C"),  # (NFKC: ℃ is °C)
    ("-0次", "≤", "0", "次"),  # minus zero is zero (a bare zero: at most), printed 0
    # a hyphen elsewhere is a clerk's separator, no sign
    ("UPS-3台", "≥", "3", "台"),
    ("工作天数-22天", "≥", "22", "天"),
    ("增长率-5%", "≥", "5", "%"),
    ("≥95%", "≥", "95", "%"),
])
def test_a_negative_number_is_negative(text: str, comparator: str, number: str,
                                       unit: str) -> None:
    target = parse_target(text)
    assert (target.comparator, target.number, target.unit) == (comparator, D(number), unit)
    assert str(target.number) == number


@pytest.mark.parametrize("text", ["2023-12", "7-10天", "2023-2024年"])
def test_a_hyphen_between_numbers_is_a_range_or_date(text: str) -> None:
    assert parse_target(text).number is None


@pytest.mark.parametrize(("target", "actual", "expected"), [
    # negative targets: met → full 分值
    ("增长率≥-5%", "-3%", "10"),
    ("增长率≥-5%", "-5%", "10"),
    ("≤-1℃", "-2℃", "10"),
    # ... not met: 实际/目标 = -10/-5 = 2 would be full marks: left for the clerk
    ("增长率≥-5%", "-10%", None),
    ("≤-1℃", "0℃", None),
    ("≤-1℃", "3℃", None),
    ("=-5%", "0%", None),
    # a target of 0 not met: 实际/目标 is 0/0, 目标/实际 0/0: left for the clerk
    (">0", "0", None),
    (">0个", "0个", None),
    ("<0", "0", None),
    ("≥0个", "-1个", None),
    # a target of 0 met, or a ≤ 0 missed: defined, as before
    ("≥0个", "0个", "10"),
    ("≤0次", "0次", "10"),
    ("≤0次", "2次", "0"),  # 目标/实际 = 0/2
    ("=0次", "5次", "0"),
    # a positive target whose actual is negative: 实际/目标 below 0, never below 0 points
    ("≥5%", "-3%", "0"),
    # on the edge, and just past it
    ("≥95%", "95%", "10"),
    ("≥95%", "94.999%", D("94.999") / 95 * 10),
    ("≤5天", "5天", "10"),
    ("≤5天", "5.01天", D(5) / D("5.01") * 10),
    ("<5", "5", "10"),  # 目标/实际 = 1, as >90% against 90%
    ("=100%", "100.00%", "10"),
])
def test_scores_where_the_formula_has_no_meaning(target: str, actual: str,
                                                 expected: str | D | None) -> None:
    got = computed_score(ind(target, actual))
    assert got == (None if expected is None else D(expected))


# domain.md "Indicator framework": the table, in its order, with seed 002's codes
FRAMEWORK = [
    ("产出指标", "1", [("数量指标", "11"), ("质量指标", "12"), ("时效指标", "13"),
                      ("成本指标", "14")]),
    ("效益指标", "2", [("经济效益指标", "21"), ("社会效益指标", "22"), ("生态效益指标", "23"),
                      ("可持续影响指标", "24")]),
    ("满意度指标", "3", [("服务对象满意度指标", "31")]),
    ("成本指标", "4", [("经济成本指标", "41"), ("社会成本指标", "42"),
                      ("生态环境成本指标", "43")]),
]


def test_the_framework_is_domain_md_table_with_seed_002_codes() -> None:
    got = [(l1.name, l1.code, [(l2.name, l2.code) for l2 in l1.level2])
           for l1 in default_framework().level1]
    assert got == FRAMEWORK


@pytest.mark.parametrize(("level1", "code1", "level2", "code2"), [
    (l1, c1, l2, c2) for l1, c1, level2 in FRAMEWORK for l2, c2 in level2])
def test_every_name_is_found_with_or_without_its_ending_and_code(level1: str, code1: str,
                                                                 level2: str,
                                                                 code2: str) -> None:
    """``11-数量指标``, ``数量``, ``22-社会效益`` … are the names of the table."""
    fw = default_framework()
    for spelt1 in (level1, level1.removesuffix("指标"), f"{code1}-{level1}",
                   f"{code1}-{level1.removesuffix('指标')}"):
        found1 = fw.find1(spelt1)
        assert found1 is not None and found1.name == level1, spelt1
        for spelt2 in (level2, level2.removesuffix("指标"), f"{code2}-{level2}",
                       f"{code2}-{level2.removesuffix('指标')}"):
            found2 = found1.find(spelt2)
            assert found2 is not None and found2.name == level2, spelt2


# domain.md "Identities": 支出 = 收入 = 级次, exact; a blank term leaves its side unchecked
# (a warning), the other two sides are still compared
BUDGET = {"基本支出": 100, "项目支出": 50, "财政专项资金": 0, "其他事业发展性支出": 0,
          "财政拨款": 150, "其他资金": 0, "本级使用资金": 120, "拟用于对下转移支付资金": 30}


@pytest.mark.parametrize(("changes", "expected"), [
    ({}, []),
    ({"本级使用资金": 120.004}, [("budget-identity", "预算!B7")]),  # exact: not 0.00 as shown
    ({"基本支出": None}, [("blank-amount", "预算!B1")]),
    ({"基本支出": None, "本级使用资金": 121},  # 收入 150 against 级次 151
     [("blank-amount", "预算!B1"), ("budget-identity", "预算!B7")]),
    ({"财政拨款": None, "本级使用资金": 121},  # 支出 150 against 级次 151
     [("blank-amount", "预算!B5"), ("budget-identity", "预算!B7")]),
    ({"本级使用资金": None, "基本支出": 101},  # 支出 151 against 收入 150
     [("blank-amount", "预算!B7"), ("budget-identity", "预算!B5")]),
    ({"财政拨款": None, "本级使用资金": None, "基本支出": 1},  # one side left: nothing to compare
     [("blank-amount", "预算!B5"), ("blank-amount", "预算!B7")]),
    ({"财政专项资金": 0, "其他资金": 0}, []),  # a 0 is a filled 0, not a blank
])
def test_the_budget_identity_with_blank_terms(tmp_path, changes, expected) -> None:
    rows = [[k, v] for k, v in {**BUDGET, **changes}.items()]
    _, report = check_workbook(write_book(tmp_path / "in.xlsx", {"预算": rows}))
    assert [(p.code, p.where) for p in report.problems if p.sheet == "预算"] == expected


IND_HEAD = ["项目名称", "一级指标", "二级指标", "三级指标", "实施周期指标值", "年度指标值",
            "实际完成值", "分值", "得分"]


@pytest.mark.parametrize(("target", "actual", "warned"), [
    (">0", "0", True),  # missed, 0/0: the clerk scores it
    ("≥-5%", "-10%", True),  # missed a negative bound
    ("≥-5%", "-3%", False),  # met: full 分值
])
def test_an_unscorable_miss_is_left_to_the_clerk(tmp_path, target, actual, warned) -> None:
    sheets = {"项目": [["项目名称", "资金使用单位", "财政拨款", "实际支出"], ["甲", "", 100, 100]],
              "项目绩效指标": [IND_HEAD,
                             ["甲", "产出指标", "数量指标", "增量", target, target, actual, 50],
                             ["甲", "效益指标", "社会效益指标", "b", "≥1个", "≥1个", "1个", 30],
                             ["甲", "满意度指标", "服务对象满意度指标", "c", "≥90%", "≥90%", "95%",
                              10]]}
    book, report = check_workbook(write_book(tmp_path / "in.xlsx", sheets))
    unscored = [p.where for p in report.warnings if p.code == "selfeval-unscored"]
    assert unscored == (["项目绩效指标!I2"] if warned else [])
    (e,) = evaluate(book)
    assert e.total_score == (None if warned else D(100))
    assert e.grade == ("" if warned else "优")
