"""领导包案 and 积案化解: which leader answers for a case until it is resolved, which cases are
on the board (挂牌) as 积案, and how far each batch and each 包案领导 has got (销号, 化解率).

The counts here are the ones the 通报, the ledger's 积案化解台账 sheet and ``xinfang
deadlines --backlog`` print; the ledger recomputes them as COUNTIFS over its case sheet.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from ..calendar.deadlines import case_deadlines
from ..errors import Problem
from ..model.cases import Case
from ..model.content import Content, Source
from ..model.files import RecordKind
from ..prepared import Prepared


def backlog_problems(content: Content) -> list[Problem]:
    """What ``check`` refuses about 包案 and 积案: an unknown leader or level, a lead who was not
    in office when the case was put on the board, a 销号 before its 挂牌, a closed case without
    the resolution that justifies striking it off."""
    levels = {level.id for level in content.office.supervision.levels}
    problems: list[Problem] = []
    for case in content.cases.values():
        source = content.source(RecordKind.CASE, case.id)

        def problem(message: str, source: Source = source, case_id: str = case.id) -> None:
            problems.append(Problem(source.path, source.line, f"案件“{case_id}”{message}"))

        if case.level is not None and case.level not in levels:
            known = "、".join(sorted(levels)) or "（office.yaml 的 supervision.levels 还没有定义等级）"
            problem(f"的督查等级 level: {case.level} 没有定义；可用的等级：{known}")
        if case.lead is not None:
            leader = content.leaders.get(case.lead)
            if leader is None:
                problem(f"的包案领导 lead: {case.lead} 不在 leaders.yaml 里；请写领导的 id")
            else:
                listed = case.backlog.listed if case.backlog else case.received
                if not leader.serves_on(listed):
                    when = "挂牌" if case.backlog else "登记"
                    problem(f"的包案领导 {leader.name}（{case.lead}）在{when}日 {listed} 不在任"
                            f"（任职 {leader.term_from or '……'} 至 {leader.term_until or '今'}）；请改为在任的领导")
        backlog = case.backlog
        if backlog is None:
            continue
        if backlog.assigned is not None and backlog.listed < backlog.assigned:
            problem(f"的积案挂牌日期 {backlog.listed} 早于交办日期 {backlog.assigned}；请核对")
        if backlog.closed is not None:
            if backlog.closed < backlog.listed:
                problem(f"的积案销号日期 {backlog.closed} 早于挂牌日期 {backlog.listed}；请核对")
            if not (backlog.resolution or "").strip():
                problem("的积案已销号（backlog.closed），但没有写化解情况；请在 backlog.resolution 写明怎样化解的")
    return problems


@dataclass
class BacklogCounts:
    """One row of the 积案化解 table: a batch, a 包案领导, or the total."""

    name: str
    listed: int = 0
    """挂牌 by the day counted."""
    closed: int = 0
    """销号 by the day counted."""
    overdue: int = 0
    """On the board and past the handling deadline (open)."""

    @property
    def open(self) -> int:
        return self.listed - self.closed


def on_board(case: Case, day: dt.date) -> bool:
    return case.backlog is not None and case.backlog.listed <= day


def struck_off(case: Case, day: dt.date) -> bool:
    return case.backlog is not None and case.backlog.closed is not None and case.backlog.closed <= day


@dataclass
class BacklogTable:
    batches: list[BacklogCounts]
    leads: list[BacklogCounts]
    total: BacklogCounts


def backlog_table(content: Content, overdue: set[str], day: dt.date) -> BacklogTable:
    """积案 counted as of ``day``: per batch (in the order first listed), per 包案领导 (by name),
    and in total.  ``overdue``: ids of the cases past a handling deadline on ``day``."""
    batches: dict[str, BacklogCounts] = {}
    leads: dict[str, BacklogCounts] = {}
    total = BacklogCounts("合计")
    cases = sorted((c for c in content.cases.values() if on_board(c, day)),
                   key=lambda c: (c.backlog.listed if c.backlog else day, c.id))
    for case in cases:
        assert case.backlog is not None
        lead = lead_name(content, case)
        rows = [batches.setdefault(case.backlog.batch, BacklogCounts(case.backlog.batch)),
                leads.setdefault(lead, BacklogCounts(lead)), total]
        for row in rows:
            row.listed += 1
            row.closed += struck_off(case, day)
            row.overdue += not struck_off(case, day) and case.id in overdue
    return BacklogTable(list(batches.values()), sorted(leads.values(), key=lambda r: r.name), total)


NO_LEAD = "（未明确包案领导）"


def lead_name(content: Content, case: Case) -> str:
    """The 包案领导 as the 通报 and the ledger name him or her: name and title."""
    if case.lead is None or case.lead not in content.leaders:
        return NO_LEAD
    leader = content.leaders[case.lead]
    return f"{leader.name}（{leader.title}）"


def level_label(content: Content, case: Case) -> str:
    """The case's supervision level as the office names it ('' when none)."""
    for level in content.office.supervision.levels:
        if level.id == case.level:
            return level.label
    return ""


def level_rank(content: Content, case: Case) -> int:
    """Most urgent first: the order the office lists its levels in; no level last."""
    for index, level in enumerate(content.office.supervision.levels):
        if level.id == case.level:
            return index
    return len(content.office.supervision.levels)


def overdue_cases(prepared: Prepared, today: dt.date) -> set[str]:
    """Cases still past one of the office's own time limits on ``today`` (the ledger's 超期未办结):
    a 积案 on the board is overdue whatever period it was received in."""
    content = prepared.content
    late = set()
    for case in content.cases.values():
        if case.closed is not None or case.rejected is not None:
            continue
        deadlines = case_deadlines(case, prepared.calendar, content.office)
        if any(d.limit.office_duty and d.is_overdue(today) for d in deadlines):
            late.add(case.id)
    return late
