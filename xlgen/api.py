"""The library's one door: check workbooks and build documents from Python.

    from xlgen.api import check_workbook
    book, report = check_workbook("inputs/2023/某部门.xlsx")
    if report.valid: ...
"""

from __future__ import annotations

from pathlib import Path

from .errors import NotAWorkbookError
from .loader import load_book
from .model import InputBook
from .problems import Report
from .reader import read_raw
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


def internal_error_message(exc: BaseException) -> str:
    """The Chinese sentence for an unexpected failure (a bug in xlgen, not in the input)."""
    return (f"程序内部错误（{type(exc).__name__}: {exc}）。这不是填表的问题："
            "请把这个工作簿和本提示发给维护人员。其他工作簿不受影响。")


def find_workbooks(paths: list[str | Path]) -> tuple[list[tuple[Path, Path]], list[str]]:
    """Expand files and folders into workbooks, skipping ``~$`` lock files and hidden files.

    Returns ``(workbook, folder relative to the argument it came from)`` pairs in a stable
    order (a file argument has folder ``.``), and Chinese notes on paths that do not exist.
    """
    found: list[tuple[Path, Path]] = []
    missing: list[str] = []
    for item in paths:
        p = Path(item)
        if p.is_dir():
            for child in sorted(p.rglob("*.xlsx")):
                rel = child.relative_to(p)
                if any(part.startswith((".", "~$")) for part in rel.parts):
                    continue
                found.append((child, rel.parent))
        elif p.is_file():
            found.append((p, Path(".")))
        else:
            missing.append(f"找不到文件或文件夹：{item}")
    seen: set[Path] = set()
    unique = []
    for f, rel in found:
        key = f.resolve()
        if key not in seen:
            seen.add(key)
            unique.append((f, rel))
    return unique, missing
