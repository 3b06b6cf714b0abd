"""The suite against the latest releases (``make test-latest``, a reported step of .ci/run).

xlgen reaches into internals of openpyxl, Jinja2 and docxtpl (each through one adapter module)
and pins every runtime dependency below the next release it has not been tested with. This
tool lets CI try the newest releases before a bound moves:

    python tools/latest.py requirements   # the runtime dependencies without their upper bounds
    python tools/latest.py report         # which installed releases are past the tested bounds

The dev tools (pytest, ruff, mypy…) keep their pins: only the libraries xlgen runs on float.
"""

from __future__ import annotations

import re
import sys
import tomllib
from importlib import metadata
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
_UPPER = re.compile(r",?\s*<=?\s*[^,;\s]+")


def dependencies() -> list[str]:
    """The runtime requirements of pyproject.toml, as written."""
    data = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))
    return list(data["project"]["dependencies"])


def without_upper_bound(requirement: str) -> str:
    """``openpyxl>=3.1,<3.2`` → ``openpyxl>=3.1`` (markers kept)."""
    spec, sep, marker = requirement.partition(";")
    spec = _UPPER.sub("", spec).replace(" ", "").rstrip(",")
    return spec + (sep + marker if sep else "")


def report() -> list[str]:
    """One line per runtime dependency: installed version and whether it is past its pin."""
    from packaging.requirements import Requirement

    lines = []
    for text in dependencies():
        req = Requirement(text)
        version = metadata.version(req.name)
        past = "" if req.specifier.contains(version, prereleases=True) else \
            f"  newer than the tested bound ({req.specifier}): raise it if the suite passes"
        lines.append(f"{req.name} {version}{past}")
    return lines


def main(argv: list[str]) -> int:
    if argv == ["requirements"]:
        print("\n".join(without_upper_bound(r) for r in dependencies()))
    elif argv == ["report"]:
        print("\n".join(report()))
    else:
        print(__doc__)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
