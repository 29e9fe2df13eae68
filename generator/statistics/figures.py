"""Statistics computed from the case files: never typed by hand.

Every case is classified once (``CaseFacts``: is it handled, closed, on time, settled,
evaluated, a repeat …, as of the build day); every table on the page, in the open data
and on the ledger's summary sheet is a count over those facts, so the three agree and
each rate's numerator is a subset of its denominator.

A period holds the cases *received* in it (登记日期); their progress is counted as of
the build day.  The definitions, with the office's own choices from ``office.yaml``
(``statistics:``), are in ``MEASURES`` and printed on the page and in the open data.
"""

from __future__ import annotations

import bisect
import datetime as dt
import unicodedata
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_DOWN, ROUND_HALF_UP, Decimal
from enum import StrEnum
from functools import cache

from ..calendar.deadlines import Deadline, Limit, case_deadlines
from ..calendar.workdays import WorkCalendar
from ..chinese import cn_date_range, cn_month
from ..model.cases import Case, Channel, Evaluation
from ..model.content import Content
from ..model.office import PeriodKind, Rounding, StatisticsSettings
from ..model.units import UnitLevel

QUARTERS = "一二三四"
CITY_LEVEL = "（市本级）"
COUNTY_LEVEL = "（区县本级）"


class OnTime(StrEnum):
    """The handling deadline as of the build day."""

    ON_TIME = "按期"
    LATE = "超期"
    NOT_DUE = "未到期"
    NONE = "—"
    """Not handled (rejected, or not yet decided)."""


@dataclass(frozen=True)
class CaseFacts:
    """One case as statistics see it; the ledger prints the same facts per row."""

    case_id: str
    received: dt.date
    channel: Channel
    topic: str
    county: str
    """The county (区县) id, or the city's id for city-level units."""
    township: str
    """The township id, or the county's/city's id when the case is filed above township level."""
    department: str
    """承办单位, white space normalised so '人社局 ' and '人社局' count together."""
    accepted: bool
    rejected: bool
    direct: bool
    """Closed without being accepted or rejected (直接答复)."""
    handled: bool
    """In the base of 办结率 etc.: accepted, plus direct answers if the office counts them."""
    closed: bool
    """Handled and closed (办结) by the build day."""
    on_time: OnTime
    settled: bool
    """Closed and not pursued: no 复查 request, no later repeat petition on the same topic."""
    evaluation: Evaluation | None
    """Only for closed cases."""
    late_unevaluated: bool
    repeat: bool


def department_name(text: str) -> str:
    """One spelling per department: NFKC (full-width letters, digits and spaces) and no white
    space at all, which in a Chinese name is always a typing slip ('测试市　人社局')."""
    return "".join(unicodedata.normalize("NFKC", text).split())


def _handling_deadline(case: Case, deadlines: list[Deadline]) -> Deadline | None:
    keys = (Limit.SIMPLE_ANSWER,) if case.simple else (Limit.HANDLE,)
    return next((d for d in deadlines if d.limit.key in keys), None)


def _on_time(case: Case, deadlines: list[Deadline], today: dt.date, direct: bool) -> OnTime:
    if direct:
        # answered directly: the time to decide on acceptance is the time it had
        accept = next((d for d in deadlines if d.limit.key is Limit.ACCEPT), None)
        if accept is None or case.closed is None:
            return OnTime.NONE
        return OnTime.ON_TIME if case.closed <= accept.due else OnTime.LATE
    deadline = _handling_deadline(case, deadlines) if case.accepted else None
    if deadline is None:
        return OnTime.NONE
    if deadline.is_met:
        return OnTime.LATE if deadline.met_late else OnTime.ON_TIME
    return OnTime.LATE if today > deadline.due else OnTime.NOT_DUE


def case_facts(cases: Iterable[Case], *, content: Content, calendar: WorkCalendar, today: dt.date,
               repeats: dict[str, str]) -> list[CaseFacts]:
    """Facts of every case received on or before ``today``, by received date then id.

    ``repeats`` (later case -> earlier case, casework.repeats over all cases) is read for
    these cases only: a case received after ``today`` pursues nothing yet."""
    settings = content.office.statistics
    cases = sorted((c for c in cases if c.received <= today), key=lambda c: (c.received, c.id))
    counted = {c.id for c in cases}
    repeats = {later: earlier for later, earlier in repeats.items() if later in counted}
    pursued_later = set(repeats.values())
    county_of, township_of = _unit_maps(content)
    result = []
    for case in cases:
        deadlines = case_deadlines(case, calendar, content.office)
        direct = case.accepted is None and case.rejected is None and case.closed is not None
        handled = case.accepted is not None or (direct and settings.direct_answers_as_handled)
        closed = handled and case.closed is not None
        evaluation = case.evaluation if closed else None
        result.append(CaseFacts(
            case_id=case.id, received=case.received, channel=case.channel, topic=case.topic,
            county=county_of(case.unit), township=township_of(case.unit),
            department=department_name(case.handler),
            accepted=case.accepted is not None, rejected=case.rejected is not None, direct=direct,
            handled=handled, closed=closed,
            on_time=_on_time(case, deadlines, today, direct) if handled else OnTime.NONE,
            # settled: the latest answer was not taken further
            settled=closed and case.latest().review is None and case.id not in pursued_later,
            evaluation=evaluation,
            late_unevaluated=closed and evaluation is None and case.closed is not None
            and (today - case.closed).days > settings.evaluation_days,
            repeat=case.id in repeats,
        ))
    return result


def _unit_maps(content: Content) -> tuple[Callable[[str], str], Callable[[str], str]]:
    @cache
    def county(unit_id: str) -> str:
        chain = content.unit_chain(unit_id)
        found = next((u for u in chain if u.level is UnitLevel.COUNTY), None)
        return (found or chain[-1]).id if chain else unit_id

    @cache
    def township(unit_id: str) -> str:
        chain = content.unit_chain(unit_id)
        found = next((u for u in chain if u.level is UnitLevel.TOWNSHIP), None)
        return found.id if found else county(unit_id)

    return county, township


# --- counts and rates ----------------------------------------------------------------

@dataclass
class Counts:
    """Counts over one set of cases (a period, or one row of a breakdown)."""

    received: int = 0
    channels: Counter[Channel] = field(default_factory=Counter)
    accepted: int = 0
    rejected: int = 0
    direct: int = 0
    handled: int = 0
    closed: int = 0
    due: int = 0
    on_time: int = 0
    late: int = 0
    settled: int = 0
    evaluated: int = 0
    satisfied: int = 0
    basically: int = 0
    unsatisfied: int = 0
    unevaluated: int = 0
    late_unevaluated: int = 0
    repeats: int = 0

    def add(self, facts: CaseFacts) -> None:
        self.received += 1
        self.channels[facts.channel] += 1
        self.accepted += facts.accepted
        self.rejected += facts.rejected
        self.direct += facts.direct
        self.handled += facts.handled
        self.closed += facts.closed
        self.due += facts.on_time in (OnTime.ON_TIME, OnTime.LATE)
        self.on_time += facts.on_time is OnTime.ON_TIME
        self.late += facts.on_time is OnTime.LATE
        self.settled += facts.settled
        if facts.closed:
            if facts.evaluation is None:
                self.unevaluated += 1
                self.late_unevaluated += facts.late_unevaluated
            else:
                self.evaluated += 1
                self.satisfied += facts.evaluation is Evaluation.SATISFIED
                self.basically += facts.evaluation is Evaluation.BASICALLY
                self.unsatisfied += facts.evaluation is Evaluation.UNSATISFIED
        self.repeats += facts.repeat

    def merge(self, other: Counts) -> None:
        """Add another set's counts (the page's 其余 row)."""
        for name, value in vars(other).items():
            if isinstance(value, Counter):
                self.channels.update(value)
            else:
                setattr(self, name, getattr(self, name) + value)


@dataclass(frozen=True)
class Rate:
    numerator: int
    denominator: int
    measure: str
    """The rate's key (a field of ``RateRules``): which rounding rule it is shown with."""

    def value(self, settings: StatisticsSettings) -> Decimal | None:
        """The percentage as the office publishes this measure (its own rule, else the office's)."""
        return self.rounded(*settings.rule(self.measure))

    def rounded(self, rounding: Rounding, decimals: int) -> Decimal | None:
        if self.denominator == 0:
            return None
        exact = Decimal(self.numerator * 100) / Decimal(self.denominator)
        mode = ROUND_HALF_UP if rounding is Rounding.ROUND else ROUND_DOWN
        return exact.quantize(Decimal(1).scaleb(-decimals), rounding=mode)

    def text(self, settings: StatisticsSettings) -> str:
        value = self.value(settings)
        return "—" if value is None else f"{value}%"

    def fraction(self) -> str:
        """The numerator and denominator as the page and the charts print them."""
        return f"（{self.numerator} / {self.denominator}）"


def rule_words(rounding: Rounding, decimals: int) -> str:
    """How a rule reads in the definitions: 保留 1 位小数，四舍五入."""
    return f"保留 {decimals} 位小数，" + ("四舍五入" if rounding is Rounding.ROUND else "截断（不进位）")


@dataclass(frozen=True)
class Measure:
    """A published rate: what it counts over what, in words for the page and the data."""

    key: str
    label: str
    numerator: str
    denominator: str
    count: Callable[[Counts, StatisticsSettings], tuple[int, int]]
    """(numerator, denominator) over one set of cases."""
    note: str = ""

    def rate(self, counts: Counts, settings: StatisticsSettings) -> Rate:
        return Rate(*self.count(counts, settings), self.key)


def _satisfied(c: Counts, s: StatisticsSettings) -> int:
    return c.satisfied + (c.basically if s.satisfied_includes_basic else 0)


def _handled_words(s: StatisticsSettings) -> str:
    return "受理的事项和直接答复的事项" if s.direct_answers_as_handled else "受理的事项（不含直接答复）"


def measures(settings: StatisticsSettings) -> list[Measure]:
    """The rates of one set of cases, with the office's choices written into the words."""
    handled = _handled_words(settings)
    return [
        Measure("acceptance", "受理率", "受理", "收到", lambda c, s: (c.accepted, c.received)),
        Measure("closing", "办结率", "其中已办结", handled, lambda c, s: (c.closed, c.handled)),
        Measure("on_time", "按期办结率", "在期限内办结", f"{handled}中期限已到或已办结的",
                lambda c, s: (c.on_time, c.due), "尚在期限内、未办结的事项两边都不计。"),
        Measure("settled", "化解率", "办结后未申请复查、未重复信访", "办结",
                lambda c, s: (c.settled, c.closed)),
        Measure("participation", "参评率", "已评价", "办结",
                lambda c, s: (c.evaluated, c.closed),
                f"办结超过 {settings.evaluation_days} 天仍未评价的单列为“超期未评”。"),
        Measure("satisfaction", "满意率", "满意和基本满意" if settings.satisfied_includes_basic else "满意",
                "已评价", lambda c, s: (_satisfied(c, s), c.evaluated)),
        Measure("dissatisfaction", "不满意率", "不满意", "已评价",
                lambda c, s: (c.unsatisfied, c.evaluated)),
        Measure("repeat", "重复信访率", "重复信访（同一人就同一类问题再次信访）", "收到",
                lambda c, s: (c.repeats, c.received)),
    ]


def _channel_count(channel: Channel) -> Callable[[Counts], int]:
    return lambda c: c.channels[channel]


COUNTS: list[tuple[str, str, Callable[[Counts], int]]] = [
    ("received", "收到", lambda c: c.received),
    *((f"channel_{ch.value}", f"其中{ch.label}", _channel_count(ch)) for ch in Channel),
    ("accepted", "受理", lambda c: c.accepted),
    ("rejected", "不予受理", lambda c: c.rejected),
    ("direct", "直接答复", lambda c: c.direct),
    ("closed", "办结", lambda c: c.closed),
    ("late", "超期办结或超期未办结", lambda c: c.late),
    ("unevaluated", "办结未评价", lambda c: c.unevaluated),
    ("late_unevaluated", "其中超期未评", lambda c: c.late_unevaluated),
    ("repeats", "重复信访", lambda c: c.repeats),
]
"""The counts of the headline table and the open data, in this order."""


SHARE = Measure("share", "占比", "本类收到", "本期收到总数", lambda c, s: (c.received, c.received))
"""A breakdown row's part of the period's total; its denominator is the period, not the row."""


def share(part: int, whole: int) -> Rate:
    """A row's 占比 (rounded as the office rounds shares)."""
    return Rate(part, whole, SHARE.key)


# --- periods -------------------------------------------------------------------------

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


# --- the statistics of a set of cases -----------------------------------------------

class Breakdown(StrEnum):
    COUNTY = "counties"
    TOWNSHIP = "townships"
    DEPARTMENT = "departments"
    TOPIC = "topics"

    @property
    def label(self) -> str:
        return {"counties": "按区县", "townships": "按乡镇街道", "departments": "按承办单位",
                "topics": "按问题类别"}[self.value]

    @property
    def column(self) -> str:
        return {"counties": "区县", "townships": "乡镇街道", "departments": "承办单位",
                "topics": "问题类别"}[self.value]

    def key_of(self, facts: CaseFacts) -> str:
        return str(getattr(facts, _FACT_OF[self.value]))


_FACT_OF = {"counties": "county", "townships": "township", "departments": "department", "topics": "topic"}


@dataclass
class Table:
    """A breakdown: one row per group, largest first, and the total of the same cases."""

    breakdown: Breakdown
    rows: list[tuple[str, Counts]]
    total: Counts


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


def group_name(content: Content, breakdown: Breakdown, key: str) -> str:
    """The name a breakdown row is published under: a topic's or unit's name, a unit above
    the breakdown's level marked 市本级 / 区县本级."""
    if breakdown is Breakdown.TOPIC:
        return content.topics[key].name if key in content.topics else key
    unit = content.units.get(key)
    if breakdown is Breakdown.DEPARTMENT or unit is None:
        return key
    if unit.level is UnitLevel.CITY:
        return unit.name + CITY_LEVEL
    if breakdown is Breakdown.TOWNSHIP and unit.level is UnitLevel.COUNTY:
        return unit.name + COUNTY_LEVEL
    return unit.name


def compute(cases: Iterable[Case], *, content: Content, calendar: WorkCalendar, today: dt.date,
            repeats: dict[str, str]) -> Statistics:
    return Statistics(case_facts(cases, content=content, calendar=calendar, today=today, repeats=repeats),
                      content.office.statistics)
