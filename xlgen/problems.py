"""Validation problems as values: typed records collected in one pass, never raised.

Every code is listed, with its meaning and what to do, in data/problems.toml (see
:mod:`xlgen.catalogue`).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from enum import StrEnum


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"

    @property
    def label(self) -> str:
        return "错误" if self is Severity.ERROR else "警告"


class Location(StrEnum):
    """What a problem's place is: a cell, a Word paragraph, a whole sheet, a whole file."""

    CELL = "cell"  # sheet + cell: 项目!C7 (a Word template's part is not a sheet: see PARAGRAPH)
    PARAGRAPH = "paragraph"  # Word template: sheet is the part (正文/页眉/页脚), paragraph the text
    SHEET = "sheet"  # a whole sheet (a missing sheet, a missing column)
    FILE = "file"  # the whole file (unreadable, no documents to build)


@dataclass(frozen=True)
class Problem:
    """One problem: where it is (file, sheet, cell or paragraph), a short code, a message."""

    severity: Severity
    code: str
    message: str
    file: str = ""
    sheet: str = ""
    cell: str = ""
    paragraph: str = ""  # Word templates: the paragraph's text (shortened); cell is then ''

    @property
    def location(self) -> Location:
        if self.paragraph:
            return Location.PARAGRAPH
        if self.cell:
            return Location.CELL
        return Location.SHEET if self.sheet else Location.FILE

    @property
    def where(self) -> str:
        """``项目!C7``, ``项目``, ``正文段落“…”`` or ``''``."""
        if self.paragraph:
            return f"{self.sheet}段落“{self.paragraph}”"
        if self.sheet and self.cell:
            return f"{self.sheet}!{self.cell}"
        return self.sheet

    def as_dict(self) -> dict[str, str]:
        """The ``--json`` record: severity, code, message, file, sheet, cell, paragraph and
        location (cell | paragraph | sheet | file)."""
        data = asdict(self)
        data["severity"] = self.severity.value
        data["location"] = self.location.value
        return data


@dataclass
class Report:
    """The problems found in one workbook."""

    file: str
    problems: list[Problem] = field(default_factory=list)
    ignored: int = 0  # warnings switched off by --ignore or xlgen.toml

    def error(self, code: str, message: str, sheet: str = "", cell: str = "") -> None:
        self.problems.append(Problem(Severity.ERROR, code, message, self.file, sheet, cell))

    def warn(self, code: str, message: str, sheet: str = "", cell: str = "") -> None:
        self.problems.append(Problem(Severity.WARNING, code, message, self.file, sheet, cell))

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity is Severity.ERROR]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if p.severity is Severity.WARNING]

    @property
    def valid(self) -> bool:
        return not self.errors

    def in_reading_order(self, sheet_order: list[str]) -> list[Problem]:
        """Errors first, then warnings; each by sheet (in ``sheet_order``), row and column.

        A clerk fixes problems top to bottom; problems with no cell come first in their sheet.
        """
        rank = {name: i for i, name in enumerate(sheet_order)}

        def key(p: Problem) -> tuple:
            letters = "".join(ch for ch in p.cell if ch.isalpha())
            digits = "".join(ch for ch in p.cell if ch.isdigit())
            column = 0
            for ch in letters:
                column = column * 26 + ord(ch) - 64
            return (p.severity is not Severity.ERROR, rank.get(p.sheet, len(rank)) if p.sheet
                    else -1, int(digits or 0), column)

        return sorted(self.problems, key=key)


@dataclass(frozen=True)
class Fold:
    """Repeats of one code down one column of a sheet, shown as one line with a range."""

    first: Problem
    count: int = 1
    where: str = ""  # ``项目绩效指标!A2:A64`` (runs of rows, comma-separated), or first.where
    same_message: bool = True  # every folded problem says the same


_CELL = re.compile(r"([A-Z]+)(\d+)$")
MAX_RUNS = 4  # row runs a folded range lists before "…"


def _runs(rows: list[int]) -> list[tuple[int, int]]:
    runs: list[tuple[int, int]] = []
    for row in sorted(set(rows)):
        if runs and row == runs[-1][1] + 1:
            runs[-1] = (runs[-1][0], row)
        else:
            runs.append((row, row))
    return runs


def _fold_key(p: Problem) -> tuple[Severity, str, str, str, str] | None:
    match = _CELL.match(p.cell) if p.location is Location.CELL else None
    return (p.severity, p.code, p.file, p.sheet, match.group(1)) if match else None


def _row(p: Problem) -> int:
    match = _CELL.match(p.cell)
    return int(match.group(2)) if match else 0


def fold(problems: Iterable[Problem], least: int = 3, many: int = 10) -> list[Fold]:
    """Fold repeats of one code down one sheet column into one line with a range: ``least``
    or more saying the same, or ``many`` or more saying different things (a cascade).

    Fewer problems saying different things stay one line each: each names something to fix.
    The order is kept: a fold stands where its first problem stood. Problems without a cell
    are never folded.
    """
    items = list(problems)
    groups: dict[tuple, list[Problem]] = {}
    for p in items:
        key = _fold_key(p)
        if key is not None:
            groups.setdefault(key, []).append(p)
    # whether each group says one thing, asked once per group (not once per problem: a
    # workbook of 20,000 projects has groups of 80,000 problems)
    alike = {key: all(q.message == group[0].message for q in group)
             for key, group in groups.items()}
    out: list[Fold] = []
    done: set[tuple] = set()
    for p in items:
        key = _fold_key(p)
        group = groups.get(key) if key is not None else None
        same = key is not None and alike.get(key, False)
        if key is None or group is None or len(group) < (least if same else many):
            out.append(Fold(p, 1, p.where))
            continue
        if key in done:
            continue
        done.add(key)
        column = key[4]
        runs = _runs([_row(q) for q in group])
        parts = [f"{column}{a}" if a == b else f"{column}{a}:{column}{b}"
                 for a, b in runs[:MAX_RUNS]]
        ranges = ",".join(parts) + (",…" if len(runs) > MAX_RUNS else "")
        out.append(Fold(p, len(group), f"{p.sheet}!{ranges}", same))
    return out
