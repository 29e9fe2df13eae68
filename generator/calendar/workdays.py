"""Working days in mainland China: the official holiday and 调休 calendar.

The State Council publishes each year's arrangement around November; the
``chinesecalendar`` package ships it shortly after.  ``content/holidays.yaml``
fills years the installed package does not know yet.  A date in a year neither
knows falls back to "weekends are rest days" and is reported once, so nobody
mistakes a guess for the official calendar.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

import chinese_calendar

from ..model.holidays import HolidayYear


def _package_knows(year: int) -> bool:
    try:
        chinese_calendar.is_workday(dt.date(year, 6, 1))
    except NotImplementedError:
        return False
    return True


PACKAGE_YEARS = frozenset(y for y in range(2004, 2101) if _package_knows(y))


@dataclass
class WorkCalendar:
    """Answers "is this a working day?" for any date, and says when it had to guess."""

    years: dict[int, HolidayYear] = field(default_factory=dict)
    guessed_years: set[int] = field(default_factory=set)
    """Years asked about that neither the package nor holidays.yaml knows."""

    @classmethod
    def from_content(cls, years: Iterable[HolidayYear]) -> WorkCalendar:
        return cls(years={y.year: y for y in years})

    def __post_init__(self) -> None:
        self._holidays: dict[dt.date, str] = {}
        self._workdays: set[dt.date] = set()
        for year in self.years.values():
            for span in year.holidays:
                for day in span.days():
                    self._holidays[day] = span.name
            self._workdays.update(year.workdays)
        # deadlines walk day by day over thousands of cases, and the package validates
        # every date it is asked about: remember each answer, and each due date counted
        # (a city's cases start on a few hundred days, each deadline asked for several times)
        self._answers: dict[dt.date, bool] = {}
        self._counted: dict[tuple[dt.date, int, bool | None], dt.date] = {}

    def is_known(self, year: int) -> bool:
        return year in self.years or year in PACKAGE_YEARS

    def incomplete_years(self) -> list[int]:
        """Years from holidays.yaml whose 调休 arrangement was marked as not yet published."""
        return sorted(y.year for y in self.years.values() if not y.complete)

    def is_workday(self, day: dt.date) -> bool:
        answer = self._answers.get(day)
        if answer is None:
            answer = self._answers[day] = self._is_workday(day)
        return answer

    def _is_workday(self, day: dt.date) -> bool:
        if day.year in self.years:
            if day in self._workdays:
                return True
            if day in self._holidays:
                return False
            return day.weekday() < 5
        if day.year in PACKAGE_YEARS:
            return bool(chinese_calendar.is_workday(day))
        self.guessed_years.add(day.year)
        return day.weekday() < 5

    def holiday_name(self, day: dt.date) -> str | None:
        """The holiday's Chinese name if ``day`` is a statutory holiday or its 调休 rest day."""
        if day.year in self.years:
            return self._holidays.get(day)
        if day.year in PACKAGE_YEARS:
            on_holiday, holiday = chinese_calendar.get_holiday_detail(day)
            if on_holiday and holiday is not None:
                name: str = _HOLIDAY_NAMES.get(holiday, holiday)  # the package is untyped
                return name
        return None

    def is_adjusted_workday(self, day: dt.date) -> bool:
        """A weekend day on which people work (调休上班)."""
        return day.weekday() >= 5 and self.is_workday(day)

    def workdays_between(self, start: dt.date, end: dt.date) -> Iterator[dt.date]:
        """Working days from ``start`` to ``end`` inclusive."""
        day = start
        while day <= end:
            if self.is_workday(day):
                yield day
            day += dt.timedelta(days=1)

    def next_workday(self, day: dt.date) -> dt.date:
        """``day`` itself if it is a working day, else the first working day after it."""
        while not self.is_workday(day):
            day += dt.timedelta(days=1)
        return day

    def previous_workday(self, day: dt.date) -> dt.date:
        """``day`` itself if it is a working day, else the last working day before it."""
        while not self.is_workday(day):
            day -= dt.timedelta(days=1)
        return day

    def add_workdays(self, start: dt.date, count: int) -> dt.date:
        """The ``count``-th working day after ``start`` (the start day is not counted).

        Written out rather than using ``chinese_calendar.find_workday``, which first
        moves a non-working start day forward and so counts one day too many.
        """
        day = self._counted.get((start, count, None))
        if day is None:
            day = start
            remaining = count
            while remaining > 0:
                day += dt.timedelta(days=1)
                if self.is_workday(day):
                    remaining -= 1
            self._counted[(start, count, None)] = day
        return day

    def add_days(self, start: dt.date, count: int, *, roll_forward: bool = True) -> dt.date:
        """``count`` calendar days after ``start``; a last day that is not a working day
        moves to the next working day when ``roll_forward`` (Civil Code art. 203)."""
        end = self._counted.get((start, count, roll_forward))
        if end is None:
            end = start + dt.timedelta(days=count)
            end = self._counted[(start, count, roll_forward)] = self.next_workday(end) if roll_forward else end
        return end


_HOLIDAY_NAMES = {
    "New Year's Day": "元旦",
    "Spring Festival": "春节",
    "Tomb-sweeping Day": "清明节",
    "Labour Day": "劳动节",
    "Dragon Boat Festival": "端午节",
    "National Day": "国庆节",
    "Mid-autumn Festival": "中秋节",
    "Anti-Fascist 70th Day": "抗战胜利纪念日",
}
