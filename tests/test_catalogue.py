"""The problem-code catalogue (xlgen/data/problems.toml) against the source and the README.

When a test here fails after you add a code, its message says what to add where.
"""

from __future__ import annotations

import ast
import codecs
import re
import sys
from collections import defaultdict
from pathlib import Path

import pytest

from xlgen.catalogue import CATALOGUE, Policy, catalogue, markdown_table
from xlgen.errors import ConfigError
from xlgen.problems import Location, Problem, Report, Severity, fold

ROOT = Path(__file__).resolve().parent.parent
SOURCE = ROOT / "xlgen"
CODE_SHAPE = re.compile(r"^[a-z][a-z0-9]*(?:-[a-z0-9]+)+$")  # bad-amount, xlsx-row-too-tall
DYNAMIC = re.compile(r"^[a-z][a-z0-9]*(?:-[a-z0-9]+)*-$")  # f"stated-{key}": not findable
EMITTERS = {"error": Severity.ERROR, "warn": Severity.WARNING}

sys.path.insert(0, str(ROOT / "tools"))
from problem_table import readme_table  # noqa: E402


def _docstrings(tree: ast.AST) -> set[int]:
    """Strings that are no code: docstrings, and program names looked up with
    ``shutil.which("fc-list")``."""
    kinds = (ast.Module, ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)
    docs = {id(node.body[0].value) for node in ast.walk(tree)
            if isinstance(node, kinds) and node.body and isinstance(node.body[0], ast.Expr)
            and isinstance(node.body[0].value, ast.Constant)}
    programs = {id(arg) for node in ast.walk(tree)
                if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
                and node.func.attr == "which" for arg in node.args}
    return docs | programs


def _is_codec(name: str) -> bool:
    try:
        codecs.lookup(name)
        return True
    except LookupError:
        return False


def _str(node: ast.AST | None) -> str | None:
    return node.value if isinstance(node, ast.Constant) and isinstance(node.value, str) else None


def _emitted(call: ast.Call) -> tuple[str, Severity | None] | None:
    """(code, severity if the call says) of a call that reports a problem, if it is one."""
    func = call.func
    name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
    args = call.args
    if name in EMITTERS and args and _str(args[0]):
        return _str(args[0]), EMITTERS[name]  # type: ignore[return-value]
    if name in ("Problem", "problem") and args:
        severity = None
        if isinstance(args[0], ast.Attribute) and args[0].attr in ("ERROR", "WARNING"):
            severity = Severity[args[0].attr]
            code = _str(args[1]) if len(args) > 1 else None
        else:  # compile.py's problem(code, cell, message, warning=False)
            code = _str(args[0])
            warning = next((k.value for k in call.keywords if k.arg == "warning"), None)
            severity = Severity.WARNING if _str(warning) is None and getattr(
                warning, "value", False) is True else Severity.ERROR
        if code:
            return code, severity
    return None


def scan() -> tuple[dict[str, list[str]], dict[str, set[Severity]], list[str]]:
    """Codes used in xlgen/ (code → ["file:line"]), the severities they are reported with,
    and places building a code at run time."""
    used: dict[str, list[str]] = defaultdict(list)
    severities: dict[str, set[Severity]] = defaultdict(set)
    dynamic: list[str] = []
    for path in sorted(SOURCE.rglob("*.py")):
        tree = ast.parse(path.read_text("utf-8"))
        docs = _docstrings(tree)
        where = path.relative_to(ROOT)
        for node in ast.walk(tree):
            value = _str(node)
            if value and id(node) not in docs and CODE_SHAPE.match(value) and not _is_codec(value):
                if f"{where}:{node.lineno}" not in used[value]:
                    used[value].append(f"{where}:{node.lineno}")
            elif isinstance(node, ast.JoinedStr) and node.values and DYNAMIC.match(
                    _str(node.values[0]) or ""):
                dynamic.append(f"{where}:{node.lineno}")
            elif isinstance(node, ast.Call) and (found := _emitted(node)):
                code, severity = found
                if f"{where}:{node.lineno}" not in used[code]:
                    used[code].append(f"{where}:{node.lineno}")
                if severity is not None:
                    severities[code].add(severity)
    return used, severities, dynamic


def _block(code: str, severities: set[Severity]) -> str:
    severity = next(iter(severities)).value if len(severities) == 1 else "error 或 warning"
    scope = "template" if code.startswith(("template-", "xlsx-")) else "workbook"
    return (f'[[problem]]\ncode = "{code}"\nseverity = "{severity}"\nscope = "{scope}"\n'
            'meaning = "（含义，中文）"\naction = "（怎么处理，中文）"')


def test_every_code_in_the_source_is_catalogued():
    used, severities, _ = scan()
    missing = {code: places for code, places in used.items() if code not in catalogue()}
    advice = "\n\n".join(
        f"# used at {', '.join(places)}\n{_block(code, severities.get(code, set()))}"
        for code, places in sorted(missing.items()))
    assert not missing, (
        f"Problem codes missing from {CATALOGUE.relative_to(ROOT)}. Add these blocks there "
        f"(fill in meaning and action), then run `python tools/problem_table.py --write`:"
        f"\n\n{advice}")


def test_codes_are_written_literally():
    _, _, dynamic = scan()
    assert not dynamic, ("A problem code built at run time cannot be checked against the "
                         f"catalogue; write each code as a string literal: {dynamic}")


def test_every_catalogued_code_is_used():
    used, _, _ = scan()
    dead = [code for code in catalogue() if code not in used]
    assert not dead, f"Catalogued codes no code reports (remove them or report them): {dead}"


def test_severities_agree_with_the_catalogue():
    _, severities, _ = scan()
    wrong = {code: sorted(s.value for s in found) for code, found in severities.items()
             if code in catalogue() and found != {catalogue()[code].severity}}
    assert not wrong, f"Reported with another severity than the catalogue's: {wrong}"


def test_catalogue_entries_are_complete_and_chinese():
    for entry in catalogue().values():
        assert CODE_SHAPE.match(entry.code) or entry.code.isalpha(), entry.code
        assert entry.meaning and entry.action, entry.code
        assert re.search(r"[\u4e00-\u9fff]", entry.meaning + entry.action), entry.code


def test_readme_table_is_generated_from_the_catalogue():
    readme = (ROOT / "README.md").read_text("utf-8")
    assert readme_table(readme) == markdown_table(), (
        "README.md's problem-code table is out of date: run "
        "`python tools/problem_table.py --write`")


# -- locations ---------------------------------------------------------------------------------

@pytest.mark.parametrize(("problem", "location", "where"), [
    (Problem(Severity.ERROR, "bad-amount", "m", "a.xlsx", "项目", "C7"), Location.CELL, "项目!C7"),
    (Problem(Severity.ERROR, "missing-column", "m", "a.xlsx", "项目"), Location.SHEET, "项目"),
    (Problem(Severity.ERROR, "not-a-workbook", "m", "a.xlsx"), Location.FILE, ""),
    (Problem(Severity.ERROR, "template-syntax", "m", "t.docx", "正文", paragraph="得分{{ x }"),
     Location.PARAGRAPH, "正文段落“得分{{ x }”"),
])
def test_location_says_what_the_place_is(problem, location, where):
    assert problem.location is location and problem.where == where
    data = problem.as_dict()
    assert data["location"] == location.value
    assert set(data) == {"severity", "code", "message", "file", "sheet", "cell", "paragraph",
                         "location"}


# -- policy ------------------------------------------------------------------------------------

@pytest.mark.parametrize(("ignore", "errors", "message"), [
    (["missing-levl2"], [], "是否应为“missing-level2”"),
    (["budget-identity"], [], "是错误，不能忽略"),
    ([], ["no-such-code"], "没有问题代码“no-such-code”"),
])
def test_policy_refuses_what_it_cannot_do(ignore, errors, message):
    with pytest.raises(ConfigError, match=message):
        Policy.build(ignore, errors, source="xlgen.toml")


def test_policy_switches_off_and_raises():
    report = Report("a.xlsx")
    report.warn("missing-level2", "m", "项目绩效指标", "A2")
    report.warn("qualitative-target", "m", "项目绩效指标", "F2")
    report.error("bad-amount", "m", "项目", "C2")
    Policy.build(["missing-level2"], ["qualitative-target"]).apply(report)
    assert [(p.code, p.severity.value) for p in report.problems] == [
        ("qualitative-target", "error"), ("bad-amount", "error")]
    assert report.ignored == 1


# -- folding -----------------------------------------------------------------------------------

def _p(code: str, cell: str, message: str = "同一句话", sheet: str = "项目绩效指标") -> Problem:
    return Problem(Severity.ERROR, code, message, "a.xlsx", sheet, cell)


@pytest.mark.parametrize(("problems", "lines"), [
    ([_p("unknown-project", f"A{r}") for r in range(2, 65)],
     [("项目绩效指标!A2:A64", 63, True)]),
    ([_p("x-y", "A2"), _p("x-y", "A3")],
     [("项目绩效指标!A2", 1, True), ("项目绩效指标!A3", 1, True)]),
    ([_p("x-y", f"A{r}") for r in (2, 3, 4, 9, 20, 21)],
     [("项目绩效指标!A2:A4,A9,A20:A21", 6, True)]),
    ([_p("x-y", f"A{r}", f"第{r}行") for r in range(2, 5)],  # few, each different: kept
     [("项目绩效指标!A2", 1, True), ("项目绩效指标!A3", 1, True), ("项目绩效指标!A4", 1, True)]),
    ([_p("x-y", f"A{r}", f"第{r}行") for r in range(2, 14)], [("项目绩效指标!A2:A13", 12, False)]),
    ([_p("x-y", f"A{r}") for r in (2, 4, 6, 8, 10, 12)],
     [("项目绩效指标!A2,A4,A6,A8,…", 6, True)]),
    ([_p("x-y", "A2"), _p("x-y", "B2"), _p("x-y", "A3"), _p("x-y", "A4")],
     [("项目绩效指标!A2:A4", 3, True), ("项目绩效指标!B2", 1, True)]),
])
def test_fold_repeats_into_a_range(problems, lines):
    assert [(f.where, f.count, f.same_message) for f in fold(problems)] == lines


class _Counted(str):
    """A message that counts how often it is compared."""

    compared = 0

    def __eq__(self, other: object) -> bool:
        _Counted.compared += 1
        return str.__eq__(self, other)

    __hash__ = str.__hash__


def test_fold_compares_each_message_once_not_with_every_other():
    # validate of an imported table of 20,000 projects (80,000 import-no-level2 warnings down
    # one column) never ended: each problem compared its message with the whole group's
    problems = [_p("x-y", f"A{r}", _Counted("同一句话")) for r in range(2, 402)]
    _Counted.compared = 0
    assert [(f.where, f.count) for f in fold(problems)] == [("项目绩效指标!A2:A401", 400)]
    assert _Counted.compared <= 2 * len(problems)
