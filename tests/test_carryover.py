"""上年结转资金 on the national 项目支出绩效自评表 (issue 16, domain.md "Variants of the
项目支出绩效自评表"): its own 其中 row, only where a project has it; the 年度资金总额 row the
sum of the 其中 rows; this year's 总计 / 调整后预算 / 实际支出 unchanged; the checks of the
two columns; ``xlgen init --from`` clearing them."""

# ruff: noqa: E501  (rows of Chinese figures read best on one line)

from __future__ import annotations

import io
from decimal import Decimal as D
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from click.testing import CliRunner
from test_selfeval import ind, project
from workbooks import write_book

from xlgen.api import check_workbook
from xlgen.cli.commands import main
from xlgen.money import round_money
from xlgen.render import build_context, render_xlsx, shipped_templates_dir
from xlgen.rules import evaluate_project, parse_scoring

TEMPLATE = shipped_templates_dir() / "项目支出绩效自评表.xlsx"
LABELS = ["年度资金总额", "其中：财政拨款", "其他资金"]
WITH_CARRY = ["年度资金总额", "其中：财政拨款", "上年结转资金", "其他资金"]
SCORING = {"weights": {"预算执行率": 10, "产出指标": 90},
           "grade": [{"name": "优", "min": 90}, {"name": "差", "min": 0}]}


def figures(v: str | None) -> D | None:
    return None if v is None else D(v)


# -- the 项目资金 rows --------------------------------------------------------------------------

@pytest.mark.parametrize(("case", "kw", "labels", "rows", "rate", "score"), [
    ("no carry-over: as before", dict(fiscal="100", adjustment="-10", spent="80"), LABELS,
     [("100", "90", "80"), ("100", "90", "80"), ("0", "0", "0")], D(80) / D(90), "8.89"),
    ("carry-over spent in part", dict(fiscal="100", adjustment="-10", spent="80",
                                      carryover=D("20"), spent_carryover=D("15")), WITH_CARRY,
     [("120", "110", "95"), ("100", "90", "80"), ("20", "20", "15"), ("0", "0", "0")],
     D(95) / D(110), "8.64"),
    ("carry-over spent whole, budget spent whole", dict(fiscal="100", spent="100",
                                                        carryover=D("30.5"), spent_carryover=D("30.5")),
     WITH_CARRY, [("130.5", "130.5", "130.5"), ("100", "100", "100"), ("30.5", "30.5", "30.5"),
                  ("0", "0", "0")], D(1), "10"),
    ("carry-over 0 is printed", dict(fiscal="100", spent="90", carryover=D("0"),
                                     spent_carryover=D("0")), WITH_CARRY,
     [("100", "100", "90"), ("100", "100", "90"), ("0", "0", "0"), ("0", "0", "0")],
     D("0.9"), "9.00"),
    ("carry-over spending unknown: the total's 全年执行数 is not a silent 0",
     dict(fiscal="100", spent="80", carryover=D("20")), WITH_CARRY,
     [("120", "120", None), ("100", "100", "80"), ("20", "20", None), ("0", "0", "0")], None, None),
    ("no 实际支出: the total's 全年执行数 unknown", dict(fiscal="100", spent=None, carryover=D("20"),
                                                    spent_carryover=D("5")), WITH_CARRY,
     [("120", "120", None), ("100", "100", None), ("20", "20", "5"), ("0", "0", None)], None, None),
    ("both sources split, with carry-over", dict(fiscal="1200", other="100", adjustment="-150",
                                                 spent="1080", adjustment_fiscal=D("-150"),
                                                 spent_fiscal=D("990"), carryover=D("50"),
                                                 spent_carryover=D("40")), WITH_CARRY,
     [("1350", "1200", "1120"), ("1200", "1050", "990"), ("50", "50", "40"), ("100", "100", "90")],
     D(1120) / D(1200), "9.33"),
], ids=lambda x: x if isinstance(x, str) and " " in x else None)
def test_fund_rows_with_and_without_carryover(case: str, kw: dict[str, Any], labels: list[str],
                                              rows: list[tuple[str | None, ...]],
                                              rate: D | None, score: str | None) -> None:
    p = project(ind("产出指标", "≥1个", "1个", "90"), **kw)
    e = evaluate_project(p, 1, "测试局", parse_scoring(SCORING))
    assert [f.label for f in e.funds] == labels
    got = [(f.initial, f.full_year, f.executed) for f in e.funds]
    assert got == [tuple(map(figures, row)) for row in rows], case
    assert e.rate == rate and e.funds[0].rate == rate
    # scores are exact, rounded only where printed
    def printed(x: D | None) -> D | None:
        return None if x is None else round_money(x)

    assert printed(e.budget.score) == figures(score) == printed(e.funds[0].score)
    assert printed(e.total_score) == (None if score is None else D(score) + 90)
    # this year's budget is not touched: 总计, 调整后预算, 实际支出 and the project's own 执行率
    assert (p.total, p.adjusted) == (D(kw["fiscal"]) + D(kw.get("other", "0")),
                                     D(kw["fiscal"]) + D(kw.get("other", "0"))
                                     + D(kw.get("adjustment") or "0"))
    assert p.spent == figures(kw["spent"])
    assert p.execution_rate == (None if p.spent is None else p.spent / p.adjusted)


def test_rate_against_the_initial_budget_counts_the_carryover() -> None:
    scoring = parse_scoring({**SCORING, "rate": {"denominator": "年初预算数"}})
    p = project(ind("产出指标", "≥1个", "1个", "90"), fiscal="100", adjustment="-20", spent="80",
                carryover=D("20"), spent_carryover=D("10"))
    e = evaluate_project(p, 1, "测试局", scoring)
    assert (e.funds[0].initial, e.funds[0].full_year, e.funds[0].executed) == (D(120), D(100), D(90))
    assert e.rate == D("0.75") and e.budget.score == D("7.50")  # 90 / 120
    assert e.funds[2].rate == D("0.5")  # the 上年结转资金 row: 10 / 20


# -- the checks, through a workbook -------------------------------------------------------------

HEAD = ["项目名称", "资金使用单位", "财政拨款", "实际支出", "上年结转资金", "上年结转资金实际支出"]
INDICATORS = [["项目名称", "一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值"],
              ["甲", "产出指标", "数量指标", "x", "≥1个", "1个"]]


def check(folder: Path, row: list[Any]) -> tuple[bool, list[tuple[str, str, str]], Any]:
    source = write_book(folder / f"in{len(list(folder.iterdir()))}.xlsx", {
        "部门信息": [["字段", "值"], ["年度", 2023], ["部门名称", "测试局"]],
        "项目": [HEAD, ["甲", "", *row]], "项目绩效指标": INDICATORS})
    book, report = check_workbook(source)
    codes = {"carryover-spent-alone", "carryover-spent-over", "selfeval-carryover-spent"}
    found = [(p.code, p.severity.value, p.cell) for p in report.problems if p.code in codes]
    return report.valid, found, (book, report)


@pytest.mark.parametrize(("case", "row", "valid", "found"), [
    ("carry-over and its spending", [100, 90, 20, 15], True, []),
    ("no carry-over at all", [100, 90, None, None], True, []),
    ("spending with no carry-over: error at its cell", [100, 90, None, 15], False,
     [("carryover-spent-alone", "error", "F2")]),
    ("spending over the carry-over: warning at its cell", [100, 90, 20, 25], True,
     [("carryover-spent-over", "warning", "F2")]),
    ("carry-over, year-end figures, no spending: warning", [100, 90, 20, None], True,
     [("selfeval-carryover-spent", "warning", "F2")]),
])
def test_carryover_checks(tmp_path: Path, case: str, row: list[Any], valid: bool,
                          found: list[tuple[str, str, str]]) -> None:
    ok, got, (_, report) = check(tmp_path, row)
    assert (ok, got) == (valid, found), case
    for p in report.problems:
        if p.code.startswith(("carryover", "selfeval-carryover")):
            assert "项目“甲”" in p.message and "上年结转资金" in p.message
            assert p.sheet == "项目"


def test_the_messages_say_what_to_do(tmp_path: Path) -> None:
    messages = {p.code: p.message for row in ([100, 90, None, 15], [100, 90, 20, 25], [100, 90, 20, None])
                for p in check(tmp_path, row)[2][1].problems}
    assert "请在“上年结转资金”列填写" in messages["carryover-spent-alone"]
    assert "15.00 万元" in messages["carryover-spent-alone"]
    assert "25.00 万元超过上年结转资金 20.00 万元" in messages["carryover-spent-over"]
    assert "没有支出填 0" in messages["selfeval-carryover-spent"]


def test_the_columns_are_read_and_stay_out_of_this_years_budget(tmp_path: Path) -> None:
    _, _, (book, report) = check(tmp_path, [100, 90, "20.5", 15])
    [p] = book.projects
    assert (p.carryover, p.spent_carryover) == (D("20.5"), D(15))
    assert (p.total, p.adjusted, p.spent) == (D(100), D(100), D(90))
    assert not [x for x in report.problems if x.code == "unknown-column"]


# -- the printed form: the row on that project's sheet only ---------------------------------------

def test_the_row_is_printed_on_the_sheet_of_a_project_with_carryover_only(tmp_path: Path) -> None:
    source = write_book(tmp_path / "in.xlsx", {
        "部门信息": [["字段", "值"], ["年度", 2023], ["部门名称", "测试局"]],
        "项目": [HEAD, ["甲", "", 100, 90, None, None], ["乙", "", 200, 190, "30", "12.345"]],
        "项目绩效指标": [INDICATORS[0], INDICATORS[1], ["乙", "产出指标", "数量指标", "y", "≥1个", "1个"]]})
    book, report = check_workbook(source)
    assert book is not None and report.valid, report.problems
    result = render_xlsx(TEMPLATE, build_context(book))
    assert result.problems == []
    wb = openpyxl.load_workbook(io.BytesIO(result.data))
    plain, carried = wb["1.甲"], wb["2.乙"]

    def rows(ws: Any) -> list[tuple[Any, ...]]:
        return [tuple(c.value for c in ws[r][1:9]) for r in range(6, 11)]  # row 1 of the template is {% sheet %}

    assert [r[0] for r in rows(plain)] == ["年度资金总额", "其中：财政拨款", "其他资金", "预期目标", None]
    assert [r[0] for r in rows(carried)] == ["年度资金总额", "其中：财政拨款", "上年结转资金", "其他资金", "预期目标"]
    total, _, carry, _, _ = rows(carried)
    # rounded half-up once, at display: 190 + 12.345 → 202.35
    assert [D(str(v)) for v in total[2:5]] == [D(230), D(230), D("202.35")]
    assert [D(str(v)) for v in carry[2:5]] == [D(30), D(30), D("12.35")]
    assert carry[5] == "—" and carry[7] == "—"
    assert D(str(total[6])) == D("0.8798")  # 202.345 / 230 = 87.976…% → 87.98%
    assert D(str(total[7])) == D("8.80")
    # the 项目资金 label spans the rows printed; the new row is a bordered row of the table
    merged = {str(m) for m in carried.merged_cells.ranges}
    assert "A5:A9" in merged and "B8:C8" in merged and "A10:A11" in merged
    assert "A5:A8" in {str(m) for m in plain.merged_cells.ranges}
    for col in "BDEFGHI":
        border = carried[f"{col}8"].border
        assert all(getattr(border, side).style == "thin" for side in ("left", "right", "top", "bottom")), col
    assert carried.row_dimensions[8].height == plain.row_dimensions[7].height
    # the overview sheet's 全年预算数 / 全年执行数 / 执行率 are the 年度资金总额 row's
    overview = wb["项目汇总"]
    [second] = [[c.value for c in row] for row in overview.iter_rows() if row[1].value == "乙"]
    assert D(str(second[3])) == D(230) and D(str(second[4])) == D("202.35")


# -- xlgen init --from ----------------------------------------------------------------------------

def test_init_from_clears_the_carryover_and_says_why(tmp_path: Path) -> None:
    (tmp_path / "2023").mkdir()
    source = write_book(tmp_path / "2023" / "测试局.xlsx", {
        "部门信息": [["字段", "值"], ["年度", 2023], ["部门名称", "测试局"]],
        "项目": [HEAD, ["甲", "", 100, 90, 20, 15], ["乙", "", 50, 50, 5, None]],
        "项目绩效指标": INDICATORS})
    out = tmp_path / "2024" / "测试局.xlsx"
    result = CliRunner().invoke(main, ["init", "--from", str(source), str(out)],
                                catch_exceptions=False)
    assert result.exit_code == 0, result.output
    book, report = check_workbook(out)
    assert book is not None and report.valid
    assert [(p.name, p.fiscal, p.carryover, p.spent_carryover) for p in book.projects] == [
        ("甲", D(100), None, None), ("乙", D(50), None, None)]
    ws = openpyxl.load_workbook(out)["项目"]
    assert [c.value for c in ws[1]][4:6] == ["上年结转资金", "上年结转资金实际支出"]  # kept, empty
    note = "\n".join(str(c.value) for row in openpyxl.load_workbook(out)["说明"].iter_rows()
                     for c in row if c.value)
    assert "上年结转资金（2 格）、上年结转资金实际支出（1 格）" in note
    assert "请核对：项目表的“上年结转资金”“上年结转资金实际支出”两列已清空" in note
    assert "新年度的上年结转资金是另一个数" in note


def test_init_from_says_nothing_of_carryover_when_there_was_none(tmp_path: Path) -> None:
    (tmp_path / "2023").mkdir()
    source = write_book(tmp_path / "2023" / "测试局.xlsx", {
        "部门信息": [["字段", "值"], ["年度", 2023], ["部门名称", "测试局"]],
        "项目": [HEAD, ["甲", "", 100, 90, None, None]], "项目绩效指标": INDICATORS})
    out = tmp_path / "2024" / "测试局.xlsx"
    result = CliRunner().invoke(main, ["init", "--from", str(source), str(out)],
                                catch_exceptions=False)
    assert result.exit_code == 0, result.output
    note = "\n".join(str(c.value) for row in openpyxl.load_workbook(out)["说明"].iter_rows()
                     for c in row if c.value)
    assert "实际支出（1 格）" in note
    assert "请核对：项目表的“上年结转资金”" not in note and "两列已清空" not in note


@pytest.mark.parametrize(("rule", "emptied", "shown"), [
    ("总是提示", set(), True),
    ({"text": "有结转时提示", "when_cleared": ["carryover", "spent_carryover"]}, set(), False),
    ({"text": "有结转时提示", "when_cleared": ["carryover", "spent_carryover"]}, {"spent"}, False),
    ({"text": "有结转时提示", "when_cleared": ["carryover", "spent_carryover"]},
     {"spent", "spent_carryover"}, True),
    ({"text": "没有条件"}, set(), True),
])
def test_a_confirm_note_with_a_condition(rule: Any, emptied: set[str], shown: bool) -> None:
    from xlgen.workbook.carry import parse_new_year_rules

    confirm, = parse_new_year_rules({"confirm": {"projects": rule}}).confirm["projects"]
    assert confirm.applies(emptied) is shown


def test_the_new_year_rules_name_contract_fields() -> None:
    """A key in data/newyear.toml the contract does not know would silently do nothing."""
    from xlgen.workbook.carry import ALL, new_year_rules
    from xlgen.workbook.contract import load_contract

    contract = load_contract()
    sheets = {s.key: {f.key for f in s.fields} for s in contract.sheets}
    rules = new_year_rules()
    for sheet, keys in rules.clear.items():
        assert sheet in sheets
        assert keys == ALL or set(keys) <= sheets[sheet], (sheet, set(keys) - sheets[sheet])
    for sheet, confirms in rules.confirm.items():
        for confirm in confirms:
            assert sheet in sheets and set(confirm.when_cleared) <= sheets[sheet], sheet
            assert set(confirm.when_cleared) <= set(rules.clear.get(sheet, ())), sheet
