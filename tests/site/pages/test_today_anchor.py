"""The build day's text of the parts the browser redoes for the reader's day: a month page's
#today anchor and the home page's link to it, and the printable week (tests/browser/test_today.py
reads the same pages on later days). The sample is built on Tuesday 2026-11-24."""

from __future__ import annotations

import datetime as dt
import json
import re
from html.parser import HTMLParser

from generator.site.pages import schedule
from generator.site.parts.data import SiteData
from tests.site.conftest import Built


class _Rows(HTMLParser):
    """Each session row's date, hidden flag and whether the #today anchor is in it; and where
    an element with id="today" is outside the rows."""

    def __init__(self) -> None:
        super().__init__()
        self.rows: list[dict[str, object]] = []
        self.anchors_outside: list[str] = []
        self.in_row = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if tag == "tr" and values.get("data-date"):
            self.rows.append({"date": values["data-date"], "hidden": "hidden" in values, "anchor": False})
            self.in_row = True
        if values.get("id") == "today":
            if self.in_row:
                self.rows[-1]["anchor"] = True
            else:
                self.anchors_outside.append(f"{tag}.{values.get('class')}")

    def handle_endtag(self, tag: str) -> None:
        if tag == "tr":
            self.in_row = False


def _rows(page: str) -> _Rows:
    parser = _Rows()
    parser.feed(page)
    return parser


def test_a_month_page_has_one_today_anchor_at_the_first_row_of_the_build_day_or_later(built: Built) -> None:
    sessions = built.prepared.sessions
    for month in ("2026-11", "2026-12"):
        parsed = _rows(built.page(f"/schedule/{month}/"))
        anchored = [r for r in parsed.rows if r["anchor"]]
        assert len(anchored) == 1 and not parsed.anchors_outside, month
        first = min(s.date for s in sessions if s.date >= built.today and s.date.isoformat().startswith(month))
        assert anchored[0]["date"] == first.isoformat()
        # the first such row: every row before it is of an earlier day
        index = parsed.rows.index(anchored[0])
        assert all(str(r["date"]) < first.isoformat() for r in parsed.rows[:index])


def test_a_month_over_on_the_build_day_anchors_today_at_its_note(built: Built) -> None:
    later = SiteData(built.prepared, dt.date(2026, 12, 15), "https://xf.example.gov.cn/")
    pages = schedule.month_pages(later)
    parsed = _rows(pages["schedule/2026-11/index.md"])
    assert not any(r["anchor"] for r in parsed.rows)
    assert parsed.anchors_outside == ["p.xf-past-note"]


def test_the_home_pages_today_box_links_the_month_of_the_next_session_at_today(built: Built) -> None:
    page = built.page("/")
    box = page[page.index('class="xf-today-box"'):]
    box = box[:box.index("</div>")] if "</div>" in box else box
    # on the build day the sample has sessions today: this month's page
    assert '<a href="schedule/2026-11/#today">查看11月全部接访安排（从今天起）</a>' in box
    data = json.loads(re.search(r'<script type="application/json" id="xf-today-data">(.*?)</script>', page).group(1))  # type: ignore[union-attr]
    months = {f"{s.date.year}-{s.date.month:02d}" for s in built.prepared.sessions}
    assert data["months"] == {m: f"schedule/{m}/" for m in sorted(months)}


def test_the_week_page_shows_the_build_days_week_and_carries_the_next_days_hidden(built: Built) -> None:
    page = built.page("/schedule/week/")
    monday, sunday = dt.date(2026, 11, 23), dt.date(2026, 11, 29)  # the build day's week, by hand
    assert re.search(r"<h1[^>]*>本周接访安排（<span data-xf-week-days>11月23日—11月29日</span>）</h1>", page)
    parsed = _rows(page)
    shown = {r["date"] for r in parsed.rows if not r["hidden"]}
    carried = {r["date"] for r in parsed.rows if r["hidden"]}
    assert shown == {s.date.isoformat() for s in built.prepared.sessions if monday <= s.date <= sunday}
    assert carried and min(carried) > sunday.isoformat()  # type: ignore[operator]
    # the coming seven days whatever their count, then whole days: read a week or two after
    # its build the page still has that week's rows
    sessions = built.prepared.sessions
    assert {s.date.isoformat() for s in sessions if sunday < s.date <= built.today + dt.timedelta(days=7)} <= carried
    assert max(carried) >= (built.today + dt.timedelta(days=14)).isoformat()  # type: ignore[operator]
    assert 'data-xf-window="calendar-week"' in page and 'id="xf-today-data"' in page
