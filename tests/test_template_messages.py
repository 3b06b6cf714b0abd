"""What a template maintainer reads: the same mistake gets the same Chinese sentence from an
Excel cell and from a Word paragraph (render/template_errors.py), naming the template by its
path in the templates folder (render/lookup.py ``template_label``)."""

from __future__ import annotations

import re
from pathlib import Path

import docx
import openpyxl
import pytest
from test_docx_report import make_template

from xlgen.problems import Severity
from xlgen.render import check_template, template_label
from xlgen.render.template_errors import unbalanced_tags

MISTAKES = {  # id: (template text, the message says, it never says)
    "missing-close-brace": ("年度：{{ year }", ["“{{ year }”缺少结束的“}}”", "少写了一个“}”"],
                            ["多了一个", "Jinja"]),
    "missing-close-of-dotted": ("{{ dept.name }", ["“{{ dept.name }”缺少结束的“}}”"], ["多了"]),
    "missing-percent": ("{% if dept.name }有{% endif %}",
                        ["“{% if dept.name }”缺少结束的“%}”", "少写了一个“%”"], ["多了"]),
    "empty-tag": ("{{ }}", ["{{ }} 里缺少内容"], ["Jinja", "Expected"]),
    "if-without-condition": ("{% if %}有{% endif %}", ["“%}”之前缺少变量或表达式"],
                             ["Jinja", "statement"]),
    "filter-name-missing": ("{{ dept.name | }}", ["“|”后面缺少过滤器名"],
                            ["“)”", "print statement"]),
    "paren-missing": ("{{ (dept.name }}", ["缺少“)”：括号要成对"], ["单独的"]),
    "paren-extra": ("{{ dept.name) }}", ["多了一个“)”"], ["Jinja"]),
    "bracket-missing": ("{{ dept['name' }}", ["缺少“]”：括号要成对"], ["Jinja", "单独的"]),
    "quote-missing": ("{{ 'abc }}", ["引号没有成对"], ["Jinja", "unexpected"]),
    "stray-endif": ("{% endif %}", ["多余的 {% endif %}：前面没有对应的 {% if %}"], ["开始标记"]),
    "two-elses": ("{% if dept.name %}a{% else %}b{% else %}c{% endif %}",
                  ["多余的 {% else %}", "只能有一个 {% else %}"], ["开始标记"]),
    "dict-field-typo": ("等级：{{ report.grad }}", ["“report”没有字段“grad”，是否应为“grade”？"],
                        ["字典中"]),
    "object-field-typo": ("{{ dept.nmae }}", ["“dept”没有字段“nmae”，是否应为“name”？"],
                          ["Department", "xlgen."]),
    "loop-variable-typo": ("{% for p in projects %}{{ p.nme }}{% endfor %}",
                           ["“p”没有字段“nme”，是否应为“name”？"], ["Project", "xlgen."]),
    "indexed-typo": ("{{ projects[0].ajusted }}",
                     ["“projects[0]”没有字段“ajusted”，是否应为“adjusted”？"], ["Project"]),
    "extra-column": ("{% for p in projects %}{{ p.extra['实施周期'] }}{% endfor %}",
                     ["“p.extra”没有字段“实施周期”", "没有“实施周期”这一列",
                      "fields.toml 中声明"], ["字典"]),
    "list-field": ("{{ projects.nme }}",
                   ["“projects”是列表，没有字段“nme”", "{% for x in projects %}"], ["list"]),
    "number-field": ("{{ year.foo }}", ["“year”是数字，没有字段“foo”。"], ["int", "real"]),
    "sandbox": ("{{ dept.__class__ }}", ["模板不能使用“__class__”"],
                ["Department", "unsafe", "access"]),
    "text-plus-number": ("{{ dept.name + 1 }}", ["文字不能用 + 与数字相加：连接文字请用 ~"],
                         ["TypeError", "concatenate"]),
    "number-plus-text": ("{{ year + '年' }}", ["数字和文字不能做“+”运算"],
                         ["TypeError", "operand"]),
    "money-of-text": ("{{ dept.name | money }}", ["过滤器“money”只能用于金额、比率等数字"],
                      ["InvalidOperation", "decimal"]),
    "call-a-field": ("{{ dept.name() }}", ["文字不能加括号调用"], ["callable"]),
    "loop-over-number": ("{% for x in year %}{{ x }}{% endfor %}",
                         ["数字不能用 {% for %} 逐项取用"], ["iterable"]),
    "budget-typo": ("{{ budget.basc }}", ["“budget”没有字段“basc”，是否应为“basic”？"],
                    ["Budget "]),
    "cn-quote-missing": ("{{ dept.name ~ “的 }}主要职责是：",
                         ["的 }}”的引号没有成对", "“ 开始的文字"], ["preserve", "Jinja"]),
    "mergedown-typo": ("{{ dept.name | mergedwon }}",
                       ["是否应为“mergedown”？", "mergedown（Excel 模板）"], ["Jinja："]),
    # a filter Jinja looks up only when the branch runs (Word: inside a {%p if %} block)
    "filter-typo-in-branch": ("{% if dept.name %}{{ dept.name | moeny }}{% endif %}",
                              ["没有名为“moeny”的过滤器，是否应为“money”？"],
                              ["TemplateRuntimeError", "No filter"]),
    # tags Jinja cannot see, which would print as they stand: a full-width brace typed with
    # the Chinese input method, an opening {{ split by a space or a line break (Alt+Enter)
    "full-width-braces": ("部门：｛｛ dept.name ｝｝", ["“｛｛”是全角符号", "英文半角的 {{ }}"],
                          ["Jinja"]),
    "full-width-percent": ("｛% if dept.name %｝有｛% endif %｝", ["“｛%”是全角符号"], ["Jinja"]),
    "half-full-width": ("{｛ dept.name }}", ["“{｛”是全角符号"], ["Jinja"]),
    "split-open-brace": ("{ { dept.name }}", ["“{ { dept.name }}”的开始标记被空格或换行分开了"],
                         ["Jinja"]),
    "split-by-line-break": ("{\n{ dept.name }}", ["“{⏎{ dept.name }}”的开始标记被空格或换行分开了",
                                                "Alt+Enter"], ["Jinja"]),
    "stray-end": ("{{ dept.name }} }}", ["前面缺少开始的“{{”"], ["Jinja"]),
}


def xlsx_template(path: Path, text: str) -> Path:
    wb = openpyxl.Workbook()
    wb.active["A1"] = text
    wb.save(path)
    return path


def docx_template(path: Path, text: str) -> Path:
    return make_template(path, ["第一段", text, "第三段"])


@pytest.mark.parametrize("make", [xlsx_template, docx_template], ids=["excel", "word"])
@pytest.mark.parametrize(("text", "says", "never"), MISTAKES.values(), ids=MISTAKES.keys())
def test_one_mistake_one_sentence(tmp_path: Path, make, text: str, says: list[str],
                                  never: list[str]) -> None:
    suffix = ".xlsx" if make is xlsx_template else ".docx"
    problems = check_template(make(tmp_path / f"模板{suffix}", text))
    assert len(problems) == 1, problems
    message = problems[0].message
    assert f"模板{suffix}" in message
    for text_ in says:
        assert text_ in message, (text_, message)
    for text_ in never:
        assert text_ not in message, (text_, message)


def test_an_open_quote_names_its_word_paragraph(tmp_path: Path) -> None:
    """The string an open quote starts runs on into later paragraphs; the message still names
    the paragraph where the quote is (not the one where Jinja stopped)."""
    template = docx_template(tmp_path / "模板.docx", "{{ dept.name ~ “的 }}主要职责是：")
    [problem] = check_template(template)
    assert "段落“{{ dept.name ~ “的 }}主要职责是：”" in problem.message, problem.message
    assert problem.paragraph == "{{ dept.name ~ “的 }}主要职责是：", problem


@pytest.mark.parametrize("paragraph", [
    "{%p if dept.name %}部门职责如下。",
    "部门职责如下。{%p if dept.name %}",
    ["{%p if dept", ".name %}", "部门职责如下。"],  # the same, as Word splits it into runs
])
def test_text_beside_a_paragraph_tag_is_an_error(tmp_path: Path, paragraph) -> None:
    """docxtpl drops the whole paragraph of a {%p %} tag: the text a maintainer typed beside
    it would vanish from the report without a word."""
    template = make_template(tmp_path / "模板.docx", ["第一段", paragraph, "内容", "{%p endif %}"])
    [problem] = check_template(template)
    assert problem.code == "template-syntax"
    assert "“部门职责如下。”会丢失" in problem.message and "单独一段" in problem.message, problem


def test_a_missing_paragraph_end_tag_is_said_as_typed(tmp_path: Path) -> None:
    """docxtpl reads ``{%p if %}`` as ``{% if %}``: the message quotes the paragraph and the
    end tag as the maintainer writes them, so Word's Find locates it."""
    template = make_template(tmp_path / "模板.docx", ["第一段", "{%p if dept.name %}", "内容"])
    [problem] = check_template(template)
    assert problem.code == "template-syntax"
    assert "段落“{%p if dept.name %}”" in problem.message, problem.message
    assert "{%p endif %}" in problem.message, problem.message


def table_template(path: Path, rows: list[str], before: list[str], after: list[str]) -> Path:
    """A .docx: paragraphs ``before``, a one-column table of ``rows``, paragraphs ``after``."""
    doc = docx.Document()
    for text in before:
        doc.add_paragraph(text)
    table = doc.add_table(rows=len(rows), cols=1)
    for r, text in enumerate(rows):
        table.cell(r, 0).text = text
    for text in after:
        doc.add_paragraph(text)
    doc.save(str(path))
    return path


ROWS_WITHOUT_END = ["项目", "{%tr for p in report.projects %}", "{{ p.name }}", "合计"]


@pytest.mark.parametrize(("before", "after"), [
    (["第一段"], ["末段"]),
    (["第一段"], ["{%p for text in report.problems %}", "{{ text }}", "{%p endfor %}"]),
    (["{%p for text in report.problems %}", "{{ text }}", "{%p endfor %}"], ["末段"]),
    (["{%p if report.projects %}"], ["{%p endif %}"]),
], ids=["alone", "paragraph-loop-after", "paragraph-loop-before", "inside-paragraph-if"])
def test_a_missing_row_end_tag_names_the_row_loop(tmp_path: Path, before: list[str],
                                                  after: list[str]) -> None:
    """A table row loop without its ``{%tr endfor %}`` is blamed on the ``{%tr for %}`` row,
    in its table, as typed: not on a later ``{%p for %}`` whose ``{%p endfor %}`` Jinja took
    for the row loop's, nor on the ``{%p endif %}`` it reached first."""
    template = table_template(tmp_path / "模板.docx", ROWS_WITHOUT_END, before, after)
    [problem] = check_template(template)
    assert problem.code == "template-syntax"
    assert problem.paragraph == "{%tr for p in report.projects %}", problem.message
    assert problem.sheet == "正文第 1 个表格中的", problem.sheet
    assert ("{%tr for %} 没有对应的 {%tr endfor %}：请在要重复的最后一行之后加一行，"
            "只写 {%tr endfor %}。") in problem.message, problem.message


@pytest.mark.parametrize(("paragraphs", "quoted", "says"), [
    (["第一段", "{%p fi report.grade %}", "有等级。", "{%p endif %}"],
     "{%p fi report.grade %}", "不认识的标记 {% fi %}"),
    (["{%p for p in report.projects %}", "{{ p.name }}", "{%tr endfor %}"],
     "{%tr endfor %}", "只能写在表格中"),
    (["第一段", "{{ dept.name | percent }}"], "{{ dept.name | percent }}",
     "过滤器“percent”只能用于金额、比率等数字"),
], ids=["misspelt-paragraph-tag", "row-tag-outside-a-table", "number-filter-on-text"])
def test_word_mistakes_are_said_where_they_are(tmp_path: Path, paragraphs: list[str],
                                               quoted: str, says: str) -> None:
    """A misspelt ``{%p fi %}`` is named in its own paragraph, as typed (not blamed on the
    ``{%p endif %}`` it leaves alone); a ``{%tr %}`` outside a table says where it belongs;
    a number filter given a text says so in Chinese (it was ``AttributeError: 'str' …``)."""
    [problem] = check_template(make_template(tmp_path / "模板.docx", paragraphs))
    assert problem.paragraph == quoted, problem.message
    assert says in problem.message, problem.message
    assert not re.search(r"[A-Z][a-z]+Error|object has", problem.message), problem.message


def test_a_paragraph_if_closed_by_a_plain_endif_is_not_blamed(tmp_path: Path) -> None:
    """``{%p if %}`` … ``{% endif %}`` pair up (docxtpl reads both as one block): a later
    ``{%p for %}`` without its end is the paragraph named, not that endif."""
    template = make_template(tmp_path / "模板.docx", [
        "{%p if dept.name %}", "有名称。", "{% endif %}",
        "{%p for text in report.problems %}", "{{ text }}"])
    problems = [p for p in check_template(template) if p.severity is Severity.ERROR]
    assert [p.paragraph for p in problems] == ["{%p for text in report.problems %}"], problems
    assert "{%p for %} 没有对应的 {%p endfor %}" in problems[0].message


def test_a_plain_block_tag_alone_in_a_paragraph_is_a_warning(tmp_path: Path) -> None:
    """``{% if %}`` alone in a paragraph leaves an empty paragraph (a blank line in the
    report); a {%p if %} paragraph, or an if inside a sentence, does not."""
    template = make_template(tmp_path / "模板.docx", [
        "{% if dept.name %}", "有部门名称。", "{% endif %}",
        "{%p if dept.name %}", "有。", "{%p endif %}",
        "名称{% if dept.name %}：{{ dept.name }}{% endif %}。"])
    problems = check_template(template)
    assert [(p.severity, p.code, p.paragraph) for p in problems] == [
        (Severity.WARNING, "template-empty-paragraph", "{% if dept.name %}"),
        (Severity.WARNING, "template-empty-paragraph", "{% endif %}")]
    assert "{%p if dept.name %}" in problems[0].message and "空段落" in problems[0].message


@pytest.mark.parametrize(("text", "missing"), [
    ("{{ year }}", None),
    ("{{ year } 年 {{ dept.name }}", "“{{ year }”缺少结束的“}}”"),
    ("{{ a }} {{ b", "“{{ b”缺少结束的“}}”"),
    ("年度：{ year }}", "“年度：{ year }}”前面缺少开始的“{{”：{{ 和 }} 要成对。"),
    ("x %}", "“x %}”前面缺少开始的“{%”"),
    ("{# 注释 }", "“{# 注释 }”缺少结束的“#}”：{# 和 #} 要成对（可能少写了一个“#”）。"),
])
def test_unbalanced_tags(text: str, missing: str | None) -> None:
    found = unbalanced_tags(text)
    assert (found is None) if missing is None else (missing in (found or "")), found


LABELS = [  # (files made, the template, how messages name it)
    (["templates/manifest.toml", "templates/区级/表.xlsx"], "templates/区级/表.xlsx",
     "区级/表.xlsx"),
    (["templates/manifest.toml", "templates/市级/表.xlsx"], "templates/市级/表.xlsx",
     "市级/表.xlsx"),
    (["templates/manifest.toml", "templates/表.xlsx"], "templates/表.xlsx", "表.xlsx"),
    (["a/b/表.xlsx"], "a/b/表.xlsx", "表.xlsx"),  # no templates folder: the file name
    (["templates/manifest.toml", "templates/区级/manifest.toml", "templates/区级/表.xlsx"],
     "templates/区级/表.xlsx", "表.xlsx"),  # a set folder used as a templates folder itself
]


@pytest.mark.parametrize(("files", "template", "label"), LABELS)
def test_template_label(tmp_path: Path, files: list[str], template: str, label: str) -> None:
    for name in files:
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_bytes(b"")
    assert template_label(tmp_path / template) == label


@pytest.mark.parametrize("content", [b"", b"not a zip", b"PK\x03\x04broken"])
@pytest.mark.parametrize("suffix", [".xlsx", ".docx"])
def test_an_unreadable_template_says_what_to_do(tmp_path: Path, suffix: str,
                                                content: bytes) -> None:
    folder = tmp_path / "templates"
    (folder / "区级").mkdir(parents=True)
    (folder / "manifest.toml").write_text("", encoding="utf-8")
    template = folder / "区级" / f"坏{suffix}"
    template.write_bytes(content)
    [problem] = check_template(template)
    assert problem.code == "template-unreadable"
    assert f"模板“区级/坏{suffix}”：它不是有效的 {suffix} 文件" in problem.message
    assert f"另存为 {suffix}" in problem.message
    words = set(re.findall(r"[A-Za-z]{3,}", problem.message))
    assert words <= {"Excel", "Word", "WPS", "xlsx", "docx"}, problem.message


@pytest.mark.parametrize(("paragraphs", "named"), [
    (["{{ dept.name", "}}"], ["{{ dept.name", "}}"]),
    (["部门：{% if year > 2000", "%}新{% endif %}"],
     ["部门：{% if year > 2000", "%}新{% endif %}"]),
])
def test_a_word_tag_split_by_enter_names_both_paragraphs(tmp_path: Path, paragraphs: list[str],
                                                         named: list[str]) -> None:
    """Enter pressed inside a tag: the paragraph left open is named too (it used to be only
    the one with the stray end), with what to do."""
    problems = check_template(make_template(tmp_path / "报告.docx", ["第一段", *paragraphs]))
    errors = [p for p in problems if p.severity is Severity.ERROR]
    assert [p.paragraph for p in errors] == named, errors
    assert all("不能在标记中间按回车" in p.message for p in errors), errors
