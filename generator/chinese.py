"""The Chinese written forms of dates: the one owner, used by the site, the letters,
the schedule's change notes and the statistics alike.

Arabic figures, full year, no leading zeros (GB/T 9704 7.3.5.4): 2026年11月22日."""

from __future__ import annotations

import datetime as dt


def cn_date(day: dt.date) -> str:
    """2026年11月22日."""
    return f"{day.year}年{day.month}月{day.day}日"


def cn_month_day(day: dt.date) -> str:
    """11月22日: within a page or a note whose year is plain."""
    return f"{day.month}月{day.day}日"


def cn_month(year: int, month: int) -> str:
    """2026年11月."""
    return f"{year}年{month}月"


def cn_date_range(start: dt.date, end: dt.date) -> str:
    """2026年1月1日至3月31日; the second year is written only when it differs."""
    tail = cn_date(end) if end.year != start.year else cn_month_day(end)
    return f"{cn_date(start)}至{tail}"
