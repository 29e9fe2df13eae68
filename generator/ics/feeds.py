"""iCalendar (RFC 5545) feeds of reception sessions: each calendar's head and its VTIMEZONE
written by the icalendar library, the events (tens of thousands at city scale, sharing most
of their lines) by ``vevent`` the way the library writes them.

UIDs come from the stable session ids, so a subscribed phone updates an event in
place; SEQUENCE grows with each change and STATUS:CANCELLED removes it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Hashable, Iterable
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from icalendar import Calendar, Event

from ..model.content import Content
from ..schedule.sessions import ScheduledSession, SessionStatus
from ..schedule.wording import Wording, capacity_text, change_text, uncertain_text, unit_name

SHANGHAI = ZoneInfo("Asia/Shanghai")
HISTORY_DAYS = 60
"""Past sessions kept in feeds, so a recent cancellation still reaches subscribers."""
AHEAD_DAYS = 92
"""Feeds reach three months ahead; phones refresh subscriptions, so later sessions arrive in
time (at city scale a full year of every topic's sessions would be hundreds of megabytes)."""


SessionUrl = Callable[[ScheduledSession], str | None]
"""The site's owner of a session's URL (``SiteData.session_url``), handed in by the caller."""


def description_lines(session: ScheduledSession, words: Wording) -> list[str]:
    """Everything the session's row on the site says, as lines of the event's description."""
    time, place, booking = words.slot(session)[2], words.place(session), words.booking(session)
    capacity = capacity_text(session)
    lines = [f"接访领导：{words.team(session)}" if session.leaders or session.role else "",
             f"时间：{time}" if time else "",
             session.date_note or "",
             uncertain_text(session),
             f"单位：{unit_name(session, words.content)}",
             f"方式：{session.mode.label}",
             f"地点：{place}" if place else "",
             f"受理问题：{words.topics(session)}",
             f"受理范围：{session.scope}" if session.scope else "",
             "不在此接待：" + "；".join(session.not_received) if session.not_received else "",
             f"预约：{booking}" if booking else "",
             f"预约截止：{session.booking_deadline}" if session.booking_deadline else "",
             f"名额：{capacity}" if capacity else "",
             f"说明：{session.note}" if session.note else "",
             f"状态：{session.status.label}"]
    lines += [change_text(note) for note in session.changes]
    return [line for line in lines if line]


Properties = dict[str, str | int | dt.date]
"""An event's properties by name, in the types ``vevent`` writes (a datetime is a date)."""


def _event(session: ScheduledSession, words: Wording, stamp: dt.datetime, url: str | None) -> Properties:
    """The session's VEVENT, as properties (``url``: the session's, if the site has one)."""
    event: Properties = {"UID": _uid(session, words.content), "DTSTAMP": stamp}
    said = words.summary(session)
    event["DTSTART"], event["DTEND"] = _span(session)
    if session.start is not None and session.end is not None:
        event["SUMMARY"] = said
    else:
        # 上午/下午 without clock time: a date-only event (RFC 5545 3.6.1), the part of day
        # in its summary rather than an invented hour
        part = session.part.value if session.part else ""
        event["SUMMARY"] = f"{part}：{said}" if part else said
    place = words.place(session)
    if place:
        event["LOCATION"] = place
    event["DESCRIPTION"] = "\n".join(description_lines(session, words))
    # a date "以正式通知为准" is TENTATIVE (RFC 5545 3.8.1.11), not a confirmed appointment
    event["STATUS"] = ("CANCELLED" if not session.is_active
                       else "TENTATIVE" if session.date_uncertain is not None else "CONFIRMED")
    event["SEQUENCE"] = session.sequence
    if url:
        event["URL"] = url
    if session.date_note:
        event["COMMENT"] = session.date_note
    elif session.status is SessionStatus.MOVED and session.original_date:
        event["COMMENT"] = f"原定 {session.original_date.isoformat()}"
    return event


def _uid(session: ScheduledSession, content: Content) -> str:
    """The event's UID: the session's stable id, in the office's name."""
    return f"{session.id}@{content.office.id}"


def _span(session: ScheduledSession) -> tuple[dt.date, dt.date]:
    """The event's DTSTART and DTEND: its clock times that day, or (上午/下午 without clock time)
    the day itself, date-only."""
    if session.start is not None and session.end is not None:
        return (dt.datetime.combine(session.date, session.start, SHANGHAI),
                dt.datetime.combine(session.date, session.end, SHANGHAI))
    return session.date, session.date + dt.timedelta(days=1)


FIRST = ("SUMMARY", "DTSTART", "DTEND", "DTSTAMP", "UID", "SEQUENCE")
"""The properties an event begins with, in this order (icalendar's canonical order); the
others follow by name."""
_ORDERS: dict[tuple[str, ...], list[str]] = {}
"""The order ``vevent`` writes each set of property names in (given in this order), worked out once."""
RAW = frozenset({"URL"})
"""Properties whose value is a URI, written as it is (TEXT is escaped)."""


def escaped(text: str) -> str:
    """RFC 5545 TEXT escaping (3.3.11), as the icalendar library does it: ``\\N`` read as a
    line break, every line break (CRLF, LF, CR) written ``\\n``."""
    return (text.replace("\\N", "\n").replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
            .replace("\r\n", "\\n").replace("\n", "\\n").replace("\r", "\\n"))


LIMIT = 75
"""A content line is folded before it reaches this many octets (RFC 5545 3.1)."""


def folded(line: str) -> str:
    """``line`` folded as the icalendar library folds it: a line break and a space inserted
    before the character that would make a piece reach ``LIMIT`` octets, never inside a
    character, nor right after the backslash of an escape (nor a ``^``)."""
    if len(line) * 4 < LIMIT or len(line.encode()) < LIMIT:
        return line
    pieces: list[str] = []
    if line.isascii():  # a character is an octet: pieces of LIMIT - 1, sliced (a URL, a UID)
        start = 0
        while len(line) - start >= LIMIT:
            end = start + LIMIT - 1
            end -= line[end - 1] in "\\^"
            pieces.append(line[start:end])
            start = end
        pieces.append(line[start:])
        return "\r\n ".join(pieces)
    current: list[str] = []
    size = 0
    for char in line:
        width = 1 if char < "\x80" else len(char.encode())
        if current and size + width >= LIMIT:
            carried = current.pop() if len(current) > 1 and current[-1] in "\\^" else ""
            pieces.append("".join(current))
            current = [carried] if carried else []
            size = len(carried)
        current.append(char)
        size += width
    pieces.append("".join(current))
    return "\r\n ".join(pieces)


def _content_line(name: str, value: str | int | dt.date) -> str:
    if isinstance(value, dt.datetime):
        if value.tzinfo is dt.UTC:
            return f"{name}:{value:%Y%m%dT%H%M%S}Z"
        return f"{name};TZID={value.tzinfo}:{value:%Y%m%dT%H%M%S}"
    if isinstance(value, dt.date):
        return f"{name};VALUE=DATE:{value:%Y%m%d}"
    if isinstance(value, int):
        return f"{name}:{value}"
    return f"{name}:{value if name in RAW else escaped(value)}"


def vevent(properties: Properties, lines: dict[str, str] | None = None) -> bytes:
    """One VEVENT as the icalendar library writes it (tests compare the two byte for byte),
    without its per-character work for each line of each event: ``lines`` caches the folded
    form of lines already written (a leader's weekly sessions share their description), a
    text's by its name and text as given (``NAME\\0text``: escaping it is most of the work),
    another value's by its line."""
    return "\r\n".join(["BEGIN:VEVENT", *_lines(properties, {} if lines is None else lines), "END:VEVENT\r\n"]
                       ).encode("utf-8")


def _lines(properties: Properties, cache: dict[str, str]) -> list[str]:
    """``vevent``'s content lines, folded, in the order it writes them."""
    return [_line(name, properties[name], cache) for name in _order(properties)]


def _order(properties: Properties) -> list[str]:
    given = tuple(properties)
    names = _ORDERS.get(given)
    if names is None:
        names = _ORDERS[given] = [n for n in FIRST if n in properties] + sorted(n for n in properties if n not in FIRST)
    return names


def _line(name: str, value: str | int | dt.date, cache: dict[str, str]) -> str:
    """One folded content line (``vevent``'s ``lines``)."""
    worded = type(value) is str
    key = f"{name}\0{value}" if worded else _content_line(name, value)
    done = cache.get(key)
    if done is None:
        done = cache[key] = folded(_content_line(name, value) if worded else key)
    return done


OWN = ("DTSTART", "DTEND", "UID", "URL")
"""What a session's event says of its own (``Wording.alike``): the rest is its kind's."""


class _Kind:
    """The event of sessions ``Wording.alike`` finds alike (and alike in having a URL or not),
    but for its ``OWN`` lines: the rest of it encoded, in pieces around those (``slots``: which
    one goes after each piece), and what it says in words (``texts``) but for its UID and URL."""

    __slots__ = ("pieces", "slots", "texts")

    def __init__(self, properties: Properties, cache: dict[str, str]) -> None:
        pieces: list[bytes] = []
        slots: list[str] = []
        shared = ["BEGIN:VEVENT"]
        for name in _order(properties):
            if name in OWN:
                pieces.append(("\r\n".join(shared) + "\r\n").encode("utf-8"))
                slots.append(name)
                shared = [""]
            else:
                shared.append(_line(name, properties[name], cache))
        shared.append("END:VEVENT\r\n")
        pieces.append("\r\n".join(shared).encode("utf-8"))
        self.pieces = pieces
        self.slots = slots
        self.texts = frozenset(value for name, value in properties.items() if type(value) is str and name not in OWN)
def texts(event: Properties) -> set[str]:
    """What ``event`` says in words: the privacy scan's view of it (see privacy.values)."""
    return {value for value in event.values() if isinstance(value, str)}


@dataclass(frozen=True)
class AllDay:
    """A notice that covers whole days (a suspension): an all-day event in every feed, so a
    subscribed phone shows that the hall is closed and where to turn instead."""

    uid: str
    start: dt.date
    end: dt.date | None
    """Last day (inclusive); None: until further notice (the event then reaches the feed's horizon)."""
    summary: str
    description: str


class FeedWriter:
    """Writes many feeds that share events: one session appears in the all-sessions feed,
    its leaders' feeds and its topics' feeds, so each VEVENT (and the VTIMEZONE) is
    serialised once by the library and the feeds are assembled from those pieces."""

    def __init__(self, content: Content, *, today: dt.date, session_url: SessionUrl) -> None:
        self.content = content
        self.words = Wording(content)
        self.session_url = session_url
        # DTSTAMP from the build date, not the clock, so identical content gives identical files
        self.stamp = dt.datetime.combine(today, dt.time(0), dt.UTC)
        self.since = today - dt.timedelta(days=HISTORY_DAYS)
        self.until = today + dt.timedelta(days=AHEAD_DAYS)
        probe = Calendar()
        probe.add_component(_event_at(dt.datetime(2026, 1, 1, tzinfo=SHANGHAI)))
        probe.add_missing_timezones()
        self.timezone = b"".join(tz.to_ical() for tz in probe.walk("VTIMEZONE"))
        self.events: dict[str, bytes] = {}
        self.lines: dict[str, str] = {}
        """Content lines already folded (``vevent``)."""
        self.texts: dict[str, frozenset[str]] = {}
        """What each event says in words (``texts``), by the same key as ``events``; a session's
        but for its UID and URL (its kind's: ``_Kind.texts``)."""
        self.uids: dict[str, str] = {}
        """Each session event's ``UID``, by the session's id."""
        self.urls: dict[str, str] = {}
        """Each session event's ``URL``, by the session's id (those that have one)."""
        self._kinds: dict[tuple[Hashable, bool], _Kind] = {}
        self._when: dict[tuple[dt.date, dt.time | None, dt.time | None], tuple[bytes, bytes]] = {}
        """The DTSTART and DTEND lines of a date and slot."""

    def _event(self, session: ScheduledSession) -> bytes:
        """The session's event: its kind's (``_Kind``, made by the first session of the kind)
        around its own lines, each as ``vevent`` writes it."""
        url = self.session_url(session)
        uid = self.uids[session.id] = _uid(session, self.content)
        alike = (self.words.alike(session), url is None)
        kind = self._kinds.get(alike)
        if kind is None:
            kind = self._kinds[alike] = _Kind(_event(session, self.words, self.stamp, url), self.lines)
        slot = (session.date, session.start, session.end)
        when = self._when.get(slot)
        if when is None:
            start, end = _span(session)
            when = self._when[slot] = (_line("DTSTART", start, self.lines).encode(),
                                       _line("DTEND", end, self.lines).encode())
        own = {"DTSTART": when[0], "DTEND": when[1], "UID": folded(_content_line("UID", uid)).encode("utf-8")}
        if url:
            self.urls[session.id] = url
            own["URL"] = folded(_content_line("URL", url)).encode("utf-8")
        pieces = kind.pieces
        written = [pieces[0]]
        for name, piece in zip(kind.slots, pieces[1:], strict=True):
            written += (own[name], piece)
        self.texts[session.id] = kind.texts
        made = self.events[session.id] = b"".join(written)
        return made

    def _all_day(self, notice: AllDay) -> bytes:
        cached = self.events.get(notice.uid)
        if cached is None:
            event: Properties = {
                "UID": f"{notice.uid}@{self.content.office.id}", "DTSTAMP": self.stamp, "DTSTART": notice.start,
                # open-ended: through the feed's horizon, which moves on as the phone refreshes
                "DTEND": (notice.end or max(notice.start, self.until)) + dt.timedelta(days=1),
                "SUMMARY": notice.summary, "DESCRIPTION": notice.description, "STATUS": "CONFIRMED",
                "TRANSP": "TRANSPARENT"}
            cached = self.events[notice.uid] = vevent(event, self.lines)
            self.texts[notice.uid] = frozenset(texts(event))
        return cached

    def feed(self, name: str, sessions: Iterable[ScheduledSession], notices: Iterable[AllDay] = (), *,
             values: set[str] | None = None, links: set[str] | None = None) -> bytes:
        """One VCALENDAR with a VTIMEZONE for Asia/Shanghai; ``values`` receives what it says
        in words (its name and its events' ``texts``) for the privacy scan, ``links`` its events'
        ``URL`` properties for the link check."""
        calendar = Calendar()
        calendar.add("prodid", "-//xinfang//接访安排//ZH")
        calendar.add("version", "2.0")
        calendar.add("calscale", "GREGORIAN")
        calendar.add("method", "PUBLISH")
        # X-WR-CALNAME is written unescaped: a line break in a pasted name would end the property
        calendar.add("x-wr-calname", " ".join(name.split()))
        calendar.add("x-wr-timezone", "Asia/Shanghai")
        text: bytes = calendar.to_ical()
        head, end = text.rsplit(b"END:VCALENDAR", 1)
        shown = [s for s in sessions if self.since <= s.date <= self.until]
        told = [n for n in notices if n.start <= self.until and (n.end is None or n.end >= self.since)]
        made = self.events.get  # most events are made already, for an earlier feed
        events = (b"".join([made(s.id) or self._event(s) for s in shown])
                  + b"".join(self._all_day(n) for n in told))
        ids = [s.id for s in shown]
        urls = [url for url in map(self.urls.get, ids) if url]
        if values is not None:
            values.add(str(calendar["x-wr-calname"]))
            # the events' words, each kind's once, and their own UID and URL
            values.update(*set(map(self.texts.__getitem__, ids)), *(self.texts[n.uid] for n in told))
            values.update(map(self.uids.__getitem__, ids), urls)
        if links is not None:
            links.update(url.strip() for url in urls)
        return head + self.timezone + events + b"END:VCALENDAR" + end


def _event_at(start: dt.datetime) -> Event:
    event = Event()
    event.add("dtstart", start)
    return event
