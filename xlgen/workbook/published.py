"""Read a published table back into the content of an input workbook (``xlgen import``).

A published 项目支出绩效目标表 (district or city style, xlgen's own output included) or
部门整体预算绩效目标申报表 is read sheet by sheet: merged cells are un-merged (every cell of
a merged range holds its value), the table is recognised by its labels, not by position, and
its content becomes ``data`` for :func:`write_input_workbook` (sheet name → content). Every
cell that cannot be read is a problem in ``report`` at its sheet and cell, never guessed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

from ..model import Framework, default_framework
from ..money import parse_amount
from ..problems import Report
from ..shown import shown
from .cells import is_blank, norm_label, number_slip, to_text
from .grid import Grid, RawBook, cell_ref

PROJECT_TABLE = "项目支出绩效目标表"
DEPT_FORM = "部门整体预算绩效目标申报表"
_YEAR = re.compile(r"(?<!\d)(20\d\d)(?!\d)")


@dataclass
class Sheet:
    """One published sheet, un-merged, with the report its problems go to."""

    grid: Grid
    rows: list[list[object]]
    report: Report
    framework: Framework

    @property
    def name(self) -> str:
        return self.grid.name

    def text(self, row: int, col: int) -> str:
        """A cell as text: a number or date as the published table showed it (95%)."""
        value = self.rows[row][col] if row < len(self.rows) and col < len(self.rows[row]) else ""
        if is_blank(value):
            return ""
        if not isinstance(value, str) and self.grid.value(row, col) == value:
            shown = self.grid.shown(row, col)
            if shown is not None:
                return shown.strip()
        return to_text(value)

    def label(self, row: int, col: int) -> str:
        return norm_label(self.text(row, col))

    def amount(self, row: int, col: int, value: object = None) -> Decimal | str | None:
        """The amount at a cell (or ``value`` read from it), exact; the printed text (and an
        error) when it is not an amount."""
        if value is None:
            value = self.rows[row][col] if col < len(self.rows[row]) else ""
        if is_blank(value):
            return None
        try:
            return parse_amount(value)
        except ValueError:
            slip = number_slip(value) or ""
            self.report.error("import-bad-amount",
                              f"应为金额，却是“{shown(value)}”。{slip}已照抄到生成的工作簿，"
                              "请改为数字。", self.name, cell_ref(row, col))
            return to_text(value)

    def warn(self, code: str, message: str, row: int, col: int) -> None:
        self.report.warn(code, message, self.name, cell_ref(row, col))


@dataclass
class Imported:
    """What a published workbook gave: input-workbook ``data`` and what was read from where."""

    data: dict[str, Any] = field(default_factory=dict)
    read: list[str] = field(default_factory=list)  # "项目支出绩效目标表（工作表“…”）: 13 个项目"
    tables: list[tuple[str, str]] = field(default_factory=list)  # (PROJECT_TABLE, sheet), …

    def found(self, kind: str, sheet: str, what: str) -> None:
        """A ``kind`` of table read from ``sheet``; ``what`` it gave (“13 个项目”)."""
        self.tables.append((kind, sheet))
        self.read.append(f"{kind}（工作表“{sheet}”）：{what}")

    def sheets_of(self, kind: str) -> list[str]:
        """The sheets a ``kind`` of table was read from, in order."""
        return [sheet for found, sheet in self.tables if found == kind]

    @property
    def kinds(self) -> list[str]:
        """The kinds of table read (PROJECT_TABLE, DEPT_FORM), each once, in order."""
        return list(dict.fromkeys(kind for kind, _ in self.tables))

    def form(self, sheet: str) -> dict[str, Any]:
        return self.data.setdefault(sheet, {})

    def table(self, sheet: str) -> list[dict[str, Any]]:
        return self.data.setdefault(sheet, [])


def unmerged(grid: Grid) -> list[list[object]]:
    """The grid's rows with every cell of a merged range holding the range's value.

    Only cells within the grid are filled (a merge of a whole sheet costs no more than the
    grid): beyond the last cell that holds a value there is nothing to read."""
    rows = [list(r) for r in grid.rows]
    width = max((len(r) for r in rows), default=0)
    for row in rows:
        row.extend([""] * (width - len(row)))
    for (r0, c0), (r1, c1) in grid.merged:
        value = grid.value(r0, c0)
        for r in range(r0, min(r1, len(rows) - 1) + 1):
            row = rows[r]
            for c in range(c0, min(c1, width - 1) + 1):
                row[c] = value
    return rows


def read_published(raw: RawBook, report: Report, *, year: int | None = None,
                   folder_year: int | None = None, framework: Framework | None = None
                   ) -> Imported:
    """Read every visible sheet of ``raw`` that holds a published table; report the rest.
    A hidden sheet holding one is read (with a warning) only when no visible sheet does:
    beside a visible table it is a copy nobody sees, left out (with a warning).

    年度 (never printed): ``year``, else the one in the file's name (``2023年…``) or its
    folder's, else ``folder_year`` (the new workbook's folder, ``inputs/2023/``)."""
    from .published_form import read_dept_form
    from .published_projects import read_project_table

    framework = framework or default_framework()
    imported = Imported()

    def read(grid: Grid, into: Imported, to: Report) -> bool:
        sheet = Sheet(grid, unmerged(grid), to, framework)
        return read_project_table(sheet, into) or read_dept_form(sheet, into)

    for grid in raw.sheets.values():
        if not grid.hidden:
            read(grid, imported, report)
    seen = bool(imported.read)
    for grid in raw.sheets.values():  # a sheet nobody sees: never silently
        if not grid.hidden:
            continue
        if not seen:  # the only table(s) in the file: read, and said
            if read(grid, imported, report):
                report.warn("import-hidden-sheet",
                            f"工作表“{grid.name}”是隐藏的，其中的公开表格仍读取了。请在 Excel/WPS "
                            "中取消隐藏（右击工作表标签 → 取消隐藏），核对它就是要读回的表格。",
                            grid.name)
        elif read(grid, Imported(), Report(report.file)):
            report.warn("import-hidden-sheet",
                        f"工作表“{grid.name}”是隐藏的，其中也有公开表格，没有读取（读取的是可见的"
                        "工作表）。如果要读回的是它，请在 Excel/WPS 中取消隐藏、删除不用的那张表，"
                        "再加 --force 重新导入。", grid.name)
    if not imported.read:
        report.error("import-unknown-table",
                     f"没有找到可以读取的{PROJECT_TABLE}或{DEPT_FORM}（按“项目名称”“绩效指标”"
                     "列标题、“预算整体情况”等栏目识别）。请确认文件是公开的表格本身。")
        return imported
    department = imported.form("部门信息")
    found = year or _year_of(raw.path) or folder_year
    if found is None:
        report.warn("import-no-year",
                    "公开的表格没有写年度，文件名和文件夹名中也没有找到。"
                    "请在生成的工作簿“部门信息”表中填写年度（或导入时加 --year）。")
    department["年度"] = found
    return imported


def published_tables(raw: RawBook) -> list[str]:
    """The kinds of published table ``xlgen import`` would read in ``raw`` (PROJECT_TABLE,
    DEPT_FORM), found without a word to the clerk: empty for anything else. Said when such a
    table is given where an input workbook belongs (validate, build, summary, init --from)."""
    try:
        return read_published(raw, Report(str(raw.path))).kinds
    except MemoryError:
        raise
    except Exception:  # a question asked on the way to another message: never its own error
        return []


def _year_of(path: Path) -> int | None:
    """The year in the file's name (``2023年…``), else in its folder's name."""
    for name in (path.stem, path.parent.name):
        match = _YEAR.search(name)
        if match:
            return int(match.group(1))
    return None

