"""Generate a city-level input workbook: N projects, 8 indicators each (2,000 → 16,000 rows).

    python bench/generate.py /tmp/city.xlsx --projects 2000
"""

from __future__ import annotations

import argparse
import random
from pathlib import Path

import xlsxwriter

LEVELS = [
    ("产出指标", "数量指标", "完成数量", "≥{n}个"),
    ("产出指标", "质量指标", "验收合格率", "≥{p}%"),
    ("产出指标", "时效指标", "完成时间", "{m}月底前"),
    ("产出指标", "成本指标", "成本控制", "≤{n}万元"),
    ("效益指标", "社会效益指标", "服务人次", "≥{n}人次"),
    ("效益指标", "经济效益指标", "节约资金", "≥{n}万元"),
    ("效益指标", "可持续影响指标", "长效机制", "≥1项"),
    ("满意度指标", "服务对象满意度指标", "服务对象满意度", "≥{p}%"),
]


def generate(path: Path, projects: int = 2000, units: int = 40, seed: int = 7,
             unknown_projects: bool = False) -> Path:
    """Write the workbook and return its path.

    With ``unknown_projects`` every 项目绩效指标 row names its project with a slip (城巿 for
    城市), so no row links to a project: the validator's worst case for suggestions.
    """
    rnd = random.Random(seed)
    wb = xlsxwriter.Workbook(str(path), {"constant_memory": True})
    ws = wb.add_worksheet("部门信息")
    for r, (k, v) in enumerate([("字段", "值"), ("年度", 2024), ("部门名称", "示例市财政局"),
                                ("预算级次", "市"), ("财政供养人员数", 1200),
                                ("下属二级单位数", units),
                                ("总体绩效目标", "全面完成年度目标。")]):
        ws.write(r, 0, k)
        ws.write(r, 1, v)
    ws = wb.add_worksheet("项目")
    ws.write_row(0, 0, ["项目名称", "资金使用单位", "财政拨款", "财政专户拨款", "其他资金",
                        "绩效目标"])
    names = []
    for i in range(projects):
        name = f"项目{i + 1:05d}：城市公共服务能力提升与运行保障经费"
        names.append(name)
        ws.write_row(i + 1, 0, [name, f"示例市第{i % units + 1}直属单位",
                                round(rnd.uniform(1, 5000), 2),
                                0 if i % 3 else round(rnd.uniform(0, 50), 2),
                                0, "保障相关工作正常开展，提升公共服务水平，"
                                   "群众满意度不断提高。"])
    ws = wb.add_worksheet("项目绩效指标")
    ws.write_row(0, 0, ["项目名称", "一级指标", "二级指标", "三级指标", "实施周期指标值",
                        "年度指标值"])
    row = 1
    for name in names:
        if unknown_projects:
            name = name.replace("城市", "城巿")
        for l1, l2, l3, value in LEVELS:
            text = value.format(n=rnd.randint(1, 500), p=rnd.randint(80, 99), m=rnd.randint(1, 12))
            ws.write_row(row, 0, [name, l1, l2, l3, text, text])
            row += 1
    wb.close()
    return path


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("path", type=Path)
    parser.add_argument("--projects", type=int, default=2000)
    args = parser.parse_args()
    generate(args.path, args.projects)
    print(f"wrote {args.path}")


def generate_department(path: Path, index: int, projects: int = 12, seed: int = 7) -> Path:
    """One district department's workbook: 部门信息, a balanced 预算, 重点任务, 部门绩效指标,
    ``projects`` projects with 8 indicators each (it builds the 申报表 and the 目标表)."""
    rnd = random.Random(seed + index)
    wb = xlsxwriter.Workbook(str(path))
    form = [("字段", "值"), ("年度", 2024), ("部门名称", f"示例区第{index + 1:03d}局"),
            ("预算级次", "区"), ("财政供养人员数", 40 + index % 50), ("下属二级单位数", index % 5),
            ("总体绩效目标", "全面完成年度工作目标，提升公共服务水平。")]
    ws = wb.add_worksheet("部门信息")
    for r, row in enumerate(form):
        ws.write_row(r, 0, row)
    fiscal = round(rnd.uniform(1000, 20000), 2)
    ws = wb.add_worksheet("预算")
    for r, row in enumerate([("字段", "值"), ("基本支出", fiscal - 500), ("项目支出", 500),
                             ("财政专项资金", 0), ("其他事业发展性支出", 0), ("财政拨款", fiscal),
                             ("其他资金", 0), ("本级使用资金", fiscal),
                             ("拟用于对下转移支付资金", 0)]):
        ws.write_row(r, 0, row)
    ws = wb.add_worksheet("重点任务")
    ws.write_row(0, 0, ["类型", "任务名称", "主要实施内容", "拟投入资金", "期望达到的目标"])
    for r in range(1, 4):
        ws.write_row(r, 0, ["重点任务", f"重点任务{r}", "按计划推进各项工作。", 100 * r,
                            "按时保质完成。"])
    ws = wb.add_worksheet("部门绩效指标")
    ws.write_row(0, 0, ["一级指标", "二级指标", "三级指标", "实施周期指标值", "年度指标值"])
    for r, (l1, l2, l3, value) in enumerate(LEVELS, 1):
        text = value.format(n=rnd.randint(1, 500), p=rnd.randint(80, 99), m=rnd.randint(1, 12))
        ws.write_row(r, 0, [l1, l2, l3, text, text])
    ws = wb.add_worksheet("项目")
    ws.write_row(0, 0, ["项目名称", "资金使用单位", "财政拨款", "财政专户拨款", "其他资金",
                        "绩效目标"])
    ws2 = wb.add_worksheet("项目绩效指标")
    ws2.write_row(0, 0, ["项目名称", "一级指标", "二级指标", "三级指标", "实施周期指标值",
                         "年度指标值"])
    row = 1
    for i in range(projects):
        name = f"项目{i + 1:03d}：公共服务运行保障经费"
        ws.write_row(i + 1, 0, [name, "", round(rnd.uniform(1, 500), 2), 0, 0,
                                "保障相关工作正常开展，提升公共服务水平。"])
        for l1, l2, l3, value in LEVELS:
            text = value.format(n=rnd.randint(1, 500), p=rnd.randint(80, 99),
                                m=rnd.randint(1, 12))
            ws2.write_row(row, 0, [name, l1, l2, l3, text, text])
            row += 1
    wb.close()
    return path


def generate_folder(folder: Path, count: int = 200, projects: int = 12) -> Path:
    """``count`` department workbooks in ``folder`` (a bureau's year)."""
    folder.mkdir(parents=True, exist_ok=True)
    for i in range(count):
        generate_department(folder / f"示例区第{i + 1:03d}局.xlsx", i, projects)
    return folder
