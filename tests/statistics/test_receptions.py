"""The record of receptions held: check's problems and warning, the 领导接访 tables on the
statistics pages and in the open data, and the leader pages, against the totals worked out by
hand in tests/machinery.py."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
from pathlib import Path

import lxml.html
import pytest

from generator.cli import main
from generator.pipeline import prepare
from generator.site.pages.directory import leader_page
from generator.site.pages.statistics import statistics_part
from generator.site.parts.data import SiteData
from tests.conftest import edit
from tests.machinery import machinery_office

TODAY = dt.date(2026, 12, 1)

# 接访场次, 批次, 人次, 事项, 当场化解, 未举行 — by hand from tests/machinery.py
SEPTEMBER = {
    "市级领导": [3, 12, 16, 13, 6, 1],   # 0902 (4 件 5 人), 0904 (6 件 8 人), 0909 (批次 2, 3 件 3 人); 0923 not held
    "区县领导": [2, 5, 5, 5, 4, 0],      # 0928 (4/4, 化解 4), 0929 (1/1, 化解 0)
    "其中主要领导": [1, 6, 8, 6, 3, 0],  # 李甲 0904
    "合计": [5, 17, 21, 18, 10, 1],
}
YEAR = {
    "市级领导": [3, 12, 16, 13, 6, 1],
    "区县领导": [3, 7, 7, 7, 6, 0],      # and 1008 (2/2, 化解 2)
    "其中主要领导": [1, 6, 8, 6, 3, 0],
    "合计": [6, 19, 23, 20, 12, 1],
}


@pytest.fixture
def office(tmp_path: Path) -> Path:
    return machinery_office(tmp_path)


@pytest.fixture
def site(office: Path) -> dict[str, str | bytes]:
    return statistics_part(SiteData(prepare(office), TODAY, None))


def _table(markdown: str) -> dict[str, list[str]]:
    start = markdown.index('data-table="receptions"')
    html = markdown[markdown.rindex("<table", 0, start): markdown.index("</table>", start) + 8]
    rows = lxml.html.fromstring(html).xpath("//tbody/tr")
    return {r.xpath("string(th)"): [td.text_content() for td in r.xpath("td")] for r in rows}


def _figures(table: dict[str, list[str]]) -> dict[str, list[int]]:
    return {name: [int(v) for v in cells[:6]] for name, cells in table.items()}


def test_statistics_pages_count_receptions_by_level(site: dict[str, str | bytes]) -> None:
    september = site["statistics/2026-09.md"]
    assert isinstance(september, str)
    assert _figures(_table(september)) == SEPTEMBER
    # 当场化解率 with its numerator and denominator: 10 of 18 in September
    assert _table(september)["合计"][6] == "55.6%（10 / 18）"
    year = site["statistics/2026.md"]
    assert isinstance(year, str)
    assert _figures(_table(year)) == YEAR
    october = site["statistics/2026-10.md"]
    assert isinstance(october, str)
    assert _figures(_table(october)) == {"区县领导": [1, 2, 2, 2, 2, 0], "合计": [1, 2, 2, 2, 2, 0]}
    assert "此前的接访未计入" not in september  # the first session of the schedule has its record


def test_a_period_with_receptions_before_the_first_record_says_so(office: Path) -> None:
    edit(office / "schedule" / "records-2026-09.yaml",
         "  - session: city-wed-20260902\n    people: 5\n    matters: 4\n    settled: 2\n", "")
    page = statistics_part(SiteData(prepare(office), TODAY, None))["statistics/2026-09.md"]
    assert isinstance(page, str) and "本单位自2026年9月4日起登记接访记录，此前的接访未计入。" in page


def test_open_data_has_the_same_figures(site: dict[str, str | bytes]) -> None:
    data = json.loads(site["data/statistics/2026-09/receptions.json"])
    assert {r["name"]: [r[k] for k in ("sessions", "batches", "people", "matters", "settled", "not_held")]
            for r in data["rows"]} == {k: v for k, v in SEPTEMBER.items() if k != "合计"}
    assert [data["total"][k] for k in ("sessions", "batches", "people", "matters", "settled", "not_held")] == \
        SEPTEMBER["合计"]
    assert data["total"]["settled_rate"] == {"rate": 55.6, "numerator": 10, "denominator": 18}
    raw = site["data/statistics/2026-09/receptions.csv"]
    assert isinstance(raw, bytes)
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))
    assert rows[0][:7] == ["接访领导", "接访场次", "批次", "人次", "事项（件）", "当场化解（件）", "未举行（场）"]
    assert rows[-1][:7] == ["合计", "5", "17", "21", "18", "10", "1"]


def test_leader_pages_show_each_leaders_receptions(office: Path) -> None:
    prepared = prepare(office)
    data = SiteData(prepared, TODAY, None)
    page = leader_page(data, prepared.content.leaders["wang-b"])
    html = page[page.index('<table class="xf-table" data-table="leader-receptions"'):]
    html = html[: html.index("</table>") + 8]
    row = lxml.html.fromstring(html).xpath("//tbody/tr")[0]
    # 王乙: 0902 at the city (4 件 5 人, 化解 2), and at 东区, whose roster runs 钱丁, 王乙, 钱丁 …
    # with 10-01..07 off: 0929 (1 件 1 人, 化解 0) and 1008 (2 件 2 人, 化解 2)
    assert [row.xpath("string(th)"), *(td.text_content() for td in row.xpath("td"))] == \
        ["2026年", "3", "7", "8", "7", "4"]
    mayor = leader_page(data, prepared.content.leaders["li-a"])
    plain = re.sub(r' data-label="[^"]*"', "", mayor)
    assert plain.count('<tr><th scope="row">2026年</th><td>1</td><td>6</td><td>8</td><td>6</td><td>3</td></tr>') == 1


def test_no_reception_section_before_the_office_records(tmp_path: Path) -> None:
    office = machinery_office(tmp_path)
    (office / "schedule" / "records-2026-09.yaml").unlink()
    site = statistics_part(SiteData(prepare(office), TODAY, None))
    page = site["statistics/2026-09.md"]
    assert isinstance(page, str) and "领导接访" not in page
    assert "data/statistics/2026-09/receptions.json" not in site


def test_check_warns_about_past_sessions_without_a_record(office: Path, capsys: pytest.CaptureFixture[str],
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XINFANG_TODAY", "2026-10-09")
    assert main(["check", "--content", str(office)]) == 0
    err = capsys.readouterr().err
    assert ("警告：自 2026-09-02 开始登记接访记录以来，有 2 次已过的接访还没有记录"
            "（city-wed-20260930、east-daily-20260930）；请在接访安排文件的 records: 下补记接待人次和件数，"
            "没有举行的写 held: false 和原因") in err.splitlines()


@pytest.mark.parametrize(("record", "message"), [
    ("  - session: city-wed-20261225\n    people: 1\n    matters: 1\n",
     "接访记录指向的接访“city-wed-20261225”不存在；接访 id 为“规则 id-日期”（如 city-wed-20261202）"
     "或单次安排的 id，请核对"),
    ("  - session: city-wed-20260902\n    people: 1\n    matters: 1\n",
     "接访“city-wed-20260902”的记录与"),
    ("  - session: city-wed-20260916\n    people: 1\n    matters: 1\n",
     "接访“city-wed-20260916”在安排中标为“已取消”，记录却写着举行了"),
    ("  - session: city-wed-20260930\n    people: 2\n    matters: 3\n    settled: 4\n",
     "当场化解 4 件多于事项 3 件；请核对"),
    ("  - session: city-wed-20260930\n    held: false\n",
     "没有举行的接访要写 reason（原因）"),
    ("  - session: city-wed-20260930\n    people: 2\n",
     "接访记录要写 people（接待人次）和 matters（事项件数），没有来访就都写 0"),
])
def test_check_refuses_bad_records(office: Path, capsys: pytest.CaptureFixture[str], record: str,
                                   message: str) -> None:
    edit(office / "schedule" / "records-2026-09.yaml", "records:\n", "records:\n" + record)
    assert main(["check", "--content", str(office)]) == 1
    assert message in capsys.readouterr().err


def test_records_hold_no_private_data(office: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A record is counts only: a petitioner's name has no field to go in."""
    edit(office / "schedule" / "records-2026-09.yaml", "  - session: city-wed-20260902\n",
         "  - session: city-wed-20260902\n    petitioner: 张三丰\n")
    assert main(["check", "--content", str(office)]) == 1
    assert "petitioner" in capsys.readouterr().err


def test_a_dated_session_carries_its_record_inline(office: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """``held:`` on a dated session is the same record as a ``records:`` entry naming it."""
    (office / "schedule" / "extra.yaml").write_text(
        "sessions:\n"
        "  - id: east-topic-20260915\n"
        "    date: 2026-09-15\n"
        "    unit: east\n"
        "    role: 区委主要负责同志\n"
        "    times: [上午]\n"
        "    venues: [东区信访接待大厅]\n"
        "    held: {people: 7, matters: 5, settled: 5}\n", encoding="utf-8")
    prepared = prepare(office)
    site = statistics_part(SiteData(prepared, TODAY, None))
    page = site["statistics/2026-09.md"]
    assert isinstance(page, str)
    figures = _figures(_table(page))
    # 区县 gains one session of 5 批次 7 人次 5 件 (all settled); a role naming the 主要负责同志 is principal
    assert figures["区县领导"] == [3, 10, 12, 10, 9, 0]
    assert figures["其中主要领导"] == [2, 11, 15, 11, 8, 0]
    assert figures["合计"] == [6, 22, 28, 23, 15, 1]
    (office / "schedule" / "extra.yaml").write_text(
        (office / "schedule" / "extra.yaml").read_text(encoding="utf-8")
        .replace("    held: {people: 7, matters: 5, settled: 5}\n", "    held: {held: false}\n"), encoding="utf-8")
    assert main(["check", "--content", str(office)]) == 1
    assert "没有举行的接访要写 reason（原因）" in capsys.readouterr().err
