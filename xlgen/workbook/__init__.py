"""① Reading: package safety, raw cell grids, cell conversion, the contract, the loader.

``read_raw(path)`` gives the raw grids of a workbook (raising NotAWorkbookError for a file
that is not a safe .xlsx); ``load_book(raw, report)`` turns them into the typed model,
reporting every cell-level problem. ``write_input_workbook`` writes the blank workbook of
``xlgen init``; ``input_workbook_bytes`` the same as bytes. ``carry_forward`` reads last year's
workbook for ``xlgen init --from``; ``read_published`` a published table for ``xlgen import``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .carry import Carried, carry_forward
from .config import CONFIG, find_config, folder_policy
from .contract import EXTRA_TYPES, FIELDS_FILE, Contract, Field, SheetSpec, load_contract
from .discover import (
    INPUT_SUFFIXES,
    Discovery,
    archives_in,
    changed_since_xlgen,
    discover_workbooks,
    find_workbooks,
    is_input_workbook,
    missing_note,
    written_by_xlgen,
    xlgen_title,
)
from .grid import XLSX_SUFFIXES, Grid, RawBook, cell_ref, col_letter, read_raw
from .loader import contract_sheet, load_book
from .locks import lock_file, open_note
from .published import Imported, published_tables, read_published
from .published_projects import is_total_name

if TYPE_CHECKING:
    from .blank import input_workbook_bytes, write_input_workbook


def __getattr__(name: str) -> Any:
    # The blank-workbook writer imports xlsxwriter: load it only when used.
    if name in ("write_input_workbook", "input_workbook_bytes"):
        from . import blank

        return getattr(blank, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = [
    "CONFIG",
    "Carried",
    "EXTRA_TYPES",
    "FIELDS_FILE",
    "INPUT_SUFFIXES",
    "XLSX_SUFFIXES",
    "Contract",
    "Discovery",
    "Field",
    "Grid",
    "Imported",
    "RawBook",
    "SheetSpec",
    "carry_forward",
    "cell_ref",
    "col_letter",
    "contract_sheet",
    "discover_workbooks",
    "archives_in",
    "find_config",
    "find_workbooks",
    "folder_policy",
    "input_workbook_bytes",
    "load_book",
    "lock_file",
    "load_contract",
    "missing_note",
    "open_note",
    "published_tables",
    "read_published",
    "read_raw",
    "write_input_workbook",
    "changed_since_xlgen",
    "is_input_workbook",
    "is_total_name",
    "written_by_xlgen",
    "xlgen_title",
]
