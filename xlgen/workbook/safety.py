"""Open an .xlsx package safely and say plainly when a file is not one.

Checks, before any spreadsheet parser sees the file: that it is a zip package holding a
workbook (not empty, not CSV, not an old .xls, not truncated, not password-protected), that
no XML part declares a DTD (the entity-expansion attack: OOXML never needs one), and that it
does not inflate to an absurd size. Also finds formula cells saved without a cached value,
which spreadsheet readers silently show as blank.
"""

from __future__ import annotations

import posixpath
import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from defusedxml import ElementTree as SafeET

from ..errors import NotAWorkbookError

MAX_UNPACKED = 1 << 30  # 1 GiB
MAX_RATIO = 200  # a real sheet compresses ~10-20x; a bomb far more
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_NS_MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_NS_REL = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
_NS_PKG_REL = "{http://schemas.openxmlformats.org/package/2006/relationships}"
_DTD = re.compile(rb"<!(DOCTYPE|ENTITY)", re.IGNORECASE)
_RECALC = re.compile(rb'<calcPr\b[^>]*\bfullCalcOnLoad="(1|true)"')
_FORMULA = re.compile(rb"<f[\s>/]")
_VALUE = re.compile(rb"<v>(.*?)</v>|<v/>", re.S)
_CELL_OPEN = re.compile(rb'<c\b[^>]*?\br="([A-Z]+[0-9]+)"[^>]*?(/?)>')


@dataclass
class Package:
    """What the package check learned: sheet name → part path, formulas with no value."""

    path: Path
    sheet_parts: dict[str, str] = field(default_factory=dict)
    uncached: dict[str, list[str]] = field(default_factory=dict)  # sheet → ["C7", …]


def _refuse(path: Path, why: str) -> NotAWorkbookError:
    return NotAWorkbookError(f"{path.name}：{why}")


def _sniff(path: Path, head: bytes) -> NotAWorkbookError:
    """The reason a non-zip file is not a workbook, in the clerk's terms."""
    if not head:
        return _refuse(path, "文件是空的（0 字节），请重新保存或重新下载该工作簿。")
    if head.startswith(_OLE_MAGIC):
        if path.suffix.lower() in (".et", ".ett"):
            return _refuse(path, "这是 WPS 表格（.et）文件，不能直接读取。"
                                 "请在 WPS 中打开，“另存为”Excel 工作簿（.xlsx）。")
        return _refuse(
            path,
            "这是旧版 Excel（.xls）文件或设置了打开密码的文件。"
            "请在 Excel/WPS 中取消密码，并“另存为”Excel 工作簿（.xlsx）。",
        )
    sample = head[:2048]
    if b"\x00" not in sample:
        return _refuse(
            path,
            "这是文本文件（如 CSV），不是 Excel 工作簿。"
            "请在 Excel/WPS 中打开后“另存为”Excel 工作簿（.xlsx）。",
        )
    return _refuse(path, "不是 Excel 工作簿（.xlsx），无法读取。请确认文件类型后重新保存。")


def open_package(path: Path) -> Package:
    """Check that ``path`` is a safe, complete .xlsx workbook; raise NotAWorkbookError if not."""
    path = Path(path)
    try:
        with path.open("rb") as fh:
            head = fh.read(4096)
    except IsADirectoryError as exc:
        raise _refuse(path, "这是一个文件夹，不是工作簿。") from exc
    except OSError as exc:
        raise _refuse(path, f"无法打开文件（{exc.strerror}）。") from exc
    if not head.startswith(b"PK"):
        raise _sniff(path, head)
    try:
        zf = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError) as exc:
        raise _refuse(path, "文件不完整或已损坏（可能下载未完成），请重新下载或重新保存。") from exc
    with zf:
        names = set(zf.namelist())
        if "xl/workbook.xml" not in names:
            if "word/document.xml" in names:
                raise _refuse(path, "这是 Word 文档，不是 Excel 工作簿。")
            raise _refuse(path, "压缩包中没有工作簿内容，不是 Excel 工作簿（.xlsx）。")
        infos = zf.infolist()
        unpacked = sum(i.file_size for i in infos)
        packed = sum(i.compress_size for i in infos) or 1
        if unpacked > MAX_UNPACKED or (unpacked > 50 << 20 and unpacked / packed > MAX_RATIO):
            raise _refuse(path, "文件解压后异常巨大，可能是恶意文件，已拒绝读取。")
        try:
            for info in infos:
                if info.filename.endswith((".xml", ".rels")):
                    with zf.open(info) as part:
                        prolog = part.read(2048)
                    if _DTD.search(prolog):
                        raise _refuse(
                            path,
                            f"文件中的 {info.filename} 含有 DOCTYPE/实体声明，"
                            "正常的 Excel 文件不会有，可能是恶意文件，已拒绝读取。",
                        )
            workbook = zf.read("xl/workbook.xml")
            # Programs that cannot calculate (openpyxl, xlsxwriter…) store 0 or nothing as the
            # formula's value and ask the next application to recalculate on load: such values
            # are not results. Excel and WPS clear the flag when they save.
            recalc = bool(_RECALC.search(workbook))
            pkg = Package(path, _sheet_parts(zf, workbook))
            for sheet, part_name in pkg.sheet_parts.items():
                if part_name in names:
                    data = zf.read(part_name)
                    if _FORMULA.search(data):
                        cells = _uncached_formulas(data, recalc)
                        if cells:
                            pkg.uncached[sheet] = cells
        except NotAWorkbookError:
            raise
        except (zipfile.BadZipFile, OSError, EOFError, KeyError) as exc:
            raise _refuse(path, "文件不完整或已损坏（可能下载未完成），"
                                "请重新下载或重新保存。") from exc
        except SafeET.ParseError as exc:
            raise _refuse(path, "工作簿内部结构已损坏，无法读取。"
                                "请在 Excel/WPS 中打开后重新保存。") from exc
    return pkg


def _sheet_parts(zf: zipfile.ZipFile, workbook_xml: bytes) -> dict[str, str]:
    """Sheet name → zip part path, from workbook.xml and its relationships."""
    workbook = SafeET.fromstring(workbook_xml)
    try:
        rels_xml = zf.read("xl/_rels/workbook.xml.rels")
    except KeyError:
        return {}
    targets = {}
    for rel in SafeET.fromstring(rels_xml).iter(f"{_NS_PKG_REL}Relationship"):
        target = rel.get("Target", "")
        if target.startswith("/"):
            target = target[1:]
        else:
            target = posixpath.normpath(posixpath.join("xl", target))
        targets[rel.get("Id")] = target
    parts = {}
    for sheet in workbook.iter(f"{_NS_MAIN}sheet"):
        rid = sheet.get(f"{_NS_REL}id")
        if rid in targets:
            parts[sheet.get("name", "")] = targets[rid]
    return parts


def _uncached_formulas(data: bytes, recalc: bool = False) -> list[str]:
    """Cells of a sheet's XML that hold a formula but no cached value (every one if ``recalc``)."""
    found = []
    end = 0
    for match in _FORMULA.finditer(data):
        pos = match.start()
        if pos < end:
            continue
        start = data.rfind(b"<c ", 0, pos)
        end = data.find(b"</c>", pos)
        if start == -1 or end == -1:
            break
        head = _CELL_OPEN.match(data, start)
        if head and not head.group(2):
            value = _VALUE.search(data, pos, end)
            is_str = b't="str"' in head.group(0)
            if recalc or value is None or (not value.group(1) and not is_str):
                found.append(head.group(1).decode())
    return found
