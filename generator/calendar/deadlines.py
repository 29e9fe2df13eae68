"""The procedure's time limits and each case's computed deadlines.

One table of limits serves the letters, ``xinfang deadlines`` and the site's
process page, so what the office publishes and what it enforces cannot drift.
Limits the regulation states in 日 count calendar days with the last day rolled
forward over holidays (Civil Code art. 203); limits in 工作日 count working days.
The start day is never counted (Civil Code art. 201).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import StrEnum
from functools import cache

from ..model.cases import Case
from ..model.office import Office
from .regulations import REGIMES, Provision, Regime, regime_on
from .workdays import WorkCalendar


class Unit(StrEnum):
    DAYS = "日"
    WORKING_DAYS = "个工作日"


class Limit(StrEnum):
    """The procedure's time limits by name (the letters' templates use the values)."""

    ACCEPT = "accept"
    OBJECTION = "objection"
    SIGN = "sign"
    SIMPLE_ANSWER = "simple_answer"
    HANDLE = "handle"
    REVIEW_REQUEST = "review_request"
    REVIEW_ANSWER = "review_answer"
    RECHECK_REQUEST = "recheck_request"
    RECHECK_ANSWER = "recheck_answer"


@dataclass(frozen=True, kw_only=True)
class TimeLimit:
    key: Limit
    step: str
    """Which step of the procedure, as the process page names it."""
    count: int
    unit: Unit
    start: str
    """From when, in the regulation's words."""
    duty: str
    provision: Provision | None
    """What it cites in the regulation (None: a local rule)."""
    regime: Regime
    office_duty: bool = True
    """False for windows nobody is late for when they pass: the petitioner's (复查、复核
    申请) and the office's own option to object to a transferred matter."""

    @property
    def short_duty(self) -> str:
        """The duty without its qualifying clause (延长…): what a deadline line or a 督办函 states."""
        return self.duty.split("；")[0]

    @property
    def basis(self) -> str:
        """The regulation and article (regulations.py), or the local rule."""
        return self.regime.cite(self.provision) if self.provision else "本地简易办理规定"

    @property
    def text(self) -> str:
        return f"{self.start}{self.count}{self.unit.value}内{self.duty}"


def time_limits(office: Office, regime: Regime) -> dict[Limit, TimeLimit]:
    """The limits in force for ``office`` under ``regime``, in procedure order."""
    local = office.time_limits
    return _limits(local.simple_sign_working_days, local.simple_answer_working_days, regime)


@cache
def _by_regime(sign_days: int, answer_days: int) -> dict[str, dict[Limit, TimeLimit]]:
    """Every regime's limits for an office's local counts, by regime key: made once, not for
    each case's deadlines (a tenth of ``check``, a twentieth of a letter, whose office is a
    copy dated by its history when it has one).  Read only."""
    return {regime.key: _limits(sign_days, answer_days, regime) for regime in REGIMES}


def _limits(sign_days: int, answer_days: int, regime: Regime) -> dict[Limit, TimeLimit]:
    limits = [
        TimeLimit(key=Limit.ACCEPT, step="受理", count=15, unit=Unit.DAYS, start="自收到信访事项之日起",
                  duty="书面告知是否受理（接收情况及处理途径和程序）",
                  regime=regime, provision=Provision.ACCEPT),
        TimeLimit(key=Limit.OBJECTION, step="受理", count=5, unit=Unit.WORKING_DAYS,
                  start="自收到转送、交办事项之日起", duty="对不属于本单位职权的事项提出异议",
                  regime=regime, provision=Provision.OBJECTION, office_duty=False),
        TimeLimit(key=Limit.SIGN, step="受理", count=sign_days,
                  unit=Unit.WORKING_DAYS, start="简易程序：自收到之日起", duty="签收",
                  regime=regime, provision=None),
        TimeLimit(key=Limit.SIMPLE_ANSWER, step="办理", count=answer_days,
                  unit=Unit.WORKING_DAYS, start="简易程序：自受理之日起", duty="答复信访人",
                  regime=regime, provision=None),
        TimeLimit(key=Limit.HANDLE, step="办理", count=60, unit=Unit.DAYS, start="自受理之日起",
                  duty="办结并出具信访处理意见书；情况复杂的经批准可延长，延长不超过30日",
                  regime=regime, provision=Provision.HANDLE),
        TimeLimit(key=Limit.REVIEW_REQUEST, step="复查", count=30, unit=Unit.DAYS,
                  start="信访人自收到处理意见书之日起", duty="可向上一级机关请求复查",
                  regime=regime, provision=Provision.REVIEW, office_duty=False),
        TimeLimit(key=Limit.REVIEW_ANSWER, step="复查", count=30, unit=Unit.DAYS,
                  start="复查机关自收到复查请求之日起", duty="提出复查意见并书面答复",
                  regime=regime, provision=Provision.REVIEW),
        TimeLimit(key=Limit.RECHECK_REQUEST, step="复核", count=30, unit=Unit.DAYS,
                  start="信访人自收到复查意见书之日起", duty="可向复查机关的上一级请求复核",
                  regime=regime, provision=Provision.RECHECK, office_duty=False),
        TimeLimit(key=Limit.RECHECK_ANSWER, step="复核", count=30, unit=Unit.DAYS,
                  start="复核机关自收到复核请求之日起", duty="提出复核意见（听证时间不计入）",
                  regime=regime, provision=Provision.RECHECK),
    ]
    return {limit.key: limit for limit in limits if limit.provision is None or regime.has(limit.provision)}


@dataclass(frozen=True, kw_only=True)
class Deadline:
    limit: TimeLimit
    started: dt.date
    due: dt.date
    met_on: dt.date | None
    extra_days: int = 0
    """Extension or hearing days added to the limit."""

    @property
    def is_met(self) -> bool:
        return self.met_on is not None

    @property
    def met_late(self) -> bool:
        return self.met_on is not None and self.met_on > self.due

    def is_overdue(self, today: dt.date) -> bool:
        """The office is late; a window (``office_duty`` false) just closes."""
        return self.limit.office_duty and self.met_on is None and today > self.due


def due_date(limit: TimeLimit, start: dt.date, calendar: WorkCalendar, office: Office, extra: int = 0) -> dt.date:
    """The last day of ``limit`` counted from ``start``: the one owner of every due date
    (letters, ``deadlines``, the ledger and the process page's examples)."""
    if limit.unit is Unit.WORKING_DAYS:
        return calendar.add_workdays(start, limit.count + extra)
    return calendar.add_days(start, limit.count + extra, roll_forward=office.time_limits.roll_forward_holidays)


def case_deadlines(case: Case, calendar: WorkCalendar, office: Office, *,
                   as_of: dt.date | None = None) -> list[Deadline]:
    """Every deadline that applies to ``case`` so far, in procedure order.

    With ``as_of``, the deadlines as they stood on that day: what happened later (an
    extension approved afterwards, a later reply or request) is not yet known.  A letter
    states its deadlines as of its own date."""
    # a case answered again runs on from its latest answer (the earlier rounds are history)
    case = case.latest()
    # each step under the regulation in force on the day it started
    regimes = _by_regime(office.time_limits.simple_sign_working_days, office.time_limits.simple_answer_working_days)
    result: list[Deadline] = []

    def known(day: dt.date | None) -> dt.date | None:
        return day if day is not None and (as_of is None or day <= as_of) else None

    def add(key: Limit, start: dt.date | None, met: dt.date | None, extra: int = 0) -> None:
        start = known(start)
        limit = regimes[regime_on(start).key].get(key) if start is not None else None
        if start is not None and limit is not None:
            result.append(Deadline(limit=limit, started=start, met_on=known(met), extra_days=extra,
                                   due=due_date(limit, start, calendar, office, extra)))

    decided = known(case.accepted) or known(case.rejected)
    add(Limit.ACCEPT, case.received, decided)
    if case.transferred_from:
        add(Limit.OBJECTION, case.received, case.objected)
    if case.simple:
        add(Limit.SIGN, case.received, case.signed)
        add(Limit.SIMPLE_ANSWER, case.accepted, case.replied)
    elif known(case.ordered_again):  # answered again: the limit runs from the order to do so
        add(Limit.HANDLE, case.ordered_again, case.replied)
    elif known(case.accepted):
        extension = case.extension if case.extension and known(case.extension.approved) else None
        add(Limit.HANDLE, case.accepted, case.replied, extension.days if extension else 0)
    if known(case.reply_delivered):
        add(Limit.REVIEW_REQUEST, case.reply_delivered, case.review.requested if case.review else None)
    if case.review and known(case.review.requested):
        add(Limit.REVIEW_ANSWER, case.review.requested, case.review.decided, case.review.hearing_days)
        if known(case.review.delivered):
            add(Limit.RECHECK_REQUEST, case.review.delivered,
                case.recheck.requested if case.recheck else None)
    if case.recheck and known(case.recheck.requested):
        add(Limit.RECHECK_ANSWER, case.recheck.requested, case.recheck.decided, case.recheck.hearing_days)
    return result


def next_due(deadlines: list[Deadline]) -> Deadline | None:
    """The earliest unmet deadline that the office (not the petitioner) must meet."""
    open_ = [d for d in deadlines if d.limit.office_duty and not d.is_met]
    return min(open_, key=lambda d: d.due, default=None)
