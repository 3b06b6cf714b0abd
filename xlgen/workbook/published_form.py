"""Read a published 部门整体预算绩效目标申报表 into 部门信息, 预算, 重点任务 and 部门绩效指标.

The form is found by its labels wherever they stand: 部门名称, 财政供养人员数 and
下属二级单位数 (value in the next cell), the budget block between 预算整体情况 and
总体绩效目标 (each amount right of its label; the label ``区本级使用资金`` gives the
预算级次), the 年度重点工作任务 rows (名称 | 主要实施内容 | 拟投入的资金 | 期望达到的目标,
a header repeated on each page is skipped), 其他需完成的任务 (name, content and
``拟投入资金：…（万元）`` on the lines of one cell) and the 绩效指标 rows (一级 | 二级 | 三级 |
实施周期指标值 | 年度指标值, merged 一级/二级 cells already un-merged).
"""

from __future__ import annotations

import re

from .cells import CellError, plain, to_integer
from .grid import cell_ref
from .published import DEPT_FORM, Imported, Sheet

BUDGET = ("基本支出", "项目支出", "财政专项资金", "其他事业发展性支出", "财政拨款", "其他资金",
          "拟用于对下转移支付资金")
_OWN_USE = re.compile(r"^([省市区县镇])本级使用资金$")
LEVELS = {"省", "市", "区", "县", "镇"}
_OTHER_AMOUNT = re.compile(r"^拟投入(?:的)?资金[:：]\s*(.*?)\s*(?:[（(]万元[）)])?$")
TASKS = "年度重点工作任务"
OTHER = "其他需完成的任务"
INDICATORS = "绩效指标"


def read_dept_form(sheet: Sheet, imported: Imported) -> bool:
    """Read ``sheet`` if it is a 部门整体预算绩效目标申报表 (True), else leave it (False)."""
    firsts = [sheet.label(r, 0) for r in range(len(sheet.rows))]
    if "预算整体情况" not in firsts and not any(plain(sheet.text(r, 0)).endswith(DEPT_FORM)
                                             for r in range(min(3, len(sheet.rows)))):
        return False
    earlier = imported.sheets_of(DEPT_FORM)
    if earlier:  # one department's form twice: which one's budget holds is the clerk's call
        first = earlier[0]
        sheet.report.error(
            "import-two-forms",
            f"文件中有两张{DEPT_FORM}（工作表“{first}”和“{sheet.name}”），不知道以哪一张为准："
            f"只读取了“{first}”。请删去不用的那张（两个部门的，请分成两个文件分别导入），"
            "再加 --force 重新导入。", sheet.name)
        return True
    department = imported.form("部门信息")
    budget = imported.form("预算")
    tasks = imported.table("重点任务")
    indicators = imported.table("部门绩效指标")
    start_tasks, start_indicators = len(tasks), len(indicators)
    in_budget = False
    section = ""  # a block's label, printed once over its rows (merged, or left blank)
    for r, first in enumerate(firsts):
        if first:
            section = first if first in (TASKS, INDICATORS) or first.startswith(OTHER) else ""
        elif section and any(sheet.text(r, c) for c in range(1, len(sheet.rows[r]))):
            first = section
        if first == "部门名称":
            department.setdefault("部门名称", sheet.text(r, 1))
        elif first == "预算整体情况":
            in_budget = True
        elif first == "总体绩效目标":
            in_budget = False
            department["总体绩效目标"] = sheet.text(r, 1)
        elif first == TASKS:
            _task(sheet, r, tasks)
        elif first.startswith(OTHER):
            _other_task(sheet, r, tasks)
        elif first == INDICATORS:
            _indicator(sheet, r, indicators)
        _labels(sheet, r, department, budget, in_budget)
    imported.found(DEPT_FORM, sheet.name, f"{len(tasks) - start_tasks} 项任务、"
                   f"{len(indicators) - start_indicators} 个部门绩效指标")
    return True


def _labels(sheet: Sheet, r: int, department: dict, budget: dict, in_budget: bool) -> None:
    """The label–value pairs of row ``r``: 基本信息's counts, the budget block's amounts."""
    row = sheet.rows[r]
    for c in range(1, len(row) - 1):
        label = sheet.label(r, c)
        if label in ("财政供养人员数", "下属二级单位数"):
            value = sheet.rows[r][c + 1]
            try:
                department[label] = to_integer(value)
            except CellError as exc:
                sheet.report.error("import-bad-number", str(exc), sheet.name,
                                   cell_ref(r, c + 1))
                department[label] = sheet.text(r, c + 1)
        elif in_budget and (label in BUDGET or _OWN_USE.match(label)):
            own = _OWN_USE.match(label)
            if own:
                department.setdefault("预算级次", own.group(1))
                label = "本级使用资金"
            budget[label] = _amount_right_of(sheet, r, c)


def _amount_right_of(sheet: Sheet, r: int, c: int) -> object:
    """The amount right of the label at (r, c): the next cell that is not blank and not the
    label again (a label over two columns, merged or not); None when the next is a label."""
    for k in range(c + 1, len(sheet.rows[r])):
        label = sheet.label(r, k)
        if label == sheet.label(r, c) or not label:
            continue
        if label in BUDGET or _OWN_USE.match(label):
            return None
        if k > c + 1 and not any(ch.isdigit() for ch in label):
            return None  # past a blank cell: only a figure is this label's amount
        return sheet.amount(r, k)
    return None


def _task(sheet: Sheet, r: int, tasks: list) -> None:
    if sheet.label(r, 1) == "名称":  # the header, repeated on each page
        return
    name, content, goal = sheet.text(r, 1), sheet.text(r, 2), sheet.text(r, 4)
    amount = sheet.amount(r, 3)
    if name or content or goal or amount is not None:
        tasks.append({"类型": "重点任务", "任务名称": name, "主要实施内容": content,
                      "拟投入资金": amount, "期望达到的目标": goal})


def _other_task(sheet: Sheet, r: int, tasks: list) -> None:
    text = sheet.text(r, 1)
    if not text or plain(text).startswith(OTHER):
        return
    lines = text.split("\n")
    amount: object = None
    match = _OTHER_AMOUNT.match(plain(lines[-1])) if len(lines) > 1 else None
    if match:
        lines.pop()
        amount = sheet.amount(r, 1, match.group(1))
    tasks.append({"类型": "其他任务", "任务名称": lines[0], "主要实施内容": "\n".join(lines[1:]),
                  "拟投入资金": amount, "期望达到的目标": ""})


def _indicator(sheet: Sheet, r: int, indicators: list) -> None:
    if sheet.label(r, 1) == "一级指标":  # the header, repeated on each page
        return
    level1, level2 = sheet.text(r, 1), sheet.text(r, 2)
    name, period, annual = sheet.text(r, 3), sheet.text(r, 4), sheet.text(r, 5)
    if not (level1 or level2 or name or period or annual):
        return
    if indicators and not level1:  # 一级/二级 printed once over their rows, not merged
        level1 = indicators[-1]["一级指标"]
        level2 = level2 or indicators[-1]["二级指标"]
    l1 = sheet.framework.find1(level1)
    l2 = l1.find(level2) if l1 and level2 else None
    if not level2:
        sheet.warn("import-no-level2",
                   f"部门绩效指标“{name}”没有二级指标（一级为“{level1}”）。"
                   "请在生成的工作簿“部门绩效指标”表中补填二级指标。", r, 2)
    indicators.append({
        "一级指标": l1.name if l1 else level1, "二级指标": l2.name if l2 else level2,
        "三级指标": name, "实施周期指标值": period, "年度指标值": annual,
    })
