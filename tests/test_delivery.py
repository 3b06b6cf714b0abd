"""Delivering the year: PDFs through LibreOffice, one zip per department, the bureau's 汇总.

The converter's behaviour (parallel, skip when unchanged, failures, hangs, atomic writes) is
tested against a stand-in ``soffice`` script, so it needs no LibreOffice; the real conversion
of the samples is marked ``libreoffice``.
"""

from __future__ import annotations

import io
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import threading
import time
import zipfile
from pathlib import Path

import openpyxl
import pytest
from printing import lines_starting_with_punctuation, read_pdf

from xlgen.api import build_all, find_workbooks
from xlgen.output import (
    DeliveryOptions,
    PdfConverter,
    deliver,
    find_soffice,
    summarise,
    summary_bytes,
    write_summary,
)
from xlgen.output.pdf import RECORD

ROOT = Path(__file__).resolve().parent.parent
INPUTS = ROOT / "inputs"
GOLDEN = Path(__file__).resolve().parent / "golden" / "summary.json"
UPDATE = os.environ.get("XLGEN_UPDATE_GOLDEN") == "1"

FAKE_SOFFICE = r'''#!{python}
"""Stand-in for LibreOffice: ``--convert-to pdf --outdir DIR FILE`` writes DIR/<stem>.pdf."""
import os, sys, time
from pathlib import Path
args = sys.argv[1:]
out = Path(args[args.index("--outdir") + 1])
src = Path(args[-1])
assert any(a.startswith("-env:UserInstallation=file:") for a in args), args
log = os.environ.get("FAKE_SOFFICE_LOG")
if log:
    with open(log, "a", encoding="utf-8") as fh:
        fh.write(src.name + "\n")
if "hang" in src.name:
    import tempfile  # as LibreOffice: its lu*.tmp folder, removed only when it ends well
    Path(tempfile.mkdtemp(prefix="lu", suffix=".tmp"), "started").write_text("")
    time.sleep(60)
if "fail" in src.name:
    sys.stderr.write("Error: source file could not be loaded\n")
    sys.exit(1)
if "crash" in src.name:
    import signal
    os.kill(os.getpid(), signal.SIGSEGV)
if "halfway" in src.name:
    (out / (src.stem + ".pdf")).write_bytes(b"%PDF-1.4 cut short")
elif "silent" not in src.name:
    pdf = b"%PDF-1.4 fake of " + src.read_bytes() + b"\n%%EOF\n"
    (out / (src.stem + ".pdf")).write_bytes(pdf)
'''


def fake_pdf(document: bytes) -> bytes:
    """What the stand-in prints for a document holding ``document``."""
    return b"%PDF-1.4 fake of " + document + b"\n%%EOF\n"


@pytest.fixture
def fake_soffice(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    path = tmp_path / "bin" / "soffice"
    path.parent.mkdir()
    path.write_text(FAKE_SOFFICE.format(python=sys.executable), "utf-8")
    path.chmod(0o755)
    monkeypatch.setenv("FAKE_SOFFICE_LOG", str(tmp_path / "calls.log"))
    return path


def calls(tmp_path: Path) -> list[str]:
    log = tmp_path / "calls.log"
    return sorted(log.read_text("utf-8").split()) if log.exists() else []


def docs(folder: Path, *names: str) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    out = []
    for name in names:
        (folder / name).write_bytes(name.encode())
        out.append(folder / name)
    return out


# --- finding LibreOffice ----------------------------------------------------------------

def test_find_soffice_explicit_path_wins_and_a_wrong_one_is_not_replaced(tmp_path, fake_soffice):
    assert find_soffice(fake_soffice) == fake_soffice
    assert find_soffice(tmp_path / "nope" / "soffice.exe") is None


def test_find_soffice_env_then_path(tmp_path, fake_soffice, monkeypatch):
    monkeypatch.setenv("XLGEN_SOFFICE", str(fake_soffice))
    assert find_soffice() == fake_soffice
    monkeypatch.delenv("XLGEN_SOFFICE")
    monkeypatch.setenv("PATH", str(fake_soffice.parent))
    assert find_soffice() == fake_soffice


@pytest.mark.skipif(sys.platform == "win32", reason="the stand-in is named soffice, not .exe")
def test_find_soffice_in_a_folder_copied_from_the_address_bar(tmp_path, fake_soffice):
    """A clerk pastes the folder (…\\LibreOffice\\program, or …\\LibreOffice itself), not
    the program: the soffice in it is used."""
    install = tmp_path / "LibreOffice"
    (install / "program").mkdir(parents=True)
    shutil.copy2(fake_soffice, install / "program" / "soffice")
    assert find_soffice(install / "program") == install / "program" / "soffice"
    assert find_soffice(install) == install / "program" / "soffice"
    assert find_soffice(tmp_path / "empty") is None


def test_a_wrong_xlgen_soffice_is_named_in_the_message(tmp_path, monkeypatch):
    """Not “install LibreOffice” when IT set XLGEN_SOFFICE to a wrong path."""
    from xlgen.output import missing_soffice_message

    monkeypatch.setenv("XLGEN_SOFFICE", str(tmp_path / "无" / "soffice.exe"))
    assert find_soffice() is None
    message = missing_soffice_message()
    assert message.startswith("找不到环境变量 XLGEN_SOFFICE 指定的 LibreOffice 程序：")
    assert "请安装" not in message


# --- the converter ------------------------------------------------------------------------

def test_converts_in_parallel_and_skips_unchanged_documents(tmp_path, fake_soffice):
    a, b, c = docs(tmp_path / "out" / "甲局", "申报表.xlsx", "目标表.xlsx", "报告.docx")
    with PdfConverter(fake_soffice, workers=2) as converter:
        first = converter.convert_all([a, b, c])
        assert [r.converted for r in first] == [True, True, True]
        assert a.with_suffix(".pdf").read_bytes() == fake_pdf(a.read_bytes())
        assert sorted(calls(tmp_path)) == sorted([a.name, b.name, c.name])
        record = json.loads((a.parent / RECORD).read_text("utf-8"))
        assert set(record) == {a.name, b.name, c.name}

        again = converter.convert_all([a, b, c])
        assert [(r.converted, r.error) for r in again] == [(False, "")] * 3
        assert len(calls(tmp_path)) == 3  # nothing reconverted

        b.write_bytes(b"changed")
        third = converter.convert_all([a, b, c])
        assert [r.converted for r in third] == [False, True, False]
        assert b.with_suffix(".pdf").read_bytes() == fake_pdf(b"changed")


def test_a_stopped_conversion_remembers_the_pdfs_it_made(tmp_path, fake_soffice, monkeypatch):
    """Ctrl+C while the second PDF is made: the first is recorded, so the rerun skips it."""
    a, b, c = docs(tmp_path / "out" / "甲局", "申报表.xlsx", "目标表.xlsx", "报告.docx")
    real = PdfConverter.convert

    def stopped_at_b(self, source, target):
        if source == b:
            raise KeyboardInterrupt
        return real(self, source, target)

    with PdfConverter(fake_soffice, workers=1) as converter:
        monkeypatch.setattr(PdfConverter, "convert", stopped_at_b)
        with pytest.raises(KeyboardInterrupt):
            converter.convert_all([a, b, c])
        monkeypatch.setattr(PdfConverter, "convert", real)
        again = converter.convert_all([a, b, c])
    assert [r.converted for r in again] == [False, True, True]


def test_a_deleted_pdf_is_made_again(tmp_path, fake_soffice):
    (a,) = docs(tmp_path, "表.xlsx")
    with PdfConverter(fake_soffice) as converter:
        converter.convert_all([a])
        a.with_suffix(".pdf").unlink()
        assert converter.convert_all([a])[0].converted


@pytest.mark.parametrize(("name", "reason"), [
    ("fail.xlsx", "LibreOffice 退出码 1：Error: source file could not be loaded"),
    ("silent.xlsx", "LibreOffice 没有输出 PDF"),
])
def test_a_failed_conversion_names_the_document_and_keeps_the_old_pdf(
        tmp_path, fake_soffice, name, reason):
    (doc,) = docs(tmp_path, name)
    old = doc.with_suffix(".pdf")
    old.write_bytes(b"previous good pdf")
    with PdfConverter(fake_soffice) as converter:
        (result,) = converter.convert_all([doc], force=True)
    assert not result.ok
    assert result.error == (f"“{name}”转换为 PDF 失败（{reason}）。"
                            "Excel/Word 文书已生成，可手工打开后另存为 PDF。")
    assert old.read_bytes() == b"previous good pdf"


def test_a_hanging_conversion_is_stopped_and_the_others_still_run(tmp_path, fake_soffice):
    hang, ok = docs(tmp_path, "hang.xlsx", "ok.xlsx")
    with PdfConverter(fake_soffice, workers=2, timeout=2) as converter:
        results = converter.convert_all([hang, ok])
    assert "超过 2 秒仍未完成，已停止" in results[0].error
    assert "可加 --pdf-timeout 900 重新运行" in results[0].error  # what a slow PC can do
    assert results[1].converted and ok.with_suffix(".pdf").is_file()
    assert not hang.with_suffix(".pdf").exists()


def test_closing_stops_a_running_conversion_and_leaves_no_profile(tmp_path, fake_soffice):
    """A second Ctrl+C leaves a conversion running while the converter closes: close kills
    it, so nothing writes into the removed profile folder afterwards."""
    (hang,) = docs(tmp_path, "hang.xlsx")
    converter = PdfConverter(fake_soffice, workers=1, timeout=60)
    home = converter._home
    results: list = []
    thread = threading.Thread(target=lambda: results.append(converter.convert(
        hang, hang.with_suffix(".pdf"))))
    thread.start()
    deadline = time.monotonic() + 10
    while not converter._running and time.monotonic() < deadline:
        time.sleep(0.01)
    started = time.monotonic()
    converter.close()
    thread.join(10)
    assert not thread.is_alive() and time.monotonic() - started < 5
    assert not home.exists() and not results[0].converted
    assert "（已中止）" in results[0].error  # not "exit code -9": it was stopped, not broken


def test_a_killed_conversion_leaves_no_temporary_files_of_libreoffice(tmp_path, fake_soffice,
                                                                      monkeypatch):
    """Ctrl+C (or a time limit) kills LibreOffice, which then cannot remove its lu*.tmp
    folder: one was left in the system's temporary folder each time. Now LibreOffice keeps
    its temporary files in the converter's own folder, removed when it closes."""
    system_temp = tmp_path / "system-temp"
    system_temp.mkdir()
    monkeypatch.setenv("TMPDIR", str(system_temp))
    (hang,) = docs(tmp_path / "out", "hang.xlsx")
    converter = PdfConverter(fake_soffice, workers=1, timeout=600)
    thread = threading.Thread(target=lambda: converter.convert(hang, hang.with_suffix(".pdf")))
    thread.start()
    deadline = time.monotonic() + 60
    while not list(converter._home.rglob("started")) and not list(system_temp.rglob("started")):
        assert time.monotonic() < deadline, "LibreOffice never started"
        time.sleep(0.01)
    converter.close()
    thread.join(30)
    assert not thread.is_alive()
    assert list(system_temp.iterdir()) == [] and not converter._home.exists()


def test_no_temporary_files_are_left_beside_the_documents(tmp_path, fake_soffice):
    folder = tmp_path / "out"
    made = docs(folder, "a.xlsx", "fail.xlsx")
    with PdfConverter(fake_soffice) as converter:
        converter.convert_all(made)
    assert sorted(p.name for p in folder.iterdir()) == [RECORD, "a.pdf", "a.xlsx", "fail.xlsx"]


@pytest.mark.skipif(not hasattr(signal, "pthread_kill"), reason="Ctrl+C is sent as on POSIX")
def test_ctrl_c_stops_libreoffice_at_once_and_keeps_no_pdf(tmp_path, fake_soffice):
    """Ctrl+C while LibreOffice prints: the clerk does not wait for it to finish (or for its
    time limit when it hangs); the process is killed and writes no PDF afterwards."""
    hang, later = docs(tmp_path, "hang.xlsx", "later.xlsx")
    converter = PdfConverter(fake_soffice, workers=1, timeout=600)

    def press_ctrl_c() -> None:
        while not converter._running:
            time.sleep(0.01)
        signal.pthread_kill(threading.main_thread().ident, signal.SIGINT)  # Ctrl+C

    threading.Thread(target=press_ctrl_c, daemon=True).start()
    with converter, pytest.raises(KeyboardInterrupt):
        converter.convert_all([hang, later])
    assert not converter._running
    assert not hang.with_suffix(".pdf").exists() and not later.with_suffix(".pdf").exists()
    assert "later.xlsx" not in calls(tmp_path)  # the one waiting never started


@pytest.mark.parametrize(("content", "whole"), [
    (b"", False),  # a copy that failed, an empty file saved under the name
    (b"PK\x03\x04 a zip renamed .pdf", False),
    (b"%PDF-1.7\n1 0 obj", False),  # the first part of a copy that stopped halfway
    (b"%PDF-1.7\n" + b"x" * 5000 + b"\n%%EOF\n", True),
    (b"%PDF-1.4\n%%EOF\n" + b"\0" * 200, True),  # padding after the end mark, as some copy
])
def test_is_whole_pdf(tmp_path, content, whole):
    from xlgen.output.pdf import is_whole_pdf

    (tmp_path / "a.pdf").write_bytes(content)
    assert is_whole_pdf(tmp_path / "a.pdf") is whole
    assert not is_whole_pdf(tmp_path / "missing.pdf")


@pytest.mark.parametrize("junk", [b"", "<html>下载失败</html>".encode(), b"%PDF-1.4 cut"])
def test_a_pdf_replaced_by_junk_is_made_again(tmp_path, fake_soffice, junk):
    """A PDF xlgen made, later emptied or overwritten (a failed copy, a download saved under
    its name): not up to date, whatever its date, so it is printed again."""
    (a,) = docs(tmp_path, "表.xlsx")
    with PdfConverter(fake_soffice) as converter:
        converter.convert_all([a])
        a.with_suffix(".pdf").write_bytes(junk)
        (result,) = converter.convert_all([a])
    assert result.converted and a.with_suffix(".pdf").read_bytes() == fake_pdf(a.read_bytes())


@pytest.mark.parametrize(("name", "reason", "advice"), [
    ("halfway.xlsx", "LibreOffice 输出的 PDF 不完整", "请关闭其他 LibreOffice 窗口后重新运行"),
    pytest.param("crash.xlsx", "LibreOffice 意外退出，信号 11 SIGSEGV",
                 "请关闭其他 LibreOffice 窗口后重新运行；仍然如此时，请重新安装 LibreOffice。",
                 marks=pytest.mark.skipif(sys.platform == "win32", reason="POSIX signal")),
])
def test_a_broken_conversion_says_what_happened_and_what_to_do(tmp_path, fake_soffice, name,
                                                               reason, advice):
    (doc,) = docs(tmp_path, name)
    with PdfConverter(fake_soffice) as converter:
        (result,) = converter.convert_all([doc])
    assert f"“{name}”转换为 PDF 失败（{reason}）。" in result.error
    assert advice in result.error and "退出码" not in result.error
    assert not doc.with_suffix(".pdf").exists()


@pytest.mark.parametrize(("code", "said"), [
    (-11, "信号 11 SIGSEGV"),
    (-9, "信号 9 SIGKILL"),
    (3221225477, "异常代码 0xC0000005"),  # Windows: access violation
    (3221226505, "异常代码 0xC0000409"),  # Windows: stack buffer overrun
    (1, ""),  # an ordinary failure, with LibreOffice's own words
    (81, ""),
])
def test_a_crash_is_told_from_an_exit_code(code, said):
    from xlgen.output.pdf import _crash

    assert _crash(code) == said


@pytest.mark.parametrize("error", [
    PermissionError(13, "拒绝访问。"),  # a Chinese Windows' own words end with 。
    PermissionError(13, "Permission denied"),
    OSError("exec format error"),  # no strerror at all
])
def test_libreoffice_that_cannot_start_is_said_once_in_plain_words(tmp_path, fake_soffice,
                                                                  monkeypatch, error):
    import xlgen.output.pdf as pdf

    def refuse(*_args, **_kwargs):
        raise error

    (doc,) = docs(tmp_path, "表.xlsx")
    with PdfConverter(fake_soffice) as converter:
        monkeypatch.setattr(pdf.subprocess, "Popen", refuse)
        (result,) = converter.convert_all([doc])
    words = (error.strerror or str(error)).rstrip("。")
    assert f"（无法启动 LibreOffice：{words}）。请确认 LibreOffice 安装完整" in result.error
    assert "。）" not in result.error and "。。" not in result.error


# --- delivering a build ---------------------------------------------------------------------

@pytest.fixture
def built(tmp_path):
    out = tmp_path / "outputs"
    return out, build_all(find_workbooks([INPUTS])[0], out)


def test_missing_libreoffice_is_a_warning_per_workbook_and_documents_stay(built, tmp_path):
    out, results = built
    notice = deliver(results, DeliveryOptions(pdf=True,
                                              soffice=tmp_path / "无此程序" / "soffice.exe"))
    assert notice is not None and "找不到 --soffice 指定的 LibreOffice 程序" in notice
    for r in results:
        assert r.written and not r.pdfs
        codes = [(p.code, p.severity.value) for p in r.report.problems if p.code == "pdf-failed"]
        assert codes == [("pdf-failed", "warning")]
        assert all(doc.is_file() for doc in r.written)
    message = next(p.message for p in results[0].report.problems if p.code == "pdf-failed")
    assert message.startswith("找不到 LibreOffice，这 ") and "soffice" not in message


def test_pdfs_up_to_date_need_no_libreoffice_and_stay_in_the_bundle(built, fake_soffice,
                                                                    tmp_path):
    """A rerun on a PC without LibreOffice (or with a wrong --soffice): the PDFs printed from
    exactly these documents are kept, named unchanged and packed; no pdf-failed."""
    out, results = built
    deliver(results, DeliveryOptions(pdf=True, bundle=True, soffice=fake_soffice))
    again = build_all(find_workbooks([INPUTS])[0], out)
    deliver(again, DeliveryOptions(pdf=True, bundle=True, soffice=tmp_path / "无" / "soffice"))
    for r in again:
        assert not [p for p in r.report.problems if p.code == "pdf-failed"], r.report.problems
        assert r.pdfs == r.pdfs_unchanged == [d.with_suffix(".pdf") for d in r.unchanged]
        assert r.bundle is not None and r.bundle_unchanged
        with zipfile.ZipFile(r.bundle) as zf:
            assert {p.name for p in r.pdfs} <= set(zf.namelist())


def test_a_changed_document_without_libreoffice_names_its_old_pdf(built, fake_soffice,
                                                                  tmp_path):
    out, results = built
    deliver(results, DeliveryOptions(pdf=True, soffice=fake_soffice))
    r = next(r for r in results if "花都" in r.dept)
    (doc,) = r.written
    doc.write_bytes(doc.read_bytes() + b" ")  # as if rebuilt from a changed workbook
    r.pdfs.clear()
    deliver([r], DeliveryOptions(pdf=True, bundle=True, soffice=tmp_path / "无" / "soffice"))
    (failed,) = [p.message for p in r.report.problems if p.code == "pdf-failed"]
    assert f"注意：文件夹中的 {doc.with_suffix('.pdf').name} 还是以前生成的" in failed
    assert not r.pdfs
    with zipfile.ZipFile(r.bundle) as zf:
        assert doc.with_suffix(".pdf").name not in zf.namelist()


def test_without_pdf_an_old_pdf_beside_a_rebuilt_document_is_named(built, fake_soffice):
    """--pdf one day, a change and a build without it the next: the PDF of the old version
    still lies beside the new document; the clerk is told not to send it."""
    out, results = built
    deliver(results, DeliveryOptions(pdf=True, soffice=fake_soffice))
    r = next(r for r in results if "花都" in r.dept)
    (doc,) = r.written
    deliver([r], DeliveryOptions())  # unchanged: nothing to say
    assert not [p for p in r.report.problems if p.code == "pdf-stale"]
    doc.write_bytes(doc.read_bytes() + b" ")
    deliver([r], DeliveryOptions(bundle=True))
    (stale,) = [p for p in r.report.problems if p.code == "pdf-stale"]
    assert stale.severity.value == "warning"
    assert stale.message.startswith(f"{doc.with_suffix('.pdf').name} 是按这份文书以前的版本生成的")
    assert "请勿发送；加 --pdf 重新运行即可更新它" in stale.message


def test_bundle_holds_documents_pdfs_and_the_check_and_is_stable(built, fake_soffice):
    out, results = built
    deliver(results, DeliveryOptions(pdf=True, bundle=True, soffice=fake_soffice))
    r = next(r for r in results if "花都" in r.dept)
    assert r.bundle is not None
    assert r.bundle.name == "2023年广州市花都区政务服务和数据管理局预算绩效文书.zip"
    with zipfile.ZipFile(r.bundle) as zf:
        names = zf.namelist()
        check = zf.read("校验结果.txt")
    assert names == ["2023年广州市花都区政务服务和数据管理局项目支出绩效目标表.pdf",
                     "2023年广州市花都区政务服务和数据管理局项目支出绩效目标表.xlsx",
                     "校验结果.txt"]
    assert check.startswith(b"\xef\xbb\xbf")
    text = check.decode("utf-8-sig")
    assert "\r\n" in text and "\n" not in text.replace("\r\n", "")
    assert text.startswith("工作簿：广州市花都区政务服务和数据管理局.xlsx\r\n")
    assert f"检查结果：0 个错误，{len(r.report.warnings)} 个警告。" in text
    first = next(p for p in r.report.warnings)
    assert f"  {first.where}  [{first.code}]  {first.message}" in text

    before = r.bundle.read_bytes()
    again = build_all(find_workbooks([INPUTS])[0], out)
    deliver(again, DeliveryOptions(pdf=True, bundle=True, soffice=fake_soffice))
    assert r.bundle.read_bytes() == before


def test_bundle_unzips_on_linux_with_its_chinese_names_and_readable_modes(built, tmp_path):
    """Info-ZIP's ``unzip`` (UOS, Kylin) reads the name of a member made on MS-DOS in the DOS
    code page, UTF-8 flag or not, and extracts a member without a mode as 0600: members are
    made on Unix with mode 0644."""
    _, results = built
    deliver(results, DeliveryOptions(bundle=True))
    r = next(r for r in results if "花都" in r.dept)
    assert r.bundle is not None
    with zipfile.ZipFile(r.bundle) as zf:
        names = zf.namelist()
        assert {(i.create_system, i.external_attr >> 16) for i in zf.infolist()} == {
            (3, 0o100644)}
    unzip = shutil.which("unzip")
    if unzip is None:
        pytest.skip("unzip is not installed")
    subprocess.run([unzip, "-q", str(r.bundle), "-d", str(tmp_path / "x")], check=True,
                   env={**os.environ, "LC_ALL": "C.UTF-8"})
    extracted = {p.name: p.stat().st_mode & 0o777 for p in (tmp_path / "x").iterdir()}
    assert extracted == {name: 0o644 for name in names}


# --- the 汇总 -------------------------------------------------------------------------------

def snapshot(data: bytes) -> dict:
    wb = openpyxl.load_workbook(io.BytesIO(data))
    out = {}
    for ws in wb.worksheets:
        out[ws.title] = {
            "cells": [[c.value for c in row] for row in ws.iter_rows()],
            "merged": sorted(str(m) for m in ws.merged_cells.ranges),
            "freeze": ws.freeze_panes,
            "filter": ws.auto_filter.ref,
            "print_titles": ws.print_title_rows,
            "landscape": ws.page_setup.orientation,
        }
    return out


def test_summary_of_the_samples_matches_the_golden_file():
    rows = summarise(find_workbooks([INPUTS])[0])
    actual = json.loads(json.dumps(snapshot(summary_bytes(rows)), ensure_ascii=False))
    if UPDATE:
        GOLDEN.write_text(json.dumps(actual, ensure_ascii=False, indent=1) + "\n", "utf-8")
    assert GOLDEN.exists(), f"{GOLDEN} is missing: run `make golden`"
    expected = json.loads(GOLDEN.read_text("utf-8"))
    assert actual == expected, ("the 汇总 differs from tests/golden/summary.json; after an "
                                "intended change rewrite it with `make golden` and review "
                                "`git diff tests/golden`")


def test_summary_agrees_with_validate_and_states_exact_figures():
    rows = summarise(find_workbooks([INPUTS])[0])
    ws = openpyxl.load_workbook(io.BytesIO(summary_bytes(rows)))["汇总"]
    header = [c.value for c in ws[2]]
    table = {r[3]: dict(zip(header, r, strict=True)) for r in ws.iter_rows(min_row=3,
                                                                           values_only=True)}
    huadu = table["2023/广州市花都区政务服务和数据管理局.xlsx"]
    assert huadu["项目资金合计（万元）"] == 2616.61
    assert huadu["项目个数"] == 13 and huadu["项目绩效指标个数"] == 63
    baiyun = table["2022/广州市白云区政务服务数据管理局.xlsx"]
    assert (baiyun["自评得分"], baiyun["自评等级"]) == (99.5, "优")
    from xlgen.api import check_workbook
    for row in rows:
        _, report = check_workbook(row.source)
        line = table[row.label]
        assert (line["错误"], line["警告"]) == (len(report.errors), len(report.warnings))
    problems = openpyxl.load_workbook(io.BytesIO(summary_bytes(rows)))["问题清单"]
    assert problems.max_row - 1 == sum(len(r.report.problems) for r in rows)


def test_summary_names_a_workbook_that_cannot_be_read(tmp_path):
    (tmp_path / "坏.xlsx").write_bytes(b"not a workbook at all")
    shutil.copy(INPUTS / "2023" / "广州市花都区政务服务和数据管理局.xlsx", tmp_path / "花都.xlsx")
    rows = summarise(find_workbooks([tmp_path])[0])
    wb = openpyxl.load_workbook(io.BytesIO(summary_bytes(rows)))
    lines = list(wb["汇总"].iter_rows(min_row=3, values_only=True))
    assert [(line[3], line[4]) for line in lines] == [("坏.xlsx", "无法读取"),
                                                      ("花都.xlsx", "可生成")]
    codes = [row[3] for row in wb["问题清单"].iter_rows(min_row=2, values_only=True)]
    assert codes[0] == "not-a-workbook"


def test_summary_is_written_atomically_and_byte_stable(tmp_path):
    rows = summarise(find_workbooks([INPUTS])[0])
    target = tmp_path / "汇总.xlsx"
    assert write_summary(rows, target) is True
    assert write_summary(summarise(find_workbooks([INPUTS])[0]), target) is False


def test_text_from_a_clerk_stays_text_in_the_summary(tmp_path):
    import xlsxwriter

    name = "=1+1 _x0041_ <局>&@"  # as the clerk sees it in Excel
    wb = xlsxwriter.Workbook(str(tmp_path / "a.xlsx"))
    ws = wb.add_worksheet("部门信息")
    for r, (label, value) in enumerate([("年度", 2023), ("部门名称", name)]):
        ws.write_string(r, 0, label)
        ws.write(r, 1, value) if isinstance(value, int) else ws.write_string(r, 1, value)
    wb.close()
    data = summary_bytes(summarise(find_workbooks([tmp_path])[0]))
    cell = openpyxl.load_workbook(io.BytesIO(data))["汇总"].cell(3, 2)
    assert (cell.value, cell.data_type) == (name, "s")
    strings = zipfile.ZipFile(io.BytesIO(data)).read("xl/sharedStrings.xml").decode()
    assert "=1+1 _x005F_x0041_ &lt;局&gt;&amp;@" in strings


# --- LibreOffice, for real --------------------------------------------------------------------

def pdf_text(pdf: Path) -> str:
    return subprocess.run(["pdftotext", "-layout", str(pdf), "-"], check=True,
                          capture_output=True, text=True).stdout


def page_count(pdf: Path) -> int:
    info = subprocess.run(["pdfinfo", str(pdf)], check=True, capture_output=True,
                          text=True).stdout
    return int(re.search(r"Pages:\s+(\d+)", info).group(1))


@pytest.mark.libreoffice
def test_samples_print_to_pdf_with_their_figures(built):
    soffice = find_soffice()
    if soffice is None or not shutil.which("pdftotext"):
        if os.environ.get("XLGEN_REQUIRE_LIBREOFFICE") == "1":
            pytest.fail("需要 LibreOffice（soffice）和 pdftotext，但未找到。")
        pytest.skip("LibreOffice or pdftotext not installed")
    out, results = built
    deliver(results, DeliveryOptions(pdf=True, bundle=True))
    pdfs = {p.name: p for r in results for p in r.pdfs}
    assert len(pdfs) == 7 and all(r.bundle for r in results)  # 3 seeds' + the full year's 4
    forms = pdfs["2023年示例区政务服务数据管理局项目支出绩效自评表.pdf"]
    text = re.sub(r"\s+", "", pdf_text(forms))
    assert "项目支出绩效自评表" in text and "94.08" in text and "88.44" in text
    table = pdfs["2023年广州市花都区政务服务和数据管理局项目支出绩效目标表.pdf"]
    text = re.sub(r"\s+", "", pdf_text(table))
    assert "项目支出绩效目标表" in text and "2,616.61" in text
    report = pdfs["2022年广州市白云区政务服务数据管理局部门整体支出绩效自评报告.pdf"]
    assert "部门整体支出绩效自评报告" in re.sub(r"\s+", "", pdf_text(report))
    assert page_count(report) >= 5
    fonts = subprocess.run(["pdffonts", str(report)], capture_output=True, text=True).stdout
    assert fonts.count(" yes ") >= 1 and " no  " not in fonts.split("\n", 2)[2]
    # xlgen's own profile (output/lo_profile.py): Chinese line breaks in the Excel tables (花都's
    # table printed two lines starting with “、”/“。” before) and a serif face for 仿宋/宋体
    for pdf in (table, forms, report):
        pages = read_pdf(pdf)
        assert [t for p in pages for t in lines_starting_with_punctuation(p)] == [], pdf.name
        if shutil.which("fc-list") and "Noto Serif CJK SC" in subprocess.run(
                ["fc-list", ":", "family"], capture_output=True, text=True).stdout:
            han = [c["fontname"] for p in pages for c in p.chars
                   if "\u4e00" <= c["text"] <= "\u9fff"]
            assert sum("Serif" in f for f in han) > 0.9 * len(han), pdf.name


# --- the command line --------------------------------------------------------------------------

@pytest.fixture
def samples(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("XLGEN_TEMPLATES", str(ROOT / "templates"))
    shutil.copytree(INPUTS, tmp_path / "inputs")
    return tmp_path


def test_cli_build_pdf_and_bundle(samples, fake_soffice):
    from click.testing import CliRunner

    from xlgen.cli import main

    result = CliRunner().invoke(main, ["build", "inputs", "--pdf", "--bundle",
                                       "--soffice", str(fake_soffice)])
    assert result.exit_code == 0, result.output
    folder = samples / "outputs" / "2023" / "广州市花都区政务服务和数据管理局"
    pdf = folder / "2023年广州市花都区政务服务和数据管理局项目支出绩效目标表.pdf"
    bundle = folder / "2023年广州市花都区政务服务和数据管理局预算绩效文书.zip"
    assert f"  PDF    outputs/2023/广州市花都区政务服务和数据管理局/{pdf.name}" in result.output
    assert f"  压缩包 outputs/2023/广州市花都区政务服务和数据管理局/{bundle.name}" in result.output
    assert pdf.is_file() and bundle.is_file()

    data = json.loads(CliRunner().invoke(main, ["build", "inputs", "--pdf", "--json",
                                                "--soffice", str(fake_soffice)]).output)
    huadu = next(w for w in data["workbooks"] if "花都" in w["file"])
    assert huadu["pdfs"] == [str(pdf.relative_to(samples))]


def test_cli_build_pdf_without_libreoffice_still_writes_the_documents(samples, tmp_path):
    from click.testing import CliRunner

    from xlgen.cli import main

    result = CliRunner().invoke(main, ["build", "inputs", "--pdf",
                                       "--soffice", str(tmp_path / "无" / "soffice")])
    assert result.exit_code == 0, result.output
    assert result.output.count("[pdf-failed]") == 4  # one per workbook: its PDFs not made
    assert "[pdf-failed]  找不到 LibreOffice，这 1 份文书没有生成 PDF" in result.output
    # how to get LibreOffice: once for the run, at the end, not once per workbook
    assert result.output.count("找不到 --soffice 指定的 LibreOffice 程序") == 1
    assert result.output.rstrip().splitlines()[-1].startswith("PDF：找不到 --soffice 指定的")
    assert len(list((samples / "outputs").rglob("*.xlsx"))) == 5
    assert not list((samples / "outputs").rglob("*.pdf"))


def test_cli_summary_writes_the_workbook_and_is_never_read_as_input(samples):
    from click.testing import CliRunner

    from xlgen.cli import main

    result = CliRunner().invoke(main, ["summary", "inputs", "--out", "inputs/汇总.xlsx"])
    assert result.exit_code == 0, result.output
    assert result.output.splitlines() == [  # the samples are of two years: said, and which
        "注意：汇总中的工作簿不是同一个年度的（2022 年度 1 个，2023 年度 3 个），按列求和会把几个"
        "年度加在一起。不是 2023 年度的如下，如果不该汇总，请移出文件夹后重新运行：",
        "  2022/广州市白云区政务服务数据管理局.xlsx：2022 年度",
        "已生成 inputs/汇总.xlsx：4 个工作簿，4 个可生成文书，0 个有错误。"]
    again = CliRunner().invoke(main, ["summary", "inputs", "--out", "inputs/汇总.xlsx"])
    assert again.output.splitlines()[-1].startswith("未变化 inputs/汇总.xlsx：4 个工作簿")
    validate = CliRunner().invoke(main, ["validate", "inputs"])
    assert "共检查 4 个工作簿" in validate.output


def test_cli_summary_help_is_chinese_with_an_example():
    from click.testing import CliRunner

    from xlgen.cli import main

    text = CliRunner().invoke(main, ["summary", "--help"]).output
    assert "用法: xlgen summary" in text and "示例：" in text and "xlgen summary 收件/2024" in text
    assert "Usage" not in text and "Options" not in text


@pytest.mark.parametrize("rewritten", [True, False])
def test_a_bundle_that_cannot_be_replaced_is_said_stale_even_with_quiet(samples, monkeypatch,
                                                                        rewritten):
    """-q hides the input's warnings, never a document's: an old zip left beside new
    documents is named, with 请勿发送. An unchanged rebuild leaves the zip alone."""
    from click.testing import CliRunner

    from xlgen.cli import main

    args = ["build", "inputs/示例", "--bundle", "-q", "-j", "1"]
    assert CliRunner().invoke(main, args).exit_code == 0
    if rewritten:
        book = samples / "inputs" / "示例" / "示例区政务服务数据管理局.xlsx"
        wb = openpyxl.load_workbook(book)
        wb["项目"]["C2"] = 399
        wb.save(book)
    real = os.replace

    def locked_zip(src, dst, *rest, **kw):  # the zip is open in another program
        if str(dst).endswith(".zip"):
            raise PermissionError(13, "The process cannot access the file")
        return real(src, dst, *rest, **kw)

    monkeypatch.setattr(os, "replace", locked_zip)
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 0, result.output
    stale = "预算绩效文书.zip 还是以前生成的，与本次的文书不符，请勿发送"
    assert ("[bundle-failed]" in result.output) is rewritten, result.output  # unchanged: kept
    assert (stale in result.output) is rewritten, result.output


def rebuilt_after(samples: Path, soffice: Path, sheet: str, cell: str, value: object):
    """``build --pdf --bundle`` of the 示例 sample, the change typed in, and built again."""
    from click.testing import CliRunner

    from xlgen.cli import main

    args = ["build", "inputs/示例", "--pdf", "--bundle", "-q", "-j", "1", "--soffice",
            str(soffice)]
    assert CliRunner().invoke(main, args).exit_code == 0
    book = samples / "inputs" / "示例" / "示例区政务服务数据管理局.xlsx"
    wb = openpyxl.load_workbook(book)
    wb[sheet][cell] = value
    wb.save(book)
    return CliRunner().invoke(main, args)


def test_a_workbook_with_errors_names_its_old_pdfs_and_zip(samples, fake_soffice):
    """The zip is what gets emailed: when the workbook now has errors, the note on the old
    documents names their PDFs and the zip too."""
    result = rebuilt_after(samples, fake_soffice, "项目", "C2", "约60")
    assert result.exit_code == 1, result.output
    assert ("）以及它们的 4 份 PDF、压缩包 2023年示例区政务服务数据管理局预算绩效文书.zip，"
            "不含这次的修改，请不要当作这次的结果交出") in result.output


def test_old_documents_with_only_their_zip_are_named_without_a_stray_space(samples):
    """``--bundle`` without PDFs: “以及它们的 压缩包 …zip” had a space a Chinese sentence
    never has (it belongs only before a figure: “以及它们的 4 份 PDF”)."""
    from click.testing import CliRunner

    from xlgen.cli import main

    args = ["build", "inputs/示例", "--bundle", "-q", "-j", "1"]
    assert CliRunner().invoke(main, args).exit_code == 0
    book = samples / "inputs" / "示例" / "示例区政务服务数据管理局.xlsx"
    wb = openpyxl.load_workbook(book)
    wb["项目"]["C2"] = "约60"
    wb.save(book)
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 1, result.output
    assert "）以及它们的压缩包 2023年示例区政务服务数据管理局预算绩效文书.zip，" in result.output


def test_the_pdf_step_says_what_it_does_before_libreoffice_starts(samples, fake_soffice):
    from click.testing import CliRunner

    from xlgen.cli import main

    args = ["build", "inputs/示例", "--pdf", "-j", "1", "--soffice", str(fake_soffice)]
    first = CliRunner().invoke(main, args)
    assert "正在用 LibreOffice 生成 4 份 PDF，每份需要几秒到几十秒，请稍候" in first.stderr
    again = CliRunner().invoke(main, args)  # nothing to print: no such line
    assert "LibreOffice" not in again.stderr


def test_a_rerun_says_pdfs_and_zips_unchanged(samples, fake_soffice):
    from click.testing import CliRunner

    from xlgen.cli import main

    args = ["build", "inputs/示例", "--pdf", "--bundle", "-j", "1", "--soffice",
            str(fake_soffice)]
    first = CliRunner().invoke(main, args).output
    second = CliRunner().invoke(main, args).output
    for output, made, kept in ((first, 5, 0), (second, 0, 9)):
        lines = output.splitlines()
        assert sum(line.startswith(("  PDF ", "  压缩包 ")) for line in lines) == made, output
        assert sum(line.startswith("  未变化 ") for line in lines) == kept, output


def test_the_pdf_bar_names_the_document_by_its_end():
    """All of a workbook's documents start with the same year and department: the bar shows
    which document LibreOffice is printing by the end of its name."""
    from xlgen.cli.display import Progress

    class Bar:
        current_item = ""

        def render_progress(self) -> None:
            pass

    progress = Progress(Bar())
    progress.start_document(Path("out/2023年广州市花都区政务服务和数据管理局项目支出绩效目标表.xlsx"))
    assert progress.bar.current_item == "…数据管理局项目支出绩效目标表"  # 30 columns


def test_a_dry_run_names_the_pdfs_and_zip_and_checks_libreoffice_now(samples, fake_soffice):
    """--dry-run --pdf --bundle before deadline day: what would be written, PDFs and zip
    included, and a missing LibreOffice said now; nothing is written."""
    from click.testing import CliRunner

    from xlgen.cli import main

    args = ["build", "inputs/示例", "--dry-run", "--pdf", "--bundle", "-j", "1"]
    result = CliRunner().invoke(main, [*args, "--soffice", str(fake_soffice)])
    assert result.exit_code == 0, result.output
    folder = "outputs/示例区政务服务数据管理局/2023年示例区政务服务数据管理局"
    for name in ("项目支出绩效目标表.pdf", "部门整体支出绩效自评报告.pdf", "预算绩效文书.zip"):
        assert f"  将生成 {folder}{name}\n" in result.output
    assert "[pdf-failed]" not in result.output
    missing = CliRunner().invoke(main, [*args, "--soffice", str(samples / "无" / "soffice")])
    assert "[pdf-failed]  找不到 LibreOffice，这 4 份文书将不能生成 PDF" in missing.output
    assert missing.output.count("找不到 --soffice 指定的 LibreOffice 程序") == 1
    assert ".pdf\n" not in missing.output and "预算绩效文书.zip\n" in missing.output
    assert not (samples / "outputs").exists()


@pytest.mark.parametrize(("suffix", "program"), [(".pdf", "正在 PDF 阅读器或浏览器中打开"),
                                                 (".zip", "正在压缩软件中打开")])
def test_a_pdf_or_zip_open_elsewhere_names_the_program_it_is_open_in(
        built, fake_soffice, monkeypatch, suffix, program):
    """Windows will not replace a PDF open in a reader or a zip open in an archiver: the
    warning says so, not “open in Excel/WPS/Word”."""
    out, results = built
    deliver(results, DeliveryOptions(pdf=True, bundle=True, soffice=fake_soffice))
    r = next(r for r in results if "花都" in r.dept)
    (doc,) = r.written
    doc.write_bytes(doc.read_bytes() + b" ")
    r.pdfs.clear()
    real = os.replace

    def locked(src, dst, *rest, **kw):
        if str(dst).endswith(suffix):
            raise PermissionError(13, "The process cannot access the file")
        return real(src, dst, *rest, **kw)

    monkeypatch.setattr(os, "replace", locked)
    deliver([r], DeliveryOptions(pdf=True, bundle=True, soffice=fake_soffice))
    code = "pdf-failed" if suffix == ".pdf" else "bundle-failed"
    (message,) = [p.message for p in r.report.problems if p.code == code]
    assert program in message and "Excel" not in message
    assert "还是以前生成的，与本次的文书不符，请勿发送" in message


def test_on_windows_a_stopped_libreoffice_is_killed_with_soffice_bin(monkeypatch):
    """soffice.exe only launches soffice.bin: a hung or stopped conversion kills the whole
    tree (taskkill /T), not the launcher alone."""
    from xlgen.output import pdf

    ran: list[list[str]] = []
    killed: list[int] = []

    class Proc:
        pid = 4242

        def kill(self) -> None:
            killed.append(self.pid)

    monkeypatch.setattr(pdf.sys, "platform", "win32")
    monkeypatch.setattr(pdf.subprocess, "run", lambda command, **kw: ran.append(command))
    pdf._stop(Proc())  # type: ignore[arg-type]
    assert ran == [["taskkill", "/F", "/T", "/PID", "4242"]] and killed == [4242]


def test_a_renamed_department_names_its_old_pdfs_and_zip(samples, fake_soffice):
    """The old department's folder keeps last run's documents, PDFs and zip: all are named
    as left over (the zip above all: it is what gets emailed)."""
    result = rebuilt_after(samples, fake_soffice, "部门信息", "B3", "示例区数据局")
    assert result.exit_code == 0, result.output
    assert "还有 4 份以前由 xlgen 生成、这次没有生成的文书及其 PDF、压缩包（" in result.output
    old = "outputs/示例区政务服务数据管理局/2023年示例区政务服务数据管理局"
    assert f"  {old}预算绩效文书.zip\n" in result.output
    assert f"  {old}项目支出绩效目标表.pdf\n" in result.output


def test_bundle_without_pdf_keeps_the_pdfs_printed_from_these_documents(built, fake_soffice):
    """--pdf --bundle, then --bundle alone with nothing changed: the zip still holds the PDFs
    (they are exactly these documents'); a changed document's old PDF is left out."""
    out, results = built
    deliver(results, DeliveryOptions(pdf=True, bundle=True, soffice=fake_soffice))
    r = next(r for r in results if "花都" in r.dept)
    assert r.bundle is not None
    before = r.bundle.read_bytes()
    again = build_all(find_workbooks([INPUTS])[0], out)
    deliver(again, DeliveryOptions(bundle=True))
    r = next(r for r in again if "花都" in r.dept)
    assert r.bundle is not None and r.bundle_unchanged and r.bundle.read_bytes() == before
    (doc,) = r.unchanged
    doc.write_bytes(doc.read_bytes() + b" ")
    r.pdfs.clear()
    deliver([r], DeliveryOptions(bundle=True))
    with zipfile.ZipFile(r.bundle) as zf:
        assert doc.with_suffix(".pdf").name not in zf.namelist()


@pytest.mark.parametrize("junk", [b"", b"%PDF-1.4 half a copy"])
def test_a_pdf_replaced_by_junk_is_named_and_left_out_of_the_zip(built, fake_soffice, junk):
    """--bundle alone after --pdf, a PDF emptied since (a failed copy over it, newer than its
    document): not packed as if up to date; the clerk is told, with what to do."""
    out, results = built
    deliver(results, DeliveryOptions(pdf=True, bundle=True, soffice=fake_soffice))
    again = build_all(find_workbooks([INPUTS])[0], out)
    r = next(r for r in again if "花都" in r.dept)
    (doc,) = r.unchanged
    pdf = doc.with_suffix(".pdf")
    pdf.write_bytes(junk)
    deliver(again, DeliveryOptions(bundle=True))
    assert r.pdfs == [] and r.bundle is not None
    with zipfile.ZipFile(r.bundle) as zf:
        assert pdf.name not in zf.namelist()
    (problem,) = [p for p in r.report.warnings if p.code == "pdf-damaged"]
    assert problem.message == (f"{pdf.name} 已不是完整的 PDF 文件（可能是空文件、没复制完，或被"
                               "别的文件替换了），请勿发送。加 --pdf 重新运行即可重新生成它。")


def test_the_check_in_the_zip_holds_no_problem_of_the_clerks_pc(built, tmp_path):
    """校验结果.txt goes to the bureau: LibreOffice missing at the clerk's own path (the path
    names their PC and user) is on their screen, not in the file they email; nor does it
    change the zip of an unchanged input."""
    out, results = built
    where = tmp_path / "张三的电脑" / "LibreOffice" / "soffice.exe"
    deliver(results, DeliveryOptions(pdf=True, bundle=True, soffice=where))
    r = next(r for r in results if "花都" in r.dept)
    assert [p.code for p in r.report.warnings].count("pdf-failed") == 1  # on the screen
    assert r.bundle is not None
    with zipfile.ZipFile(r.bundle) as zf:
        text = zf.read("校验结果.txt").decode("utf-8-sig")
    assert "张三的电脑" not in text and "pdf-failed" not in text and "LibreOffice" not in text
    assert f"检查结果：0 个错误，{len(r.report.warnings) - 1} 个警告。" in text
    before = r.bundle.read_bytes()
    again = build_all(find_workbooks([INPUTS])[0], out)
    deliver(again, DeliveryOptions(bundle=True))
    assert r.bundle.read_bytes() == before  # same input, same zip, LibreOffice or not


def test_cli_pdf_timeout_is_the_time_each_conversion_may_take(samples, fake_soffice,
                                                              monkeypatch):
    from click.testing import CliRunner

    from xlgen.cli import main

    seen: list[float] = []
    real = PdfConverter.__init__

    def init(self, soffice, workers=None, timeout=300.0):
        seen.append(timeout)
        real(self, soffice, workers, timeout)

    monkeypatch.setattr(PdfConverter, "__init__", init)
    args = ["build", "inputs/示例", "--pdf", "--soffice", str(fake_soffice)]
    assert CliRunner().invoke(main, [*args, "--pdf-timeout", "900"]).exit_code == 0
    assert seen == [900.0]
    result = CliRunner().invoke(main, [*args, "--pdf-timeout", "0"])
    assert result.exit_code == 2 and "应为不小于 1 的整数，却是 0" in result.output
    assert "--pdf-timeout 秒" in CliRunner().invoke(main, ["build", "--help"]).output


@pytest.mark.skipif(sys.platform == "win32", reason="Windows looks in the current folder")
def test_a_relative_soffice_runs_the_program_in_the_current_folder(tmp_path, fake_soffice,
                                                                  monkeypatch):
    """``--soffice ./soffice`` (or ``soffice`` with the clerk in its folder): that program,
    not "No such file or directory" because a bare name is looked up on PATH."""
    monkeypatch.chdir(fake_soffice.parent)
    monkeypatch.setenv("PATH", str(tmp_path / "empty"))
    found = find_soffice("./soffice")
    assert found == fake_soffice
    (doc,) = docs(tmp_path / "out", "表.xlsx")
    with PdfConverter(found) as converter:
        (result,) = converter.convert_all([doc])
    assert result.converted, result.error


@pytest.mark.parametrize("flags", [[], ["--bundle"], ["--pdf", "--bundle"]])
def test_a_document_no_program_may_read_stops_only_its_pdf_and_zip(
        samples, fake_soffice, monkeypatch, flags):
    """A document open in a program that lets no other read it (a sharing violation on
    Windows) while the clerk rebuilds with nothing changed: reading it for its PDF's
    up-to-date check or for the zip ended in a Python traceback, even for a plain build
    after a --pdf one. Its PDF and the zip are now said not made, why and to close it."""
    from click.testing import CliRunner

    from xlgen.cli import main

    args = ["build", "inputs/示例", "-j", "1", "--soffice", str(fake_soffice)]
    assert CliRunner().invoke(main, [*args, "--pdf", "--bundle"]).exit_code == 0
    name = "2023年示例区政务服务数据管理局项目支出绩效目标表.xlsx"
    real = Path.open

    def locked_open(self, *rest, **kw):
        if self.name == name:
            error = PermissionError(13, "另一个程序正在使用此文件，进程无法访问。")
            error.winerror = 32  # ERROR_SHARING_VIOLATION
            raise error
        return real(self, *rest, **kw)

    monkeypatch.setattr(Path, "open", locked_open)
    result = CliRunner().invoke(main, [*args, *flags])
    monkeypatch.undo()
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    assert result.exit_code == 0, result.output
    why = f"无法读取 {name}（文件正在被其他程序使用（如在 Excel/WPS/Word 中打开））"
    if "--pdf" in flags:
        assert f"[pdf-failed]  {why}，没有生成它的 PDF。请关闭该文件后重新运行。" in result.output
    if "--bundle" in flags:
        assert f"[bundle-failed]  未能生成压缩包：{why}。请关闭该文件后重新运行。" in result.output
    assert "Traceback" not in result.output
