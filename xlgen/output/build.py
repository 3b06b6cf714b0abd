"""Build documents: check each workbook, render its documents in memory, then write them.

A workbook with errors writes nothing; the others in the same run still build. Every file is
written atomically, and an unchanged rebuild leaves files untouched (byte-identical output).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import OutputError, TemplateError, internal_error_message
from ..model import InputBook
from ..problems import Report
from ..render import Document, build_context, load_manifest, safe_filename
from ..rules import check_workbook
from .atomic import write_atomic


@dataclass
class WorkbookResult:
    """What happened to one input workbook."""

    source: Path
    report: Report
    dept: str = ""
    year: int | None = None
    written: list[Path] = field(default_factory=list)  # new or changed files
    unchanged: list[Path] = field(default_factory=list)  # identical to what was there
    planned: list[Path] = field(default_factory=list)  # dry run: what would be written

    @property
    def documents(self) -> list[Path]:
        return self.written + self.unchanged + self.planned

    @property
    def ok(self) -> bool:
        return self.report.valid


def _render(doc: Document, context, report: Report) -> bytes | None:
    if doc.kind == "xlsx":
        from ..render import render_xlsx

        result = render_xlsx(doc.template, context)
        report.problems.extend(result.problems)
        return result.data
    from ..render import render_docx

    return render_docx(doc.template, context)


def output_folder(out_dir: Path, rel: Path, book: InputBook) -> Path:
    """``out_dir/<subfolder of the input>/<部门名称>``."""
    return Path(out_dir) / rel / (
        safe_filename(book.department.name) or "未命名部门")


def build_workbook(source: Path, out_dir: Path, documents: list[Document], *,
                   rel: Path = Path("."), dry_run: bool = False,
                   taken: dict[Path, Path] | None = None) -> WorkbookResult:
    """Check ``source`` and, when it has no errors, write its documents under ``out_dir``."""
    book, report = check_workbook(source)
    result = WorkbookResult(source, report)
    if book is None:
        return result
    result.dept, result.year = book.department.name, book.department.year
    if not report.valid:
        return result
    folder = output_folder(out_dir, rel, book)
    wanted = [d for d in documents if set(d.needs) <= book.sheets]
    targets = [folder / d.filename(book.department.year, book.department.name) for d in wanted]
    taken = {} if taken is None else taken
    for target in targets:
        other = taken.get(target.resolve())
        if other is not None and other != source.resolve():
            report.error("same-output",
                         f"与 {other.name} 的输出文件同名（{target.name}）："
                         "两个工作簿的年度和部门名称相同。"
                         "请检查部门名称，或分开生成。", "部门信息", book.department.cell("name"))
            return result
    if dry_run:
        result.planned = targets
        return result
    context = build_context(book)
    rendered: list[tuple[Path, bytes]] = []
    for doc, target in zip(wanted, targets, strict=True):
        try:
            data = _render(doc, context, report)
        except TemplateError as exc:
            report.error("template-error", f"生成“{doc.name}”时模板出错：{exc}")
            continue
        if data is not None:
            rendered.append((target, data))
    if not report.valid:
        return result
    for target, data in rendered:
        taken[target.resolve()] = source.resolve()
        try:
            changed = write_atomic(target, data)
        except OutputError as exc:
            report.error("write-failed", str(exc))
            continue
        (result.written if changed else result.unchanged).append(target)
    return result


def build_all(workbooks: Iterable[tuple[Path, Path]], out_dir: Path,
              templates_dir: Path | None = None, *, dry_run: bool = False,
              on_done: Callable[[WorkbookResult], None] | None = None) -> list[WorkbookResult]:
    """Build every workbook; ``on_done`` is called after each (for progress display)."""
    documents = load_manifest(templates_dir)
    for doc in documents:
        if not doc.template.is_file():
            raise TemplateError(f"文书“{doc.name}”的模板文件不存在：{doc.template}")
    results = []
    taken: dict[Path, Path] = {}
    for source, rel in workbooks:
        try:
            result = build_workbook(source, out_dir, documents, rel=rel, dry_run=dry_run,
                                    taken=taken)
        except Exception as exc:  # a bug of ours must not stop the other workbooks
            result = WorkbookResult(source, Report(file=str(source)))
            result.report.error("internal-error", internal_error_message(exc))
        results.append(result)
        if on_done:
            on_done(result)
    return results
