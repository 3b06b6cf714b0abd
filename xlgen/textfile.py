"""Read the small text files a maintainer or clerk edits (manifest.toml, xlgen.toml).

Notepad on a Chinese Windows saves "ANSI" (GBK) by default, or UTF-8 with a byte-order
mark, or "Unicode" (UTF-16): each is read as it was meant. A TOML mistake becomes a Chinese
sentence naming the line, never a traceback.
"""

from __future__ import annotations

import codecs
import re
import tomllib
from pathlib import Path
from typing import Any

from .errors import XlgenError, os_reason

_WHERE = re.compile(r"\s*\(at line (\d+), column (\d+)\)|\s*\(at end of document\)")
_HINTS = (
    ("Invalid value", '值写法不对：文字要用英文双引号括起来（如 "名称"），列表写成 ["a", "b"]'),
    ("Invalid statement", "这一行不是“名称 = 值”或 [表名]"),
    ("Expected '=' after a key", "名称后面缺少 ="),
    ("Cannot overwrite a value", "同一个名称写了两次"),
    ("Cannot declare", "同一个 [表名] 写了两次"),
    ("Unclosed array", "列表缺少右方括号 ]"),
    ("Illegal character '\\n'", "引号没有成对：这一行的文字少了结尾的英文双引号 \""),
    ("Illegal character", "有不允许的字符（如中文引号“”或全角符号），请改为英文半角符号"),
    ("Unescaped '\\'", "双引号中的反斜杠 \\ 要写两个（\\\\）；Windows 的路径可以改用单引号"
                        "括起来（如 'D:\\绩效\\模板'），或把 \\ 改为 /"),
)


def decode(data: bytes) -> str:
    """Text of a file saved as UTF-8 (with or without BOM), UTF-16 with BOM, or GBK/GB18030."""
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return data.decode("utf-16")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("gb18030")  # never fails on bytes: GB18030 maps every byte sequence


def toml_message(exc: tomllib.TOMLDecodeError) -> str:
    """A Chinese sentence for a TOML error: where, and what it usually means."""
    text = str(exc)
    match = _WHERE.search(text)
    where = ""
    if match and match.group(1):
        where = f"第 {match.group(1)} 行第 {match.group(2)} 列附近"
    elif match:
        where = "文件末尾"
    reason = _WHERE.sub("", text)
    hint = next((h for key, h in _HINTS if reason.startswith(key)), "格式有误")
    return f"{where}{hint}（TOML：{reason}）" if where else f"{hint}（TOML：{reason}）"


def read_toml(path: Path, what: str, error: type[XlgenError] = XlgenError) -> dict[str, Any]:
    """The data of TOML file ``path``; ``error`` (with a Chinese message) when unreadable.

    ``what`` names the file for the clerk, e.g. "文书清单" or "配置文件".
    """
    return read_toml_text(path, what, error)[0]


def read_toml_text(path: Path, what: str, error: type[XlgenError] = XlgenError
                   ) -> tuple[dict[str, Any], str]:
    """:func:`read_toml`'s data and the file's text (to find the line of a key in it)."""
    path = Path(path)
    try:
        data = path.read_bytes()
    except FileNotFoundError as exc:
        raise error(f"找不到{what} {path}。") from exc
    except OSError as exc:
        raise error(f"无法读取{what} {path}：{os_reason(exc)}。") from exc
    text = decode(data)
    try:
        return tomllib.loads(text), text
    except tomllib.TOMLDecodeError as exc:
        raise error(f"{what} {path} {toml_message(exc)}。请用记事本打开改正后保存。") from exc


class Places:
    """Where things are in a TOML file's text, for messages: the line of the n-th ``[[table]]``
    and of a key inside it (tomllib gives values, not lines). 0 when not found."""

    def __init__(self, text: str):
        self.lines = text.splitlines()

    def _headers(self) -> list[tuple[int, str]]:
        found = []
        for number, line in enumerate(self.lines, 1):
            match = _HEADER.match(line)
            if match:
                found.append((number, match.group(1).strip()))
        return found

    def block(self, table: str, index: int) -> int:
        """The line of the ``index``-th (from 1) ``[[table]]``."""
        numbers = [n for n, name in self._headers() if name == table]
        return numbers[index - 1] if 0 < index <= len(numbers) else 0

    def header(self, table: str) -> int:
        """The line of the first ``[table]`` or ``[[table]]`` header."""
        return next((n for n, name in self._headers() if name == table), 0)

    def key(self, table: str, index: int, key: str) -> int:
        """The line of ``key = …`` inside the ``index``-th ``[[table]]`` (the block's line
        when the key is not written there)."""
        start = self.block(table, index)
        if not start:
            return 0
        for number in range(start + 1, len(self.lines) + 1):
            line = self.lines[number - 1]
            if _HEADER.match(line):
                break
            match = _KEY.match(line)
            if match and match.group(1) == key:
                return number
        return start

    def top_key(self, key: str) -> int:
        """The line of ``key = …`` before the first table header."""
        for number, line in enumerate(self.lines, 1):
            if _HEADER.match(line):
                break
            match = _KEY.match(line)
            if match and match.group(1) == key:
                return number
        return 0


_HEADER = re.compile(r"^\s*\[\[?\s*([^\]]+?)\s*\]\]?")
_KEY = re.compile(r"""^\s*["']?([^"'=\s]+)["']?\s*=""")


def line_prefix(number: int) -> str:
    """``第 12 行：`` for a message, or nothing when the line is not known."""
    return f"第 {number} 行：" if number else ""


__all__ = ["Places", "decode", "line_prefix", "read_toml", "read_toml_text", "toml_message"]
