"""Each case as statistics see it, classified once as of the build day (``CaseFacts``: is it
handled, closed, on time, settled, evaluated, a repeat …, and where and by whom it is counted).
Every count, on the page, in the open data and on the ledger, is a count over these facts."""

from __future__ import annotations

import datetime as dt
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from enum import StrEnum
from functools import cache

from ..calendar.deadlines import Deadline, Limit, case_deadlines
from ..calendar.workdays import WorkCalendar
from ..model.cases import Case, Channel, Evaluation
from ..model.content import Content
from ..model.units import UnitLevel


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
