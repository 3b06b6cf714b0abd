"""What a clerk filling in a new input workbook (``xlgen init``, blank or ``--from``) reads in
it: the hints name the workbook's own amount unit and what a blank cell means."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner
from openpyxl.worksheet.worksheet import Worksheet
from workbooks import write_book

from xlgen.api import check_workbook
from xlgen.cli.commands import main
from xlgen.workbook.blank import write_input_workbook


def prompt_of(ws: Worksheet, header: str) -> str:
    """The input message of the table column headed ``header``."""
    col = next(c.column_letter for c in ws[1] if c.value == header)
    found = [dv for dv in ws.data_validations.dataValidation if f"{col}2" in dv.sqref]
    assert len(found) == 1, (ws.title, header)
    return str(found[0].prompt)


def hint_of(ws: Worksheet, label: str) -> str:
    """Column C of the form row labelled ``label``."""
    return next(str(row[2]) for row in ws.iter_rows(values_only=True) if row[0] == label)


def instructions(wb: openpyxl.Workbook) -> str:
    return "\n".join(str(c.value) for row in wb["说明"].iter_rows() for c in row if c.value)


@pytest.mark.parametrize(("unit", "shown", "not_shown"), [
    (None, "金额（万元）", "金额（元）"),
    ("万元", "金额（万元）", "金额（元）"),
    ("元", "金额（元）", "金额（万元）"),
    (" 元 ", "金额（元）", "金额（万元）"),  # as typed, with spaces: the reader trims it
    ("美元", "金额（万元）", "金额（元）"),  # not a choice: validate reports it; hints unchanged
])
def test_amount_hints_name_the_unit_the_workbook_is_written_in(
        tmp_path: Path, unit: str | None, shown: str, not_shown: str) -> None:
    # A workbook carried from one kept in 元 said “金额（万元）” beside every amount: a clerk
    # following the hint typed 万元 figures into a workbook the reader takes as 元.
    data = {"部门信息": {"金额单位": unit}} if unit is not None else None
    path = tmp_path / "in.xlsx"
    write_input_workbook(path, year=2024, dept="测试局", data=data)
    wb = openpyxl.load_workbook(path)
    for hint in (hint_of(wb["预算"], "基本支出"), hint_of(wb["自评报告"], "全年执行数"),
                 prompt_of(wb["项目"], "财政拨款"), prompt_of(wb["重点任务"], "拟投入资金"),
                 instructions(wb)):
        assert shown in hint and not_shown not in hint, hint


def test_init_from_a_workbook_in_yuan_says_yuan(tmp_path: Path) -> None:
    (tmp_path / "2023").mkdir()
    source = write_book(tmp_path / "2023" / "测试局.xlsx", {
        "部门信息": [["字段", "值"], ["年度", 2023], ["部门名称", "测试局"], ["金额单位", "元"]],
        "项目": [["项目名称", "财政拨款"], ["甲", 3_000_000]]})
    out = tmp_path / "2024" / "测试局.xlsx"
    result = CliRunner().invoke(main, ["init", "--from", str(source), str(out)],
                                catch_exceptions=False)
    assert result.exit_code == 0, result.output
    wb = openpyxl.load_workbook(out)
    assert prompt_of(wb["项目"], "财政拨款").startswith("可不填。金额（元）。")
    assert hint_of(wb["预算"], "基本支出") == "金额（元）。"
    said = instructions(wb)
    assert "“金额单位”填的是“元”：所有金额都按“元”填写" in said
    assert "金额的单位是“万元”" not in said


@pytest.mark.parametrize(("sheet", "header", "said"), [
    ("项目", "资金使用单位", "不填即为“部门信息”的部门名称"),
    ("项目", "资金使用单位", "写法不同（多一字、少一字）就成了另一个单位"),
    ("项目", "项目名称", "同一资金使用单位的项目名称不能重复"),
    ("项目绩效指标", "项目名称", "与“项目”表中的项目名称一字不差"),
])
def test_project_columns_say_what_a_blank_or_a_new_spelling_means(
        tmp_path: Path, sheet: str, header: str, said: str) -> None:
    # The tooltip of 资金使用单位 said only “可不填。文字。”: a clerk did not know a blank is
    # the department itself, and typed the department's name with a character missing,
    # which silently made a second unit.
    path = tmp_path / "in.xlsx"
    write_input_workbook(path, year=2024, dept="测试局")
    wb = openpyxl.load_workbook(path)
    assert said in prompt_of(wb[sheet], header)
    assert said in instructions(wb)


def test_a_project_typed_twice_in_one_unit_is_not_said_to_be_in_two_units(
        tmp_path: Path) -> None:
    # A clerk copied a 项目 row to start the next one and forgot to rename it: validate said
    # the duplicate (right), and also “有 2 个资金使用单位都有项目“热线运营”” at every
    # indicator of it, naming one unit: there is only one.
    path = write_book(tmp_path / "in.xlsx", {
        "项目": [["项目名称", "资金使用单位", "财政拨款"], ["热线运营", "中心", 800],
                 ["热线运营", "中心", 100]],
        "项目绩效指标": [["项目名称", "一级指标", "二级指标", "三级指标", "年度指标值"],
                         ["热线运营", "产出指标", "数量指标", "接通量", "≥1万次"]]})
    _, report = check_workbook(path)
    assert [(p.code, p.where) for p in report.errors] == [("duplicate-project", "项目!A3")]
    assert "ambiguous-project" not in {p.code for p in report.warnings}


DEPT = "广州市花都区政务服务和数据管理局"


@pytest.mark.parametrize(("units", "warned"), [
    (["", ""], None),  # blank: the department itself
    ([DEPT, ""], None),  # typed in full
    (["广州市花都区政务服务和数据管理", ""], "项目!B2"),  # 局 left off
    (["", "广州市花都区政务服务和数据管理局局"], "项目!B3"),  # one too many
    (["广州市花都区政务服务和数据管理局（机关）", ""], None),  # more to it: another unit
    (["广州市花都区政务服务与数据管理局", ""], "项目!B2"),  # one changed
    (["广州市花都区政务服务和数据管理局\u3000", ""], None),  # trimmed: the department
    (["广州市花都区政务服务管理局", ""], None),  # three left off: another unit
    (["广州市花都区政务服务中心", "广州市花都区政务服务中心"], None),  # a sub-unit
    (["广州市花都区政务服务和数据管理", "广州市花都区政务服务和数据管理"], "项目!B2"),  # once
])
def test_a_unit_spelled_nearly_as_the_department_is_warned_of(
        tmp_path: Path, units: list[str], warned: str | None) -> None:
    # A clerk typed the department's name into 资金使用单位 with 局 left off: validate said
    # nothing, and the 目标表 printed that project under a unit of its own.
    path = write_book(tmp_path / "in.xlsx", {
        "部门信息": [["字段", "值"], ["年度", 2024], ["部门名称", DEPT]],
        "项目": [["项目名称", "资金使用单位", "财政拨款"], ["甲", units[0], 1],
                 ["乙", units[1], 2]]})
    _, report = check_workbook(path)
    found = [p for p in report.warnings if p.code == "unit-near-department"]
    assert [p.where for p in found] == ([warned] if warned else [])
    if warned:
        assert "请把资金使用单位留空" in found[0].message


@pytest.mark.parametrize(("sheet", "frozen"), [
    ("项目", "B2"), ("项目绩效指标", "B2"),  # 项目名称 first: kept in sight
    ("重点任务", "A2"), ("部门绩效指标", "A2"), ("管理效率指标", "A2"), ("部门信息", "A2"),
])
def test_the_project_name_stays_in_sight_when_scrolling_right(
        tmp_path: Path, sheet: str, frozen: str) -> None:
    # 项目 has 23 columns: a clerk scrolling right to 实际支出 (column H) at year end lost the
    # 项目名称 column, and with it which project the row was.
    path = tmp_path / "in.xlsx"
    write_input_workbook(path, year=2024, dept="测试局")
    assert openpyxl.load_workbook(path)[sheet].freeze_panes == frozen


def test_a_carried_sheet_whose_first_column_is_not_the_name_freezes_only_the_header(
        tmp_path: Path) -> None:
    path = tmp_path / "in.xlsx"
    write_input_workbook(path, year=2024, dept="测试局", data={
        "项目": {"columns": ["财政拨款", "项目名称"], "rows": [[1, "甲"]]}})
    assert openpyxl.load_workbook(path)["项目"].freeze_panes == "A2"


def test_the_instructions_say_not_to_delete_them(tmp_path: Path) -> None:
    # 说明 said only that it is “不读取”: a clerk tidying up deleted it, and the 一级指标 and
    # 二级指标 dropdowns, whose lists are its framework tables, broke in every sheet.
    path = tmp_path / "in.xlsx"
    write_input_workbook(path, year=2024, dept="测试局")
    wb = openpyxl.load_workbook(path)
    assert "'说明'!" in wb.defined_names["xlgen_level1"].attr_text
    assert "请不要删除或改动它：一级指标、二级指标的下拉列表取自它" in instructions(wb)


def error_of(ws: Worksheet, cell: str) -> str:
    found = [dv for dv in ws.data_validations.dataValidation if cell in dv.sqref]
    assert len(found) == 1 and found[0].errorStyle == "warning", (ws.title, cell)
    return str(found[0].error)


@pytest.mark.parametrize(("sheet", "cell", "said", "not_said"), [
    ("部门信息", "B4", "“预算级次”只能填写省、市、区、县、镇之一（不填按“区”）", "点“是”保留"),
    ("部门信息", "B5", "只能填写万元、元之一", "点“是”保留"),
    ("重点任务", "A2", "只能填写重点任务、其他任务之一", "点“是”保留"),
    ("项目绩效指标", "A2", "“项目”表中没有这个项目名称：两处必须一字不差", "点“是”保留"),
    ("项目绩效指标", "B2", "不带“指标”二字的写法程序也能识别，点“是”保留", "报错"),
    ("部门绩效指标", "B2", "不带“指标”二字的写法程序也能识别，点“是”保留", "报错"),
])
def test_a_value_off_the_dropdown_is_answered_for_its_column(
        tmp_path: Path, sheet: str, cell: str, said: str, not_said: str) -> None:
    # Every dropdown said “带编号（如 11-数量指标）… 程序也能识别，点“是”保留”: typing a
    # project name not in 项目, or 区级 for 预算级次, a clerk was told to keep it, and then
    # validate refused it (unknown-project, bad-choice).
    path = tmp_path / "in.xlsx"
    write_input_workbook(path, year=2024, dept="测试局")
    message = error_of(openpyxl.load_workbook(path)[sheet], cell)
    assert said in message and not_said not in message


@pytest.mark.libreoffice
def test_the_project_dropdown_lists_a_project_below_a_blank_row(tmp_path: Path) -> None:
    # The 项目名称 dropdown of 项目绩效指标 took as many rows of 项目 as COUNTA counted names:
    # with a blank row between two groups of projects (blank rows are allowed), the last
    # project was missing from the list. The list's formula is evaluated by LibreOffice here.
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        pytest.skip("LibreOffice (soffice) is not installed")
    path = tmp_path / "in.xlsx"
    write_input_workbook(path, year=2024, dept="测试局", data={"项目": [
        {"项目名称": "甲"}, {"项目名称": "乙"}, {}, {"项目名称": "丙"}]})
    wb = openpyxl.load_workbook(path)
    source = str(next(dv for dv in wb["项目绩效指标"].data_validations.dataValidation
                      if "A2" in dv.sqref).formula1)
    check = wb.create_sheet("check", 0)
    check["A1"] = f"=INDEX({source},ROWS({source}))"  # the list's last entry
    check["A2"] = f"=ROWS({source})"
    wb.save(path)
    csv_filter = "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,1"
    subprocess.run([soffice, f"-env:UserInstallation=file://{tmp_path / 'profile'}",
                    "--headless", "--convert-to", csv_filter, "--outdir", str(tmp_path / "csv"),
                    str(path)], check=True, capture_output=True, timeout=180)
    assert (tmp_path / "csv" / "in-check.csv").read_text("utf-8").split() == ["丙", "4"]


@pytest.mark.parametrize(("sheet", "header", "row", "code"), [
    ("部门绩效指标", "三级指标", ["产出指标", "数量指标", "", "1个", "1个"], "blank-indicator"),
    ("部门绩效指标", "二级指标", ["产出指标", "", "x", "1个", "1个"], "blank-level2"),
    ("项目绩效指标", "三级指标", ["甲", "产出指标", "数量指标", "", "1个", "1个"],
     "blank-indicator"),
    ("项目绩效指标", "二级指标", ["甲", "产出指标", "", "x", "1个", "1个"], "blank-level2"),
])
def test_a_column_whose_blank_is_warned_of_is_not_called_optional(
        tmp_path: Path, sheet: str, header: str, row: list[str], code: str) -> None:
    # The tooltip of 三级指标 said “可不填。文字。”, and validate then warned of each blank one
    # (“请补上指标名称”): the workbook and the check contradicted each other.
    path = tmp_path / "in.xlsx"
    write_input_workbook(path, year=2024, dept="测试局")
    wb = openpyxl.load_workbook(path)
    assert prompt_of(wb[sheet], header).startswith("应填（不填会提醒）。")
    wb[sheet].append(row)
    wb["项目"].append(["甲", None, 1])
    wb.save(path)
    _, report = check_workbook(path)
    assert code in {p.code for p in report.warnings}
