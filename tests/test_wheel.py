"""The installed package is the product: a wheel built from the project, installed into a fresh
virtual environment, runs every command from an empty folder with the templates it carries.

Building the wheel and installing its dependencies needs the package index (PyPI, or pip's
configured mirror), as CI has; the whole module takes about half a minute.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import venv
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "inputs" / "示例" / "示例区政务服务数据管理局.xlsx"


def run(*args: str | Path, cwd: Path, env: dict[str, str] | None = None
        ) -> subprocess.CompletedProcess[str]:
    result = subprocess.run([str(a) for a in args], cwd=cwd, env=env, capture_output=True,
                            text=True, encoding="utf-8", timeout=600)
    assert result.returncode == 0, f"{args}\n{result.stdout}\n{result.stderr}"
    return result


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("wheel")
    source = folder / "source"  # a copy: building must not litter the checkout (build/, egg-info)
    shutil.copytree(ROOT, source, ignore=shutil.ignore_patterns(
        ".git", ".venv", "outputs", "build", "dist", "*.egg-info", "__pycache__", ".*cache",
        ".hypothesis"))
    run(sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", folder / "dist", source,
        cwd=folder)
    [built] = (folder / "dist").glob("xlgen-*.whl")
    return built


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


@pytest.fixture(scope="module")
def installed(wheel: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A fresh venv with the wheel (dependencies from the index); its scripts folder."""
    home = tmp_path_factory.mktemp("venv")
    venv.create(home / "v", with_pip=True)
    scripts = home / "v" / ("Scripts" if os.name == "nt" else "bin")
    run(scripts / "python", "-m", "pip", "install", "-q", wheel, cwd=home)
    return scripts


def test_from_an_empty_folder_every_command_works(installed: Path,
                                                  tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if k != "XLGEN_TEMPLATES"}
    env["PYTHONIOENCODING"] = "utf-8"
    xlgen = installed / "xlgen"
    help_text = run(installed / "python", "-m", "xlgen", "--help", cwd=tmp_path, env=env).stdout
    assert "用法" in help_text
    run(xlgen, "init", "inputs/2024/测试局.xlsx", cwd=tmp_path, env=env)
    assert (tmp_path / "inputs" / "2024" / "测试局.xlsx").is_file()
    check = run(xlgen, "templates", "check", cwd=tmp_path, env=env).stdout
    assert "共检查 5 个模板，发现 0 个问题" in check
    listing = run(xlgen, "templates", "list", cwd=tmp_path, env=env).stdout
    assert "区级" in listing and "市级" in listing and "项目支出绩效自评表" in listing
    (tmp_path / "in").mkdir()
    shutil.copy(SAMPLE, tmp_path / "in" / SAMPLE.name)
    run(xlgen, "build", "in", "--out", "out", cwd=tmp_path, env=env)
    built = sorted(p.name for p in (tmp_path / "out").rglob("*") if p.is_file()
                   and not p.name.startswith("."))
    assert built == sorted(f"2023年示例区政务服务数据管理局{d}" for d in (
        "部门整体预算绩效目标申报表.xlsx", "项目支出绩效目标表.xlsx",
        "部门整体支出绩效自评报告.docx", "项目支出绩效自评表.xlsx"))
    exported = run(xlgen, "templates", "export", "我的模板", cwd=tmp_path, env=env)
    assert exported.returncode == 0
    assert (tmp_path / "我的模板" / "市级" / "项目支出绩效目标表.xlsx").is_file()
