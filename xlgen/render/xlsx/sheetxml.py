"""A worksheet's cells written straight to SpreadsheetML, row by row, with no cell objects.

The engine's output sheets are large (one row per project, per indicator) while the rest of
the package is small, so the cells are serialised here, as strings, and spliced into the
worksheet part openpyxl writes for everything else (print setup, columns, merges): see
``openpyxl_adapter.write_package``. The bytes are exactly what openpyxl's own writer makes
of the same cells (inline strings, ASCII with character references, ``%.16g`` numbers):
tests/test_sheetxml.py compares the two on awkward values.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from typing import Any

from openpyxl.utils import get_column_letter

from ...cellescape import excel_text

Style = Any  # an openpyxl StyleArray (the template cell's style indices)
Cell = tuple[int, Style, Any]  # (column, style, value)


def _escape(text: str) -> str:
    """Text as lxml writes it in an element: ``& < >`` escaped, and ``\\r`` kept as a reference."""
    if "&" in text:
        text = text.replace("&", "&amp;")
    if "<" in text:
        text = text.replace("<", "&lt;")
    if ">" in text:
        text = text.replace(">", "&gt;")
    if "\r" in text:
        text = text.replace("\r", "&#13;")
    return text


def _number(value: Any) -> str:
    """openpyxl's ``safe_string`` of a number: 16 significant digits, '' for NaN/infinity."""
    if isinstance(value, float | Decimal) and (math.isnan(value) or math.isinf(value)):
        return ""
    # %-formatting, not format(): a Decimal goes through float, as in openpyxl
    return "%.16g" % value  # noqa: UP031


class SheetXml:
    """Collects a worksheet's ``<row>`` elements; ``chunks`` are the inside of ``<sheetData>``.

    ``style_id`` maps a cell's style to its index in the workbook's cell formats;
    ``row_attrs(height, hidden)`` gives a row's attributes after ``r``; ``date_value``
    turns a date or time into what the cell stores (``(type, ISO text or serial number)``).
    """

    def __init__(self, style_id: Callable[[Style], int],
                 row_attrs: Callable[[float, bool], str],
                 date_value: Callable[[Any], tuple[str, str | float]]):
        self._style_id = style_id
        self._row_attrs = row_attrs
        self._date_value = date_value
        self._styles: dict[int, tuple[Style, str]] = {}  # id(style) → (style, ' s="n"' or '')
        self._rows_attrs: dict[tuple[float, bool], str] = {}
        self._letters: list[str] = [""]
        self.chunks: list[bytes] = []  # one per row: what goes inside <sheetData>
        self.min_row = self.min_col = 0
        self.max_row = self.max_col = 0

    def dimension(self) -> str:
        """The range every cell lies in (``A1:A1`` for no cells), as openpyxl computes it."""
        if not self.max_row:
            return "A1:A1"
        return (f"{self._letter(self.min_col)}{self.min_row}:"
                f"{self._letter(self.max_col)}{self.max_row}")

    def _letter(self, col: int) -> str:
        letters = self._letters
        while len(letters) <= col:
            letters.append(get_column_letter(len(letters)))
        return letters[col]

    def _style(self, style: Style) -> str:
        found = self._styles.get(id(style))
        if found is None:
            attr = f' s="{self._style_id(style)}"' if any(style) else ""
            found = self._styles[id(style)] = (style, attr)  # the style kept alive with its id
        return found[1]

    def row(self, n: int, height: float, hidden: bool, cells: list[Cell]) -> None:
        """Row ``n`` with ``cells`` in column order (a cell with no value and no style is
        left out, but still counts in the sheet's dimension)."""
        key = (height, hidden)
        attrs = self._rows_attrs.get(key)
        if attrs is None:
            attrs = self._rows_attrs[key] = self._row_attrs(height, hidden)
        parts = [f'<row r="{n}"{attrs}>']
        if cells:
            if not self.min_row:
                self.min_row = n
            self.max_row = n
            first, last = cells[0][0], cells[-1][0]
            if not self.min_col or first < self.min_col:
                self.min_col = first
            if last > self.max_col:
                self.max_col = last
        for col, style, value in cells:
            s = self._style(style)
            if value is None:
                if s:
                    parts.append(f'<c r="{self._letter(col)}{n}"{s} t="n"></c>')
                continue
            ref = f"{self._letter(col)}{n}"
            if isinstance(value, str):
                value = excel_text(value)  # shown literally: a clerk's _x0041_ is not decoded
                if not value:
                    parts.append(f'<c r="{ref}"{s} t="inlineStr"></c>')
                elif value != value.strip():
                    parts.append(f'<c r="{ref}"{s} t="inlineStr"><is><t xml:space="preserve">'
                                 f"{_escape(value)}</t></is></c>")
                else:
                    parts.append(f'<c r="{ref}"{s} t="inlineStr"><is><t>{_escape(value)}'
                                 "</t></is></c>")
            elif isinstance(value, bool):
                parts.append(f'<c r="{ref}"{s} t="b"><v>{_number(value)}</v></c>')
            elif isinstance(value, int | float | Decimal):
                parts.append(f'<c r="{ref}"{s} t="n"><v>{_number(value)}</v></c>')
            elif isinstance(value, datetime | date | time | timedelta):
                kind, stored = self._date_value(value)
                text = _escape(stored) if isinstance(stored, str) else _number(stored)
                parts.append(f'<c r="{ref}"{s} t="{kind}"><v>{text}</v></c>')
            else:
                raise TypeError(f"a cell cannot hold {type(value).__name__}")
        parts.append("</row>")
        # ASCII, other characters as references, as openpyxl writes them
        self.chunks.append("".join(parts).encode("ascii", "xmlcharrefreplace"))
