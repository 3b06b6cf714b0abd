"""Template sets and where the templates come from: the look-up order, the set each workbook
prints with, `xlgen templates list` and `xlgen templates export`."""

from __future__ import annotations

import io
import os
import re
import shutil
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner
from test_cli import FULL_DEPT
from test_validate import BUDGET_OK, IND_HEAD, PROJ_HEAD, full_indicators
from workbooks import write_book

from xlgen.api import build_all, check_templates, find_templates
from xlgen.cli import main
from xlgen.errors import ConfigError, TemplateError
from xlgen.render import read_manifest, shipped_templates_dir
from xlgen.render.lookup import (
    FROM_CWD,
    FROM_ENV,
    FROM_INPUTS,
    FROM_OPTION,
    FROM_SHIPPED,
)

ROOT = Path(__file__).resolve().parent.parent
SHIPPED = ROOT / "templates"
PROJECT_TABLE = "项目支出绩效目标表.xlsx"


@pytest.fixture(autouse=True)
def clean_env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.delenv("XLGEN_TEMPLATES", raising=False)
    monkeypatch.chdir(tmp_path)  # no templates/ in the current folder unless a test makes one


def templates_folder(path: Path) -> Path:
    """A copy of the shipped templates at ``path``."""
    shutil.copytree(SHIPPED, path)
    return path


def book(path: Path, level: str = "", template: str = "", name: str = "测试局") -> Path:
    dept = [row if row[0] != "部门名称" else ["部门名称", name] for row in FULL_DEPT]
    if level:
        dept.append(["预算级次", level])
    if template:
        dept.append(["模板", template])
    path.parent.mkdir(parents=True, exist_ok=True)
    return write_book(path, {"部门信息": [["字段", "值"], *dept],
                             "项目": [PROJ_HEAD, ["甲项目", "", 100, "", "", "目标"]],
                             "项目绩效指标": [IND_HEAD, *full_indicators("甲项目")]})


def project_table(out: Path) -> openpyxl.worksheet.worksheet.Worksheet:
    found = next(out.rglob(f"*{PROJECT_TABLE}"))
    return openpyxl.load_workbook(io.BytesIO(found.read_bytes())).worksheets[0]


# -- the look-up order ------------------------------------------------------------------------


def test_look_up_order(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    work = tmp_path / "工作目录"
    source = book(work / "inputs" / "2024" / "某局.xlsx")
    assert find_templates(None, [source]).found_by == FROM_SHIPPED
    assert find_templates().folder.resolve() == shipped_templates_dir().resolve()
    near = templates_folder(work / "templates")
    found = find_templates(None, [source])
    assert (found.found_by, found.folder.resolve()) == (FROM_INPUTS, near.resolve())
    env = templates_folder(tmp_path / "env")
    monkeypatch.setenv("XLGEN_TEMPLATES", str(env))
    assert (find_templates(None, [source]).folder, find_templates().found_by) == (env, FROM_ENV)
    mine = templates_folder(tmp_path / "mine")
    found = find_templates(str(mine), [source])
    assert (found.folder, found.found_by, found.forced) == (mine, FROM_OPTION, "")


def test_the_current_folder_counts_when_there_are_no_inputs(tmp_path: Path) -> None:
    templates_folder(tmp_path / "templates")
    assert find_templates().found_by == FROM_CWD


@pytest.mark.parametrize(
    ("option", "forced", "folder"),
    [("市级", "市级", "shipped"), ("{root}/区级", "区级", "root"), ("{root}", "", "root")],
)
def test_templates_option_names_a_set_or_a_folder(tmp_path: Path, option: str, forced: str,
                                                  folder: str) -> None:
    root = templates_folder(tmp_path / "t")
    found = find_templates(option.format(root=root))
    assert found.forced == forced
    assert found.folder.resolve() == (root if folder == "root" else SHIPPED).resolve()


@pytest.mark.parametrize(
    ("option", "error", "message"),
    [("县级", ConfigError, "“县级”：没有这个模板套.*区级、市级"),  # the clerk's command: exit 2
     ("{tmp}", TemplateError, "不是模板文件夹")],
)
def test_templates_option_mistakes(tmp_path: Path, option: str, error: type,
                                   message: str) -> None:
    with pytest.raises(error, match=message):
        find_templates(option.format(tmp=tmp_path))


# -- the set each workbook prints with ------------------------------------------------------------


@pytest.mark.parametrize(
    ("level", "requested", "forced", "expected"),
    [
        ("市", "", "", "市级"),
        ("省", "", "", "市级"),
        ("区", "", "", "区级"),
        ("县", "", "", "区级"),
        ("镇", "", "", "区级"),
        ("", "", "", "区级"),  # no level named by a set: the first set
        ("区", "市级", "", "市级"),  # the workbook's 模板 field
        ("市", "区级", "", "区级"),
        ("市", "市级", "区级", "区级"),  # --templates wins
        ("市", "省级", "", None),  # an unknown set
    ],
)
def test_choose_a_set(level: str, requested: str, forced: str, expected: str | None) -> None:
    found = find_templates(forced or None)
    chosen = found.choose(level, requested)
    assert (chosen.name if chosen else None) == expected


def test_a_set_uses_its_own_template_and_the_shared_ones() -> None:
    manifest = read_manifest(SHIPPED)
    city = {d.name: d.template.relative_to(SHIPPED) for d in manifest.documents("市级")}
    assert city["项目支出绩效目标表"] == Path("市级") / PROJECT_TABLE
    assert city["部门整体预算绩效目标申报表"] == Path("部门整体预算绩效目标申报表.xlsx")


def test_a_manifest_without_sets_is_one_set(tmp_path: Path) -> None:
    folder = tmp_path / "flat"
    folder.mkdir()
    shutil.copyfile(SHIPPED / "区级" / PROJECT_TABLE, folder / PROJECT_TABLE)
    (folder / "manifest.toml").write_text(
        '[[document]]\nname = "项目支出绩效目标表"\ntemplate = "项目支出绩效目标表.xlsx"\n'
        'output = "{year}年{dept}项目支出绩效目标表.xlsx"\n', "utf-8")
    found = find_templates(str(folder))
    assert found.choose("市", "").name == ""
    assert [d.template for d in found.documents()] == [folder / PROJECT_TABLE]


@pytest.mark.parametrize(
    ("sets", "message"),
    [('[[set]]\nname = "a/b"\n', "可作文件夹名"), ('[[set]]\nname = "甲"\n[[set]]\nname = "甲"\n',
                                                     "写了两次")],
)
def test_manifest_set_mistakes(tmp_path: Path, sets: str, message: str) -> None:
    (tmp_path / "manifest.toml").write_text(sets, "utf-8")
    with pytest.raises(TemplateError, match=message):
        read_manifest(tmp_path)


# (file, how the maintainer broke a line, the message says): a TOML mistake in Chinese, the
# line quoted and, where it can be known, the line as it should be.
TOML_MISTAKES = {
    "missing-quote": ("manifest.toml", ('name = "区级"', 'name = "区级'),
                      '（name = "区级）：引号没有成对：这一行的文字少了结尾的英文双引号，'
                      '请改为 name = "区级"。'),
    "chinese-quotes": ("manifest.toml", ('name = "市级"', "name = “市级”"),
                       '中文引号“”‘’不算引号，要用英文双引号，请改为 name = "市级"。'),
    "missing-bracket": ("manifest.toml",
                        ('levels = ["区", "县", "镇"]', 'levels = ["区", "县", "镇"'),
                        '（levels = ["区", "县", "镇"）：列表缺少右方括号 ]'),
    "chinese-comma": ("manifest.toml", ('levels = ["市", "省"]', 'levels = ["市"，"省"]'),
                      '不能用中文的，或、），请改为 levels = ["市", "省"]。'),
    "duplicate-key": ("manifest.toml", ('needs = ["自评报告"]', 'needs = ["自评报告"]\nname = "x"'),
                      '（name = "x"）：“name”在同一段中写了两次：每段中每个名称只写一次'),
    "bare-text": ("fields.toml", ("# 例：", '[[field]]\nsheet = "项目"\nlabel = 实施周期'),
                  '（label = 实施周期）：文字要用英文双引号括起来，请改为 label = "实施周期"。'),
    "one-bracket": ("fields.toml", ("# 例：", '[[field]\nsheet = "项目"'),
                    "（[[field]）：表名要用两对英文方括号括起来"),
}


@pytest.mark.parametrize(("file", "edit", "says"), TOML_MISTAKES.values(),
                         ids=TOML_MISTAKES.keys())
def test_toml_mistakes_are_said_in_chinese_at_their_line(
        tmp_path: Path, file: str, edit: tuple[str, str], says: str) -> None:
    folder = templates_folder(tmp_path / "模板")
    path = folder / file
    text = path.read_text("utf-8")
    assert edit[0] in text
    broken = text.replace(edit[0], edit[1], 1)
    path.write_text(broken, "utf-8")
    result = CliRunner().invoke(main, ["templates", "check", "--templates", str(folder)])
    assert result.exit_code != 0
    assert says in result.output, result.output
    quoted = re.match(r"（(.*?)）", says)  # the line the message quotes: its number too
    if quoted:
        number = next(n for n, line in enumerate(broken.splitlines(), 1)
                      if line.strip() == quoted.group(1))
        assert f"第 {number} 行（" in result.output, result.output
    for english in ("TOML", "Invalid", "Unclosed", "Cannot", "Illegal", "列附近"):
        assert english not in result.output, result.output


# -- building with sets -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("level", "template", "option", "header"),
    [
        ("市", "", None, "单位名称：测试局（本级）"),
        ("区", "", None, "部门名称：测试局"),
        ("区", "市级", None, "单位名称：测试局（本级）"),
        ("市", "区级", None, "部门名称：测试局"),
        ("市", "", "区级", "部门名称：测试局"),
    ],
)
def test_build_prints_each_workbook_with_its_set(tmp_path: Path, level: str, template: str,
                                                 option: str | None, header: str) -> None:
    source = book(tmp_path / "in" / "测试局.xlsx", level, template)
    [result] = build_all([(source, Path("."))], tmp_path / "out", option)
    assert result.ok, result.report.problems
    ws = project_table(tmp_path / "out")
    assert ws["A2"].value == header
    city = header.startswith("单位")
    assert result.template_set == ("市级" if city else "区级")
    text = next(row[6].value for row in ws.iter_rows() if row[0].value == "甲项目")
    assert text.startswith("1、产出指标：工作天数，年度指标值：22天。" if city
                           else "1.1-产出指标:11-数量指标:工作天数;实施周期指标值:22天;")


def test_an_unknown_set_in_the_workbook_is_an_error_at_its_cell(tmp_path: Path) -> None:
    source = book(tmp_path / "in" / "测试局.xlsx", "市", "省级")
    [result] = build_all([(source, Path("."))], tmp_path / "out")
    [problem] = result.report.errors
    assert problem.code == "unknown-template-set" and problem.sheet == "部门信息"
    assert problem.cell == "B8" and "区级、市级" in problem.message
    assert not (tmp_path / "out").exists()


def test_every_shipped_set_checks_clean() -> None:
    checked, problems = check_templates(SHIPPED)
    assert problems == []
    assert checked == 5  # 申报表, 自评报告 and 自评表 shared, a 项目支出绩效目标表 per set


# -- the command line ----------------------------------------------------------------------------


def test_templates_list_shows_the_sets_and_where_they_come_from() -> None:
    result = CliRunner().invoke(main, ["templates", "list"])
    assert result.exit_code == 0, result.output
    out = result.output
    assert FROM_SHIPPED in out
    assert "区级（预算级次：区、县、镇，默认）" in out and "市级（预算级次：市、省）" in out
    assert f"{Path('市级') / PROJECT_TABLE}（本套）" in out
    assert "部门整体预算绩效目标申报表.xlsx（共用）" in out
    assert "XLGEN_TEMPLATES" in out
    # the order it states is the one `templates list` itself follows (no inputs: this folder)
    assert "当前文件夹中的 templates 文件夹" in out


def test_templates_export_copies_every_set_for_editing(tmp_path: Path) -> None:
    dest = tmp_path / "我的模板"
    result = CliRunner().invoke(main, ["templates", "export", str(dest)])
    assert result.exit_code == 0, result.output
    copied = sorted(str(p.relative_to(dest)) for p in dest.rglob("*") if p.is_file())
    assert "manifest.toml" in copied and os.path.join("市级", PROJECT_TABLE) in copied
    assert find_templates(str(dest)).manifest.set_names == ["区级", "市级"]
    again = CliRunner().invoke(main, ["templates", "export", str(dest)])
    assert again.exit_code != 0 and "--force" in again.output
    assert CliRunner().invoke(main, ["templates", "export", str(dest), "--force"]).exit_code == 0


def test_build_with_a_set_name_on_the_command_line(tmp_path: Path) -> None:
    source = book(tmp_path / "in" / "测试局.xlsx", "区")
    result = CliRunner().invoke(main, ["build", str(source), "--out", str(tmp_path / "out"),
                                       "--templates", "市级"])
    assert result.exit_code == 0, result.output
    assert project_table(tmp_path / "out")["A2"].value == "单位名称：测试局（本级）"


@pytest.mark.parametrize(("level", "options", "shown"), [
    ("市", [], "市级"), ("区", [], "区级"), ("市", ["--templates", "区级"], "区级"),
    ("区", ["--dry-run"], "区级")])
def test_build_says_which_set_a_document_printed_with(tmp_path: Path, level: str,
                                                      options: list[str], shown: str) -> None:
    """The set shows beside the document whose template is the set's own; the shared ones
    print the same in every set and say nothing more."""
    source = book(tmp_path / "in" / "测试局.xlsx", level)
    wb = openpyxl.load_workbook(source)
    budget = wb.create_sheet("预算")
    for row in BUDGET_OK:
        budget.append(row)
    wb.save(source)
    result = CliRunner().invoke(main, ["build", str(source), "--out", str(tmp_path / "out"),
                                       *options])
    assert result.exit_code == 0, result.output
    lines = [line for line in result.output.splitlines() if "生成 " in line]
    assert [line for line in lines if line.endswith(f"{PROJECT_TABLE}（{shown}模板）")], lines
    assert [line for line in lines if line.endswith("申报表.xlsx")], lines
    assert sum("模板）" in line for line in lines) == 1, lines


def test_templates_variables_is_vars() -> None:
    vars_ = CliRunner().invoke(main, ["templates", "vars"])
    variables = CliRunner().invoke(main, ["templates", "variables"])
    assert vars_.exit_code == variables.exit_code == 0, variables.output
    assert variables.output == vars_.output and "projects" in vars_.output


@pytest.mark.parametrize(("path", "says"), [
    ("projects", ["projects 是列表", "  .name ", "项目名称", "  .total ", "  .fiscal ",
                  "财政拨款", "xlgen templates vars projects.indicators"]),
    ("projects.indicators", ["  .level1_code ", "  .annual_value ", "年度指标值"]),
    ("evaluations.funds", ["  .rate ", "  .full_year ", "  .label "]),
    ("report.performance", ["  .counts_phrase ", "xlgen templates vars "
                            "report.performance.counts"]),
    ("dept", ["dept 的字段", "  .own_use_label ", "  .self_name ", "自称"]),
    ("blocks", ["['部门职责']"]),
    ("report.problems", ["每一项是一个值"]),
])
def test_templates_vars_lists_a_variables_fields(path: str, says: list[str]) -> None:
    """The names a maintainer can write after ``p.``, read from the values themselves."""
    result = CliRunner().invoke(main, ["templates", "vars", path])
    assert result.exit_code == 0, result.output
    for text in says:
        assert text in result.output, (text, result.output)
    assert "  .cell" not in result.output and "  .row " not in result.output


def test_templates_vars_lists_every_field_of_a_record() -> None:
    """Data-driven: a field added to Project shows without touching a list of names."""
    from dataclasses import fields

    from xlgen.model import Project
    from xlgen.render import variable_fields
    from xlgen.render.members import POSITIONS

    listed = {m.name for m in variable_fields("projects").members}
    assert {f.name for f in fields(Project)} - POSITIONS <= listed


def test_templates_vars_declared_field(tmp_path: Path) -> None:
    folder = templates_folder(tmp_path / "t")
    (folder / "fields.toml").write_text(
        '[[field]]\nsheet = "项目"\nlabel = "配套资金"\ntype = "金额"\n', encoding="utf-8")
    result = CliRunner().invoke(main, ["templates", "vars", "projects", "--templates",
                                       str(folder)])
    assert result.exit_code == 0, result.output
    assert "字典，键如“配套资金”" in result.output, result.output


@pytest.mark.parametrize("template", [f"区级/{PROJECT_TABLE}", "部门整体支出绩效自评报告.docx"])
def test_templates_vars_of_a_file_lists_its_own_folders_fields(tmp_path: Path,
                                                                template: str) -> None:
    # templates/README.md: `xlgen templates vars 我的模板/区级/…xlsx` after editing 我的模板;
    # the look-up order alone finds the shipped folder (no templates/ here), whose fields.toml
    # does not have the field the maintainer just declared
    folder = templates_folder(tmp_path / "我的模板")
    (folder / "fields.toml").write_text(
        '[[field]]\nsheet = "项目"\nlabel = "配套资金"\ntype = "金额"\n', encoding="utf-8")
    result = CliRunner().invoke(main, ["templates", "vars", f"我的模板/{template}"])
    assert result.exit_code == 0, result.output
    assert "我的模板/fields.toml 中声明的字段" in result.output
    assert "p.extra['配套资金']" in result.output


@pytest.mark.parametrize(("path", "says"), [
    ("projcts", "是否应为“projects”"),
    ("p.name", "请写它所在的列表"),
    ("projects.totl", "“projects”没有字段“totl”（查的是“projects.totl”）。是否应为“total”"),
])
def test_templates_vars_mistyped_variable(path: str, says: str) -> None:
    result = CliRunner().invoke(main, ["templates", "vars", path])
    assert result.exit_code == 2, result.output
    assert says in result.output, result.output
    assert "Traceback" not in result.output


def test_validate_reports_an_unknown_set_as_build_would(tmp_path: Path) -> None:
    source = book(tmp_path / "in" / "测试局.xlsx", "市", "省级")
    result = CliRunner().invoke(main, ["validate", str(source)])
    assert result.exit_code == 1
    assert "[unknown-template-set]" in result.output and "部门信息!B8" in result.output


@pytest.mark.parametrize("command", ["check", "build"])
def test_a_missing_template_is_reported_once_by_check_and_build(tmp_path, command):
    """One problem for a template file the manifest names but the folder lacks, whether
    `templates check` or `build` finds it (one look at each template, shared by both)."""
    import shutil

    from click.testing import CliRunner
    from workbooks import write_book

    from xlgen.cli import main

    folder = tmp_path / "templates"
    shutil.copytree(ROOT / "templates", folder)
    (folder / "区级" / "项目支出绩效目标表.xlsx").unlink()
    (folder / "市级" / "项目支出绩效目标表.xlsx").unlink()
    args = ["templates", "check", "--templates", str(folder)]
    if command == "build":
        (tmp_path / "in").mkdir()
        write_book(tmp_path / "in" / "a.xlsx", {})
        args = ["build", str(tmp_path / "in"), "--templates", str(folder),
                "--out", str(tmp_path / "out")]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 3, result.output
    # both sets then look for the shared one: one file, one problem
    assert result.output.count("[missing-template]") == 1
    assert "模板文件不存在" in result.output and "（模板套“区级”）" in result.output


@pytest.mark.parametrize(("renamed", "says"), [
    ("部门整体预算绩效目标申报表（2024新格式）.xlsx",
     "文件夹中有“部门整体预算绩效目标申报表（2024新格式）.xlsx”"),
    ("部门整体预算绩效目标申报表.xls", "文件夹中有“部门整体预算绩效目标申报表.xls”"),
    (None, "manifest.toml"),
])
def test_a_renamed_template_is_pointed_at(tmp_path: Path, renamed: str | None,
                                          says: str) -> None:
    """A maintainer who saved the template under another name (or as .xls) is told which
    file it probably is and the two ways to fix it."""
    from xlgen.render import check_templates

    folder = tmp_path / "templates"
    shutil.copytree(ROOT / "templates", folder)
    old = folder / "部门整体预算绩效目标申报表.xlsx"
    if renamed:
        old.rename(folder / renamed)
    else:
        old.unlink()
    _, problems = check_templates(folder)
    [missing] = [p for p in problems if p.code == "missing-template"]
    assert says in missing.message, missing.message
    assert "manifest.toml" in missing.message and "改回" in missing.message, missing.message
