"""Sessions as an accessible table (cards on a phone) and as schema.org Events."""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Callable, Iterable
from itertools import islice

from ...model.content import Content
from ...model.schedule import DayPart, Mode
from ...schedule.sessions import ScheduledSession, SessionStatus
from ...schedule.wording import (
    booking_text,
    capacity_text,
    change_text,
    exceptions_text,
    lines,
    place_text,
    summary,
    team,
    time_text,
    uncertain_text,
    unit_name,
)
from .html import PHONE, day_label, esc, link, linked_html, phone_html, raw_block, script_json, weekday
from .placement import link_scope

HEADERS = ["日期", "时间", "接访领导", "受理问题", "地点", "方式", "预约与须知", "状态"]

SHORT_NOTE = 24
"""Notes up to this many characters are printed in the row, longer ones once under the table."""
JSON_LD_LIMIT = 50
"""Events described in JSON-LD per page; search engines need the next few, not a year."""


def leaders_html(session: ScheduledSession, content: Content, page: str) -> str:
    """The team as ``wording.team`` says it, with each named leader linked to their page."""
    said = team(session, content)
    parts = [
        f"{link(page, f'leaders/{m.leader_id}.md', m.name)}<span class=\"xf-title\">{esc(m.title)}</span>"
        for m in said.members
    ]
    if said.role:
        parts.append(esc(said.role))
    text = "、".join(parts)
    if said.suffix:
        text += f'<span class="xf-others">{esc(said.suffix)}</span>'
    return text


def topics_html(session: ScheduledSession, content: Content, page: str) -> str:
    if not session.topics:
        return "各类问题"
    return "、".join(link(page, f"topics/{t}.md", content.topics[t].name) for t in session.topics)


def place_html(session: ScheduledSession, content: Content) -> str:
    unit = f'<span class="xf-unit">{esc(unit_name(session, content))}</span>'
    place = phone_html(place_text(session, exceptions=False))
    if session.venue_exceptions and session.mode.receives_visitors:  # beside the venue, not inside it
        place += f' <span class="xf-venue-except">例外：{esc(exceptions_text(session))}</span>'
    if not session.mode.receives_visitors:
        place = f'<strong class="xf-remote">{place}</strong>'
    return f"{unit} {place}".strip()


class Notes:
    """Long texts shared by many rows (受理范围, 不在此接待) printed once under the table,
    referred to from each row: a month of one rule's sessions repeats them dozens of times."""

    def __init__(self, table_id: str) -> None:
        self.table_id = table_id  # several tables on one page must not share note ids
        self.texts: dict[str, int] = {}

    def ref(self, text: str) -> str:
        number = self.texts.setdefault(text, len(self.texts) + 1)
        return f'<a href="#{self.table_id}-n{number}">见注{number}</a>'

    def html(self) -> str:
        if not self.texts:
            return ""
        items = "".join(f'<li id="{self.table_id}-n{n}">{text}</li>' for text, n in self.texts.items())
        return f'<ol class="xf-notes" aria-label="注">{items}</ol>'


def _booking_parts(session: ScheduledSession, content: Content, *, general: str) -> tuple[tuple[str, str | None], ...]:
    """Booking, limits, scope and notes of one session, a line each: its text and the note it
    refers to (None: none), which a table prints below itself (``Notes``). ``general``: the
    office's booking method today, stated once above the table; a row says its own only when it
    differs (a session's own method, or the office's as it was on an earlier date)."""
    parts: list[tuple[str, str | None]] = []
    booking = booking_text(session, content)
    # each part says what it is: a phone card labels no cell 预约 when there is only a scope
    if booking and booking != general:
        # a queue says 现场登记排号 itself: it is no booking
        parts.append((("" if session.queue else "预约：") + linked_html(booking), None))
    elif booking and session.mode.receives_visitors and not session.queue:
        phones = [m.group(0) for m in PHONE.finditer(booking)]
        dial = f"（拨打 {'、'.join(phone_html(x) for x in phones)}）" if phones else ""
        parts.append((f"预约：按通用方式预约{dial}", None))
    if session.booking_deadline:
        parts.append((f"截止：{esc(session.booking_deadline)}", None))
    if capacity_text(session):
        parts.append(("名额：" + esc(capacity_text(session)), None))
    if session.scope:
        parts.append(("受理范围：", "受理范围：" + _listed(lines(session.scope))))
    if session.not_received:
        parts.append(("不在此接待的事项：", "不在此接待：" + _listed(list(session.not_received))))
    if session.note:
        # a short note ("第四轮") reads best in its row; a long one repeated by a rule goes below
        parts.append(("说明：" + linked_html(session.note), None) if len(session.note) <= SHORT_NOTE
                     else ("说明：", f"说明：{linked_html(session.note)}"))
    return tuple(parts)


def _listed(items: list[str]) -> str:
    """One item as text; several (a numbered 接访范围, the 不在此接待 list) as a list, one a line,
    each with its own numbering as published."""
    if len(items) == 1:
        return phone_html(items[0])
    return '<ul class="xf-lines">' + "".join(f"<li>{phone_html(x)}</li>" for x in items) + "</ul>"


def status_html(session: ScheduledSession) -> str:
    if not session.changes:
        return ""
    notes = "".join(f'<span class="xf-change">{phone_html(change_text(note))}</span>' for note in session.changes)
    return f'<strong class="xf-status">{esc(session.status.label)}</strong>{notes}'


def _same_but_time(a: ScheduledSession, b: ScheduledSession) -> bool:
    """Two half-day slots of one published session, still alike: one row says both."""
    return (a.group == b.group and a.date == b.date and a.status is b.status and a.changes == b.changes
            and a.leaders == b.leaders and a.venues == b.venues and a.mode is b.mode)


def merged(sessions: Iterable[ScheduledSession]) -> list[list[ScheduledSession]]:
    """Sessions grouped into rows: a morning and an afternoon of one session share a row, so
    its team, capacity and notes are said once, not once per half day."""
    rows: list[list[ScheduledSession]] = []
    for session in sessions:
        if rows and _same_but_time(rows[-1][0], session):
            rows[-1].append(session)
        else:
            rows.append([session])
    return rows


TODAY_ANCHOR = "today"
"""The id a schedule page gives the first row of today or after (``…/2026-12/#today``): the home
page's 今天 box links there, and the page's script moves it to the reader's day."""


class Cells:
    """The parts of a session's row that do not depend on the table it is in (its date, time,
    place, booking and the notes it refers to), made once per build for every session that
    shares them: a rule's dates share most of them, and a city's month pages have forty
    thousand rows. The team's and topics' links are kept per ``link_scope`` of the page."""

    def __init__(self, content: Content, today: dt.date) -> None:
        self.content, self.today = content, today
        self._dates: dict[tuple[dt.date, str | None, str | None], str] = {}
        self._slots: dict[tuple[DayPart | None, dt.time | None, dt.time | None], str] = {}
        self._places: dict[tuple[str, tuple[str, ...], tuple[str, ...], Mode, tuple[tuple[str, str], ...]], str] = {}
        self._bookings: dict[tuple[object, ...], tuple[tuple[str, str | None], ...]] = {}
        self._office_booking: dict[dt.date, str] = {}
        # the teams' and topics' links are the same from every page of one ``link_scope``
        self._teams: dict[tuple[object, tuple[str, ...], str | None, str | None], str] = {}
        self._topics: dict[tuple[object, tuple[str, ...]], str] = {}
        self._units: dict[str, str] = {}
        self._events: dict[str, str] = {}
        self._offices: dict[dt.date, tuple[str, str | None]] = {}
        self._names: dict[tuple[object, ...], str] = {}
        self._locations: dict[tuple[object, ...], str] = {}

    def date(self, session: ScheduledSession) -> str:
        key = (session.date, session.date_note, session.date_uncertain)
        text = self._dates.get(key)
        if text is None:
            text = self._dates[key] = _date_cell(session, self.today)
        return text

    def time(self, group: list[ScheduledSession]) -> str:
        return "<br>".join(self._slot(s) for s in group)

    def _slot(self, session: ScheduledSession) -> str:
        key = (session.part, session.start, session.end)
        text = self._slots.get(key)
        if text is None:
            text = self._slots[key] = esc(time_text(session))
        return text

    def team(self, session: ScheduledSession, page: str, scope: object = None) -> str:
        """``leaders_html``; ``scope``: the page's ``link_scope`` of leaders/, when known."""
        key = (scope or link_scope(page, "leaders"), session.leaders, session.role, session.with_others)
        text = self._teams.get(key)
        if text is None:
            text = self._teams[key] = leaders_html(session, self.content, page)
        return text

    def topics(self, session: ScheduledSession, page: str, scope: object = None) -> str:
        """``topics_html``; ``scope``: the page's ``link_scope`` of topics/, when known."""
        key = (scope or link_scope(page, "topics"), session.topics)
        text = self._topics.get(key)
        if text is None:
            text = self._topics[key] = topics_html(session, self.content, page)
        return text

    def place(self, session: ScheduledSession) -> str:
        key = (unit_name(session, self.content), session.venues, session.phone, session.mode,
               session.venue_exceptions)
        text = self._places.get(key)
        if text is None:
            text = self._places[key] = place_html(session, self.content)
        return text

    def units(self, session: ScheduledSession) -> str:
        """The unit and its ancestors' ids (the row's ``data-units``), escaped."""
        text = self._units.get(session.unit)
        if text is None:
            text = self._units[session.unit] = esc(" ".join(u.id for u in self.content.unit_chain(session.unit)))
        return text

    def event(self, session: ScheduledSession, session_url: Callable[[ScheduledSession], str | None]) -> str:
        """The session's schema.org Event as JSON for a script element (``script_json``): the
        same on its month's, leaders' and topic's pages."""
        text = self._events.get(session.id)
        if text is None:
            text = self._events[session.id] = self._event(session, session_url(session))
        return text

    def _event(self, session: ScheduledSession, url: str | None) -> str:
        """One session as a schema.org Event, its JSON as ``script_json`` writes the object
        (keys in this order, no spaces), put together from the pieces many sessions share: a
        city's leader pages describe twenty thousand sessions of a few hundred rules.  The
        name, organizer and location are texts from the content, each written by
        ``script_json``; the rest is fixed ASCII text, dates and clock times."""
        office = self._offices.get(session.date)
        if office is None:
            on = self.content.office.on(session.date)
            office = self._offices[session.date] = (
                script_json({"@type": "GovernmentOrganization", "name": on.name}), on.address)
        organizer, address = office
        said = (session.leaders, session.role, session.with_others, session.mode)
        name = self._names.get(said)
        if name is None:
            name = self._names[said] = script_json(summary(session, self.content))
        where = (session.unit, session.mode, session.venues, session.phone, session.venue_exceptions, address)
        location = self._locations.get(where)
        if location is None:
            location = self._locations[where] = script_json(_location(session, self.content, address))
        day = session.date.isoformat()
        # a part of day without clock time is a date, as schema.org allows
        start = f"{day}T{_clock(session.start)}+08:00" if session.start else day
        end = f"{day}T{_clock(session.end)}+08:00" if session.end else day
        status = ("EventCancelled" if not session.is_active
                  else "EventRescheduled" if session.status is SessionStatus.MOVED else "EventScheduled")
        attendance = "OfflineEventAttendanceMode" if session.mode.receives_visitors else "OnlineEventAttendanceMode"
        url_part = f',"url":{script_json(url)}' if url else ""
        return (f'{{"@context":"https://schema.org","@type":"Event","name":{name},"startDate":"{start}",'
                f'"endDate":"{end}","eventStatus":"https://schema.org/{status}",'
                f'"eventAttendanceMode":"https://schema.org/{attendance}","organizer":{organizer},'
                f'"location":{location}{url_part}}}')

    def booking(self, session: ScheduledSession, notes: Notes, general: str) -> str:
        """The booking cell (``_booking_parts``), its notes referred to in ``notes`` (each table
        numbers its own)."""
        office = self._office_booking.get(session.date)
        if office is None:
            office = self._office_booking[session.date] = self.content.office.on(session.date).booking or ""
        key = (session.booking, session.queue, office, session.mode, session.booking_deadline,
               session.capacity, session.overflow, session.scope, session.not_received, session.note, general)
        parts = self._bookings.get(key)
        if parts is None:
            parts = self._bookings[key] = _booking_parts(session, self.content, general=general)
        return "<br>".join(text if note is None else text + notes.ref(note) for text, note in parts)


def _date_cell(session: ScheduledSession, today: dt.date) -> str:
    date_text = f'{day_label(session.date)} <span class="xf-wd">{weekday(session.date)}</span>'
    if session.date_note:  # a rule's day the holiday moved: 原定9月15日，遇中秋节顺延
        date_text += f' <span class="xf-date-note">{esc(session.date_note)}</span>'
    if uncertain_text(session):
        date_text += f' <span class="xf-date-note xf-uncertain">{esc(uncertain_text(session))}</span>'
    # last in the cell, where the page's script puts them for the reader's day
    if session.date == today:
        date_text += ' <span class="xf-today">今天</span>'
    elif session.date < today:
        date_text += ' <span class="xf-ended">已结束</span>'
    return date_text


def session_rows(sessions: Iterable[ScheduledSession], cells: Cells, page: str, notes: Notes, *,
                 general: str = "", hidden: Callable[[ScheduledSession], bool] | None = None,
                 anchor: bool = False) -> list[str]:
    """One ``<tr>`` per merged group. Each row carries its date (``data-date``), so the
    page's script can mark it 今天 or 已结束 on the day the page is read; the build day's
    marks are the no-script text. ``hidden`` rows are carried for later days, not shown today.
    With ``anchor`` the first row of ``today`` or after holds the ``#today`` anchor.
    ``cells``: the build's (``SiteData.cells``)."""
    rows = []
    today = cells.today
    anchored = not anchor
    leaders, topics = link_scope(page, "leaders"), link_scope(page, "topics")
    for group in merged(sessions):
        session = group[0]
        classes = f"xf-session is-{session.status.value}"
        if session.date == today:
            classes += " is-today"
        elif session.date < today:
            classes += " xf-past"
        cells_of = (
            cells.date(session),
            cells.time(group),
            cells.team(session, page, leaders),
            cells.topics(session, page, topics),
            cells.place(session),
            esc(session.mode.label),
            cells.booking(session, notes, general) if session.is_active else "",
            status_html(session),
        )
        # the phone stylesheet labels cells by position (td:nth-child), keeping rows small
        tds = "".join([f"<td>{cell}</td>" if cell else '<td class="xf-empty"></td>' for cell in cells_of])
        # each slot keeps its own anchor: links and calendar events point at every id
        anchors = "".join(f'<span id="{esc(s.id)}"></span>' for s in group[1:])
        if not anchored and session.date >= today:
            anchors = f'<span id="{TODAY_ANCHOR}" class="xf-today-anchor"></span>{anchors}'
            anchored = True
        if anchors:
            tds = tds.replace("<td>", f"<td>{anchors}", 1)
        rows.append(
            f'<tr id="{esc(session.id)}" class="{classes}" data-date="{session.date.isoformat()}" '
            f'data-units="{cells.units(session)}" data-topics="{esc(" ".join(session.topics))}"'
            f'{" hidden" if hidden and hidden(session) else ""}>{tds}</tr>'
        )
    return rows


def table_html(body: str, notes: Notes, *, has_status: bool, caption: str = "", attrs: str = "") -> str:
    """The ``<table>`` around finished rows. Without a change in any row the 状态 column is
    hidden (``xf-no-status``): an empty column took a sixth of a desktop table."""
    head = "".join(f'<th scope="col">{h}</th>' for h in HEADERS)
    cap = f"<caption>{esc(caption)}</caption>" if caption else ""
    css = "xf-sessions" if has_status else "xf-sessions xf-no-status"
    return (f'<table class="{css}" data-search-exclude{attrs}>{cap}<thead><tr>{head}</tr></thead>'
            f"<tbody>{body}</tbody></table>")


def general_booking(content: Content, today: dt.date) -> str:
    return content.office.on(today).booking or ""


def booking_note(general: str) -> str:
    return f'<p class="xf-help">通用预约方式：{linked_html(general)}</p>' if general else ""


def session_table(sessions: list[ScheduledSession], cells: Cells, page: str,
                  *, caption: str = "", empty: str = "这段时间没有安排接访。", attrs: str = "",
                  anchor: bool = False, with_booking: bool = True) -> str:
    """The table, excluded from the search index (sessions change; pages about them don't).
    ``anchor``: the page's ``#today`` is in this table (see ``session_rows``); without
    ``with_booking`` the office's general booking line above it is left out (a second table
    right under a first that says it)."""
    if not sessions:
        return f'<p class="xf-empty-note">{esc(empty)}</p>\n\n'
    notes = Notes(f"t-{sessions[0].id}")
    general = general_booking(cells.content, cells.today)
    body = "".join(session_rows(sessions, cells, page, notes, general=general, anchor=anchor))
    table = table_html(body, notes, has_status=any(s.changes for s in sessions), caption=caption, attrs=attrs)
    note = booking_note(general) if with_booking else ""
    return raw_block(f"{note}{table}{notes.html()}", searchable=False)


def json_ld(sessions: Iterable[ScheduledSession], cells: Cells,
            session_url: Callable[[ScheduledSession], str | None]) -> str:
    """schema.org Event descriptions of the first ``JSON_LD_LIMIT`` sessions, so search engines
    can show the next sessions; ``session_url`` is ``SiteData.session_url``, the one owner of a
    session's URL."""
    events = [cells.event(session, session_url) for session in islice(sessions, JSON_LD_LIMIT)]
    if not events:
        return ""
    # the list as script_json writes it: its items' JSON between brackets and commas
    return raw_block(f'<script type="application/ld+json">[{",".join(events)}]</script>', searchable=False)


def _location(session: ScheduledSession, content: Content, address: str | None) -> dict[str, object]:
    """Where the session is, as a schema.org Place (``address``: the office's on its date)."""
    if session.mode.receives_visitors and session.venues:
        address = content.units[session.unit].reception_address or address
        return {"@type": "Place", "name": place_text(session), **({"address": address} if address else {})}
    # schema.org requires a location; a telephone or online session has no place
    return {"@type": "VirtualLocation", "name": place_text(session) or session.mode.label}


@functools.lru_cache(maxsize=512)
def _clock(time: dt.time) -> str:
    return f"{time:%H:%M}"
