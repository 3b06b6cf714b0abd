"""A maintainer's new column needs no code (issue 14 item 4, issue 17): a column the contract
does not know reaches the templates as the record's ``extra[label]``; fields a maintainer
declares in the templates folder's fields.toml are validated like built-in ones."""

import shutil
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner
from test_cli import FULL_DEPT
from test_validate import BUDGET_OK, IND_HEAD, PROJ_HEAD, full_indicators
from workbooks import write_book

from xlgen.api import check_workbook
from xlgen.cli import main
from xlgen.errors import TemplateError
from xlgen.workbook import load_contract

ROOT = Path(__file__).resolve().parent.parent
PROJECT_TEMPLATE = Path("区级") / "项目支出绩效目标表.xlsx"


@pytest.fixture
def templates(tmp_path: Path) -> Path:
    """The shipped templates, the 区级 项目表 printing p.extra['实施周期'] after the goal."""
    folder = tmp_path / "templates"
    shutil.copytree(ROOT / "templates", folder)
    wb = openpyxl.load_workbook(folder / PROJECT_TEMPLATE)
    ws = wb.active
    assert ws["F9"].value == "{{ p.goal }}"
    ws["F9"] = "{{ p.goal }}（实施周期：{{ p.extra['实施周期'] }}）"
    wb.save(folder / PROJECT_TEMPLATE)
    return folder


def workbook(path: Path, extra_head: list[str], extra_cells: list) -> Path:
    return write_book(path, {
        "部门信息": FULL_DEPT, "预算": BUDGET_OK,
        "项目": [PROJ_HEAD + extra_head,
               ["甲项目", "", 100, "", 20.5, "目标", "", "", *extra_cells]],
        "项目绩效指标": [IND_HEAD + ["数据来源"],
                   *(row + [f"来源{n}"] for n, row in enumerate(full_indicators("甲项目")))]})


def cells(path: Path) -> list[str]:
    ws = openpyxl.load_workbook(path).active
    return [str(c.value) for row in ws.iter_rows() for c in row if c.value is not None]


def test_new_column_and_template_reach_the_output(tmp_path, templates):
    (tmp_path / "in").mkdir()
    book = workbook(tmp_path / "in" / "a.xlsx", ["实施周期"], ["2023-2025年"])
    result = CliRunner().invoke(main, ["build", str(book.parent), "--out", str(tmp_path / "out"),
                                       "--templates", str(templates)])
    assert result.exit_code == 0, result.output
    [table] = (tmp_path / "out").rglob("*项目支出绩效目标表.xlsx")
    assert "目标（实施周期：2023-2025年）" in cells(table)


def test_unknown_columns_are_kept_as_text(tmp_path):
    book, report = check_workbook(workbook(tmp_path / "a.xlsx", ["实施周期"], [2023]))
    assert book.projects[0].extra == {"实施周期": "2023"}
    assert [i.extra["数据来源"] for i in book.projects[0].indicators][:2] == ["来源0", "来源1"]
    assert {(p.code, p.cell) for p in report.warnings} >= {("unknown-column", "I1")}


FIELDS = """
[[field]]
sheet = "项目"
label = "配套资金"
type = "金额"

[[field]]
sheet = "部门信息"
label = "联系人"

[[field]]
sheet = "项目绩效指标"
label = "权重说明"
type = "text"
"""


@pytest.mark.parametrize(("value", "expected", "problem"), [
    (5.5, Decimal("5.5"), None),
    ("约5", None, ("bad-amount", "项目", "I2")),
    ("", None, None),
])
def test_declared_fields_are_typed_and_checked(tmp_path, value, expected, problem):
    (tmp_path / "fields.toml").write_text(FIELDS, encoding="utf-8")
    contract = load_contract(tmp_path / "fields.toml")
    sheets = {"部门信息": [*FULL_DEPT, ["联系人", "张三"]], "预算": BUDGET_OK,
              "项目": [PROJ_HEAD + ["配套资金"], ["甲项目", "", 100, "", 20.5, "", "", "", value]],
              "项目绩效指标": [IND_HEAD + ["备注"],
                         *(r + ["注"] for r in full_indicators("甲项目"))]}
    book, report = check_workbook(write_book(tmp_path / "a.xlsx", sheets), contract=contract)
    assert book.projects[0].extra == {"配套资金": expected}
    # a form field the model has no attribute for: extra, not a TypeError
    assert book.department.extra == {"联系人": "张三"}
    # declared but absent: there, blank, so a template may name it
    # … beside a column nobody declared
    assert {tuple(i.extra.items()) for i in book.projects[0].indicators} == {
        (("权重说明", ""), ("备注", "注"))}
    assert [p.cell for p in report.warnings if p.code == "unknown-column"] == ["G1"]
    found = [(p.code, p.sheet, p.cell) for p in report.errors]
    assert found == ([problem] if problem else [])


@pytest.mark.parametrize(("text", "says"), [
    ('[[field]]\nsheet = "项目表"\nlabel = "x"\n', "没有名为“项目表”的工作表"),
    ('[[field]]\nsheet = "项目"\n', "缺少 label"),
    ('[[field]]\nsheet = "项目"\nlabel = "实际支出"\n', "已有“实际支出”"),
    ('[[field]]\nsheet = "项目"\nlabel = "x"\ntype = "money"\n', "type 只能是"),
    ('[[field]]\nsheet = "项目"\nlabel = "x"\ntype = "choice"\n', "要列出 choices"),
    ('[[field]\n', "字段声明文件"),
])
def test_bad_fields_file_is_a_template_error(tmp_path, templates, text, says):
    (templates / "fields.toml").write_text(text, encoding="utf-8")
    with pytest.raises(TemplateError, match=says):
        load_contract(templates / "fields.toml")
    result = CliRunner().invoke(main, ["templates", "check", "--templates", str(templates)])
    assert result.exit_code == 3 and says in result.output


def test_vars_and_check_know_declared_fields(templates):
    (templates / "fields.toml").write_text(
        FIELDS + '\n[[field]]\nsheet = "项目"\nlabel = "实施周期"\n', encoding="utf-8")
    result = CliRunner().invoke(main, ["templates", "vars", "--templates", str(templates)])
    assert result.exit_code == 0
    assert "p.extra['配套资金']  “项目”表的“配套资金”（金额），p 是 projects 中的一项" \
        in result.output
    assert "dept.extra['联系人']" in result.output and "i.extra['权重说明']" in result.output
    # and, for a workbook, the columns it adds that nobody declared
    (templates.parent / "in").mkdir()
    book = workbook(templates.parent / "in" / "a.xlsx", ["实施周期", "备注"], ["三年", "x"])
    result = CliRunner().invoke(main, ["templates", "vars", "--workbook", str(book),
                                       "--templates", str(templates)])
    assert result.exit_code == 0, result.output
    assert "p.extra['备注']  “项目”表新增的列“备注”（未声明，按文本）" in result.output
    assert "i.extra['数据来源']" in result.output
    assert result.output.count("p.extra['实施周期']") == 2  # declared (listed once) + the hint
    # the trial render gives every declared field a sample value
    result = CliRunner().invoke(main, ["templates", "check", "--templates", str(templates)])
    assert result.exit_code == 0, result.output


def test_build_checks_fields_declared_beside_its_templates(tmp_path, templates):
    (templates / "fields.toml").write_text(FIELDS, encoding="utf-8")
    (tmp_path / "in").mkdir()
    book = workbook(tmp_path / "in" / "a.xlsx", ["实施周期", "配套资金"], ["三年", "约5"])
    result = CliRunner().invoke(main, ["build", str(book.parent), "--out", str(tmp_path / "out"),
                                       "--templates", str(templates)])
    assert result.exit_code != 0 and "J2" in result.output and "配套资金" in result.output
    assert not list((tmp_path / "out").rglob("*.xlsx"))


def test_self_evaluation_rows_carry_the_extras(tmp_path):
    from xlgen.rules import evaluate

    book, _ = check_workbook(workbook(tmp_path / "a.xlsx", ["实施周期"], ["三年"]))
    [e] = evaluate(book)
    assert e.extra == {"实施周期": "三年"}
    assert [i.extra["数据来源"] for i in e.indicators][:1] == ["来源0"]


def test_init_writes_the_declared_columns(tmp_path, templates):
    (templates / "fields.toml").write_text(FIELDS, encoding="utf-8")
    book = tmp_path / "新表.xlsx"
    result = CliRunner().invoke(main, ["init", str(book), "--templates", str(templates)])
    assert result.exit_code == 0, result.output
    wb = openpyxl.load_workbook(book)
    assert "配套资金" in [c.value for c in wb["项目"][1]]
    assert "权重说明" in [c.value for c in wb["项目绩效指标"][1]]
    assert "联系人" in [c.value for c in wb["部门信息"]["A"]]
    # the folder beside the inputs is found as for build; the shipped templates declare none
    near = tmp_path / "近旁.xlsx"
    assert CliRunner().invoke(main, ["init", str(near)]).exit_code == 0
    assert "配套资金" in [c.value for c in openpyxl.load_workbook(near)["项目"][1]]
    plain = tmp_path / "plain.xlsx"
    result = CliRunner().invoke(main, ["init", str(plain), "--templates", str(ROOT / "templates")])
    assert result.exit_code == 0
    assert "配套资金" not in [c.value for c in openpyxl.load_workbook(plain)["项目"][1]]


def test_manifest_needs_may_name_a_declared_column(tmp_path, templates):
    """`needs = ["项目.配套资金"]`: accepted once declared; met when a row fills it."""
    from xlgen.render import read_manifest

    manifest = templates / "manifest.toml"
    text = manifest.read_text("utf-8").replace('needs = ["项目"', 'needs = ["项目.配套资金"', 1)
    assert text != manifest.read_text("utf-8")
    manifest.write_text(text, "utf-8")
    with pytest.raises(TemplateError, match="没有“配套资金”一列"):
        read_manifest(templates)
    (templates / "fields.toml").write_text(FIELDS, encoding="utf-8")
    read_manifest(templates)
    contract = load_contract(templates / "fields.toml")
    for value, met in ((5, True), ("", False)):
        row = ["甲项目", "", 100, "", "", "", "", "", value]
        sheets = {"项目": [PROJ_HEAD + ["配套资金"], row]}
        book, _ = check_workbook(write_book(tmp_path / f"{met}.xlsx", sheets), contract=contract)
        assert contract.need_met(book, "项目.配套资金") is met


def test_a_contract_field_without_model_attribute_goes_to_extra(tmp_path):
    """A field added to contract.toml itself (not fields.toml) once raised TypeError."""
    from dataclasses import replace

    from xlgen.problems import Report
    from xlgen.workbook import Field, load_book, read_raw

    base = load_contract()
    added = Field(key="contact", label="联系人", help="填表人")
    contract = replace(base, sheets=tuple(
        replace(s, fields=(*s.fields, added)) if s.key in ("department", "projects") else s
        for s in base.sheets))
    sheets = {"部门信息": [*FULL_DEPT, ["联系人", "张三"]],
              "项目": [PROJ_HEAD + ["联系人"], ["甲项目", "", 100, "", "", "", "", "", "李四"]]}
    report = Report("a.xlsx")
    book = load_book(read_raw(write_book(tmp_path / "a.xlsx", sheets)), report, contract)
    assert book.department.extra == {"联系人": "张三"}
    assert book.projects[0].extra == {"联系人": "李四"}
    assert report.errors == []


def test_validate_checks_the_declared_fields_too(tmp_path, templates):
    (templates / "fields.toml").write_text(FIELDS, encoding="utf-8")
    (tmp_path / "in").mkdir()
    book = workbook(tmp_path / "in" / "a.xlsx", ["配套资金"], ["约5"])
    result = CliRunner().invoke(main, ["validate", str(book), "--templates", str(templates)])
    assert result.exit_code == 1 and "项目!I2" in result.output and "配套资金" in result.output


@pytest.mark.parametrize(("unit", "typed", "expected"), [
    ("元", 123456, Decimal("12.3456")),  # converted as every amount of a 元 workbook
    ("万元", 12.5, Decimal("12.5")),
])
def test_an_amount_declared_on_the_department_sheet_follows_its_unit(
        tmp_path, unit, typed, expected) -> None:
    """金额单位 is on 部门信息 itself: an amount field a maintainer adds there was read before
    the unit was known and stayed in 元 (123456 printed as 123,456.00 万元)."""
    (tmp_path / "fields.toml").write_text(
        '[[field]]\nsheet = "部门信息"\nlabel = "专项经费"\ntype = "amount"\n', encoding="utf-8")
    contract = load_contract(tmp_path / "fields.toml")
    dept = [*FULL_DEPT, ["金额单位", unit], ["专项经费", typed]]
    book, report = check_workbook(write_book(tmp_path / "a.xlsx", {"部门信息": dept}),
                                  contract=contract)
    assert book is not None and book.department.unit == unit
    assert book.department.extra == {"专项经费": expected}
