"""What is read from a clerk's workbook is what the clerk saw (issues 15, 16, 18).

One table of workbooks built in code, each a small good workbook with one thing done to its
XML or package: error values, uncached formulas in every spelling, damaged and hostile
packages, far cells and sheet-wide merges, hidden rows/columns/sheets, absurd amounts. Each
row states the exit code of ``xlgen validate``, the problem code and the cell.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import re
import struct
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

import pytest
from click.testing import CliRunner
from test_validate import BUDGET_OK, IND_HEAD, full_indicators
from workbooks import cache_formulas, write_book

from xlgen.api import check_workbook
from xlgen.cli import main

MAIN_NS = b"http://schemas.openxmlformats.org/spreadsheetml/2006/main"
STRICT_NS = b"http://purl.oclc.org/ooxml/spreadsheetml/main"
PROJ_HEAD = ["项目名称", "资金使用单位", "财政拨款", "财政专户拨款", "其他资金", "绩效目标"]
SHEET = "xl/worksheets/sheet2.xml"  # 项目 (部门信息 is sheet1)
FIXTURES = Path(__file__).resolve().parent / "fixtures" / "reader"


def base(path: Path, rows: list[list] | None = None) -> Path:
    """A good workbook (项目 is its second sheet) with ``rows`` as the 项目 rows."""
    rows = rows or [["甲项目", "某单位", 100, 0, 0, "目标"]]
    indicators = [r for row in rows for r in full_indicators(str(row[0]))]
    return write_book(path, {"项目": [PROJ_HEAD, *rows], "预算": BUDGET_OK,
                             "项目绩效指标": [IND_HEAD, *indicators]})


def parts(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as zf:
        return {n: zf.read(n) for n in zf.namelist()}


def save(path: Path, members: dict[str, bytes]) -> None:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in members.items():
            zf.writestr(name, data)
    path.write_bytes(out.getvalue())


def edit(path: Path, part: str, fn: Callable[[bytes], bytes]) -> Path:
    members = parts(path)
    new = fn(members[part])
    assert new != members[part], f"the edit of {part} changed nothing"
    members[part] = new
    save(path, members)
    return path


def set_cell(ref: str, xml: str) -> Callable[[bytes], bytes]:
    """Replace cell ``ref`` of a sheet with ``xml`` (the whole ``<c …>…</c>``)."""
    def fn(data: bytes) -> bytes:
        pattern = rb'<c r="' + ref.encode() + rb'"[^>]*?(/>|>.*?</c>)'
        return re.sub(pattern, xml.encode(), data, count=1, flags=re.S)
    return fn


def no_recalc(path: Path) -> Path:
    """Clear openpyxl's fullCalcOnLoad, as Excel does when it saves."""
    return edit(path, "xl/workbook.xml", lambda d: re.sub(rb'\s*fullCalcOnLoad="1"', b"", d))


def append_to_sheet(xml: bytes, part: str = "</sheetData>") -> Callable[[bytes], bytes]:
    return lambda d: d.replace(part.encode(), xml + part.encode(), 1)


# --- spellings of a sheet (each must be read as the plain one) --------------------------------

def strict(members: dict[str, bytes]) -> dict[str, bytes]:
    return {n: d.replace(MAIN_NS, STRICT_NS) for n, d in members.items()}


def prefixed(members: dict[str, bytes]) -> dict[str, bytes]:
    data = members[SHEET].replace(b'xmlns="' + MAIN_NS, b'xmlns:x="' + MAIN_NS)
    members[SHEET] = re.sub(rb"<(/?)([A-Za-z]+[ />])", rb"<\1x:\2", data)
    return members


def no_r(members: dict[str, bytes]) -> dict[str, bytes]:
    members[SHEET] = re.sub(rb'(<c) r="[A-Z]+\d+"', rb"\1", members[SHEET])
    return members


def line_breaks(members: dict[str, bytes]) -> dict[str, bytes]:
    members[SHEET] = re.sub(rb'<c r="([A-Z]+\d+)"', rb'<c\n   r="\1"\r\n', members[SHEET])
    return members


def utf16(members: dict[str, bytes]) -> dict[str, bytes]:
    text = members[SHEET].decode("utf-8")
    text = re.sub(r"^<\?xml[^>]*\?>", "", text)
    members[SHEET] = '<?xml version="1.0" encoding="UTF-16"?>'.encode("utf-16") + text.encode(
        "utf-16-le")
    return members


SPELLINGS = {"plain": lambda m: m, "strict-namespace": strict, "x-prefix": prefixed,
             "no-r-attribute": no_r, "line-break-in-c": line_breaks, "utf-16": utf16}


def formula_book(path: Path, spelling: str, cached: str | None) -> Path:
    base(path, [["甲项目", "某单位", "=1+1", 0, 0, "目标"]])
    no_recalc(path)
    value = "" if cached is None else f"<v>{cached}</v>" if cached else "<v/>"
    edit(path, SHEET, set_cell("C2", f'<c r="C2"><f>1+1</f>{value}</c>'))
    members = SPELLINGS[spelling](parts(path))
    save(path, members)
    return path


# --- damaged packages ---------------------------------------------------------------------------

def _local_header(data: bytes, part: str) -> int:
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        return zf.getinfo(part).header_offset


def zip_flag(path: Path, flag: int = 0, method: int | None = None, part: str = SHEET) -> Path:
    """Set a general-purpose flag bit or the compression method of one member."""
    data = bytearray(path.read_bytes())
    local = _local_header(bytes(data), part)
    central = next(m.start() for m in re.finditer(rb"PK\x01\x02", data)
                   if data[m.start() + 46:m.start() + 46 + len(part)] == part.encode())
    for at, flag_at, method_at in ((local, 6, 8), (central, 8, 10)):
        old = struct.unpack_from("<H", data, at + flag_at)[0]
        struct.pack_into("<H", data, at + flag_at, old | flag)
        if method is not None:
            struct.pack_into("<H", data, at + method_at, method)
    path.write_bytes(bytes(data))
    return path


def flip_deflate(path: Path, part: str = SHEET) -> Path:
    """Flip one bit in the middle of a member's compressed data."""
    data = bytearray(path.read_bytes())
    with zipfile.ZipFile(io.BytesIO(bytes(data))) as zf:
        info = zf.getinfo(part)
    start = info.header_offset + 30 + len(info.filename.encode()) + len(info.extra)
    data[start + info.compress_size // 2] ^= 0x10
    path.write_bytes(bytes(data))
    return path


def late_dtd(part: str, at: int = 4096,
             bomb: bytes = b'<!DOCTYPE x [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;">]>',
             ) -> Callable[[Path], Path]:
    """A DTD starting ``at`` bytes into the part, after a comment (65,530: across the
    reader's 64 KiB chunks)."""

    def insert(data: bytes) -> bytes:
        head = data[:data.index(b"?>") + 2] if data.startswith(b"<?xml") else b""
        pad = b"<!--" + b" " * (at - len(head) - 7) + b"-->"
        return head + pad + bomb + data[len(head):]
    return lambda p: edit(base(p), part, insert)


# --- the table ----------------------------------------------------------------------------------

@dataclass
class Case:
    make: Callable[[Path], object]
    exit_code: int
    code: str
    where: str  # "项目!C2"; "" for the file
    says: tuple[str, ...] = ()


def error_value(value: str, ref: str = "C2", kind: str = "e") -> Callable[[Path], object]:
    return lambda p: edit(no_recalc(base(p)), SHEET, set_cell(
        ref, f'<c r="{ref}" t="{kind}"><f>A1/0</f><v>{value}</v></c>'))


def far(cells: list[str], part: str = SHEET) -> Callable[[Path], object]:
    def make(p: Path) -> object:
        rows = b""
        for ref in cells:
            row = re.sub(r"\D", "", ref)
            rows += (f'<row r="{row}"><c r="{ref}" t="inlineStr"><is><t>x</t></is></c></row>'
                     .encode())
        return edit(base(p), part, append_to_sheet(rows))
    return make


def hidden_row(filtered: bool) -> Callable[[Path], object]:
    def make(p: Path) -> object:
        base(p, [["甲项目", "某单位", 100, 0, 0, "目标"], ["乙项目", "某单位", 199, 0, 0, "目标"]])
        return edit(p, SHEET, lambda d: re.sub(
            rb'<row r="3"', b'<row r="3" hidden="1"', d).replace(
            b"</sheetData>", b'</sheetData><autoFilter ref="A1:F3"/>' if filtered
            else b"</sheetData>"))
    return make


def hidden_column(p: Path) -> object:
    return edit(base(p), SHEET, lambda d: re.sub(
        rb"<sheetData", b'<cols><col min="3" max="3" width="9" hidden="1"/></cols><sheetData', d))


def hidden_sheet(with_copy: bool) -> Callable[[Path], object]:
    def make(p: Path) -> object:
        sheets = {"项目": [PROJ_HEAD, ["甲项目", "", 199, 0, 0, "旧"]], "预算": BUDGET_OK,
                  "项目绩效指标": [IND_HEAD, *full_indicators("甲项目")]}
        if with_copy:
            sheets["项目 (2)"] = [PROJ_HEAD, ["甲项目", "", 999, 0, 0, "新"]]
        write_book(p, sheets)
        return edit(p, "xl/workbook.xml", lambda d: re.sub(
            '(<sheet [^>]*name="项目" sheetId="2" )state="visible"'.encode(),
            rb'\1state="hidden"', d))
    return make


ERRORS = ["#DIV/0!", "#N/A", "#REF!", "#VALUE!", "#NAME?", "#NUM!", "#NULL!"]
CASES = {
    **{f"error-{v}": Case(error_value(v), 1, "formula-error", "项目!C2", (v,)) for v in ERRORS},
    "error-in-text-field": Case(error_value("#N/A", "B2"), 1, "formula-error", "项目!B2",
                                ("资金使用单位", "#N/A")),
    **{f"uncached-{s}": Case(lambda p, s=s: formula_book(p, s, None), 1, "formula-no-value",
                             "项目!C2") for s in SPELLINGS},
    "uncached-empty-v": Case(lambda p: formula_book(p, "plain", ""), 1, "formula-no-value",
                             "项目!C2"),
    "zip-encrypted": Case(lambda p: zip_flag(base(p), flag=1), 1, "not-a-workbook", "",
                          ("加密", SHEET)),
    "deflate64": Case(lambda p: zip_flag(base(p), method=9), 1, "not-a-workbook", "",
                      ("损坏", SHEET, "压缩方式")),
    "flipped-deflate-byte": Case(lambda p: flip_deflate(base(p)), 1, "not-a-workbook", "",
                                 ("损坏", SHEET)),
    **{f"late-dtd-{part}": Case(late_dtd(part), 1, "not-a-workbook", "",
                                ("不安全", part, "DOCTYPE"))
       for part in ("xl/workbook.xml", "xl/_rels/workbook.xml.rels", "[Content_Types].xml",
                    SHEET)},
    # docProps/app.xml is parsed by nothing: only the whole-part scan sees its DTD
    "dtd-across-chunks": Case(late_dtd("docProps/app.xml", 65_530,
                                       b'<!DOCTYPE x SYSTEM "http://x/x.dtd">'),
                              1, "not-a-workbook", "",
                              ("不安全", "docProps/app.xml")),
    "dtd-in-utf-16-sheet": Case(lambda p: edit(base(p), SHEET, lambda d: (
        '<?xml version="1.0" encoding="UTF-16"?><!DOCTYPE x [<!ENTITY a "b">]>'.encode("utf-16")
        + re.sub(rb"^<\?xml[^>]*\?>", b"", d).decode().encode("utf-16-le"))),
        1, "not-a-workbook", "", ("不安全", SHEET)),
    "shared-string-out-of-range": Case(
        lambda p: edit(base(p), SHEET, set_cell("A2", '<c r="A2" t="s"><v>99999</v></c>')),
        1, "not-a-workbook", "", ("损坏", "项目", "A2")),
    "row-zero": Case(lambda p: edit(base(p), SHEET, set_cell(
        "A2", '<c r="A0" t="inlineStr"><is><t>x</t></is></c>')), 1, "not-a-workbook", "",
        ("损坏", "A0")),
    "garbage-xml": Case(lambda p: edit(base(p), SHEET, lambda d: d.replace(b"</row>", b"<<<", 1)),
                        1, "not-a-workbook", "", ("损坏", "项目")),
    "far-cell-XFD1048576": Case(far(["XFD1048576"]), 0, "far-cell", "项目!XFD1048576",
                                ("请删除 项目!XFD1048576 中的内容",)),
    "far-cell-A1048576": Case(far(["A1048576"]), 0, "far-cell", "项目!A1048576"),
    "far-cell-column-GS": Case(far(["GS2"]), 0, "far-cell", "项目!GS2"),
    "far-cell-in-a-form": Case(far(["B300"], "xl/worksheets/sheet1.xml"), 0, "far-cell",
                               "部门信息!B300"),
    "many-far-cells": Case(far([f"GS{r}" for r in range(2, 14)]), 1, "sheet-too-large",
                           "项目!GS2", ("12 个单元格",)),
    "merge-everything": Case(lambda p: edit(base(p), SHEET, append_to_sheet(
        b'<mergeCells count="1"><mergeCell ref="A1:XFD1048576"/></mergeCells>', "<pageMargins")),
        1, "merged-cells", "项目!A1", ("A1:XFD1048576",)),
    "hidden-row": Case(hidden_row(False), 0, "hidden-rows", "项目!A3", ("第 3 行被隐藏",)),
    "filtered-row": Case(hidden_row(True), 0, "hidden-rows", "项目!A3", ("筛选",)),
    "hidden-column": Case(hidden_column, 0, "hidden-columns", "项目!C1", ("第 C 列",)),
    "hidden-sheet-with-visible-copy": Case(hidden_sheet(True), 1, "hidden-sheet-copy", "项目",
                                           ("项目 (2)",)),
    "hidden-sheet-alone": Case(hidden_sheet(False), 0, "hidden-sheet", "项目"),
    "amount-27-digits": Case(lambda p: base(p, [["甲", "", "1" * 27, 0, 0, "目标"]]), 1,
                             "bad-amount", "项目!C2", ("16 位",)),
    "amount-1e15-number": Case(lambda p: base(p, [["甲", "", 1e15, 0, 0, "目标"]]), 1,
                               "bad-amount", "项目!C2"),
}


def problems(path: Path) -> tuple[int, list[dict]]:
    result = CliRunner().invoke(main, ["validate", str(path), "--json"])
    assert "Traceback" not in result.output
    return result.exit_code, json.loads(result.output)


@pytest.mark.parametrize("case", CASES.values(), ids=CASES.keys())
def test_reading_table(tmp_path, case):
    path = tmp_path / "局.xlsx"
    case.make(path)
    exit_code, found = problems(path)
    assert exit_code == case.exit_code, found
    assert all(p["code"] != "internal-error" for p in found), found
    [problem] = [p for p in found if p["code"] == case.code]
    where = f"{problem['sheet']}!{problem['cell']}" if problem["cell"] else problem["sheet"]
    assert where == case.where
    for phrase in case.says:
        assert phrase in problem["message"], problem["message"]
    if case.code == "not-a-workbook":
        assert "局.xlsx" in problem["message"]


@pytest.mark.parametrize("spelling", SPELLINGS)
def test_cached_formula_read_in_every_spelling(tmp_path, spelling):
    book, report = check_workbook(formula_book(tmp_path / "f.xlsx", spelling, "2"))
    assert report.valid, [p.message for p in report.problems]
    assert book.projects[0].fiscal == Decimal(2)
    assert book.projects[0].unit == "某单位"


def test_stray_far_cell_still_builds(tmp_path):
    from xlgen.api import build_run, find_workbooks

    folder = tmp_path / "in"
    folder.mkdir()
    far(["XFD1048576"])(folder / "局.xlsx")
    run = build_run(find_workbooks([folder])[0], tmp_path / "out")
    [result] = run.results
    assert result.ok and result.written
    assert any(p.code == "far-cell" for p in result.report.problems)


def test_hidden_sheet_copy_names_both(tmp_path):
    hidden_sheet(True)(tmp_path / "h.xlsx")
    book, report = check_workbook(tmp_path / "h.xlsx")
    [problem] = report.errors
    assert "隐藏" in problem.message and "“项目 (2)”" in problem.message


# --- what the clerk saw, in text fields (issue 16) ----------------------------------------------

SEEN = [  # (value typed, number format, formula's cached value, text the clerk saw)
    (0.9, "0%", None, "90%"),
    (0.9548, "0.00%", None, "95.48%"),
    ("=100%", "General", "1", "100%"),
    ("=100%", "0%", "1", "100%"),
    ("=95.5%", "General", "0.955", "95.5%"),
    (dt.datetime(2023, 6, 30), 'yyyy"年"m"月"d"日"', None, "2023年6月30日"),
    (dt.datetime(2023, 6, 30), "yyyy/m/d", None, "2023/6/30"),
    (3, "0.00", None, "3.00"),
    (15608, "#,##0", None, "15,608"),
    (15608.5, "#,##0.00", None, "15,608.50"),
    (True, "General", None, "TRUE"),
    (dt.time(8, 30), "h:mm", None, "8:30"),
    (0.1 + 0.2, "General", None, "0.3"),
    (12.5, '0.0"万元"', None, "12.5万元"),
    (22, "General", None, "22"),
]


def seen_book(path: Path) -> Path:
    """项目绩效指标 rows whose 年度指标值 (F) hold SEEN's values with their formats; the
    财政拨款 of 项目 shows its unit (an amount stays a number whatever its format; a percent
    format is refused, test_pasted.py)."""
    import openpyxl

    rows = full_indicators("甲项目")
    rows += [["甲项目", "产出指标", "数量指标", f"指标{i}", "x", "占位"] for i in range(len(SEEN))]
    base(path)
    wb = openpyxl.load_workbook(path)
    ws = wb["项目绩效指标"]
    for row in rows[6:]:
        ws.append(row)
    for i, (value, code, _, _) in enumerate(SEEN):
        cell = ws.cell(8 + i, 6)
        cell.value = value
        cell.number_format = code
    wb["项目"]["C2"].number_format = '#,##0.00"万元"'
    wb.save(path)
    cached = {f"F{8 + i}": c for i, (_, _, c, _) in enumerate(SEEN) if c is not None}
    return cache_formulas(path, cached)


def test_text_fields_read_as_the_clerk_saw(tmp_path):
    book, report = check_workbook(seen_book(tmp_path / "seen.xlsx"))
    assert report.valid, [(p.code, p.where, p.message) for p in report.errors]
    got = [ind.annual_value for ind in book.project_indicators[6:]]
    assert got == [expected for *_, expected in SEEN]
    assert book.projects[0].fiscal == Decimal(100)  # an amount stays a number


@pytest.mark.parametrize(("value", "code", "shown"), [
    (0.9, "0%", "90%"), (1, "0.0%", "100.0%"), (-1234.5, "#,##0.00", "-1,234.50"),
    (-5, "#,##0;(#,##0)", "(5)"), (0, '0;-0;"-"', "-"),
    (45107, "[$-804]yyyy年m月d日", "2023年6月30日"),
    (45107.75, "yyyy-mm-dd hh:mm:ss", "2023-06-30 18:00:00"),
    (0.75, '上午/下午h"时"mm"分"', "下午6时00分"),
    (1.5, "[h]:mm", "36:00"), (0.5, "#.##", ".5"), (1234567, '#,##0,"千"', "1,235千"),
    (0.30000000000000004, "General", "0.3"), (1e-7, "0.00", "0.00"), (12, "[Red]0.0", "12.0"),
    (12, "@", "12"), (1234, "[$¥-804]#,##0.00", "¥1,234.00"),
    (3, "0.00_);[Red](0.00)", "3.00 "), (1234.5, '_ * #,##0.00_ ;_ * -#,##0.00_ ', " 1,234.50 "),
    (45107, 'm"月"d"日"', "6月30日"), (45107, "mmm-yy", "6月-23"),
    (45107, "yyyy年mmmm d日 dddd", "2023年六月 30日 星期五"), (45107, "ddd", "周五"),
])
def test_number_formats(value, code, shown):
    from xlgen.workbook.numfmt import display

    assert display(value, code) == shown


@pytest.mark.parametrize(("value", "text"), [
    (22.0, "22"), (0.30000000000000004, "0.3"), (1 / 3, "0.333333333333333"),
    (1e-7, "0.0000001"), (1e15, "1000000000000000"),
    (1.23456789012345e17, "123456789012345000"),  # an 18-digit code typed as a number
])
def test_a_number_in_a_text_field_reads_as_excel_keeps_it(value, text):
    """Excel keeps 15 significant digits; the binary float's others are not the clerk's."""
    from xlgen.workbook.cells import to_text
    from xlgen.workbook.numfmt import general

    assert to_text(value) == general(value) == text


def test_workbook_saved_by_libreoffice():
    """Percent cells and ``=100%`` formulas as LibreOffice stores them (its results computed,
    its formats as custom numFmts, ``hidden="false"`` on every row): read as the clerk saw.
    Made by tests/fixtures/reader/make_libreoffice.py."""
    book, report = check_workbook(FIXTURES / "percent-libreoffice.xlsx")
    assert report.valid, [(p.code, p.where) for p in report.errors]
    assert not any(p.code.startswith("hidden") for p in report.problems)
    values = [(i.period_value, i.annual_value) for i in book.project_indicators]
    assert values[3][0] == "95.5%"
    assert values[4][1] == "100%"
    assert values[5] == ("100%", "90%")
    assert values[6] == ("95%", "0.9")


def test_chart_sheet_is_not_read_as_cells(tmp_path):
    import openpyxl
    from openpyxl.chart import BarChart, Reference

    from xlgen.workbook import read_raw

    path = base(tmp_path / "chart.xlsx")
    wb = openpyxl.load_workbook(path)
    chart = BarChart()
    chart.add_data(Reference(wb["项目"], min_col=3, min_row=1, max_row=2), titles_from_data=True)
    wb.create_chartsheet("图表").add_chart(chart)
    wb.save(path)
    assert "图表" not in read_raw(path).sheets
    book, report = check_workbook(path)
    assert report.valid and book.projects[0].fiscal == Decimal(100)


def test_sheets_outside_the_contract_are_not_read(tmp_path):
    """A clerk's own sheet (汇总, 计算…) is never read: what it holds, however far or odd,
    costs nothing and reports nothing."""
    path = base(tmp_path / "own.xlsx")
    import openpyxl

    wb = openpyxl.load_workbook(path)
    wb.create_sheet("计算")["A1"] = "x"
    wb.save(path)
    edit(path, "xl/worksheets/sheet5.xml", append_to_sheet(
        b'<row r="1048576"><c r="XFD1048576" t="e"><v>#REF!</v></c><c r="A0"/></row>'))
    book, report = check_workbook(path)
    assert report.valid and all(p.sheet != "计算" for p in report.problems), report.problems


# --- a second reader to compare with ------------------------------------------------------------

def _trimmed(rows) -> list[list]:
    out = [list(r) for r in rows]
    for row in out:
        while row and row[-1] == "":
            row.pop()
    while out and not out[-1]:
        out.pop()
    return out


COMPARED = sorted((Path(__file__).resolve().parent.parent / "inputs").rglob("*.xlsx")) + [
    FIXTURES / "percent-libreoffice.xlsx"]


@pytest.mark.parametrize("path", [*COMPARED, None], ids=lambda p: p.stem[-8:] if p else "seen")
def test_values_agree_with_python_calamine(path, tmp_path):
    """Every sheet of the samples, the LibreOffice fixture and the formats workbook (dates,
    times, booleans, percents) reads to the same values as python-calamine (the reader xlgen
    used before; a dev dependency kept for this)."""
    from python_calamine import CalamineWorkbook

    path = path or seen_book(tmp_path / "seen.xlsx")

    from xlgen.workbook import read_raw

    ours = read_raw(path).sheets
    book = CalamineWorkbook.from_path(str(path))
    assert list(ours) == book.sheet_names
    for name in book.sheet_names:
        theirs = book.get_sheet_by_name(name).to_python(skip_empty_area=False)
        assert _trimmed(ours[name].rows) == _trimmed(theirs), name
