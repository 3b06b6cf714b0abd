"""Validation problems as values: typed records collected in one pass, never raised."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from enum import StrEnum


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"

    @property
    def label(self) -> str:
        return "错误" if self is Severity.ERROR else "警告"


@dataclass(frozen=True)
class Problem:
    """One problem: where it is (file, sheet, cell), a short code, and a Chinese message."""

    severity: Severity
    code: str
    message: str
    file: str = ""
    sheet: str = ""
    cell: str = ""

    @property
    def where(self) -> str:
        """``项目!C7``, ``项目``, or ``''``."""
        if self.sheet and self.cell:
            return f"{self.sheet}!{self.cell}"
        return self.sheet

    def as_dict(self) -> dict[str, str]:
        data = asdict(self)
        data["severity"] = self.severity.value
        return data


@dataclass
class Report:
    """The problems found in one workbook."""

    file: str
    problems: list[Problem] = field(default_factory=list)

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

    def codes(self) -> list[tuple[str, str]]:
        """``[(code, "sheet!cell"), …]``: handy in tests."""
        return [(p.code, p.where) for p in self.problems]
