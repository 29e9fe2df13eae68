"""Casework checks run by the pipeline before anything is written."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from ..calendar.deadlines import case_deadlines
from ..calendar.workdays import WorkCalendar
from ..errors import Problem
from ..model.content import Content
from ..model.files import RecordKind


def deadline_problems(content: Content, calendar: WorkCalendar) -> list[Problem]:
    """Cases whose deadlines cannot be computed: a date so far away (a typo like 9999-12-30)
    that adding a time limit runs past the last date Python knows."""
    problems = []
    for case in content.cases.values():
        try:
            case_deadlines(case, calendar, content.office)
        except OverflowError:
            source = content.source(RecordKind.CASE, case.id)
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
