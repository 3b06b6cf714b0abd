"""The problem-code catalogue (data/problems.toml) and the warning policy built on it.

Every code xlgen reports is listed once with its severity, scope, meaning and what to do
(tests/test_catalogue.py checks the source against it). A :class:`Policy` switches warnings
off or raises them to errors, from ``--ignore`` or a folder's ``xlgen.toml``.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from .errors import ConfigError
from .problems import Problem, Report, Severity
from .suggest import did_you_mean
from .textfile import read_toml

CATALOGUE = Path(__file__).parent / "data" / "problems.toml"
SCOPES = ("workbook", "template", "document", "run")
SCOPE_LABELS = {"workbook": "输入", "template": "模板", "document": "文书", "run": "运行"}


@dataclass(frozen=True)
class Entry:
    """One problem code: how severe, whose problem (scope), what it means, what to do."""

    code: str
    severity: Severity
    scope: str
    meaning: str
    action: str


@cache
def catalogue() -> dict[str, Entry]:
    """Every problem code, in the catalogue's order."""
    data = read_toml(CATALOGUE, "问题代码目录")
    entries: dict[str, Entry] = {}
    for item in data.get("problem", []):
        entry = Entry(item["code"], Severity(item["severity"]), item["scope"], item["meaning"],
                      item["action"])
        if entry.scope not in SCOPES:
            raise ValueError(f"{CATALOGUE}: {entry.code}: unknown scope {entry.scope!r}")
        if entry.code in entries:
            raise ValueError(f"{CATALOGUE}: {entry.code} is listed twice")
        entries[entry.code] = entry
    return entries


def scope_of(code: str) -> str:
    """The scope of ``code`` ("workbook" for a code missing from the catalogue)."""
    entry = catalogue().get(code)
    return entry.scope if entry else "workbook"


def is_template_problem(problem: Problem) -> bool:
    """True for a problem of a template (not of the clerk's workbook): exit code 3."""
    return scope_of(problem.code) == "template"


def markdown_table() -> str:
    """The README's table of problem codes (tools/problem_table.py writes it)."""
    lines = ["| 代码 | 类别 | 严重性 | 含义 | 怎么处理 |", "| --- | --- | --- | --- | --- |"]
    for e in catalogue().values():
        cells = [f"`{e.code}`", SCOPE_LABELS[e.scope], e.severity.label, e.meaning, e.action]
        lines.append("| " + " | ".join(c.replace("|", "\\|") for c in cells) + " |")
    return "\n".join(lines)


def _check_codes(codes: Iterable[str], source: str) -> list[str]:
    known = catalogue()
    out = []
    for code in codes:
        code = code.strip()
        if not code:
            continue
        if code not in known:
            near = did_you_mean(code, known, cutoff=0.5)
            hint = f"是否应为“{near}”？" if near else "全部代码见 xlgen codes。"
            raise ConfigError(f"{source}：没有问题代码“{code}”。{hint}")
        out.append(code)
    return out


@dataclass(frozen=True)
class Policy:
    """Which warnings to switch off (``ignore``) and which to raise to errors (``errors``)."""

    ignore: frozenset[str] = frozenset()
    errors: frozenset[str] = frozenset()

    @classmethod
    def build(cls, ignore: Iterable[str] = (), errors: Iterable[str] = (),
              source: str = "--ignore") -> Policy:
        """A policy from codes; ConfigError (Chinese) for an unknown code or an ignored error."""
        ignored = _check_codes(ignore, source)
        for code in ignored:
            if catalogue()[code].severity is Severity.ERROR:
                raise ConfigError(f"{source}：“{code}”是错误，不能忽略（只有警告可以关闭）。"
                                  "请按提示改正工作簿。")
        return cls(frozenset(ignored), frozenset(_check_codes(errors, source)))

    def merged(self, other: Policy) -> Policy:
        return Policy(self.ignore | other.ignore, self.errors | other.errors)

    def __bool__(self) -> bool:
        return bool(self.ignore or self.errors)

    def apply(self, report: Report) -> None:
        """Drop ignored warnings (counted in ``report.ignored``) and raise the listed ones."""
        kept: list[Problem] = []
        for p in report.problems:
            if p.severity is Severity.WARNING and p.code in self.ignore:
                report.ignored += 1
                continue
            if p.severity is Severity.WARNING and p.code in self.errors:
                p = dataclasses.replace(p, severity=Severity.ERROR)
            kept.append(p)
        report.problems[:] = kept


__all__ = [
    "CATALOGUE",
    "Entry",
    "Policy",
    "catalogue",
    "is_template_problem",
    "markdown_table",
    "scope_of",
]
