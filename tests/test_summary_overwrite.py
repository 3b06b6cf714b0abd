"""``xlgen summary`` updates the 汇总 it wrote before, and never overwrites a file of the
same name that it did not write (a clerk's own 汇总.xlsx) unless told to with --force."""

from __future__ import annotations

from pathlib import Path

import docx
import openpyxl
import pytest
from test_cli_clerk import dept, run
from test_validate import BUDGET_OK
from workbooks import write_book

ROOT = Path(__file__).resolve().parent.parent
REFUSED = ["s.xlsx 已存在，而且不是 xlgen 生成的汇总表", "未覆盖，也没有汇总", "--out",
           "请加 --force"]


@pytest.fixture(autouse=True)
def shipped_templates(monkeypatch):
    monkeypatch.setenv("XLGEN_TEMPLATES", str(ROOT / "templates"))


def folder(tmp: Path) -> None:
    (tmp / "2023").mkdir()
    write_book(tmp / "2023" / "某局.xlsx", {"部门信息": dept("某局"), "预算": BUDGET_OK})


def nothing(tmp: Path) -> None:
    pass


def hand_made(tmp: Path) -> None:
    wb = openpyxl.Workbook()
    wb.active["A1"] = "我自己的汇总"
    wb.save(tmp / "s.xlsx")


def xlgen_summary(tmp: Path) -> None:
    assert run(tmp, ["summary", "{tmp}/2023", "--out", "{tmp}/s.xlsx"]).exit_code == 0
    wb = openpyxl.load_workbook(tmp / "s.xlsx")
    wb.worksheets[0]["A1"] = "旧的汇总"  # as a previous run's file, older than this one
    wb.properties.creator, wb.properties.title = "xlgen", "预算绩效文书汇总"
    wb.save(tmp / "s.xlsx")


def xlgen_document(tmp: Path) -> None:
    """A document xlgen wrote (not a 汇总), under the 汇总's name."""
    assert run(tmp, ["build", "{tmp}/2023", "--out", "{tmp}/out"]).exit_code == 0
    [made] = (tmp / "out").glob("**/*.xlsx")
    (tmp / "s.xlsx").write_bytes(made.read_bytes())


def word_file(tmp: Path) -> None:
    d = docx.Document()
    d.add_paragraph("报告")
    d.save(tmp / "s.xlsx")


@pytest.mark.parametrize(("existing", "force", "exit_code", "replaced"), [
    (nothing, False, 0, True),
    (xlgen_summary, False, 0, True),  # its own 汇总 is updated, as before
    (hand_made, False, 2, False),
    (hand_made, True, 0, True),
    (xlgen_document, False, 2, False),
    (word_file, False, 2, False),
    (word_file, True, 0, True),
])
def test_summary_overwrites_only_its_own_file(tmp_path: Path, existing, force: bool,
                                              exit_code: int, replaced: bool) -> None:
    folder(tmp_path)
    existing(tmp_path)
    before = (tmp_path / "s.xlsx").read_bytes() if (tmp_path / "s.xlsx").exists() else b""
    args = ["summary", "{tmp}/2023", "--out", "{tmp}/s.xlsx"] + (["--force"] if force else [])
    result = run(tmp_path, args)
    assert result.exit_code == exit_code, result.output
    after = (tmp_path / "s.xlsx").read_bytes()
    assert (after != before) == replaced
    if replaced:
        assert openpyxl.load_workbook(tmp_path / "s.xlsx").worksheets[0].title == "汇总"
    else:
        for text in REFUSED:
            assert text in result.output, result.output
        assert "Traceback" not in result.output


@pytest.mark.parametrize(("out", "written", "code"), [
    ("汇总.xlsx", "汇总.xlsx", 0),
    ("汇总.XLSX", "汇总.XLSX", 0),
    ("汇总", "汇总.xlsx", 0),  # no extension: the workbook's is added
    ("2024.汇总", "2024.汇总.xlsx", 0),  # a dot in the name is not an extension
    ("汇总.csv", None, 2),  # another kind of file: never written under another name
    ("汇总.xls", None, 2),
    ("汇总.pdf", None, 2),
])
def test_the_summary_is_an_xlsx_or_the_command_says_so(tmp_path, out, written, code):
    folder(tmp_path)
    result = run(tmp_path, ["summary", "{tmp}/2023", "--out", "{tmp}/" + out])
    assert result.exit_code == code, result.output
    made = sorted(p.name for p in tmp_path.iterdir() if p.is_file())
    assert made == ([written] if written else []), made
    if not written:
        assert "汇总表只能保存为 Excel 工作簿（.xlsx）" in result.output
        assert out.rsplit(".", 1)[0] + ".xlsx" in result.output


def test_a_summary_the_clerk_changed_is_kept_before_it_is_updated(tmp_path):
    folder(tmp_path)
    args = ["summary", "{tmp}/2023", "--out", "{tmp}/s.xlsx"]
    assert run(tmp_path, args).exit_code == 0
    wb = openpyxl.load_workbook(tmp_path / "s.xlsx")
    wb["汇总"]["A1"] = "我加的批注"
    wb.save(tmp_path / "s.xlsx")
    changed = (tmp_path / "s.xlsx").read_bytes()
    result = run(tmp_path, args)
    assert result.exit_code == 0, result.output
    kept = tmp_path / "s（修改过的版本）.xlsx"
    assert kept.read_bytes() == changed
    assert f"修改过的版本已另存为 {kept}" in result.output
    assert "修改过的版本" not in run(tmp_path, args).output  # as xlgen wrote it: just updated


@pytest.mark.parametrize("force", [False, True])
def test_a_departments_workbook_is_never_overwritten(tmp_path: Path, force: bool) -> None:
    """--out naming a workbook to summarise (a slip of the Tab key: 2023/某局.xlsx): refused,
    with --force too, which is for a 汇总 of one's own; the department's file is untouched."""
    folder(tmp_path)
    write_book(tmp_path / "2023" / "乙局.xlsx", {"部门信息": dept("乙局"), "预算": BUDGET_OK})
    source = tmp_path / "2023" / "某局.xlsx"
    before = source.read_bytes()
    args = ["summary", "{tmp}/2023", "--out", "{tmp}/2023/某局"] + (["--force"] if force else [])
    result = run(tmp_path, args)
    assert result.exit_code == 2, result.output
    assert f"--out {source} 是部门报送的输入工作簿" in result.output
    assert "加 --force 也不行" in result.output and "Traceback" not in result.output
    assert source.read_bytes() == before
    assert sorted(p.name for p in source.parent.iterdir()) == ["乙局.xlsx", "某局.xlsx"]


def test_an_out_folder_is_answered_with_a_file_name_to_write(tmp_path: Path) -> None:
    """--out 报表 (a folder): the message says which name to write there, nothing is made."""
    folder(tmp_path)
    (tmp_path / "报表").mkdir()
    result = run(tmp_path, ["summary", "{tmp}/2023", "--out", "{tmp}/报表"])
    assert result.exit_code == 2, result.output
    assert f"--out {tmp_path / '报表'} 是文件夹，请写汇总表的文件名" in result.output
    assert f"如 --out {tmp_path / '报表' / '汇总.xlsx'}" in result.output
    assert list((tmp_path / "报表").iterdir()) == []
