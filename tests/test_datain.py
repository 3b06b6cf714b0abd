"""Data in (issue 12): ``xlgen import`` of published tables, ``xlgen init --from`` last year,
and the round trip build → import → build, on the samples and on tables built here."""

# ruff: noqa: E501

from __future__ import annotations

import re
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner
from fixtures.published import seed002
from workbooks import problem_codes, write_book

from xlgen.api import build_workbook, check_workbook, find_templates
from xlgen.cli.commands import main
from xlgen.model import default_framework
from xlgen.workbook import read_raw
from xlgen.workbook.folded import unfold

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = sorted((ROOT / "inputs").rglob("*.xlsx"))
FULL = ROOT / "inputs" / "示例" / "示例区政务服务数据管理局.xlsx"
TABLES = ("部门整体预算绩效目标申报表", "项目支出绩效目标表")
HEADER = ["项目名称（资金使用单位）", "总计", "财政拨款", "财政专户拨款", "其他资金", "绩效目标",
          "绩效指标"]


def run(*args: str):
    return CliRunner().invoke(main, [str(a) for a in args], catch_exceptions=False)


def build(source: Path, out: Path, templates: str | None = None) -> list[Path]:
    result = build_workbook(source, out, find_templates(templates, [source]))
    assert result.report.valid, problem_codes(result.report)
    return list(result.written)


def cells(path: Path) -> dict[str, tuple[list[list[object]], list]]:
    """Every sheet's values and merged ranges."""
    return {name: ([list(r) for r in g.rows], sorted(g.merged))
            for name, g in read_raw(path).sheets.items()}


# ---------------------------------------------------------------- round trip


@pytest.mark.parametrize("sample", SAMPLES, ids=lambda p: f"{p.parent.name}-{p.stem}")
def test_build_import_build_gives_the_same_tables(tmp_path, sample):
    first = build(sample, tmp_path / "a")
    tables = [p for p in first if p.suffix == ".xlsx" and p.stem.endswith(TABLES)]
    # the 2022 sample holds only the self-evaluation: its one document is the Word report
    assert tables or [p.suffix for p in first] == [".docx"], first
    for table in tables:
        kind = next(k for k in TABLES if table.stem.endswith(k))
        imported = tmp_path / kind / sample.parent.name / sample.name
        result = run("import", table, imported)
        assert result.exit_code == 0, result.output
        again = build(imported, tmp_path / f"b-{kind}")
        twin = next(p for p in again if p.name == table.name)
        assert cells(twin) == cells(table), kind


def test_city_style_round_trip(tmp_path):
    table = next(p for p in build(FULL, tmp_path / "a", "市级") if p.stem.endswith(TABLES[1]))
    imported = tmp_path / "in" / "示例.xlsx"
    result = run("import", table, imported)
    assert result.exit_code == 0, result.output
    assert "import-no-level2" in result.output  # the city style prints no 二级
    book, _ = check_workbook(imported)
    assert book is not None and book.department.extra.get("模板", book.department.template) \
        == "市级"
    again = build(imported, tmp_path / "b")
    twin = next(p for p in again if p.name == table.name)
    assert cells(twin) == cells(table)


# ---------------------------------------------------------------- import: tables built here


def project_table(rows: list[list[object]], title: str = "部门名称：测试局") -> dict:
    return {"项目支出绩效目标表": [["项目支出绩效目标表（含转移支付项目）"], [title], ["单位：万元"],
                                   HEADER, *rows]}


CODED = ("1.1-产出指标:11-数量指标:受理量;实施周期指标值:≥100件;年度指标值:≥100件。"
         "2.2-效益指标:22-社会效益:群众满意;实施周期指标值:提升;年度指标值:提升。")


def test_import_drops_totals_and_warns_where_they_disagree(tmp_path):
    source = write_book(tmp_path / "2024年测试局项目支出绩效目标表.xlsx", project_table([
        ["合计", "300.00", "300.00", None, None, None, None],
        ["测试局", 100, 100, None, None, None, None],
        ["甲项目", 100, 100, None, None, "目标甲", CODED],
        ["测试局下属中心", "250.50", "250.50", None, None, None, None],
        ["乙项目", "200.25", "200.25", None, None, "目标乙", CODED],
    ]), dept=False)
    out = tmp_path / "in.xlsx"
    result = run("import", source, out)
    assert result.exit_code == 0, result.output
    report_lines = result.output
    assert "项目支出绩效目标表!A5 [import-total-mismatch]" in report_lines  # 合计 300 ≠ 300.25
    assert "项目支出绩效目标表!A8 [import-total-mismatch]" in report_lines  # 250.50 ≠ 200.25
    assert "项目支出绩效目标表!A6 [" not in report_lines  # the unit row that agrees
    book, report = check_workbook(out)
    assert report.valid, problem_codes(report)
    assert book is not None and book.department.year == 2024
    assert [(p.name, p.unit, p.fiscal) for p in book.projects] == [
        ("甲项目", "测试局", Decimal(100)), ("乙项目", "测试局下属中心", Decimal("200.25"))]
    assert [(i.level1, i.level2, i.name, i.annual_value) for i in book.projects[0].indicators] == [
        ("产出指标", "数量指标", "受理量", "≥100件"), ("效益指标", "社会效益指标", "群众满意", "提升")]
    note = openpyxl.load_workbook(out)["说明"]
    text = "\n".join(str(c.value) for row in note.iter_rows() for c in row if c.value)
    assert "合计财政拨款印为 300.00 万元，全部项目之和却是 300.25 万元" in text


@pytest.mark.parametrize(("row", "warned"), [
    (["甲项目", "350.00", 300, None, 20, "目标甲", CODED], True),  # 350 ≠ 300 + 20
    (["甲项目", "320.00", 300, None, 20, "目标甲", CODED], False),
    (["甲项目", 300, 300, None, None, "目标甲", CODED], False),
    (["甲项目", 300, None, None, None, "目标甲", CODED], True),  # no part printed: 0 ≠ 300
    (["甲项目", 300, "约300", None, None, "目标甲", CODED], False),  # import-bad-amount says it
])
def test_a_project_total_that_is_not_its_parts_is_warned_of(tmp_path, row, warned):
    """A published project row whose 总计 is not 财政拨款 + 财政专户拨款 + 其他资金 was copied
    into the 总计 column without a word at import (only validate saw it, at the new
    workbook's cell): it is warned of at the published cell, and still copied as printed."""
    source = write_book(tmp_path / "2024年测试局项目支出绩效目标表.xlsx", project_table([
        ["测试局", row[1], row[2], None, row[4], None, None], row]), dept=False)
    out = tmp_path / "in.xlsx"
    result = run("import", source, out)
    said = "项目支出绩效目标表!B6 [import-total-mismatch]" in result.output
    assert said is warned, result.output
    if warned:
        assert "项目“甲项目”的总计印为 " in result.output
        assert "财政拨款 + 财政专户拨款 + 其他资金 之和却是" in result.output
        rows = list(openpyxl.load_workbook(out)["项目"].iter_rows(values_only=True))
        assert Decimal(str(rows[1][rows[0].index("总计")])) == Decimal(row[1])


A, B, C = (["甲项目", 100, 100, None, None, "目标甲", CODED],
           ["乙项目", 200, 200, None, None, "目标乙", CODED],
           ["丙项目", 50, 50, None, None, "目标丙", CODED])


def total(name: str, amount: int) -> list[object]:
    return [name, amount, amount, None, None, None, None]


@pytest.mark.parametrize(("rows", "mismatch"), [
    # 小计 under the projects it sums (each unit's block ends with it), 合计 at the foot
    ([A, B, total("小计", 300), C, total("小计", 50), total("合计", 350)], []),
    ([A, B, total("小 计", 300), C, total("小计", 60)], ["A9"]),  # 60 ≠ 50
    # the 合计 printed twice (at the head and again at the foot)
    ([total("合计", 350), A, B, C, total("合计", 350)], []),
    ([total("合计", 350), A, B, total("合计", 350), C], ["A8"]),  # 350 ≠ 300 so far
    ([total("合计", 350), total("测试局下属中心", 350), A, B, C, total("总 计", 350)], []),
])
def test_a_later_total_or_subtotal_row_is_never_a_unit(tmp_path, rows, mismatch):
    """A 小计 printed under its projects, or the 合计 printed a second time, was taken for a
    资金使用单位 row: the projects after it went into the new workbook under the unit “小计”
    or “合计” (with a warning about “小计”的小计). Now such a row is checked against the
    projects it sums and dropped; the projects keep their unit."""
    source = write_book(tmp_path / "2024年测试局项目支出绩效目标表.xlsx", project_table(rows),
                        dept=False)
    out = tmp_path / "in.xlsx"
    result = run("import", source, out)
    assert result.exit_code == 0, result.output
    assert sorted(set(re.findall(r"!(A\d+) \[import-total-mismatch\]", result.output))) == mismatch
    book, _ = check_workbook(out)
    assert book is not None
    unit = "测试局下属中心" if rows[1][0] == "测试局下属中心" else "测试局"
    assert [(p.name, p.unit) for p in book.projects] == [
        ("甲项目", unit), ("乙项目", unit), ("丙项目", unit)]


@pytest.mark.parametrize(("hidden", "projects", "warned"), [
    ({"项目支出绩效目标表 (2)"}, ["甲项目"], "也有公开表格，没有读取"),  # an old copy, hidden
    ({"项目支出绩效目标表"}, ["乙项目"], "也有公开表格，没有读取"),  # the clerk's edited copy shows
    ({"项目支出绩效目标表", "项目支出绩效目标表 (2)"}, ["甲项目", "乙项目"], "仍读取了"),
    (set(), ["甲项目", "乙项目"], None),  # two visible sheets: both read
])
def test_a_hidden_published_table_is_never_read_silently(tmp_path, hidden, projects, warned):
    """A hidden sheet holding a published table (an old copy kept out of sight) was read with
    the visible one: its projects went into the new workbook twice, and a hidden 申报表
    silently overwrote the visible one's budget. Now a hidden table beside a visible one is
    left out, and one read because it is the only table is said, both at the sheet."""
    source = write_book(tmp_path / "2024年测试局项目支出绩效目标表.xlsx", {
        **project_table([["甲项目", 100, 100, None, None, "目标甲", CODED]]),
        "项目支出绩效目标表 (2)": project_table(
            [["乙项目", 200, 200, None, None, "目标乙", CODED]])["项目支出绩效目标表"]},
        dept=False)
    wb = openpyxl.load_workbook(source)
    for name in hidden:
        wb[name].sheet_state = "hidden"
    if len(hidden) == 2:
        wb.create_sheet("说明", 0)  # a workbook shows at least one sheet
    wb.save(source)
    out = tmp_path / "in.xlsx"
    result = run("import", source, out)
    assert result.exit_code == 0, result.output
    book, _ = check_workbook(out)
    assert book is not None and [p.name for p in book.projects] == projects
    said = [line for line in result.output.splitlines() if "[import-hidden-sheet]" in line]
    assert len(said) == (len(hidden) if warned else 0), result.output
    assert all(warned in line for line in said)
    assert {re.sub(r"^\s*警告\s+(.*?)\s+\[.*", r"\1", line) for line in said} == hidden


@pytest.mark.parametrize(("name", "folder", "args", "year", "warned"), [
    ("2024年测试局项目支出绩效目标表", "2025", (), 2024, True),  # last year's, in the new folder
    ("2024年测试局项目支出绩效目标表", "2024", (), 2024, False),
    ("测试局项目支出绩效目标表", "2025", (), 2025, False),  # no year printed: the folder's
    ("2024年测试局项目支出绩效目标表", "2025", ("--year", "2025"), 2025, False),
    ("测试局项目支出绩效目标表", "2025", ("--year", "2024"), 2024, True),
    ("2024年测试局项目支出绩效目标表", "新的一年", (), 2024, False),  # a folder of no year
])
def test_a_year_that_is_not_the_folders_is_warned_of(tmp_path, name, folder, args, year,
                                                     warned):
    """Last year's published table imported into the new year's folder gave last year's
    workbook there without a word (validate said year-folder later): a clerk starting 2025
    from the 2024 table got a 2024 workbook. Now warned at import, with the way to 2025."""
    source = write_book(tmp_path / f"{name}.xlsx", project_table([
        ["甲项目", 100, 100, None, None, "目标甲", CODED]]), dept=False)
    out = tmp_path / "inputs" / folder / "测试局.xlsx"
    result = run("import", source, out, *args)
    assert result.exit_code == 0, result.output
    assert ("[import-year-folder]" in result.output) is warned, result.output
    assert f"已生成 {out}（{year} 年度，测试局）" in result.output
    if warned:
        assert f"xlgen init --from {tmp_path / 'inputs' / str(year) / '测试局.xlsx'}" \
            in result.output
    book, _ = check_workbook(out)
    assert book is not None and book.department.year == year


def test_an_input_workbook_given_to_import_is_pointed_to_init_from(tmp_path):
    """A clerk who ran ``import`` on last year's input workbook was told only that no
    published table was found; now told it is an input workbook and given init --from."""
    (tmp_path / "2024").mkdir()
    source = write_book(tmp_path / "2024" / "测试局.xlsx", {
        "项目": [["项目名称", "财政拨款"], ["甲项目", 100]]})
    out = tmp_path / "2025" / "测试局.xlsx"
    result = run("import", source, out)
    assert result.exit_code == 1, result.output
    assert "[import-unknown-table]" in result.output
    assert "是输入工作簿" in result.output
    assert f"xlgen init --from {source} {out}" in result.output
    assert not out.exists()


@pytest.mark.parametrize(("slip", "warned"), [({"E5": 15508.5, "E8": 15600}, True), ({}, False)])
def test_a_published_budget_that_does_not_balance_is_warned_of_on_import(tmp_path, slip,
                                                                        warned):
    """A published 申报表 whose budget does not balance (财政拨款 printed 15,508.50) was
    copied without a word; the clerk met it at the next validate. Now the import warns
    import-new-errors with the first cell and the validate command, also in the 说明."""
    form = next(p for p in build(FULL, tmp_path / "a") if p.stem.endswith(TABLES[0]))
    wb = openpyxl.load_workbook(form)
    for ref, value in slip.items():
        wb.active[ref] = value
    wb.save(form)
    out = tmp_path / "2023" / "示例.xlsx"
    result = run("import", form, out)
    assert result.exit_code == 0, result.output
    assert ("[import-new-errors]" in result.output) is warned, result.output
    note = "\n".join(str(c.value) for row in openpyxl.load_workbook(out)["说明"].iter_rows()
                     for c in row if c.value)
    assert ("公开表格中有对不上或读不出的数" in note) is warned
    if warned:
        assert "共 2 处，如 预算!B6：预算不平衡" in result.output
        assert f"xlgen validate {out}" in result.output
    _, report = check_workbook(out)
    assert bool(report.errors) is warned


def test_a_slip_the_import_names_at_its_cell_is_not_said_again(tmp_path):
    """A project 总计 that is not its parts is warned of at the published cell: the new
    workbook's stated-total error is not said a second time."""
    source = write_book(tmp_path / "2024年测试局项目支出绩效目标表.xlsx", project_table([
        ["甲项目", "350.00", 300, None, 20, "目标甲", CODED]]), dept=False)
    result = run("import", source, tmp_path / "in.xlsx")
    assert "[import-total-mismatch]" in result.output
    assert "[import-new-errors]" not in result.output


@pytest.mark.parametrize(("folded", "code", "expect"), [
    # a coded string with a missing part: no 年度指标值
    ("1.1-产出指标:11-数量指标:受理量;实施周期指标值:≥100件。", "import-missing-part",
     ("产出指标", "数量指标", "受理量", "≥100件", "")),
    # a coded string with a missing part: the 二级 has no code
    ("1.1-产出指标:数量指标:受理量;实施周期指标值:1;年度指标值:1。", "import-missing-part",
     ("产出指标", "数量指标", "受理量", "1", "1")),
    # an indicator with no 二级
    ("1.1-产出指标:受理量;实施周期指标值:1;年度指标值:1。", "import-no-level2",
     ("产出指标", "", "受理量", "1", "1")),
    ("1、满意度指标：服务对象满意度，年度指标值：≥90%。", "import-no-level2",
     ("满意度指标", "", "服务对象满意度", "", "≥90%")),
])
def test_import_reports_what_it_reads_with_doubt(tmp_path, folded, code, expect):
    source = write_book(tmp_path / "t.xlsx", project_table([
        ["甲项目", 1, 1, None, None, "目标", folded]]), dept=False)
    out = tmp_path / "2024" / "in.xlsx"
    result = run("import", source, out)
    assert result.exit_code == 0, result.output
    assert f"项目支出绩效目标表!G5 [{code}]" in result.output
    rows = [r for r in openpyxl.load_workbook(out)["项目绩效指标"].iter_rows(
        min_row=2, values_only=True)]
    assert [tuple(v or "" for v in r[1:6]) for r in rows] == [expect]


def test_import_lists_what_it_cannot_read_and_never_guesses(tmp_path):
    source = write_book(tmp_path / "t.xlsx", project_table([
        ["甲项目", "约60", 1, None, None, "目标", "受理量达到100件"],
        [None, 1, 1, None, None, "目标", CODED]]), dept=False)
    out = tmp_path / "in.xlsx"
    result = run("import", source, out, "--year", "2024", "--all")
    assert result.exit_code == 1, result.output
    for where in ("B5 [import-bad-amount]", "G5 [import-indicator-unread]", "A6 [import-no-name]"):
        assert f"项目支出绩效目标表!{where}" in result.output
    ws = openpyxl.load_workbook(out)["项目"]
    header = [c.value for c in ws[1]]
    assert ws.cell(2, header.index("总计") + 1).value == "约60"  # kept as printed, never a guess


@pytest.mark.parametrize(("content", "name"), [
    (b"name,amount\n", "table.xlsx"), (b"", "empty.xlsx"), (b"PK\x03\x04broken", "broken.xlsx")])
def test_import_of_a_file_that_is_not_a_workbook(tmp_path, content, name):
    source = tmp_path / name
    source.write_bytes(content)
    result = run("import", source, tmp_path / "in.xlsx")
    assert result.exit_code == 1
    assert "[not-a-workbook]" in result.output and "Traceback" not in result.output
    assert not (tmp_path / "in.xlsx").exists()


def test_import_of_a_workbook_that_is_no_published_table(tmp_path):
    result = run("import", FULL, tmp_path / "in.xlsx")
    assert result.exit_code == 1
    assert "[import-unknown-table]" in result.output
    assert not (tmp_path / "in.xlsx").exists()


def test_import_keeps_an_existing_file_without_force(tmp_path):
    out = tmp_path / "in.xlsx"
    out.write_bytes(b"mine")
    result = run("import", FULL, out)
    assert result.exit_code == 2 and out.read_bytes() == b"mine"  # a command error


def test_import_of_seed_002_as_printed(tmp_path):
    """The seed's printed rows (text amounts, items run together without line breaks)."""
    rows = [list(r) for r in seed002.PUBLISHED]
    source = write_book(tmp_path / "seed002.xlsx",
                        project_table(rows, f"部门名称: {seed002.DEPT}"), dept=False)
    out = tmp_path / "2023" / "花都.xlsx"
    result = run("import", source, out)
    assert "import-total-mismatch" not in result.output  # 2,616.61 sums as printed
    book, _ = check_workbook(out)
    sample, _ = check_workbook(ROOT / "inputs" / "2023" / f"{seed002.DEPT}.xlsx")
    assert book is not None and sample is not None
    assert book.department.name == seed002.DEPT and book.department.year == 2023
    assert [(p.name, p.total) for p in book.projects] == [(p.name, p.total)
                                                           for p in sample.projects]
    assert sum(len(p.indicators) for p in book.projects) == sum(
        len(p.indicators) for p in sample.projects)


def test_unfold_keeps_an_item_number_inside_a_value():
    text = "1.1-产出指标:13-时效指标:完成时间;年度指标值:2.5-3天内完成。2.3-满意度指标:31-服务对象满意度:满意度;年度指标值:≥90%。"
    rows, issues = unfold(text, default_framework())
    assert issues == []
    assert [(r.level2, r.name, r.annual_value) for r in rows] == [
        ("时效指标", "完成时间", "2.5-3天内完成"), ("服务对象满意度指标", "满意度", "≥90%")]


# ---------------------------------------------------------------- init --from


def test_init_from_last_year_carries_the_plan_and_clears_the_past(tmp_path):
    out = tmp_path / "2024" / "示例.xlsx"
    result = run("init", "--from", FULL, out)
    assert result.exit_code == 0, result.output
    old, _ = check_workbook(FULL)
    new, report = check_workbook(out)
    assert old is not None and new is not None and report.valid, problem_codes(report)
    assert new.department.year == 2024 and new.department.name == old.department.name
    assert new.budget == old.budget
    assert new.tasks == old.tasks
    assert [(p.name, p.unit, p.fiscal, p.other, p.goal) for p in new.projects] == [
        (p.name, p.unit, p.fiscal, p.other, p.goal) for p in old.projects]
    assert any(p.spent is not None for p in old.projects)
    assert all(p.spent is None and p.adjustment is None for p in new.projects)
    old_ind = [i for p in old.projects for i in p.indicators]
    new_ind = [i for p in new.projects for i in p.indicators]
    assert [(i.level1, i.level2, i.name, i.period_value, i.annual_value) for i in new_ind] == [
        (i.level1, i.level2, i.name, i.period_value, i.annual_value) for i in old_ind]
    assert any(i.actual_value for i in old_ind)
    assert all(not i.actual_value and i.score is None and i.weight is None
               for i in new_ind)
    assert not new.self_evaluation
    note = "\n".join(str(c.value) for row in openpyxl.load_workbook(out)["说明"].iter_rows()
                     for c in row if c.value)
    assert "xlgen init --from" in note and "2023 年度" in note
    assert "项目：预算调整（2 格）、实际支出（3 格）" in note
    assert "自评报告全部内容" in note and "请核对：预算各项金额" in note


@pytest.mark.parametrize(("args", "year"), [((), 2024), (("--year", "2030"), 2030)])
def test_init_from_year(tmp_path, args, year):
    out = tmp_path / "新的一年" / "x.xlsx"  # a folder that names no year: last year + 1
    result = run("init", "--from", FULL, out, *args)
    assert result.exit_code == 0, result.output
    book, _ = check_workbook(out)
    assert book is not None and book.department.year == year


def test_init_from_a_file_that_is_not_a_workbook(tmp_path):
    source = tmp_path / "old.xlsx"
    source.write_text("not a workbook")
    result = run("init", "--from", source, tmp_path / "2024" / "new.xlsx")
    assert result.exit_code == 1 and "[not-a-workbook]" in result.output
    assert not (tmp_path / "2024" / "new.xlsx").exists()


@pytest.mark.parametrize("text", [
    # numbered 1、 2、 with the 二级 and its code, as some departments print it
    "1、产出指标：11-数量指标：受理量；实施周期指标值：100件；年度指标值：100件。\n"
    "2、满意度指标：31-服务对象满意度：满意度；实施周期指标值：≥90%；年度指标值：≥90%。",
    # numbered (1) (2), 二级 without codes
    "(1)产出指标:数量指标:受理量;实施周期指标值:100件;年度指标值:100件。"
    "(2)满意度指标:服务对象满意度指标:满意度;实施周期指标值:≥90%;年度指标值:≥90%。",
    "（1）产出指标:数量指标:受理量;实施周期指标值:100件;年度指标值:100件。\n"
    "（2）满意度指标:服务对象满意度:满意度;实施周期指标值:≥90%;年度指标值:≥90%。",
    # coded items separated by spaces, no full stop
    "1.1-产出指标:11-数量指标:受理量;实施周期指标值:100件;年度指标值:100件 "
    "2.3-满意度指标:31-服务对象满意度:满意度;实施周期指标值:≥90%;年度指标值:≥90%",
    # numbered 1. / 1．, circled ①, or not numbered at all: each item starts with its 一级
    "1.产出指标：数量指标：受理量；实施周期指标值：100件；年度指标值：100件。\n"
    "2.满意度指标：服务对象满意度指标：满意度；实施周期指标值：≥90%；年度指标值：≥90%。",
    "1．产出指标：数量指标：受理量；实施周期指标值：100件；年度指标值：100件。"
    "2．满意度指标：服务对象满意度指标：满意度；实施周期指标值：≥90%；年度指标值：≥90%。",
    "①产出指标：数量指标：受理量；实施周期指标值：100件；年度指标值：100件。"
    "②满意度指标：服务对象满意度指标：满意度；实施周期指标值：≥90%；年度指标值：≥90%。",
    "产出指标：数量指标：受理量；实施周期指标值：100件；年度指标值：100件。\n"
    "满意度指标：服务对象满意度指标：满意度；实施周期指标值：≥90%；年度指标值：≥90%。",
    # 年度指标值 after a full stop (seed 002) or a space instead of a semicolon
    "1.1-产出指标:11-数量指标:受理量;实施周期指标值:100件。年度指标值:100件。"
    "2.3-满意度指标:31-服务对象满意度:满意度;实施周期指标值:≥90%  年度指标值:≥90%。",
])
def test_unfold_reads_the_numberings_and_separators_departments_print(text):
    rows, issues = unfold(text, default_framework())
    assert issues == []
    assert [(r.level1, r.level2, r.name, r.period_value, r.annual_value) for r in rows] == [
        ("产出指标", "数量指标", "受理量", "100件", "100件"),
        ("满意度指标", "服务对象满意度指标", "满意度", "≥90%", "≥90%")]


def test_unfold_of_the_city_style_keeps_reading_a_name_like_a_level2():
    rows, issues = unfold("1、满意度指标：服务对象满意度，年度指标值：≥90%。", default_framework())
    assert [(r.level1, r.level2, r.name, r.annual_value) for r in rows] == [
        ("满意度指标", "", "服务对象满意度", "≥90%")]
    assert [i.code for i in issues] == ["import-no-level2"]
