"""Cell addresses and attribute values as SpreadsheetML writes them, for every part reader
(safety.py, sheetxml.py, sheetscan.py)."""

from __future__ import annotations

import re

_REF = re.compile(r"\$?([A-Za-z]{1,3})\$?([0-9]{1,10})")


def col_index(letters: str) -> int:
    """``A`` → 0, ``XFD`` → 16383."""
    n = 0
    for ch in letters.upper():
        n = n * 26 + ord(ch) - 64
    return n - 1


def col_letter(index: int) -> str:
    """0 → A, 25 → Z, 26 → AA."""
    letters = ""
    index += 1
    while index:
        index, rem = divmod(index - 1, 26)
        letters = chr(65 + rem) + letters
    return letters


def parse_ref(ref: str) -> tuple[int, int] | None:
    """``C7`` → (6, 2) zero-based; None for anything that is not a cell address."""
    m = _REF.fullmatch(ref.strip())
    if not m or int(m.group(2)) < 1:
        return None
    return int(m.group(2)) - 1, col_index(m.group(1))


def local_name(name: str) -> str:
    """An element or attribute name without its namespace or prefix: ``{…/main}c``
    (ElementTree), ``x:c`` (expat, prefixed) and ``c`` all give ``c``."""
    return name.rsplit("}", 1)[-1].rsplit(":", 1)[-1]


def xml_true(value: str | None) -> bool:
    """An XML boolean attribute (``hidden="1"``, ``date1904="true"``); absent is false."""
    return value is not None and value.lower() in ("1", "true")
