"""A workbook filled in and re-saved by an office suite still validates to the same model."""

import re
import subprocess
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner
from fixtures.published import seed000, seed002
from printing import soffice
from workbooks import problem_codes, write_book

from xlgen.api import build_workbook, check_workbook, find_templates
from xlgen.cli.commands import main
from xlgen.money import parse_amount
from xlgen.workbook import read_raw

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = sorted((ROOT / "inputs").rglob("*.xlsx"))


@pytest.mark.libreoffice
@pytest.mark.parametrize("sample", SAMPLES, ids=lambda p: f"{p.parent.name}-{p.stem}")
def test_samples_resaved_by_libreoffice_read_the_same(tmp_path, sample):
    out = tmp_path / "resaved"
    subprocess.run(
        [soffice(), f"-env:UserInstallation=file://{tmp_path / 'profile'}", "--headless",
         "--convert-to", "xlsx:Calc MS Excel 2007 XML", "--outdir", str(out), str(sample)],
        check=True, capture_output=True, timeout=300,
    )
    original, report = check_workbook(sample)
    resaved, again = check_workbook(out / sample.name)
    assert again.valid, problem_codes(again)
    assert sorted(problem_codes(again)) == sorted(problem_codes(report))
    assert resaved.department == original.department
    assert resaved.budget == original.budget
    assert resaved.self_evaluation == original.self_evaluation
    assert [(p.name, p.total, p.adjusted, p.spent, len(p.indicators))
            for p in resaved.projects or []] == [
        (p.name, p.total, p.adjusted, p.spent, len(p.indicators))
        for p in original.projects or []]


# ---------------------------------------------------------------- import of a published table
# Seed 002 (花都区's 项目支出绩效目标表) as a department's file really is: saved by WPS or Excel
# with numbers as numbers, a sheet renamed, headings edited, rows added. Each variant is imported
# and must give every project, amount and indicator of the sample the seed was typed into.

SEED_SAMPLE = ROOT / "inputs" / "2023" / f"{seed002.DEPT}.xlsx"
HEADER = ["项目名称（资金使用单位）", "总计", "财政拨款", "财政专户拨款", "其他资金", "绩效目标",
          "绩效指标"]
TITLE = "项目支出绩效目标表(含转移支付项目)"
DEPT_LINE = f"部门名称: {seed002.DEPT}"
UNIT = "单位: 万元"


def _number(text: str) -> float | None:
    return float(text.replace(",", "")) if text else None


def printed(rows=None, *, title=(TITLE,), dept=(DEPT_LINE,), unit=(UNIT,), header=HEADER):
    """The seed's rows under its headings, amounts as numbers (as a saved workbook has them)."""
    if rows is None:
        rows = [[r[0], *map(_number, r[1:5]), r[5], r[6]] for r in seed002.PUBLISHED]
    heads = [list(line) for line in (title, dept, unit) if line]
    return [*heads, list(header), *rows]


def _seed_rows() -> list[list]:
    return printed()[4:]


def _cut(row: list, at: str, name: str | None) -> list[list]:
    """``row`` printed over two rows, its 绩效指标 cut before ``at``; the second row's name
    printed again (``name``) or left blank (``None``)."""
    text = row[6]
    cut = text.index(at)
    return [[*row[:6], text[:cut]], [name, None, None, None, None, None, text[cut:]]]


def _with(change) -> list[list]:
    rows = _seed_rows()
    change(rows)
    return printed(rows)


def _project(rows: list[list], name: str) -> int:
    return next(i for i, r in enumerate(rows) if r[0] == name)


def _split_over_rows(name_again: bool):
    def change(rows):
        i = _project(rows, "基层服务平台示范点建设经费")
        rows[i:i + 1] = _cut(rows[i], "4.1-", rows[i][0] if name_again else None)
    return change


def _separated(sep: str):
    def change(rows):
        for row in rows[2:]:
            row[6] = row[6].replace("。", sep)
    return change


def _page_break(headings: list[list]):
    def change(rows):
        i = _project(rows, "花都区政务云机房运营保障经费")
        rows[i:i] = headings
    return change


def _fullwidth(rows):
    for row in rows[2:]:
        row[6] = re.sub(r";(?=实施周期|年度)", "；", row[6].replace(":", "："))


VARIANTS = {
    "as printed, amounts as text": printed([list(r) for r in seed002.PUBLISHED]),
    "amounts as numbers": printed(),
    "title row deleted": printed(title=()),
    "备注 column and blank rows": [
        *printed(header=[*HEADER, "备注"])[:6], [None] * 8, *printed()[6:9], [], *printed()[9:]],
    "部门名称（盖章）": printed(dept=(f"部门名称（盖章）：{seed002.DEPT}",)),
    "编制单位": printed(dept=(f"编制单位：{seed002.DEPT}",)),
    "部门名称 and 单位 on one line": printed(dept=(f"部门名称：{seed002.DEPT}      单位：万元",),
                                              unit=()),
    "部门名称 in two cells": printed(dept=("部门名称：", seed002.DEPT, None, None, None,
                                           "单位：万元"), unit=()),
    "header repeated at a page break": _with(_page_break([HEADER])),
    "headings repeated at a page break": _with(_page_break(
        [["第 1 页"], [TITLE] * 7, [DEPT_LINE], [UNIT], HEADER])),
    "indicators over two rows, name again": _with(_split_over_rows(True)),
    "indicators over two rows, name blank": _with(_split_over_rows(False)),
    "items separated by spaces": _with(_separated(" ")),
    "items separated by line breaks": _with(_separated("\n")),
    "items separated by 。 and a space": _with(_separated("。 ")),
    "full-width colons and semicolons": _with(_fullwidth),
}


def _indicators(book) -> list:
    return [(p.name, p.total, p.fiscal, p.other, p.goal,
             [(i.level1, i.level2, i.name, i.period_value, i.annual_value)
              for i in p.indicators]) for p in book.projects]


@pytest.mark.parametrize("sheet", ["项目支出绩效目标表", "Sheet1"])
@pytest.mark.parametrize("variant", VARIANTS)
def test_published_seed_variants_import_every_project_and_indicator(tmp_path, variant, sheet):
    source = write_book(tmp_path / "2023年花都区项目支出绩效目标表.xlsx",
                        {sheet: VARIANTS[variant]}, dept=False)
    out = tmp_path / "inputs" / "花都.xlsx"
    result = CliRunner().invoke(main, ["import", str(source), str(out)])
    assert result.exit_code == 0, result.output
    assert "警告" not in result.output and "错误" not in result.output, result.output
    book, report = check_workbook(out)
    sample, _ = check_workbook(SEED_SAMPLE)
    assert book is not None and sample is not None and report.valid, problem_codes(report)
    assert book.department.name == seed002.DEPT and book.department.year == 2023
    assert _indicators(book) == _indicators(sample)


def test_published_seed_builds_the_same_projects_again(tmp_path):
    """Import → build: the rebuilt 目标表 prints every project with its printed amounts."""
    source = write_book(tmp_path / "2023年花都区.xlsx", {"表": printed()}, dept=False)
    out = tmp_path / "in.xlsx"
    assert CliRunner().invoke(main, ["import", str(source), str(out)]).exit_code == 0
    result = build_workbook(out, tmp_path / "out", find_templates(None, [out]))
    table = next(p for p in result.written if p.stem.endswith("项目支出绩效目标表"))
    rows = next(iter(read_raw(table).sheets.values())).rows
    rebuilt = {str(r[0]): (parse_amount(r[1]), parse_amount(r[2]))
               for r in rows if len(r) > 2 and isinstance(r[1], (int, float, Decimal))}
    assert rebuilt == {r[0]: (parse_amount(r[1]), parse_amount(r[2]))
                       for r in seed002.PUBLISHED}


def test_published_totals_that_do_not_add_up_are_reported_and_projects_kept(tmp_path):
    rows = _seed_rows()
    rows[0][1] = 2600.0  # 合计 总计
    rows[1][2] = 2616.62  # the unit row's 财政拨款
    source = write_book(tmp_path / "2023年花都.xlsx", {"表": printed(rows)}, dept=False)
    out = tmp_path / "in.xlsx"
    result = CliRunner().invoke(main, ["import", str(source), str(out)])
    assert result.exit_code == 0, result.output
    assert re.search(r"表!A5 +\[import-total-mismatch\]", result.output)
    assert re.search(r"表!A6 +\[import-total-mismatch\]", result.output)
    assert "合计总计印为 2,600.00 万元，全部项目之和却是 2,616.61 万元" in result.output
    book, _ = check_workbook(out)
    sample, _ = check_workbook(SEED_SAMPLE)
    assert book is not None and sample is not None
    assert _indicators(book) == _indicators(sample)  # the projects' own amounts are kept


def test_published_table_without_a_department_line_says_so(tmp_path):
    source = write_book(tmp_path / "2023年花都.xlsx", {"表": printed(dept=())}, dept=False)
    out = tmp_path / "in.xlsx"
    result = CliRunner().invoke(main, ["import", str(source), str(out)])
    assert result.exit_code == 0, result.output
    assert re.search(r"表!A1 +\[import-no-dept\]", result.output)


def test_published_table_saved_as_xls_is_refused_with_what_to_do(tmp_path):
    source = tmp_path / "2023年花都.xls"
    source.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600)
    out = tmp_path / "in.xlsx"
    result = CliRunner().invoke(main, ["import", str(source), str(out)])
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert "[not-a-workbook]" in result.output and "另存为" in result.output
    assert not out.exists()


# Seed 000's 申报表 as its text shows it (merges undone, or typed without them)
SEED000_FORM = [
    ["部门整体预算绩效目标申报表"],
    ["部门名称", seed000.DEPT],
    ["基本信息", "财政供养人员数", 33, "下属二级单位数", None, 2],
    ["预算整体情况", "部门预算支出", "预算金额(万元)", "收入", None, "预算金额(万元)"],
    [None, "基本支出", None, "财政拨款", None, "15,608.00"],
    [None, "项目支出", None, "其他资金", None, "0.00"],
    [None, "财政专项资金", None, "区本级使用资金", None, "15,608.00"],
    [None, "其他事业发展性支出", None, "拟用于对下转移支付资金", None, "0.00"],
    ["总体绩效目标", "保障全区政务服务。"],
    ["年度重点工作任务", "名称", "主要实施内容", "拟投入的资金(万元)", "期望达到的目标(概述)"],
    [None, "任务甲", "内容甲", "100.00", "目标甲"],
    [None, "任务乙", "内容乙", "200.00", "目标乙"],
    ["其他需完成的任务(可选填)", "运营管理工作\n保障运行\n拟投入资金：50（万元）"],
    [None, "信息系统运维\n日常运维"],
    ["绩效指标", "一级指标", "二级指标", "三级指标", "实施周期指标值", "年度指标值"],
    [None, "产出指标", "数量指标", "网站运维数量", "1", "1"],
    [None, None, None, "等保测评数量", "≥5个", "≥3个"],
    [None, None, "质量指标", "运维完成率", "≥95%", "≥95%"],
    [None, "满意度指标", "服务对象满意度指标", "群众满意度", "≥90%", "≥90%"],
]


def test_published_dept_form_without_merged_cells_reads_every_row(tmp_path):
    """Seed 000's 申报表 as its text shows it (merges undone, or typed without them): the
    block labels and 一级/二级 printed once over their rows, labels over two cells."""
    form = SEED000_FORM
    source = write_book(tmp_path / "2023年白云区申报表.xlsx", {"Sheet1": form}, dept=False)
    out = tmp_path / "in.xlsx"
    result = CliRunner().invoke(main, ["import", str(source), str(out)])
    assert result.exit_code == 0, result.output
    assert "4 项任务、4 个部门绩效指标" in result.output
    book, _ = check_workbook(out)
    sample, _ = check_workbook(ROOT / "inputs" / "2023" / f"{seed000.DEPT}.xlsx")
    assert book is not None and sample is not None
    assert book.budget == sample.budget
    assert [(t.name, t.amount) for t in book.tasks] == [
        ("任务甲", Decimal(100)), ("任务乙", Decimal(200)), ("运营管理工作", Decimal(50)),
        ("信息系统运维", None)]
    assert [(i.level1, i.level2, i.name) for i in book.dept_indicators] == [
        ("产出指标", "数量指标", "网站运维数量"), ("产出指标", "数量指标", "等保测评数量"),
        ("产出指标", "质量指标", "运维完成率"), ("满意度指标", "服务对象满意度指标", "群众满意度")]


@pytest.mark.libreoffice
def test_published_seed_saved_again_by_an_office_suite_imports_the_same(tmp_path):
    """The seed's table with its merged headings, opened and saved again (as WPS or Excel do):
    numbers carry their printed format, merged cells stay merged."""
    source = write_book(tmp_path / "2023年花都区.xlsx", {"项目支出绩效目标表": printed()},
                        merges={"项目支出绩效目标表": ["A1:G1", "A2:G2", "A3:G3"]}, dept=False)
    out = tmp_path / "resaved"
    subprocess.run(
        [soffice(), f"-env:UserInstallation=file://{tmp_path / 'profile'}", "--headless",
         "--convert-to", "xlsx:Calc MS Excel 2007 XML", "--outdir", str(out), str(source)],
        check=True, capture_output=True, timeout=300,
    )
    imported = tmp_path / "in.xlsx"
    result = CliRunner().invoke(main, ["import", str(out / source.name), str(imported)])
    assert result.exit_code == 0 and "警告" not in result.output, result.output
    book, _ = check_workbook(imported)
    sample, _ = check_workbook(SEED_SAMPLE)
    assert book is not None and sample is not None
    assert book.department.name == seed002.DEPT
    assert _indicators(book) == _indicators(sample)


@pytest.mark.parametrize("command", [["validate"], ["build", "--out", "{out}"]])
def test_a_published_table_given_as_an_input_workbook_says_to_import_it(tmp_path, command):
    """A department sends the 目标表 it printed (saved by Excel or WPS, so not xlgen's own
    document), or the clerk picks it by mistake: it is said for what it is, with the command
    that reads it back, not “缺少必需的工作表” and advice to rename its sheet."""
    source = write_book(tmp_path / "2023年花都.xlsx", {"项目支出绩效目标表": printed()},
                        dept=False)
    args = [a.format(out=tmp_path / "out") for a in command]
    result = CliRunner().invoke(main, [*args, str(source)])
    assert result.exit_code == 1 and "Traceback" not in result.output, result.output
    assert "[published-table]" in result.output
    assert "是公开的项目支出绩效目标表，不是输入工作簿" in result.output
    assert f"xlgen import {source} 新工作簿.xlsx" in result.output
    assert "[missing-sheet]" not in result.output and "[sheet-name]" not in result.output
    assert not (tmp_path / "out").exists()


def test_a_published_table_in_the_bureaus_folder_is_named_in_the_summary(tmp_path):
    folder = tmp_path / "收到"
    folder.mkdir()
    write_book(folder / "花都.xlsx", {"项目支出绩效目标表": printed()}, dept=False)
    result = CliRunner().invoke(main, ["summary", str(folder), "--out",
                                       str(tmp_path / "汇总.xlsx")])
    assert result.exit_code in (0, 1) and "Traceback" not in result.output, result.output
    problems = openpyxl.load_workbook(tmp_path / "汇总.xlsx").worksheets[1]
    said = [str(c.value) for row in problems.iter_rows() for c in row if c.value]
    assert any("是公开的项目支出绩效目标表" in s and "xlgen import" in s for s in said), said
    assert not any("请把工作表改名" in s for s in said), said


def test_an_input_workbook_missing_its_department_sheet_is_still_told_so(tmp_path):
    source = write_book(tmp_path / "某局.xlsx", {"项目": [["项目名称"], ["甲"]]}, dept=False)
    result = CliRunner().invoke(main, ["validate", str(source)])
    assert "[missing-sheet]" in result.output and "[published-table]" not in result.output


def test_init_from_a_published_table_says_to_import_it_and_nothing_else(tmp_path):
    source = write_book(tmp_path / "2023年花都.xlsx", {"项目支出绩效目标表": printed()},
                        dept=False)
    target = tmp_path / "2024" / "花都.xlsx"
    result = CliRunner().invoke(main, ["init", "--from", str(source), str(target)])
    assert result.exit_code == 1 and "Traceback" not in result.output, result.output
    assert "是公开的项目支出绩效目标表，不是输入工作簿" in result.output
    assert f"xlgen import {source} {target}" in result.output
    assert "[sheet-name]" not in result.output and not target.exists()


def test_two_dept_forms_in_one_file_are_not_merged_silently(tmp_path):
    """The second 申报表 of a file (an old draft beside the final one) used to overwrite the
    first one's budget unseen: the first is read, the second named as an error (listed in
    the new workbook's 说明 too, as import's other errors), and which one holds is the
    clerk's call."""
    draft = [list(row) for row in SEED000_FORM]
    draft[4][5] = "9,999.00"  # its 财政拨款
    source = write_book(tmp_path / "2023年白云区申报表.xlsx",
                        {"定稿": SEED000_FORM, "草稿": draft}, dept=False)
    out = tmp_path / "in.xlsx"
    result = CliRunner().invoke(main, ["import", str(source), str(out)])
    assert result.exit_code == 1 and "Traceback" not in result.output, result.output
    assert "[import-two-forms]" in result.output
    assert "两张部门整体预算绩效目标申报表（工作表“定稿”和“草稿”）" in result.output
    book, _ = check_workbook(out)
    assert book is not None and book.budget is not None
    assert book.budget.fiscal == Decimal("15608.00")  # the first form's, not the draft's 9,999
