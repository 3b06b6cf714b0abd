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
    path = Path(path)
    try:
        data = path.read_bytes()
    except FileNotFoundError as exc:
        raise error(f"找不到{what} {path}。") from exc
    except OSError as exc:
        raise error(f"无法读取{what} {path}：{os_reason(exc)}。") from exc
    try:
        return tomllib.loads(decode(data))
    except tomllib.TOMLDecodeError as exc:
        raise error(f"{what} {path} {toml_message(exc)}。请用记事本打开改正后保存。") from exc


__all__ = ["decode", "read_toml", "toml_message"]
