"""Mistakes a trial render on the demo data cannot see, found by walking the template.

A trial render runs only the branches the demo data takes, with the demo's values: a field
name misspelt inside ``{% if %}`` whose condition is false there, a filter that does not
exist in an ``{% else %}``, and an optional field (``Decimal | None`` in the model) given to
``round`` or arithmetic while the demo has a figure in it all pass, and fail on the clerk's
workbook. This walk visits every branch and loop body, follows each path through the demo
values (a loop variable stands for the list's first item) and the model's type hints, and
says what is wrong at the template line where it stands; the engines name the cell or the
paragraph. A field on a dictionary (``p.extra``, ``blocks``) is not checked: its keys are
the workbook's.
"""

from __future__ import annotations

import functools
import typing
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from types import NoneType, UnionType
from typing import Any

from jinja2 import Environment, Undefined, nodes

from ..problems import Problem, Severity
from .template_errors import syntax_reason
from .value_errors import kind_of, undefined_reason, unsafe_reason

_UNKNOWN = object()  # a value the walk cannot follow (a call, a computation, a loop's `loop`)


@dataclass(frozen=True)
class Finding:
    """A mistake at template line ``lineno``: code, severity and the Chinese reason."""

    lineno: int
    code: str
    severity: Severity
    reason: str


@dataclass(frozen=True)
class _Value:
    sample: Any = _UNKNOWN
    optional: bool = False  # the model says it may be None (a field left blank)
    path: str = ""  # how the template writes it, when a plain path (``p.unit_funds``)

    def unguarded(self, guarded: frozenset[str]) -> bool:
        """May be None (the model says so) where no condition around it tests it."""
        return self.optional and bool(self.path) and self.path not in guarded


_NONE_FAILS = frozenset({"round", "int", "float", "abs", "cn_number", "cn_paren",
                         "cn_ordinal", "sum", "length", "count", "first", "last", "join"})
_SAME_LIST = frozenset({"sort", "list", "reverse", "selectattr", "rejectattr", "select",
                        "reject", "unique", "batch", "slice"})
_ARITHMETIC = (nodes.Add, nodes.Sub, nodes.Mul, nodes.Div, nodes.FloorDiv, nodes.Mod,
               nodes.Pow)
_TEXT_FILTERS = frozenset({"money", "number", "percent", "cn_number", "cn_paren",
                           "cn_ordinal", "string", "format", "join"})
_ORDER = frozenset({"lt", "gt", "lteq", "gteq"})
_GUARD = ("请先用 {% if 字段 is not none %} 判断，或用 default 给出替代"
          "（如 {{ 字段 | default('—') }}）")


def unreached(ast: nodes.Template, env: Environment, scope: Mapping[str, Any],
              source_at: Callable[[int], str]) -> list[Finding]:
    """Findings of every branch of ``ast``, in template order; ``scope`` the demo values,
    ``source_at(lineno)`` the template text of a line (for the did-you-mean of a field)."""
    walker = _Walker(env, scope, source_at)
    try:
        walker.block(ast.body, {}, frozenset())
    except RecursionError:  # a template nested deeper than the walk can follow: what was found
        pass
    seen: set[tuple[int, str]] = set()
    found = []
    for f in sorted(walker.found, key=lambda f: f.lineno):
        if (f.lineno, f.reason) not in seen:
            seen.add((f.lineno, f.reason))
            found.append(f)
    return found


def with_trial(problems: list[Problem], context: Mapping[str, Any] | None,
               trial: Callable[[Mapping[str, Any]], list[Problem]],
               place: Callable[[Problem], tuple]) -> list[Problem]:
    """A template check's ``problems`` and, with a ``context`` and no error its text shows
    (the walk's findings aside: the render meets those too), those of its trial render
    ``trial(context)``; a ``place`` (a cell, a paragraph) both report is listed once, as the
    render says it. The Excel and the Word check alike."""
    if context is None or any(p.severity is Severity.ERROR and p.code != "template-render"
                              for p in problems):
        return problems
    tried = trial(context)
    places = {place(p) for p in tried}
    return [p for p in problems
            if p.code != "template-render" or place(p) not in places] + tried


class _Walker:
    def __init__(self, env: Environment, scope: Mapping[str, Any],
                 source_at: Callable[[int], str]):
        self.env, self.scope, self.source_at = env, scope, source_at
        self.found: list[Finding] = []

    def say(self, node: nodes.Node, reason: str, code: str = "template-render",
            severity: Severity = Severity.ERROR) -> None:
        self.found.append(Finding(node.lineno, code, severity, reason))

    # -- statements ---------------------------------------------------------------------

    def block(self, body: list[nodes.Node], names: dict[str, _Value],
              guarded: frozenset[str]) -> None:
        for node in body:
            self.statement(node, names, guarded)

    def statement(self, node: nodes.Node, names: dict[str, _Value],
                  guarded: frozenset[str]) -> None:
        if isinstance(node, nodes.Output):
            for child in node.nodes:
                if not isinstance(child, nodes.TemplateData):
                    self.printed(child, names, guarded)
        elif isinstance(node, nodes.If):
            self.value(node.test, names, guarded)
            inner = guarded | _mentions(node.test)
            self.block(node.body, names, inner)
            for branch in node.elif_:
                self.statement(branch, names, inner)
            self.block(node.else_, names, inner)
        elif isinstance(node, nodes.For):
            items = self.value(node.iter, names, guarded)
            own = dict(names)
            own["loop"] = _Value()
            first = _first(items.sample)
            for target in _targets(node.target):
                own[target] = _Value(first) if isinstance(node.target, nodes.Name) \
                    else _Value()
            inner = guarded
            if node.test is not None:
                self.value(node.test, own, guarded)
                inner = guarded | _mentions(node.test)
            self.block(node.body, own, inner)
            self.block(node.else_, names, guarded)
        elif isinstance(node, nodes.Assign):
            found = self.value(node.node, names, guarded)
            for target in _targets(node.target):
                names[target] = _Value(found.sample, found.optional) \
                    if isinstance(node.target, nodes.Name) else _Value()
        elif isinstance(node, (nodes.Macro, nodes.CallBlock)):
            own = dict(names)
            for arg in node.args:
                own[arg.name] = _Value()
            for default in node.defaults:
                self.value(default, names, guarded)
            if isinstance(node, nodes.CallBlock):
                self.value(node.call, names, guarded)
            else:
                own["caller"] = _Value()
                names[node.name] = _Value()
            self.block(node.body, own, guarded)
        else:
            own = names
            if isinstance(node, nodes.With):
                own = dict(names)
                for bound, given in zip(node.targets, node.values, strict=False):
                    if isinstance(bound, nodes.Name):
                        own[bound.name] = self.value(given, names, guarded)
            for part in node.iter_child_nodes():
                if isinstance(part, nodes.Expr):
                    self.value(part, own, guarded)
                else:
                    self.statement(part, own, guarded)

    def printed(self, node: nodes.Expr, names: dict[str, _Value],
                guarded: frozenset[str]) -> None:
        found = self.value(node, names, guarded)
        if _is_amount(found) and found.path:
            self.say(node, f"“{found.path}”是数字，直接印出时不四舍五入、不加千位分隔（如 "
                     "1480.2500、0.98815）：金额请写 {{ " + found.path + " | money }}，比率写 "
                     "| percent，得分、个数写 | number。", "template-bare-amount",
                     Severity.WARNING)
        elif found.unguarded(guarded):
            self.say(node, f"“{found.path}”可以不填，未填时这里印出“None”：{_GUARD}。",
                     "template-maybe-empty", Severity.WARNING)

    # -- expressions --------------------------------------------------------------------

    def value(self, node: nodes.Node, names: dict[str, _Value],
              guarded: frozenset[str]) -> _Value:
        if isinstance(node, nodes.Name):
            if node.name in names:
                return _with_path(names[node.name], node.name)
            try:
                return _Value(self.scope[node.name], path=node.name)
            except Exception:  # not a variable, or a section the demo cannot compute
                return _Value()
        if isinstance(node, nodes.Const):
            return _Value(node.value)
        if isinstance(node, nodes.Getattr):
            return self.field(node, self.value(node.node, names, guarded), node.attr)
        if isinstance(node, nodes.Getitem):
            owner = self.value(node.node, names, guarded)
            self.value(node.arg, names, guarded)
            return _item(owner, node.arg)
        if isinstance(node, nodes.Filter):
            return self.filtered(node, names, guarded)
        if isinstance(node, nodes.Test):
            if node.name not in self.env.tests:
                self.say(node, syntax_reason(f"No test named '{node.name}'"))
            self.arguments(node, names, guarded)
            return _Value()
        if isinstance(node, nodes.And | nodes.Or):
            left = self.value(node.left, names, guarded)
            right = self.value(node.right, names, guarded | _mentions(node.left))
            if isinstance(node, nodes.Or):
                return _Value(left.sample if left.sample else right.sample)
            return _Value()
        if isinstance(node, nodes.CondExpr):
            self.value(node.test, names, guarded)
            inner = guarded | _mentions(node.test)
            first = self.value(node.expr1, names, inner)
            if node.expr2 is not None:
                self.value(node.expr2, names, inner)
            return _Value(first.sample)
        if isinstance(node, _ARITHMETIC):
            for side in (node.left, node.right):
                self.operand(side, self.value(side, names, guarded), guarded)
                if isinstance(side, nodes.Filter) and side.name in _TEXT_FILTERS:
                    self.say(node, f"过滤器“{side.name}”的结果是文字，不能再做“{node.operator}”"
                             f"运算（文字乘以数字是把它重复多次）：先计算再用过滤器，如 "
                             f"{{{{ (p.total {node.operator} 2) | {side.name} }}}}（过滤器 | 比"
                             "运算符先算，所以要加括号）。")
            return _Value()
        if isinstance(node, nodes.Neg | nodes.Pos):
            self.operand(node.node, self.value(node.node, names, guarded), guarded)
            return _Value()
        if isinstance(node, nodes.Compare):
            sides = [(node.expr, self.value(node.expr, names, guarded))]
            for op in node.ops:
                sides.append((op.expr, self.value(op.expr, names, guarded)))
            if any(op.op in _ORDER for op in node.ops):
                for side, found in sides:
                    self.operand(side, found, guarded)
            return _Value()
        for child in node.iter_child_nodes():
            self.value(child, names, guarded)
        return _Value()

    def arguments(self, node: nodes.Filter | nodes.Test | nodes.Call,
                  names: dict[str, _Value], guarded: frozenset[str]) -> None:
        for arg in (*node.args, *(k.value for k in node.kwargs)):
            self.value(arg, names, guarded)
        for extra in (node.dyn_args, node.dyn_kwargs):
            if extra is not None:
                self.value(extra, names, guarded)

    def operand(self, node: nodes.Node, found: _Value, guarded: frozenset[str]) -> None:
        if found.unguarded(guarded):
            self.say(node, f"“{found.path}”可以不填，未填时无法计算（示例数据中有值，所以试生成"
                     f"没有出错）：{_GUARD}。", "template-maybe-empty", Severity.WARNING)

    def field(self, node: nodes.Getattr, owner: _Value, attr: str) -> _Value:
        sample = owner.sample
        path = f"{owner.path}.{attr}" if owner.path else ""
        if sample is _UNKNOWN or sample is None or isinstance(sample, Mapping):
            if isinstance(sample, Mapping) and attr in sample:
                return _Value(sample[attr], path=path)
            return _Value(path=path)
        try:
            found = self.env.getattr(sample, attr)
        except Exception:  # a property the demo values cannot compute: not followed
            return _Value(path=path)
        if isinstance(found, Undefined):
            message = found._undefined_message
            if "unsafe" in message:  # dept.__class__
                self.say(node, unsafe_reason(message))
                return _Value()
            source = self.source_at(node.lineno)
            if kind_of(sample) == "对象" or "has no attribute" in message:
                self.say(node, undefined_reason(message, source=source, scope=self.scope))
            return _Value()
        return _Value(found, _optional(type(sample), attr), path)

    def filtered(self, node: nodes.Filter, names: dict[str, _Value],
                 guarded: frozenset[str]) -> _Value:
        found = self.value(node.node, names, guarded) if node.node is not None else _Value()
        self.arguments(node, names, guarded)
        name = node.name
        if name not in self.env.filters:
            self.say(node, syntax_reason(f"No filter named '{name}'"))
            return _Value()
        if name in _NONE_FAILS and found.unguarded(guarded):
            self.say(node, f"“{found.path}”可以不填，未填时过滤器“{name}”出错（示例数据中有值，"
                     f"所以试生成没有出错）：{_GUARD}。", "template-maybe-empty",
                     Severity.WARNING)
        if name == "round" and _is_amount(found):
            self.say(node, "round 按“四舍六入五成双”取舍（12.5 印成 12，2.665 印成 2.66），"
                     "与文书其余数字的四舍五入不一致：金额请用 money，得分、个数请用 number"
                     "（如 {{ p.total | money }}），它们都按四舍五入印出。",
                     "template-round", Severity.WARNING)
        if name in ("default", "d", "dash"):
            return _Value(found.sample)
        if name in ("first", "last"):
            return _Value(_first(found.sample))
        if name in _SAME_LIST:
            return _Value(found.sample)
        return _Value()


def _targets(target: nodes.Node) -> list[str]:
    """The names a ``for`` or ``set`` binds: ``x``, or each of ``k, v``."""
    if isinstance(target, nodes.Name):
        return [target.name]
    return [n.name for n in target.find_all(nodes.Name)]


def _with_path(found: _Value, path: str) -> _Value:
    return _Value(found.sample, found.optional, path)


def _first(sample: Any) -> Any:
    if isinstance(sample, list | tuple) and sample:
        return sample[0]
    return _UNKNOWN


def _item(owner: _Value, arg: nodes.Node) -> _Value:
    sample = owner.sample
    if not isinstance(arg, nodes.Const):
        return _Value()
    key = arg.value
    path = f"{owner.path}[{key!r}]" if owner.path else ""
    if isinstance(sample, list | tuple) and isinstance(key, int) and -len(sample) <= key \
            < len(sample):
        return _Value(sample[key], path=path)
    if isinstance(sample, Mapping) and key in sample:
        return _Value(sample[key], path=path)
    return _Value(path=path)


def _is_amount(found: _Value) -> bool:
    return isinstance(found.sample, Decimal) and not isinstance(found.sample, bool)


def _mentions(test: nodes.Node) -> frozenset[str]:
    """The paths a condition names (``p.unit_funds`` in ``p.unit_funds is not none``): a
    branch under it may use them as if filled."""
    found = set()
    for node in (test, *test.find_all((nodes.Name, nodes.Getattr, nodes.Getitem))):
        path = _path(node)
        if path:
            found.add(path)
    return frozenset(found)


def _path(node: nodes.Node) -> str:
    if isinstance(node, nodes.Name):
        return node.name
    if isinstance(node, nodes.Getattr):
        owner = _path(node.node)
        return f"{owner}.{node.attr}" if owner else ""
    if isinstance(node, nodes.Getitem) and isinstance(node.arg, nodes.Const):
        owner = _path(node.node)
        return f"{owner}[{node.arg.value!r}]" if owner else ""
    if isinstance(node, nodes.Filter) and node.name in ("default", "d") and node.node:
        return _path(node.node)
    return ""


@functools.cache
def _hints(cls: type) -> dict[str, Any]:
    try:
        return typing.get_type_hints(cls)
    except Exception:  # a hint that does not resolve: nothing known
        return {}


def _optional(cls: type, attr: str) -> bool:
    """Whether the model declares ``cls.attr`` (a field, or a property's return) may be
    None."""
    hint = _hints(cls).get(attr)
    prop = getattr(cls, attr, None)
    if hint is None and isinstance(prop, property) and prop.fget is not None:
        try:
            hint = typing.get_type_hints(prop.fget).get("return")
        except Exception:  # an unresolved hint: nothing known
            hint = None
    if isinstance(hint, UnionType) or typing.get_origin(hint) is typing.Union:
        return NoneType in typing.get_args(hint)
    return False


__all__ = ["Finding", "unreached", "with_trial"]
