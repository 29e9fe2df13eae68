"""Dated reception sessions (接访场次): what the site, feeds and checks read."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import StrEnum

from ..model.content import Source
from ..model.schedule import ChangeAction, Mode


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
    date: dt.date
    start: dt.time
    end: dt.time
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
    booking_deadline: str | None
    capacity: int | None
    phone: str | None
    note: str | None
    rule_id: str | None
    source: Source
    status: SessionStatus = SessionStatus.SCHEDULED
    original_date: dt.date | None = None
    original_leaders: tuple[str, ...] = ()
    changes: tuple[ChangeNote, ...] = ()

    @property
    def is_active(self) -> bool:
        """Will anyone be received (or phoned) at this session?"""
        return self.status not in (SessionStatus.CANCELLED, SessionStatus.SUSPENDED)

    @property
    def sequence(self) -> int:
        """iCalendar SEQUENCE: bumped by every change."""
        return len(self.changes)

    @property
    def starts_at(self) -> dt.datetime:
        return dt.datetime.combine(self.date, self.start)

    @property
    def ends_at(self) -> dt.datetime:
        return dt.datetime.combine(self.date, self.end)

    def overlaps(self, other: ScheduledSession) -> bool:
        return self.date == other.date and self.start < other.end and other.start < self.end
