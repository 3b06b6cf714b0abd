"""The library's one door: check workbooks and build documents from Python.

    from xlgen.api import check_workbook, build_all, find_workbooks
    book, report = check_workbook("inputs/2023/某部门.xlsx")
    if report.valid: ...

Everything the command line does, a Python caller can do from here.
"""

from __future__ import annotations

from .output import WorkbookResult, build_all, build_workbook
from .render import check_templates, load_manifest, template_variables
from .rules import check_workbook
from .workbook import find_workbooks, write_input_workbook

__all__ = [
    "WorkbookResult",
    "build_all",
    "build_workbook",
    "check_templates",
    "check_workbook",
    "find_workbooks",
    "load_manifest",
    "template_variables",
    "write_input_workbook",
]
