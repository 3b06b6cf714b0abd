"""The bureau's 收件 folder as it arrives: what the 汇总 shows of each workbook."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner
from test_same_output import book
from test_writes import failing_on, open_in_excel

from xlgen.cli import main
from xlgen.output.summary import QUALITY

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(autouse=True)
def shipped_templates(monkeypatch):
    monkeypatch.setenv("XLGEN_TEMPLATES", str(ROOT / "templates"))


def shown(out: Path, sheet: str, header_row: int) -> list[str]:
    ws = openpyxl.load_workbook(out)[sheet]
    column = [c.value for c in ws[header_row]].index("工作簿")
    return [r[column] for r in ws.iter_rows(min_row=header_row + 1, values_only=True)]


def test_workbooks_of_one_name_in_two_folders_are_told_apart(tmp_path: Path,
                                                           monkeypatch) -> None:
    """Each department's folder holds a 预算绩效.xlsx: given folder by folder, the 汇总 names
    each by its path (as validate does), not both as 预算绩效.xlsx; a name of its own stays
    short."""
    monkeypatch.chdir(tmp_path)
    book(Path("收件/教育局/预算绩效.xlsx"), "教育局")
    book(Path("收件/民政局/预算绩效.xlsx"), "民政局")
    book(Path("收件/民政局/水务局.xlsx"), "水务局")
    result = CliRunner().invoke(main, ["summary", "收件/教育局", "收件/民政局", "--out", "s.xlsx"])
    assert result.exit_code == 0, result.output
    assert shown(Path("s.xlsx"), "汇总", 2) == [
        "收件/教育局/预算绩效.xlsx", "收件/民政局/预算绩效.xlsx", "水务局.xlsx"]
    assert set(shown(Path("s.xlsx"), "问题清单", 1)) == {
        "收件/教育局/预算绩效.xlsx", "水务局.xlsx", "收件/民政局/预算绩效.xlsx"}


def test_a_workbook_without_its_year_shows_no_year_0(tmp_path: Path, monkeypatch) -> None:
    """A blank workbook from xlgen init (no 年度 yet) is listed with its year blank, not 0."""
    monkeypatch.chdir(tmp_path)
    assert CliRunner().invoke(main, ["init", "收件/新局.xlsx"]).exit_code == 0
    book(Path("收件/水务局.xlsx"), "水务局", 2024)
    assert CliRunner().invoke(main, ["summary", "收件", "--out", "s.xlsx"]).exit_code == 0
    ws = openpyxl.load_workbook("s.xlsx")["汇总"]
    years = {r[3]: r[2] for r in ws.iter_rows(min_row=3, values_only=True)}
    assert years == {"新局.xlsx": None, "水务局.xlsx": 2024}
    assert ws["A1"].value == "2024年度预算绩效文书汇总"


def test_a_summary_open_in_excel_is_left_as_it_was(tmp_path: Path, monkeypatch) -> None:
    """The 汇总 the bureau annotated is still open in Excel (Windows refuses the rename): a
    Chinese message says to close it, the file keeps its notes, no copy is left beside it."""
    monkeypatch.chdir(tmp_path)
    book(Path("收件/水务局.xlsx"), "水务局", 2024)
    assert CliRunner().invoke(main, ["summary", "收件", "--out", "汇总.xlsx"]).exit_code == 0
    wb = openpyxl.load_workbook("汇总.xlsx")
    wb["汇总"]["X3"] = "已催报"
    wb.save("汇总.xlsx")
    before = Path("汇总.xlsx").read_bytes()
    book(Path("收件/民政局.xlsx"), "民政局", 2024)
    failing_on(monkeypatch, "replace", 2, open_in_excel())  # 1: the copy aside, 2: the 汇总
    result = CliRunner().invoke(main, ["summary", "收件", "--out", "汇总.xlsx"])
    assert result.exit_code == 1, result.output
    assert "无法覆盖 汇总.xlsx：文件可能正在 Excel/WPS/Word 中打开" in result.output
    assert "请关闭该文件后重新运行" in result.output and "Traceback" not in result.output
    assert Path("汇总.xlsx").read_bytes() == before
    assert sorted(p.name for p in Path(".").glob("*.xlsx")) == ["汇总.xlsx"]


def test_a_workbook_that_cannot_be_read_has_no_indicator_counts(tmp_path: Path,
                                                               monkeypatch) -> None:
    """A damaged file's indicator-quality cells are blank, not 0: filtering a column for 0
    must not list it among the workbooks whose indicators are fine."""
    monkeypatch.chdir(tmp_path)
    good = book(Path("收件/水务局.xlsx"), "水务局", 2024).read_bytes()
    Path("收件/信访局.xlsx").write_bytes(good[:len(good) // 2])
    assert CliRunner().invoke(main, ["summary", "收件", "--out", "s.xlsx"]).exit_code == 0
    ws = openpyxl.load_workbook("s.xlsx")["汇总"]
    head = [c.value for c in ws[2]]
    rows = {r[3]: dict(zip(head, r, strict=True))
            for r in ws.iter_rows(min_row=3, values_only=True)}
    quality = [h for h in head if h in QUALITY.values()]
    assert quality
    assert [rows["信访局.xlsx"][h] for h in quality] == [None] * len(quality)
    assert all(isinstance(rows["水务局.xlsx"][h], int) for h in quality)
    assert (rows["信访局.xlsx"]["结果"], rows["信访局.xlsx"]["错误"]) == ("无法读取", 1)


def test_serial_number_year_and_grade_are_centred(tmp_path: Path, monkeypatch) -> None:
    """序号, 年度 and 自评等级 stand between a right-aligned figure and left-aligned text:
    centred, they do not print as “2024 2024/水务局.xlsx” or “99.5优”."""
    monkeypatch.chdir(tmp_path)
    Path("收件").mkdir()
    Path("收件/示例局.xlsx").write_bytes(
        (ROOT / "inputs" / "示例" / "示例区政务服务数据管理局.xlsx").read_bytes())
    assert CliRunner().invoke(main, ["summary", "收件", "--out", "s.xlsx"]).exit_code == 0
    ws = openpyxl.load_workbook("s.xlsx")["汇总"]
    head = [c.value for c in ws[2]]
    cells = {h: ws.cell(3, head.index(h) + 1) for h in ("序号", "年度", "自评等级", "工作簿")}
    assert cells["自评等级"].value == "优"
    assert {h: c.alignment.horizontal for h, c in cells.items()} == {
        "序号": "center", "年度": "center", "自评等级": "center", "工作簿": None}
