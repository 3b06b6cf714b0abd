"""The 自评报告 never states what is not known (issue 16): tables of books built in code,
rendered with the shipped template, and the validator's view of the same books."""

from __future__ import annotations

import io
from decimal import Decimal as D
from pathlib import Path

import docx
import pytest
from workbooks import write_book

from xlgen.api import check_workbook
from xlgen.model import (
    Department,
    Indicator,
    InputBook,
    ManagementIndicator,
    Project,
    SelfEvaluation,
)
from xlgen.render.context import build_context
from xlgen.render.docx import render_docx

ROOT = Path(__file__).resolve().parent.parent
TEMPLATE = ROOT / "templates" / "部门整体支出绩效自评报告.docx"


def scored(score: str | None = "9") -> list[ManagementIndicator]:
    """A 管理效率 table of 100 分 by itself: a 自评得分 out of 100 (domain.md)."""
    return [ManagementIndicator(level2="预算执行", name="预算完成率", weight=D(100),
                                score=None if score is None else D(score))]


def book(name: str = "测试局", self_name: str = "", projects: list[Project] | None = None,
         indicators: list[Indicator] | None = None,
         management: list[ManagementIndicator] | None = None, **se: object) -> InputBook:
    blocks = se.pop("blocks", {"部门职责": ["职责一"]})
    return InputBook(path="x.xlsx", department=Department(year=2023, name=name,
                                                          self_name=self_name),
                     self_evaluation=SelfEvaluation(blocks=blocks, **se),  # type: ignore[arg-type]
                     projects=projects, dept_indicators=indicators, management=management)


def text(b: InputBook) -> str:
    data = render_docx(TEMPLATE, build_context(b))
    return "\n".join(p.text for p in docx.Document(io.BytesIO(data)).paragraphs)


CASES = [
    # (id, book, printed, never printed)
    ("no indicators: no score, no grade",
     book(initial_budget=D(10), executed=D(9)),
     ["我局2023年部门整体支出绩效自评得分未能算出（部分指标尚未评分）。整体预算完成率达到90.00%。"],
     ["自评结果为", "0分", "“差”", "仍需改进", "下设0个", "管理效率情况", "履职效能情况"]),
    ("an unscored indicator: no score",
     book(management=[*scored("9"), *scored(None)]),
     ["自评得分未能算出"], ["自评结果为", "自评得分为"]),
    ("the clerk's 自评得分 stands in",
     book(stated_score=D("85.5"), executed=D(9), initial_budget=D(10)),
     ["经综合自评，我局2023年部门整体支出绩效自评结果为“良”，自评得分为85.5分。"
      "整体预算完成率达到90.00%，整体支出和完成情况较为理想。"], ["未能算出"]),
    ("computed score, no amounts",
     book(management=scored("9.5")),
     ["经综合自评，我局2023年部门整体支出绩效自评结果为“差”，自评得分为9.5分。整体支出和完成情况仍需改进。",
      "1.管理效率情况。主要包括预算执行。下设1个三级指标，总分100分，自评得分9.5分。"],
     ["完成率达到", "—", "规模及完成率"]),
    ("blank 部门职责: no dangling sentence",
     book(blocks={}, management=scored()), [], ["主要职责是："]),
    ("blank 年初预算数: no “—万元”",
     book(executed=D(9), management=scored()),
     ["1.年度部门整体支出规模及完成率：测试局2023年全年执行数9.00万元，完成预算的—。"],
     ["年初预算数", "—万元"]),
    ("blank 全年执行数",
     book(initial_budget=D("8463.225"), management=scored()),
     ["1.年度部门整体支出规模及完成率：测试局2023年年初预算数8,463.23万元。"],
     ["全年执行数", "完成率达到"]),
    ("zero 年初预算数 is a figure",
     book(initial_budget=D(0), executed=D(0), management=scored()),
     ["年初预算数0.00万元，全年执行数0.00万元，完成预算的—。"], []),
    ("a goal numbers the scale 2.",
     book(initial_budget=D(1), blocks={"部门整体支出绩效目标": ["目标"]}, management=scored()),
     ["1.部门整体支出绩效目标：目标", "2.年度部门整体支出规模及完成率"], []),
    ("project without 实际支出, zero budget",
     book(projects=[Project(name="零项目"), Project(name="乙", fiscal=D(3), spent=D(2))],
          management=scored()),
     ["一是零项目，年初预算0.00万元；",
      "二是乙，年初预算3.00万元，2023年实际支出2.00万元，预算执行率66.67%。"],
     ["实际支出—"]),
    # a stated 自评得分 stands in for what could not be scored: the parts not scored are
    # not printed as sums of the scored ones (25 + 45 beside 95)
    ("stated score, an unscored 管理效率 indicator",
     book(stated_score=D(95), management=[*scored("45"), *scored(None)]),
     ["自评得分为95分", "下设2个三级指标，总分200分，部分指标尚未评分，自评得分未能算出。"],
     ["自评得分45分", "各项指标均未扣分", "主要扣分指标"]),
    ("stated score, an unscored 部门绩效指标",
     book(stated_score=D(95), management=scored("45"), indicators=[
         Indicator(level1="产出指标", level2="数量指标", name="甲", weight=D(25),
                   score=D(25)),
         Indicator(level1="产出指标", level2="数量指标", name="乙", weight=D(25),
                   actual_value="部分完成")]),
     ["自评得分为95分", "总分50分，部分指标尚未评分，得分未能算出。"], ["得分25分"]),
    ("stated score, a 部门绩效指标 with no 分值",
     book(stated_score=D(95), management=scored("45"), indicators=[
         Indicator(level1="产出指标", level2="数量指标", name="甲", weight=D(25),
                   score=D(25)),
         Indicator(level1="产出指标", level2="数量指标", name="乙", score=D(20))]),
     ["自评得分为95分", "部分指标没有分值，总分和得分未能算出。"], ["总分25分", "得分25分"]),
    ("自称 stated", book(name="某区政协", self_name="我会", management=scored()),
     ["经综合自评，我会2023年"], ["我局"]),
    ("自称 from a town's name", book(name="某镇人民政府", management=scored()),
     ["经综合自评，我镇2023年"], ["我局"]),
    ("自称 from a 街道", book(name="某区某某街道办事处", management=scored()),
     ["经综合自评，我街道2023年"], ["我局"]),
]


@pytest.mark.parametrize(("b", "printed", "absent"), [c[1:] for c in CASES],
                         ids=[c[0] for c in CASES])
def test_report_states_only_what_is_known(b: InputBook, printed: list[str],
                                          absent: list[str]) -> None:
    out = text(b)
    for line in printed:
        assert line in out, out
    for bit in absent:
        assert bit not in out, out


SE_HEAD = [["字段", "值"], ["年初预算数", 10], ["全年执行数", 9], ["部门职责", "职责"],
           ["年度总体工作", "工作"], ["绩效管理情况", "情况"], ["主要工作成效", "成效"],
           ["存在的主要问题", "问题"], ["下一步改进措施", "措施"]]
MGMT = [["二级指标", "三级指标", "分值", "得分"], ["预算执行", "预算完成率", 100, 9]]
MGMT_UNSCORED = [["二级指标", "三级指标", "分值", "得分"], ["预算执行", "预算完成率", 100, None]]


@pytest.mark.parametrize(("sheets", "code", "cell"), [
    ({"自评报告": SE_HEAD}, "report-score-unknown", ""),
    ({"自评报告": SE_HEAD, "管理效率指标": MGMT_UNSCORED}, "report-score-unknown", ""),
    ({"自评报告": [*SE_HEAD, ["自评得分", 95]], "管理效率指标": MGMT}, "report-score-differs",
     "B10"),
    ({"自评报告": [*SE_HEAD, ["自评得分", 88]]}, None, None),
], ids=["no indicators", "unscored", "stated differs", "stated stands in"])
def test_validate_report_score(tmp_path: Path, sheets: dict, code: str | None,
                               cell: str | None) -> None:
    _, report = check_workbook(write_book(tmp_path / "in.xlsx", sheets))
    errors = [(p.code, p.cell) for p in report.problems if p.severity == "error"]
    if code is None:
        assert not [e for e in errors if e[0].startswith("report-score")], errors
    else:
        assert (code, cell) in errors


@pytest.mark.parametrize(("sheets", "score_errors"), [
    ({"自评报告": [*SE_HEAD, ["自评得分", 90]], "管理效率指标": MGMT}, ["report-score-differs"]),
    ({"自评报告": [*SE_HEAD, ["自评得分", "9.00"]], "管理效率指标": MGMT}, []),
    ({"自评报告": [*SE_HEAD, ["自评得分", 88]], "管理效率指标": MGMT_UNSCORED}, []),
])
def test_stated_score_is_checked_against_the_computed_one(tmp_path: Path, sheets: dict,
                                                          score_errors: list[str]) -> None:
    _, report = check_workbook(write_book(tmp_path / "in.xlsx", sheets))
    assert [p.code for p in report.problems if p.code.startswith("report-score")] == score_errors


def test_blank_self_evaluation_form_is_no_report(tmp_path: Path) -> None:
    """xlgen init's untouched 自评报告 (labels, no values) builds no report and no error."""
    sheets = {"自评报告": [["字段", "值"], ["年初预算数", None], ["部门职责", None]]}
    book_, report = check_workbook(write_book(tmp_path / "in.xlsx", sheets))
    assert book_.self_evaluation is None and report.valid


@pytest.mark.parametrize(("blank", "label", "cell"), [
    ("年度总体工作", "年度总体工作", "B5"),
    ("存在的主要问题", "存在的主要问题", "B8"),
])
def test_empty_section_is_a_warning(tmp_path: Path, blank: str, label: str, cell: str) -> None:
    rows = [r if r[0] != blank else [blank, None] for r in SE_HEAD]
    _, report = check_workbook(write_book(tmp_path / "in.xlsx",
                                          {"自评报告": rows, "管理效率指标": MGMT}))
    found = [p for p in report.problems if p.code == "report-empty-section"]
    assert [(label in p.message, p.cell) for p in found] == [(True, cell)]


@pytest.mark.parametrize(("rows", "stated", "printed"), [
    ([["自称", "我会"]], "我会", "我会"),
    ([["自称", "  我委 "]], "我委", "我委"),
    ([], "", "我局"),
])
def test_self_name_is_read_from_the_department_form(tmp_path: Path, rows: list, stated: str,
                                                    printed: str) -> None:
    dept = [["字段", "值"], ["年度", 2023], ["部门名称", "测试局"], *rows]
    book_, report = check_workbook(write_book(tmp_path / "in.xlsx", {"部门信息": dept}))
    assert book_.department.self_name == stated
    assert build_context(book_)["report"]["self_name"] == printed
    assert "unknown-label" not in [p.code for p in report.problems]


@pytest.mark.parametrize(("sheet", "label", "hint"), [
    ("部门信息", "自称", "我街道"),
    ("自评报告", "自评得分", "无法算出"),
])
def test_blank_workbook_offers_the_new_fields(tmp_path: Path, sheet: str, label: str,
                                              hint: str) -> None:
    import openpyxl

    from xlgen.workbook.blank import write_input_workbook

    path = tmp_path / "2024" / "某局.xlsx"
    path.parent.mkdir()
    write_input_workbook(path, year=2024, dept="某局")
    rows = {r[0]: r for r in openpyxl.load_workbook(path)[sheet].iter_rows(values_only=True)}
    assert label in rows and rows[label][1] is None and hint in str(rows[label][2])
