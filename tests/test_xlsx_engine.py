"""The Excel template engine on small templates built in code (see templates/README.md)."""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Callable, Sequence
from decimal import Decimal
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import openpyxl
import pytest
from openpyxl.styles import Alignment
from openpyxl.worksheet.worksheet import Worksheet

from xlgen.errors import TemplateError
from xlgen.problems import Severity
from xlgen.render.xlsx.engine import (
    RenderResult,
    check_xlsx_template,
    render_xlsx,
    xlsx_template_variables,
)
from xlgen.render.xlsx.values import (
    figure_may_not_fit,
    format_decimals,
    padded_format,
    text_lines,
    wrap_starts,
)

Rows = Sequence[Sequence[Any]]


def make_template(
    tmp_path: Path,
    rows: Rows,
    merges: Sequence[str] = (),
    setup: Callable[[Worksheet], None] | None = None,
    name: str = "t.xlsx",
) -> Path:
    """Write a one-sheet template from nested lists (row by row, from A1)."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "表"
    for r, row in enumerate(rows, start=1):
        for c, value in enumerate(row, start=1):
            if value is not None:
                ws.cell(r, c, value)
    for ref in merges:
        ws.merge_cells(ref)
    if setup:
        setup(ws)
    path = tmp_path / name
    wb.save(path)
    return path


def load(result: RenderResult) -> Worksheet:
    return openpyxl.load_workbook(io.BytesIO(result.data)).worksheets[0]


def values(result: RenderResult) -> list[list[Any]]:
    """The output's values row by row, trailing empty cells dropped."""
    out = []
    for row in load(result).iter_rows(values_only=True):
        row = list(row)
        while row and row[-1] is None:
            row.pop()
        out.append(row)
    return out


def sheet_xml(result: RenderResult) -> str:
    with zipfile.ZipFile(io.BytesIO(result.data)) as z:
        return z.read("xl/worksheets/sheet1.xml").decode("utf-8")


def merged(result: RenderResult) -> list[str]:
    return sorted(str(r) for r in load(result).merged_cells.ranges)


UNITS = [
    {"name": "甲单位", "projects": [{"name": "P1", "amount": Decimal("1.5")},
                                    {"name": "P2", "amount": Decimal("2.25")}]},
    {"name": "乙单位", "projects": []},
    {"name": "丙单位", "projects": [{"name": "P3", "amount": 7}]},
]


# -- row blocks ---------------------------------------------------------------------------------


def test_for_rows_repeat_and_control_rows_disappear(tmp_path: Path) -> None:
    t = make_template(tmp_path, [
        ["标题"],
        ["{% for x in items %}"],
        ["{{ loop.index }}", "{{ x }}"],
        ["{% endfor %}"],
        ["完"],
    ])
    r = render_xlsx(t, {"items": ["a", "b", "c"]})
    assert values(r) == [["标题"], [1, "a"], [2, "b"], [3, "c"], ["完"]]
    assert r.problems == []


def test_nested_loops_units_then_projects(tmp_path: Path) -> None:
    t = make_template(tmp_path, [
        ["{% for u in units %}"],
        ["{{ u.name }}"],
        ["{% for p in u.projects %}"],
        [None, "{{ p.name }}", "{{ p.amount }}"],
        ["{% endfor %}"],
        ["{% endfor %}"],
    ])
    r = render_xlsx(t, {"units": UNITS})
    assert values(r) == [
        ["甲单位"], [None, "P1", 1.5], [None, "P2", 2.25], ["乙单位"], ["丙单位"], [None, "P3", 7],
    ]


def test_if_elif_else_rows_and_for_else(tmp_path: Path) -> None:
    t = make_template(tmp_path, [
        ["{% for n in numbers %}"],
        ["{% if n > 10 %}"],
        ["大", "{{ n }}"],
        ["{% elif n > 5 %}"],
        ["中", "{{ n }}"],
        ["{% else %}"],
        ["小", "{{ n }}"],
        ["{% endif %}"],
        ["{% else %}"],
        ["无"],
        ["{% endfor %}"],
    ])
    assert values(render_xlsx(t, {"numbers": [11, 6, 1]})) == [["大", 11], ["中", 6], ["小", 1]]
    assert values(render_xlsx(t, {"numbers": []})) == [["无"]]


def test_set_control_row_and_namespace(tmp_path: Path) -> None:
    t = make_template(tmp_path, [
        ["{% set ns = namespace(total=0) %}"],
        ["{% for x in items %}"],
        ["{% set ns.total = ns.total + x %}"],
        ["{{ x }}", "{{ ns.total }}"],
        ["{% endfor %}"],
        ["合计", "{{ ns.total }}"],
    ])
    assert values(render_xlsx(t, {"items": [1, 2, 3]})) == [[1, 1], [2, 3], [3, 6], ["合计", 6]]


def test_inline_for_in_a_cell_folds_a_list(tmp_path: Path) -> None:
    cell = "{% for i in p.inds %}\n{{ loop.index }}.{{ i }}；\n{% endfor %}"
    t = make_template(tmp_path, [["{{ p.name }}", cell], ["{% if p.inds %}x{% endif %}"]])
    r = render_xlsx(t, {"p": {"name": "项目", "inds": ["甲", "乙"]}})
    assert values(r) == [["项目", "1.甲；\n2.乙；"], ["x"]]  # a line each, no trailing newline
    r = render_xlsx(t, {"p": {"name": "项目", "inds": []}})
    assert values(r) == [["项目"]]  # an empty result is an empty cell


# -- values ---------------------------------------------------------------------------------------


def test_numbers_stay_numbers_and_none_is_empty(tmp_path: Path) -> None:
    cells = ["{{ a }}", "{{ b }}", "{{ c }}", "{{ d }}", "{{ e }}", "x{{ a }}"]
    t = make_template(tmp_path, [cells])
    r = render_xlsx(t, {"a": 3, "b": Decimal("1.25"), "c": 0.5, "d": None, "e": True})
    ws = load(r)
    assert [ws.cell(1, c).data_type for c in range(1, 7)] == ["n", "n", "n", "n", "b", "s"]
    assert values(r) == [[3, 1.25, 0.5, None, True, "x3"]]
    assert not re.search(r'<c r="D1"[^>]*>\s*<', sheet_xml(r))  # None: no value written


@pytest.mark.parametrize(
    ("value", "number_format", "stored"),
    [
        (Decimal("2.675"), "#,##0.00", "2.68"),
        (Decimal("2.665"), "#,##0.00", "2.67"),
        (2.675, "#,##0.00", "2.68"),  # a float is taken at 15 digits, then rounded half-up
        (Decimal("2.675"), "General", "2.68"),  # no format: two decimals for Decimal
        (Decimal("0.98815"), "0.00%", "0.9882"),  # 98.815% → 98.82%
        (Decimal("1.5"), "0", "2"),
        (Decimal("15608"), "#,##0.00", "15608"),
        (7, "#,##0.00", "7"),
    ],
)
def test_rounding_half_up_once_at_the_cell(
    tmp_path: Path, value: Any, number_format: str, stored: str
) -> None:
    def fmt(ws: Worksheet) -> None:
        ws["A1"].number_format = number_format

    t = make_template(tmp_path, [["{{ v }}"]], setup=fmt)
    xml = sheet_xml(render_xlsx(t, {"v": value}))
    assert re.search(r'<c r="A1"[^>]*><v>([^<]*)</v>', xml).group(1) == stored


@pytest.mark.parametrize(
    ("horizontal", "number_format", "printed"),
    [
        ("right", "0.00%", "center"),  # the 执行率 cell: numbers right, the dash centred
        (None, "0.00%", "center"),  # general: a number goes right, a text left
        ("general", "#,##0.00", "center"),
        ("right", "General", "center"),
        (None, "General", None),  # a text cell: the dash stays where text goes
        ("left", "0.00", "left"),
        ("center", "0.00", "center"),
    ],
)
def test_a_dash_for_no_figure_prints_centred_in_a_number_cell(
    tmp_path: Path, horizontal: str | None, number_format: str, printed: str | None
) -> None:
    """``{{ x|dash }}`` of a rate that cannot be computed prints “—”; where the cell is a
    number cell it is centred, as the templates' own “—” cells are. The numbers of the same
    template cell keep its alignment (and its style: vertical, wrap, borders)."""
    def fmt(ws: Worksheet) -> None:
        ws["A2"].number_format = number_format
        ws["A2"].alignment = Alignment(horizontal=horizontal, vertical="top", wrap_text=True)

    t = make_template(tmp_path, [["{% for v in values %}"], ["{{ v|dash }}"], ["{% endfor %}"]],
                      setup=fmt)
    ws = load(render_xlsx(t, {"values": [Decimal("0.5"), None, Decimal("0.25"), None]}))
    assert [ws.cell(r, 1).value for r in range(1, 5)] == [0.5, "—", 0.25, "—"]
    assert [ws.cell(r, 1).alignment.horizontal for r in range(1, 5)] == [
        horizontal, printed, horizontal, printed]
    assert {(ws.cell(r, 1).alignment.vertical, ws.cell(r, 1).number_format)
            for r in range(1, 5)} == {("top", number_format)}
    # a number in a number cell shrinks to the column (Excel shrinks only where it does not
    # wrap); the dash and a number in a text cell wrap as the template says
    number = printed == "center" and horizontal != "center"
    assert [(ws.cell(r, 1).alignment.wrap_text, bool(ws.cell(r, 1).alignment.shrink_to_fit))
            for r in range(1, 5)] == [(None, True) if number else (True, False), (True, False)] * 2


@pytest.mark.parametrize(
    ("number_format", "decimals"),
    [("#,##0.00", 2), ("0.00%", 4), ("0%", 2), ("General", None), ("@", None), ("0", 0),
     ('#,##0.0_);[Red](#,##0.0)', 1), ('"¥"#,##0.000', 3)],
)
def test_format_decimals(number_format: str, decimals: int | None) -> None:
    assert format_decimals(number_format) == decimals


@pytest.mark.parametrize(
    ("number_format", "padded"),
    [("#,##0.00_ ", "_ #,##0.00_ ;_ -#,##0.00_ "), ("0.00%_ ", "_ 0.00%_ ;_ -0.00%_ "),
     ("[Red]0.00;[Blue]-0.00", "[Red]_ 0.00;[Blue]_ -0.00"),
     ("#,##0.00_ ;-#,##0.00_ ;0;@", "_ #,##0.00_ ;_ -#,##0.00_ ;_ 0;@"),
     ("_ 0.00_ ;_ -0.00_ ", "_ 0.00_ ;_ -0.00_ "), ("General", "General")],
)
def test_a_shrunk_figure_keeps_a_space_at_the_left(number_format: str, padded: str) -> None:
    """The format of a figure that may be shrunk to its cell: a space's width at the left
    too, the minus sign by the digits; colours and conditions stay first in their section."""
    assert padded_format(number_format) == padded


@pytest.mark.parametrize(
    ("value", "number_format", "width", "wide"),
    [(Decimal("2616.61"), "#,##0.00_ ", 12, False),
     (Decimal("9999999.99"), "#,##0.00_ ", 12, False),
     (Decimal("123456789.12"), "#,##0.00_ ", 12, True),
     (Decimal("123456.78"), "#,##0.00_ ", 10, False),
     (Decimal("-123456.78"), "#,##0.00_ ", 10, True), (0, "#,##0.00_ ", 10, False),
     (Decimal("0.988"), "0.00%_ ", 7, False), (Decimal("1"), "0.00%_ ", 7, True),
     (Decimal("1234.5"), "General", 7, True), (5, "0", 3, False)],
)
def test_which_figures_may_be_shrunk(value: Decimal, number_format: str, width: float,
                                     wide: bool) -> None:
    """In the 自评表's 7-wide 执行率 column 98.80% fits and 100.00% is shrunk a little."""
    assert figure_may_not_fit(value, number_format, width, 10.0, 6.0) is wide


@pytest.mark.parametrize("text", ["=SUM(A1:A3)", "+86 20 1234", "-5%", "@home", "=1+1"])
def test_text_that_looks_like_a_formula_stays_a_string(tmp_path: Path, text: str) -> None:
    t = make_template(tmp_path, [["{{ v }}", "前缀{{ v }}"]])
    r = render_xlsx(t, {"v": text})
    xml = sheet_xml(r)
    assert "<f>" not in xml
    assert re.search(r'<c r="A1"[^>]*t="inlineStr"', xml)
    assert values(r) == [[text, "前缀" + text]]


def test_control_characters_are_removed_with_a_warning(tmp_path: Path) -> None:
    t = make_template(tmp_path, [["标题"], ["{% for x in items %}"], [None, "{{ x }}"],
                                 ["{% endfor %}"]])
    r = render_xlsx(t, {"items": ["好", "坏\x01字\x1f符"]})
    assert values(r) == [["标题"], [None, "好"], [None, "坏字符"]]
    assert [(p.severity, p.code, p.sheet, p.cell) for p in r.problems] == [
        (Severity.WARNING, "xlsx-control-char", "表", "B3")
    ]
    assert "B3" in r.problems[0].message and "模板单元格 B3" in r.problems[0].message
    assert r.ok


def test_a_cell_over_32767_characters_is_an_error(tmp_path: Path) -> None:
    t = make_template(tmp_path, [["{{ v }}"]])
    r = render_xlsx(t, {"v": "长" * 40000})
    assert [(p.severity, p.code, p.cell) for p in r.problems] == [
        (Severity.ERROR, "xlsx-cell-too-long", "A1")
    ]
    assert not r.ok


# -- merges, heights, print setup -----------------------------------------------------------------


def test_mergedown_merges_equal_neighbours_within_scope(tmp_path: Path) -> None:
    t = make_template(tmp_path, [
        ["一级", "二级", "三级"],
        ["{% for i in inds %}"],
        ["{{ i.l1 | mergedown }}", "{{ i.l2 | mergedown(i.l1) }}", "{{ i.name }}"],
        ["{% endfor %}"],
        ["尾"],
    ])
    inds = [("产出", "数量", "a"), ("产出", "数量", "b"), ("产出", "质量", "c"),
            ("效益", "质量", "d"), ("效益", "质量", "e"), ("满意度", "", "f")]
    r = render_xlsx(t, {"inds": [dict(zip(("l1", "l2", "name"), i, strict=True)) for i in inds]})
    assert merged(r) == ["A2:A4", "A5:A6", "B2:B3", "B5:B6"]
    assert values(r)[1:5] == [["产出", "数量", "a"], [None, None, "b"], [None, "质量", "c"],
                              ["效益", "质量", "d"]]


def test_merge_in_a_repeated_row_repeats_and_static_merges_move(tmp_path: Path) -> None:
    t = make_template(
        tmp_path,
        [["标题"], ["{% for x in items %}"], ["{{ x }}"], ["{% endfor %}"], ["脚注"], ["落款"]],
        merges=["A1:C1", "A3:C3", "A5:B6"],
    )
    r = render_xlsx(t, {"items": [1, 2, 3]})
    assert merged(r) == ["A1:C1", "A2:C2", "A3:C3", "A4:C4", "A5:B6"]


def test_merge_over_a_block_stretches_over_its_rows(tmp_path: Path) -> None:
    rows = [["任务", "名称"], [None, "{% for t in tasks %}"], [None, "{{ t }}"],
            [None, "{% endfor %}"], ["其他"]]
    t = make_template(tmp_path, rows, merges=["A1:A4"])
    assert merged(render_xlsx(t, {"tasks": ["a", "b", "c"]})) == ["A1:A4"]
    assert merged(render_xlsx(t, {"tasks": ["a"]})) == ["A1:A2"]
    r = render_xlsx(t, {"tasks": []})
    assert merged(r) == [] and values(r) == [["任务", "名称"], ["其他"]]


def test_merge_stretches_once_per_outer_iteration(tmp_path: Path) -> None:
    rows = [["{% for u in units %}"], ["{{ u.name }}", "项目"], [None, "{% for p in u.projects %}"],
            [None, "{{ p.name }}"], [None, "{% endfor %}"], ["{% endfor %}"]]
    t = make_template(tmp_path, rows, merges=["A2:A5"])
    assert merged(render_xlsx(t, {"units": UNITS})) == ["A1:A3", "A5:A6"]


def test_print_titles_area_and_page_setup_survive(tmp_path: Path) -> None:
    def setup(ws: Worksheet) -> None:
        ws.print_title_rows = "3:3"
        ws.print_area = "A1:C6"
        ws.page_setup.orientation = "landscape"
        ws.page_setup.paperSize = ws.PAPERSIZE_A4
        ws.page_setup.fitToWidth = 1
        ws.page_setup.fitToHeight = 0
        ws.sheet_properties.pageSetUpPr.fitToPage = True
        ws.oddFooter.center.text = "第 &P 页，共 &N 页"
        ws.column_dimensions["B"].width = 33
        ws.freeze_panes = "A4"

    t = make_template(tmp_path, [["标题"], ["{% if show %}"], ["表头"], ["{% endif %}"],
                                 ["{% for x in items %}"], ["{{ x }}"], ["{% endfor %}"]],
                      setup=setup)
    ws = load(render_xlsx(t, {"show": True, "items": [1, 2, 3, 4]}))
    assert ws.print_title_rows == "$2:$2"
    assert ws.print_area == "'表'!$A$1:$C$6"
    assert ws.freeze_panes == "A3"
    assert ws.page_setup.orientation == "landscape" and ws.page_setup.fitToWidth == 1
    assert ws.sheet_properties.pageSetUpPr.fitToPage
    assert ws.oddFooter.center.text == "第 &P 页，共 &N 页"
    assert ws.column_dimensions["B"].width == 33


def test_wrapped_text_grows_its_row_never_below_the_template(tmp_path: Path) -> None:
    def setup(ws: Worksheet) -> None:
        for ref in ("A1", "A2", "B3"):
            ws[ref].alignment = Alignment(wrap_text=True)
        ws.column_dimensions["A"].width = 10
        ws.column_dimensions["B"].width = 10
        ws.column_dimensions["C"].width = 30
        ws.row_dimensions[1].height = 40

    t = make_template(tmp_path, [["{{ short }}"], ["{{ long }}"], [None, "{{ long }}"]],
                      merges=["B3:C3"], setup=setup)
    ws = load(render_xlsx(t, {"short": "短", "long": "很长的文字" * 20}))
    assert ws.row_dimensions[1].height == 40  # the template's height is the minimum
    assert ws.row_dimensions[2].height > 3 * ws.row_dimensions[3].height  # merged: 4× wider
    assert ws.row_dimensions[3].height > 15


def test_text_lines_counts_cjk_as_wide_and_newlines() -> None:
    assert text_lines("一二三四五", 20, 11) == 1
    assert text_lines("一" * 40, 20, 11) > text_lines("a" * 40, 20, 11)
    assert text_lines("甲\n乙\n\n丙", 20, 11) == 4


@pytest.mark.parametrize(("text", "lines"), [
    ("A" * 60, 5),  # capitals are wider than digits: 60 × 0.72 em
    ("a" * 60, 4),
    ("0" * 60, 4),
    ("三级指标" + "0" * 40, 4),  # the run starts a new line: 1 + 40 digits in 3 lines
    ("甲乙丙 丁戊己 " * 8, 6),  # CJK and spaces: measured as before
])
def test_text_lines_of_runs_a_line_cannot_break_inside(text: str, lines: int) -> None:
    """In a 20-unit column at 11 pt (宋体 unit 6 pt): about 10 CJK or 17 digits a line."""
    assert text_lines(text, 20, 11, 6.0) == lines



NARROW_VALUE = "完成全区政务服务事项梳理和标准化建设，" * 7  # 19 characters, “，” at the end


@pytest.mark.parametrize(("chars", "lines"), [(40, 8), (80, 17), (100, 21), (120, 25)])
def test_text_lines_in_a_column_of_five_characters_counts_whole_characters(chars: int,
                                                                          lines: int) -> None:
    """The 自评表's 年度指标值 column (10 units at 10 pt, 宋体 unit 6 pt) prints five characters
    a line, and “，” never starts one: 100 characters take 21 lines. The average width made it
    20 (5.1 characters a line), and the text printed over its row's borders."""
    text = NARROW_VALUE[:chars - 1] + "。"
    assert text_lines(text, 10, 10, 6.0) == lines == len(wrap_starts(text, 10, 10, 6.0))


# -- determinism and formulas ---------------------------------------------------------------------


def test_same_input_gives_identical_bytes(tmp_path: Path) -> None:
    t = make_template(tmp_path, [["{% for u in units %}"], ["{{ u.name | mergedown }}"],
                                 ["{% endfor %}"]], merges=["A2:C2"])
    first = render_xlsx(t, {"units": UNITS}).data
    assert render_xlsx(t, {"units": UNITS}).data == first
    with zipfile.ZipFile(io.BytesIO(first)) as z:
        assert {i.date_time for i in z.infolist()} == {(2000, 1, 1, 0, 0, 0)}
        core = z.read("docProps/core.xml").decode()
    assert "2000-01-01T00:00:00Z" in core and "xlgen" in core


def test_properties_carry_the_title_only(tmp_path: Path) -> None:
    t = make_template(tmp_path, [["{{ x }}"]])
    wb = openpyxl.load_workbook(t)
    wb.properties.title, wb.properties.description = "模板的标题", "由某脚本生成"
    wb.save(t)
    data = render_xlsx(t, {"x": 1}, title="2024年某局申报表").data
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        core = z.read("docProps/core.xml").decode()
    assert re.search(r"<dc:title[^>]*>2024年某局申报表</dc:title>", core)
    assert "模板的标题" not in core and "脚本" not in core


def test_output_has_no_formulas_and_a_template_formula_is_refused(tmp_path: Path) -> None:
    t = make_template(tmp_path, [["=SUM(B1:B2)", 1]], name="f.xlsx")
    with pytest.raises(TemplateError, match="A1.*公式"):
        render_xlsx(t, {})
    problems = check_xlsx_template(t)
    assert [(p.code, p.cell) for p in problems] == [("template-formula", "A1")]
    # what it is and both ways out: compute it, or print the text as typed
    assert "“=SUM(B1:B2)”" in problems[0].message
    assert "{{ '=SUM(B1:B2)' }}" in problems[0].message


# -- errors ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("rows", "code", "cell"),
    [
        ([["ok"], [None, "{{ x. }}"]], "template-syntax", "B2"),
        ([["{% for x in items %}"], ["{{ x }}", "{% if x %}a"], ["{% endfor %}"]],
         "template-syntax", "B2"),
        ([["{{ dept.name }}"], [None, None, "{{ nosuch.thing }}"]],
         "template-unknown-variable", "C2"),
        ([["表头"], [None, "{% for x in projects %}"], ["{{ x }}"]],
         "template-block-unclosed", "B2"),
        ([["表头"], ["{{ dept.name }}"], [None, "{% endfor %}"]], "template-block-stray", "B3"),
        ([["{% for x in projects %}"], ["{{ x }}"], ["{% endif %}"]],
         "template-block-mismatch", "A3"),
        ([["{% if items %}"], ["{% for x in items %}"], ["{{ x }}"], ["{% endif %}"]],
         "template-block-unclosed", "A2"),  # the for the endif jumps over, not the endif
        ([["{% else %}"]], "template-block-stray", "A1"),
        ([["{% set x %}"]], "template-control-set", "A1"),
    ],
)
def test_check_reports_broken_templates_at_the_cell(
    tmp_path: Path, rows: Rows, code: str, cell: str
) -> None:
    t = make_template(tmp_path, rows)
    problems = [p for p in check_xlsx_template(t) if p.severity is Severity.ERROR]
    assert [(p.code, p.cell) for p in problems][:1] == [(code, cell)]
    assert problems[0].file == str(t) and problems[0].sheet == "表"
    assert cell in problems[0].message
    with pytest.raises(TemplateError, match=cell):
        render_xlsx(t, {"projects": [], "dept": {"name": "x"}, "items": []})


def test_check_reports_a_merge_that_cuts_a_block(tmp_path: Path) -> None:
    rows = [["表头"], [None, "{% for x in projects %}"], [None, "{{ x }}"], [None, "{% endfor %}"]]
    t = make_template(tmp_path, [["标题"], *rows], merges=["A2:A3"])
    assert [(p.code, p.cell) for p in check_xlsx_template(t)] == [("template-merge-block", "A2:A3")]


def test_check_with_a_context_trial_renders_strictly(tmp_path: Path) -> None:
    t = make_template(tmp_path, [["{{ dept.name }}"], ["{% for p in projects %}"],
                                 [None, "{{ p.nme }}"], ["{% endfor %}"]])
    # without a context the paths are followed through the demo workbook (xlgen/render/reach.py)
    assert [(p.code, p.cell) for p in check_xlsx_template(t)] == [("template-render", "B3")]
    ctx = {"dept": {"name": "局"}, "projects": [SimpleNamespace(name="甲")]}
    problems = check_xlsx_template(t, ctx)
    assert [(p.code, p.sheet, p.cell) for p in problems] == [("template-render", "表", "B3")]
    assert "nme" in problems[0].message


@pytest.mark.parametrize(
    ("rows", "failing"),
    [
        ([["{{ dept.nme }}", "{{ dept.name + 1 }}"], ["{{ dept.name }}", "{{ dept.x.y }}"]],
         ["A1", "B1", "B2"]),  # three failing cells of one sheet
        ([["{{ dept.name }}"], ["{% for p in projects %}"], [None, "{{ p.nme }}"],
          [None, "{{ p.name | round(2) }}"], ["{% endfor %}"]], ["B3", "B4"]),  # in a loop
    ],
)
def test_check_reports_every_failing_cell_in_one_pass(tmp_path: Path, rows: Rows,
                                                       failing: list[str]) -> None:
    """A maintainer fixing a template sees all its failing cells at once (in reading order),
    not one per run."""
    t = make_template(tmp_path, rows)
    ctx = {"dept": {"name": "局"}, "projects": [SimpleNamespace(name="甲")]}
    problems = [p for p in check_xlsx_template(t, ctx) if p.code == "template-render"]
    assert [(p.sheet, p.cell) for p in problems] == [("表", cell) for cell in failing]
    with pytest.raises(TemplateError, match="|".join(failing)):  # a render stops at one
        render_xlsx(t, ctx)


@pytest.mark.parametrize(
    ("cell_text", "ctx", "pattern"),
    [
        ("{{ p.nme }}", {"p": SimpleNamespace(name="x")},
         r"B2：“p”没有字段“nme”，是否应为“name”？"),
        ("值：{{ p.nme }}", {"p": SimpleNamespace(name="x")}, r"B2.*没有字段“nme”"),
        ("{{ 1 / p.zero }}", {"p": {"zero": 0}}, r"B2.*除数为 0"),
        ("{{ p.__class__ }}", {"p": 1}, r"B2.*不允许"),
        ("{% for x in p.items2 %}{{ x }}{% endfor %}", {"p": {}}, r"B2.*“p”没有字段“items2”。"),
        ("{{ nosuch }}", {"p": {}}, r"B2.*变量“nosuch”不存在"),
    ],
)
def test_runtime_errors_name_the_template_cell(
    tmp_path: Path, cell_text: str, ctx: dict[str, Any], pattern: str
) -> None:
    t = make_template(tmp_path, [["标题"], [None, cell_text]])
    with pytest.raises(TemplateError, match=pattern) as info:
        render_xlsx(t, ctx)
    assert "t.xlsx" in str(info.value) and "表" in str(info.value)


@pytest.mark.parametrize("cell_text", [
    "{{ p.__class__ }}",
    "{{ p.fmt.format(p) }}",  # str.format stays the sandbox's, after a str was read plainly
    "{{ p.name.__class__.__mro__ }}",
])
def test_the_sandbox_refuses_after_safe_reads_of_the_same_type(tmp_path: Path,
                                                               cell_text: str) -> None:
    # the repeated reads of p.name, p.fmt and a str's format are cached as safe first
    t = make_template(tmp_path, [["{% for p in ps %}"], ["{{ p.name }}{{ p.fmt }}"
                                                         "{{ '{}'.format(p.name) }}"],
                                 ["{% endfor %}"], [cell_text]])
    ps = [SimpleNamespace(name=f"甲{i}", fmt="{0.__class__.__init__.__globals__}")
          for i in range(3)]
    with pytest.raises(TemplateError, match=r"A4.*不允许|A4.*unsafe|A4.*安全"):
        render_xlsx(t, {"ps": ps, "p": ps[0]})


def test_a_missing_template_is_a_template_error(tmp_path: Path) -> None:
    with pytest.raises(TemplateError, match="找不到"):
        render_xlsx(tmp_path / "none.xlsx", {})
    (tmp_path / "bad.xlsx").write_text("not a zip")
    with pytest.raises(TemplateError, match="无法读取"):
        render_xlsx(tmp_path / "bad.xlsx", {})


def test_template_variables_are_top_level_names_only(tmp_path: Path) -> None:
    t = make_template(tmp_path, [
        ["{{ dept.name }}"],
        ["{% set n = 1 %}"],
        ["{% for u in units %}"],
        ["{{ u.name }}{{ n }}", "{{ totals.total | money }}", "{{ range(3) | list }}"],
        ["{% endfor %}"],
    ])
    assert xlsx_template_variables(t) == {"dept", "units", "totals"}


# -- pages ----------------------------------------------------------------------------------------


def a4_portrait(ws: Worksheet) -> None:
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.orientation = "portrait"
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.column_dimensions["A"].width = 12
    ws.column_dimensions["B"].width = 40


def test_rendered_breaks_never_cut_a_mergedown_group(tmp_path: Path) -> None:
    def setup(ws: Worksheet) -> None:
        a4_portrait(ws)
        ws.row_dimensions[2].height = 30

    t = make_template(tmp_path, [["{% for x in items %}"], ["{{ x.g | mergedown }}", "{{ x.n }}"],
                                 ["{% endfor %}"]], setup=setup)
    items = [{"g": f"组{n // 3}", "n": n} for n in range(200)]
    ws = load(render_xlsx(t, {"items": items}))
    starts = [b.id + 1 for b in ws.row_breaks.brk]
    assert len(starts) > 2  # some groups had to move; the other breaks the application makes
    for r in ws.merged_cells.ranges:
        assert not any(r.min_row < s <= r.max_row for s in starts), (str(r), starts)


def test_text_of_three_pages_flows_over_rows_and_pages_and_loses_nothing(tmp_path: Path) -> None:
    def setup(ws: Worksheet) -> None:
        a4_portrait(ws)
        ws["B2"].alignment = Alignment(wrap_text=True)

    text = "".join(f"第{n}句：绩效目标的文字很长，需要分几页打印。" for n in range(1, 160))
    t = make_template(tmp_path, [["标题"], ["{{ name }}", "{{ text }}", "{{ amount }}"]],
                      setup=setup)
    r = render_xlsx(t, {"name": "项目甲", "text": text, "amount": Decimal("12.5")})
    assert r.problems == []  # no "row too tall": the row flows on instead
    ws = load(r)
    breaks = [b.id + 1 for b in ws.row_breaks.brk]
    assert len(breaks) >= 2  # three pages or more
    parts = [ws.cell(n, 2).value for n in range(2, ws.max_row + 1) if ws.cell(n, 2).value]
    assert "".join(parts) == text
    assert all(ws.row_dimensions[n].height <= 409 for n in range(1, ws.max_row + 1))
    for start in breaks:  # each page's part shows the label; the figure prints once
        assert ws.cell(start, 1).value == "项目甲"
        assert ws.cell(start, 3).value is None
    assert ws["C2"].value == 12.5


def test_a_hidden_row_stays_hidden_with_its_height(tmp_path: Path) -> None:
    def setup(ws: Worksheet) -> None:
        a4_portrait(ws)
        ws.row_dimensions[2].hidden = True
        ws.row_dimensions[2].height = 30

    t = make_template(tmp_path, [["标题"], ["{{ note }}"], ["正文"]], setup=setup)
    ws = load(render_xlsx(t, {"note": "内部备注"}))
    assert ws.row_dimensions[2].hidden and ws.row_dimensions[2].height == 30
    assert ws["A2"].value == "内部备注" and ws["A3"].value == "正文"


def test_a_page_block_repeats_its_head_on_every_page(tmp_path: Path) -> None:
    rows = [["标题"], ["{% pageblock %}"], ["分组", "名称"], ["{% for x in items %}"],
            ["{{ x.g | mergedown }}", "{{ x.n }}"], ["{% endfor %}"], ["{% endpageblock %}"],
            ["表尾"]]
    t = make_template(tmp_path, rows, setup=a4_portrait)
    items = [{"g": f"组{n // 40}", "n": f"名称{n}"} for n in range(150)]
    ws = load(render_xlsx(t, {"items": items}))
    breaks = [b.id + 1 for b in ws.row_breaks.brk]
    assert len(breaks) >= 3
    for start in breaks:
        assert (ws.cell(start, 1).value, ws.cell(start, 2).value) == ("分组", "名称")
        assert ws.cell(start + 1, 1).value.startswith("组")  # the group label, again
    names = [ws.cell(n, 2).value for n in range(1, ws.max_row + 1)]
    assert [v for v in names if v and v.startswith("名称") and v != "名称"] == \
        [f"名称{n}" for n in range(150)]
    assert ws.cell(ws.max_row, 1).value == "表尾"


@pytest.mark.parametrize(
    ("rows", "expected"),
    [
        ([["{% pageblock %}"], ["表头"], ["{% for x in items %}"], ["{{ x }}"], ["{% endfor %}"]],
         [(Severity.ERROR, "template-block-unclosed", "A1")]),
        ([["{% pageblock %}"], ["{% for x in items %}"], ["{{ x }}"], ["{% endfor %}"],
          ["{% endpageblock %}"]],
         [(Severity.WARNING, "template-pageblock-head", "A1")]),
        ([["{% pageblock %}"], ["表头"], ["{% else %}"], ["{% endpageblock %}"]],
         [(Severity.ERROR, "template-block-stray", "A3")]),
    ],
)
def test_page_block_mistakes_are_reported(tmp_path: Path, rows: Rows,
                                          expected: list[tuple[Severity, str, str]]) -> None:
    t = make_template(tmp_path, rows)
    problems = [p for p in check_xlsx_template(t) if p.code != "template-unknown-variable"]
    assert [(p.severity, p.code, p.cell) for p in problems] == expected


def test_extra_content_in_a_control_row_is_a_warning(tmp_path: Path) -> None:
    rows = [["{% for x in items %}", "说明文字"], ["{{ x }}"], ["{% endfor %}"]]
    t = make_template(tmp_path, rows)
    problems = [p for p in check_xlsx_template(t) if p.code != "template-unknown-variable"]
    assert [(p.severity, p.code, p.cell) for p in problems] == [
        (Severity.WARNING, "template-control-extra", "B1")
    ]
    assert values(render_xlsx(t, {"items": [1]})) == [[1]]


@pytest.mark.parametrize(("cell", "says"), [
    ("{% endfor %} 结束", "“{% endfor %}”后面的“结束”"),
    ("{% endfor %}{% endfor %}", "“{% endfor %}”后面的“{% endfor %}”"),
    ("{% pageblock %}{% for x in items %}", "“{% pageblock %}”后面的“{% for x in items %}”"),
])
def test_a_control_tag_with_more_in_its_cell_is_named(tmp_path: Path, cell: str,
                                                     says: str) -> None:
    """A maintainer's control row with text or a second tag in the same cell: one error at
    that cell saying what to move (not a missing end tag rows away)."""
    rows = [["{% for x in items %}"], ["{{ x }}"], [cell]]
    if "pageblock" in cell:
        rows = [[cell], ["{{ x }}"], ["{% endfor %}"], ["{% endpageblock %}"]]
    problems = [p for p in check_xlsx_template(make_template(tmp_path, rows))
                if p.code != "template-unknown-variable"]
    assert [(p.severity, p.code, p.cell) for p in problems][:1] == [
        (Severity.ERROR, "template-syntax", "A3" if "pageblock" not in cell else "A1")]
    assert says in problems[0].message and "单独的一行" in problems[0].message, problems[0]


@pytest.mark.parametrize(("part", "where"), [
    ("oddHeader.left", "页眉（左）"), ("oddFooter.center", "页脚（中）"),
    ("evenHeader.right", "偶数页页眉（右）"), ("firstFooter.left", "首页页脚（左）"),
])
def test_a_tag_in_a_header_or_footer_is_named(tmp_path: Path, part: str, where: str) -> None:
    """Headers and footers are not filled: a tag there would print as typed on every page."""
    def setup(ws: Worksheet) -> None:
        header, side = part.split(".")
        getattr(getattr(ws, header), side).text = "{{ dept.name }}"
    t = make_template(tmp_path, [["{{ x }}"]], setup=setup)
    problems = check_xlsx_template(t)
    assert [(p.severity, p.code) for p in problems if p.code != "template-unknown-variable"] \
        == [(Severity.ERROR, "template-header-tag")]
    message = next(p.message for p in problems if p.code == "template-header-tag")
    assert f"工作表“表”的{where}" in message and "“{{ dept.name }}”" in message, message
    assert "单元格" in message, message


def _fit_a4_landscape(widths: Sequence[float]) -> Callable[[Worksheet], None]:
    def setup(ws: Worksheet) -> None:
        ws.page_setup.orientation, ws.page_setup.paperSize = "landscape", 9
        ws.page_setup.fitToWidth, ws.page_setup.fitToHeight = 1, 0
        ws.sheet_properties.pageSetUpPr.fitToPage = True
        ws.page_margins.left = ws.page_margins.right = 0.5
        for n, width in enumerate(widths, start=1):
            ws.column_dimensions[openpyxl.utils.get_column_letter(n)].width = width
            ws.cell(1, n).font = openpyxl.styles.Font(name="宋体", sz=10)
    return setup


@pytest.mark.parametrize(("widths", "warned"), [
    ([20, 12, 12, 12, 12, 18, 41], False),            # the 目标表: 127 units, 100 %
    ([20, 14, 12, 12, 12, 12, 26, 56, 12], True),     # two columns added, wider: 176, 83 %
])
def test_columns_too_wide_for_the_paper_are_a_warning(tmp_path: Path, widths: list[float],
                                                      warned: bool) -> None:
    """A maintainer adding columns shrinks the whole printed sheet (fit to one page wide):
    the check says by how much, before the clerks print 8 pt tables."""
    rows = [["标题"] * len(widths)]
    t = make_template(tmp_path, rows, setup=_fit_a4_landscape(widths))
    problems = check_xlsx_template(t)
    assert [(p.severity, p.code) for p in problems] == (
        [(Severity.WARNING, "template-print-small")] if warned else [])
    if warned:
        message = problems[0].message
        assert "工作表“表”" in message and "A–I" in message and "缩小到 8" in message, message
        assert "10 磅的正文印成 8." in message and "缩窄" in message, message


def test_overlapping_merges_are_reported_not_written(tmp_path: Path) -> None:
    rows = [["{% for x in items %}"], ["{{ 'g' | mergedown }}"], ["{{ 'g' | mergedown }}", "x"],
            ["{% endfor %}"]]
    t = make_template(tmp_path, rows, merges=["A2:B2", "B3:C3"])
    r = render_xlsx(t, {"items": [1]})
    assert [(p.severity, p.code, p.cell) for p in r.problems] == [
        (Severity.ERROR, "xlsx-merge-overlap", "B2:C2")
    ]
    assert merged(r) == ["A1:B2"]  # no overlapping merge reaches the file


def test_mergedown_on_a_row_merge_merges_the_whole_width(tmp_path: Path) -> None:
    rows = [["{% for x in items %}"], ["{{ x.g | mergedown }}", None, "{{ x.n }}"],
            ["{% endfor %}"]]
    t = make_template(tmp_path, rows, merges=["A2:B2"])
    r = render_xlsx(t, {"items": [{"g": "甲", "n": 1}, {"g": "甲", "n": 2}, {"g": "乙", "n": 3}]})
    assert r.problems == []
    assert merged(r) == ["A1:B2", "A3:B3"]


@pytest.mark.parametrize(("text", "width"), [
    ("abc", 3), ("中文", 4), ("“引号”、—", 12), ("12.5万元", 8), ("", 0)])
def test_one_display_width_for_every_estimate(text: str, width: int) -> None:
    """Row heights of outputs and of the blank workbook count wide characters alike."""
    from xlgen.textwidth import display_width, is_wide, wide_count

    assert display_width(text) == width
    assert wide_count(text) == sum(map(is_wide, text))
