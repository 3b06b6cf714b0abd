"""③ Rules: read-only functions of the model (validation, targets, scoring, report figures)."""

from .check import check_workbook
from .figures import build as report_figures
from .sanity import check_sanity
from .scoring import (
    Scoring,
    budget_execution_score,
    computed_score,
    grade,
    indicator_score,
    load_scoring,
    parse_scoring,
)
from .selfeval import ProjectEvaluation, evaluate, evaluate_project, share_out
from .targets import Target, is_qualitative, parse_target
from .validate import validate

__all__ = [
    "ProjectEvaluation",
    "Scoring",
    "Target",
    "budget_execution_score",
    "check_sanity",
    "check_workbook",
    "computed_score",
    "evaluate",
    "evaluate_project",
    "grade",
    "indicator_score",
    "is_qualitative",
    "load_scoring",
    "parse_scoring",
    "parse_target",
    "report_figures",
    "share_out",
    "validate",
]
