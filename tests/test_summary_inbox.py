"""The bureau's 收件 folder as it arrives: what the 汇总 shows of each workbook."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner
from test_same_output import book
from test_writes import failing_on, open_in_excel

from xlgen.cli import main
from xlgen.output.summary import QUALITY

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(autouse=True)
def shipped_templates(monkeypatch):
    monkeypatch.setenv("XLGEN_TEMPLATES", str(ROOT / "templates"))


def shown(out: Path, sheet: str, header_row: int) -> list[str]:
    ws = openpyxl.load_workbook(out)[sheet]
    column = [c.value for c in ws[header_row]].index("工作簿")
    return [r[column] for r in ws.iter_rows(min_row=header_row + 1, values_only=True)]


def test_workbooks_of_one_name_in_two_folders_are_told_apart(tmp_path: Path,
                                                           monkeypatch) -> None:
    """Each department's folder holds a 预算绩效.xlsx: given folder by folder, the 汇总 names
    each by its path (as validate does), not both as 预算绩效.xlsx; a name of its own stays
    short."""
    monkeypatch.chdir(tmp_path)
    book(Path("收件/教育局/预算绩效.xlsx"), "教育局")
    book(Path("收件/民政局/预算绩效.xlsx"), "民政局")
    book(Path("收件/民政局/水务局.xlsx"), "水务局")
    result = CliRunner().invoke(main, ["summary", "收件/教育局", "收件/民政局", "--out", "s.xlsx"])
    assert result.exit_code == 0, result.output
    assert shown(Path("s.xlsx"), "汇总", 2) == [
        "收件/教育局/预算绩效.xlsx", "收件/民政局/预算绩效.xlsx", "水务局.xlsx"]
    assert set(shown(Path("s.xlsx"), "问题清单", 1)) == {
        "收件/教育局/预算绩效.xlsx", "水务局.xlsx", "收件/民政局/预算绩效.xlsx"}


def test_a_workbook_without_its_year_shows_no_year_0(tmp_path: Path, monkeypatch) -> None:
    """A blank workbook from xlgen init (no 年度 yet) is listed with its year blank, not 0."""
    monkeypatch.chdir(tmp_path)
    assert CliRunner().invoke(main, ["init", "收件/新局.xlsx"]).exit_code == 0
    book(Path("收件/水务局.xlsx"), "水务局", 2024)
    assert CliRunner().invoke(main, ["summary", "收件", "--out", "s.xlsx"]).exit_code == 0
    ws = openpyxl.load_workbook("s.xlsx")["汇总"]
    years = {r[3]: r[2] for r in ws.iter_rows(min_row=3, values_only=True)}
    assert years == {"新局.xlsx": None, "水务局.xlsx": 2024}
    assert ws["A1"].value == "2024年度预算绩效文书汇总"


def test_a_summary_open_in_excel_is_left_as_it_was(tmp_path: Path, monkeypatch) -> None:
    """The 汇总 the bureau annotated is still open in Excel (Windows refuses the rename): a
    Chinese message says to close it, the file keeps its notes, no copy is left beside it."""
    monkeypatch.chdir(tmp_path)
    book(Path("收件/水务局.xlsx"), "水务局", 2024)
    assert CliRunner().invoke(main, ["summary", "收件", "--out", "汇总.xlsx"]).exit_code == 0
    wb = openpyxl.load_workbook("汇总.xlsx")
    wb["汇总"]["X3"] = "已催报"
    wb.save("汇总.xlsx")
    before = Path("汇总.xlsx").read_bytes()
    book(Path("收件/民政局.xlsx"), "民政局", 2024)
    failing_on(monkeypatch, "replace", 2, open_in_excel())  # 1: the copy aside, 2: the 汇总
    result = CliRunner().invoke(main, ["summary", "收件", "--out", "汇总.xlsx"])
    assert result.exit_code == 1, result.output
    assert "无法覆盖 汇总.xlsx：文件可能正在 Excel/WPS/Word 中打开" in result.output
    assert "请关闭该文件后重新运行" in result.output and "Traceback" not in result.output
    assert Path("汇总.xlsx").read_bytes() == before
    assert sorted(p.name for p in Path(".").glob("*.xlsx")) == ["汇总.xlsx"]


def test_a_workbook_that_cannot_be_read_has_no_indicator_counts(tmp_path: Path,
                                                               monkeypatch) -> None:
    """A damaged file's indicator-quality cells are blank, not 0: filtering a column for 0
    must not list it among the workbooks whose indicators are fine."""
    monkeypatch.chdir(tmp_path)
    good = book(Path("收件/水务局.xlsx"), "水务局", 2024).read_bytes()
    Path("收件/信访局.xlsx").write_bytes(good[:len(good) // 2])
    assert CliRunner().invoke(main, ["summary", "收件", "--out", "s.xlsx"]).exit_code == 0
    ws = openpyxl.load_workbook("s.xlsx")["汇总"]
    head = [c.value for c in ws[2]]
    rows = {r[3]: dict(zip(head, r, strict=True))
            for r in ws.iter_rows(min_row=3, values_only=True)}
    quality = [h for h in head if h in QUALITY.values()]
    assert quality
    assert [rows["信访局.xlsx"][h] for h in quality] == [None] * len(quality)
    assert all(isinstance(rows["水务局.xlsx"][h], int) for h in quality)
    assert (rows["信访局.xlsx"]["结果"], rows["信访局.xlsx"]["错误"]) == ("无法读取", 1)


def test_serial_number_year_and_grade_are_centred(tmp_path: Path, monkeypatch) -> None:
    """序号, 年度 and 自评等级 stand between a right-aligned figure and left-aligned text:
    centred, they do not print as “2024 2024/水务局.xlsx” or “99.5优”."""
    monkeypatch.chdir(tmp_path)
    Path("收件").mkdir()
    Path("收件/示例局.xlsx").write_bytes(
        (ROOT / "inputs" / "示例" / "示例区政务服务数据管理局.xlsx").read_bytes())
    assert CliRunner().invoke(main, ["summary", "收件", "--out", "s.xlsx"]).exit_code == 0
    ws = openpyxl.load_workbook("s.xlsx")["汇总"]
    head = [c.value for c in ws[2]]
    cells = {h: ws.cell(3, head.index(h) + 1) for h in ("序号", "年度", "自评等级", "工作簿")}
    assert cells["自评等级"].value == "优"
    assert {h: c.alignment.horizontal for h, c in cells.items()} == {
        "序号": "center", "年度": "center", "自评等级": "center", "工作簿": None}


def inbox_with_errors(wrong: Path) -> None:
    """收件/水务局.xlsx as it should be, ``wrong`` with 十万 in 项目!C2, 收件/旧表.xls."""
    book(Path("收件/水务局.xlsx"), "水务局", 2024)
    book(wrong, "民政局", 2024)
    wb = openpyxl.load_workbook(wrong)
    wb["项目"]["C2"] = "十万"
    wb.save(wrong)
    Path("收件/旧表.xls").write_bytes(b"\xd0\xcf\x11\xe0" + b"\0" * 100)


def test_the_last_lines_name_who_must_fix_what(tmp_path: Path, monkeypatch) -> None:
    """The bureau sees on the screen which workbooks go back to their department and why,
    in the 汇总's order, and where each problem's cell is listed; a clean run says only the
    counts."""
    monkeypatch.chdir(tmp_path)
    inbox_with_errors(Path("收件/街道/民政局.xlsx"))
    book(Path("收件/水务局 - 副本.xlsx"), "水务局", 2024)
    result = CliRunner().invoke(main, ["summary", "收件", "--out", "s.xlsx"])
    assert result.exit_code == 0, result.output
    assert result.output.splitlines()[-5:] == [
        "已生成 s.xlsx：4 个工作簿，1 个可生成文书，3 个有错误。",
        "要处理的工作簿如下：有错误的请退回报送部门改正后重新报送；重复的请确认用哪一个、"
        "移走另一个（每个问题的工作表、单元格和改法见 s.xlsx 的“问题清单”表）：",
        "  旧表.xls：无法读取",
        "  街道/民政局.xlsx：1 个错误",
        "  水务局 - 副本.xlsx：重复",
    ]
    Path("收件/旧表.xls").unlink()
    Path("收件/水务局 - 副本.xlsx").unlink()
    Path("收件/街道/民政局.xlsx").unlink()
    result = CliRunner().invoke(main, ["summary", "收件", "--out", "s.xlsx"])
    assert result.output.splitlines()[-1] == (
        "已生成 s.xlsx：1 个工作簿，1 个可生成文书，0 个有错误。")


def test_errors_stand_out_from_warnings(tmp_path: Path, monkeypatch) -> None:
    """Printed, 50 pages of problems read alike: the 级别 of an error (what sends a workbook
    back) and the 结果 of a workbook that cannot be used are bold, warnings and 可生成 not."""
    monkeypatch.chdir(tmp_path)
    inbox_with_errors(Path("收件/民政局.xlsx"))
    assert CliRunner().invoke(main, ["summary", "收件", "--out", "s.xlsx"]).exit_code == 0
    wb = openpyxl.load_workbook("s.xlsx")
    result = [c.value for c in wb["汇总"][2]].index("结果")
    assert {r[result].value: bool(r[result].font.b) for r in wb["汇总"].iter_rows(min_row=3)} \
        == {"无法读取": True, "有错误": True, "可生成": False}
    levels = {(r[2].value, bool(r[2].font.b)) for r in wb["问题清单"].iter_rows(min_row=2)}
    assert levels == {("错误", True), ("警告", False)}


def test_a_department_filed_again_in_another_folder_is_counted_once(tmp_path: Path,
                                                                    monkeypatch) -> None:
    """收件/财政局.xlsx had an error; the corrected one came in and was saved in 收件/补报/.
    Both build (other folders), so validate is silent, but the 汇总 summed the department
    twice: the later one's figures read 重复, a warning says why, the screen lists it."""
    monkeypatch.chdir(tmp_path)
    inbox_with_errors(Path("收件/财政局.xlsx"))
    Path("收件/旧表.xls").unlink()
    book(Path("收件/补报/财政局.xlsx"), "民政局", 2024)
    result = CliRunner().invoke(main, ["summary", "收件", "--out", "s.xlsx"])
    assert result.exit_code == 0, result.output
    assert result.output.splitlines()[-3:] == [
        "要处理的工作簿如下：有错误的请退回报送部门改正后重新报送；重复的请确认用哪一个、"
        "移走另一个（每个问题的工作表、单元格和改法见 s.xlsx 的“问题清单”表）：",
        "  补报/财政局.xlsx：重复",  # the 汇总's order: by label
        "  财政局.xlsx：1 个错误"]
    wb = openpyxl.load_workbook("s.xlsx")
    head = [c.value for c in wb["汇总"][2]]
    rows = {r[3]: dict(zip(head, r, strict=True))
            for r in wb["汇总"].iter_rows(min_row=3, values_only=True)}
    again = rows["补报/财政局.xlsx"]
    assert (again["结果"], again["项目资金合计（万元）"], again["项目个数"]) == (
        "可生成", "重复", "重复")
    assert rows["财政局.xlsx"]["项目资金合计（万元）"] == "有错误"
    assert [r[1:] for r in wb["问题清单"].iter_rows(min_row=2, values_only=True)
            if r[3] == "summary-duplicate"] == [
        ("补报/财政局.xlsx", "警告", "summary-duplicate", "部门信息", "B3",
         "与 财政局.xlsx 的年度（2024）和部门名称相同：汇总表中本行的数字写“重复”，按列求和时"
         "这个部门只算 财政局.xlsx 的。请确认用哪一个，把不用的移出汇总的文件夹后重新汇总。")]
    assert "summary-duplicate" not in CliRunner().invoke(main, ["validate", "收件"]).output
    # --ignore drops the warning; the figures still read 重复 (the column's sum is the point)
    result = CliRunner().invoke(main, ["summary", "收件", "--out", "s.xlsx", "--ignore",
                                       "summary-duplicate"])
    assert result.exit_code == 0, result.output
    wb = openpyxl.load_workbook("s.xlsx")
    assert "summary-duplicate" not in {r[3] for r in wb["问题清单"].iter_rows(values_only=True)}
    assert "重复" in {r[9] for r in wb["汇总"].iter_rows(min_row=3, values_only=True)}


@pytest.mark.parametrize(("years", "note"), [
    ([2024, 2024, 2023], ["注意：汇总中的工作簿不是同一个年度的（2023 年度 1 个，2024 年度 2 个），"
                          "按列求和会把几个年度加在一起。不是 2024 年度的如下，如果不该汇总，"
                          "请移出文件夹后重新运行：", "  局2.xlsx：2023 年度"]),
    ([2023, 2024], ["注意：汇总中的工作簿不是同一个年度的（2023 年度 1 个，2024 年度 1 个），"
                    "按列求和会把几个年度加在一起。不是 2024 年度的如下，如果不该汇总，"
                    "请移出文件夹后重新运行：", "  局0.xlsx：2023 年度"]),
    ([2024, 2024], []),
], ids=["last-year-sent-again", "tie-the-later", "one-year"])
def test_workbooks_of_another_year_are_named(tmp_path: Path, monkeypatch, years: list[int],
                                             note: list[str]) -> None:
    """Last year's workbook sent again sits among this year's: its money would be summed
    with theirs. The screen says so before the counts and names it."""
    monkeypatch.chdir(tmp_path)
    for i, year in enumerate(years):
        book(Path(f"收件/局{i}.xlsx"), f"局{i}", year)
    result = CliRunner().invoke(main, ["summary", "收件", "--out", "s.xlsx"])
    assert result.exit_code == 0, result.output
    assert result.output.splitlines()[:-1] == note


def test_a_workbook_mailed_zipped_is_not_missing_unseen(tmp_path: Path, monkeypatch) -> None:
    """A department sent its workbook as 信访局.zip: it is not read, so the department is
    not in the 汇总; the screen says so and to unzip it first."""
    monkeypatch.chdir(tmp_path)
    book(Path("收件/水务局.xlsx"), "水务局", 2024)
    Path("收件/街道").mkdir()
    for name in ("收件/街道/信访局.zip", "收件/民政局.RAR"):
        Path(name).write_bytes(b"PK\x05\x06" + b"\0" * 18)
    result = CliRunner().invoke(main, ["summary", "收件", "--out", "s.xlsx"])
    assert result.exit_code == 0, result.output
    assert ("注意：文件夹中有 2 个压缩包（民政局.RAR、信访局.zip），其中的工作簿没有汇总。"
            "如果部门把工作簿压缩后发来，请先解压到这个文件夹中再运行。") in result.output
    Path("收件/民政局.RAR").unlink()
    Path("收件/街道/信访局.zip").unlink()
    assert "压缩包" not in CliRunner().invoke(main, ["summary", "收件", "--out", "s.xlsx"]).output


def test_the_zips_build_bundle_made_are_not_called_unread_workbooks(
        tmp_path: Path, monkeypatch) -> None:
    """``cd 2024 && xlgen build . --bundle`` then ``xlgen summary .``: each department's
    预算绩效文书.zip in outputs/ was called a zip whose workbooks were not summarised, “请先
    解压”. They hold documents, not workbooks: only a zip a department mailed is named.
    (Hidden .xlgen-* files and xlgen's documents are not counted either.)"""
    monkeypatch.chdir(tmp_path)
    book(Path("水务局.xlsx"), "水务局", 2024)
    assert CliRunner().invoke(main, ["build", ".", "--bundle"]).exit_code == 0
    assert list(Path("outputs").rglob("*预算绩效文书.zip"))
    Path("信访局.zip").write_bytes(b"PK\x05\x06" + b"\0" * 18)
    result = CliRunner().invoke(main, ["summary", "."])
    assert result.exit_code == 0, result.output
    assert "注意：文件夹中有 1 个压缩包（信访局.zip），其中的工作簿没有汇总。" in result.output
    assert "1 个工作簿" in result.output


def test_each_result_prints_on_one_line(tmp_path: Path, monkeypatch) -> None:
    """无法读取 in a 7-wide 结果 wrapped as 无法读/取 (its row reserved two lines): the column
    holds each result on one line, and the row of an unreadable file is one line tall."""
    from xlgen.output.summary import FONT_SIZE
    from xlgen.render import text_height, text_lines

    monkeypatch.chdir(tmp_path)
    inbox_with_errors(Path("收件/民政局.xlsx"))
    assert CliRunner().invoke(main, ["summary", "收件", "--out", "s.xlsx"]).exit_code == 0
    ws = openpyxl.load_workbook("s.xlsx")["汇总"]
    column = [c.value for c in ws[2]].index("结果")
    width = ws.column_dimensions[openpyxl.utils.get_column_letter(column + 1)].width
    results = {r[column].value: r[column].row for r in ws.iter_rows(min_row=3)}
    assert set(results) == {"无法读取", "有错误", "可生成"}
    assert {v: text_lines(v, width, FONT_SIZE) for v in results} == dict.fromkeys(results, 1)
    assert ws.row_dimensions[results["无法读取"]].height == pytest.approx(
        text_height("一", 9, FONT_SIZE), abs=1)
