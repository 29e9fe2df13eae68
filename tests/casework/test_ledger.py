"""The internal ledger, reopened with openpyxl."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from openpyxl import load_workbook

from generator.casework.ledger import COLUMNS, write_ledger
from generator.cli import main
from generator.errors import UsageError
from generator.pipeline import prepare
from tests.conftest import FIXTURES, REPO


def test_one_row_per_case_with_computed_deadlines(tmp_path: Path) -> None:
    output = tmp_path / "台账.xlsx"
    write_ledger(prepare(FIXTURES / "minimal"), output, today=dt.date(2026, 11, 24))
    sheet = load_workbook(output).active
    header = [c.value for c in sheet[1]]
    assert header[:len(COLUMNS)] == [name for name, _ in COLUMNS]  # then the statistics' columns
    row = dict(zip(header, (c.value for c in sheet[2]), strict=True))
    assert row["编号"] == "2026-0001" and row["信访人"] == "张三丰"
    # accepted 8/6 + 60 days = 10/5, in 国庆 -> 10/8
    assert row["办结期限"].date() == dt.date(2026, 10, 8)
    assert row["受理告知期限"].date() == dt.date(2026, 8, 18)  # received 8/3 + 15 days, a Tuesday
    assert row["当前状态"] == "超期未办结"
    assert sheet.freeze_panes == "A2" and sheet.max_row == 2


def test_ledger_is_refused_inside_the_content_folder(content_copy, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    root = content_copy("minimal")
    with pytest.raises(UsageError):
        write_ledger(prepare(root), root / "台账.xlsx", today=dt.date(2026, 11, 24))


def test_ledger_command(tmp_path: Path) -> None:
    output = tmp_path / "l.xlsx"
    assert main(["ledger", "--content", str(FIXTURES / "minimal"), "-o", str(output), "--today", "2026-11-24"]) == 0
    assert load_workbook(output).active.max_row == 2


def test_a_transferred_case_has_its_objection_window_in_the_ledger(tmp_path: Path) -> None:
    output = tmp_path / "台账.xlsx"
    write_ledger(prepare(REPO / "content"), output, today=dt.date(2026, 11, 24))
    sheet = load_workbook(output).active
    header = [c.value for c in sheet[1]]
    rows = {r[0]: dict(zip(header, r, strict=True)) for r in sheet.iter_rows(min_row=2, values_only=True)}
    assert rows["2026-0008"]["异议期限"].date() == dt.date(2026, 11, 23)  # Mon 11/16 + 5 working days
    assert rows["2026-0001"]["异议期限"] is None  # not transferred: no window
