"""A workbook filled in and re-saved by an office suite still validates to the same model."""

import subprocess
from pathlib import Path

import pytest
from printing import soffice
from workbooks import problem_codes

from xlgen.api import check_workbook

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = sorted((ROOT / "inputs").rglob("*.xlsx"))


@pytest.mark.libreoffice
@pytest.mark.parametrize("sample", SAMPLES, ids=lambda p: f"{p.parent.name}-{p.stem}")
def test_samples_resaved_by_libreoffice_read_the_same(tmp_path, sample):
    out = tmp_path / "resaved"
    subprocess.run(
        [soffice(), f"-env:UserInstallation=file://{tmp_path / 'profile'}", "--headless",
         "--convert-to", "xlsx:Calc MS Excel 2007 XML", "--outdir", str(out), str(sample)],
        check=True, capture_output=True, timeout=300,
    )
    original, report = check_workbook(sample)
    resaved, again = check_workbook(out / sample.name)
    assert again.valid, problem_codes(again)
    assert sorted(problem_codes(again)) == sorted(problem_codes(report))
    assert resaved.department == original.department
    assert resaved.budget == original.budget
    assert resaved.self_evaluation == original.self_evaluation
    assert [(p.name, p.total, p.adjusted, p.spent, len(p.indicators))
            for p in resaved.projects or []] == [
        (p.name, p.total, p.adjusted, p.spent, len(p.indicators))
        for p in original.projects or []]
