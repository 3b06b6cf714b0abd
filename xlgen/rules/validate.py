"""Rules over the model: identities, stated figures, indicator coverage and quality.

``validate(book, report)`` adds problems to ``report``; it raises nothing for bad data.
Cell-level problems (text in an amount cell, unknown indicator names) are the loader's.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from decimal import Decimal

from ..model import (
    Indicator,
    InputBook,
    ManagementIndicator,
    Project,
    SelfEvaluation,
    Task,
    default_framework,
)
from ..money import fmt_money, fmt_percent, fmt_typed, round_money
from ..problems import Report
from ..shown import quoted, shown
from ..suggest import Suggester, normalise
from ..workbook import is_total_name, load_contract
from .figures import computed_total as report_score
from .figures import management, performance
from .scoring import indicator_score, report_unit_clash
from .selfeval import check_evaluations
from .targets import is_qualitative, parse_target
from .units import unit_spellings
from .unreadable import (
    ADJUSTED,
    CARRYOVER,
    EVALUATED,
    RATE,
    SCORED,
    TOTAL,
    Reported,
    any_of,
    unreadable,
)


def validate(book: InputBook, report: Report) -> None:
    """Check every cross-record rule of domain.md on ``book``."""
    _budget(book, report)
    _total_rows(book, report)
    _projects(book, report)
    unit_spellings(book, report)
    pointed, unjudged = _project_indicators(book, report)
    _indicator_quality(book, report, unjudged)
    _scores(book, report)
    if book.projects and "项目绩效指标" not in book.broken_sheets:
        check_evaluations(book, report, unsure=pointed)
    _self_evaluation(book, report)


def _budget(book: InputBook, report: Report) -> None:
    b = book.budget
    if b is None:
        return
    spec = load_contract().sheet("budget")
    labels = {f.key: f.label for f in spec.fields}
    labels["own_use"] = book.department.own_use_label
    bad = unreadable(b, Reported(report))
    keys = (*b.EXPENDITURE, *b.INCOME, *b.LEVEL)
    if not bad and all(getattr(b, key) is None for key in keys):
        return  # not begun (xlgen init's blank form): "“预算”表是空的" says it, not 8 warnings
    for key in keys:
        if getattr(b, key) is None and key not in bad:
            report.warn("blank-amount",
                        f"“{labels[key]}”未填写：含有它的预算恒等式将不核对。"
                        "如果该项确实为零，请填 0。", b.sheet, b.cells.get(key, ""))
    totals = [(keys, b.total(keys)) for keys in (b.EXPENDITURE, b.INCOME, b.LEVEL)]
    filled = [(keys, total) for keys, total in totals if total is not None]
    for (keys1, sum1), (keys2, sum2) in zip(filled, filled[1:], strict=False):
        if sum1 != sum2:
            terms1 = " + ".join(labels[k] for k in keys1)
            terms2 = " + ".join(labels[k] for k in keys2)
            cells1, cells2 = ("、".join(b.cells.get(k, "") for k in ks) for ks in (keys1, keys2))
            unit = book.department.unit  # the sums as typed: a 1 元 slip never reads 0.00
            report.error(
                "budget-identity",
                f"预算不平衡：{terms1} = {fmt_typed(sum1, unit)}（{cells1}），"
                f"而 {terms2} = {fmt_typed(sum2, unit)}（{cells2}），"
                f"相差 {fmt_typed(abs(sum1 - sum2), unit)}。两者应相等：请核对两边的数，"
                "改正填错的一边。", b.sheet, b.cells.get(keys2[0], ""))


def _total_rows(book: InputBook, report: Report) -> None:
    """A 合计 or 小计 row typed at the foot of 项目 or 重点任务 (as in a published table) is
    read as one more project or task: its money would count twice. Nothing is guessed: the
    clerk deletes it (xlgen computes every total)."""
    rows: list[tuple[Project | Task, str, str]] = [
        (p, "项目名称", "项目") for p in book.projects or []]
    rows += [(t, "任务名称", "任务") for t in book.tasks or []]
    for record, label, what in rows:
        if is_total_name(record.name):
            report.error(
                "total-row",
                f"第 {record.row} 行的“{label}”是“{record.name}”：这是合计行，不是一个{what}，"
                f"它的金额会再算一遍。程序会自己算出合计和小计，请删除这一行。",
                record.sheet, record.cell("name"))


def _projects(book: InputBook, report: Report) -> None:
    seen: dict[tuple[str, str], Project] = {}
    spelt: dict[tuple[str, str], Project] = {}  # by names as compared: 甲 项目 is 甲项目
    reported = Reported(report)  # the loader's errors: 约60 in an amount cell
    for p in book.projects or []:
        key = (p.unit, p.name)
        near = (normalise(p.unit), normalise(p.name))
        if p.name and key in seen:
            report.error("duplicate-project",
                         f"项目“{p.name}”在资金使用单位“{p.unit}”下出现了两次"
                         f"（另一行是第 {seen[key].row} 行）。同一单位的项目名称不能重复。",
                         p.sheet, p.cell("name"))
        elif p.name and near in spelt:
            _spelt_twice(p, spelt[near], report)
        seen.setdefault(key, p)
        spelt.setdefault(near, p)
        # A figure made from an unreadable cell is unknown, not 0: its cell's error says it all.
        bad = unreadable(p, reported)
        if not any_of(TOTAL, bad):
            sources = "单位资金 + 其他资金" if p.unit_funds else "其他资金"
            _stated(p, report, "stated-total", "stated_total", "总计", p.total,
                    f"财政拨款 + 财政专户拨款 + {sources}", book.department.unit)
        if not any_of(ADJUSTED, bad):
            _stated(p, report, "stated-adjusted", "stated_adjusted", "调整后预算", p.adjusted,
                    "总计 + 预算调整", book.department.unit)
            _execution(p, report, bad, book.department.unit)
        if (p.spent is None and book.self_evaluation is not None and "spent" in p.cells
                and "spent" not in bad):
            report.warn("blank-spent",
                        f"项目“{p.name}”没有填写实际支出：自评报告中它的执行率将显示为“—”。",
                        p.sheet, p.cell("spent"))
        _carryover(p, report, bad)


def _spelt_twice(p: Project, other: Project, report: Report) -> None:
    """``p`` is ``other`` spelt with other spaces or full-width characters (甲项目（一期）,
    甲项目(一期)): one project typed or pasted twice, which the documents would print twice."""
    unit = (f"资金使用单位“{p.unit}”与“{other.unit}”也" if p.unit != other.unit
            else f"资金使用单位“{p.unit}”下")
    report.error("duplicate-project",
                 f"项目“{p.name}”与第 {other.row} 行的“{other.name}”只差空格、引号或全角/半角"
                 f"字符（{unit}），是同一个项目。同一单位的项目名称不能重复：请删去重复的一行，"
                 "或把两处改成一样的写法。", p.sheet, p.cell("name"))


def _execution(p: Project, report: Report, bad: frozenset[str], unit: str) -> None:
    """执行率 as stated, an impossible 实际支出, a negative 调整后预算."""
    if p.stated_rate is not None and not any_of(RATE, bad):
        computed = p.execution_rate
        if computed is None or round_money(computed * 100) != round_money(p.stated_rate * 100):
            spent = fmt_typed(p.spent, unit) if p.spent is not None else "（未填）"
            report.error("stated-rate",
                         f"项目“{p.name}”填写的执行率 {fmt_percent(p.stated_rate)} 与计算结果"
                         f"不符：实际支出 {spent} ÷ 调整后预算 {fmt_typed(p.adjusted, unit)} = "
                         f"{fmt_percent(computed)}。"
                         "请核对实际支出和预算调整，或改正执行率。",
                         p.sheet, p.cell("stated_rate"))
    if p.spent is not None and p.adjusted >= 0:  # (a negative one: its error below)
        if p.adjusted == 0:
            report.warn("zero-budget",
                        f"项目“{p.name}”调整后预算为 0，执行率无法计算，将显示为“—”。",
                        p.sheet, p.cell("spent"))
        elif p.spent > p.adjusted:
            report.warn("over-spent",
                        f"项目“{p.name}”实际支出 {fmt_money(p.spent)} 万元超过调整后预算 "
                        f"{fmt_money(p.adjusted)} 万元"
                        f"（执行率 {fmt_percent(p.execution_rate)}）。",
                        p.sheet, p.cell("spent"))
    if p.adjusted < 0:
        report.error("negative-budget",
                     f"项目“{p.name}”调减后预算为负数（{fmt_money(p.adjusted)} 万元），"
                     "调减金额不能超过总计。", p.sheet, p.cell("adjustment"))


def _carryover(p: Project, report: Report, bad: frozenset[str]) -> None:
    """上年结转资金实际支出 needs its 上年结转资金 and cannot well exceed it."""
    if p.spent_carryover is None or any_of(CARRYOVER, bad):
        return
    if p.carryover is None:
        report.error("carryover-spent-alone",
                     f"项目“{p.name}”填写了上年结转资金实际支出 {fmt_money(p.spent_carryover)} "
                     "万元，但没有填写上年结转资金：自评表无法列出“上年结转资金”一行。"
                     "请在“上年结转资金”列填写结转的金额，或删去这一格。",
                     p.sheet, p.cell("spent_carryover"))
    elif p.spent_carryover > p.carryover:
        report.warn("carryover-spent-over",
                    f"项目“{p.name}”的上年结转资金实际支出 {fmt_money(p.spent_carryover)} 万元"
                    f"超过上年结转资金 {fmt_money(p.carryover)} 万元。请核对这两列"
                    "（本年度预算的支出填在“实际支出”列）。", p.sheet, p.cell("spent_carryover"))


def _stated(p: Project, report: Report, code: str, key: str, label: str, computed: Decimal,
            formula: str, unit: str) -> None:
    """A stated 总计 or 调整后预算 against the computed one, as printed (0.01 万元); both are
    quoted exactly, in the workbook's 金额单位, as the clerk typed them."""
    stated = getattr(p, key)
    if stated is not None and round_money(stated) != round_money(computed):
        report.error(code,
                     f"项目“{p.name}”填写的{label} {fmt_typed(stated, unit)} 与计算结果不符："
                     f"{formula} = {fmt_typed(computed, unit)}。请核对。", p.sheet, p.cell(key))


def _misnamed(indicators: list[Indicator], reported: Reported) -> bool:
    """True when one of ``indicators`` has its 一级 or 二级 reported (unknown, wrong 一级):
    which 一级/二级 the owner lacks cannot be judged until it is corrected."""
    return bool(reported.cells) and any(  # (no error reported: nothing to look up)
        any_of(("level1", "level2"), unreadable(i, reported)) for i in indicators)


def _project_indicators(book: InputBook, report: Report) -> tuple[set[str], set[str]]:
    """Check each indicator's project and each project's 一级 coverage. Returns the names
    of the projects an unknown project name is a near miss of (the error says it), and of
    those whose coverage is not judged: these and the projects with a misnamed 一级/二级
    (which one they lack cannot be judged until it is corrected)."""
    pointed: set[str] = set()
    if book.project_indicators is None:
        return pointed, pointed
    if book.projects is None:  # one cause, one line: not an unknown-project error per row
        if book.project_indicators:
            report.error("missing-sheet",
                         f"有“项目绩效指标”表（{len(book.project_indicators)} 行）但没有“项目”表："
                         "这些指标无法归属到项目。请补上“项目”表"
                         "（xlgen init 生成的空白工作簿中有）。", "项目")
        return pointed, pointed
    # 项目 with a header or merge error: its error is reported, not one per indicator row.
    silent = "项目" in book.broken_sheets
    by_name: dict[str, list[Project]] = defaultdict(list)
    for p in book.projects:
        by_name[p.name].append(p)
    names = Suggester(by_name, cutoff=0.5)  # each distinct unknown name looked up once
    for ind in book.project_indicators:
        targets = by_name.get(ind.project)
        if not targets:
            if not ind.project or silent:
                continue  # reported as a blank required value, or the sheet's error
            near = names.suggest(ind.project)
            if near:
                pointed.add(near)
            hint = f"是否应为“{near}”？" if near else "请先在“项目”表中添加该项目。"
            if near and names.exact(ind.project):
                hint = f"是否应为“{near}”？（两者只差空格、引号或全角/半角字符）"
            report.error("unknown-project",
                         f"“项目”表中没有名为{quoted(ind.project)}的项目"
                         + ("（名称中有换行）。" if "\n" in ind.project else "。") + hint,
                         ind.sheet, ind.cell("project"))
            continue
        units = list(dict.fromkeys(t.unit for t in targets))
        if len(units) > 1:  # the loader linked it to the first (a project twice in one unit:
            # its duplicate-project error says so)
            report.warn("ambiguous-project",
                        f"有 {len(units)} 个资金使用单位都有项目“{ind.project}”，"
                        f"该指标归入第一个（{units[0]}）。", ind.sheet, ind.cell("project"))
    if "项目绩效指标" in book.broken_sheets:
        return pointed, pointed  # its header or merge error is reported: nothing judged
    required = default_framework().checks.required_level1
    reported = Reported(report)
    unjudged = set(pointed)
    for p in book.projects:
        if p.name in pointed or _misnamed(p.indicators, reported):
            unjudged.add(p.name)
            continue
        have = {i.level1 for i in p.indicators}
        missing = [l1 for l1 in required if l1 not in have]
        if missing:
            report.warn("missing-level1",
                        f"项目“{p.name}”没有{'、'.join(missing)}。每个项目应设{'、'.join(required)}"
                        "，各至少一个：请在“项目绩效指标”表中补上。", p.sheet, p.cell("name"))
    return pointed, unjudged


# A date's year as clerks type it in a target: 2024年…, 2024-12-31, 2024/12, 2024.12.31 (not
# a span 2024-2025, nor a number 20241).
DATE_YEAR = re.compile(r"(?<!\d)((?:19|20)\d\d)(?=\s*年|[-/.]\d{1,2}(?!\d))")
# A deadline: a date with its year, or a month (12月31日前, 12月底前): a 时效指标's concrete
# target, though parse_target reads it as no single number
DEADLINE = re.compile(DATE_YEAR.pattern + r"|(?<!\d)\d{1,2}\s*月")


def _past_year_date(ind: Indicator, year: int, owner: str, report: Report) -> bool:
    """Warn of a 年度指标值 dated in a year before the workbook's (``2024年12月31日前`` in a
    2025 workbook: carried from last year's by ``init --from`` or a copy, and printed so in
    the new year's documents); whether it did."""
    value = ind.annual_value or ""
    if not year or ("19" not in value and "20" not in value):  # no year DATE_YEAR could find
        return False
    old = sorted({int(y) for y in DATE_YEAR.findall(value) if int(y) < year})
    if not old:
        return False
    report.warn("past-year-target",
                f"{owner}的“{ind.name}”年度指标值“{ind.annual_value}”写的是 "
                f"{'、'.join(map(str, old))} 年的日期，而本工作簿是 {year} 年度：多半是照抄了上一"
                f"年度的，文书中会照印。请改为 {year} 年的日期。",
                ind.sheet, ind.cell("annual_value"))
    return True


# Units of a rate (≥95%): a year's rate above the period's is no contradiction, unlike a count
# (年度 10 次 of a 实施周期 of 3 次), so annual-over-period leaves them alone.
_RATE_UNITS = frozenset({"%", "％", "‰", "百分比"})


def _indicator_quality(book: InputBook, report: Report, unjudged: set[str]) -> None:
    """Warnings on indicators' quality; no 二级 coverage for the projects ``unjudged``
    (_project_indicators: pointed at by a near-miss project name, or with a misnamed
    一级/二级)."""
    checks = default_framework().checks  # classes by 一级 or 二级 name (framework.toml)
    quantified = frozenset(checks.quantified)
    groups = [("部门整体", book.dept_indicators or [], False)]
    groups += [(f"项目“{p.name}”", p.indicators, p.name in unjudged)
               for p in book.projects or [] if p.indicators]
    for owner, indicators, misnamed in groups:
        keys = [_indicator_key(i.name) for i in indicators]  # each name normalised once
        names = Counter(key for key, i in zip(keys, indicators, strict=True) if i.name)
        flagged: set[str] = set()
        for key, ind in zip(keys, indicators, strict=True):
            if not ind.name:
                report.warn("blank-indicator", f"{owner}有一个三级指标名称为空，请补上指标名称。",
                            ind.sheet, ind.cell("name"))
            elif names[key] > 1 and key not in flagged:
                flagged.add(key)
                spellings = {i.name for k, i in zip(keys, indicators, strict=True) if k == key}
                spelt = ("（写法只差空格、引号、末尾标点或全角/半角字符："
                         f"{'、'.join(f'“{s}”' for s in sorted(spellings))}）"
                         if len(spellings) > 1 else "")
                report.warn("duplicate-indicator",
                            f"{owner}的三级指标“{ind.name}”重复了 {names[key]} 次{spelt}。",
                            ind.sheet, ind.cell("name"))
            value = ind.annual_value or ind.period_value
            if _past_year_date(ind, book.department.year, owner, report):
                pass  # its one warning: a date of a year gone by, copied from last year's book
            elif ((ind.level1 in quantified or ind.level2 in quantified)
                  and is_qualitative(value)
                  and not (ind.level2 == "时效指标" and DEADLINE.search(value))):
                report.warn("qualitative-target",
                            f"{owner}的{ind.level2 or ind.level1}“{ind.name}”目标值“{value}”"
                            "无法量化，"
                            "应设置具体数值（如“≥95%”“不少于10个”）。",
                            ind.sheet, ind.cell("annual_value" if ind.annual_value
                                                else "period_value"))
            annual, period = parse_target(ind.annual_value), parse_target(ind.period_value)
            if (annual.number is not None and period.number is not None  # both quantified
                    and annual.unit == period.unit
                    and annual.unit not in _RATE_UNITS  # a rate is no cumulative count
                    and annual.comparator in ("≥", ">", "=")
                    and period.comparator == annual.comparator
                    and annual.number > period.number):
                report.warn("annual-over-period",
                            f"{owner}的“{ind.name}”年度指标值（{ind.annual_value}）大于实施周期"
                            f"指标值（{ind.period_value}），请核对。", ind.sheet,
                            ind.cell("annual_value"))
        if owner != "部门整体" and "项目绩效指标" not in book.broken_sheets and not misnamed:
            have = {i.level1 for i in indicators} | {i.level2 for i in indicators}
            missing = [name for name in checks.expected if name not in have]
            if missing and indicators:
                first = indicators[0]
                report.warn("missing-level2",
                            f"{owner}缺少{'、'.join(missing)}（建议设置，以完整反映项目绩效）。",
                            first.sheet, first.cell("project"))


def _indicator_key(name: str) -> str:
    """A 三级指标 name as compared for a duplicate: ``normalise``d, no end punctuation, so
    that one pasted twice (大厅运行成本, 大厅 运行成本, 大厅运行成本。) is one name."""
    return normalise(name).rstrip("。.;；,，:：")


def _scores(book: InputBook, report: Report) -> None:
    rows: list[Indicator | ManagementIndicator] = [
        *(book.dept_indicators or []), *(book.project_indicators or []), *(book.management or [])]
    projects = {id(i) for i in book.project_indicators or []}
    reported = Reported(report)
    for r in rows:
        if reported.cells and "weight" in unreadable(r, reported):
            continue  # its cell's error says it: not "a score without a weight"
        if r.score is not None and r.weight is not None and r.score > r.weight:
            report.error("score-over-weight",
                         f"“{r.name}”得分 {shown(r.score)} 超过分值 {shown(r.weight)}，"
                         "得分应在 0 到分值之间。请改正得分或分值。",
                         r.sheet, r.cell("score"))
        elif r.score is not None and r.weight is None and id(r) not in projects:
            # (a project indicator's blank 分值 is its 一级's share: the 自评表 prints it)
            report.warn("score-without-weight",
                        f"“{r.name}”填了得分却没有分值：请在“分值”列填写它的分值。",
                        r.sheet, r.cell("weight"))


def _self_evaluation(book: InputBook, report: Report) -> None:
    se = book.self_evaluation
    if se is None:
        return
    reported = Reported(report)
    if ((se.initial_budget is None or se.initial_budget == 0)
            and "initial_budget" not in unreadable(se, reported)):
        report.warn("zero-budget", "年初预算数为空或为 0，完成率无法计算，将显示为“—”。",
                    se.sheet, se.cells.get("initial_budget", ""))
    for table, rows in (("部门绩效指标", book.dept_indicators), ("管理效率指标", book.management)):
        if not rows:
            report.warn("report-missing-table",
                        f"有“自评报告”表但没有填写“{table}”表："
                        "自评报告将略去相应的段落。",
                        table if rows is not None else se.sheet, "")
    _unweighted(book.dept_indicators or [], report, reported)
    for ind in book.dept_indicators or []:
        if any_of(EVALUATED, unreadable(ind, reported)):
            continue  # its cell's error says it
        if ind.weight is None or indicator_score(ind) is not None:
            continue
        if not report_unit_clash(report, ind, "部门绩效指标",
                                 "自评报告的自评得分因此无法算出。"):
            report.warn("unscored",
                        f"部门绩效指标“{ind.name}”有分值但没有得分，且无法由实际完成值"
                        f"（{ind.actual_value or '未填'}）算出：自评报告的自评得分因此无法算出。"
                        "请填写得分。",
                        ind.sheet, ind.cells.get("score") or ind.cell("weight"))
    if not any(any_of(EVALUATED, unreadable(r, reported))
               for r in (*(book.dept_indicators or []), *(book.management or []))):
        _report_score(book, se, report)  # (else unknown for the unreadable cell alone)
        _report_weights(book, report)
    _report_sections(se, report, unreadable(se, reported))
    if se.executed is None and "executed" not in unreadable(se, reported):
        # (a blank or missing 年初预算数 is zero-budget's, above: one warning a cause)
        report.warn("blank-value",
                    f"自评报告{'没有填写' if 'executed' in se.cells else '缺少'}“全年执行数”："
                    "报告将不写全年执行数和完成率。", se.sheet, se.cells.get("executed", ""))


def _unweighted(indicators: list[Indicator], report: Report, reported: Reported) -> None:
    """部门绩效指标 with no 分值 (and no 得分: score-without-weight says that one) leave the
    report's 自评得分 unknown: one warning when none has a 分值, else one per indicator."""
    blank = [i for i in indicators if i.weight is None and i.score is None
             and not any_of(SCORED, unreadable(i, reported))]
    if not blank:
        return
    then = ("自评报告的自评得分因此无法算出：请填写分值"
            "（部门绩效指标与管理效率指标的分值合计 100）。")
    if len(blank) == len(indicators) > 1:
        report.warn("report-no-weight", f"部门绩效指标的 {len(blank)} 个指标都没有分值，{then}",
                    blank[0].sheet, blank[0].cells.get("weight", ""))
        return
    for ind in blank:
        report.warn("report-no-weight", f"部门绩效指标“{ind.name}”没有分值，{then}",
                    ind.sheet, ind.cell("weight"))


def _report_score(book: InputBook, se: SelfEvaluation, report: Report) -> None:
    """The report states a 自评得分 only when it is known: computed from the indicators, or
    stated by the clerk (自评报告!自评得分) where it cannot be computed."""
    computed = report_score(performance(book.dept_indicators or []),
                            management(book.management or []))
    stated, ref = se.stated_score, se.cells.get("stated_score", "")
    if computed is None and stated is None:
        report.error("report-score-unknown",
                     "自评报告的自评得分无法算出（部门绩效指标、管理效率指标缺表或没有分值，"
                     "或有分值的指标缺少得分，见上面的警告），报告不能写出自评结果和等级。"
                     "请补上表、分值和各指标的得分；或在“自评报告”表加一行“自评得分”，"
                     "填写经认定的得分。",
                     se.sheet, ref)
    elif computed is not None and stated is not None and (
            round_money(computed) != round_money(stated)):
        report.error("report-score-differs",
                     f"“自评得分”填的是 {shown(stated)}，由指标得分算出的是 "
                     f"{fmt_money(computed)}（保留两位小数），两者应一致。请核对各指标得分；"
                     "或删去“自评得分”一行，报告即用算出的得分。",
                     se.sheet, ref)


def _report_weights(book: InputBook, report: Report) -> None:
    """The report's 自评得分 is out of 100 (履职效能 + 管理效率), graded 优 ≥ 90 …: its 分值
    must add up to 100. Not judged while a 分值 is blank (the sum is not known), nor while a
    table is missing or empty (report-missing-table says so)."""
    indicators, rows = book.dept_indicators or [], book.management or []
    if not indicators or not rows or any(i.weight is None for i in indicators) or any(
            r.weight is None for r in rows):
        return
    parts = [(s.name, s.weight) for s in performance(indicators)]
    parts.append(("管理效率指标", management(rows).weight))
    total = sum((w for _, w in parts), Decimal(0))
    if total != 100:
        terms = " + ".join(f"{name} {shown(w.normalize())}" for name, w in parts)
        report.warn("report-weight-sum",
                    f"部门绩效指标和管理效率指标的分值合计为 {shown(total.normalize())}"
                    f"（{terms}），应为 100：自评报告的自评得分是百分制，按它评定等级。"
                    "请核对两张表的分值。", indicators[0].sheet, indicators[0].cell("weight"))


# 自评报告 text blocks each filling a section of the report on its own (a section with
# several blocks is listed as a tuple: it is empty only when all of them are).
REPORT_SECTIONS: tuple[tuple[str, ...], ...] = (
    ("部门职责", "机构设置"), ("年度总体工作",), ("绩效管理情况",), ("主要工作成效",),
    ("存在的主要问题",), ("下一步改进措施",))


def _report_sections(se: SelfEvaluation, report: Report, bad: frozenset[str]) -> None:
    """A section of the report with no text prints only its heading: say so (not of a
    section whose cell has an error, ``bad``: that error says it)."""
    spec = load_contract().sheet("self_evaluation")
    keys = {f.label: f.key for f in spec.fields}
    for labels in REPORT_SECTIONS:
        if any(line.strip() for label in labels for line in se.blocks.get(label, [])):
            continue
        if any(keys.get(label, label) in bad for label in labels):
            continue
        report.warn("report-empty-section",
                    f"自评报告的“{'”“'.join(labels)}”没有填写：报告中这一节将只有标题。",
                    se.sheet, se.cells.get(keys.get(labels[0], ""), ""))
