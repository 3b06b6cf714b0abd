"""The fastest hand-written script for the 项目支出绩效目标表: python-calamine in, xlsxwriter out.

What a competent developer would write by hand for one workbook, with no checks beyond the
arithmetic: read 项目 and 项目绩效指标, group projects by 资金使用单位, sum exactly (Decimal),
fold each project's indicators into the coded text of seed 002, and write the table with
the official look (title, header repeated on every page, borders, wrap, #,##0.00, A4
landscape, one page wide). xlgen's build must stay within 1.5x of it (bench/run.py).

    python bench/baseline_fast.py INPUT.xlsx OUTPUT.xlsx
"""

from __future__ import annotations

import sys
from collections import defaultdict
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

import python_calamine
import xlsxwriter

CODES1 = {"产出指标": "1", "效益指标": "2", "满意度指标": "3", "成本指标": "4"}
CODES2 = {"数量指标": ("11", "数量指标"), "质量指标": ("12", "质量指标"),
          "时效指标": ("13", "时效指标"), "成本指标": ("14", "成本指标"),
          "经济效益指标": ("21", "经济效益"), "社会效益指标": ("22", "社会效益"),
          "生态效益指标": ("23", "生态效益"), "可持续影响指标": ("24", "可持续影响"),
          "服务对象满意度指标": ("31", "服务对象满意度")}
CENT = Decimal("0.01")


def amount(value: object) -> Decimal:
    if value in (None, ""):
        return Decimal(0)
    return Decimal(format(value, ".15g")) if isinstance(value, float) else Decimal(str(value))


def money(value: Decimal) -> float | None:
    return float(value.quantize(CENT, ROUND_HALF_UP)) if value else None


def rows(book: python_calamine.CalamineWorkbook, sheet: str) -> list[dict[str, object]]:
    grid = book.get_sheet_by_name(sheet).to_python()
    header = [str(h) for h in grid[0]]
    return [dict(zip(header, row, strict=False)) for row in grid[1:] if any(row)]


def baseline_fast(source: Path, target: Path) -> None:
    book = python_calamine.CalamineWorkbook.from_path(str(source))
    dept = {str(r[0]): r[1] for r in book.get_sheet_by_name("部门信息").to_python()}
    texts: dict[str, list[str]] = defaultdict(list)
    for ind in rows(book, "项目绩效指标"):
        code2, short = CODES2.get(str(ind["二级指标"]), ("", str(ind["二级指标"])))
        n = len(texts[str(ind["项目名称"])]) + 1
        texts[str(ind["项目名称"])].append(
            f"{n}.{CODES1.get(str(ind['一级指标']), '')}-{ind['一级指标']}:{code2}-{short}:"
            f"{ind['三级指标']};实施周期指标值:{ind['实施周期指标值']};"
            f"年度指标值:{ind['年度指标值']}。")
    units: dict[str, list[dict[str, object]]] = defaultdict(list)
    for p in rows(book, "项目"):
        units[str(p["资金使用单位"])].append(p)

    wb = xlsxwriter.Workbook(str(target), {"strings_to_formulas": False,
                                           "strings_to_urls": False})
    ws = wb.add_worksheet("项目支出绩效目标表")
    base = {"font_name": "宋体", "font_size": 10, "border": 1, "valign": "vcenter",
            "text_wrap": True}
    title = wb.add_format({"font_name": "宋体", "font_size": 16, "bold": True, "align": "center"})
    head = wb.add_format({**base, "bold": True, "align": "center"})
    text = wb.add_format(base)
    num = wb.add_format({**base, "num_format": "#,##0.00"})
    for col, width in enumerate((30, 12, 12, 12, 12, 40, 80)):
        ws.set_column(col, col, width)
    ws.merge_range(0, 0, 0, 6, "项目支出绩效目标表（含转移支付项目）", title)
    ws.write_string(1, 0, f"部门名称：{dept.get('部门名称', '')}")
    ws.write_string(2, 6, "单位：万元")
    ws.write_row(3, 0, ["项目名称（资金使用单位）", "总计", "财政拨款", "财政专户拨款", "其他资金",
                        "绩效目标", "绩效指标"], head)
    keys = ("财政拨款", "财政专户拨款", "其他资金")
    totals = [sum((amount(p[k]) for ps in units.values() for p in ps), Decimal(0)) for k in keys]
    r = 4
    ws.write_row(r, 0, ["合计", money(sum(totals, Decimal(0))), *map(money, totals), "", ""], num)
    for unit, projects in units.items():
        r += 1
        sums = [sum((amount(p[k]) for p in projects), Decimal(0)) for k in keys]
        ws.write_string(r, 0, unit, text)
        ws.write_row(r, 1, [money(sum(sums, Decimal(0))), *map(money, sums)], num)
        ws.write_row(r, 5, ["", ""], text)
        for p in projects:
            r += 1
            values = [amount(p[k]) for k in keys]
            ws.write_string(r, 0, str(p["项目名称"]), text)
            ws.write_row(r, 1, [money(sum(values, Decimal(0))), *map(money, values)], num)
            ws.write_string(r, 5, str(p["绩效目标"]), text)
            ws.write_string(r, 6, "\n".join(texts[str(p["项目名称"])]), text)
    ws.set_landscape()
    ws.set_paper(9)
    ws.fit_to_pages(1, 0)
    ws.repeat_rows(3)
    ws.set_footer("&C第 &P 页，共 &N 页")
    wb.close()


if __name__ == "__main__":
    baseline_fast(Path(sys.argv[1]), Path(sys.argv[2]))
