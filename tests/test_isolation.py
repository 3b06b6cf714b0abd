"""A workbook never takes the run down (issue 15): crashes, hangs and runaway memory in a
worker cost that workbook alone, and a parallel run reports exactly as a serial one."""

from __future__ import annotations

import os
import shutil
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

import xlgen.output.build
import xlgen.render.check
from xlgen.api import build_run, check_run, find_workbooks
from xlgen.cli import main
from xlgen.output import Failure, Limits, run_isolated
from xlgen.output.build import failure_message

ROOT = Path(__file__).resolve().parent.parent
INPUTS = ROOT / "inputs"

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="POSIX limits and signals")


def step(setup: str, item: str) -> str:
    """A stand-in workbook step: the item says how it misbehaves."""
    if item == "abort":
        sys.stderr.write("memory allocation of 549755813888 bytes failed\n")
        sys.stderr.flush()
        os.abort()
    if item == "hang":
        time.sleep(60)
    if item == "grow":
        hoard = []
        while True:
            hoard.append(bytearray(50 << 20))
    if item == "exit":
        os._exit(3)
    if item.startswith("seen:"):  # whether the run's process had written this file by now
        return f"seen:{Path(item[5:]).exists()}"
    if item.startswith("mark:"):  # tells the run's process it has started, then waits
        marker = Path(item[5:])
        written = marker.with_suffix(".tmp")  # whole or not at all: the run reads it at once
        written.write_text("started")
        written.replace(marker)
        while marker.exists():
            time.sleep(0.01)
        return "waited"
    return f"{setup}:{item}:{os.getpid()}"


LIMITS = Limits(5, 400)


def outcomes(items: list[str], jobs: int = 2) -> list:
    got = list(run_isolated(step, "ok", items, jobs, LIMITS))
    assert [i for i, _ in got] == list(range(len(items)))  # in item order
    return [value for _, value in got]


def test_results_come_back_in_order_and_workers_are_reused():
    values = outcomes([str(i) for i in range(8)])
    assert [v.split(":")[1] for v in values] == [str(i) for i in range(8)]
    assert len({v.split(":")[2] for v in values}) == 2  # two long-lived workers
    assert all(str(os.getpid()) != v.split(":")[2] for v in values)


@pytest.mark.parametrize(("bad", "kind", "detail"), [
    ("abort", "crash", "信号 SIGABRT：memory allocation of 549755813888 bytes failed"),
    ("exit", "crash", "退出码 3"),
    ("hang", "timeout", "5 秒"),
    ("grow", "memory", "400 MB"),
])
@pytest.mark.parametrize("jobs", [2, 1])  # with 1, the items behind it wait in the pipe
def test_a_failing_item_costs_itself_alone(bad, kind, detail, jobs):
    values = outcomes(["a", bad, "b", "c"], jobs)
    assert values[1] == Failure(kind, detail)
    assert [v.split(":")[1] for v in (values[0], values[2], values[3])] == ["a", "b", "c"]


def test_meanwhile_runs_while_the_workers_work(tmp_path, monkeypatch):
    """With a core to spare, the run's own work (the templates' check) overlaps the
    workers': ``meanwhile`` is called once the workers have their items."""
    monkeypatch.setattr(os, "cpu_count", lambda: 2)
    marker = tmp_path / "marker"
    seen: list[str] = []

    def meanwhile() -> None:
        deadline = time.monotonic() + 10
        while not marker.exists() and time.monotonic() < deadline:
            time.sleep(0.01)
        seen.append(marker.read_text() if marker.exists() else "not started")
        marker.unlink(missing_ok=True)  # lets the worker finish

    got = list(run_isolated(step, "ok", [f"mark:{marker}", "b"], 1, LIMITS,
                            meanwhile=meanwhile))
    assert seen == ["started"]
    assert got[0] == (0, "waited") and got[1][1].startswith("ok:b:")


def test_a_worker_gets_its_next_item_before_the_caller_commits(tmp_path):
    """The caller's work on a result (writing the documents, fsync) must not keep the
    worker that made it idle: the next item is sent before the result is handed over."""
    marker = tmp_path / "marker"
    seen: list[str] = []
    for index, _ in run_isolated(step, "ok", ["a", f"mark:{marker}"], 1, LIMITS):
        if index == 0:  # "committing" item 0: is the worker on item 1 already?
            deadline = time.monotonic() + 5
            while not marker.exists() and time.monotonic() < deadline:
                time.sleep(0.01)
            seen.append(marker.read_text() if marker.exists() else "not started")
            marker.unlink(missing_ok=True)  # lets the worker finish
    assert seen == ["started"]


def test_a_worker_has_an_item_waiting_while_the_caller_commits(tmp_path):
    """While the caller works on a result, a worker that finishes its item goes straight on
    with the next one, already in its pipe (pool.DEPTH): item 2 starts while the caller is
    still on item 0's result."""
    marker = tmp_path / "marker"
    seen: list[str] = []
    items = ["a", "b", f"mark:{marker}", "c"]
    for index, _ in run_isolated(step, "ok", items, 1, LIMITS):
        if index == 0:
            deadline = time.monotonic() + 5
            while not marker.exists() and time.monotonic() < deadline:
                time.sleep(0.01)
            seen.append(marker.read_text() if marker.exists() else "not started")
            marker.unlink(missing_ok=True)
    assert seen == ["started"]


def test_near_the_end_no_item_waits_behind_a_long_one(tmp_path):
    """The last items go one at a time to whichever worker is free: item 2 is not queued
    behind the long item 0, it is done by the worker that did item 1."""
    import threading

    marker = tmp_path / "marker"

    def release() -> None:  # item 0 ends a second after it started
        deadline = time.monotonic() + 10
        while not marker.exists() and time.monotonic() < deadline:
            time.sleep(0.01)
        time.sleep(1)
        marker.unlink(missing_ok=True)

    releaser = threading.Thread(target=release)
    releaser.start()
    values = outcomes([f"mark:{marker}", "a", "b"])
    releaser.join()
    assert values[0] == "waited"
    assert values[1].split(":")[2] == values[2].split(":")[2]  # the same (other) worker


def test_meanwhile_runs_first_when_every_core_has_a_worker(tmp_path, monkeypatch):
    """No core to spare: ``meanwhile`` runs before any worker starts (forked workers then
    inherit the templates it compiled), exactly once."""
    monkeypatch.setattr(os, "cpu_count", lambda: 2)
    marker = tmp_path / "marker"
    calls: list[str] = []

    def meanwhile() -> None:
        calls.append("meanwhile")
        time.sleep(0.5)  # beside the workers, they would look before this is written
        marker.write_text("checked")

    got = list(run_isolated(step, "ok", [f"seen:{marker}"] * 3, 2, LIMITS,
                            meanwhile=meanwhile))
    assert calls == ["meanwhile"] and [v for _, v in got] == ["seen:True"] * 3


def test_many_failures_in_a_row_keep_the_pool_going():
    values = outcomes(["abort", "abort", "exit", "a", "abort", "b"], jobs=1)
    assert [type(v).__name__ for v in values] == ["Failure"] * 3 + ["str", "Failure", "str"]


def test_failure_messages_are_chinese_and_say_what_to_send():
    message = failure_message(Failure("timeout", "600 秒"))
    assert message.startswith("处理这个工作簿超过 600 秒仍未完成，已停止。这不是填表的问题：")
    assert "请把这个工作簿和本提示发给维护人员（xlgen " in message
    assert "其他工作簿不受影响" in failure_message(Failure("crash", "信号 SIGSEGV"))


# --- the run, for real -------------------------------------------------------------------------

@pytest.fixture
def folder(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("XLGEN_TEMPLATES", str(ROOT / "templates"))
    inputs = tmp_path / "inputs"
    shutil.copytree(INPUTS, inputs)
    for name in ("abort", "hang", "grow"):  # copies of a good workbook, named for the fault
        shutil.copy(inputs / "2023" / "广州市花都区政务服务和数据管理局.xlsx",
                    inputs / "2023" / f"{name}.xlsx")
    real = xlgen.output.build._work

    def faulty(setup, source, rel, policy):
        if source.stem in ("abort", "hang", "grow"):
            step("", source.stem)
        return real(setup, source, rel, policy)

    monkeypatch.setattr(xlgen.output.build, "_work", faulty)  # the forked workers inherit it
    return inputs


def test_build_reports_each_bad_workbook_and_builds_the_others(folder):
    result = CliRunner().invoke(main, ["build", "inputs", "--jobs", "2", "--time-limit", "3",
                                       "--memory-limit", "400"])
    assert result.exit_code == 1
    out = result.output
    assert "abort.xlsx" in out
    assert "处理这个工作簿时程序异常终止（信号 SIGABRT：memory allocation of" in out
    assert "处理这个工作簿超过 3 秒仍未完成，已停止" in out
    assert "处理这个工作簿所需的内存超过上限（400 MB），已停止" in out
    assert "共 7 个工作簿，4 个成功，3 个有错误。" in out
    built = [p for p in Path("outputs").rglob("*") if p.suffix in (".xlsx", ".docx")]
    assert len(built) == 7  # the samples' documents: 3 seeds' + the full year's 4
    assert "Traceback" not in out


def test_validate_and_summary_are_isolated_too(folder):
    validate = CliRunner().invoke(main, ["validate", "inputs", "-q", "--time-limit", "3",
                                         "--memory-limit", "400"])
    assert validate.exit_code == 1
    assert validate.output.count("[internal-error]") == 3
    summary = CliRunner().invoke(main, ["summary", "inputs", "--time-limit", "3",
                                        "--memory-limit", "400"])
    assert summary.exit_code == 0, summary.output
    assert "7 个工作簿，4 个可生成文书，3 个有错误" in summary.output


def test_parallel_run_reports_exactly_as_a_serial_one(tmp_path):
    inputs = tmp_path / "inputs"
    shutil.copytree(INPUTS, inputs)
    # a duplicate department and year: the first in input order keeps the name
    year = inputs / "2023"
    shutil.copy(year / "广州市花都区政务服务和数据管理局.xlsx", year / "副本.xlsx")
    (year / "坏.xlsx").write_bytes(b"not a workbook")
    workbooks = find_workbooks([inputs])[0]

    def summary(run):
        return ([(r.source.name, [str(p.relative_to(tmp_path)) for p in r.written + r.unchanged],
                  [(p.code, p.sheet, p.cell, p.message) for p in r.report.problems])
                 for r in run.results], [p.message for p in run.templates], run.exit_code())

    serial = build_run(workbooks, tmp_path / "a", jobs=None)
    parallel = build_run(workbooks, tmp_path / "a", jobs=2)
    assert summary(parallel) == summary(serial)
    assert serial.exit_code() == 1
    codes = [p.code for r in serial.results for p in r.report.problems]
    assert "same-output" in codes and "not-a-workbook" in codes
    assert summary(check_run(workbooks, jobs=2))[0] == summary(check_run(workbooks))[0]


def test_workers_skip_a_broken_template_as_a_serial_run_does(tmp_path, monkeypatch):
    """Workers check the templates they render themselves while the run's process checks
    them all for the report: the same skips, the template's problems once, exit code 3."""
    import openpyxl

    inputs, templates = tmp_path / "inputs", tmp_path / "templates"
    shutil.copytree(INPUTS, inputs)
    shutil.copytree(ROOT / "templates", templates)
    table = templates / "区级" / "项目支出绩效目标表.xlsx"
    wb = openpyxl.load_workbook(table)
    wb.worksheets[0]["H1"] = "{{ dept.name "  # unclosed: a template-syntax error
    wb.save(table)
    workbooks = find_workbooks([inputs])[0]

    def summary(run):
        return ([(r.source.name, sorted(p.name for p in r.written),
                  [(s.document, s.why) for s in r.skipped]) for r in run.results],
                [(p.code, p.file, p.cell, p.message) for p in run.templates], run.exit_code())

    serial = summary(build_run(workbooks, tmp_path / "a", templates, jobs=None))
    xlgen.render.check._STATIC.clear()  # the workers check for themselves,
    monkeypatch.setattr(os, "cpu_count", lambda: 4)  # the run's check beside them
    parallel = summary(build_run(workbooks, tmp_path / "b", templates, jobs=2))
    assert parallel == serial
    skipped = [s for _, _, skips in serial[0] for s in skips]
    held = "模板 区级/项目支出绩效目标表.xlsx 有错误（见“模板问题”）"
    assert ("项目支出绩效目标表", held) in skipped
    assert [(code, cell) for code, file, cell, _ in serial[1] if file == str(table)] == [
        ("template-syntax", "H1")]
    assert serial[2] == 3
