"""Write the input workbook (``xlgen init``): blank, or filled from a mapping, to the contract.

Everything a clerk sees comes from the contract (``data/contract.toml``) and the indicator
framework (``data/framework.toml``): sheet names, labels, headers, widths, help texts and
dropdown choices. Only the wording of the general rules in the ``说明`` sheet lives here.

``data`` maps a sheet name to its content: a form sheet to ``{label: value}``, a table sheet
to a list of ``{header: value}`` rows (or ``{"columns": [...], "rows": [...]}`` for an
explicit set and order of columns). A sheet mapped to ``None`` is left out; a sheet not
mentioned is written empty. Strings are always written as text (``=100%`` stays text);
``int``/``float``/``Decimal`` as numbers. The output is deterministic: the same call gives
the same bytes.
"""

from __future__ import annotations

import io
from collections.abc import Mapping, Sequence
from decimal import Decimal
from math import ceil
from pathlib import Path
from typing import Any

import xlsxwriter
from xlsxwriter.exceptions import FileCreateError
from xlsxwriter.format import Format
from xlsxwriter.utility import xl_col_to_name
from xlsxwriter.worksheet import Worksheet

from ..errors import OutputError
from ..model import Framework, default_framework
from ..stable import FIXED_TIME
from ..textwidth import display_width
from . import blank_text as text
from .contract import Contract, Field, SheetSpec, load_contract

INSTRUCTIONS = "说明"
FORM_HEADER = ("字段", "值", "说明")
LAST_ROW = 1_048_575  # Excel's last row (0-based): dropdowns and hints cover whole columns
LINE_HEIGHT = 15.0  # points per text line, for estimated row heights
MAX_HEIGHT = 409.0

# An integer (年度, 财政供养人员数) shows as typed: a "0" format showed 3.5 as 4 while the
# reader refused the 3.5 the clerk could not see.
NUMBER_FORMATS = {
    "amount": "#,##0.00",
    "signed_amount": "#,##0.00",
    "rate": "0.00%",
    "integer": "General",
    "year": "General",
    "score": "General",
}
TEXT_FORMAT = "@"
WRAPPED_TYPES = {"paragraphs", "text"}

# A table column whose dropdown lists the names of another table's rows (by contract keys).
REFERENCES = {("project_indicators", "project"): ("projects", "name")}

# Rows of another sheet a dropdown lists names from (项目名称 of 项目), at most
LIST_ROWS = 10_000

# Keys of the table columns that name the row (kept in sight when first: frozen)
ROW_NAMES = {"name", "project"}

LEVEL1_NAME = "xlgen_level1"
LEVEL2_NAME = "xlgen_level2_{}"  # 0: every 二级; i: the 二级 of the i-th 一级


def input_workbook_bytes(**options: Any) -> bytes:
    """The bytes of the workbook :func:`write_input_workbook` would write (same options), for
    a caller that writes them atomically."""
    buffer = io.BytesIO()
    write_input_workbook(buffer, **options)
    return buffer.getvalue()


def write_input_workbook(
    path: Path | io.BytesIO,
    *,
    year: int | None = None,
    dept: str | None = None,
    data: Mapping[str, Any] | None = None,
    notes: str | None = None,
    contract: Contract | None = None,
) -> None:
    """Write an input workbook to ``path`` (overwriting it), blank or filled from ``data``.

    ``year`` and ``dept`` prefill 年度 and 部门名称 unless ``data`` gives them; ``notes`` is
    appended to the ``说明`` sheet. ``contract``: default the packaged one; a templates
    folder's adds the fields declared in its fields.toml. Raises ``ValueError`` for a sheet
    name ``data`` does not know, ``OutputError`` when the file cannot be written.
    """
    contract = contract or load_contract()
    data = dict(data or {})
    unknown = [name for name in data if name not in {s.name for s in contract.sheets}]
    if unknown:
        raise ValueError(f"unknown sheet(s) in data: {', '.join(unknown)}")
    department = contract.sheet("department")
    prefill = {department.field("year").label: year, department.field("name").label: dept}
    unit = _chosen_unit(department.field("unit"), data.get(department.name))
    workbook = xlsxwriter.Workbook(
        path if isinstance(path, io.BytesIO) else str(path),
        {"strings_to_numbers": False, "strings_to_formulas": False, "strings_to_urls": False,
         "in_memory": isinstance(path, io.BytesIO)},
    )
    workbook.set_properties({"title": "预算绩效输入工作簿", "created": FIXED_TIME})
    formats = _Formats(workbook)
    framework = default_framework()
    instructions = workbook.add_worksheet(INSTRUCTIONS)
    _print_setup(instructions)
    writer = _InstructionsWriter(instructions, formats, unit)
    writer.write(contract, framework, notes)
    _define_framework_names(workbook, writer.framework_ranges)
    written = [s for s in contract.sheets if not (s.name in data and data[s.name] is None)]
    layouts = {s.key: _table_layout(s, data.get(s.name)) for s in written if s.kind == "table"}
    headers = {key: layout[0] for key, layout in layouts.items()}
    for spec in written:
        ws = workbook.add_worksheet(spec.name)
        _print_setup(ws)
        if spec.kind == "form":
            values = dict(data.get(spec.name) or {})
            if spec.key == department.key:
                for label, value in prefill.items():
                    if value is not None and label not in values:
                        values[label] = value
            _write_form(ws, spec, values, formats, unit)
        else:
            _write_table(ws, spec, layouts[spec.key], formats, contract, headers, unit)
    try:
        workbook.close()
    except (OSError, FileCreateError) as exc:
        raise OutputError(
            f"无法写入文件 {path}：文件夹不存在、没有写入权限，或文件正被 Excel/WPS 打开。"
        ) from exc


class _Formats:
    """Cell formats, created once per distinct set of properties (so output is stable)."""

    def __init__(self, workbook: xlsxwriter.Workbook) -> None:
        self._workbook = workbook
        self._cache: dict[tuple[tuple[str, Any], ...], Format] = {}

    def get(self, **props: Any) -> Format:
        key = tuple(sorted(props.items()))
        if key not in self._cache:
            self._cache[key] = self._workbook.add_format(props)
        return self._cache[key]

    def header(self, required: bool = False) -> Format:
        props: dict[str, Any] = {
            "bold": True,
            "bg_color": "#DDEBF7",
            "border": 1,
            "text_wrap": True,
            "align": "center",
            "valign": "vcenter",
        }
        if required:
            props["font_color"] = "#C00000"
        return self.get(**props)

    def value(self, type_: str, left: bool = False) -> Format:
        """The format of a cell holding a value of contract type ``type_``."""
        num_format = NUMBER_FORMATS.get(type_, TEXT_FORMAT)
        props: dict[str, Any] = {"valign": "top", "num_format": num_format}
        if type_ in WRAPPED_TYPES:
            props["text_wrap"] = True
        if left:
            props["align"] = "left"
        return self.get(**props)


# ---------------------------------------------------------------- 说明


class _InstructionsWriter:
    """Writes the 说明 sheet and remembers where the framework lists are (for dropdowns)."""

    WIDTHS = (20, 26, 14, 70)

    def __init__(self, ws: Worksheet, formats: _Formats, unit: str | None = None) -> None:
        self.ws = ws
        self.f = formats
        self.unit = unit
        self.row = 0
        self.after_gap = False
        self.framework_ranges: dict[str, tuple[int, int, int]] = {}  # name → col, first, last

    def write(self, contract: Contract, framework: Framework, notes: str | None) -> None:
        ws = self.ws
        for col, width in enumerate(self.WIDTHS):
            ws.set_column(col, col, width)
        ws.write_string(0, 0, text.TITLE, self.f.get(bold=True, font_size=16))
        _set_height(ws, 0, 24)
        self.row = 2
        self.para(text.intro(contract))
        self.heading(text.RULES_HEADING)
        for rule in text.rules(contract, framework, self.unit):
            self.para(rule)
        self.heading(text.SHEETS_HEADING)
        for number, spec in enumerate(contract.sheets, 1):
            self.sheet_section(number, spec)
        self.heading(text.FRAMEWORK_HEADING)
        self.framework_section(framework)
        self.heading(text.CHECK_HEADING)
        for line in text.CHECK:
            self.para(line)
        if notes:
            self.heading(text.NOTES_HEADING)
            for line in notes.splitlines():
                self.para(line)
        ws.activate()

    def heading(self, title: str) -> None:
        if not self.after_gap:
            self.row += 1
        self.ws.write_string(self.row, 0, title, self.f.get(bold=True, font_size=12))
        self.row += 1
        self.after_gap = False

    def para(self, body: str, bold: bool = False) -> None:
        fmt = self.f.get(text_wrap=True, valign="top", bold=bold)
        self.ws.merge_range(self.row, 0, self.row, len(self.WIDTHS) - 1, "", fmt)
        self.ws.write_string(self.row, 0, body, fmt)
        _set_height(self.ws, self.row, _height([(body, sum(self.WIDTHS))]))
        self.row += 1
        self.after_gap = False

    def table(self, headers: Sequence[str], rows: Sequence[Sequence[str]]) -> int:
        """Write a bordered table; returns the sheet row of its first data row."""
        head = self.f.get(bold=True, bg_color="#DDEBF7", border=1, text_wrap=True)
        cell = self.f.get(border=1, text_wrap=True, valign="top")
        for col, title in enumerate(headers):
            self.ws.write_string(self.row, col, title, head)
        first = self.row + 1
        for values in rows:
            self.row += 1
            for col, value in enumerate(values):
                self.ws.write_string(self.row, col, value, cell)
            _set_height(self.ws, self.row, _height(list(zip(values, self.WIDTHS, strict=False))))
        self.row += 2
        self.after_gap = True
        return first

    def sheet_section(self, number: int, spec: SheetSpec) -> None:
        self.para(text.sheet_title(number, spec), bold=True)
        if spec.help:
            self.para(spec.help)
        headers = text.FORM_TABLE_HEADERS if spec.kind == "form" else text.TABLE_TABLE_HEADERS
        self.table(headers, [text.field_row(f, self.unit) for f in spec.fields])

    def framework_section(self, framework: Framework) -> None:
        self.para(text.framework_intro(framework))
        rows1 = [(l1.name, l1.code) for l1 in framework.level1]
        first = self.table(text.LEVEL1_HEADERS, rows1)
        self.framework_ranges[LEVEL1_NAME] = (0, first, first + len(rows1) - 1)
        rows2 = [
            (l1.name, l2.name, l2.code, text.spellings(l1, l2))
            for l1 in framework.level1
            for l2 in l1.level2
        ]
        first = self.table(text.LEVEL2_HEADERS, rows2)
        self.framework_ranges[LEVEL2_NAME.format(0)] = (1, first, first + len(rows2) - 1)
        start = first
        for index, l1 in enumerate(framework.level1, 1):
            if l1.level2:
                end = start + len(l1.level2) - 1
                self.framework_ranges[LEVEL2_NAME.format(index)] = (1, start, end)
                start = end + 1
            else:  # a 一级 without 二级: offer them all
                self.framework_ranges[LEVEL2_NAME.format(index)] = (
                    1,
                    first,
                    first + len(rows2) - 1,
                )


def _define_framework_names(
    workbook: xlsxwriter.Workbook, ranges: Mapping[str, tuple[int, int, int]]
) -> None:
    for name, (col, first, last) in ranges.items():
        if last < first:
            continue
        letter = xl_col_to_name(col)
        workbook.define_name(
            name, f"={_quote(INSTRUCTIONS)}!${letter}${first + 1}:${letter}${last + 1}"
        )


# ---------------------------------------------------------------- form sheets


def _write_form(
    ws: Worksheet, spec: SheetSpec, values: Mapping[str, Any], f: _Formats, unit: str | None
) -> None:
    label_width = max([len(label) * 2 + 2 for label in (*values, *(x.label for x in spec.fields))])
    ws.set_column(0, 0, max(label_width, 16))
    ws.set_column(1, 1, 60)
    ws.set_column(2, 2, 50)
    for col, title in enumerate(FORM_HEADER):
        ws.write_string(0, col, title, f.header())
    ws.freeze_panes(1, 0)
    rows: list[tuple[str, Field | None, Any]] = []
    used: set[str] = set()
    for declared in spec.fields:
        given = next((name for name in declared.names if name in values), None)
        if given is None:
            rows.append((declared.label, declared, declared.default))
        else:
            rows.append((given, declared, values[given]))
            used.add(given)
    rows += [(label, None, value) for label, value in values.items() if label not in used]
    hint_fmt = f.get(text_wrap=True, valign="top", font_color="#595959")
    for row, (label, fld, value) in enumerate(rows, 1):
        required = fld is not None and fld.required
        label_fmt = f.get(bold=True, valign="top", font_color="#C00000" if required else "#000000")
        ws.write_string(row, 0, label, label_fmt)
        type_ = fld.type if fld else "paragraphs"
        _write_value(ws, row, 1, value, f.value(type_, left=True))
        hint = text.form_hint(fld, unit) if fld else text.EXTRA_LABEL_HINT
        ws.write_string(row, 2, hint, hint_fmt)
        if fld is not None and fld.choices:
            ws.data_validation(row, 1, row, 1, _list_validation(fld, list(fld.choices), unit))
        shown = value if isinstance(value, str) else ""
        _set_height(ws, row, _height([(shown, 60), (hint, 50)]))


# ---------------------------------------------------------------- table sheets


def _write_table(
    ws: Worksheet,
    spec: SheetSpec,
    layout: tuple[list[str], list[Mapping[str, Any]]],
    f: _Formats,
    contract: Contract,
    tables: Mapping[str, Sequence[str]],
    unit: str | None,
) -> None:
    """Write a table sheet; ``tables`` holds the headers of every table sheet written."""
    headers, rows = layout
    by_name = {name: fld for fld in spec.fields for name in fld.names}
    fields = [by_name.get(h) for h in headers]
    for col, (header, fld) in enumerate(zip(headers, fields, strict=True)):
        type_ = fld.type if fld else "text"
        ws.set_column(col, col, fld.width if fld else 14, f.value(type_))
        ws.write_string(0, col, header, f.header(bool(fld and fld.required)))
        if fld is not None:
            rule = _column_validation(spec, fld, headers, by_name, contract, tables, unit)
            ws.data_validation(1, col, LAST_ROW, col, rule)
    # A clerk scrolling right to 实际支出 or 偏差原因 keeps the name of the row in sight.
    ws.freeze_panes(1, 1 if fields and _names_the_row(fields[0]) else 0)
    _set_height(ws, 0, 30)
    # Each column's format and width, looked up once (not per cell: 16,000 rows × 8 columns)
    columns = [(col, header, f.value(fld.type if fld else "text"), fld.width if fld else 14)
               for col, (header, fld) in enumerate(zip(headers, fields, strict=True))]
    for r, row in enumerate(rows, 1):
        pieces = []
        for col, header, fmt, col_width in columns:
            value = row.get(header)
            _write_value(ws, r, col, value, fmt)
            if isinstance(value, str):
                pieces.append((value, col_width))
        _set_height(ws, r, _height(pieces))


def _names_the_row(fld: Field | None) -> bool:
    """Whether a column says which project a row is about (项目名称 of 项目, 项目绩效指标)."""
    return fld is not None and fld.required and fld.type == "text" and fld.key in ROW_NAMES


def _table_layout(spec: SheetSpec, content: Any) -> tuple[list[str], list[Mapping[str, Any]]]:
    """Headers and rows (as header → value mappings) of a table sheet's ``data`` entry."""
    if content is None:
        return [fld.label for fld in spec.fields], []
    if isinstance(content, Mapping):
        headers = [str(h) for h in content["columns"]]
        rows = [
            r if isinstance(r, Mapping) else dict(zip(headers, r, strict=True))
            for r in content.get("rows", [])
        ]
        return headers, rows
    rows = list(content)
    keys: list[str] = []
    for row in rows:
        keys += [k for k in row if k not in keys]
    headers = []
    for fld in spec.fields:
        alias = next((k for k in keys if k in fld.aliases), None)
        headers.append(alias or fld.label)
    headers += [k for k in keys if k not in headers]
    return headers, rows


def _column_validation(
    spec: SheetSpec,
    fld: Field,
    headers: Sequence[str],
    by_name: Mapping[str, Field],
    contract: Contract,
    tables: Mapping[str, Sequence[str]],
    unit: str | None,
) -> dict[str, Any]:
    """The dropdown (or, for a free column, just the input hint) of one table column."""
    if fld.choices:
        return _list_validation(fld, list(fld.choices), unit)
    if fld.type == "level1":
        return _list_validation(fld, f"={LEVEL1_NAME}", unit)
    if fld.type == "level2":
        level1_col = next(
            (i for i, h in enumerate(headers) if h in by_name and by_name[h].type == "level1"), None
        )
        if level1_col is None:
            return _list_validation(fld, f"={LEVEL2_NAME.format(0)}", unit)
        ref = f"${xl_col_to_name(level1_col)}2"
        source = f'=INDIRECT("{LEVEL2_NAME.format("")}"&IFERROR(MATCH({ref},{LEVEL1_NAME},0),0))'
        return _list_validation(fld, source, unit)
    target = REFERENCES.get((spec.key, fld.key))
    other_headers = tables.get(target[0], ()) if target else ()
    names = contract.sheet(target[0]).field(target[1]).names if target else ()
    col = next((i for i, h in enumerate(other_headers) if h in names), None)
    if target and col is not None:
        other = contract.sheet(target[0])
        letter = xl_col_to_name(col)
        sheet = _quote(other.name)
        # Down to the last name, not COUNTA's count of them: a blank row between projects
        # (allowed: skipped) cut the last name off the list.
        names_at = f"{sheet}!${letter}$2:${letter}${LIST_ROWS + 1}"
        last = f'SUMPRODUCT(MAX(({names_at}<>"")*ROW({names_at})))'
        source = f"=OFFSET({sheet}!${letter}$2,0,0,MAX(1,{last}-1),1)"
        return _list_validation(fld, source, unit, text.reference_error(other.name, fld.label))
    return {"validate": "any", **_input_message(fld, unit)}


def _list_validation(
    fld: Field, source: str | list[str], unit: str | None, message: str | None = None
) -> dict[str, Any]:
    """A dropdown that warns about, but never blocks, other spellings; ``message``: what the
    warning says (default: a choice's, or the framework's other spellings)."""
    if message is None:
        message = text.choice_error(fld) if fld.choices else text.DROPDOWN_ERROR_MESSAGE
    return {
        "validate": "list",
        "source": source,
        "error_type": "warning",
        "error_title": text.DROPDOWN_ERROR_TITLE,
        "error_message": message[:255],
        **_input_message(fld, unit),
    }


def _input_message(fld: Field, unit: str | None) -> dict[str, str]:
    return {"input_title": fld.label[:32], "input_message": text.column_hint(fld, unit)[:255]}


def _chosen_unit(fld: Field, values: Any) -> str | None:
    """The 金额单位 ``data`` gives the workbook (one of its choices), for the hints to name;
    None: not given, the default."""
    if not isinstance(values, Mapping):
        return None
    given = next((values[name] for name in fld.names if name in values), None)
    chosen = given.strip() if isinstance(given, str) else None
    return chosen if chosen in fld.choices else None


# ---------------------------------------------------------------- helpers


def _write_value(ws: Worksheet, row: int, col: int, value: Any, fmt: Format) -> None:
    if value is None or value == "":
        ws.write_blank(row, col, None, fmt)
    elif isinstance(value, bool):
        raise TypeError(f"cannot write a boolean at row {row + 1}, column {col + 1}")
    elif isinstance(value, str):
        ws.write_string(row, col, value, fmt)
    elif isinstance(value, int | float | Decimal):
        ws.write_number(row, col, float(value), fmt)
    else:
        raise TypeError(f"cannot write {type(value).__name__} at row {row + 1}, column {col + 1}")


def _print_setup(ws: Worksheet) -> None:
    """A4 landscape, one page wide, the first row repeated on every page."""
    ws.set_paper(9)
    ws.set_landscape()
    ws.fit_to_pages(1, 0)
    ws.repeat_rows(0)


def _set_height(ws: Worksheet, row: int, height: float | None) -> None:
    if height is not None:
        ws.set_row(row, height)


def _quote(sheet: str) -> str:
    return "'" + sheet.replace("'", "''") + "'"


def _height(pieces: Sequence[tuple[str, int]]) -> float | None:
    """Estimated row height for wrapped texts in columns of the given widths; None: default."""
    lines = 1
    for body, width in pieces:
        usable = max(width - 2, 4)
        if 2 * len(body) <= usable and "\n" not in body:  # one line however wide its characters
            continue
        count = sum(max(1, ceil(display_width(p) / usable)) for p in body.split("\n"))
        lines = max(lines, count)
    if lines == 1:
        return None
    return min(MAX_HEIGHT, LINE_HEIGHT * lines + 3)
