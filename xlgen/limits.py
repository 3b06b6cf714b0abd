"""What one workbook may use while it is checked and rendered (a worker's limits)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Limits:
    """Wall-clock seconds and the worker's memory (MB; enforced on POSIX) for one workbook."""

    seconds: float | None = 600.0
    memory_mb: int | None = 4096


DEFAULT_LIMITS = Limits()
