"""Mistakes the demo workbook hides from a trial render: an expression in a branch the demo
does not take (a misspelt field, a filter or test that does not exist), an optional field
given to ``round`` or arithmetic or printed bare while the demo has a figure in it, and
``round`` on an amount. ``xlgen templates check``, ``validate`` and ``build`` all say them,
in Chinese, at the cell or paragraph, in one pass."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner
from test_template_runtime import SUFFIXES, WHERE, folder_with, says_well
from test_templates import book

from xlgen.cli import main
from xlgen.render import check_template

ERRORS = {  # id: (template text, what the error says); the demo takes no branch written here
    "field-under-false": ("{% if False %}{{ dept.nmae }}{% endif %}",
                          "“dept”没有字段“nmae”，是否应为“name”？"),
    "field-in-else": ("{% if dept.name %}有{% else %}{{ budget.specal }}{% endif %}",
                      "“budget”没有字段“specal”，是否应为“special”？"),
    "loop-field-under-false": (
        "{% for p in projects %}{% if p.total < 0 %}{{ p.nme }}{% endif %}{% endfor %}",
        "“p”没有字段“nme”，是否应为“name”？"),
    "nested-loop-field": (
        "{% for e in evaluations %}{% if False %}{% for f in e.funds %}{{ f.rat }}"
        "{% endfor %}{% endif %}{% endfor %}", "“f”没有字段“rat”，是否应为“rate”？"),
    "set-variable-field": ("{% if False %}{% set d = dept %}{{ d.staf }}{% endif %}",
                           "“d”没有字段“staf”，是否应为“staff”？"),
    "filter-under-false": ("{% if False %}{{ dept.name | moeny }}{% endif %}",
                           "没有名为“moeny”的过滤器，是否应为“money”？"),
    "test-under-false": ("{% if False %}{% if year is nmber %}x{% endif %}{% endif %}",
                         "没有名为“nmber”的判断"),
    "money-text-times-number": ("{% if False %}{{ totals.total | money * 2 }}{% endif %}",
                                "过滤器“money”的结果是文字，不能再做“*”运算"),
    "unsafe-name-under-false": ("{% if False %}{{ dept.__class__ }}{% endif %}",
                                "模板不能使用“__class__”"),
    "field-of-list-under-false": ("{% if False %}{{ projects.total }}{% endif %}",
                                  "“projects”是列表，没有字段“total”"),
}

WARNINGS = {  # id: (template text, what the warning says)
    "round-of-optional": ("{{ budget.special | round }}",
                          "“budget.special”可以不填，未填时过滤器“round”出错"),
    "arithmetic-on-optional": ("{{ budget.basic + 1 }}", "“budget.basic”可以不填，未填时无法计算"),
    "comparison-of-optional": (
        "{% for p in projects %}{% if p.adjustment > 0 %}增{% endif %}{% endfor %}",
        "“p.adjustment”可以不填，未填时无法计算"),
    "optional-printed-bare": ("人数：{{ dept.staff }}",
                              "“dept.staff”可以不填，未填时这里印出“None”"),
    "amount-printed-bare": ("合计{{ totals.total }}万元",
                            "“totals.total”是数字，直接印出时不四舍五入"),
    "round-of-amount": ("{{ totals.total | round(1) }}", "round 按“四舍六入五成双”取舍"),
}

GUARDED = [  # an optional field used where it cannot be empty: nothing to say
    "{% if dept.staff is not none %}{{ dept.staff | round }}{% endif %}",
    "{% if dept.staff %}{{ dept.staff + 1 }}人{% endif %}",
    "{{ budget.basic | default(0) + 1 }}",
    "{{ dept.staff if dept.staff is not none else '—' }}",
    "{% for p in projects %}{% if p.adjustment is not none and p.adjustment > 0 %}增{% endif %}"
    "{% endfor %}",
    "{{ budget.special | money }}",
    "{% if False %}{{ (totals.total * 2) | money }}{{ '—' * 3 }}{% endif %}",
    "{% if False %}{{ blocks['不存在的段落'] }}{{ dept.extra['实施周期'] }}{% endif %}",
]


@pytest.mark.parametrize("suffix", SUFFIXES, ids=["excel", "word"])
@pytest.mark.parametrize(("text", "says"), ERRORS.values(), ids=ERRORS.keys())
def test_an_expression_the_demo_does_not_reach_is_checked(tmp_path: Path, suffix: str,
                                                          text: str, says: str) -> None:
    folder = folder_with(tmp_path, suffix, text)
    result = CliRunner().invoke(main, ["templates", "check", "--templates", str(folder)])
    assert result.exit_code == 3, result.output
    says_well(result.output.replace(str(tmp_path), ""), text, says, *WHERE[suffix])


@pytest.mark.parametrize("suffix", SUFFIXES, ids=["excel", "word"])
@pytest.mark.parametrize(("text", "says"), WARNINGS.values(), ids=WARNINGS.keys())
def test_what_the_demo_values_hide_is_warned(tmp_path: Path, suffix: str, text: str,
                                             says: str) -> None:
    template = folder_with(tmp_path, suffix, text) / f"文书{suffix}"
    found = [p for p in check_template(template) if p.code != "template-word-format"]
    assert [p.severity.value for p in found if says in p.message] == ["warning"], found
    assert all(p.severity.value == "warning" for p in found), found
    place = found[0].cell if suffix == ".xlsx" else found[0].paragraph
    assert place == ("B2" if suffix == ".xlsx" else text[:39] + "…" * (len(text) > 40))


@pytest.mark.parametrize("suffix", SUFFIXES, ids=["excel", "word"])
@pytest.mark.parametrize("text", GUARDED)
def test_a_guarded_optional_field_is_not_warned(tmp_path: Path, suffix: str, text: str) -> None:
    template = folder_with(tmp_path, suffix, text) / f"文书{suffix}"
    found = [p for p in check_template(template) if p.code != "template-word-format"]
    assert found == [], found


@pytest.mark.parametrize("suffix", SUFFIXES, ids=["excel", "word"])
def test_validate_and_build_agree_with_the_check(tmp_path: Path, suffix: str) -> None:
    """A misspelt field in a branch the clerk's workbook does not take stops build and
    validate too (it would fail on the next workbook that takes it)."""
    text, says = ERRORS["field-under-false"]
    folder = folder_with(tmp_path, suffix, text)
    source = book(tmp_path / "in" / "测试局.xlsx")
    for command in (["validate", str(source)],
                    ["build", str(source), "--out", str(tmp_path / "out")]):
        result = CliRunner().invoke(main, [*command, "--templates", str(folder)])
        assert result.exit_code == 3, result.output
        says_well(result.output.replace(str(tmp_path), ""), text, says, *WHERE[suffix])
    assert not list((tmp_path / "out").glob("*.xlsx"))


def test_a_live_mistake_is_listed_once(tmp_path: Path) -> None:
    """The walk and the trial render both find a mistake the demo reaches: one problem."""
    template = folder_with(tmp_path, ".xlsx", "{{ dept.nmae }}{{ dept.staf }}") / "文书.xlsx"
    found = check_template(template)
    assert [p.cell for p in found] == ["B2"], found
