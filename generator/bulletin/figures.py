"""What a 通报 says, as data: the period's figures against the previous period and the same
period last year, each unit's figures and rank, the overdue items by unit, the 积案 by batch
and 包案领导, and the leaders' receptions.

Nothing is counted here: every figure comes from ``statistics`` (the site's figures), the
``casework.backlog`` table (the ledger's) and ``statistics.receptions`` (the site's 领导接访),
so the 通报 can never disagree with the site or the ledger for the same period.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal

from ..calendar.deadlines import case_deadlines
from ..casework.backlog import BacklogTable, backlog_table, overdue_cases
from ..casework.ledger import days_late
from ..model.office import ReportSettings, StatisticsSettings
from ..prepared import Prepared
from ..statistics.breakdowns import Breakdown, group_name
from ..statistics.counts import Counts, Measure, Rate, measures
from ..statistics.facts import OnTime
from ..statistics.figures import Statistics, compute
from ..statistics.periods import Period
from ..statistics.receptions import ReceptionTable, reception_table

RANKED_MEASURES = ("acceptance", "on_time", "settled", "satisfaction")
"""The rates of the unit tables, in this order (the headline table has every rate)."""


@dataclass(frozen=True)
class UnitRow:
    rank: int
    name: str
    counts: Counts


@dataclass(frozen=True)
class OverdueItem:
    department: str
    case_id: str
    topic: str
    days_late: int
    open: bool
    """Still not handled on the day counted (超期未办结), or handled late (超期办结)."""


@dataclass
class Bulletin:
    period: Period
    as_of: dt.date
    scope: str
    """全市 / 全县 / 全区: how the 通报 names the office's whole area."""
    columns: list[tuple[str, Counts]]
    """本期, 上期 (unless it is the same period as last year's), 上年同期."""
    measures: list[Measure]
    counties: list[UnitRow]
    departments: list[UnitRow]
    rank_by: str
    overdue: list[OverdueItem]
    backlog: BacklogTable | None
    receptions: ReceptionTable | None
    settings: StatisticsSettings
    """How rates are rounded (the site's settings)."""

    def rate(self, rate: Rate, *, lines: bool = False) -> str:
        """``95.0%（19 / 20）``, as the site prints it; in a table cell the fraction on a line of
        its own under the rate, as on the site's tables."""
        return rate.text(self.settings) + ("\n" if lines else "") + rate.fraction()


def scope_word(prepared: Prepared) -> str:
    """全市 for a city's office, 全县 / 全区 / 全旗 for a county's, from the unit's own name."""
    unit = prepared.content.units.get(prepared.content.office.unit)
    last = unit.name[-1] if unit else "市"
    return "全" + (last if last in "市县区旗州盟" else "市")


RankKey = tuple[bool, Decimal | int, int, str]


def _rank_key(settings: ReportSettings, stats_measures: list[Measure],
              stats: Statistics) -> Callable[[tuple[str, Counts]], RankKey]:
    by_key = {m.key: m for m in stats_measures}

    def key(row: tuple[str, Counts]) -> RankKey:
        name, counts = row
        if settings.rank_by == "received":
            return (False, -counts.received, 0, name)
        value = by_key[settings.rank_by].rate(counts, stats.settings).value(stats.settings)
        # a unit with nothing to rate (denominator 0) is ranked after every unit that has
        return (value is None, -(value or 0), -counts.received, name)

    return key


def _ranked(prepared: Prepared, stats: Statistics, period: Period, breakdown: Breakdown,
            stats_measures: list[Measure]) -> list[UnitRow]:
    settings = prepared.content.office.report
    rows = [(group_name(prepared.content, breakdown, key), counts)
            for key, counts in stats.table(period, breakdown).rows]
    rows.sort(key=_rank_key(settings, stats_measures, stats))
    return [UnitRow(rank, name, counts) for rank, (name, counts) in enumerate(rows, start=1)]


def _overdue(prepared: Prepared, stats: Statistics, period: Period, today: dt.date) -> list[OverdueItem]:
    """The period's cases past the handling deadline (the site's 超期办结或超期未办结), by unit."""
    content = prepared.content
    items = []
    for facts in stats.cases_in(period):
        if facts.on_time is not OnTime.LATE:
            continue
        case = content.cases[facts.case_id]
        deadlines = case_deadlines(case, prepared.calendar, content.office)
        items.append(OverdueItem(
            department=case.handler.strip(), case_id=case.id,
            topic=content.topics[case.topic].name if case.topic in content.topics else case.topic,
            days_late=days_late(deadlines, today), open=not facts.closed))
    return sorted(items, key=lambda i: (i.department, i.case_id))


def bulletin(prepared: Prepared, period: Period, today: dt.date) -> Bulletin:
    content = prepared.content
    stats = compute(content.cases.values(), content=content, calendar=prepared.calendar, today=today,
                    repeats=prepared.repeats)
    stats_measures = measures(content.office.statistics)
    columns = [(f"本期（{period.label}）", stats.counts(period))]
    previous, last_year = period.previous(), period.last_year()
    if previous.key != last_year.key:
        columns.append((f"上期（{previous.label}）", stats.counts(previous)))
    columns.append((f"上年同期（{last_year.label}）", stats.counts(last_year)))
    as_of = min(period.end, today)
    has_backlog = any(c.backlog and c.backlog.listed <= as_of for c in content.cases.values())
    has_receptions = any(r.date <= period.end for r in prepared.receptions)
    return Bulletin(
        period=period, as_of=today, scope=scope_word(prepared), columns=columns, measures=stats_measures,
        counties=_ranked(prepared, stats, period, Breakdown.COUNTY, stats_measures),
        departments=_ranked(prepared, stats, period, Breakdown.DEPARTMENT, stats_measures),
        rank_by=content.office.report.rank_by,
        overdue=_overdue(prepared, stats, period, today),
        backlog=backlog_table(content, overdue_cases(prepared, today), as_of)
        if has_backlog else None,
        receptions=reception_table(prepared.receptions, period) if has_receptions else None,
        settings=content.office.statistics,
    )

