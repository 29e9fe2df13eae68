"""Sessions as an accessible table (cards on a phone) and as schema.org Events."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable

from ...model.content import Content
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


def booking_html(session: ScheduledSession, content: Content, notes: Notes, *, general: str) -> str:
    """Booking, limits, scope and notes of one session. ``general``: the office's booking method
    today, stated once above the table; a row says its own only when it differs (a session's
    own method, or the office's as it was on an earlier date)."""
    parts = []
    booking = booking_text(session, content)
    # each part says what it is: a phone card labels no cell 预约 when there is only a scope
    if booking and booking != general:
        # a queue says 现场登记排号 itself: it is no booking
        parts.append(("" if session.queue else "预约：") + linked_html(booking))
    elif booking and session.mode.receives_visitors and not session.queue:
        phones = [m.group(0) for m in PHONE.finditer(booking)]
        dial = f"（拨打 {'、'.join(phone_html(x) for x in phones)}）" if phones else ""
        parts.append(f"预约：按通用方式预约{dial}")
    if session.booking_deadline:
        parts.append(f"截止：{esc(session.booking_deadline)}")
    if capacity_text(session):
        parts.append("名额：" + esc(capacity_text(session)))
    if session.scope:
        parts.append("受理范围：" + notes.ref("受理范围：" + _listed(lines(session.scope))))
    if session.not_received:
        parts.append("不在此接待的事项：" + notes.ref("不在此接待：" + _listed(list(session.not_received))))
    if session.note:
        # a short note ("第四轮") reads best in its row; a long one repeated by a rule goes below
        parts.append("说明：" + (linked_html(session.note) if len(session.note) <= SHORT_NOTE
                                  else notes.ref(f"说明：{linked_html(session.note)}")))
    return "<br>".join(parts)


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


def session_rows(sessions: Iterable[ScheduledSession], content: Content, page: str,
                 today: dt.date, notes: Notes, *, general: str = "",
                 hidden: Callable[[ScheduledSession], bool] | None = None,
                 anchor: bool = False) -> list[str]:
    """One ``<tr>`` per merged group. Each row carries its date (``data-date``), so the
    page's script can mark it 今天 or 已结束 on the day the page is read; the build day's
    marks are the no-script text. ``hidden`` rows are carried for later days, not shown today.
    With ``anchor`` the first row of ``today`` or after holds the ``#today`` anchor."""
    rows = []
    anchored = not anchor
    for group in merged(sessions):
        session = group[0]
        classes = ["xf-session", f"is-{session.status.value}"]
        if session.date == today:
            classes.append("is-today")
        elif session.date < today:
            classes.append("xf-past")
        units = " ".join(u.id for u in content.unit_chain(session.unit))
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
        cells = [
            date_text,
            "<br>".join(esc(time_text(s)) for s in group),
            leaders_html(session, content, page),
            topics_html(session, content, page),
            place_html(session, content),
            esc(session.mode.label),
            booking_html(session, content, notes, general=general) if session.is_active else "",
            status_html(session),
        ]
        # the phone stylesheet labels cells by position (td:nth-child), keeping rows small
        tds = "".join(f"<td>{cell}</td>" if cell else '<td class="xf-empty"></td>' for cell in cells)
        # each slot keeps its own anchor: links and calendar events point at every id
        anchors = "".join(f'<span id="{esc(s.id)}"></span>' for s in group[1:])
        if not anchored and session.date >= today:
            anchors = f'<span id="{TODAY_ANCHOR}" class="xf-today-anchor"></span>{anchors}'
            anchored = True
        if anchors:
            tds = tds.replace("<td>", f"<td>{anchors}", 1)
        rows.append(
            f'<tr id="{esc(session.id)}" class="{" ".join(classes)}" data-date="{session.date.isoformat()}" '
            f'data-units="{esc(units)}" data-topics="{esc(" ".join(session.topics))}"'
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


def session_table(sessions: list[ScheduledSession], content: Content, page: str, today: dt.date,
                  *, caption: str = "", empty: str = "这段时间没有安排接访。", attrs: str = "",
                  anchor: bool = False, with_booking: bool = True) -> str:
    """The table, excluded from the search index (sessions change; pages about them don't).
    ``anchor``: the page's ``#today`` is in this table (see ``session_rows``); without
    ``with_booking`` the office's general booking line above it is left out (a second table
    right under a first that says it)."""
    if not sessions:
        return f'<p class="xf-empty-note">{esc(empty)}</p>\n\n'
    notes = Notes(f"t-{sessions[0].id}")
    general = general_booking(content, today)
    body = "".join(session_rows(sessions, content, page, today, notes, general=general, anchor=anchor))
    table = table_html(body, notes, has_status=any(s.changes for s in sessions), caption=caption, attrs=attrs)
    note = booking_note(general) if with_booking else ""
    return raw_block(f"{note}{table}{notes.html()}", searchable=False)


def json_ld(sessions: Iterable[ScheduledSession], content: Content,
            session_url: Callable[[ScheduledSession], str | None]) -> str:
    """schema.org Event descriptions, so search engines can show the next sessions;
    ``session_url`` is ``SiteData.session_url``, the one owner of a session's URL."""
    events: list[dict[str, object]] = []
    for session in sessions:
        if len(events) >= JSON_LD_LIMIT:
            break
        event: dict[str, object] = {
            "@context": "https://schema.org",
            "@type": "Event",
            "name": summary(session, content),
            # a part of day without clock time is a date, as schema.org allows
            "startDate": (f"{session.date.isoformat()}T{session.start:%H:%M}+08:00" if session.start
                          else session.date.isoformat()),
            "endDate": (f"{session.date.isoformat()}T{session.end:%H:%M}+08:00" if session.end
                        else session.date.isoformat()),
            "eventStatus": "https://schema.org/" + (
                "EventCancelled" if not session.is_active
                else "EventRescheduled" if session.status is SessionStatus.MOVED else "EventScheduled"),
            "eventAttendanceMode": "https://schema.org/" + (
                "OnlineEventAttendanceMode" if not session.mode.receives_visitors
                else "OfflineEventAttendanceMode"),
            "organizer": {"@type": "GovernmentOrganization", "name": content.office.on(session.date).name},
        }
        if session.mode.receives_visitors and session.venues:
            address = content.units[session.unit].reception_address or content.office.on(session.date).address
            event["location"] = {"@type": "Place", "name": place_text(session),
                                 **({"address": address} if address else {})}
        else:
            # schema.org requires a location; a telephone or online session has no place
            event["location"] = {"@type": "VirtualLocation", "name": place_text(session) or session.mode.label}
        url = session_url(session)
        if url:
            event["url"] = url
        events.append(event)
    if not events:
        return ""
    return raw_block(f'<script type="application/ld+json">{script_json(events)}</script>', searchable=False)
