"""A clerk's Windows PC, simulated on any system.

Files open there: Excel, WPS and Word keep a document they show open, so replacing it fails
with PermissionError (winerror 32, a sharing violation); some programs let no other even read
it; a virus scanner holds a file just written for a moment. Each time the message names the
file and says to close it, nothing is lost, and the other workbooks build. And LibreOffice's
processes, which Windows does not stop together."""

from __future__ import annotations

import errno
import os
from pathlib import Path

import pytest
from click.testing import CliRunner
from test_build import good, outputs, run
from test_writes import failing_on, leftovers

from xlgen.cli import main
from xlgen.errors import OutputError
from xlgen.output import atomic, winhide
from xlgen.output.atomic import write_atomic, write_together


def in_use() -> PermissionError:
    """What Windows raises for a file another program has open (errno 13, winerror 32)."""
    error = PermissionError(errno.EACCES, "另一个程序正在使用此文件，进程无法访问。")
    error.winerror = 32  # type: ignore[attr-defined]  # ERROR_SHARING_VIOLATION
    return error


def locked_against_reading(monkeypatch: pytest.MonkeyPatch, name: str) -> None:
    """The file called ``name`` cannot be read (open in a program that shares nothing)."""
    real = Path.read_bytes

    def read_bytes(self: Path) -> bytes:
        if self.name == name:
            raise in_use()
        return real(self)

    monkeypatch.setattr(Path, "read_bytes", read_bytes)


@pytest.fixture
def retries(monkeypatch: pytest.MonkeyPatch) -> None:
    """Renames tried again as on Windows (without the pauses)."""
    monkeypatch.setattr(atomic, "_RENAME_RETRIES", (0, 0, 0))


@pytest.mark.usefixtures("retries")
def test_a_rename_a_virus_scanner_holds_up_for_a_moment_is_tried_again(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "a.xlsx").write_bytes(b"old")
    calls = failing_on(monkeypatch, "replace", 1, in_use())
    assert write_atomic(tmp_path / "a.xlsx", b"new")
    assert len(calls) == 2 and (tmp_path / "a.xlsx").read_bytes() == b"new"
    assert leftovers(tmp_path) == []


@pytest.mark.usefixtures("retries")
def test_a_file_open_all_along_fails_after_the_retries_and_changes_nothing(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "a.xlsx").write_bytes(b"old")
    tries = []

    def replace(*args: object) -> None:
        tries.append(args)
        raise in_use()

    monkeypatch.setattr(os, "replace", replace)
    with pytest.raises(OutputError) as caught:
        write_atomic(tmp_path / "a.xlsx", b"new")
    monkeypatch.undo()
    assert len(tries) == 4
    assert str(caught.value) == (f"无法覆盖 {tmp_path / 'a.xlsx'}：文件可能正在 Excel/WPS/Word 中"
                                 "打开，或没有写入权限。原文件没有改动。请关闭该文件后重新运行。")
    assert (tmp_path / "a.xlsx").read_bytes() == b"old" and leftovers(tmp_path) == []


@pytest.mark.parametrize(("name", "program"), [
    ("2023年甲局部门整体支出绩效自评报告.pdf", " PDF 阅读器或浏览器"),
    ("甲局.zip", "压缩软件"),
    ("2023年甲局项目支出绩效目标表.xlsx", " Excel/WPS/Word "),
])
def test_the_message_names_the_program_the_file_is_open_in(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, name: str, program: str) -> None:
    (tmp_path / name).write_bytes(b"old")
    failing_on(monkeypatch, "replace", 1, in_use())
    with pytest.raises(OutputError) as caught:
        write_atomic(tmp_path / name, b"new")
    assert f"文件可能正在{program}中打开" in str(caught.value)
    assert str(caught.value).endswith("请关闭该文件后重新运行。")


def test_a_file_no_other_program_may_read_is_named_with_what_to_do(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Copying the old files aside (to put them back on failure) reads them: a document that
    cannot be read stops the set before anything changed, and the clerk is told to close it."""
    for name in ("a.xlsx", "b.docx"):
        (tmp_path / name).write_bytes(b"old")
    real = open

    def locked_open(path: object, *args: object, **kwargs: object):  # type: ignore[no-untyped-def]
        if Path(str(path)).name == "b.docx":
            raise in_use()
        return real(path, *args, **kwargs)  # type: ignore[call-overload]

    monkeypatch.setattr(atomic, "open", locked_open, raising=False)
    with pytest.raises(OutputError) as caught:
        write_together([(tmp_path / "a.xlsx", b"new"), (tmp_path / "b.docx", b"new")],
                       "本工作簿的 2 份文书")
    assert str(caught.value) == (
        f"无法写入 {tmp_path / 'b.docx'}：文件正在被其他程序使用（如在 Excel/WPS/Word 中打开）。"
        "本工作簿的 2 份文书都没有写入，已有的仍是原来的内容。请关闭该文件后重新运行。")
    assert {p.name: p.read_bytes() for p in tmp_path.iterdir()} == {
        "a.xlsx": b"old", "b.docx": b"old"}


def test_a_document_that_cannot_be_read_is_not_said_to_be_edited(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A rebuild reads each old document to keep a clerk's edits: one open in a program
    that lets nothing read it is named, the clerk told to close it, and the other workbook
    builds. (It used to be called edited since the last build, which nobody had done.)"""
    monkeypatch.setenv("XLGEN_TEMPLATES", str(Path(__file__).parent.parent / "templates"))
    inputs, out = tmp_path / "inputs", tmp_path / "out"
    inputs.mkdir()
    good(inputs / "甲.xlsx", "甲局")
    good(inputs / "乙.xlsx", "乙局")
    assert run(inputs, "--out", out).exit_code == 0
    before = outputs(out)
    (out / ".xlgen-build.json").unlink()  # built again
    locked_against_reading(monkeypatch, "2023年甲局项目支出绩效目标表.xlsx")
    result = run(inputs, "--out", out)
    monkeypatch.undo()
    assert result.exit_code == 1, result.output
    locked = out / "甲局" / "2023年甲局项目支出绩效目标表.xlsx"
    assert (f"无法读取 {locked}（文件正在被其他程序使用（如在 Excel/WPS/Word 中打开）），"
            "不能确认其中有没有在上次生成后修改过的内容；为了不丢失修改，没有重新生成。"
            "请关闭该文件后重新运行。") in result.output
    assert "修改过的版本" not in result.output
    assert outputs(out) == before and leftovers(out) == []
    assert "共 2 个工作簿，1 个成功，0 个有错误，1 个无法写入输出文件夹。" in result.output


def test_a_summary_open_in_excel_is_named_and_kept(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    good(tmp_path / "甲.xlsx", "甲局")
    assert CliRunner().invoke(main, ["summary", "甲.xlsx"]).exit_code == 0
    before = (tmp_path / "汇总.xlsx").read_bytes()
    good(tmp_path / "乙.xlsx", "乙局")
    failing_on(monkeypatch, "replace", 1, in_use())
    result = CliRunner().invoke(main, ["summary", "甲.xlsx", "乙.xlsx"])
    monkeypatch.undo()
    assert result.exit_code == 1
    assert ("错误：无法覆盖 汇总.xlsx：文件可能正在 Excel/WPS/Word 中打开，或没有写入权限。"
            "原文件没有改动。请关闭该文件后重新运行。") in result.output
    assert (tmp_path / "汇总.xlsx").read_bytes() == before and leftovers(tmp_path) == []


def test_an_input_workbook_open_in_a_program_that_shares_nothing_says_to_close_it(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    good(tmp_path / "甲.xlsx", "甲局")
    good(tmp_path / "乙.xlsx", "乙局")
    real = Path.open

    def locked_open(self: Path, *args: object, **kwargs: object):  # type: ignore[no-untyped-def]
        if self.name == "甲.xlsx":
            raise in_use()
        return real(self, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(Path, "open", locked_open)
    result = CliRunner().invoke(main, ["validate", str(tmp_path)])
    monkeypatch.undo()
    assert result.exit_code == 1, result.output
    assert ("甲.xlsx：文件正在被其他程序使用（如在 Excel/WPS 中打开），无法读取。"
            "请在 Excel/WPS 中保存并关闭它后重新运行。") in result.output
    assert "乙.xlsx：没有发现问题" in result.output or "乙.xlsx：0 个错误" in result.output


# --- paths longer than Windows takes ---------------------------------------------------------

@pytest.mark.parametrize("how", ["winerror-206", "not-found-that-long"])
def test_a_path_too_long_for_windows_is_called_too_long_not_missing(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, how: str) -> None:
    """Without long paths enabled, Windows refuses a path of 260 characters or more as
    ERROR_FILENAME_EXCED_RANGE or ERROR_PATH_NOT_FOUND; Python calls both ENOENT, which the
    message used to give as "找不到路径中的文件夹" for a folder that was there."""
    monkeypatch.setattr(atomic, "_WINDOWS", True)
    deep = tmp_path.joinpath(*["很深的文件夹" * 8] * 6)  # 288 characters: Linux takes it
    error = FileNotFoundError(errno.ENOENT, "系统找不到指定的路径。")
    if how == "winerror-206":
        error.winerror = 206  # type: ignore[attr-defined]
    failing_on(monkeypatch, "replace", 1, error)
    with pytest.raises(OutputError) as caught:
        write_atomic(deep / "汇总.xlsx", b"new")
    assert "路径太长（Windows 只接受 259 个字符以内的路径），请把输出放在较短的路径下" in str(
        caught.value)
    assert "找不到" not in str(caught.value)


def test_a_short_path_not_found_is_still_not_found(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(atomic, "_WINDOWS", True)
    failing_on(monkeypatch, "replace", 1, FileNotFoundError(errno.ENOENT, "not found"))
    with pytest.raises(OutputError) as caught:
        write_atomic(tmp_path / "汇总.xlsx", b"new")
    assert "找不到路径中的文件夹" in str(caught.value)


def test_a_windows_path_in_a_toml_string_says_how_to_write_the_backslash() -> None:
    import tomllib

    from xlgen.textfile import toml_message

    with pytest.raises(tomllib.TOMLDecodeError) as caught:
        tomllib.loads('templates = "D:\\绩效\\模板"\n')
    assert toml_message(caught.value) == (
        "第 1 行：双引号中的反斜杠 \\ 要写两个（\\\\）；Windows 的路径可以改用单引号"
        "括起来（如 'D:\\绩效\\模板'），或把 \\ 改为 /")


def test_exporting_over_a_template_open_in_excel_names_it(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """``templates export --force`` over a copy a maintainer has open: the file is named and
    the maintainer told to close it (it used to say "无法复制到 我的模板：None")."""
    import builtins
    import shutil

    dest = tmp_path / "我的模板"
    assert CliRunner().invoke(main, ["templates", "export", str(dest)]).exit_code == 0
    locked = dest / "项目支出绩效自评表.xlsx"

    def locked_open(path: object, *args: object, **kwargs: object):  # type: ignore[no-untyped-def]
        if Path(str(path)) == locked and args and "w" in str(args[0]):
            raise in_use()
        return builtins.open(path, *args, **kwargs)  # type: ignore[call-overload]

    monkeypatch.setattr(shutil, "open", locked_open, raising=False)
    result = CliRunner().invoke(main, ["templates", "export", str(dest), "--force"])
    monkeypatch.undo()
    assert result.exit_code == 1
    assert (f"无法覆盖 {locked}：文件可能正在 Excel/WPS/Word 中打开，或没有写入权限。"
            "其他模板已复制。请关闭该文件后重新运行。") in result.output
    assert "None" not in result.output


def test_the_systems_own_words_do_not_end_in_two_full_stops(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A Chinese Windows ends its error texts with "。"; xlgen's sentence adds its own."""
    from xlgen.errors import XlgenError
    from xlgen.textfile import read_toml

    (tmp_path / "xlgen.toml").write_text("error = []\n", encoding="utf-8")
    locked_against_reading(monkeypatch, "xlgen.toml")
    with pytest.raises(XlgenError) as caught:
        read_toml(tmp_path / "xlgen.toml", "配置文件")
    assert str(caught.value) == (f"无法读取配置文件 {tmp_path / 'xlgen.toml'}："
                                 "另一个程序正在使用此文件，进程无法访问。")


# --- xlgen's own files hidden in Explorer ----------------------------------------------------

class FakeKernel32:
    """kernel32's file attributes, kept in a dict (path → attributes)."""

    def __init__(self, attributes: dict[str, int], refuse: bool = False):
        self.attributes, self.refuse = attributes, refuse

    def GetFileAttributesW(self, name: str) -> int:  # noqa: N802 (Windows' name)
        return self.attributes.get(name, winhide.INVALID_FILE_ATTRIBUTES)

    def SetFileAttributesW(self, name: str, value: int) -> int:  # noqa: N802
        if self.refuse:
            return 0
        self.attributes[name] = value
        return 1


def test_hiding_keeps_the_other_attributes_and_never_raises(tmp_path: Path) -> None:
    name = str(tmp_path / ".xlgen-build.json")
    archive = 0x20
    kernel32 = FakeKernel32({name: archive})
    assert winhide.hide(Path(name), kernel32) is True
    assert kernel32.attributes[name] == archive | winhide.FILE_ATTRIBUTE_HIDDEN
    assert winhide.hide(tmp_path / "gone.json", kernel32) is False  # no such file
    assert winhide.hide(Path(name), FakeKernel32({name: 0}, refuse=True)) is False
    assert winhide.hide(Path(name)) is False  # no kernel32 here (Linux): ignored, no error


@pytest.fixture
def hidden(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Windows, where each file xlgen hides is noted (its name) instead."""
    names: list[str] = []
    monkeypatch.setattr(atomic, "_WINDOWS", True)
    monkeypatch.setattr(winhide, "hide", lambda path: names.append(Path(path).name) or True)
    return names


def test_the_build_record_is_hidden_on_windows_and_no_document_is(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, hidden: list[str]) -> None:
    """Explorer shows a dot file: a clerk saw .xlgen-build.json beside the documents and
    emailed or deleted it. It is now hidden each time it is written (a rename gives it the
    attributes of its temporary file), and when an earlier version left it visible."""
    monkeypatch.setenv("XLGEN_TEMPLATES", str(Path(__file__).parent.parent / "templates"))
    inputs, out = tmp_path / "inputs", tmp_path / "out"
    inputs.mkdir()
    good(inputs / "甲.xlsx", "甲局")
    assert run(inputs, "--out", out).exit_code == 0
    assert hidden == [".xlgen-build.json"]
    hidden.clear()
    assert run(inputs, "--out", out).exit_code == 0  # unchanged: the record is as it was
    assert hidden == [".xlgen-build.json"]


@pytest.mark.parametrize("name", [".xlgen-build.json", ".xlgen-pdf.json"])
def test_each_of_xlgens_own_files_is_hidden_after_it_is_written(
        tmp_path: Path, hidden: list[str], name: str) -> None:
    write_together([(tmp_path / name, b"{}"), (tmp_path / "甲局.xlsx", b"doc")])
    assert hidden == [name]


def test_nothing_is_hidden_elsewhere_than_windows(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, hidden: list[str]) -> None:
    monkeypatch.setattr(atomic, "_WINDOWS", False)
    write_atomic(tmp_path / ".xlgen-build.json", b"{}")
    assert hidden == []


def test_a_read_only_document_is_said_read_only_not_open(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Windows will not replace a file with the read-only attribute (documents copied from
    a shared drive keep it): the message said it was perhaps open in Excel, and the clerk
    closed Excel, ran again and got the same. It now says it is read-only and how to clear
    it; the other files of the set are untouched."""
    monkeypatch.setattr(atomic, "_WINDOWS", True)
    for name in ("a.xlsx", "b.docx"):
        (tmp_path / name).write_bytes(b"old")
    (tmp_path / "b.docx").chmod(0o444)  # how Python shows the attribute on Windows
    real = os.replace

    def replace(src: object, dst: object) -> None:
        if Path(str(dst)).name == "b.docx":
            raise PermissionError(errno.EACCES, "拒绝访问。")
        real(src, dst)  # type: ignore[arg-type]

    monkeypatch.setattr(os, "replace", replace)
    try:
        with pytest.raises(OutputError) as caught:
            write_together([(tmp_path / "a.xlsx", b"new"), (tmp_path / "b.docx", b"new")],
                           "本工作簿的 2 份文书")
    finally:
        (tmp_path / "b.docx").chmod(0o644)
    assert str(caught.value) == (
        f"无法覆盖 {tmp_path / 'b.docx'}：它是只读文件。本工作簿的 2 份文书都没有写入，已有的"
        "仍是原来的内容。请在资源管理器中右键点它，选“属性”，取消勾选“只读”后重新运行。")
    assert (tmp_path / "a.xlsx").read_bytes() == b"old" and leftovers(tmp_path) == []


def test_a_document_open_in_excel_is_still_said_open(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(atomic, "_WINDOWS", True)
    (tmp_path / "a.xlsx").write_bytes(b"old")
    failing_on(monkeypatch, "replace", 1, in_use())
    with pytest.raises(OutputError) as caught:
        write_atomic(tmp_path / "a.xlsx", b"new")
    assert "只读" not in str(caught.value) and "正在 Excel/WPS/Word 中打开" in str(caught.value)
