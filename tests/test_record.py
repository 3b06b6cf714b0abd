"""An unchanged rebuild skips the work (issue 13), and anything that changed is built again."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest

import xlgen.output.build
import xlgen.output.record
import xlgen.render.check
from xlgen.api import build_run, check_run, find_workbooks
from xlgen.output.record import RECORD

ROOT = Path(__file__).resolve().parent.parent
INPUTS = ROOT / "inputs"


@pytest.fixture
def setup(tmp_path, monkeypatch):
    """A copy of the samples and the shipped templates; counts the workbooks really built."""
    shutil.copytree(INPUTS, tmp_path / "inputs")
    shutil.copytree(ROOT / "templates", tmp_path / "templates")
    built: list[str] = []
    real = xlgen.output.build._work

    def counting(setup, source, rel, policy):
        built.append(source.name)
        return real(setup, source, rel, policy)

    monkeypatch.setattr(xlgen.output.build, "_work", counting)
    return tmp_path, built


SAMPLES = 4  # the workbooks under inputs/: seeds 000, 001, 002 and the full-year sample


def build(tmp_path: Path):
    return build_run(find_workbooks([tmp_path / "inputs"])[0], tmp_path / "out",
                     tmp_path / "templates")


def state(run) -> list:
    return [(r.source.name, sorted(p.name for p in r.written + r.unchanged),
             [(p.code, p.sheet, p.cell, p.message) for p in r.report.problems],
             r.report.ignored, [s.document for s in r.skipped]) for r in run.results]


def test_an_unchanged_rebuild_does_no_work_and_reports_the_same(setup):
    tmp_path, built = setup
    first = build(tmp_path)
    assert len(built) == SAMPLES and all(r.written for r in first.results)
    built.clear()
    second = build(tmp_path)
    assert built == []
    assert state(second) == state(first)
    assert all(r.unchanged and not r.written for r in second.results)
    assert second.exit_code() == first.exit_code() == 0


@pytest.mark.parametrize("change", ["input", "template", "policy", "output edited",
                                    "output deleted", "code", "record damaged"])
def test_a_change_builds_again(setup, monkeypatch, change):
    tmp_path, built = setup
    build(tmp_path)
    built.clear()
    huadu = tmp_path / "inputs" / "2023" / "广州市花都区政务服务和数据管理局.xlsx"
    table = next((tmp_path / "out").rglob("*项目支出绩效目标表.xlsx"))
    if change == "input":
        os.utime(huadu)  # the same bytes are not a change…
        assert build(tmp_path) and built == []
        huadu.write_bytes(huadu.read_bytes() + b"\0")  # …other bytes are (a trailing byte)
    elif change == "template":
        template = tmp_path / "templates" / "区级" / "项目支出绩效目标表.xlsx"
        template.write_bytes(template.read_bytes() + b"\0")
    elif change == "policy":
        (huadu.parent / "xlgen.toml").write_text('ignore = ["missing-level2"]\n', "utf-8")
    elif change == "output edited":
        table.write_bytes(table.read_bytes() + b" ")
    elif change == "output deleted":
        table.unlink()
    elif change == "code":
        monkeypatch.setattr(xlgen.output.record, "code_digest", lambda: "a newer xlgen")
    elif change == "record damaged":
        (tmp_path / "out" / RECORD).write_text("{not json", "utf-8")
    run = build(tmp_path)
    expected = {"input": ["广州市花都区政务服务和数据管理局.xlsx"],
                "policy": ["广州市白云区政务服务数据管理局.xlsx",  # both workbooks of 2023/
                           "广州市花都区政务服务和数据管理局.xlsx"],
                "output edited": ["广州市花都区政务服务和数据管理局.xlsx"],
                "output deleted": ["广州市花都区政务服务和数据管理局.xlsx"]}
    if change in expected:
        assert built == expected[change]
    elif change == "template":
        assert len(built) == SAMPLES  # every workbook: the fingerprint covers all templates
    else:
        assert len(built) == SAMPLES
    assert table.is_file() and run.exit_code() == 0
    if change == "output edited":
        huadu = next(r for r in run.results if r.source.name.startswith("广州市花都"))
        assert table in huadu.written  # the clerk's edit is overwritten, as before


def test_a_workbook_with_errors_is_checked_again_and_changes_nothing(setup):
    tmp_path, built = setup
    build(tmp_path)
    record = (tmp_path / "out" / RECORD).read_bytes()
    bad = tmp_path / "inputs" / "坏.xlsx"
    bad.write_bytes(b"PK not really a workbook")
    built.clear()
    first = build(tmp_path)
    second = build(tmp_path)
    assert built == ["坏.xlsx", "坏.xlsx"]
    assert state(second) == state(first) and second.exit_code() == 1
    assert (tmp_path / "out" / RECORD).read_bytes() == record


def test_names_are_still_claimed_on_an_unchanged_rebuild(setup):
    tmp_path, built = setup
    build(tmp_path)
    original = tmp_path / "inputs" / "2023" / "广州市花都区政务服务和数据管理局.xlsx"
    copy = original.with_name("我的副本.xlsx")  # read after the original
    shutil.copy(original, copy)
    built.clear()
    run = build(tmp_path)
    assert built == ["我的副本.xlsx"]  # the original is replayed, and keeps its name
    errors = {r.source.name: [p.code for p in r.report.errors] for r in run.results}
    assert errors[original.name] == [] and errors[copy.name] == ["same-output"]
    copy.unlink()
    built.clear()
    assert build(tmp_path).exit_code() == 0 and built == []


def test_the_record_forgets_workbooks_that_are_gone_and_is_plain_json(setup):
    tmp_path, _ = setup
    build(tmp_path)
    (tmp_path / "inputs" / "2022" / "广州市白云区政务服务数据管理局.xlsx").unlink()
    build(tmp_path)
    data = json.loads((tmp_path / "out" / RECORD).read_text("utf-8"))
    assert data["format"] == 1 and len(data["workbooks"]) == SAMPLES - 1


def test_a_dry_run_neither_reads_nor_writes_the_record(setup):
    tmp_path, built = setup
    build_run(find_workbooks([tmp_path / "inputs"])[0], tmp_path / "out", tmp_path / "templates",
              dry_run=True)
    assert not (tmp_path / "out" / RECORD).exists()


def test_the_templates_check_is_remembered_for_the_same_templates_and_code(setup,
                                                                           monkeypatch):
    """An unchanged rebuild reads and compiles no template, and reports their problems as
    the first run did; an edited template is checked again."""
    import openpyxl

    tmp_path, _ = setup
    checked: list[str] = []
    real = xlgen.render.check._check_statically

    def counting(template):
        checked.append(template.name)
        return real(template)

    monkeypatch.setattr(xlgen.render.check, "_check_statically", counting)
    table = tmp_path / "templates" / "区级" / "项目支出绩效目标表.xlsx"
    wb = openpyxl.load_workbook(table)
    wb.worksheets[0]["H1"] = "{{ dept.name "  # unclosed: a template-syntax error
    wb.save(table)
    first = build(tmp_path)
    assert len(checked) == 5 and first.exit_code() == 3
    codes = [(p.code, p.file, p.cell) for p in first.templates]
    assert ("template-syntax", str(table), "H1") in codes
    checked.clear()
    second = build(tmp_path)
    assert checked == [] and [(p.code, p.file, p.cell) for p in second.templates] == codes
    assert [p.message for p in second.templates] == [p.message for p in first.templates]
    assert second.exit_code() == 3
    wb.worksheets[0]["H1"] = None
    wb.save(table)
    third = build(tmp_path)  # the edited template alone: the others are known to this process
    assert checked == [table.name] and third.exit_code() == 0 and not third.template_errors


def test_the_templates_check_is_remembered_on_this_computer_for_another_folder(setup,
                                                                             monkeypatch):
    """A new run writing to a new folder (or validate), with the same templates and code:
    the run's own check of every template (the workers check those they render) comes from
    the user's cache (xlgen/output/checkcache.py), the same problems in the same order; an
    edited template, a damaged cache or XLGEN_CACHE=off check again."""
    import openpyxl

    from xlgen.output import checkcache

    tmp_path, _ = setup
    checks: list[int] = []
    real = xlgen.output.build._check_templates

    def counting(run, templates):
        checks.append(1)
        return real(run, templates)

    def build_to(out: str):
        checks.clear()
        return build_run(find_workbooks([tmp_path / "inputs"])[0], tmp_path / out,
                         tmp_path / "templates")

    monkeypatch.setattr(xlgen.output.build, "_check_templates", counting)
    table = tmp_path / "templates" / "区级" / "项目支出绩效目标表.xlsx"
    wb = openpyxl.load_workbook(table)
    wb.worksheets[0]["H1"] = "{{ dept.name "  # unclosed: a template-syntax error
    wb.save(table)
    first = build_to("a")
    assert checks == [1] and first.exit_code() == 3
    cache = checkcache.cache_dir() / checkcache.FILENAME
    assert cache.is_file()
    second = build_to("b")
    assert checks == []
    assert second.templates == first.templates and second.exit_code() == 3
    assert json.loads((tmp_path / "b" / RECORD).read_text("utf-8"))["templates"]["problems"]
    checks.clear()  # xlgen validate: the same check, remembered as well
    validated = check_run(find_workbooks([tmp_path / "inputs"])[0], tmp_path / "templates")
    assert checks == [] and validated.templates == first.templates
    wb.worksheets[0]["H1"] = None
    wb.save(table)
    assert build_to("c").exit_code() == 0 and checks == [1]
    assert build_to("d").exit_code() == 0 and checks == []
    for n, damaged in enumerate(("{not json", "[1]", '{"format": 1, "checks": [1]}')):
        cache.write_text(damaged, "utf-8")
        assert build_to(f"e{n}").exit_code() == 0 and checks == [1]
    monkeypatch.setenv("XLGEN_CACHE", "off")
    assert build_to("f").exit_code() == 0 and checks == [1]
    assert build_to("g").exit_code() == 0 and checks == [1]


def test_a_cache_that_cannot_be_written_costs_only_time(setup, monkeypatch):
    tmp_path, _ = setup
    blocker = tmp_path / "a file, not a folder"
    blocker.write_text("", "utf-8")
    monkeypatch.setenv("XLGEN_CACHE", str(blocker))
    run = build(tmp_path)
    assert run.exit_code() == 0 and all(r.written for r in run.results)
    assert blocker.read_text("utf-8") == ""


def test_a_stopped_build_keeps_what_it_wrote_and_a_rerun_goes_on(setup, monkeypatch):
    """Ctrl+C after the second workbook: its outputs and the first's are whole and recorded;
    the next run builds only the other two. The clerk is told so."""
    from click.testing import CliRunner

    from xlgen.cli import main
    from xlgen.cli.commands import STOPPED
    from xlgen.cli.display import Progress

    tmp_path, built = setup
    done: list[object] = []

    def stop_after_two(self, result=None):
        done.append(result)
        if len(done) == 2:
            raise KeyboardInterrupt

    monkeypatch.setattr(Progress, "done", stop_after_two)
    monkeypatch.setenv("XLGEN_TEMPLATES", str(tmp_path / "templates"))
    stopped = CliRunner().invoke(main, ["build", str(tmp_path / "inputs"), "--out",
                                        str(tmp_path / "out"), "-j", "1"])
    assert stopped.exit_code == 130 and STOPPED.strip() in stopped.output
    kept = sorted(p.relative_to(tmp_path / "out") for p in (tmp_path / "out").rglob("*")
                  if p.is_file() and p.name != RECORD)
    first_two = [r.source.name for r in done]
    assert len(kept) >= 2 and not [p for p in kept if p.suffix not in (".xlsx", ".docx")]
    built.clear()
    rerun = build(tmp_path)
    assert sorted(built) == sorted(r.source.name for r in rerun.results[2:])  # the rest only
    assert [r.source.name for r in rerun.results[:2]] == first_two
    assert all(r.unchanged and not r.written for r in rerun.results[:2])
    assert all(r.written for r in rerun.results[2:])
