"""A date given on the command line, checked like a date in content."""

from __future__ import annotations

import datetime as dt

from ..errors import UsageError
from ..model.base import date_problem


def parse_day(value: str, option: str) -> dt.date:
    """A date given on the command line (or in the environment), named by its option."""
    try:
        day = dt.date.fromisoformat(value.strip())
    except ValueError:
        raise UsageError(f"{option} 的日期“{value}”无效；请写 YYYY-MM-DD，如 2026-12-01") from None
    problem = date_problem(day)
    if problem is not None:
        raise UsageError(f"{option}：{problem}")
    return day
