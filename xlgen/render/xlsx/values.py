"""Cell values and row heights for the Excel engine: rounding at the cell, text cleaning, wrapping.

Pure functions with no openpyxl state, so they are easy to test on their own.
"""

from __future__ import annotations

import math
import re
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from typing import Any

from ...money import DASH, from_float, round_money
from ...textwidth import WIDE_FROM, wide_count

MAX_CELL_CHARS = 32767  # Excel's limit on the text of one cell
DEFAULT_COLUMN_WIDTH = 8.43  # Excel's default, in character units
POINTS_PER_WIDTH_UNIT = 5.25  # Calibri 11: one column-width unit = 7 px = 5.25 pt
WRAP_SLACK = 1.05  # lines break before a word or CJK punctuation, not at the last pixel
LINE_SPACING = 1.45  # line height / font size: Noto CJK (LibreOffice's 宋体 stand-in) is tallest
CELL_PADDING_PT = 6.0  # top + bottom inner margin of a cell, with some air
NARROW_EM = 0.55  # a Latin small letter, digit or sign
# a column whose lines hold fewer characters (in em, as wrap_starts measures) is counted line
# by line: the 自评表's 年度指标值 and 实际完成值 (5.1 em) print five characters a line
NARROW_COLUMN_EMS = 6.0
# never at the start of a printed line (Chinese line-breaking rules, on in xlgen's LibreOffice
# profile and in Excel/WPS): the character before it goes down to the next line with it
NO_LINE_START = frozenset("，。、；：？！）》”’」』】〕〉…")
FIGURE_EM = 0.5  # a digit, comma or point of a figure (宋体's are half an em)
CELL_MARGINS_PT = 3.0  # a cell's inner margins, left and right
CAPITAL_EM = 0.72  # a Latin capital: Noto Serif CJK (LibreOffice's 宋体) averages 0.70 em
_CAPITALS = bytes(range(ord("A"), ord("Z") + 1))
# A run of Latin letters, digits and signs that a line does not break inside: when it does
# not fit at the end of a line it starts the next one, leaving the end of that line empty.
_LONG_RUN = 12
_LONG_RUN_RE = re.compile(rf"[!-~]{{{_LONG_RUN},}}")

# Texts that stand in a number cell for a figure that cannot be computed (``{{ f.rate|dash }}``):
# printed centred there, as the template's own “—” cells are, not at the right like the numbers.
CENTRED_TEXTS = frozenset({DASH})

# Characters XML 1.0 cannot hold (the "control characters" a pasted text may carry).
ILLEGAL_XML_RE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
_QUOTED_RE = re.compile(r'"[^"]*"|\\.|\[[^\]]*\]')
_DECIMALS_RE = re.compile(r"\.([0#?]+)")
_SECTION_CODES_RE = re.compile(r"(?:\[[^\]]*\])*")


def format_decimals(number_format: str | None) -> int | None:
    """How many decimals a number format shows: ``#,##0.00`` → 2, ``0.00%`` → 4, General → None.

    A ``%`` format shows the fraction ×100, so its decimals count two more places of the
    fraction. Text (``@``) and General formats return None (the caller's default applies).
    """
    if not number_format or number_format in ("General", "@"):
        return None
    section = _QUOTED_RE.sub("", number_format.split(";", 1)[0])
    if not any(ch in section for ch in "0#?"):
        return None
    match = _DECIMALS_RE.search(section)
    places = len(match.group(1)) if match else 0
    if "%" in section:
        places += 2
    return places


def is_number_cell(horizontal: str | None, decimals: int | None) -> bool:
    """Whether a cell aligned ``horizontal`` with a format of ``decimals`` is a number cell:
    aligned right, or general (numbers go right, text left) with a number format."""
    return horizontal == "right" or (horizontal in (None, "general") and decimals is not None)


def clean_text(text: str) -> tuple[str, int]:
    """``text`` without XML-illegal control characters, and how many were removed."""
    cleaned, count = ILLEGAL_XML_RE.subn("", text)
    return cleaned, count


def cell_value(value: Any, decimals: int | None) -> Any:
    """The value a cell stores: numbers stay numbers (rounded once, here), None stays empty.

    Decimal and float are rounded half-up to ``decimals`` (2 when the format shows none);
    int and bool are exact and kept; dates pass through; anything else becomes text.
    Text is returned as is (the caller cleans it); an empty string becomes None.
    """
    if value is None:
        return None
    if isinstance(value, str):
        return value or None
    if isinstance(value, bool | int):
        return value
    if isinstance(value, float):
        if math.isnan(value) or math.isinf(value):
            return None
        value = from_float(value)
    if isinstance(value, Decimal):
        if not value.is_finite():
            return None
        return round_money(value, Decimal(1).scaleb(-(2 if decimals is None else decimals)))
    if isinstance(value, datetime | date | time | timedelta):
        return value
    return str(value) or None


def width_unit_points(font_name: str | None, font_size: float | None) -> float:
    """Points in one column-width unit: the max digit width of the workbook's default font.

    Excel measures column widths in digits of the Normal style's font: 7 px for Calibri 11,
    8 px for 宋体/等线 11 (CJK fonts have wider digits). Other sizes scale.
    """
    size = font_size or 11.0
    cjk = font_name is not None and (not font_name.isascii() or font_name.lower() in _CJK_FONTS)
    pixels = (8.0 if cjk else 7.0) * size / 11.0
    return pixels * 0.75


_CJK_FONTS = {"simsun", "nsimsun", "dengxian", "microsoft yahei", "simhei", "fangsong", "kaiti"}


def text_width(text: str, font_size: float, unit: float = POINTS_PER_WIDTH_UNIT) -> float:
    """Printed width of one line of ``text`` in column-width units of ``unit`` points.

    A CJK (wide) character is one em; a narrow one about 0.55 em, a Latin capital 0.72 em.
    The counts come from byte lengths (CJK takes three bytes in UTF-8), which is fast on
    very long cells.
    """
    return _ems(text)[0] * font_size / unit


def _ems(text: str) -> tuple[float, int]:
    """``text``'s printed width in em, and how many of its characters are narrow."""
    wide = wide_count(text)
    capitals = _capitals(text.encode("ascii", "ignore"))
    narrow = len(text) - wide
    return wide + NARROW_EM * (narrow - capitals) + CAPITAL_EM * capitals, narrow


def _capitals(ascii_text: bytes) -> int:
    """How many Latin capitals A–Z there are in ``ascii_text`` (a text's ASCII characters)."""
    return len(ascii_text) - len(ascii_text.translate(None, _CAPITALS))


def text_lines(text: str, width_units: float, font_size: float,
               unit: float = POINTS_PER_WIDTH_UNIT) -> int:
    """How many printed lines ``text`` takes in a wrapped cell ``width_units`` wide."""
    usable = max(width_units - 1.0, 1.0)  # the cell's inner margins
    # a line holds whole characters, and a character that “，” follows goes down with it:
    # in a column of a few characters a line holds a good part of a character less than the
    # average width counts (five in a column of 5.1), so walk the text there as wrap_starts does
    narrow_column = usable * unit / font_size / WRAP_SLACK < NARROW_COLUMN_EMS
    lines = 0
    for paragraph in text.split("\n"):
        if not paragraph:
            lines += 1
            continue
        ems, narrow = _ems(paragraph)
        count = math.ceil(ems * font_size / unit * WRAP_SLACK / usable)
        # lines end early before runs that do not fit
        if count > 1 and (narrow_column or narrow >= _LONG_RUN
                          and _LONG_RUN_RE.search(paragraph)):
            count = max(count, len(wrap_starts(paragraph, width_units, font_size, unit)))
        lines += max(1, count)
    return max(lines, 1)


def text_height(text: str, width_units: float, font_size: float,
                unit: float = POINTS_PER_WIDTH_UNIT) -> float:
    """Row height in points that shows every line of ``text`` in a wrapped cell."""
    lines = text_lines(text, width_units, font_size, unit)
    return lines * font_size * LINE_SPACING + CELL_PADDING_PT


def line_height(font_size: float) -> float:
    """Points one printed line of a wrapped cell takes."""
    return font_size * LINE_SPACING


def wrap_starts(text: str, width_units: float, font_size: float,
                unit: float = POINTS_PER_WIDTH_UNIT) -> list[int]:
    """Where each printed line of ``text`` starts, wrapped in a cell ``width_units`` wide.

    Greedy, as a spreadsheet wraps: a line breaks before a CJK character or after a space or
    CJK character, never inside a run of Latin letters and digits unless the run alone is
    wider than the line. Slower than ``text_lines`` and a line or two more on long texts;
    used for text that flows over rows and pages, where the offsets cut the text.
    """
    usable = max(width_units - 1.0, 1.0) / WRAP_SLACK
    wide_w = font_size / unit
    starts = [0]
    at = 0
    for n, paragraph in enumerate(text.split("\n")):
        if n:
            starts.append(at)
        # most paragraphs fit on one line: an upper bound on their width spares the walk
        if paragraph and _widest_ems(paragraph) * wide_w >= usable:
            _wrap_paragraph(paragraph, at, usable, wide_w, starts)
        at += len(paragraph) + 1
    return starts


def _widest_ems(text: str) -> float:
    """An upper bound on ``text``'s width in em: every non-ASCII character one em wide."""
    ascii_text = text.encode("ascii", "ignore")
    capitals = _capitals(ascii_text)
    return (len(text) - (len(ascii_text) - capitals) * (1.0 - NARROW_EM)
            - capitals * (1.0 - CAPITAL_EM))


def _wrap_paragraph(text: str, offset: int, usable: float, wide_w: float,
                    starts: list[int]) -> None:
    """Append to ``starts`` where the lines after the first of one paragraph start."""
    narrow_w = NARROW_EM * wide_w
    capital_w = CAPITAL_EM * wide_w
    line_start, x = 0, 0.0
    brk, x_brk = -1, 0.0  # the last place the current line may break, and the width before it
    before, x_before = -1, 0.0  # the place before that
    for i, ch in enumerate(text):
        wide = ch >= WIDE_FROM  # textwidth.is_wide, inline: this loop runs per character
        if ch in NO_LINE_START:
            if brk == i:  # not before it: before the character it follows
                brk, x_brk = before, x_before
        elif wide:
            brk, x_brk = i, x
        w = wide_w if wide else capital_w if "A" <= ch <= "Z" else narrow_w
        if x + w > usable and i > line_start:
            if brk > line_start:
                line_start, x = brk, x - x_brk
            else:
                line_start, x = i, 0.0
            starts.append(offset + line_start)
            brk = -1
        x += w
        if wide or ch in " -/,;":
            before, x_before = brk, x_brk
            brk, x_brk = i + 1, x


def split_lines(text: str, starts: list[int], counts: list[int]) -> list[str]:
    """``text`` cut into consecutive pieces of ``counts`` printed lines (the last takes the rest).

    A piece that ends where a paragraph ends does not keep the line break.
    """
    pieces: list[str] = []
    line = 0
    for i, count in enumerate(counts):
        start = starts[line] if line < len(starts) else len(text)
        line = len(starts) if i == len(counts) - 1 else min(line + max(count, 0), len(starts))
        end = starts[line] if line < len(starts) else len(text)
        piece = text[start:end]
        pieces.append(piece[:-1] if piece.endswith("\n") else piece)
    return pieces


def padded_format(number_format: str) -> str:
    """``number_format`` keeping a space's width at the left of the figure too (``_ ``).

    A figure shrunk to its cell (缩小字体填充) fills the cell's width: the applications leave
    the space the format keeps at the right (``#,##0.00_ ``), and only a hair at the left, so
    the figure printed against its left border. A format of one section gets a second one for
    negative figures, so the minus sign stands by the digits: ``_ #,##0.00_ ;_ -#,##0.00_ ``.
    """
    if number_format in ("General", "@", "") or "General" in number_format:
        return number_format  # no place to keep a space in
    sections = number_format.split(";")
    if len(sections) == 1:
        sections.append(f"-{sections[0]}")
    padded = []
    for i, section in enumerate(sections):
        codes = _SECTION_CODES_RE.match(section)
        head = codes.group(0) if codes else ""  # [Red], [>=100]: first in their section
        rest = section[len(head):]
        padded.append(section if i > 2 or rest.startswith("_ ") else f"{head}_ {rest}")
    return ";".join(padded)


def figure_may_not_fit(value: Decimal | int | float, number_format: str, width_units: float,
                       font_size: float, unit: float = POINTS_PER_WIDTH_UNIT) -> bool:
    """Whether a figure is wider than its cell, so that it is shrunk (缩小字体填充): half an
    em a character (digits and separators in 宋体 and its stand-ins), as ``number_format``
    shows it (decimals, a percentage ×100 and its %, a thousands separator; two decimals
    for General), its sign and the format's space at the right, and the cell's margins."""
    places = format_decimals(number_format)
    signed = Decimal(str(value))
    number = abs(signed)
    section = _QUOTED_RE.sub("", number_format.split(";", 1)[0])
    percent = "%" in section and places is not None
    if percent:
        number, places = number * 100, (places or 2) - 2
    shown = f"{number:,.{2 if places is None else places}f}"
    chars = len(shown) + percent + (signed < 0) + 1
    return chars * FIGURE_EM * font_size + CELL_MARGINS_PT > width_units * unit
