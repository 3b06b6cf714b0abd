"""What a tester acting as a clerk found in a whole year with the installed bundle (third
round): each case builds a folder in code, runs a command through CliRunner and checks the
exit code and what is (and is never) said."""

from __future__ import annotations

from pathlib import Path

import pytest
from test_cli_clerk import Case, check, dept, indicators
from test_validate import IND_HEAD, PROJ_HEAD, full_indicators
from workbooks import write_book

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(autouse=True)
def shipped_templates(monkeypatch):
    monkeypatch.setenv("XLGEN_TEMPLATES", str(ROOT / "templates"))


def without(head: list[str], rows: list[list], column: str) -> list[list]:
    """``[head, *rows]`` with ``column`` deleted, as a clerk deletes a column in Excel."""
    i = head.index(column)
    return [[*r[:i], *r[i + 1:]] for r in [head, *rows]]


# -- 1. a deleted column: every row read blank, amounts 0, and not a word of it ----------------

def no_fiscal_column(tmp: Path) -> None:
    (tmp / "2023").mkdir()
    write_book(tmp / "2023" / "某局.xlsx", {
        "部门信息": dept("某局"),
        "项目": without(PROJ_HEAD, [["项目01", "", 300, 0, 20]], "财政拨款"),
        "项目绩效指标": indicators(["项目01"])})


def no_target_column(tmp: Path) -> None:
    (tmp / "2023").mkdir()
    write_book(tmp / "2023" / "某局.xlsx", {
        "部门信息": dept("某局"), "项目": [PROJ_HEAD, ["项目01", "", 300]],
        "项目绩效指标": without(IND_HEAD, full_indicators("项目01"), "年度指标值")})


def all_columns(tmp: Path) -> None:
    (tmp / "2023").mkdir()
    write_book(tmp / "2023" / "某局.xlsx", {
        "部门信息": dept("某局"), "项目": [PROJ_HEAD, ["项目01", "", 300]],
        "项目绩效指标": indicators(["项目01"])})


ABSENT = {
    "fiscal": Case(no_fiscal_column, ["validate", "{tmp}/2023"], 0,
                   says=["警告  项目           [absent-column]", "本表没有“财政拨款”列",
                         "金额按 0 计算", "请在第 1 行加回列标题“财政拨款”"],
                   count={"absent-column": 1}),
    "annual-value": Case(no_target_column, ["validate", "{tmp}/2023"], 0,
                         says=["警告  项目绩效指标   [absent-column]", "本表没有“年度指标值”列"],
                         never=["金额按 0"], count={"absent-column": 1}),
    "all-there": Case(all_columns, ["validate", "{tmp}/2023"], 0, never=["absent-column"]),
}


@pytest.mark.parametrize("case", ABSENT.values(), ids=list(ABSENT))
def test_a_deleted_column_is_told(case, tmp_path):
    check(case, tmp_path)
