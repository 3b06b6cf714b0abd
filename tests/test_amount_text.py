"""Amount text as a clerk types it: what is read, what is refused, and what the message says.

A space inside a number (``3 20``), a 。 for the point or commas not every three digits are
never read as some other number; ``-`` or ``无`` for "none" is told what to type instead;
a value is quoted as Excel shows it (``TRUE``, ``1000000000000000``, ``2023-01-01``).
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from pathlib import Path

import pytest
from workbooks import write_book

from xlgen.api import check_workbook
from xlgen.money import parse_amount
from xlgen.shown import shown
from xlgen.workbook.cells import CellError, to_integer, to_rate, to_score

# Every spelling of an amount that is read, and the number it is read as.
ACCEPTED = [
    ("15608", "15608"), ("61.75", "61.75"), (".5", "0.5"), ("+5", "5"), ("-356.04", "-356.04"),
    ("−5", "-5"),  # U+2212 minus
    ("15,608.00", "15608.00"), ("1,234,567", "1234567"),
    ("1，234.50", "1234.50"),  # full-width comma
    ("１５６０８", "15608"), ("１５，６０８．００", "15608.00"),  # full-width digits and point
    (" 61.75 ", "61.75"), ("\u300061.75\u3000", "61.75"), ("\xa061.75", "61.75"),  # ends
    ("61.75\r\n", "61.75"),  # a line break after it (Alt+Enter, a copied table row)
    # characters no one sees, pasted from a web page or WeChat, anywhere in the number
    ("2120\u200b", "2120"), ("\ufeff15508", "15508"), ("12\u200d34", "1234"),
    ("\u20601,234.50\u00ad", "1234.50"), ("\u200e-5", "-5"),
]

# Spellings refused, each with what its message must say.
REFUSED = [
    ("3 20", ["“3 20”", "数字中间有空格", "320 还是 3.20", "程序不猜"]),
    ("1 234.50", ["“1 234.50”", "数字中间有空格", "1234.50 还是几个数", "1,234.50"]),
    ("1, 234", ["数字中间有空格"]),
    ("- 5", ["数字中间有空格"]),
    ("3\u300020", ["数字中间有空格"]),  # a full-width space
    ("3。20", ["“3。20”", "“。”是句号", "请改为 3.20"]),
    ("1,2,3", ["“1,2,3”", "逗号只能用作千位分隔"]),
    ("12,34", ["逗号只能用作千位分隔"]),
    ("约60", ["“约60”", "不要带“万”“约”“元”"]),
    ("61.75万", ["本工作簿的金额单位是“万元”", "61.75万 请填 61.75"]),
    ("3\n20", ["数字中间有换行", "320 还是 3.20", "程序不猜"]),  # Alt+Enter inside it
    # pasted from elsewhere: what it is and the exact figure to type, never read as it
    ("1.2E+05", ["科学计数法", "即 120000。请改为 120000"]),
    ("5e-3", ["科学计数法", "请改为 0.005"]),
    ("(1,234.50)", ["括号在会计格式中表示负数", "请填 -1,234.50", "只填 1,234.50"]),
    ("（1,234）", ["括号在会计格式中表示负数", "请填 -1,234"]),
    ("(0.00)", ["请去掉括号，只填 0.00。"]),  # no "-0.00" to type
    ("“123”", ["数字两边有引号", "只填 123"]), ('"61.75"', ["只填 61.75"]),
    ("–20", ["“–”是破折号或连接号", "请填 -20", "只填 20"]),  # an en dash, as Word makes it
    ("— 1,234.50", ["“—”是破折号或连接号", "请填 -1,234.50"]), ("‐5", ["请填 -5"]),
    ("〇", ["“〇”是汉字，不是数字 0：请填 0"]),
    ("2023-12-31", ["这是日期，不是数字"]), ("2023年12月31日", ["这是日期"]),
    ("2023/12", ["这是日期"]), ("12月31日", ["这是日期"]), ("2023年", ["这是日期"]),
    ("一百二十", ["汉字数字", "阿拉伯数字"]),
    ("123万元", ["123万元 请填 123。"]), ("123.5 万", ["123.5万 请填 123.5。"]),
    ("1.5亿元", ["1.5亿元 请填 15000。"]), ("12千元", ["12千元 请填 1.2。"]),
    ("¥1,234", ["请去掉“¥”", "如果是元，应填 0.1234", "如果已是万元，填 1,234"]),
    ("￥1,234", ["请去掉“¥”"]),
    ("1e99", ["不要带“万”“约”“元”"]),  # not spelt out in a hundred digits
    ("$1,234", ["不要带“万”“约”“元”"]),  # dollars: no figure in 元 offered
    ("5.", ["数字以小数点结尾", "如果是 5，请改为 5；"]), ("1,234．", ["请改为 1,234；"]),
    ("1.234,50", ["欧洲写法", "如果是 1234.50，请改为 1234.50。"]),  # from a German PDF
    ("1.234.567", ["欧洲写法", "请改为 1234567。"]),
    ("1.234,567", ["逗号只能用作千位分隔", "程序不猜"]),  # 1234.567 or 1,234,567?
    ("-¥20", ["请去掉“¥”", "-20 如果是元，应填 -0.002", "如果已是万元，填 -20。"]),
    ("¥-20", ["请去掉“¥”", "如果已是万元，填 -20。"]), ("-¥20万", ["-¥20万 请填 -20。"]),
    # digits that are not 0-9 (Arabic-Indic, Persian, Devanagari; circled, superscript)
    ("٣", ["阿拉伯文等外文的数字", "如果是 3，请改为 3（"]),
    ("١,٢٣٤.٥٠", ["如果是 1,234.50，请改为 1,234.50（"]), ("۳۰۰", ["请改为 300（"]),
    ("३००", ["请改为 300（"]), ("①", ["“①”是带圈、上标等数字符号", "只用键盘上的 0–9"]),
    ("10²", ["“²”是带圈、上标等数字符号"]),  # NFKC would read 102
]


@pytest.mark.parametrize(("text", "number"), ACCEPTED)
def test_accepted_spellings(text: str, number: str) -> None:
    assert parse_amount(text) == Decimal(number)


@pytest.mark.parametrize("text", [t for t, _ in REFUSED])
def test_refused_spellings(text: str) -> None:
    with pytest.raises(ValueError):
        parse_amount(text)


PROJ_HEAD = ["项目名称", "财政拨款", "财政专户拨款", "其他资金", "绩效目标", "预算调整", "实际支出"]


def messages(tmp_path: Path, sheets: dict) -> dict[str, str]:
    """``{"sheet!cell": message}`` of the bad-amount problems of a workbook."""
    _, report = check_workbook(write_book(tmp_path / "测试局.xlsx", sheets))
    return {p.where: p.message for p in report.problems if p.code == "bad-amount"}


@pytest.mark.parametrize(("text", "says"), REFUSED)
def test_refused_amount_says_what_was_read_and_what_to_type(tmp_path: Path, text: str,
                                                            says: list[str]) -> None:
    found = messages(tmp_path, {"项目": [PROJ_HEAD, ["甲", text, "", "", "目标"]]})
    message = found["项目!B2"]
    assert message.startswith("“财政拨款”")
    for part in says:
        assert part in message


YUAN_DEPT = [["字段", "值"], ["年度", 2023], ["部门名称", "测试局"], ["金额单位", "元"]]


@pytest.mark.parametrize(("text", "says"), [
    ("123万元", "123万元 请填 1230000。"), ("61.75万", "61.75万 请填 617500。"),
    ("1.5亿元", "1.5亿元 请填 150000000。"), ("1,234元", "1,234元 请填 1234。"),
    ("¥1,234.50", "请去掉“¥”，只填 1,234.50。"),
])
def test_an_amount_with_its_unit_in_a_yuan_workbook_says_the_figure_in_yuan(
        tmp_path: Path, text: str, says: str) -> None:
    """Told only "不要带万", a clerk would type 123 for 123万 where amounts are in 元."""
    found = messages(tmp_path, {"部门信息": YUAN_DEPT,
                                "项目": [PROJ_HEAD, ["甲", text, "", "", "目标"]]})
    assert "本工作簿的金额单位是“元”" in found["项目!B2"]
    assert says in found["项目!B2"]


NONE_MARKS = ["-", "—", "——", "–", "－", "/", "／", "无", "暂无", "N/A", "\\"]


@pytest.mark.parametrize("mark", NONE_MARKS)
def test_none_in_a_funding_column_says_leave_it_empty(tmp_path: Path, mark: str) -> None:
    """In a project's funding columns an empty cell counts as 0 (domain.md "Identities")."""
    found = messages(tmp_path, {"项目": [PROJ_HEAD, ["甲", 10, mark, "", "目标"]]})
    assert f"却是“{mark}”" in found["项目!C2"]
    assert "没有这项金额请留空或填 0（本列不填即为 0）" in found["项目!C2"]


@pytest.mark.parametrize("mark", ["-", "—", "／", "无"])
def test_none_in_the_budget_form_says_zero_or_not_filled(tmp_path: Path, mark: str) -> None:
    """In the 预算 form an empty cell is "not filled", not 0: the message says so."""
    found = messages(tmp_path, {"预算": [["字段", "值"], ["项目支出", mark]]})
    message = found["预算!B2"]
    assert "金额为零请填 0" in message and "留空表示“未填写”，不按 0 计算" in message
    assert "留空或填 0" not in message


def test_none_in_the_adjustment_means_no_adjustment(tmp_path: Path) -> None:
    found = messages(tmp_path, {"项目": [PROJ_HEAD, ["甲", 10, "", "", "目标", "—"]]})
    assert "没有这项金额请留空或填 0" in found["项目!F2"]


@pytest.mark.parametrize(("value", "quoted"), [
    (True, "TRUE"), (False, "FALSE"), (1e15, "1000000000000000"), (1e20, "100000000000000000000"),
    (0.1 + 0.2, "0.3"), (22.0, "22"), (1 / 3, "0.333333333333333"),
    (Decimal("1E+15"), "1000000000000000"), (Decimal("99.50"), "99.50"),
    (dt.datetime(2023, 1, 1), "2023-01-01"), (dt.datetime(2023, 1, 1, 10, 30), "2023-01-01 10:30"),
    (dt.date(2023, 6, 30), "2023-06-30"), (dt.time(8, 0), "08:00"), ("约60", "约60"),
    ("字" * 41, "字" * 40 + "…"), (float("inf"), "inf"),
])
def test_values_are_quoted_as_excel_shows_them(value: object, quoted: str) -> None:
    assert shown(value) == quoted


@pytest.mark.parametrize(("value", "quoted"), [
    (True, "却是“TRUE”"), (dt.datetime(2023, 1, 1), "单元格却是日期 2023年1月1日（"),
    (1e15, "金额 1000000000000000 有 16 位以上数字"),
])
def test_messages_quote_values_as_excel_shows_them(tmp_path: Path, value: object,
                                                   quoted: str) -> None:
    found = messages(tmp_path, {"项目": [PROJ_HEAD, ["甲", value, "", "", "目标"]]})
    assert quoted in found["项目!B2"]
    assert "True" not in found["项目!B2"] and "e+" not in found["项目!B2"]
    assert "00:00:00" not in found["项目!B2"]


def test_a_score_over_its_weight_is_quoted_as_typed(tmp_path: Path) -> None:
    head = ["项目名称", "一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值",
            "得分"]
    sheets = {"项目": [PROJ_HEAD, ["甲", 10, "", "", "目标"]],
              "项目绩效指标": [head, ["甲", "产出指标", "数量指标", "台数", "≥5台", "5台",
                                  10.0, 1e15]]}
    _, report = check_workbook(write_book(tmp_path / "测试局.xlsx", sheets))
    [message] = [p.message for p in report.problems if p.code == "score-over-weight"]
    assert "得分 1000000000000000 超过分值 10，" in message


@pytest.mark.parametrize(("sheets", "where", "code"), [
    ({"部门信息": [["字段", "值"], ["年度", 2023], ["部门名称", "测试局"],
                 ["财政供养人员数", "3 3"]]},
     "部门信息!B4", "bad-integer"),
    ({"项目": [PROJ_HEAD + ["执行率"], ["甲", 10, "", "", "目标", None, 9, "9 0%"]]},
     "项目!H2", "bad-rate"),
    ({"项目": [PROJ_HEAD + ["执行率"], ["甲", 10, "", "", "目标", None, 9, "0 .9"]]},
     "项目!H2", "bad-rate"),
    ({"项目": [PROJ_HEAD, ["甲", 10, "", "", "目标"]],
      "项目绩效指标": [["项目名称", "一级指标", "二级指标", "三级指标", "年度指标值", "分值"],
                   ["甲", "产出指标", "数量指标", "台数", "≥5台", "1 0"]]},
     "项目绩效指标!F2", "bad-score"),
])
def test_scores_counts_and_rates_with_a_space_inside(tmp_path: Path, sheets: dict, where: str,
                                                     code: str) -> None:
    _, report = check_workbook(write_book(tmp_path / "测试局.xlsx", sheets))
    [message] = [p.message for p in report.problems if p.where == where]
    assert [p.code for p in report.problems if p.where == where] == [code]
    assert "数字中间有空格" in message and "程序不猜" in message


IND_HEAD = ["项目名称", "一级指标", "二级指标", "三级指标", "年度指标值", "分值", "得分"]


@pytest.mark.parametrize(("sheets", "where", "code"), [
    ({"部门信息": [["字段", "值"], ["年度", 2023], ["部门名称", "测试局"],
                 ["财政供养人员数", "—"]]}, "部门信息!B4", "bad-integer"),
    ({"项目": [PROJ_HEAD + ["执行率"], ["甲", 10, "", "", "目标", None, 9, "/"]]},
     "项目!H2", "bad-rate"),
    ({"项目": [PROJ_HEAD, ["甲", 10, "", "", "目标"]],
      "项目绩效指标": [IND_HEAD, ["甲", "产出指标", "数量指标", "台数", "≥5台", "-", ""]]},
     "项目绩效指标!F2", "bad-score"),
    ({"项目": [PROJ_HEAD, ["甲", 10, "", "", "目标"]],
      "项目绩效指标": [IND_HEAD, ["甲", "产出指标", "数量指标", "台数", "≥5台", 10, "无"]]},
     "项目绩效指标!G2", "bad-score"),
])
def test_none_in_a_score_count_or_rate_says_leave_it_empty(tmp_path: Path, sheets: dict,
                                                           where: str, code: str) -> None:
    _, report = check_workbook(write_book(tmp_path / "测试局.xlsx", sheets))
    [problem] = [p for p in report.problems if p.where == where]
    assert problem.code == code
    assert "这不是数字：请填数字，没有就留空。" in problem.message, problem.message


@pytest.mark.parametrize("read", [to_score, to_integer, to_rate])
@pytest.mark.parametrize(("text", "says"), [
    ("٣", "如果是 3，请改为 3（"), ("١٢", "如果是 12，请改为 12（"), ("①", "“①”是带圈"),
])
def test_scores_counts_and_rates_in_other_digits_are_refused(read, text: str, says: str) -> None:
    """Python reads ٣ as 3 (``Decimal``, ``\\d``): a clerk's workbook does not."""
    with pytest.raises(CellError, match=re.escape(says)):
        read(text)
    with pytest.raises(CellError, match=re.escape(says)):
        read(text + "%") if read is to_rate else read(" " + text)


@pytest.mark.parametrize(("value", "serial"), [
    (dt.datetime(1905, 7, 16), "2024"),  # 2024 in a date-formatted cell
    (dt.datetime(1900, 1, 12), "12"),  # before the phantom 29 Feb 1900: counted from 31 Dec
    (dt.datetime(1900, 3, 1), "61"),
])
def test_a_number_shown_as_a_date_is_quoted_as_its_number(value: dt.datetime,
                                                           serial: str) -> None:
    from xlgen.workbook.cells import date_slip
    from xlgen.workbook.numfmt import serial_to_datetime

    assert serial_to_datetime(float(serial)) == value  # the reader's date for that number
    assert f"单元格中的数是 {serial}，只是设成了日期格式" in (date_slip(value) or "")
