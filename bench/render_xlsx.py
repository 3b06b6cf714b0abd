"""Time the 项目支出绩效目标表 for a city-level department: 2,000 projects, 16,000 indicators.

    python bench/render_xlsx.py [--projects 2000] [--indicators 8] [--units 40] [--out FILE]

The model is built in code (no workbook reading); the time printed is render_xlsx alone.
"""

from __future__ import annotations

import argparse
import time
from decimal import Decimal
from pathlib import Path

from xlgen.model import Department, Indicator, InputBook, Project
from xlgen.model.framework import default_framework
from xlgen.render.context import build_context
from xlgen.render.xlsx.engine import render_xlsx

TEMPLATE = Path(__file__).resolve().parent.parent / "templates" / "市级" / "项目支出绩效目标表.xlsx"
GOAL = "保障全区电子政务光纤网络稳定运行，24小时不间断数据连接传输，按要求完成交付。"
CODES = ("11", "11", "12", "13", "14", "22", "24", "31")


def build_book(n_projects: int, per_project: int, n_units: int) -> InputBook:
    """A department with ``n_projects`` projects over ``n_units`` units, each with indicators."""
    fw = default_framework()
    level2 = {l2.code: (l1, l2) for l1 in fw.level1 for l2 in l1.level2}
    dept = Department(year=2024, name="广州市某某局")
    projects = []
    for p in range(n_projects):
        unit = f"广州市某某局第{p % n_units + 1}所属单位"
        project = Project(
            name=f"第{p + 1}号项目：政务服务保障经费",
            unit=unit,
            fiscal=Decimal(p % 997) + Decimal("0.125"),
            special_account=Decimal(p % 3),
            other=Decimal("0") if p % 2 else Decimal("12.5"),
            goal=GOAL,
        )
        for i in range(per_project):
            l1, l2 = level2[CODES[i % len(CODES)]]
            project.indicators.append(Indicator(
                level1=l1.name, level2=l2.name, name=f"指标{i + 1}：电子政务光纤网络节点数量",
                period_value=f"不低于{500 + i}个节点", annual_value=f"不低于{500 + i}个节点",
                project=project.name, level1_code=l1.code, level2_code=l2.code,
                level2_label=l2.label,
            ))
        projects.append(project)
    indicators = [i for p in projects for i in p.indicators]
    return InputBook("bench.xlsx", dept, projects=projects, project_indicators=indicators)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--projects", type=int, default=2000)
    parser.add_argument("--indicators", type=int, default=8, help="indicators per project")
    parser.add_argument("--units", type=int, default=40)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--out", type=Path)
    args = parser.parse_args()
    book = build_book(args.projects, args.indicators, args.units)
    times = []
    for _ in range(args.repeat):
        context = build_context(book)
        start = time.perf_counter()
        result = render_xlsx(TEMPLATE, context)
        times.append(time.perf_counter() - start)
    n_ind = args.projects * args.indicators
    print(f"{args.projects} projects, {n_ind} indicators: render_xlsx "
          f"best {min(times):.3f} s, first {times[0]:.3f} s, {len(result.data):,} bytes, "
          f"{len(result.problems)} problems")
    if args.out:
        args.out.write_bytes(result.data)


if __name__ == "__main__":
    main()
