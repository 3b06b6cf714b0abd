"""A document the clerk changed after xlgen wrote it is kept before a rebuild replaces it.

Clerks open a generated 自评报告 in Word and add a sentence, or fix a word in a table in
Excel, then find a wrong figure and build again: the rebuild must not take their edits
unseen. xlgen writes every document with fixed core properties (``stable.FIXED_TIME``,
last saved by xlgen); Excel, WPS, Word and LibreOffice stamp their own when they save. A
document at an output's name that is not as xlgen wrote it is copied beside it, as
``某表（修改过的版本）.xlsx``, before the new one is written, and the run says so.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterable
from pathlib import Path

from ..errors import OutputError
from ..filenames import ELLIPSIS, NAME_BYTES
from ..workbook import changed_since_xlgen
from . import names
from .atomic import CLOSE_IT, read_reason, write_atomic

EDITED_KEPT = "edited-kept"
_MARK = "修改过的版本"
_MIN_STEM = 8  # a stem is never cut shorter: “2023年…目标表”


def kept_name(target: Path) -> Path:
    """Where the changed ``target`` is kept: ``某表（修改过的版本）.xlsx``, numbered from 2
    when that name is taken (an earlier run kept an earlier version).

    The mark makes the name longer than the document's, whose length was fitted to the
    file system and, on Windows, to the longest path Excel opens: the stem is then cut in
    its middle (the year before, the document's kind after, ``…`` between) until it fits."""
    for n in range(1, 1000):
        mark = _MARK if n == 1 else f"{_MARK} {n}"
        kept = _fitted(target, f"（{mark}）")
        if not kept.exists():
            return kept
    raise OutputError(f"{target.parent} 中已有太多“{target.stem}（{_MARK} …）”，"
                      "请删去不需要的旧版本后重新运行。")


def _fitted(target: Path, mark: str) -> Path:
    """``target`` with ``mark`` after its stem, the stem cut in its middle as much as the
    name's bytes and (on Windows) the path's length for Excel need."""
    stem, suffix = target.stem, target.suffix
    for keep in range(len(stem), min(len(stem), _MIN_STEM) - 1, -1):
        short = stem if keep == len(stem) else _cut_middle(stem, keep)
        kept = target.with_name(f"{short}{mark}{suffix}")
        if len(kept.name.encode("utf-8")) <= NAME_BYTES and names.opens_in_excel(kept):
            return kept
    return kept  # a folder too deep for any name: the write says so


def _cut_middle(text: str, chars: int) -> str:
    """``text`` in ``chars`` characters: its head and its tail, ``…`` for what is left out."""
    head = (chars - 1) // 2
    return f"{text[:head]}{ELLIPSIS}{text[len(text) - (chars - 1 - head):]}"


def keep_changed(targets: Iterable[Path]) -> list[tuple[Path, Path]]:
    """Copy each of ``targets`` that was changed since xlgen wrote it to its ``kept_name``;
    the (target, copy) pairs. Raises OutputError when a copy cannot be written (nothing
    must then replace the target)."""
    kept: list[tuple[Path, Path]] = []
    try:
        for target in targets:
            data = _read(target)
            if data is not None and changed_since_xlgen(target):
                copy = kept_name(target)
                write_atomic(copy, data)
                kept.append((target, copy))
    except BaseException:
        undo(kept)
        raise
    return kept


def _read(target: Path) -> bytes | None:
    """``target``'s bytes (None: no such file). A file that cannot be read (open in a program
    that lets no other read it) may hold a clerk's edits: OutputError, nothing is replaced."""
    if target.is_dir():  # the write says so (Windows would call it a permission error)
        return None
    try:
        return target.read_bytes()
    except FileNotFoundError:
        return None
    except OSError as exc:
        raise OutputError(f"无法读取 {target}（{read_reason(exc, target)}），不能确认其中有没有"
                          f"在上次生成后修改过的内容；为了不丢失修改，没有重新生成。{CLOSE_IT}"
                          ) from exc


def would_keep(targets: Iterable[Path]) -> list[tuple[Path, Path]]:
    """The (target, copy) pairs ``keep_changed`` would make, making none (a dry run)."""
    return [(target, kept_name(target)) for target in targets if changed_since_xlgen(target)]


def undo(kept: list[tuple[Path, Path]]) -> None:
    """Remove the copies just made (their targets were not replaced after all)."""
    for _, copy in kept:
        with contextlib.suppress(OSError):
            copy.unlink()


def kept_message(target: Path, copy: Path, dry_run: bool = False) -> str:
    done = (f"生成时会先把修改过的版本另存为“{copy.name}”，再按输入工作簿重新生成“{target.name}”"
            if dry_run else f"修改过的版本已另存为“{copy.name}”，没有丢失；“{target.name}”已按输入"
            "工作簿重新生成")
    return (f"“{target.name}”在上次生成后被修改过（用 Excel、WPS 或 Word 保存过，或不是 xlgen "
            f"生成的）。{done}。要让这些修改留在以后生成的文书中，请把它们改在输入工作簿里。")


__all__ = ["EDITED_KEPT", "keep_changed", "kept_message", "kept_name", "undo", "would_keep"]
