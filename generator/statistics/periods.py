"""The periods statistics are published for: years, quarters, months and chosen ranges, each
with the period before it and the same period a year earlier."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass

from ..chinese import cn_date_range, cn_month
from ..errors import UsageError
from ..load.dates import parse_day
from ..model.base import EARLIEST, LATEST
from ..model.office import PeriodKind, StatisticsSettings

QUARTERS = "一二三四"


def _shift_year(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def _month_end(year: int, month: int) -> dt.date:
    following = dt.date(year + month // 12, month % 12 + 1, 1)
    return following - dt.timedelta(days=1)


@dataclass(frozen=True)
class Period:
    kind: str
    """year, quarter, month or range."""
    key: str
    """URL and file name part: 2026, 2026-q3, 2026-09, or a configured range's id."""
    label: str
    start: dt.date
    end: dt.date
    """Inclusive."""

    def previous(self) -> Period:
        if self.kind == "year":
            return year(self.start.year - 1)
        if self.kind == "quarter":
            q = (self.start.month - 1) // 3
            return quarter(self.start.year - (q == 0), (q - 1) % 4 + 1)
        if self.kind == "month":
            m = self.start.month
            return month(self.start.year - (m == 1), (m - 2) % 12 + 1)
        length = self.end - self.start
        end = self.start - dt.timedelta(days=1)
        return span(end - length, end)

    def last_year(self) -> Period:
        if self.kind == "year":
            return year(self.start.year - 1)
        if self.kind == "quarter":
            return quarter(self.start.year - 1, (self.start.month - 1) // 3 + 1)
        if self.kind == "month":
            return month(self.start.year - 1, self.start.month)
        return span(_shift_year(self.start, -1), _shift_year(self.end, -1))


def year(y: int) -> Period:
    return Period("year", f"{y}", f"{y}年", dt.date(y, 1, 1), dt.date(y, 12, 31))


def quarter(y: int, q: int) -> Period:
    return Period("quarter", f"{y}-q{q}", f"{y}年第{QUARTERS[q - 1]}季度", dt.date(y, 3 * q - 2, 1),
                  _month_end(y, 3 * q))


def month(y: int, m: int) -> Period:
    return Period("month", f"{y}-{m:02d}", cn_month(y, m), dt.date(y, m, 1), _month_end(y, m))


def span(start: dt.date, end: dt.date, *, key: str | None = None, label: str | None = None) -> Period:
    """A chosen range (inclusive)."""
    if label is None:
        label = cn_date_range(start, end)
    return Period("range", key or f"{start.isoformat()}_{end.isoformat()}", label, start, end)


def periods(settings: StatisticsSettings, first: dt.date, today: dt.date) -> list[Period]:
    """The periods published: every year, quarter and month (as configured) from the first
    case to the build day, newest first, then the configured ranges that have begun."""
    kinds = set(settings.periods)
    result: list[Period] = []
    for y in range(today.year, first.year - 1, -1):
        if PeriodKind.YEAR in kinds:
            result.append(year(y))
        if PeriodKind.QUARTER in kinds:
            result += [quarter(y, q) for q in range(4, 0, -1)
                       if dt.date(y, 3 * q - 2, 1) <= today and _month_end(y, 3 * q) >= first]
        if PeriodKind.MONTH in kinds:
            result += [month(y, m) for m in range(12, 0, -1)
                       if dt.date(y, m, 1) <= today and _month_end(y, m) >= first]
    result += [span(r.start, r.end, key=r.id, label=r.name) for r in settings.ranges if r.start <= today]
    return result


# --- a period as the command line names it -----------------------------------------

def parse_period(text: str) -> Period:
    """2026, 2026-q3 (or 2026Q3), 2026-09."""
    value = unicodedata.normalize("NFKC", text).strip().lower()
    if (match := re.match(r"\d{4}", value)) and not EARLIEST.year <= int(match[0]) <= LATEST.year:
        raise UsageError(f"统计期“{text}”的年份不在 {EARLIEST.year} 至 {LATEST.year} 之间；请检查年份")
    if match := re.fullmatch(r"(\d{4})", value):
        return year(int(match[1]))
    if match := re.fullmatch(r"(\d{4})-?q([1-4])", value):
        return quarter(int(match[1]), int(match[2]))
    if (match := re.fullmatch(r"(\d{4})-(\d{1,2})", value)) and 1 <= int(match[2]) <= 12:
        return month(int(match[1]), int(match[2]))
    raise UsageError(f"统计期“{text}”无法识别；请写 2026（年）、2026-q3（季度）或 2026-09（月），"
                     "或用 --from 和 --to 指定区间")


def parse_range(start: str, end: str) -> Period:
    first, last = parse_day(start, "--from"), parse_day(end, "--to")
    if last < first:
        raise UsageError(f"--to {last} 早于 --from {first}；请对调")
    return span(first, last)


def chosen_period(text: str | None, start: str | None, end: str | None, today: dt.date) -> Period:
    """The period a command names: PERIOD (2026, 2026-q3, 2026-09), or ``--from`` and ``--to``
    together; this year when neither is given."""
    if (start is None) != (end is None):
        raise UsageError("--from 和 --to 要一起写，如 --from 2026-07-01 --to 2026-10-31")
    return parse_range(start, end) if start and end is not None else parse_period(text or str(today.year))
