"""A table's headers and a form's labels that are not quite the contract's.

A header or label one step from a standard column or field the sheet lacks, with something
filled under or beside it, would leave that content out of every document while the clerk
meant the standard one: an error, not the warning an unknown header gets. An amount's header
or label that names a unit other than the workbook's 金额单位 would read every amount of it
10,000 times too large or small: an error too.
"""

from __future__ import annotations

import difflib
from collections.abc import Mapping

from ..problems import Report
from . import cells as C
from .contract import Field
from .grid import Grid, cell_ref, col_letter
from .refs import parse_ref

UNITS = ("万元", "元")
OWN_USE = "本级使用资金"  # 预算's label after the level: 区本级使用资金


def unknown_column(report: Report, grid: Grid, col: int, text: str, near: Field | None,
                   seen: Mapping[str, str]) -> str:
    """Report header ``text`` of column ``col``, no standard column's (``near``: the one it is
    close to; ``seen``: the standard columns present). Returns ``near``'s key when it is
    reported as misnamed, else ""."""
    ref = cell_ref(0, col)
    if near is None:
        report.warn("unknown-column", f"不认识的列标题“{text}”，它不是本表的标准列："
                    "只有模板用到它时才会出现在文书中。", grid.name, ref)
    elif near.key in seen or not any(
            col < len(row) and not C.is_blank(row[col]) for row in grid.rows[1:]):
        report.warn("unknown-column", f"不认识的列标题“{text}”，是否应为“{near.label}”？",
                    grid.name, ref)
    else:
        report.error(
            "misnamed-column",
            f"列标题“{text}”不是本表的标准列，而本表没有“{near.label}”列：这一列的内容不会"
            f"进入文书。如果它就是“{near.label}”，请把列标题改为“{near.label}”；如果不是，"
            f"请另加一列“{near.label}”" + _fill(near), grid.name, ref)
        return near.key
    return ""


def misnamed_labels(report: Report, grid: Grid, by_name: Mapping[str, Field],
                    unknown: list[tuple[int, str, bool]], refs: Mapping[str, str]
                    ) -> dict[tuple[int, str], str]:
    """Report the form's unknown labels (row, label as written, B filled) that are one step
    from a field the form lacks (``refs``: the fields present) with a value beside them;
    (row, label) → that field's key."""
    misnamed: dict[tuple[int, str], str] = {}
    for r, text, filled in unknown:
        near = difflib.get_close_matches(C.norm_label(text), list(by_name), n=1, cutoff=0.6)
        if not (filled and near):
            continue
        f = by_name[near[0]]
        if f.key in refs or f.key in misnamed.values():
            continue
        misnamed[(r, text)] = f.key
        report.error(
            "misnamed-label",
            f"字段名“{text}”不是本表的标准字段，而本表没有“{f.label}”：它的内容不会进入文书。"
            f"如果它就是“{f.label}”，请把 A 列改为“{f.label}”；如果不是，请另加一行"
            f"“{f.label}”" + _fill(f), grid.name, cell_ref(r, 0))
    return misnamed


def unit_in_label(report: Report, label: object, f: Field, sheet: str, ref: str,
                  unit: str) -> None:
    """Report an amount's ``label`` that names a unit (``财政拨款（元）``) other than
    ``unit``, the workbook's 金额单位."""
    if f.type not in ("amount", "signed_amount"):
        return
    text = C.plain(str(label))
    named = next((u for u in UNITS if text.endswith(f"({u})")), None)
    if named is not None and named != unit:
        report.error(
            "label-unit",
            f"“{C.shown(label)}”写的单位是{named}，而“部门信息”中的金额单位是{unit}："
            f"这里的金额都按{unit}读取。请按实际单位改正，使两处一致（金额单位填“{named}”，"
            f"或把标题中的“{named}”改为“{unit}”）。", sheet, ref)


def headless_columns(report: Report, grid: Grid, rows: int) -> None:
    """Warn of the columns with content below a blank row-1 header (a header deleted, or a
    note typed beside the table): no column is found without its header, so that content
    is read nowhere, and without a word it would just be missing from the documents."""
    header = grid.rows[0] if grid.rows else ()
    named = {c for c, text in enumerate(header) if not C.is_blank(text)}
    width = len(header)
    first: dict[int, int] = {}  # column → first row (0-based) with content
    for r in range(1, min(rows, len(grid.rows))):
        row = grid.rows[r]
        if len(row) <= width and len(named) == width:
            continue  # every column of this row has a header: nothing to look at
        for c, value in enumerate(row):
            if c not in named and c not in first and not C.is_blank(value):
                first[c] = r
    if not first:
        return
    columns = sorted(first)
    letters = "、".join(col_letter(c) for c in columns)
    at = cell_ref(first[columns[0]], columns[0])
    report.warn(
        "headless-column",
        f"第 {letters} 列有内容（如 {at}）但第 1 行没有列标题：程序按第 1 行的列标题找列，"
        f"这些内容不会被读取，也不会进入文书。如果是误删了列标题，请在第 1 行补上"
        f"（本表的标准列见“说明”）；不需要的内容请删除。", grid.name, at)


def unlabelled_values(report: Report, grid: Grid, rows: int) -> None:
    """Warn of the values in column B of a form whose column A is blank (a second paragraph
    typed in the row below its field, instead of Alt+Enter in the same cell): a value is
    found only by its label, so it is read nowhere."""
    above = ""  # the label of the nearest row above with one
    for r in range(min(rows, len(grid.rows))):
        row = grid.rows[r]
        label = row[0] if row else None
        if not C.is_blank(label):
            above = C.shown(label)
            continue
        if len(row) < 2 or C.is_blank(row[1]):
            continue
        ref = cell_ref(r, 1)
        more = (f"如果它是上一个字段“{above}”的内容，请把它移到“{above}”的 B 列单元格中"
                "（多段用 Alt+Enter 换行）；" if above else "")
        report.warn(
            "unlabelled-value",
            f"{ref} 有内容，但同一行的 A 列没有字段名：程序按 A 列的字段名读取，这一格不会被读取，"
            f"也不会进入文书。{more}如果是一个字段，请在 A 列填写字段名；不需要的内容请删除。",
            grid.name, ref)


def own_use_level(report: Report, grid: Grid, ref: str, level: str, given: bool) -> None:
    """Warn of a 预算 label ``市本级使用资金`` (at the row of value cell ``ref``) whose level is
    not the department's 预算级次 ``level`` (``given``: filled, not the default): the
    documents print the label 预算级次 makes, not the one the clerk wrote."""
    at = parse_ref(ref)
    if at is None:
        return
    text = C.shown(grid.value(at[0], 0))
    label = C.norm_label(text)
    written = label[:-len(OWN_USE)] if label.endswith(OWN_USE) else ""
    if not written or written == level:
        return
    said = f"“{level}”" if given else f"没有填写（按“{level}”）"
    report.warn(
        "own-use-level",
        f"字段名“{text}”是{written}级的写法，而“部门信息”的“预算级次”{said}：文书印的是"
        f"“{level}{OWN_USE}”。如果本部门是{written}级，请在“部门信息”的“预算级次”填“{written}”；"
        f"否则请把字段名改为“{level}{OWN_USE}”。", grid.name, cell_ref(at[0], 0))


def absent_columns(report: Report, sheet: str, absent: list[Field]) -> None:
    """Warn once of the columns nearly every filled table has (``warn_absent``) that this
    one lacks, a column deleted by mistake: every row would read them as blank (a funding
    column as 0) with no other word of it."""
    if not absent:
        return
    names = "”“".join(f.label for f in absent)
    zero = "，金额按 0 计算" if any(f.zero_blank for f in absent) else ""
    report.warn("absent-column",
                f"本表没有“{names}”列：每一行的“{names}”都按空白读取{zero}，文书中这一栏是"
                f"空的。如果是误删了这一列，请在第 1 行加回列标题“{names}”并填写；确实没有"
                "这项内容时可以不加。", sheet, "")


def _fill(f: Field) -> str:
    return "并填写。" if f.required else "（可以空着）。"
