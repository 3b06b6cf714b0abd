"""Templates a maintainer opened and saved again in an office suite (LibreOffice here).

LibreOffice on a computer without 宋体 keeps the name only as the Western font and writes
its own fallback (Noto Sans CJK SC) into every cell of Chinese text; the check names those
cells. The fixtures rebuild that shape in code; one test round-trips a shipped template
through LibreOffice itself, as a maintainer saving it unchanged.
"""

from __future__ import annotations

import io
import subprocess
import zipfile
from pathlib import Path

import openpyxl
import pytest
from openpyxl.cell.rich_text import CellRichText, TextBlock
from openpyxl.cell.text import InlineFont
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


SST = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
SST_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"
SST_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings"


def shared_strings(wb: openpyxl.Workbook, path: Path) -> Path:
    """Save ``wb`` with its one rich text in the shared strings, as LibreOffice and Excel
    write it (openpyxl writes rich text inline)."""
    buffer = io.BytesIO()
    wb.save(buffer)
    with zipfile.ZipFile(buffer) as source, zipfile.ZipFile(path, "w") as target:
        for item in source.infolist():
            data = source.read(item).decode()
            if item.filename == "xl/worksheets/sheet1.xml":
                start, end = data.index("<is>"), data.index("</is>") + len("</is>")
                runs = data[start + len("<is>"):end - len("</is>")]
                data = data[:start].replace('t="inlineStr"', 't="s"') + "<v>0</v>" + data[end:]
                target.writestr("xl/sharedStrings.xml", f'<sst xmlns="{SST}" count="1" '
                                f'uniqueCount="1"><si>{runs}</si></sst>')
            elif item.filename == "[Content_Types].xml":
                data = data.replace("</Types>", '<Override PartName="/xl/sharedStrings.xml" '
                                    f'ContentType="{SST_TYPE}"/></Types>')
            elif item.filename == "xl/_rels/workbook.xml.rels":
                data = data.replace("</Relationships>", f'<Relationship Id="rIdSst" '
                                    f'Type="{SST_REL}" Target="sharedStrings.xml"/>'
                                    "</Relationships>")
            target.writestr(item, data)
    return path


def test_a_cell_in_runs_of_several_fonts_builds_as_one_text(tmp_path: Path) -> None:
    """LibreOffice writes “部门名称：{{ dept.name }}” as two runs (the label in its Asian
    font, the tag in 宋体), and a maintainer who bolds half a tag splits the tag itself: the
    cell builds as its whole text, in the cell's font."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws["A1"] = CellRichText(TextBlock(InlineFont(rFont=LO_CJK, sz=11), "部门名称："),
                            TextBlock(InlineFont(rFont="宋体", sz=11, b=True), "{{ dept."),
                            TextBlock(InlineFont(rFont="宋体", sz=11), "name }}"))
    ws["A1"].font = Font(name="宋体", sz=11)
    template = shared_strings(wb, tmp_path / "runs.xlsx")
    assert isinstance(openpyxl.load_workbook(template, rich_text=True).active["A1"].value,
                      CellRichText)
    built = render_xlsx(template, {"dept": {"name": "示例区政务服务数据管理局"}})
    cell = openpyxl.load_workbook(io.BytesIO(built.data)).active["A1"]
    assert (cell.value, cell.font.name) == ("部门名称：示例区政务服务数据管理局", "宋体")
    assert check_xlsx_template(template) == []


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
