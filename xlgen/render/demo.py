"""A small but complete demo workbook model, used to trial-render templates and in tests."""

from __future__ import annotations

import functools
from collections.abc import Mapping
from decimal import Decimal as D
from typing import Any

from ..model import (
    Budget,
    Department,
    Indicator,
    InputBook,
    ManagementIndicator,
    Project,
    SelfEvaluation,
    Task,
    default_framework,
)
from ..workbook import Contract
from .context import build_context


def indicator(level1: str, level2: str, name: str, value: str, **kw) -> Indicator:
    """An indicator with its framework codes filled in."""
    fw = default_framework()
    l1 = fw.find1(level1)
    l2 = l1.find(level2) if (l1 and level2) else None
    return Indicator(
        level1=l1.name if l1 else level1, level2=l2.name if l2 else level2, name=name,
        period_value=kw.pop("period_value", value), annual_value=value,
        level1_code=l1.code if l1 else "", level2_code=l2.code if l2 else "",
        level2_label=l2.label if l2 else "", **kw)


# A declared field's value in the demo workbook, by type (text: the field's label).
_SAMPLES: dict[str, Any] = {"amount": D("12.5"), "signed_amount": D("-1.5"), "score": D(5),
                            "integer": 3, "rate": D("0.95")}


def demo_book(contract: Contract | None = None) -> InputBook:
    """One of everything: budget, tasks, indicators with scores, two units, self-evaluation;
    with ``contract``, each record's ``extra`` holds a sample of every declared field."""
    book = _demo_book()
    for spec in (contract.sheets if contract else ()):
        records = getattr(book, spec.key, None)
        for record in records if isinstance(records, list) else [records] if records else []:
            for f in spec.fields:
                if f.extra:
                    record.extra[f.label] = (f.choices[0] if f.choices
                                             else _SAMPLES.get(f.type, f"示例{f.label}"))
    return book


@functools.cache
def demo_context() -> Mapping[str, Any]:
    """The template context of the demo workbook (without declared fields), made once: the
    values a static check follows a template's paths through."""
    return build_context(demo_book())


def _demo_book() -> InputBook:
    dept = Department(year=2024, name="示例区政务服务数据管理局", level="区", staff=33, subunits=2,
                      overall_goal="持续优化营商环境，提升政务服务水平。")
    budget = Budget(basic=D("500"), project=D("1000"), special=D("0"), other_dev=D("0"),
                    fiscal=D("1500"), other_funds=D("0"), own_use=D("1500"), transfer=D("0"))
    tasks = [
        Task(name="政务服务保障", content="保障大厅运行。", amount=D("61.75"), goal="群众满意。"),
        Task(kind="其他任务", name="运营管理", content="维持正常运作。", amount=D("731")),
    ]
    dept_inds = [
        indicator("产出指标", "数量指标", "网站运维数量", "1个", weight=D(10), score=D(10)),
        indicator("产出指标", "质量指标", "系统运行正常率", "≥90%", weight=D(10), score=D(10)),
        indicator("效益指标", "社会效益指标", "群众办事便利度", "提升", weight=D(20), score=D(20)),
        indicator("满意度指标", "服务对象满意度指标", "服务群众满意率", "≥95%", weight=D(10),
                  score=D("9.5")),
    ]
    p1 = Project(name="办证大厅窗口服务经费", unit=dept.name, fiscal=D("199"),
                 goal="保障大厅正常服务。", adjustment=D("-20"), spent=D("170.5"))
    p2 = Project(name="基层服务平台建设", unit="示例区政务服务中心", fiscal=D("340"),
                 other=D("10"), goal="部署政务自助机。", adjustment=D("15"), spent=D("365"),
                 carryover=D("12"), spent_carryover=D("8"))  # 自评表 with 上年结转资金
    p1.indicators = [
        indicator("产出指标", "数量指标", "工作天数", "22天", project=p1.name, weight=D(50),
                  actual_value="22天"),
        indicator("效益指标", "社会效益指标", "服务效果", "100%", project=p1.name, weight=D(30)),
        indicator("满意度指标", "服务对象满意度指标", "服务对象满意度", "≥90%", project=p1.name,
                  weight=D(10), actual_value="95%"),
    ]
    p2.indicators = [
        indicator("产出指标", "", "服务事项", "900项", project=p2.name, weight=D(50)),
    ]
    management = [
        ManagementIndicator(level2="预算编制", name="预算编制规范性", weight=D(25), score=D(25)),
        ManagementIndicator(level2="绩效管理", name="绩效管理制度建设", weight=D(25),
                            score=D("24.5"), reason="制度未及时修订"),
    ]
    self_eval = SelfEvaluation(
        initial_budget=D("1500"), full_year_budget=D("1495"), executed=D("1480.25"),
        blocks={
            "部门职责": ["负责政务服务。", "负责数据管理。"],
            "机构设置": ["内设科室 5 个。"],
            "年度总体工作": ["政务服务更便捷高效。"],
            "部门整体支出绩效目标": ["提升政务服务水平。"],
            "绩效管理情况": ["绩效管理有序。"],
            "主要工作成效": ["取得一定成效。"],
            "存在的主要问题": ["绩效指标表述不够准确；", "目标值设置不够合理。"],
            "下一步改进措施": ["进一步量化指标。"],
        },
    )
    return InputBook(
        path="示例.xlsx", department=dept, budget=budget, tasks=tasks,
        dept_indicators=dept_inds, projects=[p1, p2],
        project_indicators=p1.indicators + p2.indicators, management=management,
        self_evaluation=self_eval,
    )
