"""命令行入口：xlgen init / validate / build / templates。A thin layer over the library."""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

import click

from .. import __version__
from ..api import WorkbookResult, build_all, check_workbook, find_workbooks
from ..errors import XlgenError
from ..problems import Problem, Report, Severity
from ..workbook import load_contract
from .display import problem_line, table

CONTEXT_SETTINGS = {"help_option_names": ["-h", "--help"], "max_content_width": 100}


def _fail(exc: XlgenError) -> click.ClickException:
    return click.ClickException(str(exc))


@click.group(context_settings=CONTEXT_SETTINGS)
@click.version_option(__version__, "-V", "--version", message="xlgen %(version)s",
                      help="显示版本号并退出。")
@click.help_option("-h", "--help", help="显示帮助并退出。")
def main() -> None:
    """xlgen：预算绩效文书生成工具。

    \b
    一年的工作：
      xlgen init 2024/某部门.xlsx     生成空白输入工作簿，用 Excel/WPS 填写
      xlgen validate inputs/2024      检查填写的内容，按提示改正
      xlgen build inputs/2024         生成申报表、目标表和自评报告
    """


@main.command()
@click.argument("path", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--year", type=click.IntRange(2000, 2100),
              help="预算年度（不填时取文件夹名，如 2024）。")
@click.option("--dept", help="部门名称（不填时取文件名）。")
@click.option("--force", is_flag=True, help="文件已存在时覆盖。")
def init(path: Path, year: int | None, dept: str | None, force: bool) -> None:
    """生成一份空白的输入工作簿 PATH（.xlsx），包含全部工作表和填写说明。"""
    from ..api import write_input_workbook

    if path.suffix.lower() != ".xlsx":
        path = path.with_suffix(path.suffix + ".xlsx") if path.suffix else path.with_suffix(".xlsx")
    if path.exists() and not force:
        raise click.ClickException(f"{path} 已存在，未覆盖。如确需重新生成，请加 --force。")
    if year is None and re.fullmatch(r"20\d\d", path.parent.name):
        year = int(path.parent.name)
    if dept is None:
        dept = path.stem
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        write_input_workbook(path, year=year, dept=dept)
    except XlgenError as exc:
        raise _fail(exc) from exc
    except OSError as exc:
        raise click.ClickException(f"无法写入 {path}：{exc.strerror}") from exc
    click.echo(f"已生成 {path}。请用 Excel 或 WPS 填写，然后运行：xlgen validate {path}")


def _in_reading_order(report: Report) -> list[Problem]:
    """The report's problems as a clerk fixes them: errors first, then sheet by sheet."""
    return report.in_reading_order([sheet.name for sheet in load_contract().sheets])


def _print_report(report: Report, color: bool, show_warnings: bool = True) -> None:
    shown = [p for p in _in_reading_order(report)
             if show_warnings or p.severity is Severity.ERROR]
    if not shown:
        return
    click.echo(f"{report.file}：{len(report.errors)} 个错误，{len(report.warnings)} 个警告")
    for p in shown:
        click.echo(problem_line(p, color))


def _workbooks(paths: tuple[Path, ...]) -> list[tuple[Path, Path]]:
    found, missing = find_workbooks(list(paths))
    for note in missing:
        click.echo(click.style(note, fg="red"), err=True)
    if missing:
        sys.exit(2)
    if not found:
        click.echo("没有找到任何 .xlsx 工作簿。", err=True)
        sys.exit(2)
    return found


@main.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--strict", is_flag=True, help="警告也算作错误。")
@click.option("--json", "as_json", is_flag=True, help="以 JSON 列表输出全部问题（供脚本使用）。")
def validate(paths: tuple[Path, ...], strict: bool, as_json: bool) -> None:
    """检查输入工作簿（文件或文件夹），一次列出全部问题。

    有错误时退出码为 1；--strict 时有警告也为 1。
    """
    reports = [check_workbook(path)[1] for path, _ in _workbooks(paths)]
    failed = any(not r.valid or (strict and r.warnings) for r in reports)
    if as_json:
        problems = [p.as_dict() for r in reports for p in _in_reading_order(r)]
        click.echo(json.dumps(problems, ensure_ascii=False, indent=2))
        sys.exit(int(failed))
    color = sys.stdout.isatty()
    for r in reports:
        _print_report(r, color)
        if not r.problems:
            click.echo(f"{r.file}：没有发现问题。")
    errors = sum(len(r.errors) for r in reports)
    warnings = sum(len(r.warnings) for r in reports)
    click.echo(f"\n共检查 {len(reports)} 个工作簿：{errors} 个错误，{warnings} 个警告。")
    if failed:
        click.echo("请按提示改正后重新运行。" if errors else "（--strict：警告也需处理。）")
    sys.exit(int(failed))


@main.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--out", "out_dir", type=click.Path(file_okay=False, path_type=Path),
              default=Path("outputs"), show_default=True, help="输出文件夹。")
@click.option("--templates", "templates_dir", type=click.Path(file_okay=False, path_type=Path),
              help="模板文件夹（默认 ./templates）。")
@click.option("--dry-run", is_flag=True, help="只检查并列出将要生成的文件，不写入。")
@click.option("-q", "--quiet", is_flag=True, help="不列出警告，只列出错误。")
def build(paths: tuple[Path, ...], out_dir: Path, templates_dir: Path | None, dry_run: bool,
          quiet: bool) -> None:
    """由输入工作簿（文件或文件夹）生成文书，每个部门一个文件夹。

    有错误的工作簿不生成任何文件，其他工作簿照常生成。任一工作簿有错误时退出码为 1。
    """
    workbooks = _workbooks(paths)
    color = sys.stdout.isatty()
    results: list[WorkbookResult] = []
    try:
        if len(workbooks) > 1:
            with click.progressbar(length=len(workbooks), label="正在生成", file=sys.stderr,
                                   show_pos=True) as bar:
                results = build_all(workbooks, out_dir, templates_dir, dry_run=dry_run,
                                    on_done=lambda _: bar.update(1))
        else:
            results = build_all(workbooks, out_dir, templates_dir, dry_run=dry_run)
    except XlgenError as exc:
        raise _fail(exc) from exc
    for r in results:
        _print_report(r.report, color, show_warnings=not quiet)
        for path in r.written:
            click.echo(f"  已生成 {path}")
        for path in r.unchanged:
            click.echo(f"  未变化 {path}")
        for path in r.planned:
            click.echo(f"  将生成 {path}")
    rows = []
    for r in results:
        status = "有错误，未生成" if not r.ok else ("可生成" if dry_run else "完成")
        rows.append([str(r.source), str(len(r.documents)), str(len(r.report.warnings)),
                     str(len(r.report.errors)), status])
    click.echo("\n" + table(["工作簿", "文书", "警告", "错误", "结果"], rows))
    bad = sum(not r.ok for r in results)
    click.echo(f"\n共 {len(results)} 个工作簿，{len(results) - bad} 个成功，{bad} 个有错误。")
    sys.exit(int(bad > 0))


@main.group()
def templates() -> None:
    """模板维护：检查模板、列出模板可用的变量。"""


@templates.command("check")
@click.option("--templates", "templates_dir", type=click.Path(file_okay=False, path_type=Path),
              help="模板文件夹（默认 ./templates）。")
def templates_check(templates_dir: Path | None) -> None:
    """检查清单中的每个模板：Jinja 语法、未知变量、未闭合的块。"""
    from ..api import check_templates

    try:
        checked, problems = check_templates(templates_dir)
    except XlgenError as exc:
        raise _fail(exc) from exc
    color = sys.stdout.isatty()
    for p in problems:
        click.echo(f"{Path(p.file).name}：" + problem_line(p, color).strip())
    click.echo(f"共检查 {checked} 个模板，发现 {len(problems)} 个问题。")
    sys.exit(int(bool(problems)))


@templates.command("vars")
@click.argument("template", required=False, type=click.Path(exists=True, dir_okay=False,
                                                             path_type=Path))
def templates_vars(template: Path | None) -> None:
    """列出模板可以使用的变量；给出 TEMPLATE 时同时列出它实际用到的变量。"""
    from ..api import template_variables
    from ..render import VARIABLES

    click.echo("模板可以使用的变量：")
    for name, text in VARIABLES.items():
        click.echo(f"  {name:<16} {text}")
    if template is not None:
        try:
            used = template_variables(template)
        except XlgenError as exc:
            raise _fail(exc) from exc
        click.echo(f"\n{template.name} 用到的变量：{'、'.join(sorted(used)) or '（无）'}")
        unknown = sorted(used - set(VARIABLES))
        if unknown:
            click.echo(click.style(f"未知变量：{'、'.join(unknown)}", fg="red"))
