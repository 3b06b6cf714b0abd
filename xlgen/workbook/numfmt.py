"""Number formats: what Excel/WPS shows for a number in a cell (issue 16, "what the clerk saw").

``parse_styles`` reads styles.xml into one number-format code per cell style; ``display``
renders a value with a code the way a Chinese Excel shows it: ``0.9`` with ``0%`` → ``90%``,
``1234.5`` with ``#,##0.00`` → ``1,234.50``, a date serial with ``yyyy"年"m"月"d"日"`` →
``2023年6月30日``. Only what clerks' workbooks use is covered (sections, literals, digits,
thousands, percent, dates and times); anything else (fractions, scientific) falls back to
General, which is never wrong by more than the format's decoration.
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import ROUND_HALF_UP, Decimal
from xml.etree.ElementTree import Element

from ..money import from_float
from ..shown import general
from .refs import local_name

# Excel's built-in formats as a Chinese (zh-CN) Excel shows them.
BUILTIN: dict[int, str] = {
    0: "General", 1: "0", 2: "0.00", 3: "#,##0", 4: "#,##0.00", 9: "0%", 10: "0.00%",
    11: "0.00E+00", 12: "# ?/?", 13: "# ??/??", 14: "yyyy/m/d", 15: "D-MMM-YY", 16: "D-MMM",
    17: "MMM-YY", 18: "h:mm AM/PM", 19: "h:mm:ss AM/PM", 20: "h:mm", 21: "h:mm:ss",
    22: "yyyy/m/d h:mm", 27: 'yyyy"年"m"月"', 28: 'm"月"d"日"', 29: 'm"月"d"日"',
    30: "M-D-YY", 31: 'yyyy"年"m"月"d"日"', 32: 'h"时"mm"分"', 33: 'h"时"mm"分"ss"秒"',
    34: '上午/下午h"时"mm"分"', 35: '上午/下午h"时"mm"分"ss"秒"', 36: 'yyyy"年"m"月"',
    37: "#,##0 ;(#,##0)", 38: "#,##0 ;[Red](#,##0)", 39: "#,##0.00;(#,##0.00)",
    40: "#,##0.00;[Red](#,##0.00)", 45: "mm:ss", 46: "[h]:mm:ss", 47: "mm:ss.0",
    48: "##0.0E+0", 49: "@", 50: 'yyyy"年"m"月"', 51: 'm"月"d"日"', 52: 'yyyy"年"m"月"',
    53: 'm"月"d"日"', 54: 'm"月"d"日"', 55: '上午/下午h"时"mm"分"',
    56: '上午/下午h"时"mm"分"ss"秒"', 57: 'yyyy"年"m"月"', 58: 'm"月"d"日"',
}
GENERAL = "General"
_CN_MONTHS = ("一", "二", "三", "四", "五", "六", "七", "八", "九", "十", "十一", "十二")
_TOKEN = re.compile(r'"[^"]*"|\\.|\[[^\]]*\]|_.|\*.|上午/下午|AM/PM|A/P|[yY]+|[mM]+|[dD]+|[hH]+|'
                    r"[sS]+|[eE]\+?|0|#|\?|\.|,|%|@|.", re.S)
_DATE_TOKENS = re.compile(r"[yYmMdDhHsS]")
_ELAPSED = re.compile(r"\[(h+|m+|s+)\]")


def parse_styles(root: Element | None) -> list[str]:
    """One number-format code per cellXfs entry (index = a cell's ``s`` attribute)."""
    if root is None:
        return []
    custom: dict[int, str] = {}
    xfs: list[str] = []
    for el in root.iter():
        name = local_name(el.tag)
        if name == "numFmt":
            try:
                custom[int(el.get("numFmtId", ""))] = el.get("formatCode", "")
            except ValueError:
                continue
        elif name == "cellXfs":
            for xf in el:
                try:
                    fid = int(xf.get("numFmtId", "0"))
                except ValueError:
                    fid = 0
                xfs.append(custom.get(fid, BUILTIN.get(fid, GENERAL)))
    return xfs


def _sections(code: str) -> list[str]:
    parts: list[str] = []
    current: list[str] = []
    quoted = escaped = False
    for ch in code:
        if escaped:
            escaped = False
        elif ch == "\\":
            escaped = True
        elif ch == '"':
            quoted = not quoted
        elif ch == ";" and not quoted:
            parts.append("".join(current))
            current = []
            continue
        current.append(ch)
    parts.append("".join(current))
    return parts


def is_date_format(code: str) -> bool:
    """True when ``code`` shows a date or time (tokens y m d h s outside quotes/brackets)."""
    if code in ("", GENERAL):
        return False
    for tok in _TOKEN.findall(_sections(code)[0]):
        if _ELAPSED.fullmatch(tok.lower()):  # [h]:mm, elapsed time
            return True
        if tok[0] not in '"\\_*[' and _DATE_TOKENS.match(tok):
            return True
    return False


def serial_to_datetime(serial: float, date1904: bool = False) -> dt.datetime:
    """An Excel date serial → datetime (1900 system with its phantom 29 Feb 1900)."""
    if date1904:
        base = dt.datetime(1904, 1, 1)
    else:
        base = dt.datetime(1899, 12, 31) if serial < 60 else dt.datetime(1899, 12, 30)
    # round to the millisecond as Excel does
    return base + dt.timedelta(milliseconds=round(serial * 86_400_000))


def datetime_to_serial(when: dt.datetime) -> float:
    """The 1900-system serial of ``when``: ``serial_to_datetime``'s inverse (serials below 60,
    before the phantom 29 Feb 1900, count from 31 Dec 1899)."""
    early = when < dt.datetime(1900, 3, 1)
    base = dt.datetime(1899, 12, 31) if early else dt.datetime(1899, 12, 30)
    return (when - base) / dt.timedelta(days=1)


def display(value: float, code: str, date1904: bool = False) -> str:
    """``value`` as Excel shows it with number format ``code``."""
    if code in ("", GENERAL, "@") or code.lower() == "general":
        return general(value)
    sections = _sections(code)
    section = sections[0]
    negative_section = False
    if len(sections) >= 3 and value == 0:
        section = sections[2]
    elif len(sections) >= 2 and value < 0:
        section, negative_section = sections[1], True
    try:
        if is_date_format(section):
            return _date(value, section, date1904)
        return _number(abs(value) if negative_section else value, section)
    except (ValueError, OverflowError, ArithmeticError):
        return general(value)


def _literal(tok: str) -> str | None:
    """The text a literal token shows, or None if the token is not a literal."""
    if tok.startswith('"'):
        return tok[1:-1]
    if tok.startswith("\\"):
        return tok[1:]
    if tok.startswith("_"):
        return " "
    if tok.startswith("[$"):  # [$¥-804]: a currency symbol and its locale
        return tok[2:-1].split("-", 1)[0]
    if tok.startswith(("*", "[")):
        return ""
    return None


def _number(value: float, section: str) -> str:
    tokens = _TOKEN.findall(section)
    if any(t[0] in "eE" and len(t) <= 2 for t in tokens) or "?" in tokens or "/" in tokens:
        return general(value)
    if "0" not in tokens and "#" not in tokens:  # text only, e.g. "-" for zero
        return "".join(_literal(t) or ("" if t in ("@",) else t) for t in tokens)
    percent = tokens.count("%")
    dot = tokens.index(".") if "." in tokens else len(tokens)
    digits_at = [i for i, t in enumerate(tokens) if t in ("0", "#")]
    last_digit = digits_at[-1]
    # commas right after the last digit placeholder scale by 1000 each
    scale = 0
    i = last_digit + 1
    while i < len(tokens) and tokens[i] == ",":
        scale += 1
        i += 1
    thousands = "," in tokens[:last_digit]
    decimals = [t for t in tokens[dot + 1:] if t in ("0", "#")]
    min_int = sum(1 for t in tokens[:dot] if t == "0")
    number = from_float(value) * (Decimal(100) ** percent) / (Decimal(1000) ** scale)
    q = number.quantize(Decimal(1).scaleb(-len(decimals)), rounding=ROUND_HALF_UP)
    sign = "-" if q < 0 else ""
    q = abs(q)
    int_part, _, frac = f"{q:f}".partition(".")
    int_part = int_part.lstrip("0")
    int_part = int_part.rjust(min_int, "0") if min_int else int_part
    if thousands and int_part:
        int_part = f"{int(int_part):,}"
    optional = sum(1 for t in decimals if t == "#")
    frac = frac.ljust(len(decimals), "0")
    while optional and frac.endswith("0"):
        frac, optional = frac[:-1], optional - 1
    digits = int_part + "." + frac if "." in tokens else int_part
    out: list[str] = []
    placed = False
    for i, tok in enumerate(tokens):
        lit = _literal(tok)
        if lit is not None:
            out.append(lit)
        elif tok in ("0", "#", ".", ",") or tok == "?":
            if not placed and (i in digits_at or tok == "."):
                out.append(digits)
                placed = True
        elif tok == "%":
            out.append("%")
        elif tok == "@":
            continue
        else:
            out.append(tok)
    return sign + "".join(out)


def _date(value: float, section: str, date1904: bool) -> str:
    when = serial_to_datetime(value, date1904)
    tokens = _TOKEN.findall(section)
    ampm = any(t.upper() in ("AM/PM", "A/P", "上午/下午") for t in tokens)
    out: list[str] = []
    last_hour = False
    for i, tok in enumerate(tokens):
        lit = _literal(tok) if not tok.startswith("[") else None
        low = tok.lower()
        if lit is not None:
            out.append(lit)
            continue
        if low.startswith("[") and low.endswith("]"):
            inner = low[1:-1]
            total = value * 24 if inner.startswith("h") else value * 1440 if inner.startswith(
                "m") else value * 86400 if inner.startswith("s") else None
            if total is None:
                continue
            out.append(str(int(total)).rjust(len(inner), "0"))
            last_hour = inner.startswith("h")
            continue
        if low.startswith("y"):
            out.append(str(when.year)[-2:] if len(low) <= 2 else str(when.year))
            last_hour = False
        elif low.startswith("m"):
            later = "".join(tokens[i + 1:i + 4]).lower()
            if last_hour or later.startswith(("s", ":s", '"秒', "秒")):
                out.append(str(when.minute).rjust(len(low[:2]), "0"))
            elif len(low) == 3:  # month and day names as a Chinese Excel shows them
                out.append(f"{when.month}月")
            elif len(low) >= 4:
                out.append(_CN_MONTHS[when.month - 1] + "月")
            else:
                out.append(str(when.month).rjust(len(low), "0"))
            last_hour = False
        elif low.startswith("d"):
            if len(low) >= 3:
                day = "一二三四五六日"[when.weekday()]
                out.append(("周" if len(low) == 3 else "星期") + day)
            else:
                out.append(str(when.day).rjust(len(low), "0"))
            last_hour = False
        elif low.startswith("h"):
            hour = when.hour % 12 or 12 if ampm else when.hour
            out.append(str(hour).rjust(len(low[:2]), "0"))
            last_hour = True
        elif low.startswith("s"):
            out.append(str(when.second).rjust(len(low[:2]), "0"))
        elif low in ("am/pm", "a/p"):
            out.append(("AM" if when.hour < 12 else "PM")[: 1 if low == "a/p" else 2])
        elif tok == "上午/下午":
            out.append("上午" if when.hour < 12 else "下午")
        elif tok not in ("0", "#", "@"):
            out.append(tok)
    return "".join(out)
