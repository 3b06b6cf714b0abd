"""Template mistakes in Chinese, for maintainers who never read Python or Jinja's English.

Shared by the Excel and Word engines: a Jinja error becomes a sentence with a did-you-mean
over the template variables, the fields of the object, or the filters; a missing end tag is
placed at the block most likely missing it; Chinese quotes inside tags are read as ASCII
quotes (docxtpl does so for Word templates; Excel templates now do the same).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from jinja2 import TemplateRuntimeError, TemplateSyntaxError
from jinja2.exceptions import UndefinedError

from .filters import FILTERS
from .value_errors import hint, runtime_reason, translated, undefined_reason

L = TypeVar("L")

_IN_TAG = re.compile(r"(?<=\{[{%])(.*?)(?=[}%]\})", re.DOTALL)
_QUOTES = str.maketrans({"“": '"', "”": '"', "‘": "'", "’": "'"})


def straight_quotes(text: str) -> str:
    """``{{ x | default(“无”) }}`` → ``{{ x | default("无") }}``; text outside tags untouched."""
    if "{" not in text:
        return text
    return _IN_TAG.sub(lambda m: m.group(0).translate(_QUOTES), text)


# Jinja's names of the tokens a message quotes, as the template writes them.
_TOKENS = {"end of print statement": "}}", "end of statement block": "%}",
           "end of template": "标记的结尾"}


def _token(name: str) -> str:
    return _TOKENS.get(name, name)


_SYNTAX = (
    (re.compile(r"^unexpected char (['\"])(['\"])\1 at \d+"),
     lambda m: f"引号没有成对：{m.group(2)} 开始的文字缺少结束的 {m.group(2)}。"),
    (re.compile(r"^unexpected char (['\"])(.)\1 at \d+"),
     lambda m: f"标记中有不允许的字符“{m.group(2)}”：{{{{ }}}} 和 {{% %}} 里请用英文半角符号。"),
    (re.compile(r"^Expected an expression, got 'end of print statement'"),
     lambda m: "{{ }} 里缺少内容：应写变量或表达式，如 {{ dept.name }}。"),
    (re.compile(r"^Expected an expression, got '([^']+)'"),
     lambda m: f"“{_token(m.group(1))}”之前缺少变量或表达式（如 {{% if 条件 %}} 的条件）。"),
    (re.compile(r"^expected token 'name', got"),
     lambda m: "“|”后面缺少过滤器名（或“.”后面缺少字段名）。"),
    (re.compile(r"^unexpected '(.)', expected '(.)'"),
     lambda m: f"缺少“{m.group(2)}”：括号要成对。"),
    (re.compile(r"^unexpected '([)\]])'"),
     lambda m: f"多了一个“{m.group(1)}”（或前面缺少对应的“{'(' if m.group(1) == ')' else '['}”）："
               "括号要成对。"),
    (re.compile(r"^No filter named '([^']+)'"),
     lambda m: f"没有名为“{m.group(1)}”的过滤器" + hint(m.group(1), [*FILTERS, "mergedown"])
     + f"可用的过滤器：{'、'.join(FILTERS)}、mergedown（Excel 模板）及 Jinja 自带的过滤器。"),
    (re.compile(r"^No test named '([^']+)'"),
     lambda m: f"没有名为“{m.group(1)}”的判断（is 后面的词）。"),
    (re.compile(r"^unexpected '([}%])'"),
     lambda m: f"有一个单独的“{m.group(1)}”：{{{{ 要用 }}}} 结束，{{% 要用 %}} 结束，"
               "可能少写了一个“}”或多写了一个。"),
    (re.compile(r"^unexpected end of template, expected '([^']+)'"),
     lambda m: "标记没有结束：缺少 }} 或 %}。"),
    (re.compile(r"^Unexpected end of template\. Jinja was looking for the following tags: "
                r"'end(\w+)'"),
     lambda m: f"{{% {m.group(1)} %}} 没有对应的 {{% end{m.group(1)} %}}。"),
    (re.compile(r"^Encountered unknown tag '(end\w+|else|elif)'\. You probably made a nesting "
                r"mistake.*The innermost block that needs to be closed is '(\w+)'", re.S),
     lambda m: f"{{% {m.group(1)} %}} 放错了位置：此处应先用 {{% end{m.group(2)} %}} "
               f"结束 {{% {m.group(2)} %}}。"),
    (re.compile(r"^Encountered unknown tag 'end(\w+)'"),
     lambda m: f"多余的 {{% end{m.group(1)} %}}：前面没有对应的 {{% {m.group(1)} %}}。"),
    (re.compile(r"^Encountered unknown tag '(else|elif)'"),
     lambda m: f"多余的 {{% {m.group(1)} %}}：它应在 {{% if %}} 块内，且一个 {{% if %}} 只能有一个"
               " {% else %}（{% else %} 之后不能再有 {% elif %}）。"),
    (re.compile(r"^Encountered unknown tag '(\w+)'"),
     lambda m: f"不认识的标记 {{% {m.group(1)} %}}（常用的有 for、if、set）。"),
    (re.compile(r"^expected token '([^']+)', got '([^']+)'"),
     lambda m: f"表达式写法有误：“{_token(m.group(2))}”处多了或少了内容"
               "（如缺少运算符、逗号或 }}）。"),
    (re.compile(r"^expected name or number"), lambda m: "表达式写法有误：“.”后面缺少字段名。"),
)


_PAIRS = (("{{", "}}"), ("{%", "%}"), ("{#", "#}"))
QUOTE_CHARS = 24  # how much of a tag a message quotes


def unbalanced_tags(text: str) -> str | None:
    """What is missing when ``text`` (a cell, a paragraph) has a tag that does not pair up:
    ``“{{ year }”缺少结束的“}}”`` for ``{{ year }``, ``“year }}”前面缺少开始的“{{”`` for
    ``{ year }}``; None when every ``{{``/``{%``/``{#`` has its end."""
    text = text or ""
    for begin, end in _PAIRS:
        opened: int | None = None
        for m in re.finditer(re.escape(begin) + "|" + re.escape(end), text):
            if m.group(0) == begin:
                if opened is not None:
                    return _lacks_end(text[opened:m.start()], end)
                opened = m.start()
            elif opened is None:
                start = max(text.rfind("}", 0, m.start()) + 1, text.rfind("%", 0, m.start()) + 1,
                            m.start() - QUOTE_CHARS)
                fragment = text[start:m.end()].strip()
                hint = f"（可能少写了一个“{begin[1]}”）" if fragment[:1] == "{" else ""
                return f"“{fragment}”前面缺少开始的“{begin}”：{begin} 和 {end} 要成对{hint}。"
            else:
                opened = None
        if opened is not None:
            return _lacks_end(text[opened:], end)
    for tag in re.finditer(r"\{[{%](.*?)[}%]\}", text, flags=re.DOTALL):
        quote = _open_quote(tag.group(1))
        if quote is not None:
            fragment = (tag.group(1)[quote:] + tag.group(0)[-2:]).strip()
            if len(fragment) > QUOTE_CHARS:
                fragment = fragment[:QUOTE_CHARS - 1] + "…"
            return (f"“{fragment}”的引号没有成对：{fragment[0]} 开始的文字缺少结束的引号"
                    "（标记里的引号要成对，中文引号“”‘’也算引号）。")
    return None


def _open_quote(tag: str) -> int | None:
    """Where the string a tag's text leaves open begins (``“的 `` in ``{{ x ~ “的 }}``)."""
    quote, start = "", 0
    for i, ch in enumerate(tag.translate(_QUOTES)):
        if quote:
            quote = "" if ch == quote else quote
        elif ch in "'\"":
            quote, start = ch, i
    return start if quote else None


# A tag delimiter with a full-width character in it (the Chinese input method types ｛ ｝ ％ ＃):
# Jinja does not see the tag and it prints as it stands.
_FULL_WIDTH = re.compile(r"[｛{][｛%％#＃]|[%％#＃｝][｝}]")
_SPLIT = re.compile(r"\{\s+[{%#](?![^{]*\{[{%#])")  # ``{ { x }}``: the last opening, split


def misspelt_tags(text: str) -> str | None:
    """Why a cell or paragraph has a tag Jinja cannot see, which would print as it stands:
    ``｛｛ x ｝｝`` typed with full-width braces, or an end ``}}`` whose ``{{`` is split by a
    space or a line break (``{ { x }}``); None otherwise (a lone ``{`` or ``%`` is text)."""
    text = text or ""
    for m in _FULL_WIDTH.finditer(text):
        if m.group(0).isascii():
            continue
        start = max(0, m.start() - QUOTE_CHARS // 2)
        fragment = text[start:m.end() + QUOTE_CHARS // 2].strip()
        return (f"“{fragment}”中的“{m.group(0)}”是全角符号：标记要用英文半角的 {{{{ }}}}、"
                "{% %}（切换到英文输入法输入），否则会原样印在文书中。")
    if "}}" not in text and "%}" not in text and "#}" not in text:
        return None
    split = _SPLIT.search(text)
    if split:
        close = re.compile(r"[}%#]\}").search(text, split.end())
        end = min(close.end() if close else len(text), split.start() + QUOTE_CHARS)
        fragment = text[split.start():end].replace("\n", "⏎")
        return (f"“{fragment.strip()}”的开始标记被空格或换行分开了：{{{{、{{% 的两个符号要连写"
                "（删掉中间的空格或 Alt+Enter 换行），否则会原样印在文书中。")
    return unbalanced_tags(text)


def _lacks_end(fragment: str, end: str) -> str:
    brace = fragment.find("}", 2)  # ``{{ year }``: the tag ends at its lone brace
    fragment = fragment[:brace + 1] if brace >= 0 else fragment.strip()
    hint = f"（可能少写了一个“{end[0]}”）" if brace >= 0 else ""
    if len(fragment) > QUOTE_CHARS:
        fragment = fragment[:QUOTE_CHARS - 1] + "…"
    begin = "{" + end[0] if end != "}}" else "{{"
    return f"“{fragment}”缺少结束的“{end}”：{begin} 和 {end} 要成对{hint}。"


def syntax_reason(message: str) -> str:
    """Chinese for a Jinja syntax error message (the original kept when not recognised)."""
    return translated(_SYNTAX, message or "") or f"模板语法错误（Jinja：{message}）。"


def explain(exc: BaseException, names: Iterable[str] = (), source: str = "",
            scope: Mapping[str, Any] | None = None) -> str:
    """A Chinese sentence for any error a template raised (``source``, ``scope``: see
    :func:`~.value_errors.undefined_reason`)."""
    if isinstance(exc, TemplateSyntaxError):
        return syntax_reason(exc.message or "")
    if isinstance(exc, UndefinedError):
        return undefined_reason(exc.message or "", names, source, scope)
    if isinstance(exc, TemplateRuntimeError):  # a filter or test looked up when its branch ran
        return translated(_SYNTAX, str(exc)) or runtime_reason(exc)
    return runtime_reason(exc)


# -- blocks --------------------------------------------------------------------------------

OPENS = ("for", "if", "pageblock")  # pageblock: the Excel engine's page block (not Jinja)


@dataclass(frozen=True)
class BlockProblem(Generic[L]):
    """A block tag that does not pair up: its code, where, and a Chinese sentence."""

    code: str
    where: L
    message: str


def said(tag: str) -> str:
    """A block tag as a template writes it: ``for`` → ``{% for %}``, ``tr for`` (a Word
    template's row tag) → ``{%tr for %}``."""
    prefix, _, name = tag.rpartition(" ")
    return f"{{%{prefix} {name} %}}" if prefix else f"{{% {name} %}}"


def block_problems(tags: Iterable[tuple[str, L]], describe=str) -> list[BlockProblem[L]]:
    """Problems of a sequence of block tags (``for``, ``endfor``, ``if``, ``else``…) in order.

    A tag may carry a docxtpl prefix (``tr for``, ``p endif``): a block is closed only by
    the end tag with the same prefix. A block left open is reported at the inner block of
    the same kind closed last inside it, when there is one: ``for / for / endfor`` most often
    lacks the inner ``endfor`` (the one ``endfor`` closes the nearest ``for``); an end tag
    that closes an outer block (``if / for / endif``) leaves the blocks inside it open, and
    each is reported where it opens. ``describe(where)`` names a place in a message.
    """
    problems: list[BlockProblem[L]] = []
    stack: list[tuple[str, L]] = []
    inner: list[tuple[str, L] | None] = []  # per open block: the block closed last inside it

    def unclosed(block: str, opened: L, last: tuple[str, L] | None) -> BlockProblem[L]:
        end = said(_end_of(block))
        if last is not None and last[0] == block:
            return BlockProblem(
                "template-block-unclosed", last[1],
                f"此处的 {said(block)}（或包含它的、{describe(opened)}的 {said(block)}）"
                f"缺少 {end}：一个 {end} 只结束最近的 {said(block)}，"
                "通常是内层的块少了结束标记。")
        return BlockProblem("template-block-unclosed", opened,
                            f"{said(block)} 没有对应的 {end}：{_add_end(block)}。")

    for tag, where in tags:
        prefix, _, name = tag.rpartition(" ")
        if name in OPENS:
            stack.append((tag, where))
            inner.append(None)
        elif name.startswith("end") and name[3:] in OPENS:
            want = _opening(tag)
            if not stack:
                problems.append(BlockProblem(
                    "template-block-stray", where,
                    f"多余的 {said(tag)}：前面没有对应的 {said(want)}。"))
            elif not _pairs(stack[-1][0], want) and any(_pairs(b, want) for b, _ in stack):
                while not _pairs(stack[-1][0], want):
                    block, opened = stack.pop()
                    problems.append(unclosed(block, opened, inner.pop()))
                closed = stack.pop()
                inner.pop()
                if inner:
                    inner[-1] = closed
            elif not _pairs(stack[-1][0], want):
                block, opened = stack.pop()
                inner.pop()
                problems.append(BlockProblem(
                    "template-block-mismatch", where,
                    f"{said(tag)} 与 {describe(opened)}的 {said(block)} 不配对。"))
            else:
                closed = stack.pop()
                inner.pop()
                if inner:
                    inner[-1] = closed
        elif name in ("elif", "else"):
            top = stack[-1][0].rpartition(" ")[2] if stack else ""
            if not stack or top == "pageblock" or (name == "elif" and top != "if"):
                problems.append(BlockProblem(
                    "template-block-stray", where,
                    f"{said(tag)} 不在 {said(prefix + ' if')}（或 {said(prefix + ' for')}）块内。"))
    for (block, opened), last in zip(stack, inner, strict=True):
        problems.append(unclosed(block, opened, last))
    return problems


def _add_end(block: str) -> str:
    """What to do about a block left open: where its end tag goes."""
    end = said(_end_of(block))
    prefix = block.rpartition(" ")[0]
    if prefix == "tr":
        return f"请在要重复的最后一行之后加一行，只写 {end}"
    if prefix == "p":
        return f"请在这一块的最后一段之后加一段，只写 {end}"
    return f"请在块的末尾加上 {end}"


def _pairs(opened: str, wanted: str) -> bool:
    """Whether an end tag that closes ``wanted`` closes the open block ``opened``: the same
    tag, or a paragraph's ``{%p if %}`` and a plain ``{% endif %}`` (docxtpl pairs them; a
    row's ``{%tr %}`` only pairs with ``{%tr %}``)."""
    return opened.removeprefix("p ") == wanted.removeprefix("p ")


def _end_of(tag: str) -> str:
    prefix, _, name = tag.rpartition(" ")
    return f"{prefix} end{name}" if prefix else f"end{name}"


def _opening(tag: str) -> str:
    prefix, _, name = tag.rpartition(" ")
    return f"{prefix} {name[3:]}" if prefix else name[3:]


__all__ = [
    "BlockProblem",
    "block_problems",
    "explain",
    "misspelt_tags",
    "said",
    "straight_quotes",
    "syntax_reason",
    "unbalanced_tags",
    "undefined_reason",
]
