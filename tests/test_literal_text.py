"""Text stays literal in every output (issue 18, output side): a clerk's ``_x0041_`` reaches
the .xlsx as written (OOXML's ``_xHHHH_`` escape is itself escaped), and control characters
are removed with a warning at their source cell, never turned into page breaks or tabs."""

from __future__ import annotations

import io
import re
import zipfile
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest
from workbooks import write_book

from xlgen.api import check_workbook
from xlgen.cellescape import excel_text, stored_text
from xlgen.model import Department, Indicator, InputBook, Project
from xlgen.render.context import build_context
from xlgen.render.docx import render_docx
from xlgen.render.xlsx.engine import render_xlsx

ROOT = Path(__file__).resolve().parent.parent
PROJECT_TABLE = ROOT / "templates" / "区级" / "项目支出绩效目标表.xlsx"
REPORT = ROOT / "templates" / "部门整体支出绩效自评报告.docx"


@pytest.mark.parametrize(("text", "stored"), [
    ("_x0041_", "_x005F_x0041_"),
    ("_x000D_", "_x005F_x000D_"),
    ("a_x000d_b", "a_x005F_x000d_b"),
    ("_x005F_x0041_", "_x005F_x005F_x005F_x0041_"),
    ("_x0041_x0042_", "_x005F_x0041_x005F_x0042_"),
    ("__x0041__", "__x005F_x0041__"),
    ("_x12_", "_x12_"),  # not four hex digits: Excel leaves it
    ("_X0041_", "_X0041_"),  # capital X is no escape
    ("_xGHIJ_", "_xGHIJ_"),
    ("普通文字 = + @ & <", "普通文字 = + @ & <"),
])
def test_excel_text_escapes_what_excel_would_decode(text: str, stored: str) -> None:
    assert excel_text(text) == stored
    assert stored_text(stored) == text


def _project_book(name: str) -> InputBook:
    ind = Indicator(level1="产出指标", level2="数量指标", name=name, annual_value="≥1个",
                    level1_code="1", level2_code="11", level2_label="数量指标", project=name)
    project = Project(name=name, fiscal=Decimal(1), goal=name, indicators=[ind])
    return InputBook(path="x.xlsx", department=Department(year=2023, name="测试局"),
                     projects=[project], project_indicators=[ind])


@pytest.mark.parametrize("name", ["甲_x0041_乙", "回车_x000D_在此", "_x005F_已转义"])
def test_a_clerks_escape_sequence_reaches_the_xlsx_literally(name: str) -> None:
    data = render_xlsx(PROJECT_TABLE, build_context(_project_book(name))).data
    assert data is not None
    # openpyxl reads cell text as stored (it does not decode _xHHHH_), as Excel would see it
    stored = [c.value for row in openpyxl.load_workbook(io.BytesIO(data)).active.iter_rows()
              for c in row if isinstance(c.value, str)]
    assert excel_text(name) in stored  # the 项目名称 cell
    assert sum(excel_text(name) in v for v in stored) == 3  # name, 绩效目标, 绩效指标


def test_template_text_is_not_escaped_twice(tmp_path: Path) -> None:
    """A maintainer's literal ``_x0041_`` is stored by Excel as ``_x005F_x0041_``: it stays so."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws["A1"] = "_x005F_x0041_ 固定文字"  # as Excel stores a typed “_x0041_ 固定文字”
    ws["A2"] = "{{ dept.name }}_x005F_x0041_"
    template = tmp_path / "t.xlsx"
    wb.save(template)
    book = InputBook(path="x.xlsx", department=Department(year=2023, name="部_x0041_"))
    data = render_xlsx(template, build_context(book)).data
    assert data is not None
    out = openpyxl.load_workbook(io.BytesIO(data)).active
    assert out["A1"].value == "_x005F_x0041_ 固定文字"
    assert out["A2"].value == "部_x005F_x0041__x005F_x0041_"


# --- control characters --------------------------------------------------------------------

MGMT = [["二级指标", "三级指标", "分值", "得分"], ["预算执行", "预算完成率", 10, 9]]


@pytest.mark.parametrize(("sheets", "where", "clean"), [  # clean: the text as printed
    ({"自评报告": [["字段", "值"], ["年初预算数", 1],
                ["部门职责", "甲_x000C_乙\t丙_x0007_丁\n二段"]],
      "管理效率指标": MGMT}, ("自评报告", "B3"), "甲乙丙丁"),
    ({"自评报告": [["字段", "值"], ["年初预算数", 1],  # a vertical tab is a line break
                ["主要工作成效", "完成\t目标_x000B_了"]],
      "管理效率指标": MGMT}, ("自评报告", "B3"), "完成目标"),
    ({"自评报告": [["字段", "值"], ["年初预算数", 1], ["附加说明", "附加_x000C_内容"]],
      "管理效率指标": MGMT}, ("自评报告", "B3"), "附加内容"),
    ({"自评报告": [["字段", "值"], ["年初预算数", 1]],
      "管理效率指标": [*MGMT, ["预算执行", "支出\t进度", 10, 9]]}, ("管理效率指标", "B3"),
     "支出进度"),
    ({"项目": [["项目名称", "资金使用单位", "财政拨款"], ["甲_x000C_项目", "", 1]],
      "项目绩效指标": [["项目名称", "一级指标", "二级指标", "三级指标", "年度指标值"],
                 ["甲_x000C_项目", "产出指标", "数量指标", "件\t数", "≥1个"]]},
     ("项目", "A2"), "甲项目"),
], ids=["blocks", "tab-vtab", "extra-label", "management", "project"])
def test_control_characters_are_removed_with_a_warning_at_their_cell(
        tmp_path: Path, sheets: dict, where: tuple[str, str], clean: str) -> None:
    book, report = check_workbook(write_book(tmp_path / "in.xlsx", sheets))
    found = [(p.sheet, p.cell) for p in report.problems if p.code == "control-char"]
    assert where in found
    texts = [t for lines in (book.self_evaluation.blocks.values() if book.self_evaluation
                             else []) for t in lines]
    texts += [m.name for m in book.management or []] + [p.name for p in book.projects or []]
    texts += [i.name for i in book.project_indicators or []]
    assert clean in texts
    assert not any(re.search("[\x00-\x09\x0b-\x1f]", t) for t in texts)
    if book.project_indicators:  # the indicator still belongs to its project
        assert report.valid and book.projects[0].indicators
        assert ("项目绩效指标", "D2") in found
    if book.self_evaluation is not None:  # the report: no tab, page break or lost text
        xml = zipfile.ZipFile(io.BytesIO(render_docx(REPORT, build_context(book)))).read(
            "word/document.xml").decode()
        assert clean in xml or clean == "附加内容"  # the shipped report prints no extra label
        assert "<w:tab/>" not in xml and 'w:type="page"' not in xml


def test_a_column_no_field_reads_is_cleaned_too_for_word(tmp_path: Path) -> None:
    """A column of 项目 the program does not know (实施周期) reaches a template as
    ``p.extra['实施周期']``: a page break pasted in it is warned at its cell and removed,
    not turned into a page break in the Word report."""
    from test_docx_report import make_template

    book, report = check_workbook(write_book(tmp_path / "in.xlsx", {
        "项目": [["项目名称", "资金使用单位", "财政拨款", "实施周期"],
                 ["甲项目", "", 1, "一年_x000C_两期"]]}))
    assert [(p.sheet, p.cell) for p in report.problems if p.code == "control-char"] == [
        ("项目", "D2")]
    assert book.projects[0].extra == {"实施周期": "一年两期"}
    word = make_template(tmp_path / "t.docx", ["{{ projects[0].extra['实施周期'] }}"])
    xml = zipfile.ZipFile(io.BytesIO(render_docx(word, build_context(book)))).read(
        "word/document.xml").decode()
    assert "一年两期" in xml and 'w:type="page"' not in xml


def test_a_clean_workbook_has_no_control_char_warning(tmp_path: Path) -> None:
    sheets = {"自评报告": [["字段", "值"], ["部门职责", "甲\n乙"]], "管理效率指标": MGMT}
    book, report = check_workbook(write_book(tmp_path / "in.xlsx", sheets))
    assert "control-char" not in [p.code for p in report.problems]
    assert book.self_evaluation.blocks["部门职责"] == ["甲", "乙"]



def _lengthen(path: Path, mark: str, text: str) -> Path:
    """Put ``text`` where ``mark`` is in the sheets' XML: openpyxl cuts a text at 32,767."""
    out = io.BytesIO()
    with zipfile.ZipFile(path) as zin, zipfile.ZipFile(out, "w") as zout:
        for item in zin.infolist():
            data = zin.read(item)
            if item.filename.startswith("xl/worksheets/"):
                data = data.replace(mark.encode(), text.encode())
            zout.writestr(item, data)
    path.write_bytes(out.getvalue())
    return path


@pytest.mark.parametrize(("length", "codes"), [(32767, []), (32768, ["text-too-long"])])
def test_a_text_longer_than_an_excel_cell_is_an_error_at_its_cell(
        tmp_path: Path, length: int, codes: list[str]) -> None:
    sheets = {"项目": [["项目名称", "资金使用单位", "财政拨款"], ["乙项目", "", 1],
                     ["丙项目", "LONGTEXT", 2]]}  # a workbook not saved by Excel holds more
    path = _lengthen(write_book(tmp_path / "in.xlsx", sheets), "LONGTEXT", "u" * length)
    book, report = check_workbook(path)
    assert len(book.projects[1].unit) == length  # read whole, not cut silently
    found = [p for p in report.problems if p.code == "text-too-long"]
    assert [(p.code, p.sheet, p.cell) for p in found] == [(c, "项目", "B3") for c in codes]
    assert [p.message for p in found] == [
        "“资金使用单位”有 32,768 个字符，超过 Excel 单元格最多能放的 32,767 个"
        "（生成的表格会截断它）。请精简这段文字后再运行。"][:len(codes)]
