"""Byte- and XML-level mutations of an .xlsx package, as damaged or hostile files arrive.

Each mutation takes a random generator and the package's members ``[(name, bytes)]`` and
returns the mutated package's bytes. ``mutate`` applies one to three of them. Used by
tests/test_fuzz.py (a fixed seed in ``make test``, many more cases in ``make fuzz``).
"""

from __future__ import annotations

import io
import random
import re
import struct
import warnings
import zipfile
from collections.abc import Callable

Members = list[tuple[str, bytes]]
Mutation = Callable[[random.Random, Members], Members | bytes]

STRICT_NS = b"http://purl.oclc.org/ooxml/spreadsheetml/main"
MAIN_NS = b"http://schemas.openxmlformats.org/spreadsheetml/2006/main"


def unpack(data: bytes) -> Members:
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        return [(i.filename, zf.read(i)) for i in zf.infolist()]


def pack(members: Members) -> bytes:
    out = io.BytesIO()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # duplicate names are one of the mutations
        with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
            for name, data in members:
                zf.writestr(name, data)
    return out.getvalue()


def _sheets(members: Members) -> list[int]:
    return [i for i, (n, _) in enumerate(members) if n.startswith("xl/worksheets/sheet")]


def _edit_sheet(rng: random.Random, members: Members,
                edit: Callable[[random.Random, bytes], bytes]) -> Members:
    out = list(members)
    sheets = _sheets(out)
    if sheets:
        i = rng.choice(sheets)
        out[i] = (out[i][0], edit(rng, out[i][1]))
    return out


def _edit_part(members: Members, name: str, edit: Callable[[bytes], bytes]) -> Members:
    return [(n, edit(d) if n == name else d) for n, d in members]


def _sub_one(rng: random.Random, pattern: bytes, data: bytes,
             repl: Callable[[re.Match], bytes]) -> bytes:
    found = list(re.finditer(pattern, data))
    if not found:
        return data
    m = rng.choice(found)
    return data[:m.start()] + repl(m) + data[m.end():]


# --- byte level (the whole file) ----------------------------------------------------------------

def truncate(rng: random.Random, members: Members) -> bytes:
    data = pack(members)
    return data[:rng.randrange(0, len(data))]


def flip_byte(rng: random.Random, members: Members) -> bytes:
    data = bytearray(pack(members))
    pos = rng.randrange(len(data) // 10, len(data) * 9 // 10)
    data[pos] ^= 1 << rng.randrange(8)
    return bytes(data)


def _patch_headers(data: bytes, flag: int | None = None, method: int | None = None) -> bytes:
    out = bytearray(data)
    for sig, flag_at, method_at in ((b"PK\x03\x04", 6, 8), (b"PK\x01\x02", 8, 10)):
        for m in re.finditer(re.escape(sig), data):
            if flag is not None:
                old = struct.unpack_from("<H", out, m.start() + flag_at)[0]
                struct.pack_into("<H", out, m.start() + flag_at, old | flag)
            if method is not None:
                struct.pack_into("<H", out, m.start() + method_at, method)
    return bytes(out)


def zip_encrypted(rng: random.Random, members: Members) -> bytes:
    return _patch_headers(pack(members), flag=1)


def deflate64(rng: random.Random, members: Members) -> bytes:
    return _patch_headers(pack(members), method=9)


# --- package level ------------------------------------------------------------------------------

def duplicate_part(rng: random.Random, members: Members) -> Members:
    name, data = members[rng.choice(_sheets(members) or [0])]
    return [*members, (name, data.replace(b"<v>", b"<v>9", 1))]


def drop_part(rng: random.Random, members: Members) -> Members:
    victim = rng.choice([n for n, _ in members
                         if n in ("xl/styles.xml", "xl/sharedStrings.xml", "xl/workbook.xml",
                                  "xl/_rels/workbook.xml.rels", "[Content_Types].xml")
                         or n.startswith("xl/worksheets/")])
    return [(n, d) for n, d in members if n != victim]


def wrong_content_type(rng: random.Random, members: Members) -> Members:
    return _edit_part(members, "[Content_Types].xml", lambda d: d.replace(
        b"spreadsheetml.worksheet+xml", b"wordprocessingml.document.main+xml", 1))


def date1904(rng: random.Random, members: Members) -> Members:
    def edit(d: bytes) -> bytes:
        if b"<workbookPr" in d:
            return re.sub(rb"<workbookPr", b'<workbookPr date1904="1"', d, count=1)
        return d.replace(b"<bookViews>", b'<workbookPr date1904="1"/><bookViews>', 1)
    return _edit_part(members, "xl/workbook.xml", edit)


def late_dtd(rng: random.Random, members: Members) -> Members:
    name = rng.choice(["xl/workbook.xml", "xl/_rels/workbook.xml.rels", "[Content_Types].xml"])
    pad = b"<!--" + b" " * 4096 + b"-->"
    bomb = b'<!DOCTYPE x [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;">]>'
    return _edit_part(members, name, lambda d: d.replace(b"?>", b"?>" + pad + bomb, 1))


def strict_namespace(rng: random.Random, members: Members) -> Members:
    return [(n, d.replace(MAIN_NS, STRICT_NS)) for n, d in members]


def random_bytes(rng: random.Random, members: Members) -> Members:
    out = list(members)
    i = rng.randrange(len(out))
    name, data = out[i]
    pos = rng.randrange(len(data) + 1)
    out[i] = (name, data[:pos] + bytes(rng.randrange(256) for _ in range(rng.randrange(1, 9)))
              + data[pos:])
    return out


# --- sheet XML ----------------------------------------------------------------------------------

def huge_row(rng: random.Random, members: Members) -> Members:
    big = rng.choice([b"1048576", b"1048577", b"99999999", b"4294967297", b"0", b"-5"])
    return _edit_sheet(rng, members, lambda r, d: _sub_one(
        r, rb'<c r="([A-Z]+)\d+"', d, lambda m: b'<c r="' + m.group(1) + big + b'"'))


def far_cell(rng: random.Random, members: Members) -> Members:
    cell = rng.choice([b"XFD1048576", b"A1048576", b"XFD2", b"ZZ500000"])
    row = re.sub(rb"\D", b"", cell)
    stray = (b'<row r="' + row + b'"><c r="' + cell + b'" t="inlineStr"><is><t>x</t></is>'
             b"</c></row>")
    return _edit_sheet(rng, members, lambda r, d: d.replace(b"</sheetData>",
                                                           stray + b"</sheetData>", 1))


def no_r_attribute(rng: random.Random, members: Members) -> Members:
    return _edit_sheet(rng, members, lambda r, d: re.sub(rb'<c r="[A-Z]+\d+"', b"<c", d))


def shared_string_out_of_range(rng: random.Random, members: Members) -> Members:
    index = rng.choice([b"99999", b"-1", b"1e9", b"abc"])
    return _edit_sheet(rng, members, lambda r, d: _sub_one(
        r, rb'(t="s"[^>]*>\s*<v>)\d+(</v>)', d, lambda m: m.group(1) + index + m.group(2)))


def inline_string_runs(rng: random.Random, members: Members) -> Members:
    runs = b"<is><r><t>=1+1 </t></r><r><rPr><b/></rPr><t>&lt;x&gt;_x0041_</t></r></is>"
    return _edit_sheet(rng, members, lambda r, d: _sub_one(
        r, rb'(<c r="[A-Z]+\d+"[^>]*?)\s*t="s"([^>]*)>\s*<v>\d+</v>', d,
        lambda m: m.group(1) + b' t="inlineStr"' + m.group(2) + b">" + runs))


def error_value(rng: random.Random, members: Members) -> Members:
    value = rng.choice([b"#DIV/0!", b"#N/A", b"#REF!", b"#VALUE!", b"#SPILL!"])
    return _edit_sheet(rng, members, lambda r, d: _sub_one(
        r, rb'(<c r="[A-Z]+\d+"[^>]*?)(?: t="[a-z]+")?([^>]*)>\s*<v>[^<]*</v>', d,
        lambda m: m.group(1) + b' t="e"' + m.group(2) + b"><f>1/0</f><v>" + value + b"</v>"))


def formula_without_value(rng: random.Random, members: Members) -> Members:
    return _edit_sheet(rng, members, lambda r, d: _sub_one(
        r, rb'(<c r="[A-Z]+\d+"[^>]*?)(?: t="[a-z]+")?([^>]*)>\s*<v>[^<]*</v>', d,
        lambda m: m.group(1) + m.group(2) + b"><f>SUM(A1:A2)</f>"))


def garbage_xml(rng: random.Random, members: Members) -> Members:
    junk = rng.choice([b"<<<", b"</row>", b"<c r=", b"&bogus;", b"\x00", b"]]>"])
    def edit(r: random.Random, d: bytes) -> bytes:
        pos = r.randrange(len(d) // 2, len(d))
        return d[:pos] + junk + d[pos:]
    return _edit_sheet(rng, members, edit)


def merge_everything(rng: random.Random, members: Members) -> Members:
    merge = rng.choice([b'<mergeCells count="1"><mergeCell ref="A1:XFD1048576"/></mergeCells>',
                        b'<mergeCells count="1"><mergeCell ref="B2:C9"/></mergeCells>'])
    return _edit_sheet(rng, members, lambda r, d: re.sub(
        rb"</sheetData>", b"</sheetData>" + merge, d, count=1)
        if b"<mergeCells" not in d else d)


def hidden_rows(rng: random.Random, members: Members) -> Members:
    return _edit_sheet(rng, members, lambda r, d: _sub_one(
        r, rb'<row r="(\d+)"', d, lambda m: m.group(0) + b' hidden="1"'))


MUTATIONS: dict[str, Mutation] = {f.__name__: f for f in (
    truncate, flip_byte, zip_encrypted, deflate64, duplicate_part, drop_part,
    wrong_content_type, date1904, late_dtd, strict_namespace, random_bytes, huge_row,
    far_cell, no_r_attribute, shared_string_out_of_range, inline_string_runs, error_value,
    formula_without_value, garbage_xml, merge_everything, hidden_rows)}
BYTE_LEVEL = {"truncate", "flip_byte", "zip_encrypted", "deflate64"}


def mutate(rng: random.Random, data: bytes) -> tuple[bytes, list[str]]:
    """One to three mutations of ``data`` (a byte-level one, if any, comes last)."""
    names = rng.sample(sorted(MUTATIONS), rng.randint(1, 3))
    names.sort(key=lambda n: n in BYTE_LEVEL)
    members = unpack(data)
    for i, name in enumerate(names):
        result = MUTATIONS[name](rng, members)
        if isinstance(result, bytes):
            return result, names[:i + 1]
        members = result
    return pack(members), names
