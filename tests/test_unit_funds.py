"""单位资金, Sichuan's funding row (issue 16, domain.md "Variants of the 项目支出绩效自评表"):
an optional 项目 column that is a source of its own (总计 includes it, 其他资金 as the national
forms print it includes it), and ``e.sources``, the 自评表's funding rows split by source for a
province's template, with 全年 figures only where one source holds the money."""

# ruff: noqa: E501  (rows of Chinese figures read best on one line)

from __future__ import annotations

import io
from decimal import Decimal as D
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from test_carryover import INDICATORS
from test_selfeval import ind, project, sichuan_variant
from workbooks import write_book

from xlgen.api import check_workbook
from xlgen.render import build_context, check_xlsx_template, render_xlsx, shipped_templates_dir
from xlgen.rules import evaluate_project, parse_scoring

SCORING = parse_scoring({"weights": {"预算执行率": 10, "产出指标": 90},
                         "grade": [{"name": "优", "min": 90}, {"name": "差", "min": 0}]})
SOURCES = ["年度资金总额", "其中：财政拨款", "财政专户拨款", "单位资金", "其他资金"]
NONE3 = (None, None, None)


def figures(row: tuple[str | None, ...]) -> tuple[D | None, ...]:
    return tuple(None if v is None else D(v) for v in row)


def evaluate(**kw: Any) -> Any:
    """A project whose 其他资金 is the column plus 单位资金, as the loader makes it."""
    unit = kw.pop("unit_funds", None)
    other = D(kw.pop("other", "0")) + (unit or 0)
    p = project(ind("产出指标", "≥1个", "1个", "90"), other=str(other), unit_funds=unit, **kw)
    return p, evaluate_project(p, 1, "测试局", SCORING)


# -- e.sources: one case per way the money can lie ------------------------------------------------

@pytest.mark.parametrize(("case", "kw", "rows"), [
    ("财政拨款 only: it holds the whole budget, the others 0",
     dict(fiscal="100", adjustment="-10", spent="80"),
     [("100", "90", "80"), ("100", "90", "80"), ("0", "0", "0"), ("0", "0", "0"), ("0", "0", "0")]),
    ("单位资金 only: it holds the whole budget",
     dict(fiscal="0", unit_funds=D("50"), adjustment="5", spent="40"),
     [("50", "55", "40"), ("0", "0", "0"), ("0", "0", "0"), ("50", "55", "40"), ("0", "0", "0")]),
    ("财政拨款 and 单位资金, no split: nothing guessed",
     dict(fiscal="100", unit_funds=D("50"), spent="120"),
     [("150", "150", "120"), ("100", None, None), ("0", None, None), ("50", None, None), ("0", None, None)]),
    ("the 财政拨款 split given, 单位资金 the one other source: it holds the rest",
     dict(fiscal="100", unit_funds=D("50"), adjustment="-10", spent="120",
          adjustment_fiscal=D("-10"), spent_fiscal=D("80")),
     [("150", "140", "120"), ("100", "90", "80"), ("0", "0", "0"), ("50", "50", "40"), ("0", "0", "0")]),
    ("the split given, 单位资金 and 其他资金 both: the rest is not shared out",
     dict(fiscal="100", unit_funds=D("20"), other="30", spent="120",
          adjustment_fiscal=D("0"), spent_fiscal=D("80")),
     [("150", "150", "120"), ("100", "100", "80"), ("0", None, None), ("20", None, None), ("30", None, None)]),
    ("no 实际支出: the 全年执行数 unknown, the 全年预算数 still known",
     dict(fiscal="0", unit_funds=D("50"), spent=None),
     [("50", "50", None), ("0", "0", None), ("0", "0", None), ("50", "50", None), ("0", "0", None)]),
    ("no 单位资金: 财政专户拨款 and 其他资金 apart", dict(fiscal="0", special_account=D("30"), spent="30"),
     [("30", "30", "30"), ("0", "0", "0"), ("30", "30", "30"), ("0", "0", "0"), ("0", "0", "0")]),
], ids=lambda x: x if isinstance(x, str) and " " in x else None)
def test_sources_rows(case: str, kw: dict[str, Any], rows: list[tuple[str | None, ...]]) -> None:
    p, e = evaluate(**kw)
    assert [f.label for f in e.sources] == SOURCES
    got = [(f.initial, f.full_year, f.executed) for f in e.sources]
    assert got == [figures(r) for r in rows], case
    # the total and the 财政拨款 row are the national form's own; the split rows add up to its
    # 其他资金 row wherever they are known
    assert e.sources[0] == e.funds[0] and e.sources[1] == e.funds[1]
    national_other = e.funds[-1]
    assert sum(f.initial for f in e.sources[2:]) == national_other.initial == p.special_account + p.other
    for column in ("full_year", "executed"):
        values = [getattr(f, column) for f in e.sources[2:]]
        if None not in values:
            assert sum(values) == getattr(national_other, column), (case, column)


def test_sources_keep_the_carryover_row() -> None:
    _, e = evaluate(fiscal="100", unit_funds=D("20"), spent="110", adjustment_fiscal=D("0"),
                    spent_fiscal=D("95"), carryover=D("10"), spent_carryover=D("10"))
    assert [f.label for f in e.sources] == ["年度资金总额", "其中：财政拨款", "上年结转资金",
                                            "财政专户拨款", "单位资金", "其他资金"]
    assert (e.sources[0].initial, e.sources[0].executed) == (D(130), D(120))
    assert (e.sources[4].full_year, e.sources[4].executed) == (D(20), D(15))
    assert e.sources[4].rate == D("0.75")


def test_the_national_rows_are_unchanged_by_unit_funds() -> None:
    with_unit, e1 = evaluate(fiscal="100", unit_funds=D("20"), other="30", spent="140")
    plain, e2 = evaluate(fiscal="100", other="50", spent="140")
    assert (with_unit.total, with_unit.other, with_unit.other_rest) == (D(150), D(50), D(30))
    assert e1.funds == e2.funds and e1.total_score == e2.total_score


# -- through a workbook ---------------------------------------------------------------------------

HEAD = ["项目名称", "资金使用单位", "财政拨款", "其他资金", "单位资金", "总计", "实际支出"]


def book_of(folder: Path, *rows: list[Any], head: list[str] = HEAD) -> tuple[Any, Any]:
    source = write_book(folder / f"in{len(list(folder.iterdir()))}.xlsx", {
        "部门信息": [["字段", "值"], ["年度", 2023], ["部门名称", "测试局"]],
        "项目": [head, *rows], "项目绩效指标": INDICATORS})
    return check_workbook(source)


@pytest.mark.parametrize(("case", "row", "valid", "total", "other"), [
    ("单位资金 in the 总计", ["甲", "", 100, "30", "20.5", "150.5", 140], True, "150.5", "50.5"),
    ("no 单位资金: as before", ["甲", "", 100, 30, None, 130, 120], True, "130", "30"),
    ("单位资金 typed again in 其他资金: the stated 总计 disagrees", ["甲", "", 100, 50, 20, 150, 140],
     False, "170", "70"),
], ids=lambda x: x if isinstance(x, str) and " " in x else None)
def test_the_column_is_read_as_a_source(tmp_path: Path, case: str, row: list[Any], valid: bool,
                                        total: str, other: str) -> None:
    book, report = book_of(tmp_path, row)
    [p] = book.projects
    assert (report.valid, p.total, p.other) == (valid, D(total), D(other)), case
    assert not [x for x in report.problems if x.code == "unknown-column"]
    if not valid:
        [error] = [x for x in report.problems if x.severity.value == "error"]
        assert (error.code, error.cell) == ("stated-total", "F2")
        assert "财政拨款 + 财政专户拨款 + 单位资金 + 其他资金 = 170.00" in error.message


def test_the_alias_and_a_bad_amount(tmp_path: Path) -> None:
    head = [*HEAD[:4], "单位自有资金", *HEAD[5:]]
    book, report = book_of(tmp_path, ["甲", "", 100, 0, 20, 120, 100], head=head)
    assert report.valid and book.projects[0].unit_funds == D(20)
    book, report = book_of(tmp_path, ["甲", "", 100, 0, "二十", None, 100])
    [error] = [x for x in report.problems if x.severity.value == "error"]
    assert (error.sheet, error.cell) == ("项目", "E2")


def test_the_national_forms_print_it_within_other_funds(tmp_path: Path) -> None:
    book, report = book_of(tmp_path, ["甲", "", 100, "30", "20.5", None, 140])
    assert report.valid, report.problems
    context = build_context(book)
    table = render_xlsx(shipped_templates_dir() / "区级" / "项目支出绩效目标表.xlsx", context)
    cells = [c.value for row in openpyxl.load_workbook(io.BytesIO(table.data)).active.iter_rows()
             for c in row if c.value is not None]
    assert 50.5 in cells and 150.5 in cells and 20.5 not in cells and 30 not in cells
    selfeval = render_xlsx(shipped_templates_dir() / "项目支出绩效自评表.xlsx", context)
    ws = openpyxl.load_workbook(io.BytesIO(selfeval.data))["1.甲"]
    rows = {ws.cell(r, 2).value: [ws.cell(r, c).value for c in range(4, 7)] for r in range(6, 10)}
    assert rows["其他资金"][0] == 50.5 and rows["年度资金总额"][0] == 150.5


def test_a_sichuan_template_prints_each_source(tmp_path: Path) -> None:
    variant = sichuan_variant(tmp_path)
    wb = openpyxl.load_workbook(variant)
    ws = wb["项目自评"]
    [loop] = [c for row in ws.iter_rows() for c in row if c.value == "{% for f in e.funds[1:] %}"]
    loop.value = "{% for f in e.sources[1:] %}"
    wb.save(variant)
    assert [p for p in check_xlsx_template(variant) if p.severity.value == "error"] == []
    book, report = book_of(tmp_path, ["甲", "", 0, "0", "20.5", None, 18])
    assert report.valid, report.problems
    out = openpyxl.load_workbook(io.BytesIO(render_xlsx(variant, build_context(book)).data))["1.甲"]
    rows = [[out.cell(r, c).value for c in (2, 4, 5, 6)] for r in range(6, 11)]
    assert rows == [["年度资金总额", 20.5, 20.5, 18], ["其中：财政拨款", 0, 0, 0],
                    ["财政专户拨款", 0, 0, 0], ["单位资金", 20.5, 20.5, 18], ["其他资金", 0, 0, 0]]
