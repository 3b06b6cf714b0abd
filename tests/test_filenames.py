"""Names for Windows and Linux alike: reserved device names, forbidden characters, a very
long 部门名称 (255-byte names, Excel's 218-character paths), Windows paths, GBK consoles
(issues 9 and 18)."""

import ntpath
import types
import warnings
from pathlib import Path, PureWindowsPath

import pytest
from test_build import good, run

from xlgen.filenames import (
    NAME_BYTES,
    fit_name,
    folder_year,
    is_reserved,
    safe_filename,
    shorten,
)
from xlgen.output.names import (
    DEPT_CHARS,
    WINDOWS_PATH,
    dept_name,
    place,
    too_long_message,
)
from xlgen.render import find_templates

LONG = "某某市某某区人力资源和社会保障局" * 8  # 128 characters, 384 UTF-8 bytes


def windows_reserved(name: str) -> bool:
    """Python's own opinion (PureWindowsPath.is_reserved, deprecated from 3.13)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        return PureWindowsPath(name).is_reserved()


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("某区财政局", "某区财政局"),
        ("CON", "CON_"),
        ("con", "con_"),
        ("Nul.xlsx", "Nul_.xlsx"),
        ("AUX.tar.gz", "AUX_.tar.gz"),
        ("PRN ", "PRN_"),
        ("CON .", "CON_"),              # Windows drops trailing dots and spaces: still CON
        ("CON .txt", "CON_.txt"),
        ("com1", "com1_"),
        ("COM9.docx", "COM9_.docx"),
        ("LPT1", "LPT1_"),
        ("lpt5.pdf", "lpt5_.pdf"),
        ("COM¹", "COM¹_"),
        ("CONIN$", "CONIN$_"),
        ("COM10", "COM10"),              # not a device
        ("CONSOLE", "CONSOLE"),
        ("某局.", "某局"),
        (" 某局 ", "某局"),
        ("...某局...", "某局"),
        ('a/b\\c:d*e?f"g<h>i|j', "a_b_c_d_e_f_g_h_i_j"),
        ("甲\t乙\n丙\x00", "甲_乙_丙_"),
        ("中心（二级）·站", "中心（二级）·站"),
        ("某局[机关]", "某局［机关］"),  # Excel will not save (some versions open) a name with []
        ("[2024]某局]", "［2024］某局］"),
    ],
)
def test_safe_filename(text, name):
    assert safe_filename(text) == name
    assert not windows_reserved(name) and not is_reserved(name)
    assert PureWindowsPath("D:/", name).name == name  # one component, no separator in it


@pytest.mark.parametrize("name", ["CON", "nul", "Aux.xlsx", "COM3.docx", "LPT2 .pdf",
                                  "CON.tar.gz", "PRN"])
def test_reserved_as_python_says(name):
    assert is_reserved(name) and windows_reserved(name)


def test_shorten_is_readable_stable_and_distinct():
    short = shorten(LONG, DEPT_CHARS)
    assert len(short) == DEPT_CHARS
    assert short.startswith(LONG[:30]) and "…" in short
    assert shorten(LONG, DEPT_CHARS) == short  # the same every run: a rebuild finds its files
    assert shorten(LONG + "甲", DEPT_CHARS) != short  # same head, different name
    assert shorten("某区财政局", DEPT_CHARS) == "某区财政局"


@pytest.mark.parametrize("length", [1, 69, 85, 100, 300, 2000])
def test_any_department_name_fits_every_file_system(length):
    dept = ("局" * length)
    templates = find_templates(None, [])
    docs = templates.documents(templates.manifest.sets[0].name)
    placed = place(Path("/srv/out/2024"), dept, 2024, docs)
    for path in [placed.folder, *placed.files]:
        assert len(path.name.encode("utf-8")) <= NAME_BYTES
        assert path.name.startswith("2024年局") or path == placed.folder
    for path, doc in zip(placed.files, docs, strict=True):
        assert path.name.endswith(Path(doc.filename(2024, "")).name.removeprefix("2024年"))


def test_fit_name_keeps_the_extension():
    name = fit_name("2024年" + LONG * 2 + "项目支出绩效目标表.xlsx")
    assert name.endswith(".xlsx") and name.startswith("2024年某某市")
    assert len(name.encode("utf-8")) <= NAME_BYTES
    assert fit_name("短名.xlsx") == "短名.xlsx"


def test_windows_paths_fit_excels_limit():
    """A deep output folder and a long name: every path within the 218 characters Excel
    opens, as a Windows path (backslashes, a drive), deterministically."""
    templates = find_templates(None, [])
    docs = templates.documents("区级")
    root = PureWindowsPath("D:\\各部门预算绩效\\2024年度\\第一批\\输出文件夹" + "子" * 100)
    placed = place(root, LONG, 2024, docs, max_path=WINDOWS_PATH)
    assert placed.fits and placed.longest <= WINDOWS_PATH
    assert all(len(str(p)) <= WINDOWS_PATH for p in placed.files)
    assert all(str(p).startswith("D:\\各部门预算绩效\\") and "/" not in str(p)
               for p in placed.files)
    assert placed.dept == placed.folder.name and len(placed.dept) < DEPT_CHARS
    assert placed.dept.startswith("某某市某某区") and "…" in placed.dept
    assert all(p.name.startswith(f"2024年{placed.dept}") for p in placed.files)
    assert place(root, LONG, 2024, docs, max_path=WINDOWS_PATH) == placed
    # A short name in a short folder is left alone.
    plain = place(PureWindowsPath("D:\\绩效\\输出"), "某区财政局", 2024, docs,
                  max_path=WINDOWS_PATH)
    assert plain.fits
    assert str(plain.files[0]).startswith("D:\\绩效\\输出\\某区财政局\\2024年某区财政局")


def test_a_folder_too_deep_for_any_name_is_said_plainly():
    templates = find_templates(None, [])
    docs = templates.documents("区级")
    root = PureWindowsPath("D:\\" + "很深的文件夹\\" * 30)
    placed = place(root, LONG, 2024, docs, max_path=WINDOWS_PATH)
    assert not placed.fits
    message = too_long_message(placed)
    assert "218" in message and "--out" in message
    message.encode("gbk")  # a Chinese Windows console shows it


EXT_B = "𠮷"  # a CJK character outside the BMP (Extension B), as in some place names


def test_a_character_outside_the_bmp_counts_twice_as_windows_counts_it():
    """Windows measures a path in UTF-16 units: 𠮷 is two. A path that fits in characters
    but not in UTF-16 units is shortened."""
    docs = find_templates(None, []).documents("区级")
    name = EXT_B + "某某区人力资源和社会保障局"
    free = place(PureWindowsPath("D:\\输出"), name, 2024, docs)
    chars = max(len(str(p)) for p in free.files)
    root = PureWindowsPath("D:\\输出" + "子" * (WINDOWS_PATH - chars))  # characters: 218
    assert max(len(str(p)) for p in place(root, name, 2024, docs).files) == WINDOWS_PATH
    placed = place(root, name, 2024, docs, max_path=WINDOWS_PATH)
    assert placed.fits and placed.longest <= WINDOWS_PATH
    assert placed.dept != name and placed.dept.startswith(EXT_B)


def test_a_relative_output_folder_counts_the_folder_it_is_in_on_windows(
        monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """On Windows, ``--out 输出`` is as long as the current folder plus 输出: the budget adds
    the difference, in UTF-16 units (ntpath stands in for Windows' os.path)."""
    from xlgen.output import names

    monkeypatch.setattr(names, "os", types.SimpleNamespace(name="nt", path=ntpath))
    cwd = tmp_path / f"绩效{EXT_B}"
    cwd.mkdir()
    monkeypatch.chdir(cwd)
    max_path, extra = names.windows_budget(Path("输出"))
    assert max_path == WINDOWS_PATH
    assert extra == len(str(cwd)) + 1 + 1  # the separator, and 𠮷's second UTF-16 unit
    monkeypatch.undo()
    assert names.windows_budget(Path("输出")) == (None, 0)  # elsewhere: no limit


def test_names_show_on_a_gbk_console():
    """Shortened names use only characters GBK (cp936) has, when the 部门名称 does."""
    for text in (LONG, "CON", "某局" * 40):
        dept_name(text).encode("cp936")
        shorten(text, 20).encode("gbk")


def test_build_with_a_very_long_department_name(tmp_path):
    """Issue 18: a 部门名称 over about 69 characters failed every file with "File name too
    long" and a misleading permissions hint."""
    good(tmp_path / "a.xlsx", LONG)
    result = run(tmp_path / "a.xlsx", "--out", tmp_path / "out")
    assert result.exit_code == 0, result.output
    files = sorted(p for p in (tmp_path / "out").rglob("*") if p.is_file()
                   and not p.name.startswith("."))
    assert len(files) == 2
    [folder] = {p.parent for p in files}
    assert folder.name == shorten(LONG, DEPT_CHARS)
    assert {p.name.removeprefix("2023年" + folder.name) for p in files} == {
        "部门整体预算绩效目标申报表.xlsx", "项目支出绩效目标表.xlsx"}
    # The documents themselves carry the whole name.
    import openpyxl

    table = next(p for p in files if "项目支出" in p.name)
    wb = openpyxl.load_workbook(table)
    assert LONG in (wb.properties.title or "")
    assert any(LONG in str(c.value) for row in wb.active.iter_rows() for c in row if c.value)
    # A rebuild finds the same names.
    assert "未变化" in run(tmp_path / "a.xlsx", "--out", tmp_path / "out").output


def test_square_brackets_never_reach_a_file_name(tmp_path):
    """A 部门名称 “某局[机关]” made “2023年某局[机关]项目支出绩效目标表.xlsx”: Excel's 另存为
    refuses such a name, some versions will not open it, and a formula reads [..] as a
    workbook. Folder, documents and zip now use the full-width ［］, which read the same."""
    good(tmp_path / "a.xlsx", "某局[机关]")
    result = run(tmp_path / "a.xlsx", "--out", tmp_path / "out", "--bundle")
    assert result.exit_code == 0, result.output
    made = [p.relative_to(tmp_path / "out").as_posix() for p in (tmp_path / "out").rglob("*")
            if not p.name.startswith(".")]
    assert "某局［机关］" in made and len(made) == 4, made
    assert not any(c in name for name in made for c in "[]")
    assert "某局［机关］/2023年某局［机关］预算绩效文书.zip" in made


def test_build_for_a_department_named_like_a_device(tmp_path):
    good(tmp_path / "a.xlsx", "CON")
    assert run(tmp_path / "a.xlsx", "--out", tmp_path / "out").exit_code == 0
    assert [p.name for p in (tmp_path / "out").iterdir() if p.is_dir()] == ["CON_"]


@pytest.mark.parametrize(("path", "year"), [
    ("inputs/2024/某局.xlsx", 2024),
    ("2024年/某局.xlsx", 2024),
    ("2024年度/某局.xlsx", 2024),
    ("2023/2024年度/某局/某局.xlsx", 2024),  # the nearest
    ("inputs/某局.xlsx", None),
    ("2024年预算/某局.xlsx", None),
    ("12024/某局.xlsx", None),
    ("2024-各部门/某局.xlsx", None),
])
def test_folder_year_one_rule_for_init_and_validate(tmp_path, path, year):
    assert folder_year(tmp_path / path) == year


def test_an_output_folder_name_no_file_system_takes_is_said_not_a_traceback(tmp_path):
    """``--out`` with a folder named in 86 or more Chinese characters (over 255 bytes) ended
    in a Python traceback, "File name too long", from the first look beneath it."""
    long_name = "某某市某某区人力资源和社会保障局" * 6  # 96 characters, 288 bytes
    good(tmp_path / "a.xlsx", "甲局")
    result = run(tmp_path / "a.xlsx", "--out", tmp_path / long_name / "输出")
    assert result.exit_code == 2, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert ("输出文件夹（--out）中的名称太长：“某某市某某区人力资源和社…”有 288 个字节，最多 255 个"
            "（一个汉字占 3 个字节，约 85 个汉字）。请改用较短的文件夹名称。") in result.output
    assert "Traceback" not in result.output
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.xlsx"]  # nothing made


def test_windows_counts_a_folder_name_in_characters(monkeypatch):
    from xlgen import filenames
    from xlgen.output import names

    monkeypatch.setattr(filenames, "os", types.SimpleNamespace(name="nt", path=ntpath))
    assert names.long_folder_name(PureWindowsPath("D:/", "局" * 255)) is None  # 765 bytes
    said = names.long_folder_name(PureWindowsPath("D:/", "局" * 256, "输出"))
    assert said is not None and "有 256 个字符，最多 255 个。" in said


@pytest.mark.parametrize(("command", "what"), [
    (["summary", "{inputs}", "--out", "{long}.xlsx"], "汇总表的路径（--out）"),
    (["init", "{long}.xlsx"], "新工作簿的路径"),
    (["init", "2024/{long}"], "新工作簿的路径"),
    (["import", "{source}", "{long}.xlsx"], "新工作簿的路径"),
])
def test_a_file_name_no_file_system_takes_is_said_not_a_traceback(tmp_path, monkeypatch,
                                                                   command, what):
    """``summary --out``, ``init`` and ``import`` given a name of 90 Chinese characters (270
    bytes; Linux takes 255): “File name too long” ended in a traceback; now exit 2 and what
    to do, nothing written."""
    from click.testing import CliRunner

    from xlgen.cli.commands import main

    (tmp_path / "in").mkdir()
    source = good(tmp_path / "in" / "某局.xlsx")
    monkeypatch.chdir(tmp_path)
    args = [a.format(inputs=source.parent, long="汇" * 90, source=source) for a in command]
    result = CliRunner().invoke(main, args, catch_exceptions=False)
    assert result.exit_code == 2, result.output
    assert f"{what}中的名称太长：“汇汇汇汇汇汇汇汇汇汇汇汇…”有 275 个字节" in result.output
    assert "请改用较短的名称。" in result.output and "Traceback" not in result.output
    assert sorted(p.name for p in tmp_path.iterdir()) == ["in"]
