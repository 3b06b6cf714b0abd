"""The clerk's text as the documents can hold it: control characters removed once, from the
model, with a warning at the cell they came from; a text longer than an Excel cell holds is an
error at its cell (it would be cut in the output).

Text pasted from web pages, PDFs or other systems carries invisible characters (a tab, a
page break ``\\f``, a bell ``\\a``). Left in the model they would not stay
invisible: docxtpl turns ``\\t`` into a tab stop, ``\\f`` into a page break and ``\\a`` into a
new paragraph, and an XML-illegal one vanishes from an .xlsx cell. As Excel does on screen,
they are dropped; unlike a silent drop, each source cell gets a warning. A line break
(``\\n``) is text (a new paragraph) and stays.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import fields
from operator import attrgetter
from typing import Any

from ..model import InputBook, Located, SelfEvaluation
from ..problems import Report
from ..workbook import load_contract

CONTROL_RE = re.compile("[\x00-\x09\x0b-\x1f\x7f]")
MAX_TEXT = 32767  # Excel's limit on one cell's text (a workbook not saved by Excel can hold more)
_NAMES = {"\t": "制表符", "\f": "分页符", "\v": "垂直制表符", "\a": "响铃符", "\r": "回车符"}


def _what(found: list[str]) -> str:
    names = dict.fromkeys(_NAMES.get(ch, f"U+{ord(ch):04X}") for ch in found)
    return "、".join(names)


def clean_texts(book: InputBook, report: Report) -> None:
    """Remove control characters from every text of ``book`` (in place), one warning
    (``control-char``) per cell that had any; an error (``text-too-long``) per cell whose
    text is longer than :data:`MAX_TEXT`."""
    contract = load_contract()
    seen: set[int] = set()
    old_name = book.department.name
    groups: list[tuple[str, Iterable[Located]]] = [
        ("department", [book.department]), ("tasks", book.tasks or []),
        ("dept_indicators", book.dept_indicators or []), ("projects", book.projects or []),
        ("project_indicators", book.project_indicators or []),
        ("management", book.management or []),
    ]
    for key, records in groups:
        records = list(records)
        if _clean_already(records):  # most sheets: one search over all their texts
            continue
        labels = {f.key: f.label for f in contract.sheet(key).fields}
        for record in records:
            if id(record) in seen:
                continue
            seen.add(id(record))
            names = _field_names(record)
            if _clean_already([record]):
                continue
            for name in names:
                value = getattr(record, name)
                if isinstance(value, dict):
                    _extra(value, record, report)
                if not isinstance(value, str):
                    continue
                inherited = key == "projects" and name == "unit" and value == old_name
                if inherited:  # the department's name, checked there
                    if CONTROL_RE.search(value):
                        setattr(record, name, CONTROL_RE.sub("", value))
                    continue
                label, cell = labels.get(name, name), record.cells.get(name, "")
                if CONTROL_RE.search(value):
                    value = _clean(value, label, record.sheet, cell, report)
                    setattr(record, name, value)
                if len(value) > MAX_TEXT:
                    _too_long(value, label, record.sheet, cell, report)
    if book.self_evaluation is not None:
        _blocks(book.self_evaluation, report)


_FIELDS: dict[type, tuple[str, ...]] = {}
_GETTERS: dict[type, attrgetter[tuple[Any, ...]]] = {}


def _field_names(record: object) -> tuple[str, ...]:
    """The dataclass fields of ``record``'s type (dataclasses.fields is slow per record)."""
    names = _FIELDS.get(type(record))
    if names is None:
        names = _FIELDS[type(record)] = tuple(f.name for f in fields(record))  # type: ignore[arg-type]
    return names


def _clean_already(records: list[Located]) -> bool:
    """No control character and no over-long text in any text field of ``records``."""
    texts: list[str] = []
    for record in records:
        get = _GETTERS.get(type(record))
        if get is None:
            get = _GETTERS[type(record)] = attrgetter(*_field_names(record))  # ≥ 4: a tuple
        for v in get(record):
            if isinstance(v, str):
                texts.append(v)
            elif isinstance(v, dict):  # the columns no standard field reads (``extra``)
                texts += [x for x in v.values() if isinstance(x, str)]
    return (not CONTROL_RE.search("\n".join(texts))
            and max(map(len, texts), default=0) <= MAX_TEXT)


def _extra(columns: dict[str, Any], record: Located, report: Report) -> None:
    """The columns of a table no standard field reads, by header (a template may print
    ``p.extra['实施周期']``): cleaned as every other text, in place."""
    for header, value in columns.items():
        if isinstance(value, str) and CONTROL_RE.search(value):
            columns[header] = _clean(value, header, record.sheet,
                                     record.cells.get(header, ""), report)


def _blocks(se: SelfEvaluation, report: Report) -> None:
    keys = {f.label: f.key for f in load_contract().sheet("self_evaluation").fields}
    for label, lines in se.blocks.items():
        if not any(CONTROL_RE.search(line) for line in lines):
            continue
        cell = se.cells.get(keys.get(label, label), "")
        text = _clean("\n".join(lines), label, se.sheet, cell, report)
        se.blocks[label] = [line for line in text.split("\n") if line.strip()]


def _too_long(value: str, label: str, sheet: str, cell: str, report: Report) -> None:
    report.error("text-too-long",
                 f"“{label}”有 {len(value):,} 个字符，超过 Excel 单元格最多能放的 {MAX_TEXT:,} 个"
                 "（生成的表格会截断它）。请精简这段文字后再运行。",
                 sheet, cell)


def _clean(value: str, label: str, sheet: str, cell: str, report: Report) -> str:
    found = CONTROL_RE.findall(value)
    report.warn("control-char",
                f"“{label}”中有 {len(found)} 个控制字符（{_what(found)}，多为从别处复制带来的"
                "不可见字符），生成文书时已删除，不会变成分页、制表或空行。"
                "如需换行，请在单元格中用 Alt+Enter。",
                sheet, cell)
    return CONTROL_RE.sub("", value)


__all__ = ["CONTROL_RE", "MAX_TEXT", "clean_texts"]
