"""The site, open data and calendars of a whole notice marked uncertain
(tests/fixtures/uncertain_notice: a township's reposted table, ``date_uncertain`` at the top
of its file), built on Monday 2026-11-16: every page that shows one of its sessions says
日期以正式通知为准 beside the date, the home page's 下一次 does not state it as certain, and
every data file carries it as it carries a single session's mark.  Expected texts are written
here by hand from the fixture."""

from __future__ import annotations

import csv
import datetime as dt
import html
import io
import json
import re
from collections.abc import Iterator
from html.parser import HTMLParser

import jsonschema
import pytest
from icalendar import Calendar

from tests.conftest import FIXTURES
from tests.site.conftest import Built, build_sample
from tests.site.pages.test_real_notices_site import cells

TODAY = dt.date(2026, 11, 16)
NOTICE = "日期以正式通知为准（转载的安排表未写年份，日期与星期不符）"
WATERMARK = "日期以正式通知为准（图中日期被水印遮挡）"
UNCERTAIN = {"huahu-10-20261010": NOTICE, "huahu-10-20261110": NOTICE, "huahu-1117": NOTICE,
             "huahu-1201-1": WATERMARK, "huahu-1201-2": WATERMARK, "huahu-10-20261210": NOTICE}
CERTAIN = ["huahu-1215", "county-thu-20261119", "county-thu-20261203"]


@pytest.fixture(scope="module")
def notice(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Built]:
    yield build_sample(tmp_path_factory.mktemp("uncertain") / "site", TODAY, FIXTURES / "uncertain_notice")


class WidgetRows(HTMLParser):
    """A portal widget's rows: the session id its link points at -> the text of its date line."""

    def __init__(self) -> None:
        super().__init__()
        self.rows: dict[str, str] = {}
        self._when: list[str] | None = None
        self._said = ""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if tag == "p" and a.get("class") == "xf-e-when":
            self._when = []
        if tag == "a" and "#" in (a.get("href") or "") and self._said:
            self.rows[(a["href"] or "").rsplit("#", 1)[1]] = self._said
            self._said = ""

    def handle_endtag(self, tag: str) -> None:
        if tag == "p" and self._when is not None:
            self._said, self._when = " ".join("".join(self._when).split()), None

    def handle_data(self, data: str) -> None:
        if self._when is not None:
            self._when.append(data)


def test_every_page_says_it_beside_the_date_of_each_session_of_the_notice(notice: Built) -> None:
    seen: dict[str, int] = {}
    widgets = 0
    for path in sorted(notice.site.rglob("*.html")):
        page = path.read_text(encoding="utf-8")
        for row_id, row in cells(page).rows.items():
            if row_id in UNCERTAIN:
                assert UNCERTAIN[row_id] in row[0].split(), (path, row_id, row[0])
                seen[row_id] = seen.get(row_id, 0) + 1
            elif row_id in CERTAIN:
                assert "以正式通知为准" not in row[0], (path, row_id)
        if "/embed/" in path.as_posix():
            found = WidgetRows()
            found.feed(page)
            for row_id, when in found.rows.items():
                widgets += row_id in UNCERTAIN
                expected = UNCERTAIN.get(row_id)
                assert (expected in when) if expected else ("以正式通知为准" not in when), (path, row_id, when)
    # the month pages and the overview and week lists all carry the rows
    assert seen["huahu-1117"] >= 3 and seen["huahu-1201-1"] >= 2 and seen["huahu-10-20261010"] == 1
    rows = cells(notice.page("/schedule/2026-12/")).rows
    assert rows["huahu-10-20261210"][0].split() == ["12月10日", "周四", NOTICE]
    assert rows["huahu-1215"][0].split() == ["12月15日", "周二"]
    assert widgets >= 4


def test_the_home_page_does_not_state_the_next_session_as_certain(notice: Built) -> None:
    home = notice.page("/")
    text = html.unescape(re.sub(r"<[^>]+>", "", home))
    assert ("今天是2026年11月16日（周一）。今天没有领导接访安排。下一次：11月17日（周二）上午（" + NOTICE
            + "），镇党委书记现场接访，地点：花湖镇人民政府一楼接访室。") in text
    # what the page's script says on a later day comes from the same words
    data = json.loads(re.search(r'id="xf-today-data">(.*?)</script>', home, re.S).group(1))  # type: ignore[union-attr]
    said = {i: s["w"] for i, s in data["sessions"].items()}
    assert said["huahu-1201-1"] == "12月1日（周二）上午（" + WATERMARK + "）"
    assert said["county-thu-20261119"] == "11月19日（周四）上午"
    leaders = html.unescape(re.sub(r"<[^>]+>", " ", notice.page("/leaders/")))
    assert "镇纪委书记 花湖镇 12月10日（周四）（" + NOTICE + "）" in " ".join(leaders.split())
    assert "镇人大主席 花湖镇 12月15日（周二）上午" in " ".join(leaders.split())


def test_json_csv_ics_and_upcoming_carry_it_like_a_single_sessions_mark(notice: Built) -> None:
    schedule = json.loads((notice.site / "data/schedule.json").read_text("utf-8"))
    schema = json.loads((notice.site / "data/schedule.schema.json").read_text("utf-8"))
    jsonschema.validate(schedule, schema)
    assert "整份公告" in schema["$defs"]["OpenSession"]["properties"]["date_uncertain"]["description"]
    data = {s["id"]: s for s in schedule["sessions"]}
    assert {i: data[i]["date_uncertain"] for i in UNCERTAIN} == UNCERTAIN
    assert [data[i]["date_uncertain"] for i in CERTAIN] == [None, None, None]

    text = (notice.site / "data/schedule.csv").read_text("utf-8-sig")
    rows = {r["编号"]: r for r in csv.DictReader(io.StringIO(text))}
    assert {i: rows[i]["日期待定"] for i in UNCERTAIN} == UNCERTAIN
    assert [rows[i]["日期待定"] for i in CERTAIN] == ["", "", ""]

    events = {str(e["UID"]).split("@")[0]: e
              for e in Calendar.from_ical((notice.site / "calendar/all.ics").read_bytes()).walk("VEVENT")}
    for session_id, said in UNCERTAIN.items():
        assert str(events[session_id]["STATUS"]) == "TENTATIVE"
        assert said in str(events[session_id]["DESCRIPTION"]).splitlines()
    assert [str(events[i]["STATUS"]) for i in CERTAIN] == ["CONFIRMED"] * 3
    # 10 December gives no time: an all-day event, still tentative
    assert events["huahu-10-20261210"]["DTSTART"].dt == dt.date(2026, 12, 10)

    # the next 30 days: 16 November to 15 December
    upcoming = json.loads((notice.site / "data/upcoming.json").read_text("utf-8"))
    jsonschema.validate(upcoming, json.loads((notice.site / "data/upcoming.schema.json").read_text("utf-8")))
    near = {s["id"]: s["date_uncertain"] for s in upcoming["sessions"]}
    assert near == {"huahu-1117": NOTICE, "county-thu-20261119": None, "county-thu-20261126": None,
                    "huahu-1201-1": WATERMARK, "huahu-1201-2": WATERMARK, "county-thu-20261203": None,
                    "huahu-10-20261210": NOTICE, "county-thu-20261210": None, "huahu-1215": None}
