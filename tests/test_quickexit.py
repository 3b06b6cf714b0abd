"""The ``xlgen`` process ends without Python's teardown (cli/quickexit.py): its exit status,
its last output and the exit handlers must all survive that, in a real process."""

import os
import subprocess
import sys

import pytest
from test_cli import bad, good

from xlgen.cli.quickexit import exit_status, run


@pytest.mark.parametrize(("code", "status"), [
    (None, 0), (0, 0), (1, 1), (2, 2), (3, 3), (256, 0), (-1, 255), ("a message", 1),
])
def test_exit_status_is_what_sys_exit_gives(code, status):
    done = subprocess.run([sys.executable, "-c", f"import sys; sys.exit({code!r})"],
                          capture_output=True, check=False)
    assert done.returncode == exit_status(code) == status


def xlgen(*args: str, stdout=subprocess.PIPE) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONIOENCODING": "utf-8"}
    return subprocess.run([sys.executable, "-m", "xlgen", *args], stdout=stdout,
                          stderr=subprocess.PIPE, env=env, check=False)


def test_status_and_last_lines_reach_the_caller(tmp_path):
    (tmp_path / "ok").mkdir()
    (tmp_path / "bad").mkdir()
    good(tmp_path / "ok" / "a.xlsx")
    done = xlgen("build", str(tmp_path / "ok"), "--out", str(tmp_path / "out"))
    assert done.returncode == 0, done.stderr.decode()
    assert done.stdout.decode("utf-8").rstrip().endswith(
        f"共 1 个工作簿，1 个成功，0 个有错误。\n"
        f"文书在 {tmp_path / 'out'} 中，每个部门一个文件夹。")
    written = [p.name for p in (tmp_path / "out").rglob("*.xlsx")]
    assert written == ["2023年测试局项目支出绩效目标表.xlsx"]
    bad(tmp_path / "bad" / "b.xlsx")
    done = xlgen("validate", str(tmp_path / "bad"))
    assert done.returncode == 1 and "约60" in done.stdout.decode("utf-8")
    done = xlgen("validate", str(tmp_path / "none"))
    assert done.returncode == 2 and "none" in done.stderr.decode("utf-8")


def test_a_closed_pipe_is_not_an_error():
    """``xlgen codes | head -1``: the reader is gone before xlgen writes; no traceback."""
    read, write = os.pipe()
    os.close(read)
    try:
        done = xlgen("codes", stdout=write)
    finally:
        os.close(write)
    assert b"Traceback" not in done.stderr and b"Exception ignored" not in done.stderr
    assert done.stderr == b""


def test_exit_handlers_run(tmp_path):
    """Handlers registered with atexit (temporary folders, multiprocessing) still run."""
    flag = tmp_path / "ran"
    code = ("import atexit, pathlib; from xlgen.cli.quickexit import run; "
            f"atexit.register(pathlib.Path({str(flag)!r}).write_text, 'yes'); "
            "import sys; run(lambda: sys.exit(3))")
    done = subprocess.run([sys.executable, "-c", code], check=False)
    assert done.returncode == 3 and flag.read_text() == "yes"


def test_running_threads_finish_as_at_a_normal_exit(tmp_path):
    """A non-daemon thread still working (a thread pool's last task) ends its work first."""
    flag = tmp_path / "done"
    code = ("import threading, time, pathlib, sys; from xlgen.cli.quickexit import run; "
            f"t = threading.Thread(target=lambda: (time.sleep(0.5), "
            f"pathlib.Path({str(flag)!r}).write_text('yes'))); t.start(); "
            "run(lambda: sys.exit(0))")
    done = subprocess.run([sys.executable, "-c", code], check=False)
    assert done.returncode == 0 and flag.read_text() == "yes"


def test_an_unexpected_error_is_not_swallowed():
    """Only SystemExit ends the process quickly; anything else propagates as before."""
    with pytest.raises(ZeroDivisionError):
        run(lambda: 1 / 0)
