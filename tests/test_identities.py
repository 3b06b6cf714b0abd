"""domain.md's identities at their tolerances: which are errors, which warnings, where.

- A derived figure a clerk states (总计, 调整后预算, 执行率) must agree with the computed one
  *to the displayed precision*: both rounded half-up to 0.01 万元 (0.01 percentage point for
  a rate), so a stated 120.495 agrees with 120.5 and a stated 120.4949 does not; in a 元
  workbook the displayed precision is still 0.01 万元 (100 元).
- 实际支出 above 调整后预算 is a warning, at 100% exactly none.
- A rate whose denominator is zero is shown as “—” and warned about.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from workbooks import write_book

from xlgen.api import check_workbook
from xlgen.rules.figures import build as report_figures

PROJ = ["项目名称", "资金使用单位", "财政拨款", "财政专户拨款", "其他资金", "绩效目标", "预算调整",
        "实际支出"]
YUAN = [["年度", 2023], ["部门名称", "测试局"], ["金额单位", "元"]]


def codes(tmp_path: Path, sheets: dict[str, list[list[Any]]]) -> list[tuple[str, str, str]]:
    _, report = check_workbook(write_book(tmp_path / "in.xlsx", sheets))
    return [(p.severity.value, p.code, p.where) for p in report.problems
            if p.code not in ("missing-level1", "missing-level2") and p.sheet != "部门信息"]


def project(*cells: Any, extra: tuple[str, ...] = ()) -> dict[str, list[list[Any]]]:
    return {"项目": [[*PROJ, *extra], ["甲", "", *cells]]}


@pytest.mark.parametrize(("sheets", "expected"), [
    # stated 总计 against 100 + 20.5 = 120.5 (120.50 as printed)
    (project(100, "", 20.5, "", "", "", 120.5, extra=("总计",)), None),
    (project(100, "", 20.5, "", "", "", 120.495, extra=("总计",)), None),  # 120.50 too
    (project(100, "", 20.5, "", "", "", 120.504, extra=("总计",)), None),  # 120.50
    (project(100, "", 20.5, "", "", "", 120.4949, extra=("总计",)), "项目!I2"),  # 120.49
    (project(100, "", 20.5, "", "", "", 120.505, extra=("总计",)), "项目!I2"),  # 120.51
    # stated 调整后预算 against 100 − 10.005 = 89.995 (90.00 as printed)
    (project(100, "", "", "", -10.005, "", 90, extra=("调整后预算",)), None),
    (project(100, "", "", "", -10.005, "", 89.99, extra=("调整后预算",)), "项目!I2"),
    # stated 执行率 against 242.68 / 243.96 = 99.4753…% (99.48% as printed)
    (project(243.96, "", "", "", "", 242.68, "99.48%", extra=("执行率",)), None),
    (project(243.96, "", "", "", "", 242.68, "99.475%", extra=("执行率",)), None),
    (project(243.96, "", "", "", "", 242.68, 0.9948, extra=("执行率",)), None),
    (project(243.96, "", "", "", "", 242.68, 0.9947, extra=("执行率",)), "项目!I2"),
    (project(243.96, "", "", "", "", 242.68, "99.4849%", extra=("执行率",)), None),
    (project(243.96, "", "", "", "", 242.68, "99.485%", extra=("执行率",)), "项目!I2"),
    # a stated 执行率 where none can be computed (nothing spent given) disagrees
    (project(243.96, "", "", "", "", "", "99.48%", extra=("执行率",)), "项目!I2"),
    # in 元: 1,000,000 元 = 100.00 万元; 1,000,049 元 prints 100.00 and agrees, 1,000,050
    # 元 = 100.005 prints 100.01 and does not
    ({"部门信息": YUAN, **project(1_000_000, "", "", "", "", "", 1_000_049,
                               extra=("总计",))}, None),
    ({"部门信息": YUAN, **project(1_000_000, "", "", "", "", "", 1_000_050,
                               extra=("总计",))}, "项目!I2"),
], ids=lambda v: v if isinstance(v, str) else None)
def test_stated_figures_agree_to_the_displayed_precision(tmp_path, sheets, expected):
    errors = [where for severity, _, where in codes(tmp_path, sheets) if severity == "error"]
    assert errors == ([] if expected is None else [expected])


@pytest.mark.parametrize(("dept", "cells", "says"), [
    ([], (100, "", 20.5, "", "", "", 120.4949), "填写的总计 120.4949 万元 与计算结果不符："
     "财政拨款 + 财政专户拨款 + 其他资金 = 120.50 万元。"),
    (YUAN, (1_000_000, "", "", "", "", "", 1_000_050), "填写的总计 1,000,050.00 元 与计算结果"
     "不符：财政拨款 + 财政专户拨款 + 其他资金 = 1,000,000.00 元。"),
    (YUAN, (2_439_600, "", "", "", "", 2_426_800, "99%"), "填写的执行率 99.00% 与计算结果不符："
     "实际支出 2,426,800.00 元 ÷ 调整后预算 2,439,600.00 元 = 99.48%。"),
])
def test_stated_figures_are_quoted_as_typed(tmp_path, dept, cells, says):
    extra = ("执行率",) if "执行率" in says else ("总计",)
    sheets = {"部门信息": dept, **project(*cells, extra=extra)} if dept \
        else project(*cells, extra=extra)
    _, report = check_workbook(write_book(tmp_path / "in.xlsx", sheets))
    [message] = [p.message for p in report.problems if p.code.startswith("stated-")]
    assert says in message, message


@pytest.mark.parametrize(("cells", "expected"), [
    ((100, "", "", "", "", 100), []),  # 100% exactly: no warning
    ((100, "", "", "", "", 100.001), [("warning", "over-spent", "项目!H2")]),
    ((100, "", "", "", 10, 110), []),  # 调增 raises the budget it is measured against
    ((100, "", "", "", -10, 90.01), [("warning", "over-spent", "项目!H2")]),
    ((0, "", "", "", "", 5), [("warning", "zero-budget", "项目!H2")]),  # rate —
    ((100, "", "", "", -100, 0), [("warning", "zero-budget", "项目!H2")]),
    ((100, "", "", "", -100.01, 0), [("error", "negative-budget", "项目!G2")]),
    ((0, "", "", "", "", ""), []),  # nothing spent given: no rate, nothing to warn yet
])
def test_spending_against_the_adjusted_budget(tmp_path, cells, expected):
    assert codes(tmp_path, project(*cells)) == expected, cells


def report_codes(tmp_path: Path, rows: list[list[Any]]) -> list[tuple[str, str, str]]:
    """The problems of a 自评报告 form, its text sections' and tables' aside."""
    return [c for c in codes(tmp_path, {"自评报告": rows})
            if c[1] not in ("report-missing-table", "report-empty-section",
                            "report-score-unknown")]


@pytest.mark.parametrize(("rows", "expected"), [
    ([["年初预算数", 100], ["全年执行数", 98.815]], []),
    # 完成率 = 全年执行数 / 年初预算数: a zero or blank denominator prints “—”, warned once
    ([["年初预算数", 0], ["全年执行数", 5]], [("warning", "zero-budget", "自评报告!B1")]),
    ([["年初预算数", ""], ["全年执行数", 5]], [("warning", "zero-budget", "自评报告!B1")]),
    ([["全年执行数", 5]], [("warning", "zero-budget", "自评报告")]),
    # a blank 全年执行数 leaves the report without it and without the 完成率: warned at its
    # cell, as when its label is missing
    ([["年初预算数", 100], ["全年执行数", ""]], [("warning", "blank-value", "自评报告!B2")]),
    ([["年初预算数", 100]], [("warning", "blank-value", "自评报告")]),
    # an unreadable one is its error alone
    ([["年初预算数", 100], ["全年执行数", "约5"]], [("error", "bad-amount", "自评报告!B2")]),
], ids=["both", "zero", "blank", "no-label", "blank-executed", "no-executed", "bad-executed"])
def test_the_completion_rate_parts(tmp_path, rows, expected):
    assert report_codes(tmp_path, rows) == expected


DIND = ["一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值", "得分"]
MGMT = ["二级指标", "三级指标", "分值", "得分"]


def dept(output: Any, benefit: Any, management: Any) -> dict[str, list[list[Any]]]:
    return {"部门绩效指标": [DIND, ["产出指标", "数量指标", "x", "≥1", "1", output, ""],
                       ["效益指标", "社会效益指标", "y", "≥1", "1", benefit, ""],
                       ["满意度指标", "服务对象满意度指标", "z", "≥1", "1", 10, ""]],
            "管理效率指标": [MGMT, ["预算编制", "m", management, management]]}


@pytest.mark.parametrize(("sheets", "expected"), [
    (dept(20, 20, 50), []),  # 20 + 20 + 10 + 50 = 100
    (dept(19.995, 20.005, 50), []),
    # 30 + 10 + 10 + 40 = 90: a 自评得分 of 90 would grade 优 at full marks of 90
    (dept(30, 10, 40), [("warning", "report-weight-sum", "部门绩效指标!F2")]),
    (dept(50, 20, 40), [("warning", "report-weight-sum", "部门绩效指标!F2")]),  # 120
    (dept(20, "", 50), []),  # a 分值 missing: the sum is not known (its unscored says it)
])
def test_the_report_is_scored_out_of_100(tmp_path, sheets, expected):
    """部门整体: Total = 履职效能 + 管理效率, out of 100 (domain.md), graded 优 ≥ 90 …"""
    got = [c for c in codes(tmp_path, {"自评报告": [["年初预算数", 1], ["全年执行数", 1]],
                                       **sheets})
           if c[1] in ("report-weight-sum", "score-over-weight")]
    assert got == expected


def test_a_missing_table_is_one_warning_not_also_a_weight_sum(tmp_path):
    sheets = dept(20, 20, 50)
    del sheets["部门绩效指标"]
    got = {c[1] for c in codes(tmp_path, {"自评报告": [["年初预算数", 1], ["全年执行数", 1]],
                                          **sheets})}
    assert "report-missing-table" in got and "report-weight-sum" not in got


def test_the_weight_sum_names_its_parts(tmp_path):
    _, report = check_workbook(write_book(tmp_path / "in.xlsx", {
        "自评报告": [["年初预算数", 1], ["全年执行数", 1]], **dept(50, 20.5, 40)}))
    said = [p.message for p in report.warnings if p.code == "report-weight-sum"]
    assert said == ["部门绩效指标和管理效率指标的分值合计为 120.5（产出指标 50 + 效益指标 20.5 + "
                    "满意度指标 10 + 管理效率指标 40），应为 100：自评报告的自评得分是百分制，"
                    "按它评定等级。请核对两张表的分值。"]


def report_sheets(*rows: list[Any], stated: Any = None) -> dict[str, list[list[Any]]]:
    form = [["年初预算数", 1], ["全年执行数", 1]]
    if stated is not None:
        form.append(["自评得分", stated])
    return {"自评报告": form, "部门绩效指标": [DIND, *rows],
            "管理效率指标": [MGMT, ["预算编制", "m", 50, 49.5]]}


@pytest.mark.parametrize(("sheets", "expected", "score"), [
    # every 分值 there: 25 + 25 + 49.5 = 99.5
    (report_sheets(["产出指标", "数量指标", "x", "≥1", "1", 25, ""],
                   ["效益指标", "社会效益指标", "y", "≥1", "1", 25, ""]), [], "99.5"),
    # no 分值 at all in 部门绩效指标: 履职效能 is not known, so neither is the 自评得分 (it
    # was 49.5 of the 管理效率 alone, printed as the report's score, graded 差)
    (report_sheets(["产出指标", "数量指标", "x", "≥1", "1", "", ""],
                   ["效益指标", "社会效益指标", "y", "≥1", "1", "", ""]),
     [("warning", "report-no-weight", "部门绩效指标!F2"),
      ("error", "report-score-unknown", "自评报告")], None),
    # one 分值 missing: 25 + ? + 49.5 (was 74.5, 中)
    (report_sheets(["产出指标", "数量指标", "x", "≥1", "1", 25, ""],
                   ["效益指标", "社会效益指标", "y", "≥1", "1", "", ""]),
     [("warning", "report-no-weight", "部门绩效指标!F3"),
      ("error", "report-score-unknown", "自评报告")], None),
    # a 得分 with no 分值: said once (score-without-weight), the total still unknown
    (report_sheets(["产出指标", "数量指标", "x", "≥1", "1", 25, ""],
                   ["效益指标", "社会效益指标", "y", "≥1", "1", "", 25]),
     [("warning", "score-without-weight", "部门绩效指标!F3"),
      ("error", "report-score-unknown", "自评报告")], None),
    # the clerk's stated 自评得分 stands in for it
    (report_sheets(["产出指标", "数量指标", "x", "≥1", "1", 25, ""],
                   ["效益指标", "社会效益指标", "y", "≥1", "1", "", ""], stated=99.5),
     [("warning", "report-no-weight", "部门绩效指标!F3")], "99.5"),
])
def test_an_indicator_without_a_weight_leaves_the_report_score_unknown(tmp_path, sheets,
                                                                      expected, score):
    book, report = check_workbook(write_book(tmp_path / "in.xlsx", sheets))
    got = [(p.severity.value, p.code, p.where) for p in report.problems
           if p.code in ("report-no-weight", "score-without-weight", "report-score-unknown",
                         "report-weight-sum", "unscored")]
    assert got == expected
    total = report_figures(book)["total_score"]
    assert total == (None if score is None else Decimal(score))


@pytest.mark.parametrize(("sheets", "expected", "score"), [
    # no 部门绩效指标: 49.5 of 50 is not a 自评得分 out of 100 (it printed 49.5 分, 差)
    ({"管理效率指标": [MGMT, ["预算编制", "m", 50, 49.5]]}, "report-score-unknown", None),
    ({"部门绩效指标": [DIND, ["产出指标", "数量指标", "x", "≥1", "1", 50, 50]]},
     "report-score-unknown", None),
    # a report scored on one table of 100 分 (no 管理效率 in this region's form): known
    ({"部门绩效指标": [DIND, ["产出指标", "数量指标", "x", "≥1", "1", 60, 60],
                 ["效益指标", "社会效益指标", "y", "≥1", "1", 40, 30]]}, None, "90"),
])
def test_a_missing_table_leaves_the_score_unknown_unless_the_other_is_out_of_100(
        tmp_path, sheets, expected, score):
    book, report = check_workbook(write_book(tmp_path / "in.xlsx", {
        "自评报告": [["年初预算数", 1], ["全年执行数", 1]], **sheets}))
    assert [p.code for p in report.errors] == ([] if expected is None else [expected])
    assert report_figures(book)["total_score"] == (None if score is None else Decimal(score))


SPLIT = ["项目名称", "财政拨款", "其他资金", "预算调整", "实际支出", "财政拨款预算调整",
         "财政拨款实际支出"]
SPLIT_IND = [["项目名称", "一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值"],
             ["甲", "产出指标", "数量指标", "x", "≥1个", "1个", 50],
             ["甲", "效益指标", "社会效益指标", "y", "≥1个", "1个", 30],
             ["甲", "满意度指标", "服务对象满意度指标", "z", "≥1个", "1个", 10]]


@pytest.mark.parametrize(("row", "expected"), [
    # 财政拨款 100 − 20 = 80, 其他资金 10 − 30 = −20: the 自评表 would print −20.00 and −25.00%
    (["甲", 100, 10, -50, 50, -20, 45], [("error", "negative-budget", "项目!F2")]),
    # 财政拨款 100 − 120 = −20
    (["甲", 100, 10, -5, 50, -120, 0], [("error", "negative-budget", "项目!F2")]),
    (["甲", 100, 10, -50, 50, -40, 45], []),  # 60 and 0: no money left in 其他资金, no error
    (["甲", 100, 10, -50, 50, -50, 45], []),  # 50 and 10
])
def test_the_split_of_the_adjustment_leaves_no_source_below_zero(tmp_path, row, expected):
    """调整后预算 ≥ 0 for each source of the 自评表's 其中 rows too (amounts are non-negative
    except 预算调整): 财政拨款 + 财政拨款预算调整, and 调整后预算 less that for 其他资金."""
    got = [c for c in codes(tmp_path, {"项目": [SPLIT, row], "项目绩效指标": SPLIT_IND})
           if c[0] == "error"]
    assert got == expected


SHARED = ["项目名称", "一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值",
          "得分"]


def shared_rows(scores: tuple[Any, Any, Any], third_weight: Any = "") -> list[list[Any]]:
    """产出 50 shared by three indicators with a blank 分值: 16.67, 16.67, 16.66."""
    return [SHARED,
            ["甲", "产出指标", "数量指标", "x1", "≥1个", "1个", "", scores[0]],
            ["甲", "产出指标", "质量指标", "x2", "≥1个", "1个", "", scores[1]],
            ["甲", "产出指标", "时效指标", "x3", "≥1个", "1个", third_weight, scores[2]],
            ["甲", "效益指标", "社会效益指标", "y", "≥1个", "1个", 30, ""],
            ["甲", "满意度指标", "服务对象满意度指标", "z", "≥1个", "1个", 10, ""]]


@pytest.mark.parametrize(("scores", "third_weight", "expected"), [
    (("", "", ""), "", []),
    ((16.67, 16.67, 16.66), "", []),  # each its share: 50 ÷ 3 → 16.67, 16.67, 16.66
    ((20, "", ""), "", ["项目绩效指标!H2"]),  # was cut to 16.67 without a word
    ((16.671, "", ""), "", ["项目绩效指标!H2"]),
    (("", "", 16.67), "", ["项目绩效指标!H4"]),  # the last share is 16.66
    # the 分值 given take all of the 50: the blank ones share 0
    ((0, 0.01, ""), 50, ["项目绩效指标!H3"]),
])
def test_a_score_is_within_its_shared_weight(tmp_path, scores, third_weight, expected):
    """0 ≤ 得分 ≤ 分值 (an error) for an indicator whose blank 分值 is its share of its 一级's
    weight in the 自评表 (scoring.toml: 产出 50)."""
    sheets = {**project(100, "", "", "", "", 90),
              "项目绩效指标": shared_rows(scores, third_weight)}
    got = [where for severity, code, where in codes(tmp_path, sheets)
           if code == "score-over-weight"]
    assert got == expected


@pytest.mark.parametrize(("benefit", "stated", "says"), [
    # 25 + 15.495 + 49.5 = 89.995, printed 90.00: a stated 90 agrees (and grades 优 beside it)
    (15.495, 90, None),
    (15.495, "90.00", None),
    (15.495, 89.99, "“自评得分”填的是 89.99，由指标得分算出的是 90.00（保留两位小数），两者"
                    "应一致。请核对各指标得分；或删去“自评得分”一行，报告即用算出的得分。"),
    (15.495, 90.01, "填的是 90.01，由指标得分算出的是 90.00"),
    # 89.9949 prints 89.99
    (15.4949, 90, "填的是 90，由指标得分算出的是 89.99"),
    (15.4949, 89.99, None),
])
def test_a_stated_report_score_agrees_to_the_printed_precision(tmp_path, benefit, stated,
                                                                says):
    """A stated 自评得分 is a stated derived figure (domain.md): it must agree with the one
    computed from the indicators, both rounded half-up to 0.01; an error otherwise, which
    writes nothing (the message no longer says the report uses the computed one)."""
    book, report = check_workbook(write_book(tmp_path / "in.xlsx", report_sheets(
        ["产出指标", "数量指标", "x", "≥1", "1", 25, 25],
        ["效益指标", "社会效益指标", "y", "≥1", "1", 25, benefit], stated=stated)))
    got = [p.message for p in report.problems if p.code == "report-score-differs"]
    if says is None:
        assert got == []
        assert report_figures(book)["grade"] == ("优" if benefit == 15.495 else "良")
    else:
        [message] = got
        assert says in message, message
