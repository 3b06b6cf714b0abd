"""Jinja filters shared by the Excel and Word templates (documented in templates/README.md)."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any

from ..money import DASH, fmt_money, fmt_number, fmt_percent, from_float

_DIGITS = "零一二三四五六七八九"


def _number(value: Any) -> Decimal:
    """``value`` as a number; InvalidOperation (said in Chinese: a number filter given what
    is not a number) for a text such as a department's name. A float (an extra column's
    number) as Excel shows it, to 15 digits: 2.675 stays 2.675, not 2.67499999…"""
    if isinstance(value, float):
        return from_float(value)
    try:
        return Decimal(value)
    except (InvalidOperation, TypeError, ValueError) as exc:
        raise InvalidOperation(f"not a number: {value!r}") from exc


def cn_number(n: int) -> str:
    """1 → 一, 10 → 十, 11 → 十一, 21 → 二十一, 105 → 一百零五 (up to 9999)."""
    n = int(_number(n))
    if n < 0:
        return "负" + cn_number(-n)
    if n < 10:
        return _DIGITS[n]
    if n < 20:
        return "十" + (_DIGITS[n - 10] if n > 10 else "")
    parts = []
    for value, unit in ((1000, "千"), (100, "百"), (10, "十"), (1, "")):
        digit, n = divmod(n, value)
        if digit:
            parts.append(_DIGITS[digit] + unit)
        elif parts and n and not parts[-1].endswith("零"):
            parts.append("零")
    return "".join(parts)


def cn_paren(n: int) -> str:
    """1 → （一）."""
    return f"（{cn_number(n)}）"


def cn_ordinal(n: int) -> str:
    """1 → 一是 (the report's 一是/二是/三是 enumeration)."""
    return f"{cn_number(n)}是"


def money(value: Decimal | int | None, blank: str = "") -> str:
    """Amount with thousands separators and two decimals: ``15608`` → ``15,608.00``."""
    return fmt_money(None if value is None else _number(value), blank)


def percent(value: Decimal | None) -> str:
    """A fraction as a percentage: ``0.98815`` → ``98.82%``; None → ``—``."""
    return fmt_percent(None if value is None else _number(value))


def dash(value: object) -> object:
    """``—`` for a figure that cannot be computed (None); any other value unchanged, so an
    Excel cell's own number format still applies: ``{{ f.rate|dash }}``."""
    return DASH if value is None else value


def number(value: Decimal | int | None, blank: str = "") -> str:
    """A score or count without trailing zeros: ``99.50`` → ``99.5``."""
    return fmt_number(None if value is None else _number(value), blank)


_NOTHING: Any = object()


def to_int(value: Any, default: Any = _NOTHING, base: int = 10) -> Any:
    """Jinja's ``int``, except that a text that is not a number (or None) is an error said in
    Chinese, not a silent 0 in a finance document; ``int(0)`` with a default keeps Jinja's
    leniency (the template asked for it)."""
    try:
        if isinstance(value, str) and base != 10:
            return int(value.strip(), base)
        return int(_number(value))
    except (InvalidOperation, TypeError, ValueError, OverflowError):
        if default is _NOTHING:
            raise TypeError(f"not a number: type {type(value).__name__}") from None
        return default


def to_float(value: Any, default: Any = _NOTHING) -> Any:
    """Jinja's ``float``, strict as :func:`to_int`."""
    try:
        return float(_number(value))
    except (InvalidOperation, TypeError, ValueError):
        if default is _NOTHING:
            raise TypeError(f"not a number: type {type(value).__name__}") from None
        return default


FILTERS = {
    "cn_number": cn_number,
    "cn_paren": cn_paren,
    "cn_ordinal": cn_ordinal,
    "money": money,
    "percent": percent,
    "dash": dash,
    "number": number,
    "int": to_int,
    "float": to_float,
}
