"""How wide text prints: a CJK (wide) character takes two narrow ones' room.

One rule for every estimate xlgen makes (row heights of the outputs and of the blank input
workbook, where the Excel engine wraps long text): a character that takes three or more
bytes in UTF-8 (U+0800 on: CJK, full-width punctuation, “”、—) is wide. Counting wide
characters from the UTF-8 length is fast on very long cells.

Terminal columns (cli/display.py ``width``) follow Unicode's East Asian Width instead: a
terminal draws “ and — in one column, a CJK font on paper in a full em.
"""

from __future__ import annotations

WIDE_FROM = "\u0800"  # the first wide character; ``ch >= WIDE_FROM`` is ``is_wide(ch)``


def is_wide(ch: str) -> bool:
    """True for a character printed one em wide (CJK and other 3-byte UTF-8 characters)."""
    return ch >= WIDE_FROM


def wide_count(text: str) -> int:
    """How many of ``text``'s characters are wide (from its UTF-8 length)."""
    return (len(text.encode("utf-8")) - len(text)) // 2


def display_width(text: str) -> int:
    """Width in narrow characters: a wide character counts two."""
    return len(text) + wide_count(text)


__all__ = ["WIDE_FROM", "display_width", "is_wide", "wide_count"]
