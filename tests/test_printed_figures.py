"""Every figure the four documents and the 汇总 print, rounded half-up once, at .005.

One workbook built in code whose amounts fall on the half-cent (2.675 万元, 0.005 万元, a
rate of 98.815%, a score total of 89.995), written once in 万元 and once in 元: both must
print the same figures (domain.md "Money": 元 is converted for output; totals are summed from
the exact input values and rounded once, at display; 四舍五入 2.675 → 2.68, 98.815% →
98.82%; the grade is that of the total as printed).

The arithmetic behind each expected figure is written beside it.
"""

from __future__ import annotations

from decimal import Decimal as D
from pathlib import Path
from typing import Any

import docx
import pytest
from workbooks import problem_codes, write_book

from xlgen.api import build_workbook, check_workbook, find_templates, summarise, write_summary
from xlgen.money import from_float
from xlgen.rules.figures import build as report_figures
from xlgen.workbook import find_workbooks, read_raw

PROJ = ["项目名称", "资金使用单位", "财政拨款", "财政专户拨款", "其他资金", "绩效目标", "预算调整",
        "实际支出"]
IND = ["项目名称", "一级指标", "二级指标", "三级指标", "实施周期指标值", "年度指标值",
       "实际完成值", "分值", "得分", "偏差原因"]
LEVELS = {"a": ("产出指标", "数量指标"), "b": ("产出指标", "时效指标"),
          "c": ("效益指标", "社会效益指标"), "d": ("满意度指标", "服务对象满意度指标")}
DIND = ["一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值", "得分"]


def sheets(unit: str, level: str = "区") -> dict[str, list[list[Any]]]:
    """The workbook, amounts given in 万元 and written in ``unit``; ``level`` 市 picks the
    市级 template set (the city's 项目支出绩效目标表)."""
    def m(wan: str) -> float | int:
        return int(D(wan) * 10000) if unit == "元" else float(D(wan))

    return {
        "部门信息": [["年度", 2023], ["部门名称", "测试局"], ["金额单位", unit],
                 ["预算级次", level], ["财政供养人员数", 3], ["下属二级单位数", 0],
                 ["总体绩效目标", "目标"]],
        "预算": [["基本支出", m("2.675")], ["项目支出", m("100")], ["财政专项资金", 0],
               ["其他事业发展性支出", 0], ["财政拨款", m("102.675")], ["其他资金", 0],
               ["本级使用资金", m("102.675")], ["拟用于对下转移支付资金", 0]],
        "重点任务": [["任务名称", "拟投入资金"], ["任务甲", m("2.675")], ["任务乙", m("0.005")]],
        "项目": [PROJ,
               ["甲项目", "", m("100.005"), "", "", "目标", -m("0.005"), m("98.815")],
               ["乙项目", "", m("0.005"), "", m("2.67"), "目标", "", 0]],
        "项目绩效指标": [IND, *(
            [project, *LEVELS[name], name, "", target, actual, weight, "", reason]
            for project, name, target, actual, weight, reason in (
                ("甲项目", "a", "≥3个", "2个", 15, "原因"),
                ("甲项目", "b", "≤10天", "11天", 35, "原因"),
                ("甲项目", "c", "≥95%", "94.99%", 30, "原因"),
                ("甲项目", "d", "≥90%", "91%", 10, ""),
                ("乙项目", "a", "≥3个", "3个", 50, ""),
                ("乙项目", "c", "≥95%", "96%", 30, ""),
                ("乙项目", "d", "≥90%", "91%", 10, "")))],
        "部门绩效指标": [DIND,
                   ["产出指标", "数量指标", "x", "≥3个", "3个", 20, 19.995],
                   ["效益指标", "社会效益指标", "y", "≥1", "1", 20, 20],
                   ["满意度指标", "服务对象满意度指标", "z", "≥90%", "90%", 10, 10]],
        "管理效率指标": [["二级指标", "三级指标", "分值", "得分"], ["预算编制", "m", 50, 40]],
        "自评报告": [["年初预算数", m("100")], ["全年预算数", m("100")],
                 ["全年执行数", m("98.815")],
                 *([label, "文字"] for label in ("部门职责", "机构设置", "年度总体工作",
                                              "绩效管理情况", "主要工作成效", "存在的主要问题",
                                              "下一步改进措施"))],
    }


@pytest.fixture(scope="module", params=[("万元", "区"), ("元", "区"), ("元", "市")],
                ids=["万元", "元", "元-市级"])
def built(request, tmp_path_factory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("in")
    source = write_book(folder / "测试局.xlsx", sheets(*request.param))
    result = build_workbook(source, folder / "out", find_templates(None, [source]))
    assert result.report.errors == [], problem_codes(result.report)
    written = {p.stem.removeprefix("2023年测试局"): p for p in result.written}
    summary = folder / "汇总.xlsx"
    write_summary(summarise(find_workbooks([folder])[0]), summary)
    return {**written, "汇总": summary}


def numbers_after(path: Path, label: str, sheet: str | None = None) -> list[D]:
    """The numbers of the first row holding a cell ``label``, after that cell, as stored
    (Excel stores the float of the rounded figure: read to 15 digits, as Excel shows it)."""
    for name, grid in read_raw(path).sheets.items():
        if sheet is not None and name != sheet:
            continue
        for row in grid.rows:
            cells = list(row)
            if label in cells:
                rest = cells[cells.index(label) + 1:]
                return [from_float(v) if isinstance(v, float) else D(v) for v in rest
                        if isinstance(v, int | float) and not isinstance(v, bool)]
    raise AssertionError(f"no row {label!r} in {path.name}")


# (document, sheet, row label, the numbers it prints after the label)
CELLS = [
    # 申报表: 2.675 → 2.68; 102.675 → 102.68; 0.005 → 0.01
    ("部门整体预算绩效目标申报表", None, "基本支出", ["2.68", "102.68"]),
    ("部门整体预算绩效目标申报表", None, "财政专项资金", ["0", "102.68"]),
    ("部门整体预算绩效目标申报表", None, "任务甲", ["2.68"]),
    ("部门整体预算绩效目标申报表", None, "任务乙", ["0.01"]),
    # 目标表: 合计 总计 100.005 + 2.675 = 102.68 (not 100.01 + 2.68 = 102.69 of the parts as
    # printed); 财政拨款 100.005 + 0.005 = 100.01; 乙项目 0.005 + 2.67 = 2.675 → 2.68
    ("项目支出绩效目标表", None, "合计", ["102.68", "100.01", "2.67"]),
    ("项目支出绩效目标表", None, "甲项目", ["100.01", "100.01"]),
    ("项目支出绩效目标表", None, "乙项目", ["2.68", "0.01", "2.67"]),
    # 自评表 甲项目: 年初 100.005 → 100.01, 全年 100.005 − 0.005 = 100, 执行 98.815 → 98.82,
    # 分值 10, 执行率 98.815% kept to the format's 4 places of the fraction: 0.9882 (98.82%),
    # 得分 0.98815 × 10 = 9.8815 → 9.88
    ("项目支出绩效自评表", "1.甲项目", "年度资金总额",
     ["100.01", "100", "98.82", "10", "0.9882", "9.88"]),
    # 时效 ≤10天 met in 11 天: 10/11 × 35 = 31.8181… → 31.82; 效益 94.99/95 × 30 = 29.9968… →
    # 30.00 (printed beside its 分值 30)
    ("项目支出绩效自评表", "1.甲项目", "b", ["35", "31.82"]),
    ("项目支出绩效自评表", "1.甲项目", "c", ["30", "30"]),
    # 总分 9.8815 + 10 + 31.8181… + 29.9968… + 10 = 91.6965… → 91.70 (the parts as printed
    # add up to 9.88 + 10 + 31.82 + 30 + 10 = 91.70 too)
    ("项目支出绩效自评表", "1.甲项目", "总分", ["100", "91.7"]),
    # 乙项目: nothing spent of 2.675: 执行率 0, 得分 0, 总分 0 + 50 + 30 + 10 = 90 → 优
    ("项目支出绩效自评表", "2.乙项目", "年度资金总额", ["2.68", "2.68", "0", "10", "0", "0"]),
    ("项目支出绩效自评表", "2.乙项目", "总分", ["100", "90"]),
    # 自评表's 项目汇总: 全年预算数, 全年执行数, 执行率, the parts' 得分 (产出 10 + 31.8181… =
    # 41.8181… → 41.82), 总分
    ("项目支出绩效自评表", "项目汇总", "甲项目",
     ["100", "98.82", "0.9882", "9.88", "41.82", "30", "10", "91.7"]),
    ("项目支出绩效自评表", "项目汇总", "乙项目", ["2.68", "0", "0", "0", "50", "30", "10", "90"]),
    # 汇总: 财政拨款 102.675 → 102.68, 项目资金合计 102.68, 自评得分 89.995 → 90
    ("汇总", "汇总", "测试局", ["2023", "102.68", "0", "2", "102.68", "3", "7"]),
]


@pytest.mark.parametrize(("document", "sheet", "label", "expected"), CELLS,
                         ids=[f"{d}-{s or ''}-{lab}" for d, s, lab, _ in CELLS])
def test_excel_cells(built, document, sheet, label, expected):
    got = numbers_after(built[document], label, sheet)
    assert got[:len(expected)] == [D(e) for e in expected]


def test_grades_as_printed(built):
    """The 自评表's grade follows its 总分 as printed; the 汇总's the report's 89.995 → 90 → 优."""
    texts = {v for g in read_raw(built["项目支出绩效自评表"]).sheets.values() for r in g.rows
             for v in r if isinstance(v, str) and v.startswith("自评等级：")}
    assert texts == {"自评等级：优"}
    summary = read_raw(built["汇总"]).sheets["汇总"]
    row = next(list(r) for r in summary.rows if "测试局" in r)
    assert row[row.index(90) + 1] == "优"


REPORT = [
    # 年初 100, 执行 98.815 → 98.82, 完成率 98.815% → 98.82%
    "测试局2023年年初预算数100.00万元，全年执行数98.82万元，完成预算的98.82%。",
    # 19.995 + 20 + 10 + 40 = 89.995 → 90 分 and 优, never 良 beside 90
    "自评结果为“优”，自评得分为90分。",
    "（1）部门整体绩效目标产出指标完成情况：共设数量指标1个，总分20分，得分20分。",
    # 甲项目: 年初 100.005 → 100.01; 调减 0.005 → 0.01; 调整后 100.005 − 0.005 = 100.00 (not
    # 100.01 − 0.01 of the printed parts, which happens to agree); 98.815 / 100 → 98.82%
    "一是甲项目，年初预算100.01万元，年中调减预算0.01万元，调整后预算100.00万元，"
    "2023年实际支出98.82万元，预算执行率98.82%；",
    # 乙项目: 0.005 + 2.67 = 2.675 → 2.68; nothing spent: 0.00 and 0.00%
    "二是乙项目，年初预算2.68万元，2023年实际支出0.00万元，预算执行率0.00%。",
]


@pytest.mark.parametrize("sentence", REPORT)
def test_report_text(built, sentence):
    text = "\n".join(p.text for p in docx.Document(built["部门整体支出绩效自评报告"]).paragraphs)
    assert sentence in text


def test_a_reason_is_asked_where_the_page_shows_points_lost(tmp_path):
    """selfeval-no-reason follows the figures as printed: 31.82 of 35 lost points (b), 30.00
    of 30 (c: 94.99/95 × 30 = 29.9968…) did not, on the page; never “得分 30.00 低于分值
    30.00”. Likewise the report's 扣分指标: 19.995 of 20 prints 20 of 20."""
    data = sheets("万元")
    head, *rows = data["项目绩效指标"]
    data["项目绩效指标"] = [head, *(row[:-1] + [""] for row in rows)]
    data["管理效率指标"] += [["预算执行", "n", 2, 1.999]]
    book, report = check_workbook(write_book(tmp_path / "in.xlsx", data))
    asked = [p.where for p in report.warnings if p.code == "selfeval-no-reason"]
    assert asked == ["项目绩效指标!J2", "项目绩效指标!J3"]  # a: 10 of 15, b: 31.82 of 35
    assert report_figures(book)["management"].lost == ("预算编制里的m",)


def test_a_rate_over_100_percent_prints_whole_and_scores_capped(tmp_path):
    """实际支出 110.0055 of 100: 执行率 1.100055 → 110.01% (a warning, over-spent), printed
    as it is; the 预算执行率 score min(110.0055%, 100%) × 10 = 10."""
    data = sheets("万元")
    data["项目"][1][7] = 110.0055
    source = write_book(tmp_path / "测试局.xlsx", data)
    result = build_workbook(source, tmp_path / "out", find_templates(None, [source]))
    assert [p.code for p in result.report.warnings if p.code == "over-spent"] == ["over-spent"]
    written = {p.stem.removeprefix("2023年测试局"): p for p in result.written}
    form = written["项目支出绩效自评表"]
    assert numbers_after(form, "年度资金总额", "1.甲项目") == [
        D("100.01"), D(100), D("110.01"), D(10), D("1.1001"), D(10)]
    # 10 + 41.8181… + 29.9968… + 10 = 91.8150… → 91.82
    assert numbers_after(form, "总分", "1.甲项目") == [D(100), D("91.82")]
    text = "\n".join(p.text for p in docx.Document(written["部门整体支出绩效自评报告"]).paragraphs)
    assert "2023年实际支出110.01万元，预算执行率110.01%；" in text
