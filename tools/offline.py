"""``make offline``: xlgen for a PC with no internet (issue 9).

Writes ``dist/xlgen-<version>-offline-win_amd64.zip`` and
``dist/xlgen-<version>-offline-linux_x86_64.zip``. Each holds, in one folder of the zip's name:
``wheels/`` (the xlgen wheel and a wheel of every dependency for CPython 3.11 to 3.14 on that
platform), the clerk's scripts and 使用说明.txt from ``tools/bundle/<platform>/``, and the
sample input workbook (``示例/``).

The dependencies are pyproject.toml's. ``pip download --platform`` picks wheels for the target,
but evaluates environment markers on this machine (``colorama; platform_system ==
"Windows"`` would be skipped on Linux), so every wheel's Requires-Dist is then evaluated for the
target and anything still missing is downloaded, until :func:`unmet` finds nothing.

Scripts are kept in the repository as UTF-8 with LF line ends; in the zip, ``.bat`` files are
GBK (cp936, the code page cmd reads batch files in on Chinese Windows) with CRLF, Windows
``.txt`` files UTF-8 with a BOM and CRLF (Notepad of every Windows version reads it), Linux files
as they are, ``.sh`` executable. The zip's bytes depend only on its content (sorted members,
fixed times): the same wheels give the same zip.

Usage: ``python tools/offline.py [--dist DIR] [--target win_amd64|linux_x86_64 …]``
"""

from __future__ import annotations

import argparse
import email.message
import email.parser
import os
import shutil
import subprocess
import sys
import tempfile
import tomllib
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from packaging.markers import default_environment
from packaging.requirements import Requirement
from packaging.specifiers import SpecifierSet
from packaging.tags import Tag, compatible_tags, cpython_tags
from packaging.utils import NormalizedName, canonicalize_name, parse_wheel_filename
from packaging.version import Version

from xlgen.render import stable_zip_bytes
from xlgen.stable import FIXED_TIME_UTC

ROOT = Path(__file__).resolve().parent.parent
SCRIPTS = ROOT / "tools" / "bundle"
SAMPLE = ROOT / "inputs" / "示例" / "示例区政务服务数据管理局.xlsx"
README = ROOT / "README.md"  # the whole manual: 使用说明.txt points to it
PYTHONS = ("3.11", "3.12", "3.13", "3.14")
# What a wheel build must not see: the checkout's own build litter and private folders.
NOT_SOURCE = shutil.ignore_patterns(".git", ".venv", "outputs", "build", "dist", "*.egg-info",
                                    "__pycache__", ".*cache", ".hypothesis")
SOURCE_DATE_EPOCH = str(int(FIXED_TIME_UTC.timestamp()))  # a reproducible wheel


@dataclass(frozen=True)
class Target:
    """A platform a bundle is for: pip's ``--platform`` tags (best first) and its markers."""

    name: str
    platforms: tuple[str, ...]
    markers: tuple[tuple[str, str], ...]

    def environment(self, python: str) -> dict[str, str]:
        """The marker environment of CPython ``python`` (``"3.11"``) on this platform."""
        env = dict(default_environment())
        env.update(self.markers, python_version=python, python_full_version=f"{python}.0",
                   implementation_name="cpython", implementation_version=f"{python}.0",
                   platform_python_implementation="CPython", platform_release="",
                   platform_version="")
        return env

    def tags(self, python: str) -> set[Tag]:
        """Every wheel tag CPython ``python`` on this platform installs."""
        version = tuple(int(part) for part in python.split("."))
        interpreter = f"cp{python.replace('.', '')}"
        return set(cpython_tags(version, platforms=self.platforms)) | set(
            compatible_tags(version, interpreter, platforms=self.platforms))


WINDOWS = Target("win_amd64", ("win_amd64",), (
    ("os_name", "nt"), ("sys_platform", "win32"), ("platform_system", "Windows"),
    ("platform_machine", "AMD64")))
# Oldest glibc first: a manylinux2014 (glibc 2.17) wheel runs on every UOS and Kylin release;
# newer tags up to glibc 2.28 (UOS 20, Kylin V10) are accepted when a package has no older one.
LINUX = Target("linux_x86_64", ("manylinux2014_x86_64", *(
    f"manylinux_2_{minor}_x86_64" for minor in range(17, 29))), (
    ("os_name", "posix"), ("sys_platform", "linux"), ("platform_system", "Linux"),
    ("platform_machine", "x86_64")))
TARGETS = {t.name: t for t in (WINDOWS, LINUX)}


def project() -> tuple[str, list[str]]:
    """xlgen's version and its dependencies, from pyproject.toml."""
    with open(ROOT / "pyproject.toml", "rb") as fh:
        meta = tomllib.load(fh)["project"]
    return meta["version"], list(meta["dependencies"])


def build_wheel(dest: Path) -> Path:
    """Build xlgen's wheel into ``dest`` from a copy of the checkout (a build in place would
    litter it, and its build/ folder could carry modules deleted since)."""
    dest.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="xlgen-source-") as tmp:
        source = Path(tmp) / "xlgen"
        shutil.copytree(ROOT, source, ignore=NOT_SOURCE)
        env = {**os.environ, "SOURCE_DATE_EPOCH": SOURCE_DATE_EPOCH}
        subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--quiet",
                        "--wheel-dir", str(dest), str(source)], check=True, env=env)
    version, _ = project()
    return dest / f"xlgen-{version}-py3-none-any.whl"


def download(folder: Path, target: Target, python: str, requirements: Sequence[str]) -> None:
    """``pip download`` wheels (never source) of ``requirements`` for ``target`` and CPython
    ``python`` into ``folder``, with their dependencies."""
    subprocess.run([sys.executable, "-m", "pip", "download", "--quiet", "--only-binary=:all:",
                    "--implementation", "cp", "--python-version", python,
                    *(arg for platform in target.platforms for arg in ("--platform", platform)),
                    "--dest", str(folder), *requirements], check=True)


def _metadata(wheel: Path) -> email.message.Message:
    with zipfile.ZipFile(wheel) as zf:
        [name] = [n for n in zf.namelist()
                  if n.count("/") == 1 and n.endswith(".dist-info/METADATA")]
        return email.parser.BytesParser().parsebytes(zf.read(name), headersonly=True)


def _usable(folder: Path, target: Target, python: str
            ) -> dict[NormalizedName, list[tuple[Version, Path]]]:
    """The wheels in ``folder`` CPython ``python`` on ``target`` can install, by project."""
    tags = target.tags(python)
    usable: dict[NormalizedName, list[tuple[Version, Path]]] = {}
    for wheel in sorted(folder.glob("*.whl")):
        name, version, _, wheel_tags = parse_wheel_filename(wheel.name)
        requires = _metadata(wheel).get("Requires-Python")
        if wheel_tags & tags and (not requires or SpecifierSet(requires).contains(python)):
            usable.setdefault(name, []).append((version, wheel))
    return usable


def unmet(folder: Path, target: Target, python: str, requirements: Sequence[str]) -> list[str]:
    """The requirements, with their dependencies' own (markers evaluated for ``target`` and
    CPython ``python``, extras followed), that no wheel in ``folder`` satisfies."""
    usable = _usable(folder, target, python)
    env = target.environment(python)
    todo = [(Requirement(r), ("",)) for r in requirements]
    seen: set[str] = set()
    missing: list[str] = []
    while todo:
        req, extras = todo.pop()
        if req.marker and not any(req.marker.evaluate({**env, "extra": e}) for e in extras):
            continue
        req.marker = None
        if str(req) in seen:
            continue
        seen.add(str(req))
        found = [(v, w) for v, w in usable.get(canonicalize_name(req.name), [])
                 if req.specifier.contains(v, prereleases=True)]
        if not found:
            missing.append(str(req))
            continue
        _, wheel = max(found)
        wanted = ("", *sorted(req.extras))
        todo += [(Requirement(r), wanted) for r in _metadata(wheel).get_all("Requires-Dist", [])]
    return sorted(missing)


def collect(folder: Path, target: Target, wheel: Path, pythons: Sequence[str] = PYTHONS
            ) -> None:
    """Fill ``folder`` with the xlgen ``wheel`` and every wheel it needs on ``target`` for each
    of ``pythons``; raise SystemExit when a requirement cannot be met."""
    version, dependencies = project()
    folder.mkdir(parents=True, exist_ok=True)
    shutil.copy2(wheel, folder / wheel.name)
    for python in pythons:
        download(folder, target, python, dependencies)
        while missing := unmet(folder, target, python, [f"xlgen=={version}"]):
            before = sorted(folder.glob("*.whl"))
            download(folder, target, python, missing)
            if sorted(folder.glob("*.whl")) == before:
                raise SystemExit(f"{target.name}, Python {python}: no wheel for {missing}")


def placeholders(version: str, pythons: Sequence[str] = PYTHONS) -> dict[str, str]:
    """What the ``@NAME@`` words of tools/bundle's files stand for."""
    newest_first = sorted(pythons, key=lambda v: tuple(map(int, v.split("."))), reverse=True)
    names = list(pythons)
    return {
        "@VERSION@": version,
        "@PYTHONS@": "、".join(names[:-1]) + f" 或 {names[-1]}" if len(names) > 1 else names[0],
        "@PYTHON_VERSIONS@": " ".join(newest_first),  # 3.14 3.13 …: the newest first
        "@PYTHON_COMMANDS@": " ".join(f"python{v}" for v in newest_first),
        "@PYTHON_TUPLES@": ", ".join(f"({v.replace('.', ', ')})" for v in pythons),
    }


def _script(path: Path, target: Target, version: str) -> bytes:
    """A script or text file of tools/bundle as it goes into the zip (see the module's text)."""
    text = path.read_text(encoding="utf-8").replace("\r\n", "\n")  # a CRLF checkout too
    for word, value in placeholders(version).items():
        text = text.replace(word, value)
    if target is not WINDOWS:
        return text.encode("utf-8")
    text = text.replace("\n", "\r\n")
    if path.suffix == ".bat":
        return text.encode("cp936")
    return "\ufeff".encode() + text.encode("utf-8")


def bundle_members(folder: Path, target: Target, version: str) -> list[tuple[str, bytes]]:
    """The zip's members, sorted: scripts, 使用说明.txt, README.md, the sample, ``wheels/`` from
    ``folder``; all under one folder named as the zip."""
    top = bundle_name(target, version).removesuffix(".zip")
    members = [(p.name, _script(p, target, version))
               for p in sorted((SCRIPTS / target.name).iterdir()) if p.is_file()]
    members.append((f"示例/{SAMPLE.name}", SAMPLE.read_bytes()))
    members.append((README.name, README.read_bytes()))
    members += [(f"wheels/{w.name}", w.read_bytes()) for w in sorted(folder.glob("*.whl"))]
    return sorted((f"{top}/{name}", data) for name, data in members)


def bundle_name(target: Target, version: str) -> str:
    return f"xlgen-{version}-offline-{target.name}.zip"


def write_zip(dist: Path, target: Target, folder: Path) -> Path:
    """Write ``dist/xlgen-<version>-offline-<target>.zip`` with the wheels in ``folder``."""
    version, _ = project()
    members = bundle_members(folder, target, version)
    executable = {name for name, _ in members if name.endswith(".sh")}
    path = dist / bundle_name(target, version)
    dist.mkdir(parents=True, exist_ok=True)
    temp = path.with_name(f".{path.name}.tmp")
    temp.write_bytes(stable_zip_bytes(members, executable))
    temp.replace(path)
    return path


def write_bundle(dist: Path, target: Target, wheel: Path, pythons: Sequence[str] = PYTHONS
                 ) -> Path:
    """Collect the wheels for ``target`` and write its zip into ``dist``."""
    with tempfile.TemporaryDirectory(prefix="xlgen-wheels-") as tmp:
        collect(Path(tmp), target, wheel, pythons)
        return write_zip(dist, target, Path(tmp))


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--dist", type=Path, default=ROOT / "dist", help="output folder")
    parser.add_argument("--target", choices=sorted(TARGETS), action="append",
                        help="one platform (repeatable); default: all")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="xlgen-wheel-") as tmp:
        wheel = build_wheel(Path(tmp))
        for name in args.target or sorted(TARGETS):
            path = write_bundle(args.dist, TARGETS[name], wheel)
            print(f"{path.relative_to(ROOT) if path.is_relative_to(ROOT) else path}"
                  f"  {path.stat().st_size / 1e6:.1f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
