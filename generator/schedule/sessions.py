"""Dated reception sessions (接访场次): what the site, feeds and checks read."""

from __future__ import annotations

import datetime as dt
from dataclasses import MISSING, dataclass, fields
from enum import StrEnum
from typing import Any

from ..model.content import Source
from ..model.schedule import Capacity, ChangeAction, DayPart, Mode


class SessionStatus(StrEnum):
    SCHEDULED = "scheduled"
    CANCELLED = "cancelled"
    MOVED = "moved"
    SUBSTITUTED = "substituted"
    SUSPENDED = "suspended"

    @property
    def label(self) -> str:
        return {
            "scheduled": "正常",
            "cancelled": "已取消",
            "moved": "已调整",
            "substituted": "换人接访",
            "suspended": "暂停",
        }[self.value]


@dataclass(frozen=True, kw_only=True)
class ChangeNote:
    """A visible record of what changed, when it was announced and why."""

    action: ChangeAction | None
    """None for a suspension."""
    announced: dt.date
    reason: str
    description: str


@dataclass(frozen=True, kw_only=True)
class ScheduledSession:
    """One reception on one date in one time slot.

    ``id`` is derived from the rule (or explicit session) and the nominal date, so
    the same session keeps its id across builds; calendar clients rely on that.
    """

    id: str
    group: str
    """The id shared by the half-day slots of one published session (rule-date or session id)."""
    date: dt.date
    start: dt.time | None
    """Clock times, or None when the notice gives only a part of day."""
    end: dt.time | None
    part: DayPart | None
    """上午/下午/全天 as published."""
    unit: str
    leaders: tuple[str, ...]
    role: str | None
    with_others: str | None
    venues: tuple[str, ...]
    mode: Mode
    topics: tuple[str, ...]
    scope: str | None
    not_received: tuple[str, ...]
    booking: str | None
    queue: bool
    """Petitioners queue on the day (现场登记排号) rather than book."""
    booking_deadline: str | None
    capacity: Capacity | None
    overflow: str | None
    phone: tuple[str, ...]
    note: str | None
    rule_id: str | None
    source: Source
    status: SessionStatus = SessionStatus.SCHEDULED
    original_date: dt.date | None = None
    """The date first named: before a change moved it, or before the holiday moved it."""
    date_uncertain: str | None = None
    """"" when the notice's date is uncertain (日期以正式通知为准), or the clerk's note why; None if certain."""
    venue_exceptions: tuple[tuple[str, str], ...] = ()
    """Exceptions to the venues as published: (杨叶镇, 花湖镇政府)."""
    date_note: str | None = None
    """Why the date is not the one the rule names: ``原定9月15日，遇中秋节顺延``."""
    original_leaders: tuple[str, ...] = ()
    changes: tuple[ChangeNote, ...] = ()

    @classmethod
    def made(cls, values: dict[str, Any]) -> ScheduledSession:
        """The session ``cls(**values)`` would be, made without a frozen dataclass's
        ``object.__setattr__`` per field (29 of them): the expansion makes one per date of
        every rule, tens of thousands in a city.  ``values`` names every field without a
        default (tests/schedule/test_expand.py compares with ``__init__``)."""
        session = object.__new__(cls)
        session.__dict__.update(_DEFAULTS)
        session.__dict__.update(values)
        return session

    @property
    def is_active(self) -> bool:
        """Will anyone be received (or phoned) at this session?"""
        return self.status not in (SessionStatus.CANCELLED, SessionStatus.SUSPENDED)

    @property
    def sequence(self) -> int:
        """iCalendar SEQUENCE: bumped by every change."""
        return len(self.changes)

    @property
    def has_clock_time(self) -> bool:
        return self.start is not None and self.end is not None

    @property
    def span(self) -> tuple[dt.time, dt.time]:
        """Clock bounds for ordering and overlap checks; a part of day covers its half."""
        if self.start is not None and self.end is not None:
            return self.start, self.end
        return (self.part or DayPart.ALL_DAY).bounds

    @property
    def order(self) -> tuple[dt.date, dt.time, str]:
        return self.date, self.span[0], self.id

    def overlaps(self, other: ScheduledSession) -> bool:
        (a_start, a_end), (b_start, b_end) = self.span, other.span
        return self.date == other.date and a_start < b_end and b_start < a_end


_DEFAULTS = {f.name: f.default for f in fields(ScheduledSession) if f.default is not MISSING}
"""The fields ``ScheduledSession.made`` may leave out (their defaults are all immutable)."""
