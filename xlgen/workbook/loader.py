"""Build the typed model from a workbook's raw grids, recording every cell-level problem.

One pass over each contract sheet: forms by label (column A → value in B), tables by the
header text in row 1. Every bad value becomes a Problem naming the sheet and cell; nothing is
raised for bad data. Cross-record rules (identities, stated figures) live in rules/validate.py.
"""

from __future__ import annotations

import datetime as dt
import difflib
from collections.abc import Callable, Mapping
from dataclasses import fields
from decimal import Decimal
from typing import Any

from ..invisible import visible
from ..model import (
    ZERO,
    Budget,
    Department,
    Framework,
    Indicator,
    InputBook,
    ManagementIndicator,
    Project,
    RowCells,
    SelfEvaluation,
    Task,
    default_framework,
    strip_code,
)
from ..money import WAN
from ..problems import Report
from . import cells as C
from .contract import TEXT_TYPES, Contract, Field, SheetSpec, load_contract
from .grid import Grid, RawBook, cell_ref, col_letter
from .labels import (
    absent_columns,
    headless_columns,
    misnamed_labels,
    own_use_level,
    unit_in_label,
    unknown_column,
    unlabelled_values,
)
from .refs import parse_ref
from .sheetxml import BOUNDS
from .visibility import choose_sheet, report_far, report_hidden, sheet_key

INSTRUCTIONS_SHEET = "说明"
BAD = object()  # a cell whose problem is already reported
Record = tuple[int, dict[str, Any], Mapping[str, str]]  # (excel row, values, cells)
# Field types that want a number: a date there is a slip (Excel made 3/20 a date)
AMOUNT_TYPES = frozenset(("amount", "signed_amount"))
NUMBER_TYPES = frozenset(("amount", "signed_amount", "score", "integer", "year", "rate"))


def _cut_column(spec: SheetSpec) -> str:
    """The label of ``spec``'s column where a cut is typed (预算调整), or ''."""
    return next((f.label for f in spec.fields if f.type == "signed_amount"), "")


class Loader:
    """Reads one RawBook into an InputBook, filling ``report``."""

    def __init__(self, raw: RawBook, report: Report, contract: Contract | None = None,
                 framework: Framework | None = None):
        self.raw = raw
        self.report = report
        self.contract = contract or load_contract()
        self.fw = framework or default_framework()
        self.factor = Decimal(1)
        self.unit = "万元"  # the workbook's 金额单位, as the amounts are read
        self.cut_column = ""  # the sheet being read's column for a cut (预算调整), if it has one
        self.broken: set[str] = set()  # contract sheet names with a header or merge error
        # (sheet, field key) of the columns a table lacks that were told once already, or are
        # named in a misnamed-column error: their cells are not reported row by row
        self.absent_told: set[tuple[str, str]] = set()

    # -- sheets ---------------------------------------------------------------------------
    def _find_sheets(self) -> dict[str, Grid]:
        return find_sheets(self.raw, self.contract, self.report)

    # -- values ---------------------------------------------------------------------------
    def _convert(self, f: Field, value: object, sheet: str, refs: Mapping[str, str]) -> Any:
        """Typed value of one cell (``refs[f.key]``, named only for a problem); BAD after
        recording the problem."""
        if C.is_blank(value):
            return None
        try:
            if isinstance(value, dt.date) and f.type in NUMBER_TYPES and (
                    slip := C.date_slip(value)):
                raise C.CellError(slip)
            match f.type:
                case "amount":
                    return C.to_amount(value, factor=self.factor, blank_is_zero=f.zero_blank,
                                       unit=self.unit, cut_column=self.cut_column)
                case "signed_amount":
                    return C.to_amount(value, signed=True, factor=self.factor,
                                       blank_is_zero=True, unit=self.unit)
                case "score":
                    return C.to_score(value, scored=f.key == "score")
                case "integer":
                    return C.to_integer(value)
                case "year":
                    return C.to_integer(value, 2000, 2100)
                case "rate":
                    return C.to_rate(value)
                case "choice":
                    text = C.to_text(value)
                    if text not in f.choices:
                        raise C.CellError(
                            f"只能填写 {'、'.join(f.choices)} 之一，"
                            f"单元格中却是“{C.shown(value)}”。"
                        )
                    return text
                case _:
                    return C.to_text(value)
        except C.CellError as exc:
            code = {"amount": "bad-amount", "signed_amount": "bad-amount", "score": "bad-score",
                    "rate": "bad-rate", "choice": "bad-choice"}.get(f.type, "bad-integer")
            self.report.error(code, f"“{f.label}”{exc}", sheet, refs[f.key])
            return BAD

    def _shown(self, f: Field, grid: Grid, row: int, col: int, value: object) -> object:
        """A text field's value as the clerk saw it (``90%``, ``2023年6月30日``); an amount
        shown as a percent (``95%`` typed in a 实际支出 cell is 0.95) as it shows, so that it is
        refused, not read as 0.95."""
        if f.type in TEXT_TYPES and not isinstance(value, str):
            shown = grid.shown(row, col)
            if shown is not None:
                return shown
        elif f.type in AMOUNT_TYPES and isinstance(value, float) and (row, col) in grid.formats:
            shown = grid.shown(row, col)
            if shown is not None and shown.endswith("%"):
                return shown
        return value

    def _unusable(self, grid: Grid, ref: str, label: str) -> bool:
        return unusable(grid, ref, label, self.report)

    # -- forms ----------------------------------------------------------------------------
    def read_form(self, spec: SheetSpec, grid: Grid
                  ) -> tuple[dict, Mapping[str, str], dict[str, tuple]]:
        """Values and cells by key, plus unknown labels (kept for an open form)."""
        self.cut_column = _cut_column(spec)
        by_name = {C.norm_label(n): f for f in spec.fields for n in f.names}
        values: dict[str, Any] = {}
        refs: dict[str, str] = {}
        labels: dict[str, str] = {}  # the label's cell (A) of each field read
        bad: set[str] = set()
        extras: dict[str, tuple[str, str]] = {}
        unknown: list[tuple[int, str, bool]] = []  # (row, label as written, B filled)
        rows = report_far(grid, self.report, form=True)
        report_hidden(grid, (0, 1), self.report, rows)
        unlabelled_values(self.report, grid, rows)
        for (r0, c0), (r1, c1) in grid.merged:
            if r1 > r0 and c0 <= 1:
                self.report.error(
                    "merged-cells",
                    f"{cell_ref(r0, c0)}:{cell_ref(r1, c1)} 是跨行合并的单元格，"
                    "无法判断它属于哪个字段。"
                    "请取消合并，每个字段单独一行。",
                    grid.name, cell_ref(r0, c0),
                )
        for r, row in enumerate(grid.rows[:rows]):
            raw_label = row[0] if row else ""
            if C.is_blank(raw_label):
                continue
            label = C.norm_label(raw_label)
            if r == 0 and label in ("字段", "项目", "字段名"):
                continue
            value = row[1] if len(row) > 1 else ""
            ref = cell_ref(r, 1)
            f = by_name.get(label)
            if f is None:
                unknown.append((r, C.shown(raw_label), not C.is_blank(value)))
                if spec.open and not self._unusable(grid, ref, label):
                    shown = grid.shown(r, 1) if not isinstance(value, str) else None
                    extras[C.to_text(raw_label)] = (shown or C.to_text(value), ref)
                continue
            if f.key in refs:
                self.report.error(
                    "duplicate-label",
                    f"字段“{f.label}”出现了两次（另一处在 {labels[f.key]}），请只保留一处。",
                    grid.name, cell_ref(r, 0),
                )
                continue
            refs[f.key], labels[f.key] = ref, cell_ref(r, 0)
            unit_in_label(self.report, raw_label, f, grid.name, cell_ref(r, 0), self.unit)
            value = BAD if self._unusable(grid, ref, f.label) else self._convert(
                f, self._shown(f, grid, r, 1, value), grid.name, refs)
            if value is BAD:
                bad.add(f.key)
                value = None
            values[f.key] = value
        misnamed = misnamed_labels(self.report, grid, by_name, unknown, refs)
        for r, text, _ in unknown:
            if not spec.open and (r, text) not in misnamed:
                self.report.warn("unknown-label", f"不认识的字段“{text}”，已忽略。本表的字段有："
                                 f"{'、'.join(x.label for x in spec.fields)}。",
                                 grid.name, cell_ref(r, 0))
        for f in spec.fields:
            if values.get(f.key) is None and f.key not in bad and f.key not in misnamed.values():
                if f.required:
                    self.report.error(
                        "missing-value",
                        f"必填字段“{f.label}”没有填写。" if f.key in refs
                        else f"缺少必填字段“{f.label}”：请在 A 列加一行“{f.label}”，"
                        "并在 B 列填写。",
                        grid.name, refs.get(f.key, ""),
                    )
                elif f.warn_blank:
                    self.report.warn(
                        "blank-value",
                        f"字段“{f.label}”没有填写：请在 B 列填写；确实没有的，可以不填。"
                        if f.key in refs
                        else f"没有字段“{f.label}”：请在 A 列加一行“{f.label}”，并在 B 列填写；"
                        "确实没有的，可以不加。",
                        grid.name, refs.get(f.key, ""),
                    )
        return values, refs, extras

    # -- tables ---------------------------------------------------------------------------
    def read_table(self, spec: SheetSpec, grid: Grid) -> list[Record]:
        """One record per non-blank row, keyed by the contract's column keys."""
        self.cut_column = _cut_column(spec)
        header = grid.rows[0] if grid.rows else []
        by_name = {C.norm_label(n): f for f in spec.fields for n in f.names}
        columns: dict[int, Field] = {}
        seen: dict[str, str] = {}
        # (column, header as written, the standard column it is close to): reported unless
        # row 1 is a title
        unknown: list[tuple[int, str, Field | None]] = []
        for c, text in enumerate(header):
            if C.is_blank(text):
                continue
            f = by_name.get(C.norm_label(text))
            ref = cell_ref(0, c)
            if f is None:
                near = difflib.get_close_matches(C.norm_label(text), list(by_name), n=1, cutoff=0.6)
                unknown.append((c, C.shown(text), by_name[near[0]] if near else None))
                label = C.to_text(text).strip()
                if label not in seen:  # kept for templates as the record's extra[label]
                    columns[c] = Field(key=label, label=label, optional=True, extra=True)
                    seen[label] = ref
            elif f.key in seen:
                self.report.error("duplicate-column",
                                  f"列“{f.label}”出现了两次（另一列在 {seen[f.key]}），"
                                  "请删除一列。",
                                  grid.name, ref)
            else:
                columns[c] = f
                seen[f.key] = ref
                unit_in_label(self.report, text, f, grid.name, ref, self.unit)
        missing = [f for f in spec.fields if f.key not in seen]
        if any(f.required for f in missing):
            found = self._header_below(grid, by_name, [f for f in missing if f.required])
            if found is not None:
                self.report.error(
                    "header-row",
                    f"列标题应在第 1 行，但在第 {found + 1} 行找到了。请删除标题上方的行"
                    "（如表名、单位），让列标题成为第 1 行。", grid.name, f"A{found + 1}")
                self.broken.add(spec.name)
                return []
        misnamed = {unknown_column(self.report, grid, c, text, near, seen)
                    for c, text, near in unknown}
        self.absent_told.update((grid.name, key) for key in misnamed)
        for f in missing:
            if f.required and f.key not in misnamed:
                self.report.error("missing-column",
                                  f"缺少必需的列“{f.label}”：请在第 1 行加上这一列标题。",
                                  grid.name, "")
        if any(f.required for f in missing):
            self.broken.add(spec.name)
            return []
        rows = report_far(grid, self.report, form=False)
        report_hidden(grid, columns, self.report, rows)
        headless_columns(self.report, grid, rows)
        for (r0, c0), (r1, c1) in grid.merged:
            self.broken.add(spec.name)
            self.report.error(
                "merged-cells",
                f"表格中有合并单元格 {cell_ref(r0, c0)}:{cell_ref(r1, c1)}，"
                "程序无法判断它属于哪一行。"
                "请取消合并，并在每个单元格中分别填写。",
                grid.name, cell_ref(r0, c0),
            )
        records: list[Record] = []
        required = [f for f in spec.fields if f.required]
        by_key = {f.key for f in spec.fields}
        column_of = {f.key: c for c, f in columns.items()}
        key_letters = {f.key: col_letter(c) for c, f in columns.items()}  # shared by every row
        unusable = bool(grid.uncached or grid.errors)
        # the columns whose text _convert only trims (to_text): a text cell is read inline
        text_columns = {c for c, f in columns.items() if f.type in TEXT_TYPES}
        # a formula with no saved result reads as blank: its row is read even when every
        # cell of it is one (so it is reported, never dropped), also below the last value
        uncached = {at[0] for ref in grid.uncached
                    if (at := parse_ref(ref)) is not None and at[0] < BOUNDS.rows}
        for r in range(1, max(len(grid.rows), max(uncached, default=0) + 1)):
            row = grid.rows[r] if r < len(grid.rows) else ()
            if r not in uncached and not any(
                    v.strip() and visible(v).strip() if isinstance(v, str) else v is not None
                    for v in row):
                continue  # every cell blank (C.is_blank), tested inline: it runs on every row
            values: dict[str, Any] = {}
            refs = RowCells(r + 1, key_letters)
            bad: set[str] = set()
            width = len(row)
            for c, f in columns.items():
                value = row[c] if c < width else ""
                if unusable and (
                        self._unusable(grid, refs[f.key], f.label) if f.key in by_key
                        else refs[f.key] in grid.uncached or refs[f.key] in grid.errors):
                    value = BAD
                elif c in text_columns and isinstance(value, str):  # most cells: nothing to check
                    # _convert's result, blank or not (C.to_text, its quick case inline)
                    value = (C.to_text(value) if C.not_plain(value) else value.strip()) or None
                else:
                    value = self._convert(f, self._shown(f, grid, r, c, value), grid.name,
                                          refs)
                if value is BAD:
                    bad.add(f.key)
                    value = None
                values[f.key] = value
            for f in required:
                if values.get(f.key) is not None or f.key in bad:
                    continue
                if not _covered(grid.merged, r, column_of[f.key]):
                    self.report.error("missing-value", f"“{f.label}”不能为空。", grid.name,
                                      refs[f.key])
            records.append((r + 1, values, refs))
        if records:
            absent_columns(self.report, grid.name,
                           [f for f in missing if f.warn_absent and f.key not in misnamed])
        return records

    @staticmethod
    def _header_below(grid: Grid, by_name: dict[str, Field], required: list[Field],
                      rows: int = 10) -> int | None:
        """The row (0-based) below row 1 holding every required header, if any."""
        wanted = {f.key for f in required}
        for r in range(1, min(rows, len(grid.rows))):
            keys = {by_name[k].key for v in grid.rows[r] if not C.is_blank(v)
                    if (k := C.norm_label(v)) in by_name}
            if wanted <= keys:
                return r
        return None

    # -- indicators -----------------------------------------------------------------------
    def indicator(self, sheet: str, record: Record, make: Callable[..., Indicator],
                  extras: _Extras) -> Indicator:
        row, v, refs = record
        get = v.get
        ind = make(sheet=sheet, row=row, cells=refs, extra=extras(v), name=get("name") or "",
                   period_value=get("period_value") or "", annual_value=get("annual_value") or "",
                   actual_value=get("actual_value") or "", reason=get("reason") or "",
                   weight=get("weight"), score=get("score"))
        raw1, raw2 = v.get("level1") or "", v.get("level2") or ""
        l1 = self.fw.find1(raw1) if raw1 else None
        if raw1 and l1 is None:
            near = self.fw.suggest1(raw1)
            self.report.error(
                "unknown-level1",
                f"不认识的一级指标“{raw1}”。" + (f"是否应为“{near}”？" if near else "")
                + f"一级指标只能是：{'、'.join(x.name for x in self.fw.level1)}。",
                sheet, refs.get("level1", ""))
        ind.level1 = l1.name if l1 else strip_code(raw1)
        ind.level1_code = l1.code if l1 else ""
        if not raw2:
            if l1 is None:
                pass
            elif "level2" in refs:
                self.report.warn("blank-level2", "二级指标未填写；输出中该指标将不显示二级指标。",
                                 sheet, refs["level2"])
            elif (sheet, "level2") not in self.absent_told:
                self.absent_told.add((sheet, "level2"))
                self.report.warn("blank-level2", "本表没有“二级指标”列：输出中的指标都不显示"
                                 "二级指标。请在第 1 行加上“二级指标”列并填写。", sheet, "")
            return ind
        l2 = l1.find(raw2) if l1 else None
        if l2 is not None:
            ind.level2, ind.level2_code, ind.level2_label = l2.name, l2.code, l2.label
            return ind
        ind.level2 = strip_code(raw2)
        if l1 is None:
            return ind
        owners = self.fw.owner_of(raw2)
        if owners:
            self.report.error(
                "wrong-level2",
                f"二级指标“{raw2}”不属于一级指标“{l1.name}”，而属于“{owners[0].name}”。"
                f"请改正一级指标，或改为“{l1.name}”下的二级指标："
                f"{'、'.join(x.name for x in l1.level2)}。",
                sheet, refs.get("level2", ""))
        else:
            near = self.fw.suggest2(raw2, l1)
            self.report.error(
                "unknown-level2",
                f"不认识的二级指标“{raw2}”。" + (f"是否应为“{near}”？" if near else "")
                + f"“{l1.name}”下的二级指标有：{'、'.join(x.name for x in l1.level2)}。",
                sheet, refs.get("level2", ""))
        return ind


def contract_sheet(name: str) -> bool:
    """Whether a sheet of this name is one the loader reads (others need no cells)."""
    return sheet_key(name) in {sheet_key(s.name) for s in load_contract().sheets}


def find_sheets(raw: RawBook, contract: Contract, report: Report) -> dict[str, Grid]:
    """The sheet read for each contract sheet (by key), chosen as validate, build and
    ``init --from`` all choose it; a sheet whose name is close to a missing one is warned of."""
    found: dict[str, Grid] = {}
    for spec in contract.sheets:
        grid = choose_sheet(spec.name, raw.sheets, report)
        if grid is not None:
            found[spec.key] = grid
    known = {sheet_key(s.name) for s in contract.sheets} | {INSTRUCTIONS_SHEET}
    strays = [n for n in raw.sheets if sheet_key(n) not in known]
    for spec in contract.sheets:
        if spec.key in found:
            continue
        near = difflib.get_close_matches(spec.name, strays, n=1, cutoff=0.5)
        if near:
            report.warn(
                "sheet-name",
                f"没有名为“{spec.name}”的工作表，但有“{near[0]}”。"
                f"如果它就是“{spec.name}”，请把工作表改名为“{spec.name}”，否则该表不会被读取。",
                sheet=near[0],
            )
    return found


def unusable(grid: Grid, ref: str, label: str, report: Report) -> bool:
    """Report a cell with no usable value: an error value, or a formula never computed."""
    if ref in grid.errors:
        # #NAME? is what Excel shows for text typed with a leading = (=热线升级): a formula
        text = ("如果要填写的是以“=”“+”“-”“@”开头的文字，请在前面加一个英文单引号（如 "
                "'=热线升级），Excel/WPS 就把它当作文字；否则" if grid.errors[ref] == "#NAME?"
                else "")
        report.error(
            "formula-error",
            f"“{label}”显示错误值“{grid.errors[ref]}”（公式无法算出结果，"
            f"不能当作空白或 0）。{text}请修正公式（或改为直接填写数值）并保存后再运行。",
            grid.name, ref,
        )
        return True
    if ref in grid.uncached:
        report.error(
            "formula-no-value",
            f"“{label}”是公式，但文件中没有保存计算结果（可能由不会计算公式的程序生成）。"
            "请用 Excel 或 WPS 打开该文件、保存后再运行；或把公式改为数值。",
            grid.name, ref,
        )
        return True
    return False


def _covered(merged: list[tuple[tuple[int, int], tuple[int, int]]], row: int, col: int) -> bool:
    """A cell inside a merged range but not its first cell (its merge is reported once).

    Ranges are tested, never expanded: a merge of A1:XFD1048576 costs nothing.
    """
    return any(r0 <= row <= r1 and c0 <= col <= c1 and (row, col) != (r0, c0)
               for (r0, c0), (r1, c1) in merged)


def load_book(raw: RawBook, report: Report, contract: Contract | None = None
              ) -> InputBook | None:
    """The model of ``raw``; None when 部门信息 is missing or unusable (reported).

    ``contract``: the packaged one, or a templates folder's (with its fields.toml)."""
    ld = Loader(raw, report, contract)
    grids = ld._find_sheets()
    spec = ld.contract.sheet("department")
    if "department" not in grids:
        report.error("missing-sheet",
                     f"缺少必需的工作表“{spec.name}”。请用 xlgen init 生成的模板填写，或补上该表。",
                     spec.name)
        return None
    values, refs, _ = ld.read_form(spec, grids["department"])
    if values.get("unit") == "元":  # 金额单位 is on this sheet: known only once it is read
        ld.factor, ld.unit = Decimal(1) / WAN, "元"
        # an amount a maintainer declared here (fields.toml), read in 元
        amounts = {f.key for f in spec.fields if f.type in AMOUNT_TYPES}
        values = {k: v * ld.factor if k in amounts and isinstance(v, Decimal) else v
                  for k, v in values.items()}
    dept_values = values
    split = _Extras(Department, spec)
    dept = Department(sheet=grids["department"].name, cells=refs, extra=split(values),
                      **{k: v for k, v in split.known(values).items() if v is not None})
    book = InputBook(path=str(raw.path), department=dept, broken_sheets=ld.broken)

    if "budget" in grids:
        spec = ld.contract.sheet("budget")
        values, refs, _ = ld.read_form(spec, grids["budget"])
        split = _Extras(Budget, spec)
        book.budget = Budget(sheet=grids["budget"].name, cells=refs, extra=split(values),
                             **split.known(values))
        level_at = dept.cells.get("level")
        if "own_use" in refs and not any(p.sheet == dept.sheet and p.cell == level_at
                                         for p in report.errors):  # a bad 预算级次: told
            own_use_level(report, grids["budget"], refs["own_use"], dept.level,
                          dept_values.get("level") is not None)
    if "tasks" in grids:
        name, spec = grids["tasks"].name, ld.contract.sheet("tasks")
        split = _Extras(Task, spec)
        book.tasks = [
            Task(sheet=name, row=row, cells=refs, extra=split(v),
                 kind=v.get("kind") or "重点任务", name=v.get("name") or "",
                 content=v.get("content") or "", amount=v.get("amount"), goal=v.get("goal") or "")
            for row, v, refs in ld.read_table(spec, grids["tasks"])
        ]
    if "dept_indicators" in grids:
        grid, spec = grids["dept_indicators"], ld.contract.sheet("dept_indicators")
        split = _Extras(Indicator, spec)
        book.dept_indicators = [
            ld.indicator(grid.name, rec, Indicator, split) for rec in ld.read_table(spec, grid)
        ]
    if "projects" in grids:
        name, spec = grids["projects"].name, ld.contract.sheet("projects")
        split = _Extras(Project, spec)
        book.projects = []
        parts = [(f.key, f.part) for f in spec.fields if f.part]
        for row, v, refs in ld.read_table(spec, grids["projects"]):
            book.projects.append(Project(
                sheet=name, row=row, cells=refs, extra=split(v),
                name=v.get("name") or "",
                unit=v.get("unit") or dept.name,
                fiscal=v.get("fiscal") or ZERO, special_account=v.get("special_account") or ZERO,
                other=(v.get("other") or ZERO) + (v.get("unit_funds") or ZERO),
                unit_funds=v.get("unit_funds"), goal=v.get("goal") or "",
                adjustment=v.get("adjustment"), spent=v.get("spent"),
                stated_total=v.get("stated_total"), stated_adjusted=v.get("stated_adjusted"),
                stated_rate=v.get("stated_rate"), implementer=v.get("implementer") or "",
                achievement=v.get("achievement") or "",
                adjustment_fiscal=v.get("adjustment_fiscal"), spent_fiscal=v.get("spent_fiscal"),
                carryover=v.get("carryover"), spent_carryover=v.get("spent_carryover"),
                weights={part: v[key] for key, part in parts if v.get(key) is not None},
            ))
    if "project_indicators" in grids:
        grid, spec = grids["project_indicators"], ld.contract.sheet("project_indicators")
        split = _Extras(Indicator, spec)
        book.project_indicators = []
        for rec in ld.read_table(spec, grid):
            ind = ld.indicator(grid.name, rec, Indicator, split)
            ind.project = rec[1].get("project") or ""
            book.project_indicators.append(ind)
        _link_indicators(book)
    if "management" in grids:
        name, spec = grids["management"].name, ld.contract.sheet("management")
        split = _Extras(ManagementIndicator, spec)
        book.management = [
            ManagementIndicator(sheet=name, row=row, cells=refs, level2=v.get("level2") or "",
                                name=v.get("name") or "", weight=v.get("weight"),
                                score=v.get("score"), reason=v.get("reason") or "",
                                extra=split(v))
            for row, v, refs in ld.read_table(spec, grids["management"])
        ]
    if "self_evaluation" in grids:
        spec = ld.contract.sheet("self_evaluation")
        values, refs, extras = ld.read_form(spec, grids["self_evaluation"])
        cells = dict(refs)
        cells.update((label, ref) for label, (_, ref) in extras.items())
        se = SelfEvaluation(sheet=grids["self_evaluation"].name, cells=cells,
                            initial_budget=values.get("initial_budget"),
                            full_year_budget=values.get("full_year_budget"),
                            executed=values.get("executed"),
                            stated_score=values.get("stated_score"),
                            extra={f.label: _blank(f) if values.get(f.key) is None
                                   else values[f.key] for f in spec.fields if f.extra})
        for f in spec.fields:
            if f.type == "paragraphs":
                se.blocks[f.label] = _paragraphs(values.get(f.key))
        for label, (text, _) in extras.items():
            se.blocks[label] = _paragraphs(text)
        # a form with nothing filled (xlgen init's blank one, before the year ends) is no
        # 自评报告 yet: the report is not built, rather than printed with nothing known
        if any(v is not None for v in values.values()) or any(se.blocks.values()):
            book.self_evaluation = se
    return book


class _Extras:
    """Splits a record's values for ``model``: those it has attributes for, and the others by
    label, the record's ``extra`` (worked out once per sheet, used for every row).

    Every field of ``spec`` the model has no attribute for is in ``extra`` (blank: '' for
    text, None for a number), so a template can name it whether or not a workbook has it; so
    is a column the contract does not know (by its header).
    """

    def __init__(self, model: type, spec: SheetSpec):
        self.names = frozenset(f.name for f in fields(model))
        self.keys = frozenset(f.key for f in spec.fields)
        self.fields = [(f.key, f.label, _blank(f)) for f in spec.fields
                       if f.key not in self.names and not f.part]  # part: weights

    def __call__(self, values: dict[str, Any]) -> dict[str, Any]:
        extra = {label: blank if (v := values.get(key)) is None else v
                 for key, label, blank in self.fields}
        if not self.keys.issuperset(values):  # columns the contract does not know
            for key, value in values.items():
                if key not in self.keys:
                    extra[key] = value if value is not None else ""
        return extra

    def known(self, values: dict[str, Any]) -> dict[str, Any]:
        return {k: v for k, v in values.items() if k in self.names}


def _blank(f: Field) -> Any:
    return None if f.type in ("amount", "signed_amount", "score", "integer", "year", "rate") \
        else ""


def _link_indicators(book: InputBook) -> None:
    """Each 项目绩效指标 row joins the first project of its name (validate reports an unknown
    name, or one several 资金使用单位 share); rules then only read the model."""
    first: dict[str, Project] = {}
    for p in book.projects or []:
        first.setdefault(p.name, p)
    for ind in book.project_indicators or []:
        if (project := first.get(ind.project)) is not None:
            project.indicators.append(ind)


def _paragraphs(text: str | None) -> list[str]:
    return [line for line in (text or "").split("\n") if line.strip()]
