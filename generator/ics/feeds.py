"""iCalendar (RFC 5545) feeds of reception sessions, written with the icalendar library.

UIDs come from the stable session ids, so a subscribed phone updates an event in
place; SEQUENCE grows with each change and STATUS:CANCELLED removes it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from zoneinfo import ZoneInfo

from icalendar import Calendar, Event

from ..model.content import Content
from ..schedule.sessions import ScheduledSession, SessionStatus

SHANGHAI = ZoneInfo("Asia/Shanghai")
HISTORY_DAYS = 60
"""Past sessions kept in feeds, so a recent cancellation still reaches subscribers."""


def _event(session: ScheduledSession, content: Content, stamp: dt.datetime, base_url: str | None) -> Event:
    leaders = [f"{content.leaders[i].name}（{content.leaders[i].title}）" for i in session.leaders]
    who = "、".join([*leaders, *([session.role] if session.role else [])])
    if session.with_others or len(leaders) > 1:
        who += "等"
    event = Event()
    event.add("uid", f"{session.id}@{content.office.id}")
    event.add("dtstamp", stamp)
    event.add("dtstart", dt.datetime.combine(session.date, session.start, SHANGHAI))
    event.add("dtend", dt.datetime.combine(session.date, session.end, SHANGHAI))
    event.add("summary", f"{who}{session.mode.label}")
    place = "、".join(session.venues) or content.units[session.unit].name
    if session.phone:
        place += f"（电话 {session.phone}）"
    event.add("location", place)
    lines = [f"单位：{content.units[session.unit].name}",
             "受理问题：" + ("、".join(content.topics[t].name for t in session.topics) or "各类问题"),
             f"预约：{session.booking or content.office.booking}"]
    if session.booking_deadline:
        lines.append(f"预约截止：{session.booking_deadline}")
    lines += [f"{note.description}；原因：{note.reason}" for note in session.changes]
    event.add("description", "\n".join(lines))
    event.add("status", "CANCELLED" if not session.is_active else "CONFIRMED")
    event.add("sequence", session.sequence)
    if base_url:
        event.add("url", f"{base_url.rstrip('/')}/schedule/{session.date:%Y-%m}/#{session.id}")
    if session.status is SessionStatus.MOVED and session.original_date:
        event.add("comment", f"原定 {session.original_date.isoformat()}")
    return event


def calendar_feed(name: str, sessions: Iterable[ScheduledSession], content: Content, *,
                  today: dt.date, base_url: str | None) -> bytes:
    """One VCALENDAR with a VTIMEZONE for Asia/Shanghai."""
    calendar = Calendar()
    calendar.add("prodid", "-//xinfang//接访安排//ZH")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", name)
    calendar.add("x-wr-timezone", "Asia/Shanghai")
    # DTSTAMP from the build date, not the clock, so identical content gives identical files
    stamp = dt.datetime.combine(today, dt.time(0), dt.UTC)
    since = today - dt.timedelta(days=HISTORY_DAYS)
    for session in sessions:
        if session.date >= since:
            calendar.add_component(_event(session, content, stamp, base_url))
    calendar.add_missing_timezones()
    return calendar.to_ical()
