"""One zip per department, ready to attach to one email: documents, PDFs and 校验结果.txt."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from ..errors import OutputError
from ..filenames import BUNDLE_CHECK_FILE, fit_name
from ..problems import Problem, Report
from ..render import safe_filename, stable_zip_bytes
from .atomic import CLOSE_IT, read_reason, write_atomic

BUNDLE_END = "预算绩效文书.zip"
BUNDLE_NAME = "{year}年{dept}" + BUNDLE_END
CHECK_FILE = BUNDLE_CHECK_FILE
# Problems of the clerk's own PC and output folder, not of the input: LibreOffice missing
# (naming where it was looked for), a PDF that failed or is old, a document edited after it
# was made. They are on the clerk's screen; the bureau who gets the zip can do nothing about
# them, and they would make the zip of an unchanged input differ from one run to the next.
LOCAL_CODES = frozenset({"pdf-failed", "pdf-stale", "pdf-damaged", "bundle-failed",
                         "edited-kept"})


def bundle_name(year: int | None, dept: str) -> str:
    """``2023年某局预算绩效文书.zip`` (characters Windows forbids replaced, a long name cut)."""
    return fit_name(safe_filename(BUNDLE_NAME.format(year=year or "", dept=dept)))


def check_text(report: Report, source: Path, files: Sequence[Path]) -> str:
    """The 校验结果.txt of a bundle: what was checked, what is inside, every problem.

    Only content that depends on the input: no dates, no folders and no problem of the
    clerk's PC (LOCAL_CODES), so an unchanged rebuild gives the same bytes.
    """
    lines = [f"工作簿：{source.name}", "", "本压缩包中的文件："]
    lines += [f"  {f.name}" for f in files]
    errors = [p for p in report.errors if p.code not in LOCAL_CODES]
    warnings = [p for p in report.warnings if p.code not in LOCAL_CODES]
    lines += ["", f"检查结果：{len(errors)} 个错误，{len(warnings)} 个警告。"]
    if not errors and not warnings:
        lines.append("没有发现问题。")
    for title, problems in (("错误", errors), ("警告", warnings)):
        if problems:
            lines += ["", f"{title}："]
            lines += [_line(p) for p in problems]
    return "\r\n".join(lines) + "\r\n"


def _line(p: Problem) -> str:
    where = p.where or "（整个文件）"
    return f"  {where}  [{p.code}]  {p.message}"


def write_bundle(target: Path, files: Sequence[Path], report: Report, source: Path) -> bool:
    """Write the department's zip atomically; False when it was already identical.

    ``files`` are the documents and PDFs, in the order they should appear. 校验结果.txt is
    UTF-8 with a BOM and CRLF line ends, so Notepad on any Windows shows it right.
    """
    text = check_text(report, source, files)
    members = []
    for f in files:
        try:
            members.append((f.name, f.read_bytes()))
        except OSError as exc:  # open in a program that lets no other read it
            raise OutputError(f"无法读取 {f.name}（{read_reason(exc, f)}）。{CLOSE_IT}") from exc
    members.append((CHECK_FILE, "\ufeff".encode() + text.encode("utf-8")))
    return write_atomic(target, stable_zip_bytes(members))
