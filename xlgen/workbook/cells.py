"""Turn one raw cell value into a typed value, or a Chinese explanation of why it cannot be."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from decimal import Decimal

from ..invisible import INVISIBLE, visible
from ..money import foreign_digits, parse_amount
from ..shown import general, shown
from .numfmt import datetime_to_serial

# 16 digits: more than Excel keeps (15 significant digits), far above any budget (the
# sanity check warns from 1,000 亿元); beyond it a figure is a slip, never an amount
MAX_AMOUNT = Decimal(10) ** 15


class CellError(ValueError):
    """A cell's value does not fit its field; ``str(exc)`` is the Chinese explanation."""


def plain(text: str) -> str:
    """Text as compared by name (a sheet, a printed label): NFKC, no white space at all, nor
    a character no one sees (``visible``)."""
    return "".join(unicodedata.normalize("NFKC", visible(text)).split())


def norm_label(value: object) -> str:
    """A header or form label as compared: ``plain``, no trailing colon or (万元)."""
    text = plain(str(value))
    for suffix in ("(万元)", "(元)", ":", "*"):
        if text.endswith(suffix):
            text = text[: -len(suffix)]
    return text.lstrip("*")


# What a clerk types for "none" in an amount cell: dashes, slashes, 无 …
_NONE_WORDS = frozenset(("无", "没有", "暂无", "空", "零", "n/a", "na", "null", "none", "nil"))
_NONE_MARKS = frozenset("-—–―‐‑‒−~_/\\")
_SPACED = re.compile(r"[0-9.,+-]\s+[0-9.,]")  # a space inside a number: 3 20, 1 234.50, 1, 234
# a number with its word: 126人, 2024年度, 22.5分
_COUNTED = re.compile(r"\s*([0-9]+(?:\.[0-9]+)?)\s*([^0-9\s.,%％]+)\s*")
# pasted from elsewhere: a PDF's 1.2E+05, an accounting (1,234), "123" in quotes, 一百二十
_SCIENTIFIC = re.compile(r"[+-]?([0-9]+\.?[0-9]*|\.[0-9]+)[eE][+-]?[0-9]{1,2}")
_BRACKETED = re.compile(r"\((.+)\)")
_QUOTED = re.compile("[\"'“”‘’「」『』]+(.+?)[\"'“”‘’「」『』]+")
# a date as text: 2023-12-31, 2023/12, 2023年12月31日, 12月31日 (a year or 月/日 says so)
_DATE_TEXT = re.compile(r"(?:19|20)\d\d\s*[-/.年]\s*\d{1,2}(?:\s*[-/.月]\s*\d{1,2})?\s*[月日]?"
                        r"|(?:19|20)\d\d\s*年|\d{1,2}\s*月(?:\s*\d{1,2}\s*日)?")
# European: a point every three digits, a comma for the decimal point (1.234,50; 1.234.567)
_EUROPEAN = re.compile(r"[+-]?[0-9]{1,3}(?:(?:\.[0-9]{3})+,[0-9]{1,2}|(?:\.[0-9]{3}){2,})")
_POINT_LAST = re.compile(r"[+-]?[0-9][0-9,]*\.")  # 5. : the decimals left out, or nothing after
_DASHES = "‐‑‒–—―"  # dashes a minus becomes in Word or a PDF (U+2212 is a minus: read)
_HANZI_NUMBER = re.compile("[〇零一二三四五六七八九十百千万亿两点壹贰叁肆伍陆柒捌玖拾佰仟]+")
# an amount with its unit or currency: 123万元, 123.5 万, ¥1,234 (NFKC made ￥ a ¥)
_WITH_UNIT = re.compile(r"(?P<minus>-?)\s*(?P<sign>¥?)\s*(?P<number>[^¥\s万亿千元]+?)\s*"
                        r"(?P<unit>万元|万|亿元|亿|千元|元)?")
_UNIT_WAN = {"元": Decimal("0.0001"), "千元": Decimal("0.1"), "万元": Decimal(1),
             "万": Decimal(1), "亿元": Decimal(10000), "亿": Decimal(10000)}

# what starts a new line in a pasted text (has_break tests each inline: it runs on every cell):
# a vertical tab is Word's manual line break (Shift+Enter) as it comes with copied text
_BREAK_RE = re.compile("\r\n|[\r\v\u2028\u2029]")


# what makes to_text more than a strip(): a line break (has_break) or an invisible character
# (``visible``); one search finds that a text (nearly every one) holds neither
_NOT_PLAIN_RE = re.compile(f"[\n\r\v\u2028\u2029{INVISIBLE}]")
not_plain = _NOT_PLAIN_RE.search  # (a loop over every cell calls it, not to_text)


def has_break(text: str) -> bool:
    """True when ``text`` holds a line break of any kind (``_BREAK_RE``)."""
    return ("\n" in text or "\r" in text or "\v" in text or "\u2028" in text
            or "\u2029" in text)


def date_slip(value: object) -> str | None:
    """What to say of a date in a cell that wants a number (Excel turned ``3/20`` into 3月20日,
    or the cell is formatted as a date, so 2024 shows as 1905-07-16); None for no date."""
    if not isinstance(value, dt.date):
        return None
    when = value if isinstance(value, dt.datetime) else dt.datetime.combine(value, dt.time())
    serial = datetime_to_serial(when)
    typed = (f"单元格中的数是 {serial:g}，只是设成了日期格式；" if 0 < serial < 10000
             and serial == int(serial) else "")
    day = f"{value.year}年{value.month}月{value.day}日"  # as a clerk reads it (not 2024-03-20)
    return (f"应填写数字，单元格却是日期 {day}（{typed}在 Excel/WPS 中输入 "
            "3/20、3-20 这样的数会自动变成日期）。请把单元格格式改为“常规”或“数值”，再重新输入"
            "数字。")


def _word_slip(value: object) -> str | None:
    """``：请只填数字（如 126），不要带“人”等文字。`` for a number typed with its word (the
    end of a message after the value quoted), else None."""
    m = _COUNTED.fullmatch(_typed(value)) if isinstance(value, str) else None
    return f"：请只填数字（如 {m[1]}），不要带“{m[2]}”等文字。" if m else None


def _typed(value: object) -> str:
    """Text as a number is read from it: NFKC (full-width digits), trimmed, nothing unseen."""
    return unicodedata.normalize("NFKC", visible(str(value))).strip()


def is_none_mark(value: object) -> bool:
    """True for text a clerk types for "none" in an amount cell: ``-``, ``—``, ``／``, ``无``."""
    if not isinstance(value, str):
        return False
    text = _typed(value)
    return text.lower() in _NONE_WORDS or (text != "" and set(text) <= _NONE_MARKS)


def _reads(text: str) -> bool:
    try:
        return parse_amount(text) is not None
    except ValueError:
        return False


def number_slip(value: object) -> str | None:
    """Why text that is nearly a number is not read as one (a space inside it, a 。 for the
    point, commas not every three digits); None for anything else. The number is never
    guessed: ``3 20`` may be 320 or 3.20."""
    if not isinstance(value, str):
        return None
    if (odd := foreign_digits(value)) and (slip := _foreign_slip(_typed(value), odd)):
        return slip
    text = _typed(value)
    if _SPACED.search(text) and _reads(joined := "".join(text.split())):
        parts = text.split()
        other = (f" 还是 {parts[0]}.{parts[1]}" if len(parts) == 2 and parts[0].isdigit()
                 and parts[1].isdigit() and len(parts[1]) <= 2 else " 还是几个数")
        gap = "换行" if "\n" in text or "\r" in text else "空格"
        return (f"数字中间有{gap}，不知道是 {joined}{other}，程序不猜。请改为一个数字，"
                f"中间不留{gap}（小数点用“.”，千位分隔用“,”，如 1,234.50）。")
    return _pasted_slip(text) or _punctuation_slip(text)


def _foreign_slip(text: str, odd: str) -> str | None:
    """Why a number written with other digits than 0–9 (Arabic-Indic ``٣``, a circled ``①``,
    a superscript ``²``) is not read: the figure to type when each is a plain digit (``٣٠٠``
    is 300), else only what to use."""
    if all(unicodedata.category(ch) == "Nd" for ch in odd):
        number = "".join(str(unicodedata.digit(ch)) if ch in odd else ch for ch in text)
        said = "其中的数字不是 0–9，是阿拉伯文等外文的数字（从外文网页或文档复制来的），程序不认"
        if _reads(number):
            return f"{said}。如果是 {number}，请改为 {number}（用键盘上的数字键输入）。"
    else:
        said = f"“{odd}”是带圈、上标等数字符号，不是数字，程序不认"
    return f"{said}：请只用键盘上的 0–9 填写数字。"


def _pasted_slip(text: str) -> str | None:
    """Why a number copied from a PDF, an accounting table or a quote is not read as one."""
    if _SCIENTIFIC.fullmatch(text) and abs(Decimal(text).adjusted()) < 16:
        number = _plain(Decimal(text))
        return (f"这是科学计数法（从 PDF 等处复制的数字常这样），即 {number}。"
                f"请改为 {number}。")
    if (m := _BRACKETED.fullmatch(text)) and _reads(inner := m[1].strip()):
        if _read(inner) == 0:
            return f"请去掉括号，只填 {inner}。"
        return (f"括号在会计格式中表示负数，程序不猜它的意思：如果是负数，请填 -{inner}；"
                f"如果不是，请去掉括号，只填 {inner}。")
    if text[:1] in _DASHES and _reads(rest := text[1:].strip()) and rest[:1] not in "+-":
        return (f"数字前的“{text[0]}”是破折号或连接号（Word、PDF 常把负号变成它），不是负号，"
                f"程序不猜：如果是负数，请填 -{rest}（用键盘上的减号“-”）；如果不是，只填 {rest}。")
    if (m := _QUOTED.fullmatch(text)) and _reads(inner := m[1].strip()):
        return f"数字两边有引号：请去掉引号，只填 {inner}。"
    if _DATE_TEXT.fullmatch(text):
        return "这是日期，不是数字：这里请只填数字，不填日期。"
    if text == "〇":
        return "“〇”是汉字，不是数字 0：请填 0（阿拉伯数字）。"
    if _HANZI_NUMBER.fullmatch(text):
        return "这是汉字数字：请改用阿拉伯数字填写（如 120 或 61.75）。"
    return None


def _punctuation_slip(text: str) -> str | None:
    """Why a number with a 。 for its point, written the European way (``1.234,50``), ending
    in its point (``5.``) or with misplaced commas is not read."""
    if "。" in text and _reads(dotted := text.replace("。", ".")):
        return f"“。”是句号，不是小数点。如果是 {dotted}，请改为 {dotted}（小数点用英文句点“.”）。"
    if _EUROPEAN.fullmatch(text):
        number = text.replace(".", "").replace(",", ".")
        return (f"这是欧洲写法（“.”分隔千位，“,”作小数点），这里小数点用“.”，千位分隔用“,”。"
                f"如果是 {number}，请改为 {number}。")
    if _POINT_LAST.fullmatch(text) and _reads(number := text[:-1]):
        return (f"数字以小数点结尾，小数点后没有数字。如果是 {number}，请改为 {number}；"
                "如果漏填了小数，请补上。")
    if "," in text and _reads(text.replace(",", "")):
        return ("逗号只能用作千位分隔，每三位数字一个（如 1,234.50），这里的逗号位置不对，"
                "不知道是哪个数，程序不猜。请改为一个数字（小数点用“.”）。")
    return None


def _ending(value: object) -> str:
    """A message's end after the value quoted: ``：`` and the slip (``number_slip``), or ``。``;
    for a ``-`` or ``无`` typed for "none", what to type instead."""
    if is_none_mark(value):
        return "，这不是数字：请填数字，没有就留空。"
    slip = number_slip(value)
    return f"：{slip}" if slip else "。"


def is_blank(value: object) -> bool:
    return value is None or (isinstance(value, str) and visible(value).strip() == "")


def to_text(value: object) -> str:
    """Trimmed text; numbers as typed (22.0 → ``22``); line breaks kept, each line trimmed;
    no character no one sees (``visible``: a zero-width space pasted from a web page). A line
    or paragraph separator (U+2028, U+2029, from a web page or a PDF) and a vertical tab (a
    manual line break in Word) are line breaks."""
    if isinstance(value, str):
        if not not_plain(value):  # nearly every text: no break, nothing invisible
            return value.strip()
        return _lines(value)
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, float):
        return general(value)  # as Excel shows it: 15 significant digits
    if isinstance(value, (dt.datetime, dt.date)):
        return value.strftime("%Y-%m-%d")
    return str(value).strip()


def _lines(text: str) -> str:
    """``to_text`` of any text: what no one sees dropped, each line trimmed, no blank line."""
    text = visible(text)
    if not has_break(text):
        return text.strip()
    lines = [line.strip() for line in _BREAK_RE.sub("\n", text).split("\n")]
    return "\n".join(line for line in lines if line)


def none_hint(blank_is_zero: bool) -> str:
    """What to type instead of ``-``/``无`` in an amount cell, by what its blank means."""
    if blank_is_zero:
        return "没有这项金额请留空或填 0（本列不填即为 0）。"
    return "金额为零请填 0；还没有数字就留空（留空表示“未填写”，不按 0 计算）。"


def unit_slip(value: object, unit: str) -> str | None:
    """What to type for an amount pasted with its unit or currency (``123万元``, ``¥1,234``)
    in a workbook whose amounts are in ``unit`` (万元 or 元); None for anything else. The
    figure to type is worked out exactly: ``123万`` in a 元 workbook is 1230000, never 123."""
    m = _WITH_UNIT.fullmatch(_typed(value)) if isinstance(value, str) else None
    if not m or not (m["sign"] or m["unit"]) or not _reads(number := m["minus"] + m["number"]):
        return None  # -¥20 as ¥-20
    told = f"本工作簿的金额单位是“{unit}”（见“部门信息”的“金额单位”），金额只填数字，不带单位"
    if not m["unit"]:  # ¥1,234: 元, or the 万元 of the table it was copied from
        if unit == "元":
            return f"{told}：请去掉“{m['sign']}”，只填 {number}。"
        return (f"{told}：请去掉“{m['sign']}”；{number} 如果是元，应填 "
                f"{_plain(_read(number) * _UNIT_WAN['元'])}，如果已是万元，填 {number}。")
    amount = _read(number) * _UNIT_WAN[m["unit"]] * (10000 if unit == "元" else 1)
    typed = f"{m['minus']}{m['sign']}{m['number']}{m['unit']}"  # 123.5万 for 123.5 万
    return f"{told}：{typed} 请填 {_plain(amount)}。"


def _read(text: str) -> Decimal:
    """The number of text ``_reads`` admits."""
    number = parse_amount(text)
    assert number is not None
    return number


def _plain(number: Decimal) -> str:
    """``1230000``, ``0.1234``: every digit, no exponent, no trailing zero."""
    return format(number.normalize(), "f")


def _percent_slip(value: object, unit: str) -> str | None:
    """What to do with a percent in an amount cell (``95%`` typed, or a percent format)."""
    if not isinstance(value, str) or not _typed(value).endswith("%") or not _reads(
            _typed(value)[:-1]):
        return None
    return (f"金额不能是百分比，请填金额数字（单位“{unit}”）。如果输入数字后显示成了百分比，"
            "请先把单元格格式改为“常规”或“数值”，再重新输入。")


def to_amount(
    value: object, *, signed: bool = False, factor: Decimal = Decimal(1),
    blank_is_zero: bool = False, unit: str = "万元", cut_column: str = "",
) -> Decimal | None:
    """An amount in 万元; ``factor`` converts from the workbook's unit ``unit`` (1/10000 for
    元).

    ``blank_is_zero`` (a project's funding columns, 预算调整) only words the message for a
    ``-`` or ``无`` typed for "none"; ``cut_column``, the sheet's column for a cut (预算调整),
    is named to a negative amount (a sheet without one has nowhere else to put it)."""
    try:
        amount = parse_amount(value)
    except ValueError:
        said = f"应填写金额数字，单元格中却是“{shown(value)}”"
        if is_none_mark(value):
            raise CellError(f"{said}，这不是数字。{none_hint(blank_is_zero)}") from None
        slip = number_slip(value) or unit_slip(value, unit) or _percent_slip(value, unit)
        raise CellError(
            f"{said}：{slip}" if slip else
            f"{said}。请只填数字（如 61.75 或 15,608.00），不要带“万”“约”“元”等文字。"
        ) from None
    if amount is None:
        return None
    if amount < 0 and not signed:
        cut = f"（预算调减填在“{cut_column}”列）" if cut_column else ""
        raise CellError(f"金额不能为负数（单元格中是 {shown(value)}）：请填正数或 0{cut}。")
    if abs(amount) >= MAX_AMOUNT:
        raise CellError(f"金额 {shown(value)} 有 16 位以上数字，大得不合理"
                        "（Excel 也只能保存 15 位），请检查是否多输了数字。")
    return amount * factor if factor != 1 else amount


def to_score(value: object, scored: bool = False) -> Decimal | None:
    """A 分值 or 得分; ``scored``: a 得分, told to stay within its 分值 when negative."""
    try:
        score = parse_amount(value)
    except ValueError:
        end = _word_slip(value) or _ending(value)
        raise CellError(f"应填写分数（数字），单元格中却是“{shown(value)}”{end}") from None
    if score is not None and score < 0:
        within = "0 到分值之间的数" if scored else "0 或正数"
        raise CellError(f"分数不能为负数（单元格中是 {shown(value)}）：请填 {within}。")
    return score


def to_integer(value: object, low: int = 0, high: int | None = None) -> int | None:
    try:
        number = parse_amount(value)
    except ValueError:
        number = Decimal("NaN")
    if number is None:
        return None
    if number.is_nan() and (slip := _word_slip(value)):
        raise CellError(f"应填写整数，单元格中却是“{shown(value)}”{slip}")
    if number.is_nan() or number != number.to_integral_value() or number < low:
        raise CellError(f"应填写不小于 {low} 的整数，单元格中却是“{shown(value)}”{_ending(value)}")
    if high is not None and number > high:
        raise CellError(f"应填写 {low}–{high} 之间的整数，单元格中却是“{shown(value)}”。")
    return int(number)


def to_rate(value: object) -> Decimal | None:
    """A rate as a fraction: ``99.48%`` → 0.9948; a number ≤ 2 is a fraction, above is a percent."""
    if isinstance(value, str) and _typed(value).endswith("%"):
        inner = visible(value).strip()[:-1]  # as typed: ①% is no 1% (NFKC would make it one)
        try:
            number = parse_amount(inner)
        except ValueError:
            number = None
        if number is None:
            raise CellError(f"应填写百分比（如 99.48%），单元格中却是“{shown(value)}”"
                            f"{_ending(inner)}")
        return number / 100
    try:
        number = parse_amount(value)
    except ValueError:
        raise CellError(f"应填写百分比（如 99.48%），单元格中却是“{shown(value)}”{_ending(value)}"
                        ) from None
    if number is None:
        return None
    return number if abs(number) <= 2 else number / 100
