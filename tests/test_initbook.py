"""The input workbook ``xlgen init`` writes: sheets, headers, hints, dropdowns, formats, data."""

from __future__ import annotations

import os
import shutil
import subprocess
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest
from openpyxl.worksheet.worksheet import Worksheet
from python_calamine import CalamineWorkbook

from xlgen.errors import OutputError
from xlgen.model.framework import default_framework
from xlgen.workbook.blank import write_input_workbook
from xlgen.workbook.contract import load_contract

CONTRACT = load_contract()
TABLES = [s for s in CONTRACT.sheets if s.kind == "table"]
FORMS = [s for s in CONTRACT.sheets if s.kind == "form"]


def write(tmp_path: Path, name: str = "in.xlsx", **kwargs) -> Path:
    path = tmp_path / name
    write_input_workbook(path, **kwargs)
    return path


@pytest.fixture(scope="module")
def blank(tmp_path_factory) -> openpyxl.Workbook:
    path = write(tmp_path_factory.mktemp("blank"), year=2024, dept="测试局")
    return openpyxl.load_workbook(path)


def form_values(ws: Worksheet) -> dict[str, object]:
    return {row[0]: row[1] for row in ws.iter_rows(min_row=2, values_only=True) if row[0]}


def validation_at(ws: Worksheet, cell: str):
    found = [dv for dv in ws.data_validations.dataValidation if cell in dv.sqref]
    assert len(found) == 1, f"{ws.title}!{cell}: {len(found)} validations"
    return found[0]


def is_red(cell) -> bool:
    color = cell.font.color
    return color is not None and isinstance(color.rgb, str) and color.rgb.endswith("C00000")


def column_dimension(ws: Worksheet, index: int):
    """The <col> entry covering 1-based column ``index`` (xlsxwriter merges equal neighbours)."""
    for dim in ws.column_dimensions.values():
        if dim.min <= index <= dim.max:
            return dim
    raise AssertionError(f"{ws.title}: no width for column {index}")


def column_letter(spec, key: str) -> str:
    index = [f.key for f in spec.fields].index(key)
    return openpyxl.utils.get_column_letter(index + 1)


def test_every_contract_sheet_after_the_instructions(blank):
    assert blank.sheetnames == ["说明", *[s.name for s in CONTRACT.sheets]]


@pytest.mark.parametrize("spec", TABLES, ids=lambda s: s.name)
def test_table_headers_in_contract_order(blank, spec):
    ws = blank[spec.name]
    assert [c.value for c in ws[1]] == [f.label for f in spec.fields]
    assert ws.max_row == 1
    assert ws.freeze_panes == ("B2" if spec.key in ("projects", "project_indicators") else "A2")


@pytest.mark.parametrize("spec", FORMS, ids=lambda s: s.name)
def test_form_labels_one_a_row(blank, spec):
    ws = blank[spec.name]
    assert [c.value for c in ws[1]] == ["字段", "值", "说明"]
    assert [r[0] for r in ws.iter_rows(min_row=2, values_only=True)] == [
        f.label for f in spec.fields
    ]
    assert all(r[2] for r in ws.iter_rows(min_row=2, values_only=True)), "every label has a hint"
    assert ws.freeze_panes == "A2"


def test_prefilled_year_department_and_defaults(blank):
    values = form_values(blank["部门信息"])
    assert values["年度"] == 2024
    assert values["部门名称"] == "测试局"
    assert values["预算级次"] == "区"
    assert values["金额单位"] == "万元"
    assert values["财政供养人员数"] is None


def test_required_labels_and_headers_are_marked(blank):
    ws = blank["部门信息"]
    for row in ws.iter_rows(min_row=2):
        field = CONTRACT.sheet("department").fields[row[0].row - 2]
        assert is_red(row[0]) == field.required, field.label
        assert row[2].value.startswith("【必填】") == field.required
    projects = blank["项目"]
    assert projects["A1"].font.b and is_red(projects["A1"])
    assert projects["B1"].font.b and not is_red(projects["B1"])


@pytest.mark.parametrize("spec", TABLES, ids=lambda s: s.name)
def test_column_widths_and_number_formats(blank, spec):
    ws = blank[spec.name]
    for i, field in enumerate(spec.fields, 1):
        dim = column_dimension(ws, i)
        assert abs(dim.width - field.width) < 1, field.label
        expected = {"amount": "#,##0.00", "signed_amount": "#,##0.00", "rate": "0.00%"}.get(
            field.type, "General" if field.type == "score" else "@"
        )
        assert dim.number_format == expected, field.label


def test_dropdowns_warn_but_never_block(blank):
    tasks = CONTRACT.sheet("tasks")
    dv = validation_at(blank["重点任务"], f"{column_letter(tasks, 'kind')}2")
    assert dv.type == "list" and dv.formula1 == '"重点任务,其他任务"'
    dept = blank["部门信息"]
    level = validation_at(dept, "B4")
    assert level.formula1 == '"省,市,区,县,镇"'
    unit = validation_at(dept, "B5")
    assert unit.formula1 == '"万元,元"'
    for sheet in ("部门绩效指标", "项目绩效指标"):
        spec = CONTRACT.sheet(
            "dept_indicators" if sheet == "部门绩效指标" else "project_indicators"
        )
        ws = blank[sheet]
        l1 = validation_at(ws, f"{column_letter(spec, 'level1')}2")
        assert l1.type == "list" and l1.formula1 == "xlgen_level1"
        l2 = validation_at(ws, f"{column_letter(spec, 'level2')}2")
        assert "INDIRECT" in l2.formula1 and f"${column_letter(spec, 'level1')}2" in l2.formula1
        assert str(l2.sqref).endswith("1048576")
    every = [dv for ws in blank.worksheets for dv in ws.data_validations.dataValidation]
    assert all(dv.errorStyle == "warning" for dv in every if dv.type == "list")
    refs = validation_at(blank["项目绩效指标"], "A2")
    assert "'项目'!$A$2" in refs.formula1


def test_project_name_dropdown_follows_the_project_sheet(tmp_path):
    data = {"项目": {"columns": ["资金使用单位", "项目名称"], "rows": []}}
    wb = openpyxl.load_workbook(write(tmp_path, "a.xlsx", data=data))
    assert "'项目'!$B$2" in validation_at(wb["项目绩效指标"], "A2").formula1
    wb = openpyxl.load_workbook(write(tmp_path, "b.xlsx", data={"项目": None}))
    assert validation_at(wb["项目绩效指标"], "A2").type is None  # a hint, no list


def test_dropdown_lists_are_the_framework(blank):
    framework = default_framework()

    def names(defined: str) -> list[str]:
        sheet, ref = blank.defined_names[defined].attr_text.split("!")
        assert sheet.strip("'") == "说明"
        return [row[0].value for row in blank["说明"][ref.replace("$", "")]]

    assert names("xlgen_level1") == [l1.name for l1 in framework.level1]
    assert names("xlgen_level2_0") == [l2.name for l1 in framework.level1 for l2 in l1.level2]
    for i, l1 in enumerate(framework.level1, 1):
        assert names(f"xlgen_level2_{i}") == [l2.name for l2 in l1.level2]


def test_instructions_explain_every_sheet_field_and_rule(blank):
    text = "\n".join(
        str(v) for row in blank["说明"].iter_rows(values_only=True) for v in row if v is not None
    )
    for spec in CONTRACT.sheets:
        assert spec.name in text
        for field in spec.fields:
            assert field.label in text
    for l1 in default_framework().level1:
        assert l1.name in text
        for l2 in l1.level2:
            assert f"{l2.code}-{l2.label}" in text
    for phrase in ("必填", "万元", "不填即为 0", "Alt+Enter", "合并单元格", "xlgen validate",
                   "拖到安装文件夹中的“生成文书.bat”上"):  # the offline bundle's clerk types none
        assert phrase in text, phrase
    assert blank.active.title == "说明"


def test_each_other_spelling_of_a_level2_is_quoted(blank):
    # 社会、经济、生态效益指标 is one alias: a list joined by 、 read as three names
    framework = default_framework()
    spellings = {row[1]: row[3] for row in blank["说明"].iter_rows(values_only=True)
                 if row[1] and row[3] and row[0] in {l1.name for l1 in framework.level1}}
    for l1 in framework.level1:
        for l2 in l1.level2:
            for alias in l2.aliases:
                assert f"“{alias}”" in spellings[l2.name], (l2.name, alias)
    assert "“22-社会效益”“社会效益”“社会、经济、生态效益指标”" in spellings["社会效益指标"]


def test_notes_are_appended(tmp_path):
    wb = openpyxl.load_workbook(write(tmp_path, notes="样例假定为 2023 年。\n第二行"))
    column = [r[0] for r in wb["说明"].iter_rows(values_only=True)]
    assert column[-3:] == ["五、附注", "样例假定为 2023 年。", "第二行"]


def test_data_fills_sheets_and_text_stays_text(tmp_path):
    data = {
        "部门信息": {"年度": 2023, "部门名称": "测试局", "财政供养人员数": 33},
        "预算": {"财政拨款": Decimal("15608.00"), "区本级使用资金": "15,608.00"},
        "项目": [
            {"项目名称": "=甲项目", "财政拨款": Decimal("61.75"), "预算调整": -10, "自定义列": "x"},
            {"项目名称": "乙项目", "财政拨款": "１５６０８", "绩效目标": "第一段\n第二段"},
        ],
        "项目绩效指标": None,
        "自评报告": {"年初预算数": 8463.23, "部门职责": "1、甲\n2、乙", "新增章节": "=100%"},
    }
    wb = openpyxl.load_workbook(write(tmp_path, year=1999, dept="别的局", data=data))
    assert "项目绩效指标" not in wb.sheetnames
    assert wb["重点任务"].max_row == 1 and wb["管理效率指标"].max_row == 1
    dept = form_values(wb["部门信息"])
    assert (dept["年度"], dept["部门名称"], dept["财政供养人员数"]) == (2023, "测试局", 33)
    budget = wb["预算"]
    assert form_values(budget)["区本级使用资金"] == "15,608.00"
    assert "本级使用资金" not in form_values(budget)
    assert budget["B6"].value == 15608 and budget["B6"].number_format == "#,##0.00"
    ws = wb["项目"]
    headers = [c.value for c in ws[1]]
    assert headers[-1] == "自定义列" and headers[:-1] == [
        f.label for f in CONTRACT.sheet("projects").fields
    ]
    row2 = dict(zip(headers, ws[2], strict=True))
    assert row2["项目名称"].value == "=甲项目" and row2["项目名称"].data_type == "s"
    assert row2["财政拨款"].value == 61.75 and row2["财政拨款"].number_format == "#,##0.00"
    assert row2["预算调整"].value == -10
    row3 = dict(zip(headers, ws[3], strict=True))
    assert row3["财政拨款"].value == "１５６０８" and row3["财政拨款"].data_type == "s"
    assert row3["绩效目标"].value == "第一段\n第二段"
    report = form_values(wb["自评报告"])
    assert report["部门职责"] == "1、甲\n2、乙"
    assert report["新增章节"] == "=100%"
    labels = [r[0] for r in wb["自评报告"].iter_rows(min_row=2, values_only=True)]
    assert labels[-1] == "新增章节"


def test_explicit_columns_keep_order_and_aliases(tmp_path):
    data = {
        "重点任务": {
            "columns": ["任务名称", "拟投入的资金"],
            "rows": [("甲", 1), {"任务名称": "乙"}],
        }
    }
    ws = openpyxl.load_workbook(write(tmp_path, data=data))["重点任务"]
    assert list(ws.iter_rows(values_only=True)) == [
        ("任务名称", "拟投入的资金"),
        ("甲", 1),
        ("乙", None),
    ]
    assert column_dimension(ws, 2).number_format == "#,##0.00"


def test_unknown_sheet_is_refused(tmp_path):
    with pytest.raises(ValueError, match="项目表"):
        write(tmp_path, data={"项目表": []})


def test_unwritable_path_is_an_output_error(tmp_path):
    with pytest.raises(OutputError, match="无法写入"):
        write(tmp_path, name="missing/in.xlsx")


def test_deterministic(tmp_path):
    data = {"项目": [{"项目名称": "甲", "财政拨款": Decimal("1.5")}]}
    a = write(tmp_path, "a.xlsx", year=2024, dept="测试局", data=data, notes="注")
    b = write(tmp_path, "b.xlsx", year=2024, dept="测试局", data=data, notes="注")
    assert a.read_bytes() == b.read_bytes()


def test_calamine_reads_it(tmp_path):
    book = CalamineWorkbook.from_path(str(write(tmp_path, year=2024, dept="测试局")))
    assert book.sheet_names[0] == "说明"
    rows = book.get_sheet_by_name("部门信息").to_python()
    assert rows[1][:2] == ["年度", 2024.0] or rows[1][:2] == ["年度", 2024]


def _soffice() -> str | None:
    found = shutil.which("soffice") or shutil.which("libreoffice")
    if found is None and os.environ.get("XLGEN_REQUIRE_LIBREOFFICE") == "1":
        pytest.fail("XLGEN_REQUIRE_LIBREOFFICE=1 but soffice is not on PATH")
    return found


@pytest.mark.libreoffice
def test_libreoffice_opens_it(tmp_path):
    soffice = _soffice()
    if soffice is None:
        pytest.skip("LibreOffice (soffice) is not installed")
    path = write(tmp_path, year=2024, dept="测试局")
    out = tmp_path / "csv"
    # Every sheet to CSV (UTF-8); the last token -1 asks for all sheets, one file each.
    csv_filter = "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,-1"
    subprocess.run(
        [
            soffice,
            f"-env:UserInstallation=file://{tmp_path / 'profile'}",
            "--headless",
            "--convert-to",
            csv_filter,
            "--outdir",
            str(out),
            str(path),
        ],
        check=True,
        capture_output=True,
        timeout=180,
    )
    projects = (out / "in-项目.csv").read_text("utf-8").splitlines()
    assert projects[0].split(",") == [f.label for f in CONTRACT.sheet("projects").fields]
    dept = (out / "in-部门信息.csv").read_text("utf-8").splitlines()
    assert dept[1].startswith("年度,2024,")


@pytest.mark.parametrize(("label", "hint_head", "number_format"), [
    ("年度", "【必填】", "General"),  # typed 2023.5 shows as typed, not as 2024
    ("部门名称", "【必填】", "@"),
    ("财政供养人员数", "【应填，不填会提醒】", "General"),  # the spec: warning if blank
    ("下属二级单位数", "【应填，不填会提醒】", "General"),
    ("总体绩效目标", "【应填，不填会提醒】", "@"),
    ("预算级次", "下拉选择", "@"),
])
def test_department_form_says_what_is_needed_and_shows_what_is_read(
        blank, label, hint_head, number_format):
    ws = blank["部门信息"]
    [row] = [r for r in ws.iter_rows(min_row=2) if r[0].value == label]
    assert row[2].value.startswith(hint_head)
    assert row[1].number_format == number_format
