"""Turn one raw cell value into a typed value, or a Chinese explanation of why it cannot be."""

from __future__ import annotations

import datetime as dt
import unicodedata
from decimal import Decimal

from ..money import parse_amount
from .numfmt import general

# 16 digits: more than Excel keeps (15 significant digits), far above any budget (the
# sanity check warns from 1,000 亿元); beyond it a figure is a slip, never an amount
MAX_AMOUNT = Decimal(10) ** 15


class CellError(ValueError):
    """A cell's value does not fit its field; ``str(exc)`` is the Chinese explanation."""


def plain(text: str) -> str:
    """Text as compared by name (a sheet, a printed label): NFKC, no white space at all."""
    return "".join(unicodedata.normalize("NFKC", text).split())


def norm_label(value: object) -> str:
    """A header or form label as compared: ``plain``, no trailing colon or (万元)."""
    text = plain(str(value))
    for suffix in ("(万元)", "(元)", ":", "*"):
        if text.endswith(suffix):
            text = text[: -len(suffix)]
    return text.lstrip("*")


def shown(value: object) -> str:
    """A value as quoted in a message."""
    if isinstance(value, float):
        return format(value, ".15g")
    text = str(value)
    return text if len(text) <= 40 else text[:40] + "…"


def is_blank(value: object) -> bool:
    return value is None or (isinstance(value, str) and value.strip() == "")


def to_text(value: object) -> str:
    """Trimmed text; numbers as typed (22.0 → ``22``); line breaks kept, each line trimmed."""
    if isinstance(value, str):
        if "\n" not in value and "\r" not in value:
            return value.strip()
        text = value.replace("\r\n", "\n").replace("\r", "\n")
        lines = [line.strip() for line in text.split("\n")]
        return "\n".join(line for line in lines if line)
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, float):
        return general(value)  # as Excel shows it: 15 significant digits
    if isinstance(value, (dt.datetime, dt.date)):
        return value.strftime("%Y-%m-%d")
    return str(value).strip()


def to_amount(
    value: object, *, signed: bool = False, factor: Decimal = Decimal(1)
) -> Decimal | None:
    """An amount in 万元; ``factor`` converts from the workbook's unit (1/10000 for 元)."""
    try:
        amount = parse_amount(value)
    except ValueError:
        raise CellError(
            f"应填写金额数字，单元格中却是“{shown(value)}”。"
            "请只填数字（如 61.75 或 15,608.00），不要带“万”“约”“元”等文字。"
        ) from None
    if amount is None:
        return None
    if amount < 0 and not signed:
        raise CellError(f"金额不能为负数（单元格中是 {shown(value)}）。")
    if abs(amount) >= MAX_AMOUNT:
        raise CellError(f"金额 {shown(value)} 有 16 位以上数字，大得不合理"
                        "（Excel 也只能保存 15 位），请检查是否多输了数字。")
    return amount * factor if factor != 1 else amount


def to_score(value: object) -> Decimal | None:
    try:
        score = parse_amount(value)
    except ValueError:
        raise CellError(f"应填写分数（数字），单元格中却是“{shown(value)}”。") from None
    if score is not None and score < 0:
        raise CellError(f"分数不能为负数（单元格中是 {shown(value)}）。")
    return score


def to_integer(value: object, low: int = 0, high: int | None = None) -> int | None:
    try:
        number = parse_amount(value)
    except ValueError:
        number = Decimal("NaN")
    if number is None:
        return None
    if number.is_nan() or number != number.to_integral_value() or number < low:
        raise CellError(f"应填写不小于 {low} 的整数，单元格中却是“{shown(value)}”。")
    if high is not None and number > high:
        raise CellError(f"应填写 {low}–{high} 之间的整数，单元格中却是“{shown(value)}”。")
    return int(number)


def to_rate(value: object) -> Decimal | None:
    """A rate as a fraction: ``99.48%`` → 0.9948; a number ≤ 2 is a fraction, above is a percent."""
    if isinstance(value, str) and value.strip().endswith(("%", "％")):
        try:
            number = parse_amount(value.strip()[:-1])
        except ValueError:
            number = None
        if number is None:
            raise CellError(f"应填写百分比（如 99.48%），单元格中却是“{shown(value)}”。")
        return number / 100
    try:
        number = parse_amount(value)
    except ValueError:
        raise CellError(f"应填写百分比（如 99.48%），单元格中却是“{shown(value)}”。") from None
    if number is None:
        return None
    return number if abs(number) <= 2 else number / 100
