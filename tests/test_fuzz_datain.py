"""Fuzzing the data-in commands: ``xlgen import`` (a published 目标表/申报表), ``init --from``
(last year's workbook) and ``summary`` (a folder of workbooks, some broken) never take the run
down, with the workbook-level mutations of tests/fuzz/sheets.py.

For every case (``findings``): the exit code is one the command's help documents, nothing
escapes as a traceback or an internal error, a failed run writes no new workbook and leaves an
existing one as it was, and every workbook written validates without an internal error.

- ``test_each_sheet_mutation``: every mutation alone on every source through its command (a
  fixed table, always run);
- ``test_random_combinations``: random combinations with a fixed seed; ``make fuzz`` runs many
  more (XLGEN_FUZZ_CASES, XLGEN_FUZZ_SEED) and prints each failing case as a corpus line;
- ``test_corpus``: the ``[[datain]]`` cases of tests/fuzz/corpus.toml (none yet: the first
  fuzzing's two findings have their own tests in tests/test_datain.py).
"""

from __future__ import annotations

import os
import random
import re
import tomllib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from fixtures.published import seed002
from fuzz import sheets
from fuzz.sheets import SHEET_MUTATIONS, draw, edit
from workbooks import write_book

from xlgen.api import build_workbook, find_templates
from xlgen.cli import main
from xlgen.workbook import read_raw

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = sorted((ROOT / "inputs").rglob("*.xlsx"))
FULL = ROOT / "inputs" / "示例" / "示例区政务服务数据管理局.xlsx"
CORPUS = Path(__file__).resolve().parent / "fuzz" / "corpus.toml"
CASES = int(os.environ.get("XLGEN_FUZZ_CASES", "6"))
SEED = int(os.environ.get("XLGEN_FUZZ_SEED", "20261124"))
HAN = re.compile(r"[\u4e00-\u9fff]")
OLD = b"a workbook the clerk already has"


@pytest.fixture(scope="module")
def tables(tmp_path_factory) -> list[Path]:
    """The published tables ``import`` reads: the sample's 目标表 and 申报表 as xlgen prints
    them (区级 and 市级) and seed 002's 目标表 as the department printed it."""
    out = tmp_path_factory.mktemp("tables")
    found = []
    for templates in (None, "市级"):
        result = build_workbook(FULL, out / (templates or "区级"),
                                find_templates(templates, [FULL]))
        found += [p for p in result.written if p.suffix == ".xlsx"
                  and p.stem.endswith(("项目支出绩效目标表", "部门整体预算绩效目标申报表"))]
    header = ["项目名称（资金使用单位）", "总计", "财政拨款", "财政专户拨款", "其他资金",
              "绩效目标", "绩效指标"]
    found.append(write_book(out / "seed002.xlsx", {"项目支出绩效目标表": [
        ["项目支出绩效目标表（含转移支付项目）"], [f"部门名称: {seed002.DEPT}"], ["单位：万元"],
        header, *[list(r) for r in seed002.PUBLISHED]]}, dept=False))
    assert len(found) == 5, found
    return found


@dataclass
class Case:
    command: str  # import, init or summary
    sources: list[Path]
    datas: list[bytes]
    mutations: list[str]
    existing: bool = False  # the new workbook is already there (run with --force)
    seed: int | None = None


def invoke(*args: object) -> Result:
    return CliRunner(charset="gbk").invoke(main, [str(a) for a in args])


def broken(tag: str, result: Result, allowed: tuple[int, ...]) -> list[str]:
    """What the run did that no run may do."""
    out, found = result.output, []
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        found.append(f"{tag}: {type(result.exception).__name__}: {result.exception!r}"[:300])
    if result.exit_code not in allowed:
        found.append(f"{tag}: exit {result.exit_code}: {out[-300:]}")
    if "Traceback" in out or "internal-error" in out or "内部错误" in out:
        found.append(f"{tag}: internal error: {out[-500:]}")
    if result.exit_code != 0 and not HAN.search(out):
        found.append(f"{tag}: exit {result.exit_code} with no message: {out[-300:]}")
    return found


def written_book(tag: str, path: Path) -> list[str]:
    """A new input workbook: it opens, and validate reads it without an internal error."""
    try:
        read_raw(path)
    except Exception as exc:  # noqa: BLE001 - any failure to read is the finding
        return [f"{tag}: the new workbook does not open: {type(exc).__name__}: {exc}"[:300]]
    return broken(f"validate after {tag}", invoke("validate", path), (0, 1))


def new_book(case: Case, folder: Path, args: Callable[[Path, Path], list[object]],
             source: Path) -> list[str]:
    """Run import or init --from on ``source``; a run that does not generate leaves
    the target as it was (absent, or the clerk's workbook under --force)."""
    target = folder / "new" / "2023" / "局.xlsx"
    target.parent.mkdir(parents=True)
    if case.existing:
        target.write_bytes(OLD)
    result = invoke(*args(source, target), *(["--force"] if case.existing else []))
    found = broken(case.command, result, (0, 1, 2))
    wrote = target.exists() and target.read_bytes() != OLD
    failed = result.exit_code == 2 or "未生成" in result.output or (
        case.command == "init" and result.exit_code != 0)  # init with errors writes nothing
    if failed and wrote:
        found.append(f"{case.command}: exit {result.exit_code}, not generated, yet the target "
                     f"{'was overwritten' if case.existing else 'was written'}")
    if result.exit_code == 0 and not wrote:
        found.append(f"{case.command}: exit 0 but nothing written")
    if wrote:
        found += written_book(case.command, target)
    return found


def run_case(case: Case, folder: Path) -> list[str]:
    if case.command == "summary":
        inbox = folder / "收件"
        inbox.mkdir(parents=True)
        for i, (source, data) in enumerate(zip(case.sources, case.datas, strict=True)):
            (inbox / f"{i}-{source.name}").write_bytes(data)
        out = folder / "汇总.xlsx"
        result = invoke("summary", inbox, "--out", out, "-j", "1")
        found = broken("summary", result, (0, 2))  # 2: the README's command error
        if result.exit_code == 0:
            try:
                read_raw(out)
            except Exception as exc:  # noqa: BLE001 - any failure to read is the finding
                found.append(f"summary: the 汇总 does not open: {type(exc).__name__}: {exc}")
        return found
    (source,), (data,) = case.sources, case.datas
    copy = folder / "from" / f"2023年{source.name}"  # import takes the year from the name
    copy.parent.mkdir(parents=True)
    copy.write_bytes(data)
    if case.command == "import":
        return new_book(case, folder, lambda s, t: ["import", s, t], copy)
    return new_book(case, folder, lambda s, t: ["init", "--from", s, t], copy)


def check(tmp_path: Path, cases: list[Case]) -> list[str]:
    findings = []
    for i, case in enumerate(cases):
        where = (f"{case.command} {[s.name for s in case.sources]} {case.mutations} "
                 f"seed={case.seed}")
        findings += [f"{where}: {f}" for f in run_case(case, tmp_path / f"c{i:03d}")]
    return findings


# --- every mutation alone -------------------------------------------------------------------------

@pytest.mark.parametrize("name", sorted(SHEET_MUTATIONS))
def test_each_sheet_mutation(tmp_path, tables, name, monkeypatch):
    monkeypatch.setattr(sheets, "ROWS", (500,))  # the fixed table stays fast; make fuzz: more

    def alone(source: Path, i: int) -> bytes:
        return edit(random.Random(i), source.read_bytes(), [name])

    cases = [Case("import", [t], [alone(t, i)], [name], existing=i % 2 == 1)
             for i, t in enumerate(tables)]
    cases += [Case("init", [s], [alone(s, i)], [name], existing=i % 2 == 0)
              for i, s in enumerate(SAMPLES)]
    cases.append(Case("summary", SAMPLES, [alone(s, i) for i, s in enumerate(SAMPLES)], [name]))
    assert check(tmp_path, cases) == []


# --- random combinations ------------------------------------------------------------------------

def random_case(seed: int, tables: list[Path]) -> Case:
    rng = random.Random(seed)
    command = rng.choice(["import", "init", "summary"])
    if command == "summary":
        sources = [rng.choice(SAMPLES) for _ in range(rng.randint(2, 5))]
        drawn = [draw(rng, s.read_bytes()) if rng.random() < 0.7 else (s.read_bytes(), [])
                 for s in sources]
        return Case(command, sources, [d for d, _ in drawn], [n for _, m in drawn for n in m],
                    seed=seed)
    # the other command's sources too: an input workbook given to import, a table to init
    pool = tables + SAMPLES[:1] if command == "import" else SAMPLES + tables[:1]
    source = rng.choice(pool)
    data, names = draw(rng, source.read_bytes())
    return Case(command, [source], [data], names, existing=rng.random() < 0.3, seed=seed)


def corpus_line(case: Case) -> str:
    return (f"[[datain]]\nseed = {case.seed}\ncommand = \"{case.command}\"\n"
            f"mutations = {case.mutations}").replace("'", '"')


def test_random_combinations(tmp_path, tables):
    cases = [random_case(SEED + i, tables) for i in range(CASES)]
    findings = check(tmp_path, cases)
    for case in cases:  # make fuzz: paste the failing ones into tests/fuzz/corpus.toml
        if any(f"seed={case.seed}:" in line for line in findings):
            print(corpus_line(case))
    counts = ", ".join(f"{c} {sum(x.command == c for x in cases)}"
                       for c in ("import", "init", "summary"))
    failing = sum(any(f"seed={c.seed}:" in line for line in findings) for c in cases)
    print(f"test_fuzz_datain: {len(cases)} cases ({counts}), {failing} failing")
    assert findings == []


def test_corpus(tmp_path, tables):
    items = tomllib.loads(CORPUS.read_text("utf-8")).get("datain", [])
    if not items:
        pytest.skip("no [[datain]] case in tests/fuzz/corpus.toml yet")
    cases = []
    for item in items:
        case = random_case(item["seed"], tables)
        assert (case.command, case.mutations) == (item["command"], item["mutations"]), (
            f"seed {item['seed']} now draws {case.command} {case.mutations} (inputs/ or "
            "tests/fuzz/ changed?): pick the corpus seeds again")
        cases.append(case)
    assert check(tmp_path, cases) == []
