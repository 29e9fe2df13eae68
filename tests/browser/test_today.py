"""Pages that stay true after the build day: the sample site is built on 2026-11-24 (a
Tuesday) and read with the browser's clock set to later days. What each page must say is
worked out here from the schedule (the sessions the build expanded), not from the page."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from contextlib import contextmanager

import pytest

from tests.browser.conftest import VIEWPORTS, Server

pytestmark = pytest.mark.browser

WEEKDAYS = "一二三四五六日"
NEXT_DAY = dt.date(2026, 11, 25)  # Wednesday: the city leaders' reception day
WEEK_LATER = dt.date(2026, 12, 1)  # the next Tuesday, in December
AFTER_LAST = dt.date(2027, 4, 6)  # the sample's rules end on 2027-03-31


def md(day: dt.date) -> str:
    return f"{day.month}月{day.day}日"


@contextmanager
def reading_on(browser: object, day: dt.date | None, viewport: str = "phone", *,
               scripts: bool = True) -> Iterator[object]:
    """A page whose clock says ``day`` (10:00 local time)."""
    context = browser.new_context(viewport=VIEWPORTS[viewport], java_script_enabled=scripts)  # type: ignore[attr-defined]
    if day is not None:
        context.clock.install(time=dt.datetime.combine(day, dt.time(10, 0)))
    try:
        yield context.new_page()
    finally:
        context.close()


def active_on(server: Server, day: dt.date) -> list:  # type: ignore[type-arg]
    return [s for s in server.built.prepared.sessions if s.is_active and s.date == day]


def first_active_after(server: Server, day: dt.date) -> object:
    return next(s for s in server.built.prepared.sessions if s.is_active and s.date > day)


@pytest.mark.parametrize("day", [NEXT_DAY, WEEK_LATER], ids=["next-day", "week-later"])
def test_home_today_box_is_right_for_the_day_it_is_read(browser: object, server: Server, day: dt.date) -> None:
    with reading_on(browser, day) as page:
        page.goto(server.url + "/")  # type: ignore[attr-defined]
        box = page.locator(".xf-today-box").inner_text()  # type: ignore[attr-defined]
        assert f"今天是{day.year}年{md(day)}（周{WEEKDAYS[day.weekday()]}）" in box
        assert "2026年11月24日" not in box
        today = active_on(server, day)
        if today:
            assert "今天有领导接访" in box
            leaders = server.built.prepared.content.leaders
            for session in today:
                assert any(leaders[x].name in box for x in session.leaders) or session.role in box
        else:
            upcoming = first_active_after(server, day)
            assert "今天没有领导接访安排" in box and f"下一次：{md(upcoming.date)}" in box  # type: ignore[attr-defined]


def test_home_week_list_is_today_and_the_next_seven_days_nearest_first(browser: object, server: Server) -> None:
    day = WEEK_LATER  # Tuesday 1 December: Monday 30 November is this week's past
    sessions = server.built.prepared.sessions
    expected = sorted({s.date for s in sessions if day <= s.date <= day + dt.timedelta(days=7)})
    with reading_on(browser, day) as page:
        page.goto(server.url + "/")  # type: ignore[attr-defined]
        rows = page.locator("table[data-xf-window='week'] tr.xf-session")  # type: ignore[attr-defined]
        shown = [rows.nth(i).get_attribute("data-date") for i in range(rows.count()) if rows.nth(i).is_visible()]
        assert sorted(set(shown)) == [d.isoformat() for d in expected]
        assert shown == sorted(shown), "nearest first"
        # this week's past sessions (Monday 30 November) folded behind one line
        earlier = page.locator("details.xf-earlier")  # type: ignore[attr-defined]
        assert earlier.is_visible()
        monday = {s.date for s in sessions if s.date == dt.date(2026, 11, 30)}
        folded = page.locator("details.xf-earlier tr.xf-session")  # type: ignore[attr-defined]
        assert {folded.nth(i).get_attribute("data-date") for i in range(folded.count())} == \
            {d.isoformat() for d in monday}
        assert not folded.first.is_visible()  # folded until the line is opened
        page.locator("details.xf-earlier summary").click()  # type: ignore[attr-defined]
        assert folded.first.is_visible() and "已结束" in folded.first.inner_text()
        assert f"{md(day)}（今天）至{md(day + dt.timedelta(days=7))}" in page.locator("[data-xf-range]").inner_text()  # type: ignore[attr-defined]


def test_past_the_last_published_session_the_home_page_says_so(browser: object, server: Server) -> None:
    phone = server.built.prepared.content.office.phone
    with reading_on(browser, AFTER_LAST) as page:
        page.goto(server.url + "/")  # type: ignore[attr-defined]
        box = page.locator(".xf-today-box")  # type: ignore[attr-defined]
        assert "以后的接访安排尚未公布" in box.inner_text() and "下一次" not in box.inner_text()
        assert box.locator("a[href^='tel:']").inner_text() == phone
        # the week list says nothing is scheduled instead of listing old sessions
        assert page.locator("[data-xf-week-empty]").is_visible()  # type: ignore[attr-defined]
        visible = page.locator("table[data-xf-window='week'] tr.xf-session:visible")  # type: ignore[attr-defined]
        assert visible.count() == 0


def test_month_page_opens_at_today_with_past_days_folded_and_marked(browser: object, server: Server) -> None:
    day = dt.date(2026, 12, 9)
    december = [s for s in server.built.prepared.sessions if s.date.year == 2026 and s.date.month == 12]
    with reading_on(browser, day) as page:
        page.goto(server.url + "/schedule/2026-12/")  # type: ignore[attr-defined]
        rows = page.locator("tr.xf-session")  # type: ignore[attr-defined]
        visible = [rows.nth(i) for i in range(rows.count()) if rows.nth(i).is_visible()]
        assert visible and all(r.get_attribute("data-date") >= day.isoformat() for r in visible)
        first = visible[0]
        assert first.get_attribute("data-date") == min(s.date for s in december if s.date >= day).isoformat()
        # the first row of the day is at the top of the table, near the top of the first screen
        assert first.bounding_box()["y"] < 900  # type: ignore[index]
        toggle = page.locator("button.xf-past-toggle")  # type: ignore[attr-defined]
        past_days = {s.date for s in december if s.date < day}
        assert f"已结束的 {len(past_days)} 天" in toggle.inner_text()
        toggle.click()
        past = page.locator("tr.xf-session.xf-past")  # type: ignore[attr-defined]
        assert past.first.is_visible() and "已结束" in past.first.inner_text()
        assert {past.nth(i).get_attribute("data-date") for i in range(past.count())} == \
            {d.isoformat() for d in past_days}
        toggle.click()
        # printed, the month keeps every day
        page.emulate_media(media="print")  # type: ignore[attr-defined]
        assert all(rows.nth(i).is_visible() for i in range(rows.count()))


def test_a_month_that_is_over_says_so_on_a_later_day(browser: object, server: Server) -> None:
    with reading_on(browser, dt.date(2026, 12, 2)) as page:
        page.goto(server.url + "/schedule/2026-11/")  # type: ignore[attr-defined]
        note = page.locator(".xf-past-note")  # type: ignore[attr-defined]
        assert note.is_visible() and "2026年12月2日" in note.inner_text()
    with reading_on(browser, dt.date(2026, 11, 30)) as page:
        page.goto(server.url + "/schedule/2026-11/")  # type: ignore[attr-defined]
        assert not page.locator(".xf-past-note").is_visible()  # type: ignore[attr-defined]


@pytest.mark.parametrize("day", [NEXT_DAY, WEEK_LATER], ids=["next-day", "week-later"])
def test_topic_and_leader_next_session_is_the_next_one_on_that_day(browser: object, server: Server,
                                                                   day: dt.date) -> None:
    content = server.built.prepared.content
    topic = next(t for t in content.topics.values() if "欠薪" in t.keywords)
    sessions = server.built.prepared.sessions
    with reading_on(browser, day) as page:
        page.goto(f"{server.url}/topics/{topic.id}/")  # type: ignore[attr-defined]
        rows = page.locator("table.xf-leaders tbody tr")  # type: ignore[attr-defined]
        checked = 0
        for i in range(rows.count()):
            text = rows.nth(i).inner_text()
            leader = next(x for x in content.leaders.values() if x.name in text)
            upcoming = [s for s in sessions if s.is_active and s.date >= day and leader.id in s.leaders]
            if upcoming:
                assert md(upcoming[0].date) in text.split("\t")[-1], (leader.name, text)
                checked += 1
        assert checked
        leader = next(x for x in content.leaders.values() if topic.id in x.topics)
        page.goto(f"{server.url}/leaders/{leader.id}/")  # type: ignore[attr-defined]
        upcoming = next(s for s in sessions if s.is_active and s.date >= day and leader.id in s.leaders)
        answer = page.locator(".xf-next").inner_text()  # type: ignore[attr-defined]
        assert answer.startswith(f"{md(upcoming.date)}（周{WEEKDAYS[upcoming.date.weekday()]}）")


def test_after_the_last_session_a_leader_page_says_nothing_more_is_published(browser: object,
                                                                            server: Server) -> None:
    leader = next(iter(server.built.prepared.content.leaders.values()))
    with reading_on(browser, AFTER_LAST) as page:
        page.goto(f"{server.url}/leaders/{leader.id}/")  # type: ignore[attr-defined]
        assert "以后的安排尚未公布" in page.locator(".xf-next").inner_text()  # type: ignore[attr-defined]


def test_without_scripts_the_build_days_text_is_shown(browser: object, server: Server) -> None:
    built = server.built.today
    with reading_on(browser, WEEK_LATER, scripts=False) as page:
        page.goto(server.url + "/")  # type: ignore[attr-defined]
        box = page.locator(".xf-today-box").inner_text()  # type: ignore[attr-defined]
        assert f"今天是{built.year}年{md(built)}" in box
        rows = page.locator("table[data-xf-window='week'] tr.xf-session")  # type: ignore[attr-defined]
        shown = {rows.nth(i).get_attribute("data-date") for i in range(rows.count()) if rows.nth(i).is_visible()}
        assert min(shown) == built.isoformat() and max(shown) <= (built + dt.timedelta(days=7)).isoformat()
        page.goto(server.url + "/schedule/2026-11/")  # type: ignore[attr-defined]
        past = page.locator("tr.xf-session.xf-past")  # type: ignore[attr-defined]
        # no script: past days are shown, marked as on the build day
        assert past.count() > 0 and past.first.is_visible() and "已结束" in past.first.inner_text()
        assert all(past.nth(i).get_attribute("data-date") < built.isoformat() for i in range(past.count()))


@pytest.mark.parametrize("viewport", list(VIEWPORTS))
def test_the_today_box_opens_the_month_page_at_the_readers_day(browser: object, server: Server,
                                                               viewport: str) -> None:
    day = dt.date(2026, 12, 10)  # Thursday, sixteen days after the build
    sessions = server.built.prepared.sessions
    first = min(s.date for s in sessions if s.is_active and s.date >= day)
    december = {s.date for s in sessions if s.date.year == 2026 and s.date.month == 12}
    with reading_on(browser, day, viewport) as page:
        page.goto(server.url + "/")  # type: ignore[attr-defined]
        month_link = page.locator(".xf-today-box a", has_text="12月全部接访安排")  # type: ignore[attr-defined]
        assert month_link.get_attribute("href").endswith("schedule/2026-12/#today")
        month_link.click()
        page.wait_for_url("**/schedule/2026-12/#today")  # type: ignore[attr-defined]
        anchor = page.locator("#today")  # type: ignore[attr-defined]
        assert anchor.count() == 1
        row = page.locator("tr.xf-session:has(#today)")  # type: ignore[attr-defined]
        assert row.get_attribute("data-date") == first.isoformat()
        # opened there: the row is on the first screen, below the sticky header
        box = row.bounding_box()
        height = VIEWPORTS[viewport]["height"]
        assert box is not None and 40 <= box["y"] < height * 0.4, box
        # the days before are folded and said to be over
        toggle = page.locator("button.xf-past-toggle")  # type: ignore[attr-defined]
        assert f"已结束的 {len({d for d in december if d < day})} 天" in toggle.inner_text()
        assert all(not page.locator(f"tr.xf-session[data-date='{d.isoformat()}']").first.is_visible()  # type: ignore[attr-defined]
                   for d in december if d < day)
        # printed, every day of the month is there
        page.emulate_media(media="print")  # type: ignore[attr-defined]
        rows = page.locator("tr.xf-session")  # type: ignore[attr-defined]
        assert {rows.nth(i).get_attribute("data-date") for i in range(rows.count()) if rows.nth(i).is_visible()} \
            == {d.isoformat() for d in december}


def test_without_scripts_the_month_link_opens_at_the_build_days_row(browser: object, server: Server) -> None:
    built = server.built.today
    first = min(s.date for s in server.built.prepared.sessions if s.date >= built)
    with reading_on(browser, WEEK_LATER, scripts=False) as page:
        page.goto(server.url + f"/schedule/{built:%Y-%m}/#today")  # type: ignore[attr-defined]
        row = page.locator("tr.xf-session:has(#today)")  # type: ignore[attr-defined]
        assert row.get_attribute("data-date") == first.isoformat()
        box = row.bounding_box()
        assert box is not None and box["y"] < VIEWPORTS["phone"]["height"] * 0.4


def _week_page(page: object, server: Server) -> tuple[str, set[str], str]:
    page.goto(server.url + "/schedule/week/")  # type: ignore[attr-defined]
    rows = page.locator("table[data-xf-window='calendar-week'] tr.xf-session")  # type: ignore[attr-defined]
    page.emulate_media(media="print")  # type: ignore[attr-defined]  # what is printed: every day of the week
    shown = {rows.nth(i).get_attribute("data-date") for i in range(rows.count()) if rows.nth(i).is_visible()}
    page.emulate_media(media="screen")  # type: ignore[attr-defined]
    note = page.locator("[data-xf-week-empty]")  # type: ignore[attr-defined]
    return page.locator("h1").inner_text(), shown, note.inner_text() if note.is_visible() else ""  # type: ignore[attr-defined]


@pytest.mark.parametrize("viewport", list(VIEWPORTS))
def test_the_printable_week_is_the_readers_week(browser: object, server: Server, viewport: str) -> None:
    sessions = server.built.prepared.sessions
    day = WEEK_LATER  # Tuesday 1 December: the week of Monday 30 November to Sunday 6 December
    monday, sunday = dt.date(2026, 11, 30), dt.date(2026, 12, 6)
    with reading_on(browser, day, viewport) as page:
        title, shown, note = _week_page(page, server)
        assert title == "本周接访安排（11月30日—12月6日）"
        assert shown == {s.date.isoformat() for s in sessions if monday <= s.date <= sunday}
        assert not note
        # on screen Monday is over: folded behind one button, marked when opened
        toggle = page.locator("button.xf-past-toggle")  # type: ignore[attr-defined]
        assert "已结束的 1 天" in toggle.inner_text()
        toggle.click()
        past = page.locator("tr.xf-session.xf-past:visible")  # type: ignore[attr-defined]
        assert past.count() and all(past.nth(i).get_attribute("data-date") == monday.isoformat()
                                    for i in range(past.count()))
        assert "已结束" in past.first.inner_text()


def test_the_printable_week_past_what_it_carries_and_past_the_last_session(browser: object, server: Server) -> None:
    phone = server.built.prepared.content.office.phone
    with reading_on(browser, dt.date(2026, 12, 23)) as page:  # a month after the build
        title, shown, note = _week_page(page, server)
        assert title == "本周接访安排（12月21日—12月27日）" and not shown
        assert "本页生成于2026年11月24日" in note and "全部接访安排" in note
    with reading_on(browser, AFTER_LAST) as page:
        title, shown, note = _week_page(page, server)
        assert title == "本周接访安排（4月5日—4月11日）" and not shown
        assert "以后的接访安排尚未公布" in note
        assert page.locator("[data-xf-week-empty] a[href^='tel:']").inner_text() == phone  # type: ignore[attr-defined]


def test_without_scripts_the_week_page_is_the_build_days_week(browser: object, server: Server) -> None:
    sessions = server.built.prepared.sessions
    monday, sunday = dt.date(2026, 11, 23), dt.date(2026, 11, 29)
    with reading_on(browser, WEEK_LATER, scripts=False) as page:
        title, shown, _ = _week_page(page, server)
        assert title == "本周接访安排（11月23日—11月29日）"
        assert shown == {s.date.isoformat() for s in sessions if monday <= s.date <= sunday}
