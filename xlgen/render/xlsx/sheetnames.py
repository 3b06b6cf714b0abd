"""Legal, unique, readable worksheet names (a sheet per project is named after the project).

Excel refuses a sheet name over 31 characters, one with ``[ ] : * ? / \\``, one that
starts or ends with an apostrophe, the reserved ``History``, and two names equal but for case.
The forbidden ASCII characters become their full-width twins, which read the same in Chinese.
"""

from __future__ import annotations

import re

MAX_SHEET_NAME = 31
_FULL_WIDTH = str.maketrans({"[": "［", "]": "］", ":": "：", "*": "＊", "?": "？",
                             "/": "／", "\\": "＼"})
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
RESERVED = ("history",)


def sheet_name(text: str, taken: set[str]) -> str:
    """``text`` made a legal sheet name not in ``taken`` (compared case-insensitively).

    Too long a name keeps its head and ends with ``…``; a taken one gets ``(2)``, ``(3)`` …
    The caller adds the result (casefolded) to ``taken``.
    """
    name = _CONTROL.sub("", str(text)).translate(_FULL_WIDTH).strip().strip("'").strip()
    if not name or name.casefold() in RESERVED:
        name = f"{name or 'Sheet'}_"
    base = _fit(name, "")
    n = 1
    candidate = base
    while candidate.casefold() in taken:
        n += 1
        candidate = _fit(name, f"({n})")
    return candidate


def _fit(name: str, suffix: str) -> str:
    room = MAX_SHEET_NAME - len(suffix)
    if len(name) > room:
        name = name[: room - 1].rstrip() + "…"
    return name + suffix


__all__ = ["MAX_SHEET_NAME", "sheet_name"]
