"""validate reports two workbooks that would write the same documents, as build refuses them
(issue 16; the claim logic is output/plan.py's Claims, shared by validate and build)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from workbooks import write_book

from xlgen.cli import main
from xlgen.output.summary import QUALITY
from xlgen.workbook import discover_workbooks

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


@pytest.mark.parametrize(("names", "order"), [
    (["好的.xlsx", "好的 - 副本.xlsx"], ["好的.xlsx", "好的 - 副本.xlsx"]),
    (["好的 - 副本 (2).xlsx", "好的 - 副本.xlsx", "好的.xlsx"],
     ["好的.xlsx", "好的 - 副本 (2).xlsx", "好的 - 副本.xlsx"]),
    (["某局(1).xlsx", "某局.xlsx", "某局（2）.xlsx"],
     ["某局.xlsx", "某局(1).xlsx", "某局（2）.xlsx"]),
    (["复件 某局.xlsx", "某局 - Copy.xlsx", "某局.xlsx"],
     ["某局.xlsx", "复件 某局.xlsx", "某局 - Copy.xlsx"]),
    (["乙局.xlsx", "甲局 - 副本.xlsx", "甲局.xlsx"],
     ["乙局.xlsx", "甲局.xlsx", "甲局 - 副本.xlsx"]),
    (["b/a.xlsx", "a - 副本.xlsx", "a.xlsx"], ["a.xlsx", "a - 副本.xlsx", "b/a.xlsx"]),
])
def test_a_copy_is_read_right_after_its_original(tmp_path: Path, names: list[str],
                                                 order: list[str]) -> None:
    for name in names:
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_bytes(b"")
    found = discover_workbooks([tmp_path]).found
    assert [f.relative_to(tmp_path).as_posix() for f, _ in found] == order


def test_the_original_builds_and_its_stale_copy_is_refused(tmp_path: Path) -> None:
    """Windows names a copy "好的 - 副本.xlsx", which sorts before "好的.xlsx": the documents
    must still be made from the original."""
    src = tmp_path / "in"
    book(src / "好的.xlsx", "测试局")
    book(src / "好的 - 副本.xlsx", "测试局")
    result = CliRunner().invoke(main, ["build", str(src), "--out", str(tmp_path / "o")])
    assert result.exit_code == 1, result.output
    lines = result.output.splitlines()
    assert lines[0].endswith("好的.xlsx：0 个错误，5 个警告"), lines[0]
    assert any(line.endswith("好的 - 副本.xlsx：1 个错误，5 个警告") for line in lines)
    assert "文书只按 好的.xlsx 生成，不按本工作簿" in result.output


def test_the_summary_lists_a_copy_once_in_its_figures(tmp_path: Path) -> None:
    """汇总: the copy is 有错误, yields no document, and each of its figures (its indicator
    quality counts too) reads 重复, so a bureau summing a column counts the department once."""
    import openpyxl

    src = tmp_path / "in"
    book(src / "好的.xlsx", "测试局")
    book(src / "好的 - 副本.xlsx", "测试局")
    book(src / "别的.xlsx", "别的局")
    out = tmp_path / "汇总.xlsx"
    result = CliRunner().invoke(main, ["summary", str(src), "--out", str(out)])
    assert result.exit_code == 0, result.output
    sheet = openpyxl.load_workbook(out)["汇总"]
    head = [c.value for c in sheet[2]]
    rows = {r[head.index("工作簿")]: dict(zip(head, r, strict=True))
            for r in sheet.iter_rows(min_row=3, values_only=True)}
    copy, original = rows["好的 - 副本.xlsx"], rows["好的.xlsx"]
    assert (copy["结果"], copy["可生成的文书"]) == ("有错误", None)
    assert (original["结果"], original["可生成的文书"]) == ("可生成", "项目支出绩效目标表")
    assert (copy["项目个数"], copy["项目资金合计（万元）"]) == ("重复", "重复")
    assert (original["项目个数"], original["项目资金合计（万元）"]) == (1, 1)
    # its indicators are the original's: their quality findings are counted once too
    quality = [h for h in head if h in QUALITY.values()]
    assert quality and [copy[h] for h in quality] == ["重复"] * len(quality)
    assert all(isinstance(original[h], int) and original[h] > 0 for h in quality)
    assert sum(r["项目资金合计（万元）"] for r in rows.values()
               if isinstance(r["项目资金合计（万元）"], (int, float))) == 2
