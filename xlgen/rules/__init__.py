"""③ Rules: read-only functions of the model (validation, targets, scoring, report figures)."""

from .check import check_workbook
from .figures import build as report_figures
from .sanity import check_sanity, folder_year
from .scoring import budget_execution_score, computed_score, grade, indicator_score
from .targets import Target, is_qualitative, parse_target
from .validate import validate

__all__ = [
    "Target",
    "budget_execution_score",
    "check_sanity",
    "check_workbook",
    "computed_score",
    "folder_year",
    "grade",
    "indicator_score",
    "is_qualitative",
    "parse_target",
    "report_figures",
    "validate",
]
