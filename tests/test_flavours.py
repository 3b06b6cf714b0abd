"""The sample workbook as other programs save it: read exactly as Excel shows it, or refused
with a message naming the file and saying what to do (never a traceback, never a sheet or
value silently missing).

Each flavour is the sample (inputs/示例) with its package rewritten in code, as Excel's
"Strict Open XML", WPS, LibreOffice, .NET writers or a mail system write or rename it. The
formats xlgen cannot read (.xlsb, .ods, Numbers, a zip holding the workbook) are built in code
too, down to the members that tell them apart.
"""

from __future__ import annotations

import dataclasses
import io
import json
import re
import shutil
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner
from test_reading import base, edit, parts, save, set_cell

from xlgen.api import check_workbook
from xlgen.cli import main

SAMPLE = Path(__file__).resolve().parents[1] / "inputs" / "示例" / "示例区政务服务数据管理局.xlsx"
MAIN = b"http://schemas.openxmlformats.org/spreadsheetml/2006/main"
REL = b"http://schemas.openxmlformats.org/officeDocument/2006/relationships"
Members = dict[str, bytes]


def _sheets(m: Members, fn: Callable[[bytes], bytes]) -> Members:
    return {n: fn(d) if n.startswith("xl/worksheets/sheet") else d for n, d in m.items()}


def strict(m: Members) -> Members:
    """Excel's "Strict Open XML 电子表格": every namespace and relationship type in
    purl.oclc.org."""
    out = {}
    for name, data in m.items():
        data = data.replace(MAIN, b"http://purl.oclc.org/ooxml/spreadsheetml/main").replace(
            REL, b"http://purl.oclc.org/ooxml/officeDocument/relationships")
        if name == "xl/workbook.xml":
            data = data.replace(b"<workbook ", b'<workbook conformance="strict" ', 1)
        out[name] = data
    return out


def _strings(m: Members) -> list[bytes]:
    return re.findall(rb"<si>(.*?)</si>", m["xl/sharedStrings.xml"], re.S)


def inline(m: Members) -> Members:
    """Inline strings, no sharedStrings part (as streaming writers save)."""
    strings = _strings(m)
    m = _sheets(m, lambda d: re.sub(
        rb'<c ([^>]*?)t="s"([^>]*)><v>(\d+)</v></c>',
        lambda x: b"<c " + x[1] + b't="inlineStr"' + x[2] + b"><is>" + strings[int(x[3])]
        + b"</is></c>", d))
    del m["xl/sharedStrings.xml"]
    for part in ("xl/_rels/workbook.xml.rels", "[Content_Types].xml"):
        m[part] = re.sub(rb"<[^<>]*sharedStrings[^<>]*/>", b"", m[part])
    return m


def str_cells(m: Members) -> Members:
    """Text as ``t="str"`` cells with no formula (some exporters)."""
    strings = [re.sub(rb"</?t[^>]*>", b"", s) for s in _strings(m)]
    return _sheets(m, lambda d: re.sub(
        rb'<c ([^>]*?)t="s"([^>]*)><v>(\d+)</v></c>',
        lambda x: b"<c " + x[1] + b't="str"' + x[2] + b"><v>" + strings[int(x[3])] + b"</v></c>",
        d))


def _column(letters: bytes) -> int:
    n = 0
    for ch in letters:
        n = n * 26 + ch - 64
    return n


def no_r(m: Members) -> Members:
    """Rows and cells without their optional ``r`` wherever they follow the one before."""
    def sheet(data: bytes) -> bytes:
        last_row = 0

        def row(x: re.Match[bytes]) -> bytes:
            nonlocal last_row
            number = int(x[2])
            head = x[1] + (b"" if number == last_row + 1 else b' r="%d"' % number) + x[3]
            last_row, last_col = number, 0

            def cell(c: re.Match[bytes]) -> bytes:
                nonlocal last_col
                col = _column(c[2])
                keep, last_col = col != last_col + 1, col
                return c[0] if keep else c[1]
            return head + re.sub(rb'(<c) r="([A-Z]+)\d+"', cell, x[4]) + b"</row>"
        return re.sub(rb'(<row[^>]*?) r="(\d+)"([^>]*>)(.*?)</row>', row, data, flags=re.S)
    return _sheets(m, sheet)


def shared_formulas(m: Members) -> Members:
    """Every number the result of a shared formula, its value cached (one formula per column,
    written once on its first cell, as Excel writes a filled-down column)."""
    def sheet(data: bytes) -> bytes:
        masters: dict[bytes, int] = {}

        def cell(c: re.Match[bytes]) -> bytes:
            column = c[2]
            if column in masters:
                formula = b'<f t="shared" si="%d"/>' % masters[column]
            else:
                masters[column] = len(masters)
                formula = (b'<f t="shared" ref="' + c[1] + b":" + column + b'100" si="%d">'
                           % masters[column] + c[4] + b"*1</f>")
            return b'<c r="' + c[1] + b'"' + c[3] + b">" + formula + b"<v>" + c[4] + b"</v></c>"
        return re.sub(rb'<c r="(([A-Z]+)\d+)"((?: s="\d+")?)><v>([^<]*)</v></c>', cell, data)
    m = _sheets(m, sheet)  # saved by Excel, which computed them: no recalculation asked
    m["xl/workbook.xml"] = m["xl/workbook.xml"].replace(b' fullCalcOnLoad="1"', b"")
    return m


def prefixed(m: Members) -> Members:
    """Every SpreadsheetML element ``x:``-prefixed (the .NET Open XML SDK)."""
    def fn(data: bytes) -> bytes:
        data = data.replace(b'xmlns="' + MAIN, b'xmlns:x="' + MAIN)
        return re.sub(rb"<(/?)([A-Za-z]+[ />])", rb"<\1x:\2", data)
    return {n: fn(d) if n.startswith("xl/") and not n.startswith(("xl/_rels", "xl/theme"))
            else d for n, d in m.items()}


def no_docprops(m: Members) -> Members:
    """docProps stripped (a government mail gateway)."""
    m = {n: d for n, d in m.items() if not n.startswith("docProps/")}
    for part in ("_rels/.rels", "[Content_Types].xml"):
        m[part] = re.sub(rb"<[^<>]*docProps[^<>]*/>", b"", m[part])
    return m


def odd_numfmt_ids(m: Members) -> Members:
    """Custom number formats at ids far from Excel's 164 on."""
    styles = m["xl/styles.xml"]
    for old, new in ((b"164", b"301"), (b"165", b"177"), (b"166", b"999")):
        styles = styles.replace(b'numFmtId="' + old + b'"', b'numFmtId="' + new + b'"')
    return {**m, "xl/styles.xml": styles}


def renamed_parts(m: Members) -> Members:
    """Shared strings and styles under other names, found by their relationship types."""
    m["xl/strings1.xml"], m["xl/format.xml"] = m.pop("xl/sharedStrings.xml"), m.pop(
        "xl/styles.xml")
    m["xl/_rels/workbook.xml.rels"] = m["xl/_rels/workbook.xml.rels"].replace(
        b'"sharedStrings.xml"', b'"strings1.xml"').replace(b'"styles.xml"', b'"format.xml"')
    m["[Content_Types].xml"] = m["[Content_Types].xml"].replace(
        b"/xl/sharedStrings.xml", b"/xl/strings1.xml").replace(b"/xl/styles.xml", b"/xl/format.xml")
    return m


def absolute_targets(m: Members) -> Members:
    rels = m["xl/_rels/workbook.xml.rels"]
    return {**m, "xl/_rels/workbook.xml.rels": rels.replace(b'Target="', b'Target="/xl/')}


def char_references(m: Members) -> Members:
    """Sheet names as numeric character references in single quotes (an ASCII-only writer)."""
    text = m["xl/workbook.xml"].decode()
    text = re.sub(r'name="([^"]*)"', lambda x: "name='" + "".join(
        c if ord(c) < 128 else f"&#{ord(c)};" for c in x[1]) + "'", text)
    return {**m, "xl/workbook.xml": text.encode()}


FLAVOURS: dict[str, Callable[[Members], Members]] = {
    "strict": strict, "inline-strings": inline, "str-cells": str_cells, "no-r": no_r,
    "x-prefix": prefixed, "no-docProps": no_docprops, "odd-numFmt-ids": odd_numfmt_ids,
    "renamed-parts": renamed_parts, "absolute-targets": absolute_targets,
    "char-references": char_references, "shared-formulas": shared_formulas,
    "strict-inline": lambda m: strict(inline(m)),
}


def _read(path: Path) -> tuple[dict, list[tuple[str, str, str]]]:
    book, report = check_workbook(path, display_name="局.xlsx")
    assert book is not None, [p.message for p in report.problems]
    model = dataclasses.asdict(book)
    del model["path"]
    return model, [(p.code, p.where, p.message) for p in report.problems]


@pytest.fixture(scope="module")
def sample_read() -> tuple[dict, list[tuple[str, str, str]]]:
    return _read(SAMPLE)


@pytest.mark.parametrize("flavour", FLAVOURS)
def test_every_flavour_reads_as_the_sample(tmp_path, sample_read, flavour):
    path = tmp_path / "局.xlsx"
    members = FLAVOURS[flavour](parts(SAMPLE))
    assert members != parts(SAMPLE)
    save(path, members)
    model, problems = _read(path)
    assert problems == sample_read[1]
    assert model == sample_read[0]


def test_strict_builds_the_same_documents(tmp_path):
    """The four documents from a Strict workbook are the sample's, byte for byte."""
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    shutil.copy(SAMPLE, tmp_path / "a" / SAMPLE.name)
    save(tmp_path / "b" / SAMPLE.name, strict(parts(SAMPLE)))
    for name in ("a", "b"):
        result = CliRunner().invoke(main, ["build", str(tmp_path / name), "--out",
                                           str(tmp_path / f"out-{name}")])
        assert result.exit_code == 0, result.output
    made = {p.relative_to(tmp_path / "out-a"): p.read_bytes()
            for p in (tmp_path / "out-a").rglob("*.*") if p.suffix in (".xlsx", ".docx")}
    assert len(made) == 4
    for rel, data in made.items():
        assert (tmp_path / "out-b" / rel).read_bytes() == data, rel


# --- ISO 8601 date cells (t="d"): how Excel's Strict Open XML saves a date ------------------

IND_SHEET = "xl/worksheets/sheet4.xml"  # base(): 部门信息, 项目, 预算, 项目绩效指标


@pytest.mark.parametrize(("iso", "style", "date1904", "shown"), [
    ("2023-06-30T00:00:00", 'yyyy"年"m"月"d"日"', False, "2023年6月30日"),
    ("2023-06-30", "yyyy/m/d", False, "2023/6/30"),
    ("2023-06-30T12:00:00Z", "yyyy/m/d h:mm", False, "2023/6/30 12:00"),
    ("2023-06-30T12:00:00", 'yyyy"年"m"月"d"日"', True, "2023年6月30日"),
    ("10:30:00", "h:mm", False, "10:30"),
])
def test_an_iso_date_in_a_text_field_reads_as_excel_shows_it(tmp_path, iso, style, date1904,
                                                              shown):
    path = base(tmp_path / "局.xlsx")
    edit(path, "xl/styles.xml", lambda d: re.sub(
        rb"<cellXfs count=\"(\d+)\">(.*?)</cellXfs>",
        lambda x: b'<numFmts count="1"><numFmt numFmtId="200" formatCode="'
        + style.replace('"', "&quot;").encode() + b'"/></numFmts><cellXfs count="'
        + str(int(x[1]) + 1).encode() + b'">' + x[2] + b'<xf numFmtId="200"/></cellXfs>',
        d, flags=re.S))
    style_index = len(re.findall(rb"<xf ", re.search(
        rb"<cellXfs.*?</cellXfs>", parts(path)["xl/styles.xml"], re.S)[0])) - 1
    edit(path, IND_SHEET, set_cell(
        "E3", f'<c r="E3" s="{style_index}" t="d"><v>{iso}</v></c>'))
    if date1904:
        edit(path, "xl/workbook.xml", lambda d: re.sub(
            rb"<workbookPr[^>]*/>|(?=<bookViews)", b'<workbookPr date1904="1"/>', d, count=1))
    book, report = check_workbook(path)
    assert book is not None, [p.message for p in report.problems]
    assert book.project_indicators[1].period_value == shown


# --- files xlgen cannot read: named, with what to do ------------------------------------------

def _zip(members: Members) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as zf:
        for name, data in members.items():
            zf.writestr(name, data)
    return out.getvalue()


OTHER = {
    "局.xlsb": ({"[Content_Types].xml": b"<Types/>", "xl/workbook.bin": b"\x83\x01\x00",
                "xl/worksheets/sheet1.bin": b"\x00"}, ("二进制工作簿", ".xlsb", "另存为")),
    "局.ods": ({"mimetype": b"application/vnd.oasis.opendocument.spreadsheet",
               "content.xml": b"<office:document-content/>"}, ("OpenDocument", "另存为")),
    "局.numbers": ({"Index/Document.iwa": b"\x00", "Metadata/Properties.plist": b""},
                   ("Numbers", "导出")),
    "局.zip": ({"局/某局.xlsx": b"PK"}, ("压缩包", "局/某局.xlsx", "解压")),
}


@pytest.mark.parametrize("name", OTHER)
def test_another_kind_of_spreadsheet_is_named_with_what_to_do(tmp_path, name):
    members, says = OTHER[name]
    path = tmp_path / name
    path.write_bytes(_zip(members))
    result = CliRunner().invoke(main, ["validate", str(path), "--json"])
    assert result.exit_code == 1, result.output
    [problem] = json.loads(result.output)
    assert problem["code"] == "not-a-workbook"
    assert problem["message"].startswith(f"{name}：")
    for phrase in says:
        assert phrase in problem["message"], problem["message"]


def test_a_folder_lists_every_spreadsheet_it_cannot_read(tmp_path):
    """A department that sent an .ods, .xlsb or Numbers file, or an attachment a mail system
    renamed 某局.xlsx.zip, is not missing unseen from a folder's run."""
    for name in ("甲局.xlsb", "乙局.ods", "丙局.numbers"):
        (tmp_path / name).write_bytes(_zip(OTHER["局" + Path(name).suffix][0]))
    shutil.copy(SAMPLE, tmp_path / "丁局.xlsx.zip")
    sub = tmp_path / "模板"
    sub.mkdir()
    save(sub / "戊局.xltx", no_docprops(parts(SAMPLE)))  # saved as an Excel 模板 by mistake
    result = CliRunner().invoke(main, ["validate", str(tmp_path), "--json"])
    found = {(Path(p["file"]).name, p["code"]) for p in json.loads(result.output)}
    assert {("甲局.xlsb", "not-a-workbook"), ("乙局.ods", "not-a-workbook"),
            ("丙局.numbers", "not-a-workbook"), ("丁局.xlsx.zip", "wrong-extension"),
            ("戊局.xltx", "wrong-extension")} <= found
    renamed = {p["message"] for p in json.loads(result.output) if p["code"] == "wrong-extension"}
    assert any("请把文件改名为 丁局.xlsx。" in m for m in renamed), renamed
    assert any("请把文件改名为 戊局.xlsx。" in m for m in renamed), renamed


def test_a_zip_made_on_chinese_windows_names_its_workbook(tmp_path):
    """Windows' own zip stores 甲局.xlsx in GBK without the UTF-8 flag."""
    from xlgen.workbook.safety import _member_name

    info = zipfile.ZipInfo("甲局.xlsx".encode("gbk").decode("cp437"))
    assert info.flag_bits & 0x800 == 0
    assert _member_name(info) == "甲局.xlsx"


TEXT_FILES = {
    "web-page": ('<html><head><meta charset="gbk"></head><body><table><tr><td>部门信息</td>'
                 "</tr></table></body></html>".encode("gbk"), ("网页（HTML）", "另存为")),
    "xml-2003": (b'<?xml version="1.0"?>\n<?mso-application progid="Excel.Sheet"?>\n'
                 b'<Workbook xmlns="urn:schemas-microsoft-com:office:spreadsheet"></Workbook>',
                 ("XML 电子表格 2003", "另存为")),
    "flat-ods": (b'<?xml version="1.0"?><office:document xmlns:office="urn:oasis:names:tc:'
                 b'opendocument:xmlns:office:1.0" office:mimetype="application/vnd.oasis.'
                 b'opendocument.spreadsheet"/>', ("OpenDocument", "另存为")),
    "unicode-text": ("字段\t值\r\n年度\t2023\r\n".encode("utf-16"), ("文本文件", "另存为")),
}


@pytest.mark.parametrize("kind", TEXT_FILES)
def test_a_business_system_export_renamed_xls_is_named_with_what_to_do(tmp_path, kind):
    """What web systems export as “Excel” (HTML, Excel 2003 XML, Excel's “Unicode 文本”)."""
    data, says = TEXT_FILES[kind]
    path = tmp_path / "局.xls"
    path.write_bytes(data)
    result = CliRunner().invoke(main, ["validate", str(path), "--json"])
    assert result.exit_code == 1, result.output
    [problem] = json.loads(result.output)
    assert problem["code"] == "not-a-workbook"
    for phrase in says:
        assert phrase in problem["message"], problem["message"]


@pytest.mark.parametrize("flavour", ["char-references", "strict", "x-prefix"])
def test_a_department_workbook_of_any_flavour_is_never_overwritten(tmp_path, flavour):
    """``summary --out 某局.xlsx --force`` refuses a department's workbook however its
    workbook.xml spells the sheet names (``name='&#37096;…'`` from an ASCII-only writer)."""
    (tmp_path / "in").mkdir()
    shutil.copy(SAMPLE, tmp_path / "in" / SAMPLE.name)
    target = tmp_path / "某局.xlsx"
    save(target, FLAVOURS[flavour](parts(SAMPLE)))
    before = target.read_bytes()
    result = CliRunner().invoke(main, ["summary", str(tmp_path / "in"), "--out", str(target),
                                       "--force"])
    assert result.exit_code == 2, result.output
    assert "部门报送的输入工作簿" in result.output
    assert target.read_bytes() == before


def test_a_package_without_its_relationships_is_damaged_not_missing_a_sheet(tmp_path):
    """With xl/_rels stripped (a careless gateway), the sheets listed in workbook.xml cannot
    be found: the file is damaged, not a workbook without 部门信息."""
    path = tmp_path / "局.xlsx"
    save(path, {n: d for n, d in parts(SAMPLE).items() if not n.startswith("xl/_rels/")})
    result = CliRunner().invoke(main, ["validate", str(path), "--json"])
    assert result.exit_code == 1, result.output
    [problem] = json.loads(result.output)
    assert problem["code"] == "not-a-workbook"
    assert "损坏" in problem["message"] and "workbook.xml.rels" in problem["message"]
