"""Edges of domain.md's rules that no other table pins, each with exact figures.

- "Parse [a target] into comparator, number and unit": a negative number is negative
  (``增长率≥-5%`` is at least −5 %, not at least 5 %), a hyphen after a letter or digit is
  no sign (``UPS-3台``, ``2023-12``).
- "A quantified indicator that met its target scores its full 分值. One that did not: for ≥
  targets 实际/目标 × 分值, for ≤ targets 目标/实际 × 分值": where that formula means
  nothing (目标 0 or below for ≥, 实际 0 or 目标 below 0 for ≤) the indicator is not given
  its full 分值 unmet; it is left for the clerk to score (None, and a warning).
"""

from __future__ import annotations

from decimal import Decimal as D

import pytest

from xlgen.model import Indicator
from xlgen.rules.scoring import computed_score, parse_target


def ind(target: str, actual: str, weight: str = "10") -> Indicator:
    return Indicator(level1="产出指标", level2="数量指标", name="指标", annual_value=target,
                     period_value="", actual_value=actual, weight=D(weight), score=None)


@pytest.mark.parametrize(("text", "comparator", "number", "unit"), [
    ("≥-5%", "≥", "-5", "%"),
    ("增长率≥-5%", "≥", "-5", "%"),
    ("≥ -5%", "≥", "-5", "%"),
    ("不低于-2.5%", "≥", "-2.5", "%"),
    ("增长率-5%", "≥", "-5", "%"),  # a bare number: at least
    ("－5%", "≥", "-5", "%"),  # full-width minus (NFKC: a hyphen)
    ("−5%", "≥", "-5", "%"),  # U+2212 MINUS SIGN
    ("≤-1℃", "≤", "-1", "°C"),  # (NFKC: ℃ is °C)
    ("-0次", "≤", "0", "次"),  # minus zero is zero (a bare zero: at most), printed 0
    # a hyphen after a letter or digit is no sign
    ("UPS-3台", "≥", "3", "台"),
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
