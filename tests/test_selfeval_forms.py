"""项目支出绩效自评表 as forms elsewhere fill it (issue 16): a project's own 分值 per part
(60/30, four of 22.5), and 执行率 against 年初预算数 where a form has no 全年预算数."""

from __future__ import annotations

from decimal import Decimal as D
from pathlib import Path

import pytest
from test_selfeval import ind, project
from workbooks import write_book

from xlgen.api import check_workbook
from xlgen.rules import evaluate_project, parse_scoring
from xlgen.rules.selfeval import evaluate

SCORING = {"weights": {"预算执行率": 10, "产出指标": 50, "效益指标": 30, "满意度指标": 10},
           "grade": [{"name": "优", "min": 90}, {"name": "良", "min": 80},
                     {"name": "中", "min": 60}, {"name": "差", "min": 0}]}


@pytest.mark.parametrize(("weights", "indicators", "parts", "total"), [
    # the national default
    ({}, [ind("产出指标", "≥1个", "1个"), ind("效益指标", "≥1个", "1个"),
          ind("满意度指标", "≥90%", "95%")], [10, 50, 30, 10], "100"),
    # 60/30 with no 满意度 (Guangdong)
    ({"产出指标": D(60), "效益指标": D(30)},
     [ind("产出指标", "≥1个", "1个"), ind("产出指标", "≥2个", "1个"),
      ind("效益指标", "≥1个", "1个")],
     [10, 60, 30], "85.00"),
    # four indicators of 22.5 (the clerk's 分值), budget part 10
    ({}, [ind("产出指标", "≥1个", "1个", "22.5"), ind("产出指标", "≥1个", "1个", "22.5"),
          ind("效益指标", "≥1个", "1个", "22.5"), ind("效益指标", "≥2个", "1个", "22.5")],
     [10, 45, 45], "88.75"),
    # a project's own 预算执行率 分值
    ({"预算执行率": D(20), "产出指标": D(80)}, [ind("产出指标", "≥1个", "1个")], [20, 80], "100"),
], ids=["default", "60-30", "four-22.5", "budget-20"])
def test_a_projects_own_weights(weights: dict, indicators: list, parts: list[int],
                                total: str) -> None:
    p = project(*indicators, weights=weights)
    e = evaluate_project(p, 1, "测试局", parse_scoring(SCORING))
    assert [x.weight for x in e.parts] == [D(w) for w in parts]
    assert e.total_weight == 100
    assert e.total_score == D(total)


@pytest.mark.parametrize(("base", "adjustment", "spent", "rate", "score"), [
    ("全年预算数", "-20", "80", D(1), D(10)),  # 80 / 80
    ("年初预算数", "-20", "80", D("0.8"), D("8.00")),  # 80 / 100
    ("年初预算数", None, "95", D("0.95"), D("9.50")),
])
def test_rate_against_the_initial_budget(base: str, adjustment: str | None, spent: str,
                                         rate: D, score: D) -> None:
    scoring = parse_scoring({**SCORING, "rate": {"denominator": base}})
    e = evaluate_project(project(ind("产出指标", "≥1个", "1个"), adjustment=adjustment,
                                 spent=spent), 1, "测试局", scoring)
    assert e.rate == rate and e.budget.score == score


def test_rate_denominator_is_checked() -> None:
    with pytest.raises(ValueError, match="年初预算数"):
        parse_scoring({**SCORING, "rate": {"denominator": "调整后预算"}})


def test_weight_columns_are_read_from_the_project_sheet(tmp_path: Path) -> None:
    sheets = {
        "项目": [["项目名称", "资金使用单位", "财政拨款", "实际支出", "产出指标分值",
                "效益指标分值", "满意度指标分值"],
               ["甲", "", 100, 100, 60, 30, None], ["乙", "", 10, 10]],
        "项目绩效指标": [["项目名称", "一级指标", "二级指标", "三级指标", "年度指标值",
                    "实际完成值"],
                   ["甲", "产出指标", "数量指标", "x", "≥1个", "1个"],
                   ["甲", "效益指标", "社会效益指标", "y", "≥1个", "1个"],
                   ["乙", "产出指标", "数量指标", "x", "≥1个", "1个"]]}
    book, report = check_workbook(write_book(tmp_path / "in.xlsx", sheets))
    assert report.valid, report.problems
    first, second = book.projects
    assert first.weights == {"产出指标": D(60), "效益指标": D(30)}
    assert second.weights == {}
    e1, e2 = evaluate(book)
    assert [x.weight for x in e1.parts] == [D(10), D(60), D(30)]
    assert e1.total_score == 100
    # 甲's parts add up to 100; 乙's (10 + 50) do not
    sums = [p for p in report.problems if p.code == "selfeval-weight-sum"]
    assert [p.message.split("的")[0] for p in sums] == ["项目“乙”"]
    assert [x.weight for x in e2.parts] == [D(10), D(50)]
