"""Check one workbook: read it, load the model and apply every rule, collecting problems."""

from __future__ import annotations

from pathlib import Path

from ..errors import NotAWorkbookError, internal_error_message
from ..model import InputBook
from ..problems import Report
from ..workbook import load_book, read_raw
from .validate import validate


def check_workbook(
    path: str | Path, display_name: str | None = None
) -> tuple[InputBook | None, Report]:
    """Read and validate one workbook: its model (None if unreadable) and every problem found."""
    path = Path(path)
    report = Report(file=display_name or str(path))
    try:
        raw = read_raw(path)
    except NotAWorkbookError as exc:
        report.error("not-a-workbook", str(exc))
        return None, report
    try:
        book = load_book(raw, report)
        if book is not None:
            validate(book, report)
    except Exception as exc:  # a bug of ours must not stop the other workbooks
        report.error("internal-error", internal_error_message(exc))
        return None, report
    return book, report
