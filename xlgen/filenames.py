"""File and folder names that work on Windows and Linux alike (pure functions, no I/O).

A name comes from a clerk's 部门名称, so it may hold any character, be a device name Windows
reserves (``CON``, ``NUL.xlsx``, ``com1 .``) or be far too long for a file system. Every name
xlgen makes goes through :func:`safe_filename` (characters and reserved names) and, where its
length is not under xlgen's control, :func:`shorten` (a readable head and a stable hash).
"""

from __future__ import annotations

import hashlib
import os
import re
from pathlib import Path, PurePath

# Characters Windows forbids in a name (and the path separators of both systems).
_UNSAFE = re.compile(r'[\\/:*?"<>|\x00-\x1f]')
# Square brackets Windows allows, but Excel does not: its 另存为 refuses a name with them,
# some versions will not open such a workbook, and a formula reads "[name]" as a workbook's
# name. They become their full-width twins, which read the same in Chinese (as in sheet
# names, render/xlsx/sheetnames.py).
_BRACKETS = str.maketrans({"[": "［", "]": "］"})
# Names Windows keeps for devices, in any case, alone or before an extension ("nul.xlsx"),
# with trailing spaces ("CON .txt"); superscript digits count too (COM¹ … LPT³).
_DEVICES = {"CON", "PRN", "AUX", "NUL", "CONIN$", "CONOUT$"} | {
    f"{port}{digit}" for port in ("COM", "LPT") for digit in "0123456789¹²³"}
ELLIPSIS = "…"
HASH_CHARS = 6
# One component of a path: ext4, XFS and btrfs allow 255 UTF-8 bytes, NTFS 255 UTF-16 units
# (never more than the UTF-8 bytes). A margin is kept for file systems that take some (eCryptfs).
NAME_BYTES = 240
# Kept in every output folder xlgen builds into: what each workbook's outputs were built from.
BUILD_RECORD = ".xlgen-build.json"
# In every zip ``build --bundle`` makes, beside the documents: how a zip is known as xlgen's.
BUNDLE_CHECK_FILE = "校验结果.txt"


# A folder holding one year's workbooks: 2024, 2024年, 2024年度.
_YEAR_FOLDER = re.compile(r"(20\d\d)(?:年度?)?")


def folder_year(path: Path | str) -> int | None:
    """The year named by the nearest folder above ``path`` called like ``2024``, ``2024年`` or
    ``2024年度``: the year ``xlgen init`` fills in and ``validate`` expects (one rule for both)."""
    for parent in Path(path).resolve().parents:
        match = _YEAR_FOLDER.fullmatch(parent.name)
        if match:
            return int(match.group(1))
    return None


def utf16_length(text: str) -> int:
    """The length Windows counts: UTF-16 units, so a character outside the BMP (an emoji, or
    a rare CJK character of Extension B such as 𠮷) counts twice."""
    return len(text.encode("utf-16-le")) // 2


def long_name(path: PurePath, what: str, instead: str = "名称") -> str | None:
    """What to say when a name in ``path`` is one no file system takes (over 255 bytes of
    UTF-8 on Linux, about 85 Chinese characters; 255 UTF-16 units on Windows), else None:
    every write and every look at it would fail with “File name too long”. ``what`` names
    the path for the clerk (``输出文件夹（--out）``), ``instead`` what to shorten."""
    windows = os.name == "nt"
    for part in path.parts:
        size = utf16_length(part) if windows else len(part.encode("utf-8"))
        if size > 255:
            how = ("个字符，最多 255 个" if windows
                   else "个字节，最多 255 个（一个汉字占 3 个字节，约 85 个汉字）")
            return (f"{what}中的名称太长：“{part[:12]}…”有 {size} {how}。"
                    f"请改用较短的{instead}。")
    return None


def is_reserved(name: str) -> bool:
    """Whether Windows refuses ``name`` as a file or folder name (a device name)."""
    stem = name.split(".", 1)[0].rstrip(" ")
    return stem.upper() in _DEVICES


def safe_filename(text: str) -> str:
    """``text`` as a name Windows, Linux and Excel all accept: forbidden characters become
    ``_``, ``[``/``]`` their full-width twins ``［``/``］``, leading and trailing spaces and
    dots go (Windows drops trailing ones itself, so "某局." and "某局" would be one file), and
    a device name gets a ``_`` (``CON`` → ``CON_``)."""
    name = _UNSAFE.sub("_", text).translate(_BRACKETS).strip(" .")
    if is_reserved(name):
        stem, dot, rest = name.partition(".")
        name = f"{stem.rstrip(' ')}_{dot}{rest}"
    return name


def stable_hash(text: str) -> str:
    """A short hash of ``text``, the same on every machine and run."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:HASH_CHARS]


def shorten(text: str, chars: int) -> str:
    """``text`` unchanged when it has at most ``chars`` characters, else its first characters
    then ``…`` and a hash of the whole text, ``chars`` characters in all.

    Deterministic (the same name every run, so a rebuild finds its files) and distinct (two
    long names that share their head still differ). ``chars`` must leave room for the tail.
    """
    if len(text) <= chars:
        return text
    head = text[: max(chars - 1 - HASH_CHARS, 1)].rstrip(" .")
    return f"{head}{ELLIPSIS}{stable_hash(text)}"


def fit_name(name: str, limit: int = NAME_BYTES) -> str:
    """``name`` (a file name with its extension) cut to at most ``limit`` UTF-8 bytes: the stem
    is shortened with a hash, the extension kept. Names that fit are returned unchanged."""
    if len(name.encode("utf-8")) <= limit:
        return name
    stem, dot, suffix = name.rpartition(".")
    if not dot or len(suffix) > 8:  # no extension (a folder): shorten the whole name
        stem, suffix = name, ""
    tail = f".{suffix}" if suffix else ""
    chars = min(len(stem), limit)
    while chars > HASH_CHARS + 2:
        short = shorten(stem, chars) + tail
        if len(short.encode("utf-8")) <= limit:
            return short
        chars -= 1
    return shorten(stem, HASH_CHARS + 2) + tail


__all__ = ["BUILD_RECORD", "BUNDLE_CHECK_FILE", "ELLIPSIS", "NAME_BYTES", "fit_name",
           "folder_year", "is_reserved", "long_name", "safe_filename", "shorten", "stable_hash",
           "utf16_length"]
