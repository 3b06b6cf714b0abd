"""The reader's pattern for common rows (workbook/sheetscan.py) against expat alone.

``read_sheet`` reads the rows of the common form with one regular expression per cell and
falls back to expat's handlers (``read_sheet_expat``) for anything else. Whatever the part
holds, both must give the same sheet, or the same error: each case below is read both ways,
on hand-written parts (every spelling the pattern must take or refuse), on every sample
input and on every fuzz mutation of them. The common forms must take the fast way (a test
that always fell back would prove nothing).
"""

from __future__ import annotations

import io
import random
import zipfile
from pathlib import Path

import pytest
from fuzz.mutations import MUTATIONS, pack, unpack

from xlgen.errors import NotAWorkbookError
from xlgen.workbook import sheetscan, sheetxml
from xlgen.workbook.safety import Package, open_package
from xlgen.workbook.sheetxml import read_sheet, read_sheet_expat

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = sorted((ROOT / "inputs").rglob("*.xlsx"))
HEAD = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">')
PART = "xl/worksheets/sheet1.xml"


def sheet(rows: str, before: str = "", after: str = "", head: str = HEAD) -> str:
    return f"{head}{before}<sheetData>{rows}</sheetData>{after}</worksheet>"


def row(r: int, cells: str, attrs: str = "") -> str:
    return f'<row r="{r}"{attrs}>{cells}</row>'


COMMON = {  # read by the pattern
    "inline strings": sheet(row(1, '<c r="A1" t="inlineStr"><is><t>项目名称</t></is></c>'
                                   '<c r="B1" t="inlineStr"><is><t xml:space="preserve"> 甲 '
                                   '</t></is></c>')),
    "shared strings and numbers": sheet(
        row(1, '<c r="A1" s="1" t="s"><v>0</v></c><c r="B1" s="2"><v>1619.84</v></c>'
               '<c r="C1" s="3"><v>0.9</v></c><c r="D1" s="4"><v>45000</v></c>')
        + row(3, '<c r="A3" t="s"><v>1</v></c><c r="AB3"><v>-1.5E-3</v></c>')),
    "references and line ends": sheet(row(1, '<c r="A1" t="inlineStr"><is><t>a &amp; b &lt; '
                                             'c &#x41;&#66;&#13;\r\nx\ry&quot;&apos;&gt;'
                                             '</t></is></c><c r="B1" t="str"><v>_x000D_ _x005F_'
                                             'x0041_</v></c>')),
    "formulas": sheet(row(1, '<c r="A1"><f>SUM(B1:C1)&gt;0</f><v>3</v></c>'
                             '<c r="B1"><f t="shared" ref="B1:B3" si="0"/><v>1</v></c>'
                             '<c r="C1" t="str"><f>"x"</f><v></v></c>'
                             '<c r="D1"><f>1/0</f></c><c r="E1"><f>=100%</f><v>1</v></c>'
                             '<c r="F1" t="e"><f>1/0</f><v>#DIV/0!</v></c>')),
    "empty, error, boolean, date cells": sheet(
        row(1, '<c r="A1" s="1"/><c r="B1"><v/></c><c r="C1" t="e"><v>#N/A</v></c>'
               '<c r="D1" t="b"><v>1</v></c><c r="E1" t="d"><v>2023-06-30T00:00:00</v></c>'
               '<c r="F1" t="inlineStr"><is><t/></is></c><c r="G1" t="s"><v> </v></c>')),
    "hidden rows, columns, merges, filter": sheet(
        row(1, '<c r="A1" t="s"><v>0</v></c>', ' spans="1:6" hidden="1" ht="0"')
        + row(2, '<c r="A2" t="s"><v>1</v></c>', " hidden='true'") + '<row r="3" hidden="0"/>'
        + row(4, '<c r="A4"><v>4</v></c>', ' x14ac:dyDescent="0.25" customHeight="1"'),
        before='<cols><col min="2" max="3" width="9" hidden="1"/></cols>',
        after='<autoFilter ref="A1:F9"/><mergeCells count="1"><mergeCell ref="A5:B6"/>'
              "</mergeCells>"),
    "pretty printed": sheet("\n  " + row(1, '\n    <c r="A1" s="2" >\n      <v>7</v>\n    </c>'
                                            '\n    <c r="B1" t="inlineStr">\n <is>\n <t>x</t>'
                                            "\n </is>\n </c>\n  ") + "\n",
                            head=HEAD + "\n  "),
    "far cells": sheet(row(1, '<c r="A1"><v>1</v></c><c r="XFD1"><v>2</v></c>')
                       + row(1048576, '<c r="A1048576"><v>3</v></c>')),
    "a byte-order mark, no declaration": "\ufeff" + sheet(row(1, '<c r="A1"><v>1</v></c>'),
                                                         head=HEAD[HEAD.index("<worksheet"):]),
    "no rows": sheet(""),
    "quick and full cells side by side": sheet(  # sheetscan stores the first kind itself
        row(1, '<c r="A1" t="inlineStr"><is><t>a_x000D_b &amp; c</t></is></c>'
               '<c r="B1"><v> 5 </v></c><c r="C1" s="4"><v>45000</v></c>'
               '<c r="D1" s="2"><v>1_000</v></c><c r="E1" t="inlineStr"/>'
               '<c r="F1" t="s"><v>1</v></c><c r="G1" s="1"><v>0</v></c>'
               '<c r="H1" t="inlineStr"><is><t/></is></c><c r="GS1" t="s"><v>0</v></c>')),
    # each one thing an inline text can need, alone: a reference, a line end, an escape
    "inline texts needing work": sheet(
        row(1, '<c r="A1" t="inlineStr"><is><t>a &amp; b</t></is></c>'
               '<c r="B1" t="inlineStr"><is><t>a\r\nb\rc</t></is></c>'
               '<c r="C1" t="inlineStr"><is><t>_x0041_ x_</t></is></c>'
               '<c r="D1" t="inlineStr"><is><t>x _x005F_x0041_</t></is></c>')),
    # a row's cells share its number (read once): cells naming other rows, rows out of order
    "cells of other rows": sheet(
        row(2, '<c r="A2"><v>1</v></c><c r="B3"><v>2</v></c><c r="C2"><v>3</v></c>')
        + row(1, '<c r="A1"><v>4</v></c><c r="B2"><v>5</v></c>')
        + row(3, '<c r="A3"><v>6</v></c>') + row(4, '<c r="A3"><v>7</v></c>')),
}
IRREGULAR = {  # read by expat alone, to the same result
    "prefixed elements": sheet('<x:row r="1"><x:c r="A1"><x:v>1</x:v></x:c></x:row>',
                               head=HEAD.replace("<worksheet xmlns", "<x:worksheet xmlns:x")
                               ).replace("</worksheet>", "</x:worksheet>"),
    "no r": sheet("<row><c><v>1</v></c><c t=\"inlineStr\"><is><t>a</t></is></c></row>"),
    "r after another attribute": sheet('<row r="1"><c s="1" r="A1"><v>1</v></c></row>'),
    "rich text": sheet(row(1, '<c r="A1" t="inlineStr"><is><r><t>a</t></r><r><t>b</t></r>'
                              "</is></c>")),
    "phonetic run": sheet(row(1, '<c r="A1" t="inlineStr"><is><t>漢</t><rPh sb="0" eb="1">'
                                 "<t>かん</t></rPh></is></c>")),
    "text between elements": sheet(row(1, '<c r="A1">junk<v>1</v></c>')),
    "comment in rows": sheet(row(1, '<!-- x --><c r="A1"><v>1</v></c>')),
    "comment before rows": sheet(row(1, '<c r="A1"><v>1</v></c>'), before="<!-- <sheetData> -->"),
    "CDATA": sheet(row(1, '<c r="A1" t="str"><v><![CDATA[<a>]]></v></c>')),
    "lower-case reference": sheet(row(1, '<c r="a1"><v>1</v></c>')),
    "entity in an attribute": sheet(row(1, '<c r="A1" s="&#49;"><v>1</v></c>')),
    "self-closing sheetData": HEAD + "<sheetData/></worksheet>",
    "UTF-16": sheet(row(1, '<c r="A1"><v>1</v></c>'), head=HEAD.replace("UTF-8", "UTF-16")),
    "v before f": sheet(row(1, '<c r="A1"><v>1</v><f>A2</f></c>')),
}
DAMAGED = {  # both ways the same NotAWorkbookError
    "row 0": sheet(row(0, '<c r="A1"><v>1</v></c>')),
    "cell row 0": sheet(row(1, '<c r="A0"><v>1</v></c>')),
    "bad number": sheet(row(1, '<c r="A1"><v>1,5</v></c>')),
    "infinite number": sheet(row(1, '<c r="A1"><v>1e999</v></c>')),
    "not a number": sheet(row(1, '<c r="A1" s="1"><v>nan</v></c>')),
    "no digits": sheet(row(1, '<c r="A1"><v> </v></c><c r="B1"><v>x</v></c>')),
    "shared string out of range": sheet(row(1, '<c r="A1" t="s"><v>99</v></c>')),
    "bad date": sheet(row(1, '<c r="A1" t="d"><v>2023-13-45</v></c>')),
    "bad merge": sheet(row(1, '<c r="A1"><v>1</v></c>'),
                       after='<mergeCells><mergeCell ref="A1:ZZZZ"/></mergeCells>'),
    "unclosed row": sheet('<row r="1"><c r="A1"><v>1</v></c>'),
    "undefined entity": sheet(row(1, '<c r="A1" t="str"><v>&nbsp;</v></c>')),
    "control character": sheet(row(1, '<c r="A1" t="str"><v>a\x01b</v></c>')),
    "bad character reference": sheet(row(1, '<c r="A1" t="str"><v>&#1;</v></c>')),
    "duplicate attribute": sheet(row(1, '<c r="A1" t="s" t="s"><v>0</v></c>')),
    "cut short": sheet(row(1, '<c r="A1"><v>1</v></c>'))[:-30],
    "DTD": sheet(row(1, '<c r="A1"><v>1</v></c>')).replace(
        "<worksheet", '<!DOCTYPE worksheet [<!ENTITY a "b">]><worksheet', 1),
}


def package(xml: str | bytes) -> tuple[Package, zipfile.ZipFile]:
    data = xml if isinstance(xml, bytes) else xml.encode(
        "utf-16" if 'encoding="UTF-16"' in xml else "utf-8")
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr(PART, data)
    pkg = Package(Path("样本.xlsx"), parts={PART}, strings=["甲", "乙"],
                  formats=["General", "General", "#,##0.00", "0%", "yyyy-mm-dd"])
    return pkg, zipfile.ZipFile(buffer)


def both(pkg: Package, zf: zipfile.ZipFile, part: str = PART) -> tuple[object, object]:
    """What read_sheet and read_sheet_expat give: a Sheet or the error's message."""
    out = []
    for read in (read_sheet, read_sheet_expat):
        try:
            out.append(read(pkg, zf, "项目", part))
        except NotAWorkbookError as exc:
            out.append(str(exc))
    return out[0], out[1]


def fast(pkg: Package, zf: zipfile.ZipFile, part: str = PART) -> sheetxml.Sheet | None:
    """The pattern's reading alone (None when it calls the part irregular)."""
    from xml.parsers import expat

    reader = sheetxml._Reader(pkg, "项目", sheetxml.BOUNDS)

    def refuse(*_: object) -> None:
        raise NotAWorkbookError("DTD")

    try:
        with zf.open(part) as fh:
            sheetscan.scan(fh, reader, sheetxml._parser(reader, refuse), expat.ParserCreate())
    except sheetscan.Irregular:
        return None
    return reader.sheet


@pytest.mark.parametrize("name", COMMON)
def test_common_forms_take_the_pattern(name: str) -> None:
    pkg, zf = package(COMMON[name])
    got = fast(pkg, zf)
    assert got is not None, "the pattern refused a common form"
    assert got == read_sheet_expat(pkg, zf, "项目", PART)


@pytest.mark.parametrize("name", IRREGULAR)
def test_irregular_forms_fall_back(name: str) -> None:
    pkg, zf = package(IRREGULAR[name])
    assert fast(pkg, zf) is None
    got, expected = both(pkg, zf)
    assert isinstance(expected, sheetxml.Sheet)
    assert got == expected


@pytest.mark.parametrize("name", DAMAGED)
def test_damaged_parts_give_expats_error(name: str) -> None:
    pkg, zf = package(DAMAGED[name])
    got, expected = both(pkg, zf)
    assert isinstance(expected, str)
    assert got == expected


def test_rows_across_chunks(monkeypatch: pytest.MonkeyPatch) -> None:
    """Chunks cut anywhere (inside a cell, inside ``</sheetData>``) read the same."""
    rows = "".join(row(r, f'<c r="A{r}" t="inlineStr"><is><t>第{r}行 &amp;</t></is></c>'
                          f'<c r="B{r}"><v>{r}.5</v></c>') for r in range(1, 400))
    pkg, zf = package(sheet(rows, after='<mergeCells><mergeCell ref="A1:B2"/></mergeCells>'))
    expected = read_sheet_expat(pkg, zf, "项目", PART)
    for size in (7, 64, 1000, 4096):
        monkeypatch.setattr(sheetscan, "_CHUNK", size)
        assert fast(pkg, zf) == expected


def test_samples_take_the_pattern() -> None:
    for sample in SAMPLES:
        pkg = open_package(sample)
        with zipfile.ZipFile(sample) as zf:
            for part in pkg.sheets:
                got = fast(pkg, zf, part.part)
                assert got is not None, f"{sample.name} {part.name}"
                assert got == read_sheet_expat(pkg, zf, part.name, part.part)


def test_samples_take_the_quick_pattern(monkeypatch: pytest.MonkeyPatch) -> None:
    """Cells as openpyxl, Excel and WPS write them never reach the full pattern."""
    left: list[str] = []
    monkeypatch.setattr(sheetscan._Cells, "full", lambda self, text: left.append(text))
    for sample in SAMPLES:
        pkg = open_package(sample)
        with zipfile.ZipFile(sample) as zf:
            for part in pkg.sheets:
                assert fast(pkg, zf, part.part) is not None
    assert left == []


@pytest.mark.parametrize(("cells", "left"), [
    ('<c r="A1" s="1" t="s"><v>0</v></c><c r="B1"/><c r="C1" s="2"><v>1.5</v></c>', []),
    ('<c r="A1" t="inlineStr"><is><t>甲</t></is></c><c r="B1" t="s"></c>', []),
    ('<c r="A1"><f>B1</f><v>1</v></c><c r="B1"><v>1</v></c>',
     ['<c r="A1"><f>B1</f><v>1</v></c>']),
    ('<c r="A1" t="s" s="1"><v>0</v></c>', ['<c r="A1" t="s" s="1"><v>0</v></c>']),
    ('<c r="A1" s="1" cm="1"/><c r="B1"><v></v></c>',
     ['<c r="A1" s="1" cm="1"/>', '<c r="B1"><v></v></c>']),
    ('<c r="A1" t="inlineStr"><is><t xml:space="preserve"> 甲</t></is></c>',
     ['<c r="A1" t="inlineStr"><is><t xml:space="preserve"> 甲</t></is></c>']),
    ('\n <c r="A1" >\n<v>1</v></c>', ["\n ", '<c r="A1" >\n<v>1</v></c>']),
])
def test_the_quick_pattern_leaves_the_rest_whole(cells: str, left: list[str]) -> None:
    """What the quick pattern does not take reaches the full one as whole cells or tags,
    and the sheet read is expat's all the same."""
    pkg, zf = package(sheet(row(1, cells) + '<row r="2" spans="1:2"/>'))
    seen: list[str] = []
    full = sheetscan._Cells.full

    def spy(self: sheetscan._Cells, text: str) -> None:
        seen.append(text)
        full(self, text)

    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(sheetscan._Cells, "full", spy)
        got = fast(pkg, zf)
    assert seen == [*left, '<row r="2" spans="1:2"/>']
    assert got == read_sheet_expat(pkg, zf, "项目", PART)


@pytest.mark.parametrize("mutation", sorted(MUTATIONS))
def test_every_mutation_reads_the_same(tmp_path: Path, mutation: str) -> None:
    for sample in SAMPLES:
        for seed in range(3):
            result = MUTATIONS[mutation](random.Random(seed), unpack(sample.read_bytes()))
            path = tmp_path / f"{seed}.xlsx"
            path.write_bytes(result if isinstance(result, bytes) else pack(result))
            try:
                pkg = open_package(path)
            except NotAWorkbookError:
                continue
            with zipfile.ZipFile(path) as zf:
                for part in pkg.sheets:
                    got, expected = both(pkg, zf, part.part)
                    assert got == expected, f"{sample.name} {mutation} {seed} {part.name}"
