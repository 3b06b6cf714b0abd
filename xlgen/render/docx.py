"""Render Word (.docx) templates with docxtpl, and check them before rendering.

Templates are Jinja (docxtpl dialect: ``{{ … }}``, ``{% … %}``, ``{%p … %}`` for a tag that
stands for its whole paragraph). They run in a sandboxed environment with autoescape on,
so text such as ``R&D <二期>`` is written literally, and with the filters of
:mod:`xlgen.filters`. An unknown variable or attribute is an error, never a blank.

Errors name the template and the paragraph where they are: :func:`render_docx` raises
:class:`~xlgen.errors.TemplateError`; :func:`check_docx_template` returns problems.
"""

from __future__ import annotations

import html
import io
import re
import traceback
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

from jinja2 import StrictUndefined, TemplateSyntaxError, meta, nodes
from jinja2.sandbox import SandboxedEnvironment

from ..errors import TemplateError
from ..problems import Problem, Severity
from ..stable import FIXED_TIME_UTC
from ..suggest import did_you_mean
from .context import VARIABLES
from .demo import demo_context
from .docxtpl_adapter import ReportTemplate, TemplatePart, every_paragraph, template_parts
from .filters import FILTERS
from .lookup import template_label, unreadable_message
from .reach import unreached, with_trial
from .sandbox import Sandbox
from .stable_zip import normalise_zip
from .template_errors import (
    block_problems,
    explain,
    misspelt_tags,
    syntax_reason,
    unbalanced_tags,
)
from .value_errors import special_hint, unknown_hint

PARAGRAPH_CHARS = 40  # how much of a paragraph a message quotes

_TAG = re.compile(r"<[^>]+>")

_PART_NAMES = {"body": "正文", "header": "页眉", "footer": "页脚"}


def make_environment() -> SandboxedEnvironment:
    """The Jinja environment of Word templates: sandboxed, autoescaped, strict, our filters."""
    env = Sandbox(autoescape=True, undefined=StrictUndefined)
    env.filters.update(FILTERS)
    return env


def paragraph_at(source: str, lineno: int | None) -> str:
    """The text of the paragraph on ``lineno`` of a patched source, tags removed, shortened."""
    lines = source.splitlines()
    if not lineno or not 0 < lineno <= len(lines):
        return ""
    return _shorten(html.unescape(_TAG.sub("", lines[lineno - 1])))


def _in_table(source: str, lineno: int | None) -> str:
    """``第 2 个表格中的`` when the paragraph on ``lineno`` of a patched source is in a table
    cell (a table row's ``{%tr %}`` loop, a cell's text), else ''."""
    if not lineno:
        return ""
    before = "\n".join(source.splitlines()[:lineno - 1])
    opened = len(_TABLE_OPEN.findall(before))
    if opened <= before.count("</w:tbl>"):
        return ""
    return f"第 {opened} 个表格中的"


_TABLE_OPEN = re.compile(r"<w:tbl[ >]")


def _shorten(text: str) -> str:
    text = re.sub(r"\s+", " ", text).strip()
    if len(text) > PARAGRAPH_CHARS:
        text = text[: PARAGRAPH_CHARS - 1] + "…"
    return text


def _template_lineno(exc: BaseException) -> int | None:
    """The template line of an error: its own ``lineno`` or the last template frame."""
    lineno = getattr(exc, "lineno", None)
    if lineno:
        return int(lineno)
    frames = [f for f in traceback.extract_tb(exc.__traceback__) if f.filename == "<template>"]
    return frames[-1].lineno if frames else None


_TYPED_TAG = re.compile(r"\{%-?(?:(tr|tc|p|r)\s|\s*)\s*(\w+)")


def _block_problem(xml: str) -> tuple[str, str, str] | None:
    """For a block tag that does not pair up: the table the paragraph to fix is in, the
    paragraph, and why, with the tags said as the maintainer typed them (``{%tr for %}`` is
    closed by ``{%tr endfor %}`` only; docxtpl's patched source no longer tells them apart)."""
    places = list(_paragraphs(xml))
    tags = [(f"{m.group(1) or ''} {m.group(2)}".strip(), i)
            for i, (_, text) in enumerate(places) for m in _TYPED_TAG.finditer(text)]

    def describe(i: int) -> str:
        return f"{places[i][0]}段落“{_shorten(places[i][1])}”"

    found = block_problems(tags, describe)
    if not found:
        return None
    table, text = places[found[0].where]
    return table, _shorten(text), found[0].message


def _open(template: Path) -> ReportTemplate:
    path = Path(template)
    if not path.is_file():
        raise TemplateError(f"找不到 Word 模板“{path}”。")
    tpl = ReportTemplate(str(path))
    try:
        tpl.init_docx()
    except Exception as exc:  # python-docx raises several types for a bad package
        raise TemplateError(unreadable_message(path, exc)) from exc
    return tpl


def render_docx(template: Path, context: Mapping[str, Any], title: str = "") -> bytes:
    """Render ``template`` with ``context``; identical input gives identical bytes.

    Raises TemplateError (naming the template and the paragraph) when the template is
    broken or an expression fails. ``title`` is the document's title in its properties; the
    template's own title, comments and keywords are not carried over (the author is xlgen,
    as in the Excel outputs).
    """
    template = Path(template)
    tpl = _open(template)
    _render(tpl, template, context)
    props = tpl.docx.core_properties
    props.created = props.modified = props.last_printed = FIXED_TIME_UTC
    props.title = title
    props.author = props.last_modified_by = "xlgen"  # how xlgen knows its own outputs
    props.comments = props.subject = props.keywords = props.category = ""
    props.revision = 1
    buffer = io.BytesIO()
    tpl.save(buffer)
    return normalise_zip(buffer.getvalue())


def _render(tpl: ReportTemplate, template: Path, context: Mapping[str, Any]) -> None:
    """Render ``tpl`` (opened from ``template``, or a copy of it) in place; TemplateError
    naming the template and the paragraph when an expression fails."""
    try:
        tpl.render(dict(context), make_environment(), autoescape=True)
    except Exception as exc:
        lineno = _template_lineno(exc)
        where = _PART_NAMES[tpl.current_kind] + _in_table(tpl.current_source, lineno)
        paragraph = paragraph_at(tpl.current_source, lineno)
        lines = tpl.current_source.splitlines()
        source = lines[lineno - 1] if lineno and 0 < lineno <= len(lines) else ""
        reason = explain(exc, source=html.unescape(source), scope=context)
        parts = [p for p in template_parts(_open(template)) if p.kind == tpl.current_kind]
        if isinstance(exc, TemplateSyntaxError):
            found = (_syntax_error(p, exc) for p in parts)
            table, paragraph, reason = next(found, ("", paragraph, reason))
            where = _PART_NAMES[tpl.current_kind] + table
        else:
            paragraph = next((_as_typed(paragraph, p.xml) for p in parts), paragraph)
        raise TemplateError(
            f"Word 模板“{template_label(template)}”无法生成：{where}段落“{paragraph}”：{reason}",
            str(template), where, paragraph=paragraph,
        ) from exc


def _paragraphs(xml: str) -> Iterator[tuple[str, str]]:
    """Each paragraph's text (line breaks as ``\\n``) and ``第 2 个表格中的`` when it is in a
    table (the tables opened so far), else ''."""
    opened = depth = 0
    for m in re.finditer(r"<w:tbl[ >]|</w:tbl>|<w:p[ >].*?</w:p>", xml, flags=re.DOTALL):
        element = m.group(0)
        if element.startswith("<w:tbl"):
            opened, depth = opened + 1, depth + 1
        elif element == "</w:tbl>":
            depth -= 1
        else:
            runs = re.finditer(r"<w:t(?: [^>]*)?>([^<]*)</w:t>|<w:(?:br|cr)\b", element)
            text = "".join("\n" if r.group(1) is None else r.group(1) for r in runs)
            yield (f"第 {opened} 个表格中的" if depth else ""), html.unescape(text)


def _paragraph_texts(xml: str) -> Iterator[str]:
    return (text for _, text in _paragraphs(xml))


def unbalanced_paragraph(xml: str) -> tuple[str, str] | None:
    """The first paragraph whose tag delimiters do not pair up (``{{ x }``), shortened, and
    what it is missing.

    docxtpl joins such a paragraph with the ones after it, so Jinja's line number cannot
    tell which paragraph it was; the delimiters can.
    """
    for text in _paragraph_texts(xml):
        missing = unbalanced_tags(text)
        if missing:
            return _shorten(text), missing
    return None


_PARAGRAPH_TAG = re.compile(r"\{%-?p\s.*?%\}", re.DOTALL)


def _misspelt_paragraphs(xml: str) -> list[tuple[str, str]]:
    """Each paragraph with a tag Jinja cannot see (``｛｛ x ｝｝``, ``{ { x }}``: it would print
    as it stands) or with text beside a ``{%p %}`` tag (docxtpl drops that paragraph whole),
    shortened, and why."""
    found = []
    for text in _paragraph_texts(xml):
        misspelt = misspelt_tags(text)
        if misspelt is None or misspelt == unbalanced_tags(text):
            misspelt = _split_tag(text)
        reason = misspelt or _beside_paragraph_tag(text)
        if reason:
            found.append((_shorten(text), reason))
    return found


_BLOCK_TAG = re.compile(r"\s*\{%(-?)\s*((?:if|elif|else|endif|for|endfor|set)\b.*?)%\}\s*",
                        re.DOTALL)


def _blank_paragraph_tags(xml: str) -> list[tuple[str, str]]:
    """Each paragraph holding only a plain block tag (``{% if … %}``), which leaves an empty
    paragraph in the report, with the ``{%p … %}`` to write instead."""
    found = []
    for text in _paragraph_texts(xml):
        match = _BLOCK_TAG.fullmatch(text)
        if match and text.count("{%") == 1:
            found.append((_shorten(text), f"{{%{match.group(1)}p {match.group(2).strip()} %}}"))
    return found


def _split_tag(text: str) -> str | None:
    """A tag opened and not closed in this paragraph (``{{ dept.name`` with its ``}}`` in the
    next one: Enter pressed inside it); misspelt_tags says only of a paragraph with an end."""
    missing = unbalanced_tags(text)
    if missing is None:
        return None
    return missing.removesuffix("。") + "；一个标记要写在同一段中（不能在标记中间按回车）。"


def _beside_paragraph_tag(text: str) -> str | None:
    if "{%p" not in text and "{%-p" not in text:
        return None
    rest = _PARAGRAPH_TAG.sub("", text).strip()
    if not rest:
        return None
    return (f"{{%p … %}} 所在的段落整段不出现在报告中，同一段的“{_shorten(rest)}”会丢失："
            "{%p … %} 要单独一段，请把其余的文字移到另一段。")


_END_TAG = re.compile(r"Encountered unknown tag '(?:end\w+|else|elif)'")  # a nesting mistake


def _syntax_error(part: TemplatePart, exc: TemplateSyntaxError) -> tuple[str, str, str]:
    """The table (``第 1 个表格中的`` or ''), the paragraph a syntax error is in, and the
    Chinese reason."""
    unbalanced = unbalanced_paragraph(part.xml)
    if unbalanced:
        return "", *unbalanced
    message = exc.message or ""
    if "end of template" in message or _END_TAG.match(message):
        blocks = _block_problem(part.xml)
        if blocks:
            return blocks
    reason = syntax_reason(message)
    if _ROW_TAG.match(message):
        reason = ("{%tr … %}、{%tc … %} 只能写在表格中（{%tr for %} 单独占表格的一行，整行重复）；"
                  "表格外的段落请用 {%p … %}。")
    return (_in_table(part.source, exc.lineno),
            _as_typed(paragraph_at(part.source, exc.lineno), part.xml), reason)


_ROW_TAG = re.compile(r"Encountered unknown tag 't[rc]'")
_PREFIX = re.compile(r"\{%(-?)\s*(?:p|tr|tc|r)\s")


def _as_typed(paragraph: str, xml: str) -> str:
    """A paragraph docxtpl turned from ``{%p if … %}`` into ``{% if … %}``, quoted as the
    maintainer typed it (so Word's Find locates it)."""
    for _, text in _paragraphs(xml):
        if _shorten(_PREFIX.sub(r"{%\1 ", text)) == paragraph:
            return _shorten(text)
    # docxtpl put the tags of consecutive {%p %} paragraphs on one line (``{% endif %}{% for
    # x in year %}``): the one with an expression is the paragraph that failed
    tags = [t for t in re.findall(r"\{%.*?%\}", paragraph) if not _NO_EXPRESSION.fullmatch(t)]
    if len(tags) == 1 and tags[0] != paragraph:
        return _as_typed(tags[0], xml)
    return paragraph


_NO_EXPRESSION = re.compile(r"\{%-?\s*(?:end\w+|else)\s*-?%\}")


def _known_names(context: Mapping[str, Any] | None, env: SandboxedEnvironment) -> set[str]:
    names = set(context.keys()) if context is not None else set(VARIABLES)
    return names | set(env.globals)


def _first_use(ast: nodes.Template, name: str) -> int | None:
    for node in ast.find_all(nodes.Name):
        if node.name == name and node.ctx == "load":
            return node.lineno
    return None


def check_docx_template(
    template: Path, context: Mapping[str, Any] | None = None
) -> list[Problem]:
    """Problems of a Word template: syntax errors and unknown variables, one pass.

    Each problem's ``paragraph`` is the text of the paragraph where it is (shortened) and its
    ``sheet`` the part (正文/页眉/页脚). Without ``context`` the known variables are those
    of :data:`xlgen.context.VARIABLES`. With a context the template is also rendered,
    and an expression that fails is reported too.
    """
    template = Path(template)
    file, label = str(template), template_label(template)
    try:
        tpl = _open(template)
    except TemplateError as exc:
        return [Problem(Severity.ERROR, "template-unreadable", str(exc), file)]
    env = make_environment()
    known = _known_names(context, env)
    problems: list[Problem] = []
    for part in template_parts(tpl):
        where = _PART_NAMES[part.kind]
        try:  # one parse; finding the names generates the code, which checks the filters
            ast = env.parse(part.source)
            undeclared = meta.find_undeclared_variables(ast)
        except TemplateSyntaxError as exc:
            table, paragraph, reason = _syntax_error(part, exc)
            problems.append(Problem(
                Severity.ERROR, "template-syntax",
                f"Word 模板“{label}”{where}{table}段落“{paragraph}”有语法错误：{reason}",
                file, where + table, paragraph=paragraph,
            ))
            continue
        misspelt = _misspelt_paragraphs(part.xml)
        for paragraph, reason in misspelt:
            problems.append(Problem(
                Severity.ERROR, "template-syntax",
                f"Word 模板“{label}”{where}段落“{paragraph}”有语法错误：{reason}",
                file, where, paragraph=paragraph,
            ))
        if misspelt:
            continue
        for paragraph, suggested in _blank_paragraph_tags(part.xml):
            problems.append(Problem(
                Severity.WARNING, "template-empty-paragraph",
                f"Word 模板“{label}”{where}段落“{paragraph}”：单独一段的 {{% %}} 标签在报告中留下"
                f"一个空段落（空行）；整段的条件或循环请写成“{suggested}”（{{%p … %}} 所在的段落"
                "整段不出现）。",
                file, where, paragraph=paragraph,
            ))
        for name in sorted(undeclared - known):
            line = _first_use(ast, name)
            paragraph = _as_typed(paragraph_at(part.source, line), part.xml)
            hint = did_you_mean(name, known)
            suggestion = unknown_hint(name, ()) if special_hint(name) \
                else f"，是否应为“{hint}”？" if hint else "。"
            problems.append(Problem(
                Severity.ERROR, "template-unknown-variable",
                f"Word 模板“{label}”{where}{_in_table(part.source, line)}段落“{paragraph}”"
                f"使用了未知的变量“{name}”" + suggestion,
                file, where + _in_table(part.source, line), paragraph=paragraph,
            ))
        problems += _unreached(part, ast, env, context, label, file)
    return with_trial(problems, context, lambda given: _trial_render(template, given),
                      lambda p: (p.sheet, p.paragraph))


def _unreached(part: TemplatePart, ast: nodes.Template, env: SandboxedEnvironment,
               context: Mapping[str, Any] | None, label: str, file: str) -> list[Problem]:
    """What a trial render cannot see (a misspelt field in a branch the demo does not take,
    an optional field given to round): see :mod:`.reach`."""
    lines = part.source.splitlines()

    def source_at(lineno: int) -> str:
        return html.unescape(lines[lineno - 1]) if 0 < lineno <= len(lines) else ""

    found = []
    where = _PART_NAMES[part.kind]
    for f in unreached(ast, env, demo_context() if context is None else context, source_at):
        paragraph = _as_typed(paragraph_at(part.source, f.lineno), part.xml)
        table = _in_table(part.source, f.lineno)
        found.append(Problem(f.severity, f.code,
                             f"Word 模板“{label}”{where}{table}段落“{paragraph}”：{f.reason}",
                             file, where + table, paragraph=paragraph))
    return found


MOST_FAILING_PARAGRAPHS = 20  # renders of one template a check may take (each ~0.1 s)


def _trial_render(template: Path, context: Mapping[str, Any]) -> list[Problem]:
    """Every paragraph whose expressions fail, not only the first: docxtpl renders a whole
    part at once and stops at the first failure, so the failing paragraph's expressions are
    blanked in a copy of the template and it is rendered again, until it renders (at most
    MOST_FAILING_PARAGRAPHS times; a paragraph failing again, or a copy that no longer parses,
    ends the listing)."""
    problems: list[Problem] = []
    failed: set[str] = set()
    tpl = _open(template)
    for _ in range(MOST_FAILING_PARAGRAPHS):
        try:
            _render(tpl, template, context)
            return problems
        except TemplateError as exc:
            if failed and isinstance(exc.__cause__, TemplateSyntaxError):
                return problems  # blanking broke a block: what it says is not the maintainer's
            if exc.paragraph in failed:
                return problems
            problems.append(Problem(Severity.ERROR, "template-render", str(exc), str(template),
                                    exc.sheet, paragraph=exc.paragraph))
            if not exc.paragraph:
                return problems
            failed.add(exc.paragraph)
            latest = exc.paragraph
        copy = _blanked(template, failed, latest)
        if copy is None:
            return problems
        tpl = copy
    return problems


_PRINT_TAG = re.compile(r"\{\{.*?\}\}", re.DOTALL)
_HEAD = r"(\{%-?\s*(?:(?:p|tr|tc|r)\s+)?"
_BLANKS = (  # a failing expression replaced by one that cannot fail, the blocks kept
    (re.compile(_HEAD + r"(?:if|elif))\b.*?(-?%\})", re.DOTALL), r"\1 false \2"),
    (re.compile(_HEAD + r"for\s+[\w\s,]+?\s+in)\b.*?(-?%\})", re.DOTALL), r"\1 [] \2"),
    (re.compile(_HEAD + r"set\s+\w+\s*=).*?(-?%\})", re.DOTALL), r"\1 none \2"),
)


def _compact(text: str) -> str:
    """A paragraph as a message quotes it, without its spaces and line breaks (a line break
    is a space in one quote and nothing in another) or the shortening's …, to compare."""
    return re.sub(r"\s+", "", text).removesuffix("…")


def blank_expressions(text: str) -> str:
    """``text`` with every ``{{ … }}`` removed and every condition, loop list and ``set``
    value replaced by one that cannot fail (``{%p if x > 1 %}`` → ``{%p if false %}``)."""
    text = _PRINT_TAG.sub("", text)
    for pattern, replacement in _BLANKS:
        text = pattern.sub(replacement, text)
    return text


def _blanked(template: Path, paragraphs: set[str], latest: str) -> ReportTemplate | None:
    """A copy of ``template`` whose paragraphs quoted as ``paragraphs`` have their expressions
    blanked; None when ``latest`` (the one that failed last) is not found."""
    document = _open(template).docx
    found = False
    quoted = [_compact(text) for text in paragraphs]
    for paragraph in every_paragraph(document):
        text = _compact(paragraph.text)
        if any(text.startswith(q) for q in quoted):
            paragraph.text = blank_expressions(paragraph.text)
            found = found or text.startswith(_compact(latest))
    if not found:
        return None
    buffer = io.BytesIO()
    document.save(buffer)
    buffer.seek(0)
    copy = ReportTemplate(buffer)
    copy.init_docx()
    return copy


def docx_template_variables(template: Path) -> set[str]:
    """Top-level variables a Word template uses (body, headers and footers)."""
    tpl = _open(Path(template))
    env = make_environment()
    names: set[str] = set()
    for part in template_parts(tpl):
        try:
            names |= meta.find_undeclared_variables(env.parse(part.source))
        except TemplateSyntaxError as exc:
            table, paragraph, reason = _syntax_error(part, exc)
            where = _PART_NAMES[part.kind] + table
            raise TemplateError(
                f"Word 模板“{template_label(template)}”有语法错误：{where}段落“{paragraph}”："
                f"{reason}",
                str(template), where, paragraph=paragraph,
            ) from exc
    return names - set(env.globals)


__all__ = [
    "check_docx_template",
    "docx_template_variables",
    "make_environment",
    "render_docx",
]
