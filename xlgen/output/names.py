"""Where a workbook's documents go: ``<out>/<input's sub-folder>/<部门名称>/<document>``, with
names every file system and Office on Windows accept, the same on every run.

A 部门名称 longer than :data:`DEPT_CHARS` characters is shortened to its first characters, ``…``
and a hash (:func:`xlgen.filenames.shorten`) in the folder and in every file name alike, so
the document's own name (…项目支出绩效目标表.xlsx) stays whole and readable. On Windows the
whole path must also stay within :data:`WINDOWS_PATH` characters: Excel refuses to open a
longer one, and Windows itself refuses paths over 259 unless an administrator enabled long
paths. The name is shortened further when the output folder is deep; when even that cannot
fit, :func:`place` says so and the run reports it.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path, PurePath

from ..filenames import fit_name, long_name, safe_filename, shorten, utf16_length
from ..render import Document

DEPT_CHARS = 40  # longer 部门名称 are shortened in file names (the documents keep them whole)
MIN_DEPT_CHARS = 12  # never shorter than this: 5 characters, "…" and the hash
WINDOWS_PATH = 218  # the longest full path Excel opens (Word: 255, Windows: 259)
UNNAMED = "未命名部门"


@dataclass(frozen=True)
class Placement:
    """A workbook's output folder and its documents' paths, and whether they fit."""

    folder: PurePath
    files: list[PurePath]
    dept: str  # the 部门名称 as it appears in the names
    longest: int = 0  # the longest path's length, counted as Windows does (0: not checked)
    fits: bool = True


def dept_name(name: str, chars: int = DEPT_CHARS) -> str:
    """The 部门名称 as a file or folder name: safe on Windows, at most ``chars`` characters."""
    return fit_name(shorten(safe_filename(name) or UNNAMED, chars))


def _windows_length(path: PurePath, extra: int) -> int:
    return extra + utf16_length(str(path))


def place(root: PurePath, dept: str, year: int, documents: Sequence[Document], *,
          max_path: int | None = None, extra: int = 0) -> Placement:
    """The folder under ``root`` for department ``dept`` and the path of each document.

    With ``max_path`` (on Windows), the department's name is shortened until every path
    (``extra`` characters longer than it reads: ``root`` made absolute) has at most
    ``max_path`` characters, or it cannot be shortened any more (``fits`` is then False).
    """
    chars = DEPT_CHARS
    while True:
        short = dept_name(dept, chars)
        folder = root / short
        files = [folder / fit_name(doc.filename(year, short)) for doc in documents]
        if max_path is None:
            return Placement(folder, files, short)
        longest = max(_windows_length(p, extra) for p in [folder, *files])
        if longest <= max_path:
            return Placement(folder, files, short, longest)
        if chars <= MIN_DEPT_CHARS or len(short) <= MIN_DEPT_CHARS:
            return Placement(folder, files, short, longest, fits=False)
        # The name is in the folder and in each file name: each character counts twice.
        chars = max(MIN_DEPT_CHARS, min(chars, len(short)) - (longest - max_path + 1) // 2)


def windows_budget(root: Path) -> tuple[int | None, int]:
    """``(max_path, extra)`` for :func:`place` on this machine: Windows' limit and how much
    longer than ``root`` its absolute form is; ``(None, 0)`` elsewhere."""
    if os.name != "nt":
        return None, 0
    return WINDOWS_PATH, utf16_length(os.path.abspath(root)) - utf16_length(str(root))


def opens_in_excel(path: Path) -> bool:
    """Whether ``path``, made absolute, is within :data:`WINDOWS_PATH` characters on this
    machine (always True elsewhere than Windows)."""
    max_path, extra = windows_budget(path)
    return max_path is None or _windows_length(path, extra) <= max_path


def long_folder_name(folder: PurePath) -> str | None:
    """What to say when a folder in ``folder``'s path (``--out``) has a name no file system
    takes, else None (filenames.long_name)."""
    return long_name(folder, "输出文件夹（--out）", "文件夹名称")


def too_long_message(placement: Placement) -> str:
    """The clerk's sentence when the output folder is too deep for any name to fit."""
    return (f"输出路径太长：{placement.files[0] if placement.files else placement.folder}"
            f" 有 {placement.longest} 个字符，Excel/WPS 只能打开 {WINDOWS_PATH} 个字符以内的路径。"
            "请把输出文件夹（--out）放在较短的路径下，如 D:\\绩效\\输出。")


__all__ = ["DEPT_CHARS", "WINDOWS_PATH", "Placement", "dept_name", "long_folder_name",
           "opens_in_excel", "place", "too_long_message", "windows_budget"]
