"""⑤ Delivery: a run over many workbooks (check, build), and atomic writes."""

from .atomic import write_atomic
from .build import Run, build_all, build_run, build_workbook, check_run, output_folder
from .plan import Skipped, WorkbookResult, plan

__all__ = [
    "Run",
    "Skipped",
    "WorkbookResult",
    "build_all",
    "build_run",
    "build_workbook",
    "check_run",
    "output_folder",
    "plan",
    "write_atomic",
]
