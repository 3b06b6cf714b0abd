"""The library's one door: check workbooks and build documents from Python.

    from xlgen.api import check_workbook, build_all, find_workbooks
    book, report = check_workbook("inputs/2023/某部门.xlsx")
    if report.valid: ...

Everything the command line does, a Python caller can do from here.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .catalogue import Entry, Policy, catalogue
from .filenames import folder_year
from .output import (
    DEFAULT_LIMITS,
    DeliveryOptions,
    Limits,
    NewBook,
    Run,
    Skipped,
    SummaryRow,
    WorkbookResult,
    beside_stale,
    build_all,
    build_run,
    build_workbook,
    check_run,
    deliver,
    foreign_summary,
    import_table,
    input_at,
    plan_delivery,
    start_from,
    summarise,
    write_blank,
    write_summary,
)
from .render import (
    Templates,
    check_templates,
    export_templates,
    find_templates,
    load_manifest,
    template_variables,
)
from .rules import check_workbook
from .workbook import (
    Discovery,
    archives_in,
    discover_workbooks,
    find_workbooks,
    lock_file,
    open_note,
)

if TYPE_CHECKING:
    from .workbook import write_input_workbook


def __getattr__(name: str) -> Any:
    # The blank-workbook writer imports xlsxwriter: loaded when used, not by every command.
    if name == "write_input_workbook":
        from . import workbook

        return workbook.write_input_workbook
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = [
    "DEFAULT_LIMITS",
    "DeliveryOptions",
    "Discovery",
    "Entry",
    "Limits",
    "NewBook",
    "Policy",
    "Run",
    "Skipped",
    "SummaryRow",
    "Templates",
    "WorkbookResult",
    "beside_stale",
    "build_all",
    "build_run",
    "build_workbook",
    "catalogue",
    "check_run",
    "check_templates",
    "check_workbook",
    "deliver",
    "discover_workbooks",
    "archives_in",
    "export_templates",
    "find_templates",
    "find_workbooks",
    "folder_year",
    "foreign_summary",
    "input_at",
    "import_table",
    "load_manifest",
    "lock_file",
    "open_note",
    "plan_delivery",
    "start_from",
    "summarise",
    "template_variables",
    "write_blank",
    "write_input_workbook",
    "write_summary",
]
