"""xlgen build: per-workbook isolation, atomic writes, byte-identical rebuilds."""

import os
from pathlib import Path

import pytest
from click.testing import CliRunner
from test_cli import FULL_DEPT
from test_validate import BUDGET_OK, IND_HEAD, PROJ_HEAD, full_indicators
from workbooks import Literal, write_book

from xlgen.cli import main
from xlgen.output import atomic

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(autouse=True)
def templates(monkeypatch):
    monkeypatch.setenv("XLGEN_TEMPLATES", str(ROOT / "templates"))


def good(path, name="测试局"):
    dept = [row if row[0] != "部门名称" else ["部门名称", name] for row in FULL_DEPT]
    return write_book(path, {"部门信息": dept, "预算": BUDGET_OK,
                             "项目": [PROJ_HEAD,
                                    ["甲项目", "", 100, "", 20.5, Literal("=目标<&>")]],
                             "项目绩效指标": [IND_HEAD, *full_indicators("甲项目")]})


def bad(path, name="乙局"):
    return write_book(path, {"部门信息": [["年度", 2023], ["部门名称", name]],
                             "项目": [PROJ_HEAD, ["甲项目", "", "约60"]]})


def run(*args):
    return CliRunner().invoke(main, ["build", *map(str, args)])


def outputs(folder: Path) -> dict[str, bytes]:
    """The documents under ``folder`` (xlgen's own .xlgen-* bookkeeping files aside)."""
    return {str(p.relative_to(folder)): p.read_bytes()
            for p in sorted(folder.rglob("*")) if p.is_file() and not p.name.startswith(".")}


def test_folder_with_good_bad_and_lock_files(tmp_path):
    inputs = tmp_path / "inputs"
    inputs.mkdir()
    good(inputs / "好.xlsx")
    bad(inputs / "坏.xlsx")
    (inputs / "~$好.xlsx").write_bytes(b"lock")
    result = run(inputs, "--out", tmp_path / "out")
    assert result.exit_code == 1, result.output
    assert "项目!C2" in result.output and "约60" in result.output
    files = outputs(tmp_path / "out")
    assert sorted(files) == [
        "测试局/2023年测试局部门整体预算绩效目标申报表.xlsx",
        "测试局/2023年测试局项目支出绩效目标表.xlsx",
    ]
    assert ("有错误，未生成" in result.output
            and "共 2 个工作簿，1 个成功，1 个有错误" in result.output)


def test_rebuild_is_byte_identical_and_untouched(tmp_path):
    good(tmp_path / "a.xlsx")
    assert run(tmp_path / "a.xlsx", "--out", tmp_path / "out").exit_code == 0
    first = outputs(tmp_path / "out")
    mtimes = {p: p.stat().st_mtime_ns for p in (tmp_path / "out").rglob("*.xlsx")}
    good(tmp_path / "a.xlsx")  # rewritten input, same content
    result = run(tmp_path / "a.xlsx", "--out", tmp_path / "out")
    assert result.exit_code == 0 and "未变化" in result.output
    assert outputs(tmp_path / "out") == first
    assert {p: p.stat().st_mtime_ns for p in mtimes} == mtimes


def test_workbook_turned_bad_keeps_previous_outputs(tmp_path):
    good(tmp_path / "a.xlsx")
    run(tmp_path / "a.xlsx", "--out", tmp_path / "out")
    before = outputs(tmp_path / "out")
    write_book(tmp_path / "a.xlsx",
               {"部门信息": FULL_DEPT, "项目": [PROJ_HEAD, ["甲项目", "", "x"]]})
    assert run(tmp_path / "a.xlsx", "--out", tmp_path / "out").exit_code == 1
    assert outputs(tmp_path / "out") == before


def test_crash_during_write_leaves_previous_file(tmp_path, monkeypatch):
    target = tmp_path / "doc.xlsx"
    target.write_bytes(b"previous good file")

    def boom(src, dst):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", boom)
    with pytest.raises(atomic.OutputError):
        atomic.write_atomic(target, b"new")
    assert target.read_bytes() == b"previous good file"
    assert [p.name for p in tmp_path.iterdir()] == ["doc.xlsx"]


def test_same_department_twice_is_an_error(tmp_path):
    good(tmp_path / "a.xlsx")
    good(tmp_path / "b.xlsx")
    result = run(tmp_path, "--out", tmp_path / "out")
    assert result.exit_code == 1 and "同名" in result.output


def test_dry_run_writes_nothing(tmp_path):
    good(tmp_path / "a.xlsx")
    result = run(tmp_path / "a.xlsx", "--out", tmp_path / "out", "--dry-run")
    assert result.exit_code == 0 and "将生成" in result.output
    assert not (tmp_path / "out").exists()


def test_text_stays_text_in_outputs(tmp_path):
    import openpyxl

    good(tmp_path / "a.xlsx")
    run(tmp_path / "a.xlsx", "--out", tmp_path / "out")
    [table] = (tmp_path / "out").rglob("*项目支出绩效目标表.xlsx")
    ws = openpyxl.load_workbook(table).active
    cells = [c for row in ws.iter_rows() for c in row if c.value == "=目标<&>"]
    assert cells and all(c.data_type == "s" for c in cells)


def test_samples_build_end_to_end(tmp_path):
    """The committed samples build with no errors; key published figures are in the outputs."""
    import docx
    import openpyxl

    result = run(ROOT / "inputs", "--out", tmp_path)
    assert result.exit_code == 0, result.output
    [report] = tmp_path.rglob("2022年*自评报告.docx")
    text = "\n".join(p.text for p in docx.Document(report).paragraphs)
    for phrase in ("自评结果为“优”", "99.5", "98.82%", "调整后预算243.96万元", "8,463.23",
                   "共设数量指标24个、质量指标8个、时效指标1个"):
        assert phrase in text, phrase
    [table] = tmp_path.rglob("2023年*花都*项目支出绩效目标表.xlsx")
    values = [c.value for row in openpyxl.load_workbook(table).active.iter_rows() for c in row]
    assert values[values.index("合计") + 1] == 2616.61
    assert len(list(tmp_path.rglob("*.xlsx"))) == 5 and len(list(tmp_path.rglob("*.docx"))) == 2


def test_an_internal_error_spoils_one_workbook_not_the_run(tmp_path, monkeypatch):
    import xlgen.output.build

    good(tmp_path / "a.xlsx", "甲局")
    good(tmp_path / "b.xlsx", "乙局")
    real = xlgen.output.build.build_context

    def flaky(book):
        if book.department.name == "甲局":
            raise RuntimeError("boom")
        return real(book)

    monkeypatch.setattr(xlgen.output.build, "build_context", flaky)
    result = run(tmp_path, "--out", tmp_path / "out")
    assert result.exit_code == 1
    assert "程序内部错误" in result.output and "Traceback" not in result.output
    assert [p.parent.name for p in (tmp_path / "out").rglob("*.xlsx")] == ["乙局", "乙局"]
