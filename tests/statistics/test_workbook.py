"""The ledger's 统计汇总 and 分类统计 sheets: every figure is a COUNTIFS formula over the
case sheet; evaluated here by a small evaluator of our own (the subset of Excel the
sheets use), they give the figures recomputed from the case files in test_page."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook
from openpyxl.utils import column_index_from_string
from openpyxl.worksheet.worksheet import Worksheet

from generator.casework.ledger import write_ledger
from generator.pipeline import prepare
from tests.statistics.test_page import (
    COUNTS,
    FIXTURE,
    GROUPS,
    PUBLISHED,
    RANGE,
    RATES,
    TODAY,
    bounds,
    cases_between,
    expected_column,
)


class Evaluator:
    """COUNTIFS over whole columns, + of COUNTIFS, and IF(x=0,"—",ROUND|TRUNC(a*100/b,d))."""

    def __init__(self, book: Any) -> None:
        self.book = book
        self.rows: dict[str, list[tuple[Any, ...]]] = {}

    def case_rows(self, name: str) -> list[tuple[Any, ...]]:
        if name not in self.rows:
            self.rows[name] = list(self.book[name].iter_rows(min_row=2, values_only=True))
        return self.rows[name]

    def value(self, sheet: Worksheet, ref: str) -> Any:
        cell = sheet[ref.replace("$", "")]
        if isinstance(cell.value, str) and cell.value.startswith("=") and cell.data_type == "f":
            return self.formula(sheet, cell.value[1:])
        return cell.value

    def formula(self, sheet: Worksheet, text: str) -> Any:
        cell = r"(\$?[A-Z]+\$?\d+)"
        found = re.fullmatch(rf'IF\({cell}=0,"—",(ROUND|TRUNC)\({cell}\*100/{cell},(\d)\)\)', text)
        if found:
            denominator = self.value(sheet, found[4])
            if denominator == 0:
                return "—"
            exact = self.value(sheet, found[3]) * 100 / denominator
            return round(exact, int(found[5])) if found[2] == "ROUND" else exact
        return sum(self.countifs(sheet, part) for part in re.findall(r"COUNTIFS\((.*?)\)(?=\+|$)", text))

    def criterion(self, sheet: Worksheet, text: str) -> Any:
        pieces = text.split("&")
        values = [self.value(sheet, p) if not p.startswith('"') else p[1:-1].replace('""', '"') for p in pieces]
        if len(values) == 1:
            return ("=", values[0])
        return (values[0], values[1])

    def countifs(self, sheet: Worksheet, args: str) -> int:
        parts = re.findall(r"'[^']*'!\$[A-Z]+:\$[A-Z]+|\"(?:[^\"]|\"\")*\"(?:&\$?[A-Z]+\$?\d+)?|\$?[A-Z]+\$?\d+", args)
        assert len(parts) % 2 == 0, args
        conditions = []
        for rng, crit in zip(parts[::2], parts[1::2], strict=True):
            name, column = re.fullmatch(r"'([^']*)'!\$([A-Z]+):\$[A-Z]+", rng).groups()  # type: ignore[union-attr]
            conditions.append((name, column_index_from_string(column), self.criterion(sheet, crit)))
        count = 0
        for row in self.case_rows(conditions[0][0]):
            if all(self.matches(row[column - 1], op, operand) for _, column, (op, operand) in conditions):
                count += 1
        return count

    @staticmethod
    def matches(value: Any, op: str, operand: Any) -> bool:
        if op in (">=", "<="):
            if not isinstance(value, dt.datetime | dt.date):
                return False
            day = value.date() if isinstance(value, dt.datetime) else value
            bound = operand.date() if isinstance(operand, dt.datetime) else operand
            return day >= bound if op == ">=" else day <= bound
        assert op == "=", op
        return (value or "") == operand


@pytest.fixture(scope="module")
def book(tmp_path_factory: pytest.TempPathFactory) -> Any:
    output: Path = tmp_path_factory.mktemp("ledger") / "台账.xlsx"
    write_ledger(prepare(FIXTURE), output, today=TODAY)
    return load_workbook(output)


def _rows(sheet: Worksheet) -> tuple[list[str], list[list[Any]]]:
    header = [str(c.value) for c in sheet[2]]
    return header, [list(r) for r in sheet.iter_rows(min_row=3)]


def _expected(facts: list[Any]) -> dict[str, Any]:
    column = expected_column(facts)
    result: dict[str, Any] = {label: int(column[label]) for label in COUNTS}
    for label in RATES:
        match = re.fullmatch(r"(—|[\d.]+%)（(\d+) / (\d+)）", column[label])
        assert match
        result[f"{label}分子"], result[f"{label}分母"] = int(match[2]), int(match[3])
        result[f"{label}（%）"] = "—" if match[1] == "—" else float(match[1].rstrip("%"))
    return result


def test_summary_sheet_reproduces_every_period(book: Any) -> None:
    evaluator = Evaluator(book)
    sheet = book["统计汇总"]
    header, rows = _rows(sheet)
    seen = {}
    for row in rows:
        label = row[0].value
        start, end = row[1].value.date(), row[2].value.date()
        values = {h: evaluator.value(sheet, c.coordinate) for h, c in zip(header[3:], row[3:], strict=True)}
        seen[label] = (start, end)
        assert values == _expected(cases_between(start, end)), label
    assert len(seen) == len(PUBLISHED) + 1
    assert seen["2026年7月至10月"] == RANGE
    assert seen["2026年"] == bounds("2026")
    formula = sheet.cell(3, 4).value
    assert formula.startswith("=COUNTIFS('信访事项台账'!$B:$B,\">=\"&$B3")  # auditable: over the case sheet


def test_breakdown_sheet_reproduces_years_quarters_and_ranges(book: Any) -> None:
    evaluator = Evaluator(book)
    sheet = book["分类统计"]
    header, rows = _rows(sheet)
    names = {"区县": "counties", "乡镇街道": "townships", "承办单位": "departments", "问题类别": "topics"}
    checked = 0
    for row in rows:
        start, end = row[1].value.date(), row[2].value.date()
        group = GROUPS[names[row[3].value]]
        name = row[4].value.removeprefix("'")  # a name like a formula is neutralised as on the case sheet
        facts = [f for f in cases_between(start, end) if group(f) == name]
        assert facts, row[4].value
        values = {h: evaluator.value(sheet, c.coordinate) for h, c in zip(header[5:], row[5:], strict=True)}
        assert values == _expected(facts), (row[0].value, row[4].value)
        checked += 1
    # 2026: 3 counties, 5 townships, 3 departments, 2 topics; and so on for each year, quarter and range
    assert checked > 60
    assert any(r[4].value == "'=SUM(1,2)测试局" and r[4].data_type == "s" for r in rows)  # text, not a formula


def test_case_sheet_has_the_facts_a_clerk_filters_on(book: Any) -> None:
    sheet = book["信访事项台账"]
    header = [c.value for c in sheet[1]]
    rows = {r[0]: dict(zip(header, r, strict=True)) for r in sheet.iter_rows(min_row=2, values_only=True)}
    assert rows["s-b02"]["统计：承办单位"] == "测试市人社局"  # '  测试市　人社局 ' as one department
    assert rows["s-b02"]["统计：乡镇街道"] == "东区（区县本级）"
    assert rows["s-b03"]["统计：期限"] == "超期"
    assert rows["s-b05"]["统计：超期未评"] == "是"
    assert rows["s-b11"]["统计：计入"] == "否"  # received after the build day
    assert rows["s-b10"]["统计：承办单位"] == "'=SUM(1,2)测试局"
