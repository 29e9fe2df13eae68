"""The office's statistics options (office.yaml ``statistics:``), each checked on the page's
HTML, the open data, ``xinfang statistics`` and the ledger against figures added up by hand
from tests/fixtures/statistics (build day 2026-11-24; 2026 holds b01..b10):

    case  unit (区县)        topic   accepted closed  on time  evaluation
    b01   东区青石镇 (东区)   拖欠工资  yes      yes     按期      满意
    b02   东区 (东区)         拖欠工资  yes      yes     超期      不满意
    b03   西县白沙乡 (西县)   社会保险  yes      no      超期      —
    b04   西县白沙乡 (西县)   社会保险  direct answer (not counted as handled)
    b05   测试市 (市本级)     拖欠工资  yes      yes     按期      not evaluated
    b06   东区青石镇 (东区)   社会保险  yes      yes     按期      not evaluated
    b07   西县白沙乡 (西县)   拖欠工资  yes      yes     按期      基本满意
    b08   东区青石镇 (东区)   拖欠工资  yes      no      not due   —
    b09   东区青石镇 (东区)   社会保险  rejected
    b10   西县 (西县)         拖欠工资  not decided yet
"""

from __future__ import annotations

import csv
import io
import json
import re
import shutil
from pathlib import Path
from typing import Any

import lxml.html
import pytest
from openpyxl import load_workbook

from generator.casework.ledger import write_ledger
from generator.cli import main
from generator.pipeline import prepare
from generator.site.pages.statistics import statistics_part
from generator.site.parts.data import SiteData
from tests.conftest import edit
from tests.statistics.test_page import FIXTURE, TODAY


def office(tmp_path: Path, settings: str) -> Path:
    """The fixture office with ``settings`` added under ``statistics:`` (indented two spaces)."""
    root = tmp_path / "content"
    shutil.copytree(FIXTURE, root)
    edit(root / "office.yaml", "statistics:\n", "statistics:\n" + settings)
    return root


def site(root: Path) -> dict[str, str | bytes]:
    return statistics_part(SiteData(prepare(root), TODAY, None))


def html(page: str | bytes) -> Any:
    assert isinstance(page, str)
    return lxml.html.fromstring(f"<div>{page}</div>")


def cell_text(element: Any) -> str:
    return " ".join(element.text_content().split()).replace(" （", "（")


def breakdown(page: str | bytes, name: str) -> dict[str, dict[str, str]]:
    """A breakdown table as {row name: {column: text}}."""
    table = html(page).xpath(f".//table[@data-breakdown='{name}']")[0]
    header = [cell_text(th) for th in table.xpath("./thead//th")][1:]
    return {cell_text(tr.xpath("./th")[0]): dict(zip(header, (cell_text(td) for td in tr.xpath("./td")), strict=True))
            for tr in table.xpath("./tbody/tr")}


def headline(page: str | bytes) -> dict[str, str]:
    """The headline table's first column (本期)."""
    table = html(page).xpath(".//table[contains(@class, 'xf-stats-headline')]")[0]
    return {cell_text(tr.xpath("./th")[0]): cell_text(tr.xpath("./td")[0]) for tr in table.xpath("./tbody/tr")}


def csv_rows(raw: str | bytes) -> list[dict[str, str]]:
    text = raw.decode("utf-8-sig") if isinstance(raw, bytes) else raw
    return list(csv.DictReader(io.StringIO(text)))


def statistics_cli(capsys: pytest.CaptureFixture[str], root: Path, *args: str) -> tuple[int, str, str]:
    code = main(["statistics", "--content", str(root), "--today", TODAY.isoformat(), *args])
    out, err = capsys.readouterr()
    return code, out, err


def check(capsys: pytest.CaptureFixture[str], root: Path) -> tuple[int, str]:
    code = main(["check", "--content", str(root), "--today", TODAY.isoformat()])
    return code, capsys.readouterr().err


def line_of(root: Path, text: str) -> int:
    lines = (root / "office.yaml").read_text(encoding="utf-8").splitlines()
    return next(i for i, line in enumerate(lines, start=1) if text in line)


# --- rounding per measure -------------------------------------------------------------

RULES = """\
  rates:
    satisfaction: {rounding: truncate, decimals: 2}
    dissatisfaction: {decimals: 0}
    on_time: {rounding: truncate}
    share: {rounding: truncate, decimals: 0}
"""


@pytest.fixture(scope="module")
def rounded(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return office(tmp_path_factory.mktemp("rules"), RULES)


def test_each_measure_is_rounded_by_its_own_rule_on_the_page(rounded: Path) -> None:
    output = site(rounded)
    year = headline(output["statistics/2026.md"])
    assert year["满意率"] == "66.66%（2 / 3）"  # 66.666… truncated to 2 places (the office's rule: 66.7)
    assert year["不满意率"] == "33%（1 / 3）"  # 33.33… rounded to none
    assert year["按期办结率"] == "66.6%（4 / 6）"  # 66.666… truncated (the office's rule would say 66.7)
    assert year["受理率"] == "70.0%（7 / 10）"  # no rule of its own: round, 1 place
    assert year["办结率"] == "71.4%（5 / 7）"
    # 2026 Q3 (b01..b06) by county: 东区 3, 西县 2, the city 1 of 6
    quarter = breakdown(output["statistics/2026-q3.md"], "counties")
    assert quarter["东区"]["占比"] == "50%（3 / 6）"
    assert quarter["西县"]["占比"] == "33%（2 / 6）"
    assert quarter["测试市（市本级）"]["占比"] == "16%（1 / 6）"  # 16.67 truncated, not 17
    assert quarter["东区"]["满意率"] == "50.00%（1 / 2）"  # b01 满意, b02 不满意
    assert quarter["东区"]["不满意率"] == "50%（1 / 2）"
    assert quarter["东区"]["按期办结率"] == "66.6%（2 / 3）"  # b01 b06 on time, b02 late: 66.666… truncated
    # the definitions say which rule each measure follows
    definitions = cell_text(html(output["statistics/index.md"]))
    assert "保留 1 位小数，四舍五入（另有注明的除外）" in definitions
    assert "满意率 = 满意和基本满意 ÷ 已评价。本项保留 2 位小数，截断（不进位）。" in definitions
    assert "受理率 = 受理 ÷ 收到。办结率 =" in definitions  # no note of its own: the office rule


def test_the_open_data_and_the_command_line_round_alike(rounded: Path, capsys: pytest.CaptureFixture[str]) -> None:
    output = site(rounded)
    rows = {r["区县"]: r for r in csv_rows(output["data/statistics/2026-q3/counties.csv"])}
    assert (rows["测试市（市本级）"]["占比（%）"], rows["测试市（市本级）"]["占比分子"]) == ("16", "1")
    assert rows["合计"]["满意率（%）"] == "50.00"  # Q3: b01 满意, b02 不满意
    document = json.loads(output["data/statistics/2026/summary.json"])
    assert document["total"]["satisfaction"] == {"rate": 66.66, "numerator": 2, "denominator": 3}
    assert document["total"]["dissatisfaction"]["rate"] == 33.0
    rules = {d["key"]: (d["rounding"], d["decimals"]) for d in document["definitions"]}
    assert rules["satisfaction"] == ("truncate", 2) and rules["acceptance"] == ("round", 1)
    code, out, _ = statistics_cli(capsys, rounded, "2026")
    assert code == 0
    assert re.search(r"^满意率\s+66\.66%（2 / 3）", out, re.M)
    code, out, _ = statistics_cli(capsys, rounded, "2026-q3", "--by", "counties")
    assert re.search(r"^测试市（市本级）\s+1\s+16%（1 / 6）", out, re.M)


def test_the_ledger_rounds_each_measure_by_its_rule(rounded: Path, tmp_path: Path) -> None:
    output = tmp_path / "台账.xlsx"
    write_ledger(prepare(rounded), output, today=TODAY)
    sheet = load_workbook(output)["统计汇总"]
    header = [c.value for c in sheet[2]]
    row = 3  # the first period: 2026
    formulas = {h: sheet.cell(row, i).value for i, h in enumerate(header, start=1)}
    assert re.fullmatch(r'=IF\(\w+3=0,"—",TRUNC\(\w+3\*100/\w+3,2\)\)', formulas["满意率（%）"])
    assert re.fullmatch(r'=IF\(\w+3=0,"—",ROUND\(\w+3\*100/\w+3,0\)\)', formulas["不满意率（%）"])
    assert re.fullmatch(r'=IF\(\w+3=0,"—",TRUNC\(\w+3\*100/\w+3,1\)\)', formulas["按期办结率（%）"])
    assert re.fullmatch(r'=IF\(\w+3=0,"—",ROUND\(\w+3\*100/\w+3,1\)\)', formulas["受理率（%）"])


@pytest.mark.parametrize(("settings", "words"), [
    ("  rates:\n    satisfied: {decimals: 2}\n", "satisfied"),  # not a measure
    ("  rates:\n    share: {decimals: 7}\n", "decimals"),
    ("  rates:\n    share: {rounding: ceiling}\n", "rounding"),
    ("  rates: [1, 2]\n", "rates"),
])
def test_a_bad_rule_is_a_content_error_at_its_line(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                                   settings: str, words: str) -> None:
    root = office(tmp_path, settings)
    code, err = check(capsys, root)
    assert code == 1 and "Traceback" not in err
    line = line_of(root, words if words != "rates" else "rates:")
    assert f"office.yaml:{line}:" in err, err
