"""The prepared model: the validated content with its schedule expanded and the facts
derived from it once.  Every output (site, letters, ledger, open data, reports) reads
this one object; ``pipeline.prepare`` makes it."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, replace

from .calendar.workdays import WorkCalendar
from .model.content import Content
from .schedule.receptions import Reception
from .schedule.sessions import ScheduledSession


@dataclass
class Prepared:
    content: Content
    calendar: WorkCalendar
    sessions: list[ScheduledSession]
    warnings: list[str]
    notes: list[str] = field(default_factory=list)
    """What ``check`` reports that is not wrong: each date a rule moved or left out, and why."""
    repeats: dict[str, str] = field(default_factory=dict)
    """Case id -> the earlier case of the same person on the same topic (重复信访);
    derived by casework when the pipeline prepares the model."""
    receptions: list[Reception] = field(default_factory=list)
    """The sessions that have a record of what happened (接访记录), by date."""

    @property
    def active_sessions(self) -> int:
        """The sessions held as published (not suspended or cancelled)."""
        return sum(1 for s in self.sessions if s.is_active)

    def content_on(self, day: dt.date) -> Content:
        """The content with the office as it was on ``day`` (``Office.on``): what a site or a table
        built for a past date says of the office (name, phone, address, hours, host, statistics)."""
        office = self.content.office.on(day)
        return self.content if office is self.content.office else replace(self.content, office=office)
