"""input-workbook.md's sheet names, labels and headers, written out literally.

The spec says these names are the contract: a workbook written to it today must keep working
in every later version. contract.toml is the code's copy; these tables are the spec's, so a
renamed, dropped or reordered name in contract.toml fails here, in the blank workbook
``xlgen init`` writes and in the reader.
"""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest
from workbooks import write_book

from xlgen.api import check_workbook
from xlgen.workbook.blank import write_input_workbook

# (sheet, form or table, labels or headers in the spec's order)
SPEC = [
    ("部门信息", "form", ["年度", "部门名称", "预算级次", "金额单位", "财政供养人员数",
                      "下属二级单位数", "总体绩效目标"]),
    ("预算", "form", ["基本支出", "项目支出", "财政专项资金", "其他事业发展性支出", "财政拨款",
                    "其他资金", "本级使用资金", "拟用于对下转移支付资金"]),
    ("重点任务", "table", ["类型", "任务名称", "主要实施内容", "拟投入资金", "期望达到的目标"]),
    ("部门绩效指标", "table", ["一级指标", "二级指标", "三级指标", "实施周期指标值", "年度指标值",
                          "实际完成值", "分值", "得分", "偏差原因"]),
    ("项目", "table", ["项目名称", "资金使用单位", "财政拨款", "财政专户拨款", "其他资金",
                     "绩效目标", "预算调整", "实际支出"]),
    ("项目绩效指标", "table", ["项目名称", "一级指标", "二级指标", "三级指标", "实施周期指标值",
                          "年度指标值", "实际完成值", "分值", "得分", "偏差原因"]),
    ("管理效率指标", "table", ["二级指标", "三级指标", "分值", "得分", "扣分原因"]),
    ("自评报告", "form", ["年初预算数", "全年预算数", "全年执行数", "部门职责", "机构设置",
                      "年度总体工作", "部门整体支出绩效目标", "绩效管理情况", "主要工作成效",
                      "存在的主要问题", "下一步改进措施"]),
]
# the 项目 columns the spec names as optional, checked when present
PROJECT_OPTIONAL = ["总计", "调整后预算", "执行率"]


@pytest.fixture(scope="module")
def blank(tmp_path_factory) -> openpyxl.Workbook:
    path = tmp_path_factory.mktemp("spec") / "blank.xlsx"
    write_input_workbook(path, year=2024, dept="测试局")
    return openpyxl.load_workbook(path)


def test_the_blank_workbook_has_the_spec_sheets_in_its_order(blank):
    assert blank.sheetnames == ["说明", *[name for name, _, _ in SPEC]]


@pytest.mark.parametrize(("name", "kind", "labels"), SPEC, ids=[s[0] for s in SPEC])
def test_the_blank_workbook_has_the_spec_labels_in_its_order(blank, name, kind, labels):
    """The spec's names come first, in its order; the code's additions (自称, 实施单位 …)
    only after them (a form's 自评得分 may sit among its numbers)."""
    ws = blank[name]
    if kind == "table":
        written = [c.value for c in ws[1]]
        assert written[:len(labels)] == labels
        if name == "项目":
            assert set(PROJECT_OPTIONAL) <= set(written)
    else:
        assert [c.value for c in ws[1]] == ["字段", "值", "说明"]
        written = [r[0] for r in ws.iter_rows(min_row=2, values_only=True)]
        assert [label for label in written if label in labels] == labels


def test_the_blank_workbook_offers_the_spec_choices(blank):
    ws = blank["部门信息"]
    lists = {ws.cell(int(str(dv.sqref)[1:]), 1).value: dv.formula1
             for dv in ws.data_validations.dataValidation}
    assert lists == {"预算级次": '"省,市,区,县,镇"', "金额单位": '"万元,元"'}
    assert [ws.cell(r, 2).value for r in (4, 5)] == ["区", "万元"]  # the defaults
    tasks = blank["重点任务"]
    assert [dv.formula1 for dv in tasks.data_validations.dataValidation
            if "A2" in dv.sqref] == ['"重点任务,其他任务"']


def test_a_workbook_with_only_the_spec_names_reads_without_a_word(tmp_path: Path):
    """Every sheet with exactly the spec's labels and headers: no unknown or missing name."""
    sheets = {}
    for name, kind, labels in SPEC:
        if kind == "form":
            sheets[name] = [["字段", "值", "说明"], *[[label] for label in labels]]
        else:
            sheets[name] = [labels + (PROJECT_OPTIONAL if name == "项目" else [])]
    sheets["部门信息"][1:3] = [["年度", 2024], ["部门名称", "测试局"]]
    _, report = check_workbook(write_book(tmp_path / "spec.xlsx", sheets))
    naming = {"unknown-column", "unknown-label", "missing-column", "missing-value",
              "absent-column", "misnamed-column", "misnamed-label", "sheet-name",
              "missing-sheet"}
    assert [(p.code, p.where) for p in report.problems if p.code in naming] == []
