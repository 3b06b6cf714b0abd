"""The report's derived figures (xlgen.rules.figures), checked against seed 001 as published.

``seed_book()`` rebuilds the 2022 白云区政务服务数据管理局 report's input: indicators that
reproduce the published counts and scores, the 管理效率 table (22 indicators, 50 分, 49.5),
the five projects with their 年初预算, 调减 and 实际支出, and the text blocks verbatim.
test_docx_report.py renders it.

Published slip: the seed prints 调整后预算 343.96 for 信息化项目管理经费, but
600 − 356.04 = 243.96, and its printed 执行率 99.48% is 242.68 / 243.96. The rules compute
调整后预算 from 年初预算 and 预算调整, so the report prints 243.96 and 99.48%; a clerk's
stated 343.96 is never used in its place (the validator reports the disagreement).
"""

# ruff: noqa: E501 (the seed's paragraphs are kept verbatim, one a line)

from __future__ import annotations

from decimal import Decimal as D

import pytest
from samples import seed001

from xlgen.model import (
    Department,
    Indicator,
    InputBook,
    ManagementIndicator,
    Project,
    SelfEvaluation,
)
from xlgen.money import fmt_money, fmt_number, fmt_percent
from xlgen.rules.figures import (
    ProjectFigures,
    build,
    management,
    performance,
    self_name,
    strip_numbering,
)

DEPT = "广州市白云区政务服务数据管理局"

# (一级, 二级, 三级, 年度指标值, 实际完成值, 分值, clerk's 得分 or None)
SEED_INDICATORS: list[tuple[str, str, str, str, str, str, str | None]] = [
    *[("产出指标", "数量指标", name, target, actual, "0.5", None) for name, target, actual in [
        ("完成英文网站建设数量", "1", "1"),
        ("网站运维数量", "1", "1"),
        ("预约叫取号系统部署大厅数", "不少于10个", "12个"),
        ("建设安全态势感知平台", "完成1套安全态势感知平台建设", "完成1套"),
        ("中心机房UPS升级改造", "完成3台UPS改造", "3台"),
        ("智慧白云系统对接数量", "系统对接数≥7个", "9个"),
        ("组织立项专家评审的次数", "≥3次", "5次"),
        ("组织验收专家评审的次数", "≥3次", "4次"),
        ("联席会审审核项目数量", "≥10个", "16个"),
        ("提供监理服务的项目数量", "≥8个", "11个"),
        ("提供测评服务的项目数量", "≥5个", "7个"),
        ("信息化项目立项审核意见反馈次数", "≥40次", "52次"),
        ("信息化项目验收前置审核意见反馈次数", "≥5次", "8次"),
        ("全年新建开发信息化系统数量", "≥5", "6"),
        ("运维系统总数量", "≥5", "12"),
        ("各业务系统接入城市指挥平台数量", "≥2", "3"),
        ("归集政府信息数据量", "≥30亿条", "36亿条"),
        ("运维桌面设备数量", "≥50个", "80个"),
        ("运维网络设备数量", "≥30个", "42个"),
        ("等保测评数量", "≥3个", "3个"),
        ("全区业务系统迁移上云情况", "上云系统数量≥100", "上云系统数量126"),
        ("云服务器数量", "云服务器数量≥500台", "800台"),
        ("智慧应用建设数量", "智慧应用数量≥6个", "6个"),
        ("视频会议系统全覆盖24个镇街", "覆盖率=100%", "100%"),
    ]],
    *[("产出指标", "质量指标", name, target, actual, "0.75", None) for name, target, actual in [
        ("运维完成率", "运维工单数/完成工单数*100%≥95%", "99%"),
        ("程序的规范性", "合法合规", "合法合规"),
        ("项目建设合理性", "合理", "合理"),
        ("项目安全性能", "开展安全测评", "已开展安全测评"),
        ("服务质量", "预约叫取号评价系统功能正常使用≥360天", "365天"),
        ("民科园分中心大厅信息化设备可用率", "100%", "100%"),
        ("系统运行正常率(%)", "≥90%", "99.9%"),
        ("信息系统重大故障次", "≤0次", "0次"),
    ]],
    ("产出指标", "时效指标", "一般运维响应时间", "响应时间≤4小时", "2小时", "2", None),
    ("效益指标", "经济效益指标", "资金使用效率", "≥90%", "98.82%", "2", None),
    ("效益指标", "经济效益指标", "设备利用率", "90%", "95%", "2", None),
    *[("效益指标", "社会效益指标", name, target, actual, "2", None) for name, target, actual in [
        ("满足各单位业务的短信发送需求", "发送短信不少于300万条", "发送短信326万条"),
        ("提高全区城市治理效率", "城市管理精细化管理效率提升≥50%", "提升52%"),
        ("推进各委办局数据共享", "全区有效数据归集量提升≥30%", "提升35%"),
        ("云资源服务覆盖范围情况", "云资源服务覆盖单位≥30个", "覆盖单位45个"),
        ("云资源可用性稳定", "云平台响应故障处理时间≤8小时", "4小时"),
        ("群众办事便利度", "提升", "明显提升"),
        ("热线工单按时办结率", "≥95%", "100%"),
    ]],
    ("效益指标", "可持续影响指标", "统一专人管理，保障设备正常使用", "合格", "合格", "1", None),
    # the seed's own name for 可持续影响指标, and a qualitative target the clerk scored
    ("效益指标", "可持续发展指标", "保障英文网站运行", "英文网站初验后，建设方需提供一年运营服务",
     "已提供一年运营服务", "1", "1"),
    ("满意度指标", "服务对象满意度指标", "服务群众满意率", "98%", "99.99%", "5", None),
    ("满意度指标", "服务对象满意度指标", "综合受理人员满意度", "98%", "99%", "5", None),
]

# (二级, 三级, 分值, 得分): 22 indicators, 50 分, 49.5 (0.5 lost on 绩效管理制度建设).
SEED_MANAGEMENT: list[tuple[str, str, str, str]] = [
    ("预算编制", "目标制定合理性", "2", "2"),
    ("预算编制", "预算编制规范性", "2", "2"),
    ("预算编制", "专项资金细化率", "2", "2"),
    ("预算执行", "预算完成率", "4", "4"),
    ("预算执行", "预算执行率", "3", "3"),
    ("预算执行", "结转结余变动率", "2", "2"),
    ("预算执行", "支出进度", "3", "3"),
    ("预算执行", "资金使用合规性", "3", "3"),
    ("信息公开", "预决算信息公开", "2", "2"),
    ("信息公开", "绩效信息公开", "2", "2"),
    ("绩效管理", "绩效管理制度建设", "2", "1.5"),
    ("绩效管理", "绩效目标管理", "3", "3"),
    ("绩效管理", "绩效监控", "3", "3"),
    ("绩效管理", "绩效评价", "3", "3"),
    ("采购管理", "政府采购执行率", "2", "2"),
    ("采购管理", "采购程序规范性", "2", "2"),
    ("采购管理", "采购合同管理", "2", "2"),
    ("资产管理", "资产管理规范性", "2", "2"),
    ("资产管理", "固定资产利用率", "2", "2"),
    ("资产管理", "资产账实相符率", "1", "1"),
    ("运行成本", "公用经费控制率", "2", "2"),
    ("运行成本", "“三公经费”控制率", "1", "1"),
]

# (项目名称, 年初预算, 预算调整, 实际支出, stated 调整后预算 as published)
SEED_PROJECTS: list[tuple[str, str, str, str, str]] = [
    ("信息化项目管理经费", "600", "-356.04", "242.68", "343.96"),
    ("智慧白云一期项目经费", "1588.88", "-103.20", "1485.68", "1485.68"),
    ("智慧白云建设经费", "2739.46", "-2661.17", "78.29", "78.29"),
    ("信息化运维经费", "659.72", "-349.79", "309.93", "309.93"),
    ("信息化项目合同存量款项", "5900.51", "-2797.33", "3103.18", "3103.18"),
]

# The published text blocks, as transcribed once for the sample workbook.
SEED_BLOCKS: dict[str, list[str]] = {
    "部门职责": seed001.DUTIES,
    "机构设置": seed001.ORGANIZATION,
    "年度总体工作": seed001.ANNUAL_WORK,
    "部门整体支出绩效目标": seed001.DEPT_GOAL,
    "绩效管理情况": seed001.MANAGEMENT,
    "主要工作成效": seed001.ACHIEVEMENTS,
    "存在的主要问题": seed001.PROBLEMS,
    "下一步改进措施": seed001.MEASURES,
}


def ind(level1: str, level2: str, name: str, target: str = "", actual: str = "",
        weight: str | None = None, score: str | None = None) -> Indicator:
    """A 部门绩效指标 row."""
    return Indicator(level1=level1, level2=level2, name=name, annual_value=target,
                     period_value=target, actual_value=actual,
                     weight=None if weight is None else D(weight),
                     score=None if score is None else D(score))


def seed_book() -> InputBook:
    """Seed 001's input: 2022 部门整体支出绩效自评报告 of 白云区政务服务数据管理局."""
    dept = Department(year=2022, name=DEPT)
    projects = [
        Project(name=name, unit=DEPT, fiscal=D(initial), adjustment=D(adjustment),
                spent=D(spent), stated_adjusted=D(stated))
        for name, initial, adjustment, spent, stated in SEED_PROJECTS
    ]
    return InputBook(
        path="inputs/2022/广州市白云区政务服务数据管理局.xlsx",
        department=dept,
        dept_indicators=[ind(*row) for row in SEED_INDICATORS],
        projects=projects,
        management=[
            ManagementIndicator(level2=l2, name=name, weight=D(w), score=D(s))
            for l2, name, w, s in SEED_MANAGEMENT
        ],
        self_evaluation=SelfEvaluation(
            initial_budget=D("8463.23"), executed=D("8363.23"),
            blocks={k: list(v) for k, v in SEED_BLOCKS.items()},
        ),
    )


@pytest.fixture(scope="module")
def seed() -> dict:
    return build(seed_book())


# --- seed 001, figure by figure -------------------------------------------------------

def test_seed_total_grade_and_completion(seed: dict) -> None:
    # 自评结果为“优”，自评得分为 99.5 分。整体预算完成率预计达到 98.82%
    assert fmt_number(seed["total_score"]) == "99.5"
    assert seed["grade"] == "优"
    assert fmt_percent(seed["completion_rate"]) == "98.82%"
    assert fmt_money(seed["initial_budget"]) == "8,463.23"
    assert fmt_money(seed["executed"]) == "8,363.23"
    assert seed["total_weight"] == 100
    assert seed["unscored"] == []
    assert seed["self_name"] == "我局"
    assert seed["title"] == "广州市白云区政务服务数据管理局2022年部门整体支出绩效自评报告"


@pytest.mark.parametrize(("index", "name", "phrase", "weight", "score"), [
    (0, "产出指标", "数量指标24个、质量指标8个、时效指标1个", "20", "20"),
    (1, "效益指标", "经济效益指标2个、社会效益指标7个、可持续影响指标2个", "20", "20"),
    (2, "满意度指标", "服务对象满意度指标2个", "10", "10"),
])
def test_seed_performance(seed: dict, index: int, name: str, phrase: str, weight: str,
                          score: str) -> None:
    section = seed["performance"][index]
    assert section.name == name
    assert section.counts_phrase == phrase
    assert fmt_number(section.weight) == weight
    assert fmt_number(section.score) == score
    assert section.unscored == ()


def test_seed_performance_totals(seed: dict) -> None:
    assert len(seed["performance"]) == 3
    assert [s.count for s in seed["performance"]] == [33, 11, 2]
    assert (seed["performance_weight"], seed["performance_score"]) == (50, 50)


def test_seed_management(seed: dict) -> None:
    # 下设 22 个三级指标，总分 50 分，自评得分 49.5 分。…
    # 主要扣分指标是：绩效管理里的绩效管理制度建设。
    m = seed["management"]
    assert m.count == 22
    assert fmt_number(m.weight) == "50"
    assert fmt_number(m.score) == "49.5"
    assert m.areas_phrase == "预算编制、预算执行、信息公开、绩效管理、采购管理、资产管理、运行成本"
    assert m.lost_phrase == "绩效管理里的绩效管理制度建设"
    assert m.grade == "优"


@pytest.mark.parametrize(
    ("index", "name", "initial", "word", "change", "adjusted", "spent", "rate"), [
    # published: 调整后预算 343.96 (a slip: 600 − 356.04 = 243.96), 执行率 99.48%
    (0, "信息化项目管理经费", "600.00", "调减", "356.04", "243.96", "242.68", "99.48%"),
    (1, "智慧白云一期项目经费", "1,588.88", "调减", "103.20", "1,485.68", "1,485.68", "100.00%"),
    (2, "智慧白云建设经费", "2,739.46", "调减", "2,661.17", "78.29", "78.29", "100.00%"),
    (3, "信息化运维经费", "659.72", "调减", "349.79", "309.93", "309.93", "100.00%"),
    (4, "信息化项目合同存量款项", "5,900.51", "调减", "2,797.33", "3,103.18", "3,103.18",
     "100.00%"),
    ])
def test_seed_projects(seed: dict, index: int, name: str, initial: str, word: str, change: str,
                       adjusted: str, spent: str, rate: str) -> None:
    p = seed["projects"][index]
    assert p.name == name
    assert fmt_money(p.initial) == initial
    assert p.adjustment_word == word
    assert fmt_money(p.adjustment_abs) == change
    assert fmt_money(p.adjusted) == adjusted
    assert fmt_money(p.spent) == spent
    assert fmt_percent(p.rate) == rate


def test_seed_stated_adjusted_budget_is_not_used() -> None:
    """The clerk's copied 343.96 disagrees with 600 − 356.04; the computed figure wins."""
    book = seed_book()
    assert book.projects is not None
    first = book.projects[0]
    assert first.stated_adjusted == D("343.96")
    p = build(book)["projects"][0]
    assert p.adjusted == D("243.96")
    # what the published text would have implied had 343.96 been right
    assert fmt_percent(D("242.68") / D("343.96")) == "70.55%"
    assert fmt_percent(p.rate) == "99.48%"


def test_seed_lists_strip_clerk_numbering(seed: dict) -> None:
    assert seed["problems"] == [
        "绩效指标设置的内容表述不够准确；",
        "绩效指标目标值设置不够合理；",
        "大部分项目缺失成本指标、时效指标和可持续性指标。",
    ]
    assert seed["measures"][0].startswith("进一步量化指标")
    assert seed["goal"][0].startswith("区政务服务数据管理局紧紧围绕")


# --- projects: tables of cases ------------------------------------------------------

@pytest.mark.parametrize(("fiscal", "adjustment", "spent", "word", "change", "adjusted", "rate"), [
    ("100", "20", "120", "调增", "20.00", "120.00", "100.00%"),
    ("100", "-20", "40", "调减", "20.00", "80.00", "50.00%"),
    ("100", "0", "100", None, "", "100.00", "100.00%"),
    ("100", None, "99.995", None, "", "100.00", "100.00%"),  # 99.995% rounds half up
    ("100", None, "98.815", None, "", "100.00", "98.82%"),
    ("100", None, "120", None, "", "100.00", "120.00%"),  # over 100%: printed as computed
    ("0", None, "10", None, "", "0.00", "—"),  # zero budget: no rate
    ("100", "-100", "0", "调减", "100.00", "0.00", "—"),  # adjusted to zero
    ("100", None, None, None, "", "100.00", "—"),  # 实际支出 blank
    # 30 元 of 调减 prints as 0.00 万元 and 100 stays 100.00: no “年中调减预算0.00万元”
    ("100", "-0.003", "50", None, "", "100.00", "50.00%"),
    ("100", "0.004", "50", None, "", "100.00", "50.00%"),
    # … unless the two budgets print apart: 100.005 → 100.01 against 100.001 → 100.00
    ("100.005", "-0.004", "50", "调减", "0.00", "100.00", "50.00%"),
    ("100", "-0.005", "50", "调减", "0.01", "100.00", "50.00%"),  # 0.005 prints 0.01
])
def test_project_figures(fiscal: str, adjustment: str | None, spent: str | None,
                         word: str | None, change: str, adjusted: str, rate: str) -> None:
    p = ProjectFigures.of(Project(
        name="项目", fiscal=D(fiscal),
        adjustment=None if adjustment is None else D(adjustment),
        spent=None if spent is None else D(spent),
    ))
    assert p.adjustment_word == word
    assert fmt_money(p.adjustment_abs) == change
    assert fmt_money(p.adjusted) == adjusted
    assert fmt_percent(p.rate) == rate


def test_project_initial_sums_funding_sources() -> None:
    p = ProjectFigures.of(Project(name="项目", fiscal=D("100"), special_account=D("20.5"),
                                  other=D("0.25"), adjustment=D("-0.75"), spent=D("60")))
    assert (p.initial, p.adjusted) == (D("120.75"), D("120.00"))
    assert fmt_percent(p.rate) == "50.00%"


@pytest.mark.parametrize(("initial", "executed", "rate"), [
    ("8463.23", "8363.23", "98.82%"),
    ("0", "10", "—"),
    (None, "10", "—"),
    ("100", None, "—"),
    ("100", "150", "150.00%"),
])
def test_completion_rate(initial: str | None, executed: str | None, rate: str) -> None:
    book = InputBook(path="x.xlsx", department=Department(year=2022, name="测试局"),
                     self_evaluation=SelfEvaluation(
                         initial_budget=None if initial is None else D(initial),
                         executed=None if executed is None else D(executed)))
    assert fmt_percent(build(book)["completion_rate"]) == rate


# --- indicator counts -----------------------------------------------------------------

def test_performance_orders_by_framework_and_counts_blank_level2_last() -> None:
    sections = performance([
        ind("满意度", "服务对象满意度", "满意率", "≥90%", "95%", "10"),
        ind("产出指标", "时效指标", "按时完成", "≤30天", "20天", "5"),
        ind("11-产出指标", "数量指标", "数量", "≥1个", "2个", "5"),
        ind("产出指标", "", "未分类", "1", "1", "5"),
        ind("效益指标", "生态效益", "节能", "提升", "", "5"),
    ])
    assert [s.name for s in sections] == ["产出指标", "效益指标", "满意度指标"]
    assert sections[0].counts_phrase == "数量指标1个、时效指标1个、其他产出指标1个"
    assert sections[0].count == 3
    assert sections[1].counts_phrase == "生态效益指标1个"
    # no 实际完成值 and no 得分: unscored, not counted as full marks
    assert sections[1].unscored == ("节能",)
    assert (sections[1].weight, sections[1].score) == (5, 0)


def test_unknown_level1_comes_last() -> None:
    sections = performance([
        ind("其他指标", "", "杂项", "1", "1", "1"),
        ind("成本指标", "经济成本指标", "成本控制", "≤100万元", "90万元", "2"),
        ind("产出指标", "数量指标", "数量", "1", "1", "1"),
    ])
    assert [s.name for s in sections] == ["产出指标", "成本指标", "其他指标"]


def test_build_without_self_evaluation_sheets() -> None:
    book = InputBook(path="x.xlsx", department=Department(year=2023, name="测试中心"))
    figures = build(book)
    assert figures["completion_rate"] is None
    assert figures["performance"] == []
    assert figures["projects"] == []
    assert figures["management"].count == 0
    assert figures["management"].grade == ""
    assert figures["total_score"] is None  # not known: never 0 and “差”
    assert figures["grade"] == ""
    assert figures["goal"] == []
    assert figures["self_name"] == "我中心"


def test_goal_falls_back_to_overall_goal() -> None:
    book = InputBook(path="x.xlsx",
                     department=Department(year=2023, name="测试局", overall_goal="目标一\n目标二"),
                     self_evaluation=SelfEvaluation(blocks={}))
    assert build(book)["goal"] == ["目标一", "目标二"]


# --- management -----------------------------------------------------------------------

def test_management_lost_and_unscored() -> None:
    m = management([
        ManagementIndicator(level2="预算执行", name="预算完成率", weight=D(10), score=D(8)),
        ManagementIndicator(level2="预算执行", name="支出进度", weight=D(10), score=D(10)),
        ManagementIndicator(level2="", name="资产管理", weight=D(10), score=D("9.5")),
        ManagementIndicator(level2="运行成本", name="三公经费", weight=D(10), score=None),
    ])
    assert m.count == 4
    assert (m.weight, m.score) == (40, D("27.5"))
    assert m.areas == ("预算执行", "运行成本")
    assert m.lost_phrase == "预算执行里的预算完成率、资产管理"
    assert m.unscored == ("三公经费",)
    assert m.grade == "中"  # 27.5 / 40 × 100 = 68.75


# --- small helpers --------------------------------------------------------------------

@pytest.mark.parametrize(("name", "expected"), [
    ("广州市白云区政务服务数据管理局", "我局"),
    ("某区发展和改革委员会", "我委"),
    ("某区人民政府办公室", "我办"),
    ("某区政务服务中心", "我中心"),
    ("某区人民法院", "我院"),
    ("某区图书馆", "我馆"),
    ("某区政务服务和数据管理", "我单位"),
    ("某区某某镇人民政府", "我镇"),
    ("某某镇", "我镇"),
    ("某某乡人民政府", "我乡"),
    ("某区某某街道办事处", "我街道"),
    ("某区某某街道", "我街道"),
    ("中国人民政治协商会议某区委员会", "我委"),
])
def test_self_name(name: str, expected: str) -> None:
    assert self_name(name) == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("（一）绩效指标表述不准确；", "绩效指标表述不准确；"),
    ("(2) 目标值不合理", "目标值不合理"),
    ("三、缺少成本指标", "缺少成本指标"),
    ("1、指标不全", "指标不全"),
    ("2. 指标不全", "指标不全"),
    ("- （三）大部分项目缺失成本指标", "大部分项目缺失成本指标"),
    ("1.5万件工单未按时办结", "1.5万件工单未按时办结"),
    ("三公经费偏高", "三公经费偏高"),
    ("一是加强培训", "一是加强培训"),
])
def test_strip_numbering(text: str, expected: str) -> None:
    assert strip_numbering(text) == expected
