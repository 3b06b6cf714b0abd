"""Start a new year from last year's input workbook (``xlgen init --from``).

Everything planned is carried over as the clerk typed it (values, extra columns and labels,
column order); what describes the past year is cleared: the fields data/newyear.toml lists
under ``[clear]`` (实际完成值, 得分, 偏差原因, 预算调整, 实际支出, the 自评报告 …). The
columns stay, empty, for the next self-evaluation. The result is ``data`` for
:func:`write_input_workbook` and a note for its 说明 sheet saying what was carried, what was
cleared and what to confirm.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cache
from importlib import resources
from typing import Any

from ..problems import Report
from .cells import is_blank, norm_label, to_integer, to_text
from .contract import TEXT_TYPES, Contract, Field, SheetSpec, load_contract
from .grid import Grid, RawBook, cell_ref
from .loader import INSTRUCTIONS_SHEET, find_sheets, unusable
from .refs import parse_ref
from .visibility import report_far, sheet_key

ALL = "*"
WPS_RESERVED = "WpsReserved"  # the name prefix of sheets WPS adds for itself
# Written back as the clerk saw them: the text types, and a choice (never a figure)
WRITTEN_AS_SHOWN = TEXT_TYPES | {"choice"}


@dataclass(frozen=True)
class Confirm:
    """What the clerk should check on a sheet; only when one of ``when_cleared`` (field keys)
    had values cleared, or always when it names none."""

    text: str
    when_cleared: tuple[str, ...] = ()

    def applies(self, emptied: set[str]) -> bool:
        return not self.when_cleared or bool(emptied.intersection(self.when_cleared))


@dataclass(frozen=True)
class NewYearRules:
    clear: dict[str, tuple[str, ...] | str]  # sheet key → field keys, or ALL
    confirm: dict[str, tuple[Confirm, ...]]  # sheet key → what the clerk should check


def parse_new_year_rules(data: dict[str, Any]) -> NewYearRules:
    clear = {k: (v if v == ALL else tuple(v)) for k, v in data.get("clear", {}).items()}
    confirm = {k: tuple(_confirm(item) for item in (v if isinstance(v, list) else [v]))
               for k, v in data.get("confirm", {}).items()}
    return NewYearRules(clear, confirm)


def _confirm(item: str | dict[str, Any]) -> Confirm:
    if isinstance(item, str):
        return Confirm(item)
    return Confirm(item["text"], tuple(item.get("when_cleared", ())))


@cache
def new_year_rules() -> NewYearRules:
    import tomllib

    text = resources.files("xlgen").joinpath("data/newyear.toml").read_text("utf-8")
    return parse_new_year_rules(tomllib.loads(text))


@dataclass
class Carried:
    """The new workbook's content, its year, and what happened to last year's."""

    data: dict[str, Any] = field(default_factory=dict)
    last_year: int | None = None
    year_at: tuple[str, str] = ("", "")  # (sheet, cell) of last year's 年度
    dept: str = ""
    dept_at: tuple[str, str] = ("", "")  # (sheet, cell) of last year's 部门名称
    carried: list[str] = field(default_factory=list)  # "重点任务 8 行"
    cleared: list[str] = field(default_factory=list)  # "项目：预算调整、实际支出（共 5 格）"
    confirm: list[str] = field(default_factory=list)
    left_out: list[str] = field(default_factory=list)  # sheets not read (not in the contract)
    missing: list[str] = field(default_factory=list)  # contract sheets last year's lacks
    found: list[str] = field(default_factory=list)  # the contract sheets read
    added: list[str] = field(default_factory=list)  # "项目：分值、偏差原因": columns it lacked

    def note(self, source: str, year: int) -> str:
        last = f"{self.last_year} 年度" if self.last_year else "上一年度"
        if self.last_year and year <= self.last_year:
            changed = (f"年度为 {year}（注意：不晚于上一年度的 {self.last_year} 年，"
                       "年度没有向后推，请确认）")
        else:
            changed = f"年度已改为 {year}"
        lines = [f"本工作簿由 xlgen init --from 从上一年度的工作簿“{source}”（{last}）生成，"
                 f"{changed}。"]
        lines.append("照抄：" + ("；".join(self.carried) if self.carried else "无") + "。")
        lines.append("已清空（上一年度的执行情况，年底自评时重新填写）："
                     + ("；".join(self.cleared) if self.cleared else "无") + "。")
        if self.added:
            lines.append("新增的列（现在的输入工作簿有、上一年度的工作簿没有的列，加在表的最后，"
                         "按需要填写，不用的可以删除）：" + "；".join(self.added) + "。")
        lines += [f"请核对：{text}" for text in self.confirm]
        if self.missing:
            lines.append("上一年度的工作簿中没有这些工作表，新工作簿中它们是空白的，请填写："
                         + "、".join(self.missing) + "。")
        if self.left_out:
            lines.append("未照抄的工作表（名称不是输入工作簿的工作表）："
                         + "、".join(self.left_out) + "。")
        return "\n".join(lines)


def carry_forward(raw: RawBook, contract: Contract | None = None,
                  report: Report | None = None) -> Carried:
    """Read last year's workbook ``raw`` into the content of the new one (年度 not yet set).

    Sheets are chosen as validate chooses them (a hidden sheet beside a visible copy is an
    error in ``report``); a carried cell whose value cannot be read (a formula with no saved
    result, an error value) is an error there too: the caller then writes nothing."""
    contract = contract or load_contract()
    report = report if report is not None else Report(str(raw.path))
    rules = new_year_rules()
    result = Carried()
    grids = find_sheets(raw, contract, report)
    chosen = {id(g) for g in grids.values()}
    result.left_out = [name for name, g in raw.sheets.items()
                       if id(g) not in chosen and sheet_key(name) != INSTRUCTIONS_SHEET
                       and not _nothing_to_carry(name, g)]
    for spec in contract.sheets:
        clear = rules.clear.get(spec.key, ())
        grid = grids.get(spec.key)
        if grid is None:
            if clear != ALL:
                result.missing.append(spec.name)
            continue
        result.found.append(spec.name)
        rows = report_far(grid, report, spec.kind == "form")
        if spec.kind == "form":
            emptied = _form(spec, grid, rows, clear, result, report)
        else:
            emptied = _table(spec, grid, clear, result, report)
        if spec.kind == "table" and not result.data.get(spec.name, {}).get("rows"):
            continue  # nothing carried, nothing to confirm
        result.confirm += [c.text for c in rules.confirm.get(spec.key, ()) if c.applies(emptied)]
    return result


def _form(spec: SheetSpec, grid: Grid, rows: int, clear: tuple[str, ...] | str,
          result: Carried, report: Report) -> set[str]:
    """Carry one form (its first ``rows`` rows); the keys of the fields whose values were
    cleared."""
    values: dict[str, Any] = {}
    emptied: list[str] = []
    keys: set[str] = set()
    carried: dict[int, str] = {}  # row → label of the values carried
    for r, row in enumerate(grid.rows[:rows]):
        label = to_text(row[0]) if row else ""
        if not label or (r == 0 and norm_label(label) == "字段"):
            continue
        fld = _field(spec, label)
        value = _value(grid, r, 1, fld)
        if spec.key == "department" and fld is not None and fld.key == "year":
            result.last_year = _year(value)
            result.year_at = (grid.name, cell_ref(r, 1))
            continue
        if not (clear == ALL or (fld is not None and fld.key in clear)):
            carried[r] = label
        if spec.key == "department" and fld is not None and fld.key == "name":
            result.dept = to_text(value) if value is not None else ""
            result.dept_at = (grid.name, cell_ref(r, 1))
        if clear == ALL or (fld is not None and fld.key in clear):
            if value is not None:
                emptied.append(label)
                keys.add(fld.key if fld is not None else label)
            values[label] = None
            continue
        values[label] = value
    _unreadable(grid, lambda r, c: carried.get(r) if c == 1 else None, report)
    result.data[spec.name] = values
    if clear == ALL:
        result.cleared.append(f"{spec.name}全部内容（{len(emptied)} 项）")
    elif emptied:
        result.cleared.append(f"{spec.name}：{'、'.join(emptied)}")
    filled = sum(v is not None for v in values.values())
    if clear != ALL:
        result.carried.append(f"{spec.name} {filled} 项")
    return keys


def _table(spec: SheetSpec, grid: Grid, clear: tuple[str, ...] | str, result: Carried,
           report: Report) -> set[str]:
    """Carry one table; the keys of the columns whose values were cleared."""
    if not grid.rows:
        return set()
    headers = [to_text(h) for h in grid.rows[0]]
    while headers and not headers[-1]:
        headers.pop()
    fields = [_field(spec, h) for h in headers]
    cleared_cols = {c for c, f in enumerate(fields)
                    if clear == ALL or (f is not None and f.key in clear)}
    counts = {c: 0 for c in cleared_cols}
    rows = []
    for r in range(1, len(grid.rows)):
        values = [_value(grid, r, c, fields[c]) for c in range(len(headers))]
        if all(v is None for v in values):
            continue
        for c in cleared_cols:
            if values[c] is not None:
                counts[c] += 1
                values[c] = None
        rows.append(values)
    _unreadable(grid, lambda r, c: headers[c] if r > 0 and c < len(headers)
                and c not in cleared_cols else None, report)
    named = [i for i, h in enumerate(headers) if h]
    present = {f.key for f in fields if f is not None}
    added = [f.label for f in spec.fields if f.key not in present]
    result.data[spec.name] = {
        "columns": [headers[i] for i in named] + added,
        "rows": [[values[i] for i in named] + [None] * len(added) for values in rows],
    }
    if added:
        result.added.append(f"{spec.name}：{'、'.join(added)}")
    result.carried.append(f"{spec.name} {len(rows)} 行")
    emptied = [f"{headers[c]}（{n} 格）" for c, n in sorted(counts.items()) if n]
    if emptied:
        result.cleared.append(f"{spec.name}：{'、'.join(emptied)}")
    return {(f.key if (f := fields[c]) is not None else headers[c])
            for c, n in counts.items() if n}


def _unreadable(grid: Grid, carried: Callable[[int, int], str | None], report: Report) -> None:
    """Report the cells carried (``carried(row, col)`` gives their label) whose value is not
    in the file: a formula with no saved result, an error value. Such a cell is never
    written blank (a figure would silently become 0): the caller writes nothing."""
    for ref in sorted(grid.uncached | set(grid.errors), key=_position):
        at = parse_ref(ref)
        label = carried(*at) if at is not None else None
        if label:
            unusable(grid, ref, label, report)


def _nothing_to_carry(name: str, grid: Grid) -> bool:
    """A sheet not worth naming as left out: empty (a clerk's blank Sheet1), or one WPS adds
    for its own use (the hidden WpsReserved_CellImgList of pictures in cells)."""
    return name.startswith(WPS_RESERVED) or all(is_blank(v) for row in grid.rows for v in row)


def _position(ref: str) -> tuple[int, int]:
    return parse_ref(ref) or (0, 0)


def _field(spec: SheetSpec, label: str) -> Field | None:
    key = norm_label(label)
    return next((f for f in spec.fields if key in {norm_label(n) for n in f.names}), None)


def _value(grid: Grid, row: int, col: int, fld: Field | None) -> Any:
    """A cell's value as written again: text, or a number for a number field (amount,
    score, …); a number in a text field as the clerk saw it (``95%``); None when blank."""
    value = grid.value(row, col)
    if is_blank(value):
        return None
    if isinstance(value, str):
        return value
    if isinstance(value, int | float | Decimal) and not isinstance(value, bool) and (
            fld is not None and fld.type not in WRITTEN_AS_SHOWN):
        return value
    shown = grid.shown(row, col)
    return shown if shown is not None else to_text(value)


def _year(value: object) -> int | None:
    """Last year's 年度; None when it cannot be read (the new year must then be given)."""
    try:
        return to_integer(value, 2000, 2100)
    except ValueError:
        return None
