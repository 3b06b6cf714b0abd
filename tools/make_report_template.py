"""Create templates/部门整体支出绩效自评报告.docx: GB/T 9704-2012 styles and the report's text.

Run once with ``python tools/make_report_template.py [out.docx]``. After that the committed
.docx is the source of truth: maintainers edit it in Word or WPS, not this script. The
format lives in the template's styles (正文/Normal, 标题/Title, 标题 1–4/Heading 1–4,
页脚/Footer) and its section, so an edited template keeps it:

- A4; margins top 37 mm, bottom 35 mm, left 28 mm, right 26 mm; a line grid of 22 lines
  (linePitch 579 twips). 28 characters a line come from the body text being condensed by
  0.25 pt (15.75 pt × 28 = 441 pt ≤ the 156 mm line), not from a character grid: Word's
  character grid (docGrid linesAndChars, charSpace −849) is rendered by LibreOffice with
  every character in two cells.
- Title 2号 (22 pt) 方正小标宋简体, centred. Body 3号 (16 pt) 仿宋_GB2312, justified,
  first line indented 2 characters, exact line spacing 28.95 pt.
- Headings 一、 黑体; （一） 楷体_GB2312; 1. and （1） 仿宋_GB2312, all 3号.
- Page numbers 4号 (14 pt) 宋体 ``— 1 —``: odd pages right, even pages left, one
  character in from the edge of the text area; footer 25 mm from the page edge, which
  puts the dashes about 7 mm below the text area.
"""

from __future__ import annotations

import sys
from datetime import UTC, datetime
from pathlib import Path

import docx
from docx.document import Document
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.styles.style import BaseStyle
from docx.text.paragraph import Paragraph
from lxml import etree

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_OUT = ROOT / "templates" / "部门整体支出绩效自评报告.docx"

LATIN = "Times New Roman"
BODY_FONT = "仿宋_GB2312"
TITLE_FONT = "方正小标宋简体"
H1_FONT = "黑体"
H2_FONT = "楷体_GB2312"
PAGE_NUMBER_FONT = "宋体"

BODY_SIZE = 32  # half-points: 3号 16 pt
TITLE_SIZE = 44  # 2号 22 pt
PAGE_NUMBER_SIZE = 28  # 4号 14 pt
LINE = 579  # twips: exact 28.95 pt, 22 lines in the 225 mm text area
CONDENSE = -5  # twips: body characters 0.25 pt closer, 28 characters a line
FIXED_DATE = datetime(2024, 1, 1, tzinfo=UTC)


def mm(value: float) -> int:
    """Millimetres → twips (1/20 pt)."""
    return round(value / 25.4 * 1440)


def _el(tag: str, **attrs: str | int) -> OxmlElement:
    element = OxmlElement(tag)
    for key, value in attrs.items():
        element.set(qn(f"w:{key}"), str(value))
    return element


def _fonts(east_asia: str, latin: str) -> OxmlElement:
    """rFonts with the East Asian font set as East Asian (Word/WPS fall back otherwise)."""
    return _el("w:rFonts", ascii=latin, hAnsi=latin, eastAsia=east_asia, cs=latin)


def _run_props(
    east_asia: str, latin: str, size: int, bold: bool = False, condense: int = 0
) -> OxmlElement:
    rpr = _el("w:rPr")
    rpr.append(_fonts(east_asia, latin))
    rpr.append(_el("w:b", val=int(bold)))
    rpr.append(_el("w:bCs", val=int(bold)))
    if condense:
        rpr.append(_el("w:spacing", val=condense))
    rpr.append(_el("w:kern", val=0))
    rpr.append(_el("w:sz", val=size))
    rpr.append(_el("w:szCs", val=size))
    rpr.append(_el("w:lang", val="en-US", eastAsia="zh-CN", bidi="ar-SA"))
    return rpr


def _para_props(
    *,
    align: str = "both",
    first_line_chars: int = 200,
    first_line: int = 640,
    line: int = LINE,
    after: int = 0,
    outline: int | None = None,
    keep_next: bool = False,
) -> OxmlElement:
    ppr = _el("w:pPr")
    if keep_next:
        ppr.append(_el("w:keepNext"))
    ppr.append(_el("w:widowControl", val=0))
    ppr.append(_el("w:spacing", before=0, after=after, line=line, lineRule="exact"))
    if first_line_chars:
        ppr.append(_el("w:ind", firstLineChars=first_line_chars, firstLine=first_line))
    else:
        ppr.append(_el("w:ind", firstLineChars=0, firstLine=0))
    ppr.append(_el("w:jc", val=align))
    if outline is not None:
        ppr.append(_el("w:outlineLvl", val=outline))
    return ppr


def _set_style(style: BaseStyle, ppr: OxmlElement, rpr: OxmlElement) -> None:
    """Replace a style's paragraph and run properties; drop its linked character style."""
    element = style.element
    for tag in ("w:pPr", "w:rPr", "w:link"):
        for old in element.findall(qn(tag)):
            element.remove(old)
    element.append(ppr)
    element.append(rpr)


def _remove_linked_char_styles(doc: Document) -> None:
    styles = doc.styles.element
    for style_id in ("TitleChar", "Heading1Char", "Heading2Char", "Heading3Char",
                     "Heading4Char", "HeaderChar", "FooterChar"):
        for element in styles.findall(qn("w:style")):
            if element.get(qn("w:styleId")) == style_id:
                styles.remove(element)


def set_styles(doc: Document) -> None:
    """Document defaults and the styles the report uses, per GB/T 9704-2012."""
    defaults = doc.styles.element.find(qn("w:docDefaults"))
    rpr_default = defaults.find(qn("w:rPrDefault"))
    rpr_default.remove(rpr_default.find(qn("w:rPr")))
    rpr_default.append(_run_props(BODY_FONT, LATIN, BODY_SIZE))
    ppr_default = defaults.find(qn("w:pPrDefault"))
    ppr_default.remove(ppr_default.find(qn("w:pPr")))
    ppr = _el("w:pPr")
    ppr.append(_el("w:spacing", before=0, after=0, line=LINE, lineRule="exact"))
    ppr_default.append(ppr)

    styles = doc.styles
    _set_style(
        styles["Normal"], _para_props(), _run_props(BODY_FONT, LATIN, BODY_SIZE, condense=CONDENSE)
    )
    _set_style(
        styles["Title"],
        _para_props(align="center", first_line_chars=0, after=LINE),
        _run_props(TITLE_FONT, TITLE_FONT, TITLE_SIZE, condense=0),
    )
    for name, font, level in (
        ("Heading 1", H1_FONT, 0),
        ("Heading 2", H2_FONT, 1),
        ("Heading 3", BODY_FONT, 2),
        ("Heading 4", BODY_FONT, 3),
    ):
        _set_style(
            styles[name],
            _para_props(outline=level, keep_next=True),
            _run_props(font, LATIN if font == BODY_FONT else font, BODY_SIZE, condense=CONDENSE),
        )
    footer_ppr = _para_props(first_line_chars=0, line=240)
    footer_ppr.find(qn("w:spacing")).set(qn("w:lineRule"), "auto")
    _set_style(
        styles["Footer"],
        footer_ppr,
        _run_props(PAGE_NUMBER_FONT, PAGE_NUMBER_FONT, PAGE_NUMBER_SIZE),
    )
    _remove_linked_char_styles(doc)


def set_page(doc: Document) -> None:
    """A4, GB/T 9704 margins, a 22-line grid, odd/even page footers."""
    section = doc.sections[0]
    sect_pr = section._sectPr
    for tag in ("w:pgSz", "w:pgMar", "w:cols", "w:docGrid"):
        for old in sect_pr.findall(qn(tag)):
            sect_pr.remove(old)
    sect_pr.append(_el("w:pgSz", w=11906, h=16838))
    sect_pr.append(
        _el("w:pgMar", top=mm(37), right=mm(26), bottom=mm(35), left=mm(28),
            header=mm(15), footer=mm(25), gutter=0)
    )
    sect_pr.append(_el("w:cols", space=425))
    sect_pr.append(_el("w:docGrid", type="lines", linePitch=LINE))

    settings = doc.settings
    settings.odd_and_even_pages_header_footer = True
    lang = settings.element.find(qn("w:themeFontLang"))
    if lang is not None:
        lang.set(qn("w:eastAsia"), "zh-CN")

    _page_number(section.footer.paragraphs[0], odd=True)
    _page_number(section.even_page_footer.paragraphs[0], odd=False)


def _page_number(paragraph: Paragraph, *, odd: bool) -> None:
    """``— PAGE —`` in the Footer style: odd pages right, even pages left, 一字 in."""
    paragraph.style = "Footer"
    ppr = paragraph._p.get_or_add_pPr()
    ppr.append(_el("w:ind", **({"right": 280} if odd else {"left": 280})))
    ppr.append(_el("w:jc", val="right" if odd else "left"))

    def run(*children: OxmlElement) -> None:
        r = _el("w:r")
        for child in children:
            r.append(child)
        paragraph._p.append(r)

    def text(value: str) -> OxmlElement:
        t = _el("w:t")
        t.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
        t.text = value
        return t

    instr = _el("w:instrText")
    instr.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
    instr.text = " PAGE "
    run(text("— "))
    run(_el("w:fldChar", fldCharType="begin"))
    run(instr)
    run(_el("w:fldChar", fldCharType="separate"))
    run(text("1"))
    run(_el("w:fldChar", fldCharType="end"))
    run(text(" —"))


# The report: (style, text). Jinja tags follow docxtpl: a paragraph holding only a
# ``{%p … %}`` tag is replaced by that tag (loops over paragraphs).
H1, H2, H3, BODY = "Heading 1", "Heading 2", "Heading 3", "Normal"


def _loop(var: str, source: str, line: str) -> list[tuple[str, str]]:
    return [
        (BODY, f"{{%p for {var} in {source} %}}"),
        (BODY, line),
        (BODY, "{%p endfor %}"),
    ]


def _block(label: str) -> list[tuple[str, str]]:
    return _loop("text", f"blocks.get('{label}', [])", "{{ text }}")


CONTENT: list[tuple[str, str]] = [
    (H1, "一、基本情况"),
    (H2, "（一）部门概况"),
    (BODY, "{{ dept.name }}的主要职责是："),
    *_block("部门职责"),
    *_block("机构设置"),
    (H2, "（二）年度总体工作和重点工作任务"),
    *_block("年度总体工作"),
    (H2, "（三）部门整体收支情况"),
    *_loop("text", "report.goal",
           "{% if loop.first %}1.部门整体支出绩效目标：{% endif %}{{ text }}"),
    (BODY, "2.年度部门整体支出规模及完成率：{{ dept.name }}{{ year }}年年初预算数"
           "{{ report.initial_budget|money('—') }}万元，全年执行数"
           "{{ report.executed|money('—') }}万元，完成预算的"
           "{{ report.completion_rate|percent }}。"),
    (H2, "（四）部门整体绩效管理情况"),
    *_block("绩效管理情况"),
    (H1, "二、综合评价分析"),
    (H2, "（一）自评结论综述"),
    (BODY, "经综合自评，{{ report.self_name }} {{ year }} 年部门整体支出绩效自评结果为"
           "“{{ report.grade }}”，自评得分为 {{ report.total_score|number }} 分。"
           "整体预算完成率达到 {{ report.completion_rate|percent }}，整体支出和完成情况"
           "{% if report.grade in ('优', '良') %}较为理想{% else %}仍需改进{% endif %}。"),
    (H2, "（二）各项工作任务绩效目标完成情况分析"),
    (H3, "1.履职效能情况。"),
    *_loop("s", "report.performance",
           "（{{ loop.index }}）部门整体绩效目标{{ s.name }}完成情况：共设{{ s.counts_phrase }}，"
           "总分 {{ s.weight|number }} 分，得分 {{ s.score|number }} 分。"),
    (BODY, "2.管理效率情况。{% if report.management.areas %}主要包括"
           "{{ report.management.areas_phrase }}。{% endif %}下设 "
           "{{ report.management.count }} 个三级指标，总分 "
           "{{ report.management.weight|number }} 分，"
           "自评得分 {{ report.management.score|number }} 分。"
           "{% if report.management.lost %}总体完成情况{% if report.management.grade == '优' %}"
           "较好{% else %}一般{% endif %}，主要扣分指标是：{{ report.management.lost_phrase }}。"
           "{% else %}各项指标均未扣分。{% endif %}"),
    (H2, "（三）各重点任务项目支出完成情况分析"),
    *_loop("p", "report.projects",
           "{{ loop.index|cn_ordinal }}{{ p.name }}，年初预算 {{ p.initial|money }} 万元，"
           "{% if p.adjustment_word %}年中{{ p.adjustment_word }}预算 {{ p.adjustment_abs|money }}"
           " 万元，调整后预算 {{ p.adjusted|money }} 万元，{% endif %}{{ year }} 年实际支出 "
           "{{ p.spent|money('—') }} 万元，预算执行率 {{ p.rate|percent }}"
           "{% if loop.last %}。{% else %}；{% endif %}"),
    (H2, "（四）主要工作成效"),
    *_block("主要工作成效"),
    (H1, "三、存在的主要问题"),
    *_loop("text", "report.problems", "{{ loop.index|cn_paren }}{{ text }}"),
    (H1, "四、下一步改进措施"),
    *_loop("text", "report.measures", "{{ loop.index|cn_paren }}{{ text }}"),
]


def write_content(doc: Document) -> None:
    """The title (部门名称 / 年度…报告 on two lines) and the report's paragraphs."""
    body = doc.element.body
    for p in list(body.iterchildren(qn("w:p"))):
        body.remove(p)
    title = doc.add_paragraph(style="Title")
    title.add_run("{{ dept.name }}").add_break()
    title.add_run("{{ year }}年部门整体支出绩效自评报告")
    for style, text in CONTENT:
        doc.add_paragraph(text, style=style)


def set_properties(doc: Document) -> None:
    props = doc.core_properties
    props.title = "部门整体支出绩效自评报告"
    props.author = "xlgen"
    props.last_modified_by = "xlgen"
    props.language = "zh-CN"
    props.comments = (
        "由 tools/make_report_template.py 生成；此后以本文件为准，可在 Word/WPS 中修改。"
    )
    props.created = props.modified = FIXED_DATE
    props.revision = 1


def drop_leftovers(doc: Document) -> None:
    """Remove parts of python-docx's default package that would contradict our styles.

    Its thumbnail shows another document; its stylesWithEffects.xml (read by Word 2010)
    holds the original styles with theme fonts.
    """
    for rels in (doc.part.package.rels, doc.part.rels):
        for key, rel in list(rels.items()):
            if rel.reltype.endswith(("/metadata/thumbnail", "/stylesWithEffects")):
                del rels[key]


# Chinese fonts for fontTable.xml: (name, altName, family). charset 86 (GB2312) tells Word
# and WPS to substitute a Chinese font on a machine that lacks one, not a Latin one.
CHINESE_FONTS = (
    (BODY_FONT, "仿宋", "modern"),
    (H2_FONT, "楷体", "modern"),
    (H1_FONT, "SimHei", "modern"),
    (PAGE_NUMBER_FONT, "SimSun", "auto"),
    (TITLE_FONT, "FZXiaoBiaoSong-B05S", "auto"),
)


def add_chinese_fonts(doc: Document) -> None:
    """Declare the Chinese fonts in the font table (Word writes these entries itself)."""
    for rel in doc.part.rels.values():
        if rel.reltype.endswith("/fontTable"):
            part = rel.target_part
            root = etree.fromstring(part.blob)
            for name, alt, family in CHINESE_FONTS:
                font = etree.SubElement(root, qn("w:font"), {qn("w:name"): name})
                etree.SubElement(font, qn("w:altName"), {qn("w:val"): alt})
                etree.SubElement(font, qn("w:charset"), {qn("w:val"): "86"})
                etree.SubElement(font, qn("w:family"), {qn("w:val"): family})
                etree.SubElement(font, qn("w:pitch"), {qn("w:val"): "variable"})
            part._blob = etree.tostring(root, xml_declaration=True, encoding="UTF-8",
                                        standalone=True)


def make_template(out: Path = DEFAULT_OUT) -> Path:
    """Build the report template and save it to ``out``."""
    doc = docx.Document()
    drop_leftovers(doc)
    add_chinese_fonts(doc)
    set_styles(doc)
    set_page(doc)
    write_content(doc)
    set_properties(doc)
    out.parent.mkdir(parents=True, exist_ok=True)
    doc.save(str(out))
    return out


if __name__ == "__main__":
    print(make_template(Path(sys.argv[1]) if len(sys.argv) > 1 else DEFAULT_OUT))
