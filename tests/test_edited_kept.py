"""A document the clerk changed after xlgen wrote it (a sentence added in Word, a word fixed in
Excel) is kept beside the new one when a rebuild replaces it: never lost unseen."""

from __future__ import annotations

import datetime as dt
import os
import shutil
from pathlib import Path

import docx
import openpyxl
import pytest
from click.testing import CliRunner

from xlgen.cli import main
from xlgen.workbook import changed_since_xlgen

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "inputs" / "示例"
DEPT = "示例区政务服务数据管理局"
FORM = f"2023年{DEPT}部门整体预算绩效目标申报表.xlsx"
REPORT = f"2023年{DEPT}部门整体支出绩效自评报告.docx"


@pytest.fixture()
def built(tmp_path, monkeypatch):
    monkeypatch.setenv("XLGEN_TEMPLATES", str(ROOT / "templates"))
    shutil.copytree(SAMPLE, tmp_path / "in")
    assert build(tmp_path).exit_code == 0
    return tmp_path / "out" / DEPT


def build(tmp: Path):
    return CliRunner().invoke(main, ["build", str(tmp / "in"), "--out", str(tmp / "out"),
                                     "-j", "1"])


def edit_in_excel(path: Path) -> None:
    wb = openpyxl.load_workbook(path)
    wb.active["A1"] = "我改过的标题"
    wb.save(path)  # openpyxl stamps the time of saving, as Excel does


def edit_in_word(path: Path) -> None:
    document = docx.Document(str(path))
    document.add_paragraph("我加的一段话。")
    document.core_properties.last_modified_by = "张三"
    document.core_properties.modified = dt.datetime(2024, 3, 1, 9, 30)
    document.save(str(path))


def own_file(path: Path) -> None:
    path.write_bytes(b"not a workbook of xlgen's")


@pytest.mark.parametrize(("name", "edit"), [
    (FORM, edit_in_excel), (REPORT, edit_in_word), (FORM, own_file)])
def test_a_changed_document_is_kept_beside_the_rebuilt_one(built, name, edit):
    target = built / name
    assert not changed_since_xlgen(target)
    edit(target)
    changed = target.read_bytes()
    assert changed_since_xlgen(target)

    result = build(built.parent.parent)  # the input unchanged: the document is made again
    assert result.exit_code == 0, result.output
    kept = target.with_name(f"{target.stem}（修改过的版本）{target.suffix}")
    assert kept.read_bytes() == changed
    assert not changed_since_xlgen(target)  # xlgen's own again
    assert "[edited-kept]" in result.output and f"已另存为“{kept.name}”" in result.output

    again = build(built.parent.parent)  # nothing changed since: nothing more kept
    assert "[edited-kept]" not in again.output
    assert sorted(p.name for p in built.glob("*修改过的版本*")) == [kept.name]


def test_a_dry_run_says_what_would_be_kept_and_keeps_nothing(built):
    target = built / REPORT
    edit_in_word(target)
    changed = target.read_bytes()
    result = CliRunner().invoke(main, ["build", str(built.parent.parent / "in"), "--out",
                                       str(built.parent.parent / "out"), "--dry-run"])
    assert result.exit_code == 0, result.output
    kept = f"{target.stem}（修改过的版本）.docx"
    assert "[edited-kept]" in result.output, result.output
    assert f"生成时会先把修改过的版本另存为“{kept}”" in result.output
    assert target.read_bytes() == changed and not list(built.glob("*修改过的版本*"))


def test_a_second_edit_is_kept_under_the_next_number(built):
    target = built / FORM
    for _ in range(2):
        edit_in_excel(target)
        assert build(built.parent.parent).exit_code == 0
    assert sorted(p.name for p in built.glob("*修改过的版本*")) == [
        f"{target.stem}（修改过的版本 2）.xlsx", f"{target.stem}（修改过的版本）.xlsx"]


def test_when_the_new_documents_cannot_be_written_no_copy_is_left(built, monkeypatch):
    target = built / FORM
    edit_in_excel(target)
    changed = target.read_bytes()
    real = os.replace

    def busy(src, dst, *rest, **kw):  # the edited document is open in Excel
        if Path(dst) == target:
            raise PermissionError(13, "The process cannot access the file")
        return real(src, dst, *rest, **kw)

    monkeypatch.setattr(os, "replace", busy)
    result = build(built.parent.parent)
    assert result.exit_code == 1 and "[write-failed]" in result.output, result.output
    assert target.read_bytes() == changed  # untouched
    assert not list(built.glob("*修改过的版本*"))  # and not copied for nothing


def test_changed_since_xlgen(tmp_path, built):
    assert not changed_since_xlgen(tmp_path / "无.xlsx")  # no file: nothing to keep
    assert not changed_since_xlgen(built / REPORT)
    blank = tmp_path / "空.xlsx"
    openpyxl.Workbook().save(blank)
    assert changed_since_xlgen(blank)  # not xlgen's


def test_near_excels_path_limit_the_kept_copy_still_opens_in_excel(tmp_path, monkeypatch):
    """On Windows the documents' names are shortened so that each path has at most 218
    characters (Excel opens no longer one); “（修改过的版本）” then made the kept copy of a
    clerk's edits 8 characters longer than Excel opens. Its name is now cut in the middle
    (the year and the document's kind kept), within the limit."""
    from xlgen.output import names

    monkeypatch.setattr(names, "windows_budget", lambda root: (names.WINDOWS_PATH, 0))
    monkeypatch.setenv("XLGEN_TEMPLATES", str(ROOT / "templates"))
    shutil.copytree(SAMPLE, tmp_path / "in")
    room = names.WINDOWS_PATH - 60 - len(str(tmp_path))  # for deep folders of 30 characters
    deep = tmp_path.joinpath(*[("很深的文件夹" * 5)[: min(30, room - i)]
                               for i in range(0, room, 31)])
    out = deep / "out"
    args = ["build", str(tmp_path / "in"), "--out", str(out)]
    assert CliRunner().invoke(main, args).exit_code == 0
    (folder,) = [p for p in out.iterdir() if p.is_dir()]
    form = next(folder.glob("*申报表.xlsx"))
    assert len(str(form)) > names.WINDOWS_PATH - 8  # at the limit: names were shortened
    edit_in_excel(form)
    for _ in range(2):  # the second copy is numbered: longer still
        edit_in_excel(form)
        result = CliRunner().invoke(main, args)
        assert result.exit_code == 0, result.output
    kept = sorted(folder.glob("*修改过的版本*"))
    assert len(kept) == 2
    for copy in kept:
        assert len(str(copy)) <= names.WINDOWS_PATH, copy
        assert copy.name.startswith("2023年")
        assert "部门整体预算绩效目标申报表（修改过的版本" in copy.name
    (second,) = [copy for copy in kept if "版本 2）" in copy.name]
    assert f"修改过的版本已另存为“{second.name}”" in result.output


def test_the_kept_copy_of_a_document_named_to_the_byte_limit_can_be_written(tmp_path):
    """A document's name is fitted to 240 bytes (a template's long output name and a long
    部门名称): “（修改过的版本）” adds 24 more, past the 255 that Linux file systems take."""
    from xlgen.filenames import NAME_BYTES, fit_name
    from xlgen.output.keep import kept_name

    name = fit_name("2023年" + "某某市某某区人力资源和社会保障局" * 6 + "项目支出绩效自评表.xlsx")
    assert len(name.encode()) > NAME_BYTES - 10
    copy = kept_name(tmp_path / name)
    assert len(copy.name.encode()) <= NAME_BYTES
    assert copy.name.startswith("2023年某某市") and copy.name.endswith("（修改过的版本）.xlsx")
    copy.write_bytes(b"kept")  # the file system takes it
