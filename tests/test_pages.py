"""The page planner (xlgen/render/xlsx/pages.py) on rows described in code: no workbook needed."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from xlgen.render.xlsx.pages import MAX_ROW_HEIGHT, Block, Plan, Row, Span, plan_pages
from xlgen.render.xlsx.values import (
    CAPITAL_EM,
    NARROW_EM,
    WRAP_SLACK,
    split_lines,
    wrap_starts,
)


def rows(*heights: float) -> list[Row]:
    return [Row(h) for h in heights]


def pages(plan: Plan) -> list[list[tuple[int, int]]]:
    """(logical row, part) of each physical row, page by page."""
    out: list[list[tuple[int, int]]] = []
    for piece in plan.pieces:
        while len(out) <= piece.page:
            out.append([])
        out[piece.page].append((piece.row, piece.part))
    return out


def page_heights(plan: Plan) -> list[float]:
    totals: dict[int, float] = {}
    for piece in plan.pieces:
        totals[piece.page] = totals.get(piece.page, 0.0) + piece.height
    return [totals[p] for p in sorted(totals)]


def test_plain_rows_break_where_the_page_is_full_and_the_application_finds_it() -> None:
    plan = plan_pages(rows(*[20] * 12), [], capacity=100)
    assert [len(p) for p in pages(plan)] == [5, 5, 2]
    assert plan.breaks == [6, 11]
    assert plan.manual == []  # nothing is cut or kept: the application breaks by itself


def test_the_breaks_before_a_held_one_are_held_too() -> None:
    """Page 3 starts inside row 8 (a held break); page 2's break, found by the application
    alone, let a page holding more than the plan's (LibreOffice printing 宋体 smaller) run
    on to row 8, so that page ended at the held break with half of it blank."""
    tall = Row(150, lines=14, line=10, pad=10, least=20)
    plan = plan_pages([*rows(*[20] * 7), tall, Row(20)], [], capacity=100)
    assert plan.breaks == [6, 9, 10]
    assert plan.manual == [6, 9]
    longer = plan_pages([*rows(*[20] * 7), tall, *rows(*[20] * 12)], [], capacity=100)
    assert longer.breaks[-1] not in longer.manual  # after the last held break it may drift


def test_without_a_page_size_nothing_breaks() -> None:
    plan = plan_pages(rows(*[20] * 50), [Span(1, 1, 50, 1)])
    assert plan.breaks == [] and plan.merges == [(1, 1, 50, 1)] and plan.labels == []


@pytest.mark.parametrize(
    ("spans", "titles", "manual", "first_page"),
    [
        # rows 5..6 merged: row 5 would end page 1, so page 2 starts at row 5 (a manual break)
        ([Span(5, 1, 6, 1)], None, [5], 4),
        # a title row repeated atop every page leaves 4 rows a page after the first
        ([Span(5, 1, 6, 1)], (1, 1), [5], 4),
        # a merge taller than half a page is cut, not moved: its later part repeats its label
        ([Span(4, 1, 7, 1)], None, [6], 5),
    ],
)
def test_small_groups_move_whole_big_ones_are_cut(spans: list[Span], titles: tuple[int, int] | None,
                                                  manual: list[int], first_page: int) -> None:
    plan = plan_pages(rows(*[20] * 12), spans, capacity=100, titles=titles)
    assert plan.manual == manual
    assert len(pages(plan)[0]) == first_page


# A 自评表's indicators as the planner sees them: a goal (row 1), the block's header row (2),
# 绩效指标 merged down rows 2..8 (its label 15 points), the 产出指标 group (rows 3..6) and the
# 效益指标 group (7..8), then 总分 (9). Pages of 200 points: the block (90) is under half a page.
INDICATORS = ([Span(2, 1, 8, 1, label=15), Span(3, 2, 6, 2), Span(7, 2, 8, 2)], [Block(2, 1, 8)])


@pytest.mark.parametrize(
    ("goal", "first_page"),
    [
        # 70 points left: the header and 产出指标 fit, the page breaks before 效益指标 (it
        # moved the whole block and left the page 35 % blank); the label and header repeat
        (130, [1, 2, 3, 4, 5, 6]),
        # 40 points left (under a quarter page): the block moves whole, as before
        (160, [1]),
        # 50 points left: just the header and 产出指标
        (150, [1, 2, 3, 4, 5, 6]),
    ],
)
def test_a_small_group_is_cut_between_its_own_groups_rather_than_leave_the_page_blank(
        goal: float, first_page: list[int]) -> None:
    spans, blocks = INDICATORS
    plan = plan_pages(rows(goal, 10, *[10] * 4, 20, 20, 10), spans, blocks, capacity=200)
    assert [r for r, _ in pages(plan)[0]] == first_page
    second = pages(plan)[1]
    assert [r for r, part in second if part >= 0] == list(range(first_page[-1] + 1, 10))
    if len(first_page) > 1:
        assert second[0] == (2, -1)  # the header row again, 绩效指标 in its first cell
        assert (2, 1, 6, 1) in plan.merges  # 绩效指标's part on each page
        assert (plan.breaks[0], 1, len(plan.pieces) - 1, 1) in plan.merges


def test_the_row_after_a_block_never_starts_a_page_alone() -> None:
    """The 自评表's 总分 printed alone atop a page (under the repeated 项目名称) when the
    indicators just filled the page before: it now goes with the last 一级 group."""
    spans, blocks = INDICATORS
    plan = plan_pages(rows(110, 10, *[10] * 4, 20, 20, 10), spans, blocks, capacity=200)
    assert pages(plan) == [[(r, 0) for r in range(1, 7)], [(2, -1), (7, 0), (8, 0), (9, 0)]]


def test_a_cut_merge_is_merged_on_each_page_and_shows_its_label_again() -> None:
    plan = plan_pages(rows(*[20] * 12), [Span(2, 1, 11, 2, label=15)], capacity=100)
    assert plan.breaks == [6, 11] and plan.manual == [6, 11]
    assert plan.merges == [(2, 1, 5, 2), (6, 1, 10, 2), (11, 1, 11, 2)]
    assert plan.labels == [(6, 1, 2, 1), (11, 1, 2, 1)]  # (physical cell) shows logical (2, 1)


def test_a_merge_is_not_cut_where_its_part_could_not_hold_its_label() -> None:
    # rows 5..12 merged (too tall to move whole), its label needs 30 points: one 20-point row
    # at the foot of page 1 cannot show it, so the merge starts on page 2.
    plan = plan_pages(rows(*[20] * 12, 20), [Span(5, 1, 12, 1, label=30)], capacity=100)
    assert pages(plan)[0] == [(1, 0), (2, 0), (3, 0), (4, 0)]
    assert plan.manual == [5, 10]


def test_a_short_later_part_grows_to_hold_the_label() -> None:
    plan = plan_pages(rows(*[20] * 6), [Span(1, 1, 6, 1, label=30)], capacity=100)
    assert pages(plan)[1] == [(6, 0)]
    assert plan.pieces[-1].height == 30


def test_a_block_head_repeats_atop_every_page_the_block_continues_on() -> None:
    # row 1 is a title, rows 2..20 a block whose first row is its head
    plan = plan_pages(rows(*[20] * 20), [], [Block(2, 1, 20)], capacity=100)
    for page in pages(plan)[1:]:
        assert page[0] == (2, -1)  # a copy of the head row
    assert plan.manual == plan.breaks  # the copies sit where the plan put them
    body = [r for page in pages(plan) for r, part in page if part >= 0]
    assert body == list(range(1, 21))  # every row once, in order


def test_a_head_never_ends_a_page_alone() -> None:
    plan = plan_pages(rows(*[20] * 10), [], [Block(5, 1, 10)], capacity=100)
    assert pages(plan)[0] == [(1, 0), (2, 0), (3, 0), (4, 0)]
    assert pages(plan)[1][:2] == [(5, 0), (6, 0)]


def test_a_head_goes_with_the_group_its_first_row_starts() -> None:
    # rows 5..10 a block; its first body rows 6..8 are one merge (60 points): only the head fits
    plan = plan_pages(rows(*[20] * 10), [Span(6, 2, 8, 2)], [Block(5, 1, 10)], capacity=100)
    assert pages(plan)[0] == [(1, 0), (2, 0), (3, 0), (4, 0)]
    assert pages(plan)[1][:4] == [(5, 0), (6, 0), (7, 0), (8, 0)]
    assert (5, -1) not in pages(plan)[1]  # no second copy of the head
    assert plan.manual[0] == 5  # the moved head is a break the sheet holds


FLOWING = Row(55, lines=5, line=10, pad=5, least=15)  # 5 lines of 10 points


@pytest.mark.parametrize(
    ("heights", "headings", "spans", "first_page"),
    [
        # a heading with room for itself only: it starts the next page
        ([20] * 6, {5}, [], [1, 2, 3, 4]),
        # two headings in a row (合计, then a unit) go with the first row under them
        ([20] * 6, {4, 5}, [], [1, 2, 3]),
        # a heading goes with the whole small group its next row starts
        ([20] * 6, {4}, [Span(5, 1, 6, 1)], [1, 2, 3]),
        # a heading whose next row fits stays
        ([20] * 6, {4}, [], [1, 2, 3, 4, 5]),
        # a heading under which a tall row moves whole (less than a quarter page left)
        ([30, 30, 20, FLOWING], {3}, [], [1, 2]),
    ],
)
def test_a_heading_never_ends_a_page(heights: list[float | Row], headings: set[int],
                                     spans: list[Span], first_page: list[int]) -> None:
    rows_ = [h if isinstance(h, Row) else Row(h, with_next=n in headings)
             for n, h in enumerate(heights, 1)]
    plan = plan_pages(rows_, spans, capacity=100)
    assert [r for r, _ in pages(plan)[0]] == first_page


def test_the_break_before_a_page_with_a_heading_is_held() -> None:
    """The application's pages hold a little more than the plan's: left to itself it could
    run on past the plan's break and end its page with the heading (row 8)."""
    plan = plan_pages([Row(20, with_next=n == 8) for n in range(1, 13)], [], capacity=100)
    assert plan.breaks == [6, 11]
    assert plan.manual == [6]  # page 2 (rows 6..10) holds the heading; page 3 none


def test_a_heading_stays_over_the_start_of_a_long_row_that_goes_on() -> None:
    tall = Row(150, lines=14, line=10, pad=10, least=20)
    plan = plan_pages([Row(20), Row(20, with_next=True), tall], [], capacity=100)
    assert pages(plan)[0] == [(1, 0), (2, 0), (3, 0)]  # the long row starts under it


def test_a_row_taller_than_a_page_flows_over_pages_line_by_line() -> None:
    # 100 lines of 10 points (+4 padding); pages of 300 points after a 20-point first row
    tall = Row(1004, lines=100, line=10, pad=4, least=24, cols=(1, 2))
    plan = plan_pages([Row(20), tall, Row(20)], [], capacity=300)
    parts = plan.part_heights()[2]
    assert len(parts) == 4
    assert sum(round((h - 4) / 10) for h in parts) == 100  # every line printed once
    assert all(h <= 300 for h in page_heights(plan))
    assert all(piece.height <= MAX_ROW_HEIGHT for piece in plan.pieces)
    assert set(plan.manual) == set(plan.breaks)  # each break cuts the row


@pytest.mark.parametrize(("cuts", "first"), [(frozenset(), 29),
                                            (frozenset({4, 8, 20, 26, 31, 36}), 26),
                                            (frozenset({40}), 29)])
def test_a_row_is_cut_only_after_a_line_it_may_be_cut_after(cuts: frozenset[int],
                                                            first: int) -> None:
    """Items of 绩效指标 (lines 1-4, 5-8, …) stay on one page: the page breaks after the last
    item it holds whole (line 26), not after its 29th line. Where no item ends on the page
    (the only cut after line 40), the row is cut where the page ends."""
    tall = Row(404, lines=40, line=10, pad=4, least=24, cuts=cuts)
    plan = plan_pages([tall], [], capacity=300)
    parts = plan.part_heights()[1]
    assert round((parts[0] - 4) / 10) == first


def test_a_part_taller_than_excel_allows_is_several_rows_merged_down() -> None:
    tall = Row(1000, lines=99, line=10, pad=10, least=20, cols=(1, 2, 3))
    plan = plan_pages([tall], [Span(1, 2, 1, 3)])  # pages unknown; B:C merged across
    assert [p.height for p in plan.pieces] == [333.34] * 3
    assert (1, 1, 3, 1) in plan.merges and (1, 2, 3, 3) in plan.merges
    assert not any(m[1] == 2 and m[3] == 2 for m in plan.merges)  # B is inside B:C


@pytest.mark.parametrize(
    ("first", "row", "expected"),
    [
        # no taller than half a page: it moves to the next page whole
        (60, Row(45, lines=4, line=10, pad=5, least=15), [[(1, 0)], [(2, 0)]]),
        # taller than half a page, and a quarter page left: it starts here and goes on
        (60, Row(90, lines=8, line=10, pad=10, least=20), [[(1, 0), (2, 0)], [(2, 1)]]),
        # taller than half a page, less than a quarter left: it moves
        (80, Row(90, lines=8, line=10, pad=10, least=20), [[(1, 0)], [(2, 0)]]),
    ],
)
def test_a_flowing_row_moves_or_goes_on(first: float, row: Row,
                                        expected: list[list[tuple[int, int]]]) -> None:
    assert pages(plan_pages([Row(first), row], [], capacity=100)) == expected


@pytest.mark.parametrize(
    "text",
    ["一二三四五六七八九十" * 30, "甲\n乙\n\n丙" * 20, "word " * 80 + "结尾", "x" * 300, ""],
)
def test_text_cut_at_its_lines_loses_nothing(text: str) -> None:
    starts = wrap_starts(text, 20, 11, 6)
    pieces = split_lines(text, starts, [3, 2, 5, 1])
    joined = "".join(pieces)
    assert joined.replace("\n", "") == text.replace("\n", "")
    assert len(starts) >= 1


def test_wrap_keeps_latin_words_whole() -> None:
    text = "alpha beta gamma delta epsilon zeta eta theta"
    starts = wrap_starts(text, 12, 10, 6)
    assert len(starts) > 2
    assert all(text[s - 1] == " " for s in starts[1:])


def greedy_starts(text: str, width_units: float, font_size: float, unit: float) -> list[int]:
    """The wrap rule walked character by character over the whole text, as first written:
    the reference ``wrap_starts`` (which skips paragraphs that surely fit) must agree with."""
    usable = max(width_units - 1.0, 1.0) / WRAP_SLACK
    wide_w = font_size / unit
    starts, line_start, x, brk, x_brk = [0], 0, 0.0, -1, 0.0
    before, x_before = -1, 0.0
    for i, ch in enumerate(text):
        if ch == "\n":
            starts.append(i + 1)
            line_start, x, brk = i + 1, 0.0, -1
            continue
        wide = ord(ch) >= 0x800
        if ch in "，。、；：？！）》”’」』】〕〉…":
            if brk == i:
                brk, x_brk = before, x_before
        elif wide:
            brk, x_brk = i, x
        w = wide_w if wide else wide_w * (CAPITAL_EM if "A" <= ch <= "Z" else NARROW_EM)
        if x + w > usable and i > line_start:
            line_start, x = (brk, x - x_brk) if brk > line_start else (i, 0.0)
            starts.append(line_start)
            brk = -1
        x += w
        if wide or ch in " -/,;":
            before, x_before = brk, x_brk
            brk, x_brk = i + 1, x
    return starts


WRAP_TEXT = st.text(st.sampled_from("一二三，。（）AZaz09 -/;,:é\U00020000\n"), max_size=200)


@settings(max_examples=300, deadline=None)
@given(text=WRAP_TEXT, width=st.sampled_from([2, 5, 10.5, 20, 41, 80]),
       size=st.sampled_from([9, 10, 11, 16]))
def test_wrap_starts_agrees_with_the_character_walk(text: str, width: float, size: int) -> None:
    assert wrap_starts(text, width, size, 6.0) == greedy_starts(text, width, size, 6.0)


@pytest.mark.parametrize(("text", "lines"), [
    ("一" * 9, 1), ("一" * 10, 1), ("一" * 11, 2), ("一" * 10 + "\n" + "一" * 11, 3),
    ("a" * 18, 1), ("a" * 19, 2), ("AB" * 8, 2), ("a" * 16 + "一", 1),
])
def test_wrap_starts_at_the_edge_of_a_line(text: str, lines: int) -> None:
    """Paragraphs just inside, exactly at and just past a line's width (10 CJK characters
    here) wrap as the walk wraps them."""
    assert wrap_starts(text, 22, 10, 5.0) == greedy_starts(text, 22, 10, 5.0)
    assert len(wrap_starts(text, 22, 10, 5.0)) == lines


def test_a_line_never_starts_with_a_chinese_comma() -> None:
    """Calc with Chinese line-breaking rules (xlgen's profile) and Excel never start a line
    with “，”: the character before it goes down with it. The walk broke before “，”, so a
    200-character 年度指标值 in the 自评表's column of five characters printed 10 % more lines
    than planned and ran over its row's borders."""
    text = "年度指标值" + "完成全区政务服务事项梳理和标准化建设，" * 10
    starts = wrap_starts(text, 10, 10, 6.0)  # 5 characters a line
    assert all(text[s] != "，" for s in starts)
    assert all(b - a <= 5 for a, b in zip(starts, [*starts[1:], len(text)], strict=True))
    assert len(starts) == 41  # not 39: two of them began with “，”


def test_a_later_part_needs_only_what_it_repeats() -> None:
    """``least`` holds the first part's texts (a 绩效指标 printed once), ``later`` the labels
    every part repeats: the last part of a flowing text is as tall as its lines and labels."""
    tall = Row(84, lines=8, line=10, pad=4, least=60, later=24)
    plan = plan_pages([Row(20), tall], [], capacity=100)
    assert plan.part_heights()[2] == [74.0, 24.0]  # 7 lines, then 1 (not 60 points)
    assert plan_pages([Row(20), Row(84, lines=8, line=10, pad=4, least=60)], [],
                      capacity=100).part_heights()[2] == [74.0, 60.0]  # later: least by default
