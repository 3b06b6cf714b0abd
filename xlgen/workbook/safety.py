"""Open an .xlsx package safely and say plainly when a file is not one.

Checks, before any part is parsed: that it is a zip package holding a workbook (not empty,
not CSV, not an old .xls, not truncated, not password-protected, no zip-encrypted entry, no
compression method Excel never writes), that every XML part inflates without error and
declares no DTD anywhere in it (the entity-expansion attack: OOXML never needs one), and that
it does not inflate to an absurd size. Then reads what the sheet reader needs: the sheets in
order with their visibility, the shared strings, each cell style's number format and the
workbook's date system. Every damage is that file's NotAWorkbookError naming the part.
"""

from __future__ import annotations

import posixpath
import re
import zipfile
import zlib
from dataclasses import dataclass, field
from pathlib import Path
from xml.etree.ElementTree import Element

from defusedxml import DefusedXmlException
from defusedxml import ElementTree as SafeET

from ..cellescape import stored_text
from ..errors import NotAWorkbookError, in_use, os_reason
from .numfmt import parse_styles
from .refs import local_name, xml_true

MAX_UNPACKED = 1 << 30  # 1 GiB
MAX_RATIO = 200  # a real sheet compresses ~10-20x; a bomb far more
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_DTD = re.compile(b"|".join(re.escape(word.encode(encoding)) for word in (
    "<!DOCTYPE", "<!ENTITY", "<!doctype", "<!entity") for encoding in (
    "utf-8", "utf-16-le", "utf-16-be")))  # an XML part may be UTF-16; the parsers refuse too
_CHUNK = 1 << 16
_OVERLAP = 32  # bytes kept between chunks so a declaration split across two is still seen
_KEEP = ("xl/workbook.xml", "xl/_rels/workbook.xml.rels")
# what Python inflates (Excel writes only the first two; deflate64 and others are refused)
_METHODS = frozenset((zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED, zipfile.ZIP_BZIP2,
                      zipfile.ZIP_LZMA))
DAMAGED = "请在 Excel/WPS 中打开后重新保存，或重新下载该文件。"


@dataclass
class SheetPart:
    name: str
    part: str
    hidden: bool = False  # state="hidden" or "veryHidden" in workbook.xml


@dataclass
class Package:
    """What the package check learned, and the parts the sheet reader parses."""

    path: Path
    sheets: list[SheetPart] = field(default_factory=list)
    parts: set[str] = field(default_factory=set)  # the sheet parts present
    strings: list[str] = field(default_factory=list)  # shared strings, decoded
    formats: list[str] = field(default_factory=list)  # cell style (s) → number format code
    date1904: bool = False
    # Programs that cannot calculate (openpyxl, xlsxwriter…) store 0 or nothing as a
    # formula's value and ask the next application to recalculate on load: such values are
    # not results. Excel and WPS clear the flag when they save.
    recalc: bool = False


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
    text = _text_head(head)
    if "urn:schemas-microsoft-com:office:spreadsheet" in text:
        return _refuse(path, "这是“XML 电子表格 2003”格式的文件，不是 Excel 工作簿（.xlsx）。"
                             "请在 Excel/WPS 中打开，" + SAVE_AS)
    if "opendocument.spreadsheet" in text:  # a flat .fods
        return _refuse(path, "这是 OpenDocument 表格（LibreOffice 的 .fods），不能直接读取。"
                             "请在 LibreOffice/WPS 中打开，" + SAVE_AS)
    if "<html" in text or "<table" in text:
        return _refuse(path, "这是网页（HTML）格式的表格（常见于从业务系统导出的“Excel”），"
                             "不是 Excel 工作簿。请在 Excel/WPS 中打开，" + SAVE_AS)
    sample = head[:2048]
    if b"\x00" not in sample or head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return _refuse(
            path,
            "这是文本文件（如 CSV），不是 Excel 工作簿。"
            "请在 Excel/WPS 中打开后“另存为”Excel 工作簿（.xlsx）。",
        )
    return _refuse(path, "不是 Excel 工作簿（.xlsx），无法读取。请确认文件类型后重新保存。")


SAVE_AS = "“另存为”Excel 工作簿（.xlsx）后再运行（文件 → 另存为 → 文件类型选“Excel 工作簿”）。"


def _other_package(zf: zipfile.ZipFile, names: set[str]) -> str:
    """What a zip package that holds no .xlsx workbook is, and what to do with it: an .xlsb,
    an .ods, a Numbers file or a Word document is named; anything else is no workbook."""
    if "word/document.xml" in names:
        return "这是 Word 文档，不是 Excel 工作簿。"
    if "xl/workbook.bin" in names:
        return "这是 Excel 二进制工作簿（.xlsb），不能直接读取。请在 Excel/WPS 中打开，" + SAVE_AS
    if "content.xml" in names or "mimetype" in names:
        try:
            kind = zf.read("mimetype")[:100] if "mimetype" in names else b""
        except UNREADABLE:
            kind = b""
        if b"spreadsheet" in kind or (not kind and "content.xml" in names):
            return ("这是 OpenDocument 表格（.ods，WPS、LibreOffice 等保存的），不能直接读取。"
                    "请在 WPS/Excel/LibreOffice 中打开，" + SAVE_AS)
    if any(n.startswith("Index/") and n.endswith(".iwa") for n in names):
        return ("这是苹果 Numbers 表格，不能直接读取。请在 Numbers 中选“文件 → 导出为 → Excel”，"
                "导出 .xlsx 后再运行。")
    inside = sorted(_member_name(i) for i in zf.infolist()
                    if i.filename.lower().endswith((".xlsx", ".xlsm")))
    if inside:
        return (f"这是压缩包，不是工作簿；其中有 {'、'.join(inside[:3])}"
                f"{'等' if len(inside) > 3 else ''}。请先解压，再对解压出的工作簿运行。")
    return "压缩包中没有工作簿内容，不是 Excel 工作簿（.xlsx）。"


def _member_name(info: zipfile.ZipInfo) -> str:
    """A member's name as its maker wrote it: zips made on a Chinese Windows store names in
    GBK without saying so (Python reads such names as cp437)."""
    if info.flag_bits & 0x800:
        return info.filename
    raw = info.filename.encode("cp437", "replace")
    for encoding in ("utf-8", "gbk"):
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError:
            continue
    return info.filename


def _text_head(head: bytes) -> str:
    """The start of a file as lower-case text, if it is text (UTF-8, GBK or UTF-16)."""
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return head.decode("utf-16", "replace").lower()
    return head.decode("utf-8", "replace").lower()


def _unreadable(exc: OSError) -> str:
    """Why the file cannot be opened, and what to do."""
    if in_use(exc):
        return ("文件正在被其他程序使用（如在 Excel/WPS 中打开），无法读取。"
                "请在 Excel/WPS 中保存并关闭它后重新运行。")
    if isinstance(exc, PermissionError):
        return "没有读取这个文件的权限。请把它复制到自己的文件夹（如 D:\\绩效）后重新运行。"
    return f"无法打开文件（{os_reason(exc)}）。"


def open_package(path: Path) -> Package:
    """Check that ``path`` is a safe, complete .xlsx workbook; raise NotAWorkbookError if not."""
    path = Path(path)
    try:
        with path.open("rb") as fh:
            head = fh.read(4096)
    except IsADirectoryError as exc:
        raise _refuse(path, "这是一个文件夹，不是工作簿。") from exc
    except OSError as exc:
        raise _refuse(path, _unreadable(exc)) from exc
    if not head.startswith(b"PK"):
        raise _sniff(path, head)
    try:
        zf = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError, ValueError, EOFError) as exc:
        raise _refuse(path, "文件不完整或已损坏（可能下载未完成），请重新下载或重新保存。") from exc
    with zf:
        names = set(zf.namelist())
        if "xl/workbook.xml" not in names:
            raise _refuse(path, _other_package(zf, names))
        infos = zf.infolist()
        unpacked = sum(i.file_size for i in infos)
        packed = sum(i.compress_size for i in infos) or 1
        if unpacked > MAX_UNPACKED or (unpacked > 50 << 20 and unpacked / packed > MAX_RATIO):
            raise _refuse(path, "文件解压后异常巨大，可能是恶意文件，已拒绝读取。")
        xml: dict[str, bytes] = {}
        wanted: set[str] = set()  # the shared strings and styles parts, by relationship
        # the workbook's relationships first: they name the parts kept (any name is allowed)
        for info in sorted(infos, key=lambda i: i.filename != _KEEP[1]):
            if info.filename.endswith((".xml", ".rels")):
                keep = info.filename in _KEEP or info.filename in wanted or posixpath.basename(
                    info.filename).lower().startswith(("sharedstrings", "styles"))
                xml[info.filename] = _read_part(path, zf, info, keep)
                if info.filename == _KEEP[1]:
                    wanted = {target for _, kind, target in _relationships(path, xml[_KEEP[1]])
                              if kind in _SHARED}
    return _read_package(path, xml)


def _read_part(path: Path, zf: zipfile.ZipFile, info: zipfile.ZipInfo, keep: bool) -> bytes:
    """Inflate one XML part whole, refusing it if it cannot be inflated or declares a DTD
    anywhere; its bytes if ``keep`` (sheets are streamed again by the sheet reader)."""
    part = info.filename
    if info.flag_bits & 0x1:
        raise _refuse(path, f"文件中的 {part} 被加密，无法读取。"
                            "请取消加密（或设置的密码）后“另存为”Excel 工作簿（.xlsx）。")
    if info.compress_type not in _METHODS:
        raise _refuse(path, f"文件已损坏或不是 Excel 保存的：{part} 使用了不支持的压缩方式"
                            f"（{info.compress_type}）。" + DAMAGED)
    kept: list[bytes] = []
    tail = b""
    try:
        with zf.open(info) as fh:
            while chunk := fh.read(_CHUNK):
                window = tail + chunk
                # "<!" (UTF-8) or "<\0!" (UTF-16, either order) starts every declaration:
                # most parts have neither, and a find is much faster than the pattern
                if (b"<!" in window or b"<\x00!" in window) and _DTD.search(window):
                    raise unsafe(path, part)
                tail = window[-_OVERLAP:]
                if keep:
                    kept.append(chunk)
    except UNREADABLE as exc:
        raise damaged(path, part, exc) from exc
    return b"".join(kept)


# what inflating a damaged member raises (a flipped bit, a bad CRC, a cut file, an unknown
# method or an encrypted member that slipped through the checks above)
UNREADABLE = (zipfile.BadZipFile, zlib.error, EOFError, OSError, RuntimeError,
              NotImplementedError, ValueError)


def damaged(path: Path, part: str, exc: BaseException) -> NotAWorkbookError:
    return _refuse(path, f"文件已损坏：{part} 无法解压（{type(exc).__name__}）。" + DAMAGED)


def unsafe(path: Path, part: str) -> NotAWorkbookError:
    return _refuse(path, f"文件不安全：{part} 含有 DOCTYPE/实体声明，"
                         "正常的 Excel 文件不会有，可能是恶意文件，已拒绝读取。")


def _parse(path: Path, part: str, data: bytes) -> Element:
    try:
        return SafeET.fromstring(data)
    except DefusedXmlException as exc:
        raise unsafe(path, part) from exc
    except (SafeET.ParseError, ValueError) as exc:
        raise _refuse(path, f"文件已损坏：{part} 的内部结构无法读取。" + DAMAGED) from exc


def _read_package(path: Path, xml: dict[str, bytes]) -> Package:
    pkg = Package(path)
    workbook = _parse(path, "xl/workbook.xml", xml["xl/workbook.xml"])
    rels_part = _KEEP[1]
    targets: dict[str, str] = {}
    worksheets: set[str] = set()  # relationship ids of worksheets (not chart or dialog sheets)
    by_kind: dict[str, str] = {}  # sharedStrings, styles → its part
    if rels_part in xml:
        for rid, kind, target in _relationships(path, xml[rels_part]):
            targets[rid] = target
            if kind == "worksheet":
                worksheets.add(rid)
            elif kind in _SHARED:
                by_kind.setdefault(kind, target)
    for el in workbook.iter():
        name = local_name(el.tag)
        if name == "workbookPr":
            pkg.date1904 = xml_true(el.get("date1904"))
        elif name == "calcPr":
            pkg.recalc = xml_true(el.get("fullCalcOnLoad"))
        elif name == "sheet":
            rid = next((v for k, v in el.attrib.items() if k.startswith("{")
                        and local_name(k) == "id"), "")
            if rid in worksheets:
                pkg.sheets.append(SheetPart(el.get("name", ""), targets[rid],
                                            el.get("state", "visible") != "visible"))
            elif rid not in targets:  # the package lost its relationships: not "no sheet"
                raise _refuse(path, f"文件已损坏：找不到工作表“{el.get('name', '')}”的内容"
                                    f"（{rels_part} 缺失或不完整）。" + DAMAGED)
    pkg.parts = {sheet.part for sheet in pkg.sheets if sheet.part in xml}
    shared = by_kind.get("sharedStrings", "xl/sharedStrings.xml")
    if shared in xml:
        pkg.strings = _shared_strings(_parse(path, shared, xml[shared]))
    styles = by_kind.get("styles", "xl/styles.xml")
    if styles in xml:
        pkg.formats = parse_styles(_parse(path, styles, xml[styles]))
    return pkg


_SHARED = ("sharedStrings", "styles")  # the workbook-wide parts a sheet's cells refer to


def _relationships(path: Path, data: bytes) -> list[tuple[str, str, str]]:
    """``(id, kind, part)`` of each relationship in the workbook's .rels: ``kind`` is the last
    word of its type (``worksheet``, ``sharedStrings``; the same in transitional and strict
    OOXML), ``part`` the target's path in the package (the file may name it anything)."""
    found = []
    for rel in _parse(path, _KEEP[1], data).iter():
        if local_name(rel.tag) != "Relationship":
            continue
        target = rel.get("Target", "")
        target = target[1:] if target.startswith("/") else posixpath.normpath(
            posixpath.join("xl", target))
        found.append((rel.get("Id", ""), rel.get("Type", "").rsplit("/", 1)[-1], target))
    return found


def _shared_strings(root: Element) -> list[str]:
    """Each ``<si>``'s text: its ``<t>`` runs joined, phonetic guides (``<rPh>``) left out."""
    out = []
    for si in root:
        if local_name(si.tag) == "si":
            out.append(stored_text("".join(_texts(si))))
    return out


def _texts(el: Element) -> list[str]:
    found = []
    for child in el:
        name = local_name(child.tag)
        if name == "t":
            found.append(child.text or "")
        elif name != "rPh":
            found.extend(_texts(child))
    return found
