"""The Excel template engine: an .xlsx with Jinja in its cells → a finished .xlsx.

Public API (see templates/README.md for the tag syntax)::

    render_xlsx(template, context) -> RenderResult        # .data (bytes), .problems
    check_xlsx_template(template, context=None) -> list[Problem]
    xlsx_template_variables(template) -> set[str]

Each worksheet compiles once into a Jinja program (xlsx_compile), runs in a sandbox with
StrictUndefined while an Emitter collects rows and merges (xlsx_emit), and is written back
into the template's own worksheet, keeping its print setup (xlsx_write).
"""

from __future__ import annotations

import pickle
import re
import traceback
import types
import warnings
from collections import ChainMap
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from jinja2 import StrictUndefined, Template, TemplateSyntaxError, Undefined, meta
from jinja2.sandbox import SandboxedEnvironment
from openpyxl import load_workbook
from openpyxl.utils import get_column_letter
from openpyxl.utils.cell import coordinate_to_tuple
from openpyxl.workbook.workbook import Workbook
from openpyxl.worksheet.worksheet import Worksheet

from ...errors import TemplateError
from ...problems import Problem, Severity
from ...suggest import did_you_mean
from ..context import VARIABLES
from ..demo import demo_context
from ..filecache import FileCache
from ..filters import FILTERS
from ..jinja_adapter import evaluate, run
from ..lookup import template_key, template_label, unreadable_message
from ..reach import unreached, with_trial
from ..sandbox import Sandbox
from ..template_errors import (
    explain,
    straight_quotes,
    syntax_reason,
    unbalanced_tags,
    undefined_reason,
)
from ..value_errors import special_hint, unknown_hint, unsafe_reason
from .compile import BLOCK, CLOSE, EMIT, ENDBLOCK, INTERNAL, OPEN, CompiledSheet, SheetCompiler
from .emit import CellUndefinedError, Emitter, mergedown
from .fonts import substituted_fonts
from .openpyxl_adapter import copy_sheet, remove_sheet
from .printing import SMALLEST_PRINTED_PT, fit_scale
from .sheetnames import sheet_name
from .sheetxml import SheetXml
from .write import SheetWriter, save_workbook_bytes

TEMPLATE_FILENAME = "<template>"


_METHODS = (types.MethodType, types.BuiltinMethodType)


class _Sandbox(Sandbox):
    """The Jinja sandbox, with its per-access safety check cached by (type, attribute).

    The check depends only on the object's type and the attribute's name, and it is the
    largest cost of a big render (hundreds of thousands of attribute reads). Once a (type,
    attribute) is known safe, reading it again is a plain ``getattr``: only a method goes
    the sandbox's whole way (``str.format`` is wrapped there).
    """

    def __init__(self, **options: Any):
        super().__init__(**options)
        self._safe: dict[tuple[type, str], bool] = {}

    def is_safe_attribute(self, obj: Any, attr: str, value: Any) -> bool:
        key = (type(obj), attr)
        safe = self._safe.get(key)
        if safe is None:
            safe = self._safe[key] = super().is_safe_attribute(obj, attr, value)
        return safe

    def getattr(self, obj: Any, attribute: str) -> Any:
        if self._safe.get((type(obj), attribute)):
            try:
                value = getattr(obj, attribute)
            except AttributeError:
                pass
            else:
                if not isinstance(value, _METHODS):
                    return value
        return super().getattr(obj, attribute)


def make_environment() -> SandboxedEnvironment:
    """The Jinja environment of Excel templates: sandboxed, strict, with the shared filters."""
    env = _Sandbox(
        undefined=StrictUndefined,
        autoescape=False,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters.update(FILTERS)
    env.filters["mergedown"] = mergedown
    return env


ENV = make_environment()


class TemplateCellError(TemplateError):
    """A TemplateError that knows the sheet and cell it is about."""

    def as_problem(self, code: str = "template-render") -> Problem:
        return Problem(Severity.ERROR, code, str(self), self.file, self.sheet, self.cell)


@dataclass
class RenderResult:
    """A rendered workbook: ``data`` is the .xlsx; ``problems`` are warnings and errors found."""

    data: bytes
    problems: list[Problem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        """True when no problem is an error (the caller may write ``data``)."""
        return not any(p.severity is Severity.ERROR for p in self.problems)


@dataclass
class _Sheet:
    compiled: CompiledSheet
    template: Template | None
    names: set[str] = field(default_factory=set)  # the program's undeclared names


@dataclass
class _Book:
    sheets: list[_Sheet]
    problems: list[Problem]


_CACHE: FileCache[_Book] = FileCache()


# Each render fills a fresh copy of its template's workbook. Reading the .xlsx costs 5–17 ms
# per template, a copy from memory (pickled once) under 2 ms: a folder of small workbooks
# renders two documents each.
_PRISTINE: FileCache[bytes] = FileCache()


def _load(template: Path) -> Workbook:
    """A fresh copy of the template's workbook, for one render to change."""
    try:
        key = template_key(template)
    except FileNotFoundError as exc:
        raise TemplateError(f"找不到 Excel 模板 {template}。") from exc
    except OSError as exc:
        raise TemplateError(unreadable_message(template, exc)) from exc
    blob = _PRISTINE.get(key)
    if blob is not None:
        loaded: Workbook = pickle.loads(blob)
        return loaded
    wb = _read(template)
    try:
        blob = pickle.dumps(wb, pickle.HIGHEST_PROTOCOL)
    except Exception:  # something openpyxl keeps cannot be copied: read it each time
        return wb
    _PRISTINE.put(key, blob)
    return wb


def _read(template: Path) -> Workbook:
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # openpyxl warns about extensions it drops
            return load_workbook(template, rich_text=False, keep_links=False)
    except FileNotFoundError as exc:
        raise TemplateError(f"找不到 Excel 模板 {template}。") from exc
    except Exception as exc:  # openpyxl raises many kinds on a damaged package
        raise TemplateError(unreadable_message(template, exc)) from exc


def _compile(template: Path, wb: Workbook) -> _Book:
    """Compile every worksheet (cached by path, size and modification time)."""
    key = template_key(template)
    book = _CACHE.get(key)
    if book is not None:
        return book
    return _CACHE.put(key, _compile_book(template, wb))


def _compile_book(template: Path, wb: Workbook) -> _Book:
    name, path = template_label(template), str(template)
    sheets: list[_Sheet] = []
    problems: list[Problem] = []
    for ws in wb.worksheets:
        compiler = SheetCompiler(ws, path, name)
        compiled = compiler.compile()
        problems.extend(compiler.problems)
        jinja: Template | None = None
        names: set[str] = set()
        if not any(p.severity is Severity.ERROR for p in compiler.problems):
            try:  # parsed once, for the program and for the names it uses
                tree = ENV.parse(compiled.source)
                names = meta.find_undeclared_variables(tree)
                jinja = ENV.from_string(tree)
            except TemplateSyntaxError as exc:
                cell = compiled.cell_at_line(exc.lineno)
                text = ws[cell].value if cell else None
                why = _syntax_message(exc, text if isinstance(text, str) else "")
                problems.append(Problem(
                    Severity.ERROR, "template-syntax",
                    f"模板 {name} 工作表“{ws.title}”单元格 {cell}：{why}",
                    path, ws.title, cell))
        if compiled.repeat is not None and jinja is not None:
            jinja = _check_repeat(compiled, jinja, name, path, problems)
        sheets.append(_Sheet(compiled, jinja, names))
    return _Book(sheets, problems)


def _check_repeat(compiled: CompiledSheet, jinja: Template, name: str, path: str,
                  problems: list[Problem]) -> Template | None:
    """``jinja`` when the sheet tag's expressions compile; else a problem and None."""
    rep = compiled.repeat
    assert rep is not None
    for expr in (rep.items, rep.title):
        if not expr:
            continue
        try:
            ENV.compile_expression(expr)
        except TemplateSyntaxError as exc:
            problems.append(Problem(
                Severity.ERROR, "template-syntax",
                f"模板 {name} 工作表“{compiled.title}”单元格 {rep.ref}：{_syntax_message(exc)}",
                path, compiled.title, rep.ref))
            return None
    return jinja


def _syntax_message(exc: TemplateSyntaxError, text: str = "") -> str:
    """Why a cell (its ``text``) does not parse: a tag's missing end first, then Jinja's."""
    unbalanced = unbalanced_tags(straight_quotes(text))
    if unbalanced:
        return unbalanced
    message = exc.message or ""
    if "endset" in message or "end of template" in message:
        return ("单元格内的 {% for %} 或 {% if %} 没有在本单元格内结束：单元格内的块必须在同一"
                "单元格内闭合；整行重复或整行条件请用单独的控制行。")
    return syntax_reason(message)


def _run(sheet: _Sheet, context: Mapping[str, Any], template: Path) -> Emitter:
    """Run a sheet's Jinja program; raise TemplateCellError naming the cell on failure."""
    compiled, jinja = sheet.compiled, sheet.template
    assert jinja is not None
    emitter = Emitter(compiled)
    internal = {EMIT: emitter.emit, OPEN: emitter.open, CLOSE: emitter.close,
                BLOCK: emitter.block, ENDBLOCK: emitter.endblock}
    scope: ChainMap[str, Any] = ChainMap(internal, ENV.globals, context)  # type: ignore[arg-type]
    file = str(template)
    where = f"模板 {template_label(template)} 工作表“{compiled.title}”单元格"
    try:
        run(ENV, jinja, scope)
    except CellUndefinedError as exc:
        why = (unsafe_reason(exc.message) if exc.unsafe
               else undefined_reason(exc.message, source=compiled.cell_source(exc.ref),
                                     scope=context))
        raise TemplateCellError(f"{where} {exc.ref}：{why}", file, compiled.title,
                                exc.ref) from exc
    except Exception as exc:
        cell = compiled.cell_at_line(_template_line(exc))
        why = explain(exc, source=compiled.cell_source(cell), scope=context)
        raise TemplateCellError(f"{where} {cell}：{why}", file, compiled.title, cell) from exc
    emitter.finish()
    return emitter


def _template_line(exc: BaseException) -> int | None:
    line = None
    for frame in traceback.extract_tb(exc.__traceback__):
        if frame.filename == TEMPLATE_FILENAME:
            line = frame.lineno
    return line


def _first_error(problems: list[Problem]) -> None:
    errors = [p for p in problems if p.severity is Severity.ERROR]
    if errors:
        more = f"（另有 {len(errors) - 1} 个模板错误）" if len(errors) > 1 else ""
        raise TemplateCellError(errors[0].message + more, errors[0].file, errors[0].sheet,
                                errors[0].cell)


def render_xlsx(template: Path, context: Mapping[str, Any], title: str = "") -> RenderResult:
    """Render an Excel template with ``context``; raise TemplateError if the template is broken.

    Value problems (control characters removed, a cell over 32,767 characters) are returned
    in ``problems``; when one is an error the caller should not write ``data``. ``title`` is
    the document's title in its properties. A sheet with a ``{% sheet x in items %}`` row is
    printed once per item, as consecutive sheets named by its ``named`` expression.
    """
    template = Path(template)
    wb = _load(template)
    book = _compile(template, wb)
    _first_error(book.problems)
    problems: list[Problem] = []
    rows: dict[int, SheetXml] = {}
    for ws, sheet in zip(list(wb.worksheets), book.sheets, strict=True):
        problems.extend(_fill(ws, sheet, context, template, rows))
    return RenderResult(save_workbook_bytes(wb, title, rows), problems)


def _fill(ws: Worksheet, sheet: _Sheet, context: Mapping[str, Any], template: Path,
          rows: dict[int, SheetXml] | None = None) -> list[Problem]:
    """Run template sheet ``ws`` and write it (once per item for a repeated sheet); its value
    problems. Each output sheet's rows go to ``rows``, by ``id()`` of its worksheet. A
    failing cell raises TemplateCellError."""
    problems: list[Problem] = []
    for target, scope in _instances(ws, sheet, context, template):
        emitter = _run(sheet, scope, template)
        writer = SheetWriter(target, sheet.compiled, emitter, str(template))
        problems.extend(writer.write())
        if rows is not None:
            rows[id(target)] = writer.rows
    return problems


def _instances(ws: Worksheet, sheet: _Sheet, context: Mapping[str, Any], template: Path
               ) -> list[tuple[Worksheet, Mapping[str, Any]]]:
    """The worksheets to fill from template sheet ``ws`` and the context of each: ``ws``
    itself, or for a repeated sheet one copy per item (none: the sheet is removed)."""
    rep = sheet.compiled.repeat
    if rep is None:
        return [(ws, context)]
    items = list(_evaluate(rep.items, context, sheet.compiled, rep.ref, template) or ())
    if not items:
        remove_sheet(ws)
        return []
    scopes: list[Mapping[str, Any]] = [
        ChainMap({rep.var: item}, context) for item in items]  # type: ignore[arg-type]
    targets = [ws, *copy_sheet(ws, len(items) - 1)]
    taken = {other.title.casefold() for other in ws.parent.worksheets  # type: ignore[union-attr]
             if other not in targets}
    names = []
    for scope in scopes:
        raw = _evaluate(rep.title, scope, sheet.compiled, rep.ref, template) if rep.title \
            else sheet.compiled.title
        name = sheet_name(str(raw if raw is not None else ""), taken)
        taken.add(name.casefold())
        names.append(name)
    for i, target in enumerate(targets):  # no clash with a name the next sheet gives up
        target.title = f"_xl_{i}"
    for target, name in zip(targets, names, strict=True):
        target.title = name
    return list(zip(targets, scopes, strict=True))


def _evaluate(expr: str, scope: Mapping[str, Any], compiled: CompiledSheet, ref: str,
              template: Path) -> Any:
    """The value of a sheet tag's expression; TemplateCellError naming its cell on failure."""
    try:
        value = evaluate(ENV, expr, scope)
        if isinstance(value, Undefined):
            str(value)  # raises: StrictUndefined tells which name
        return value
    except Exception as exc:
        where = f"模板 {template_label(template)} 工作表“{compiled.title}”单元格 {ref}"
        raise TemplateCellError(f"{where}：{explain(exc, source=expr, scope=scope)}",
                                str(template), compiled.title, ref) from exc


def _undeclared(sheet: _Sheet) -> set[str]:
    names = sheet.names
    rep = sheet.compiled.repeat
    if rep is not None:
        names = (names | _expression_names(rep.title)) - {rep.var}
        names |= _expression_names(rep.items)
    return {n for n in names if not n.startswith(INTERNAL)} - set(ENV.globals)


def _expression_names(expr: str) -> set[str]:
    return set(meta.find_undeclared_variables(ENV.parse("{{ " + expr + " }}"))) if expr else set()


def xlsx_template_variables(template: Path) -> set[str]:
    """The top-level names a template uses (loop and ``set`` variables excluded)."""
    template = Path(template)
    book = _compile(template, _load(template))
    _first_error(book.problems)
    names: set[str] = set()
    for sheet in book.sheets:
        names |= _undeclared(sheet)
    return names


def check_xlsx_template(template: Path, context: Mapping[str, Any] | None = None) -> list[Problem]:
    """Every problem of a template: syntax, unknown variables, unbalanced row blocks, formulas.

    With a ``context``, also trial-render it and report the first failing cell of each sheet
    and any value problems.
    """
    template = Path(template)
    try:
        wb = _load(template)
    except TemplateError as exc:
        return [Problem(Severity.ERROR, "template-unreadable", str(exc), str(template))]
    book = _compile(template, wb)
    problems = list(book.problems)
    for sheet in book.sheets:
        if sheet.template is None:
            continue
        lines = sheet.compiled.source.split("\n")
        for name in sorted(_undeclared(sheet) - set(VARIABLES)):
            cell = _cell_using(sheet.compiled, lines, name)
            near = did_you_mean(name, VARIABLES)
            hint = unknown_hint(name, ()) if special_hint(name) \
                else f"，是否应为“{near}”？" if near else "。"
            problems.append(Problem(
                Severity.ERROR, "template-unknown-variable",
                f"模板 {template_label(template)} 工作表“{sheet.compiled.title}”单元格 {cell}："
                f"未知的变量“{name}”{hint}可用的变量见 xlgen templates vars。",
                str(template), sheet.compiled.title, cell))
        problems += _unreached(sheet, template, context)
    for ws, sheet in zip(list(wb.worksheets), book.sheets, strict=True):
        problems.extend(small_print(ws, sheet.compiled, template))
        problems.extend(substituted_fonts(ws, template))
    return with_trial(problems, context,
                      lambda given: _trial_render(template, wb, book, given),
                      lambda p: (p.sheet, p.cell))


def _unreached(sheet: _Sheet, template: Path, context: Mapping[str, Any] | None
               ) -> list[Problem]:
    """What a trial render cannot see (a misspelt field in a branch the demo does not take,
    an optional field given to round): see :mod:`..reach`."""
    compiled = sheet.compiled

    def source_at(lineno: int) -> str:
        return compiled.cell_source(compiled.cell_at_line(lineno))

    found = []
    scope = demo_context() if context is None else context
    for f in unreached(ENV.parse(compiled.source), ENV, scope, source_at):
        cell = compiled.cell_at_line(f.lineno)
        found.append(Problem(
            f.severity, f.code,
            f"模板 {template_label(template)} 工作表“{compiled.title}”单元格 {cell}：{f.reason}",
            str(template), compiled.title, cell))
    return found


_MOST_FAILING_CELLS = 50  # a template failing everywhere: the first 50 are enough to start


def _trial_render(template: Path, wb: Workbook, book: _Book, context: Mapping[str, Any]
                  ) -> list[Problem]:
    """Render every sheet with ``context``: the value problems, and every failing cell (not
    only the first of each sheet). A failing cell stops its sheet's program, so it is
    reported, cleared in a fresh copy of the template, and the sheets run again, until none
    fails (or clearing it leaves the template broken some other way)."""
    failed: list[Problem] = []
    cleared: set[tuple[str, str]] = set()
    while True:
        found: list[Problem] = []
        new: list[TemplateCellError] = []
        for ws, sheet in zip(list(wb.worksheets), book.sheets, strict=True):
            try:
                found.extend(_fill(ws, sheet, context, template))
            except TemplateCellError as exc:
                new.append(exc)
        failed += [exc.as_problem() for exc in new]
        places = {(exc.sheet or "", exc.cell or "") for exc in new}
        if not new or len(failed) >= _MOST_FAILING_CELLS or any(
                not cell or title not in wb.sheetnames or (title, cell) in cleared
                for title, cell in places):
            return sorted(failed, key=lambda p: _reading_order(wb, p)) + found
        cleared |= places
        wb = _load(template)
        for title, cell in cleared:
            wb[title][cell].value = None
        book = _compile_book(template, wb)
        if any(p.severity is Severity.ERROR for p in book.problems):
            return sorted(failed, key=lambda p: _reading_order(wb, p)) + found


def _reading_order(wb: Workbook, problem: Problem) -> tuple[int, int, int]:
    """(sheet, row, column) of a problem's cell, for listing a template's in reading order."""
    sheet = wb.sheetnames.index(problem.sheet) if problem.sheet in wb.sheetnames else 0
    try:
        row, column = coordinate_to_tuple(problem.cell or "")
    except (ValueError, TypeError):
        return sheet, 0, 0
    return sheet, row, column


def small_print(ws: Worksheet, sheet: CompiledSheet, template: Path) -> list[Problem]:
    """A warning when the columns are so much wider than the paper that “fit to 1 page wide”
    prints the body below SMALLEST_PRINTED_PT (a maintainer who added columns)."""
    body, last = sheet.body_size(), sheet.last_column()
    scale = fit_scale(ws, sheet.columns_points()) if last else None
    if body is None or scale is None or body * scale >= SMALLEST_PRINTED_PT:
        return []
    units = sum(sheet.width(c) for c in range(1, last + 1))
    return [Problem(
        Severity.WARNING, "template-print-small",
        f"模板 {template_label(template)} 工作表“{sheet.title}”：A–{get_column_letter(last)} 列"
        f"共宽 {units:g} 个单位，页面设置为“调整为 1 页宽”，印出时整张表缩小到 {scale:.0%}，"
        f"{body:g} 磅的正文印成 {body * scale:.1f} 磅。请缩窄一些列（横向 A4 约 119 个单位、"
        "纵向约 81 个单位可按 100% 印出），或换用更大的纸张。",
        str(template), sheet.title)]


def _cell_using(sheet: CompiledSheet, lines: list[str], name: str) -> str:
    pattern = re.compile(rf"(?<![\w.]){re.escape(name)}\b")
    rep = sheet.repeat
    if rep is not None and (pattern.search(rep.items) or pattern.search(rep.title)):
        return rep.ref
    for i, text in enumerate(lines, 1):
        if pattern.search(text):
            return sheet.cell_at_line(i)
    return ""


__all__ = [
    "RenderResult",
    "TemplateCellError",
    "check_xlsx_template",
    "make_environment",
    "render_xlsx",
    "xlsx_template_variables",
]
