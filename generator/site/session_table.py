"""Sessions as an accessible table (cards on a phone) and as schema.org Events."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable

from ..model.content import Content
from ..schedule.sessions import ScheduledSession, SessionStatus
from .html import day_label, esc, link, raw_block, script_json, weekday

HEADERS = ["日期", "时间", "接访领导", "受理问题", "地点", "方式", "预约", "状态"]

JSON_LD_LIMIT = 50
"""Events described in JSON-LD per page; search engines need the next few, not a year."""


def leaders_html(session: ScheduledSession, content: Content, page: str) -> str:
    parts = [
        f"{link(page, f'leaders/{leader_id}.md', content.leaders[leader_id].name)}"
        f"<span class=\"xf-title\">{esc(content.leaders[leader_id].title)}</span>"
        for leader_id in session.leaders
    ]
    if session.role:
        parts.append(esc(session.role))
    text = "、".join(parts)
    if session.with_others:
        text += f"等<span class=\"xf-title\">（{esc(session.with_others)}）</span>"
    elif len(session.leaders) > 1:
        text += "等"
    return text


def leaders_plain(session: ScheduledSession, content: Content) -> str:
    names = [f"{content.leaders[i].name}（{content.leaders[i].title}）" for i in session.leaders]
    if session.role:
        names.append(session.role)
    return "、".join(names) + ("等" if session.with_others or len(names) > 1 else "")


def topics_html(session: ScheduledSession, content: Content, page: str) -> str:
    if not session.topics:
        return "各类问题"
    return "、".join(link(page, f"topics/{t}.md", content.topics[t].name) for t in session.topics)


def place_html(session: ScheduledSession, content: Content) -> str:
    unit = content.units[session.unit].name
    venues = "、".join(esc(v) for v in session.venues)
    if session.phone:
        venues = (venues + "；" if venues else "") + f"电话 {esc(session.phone)}"
    return f'<span class="xf-unit">{esc(unit)}</span> {venues}'.strip()


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


def booking_html(session: ScheduledSession, notes: Notes) -> str:
    # the office's general booking method is stated once above each table, not in every row
    parts = [esc(session.booking)] if session.booking else ["按通用方式预约"]
    if session.booking_deadline:
        parts.append(f"截止：{esc(session.booking_deadline)}")
    if session.capacity:
        parts.append(f"限 {session.capacity} 人")
    if session.scope:
        parts.append("受理范围：" + notes.ref(f"受理范围：{esc(session.scope)}"))
    if session.not_received:
        parts.append("不在此接待的事项：" + notes.ref(
            "不在此接待：" + "；".join(esc(x) for x in session.not_received)))
    return "<br>".join(parts)


def status_html(session: ScheduledSession) -> str:
    if not session.changes:
        return ""
    notes = "".join(
        f'<span class="xf-change">{esc(note.description)}；原因：{esc(note.reason)}'
        f"（{note.announced.month}月{note.announced.day}日发布）</span>"
        for note in session.changes
    )
    return f'<strong class="xf-status">{esc(session.status.label)}</strong>{notes}'


def session_rows(sessions: Iterable[ScheduledSession], content: Content, page: str,
                 today: dt.date, notes: Notes) -> list[str]:
    rows = []
    for session in sessions:
        classes = ["xf-session", f"is-{session.status.value}"]
        if session.date == today:
            classes.append("is-today")
        units = " ".join(u.id for u in content.unit_chain(session.unit))
        date_text = f'{day_label(session.date)} <span class="xf-wd">{weekday(session.date)}</span>'
        if session.date == today:
            date_text += ' <span class="xf-today">今天</span>'
        cells = [
            date_text,
            f"{session.start:%H:%M}—{session.end:%H:%M}",
            leaders_html(session, content, page),
            topics_html(session, content, page),
            place_html(session, content),
            esc(session.mode.label),
            booking_html(session, notes) if session.is_active else "",
            status_html(session),
        ]
        # the phone stylesheet labels cells by position (td:nth-child), keeping rows small
        tds = "".join(f"<td>{cell}</td>" if cell else '<td class="xf-empty"></td>' for cell in cells)
        rows.append(
            f'<tr id="{esc(session.id)}" class="{" ".join(classes)}" data-units="{esc(units)}" '
            f'data-topics="{esc(" ".join(session.topics))}">{tds}</tr>'
        )
    return rows


def session_table(sessions: list[ScheduledSession], content: Content, page: str, today: dt.date,
                  *, caption: str = "", empty: str = "这段时间没有安排接访。") -> str:
    """The table, excluded from the search index (sessions change; pages about them don't)."""
    if not sessions:
        return f'<p class="xf-empty-note">{esc(empty)}</p>\n\n'
    head = "".join(f'<th scope="col">{h}</th>' for h in HEADERS)
    cap = f"<caption>{esc(caption)}</caption>" if caption else ""
    notes = Notes(f"t-{sessions[0].id}")
    body = "".join(session_rows(sessions, content, page, today, notes))
    booking = f'<p class="xf-help">通用预约方式：{esc(content.office.booking)}</p>'
    return raw_block(f'{booking}<table class="xf-sessions" data-search-exclude>{cap}<thead><tr>{head}</tr></thead>'
                     f"<tbody>{body}</tbody></table>{notes.html()}", searchable=False)


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
            "name": f"{leaders_plain(session, content)}{session.mode.label}",
            "startDate": f"{session.date.isoformat()}T{session.start:%H:%M}+08:00",
            "endDate": f"{session.date.isoformat()}T{session.end:%H:%M}+08:00",
            "eventStatus": "https://schema.org/" + (
                "EventCancelled" if not session.is_active
                else "EventRescheduled" if session.status is SessionStatus.MOVED else "EventScheduled"),
            "eventAttendanceMode": "https://schema.org/" + (
                "OnlineEventAttendanceMode" if not session.mode.receives_visitors
                else "OfflineEventAttendanceMode"),
            "location": {
                "@type": "Place",
                "name": "、".join(session.venues) or content.units[session.unit].name,
                "address": content.units[session.unit].reception_address or content.office.address,
            },
            "organizer": {"@type": "GovernmentOrganization", "name": content.office.name},
        }
        url = session_url(session)
        if url:
            event["url"] = url
        events.append(event)
    if not events:
        return ""
    return raw_block(f'<script type="application/ld+json">{script_json(events)}</script>', searchable=False)
