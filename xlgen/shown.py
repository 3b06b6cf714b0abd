"""A cell's value as a message quotes it: as the clerk sees it in Excel or WPS.

One place for every message that quotes a value: ``1e15`` reads ``1000000000000000`` (not
``1e+15``), ``0.1 + 0.2`` reads ``0.3``, a boolean ``TRUE``, a date ``2023-01-01``.
"""

from __future__ import annotations

import datetime as dt
import math
from decimal import Decimal

from .invisible import visible
from .money import from_float

LONGEST = 40  # characters of a text quoted whole; longer text is cut with …


def general(value: float) -> str:
    """Excel's General format: up to 15 significant digits, plain digits, no exponent."""
    if not math.isfinite(value):
        return str(value)
    if value == int(value) and abs(value) < 1e15:
        return str(int(value))
    return format(from_float(value).normalize(), "f")


def shown(value: object) -> str:
    """``value`` as quoted in a message (text longer than 40 characters is cut; characters
    no one sees left out, so the quote can be searched for in Excel)."""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float):
        return general(value)
    if isinstance(value, Decimal):
        return format(value, "f") if value.is_finite() else str(value)
    if isinstance(value, dt.datetime):
        if value.time() == dt.time():
            return value.strftime("%Y-%m-%d")
        return value.strftime("%Y-%m-%d %H:%M:%S" if value.second else "%Y-%m-%d %H:%M")
    if isinstance(value, dt.date):
        return value.strftime("%Y-%m-%d")
    if isinstance(value, dt.time):
        return value.strftime("%H:%M:%S" if value.second else "%H:%M")
    text = "" if value is None else visible(str(value))  # as on screen: no zero-width space
    return text if len(text) <= LONGEST else text[:LONGEST] + "…"


def quoted(text: str, longest: int = 0) -> str:
    """``text`` in Chinese quotes, one pair per line a line break (Alt+Enter) makes:
    ``“甲项目”“二期”``, so a message stays on one line of the terminal and shows where the
    break is. Each line is cut at ``longest`` characters (0: whole) with …."""
    lines = [line if not longest or len(line) <= longest else line[:longest] + "…"
             for line in text.split("\n")]
    return "“" + "”“".join(lines) + "”"
