"""Write a new input workbook: blank (``xlgen init``), carried over from last year's
(``init --from``) or imported from a published table (``xlgen import``), atomically.

The workbook layer reads and lays out (workbook/carry.py, workbook/published.py,
workbook/blank.py); this module runs them, turns what cannot be read into problems of the
source file, and writes the result with :func:`write_atomic` (never half a file, never a
previous good file lost). Nothing is written when the source cannot be read at all, and
for ``init --from`` when it is a document xlgen wrote, has none of the input sheets, or has
errors validate would give for what is carried (a hidden sheet beside a visible copy, a
carried cell whose value is not in the file): never a blank where last year had a figure.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from .. import workbook
from ..errors import NotAWorkbookError, internal_error_message, os_reason
from ..filenames import folder_year
from ..problems import Report
from ..workbook import (
    Contract,
    carry_forward,
    is_input_workbook,
    published_tables,
    read_published,
    read_raw,
    written_by_xlgen,
    xlgen_title,
)
from .atomic import write_atomic

MAX_NOTED = 40  # problems listed in the new workbook's 说明 (all are printed by the command)


@dataclass
class NewBook:
    """What an init or import did: its problems, whether it wrote, what it read."""

    report: Report
    path: Path
    written: bool = False
    year: int | None = None
    dept: str = ""
    read: list[str] = field(default_factory=list)  # a line per table read (import)
    wrong_file: bool = False  # the source is a document xlgen wrote: a wrong command line
    not_carried: list[str] = field(default_factory=list)  # last year's sheets left out (init)
    blank: list[str] = field(default_factory=list)  # contract sheets last year's lacked (init)
    added: list[str] = field(default_factory=list)  # columns last year's tables lacked (init)


def write_blank(target: Path, *, year: int | None = None, dept: str | None = None,
                contract: Contract | None = None) -> NewBook:
    """``xlgen init``: the blank workbook (raises OutputError when it cannot be written)."""
    write_atomic(target, _bytes(year=year, dept=dept, contract=contract))
    return NewBook(Report(str(target)), target, True, year, dept or "")


def start_from(source: Path, target: Path, *, year: int | None = None,
               dept: str | None = None, contract: Contract | None = None) -> NewBook:
    """``xlgen init --from``: last year's workbook ``source`` carried into ``target``, for
    ``year`` (default: the target folder's name, else last year + 1)."""
    result = NewBook(Report(str(source)), target)
    if written_by_xlgen(source):
        result.wrong_file = True
        if _importable(source):
            instead = (f"如果只有公开的项目支出绩效目标表或部门整体预算绩效目标申报表，请用 "
                       f"xlgen import {source} {target} 把它读回成输入工作簿。")
        else:  # a 自评表 or 自评报告: xlgen import cannot read it back either
            instead = ("自评表和自评报告读不回输入工作簿；没有上一年度的输入工作簿时，请用 "
                       f"xlgen import 读回上一年度公开的项目支出绩效目标表或部门整体预算绩效"
                       f"目标申报表（.xlsx），如 xlgen import 2023年某局项目支出绩效目标表.xlsx "
                       f"{target}。")
        result.report.error(
            "init-from-document",
            f"{source.name} 是 xlgen 生成的文书，不是输入工作簿，不能用作 --from。"
            "请给出上一年度部门填写的输入工作簿（生成文书时用的那个 .xlsx）；" + instead)
        return result
    raw = _read(source, result.report)
    if raw is None:
        return result
    try:
        carried = carry_forward(raw, contract, result.report)
    except MemoryError:
        raise
    except Exception as exc:  # a bug of ours: reported, no traceback
        result.report.error("internal-error", internal_error_message(exc))
        return result
    result.not_carried, result.blank, result.added = (
        carried.left_out, carried.missing, carried.added)
    if not carried.found and (tables := published_tables(raw)):
        result.report.problems[:] = [p for p in result.report.problems if p.code != "sheet-name"]
        result.report.error(
            "init-from-not-input",
            f"{source.name} 是公开的{'和'.join(tables)}，不是输入工作簿，不能用作 --from。请用 "
            f"xlgen import {source} {target} 把它读回成输入工作簿。")
        return result
    if not carried.found:
        result.report.error(
            "init-from-not-input",
            f"{source.name} 中没有输入工作簿的任何一张工作表（部门信息、预算、项目……），"
            "没有可照抄的内容。请给出上一年度部门填写的输入工作簿；如果它是公开的项目支出"
            f"绩效目标表或部门整体预算绩效目标申报表，请用 xlgen import {source} {target} "
            "把它读回成输入工作簿。")
        return result
    if result.report.errors:  # last year's cells that cannot be carried: nothing is written
        return result
    from_folder = folder_year(target)
    result.year = year or from_folder or (carried.last_year + 1 if carried.last_year else None)
    if result.year and carried.last_year and result.year <= carried.last_year:
        how = (f"（--year {year}）" if year else
               f"（取自新文件所在的文件夹 {target.parent.name}）")
        result.report.warn(
            "init-year-not-after",
            f"新工作簿的年度是 {result.year}{how}，上一年度的工作簿却已是 {carried.last_year} "
            f"年度：年度没有向后推，生成的将是 {result.year} 年的文书。如果要的是新的一年，"
            f"请把新文件放到新年度的文件夹（如 {carried.last_year + 1}/），或加 "
            f"--year {carried.last_year + 1}，加 --force 重新生成。", *carried.year_at)
    if result.year and carried.last_year and result.year > carried.last_year + 1:
        result.report.warn(
            "init-year-gap",
            f"新工作簿是 {result.year} 年度，照抄的却是 {carried.last_year} 年度的工作簿，"
            f"中间隔了 {_years_between(carried.last_year, result.year)}：是否选错了上一年度的"
            f"工作簿？如果有 {result.year - 1} 年度的工作簿，请改用它，加 --force 重新生成；"
            f"确实要从 {carried.last_year} 年度开始的，请逐项核对照抄的项目、金额和指标。",
            *carried.year_at)
    if result.year is None:
        result.report.error("init-no-year", "不知道新工作簿的年度：上一年度工作簿的年度读不出，"
                            "新文件所在文件夹也不是年度。请加 --year 指定，如 --year 2024。")
        return result
    result.dept = dept or carried.dept or target.stem
    if not dept and carried.dept and not _same_department(target.stem, source.stem, carried.dept):
        result.report.warn(
            "init-other-department",
            f"新文件名“{target.name}”与上一年度工作簿的部门名称“{carried.dept}”对不上："
            f"新工作簿照抄的是“{carried.dept}”的内容和部门名称。如果选错了上一年度的工作簿，"
            "请改用本部门的，加 --force 重新生成；如果是部门改了名称，请加 --dept 新名称 "
            "--force 重新生成。", *carried.dept_at)
    if dept:
        carried.data.setdefault("部门信息", {})["部门名称"] = dept
    note = carried.note(source.name, result.year)
    write_atomic(target, _bytes(year=result.year, dept=result.dept, data=carried.data,
                                notes=note, contract=contract))
    result.written = True
    _errors_written(result, target, contract, "init-carried-errors",
                    "上一年度的工作簿中有填错的内容，已原样照抄到新工作簿")
    return result


def _errors_written(result: NewBook, target: Path, contract: Contract | None, code: str,
                    why: str, said: tuple[str, ...] = ()) -> bool:
    """Warn ``code`` when the new workbook has errors at its cells (those of the codes
    ``said`` aside: already told of): what was copied is copied as it stood, never guessed
    (last year's 财政拨款 typed ``约300``, a published budget that does not balance), and the
    clerk must fix it there. True when it warned."""
    from ..rules import check_workbook

    _, report = check_workbook(target, contract=contract)
    wrong = [p for p in report.errors if p.cell and p.code not in said]
    if not wrong:
        return False
    first = wrong[0]
    more = f"共 {len(wrong)} 处，" if len(wrong) > 1 else ""
    result.report.warn(
        code, f"{why}（{more}如 {first.where}：{first.message}）。请运行 xlgen validate "
              f"{target} 逐条查看，在新工作簿中改正。")
    return True


def import_table(source: Path, target: Path, *, year: int | None = None,
                 contract: Contract | None = None) -> NewBook:
    """``xlgen import``: a published table ``source`` read back into an input workbook."""
    result = NewBook(Report(str(source)), target)
    if is_input_workbook(source):  # already one: nothing to read back
        result.report.error(
            "import-unknown-table",
            f"{source.name} 是输入工作簿（有“部门信息”等工作表），不是公开的表格，不用读回。"
            f"要从它开始新的一年，请用 xlgen init --from {source} {target}；要检查它或生成"
            f"文书，请用 xlgen validate {source} 或 xlgen build。")
        return result
    raw = _read(source, result.report)
    if raw is None:
        return result
    try:
        imported = read_published(raw, result.report, year=year,
                                  folder_year=folder_year(target))
    except MemoryError:
        raise
    except Exception as exc:  # a bug of ours: reported, no traceback
        result.report.error("internal-error", internal_error_message(exc))
        return result
    result.read = imported.read
    if not imported.read:
        return result
    department = imported.data.get("部门信息", {})
    result.year, result.dept = department.get("年度"), department.get("部门名称", "")
    _year_beside_folder(result, source, target, year)
    write_atomic(target, _bytes(data=imported.data, contract=contract,
                                notes=_import_note(source, result)))
    result.written = True
    if _errors_written(result, target, contract, "import-new-errors",
                       "公开表格中有对不上或读不出的数，已按公开表格照抄到新工作簿",
                       said=TOLD_ON_IMPORT):  # the 说明 lists it too
        write_atomic(target, _bytes(data=imported.data, contract=contract,
                                    notes=_import_note(source, result)))
    return result


# validate's codes for what the import itself warns of at the published cell
TOLD_ON_IMPORT = ("bad-amount", "bad-integer", "stated-total")
# The documents xlgen import reads back (their titles end so): not the 自评表 nor the 自评报告
IMPORTABLE = ("项目支出绩效目标表", "部门整体预算绩效目标申报表")


def _importable(source: Path) -> bool:
    """Whether ``source``, a document xlgen wrote, is one ``xlgen import`` reads back."""
    return source.suffix.lower() == ".xlsx" and xlgen_title(source).endswith(IMPORTABLE)


def _year_beside_folder(result: NewBook, source: Path, target: Path, given: int | None) -> None:
    """Warn when the imported year is not the year of the new workbook's folder: a published
    2024 table imported into ``2025/`` gives a 2024 workbook there, not the 2025 one."""
    folder = folder_year(target)
    if not (result.year and folder and result.year != folder):
        return
    how = f"--year {given}" if given else f"取自“{source.name}”的文件名或其文件夹名"
    new = target.parent.parent / str(result.year) / target.name
    result.report.warn(
        "import-year-folder",
        f"读回的公开表格是 {result.year} 年度的（{how}），新工作簿却在“{target.parent.name}”"
        f"文件夹中：生成的工作簿是 {result.year} 年度的，照它生成的是 {result.year} 年的文书。"
        f"要开始 {folder} 年度，请把公开表格导入到 {result.year} 年度的文件夹（如 xlgen import "
        f"{source} {new}），再运行 xlgen init --from {new} {target} --force；如果公开表格"
        f"就是 {folder} 年度的，请加 --year {folder} --force 重新导入。")


def _years_between(last: int, new: int) -> str:
    missed = range(last + 1, new)
    return (f"{missed[0]} 年" if len(missed) == 1 else
            f"{missed[0]}–{missed[-1]} 年（{len(missed)} 年）")


_NOT_NAME = re.compile(r"\d+\s*年度?|\d+|[\s\-_—.·()（）\[\]【】]|副本|预算绩效|输入工作簿")


_HAN = re.compile(r"[\u4e00-\u9fff]")


def _same_department(target: str, source: str, dept: str) -> bool:
    """Whether the new file's name may be the department's: it is last year's file name or
    the department's name, or an abbreviation of either (its characters in order:
    白云区政数局 of 广州市白云区政务服务数据管理局), years and copy marks set aside
    (某局2024 beside 某局2023)."""
    new = _NOT_NAME.sub("", target)
    if not _HAN.search(new):  # new.xlsx, 2024.xlsx: a name that names no department
        return True
    return any(_abbreviates(new, name) or _abbreviates(name, new)
               for other in (source, dept) if (name := _NOT_NAME.sub("", other)))


def _abbreviates(short: str, name: str) -> bool:
    rest = iter(name)
    return all(char in rest for char in short)


def _bytes(**options: object) -> bytes:
    # The writer imports xlsxwriter: loaded when a workbook is written, not with this module.
    return workbook.input_workbook_bytes(**options)


def _read(source: Path, report: Report):  # -> RawBook | None
    try:
        return read_raw(source)
    except NotAWorkbookError as exc:
        report.error("not-a-workbook", str(exc))
    except OSError as exc:
        report.error("not-a-workbook", f"无法读取 {source}：{os_reason(exc)}。")
    return None


def _import_note(source: Path, result: NewBook) -> str:
    lines = [f"本工作簿由 xlgen import 从公开的表格“{source.name}”生成。",
             "读取：" + "；".join(result.read) + "。",
             "合计行和各资金使用单位的小计行没有导入：生成文书时由各项目的金额重新计算；"
             "公开表格印的合计与项目之和不符时，下面列出。",
             "公开表格中没有的内容（如预算调整、实际支出、实际完成值）留空，请按需要补填。"]
    problems = result.report.problems
    if problems:
        lines.append(f"导入时发现 {len(problems)} 处需要处理或核对（单元格指公开表格中的位置）：")
        for p in problems[:MAX_NOTED]:
            lines.append(f"{p.severity.label}  {p.where}  {p.message}")
        if len(problems) > MAX_NOTED:
            lines.append(f"……另有 {len(problems) - MAX_NOTED} 处，见 xlgen import 的输出。")
    else:
        lines.append("导入时没有发现问题。请运行 xlgen validate 检查生成的工作簿。")
    return "\n".join(lines)
