"""Issue 10, as a clerk meets it: each case builds a folder in code, runs a command through
CliRunner and checks the exit code and the text (what must and must not be said).

Exit codes: 0 done, 1 a workbook has errors, 2 the command line is wrong, 3 a template is
broken.
"""

from __future__ import annotations

import json
import re
import shutil
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import click
import openpyxl
import pytest
from click.testing import CliRunner
from test_cli import FULL_DEPT
from test_validate import BUDGET_OK, IND_HEAD, PROJ_HEAD, full_indicators
from workbooks import write_book

from xlgen.cli import main

ROOT = Path(__file__).resolve().parent.parent
OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600


@pytest.fixture(autouse=True)
def shipped_templates(monkeypatch):
    monkeypatch.setenv("XLGEN_TEMPLATES", str(ROOT / "templates"))


def dept(name="测试局", year=2023, unit=None) -> list[list]:
    rows = [r if r[0] not in ("部门名称", "年度") else [r[0], name if r[0] == "部门名称" else year]
            for r in FULL_DEPT]
    return rows + ([["金额单位", unit]] if unit else [])


def projects(n: int, amount=100) -> list[list]:
    return [PROJ_HEAD, *[[f"项目{i:02d}", "", amount] for i in range(1, n + 1)]]


def indicators(names: list[str]) -> list[list]:
    return [IND_HEAD, *[row for name in names for row in full_indicators(name)]]


def target_book(path: Path, name="测试局", year=2023, **extra) -> Path:
    """A workbook that builds the 项目支出绩效目标表, with no problem at all."""
    sheets = {"部门信息": dept(name, year), "项目": projects(1),
              "项目绩效指标": indicators(["项目01"])}
    path.parent.mkdir(parents=True, exist_ok=True)
    return write_book(path, {**sheets, **extra})


@dataclass
class Case:
    """A folder (made by ``make`` in tmp_path), a command, what must happen."""

    make: Callable[[Path], None]
    args: list[str]
    exit_code: int
    says: list[str] = field(default_factory=list)
    never: list[str] = field(default_factory=list)
    count: dict[str, int] = field(default_factory=dict)  # text → exact number of times


def run(tmp_path: Path, args: list[str], charset: str = "utf-8"):
    args = [a.replace("{tmp}", str(tmp_path)) for a in args]
    return CliRunner(charset=charset).invoke(main, args)


def check(case: Case, tmp_path: Path, charset: str = "utf-8") -> str:
    case.make(tmp_path)
    result = run(tmp_path, case.args, charset)
    out = result.output
    assert result.exit_code == case.exit_code, out
    assert result.exception is None or isinstance(result.exception, SystemExit), out
    assert "Traceback" not in out
    for text in case.says:
        assert text in out, (text, out)
    for text in case.never:
        assert text not in out, (text, out)
    for text, n in case.count.items():
        assert out.count(text) == n, (text, out.count(text), out)
    return out


# -- a Chinese Windows console (GBK) ----------------------------------------------------------

def emoji_book(tmp: Path) -> None:
    write_book(tmp / "表情.xlsx", {"部门信息": dept(),
                                "项目": [PROJ_HEAD, ["甲\u00a0项目", "", "约60😀\u00a0"]],
                                "项目绩效指标": indicators(["甲\u00a0项目"])})


def test_gbk_console_text_never_crashes(tmp_path):
    case = Case(emoji_book, ["validate", "{tmp}"], 1, says=["项目!C2", "约60?", "bad-amount"])
    check(case, tmp_path, charset="gbk")
    result = run(tmp_path, ["validate", "{tmp}"], charset="gbk")
    result.stdout_bytes.decode("gbk")  # strictly: what reached log.txt is GBK


def test_gbk_console_json_is_exact(tmp_path):
    emoji_book(tmp_path)
    result = run(tmp_path, ["validate", "--json", "{tmp}"], charset="gbk")
    assert result.exit_code == 1 and result.exception is None or isinstance(
        result.exception, SystemExit)
    problems = json.loads(result.stdout_bytes.decode("gbk"))
    [bad] = [p for p in problems if p["code"] == "bad-amount"]
    assert "约60😀\u00a0" in bad["message"]  # escaped on the way out, exact when parsed
    assert b"\\ud83d\\ude00" in result.stdout_bytes


def test_gbk_console_build_json(tmp_path):
    emoji_book(tmp_path)
    result = run(tmp_path, ["build", "--json", "{tmp}", "--out", "{tmp}/out"], charset="gbk")
    data = json.loads(result.stdout_bytes.decode("gbk"))
    assert data["exit_code"] == result.exit_code == 1


# -- the manifest a maintainer saved with Notepad ---------------------------------------------

def templates_copy(tmp: Path) -> Path:
    folder = tmp / "模板"
    shutil.copytree(ROOT / "templates", folder)
    return folder


def manifest_as(encoding: str, damage: Callable[[str], str] = lambda s: s):
    def make(tmp: Path) -> None:
        folder = templates_copy(tmp)
        manifest = folder / "manifest.toml"
        text = damage(manifest.read_text("utf-8"))
        manifest.write_bytes(text.encode(encoding))
        target_book(tmp / "in" / "a.xlsx")
    return make


MANIFESTS = {
    "bom": Case(manifest_as("utf-8-sig"), ["build", "{tmp}/in", "--templates", "{tmp}/模板",
                                           "--out", "{tmp}/out"], 0, says=["完成"]),
    "ansi-gbk": Case(manifest_as("gbk"), ["build", "{tmp}/in", "--templates", "{tmp}/模板",
                                          "--out", "{tmp}/out"], 0, says=["完成"]),
    "utf-16": Case(manifest_as("utf-16"), ["build", "{tmp}/in", "--templates", "{tmp}/模板",
                                           "--out", "{tmp}/out"], 0, says=["完成"]),
    "broken": Case(manifest_as("gbk", lambda s: s.replace('needs = ["项目"', 'needs = ["项目"+')),
                   ["build", "{tmp}/in", "--templates", "{tmp}/模板", "--out", "{tmp}/out"], 3,
                   says=["模板问题", "template-manifest", "文书清单", "行", "请用记事本打开改正"],
                   never=["TOMLDecodeError", "Invalid"]),
    "validate-broken": Case(manifest_as("utf-8", lambda s: s + "\n[[document]\n"),
                            ["validate", "{tmp}/in", "--templates", "{tmp}/模板"], 3,
                            says=["template-manifest", "第"]),
}


@pytest.mark.parametrize("case", MANIFESTS.values(), ids=MANIFESTS.keys())
def test_manifest_saved_by_notepad(case, tmp_path):
    check(case, tmp_path)


# -- one cause, one line; documents not built are named ----------------------------------------

def _book(sheets: dict, name="a.xlsx", **kw):
    def make(tmp: Path) -> None:
        write_book(tmp / name, sheets, **kw)
    return make


NAMES = [f"项目{i:02d}" for i in range(1, 11)]
TITLE_ROW = [["某局项目支出预算表（单位：万元）"]]

ROOT_CAUSES = {
    "no-indicator-sheet": Case(
        _book({"部门信息": dept(), "项目": projects(2)}),
        ["build", "{tmp}", "--out", "{tmp}/out"], 1,
        says=["no-documents", "“项目支出绩效目标表”：缺少工作表“项目绩效指标”", "有错误，未生成"],
        never=["完成"]),
    "one-document-skipped": Case(
        _book({"部门信息": dept(), "预算": BUDGET_OK, "项目": projects(1)}),
        ["build", "{tmp}", "--out", "{tmp}/out"], 0,
        says=["已生成", "未生成 项目支出绩效目标表：缺少工作表“项目绩效指标”",
              "未生成 部门整体支出绩效自评报告：缺少工作表“自评报告”"]),
    "no-project-sheet": Case(
        _book({"部门信息": dept(), "项目绩效指标": indicators(NAMES)}),
        ["validate", "--all", "{tmp}"], 1,
        says=["[missing-sheet]", "有“项目绩效指标”表（60 行）但没有“项目”表"],
        never=["unknown-project"], count={"[missing-sheet]": 1}),
    "title-row-above-headers": Case(
        _book({"部门信息": dept(), "项目": [*TITLE_ROW, *projects(10)],
               "项目绩效指标": indicators(NAMES)}),
        ["validate", "--all", "{tmp}"], 1,
        says=["项目!A2", "[header-row]"],
        never=["unknown-project", "unknown-column"], count={"[header-row]": 1}),
    "title-row-above-indicator-headers": Case(
        _book({"部门信息": dept(), "项目": projects(10),
               "项目绩效指标": [*TITLE_ROW, *indicators(NAMES)]}),
        ["validate", "--all", "{tmp}"], 1,
        says=["项目绩效指标!A2", "[header-row]"],
        never=["missing-level1", "missing-level2", "unknown-column"]),
    "one-merged-range": Case(
        _book({"部门信息": dept(), "项目": projects(10), "项目绩效指标": indicators(NAMES)},
              merges={"项目绩效指标": ["A2:A7"]}),
        ["validate", "--all", "{tmp}"], 1,
        says=["[merged-cells]", "A2:A7"],
        never=["missing-value", "missing-level1", "missing-level2"],
        count={"[merged-cells]": 1}),
    "repeats-fold-into-a-range": Case(
        _book({"部门信息": dept(), "项目": projects(1),
               "项目绩效指标": [IND_HEAD, *[[f"别的项目{i}", *row[1:]] for i in range(63)
                                           for row in full_indicators("x")[:1]]]}),
        ["validate", "{tmp}"], 1,
        says=["项目绩效指标!A2:A64", "[unknown-project]", "同类问题共 63 处", "--all"],
        count={"[unknown-project]": 1}),
    "repeats-unfolded-with-all": Case(
        _book({"部门信息": dept(), "项目": projects(1),
               "项目绩效指标": [IND_HEAD, *[[f"别的项目{i}", *row[1:]] for i in range(63)
                                           for row in full_indicators("x")[:1]]]}),
        ["validate", "--all", "{tmp}"], 1, count={"[unknown-project]": 63}),
    "same-department-twice": Case(
        lambda tmp: (target_book(tmp / "a.xlsx"), target_book(tmp / "b.xlsx")),
        ["validate", "{tmp}"], 1, says=["[same-output]", "a.xlsx", "同名"]),
}


@pytest.mark.parametrize("case", ROOT_CAUSES.values(), ids=ROOT_CAUSES.keys())
def test_one_cause_is_reported_once(case, tmp_path):
    check(case, tmp_path)


# -- what is an input ---------------------------------------------------------------------------

def test_build_dot_twice_never_reads_its_own_outputs(tmp_path, monkeypatch):
    year = tmp_path / "2023"
    year.mkdir()
    target_book(year / "a.xlsx")
    monkeypatch.chdir(year)
    first = CliRunner().invoke(main, ["build", "."])
    assert first.exit_code == 0 and "已生成" in first.output, first.output
    second = CliRunner().invoke(main, ["build", "."])
    assert second.exit_code == 0 and "未变化" in second.output, second.output
    assert "共 1 个工作簿" in second.output
    again = CliRunner().invoke(main, ["validate", "."])
    assert again.exit_code == 0 and "跳过 1 个 xlgen 生成的文书" in again.output


def renamed_xlsx(tmp: Path) -> None:
    target_book(tmp / "a.xlsx")
    (tmp / "a.xlsx").rename(tmp / "改了名.xls")


FILES = {
    "old-xls": Case(lambda tmp: (target_book(tmp / "a.xlsx"), (tmp / "旧表.xls").write_bytes(OLE)),
                    ["validate", "{tmp}"], 1,
                    says=["旧表.xls", "另存为", ".xlsx", "共检查 2 个工作簿"]),
    "wps-et": Case(lambda tmp: (tmp / "某局.et").write_bytes(OLE), ["validate", "{tmp}"], 1,
                   says=["某局.et", "WPS 表格", "另存为"]),
    "xlsm-read-like-xlsx": Case(lambda tmp: (target_book(tmp / "a.xlsx"),
                                             (tmp / "a.xlsx").rename(tmp / "宏.xlsm")),
                                ["validate", "{tmp}"], 0, says=["宏.xlsm：没有发现问题"]),
    "xlsx-renamed-xls": Case(renamed_xlsx, ["build", "{tmp}", "--out", "{tmp}/out"], 0,
                             says=["[wrong-extension]", "改名为 改了名.xlsx", "已生成"],
                             never=["Cfb", "OLE", "损坏"]),
}


@pytest.mark.parametrize("case", FILES.values(), ids=FILES.keys())
def test_every_file_in_a_folder_is_named(case, tmp_path):
    check(case, tmp_path)


# -- sanity ------------------------------------------------------------------------------------

def in_folder(folder: str, make: Callable[[Path], object]):
    def inner(tmp: Path) -> None:
        (tmp / folder).mkdir()
        make(tmp / folder)
    return inner


SANITY = {
    "year-folder": Case(in_folder("2024", lambda d: target_book(d / "a.xlsx", year=2023)),
                        ["validate", "{tmp}"], 0,
                        says=["[year-folder]", "年度是 2023", "“2024”文件夹",
                              "请核对“年度”，或把工作簿放到正确的文件夹"],
                        never=["复制来的"]),  # nothing of 2023's outcome in it
    "year-folder-copied": Case(  # last year's, with its 实际支出, copied into 2024/
        in_folder("2024", lambda d: target_book(
            d / "a.xlsx", year=2023,
            项目=[PROJ_HEAD, ["项目01", "", 100, *[""] * (PROJ_HEAD.index("实际支出") - 3), 95]])),
        ["validate", "{tmp}"], 0,
        says=["[year-folder]", "像是复制来的上一年度工作簿",
              "xlgen init --from 上一年度的工作簿 a.xlsx"],
        never=["请核对“年度”，或把工作簿放到正确的文件夹"]),
    "year-folder-later": Case(  # a 2023 workbook with 实际支出 in 2022/: no copy of last year's
        in_folder("2022", lambda d: target_book(
            d / "a.xlsx", year=2023,
            项目=[PROJ_HEAD, ["项目01", "", 100, *[""] * (PROJ_HEAD.index("实际支出") - 3), 95]])),
        ["validate", "{tmp}"], 0,
        says=["[year-folder]", "请核对“年度”，或把工作簿放到正确的文件夹"], never=["复制来的"]),
    "year-folder-agrees": Case(in_folder("2023年", lambda d: target_book(d / "a.xlsx")),
                               ["validate", "{tmp}"], 0, never=["year-folder"]),
    "yuan-typed-in-wan": Case(
        _book({"部门信息": dept(unit="元"), "项目": [PROJ_HEAD, ["项目01", "", 2800]],
               "项目绩效指标": indicators(["项目01"])}),
        ["validate", "{tmp}"], 0,
        says=["[implausible-total]", "项目合计只有 0.28 万元", "部门信息!B"]),
    "wan-typed-in-yuan": Case(
        _book({"部门信息": dept(), "项目": [PROJ_HEAD, ["项目01", "", 123456789012]],
               "项目绩效指标": indicators(["项目01"])}),
        ["validate", "{tmp}"], 0, says=["[implausible-amount]", "项目!C2", "1,000 亿元"]),
    "plausible": Case(lambda tmp: target_book(tmp / "a.xlsx"), ["validate", "{tmp}"], 0,
                      never=["implausible"]),
}


@pytest.mark.parametrize("case", SANITY.values(), ids=SANITY.keys())
def test_sanity_checks(case, tmp_path):
    check(case, tmp_path)


# -- tuning warnings ----------------------------------------------------------------------------

def no_cost_indicator(tmp: Path) -> None:
    rows = [r for r in indicators(["项目01"]) if r[2] != "成本指标"]
    write_book(tmp / "a.xlsx", {"部门信息": dept(), "项目": projects(1), "项目绩效指标": rows})


def with_config(text: str, encoding="utf-8"):
    def make(tmp: Path) -> None:
        no_cost_indicator(tmp)
        (tmp / "xlgen.toml").write_bytes(text.encode(encoding))
    return make


TUNING = {
    "warning-shown": Case(no_cost_indicator, ["validate", "{tmp}"], 0, says=["[missing-level2]"]),
    "ignore-option": Case(no_cost_indicator, ["validate", "{tmp}", "--ignore", "missing-level2"],
                          0, never=["[missing-level2]"], says=["1 个警告已按设置忽略"]),
    "ignore-comma-list": Case(no_cost_indicator,
                              ["validate", "{tmp}", "--ignore", "missing-level2,year-folder"], 0,
                              never=["[missing-level2]"]),
    "ignore-unknown-code": Case(
        no_cost_indicator, ["validate", "{tmp}", "--ignore", "missing-levl2"], 2,
        says=["没有问题代码“missing-levl2”", "是否应为“missing-level2”"]),
    "ignore-an-error": Case(no_cost_indicator, ["validate", "{tmp}", "--ignore", "bad-amount"], 2,
                            says=["“bad-amount”是错误，不能忽略"]),
    "config-ignore": Case(with_config('ignore = ["missing-level2"]  # 本局不要求成本指标\n'),
                          ["validate", "{tmp}"], 0, never=["[missing-level2]"]),
    "config-in-gbk-raises-to-error": Case(
        with_config('# 本局要求\nerror = ["missing-level2"]\n', "gbk"),
        ["build", "{tmp}", "--out", "{tmp}/out"], 1,
        says=["错误  项目绩效指标", "[missing-level2]"]),
    "config-unknown-key": Case(with_config('ignroe = ["missing-level2"]\n'), ["validate", "{tmp}"],
                               2, says=["不认识的设置 ignroe", "xlgen.toml"]),
    "config-bad-toml": Case(with_config("ignore = [missing-level2]\n"), ["validate", "{tmp}"], 2,
                            says=["配置文件", "第 1 行", "英文双引号"]),
    "quiet-shows-errors-only": Case(
        lambda tmp: write_book(tmp / "a.xlsx", {"部门信息": dept(), "项目": projects(1, "约60"),
                                                "项目绩效指标": indicators(["项目01"])[:-1]}),
        ["validate", "-q", "{tmp}"], 1, says=["错误  项目!C2"], never=["警告  "]),
}


@pytest.mark.parametrize("case", TUNING.values(), ids=TUNING.keys())
def test_tuning_warnings(case, tmp_path):
    check(case, tmp_path)


def long_indicators(tmp: Path) -> None:
    """Six indicators of 6,000 characters each: each cell fits Excel, their 目标表 cell not."""
    rows = [[*r[:4], "约" + "一" * 5999, r[5]] for r in full_indicators("项目01")]
    target_book(tmp / "in" / "a.xlsx", 项目绩效指标=[IND_HEAD, *rows])


# found only when the document is rendered: validate and --dry-run render in memory as build
# does, so all three say it (and exit 1)
TOO_LONG = ["错误  项目支出绩效目标表!G7 [xlsx-cell-too-long]", "超过 Excel 单元格上限 32,767 个"]
RENDERED = {
    "build": Case(long_indicators, ["build", "{tmp}/in", "--out", "{tmp}/out"], 1,
                  says=TOO_LONG, never=["已生成"]),
    "validate": Case(long_indicators, ["validate", "{tmp}/in"], 1, says=TOO_LONG,
                     never=["没有发现问题"]),
    "dry-run": Case(long_indicators, ["build", "{tmp}/in", "--out", "{tmp}/out", "--dry-run"],
                    1, says=TOO_LONG, never=["将生成"]),
}


@pytest.mark.parametrize("case", RENDERED.values(), ids=RENDERED.keys())
def test_found_when_rendered(case, tmp_path):
    check(case, tmp_path)


# -- template mistakes --------------------------------------------------------------------------

def edit_template(change: Callable[[openpyxl.worksheet.worksheet.Worksheet], None],
                  books: int = 2, template: str = "区级/项目支出绩效目标表.xlsx",
                  **sheets: list[list]) -> Callable[[Path], None]:
    """Templates with ``change`` made to ``template`` (default: the district set's, which 区
    books use), and ``books`` target-table workbooks (with ``sheets`` besides)."""
    def make(tmp: Path) -> None:
        path = templates_copy(tmp) / template
        wb = openpyxl.load_workbook(path)
        change(wb.worksheets[0])
        wb.save(path)
        for i in range(books):
            target_book(tmp / "in" / f"{i}.xlsx", name=f"局{i}", **sheets)
    return make


def find(ws, text: str):
    return next(c for row in ws.iter_rows() for c in row
                if isinstance(c.value, str) and text in c.value)


def typo(ws) -> None:
    cell = find(ws, "{{ dept.name }}")
    cell.value = "{{ projects[0].ajusted }}"


def chinese_quotes(ws) -> None:
    cell = find(ws, "{{ dept.name }}")
    cell.value = "单位：{{ dept.name ~ “（盖章）” }}"


def drop_inner_endfor(ws) -> None:
    # The target table's project rows: make one inner loop and forget its endfor.
    cell = find(ws, "{% for")
    cell.value = "{% for p in projects %}"
    ws.insert_rows(cell.row + 1)
    ws.cell(cell.row + 1, 1, "{% for i in p.indicators %}")


def unknown_variable(ws) -> None:
    cell = find(ws, "{{ dept.")  # dept.name (区级), dept.own_level_name (市级)
    cell.value = cell.value.replace("{{ dept.", "{{ departement.")


def syntax_error(ws) -> None:
    find(ws, "{{ dept.name }}").value = "{{ dept.name }"


def dept_typo(ws) -> None:  # the 申报表 (shared by both sets)
    find(ws, "{{ dept.name }}").value = "{{ dept.nmae }}"


BUILD_T = ["build", "{tmp}/in", "--templates", "{tmp}/模板", "--out", "{tmp}/out"]
CHECK_T = ["templates", "check", "--templates", "{tmp}/模板"]
VALIDATE_T = ["validate", "{tmp}/in", "--templates", "{tmp}/模板"]
VARS_T = ["templates", "vars", "{tmp}/模板/区级/项目支出绩效目标表.xlsx",
          "--templates", "{tmp}/模板"]
DISTRICT = "区级/项目支出绩效目标表.xlsx"  # one of two templates of this file name
CITY = "市级/项目支出绩效目标表.xlsx"
SHARED = "部门整体预算绩效目标申报表.xlsx"
HELD = f"未生成 项目支出绩效目标表：模板 {DISTRICT} 有错误（见“模板问题”）"

TEMPLATES = {
    "typo-did-you-mean-once": Case(
        edit_template(typo), BUILD_T, 3,
        says=["模板问题", "没有字段“ajusted”，是否应为“adjusted”？", "项目支出绩效目标表!A2",
              f"  {DISTRICT}：错误  ", f"模板 {DISTRICT} 工作表", HELD, "模板有错误，未生成",
              "共 2 个工作簿，0 个成功，0 个有错误，2 个因模板有错误未生成。"],
        never=["has no attribute", "xlgen.model", "个成功，0 个有错误。", "模板出错"],
        count={"ajusted": 1}),
    # a workbook that loses one document of two to a template is not a success either
    "typo-partly-built": Case(
        edit_template(unknown_variable, books=1, 预算=BUDGET_OK), BUILD_T, 3,
        says=["已生成", HELD, "模板有错误，部分生成",
              "共 1 个工作簿，0 个成功，0 个有错误，1 个因模板有错误只生成了部分文书。"]),
    "typo-partly-dry-run": Case(
        edit_template(unknown_variable, books=1, 预算=BUDGET_OK), [*BUILD_T, "--dry-run"], 3,
        says=["将生成", "模板有错误，部分可生成",
              "共 1 个工作簿，0 个成功，0 个有错误，1 个因模板有错误只能生成部分文书。"]),
    "shared-template-typo": Case(
        edit_template(dept_typo, books=1, template=SHARED, 预算=BUDGET_OK), BUILD_T, 3,
        says=[f"  {SHARED}：错误  ", f"模板 {SHARED} 工作表",
              "“dept”没有字段“nmae”，是否应为“name”？", "模板有错误，部分生成"],
        never=["/部门整体预算绩效目标申报表.xlsx："]),
    # validate agrees with build: the templates' problems, exit code 3, what they hold up
    "validate-unknown-variable": Case(
        edit_template(unknown_variable), VALIDATE_T, 3,
        says=["模板问题", f"  {DISTRICT}：错误  ", "departement", HELD,
              "2 个工作簿有文书因模板有错误不能生成。模板有错误"]),
    # a mistake Jinja finds only while rendering (a field the data has not): validate and
    # --dry-run render in memory as build does, so they say what build would say
    "validate-typo": Case(
        edit_template(typo), VALIDATE_T, 3,
        says=["模板问题", "没有字段“ajusted”，是否应为“adjusted”？", "项目支出绩效目标表!A2",
              f"  {DISTRICT}：错误  ", HELD,
              "2 个工作簿有文书因模板有错误不能生成。模板有错误"],
        never=["没有发现问题，可以生成"], count={"ajusted": 1}),
    "typo-dry-run": Case(
        edit_template(typo), [*BUILD_T, "--dry-run"], 3,
        says=["没有字段“ajusted”，是否应为“adjusted”？", HELD, "模板有错误，不能生成",
              "共 2 个工作簿，0 个成功，0 个有错误，2 个因模板有错误不能生成。"],
        never=["将生成 "], count={"ajusted": 1}),
    "validate-clean": Case(edit_template(chinese_quotes), VALIDATE_T, 0,
                           never=["模板问题", "模板有错误"]),
    "check-city-set": Case(edit_template(unknown_variable, books=0, template=CITY), CHECK_T, 3,
                           says=[f"{CITY}：错误  ", f"模板 {CITY} 工作表"], never=[DISTRICT]),
    "chinese-quotes-accepted": Case(edit_template(chinese_quotes), BUILD_T, 0,
                                    says=["已生成"], never=["unexpected char"]),
    "inner-endfor-missing": Case(
        edit_template(drop_inner_endfor, books=1), BUILD_T, 3,
        says=["[template-block-unclosed]", "此处的 {% for %}", "缺少 {% endfor %}"],
        count={"[template-block-unclosed]": 1}),
    # templates check and vars on broken templates (each once ran only on good ones)
    "check-typo": Case(edit_template(typo, books=0), CHECK_T, 3,
                       says=["没有字段“ajusted”，是否应为“adjusted”？", "项目支出绩效目标表!A2",
                             f"{DISTRICT}：错误  ", f"模板 {DISTRICT} 工作表", "发现 1 个问题"],
                       never=[CITY]),
    "check-unknown-variable": Case(edit_template(unknown_variable, books=0), CHECK_T, 3,
                                   says=["departement", "项目支出绩效目标表!A2"]),
    "check-syntax": Case(edit_template(syntax_error, books=0), CHECK_T, 3,
                         says=["项目支出绩效目标表!A2"], never=["Traceback"]),
    "check-clean": Case(edit_template(chinese_quotes, books=0), CHECK_T, 0,
                        says=["发现 0 个问题"]),
    "vars-unknown-variable": Case(edit_template(unknown_variable, books=0), VARS_T, 0,
                                  says=["用到的变量：", "未知变量：departement"]),
    "vars-syntax": Case(edit_template(syntax_error, books=0), VARS_T, 3,
                        says=["项目支出绩效目标表"], never=["用到的变量："]),
}


@pytest.mark.parametrize("case", TEMPLATES.values(), ids=TEMPLATES.keys())
def test_template_mistakes(case, tmp_path):
    check(case, tmp_path)


def test_inner_endfor_is_placed_at_the_inner_loop(tmp_path):
    edit_template(drop_inner_endfor, books=1)(tmp_path)
    wb = openpyxl.load_workbook(tmp_path / "模板" / "区级" / "项目支出绩效目标表.xlsx")
    inner = find(wb.worksheets[0], "{% for i in p.indicators %}").coordinate
    result = run(tmp_path, ["templates", "check", "--templates", "{tmp}/模板"])
    assert result.exit_code == 3
    [line] = [ln for ln in result.output.splitlines() if "template-block-unclosed" in ln]
    assert f"!{inner} " in line, line


def test_template_problem_in_build_json(tmp_path):
    edit_template(typo)(tmp_path)
    result = run(tmp_path, [*BUILD_T, "--json"])
    data = json.loads(result.output)
    assert data["exit_code"] == result.exit_code == 3
    [problem] = data["templates"]
    assert problem["code"] == "template-render" and problem["location"] == "cell"
    for book in data["workbooks"]:
        assert book["ok"] and book["errors"] == 0
        assert {"document": "项目支出绩效目标表", "missing_sheets": [], "template": DISTRICT,
                "reason": f"模板 {DISTRICT} 有错误（见“模板问题”）"} in book["skipped"]
    assert problem["template"] == DISTRICT and f"模板 {DISTRICT} 工作表" in problem["message"]


@pytest.mark.parametrize("args", [CHECK_T, VALIDATE_T], ids=["templates check", "validate"])
def test_template_problem_in_json(tmp_path, args):
    edit_template(unknown_variable)(tmp_path)
    result = run(tmp_path, [*args, "--json"])
    assert result.exit_code == 3
    [problem] = [p for p in json.loads(result.output) if p["code"].startswith("template-")]
    assert problem["template"] == DISTRICT and problem["file"].endswith(DISTRICT)
    assert f"模板 {DISTRICT} 工作表" in problem["message"]


# -- a path that is not there -------------------------------------------------------------------

MISSING_PATHS = [  # (what the clerk typed, the suggestion; None: where the command ran)
    ("inputs/2024", "inputs/2024年"),
    ("inputs/2024/某局.xlsx", "inputs/2024年/某局.xlsx"),  # the file is there, its folder typo'd
    ("inputs/2024/其他局.xlsx", None),  # inputs/2024年 has no 其他局.xlsx
    ("input/2023", "inputs/2023"),
    ("inputs/2024年/某 局.xlsx", "inputs/2024年/某局.xlsx"),
    ("inputs/2025", None),  # never another year
    ("别处/某局.xlsx", None),
    ("生成结过", None),  # never xlgen's output folder (生成结果)
    ("input", "inputs"),
]


@pytest.mark.parametrize(("typed", "meant"), MISSING_PATHS)
def test_missing_path_names_the_nearest(typed, meant, tmp_path, monkeypatch):
    (tmp_path / "inputs" / "2024年").mkdir(parents=True)
    (tmp_path / "inputs" / "2023").mkdir()
    (tmp_path / "inputs" / "2024年" / "某局.xlsx").write_bytes(b"")
    (tmp_path / "生成结果").mkdir()
    (tmp_path / "生成结果" / ".xlgen-build.json").write_text("{}")
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main, ["validate", typed])
    assert result.exit_code == 2
    [line] = [ln.removeprefix("错误：") for ln in result.output.splitlines()
              if ln.startswith("错误：找不到文件或文件夹")]
    if meant is None:
        assert line == (f"找不到文件或文件夹：{typed}（当前文件夹是 {tmp_path}）。"
                        "请检查名称，或先用 cd 进入输入文件所在的文件夹。")
    else:
        assert line == f"找不到文件或文件夹：{typed}。是否应为 {Path(meant)}？"


# -- click in Chinese ----------------------------------------------------------------------------

ENGLISH = ["Usage:", "Options:", "Show this message", "Missing argument", "[default:", "Error:",
           "Try '"]
CLICK = {
    "main-help": Case(lambda tmp: None, ["--help"], 0, says=["用法:", "选项:", "命令:", "退出码"],
                      never=ENGLISH),
    "missing-argument": Case(lambda tmp: None, ["validate"], 2,
                             says=["用法: xlgen validate [选项] 文件或文件夹…",
                                   "错误：缺少“文件或文件夹…”。例如：xlgen validate inputs/2024\n",
                                   "查看帮助"], never=[*ENGLISH, "'文件"]),
    "missing-second-argument": Case(lambda tmp: (tmp / "表.xlsx").write_bytes(b""),
                                    ["import", "{tmp}/表.xlsx"], 2,
                                    says=["错误：缺少“新工作簿”。例如：xlgen import 2023年某局"
                                          "项目支出绩效目标表.xlsx inputs/2023/某局.xlsx"],
                                    never=ENGLISH),
    "no-such-file": Case(lambda tmp: None, ["import", "没有.xlsx", "新.xlsx"], 2,
                         says=["错误：“公开的表格”的值无效：找不到文件或文件夹：没有.xlsx"
                               "（当前文件夹是 ", "请检查名称，或先用 cd 进入"],
                         never=[*ENGLISH, "'"]),
    "no-such-file-one-name-away": Case(
        lambda tmp: (tmp / "2023年").mkdir() or (tmp / "2023年" / "某局.xlsx").write_bytes(b""),
        ["init", "--from", "{tmp}/2023/某局.xlsx", "{tmp}/2024/某局.xlsx"], 2,
        says=["错误：“--from”的值无效：找不到文件或文件夹：", "/2023/某局.xlsx。是否应为 ",
              "/2023年/某局.xlsx？"], never=[*ENGLISH, "'"]),
    "a-folder-for-a-file": Case(lambda tmp: (tmp / "2023年").mkdir(),
                                ["init", "--from", "{tmp}/2023年", "{tmp}/新.xlsx"], 2,
                                says=["2023年”是文件夹，应为文件。"], never=ENGLISH),
    "no-such-option": Case(lambda tmp: None, ["build", "x", "--nosuch"], 2,
                           says=["没有选项“--nosuch”。"], never=ENGLISH),
    "bad-year": Case(lambda tmp: None, ["init", "x.xlsx", "--year", "abc"], 2,
                     says=["错误：“--year”的值无效：“abc”不是有效的年度。"], never=ENGLISH),
    "year-out-of-range": Case(lambda tmp: None, ["init", "x.xlsx", "--year", "1990"], 2,
                              says=["应为 2000 到 2100 之间的年份，如 2024，却是 1990。"],
                              never=[*ENGLISH, "<="]),
    "bad-jobs": Case(lambda tmp: None, ["build", "x", "-j", "0"], 2,
                     says=["错误：“-j / --jobs”的值无效：应为不小于 1 的整数，却是 0。"],
                     never=ENGLISH),
    "no-value": Case(lambda tmp: None, ["init", "x.xlsx", "--year"], 2,
                     says=["选项“--year”后面需要一个值。"], never=ENGLISH),
    "no-such-option-one-away": Case(lambda tmp: None, ["validate", "x", "--stric"], 2,
                                    says=["错误：没有选项“--stric”。是否应为“--strict”？\n"],
                                    never=[*ENGLISH, "'"]),
    "no-such-option-near-several": Case(
        lambda tmp: None, ["build", "x", "--job", "2"], 2,
        says=["错误：没有选项“--job”。是否应为其中之一：“--jobs”、“--json”、“--out”？\n"],
        never=[*ENGLISH, "'"]),
    "no-such-main-option": Case(lambda tmp: None, ["--verison"], 2,
                                says=["错误：没有选项“--verison”。是否应为“--version”？\n"],
                                never=[*ENGLISH, "'"]),
    "no-such-command": Case(lambda tmp: None, ["biuld"], 2,
                            says=["错误：没有命令“biuld”。是否应为“build”？\n"],
                            never=[*ENGLISH, "'"]),
    "no-such-subcommand": Case(lambda tmp: None, ["templates", "chek"], 2,
                               says=["错误：没有命令“chek”。是否应为“check”？\n"],
                               never=[*ENGLISH, "'"]),
    "no-such-command-far": Case(lambda tmp: None, ["zzz"], 2, says=["错误：没有命令“zzz”。\n"],
                                never=[*ENGLISH, "是否"]),
}
for name in ("init", "validate", "build", "codes", "templates", "templates check",
             "templates vars"):
    CLICK[f"help-{name}"] = Case(lambda tmp: None, [*name.split(), "--help"], 0,
                                 says=["用法:", "示例", "显示帮助并退出"], never=ENGLISH)
CLICK["help-build"].says.append("[默认：outputs]")


@pytest.mark.parametrize("case", CLICK.values(), ids=CLICK.keys())
def test_click_speaks_chinese(case, tmp_path):
    check(case, tmp_path)


HELPS = ["", "init", "import", "validate", "build", "summary", "codes", "templates",
         "templates list", "templates check", "templates vars", "templates export"]


@pytest.mark.parametrize("name", HELPS)
def test_help_joins_chinese_lines_without_a_space(name, tmp_path):
    """Click joins a paragraph's lines with a space: a sentence split over two lines of a
    docstring prints as ``字段）； 给出``."""
    out = run(tmp_path, [*name.split(), "--help"]).output
    assert not re.findall(r"[，。；：、）] (?![ \[])", out), out


def _commands(group: click.Group, prefix: str = ""):
    for name, command in group.commands.items():
        yield f"{prefix}{name}", command
        if isinstance(command, click.Group):
            yield from _commands(command, f"{prefix}{name} ")


def test_every_help_covers_every_command():
    assert sorted(HELPS[1:]) == sorted(name for name, _ in _commands(main))


@pytest.mark.parametrize("name", HELPS)
def test_help_placeholders_are_chinese(name, tmp_path):
    """Every argument and option that takes a value shows a Chinese placeholder (click's own
    would be FOLDER, TEXT, INTEGER), and every example path under templates/ exists in the
    templates as shipped (by set: templates/区级/…)."""
    command = dict(_commands(main)).get(name, main)
    for param in command.params:
        if isinstance(param, click.Option) and (param.is_flag or param.count):
            continue
        assert param.metavar and not re.search(r"[A-Za-z]", param.metavar), \
            (name, param.name, param.metavar)
    out = run(tmp_path, [*name.split(), "--help"]).output
    capitals = set(re.findall(r"(?<![\w-])[A-Z][A-Z_]+(?![\w-])", out))
    assert capitals <= {"JSON", "PDF", "CPU", "WPS", "MB", "XLGEN_TEMPLATES"}, (capitals, out)
    for path in re.findall(r"templates/\S+\.(?:xlsx|docx)", out):
        assert (ROOT / path).is_file(), path


# -- build --json for scripts ----------------------------------------------------------------------

def test_build_json_per_workbook(tmp_path):
    target_book(tmp_path / "a.xlsx")
    write_book(tmp_path / "b.xlsx", {"部门信息": dept("乙局"), "项目": projects(1, "约60")})
    result = run(tmp_path, ["build", "--json", "{tmp}", "--out", "{tmp}/out"])
    data = json.loads(result.output)
    assert result.exit_code == data["exit_code"] == 1 and data["templates"] == []
    a, b = data["workbooks"]
    assert (a["department"], a["year"], a["ok"]) == ("测试局", 2023, True)
    assert a["template_set"] == "区级"  # 预算级次 not filled: 区
    assert [Path(p).name for p in a["written"]] == ["2023年测试局项目支出绩效目标表.xlsx"]
    assert {s["document"]: s["missing_sheets"] for s in a["skipped"]} == {
        "部门整体预算绩效目标申报表": ["预算"], "部门整体支出绩效自评报告": ["自评报告"],
        "项目支出绩效自评表": ["项目绩效指标.实际完成值"]}  # a column: filled after the year
    assert not b["ok"] and b["written"] == [] and b["errors"] >= 1
    assert {"bad-amount", "no-documents"} <= {p["code"] for p in b["problems"]}


# -- progress ------------------------------------------------------------------------------------

def test_no_progress_bar_off_a_terminal(tmp_path):
    target_book(tmp_path / "a.xlsx")
    target_book(tmp_path / "b.xlsx", name="乙局")
    result = run(tmp_path, ["build", "{tmp}", "--out", "{tmp}/out"])
    assert result.exit_code == 0 and result.stderr == ""


def test_progress_bar_names_the_workbook_on_a_terminal(monkeypatch):
    import io
    import sys

    from xlgen.cli.display import progress

    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    screen = Terminal()
    monkeypatch.setattr(sys, "stderr", screen)
    with progress(2, "正在生成") as bar:
        bar.start(Path("inputs/2024/某区政务服务数据管理局.xlsx"))
        bar.done(None)  # type: ignore[arg-type]
        bar.start(Path("乙局.xlsx"))
    assert "正在生成" in screen.getvalue() and "某区政务服务数据管理局.xlsx" in screen.getvalue()
    assert "乙局.xlsx" in screen.getvalue()


def test_every_translated_click_message_still_exists_in_click():
    """A click release that rewords a message would silently bring the English back."""
    import click

    from xlgen.cli.click_zh import MESSAGES

    source = "".join(p.read_text("utf-8") for p in Path(click.__file__).parent.glob("*.py"))
    gone = [m for m in MESSAGES if repr(m)[1:-1] not in source and f'"{m}"' not in source]
    assert not gone, gone
