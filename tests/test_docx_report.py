"""The Word report: rendering (xlgen.render.docx), the template's format, and seed 001's text.

The seed-001 input is built in test_report_figures.seed_book(). Its rendered sentences are
compared with the published ones; every difference is listed next to the sentence (house
style: two decimals, full-width punctuation, the framework's names; one published slip).
"""

from __future__ import annotations

import io
import os
import re
import shutil
import subprocess
import zipfile
from collections.abc import Mapping
from dataclasses import replace
from decimal import Decimal as D
from pathlib import Path
from typing import Any

import docx
import printing
import pytest
from lxml import etree
from test_report_figures import seed_book

from xlgen.errors import TemplateError
from xlgen.model import Department, InputBook, ManagementIndicator, Project, SelfEvaluation
from xlgen.render.context import build_context
from xlgen.render.docx import check_docx_template, docx_template_variables, render_docx
from xlgen.render.filters import FILTERS
from xlgen.stable import FIXED_TIME_UTC, ZIP_TIME

ROOT = Path(__file__).resolve().parent.parent
TEMPLATE = ROOT / "templates" / "部门整体支出绩效自评报告.docx"
README = ROOT / "templates" / "README-word.md"
W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
NS = {"w": W}


def w(name: str) -> str:
    return f"{{{W}}}{name}"


@pytest.fixture(scope="module")
def seed_docx() -> bytes:
    return render_docx(TEMPLATE, build_context(seed_book()))


def part(data: bytes, name: str) -> etree._Element:
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        return etree.fromstring(z.read(name))


def paragraphs(data: bytes) -> list[str]:
    return [p.text for p in docx.Document(io.BytesIO(data)).paragraphs]


def make_template(path: Path, paragraphs: list[str | list[str]]) -> Path:
    """A small .docx: each item a paragraph; a list is a paragraph of several runs."""
    doc = docx.Document()
    for item in paragraphs:
        p = doc.add_paragraph()
        for i, text in enumerate([item] if isinstance(item, str) else item):
            run = p.add_run(text)
            run.bold = i % 2 == 1  # alternate formatting, as Word does after an edit
    doc.save(str(path))
    return path


def small_book(**blocks: list[str]) -> InputBook:
    return InputBook(path="x.xlsx", department=Department(year=2023, name="测试局"),
                     self_evaluation=SelfEvaluation(blocks=dict(blocks)))


# --- seed 001: the published sentences ------------------------------------------------

# (published sentence, [(published text, ours)] differences). Differences:
#   punctuation  the published 一(三)2 mixes ASCII ":" "," with Chinese text; we print full-width
#   name         the published text abbreviates the department to “区政务服务数据管理局”
#   money        domain.md: amounts with two decimals (600 → 600.00), rates too (100% → 100.00%)
#   framework    二级 named as the framework names them (可持续发展 → 可持续影响), joined by 、
#   slip         600 − 356.04 = 243.96, not the published 343.96 (the 99.48% agrees with 243.96)
#   wording      “预计” dropped: a self-evaluation reports the year's actual completion
#   spacing      the published text has ASCII spaces around figures (我局 2022 年); ours has
#                none: Word and WPS put their own space between Chinese and digits
PUBLISHED: list[tuple[str, list[tuple[str, str]]]] = [
    ("2.年度部门整体支出规模及完成率:区政务服务数据管理局2022年年初预算数8,463.23万元,"
     "全年执行数8,363.23万元,完成预算的98.82%。",
     [(":", "："), ("元,", "元，"), ("率：区", "率：广州市白云区")]),
    ("经综合自评，我局 2022 年部门整体支出绩效自评结果为“优”，自评得分为 99.5 分。"
     "整体预算完成率预计达到 98.82%，整体支出和完成情况较为理想。",
     [("预计", "")]),
    ("（1）部门整体绩效目标产出指标完成情况：共设数量指标 24 个、质量指标 8 个、时效指标 1 个，"
     "总分 20 分，得分 20 分。", []),
    ("（2）部门整体绩效目标效益指标完成情况：共设经济效益指标 2 个、社会效益指标 7 个，"
     "可持续发展指标 2 个，总分 20 分，得分 20 分。",
     [("，可持续发展", "、可持续影响")]),
    ("（3）部门整体绩效目标满意度指标完成情况：共设服务对象满意度指标 2 个，总分 10 分，"
     "得分 10 分。", []),
    ("2.管理效率情况。主要包括预算编制、预算执行、信息公开、绩效管理、采购管理、资产管理、"
     "运行成本。下设 22 个三级指标，总分 50 分，自评得分 49.5 分。总体完成情况较好，"
     "主要扣分指标是：绩效管理里的绩效管理制度建设。", []),
    ("一是信息化项目管理经费，年初预算 600 万元，年中调减预算 356.04 万元，调整后预算 343.96 "
     "万元，2022 年实际支出 242.68 万元，预算执行率 99.48%；",
     [("600 万元", "600.00 万元"), ("343.96", "243.96")]),
    ("二是智慧白云一期项目经费，年初预算 1,588.88 万元，年中调减预算 103.20 万元，调整后预算 "
     "1,485.68 万元，2022 年实际支出 1,485.68 万元，预算执行率 100%；",
     [("100%", "100.00%")]),
    ("三是智慧白云建设经费，年初预算 2,739.46 万元，年中调减预算 2,661.17 万元，调整后预算 "
     "78.29 万元，2022 年实际支出 78.29 万元，预算执行率 100%；", [("100%", "100.00%")]),
    ("四是信息化运维经费，年初预算 659.72 万元，年中调减预算 349.79 万元，调整后预算 309.93 "
     "万元，2022 年实际支出 309.93 万元，预算执行率 100%；", [("100%", "100.00%")]),
    ("五是信息化项目合同存量款项，年初预算 5,900.51 万元，年中调减预算 2,797.33 万元，"
     "调整后预算 3,103.18 万元，2022 年实际支出 3,103.18 万元，预算执行率 100%。",
     [("100%", "100.00%")]),
    ("（一）绩效指标设置的内容表述不够准确；", []),
    ("（三）大部分项目缺失成本指标、时效指标和可持续性指标。", []),
]


@pytest.mark.parametrize(("published", "differences"), PUBLISHED,
                         ids=[p[:12] for p, _ in PUBLISHED])
def test_seed_sentence(seed_docx: bytes, published: str,
                       differences: list[tuple[str, str]]) -> None:
    expected = published
    for old, new in differences:
        assert old in expected
        expected = expected.replace(old, new)
    assert expected.replace(" ", "") in paragraphs(seed_docx)


def test_seed_outline(seed_docx: bytes) -> None:
    doc = docx.Document(io.BytesIO(seed_docx))
    headings = [(p.style.name, p.text) for p in doc.paragraphs if p.style.name != "Normal"]
    assert headings == [
        ("Title", "广州市白云区政务服务数据管理局\n2022年部门整体支出绩效自评报告"),
        ("Heading 1", "一、基本情况"),
        ("Heading 2", "（一）部门概况"),
        ("Heading 2", "（二）年度总体工作和重点工作任务"),
        ("Heading 2", "（三）部门整体收支情况"),
        ("Heading 2", "（四）部门整体绩效管理情况"),
        ("Heading 1", "二、综合评价分析"),
        ("Heading 2", "（一）自评结论综述"),
        ("Heading 2", "（二）各项工作任务绩效目标完成情况分析"),
        ("Heading 3", "1.履职效能情况。"),
        ("Heading 2", "（三）各重点任务项目支出完成情况分析"),
        ("Heading 2", "（四）主要工作成效"),
        ("Heading 1", "三、存在的主要问题"),
        ("Heading 1", "四、下一步改进措施"),
    ]


def test_seed_blocks_become_paragraphs(seed_docx: bytes) -> None:
    texts = paragraphs(seed_docx)
    duties = seed_book().self_evaluation.blocks["部门职责"]  # type: ignore[union-attr]
    start = texts.index("广州市白云区政务服务数据管理局的主要职责是：")
    assert texts[start + 1 : start + 1 + len(duties)] == duties
    assert texts[texts.index("四、下一步改进措施") + 1].startswith("（一）进一步量化指标")
    assert texts[-1].startswith("（二）根据实际情况调整目标值")
    assert not any("{{" in t or "{%" in t for t in texts)


# --- format: the template's styles and section (GB/T 9704-2012) ---------------------

def style(styles: etree._Element, style_id: str) -> etree._Element:
    found = styles.find(f"w:style[@w:styleId='{style_id}']", NS)
    assert found is not None, style_id
    return found


def attr(el: etree._Element, path: str, name: str) -> str | None:
    found = el.find(path, NS)
    return None if found is None else found.get(w(name))


def test_page_size_and_margins(seed_docx: bytes) -> None:
    sect = part(seed_docx, "word/document.xml").find(".//w:body/w:sectPr", NS)
    assert sect is not None
    assert (attr(sect, "w:pgSz", "w"), attr(sect, "w:pgSz", "h")) == ("11906", "16838")  # A4
    margins = {k: attr(sect, "w:pgMar", k) for k in ("top", "bottom", "left", "right")}
    # 37, 35, 28, 26 mm in twips (1 mm = 56.69 twips)
    assert margins == {"top": "2098", "bottom": "1984", "left": "1587", "right": "1474"}
    assert attr(sect, "w:docGrid", "linePitch") == "579"


def test_the_written_report_keeps_every_rule_of_the_format(seed_docx: bytes,
                                                           tmp_path: Path) -> None:
    """What `templates check` asks of a template (GB/T 9704) holds for the report written
    from it: rendering keeps the styles, page setup and page-number footers."""
    from xlgen.render.docx_format import word_format_findings

    path = tmp_path / "报告.docx"
    path.write_bytes(seed_docx)
    assert word_format_findings(path) == []


@pytest.mark.parametrize(("style_id", "east_asia", "size", "jc"), [
    ("Normal", "仿宋_GB2312", "32", "both"),  # 3号
    ("Title", "方正小标宋简体", "44", "center"),  # 2号
    ("Heading1", "黑体", "32", "both"),
    ("Heading2", "楷体_GB2312", "32", "both"),
    ("Heading3", "仿宋_GB2312", "32", "both"),
    ("Heading4", "仿宋_GB2312", "32", "both"),
    ("Footer", "宋体", "28", None),  # 4号
])
def test_style_fonts(seed_docx: bytes, style_id: str, east_asia: str, size: str,
                     jc: str | None) -> None:
    s = style(part(seed_docx, "word/styles.xml"), style_id)
    fonts = s.find("w:rPr/w:rFonts", NS)
    assert fonts is not None
    assert fonts.get(w("eastAsia")) == east_asia
    assert not any(k.endswith("Theme") for k in fonts.attrib)  # theme fonts would win
    assert attr(s, "w:rPr/w:sz", "val") == size
    assert attr(s, "w:rPr/w:b", "val") == "0"
    if jc:
        assert attr(s, "w:pPr/w:jc", "val") == jc


@pytest.mark.parametrize("style_id", ["Normal", "Heading1", "Heading2", "Heading3", "Heading4"])
def test_body_spacing_and_indent(seed_docx: bytes, style_id: str) -> None:
    s = style(part(seed_docx, "word/styles.xml"), style_id)
    assert attr(s, "w:pPr/w:spacing", "lineRule") == "exact"
    line = int(attr(s, "w:pPr/w:spacing", "line") or 0)
    assert 28 * 20 <= line <= 29 * 20  # 28–29 pt
    assert attr(s, "w:pPr/w:ind", "firstLineChars") == "200"  # 2 characters


def test_doc_defaults_are_chinese(seed_docx: bytes) -> None:
    styles = part(seed_docx, "word/styles.xml")
    defaults = styles.find("w:docDefaults/w:rPrDefault/w:rPr", NS)
    assert defaults is not None
    assert attr(defaults, "w:rFonts", "eastAsia") == "仿宋_GB2312"
    assert attr(defaults, "w:lang", "eastAsia") == "zh-CN"
    settings = part(seed_docx, "word/settings.xml")
    assert attr(settings, "w:themeFontLang", "eastAsia") == "zh-CN"


def test_page_numbers_odd_right_even_left(seed_docx: bytes) -> None:
    settings = part(seed_docx, "word/settings.xml")
    assert settings.find("w:evenAndOddHeaders", NS) is not None
    sect = part(seed_docx, "word/document.xml").find(".//w:body/w:sectPr", NS)
    refs = {r.get(w("type")): r.get(f"{{{NS_R}}}id") for r in sect.findall("w:footerReference", NS)}
    assert set(refs) == {"default", "even"}
    rels = part(seed_docx, "word/_rels/document.xml.rels")
    targets = {r.get("Id"): r.get("Target") for r in rels}
    for kind, align in (("default", "right"), ("even", "left")):
        footer = part(seed_docx, "word/" + targets[refs[kind]])
        p = footer.find("w:p", NS)
        assert attr(p, "w:pPr/w:pStyle", "val") == "Footer"
        assert attr(p, "w:pPr/w:jc", "val") == align
        text = "".join(footer.itertext())
        assert re.fullmatch(r"— *PAGE *1 —", text.replace(" PAGE ", "PAGE")), text
        assert [f.get(w("fldCharType")) for f in footer.iter(w("fldChar"))] == [
            "begin", "separate", "end"]
        assert footer.find(".//w:instrText", NS).text.strip() == "PAGE"


NS_R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"


# --- rendering ------------------------------------------------------------------------

def test_escaping(tmp_path: Path) -> None:
    name = "R&D <二期> “平台”"
    book = seed_book()
    assert book.projects is not None
    book.projects[0] = replace(book.projects[0], name=name)
    book.self_evaluation.blocks["主要工作成效"] = [f"完成{name}建设 & 验收 <b>"]  # type: ignore
    data = render_docx(TEMPLATE, build_context(book))
    (tmp_path / "out.docx").write_bytes(data)
    texts = paragraphs((tmp_path / "out.docx").read_bytes())
    assert any(t.startswith(f"一是{name}，年初预算") for t in texts)
    assert f"完成{name}建设 & 验收 <b>" in texts
    xml = zipfile.ZipFile(io.BytesIO(data)).read("word/document.xml").decode()
    assert "R&amp;D &lt;二期&gt; “平台”" in xml


def test_tag_split_across_runs(tmp_path: Path) -> None:
    # Word splits a tag into runs after an edit or a spell check: {{ dept. | name }}
    template = make_template(tmp_path / "t.docx", [
        ["部门：{{ dept.", "name", " }}，年度 {", "{ year }}。"],
        ["{%p if ", "report.grade == '差' %}"],  # a paragraph tag split too
        ["等级为", "{{ report.", "grade }}"],
        "{%p endif %}",
    ])
    book = small_book()
    book.management = [ManagementIndicator(name="预算完成率", weight=D(100), score=D(5))]
    data = render_docx(template, build_context(book))
    assert paragraphs(data) == ["部门：测试局，年度 2023。", "等级为差"]
    assert check_docx_template(template) == []


def test_multi_line_block_gives_several_paragraphs(tmp_path: Path) -> None:
    template = make_template(tmp_path / "t.docx", [
        "开始",
        "{%p for text in blocks.get('附加说明', []) %}",
        "{{ text }}",
        "{%p endfor %}",
        "结束",
    ])
    data = render_docx(template, build_context(small_book(附加说明=["一段", "二段", "三段"])))
    assert paragraphs(data) == ["开始", "一段", "二段", "三段", "结束"]


def test_rate_without_denominator_prints_dash(tmp_path: Path) -> None:
    book = small_book()
    book.projects = [Project(name="零预算项目", fiscal=D(0), spent=D(5))]
    book.self_evaluation = SelfEvaluation(initial_budget=D(0), executed=D(5))
    texts = paragraphs(render_docx(TEMPLATE, build_context(book)))
    assert any(t.endswith("完成预算的—。") for t in texts)
    assert any(t.startswith("一是零预算项目，年初预算0.00万元，2023年实际支出5.00万元，"
                            "预算执行率—。") for t in texts)


def test_adjustment_wording(tmp_path: Path) -> None:
    book = small_book()
    book.projects = [
        Project(name="甲", fiscal=D(100), adjustment=D(20), spent=D(120)),
        Project(name="乙", fiscal=D(100), adjustment=D(0), spent=D(50)),
    ]
    texts = paragraphs(render_docx(TEMPLATE, build_context(book)))
    assert "一是甲，年初预算100.00万元，年中调增预算20.00万元，调整后预算120.00万元，" \
           "2023年实际支出120.00万元，预算执行率100.00%；" in texts
    assert "二是乙，年初预算100.00万元，2023年实际支出50.00万元，预算执行率50.00%。" in texts


def test_deterministic(seed_docx: bytes) -> None:
    again = render_docx(TEMPLATE, build_context(seed_book()))
    assert again == seed_docx
    with zipfile.ZipFile(io.BytesIO(seed_docx)) as z:
        assert {i.date_time for i in z.infolist()} == {ZIP_TIME}
    props = docx.Document(io.BytesIO(seed_docx)).core_properties
    assert props.created == props.modified == FIXED_TIME_UTC


def test_properties_carry_the_title_and_nothing_about_the_template() -> None:
    title = "2022年某局部门整体支出绩效自评报告"
    data = render_docx(TEMPLATE, build_context(seed_book()), title=title)
    props = docx.Document(io.BytesIO(data)).core_properties
    assert props.title == title
    assert (props.author, props.comments, props.keywords) == ("xlgen", "", "")


def test_variables_of_report_template() -> None:
    assert docx_template_variables(TEMPLATE) == {"dept", "year", "blocks", "report"}


def test_report_template_checks_clean() -> None:
    assert check_docx_template(TEMPLATE) == []
    assert check_docx_template(TEMPLATE, build_context(seed_book())) == []


def test_check_parses_each_part_once(monkeypatch: pytest.MonkeyPatch) -> None:
    """The check read each part's Jinja twice (compiled, then parsed again for its names):
    three quarters of `templates check` on the report went there."""
    from jinja2 import Environment

    from xlgen.render.docxtpl_adapter import ReportTemplate, template_parts

    tpl = ReportTemplate(str(TEMPLATE))
    tpl.init_docx()
    parts = len(list(template_parts(tpl)))
    parsed: list[str] = []
    real = Environment._parse

    def counting(self, source, name, filename):  # type: ignore[no-untyped-def]
        parsed.append(source)
        return real(self, source, name, filename)

    monkeypatch.setattr(Environment, "_parse", counting)
    assert check_docx_template(TEMPLATE) == []
    assert len(parsed) == parts > 1, (len(parsed), parts)


# --- broken templates -----------------------------------------------------------------

@pytest.mark.parametrize(("paragraphs_", "code", "cell"), [
    (["正常段落", "自评得分为 {{ report.total_score|number }", "后一段"],
     "template-syntax", "自评得分为 {{ report.total_score|number }"),
    (["正常段落", "{% if report.grade %}未闭合的条件", "后一段"],
     "template-syntax", "{% if report.grade %}未闭合的条件"),
    (["正常段落", "得分 {{ report.total_score|nosuchfilter }}"],
     "template-syntax", "得分 {{ report.total_score|nosuchfilter }}"),
    (["第一段", "部门：{{ depts.name }}", "第三段"],
     "template-unknown-variable", "部门：{{ depts.name }}"),
    (["第一段", "{%p for x in reprot.projects %}", "{{ x.name }}", "{%p endfor %}"],
     "template-unknown-variable", "{%p for x in reprot.projects %}"),  # as typed
])
def test_check_broken_template(tmp_path: Path, paragraphs_: list[str], code: str,
                               cell: str) -> None:
    template = make_template(tmp_path / "坏模板.docx", list(paragraphs_))
    problems = check_docx_template(template)
    assert [(p.code, p.paragraph) for p in problems] == [(code, cell)]
    assert "坏模板.docx" in problems[0].message
    assert problems[0].sheet == "正文" and problems[0].cell == ""
    assert problems[0].location == "paragraph"
    assert problems[0].as_dict()["location"] == "paragraph"


def test_unknown_variable_suggests_nearest(tmp_path: Path) -> None:
    template = make_template(tmp_path / "t.docx", ["{{ reprot.grade }}"])
    (problem,) = check_docx_template(template)
    assert "“reprot”" in problem.message and "“report”" in problem.message


def test_unknown_variable_with_context(tmp_path: Path) -> None:
    template = make_template(tmp_path / "t.docx", ["{{ dept.name }}{{ extra }}"])
    context: Mapping[str, Any] = {"dept": None}
    assert [p.code for p in check_docx_template(template, context)] == [
        "template-unknown-variable"]


def test_check_reports_failing_expression_with_context(tmp_path: Path) -> None:
    template = make_template(tmp_path / "t.docx", ["第一段", "等级：{{ report.grad }}"])
    problems = check_docx_template(template, build_context(small_book()))
    assert [p.code for p in problems] == ["template-render"]
    assert "等级：{{ report.grad }}" in problems[0].message


@pytest.mark.parametrize(("paragraphs_", "where"), [
    (["第一段", "得分 {{ report.total_score|number }", "第三段"],
     "得分 {{ report.total_score|number }"),
    (["第一段", "等级：{{ report.grad }}", "第三段"], "等级：{{ report.grad }}"),
    (["第一段", "{{ dept.name|cn_number }}", "第三段"], "{{ dept.name|cn_number }}"),
    (["第一段", "{{ dept.__class__ }}"], "{{ dept.__class__ }}"),  # sandboxed
    (["第一段", "{%p for p in report.projets %}", "{{ p.name }}", "{%p endfor %}"],
     "{%p for p in report.projets %}"),  # as typed, so that Word's Find locates it
    (["第一段", "{{ dept.name|percent }}", "第三段"], "{{ dept.name|percent }}"),
])
def test_render_error_names_template_and_paragraph(tmp_path: Path, paragraphs_: list[str],
                                                   where: str) -> None:
    template = make_template(tmp_path / "坏模板.docx", paragraphs_)
    with pytest.raises(TemplateError) as info:
        render_docx(template, build_context(small_book()))
    message = str(info.value)
    assert "坏模板.docx" in message
    assert f"段落“{where}”" in message


@pytest.mark.parametrize("content", [b"", b"not a zip", b"PK\x03\x04broken"])
def test_unreadable_template(tmp_path: Path, content: bytes) -> None:
    template = tmp_path / "坏.docx"
    template.write_bytes(content)
    with pytest.raises(TemplateError, match="坏.docx"):
        render_docx(template, build_context(small_book()))
    assert [p.code for p in check_docx_template(template)] == ["template-unreadable"]


def test_missing_template(tmp_path: Path) -> None:
    with pytest.raises(TemplateError, match="找不到"):
        render_docx(tmp_path / "无.docx", {})


# --- the template README --------------------------------------------------------------

def test_readme_documents_report_variables_and_filters() -> None:
    text = README.read_text("utf-8")
    for key in build_context(seed_book())["report"]:
        assert f"report.{key}" in text, key
    for name in FILTERS:
        assert f"`{name}`" in text, name


# --- LibreOffice: the report as printed -------------------------------------------------

def soffice() -> str:
    path = shutil.which("soffice")
    tools = path and shutil.which("pdftotext")
    if not tools:
        if os.environ.get("XLGEN_REQUIRE_LIBREOFFICE") == "1":
            pytest.fail("需要 LibreOffice（soffice）和 pdftotext，但未找到。")
        pytest.skip("LibreOffice (soffice) or pdftotext not installed")
    assert path
    return path


def to_pdf(docx_path: Path) -> Path:
    soffice()
    return printing.to_pdf([docx_path], docx_path.parent, timeout=180)[docx_path]


def words(pdf: Path) -> list[list[tuple[float, float, float, float, str]]]:
    """Each page's words as (xMin, yMin, xMax, yMax, text), in points."""
    html = subprocess.run(["pdftotext", "-bbox", str(pdf), "-"], check=True,
                          capture_output=True, text=True).stdout
    pages = []
    for page in html.split("<page ")[1:]:
        pages.append([
            (float(a), float(b), float(c), float(d), t)
            for a, b, c, d, t in re.findall(
                r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)',
                page)
        ])
    return pages


@pytest.mark.libreoffice
def test_libreoffice_renders_seed_report(tmp_path: Path, seed_docx: bytes) -> None:
    path = tmp_path / "report.docx"
    path.write_bytes(seed_docx)
    pdf = to_pdf(path)
    text = subprocess.run(["pdftotext", str(pdf), "-"], check=True, capture_output=True,
                          text=True).stdout
    flat = re.sub(r"\s+", "", text)
    for figure in ("2022年部门整体支出绩效自评报告", "自评结果为“优”", "自评得分为99.5分",
                   "完成预算的98.82%", "数量指标24个、质量指标8个、时效指标1个",
                   "绩效管理里的绩效管理制度建设", "调整后预算243.96万元", "预算执行率99.48%"):
        assert figure in flat, figure

    pages = words(pdf)
    assert len(pages) >= 3
    width, mm = 595.3, 72 / 25.4
    for number, page in enumerate(pages[:3], start=1):
        footer = [wd for wd in page if wd[1] > 297 * mm - 35 * mm]  # below the text area
        digits = [wd for wd in footer if wd[4] == str(number)]
        assert digits, f"page {number} has no page number"
        x = digits[0][0]
        if number % 2:
            assert x > width / 2, "odd page numbers sit right"
            assert 26 * mm < width - digits[0][2] < 40 * mm  # about one character inside
        else:
            assert x < width / 2, "even page numbers sit left"
            assert 28 * mm < x < 42 * mm
        body = [wd for wd in page if 30 * mm < wd[1] < 297 * mm - 35 * mm]
        assert min(wd[0] for wd in body) == pytest.approx(28 * mm, abs=1.5)  # left margin
        # right margin; a line-end ，。、 may hang outside it (Word's 允许标点溢出边界)
        unhung = [wd[2] for wd in body if wd[4][-1] not in "，。、；：”）"]
        assert max(unhung) == pytest.approx(width - 26 * mm, abs=1.5)
        assert min(wd[1] for wd in body) >= 37 * mm - 8  # top margin (glyph box above)
