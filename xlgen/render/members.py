"""What a template can write after a variable's dot (``xlgen templates vars projects``).

Read from the values themselves, not from a list kept by hand: the demo workbook
(:mod:`.demo`, with the folder's declared fields) is turned into the template context, the
path the maintainer names (``projects``, ``report.performance``, ``evaluations.funds``) is
followed, through the first item of each list, and the fields of what it reaches are listed
with the input workbook's column title (the contract's label) and a sample value.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from ..errors import ConfigError
from ..suggest import did_you_mean
from ..workbook import Contract, load_contract
from .context import VARIABLES, build_context
from .demo import demo_book
from .value_errors import fields_of, kind_of

SAMPLE_CHARS = 24  # how much of a sample text is shown
SAMPLE_PLACES = 4  # decimals a sample number is shown with (a rate's 0.9525…)
# Where a record was read in the input workbook (for messages), not for printing.
POSITIONS = frozenset({"cell", "cells", "row", "sheet"})


@dataclass(frozen=True)
class Member:
    """One name a template can write after the dot, and what it holds."""

    name: str  # ``total``; ``part(…)`` for a method the template calls
    label: str  # the input workbook's column title or field name, '' when computed
    holds: str  # ``数字，如 199``, ``列表，每项是文字``…

    @property
    def written(self) -> str:
        """As a template writes it after the value: ``.total``, ``['部门职责']``."""
        plain = self.name.removesuffix("(…)")
        return f".{self.name}" if plain.isascii() and plain.isidentifier() else f"['{plain}']"


@dataclass(frozen=True)
class Members:
    """The fields of the value at ``path``; ``item`` when it is a list (each item's fields)."""

    path: str
    item: bool
    members: list[Member]


_STEP = re.compile(r"\.?([A-Za-z_]\w*)|\[\s*(\d+)\s*\]")


def variable_fields(path: str, contract: Contract | None = None) -> Members:
    """The names a template can write after ``path.`` (of its items when it is a list).

    Raises ConfigError (a wrong command line), with a did-you-mean, when ``path`` names
    no variable or field.
    """
    contract = contract or load_contract()
    book = demo_book(contract)
    value: Any = build_context(book)
    walked = ""
    for step in _STEP.finditer(path.strip()):
        name, index = step.groups()
        if index is not None:
            if not isinstance(value, list | tuple) or int(index) >= len(value):
                raise ConfigError(f"“{walked}”不是列表，或示例中没有第 {index} 项：各项的字段相同，"
                                  f"请写 xlgen templates vars {walked}。")
            value = value[int(index)]
        else:
            value = _first(value)  # a list's fields are those of its items
            names = [n for n in fields_of(value) if n not in POSITIONS]
            if name not in names:
                _missing(path, walked, name, names)
            value = value[name] if isinstance(value, Mapping) else getattr(value, name)
        walked += f"[{index}]" if index is not None else (f".{name}" if walked else name)
    if not walked:
        raise ConfigError("请写出变量名，如 xlgen templates vars projects。")
    item = isinstance(value, list | tuple)
    value = _first(value)
    labels = _labels(contract, book, value)
    if "." not in walked and "[" not in walked:
        labels = _described(VARIABLES.get(walked, "")) | labels
    found = [_member(value, n, labels.get(n, ""), f"{walked}.{n}")
             for n in fields_of(value) if n not in POSITIONS]
    return Members(walked, item, found)


def _first(value: Any) -> Any:
    """A list's first item (the demo lists have at least one), else the value."""
    return value[0] if isinstance(value, list | tuple) and value else value


def _missing(path: str, walked: str, name: str, names: list[str]) -> Any:
    near = did_you_mean(name, names)
    hint = f"是否应为“{near}”？" if near else ""
    if not walked and not near and len(name) <= 2:
        hint = (f"“{name}”若是模板中 {{% for {name} in 列表 %}} 的循环变量，请写它所在的列表，"
                f"如 xlgen templates vars projects（{name}.字段 即列表中每一项的字段）。")
    where = f"“{walked}”没有字段“{name}”" if walked else f"没有变量“{name}”"
    known = "、".join(names) if walked else "、".join(VARIABLES)
    asked = f"（查的是“{path.strip()}”）" if path.strip() != name else ""
    raise ConfigError(f"{where}{asked}。{hint}可写的有：{known or '（无）'}。")


def _labels(contract: Contract, book: Any, value: Any) -> dict[str, str]:
    """The contract's label of each field of ``value``'s kind of record (``fiscal`` →
    财政拨款), from the sheet whose records are of that kind."""
    for spec in contract.sheets:
        records = getattr(book, spec.key, None)
        record = _first(records)
        if record is not None and type(record) is type(value):
            return {f.key: f.label for f in spec.fields}
    return {}


def _described(text: str) -> dict[str, str]:
    """``.name 部门名称 .year 年度`` in a VARIABLES description → {name: 部门名称, …}."""
    return {m.group(1): m.group(2)
            for m in re.finditer(r"\.(\w+) ([\u4e00-\u9fff][^\s.（(：，]+)", text)}


def _member(owner: Any, name: str, label: str, path: str) -> Member:
    value = owner[name] if isinstance(owner, Mapping) else getattr(owner, name, None)
    if callable(value):
        return Member(f"{name}(…)", label, "带括号取用")
    holds = _holds(value)
    if kind_of(_first(value)) == "对象":
        holds += f"，字段见 xlgen templates vars {path}"
    return Member(name, label, holds)


def _holds(value: Any) -> str:
    if value is None:
        return "空值（示例中未填）"
    if isinstance(value, bool):
        return f"是或否，如 {value}"
    exponent = value.as_tuple().exponent if isinstance(value, Decimal) else 0
    if isinstance(exponent, int) and exponent < -SAMPLE_PLACES:
        return f"数字，如 {round(value, SAMPLE_PLACES)}…"
    if isinstance(value, int | float | Decimal):
        return f"数字，如 {value}"
    if isinstance(value, str):
        shown = value if len(value) <= SAMPLE_CHARS else value[:SAMPLE_CHARS - 1] + "…"
        return f"文字，如“{shown}”" if value else "文字"
    if isinstance(value, list | tuple):
        inner = kind_of(_first(value)) if value else ""
        return f"列表，每项是{inner}" if inner else "列表"
    if isinstance(value, Mapping):
        return f"字典，键如“{next(iter(value), '')}”" if value else "字典"
    return kind_of(value)


__all__ = ["Member", "Members", "variable_fields"]
