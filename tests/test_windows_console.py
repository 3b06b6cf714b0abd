"""A Chinese Windows console, or output redirected from one (``xlgen … > log.txt 2>&1``),
writes GBK (code page 936): what GBK lacks (an emoji a clerk typed) shows as ``?`` on both
streams, never a traceback, never ``\\U0001f600``. The real command, in a process of its own:
Python's streams are set up before xlgen runs."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest


def xlgen(*args: str, cwd: Path, encoding: str) -> subprocess.CompletedProcess[bytes]:
    env = {**os.environ, "PYTHONIOENCODING": encoding}
    return subprocess.run([sys.executable, "-m", "xlgen", *args], cwd=cwd, env=env,
                          capture_output=True, timeout=120)


@pytest.mark.parametrize("encoding", ["gbk", "cp936"])
@pytest.mark.parametrize(("args", "says"), [
    (["validate", "收件😀"], "找不到文件或文件夹：收件?（当前文件夹是 "),
    (["--bogus😀"], "错误：没有选项“--bogus?”。"),
    (["init", "新㎡局😀.xlsx", "--year", "2024"], "已生成 新㎡局?.xlsx。"),  # GBK has ㎡
])
def test_what_gbk_lacks_is_a_question_mark_on_either_stream(
        tmp_path: Path, encoding: str, args: list[str], says: str) -> None:
    result = xlgen(*args, cwd=tmp_path, encoding=encoding)
    text = (result.stdout + result.stderr).decode("gbk")  # strictly: all of it is GBK
    assert says in text, text
    assert "Traceback" not in text and "\\U" not in text and "\\u" not in text
