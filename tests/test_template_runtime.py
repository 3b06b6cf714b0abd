"""Runtime mistakes a template maintainer makes (a filter on the wrong kind of value,
arithmetic on text or an empty field, a list indexed past its end, a sandbox limit): each is
said in Chinese, naming the template, the cell or paragraph and what to write instead,
through ``xlgen templates check`` and through ``build``, with no English of Python's."""

from __future__ import annotations

import re
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner
from test_docx_report import make_template
from test_templates import book

from xlgen.cli import main
from xlgen.render import check_template
from xlgen.render.docx import make_environment

MISTAKES = {  # id: (template text, what the message says)
    "round-of-text": ("{{ dept.name | round }}", "过滤器“round”只能用于数字，这里给的是文字"),
    "round-of-none": ("{{ projects[0].unit_funds | round }}",
                      "过滤器“round”只能用于数字，这里给的是空值（未填写的字段）"),
    "int-of-text": ("{{ dept.name | int }}", "过滤器“int”只能用于数字，这里给的是文字"),
    "float-of-none": ("{{ projects[0].unit_funds | float }}", "过滤器“float”只能用于数字"),
    "sum-of-text": ("{{ projects | sum(attribute='name') }}",
                    "过滤器“sum”只能用于数字的列表，这里给的是文字"),
    "join-of-number": ("{{ year | join('、') }}", "过滤器“join”只能用于列表，这里给的是数字"),
    "format-of-text": ("{{ '%.2f' | format(dept.name) }}", "format 的 %d、%f 只能对应数字"),
    "money-of-text": ("{{ dept.name | money }}", "过滤器“money”只能用于金额、比率等数字"),
    "number-plus-text": ("{% for p in projects %}{{ p.total + p.name }}{% endfor %}",
                         "数字和文字不能做“+”运算"),
    "number-plus-none": ("{{ year + projects[0].unit_funds }}", "数字和空值不能做“+”运算"),
    "amount-times-decimal": ("{{ totals.total * 1.5 }}", "金额不能与带小数点的数直接做“*”运算"),
    "divide-by-zero": ("{{ totals.total / 0 }}", "除数为 0"),
    "zero-by-zero": ("{{ (year - year) / (totals.total - totals.total) }}", "0 除以 0 没有结果"),
    "text-above-number": ("{% if dept.name > 1 %}大{% endif %}", "文字和数字不能比较大小（“>”）"),
    "number-above-text": ("{% if totals.total > '1' %}大{% endif %}",
                          "数字和文字不能比较大小（“>”）"),
    "index-past-end": ("{{ projects[9].name }}", "项，没有第 9 项（从 0 数起，第一项是 [0]"),
    "field-of-none": ("{{ projects[0].unit_funds.amount }}",
                      "“projects[0].unit_funds”是空值（未填写），没有字段“amount”"),
    "loop-over-number": ("{% for x in year %}{{ x }}{% endfor %}", "数字不能用 {% for %} 逐项取用"),
    "too-many-arguments": ("{{ totals.total | money('', 2, 3) }}",
                           "过滤器“money”的参数个数不对：括号里最多写 1 个值，这里写了 3 个"),
    "too-few-arguments": ("{{ dept.name | replace('局') }}", "过滤器“replace”的参数个数不对"),
    "loop-outside-a-loop": ("{{ loop.index }}", "loop（如 loop.index 序号）只能写在 {% for %}"),
    "range-too-large": ("{% for i in range(1000000) %}{{ i }}{% endfor %}", "range 最多 100000 项"),
    "text-repeated-too-often": ("{{ '—' * 100000000 }}", "重复的结果超过 100,000 个字符"),
    "power-too-large": ("{{ 10 ** 100000000 }}", "乘方的指数不能超过 1000"),
    "exponent-beyond-a-float": ("{{ 2 ** (10 ** 400) }}", "乘方的指数不能超过 1000"),
    "power-beyond-a-float": ("{{ 2 ** 10 ** 400 }}", "结果也不能超过 10 的 308 次方"),
    "float-power-overflows": ("{{ 10.0 ** 400 }}", "结果也不能超过 10 的 308 次方"),
    "product-beyond-a-float": ("{{ 10 ** 300 * 10 ** 300 }}", "乘积超过 10 的 308 次方"),
    "sum-beyond-a-float": ("{{ 10 ** 308 + 10 ** 308 }}", "“+”的结果超过 10 的 308 次方"),
    "money-text-times-number": ("{{ totals.total | money * 2 }}",
                                "是文字（money、number、percent 的结果都是文字），乘以 2"),
    "loop-variable-outside-its-loop": ("{{ p.total }}",
                                       "p 是循环变量（projects 中的一项），只能写在"),
    "recursion": ("{% macro f() %}{{ f() }}{% endmacro %}{{ f() }}", "宏（macro）调用了自己"),
}

_MANIFEST = """[[document]]
name = "文书"
template = "{template}"
output = "{{year}}年{{dept}}文书{suffix}"
needs = ["部门信息"]
"""


def folder_with(tmp_path: Path, suffix: str, text: str) -> Path:
    """A templates folder of one document whose template holds ``text`` (Excel: in B2 of
    sheet 表一; Word: the second paragraph)."""
    folder = tmp_path / "templates"
    folder.mkdir()
    template = folder / f"文书{suffix}"
    if suffix == ".xlsx":
        wb = openpyxl.Workbook()
        wb.active.title = "表一"
        wb.active["A1"] = "标题"
        wb.active["B2"] = text
        wb.save(template)
    else:
        make_template(template, ["第一段", text, "第三段"])
    (folder / "manifest.toml").write_text(
        _MANIFEST.format(template=template.name, suffix=suffix), "utf-8")
    return folder


_ALLOWED = {"Excel", "Word", "WPS", "xlsx", "docx", "xlgen", "templates", "README", "md",
            "vars", "macro", "loop", "index", "range", "format", "attribute", "false",
            "default", "length", "money", "number", "none", "dept_indicators", "Jinja", "mergedown"}


def english(message: str, expression: str) -> set[str]:
    """The English words of ``message`` other than the expression, the tags of its examples,
    Jinja's keywords and the names of filters and fields."""
    text = message.replace(expression, "")
    text = re.sub(r"\{\{.*?\}\}|\{%.*?%\}|“[^”]*”|\[[a-z-]+\]", "", text)  # tags, quotes, codes
    words = set(re.findall(r"[A-Za-z_]{2,}", text))
    env = make_environment()
    keywords = {"for", "endfor", "if", "endif", "in", "not", "is", "set", "and", "or"}
    return words - _ALLOWED - set(env.filters) - keywords - {"p", "total", "projects"}


def says_well(output: str, expression: str, says: str, *where: str) -> None:
    """The errors of ``output`` (not the warnings of a bare test template's format) say
    ``says`` and ``where``, in Chinese."""
    message = "\n".join(line for line in output.splitlines() if "错误" in line)
    assert says in message, (says, message)
    for part in where:
        assert part in message, (part, message)
    assert not re.search(r"[A-Z][a-z]+(?:Error|Exception)|Traceback", message), message
    assert not english(message, expression), (english(message, expression), message)


SUFFIXES = [".xlsx", ".docx"]
WHERE = {".xlsx": ["文书.xlsx", "工作表“表一”单元格 B2"],
         ".docx": ["文书.docx", "段落“"]}


@pytest.mark.parametrize("suffix", SUFFIXES, ids=["excel", "word"])
@pytest.mark.parametrize(("text", "says"), MISTAKES.values(), ids=MISTAKES.keys())
def test_templates_check_says_it_in_chinese(tmp_path: Path, suffix: str, text: str,
                                            says: str) -> None:
    folder = folder_with(tmp_path, suffix, text)
    result = CliRunner().invoke(main, ["templates", "check", "--templates", str(folder)])
    assert result.exit_code != 0, result.output
    output = result.output.replace(str(tmp_path), "")
    says_well(output, text, says, *WHERE[suffix])


BUILD_CASES = ["round-of-text", "money-of-text", "number-plus-text", "index-past-end",
               "too-many-arguments", "text-repeated-too-often"]


@pytest.mark.parametrize("suffix", SUFFIXES, ids=["excel", "word"])
@pytest.mark.parametrize("case", BUILD_CASES)
def test_build_says_it_in_chinese(tmp_path: Path, suffix: str, case: str) -> None:
    text, says = MISTAKES[case]
    folder = folder_with(tmp_path, suffix, text)
    source = book(tmp_path / "in" / "测试局.xlsx")
    result = CliRunner().invoke(main, ["build", str(source), "--templates", str(folder),
                                       "--out", str(tmp_path / "out")])
    assert result.exit_code != 0, result.output
    output = result.output.replace(str(tmp_path), "")
    says_well(output, text, says, *WHERE[suffix])


def test_word_check_lists_every_failing_paragraph(tmp_path: Path) -> None:
    """docxtpl stops at the first failure; the check lists every failing paragraph, in
    order, each once (an expression inside a failing condition's block is not reached)."""
    template = make_template(tmp_path / "报告.docx", [
        "第一段", "{{ dept.name | round }}", "好的 {{ dept.name }}",
        "{%p if dept.name > 1 %}", "{{ year / 0 }}", "{%p endif %}",
        "{%p for x in year %}", "{{ x }}", "{%p endfor %}",
        "{{ projects[9].name }}", "标题\n{{ dept.name | round }}"])  # a line break in it
    problems = check_template(template)
    assert [p.paragraph for p in problems] == [
        "{{ dept.name | round }}", "{%p if dept.name > 1 %}", "{%p for x in year %}",
        "{{ projects[9].name }}", "标题{{ dept.name | round }}"], problems
    assert all(p.code == "template-render" for p in problems)
