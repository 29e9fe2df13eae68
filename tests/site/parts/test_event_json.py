"""A session's schema.org Event (JSON-LD), put together from pieces many sessions share
(``Cells.event``): each event says its own session's id, link, date, status and place, whatever
it shares with the sessions described before it, and hostile text stays text."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json

import pytest

from generator.model.schedule import DayPart, Mode
from generator.pipeline import prepare
from generator.schedule.sessions import ScheduledSession, SessionStatus
from generator.site.parts.data import SiteData
from generator.site.parts.html import script_json
from generator.site.parts.session_table import Cells, json_ld
from tests.conftest import REPO

HOSTILE = '</script><script>alert(1)</script>&amp;"\u2028<!--'


@pytest.fixture(scope="module")
def sample() -> SiteData:
    return SiteData(prepare(REPO / "content"), dt.date(2026, 6, 15), None)


def _base(sample: SiteData) -> ScheduledSession:
    return dataclasses.replace(
        next(s for s in sample.sessions if s.id == "dongcheng-daily-20261102"),
        leaders=("xu-guangming",), venues=("东城区人民来访接待中心",), phone=(), mode=Mode.ONSITE,
        start=dt.time(9, 0), end=dt.time(11, 30), part=None, date=dt.date(2026, 11, 2))


def _event(cells: Cells, session: ScheduledSession, url: str | None) -> dict[str, object]:
    text = cells.event(session, lambda s: url)
    assert "<" not in text and ">" not in text and "&" not in text  # nothing can close the script
    # written as script_json writes an object: compact, in this key order, the same escapes
    assert script_json(json.loads(text)) == text
    event = json.loads(text)
    assert isinstance(event, dict)
    return event


def test_each_event_says_its_own_session(sample: SiteData) -> None:
    content = sample.content
    leader = content.leaders["xu-guangming"]
    base = _base(sample)
    cells = Cells(content, sample.today)
    first = _event(cells, base, "https://xf.example.gov.cn/schedule/2026-11/#dongcheng-daily-20261102")
    assert first == {
        "@context": "https://schema.org", "@type": "Event", "name": f"{leader.name}（{leader.title}）现场接访",
        "startDate": "2026-11-02T09:00+08:00", "endDate": "2026-11-02T11:30+08:00",
        "eventStatus": "https://schema.org/EventScheduled",
        "eventAttendanceMode": "https://schema.org/OfflineEventAttendanceMode",
        "organizer": {"@type": "GovernmentOrganization", "name": "示例市信访局"},
        "location": {"@type": "Place", "name": "东城区人民来访接待中心",
                     "address": "东城区解放路18号区人民来访接待中心"},
        "url": "https://xf.example.gov.cn/schedule/2026-11/#dongcheng-daily-20261102"}
    assert list(first) == ["@context", "@type", "name", "startDate", "endDate", "eventStatus",
                           "eventAttendanceMode", "organizer", "location", "url"]

    # the same text for another session: its own link, its own day
    other = dataclasses.replace(base, id="other", date=dt.date(2026, 11, 9))
    second = _event(cells, other, "https://xf.example.gov.cn/schedule/2026-11/#other")
    assert second["url"] == "https://xf.example.gov.cn/schedule/2026-11/#other"
    assert (second["startDate"], second["endDate"]) == ("2026-11-09T09:00+08:00", "2026-11-09T11:30+08:00")
    assert _event(cells, base, "ignored")["url"] == first["url"]  # one event per session id

    cancelled = _event(cells, dataclasses.replace(base, id="c", status=SessionStatus.CANCELLED), None)
    assert cancelled["eventStatus"] == "https://schema.org/EventCancelled" and "url" not in cancelled
    moved = _event(cells, dataclasses.replace(base, id="m", status=SessionStatus.MOVED), None)
    assert moved["eventStatus"] == "https://schema.org/EventRescheduled"
    assert moved["location"] == first["location"] and moved["name"] == first["name"]

    # a morning without clock time is a date; a unit without a reception address gives the office's
    morning = _event(cells, dataclasses.replace(base, id="am", start=None, end=None, part=DayPart.MORNING,
                                                unit="dongcheng-renmin"), None)
    assert (morning["startDate"], morning["endDate"]) == ("2026-11-02", "2026-11-02")
    assert morning["location"] == {"@type": "Place", "name": "东城区人民来访接待中心",
                                   "address": "示例市人民路1号市人民来访接待中心"}

    # by telephone: no place, the number instead, and still the same team's words
    phone = _event(cells, dataclasses.replace(base, id="tel", mode=Mode.PHONE, phone=("0000-12345",)), None)
    assert phone["location"] == {"@type": "VirtualLocation",
                                 "name": "电话接访，不接待来访人员；请在接访时段拨打 0000-12345"}
    assert phone["eventAttendanceMode"] == "https://schema.org/OnlineEventAttendanceMode"
    assert phone["name"] == f"{leader.name}（{leader.title}）电话接访"
    same_team_onsite = _event(cells, dataclasses.replace(base, id="on2", venues=("另一处",)), None)
    assert same_team_onsite["name"] == first["name"]
    assert same_team_onsite["location"] == {"@type": "Place", "name": "另一处",
                                            "address": "东城区解放路18号区人民来访接待中心"}


def test_the_organizer_is_the_office_as_it_was_on_the_sessions_day(sample: SiteData) -> None:
    cells = Cells(sample.content, sample.today)
    base = _base(sample)
    later = _event(cells, base, None)
    earlier = _event(cells, dataclasses.replace(base, id="old", date=dt.date(2026, 2, 20)), None)
    assert later["organizer"] == {"@type": "GovernmentOrganization", "name": "示例市信访局"}
    assert earlier["organizer"] == {"@type": "GovernmentOrganization", "name": "示例市人民政府信访办公室"}


def test_hostile_text_in_every_field_stays_text(sample: SiteData) -> None:
    cells = Cells(sample.content, sample.today)
    base = _base(sample)
    event = _event(cells, dataclasses.replace(base, leaders=(), role=HOSTILE, with_others=HOSTILE,
                                              venues=(HOSTILE,), phone=(HOSTILE,)), f"https://x/#{HOSTILE}")
    assert event["name"] == f"{HOSTILE}等（{HOSTILE}）现场接访"
    assert event["location"] == {"@type": "Place", "name": f"{HOSTILE}；电话 {HOSTILE}",
                                 "address": "东城区解放路18号区人民来访接待中心"}
    assert event["url"] == f"https://x/#{HOSTILE}"
    block = json_ld([dataclasses.replace(base, id="h2", venues=(HOSTILE,))], cells, lambda s: None)
    assert block.count("</script>") == 1 and "<script>alert" not in block
