"""命令行入口：xlgen init / import / validate / build / summary / codes / templates。A thin
layer over the library.

Exit codes (README, “退出码”): 0 done; 1 a workbook has errors (with --strict: warnings too);
2 the command line itself is wrong (no such file, a bad option or code, a bad xlgen.toml);
3 a template is broken (the maintainers' problem, not the clerk's).
"""

from __future__ import annotations

import contextlib
import os
import re
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, NoReturn

import click

from .. import __version__
from ..errors import ConfigError, XlgenError, os_reason
from ..filenames import long_name
from ..limits import DEFAULT_LIMITS, PDF_SECONDS, Limits
from ..problems import Severity
from . import click_zh
from .console import json_text, setup_streams
from .display import (
    Progress,
    in_reading_order,
    pad,
    progress,
    report_lines,
    skipped_lines,
    summary_lines,
    table,
    template_lines,
    template_problem_dict,
    template_problem_line,
    width,
)

if TYPE_CHECKING:  # the library is imported by each command when it runs: --help stays fast
    from ..api import DeliveryOptions, NewBook, Policy, Run, WorkbookResult
    from ..workbook import Contract

CONTEXT_SETTINGS = {"help_option_names": ["-h", "--help"], "max_content_width": 100}
USAGE_ERROR = 2
WHOLE = click.types.IntParamType()
WHOLE.name = "整数"  # click says "“abc”不是有效的<name>。"
YEAR = click.types.IntParamType()
YEAR.name = "年度"
FIRST_YEAR, LAST_YEAR = 2000, 2100

click_zh.install()

PATHS = click.argument("paths", nargs=-1, required=True, metavar="文件或文件夹…",
                       type=click.Path(path_type=Path))
TEMPLATES = click.option("--templates", "templates_dir", metavar="文件夹或套名",
                         help="模板文件夹，或模板套名称（如 市级）。不填时依次找：环境变量 "
                              "XLGEN_TEMPLATES、输入文件旁的 templates 文件夹、"
                              "随 xlgen 安装的模板。")


def _at_least(low: int) -> Callable[[click.Context, click.Parameter, int | None], int | None]:
    """A whole number not below ``low`` (checked here, so the help shows no range hint)."""
    def check(_ctx: click.Context, param: click.Parameter, value: int | None) -> int | None:
        if value is not None and value < low:
            raise click.BadParameter(f"应为不小于 {low} 的整数，却是 {value}。", param=param)
        return value
    return check


def _year(_ctx: click.Context, param: click.Parameter, value: int | None) -> int | None:
    """A budget year from 2000 to 2100 (click's own range reads ``2000<=x<=2100``)."""
    if value is not None and not FIRST_YEAR <= value <= LAST_YEAR:
        raise click.BadParameter(f"应为 {FIRST_YEAR} 到 {LAST_YEAR} 之间的年份，如 2024，"
                                 f"却是 {value}。", param=param)
    return value


def _isolation(command: Callable) -> Callable:
    """--jobs and the per-workbook limits: every workbook is checked in a worker process, so
    one that crashes, hangs or exhausts memory is reported alone and the others go on."""
    command = click.option("--memory-limit", "memory_mb", type=WHOLE, callback=_at_least(200),
                           default=DEFAULT_LIMITS.memory_mb, show_default=True, metavar="兆字节",
                           help="每个工作簿可用的内存上限（MB）。")(command)
    command = click.option("--time-limit", "seconds", type=WHOLE, callback=_at_least(1),
                           default=int(DEFAULT_LIMITS.seconds or 600), show_default=True,
                           metavar="秒", help="每个工作簿的处理时间上限。")(command)
    return click.option("-j", "--jobs", type=WHOLE, callback=_at_least(1), metavar="个数",
                        default=None, help="同时处理的工作簿数（默认：CPU 核数）。")(command)


def _limits(jobs: int | None, seconds: int, memory_mb: int) -> tuple[int, Limits]:
    return jobs or os.cpu_count() or 1, Limits(float(seconds), memory_mb)


IGNORE = click.option("--ignore", "ignore", multiple=True, metavar="代码",
                      help="关闭这个代码的警告（可写多次；代码见 xlgen codes）。")


class CommandError(click.ClickException):
    """The clerk's command cannot be done as written (a file there already, a template set
    that does not exist): exit code 2, the command error of the README's table."""

    exit_code = USAGE_ERROR


def _fail(exc: XlgenError) -> click.ClickException:
    """The command's error: exit code 2 for a wrong command line (ConfigError), else 1."""
    if isinstance(exc, ConfigError):
        return CommandError(str(exc))
    return click.ClickException(str(exc))


def _policy(ignore: tuple[str, ...]) -> Policy:
    from ..api import Policy

    codes = [c for item in ignore for c in re.split(r"[,，\s]+", item) if c]
    try:
        return Policy.build(codes, source="--ignore")
    except ConfigError as exc:
        raise click.UsageError(str(exc)) from exc


def _workbooks(paths: tuple[Path, ...], exclude: tuple[Path, ...] = ()
               ) -> tuple[list[tuple[Path, Path]], list[Path]]:
    """The input workbooks, and the files xlgen wrote found in folders (never inputs; those
    named as files are said here, each for what it is); exit 2 if none."""
    from ..api import discover_workbooks, lock_file, open_note

    found = discover_workbooks(paths, exclude)
    if found.missing:
        _usage_exit(*found.missing)
    for book, _ in found.found:  # open in Excel/WPS: an edit not saved is not read
        if (lock := lock_file(book)) is not None:
            click.echo(click.style("注意：" + open_note(book, lock), fg="yellow"), err=True)
    if not found.found and found.outputs and found.named_outputs == found.outputs:
        _usage_exit(*found.output_notes())  # each was named as an input: say what it is
    for note in found.output_notes():  # a file named as an input, that xlgen wrote
        click.echo(click.style(note, fg="red") if found.found else note, err=True)
    if not found.found:
        _usage_exit(_none_found(paths, len(found.outputs)))
    return found.found, [p for p in found.outputs if p not in found.named_outputs]


def _usage_exit(*messages: str) -> NoReturn:
    """End with exit code 2, each message on stderr led by ``错误：`` as click's own
    command-line errors are (a clerk sees the same kind of line for every exit-2 error)."""
    for message in messages:
        click.echo(click.style(f"错误：{message}", fg="red"), err=True)
    sys.exit(USAGE_ERROR)


def _none_found(paths: tuple[Path, ...], outputs: int) -> str:
    """Why a command found no workbook in the folders it was given, and what to do."""
    folders = "、".join(f"“{p}”" for p in paths if p.is_dir())
    where = f"文件夹{folders}（含子文件夹）中" if folders else "所给的路径中"
    held = (f"只有 {outputs} 个 xlgen 生成的文书，没有输入工作簿（.xlsx）" if outputs
            else "没有输入工作簿（.xlsx）")
    return (f"没有找到输入工作簿：{where}{held}。请确认选的是放各部门输入工作簿的文件夹；"
            "还没有输入工作簿时，可用 xlgen init 某局.xlsx 生成一份空白的。")


def _outputs_note(outputs: list[Path]) -> None:
    if outputs:
        click.echo(f"（跳过 {len(outputs)} 个 xlgen 生成的文书，它们不是输入工作簿，"
                   f"如 {outputs[0]}）")


class _Xlgen(click_zh.Group):
    """The ``xlgen`` group: Ctrl+C in a command that does not say itself what it leaves
    (validate, templates …) still exits 130, never click's 1 (“a workbook has errors”)."""

    def invoke(self, ctx: click.Context) -> object:
        try:
            return super().invoke(ctx)
        except KeyboardInterrupt:
            _stopped("\n已中止。")


@click.group("xlgen", cls=_Xlgen, context_settings=CONTEXT_SETTINGS)
@click.version_option(__version__, "-V", "--version", message="xlgen %(version)s",
                      help="显示版本号并退出。")
@click.help_option("-h", "--help", help="显示帮助并退出。")
def main() -> None:
    """xlgen：预算绩效文书生成工具。

    \b
    一年的工作：
      xlgen init 2024/某部门.xlsx     生成空白输入工作簿，用 Excel/WPS 填写
      xlgen validate inputs/2024      检查填写的内容，按提示改正
      xlgen build inputs/2024         生成申报表、目标表、自评报告和自评表

    \b
    新的一年从去年开始：
      xlgen init --from inputs/2023/某部门.xlsx inputs/2024/某部门.xlsx
      xlgen import 公开的目标表.xlsx inputs/2023/某部门.xlsx

    \b
    退出码：0 完成；1 工作簿有错误；2 命令写错（如找不到文件）；3 模板有错误。
    """
    setup_streams()


@main.command()
@click.argument("path", metavar="文件", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--from", "source", metavar="上一年度工作簿",
              type=click_zh.ExistingFile(),
              help="从上一年度的输入工作簿开始：照抄计划内容，清空上一年度的执行情况。")
@click.option("--year", type=YEAR, metavar="年度", callback=_year,
              help="预算年度（不填时取文件所在文件夹名，如 inputs/2024/、2024年度/；"
                   "用 --from 时再取上一年度 + 1）。")
@click.option("--dept", metavar="名称",
              help="部门名称（不填时取文件名；用 --from 时取上一年度的）。")
@click.option("--force", is_flag=True, help="文件已存在时覆盖（其中填写的内容将丢失）。")
@TEMPLATES
def init(path: Path, source: Path | None, year: int | None, dept: str | None, force: bool,
         templates_dir: str | None) -> None:
    """生成一份输入工作簿（.xlsx），空白的或从上一年度的开始。

    \b
    工作簿包含全部工作表和填写说明（以及模板文件夹 fields.toml 中声明的新增字段）。
    加 --from 时照抄上一年度的计划内容，清空上一年度的执行情况（见“说明”表的附注）。

    \b
    示例：
      xlgen init inputs/2024/某区政务服务数据管理局.xlsx
      xlgen init 新表.xlsx --year 2024 --dept 某区财政局
      xlgen init --from inputs/2023/某局.xlsx inputs/2024/某局.xlsx

    \b
    退出码：0 完成；1 上一年度的工作簿有照抄不了的内容（不生成，屏幕上列出）；
            2 命令写错（如找不到文件、新文件已存在、给出的是 xlgen 生成的文书）；
            130 按 Ctrl+C 中止（新文件没有生成，已有的同名文件没有改动）。
    """
    path = _xlsx_path(path)
    _refuse_overwrite(path, force, source)
    with _stoppable_new_book(path):
        _init(path, source, year, dept, templates_dir)


def _init(path: Path, source: Path | None, year: int | None, dept: str | None,
          templates_dir: str | None) -> None:
    from ..api import find_templates, folder_year, start_from, write_blank

    try:
        contract = find_templates(templates_dir, [path.parent]).contract
        if source is None:
            year = year or folder_year(path)
            write_blank(path, year=year, dept=dept or path.stem, contract=contract)
            click.echo(f"已生成 {path}。请用 Excel 或 WPS 填写，然后运行：xlgen validate {path}")
            if year is None:  # the folder is no year: 年度 left blank, a missing-value later
                click.echo(f"注意：文件夹“{path.resolve().parent.name}”不是年度（如 2024），"
                           "“部门信息”中的年度空着，请填写；或加 --year 2024 --force 重新生成。")
            return
        _working(f"正在读取 {source}，生成 {path}……")
        made = start_from(source, path, year=year, dept=dept, contract=contract)
    except XlgenError as exc:
        raise _fail(exc) from exc
    if made.wrong_file:  # a document xlgen wrote, as build says of one given as an input
        _usage_exit(made.report.errors[0].message)
    after = []
    if made.written and made.not_carried:
        hinted = any(p.code == "sheet-name" for p in made.report.problems)
        after.append(f"未照抄 {source} 中的工作表：{'、'.join(made.not_carried)}（名称不是输入"
                     "工作簿的工作表名称，没有读取）。如果其中有要照抄的内容，请在上一年度的工作簿中"
                     f"把它改为相应的名称（{'见上面的提示' if hinted else '如“项目”'}），"
                     "再重新运行（加 --force 覆盖）。")
    if made.written and made.blank:
        after.append(f"{source} 中没有这些工作表，新工作簿中它们是空白的，请填写："
                     f"{'、'.join(made.blank)}。")
    if made.written and made.added:
        after.append(f"{source} 的表中没有现在的输入工作簿的这些列，新工作簿中加在了表的最后"
                     f"（空白，按需要填写，不用的可以删除）：{'；'.join(made.added)}。")
    if made.report.errors:
        after.append(f"上一年度的工作簿 {source} 有上面的错误，照抄不了。请在 {source} 中按"
                     "提示改正并保存（这不会改变上一年度已生成的文书），然后重新运行 "
                     "xlgen init --from。")
    _new_book_end(made, f"已生成 {path}（{made.year} 年度，{made.dept}）。“说明”表末尾列出了照抄和"
                        f"清空的内容。请核对、补充后运行：xlgen validate {path}", after=after)


@main.command("import")
@click.argument("source", metavar="公开的表格", type=click_zh.ExistingFile())
@click.argument("path", metavar="新工作簿", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--year", type=YEAR, metavar="年度", callback=_year,
              help="预算年度（公开的表格不写年度；不填时取文件名或文件夹名中的年份）。")
@click.option("--force", is_flag=True,
              help="新工作簿已存在时覆盖（其中填写的内容将丢失）。")
@click.option("--all", "all_lines", is_flag=True, help="逐条列出，不合并同类问题。")
@TEMPLATES
def import_(source: Path, path: Path, year: int | None, force: bool, all_lines: bool,
            templates_dir: str | None) -> None:
    """把公开的表格读回成输入工作簿。

    \b
    读取公开的项目支出绩效目标表（区级、市级印法）或部门整体预算绩效目标申报表：
    合并单元格拆开，合计和小计行核对后略去，写在一格里的绩效指标拆成一行一个指标。
    读不出的地方逐一列出（公开表格中的单元格），不猜测。

    \b
    示例：
      xlgen import 2023年某局项目支出绩效目标表.xlsx inputs/2023/某局.xlsx
      xlgen import 申报表.xlsx inputs/2023/某局.xlsx --year 2023

    \b
    退出码：0 完成；1 有读不出的内容（工作簿照样生成，读不出的地方留空或照抄，
            见“说明”表）或文件不是公开的表格（不生成）；2 命令写错；
            130 按 Ctrl+C 中止（新工作簿没有生成，已有的同名文件没有改动）。
    """
    path = _xlsx_path(path)
    _refuse_overwrite(path, force, source)
    with _stoppable_new_book(path):
        _import(source, path, year, all_lines, templates_dir)


def _import(source: Path, path: Path, year: int | None, all_lines: bool,
            templates_dir: str | None) -> None:
    from ..api import find_templates, import_table

    try:
        contract = find_templates(templates_dir, [path.parent]).contract
        _working(f"正在读取 {source}，生成 {path}……")
        made = import_table(source, path, year=year, contract=contract)
    except XlgenError as exc:
        raise _fail(exc) from exc
    for line in made.read:
        click.echo(f"读取：{line}")
    found = "“说明”表末尾也列出了上面的问题。" if made.report.problems else ""
    which = f"{made.year} 年度" if made.year else "年度未知"
    what = f"（{which}，{made.dept}）" if made.dept else f"（{which}）"
    _new_book_end(made, f"已生成 {path}{what}。{found}请核对、补充后运行：xlgen validate {path}",
                  all_lines=all_lines)


# Names of another kind of file: a new input workbook and the 汇总 are .xlsx workbooks only
NOT_A_WORKBOOK = (".csv", ".txt", ".xls", ".xlsm", ".et", ".ods", ".docx", ".doc", ".pdf",
                  ".wps", ".json")


def _xlsx_path(path: Path) -> Path:
    """The new workbook's name, ending in .xlsx (``新表`` → ``新表.xlsx``, ``2024.某局`` →
    ``2024.某局.xlsx``); the name of another kind of file (``某局.txt``, ``某局.xls``) is
    refused (exit 2) rather than written as ``某局.txt.xlsx``, and so is a name no file
    system takes."""
    suffix = path.suffix.lower()
    if suffix in NOT_A_WORKBOOK:
        raise CommandError(f"{path}：输入工作簿只能保存为 Excel 工作簿（.xlsx），"
                           f"请改为 {path.with_suffix('.xlsx')}。")
    named = path if suffix == ".xlsx" else path.with_name(path.name + ".xlsx")
    too_long = long_name(named, "新工作簿的路径")
    if too_long is not None:
        raise CommandError(too_long)
    return named


def _refuse_overwrite(path: Path, force: bool, source: Path | None) -> None:
    if source is not None and path.resolve() == source.resolve():
        raise click.UsageError(f"新工作簿 {path} 与读取的文件是同一个文件，请换一个文件名。")
    if path.exists() and not force:
        raise CommandError(f"{path} 已存在，未覆盖（其中可能已经填写了内容）。加 --force 会用"
                           "新生成的工作簿替换它，其中填写的内容全部丢失；要保留它，请换一个"
                           "新文件名，或先把它另存一份再加 --force。")


def _working(line: str) -> None:
    """Say at once what a command that takes seconds is doing (a workbook of thousands of
    projects takes 5–10), on an interactive stderr only: never in a log file or a pipe."""
    if sys.stderr.isatty():
        click.echo(f"{line}（按 Ctrl+C 可中止）", err=True)


STOPPED_CODE = 130  # 128 + SIGINT: what a shell reports for a command stopped by Ctrl+C


def _file_state(path: Path) -> tuple[int, int, int] | None:
    """What tells whether ``path`` was replaced since (None: there is no such file)."""
    try:
        stat = path.stat()
    except OSError:
        return None
    return stat.st_ino, stat.st_mtime_ns, stat.st_size


def _stopped(message: str) -> NoReturn:
    """Ctrl+C: say in Chinese what was and was not written and what a rerun does; exit 130
    (not 1: a batch script must not read a stopped run as a workbook with errors)."""
    click.echo(message, err=True)
    sys.exit(STOPPED_CODE)


@contextlib.contextmanager
def _stoppable(path: Path, *, written: str, kept: str, missing: str,
               again: str = "再次运行同一命令即可。") -> Iterator[None]:
    """A command that writes ``path`` (atomically), stopped by Ctrl+C: it is either whole
    (``written``: what was not finished after it) or as it was before, ``kept`` when there
    was one, else ``missing``; exit 130 with that said."""
    before = _file_state(path)
    try:
        yield
    except KeyboardInterrupt:
        if _file_state(path) != before:
            _stopped(f"\n已中止。{written}")
        _stopped(f"\n已中止，{kept if before is not None else missing}，也没有留下写了一半的"
                 f"文件。{again}")


def _stoppable_new_book(path: Path) -> contextlib.AbstractContextManager[None]:
    """``init``/``import`` stopped by Ctrl+C: the new workbook is not there (the one it was
    to replace untouched) or whole but not checked."""
    return _stoppable(path, written=f"{path} 已经生成（是完整的），但对它的核对没有做完："
                                    f"请运行 xlgen validate {path} 检查。",
                      kept=f"{path} 仍是原来的文件，没有改动", missing=f"没有生成 {path}")


def _new_book_end(made: NewBook, done: str, *, all_lines: bool = False,
                  after: list[str] | None = None) -> None:
    """Print a new workbook's problems (then the lines ``after`` them) and result; exit 1
    when it has errors."""
    for line in report_lines(made.report, sys.stdout.isatty(), all_lines=all_lines):
        click.echo(line)
    for line in after or []:
        click.echo(line)
    if made.written:
        click.echo(done)
    else:
        click.echo(f"未生成 {made.path}。")
    sys.exit(1 if made.report.errors or not made.written else 0)


def _print_results(run: Run, color: bool, *, errors_only: bool, all_lines: bool) -> None:
    for line in template_lines(run, color):
        click.echo(line)
    for r in run.results:
        for line in report_lines(r.report, color, errors_only=errors_only, all_lines=all_lines):
            click.echo(line)
        if not r.report.problems and not errors_only:
            ignored = f"（{r.report.ignored} 个警告已按设置忽略）" if r.report.ignored else ""
            click.echo(f"{r.report.file}：没有发现问题{ignored}。")
        for path in r.written:
            click.echo(f"  已生成 {path}{_set_note(r, path)}")
        for path in r.unchanged:
            click.echo(f"  未变化 {path}{_set_note(r, path)}")
        for path in r.planned + r.planned_delivery:
            click.echo(f"  将生成 {path}{_set_note(r, path)}")
        for path in r.pdfs:
            click.echo(f"  {'未变化' if path in r.pdfs_unchanged else 'PDF   '} {path}")
        if r.bundle is not None:
            click.echo(f"  {'未变化' if r.bundle_unchanged else '压缩包'} {r.bundle}")
        if r.previous:
            also = _delivered_too(r.previous_delivered)
            click.echo(f"  注意：输出文件夹中仍是上次生成的 {len(r.previous)} 份文书（如 "
                       f"{r.previous[0]}）{also}，不含这次的修改，请不要当作这次的结果交出；"
                       "按上面的提示改正后重新生成。")
        if r.ok and not errors_only:
            for line in skipped_lines(r):
                click.echo(line)


def _set_note(result: WorkbookResult, path: Path) -> str:
    """``（区级模板）`` after a document printed with its template set's own template (the
    set shows where it makes a difference; shared templates print the same in every set)."""
    name = result.set_of(path)
    return f"（{name}模板）" if name else ""


def _delivered_too(paths: list[Path]) -> str:
    """``以及它们的 4 份 PDF、压缩包 …zip``: what an earlier --pdf/--bundle left beside the
    old documents, as out of date as they are (the zip is what gets emailed)."""
    pdfs = sum(p.suffix.lower() == ".pdf" for p in paths)
    parts = ([f"{pdfs} 份 PDF"] if pdfs else []) + [
        f"压缩包 {p.name}" for p in paths if p.suffix.lower() == ".zip"]
    if not parts:
        return ""
    return "以及它们的" + (" " if parts[0][0].isascii() else "") + "、".join(parts)


@main.command()
@PATHS
@click.option("-q", "--quiet", is_flag=True,
              help="不列出输入的警告，只列出错误和文书方面的警告。")
@click.option("--all", "all_lines", is_flag=True, help="逐条列出，不合并同类问题。")
@click.option("--strict", is_flag=True, help="警告也算作错误（退出码 1）。")
@IGNORE
@TEMPLATES
@click.option("--json", "as_json", is_flag=True, help="以 JSON 输出全部问题（供脚本使用）。")
@_isolation
def validate(paths: tuple[Path, ...], quiet: bool, all_lines: bool, strict: bool,
             ignore: tuple[str, ...], templates_dir: str | None, as_json: bool,
             jobs: int | None, seconds: int, memory_mb: int) -> None:
    """检查输入工作簿（文件或文件夹），一次列出全部问题。

    \b
    示例：
      xlgen validate inputs/2024
      xlgen validate 某局.xlsx -q                  只看错误
      xlgen validate inputs/2024 --ignore missing-level2

    \b
    退出码：0 没有错误；1 有错误（--strict 时有警告也算）；
            2 命令写错（如找不到文件）；3 模板有错误（请模板维护人员处理）。
    长期关闭某个警告：在输入文件夹中放一个 xlgen.toml，写
      ignore = ["missing-level2"]
    """
    policy = _policy(ignore)
    workbooks, outputs = _workbooks(paths)
    try:
        with progress(len(workbooks), "正在检查") as bar:
            jobs, limits = _limits(jobs, seconds, memory_mb)
            from ..api import check_run

            run = check_run(workbooks, templates_dir, ignore=policy, jobs=jobs, limits=limits,
                            on_start=bar.start,
                            on_done=bar.done)
    except ConfigError as exc:  # xlgen.toml, --templates: exit 2, no usage block for a file
        raise CommandError(str(exc)) from exc
    code = run.exit_code(strict)
    if as_json:
        problems = [template_problem_dict(p) for p in run.templates]
        problems += [p.as_dict() for r in run.results for p in in_reading_order(r.report)]
        click.echo(json_text(problems))
        sys.exit(code)
    _outputs_note(outputs)
    _print_results(run, sys.stdout.isatty(), errors_only=quiet, all_lines=all_lines)
    errors = sum(len(r.report.errors) for r in run.results)
    warnings = sum(len(r.report.warnings) for r in run.results)
    click.echo(f"\n共检查 {len(run.results)} 个工作簿：{errors} 个错误，{warnings} 个警告。")
    held = sum(bool(r.ok and r.held_by_templates) for r in run.results)
    if code == 3:
        click.echo((f"{held} 个工作簿有文书因模板有错误不能生成。" if held else "")
                   + "模板有错误：请模板维护人员处理（见上方“模板问题”）。")
    elif code:
        click.echo("请按提示改正后重新运行。" if errors else "（--strict：警告也需处理。）")
    sys.exit(code)


def _closing_line(run: Run, dry_run: bool) -> str:
    """``共 4 个工作簿，1 个成功，1 个有错误，…``: the table's rows counted, each once. A
    workbook a template held up (all or some of its documents) is not a success."""
    unwritten = sum(r.unwritten for r in run.results)
    bad = sum(not r.ok for r in run.results) - unwritten
    held = [r for r in run.results if r.ok and r.held_by_templates]
    none = sum(not r.documents for r in held)
    done = len(run.results) - bad - unwritten - len(held)
    parts = [f"共 {len(run.results)} 个工作簿", f"{done} 个成功", f"{bad} 个有错误"]
    if unwritten:
        parts.append(f"{unwritten} 个无法写入输出文件夹")
    if none:
        parts.append(f"{none} 个因模板有错误" + ("不能生成" if dry_run else "未生成"))
    if len(held) > none:
        parts.append(f"{len(held) - none} 个因模板有错误"
                     + ("只能生成部分文书" if dry_run else "只生成了部分文书"))
    return "，".join(parts) + "。"


def _status(r: WorkbookResult, dry_run: bool) -> str:
    if r.unwritten:
        return "无法写入，未生成"
    if not r.ok:
        return "有错误，未生成"
    if r.held_by_templates:
        return "模板有错误，部分" + ("可生成" if dry_run else "生成") if r.documents \
            else "模板有错误，" + ("不能生成" if dry_run else "未生成")
    if not r.documents:
        return "未生成"
    return "可生成" if dry_run else "完成"


def _build_json(run: Run, outputs: list[Path], code: int) -> dict:
    return {
        "exit_code": code,
        "templates": [template_problem_dict(p) for p in run.templates],
        "skipped_files": [str(p) for p in outputs],
        "stale": [str(p) for p in run.stale],
        "workbooks": [{
            "file": str(r.source),
            "department": r.dept,
            "year": r.year,
            "template_set": r.template_set,
            "ok": r.ok,
            "written": [str(p) for p in r.written],
            "unchanged": [str(p) for p in r.unchanged],
            "planned": [str(p) for p in r.planned + r.planned_delivery],
            "pdfs": [str(p) for p in r.pdfs],
            "bundle": str(r.bundle) if r.bundle else None,
            "previous": [str(p) for p in r.previous + r.previous_delivered],
            "skipped": [s.as_dict() for s in r.skipped],
            "errors": len(r.report.errors),
            "warnings": len(r.report.warnings),
            "ignored": r.report.ignored,
            "problems": [p.as_dict() for p in in_reading_order(r.report)],
        } for r in run.results],
    }


@main.command()
@PATHS
@click.option("--out", "out_dir", metavar="文件夹",
              type=click.Path(file_okay=False, path_type=Path),
              default=Path("outputs"), show_default=True,
              help="输出文件夹（不写时在当前文件夹中，不是在输入文件夹中）。")
@TEMPLATES
@click.option("--dry-run", is_flag=True, help="只检查并列出将要生成的文件，不写入。")
@click.option("-q", "--quiet", is_flag=True,
              help="不列出输入的警告，只列出错误和文书方面的警告（如 PDF、压缩包未能生成）。")
@IGNORE
@click.option("--pdf", is_flag=True, help="同时用 LibreOffice 生成每份文书的 PDF。")
@click.option("--bundle", is_flag=True,
              help="每个部门打一个压缩包（文书、PDF 和校验结果），便于邮件发送。")
@click.option("--soffice", metavar="程序", type=click.Path(path_type=Path),
              help="LibreOffice 的 soffice 程序或它所在的文件夹（默认自动查找）。")
@click.option("--pdf-timeout", "pdf_seconds", type=WHOLE, callback=_at_least(1), metavar="秒",
              default=int(PDF_SECONDS), show_default=True,
              help="每份文书转换为 PDF 最多等多少秒（电脑较慢、文书很大时加大，如 900）。")
@click.option("--json", "as_json", is_flag=True,
              help="以 JSON 输出结果（供脚本使用）。")
@_isolation
def build(paths: tuple[Path, ...], out_dir: Path, templates_dir: str | None, dry_run: bool,
          quiet: bool, ignore: tuple[str, ...], pdf: bool, bundle: bool, soffice: Path | None,
          pdf_seconds: int, as_json: bool, jobs: int | None, seconds: int, memory_mb: int) -> None:
    """由输入工作簿（文件或文件夹）生成文书，每个部门一个文件夹。

    \b
    示例：
      xlgen build inputs/2024 --out outputs/2024
      cd 2024 && xlgen build .                     输出在 2024/outputs，下次运行不会读它
      xlgen build inputs/2024 --dry-run            只列出将要生成的文件
      xlgen build inputs/2024 --pdf --bundle       另生成 PDF，每个部门一个压缩包

    \b
    有错误的工作簿不生成任何文件，其他工作簿照常生成。
    退出码：0 完成；1 有工作簿有错误（或一份文书也不能生成）；
            2 命令写错（如找不到文件）；3 模板有错误（请模板维护人员处理）；
            130 按 Ctrl+C 中止（已写出的文书是完整的，再次运行接着生成）。
    """
    policy = _policy(ignore)
    workbooks, outputs = _workbooks(paths, exclude=(out_dir,))
    try:  # Ctrl+C, during the build or its PDFs: what was written stays, say so
        try:
            with progress(len(workbooks), "正在生成") as bar:
                jobs, limits = _limits(jobs, seconds, memory_mb)
                from ..api import build_run

                run = build_run(workbooks, out_dir, templates_dir, dry_run=dry_run,
                                ignore=policy, jobs=jobs, limits=limits,
                                on_start=bar.start, on_done=bar.done)
        except ConfigError as exc:  # xlgen.toml, --templates: exit 2, no usage block
            raise CommandError(str(exc)) from exc
        from ..api import DeliveryOptions

        options = DeliveryOptions(pdf=pdf, bundle=bundle, soffice=soffice,
                                  timeout=float(pdf_seconds))
        if dry_run:
            from ..api import plan_delivery

            notice = plan_delivery(run.results, options)
        else:  # without --pdf too: it names the PDFs left out of date
            notice = _deliver(run, options)
    except KeyboardInterrupt:
        _stopped(STOPPED)
    code = run.exit_code()
    if as_json:
        click.echo(json_text({**_build_json(run, outputs, code), "notice": notice}))
        sys.exit(code)
    _outputs_note(outputs)
    _print_results(run, sys.stdout.isatty(), errors_only=quiet, all_lines=False)
    rows = [[str(r.source), str(len(r.documents)), str(len(r.report.warnings)),
             str(len(r.report.errors)), _status(r, dry_run)] for r in run.results]
    click.echo("\n" + table(["工作簿", "文书", "警告", "错误", "结果"], rows))
    unwritten = sum(r.unwritten for r in run.results)
    click.echo("\n" + _closing_line(run, dry_run))
    if not dry_run and any(r.written or r.unchanged for r in run.results):
        click.echo(f"文书在 {out_dir} 中，每个部门一个文件夹。")  # the lines above scrolled away
    if unwritten:
        click.echo(f"无法写入的 {unwritten} 个工作簿本身没有问题：请按上方 write-failed 的提示"
                   "检查输出文件夹（--out）或关闭正在打开的文书后重新运行。")
    if code == 3:
        click.echo("模板有错误，相关文书没有生成：请模板维护人员处理（见上方“模板问题”）。")
    if notice:  # no LibreOffice: said once here, each workbook's line names its PDFs
        click.echo(click.style(f"PDF：{notice}", fg="yellow"))
    _stale_note(run.stale)
    sys.exit(code)


def _stale_note(stale: list[Path]) -> None:
    """Name the documents xlgen wrote before that this run did not make, and their PDFs and
    zip (never deleted)."""
    if not stale:
        return
    documents = [p for p in stale if p.suffix.lower() not in (".pdf", ".zip")]
    kinds = [kind for suffix, kind in ((".pdf", "PDF"), (".zip", "压缩包"))
             if any(p.suffix.lower() == suffix for p in stale)]
    also = "及其 " + "、".join(kinds) if kinds else ""
    click.echo(f"\n输出文件夹中还有 {len(documents)} 份以前由 xlgen 生成、这次没有生成的文书"
               f"{also}（可能删除了项目、改了部门名称或年度，或输入工作簿改了名、移走了）。"
               "程序没有删除它们；如已不需要，请自行删除，以免与新文书混淆：")
    for path in stale:
        click.echo(f"  {path}")


STOPPED = ("\n已中止。已写出的文书都是完整的，留在输出文件夹中；没写完的没有留下半个文件。"
           "再次运行同一命令即可：已生成且输入、模板都没有改动的工作簿会跳过，接着生成其余的。")


def _deliver(run: Run, options: DeliveryOptions) -> str | None:
    """PDFs and bundles for the workbooks that built. Before LibreOffice starts, a line says
    how many PDFs it prints (it takes seconds each); a bar names the one it is on. Returns
    what is to be said once for the run (no LibreOffice)."""
    from ..api import deliver

    with contextlib.ExitStack() as stack:
        bar = Progress()

        def converting(documents: list[Path]) -> None:
            nonlocal bar
            click.echo(f"正在用 LibreOffice 生成 {len(documents)} 份 PDF，每份需要几秒到几十秒，"
                       "请稍候……（按 Ctrl+C 可中止，已生成的会保留）", err=True)
            bar = stack.enter_context(progress(len(documents), "正在生成 PDF"))

        notice = deliver(run.results, options, on_pdf=lambda result: bar.done(result),
                         on_convert=converting, on_start=lambda path: bar.start_document(path))
    from ..api import beside_stale

    run.stale += beside_stale(run.stale, run.results)
    return notice


@main.command()
@PATHS
@click.option("--out", "out_file", metavar="文件", default=Path("汇总.xlsx"), show_default=True,
              type=click.Path(path_type=Path), help="汇总表（.xlsx）。")
@click.option("--force", is_flag=True,
              help="汇总表文件已存在、又不是 xlgen 生成的汇总表时也覆盖。")
@IGNORE
@TEMPLATES
@_isolation
def summary(paths: tuple[Path, ...], out_file: Path, force: bool, ignore: tuple[str, ...],
            templates_dir: str | None, jobs: int | None, seconds: int,
            memory_mb: int) -> None:
    """汇总各部门的输入工作簿：每个工作簿一行，另附全部问题的清单（供财政局使用）。

    \b
    汇总表第一张“汇总”：部门、年度、可生成的文书、预算、项目个数和合计、指标个数、
    指标质量问题、自评得分和等级、错误和警告数；第二张“问题清单”逐条列出问题
    （工作簿、工作表、单元格、代码、说明）。两张表都可筛选、排序和打印。
    检查与 xlgen validate 完全相同，数字一致。

    \b
    示例：
      xlgen summary 收件/2024 --out 2024年预算绩效汇总.xlsx
      xlgen summary 收件/2024 --ignore missing-level2

    \b
    上次生成的汇总表会被更新；同名文件若不是 xlgen 生成的汇总表（如手工做的表），
    不会覆盖，除非加 --force；部门的输入工作簿加 --force 也不会覆盖。
    有错误的工作簿也列入汇总表，退出码仍为 0；按 Ctrl+C 中止时退出码为 130，
    汇总表没有写（上次的汇总表没有改动）。
    """
    policy = _policy(ignore)
    out_file = _summary_file(out_file)
    from ..api import input_at

    if input_at(out_file):  # --force is for a 汇总 of one's own, never a department's workbook
        raise CommandError(
            f"--out {out_file} 是部门报送的输入工作簿（有“部门信息”表），汇总表不能保存在它上面，"
            "否则这份资料会被覆盖、丢失（加 --force 也不行）。未汇总。请用 --out 另取一个"
            "文件名，如 --out 汇总.xlsx。")
    if not force:
        from ..api import foreign_summary

        if foreign_summary(out_file):
            raise CommandError(
                f"{out_file} 已存在，而且不是 xlgen 生成的汇总表（可能是您自己做的表），"
                "未覆盖，也没有汇总。请用 --out 另取一个文件名（如 --out 汇总2.xlsx）；"
                "如确实要用新汇总表替换它，请加 --force。")
    with _stoppable(out_file, written=f"汇总表 {out_file} 已经生成（是完整的），只是结果没有在"
                                      "屏幕上列完，请打开它查看。",
                    kept=f"汇总表没有更新，{out_file} 仍是上次的",
                    missing=f"没有生成汇总表 {out_file}", again="再次运行同一命令即可重新汇总。"):
        _summarise(paths, out_file, policy, templates_dir, _limits(jobs, seconds, memory_mb))


def _summarise(paths: tuple[Path, ...], out_file: Path, policy: Policy,
               templates_dir: str | None, run_limits: tuple[int, Limits]) -> None:
    workbooks, outputs = _workbooks(paths, exclude=(out_file,))
    from ..api import archives_in

    if archives := archives_in(paths):  # a workbook mailed zipped: its department missing
        click.echo(click.style(
            f"注意：文件夹中有 {len(archives)} 个压缩包（{'、'.join(a.name for a in archives[:3])}"
            f"{'等' if len(archives) > 3 else ''}），其中的工作簿没有汇总。如果部门把工作簿"
            "压缩后发来，请先解压到这个文件夹中再运行。", fg="yellow"), err=True)
    try:
        with progress(len(workbooks), "正在汇总") as bar:
            jobs, limits = run_limits
            from ..api import summarise, write_summary

            rows = summarise(workbooks, templates_dir, ignore=policy, jobs=jobs, limits=limits,
                             on_start=bar.start, on_done=bar.done)
        kept: list[Path] = []
        changed = write_summary(rows, out_file, kept)
    except ConfigError as exc:  # xlgen.toml, --templates: exit 2, no usage block
        raise CommandError(str(exc)) from exc
    except XlgenError as exc:
        raise _fail(exc) from exc
    _outputs_note(outputs)
    for line in summary_lines(rows, out_file, changed):
        click.echo(line)
    for copy in kept:
        click.echo(f"（上次的 {out_file.name} 后来被修改过，修改过的版本已另存为 {copy}，"
                   "没有丢失。）")


def _summary_file(path: Path) -> Path:
    """``--out``: ``汇总`` or ``2024.汇总`` get .xlsx; another kind of file is refused (exit 2)
    rather than silently written under another name; so is a name no file system takes."""
    too_long = long_name(path, "汇总表的路径（--out）")
    if too_long is not None:
        raise CommandError(too_long)
    if path.is_dir():  # the folder to put it in: say the name to write
        raise CommandError(f"--out {path} 是文件夹，请写汇总表的文件名，"
                           f"如 --out {path / '汇总.xlsx'}。")
    suffix = path.suffix.lower()
    if suffix == ".xlsx":
        return path
    if suffix in NOT_A_WORKBOOK:
        raise CommandError(f"--out {path}：汇总表只能保存为 Excel 工作簿（.xlsx），"
                           f"请改为 --out {path.with_suffix('.xlsx')}。")
    return path.with_name(path.name + ".xlsx")


@main.command()
@click.argument("wanted", nargs=-1, metavar="[代码]…")
@click.option("--json", "as_json", is_flag=True, help="以 JSON 输出（供脚本使用）。")
def codes(wanted: tuple[str, ...], as_json: bool) -> None:
    """列出问题代码：严重性、含义和怎么处理（给出代码时只列这些）。

    \b
    示例：
      xlgen codes
      xlgen codes bad-amount                               检查结果中 [bad-amount] 的说明
      xlgen validate inputs/2024 --ignore missing-level2    关闭某个警告
    """
    from ..api import catalogue
    from ..suggest import did_you_mean

    known = catalogue()
    for code in wanted:
        if code.strip("[]") not in known:
            near = did_you_mean(code.strip("[]"), known)
            raise CommandError(f"没有问题代码“{code}”。" + (f"是否应为“{near}”？" if near else "")
                               + "不带代码运行 xlgen codes 列出全部代码。")
    entries = ([known[c.strip("[]")] for c in dict.fromkeys(wanted)] if wanted
               else list(known.values()))
    if as_json:
        click.echo(json_text([{"code": e.code, "severity": e.severity.value, "scope": e.scope,
                               "meaning": e.meaning, "action": e.action} for e in entries]))
        return
    for e in entries:
        click.echo(f"{e.code:<26} {e.severity.label}  {e.meaning}。\n{'':<26} 处理：{e.action}。")


@main.group(cls=click_zh.Group, aliases={"variables": "vars", "var": "vars"})
def templates() -> None:
    """模板维护：列出模板套、复制模板以便修改、检查模板、列出模板可用的变量。

    \b
    示例：
      xlgen templates list
      xlgen templates export 我的模板
      xlgen templates check --templates 我的模板
      xlgen templates vars
    """


@templates.command("check")
@TEMPLATES
@click.option("--json", "as_json", is_flag=True, help="以 JSON 输出全部问题（供脚本使用）。")
def templates_check(templates_dir: str | None, as_json: bool) -> None:
    """检查清单中的每个模板：Jinja 语法、未知变量、未闭合的块。

    \b
    示例：
      xlgen templates check
      xlgen templates check --templates 我的模板

    发现错误时退出码为 3。
    """
    from ..api import check_templates

    try:
        checked, problems = check_templates(templates_dir)
    except ConfigError as exc:
        raise CommandError(str(exc)) from exc  # as build says it: no usage block
    except XlgenError as exc:
        click.echo(f"错误：{exc}", err=True)
        sys.exit(3)
    code = 3 if any(p.severity is Severity.ERROR for p in problems) else 0
    if as_json:
        click.echo(json_text([template_problem_dict(p) for p in problems]))
        sys.exit(code)
    color = sys.stdout.isatty()
    for p in problems:
        click.echo(template_problem_line(p, color))
    click.echo(f"共检查 {checked} 个模板，发现 {len(problems)} 个问题。")
    sys.exit(code)


@templates.command("list")
@TEMPLATES
def templates_list(templates_dir: str | None) -> None:
    """列出模板套：每套用于哪些预算级次、各文书用哪个模板文件，以及模板文件夹在哪里。"""
    from ..api import find_templates

    try:
        found = find_templates(templates_dir)
    except XlgenError as exc:
        raise _fail(exc) from exc
    click.echo(f"模板文件夹：{found.folder}（{found.found_by}）")
    manifest = found.manifest
    for i, tset in enumerate(manifest.sets or [None]):
        name = tset.name if tset else ""
        if tset is not None:
            default = "，默认" if i == 0 else ""
            forced = "，本次指定" if found.forced == name else ""
            levels = "、".join(tset.levels) or "无，只在“模板”字段或 --templates 写明时用"
            click.echo(f"\n{name}（预算级次：{levels}{default}{forced}）")
            if tset.description:
                click.echo(f"  {tset.description}")
        for doc in manifest.documents(name):
            own = doc.template.parent != manifest.folder
            where = "本套" if own else "共用"
            click.echo(f"  {doc.name}：{doc.template.relative_to(manifest.folder)}（{where}）")
    click.echo("\n工作簿用哪一套：命令行 --templates 指定的一套；"
               "否则“部门信息”中“模板”字段写的一套；"
               "否则按预算级次。")
    click.echo("查找模板文件夹的顺序：--templates、环境变量 XLGEN_TEMPLATES、"
               "输入文件旁（或上一、二级文件夹中）的 templates 文件夹"
               "（xlgen templates 的命令没有输入文件：当前文件夹中的 templates 文件夹）、"
               "随 xlgen 安装的模板。")


@templates.command("export")
@click.argument("folder", metavar="文件夹", type=click.Path(path_type=Path))
@click.option("--force", is_flag=True, help="文件夹不为空时也复制（覆盖同名文件）。")
def templates_export(folder: Path, force: bool) -> None:
    """把随 xlgen 安装的模板（全部模板套）复制到一个文件夹，以便修改。

    \b
    示例：
      xlgen templates export 我的模板
      xlgen build inputs/2024 --templates 我的模板
    """
    from ..api import export_templates

    try:
        export_templates(folder, force=force)
    except XlgenError as exc:
        raise _fail(exc) from exc
    except OSError as exc:
        raise click.ClickException(f"无法复制到 {folder}：{os_reason(exc)}。") from exc
    click.echo(f"已把模板复制到 {folder}。修改后这样使用："
               f"xlgen build --templates {folder} 输入文件夹；"
               "或把它命名为 templates，放在输入文件旁。")


@templates.command("vars")
@click.argument("target", required=False, metavar="[模板或变量]")
@TEMPLATES
@click.option("--workbook", "workbook", metavar="工作簿",
              type=click_zh.ExistingFile(),
              help="同时列出这个输入工作簿中新增的列（模板可用 p.extra['列标题'] 等取用）。")
def templates_vars(target: str | None, templates_dir: str | None,
                   workbook: Path | None) -> None:
    """列出模板可以使用的变量，或一个变量的全部字段（如 projects）。

    \b
    给出变量（如 projects、report.performance）时，列出它的字段（列表则是其中每一项
    的字段），附输入工作簿中的列标题和示例值。

    给出模板文件时，同时列出它实际用到的变量；声明的字段取自这个模板所在的模板文件夹
    （不写 --templates 时）。

    变量包括模板文件夹 fields.toml 中声明的字段。也可以写 xlgen templates variables。

    \b
    示例：
      xlgen templates vars
      xlgen templates vars projects
      xlgen templates vars report.performance
      xlgen templates vars templates/区级/项目支出绩效目标表.xlsx
      xlgen templates vars --workbook inputs/2024/某局.xlsx
    """
    from ..api import check_workbook, find_templates, template_variables
    from ..render import VARIABLES, extra_variables, template_label, templates_folder_of

    template = _template_argument(target)
    own = templates_folder_of(template) if template is not None and not templates_dir else None
    try:
        found = find_templates(own or templates_dir, [workbook] if workbook else [])
    except XlgenError as exc:
        raise _fail(exc) from exc
    if target is not None and template is None:
        _print_members(target, found.contract)
        return
    click.echo("模板可以使用的变量：")
    for name, text in VARIABLES.items():
        click.echo(f"  {name:<16} {text}")
    click.echo("每个变量的全部字段：xlgen templates vars 变量名（如 projects、report）。")
    book = check_workbook(workbook, contract=found.contract)[0] if workbook else None
    extras = extra_variables(found.contract, book)
    click.echo(f"\n{found.folder / 'fields.toml'} 中声明的字段"
               + (f"和 {workbook.name} 中新增的列：" if workbook else "：")
               + ("" if extras else "（无）"))
    for name, text in extras:
        click.echo(f"  {name}  {text}")
    click.echo("输入工作簿的表中本程序不认识的列，也按列标题提供给模板，"
               "如项目表的“实施周期”列是 p.extra['实施周期']。")
    if template is not None:
        try:
            used = template_variables(template)
        except XlgenError as exc:  # a broken template: exit code 3, as templates check
            click.echo(f"错误：{exc}", err=True)
            sys.exit(3)
        names = "、".join(sorted(used)) or "（无）"
        click.echo(f"\n{template_label(template)} 用到的变量：{names}")
        unknown = sorted(used - set(VARIABLES))
        if unknown:
            click.echo(click.style(f"未知变量：{'、'.join(unknown)}", fg="red"))


def _template_argument(target: str | None) -> Path | None:
    """The template file ``xlgen templates vars`` was given (a missing one named as any
    missing file is), or None for a variable (``projects``) or nothing."""
    if target is None:
        return None
    suffix = Path(target).suffix.lower()
    if not (os.path.lexists(target) or suffix in (".xlsx", ".docx", ".xlsm", ".xls", ".doc")
            or "/" in target or "\\" in target):
        return None
    try:
        return Path(click_zh.ExistingFile().convert(target, None, None))
    except click.BadParameter as exc:
        raise CommandError(f"模板文件：{exc.message}") from exc


def _print_members(path: str, contract: Contract) -> None:
    """``xlgen templates vars projects``: the fields a template can write after the dot."""
    from ..render import variable_fields

    try:
        found = variable_fields(path, contract)
    except XlgenError as exc:
        raise _fail(exc) from exc
    if not found.members and found.item:
        click.echo(f"{found.path} 是列表，每一项是一个值（如一段文字），没有字段："
                   f"{{% for x in {found.path} %}}{{{{ x }}}}{{% endfor %}}。")
        return
    if not found.members:
        click.echo(f"“{found.path}”没有字段：它是一个值，直接写 {{{{ {found.path} }}}}。")
        return
    example = next((m for m in found.members if m.name == "name"), found.members[0]).written
    if found.item:
        click.echo(f"{found.path} 是列表，其中每一项的字段（写在循环变量之后，如 "
                   f"{{% for x in {found.path} %}} 中的 x{example}）：")
    else:
        click.echo(f"{found.path} 的字段（如 {found.path}{example}）：")
    labelled = any(m.label for m in found.members)
    size = max(width(m.written) for m in found.members) + 2
    label_size = max(width(m.label or "—") for m in found.members) + 2 if labelled else 0
    for m in found.members:
        label = pad(m.label or "—", label_size) if labelled else ""
        click.echo(f"  {pad(m.written, size)}{label}{m.holds}")
    click.echo(("第二列是输入工作簿中的列标题或字段名（“—”为程序算出的字段）；" if labelled else "")
               + "示例值来自 xlgen 的示例工作簿。")
