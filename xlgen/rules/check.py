"""Check one workbook: read it, load the model and apply every rule, collecting problems."""

from __future__ import annotations

from pathlib import Path

from ..errors import NotAWorkbookError, internal_error_message
from ..model import InputBook
from ..problems import Report
from ..workbook import (
    XLSX_SUFFIXES,
    Contract,
    contract_sheet,
    load_book,
    published_tables,
    read_raw,
)
from .control import clean_texts
from .names import name_breaks
from .sanity import check_sanity
from .validate import validate


def check_workbook(
    path: str | Path, display_name: str | None = None, contract: Contract | None = None
) -> tuple[InputBook | None, Report]:
    """Read and validate one workbook: its model (None if unreadable) and every problem found.

    ``contract``: the templates folder's (fields a maintainer declared); default the packaged."""
    path = Path(path)
    report = Report(file=display_name or str(path))
    try:
        raw = read_raw(path, wanted=contract_sheet)
    except NotAWorkbookError as exc:
        report.error("not-a-workbook", str(exc))
        return None, report
    if path.suffix.lower() not in XLSX_SUFFIXES:
        report.warn("wrong-extension",
                    f"{path.name} 的扩展名是 {path.suffix}，内容却是 .xlsx 工作簿，"
                    "已按 .xlsx 读取。"
                    f"请把文件改名为 {_renamed(path)}。")
    try:
        book = load_book(raw, report, contract)
        del raw  # the raw grids, most of a big workbook's memory, are done with
        if book is None and any(p.code == "missing-sheet" for p in report.problems):
            _published_instead(path, report)
        if book is not None:
            clean_texts(book, report)
            name_breaks(book, report)
            validate(book, report)
            check_sanity(book, report, path)
    except MemoryError:
        raise  # left to the caller: a worker pool reports it once the memory is released
    except Exception as exc:  # a bug of ours must not stop the other workbooks
        report.error("internal-error", internal_error_message(exc))
        return None, report
    return book, report


def _published_instead(path: Path, report: Report) -> None:
    """A published 目标表 or 申报表 given as an input workbook (a department sent the table
    it printed, or the clerk picked the wrong file): said for what it is, with the command
    that reads it back, instead of a missing 部门信息 and advice to rename its sheet."""
    try:
        tables = published_tables(read_raw(path))  # every sheet's cells, on this path only
    except (NotAWorkbookError, OSError):
        return
    if not tables:
        return
    report.problems[:] = [p for p in report.problems
                          if p.code not in ("missing-sheet", "sheet-name")]
    report.error(
        "published-table",
        f"{path.name} 是公开的{'和'.join(tables)}，不是输入工作簿（没有“部门信息”“项目”等"
        f"工作表），不能直接检查或生成。请用 xlgen import {path} 新工作簿.xlsx 把它读回成输入工作簿"
        "（如 xlgen import 2023年某局项目支出绩效目标表.xlsx inputs/2023/某局.xlsx），"
        "补填读不回的内容后，检查、生成新工作簿。")


def _renamed(path: Path) -> str:
    """The name a workbook with the wrong extension should have: ``某局.xlsx`` for
    ``某局.xls``, and for ``某局.xlsx.zip`` (a mail system's renaming) too."""
    stem = Path(path.stem)
    return stem.name if stem.suffix.lower() in XLSX_SUFFIXES else f"{stem.name}.xlsx"
