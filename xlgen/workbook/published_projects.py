"""Read a published 项目支出绩效目标表 (district or city style) into 项目 and 项目绩效指标 rows.

The printed table: a title, ``部门名称：…`` (district) or ``单位名称：…（本级）`` (city),
``单位：万元``, the header row, then a 合计 row, and for each 资金使用单位 a row summing its
projects followed by those projects. A row with neither 绩效目标 nor 绩效指标 is a unit's
row, unless it is named 小计 or 合计 (a 小计 under its projects, the 合计 printed again at
the foot): never a unit. 合计, 小计 and every unit row are checked against the projects they
sum (a warning when the printed sums disagree) and dropped. Each project's 绩效指标 cell
is unfolded (folded.py).
"""

from __future__ import annotations

import re
from decimal import Decimal

from ..money import fmt_typed
from .cells import plain
from .folded import unfold
from .grid import cell_ref
from .published import PROJECT_TABLE, Imported, Sheet

# Printed header → the input workbook's column (amount columns in printed order).
AMOUNTS = {"总计": "总计", "财政拨款": "财政拨款", "财政专户拨款": "财政专户拨款",
           "其他资金": "其他资金"}
TOTAL_NAMES = {"合计", "总计", "总合计"}


def is_total_name(name: str) -> bool:
    """A name no project or task has: a 合计, 总计 or 小计 row's (spaces and widths aside)."""
    return (key := plain(name)) in TOTAL_NAMES or key == "小计"


# ``部门名称：…``, also as edited by a department: ``部门名称（盖章）：…``, ``编制单位：…``, with
# ``单位：万元`` typed on the same line.
_DEPT_LINE = re.compile(r"^(部门名称|单位名称|编制单位|填报单位|预算单位)"
                        r"\s*(?:[（(][^）)]*[）)])?\s*[:：]\s*(.+?)\s*(?:(?:金额)?单位\s*[:：]\s*(?:万元|元)\s*)?$")
_UNIT_LINE = re.compile(r"(?:金额)?单位[:：](万元|元)$")  # searched in plain text
_PAGE = re.compile(r"^(?:第\d+页|共\d+页|第\d+页[,，]?共\d+页)$")
_FIRST_ITEM = re.compile(r"^\s*[(（]?1\s*[.、)）]")  # an indicator text that starts at item 1
_OWN = re.compile(r"[（(]本级[）)]$")

Sums = dict[str, Decimal]


def read_project_table(sheet: Sheet, imported: Imported) -> bool:
    """Read ``sheet`` if it is a 项目支出绩效目标表 (True), else leave it (False)."""
    header = _header(sheet)
    if header is None:
        return False
    head, columns = header
    dept, city, unit = _title(sheet, head)
    form = imported.form("部门信息")
    if dept:
        form.setdefault("部门名称", dept)
    elif not form.get("部门名称"):
        sheet.warn("import-no-dept",
                   "表头上方没有找到“部门名称：…”（或“单位名称：…”“编制单位：…”）一行。"
                   "请在生成的工作簿“部门信息”表中填写部门名称。", 0, 0)
    if city:
        form.setdefault("模板", "市级")
    if unit:
        form.setdefault("金额单位", unit)
    projects = imported.table("项目")
    indicators = imported.table("项目绩效指标")
    before = len(projects)
    total: tuple[int, Sums] | None = None
    group: tuple[int, str, Sums] | None = None  # the unit row being summed
    members: list[Sums] = []
    everything: list[Sums] = []
    above: list[Sums] = []  # the projects since the unit row or the last 小计
    name_col = columns["项目名称"]
    goal_col, text_col = columns.get("绩效目标"), columns.get("绩效指标")
    last: tuple[int, str, dict[str, object], list[str]] | None = None  # indicators unread

    def unfold_last() -> None:
        if last is not None and text_col is not None:
            _unfold(sheet, last[0], text_col, last[1], _joined(last[3]), indicators)

    for r in range(head + 1, len(sheet.rows)):
        name = sheet.text(r, name_col)
        goal = sheet.text(r, goal_col) if goal_col is not None else ""
        folded = sheet.text(r, text_col) if text_col is not None else ""
        if _repeated_heading(sheet, r, name, folded):
            continue
        amounts = {label: sheet.amount(r, col) for label, col in columns.items()
                   if label in AMOUNTS}
        if not (name or goal or folded or any(v is not None for v in amounts.values())):
            continue
        if plain(name) in TOTAL_NAMES and total is None:
            total = (r, _numbers(amounts))
            continue
        if is_total_name(name) and not goal and not folded:
            # a 小计 printed under its projects, or the 合计 printed again (at the foot): never
            # a 资金使用单位 of the projects that follow
            if plain(name) in TOTAL_NAMES:
                _compare(sheet, r, name_col, "合计", _numbers(amounts), everything, "全部项目",
                         unit)
            elif above:
                _compare(sheet, r, name_col, "小计", _numbers(amounts), above,
                         f"其上 {len(above)} 个项目", unit)
            above = []
            continue
        if (last is not None and (goal or folded) and all(v is None for v in amounts.values())
                and (name == last[1] or not name and not _FIRST_ITEM.match(folded))):
            # the same project's row continued on the next printed page (its text flowed on),
            # its name printed again or left blank
            if goal and goal != last[2]["绩效目标"]:  # a short goal is printed again
                last[2]["绩效目标"] = f"{last[2]['绩效目标']}{goal}"
            last[3].append(folded)
            continue
        if not goal and not folded:
            _check(sheet, group, members, name_col, unit)
            group, members, above = (r, name, _numbers(amounts)), [], []
            continue
        row: dict[str, object] = {"项目名称": name, "资金使用单位": _unit_of(group, dept)}
        row.update({AMOUNTS[k]: v for k, v in amounts.items()})
        row["绩效目标"] = goal
        _check_total(sheet, r, columns, name, amounts, unit)
        projects.append(row)
        members.append(_numbers(amounts))
        everything.append(members[-1])
        above.append(members[-1])
        if not name:
            sheet.report.error("import-no-name",
                               "这一行有绩效目标或绩效指标，却没有项目名称。"
                               "请在生成的工作簿“项目”表中补填。",
                               sheet.name, cell_ref(r, name_col))
        unfold_last()
        last = (r, name, row, [folded])
    unfold_last()
    _check(sheet, group, members, name_col, unit)
    if total is not None:
        _compare(sheet, total[0], name_col, "合计", total[1], everything, "全部项目", unit)
    count = len(projects) - before
    imported.found(PROJECT_TABLE, sheet.name, f"{count} 个项目")
    return True


def _repeated_heading(sheet: Sheet, r: int, name: str, folded: str) -> bool:
    """A heading printed again at the top of a page and copied with the table: the header
    row, or a row of the title, ``部门名称：…``, ``单位：万元``, ``第 2 页`` only."""
    if plain(name).startswith("项目名称") and plain(folded) == "绩效指标":
        return True
    texts = [t for t in (sheet.text(r, c) for c in range(len(sheet.rows[r]))) if t]
    return bool(texts) and all(_heading(t) for t in texts)


def _heading(text: str) -> bool:
    flat = plain(text)
    return bool(flat.startswith(PROJECT_TABLE) or _DEPT_LINE.match(text)
                or _UNIT_LINE.search(flat) or _PAGE.match(flat))


def _joined(parts: list[str]) -> str:
    """The 绩效指标 text of a project row printed over pages, its parts put back together:
    a part cut inside a line goes on that line, one ending an indicator starts a new one."""
    text = ""
    for part in parts:
        text = f"{text}\n{part}" if text.endswith("。") and part else text + part
    return text


def _header(sheet: Sheet) -> tuple[int, dict[str, int]] | None:
    """The header row and its columns (项目名称, amounts, 绩效目标, 绩效指标), if any."""
    for r, values in enumerate(sheet.rows[:30]):
        labels = {plain(sheet.text(r, c)): c for c in range(len(values))}
        name = next((c for label, c in labels.items() if label.startswith("项目名称")), None)
        if name is None or "绩效指标" not in labels:
            continue
        columns = {"项目名称": name}
        for label in (*AMOUNTS, "绩效目标", "绩效指标"):
            if label in labels:
                columns[label] = labels[label]
        return r, columns
    return None


def _title(sheet: Sheet, head: int) -> tuple[str, bool, str]:
    """(department, city style, amount unit) from the lines above the header."""
    dept, city, unit = "", False, ""
    for r in range(head):
        for c in range(len(sheet.rows[r])):
            text = sheet.text(r, c)
            if _DEPT_LINE.match(f"{text}…") and not _DEPT_LINE.match(text):
                text += next((t for t in (sheet.text(r, k) for k in range(c + 1, len(
                    sheet.rows[r]))) if t and t != text), "")  # the name in the next cell
            match = _DEPT_LINE.match(text)
            if match and not dept:
                dept = match.group(2)
                city = match.group(1) == "单位名称" or bool(_OWN.search(dept))
                dept = _OWN.sub("", dept).strip()
            match = _UNIT_LINE.search(plain(text))
            if match and not unit:
                unit = match.group(1)
    return dept, city, unit


def _unit_of(group: tuple[int, str, Sums] | None, dept: str) -> str:
    """A project's 资金使用单位: its unit row's name; blank for the department itself."""
    if group is None or _OWN.sub("", group[1]).strip() == dept:
        return ""
    return group[1]


def _numbers(amounts: dict[str, Decimal | str | None]) -> Sums:
    return {k: v for k, v in amounts.items() if isinstance(v, Decimal)}


def _check(sheet: Sheet, group: tuple[int, str, Sums] | None, members: list[Sums],
           name_col: int, unit: str) -> None:
    if group is not None:
        _compare(sheet, group[0], name_col, f"“{group[1]}”的小计", group[2], members,
                 f"其下 {len(members)} 个项目", unit)


def _compare(sheet: Sheet, row: int, name_col: int, what: str, printed: Sums,
             members: list[Sums], whose: str, unit: str) -> None:
    """Warn for each printed sum that is not the sum of ``members``."""
    for label, value in printed.items():
        summed = sum((m.get(label, Decimal(0)) for m in members), Decimal(0))
        if value != summed:
            sheet.warn("import-total-mismatch",
                       f"{what}{label}印为 {_figure(value, unit)}，{whose}之和却是 "
                       f"{_figure(summed, unit)}。"
                       "合计与小计行不导入，生成的工作簿按各项目的金额填写；请核对公开表格。",
                       row, name_col)


def _check_total(sheet: Sheet, row: int, columns: dict[str, int], name: str,
                 amounts: dict[str, Decimal | str | None], unit: str) -> None:
    """Warn when a project's printed 总计 is not the sum of its printed parts (财政拨款 …): the
    slip is copied to the 总计 column as printed, where validate checks it, never chosen."""
    total = amounts.get("总计")
    parts = {k: v for k, v in amounts.items() if k != "总计"}
    if (not isinstance(total, Decimal) or not parts or any(isinstance(v, str) for v in
                                                               parts.values())):
        return
    summed = sum((v for v in parts.values() if isinstance(v, Decimal)), Decimal(0))
    if total != summed:
        sheet.warn("import-total-mismatch",
                   f"项目“{name}”的总计印为 {_figure(total, unit)}，{' + '.join(parts)} 之和却是 "
                   f"{_figure(summed, unit)}。已按公开表格照抄到生成的工作簿“项目”表（总计列），"
                   "xlgen validate 会指出这一不符：请对照公开表格核对，改正印错的数。",
                   row, columns["总计"])


def _figure(value: Decimal, unit: str) -> str:
    """A printed amount in a message, exact, at least two decimals: ``2,600.00 万元``."""
    return fmt_typed(value / 10000, "元") if unit == "元" else fmt_typed(value)


def _unfold(sheet: Sheet, row: int, col: int, project: str, text: str,
            indicators: list[dict[str, object]]) -> None:
    unfolded, issues = unfold(text, sheet.framework)
    for issue in issues:
        message = f"项目“{project}”：{issue.message}" if project else issue.message
        if issue.code == "import-indicator-unread":
            sheet.report.error(issue.code, message, sheet.name, cell_ref(row, col))
        else:
            sheet.warn(issue.code, message, row, col)
    for item in unfolded:
        indicators.append({
            "项目名称": project, "一级指标": item.level1, "二级指标": item.level2,
            "三级指标": item.name, "实施周期指标值": item.period_value,
            "年度指标值": item.annual_value,
        })
