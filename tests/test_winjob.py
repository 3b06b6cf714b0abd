"""The worker's memory limit on Windows (issue 15): a job object with ProcessMemoryLimit.

Windows is not at hand here: the calls are checked against a stand-in kernel32 (arguments,
the structure's layout as Windows x64 declares it), and the pool is checked to take this way
on win32 instead of setrlimit. The limit itself is exercised on POSIX by test_isolation.py.
"""

from __future__ import annotations

import ctypes
import struct
import sys
from typing import Any

import pytest

from xlgen.output import pool, winjob

MB = 1 << 20


class FakeKernel32:
    """Records the calls; ``fail`` names the one that returns 0 (FALSE / NULL)."""

    JOB, PROCESS = 0x1234, -1  # GetCurrentProcess returns the pseudo-handle -1

    def __init__(self, fail: str = ""):
        self.fail = fail
        self.calls: list[tuple[str, tuple[Any, ...]]] = []
        self.limits: bytes = b""

    def _answer(self, name: str, value: Any) -> Any:
        return 0 if self.fail == name else value

    def CreateJobObjectW(self, *args: Any) -> Any:  # noqa: N802 - Windows' names
        self.calls.append(("CreateJobObjectW", args))
        return self._answer("CreateJobObjectW", self.JOB)

    def SetInformationJobObject(self, job: Any, kind: int, info: Any, size: int) -> int:  # noqa: N802
        self.calls.append(("SetInformationJobObject", (job, kind, size)))
        self.limits = ctypes.string_at(ctypes.addressof(info._obj), size)
        return self._answer("SetInformationJobObject", 1)

    def GetCurrentProcess(self) -> int:  # noqa: N802
        return self.PROCESS

    def AssignProcessToJobObject(self, job: Any, process: Any) -> int:  # noqa: N802
        self.calls.append(("AssignProcessToJobObject", (job, process)))
        return self._answer("AssignProcessToJobObject", 1)


@pytest.mark.skipif(struct.calcsize("P") != 8, reason="the layout of 64-bit Windows")
def test_the_structure_has_windows_x64_layout() -> None:
    assert ctypes.sizeof(winjob.IoCounters) == 48
    assert ctypes.sizeof(winjob.BasicLimits) == 64
    assert ctypes.sizeof(winjob.ExtendedLimits) == 144
    assert winjob.BasicLimits.LimitFlags.offset == 16
    assert winjob.ExtendedLimits.ProcessMemoryLimit.offset == 112


@pytest.mark.skipif(struct.calcsize("P") != 8, reason="the layout of 64-bit Windows")
def test_the_job_limits_this_process_memory() -> None:
    kernel32 = FakeKernel32()
    assert winjob.limit_process_memory(400 * MB, kernel32) is True
    assert [name for name, _ in kernel32.calls] == [
        "CreateJobObjectW", "SetInformationJobObject", "AssignProcessToJobObject"]
    assert kernel32.calls[0][1] == (None, None)  # unnamed, default security
    assert kernel32.calls[1][1] == (FakeKernel32.JOB, 9, 144)  # JobObjectExtendedLimitInformation
    assert kernel32.calls[2][1] == (FakeKernel32.JOB, FakeKernel32.PROCESS)
    # the bytes Windows reads: LimitFlags (offset 16) = JOB_OBJECT_LIMIT_PROCESS_MEMORY,
    # ProcessMemoryLimit (offset 112) = the limit, everything else 0
    expected = bytearray(144)
    struct.pack_into("<I", expected, 16, 0x100)
    struct.pack_into("<Q", expected, 112, 400 * MB)
    assert kernel32.limits == bytes(expected)


@pytest.mark.parametrize("fail", ["CreateJobObjectW", "SetInformationJobObject",
                                  "AssignProcessToJobObject"])
def test_a_refusal_is_no_limit_not_a_crash(fail: str) -> None:
    assert winjob.limit_process_memory(400 * MB, FakeKernel32(fail)) is False


def test_the_pool_uses_the_job_on_windows(monkeypatch: pytest.MonkeyPatch) -> None:
    asked: list[int] = []
    monkeypatch.setattr(sys, "platform", "win32")
    monkeypatch.setattr(winjob, "limit_process_memory", lambda limit: asked.append(limit) or True)
    pool._limit_memory(400)
    assert asked == [400 * MB]
    pool._limit_memory(None)  # no limit asked: nothing done
    assert asked == [400 * MB]
