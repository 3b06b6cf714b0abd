"""After a build: print each workbook's documents to PDF and pack one zip per department."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from ..errors import OutputError
from .bundle import BUNDLE_END, bundle_name, write_bundle
from .pdf import (
    CURRENT,
    DAMAGED,
    STALE,
    PdfConverter,
    PdfResult,
    find_soffice,
    missing_soffice_message,
    pdf_states,
)
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
            on_pdf: Callable[[PdfResult], None] | None = None,
            on_convert: Callable[[list[Path]], None] | None = None,
            on_start: Callable[[Path], None] | None = None) -> str | None:
    """Add PDFs and bundles to the results of workbooks that built; return what is to be
    said once for the run (no LibreOffice: how to install or name it), or None.

    A PDF already printed from exactly its document is kept as it is (LibreOffice is not
    even looked for when every PDF is so). A PDF that cannot be made (no LibreOffice, a
    conversion that fails or hangs) is a ``pdf-failed`` warning of its workbook; its
    .xlsx/.docx are written all the same. Without ``--pdf``, PDFs up to date are kept (and
    packed), and a PDF xlgen printed from an earlier version of a document is a
    ``pdf-stale`` warning. ``on_convert`` is told which
    documents LibreOffice is about to print, ``on_start``/``on_pdf`` of each one.
    """
    built = [r for r in results if r.ok and (r.written or r.unchanged)]
    states = pdf_states(doc for r in built for doc in r.written + r.unchanged)
    notice = None
    if options.pdf:
        notice = _print_pdfs(built, states, options, on_pdf, on_convert, on_start)
    else:
        _without_pdf(built, states)
    if options.bundle:
        for r in built:
            _bundle(r)
    for r in results:
        if r.previous:
            r.previous_delivered = left_from_before(r)
    return notice


def plan_delivery(results: Sequence[WorkbookResult], options: DeliveryOptions) -> str | None:
    """``--dry-run``: name the PDFs and zips a real run would write, and say now (not on
    deadline day) when LibreOffice cannot be found (returned, to be said once)."""
    planned = [r for r in results if r.ok and r.planned]
    printable = options.pdf and planned and find_soffice(options.soffice) is not None
    for r in planned:
        if options.pdf and not printable:
            r.report.warn("pdf-failed", _no_pdf(len(r.planned), "将不能生成"))
        elif options.pdf:
            r.planned_delivery += [doc.with_suffix(".pdf") for doc in r.planned]
        if options.bundle:
            folder = r.planned[0].parent
            r.planned_delivery.append(folder / bundle_name(r.year, folder.name))
    return missing_soffice_message(options.soffice) if options.pdf and not printable else None


def _no_pdf(documents: int, done: str = "没有生成") -> str:
    """A workbook's own line when LibreOffice is missing: which PDFs it lacks (how to get
    LibreOffice is said once for the run, not once per workbook)."""
    return f"找不到 LibreOffice，这 {documents} 份文书{done} PDF（Excel/Word 文书照常生成）。"


def _print_pdfs(built: Sequence[WorkbookResult], states: dict[Path, str],
                options: DeliveryOptions, on_pdf: Callable[[PdfResult], None] | None,
                on_convert: Callable[[list[Path]], None] | None,
                on_start: Callable[[Path], None] | None) -> str | None:
    owner = {doc: r for r in built for doc in r.written + r.unchanged}
    todo = [doc for doc in owner if states[doc] != CURRENT]
    for doc in owner:
        if states[doc] == CURRENT:
            owner[doc].pdfs.append(doc.with_suffix(".pdf"))
            owner[doc].pdfs_unchanged.append(doc.with_suffix(".pdf"))
    if not todo:
        return None
    soffice = find_soffice(options.soffice)
    if soffice is None:
        for r in built:
            mine = [doc for doc in todo if owner[doc] is r]
            if mine:
                old = [doc.with_suffix(".pdf") for doc in mine if _outdated(doc, r, states)]
                damaged = [doc.with_suffix(".pdf") for doc in mine if states[doc] == DAMAGED]
                r.report.warn("pdf-failed", _no_pdf(len(mine)) + _stale(old) + _damaged(damaged))
        return missing_soffice_message(options.soffice)
    if on_convert:
        on_convert(todo)
    kwargs = {"timeout": options.timeout} if options.timeout else {}
    with PdfConverter(soffice, options.workers, **kwargs) as converter:
        for result in converter.convert_all(todo, on_done=on_pdf, on_start=on_start):
            r = owner[result.source]
            if result.ok:
                r.pdfs.append(result.target)
            else:
                old = [result.target] if _outdated(result.source, r, states) else []
                damaged = [result.target] if states[result.source] == DAMAGED else []
                r.report.warn("pdf-failed", result.error + _stale(old) + _damaged(damaged))
    for r in built:  # in the order of the documents, whether printed now or before
        order = [doc.with_suffix(".pdf") for doc in r.written + r.unchanged]
        r.pdfs.sort(key=order.index)
    return None


def _outdated(doc: Path, r: WorkbookResult, states: dict[Path, str]) -> bool:
    """The PDF beside ``doc`` exists but was not printed from it as it is now (a damaged
    one is said so instead)."""
    return (doc.with_suffix(".pdf").is_file() and states[doc] != DAMAGED
            and (states[doc] == STALE or doc in r.written))


def _without_pdf(built: Sequence[WorkbookResult], states: dict[Path, str]) -> None:
    """Without --pdf: the PDFs an earlier --pdf printed from exactly these documents still
    count (the zip keeps them); each one printed from an earlier version is named."""
    for r in built:
        for doc in r.written + r.unchanged:
            if states[doc] == CURRENT:
                r.pdfs.append(doc.with_suffix(".pdf"))
                r.pdfs_unchanged.append(doc.with_suffix(".pdf"))
            elif states[doc] == STALE:
                r.report.warn("pdf-stale", f"{doc.with_suffix('.pdf').name} 是按这份文书以前的"
                              "版本生成的，与现在的文书不符，请勿发送；加 --pdf 重新运行即可更新"
                              "它（不需要 PDF 时可删除它）。")
            elif states[doc] == DAMAGED:
                r.report.warn("pdf-damaged", _not_whole([doc.with_suffix(".pdf")])
                              + "加 --pdf 重新运行即可重新生成它。")


def left_from_before(r: WorkbookResult) -> list[Path]:
    """The PDFs and the zip an earlier run made beside ``r.previous`` (its last good
    documents, left in place when ``r`` has errors): as out of date as they are."""
    found = [p.with_suffix(".pdf") for p in r.previous if p.with_suffix(".pdf").is_file()]
    folders = dict.fromkeys(p.parent for p in r.previous)
    if r.year is not None:
        found += [f / bundle_name(r.year, f.name) for f in folders
                  if (f / bundle_name(r.year, f.name)).is_file()]
    return found


def beside_stale(stale: Sequence[Path], results: Sequence[WorkbookResult]) -> list[Path]:
    """The PDFs beside documents xlgen made before and not this run (``stale``), and the zip
    of a folder holding nothing from this run (a department renamed, a workbook moved away):
    as old as those documents, and the zip is what gets emailed."""
    found = [p.with_suffix(".pdf") for p in stale if p.with_suffix(".pdf").is_file()]
    current = {p.parent for r in results for p in r.documents + r.previous}
    for folder in dict.fromkeys(p.parent for p in stale):
        if folder not in current and folder.is_dir():
            found += sorted(folder.glob(f"*{BUNDLE_END}"))
    return found


def _bundle(r: WorkbookResult) -> None:
    documents = r.written + r.unchanged
    files = sorted(set(documents + r.pdfs), key=lambda f: (f.stem, f.suffix != ".pdf"))
    # named as the department's folder is: a long 部门名称 is shortened alike (output.names)
    target = documents[0].parent / bundle_name(r.year, documents[0].parent.name)
    try:
        r.bundle_unchanged = not write_bundle(target, files, r.report, r.source)
    except OutputError as exc:
        r.report.warn("bundle-failed", f"未能生成压缩包：{exc}"
                      + (_stale([target]) if r.written and target.exists() else ""))
        return
    r.bundle = target


def _damaged(pdfs: Sequence[Path]) -> str:
    """What a clerk must know of the PDFs xlgen made that are no longer whole PDFs, left
    where new ones could not be written."""
    return f"注意：文件夹中的 {_not_whole(pdfs)}" if pdfs else ""


def _not_whole(pdfs: Sequence[Path]) -> str:
    names = "、".join(p.name for p in pdfs)
    return (f"{names} 已不是完整的 PDF 文件（可能是空文件、没复制完，或被别的文件替换了），"
            "请勿发送。")


def _stale(old: Sequence[Path]) -> str:
    """What a clerk must know of the ``old`` files left where new ones could not be written
    (what they are made of changed): they no longer match, not to be sent."""
    if not old:
        return ""
    names = "、".join(p.name for p in old)
    return (f"注意：文件夹中的 {names} 还是以前生成的，与本次的文书不符，请勿发送；"
            "处理好上述问题后重新运行即可更新。")
