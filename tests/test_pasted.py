"""Text pasted from a web page, WeChat, a PDF or a Word report: characters no one sees.

A zero-width space (U+200B), a joiner (U+200D), a byte order mark (U+FEFF), a word joiner
(U+2060) or a soft hyphen (U+00AD) shows as nothing in Excel or WPS. They are dropped as a
cell is read: an amount with one is the number it shows, a name with one is the name it
shows (a project, a header, an 一级/二级 name), and none reaches a document.
"""

from __future__ import annotations

import html
import zipfile
from decimal import Decimal
from pathlib import Path

import pytest
from click.testing import CliRunner
from test_cli import FULL_DEPT
from test_validate import BUDGET_OK, IND_HEAD, PROJ_HEAD, full_indicators
from workbooks import problem_codes, write_book

from xlgen.api import check_workbook
from xlgen.cli import main
from xlgen.invisible import INVISIBLE_RE, visible
from xlgen.shown import shown
from xlgen.workbook.cells import to_rate, to_score, to_text

ROOT = Path(__file__).resolve().parent.parent
P_HEAD = ["项目名称", "资金使用单位", "财政拨款"]
UNSEEN = ["\u200b", "\u200c", "\u200d", "\ufeff", "\u2060", "\u00ad", "\u200e", "\u202a"]


@pytest.mark.parametrize("mark", UNSEEN)
def test_unseen_characters_are_dropped_from_text_and_quotes(mark: str) -> None:
    assert visible(f"{mark}项目{mark}A{mark}") == "项目A"
    assert to_text(f"{mark} 绩效目标{mark}\n{mark}第二段 ") == "绩效目标\n第二段"
    assert shown(f"约60{mark}") == "约60"  # a message quotes what the clerk can search for


@pytest.mark.parametrize("text", [
    "第一段\u2028第二段", "第一段\u2029第二段", "第一段\r\n第二段", "第一段\r第二段",
    " 第一段\u2028\u2028 第二段\u2029", "第一段_x000B_第二段", "第一段 _x000B_\n第二段_x000B_",
])
def test_a_pasted_line_or_paragraph_separator_is_a_line_break(tmp_path: Path, text: str) -> None:
    """U+2028/U+2029 from a web page or a PDF, a vertical tab from Word (its manual line
    break, Shift+Enter): a new paragraph, as Alt+Enter is, not a "control character"."""
    assert to_text(text.replace("_x000B_", "\v")) == "第一段\n第二段"
    book, report = check_workbook(write_book(tmp_path / "测试局.xlsx", {
        "项目": [[*P_HEAD, "绩效目标"], ["甲", "", 1, text]],
        "自评报告": [["字段", "值"], ["部门职责", text]]}))
    assert book is not None and book.projects is not None and book.self_evaluation is not None
    assert book.projects[0].goal == "第一段\n第二段"
    assert book.self_evaluation.blocks["部门职责"] == ["第一段", "第二段"]
    assert "control-char" not in {p.code for p in report.problems}


@pytest.mark.parametrize("text", ["项目A", "产出指标", "≥95%", "1,234.50", "a b\nc", "\xa0"])
def test_visible_text_is_kept_as_it_is(text: str) -> None:
    assert visible(text) == text and not INVISIBLE_RE.search(text)


@pytest.mark.parametrize(("read", "value", "expected"), [
    (to_rate, "95%\u200b", Decimal("0.95")), (to_rate, "\ufeff９５％", Decimal("0.95")),
    (to_rate, "0.95\u2060", Decimal("0.95")), (to_score, "9.5\u200b", Decimal("9.5")),
])
def test_rates_and_scores_with_an_unseen_character(read, value, expected) -> None:
    assert read(value) == expected


def _book(path: Path, mark: str) -> Path:
    """A complete workbook whose names, headers, levels and amounts carry ``mark``."""
    indicators = full_indicators("甲项目")
    indicators[0] = ["甲项目" + mark, f"产出{mark}指标", "数量指标" + mark, "工作天数" + mark,
                     "22天", "22天" + mark]
    indicators[1][0] = mark + "甲项目 "
    return write_book(path, {
        "部门信息": FULL_DEPT,
        "预算": [*BUDGET_OK[:2], ["项目支出", f"5{mark}0"], *BUDGET_OK[3:]],
        "项目": [[*PROJ_HEAD[:5], PROJ_HEAD[5] + mark],
                 ["甲项目" + mark, "", f"\ufeff1,234.50{mark}", "", "", f"保障{mark}运行。"],
                 [mark, mark, "", mark]],  # looks blank: skipped, not "项目名称不能为空"
        "项目绩效指标": [IND_HEAD, *indicators]})


@pytest.mark.parametrize("mark", UNSEEN)
def test_a_pasted_workbook_reads_as_it_shows(tmp_path: Path, mark: str) -> None:
    book, report = check_workbook(_book(tmp_path / "测试局.xlsx", mark))
    assert [p for p in report.problems if p.severity.value == "error"] == [], problem_codes(report)
    assert book is not None and book.projects is not None and book.budget is not None
    [project] = book.projects
    assert project.name == "甲项目" and project.goal == "保障运行。"
    assert project.fiscal == Decimal("1234.50")
    assert book.budget.project == Decimal(50)
    assert len(project.indicators) == 6  # each row joined its project
    first = project.indicators[0]
    assert (first.level1, first.level2, first.name) == ("产出指标", "数量指标", "工作天数")


def test_no_unseen_character_reaches_a_document(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("XLGEN_TEMPLATES", str(ROOT / "templates"))
    src = _book(tmp_path / "测试局.xlsx", "\u200b")
    result = CliRunner().invoke(main, ["build", str(src), "--out", str(tmp_path / "out")])
    assert result.exit_code == 0, result.output
    documents = sorted((tmp_path / "out").rglob("*.*x"))
    assert len(documents) == 2  # the 申报表 and 目标表 (no self-evaluation in this workbook)
    for document in documents:
        with zipfile.ZipFile(document) as z:
            for part in z.namelist():
                text = html.unescape(z.read(part).decode("utf-8", "replace"))
                assert not INVISIBLE_RE.search(text), (document.name, part)
                if part.endswith("sheet1.xml") and "目标表" in document.name:
                    assert "保障运行。" in text and "甲项目" in text


@pytest.mark.parametrize(("first", "second", "says"), [
    (["甲项目", "", 1], ["甲 项目", "", 2], "资金使用单位“测试局”下"),
    (["甲项目（一期）", "", 1], ["甲项目(一期)", "", 2], "资金使用单位“测试局”下"),
    (["甲项目", "", 1], ["甲\xa0项目", "", 2], "资金使用单位“测试局”下"),
    (["ＡＢ系统运维", "一中心", 1], ["AB系统运维", "一 中心", 2], "“一 中心”与“一中心”也"),
    (["“一网通办”平台", "", 1], ['"一网通办"平台', "", 2], "资金使用单位“测试局”下"),
])
def test_a_project_pasted_twice_with_other_spaces_is_a_duplicate(
        tmp_path: Path, first: list, second: list, says: str) -> None:
    """The documents would print it twice, as two projects, each with half the indicators."""
    _, report = check_workbook(write_book(tmp_path / "测试局.xlsx",
                                          {"项目": [P_HEAD, first, second]}))
    [problem] = [p for p in report.problems if p.code == "duplicate-project"]
    assert problem.where == "项目!A3"
    assert "只差空格、引号或全角/半角字符" in problem.message and says in problem.message


@pytest.mark.parametrize(("project", "named", "hint"), [
    ("“一网通办”平台运维", '"一网通办"平台运维', "（两者只差空格、引号或全角/半角字符）"),
    ("数字政府(一期)", "数字政府（一期）", "（两者只差空格、引号或全角/半角字符）"),
    ("数字政府一期", "数字政府 一期", "（两者只差空格、引号或全角/半角字符）"),
    ("12345热线", "１２３４５热线", "（两者只差空格、引号或全角/半角字符）"),
    ("数字政府项目", "数字政府项目二", "是否应为“数字政府项目”？"),
])
def test_an_indicator_naming_its_project_another_way_is_pointed_at_it(
        tmp_path: Path, project: str, named: str, hint: str) -> None:
    _, report = check_workbook(write_book(tmp_path / "测试局.xlsx", {
        "项目": [P_HEAD, [project, "", 1]],
        "项目绩效指标": [IND_HEAD, [named, "产出指标", "数量指标", "x", "1", "1"]]}))
    [message] = [p.message for p in report.problems if p.code == "unknown-project"]
    assert f"是否应为“{project}”？" in message and hint in message


@pytest.mark.parametrize(("named", "quoted"), [
    ("甲项目\n二期", "没有名为“甲项目”“二期”的项目（名称中有换行）。是否应为“甲项目二期”？"),
    ("乙乙乙\n系统", "没有名为“乙乙乙”“系统”的项目（名称中有换行）。请先在“项目”表中添加该项目。"),
])
def test_an_unknown_project_with_a_line_break_is_quoted_on_one_line(
        tmp_path: Path, named: str, quoted: str) -> None:
    """Alt+Enter in the name: the message shows where the break is, as name-line-break
    does, and stays one line of the terminal."""
    _, report = check_workbook(write_book(tmp_path / "测试局.xlsx", {
        "项目": [P_HEAD, ["甲项目二期", "", 1]],
        "项目绩效指标": [IND_HEAD, [named, "产出指标", "数量指标", "x", "1", "1"]]}))
    [message] = [p.message for p in report.problems if p.code == "unknown-project"]
    assert quoted in message and "\n" not in message


@pytest.mark.parametrize(("first", "second"), [
    (["甲项目", "", 1], ["乙项目", "", 2]),
    (["甲项目", "一中心", 1], ["甲 项目", "二中心", 2]),  # another unit's project
    (["甲项目（一期）", "", 1], ["甲项目（二期）", "", 2]),
])
def test_projects_that_differ_by_more_than_spaces_are_two(tmp_path: Path, first: list,
                                                          second: list) -> None:
    _, report = check_workbook(write_book(tmp_path / "测试局.xlsx",
                                          {"项目": [P_HEAD, first, second]}))
    assert "duplicate-project" not in {p.code for p in report.problems}


@pytest.mark.parametrize(("value", "number_format", "error"), [
    (0.95, "0%", "“95%”"), (0.9548, "0.00%", "“95.48%”"),  # 95% typed: Excel keeps 0.95
    ("95%", "General", "“95%”"), ("９５％", "@", "“９５％”"),  # typed as text
    (296.4, "0.00", None), (1080.0, '"¥"#,##0.00', None), (500.0, "0.00E+00", None),
    (13488.0, '#,##0.00"万元"', None),  # a number shown with its unit is still the number
])
def test_an_amount_shown_as_a_percent_is_refused_not_read_as_a_fraction(
        tmp_path: Path, value: object, number_format: str, error: str | None) -> None:
    """95% typed into 实际支出 was read as 0.95 万元, without a word."""
    import openpyxl

    path = write_book(tmp_path / "测试局.xlsx",
                      {"项目": [[*P_HEAD, "实际支出"], ["甲", "", 20000, value]]})
    wb = openpyxl.load_workbook(path)
    wb["项目"]["D2"].number_format = number_format
    wb.save(path)
    book, report = check_workbook(path)
    found = [p.message for p in report.problems if p.where == "项目!D2"]
    if error is None:
        assert found == [] and book is not None and book.projects is not None
        assert book.projects[0].spent == Decimal(str(value))
    else:
        [message] = found
        assert f"却是{error}" in message and "金额不能是百分比" in message
        assert "改为“常规”或“数值”" in message


@pytest.mark.parametrize(("names", "says"), [
    (["大厅运行成本", "大厅运行成本"], "重复了 2 次。"),
    (["大厅运行成本", "大厅 运行成本"], "重复了 2 次（写法只差空格"),
    (["大厅运行成本", "大厅运行成本。"], "“大厅运行成本”、“大厅运行成本。”"),
    (["ＵＰＳ改造数", "UPS改造数", "UPS 改造数；"], "重复了 3 次（"),
    (["大厅运行成本", "大厅运行天数"], None), (["办件量（一期）", "办件量（二期）"], None),
])
def test_an_indicator_pasted_twice_with_other_spaces_is_a_duplicate(
        tmp_path: Path, names: list[str], says: str | None) -> None:
    rows = [["甲", "产出指标", "数量指标", name, "1", "1"] for name in names]
    _, report = check_workbook(write_book(tmp_path / "测试局.xlsx", {
        "项目": [P_HEAD, ["甲", "", 1]], "项目绩效指标": [IND_HEAD, *rows]}))
    found = [p for p in report.problems if p.code == "duplicate-indicator"]
    if says is None:
        assert found == []
    else:
        [problem] = found
        assert problem.where == "项目绩效指标!D2" and says in problem.message


def test_a_name_with_a_line_break_is_kept_and_warned_at_its_cell(tmp_path: Path) -> None:
    """A name is not a paragraph: ``甲项目⏎二期`` pasted from Word would not match
    ``甲项目二期`` typed elsewhere, prints on two lines and makes a folder ``测试_局``. It is kept
    as typed (the spec keeps line breaks) and each name is warned once, at its first cell."""
    dept = [["字段", "值"], ["年度", 2023], ["部门名称", "测试\n局"]]
    indicators = full_indicators("甲项目\n二期")
    book, report = check_workbook(write_book(tmp_path / "测试局.xlsx", {
        "部门信息": dept, "预算": BUDGET_OK,
        "项目": [PROJ_HEAD, ["甲项目\n二期", "", 100, "", "", "保障\n运行。"],
                 ["乙项目", "", 1, "", "", "目标"]],
        "项目绩效指标": [IND_HEAD, *indicators,
                   ["乙项目", "产出指标", "数量指标", "件\n数", "5件"]],
        "管理效率指标": [["二级指标", "三级指标", "分值"], ["预算\n执行", "预算完成率", 10]]}))
    assert book is not None and book.projects is not None
    assert book.projects[0].name == "甲项目\n二期" and book.projects[0].indicators
    warned = {p.where: p.message for p in report.problems if p.code == "name-line-break"}
    assert sorted(warned) == ["管理效率指标!A2", "部门信息!B3", "项目!A2", "项目绩效指标!A2",
                              "项目绩效指标!D8"]  # not 项目!B2 (a blank 单位: the department's)
    assert "分成了 2 行（“甲项目”“二期”）" in warned["项目!A2"]
    assert "把光标放到“甲项目”之后，按 Delete 键删去换行" in warned["项目!A2"]
    assert f"本表共有 {len(indicators)} 行这样写" in warned["项目绩效指标!A2"]
    assert "输出文件夹" in warned["部门信息!B3"]
