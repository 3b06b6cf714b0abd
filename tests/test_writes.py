"""How outputs reach the disk: all of a workbook's documents or none, the modes of ordinary
files, and the temporary files a killed run leaves behind swept (issues 15 and 18)."""

import errno
import os
import stat
import time
from pathlib import Path

import pytest
from test_build import good, outputs, run
from test_cli import FULL_DEPT
from test_validate import BUDGET_OK, IND_HEAD, PROJ_HEAD, full_indicators
from workbooks import write_book

from xlgen.errors import OutputError
from xlgen.output import atomic
from xlgen.output.atomic import is_temp_name, sweep_stale, write_atomic, write_together

POSIX = pytest.mark.skipif(os.name == "nt", reason="POSIX permission bits")


def leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.rglob("*") if is_temp_name(p.name))


# --- file modes -----------------------------------------------------------------------------

@POSIX
@pytest.mark.parametrize("umask", [0o022, 0o002, 0o077])
def test_new_file_has_the_mode_of_any_new_file(tmp_path, umask):
    old = os.umask(umask)
    try:
        write_atomic(tmp_path / "a.xlsx", b"data")
        write_together([(tmp_path / "b.xlsx", b"1"), (tmp_path / "c.docx", b"2")])
    finally:
        os.umask(old)
    for name in ("a.xlsx", "b.xlsx", "c.docx"):
        assert stat.S_IMODE((tmp_path / name).stat().st_mode) == 0o666 & ~umask, name


@POSIX
@pytest.mark.parametrize("mode", [0o640, 0o664, 0o600, 0o444])
def test_replacing_a_file_keeps_its_mode(tmp_path, mode):
    for together in (False, True):
        target = tmp_path / f"{together}.xlsx"
        target.write_bytes(b"old")
        target.chmod(mode)
        if together:
            write_together([(target, b"new"), (tmp_path / "other.docx", b"x")])
        else:
            write_atomic(target, b"new")
        assert target.read_bytes() == b"new"
        assert stat.S_IMODE(target.stat().st_mode) == mode


@POSIX
def test_build_outputs_are_readable_by_the_office(tmp_path):
    """Issue 15: the documents were 0600 (the temporary file's mode survived the rename)."""
    good(tmp_path / "a.xlsx")
    old = os.umask(0o022)
    try:
        assert run(tmp_path / "a.xlsx", "--out", tmp_path / "out").exit_code == 0
    finally:
        os.umask(old)
    docs = [p for p in (tmp_path / "out").rglob("*") if p.suffix in (".xlsx", ".docx")]
    assert len(docs) == 2
    assert {stat.S_IMODE(p.stat().st_mode) for p in docs} == {0o644}


# --- all or nothing -------------------------------------------------------------------------

def failing_on(monkeypatch, name: str, call: int, error: OSError):
    """Make the ``call``-th call (1-based) of ``os.<name>`` raise ``error``."""
    real = getattr(os, name)
    calls = []

    def flaky(*args, **kwargs):
        calls.append(args)
        if len(calls) == call:
            raise error
        return real(*args, **kwargs)

    monkeypatch.setattr(os, name, flaky)
    return calls


def disk_full():
    return OSError(errno.ENOSPC, "No space left on device")


def open_in_excel():
    return PermissionError(errno.EACCES, "The process cannot access the file")


FILES = ("2023年甲局部门整体预算绩效目标申报表.xlsx", "2023年甲局项目支出绩效目标表.xlsx",
         "2023年甲局部门整体支出绩效自评报告.docx")


@pytest.mark.parametrize(
    ("how", "call", "error", "phrase"),
    [
        ("fsync", 2, disk_full, "磁盘空间不足"),       # writing the 2nd temporary file
        ("fsync", 3, disk_full, "磁盘空间不足"),       # the 3rd
        ("replace", 2, open_in_excel, "正在 Excel/WPS/Word 中打开"),  # 2nd rename: 1st undone
        ("replace", 3, open_in_excel, "正在 Excel/WPS/Word 中打开"),  # 3rd: 1st and 2nd undone
        ("replace", 1, disk_full, "磁盘空间不足"),
    ],
    ids=["temp-2-disk-full", "temp-3-disk-full", "rename-2-open", "rename-3-open",
         "rename-1-other"],
)
def test_a_failed_write_changes_nothing(tmp_path, monkeypatch, how, call, error, phrase):
    folder = tmp_path / "甲局"
    folder.mkdir()
    for name in FILES:
        (folder / name).write_bytes(b"old " + name.encode())
    failing_on(monkeypatch, how, call, error())
    with pytest.raises(OutputError) as caught:
        write_together([(folder / name, b"new " + name.encode()) for name in FILES],
                       "本工作簿的 3 份文书")
    monkeypatch.undo()
    assert phrase in str(caught.value)
    assert "本工作簿的 3 份文书都没有写入，已有的仍是原来的内容" in str(caught.value)
    assert {p.name: p.read_bytes() for p in folder.iterdir()} == {
        name: b"old " + name.encode() for name in FILES}


def test_a_failed_first_write_leaves_no_folder_behind(tmp_path, monkeypatch):
    failing_on(monkeypatch, "fsync", 2, disk_full())
    target = tmp_path / "out" / "2023" / "甲局"
    with pytest.raises(OutputError) as caught:
        write_together([(target / "a.xlsx", b"1"), (target / "b.xlsx", b"2")])
    monkeypatch.undo()
    assert "都没有写入。" in str(caught.value) and "原来的内容" not in str(caught.value)
    assert list(tmp_path.iterdir()) == []


def test_unchanged_files_are_not_touched(tmp_path):
    (tmp_path / "a.xlsx").write_bytes(b"same")
    before = (tmp_path / "a.xlsx").stat().st_mtime_ns
    assert write_together([(tmp_path / "a.xlsx", b"same"), (tmp_path / "b.xlsx", b"new")]) == [
        tmp_path / "b.xlsx"]
    assert (tmp_path / "a.xlsx").stat().st_mtime_ns == before
    assert leftovers(tmp_path) == []


def book(path, goal: str):
    """The test workbook, its goals (in both documents) set to ``goal``."""
    dept = [row if row[0] != "总体绩效目标" else ["总体绩效目标", goal] for row in FULL_DEPT]
    write_book(path, {"部门信息": dept, "预算": BUDGET_OK,
                      "项目": [PROJ_HEAD, ["甲项目", "", 100, "", 20.5, goal]],
                      "项目绩效指标": [IND_HEAD, *full_indicators("甲项目")]})


def test_build_replaces_a_workbooks_documents_together(tmp_path, monkeypatch):
    """Issue 18: with a full disk two .xlsx had the new figures and the .docx the old ones."""
    book(tmp_path / "a.xlsx", "旧目标")
    assert run(tmp_path / "a.xlsx", "--out", tmp_path / "out").exit_code == 0
    before = outputs(tmp_path / "out")
    assert len(before) == 2
    book(tmp_path / "a.xlsx", "新目标")
    failing_on(monkeypatch, "replace", 2, open_in_excel())
    result = run(tmp_path / "a.xlsx", "--out", tmp_path / "out")
    monkeypatch.undo()
    assert result.exit_code == 1, result.output
    assert "write-failed" in result.output
    assert "本工作簿的 2 份文书都没有写入，已有的仍是原来的内容" in result.output
    assert outputs(tmp_path / "out") == before
    assert leftovers(tmp_path / "out") == []
    # Once the file is closed, the next run writes the whole set.
    assert run(tmp_path / "a.xlsx", "--out", tmp_path / "out").exit_code == 0
    after = outputs(tmp_path / "out")
    assert after.keys() == before.keys() and all(after[k] != before[k] for k in after)


# --- temporary files left by a killed run ---------------------------------------------------

@pytest.mark.parametrize(
    ("name", "ours"),
    [
        (".xlgen-0123456789abcdef.tmp", True),
        (".2023年甲局项目支出绩效目标表.xlsx.k3j_a9zq.tmp", True),  # xlgen 0.1 (mkstemp)
        (".2023年甲局部门整体支出绩效自评报告.docx.a1b2c3d4.tmp", True),
        (".xlgen-build.json.zz_9a8b7.tmp", True),
        ("2023年甲局项目支出绩效目标表.xlsx", False),
        ("~$2023年甲局项目支出绩效目标表.xlsx", False),  # Excel's lock file: the clerk's
        (".xlgen-0123456789ABCDEF.tmp", False),
        (".xlgen-0123.tmp", False),
        ("我的草稿.tmp", False),
        (".备份.xlsx.tmp", False),
        (".notes.txt.abcdefgh.tmp", False),
        (".xlgen-build.json", False),
    ],
)
def test_only_xlgens_own_temporary_names(name, ours):
    assert is_temp_name(name) is ours


def test_sweep_removes_only_old_temporary_files_of_xlgen(tmp_path):
    now = time.time()
    names = {".xlgen-0123456789abcdef.tmp": True, ".xlgen-fedcba9876543210.tmp": False,
             ".甲局项目表.xlsx.abcd_123.tmp": True, "我的草稿.tmp": False,
             "2023年甲局项目支出绩效目标表.xlsx": False}
    for name, old in names.items():
        path = tmp_path / name
        path.write_bytes(b"x")
        age = 2 * 3600 if old or not name.startswith(".xlgen-f") else 60
        if name in ("我的草稿.tmp", "2023年甲局项目支出绩效目标表.xlsx"):
            age = 30 * 86400  # a clerk's old files are never touched
        os.utime(path, (now - age, now - age))
    (tmp_path / ".xlgen-aaaaaaaaaaaaaaaa.tmp").mkdir()  # a folder of that name: not a file
    removed = sweep_stale(tmp_path, now=now)
    assert sorted(p.name for p in removed) == sorted(n for n, old in names.items() if old)
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(
        [n for n, old in names.items() if not old] + [".xlgen-aaaaaaaaaaaaaaaa.tmp"])


def test_a_build_sweeps_what_a_killed_run_left(tmp_path, monkeypatch):
    good(tmp_path / "a.xlsx")
    assert run(tmp_path / "a.xlsx", "--out", tmp_path / "out").exit_code == 0
    [folder] = {p.parent for p in (tmp_path / "out").rglob("*.xlsx")}
    stale = folder / ".xlgen-00000000deadbeef.tmp"
    fresh = folder / ".xlgen-11111111deadbeef.tmp"  # another run, writing right now
    for path, age in ((stale, 7200), (fresh, 5)):
        path.write_bytes(b"half a document")
        os.utime(path, (time.time() - age, time.time() - age))
    monkeypatch.setattr(atomic, "_swept", set())  # as a new run starts
    good(tmp_path / "a.xlsx", "测试局")
    (next(folder.glob("*.xlsx"))).write_bytes(b"edited by hand")  # so the build writes here
    assert run(tmp_path / "a.xlsx", "--out", tmp_path / "out").exit_code == 0
    assert not stale.exists() and fresh.exists()
