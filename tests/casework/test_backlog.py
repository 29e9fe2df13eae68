"""领导包案 and 积案: check's refusals, ``deadlines --lead/--backlog``, and the ledger's
积案化解台账 sheet, against the totals worked out by hand in tests/machinery.py."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from openpyxl import load_workbook

from generator.casework.ledger import BACKLOG_SHEET, write_ledger
from generator.cli import main
from generator.pipeline import prepare
from tests.conftest import edit
from tests.machinery import machinery_office
from tests.statistics.test_workbook import Evaluator

TODAY = dt.date(2026, 12, 1)


@pytest.fixture
def office(tmp_path: Path) -> Path:
    return machinery_office(tmp_path)


@pytest.mark.parametrize(("old", "new", "message"), [
    ("  listed: 2026-10-01\n  closed: 2026-11-20\n", "  listed: 2026-10-01\n  closed: 2026-09-20\n",
     "2026-0003.yaml:1: 案件“2026-0003”的积案销号日期 2026-09-20 早于挂牌日期 2026-10-01；请核对"),
    ("  resolution: 依法裁决并执行到位\n", "",
     "2026-0003.yaml:1: 案件“2026-0003”的积案已销号（backlog.closed），但没有写化解情况；"
     "请在 backlog.resolution 写明怎样化解的"),
    ("lead: zhao-c\n", "lead: nobody\n",
     "2026-0003.yaml:1: 案件“2026-0003”的包案领导 lead: nobody 不在 leaders.yaml 里；请写领导的 id"),
    ("lead: zhao-c\n", "lead: zhao-c\nlevel: purple\n",
     "2026-0003.yaml:1: 案件“2026-0003”的督查等级 level: purple 没有定义；可用的等级：red、yellow"),
])
def test_check_refuses_inconsistent_backlog(office: Path, capsys: pytest.CaptureFixture[str],
                                            old: str, new: str, message: str) -> None:
    edit(office / "cases" / "2026-0003.yaml", old, new)
    assert main(["check", "--content", str(office)]) == 1
    assert message in capsys.readouterr().err


def test_check_refuses_a_lead_who_had_left_office(office: Path, capsys: pytest.CaptureFixture[str]) -> None:
    edit(office / "leaders.yaml", "  - id: zhao-c\n    name: 赵丙\n    title: 副市长\n",
         "  - id: zhao-c\n    name: 赵丙\n    title: 副市长\n    until: 2026-09-15\n")
    assert main(["check", "--content", str(office)]) == 1
    err = capsys.readouterr().err
    assert "案件“2026-0003”的包案领导 赵丙（zhao-c）在挂牌日 2026-10-01 不在任（任职 …… 至 2026-09-15）" in err


def test_deadlines_by_lead_and_backlog(office: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["deadlines", "--content", str(office), "--today", "2026-12-01", "--backlog", "--json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    # 0001 is the only 积案 still on the board (0002 and 0003 are 销号)
    assert [(r["case"], r["lead"], r["level"], r["backlog_batch"], r["overdue"]) for r in rows] == [
        ("2026-0001", "wang-b", "红色督查", "第一批", True)]
    assert main(["deadlines", "--content", str(office), "--today", "2026-12-01", "--lead", "li-a", "--json"]) == 0
    assert [r["case"] for r in json.loads(capsys.readouterr().out)] == ["2026-0004"]
    assert main(["deadlines", "--content", str(office), "--today", "2026-12-01", "--lead", "wang-b"]) == 0
    out = capsys.readouterr().out
    assert "【红色督查】" in out and "包案：王乙（副市长）" in out and "积案：第一批" in out
    assert main(["deadlines", "--content", str(office), "--lead", "nobody"]) == 2
    assert "领导“nobody”不在 leaders.yaml 里" in capsys.readouterr().err


def test_ledger_backlog_sheet_counts_by_batch_and_lead(office: Path, tmp_path: Path) -> None:
    output = tmp_path / "台账.xlsx"
    write_ledger(prepare(office), output, today=TODAY)
    book = load_workbook(output)
    sheet = book[BACKLOG_SHEET]
    evaluator = Evaluator(book)
    found = {}
    for row in range(4, sheet.max_row + 1):
        name = sheet.cell(row, 2).value
        found[name] = [evaluator.value(sheet, f"{column}{row}") if str(sheet[f"{column}{row}"].value).startswith(
            "=COUNTIFS") else sheet[f"{column}{row}"].value for column in "CDI"]
        found[name].append(sheet[f"H{row}"].value)
    # 挂牌, 销号, 超期未销号 (hand-worked in tests/machinery.py), and the 化解率 formula
    assert {k: v[:3] for k, v in found.items()} == {
        "第一批": [2, 1, 1], "第二批": [1, 1, 0],
        "王乙（副市长）": [2, 1, 1], "赵丙（副市长）": [1, 1, 0],
        "全部积案": [3, 2, 1],
    }
    assert found["全部积案"][3] == '=IF(G8=0,"—",ROUND(F8*100/G8,1))'
    assert sheet["B2"].value.date() == TODAY
    # every figure is a formula over the case sheet, not a typed number
    assert str(sheet["C4"].value).startswith("=COUNTIFS('信访事项台账'!")


def test_ledger_backlog_as_of_an_earlier_day(office: Path, tmp_path: Path) -> None:
    """B2 is the day counted: on 2026-09-30 the second batch was not yet listed, nothing struck off."""
    output = tmp_path / "台账.xlsx"
    write_ledger(prepare(office), output, today=TODAY)
    book = load_workbook(output)
    sheet = book[BACKLOG_SHEET]
    sheet["B2"].value = dt.datetime(2026, 9, 30)
    evaluator = Evaluator(book)
    totals = {sheet.cell(r, 2).value: (evaluator.value(sheet, f"C{r}"), evaluator.value(sheet, f"D{r}"))
              for r in range(4, sheet.max_row + 1)}
    assert totals["第一批"] == (2, 0)
    assert totals["第二批"] == (0, 0)
    assert totals["全部积案"] == (2, 0)
