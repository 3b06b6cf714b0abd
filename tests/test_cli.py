"""The command line through CliRunner: exit codes, messages, folders, JSON."""

import json

import pytest
from click.testing import CliRunner
from test_validate import IND_HEAD, PROJ_HEAD, full_indicators
from workbooks import write_book

from xlgen.cli import main


@pytest.fixture
def runner():
    return CliRunner()


FULL_DEPT = [["年度", 2023], ["部门名称", "测试局"], ["财政供养人员数", 3], ["下属二级单位数", 0],
             ["总体绩效目标", "目标"]]


def good(path):
    return write_book(path, {"部门信息": FULL_DEPT, "项目": [PROJ_HEAD, ["甲项目", "", 100]],
                             "项目绩效指标": [IND_HEAD, *full_indicators("甲项目")]})


def bad(path):
    return write_book(path, {"项目": [PROJ_HEAD, ["甲项目", "", "约60"]]})


def test_validate_clean_file(runner, tmp_path):
    result = runner.invoke(main, ["validate", str(good(tmp_path / "a.xlsx"))])
    assert result.exit_code == 0, result.output
    assert "没有发现问题" in result.output


def test_validate_reports_cell_and_exits_1(runner, tmp_path):
    result = runner.invoke(main, ["validate", str(bad(tmp_path / "b.xlsx"))])
    assert result.exit_code == 1
    assert "错误" in result.output and "项目!C2" in result.output and "约60" in result.output
    assert "Traceback" not in result.output


def test_validate_folder_skips_lock_and_hidden_files(runner, tmp_path):
    good(tmp_path / "a.xlsx")
    (tmp_path / "~$a.xlsx").write_bytes(b"lock")
    (tmp_path / ".hidden.xlsx").write_bytes(b"junk")
    result = runner.invoke(main, ["validate", str(tmp_path)])
    assert result.exit_code == 0, result.output
    assert "共检查 1 个工作簿" in result.output


def test_validate_strict_counts_warnings(runner, tmp_path):
    path = write_book(tmp_path / "w.xlsx", {"项目": [PROJ_HEAD, ["甲", "", 1]],
                                            "项目绩效指标": [IND_HEAD, *full_indicators("甲")]})
    assert runner.invoke(main, ["validate", str(path)]).exit_code == 0
    assert runner.invoke(main, ["validate", "--strict", str(path)]).exit_code == 1


def test_validate_json(runner, tmp_path):
    result = runner.invoke(main, ["validate", "--json", str(bad(tmp_path / "b.xlsx"))])
    assert result.exit_code == 1
    problems = json.loads(result.output)
    [problem] = [p for p in problems if p["code"] == "bad-amount"]
    assert (problem["severity"], problem["sheet"], problem["cell"]) == ("error", "项目", "C2")
    assert problem["file"].endswith("b.xlsx") and "约60" in problem["message"]


def test_validate_usage_errors_exit_2(runner, tmp_path):
    assert runner.invoke(main, ["validate"]).exit_code == 2
    result = runner.invoke(main, ["validate", str(tmp_path / "nope.xlsx")])
    assert result.exit_code == 2 and "找不到" in result.output


def test_validate_not_a_workbook(runner, tmp_path):
    path = tmp_path / "x.xlsx"
    path.write_text("a,b\n1,2\n")
    result = runner.invoke(main, ["validate", str(path)])
    assert result.exit_code == 1 and "CSV" in result.output and "Traceback" not in result.output


def test_help_is_chinese(runner):
    result = runner.invoke(main, ["--help"])
    assert "预算绩效文书生成工具" in result.output
    for command in ("init", "validate", "build", "templates"):
        assert command in result.output


def test_every_command_is_documented_in_the_readme():
    from pathlib import Path

    readme = (Path(__file__).resolve().parent.parent / "README.md").read_text("utf-8")
    names = [f"xlgen {name}" for name in main.commands if name != "templates"]
    names += [f"xlgen templates {name}" for name in main.commands["templates"].commands]
    missing = [n for n in names if n not in readme]
    assert not missing, missing


def test_the_readme_commands_for_clerks_carry_no_comment():
    # cmd passes "# 这一次不显示" on as two more paths: a command a clerk copies must run as is
    from pathlib import Path

    readme = (Path(__file__).resolve().parent.parent / "README.md").read_text("utf-8")
    clerks = readme.partition("## For developers")[0]
    commented = [line.strip() for line in clerks.splitlines()
                 if line.strip().startswith("xlgen ") and " #" in line]
    assert not commented, commented


@pytest.mark.parametrize("command", ["validate", "build", "summary"])
def test_a_comment_copied_into_the_command_is_named_as_one(runner, tmp_path, monkeypatch,
                                                           command):
    monkeypatch.chdir(tmp_path)
    path = good(tmp_path / "a.xlsx")
    result = runner.invoke(main, [command, str(path), "--ignore", "missing-level2",
                                  "#", "这一次不显示"])
    assert result.exit_code == 2
    assert "“# 这一次不显示”是说明文字" in result.output and "删去“#”" in result.output
    assert "找不到文件或文件夹" not in result.output


@pytest.mark.parametrize(("args", "says"), [
    # validate exits 3 for any template error, as build does, not only a manifest's
    (["validate", "--help"], "3 模板有错误（请模板维护人员处理）"),
    (["validate", "--help"], "不列出输入的警告，只列出错误和文书方面的警告"),
    (["init", "--help"], "退出码：0 完成；1 上一年度的工作簿有照抄不了的内容"),
    # `xlgen build D:\绩效\2024` from C:\Users\… writes C:\Users\…\outputs, not D:\绩效\2024\outputs
    (["build", "--help"], "输出文件夹（不写时在当前文件夹中，不是在输入文件夹中）。"),
    (["templates", "vars", "--help"], "xlgen templates vars [选项] [模板或变量]"),
    (["templates", "vars", "--help"], "其中每一项\n"),  # no space joins two Chinese lines
])
def test_help_says(runner, args, says):
    result = runner.invoke(main, args)
    assert result.exit_code == 0
    assert says in result.output


def test_init_writes_a_workbook_that_validates(runner, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(main, ["init", "2024/某局.xlsx"])
    assert result.exit_code == 0, result.output
    again = runner.invoke(main, ["init", "2024/某局.xlsx"])
    assert again.exit_code == 2 and "--force" in again.output
    check = runner.invoke(main, ["validate", "--json", "2024/某局.xlsx"])
    problems = json.loads(check.output)
    # nothing filled in yet: no document to make (the one error), the rest only warnings
    assert check.exit_code == 1
    assert [p["code"] for p in problems if p["severity"] == "error"] == ["no-documents"]
    from xlgen.api import check_workbook

    book, _ = check_workbook(tmp_path / "2024" / "某局.xlsx")
    assert (book.department.year, book.department.name) == (2024, "某局")


@pytest.mark.parametrize(("name", "written"), [
    ("某局.xlsx", "某局.xlsx"),
    ("某局", "某局.xlsx"),
    ("2024.某局", "2024.某局.xlsx"),  # a dot in the name is not an extension
    ("某局.txt", None),  # another kind of file: never written as 某局.txt.xlsx
    ("某局.xls", None),
    ("某局.XLS", None),
    ("某局.et", None),
])
def test_init_writes_an_xlsx_or_says_which_name_to_use(runner, tmp_path, monkeypatch, name,
                                                       written):
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(main, ["init", name, "--year", "2024"])
    made = sorted(p.name for p in tmp_path.iterdir())
    if written:
        assert result.exit_code == 0, result.output
        assert made == [written]
    else:
        assert result.exit_code == 2, result.output
        assert made == []
        assert "只能保存为 Excel 工作簿（.xlsx）" in result.output
        assert f"请改为 {name.rsplit('.', 1)[0]}.xlsx" in result.output


def test_init_takes_the_year_from_the_folder_as_validate_does(runner, tmp_path, monkeypatch):
    """``2024年度/某局.xlsx``: init fills in 2024, and validate finds it agrees with its folder."""
    monkeypatch.chdir(tmp_path)
    assert runner.invoke(main, ["init", "2024年度/某局.xlsx"]).exit_code == 0
    from xlgen.api import check_workbook

    book, report = check_workbook(tmp_path / "2024年度" / "某局.xlsx")
    assert book.department.year == 2024
    assert "year-folder" not in {p.code for p in report.problems}
