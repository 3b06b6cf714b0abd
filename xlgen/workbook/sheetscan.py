"""The cells of a worksheet part in its common form, read by one regular expression.

expat calls Python three to seven times per cell (``<c>``, ``<v>`` or ``<is><t>``, their
ends, the text): most of the reading time of a big workbook. The rows of ``<sheetData>`` as
Excel, WPS, openpyxl and xlsxwriter write them are regular, so a compiled pattern takes a
whole cell per match instead. The part is still parsed by expat twice, both in C alone or
nearly: a parser with no handlers checks the whole part (well-formed, no DTD), and the
sheet reader's own parser reads everything outside ``<sheetData>`` (columns, merges,
filters) with its usual handlers. The common cells (text, a General number, no formula)
are stored here, as the reader's ``store`` stores them, with no call per cell (10% of the
reading); every other cell goes to that ``store``, as expat's do.

Anything outside that common form (a prefix such as ``x:c``, a cell or row without its
``r``, rich text, phonetic runs, text between elements, a comment, another encoding, a
value the reader would call damaged, any error of either parser) raises ``Irregular``: the
caller reads the part again with expat alone, so the result, and any error message, is
always exactly what that reader gives.
"""

from __future__ import annotations

import math
import re
from typing import IO, TYPE_CHECKING
from xml.parsers import expat

from ..cellescape import stored_text
from .numfmt import GENERAL
from .refs import col_index, xml_true
from .safety import UNREADABLE

if TYPE_CHECKING:
    from .sheetxml import _Reader

_CHUNK = 1 << 20
_MAX_PENDING = 16 << 20  # one row longer than this: leave it to expat's streaming
_ATTRS = r"""(?:\s+[\w:.-]+\s*=\s*(?:"[^"<&\t\n\r]*"|'[^'<&\t\n\r]*'))*"""
_TEXT = r"[^<]*"
# one token of <sheetData>: a cell, a row's start, a row's end, white space, or anything
# else (group ``other``: the part is irregular)
_TOKEN = re.compile(
    r'<c r="(([A-Z]{1,3})([0-9]{1,10}))"(' + _ATTRS + r")\s*(?:(/)>|>\s*"
    r"(<f" + _ATTRS + r"\s*(?:/>|>(" + _TEXT + r")</f>)\s*)?"
    r"(<v\s*/>|<v>(" + _TEXT + r")</v>\s*)?"
    r"(<is>\s*<t" + _ATTRS + r"\s*(?:/>|>(" + _TEXT + r")</t>)\s*</is>\s*)?"
    r"</c>)"
    r'|<row r="([0-9]{1,10})"(' + _ATTRS + r")\s*/?>"
    r"|</row>|\s+|([\s\S])")
# The same tokens in the form Excel, WPS, openpyxl and xlsxwriter write them, with fewer
# groups (a third of the time): a cell with no formula, its attributes s then t, and a value
# or inline text that is not empty; a row's start with its attributes in double quotes; a
# row's end. Anything else is left in group ``rest`` for _TOKEN: a whole cell (a cell's text
# holds no "</c>"), or one tag or one run of text (neither holds a "<"). Each run is
# possessive (``++``, ``?+``: a sixth less time): what follows it is a character the run
# cannot hold, so giving some back could never make a match.
_QUICK = re.compile(
    r'<c r="(([A-Z]{1,3}+)([0-9]{1,10}+))"((?: s="[0-9]{1,9}+")?+(?: t="[A-Za-z]{1,9}+")?+)'
    r"(?:/>|>(?:<v>([^<]++)</v>|<is><t>([^<]++)</t></is>)?</c>)"
    r'|<row r="([0-9]{1,10}+)"((?: [\w:.-]+="[^"<&>\t\n\r]*+")*+)>'
    r"|</row>"
    r"|(<c\b[^>]*/>|<c\b[\s\S]*?</c>|[\s\S][^<]*)")
_ATTR = re.compile(r"""([\w:.-]+)\s*=\s*(?:"([^"]*)"|'([^']*)')""")
_ENTITY = re.compile(r"&(#[0-9]+|#x[0-9A-Fa-f]+|amp|lt|gt|quot|apos);")
_NAMED = {"amp": "&", "lt": "<", "gt": ">", "quot": '"', "apos": "'"}
_START, _END = b"<sheetData>", b"</sheetData>"
_DECLARATION = re.compile(
    rb"""(?:\xef\xbb\xbf)?(?:<\?xml\s+version\s*=\s*["']1\.[0-9]+["']"""
    rb"""(?:\s+encoding\s*=\s*["'](?i:utf-8)["'])?"""
    rb"""(?:\s+standalone\s*=\s*["'](?:yes|no)["'])?\s*\?>)?""")


def put(rows: list[list[object]], row: int, col: int, value: object) -> None:
    """Store ``value`` at ``rows[row][col]``, lengthening the grid as needed."""
    while len(rows) <= row:
        rows.append([])
    cells = rows[row]
    if len(cells) <= col:
        cells.extend([""] * (col + 1 - len(cells)))
    cells[col] = value


class Irregular(Exception):
    """The part is not in the common form: read it with expat alone."""


def _attrs(blob: str) -> dict[str, str]:
    return {name: a or b for name, a, b in _ATTR.findall(blob)}


def _text(raw: str) -> str:
    """Character data as expat gives it: line ends normalised, references replaced."""
    if "\r" in raw:
        raw = raw.replace("\r\n", "\n").replace("\r", "\n")
    if "&" in raw:
        raw = _ENTITY.sub(_reference, raw)
    return raw


def _reference(m: re.Match[str]) -> str:
    name = m.group(1)
    if name[0] != "#":
        return _NAMED[name]
    return chr(int(name[2:], 16) if name[1] == "x" else int(name[1:]))


class _Cells:
    """Stores the cells of ``<sheetData>``'s text through the reader's ``store``."""

    def __init__(self, reader: _Reader):
        self.reader = reader
        self.columns: dict[str, int] = {}
        self.cell_attrs: dict[str, tuple[str, str]] = {}  # attributes after r → (t, s)
        self.row_hidden: dict[str, bool] = {}  # a row's attributes after r → hidden
        self.general_styles: dict[str, bool] = {}  # style → its number format is General

    def general(self, style: str) -> bool:
        """Whether cells of ``style`` show their number in the General format."""
        plain = self.general_styles.get(style)
        if plain is None:
            plain = self.general_styles[style] = self.reader.number_format(style) == GENERAL
        return plain

    def tokens(self, text: str) -> None:
        """Store the cells of ``text``, whole rows of ``<sheetData>``. The quick pattern takes
        the cells and rows in the form Excel, WPS, openpyxl and xlsxwriter write, and stores
        the common ones itself; whatever it does not take goes to ``full``."""
        reader = self.reader
        store, columns, cell_attrs = reader.store, self.columns, self.cell_attrs
        grid = reader.sheet.rows
        strings, general, isfinite = reader.pkg.strings, self.general, math.isfinite
        max_rows, max_cols = reader.bounds.rows, reader.bounds.cols
        row, col = reader.row, reader.col
        cells_row, cells = -1, []  # the grid's row ``cells_row`` (put's work, inlined)
        row_digits = ""  # the digits ``row`` was read from (a row's cells share them)
        for (ref, letters, digits, attrs, value_text, inline_text, row_number, row_attrs,
             rest) in _QUICK.findall(text):
            if ref:
                if digits != row_digits:
                    row, row_digits = int(digits) - 1, digits
                col = columns.get(letters, -1)
                if col < 0:
                    col = columns[letters] = col_index(letters)
                kind_style = cell_attrs.get(attrs)
                if kind_style is None:
                    found = _attrs(attrs)
                    kind_style = cell_attrs[attrs] = (found.get("t", "n"), found.get("s", ""))
                if row < 0:
                    raise Irregular
                if not (value_text or inline_text):
                    continue  # <c r="A1"/>: nothing to store, as ``store`` would find
                # The common cells, text (shared or inline) or a General number, stored here
                # as ``store`` would; anything else, or anything ``store`` would question (a
                # bad index, a number that is not one), goes to ``store``.
                got: object = None
                if row < max_rows and col < max_cols:
                    kind = kind_style[0]
                    try:
                        if kind == "inlineStr":  # (most texts: nothing to replace, no call)
                            got = (inline_text if not ("&" in inline_text or "\r" in inline_text
                                                       or "_x" in inline_text)
                                   else stored_text(_text(inline_text)))
                        elif not value_text:
                            pass
                        elif kind == "s":
                            got = strings[int(value_text)]
                        elif kind == "n" and general(kind_style[1]):
                            got = float(value_text)
                            if not isfinite(got):
                                got = None
                    except (ValueError, IndexError):
                        got = None
                if got is None:
                    store(row, col, ref, *kind_style, _text(value_text) if value_text else None,
                          _text(inline_text), False, "")
                elif got != "":
                    if row != cells_row:
                        while len(grid) <= row:
                            grid.append([])
                        cells_row, cells = row, grid[row]
                    width = len(cells)
                    if col == width:
                        cells.append(got)
                    elif col < width:
                        cells[col] = got
                    else:
                        cells.extend([""] * (col - width))
                        cells.append(got)
            elif row_number:
                row, col, row_digits = self.row(row_number, row_attrs), -1, ""
            elif rest:
                reader.row, reader.col = row, col
                self.full(rest)
                row, col, row_digits = reader.row, reader.col, ""
        reader.row, reader.col = row, col

    def row(self, number: str, attrs: str) -> int:
        """A row's start: its zero-based index, noting it when hidden."""
        row = int(number) - 1
        if row < 0:
            raise Irregular
        hidden = self.row_hidden.get(attrs)
        if hidden is None:
            hidden = self.row_hidden[attrs] = xml_true(_attrs(attrs).get("hidden"))
        if hidden:
            self.reader.sheet.hidden_rows.add(row)
        return row

    def full(self, text: str) -> None:
        """Store the cells of ``text``, what the quick pattern left, through ``store``."""
        reader = self.reader
        for (ref, letters, digits, attrs, empty, formula, formula_text, value, value_text,
             inline, inline_text, row_number, row_attrs, other) in _TOKEN.findall(text):
            if ref:
                row = reader.row = int(digits) - 1
                if row < 0:
                    raise Irregular
                col = self.columns.get(letters, -1)
                if col < 0:
                    col = self.columns[letters] = col_index(letters)
                reader.col = col
                kind_style = self.cell_attrs.get(attrs)
                if kind_style is None:
                    found = _attrs(attrs)
                    kind_style = self.cell_attrs[attrs] = (found.get("t", "n"),
                                                           found.get("s", ""))
                if empty:
                    reader.store(row, col, ref, *kind_style, None, "", False, "")
                else:
                    reader.store(row, col, ref, *kind_style,
                                 _text(value_text) if value else None,
                                 _text(inline_text) if inline else "",
                                 bool(formula), _text(formula_text) if formula else "")
            elif row_number:
                reader.row, reader.col = self.row(row_number, row_attrs), -1
            elif other:
                raise Irregular


def scan(fh: IO[bytes], reader: _Reader, parser: expat.XMLParserType,
         checker: expat.XMLParserType) -> None:
    """Read the part open as ``fh`` into ``reader``: ``parser`` (the reader's) gets all but
    the rows, ``checker`` all of it. Raises Irregular (or what expat or the reader raise) when
    the part must be read again with expat alone."""
    try:
        _scan(fh, reader, parser, checker)
    except (expat.ExpatError, UnicodeDecodeError, *UNREADABLE) as exc:
        raise Irregular from exc


def _scan(fh: IO[bytes], reader: _Reader, parser: expat.XMLParserType,
          checker: expat.XMLParserType) -> None:
    cells = _Cells(reader)
    pending = b""
    state = "before"  # before <sheetData>, in it, after it
    while chunk := fh.read(_CHUNK):
        checker.Parse(chunk, False)
        if state == "after":
            parser.Parse(chunk, False)
            continue
        pending += chunk
        if state == "before":
            start = pending.find(_START)
            if start < 0:
                if len(pending) > _MAX_PENDING:
                    raise Irregular
                continue
            head = pending[:start + len(_START)]
            declaration = _DECLARATION.match(head)
            if b"<!" in head or b"<?" in head[declaration.end() if declaration else 0:]:
                raise Irregular  # a comment, CDATA, DTD, processing instruction or encoding
            parser.Parse(head, False)
            pending, state = pending[len(head):], "in"
        end = pending.find(_END)
        if end >= 0:
            cells.tokens(pending[:end].decode("utf-8"))
            parser.Parse(pending[end:], False)
            pending, state = b"", "after"
            continue
        cut = pending.rfind(b"</row>")
        if cut >= 0:
            cut += len(b"</row>")
            cells.tokens(pending[:cut].decode("utf-8"))
            pending = pending[cut:]
        elif len(pending) > _MAX_PENDING:
            raise Irregular
    checker.Parse(b"", True)
    if state != "after":
        raise Irregular  # no <sheetData> or no end to it: expat alone
    parser.Parse(b"", True)
