"""What a page says about today, said again on the day it is read.

A page is built once and read for days.  Its text is the build day's answer (what a reader
without scripts sees); beside it the page carries the facts that answer comes from, as one
JSON block, and ``assets/xinfang-today.js`` (served by the site itself, allowed by the
Content-Security-Policy) works the answer out again for the reader's own day: 今天/下一次,
this week's list, the 已结束 marks, a leader's or topic's 下次接访, a suspension that is over.

The data contract, read by the script (and by other pages that embed it):

``<script type="application/json" id="xf-today-data">`` holding ::

    {"v": 1,
     "built": "2026-11-24",        the build day: the no-script text is true on this day
     "until": "2027-03-31",        the last day with a published session (null: none at all)
     "covers": "2026-12-15",       the last day whose sessions this page carries
     "phone": "0000-12345678",     the office's phone for "以后的安排尚未公布，请拨打…" (or null)
     "schedule": "../schedule/",   the schedule overview, relative to the page
     "months": {"2026-12": "../schedule/2026-12/"},   (the home page only) each month's page
     "sessions": {"<session id>": {"d": "2026-12-02", "w": "12月2日（周三）09:00",
                                   "t": ["沈某（局长）电话接访，拨打 ", ["0000-12345", "tel:000012345"]],
                                   "h": "../schedule/2026-12/#<id>"}}}

``sessions`` holds active sessions only (nobody goes to a cancelled one); every value is plain
text the script sets with ``textContent``; ``t`` is text split at its phone numbers, each
``[number, tel: URL]`` made a link.  The parts of the page the script rewrites are
marked with ``data-xf-*`` attributes, listed at the top of the script.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from itertools import islice

from ...schedule.sessions import ScheduledSession
from ...schedule.wording import place_text, start_text, summary, uncertain_text
from .data import SiteData, per_session
from .html import PHONE, day_label, esc, raw_block, script_json, tel_href, weekday
from .placement import month_page, rel

CARRY_DAYS = 21
"""Days ahead of the build whose sessions the home page carries: read up to two weeks after
its build it still lists the coming seven days (the README asks for a daily rebuild)."""
WEEK_DAYS = 7
"""The home page lists today and this many days after it."""
NEXT_CANDIDATES = 8
"""Upcoming sessions a 下次接访 answer carries: enough for the days between two builds."""


def when_text(session: ScheduledSession) -> str:
    """``12月2日（周三）09:00``: the day and start of a next-session line; an uncertain date says
    so (``12月2日（周三）（日期以正式通知为准）``), never stated as certain."""
    uncertain = uncertain_text(session)
    return (f"{day_label(session.date)}（{weekday(session.date)}）{start_text(session)}"
            + (f"（{uncertain}）" if uncertain else ""))


@per_session
def _when(data: SiteData, session: ScheduledSession) -> str:
    """``when_text``, once per build and session (on each of its leaders' and topics' pages)."""
    return when_text(session)


@per_session
def what_text(data: SiteData, session: ScheduledSession) -> str:
    """``李甲（市长）现场接访，地点：…``; a telephone session says it receives nobody and
    gives the number instead of a place."""
    place = place_text(session)
    if session.mode.receives_visitors:
        where = f"，地点：{place}" if place else ""
    else:  # the summary already said 电话接访
        where = f"，{place.removeprefix(session.mode.label + '，')}" if place else ""
    return f"{summary(session, data.content)}{where}"


@per_session
def _told(data: SiteData, session: ScheduledSession) -> list[str | list[str]]:
    """``what_text`` split at its phone numbers (``phone_parts``), for the data block's ``t``."""
    return phone_parts(what_text(data, session))


def phone_parts(text: str) -> list[str | list[str]]:
    """Text split at its phone numbers: plain strings, and ``[number, "tel:…"]`` for each
    number, so the script makes the same ``tel:`` links the build does (``html.PHONE``)."""
    parts: list[str | list[str]] = []
    at = 0
    for match in PHONE.finditer(text):
        parts += [text[at:match.start()], [match.group(0), tel_href(match)]]
        at = match.end()
    parts.append(text[at:])
    return [p for p in parts if p]


class PageFacts:
    """The sessions one page's today-dependent parts need, written once as the data block."""

    def __init__(self, data: SiteData, page: str, *, candidates: int = NEXT_CANDIDATES, lean: bool = False) -> None:
        self.data = data
        self.page = page
        self.candidates = candidates
        self.lean = lean
        """Without ``t``: an index answers 下次接访 with the day and a link only."""
        """How many upcoming sessions each 下次接访 answer carries (an index of a hundred
        leaders carries fewer, to stay a phone-sized page)."""
        self.sessions: dict[str, dict[str, object]] = {}
        self.covers = data.today
        self.months: dict[str, str] | None = None

    def add(self, sessions: Iterable[ScheduledSession]) -> list[str]:
        """Register the active ones among ``sessions``; their ids, in order."""
        ids = []
        for session in sessions:
            if not session.is_active:
                continue
            ids.append(session.id)
            self.covers = max(self.covers, session.date)
            if session.id not in self.sessions:
                entry: dict[str, object] = {"d": session.date.isoformat(), "w": _when(self.data, session),
                                            "h": self.data.placement.href(session, self.page)}
                if not self.lean:
                    entry["t"] = _told(self.data, session)
                self.sessions[session.id] = entry
        return ids

    def next_attrs(self, sessions: list[ScheduledSession]) -> str:
        """Attributes of a 下次接访 answer: its candidates, and whether they are all there are."""
        # the first active ones, and one more to tell whether they are all (a leader's list is long)
        active = list(islice((s for s in sessions if s.is_active), self.candidates + 1))
        ids = self.add(active[:self.candidates])
        complete = ' data-xf-all="1"' if len(active) <= self.candidates else ""
        return f' data-xf-next="{esc(" ".join(ids))}"{complete}'

    def month_links(self) -> None:
        """Carry every month page's URL: the page links the month of the next session at its
        ``#today`` anchor, whichever day it is read."""
        self.months = {f"{y}-{m:02d}": rel(self.page, month_page(y, m)) for y, m in self.data.by_month}

    def cover(self, day: dt.date) -> None:
        """The page lists every session up to ``day`` (its rows are on it)."""
        self.covers = max(self.covers, day)

    def block(self) -> str:
        last = self.data.last_published
        phone = self.data.content.office.on(self.data.today).phone
        payload = {
            "v": 1, "built": self.data.today.isoformat(), "until": last.isoformat() if last else None,
            "covers": self.covers.isoformat(), "phone": phone or None,
            "schedule": rel(self.page, "schedule/index.md"), "sessions": self.sessions,
        }
        if self.months is not None:
            payload["months"] = self.months
        return raw_block(f'<script type="application/json" id="xf-today-data">{script_json(payload)}</script>',
                         searchable=False)
