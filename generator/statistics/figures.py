"""Statistics computed from the case files: never typed by hand.

Definitions (also printed on the page, because published statistics often quietly
use another base):

- 受理率 = accepted ÷ received.
- 按期办结率 = cases whose handling deadline was met on time ÷ accepted cases whose
  handling deadline has been met or has passed (cases still within their time are
  not counted either way).
- 化解率 = closed cases the petitioner did not pursue further (no 复查 request and no
  later repeat petition on the same topic) ÷ closed cases.
- 满意率 = (满意 + 基本满意) ÷ evaluated cases; closed cases without an evaluation are
  counted separately as 未评价, and those closed more than ``EVALUATION_DAYS`` ago as
  超期未评 (the platform asks for an evaluation within that time).
- 重复信访占比 = repeat petitions ÷ received.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from decimal import ROUND_DOWN, ROUND_HALF_UP, Decimal

from ..calendar.deadlines import case_deadlines
from ..calendar.workdays import WorkCalendar
from ..casework.repeats import find_repeats
from ..model.cases import Case, Channel, Evaluation
from ..model.office import Office, Rounding

EVALUATION_DAYS = 30
"""Closed this long ago without an evaluation = 超期未评."""


@dataclass(frozen=True)
class Rate:
    numerator: int
    denominator: int
    label: str
    numerator_label: str
    denominator_label: str

    def text(self, rounding: Rounding, decimals: int) -> str:
        if self.denominator == 0:
            return "—"
        value = Decimal(self.numerator * 100) / Decimal(self.denominator)
        quantum = Decimal(1).scaleb(-decimals)
        mode = ROUND_HALF_UP if rounding is Rounding.ROUND else ROUND_DOWN
        return f"{value.quantize(quantum, rounding=mode)}%"


@dataclass
class Figures:
    """Counts for one group of cases (a month, a year, a topic, a unit)."""

    received: int = 0
    channels: Counter[Channel] = field(default_factory=Counter)
    accepted: int = 0
    rejected: int = 0
    closed: int = 0
    due: int = 0
    on_time: int = 0
    overdue: int = 0
    settled: int = 0
    evaluated: int = 0
    satisfied: int = 0
    unevaluated: int = 0
    late_unevaluated: int = 0
    repeats: int = 0

    def rates(self) -> dict[str, Rate]:
        return {
            "acceptance": Rate(self.accepted, self.received, "受理率", "受理", "收到"),
            "on_time": Rate(self.on_time, self.due, "按期办结率", "按期办结", "已到期或已办结的受理事项"),
            "settled": Rate(self.settled, self.closed, "化解率", "办结后未再复查、未重复信访", "办结"),
            "satisfaction": Rate(self.satisfied, self.evaluated, "满意率", "满意和基本满意", "已评价"),
            "repeat": Rate(self.repeats, self.received, "重复信访占比", "重复信访", "收到"),
        }


def _handling(case: Case, calendar: WorkCalendar, office: Office):  # type: ignore[no-untyped-def]
    keys = ("simple_answer",) if case.simple else ("handle",)
    return next((d for d in case_deadlines(case, calendar, office) if d.limit.key in keys), None)


def add_case(figures: Figures, case: Case, *, calendar: WorkCalendar, office: Office, today: dt.date,
             repeat: bool, pursued: bool) -> None:
    figures.received += 1
    figures.channels[case.channel] += 1
    figures.accepted += case.accepted is not None
    figures.rejected += case.rejected is not None
    figures.repeats += repeat
    deadline = _handling(case, calendar, office) if case.accepted else None
    if deadline is not None and (deadline.is_met or today > deadline.due):
        figures.due += 1
        if deadline.is_met and not deadline.met_late:
            figures.on_time += 1
        else:
            figures.overdue += 1
    if case.closed is not None:
        figures.closed += 1
        figures.settled += not pursued
        if case.evaluation is None:
            figures.unevaluated += 1
            figures.late_unevaluated += (today - case.closed).days > EVALUATION_DAYS
        else:
            figures.evaluated += 1
            figures.satisfied += case.evaluation in (Evaluation.SATISFIED, Evaluation.BASICALLY)


@dataclass
class Statistics:
    by_year: dict[int, Figures]
    by_month: dict[tuple[int, int], Figures]
    by_topic: dict[str, Figures]
    by_unit: dict[str, Figures]


def compute(cases: Iterable[Case], *, calendar: WorkCalendar, office: Office, today: dt.date,
            unit_of: Callable[[str], str] = lambda unit: unit) -> Statistics:
    """Group every case received on or before ``today``; ``unit_of`` maps a case's unit to
    the unit it is reported under (e.g. its county)."""
    cases = [c for c in cases if c.received <= today]
    repeats = find_repeats(cases)
    pursued_later = set(repeats.values())
    result = Statistics({}, {}, {}, {})
    for case in sorted(cases, key=lambda c: (c.received, c.id)):
        keys: list[tuple[dict, object]] = [  # type: ignore[type-arg]
            (result.by_year, case.received.year),
            (result.by_month, (case.received.year, case.received.month)),
            (result.by_topic, case.topic),
            (result.by_unit, unit_of(case.unit)),
        ]
        for table, key in keys:
            figures = table.setdefault(key, Figures())
            add_case(figures, case, calendar=calendar, office=office, today=today,
                     repeat=case.id in repeats, pursued=case.review is not None or case.id in pursued_later)
    return result
