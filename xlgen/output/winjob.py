"""A worker's memory limit on Windows: a job object with a per-process memory limit.

POSIX workers limit their address space with ``setrlimit`` (pool.py); Windows has no such
call, so the worker puts itself in a job object whose ``ProcessMemoryLimit`` makes any
allocation beyond the limit fail. Python then raises MemoryError, exactly as under
``RLIMIT_AS``, and the pool reports that workbook's ``memory`` failure.

Only ``kernel32`` through ctypes: no dependency. ``kernel32`` is a parameter so that the calls
and the structure (144 bytes on 64-bit Windows) are tested on any platform with a stand-in.
"""

from __future__ import annotations

import ctypes
from typing import Any

JOB_OBJECT_LIMIT_PROCESS_MEMORY = 0x00000100
JOB_OBJECT_EXTENDED_LIMIT_INFORMATION = 9  # JOBOBJECTINFOCLASS JobObjectExtendedLimitInformation

DWORD = ctypes.c_uint32
HANDLE = ctypes.c_void_p


class IoCounters(ctypes.Structure):
    """IO_COUNTERS."""

    _fields_ = [(name, ctypes.c_ulonglong) for name in (
        "ReadOperationCount", "WriteOperationCount", "OtherOperationCount",
        "ReadTransferCount", "WriteTransferCount", "OtherTransferCount")]


class BasicLimits(ctypes.Structure):
    """JOBOBJECT_BASIC_LIMIT_INFORMATION."""

    _fields_ = [
        ("PerProcessUserTimeLimit", ctypes.c_int64),  # LARGE_INTEGER
        ("PerJobUserTimeLimit", ctypes.c_int64),
        ("LimitFlags", DWORD),
        ("MinimumWorkingSetSize", ctypes.c_size_t),
        ("MaximumWorkingSetSize", ctypes.c_size_t),
        ("ActiveProcessLimit", DWORD),
        ("Affinity", ctypes.c_size_t),  # ULONG_PTR
        ("PriorityClass", DWORD),
        ("SchedulingClass", DWORD),
    ]


class ExtendedLimits(ctypes.Structure):
    """JOBOBJECT_EXTENDED_LIMIT_INFORMATION."""

    _fields_ = [
        ("BasicLimitInformation", BasicLimits),
        ("IoInfo", IoCounters),
        ("ProcessMemoryLimit", ctypes.c_size_t),
        ("JobMemoryLimit", ctypes.c_size_t),
        ("PeakProcessMemoryUsed", ctypes.c_size_t),
        ("PeakJobMemoryUsed", ctypes.c_size_t),
    ]


_job: Any = None  # the job's handle, kept open for the worker's life


def _kernel32() -> Any:
    kernel32 = ctypes.WinDLL("kernel32", use_last_error=True)  # type: ignore[attr-defined]
    kernel32.CreateJobObjectW.restype = HANDLE
    kernel32.CreateJobObjectW.argtypes = [ctypes.c_void_p, ctypes.c_wchar_p]
    kernel32.SetInformationJobObject.restype = ctypes.c_int
    kernel32.SetInformationJobObject.argtypes = [HANDLE, ctypes.c_int, ctypes.c_void_p, DWORD]
    kernel32.GetCurrentProcess.restype = HANDLE
    kernel32.GetCurrentProcess.argtypes = []
    kernel32.AssignProcessToJobObject.restype = ctypes.c_int
    kernel32.AssignProcessToJobObject.argtypes = [HANDLE, HANDLE]
    return kernel32


def limit_process_memory(limit: int, kernel32: Any = None) -> bool:
    """Limit this process to ``limit`` bytes of committed memory; False when Windows refuses
    (the time limit still holds then)."""
    global _job
    k = kernel32 if kernel32 is not None else _kernel32()
    job = k.CreateJobObjectW(None, None)
    if not job:
        return False
    info = ExtendedLimits()
    info.BasicLimitInformation.LimitFlags = JOB_OBJECT_LIMIT_PROCESS_MEMORY
    info.ProcessMemoryLimit = limit
    if not k.SetInformationJobObject(job, JOB_OBJECT_EXTENDED_LIMIT_INFORMATION,
                                     ctypes.byref(info), ctypes.sizeof(info)):
        return False
    if not k.AssignProcessToJobObject(job, k.GetCurrentProcess()):
        return False
    _job = job
    return True
