"""The site, open data and calendars of the day-of-month fixture (tests/fixtures/monthly_notices,
dates worked out in tests/schedule/test_monthly_rules.py), built on Monday 2027-09-06: a date the
holiday moved says its original date everywhere the session is said."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
from collections.abc import Iterator

import pytest
from icalendar import Calendar

from tests.conftest import FIXTURES
from tests.site.conftest import Built, build_sample
from tests.site.pages.test_real_notices_site import cells

TODAY = dt.date(2027, 9, 6)


@pytest.fixture(scope="module")
def monthly(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Built]:
    yield build_sample(tmp_path_factory.mktemp("monthly") / "site", TODAY, FIXTURES / "monthly_notices")


def test_page_says_the_original_date_beside_the_date(monthly: Built) -> None:
    rows = cells(monthly.page("/schedule/2027-09/")).rows
    assert rows["county15-20270916"][0].split() == ["9月16日", "周四", "原定9月15日，遇中秋节顺延"]
    assert rows["rsj-wed-20270916"][0].split() == ["9月16日", "周四", "原定9月15日，遇中秋节顺延"]
    assert rows["township10-20270910"][0].split() == ["9月10日", "周五"]
    may = cells(monthly.page("/schedule/2027-05/")).rows
    # May is over on the build day: the row is marked 已结束 after the note
    assert may["county15-20270517"][0].split() == ["5月17日", "周一", "原定5月15日，遇周末顺延", "已结束"]
    # the swap is said in both rows
    march = cells(monthly.page("/schedule/2027-03/")).rows["county15-20270315"]
    assert "原定由陈三接访，与4月15日负责接待的陈四调换；原因：陈三参加省政府会议" in march[-1]


def test_json_csv_and_ics_carry_the_original_date(monthly: Built) -> None:
    data = {s["id"]: s for s in json.loads((monthly.site / "data/schedule.json").read_text("utf-8"))["sessions"]}
    moved = data["county15-20270916"]
    assert (moved["date"], moved["original_date"], moved["date_note"]) == (
        "2027-09-16", "2027-09-15", "原定9月15日，遇中秋节顺延")
    assert (data["county15-20270615"]["original_date"], data["county15-20270615"]["date_note"]) == (None, None)
    text = (monthly.site / "data/schedule.csv").read_text("utf-8-sig")
    rows = {r["编号"]: r for r in csv.DictReader(io.StringIO(text))}
    assert [rows["rsj-wed-20270610"][k] for k in ("日期", "原定日期", "日期说明")] == [
        "2027-06-10", "2027-06-09", "原定6月9日，遇端午节顺延"]
    assert [rows["township10-20270712"][k] for k in ("日期", "原定日期", "日期说明")] == [
        "2027-07-12", "2027-07-10", "原定7月10日，遇周末顺延"]
    assert rows["county15-20270415"]["原定领导"] == "陈四（副县长）"
    calendar = Calendar.from_ical((monthly.site / "calendar/all.ics").read_bytes())
    events = {str(e["UID"]).split("@")[0]: e for e in calendar.walk("VEVENT")}
    event = events["county15-20270916"]
    assert event["DTSTART"].dt == dt.date(2027, 9, 16)
    assert str(event["COMMENT"]) == "原定9月15日，遇中秋节顺延"
    assert "原定9月15日，遇中秋节顺延" in str(event["DESCRIPTION"]).splitlines()


def test_numbered_scope_list_queue_and_duties(monthly: Built) -> None:
    import html as html_lib
    from html.parser import HTMLParser

    page = monthly.page("/schedule/2027-09/")
    row = cells(page).rows["rsj-wed-20270908"]
    assert row[6].startswith("现场登记排号：当天8:30起在一楼窗口取号")
    assert "预约" not in row[6].replace("预约方式", "")

    class Notes(HTMLParser):
        """The notes under the table: each list item of a note, as its own line."""

        def __init__(self) -> None:
            super().__init__()
            self.items: list[str] = []
            self.depth = 0

        def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
            if tag == "ul" and ("class", "xf-lines") in attrs:
                self.depth += 1
            if tag == "li" and self.depth:
                self.items.append("")

        def handle_endtag(self, tag: str) -> None:
            if tag == "ul" and self.depth:
                self.depth -= 1

        def handle_data(self, data: str) -> None:
            if self.depth and self.items:
                self.items[-1] += data

    notes = Notes()
    notes.feed(page)
    assert notes.items[:5] == ["1. 劳动保障政策咨询；", "2. 拖欠农民工工资；", "3. 社会保险待遇。",
                               "已进入诉讼、仲裁程序的事项", "已经复核终结的事项"]
    data = {s["id"]: s for s in json.loads((monthly.site / "data/schedule.json").read_text("utf-8"))["sessions"]}
    rsj = data["rsj-wed-20270908"]
    assert rsj["queue"] is True and rsj["booking"] == "现场登记排号：当天8:30起在一楼窗口取号"
    assert rsj["scope"] == "1. 劳动保障政策咨询；\n2. 拖欠农民工工资；\n3. 社会保险待遇。"  # text is stripped
    chen = next(x for s in data.values() for x in s["leaders"] if x["id"] == "chen-1")
    assert chen["duties"] == "主持县政府全面工作"
    assert html_lib.unescape(page).count("现场登记排号") >= 4


def test_uncertain_date_and_venue_exception_are_said_beside_date_and_venue(monthly: Built) -> None:
    import html as html_lib

    rows = cells(monthly.page("/schedule/2027-09/")).rows
    assert rows["civil-day"][0].split() == ["9月7日", "周二", "日期以正式通知为准（转载的通知未写年份）"]
    township = rows["township10-20270910"][4]
    assert township.split() == ["示例县", "各乡镇人民政府大院内", "例外：杨叶镇：花湖镇政府"]
    home = html_lib.unescape(monthly.page("/"))
    # the next session is the uncertain one: the home page does not state its date as certain
    assert "下一次：9月7日（周二）上午（日期以正式通知为准（转载的通知未写年份））" in \
        re.sub(r"<[^>]+>", "", home)
    data = {s["id"]: s for s in json.loads((monthly.site / "data/schedule.json").read_text("utf-8"))["sessions"]}
    assert data["civil-day"]["date_uncertain"] == "日期以正式通知为准（转载的通知未写年份）"
    assert data["county15-20270916"]["date_uncertain"] is None
    assert data["township10-20270910"]["venues"] == ["各乡镇人民政府大院内"]
    assert data["township10-20270910"]["venue_exceptions"] == {"杨叶镇": "花湖镇政府"}
    assert data["township10-20270910"]["place"] == "各乡镇人民政府大院内（例外：杨叶镇：花湖镇政府）"
    text = (monthly.site / "data/schedule.csv").read_text("utf-8-sig")
    csv_rows = {r["编号"]: r for r in csv.DictReader(io.StringIO(text))}
    assert csv_rows["civil-day"]["日期待定"] == "日期以正式通知为准（转载的通知未写年份）"
    assert csv_rows["township10-20270910"]["地点"] == "各乡镇人民政府大院内（例外：杨叶镇：花湖镇政府）"
    events = {str(e["UID"]).split("@")[0]: e
              for e in Calendar.from_ical((monthly.site / "calendar/all.ics").read_bytes()).walk("VEVENT")}
    assert str(events["civil-day"]["STATUS"]) == "TENTATIVE"
    assert "日期以正式通知为准（转载的通知未写年份）" in str(events["civil-day"]["DESCRIPTION"]).splitlines()
    assert str(events["county15-20270916"]["STATUS"]) == "CONFIRMED"
