"""How a session is said in words: the one owner of its time, team, place, capacity and
history wording, so the site, the calendar feeds and the open data say the same thing.

Plain text only; the site escapes it and adds links around the same pieces.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import operator
from collections.abc import Hashable
from dataclasses import dataclass

from ..model.content import Content
from ..model.schedule import DayPart, Mode
from .sessions import ChangeNote, ScheduledSession


@functools.lru_cache(maxsize=1024)
def slot_text(part: DayPart | None, start: dt.time | None, end: dt.time | None) -> str:
    """``上午``, ``09:00—12:00`` or ``上午 09:00—12:00``: as the notice published it.  Kept per
    slot: a city's forty thousand sessions have a few dozen slots, said on several pages each."""
    clock = f"{start:%H:%M}—{end:%H:%M}" if start is not None and end is not None else ""
    return " ".join(x for x in (part.value if part else "", clock) if x)


def time_text(session: ScheduledSession) -> str:
    return slot_text(session.part, session.start, session.end)


def start_text(session: ScheduledSession) -> str:
    """When it begins, for "next session" lines: ``09:00`` or ``上午``."""
    if session.start is not None:
        return f"{session.start:%H:%M}"
    return session.part.value if session.part else ""


@dataclass(frozen=True)
class Member:
    leader_id: str
    name: str
    title: str


@dataclass(frozen=True)
class Team:
    """Who receives: named leaders in order, an unnamed role, and whether others come too.

    "等" is said only when ``with_others`` says there are others: three named leaders are
    three leaders, not "三人等"."""

    members: tuple[Member, ...]
    role: str | None
    with_others: str | None
    """The others' description; "" when the notice only says 等."""

    @property
    def suffix(self) -> str:
        if self.with_others is None:
            return ""
        return f"等（{self.with_others}）" if self.with_others else "等"

    def plain(self, *, titles: bool = True) -> str:
        names = [f"{m.name}（{m.title}）" if titles else m.name for m in self.members]
        if self.role:
            names.append(self.role)
        return "、".join(names) + self.suffix


def team(session: ScheduledSession, content: Content) -> Team:
    members = tuple(Member(i, content.leaders[i].name, content.leaders[i].title) for i in session.leaders)
    return Team(members, session.role, session.with_others)


def team_text(session: ScheduledSession, content: Content) -> str:
    return team(session, content).plain()


def summary(session: ScheduledSession, content: Content) -> str:
    """The one-line description: who and how (``李甲（市长）现场接访``)."""
    return f"{team_text(session, content)}{session.mode.label}"


def unit_name(session: ScheduledSession, content: Content) -> str:
    """The unit's name on the session's date (a bureau renamed later keeps its old name here)."""
    return content.units[session.unit].name_on(session.date)


NOT_IN_PERSON = "不接待来访人员"


def place_text(session: ScheduledSession, *, exceptions: bool = True) -> str:
    """Where: the venues as published; for telephone and online sessions, plainly that nobody
    is received in person and, for the telephone, the numbers. Nothing is invented, and a
    venue is not named where nobody should go (a rule's online months keep its venues)."""
    if session.mode.receives_visitors:
        phone = f"电话 {'、'.join(session.phone)}" if session.phone else ""
        venues = "、".join(session.venues)
        if session.venue_exceptions and exceptions:
            venues += f"（例外：{exceptions_text(session)}）"
        return "；".join(x for x in (venues, phone) if x)
    channel = f"请在接访时段拨打 {'、'.join(session.phone)}" if session.phone else ""
    return "；".join(x for x in (f"{session.mode.label}，{NOT_IN_PERSON}", channel) if x)


UNCERTAIN = "日期以正式通知为准"


def uncertain_text(session: ScheduledSession) -> str:
    """Beside an uncertain date: ``日期以正式通知为准（公告未写年份）``; "" when the date is certain."""
    if session.date_uncertain is None:
        return ""
    return f"{UNCERTAIN}（{session.date_uncertain}）" if session.date_uncertain else UNCERTAIN


def exceptions_text(session: ScheduledSession) -> str:
    """Beside the venue, not inside it: ``杨叶镇：花湖镇政府``."""
    return "；".join(f"{where}：{venue}" for where, venue in session.venue_exceptions)


def phone_text(session: ScheduledSession) -> str:
    return "、".join(session.phone)


def capacity_text(session: ScheduledSession) -> str:
    """``限 15 件；超出名额：转由副职领导接待``; empty when the notice sets no limit."""
    parts = []
    if session.capacity is not None:
        parts.append(f"限 {session.capacity}")
    if session.overflow:
        parts.append(f"超出名额：{session.overflow}")
    return "；".join(parts)


QUEUE = "现场登记排号"


def booking_text(session: ScheduledSession, content: Content) -> str:
    """The session's own booking method, else the office's as it was on that date ("" if none);
    a session where people queue on the day says so (``现场登记排号：当天8:30起取号``), never 预约."""
    return own_booking_text(session) or content.office.on(session.date).booking or ""


def own_booking_text(session: ScheduledSession) -> str:
    """What the session itself says about booking, without the office's general method ("" if nothing)."""
    if session.queue:
        return "：".join(x for x in (QUEUE, session.booking) if x)
    return session.booking or ""


def lines(text: str) -> list[str]:
    """A text's non-empty lines: a numbered 接访范围 (1. … 2. …) stays one item a line."""
    return [line.strip() for line in text.splitlines() if line.strip()]


def change_text(note: ChangeNote) -> str:
    return f"{note.description}；原因：{note.reason}（{note.announced.isoformat()}发布）"


def topics_text(session: ScheduledSession, content: Content) -> str:
    return "、".join(content.topics[t].name for t in session.topics) or "各类问题"


Slot = tuple[str | None, str | None, str]
"""A session's start and end as ``HH:MM`` (None without clock times), and its ``time_text``."""


_OWN = ("id", "group", "date")
"""What tells apart the sessions of one rule in one slot: ``Wording.alike`` leaves them out."""
_SHARED = operator.attrgetter(*(f.name for f in dataclasses.fields(ScheduledSession) if f.name not in _OWN))
"""Every other field of a session, a field added later too, read at once."""


class Wording:
    """The words of many sessions of one content, each distinct piece worded once: a city's
    open data and calendars say 41,714 sessions, most of whose times, teams, places, topics
    and booking methods are their rule's.  The same texts as the functions above, which are
    pure functions of the fields each cache is keyed by."""

    def __init__(self, content: Content) -> None:
        self.content = content
        self._slots: dict[tuple[DayPart | None, dt.time | None, dt.time | None], Slot] = {}
        self._teams: dict[tuple[tuple[str, ...], str | None, str | None], str] = {}
        self._summaries: dict[tuple[tuple[str, ...], str | None, str | None, Mode], str] = {}
        self._places: dict[tuple[Mode, tuple[str, ...], tuple[str, ...], tuple[tuple[str, str], ...]], str] = {}
        self._topics: dict[tuple[str, ...], str] = {}
        self._bookings: dict[tuple[bool, str | None, dt.date], str] = {}

    def alike(self, session: ScheduledSession) -> Hashable:
        """The same for two sessions that are said alike in every word but their own (``_OWN``:
        the id, the group and the date, and so the URL): every other field of theirs, and the
        words of the fields read on the session's date (its unit's name then, the office's
        booking method then).  A city's 41,714 sessions are 1,630 such kinds: what a session's
        record or event says beyond its own words is made once per kind."""
        return _SHARED(session), unit_name(session, self.content), self.booking(session)

    def slot(self, session: ScheduledSession) -> Slot:
        key = (session.part, session.start, session.end)
        said = self._slots.get(key)
        if said is None:
            said = self._slots[key] = (f"{session.start:%H:%M}" if session.start else None,
                                       f"{session.end:%H:%M}" if session.end else None, time_text(session))
        return said

    def team(self, session: ScheduledSession) -> str:
        """``team_text``."""
        key = (session.leaders, session.role, session.with_others)
        said = self._teams.get(key)
        if said is None:
            said = self._teams[key] = team_text(session, self.content)
        return said

    def summary(self, session: ScheduledSession) -> str:
        """``summary``."""
        key = (session.leaders, session.role, session.with_others, session.mode)
        said = self._summaries.get(key)
        if said is None:
            said = self._summaries[key] = summary(session, self.content)
        return said

    def place(self, session: ScheduledSession) -> str:
        """``place_text``."""
        key = (session.mode, session.venues, session.phone, session.venue_exceptions)
        said = self._places.get(key)
        if said is None:
            said = self._places[key] = place_text(session)
        return said

    def topics(self, session: ScheduledSession) -> str:
        """``topics_text``."""
        said = self._topics.get(session.topics)
        if said is None:
            said = self._topics[session.topics] = topics_text(session, self.content)
        return said

    def booking(self, session: ScheduledSession) -> str:
        """``booking_text`` (the office's method is the one of the session's date)."""
        key = (session.queue, session.booking, session.date)
        said = self._bookings.get(key)
        if said is None:
            said = self._bookings[key] = booking_text(session, self.content)
        return said
