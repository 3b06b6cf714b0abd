"""The benchmark's own scripts still run against the code they time (bench/): a renamed phase
would otherwise surface only in the next ``make bench``. Nothing here is timed."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import openpyxl

BENCH = Path(__file__).resolve().parent.parent / "bench"
sys.path.insert(0, str(BENCH))

from generate import generate  # noqa: E402


def test_phases_prints_every_phase_of_the_build_and_the_script(tmp_path: Path) -> None:
    book = generate(tmp_path / "city.xlsx", projects=12, units=3)
    out = subprocess.run([sys.executable, str(BENCH / "phases.py"), str(book), "--repeat", "1"],
                         capture_output=True, text=True, check=True).stdout
    for phase in ("script's work", "build's work", "read", "model", "checks", "render",
                  "of which template", "of which row layout", "of which sheet XML",
                  "checks + template + row layout"):
        assert f"     {phase}" in out, (phase, out)


def test_the_fast_script_writes_the_table_the_build_is_compared_with(tmp_path: Path) -> None:
    book = generate(tmp_path / "city.xlsx", projects=12, units=3)
    subprocess.run([sys.executable, str(BENCH / "baseline_fast.py"), str(book),
                    str(tmp_path / "fast.xlsx")], check=True)
    sheet = openpyxl.load_workbook(tmp_path / "fast.xlsx").active
    assert sheet["A5"].value == "合计"
    assert sheet.max_row == 4 + 1 + 3 + 12  # header rows, 合计, a row per unit and per project
