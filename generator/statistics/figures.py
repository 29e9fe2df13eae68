"""Statistics computed from the case files: never typed by hand.

Every case is classified once (``facts.py``: handled, closed, on time, settled, evaluated, a
repeat …, as of the build day); every table on the page, in the open data and on the ledger's
summary sheet is a count over those facts (``counts.py``), so the three agree and each rate's
numerator is a subset of its denominator.

A period (``periods.py``) holds the cases *received* in it (登记日期); their progress is counted
as of the build day.  ``Statistics`` keeps the facts sorted by that date, so a period is a slice,
and computes each period's counts and each breakdown's table (``breakdowns.py``) once.
"""

from __future__ import annotations

import bisect
import datetime as dt
from collections.abc import Iterable, Sequence

from ..calendar.workdays import WorkCalendar
from ..model.cases import Case
from ..model.content import Content
from ..model.office import StatisticsSettings
from .breakdowns import Breakdown, Table
from .counts import Counts
from .facts import CaseFacts, case_facts
from .periods import Period


class Statistics:
    """The facts of every case, sorted by received date, so a period is a slice."""

    def __init__(self, facts: Sequence[CaseFacts], settings: StatisticsSettings) -> None:
        self.facts = list(facts)
        self.settings = settings
        self._days = [f.received for f in self.facts]
        self._counts: dict[Period, Counts] = {}
        self._tables: dict[tuple[Period, Breakdown], Table] = {}

    def cases_in(self, period: Period) -> list[CaseFacts]:
        low = bisect.bisect_left(self._days, period.start)
        high = bisect.bisect_right(self._days, period.end)
        return self.facts[low:high]

    def counts(self, period: Period) -> Counts:
        """The period's counts (computed once: a page, its neighbours' pages and the data share them)."""
        if period not in self._counts:
            total = Counts()
            for facts in self.cases_in(period):
                total.add(facts)
            self._counts[period] = total
        return self._counts[period]

    def table(self, period: Period, breakdown: Breakdown) -> Table:
        if (period, breakdown) not in self._tables:
            groups: dict[str, Counts] = {}
            for facts in self.cases_in(period):
                groups.setdefault(breakdown.key_of(facts), Counts()).add(facts)
            rows = sorted(groups.items(), key=lambda item: (-item[1].received, item[0]))
            self._tables[(period, breakdown)] = Table(breakdown, rows, self.counts(period))
        return self._tables[(period, breakdown)]

    @property
    def first(self) -> dt.date | None:
        return self._days[0] if self._days else None


def compute(cases: Iterable[Case], *, content: Content, calendar: WorkCalendar, today: dt.date,
            repeats: dict[str, str]) -> Statistics:
    return Statistics(case_facts(cases, content=content, calendar=calendar, today=today, repeats=repeats),
                      content.office.statistics)
