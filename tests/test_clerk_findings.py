"""What a tester acting as a clerk found (second round): each case builds a folder in code,
runs a command through CliRunner and checks the exit code and what is (and is never) said."""

from __future__ import annotations

import errno
import shutil
from collections.abc import Callable
from pathlib import Path

import docx
import openpyxl
import pytest
from test_cli_clerk import Case, check, dept, run
from test_validate import BUDGET_OK, IND_HEAD, PROJ_HEAD, full_indicators
from test_writes import failing_on
from workbooks import write_book

from xlgen.errors import OutputError
from xlgen.output.atomic import write_atomic

ROOT = Path(__file__).resolve().parent.parent
BUDGET_HEAD = [["字段", "值"]]


@pytest.fixture(autouse=True)
def shipped_templates(monkeypatch):
    monkeypatch.setenv("XLGEN_TEMPLATES", str(ROOT / "templates"))


def summary_row(path: Path) -> dict:
    """The first workbook's row of the 汇总 sheet, by column header."""
    ws = openpyxl.load_workbook(path).worksheets[0]
    head = [c.value for c in ws[2]]
    return dict(zip(head, [c.value for c in ws[3]], strict=True))


# -- 1. an empty table makes no document ------------------------------------------------------

def init_blank(tmp: Path) -> None:
    assert run(tmp, ["init", "{tmp}/2024/某局.xlsx"]).exit_code == 0


def budget_only(tmp: Path) -> None:
    """The budget filled in; 项目 and 项目绩效指标 there with their headers only."""
    (tmp / "2023").mkdir()
    write_book(tmp / "2023" / "某局.xlsx", {"部门信息": dept("某局"), "预算": BUDGET_OK,
                                          "项目": [PROJ_HEAD], "项目绩效指标": [IND_HEAD]})


def projects_blank_budget(tmp: Path) -> None:
    """A 预算 form with its labels and nothing filled, and no 项目 sheets at all."""
    (tmp / "2023").mkdir()
    write_book(tmp / "2023" / "某局.xlsx", {
        "部门信息": dept("某局"), "预算": BUDGET_HEAD + [[row[0], None] for row in BUDGET_OK[1:]]})


EMPTY = {
    "init-validate": Case(init_blank, ["validate", "{tmp}/2024"], 1,
                          says=["[no-documents]", "“预算”表是空的（没有填写内容）",
                                "“项目”“项目绩效指标”表是空的（没有填写内容）"]),
    "init-build": Case(init_blank, ["build", "{tmp}/2024", "--out", "{tmp}/out"], 1,
                       says=["[no-documents]", "有错误，未生成", "还没有填写文书需要的表",
                             "请先用 Excel 或 WPS 填写这些表"],
                       never=["已生成", "完成", "可从 xlgen init 生成的空白工作簿复制"]),
    "init-summary": Case(init_blank, ["summary", "{tmp}/2024", "--out", "{tmp}/s.xlsx"], 0,
                         says=["0 个可生成文书", "1 个有错误"]),
    "tables-empty-build": Case(
        budget_only, ["build", "{tmp}/2023", "--out", "{tmp}/out"], 0,
        says=["部门整体预算绩效目标申报表.xlsx",
              "未生成 项目支出绩效目标表：“项目”“项目绩效指标”表是空的（没有填写内容）"],
        never=["项目支出绩效目标表.xlsx"]),
    "tables-empty-validate": Case(
        budget_only, ["validate", "{tmp}/2023"], 0,
        says=["未生成 项目支出绩效目标表：“项目”“项目绩效指标”表是空的（没有填写内容）"]),
    "budget-empty": Case(
        projects_blank_budget, ["build", "{tmp}/2023", "--out", "{tmp}/out"], 1,
        says=["“部门整体预算绩效目标申报表”：“预算”表是空的（没有填写内容）",
              "“项目支出绩效目标表”：缺少工作表“项目”“项目绩效指标”或该表是空的"],
        never=["已生成"]),
}


@pytest.mark.parametrize("case", EMPTY.values(), ids=EMPTY.keys())
def test_an_empty_table_makes_no_document(case, tmp_path):
    check(case, tmp_path)
    if case.exit_code:
        assert not list(tmp_path.glob("out/**/*.xlsx"))


def test_validate_build_and_summary_agree_on_the_documents(tmp_path):
    budget_only(tmp_path)
    run(tmp_path, ["build", "{tmp}/2023", "--out", "{tmp}/out"])
    made = sorted(p.name for p in tmp_path.glob("out/**/*.xlsx"))
    assert made == ["2023年某局部门整体预算绩效目标申报表.xlsx"]
    assert run(tmp_path, ["summary", "{tmp}/2023", "--out", "{tmp}/s.xlsx"]).exit_code == 0
    row = summary_row(tmp_path / "s.xlsx")
    assert row["可生成的文书"] == "部门整体预算绩效目标申报表"

# -- 2. a very long 部门名称: the document properties are cut, never the documents ------------

LONG_NAME = "某区" + "政务服务数据管理" * 33 + "局"  # 267 characters


def long_name_book(tmp: Path) -> None:
    wb = openpyxl.load_workbook(next((ROOT / "inputs" / "示例").glob("*.xlsx")))
    for label, value in wb["部门信息"].iter_rows(max_col=2):
        if label.value == "部门名称":
            value.value = LONG_NAME
    (tmp / "in").mkdir()
    wb.save(tmp / "in" / "长.xlsx")


def test_a_long_department_name_builds_every_document(tmp_path):
    case = Case(long_name_book, ["build", "{tmp}/in", "--out", "{tmp}/out"], 0,
                says=["完成"], never=["internal-error", "ValueError"])
    check(case, tmp_path)
    [report] = tmp_path.glob("out/*/*.docx")
    document = docx.Document(str(report))
    title = document.core_properties.title
    assert len(title) == 255 and title.endswith("…") and title.startswith("2023年某区政务")
    text = "".join(p.text for p in document.paragraphs)
    assert LONG_NAME in text  # the document itself prints the name whole
    sheets = sorted(tmp_path.glob("out/*/*.xlsx"))
    assert len(sheets) == 3
    for path in sheets:
        assert len(openpyxl.load_workbook(path).properties.title) == 255


@pytest.mark.parametrize(("dept", "title"), [
    ("某局", "2024年某局项目支出绩效目标表"),
    ("局" * 240, "2024年" + "局" * 240 + "项目支出绩效目标表"),  # 254 characters: whole
    ("局" * 241, "2024年" + "局" * 241 + "项目支出绩效目标表"),  # 255: whole
    ("局" * 242, "2024年" + "局" * 242 + "项目支出绩效目…"),  # 256: cut to 255
])
def test_document_title_is_at_most_255_characters(dept, title):
    from xlgen.render import load_manifest

    [doc] = [d for d in load_manifest(ROOT / "templates") if d.name == "项目支出绩效目标表"]
    assert doc.title(2024, dept) == title

# -- 3. exit codes: the clerk's command errors are 2 ------------------------------------------

SET_TYPO = "是否应为“市级”？模板套有：区级、市级"
EXIT_CODES = {
    "build-set-typo": Case(budget_only, ["build", "{tmp}/2023", "--templates", "省级",
                                         "--out", "{tmp}/out"], 2,
                           says=["“省级”", SET_TYPO], never=["模板问题", "模板维护"]),
    "validate-set-typo": Case(budget_only, ["validate", "{tmp}/2023", "--templates", "省级"], 2,
                              says=[SET_TYPO], never=["模板问题"]),
    "summary-set-typo": Case(budget_only, ["summary", "{tmp}/2023", "--templates", "省级",
                                           "--out", "{tmp}/s.xlsx"], 2, says=[SET_TYPO]),
    "templates-list-set-typo": Case(budget_only, ["templates", "list", "--templates", "省级"],
                                    2, says=[SET_TYPO]),
    "templates-check-set-typo": Case(budget_only, ["templates", "check", "--templates", "省级"],
                                     2, says=[SET_TYPO]),
    "set-far-off": Case(budget_only, ["validate", "{tmp}/2023", "--templates", "甲乙丙"], 2,
                        says=["“甲乙丙”：没有这个模板套", "模板套有：区级、市级"],
                        never=["是否应为"]),
    "set-right": Case(budget_only, ["validate", "{tmp}/2023", "--templates", "市级"], 0),
    "init-exists": Case(init_blank, ["init", "{tmp}/2024/某局.xlsx"], 2,
                        says=["已存在，未覆盖", "--force"]),
    "init-force": Case(init_blank, ["init", "{tmp}/2024/某局.xlsx", "--force"], 0),
    "export-not-empty": Case(init_blank, ["templates", "export", "{tmp}/2024"], 2,
                             says=["已存在且不是空文件夹"]),
}


@pytest.mark.parametrize("case", EXIT_CODES.values(), ids=EXIT_CODES.keys())
def test_command_errors_exit_2(case, tmp_path):
    check(case, tmp_path)


# -- 4. an output folder that cannot be written: a Chinese reason, not the workbook's fault ----

def out_under_a_file(tmp: Path) -> None:
    budget_only(tmp)
    (tmp / "afile").write_text("x")


def test_an_unwritable_output_folder_is_not_the_workbooks_error(tmp_path):
    case = Case(out_under_a_file, ["build", "{tmp}/2023", "--out", "{tmp}/afile/out"], 1,
                says=["（输出文件）", "[write-failed]", "afile 是一个文件，不是文件夹",
                      "这是输出文件夹的问题，不是输入工作簿的问题", "无法写入，未生成",
                      "0 个有错误，1 个无法写入输出文件夹", "本身没有问题"],
                never=["（整个文件）", "Not a directory", "有错误，未生成"])
    check(case, tmp_path)


@pytest.mark.parametrize(("error", "reason"), [
    (OSError(errno.ENOTDIR, "Not a directory"), "afile 是一个文件，不是文件夹"),  # afile/sub/
    (OSError(errno.EEXIST, "File exists"), "afile 是一个文件，不是文件夹"),  # afile/a.xlsx
    (PermissionError(errno.EACCES, "Permission denied"), "没有写入权限"),
    (OSError(errno.ENOSPC, "No space left on device"), "磁盘空间不足"),
    (OSError(errno.EROFS, "Read-only file system"), "磁盘或文件夹是只读的"),
    (OSError(errno.EBUSY, "Device or resource busy"), "文件正在被其他程序使用"),
    (OSError(errno.ETXTBSY, "Text file busy"), "文件正在被其他程序使用"),
    (OSError(errno.EISDIR, "Is a directory"), "已有同名的文件夹"),
], ids=["not-a-directory", "file-exists", "permission", "no-space", "read-only", "busy",
        "text-busy", "is-a-directory"])
def test_a_write_failure_says_why_in_chinese(error, reason, tmp_path, monkeypatch):
    (tmp_path / "afile").write_text("x")  # a file where the output wants a folder
    target = {errno.ENOTDIR: "afile/sub/a.xlsx", errno.EEXIST: "afile/a.xlsx"}.get(
        error.errno, "a.xlsx")  # the system raises those two itself, the others are faked
    failing_on(monkeypatch, "replace", 1, error)
    with pytest.raises(OutputError) as raised:
        write_atomic(tmp_path / target, b"data")
    message = str(raised.value)
    assert reason in message, message
    assert error.strerror not in message


def test_a_file_open_on_windows_is_named_in_use():
    error = PermissionError(errno.EACCES, "The process cannot access the file")
    error.winerror = 32  # ERROR_SHARING_VIOLATION
    from xlgen.output.atomic import reason

    assert reason(error).startswith("文件正在被其他程序使用")


def test_the_systems_own_words_end_in_one_full_stop(tmp_path, monkeypatch):
    """A cause with no Chinese sentence of ours is the system's text, whose "。" (a Chinese
    Windows ends it so) the message does not double."""
    import os

    def failing(*args, **kwargs):
        raise OSError(errno.EIO, "磁盘读写出错。")

    monkeypatch.setattr(os, "replace", failing)
    with pytest.raises(OutputError) as raised:
        write_atomic(tmp_path / "a.xlsx", b"data")
    assert "磁盘读写出错。" in str(raised.value) and "。。" not in str(raised.value)


# -- 5. a document xlgen wrote, named as the input: say what that file is ---------------------

def built(tmp: Path) -> None:
    """2023/某局.xlsx, and its documents built into out/."""
    budget_only(tmp)
    assert run(tmp, ["build", "{tmp}/2023", "--out", "{tmp}/out"]).exit_code == 0
    made = next(tmp.glob("out/*/*申报表.xlsx"))
    shutil.copy(made, tmp / "表.xlsx")
    word = docx.Document()  # a Word document of xlgen's: only its creator says so
    word.core_properties.author = "xlgen"
    word.save(str(tmp / "报告.docx"))
    shutil.copy(tmp / "报告.docx", tmp / "x.xlsx")  # renamed


OURS = "是 xlgen 生成的文书"
NAMED = {
    "renamed-docx": Case(built, ["validate", "{tmp}/x.xlsx"], 2,
                         says=["x.xlsx 是 xlgen 生成的文书（Word 文档，只是文件名改成了 .xlsx），"
                               "不是输入工作簿"], never=["没有找到任何输入工作簿"]),
    "docx": Case(built, ["validate", "{tmp}/报告.docx"], 2,
                 says=["报告.docx 是 xlgen 生成的文书（Word 文档），不是输入工作簿"]),
    "xlsx": Case(built, ["build", "{tmp}/表.xlsx", "--out", "{tmp}/o2"], 2,
                 says=["表.xlsx 是 xlgen 生成的文书（Excel 表格），不是输入工作簿"]),
    "with-a-workbook": Case(built, ["validate", "{tmp}/x.xlsx", "{tmp}/2023"], 0,
                            says=["x.xlsx " + OURS, "共检查 1 个工作簿：0 个错误"],
                            count={OURS: 1}),
    "in-a-folder": Case(built, ["validate", "{tmp}/out"], 2,
                        says=["（含子文件夹）中只有 1 个 xlgen 生成的文书，没有输入工作簿"],
                        never=[OURS]),
}


def empty(tmp: Path) -> None:
    (tmp / "空").mkdir()
    (tmp / "文本").mkdir()
    (tmp / "文本" / "说明.txt").write_text("x", "utf-8")


NOTHING = "（含子文件夹）中没有输入工作簿（.xlsx）。请确认选的是放各部门输入工作簿的文件夹"
EMPTY = {  # a clerk drags the wrong folder onto 生成文书.bat: never a blank window
    f"{command}-{folder}": Case(empty, [command, "{tmp}/" + folder], 2,
                                says=[f"/{folder}”" + NOTHING, "xlgen init"])
    for command in ("validate", "build", "summary") for folder in ("空", "文本")
}


@pytest.mark.parametrize("case", EMPTY.values(), ids=EMPTY.keys())
def test_a_folder_with_no_workbook_says_so(case, tmp_path):
    check(case, tmp_path)


@pytest.mark.parametrize("case", NAMED.values(), ids=NAMED.keys())
def test_a_named_document_of_xlgens_is_said_for_what_it_is(case, tmp_path):
    check(case, tmp_path)


USAGE = {  # every exit-2 error reads as click's own do: ``错误：`` and what to do
    "empty-folder": Case(empty, ["build", "{tmp}/空"], 2, says=["错误：没有找到输入工作簿"]),
    "no-such-path": Case(empty, ["validate", "{tmp}/无"], 2, says=["错误：找不到文件或文件夹"]),
    "named-document": Case(built, ["build", "{tmp}/表.xlsx", "--out", "{tmp}/o2"], 2,
                           says=["错误：", "表.xlsx 是 xlgen 生成的文书"]),
    "init-from-document": Case(built, ["init", "--from", "{tmp}/表.xlsx", "{tmp}/新.xlsx"], 2,
                               says=["错误："]),
    "bad-option": Case(empty, ["build", "{tmp}/空", "--jbos", "2"], 2, says=["错误：没有选项"]),
    "templates-check-set": Case(empty, ["templates", "check", "--templates", "省级"], 2,
                                says=["错误：--templates “省级”"], never=["用法:"]),  # as build
}


@pytest.mark.parametrize("case", USAGE.values(), ids=USAGE.keys())
def test_every_command_line_error_starts_alike(case, tmp_path):
    first = check(case, tmp_path).splitlines()[0]
    assert first.startswith(("错误：", "用法:")), first


def name_with_a_break(tmp: Path) -> None:
    (tmp / "2023").mkdir()
    write_book(tmp / "2023" / "某局.xlsx", {
        "部门信息": dept("某局"), "预算": BUDGET_OK, "项目": [PROJ_HEAD, ["甲\n项目", "", 100]],
        "项目绩效指标": [IND_HEAD, ["甲\n项目", "产出指标", "数量指标", "件数", "≥1个"]]})


def test_a_name_with_a_line_break_keeps_each_message_on_one_line(tmp_path):
    """Every message quoting the name (missing-level1, missing-level2…) shows the break as
    name-line-break does, “甲”“项目”, instead of breaking the terminal line."""
    case = Case(name_with_a_break, ["validate", "{tmp}/2023"], 0,
                says=["[missing-level1]  项目“甲”“项目”没有", "[missing-level2]  项目“甲”“项目”"])
    out = check(case, tmp_path)
    assert not [line for line in out.splitlines() if line.startswith("项目”")]


# -- 6. summary: no figure printed that a bad cell made wrong ---------------------------------

def summary_book(budget_fiscal: object = 150, amount: object = 1000, spent: object = None
                 ) -> Callable[[Path], None]:
    def make(tmp: Path) -> None:
        budget = [r if r[0] != "财政拨款" else ["财政拨款", budget_fiscal] for r in BUDGET_OK]
        (tmp / "2023").mkdir()
        write_book(tmp / "2023" / "某局.xlsx", {
            "部门信息": dept("某局"), "预算": budget,
            "项目": [PROJ_HEAD, ["甲", "", amount, "", "", "", "", spent],
                     ["乙", "", 1000], ["丙", "", 800]],
            "项目绩效指标": [IND_HEAD, *full_indicators("甲"), *full_indicators("乙"),
                             *full_indicators("丙")]})
    return make


@pytest.mark.parametrize(("make", "status", "fiscal", "total"), [
    (summary_book(), "可生成", 150, 2800),
    (summary_book(amount="十万"), "有错误", 150, "有错误"),  # 项目!C2: the total unknown
    (summary_book(budget_fiscal="一百五十"), "有错误", "有错误", 2800),  # 预算!B6
    (summary_book(spent="约60"), "有错误", 150, 2800),  # 实际支出 is not in the 总计
], ids=["good", "bad-project-amount", "bad-budget-fiscal", "bad-spent"])
def test_summary_leaves_out_a_figure_a_bad_cell_makes_wrong(make, status, fiscal, total,
                                                            tmp_path):
    make(tmp_path)
    result = run(tmp_path, ["summary", "{tmp}/2023", "--out", "{tmp}/s.xlsx"])
    assert result.exit_code == 0, result.output
    row = summary_row(tmp_path / "s.xlsx")
    assert (row["结果"], row["财政拨款（万元）"], row["项目资金合计（万元）"]) == (
        status, fiscal, total)
    assert row["项目个数"] == 3
    assert (row["可生成的文书"] is None) == (status == "有错误")  # none listed as 可生成
