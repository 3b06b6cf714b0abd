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
LINE_CHARS = 40  # how much of the line a message quotes

_QUOTES = str.maketrans({"“": '"', "”": '"', "‘": "'", "’": "'"})


def _as(line: str) -> str:
    """``，请改为 label = "实施周期"``: the line as it should be written."""
    return f"，请改为 {line.strip()}"


def _chinese_quotes(line: str) -> str:
    return "中文引号“”‘’不算引号，要用英文双引号" + _as(line.translate(_QUOTES))


def _key_value(line: str) -> tuple[str, str]:
    key, _, value = line.partition("=")
    return key.strip(), value.strip()


def _invalid_value(line: str) -> str:
    key, value = _key_value(line)
    if any(q in line for q in "“”‘’"):
        return _chinese_quotes(line)
    if not value:
        return f"“=”后面缺少值：文字写在英文双引号中（如 {key or 'name'} = \"区级\"）"
    return "文字要用英文双引号括起来" + _as(f'{key} = "{value}"')


def _missing_quote(line: str) -> str:
    if any(q in line for q in "“”"):
        return _chinese_quotes(line)
    return "引号没有成对：这一行的文字少了结尾的英文双引号" + _as(line.rstrip() + '"')


def _unclosed_array(line: str) -> str:
    if "，" in line or "、" in line:
        return ("列表的各项要用英文逗号 , 分开（不能用中文的，或、）"
                + _as(re.sub(r"\s*[，、]\s*", ", ", line)))
    if re.search(r"[\"']\s+[\"']", line):
        return "列表的各项之间要用英文逗号隔开" + _as(re.sub(r"([\"'])\s+([\"'])", r"\1, \2", line))
    if any(q in line for q in "“”‘’"):
        return _chinese_quotes(line)
    return "列表缺少右方括号 ]（或各项之间缺少英文逗号 ,）"


def _overwritten(line: str) -> str:
    if line.strip().startswith("[["):
        return (f"{line.strip()} 与前面只有一对方括号的 [{line.strip().strip('[]')}] 冲突："
                "每一段都写成两对方括号（如 [[set]]、[[document]]）")
    return (f"“{_key_value(line)[0]}”在同一段中写了两次：每段中每个名称只写一次；"
            "要新增一段时，先另起一行写 [[set]]、[[document]] 或 [[field]]")


def _no_equals(line: str) -> str:
    if "＝" in line:
        return "等号要用英文半角的 =" + _as(line.replace("＝", "="))
    return "名称后面缺少 ="


_HINTS: tuple[tuple[str, Any], ...] = (
    ("Invalid value", _invalid_value),
    ("Invalid statement", "这一行不是“名称 = 值”或 [[表名]]"),
    ("Expected '=' after a key", _no_equals),
    ("Cannot overwrite a value", _overwritten),
    ("Cannot declare", lambda line: f"{line.strip()} 写了两次"),
    ("Expected ']]'", "表名要用两对英文方括号括起来，如 [[set]]、[[document]]"),
    ("Expected ']'", "表名缺少右方括号 ]"),
    ("Unclosed array", _unclosed_array),
    ("Unclosed inline table", "{ … } 缺少右花括号 }（或各项之间缺少英文逗号 ,）"),
    ("Illegal character '\\n'", _missing_quote),
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


def toml_message(exc: tomllib.TOMLDecodeError, text: str = "") -> str:
    """A Chinese sentence for a TOML error: the line (quoted from ``text``, the file's text)
    and what it usually means; tomllib's English only for a mistake not explained here."""
    message = str(exc)
    match = _WHERE.search(message)
    reason = _WHERE.sub("", message)
    number = int(match.group(1)) if match and match.group(1) else 0
    lines = text.splitlines()
    line = lines[number - 1] if 0 < number <= len(lines) else ""
    opened = _open_list(lines, number or len(lines))
    if opened and (reason.startswith("Unclosed array") or not number):
        reason = "Unclosed array"  # at the end of the file tomllib says Invalid value
        number, line = opened, lines[opened - 1]  # tomllib stops after the list's line
    where = "文件末尾" if match and not number else f"第 {number} 行" if number else ""
    if line.strip():
        shown = line.strip()
        shown = shown if len(shown) <= LINE_CHARS else shown[:LINE_CHARS - 1] + "…"
        where += f"（{shown}）"
    hint = next((h for key, h in _HINTS if reason.startswith(key)), None)
    said = hint(line) if callable(hint) else hint
    if said is None:
        return f"{where}格式有误（TOML：{reason}）" if where else f"格式有误（TOML：{reason}）"
    return f"{where}：{said}" if where else said


def _open_list(lines: list[str], number: int) -> int:
    """The line, at or before ``number``, of a list left open (``levels = ["区", "县"``):
    the nearest line with more ``[`` than ``]``, looking back to the start of its section;
    0 when there is none."""
    for n in range(min(number, len(lines)), 0, -1):
        line = lines[n - 1].strip()
        if line.count("[") > line.count("]"):
            return n
        if line.startswith("["):
            return 0
    return 0


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
        raise error(f"{what} {path} {toml_message(exc, text)}。请用记事本打开改正后保存。") from exc


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
