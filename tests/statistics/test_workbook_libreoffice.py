"""The ledger's formulas as a spreadsheet program computes them: LibreOffice opens the ledger,
recalculates every COUNTIFS and rate, and saves the values; each must equal what our own
evaluator (test_workbook.Evaluator, the subset of Excel the sheets use) makes of the same
formula.  The evaluator shares its author's reading of COUNTIFS; LibreOffice does not."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook

from generator.casework.ledger import write_ledger
from generator.pipeline import prepare
from tests.statistics.test_page import FIXTURE, TODAY
from tests.statistics.test_workbook import Evaluator

pytestmark = pytest.mark.slow  # starts LibreOffice

SHEETS = ("统计汇总", "分类统计")


def _recalculated(source: Path, folder: Path) -> Any:
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        pytest.skip("LibreOffice is not installed")
    out = folder / "recalculated"
    done = subprocess.run([soffice, f"-env:UserInstallation=file://{folder}/profile", "--headless",
                           "--convert-to", "xlsx", "--outdir", str(out), str(source)],
                          check=True, capture_output=True, timeout=300)
    if not (out / source.name).is_file() and b"could not be loaded" in done.stderr:
        pytest.skip("LibreOffice Calc is not installed (scripts/test.sh installs libreoffice-calc-nogui)")
    return load_workbook(out / source.name, data_only=True)


def test_libreoffice_recalculates_the_figures_our_evaluator_reads(tmp_path: Path) -> None:
    ledger = tmp_path / "台账.xlsx"
    write_ledger(prepare(FIXTURE), ledger, today=TODAY)
    formulas = load_workbook(ledger)
    computed = _recalculated(ledger, tmp_path)
    evaluator = Evaluator(formulas)
    checked = 0
    for name in SHEETS:
        ours, theirs = formulas[name], computed[name]
        for row in ours.iter_rows():
            for cell in row:
                if not (isinstance(cell.value, str) and cell.value.startswith("=")):
                    continue
                expected = evaluator.value(ours, cell.coordinate)
                got = theirs[cell.coordinate].value
                if isinstance(expected, float) or isinstance(got, float):
                    assert got == pytest.approx(expected), (name, cell.coordinate, cell.value)
                else:
                    assert got == expected, (name, cell.coordinate, cell.value)
                checked += 1
    assert checked > 100  # every period and breakdown, not an empty sheet
    # not vacuous: some figures are non-zero counts
    assert any(isinstance(c.value, int) and c.value > 0 for row in computed["统计汇总"].iter_rows() for c in row)
