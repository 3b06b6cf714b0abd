"""Worker processes as Windows starts them: ``spawn``, a fresh interpreter that imports what it
needs and is sent the rest (pickled). Linux runs fork, which hides a worker's reliance on
what the run's process did before it started (a monkeypatch, a setting in a module, a cache);
here the pool is forced to spawn, and a real build, validate and summary must come out
exactly as a run without workers."""

from __future__ import annotations

import multiprocessing
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

import xlgen.output.build
import xlgen.output.pool
from xlgen.cli import main
from xlgen.output import Failure, Limits, run_isolated
from xlgen.output.pool import WINDOWS_MAX_WORKERS, _exit_detail, worker_count

ROOT = Path(__file__).resolve().parent.parent
INPUTS = ROOT / "inputs"
FAULTS = ("abort", "exit")


@pytest.fixture
def spawn(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(xlgen.output.pool, "_context",
                        lambda: multiprocessing.get_context("spawn"))


def step(setup: str, item: str) -> str:
    """A stand-in task, found by name in a spawned worker (this module is imported there)."""
    if item == "abort":
        os.abort()
    if item == "exit":
        os._exit(3)
    return f"{setup}:{item}:{os.getpid()}"


def faulty_work(setup: Any, item: Any) -> Any:
    """build.work, or a crash for a workbook named for one: a spawned worker does not see
    a monkeypatch of the run's process, so the fault travels by name."""
    if item[0].stem in FAULTS:
        step("", item[0].stem)
    return xlgen.output.build.work(setup, item)


@pytest.mark.usefixtures("spawn")
def test_spawned_workers_answer_in_order_and_a_crash_costs_its_item_alone() -> None:
    got = list(run_isolated(step, "ok", ["a", "exit", "b", "c"], 2, Limits(60, None)))
    assert [i for i, _ in got] == [0, 1, 2, 3]
    values = [v for _, v in got]
    assert values[1] == Failure("crash", "退出码 3")
    assert [v.split(":")[:2] for v in (values[0], values[2], values[3])] == [
        ["ok", "a"], ["ok", "b"], ["ok", "c"]]
    assert str(os.getpid()) not in {v.split(":")[2] for v in values if isinstance(v, str)}


def _outputs(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes()
            for p in sorted(folder.rglob("*")) if p.is_file() and not p.name.startswith(".")}


@pytest.fixture
def inputs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The sample inputs, and the templates the look-up finds next to them (not the
    environment's, which a worker would inherit): the workers must print with these."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("XLGEN_TEMPLATES", raising=False)
    shutil.copytree(INPUTS, tmp_path / "inputs")
    shutil.copytree(ROOT / "templates", tmp_path / "templates")
    return tmp_path / "inputs"


@pytest.mark.skipif(sys.platform == "win32", reason="compares spawn with a run in-process")
@pytest.mark.parametrize("jobs", ["1", "2"])
def test_a_spawned_build_validate_and_summary_equal_a_run_in_process(
        inputs: Path, jobs: str, monkeypatch: pytest.MonkeyPatch) -> None:
    def invoke(*args: str) -> Any:
        result = CliRunner().invoke(main, list(args))
        assert "Traceback" not in result.output, result.output
        return result

    serial = invoke("build", "inputs", "--out", "serial")
    validate_serial = invoke("validate", "inputs")
    invoke("summary", "inputs", "--out", "serial.xlsx")
    monkeypatch.setattr(xlgen.output.pool, "_context",
                        lambda: multiprocessing.get_context("spawn"))
    spawned = invoke("build", "inputs", "--out", "spawned", "-j", jobs)
    assert spawned.exit_code == serial.exit_code == 0
    assert spawned.output.replace("spawned", "serial") == serial.output
    assert _outputs(Path("spawned")) == _outputs(Path("serial")) != {}
    validate = invoke("validate", "inputs", "-j", jobs)
    assert (validate.exit_code, validate.output) == (validate_serial.exit_code,
                                                     validate_serial.output)
    invoke("summary", "inputs", "--out", "spawned.xlsx", "-j", jobs)
    assert Path("spawned.xlsx").read_bytes() == Path("serial.xlsx").read_bytes()


@pytest.mark.usefixtures("spawn")
def test_a_spawned_worker_that_crashes_costs_its_workbook_alone(
        inputs: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    for name in FAULTS:
        shutil.copy(inputs / "2023" / "广州市花都区政务服务和数据管理局.xlsx",
                    inputs / "2023" / f"{name}.xlsx")
    monkeypatch.setattr(xlgen.output.build, "work", faulty_work)
    result = CliRunner().invoke(main, ["build", "inputs", "-j", "2"])
    assert result.exit_code == 1, result.output
    assert result.output.count("处理这个工作簿时程序异常终止") == 2
    assert "共 6 个工作簿，4 个成功，2 个有错误。" in result.output
    assert len([p for p in Path("outputs").rglob("*") if p.suffix in (".xlsx", ".docx")]) == 7


@pytest.mark.parametrize(("code", "detail"), [
    (3, "退出码 3"),
    (3221225477, "退出码 0xC0000005：last words"),  # Windows: an access violation
    (0xC0000409, "退出码 0xC0000409：last words"),  # Windows: a native library's abort
])
def test_a_windows_crash_code_is_shown_as_microsoft_documents_it(code: int, detail: str) -> None:
    assert _exit_detail(code, "last words" if code > 3 else "") == detail


ENTRY = """
import multiprocessing, runpy, sys
import xlgen.output.pool as pool
pool._context = lambda: multiprocessing.get_context("spawn")
sys.argv = ["xlgen", *sys.argv[1:]]
runpy.run_module("xlgen", run_name="__main__", alter_sys=True)
"""


def test_python_dash_m_xlgen_is_safe_to_spawn_from(inputs: Path) -> None:
    """``python -m xlgen`` (xlgen/__main__.py, which the console script's run() shares), its
    workers spawned: they do not run the command again, and the run exits as it should."""
    result = subprocess.run([sys.executable, "-c", ENTRY, "build", "inputs", "-j", "2"],
                            cwd=inputs.parent, capture_output=True, timeout=300,
                            env={**os.environ, "PYTHONIOENCODING": "utf-8"})
    out = result.stdout.decode("utf-8")
    assert result.returncode == 0, out + result.stderr.decode("utf-8", "replace")
    assert out.count("共 4 个工作簿，4 个成功，0 个有错误。") == 1
    assert result.stderr == b""
    assert len([p for p in (inputs.parent / "outputs").rglob("*")
                if p.suffix in (".xlsx", ".docx")]) == 7


@pytest.mark.parametrize(("platform", "jobs", "items", "workers"), [
    ("win32", 64, 100, WINDOWS_MAX_WORKERS),  # 2 handles a worker: at most 63 at once
    ("win32", 8, 100, 8),
    ("win32", 64, 3, 3),
    ("linux", 64, 100, 64),
    ("linux", 0, 5, 1),
])
def test_windows_never_gets_more_workers_than_it_can_wait_on(
        monkeypatch: pytest.MonkeyPatch, platform: str, jobs: int, items: int,
        workers: int) -> None:
    monkeypatch.setattr(sys, "platform", platform)
    assert worker_count(jobs, items) == workers
    assert 2 * WINDOWS_MAX_WORKERS <= 60  # CPython's own batching threshold
