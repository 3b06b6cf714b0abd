"""What a tester acting as a clerk found in a whole year with the installed bundle (third
round): each case builds a folder in code, runs a command through CliRunner and checks the
exit code and what is (and is never) said."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest
from test_cli_clerk import Case, check, dept, indicators, run
from test_validate import IND_HEAD, PROJ_HEAD, full_indicators
from workbooks import write_book

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(autouse=True)
def shipped_templates(monkeypatch):
    monkeypatch.setenv("XLGEN_TEMPLATES", str(ROOT / "templates"))


def without(head: list[str], rows: list[list], column: str) -> list[list]:
    """``[head, *rows]`` with ``column`` deleted, as a clerk deletes a column in Excel."""
    i = head.index(column)
    return [[*r[:i], *r[i + 1:]] for r in [head, *rows]]


# -- 1. a deleted column: every row read blank, amounts 0, and not a word of it ----------------

def no_fiscal_column(tmp: Path) -> None:
    (tmp / "2023").mkdir()
    write_book(tmp / "2023" / "某局.xlsx", {
        "部门信息": dept("某局"),
        "项目": without(PROJ_HEAD, [["项目01", "", 300, 0, 20]], "财政拨款"),
        "项目绩效指标": indicators(["项目01"])})


def no_target_column(tmp: Path) -> None:
    (tmp / "2023").mkdir()
    write_book(tmp / "2023" / "某局.xlsx", {
        "部门信息": dept("某局"), "项目": [PROJ_HEAD, ["项目01", "", 300]],
        "项目绩效指标": without(IND_HEAD, full_indicators("项目01"), "年度指标值")})


def all_columns(tmp: Path) -> None:
    (tmp / "2023").mkdir()
    write_book(tmp / "2023" / "某局.xlsx", {
        "部门信息": dept("某局"), "项目": [PROJ_HEAD, ["项目01", "", 300]],
        "项目绩效指标": indicators(["项目01"])})


ABSENT = {
    "fiscal": Case(no_fiscal_column, ["validate", "{tmp}/2023"], 0,
                   says=["警告  项目           [absent-column]", "本表没有“财政拨款”列",
                         "金额按 0 计算", "请在第 1 行加回列标题“财政拨款”"],
                   count={"absent-column": 1}),
    "annual-value": Case(no_target_column, ["validate", "{tmp}/2023"], 0,
                         says=["警告  项目绩效指标   [absent-column]", "本表没有“年度指标值”列"],
                         never=["金额按 0"], count={"absent-column": 1}),
    "all-there": Case(all_columns, ["validate", "{tmp}/2023"], 0, never=["absent-column"]),
}


@pytest.mark.parametrize("case", ABSENT.values(), ids=list(ABSENT))
def test_a_deleted_column_is_told(case, tmp_path):
    check(case, tmp_path)


# -- 2. a cell with an error is not also "not filled" -------------------------------------------

def formula_cells(tmp: Path) -> None:
    """Formulas with no saved result (a row pasted from another workbook) where a clerk's
    text or figure goes: each is one error, never also a warning that the cell is empty."""
    (tmp / "2023").mkdir()
    rows = full_indicators("项目01")
    head = [*IND_HEAD, "实际完成值", "分值", "得分"]
    write_book(tmp / "2023" / "某局.xlsx", {
        "部门信息": dept("某局"),
        "项目": [[*PROJ_HEAD], ["项目01", "", 300, 0, 0, "目标", 0, 290]],
        "项目绩效指标": [head, [*rows[0], "=B9"], *[[*r, r[5]] for r in rows[1:]]],
        "部门绩效指标": [head[1:], ["产出指标", "数量指标", "件数", "10件", "10件", "=C1", 50],
                   ["效益指标", "社会效益指标", "效益", "提升", "提升", "有所提升", 50, 50]],
        "管理效率指标": [["二级指标", "三级指标", "分值", "得分"], ["预算管理", "执行", 100, 100]],
        "自评报告": [["字段", "值"], ["年初预算数", 300], ["全年执行数", 290],
                 ["部门职责", "=A1"], ["机构设置", None], ["年度总体工作", "工作"],
                 ["绩效管理情况", "管理"], ["主要工作成效", "成效"], ["存在的主要问题", "问题"],
                 ["下一步改进措施", "=A2"]],
    })


def test_a_formula_cell_is_one_error_not_also_empty(tmp_path):
    out = check(Case(formula_cells, ["validate", "{tmp}/2023"], 1,
                     says=["项目绩效指标!G2 [formula-no-value]",
                           "部门绩效指标!F2 [formula-no-value]",
                           "自评报告!B4    [formula-no-value]",
                           "自评报告!B10   [formula-no-value]"],
                     never=["report-empty-section", "selfeval-unscored", "未填", "[unscored]",
                            "report-score-unknown"]),
                tmp_path)
    assert out.count("[formula-no-value]") == 4, out


# -- 3. a project indicator's blank 分值 is its share, not "no 分值" -----------------------------

def scores_without_weights(tmp: Path) -> None:
    (tmp / "2023").mkdir()
    head = [*IND_HEAD, "实际完成值", "分值", "得分"]
    rows = [[*r, r[5]] for r in full_indicators("项目01")]
    rows[0] += [None, 10]  # 得分 10 of a 分值 it shares with the other 产出指标: 50 / 3
    write_book(tmp / "2023" / "某局.xlsx", {
        "部门信息": dept("某局"),
        "项目": [PROJ_HEAD, ["项目01", "", 300, 0, 0, "目标", 0, 290]],
        "项目绩效指标": [head, *rows],
        "部门绩效指标": [head[1:],
                   ["产出指标", "数量指标", "件数", "10件", "10件", "10件", None, 50]],
    })


def test_a_project_indicators_blank_weight_is_its_share(tmp_path):
    out = check(Case(scores_without_weights, ["validate", "{tmp}/2023"], 0,
                     says=["部门绩效指标!G2 [score-without-weight]",
                           "“件数”填了得分却没有分值：请在“分值”列填写它的分值。",
                           "得分 10.00 低于分值 16.67"],
                     count={"score-without-weight": 1}),
                tmp_path)
    assert "“工作天数”填了得分却没有分值" not in out


# -- 4. last year's dates carried into the new year's targets -----------------------------------

def last_years_book(tmp: Path) -> None:
    rows = full_indicators("项目01")
    rows[1][4:6] = ["2023年12月31日前", "2023年12月31日前"]  # 时效指标
    rows[0][4:6] = ["2023-2025年共66天", "22天"]  # a span: not a date of a year gone by
    (tmp / "2023").mkdir()
    write_book(tmp / "2023" / "某局.xlsx", {
        "部门信息": dept("某局"), "项目": [PROJ_HEAD, ["项目01", "", 300]],
        "项目绩效指标": [IND_HEAD, *rows]})


def init_from_then_validate(tmp: Path) -> None:
    last_years_book(tmp)
    assert run(tmp, ["init", "--from", "{tmp}/2023/某局.xlsx", "{tmp}/2024/某局.xlsx"]
               ).exit_code == 0


PAST = {
    "after-init-from": Case(
        init_from_then_validate, ["validate", "{tmp}/2024"], 0,
        says=["项目绩效指标!F3 [past-year-target]",
              "项目“项目01”的“发放时间”年度指标值“2023年12月31日前”写的是 2023 年的日期，而本"
              "工作簿是 2024 年度", "请改为 2024 年的日期。"],
        count={"past-year-target": 1}, never=["qualitative-target"]),
    "its-own-year": Case(last_years_book, ["validate", "{tmp}/2023"], 0,
                         never=["past-year-target"]),
}


@pytest.mark.parametrize("case", PAST.values(), ids=list(PAST))
def test_a_date_of_last_year_in_a_target_is_told(case, tmp_path):
    check(case, tmp_path)


# -- 5. a workbook open in Excel/WPS, and its lock file named instead of it ---------------------

def open_in_excel(tmp: Path) -> None:
    all_columns(tmp)
    (tmp / "2023" / "~$某局.xlsx").write_bytes(b"\x05clerk" + b"\x00" * 40)


OPEN = {
    "folder": Case(open_in_excel, ["validate", "{tmp}/2023"], 0,
                   says=["注意：某局.xlsx 可能正在 Excel、WPS 或 LibreOffice 中打开（旁边有临时"
                         "文件 ~$某局.xlsx）", "还没有保存的修改读不到", "0 个错误"],
                   count={"注意：": 1}),
    "build": Case(open_in_excel, ["build", "{tmp}/2023", "--out", "{tmp}/out"], 0,
                  says=["注意：某局.xlsx 可能正在", "已生成"]),
    "lock-named": Case(open_in_excel, ["validate", "{tmp}/2023/~$某局.xlsx"], 2,
                       says=["~$某局.xlsx 是 Excel 或 WPS 打开工作簿时留下的临时文件，不是工作簿。"
                             "请写工作簿本身：", "2023/某局.xlsx"],
                       never=["文本文件", "CSV"]),
    "closed": Case(all_columns, ["validate", "{tmp}/2023"], 0, never=["注意："]),
}


@pytest.mark.parametrize("case", OPEN.values(), ids=list(OPEN))
def test_a_workbook_open_in_excel_is_said(case, tmp_path):
    check(case, tmp_path)


# -- 6. a 预算 form not begun: once "是空的", not eight "未填写" -----------------------------------

def blank_budget(tmp: Path) -> None:
    (tmp / "2023").mkdir()
    labels = [["字段", "值"], *[[label, None] for label in (
        "基本支出", "项目支出", "财政专项资金", "其他事业发展性支出", "财政拨款", "其他资金",
        "本级使用资金", "拟用于对下转移支付资金")]]
    write_book(tmp / "2023" / "某局.xlsx", {
        "部门信息": dept("某局"), "预算": labels, "项目": [PROJ_HEAD, ["项目01", "", 300]],
        "项目绩效指标": indicators(["项目01"])})


def half_budget(tmp: Path) -> None:
    (tmp / "2023").mkdir()
    write_book(tmp / "2023" / "某局.xlsx", {
        "部门信息": dept("某局"), "预算": [["字段", "值"], ["基本支出", 100], ["项目支出", None]],
        "项目": [PROJ_HEAD, ["项目01", "", 300]], "项目绩效指标": indicators(["项目01"])})


BLANK = {
    "init": Case(lambda tmp: run(tmp, ["init", "{tmp}/2024/某局.xlsx"]),
                 ["validate", "{tmp}/2024"], 1,
                 says=["“预算”表是空的（没有填写内容）"], never=["blank-amount"]),
    "not-begun": Case(blank_budget, ["validate", "{tmp}/2023"], 0,
                      says=["未生成 部门整体预算绩效目标申报表：“预算”表是空的（没有填写内容）"],
                      never=["blank-amount"]),
    "begun": Case(half_budget, ["validate", "{tmp}/2023"], 0,
                  says=["预算!B3        [blank-amount]  “项目支出”未填写"]),
}


@pytest.mark.parametrize("case", BLANK.values(), ids=list(BLANK))
def test_a_budget_not_begun_is_said_once(case, tmp_path):
    check(case, tmp_path)


# -- 7. a count typed with its word: say to leave the word out ----------------------------------

def counted_words(tmp: Path) -> None:
    (tmp / "2024").mkdir()
    rows = [r for r in dept("某局", 2024) if r[0] not in ("财政供养人员数", "下属二级单位数")]
    write_book(tmp / "2024" / "某局.xlsx", {
        "部门信息": [[r[0], "2024年度" if r[0] == "年度" else r[1]] for r in rows]
        + [["财政供养人员数", "１２６人"], ["下属二级单位数", "3 个"]],
        "项目": [PROJ_HEAD, ["项目01", "", 300]], "项目绩效指标": indicators(["项目01"])})


def test_a_count_with_its_word_says_to_leave_the_word_out(tmp_path):
    check(Case(counted_words, ["validate", "{tmp}/2024"], 1, says=[
        "“年度”应填写整数，单元格中却是“2024年度”：请只填数字（如 2024），不要带“年度”等文字。",
        "“财政供养人员数”应填写整数，单元格中却是“１２６人”：请只填数字（如 126），不要带“人”",
        "“下属二级单位数”应填写整数，单元格中却是“3 个”：请只填数字（如 3），不要带“个”"],
        never=["不小于"]), tmp_path)


# -- 8. xlgen codes 代码: what one [code] of the report means ------------------------------------

CODES = {
    "one": Case(lambda tmp: None, ["codes", "bad-amount"], 0,
                says=["bad-amount", "错误  金额单元格中不是数字", "处理："],
                never=["missing-level2"]),
    "bracketed": Case(lambda tmp: None, ["codes", "[missing-level2]", "bad-amount"], 0,
                      says=["missing-level2", "bad-amount"], never=["blank-value"]),
    "near-miss": Case(lambda tmp: None, ["codes", "bad-amont"], 2,
                      says=["没有问题代码“bad-amont”。是否应为“bad-amount”？"]),
    "all": Case(lambda tmp: None, ["codes"], 0, says=["bad-amount", "missing-level2"]),
}


@pytest.mark.parametrize("case", CODES.values(), ids=list(CODES))
def test_codes_explains_the_codes_given(case, tmp_path):
    check(case, tmp_path)


def scores_with_words(tmp: Path) -> None:
    (tmp / "2023").mkdir()
    write_book(tmp / "2023" / "某局.xlsx", {
        "部门信息": dept("某局"),
        "项目": [PROJ_HEAD, ["项目01", "", -300]], "项目绩效指标": indicators(["项目01"]),
        "管理效率指标": [["二级指标", "三级指标", "分值", "得分"],
                   ["预算管理", "执行", "22.5分", -1], ["预算管理", "编制", -5, 1]],
        "预算": [["字段", "值"], ["基本支出", -10]]})


def test_a_score_with_its_word_and_a_negative_say_what_to_type(tmp_path):
    check(Case(scores_with_words, ["validate", "{tmp}/2023"], 1, says=[
        "“分值”应填写分数（数字），单元格中却是“22.5分”：请只填数字（如 22.5），不要带“分”等文字。",
        "“得分”分数不能为负数（单元格中是 -1）：请填 0 到分值之间的数。",
        "“财政拨款”金额不能为负数（单元格中是 -300）：请填正数或 0（预算调减填在“预算调整”列）。",
        # a 分值 is not told to stay within itself; a sheet without 预算调整 does not name it
        "“分值”分数不能为负数（单元格中是 -5）：请填 0 或正数。",
        "金额不能为负数（单元格中是 -10）：请填正数或 0。"]),
        tmp_path)


# -- 9. xlgen init outside a year folder: 年度 left blank, said at once ---------------------------

INIT = {
    "no-year": Case(lambda tmp: (tmp / "绩效").mkdir(), ["init", "{tmp}/绩效/某局.xlsx"], 0,
                    says=["已生成", "注意：文件夹“绩效”不是年度（如 2024），“部门信息”中的"
                          "年度空着，请填写；或加 --year 2024 --force 重新生成。"]),
    "year-folder": Case(lambda tmp: None, ["init", "{tmp}/2024/某局.xlsx"], 0,
                        says=["已生成"], never=["注意"]),
    "year-given": Case(lambda tmp: None, ["init", "{tmp}/某局.xlsx", "--year", "2024"], 0,
                       says=["已生成"], never=["注意"]),
}


@pytest.mark.parametrize("case", INIT.values(), ids=list(INIT))
def test_init_says_when_it_leaves_the_year_blank(case, tmp_path):
    check(case, tmp_path)


# -- 10. a deadline is a 时效指标's concrete target -----------------------------------------------

def deadlines(tmp: Path) -> None:
    rows = full_indicators("项目01")
    rows[1][5] = "2023年12月31日前"  # 时效指标
    rows += [["项目01", "产出指标", "时效指标", "验收", "12月底前", "12月底前"],
             ["项目01", "产出指标", "时效指标", "上线", "及时", "及时"],
             ["项目01", "产出指标", "数量指标", "场次", "2023年12月", "2023年12月"]]
    (tmp / "2023").mkdir()
    write_book(tmp / "2023" / "某局.xlsx", {
        "部门信息": dept("某局"), "项目": [PROJ_HEAD, ["项目01", "", 300]],
        "项目绩效指标": [IND_HEAD, *rows]})


def test_a_deadline_is_a_concrete_target(tmp_path):
    check(Case(deadlines, ["validate", "{tmp}/2023"], 0,
               says=["项目绩效指标!F9 [qualitative-target]", "“上线”目标值“及时”无法量化",
                     "项目绩效指标!F10 [qualitative-target]"],
               count={"qualitative-target": 2}), tmp_path)


# -- 11. a number Excel turned into a date ------------------------------------------------------

def dated_numbers(tmp: Path) -> None:
    import datetime as dt

    (tmp / "2024").mkdir()
    path = write_book(tmp / "2024" / "某局.xlsx", {
        "部门信息": dept("某局", 2024),
        "项目": [PROJ_HEAD, ["项目01", "", dt.datetime(2024, 3, 20)]],
        "项目绩效指标": indicators(["项目01"])})
    wb = openpyxl.load_workbook(path)
    wb["项目"]["C2"].number_format = "m/d"
    year = next(r for r in wb["部门信息"].iter_rows() if r[0].value == "年度")[1]
    year.number_format = "yyyy-mm-dd"  # 2024 typed in a date cell: shows 1905-07-16
    wb.save(path)


def test_a_number_excel_made_a_date_says_so(tmp_path):
    check(Case(dated_numbers, ["validate", "{tmp}/2024"], 1, says=[
        "“年度”应填写数字，单元格却是日期 1905年7月16日（单元格中的数是 2024，只是设成了"
        "日期格式；在 Excel/WPS 中输入 3/20、3-20 这样的数会自动变成日期）。请把单元格格式改为"
        "“常规”或“数值”，再重新输入数字。",
        "项目!C2        [bad-amount]  “财政拨款”应填写数字，单元格却是日期 2024年3月20日"
        "（在 Excel/WPS 中输入"], never=["不小于 2000", "不要带“万”"]), tmp_path)


# -- 12. text typed with a leading =: Excel's #NAME? says how to keep it text -------------------

def equals_text(tmp: Path) -> None:
    from test_init_from import with_error_value
    from workbooks import Literal

    (tmp / "2023").mkdir()
    path = write_book(tmp / "2023" / "某局.xlsx", {
        "部门信息": dept("某局"), "项目": [PROJ_HEAD, ["项目01", "", 300, 0, 0, "=保障运行"],
                                       ["项目02", "", 100, 0, 0, "=1/0"],
                                       ["项目03", "", 100, 0, 0, Literal("=保障运行")]],
        "项目绩效指标": indicators(["项目01", "项目02", "项目03"])})
    with_error_value(path, "F2", "#NAME?")
    with_error_value(path, "F3", "#DIV/0!")


def test_text_typed_with_a_leading_equals_sign_says_how_to_keep_it_text(tmp_path):
    out = check(Case(equals_text, ["validate", "{tmp}/2023"], 1, says=[
        "项目!F2        [formula-error]  “绩效目标”显示错误值“#NAME?”（公式无法算出结果，"
        "不能当作空白或 0）。如果要填写的是以“=”“+”“-”“@”开头的文字，请在前面加一个英文"
        "单引号（如 '=热线升级），Excel/WPS 就把它当作文字；否则请修正公式",
        "项目!F3        [formula-error]"],
        count={"[formula-error]": 2}), tmp_path)
    assert out.count("英文单引号") == 1, out


# -- 13. a workbook that now has errors: its last good documents are still there, said so ------

def test_the_last_good_documents_of_a_workbook_now_in_error_are_said(tmp_path):
    import json

    all_columns(tmp_path)
    args = ["build", "{tmp}/2023", "--out", "{tmp}/out"]
    assert run(tmp_path, args).exit_code == 0
    book = tmp_path / "2023" / "某局.xlsx"
    wb = openpyxl.load_workbook(book)
    wb["项目"]["C2"] = "约300"
    wb.save(book)
    out = run(tmp_path, args).output
    assert "有错误，未生成" in out, out
    assert ("注意：输出文件夹中仍是上次生成的 1 份文书（如 " in out
            and "项目支出绩效目标表.xlsx），不含这次的修改，请不要当作这次的结果交出" in out), out
    data = json.loads(run(tmp_path, [*args, "--json"]).output)
    [previous] = data["workbooks"][0]["previous"]
    assert previous.endswith("2023年某局项目支出绩效目标表.xlsx")
    wb["项目"]["C2"] = 300  # put right: built again, nothing to say
    wb.save(book)
    assert "注意" not in run(tmp_path, args).output


# -- 14. a broken xlgen.toml is a file to fix, not a command to retype -------------------------

def broken_config(tmp: Path) -> None:
    all_columns(tmp)
    (tmp / "2023" / "xlgen.toml").write_text('ignore = ["missing-level2"\n', "utf-8")


CONFIG = {cmd: Case(broken_config, args, 2, says=["错误：配置文件", "xlgen.toml", "缺少右方括号 ]"],
                    never=["用法:", "--help"])
          for cmd, args in (("validate", ["validate", "{tmp}/2023"]),
                            ("build", ["build", "{tmp}/2023", "--out", "{tmp}/out"]),
                            ("summary", ["summary", "{tmp}/2023", "--out", "{tmp}/s.xlsx"]))}


@pytest.mark.parametrize("case", CONFIG.values(), ids=list(CONFIG))
def test_a_broken_config_file_shows_no_usage_block(case, tmp_path):
    check(case, tmp_path)
