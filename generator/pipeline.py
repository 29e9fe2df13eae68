"""Content directory -> validated model + expanded schedule: what every command starts from."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

from .calendar.workdays import WorkCalendar
from .casework.checks import deadline_problems
from .casework.repeats import find_repeats
from .errors import ContentError, UsageError
from .load import load_content
from .prepared import Prepared
from .schedule.expand import expand_schedule

__all__ = ["Prepared", "prepare", "resolve_today"]


def prepare(content_dir: Path, *, cases_dir: Path | None = None) -> Prepared:
    """Load and check everything; raise ContentError listing every problem."""
    content = load_content(content_dir, cases_dir=cases_dir)
    calendar = WorkCalendar.from_content(content.holiday_years)
    expansion = expand_schedule(content, calendar)
    problems = [*expansion.problems, *deadline_problems(content, calendar)]
    if problems:
        raise ContentError(problems)
    return Prepared(content, calendar, expansion.sessions, expansion.warnings,
                    repeats=find_repeats(content.cases.values()))


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
