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


# --- a declared headline total ------------------------------------------------------------

TOTALS = """\
  totals:
    - period: 2026
      total: 16
      label: 热线来电总量
      remainder: 咨询等未列入信访事项的来电
    - {period: jul-oct, total: 8}
"""


@pytest.fixture(scope="module")
def declared(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return office(tmp_path_factory.mktemp("totals"), TOTALS)


def test_a_declared_total_stands_beside_the_category_shares(declared: Path) -> None:
    output = site(declared)
    page = output["statistics/2026.md"]
    topics = breakdown(page, "topics")
    # 2026 by topic: 拖欠工资 b01 b02 b05 b07 b08 b10, 社会保险 b03 b04 b06 b09; 16 calls in all
    assert list(topics) == ["拖欠工资", "社会保险", "合计", "咨询等未列入信访事项的来电", "热线来电总量"]
    assert list(topics["拖欠工资"])[:3] == ["收到", "占比", "占总量"]
    assert (topics["拖欠工资"]["占比"], topics["拖欠工资"]["占总量"]) == ("60.0%（6 / 10）", "37.5%（6 / 16）")
    assert topics["社会保险"]["占总量"] == "25.0%（4 / 16）"
    assert topics["合计"]["占总量"] == "62.5%（10 / 16）"
    remainder = topics["咨询等未列入信访事项的来电"]
    assert (remainder["收到"], remainder["占比"], remainder["占总量"], remainder["办结率"]) == (
        "6", "", "37.5%（6 / 16）", "")
    assert (topics["热线来电总量"]["收到"], topics["热线来电总量"]["占总量"]) == ("16", "100.0%（16 / 16）")
    # on a phone each row is a card whose every cell is labelled with its own column
    table = html(page).xpath(".//table[@data-breakdown='topics']")[0]
    header = [cell_text(th) for th in table.xpath("./thead//th")][1:]
    assert all([td.get("data-label") for td in tr.xpath("./td")] == header for tr in table.xpath("./tbody/tr"))
    explanation = html(page).xpath(".//p[@class='xf-stats-declared']")
    assert len(explanation) == 1
    words = cell_text(explanation[0])
    assert words.count("。") == 1 and words.endswith("。")
    assert "热线来电总量为16" in words and "10件" in words and "其余6" in words
    # only the topics table of that period
    assert "占总量" not in breakdown(page, "counties")["东区"]
    assert "占总量" not in breakdown(output["statistics/2026-q3.md"], "topics")["合计"]
    # the range's total equals its 8 cases (b01..b08): a remainder of 0 is still said
    in_range = breakdown(output["statistics/ranges/jul-oct.md"], "topics")
    assert (in_range["未分类"]["收到"], in_range["公布总量"]["收到"]) == ("0", "8")
    assert in_range["合计"]["占总量"] == "100.0%（8 / 8）"


def test_a_declared_total_in_the_open_data_and_the_command_line(declared: Path,
                                                                capsys: pytest.CaptureFixture[str]) -> None:
    output = site(declared)
    document = json.loads(output["data/statistics/2026/topics.json"])
    assert {k: document["declared_total"][k] for k in ("label", "total", "categorised", "remainder")} == {
        "label": "热线来电总量", "total": 16, "categorised": 10, "remainder": 6}
    assert document["total"]["share_of_total"] == {"rate": 62.5, "numerator": 10, "denominator": 16}
    rows = {r["问题类别"]: r for r in csv_rows(output["data/statistics/2026/topics.csv"])}
    remainder = rows["咨询等未列入信访事项的来电"]
    assert (remainder["收到"], remainder["占总量（%）"]) == ("6", "37.5")
    assert (rows["热线来电总量"]["收到"], rows["热线来电总量"]["占总量分母"]) == ("16", "16")
    assert rows["热线来电总量"]["受理"] == ""
    assert "declared_total" not in json.loads(output["data/statistics/2026/counties.json"])
    code, out, _ = statistics_cli(capsys, declared, "2026", "--by", "topics")
    assert code == 0
    assert re.search(r"^拖欠工资\s+6\s+60\.0%（6 / 10）\s+37\.5%（6 / 16）", out, re.M)
    assert re.search(r"^咨询等未列入信访事项的来电\s+6\s+37\.5%（6 / 16）$", out, re.M)
    assert "热线来电总量为16" in out


@pytest.mark.parametrize(("settings", "words"), [
    # b01..b11: b11 (2026-12-01) is after the build day but inside the year the total covers
    ("  totals:\n    - {period: 2026, total: 10}\n", "少于该期登记的信访事项 11 件"),
    ("  totals:\n    - {period: 2026-q3, total: 5}\n", "少于该期登记的信访事项 6 件"),  # b01..b06
    ("  totals:\n    - {period: 2026-h1, total: 20}\n", "既不是年、季度、月"),
    ("  totals:\n    - {period: 2026-13, total: 20}\n", "月份不在 1 至 12 之间"),
    ("  totals:\n    - {period: 2026, total: 20}\n    - {period: 2026, total: 30}\n", "写了两次"),
    ("  totals:\n    - {period: 2026, total: -1}\n", "total"),
    ("  totals:\n    - {period: [2026], total: 20}\n", "period"),
])
def test_a_bad_declared_total_is_a_check_error_at_its_line(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                                          settings: str, words: str) -> None:
    root = office(tmp_path, settings)
    code, err = check(capsys, root)
    assert code == 1 and "Traceback" not in err
    assert words in err or words in ("total", "period"), err
    # the last item is the one at fault
    lines = (root / "office.yaml").read_text(encoding="utf-8").splitlines()
    line = max(i for i, text in enumerate(lines, start=1) if "period:" in text)
    assert f"office.yaml:{line}:" in err, err


def test_a_hostile_label_stays_text_everywhere(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = office(tmp_path, "  totals:\n    - period: 2026\n      total: 12\n"
                            "      label: '<script>alert(1)</script>'\n      remainder: '=HYPERLINK(\"http://x\")'\n")
    output = site(root)
    page = html(output["statistics/2026.md"])
    assert not page.xpath(".//script")
    topics = breakdown(output["statistics/2026.md"], "topics")
    assert topics["<script>alert(1)</script>"]["收到"] == "12"
    assert topics['=HYPERLINK("http://x")']["占总量"] == "16.7%（2 / 12）"
    rows = [r[0] for r in csv.reader(io.StringIO(output["data/statistics/2026/topics.csv"].decode("utf-8-sig")))]
    assert "'=HYPERLINK(\"http://x\")" in rows  # a spreadsheet shows it as text
    document = json.loads(output["data/statistics/2026/topics.json"])
    assert document["declared_total"]["label"] == "<script>alert(1)</script>"
    code, out, _ = statistics_cli(capsys, root, "2026", "--by", "topics", "--format", "csv")
    assert code == 0 and "'=HYPERLINK" in out


# --- 区县合计 without the city's own cases --------------------------------------------------

def test_a_counties_total_leaves_out_the_city_when_asked(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    plain = breakdown(site(FIXTURE)["statistics/2026.md"], "counties")
    assert "区县合计（不含市本级）" not in plain
    root = office(tmp_path, "  counties_total: true\n")
    output = site(root)
    counties = breakdown(output["statistics/2026.md"], "counties")
    # 东区 5 + 西县 4; the city's own b05 left out
    row = counties["区县合计（不含市本级）"]
    assert (row["收到"], row["占比"]) == ("9", "90.0%（9 / 10）")
    assert row["办结率"] == "66.7%（4 / 6）"  # accepted b01 b02 b06 b08 b03 b07; closed b01 b02 b06 b07
    assert row["按期办结率"] == "60.0%（3 / 5）"  # on time b01 b06 b07; late b02 b03
    assert (row["满意率"], row["不满意率"]) == ("66.7%（2 / 3）", "33.3%（1 / 3）")
    assert counties["合计"]["收到"] == "10"  # the whole still adds up
    assert "区县合计（不含市本级）" not in breakdown(output["statistics/2026.md"], "townships")
    document = json.loads(output["data/statistics/2026/counties.json"])
    assert (document["counties_total"]["received"], document["counties_total"]["closing"]["numerator"]) == (9, 4)
    rows = {r["区县"]: r for r in csv_rows(output["data/statistics/2026/counties.csv"])}
    assert (rows["区县合计（不含市本级）"]["收到"], rows["区县合计（不含市本级）"]["办结率分母"]) == ("9", "6")
    code, out, _ = statistics_cli(capsys, root, "2026", "--by", "counties")
    assert code == 0 and re.search(r"^区县合计（不含市本级）\s+9\s+90\.0%（9 / 10）", out, re.M)


def test_the_ledger_has_the_counties_total_as_formulas(tmp_path: Path) -> None:
    from tests.statistics.test_workbook import Evaluator

    class WithNot(Evaluator):
        """Also the "<>name" criterion the 区县合计 row uses."""

        def criterion(self, sheet: Any, text: str) -> Any:
            if text.startswith('"<>'):
                return ("<>", text[3:-1].replace('""', '"'))
            return super().criterion(sheet, text)

        @staticmethod
        def matches(value: Any, op: str, operand: Any) -> bool:
            return (value or "") != operand if op == "<>" else Evaluator.matches(value, op, operand)

    root = office(tmp_path, "  counties_total: true\n")
    output = tmp_path / "台账.xlsx"
    write_ledger(prepare(root), output, today=TODAY)
    book = load_workbook(output)
    sheet = book["分类统计"]
    header = [c.value for c in sheet[2]]
    row = next(r for r in sheet.iter_rows(min_row=3)
               if r[0].value == "2026年" and r[4].value == "区县合计（不含市本级）")
    evaluator = WithNot(book)
    values = {h: evaluator.value(sheet, c.coordinate) for h, c in zip(header, row, strict=True) if h}
    # the same figures as the page: 东区 5 + 西县 4, the city's b05 left out
    assert (values["收到"], values["办结率分子"], values["办结率分母"]) == (9, 4, 6)
    assert (values["按期办结率分子"], values["按期办结率分母"]) == (3, 5)
    assert '"<>测试市（市本级）"' in row[5].value
