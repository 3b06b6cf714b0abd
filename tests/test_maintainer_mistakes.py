"""Mistakes a template maintainer makes while adding a set (a 省级 印法) to an exported
templates folder: each is found by `xlgen templates check` (and build) with a Chinese message
naming the file and line (or cell, paragraph) and what to do, never silently ignored."""

from __future__ import annotations

import shutil
from pathlib import Path

import docx
import openpyxl
import pytest
from click.testing import CliRunner
from test_templates import book

from xlgen.api import build_all
from xlgen.cli import main
from xlgen.errors import TemplateError
from xlgen.problems import Severity
from xlgen.render import check_templates, read_manifest

ROOT = Path(__file__).resolve().parent.parent
PROJECT_TABLE = "项目支出绩效目标表.xlsx"
REPORT = "部门整体支出绩效自评报告.docx"
PROVINCE = '\n[[set]]\nname = "省级"\nlevels = ["省"]\ndescription = "省级的印法"\n'


@pytest.fixture(autouse=True)
def clean_env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.delenv("XLGEN_TEMPLATES", raising=False)
    monkeypatch.chdir(tmp_path)


def province(tmp_path: Path, set_text: str = PROVINCE) -> Path:
    """The shipped templates with a third set 省级 (its own 项目表), the manifest's sets
    followed by ``set_text``."""
    folder = tmp_path / "templates"
    shutil.copytree(ROOT / "templates", folder)
    (folder / "省级").mkdir()
    shutil.copyfile(folder / "市级" / PROJECT_TABLE, folder / "省级" / PROJECT_TABLE)
    manifest = folder / "manifest.toml"
    text = manifest.read_text("utf-8").replace('levels = ["市", "省"]', 'levels = ["市"]')
    head, _, tail = text.partition("\n[[document]]")
    manifest.write_text(head + set_text + "\n[[document]]" + tail, "utf-8")
    return folder


def line_of(folder: Path, text: str) -> int:
    lines = (folder / "manifest.toml").read_text("utf-8").splitlines()
    return next(n for n, line in enumerate(lines, 1) if line.startswith(text))


def test_the_province_set_itself_checks_clean(tmp_path: Path) -> None:
    folder = province(tmp_path)
    assert read_manifest(folder).set_for_level("省").name == "省级"
    _, problems = check_templates(folder)
    assert problems == []


@pytest.mark.parametrize(("set_text", "line", "says"), [
    (PROVINCE.replace("levels", "level"), "level =",
     ["第 3 个 [[set]] 中不认识的“level”", "是否应为“levels”？", "可写的有：name、levels"]),
    (PROVINCE.replace('["省"]', '["省", "市"]'), "levels = [\"省\", \"市\"]",
     ["预算级次“市”同时写在模板套“市级”（第 ", "和“省级”的 levels 中", "删去"]),
    (PROVINCE.replace('["省"]', '["省级"]'), "levels = [\"省级\"]",
     ["“省级”不是预算级次。是否应为“省”？", "预算级次只有 省、市、区、县、镇"]),
    (PROVINCE + "\n[[documents]]\nname = \"x\"\n", "[[documents]]",
     ["不认识的“documents”。是否应为 [[document]]？"]),
    (PROVINCE.replace('"省级"\n', '"省级\n'), 'name = "省级',
     ["引号没有成对", "少了结尾的英文双引号"]),
], ids=["level-for-levels", "level-claimed-twice", "not-a-level", "documents", "open-quote"])
def test_manifest_mistakes_name_their_line(tmp_path: Path, set_text: str, line: str,
                                           says: list[str]) -> None:
    folder = province(tmp_path, set_text)
    with pytest.raises(TemplateError) as caught:
        read_manifest(folder)
    message = str(caught.value)
    assert f"第 {line_of(folder, line)} 行" in message, message
    for part in says:
        assert part in message, message
    assert "Traceback" not in message


NEW_DOCUMENT = ('\n[[document]]\nname = "部门整体绩效目标表"\n'
                'template = "部门整体绩效目标表.xlsx"\noutput = "{output}"\nneeds = ["部门信息"]\n')


@pytest.mark.parametrize(("output", "says"), [
    ("{year}年{部门}部门整体绩效目标表.xlsx", "中的“{部门}”不对。是否应为 {dept}？"),
    ("{year}年{name}部门整体绩效目标表.xlsx", "中的“{name}”不对。只能写 {year}（年度）和 {dept}"),
    ("{year}年{dept部门整体绩效目标表.xlsx", "中的花括号不成对"),
    ("{year}年{dept}部门整体绩效目标表.docx", "应以 .xlsx 结尾（与模板相同）"),
], ids=["chinese-field", "unknown-field", "open-brace", "wrong-suffix"])
def test_a_new_documents_output_name_is_checked(tmp_path: Path, output: str,
                                                says: str) -> None:
    """A new [[document]] whose output name cannot be made passed `templates check` and then
    stopped every workbook's build with 程序内部错误（KeyError: '部门'）."""
    folder = province(tmp_path)
    shutil.copyfile(folder / "部门整体预算绩效目标申报表.xlsx", folder / "部门整体绩效目标表.xlsx")
    with (folder / "manifest.toml").open("a", encoding="utf-8") as f:
        f.write(NEW_DOCUMENT.replace("{output}", output))
    result = CliRunner().invoke(main, ["templates", "check", "--templates", str(folder)])
    assert result.exit_code == 3, result.output
    lines = (folder / "manifest.toml").read_text("utf-8").splitlines()
    number = max(n for n, line in enumerate(lines, 1) if line.startswith("output = "))
    assert f"第 {number} 行：文书“部门整体绩效目标表”的 output“{output}”{says}" in result.output, \
        result.output


@pytest.mark.parametrize(("needs", "says"), [
    ('["部门信息", "部门绩效指标s"]', "没有名为“部门绩效指标s”的工作表。是否应为“部门绩效指标”？"),
    ('["项目绩效指标.实际完成"]', "没有“实际完成”一列。是否应为“实际完成值”？"),
    ('["项目绩效指标。实际完成值"]', "要用英文句点 .（如“项目绩效指标.实际完成值”）"),
], ids=["sheet", "column", "chinese-full-stop"])
def test_a_new_documents_needs_are_suggested(tmp_path: Path, needs: str, says: str) -> None:
    folder = province(tmp_path)
    shutil.copyfile(folder / "部门整体预算绩效目标申报表.xlsx", folder / "部门整体绩效目标表.xlsx")
    text = NEW_DOCUMENT.replace("{output}", "{year}年{dept}部门整体绩效目标表.xlsx")
    with (folder / "manifest.toml").open("a", encoding="utf-8") as f:
        f.write(text.replace('["部门信息"]', needs))
    result = CliRunner().invoke(main, ["templates", "check", "--templates", str(folder)])
    assert result.exit_code == 3, result.output
    assert says in result.output, result.output


def test_every_manifest_mistake_comes_in_one_message(tmp_path: Path) -> None:
    folder = province(tmp_path, PROVINCE.replace("levels", "level").replace(
        "description", "descripton"))
    message = str(pytest.raises(TemplateError, read_manifest, folder).value)
    assert "有 2 处要改正" in message and "“level”" in message and "“descripton”" in message


def test_a_manifest_without_documents_is_an_error(tmp_path: Path) -> None:
    (tmp_path / "manifest.toml").write_text('[[set]]\nname = "区级"\n', "utf-8")
    with pytest.raises(TemplateError, match=r"没有任何 \[\[document\]\]"):
        read_manifest(tmp_path)


def test_check_exits_3_on_a_misspelt_key_instead_of_checking_nothing(tmp_path: Path) -> None:
    folder = province(tmp_path)
    manifest = folder / "manifest.toml"
    manifest.write_text(manifest.read_text("utf-8").replace("[[document]]", "[[documents]]"),
                        "utf-8")
    result = CliRunner().invoke(main, ["templates", "check", "--templates", str(folder)])
    assert result.exit_code == 3, result.output
    assert "不认识的“documents”" in result.output and "共检查 0 个模板" not in result.output


@pytest.mark.parametrize("suffix", [".xlsm", ".xls"])
@pytest.mark.parametrize("shared", [True, False], ids=["shared-there", "shared-missing"])
def test_a_set_template_saved_in_another_format_is_an_error(tmp_path: Path, suffix: str,
                                                            shared: bool) -> None:
    """省级/项目支出绩效目标表.xlsm is not used: the set would print with the shared
    template (or none) while the maintainer believes it prints with theirs."""
    folder = province(tmp_path)
    own = folder / "省级" / PROJECT_TABLE
    own.rename(own.with_suffix(suffix))
    if shared:
        shutil.copyfile(folder / "区级" / PROJECT_TABLE, folder / PROJECT_TABLE)
    _, problems = check_templates(folder)
    [wrong] = [p for p in problems if p.code == "template-not-xlsx"]
    assert wrong.severity is Severity.ERROR
    assert f"模板“省级/项目支出绩效目标表{suffix}”是 {suffix} 文件" in wrong.message
    assert "另存为 .xlsx 文件（省级/项目支出绩效目标表.xlsx）" in wrong.message
    if not shared:
        [missing] = [p for p in problems if p.code == "missing-template"]
        assert f"文件夹中有“省级/项目支出绩效目标表{suffix}”" in missing.message
        assert "改回“省级/项目支出绩效目标表.xlsx”" in missing.message


def test_build_does_not_print_with_the_shared_template_instead(tmp_path: Path) -> None:
    folder = province(tmp_path)
    own = folder / "省级" / PROJECT_TABLE
    own.rename(own.with_suffix(".xlsm"))
    shutil.copyfile(folder / "区级" / PROJECT_TABLE, folder / PROJECT_TABLE)
    source = book(tmp_path / "in" / "测试局.xlsx", "省")
    result = CliRunner().invoke(main, ["build", str(source), "--templates", str(folder),
                                       "--out", str(tmp_path / "out")])
    assert result.exit_code == 3, result.output
    assert "[template-not-xlsx]" in result.output


@pytest.mark.parametrize(("change", "says"), [
    (lambda f: (f / "省级").rename(f / "省級"),
     ["模板套“省级”没有同名的子文件夹 省级/", "文件夹中有“省級/”"]),
    (lambda f: (f / "省级" / PROJECT_TABLE).rename(f / "省级" / "项目支出绩效目标表(省).xlsx"),
     ["“省级/项目支出绩效目标表(省).xlsx”不是 manifest.toml 中任何文书的模板",
      "是否应为“省级/项目支出绩效目标表.xlsx”？"]),
], ids=["folder", "file"])
def test_a_misnamed_set_folder_or_file_is_warned(tmp_path: Path, change, says) -> None:
    folder = province(tmp_path)
    change(folder)
    _, problems = check_templates(folder)
    found = [p for p in problems if p.code == "template-set-folder"]
    assert found and all(p.severity is Severity.WARNING for p in found)
    text = " ".join(p.message for p in found)
    for part in says:
        assert part in text, text


def test_a_set_without_levels_says_how_it_is_chosen(tmp_path: Path) -> None:
    folder = province(tmp_path, PROVINCE.replace('levels = ["省"]\n', ""))
    result = CliRunner().invoke(main, ["templates", "list", "--templates", str(folder)])
    assert "省级（预算级次：无，只在“模板”字段或 --templates 写明时用）" in result.output


def test_a_near_miss_in_the_template_field_is_suggested(tmp_path: Path) -> None:
    folder = province(tmp_path)
    source = book(tmp_path / "in" / "测试局.xlsx", "省", "省")
    [result] = build_all([(source, Path("."))], tmp_path / "out", folder)
    [problem] = result.report.errors
    assert problem.code == "unknown-template-set" and "是否应为“省级”？" in problem.message


def test_a_trailing_space_in_an_extra_column_name_is_said(tmp_path: Path) -> None:
    folder = province(tmp_path)
    (folder / "fields.toml").write_text(
        '[[field]]\nsheet = "项目"\nlabel = "省级配套资金"\ntype = "金额"\n', "utf-8")
    path = folder / "省级" / PROJECT_TABLE
    wb = openpyxl.load_workbook(path)
    wb.active["F9"] = "{{ p.extra['省级配套资金 '] or None }}"
    wb.save(path)
    _, problems = check_templates(folder)
    [problem] = problems
    assert problem.cell == "F9"
    assert "末尾多了空格" in problem.message and "p.extra['省级配套资金']" in problem.message


@pytest.mark.parametrize(("fields", "says"), [
    ('[[field]]\nsheet = "项目"\nlabel = "甲"\n\n[[field]]\nsheet = "项目"\nlabel = "甲"\n',
     ["第 5 行：第 2 个 [[field]]", "已在前面声明过", "删去其中一段"]),
    ('[[field]]\nsheet = "项目"\nlable = "甲"\n', ["第 3 行：", "不认识的“lable”",
                                                  "是否应为“label”？"]),
    ('[field]\nsheet = "项目"\nlabel = "甲"\n', ["第 1 行：", "[[field]]（两层方括号）"]),
], ids=["declared-twice", "lable", "one-bracket"])
def test_fields_mistakes_name_their_line(tmp_path: Path, fields: str, says: list[str]) -> None:
    folder = province(tmp_path)
    (folder / "fields.toml").write_text(fields, "utf-8")
    message = str(pytest.raises(TemplateError, read_manifest, folder).value)
    for part in says:
        assert part in message, message


def test_a_word_table_cell_is_named_as_one(tmp_path: Path) -> None:
    folder = province(tmp_path)
    path = folder / REPORT
    document = docx.Document(str(path))
    table = document.add_table(rows=3, cols=2)
    table.rows[0].cells[0].text = "{%tr for p in report.projects %}"
    table.rows[1].cells[0].text = "{{ p.nmae }}"
    table.rows[1].cells[1].text = "{{ p.initial|money }}"
    table.rows[2].cells[0].text = "{%tr endfor %}"
    document.save(str(path))
    _, problems = check_templates(folder)
    [problem] = problems
    assert problem.sheet == "正文第 1 个表格中的", problem
    assert "“p”没有字段“nmae”，是否应为“name”？" in problem.message
