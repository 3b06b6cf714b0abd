"""The layout holds: each package is entered through its ``__init__`` (its door).

The layers themselves (which package may import which) are import-linter's contract in
pyproject.toml, run by ``make test``; this test adds what import-linter cannot say: a module
may import modules of its own package (or of an enclosing one) directly, but another
package only through that package's ``__init__``.
"""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent / "xlgen"


def module_name(path: Path) -> str:
    parts = path.relative_to(ROOT.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def is_package(name: str) -> bool:
    return (ROOT.parent / name.replace(".", "/") / "__init__.py").is_file()


def package_of(name: str) -> str:
    return name if is_package(name) else name.rpartition(".")[0]


def bound_in_door(package: str) -> set[str]:
    """Names a package's ``__init__`` binds (imports, definitions, assignments)."""
    init = ROOT.parent / package.replace(".", "/") / "__init__.py"
    if not init.is_file():
        return set()
    names: set[str] = set()
    for node in ast.parse(init.read_text("utf-8")).body:
        if isinstance(node, ast.ImportFrom | ast.Import):
            names |= {(a.asname or a.name).split(".")[0] for a in node.names}
        elif isinstance(node, ast.FunctionDef | ast.ClassDef):
            names.add(node.name)
        elif isinstance(node, ast.Assign):
            names |= {t.id for t in node.targets if isinstance(t, ast.Name)}
    return names


def imports(me: str, source: str) -> list[tuple[int, str]]:
    """(line, absolute module) of every xlgen import in module ``me`` (``from x import y``
    counts ``x.y`` when ``y`` is a module)."""
    base = package_of(me)
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.ImportFrom):
            if node.level:
                anchor = base.split(".")
                anchor = anchor[: len(anchor) - node.level + 1]
                target = ".".join(anchor + ([node.module] if node.module else []))
            else:
                target = node.module or ""
            if not target.startswith("xlgen"):
                continue
            door = bound_in_door(target)
            for alias in node.names:
                sub = f"{target}.{alias.name}"
                is_module = ((ROOT.parent / (sub.replace(".", "/") + ".py")).is_file()
                             or is_package(sub))
                found.append((node.lineno, sub if is_module and alias.name not in door
                              else target))
        elif isinstance(node, ast.Import):
            found += [(node.lineno, a.name) for a in node.names if a.name.startswith("xlgen")]
    return found


def violations(me: str, source: str) -> list[str]:
    mine = package_of(me)
    out = []
    for line, target in imports(me, source):
        if is_package(target):
            continue  # a door
        owner = target.rpartition(".")[0]
        if mine == owner or mine.startswith(owner + "."):
            continue  # own package, or a module of an enclosing package
        out.append(f"{me}:{line} imports {target}: "
                   f"use the door {owner}")
    return out


def test_packages_are_entered_through_their_door():
    problems = [v for path in sorted(ROOT.rglob("*.py"))
                for v in violations(module_name(path), path.read_text("utf-8"))]
    assert problems == []


@pytest.mark.parametrize(("source", "bad"), [
    ("from ..workbook.loader import load_book\n", True),
    ("from ..workbook import load_book\n", False),
    ("from .targets import parse_target\n", False),
    ("from ..money import WAN\n", False),
    ("from ..output import deliver\n", False),  # a function the door binds, named like its module
    ("from ..output.deliver import deliver\n", True),
])
def test_the_check_catches_a_private_import(source, bad):
    assert bool(violations("xlgen.rules.probe", source)) is bad


# What a build's first process loads before it starts the worker is on every build's
# critical path. Libraries only a renderer, --pdf or another command uses stay out of it.
NOT_AT_START = ("openpyxl", "docx", "docxtpl", "jinja2", "xlsxwriter", "lxml",
                "python_calamine", "urllib.request", "http.client", "ssl", "email",
                "concurrent.futures", "logging")


def test_starting_a_command_loads_no_heavy_library():
    code = ("import sys, xlgen.cli, xlgen.api; "
            f"print(' '.join(m for m in {NOT_AT_START!r} if m in sys.modules))")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          check=True)
    assert done.stdout.split() == []
