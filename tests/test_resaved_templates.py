"""Templates a maintainer opened and saved again in an office suite (LibreOffice here).

LibreOffice on a computer without 宋体 keeps the name only as the Western font and writes
its own fallback (Noto Sans CJK SC) into every cell of Chinese text; the check names those
cells. The fixtures rebuild that shape in code; one test round-trips a shipped template
through LibreOffice itself, as a maintainer saving it unchanged.
"""

from __future__ import annotations

import io
import subprocess
from pathlib import Path

import openpyxl
import pytest
from openpyxl.styles import Font
from openpyxl.worksheet.worksheet import Worksheet
from printing import soffice
from test_xlsx_documents import PROJECT_TABLE, seed_002_book

from xlgen.problems import Severity
from xlgen.render import build_context, render_xlsx
from xlgen.render.xlsx import check_xlsx_template

LO_CJK = "Noto Sans CJK SC"


def resaved_shape(tmp_path: Path, fonts: dict[str, str]) -> Path:
    """A template as LibreOffice writes it: labels in ``fonts`` (cell → font), the tag in
    宋体 (its text is ASCII, so LibreOffice writes the Western font there)."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "表"
    for ref, text in {"A1": "项目支出绩效目标表", "A2": "部门名称：", "B2": "{{ dept.name }}",
                      "A3": "单位：万元"}.items():
        ws[ref] = text
        ws[ref].font = Font(name=fonts.get(ref, "宋体"), sz=11)
    path = tmp_path / "t.xlsx"
    wb.save(path)
    return path


@pytest.mark.parametrize(("fonts", "cells"), [
    ({}, []),
    ({"A1": "黑体", "A3": "Microsoft YaHei"}, []),  # the maintainer's own choice, on Windows
    ({"A1": LO_CJK, "A2": LO_CJK, "A3": LO_CJK}, ["A1、A2、A3"]),
    ({"A1": LO_CJK, "A3": "WenQuanYi Zen Hei"}, ["A1", "A3"]),
])
def test_fonts_a_suite_put_in_are_named_with_the_font_to_put_back(
        tmp_path: Path, fonts: dict[str, str], cells: list[str]) -> None:
    problems = [p for p in check_xlsx_template(resaved_shape(tmp_path, fonts))
                if p.code == "template-font-substituted"]
    assert [p.severity for p in problems] == [Severity.WARNING] * len(cells)
    for problem, named in zip(problems, cells, strict=True):
        assert f"工作表“表”单元格 {named}的字体是“" in problem.message, problem.message
        assert "改回“宋体”（这张表其他单元格的字体），再保存" in problem.message, problem.message


def test_a_sheet_all_in_a_fallback_font_says_to_put_the_original_back(tmp_path: Path) -> None:
    everywhere = dict.fromkeys(["A1", "A2", "B2", "A3"], LO_CJK)
    [problem] = check_xlsx_template(resaved_shape(tmp_path, everywhere))
    assert "A1、A2、B2、A3的字体是“Noto Sans CJK SC”" in problem.message, problem.message
    assert "改回原来的字体（如“宋体”），再保存" in problem.message, problem.message


def page_setup(ws: Worksheet) -> tuple[object, ...]:
    setup = ws.page_setup
    return (setup.paperSize, setup.orientation, setup.fitToWidth, setup.fitToHeight,
            ws.sheet_properties.pageSetUpPr.fitToPage)


@pytest.mark.libreoffice
def test_a_template_saved_unchanged_in_libreoffice_builds_the_same_or_is_named(
        tmp_path: Path) -> None:
    """A maintainer opens the 区级 目标表 in LibreOffice (its own settings) and saves it: the
    table's figures, texts, merges and page setup come out the same, and every cell whose
    font LibreOffice replaced is named by the check (none where 宋体 is installed)."""
    profile = tmp_path / "profile"
    out = tmp_path / "resaved"
    subprocess.run([soffice(), f"-env:UserInstallation={profile.as_uri()}", "--headless",
                    "--convert-to", "xlsx", "--outdir", str(out), str(PROJECT_TABLE)],
                   check=True, capture_output=True, timeout=600)
    resaved = out / PROJECT_TABLE.name
    context = build_context(seed_002_book())
    before, after = (openpyxl.load_workbook(io.BytesIO(render_xlsx(t, context).data)).active
                     for t in (PROJECT_TABLE, resaved))
    assert [[c.value for c in row] for row in after.iter_rows()] == \
        [[c.value for c in row] for row in before.iter_rows()]
    assert sorted(map(str, after.merged_cells.ranges)) == \
        sorted(map(str, before.merged_cells.ranges))
    assert (after.print_title_rows, after.print_area) == (before.print_title_rows,
                                                         before.print_area)
    assert page_setup(after) == page_setup(before)
    original = openpyxl.load_workbook(PROJECT_TABLE).active
    replaced = {c.font.name for row in openpyxl.load_workbook(resaved).active.iter_rows()
                for c in row
                if c.value not in (None, "") and c.font.name != original[c.coordinate].font.name}
    warned = [p.message for p in check_xlsx_template(resaved)
              if p.code == "template-font-substituted"]
    assert len(warned) == len(replaced), warned
    assert all(any(f"的字体是“{font}”" in m for m in warned) for font in replaced), warned
