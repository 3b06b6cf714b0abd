"""``xlgen init --from``: last year's workbook is read as validate reads it (tester 29, F1–F4).

A carried cell whose value is not in the file (a formula with no saved result, an error value)
is never written blank: nothing is written and the clerk is told which cell of which file to
fix. Sheets are chosen by the loader's rules (a hidden sheet beside a visible copy: refused);
sheets left out are said on screen; a document xlgen wrote is refused as build refuses it.
"""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from click.testing import CliRunner
from workbooks import cache_formulas, write_book

from xlgen.api import check_workbook
from xlgen.cli.commands import main

DEPT = [["字段", "值"], ["年度", 2023], ["部门名称", "测试局"]]
BUDGET = [["字段", "值"], ["收入预算合计", 300], ["支出预算合计", 300]]
HEAD = ["项目名称", "资金使用单位", "财政拨款", "其他资金", "实际支出"]
INDICATORS = [["项目名称", "一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值"],
              ["甲", "产出指标", "数量指标", "x", "≥1个", "1个"]]


def source_book(path: Path, projects: list[list[Any]] | None = None, **sheets: Any) -> Path:
    """Last year's workbook: 部门信息, 预算, 项目 (``projects`` rows under HEAD), 项目绩效指标;
    ``sheets`` replace or add sheets by name (None leaves one out)."""
    book: dict[str, Any] = {"部门信息": DEPT, "预算": BUDGET,
                            "项目": [HEAD, *(projects or [["甲", "", 300, 20, 250]])],
                            "项目绩效指标": INDICATORS}
    book.update(sheets)
    return write_book(path, {k: v for k, v in book.items() if v is not None})


def with_error_value(path: Path, ref: str, error: str) -> Path:
    """The formula in ``ref`` saved with the error value Excel shows (``#DIV/0!``)."""
    cache_formulas(path, {ref: error})
    src = path.read_bytes()
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(src)) as zin, zipfile.ZipFile(out, "w") as zout:
        for item in zin.infolist():
            data = zin.read(item)
            if item.filename.startswith("xl/worksheets/"):
                data = re.sub(rb'<c r="' + ref.encode() + rb'"(\s*t="[a-z]+")?>\s*<f>',
                              b'<c r="' + ref.encode() + b'" t="e"><f>', data)
            zout.writestr(item, data)
    path.write_bytes(out.getvalue())
    return path


def hidden(path: Path, sheet: str) -> Path:
    wb = openpyxl.load_workbook(path)
    wb[sheet].sheet_state = "hidden"
    wb.save(path)
    return path


def init_from(source: Path, out: Path, *args: str):
    return CliRunner().invoke(main, ["init", "--from", str(source), str(out), *args],
                              catch_exceptions=False)


def init_says(source: Path, out: Path, exit_code: int, said: list[str], case: str) -> None:
    """``init --from source out``: its exit code and every text of ``said`` in its output."""
    result = init_from(source, out)
    assert result.exit_code == exit_code, result.output
    for text in said:
        assert text in result.output, (case, text, result.output)


def note_of(path: Path) -> str:
    return "\n".join(str(c.value) for row in openpyxl.load_workbook(path)["说明"].iter_rows()
                     for c in row if c.value)


# -- F1: a carried cell with no value is never written blank -----------------------------------

@pytest.mark.parametrize(("case", "make", "where"), [
    ("an amount formula with no saved result",
     lambda p: source_book(p, [["甲", "", "=300+20", 20, 250]]), "[formula-no-value] 项目!C2"),
    ("a formula with no saved result in a text column (年度指标值)",
     lambda p: source_book(p, 项目绩效指标=[INDICATORS[0], ["甲", "产出指标", "数量指标", "x",
                                                     '="≥"&1&"个"', ""]]),
     "[formula-no-value] 项目绩效指标!E2"),
    ("a form value (预算) with no saved result",
     lambda p: source_book(p, 预算=[["字段", "值"], ["收入预算合计", "=100+200"]]),
     "[formula-no-value] 预算!B2"),
    ("an error value in a carried amount",
     lambda p: with_error_value(source_book(p, [["甲", "", "=1/0", 20, 250]]), "C2", "#DIV/0!"),
     "[formula-error] 项目!C2"),
    ("a whole row of formulas with no saved result is not skipped as blank",
     lambda p: source_book(p, [["甲", "", 300, 20, 250], ["=A2", "", "=C2", "", ""]]),
     "[formula-no-value] 项目!A3"),
], ids=lambda x: x if isinstance(x, str) and " " in x else None)
def test_a_carried_cell_that_cannot_be_read_writes_nothing(tmp_path: Path, case: str, make: Any,
                                                          where: str) -> None:
    source = make(tmp_path / "2023.xlsx")
    out = tmp_path / "2024" / "new.xlsx"
    result = init_from(source, out)
    assert result.exit_code == 1, result.output
    assert not out.exists(), case
    code, ref = where.split()
    assert re.search(re.escape(ref) + r"\s+" + re.escape(code), result.output), result.output
    assert "2023.xlsx" in result.output and "重新运行 xlgen init --from" in result.output
    assert "未生成" in result.output


@pytest.mark.parametrize(("case", "row"), [
    ("a cleared column (实际支出) with no saved result", ["甲", "", 300, 20, "=200+50"]),
    ("an error value in a cleared column", ["甲", "", 300, 20, "=1/0"]),
], ids=lambda x: x if isinstance(x, str) and " " in x else None)
def test_cells_that_are_cleared_need_no_value(tmp_path: Path, case: str, row: list[Any]) -> None:
    source = source_book(tmp_path / "2023.xlsx", [row])
    if case.startswith("an error"):
        with_error_value(source, "E2", "#DIV/0!")
    out = tmp_path / "2024" / "new.xlsx"
    result = init_from(source, out)
    assert result.exit_code == 0, result.output
    book, report = check_workbook(out)
    assert book is not None and report.valid
    assert [(p.name, str(p.fiscal), p.spent) for p in book.projects] == [("甲", "300", None)]


def test_a_saved_formula_is_carried_as_its_value(tmp_path: Path) -> None:
    source = cache_formulas(source_book(tmp_path / "2023.xlsx", [["甲", "", "=300+20", 20, 250]]),
                            {"C2": "320"})
    out = tmp_path / "2024" / "new.xlsx"
    assert init_from(source, out).exit_code == 0
    book, report = check_workbook(out)
    assert book is not None and report.valid
    assert [(str(p.fiscal), str(p.total)) for p in book.projects] == [("320", "340")]


# -- F2, F3: sheets chosen as validate chooses them --------------------------------------------

def two_project_sheets(p: Path) -> Path:
    book = source_book(p)
    wb = openpyxl.load_workbook(book)
    copy = wb.copy_worksheet(wb["项目"])
    copy.title = "项目 (2)"
    copy["C2"] = 999.99
    wb["项目"].sheet_state = "hidden"
    wb.save(book)
    return book


@pytest.mark.parametrize(("case", "make", "exit_code", "said", "fiscal"), [
    ("hidden 项目 beside a visible copy 项目 (2): refused as validate refuses",
     two_project_sheets, 1,
     ["[hidden-sheet-copy]", "“项目”", "“项目 (2)”", "也不照抄到新一年的工作簿", "未生成"], None),
    ("a hidden 项目 alone: carried, with the warning validate gives",
     lambda p: hidden(source_book(p), "项目"), 0, ["[hidden-sheet]"], "300"),
    ("a sheet name with a stray space (validate reads it): carried",
     lambda p: source_book(p, **{"项目": None, " 项目 ": [HEAD, ["甲", "", 300, 20, 250]]}),
     0, [], "300"),
    ("a renamed 项目 sheet: not carried, said on screen with what to do",
     lambda p: source_book(p, **{"项目": None, "项目表": [HEAD, ["甲", "", 300, 20, 250]]}),
     0, ["[sheet-name]", "请把工作表改名为“项目”", "未照抄", "项目表",
         "请填写：重点任务、部门绩效指标、项目、管理效率指标。"],
     None),
], ids=lambda x: x if isinstance(x, str) and " " in x else None)
def test_sheets_are_chosen_as_validate_chooses_them(tmp_path: Path, case: str, make: Any,
                                                    exit_code: int, said: list[str],
                                                    fiscal: str | None) -> None:
    out = tmp_path / "2024" / "new.xlsx"
    init_says(make(tmp_path / "2023.xlsx"), out, exit_code, said, case)
    if exit_code:
        assert not out.exists()
        return
    book, _ = check_workbook(out)
    assert book is not None
    assert [str(p.fiscal) for p in book.projects] == ([fiscal] if fiscal else [])


def test_a_renamed_budget_sheet_is_named_in_the_note(tmp_path: Path) -> None:
    source = source_book(tmp_path / "2023.xlsx", **{"预算": None, "预算表": BUDGET})
    out = tmp_path / "2024" / "new.xlsx"
    result = init_from(source, out)
    assert result.exit_code == 0, result.output
    note = note_of(out)
    assert "上一年度的工作簿中没有这些工作表，新工作簿中它们是空白的，请填写：预算、" in note
    assert "未照抄的工作表（名称不是输入工作簿的工作表）：预算表。" in note
    assert "请核对：预算" not in note


# -- F4: what is not last year's input workbook --------------------------------------------------

def xlgen_document(p: Path) -> Path:
    wb = openpyxl.Workbook()
    wb.active.title = "项目支出绩效目标表"
    wb.active["A1"] = "2023年测试局项目支出绩效目标表"
    wb.properties.creator = "xlgen"
    wb.save(p)
    return p


def other_table(p: Path) -> Path:
    return write_book(p, {"Sheet1": [["项目名称（资金使用单位）", "总计"], ["甲", 300]]},
                      dept=False)


@pytest.mark.parametrize(("case", "make", "exit_code", "said"), [
    ("a document xlgen wrote: a wrong command line, as build says",
     xlgen_document, 2, ["是 xlgen 生成的文书，不是输入工作簿", "xlgen import"]),
    ("a workbook with none of the input sheets",
     other_table, 1, ["[init-from-not-input]", "没有输入工作簿的任何一张工作表", "xlgen import"]),
], ids=lambda x: x if isinstance(x, str) and " " in x else None)
def test_what_is_not_an_input_workbook_is_refused(tmp_path: Path, case: str, make: Any,
                                                 exit_code: int, said: list[str]) -> None:
    out = tmp_path / "2024" / "new.xlsx"
    init_says(make(tmp_path / "2023年测试局项目支出绩效目标表.xlsx"), out, exit_code, said, case)
    assert not out.exists()


def titled_document(p: Path, title: str) -> Path:
    """A document xlgen wrote, titled as xlgen titles it (its core properties)."""
    if p.suffix == ".docx":
        core = ('<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/'
                'metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/">'
                f"<dc:creator>xlgen</dc:creator><dc:title>{title}</dc:title>"
                "</cp:coreProperties>")
        with zipfile.ZipFile(p, "w") as zf:
            zf.writestr("docProps/core.xml", core)
            zf.writestr("word/document.xml", "<w:document/>")
        return p
    xlgen_document(p)
    wb = openpyxl.load_workbook(p)
    wb.properties.title = title
    wb.save(p)
    return p


@pytest.mark.parametrize(("kind", "suffix", "importable"), [
    ("项目支出绩效目标表", ".xlsx", True),
    ("部门整体预算绩效目标申报表", ".xlsx", True),
    ("项目支出绩效自评表", ".xlsx", False),
    ("部门整体支出绩效自评报告", ".docx", False),
])
def test_import_is_suggested_only_for_a_document_it_reads(tmp_path: Path, kind: str,
                                                          suffix: str, importable: bool) -> None:
    """A 自评表 or 自评报告 given to --from: the clerk was told to ``xlgen import`` it, which
    fails (tester: init --from 自评表); now only a 目标表 or 申报表 is offered to import."""
    source = titled_document(tmp_path / f"2023年测试局{kind}{suffix}", f"2023年测试局{kind}")
    out = tmp_path / "2024" / "new.xlsx"
    result = init_from(source, out)
    assert result.exit_code == 2, result.output
    assert (f"xlgen import {source}" in result.output) is importable, result.output
    assert ("自评表和自评报告读不回输入工作簿" in result.output) is not importable, result.output
    assert not out.exists()


@pytest.mark.parametrize(("case", "projects", "warned"), [
    ("a 财政拨款 typed 约300: carried as typed", [["甲", "", "约300", 20, 250]], True),
    ("a 实际支出 typed 十万: cleared, nothing to fix", [["甲", "", 300, 20, "十万"]], False),
    ("a workbook without errors", [["甲", "", 300, 20, 250]], False),
], ids=lambda x: x if isinstance(x, str) and " " in x else None)
def test_last_years_wrong_cells_carried_are_told(tmp_path: Path, case: str,
                                                  projects: list[list[Any]],
                                                  warned: bool) -> None:
    """Last year's 财政拨款 typed ``约300`` was carried as typed (never a guess) with exit 0
    and no word: the clerk met the error only at validate. Now init says so and where."""
    out = tmp_path / "2024" / "new.xlsx"
    result = init_from(source_book(tmp_path / "2023.xlsx", projects), out)
    assert result.exit_code == 0, result.output
    assert out.exists()
    assert ("[init-carried-errors]" in result.output) is warned, (case, result.output)
    if warned:
        assert "项目!C2" in result.output and "约300" in result.output
        assert f"xlgen validate {out}" in result.output
    _, report = check_workbook(out)
    assert bool(report.errors) is warned, case


@pytest.mark.parametrize("command", ["init", "init --from", "import"])
def test_a_second_run_over_a_filled_workbook_keeps_it_and_says_what_force_costs(
        tmp_path: Path, command: str) -> None:
    """A second init (or import) over the workbook the clerk has been filling is refused and
    the file is untouched; the refusal said only "加 --force", the remedy the clerk then
    typed, losing the filled content without being told: it now says what --force costs."""
    source = source_book(tmp_path / "2023.xlsx")
    out = tmp_path / "2024" / "测试局.xlsx"
    assert init_from(source, out).exit_code == 0
    filled = openpyxl.load_workbook(out)
    filled["项目"]["A3"] = "新增的项目"
    filled.save(out)
    before = out.read_bytes()
    args = {"init": ["init", str(out)], "init --from": ["init", "--from", str(source), str(out)],
            "import": ["import", str(source), str(out)]}[command]
    result = CliRunner().invoke(main, args, catch_exceptions=False)
    assert result.exit_code == 2, result.output
    assert out.read_bytes() == before
    assert "已存在，未覆盖" in result.output
    assert "填写的内容全部丢失" in result.output and "另存一份" in result.output


# -- F9: a year that does not advance; what to confirm --------------------------------------------

@pytest.mark.parametrize(("folder", "args", "year", "warned"), [
    ("2024", (), 2024, False),
    ("新的一年", (), 2024, False),
    ("新的一年", ("--year", "2030"), 2030, False),
    ("2023", (), 2023, True),
    ("新的一年", ("--year", "2022"), 2022, True),
])
def test_a_year_that_does_not_advance_is_warned_of(tmp_path: Path, folder: str,
                                                   args: tuple[str, ...], year: int,
                                                   warned: bool) -> None:
    (tmp_path / "last").mkdir()
    source = source_book(tmp_path / "last" / "测试局.xlsx")
    out = tmp_path / folder / "测试局.xlsx"
    result = init_from(source, out, *args)
    assert result.exit_code == 0, result.output
    assert ("[init-year-not-after]" in result.output) is warned, result.output
    if warned:  # pointed at last year's 年度, not at the whole file
        [line] = [ln for ln in result.output.splitlines() if "[init-year-not-after]" in ln]
        assert "警告  部门信息!B2 " in line, line  # the source's 年度 cell
    note = note_of(out)
    assert (f"年度为 {year}（注意：不晚于上一年度的 2023 年" in note) is warned
    assert (f"年度已改为 {year}。" in note) is not warned
    book, _ = check_workbook(out)
    assert book is not None and book.department.year == year


@pytest.mark.parametrize(("sheets", "confirmed", "not_confirmed"), [
    ({}, ["请核对：预算各项金额", "请核对：项目表的项目和金额"], ["请核对：重点任务"]),
    ({"重点任务": [["类型", "名称", "拟投入资金"], ["重点任务", "甲任务", 12]]},
     ["请核对：预算各项金额", "请核对：重点任务（含“拟投入资金”）", "请核对：项目表的项目和金额"],
     []),
    ({"项目": [HEAD]}, ["请核对：预算各项金额"], ["请核对：项目表"]),
])
def test_the_note_asks_to_confirm_every_amount_carried(tmp_path: Path, sheets: dict[str, Any],
                                                       confirmed: list[str],
                                                       not_confirmed: list[str]) -> None:
    source = source_book(tmp_path / "2023.xlsx", **sheets)
    out = tmp_path / "2024" / "new.xlsx"
    assert init_from(source, out).exit_code == 0
    note = note_of(out)
    for text in confirmed:
        assert text in note, text
    for text in not_confirmed:
        assert text not in note, text


# -- validate agrees: a row made only of formulas with no saved result is not dropped -------------

@pytest.mark.parametrize(("rows", "errors"), [
    ([["甲", "", 300, 20, 250], ["=A2", "", "=C2", "", ""]], ["项目!A3", "项目!C3"]),
    ([["甲", "", 300, 20, 250], ["=A2", "", "=C2", "", ""], ["乙", "", 5, "", ""]],
     ["项目!A3", "项目!C3"]),
    ([["甲", "", 300, 20, 250], ["", "", "", "", ""], ["乙", "", "=1+1", "", ""]], ["项目!C4"]),
    ([["甲", "", 300, 20, 250]], []),
])
def test_validate_reports_a_row_of_formulas_with_no_saved_result(
        tmp_path: Path, rows: list[list[Any]], errors: list[str]) -> None:
    book, report = check_workbook(source_book(tmp_path / "2023.xlsx", rows))
    assert book is not None
    assert [p.where for p in report.errors if p.code == "formula-no-value"] == errors


# -- the wrong file: a year skipped, another department's workbook --------------------------------

@pytest.mark.parametrize(("last", "folder", "args", "gap"), [
    (2023, "2024", (), None),
    (2022, "2024", (), "中间隔了 2023 年："),
    (2023, "新的一年", ("--year", "2026"), "中间隔了 2024–2025 年（2 年）："),
    (2024, "2024", (), None),  # not after: init-year-not-after says it
])
def test_a_source_older_than_last_year_is_warned_of(tmp_path: Path, last: int, folder: str,
                                                    args: tuple[str, ...],
                                                    gap: str | None) -> None:
    (tmp_path / "old").mkdir()
    source = source_book(tmp_path / "old" / "测试局.xlsx",
                         部门信息=[["字段", "值"], ["年度", last], ["部门名称", "测试局"]])
    result = init_from(source, tmp_path / folder / "测试局.xlsx", *args)
    assert result.exit_code == 0, result.output
    lines = [ln for ln in result.output.splitlines() if "[init-year-gap]" in ln]
    if gap is None:
        assert not lines, result.output
    else:
        [line] = lines
        assert "警告  部门信息!B2 " in line and gap in line and f"{last} 年度的工作簿" in line


@pytest.mark.parametrize(("source_name", "target_name", "args", "warned"), [
    ("测试局", "测试局", (), False),
    ("广州市白云区政务服务数据管理局", "白云区政数局", (), False),  # an abbreviation
    ("广州市白云区政务服务数据管理局", "广州市白云区政务服务数据管理局2024", (), False),
    ("白云局2023", "白云局2024", (), False),  # last year's file name, another year
    ("测试局", "new", (), False),  # a name that names no department
    ("测试局", "2024年预算绩效", (), False),
    ("广州市白云区政务服务数据管理局", "广州市白云区财政局", (), True),
    ("广州市白云区政务服务数据管理局", "示例区政务服务数据管理局", (), True),
    ("广州市白云区政务服务数据管理局", "广州市白云区财政局", ("--dept", "广州市白云区财政局"),
     False),  # said on purpose
])
def test_another_departments_workbook_is_warned_of(tmp_path: Path, source_name: str,
                                                   target_name: str, args: tuple[str, ...],
                                                   warned: bool) -> None:
    (tmp_path / "2023").mkdir()
    dept = "广州市白云区政务服务数据管理局" if "白云" in source_name else "测试局"
    source = source_book(tmp_path / "2023" / f"{source_name}.xlsx",
                         部门信息=[["字段", "值"], ["年度", 2023], ["部门名称", dept]])
    out = tmp_path / "2024" / f"{target_name}.xlsx"
    result = init_from(source, out, *args)
    assert result.exit_code == 0, result.output
    lines = [ln for ln in result.output.splitlines() if "[init-other-department]" in ln]
    assert bool(lines) is warned, result.output
    if warned:
        assert "警告  部门信息!B3 " in lines[0] and f"“{dept}”" in lines[0]
        assert "--dept" in lines[0]


# -- an old workbook: the columns it lacks are added; sheets with nothing to carry unnamed -------

def test_the_columns_an_old_workbook_lacks_are_added_at_the_end(tmp_path: Path) -> None:
    (tmp_path / "2023").mkdir()
    source = source_book(
        tmp_path / "2023" / "测试局.xlsx",
        项目=[["项目名称", "财政拨款", "绩效目标", "实际支出", "备注"],
              ["甲", 300, "目标", 250, "自己的列"]],
        项目绩效指标=[["项目名称", "一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值"],
                      ["甲", "产出指标", "数量指标", "x", "≥1个", "1个"]])
    out = tmp_path / "2024" / "测试局.xlsx"
    result = init_from(source, out)
    assert result.exit_code == 0, result.output
    ws = openpyxl.load_workbook(out)["项目绩效指标"]
    assert [c.value for c in ws[1]] == ["项目名称", "一级指标", "二级指标", "三级指标",
                                        "年度指标值", "实际完成值", "实施周期指标值", "分值",
                                        "得分", "偏差原因"]
    assert [c.value for c in ws[2]] == ["甲", "产出指标", "数量指标", "x", "≥1个", *[None] * 5]
    ws = openpyxl.load_workbook(out)["项目"]
    headers = [c.value for c in ws[1]]
    assert headers[:5] == ["项目名称", "财政拨款", "绩效目标", "实际支出", "备注"]
    assert {"资金使用单位", "预算调整", "年度目标完成情况"} <= set(headers[5:])
    assert [c.value for c in ws[2]][:5] == ["甲", 300, "目标", None, "自己的列"]
    said = "项目绩效指标：实施周期指标值、分值、得分、偏差原因"
    assert said in note_of(out) and "新增的列" in note_of(out)
    assert said in result.output and "加在了表的最后" in result.output
    book, report = check_workbook(out)
    assert book is not None and report.valid


def test_a_current_workbook_gets_no_column(tmp_path: Path) -> None:
    source = tmp_path / "2023" / "测试局.xlsx"
    source.parent.mkdir()
    assert CliRunner().invoke(main, ["init", str(source)]).exit_code == 0
    out = tmp_path / "2024" / "测试局.xlsx"
    result = init_from(source, out)
    assert result.exit_code == 0, result.output
    assert "新增的列" not in note_of(out) and "加在了表的最后" not in result.output
    for name in ("项目", "项目绩效指标"):
        assert ([c.value for c in openpyxl.load_workbook(out)[name][1]]
                == [c.value for c in openpyxl.load_workbook(source)[name][1]])


@pytest.mark.parametrize(("extra", "named", "hint"), [
    ({"Sheet1": []}, None, None),  # an empty sheet: nothing to carry
    ({"WpsReserved_CellImgList": [["x"]]}, None, None),  # WPS's own sheet
    ({"我的草稿": [["草稿"]]}, "我的草稿", "（如“项目”）"),
    ({"项目表": [["项目名称"], ["乙"]]}, "项目表", "（见上面的提示）"),  # near 项目: warned
])
def test_sheets_left_out_are_named_when_they_hold_something(
        tmp_path: Path, extra: dict[str, Any], named: str | None, hint: str | None) -> None:
    sheets: dict[str, Any] = {"项目": None} if "项目表" in extra else {}
    (tmp_path / "2023").mkdir()
    source = source_book(tmp_path / "2023" / "测试局.xlsx", **sheets, **extra)
    result = init_from(source, tmp_path / "2024" / "测试局.xlsx")
    assert result.exit_code == 0, result.output
    if named is None:
        assert "未照抄" not in result.output, result.output
    else:
        assert f"中的工作表：{named}（" in result.output and str(hint) in result.output
