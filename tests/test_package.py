"""Files that are not workbooks get one clear sentence, never a traceback."""

import io
import zipfile

import pytest
from workbooks import write_book

from xlgen.api import check_workbook


def hostile(path):
    """A workbook whose worksheet declares and uses nested entities (billion laughs)."""
    write_book(path, {"项目": [["项目名称"], ["xyz"]]})
    out = io.BytesIO()
    bomb = (b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
            b'<!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]>')
    with zipfile.ZipFile(path) as zin, zipfile.ZipFile(out, "w") as zout:
        for item in zin.infolist():
            data = zin.read(item)
            if item.filename == "xl/worksheets/sheet2.xml":
                assert b">xyz<" in data
                data = bomb + data.replace(b">xyz<", b">&lol2;<")
            zout.writestr(item, data)
    path.write_bytes(out.getvalue())


@pytest.mark.parametrize(
    ("make", "phrase"),
    [
        (lambda p: p.write_bytes(b""), "空"),
        (lambda p: p.write_text("项目名称,财政拨款\n甲,1\n", "utf-8"), "CSV"),
        (lambda p: p.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600), ".xls"),
        (lambda p: (write_book(p, {}), p.write_bytes(p.read_bytes()[:900])), "不完整"),
        (lambda p: p.write_bytes(b"\x89PNG\r\n\x1a\n\0\0\0"), "不是 Excel 工作簿"),
        (hostile, "DOCTYPE"),
    ],
    ids=["empty", "csv", "xls", "truncated", "png", "entity-expansion"],
)
def test_not_a_workbook(tmp_path, make, phrase):
    path = tmp_path / "坏文件.xlsx"
    make(path)
    book, report = check_workbook(path)
    assert book is None
    [problem] = report.problems
    assert problem.code == "not-a-workbook"
    assert phrase in problem.message and "坏文件.xlsx" in problem.message


def test_docx_renamed(tmp_path):
    path = tmp_path / "x.xlsx"
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("word/document.xml", "<w/>")
    _, report = check_workbook(path)
    assert "Word" in report.problems[0].message


def test_openpyxl_uses_defusedxml(tmp_path):
    """Templates are read by openpyxl: with defusedxml installed it refuses entity declarations."""
    import openpyxl
    from defusedxml import DTDForbidden, EntitiesForbidden
    from openpyxl.xml import DEFUSEDXML

    assert DEFUSEDXML
    path = tmp_path / "bomb.xlsx"
    hostile(path)
    with pytest.raises(ValueError) as caught:
        openpyxl.load_workbook(io.BytesIO(path.read_bytes()))
    assert isinstance(caught.value.__cause__ or caught.value.__context__,
                      (DTDForbidden, EntitiesForbidden))
