"""Characters no one sees that come with pasted text, removed wherever a cell is read.

A web page, WeChat or a PDF brings zero-width spaces and joiners (U+200B–U+200D), a byte
order mark (U+FEFF), a word joiner (U+2060), a soft hyphen (U+00AD) or direction marks.
Excel and WPS show nothing for them, so a clerk cannot find them: left in, ``2120`` with a
zero-width space is "not a number" and ``项目A`` with one is "not in 项目" though both read
the same on screen. They carry nothing a document needs, so they are dropped as a cell is
read, before any number is parsed or any name compared.
"""

from __future__ import annotations

import re

# Unicode format characters (category Cf) a pasted text carries; nothing printable among them
INVISIBLE = ("\u00ad\u061c\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064"
             "\u2066-\u206f\ufeff")  # as a character class's ranges
INVISIBLE_RE = re.compile(f"[{INVISIBLE}]")


_FIND = INVISIBLE_RE.search
_DROP = INVISIBLE_RE.sub


def visible(text: str) -> str:
    """``text`` without the characters no one sees (``INVISIBLE_RE``). It runs on every cell
    read and almost no text holds one: looked for first (a quarter quicker than replacing)."""
    return _DROP("", text) if _FIND(text) else text


__all__ = ["INVISIBLE", "INVISIBLE_RE", "visible"]
