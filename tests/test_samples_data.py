"""The sample inputs: the seed transcriptions reproduce the published figures exactly, the
committed workbooks under inputs/ are what tools/make_samples.py makes, and they validate.
The as-published fixtures (tests/fixtures/published/) keep the seeds' slips for the validator.
"""

from __future__ import annotations

import importlib
import sys
from collections import Counter
from decimal import Decimal
from pathlib import Path
from types import ModuleType

import openpyxl
import pytest

from xlgen.api import check_workbook
from xlgen.model.framework import default_framework
from xlgen.money import fmt_money, fmt_percent, round_money
from xlgen.workbook.blank import write_input_workbook

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tools"))

import make_samples  # noqa: E402
from samples import SAMPLES, seed000, seed001, seed002  # noqa: E402


def published(name: str) -> ModuleType:
    """An as-published fixture module (tests/fixtures/published/)."""
    return importlib.import_module(f"fixtures.published.{name}")


def amount(text: str) -> Decimal:
    return Decimal(text.replace(",", "")) if text else Decimal(0)


def total(rows, key: str) -> Decimal:
    return sum((row[key] for row in rows if row.get(key) is not None), Decimal(0))


# ---------------------------------------------------------------- seed 000 (申报表)


def test_seed000_budget_as_published():
    budget = seed000.DATA["预算"]
    for label, text in published("seed000").BUDGET.items():
        value = budget[label.replace("区本级", "本级")]  # printed for 本级使用资金
        assert (None if value is None else fmt_money(value)) == text, label
    income = budget["财政拨款"] + budget["其他资金"]
    assert income == budget["本级使用资金"] + budget["拟用于对下转移支付资金"]


def test_seed000_department_and_tasks():
    dept = seed000.DATA["部门信息"]
    assert (dept["财政供养人员数"], dept["下属二级单位数"]) == (33, 2)
    assert dept["总体绩效目标"].startswith("区政务服务数据管理局紧紧围绕")
    tasks = seed000.DATA["重点任务"]
    key = [t for t in tasks if t["类型"] == "重点任务"]
    other = [t for t in tasks if t["类型"] == "其他任务"]
    assert (len(key), len(other)) == (6, 2)
    assert key[-1]["任务名称"] == "保障12345政务服务支出计划"  # drifted a column in the print
    fixture = published("seed000")
    printed = [(kind, name, amount(text)) for kind, name, text in fixture.TASKS]
    assert [(t["类型"], t["任务名称"], t["拟投入资金"]) for t in tasks] == printed


def test_seed000_indicator_block():
    rows = seed000.DATA["部门绩效指标"]
    assert len(rows) == 63
    counts = Counter((r["一级指标"], r["二级指标"]) for r in rows)
    assert counts == {
        ("产出指标", "数量指标"): 27,
        ("产出指标", "质量指标"): 9,
        ("产出指标", "时效指标"): 1,
        ("产出指标", "成本指标"): 2,
        ("效益指标", "经济效益指标"): 5,
        ("效益指标", "社会效益指标"): 5,
        ("效益指标", "生态效益指标"): 5,
        ("效益指标", "可持续影响指标"): 5,
        ("满意度指标", "服务对象满意度指标"): 4,
    }
    by_name = {r["三级指标"]: r for r in rows}
    assert by_name["全区业务系统迁移上云情况"]["二级指标"] == "数量指标"
    assert by_name["项目建设合理性"]["二级指标"] == "质量指标"
    assert by_name["预约叫取号评价系统故障处理时长"]["二级指标"] == "成本指标"
    assert by_name["办事人满意度"]["二级指标"] == "可持续影响指标"
    assert all(r["三级指标"] and r["实施周期指标值"] and r["年度指标值"] for r in rows)


# ---------------------------------------------------------------- seed 001 (自评报告)


def test_seed001_indicator_counts_and_scores():
    report = published("seed001").REPORT
    rows = seed001.DATA["部门绩效指标"]
    assert Counter((r["一级指标"], r["二级指标"]) for r in rows) == report["counts"]
    for level1, (weight, score) in report["scores"].items():
        mine = [r for r in rows if r["一级指标"] == level1]
        assert (total(mine, "分值"), total(mine, "得分")) == (weight, score), level1
    assert all(Decimal(0) <= r["得分"] <= r["分值"] for r in rows)


def test_seed001_management_efficiency():
    expected = published("seed001").REPORT["management"]
    rows = seed001.DATA["管理效率指标"]
    assert len(rows) == expected["count"]
    assert tuple(dict.fromkeys(r["二级指标"] for r in rows)) == expected["areas"]
    assert total(rows, "分值") == expected["weight"]
    assert total(rows, "得分") == expected["score"]
    lost = [(r["二级指标"], r["三级指标"]) for r in rows if r["得分"] < r["分值"]]
    assert lost == [expected["lost"]]
    assert all(r["扣分原因"] for r in rows if r["得分"] < r["分值"])


def test_seed001_total_grade_and_completion_rate():
    report = published("seed001").REPORT
    score = total(seed001.DATA["部门绩效指标"], "得分") + total(
        seed001.DATA["管理效率指标"], "得分"
    )
    assert score == report["total"] and score >= 90  # 优
    form = seed001.DATA["自评报告"]
    assert (form["年初预算数"], form["全年执行数"]) == (report["年初预算数"], report["全年执行数"])
    assert fmt_percent(form["全年执行数"] / form["年初预算数"]) == report["完成率"]


def test_seed001_projects_match_the_report_except_its_slip():
    fixture = published("seed001")
    printed = {row[0]: dict(zip(fixture.COLUMNS, row, strict=True)) for row in fixture.PROJECTS}
    sample = seed001.DATA["项目"]
    assert [p["项目名称"] for p in sample] == list(printed)
    slips = {e["cell"] for e in fixture.ERRORS}
    assert slips == {"D2"}
    for row, project in enumerate(sample, 2):
        stated = printed[project["项目名称"]]
        adjusted = project["财政拨款"] + project["预算调整"]
        rate = project["实际支出"] / adjusted
        assert (project["财政拨款"], project["预算调整"], project["实际支出"]) == (
            stated["财政拨款"], stated["预算调整"], stated["实际支出"],
        )  # fmt: skip
        assert fmt_percent(rate) == fmt_percent(stated["执行率"])  # every printed rate agrees
        if f"D{row}" in slips:
            assert adjusted != stated["调整后预算"]
            assert adjusted == fixture.ERRORS[0]["computed"]
        else:
            assert adjusted == stated["调整后预算"]
        assert not ({"调整后预算", "执行率", "总计"} & set(project)), "the sample states none"


def test_seed001_text_blocks():
    form = seed001.DATA["自评报告"]
    duties = form["部门职责"].split("\n")
    assert len(duties) == 11
    assert all(d.startswith(f"{i}、") for i, d in enumerate(duties, 1))
    assert len(form["存在的主要问题"].split("\n")) == 3
    assert len(form["下一步改进措施"].split("\n")) == 2
    assert not any(line.startswith("（") for line in form["存在的主要问题"].split("\n"))
    for label in (
        "机构设置",
        "年度总体工作",
        "部门整体支出绩效目标",
        "绩效管理情况",
        "主要工作成效",
    ):
        assert form[label] and "**" not in form[label], label
    assert seed001.DATA["部门信息"]["年度"] == 2022


# ---------------------------------------------------------------- seed 002 (项目支出绩效目标表)


def test_seed002_projects_and_total():
    fixture = published("seed002")
    projects = seed002.DATA["项目"]
    assert len(projects) == 13
    total_fiscal = total(projects, "财政拨款")
    assert fmt_money(total_fiscal) == fixture.TOTAL == "2,616.61"
    assert [row[:2] for row in fixture.PUBLISHED[:2]] == [
        ("合计", fixture.TOTAL), (seed002.DEPT, fixture.TOTAL),
    ]  # fmt: skip
    for project, printed in zip(projects, fixture.PROJECT_ROWS, strict=True):
        name, printed_total, fiscal, special, other, goal, _ = printed
        assert project["项目名称"] == name and project["绩效目标"] == goal
        assert project["财政拨款"] == amount(fiscal) == amount(printed_total)
        assert special == other == ""
    assert sum((amount(row[1]) for row in fixture.PROJECT_ROWS), Decimal(0)) == total_fiscal


def test_seed002_every_printed_indicator_is_a_row():
    fixture = published("seed002")
    rows = seed002.DATA["项目绩效指标"]
    assert len(rows) == 63
    per_project = Counter(r["项目名称"] for r in rows)
    for printed in fixture.PROJECT_ROWS:
        name, text = printed[0], printed[6]
        assert per_project[name] == text.count("实施周期指标值"), name
        for row in (r for r in rows if r["项目名称"] == name):
            assert f"{row['三级指标']};实施周期指标值:{row['实施周期指标值']}" in text
    empty = [r for r in rows if not r["三级指标"]]
    assert [(r["项目名称"], r["实施周期指标值"]) for r in empty] == [
        ("基层服务平台示范点建设经费", "100000人")
    ]
    assert any(r["三级指标"] == "22135476-目标群体满意度(%)" for r in rows)


# ---------------------------------------------------------------- all samples


@pytest.mark.parametrize("sample", SAMPLES, ids=lambda m: m.__name__)
def test_indicator_names_are_in_the_framework(sample):
    framework = default_framework()
    for sheet in ("部门绩效指标", "项目绩效指标"):
        for row in sample.DATA.get(sheet) or []:
            level1 = framework.find1(row["一级指标"])
            assert level1 is not None, row
            assert level1.find(row["二级指标"]) is not None, row


@pytest.mark.parametrize("sample", SAMPLES, ids=lambda m: m.__name__)
def test_amounts_have_at_most_two_decimals(sample):
    for content in sample.DATA.values():
        rows = [content] if isinstance(content, dict) else content or []
        for row in rows:
            for value in row.values():
                if isinstance(value, Decimal):
                    assert round_money(value) == value


def test_sample_notes_name_the_assumed_year():
    for sample in (seed000, seed002):
        assert "假定为 2023 年" in sample.NOTES
        assert sample.PATH.startswith("inputs/2023/") and sample.YEAR == 2023
    assert seed001.PATH.startswith("inputs/2022/")


def _cells(path: Path) -> dict[str, list[tuple]]:
    wb = openpyxl.load_workbook(path)
    return {ws.title: list(ws.iter_rows(values_only=True)) for ws in wb.worksheets}


def test_committed_inputs_are_what_make_samples_makes(tmp_path):
    made = make_samples.build(tmp_path)
    assert len(made) == len(SAMPLES)
    for path in made:
        committed = ROOT / path.relative_to(tmp_path)
        assert committed.exists(), f"{committed} missing: run tools/make_samples.py"
        assert _cells(committed) == _cells(path), f"{committed} is stale: run tools/make_samples.py"


def test_make_samples_is_deterministic(tmp_path):
    first = [p.read_bytes() for p in make_samples.build(tmp_path / "a")]
    second = [p.read_bytes() for p in make_samples.build(tmp_path / "b")]
    assert first == second


# ---------------------------------------------------------------- through the validator


@pytest.mark.parametrize("sample", SAMPLES, ids=lambda m: m.__name__)
def test_every_sample_validates_without_errors(sample):
    book, report = check_workbook(ROOT / sample.PATH)
    assert book is not None
    assert [p.where + " " + p.message for p in report.errors] == []


@pytest.mark.parametrize("name", ["seed000", "seed001", "seed002"])
def test_validator_points_at_the_published_slips(tmp_path, name):
    fixture = published(name)
    path = tmp_path / f"{name}.xlsx"
    write_input_workbook(path, data=fixture.DATA)
    _, report = check_workbook(path)
    errors = {(p.sheet, p.cell) for p in report.errors}
    assert errors == {(e["sheet"], e["cell"]) for e in fixture.ERRORS}
    warnings = {(p.sheet, p.cell) for p in report.warnings}
    for expected in getattr(fixture, "WARNINGS", []):
        assert (expected["sheet"], expected["cell"]) in warnings, expected["what"]
