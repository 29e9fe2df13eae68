"""The model as the site needs it: sessions indexed by leader, topic and month,
computed once so every page generator stays linear in the content."""

from __future__ import annotations

import datetime as dt
from bisect import bisect_left, bisect_right
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property, wraps
from typing import TypeVar, cast

from ...model.content import Content
from ...model.units import Unit
from ...prepared import Prepared
from ...schedule.sessions import ScheduledSession
from .markdown_body import Body, MarkdownSettings, render_body
from .placement import LinkStyle, Placement, current_style
from .session_table import Cells

UPCOMING_DAYS = 14
"""The schedule overview lists this many days ahead; months hold the rest."""
FRESHNESS_DAYS = 14
"""A schedule with no session in this many days is stale and the build says so."""

Wanted = Callable[[str], bool]
"""Which of the site's files to generate, by path under docs/ (``xinfang serve`` regenerates
only those a save affects).  A family generated as a whole is asked for by its first page:
``leaders/index.md`` (the leaders' index pages), ``cases/index.md`` (every case page),
``statistics/index.md`` (the statistics part)."""


def everything(path: str) -> bool:
    return True


T = TypeVar("T")


def _date(session: ScheduledSession) -> dt.date:
    return session.date


def per_session(function: Callable[[SiteData, ScheduledSession], T]) -> Callable[[SiteData, ScheduledSession], T]:
    """``function(data, session)`` worked out once per build and session: a session's words are
    said on every page that lists it (its month's, its leaders' and topic's, the home page).
    Only for what does not depend on the page (no relative link)."""
    @wraps(function)
    def once(data: SiteData, session: ScheduledSession) -> T:
        memo = data._per_session.setdefault(function, {})
        if session.id in memo:
            return cast(T, memo[session.id])
        value = memo[session.id] = function(data, session)
        return value

    return once


def by_leader(sessions: list[ScheduledSession]) -> dict[str, list[ScheduledSession]]:
    """Sessions per leader; a substituted leader keeps the session, so their page and
    feed show that someone else now receives visitors in their place."""
    index: dict[str, list[ScheduledSession]] = defaultdict(list)
    for session in sessions:
        for leader in {*session.leaders, *session.original_leaders}:
            index[leader].append(session)
    return index


def by_topic(sessions: list[ScheduledSession]) -> dict[str, list[ScheduledSession]]:
    index: dict[str, list[ScheduledSession]] = defaultdict(list)
    for session in sessions:
        for topic in session.topics:
            index[topic].append(session)
    return index


@dataclass
class SiteData:
    prepared: Prepared
    today: dt.date
    base_url: str | None
    warnings: list[str] = field(default_factory=list)
    markdown: MarkdownSettings = field(default_factory=MarkdownSettings)
    """The site's Markdown extensions, for the bodies xinfang renders itself (markdown_body)."""
    _bodies: dict[tuple[str, str, LinkStyle], tuple[MarkdownSettings, Body]] = field(
        default_factory=dict, init=False, repr=False, compare=False)
    _cells: dict[LinkStyle, Cells] = field(default_factory=dict, init=False, repr=False, compare=False)
    _per_session: dict[object, dict[str, object]] = field(default_factory=dict, init=False, repr=False,
                                                          compare=False)

    @property
    def cells(self) -> Cells:
        """What the session rows of every page share (``session_table.Cells``), for the links
        as they are written here and now."""
        style = current_style()
        cells = self._cells.get(style)
        if cells is None:
            cells = self._cells[style] = Cells(self.content, self.today)
        return cells

    def body(self, text: str, page: str) -> Body:
        """A policy's or notice's ``text`` rendered for ``page`` with the site's Markdown settings
        (its links as this build writes them), once: the page shows it and the build's warnings
        say what its sanitiser removed."""
        key = (text, page, current_style())
        settings, body = self._bodies.get(key, (None, None))
        if settings != self.markdown or body is None:
            body = render_body(text, page, self.markdown)
            self._bodies[key] = (self.markdown, body)
        return body

    def reuse_bodies(self, earlier: SiteData) -> None:
        """Take the bodies ``earlier`` rendered (``xinfang serve``, after a save: the same text
        for the same page with the same settings renders the same; a city's 250 policies and
        notices took a second to render again for the warnings)."""
        self._bodies.update(earlier._bodies)

    @cached_property
    def content(self) -> Content:
        """The content with the office as it was on the build date (``Office.on``): every page,
        feed and calendar of a site built for a past date says the name, phone, address, hours
        and host of that date, and a session row applies the office's history for its own date
        from there. Nothing that was only true later reaches a site built before it."""
        return self.prepared.content_on(self.today)

    @property
    def sessions(self) -> list[ScheduledSession]:
        return self.prepared.sessions

    @cached_property
    def _in_date_order(self) -> bool:
        return all(a.date <= b.date for a, b in zip(self.sessions, self.sessions[1:], strict=False))

    def between(self, first: dt.date, last: dt.date) -> list[ScheduledSession]:
        """The sessions from ``first`` to ``last``, in order: a slice of the date-ordered
        sessions (the expansion sorts them), not a pass over a city's forty thousand."""
        if not self._in_date_order:
            return [s for s in self.sessions if first <= s.date <= last]
        return self.sessions[bisect_left(self.sessions, first, key=_date):
                             bisect_right(self.sessions, last, key=_date)]

    @cached_property
    def in_person(self) -> bool:
        """Does the office receive petitioners at a hall at all? An office whose sessions are all by
        phone, online, video or 下访 is never told to come in, nor shown a receiving address."""
        return any(s.mode.at_a_hall for s in self.sessions)

    @cached_property
    def upcoming(self) -> list[ScheduledSession]:
        return [s for s in self.sessions if s.date >= self.today]

    @cached_property
    def by_leader(self) -> dict[str, list[ScheduledSession]]:
        return by_leader(self.upcoming)

    @cached_property
    def by_topic(self) -> dict[str, list[ScheduledSession]]:
        return by_topic(self.upcoming)

    @cached_property
    def general(self) -> list[ScheduledSession]:
        """Upcoming sessions that receive every kind of problem (no topics listed)."""
        return [s for s in self.upcoming if not s.topics]

    @cached_property
    def units_in_tree_order(self) -> list[Unit]:
        """Every unit, each followed by the units under it (a filter's or place question's order)."""
        children: dict[str | None, list[Unit]] = {}
        for unit in self.content.units.values():
            children.setdefault(unit.parent, []).append(unit)
        ordered: list[Unit] = []

        def walk(parent: str | None) -> None:
            for unit in children.get(parent, []):
                ordered.append(unit)
                walk(unit.id)

        walk(None)
        return ordered

    @cached_property
    def unit_chains(self) -> dict[str, str]:
        """Each unit's id and its ancestors', nearest first, space-separated: what a place
        option's ``data-chain`` and a leader row's ``data-units`` say."""
        return {unit: " ".join(u.id for u in self.content.unit_chain(unit)) for unit in self.content.units}

    @cached_property
    def role_groups(self) -> dict[tuple[str, str], list[ScheduledSession]]:
        """Upcoming sessions whose notice names no leader, by (unit, role) in date order."""
        groups: dict[tuple[str, str], list[ScheduledSession]] = {}
        for session in self.upcoming:
            if session.role and not session.leaders:
                groups.setdefault((session.unit, session.role), []).append(session)
        return groups

    @cached_property
    def role_units(self) -> frozenset[str]:
        """Units with a reception to come that is published by role only (``role_groups``)."""
        return frozenset(unit for (unit, _), group in self.role_groups.items() if self.next_active(group))

    @cached_property
    def by_month(self) -> dict[tuple[int, int], list[ScheduledSession]]:
        index: dict[tuple[int, int], list[ScheduledSession]] = defaultdict(list)
        for session in self.sessions:
            index[(session.date.year, session.date.month)].append(session)
        return dict(sorted(index.items()))

    @cached_property
    def placement(self) -> Placement:
        """Which page holds each session's row: the owner of every link to a session."""
        return Placement(self.content, self.by_month)

    def session_url(self, session: ScheduledSession) -> str | None:
        """The session's absolute URL for feeds, calendars and JSON-LD (None without site_url)."""
        return self.placement.url(session, self.base_url)

    @cached_property
    def last_published(self) -> dt.date | None:
        """The last day with a session anyone can go to: how far the published schedule reaches."""
        return max((s.date for s in self.sessions if s.is_active), default=None)

    def next_active(self, sessions: list[ScheduledSession]) -> ScheduledSession | None:
        return next((s for s in sessions if s.is_active), None)

    def week(self) -> tuple[dt.date, dt.date]:
        monday = self.today - dt.timedelta(days=self.today.weekday())
        return monday, monday + dt.timedelta(days=6)
