"""validate reports two workbooks that would write the same documents, as build refuses them
(issue 16; the claim logic is output/plan.py's Claims, shared by validate and build)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from workbooks import write_book

from xlgen.cli import main

PROJECTS = {"项目": [["项目名称", "资金使用单位", "财政拨款"], ["甲", "", 1]],
            "项目绩效指标": [["项目名称", "一级指标", "二级指标", "三级指标", "实施周期指标值",
                        "年度指标值"], ["甲", "产出指标", "数量指标", "x", "≥1个", "≥1个"]]}


def book(path: Path, name: str, year: int = 2023) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    dept = [["字段", "值"], ["年度", year], ["部门名称", name]]
    return write_book(path, {"部门信息": dept, **PROJECTS})


@pytest.mark.parametrize(("first", "second", "clash"), [
    (("a.xlsx", "测试局", 2023), ("b.xlsx", "测试局", 2023), True),
    (("a.xlsx", "测试局", 2023), ("b.xlsx", " 测试局 ", 2023), True),
    (("a.xlsx", "ABC数据局", 2023), ("b.xlsx", "abc数据局", 2023), True),  # one file on Windows
    (("a.xlsx", "测试局", 2023), ("b.xlsx", "测试局", 2024), False),
    (("a.xlsx", "测试局", 2023), ("b.xlsx", "测试二局", 2023), False),
    (("一/a.xlsx", "测试局", 2023), ("二/a.xlsx", "测试局", 2023), False),  # other folders
], ids=["same", "spaces", "case", "other-year", "other-name", "other-folder"])
@pytest.mark.parametrize("command", ["validate", "build"])
def test_same_output_is_found_by_validate_and_build(
        tmp_path: Path, first: tuple, second: tuple, clash: bool, command: str) -> None:
    src = tmp_path / "in"
    for rel, name, year in (first, second):
        book(src / rel, name, year)
    args = [command, "--json", str(src)] + (["--out", str(tmp_path / "out")]
                                             if command == "build" else [])
    result = CliRunner().invoke(main, args)
    text = result.output
    assert ("same-output" in text) == clash, text
    assert result.exit_code == (1 if clash else 0), text
    if clash:
        problems = json.loads(text) if command == "validate" else None
        if problems is not None:
            found = [p for p in problems if p["code"] == "same-output"]
            assert len(found) == 1 and found[0]["file"].endswith("b.xlsx")
            assert found[0]["cell"] == "B3"
