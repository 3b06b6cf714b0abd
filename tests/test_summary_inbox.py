"""The bureau's 收件 folder as it arrives: what the 汇总 shows of each workbook."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner
from test_same_output import book

from xlgen.cli import main

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
