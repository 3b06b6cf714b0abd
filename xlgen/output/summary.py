"""The bureau's view of a year (``xlgen summary``): one row per department workbook, every problem.

Built from the same check as ``xlgen validate`` (rules.check_workbook), so its counts agree
with what clerks see. Written with xlsxwriter: an autofilter and a frozen header on both
sheets, printable (A4 landscape, one page wide, header repeated), same bytes for the same
inputs.
"""

from __future__ import annotations

import io
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

from ..catalogue import Policy
from ..errors import OutputError, internal_error_message
from ..filenames import safe_filename
from ..limits import DEFAULT_LIMITS, Limits
from ..model import InputBook, Located, Unit
from ..money import round_money
from ..problems import Problem, Report, Severity
from ..render import Document, Templates, find_templates
from ..rules import report_figures
from ..stable import FIXED_TIME
from ..workbook import is_input_workbook, load_contract, written_by_xlgen
from .atomic import write_atomic
from .build import Item, each, failure_message, policy_items
from .keep import keep_changed, undo
from .plan import Claims, Identity, WorkbookResult, apply_policy, check_source
from .pool import Failure

FONT_SIZE = 10
MAX_FITTED = 40  # a text column is widened to fit its longest line up to this, then wraps
ONE_LINE = {"可生成的文书"}  # text columns widened so that each of their lines prints whole
TITLE = "预算绩效文书汇总"  # the 汇总's title property: how a later run knows it as its own

# The cells a project's 总计 comes from (财政拨款 + 财政专户拨款 + 单位资金 + 其他资金).
PROJECT_TOTAL = ("fiscal", "special_account", "unit_funds", "other")
UNKNOWN = "有错误"  # a figure left out because a cell it depends on has an error
DUPLICATE = "重复"  # a figure of a second workbook of the same department and year

# Indicator-quality findings shown as columns, in this order, when any workbook has them.
QUALITY = {
    "qualitative-target": "目标值无法量化",
    "missing-level1": "缺少产出/效益/满意度指标",
    "missing-level2": "缺少成本/时效/可持续指标",
    "blank-level2": "二级指标未填",
    "blank-indicator": "三级指标名称为空",
    "duplicate-indicator": "三级指标重复",
    "annual-over-period": "年度值大于实施周期值",
}


@dataclass
class SummaryRow:
    """One department workbook as the bureau sees it: plain figures, computed where the
    workbook was checked (a worker process), so a freak workbook cannot take the run down."""

    source: Path
    label: str  # the workbook as shown (path relative to the folder given)
    report: Report
    readable: bool = False
    dept: str = ""
    year: int | None = None
    documents: list[str] = field(default_factory=list)  # names of the documents it yields
    fiscal: Decimal | None = None  # 预算!财政拨款
    other_funds: Decimal | None = None  # 预算!其他资金
    projects: int | None = None
    project_total: Decimal | None = None
    dept_indicators: int | None = None
    project_indicators: int | None = None
    score: Decimal | None = None  # 自评得分, where there is a 自评报告 and it is known
    grade: str = ""
    identity: Identity | None = None  # the output name it claims (same-output check)
    # the figures above that depend on a cell with an error: shown as 有错误, never as the
    # number the rest of the workbook adds up to (a bureau summing the column)
    unknown: set[str] = field(default_factory=set)
    # a second workbook of a department and year already listed (same-output): its figures
    # are that department's again, shown as 重复 so that a column's sum counts them once
    duplicate: bool = False

    @property
    def status(self) -> str:
        if not self.readable:
            return "无法读取"
        return "可生成" if self.report.valid else "有错误"

    def sort_key(self) -> tuple:
        return (self.year or 0, self.dept, self.label)


def _row(book: InputBook | None, result: WorkbookResult, label: str) -> SummaryRow:
    row = SummaryRow(result.source, label, result.report, readable=book is not None,
                     identity=result.identity)
    if book is None:
        return row
    # no 年度 (or one that is not a year) is 0 in the model: shown blank, not as year 0
    row.dept, row.year = book.department.name, book.department.year or None
    if result.ok:
        row.documents = [d.name for d in result.wanted]
    bad = {(p.sheet, p.cell) for p in result.report.errors if p.cell}
    if book.budget is not None:
        row.fiscal, row.other_funds = book.budget.fiscal, book.budget.other_funds
        row.unknown.update(name for name in ("fiscal", "other_funds")
                           if _on_error(book.budget, (name,), bad))
    if book.projects is not None:
        row.projects = len(book.projects)
        row.project_total = Unit("合计", book.projects).total
        if any(_on_error(p, PROJECT_TOTAL, bad) for p in book.projects):
            row.unknown.add("project_total")
    if book.dept_indicators is not None:
        row.dept_indicators = len(book.dept_indicators)
    if book.project_indicators is not None:
        row.project_indicators = len(book.project_indicators)
    if book.self_evaluation is not None and result.ok:
        figures = report_figures(book)
        row.score = figures.get("total_score")
        row.grade = str(figures.get("grade") or "") if row.score is not None else ""
    return row


def _on_error(record: Located, keys: Iterable[str], bad: set[tuple[str, str]]) -> bool:
    """Whether a cell of ``keys`` in ``record`` has an error (``bad``: (sheet, cell))."""
    return bool(bad) and any(
        (record.sheet, record.cells[k]) in bad for k in keys if k in record.cells)


def summary_step(documents: list[Document] | Templates, item: Item) -> SummaryRow:
    """Check one workbook exactly as ``validate`` does and keep the bureau's figures."""
    source, rel, policy = item
    label = (rel / source.name).as_posix()
    try:
        book, result = check_source(source, rel, documents, policy)
        return _row(book, result, label)
    except MemoryError:
        raise
    except Exception as exc:  # a bug of ours must not stop the other workbooks
        report = Report(file=str(source))
        report.error("internal-error", internal_error_message(exc))
        return SummaryRow(source, label, report)


def summarise(workbooks: Iterable[tuple[Path, Path]],
              templates_dir: Path | str | Templates | None = None, *,
              ignore: Policy | None = None, jobs: int | None = None,
              limits: Limits = DEFAULT_LIMITS,
              on_start: Callable[[Path], None] | None = None,
              on_done: Callable[[SummaryRow], None] | None = None) -> list[SummaryRow]:
    """Check every workbook (``(path, folder relative to its argument)`` pairs, as
    ``find_workbooks`` gives them) exactly as ``validate`` does (the same plan, duplicate
    check and warning policy), and list what each yields, sorted by year and department.

    ``jobs`` worker processes isolate each workbook (None: in this process). Raises
    TemplateError when the manifest cannot be read, ConfigError for a wrong xlgen.toml.
    """
    items = policy_items(workbooks, ignore or Policy())
    documents = templates_dir if isinstance(templates_dir, Templates) else find_templates(
        templates_dir, [source for source, _, _ in items[:1]])
    claims = Claims()
    rows = []
    policies = []  # each row's folder policy (--ignore, xlgen.toml)
    for index, outcome in each(summary_step, documents, items, jobs, limits, on_start):
        source, rel, policy = items[index]
        if isinstance(outcome, Failure):
            report = Report(file=str(source))
            report.error("internal-error", failure_message(outcome))
            outcome = SummaryRow(source, (rel / source.name).as_posix(), report)
        if not claims.claim(WorkbookResult(source, outcome.report, identity=outcome.identity),
                            rel):
            outcome.duplicate, outcome.documents = True, []  # it yields none: see same-output
        rows.append(outcome)
        policies.append(policy)
        if on_done:
            on_done(outcome)
    _tell_apart(rows)  # first: a duplicate names the other by the label the 汇总 shows
    _once_each(rows, policies)
    return sorted(rows, key=SummaryRow.sort_key)


def _once_each(rows: list[SummaryRow], policies: list[Policy]) -> None:
    """A department and year filed in two folders given (收件/某局.xlsx and the corrected
    收件/补报/某局.xlsx) builds in both, so validate is silent; in the 汇总 both rows would add
    its money to a column's sum. The later one (input order) reads 重复, as a copy in one
    folder does, and says why (``summary-duplicate``)."""
    first: dict[tuple[int, str], SummaryRow] = {}
    for row, policy in zip(rows, policies, strict=True):
        who = row.identity
        if who is None:
            continue
        other = first.setdefault((who.year, safe_filename(who.name).casefold()), row)
        if other is row or row.duplicate:
            continue
        row.duplicate = True
        message = (f"与 {other.label} 的年度（{who.year}）和部门名称相同：汇总表中本行的数字写"
                   f"“重复”，按列求和时这个部门只算 {other.label} 的。请确认用哪一个，"
                   "把不用的移出汇总的文件夹后重新汇总。")
        apply_policy(policy, row.report, [Problem(
            Severity.WARNING, "summary-duplicate", message, row.report.file, who.sheet, who.cell)])


def _tell_apart(rows: list[SummaryRow]) -> None:
    """Workbooks of the same name in two folders given (``xlgen summary 收件/甲 收件/乙``,
    both ``预算绩效.xlsx``) are shown by their paths, as validate shows them, not both as
    ``预算绩效.xlsx``."""
    seen = Counter(r.label for r in rows)
    for row in rows:
        if seen[row.label] > 1:
            row.label = row.source.as_posix()


def foreign_summary(target: Path) -> bool:
    """True when ``target`` exists and is not a 汇总 xlgen wrote (a clerk's own file, or
    another document): ``xlgen summary`` overwrites it only when told to (``--force``)."""
    return target.exists() and not written_by_xlgen(target, TITLE)


def input_at(target: Path) -> bool:
    """True when ``target`` is a department's input workbook (``--out`` named one of the
    workbooks to summarise): never written over, not even with ``--force``."""
    return target.is_file() and is_input_workbook(target)


def write_summary(rows: Sequence[SummaryRow], target: Path,
                  kept: list[Path] | None = None) -> bool:
    """Write the 汇总 workbook atomically; False when it was already identical. A 汇总 of
    xlgen's that the clerk changed since (notes added in Excel) is first copied aside
    (output/keep.py); the copy's path is appended to ``kept``."""
    data = summary_bytes(rows)
    aside = keep_changed([target]) if written_by_xlgen(target, TITLE) else []
    try:
        changed = write_atomic(target, data)
    except OutputError:
        undo(aside)
        raise
    if kept is not None:
        kept += [copy for _, copy in aside]
    return changed


def summary_bytes(rows: Sequence[SummaryRow]) -> bytes:
    """The 汇总 workbook's bytes (sheets 汇总 and 问题清单)."""
    import xlsxwriter

    out = io.BytesIO()
    wb = xlsxwriter.Workbook(out, {"in_memory": True, "strings_to_formulas": False,
                                   "strings_to_urls": False, "strings_to_numbers": False})
    wb.set_properties({"title": TITLE, "author": "xlgen", "created": FIXED_TIME})
    styles = _Styles(wb)
    _summary_sheet(wb, styles, rows)
    _problem_sheet(wb, styles, rows)
    wb.close()
    return out.getvalue()


class _Styles:
    def __init__(self, wb: Any):
        base = {"font_name": "宋体", "font_size": FONT_SIZE, "border": 1, "valign": "vcenter"}
        self.title = wb.add_format({"font_name": "宋体", "font_size": 16, "bold": True,
                                    "align": "center", "valign": "vcenter"})
        self.header = wb.add_format({**base, "bold": True, "align": "center", "text_wrap": True,
                                     "bg_color": "#D9E1F2"})
        self.text = wb.add_format({**base, "text_wrap": True})
        # 错误 in 问题清单, 有错误/无法读取 in 汇总: what must go back to a department stands
        # out among the warnings, in print too (bold, dark red prints dark grey)
        self.flagged = wb.add_format({**base, "text_wrap": True, "bold": True,
                                      "font_color": "#C00000"})
        self.number = wb.add_format({**base, "align": "right"})
        # 序号, 年度, 自评等级: between a right-aligned figure and left-aligned text they would
        # touch one of them (“2024 2024/某局.xlsx”, “99.5优”)
        self.center = wb.add_format({**base, "align": "center"})
        # right-aligned like the figures, 有错误 and 重复 too: never run into the next column
        self.money = wb.add_format({**base, "align": "right", "num_format": "#,##0.00"})


def _page(ws: Any, header_row: int, columns: int, rows: int) -> None:
    ws.set_landscape()
    ws.set_paper(9)  # A4
    ws.fit_to_pages(1, 0)
    ws.repeat_rows(header_row)
    ws.set_margins(left=0.4, right=0.4, top=0.6, bottom=0.6)
    ws.set_footer("&C第 &P 页，共 &N 页")
    ws.freeze_panes(header_row + 1, 0)
    ws.autofilter(header_row, 0, max(header_row, header_row + rows), columns - 1)


def _money(value: Decimal | None) -> float | None:
    return None if value is None else float(round_money(value))


def _figure(name: str) -> Callable[[SummaryRow], float | str | None]:
    """A money column: the figure, 有错误 when a cell it comes from has an error, 重复 for
    a second workbook of a department."""
    return lambda r: (DUPLICATE if r.duplicate else UNKNOWN if name in r.unknown
                      else _money(getattr(r, name)))


def _count(name: str) -> Callable[[SummaryRow], int | str | None]:
    """A count column: the count, or 重复 for a second workbook of a department."""
    return lambda r: DUPLICATE if r.duplicate else getattr(r, name)


def _summary_sheet(wb: Any, s: _Styles, rows: Sequence[SummaryRow]) -> None:
    ws = wb.add_worksheet("汇总")
    found = Counter(p.code for r in rows for p in r.report.warnings if p.code in QUALITY)
    quality = [code for code in QUALITY if found[code]]
    columns: list[tuple[str, float, Callable[[SummaryRow], Any], Any]] = [
        ("部门", 20, lambda r: r.dept, s.text),
        ("年度", 6, lambda r: r.year, s.center),
        ("工作簿", 22, lambda r: r.label, s.text),
        ("结果", 9, lambda r: r.status, s.text),  # 无法读取 on one line, bold too
        ("可生成的文书", 22, lambda r: "\n".join(r.documents), s.text),
        ("财政拨款（万元）", 12, _figure("fiscal"), s.money),
        ("其他资金（万元）", 12, _figure("other_funds"), s.money),
        ("项目个数", 6, _count("projects"), s.number),
        ("项目资金合计（万元）", 12, _figure("project_total"), s.money),
        ("部门绩效指标个数", 7, _count("dept_indicators"), s.number),
        ("项目绩效指标个数", 7, _count("project_indicators"), s.number),
        *((QUALITY[code], 8, _quality_count(code), s.number) for code in quality),
        ("自评得分", 6, lambda r: DUPLICATE if r.duplicate else _money(r.score), s.number),
        ("自评等级", 6, lambda r: "" if r.duplicate else r.grade, s.center),
        ("错误", 5, lambda r: len(r.report.errors), s.number),
        ("警告", 5, lambda r: len(r.report.warnings), s.number),
    ]
    ws.merge_range(0, 0, 0, len(columns), _title(rows), s.title)
    ws.set_row(0, 30)
    widths = [5.0] + [
        _fitting(width, [value(r) for r in rows], MAX_FITTED) if name in ONE_LINE
        else _fitting(width, [value(r) for r in rows]) if style is s.money else width
        for name, width, value, style in columns]
    for c, width in enumerate(widths):
        ws.set_column(c, c, width)
    _write_row(ws, 1, ["序号", *(name for name, _, _, _ in columns)], widths, s.header)
    for i, row in enumerate(rows, 2):
        values = [i - 1, *(value(row) for _, _, value, _ in columns)]
        styles = [s.center, *(s.flagged if name == "结果" and not row.report.valid else style
                              for name, _, _, style in columns)]
        _write_row(ws, i, values, widths, styles)
    _page(ws, 1, len(columns) + 1, len(rows))


def _fitting(width: float, values: Iterable[Any], most: float = float("inf")) -> float:
    """``width`` widened (up to ``most``) until each line of ``values`` fits on one printed
    line: a figure too wide for its column prints as ###, and a document name (one per
    line) wrapped in two doubles its row's height."""
    from ..render import text_lines  # the xlsx engine: not loaded when a command starts

    lines = [f"{v:,.2f}" if isinstance(v, float) else v for v in values]
    for line in (part for v in lines if isinstance(v, str) for part in v.split("\n")):
        while text_lines(line, width, FONT_SIZE) > 1 and width < most:
            width += 1
    return width


def _title(rows: Sequence[SummaryRow]) -> str:
    """``2023、2024年度预算绩效文书汇总``: the years of the workbooks listed."""
    years = sorted({r.year for r in rows if r.year})
    return f"{'、'.join(map(str, years))}年度预算绩效文书汇总" if years else TITLE


def _problem_sheet(wb: Any, s: _Styles, rows: Sequence[SummaryRow]) -> None:
    ws = wb.add_worksheet("问题清单")
    # its pages are handed round without the 汇总: each says what it lists
    ws.set_header(f"&C{_title(rows)}：问题清单")  # no &12: the year would run into the size
    headers = [("部门", 24), ("工作簿", 28), ("级别", 6), ("代码", 20), ("工作表", 12),
               ("单元格", 8), ("说明", 80)]
    widths = [float(width) for _, width in headers]
    for c, width in enumerate(widths):
        ws.set_column(c, c, width)
    _write_row(ws, 0, [name for name, _ in headers], widths, s.header)
    n = 0
    for row in rows:
        for p in _reading_order(row.report):
            n += 1
            values = [row.dept, row.label, p.severity.label, p.code, p.sheet, p.cell, p.message]
            level = s.flagged if p.severity is Severity.ERROR else s.text
            _write_row(ws, n, values, widths, [s.text, s.text, level, *[s.text] * 4])
    _page(ws, 0, len(headers), n)


def _reading_order(report: Report) -> list[Problem]:
    return report.in_reading_order([sheet.name for sheet in load_contract().sheets])


def _write_row(ws: Any, row: int, values: Sequence[Any], widths: Sequence[float],
               styles: Any) -> None:
    """Write one row and give it the height its wrapped text needs (neither Excel nor
    LibreOffice grows a row on opening a file)."""
    from ..render import text_height

    height = 15.0
    for col, value in enumerate(values):
        style = styles[col] if isinstance(styles, list) else styles
        if value is None or value == "":
            ws.write_blank(row, col, None, style)
        elif isinstance(value, str):
            ws.write_string(row, col, value, style)
            height = max(height, text_height(value, widths[col], FONT_SIZE))
        else:
            ws.write_number(row, col, value, style)
    ws.set_row(row, height)


def _quality_count(code: str) -> Callable[[SummaryRow], int | str | None]:
    """An indicator-quality column: the warnings of ``code``; 重复 for a second workbook of a
    department (its indicators are the first one's again: counted once in the column); blank
    for a workbook that could not be read (its indicators are unknown, not faultless)."""
    return lambda r: (DUPLICATE if r.duplicate else None if not r.readable
                      else sum(p.code == code for p in r.report.warnings))
