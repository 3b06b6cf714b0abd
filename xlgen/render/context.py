"""The template context: what every Excel and Word template can use (``xlgen templates vars``).

One context serves every document, so a maintainer can add a document that uses any of it.
Values are exact: amounts are ``Decimal`` in 万元 (unrounded; the Excel engine rounds at the
cell, the ``money``/``percent`` filters round in text). Costly sections are computed on first
use only.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from typing import Any

from ..model import InputBook, Unit
from ..workbook import EXTRA_TYPES, Contract


class LazyContext(Mapping[str, Any]):
    """A mapping whose values are computed on first access (Jinja reads it like a dict)."""

    def __init__(self, makers: dict[str, Callable[[], Any]]):
        self._makers = makers
        self._values: dict[str, Any] = {}

    def __getitem__(self, key: str) -> Any:
        if key not in self._values:
            self._values[key] = self._makers[key]()
        return self._values[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self._makers)

    def __len__(self) -> int:
        return len(self._makers)


# Top-level names and what they hold; `xlgen templates vars` prints this table.
VARIABLES: dict[str, str] = {
    "dept": "部门信息：.name 部门名称 .year 年度 .level 预算级次"
    " .own_use_label（如“区本级使用资金”） .own_level_name（市级印法：名称后加一次“（本级）”）"
    " .staff 财政供养人员数 .subunits 下属二级单位数 .overall_goal 总体绩效目标"
    " .self_name 自称（未填为空；报告用 report.self_name）",
    "year": "年度（整数）",
    "budget": "预算：.basic .project .special .other_dev .fiscal .other_funds .own_use .transfer"
    "（未填为 None）",
    "tasks": "重点任务列表（类型为“重点任务”）：.name .content .amount .goal",
    "other_tasks": "其他任务列表（类型为“其他任务”）",
    "dept_indicators": "部门绩效指标列表：.level1 .level2 .name .period_value .annual_value"
    " .actual_value .weight .score .reason .level1_code .level2_code .level2_label",
    "projects": "项目列表：.name .unit .fiscal .special_account .other 其他资金（含单位资金）"
    " .unit_funds 单位资金（未填为 None） .other_rest 单位资金以外的其他资金 .total .goal"
    " .adjustment"
    " .adjusted .spent .execution_rate .carryover 上年结转资金 .spent_carryover 上年结转资金"
    "实际支出（不计入 .total .adjusted .spent） .indicators（该项目的指标，字段同上）",
    "units": "资金使用单位列表：.name .fiscal .special_account .other .total .projects",
    "totals": "全部项目合计：.fiscal .special_account .other .total",
    "management": "管理效率指标列表：.level2 .name .weight .score .reason",
    "self_eval": "自评报告：.initial_budget 年初预算数 .full_year_budget 全年预算数"
    " .executed 全年执行数 .completion_rate 完成率",
    "blocks": "自评报告的文字段落，按字段名取用：blocks['部门职责'] 是段落列表",
    "evaluations": "项目支出绩效自评表，每个项目一项：.index 序号 .name 项目名称"
    " .department 主管部门 .implementer 实施单位 .funds 项目资金各行：[0] 年度资金总额，"
    "其后是“其中”各行（其中：财政拨款、有上年结转资金时的上年结转资金、其他资金，"
    "用 {% for f in e.funds[1:] %} 逐行印）（.label .initial 年初预算数"
    " .full_year 全年预算数"
    " .executed 全年执行数 .weight 分值 .rate 执行率 .score 得分） .sources 同 .funds，但其他资金"
    "一行分为财政专户拨款、单位资金、其他资金三行（四川等省的表） .goal 预期目标"
    " .achievement 实际完成情况 .indicators 指标（.level1 .level2 .name .target 年度指标值"
    " .actual 实际完成值 .weight 分值 .score 得分 .reason 偏差原因 .nature 指标性质 .number"
    " .unit 度量单位） .parts 各部分（.name .weight .score） .part('产出指标') .rate 执行率"
    " .total_weight .total_score 总分 .grade 自评等级 .sheet_title 工作表名"
    " .extra（该项目新增的列，指标同样有 .extra）",
    "report": "自评报告的计算结果（指标个数、分值得分、等级、各项目执行情况），"
    "见 templates/README-word.md",
}


# How a template names a record of each contract sheet (for its ``extra`` fields).
RECORD_NAMES = {"department": ("dept", ""), "budget": ("budget", ""),
                "tasks": ("t", "t 是 tasks 中的一项"),
                "dept_indicators": ("i", "i 是 dept_indicators 中的一项"),
                "projects": ("p", "p 是 projects 中的一项"),
                "project_indicators": ("i", "i 是 p.indicators 中的一项"),
                "management": ("m", "m 是 management 中的一项"),
                "self_evaluation": ("self_eval", "")}


def extra_variables(contract: Contract, book: InputBook | None = None
                    ) -> list[tuple[str, str]]:
    """(how a template names it, what it is) for each field ``contract`` declares beyond
    the packaged one (templates/fields.toml) and, with ``book``, each column of its sheets
    the contract does not know; for ``xlgen templates vars``."""
    rows = []
    for spec in contract.sheets:
        name, hint = RECORD_NAMES.get(spec.key, (spec.key, ""))
        hint = f"，{hint}" if hint else ""
        declared = [f.label for f in spec.fields if f.extra]
        for f in spec.fields:
            if f.extra:
                what = f"“{spec.name}”表的“{f.label}”（{EXTRA_TYPES.get(f.type, f.type)}）"
                rows.append((f"{name}.extra['{f.label}']", what + hint))
        records = getattr(book, spec.key, None) if book is not None else None
        found = dict.fromkeys(
            label for r in (records if isinstance(records, list) else [records] if records
                            else []) for label in r.extra if label not in declared)
        for label in found:
            rows.append((f"{name}.extra['{label}']",
                         f"“{spec.name}”表新增的列“{label}”（未声明，按文本）" + hint))
    return rows


def build_context(book: InputBook) -> LazyContext:
    """The context for every template, computed lazily from ``book``."""
    from ..rules import evaluate, report_figures  # derived figures; costly, so on demand

    projects = book.projects or []
    tasks = book.tasks or []
    self_eval = book.self_evaluation
    return LazyContext(
        {
            "dept": lambda: book.department,
            "year": lambda: book.department.year,
            "budget": lambda: book.budget,
            "tasks": lambda: [t for t in tasks if t.kind != "其他任务"],
            "other_tasks": lambda: [t for t in tasks if t.kind == "其他任务"],
            "dept_indicators": lambda: book.dept_indicators or [],
            "projects": lambda: projects,
            "units": lambda: book.units(),
            "totals": lambda: Unit("合计", projects),
            "management": lambda: book.management or [],
            "self_eval": lambda: self_eval,
            "blocks": lambda: dict(self_eval.blocks) if self_eval else {},
            "evaluations": lambda: evaluate(book),
            "report": lambda: report_figures(book),
        }
    )


__all__ = ["RECORD_NAMES", "LazyContext", "VARIABLES", "build_context", "extra_variables"]
