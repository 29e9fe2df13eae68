"""The record of receptions held (领导接访记录): after a session the clerk notes how many
people and matters were received and how many were settled on the spot, or that it did not
take place and why.  Offices report these as 批次 and 人次 by level (主要领导, 县级, 乡镇).

A record names the session it records by the id the schedule gives it (rule id + date, or a
dated session's id); a dated session may also carry its record inline (``held:``).  Records
hold counts only: no petitioner's name or matter enters them.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from ..errors import Problem
from ..model.content import Content, Source
from ..model.files import RecordKind
from ..model.schedule import Held
from ..model.units import UnitLevel
from .sessions import ScheduledSession, SessionStatus

PRINCIPAL_ROLE_WORDS = ("主要负责同志", "主要领导", "主要负责人")
"""A role-only session received by the principal leader, in the words notices use."""

SHOWN_MISSING = 5
"""How many sessions without a record the warning names (the rest are counted)."""


@dataclass(frozen=True, kw_only=True)
class Reception:
    """One session that has a record: who received, at which level, and what happened."""

    session: str
    """The session's id as the schedule gives it (rule id + date, or the dated session's id)."""
    date: dt.date
    unit: str
    level: UnitLevel
    """The level of the unit that held the session."""
    leaders: tuple[str, ...]
    role: str | None
    principal: bool
    """Received by a 主要负责同志 (a leader marked ``principal``, or a role that says so)."""
    held: Held
    source: Source


def _groups(sessions: list[ScheduledSession]) -> dict[str, ScheduledSession]:
    """One session per published id (the first slot of a session with several)."""
    groups: dict[str, ScheduledSession] = {}
    for session in sessions:
        groups.setdefault(session.group, session)
    return groups


def _principal(content: Content, session: ScheduledSession) -> bool:
    if any(content.leaders[i].principal for i in session.leaders if i in content.leaders):
        return True
    return bool(session.role) and any(word in (session.role or "") for word in PRINCIPAL_ROLE_WORDS)


def collect_receptions(content: Content, sessions: list[ScheduledSession]) -> tuple[list[Reception], list[Problem]]:
    """Every record matched to its session, by date; problems for a record of a session that
    does not exist, a session recorded twice, and a session held that had been cancelled."""
    groups = _groups(sessions)
    slot_group = {s.id: s.group for s in sessions}
    found: dict[str, Reception] = {}
    problems: list[Problem] = []

    def add(key: str, held: Held, source: Source) -> None:
        group = key if key in groups else slot_group.get(key)
        if group is None:
            problems.append(Problem(source.path, source.line, (
                f"接访记录指向的接访“{key}”不存在；接访 id 为“规则 id-日期”（如 city-wed-20261202）"
                "或单次安排的 id，请核对")))
            return
        if group in found:
            first = found[group].source
            problems.append(Problem(source.path, source.line, (
                f"接访“{group}”的记录与 {first.path}:{first.line} 重复；一次接访只登记一次")))
            return
        session = groups[group]
        if held.held and session.status in (SessionStatus.CANCELLED, SessionStatus.SUSPENDED):
            problems.append(Problem(source.path, source.line, (
                f"接访“{group}”在安排中标为“{session.status.label}”，记录却写着举行了；"
                "请核对：确实没有举行就写 held: false 和原因")))
            return
        unit = content.units.get(session.unit)
        found[group] = Reception(
            session=group, date=session.date, unit=session.unit,
            level=unit.level if unit else UnitLevel.CITY, leaders=session.leaders, role=session.role,
            principal=_principal(content, session), held=held, source=source)

    for schedule in content.schedules.values():
        for dated in schedule.sessions:
            if dated.held is not None:
                add(dated.id, dated.held, content.source(RecordKind.SESSION, dated.id))
        for record in schedule.records:
            add(record.session, record, content.source(RecordKind.RECORD, record.session))
    return sorted(found.values(), key=lambda r: (r.date, r.session)), problems


def reception_warnings(receptions: list[Reception], sessions: list[ScheduledSession], today: dt.date) -> list[str]:
    """Once the office has started recording (its first record), every later session that has
    passed and was not cancelled should have a record; and no record may be of a future day."""
    warnings = [
        f"{r.source.path}:{r.source.line}: 接访“{r.session}”在 {r.date} 举行，晚于今天（{today}），"
        "还不能登记接访记录；请核对接访 id 的日期"
        for r in receptions if r.date > today
    ]
    if not receptions:
        return warnings
    since = receptions[0].date
    recorded = {r.session for r in receptions}
    missing = [s for s in _groups(sessions).values()
               if since <= s.date < today and s.group not in recorded
               and s.status not in (SessionStatus.CANCELLED, SessionStatus.SUSPENDED)]
    if missing:
        shown = "、".join(s.group for s in missing[:SHOWN_MISSING]) + ("等" if len(missing) > SHOWN_MISSING else "")
        warnings.append(
            f"自 {since} 开始登记接访记录以来，有 {len(missing)} 次已过的接访还没有记录（{shown}）；"
            "请在接访安排文件的 records: 下补记接待人次和件数，没有举行的写 held: false 和原因")
    return warnings
