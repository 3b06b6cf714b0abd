"""Ctrl+C in the long commands (summary of a bureau's folder, init --from and import of a
city's thousands of projects): a Chinese line says it was stopped, what was and was not
written and what a rerun does; no half-written file; the previous good file intact; exit 130.
And a command that takes seconds says at once, on a terminal only, what it is doing."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner
from test_cli_clerk import dept
from test_validate import BUDGET_OK
from workbooks import write_book

from xlgen.cli.commands import main

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(autouse=True)
def shipped_templates(monkeypatch):
    monkeypatch.setenv("XLGEN_TEMPLATES", str(ROOT / "templates"))


def stop(*_args, **_kwargs):
    raise KeyboardInterrupt


def inbox(tmp: Path) -> Path:
    folder = tmp / "收件"
    folder.mkdir()
    for name in ("甲局", "乙局"):
        write_book(folder / f"{name}.xlsx", {"部门信息": dept(name), "预算": BUDGET_OK})
    return folder


def invoke(args: list[str]):
    return CliRunner().invoke(main, [str(a) for a in args])


def leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.startswith("."))


def test_a_stopped_summary_keeps_the_last_one_and_says_so(tmp_path, monkeypatch):
    """Ctrl+C while the workbooks were read: click's bare “已中止。”, exit 1 (“a workbook has
    errors” to a batch script), not a word about the 汇总. Now: it says the last 汇总 is as
    it was and a rerun sums up again; the file is untouched; exit 130."""
    folder, out = inbox(tmp_path), tmp_path / "汇总.xlsx"
    assert invoke(["summary", folder, "--out", out]).exit_code == 0
    before = out.read_bytes()
    monkeypatch.setattr("xlgen.api.summarise", stop)
    result = invoke(["summary", folder, "--out", out])
    assert result.exit_code == 130
    assert f"已中止，汇总表没有更新，{out} 仍是上次的，也没有留下写了一半的文件。" \
           "再次运行同一命令即可重新汇总。" in result.output
    assert out.read_bytes() == before and leftovers(tmp_path) == []


def test_a_summary_stopped_before_its_first_says_none_was_made(tmp_path, monkeypatch):
    folder, out = inbox(tmp_path), tmp_path / "汇总.xlsx"
    monkeypatch.setattr("xlgen.api.summarise", stop)
    result = invoke(["summary", folder, "--out", out])
    assert result.exit_code == 130
    assert f"已中止，没有生成汇总表 {out}" in result.output and not out.exists()


def test_a_summary_written_before_ctrl_c_is_said_to_be_whole(tmp_path, monkeypatch):
    folder, out = inbox(tmp_path), tmp_path / "汇总.xlsx"
    monkeypatch.setattr("xlgen.cli.commands.summary_lines", stop)  # while the lines print
    result = invoke(["summary", folder, "--out", out])
    assert result.exit_code == 130 and out.is_file()
    assert f"已中止。汇总表 {out} 已经生成（是完整的）" in result.output


@pytest.mark.parametrize("command", ["init", "import"])
@pytest.mark.parametrize("existing", [False, True])
def test_a_stopped_new_workbook_is_not_written_and_the_old_one_kept(tmp_path, monkeypatch,
                                                                     command, existing):
    """init --from / import stopped while reading: nothing written, the workbook it was to
    replace (--force) as it was; said so in Chinese, exit 130."""
    source = write_book(tmp_path / "2023.xlsx", {"部门信息": dept("某局"), "预算": BUDGET_OK})
    new = tmp_path / "2024" / "某局.xlsx"
    new.parent.mkdir()
    if existing:
        new.write_bytes(b"filled in already")
    monkeypatch.setattr(f"xlgen.api.{'start_from' if command == 'init' else 'import_table'}",
                        stop)
    args = ["init", "--from", source, new] if command == "init" else ["import", source, new]
    result = invoke([*args, "--force"])
    assert result.exit_code == 130, result.output
    said = f"{new} 仍是原来的文件，没有改动" if existing else f"没有生成 {new}"
    assert f"已中止，{said}，也没有留下写了一半的文件。再次运行同一命令即可。" in result.output
    assert (new.read_bytes() == b"filled in already") if existing else not new.exists()
    assert leftovers(new.parent) == []


def test_a_new_workbook_written_before_ctrl_c_is_said_to_need_a_check(tmp_path, monkeypatch):
    """Stopped after the new workbook was written, while it was checked: it is whole, but the
    clerk was not told of the errors carried into it: validate it."""
    source = write_book(tmp_path / "2023.xlsx", {"部门信息": dept("某局"), "预算": BUDGET_OK})
    new = tmp_path / "2024" / "某局.xlsx"
    new.parent.mkdir()
    monkeypatch.setattr("xlgen.output.newbook._errors_written", stop)
    result = invoke(["init", "--from", source, new])
    assert result.exit_code == 130 and new.is_file()
    assert f"已中止。{new} 已经生成（是完整的），但对它的核对没有做完：请运行 xlgen validate " \
           f"{new} 检查。" in result.output


def test_a_stopped_build_exits_130(tmp_path, monkeypatch):
    """build said it was stopped, but exited 1: to a batch script, a workbook with errors."""
    folder = inbox(tmp_path)
    monkeypatch.setattr("xlgen.api.build_run", stop)
    result = invoke(["build", folder, "--out", tmp_path / "out"])
    assert result.exit_code == 130 and "已中止。已写出的文书都是完整的" in result.output


def on_terminal(args: list[str], cwd: Path) -> tuple[int, str]:
    """Run ``python -m xlgen`` with a terminal as its stdout and stderr; what it printed."""
    main_end, child_end = os.openpty()
    proc = subprocess.Popen([sys.executable, "-m", "xlgen", *args], cwd=cwd, stdin=child_end,
                            stdout=child_end, stderr=child_end)
    os.close(child_end)
    out = b""
    while True:
        try:
            chunk = os.read(main_end, 65536)
        except OSError:  # the child closed the terminal
            break
        if not chunk:
            break
        out += chunk
    os.close(main_end)
    return proc.wait(), out.decode("utf-8", "replace")


@pytest.mark.skipif(sys.platform == "win32", reason="a pseudo-terminal is POSIX")
def test_init_from_says_at_once_what_it_does_on_a_terminal_only(tmp_path):
    """init --from a city's 2,000 projects printed nothing for 7 seconds: the clerk could not
    tell it from a hang. Now a first line says what it reads and writes (and that Ctrl+C stops
    it), on a terminal; a log file gets only the result."""
    source = write_book(tmp_path / "2023.xlsx", {"部门信息": dept("某局"), "预算": BUDGET_OK})
    code, shown = on_terminal(["init", "--from", "2023.xlsx", "2024.xlsx"], tmp_path)
    assert code == 0, shown
    assert "正在读取 2023.xlsx，生成 2024.xlsx……（按 Ctrl+C 可中止）" in shown
    logged = subprocess.run([sys.executable, "-m", "xlgen", "init", "--from", str(source),
                             str(tmp_path / "2025.xlsx")], capture_output=True, text=True,
                            encoding="utf-8", cwd=tmp_path)
    assert logged.returncode == 0 and "已生成" in logged.stdout
    assert "正在读取" not in logged.stdout + logged.stderr


def test_a_stopped_validate_exits_130_too(tmp_path, monkeypatch):
    """validate of a folder stopped with Ctrl+C exited 1, as if a workbook had errors."""
    folder = inbox(tmp_path)
    monkeypatch.setattr("xlgen.api.check_run", stop)
    result = invoke(["validate", folder])
    assert result.exit_code == 130 and "已中止。" in result.output


@pytest.mark.parametrize("dry_run", [False, True])
def test_a_build_ends_saying_where_the_documents_are(tmp_path, dry_run):
    """A build of 200 workbooks ended “共 200 个工作簿，200 个成功，0 个有错误。” under a table
    of 200 rows: where the documents went had scrolled away with the per-workbook lines."""
    folder, out = inbox(tmp_path), tmp_path / "out"
    result = invoke(["build", folder, "--out", out, *(["--dry-run"] if dry_run else [])])
    assert result.exit_code == 0, result.output
    last = result.output.rstrip().splitlines()[-1]
    if dry_run:  # nothing written: nothing to point at
        assert "文书在" not in result.output
    else:
        assert last == f"文书在 {out} 中，每个部门一个文件夹。"
