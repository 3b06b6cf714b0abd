"""The bureau's 汇总 as printed: every figure whole (never ###), 有错误 and 重复 in a money
column aligned like the figures, a row no taller than its lines, the header on every page."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest
from printing import off_the_page, outside_their_cell, overlapping_words, read_pdf, to_pdf
from test_cli_clerk import dept
from test_validate import BUDGET_OK, IND_HEAD, PROJ_HEAD, full_indicators
from workbooks import Literal, write_book

from xlgen.api import summarise, write_summary
from xlgen.output.summary import FONT_SIZE
from xlgen.render import text_height
from xlgen.workbook import find_workbooks

ROOT = Path(__file__).resolve().parent.parent
HUGE = "123,456,790,812.35"  # 123456789012.345 + 1000 + 800, rounded once
LONG = ("广州市白云区人民政府办公室（区外事局、区政府研究室、区金融工作局、区地方志办公室）"
        "机关后勤服务中心")


@pytest.fixture(autouse=True)
def shipped_templates(monkeypatch):
    monkeypatch.setenv("XLGEN_TEMPLATES", str(ROOT / "templates"))


def department(folder: Path, name: str, amount: object = 1000, file: str = "") -> None:
    write_book(folder / f"{file or name}.xlsx", {
        "部门信息": dept(name), "预算": BUDGET_OK,
        "项目": [PROJ_HEAD, ["甲", "", amount], ["乙", "", 1000], ["丙", "", 800]],
        "项目绩效指标": [IND_HEAD, *full_indicators("甲"), *full_indicators("乙"),
                   *full_indicators("丙")]})


def summary_of(folder: Path) -> Path:
    out = folder.parent / "汇总.xlsx"
    write_summary(summarise(find_workbooks([folder])[0]), out)
    return out


def test_a_row_of_four_documents_is_four_lines_tall(tmp_path: Path) -> None:
    """Each document name prints on one line of its own: the column is wide enough, so a row
    is not reserved twice the height its names take."""
    folder = tmp_path / "收件"
    folder.mkdir()
    (folder / "示例局.xlsx").write_bytes(
        (ROOT / "inputs" / "示例" / "示例区政务服务数据管理局.xlsx").read_bytes())
    ws = openpyxl.load_workbook(summary_of(folder))["汇总"]
    documents = ws.cell(3, [c.value for c in ws[2]].index("可生成的文书") + 1).value
    assert documents.count("\n") == 3, documents
    assert ws.row_dimensions[3].height == pytest.approx(
        text_height("一\n二\n三\n四", 10, FONT_SIZE), abs=1)  # xlsxwriter: whole pixels


@pytest.mark.libreoffice
def test_the_summary_prints_every_figure_and_its_header_on_every_page(tmp_path: Path) -> None:
    folder = tmp_path / "收件"
    folder.mkdir()
    department(folder, "巨额局", Decimal("123456789012.345"))
    department(folder, "错误局", "十万")
    department(folder, LONG, file="长名称")
    department(folder, Literal("=+区<研究>&“中心”@局"), file="特殊字符")
    for i in range(40):
        department(folder, f"第{i:02d}局")
    pdf = to_pdf([summary_of(folder)], tmp_path / "pdf")[tmp_path / "汇总.xlsx"]
    pages = read_pdf(pdf)
    text = "".join(page.text for page in pages)
    assert HUGE in text and "###" not in text
    summary = [p for p in pages if "序号" in p.text]
    problems = [p for p in pages if "说明" in p.text]
    assert len(summary) >= 2 and problems
    assert len(summary) + len(problems) == len(pages)  # the header repeated on every page
    # a 问题清单 page handed round alone still says what it lists, and of which year
    assert all("2023年度预算绩效文书汇总：问题清单" in page.text for page in problems)
    for page in pages:
        assert page.width > page.height  # A4 landscape
        assert off_the_page(page) == [] and overlapping_words(page) == []
    texts = {v for ws in openpyxl.load_workbook(tmp_path / "汇总.xlsx")
             for row in ws.iter_rows(values_only=True) for v in row if isinstance(v, str)}
    assert LONG in texts and "=+区<研究>&“中心”@局" in texts  # literally, never a formula
    assert {t: outside_their_cell(pages, t) for t in texts} == {t: [] for t in texts}
    # 有错误 in 项目资金合计 stands at its cell's right, like the figures above and below it
    gaps = []
    for page in summary:
        chars = [c for c in page.chars if not c["text"].isspace()]
        flat = "".join(c["text"] for c in chars)
        start = flat.find("有错误")
        while start >= 0:
            left, _, right, _ = page.box(chars[start])
            gaps.append((chars[start]["x0"] - left, right - chars[start + 2]["x1"]))
            start = flat.find("有错误", start + 1)
    assert any(right < left for left, right in gaps), gaps
