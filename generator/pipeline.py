"""Content directory -> validated model + expanded schedule: what every command starts from."""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

from .calendar.deadlines import case_deadlines
from .calendar.workdays import WorkCalendar
from .casework.repeats import find_repeats
from .errors import ContentError, Problem, UsageError
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
    problems = [*expansion.problems, *deadline_problems(content, calendar)]
    if problems:
        raise ContentError(problems)
    return Prepared(content, calendar, expansion.sessions, expansion.warnings)


def deadline_problems(content: Content, calendar: WorkCalendar) -> list[Problem]:
    """Cases whose deadlines cannot be computed: a date so far away (a typo like 9999-12-30)
    that adding a time limit runs past the last date Python knows."""
    problems = []
    for case in content.cases.values():
        try:
            case_deadlines(case, calendar, content.office)
        except OverflowError:
            source = content.source("case", case.id)
            latest = max(_dates(case.model_dump()), default=None)
            problems.append(Problem(source.path, source.line,
                                    f"案件“{case.id}”的日期 {latest} 太远，无法计算期限；请核对日期（如 2026-12-30）"))
    return problems


def _dates(value: object) -> Iterator[dt.date]:
    if isinstance(value, dt.date):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from _dates(item)
    elif isinstance(value, list | tuple):
        for item in value:
            yield from _dates(item)


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
