"""After a build: print each workbook's documents to PDF and pack one zip per department."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from ..errors import OutputError
from .bundle import bundle_name, write_bundle
from .pdf import PdfConverter, PdfResult, find_soffice, missing_soffice_message
from .plan import WorkbookResult


@dataclass
class DeliveryOptions:
    """What to deliver besides the documents (``xlgen build --pdf --bundle``)."""

    pdf: bool = False
    bundle: bool = False
    soffice: str | Path | None = None  # --soffice: the LibreOffice program
    workers: int | None = None  # parallel conversions (default: cores, at most 4)
    timeout: float | None = None  # seconds per document


def deliver(results: Sequence[WorkbookResult], options: DeliveryOptions,
            on_pdf: Callable[[PdfResult], None] | None = None) -> None:
    """Add PDFs and bundles to the results of workbooks that built.

    A PDF that cannot be made (no LibreOffice, a conversion that fails or hangs) is a
    ``pdf-failed`` warning of its workbook; its .xlsx/.docx are written all the same.
    """
    built = [r for r in results if r.ok and (r.written or r.unchanged)]
    if options.pdf and built:
        _print_pdfs(built, options, on_pdf)
    if options.bundle:
        for r in built:
            _bundle(r)


def _print_pdfs(built: Sequence[WorkbookResult], options: DeliveryOptions,
                on_pdf: Callable[[PdfResult], None] | None) -> None:
    soffice = find_soffice(options.soffice)
    owner = {doc: r for r in built for doc in r.written + r.unchanged}
    if soffice is None:
        message = missing_soffice_message(options.soffice)
        for r in built:
            r.report.warn("pdf-failed", message)
        return
    kwargs = {"timeout": options.timeout} if options.timeout else {}
    with PdfConverter(soffice, options.workers, **kwargs) as converter:
        for result in converter.convert_all(list(owner), on_done=on_pdf):
            r = owner[result.source]
            if result.ok:
                r.pdfs.append(result.target)
                if not result.converted:
                    r.pdfs_unchanged.append(result.target)
            else:
                r.report.warn("pdf-failed", result.error
                              + _stale(result.target, result.source in r.written))


def _bundle(r: WorkbookResult) -> None:
    documents = r.written + r.unchanged
    files = sorted(documents + r.pdfs, key=lambda f: (f.stem, f.suffix != ".pdf"))
    # named as the department's folder is: a long 部门名称 is shortened alike (output.names)
    target = documents[0].parent / bundle_name(r.year, documents[0].parent.name)
    try:
        r.bundle_unchanged = not write_bundle(target, files, r.report, r.source)
    except OutputError as exc:
        r.report.warn("bundle-failed", f"未能生成压缩包：{exc}" + _stale(target, bool(r.written)))
        return
    r.bundle = target


def _stale(target: Path, rewritten: bool) -> str:
    """What a clerk must know of an old ``target`` left where a new one could not be written,
    when what it is made of was ``rewritten`` this run: it no longer matches, not to be sent."""
    if not rewritten or not target.exists():
        return ""
    return (f"注意：文件夹中的 {target.name} 还是以前生成的，与本次的文书不符，请勿发送；"
            "处理好上述问题后重新运行即可更新它。")
