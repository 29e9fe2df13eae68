"""Content directory -> validated model + expanded schedule: what every command starts from."""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

from .calendar.workdays import WorkCalendar
from .casework.repeats import find_repeats
from .errors import ContentError, UsageError
from .load import load_content
from .model.content import Content
from .schedule.expand import expand_schedule
from .schedule.sessions import ScheduledSession


@dataclass
class Prepared:
    content: Content
    calendar: WorkCalendar
    sessions: list[ScheduledSession]
    warnings: list[str]

    @cached_property
    def repeats(self) -> dict[str, str]:
        """Case id -> the earlier case of the same person on the same topic (重复信访)."""
        return find_repeats(self.content.cases.values())


def prepare(content_dir: Path, *, cases_dir: Path | None = None) -> Prepared:
    """Load and check everything; raise ContentError listing every problem."""
    content = load_content(content_dir, cases_dir=cases_dir)
    calendar = WorkCalendar.from_content(content.holiday_years)
    expansion = expand_schedule(content, calendar)
    if expansion.problems:
        raise ContentError(expansion.problems)
    return Prepared(content, calendar, expansion.sessions, expansion.warnings)


def resolve_today(option: str | None) -> dt.date:
    """The build date: ``--today``, else $XINFANG_TODAY, else the real date.

    Fixing it makes builds reproducible (tests, archived copies of the site)."""
    value = option or os.environ.get("XINFANG_TODAY")
    if not value:
        return dt.date.today()
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise UsageError(f"日期“{value}”无效；请写 YYYY-MM-DD，如 2026-12-01") from None
