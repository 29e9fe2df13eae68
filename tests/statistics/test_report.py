"""``xinfang statistics``: any period or chosen range from the command line, checked
against the figures recomputed from the case files in test_page."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from generator.cli import main
from tests.statistics.test_page import (
    FIXTURE,
    RANGE,
    RANGE_LAST_YEAR,
    RANGE_PREVIOUS,
    RATES,
    cases_between,
    expected_column,
)


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(["statistics", "--content", str(FIXTURE), "--today", "2026-11-24", *args])
    out, err = capsys.readouterr()
    return code, out, err


def _row(out: str, label: str) -> list[str]:
    """A row of the printed grid; columns are at least two spaces apart, a fraction has single ones."""
    line = next(line for line in out.splitlines() if line.split()[:1] == [label])
    return re.split(r"\s{2,}", line.strip())[1:]


def test_a_chosen_range_with_previous_and_last_year(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "--from", "2026-07-01", "--to", "2026-10-31")
    assert code == 0
    expected = [expected_column(cases_between(*b)) for b in (RANGE, RANGE_PREVIOUS, RANGE_LAST_YEAR)]
    assert _row(out, "收到") == [e["收到"] for e in expected] == ["8", "0", "2"]
    for label in RATES:
        assert _row(out, label) == [e[label] for e in expected], label


def test_a_quarter_by_department(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "2026-Q3", "--by", "departments")
    assert code == 0
    facts = cases_between(dt.date(2026, 7, 1), dt.date(2026, 9, 30))
    staff = [f for f in facts if f.department == "测试市人社局"]
    assert _row(out, "测试市人社局")[:3] == ["3", f"50.0%（3 / {len(facts)}）", expected_column(staff)["受理率"]]
    assert _row(out, "合计")[0] == str(len(facts)) == "6"


def test_csv_is_the_open_data_file(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "2026", "--by", "topics", "--format", "csv")
    assert code == 0
    assert out.splitlines()[0].startswith("问题类别,收到,")
    assert out.splitlines()[-1].startswith("合计,10,")


@pytest.mark.parametrize("args", [["2026-13"], ["--from", "2026-07-01"], ["--from", "2026-08-01", "--to", "2026-07-01"],
                                  ["--from", "2026-02-30", "--to", "2026-03-01"], ["--by", "people"]])
def test_misuse_is_a_clear_error(capsys: pytest.CaptureFixture[str], args: list[str]) -> None:
    code, _, err = run(capsys, *args)
    assert code == 2 and "Traceback" not in err and err.strip()
