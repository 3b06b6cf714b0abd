"""OOXML's escape in cell text, one rule for the reader and the writers.

Excel reads ``_xHHHH_`` in stored cell text as the character U+HHHH (``_x000D_`` is a carriage
return, ``_x0041_`` an “A”); a ``_`` that starts such a sequence is stored as ``_x005F_``.
"""

from __future__ import annotations

import re

_ESCAPE_RE = re.compile(r"_(?=x[0-9A-Fa-f]{4}_)")
_SEQUENCE_RE = re.compile(r"_x([0-9A-Fa-f]{4})_")


def excel_text(text: str) -> str:
    """``text`` as stored in a cell so that Excel shows it literally: every ``_`` that would
    start an ``_xHHHH_`` sequence becomes ``_x005F_`` (``_x0041_`` → ``_x005F_x0041_``).
    Every writer of cell text stores it through this function."""
    return _ESCAPE_RE.sub("_x005F_", text) if "_x" in text else text


def stored_text(text: str) -> str:
    """The text Excel shows for a cell's stored ``text`` (a template's, an input workbook's):
    the inverse of :func:`excel_text` (``_x005F_x0041_`` → ``_x0041_``, ``_x000D_`` → a
    carriage return)."""
    if "_x" not in text:
        return text
    return _SEQUENCE_RE.sub(lambda m: chr(int(m.group(1), 16)), text)
