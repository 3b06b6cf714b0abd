"""① Reading: package safety, raw cell grids, cell conversion, the contract, the loader.

``read_raw(path)`` gives the raw grids of a workbook (raising NotAWorkbookError for a file
that is not a safe .xlsx); ``load_book(raw, report)`` turns them into the typed model,
reporting every cell-level problem. ``write_input_workbook`` writes the blank workbook of
``xlgen init``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .config import CONFIG, find_config, folder_policy
from .contract import EXTRA_TYPES, FIELDS_FILE, Contract, Field, SheetSpec, load_contract
from .discover import (
    INPUT_SUFFIXES,
    Discovery,
    discover_workbooks,
    find_workbooks,
    written_by_xlgen,
)
from .grid import XLSX_SUFFIXES, Grid, RawBook, cell_ref, col_letter, read_raw
from .loader import contract_sheet, load_book

if TYPE_CHECKING:
    from .blank import write_input_workbook


def __getattr__(name: str) -> Any:
    # The blank-workbook writer imports xlsxwriter: load it only when used.
    if name == "write_input_workbook":
        from .blank import write_input_workbook

        return write_input_workbook
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = [
    "CONFIG",
    "EXTRA_TYPES",
    "FIELDS_FILE",
    "INPUT_SUFFIXES",
    "XLSX_SUFFIXES",
    "Contract",
    "Discovery",
    "Field",
    "Grid",
    "RawBook",
    "SheetSpec",
    "cell_ref",
    "col_letter",
    "contract_sheet",
    "discover_workbooks",
    "find_config",
    "find_workbooks",
    "folder_policy",
    "load_book",
    "load_contract",
    "read_raw",
    "write_input_workbook",
    "written_by_xlgen",
]
