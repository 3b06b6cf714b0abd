"""Create the two Excel templates in templates/ (run once; the .xlsx files are then the source).

    python tools/make_xlsx_templates.py [--out templates]

After this first version, maintainers edit templates/*.xlsx directly in Excel or WPS;
this script documents how they were made and can recreate them from scratch.
"""

from __future__ import annotations

import argparse
from dataclasses import dataclass
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.utils import get_column_letter
from openpyxl.utils.indexed_list import IndexedList
from openpyxl.worksheet.worksheet import Worksheet

from xlgen.render.xlsx.write import save_workbook_bytes

FONT = "宋体"
MONEY = "#,##0.00"
THIN = Side(style="thin", color="000000")
BOX = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
FOOTER = "第 &P 页，共 &N 页"

DEPT_FORM = "部门整体预算绩效目标申报表.xlsx"
PROJECT_TABLE = "项目支出绩效目标表.xlsx"


@dataclass(frozen=True)
class Look:
    """How a cell looks: font size and weight, alignment, border, number format."""

    size: float = 11
    bold: bool = False
    h: str = "center"
    v: str = "center"
    wrap: bool = True
    border: bool = True
    fmt: str = "General"


LABEL = Look()
TEXT = Look(h="left")
AMOUNT = Look(fmt=MONEY)


def put(ws: Worksheet, ref: str, value: object, look: Look, merge_to: str = "") -> None:
    """Write ``value`` at ``ref`` with ``look``; merge ``ref:merge_to`` (every cell styled)."""
    cells = ws[f"{ref}:{merge_to}"] if merge_to else ((ws[ref],),)
    for row in cells:
        for cell in row:
            cell.font = Font(name=FONT, size=look.size, bold=look.bold)
            cell.alignment = Alignment(horizontal=look.h, vertical=look.v, wrap_text=look.wrap)
            cell.number_format = look.fmt
            if look.border:
                cell.border = BOX
    ws[ref].value = value
    if merge_to:
        ws.merge_cells(f"{ref}:{merge_to}")


def control(ws: Worksheet, ref: str, tag: str) -> None:
    """A control row: the tag alone in the row's first non-empty cell, in grey."""
    ws[ref].value = tag
    ws[ref].font = Font(name=FONT, size=9, color="808080")


def new_workbook() -> Workbook:
    """A workbook whose Normal style is 宋体 11, as in Chinese Excel and WPS.

    Column widths are measured in digits of this font, so the engine's row-height estimate
    and both Excel and LibreOffice agree on how much text a column holds.
    """
    wb = Workbook()
    normal = Font(name=FONT, sz=11, charset=134, family=3)
    wb._fonts = IndexedList([normal])
    wb._named_styles["Normal"].font = normal
    return wb


def page_setup(ws: Worksheet, widths: dict[str, float], landscape: bool = True) -> None:
    """A4, fit to one page wide, centred, page numbers in the footer."""
    for letter, width in widths.items():
        ws.column_dimensions[letter].width = width
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.orientation = "landscape" if landscape else "portrait"
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_options.horizontalCentered = True
    ws.page_margins.left = ws.page_margins.right = 0.5
    ws.page_margins.top = ws.page_margins.bottom = 0.75
    ws.page_margins.header = ws.page_margins.footer = 0.3
    ws.oddFooter.center.text = FOOTER
    ws.oddFooter.center.font = FONT
    ws.oddFooter.center.size = 10
    ws.sheet_view.showGridLines = False


def heights(ws: Worksheet, rows: dict[int, float]) -> None:
    for row, height in rows.items():
        ws.row_dimensions[row].height = height


def make_dept_form() -> Workbook:
    """部门整体预算绩效目标申报表 (seed 000): one form, sections labelled in column A."""
    wb = new_workbook()
    ws = wb.active
    ws.title = "申报表"
    page_setup(ws, {"A": 14, "B": 18, "C": 30, "D": 28, "E": 24, "F": 24})
    put(ws, "A1", "部门整体预算绩效目标申报表", Look(size=18, bold=True, border=False), "F1")
    put(ws, "A2", "部门名称", LABEL)
    put(ws, "B2", "{{ dept.name }}", TEXT, "F2")
    put(ws, "A3", "基本信息", LABEL)
    put(ws, "B3", "财政供养人员数", LABEL)
    put(ws, "C3", "{{ dept.staff }}", LABEL)
    put(ws, "D3", "下属二级单位数", LABEL)
    put(ws, "E3", "{{ dept.subunits }}", LABEL, "F3")
    # 预算整体情况: expenditure (B, C) and income (D, E:F) side by side.
    put(ws, "A4", "预算整体情况", LABEL, "A9")
    budget = [
        ("部门预算支出", "预算金额（万元）", "收入来源", "预算金额（万元）"),
        ("基本支出", "{{ budget.basic }}", "财政拨款", "{{ budget.fiscal }}"),
        ("项目支出", "{{ budget.project }}", "其他资金", "{{ budget.other_funds }}"),
        ("事业发展性支出", "预算金额（万元）", "按预算级次划分", "预算金额（万元）"),
        ("财政专项资金", "{{ budget.special }}", "{{ dept.own_use_label }}",
         "{{ budget.own_use }}"),
        ("其他事业发展性支出", "{{ budget.other_dev }}", "拟用于对下转移支付资金",
         "{{ budget.transfer }}"),
    ]
    for row, (b, c, d, e) in enumerate(budget, start=4):
        heading = row in (4, 7)
        put(ws, f"B{row}", b, LABEL)
        put(ws, f"C{row}", c, LABEL if heading else AMOUNT)
        put(ws, f"D{row}", d, LABEL)
        put(ws, f"E{row}", e, LABEL if heading else AMOUNT, f"F{row}")
    put(ws, "A10", "总体绩效目标", LABEL)
    put(ws, "B10", "{{ dept.overall_goal }}", TEXT, "F10")
    # 年度重点工作任务: a header row, then one row per task; the label stretches over them.
    put(ws, "A11", "年度重点工作任务", LABEL, "A14")
    for ref, text in (("B11", "名称"), ("C11", "主要实施内容"), ("D11", "拟投入的资金（万元）")):
        put(ws, ref, text, LABEL)
    put(ws, "E11", "期望达到的目标（概述）", LABEL, "F11")
    control(ws, "B12", "{% for t in tasks %}")
    put(ws, "B13", "{{ t.name }}", LABEL)
    put(ws, "C13", "{{ t.content }}", TEXT)
    put(ws, "D13", "{{ t.amount }}", AMOUNT)
    put(ws, "E13", "{{ t.goal }}", TEXT, "F13")
    control(ws, "B14", "{% endfor %}")
    # 其他需完成的任务: no header row, so the label merges down with mergedown.
    control(ws, "A15", "{% for t in other_tasks %}")
    put(ws, "A16", "{{ '其他需完成的任务（可选填）' | mergedown }}", LABEL)
    put(ws, "B16", "{{ t.name }}\n{{ t.content }}\n"
        "{% if t.amount is not none %}拟投入资金：{{ t.amount | money }}（万元）{% endif %}",
        TEXT, "F16")
    control(ws, "A17", "{% else %}")
    put(ws, "A18", "其他需完成的任务（可选填）", LABEL)
    put(ws, "B18", None, TEXT, "F18")
    control(ws, "A19", "{% endfor %}")
    # 绩效指标: 一级 and 二级 merge down over their rows.
    put(ws, "A20", "绩效指标", LABEL, "A23")
    for col, text in zip("BCDEF", ("一级指标", "二级指标", "三级指标", "实施周期指标值",
                                   "年度指标值"), strict=True):
        put(ws, f"{col}20", text, LABEL)
    control(ws, "B21", "{% for i in dept_indicators %}")
    put(ws, "B22", "{{ i.level1 | mergedown }}", LABEL)
    put(ws, "C22", "{{ i.level2 | mergedown(i.level1) }}", LABEL)
    put(ws, "D22", "{{ i.name }}", TEXT)
    put(ws, "E22", "{{ i.period_value }}", LABEL)
    put(ws, "F22", "{{ i.annual_value }}", LABEL)
    control(ws, "B23", "{% endfor %}")
    heights(ws, {1: 40, 2: 24, 3: 24, **{r: 22 for r in range(4, 10)}, 10: 48, 11: 30,
                 13: 30, 16: 30, 18: 24, 20: 24, 22: 20})
    return wb


PROJECT_INDICATORS = (
    "{% for i in p.indicators %}\n"
    "{{ loop.index }}.{{ i.level1_code }}-{{ i.level1 }}:"
    "{% if i.level2 %}{{ i.level2_code }}-{{ i.level2_label }}:{% endif %}"
    "{% if i.name %}{{ i.name }};{% endif %}"
    "实施周期指标值:{{ i.period_value }};年度指标值:{{ i.annual_value }}。\n"
    "{% endfor %}"
)


def make_project_table() -> Workbook:
    """项目支出绩效目标表（含转移支付项目）(seed 002): 合计, then each unit and its projects."""
    wb = new_workbook()
    ws = wb.active
    ws.title = "项目支出绩效目标表"
    page_setup(ws, {"A": 20, "B": 10, "C": 10, "D": 10, "E": 10, "F": 26, "G": 56})
    body = Look(size=10)
    text = Look(size=10, h="left")
    amount = Look(size=10, h="right", fmt=MONEY)
    bold = Look(size=10, bold=True)
    title = Look(size=18, bold=True, border=False)
    put(ws, "A1", "项目支出绩效目标表（含转移支付项目）", title, "G1")
    put(ws, "A2", "部门名称：{{ dept.name }}", Look(size=11, h="left", border=False), "G2")
    put(ws, "A3", "单位：万元", Look(size=11, h="right", border=False), "G3")
    header = ("项目名称（资金使用单位）", "总计", "财政拨款", "财政专户拨款", "其他资金",
              "绩效目标", "绩效指标")
    for col, label in enumerate(header, start=1):
        put(ws, f"{get_column_letter(col)}4", label, bold)
    ws.print_title_rows = "4:4"
    sums = ("{{ %s.total or None }}", "{{ %s.fiscal or None }}",
            "{{ %s.special_account or None }}", "{{ %s.other or None }}")
    put(ws, "A5", "合计", bold)
    put(ws, "A7", "{{ u.name }}", Look(size=10, bold=True, h="left"))
    put(ws, "A9", "{{ p.name }}", text)
    for row, name in ((5, "totals"), (7, "u"), (9, "p")):
        for col, expr in zip("BCDE", sums, strict=True):
            put(ws, f"{col}{row}", expr % name, amount)
    for row in (5, 7):
        put(ws, f"F{row}", None, body)
        put(ws, f"G{row}", None, body)
    put(ws, "F9", "{{ p.goal }}", text)
    put(ws, "G9", PROJECT_INDICATORS, text)
    control(ws, "A6", "{% for u in units %}")
    control(ws, "A8", "{% for p in u.projects %}")
    control(ws, "A10", "{% endfor %}")
    control(ws, "A11", "{% endfor %}")
    heights(ws, {1: 36, 2: 22, 3: 20, 4: 30, 5: 20, 7: 20, 9: 30})
    return wb


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=Path(__file__).parent.parent / "templates")
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    for name, make in ((DEPT_FORM, make_dept_form), (PROJECT_TABLE, make_project_table)):
        (args.out / name).write_bytes(save_workbook_bytes(make()))  # stable bytes for git
        print(args.out / name)


if __name__ == "__main__":
    main()
