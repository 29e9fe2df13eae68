"""Calendar feeds parsed with the icalendar library; RSS and open data parsed too."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from xml.etree import ElementTree as ET

from icalendar import Calendar

from generator.ics.feeds import AHEAD_DAYS, HISTORY_DAYS
from generator.model.schedule import Mode
from tests.site.conftest import Built


def _events(built: Built, path: str) -> list:  # type: ignore[type-arg]
    calendar = Calendar.from_ical((built.site / path).read_bytes())
    return list(calendar.walk("VEVENT"))


def test_all_feed_has_one_event_per_recent_session_with_stable_uids(built: Built) -> None:
    since = built.today - dt.timedelta(days=HISTORY_DAYS)
    until = built.today + dt.timedelta(days=AHEAD_DAYS)
    expected = {s.id for s in built.prepared.sessions if since <= s.date <= until}
    expected.add("suspension-baiyun-renovation")  # the sample's suspension, an all-day event in every feed
    events = _events(built, "calendar/all.ics")
    uids = [str(e["UID"]) for e in events]
    assert len(uids) == len(set(uids)) == len(expected)
    office = built.prepared.content.office.id
    assert {u.removesuffix(f"@{office}") for u in uids} == expected


def test_feed_is_in_shanghai_time_with_a_vtimezone(built: Built) -> None:
    calendar = Calendar.from_ical((built.site / "calendar/all.ics").read_bytes())
    assert [str(tz["TZID"]) for tz in calendar.walk("VTIMEZONE")] == ["Asia/Shanghai"]
    first = next(iter(calendar.walk("VEVENT")))
    assert first["DTSTART"].dt.tzinfo is not None
    assert first["DTSTART"].params["TZID"] == "Asia/Shanghai"


def test_cancelled_sessions_are_cancelled_and_changes_bump_sequence(built: Built) -> None:
    by_uid = {str(e["UID"]).split("@")[0]: e for e in _events(built, "calendar/all.ics")}
    changed = [s for s in built.prepared.sessions if s.changes and s.id in by_uid]
    assert changed, "the sample should have changed sessions in the feed window"
    for session in changed:
        event = by_uid[session.id]
        assert int(event["SEQUENCE"]) == len(session.changes)
        assert str(event["STATUS"]) == ("CONFIRMED" if session.is_active else "CANCELLED")


def test_uids_are_stable_across_two_builds(built: Built, tmp_path) -> None:  # type: ignore[no-untyped-def]
    from tests.site.conftest import build_sample

    again = build_sample(tmp_path / "again", built.today)
    assert (again.site / "calendar/all.ics").read_bytes() == (built.site / "calendar/all.ics").read_bytes()


def test_every_leader_and_topic_has_a_feed_linked_from_its_page(built: Built) -> None:
    content = built.prepared.content
    for leader in content.leaders:
        assert f"calendar/leaders/{leader}.ics" in built.page(f"/leaders/{leader}/")
        for event in _events(built, f"calendar/leaders/{leader}.ics"):
            if str(event["UID"]).startswith("suspension-"):
                continue  # the 白云乡 suspension in the feeds of leaders received there
            summary = str(event["SUMMARY"])
            assert any(summary.endswith(mode.label) for mode in Mode), summary
    for topic in content.topics:
        assert f"calendar/topics/{topic}.ics" in built.page(f"/topics/{topic}/")
        Calendar.from_ical((built.site / f"calendar/topics/{topic}.ics").read_bytes())


def test_rss_feed_lists_notices_and_schedule_changes(built: Built) -> None:
    root = ET.fromstring((built.site / "feed.xml").read_bytes())
    titles = [item.findtext("title") for item in root.iter("item")]
    published = [n for n in built.prepared.content.notices.values() if n.date <= built.today]
    assert all(n.title in titles for n in published)
    assert any(t and t.startswith("接访安排变动") for t in titles)


def test_open_data_matches_the_schedule(built: Built) -> None:
    data = json.loads((built.site / "data/schedule.json").read_text(encoding="utf-8"))
    assert [s["id"] for s in data["sessions"]] == [s.id for s in built.prepared.sessions]
    raw = (built.site / "data/schedule.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # BOM, so Excel reads UTF-8
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))
    assert rows[0][0] == "编号" and len(rows) == len(built.prepared.sessions) + 1


def test_the_open_data_validates_against_its_own_declaration(built: Built) -> None:
    """The session records are made without pydantic's validation (``open_session``): read back,
    every one of them must validate, field for field, and serialise to the same bytes."""
    from generator.site.files.open_data import OpenSchedule, OpenSession

    raw = (built.site / "data/schedule.json").read_bytes()
    schedule = OpenSchedule.model_validate_json(raw)
    assert len(schedule.sessions) == len(built.prepared.sessions) > 20
    assert all(isinstance(session, OpenSession) for session in schedule.sessions)
    assert schedule.model_dump_json().encode("utf-8") == raw


def test_a_leader_name_with_a_line_break_gives_a_one_line_calendar_name() -> None:
    # A name pasted as "周明远\nEND:VEVENT…" made icalendar refuse the whole feed, and the build
    # stopped with an internal error; the calendar name is one line of text.
    from typing import Any, cast

    from generator.ics.feeds import FeedWriter

    writer = FeedWriter(cast(Any, None), today=dt.date(2026, 11, 25), session_url=lambda session: None)
    text = writer.feed("周明远\nEND:VCALENDAR\r\nX-EVIL:1", []).decode("utf-8")
    calendar = Calendar.from_ical(text)
    assert str(calendar["X-WR-CALNAME"]) == "周明远 END:VCALENDAR X-EVIL:1"
    assert "X-EVIL" not in calendar and text.split("\r\n").count("END:VCALENDAR") == 1
