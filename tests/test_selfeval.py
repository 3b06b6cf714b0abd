"""The 项目支出绩效自评表: scoring cases, fund rows, warnings, the per-item sheet engine, the
full-year sample against its golden file, and a province's variant as a template edit."""
# ruff: noqa: E501  (rows of Chinese figures read best on one line)

from __future__ import annotations

import io
from decimal import Decimal as D
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from test_xlsx_documents import check_golden
from test_xlsx_engine import make_template
from workbooks import write_book

from xlgen.api import build_all, check_workbook
from xlgen.errors import TemplateError
from xlgen.model import Department, Indicator, InputBook, Project
from xlgen.money import round_money
from xlgen.problems import Report
from xlgen.render import build_context, read_manifest, render_xlsx, shipped_templates_dir
from xlgen.render.xlsx import check_xlsx_template, xlsx_template_variables
from xlgen.render.xlsx.sheetnames import sheet_name
from xlgen.rules import evaluate_project, load_scoring, parse_scoring, share_out
from xlgen.rules.selfeval import check_evaluations

ROOT = Path(__file__).resolve().parent.parent
TEMPLATE = shipped_templates_dir() / "项目支出绩效自评表.xlsx"
SAMPLE = ROOT / "inputs" / "示例" / "示例区政务服务数据管理局.xlsx"


def ind(level1: str, target: str, actual: str, weight: str | None = None,
        score: str | None = None, name: str = "指标", reason: str = "",
        level2: str = "") -> Indicator:
    return Indicator(sheet="项目绩效指标", row=2, cells={"score": "I2", "reason": "J2",
                                                          "weight": "H2", "actual_value": "G2"},
                     level1=level1, level2=level2, name=name, annual_value=target,
                     actual_value=actual, weight=D(weight) if weight else None,
                     score=D(score) if score else None, reason=reason, project="甲项目")


def project(*indicators: Indicator, fiscal: str = "100", other: str = "0",
            adjustment: str | None = None, spent: str | None = "100", **kw: Any) -> Project:
    p = Project(sheet="项目", row=2, cells={"spent": "H2", "spent_fiscal": "L2"}, name="甲项目",
                unit="甲单位", fiscal=D(fiscal), other=D(other),
                adjustment=D(adjustment) if adjustment else None,
                spent=D(spent) if spent is not None else None, **kw)
    p.indicators = list(indicators)
    return p


def num(value: Any) -> Any:
    """A number read back from the .xlsx as the exact decimal it was written as."""
    return D(str(value)) if isinstance(value, float | int) and not isinstance(value, bool) \
        else value


def evaluate(p: Project):
    return evaluate_project(p, 1, "测试局")


# -- scoring: one case per rule ---------------------------------------------------------------

@pytest.mark.parametrize(("case", "indicator", "weight", "score"), [
    ("met ≥", ind("产出指标", "≥95%", "96%", "20"), "20", "20"),
    ("missed ≥: 实际/目标 × 分值", ind("产出指标", "≥95%", "92%", "15"), "15", "14.53"),
    ("missed ≤: 目标/实际 × 分值", ind("产出指标", "≤20秒", "25秒", "15"), "15", "12.00"),
    ("met ≤", ind("产出指标", "≤1%", "0.8%", "10"), "10", "10"),
    ("qualitative reached", ind("效益指标", "提升", "有所提升", "15"), "15", "15"),
    ("qualitative said reached", ind("效益指标", "合法合规", "达到", "15"), "15", "15"),
    ("qualitative not reached: unscored", ind("效益指标", "提升", "未提升", "15"), "15", None),
    ("no 实际完成值: unscored", ind("效益指标", "≥90%", "", "15"), "15", None),
    ("clerk's 得分 wins", ind("效益指标", "≥90%", "95%", "15", "13"), "15", "13"),
    ("clerk's 得分 over 分值 is clipped", ind("效益指标", "≥90%", "95%", "15", "18"), "15", "15"),
    ("actual far over a ≥ target", ind("产出指标", "≥10个", "1000个", "25"), "25", "25"),
])
def test_indicator_scores(case: str, indicator: Indicator, weight: str, score: str | None
                          ) -> None:
    [scored] = evaluate(project(indicator)).indicators
    assert scored.weight == D(weight), case
    printed = None if scored.score is None else round_money(scored.score)  # exact until then
    assert printed == (D(score) if score else None), case


@pytest.mark.parametrize(("case", "fiscal", "adjustment", "spent", "rate", "score"), [
    ("within budget", "320", "-20", "296.40", "0.988", "9.88"),
    ("all spent", "500", None, "500", "1", "10.00"),
    ("over 100% is capped at 10", "100", None, "120", "1.2", "10.00"),
    ("nothing spent", "100", None, "0", "0", "0.00"),
    # the score is of the exact rate, rounded once where printed (domain.md): 98.845% prints
    # 98.85%, its score 9.8845 prints 9.88, not 98.85% × 10 = 9.885 → 9.89 (rounded twice)
    ("exact rate, not the printed one", "100", None, "98.845", "0.98845", "9.88450"),
    ("a third", "3", None, "1", D(1) / 3, D(1) / 3 * 10),
    ("zero budget: no rate, no score", "100", "-100", "0", None, None),
    ("no 实际支出: no rate", "100", None, None, None, None),
])
def test_budget_execution(case: str, fiscal: str, adjustment: str | None, spent: str | None,
                          rate: str | None, score: str | None) -> None:
    e = evaluate(project(ind("产出指标", "≥1个", "1个"), fiscal=fiscal, adjustment=adjustment,
                         spent=spent))
    assert e.rate == (D(rate) if rate is not None else None), case
    assert e.budget.score == (D(score) if score is not None else None), case
    assert e.budget.weight == 10
    if score is not None:  # printed: rounded half-up once
        assert round_money(e.budget.score) == round_money(D(score))
    if score is None:
        assert e.total_score is None and e.grade == "", case


@pytest.mark.parametrize(("total", "count", "shares"), [
    ("50", 4, ["12.50"] * 4),
    ("50", 3, ["16.67", "16.67", "16.66"]),
    ("30", 7, ["4.29"] * 6 + ["4.26"]),
    ("10", 1, ["10"]),
    ("0", 2, ["0.00", "0.00"]),
])
def test_share_out_adds_up_exactly(total: str, count: int, shares: list[str]) -> None:
    got = share_out(D(total), count)
    assert got == [D(s) for s in shares]
    assert sum(got) == D(total)


def test_blank_weights_share_each_level1s_weight() -> None:
    e = evaluate(project(
        ind("产出指标", "≥1个", "1个"), ind("产出指标", "≥1个", "1个"), ind("产出指标", "≥1个", "1个"),
        ind("效益指标", "≥1个", "1个", "20"), ind("效益指标", "≥1个", "1个"),
        ind("满意度指标", "≥90%", "95%")))
    assert [i.weight for i in e.indicators] == [D("16.67"), D("16.67"), D("16.66"), D("20"),
                                                 D("10"), D("10")]
    assert [(p.name, p.weight, p.score) for p in e.parts] == [
        ("预算执行率", D(10), D("10.00")), ("产出指标", D(50), D(50)),
        ("效益指标", D(30), D(30)), ("满意度指标", D(10), D(10))]
    assert (e.total_weight, e.total_score, e.grade) == (D(100), D(100), "优")


@pytest.mark.parametrize(("spent", "grade"), [
    # 产出 50 + 效益 30 + 满意度 10 are full; the budget score moves the total over a bound
    ("100", "优"), ("0", "优"),  # 90.00 is 优
])
def test_grade_at_the_90_boundary(spent: str, grade: str) -> None:
    e = evaluate(project(ind("产出指标", "≥1个", "1个"), ind("效益指标", "≥1个", "1个"),
                         ind("满意度指标", "≥1个", "1个"), spent=spent))
    assert e.grade == grade


@pytest.mark.parametrize(("total", "expected"), [
    ("100", "优"), ("90", "优"), ("89.99", "良"), ("80", "良"), ("79.99", "中"), ("60", "中"),
    ("59.99", "差"), ("0", "差")])
def test_grade_boundaries_from_the_data_file(total: str, expected: str) -> None:
    assert load_scoring().grade(D(total)) == expected


def test_the_shipped_weights_make_100_and_every_total_has_a_grade() -> None:
    """scoring.toml, as a maintainer may edit it: the 自评表 is out of 100 (domain.md: 预算执行率
    10, 产出 50, 效益 30, 满意度 10), else every project warns selfeval-weight-sum at the
    clerk, whose workbook is right; the grades are 优 ≥ 90, 良 ≥ 80, 中 ≥ 60, 差 below (a
    lowest bound above 0 would grade a 30 as 中)."""
    scoring = load_scoring()
    assert sum(scoring.weights.values()) == 100
    assert scoring.weights == {"预算执行率": 10, "产出指标": 50, "效益指标": 30, "满意度指标": 10}
    assert scoring.grades == ((90, "优"), (80, "良"), (60, "中"), (0, "差"))


def test_weights_and_grades_are_data() -> None:
    scoring = parse_scoring({"weights": {"预算执行率": 20, "产出指标": 40, "效益指标": 30,
                                         "满意度指标": 10},
                             "grade": [{"name": "合格", "min": 60}, {"name": "不合格", "min": 0},
                                       {"name": "优秀", "min": 85}]})
    e = evaluate_project(project(ind("产出指标", "≥1个", "1个"), ind("效益指标", "≥2个", "1个"),
                                 ind("满意度指标", "≥1个", "1个"), spent="50"), 1, "测试局", scoring)
    assert [p.weight for p in e.parts] == [D(20), D(40), D(30), D(10)]
    assert e.total_score == D("10.00") + 40 + D("15.00") + 10
    assert e.grade == "合格"


# -- 项目资金 rows ---------------------------------------------------------------------------------

@pytest.mark.parametrize(("case", "kw", "rows"), [
    ("财政拨款 only", dict(fiscal="100", adjustment="-10", spent="80"),
     [("100", "90", "80"), ("100", "90", "80"), ("0", "0", "0")]),
    ("其他资金 only", dict(fiscal="0", other="50", spent="50"),
     [("50", "50", "50"), ("0", "0", "0"), ("50", "50", "50")]),
    ("both, not split: 其中 rows' 全年 figures unknown", dict(fiscal="100", other="50",
                                                           spent="120"),
     [("150", "150", "120"), ("100", None, None), ("50", None, None)]),
    ("both, split", dict(fiscal="1200", other="100", adjustment="-150", spent="1080",
                         adjustment_fiscal=D("-150"), spent_fiscal=D("990")),
     [("1300", "1150", "1080"), ("1200", "1050", "990"), ("100", "100", "90")]),
])
def test_fund_rows(case: str, kw: dict[str, Any], rows: list[tuple[str | None, ...]]) -> None:
    e = evaluate(project(ind("产出指标", "≥1个", "1个"), **kw))
    got = [(r.initial, r.full_year, r.executed) for r in e.funds]
    assert got == [tuple(D(v) if v is not None else None for v in row) for row in rows], case
    assert [r.label for r in e.funds] == ["年度资金总额", "其中：财政拨款", "其他资金"]
    assert e.funds[0].weight == 10 and e.funds[1].weight is None


def test_target_parts_for_variant_forms() -> None:
    [i] = evaluate(project(ind("产出指标", "不少于10个", "12个", "10"))).indicators
    assert (i.nature, i.number, i.unit) == ("≥", D(10), "个")
    [q] = evaluate(project(ind("效益指标", "提升", "提升", "10"))).indicators
    assert (q.nature, q.number, q.unit) == ("定性", None, "")


# -- warnings at their cells -------------------------------------------------------------------

FULL = (ind("产出指标", "≥1个", "1个", "50"), ind("效益指标", "≥1个", "1个", "30"),
        ind("满意度指标", "≥1个", "1个", "10"))


def warnings_of(p: Project, **book: Any) -> list[tuple[str, str]]:
    report = Report("in.xlsx")
    check_evaluations(InputBook("in.xlsx", Department(name="测试局"), projects=[p], **book),
                      report)
    return [(x.code, x.cell) for x in report.problems]


@pytest.mark.parametrize(("case", "p", "expected"), [
    ("lost points, no reason", project(ind("产出指标", "≥95%", "90%", "50"),
                                       ind("效益指标", "≥1个", "1个", "30"),
                                       ind("满意度指标", "≥1个", "1个", "10")),
     [("selfeval-no-reason", "J2")]),
    ("lost points with a reason", project(ind("产出指标", "≥95%", "90%", "50", reason="原因"),
                                          ind("效益指标", "≥1个", "1个", "30"),
                                          ind("满意度指标", "≥1个", "1个", "10")), []),
    ("qualitative unscored", project(ind("产出指标", "提升", "基本持平", "50"),
                                     ind("效益指标", "≥1个", "1个", "30"),
                                     ind("满意度指标", "≥1个", "1个", "10")),
     [("selfeval-unscored", "I2")]),
    ("分值 not 100", project(ind("产出指标", "≥1个", "1个", "40"),
                            ind("效益指标", "≥1个", "1个", "30"),
                            ind("满意度指标", "≥1个", "1个", "10")),
     [("selfeval-weight-sum", "H2")]),
    ("成本指标 with no 分值 anywhere", project(ind("成本指标", "≤5万元", "4万元"),
                                           ind("产出指标", "≥1个", "1个")),
     [("selfeval-no-weight", "H2")]),
    ("no results yet: nothing to say", project(ind("产出指标", "≥1个", "")), []),
    ("results but no 实际支出", project(*FULL, spent=None), [("selfeval-no-rate", "H2")]),
    ("mixed funds, not split", project(*FULL, other="20"), [("selfeval-split", "H2")]),
    ("财政拨款实际支出 over 实际支出", project(*FULL, spent_fiscal=D("150")),
     [("fiscal-spent-over", "L2")]),
])
def test_warnings(case: str, p: Project, expected: list[tuple[str, str]]) -> None:
    assert warnings_of(p) == expected, case


def test_an_unreadable_spent_is_one_error_not_also_a_warning(tmp_path: Path) -> None:
    head = ["项目名称", "一级指标", "三级指标", "年度指标值", "实际完成值"]
    source = write_book(tmp_path / "a.xlsx", {
        "项目": [["项目名称", "财政拨款", "实际支出"], ["甲", 100, "约90"], ["乙", 50, None]],
        "项目绩效指标": [head, ["甲", "产出指标", "台数", "≥10台", "8台"],
                       ["乙", "产出指标", "台数", "≥10台", "12台"]]})
    _, report = check_workbook(source)
    at_spent = [(p.code, p.cell) for p in report.problems if p.cell in ("C2", "C3")]
    assert at_spent == [("bad-amount", "C2"), ("selfeval-no-rate", "C3")]


def test_unscored_warning_names_the_indicator_and_what_to_do() -> None:
    report = Report("in.xlsx")
    p = project(ind("产出指标", "提升", "基本持平", "50", name="服务水平"))
    check_evaluations(InputBook("in.xlsx", Department(name="测试局"), projects=[p]), report)
    [problem] = [x for x in report.problems if x.code == "selfeval-unscored"]
    assert "服务水平" in problem.message and "得分" in problem.message
    assert "总分和自评等级空着" in problem.message


# -- the sample: all four documents; its 自评表 figure by figure --------------------------------------

@pytest.fixture(scope="module")
def sample_book() -> InputBook:
    book, report = check_workbook(SAMPLE)
    assert book is not None and report.errors == []
    return book


def test_the_full_year_sample_builds_all_four_documents(tmp_path: Path) -> None:
    [result] = build_all([(SAMPLE, Path("."))], tmp_path)
    assert result.report.errors == []
    names = sorted(p.name for p in result.written)
    assert names == sorted(f"2023年示例区政务服务数据管理局{d}" for d in (
        "部门整体预算绩效目标申报表.xlsx", "项目支出绩效目标表.xlsx", "部门整体支出绩效自评报告.docx",
        "项目支出绩效自评表.xlsx"))


def test_sample_self_evaluation_matches_golden(sample_book: InputBook) -> None:
    result = render_xlsx(TEMPLATE, build_context(sample_book))
    assert result.problems == []
    check_golden("fullyear_selfeval", result.data)


def test_sample_self_evaluation_figures(sample_book: InputBook) -> None:
    wb = openpyxl.load_workbook(io.BytesIO(render_xlsx(TEMPLATE, build_context(sample_book)).data))
    assert wb.sheetnames == ["项目汇总", "1.政务服务大厅运行经费", "2.12345热线运营经费",
                             "3.智慧城市运行平台运维经费"]
    overview = [tuple(map(num, row)) for row in wb["项目汇总"].iter_rows(min_row=4, values_only=True)]
    assert overview == [
        (1, "政务服务大厅运行经费", "示例区政务服务数据管理局", 300, D("296.40"), D("0.9880"),
         D("9.88"), 50, D("29.53"), 10, D("99.41"), "优"),
        (2, "12345热线运营经费", "示例区12345政务服务便民热线中心", 1150, 1080, D("0.9391"),
         D("9.39"), D("46.68"), 28, 10, D("94.08"), "优"),
        (3, "智慧城市运行平台运维经费", "示例区政务服务数据管理局", 500, 310, D("0.6200"), D("6.20"),
         D("49.49"), D("23.33"), D("9.41"), D("88.44"), "良"),
    ]
    ws = wb["2.12345热线运营经费"]
    funds = [tuple(num(c.value) for c in row[3:9]) for row in ws.iter_rows(min_row=6, max_row=8)]
    assert funds == [(1300, 1150, 1080, 10, D("0.9391"), D("9.39")),
                     (1200, 1050, 990, "—", D("0.9429"), "—"),
                     (100, 100, 90, "—", D("0.9"), "—")]
    scores = {row[3]: (num(row[6]), num(row[7])) for row in ws.iter_rows(min_row=12, values_only=True)
              if row[3] and row[6] is not None}
    assert scores == {"受理工单量": (20, 20), "工单按时办结率": (15, D("14.68")),
                      "平均接通时长": (15, 12), "群众诉求解决率": (15, 15),
                      "热线知识库更新": (15, 13), "来电群众满意度": (10, 10)}
    foot = [num(c.value) for c in ws[ws.max_row]]
    assert foot[0] == "总分" and foot[6:9] == [100, D("94.08"), "自评等级：优"]


def test_golden_numbers_are_the_spreadsheet_numbers(sample_book: InputBook) -> None:
    """Every figure printed equals the sum of the printed parts (no float drift)."""
    from xlgen.rules import evaluate as evaluate_book

    for e in evaluate_book(sample_book):
        assert e.total_score == sum(p.score for p in e.parts)
        for part in e.parts[1:]:
            assert part.score == sum(i.score for i in e.indicators if i.level1 == part.name)


# -- the engine: a sheet per item -----------------------------------------------------------------

def per_item_template(tmp_path: Path, tag: str = "{% sheet p in projects named p.name %}"
                      ) -> Path:
    def setup(ws: Any) -> None:
        ws.oddFooter.center.text = "第 &P 页，共 &N 页"
        ws.print_title_rows = "2:2"
        ws.page_setup.orientation = "landscape"
    path = make_template(tmp_path, [[tag], ["项目", "{{ p.name }}"], ["金额", "{{ p.total }}"]],
                         setup=setup)
    wb = openpyxl.load_workbook(path)
    first = wb.create_sheet("总表", 0)
    first["A1"] = "共 {{ projects | length }} 个项目"
    wb.save(path)
    return path


def named_book(*names: str) -> InputBook:
    projects = [Project(name=n, fiscal=D(i + 1)) for i, n in enumerate(names)]
    return InputBook("x.xlsx", Department(year=2023, name="测试局"), projects=projects)


def render_sheets(template: Path, book: InputBook) -> openpyxl.Workbook:
    result = render_xlsx(template, build_context(book))
    assert result.problems == []
    return openpyxl.load_workbook(io.BytesIO(result.data))


def test_a_sheet_per_item_in_order_with_the_page_setup(tmp_path: Path) -> None:
    wb = render_sheets(per_item_template(tmp_path), named_book("甲", "乙", "丙"))
    assert wb.sheetnames == ["总表", "甲", "乙", "丙"]
    assert wb["总表"]["A1"].value == "共 3 个项目"
    for n, name in enumerate(["甲", "乙", "丙"], 1):
        ws = wb[name]
        assert [[c.value for c in row] for row in ws.iter_rows()] == [["项目", name], ["金额", n]]
        assert ws.oddFooter.center.text == "第 &P 页，共 &N 页"
        assert ws.print_title_rows == "$1:$1"  # the template's row 2, after the tag row
        assert ws.page_setup.orientation == "landscape"


@pytest.mark.parametrize(("names", "expected"), [
    (["a/b", "c[1]", "d:e*f?", "g\\h"], ["a／b", "c［1］", "d：e＊f？", "g＼h"]),
    (["同名", "同名", "同名"], ["同名", "同名(2)", "同名(3)"]),
    (["Ab", "aB"], ["Ab", "aB(2)"]),
    (["政务服务一体化平台建设运营项目（第七期）二〇二三年度追加资金及结转资金"],
     ["政务服务一体化平台建设运营项目（第七期）二〇二三年度追加资金…"]),
    (["'引号'", "", "History"], ["引号", "Sheet_", "History_"]),
    (["总表"], ["总表(2)"]),  # taken by another sheet of the workbook
])
def test_sheet_names_are_legal_unique_and_readable(tmp_path: Path, names: list[str],
                                                     expected: list[str]) -> None:
    wb = render_sheets(per_item_template(tmp_path), named_book(*names))
    assert wb.sheetnames[1:] == expected
    assert all(len(n) <= 31 for n in wb.sheetnames)


def test_sheet_name_keeps_within_31_with_a_suffix() -> None:
    taken = {"一" * 31}
    assert sheet_name("一" * 40, set()) == "一" * 30 + "…"
    name = sheet_name("一" * 31, taken)
    assert name == "一" * 27 + "…(2)" and len(name) == 31


def test_no_items_no_sheet(tmp_path: Path) -> None:
    wb = render_sheets(per_item_template(tmp_path), named_book())
    assert wb.sheetnames == ["总表"]


@pytest.mark.parametrize(("tag", "code"), [
    ("{% sheet p of projects %}", "template-sheet-tag"),
    ("{% sheet p in projects named p.name( %}", "template-syntax"),
])
def test_a_wrong_sheet_tag_is_a_template_error_at_its_cell(tmp_path: Path, tag: str,
                                                            code: str) -> None:
    problems = check_xlsx_template(per_item_template(tmp_path, tag))
    assert [(p.code, p.cell) for p in problems] == [(code, "A1")]
    assert "{% sheet" in problems[0].message or "模板" in problems[0].message


def test_an_unknown_list_is_reported_and_the_loop_variable_is_not(tmp_path: Path) -> None:
    path = per_item_template(tmp_path, "{% sheet p in projetcs named p.name %}")
    problems = check_xlsx_template(path)
    assert [(p.code, p.cell) for p in problems] == [("template-unknown-variable", "A1")]
    assert "projects" in problems[0].message  # did you mean
    assert xlsx_template_variables(per_item_template(tmp_path)) == {"projects"}


def test_two_sheet_tags_are_an_error(tmp_path: Path) -> None:
    path = make_template(tmp_path, [["{% sheet p in projects %}"], ["{{ p.name }}"],
                                    ["{% sheet q in projects %}"]])
    assert [(p.code, p.cell) for p in check_xlsx_template(path)] == [("template-sheet-tag", "A3")]


def test_manifest_needs_are_checked_against_the_contract(tmp_path: Path) -> None:
    text = (shipped_templates_dir() / "manifest.toml").read_text("utf-8")
    (tmp_path / "manifest.toml").write_text(
        text.replace('"项目绩效指标.实际完成值"', '"项目绩效指标.实际完成"'), "utf-8")
    with pytest.raises(TemplateError, match="没有“实际完成”一列"):
        read_manifest(tmp_path)


def test_the_form_is_built_only_once_results_are_filled(tmp_path: Path) -> None:
    head = ["项目名称", "一级指标", "三级指标", "年度指标值", "实际完成值"]
    sheets = {"项目": [["项目名称", "财政拨款", "实际支出"], ["甲", 10, 10]],
              "项目绩效指标": [head, ["甲", "产出指标", "数量", "≥1个", None]]}
    (tmp_path / "in").mkdir()
    source = write_book(tmp_path / "in" / "a.xlsx", sheets)
    [before] = build_all([(source, Path("."))], tmp_path / "out")
    assert {s.document: s.why for s in before.skipped}["项目支出绩效自评表"] == \
        "“项目绩效指标”表的“实际完成值”列未填写"
    sheets["项目绩效指标"][1][4] = "1个"
    write_book(source, sheets)
    [after] = build_all([(source, Path("."))], tmp_path / "out")
    assert any(p.name.endswith("项目支出绩效自评表.xlsx") for p in after.written)


# -- a province's variant is a template edit ------------------------------------------------------

def sichuan_variant(tmp_path: Path) -> Path:
    """The worked example of templates/README.md: the shipped form with Sichuan's indicator
    columns 指标性质 / 指标值 / 度量单位 / 权重 / 未完成原因分析, edited cell by cell."""
    wb = openpyxl.load_workbook(TEMPLATE)
    ws = wb["项目自评"]
    edits = {"E14": "指标性质", "F14": "指标值", "G14": "度量单位", "H14": "完成值",
             "E16": "{{ i.nature }}", "F16": "{{ i.number }}", "G16": "{{ i.unit }}",
             "H16": "{{ i.actual }}"}
    for ref, value in edits.items():
        ws[ref] = value
    ws.insert_cols(9)  # I: 权重, J: 得分, K: 未完成原因分析
    ws["I14"], ws["I16"] = "权重", "{{ i.weight }}"
    ws["J14"], ws["J16"] = "得分", "{{ i.score }}"
    ws["K14"], ws["K16"] = "未完成原因分析", "{{ i.reason }}"
    for row in (14, 16):
        for col in "IJ":
            ws[f"{col}{row}"]._style = ws[f"G{row}"]._style  # noqa: SLF001 - copy a border
    path = tmp_path / "项目支出绩效自评表.xlsx"
    wb.save(path)
    return path


def test_a_province_variant_is_a_template_edit(tmp_path: Path, sample_book: InputBook) -> None:
    variant = sichuan_variant(tmp_path)
    assert [p for p in check_xlsx_template(variant) if p.severity.value == "error"] == []
    wb = openpyxl.load_workbook(io.BytesIO(render_xlsx(variant, build_context(sample_book)).data))
    ws = wb["2.12345热线运营经费"]
    rows = {row[3]: tuple(map(num, row[4:10])) for row in ws.iter_rows(min_row=12, values_only=True)
            if row[3] and row[4] in ("≥", "≤", "定性")}
    assert rows["平均接通时长"] == ("≤", 20, "秒", "25秒", 15, 12)
    assert rows["工单按时办结率"] == ("≥", 95, "%", "93%", 15, D("14.68"))
    assert rows["热线知识库更新"] == ("定性", None, None, "每月更新", 15, 13)


def test_the_demo_book_renders_the_shipped_form() -> None:
    from xlgen.render.demo import demo_book

    book = demo_book()
    wb = render_sheets(TEMPLATE, book)
    assert wb.sheetnames[0] == "项目汇总" and len(wb.sheetnames) == 1 + len(book.projects or [])



def test_a_rate_that_cannot_be_computed_prints_a_dash(tmp_path: Path) -> None:
    """domain.md: a rate whose denominator is zero or blank is shown as —; a rate known prints
    as the number under the cell's 0.00% format."""
    head = ["项目名称", "资金使用单位", "财政拨款", "其他资金", "实际支出"]
    source = write_book(tmp_path / "in.xlsx", {
        "部门信息": [["字段", "值"], ["年度", 2023], ["部门名称", "测试局"]],
        "项目": [head, ["甲", "", 100, None, 90], ["乙", "", 100, 50, 120], ["丙", "", 100, None, None]],
        "项目绩效指标": [["项目名称", "一级指标", "二级指标", "三级指标", "年度指标值"],
                         *[[n, "产出指标", "数量指标", "x", "≥1个"] for n in "甲乙丙"]]})
    book, report = check_workbook(source)
    assert book is not None and report.valid
    wb = render_sheets(TEMPLATE, book)

    def rates(ws: Any) -> dict[str, Any]:
        return {ws.cell(r, 2).value: ws.cell(r, 8).value for r in range(6, 10)
                if ws.cell(r, 2).value in ("年度资金总额", "其中：财政拨款", "其他资金")}

    assert rates(wb["1.甲"]) == {"年度资金总额": 0.9, "其中：财政拨款": 0.9, "其他资金": "—"}
    assert rates(wb["2.乙"]) == {"年度资金总额": 0.8, "其中：财政拨款": "—", "其他资金": "—"}
    assert rates(wb["3.丙"]) == {"年度资金总额": "—", "其中：财政拨款": "—", "其他资金": "—"}
    assert wb["1.甲"]["H7"].number_format == "0.00%_ "
    # the figure at the right as numbers are, the dash centred as the template's own — cells
    assert [wb["1.甲"][c].alignment.horizontal for c in ("H7", "H8", "G8")] == [
        "right", "center", "center"]
    overview_rates = {row[1].value: row[5].alignment.horizontal for row in wb["项目汇总"].iter_rows()
                      if row[1].value in ("甲", "丙")}
    assert overview_rates == {"甲": "right", "丙": "center"}
    overview = {row[1].value: row[5].value for row in wb["项目汇总"].iter_rows()
                if row[1].value in ("甲", "乙", "丙")}
    assert overview == {"甲": 0.9, "乙": 0.8, "丙": "—"}
