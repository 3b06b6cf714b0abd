"""input-workbook.md's structural rules and value bounds, one table row each.

The sheet and column rules (any order, extra sheets ignored, 说明 never read, columns found by
their header, blank rows skipped, form labels found by text) and the bounds of each value
type (年度 2000–2100, counts ≥ 0, amounts ≥ 0 except 预算调整, scores ≥ 0 and ≤ 分值), checked
through the reader and the validator on workbooks built in code.
"""

from __future__ import annotations

from decimal import Decimal as D
from pathlib import Path
from typing import Any

import pytest
from workbooks import problem_codes, write_book

from xlgen.api import check_workbook

PROJ = ["项目名称", "资金使用单位", "财政拨款", "财政专户拨款", "其他资金", "绩效目标", "预算调整",
        "实际支出"]
IND = ["项目名称", "一级指标", "二级指标", "三级指标", "实施周期指标值", "年度指标值"]
DEPT = [["年度", 2023], ["部门名称", "测试局"], ["财政供养人员数", 3], ["下属二级单位数", 1],
        ["总体绩效目标", "目标"]]
MGMT = ["二级指标", "三级指标", "分值", "得分"]
DIND = ["一级指标", "二级指标", "三级指标", "年度指标值", "分值", "得分"]


def check(tmp_path: Path, sheets: dict[str, list[list[Any]]]):
    book, report = check_workbook(write_book(tmp_path / "in.xlsx", sheets))
    return book, report


# ---------------------------------------------------------------- sheets and columns


def test_sheets_in_any_order_extra_sheets_and_the_instructions_sheet_are_not_read(tmp_path):
    """Sheets may come in any order; extra sheets are ignored; 说明 is never read (its
    project-like rows and its bad amount are no project and no error)."""
    book, report = check(tmp_path, {
        "说明": [PROJ, ["说明里的项目", "", "约60"]],
        "项目": [PROJ, ["甲", "", 5]],
        "草稿": [PROJ, ["草稿里的项目", "", "abc"]],
        "部门信息": DEPT,
    })
    assert report.errors == [] and report.warnings == [], problem_codes(report)
    assert [p.name for p in book.projects] == ["甲"]
    assert book.projects[0].total == D(5)


def test_columns_are_found_by_their_header_not_their_position(tmp_path):
    book, _ = check(tmp_path, {"部门信息": DEPT, "项目": [
        ["实际支出", "其他资金", "项目名称", "财政拨款"], [9, 1.5, "甲", 10]]})
    p = book.projects[0]
    assert (p.name, p.fiscal, p.other, p.total, p.spent) == ("甲", D(10), D("1.5"), D("11.5"),
                                                             D(9))


def test_entirely_blank_rows_are_skipped(tmp_path):
    book, report = check(tmp_path, {"部门信息": DEPT, "项目": [
        PROJ, ["甲", "", 1], [], [None, "", None, "  "], ["乙", "", 2]]})
    assert [p.name for p in book.projects] == ["甲", "乙"]
    assert "missing-value" not in {p.code for p in report.errors}


@pytest.mark.parametrize("rows", [
    DEPT,  # no header row
    [["字段", "值", "说明"], *DEPT],  # a header row
    [DEPT[4], ["说明文字"], DEPT[1], DEPT[3], DEPT[0], DEPT[2]],  # any row order, a hint row
    [[*row, "C 列的说明"] for row in DEPT],  # column C holds a hint
], ids=["plain", "header", "reordered", "hints"])
def test_form_labels_are_found_by_text_not_by_row(tmp_path, rows):
    book, _ = check(tmp_path, {"部门信息": rows})
    d = book.department
    assert (d.year, d.name, d.staff, d.subunits, d.overall_goal) == (2023, "测试局", 3, 1, "目标")


@pytest.mark.parametrize(("level", "label"), [
    ("", "区本级使用资金"), ("区", "区本级使用资金"), ("市", "市本级使用资金"),
    ("省", "省本级使用资金"), ("县", "县本级使用资金"), ("镇", "镇本级使用资金"),
])
def test_the_level_makes_the_own_use_label(tmp_path, level, label):
    """预算级次 (省/市/区/县/镇, default 区) makes the label 区本级使用资金."""
    book, report = check(tmp_path, {"部门信息": [*DEPT, ["预算级次", level]]})
    assert book.department.own_use_label == label
    assert report.errors == []


# ---------------------------------------------------------------- value bounds


@pytest.mark.parametrize(("rows", "code", "where"), [
    ([["年度", 1999], ["部门名称", "x"]], "bad-integer", "部门信息!B1"),
    ([["年度", 2101], ["部门名称", "x"]], "bad-integer", "部门信息!B1"),
    ([["年度", 2000], ["部门名称", "x"]], None, None),
    ([["年度", 2100], ["部门名称", "x"]], None, None),
    ([["年度", "2023.5"], ["部门名称", "x"]], "bad-integer", "部门信息!B1"),
    ([*DEPT[:2], ["财政供养人员数", -1]], "bad-integer", "部门信息!B3"),
    ([*DEPT[:2], ["下属二级单位数", -1]], "bad-integer", "部门信息!B3"),
    ([*DEPT[:2], ["下属二级单位数", 0]], None, None),
    ([*DEPT[:2], ["预算级次", "乡"]], "bad-choice", "部门信息!B3"),
    ([*DEPT[:2], ["金额单位", "千元"]], "bad-choice", "部门信息!B3"),
], ids=lambda v: str(v) if not isinstance(v, list) else None)
def test_department_values(tmp_path, rows, code, where):
    _, report = check(tmp_path, {"部门信息": rows})
    errors = [(p.code, p.where) for p in report.errors]
    assert errors == ([] if code is None else [(code, where)])


@pytest.mark.parametrize(("sheets", "where"), [
    # amounts are non-negative except 预算调整
    ({"预算": [["基本支出", -1]]}, "预算!B1"),
    ({"重点任务": [["任务名称", "拟投入资金"], ["x", -5]]}, "重点任务!B2"),
    ({"项目": [PROJ, ["甲", "", -1]]}, "项目!C2"),
    ({"项目": [PROJ, ["甲", "", 1, -1]]}, "项目!D2"),
    ({"项目": [PROJ, ["甲", "", 1, "", -1]]}, "项目!E2"),
    ({"项目": [PROJ, ["甲", "", 1, "", "", "", "", -1]]}, "项目!H2"),
    ({"自评报告": [["年初预算数", -1]]}, "自评报告!B1"),
], ids=lambda v: v if isinstance(v, str) else None)
def test_a_negative_amount_is_an_error(tmp_path, sheets, where):
    _, report = check(tmp_path, sheets)
    assert ("bad-amount", where) in [(p.code, p.where) for p in report.errors]


def test_a_negative_adjustment_is_a_cut_not_an_error(tmp_path):
    book, report = check(tmp_path, {"部门信息": DEPT, "项目": [PROJ, ["甲", "", 100, "", "", "",
                                                                  -30.5, 60]]})
    assert report.errors == []
    p = book.projects[0]
    assert (p.adjustment, p.adjusted, p.execution_rate) == (D("-30.5"), D("69.5"),
                                                            D(60) / D("69.5"))


@pytest.mark.parametrize(("sheets", "code", "where"), [
    # 0 ≤ 得分 ≤ 分值, in each of the three scored tables
    ({"管理效率指标": [MGMT, ["预算编制", "x", 2, -1]]}, "bad-score", "管理效率指标!D2"),
    ({"管理效率指标": [MGMT, ["预算编制", "x", 2, 2.001]]}, "score-over-weight",
     "管理效率指标!D2"),
    ({"管理效率指标": [MGMT, ["预算编制", "x", 2, 2]]}, None, None),
    ({"管理效率指标": [MGMT, ["预算编制", "x", 2, 0]]}, None, None),
    ({"部门绩效指标": [DIND, ["产出指标", "数量指标", "x", "1", 2, 3]]}, "score-over-weight",
     "部门绩效指标!F2"),
    ({"部门绩效指标": [DIND, ["产出指标", "数量指标", "x", "1", -2, ""]]}, "bad-score",
     "部门绩效指标!E2"),
    ({"项目": [PROJ, ["甲", "", 1]],
      "项目绩效指标": [[*IND, "分值", "得分"],
                 ["甲", "产出指标", "数量指标", "x", "1", "1", 2, 3]]},
     "score-over-weight", "项目绩效指标!H2"),
], ids=lambda v: v if isinstance(v, str) else None)
def test_scores_lie_between_zero_and_the_weight(tmp_path, sheets, code, where):
    _, report = check(tmp_path, sheets)
    errors = [(p.code, p.where) for p in report.errors]
    assert errors == ([] if code is None else [(code, where)])


def test_a_project_name_shared_by_two_units_is_a_warning_and_links_to_the_first(tmp_path):
    """Project names are unique within a 资金使用单位; an indicator naming a project two units
    have is linked to the first, with a warning."""
    book, report = check(tmp_path, {
        "项目": [PROJ, ["甲", "一中心", 1], ["甲", "二中心", 2]],
        "项目绩效指标": [IND, ["甲", "产出指标", "数量指标", "x", "1", "1"]]})
    assert ("ambiguous-project", "项目绩效指标!A2") in [(p.code, p.where)
                                                      for p in report.warnings]
    assert "duplicate-project" not in {p.code for p in report.errors}
    assert [len(p.indicators) for p in book.projects] == [1, 0]


# ---------------------------------------------------------------- content nothing can find


@pytest.mark.parametrize(("sheets", "found"), [
    # a table's column is found by its row-1 header: content under a blank one is read nowhere
    ({"项目": [[*PROJ, None], ["甲", "", 1, "", "", "", "", "", 999]]},
     [("headless-column", "项目!I2")]),
    ({"项目": [[*PROJ[:2], None, *PROJ[3:]], ["甲", "", 5], ["乙", "", ""]]},
     [("headless-column", "项目!C2")]),  # 财政拨款's header deleted: 5 is no 0 in silence
    ({"项目": [PROJ, ["甲", "", 1], ["乙", "", 2, "", "", "", "", "", "", "", "备注"]]},
     [("headless-column", "项目!K3")]),  # a note typed beside the table
    ({"项目": [[*PROJ, None], ["甲", "", 1, "", "", "", "", "", "  "]]}, []),
    ({"项目": [PROJ, ["甲", "", 1]]}, []),
    # a form's value is found by its label in A: a value in B under a blank A is read nowhere
    ({"自评报告": [["年初预算数", 1], ["部门职责", "第一段"], [None, "第二段"]]},
     [("unlabelled-value", "自评报告!B3")]),
    ({"预算": [[None, 100], ["基本支出", 1]]}, [("unlabelled-value", "预算!B1")]),
    ({"自评报告": [["年初预算数", 1], [None, None, "C 列的说明"], ["部门职责", "x"]]}, []),
], ids=["blank-header", "header-deleted", "note-beside", "blank-under-blank", "all-named",
        "second-paragraph-below", "value-without-label", "hint-in-c"])
def test_content_no_header_or_label_finds_is_warned_not_dropped(tmp_path, sheets, found):
    """Columns are found by their header, labels by their text: content under a blank
    header (or beside a blank label) cannot be found, and is told of, never read by guess."""
    book, report = check(tmp_path, {"部门信息": DEPT, **sheets})
    codes = [(p.code, p.where) for p in report.problems
             if p.code in ("headless-column", "unlabelled-value")]
    assert codes == found
    assert all(p.severity.label == "警告" for p in report.problems
               if p.code in ("headless-column", "unlabelled-value"))
    if book.self_evaluation is not None:
        assert "第二段" not in book.self_evaluation.blocks["部门职责"]


@pytest.mark.parametrize(("kind", "read", "code"), [
    (None, "重点任务", None),  # the default
    ("重点任务", "重点任务", None),
    ("其他任务", "其他任务", None),  # goes to the 申报表's 其他需完成的任务（可选填） row
    (" 其他任务 ", "其他任务", None),  # cells are trimmed
    ("其它任务", None, "bad-choice"),  # only the two spellings: no guess
    ("一般任务", None, "bad-choice"),
])
def test_a_task_is_a_key_task_unless_its_type_says_other(tmp_path, kind, read, code):
    book, report = check(tmp_path, {"重点任务": [["类型", "任务名称"], [kind, "甲"]]})
    assert [p.code for p in report.errors] == ([code] if code else [])
    if read is not None:
        assert [t.kind for t in book.tasks] == [read]
    else:
        assert report.errors[0].where == "重点任务!A2"


@pytest.mark.parametrize(("level", "label", "warned"), [
    (None, "本级使用资金", False),
    (None, "区本级使用资金", False),
    (None, "市本级使用资金", True),  # 预算级次 blank is 区: the 申报表 would say 区
    ("市", "市本级使用资金", False),
    ("市", "区本级使用资金", True),
    ("镇", "镇本级使用资金：", False),
    ("乡", "市本级使用资金", False),  # the bad 预算级次 is the error told
])
def test_a_level_in_the_own_use_label_must_be_the_departments(tmp_path, level, label, warned):
    """预算级次 makes the label 区本级使用资金; a 预算 label naming another level is told
    of, never printed under the wrong level in silence."""
    dept = [*DEPT, *([["预算级次", level]] if level else [])]
    book, report = check(tmp_path, {"部门信息": dept, "预算": [["基本支出", 1], [label, 2]]})
    found = [(p.code, p.where) for p in report.warnings if p.code == "own-use-level"]
    assert found == ([("own-use-level", "预算!A2")] if warned else [])
    assert book.budget.own_use == D(2)


@pytest.mark.parametrize(("sheets", "found"), [
    ({"项目": [PROJ, ["甲", "", 1], ["乙", "", 2], ["合计", "", 3]]}, [("total-row", "项目!A4")]),
    ({"项目": [PROJ, ["甲", "一中心", 1], [" 小 计 ", "一中心", 1]]}, [("total-row", "项目!A3")]),
    ({"项目": [PROJ, ["甲", "", 1], ["总计", "", 1]]}, [("total-row", "项目!A3")]),
    ({"重点任务": [["任务名称", "拟投入资金"], ["甲", 1], ["合计", 1]]},
     [("total-row", "重点任务!A3")]),
    ({"项目": [PROJ, ["合计项目管理费", "", 1]]}, []),  # a name with the word in it is a name
    ({"项目": [PROJ, ["甲", "", 1]], "重点任务": [["任务名称"], ["小计数据治理"]]}, []),
], ids=["合计", "小计-spaced", "总计", "task", "word-in-name", "plain"])
def test_a_total_row_is_an_error_not_one_more_project(tmp_path, sheets, found):
    """A 合计 row typed at a table's foot would be read as one more project or task, its
    money counted twice: an error naming the row."""
    _, report = check(tmp_path, {"部门信息": DEPT, **sheets})
    assert [(p.code, p.where) for p in report.errors] == found
