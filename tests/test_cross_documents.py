"""The four documents of one build, read side by side as the 财政局's 绩效处 audits them.

Every figure that two documents both print must be printed the same: each project's money
in the 项目支出绩效目标表, the 项目支出绩效自评表 (its sheet and its 项目汇总 row) and the
自评报告's sentence about it (年初预算, 调整后预算, 实际支出, 执行率); each 自评表's 总分
and 自评等级 on its sheet and in the 项目汇总; the report's 自评得分 and 等级 and the 汇总's;
the report's indicator counts and the 申报表's indicator block; and every grade is the one
its score as printed earns (domain.md: 优 ≥ 90, 良 ≥ 80, 中 ≥ 60). The documents are read
back from the files (openpyxl, python-docx), not from the library's figures, so a template
that prints another variable than its neighbour is caught too.

Books: the shipped example (inputs/示例), test_printed_figures' half-cent book in 万元 and in
元 (with the 市级 templates), and a 元 book with awkward projects (a 调减 of 30 元, a 调增, a
zero budget, no spending, an 执行率 of 1234.56%).
"""

from __future__ import annotations

import re
import shutil
from decimal import Decimal as D
from pathlib import Path
from typing import Any

import docx
import openpyxl
import pytest
from test_printed_figures import IND, LEVELS, sheets
from workbooks import problem_codes, write_book

from xlgen.api import build_workbook, find_templates, summarise, write_summary
from xlgen.money import from_float
from xlgen.workbook import find_workbooks

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "inputs" / "示例" / "示例区政务服务数据管理局.xlsx"
GRADES = ((D(90), "优"), (D(80), "良"), (D(60), "中"))  # domain.md; below 60: 差


def awkward() -> dict[str, list[list[Any]]]:
    """test_printed_figures' 元 book with four more projects (amounts in 元)."""
    book = sheets("元")
    extra = [  # the columns of PROJ: 名称, 单位, 财政拨款, 专户, 其他, 目标, 预算调整, 实际支出
        ["丙项目", "乙单位", 3200000, "", "", "目标", -30, 3000000],  # 调减 30 元 = 0.003 万元
        ["丁项目", "乙单位", 50, 50, 50, "目标", 26750, 20000],  # 0.005 × 3; 调增 2.675 万元
        ["戊项目", "乙单位", 0, "", "", "目标", "", 0],  # zero budget: 执行率 —
        ["己项目", "", 1000000, "", "", "目标", "", ""],  # nothing spent stated
        ["庚项目", "", 10000, "", "", "目标", "", 123456],  # 1 万元, 12.3456 spent: 1234.56%
    ]
    book["项目"] = [*book["项目"], *extra]
    book["项目绩效指标"] = [*book["项目绩效指标"], *(
        [row[0], *LEVELS[level], level, "", "≥90%", "95%", weight, "", ""]
        for row in extra for level, weight in (("a", 50), ("c", 30), ("d", 10)))]
    assert book["项目绩效指标"][0] == IND
    return book


def _build(folder: Path, source: Path) -> dict[str, Path]:
    result = build_workbook(source, folder / "out", find_templates(None, [source]))
    assert result.report.errors == [], problem_codes(result.report)
    found = {}
    for path in result.written:
        for key in ("申报表", "目标表", "自评报告", "自评表"):
            if path.stem.endswith(key) and path.suffix in (".xlsx", ".docx"):
                found[key] = path
    assert len(found) == 4, result.written
    summary = folder / "汇总.xlsx"
    write_summary(summarise(find_workbooks([source])[0]), summary)
    return {**found, "汇总": summary}


@pytest.fixture(scope="module", params=["示例", "万元", "元-市级", "元-awkward"])
def docs(request, tmp_path_factory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("cross")
    if request.param == "示例":
        source = Path(shutil.copy(SAMPLE, folder / SAMPLE.name))
    else:
        book = {"万元": lambda: sheets("万元"), "元-市级": lambda: sheets("元", "市"),
                "元-awkward": awkward}[request.param]()
        source = write_book(folder / "测试局.xlsx", book)
    return _build(folder, source)


# --- reading the documents back, as printed ------------------------------------------

def money(value: Any) -> str:
    """A 万元 cell as it prints (#,##0.00); '' for an empty cell, the text of a text cell."""
    if value is None or isinstance(value, str):
        return value or ""
    return f"{from_float(float(value)):,.2f}"


def percent(value: Any) -> str:
    """A 0.00% cell as it prints (no thousands separator: 1234.56%); a text cell (“—”) as
    it is."""
    if isinstance(value, str):
        return value
    return f"{(from_float(float(value)) * 100).quantize(D('0.01')):.2f}%"


def grade_of(printed: str) -> str:
    score = D(printed.replace(",", ""))
    return next((name for bound, name in GRADES if score >= bound), "差")


def rows(path: Path, sheet: str | None = None) -> list[list[Any]]:
    wb = openpyxl.load_workbook(path)
    ws = wb[sheet] if sheet else wb.worksheets[0]
    return [list(r) for r in ws.iter_rows(values_only=True)]


def after(row: list[Any], label: str) -> list[Any]:
    """The non-empty cells of ``row`` after the cell ``label``."""
    return [v for v in row[row.index(label) + 1:] if v is not None]


def target_rows(path: Path) -> list[list[Any]]:
    """The 目标表's project rows: below its 合计, those with a 绩效目标."""
    table = rows(path)
    start = next(i for i, r in enumerate(table) if r[0] == "合计")
    return [r for r in table[start + 1:] if r[0] and r[5]]


def evaluations(path: Path) -> dict[str, dict[str, Any]]:
    """Each project's sheet of the 自评表: its 年度资金总额 row and 总分 row."""
    wb = openpyxl.load_workbook(path)
    found: dict[str, dict[str, Any]] = {}
    for ws in wb.worksheets:
        if ws.title == "项目汇总":
            continue
        sheet = [list(r) for r in ws.iter_rows(values_only=True)]
        name = next(after(r, "项目名称")[0] for r in sheet if "项目名称" in r)
        head = next(r for r in sheet if "年初预算数" in r)
        funds = next(r for r in sheet if "年度资金总额" in r)
        total = next(r for r in sheet if "总分" in r)
        initial, full, spent, rate, score = (funds[head.index(label)] for label in (
            "年初预算数", "全年预算数", "全年执行数", "执行率", "得分"))
        cells = after(total, "总分")
        grade = next(str(v) for v in cells if isinstance(v, str) and "自评等级" in v)
        numbers = [v for v in cells if not isinstance(v, str)]
        found[name] = {
            "initial": money(initial), "full": money(full), "spent": money(spent),
            "rate": percent(rate) if rate is not None else "",
            "budget_score": money(score),
            "total": money(numbers[1]) if len(numbers) > 1 else "",
            "grade": grade.split("：", 1)[1].strip(),
        }
    return found


PROJECT_LINE = re.compile(
    r"^[一二三四五六七八九十]+是(?P<name>.+?)，年初预算(?P<initial>[\d,.]+)万元"
    r"(?:，年中(?P<word>调[增减])预算(?P<change>[\d,.]+)万元，调整后预算(?P<adjusted>[\d,.]+)万元)?"
    r"(?:，\d{4}年实际支出(?P<spent>[\d,.]+)万元，预算执行率(?P<rate>[\d,.]+%|—))?[；。]$")
COUNTS = re.compile(r"部门整体绩效目标(?P<level1>.+?)完成情况：共设(?P<counts>.+?)，总分")


def report(path: Path) -> dict[str, Any]:
    texts = [p.text for p in docx.Document(str(path)).paragraphs]
    projects = [m.groupdict() for t in texts if (m := PROJECT_LINE.match(t))]
    verdict = next(m for t in texts
                   if (m := re.search(r"自评结果为“(.)”，自评得分为([\d.]+)分", t)))
    counts = {m["level1"]: sum(int(n) for n in re.findall(r"(\d+)个", m["counts"]))
              for t in texts if (m := COUNTS.search(t))}
    return {"projects": projects, "grade": verdict[1], "score": verdict[2], "counts": counts}


# --- the cross-checks ----------------------------------------------------------------

def test_every_project_is_in_every_document(docs):
    targets = [r[0] for r in target_rows(docs["目标表"])]
    sheets_ = list(evaluations(docs["自评表"]))
    summary = [r[1] for r in rows(docs["自评表"], "项目汇总")[3:] if r[1]]
    said = [p["name"] for p in report(docs["自评报告"])["projects"]]
    assert sheets_ == summary == said, (sheets_, summary, said)
    assert sorted(targets) == sorted(said)  # (the 目标表 groups them by 资金使用单位)
    table = rows(docs["汇总"], "汇总")
    head = next(r for r in table if "项目个数" in r)
    assert next(r for r in table if r[0] == 1)[head.index("项目个数")] == len(said)


def test_report_and_self_evaluation_print_the_same_money(docs):
    """The report's sentence about a project and its 自评表 sheet: same 年初预算, 调整后预算
    (the 全年预算数), 实际支出 and 执行率; no adjustment stated when the two budgets print
    alike and it prints 0.00."""
    forms = evaluations(docs["自评表"])
    targets = {r[0]: money(r[1]) for r in target_rows(docs["目标表"])}
    for line in report(docs["自评报告"])["projects"]:
        form = forms[line["name"]]
        assert line["initial"] == form["initial"] == targets[line["name"]], line
        assert (line["adjusted"] or line["initial"]) == form["full"], line
        if line["word"] and line["change"] == "0.00":
            assert line["adjusted"] != line["initial"], line  # “年中调减预算0.00万元”
        if line["spent"] is not None:
            assert line["spent"] == form["spent"], line
            assert line["rate"] == (form["rate"] or "—"), line
        else:
            assert form["spent"] == "", line


def test_summary_sheet_agrees_with_each_project_sheet(docs):
    forms = evaluations(docs["自评表"])
    for row in rows(docs["自评表"], "项目汇总")[3:]:
        if not row[1]:
            continue
        form = forms[row[1]]
        full, spent, rate, budget_score = row[3:7]
        total, grade = row[10], row[11]
        assert (money(full), money(spent)) == (form["full"], form["spent"]), row
        assert (percent(rate) if rate is not None else "") == form["rate"], row
        assert money(budget_score) == form["budget_score"], row
        assert (money(total), grade or "") == (form["total"], form["grade"]), row


def test_every_grade_is_that_of_its_score_as_printed(docs):
    for name, form in evaluations(docs["自评表"]).items():
        assert form["grade"] == (grade_of(form["total"]) if form["total"] else ""), name
    said = report(docs["自评报告"])
    assert said["grade"] == grade_of(said["score"])
    table = rows(docs["汇总"], "汇总")
    head = next(r for r in table if "自评得分" in r)
    summary = next(r for r in table if r[0] == 1)
    assert (money(summary[head.index("自评得分")]), summary[head.index("自评等级")]) == (
        money(D(said["score"])), said["grade"])


def test_report_counts_the_indicators_the_declaration_lists(docs):
    """“共设数量指标24个、质量指标8个…” per 一级 against the 申报表's indicator block."""
    listed: dict[str, int] = {}
    level1, inside = None, False
    for row in rows(docs["申报表"]):
        if row[1] == "一级指标":
            inside = True
            continue
        if not inside or len(row) < 4:
            continue
        level1 = row[1] or level1
        if row[3] and level1:
            listed[level1] = listed.get(level1, 0) + 1
    assert report(docs["自评报告"])["counts"] == listed


def test_summary_agrees_with_the_declaration_and_the_target_table(docs):
    """The 汇总's 财政拨款 and 其他资金 are the 申报表's; its 项目资金合计 the 目标表's 合计."""
    table = rows(docs["汇总"], "汇总")
    head = next(r for r in table if "项目资金合计（万元）" in r)
    line = next(r for r in table if r[0] == 1)
    declared = rows(docs["申报表"])
    for label in ("财政拨款", "其他资金"):
        printed = next(after(r, label)[0] for r in declared if label in r)
        assert money(line[head.index(f"{label}（万元）")]) == money(printed), label
    total = next(r for r in rows(docs["目标表"]) if r[0] == "合计")[1]
    assert money(line[head.index("项目资金合计（万元）")]) == money(total)
