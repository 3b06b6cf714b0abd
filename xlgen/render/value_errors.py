"""Template mistakes found while running, in Chinese: a field a value does not have (said of
the variable as the template writes it, with a did-you-mean from what it holds), an
operation on the wrong kind of value, a name the sandbox refuses. Never a class name of ours
or Python's English (template_errors.py has the syntax and the blocks)."""

from __future__ import annotations

import dataclasses
import re
import sys
from collections.abc import Callable, Iterable, Mapping
from decimal import InvalidOperation
from typing import Any

from jinja2.exceptions import SecurityError

from ..suggest import did_you_mean
from .context import VARIABLES


def hint(name: str, vocabulary: Iterable[str]) -> str:
    """``，是否应为“x”？`` with the nearest of ``vocabulary``, else ``。``."""
    near = did_you_mean(name, vocabulary, cutoff=0.6)
    return f"，是否应为“{near}”？" if near else "。"


def _fields(type_name: str) -> list[str]:
    """Public fields and properties of the class a Jinja message names (``x.y.Project``)."""
    module, _, name = type_name.rpartition(".")
    cls = getattr(sys.modules.get(module), name, None) if module else None
    return _members_of(cls) if isinstance(cls, type) else []


def _members_of(cls: type) -> list[str]:
    names = {n for n in dir(cls) if not n.startswith("_") and not n.isupper()}
    if dataclasses.is_dataclass(cls):
        names |= {f.name for f in dataclasses.fields(cls)}
    return sorted(names)


_PATH = r"[A-Za-z_]\w*(?:\s*\.\s*\w+|\[\s*(?:\d+|'[^']*'|\"[^\"]*\")\s*\])*"
_STEP = re.compile(r"\.\s*(\w+)|\[\s*(?:(\d+)|'([^']*)'|\"([^\"]*)\")\s*\]")
_MISSING = object()


def owner_expression(source: str, attr: str) -> str:
    """How the template writes the thing that lacks ``attr``: ``dept`` in ``{{ dept.nmae }}``,
    ``report.projects[0]`` in ``{{ report.projects[0].nme }}``, ``p.extra`` in
    ``{{ p.extra['实施周期'] }}`` ('' when not found)."""
    name = re.escape(attr)
    found = re.findall(rf"({_PATH})\s*(?:\.\s*{name}\b|\[\s*(['\"]){name}\2\s*\])",
                       source or "")
    found = [f[0] for f in found]
    return re.sub(r"\s+", "", found[-1]) if found else ""


def _resolve(expression: str, scope: Mapping[str, Any] | None) -> Any:
    """The value of a plain path (``report.projects[0]``) in ``scope``; _MISSING when it has
    a loop variable, a call, or fails."""
    head = re.match(r"[A-Za-z_]\w*", expression)
    if scope is None or head is None or head.group(0) not in scope:
        return _MISSING
    try:
        value = scope[head.group(0)]
        rest = expression[head.end():]
        for step in _STEP.finditer(rest):
            name, index, key1, key2 = step.groups()
            if name is not None:
                value = value[name] if isinstance(value, Mapping) else getattr(value, name)
            else:
                value = value[int(index)] if index is not None else value[key1 or key2]
        return value
    except Exception:  # a path the sample data cannot follow: no suggestion, no harm
        return _MISSING


def fields_of(value: Any) -> list[str]:
    """The names a template can write after ``value.``: a dict's keys, an object's fields
    (none for a text, a number, a list: their methods are not fields)."""
    if isinstance(value, Mapping):
        return sorted(str(k) for k in value)
    if kind_of(value) != "对象":
        return []
    own = getattr(value, "__dict__", {})
    return sorted({*_members_of(type(value)), *(k for k in own if not k.startswith("_"))})


_UNDEFINED = (
    re.compile(r"^'([^']+)' is undefined$"),
    re.compile(r"^'([^']+) object' has no attribute '([^']+)'$"),
    re.compile(r"^'([^']+) object' has no element (.+)$"),
    re.compile(r"^'([^']+)' has no attribute '([^']+)'$"),
)


_KINDS = {"dict": "字典", "list": "列表", "tuple": "列表", "str": "文字", "NoneType": "空值",
          "int": "数字", "float": "数字", "Decimal": "数字"}


def undefined_reason(message: str, names: Iterable[str] = (), source: str = "",
                     scope: Mapping[str, Any] | None = None) -> str:
    """Chinese for a StrictUndefined message; ``names`` are the variables in scope, ``source``
    the template text that failed (a cell, a paragraph) and ``scope`` the values it ran with:
    a missing field is said of the variable as the template writes it (``“dept”没有字段``,
    never a class name of ours), with the fields it has to suggest from."""
    message = message or ""
    if m := _UNDEFINED[0].match(message):
        return f"变量“{m.group(1)}”不存在" + hint(m.group(1), [*VARIABLES, *names])
    if m := _UNDEFINED[1].match(message) or _UNDEFINED[3].match(message):
        owner, attr = m.group(1), m.group(2)
        what = owner.rpartition(".")[2]
        expression = owner_expression(source, attr)
        value = _resolve(expression, scope) if expression else _MISSING
        if value is not _MISSING:
            fields = fields_of(value)
        elif what in _KINDS:
            fields = []
        else:
            fields = _fields(owner)
        who = f"“{expression}”" if expression else _KINDS.get(what, "这个变量")
        if what == "list" or what == "tuple":
            item = expression or "列表"
            return (f"{who}是列表，没有字段“{attr}”：请用 {{% for x in {item} %}} 逐项取用"
                    f"（x.{attr}），或取其中一项（{item}[0].{attr}）。")
        if what in _KINDS and what != "dict" and not fields:
            return f"{who}是{_KINDS[what]}，没有字段“{attr}”。"
        suggestion = hint(attr, fields) if fields else "。"
        if attr.strip() != attr and attr.strip():  # '实施周期 ': a space the eye does not see
            where = "开头" if attr[0].isspace() else "末尾"
            written = f"{expression}['{attr.strip()}']" if expression.endswith(".extra") \
                else f"“{attr.strip()}”"
            return (f"{who}没有字段“{attr}”：名称的{where}多了空格（看不见），"
                    f"请删去空格，写成 {written}。")
        if expression.endswith(".extra") and suggestion == "。":  # a column the book lacks
            return (f"{who}没有字段“{attr}”：输入工作簿的表中没有“{attr}”这一列。在模板文件夹的"
                    f" fields.toml 中声明这一字段（工作簿没有这一列时为空，见 templates/README.md"
                    f"“输入工作簿新增的列”），或请填表人在工作簿中加上这一列。")
        return f"{who}没有字段“{attr}”{suggestion}"
    if m := _UNDEFINED[2].match(message):
        return (f"列表中没有第 {m.group(2)} 项"
                "（从 0 数起；列表可能是空的，请先用 {% if %} 判断）。")
    return f"变量或字段不存在（{message}）。"


def kind_of(value: Any) -> str:
    """文字, 数字, 列表, 字典, 空值, or 对象 (a record of ours: its class name never shown)."""
    return _KINDS.get(type(value).__name__, "对象")


_RUNTIME = (
    (re.compile(r"^can only concatenate str \(not \"(\w+)\"\) to str"),
     lambda m: f"文字不能用 + 与{_KINDS.get(m.group(1), '对象')}相加：连接文字请用 ~"
               "（如 {{ dept.name ~ '（盖章）' }}）。"),
    (re.compile(r"^unsupported operand type\(s\) for ([^:]+): '(\w+)' and '(\w+)'"),
     lambda m: f"{_KINDS.get(m.group(2), '对象')}和{_KINDS.get(m.group(3), '对象')}"
               f"不能做“{m.group(1).strip()}”运算：连接文字请用 ~，计算请确认两边都是数字。"),
    (re.compile(r"^'(\w+)' object is not callable"),
     lambda m: f"{_KINDS.get(m.group(1), '对象')}不能加括号调用：字段名后面不要写 ()。"),
    (re.compile(r"^'(\w+)' object is not iterable"),
     lambda m: f"{_KINDS.get(m.group(1), '对象')}不能用 {{% for %}} 逐项取用："
               "{% for %} 只能用于列表（如 projects、dept_indicators）。"),
)
_UNSAFE = re.compile(r"attribute '([^']+)'")


def translated(rules: Iterable[tuple[re.Pattern[str], Callable[[re.Match[str]], str]]],
               message: str) -> str | None:
    """The Chinese of the first rule whose pattern matches the start of ``message`` (a
    Python or Jinja message in English); None when none does."""
    for pattern, say in rules:
        if m := pattern.match(message):
            return say(m)
    return None


def unsafe_reason(message: str) -> str:
    """The sandbox refused a name (``dept.__class__``): in Chinese, without our class."""
    m = _UNSAFE.search(message or "")
    name = f"“{m.group(1)}”" if m else "这个名称"
    return f"模板不能使用{name}：以下划线开头的名称和程序内部的属性不允许在模板中读取。"


def runtime_reason(exc: BaseException) -> str:
    """A Chinese sentence for an error raised while a template ran (not a missing name)."""
    if isinstance(exc, SecurityError):
        return unsafe_reason(str(exc))
    if isinstance(exc, ZeroDivisionError):
        return "除数为 0：请先用 {% if %} 判断除数。"
    if isinstance(exc, InvalidOperation):
        return ("不是数字的值交给了数字的过滤器：money、percent、number、cn_number 等只能用于"
                "金额、比率等数字。")
    text = str(exc)
    if isinstance(exc, TypeError) and "NoneType" in text:
        return ("对空值（未填写的字段）做了运算或格式化：请先用 {% if 字段 is not none %} 判断，"
                "或用 default 过滤器给出替代文字。")
    return (translated(_RUNTIME, text)
            or f"表达式无法计算（{type(exc).__name__}: {text}）。")
