"""The input side's shortcuts give what the general path gives, on every character.

Reading a big workbook runs a few functions once per cell or per indicator; each skips its
work when one quick search says there is none (no line break, no character no one sees, no
quote to unify, no year). These tests put every character of the Basic Multilingual Plane,
alone and in text, through the shortcut and the general path: a character the quick search
missed would read differently.
"""

from __future__ import annotations

import unicodedata

import pytest

from xlgen.invisible import visible
from xlgen.model import Indicator
from xlgen.problems import Report
from xlgen.rules.validate import DATE_YEAR, _past_year_date
from xlgen.suggest import _SAME_MARKS, normalise
from xlgen.workbook import RawBook
from xlgen.workbook.cells import _lines, to_text
from xlgen.workbook.contract import TEXT_TYPES, load_contract
from xlgen.workbook.grid import Grid
from xlgen.workbook.loader import Loader

EVERY = [chr(c) for c in range(0x10000) if not 0xD800 <= c <= 0xDFFF]
TRICKY = [" 甲 ", "\u3000甲\u3000", "甲\u200b", "\u200b", "\u200b \n\u00ad", "甲\n乙", " 甲 \r\n乙",
          "甲\v乙", "甲\u2028乙", "\u2029甲", "\x1c甲\x1f", "\x85甲", "甲\u2060\n", "甲\n\n", "",
          "“甲”—乙", "  ", "\t甲\t"]


def _contexts(ch: str) -> list[str]:
    return [ch, f"甲{ch}乙", f" {ch} ", f"{ch}\n{ch}"]


def test_to_text_is_its_general_path_on_every_character() -> None:
    for ch in EVERY:
        for text in _contexts(ch):
            assert to_text(text) == _lines(text), repr(text)


def _normalise_in_full(text: str) -> str:
    """``normalise`` as it was written before its shortcut: every step on every text."""
    text = unicodedata.normalize("NFKC", visible(text)).translate(_SAME_MARKS)
    return "".join(text.split()).casefold()


def test_normalise_is_its_general_path_on_every_character() -> None:
    for ch in EVERY:
        for text in _contexts(ch):
            assert normalise(text) == _normalise_in_full(text), repr(text)


@pytest.mark.parametrize("sheet", ["project_indicators", "dept_indicators", "projects", "tasks"])
def test_a_text_column_reads_as_convert_reads_it(sheet: str) -> None:
    """read_table reads a text cell (also an 一级/二级 name) inline: as _convert would."""
    spec = load_contract().sheet(sheet)
    fields = [f for f in spec.fields if f.type in TEXT_TYPES]
    rows: list[list[object]] = [[f.label for f in fields]]
    rows += [[text + "甲" if i % 2 else text for i in range(len(fields))]
             for text in TRICKY]
    loader = Loader(RawBook(path=None, sheets={}), Report(file="x"))  # type: ignore[arg-type]
    records = loader.read_table(spec, Grid(spec.name, rows))
    assert records, "no row read"
    for row, values, refs in records:
        for c, f in enumerate(fields):
            expected = loader._convert(f, rows[row - 1][c], spec.name, refs)
            assert values[f.key] == expected, (f.key, rows[row - 1][c])


@pytest.mark.parametrize("value", [
    "2023年12月31日前", "2023-12-31", "2023/6", "2023.12.31", "1999 年", "２０２３年", "20231",
    "2023-2025", "12月底前", "≥2019个", "2019年和2020年", "于2023年", "", "完成", "2025年"])
def test_a_past_year_is_found_as_the_pattern_finds_it(value: str) -> None:
    report = Report(file="x")
    ind = Indicator(sheet="项目绩效指标", row=2, name="完成时间", annual_value=value)
    warned = _past_year_date(ind, 2024, "项目“甲”", report)
    assert warned == any(int(y) < 2024 for y in DATE_YEAR.findall(value))
    assert len(report.warnings) == warned
