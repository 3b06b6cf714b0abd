"""The national format of official documents (GB/T 9704-2012) in a Word template's styles.

A maintainer edits the report's template in Word or WPS; a style changed there (黑体 set as
the Western font only, a heading's size, the line spacing, a margin) changes every report
without an error. :func:`word_format_problems` reads the template's page setup, styles
(through ``basedOn`` and the document defaults, as Word does) and page-number footers, and
says in Chinese what differs from spec/domain.md “Word report format” and where to fix it.
"""

from __future__ import annotations

import posixpath
import zipfile
from pathlib import Path
from xml.etree.ElementTree import Element

from defusedxml import DefusedXmlException
from defusedxml import ElementTree as SafeET

from ..problems import Problem, Severity
from .lookup import template_label

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
NS = {"w": W}
TWIPS_PER_MM = 1440 / 25.4
MARGINS_MM = {"top": ("上", 37), "bottom": ("下", 35), "left": ("左", 28), "right": ("右", 26)}
LINE = (560, 580)  # fixed line spacing 28–29 pt, in twips
OFF = ("0", "false", "off")  # a switched-off toggle (<w:b w:val="0"/>)

# style id, its name in Word/WPS, East Asian font (what its name must contain, what to
# choose), size in half-points
STYLES = [
    ("Title", "标题", ("小标宋", "方正小标宋简体"), 44),
    ("Normal", "正文", ("仿宋", "仿宋_GB2312"), 32),
    ("Heading1", "标题 1", ("黑体", "黑体"), 32),
    ("Heading2", "标题 2", ("楷体", "楷体_GB2312"), 32),
    ("Heading3", "标题 3", ("仿宋", "仿宋_GB2312"), 32),
    ("Heading4", "标题 4", ("仿宋", "仿宋_GB2312"), 32),
    ("Footer", "页脚", ("宋体", "宋体"), 28),
]
_SIZES = {44: "2号（22 磅）", 32: "3号（16 磅）", 28: "4号（14 磅）"}


def _w(name: str) -> str:
    return f"{{{W}}}{name}"


Props = dict[str, dict[str, str]]  # element name (rFonts, sz, spacing, …) → its attributes


def _local(name: str) -> str:
    return name.rsplit("}", 1)[-1]


def _props(parent: Element | None) -> Props:
    if parent is None:
        return {}
    return {_local(child.tag): {_local(k): v for k, v in child.attrib.items()}
            for child in parent}


_BY_ATTRIBUTE = {"rFonts", "spacing", "ind"}  # each attribute inherited on its own


def _merge(base: Props, over: Props) -> Props:
    """``over`` on top of ``base``: fonts, spacing and indents attribute by attribute, other
    properties whole (``<w:b/>`` over an inherited ``<w:b w:val="0"/>`` is bold)."""
    merged = {k: dict(v) for k, v in base.items()}
    for name, attrs in over.items():
        if name in _BY_ATTRIBUTE:
            merged.setdefault(name, {}).update(attrs)
        else:
            merged[name] = dict(attrs)
    return merged


class _Styles:
    """A template's paragraph styles with what they inherit, as Word resolves them."""

    def __init__(self, root: Element) -> None:
        defaults = root.find("w:docDefaults", NS)
        self.default_r = _props(defaults.find("w:rPrDefault/w:rPr", NS)
                                if defaults is not None else None)
        self.default_p = _props(defaults.find("w:pPrDefault/w:pPr", NS)
                                if defaults is not None else None)
        self.styles = {s.get(_w("styleId")): s for s in root.findall("w:style", NS)}

    def resolved(self, style_id: str, seen: frozenset[str] = frozenset()) -> tuple[Props, Props]:
        """(paragraph, run) properties of a style: defaults < basedOn chain < its own."""
        style = self.styles.get(style_id)
        if style is None or style_id in seen:
            return self.default_p, self.default_r
        based = style.find("w:basedOn", NS)
        if based is not None:
            p, r = self.resolved(based.get(_w("val")) or "", seen | {style_id})
        else:
            p, r = self.default_p, self.default_r
        return (_merge(p, _props(style.find("w:pPr", NS))),
                _merge(r, _props(style.find("w:rPr", NS))))


def _style_findings(styles: _Styles) -> list[str]:
    found = []
    for style_id, name, (east_asia, font), size in STYLES:
        if style_id not in styles.styles:
            found.append(f"没有“{name}”样式")
            continue
        p, r = styles.resolved(style_id)
        fonts = r.get("rFonts", {})
        where = f"样式“{name}”"
        if "eastAsiaTheme" in fonts:
            found.append(f"{where}的中文字体是主题字体（{fonts['eastAsiaTheme']}），应为“{font}”"
                         "（修改样式 → 格式 → 字体 → 中文字体）")
        elif east_asia not in fonts.get("eastAsia", ""):
            typed = fonts.get("eastAsia")
            now = f"是“{typed}”" if typed else "没有设"
            western = fonts.get("ascii", "")
            hint = (f"（“{western}”只设成了西文字体）" if east_asia in western else "")
            found.append(f"{where}的中文字体{now}{hint}，应为“{font}”（修改样式 → 格式 → 字体 → "
                         "中文字体）")
        half_points = r.get("sz", {}).get("val")
        if half_points != str(size):
            now = f"是 {int(half_points) / 2:g} 磅" if half_points and half_points.isdigit() \
                else "没有设"
            found.append(f"{where}的字号{now}，应为 {_SIZES[size]}")
        if "b" in r and r["b"].get("val", "1") not in OFF:
            found.append(f"{where}是加粗的，公文的标题和正文不加粗")
        if style_id.startswith("Heading") or style_id == "Normal":
            spacing = p.get("spacing", {})
            line = spacing.get("line", "")
            if spacing.get("lineRule") != "exact" or not (
                    line.isdigit() and LINE[0] <= int(line) <= LINE[1]):
                found.append(f"{where}的行距不是固定值 28–29 磅（每页 22 行），应为固定值 28.95 磅")
        if style_id == "Normal":
            ind = p.get("ind", {})
            chars, twips = ind.get("firstLineChars"), ind.get("firstLine", "")
            if not (chars == "200" or (chars is None and twips.isdigit()
                                         and abs(int(twips) - 640) <= 20)):
                found.append(f"{where}的首行缩进不是 2 字符")
        if style_id == "Title" and p.get("jc", {}).get("val") != "center":
            found.append(f"{where}不是居中")
        if style_id == "Title" and p.get("snapToGrid", {}).get("val", "1") not in OFF:
            found.append(f"{where}对齐了文档网格：LibreOffice 生成的 PDF 中 2号字的标题每行占两行，"
                         "标题各行之间空一行（修改样式 → 格式 → 段落 → 取消“如果定义了文档网格，"
                         "则对齐到网格”）")
    return found


def _page_findings(document: Element) -> tuple[list[str], Element | None]:
    sect = document.find("w:body/w:sectPr", NS)
    if sect is None:
        return ["没有页面设置"], None
    found = []
    size = sect.find("w:pgSz", NS)
    width = int(size.get(_w("w"), "0")) if size is not None else 0
    height = int(size.get(_w("h"), "0")) if size is not None else 0
    if abs(width - 11906) > 30 or abs(height - 16838) > 30:
        found.append(f"纸张是 {width / TWIPS_PER_MM:.0f}×{height / TWIPS_PER_MM:.0f} 毫米，应为 "
                     "A4 纵向（210×297 毫米）")
    margins = sect.find("w:pgMar", NS)
    for side, (label, want) in MARGINS_MM.items():
        value = margins.get(_w(side)) if margins is not None else None
        mm = abs(int(value)) / TWIPS_PER_MM if value and value.lstrip("-").isdigit() else 0
        if abs(mm - want) > 0.5:
            found.append(f"{label}页边距是 {mm:.1f} 毫米，应为 {want} 毫米")
    grid = sect.find("w:docGrid", NS)
    if grid is not None and grid.get(_w("type")) in ("linesAndChars", "snapToChars"):
        found.append("文档网格设成了“指定行和字符网格”，LibreOffice 生成的 PDF 中每个汉字占两格："
                     "改为“只指定行网格”（页面设置 → 文档网格）")
    return found, sect


def _footer_findings(z: zipfile.ZipFile, sect: Element | None) -> list[str]:
    settings = SafeET.fromstring(z.read("word/settings.xml")) \
        if "word/settings.xml" in z.namelist() else None
    if settings is None or settings.find("w:evenAndOddHeaders", NS) is None:
        return ["没有设“奇偶页不同”，页码不能单页居右、双页居左（页面设置 → 版式 → 奇偶页不同）"]
    rels = SafeET.fromstring(z.read("word/_rels/document.xml.rels"))
    targets = {r.get("Id"): r.get("Target") for r in rels}
    found = []
    for kind, side, label in (("default", "right", "奇数页"), ("even", "left", "偶数页")):
        ref = sect.find(f"w:footerReference[@w:type='{kind}']", NS) if sect is not None else None
        target = targets.get(ref.get(f"{{{R}}}id")) if ref is not None else None
        part = posixpath.normpath(posixpath.join("word", target)) if target else ""
        if part not in z.namelist():
            found.append(f"没有{label}页脚，{label}不印页码")
            continue
        footer = SafeET.fromstring(z.read(part))
        codes = "".join(t.text or "" for t in footer.iter(_w("instrText")))
        simple = [f.get(_w("instr"), "") for f in footer.iter(_w("fldSimple"))]
        if "PAGE" not in codes + "".join(simple):
            found.append(f"{label}页脚中没有页码（插入 → 页码）")
            continue
        sides = {j.get(_w("val")) for j in footer.iter(_w("jc"))}
        if side not in sides and {"right": "end", "left": "start"}[side] not in sides:
            found.append(f"{label}页码应{'居右' if side == 'right' else '居左'}")
    return found


def word_format_findings(template: Path) -> list[str]:
    """What in ``template`` differs from the GB/T 9704 format of the report, in Chinese."""
    with zipfile.ZipFile(template) as z:
        document = SafeET.fromstring(z.read("word/document.xml"))
        found, sect = _page_findings(document)
        if "word/styles.xml" in z.namelist():
            found += _style_findings(_Styles(SafeET.fromstring(z.read("word/styles.xml"))))
        else:
            found.append("没有样式")
        found += _footer_findings(z, sect)
    return found


def word_format_problems(template: Path) -> list[Problem]:
    """One warning ``template-word-format`` per difference; none for an unreadable file
    (the template check reports that)."""
    try:
        found = word_format_findings(template)
    except (OSError, KeyError, ValueError, zipfile.BadZipFile, SafeET.ParseError,
            DefusedXmlException):
        return []
    label = template_label(template)
    return [Problem(Severity.WARNING, "template-word-format",
                    f"Word 模板“{label}”不合公文格式（GB/T 9704-2012）：{what}。"
                    "每份报告都会这样印出；格式见模板文件夹中的 README-word.md。", str(template))
            for what in found]


__all__ = ["word_format_findings", "word_format_problems"]
