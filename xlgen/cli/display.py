"""Text the CLI prints: problem lines (repeats folded), documents not built, the summary
table (CJK-width aware), and the progress bar naming the current workbook."""

from __future__ import annotations

import re
import sys
import unicodedata
from collections import Counter
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

import click

from ..catalogue import scope_of
from ..problems import Fold, Problem, Report, Severity, fold

if TYPE_CHECKING:
    from ..api import Run, SummaryRow, WorkbookResult

LABEL_WIDTH = 30  # display width of the workbook name beside the progress bar


def width(text: str) -> int:
    """Display width: CJK and full-width characters count 2."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def pad(text: str, size: int) -> str:
    return text + " " * max(0, size - width(text))


def clip(text: str, size: int) -> str:
    """``text`` cut to ``size`` display columns (with … when cut)."""
    if width(text) <= size:
        return text
    out = ""
    for ch in text:
        if width(out + ch) > size - 1:
            break
        out += ch
    return out + "…"


def _label(severity: Severity, color: bool) -> str:
    label = severity.label
    if color:
        label = click.style(label, fg="red" if severity is Severity.ERROR else "yellow",
                            bold=severity is Severity.ERROR)
    return label


_QUOTED = re.compile("“[^“”]*”")


def one_line(message: str) -> str:
    """``message`` on one terminal line: a name quoted in it with a line break (Alt+Enter)
    shows as :func:`xlgen.shown.quoted` shows one, ``项目“甲”“项目”``, where the break is."""
    if "\n" not in message:
        return message
    return _QUOTED.sub(lambda m: m.group(0).replace("\n", "”“"), message)


def problem_line(p: Problem, color: bool = True) -> str:
    """``  错误  项目!C7  [bad-amount]  “财政拨款”应填写…``"""
    where = p.where or ("（输出文件）" if scope_of(p.code) == "document" else "（整个文件）")
    return f"  {_label(p.severity, color)}  {pad(where, 14)} [{p.code}]  {one_line(p.message)}"


def fold_line(f: Fold, color: bool = True) -> str:
    """A problem line; a fold shows its range and how many it stands for."""
    if f.count == 1:
        return problem_line(f.first, color)
    more = (f"（共 {f.count} 处）" if f.same_message else
            f"（同类问题共 {f.count} 处，这里只列出第一处；xlgen validate --all 逐条列出）")
    return f"  {_label(f.first.severity, color)}  {pad(f.where, 14)} [{f.first.code}]  " \
           f"{one_line(f.first.message)}{more}"


def in_reading_order(report: Report) -> list[Problem]:
    """The report's problems as a clerk fixes them: errors first, then sheet by sheet."""
    from ..workbook import load_contract

    return report.in_reading_order([sheet.name for sheet in load_contract().sheets])


def report_lines(report: Report, color: bool, *, errors_only: bool = False,
                 all_lines: bool = False) -> Iterator[str]:
    """The heading and problem lines of one workbook (nothing when it has none to show).

    ``errors_only`` (-q) leaves out the warnings about the input, never those about the
    documents (a PDF or bundle not made, a stale one left): the clerk sends those files.
    """
    shown = [p for p in in_reading_order(report)
             if not errors_only or p.severity is Severity.ERROR
             or scope_of(p.code) == "document"]
    ignored = f"（另有 {report.ignored} 个警告已按设置忽略）" if report.ignored else ""
    if not shown:
        return
    yield f"{report.file}：{len(report.errors)} 个错误，{len(report.warnings)} 个警告{ignored}"
    folds = [Fold(p, 1, p.where) for p in shown] if all_lines else fold(shown)
    for f in folds:
        yield fold_line(f, color)


def skipped_lines(result: WorkbookResult) -> Iterator[str]:
    for s in result.skipped:
        yield f"  未生成 {s.document}：{s.why}"


def template_lines(run: Run, color: bool) -> Iterator[str]:
    """The templates' problems, once for the run, before any workbook's."""
    if not run.templates:
        return
    errors = len(run.template_errors)
    yield (f"模板问题（请模板维护人员处理，不是填表的问题）：{errors} 个错误，"
           f"{len(run.templates) - errors} 个警告")
    for p in run.templates:
        yield "  " + template_problem_line(p, color)


def template_problem_line(p: Problem, color: bool = True) -> str:
    """``区级/项目支出绩效目标表.xlsx：错误  项目支出绩效目标表!A3 [template-syntax]  …``: the
    template named by its path in the templates folder (two sets hold files of one name)."""
    from ..render import template_label

    line = problem_line(p, color).strip()
    return f"{template_label(p.file)}：{line}" if p.file else line


def template_problem_dict(p: Problem) -> dict[str, str]:
    """A template problem's ``--json`` record: ``template`` names it as the lines do."""
    from ..render import template_label

    return {**p.as_dict(), "template": template_label(p.file) if p.file else ""}


def summary_lines(rows: list[SummaryRow], out_file: Path, changed: bool) -> Iterator[str]:
    """The 汇总's closing lines: the counts, then the workbooks with errors and those whose
    department and year another one already filed (in the 汇总's order) and what the bureau
    does next, so that who must fix what is on the screen without opening the file."""
    yield from _years_lines(rows)
    failed = sum(not r.report.valid for r in rows)
    yield (f"{'已生成' if changed else '未变化'} {out_file}：{len(rows)} 个工作簿，"
           f"{len(rows) - failed} 个可生成文书，{failed} 个有错误。")
    listed = [(r, _why(r)) for r in rows if not r.report.valid or r.duplicate]
    if not listed:
        return
    copies = sum(why == "重复" for _, why in listed)
    todo = ([] if copies == len(listed) else ["有错误的请退回报送部门改正后重新报送"]) + (
        ["重复的请确认用哪一个、移走另一个"] if copies else [])
    yield (f"要处理的工作簿如下：{'；'.join(todo)}（每个问题的工作表、单元格和改法见 "
           f"{out_file.name} 的“问题清单”表）：")
    for row, why in listed:
        yield f"  {row.label}：{why}"


def _years_lines(rows: list[SummaryRow]) -> Iterator[str]:
    """A note when the workbooks are of more than one year (last year's file sent again, or
    put in the wrong folder): a column's sum would add two years. Names the workbooks of
    every year but the one most of them are of."""
    years = Counter(r.year for r in rows if r.year)
    if len(years) < 2:
        return
    main_year = max(years, key=lambda year: (years[year], year))  # a tie: the later
    counts = "，".join(f"{year} 年度 {years[year]} 个" for year in sorted(years))
    yield (f"注意：汇总中的工作簿不是同一个年度的（{counts}），按列求和会把几个年度加在一起。"
           f"不是 {main_year} 年度的如下，如果不该汇总，请移出文件夹后重新运行：")
    for row in rows:
        if row.year and row.year != main_year:
            yield f"  {row.label}：{row.year} 年度"


def _why(row: SummaryRow) -> str:
    """Why a workbook is listed at the end of a 汇总: a copy of a department's first is 重复
    (whichever error that earns it), as its figures read."""
    if not row.readable:
        return "无法读取"
    return "重复" if row.duplicate else f"{len(row.report.errors)} 个错误"


def table(headers: list[str], rows: Iterable[list[str]]) -> str:
    """A plain aligned table."""
    rows = [list(map(str, r)) for r in rows]
    sizes = [max([width(h)] + [width(r[i]) for r in rows]) for i, h in enumerate(headers)]
    line = "  ".join("-" * s for s in sizes)
    out = ["  ".join(pad(h, s) for h, s in zip(headers, sizes, strict=True)), line]
    out += ["  ".join(pad(c, s) for c, s in zip(r, sizes, strict=True)) for r in rows]
    return "\n".join(out)


class Progress:
    """Callbacks for a run: a bar on stderr naming the workbook being read, or nothing."""

    def __init__(self, bar=None):
        self.bar = bar

    def start(self, path: Path) -> None:
        if self.bar is not None:  # name it now: the bar redraws itself only on a step
            self.bar.current_item = clip(path.name, LABEL_WIDTH)
            self.bar.render_progress()

    def start_document(self, path: Path) -> None:
        """Name a document by its end (``…管理局项目支出绩效目标表``): its start, the year
        and department, is the same for all of a workbook's documents."""
        if self.bar is not None:
            self.bar.current_item = clip(path.stem[::-1], LABEL_WIDTH)[::-1]
            self.bar.render_progress()

    def done(self, _result: object = None) -> None:
        if self.bar is not None:
            self.bar.update(1)


@contextmanager
def progress(total: int, label: str) -> Iterator[Progress]:
    """A progress bar for runs of several workbooks, on an interactive stderr only: never
    in a log file, a pipe or a script's ``--json``."""
    if total < 2 or not sys.stderr.isatty():
        yield Progress()
        return
    with click.progressbar(length=total, label=label, file=sys.stderr, show_pos=True,
                           item_show_func=lambda item: item) as bar:
        yield Progress(bar)
