"""Find the input workbooks named on the command line (files and folders).

A folder is searched for .xlsx and .xlsm workbooks, and for the other spreadsheet files a
department may send instead (.xls, .et, .xlsb, .ods, .numbers, an Excel template .xltx,
and ``某局.xlsx.zip`` as a mail
system renames an attachment), which are read by their content: an .xlsx renamed is read, any
other is named with what to do, never skipped unseen (its department would be missing).
Never read as inputs: ``~$`` lock files, hidden files, the output folder, and any workbook
xlgen wrote (its documents carry ``creator = xlgen``), so ``cd 2023 && xlgen build .`` can
run twice.
"""

from __future__ import annotations

import html
import re
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from ..filenames import BUILD_RECORD, BUNDLE_CHECK_FILE
from ..stable import FIXED_TIME
from ..suggest import did_you_mean
from .locks import LOCK_PREFIX, lock_note

INPUT_SUFFIXES = (".xlsx", ".xlsm", ".xls", ".et", ".xlsb", ".ods", ".numbers", ".xltx",
                  ".xltm")  # .xltx/.xltm: a workbook saved as an Excel 模板 by mistake
# a workbook a mail system renamed: 某局.xlsx.zip (a plain .zip is an archive, see archives_in)
RENAMED_SUFFIXES = (".xlsx.zip", ".xlsm.zip")


def is_input_name(path: Path) -> bool:
    """Whether a file in a folder is read as an input by its name (``某局.xlsx``, ``某局.ods``,
    ``某局.xlsx.zip``)."""
    name = path.name.lower()
    return path.suffix.lower() in INPUT_SUFFIXES or name.endswith(RENAMED_SUFFIXES)


_DIGITS = re.compile(r"[0-9]+")
_CREATOR = re.compile(rb"<dc:creator(?:\s[^>]*)?>xlgen</dc:creator>")
_TITLE = re.compile(rb"<dc:title(?:\s[^>]*)?>([^<]*)</dc:title>")
_SHEET_NAME = re.compile(rb"<(?:\w+:)?sheet\s[^>]*?\bname\s*=\s*(?:\"([^\"]*)\"|'([^']*)')")
_WORKBOOK_XML_MOST = 4 << 20  # bytes of xl/workbook.xml read to list the sheets


@dataclass
class Discovery:
    """What the paths hold: workbooks to read, paths not found, and xlgen's own outputs."""

    found: list[tuple[Path, Path]] = field(default_factory=list)  # (workbook, folder rel. arg)
    missing: list[str] = field(default_factory=list)  # Chinese notes
    outputs: list[Path] = field(default_factory=list)  # written by xlgen: not inputs
    named_outputs: list[Path] = field(default_factory=list)  # those of them named as files

    def output_notes(self) -> list[str]:
        """What each file named on the command line that xlgen wrote is (Chinese)."""
        return [output_note(p) for p in self.named_outputs]


def _core(path: Path) -> bytes | None:
    """The core properties part of a package (None when there is none to read)."""
    try:
        with zipfile.ZipFile(path) as zf:
            return zf.read("docProps/core.xml")
    except (OSError, KeyError, zipfile.BadZipFile, RuntimeError, ValueError):
        return None


def is_input_workbook(path: Path) -> bool:
    """True for a workbook with the contract's required sheets (部门信息): what a department
    sends, which no output may be written over."""
    from .contract import load_contract

    try:
        with zipfile.ZipFile(path) as zf:
            info = zf.getinfo("xl/workbook.xml")
            if info.file_size > _WORKBOOK_XML_MOST:
                return False
            listed = zf.read(info)
    except (OSError, KeyError, zipfile.BadZipFile, RuntimeError, ValueError):
        return False
    # as written: "部门信息", '部门信息' or &#37096;&#38376;… (a writer of ASCII-only XML)
    names = {html.unescape((double or single).decode("utf-8", "replace"))
             for double, single in _SHEET_NAME.findall(listed)}
    required = [sheet.name for sheet in load_contract().sheets if sheet.required]
    return bool(required) and all(name in names for name in required)


def written_by_xlgen(path: Path, title: str = "") -> bool:
    """True for a document xlgen generated (core properties say ``creator = xlgen``), and
    titled ``title`` when one is given."""
    core = _core(path)
    if core is None:
        return False
    titled = not title or re.search(rb"<dc:title(?:\s[^>]*)?>" + re.escape(title.encode())
                                    + rb"</dc:title>", core) is not None
    return bool(_CREATOR.search(core)) and titled


def xlgen_title(path: Path) -> str:
    """The title of a document xlgen wrote (``2023年某局项目支出绩效目标表``); "" for any
    other file."""
    core = _core(path)
    if core is None or not _CREATOR.search(core):
        return ""
    match = _TITLE.search(core)
    return match.group(1).decode("utf-8", "replace").strip() if match else ""


# xlgen writes every document modified at its one fixed time (stable.FIXED_TIME) and last
# saved by itself; Excel, WPS, Word and LibreOffice stamp their own time when they save
_XLGEN_SAVED = re.compile(rb"<dcterms:modified(?:\s[^>]*)?>"
                          + FIXED_TIME.strftime("%Y-%m-%dT%H:%M:%SZ").encode()
                          + rb"</dcterms:modified>")
_SAVED_BY = re.compile(rb"<cp:lastModifiedBy(?:\s[^>]*)?>([^<]*)</cp:lastModifiedBy>")


def changed_since_xlgen(path: Path) -> bool:
    """True when the file at ``path`` is not as xlgen wrote it: saved since by Excel, WPS,
    Word or LibreOffice (a clerk's edits), or not xlgen's at all. False for no file."""
    if not path.exists():
        return False
    core = _core(path)
    if core is None or not _CREATOR.search(core) or not _XLGEN_SAVED.search(core):
        return True
    saved_by = _SAVED_BY.search(core)
    return saved_by is not None and saved_by.group(1) != b"xlgen"


def output_note(path: Path) -> str:
    """``x.xlsx 是 xlgen 生成的文书（Word 文档），不是输入工作簿。…``: a file named on the
    command line that xlgen wrote, said for what it is (also when renamed)."""
    try:
        with zipfile.ZipFile(path) as zf:
            word = "word/document.xml" in zf.namelist()
    except (OSError, zipfile.BadZipFile, RuntimeError):
        word = False
    kind = "Word 文档" if word else "Excel 表格"
    renamed = (f"，只是文件名改成了 {path.suffix}"
               if word and path.suffix.lower() != ".docx" else "")
    return (f"{path} 是 xlgen 生成的文书（{kind}{renamed}），不是输入工作簿。"
            "请给出部门填写的输入工作簿（或它所在的文件夹），如 xlgen validate inputs/2024。")


def _inside(path: Path, folders: list[Path]) -> bool:
    return any(path == f or f in path.parents for f in folders)


def discover_workbooks(paths: Iterable[str | Path], exclude: Iterable[Path] = ()) -> Discovery:
    """Expand files and folders into workbooks, in a stable order, without duplicates.

    ``exclude`` lists folders (the output folder) never searched, unless a path given is
    itself inside one of them.
    """
    result = Discovery()
    excluded = [Path(e).resolve() for e in exclude]
    seen: set[Path] = set()

    def add(file: Path, rel: Path, named: bool = False) -> None:
        key = file.resolve()
        if key in seen:
            return
        seen.add(key)
        if written_by_xlgen(file):
            result.outputs.append(file)
            if named:
                result.named_outputs.append(file)
        else:
            result.found.append((file, rel))

    paths = list(paths)
    for i, item in enumerate(paths):
        p = Path(item)
        if str(item).startswith("#") and not p.exists():
            result.missing.append(comment_note(paths[i:]))
            break  # the rest is the comment's words, not paths
        if p.is_dir():
            skip = [e for e in excluded if not _inside(p.resolve(), [e])]
            children = sorted((c for c in p.rglob("*") if is_input_name(c)), key=input_order)
            for child in children:
                rel = child.relative_to(p)
                if any(part.startswith((".", LOCK_PREFIX)) for part in rel.parts):
                    continue
                if not child.is_file() or (skip and _inside(child.resolve(), skip)):
                    continue
                add(child, rel.parent)
        elif p.is_file() and (note := lock_note(p)) is not None:
            result.missing.append(note)  # a lock file is no workbook: the command is wrong
        elif p.is_file():
            add(p, Path("."), named=True)
        else:
            result.missing.append(missing_note(item))
    return result


ARCHIVE_SUFFIXES = (".zip", ".rar", ".7z")


def archives_in(paths: Iterable[str | Path]) -> list[Path]:
    """The compressed files (.zip, .rar, .7z) in the folders given, sorted: a department's
    workbook mailed inside one is not read, and the department would be missing unseen.
    The zips ``build --bundle`` makes (documents, not workbooks) are not among them."""
    found: set[Path] = set()
    for item in paths:
        p = Path(item)
        if p.is_dir():
            found.update(c for c in p.rglob("*") if c.suffix.lower() in ARCHIVE_SUFFIXES
                         and not is_input_name(c)
                         and not any(part.startswith(".") for part in c.relative_to(p).parts)
                         and not is_bundle(c))
    return sorted(found)


def is_bundle(path: Path) -> bool:
    """Whether ``path`` is a zip ``build --bundle`` made: it holds 校验结果.txt."""
    try:
        with zipfile.ZipFile(path) as zf:
            zf.getinfo(BUNDLE_CHECK_FILE)
            return True
    except (OSError, KeyError, zipfile.BadZipFile, RuntimeError, ValueError):
        return False


# The names Windows, WPS and mail programs give a copy: "某局 - 副本.xlsx", "某局 - 副本 (2)",
# "某局 - Copy", "某局(1)", "某局（1）", "复件 某局" (Windows XP), "副本 某局".
_COPY = re.compile(r"^(?:复件|副本)\s+(?P<a>.+)$"
                   r"|^(?P<b>.+?)(?:\s*-\s*(?:副本|Copy|copy)(?:\s*[(（]\d+[)）])?|\s*[(（]\d+[)）])$")


def input_order(path: Path) -> tuple[tuple[str, ...], str, bool, str]:
    """A folder's workbooks in name order, each copy right after its original
    (``某局 - 副本.xlsx`` sorts before ``某局.xlsx`` by name): when both are of one department
    and year, the first keeps the output names, and that should be the original."""
    m = _COPY.match(path.stem)
    base = (m.group("a") or m.group("b")) if m else path.stem
    return path.parent.parts, base, m is not None, path.name


def missing_note(item: str | Path) -> str:
    """What to say of a path that is not there: a path that is, one name away, when there is
    one (``inputs/2024年`` for ``inputs/2024``, ``inputs/2024年/某局.xlsx`` for
    ``inputs/2024/某局.xlsx``), else the folder the command ran in. A name with digits is
    matched only with the same digits (never 2023 for 2025), and xlgen's output folders are
    never offered for an input."""
    path = Path(item)
    parts = path.parts
    for i in range(len(parts)):
        here = Path(*parts[:i + 1])
        if here.exists():
            continue
        near = _nearest(here.parent, here.name)
        fixed = here.parent / near / Path(*parts[i + 1:]) if near is not None else None
        if fixed is not None and fixed.exists():
            return f"找不到文件或文件夹：{item}。是否应为 {fixed}？"
        break
    return (f"找不到文件或文件夹：{item}（当前文件夹是 {Path.cwd()}）。"
            "请检查名称，或先用 cd 进入输入文件所在的文件夹。")


def comment_note(words: list[str | Path]) -> str:
    """What to say of a README's ``# 说明`` copied into the command: cmd passes the ``#`` and
    the words after it on as paths (PowerShell and bash would drop them)."""
    comment = " ".join(str(w) for w in words)
    return (f"命令中的“{comment}”是说明文字，不是命令的一部分（cmd 会把它当作文件名）："
            "请删去“#”和它后面的文字，再运行一次。")


def _nearest(folder: Path, name: str) -> str | None:
    try:
        names = [c.name for c in folder.iterdir() if not c.name.startswith((".", LOCK_PREFIX))
                 and not (c / BUILD_RECORD).exists()]
    except OSError:
        return None
    digits = _DIGITS.findall(name)
    return did_you_mean(name, [n for n in names if _DIGITS.findall(n) == digits], cutoff=0.5)


def find_workbooks(paths: list[str | Path]) -> tuple[list[tuple[Path, Path]], list[str]]:
    """``(workbook, folder relative to its argument)`` pairs and notes on missing paths."""
    found = discover_workbooks(paths)
    return found.found, found.missing


__all__ = [
    "INPUT_SUFFIXES",
    "Discovery",
    "discover_workbooks",
    "find_workbooks",
    "missing_note",
    "output_note",
    "written_by_xlgen",
]
