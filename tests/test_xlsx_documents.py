"""The two Excel documents rendered from seeds 000 and 002, against golden files.

The seeds are the committed sample workbooks (inputs/, made from tools/samples/); small
variants are InputBook objects built here in code. Expectations live in
tests/golden/xlsx/*.json: after an intended template change run ``make golden`` and review
the diff.
"""
# ruff: noqa: E501  (the seeds' texts are long lines)

from __future__ import annotations

import copy
import io
import json
import os
import re
import shutil
import subprocess
import sys
import zipfile
from decimal import Decimal
from functools import cache
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from fixtures.published import seed002 as published_seed002
from printing import to_pdf

from xlgen.api import check_workbook
from xlgen.model import Department, Indicator, InputBook, Project, Task
from xlgen.model.framework import default_framework
from xlgen.render.context import build_context
from xlgen.render.xlsx.engine import check_xlsx_template, render_xlsx

ROOT = Path(__file__).resolve().parent.parent
TEMPLATES = ROOT / "templates"
DEPT_FORM = TEMPLATES / "部门整体预算绩效目标申报表.xlsx"
PROJECT_TABLE = TEMPLATES / "区级" / "项目支出绩效目标表.xlsx"
CITY_TABLE = TEMPLATES / "市级" / "项目支出绩效目标表.xlsx"
GOLDEN = Path(__file__).resolve().parent / "golden" / "xlsx"
UPDATE = os.environ.get("XLGEN_UPDATE_GOLDEN") == "1"
REFRESH = ("after an intended template change, rewrite the golden files with `make golden` "
           "and review `git diff tests/golden`")


def indicator(code2: str, name: str, period: str, annual: str, project: str = "") -> Indicator:
    """An indicator with normalised names and codes, found from its 二级 code ('' = no 二级)."""
    fw = default_framework()
    level1 = next(l1 for l1 in fw.level1 if l1.code == code2[0])
    level2 = next((l2 for l2 in level1.level2 if l2.code == code2), None)
    return Indicator(
        level1=level1.name,
        level2=level2.name if level2 else "",
        name=name,
        period_value=period,
        annual_value=annual,
        project=project,
        level1_code=level1.code,
        level2_code=level2.code if level2 else "",
        level2_label=level2.label if level2 else "",
    )


# --- seeds 000 and 002: the committed sample workbooks ------------------------------------------
# One transcription of each seed: tools/samples/ (tools/make_samples.py writes inputs/ from it;
# tests/test_samples_data.py checks it against the published figures).

SEED_000_INPUT = ROOT / "inputs" / "2023" / "广州市白云区政务服务数据管理局.xlsx"
SEED_002_INPUT = ROOT / "inputs" / "2023" / "广州市花都区政务服务和数据管理局.xlsx"


@cache
def _sample(path: Path) -> InputBook:
    book, report = check_workbook(path)
    assert book is not None and report.errors == [], report.errors
    return book


def seed_000_book() -> InputBook:
    """The 申报表 of seed 000: budget block, six 重点任务, two 其他任务 and 63 indicators."""
    return copy.deepcopy(_sample(SEED_000_INPUT))


def seed_002_book() -> InputBook:
    """The 项目支出绩效目标表 of seed 002: 13 projects of one unit, 63 indicators."""
    return copy.deepcopy(_sample(SEED_002_INPUT))


# --- helpers -------------------------------------------------------------------------------------


def render(template: Path, book: InputBook) -> bytes:
    result = render_xlsx(template, build_context(book))
    assert result.problems == []
    return result.data


def sheet(data: bytes) -> Any:
    return openpyxl.load_workbook(io.BytesIO(data)).worksheets[0]


def style_key(cell: Any) -> str:
    """Font, weight, borders, alignment, wrap and number format of a cell, as one string."""
    font, border, align = cell.font, cell.border, cell.alignment
    sides = "".join((getattr(border, s).style or "-")[0] for s in ("left", "right", "top", "bottom"))
    return "|".join([
        f"{font.name} {font.sz:g}{' bold' if font.b else ''}",
        sides,
        f"{align.horizontal or '-'}/{align.vertical or '-'}{' wrap' if align.wrap_text else ''}",
        cell.number_format,
    ])


def snapshot(data: bytes) -> dict[str, Any]:
    """What the golden files hold: values, merges, styles and page setup of every sheet."""
    wb = openpyxl.load_workbook(io.BytesIO(data))
    sheets = []
    for ws in wb.worksheets:
        cells: dict[str, Any] = {}
        styles: dict[str, str] = {}
        for row in ws.iter_rows():
            for c in row:
                if c.value is not None:
                    cells[c.coordinate] = c.value
                if type(c).__name__ == "Cell" and c.has_style:
                    styles[c.coordinate] = style_key(c)
        setup = ws.page_setup
        sheets.append({
            "title": ws.title,
            "dimensions": ws.dimensions,
            "cells": cells,
            "merged": [r.coord for r in sorted(ws.merged_cells.ranges,
                                               key=lambda r: (r.min_row, r.min_col))],
            "styles": styles,
            "columns": {k: d.width for k, d in sorted(ws.column_dimensions.items()) if d.width},
            "print_titles": ws.print_title_rows,
            "breaks": [b.id + 1 for b in ws.row_breaks.brk],
            "page": {
                "orientation": setup.orientation,
                "paper": setup.paperSize,
                "fit_to_width": setup.fitToWidth,
                "fit_to_height": setup.fitToHeight,
                "fit_to_page": ws.sheet_properties.pageSetUpPr.fitToPage,
                "footer": ws.oddFooter.center.text,
            },
        })
    return {"sheets": sheets}


def check_golden(name: str, data: bytes) -> None:
    """Compare with tests/golden/xlsx/<name>.json (XLGEN_UPDATE_GOLDEN=1 rewrites it)."""
    path = GOLDEN / f"{name}.json"
    actual = json.loads(json.dumps(snapshot(data), ensure_ascii=False))
    if UPDATE:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(actual, ensure_ascii=False, indent=1) + "\n", "utf-8")
        return
    assert path.exists(), f"{path} is missing: run `make golden`"
    expected = json.loads(path.read_text("utf-8"))
    assert len(actual["sheets"]) == len(expected["sheets"]), f"number of sheets differs; {REFRESH}"
    for want, got in zip(expected["sheets"], actual["sheets"], strict=True):
        for key in ("title", "dimensions", "merged", "columns", "print_titles", "breaks", "page"):
            assert got[key] == want[key], f"{path.name}: {key} differs; {REFRESH}"
        for kind in ("cells", "styles"):
            diff = {ref: (want[kind].get(ref), got[kind].get(ref))
                    for ref in sorted(set(want[kind]) | set(got[kind]))
                    if want[kind].get(ref) != got[kind].get(ref)}
            assert not diff, (f"{path.name}: {kind} differ (expected, actual): "
                              f"{dict(list(diff.items())[:5])}; {REFRESH}")


def find_row(ws: Any, column: str, text: str) -> int:
    return next(c.row for c in ws[column] if c.value == text)


# --- 部门整体预算绩效目标申报表 ----------------------------------------------------------------------


def test_dept_form_matches_golden() -> None:
    check_golden("seed000_dept_form", render(DEPT_FORM, seed_000_book()))


def test_dept_form_budget_block_keeps_blanks_blank() -> None:
    ws = sheet(render(DEPT_FORM, seed_000_book()))
    assert ws["B2"].value == "广州市白云区政务服务数据管理局"
    assert (ws["C3"].value, ws["E3"].value) == (33, 2)
    assert [ws[f"B{r}"].value for r in range(4, 10)] == [
        "部门预算支出", "基本支出", "项目支出", "事业发展性支出", "财政专项资金", "其他事业发展性支出"]
    assert [ws[f"C{r}"].value for r in (5, 6, 8, 9)] == [None, None, None, None]
    assert [ws[f"E{r}"].value for r in (5, 6, 8, 9)] == [15608, 0, 15608, 0]
    assert ws["D8"].value == "区本级使用资金"
    assert ws["E5"].number_format == "#,##0.00_ " and ws["E5"].data_type == "n"
    assert "A4:A9" in {r.coord for r in ws.merged_cells.ranges}


@pytest.mark.parametrize(("staff", "subunits", "printed"),
                         [(33, 2, True), (None, 2, True), (33, None, True), (None, None, False)])
def test_dept_form_prints_basic_info_only_when_a_count_is_filled(
        staff: int | None, subunits: int | None, printed: bool) -> None:
    book = seed_000_book()
    book.department.staff, book.department.subunits = staff, subunits
    ws = sheet(render(DEPT_FORM, book))
    labels = [ws.cell(r, 1).value for r in range(1, 6)]
    assert ("基本信息" in labels) is printed
    assert labels[2] == ("基本信息" if printed else "预算整体情况")


def test_other_task_without_content_has_no_empty_line() -> None:
    book = seed_000_book()
    book.tasks = [Task(kind="其他任务", name="甲任务", amount=Decimal("5")),
                  Task(kind="其他任务", name="乙任务", content="内容")]
    ws = sheet(render(DEPT_FORM, book))
    texts = [c.value for row in ws.iter_rows() for c in row
             if isinstance(c.value, str) and c.value.startswith(("甲任务", "乙任务"))]
    assert texts == ["甲任务\n拟投入资金：5.00（万元）", "乙任务\n内容"]


def unpaged(template: Path, tmp_path: Path) -> Path:
    """A copy of ``template`` fitted to one page tall: the engine plans no pages, so the
    output shows the rows as the template makes them (no repeated heads, no cut merges)."""
    wb = openpyxl.load_workbook(template)
    wb.worksheets[0].page_setup.fitToHeight = 1
    path = tmp_path / template.name
    wb.save(path)
    return path


def test_dept_form_tasks_and_other_tasks(tmp_path: Path) -> None:
    ws = sheet(render(unpaged(DEPT_FORM, tmp_path), seed_000_book()))
    header = find_row(ws, "B", "名称")
    tasks = [t.name for t in seed_000_book().tasks if t.kind == "重点任务"]
    assert len(tasks) == 6
    assert [ws.cell(header + i, 2).value for i in range(1, 7)] == tasks
    assert ws.cell(header + 3, 4).value == 1933.46
    merges = {r.coord for r in ws.merged_cells.ranges}
    assert f"A{header}:A{header + 6}" in merges  # 年度重点工作任务 over header + six tasks
    other = header + 7
    assert ws.cell(other, 1).value == "其他需完成的任务（可选填）"
    assert f"A{other}:A{other + 1}" in merges
    assert ws.cell(other + 1, 2).value.endswith("拟投入资金：2,739.00（万元）")


def test_dept_form_indicators_merge_level1_and_level2_down(tmp_path: Path) -> None:
    ws = sheet(render(unpaged(DEPT_FORM, tmp_path), seed_000_book()))
    header = find_row(ws, "B", "一级指标")
    first = header + 1
    rows = seed_000_book().dept_indicators or []
    assert len(rows) == 63
    assert ws.cell(first + len(rows) - 1, 4).value == rows[-1].name
    expected = {f"A{header}:A{first + len(rows) - 1}"}
    for column, key in (("B", lambda i: i.level1), ("C", lambda i: (i.level1, i.level2))):
        start = 0
        for n in range(1, len(rows) + 1):
            if n == len(rows) or key(rows[n]) != key(rows[start]):
                if n - start > 1:
                    expected.add(f"{column}{first + start}:{column}{first + n - 1}")
                start = n
    actual = {r.coord for r in ws.merged_cells.ranges if r.min_row >= header}
    assert actual == expected
    assert ws.cell(first, 2).value == "产出指标" and ws.cell(first, 3).value == "数量指标"


# --- 项目支出绩效目标表 -------------------------------------------------------------------------------


def test_project_table_matches_golden() -> None:
    check_golden("seed002_project_table", render(PROJECT_TABLE, seed_002_book()))


def test_project_table_totals_and_blank_zero_sources() -> None:
    ws = sheet(render(PROJECT_TABLE, seed_002_book()))
    assert ws["A1"].value == "项目支出绩效目标表（含转移支付项目）"
    assert ws["A2"].value == "部门名称：广州市花都区政务服务和数据管理局"
    assert [ws.cell(5, c).value for c in range(1, 6)] == ["合计", 2616.61, 2616.61, None, None]
    assert ws["B5"].number_format == "#,##0.00_ "  # a space before the right border
    assert [ws.cell(6, c).value for c in range(1, 4)] == [
        "广州市花都区政务服务和数据管理局", 2616.61, 2616.61]
    names = [ws.cell(r, 1).value for r in range(7, ws.max_row + 1)]
    # a project row continued on the next page (its indicators flow on) repeats its name
    assert [n for k, n in enumerate(names) if k == 0 or n != names[k - 1]] == [
        p.name for p in seed_002_book().projects or []]
    continued = [r for r in range(8, ws.max_row + 1) if ws.cell(r, 1).value == ws.cell(r - 1, 1).value]
    assert all(ws.cell(r, 2).value is None for r in continued)  # amounts on the first page only
    assert ws.print_title_rows == "$4:$4"


def test_project_indicators_read_as_published() -> None:
    """绩效指标 cells as seed 002 prints them (tests/fixtures/published), one indicator a line.

    Compared where the print is regular; other projects' printed cells have stray separators
    (``…(1份)。年度指标值``) a template does not reproduce. 基层服务平台示范点建设经费 has an
    indicator without 三级 name."""
    ws = sheet(render(PROJECT_TABLE, seed_002_book()))
    printed = {row[0]: row[6] for row in published_seed002.PROJECT_ROWS}
    compared = 0
    for row in range(7, ws.max_row + 1):
        name, text = ws.cell(row, 1).value, ws.cell(row, 7).value
        if name in (ws.cell(row - 1, 1).value, ws.cell(row + 1, 1).value):
            continue  # printed over a page break, cut inside an indicator
        if name in ("办证大厅窗口服务经费", "基层服务平台示范点建设经费"):
            assert text.replace("\n", "") == printed[name]
            compared += 1
        assert text.count("\n") == text.count("。") - 1  # one indicator a line
    assert compared == 2


def city_book(indicators: list[Indicator], name: str = "广州市政务服务数据管理局") -> InputBook:
    project = Project(name="政务服务", unit=name, fiscal=Decimal("10"))
    project.indicators = indicators
    return InputBook("city.xlsx", Department(name=name, level="市"), projects=[project],
                     project_indicators=indicators)


def test_city_table_reads_as_the_city_publishes_it() -> None:
    """Seed-003 style: 单位名称…（本级）, `1、一级：三级，年度指标值：值。`, no 二级, no 实施周期."""
    rows = [indicator("11", "办件数量", "≥5000件", "≥1000件"),
            indicator("31", "服务对象满意度", "服务对象满意度≥90%", "服务对象满意度≥90%")]
    ws = sheet(render(CITY_TABLE, city_book(rows)))
    assert ws["A2"].value == "单位名称：广州市政务服务数据管理局（本级）"
    assert ws["G7"].value == ("1、产出指标：办件数量，年度指标值：≥1000件。\n"
                              "2、满意度指标：服务对象满意度，年度指标值：服务对象满意度≥90%。")


@pytest.mark.parametrize(
    ("name", "header"),
    [
        ("广州市政务服务数据管理局", "单位名称：广州市政务服务数据管理局（本级）"),
        ("广州市政务服务数据管理局（本级）", "单位名称：广州市政务服务数据管理局（本级）"),
        ("广州市政务服务数据管理局(本级)", "单位名称：广州市政务服务数据管理局(本级)"),
        ("广州市本级财政局", "单位名称：广州市本级财政局（本级）"),
    ],
)
def test_city_table_prints_its_own_level_once(name: str, header: str) -> None:
    """A department that names itself …（本级）, as the city publishes it, printed
    单位名称：…（本级）（本级）: the template added its own."""
    rows = [indicator("11", "办件数量", "≥5000件", "≥1000件")]
    ws = sheet(render(CITY_TABLE, city_book(rows, name)))
    assert ws["A2"].value == header


@pytest.mark.parametrize(
    ("template", "name", "period", "annual", "expected"),
    [
        (PROJECT_TABLE, "工作天数", "", "22天", "1.1-产出指标:11-数量指标:工作天数;年度指标值:22天。"),
        (PROJECT_TABLE, "工作天数", "22天", "", "1.1-产出指标:11-数量指标:工作天数;实施周期指标值:22天。"),
        (PROJECT_TABLE, "", "", "22天", "1.1-产出指标:11-数量指标:年度指标值:22天。"),
        (PROJECT_TABLE, "工作天数", "", "", "1.1-产出指标:11-数量指标:工作天数。"),
        (CITY_TABLE, "工作天数", "22天", "", "1、产出指标：工作天数。"),
        (CITY_TABLE, "", "", "22天", "1、产出指标：年度指标值：22天。"),
    ],
)
def test_empty_indicator_fields_are_left_out(template: Path, name: str, period: str,
                                             annual: str, expected: str) -> None:
    ws = sheet(render(template, city_book([indicator("11", name, period, annual)])))
    assert ws["G7"].value == expected


@pytest.mark.parametrize("template", [PROJECT_TABLE, CITY_TABLE], ids=["district", "city"])
def test_a_zero_budget_prints_zero_totals_and_blank_sources(template: Path) -> None:
    book = city_book([indicator("11", "工作天数", "22天", "22天")])
    book.projects[0].fiscal = Decimal("0")
    ws = sheet(render(template, book))
    for row in (5, 6, 7):  # 合计, the unit, the project
        assert [ws.cell(row, c).value for c in range(2, 6)] == [0, None, None, None]
        assert ws.cell(row, 2).number_format == "#,##0.00_ "


# --- both ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("template", [DEPT_FORM, PROJECT_TABLE, CITY_TABLE],
                         ids=["dept", "project", "city"])
def test_shipped_templates_check_clean(template: Path) -> None:
    assert check_xlsx_template(template) == []
    book = seed_000_book() if template == DEPT_FORM else seed_002_book()
    assert check_xlsx_template(template, build_context(book)) == []


def test_outputs_are_deterministic_and_formula_free() -> None:
    for template, make in ((DEPT_FORM, seed_000_book), (PROJECT_TABLE, seed_002_book)):
        data = render(template, make())
        assert render(template, make()) == data
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            assert z.testzip() is None
            for name in z.namelist():
                if name.startswith("xl/worksheets/"):
                    assert "<f>" not in z.read(name).decode()


def test_rows_are_tall_enough_for_their_text() -> None:
    ws = sheet(render(PROJECT_TABLE, seed_002_book()))
    for row in range(7, 20):
        lines = ws.cell(row, 7).value.count("\n") + 1
        assert ws.row_dimensions[row].height >= lines * 10 * 1.3  # at least a line per indicator


# --- LibreOffice: the outputs open and print ---------------------------------------------------------


@pytest.mark.libreoffice
def test_libreoffice_prints_both_documents(tmp_path: Path) -> None:
    files = []
    for name, template, book in (("dept", DEPT_FORM, seed_000_book()),
                                 ("project", PROJECT_TABLE, seed_002_book())):
        path = tmp_path / f"{name}.xlsx"
        path.write_bytes(render(template, book))
        files.append(path)
    out = tmp_path / "pdf"
    out.mkdir()
    to_pdf(files, out)
    expected = {
        "dept": ["部门整体预算绩效目标申报表", "15,608.00", "期望达到的目标（概述）",
                 "1,933.46", "拟投入资金：2,739.00（万元）", "服务群众满意率", "第1页，共"],
        "project": ["项目支出绩效目标表（含转移支付项目）", "2,616.61", "办证大厅窗口服务经费",
                    "1.1-产出指标:11-数量指标:工作天数", "机构运行辅助经费", "第1页，共"],
    }
    for name, strings in expected.items():
        pdf = out / f"{name}.pdf"
        assert pdf.exists() and pdf.stat().st_size > 1000
        if shutil.which("pdftotext") is None:
            continue
        text = subprocess.run(["pdftotext", str(pdf), "-"], check=True,
                              capture_output=True, text=True).stdout
        flat = "".join(text.split())
        for s in strings:
            assert "".join(s.split()) in flat, s
        if name == "project":  # the header row repeats on every printed page
            pages = [p for p in text.split("\f") if p.strip()]
            assert len(pages) > 1
            assert all("项目名称" in p for p in pages)


def test_golden_mismatch_says_how_to_refresh(tmp_path: Path, monkeypatch: pytest.MonkeyPatch
                                             ) -> None:
    """A golden failure names `make golden`, and the Makefile has that target."""
    data = render(PROJECT_TABLE, seed_002_book())
    stale = json.loads((GOLDEN / "seed002_project_table.json").read_text("utf-8"))
    stale["sheets"][0]["cells"]["A2"] = "部门名称：旧模板"
    (tmp_path / "seed002_project_table.json").write_text(json.dumps(stale), "utf-8")
    monkeypatch.setattr(sys.modules[__name__], "GOLDEN", tmp_path)
    monkeypatch.setattr(sys.modules[__name__], "UPDATE", False)
    with pytest.raises(AssertionError, match="make golden"):
        check_golden("seed002_project_table", data)
    makefile = (ROOT / "Makefile").read_text("utf-8")
    assert re.search(r"^golden:.*\n\tXLGEN_UPDATE_GOLDEN=1 ", makefile, re.M)
