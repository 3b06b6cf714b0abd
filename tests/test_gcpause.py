"""The collector is paused while a workbook is worked on, and left as it was after."""

from __future__ import annotations

import gc
from pathlib import Path

import pytest

import xlgen.output.build
from xlgen.catalogue import Policy
from xlgen.output.build import Setup, work
from xlgen.output.gcpause import gc_paused


@pytest.mark.parametrize("enabled", [True, False])
def test_the_collector_is_restored_as_it_was(enabled):
    before = gc.isenabled()
    try:
        gc.enable() if enabled else gc.disable()
        with gc_paused():
            assert not gc.isenabled()
        assert gc.isenabled() is enabled
        with pytest.raises(ValueError), gc_paused():
            raise ValueError  # restored on the way out of an error too
        assert gc.isenabled() is enabled
    finally:
        gc.enable() if before else gc.disable()


def test_a_workbook_is_worked_on_with_the_collector_paused(monkeypatch, tmp_path):
    seen: list[bool] = []

    def step(setup, source, rel, policy):
        seen.append(gc.isenabled())
        raise RuntimeError("a bug of ours")  # still the workbook's internal-error

    monkeypatch.setattr(xlgen.output.build, "_work", step)
    done = work(Setup(None, tmp_path), (tmp_path / "a.xlsx", Path("."), Policy()))
    assert seen == [False] and gc.isenabled()
    assert [p.code for p in done.result.report.problems] == ["internal-error"]
