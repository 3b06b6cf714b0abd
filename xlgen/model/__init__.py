"""② The typed model of one input workbook, and the indicator framework it is checked against."""

from .framework import Framework, Level1, Level2, default_framework, load_framework, strip_code
from .records import (
    ZERO,
    Budget,
    Department,
    Indicator,
    InputBook,
    Located,
    ManagementIndicator,
    Project,
    RowCells,
    SelfEvaluation,
    Task,
    Unit,
)

__all__ = [
    "ZERO",
    "Budget",
    "Department",
    "Framework",
    "Indicator",
    "InputBook",
    "Level1",
    "Level2",
    "Located",
    "ManagementIndicator",
    "Project",
    "RowCells",
    "SelfEvaluation",
    "Task",
    "Unit",
    "default_framework",
    "load_framework",
    "strip_code",
]
