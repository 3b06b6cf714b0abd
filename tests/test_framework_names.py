"""Regional 一级/二级 names are data (issue 16): aliases in xlgen/data/framework.toml, a
bracketed qualifier left out before matching, a did-you-mean that sees through it, and the
README's table of aliases kept with the data."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import pytest
from workbooks import write_book

from xlgen.api import check_workbook
from xlgen.model.framework import _key, default_framework

ROOT = Path(__file__).resolve().parent.parent
FRAMEWORK = ROOT / "xlgen" / "data" / "framework.toml"
IND_HEAD = ["项目名称", "一级指标", "二级指标", "三级指标", "实施周期指标值", "年度指标值"]


def check_names(folder: Path, level1: str, level2: str):
    """A workbook of one project with one indicator under ``level1``/``level2``, checked."""
    sheets = {"项目": [["项目名称", "资金使用单位", "财政拨款"], ["甲", "", 1]],
              "项目绩效指标": [IND_HEAD, ["甲", level1, level2, "x", "≥1个", "≥1个"]]}
    return check_workbook(write_book(folder / "in.xlsx", sheets))


@pytest.mark.parametrize(("level1", "level2", "want1", "want2"), [
    ("预期产出指标", "数量指标(或建筑规模指标)", "产出指标", "数量指标"),
    ("预期产出指标", "数量指标（或建筑规模指标）", "产出指标", "数量指标"),
    ("1-预期产出指标", "时效指标(工期指标)", "产出指标", "时效指标"),
    ("产出指标", "时效指标（工期指标）", "产出指标", "时效指标"),
    ("预期产出", "预算(或投资规模)控制指标", "产出指标", "成本指标"),
    ("产出指标", "预算（或投资规模）控制指标", "产出指标", "成本指标"),
    ("产出指标", "建筑规模指标", "产出指标", "数量指标"),
    ("效果指标", "社会、经济、生态效益指标", "效益指标", "社会效益指标"),
    ("效果指标", "经济、社会、生态效益指标", "效益指标", "社会效益指标"),
    ("效果指标", "经济效益指标", "效益指标", "经济效益指标"),
    ("2-效果指标", "22-社会效益", "效益指标", "社会效益指标"),
    ("满意度指标（必填）", "服务对象满意度指标【群众】", "满意度指标", "服务对象满意度指标"),
    ("效益指标", "可持续影响指标〔长期〕", "效益指标", "可持续影响指标"),
    ("效益指标", "可持续影响指标[长期]", "效益指标", "可持续影响指标"),
])
def test_regional_names_are_read_as_the_framework_names(
        tmp_path: Path, level1: str, level2: str, want1: str, want2: str) -> None:
    book, report = check_names(tmp_path, level1, level2)
    ind = book.project_indicators[0]
    assert (ind.level1, ind.level2) == (want1, want2)
    assert not {"unknown-level1", "unknown-level2", "wrong-level2"} & set(
        p.code for p in report.problems)


@pytest.mark.parametrize(("level1", "level2", "code", "suggestion"), [
    ("预期产出指际", "数量指标", "unknown-level1", "是否应为“产出指标”"),
    ("效果指表", "社会效益指标", "unknown-level1", "是否应为“效益指标”"),
    ("产出指标", "数量指际(或建筑规模指标)", "unknown-level2", "是否应为“数量指标”"),
    ("产出指标", "时效指表（工期指标）", "unknown-level2", "是否应为“时效指标”"),
    ("产出指标", "社会、经济、生态效益指标", "wrong-level2", "而属于“效益指标”"),
])
def test_did_you_mean_sees_through_qualifiers(tmp_path: Path, level1: str, level2: str,
                                              code: str, suggestion: str) -> None:
    _, report = check_names(tmp_path, level1, level2)
    found = [p for p in report.problems if p.code == code]
    assert found and suggestion in found[0].message, [p.message for p in report.problems]


def test_a_name_that_is_all_qualifier_keeps_its_words() -> None:
    assert _key("（数量指标）") == "数量"
    assert _key("数量指标（或建筑规模指标）") == "数量"


def _aliases() -> list[tuple[str, str, str]]:
    """(level, alias, framework name) for every alias in framework.toml."""
    data = tomllib.loads(FRAMEWORK.read_text("utf-8"))
    rows = []
    for l1 in data["level1"]:
        rows += [("一级", a, l1["name"]) for a in l1.get("aliases", [])]
        for l2 in l1.get("level2", []):
            rows += [("二级", a, l2["name"]) for a in l2.get("aliases", [])]
    return rows


def test_every_alias_names_one_indicator_only() -> None:
    fw = default_framework()
    for l1 in fw.level1:
        keys = [_key(a) for item in l1.level2 for a in (item.name, *item.aliases)]
        assert len(keys) == len(set(keys)), l1.name
    keys = [_key(a) for l1 in fw.level1 for a in (l1.name, *l1.aliases)]
    assert len(keys) == len(set(keys))


@pytest.mark.parametrize(("level", "alias", "name"), _aliases())
def test_readme_lists_every_alias(level: str, alias: str, name: str) -> None:
    readme = (ROOT / "README.md").read_text("utf-8")
    rows = re.findall(r"^\| (一级|二级) \| ([^|]+) \| ([^|]+) \|", readme, re.M)
    assert (level, name, alias) in {(lv, n.strip(), a) for lv, n, cell in rows
                                    for a in re.findall(r"“([^”]+)”", cell)}, alias
