"""What one workbook may use while it is checked and rendered (a worker's limits)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Limits:
    """Wall-clock seconds and the worker's memory (MB; enforced on POSIX) for one workbook."""

    seconds: float | None = 600.0
    memory_mb: int | None = 4096


DEFAULT_LIMITS = Limits()
# Seconds LibreOffice may take to print one document to PDF (build --pdf-timeout): a
# 600-indicator city table takes ~20 s on a current PC, several times that on an old one.
PDF_SECONDS = 300.0
