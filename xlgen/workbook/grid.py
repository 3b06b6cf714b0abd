"""Read the cells of an input workbook: the package check, then one streaming pass per sheet.

This layer knows nothing of the contract: it gives each sheet as a grid of raw values
(str, float, bool, date/datetime/time or ''), addressed from A1, with what the reader learned
on the way: merged ranges, formula cells with no cached value, error values (``#DIV/0!``),
number formats (so a text field can show what the clerk saw), hidden rows, columns and
sheets, and the far cells left unread.
"""

from __future__ import annotations

import re
import zipfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from .numfmt import display, general
from .refs import col_letter
from .safety import UNREADABLE, damaged, open_package
from .sheetxml import BOUNDS, Bounds, Sheet, read_sheet

XLSX_SUFFIXES = (".xlsx", ".xlsm")  # read as they are; any other name is read by content
_PERCENT_LITERAL = re.compile(r"\s*[+-]?\d+(\.\d+)?\s*%\s*")


def cell_ref(row: int, col: int) -> str:
    """Zero-based (row, col) → ``"C7"``."""
    return f"{col_letter(col)}{row + 1}"


@dataclass
class Grid:
    """One sheet: ``rows[r][c]`` zero-based from A1; merged ranges as ((r0, c0), (r1, c1))."""

    name: str
    rows: Sequence[Sequence[object]]
    merged: list[tuple[tuple[int, int], tuple[int, int]]] = field(default_factory=list)
    uncached: set[str] = field(default_factory=set)
    errors: dict[str, str] = field(default_factory=dict)  # cell → the error Excel shows
    formats: dict[tuple[int, int], tuple[str, float]] = field(default_factory=dict)
    formulas: dict[tuple[int, int], str] = field(default_factory=dict)
    hidden_rows: set[int] = field(default_factory=set)
    hidden_cols: set[int] = field(default_factory=set)
    filtered: bool = False
    hidden: bool = False  # the sheet itself is hidden
    far: list[str] = field(default_factory=list)  # cells beyond the bounds, left unread
    far_count: int = 0
    date1904: bool = False

    def value(self, row: int, col: int) -> object:
        if row < len(self.rows) and col < len(self.rows[row]):
            return self.rows[row][col]
        return ""

    def shown(self, row: int, col: int) -> str | None:
        """The text Excel/WPS shows for a number, date or boolean cell (None for text)."""
        value = self.value(row, col)
        if isinstance(value, bool):
            return "TRUE" if value else "FALSE"
        if (row, col) in self.formats:
            code, number = self.formats[row, col]
            return display(number, code, self.date1904)
        if isinstance(value, float):
            formula = self.formulas.get((row, col), "")
            if _PERCENT_LITERAL.fullmatch(formula):  # =100%: Excel shows it as a percent
                return display(value, "0" + _decimals(formula) + "%")
            return general(value)
        return None


def _decimals(percent: str) -> str:
    digits = percent.strip().rstrip("%").strip().partition(".")[2]
    return "." + "0" * len(digits) if digits else ""


@dataclass
class RawBook:
    path: Path
    sheets: dict[str, Grid]


def read_raw(path: Path, bounds: Bounds = BOUNDS,
             wanted: Callable[[str], bool] | None = None) -> RawBook:
    """Read every sheet's values (only those ``wanted`` by name, if given: the others are
    listed with their name and visibility but no cells); raise NotAWorkbookError for a
    file that is not a workbook."""
    path = Path(path)
    pkg = open_package(path)
    sheets: dict[str, Grid] = {}
    try:
        zf = zipfile.ZipFile(path)
    except UNREADABLE as exc:
        raise damaged(path, path.name, exc) from exc
    with zf:
        for part in pkg.sheets:
            if wanted is not None and not wanted(part.name):
                sheets[part.name] = Grid(part.name, [], hidden=part.hidden)
                continue
            sheet: Sheet = read_sheet(pkg, zf, part.name, part.part, bounds)
            sheets[part.name] = Grid(
                part.name, sheet.rows, sheet.merged, sheet.uncached, sheet.errors,
                sheet.formats, sheet.formulas, sheet.hidden_rows, sheet.hidden_cols,
                sheet.filtered, part.hidden, sheet.far, sheet.far_count, pkg.date1904)
    return RawBook(path, sheets)
