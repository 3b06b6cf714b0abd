"""Documents xlgen wrote before that a build no longer makes are named at the end of the build
(never deleted), run after run until the clerk deletes them; a clerk's own files and the
documents of workbooks not in this run are never named."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from test_cli_clerk import dept, run
from test_validate import BUDGET_OK, IND_HEAD, PROJ_HEAD, full_indicators
from workbooks import write_book

ROOT = Path(__file__).resolve().parent.parent
NOTE = "份以前由 xlgen 生成、这次没有生成的文书"


@pytest.fixture(autouse=True)
def shipped_templates(monkeypatch):
    monkeypatch.setenv("XLGEN_TEMPLATES", str(ROOT / "templates"))


def book(tmp: Path, name: str = "某局", projects: bool = True, file: str = "某局.xlsx") -> None:
    sheets = {"部门信息": dept(name), "预算": BUDGET_OK}
    if projects:
        sheets["项目"] = [PROJ_HEAD, ["甲项目", "", 100, "", 20.5, "目标"]]
        sheets["项目绩效指标"] = [IND_HEAD, *full_indicators("甲项目")]
    (tmp / "in").mkdir(exist_ok=True)
    write_book(tmp / "in" / file, sheets)


def build(tmp: Path, target: str = "{tmp}/in") -> tuple[str, list[str]]:
    result = run(tmp, ["build", target, "--out", "{tmp}/out", "-j", "1"])
    assert result.exit_code == 0, result.output
    as_json = run(tmp, ["build", target, "--out", "{tmp}/out", "-j", "1", "--json"])
    return result.output, json.loads(as_json.output)["stale"]


def documents(tmp: Path) -> set[str]:
    return {p.name for p in (tmp / "out").glob("**/*.xlsx")}


def test_a_document_no_longer_made_is_named_not_deleted(tmp_path: Path) -> None:
    book(tmp_path)
    out, stale = build(tmp_path)
    assert NOTE not in out and stale == []
    [target] = [n for n in documents(tmp_path) if "项目支出绩效目标表" in n]
    book(tmp_path, projects=False)  # the projects taken out: no 项目支出绩效目标表 now
    for _ in range(2):  # said again by the next run
        out, stale = build(tmp_path)
        assert f"还有 1 {NOTE}" in out and target in out, out
        assert [Path(p).name for p in stale] == [target]
        assert target in documents(tmp_path)  # never deleted
    next((tmp_path / "out").glob(f"**/{target}")).unlink()  # the clerk deletes it
    out, stale = build(tmp_path)
    assert NOTE not in out and stale == []


def test_a_renamed_department_names_the_old_folder(tmp_path: Path) -> None:
    book(tmp_path, "某局")
    build(tmp_path)
    old = documents(tmp_path)
    book(tmp_path, "某某局")
    out, stale = build(tmp_path)
    assert f"还有 {len(old)} {NOTE}" in out
    assert {Path(p).name for p in stale} == old
    assert all("/某局/" in Path(p).as_posix() for p in stale)


def test_a_renamed_workbook_names_what_only_it_made(tmp_path: Path) -> None:
    book(tmp_path, "某局")
    build(tmp_path)
    (tmp_path / "in" / "某局.xlsx").rename(tmp_path / "in" / "某局2024.xlsx")
    out, stale = build(tmp_path)  # the same department: the same documents, made again
    assert NOTE not in out and stale == []


def test_never_named(tmp_path: Path) -> None:
    """A clerk's own file in the output folder, a workbook left out of this run, and the
    documents of a workbook that has errors now (they stay its last good ones)."""
    book(tmp_path, "甲局", file="甲局.xlsx")
    book(tmp_path, "乙局", file="乙局.xlsx")
    build(tmp_path)
    (tmp_path / "out" / "我的说明.xlsx").write_bytes(b"mine")
    out, stale = build(tmp_path, "{tmp}/in/甲局.xlsx")  # 乙局 not in this run
    assert NOTE not in out and stale == []
    write_book(tmp_path / "in" / "甲局.xlsx", {"部门信息": dept("甲局"),
                                              "预算": [["基本支出", "约60"]]})
    result = run(tmp_path, ["build", "{tmp}/in", "--out", "{tmp}/out", "-j", "1"])
    assert result.exit_code == 1 and NOTE not in result.output
