"""Template mistakes found while running, in Chinese: a field a value does not have (said of
the variable as the template writes it, with a did-you-mean from what it holds), an
operation on the wrong kind of value, a name the sandbox refuses. Never a class name of ours
or Python's English (template_errors.py has the syntax and the blocks)."""

from __future__ import annotations

import dataclasses
import re
import sys
import traceback
from collections.abc import Callable, Iterable, Mapping
from decimal import InvalidOperation
from typing import Any

from jinja2.exceptions import SecurityError

from ..suggest import did_you_mean
from .context import RECORD_NAMES, VARIABLES
from .filters import FILTERS
from .sandbox import SaidError


def hint(name: str, vocabulary: Iterable[str]) -> str:
    """``，是否应为“x”？`` with the nearest of ``vocabulary``, else ``。``."""
    near = did_you_mean(name, vocabulary, cutoff=0.6)
    return f"，是否应为“{near}”？" if near else "。"


# How the templates name an item of a list (``p`` of projects), from RECORD_NAMES' hints.
LOOP_NAMES = {name: m.group(1) for name, said in RECORD_NAMES.values()
              if (m := re.search(r"是 (\S+) 中的一项", said))}


def unknown_hint(name: str, vocabulary: Iterable[str]) -> str:
    """:func:`hint` for an unknown variable; for ``loop`` and a loop variable the templates
    use (``p``), where it may be used."""
    if name == "loop":
        return ("：loop（如 loop.index 序号）只能写在 {% for %} 与 {% endfor %} 之间"
                "（Excel 模板：{% for %} 控制行与 {% endfor %} 之间的行）。")
    if name in LOOP_NAMES:
        items = LOOP_NAMES[name]
        return (f"：{name} 是循环变量（{items} 中的一项），只能写在 {{% for {name} in {items} %}}"
                " 与 {% endfor %} 之间（Excel 模板：控制行之间的行），或写成 "
                f"{items}[0] 取第一项。")
    return hint(name, vocabulary)


def special_hint(name: str) -> bool:
    """Whether :func:`unknown_hint` says more of ``name`` than a did-you-mean."""
    return name == "loop" or name in LOOP_NAMES


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
    re.compile(r"^'?([^']+?) object'? has no element (.+)$"),
    re.compile(r"^'([^']+)' has no attribute '([^']+)'$"),
)


_KINDS = {"dict": "字典", "list": "列表", "tuple": "列表", "str": "文字", "NoneType": "空值",
          "None": "空值",
          "int": "数字", "float": "数字", "Decimal": "数字"}


def undefined_reason(message: str, names: Iterable[str] = (), source: str = "",
                     scope: Mapping[str, Any] | None = None) -> str:
    """Chinese for a StrictUndefined message; ``names`` are the variables in scope, ``source``
    the template text that failed (a cell, a paragraph) and ``scope`` the values it ran with:
    a missing field is said of the variable as the template writes it (``“dept”没有字段``,
    never a class name of ours), with the fields it has to suggest from."""
    message = message or ""
    if m := _UNDEFINED[0].match(message):
        return f"变量“{m.group(1)}”不存在" + unknown_hint(m.group(1), [*VARIABLES, *names])
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
            if _KINDS[what] == "空值":
                return (f"{who}是空值（未填写），没有字段“{attr}”：请先用 "
                        f"{{% if {expression or '字段'} is not none %}} 判断。")
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
        index = m.group(2).strip("'\"")
        found = re.findall(rf"({_PATH})\[\s*{re.escape(index)}\s*\]", source or "")
        path = re.sub(r"\s+", "", found[-1]) if found else "列表"
        value = _resolve(path, scope) if found else _MISSING
        size = f"只有 {len(value)} 项，" if isinstance(value, (list, tuple, str)) else ""
        return (f"“{path}”{size}没有第 {index} 项"
                "（从 0 数起，第一项是 [0]；列表可能更短或是空的）："
                f"请用 {{% for %}} 逐项取用，或先用 {{% if {path} | length > {index} %}} 判断。")
    return f"变量或字段不存在（{message}）。"


def kind_of(value: Any) -> str:
    """文字, 数字, 列表, 字典, 空值, or 对象 (a record of ours: its class name never shown)."""
    return _KINDS.get(type(value).__name__, "对象")


def _kind(name: str) -> str:
    """文字, 数字… for a Python type name in a message (``decimal.Decimal`` → 数字)."""
    return _KINDS.get(name.rpartition(".")[2], "对象")


_TYPE = r"'?([\w.]+)'?"
_RUNTIME = (
    (re.compile(r"^can only concatenate str \(not \"([\w.]+)\"\) to str"),
     lambda m: f"文字不能用 + 与{_kind(m.group(1))}相加：连接文字请用 ~"
               "（如 {{ dept.name ~ '（盖章）' }}）。"),
    (re.compile(r"^unsupported operand type\(s\) for ([^:]+): "
                r"(?:'(?:decimal\.)?Decimal' and 'float'|'float' and '(?:decimal\.)?Decimal')"),
     lambda m: f"金额不能与带小数点的数直接做“{m.group(1).strip()}”运算：请改用整数，"
               "如 p.total * 1.5 写成 p.total * 3 / 2。"),
    (re.compile(r"^unsupported operand type\(s\) for ([^:]+): '([\w.]+)' and '([\w.]+)'"),
     lambda m: f"{_kind(m.group(2))}和{_kind(m.group(3))}不能做“{m.group(1).strip()}”运算："
               "连接文字请用 ~，计算请确认两边都是数字（未填写的字段先用 {% if 字段 is not none %}"
               " 判断）。"),
    (re.compile(r"^bad operand type for unary (.): '([\w.]+)'"),
     lambda m: f"{_kind(m.group(2))}前面不能写“{m.group(1)}”号：正负号只能用于数字。"),
    (re.compile(r"^bad operand type for abs\(\): '([\w.]+)'"),
     lambda m: f"过滤器“abs”只能用于数字，这里给的是{_kind(m.group(1))}。"),
    (re.compile(r"^can't multiply sequence by non-int of type '([\w.]+)'"),
     lambda m: f"文字或列表只能乘以整数，这里乘以了{_kind(m.group(1))}：连接文字请用 ~，"
               "计算请确认两边都是数字。"),
    (re.compile(r"^'(.+)' not supported between instances of '([\w.]+)' and '([\w.]+)'"),
     lambda m: f"{_kind(m.group(2))}和{_kind(m.group(3))}不能比较大小（“{m.group(1)}”）："
               "比较大小的两边都要是数字（如 {% if p.total > 0 %}，数字不加引号）；"
               "文字只能用 == 或 != 比较。"),
    (re.compile(r"^object of type '([\w.]+)' has no len\(\)"),
     lambda m: f"{_kind(m.group(1))}没有长度：length 只能用于列表或文字（如 projects | length）。"),
    (re.compile(r"^'([\w.]+)' object is not callable"),
     lambda m: f"{_kind(m.group(1))}不能加括号调用：字段名后面不要写 ()。"),
    (re.compile(r"^'([\w.]+)' object is not iterable"),
     lambda m: f"{_kind(m.group(1))}不能用 {{% for %}} 逐项取用："
               "{% for %} 只能用于列表（如 projects、dept_indicators）。"),
    (re.compile(r"^(?:must be real number|%\w format: a (?:real )?number is required)"),
     lambda m: "format 的 %d、%f 只能对应数字（%s 对应文字）：如 {{ '%.2f' | format(p.total) }}；"
               "金额请用 money 过滤器。"),
    (re.compile(r"^(?:not enough arguments for format string|not all arguments converted)"),
     lambda m: "format 的 % 个数与括号里的值的个数不一致：写法是 {{ '%s（%s）' | format(a, b) }}，"
               "每个 % 对应一个值。"),
    (re.compile(r"^Range too big"),
     lambda m: "range 最多 100000 项：模板中不能用 range 生成更多的行或段落，请用 "
               "{% for %} 逐项取用数据本身的列表（如 projects）。"),
    (re.compile(r"^maximum recursion depth"),
     lambda m: "宏（macro）调用了自己，无限地重复下去：请检查 {% macro %} 中对自身的调用，"
               "给它一个停止的条件。"),
)
_ARGUMENTS = re.compile(
    r"^(?:sync_)?(?:do_)?(?:\w+\.)?(\w+)\(\) (?:takes|missing|got)"
    r"|^(?:\w+\.)?(\w+)\(\) takes no arguments")
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


_NUMBER_ADVICE = "金额请用 money，得分、个数请用 number（如 {{ p.total | money }}）"
_LIST_ADVICE = "如 {{ p.indicators | map(attribute='name') | join('、') }}"
_FILTER_NEEDS = {  # a filter given the wrong kind of value: what it takes, what to write
    **dict.fromkeys(("round", "int", "float", "abs"), ("数字", _NUMBER_ADVICE)),
    **dict.fromkeys(("money", "percent", "number", "cn_number", "cn_paren", "cn_ordinal"),
                    ("金额、比率等数字", "文字直接写 {{ 字段 }}，不要加数字的过滤器")),
    "sum": ("数字的列表", "如 {{ projects | sum(attribute='total') }}；连接文字请用 join"),
    **dict.fromkeys(("join", "first", "last", "length", "count", "sort", "unique", "map",
                     "select", "reject", "selectattr", "rejectattr", "batch", "slice", "list",
                     "reverse", "min", "max", "groupby"), ("列表", _LIST_ADVICE)),
    "format": ("格式文字", "写法是 {{ '%.2f' | format(p.total) }}：| 前面是格式，括号里是数字"),
}
_TYPE_NAMES = re.compile(r"'([\w.]+)'|\btype ([\w.]+)|\bnot ([\w.]+)$")
_NONE_ADVICE = ("请先用 {% if 字段 is not none %} 判断，或用 default 过滤器给出替代文字"
                "（如 {{ p.unit_funds | default('—') }}）")


_OURS = {f.__name__: name for name, f in FILTERS.items()}


def _filter_in(exc: BaseException) -> str | None:
    """The filter a runtime error was raised in (``round`` for Jinja's ``do_round``, ``money``
    for ours): the outermost filter frame of its traceback."""
    for frame in traceback.extract_tb(exc.__traceback__):
        path = frame.filename.replace("\\", "/")
        if path.endswith("jinja2/filters.py") and "do_" in frame.name:
            return frame.name.partition("do_")[2]  # do_round, sync_do_join
        if path.endswith("render/filters.py") and frame.name in _OURS:
            return _OURS[frame.name]
    return None


def _given_kind(text: str) -> str:
    """The kind of value an English message names last (``type str doesn't…`` → 文字)."""
    found = [next(g for g in m.groups() if g) for m in _TYPE_NAMES.finditer(text)]
    kinds = [_kind(name) for name in found if name.rpartition(".")[2] in _KINDS]
    return kinds[-1] if kinds else ""


def _wrong_kind(name: str, text: str) -> str | None:
    needs = _FILTER_NEEDS.get(name)
    if needs is None:
        return None
    kind = _given_kind(text)
    if kind == "空值":
        return (f"过滤器“{name}”只能用于{needs[0]}，这里给的是空值（未填写的字段）："
                f"{_NONE_ADVICE}。")
    given = f"，这里给的是{kind}" if kind and kind not in needs[0] else ""
    return f"过滤器“{name}”只能用于{needs[0]}{given}：{needs[1]}。"


_COUNTS = re.compile(r"takes (?:from (\d+) to )?(\d+) positional arguments? but (\d+) (?:was|were)")


def _arguments(text: str) -> str | None:
    """A filter or method called with the wrong number of values in its brackets."""
    m = _ARGUMENTS.match(text)
    if m is None:
        return None
    name = m.group(1) or m.group(2)
    is_filter = "do_" in text.partition("(")[0] or name in _FILTER_NEEDS
    said = f"过滤器“{name}”" if is_filter else f"“{name}”"
    counts = _COUNTS.search(text)
    if counts:
        skip = 1 if is_filter else 0  # a filter's first value is the one before the |
        most, given = int(counts.group(2)) - skip, int(counts.group(3)) - skip
        detail = f"括号里最多写 {most} 个值，这里写了 {given} 个" if most else "后面不要写括号和值"
    elif "missing" in text:
        detail = "括号里少写了值"
    elif "unexpected keyword" in text:
        word = re.search(r"argument '(\w+)'", text)
        detail = f"不认识参数名“{word.group(1)}”" if word else "参数名写错了"
    else:
        detail = "括号里的值的个数不对"
    return f"{said}的参数个数不对：{detail}。用法见 templates/README.md，多个值用英文逗号分开。"


def runtime_reason(exc: BaseException) -> str:
    """A Chinese sentence for an error raised while a template ran (not a missing name)."""
    if isinstance(exc, SecurityError):
        return unsafe_reason(str(exc))
    if isinstance(exc, SaidError):
        return str(exc)
    text = str(exc)
    name = _filter_in(exc)
    if isinstance(exc, InvalidOperation) and name is None and "not a number" not in text:
        return "0 除以 0 没有结果：请先用 {% if %} 判断除数不为 0。"
    if isinstance(exc, ZeroDivisionError):
        return "除数为 0：请先用 {% if %} 判断除数。"
    if isinstance(exc, (TypeError, ValueError, InvalidOperation)) and name is not None:
        wrong = _arguments(text) or translated(_RUNTIME, text) if name == "format" \
            else _arguments(text) or _wrong_kind(name, text)
        if wrong:
            return wrong
    if isinstance(exc, InvalidOperation):
        return ("不是数字的值交给了数字的过滤器：money、percent、number、cn_number 等只能用于"
                "金额、比率等数字。")
    if isinstance(exc, TypeError) and (found := _arguments(text)):
        return found
    if isinstance(exc, RecursionError):
        return translated(_RUNTIME, "maximum recursion depth") or ""
    found = translated(_RUNTIME, text)
    if found:
        return found
    if isinstance(exc, TypeError) and "NoneType" in text:
        return f"对空值（未填写的字段）做了运算或格式化：{_NONE_ADVICE}。"
    return f"表达式无法计算（{type(exc).__name__}: {text}）。"
