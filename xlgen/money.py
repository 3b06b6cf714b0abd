"""Exact money and rate arithmetic: parse clerk input, round half-up once, format for display."""

from __future__ import annotations

import re
import unicodedata
from decimal import ROUND_HALF_UP, Context, Decimal, InvalidOperation

from .invisible import visible

CENT = Decimal("0.01")
DASH = "—"
WAN = Decimal(10000)

# digits 0-9 only: Python's \d also takes Arabic-Indic ٣ or Devanagari ३, which no clerk types
# for a budget (full-width ３ is 3 after NFKC)
_NUMBER_RE = re.compile(r"[+-]?([0-9]{1,3}(,[0-9]{3})+|[0-9]+)(\.[0-9]+)?|[+-]?\.[0-9]+")


# the digits a clerk types: 0-9, and the full-width ones of a Chinese input method (NFKC: 0-9)
_TYPED_DIGITS = frozenset("0123456789０１２３４５６７８９")


def foreign_digits(text: str) -> str:
    """The characters of ``text`` that are digits or number signs other than 0–9 and the
    full-width ０–９ (Arabic-Indic ``٣``, Devanagari ``३``, a circled ``①``, a superscript
    ``²``), each once: none is read as a number (NFKC would make ``①`` a 1 and ``10²`` 102)."""
    if text.isascii():
        return ""
    return "".join(dict.fromkeys(ch for ch in text if ch not in _TYPED_DIGITS
                                 and unicodedata.category(ch) in ("Nd", "No")))


def from_float(value: float) -> Decimal:
    """Decimal of a spreadsheet number, to Excel's 15 significant digits (0.1+0.2 → 0.3)."""
    if value == 0:
        return Decimal(0)
    return Decimal(format(value, ".15g"))


def parse_amount(value: object) -> Decimal | None:
    """Read a clerk's amount: a number, or text such as ``15,608.00``, ``１５６０８``, `` 61.75 ``.

    Characters no one sees (a zero-width space pasted from a web page) are dropped.
    Returns None for a blank cell. Raises ValueError for anything else (``约60``, ``61.75万``,
    ``٣`` or ``①``: digits no clerk types, see ``foreign_digits``),
    a space inside the number among them: ``3 20`` may be 320 or 3.20, so it is never guessed.
    """
    if value is None:
        return None
    if isinstance(value, bool):
        raise ValueError(value)
    if isinstance(value, Decimal):
        return value
    if isinstance(value, int):
        return Decimal(value)
    if isinstance(value, float):
        if value != value or value in (float("inf"), float("-inf")):
            raise ValueError(value)
        return from_float(value)
    text = unicodedata.normalize("NFKC", visible(str(value))).strip().replace("，", ",")
    if text == "":
        return None
    if foreign_digits(str(value)):
        raise ValueError(value)
    if text.startswith("−"):
        text = "-" + text[1:]
    if not _NUMBER_RE.fullmatch(text):
        raise ValueError(value)
    try:
        return Decimal(text.replace(",", ""))
    except InvalidOperation as exc:  # pragma: no cover - the regex admits only valid numbers
        raise ValueError(value) from exc


def round_money(value: Decimal, places: Decimal = CENT) -> Decimal:
    """Round half-up (四舍五入) to ``places`` (two decimals by default).

    A figure that rounds to zero has no sign (``-0.004`` → ``0.00``, not ``-0.00``).
    Exact for any size: a rate over a budget of 1e-250 is 1e256, more digits than the
    default context's 28, so the precision grows with the number.
    """
    digits = max(value.adjusted(), 0) - places.as_tuple().exponent + 2  # type: ignore[operator]
    rounded = value.quantize(places, rounding=ROUND_HALF_UP,
                             context=Context(prec=max(28, digits)))
    return rounded.copy_abs() if rounded.is_zero() else rounded  # never a printed -0.00


def fmt_money(value: Decimal | None, blank: str = "") -> str:
    """``15608`` → ``15,608.00``; None → ``blank``."""
    if value is None:
        return blank
    return f"{round_money(value):,.2f}"


def fmt_typed(value: Decimal, unit: str = "万元") -> str:
    """An exact sum of a clerk's amounts as they typed them, never rounded: in ``unit``
    (the workbook's 金额单位; ``value`` is in 万元), with thousands separators and at least
    two decimals: ``15,608.00 万元``, ``0.002 万元``, ``1.00 元``. For messages, where a
    difference of 1 元 must not read 0.00."""
    typed = value * 10000 if unit == "元" else value
    cents = typed.quantize(CENT)  # amounts are capped far below the context's 28 digits
    return f"{cents if cents == typed else typed.normalize():,f} {unit}"


def rate(numerator: Decimal | None, denominator: Decimal | None) -> Decimal | None:
    """Exact ratio as a fraction (not rounded); None when the denominator is zero or blank."""
    if numerator is None or denominator is None or denominator == 0:
        return None
    return numerator / denominator


def fmt_percent(value: Decimal | None) -> str:
    """A fraction as a percentage with two decimals: ``0.98815`` → ``98.82%``; None → ``—``.
    No thousands separator, as the 自评表's ``0.00%`` cells print it: ``12.3456`` →
    ``1234.56%`` in the report's sentence and in the table beside it."""
    if value is None:
        return DASH
    return f"{round_money(value * 100):.2f}%"


def fmt_number(value: Decimal | int | None, blank: str = "") -> str:
    """A score or count without trailing zeros: ``99.50`` → ``99.5``, ``20.00`` → ``20``."""
    if value is None:
        return blank
    d = round_money(Decimal(value))
    text = f"{d:f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text
