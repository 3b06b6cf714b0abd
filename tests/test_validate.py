"""The reader and validator on tables of good and bad workbooks built in code."""

import copy
from decimal import Decimal
from pathlib import Path

import pytest
from workbooks import Literal, cache_formulas, problem_codes, write_book

from xlgen.api import check_workbook
from xlgen.problems import Report
from xlgen.rules import validate
from xlgen.workbook import load_book, read_raw

BUDGET_OK = [["字段", "值"], ["基本支出", 100], ["项目支出", 50], ["财政专项资金", 0],
             ["其他事业发展性支出", 0], ["财政拨款", 150], ["其他资金", 0], ["本级使用资金", 120],
             ["拟用于对下转移支付资金", 30]]
PROJ_HEAD = ["项目名称", "资金使用单位", "财政拨款", "财政专户拨款", "其他资金", "绩效目标",
             "预算调整", "实际支出"]
IND_HEAD = ["项目名称", "一级指标", "二级指标", "三级指标", "实施周期指标值", "年度指标值"]


def full_indicators(project: str) -> list[list]:
    return [
        [project, "产出指标", "数量指标", "工作天数", "22天", "22天"],
        [project, "产出指标", "时效指标", "发放时间", "每月10日前", "每月10日前"],
        [project, "产出指标", "成本指标", "人均成本", "≤5万元", "≤5万元"],
        [project, "效益指标", "社会效益指标", "服务人次", "≥1000人次", "≥1000人次"],
        [project, "效益指标", "可持续影响指标", "长效机制", "≥1项", "≥1项"],
        [project, "满意度指标", "服务对象满意度指标", "满意度", "≥90%", "≥90%"],
    ]


def good_sheets() -> dict:
    return {
        "预算": BUDGET_OK,
        "项目": [PROJ_HEAD, ["甲项目", "", 100, "", 20.5, "目标", -10, 100.5]],
        "项目绩效指标": [IND_HEAD, *full_indicators("甲项目")],
    }


def codes(tmp_path, sheets, **kw):
    book, report = check_workbook(write_book(tmp_path / "in.xlsx", sheets, **kw))
    return book, report


def test_good_workbook_reads_exact_model(tmp_path):
    sheets = good_sheets()
    sheets["部门信息"] = [["字段", "值"], ["年度", 2023], ["部门名称", "测试局"],
                       ["财政供养人员数", 33], ["下属二级单位数", 2], ["总体绩效目标", "目标"]]
    book, report = codes(tmp_path, sheets)
    assert report.errors == [] and report.warnings == []
    p = book.projects[0]
    assert p.total == Decimal("120.5")
    assert p.adjusted == Decimal("110.5")
    assert p.unit == "测试局"  # 资金使用单位 defaults to 部门名称
    assert len(p.indicators) == 6
    assert p.indicators[0].level1_code == "1" and p.indicators[0].level2_code == "11"
    assert book.budget.own_use == Decimal(120)


def test_yuan_workbook_is_converted_to_wan(tmp_path):
    sheets = good_sheets()
    sheets["部门信息"] = [["年度", 2023], ["部门名称", "测试局"], ["金额单位", "元"]]
    sheets["项目"] = [PROJ_HEAD, ["甲项目", "", "1,234,567", "", "", "", "", ""]]
    book, report = codes(tmp_path, sheets)
    assert book.projects[0].total == Decimal("123.4567")


@pytest.mark.parametrize(
    ("sheets", "code", "where"),
    [
        # amounts
        ({"项目": [PROJ_HEAD, ["甲", "", "约60"]]}, "bad-amount", "项目!C2"),
        ({"项目": [PROJ_HEAD, ["甲", "", "61.75万"]]}, "bad-amount", "项目!C2"),
        ({"项目": [PROJ_HEAD, ["甲", "", -5]]}, "bad-amount", "项目!C2"),
        ({"预算": [["基本支出", "abc"]]}, "bad-amount", "预算!B1"),
        # required things
        ({"项目": [["资金使用单位", "财政拨款"], ["x", 1]]}, "missing-column", "项目"),
        ({"项目": [PROJ_HEAD, ["", "单位", 5]]}, "missing-value", "项目!A2"),
        # 部门信息 values
        ({"部门信息": [["年度", 1999], ["部门名称", "x"]]}, "bad-integer", "部门信息!B1"),
        ({"部门信息": [["年度", 2023], ["部门名称", "x"], ["金额单位", "千元"]]}, "bad-choice",
         "部门信息!B3"),
        ({"部门信息": [["年度", 2023], ["部门名称", "x"], ["财政供养人员数", 3.5]]},
         "bad-integer", "部门信息!B3"),
        ({"部门信息": [["年度", 2023]]}, "missing-value", "部门信息"),
        # indicators
        ({"项目": [PROJ_HEAD, ["甲", "", 1]],
          "项目绩效指标": [IND_HEAD, ["甲", "产出指标", "社会效益指标", "x", "1", "1"]]},
         "wrong-level2", "项目绩效指标!C2"),
        ({"项目": [PROJ_HEAD, ["甲", "", 1]],
          "项目绩效指标": [IND_HEAD, ["甲", "产出指标", "数童指标", "x", "1", "1"]]},
         "unknown-level2", "项目绩效指标!C2"),
        ({"项目": [PROJ_HEAD, ["甲", "", 1]],
          "项目绩效指标": [IND_HEAD, ["甲", "产出质量", "数量指标", "x", "1", "1"]]},
         "unknown-level1", "项目绩效指标!B2"),
        ({"项目": [PROJ_HEAD, ["甲项目", "", 1]],
          "项目绩效指标": [IND_HEAD, ["甲项木", "产出指标", "数量指标", "x", "1", "1"]]},
         "unknown-project", "项目绩效指标!A2"),
        # identities and stated figures
        ({"预算": [*BUDGET_OK[:-1], ["拟用于对下转移支付资金", 31]]}, "budget-identity", "预算!B8"),
        ({"项目": [PROJ_HEAD + ["总计"], ["甲", "", 100, "", 20.5, "", "", "", 120.49]]},
         "stated-total", "项目!I2"),
        ({"项目": [PROJ_HEAD + ["调整后预算"], ["甲", "", 100, "", "", "", -10, 50, 91]]},
         "stated-adjusted", "项目!I2"),
        ({"项目": [PROJ_HEAD + ["执行率"], ["甲", "", 343.96, "", "", "", "", 242.68, "99.48%"]]},
         "stated-rate", "项目!I2"),
        ({"项目": [PROJ_HEAD, ["甲", "", 100, "", "", "", -120, 0]]}, "negative-budget", "项目!G2"),
        ({"项目": [PROJ_HEAD, ["甲", "", 1], ["甲", "", 2]]}, "duplicate-project", "项目!A3"),
        # scores
        ({"管理效率指标": [["二级指标", "三级指标", "分值", "得分"], ["预算编制", "x", 2, 3]]},
         "score-over-weight", "管理效率指标!D2"),
        # table shape
        ({"项目": [PROJ_HEAD, ["甲", "", 1], ["", "", 2]]}, "missing-value", "项目!A3"),
        ({"项目": [PROJ_HEAD, ["甲", "", 1, 1], ["乙", "", 2, 2]]}, "merged-cells", "项目!C2"),
        ({"项目": [["项目支出表"], [], PROJ_HEAD, ["甲", "", 1]]}, "header-row", "项目!A3"),
        # a header one step from a standard column the table lacks, with cells below it
        ({"项目": [[*PROJ_HEAD[:4], "其它资金"], ["甲", "", 1, "", 100]]},
         "misnamed-column", "项目!E1"),
        ({"项目": [["项目", *PROJ_HEAD[1:]], ["甲", "", 1]]}, "misnamed-column", "项目!A1"),
        ({"项目": [PROJ_HEAD, ["甲", "", 1]],
          "项目绩效指标": [[*IND_HEAD[:2], "二级指标名称", *IND_HEAD[3:]],
                     ["甲", "产出指标", "数量指标", "x", "1", "1"]]},
         "misnamed-column", "项目绩效指标!C1"),
        ({"预算": [*BUDGET_OK[:5], ["财政拨款收入", 150], *BUDGET_OK[6:]]},
         "misnamed-label", "预算!A6"),
        ({"自评报告": [["存在问题", "培训不足"]]}, "misnamed-label", "自评报告!A1"),
        # a unit in a header or label that is not the workbook's 金额单位
        ({"项目": [[*PROJ_HEAD[:2], "财政拨款（元）", *PROJ_HEAD[3:]], ["甲", "", 320]]},
         "label-unit", "项目!C1"),
        ({"部门信息": [["年度", 2023], ["部门名称", "测试局"], ["金额单位", "元"]],
          "预算": [BUDGET_OK[0], ["基本支出(万元)", 100], *BUDGET_OK[2:]]},
         "label-unit", "预算!A2"),
    ],
)
def test_bad_workbooks(tmp_path, sheets, code, where):
    merges = {"项目": ["C2:C3"]} if code == "merged-cells" else None
    _, report = codes(tmp_path, sheets, merges=merges)
    assert (code, where) in [(p.code, p.where) for p in report.errors], problem_codes(report)


@pytest.mark.parametrize(
    ("sheets", "code", "where"),
    [
        ({"预算": [["基本支出", ""], ["财政拨款", 1]]}, "blank-amount", "预算!B1"),
        ({"项目": [PROJ_HEAD, ["甲", "", 1, "", "", "", "", 2]]}, "over-spent", "项目!H2"),
        ({"项目": [PROJ_HEAD, ["甲", "", 0, "", "", "", "", 2]]}, "zero-budget", "项目!H2"),
        ({"项目": [PROJ_HEAD + ["备注"], ["甲", "", 1]]}, "unknown-column", "项目!I1"),
        # close to a standard column, but that column is there, or nothing is below it
        ({"项目": [PROJ_HEAD + ["其它资金"], ["甲", "", 1, "", "", "", "", "", 5]]},
         "unknown-column", "项目!I1"),
        ({"项目": [[*PROJ_HEAD[:4], "其它资金"], ["甲", "", 1]]}, "unknown-column", "项目!E1"),
        ({"项目": [PROJ_HEAD, ["甲", "", 1]],
          "项目绩效指标": [IND_HEAD, ["甲", "产出指标", "", "x", "1", "1"]]},
         "blank-level2", "项目绩效指标!C2"),
        ({"项目": [PROJ_HEAD, ["甲", "", 1]],
          "项目绩效指标": [IND_HEAD, ["甲", "产出指标", "数量指标", "", "1", "1"]]},
         "blank-indicator", "项目绩效指标!D2"),
        ({"项目": [PROJ_HEAD, ["甲", "", 1]],
          "项目绩效指标": [IND_HEAD, ["甲", "产出指标", "数量指标", "x", "提升", "提升"]]},
         "qualitative-target", "项目绩效指标!F2"),
        ({"项目": [PROJ_HEAD, ["甲", "", 1]],
          "项目绩效指标": [IND_HEAD, ["甲", "产出指标", "数量指标", "x", "≥3次", "≥10次"]]},
         "annual-over-period", "项目绩效指标!F2"),
        ({"项目": [PROJ_HEAD, ["甲", "", 1]],
          "项目绩效指标": [IND_HEAD, ["甲", "产出指标", "数量指标", "x", "1", "1"],
                         ["甲", "产出指标", "质量指标", "x", "1", "1"]]},
         "duplicate-indicator", "项目绩效指标!D2"),
        ({"项目": [PROJ_HEAD, ["甲", "", 1]],
          "项目绩效指标": [IND_HEAD, ["甲", "产出指标", "数量指标", "x", "1", "1"]]},
         "missing-level1", "项目!A2"),
        ({"项目": [PROJ_HEAD, ["甲", "", 1]],
          "项目绩效指标": [IND_HEAD, ["甲", "产出指标", "数量指标", "x", "1", "1"]]},
         "missing-level2", "项目绩效指标!A2"),
        ({"项日": [PROJ_HEAD]}, "sheet-name", "项日"),
        ({"项目": [PROJ_HEAD, ["甲", "", 1, "", "", "", "", ""]],
          "自评报告": [["年初预算数", 1], ["全年执行数", 1]]}, "blank-spent", "项目!H2"),
        ({"自评报告": [["年初预算数", 1], ["全年执行数", 1]]}, "report-missing-table", "自评报告"),
        ({"自评报告": [["年初预算数", 1], ["全年执行数", 1]],
          "部门绩效指标": [["一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值"],
                     ["产出指标", "质量指标", "规范性", "合法合规", "", 5]]},
         "unscored", "部门绩效指标!F2"),
    ],
)
def test_warnings(tmp_path, sheets, code, where):
    _, report = codes(tmp_path, sheets)
    assert (code, where) in [(p.code, p.where) for p in report.warnings], problem_codes(report)


@pytest.mark.parametrize(("unit", "header"), [
    ("万元", "财政拨款（万元）"), ("元", "财政拨款（元）"), ("元", "财政拨款")])
def test_a_unit_that_agrees_is_no_problem(tmp_path, unit, header):
    sheets = good_sheets()
    sheets["部门信息"] = [["年度", 2023], ["部门名称", "测试局"], ["金额单位", unit]]
    sheets["项目"] = [[*PROJ_HEAD[:2], header, *PROJ_HEAD[3:]], *sheets["项目"][1:]]
    _, report = codes(tmp_path, sheets)
    assert "label-unit" not in problem_codes(report)


def test_a_misnamed_label_is_one_problem(tmp_path):
    """No unknown-label warning or missing-value error beside it."""
    _, report = codes(tmp_path, {"部门信息": [["预算年度", 2023], ["部门名称", "测试局"]]})
    assert [(p.code, p.where) for p in report.problems
            if p.code in ("misnamed-label", "unknown-label", "missing-value")] == [
        ("misnamed-label", "部门信息!A1")]


def test_a_label_written_twice_cites_both_labels(tmp_path):
    """The other place is the label's cell (A10), where the clerk looks for “模板”, not the
    value's cell beside it."""
    _, report = codes(tmp_path, {"部门信息": [["年度", 2023], ["部门名称", "测试局"],
                                          ["模板", "区级"], ["模板", "市级"]]})
    [problem] = [p for p in report.problems if p.code == "duplicate-label"]
    assert problem.where == "部门信息!A4"
    assert "另一处在 A3）" in problem.message, problem.message


def test_a_misnamed_column_is_one_problem(tmp_path):
    """Neither a missing-column error for it nor a blank-level2 warning per row."""
    _, report = codes(tmp_path, {
        "项目": [[PROJ_HEAD[0] + "称", *PROJ_HEAD[1:]], ["甲", "", 1]],
        "项目绩效指标": [[*IND_HEAD[:2], "二级指标名称", *IND_HEAD[3:]],
                   ["甲", "产出指标", "数量指标", "x", "1", "1"],
                   ["甲", "效益指标", "社会效益指标", "y", "1", "1"]]})
    assert [(p.code, p.where) for p in report.problems
            if p.code in ("misnamed-column", "missing-column", "blank-level2")] == [
        ("misnamed-column", "项目!A1"), ("misnamed-column", "项目绩效指标!C1")]


def test_a_table_without_its_level2_column_is_told_once(tmp_path):
    _, report = codes(tmp_path, {
        "项目": [PROJ_HEAD, ["甲", "", 1]],
        "项目绩效指标": [[*IND_HEAD[:2], *IND_HEAD[3:]], ["甲", "产出指标", "x", "1", "1"],
                   ["甲", "效益指标", "y", "1", "1"]]})
    assert [(p.where, p.message) for p in report.problems if p.code == "blank-level2"] == [
        ("项目绩效指标", "本表没有“二级指标”列：输出中的指标都不显示二级指标。"
                   "请在第 1 行加上“二级指标”列并填写。")]


def test_all_problems_found_in_one_pass(tmp_path):
    sheets = {
        "预算": [["基本支出", "约60"]],
        "项目": [PROJ_HEAD, ["甲", "", "x"], ["乙", "", "y"]],
    }
    _, report = codes(tmp_path, sheets)
    assert [p.where for p in report.errors if p.code == "bad-amount"] == [
        "预算!B1", "项目!C2", "项目!C3"]


# A cell the loader cannot read (约60) is reported once, at the cell. The figures made from it
# are unknown, not 0: no rule may add a second, false message about them (a 总计 that "does
# not match", a budget that "is 0", a column "not filled", a score that "cannot be computed").
EVAL_HEAD = ["项目名称", "资金使用单位", "财政拨款", "财政专户拨款", "其他资金", "绩效目标",
             "预算调整", "实际支出", "总计", "调整后预算", "执行率", "财政拨款预算调整",
             "财政拨款实际支出", "上年结转资金", "上年结转资金实际支出"]
EVAL_IND_HEAD = [*IND_HEAD, "实际完成值", "分值", "得分"]


def evaluated(row: dict, weight=50, score=50) -> dict:
    """A project with year-end figures (its 自评表 is checked), ``row`` changing its cells."""
    cells = {"财政拨款": 60, "其他资金": 10, "实际支出": 50, "总计": 70, "调整后预算": 70,
             "执行率": "71.43%", "财政拨款预算调整": 0, "财政拨款实际支出": 40, **row}
    return {"项目": [EVAL_HEAD, ["甲", "", *(cells.get(h, "") for h in EVAL_HEAD[2:])]],
            "项目绩效指标": [EVAL_IND_HEAD,
                       ["甲", "产出指标", "数量指标", "天数", "22天", "22天", "22天",
                        weight, score],
                       ["甲", "效益指标", "社会效益指标", "人次", "≥1000人次", "≥1000人次",
                        "1000人次", 20, 20],
                       ["甲", "满意度指标", "服务对象满意度指标", "满意度", "≥90%", "≥90%", "95%",
                        20, 20]]}


def reported(init=100, weight=20, score=20) -> dict:
    """A 自评报告 with its indicators, ``init``, ``weight`` and ``score`` in given cells."""
    head = ["一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值", "得分"]
    sections = ("部门职责", "年度总体工作", "绩效管理情况", "主要工作成效", "存在的主要问题",
                "下一步改进措施")
    return {"自评报告": [["字段", "值"], ["年初预算数", init], ["全年执行数", 90],
                     *([label, "x"] for label in sections)],
            "部门绩效指标": [head, ["产出指标", "数量指标", "天数", "22天", "22天", 80, 80]],
            "管理效率指标": [["二级指标", "三级指标", "分值", "得分"],
                       ["预算编制", "x", weight, score]]}


@pytest.mark.parametrize(
    ("sheets", "code", "where"),
    [
        (evaluated({"财政拨款": "约60"}), "bad-amount", "项目!C2"),  # total, adjusted, rate
        (evaluated({"财政拨款": "约60", "其他资金": "", "总计": "", "调整后预算": "",
                    "执行率": ""}), "bad-amount", "项目!C2"),  # not a budget of 0
        (evaluated({"其他资金": "约10", "预算调整": -65}), "bad-amount", "项目!E2"),  # < 0
        (evaluated({"预算调整": "减10"}), "bad-amount", "项目!G2"),
        (evaluated({"实际支出": "五十"}), "bad-amount", "项目!H2"),
        (evaluated({"上年结转资金": "约5", "上年结转资金实际支出": 5}), "bad-amount", "项目!N2"),
        (evaluated({"上年结转资金": 5, "上年结转资金实际支出": "约5"}), "bad-amount", "项目!O2"),
        ({**evaluated({}, weight="五十")}, "bad-score", "项目绩效指标!H2"),
        ({**evaluated({}, weight="五十", score="")}, "bad-score", "项目绩效指标!H2"),
        ({**reported(), "项目": [PROJ_HEAD, ["甲", "", 60, "", "", "", "", "五十"]]},
         "bad-amount", "项目!H2"),  # not a blank 实际支出
        (reported(init="约100"), "bad-amount", "自评报告!B2"),
        (reported(score="满分"), "bad-score", "管理效率指标!D2"),
        (reported(weight="二十"), "bad-score", "管理效率指标!C2"),
    ],
)
def test_an_unreadable_cell_is_reported_once(tmp_path, sheets, code, where):
    _, report = codes(tmp_path, sheets)
    said = [(p.code, p.where) for p in report.problems
            if p.code not in ("blank-value", "missing-level2", "report-missing-table")]
    assert said == [(code, where)]


def test_numbers_typed_as_text(tmp_path):
    sheets = {"项目": [PROJ_HEAD, ["甲", "", "15,608.00", "", "１５６０８", "", "", " 61.75 "]]}
    book, report = codes(tmp_path, sheets)
    p = book.projects[0]
    assert (p.fiscal, p.other, p.spent) == (Decimal("15608.00"), Decimal(15608), Decimal("61.75"))


def test_missing_department_sheet_is_the_only_required_one(tmp_path):
    _, report = codes(tmp_path, {"项目": [PROJ_HEAD]}, dept=False)
    assert problem_codes(report) == [("missing-sheet", "部门信息")]
    book, report = codes(tmp_path, {})
    assert report.valid and book.sheets == {"部门信息"}


def test_formula_without_cached_value_is_an_error_not_zero(tmp_path):
    path = write_book(tmp_path / "f.xlsx", {"项目": [PROJ_HEAD, ["甲", "", "=1+1"]]})
    _, report = check_workbook(path)
    [problem] = [p for p in report.errors if p.code == "formula-no-value"]
    assert problem.where == "项目!C2" and "保存" in problem.message


def test_formula_with_cached_value_is_read(tmp_path):
    path = write_book(tmp_path / "f.xlsx", {"项目": [PROJ_HEAD, ["甲", "", "=1+1"]]})
    cache_formulas(path, {"C2": "2"})
    book, report = check_workbook(path)
    assert report.valid, problem_codes(report)
    assert book.projects[0].fiscal == Decimal(2)


def test_self_evaluation_blocks_keep_paragraphs_and_extra_labels(tmp_path):
    sheets = {"自评报告": [["字段", "值"], ["年初预算数", "8,463.23"], ["全年执行数", 8363.23],
                       ["部门职责", "1、甲\n2、乙\n\n"], ["新增章节", "内容"]]}
    book, report = codes(tmp_path, sheets)
    se = book.self_evaluation
    assert se.blocks["部门职责"] == ["1、甲", "2、乙"]
    assert se.blocks["新增章节"] == ["内容"]
    assert se.completion_rate.quantize(Decimal("0.0001")) == Decimal("0.9882")


def test_indicator_names_with_codes_are_normalised(tmp_path):
    sheets = {"项目": [PROJ_HEAD, ["甲", "", 1]],
              "项目绩效指标": [IND_HEAD, ["甲", "2-效益", "22-社会效益", "x", "1", "1"],
                         ["甲", "满意度指标", "31-服务对象满意度", "y", "≥90%", "≥90%"]]}
    book, report = codes(tmp_path, sheets)
    first, second = book.projects[0].indicators
    assert (first.level1, first.level2, first.level2_label) == (
        "效益指标", "社会效益指标", "社会效益")
    assert second.level2 == "服务对象满意度指标"


def test_problems_in_reading_order(tmp_path):
    sheets = {"项目": [PROJ_HEAD, ["甲", "", "x"], ["乙", "", 1, "", "", "", "", 5]],
              "预算": [["基本支出", "y"]]}
    _, report = codes(tmp_path, sheets)
    order = ["部门信息", "预算", "项目"]
    ordered = [(p.severity.value, p.where) for p in report.in_reading_order(order)]
    errors = [w for s, w in ordered if s == "error"]
    assert errors == ["预算!B1", "项目!C2"]
    assert ordered.index(("error", "项目!C2")) < ordered.index(("warning", "项目!H3"))


SAMPLES = sorted(Path(__file__).parent.parent.joinpath("inputs").rglob("*.xlsx"))


@pytest.mark.parametrize("path", SAMPLES, ids=lambda p: p.name)
def test_rules_only_read_the_model(path):
    """The loader links indicators to their projects; validation twice gives the same
    problems and leaves the model as it was (it once appended the indicators again)."""
    loaded = Report(file=path.name)
    book = load_book(read_raw(path), loaded)
    assert book is not None
    if book.project_indicators:
        linked = sum(len(p.indicators) for p in book.projects or [])
        assert 0 < linked <= len(book.project_indicators)
    before = copy.deepcopy(book)
    first, second = Report(file=path.name), Report(file=path.name)
    validate(book, first)
    validate(book, second)
    assert first.problems == second.problems
    assert book == before
    assert [len(p.indicators) for p in book.projects or []] == [
        len(p.indicators) for p in before.projects or []]


def test_indicators_linked_by_the_loader(tmp_path):
    sheets = good_sheets()
    sheets["项目"] = [PROJ_HEAD, ["甲项目", "", 100], ["乙项目", "", 5]]
    sheets["项目绩效指标"] = [IND_HEAD, *full_indicators("甲项目"), *full_indicators("乙项目")[:2],
                         ["丙项目", "产出指标", "数量指标", "x", "1个", "1个"]]
    book = load_book(read_raw(write_book(tmp_path / "in.xlsx", sheets)), Report("in.xlsx"))
    assert [len(p.indicators) for p in book.projects] == [6, 2]
    assert [i.name for i in book.projects[1].indicators] == ["工作天数", "发放时间"]


NEW_COST = [["甲项目", "成本指标", "经济成本指标", "人均成本", "≤5万元", "≤5万元"]]


@pytest.mark.parametrize(("rows", "missing"), [
    # the 二级 成本指标 under 产出指标 (the classic framework)
    (full_indicators("甲项目"), []),
    # the newer framework's 一级 成本指标 (no 二级 成本指标): still has a 成本指标
    ([r for r in full_indicators("甲项目") if r[2] != "成本指标"] + NEW_COST, []),
    # neither
    ([r for r in full_indicators("甲项目") if r[2] != "成本指标"], ["成本指标"]),
    ([r for r in full_indicators("甲项目") if r[2] not in ("成本指标", "时效指标")],
     ["成本指标", "时效指标"]),
])
def test_expected_indicator_classes_come_from_the_framework(tmp_path, rows, missing):
    sheets = good_sheets()
    sheets["项目绩效指标"] = [IND_HEAD, *rows]
    _, report = codes(tmp_path, sheets)
    said = [p.message for p in report.warnings if p.code == "missing-level2"]
    assert said == ([f"项目“甲项目”缺少{'、'.join(missing)}（建议设置，以完整反映项目绩效）。"]
                    if missing else [])


@pytest.mark.parametrize(("level1", "level2", "warned"), [
    ("成本指标", "经济成本指标", True),  # the 一级 成本指标 is quantified like the 二级
    ("产出指标", "成本指标", True),
    ("产出指标", "质量指标", False),
])
def test_quantified_classes_come_from_the_framework(tmp_path, level1, level2, warned):
    sheets = good_sheets()
    sheets["项目绩效指标"].append(["甲项目", level1, level2, "控制成本", "合理", "合理"])
    _, report = codes(tmp_path, sheets)
    assert any(p.code == "qualitative-target" and "控制成本" in p.message
               for p in report.warnings) is warned


def test_framework_checks_name_its_own_classes(tmp_path):
    from xlgen.model import default_framework, load_framework

    checks = default_framework().checks
    assert checks.required_level1 == ("产出指标", "效益指标", "满意度指标")
    assert "成本指标" in checks.expected and "成本指标" in checks.quantified
    bad = tmp_path / "framework.toml"
    bad.write_text('[[level1]]\nname = "产出指标"\n[checks]\nexpected = ["成本"]\n', "utf-8")
    with pytest.raises(ValueError, match="成本"):
        load_framework(bad)


def test_an_unbalanced_budget_names_the_cells_of_both_sides(tmp_path):
    """The clerk may have mistyped either side: both are named, neither is blamed."""
    _, report = codes(tmp_path, {"预算": [*BUDGET_OK[:2], ["项目支出", 60], *BUDGET_OK[3:]]})
    assert [p.message for p in report.errors if p.code == "budget-identity"] == [
        "预算不平衡：基本支出 + 项目支出 + 财政专项资金 + 其他事业发展性支出 = 160.00 万元"
        "（B2、B3、B4、B5），而 财政拨款 + 其他资金 = 150.00 万元（B6、B7），相差 10.00 万元。"
        "两者应相等：请核对两边的数，改正填错的一边。"]


@pytest.mark.parametrize(("unit", "budget", "says"), [
    # a 元 workbook 1 元 short: the sums as typed, never 相差 0.00 万元
    ("元", {"基本支出": 1000000, "项目支出": 500000, "财政拨款": 1499999, "本级使用资金": 1200000,
           "拟用于对下转移支付资金": 300000},
     "= 1,500,000.00 元（B2、B3、B4、B5），而 财政拨款 + 其他资金 = 1,499,999.00 元（B6、B7），"
     "相差 1.00 元。"),
    ("元", {"基本支出": 1000000.5, "项目支出": 500000, "财政拨款": 1500000,
           "本级使用资金": 1200000.5, "拟用于对下转移支付资金": 300000},
     "= 1,500,000.50 元（B2、B3、B4、B5），而 财政拨款 + 其他资金 = 1,500,000.00 元（B6、B7），"
     "相差 0.50 元。"),
    ("万元", {"基本支出": 100.002, "本级使用资金": 120.002},
     "= 150.002 万元（B2、B3、B4、B5），而 财政拨款 + 其他资金 = 150.00 万元（B6、B7），"
     "相差 0.002 万元。"),
])
def test_an_unbalanced_budget_is_told_in_the_amounts_as_typed(tmp_path, unit, budget, says):
    rows = [[k, budget.get(k, v)] if isinstance(v, (int, float)) else [k, v]
            for k, v in BUDGET_OK]
    if unit == "元":  # the other figures of BUDGET_OK in 元
        rows = [[k, v * 10000 if isinstance(v, int) and k not in budget else v]
                for k, v in rows]
    sheets = {"部门信息": [["年度", 2023], ["部门名称", "测试局"], ["金额单位", unit]],
              "预算": rows}
    _, report = codes(tmp_path, sheets)
    messages = [p.message for p in report.errors if p.code == "budget-identity"]
    assert messages and says in messages[0], messages


@pytest.mark.parametrize(("period", "annual", "warned"), [
    ("≥3次", "≥10次", True),  # the year does more than the whole period
    ("≥10次", "≥10次", False),
    ("≥10次", "≥3次", False),
    ("10个", "12个", True),
    (Literal("=5台"), Literal("=6台"), True),
    ("≥10个", "≥12台", False),  # not the same count
    ("≤10天", "≤30天", False),  # a time limit: no cumulative count
    # a rate is not a cumulative count (domain.md): a year's 98% beside the period's 95% is
    # a stricter year, not a contradiction
    ("≥95%", "≥98%", False),
    ("≥95％", "≥98％", False),
    (Literal("=90%"), Literal("=100%"), False),
])
def test_annual_over_period_only_for_a_cumulative_count(tmp_path, period, annual, warned):
    _, report = codes(tmp_path, {
        "项目": [PROJ_HEAD, ["甲", "", 1]],
        "项目绩效指标": [IND_HEAD, ["甲", "产出指标", "数量指标", "x", period, annual]]})
    got = [p.where for p in report.warnings if p.code == "annual-over-period"]
    assert got == (["项目绩效指标!F2"] if warned else [])


@pytest.mark.parametrize(("dept", "cell", "says"), [
    # the 部门信息 of xlgen init with 财政供养人员数 left blank: fill it in B, or leave it
    ([["年度", 2024], ["部门名称", "某局"], ["财政供养人员数", None], ["下属二级单位数", 0],
      ["总体绩效目标", "目标"]], "B3", "没有填写：请在 B 列填写；确实没有的，可以不填。"),
    # the row is gone altogether: add it in A
    ([["年度", 2024], ["部门名称", "某局"], ["下属二级单位数", 0], ["总体绩效目标", "目标"]],
     "", "没有字段“财政供养人员数”：请在 A 列加一行“财政供养人员数”，并在 B 列填写"),
], ids=["blank", "no-label"])
def test_a_blank_field_says_what_to_do(tmp_path, dept, cell, says):
    _, report = check_workbook(write_book(tmp_path / "in.xlsx", {"部门信息": dept}))
    [blank] = [p for p in report.problems if p.code == "blank-value"]
    assert (blank.sheet, blank.cell) == ("部门信息", cell)
    assert "财政供养人员数" in blank.message and says in blank.message
