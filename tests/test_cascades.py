"""One mistake, one problem: a misnamed 一级/二级 or project is not also reported as what it
causes (no 分值, a missing 一级 or 二级); and scoring never compares numbers in different
units (``score-unit-mismatch``)."""

from __future__ import annotations

from pathlib import Path

import pytest
from workbooks import write_book

from xlgen.api import check_workbook

DEPT = [["字段", "值"], ["年度", 2023], ["部门名称", "测试局"], ["财政供养人员数", 3],
        ["下属二级单位数", 0], ["总体绩效目标", "目标"]]
PROJ = [["项目名称", "财政拨款", "绩效目标", "实际支出"], ["甲", 100, "目标", 100]]
HEAD = ["项目名称", "一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值", "得分"]
# 甲's indicators: every 一级 and each 二级 the quality checks expect, all met, 分值 blank
# (each 一级's weight from scoring.toml is shared out)
ROWS = [
    ["甲", "产出指标", "数量指标", "台数", "≥5台", "5台"],
    ["甲", "产出指标", "时效指标", "完成时间", "≤30天", "28天"],
    ["甲", "产出指标", "成本指标", "成本", "≤100万元", "100万元"],
    ["甲", "效益指标", "社会效益指标", "人次", "≥1000人次", "1200人次"],
    ["甲", "效益指标", "可持续影响指标", "机制", "≥1项", "1项"],
    ["甲", "满意度指标", "服务对象满意度指标", "满意度", "≥90%", "95%"],
]


def problems(tmp_path: Path, rows: list[list], dept_rows: list[list] | None = None
             ) -> list[tuple[str, str]]:
    sheets = {"部门信息": DEPT, "项目": PROJ, "项目绩效指标": [HEAD, *rows]}
    if dept_rows is not None:
        sheets["部门绩效指标"] = [HEAD[1:], *dept_rows]
        sheets["自评报告"] = [["字段", "值"], ["年初预算数", 100], ["全年执行数", 100]]
        sheets["管理效率指标"] = [["二级指标", "三级指标", "分值", "得分"], ["预算", "x", 50, 50]]
    _, report = check_workbook(write_book(tmp_path / "测试局.xlsx", sheets))
    return [(p.code, p.where) for p in report.problems
            if p.code not in ("blank-section", "report-sections")]


def changed(row: int, col: int, value: str) -> list[list]:
    rows = [list(r) for r in ROWS]
    rows[row][col] = value
    return rows


def test_the_good_book_has_no_problem(tmp_path: Path) -> None:
    assert problems(tmp_path, ROWS) == []


@pytest.mark.parametrize(("rows", "expected"), [
    # a mistyped 一级: not also "no 分值" (selfeval-no-weight), "no 产出指标", "no 成本指标"
    (changed(0, 1, "产出指票"), [("unknown-level1", "项目绩效指标!B2")]),
    (changed(2, 1, "产出指票"), [("unknown-level1", "项目绩效指标!B4")]),
    (changed(5, 1, "满意度指票"), [("unknown-level1", "项目绩效指标!B7")]),
    # a mistyped 二级: not also "no 成本指标"
    (changed(2, 2, "成本指票"), [("unknown-level2", "项目绩效指标!C4")]),
    # a 二级 under the wrong 一级: not also "no 可持续影响指标"
    (changed(4, 1, "产出指标"), [("wrong-level2", "项目绩效指标!C6")]),
    # a project name near 甲's: not also "甲 has no 满意度指标"
    (changed(5, 0, "甲 "), []),  # (trimmed: the same name)
    ([[("甲项" if i == 5 else "甲"), *r[1:]] for i, r in enumerate(ROWS)],
     [("unknown-project", "项目绩效指标!A7")]),
])
def test_one_mistake_one_problem(tmp_path: Path, rows: list[list],
                                 expected: list[tuple[str, str]]) -> None:
    assert problems(tmp_path, rows) == expected


@pytest.mark.parametrize(("target", "actual", "units"), [
    ("≥95%", "96个", ("%", "个")),
    ("10个", "10万元", ("个", "万元")),
    ("≤100万元", "900000元", ("万元", "元")),
])
def test_units_that_differ_are_not_scored(tmp_path: Path, target: str, actual: str,
                                          units: tuple[str, str]) -> None:
    rows = changed(0, 4, target)
    rows[0][5] = actual
    _, report = check_workbook(write_book(tmp_path / "测试局.xlsx", {
        "部门信息": DEPT, "项目": PROJ, "项目绩效指标": [HEAD, *rows]}))
    [problem] = report.problems
    assert (problem.code, problem.where) == ("score-unit-mismatch", "项目绩效指标!F2")
    assert problem.message == (
        f"项目“甲”的指标“台数”：年度指标值“{target}”（E2）的单位是“{units[0]}”，实际完成值"
        f"“{actual}”（F2）的单位是“{units[1]}”。单位不同，数字不能比较，程序没有自动评分。"
        "请改正其中一处的单位使两处一致，或在“得分”列（H2）自己填写得分。"
        "评分前，自评表的总分和自评等级空着。")


def test_a_clerk_score_settles_units_that_differ(tmp_path: Path) -> None:
    rows = changed(0, 5, "96个")
    rows[0][4] = "≥95%"
    rows[0] += [20, 20]  # 分值, 得分
    rows[1] += [30]
    rows[2] += [0]
    rows[3] += [20]
    rows[4] += [10]
    rows[5] += [10]
    assert problems(tmp_path, rows) == []


def test_department_indicator_units(tmp_path: Path) -> None:
    dept_rows = [["产出指标", "数量指标", "台数", "≥95%", "96个", 50, None]]
    found = problems(tmp_path, ROWS, dept_rows)
    assert ("score-unit-mismatch", "部门绩效指标!E2") in found
    assert ("unscored", "部门绩效指标!G2") not in found
