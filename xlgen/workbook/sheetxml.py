"""Stream one worksheet's XML into a grid: values, what the clerk sees, and what is hidden.

One expat pass over the part (no DOM): every spelling Excel, WPS, LibreOffice or a script
may write is read the same way (transitional or strict namespace, ``x:``-prefixed elements,
cells and rows without their optional ``r``, attributes on several lines). The used range is
taken from the cells actually present, never from ``<dimension>``: cells beyond ``Bounds``
are counted and named (``far``), not stored, so a stray cell at XFD1048576 costs nothing.
"""

from __future__ import annotations

import datetime as dt
import math
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from xml.parsers import expat

from ..cellescape import stored_text
from ..errors import NotAWorkbookError
from .numfmt import GENERAL, datetime_to_serial, is_date_format, serial_to_datetime
from .refs import col_letter, local_name, parse_ref, xml_true
from .safety import DAMAGED, UNREADABLE, Package, damaged, unsafe
from .sheetscan import Irregular, put, scan

FAR_NAMED = 5  # far cells named in a message


@dataclass(frozen=True)
class Bounds:
    """The largest sheet read densely; cells beyond are far (named, never stored)."""

    rows: int = 100_000
    cols: int = 200


BOUNDS = Bounds()


@dataclass
class Sheet:
    """One sheet as read: ``rows[r][c]`` zero-based from A1 (rows may be short)."""

    rows: list[list[object]] = field(default_factory=list)
    merged: list[tuple[tuple[int, int], tuple[int, int]]] = field(default_factory=list)
    uncached: set[str] = field(default_factory=set)  # formula cells with no stored result
    errors: dict[str, str] = field(default_factory=dict)  # cell → "#DIV/0!"
    # the number and its format, for numbers shown with a format other than General
    formats: dict[tuple[int, int], tuple[str, float]] = field(default_factory=dict)
    formulas: dict[tuple[int, int], str] = field(default_factory=dict)
    hidden_rows: set[int] = field(default_factory=set)  # zero-based
    hidden_cols: set[int] = field(default_factory=set)
    filtered: bool = False  # the sheet has an autofilter (its hidden rows are filtered out)
    far: list[str] = field(default_factory=list)  # the first far cells holding a value
    far_count: int = 0


class _Reader:
    """expat handlers building a Sheet (one instance per part)."""

    def __init__(self, pkg: Package, sheet_name: str, bounds: Bounds):
        self.pkg, self.name, self.bounds = pkg, sheet_name, bounds
        self.sheet = Sheet()
        self.row = -1  # zero-based current row
        self.col = -1
        self.cell: tuple[int, int, str, str, str] | None = None  # row, col, ref, t, s
        self.value: list[str] | None = None  # <v> text being collected
        self.formula: list[str] | None = None
        self.has_formula = False
        self.inline: list[str] | None = None  # <is> text being collected
        self.text: list[str] | None = None  # the current <t> inside <is>
        self.phonetic = 0  # depth inside <rPh>
        self.has_value = False
        self.value_text = self.formula_text = self.inline_text = ""
        self.names: dict[str, str] = {}  # element name as written → its local name
        self.columns: dict[str, int] = {}  # column letters → index

    # -- errors ---------------------------------------------------------------------------
    def damaged(self, why: str) -> NotAWorkbookError:
        return NotAWorkbookError(f"{self.pkg.path.name}：文件已损坏：工作表“{self.name}”{why}"
                                 + DAMAGED)

    # -- handlers -------------------------------------------------------------------------
    def start(self, tag: str, attrs: dict[str, str]) -> None:
        name = self.names.get(tag)
        if name is None:
            name = self.names[tag] = local_name(tag)
        if name == "c":
            self.start_cell(attrs)
        elif name == "v" and self.cell is not None:
            self.value, self.has_value = [], True
        elif name == "f" and self.cell is not None:
            self.formula, self.has_formula = [], True
        elif name == "row":
            r = attrs.get("r")
            if r is None:
                self.row += 1
            else:
                try:
                    self.row = int(r) - 1
                except ValueError:
                    raise self.damaged(f"的行号“{r[:20]}”无效。") from None
                if self.row < 0:
                    raise self.damaged(f"的行号“{r[:20]}”无效。")
            self.col = -1
            if xml_true(attrs.get("hidden")):
                self.sheet.hidden_rows.add(self.row)
        elif name == "is" and self.cell is not None:
            self.inline = []
        elif name == "rPh":
            self.phonetic += 1
        elif name == "t" and self.inline is not None and not self.phonetic:
            self.text = []
        elif name == "col":
            if xml_true(attrs.get("hidden")):
                try:
                    low, high = int(attrs.get("min", "0")), int(attrs.get("max", "0"))
                except ValueError:
                    return
                high = min(high, self.bounds.cols)
                self.sheet.hidden_cols.update(range(max(low, 1) - 1, high))
        elif name == "mergeCell":
            self.merge(attrs.get("ref", ""))
        elif name == "autoFilter":
            self.sheet.filtered = True

    def start_cell(self, attrs: dict[str, str]) -> None:
        ref = attrs.get("r")
        if ref is None:
            if self.row < 0:
                self.row = 0
            self.col += 1
            row, col = self.row, self.col
        else:
            letters = ref.rstrip("0123456789")
            col = self.columns.get(letters, -1)
            if col < 0:
                where = parse_ref(ref)
                if where is None:
                    raise self.damaged(f"中有无效的单元格地址“{ref[:20]}”。")
                col = self.columns[letters] = where[1]
            digits = ref[len(letters):]
            if not (digits.isascii() and digits.isdigit()) or len(digits) > 10 or int(digits) < 1:
                raise self.damaged(f"中有无效的单元格地址“{ref[:20]}”。")
            row = int(digits) - 1
            self.row, self.col = row, col
        self.cell = (row, col, ref or "", attrs.get("t", "n"), attrs.get("s", ""))
        self.value = self.formula = self.inline = None
        self.has_formula = self.has_value = False
        self.value_text = self.formula_text = self.inline_text = ""

    def chars(self, data: str) -> None:
        if self.text is not None:
            self.text.append(data)
        elif self.value is not None:
            self.value.append(data)
        elif self.formula is not None:
            self.formula.append(data)

    def end(self, tag: str) -> None:
        name = self.names[tag]
        if name == "c":
            if self.cell is not None:
                row, col, ref, kind, style = self.cell
                self.store(row, col, ref, kind, style,
                           self.value_text if self.has_value else None, self.inline_text,
                           self.has_formula, self.formula_text)
            self.cell = None
        elif name == "v":
            self.value_text = "".join(self.value or [])
            self.value = None
        elif name == "f":
            self.formula_text = "".join(self.formula or [])
            self.formula = None
        elif name == "t" and self.text is not None:
            if self.inline is not None:
                self.inline.append("".join(self.text))
            self.text = None
        elif name == "rPh":
            self.phonetic -= 1
        elif name == "is" and self.inline is not None:
            self.inline_text = "".join(self.inline)
            self.inline = None

    def store(self, row: int, col: int, ref: str, kind: str, style: str, text: str | None,
              inline_text: str, has_formula: bool, formula_text: str) -> None:
        """One cell read: its ``<v>`` text (None without one), ``<is>`` text and formula."""
        ref = ref or f"{col_letter(col)}{row + 1}"
        value: object = ""
        fmt, number = GENERAL, 0.0
        if kind == "inlineStr":
            value = stored_text(inline_text)
        elif kind == "s":
            if text is not None and text.strip():
                try:
                    value = self.pkg.strings[int(text)]
                except (ValueError, IndexError):
                    raise self.damaged(f"的 {ref} 引用了不存在的共享字符串（{text[:20]}）。"
                                       ) from None
        elif kind == "str":
            value = stored_text(text or "")
        elif kind == "b":
            if text is not None and text.strip():
                value = text.strip() in ("1", "true", "TRUE")
        elif kind == "e":
            if text is not None and text.strip():
                value = text.strip()
                self.sheet.errors[ref] = value
        elif kind == "d":  # an ISO 8601 date: how Excel's "Strict Open XML" saves a date
            if text and text.strip():
                when = _iso_date(text)
                if when is None:
                    raise self.damaged(f"的 {ref} 中的日期“{text[:30]}”无效。")
                value = when
                fmt = self.number_format(style)
                if fmt != GENERAL and is_date_format(fmt):  # shown as its serial would be
                    number = _serial(when, self.pkg.date1904)
                    value = _date_value(number, self.pkg.date1904)
                else:
                    fmt = GENERAL
        elif text is not None and text.strip():
            try:
                number = float(text)
            except ValueError:
                raise self.damaged(f"的 {ref} 中的数值“{text[:30]}”无效。") from None
            if not math.isfinite(number):
                raise self.damaged(f"的 {ref} 中的数值“{text[:30]}”无效。")
            value = number
            fmt = self.number_format(style)
            if fmt != GENERAL and is_date_format(fmt):
                value = _date_value(number, self.pkg.date1904)
        if has_formula:
            if self.pkg.recalc or text is None or (text == "" and kind != "str"):
                self.sheet.uncached.add(ref)
                value = ""
        if value == "" or value is None:
            return
        if row >= self.bounds.rows or col >= self.bounds.cols:
            self.sheet.far_count += 1
            if len(self.sheet.far) < FAR_NAMED:
                self.sheet.far.append(ref)
            return
        put(self.sheet.rows, row, col, value)
        if fmt != GENERAL:
            self.sheet.formats[(row, col)] = (fmt, number)
        if has_formula:
            self.sheet.formulas[(row, col)] = formula_text

    def number_format(self, style: str) -> str:
        if not style:
            return GENERAL
        try:
            return self.pkg.formats[int(style)]
        except (ValueError, IndexError):
            return GENERAL

    def merge(self, ref: str) -> None:
        first, _, last = ref.partition(":")
        a, b = parse_ref(first), parse_ref(last or first)
        if a is None or b is None:
            raise self.damaged(f"的合并区域“{ref[:30]}”无效。")
        (r0, c0), (r1, c1) = a, b
        self.sheet.merged.append(((min(r0, r1), min(c0, c1)), (max(r0, r1), max(c0, c1))))


def _iso_date(text: str) -> dt.datetime | None:
    """An ISO 8601 cell value (``2023-06-30``, ``2023-06-30T12:00:00Z``, ``10:30:00``) as a
    naive datetime (a bare time on Excel's day 0); None if it is no date."""
    text = text.strip()
    try:
        return dt.datetime.fromisoformat(text).replace(tzinfo=None)
    except ValueError:
        pass
    try:
        return dt.datetime.combine(dt.date(1899, 12, 30), dt.time.fromisoformat(text))
    except ValueError:
        return None


def _serial(when: dt.datetime, date1904: bool) -> float:
    """The serial Excel stores for ``when`` in the workbook's date system."""
    if when.date() == dt.date(1899, 12, 30):  # a bare time: a fraction of a day in both
        return (when - dt.datetime(1899, 12, 30)) / dt.timedelta(days=1)
    if date1904:
        return (when - dt.datetime(1904, 1, 1)) / dt.timedelta(days=1)
    return datetime_to_serial(when)


def _date_value(serial: float, date1904: bool) -> object:
    """A date-formatted number as a date, datetime or time (what a date cell holds)."""
    try:
        when = serial_to_datetime(serial, date1904)
    except (OverflowError, ValueError):
        return serial
    if 0 <= serial < 1:
        return when.time()
    if when.time() == dt.time(0):
        return when.date()
    return when


def read_sheet(pkg: Package, zf: zipfile.ZipFile, name: str, part: str,
               bounds: Bounds = BOUNDS) -> Sheet:
    """Stream ``part`` of the package open as ``zf`` into a Sheet; NotAWorkbookError if it
    is damaged. The rows of the common form are read by sheetscan's pattern; a part it
    calls irregular (or damaged) is read again by expat alone, which decides."""
    _present(pkg, name, part)
    refuse_dtd = _refuser(pkg, part)
    reader = _Reader(pkg, name, bounds)
    checker = expat.ParserCreate()
    checker.StartDoctypeDeclHandler = refuse_dtd
    checker.EntityDeclHandler = refuse_dtd
    try:
        with zf.open(part) as fh:
            scan(fh, reader, _parser(reader, refuse_dtd), checker)
        return reader.sheet
    except (Irregular, NotAWorkbookError):
        pass
    return read_sheet_expat(pkg, zf, name, part, bounds)


def _present(pkg: Package, name: str, part: str) -> None:
    if part not in pkg.parts:
        raise NotAWorkbookError(f"{pkg.path.name}：文件已损坏：缺少工作表“{name}”的内容"
                                f"（{part}）。" + DAMAGED)


def _refuser(pkg: Package, part: str) -> Callable[..., None]:
    """An expat handler for a DTD or entity declaration: the part is unsafe (the package
    check refused them already)."""
    def refuse_dtd(*_: object) -> None:
        raise unsafe(pkg.path, part)

    return refuse_dtd


def _parser(reader: _Reader, refuse_dtd: Callable[..., None]) -> expat.XMLParserType:
    parser = expat.ParserCreate()
    parser.buffer_text = True
    parser.StartElementHandler = reader.start
    parser.EndElementHandler = reader.end
    parser.CharacterDataHandler = reader.chars
    parser.StartDoctypeDeclHandler = refuse_dtd
    parser.EntityDeclHandler = refuse_dtd
    return parser


def read_sheet_expat(pkg: Package, zf: zipfile.ZipFile, name: str, part: str,
                     bounds: Bounds = BOUNDS) -> Sheet:
    """``read_sheet`` by expat's handlers alone, every cell included."""
    _present(pkg, name, part)
    reader = _Reader(pkg, name, bounds)
    parser = _parser(reader, _refuser(pkg, part))
    try:
        with zf.open(part) as fh:
            parser.ParseFile(fh)
    except expat.ExpatError as exc:
        raise NotAWorkbookError(f"{pkg.path.name}：文件已损坏：工作表“{name}”的内部结构"
                                f"无法读取（{exc}）。" + DAMAGED) from exc
    except UNREADABLE as exc:
        raise damaged(pkg.path, part, exc) from exc
    return reader.sheet
