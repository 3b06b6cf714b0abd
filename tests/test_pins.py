"""Tested upper bounds on the runtime libraries, and the reported step against the latest ones.

xlgen uses internals of openpyxl, Jinja2 and docxtpl (each through one adapter module): a
release it has not been tested with must not reach a clerk through `pip install`. CI's
`make test-latest` (tools/latest.py) tries the newest releases and reports, without failing
the run, so a bound is raised on evidence.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

import pytest
from packaging.requirements import Requirement

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tools"))

import latest  # noqa: E402

# The libraries whose internals or output details xlgen depends on: each must be bounded.
MUST_BE_BOUNDED = {"openpyxl", "jinja2", "docxtpl", "python-docx", "xlsxwriter"}


@pytest.mark.parametrize("text", latest.dependencies())
def test_every_runtime_dependency_has_a_tested_upper_bound(text: str) -> None:
    req = Requirement(text)
    uppers = [s for s in req.specifier if s.operator in ("<", "<=", "==", "~=")]
    assert uppers, f"{text}: add the tested upper bound"


def test_the_libraries_with_internals_are_all_listed() -> None:
    names = {Requirement(t).name.lower() for t in latest.dependencies()}
    assert MUST_BE_BOUNDED <= names


@pytest.mark.parametrize(("written", "lifted"), [
    ("openpyxl>=3.1,<3.2", "openpyxl>=3.1"),
    ("python-calamine>=0.3,<0.10", "python-calamine>=0.3"),
    ("click >= 8.1, <= 8.5", "click>=8.1"),
    ("foo<2", "foo"),
    ('bar>=1,<2; sys_platform == "win32"', 'bar>=1; sys_platform == "win32"'),
])
def test_latest_lifts_only_the_upper_bounds(written: str, lifted: str) -> None:
    assert latest.without_upper_bound(written) == lifted


def test_installed_releases_are_within_the_bounds() -> None:
    """`make test` runs on the pinned set; `report` names a release past its bound."""
    assert not [line for line in latest.report() if "newer than" in line]


def test_ci_runs_the_latest_step_without_failing_on_it() -> None:
    makefile = (ROOT / "Makefile").read_text("utf-8")
    assert re.search(r"^test-latest:", makefile, re.M)
    assert "tools/latest.py requirements" in makefile
    ci = (ROOT / ".ci" / "run").read_text("utf-8")
    assert re.search(r"^if make test-latest\b.*; then$", ci, re.M), "reported, never fatal"
    assert ci.index("make test\n") < ci.index("make test-latest")
