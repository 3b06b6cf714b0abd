"""The installed package is the product (issue 9).

One wheel is built from the project, and from it the two offline bundles (``make offline``,
tools/offline.py). The Linux bundle is installed the way a clerk installs it, with its
install.sh, into a fresh venv beside it, with nothing from the package index (``--no-index``,
pip's own configuration switched off); from an empty folder that venv then runs every command
and the bundle's 生成文书.sh builds the sample it carries. Both bundles are checked for a
wheel of every dependency on each supported Python, and their scripts for the encodings and
line ends Windows and Linux read.

Building the wheel and downloading the dependencies' wheels needs the package index (PyPI, or
pip's configured mirror), as CI has. The module takes about 30 seconds.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import offline
import pytest
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

from xlgen.render import ZIP_TIME

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = offline.SAMPLE
VERSION, DEPENDENCIES = offline.project()
DOCUMENTS = ("部门整体预算绩效目标申报表.xlsx", "项目支出绩效目标表.xlsx",
             "部门整体支出绩效自评报告.docx", "项目支出绩效自评表.xlsx")
# Characters of the Windows scripts' GBK bytes cmd would read as syntax if it misread a
# double-byte character as two single bytes (a trail byte can be 0x40-0x7E).
CMD_SYNTAX = b"\\^|"
PLACEHOLDER = re.compile(r"@[A-Z_]+@")  # tools/bundle's words offline.py fills in


def run(*args: str | Path, cwd: Path, env: dict[str, str] | None = None
        ) -> subprocess.CompletedProcess[str]:
    result = subprocess.run([str(a) for a in args], cwd=cwd, env=env, capture_output=True,
                            text=True, encoding="utf-8", timeout=600)
    assert result.returncode == 0, f"{args}\n{result.stdout}\n{result.stderr}"
    return result


def offline_env() -> dict[str, str]:
    """This process's environment without pip's configuration (this machine's find-links and
    mirrors) or a templates folder: what a clerk's PC has."""
    env = {k: v for k, v in os.environ.items()
           if not k.startswith("PIP_") and k != "XLGEN_TEMPLATES"}
    return {**env, "PIP_CONFIG_FILE": os.devnull, "PYTHONIOENCODING": "utf-8"}


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return offline.build_wheel(tmp_path_factory.mktemp("wheel"))


@pytest.fixture(scope="module")
def bundles(wheel: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    dist = tmp_path_factory.mktemp("dist")
    return {name: offline.write_bundle(dist, target, wheel)
            for name, target in offline.TARGETS.items()}


@pytest.fixture(scope="module")
def installed(bundles: dict[str, Path], tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The Linux bundle unpacked into a folder with Chinese and a space in its path and
    installed by its install.sh (this Python): the bundle's folder."""
    home = tmp_path_factory.mktemp("clerk") / "离线 安装"
    with zipfile.ZipFile(bundles["linux_x86_64"]) as zf:
        zf.extractall(home)
    [bundle] = home.iterdir()
    env = {**offline_env(), "PYTHON": sys.executable}
    run("sh", bundle / "install.sh", cwd=home, env=env)
    return bundle


def test_the_wheel_carries_every_template_of_every_set(wheel: Path) -> None:
    shipped = sorted(p.relative_to(ROOT / "templates").as_posix()
                     for p in (ROOT / "templates").rglob("*") if p.is_file())
    with zipfile.ZipFile(wheel) as zf:
        names = zf.namelist()
    carried = sorted(n.removeprefix("xlgen/templates/") for n in names
                     if n.startswith("xlgen/templates/"))
    assert carried == shipped
    assert {"xlgen/data/contract.toml", "xlgen/data/framework.toml", "xlgen/data/problems.toml",
            "xlgen/data/scoring.toml", "xlgen/__main__.py"} <= set(names)
    assert any(n.startswith("xlgen/templates/区级/") for n in names)
    assert any(n.startswith("xlgen/templates/市级/") for n in names)


def test_from_an_empty_folder_every_command_works(installed: Path, tmp_path: Path) -> None:
    env = offline_env()
    scripts = installed / "venv" / "bin"
    xlgen = scripts / "xlgen"
    help_text = run(scripts / "python", "-m", "xlgen", "--help", cwd=tmp_path, env=env).stdout
    assert "用法" in help_text
    run(xlgen, "init", "inputs/2024/测试局.xlsx", cwd=tmp_path, env=env)
    assert (tmp_path / "inputs" / "2024" / "测试局.xlsx").is_file()
    check = run(xlgen, "templates", "check", cwd=tmp_path, env=env).stdout
    assert "共检查 5 个模板，发现 0 个问题" in check
    listing = run(xlgen, "templates", "list", cwd=tmp_path, env=env).stdout
    assert "区级" in listing and "市级" in listing and "项目支出绩效自评表" in listing
    shipped = installed / "venv" / "lib" / "python{}.{}".format(*sys.version_info) / (
        "site-packages/xlgen/templates")
    assert listing.startswith(f"模板文件夹：{shipped}（随 xlgen 安装的模板）\n")
    (tmp_path / "in").mkdir()
    shutil.copy(SAMPLE, tmp_path / "in" / SAMPLE.name)
    run(xlgen, "build", "in", "--out", "out", cwd=tmp_path, env=env)
    built = sorted(p.name for p in (tmp_path / "out").rglob("*") if p.is_file()
                   and not p.name.startswith("."))
    assert built == sorted(f"2023年示例区政务服务数据管理局{d}" for d in DOCUMENTS)
    run(xlgen, "templates", "export", "我的模板", cwd=tmp_path, env=env)
    assert (tmp_path / "我的模板" / "市级" / "项目支出绩效目标表.xlsx").is_file()


def test_the_linux_bundle_builds_its_sample_with_its_script(installed: Path,
                                                             tmp_path: Path) -> None:
    result = run("sh", installed / "生成文书.sh", installed / "示例", cwd=tmp_path,
                 env=offline_env())
    out = installed / "示例" / "outputs"
    assert f"完成。文书在：{out}" in result.stdout
    folder = out / "示例区政务服务数据管理局"
    assert sorted(p.name for p in folder.iterdir()) == sorted(
        f"2023年示例区政务服务数据管理局{d}" for d in DOCUMENTS)
    assert list(tmp_path.iterdir()) == []  # nothing written where it was run from


def _python(version: str) -> str | None:
    """A working CPython ``version`` on this machine: on PATH, or installed by pyenv."""
    pyenv = Path(os.environ.get("PYENV_ROOT", Path.home() / ".pyenv"))
    found = [shutil.which(f"python{version}"),
             *map(str, sorted(pyenv.glob(f"versions/{version}.*/bin/python{version}")))]
    for candidate in filter(None, found):
        if subprocess.run([candidate, "-c", "import ensurepip, venv"],
                          capture_output=True).returncode == 0:
            return candidate
    return None


OTHER_PYTHONS = [v for v in offline.PYTHONS if v != "{}.{}".format(*sys.version_info)]


@pytest.mark.parametrize("version", OTHER_PYTHONS)
def test_the_linux_bundle_installs_and_builds_on_the_other_pythons(
        bundles: dict[str, Path], version: str, tmp_path: Path) -> None:
    python = _python(version)
    if python is None:
        pytest.skip(f"no Python {version} on this machine")
    with zipfile.ZipFile(bundles["linux_x86_64"]) as zf:
        zf.extractall(tmp_path)
    [bundle] = tmp_path.iterdir()
    env = offline_env()
    run("sh", bundle / "install.sh", cwd=tmp_path, env={**env, "PYTHON": python})
    run("sh", bundle / "生成文书.sh", bundle / "示例", cwd=tmp_path, env=env)
    version_line = run(bundle / "venv" / "bin" / "python", "--version", cwd=tmp_path).stdout
    assert version_line.startswith(f"Python {version}.")
    built = list((bundle / "示例" / "outputs" / "示例区政务服务数据管理局").iterdir())
    assert len(built) == len(DOCUMENTS)


def test_the_linux_scripts_say_what_to_do_when_used_wrongly(installed: Path,
                                                            tmp_path: Path) -> None:
    no_folder = subprocess.run(["sh", installed / "生成文书.sh"], cwd=tmp_path,
                               capture_output=True, text=True, env=offline_env())
    assert no_folder.returncode == 2 and "用法：sh 生成文书.sh 输入文件夹" in no_folder.stderr
    not_there = subprocess.run(["sh", installed / "生成文书.sh", tmp_path / "没有这个文件夹"],
                               cwd=tmp_path, capture_output=True, text=True, env=offline_env())
    assert not_there.returncode == 2 and "找不到文件或文件夹" in not_there.stderr
    assert "没有生成任何文书：给出的不是放输入工作簿的文件夹或工作簿" in not_there.stdout
    assert "已生成的文书在" not in not_there.stdout
    bare = tmp_path / "bin"  # a PATH with the tools the script uses, and no Python
    bare.mkdir()
    (bare / "dirname").symlink_to(shutil.which("dirname") or "/usr/bin/dirname")
    env = {**offline_env(), "PATH": str(bare), "PYTHON": ""}
    no_python = subprocess.run(["/bin/sh", installed / "install.sh"], cwd=tmp_path,
                               capture_output=True, text=True, env=env)
    assert no_python.returncode == 1
    assert "没有找到 Python 3.11、3.12、3.13 或 3.14" in no_python.stderr


@pytest.mark.parametrize("python", [
    f'#!/bin/sh\nexec "{sys.executable}" -I -S "$@"\n',  # runs, but xlgen is not there
    None,  # the Python the venv was made from is gone: venv/bin/python points nowhere
])
def test_the_linux_script_says_a_broken_install_is_not_a_workbook_error(tmp_path: Path,
                                                                       python) -> None:
    """Python exits 1 for "No module named xlgen" as xlgen does for a workbook error: the
    script must not send the clerk to look for a mistake in the workbooks."""
    folder = tmp_path / "bundle"
    (folder / "venv" / "bin").mkdir(parents=True)
    shutil.copy(ROOT / "tools/bundle/linux_x86_64/生成文书.sh", folder)
    shutil.copytree(ROOT / "inputs" / "示例", folder / "示例")
    venv_python = folder / "venv" / "bin" / "python"
    if python is None:
        venv_python.symlink_to(tmp_path / "gone" / "python3.11")
    else:
        venv_python.write_text(python)
        venv_python.chmod(0o755)
    result = subprocess.run(["sh", folder / "生成文书.sh", folder / "示例"], cwd=tmp_path,
                            capture_output=True, text=True, env=offline_env())
    assert result.returncode == 2, result
    assert "运行环境不能使用了" in result.stderr and "install.sh" in result.stderr
    assert "工作簿有错误" not in result.stdout + result.stderr
    assert not (folder / "示例" / "outputs").exists()


def _members(bundle: Path) -> dict[str, zipfile.ZipInfo]:
    top = bundle.name.removesuffix(".zip")
    with zipfile.ZipFile(bundle) as zf:
        infos = zf.infolist()
    assert all(i.filename.startswith(f"{top}/") for i in infos)
    return {i.filename.removeprefix(f"{top}/"): i for i in infos}


@pytest.mark.parametrize("python", offline.PYTHONS)
@pytest.mark.parametrize("target", sorted(offline.TARGETS))
def test_each_bundle_has_every_dependency_for_each_python(
        bundles: dict[str, Path], target: str, python: str, tmp_path: Path) -> None:
    with zipfile.ZipFile(bundles[target]) as zf:
        zf.extractall(tmp_path)
    wheels = tmp_path / bundles[target].name.removesuffix(".zip") / "wheels"
    assert (wheels / f"xlgen-{VERSION}-py3-none-any.whl").is_file()
    # Markers evaluated for the target, not for this Linux machine (pip's own resolver below
    # evaluates them here, so it would not miss colorama on Windows).
    spec = offline.TARGETS[target]
    assert offline.unmet(wheels, spec, python, [f"xlgen=={VERSION}"]) == []
    # pip's resolver, offline, for the target's Python and platform.
    report = tmp_path / "report.json"
    run(sys.executable, "-m", "pip", "install", "--dry-run", "--ignore-installed", "--quiet",
        "--no-index", "--find-links", wheels, "--only-binary=:all:", "--implementation", "cp",
        "--python-version", python, *(a for p in spec.platforms for a in ("--platform", p)),
        "--target", tmp_path / "target", "--report", report, "xlgen", cwd=tmp_path,
        env=offline_env())
    chosen = {canonicalize_name(i["metadata"]["name"])
              for i in json.loads(report.read_text(encoding="utf-8"))["install"]}
    wanted = {canonicalize_name(Requirement(d).name) for d in DEPENDENCIES}
    assert wanted | {"xlgen"} <= chosen


def _wheel(folder: Path, name: str, requires: list[str]) -> None:
    """A minimal wheel of ``name`` 1.0 whose metadata requires ``requires``."""
    lines = ["Metadata-Version: 2.1", f"Name: {name}", "Version: 1.0",
             *(f"Requires-Dist: {r}" for r in requires)]
    with zipfile.ZipFile(folder / f"{name}-1.0-py3-none-any.whl", "w") as zf:
        zf.writestr(f"{name}-1.0.dist-info/METADATA", "\n".join(lines) + "\n")


SAID_AFTER_BUILD = {  # what the script says after xlgen build, by its exit code
    "1": ["有的工作簿有错误", "工作表、单元格和说明改正", "再"],
    "2": ["没有生成任何文书", "“错误：”后面的说明改正"],
    "3": ["模板有错误", "不是工作簿的问题", "模板维护人员"],
    "130": ["已中止", "Ctrl+C", "完整保留", "接着生成"],  # not “程序意外中止”: the clerk stopped it
}


@pytest.mark.parametrize(("script", "target"), [("win_amd64/生成文书.bat", offline.WINDOWS),
                                                ("linux_x86_64/生成文书.sh", offline.LINUX)])
def test_the_build_script_says_each_outcome_in_words_not_exit_codes(script, target) -> None:
    """A clerk does not know exit codes: 1, 2, 3 and 130 (Ctrl+C) are each said as what
    happened and what to do; only an unexpected code is shown, for the maintainer the
    screenshot goes to."""
    data = offline._script(ROOT / "tools" / "bundle" / script, target, VERSION)
    text = data.decode("cp936" if script.endswith(".bat") else "utf-8")
    said = [line for line in text.splitlines() if "echo " in line]
    assert not [line for line in said if re.search(r"退出码 [0-9]", line)]
    assert [line for line in said if "退出码" in line] == [
        next(line for line in said if "程序意外中止" in line)]
    for code, words in SAID_AFTER_BUILD.items():
        assert any(all(w in line for w in words) for line in said), (code, said)
    for char in {c for c in text if not c.isascii()} if target is offline.WINDOWS else ():
        assert not set(char.encode("cp936")) & set(CMD_SYNTAX), char


_IF_CODE = re.compile(r'^if (not )?"%CODE%"=="(\d+)" (.*)$')


def _after_build(bat: str, code: int) -> tuple[list[str], int]:
    """What 生成文书.bat echoes after ``xlgen build`` exits with ``code``, and its own exit
    code: its few commands from ``set "CODE=..."`` on, stepped through as cmd would (no
    Windows here to run it)."""
    lines = [line.strip() for line in bat.splitlines()]
    labels = {line[1:]: i for i, line in enumerate(lines) if line.startswith(":")}
    i = next(n for n, line in enumerate(lines) if line.startswith('set "CODE=')) + 1
    said: list[str] = []
    while i < len(lines):
        line = lines[i]
        while (m := _IF_CODE.match(line)) is not None:  # nested ifs: each must hold
            if (str(code) == m.group(2)) == bool(m.group(1)):
                line = ""
                break
            line = m.group(3)
        if line.startswith("goto :"):
            i = labels[line[len("goto :"):]] + 1
            continue
        if line.startswith("exit /b "):
            return said, int(line.split()[-1].replace("%CODE%", str(code)))
        if line.startswith("echo ") and line != "echo.":
            said.append(line[len("echo "):].replace("%CODE%", str(code)))
        i += 1
    raise AssertionError("the script runs off its end")


@pytest.mark.parametrize(("code", "words"), [(0, ["完成"]), *((int(c), w) for c, w in
                                                             SAID_AFTER_BUILD.items()),
                                             (70, ["程序意外中止", "退出码 70"])])
def test_the_windows_build_script_says_what_each_exit_code_means(code: int,
                                                                 words: list[str]) -> None:
    data = offline._script(ROOT / "tools" / "bundle" / "win_amd64" / "生成文书.bat",
                           offline.WINDOWS, VERSION)
    said, exit_code = _after_build(data.decode("cp936"), code)
    assert exit_code == code
    assert any(all(w in line for w in words) for line in said), said
    others = [w for c, ws in SAID_AFTER_BUILD.items() if c != str(code) for w in ws[:1]]
    assert not [line for line in said if any(w in line for w in others)], said
    assert ("程序意外中止" in " ".join(said)) == (code == 70)


def test_dependencies_are_followed_with_the_target_platforms_markers(tmp_path: Path) -> None:
    _wheel(tmp_path, "app", ['colorama; platform_system == "Windows"',
                             'uvloop; sys_platform != "win32"', "tool[extra]>=1",
                             'old; python_version < "3.12"'])
    _wheel(tmp_path, "tool", ['helper; extra == "extra"', 'docs; extra == "docs"'])
    windows, linux = offline.WINDOWS, offline.LINUX
    assert offline.unmet(tmp_path, windows, "3.11", ["app"]) == ["colorama", "helper", "old"]
    assert offline.unmet(tmp_path, windows, "3.12", ["app"]) == ["colorama", "helper"]
    assert offline.unmet(tmp_path, linux, "3.12", ["app"]) == ["helper", "uvloop"]
    _wheel(tmp_path, "colorama", [])
    _wheel(tmp_path, "helper", [])
    assert offline.unmet(tmp_path, windows, "3.12", ["app"]) == []
    assert offline.unmet(tmp_path, windows, "3.12", ["app>=2"]) == ["app>=2"]


def test_windows_scripts_are_gbk_with_crlf_and_the_text_is_utf8_with_bom(
        bundles: dict[str, Path]) -> None:
    members = _members(bundles["win_amd64"])
    with zipfile.ZipFile(bundles["win_amd64"]) as zf:
        def read(name: str) -> bytes:
            return zf.read(members[name])
        for name in ("安装.bat", "生成文书.bat"):
            data = read(name)
            text = data.decode("cp936")  # cmd on Chinese Windows reads batch files in GBK
            assert data.count(b"\r\n") == data.count(b"\n") > 10, name
            assert text.startswith("@echo off\r\n") and not PLACEHOLDER.search(text), name
            for char in {c for c in text if not c.isascii()}:
                assert not set(char.encode("cp936")) & set(CMD_SYNTAX), (name, char)
        install = read("安装.bat").decode("cp936")
        assert "--no-index --find-links" in install
        assert "for %%V in (3.14 3.13 3.12 3.11) do if not defined PY call :try py -%%V" in install
        assert "sys.version_info[:2] in ((3, 11), (3, 12), (3, 13), (3, 14))" in install
        assert "没有找到 64 位的 Python 3.11、3.12、3.13 或 3.14。" in install
        # only the probe's own exit codes count (the Python install manager's py may exit 0
        # for a version it does not have); a Python that ran and failed is named
        assert "sys.exit(42 if sys.version_info[:2] in" in install and " else 43)" in install
        assert 'if errorlevel 42 if not errorlevel 43 set "PY=%*"' in install
        assert ('if errorlevel 43 if not errorlevel 44 if not defined WRONG set "WRONG=%*"'
                in install)
        assert "if not errorlevel 1 set" not in install
        assert "if defined WRONG %WRONG% --version" in install
        build = read("生成文书.bat").decode("cp936")
        # a venv whose Python was uninstalled or upgraded: run 安装.bat again, not "fix the input"
        assert ('"%XLGEN%" -c "import sys, xlgen; sys.exit(42)" >nul 2>&1\r\n'
                "if not errorlevel 42 goto :broken\r\nif errorlevel 43 goto :broken") in build
        assert "\r\n:broken\r\necho xlgen 的运行环境不能使用了" in build
        # only exit code 1 means workbooks to fix; any but 0-3 is a crash to report
        assert 'if "%CODE%"=="1" echo 有的工作簿有错误' in build
        assert 'if not "%CODE%"=="1" if not "%CODE%"=="3" echo 程序意外中止' in build
        assert 'if "%CODE%"=="130" goto :stopped' in build  # before the crash line is reached
        for name in ("安装.bat", "生成文书.bat"):  # a command to copy works in a path with spaces
            shown = [line for line in read(name).decode("cp936").splitlines()
                     if line.startswith("echo ") and "xlgen.exe" in line]
            assert shown and all('"%HERE%venv\\Scripts\\xlgen.exe"' in line for line in shown)
        notes = read("使用说明.txt")
        assert notes.startswith(b"\xef\xbb\xbf") and notes.count(b"\r\n") == notes.count(b"\n")
        assert f"xlgen {VERSION} 离线安装包" in notes.decode("utf-8-sig")
        assert not PLACEHOLDER.search(notes.decode("utf-8-sig"))
    assert f"示例/{SAMPLE.name}" in members


def test_the_manual_the_notes_point_to_is_in_the_bundle(bundles: dict[str, Path]) -> None:
    for bundle in bundles.values():
        members = _members(bundle)
        with zipfile.ZipFile(bundle) as zf:
            notes = zf.read(members["使用说明.txt"]).decode("utf-8-sig")
            assert "README.md" in notes
            assert zf.read(members["README.md"]) == (ROOT / "README.md").read_bytes()


def test_linux_scripts_are_utf8_with_lf_and_executable(bundles: dict[str, Path]) -> None:
    members = _members(bundles["linux_x86_64"])
    with zipfile.ZipFile(bundles["linux_x86_64"]) as zf:
        for name in ("install.sh", "生成文书.sh", "使用说明.txt"):
            data = zf.read(members[name])
            assert b"\r" not in data and not data.startswith(b"\xef\xbb\xbf"), name
            assert not PLACEHOLDER.search(data.decode("utf-8")), name
    modes = {name: info.external_attr >> 16 for name, info in members.items()}
    assert modes["install.sh"] == modes["生成文书.sh"] == 0o100755
    assert modes["使用说明.txt"] == 0o100644


def test_bundles_are_sorted_with_fixed_times_and_rebuilt_byte_for_byte(
        bundles: dict[str, Path], tmp_path: Path) -> None:
    for name, bundle in bundles.items():
        with zipfile.ZipFile(bundle) as zf:
            infos = zf.infolist()
            zf.extractall(tmp_path / name)
        assert [i.filename for i in infos] == sorted(i.filename for i in infos)
        assert {i.date_time for i in infos} == {ZIP_TIME}
        wheels = tmp_path / name / bundle.name.removesuffix(".zip") / "wheels"
        again = offline.write_zip(tmp_path / "again", offline.TARGETS[name], wheels)
        assert again.read_bytes() == bundle.read_bytes()


@pytest.mark.parametrize("platform", ["win_amd64", "linux_x86_64"])
def test_the_notes_commands_can_be_copied_whole(platform: str) -> None:
    """使用说明.txt's commands stand on lines of their own: a line copied whole into cmd must
    not carry its description on as a path (``… init D:\\某局.xlsx    生成空白工作簿``); the
    year's last steps (carrying a year forward, PDFs and the zip to send) are there too."""
    notes = (ROOT / "tools" / "bundle" / platform / "使用说明.txt").read_text(encoding="utf-8-sig")
    commands = [line.strip() for line in notes.splitlines()
                if line.strip().startswith((".\\venv\\Scripts\\xlgen ", "venv/bin/xlgen "))
                and "--help" not in line]
    assert len(commands) >= 5
    assert not [c for c in commands if re.search(r"\s{2,}\S", c)], commands
    assert any("init --from" in c for c in commands)
    assert "--pdf --bundle" in notes
