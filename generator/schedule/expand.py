"""Expand recurring reception rules into dated sessions, apply changes and
suspensions, and find conflicts.

Rules skip non-working days (holidays and weekends) and count 调休 working days
as working days, from the same calendar the deadlines use.  A roster's turn is
consumed only by an occurrence that is held, so its order carries over holidays.
"""

from __future__ import annotations

import calendar as monthcal
import datetime as dt
from collections import defaultdict
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, replace
from typing import Any, NamedTuple

from ..calendar.workdays import WorkCalendar
from ..chinese import cn_month_day
from ..errors import Problem
from ..model.content import Content, Source
from ..model.files import RecordKind
from ..model.schedule import (
    LAST_DAY,
    Change,
    ChangeAction,
    Mode,
    OnHoliday,
    ParityModes,
    Rule,
    RuleKind,
    ScheduleFile,
    Session,
    SessionFields,
    Suspension,
    TimeSlot,
)
from .sessions import ChangeNote, ScheduledSession, SessionStatus
from .wording import slot_text, time_text


@dataclass
class Expansion:
    sessions: list[ScheduledSession]
    problems: list[Problem] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    """Dates rules moved or left out, and why: said by ``check``, never a failure."""


@dataclass
class _RuleSessions:
    """What expanding one rule added: its sessions (in order), warnings and notes."""

    rule: Rule
    notice: bool | str
    source: Source
    sessions: list[tuple[str, ScheduledSession]]
    warnings: list[str]
    notes: list[str]


class RuleExpansions:
    """Each rule's sessions as an earlier expansion made them (``xinfang serve`` expands the
    schedule again on every save: a city's 169 rules make 41,714 sessions, and a save changes
    one or two).  A rule expands the same while it, its place in its file, its file's
    ``date_uncertain``, the leaders, the units and the holidays stay as they were; the
    sessions are frozen, so the same objects serve again.  A rule that had a problem is not
    kept (the content is then refused anyway)."""

    def __init__(self) -> None:
        self._context: tuple[object, ...] | None = None
        self.rules: dict[str, _RuleSessions] = {}

    def start(self, content: Content) -> None:
        """Forget every rule when what all of them read changed (the calendar is made from the
        holidays alone)."""
        context = (content.leaders, content.units, content.holiday_years)
        if self._context != context:
            self.rules.clear()
        self._context = context


def _nth_weekday(year: int, month: int, weekday: int, nth: int) -> dt.date | None:
    """The nth (1-5, or -1 = last) ISO weekday of a month, or None if it does not exist."""
    days = [
        dt.date(year, month, d)
        for d in range(1, monthcal.monthrange(year, month)[1] + 1)
        if dt.date(year, month, d).isoweekday() == weekday
    ]
    if nth == -1:
        return days[-1]
    return days[nth - 1] if nth <= len(days) else None


MAX_RULE_YEARS = 3
"""How far a rule may run: holidays are announced a year at a time, so a longer rule
publishes dates that are surely wrong."""


def _years_after(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February, or past year 9999
        return dt.date.max if day.year + years > dt.MAXYEAR else day.replace(year=day.year + years, day=28)


def _months(start: dt.date, end: dt.date) -> Iterator[tuple[int, int]]:
    year, month = start.year, start.month
    while (year, month) <= (end.year, end.month):
        yield year, month
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)


class Occurrence(NamedTuple):
    """One date a rule names, and the date it is held on (None: not held). A tuple: a city's
    rules name tens of thousands of dates, and a frozen dataclass costs twice as much to make."""

    nominal: dt.date
    held: dt.date | None
    why: str | None = None
    """Why the nominal day is not a working day: a holiday's name (中秋节) or 周末."""


def _nominal_dates(rule: Rule) -> Iterator[dt.date]:
    if rule.day:
        for year, month in _months(rule.start, rule.end):
            length = monthcal.monthrange(year, month)[1]
            days = sorted({length if d == LAST_DAY else d for d in rule.day if d == LAST_DAY or d <= length})
            yield from (d for d in (dt.date(year, month, n) for n in days) if rule.start <= d <= rule.end)
        return
    assert rule.weekday is not None
    if rule.kind is RuleKind.WEEKLY:
        first = rule.start + dt.timedelta(days=(rule.weekday - rule.start.isoweekday()) % 7)
        yield from (first + dt.timedelta(weeks=n) for n in range((rule.end - first).days // 7 + 1))
        return
    assert rule.nth is not None
    found = (_nth_weekday(y, m, rule.weekday, rule.nth) for y, m in _months(rule.start, rule.end))
    yield from (d for d in found if d is not None and rule.start <= d <= rule.end)


def rule_occurrences(rule: Rule, calendar: WorkCalendar) -> Iterator[Occurrence]:
    """Every date a rule names, with where ``on_holiday`` puts it when it is not a working day."""
    if rule.kind is RuleKind.WORKDAYS:
        yield from (Occurrence(d, d) for d in calendar.workdays_between(rule.start, rule.end))
        return
    for day in _nominal_dates(rule):
        if calendar.is_workday(day):
            yield Occurrence(day, day)
            continue
        why = calendar.holiday_name(day) or ("周末" if day.weekday() >= 5 else "非工作日")
        if rule.on_holiday is OnHoliday.KEEP:
            yield Occurrence(day, day, why)
        elif rule.on_holiday is OnHoliday.NEXT_WORKDAY:
            moved = calendar.next_workday(day)
            yield Occurrence(day, moved if moved <= rule.end else None, why)
        elif rule.on_holiday is OnHoliday.PREVIOUS_WORKDAY:
            moved = calendar.previous_workday(day)
            yield Occurrence(day, moved if moved >= rule.start else None, why)
        else:
            yield Occurrence(day, None, why)


def moved_text(occurrence: Occurrence) -> str:
    """What a session's page says beside a date the holiday moved: ``原定9月15日，遇中秋节顺延``."""
    assert occurrence.held is not None and occurrence.why is not None
    how = "顺延" if occurrence.held > occurrence.nominal else "提前"
    return f"原定{cn_month_day(occurrence.nominal)}，遇{occurrence.why}{how}"


def _dated(day: dt.date) -> str:
    return f"{day.isoformat()}（周{'一二三四五六日'[day.weekday()]}）"


def occurrence_note(rule_id: str, occurrence: Occurrence) -> str | None:
    """The line ``check`` prints for a date a rule does not hold as named, or None."""
    if occurrence.why is None:
        return None
    what = "周末" if occurrence.why in ("周末", "非工作日") else f"{occurrence.why}假期"
    head = f"规则“{rule_id}”：{_dated(occurrence.nominal)}是{what}，"
    if occurrence.held is None:
        return head + "当次不安排"
    if occurrence.held == occurrence.nominal:
        return head + "照常接访（on_holiday: keep）"
    how = "顺延到" if occurrence.held > occurrence.nominal else "提前到"
    return head + f"{how} {_dated(occurrence.held)}"


class _Expander:
    def __init__(self, content: Content, calendar: WorkCalendar) -> None:
        self.content = content
        self.calendar = calendar
        self.problems: list[Problem] = []
        self.warnings: list[str] = []
        self.notes: list[str] = []
        """What check reports without it being wrong: each date a rule moved or left out, and why."""
        self.out_of_term: set[tuple[Source, str]] = set()
        self.sessions: dict[str, ScheduledSession] = {}
        self.fixed: dict[int, dict[str, Any]] = {}
        """``_fixed`` per rule or session object (alive for the whole expansion, so ids stay unique)."""
        self.topics: dict[tuple[int, tuple[str, ...]], tuple[str, ...]] = {}
        """``topics_for`` per rule or session object and leaders (alive as ``fixed`` is)."""
        self.recording: list[tuple[str, ScheduledSession]] | None = None
        """The sessions added while a rule's expansion is kept (``expand_rule_once``)."""

    def problem(self, source: Source, message: str) -> None:
        self.problems.append(Problem(source.path, source.line, message))

    def warn(self, source: Source, message: str) -> None:
        self.warnings.append(str(Problem(source.path, source.line, message)))

    def check_people(self, fields: SessionFields, record_id: str, source: Source) -> None:
        """Who receives: someone, each person once."""
        seen: set[str] = set()
        for leader_id in fields.leaders:
            if leader_id in seen:
                self.problem(source, f"“{record_id}”的 leaders 把“{leader_id}”写了两次；请删去重复的一个")
            seen.add(leader_id)
        if fields.mode is Mode.APPOINTMENT or (
                isinstance(fields.mode, ParityModes) and Mode.APPOINTMENT in (fields.mode.odd, fields.mode.even)):
            self.warn(source, f"“{record_id}”的 mode: appointment 现按“预约接访”显示；群众预约的请改为 booked，"
                              "由信访部门约请信访人的（约访）请改为 invited")

    def warn_holiday(self, day: dt.date, session_id: str, source: Source) -> None:
        """A dated session (or one moved) onto a public holiday: a warning, since some offices
        do receive then (a 春节 duty day); rules skip holidays by themselves."""
        holiday = self.calendar.holiday_name(day)
        if holiday and not self.calendar.is_workday(day):
            self.warn(source, f"接访“{session_id}”的日期 {day} 是{holiday}假期；"
                              "如确实在节假日接访可不理会，否则请核对日期")

    def check_term(self, leader_id: str, day: dt.date, session_id: str, source: Source) -> None:
        leader = self.content.leaders[leader_id]
        if leader.serves_on(day) or (source, leader_id) in self.out_of_term:
            return
        self.out_of_term.add((source, leader_id))  # a rule's every date would say it again
        term = f"{leader.term_from or '……'} 至 {leader.term_until or '今'}"
        self.problem(source, f"接访“{session_id}”（{day}）由{leader.name}接待，但其任期为 {term}（leaders.yaml）；"
                             "请改由当时在任的领导接访，或核对任期的 from/until")

    def topics_for(self, fields: SessionFields, leaders: tuple[str, ...]) -> tuple[str, ...]:
        """The session's topics, or its leaders' (worked out once per rule and leaders)."""
        key = (id(fields), leaders)
        topics = self.topics.get(key)
        if topics is None:
            if fields.topics:
                topics = tuple(fields.topics)
            else:
                seen: dict[str, None] = {}
                for leader_id in leaders:
                    for topic in self.content.leaders[leader_id].topics:
                        seen.setdefault(topic)
                topics = tuple(seen)
            self.topics[key] = topics
        return topics

    def add(
        self, base_id: str, day: dt.date, fields: SessionFields, *, leaders: tuple[str, ...],
        venues: tuple[str, ...], rule_id: str | None, source: Source,
        original_date: dt.date | None = None, date_note: str | None = None, notice: bool | str = False,
    ) -> None:
        """``notice``: the file's own ``date_uncertain`` (a whole notice whose dates are unclear)."""
        mode = fields.mode.for_month(day.month) if isinstance(fields.mode, ParityModes) else fields.mode
        # a leader listed twice is reported once by check_people, not as overlapping itself
        if len(leaders) > 1:
            leaders = tuple(dict.fromkeys(leaders))
        people = self.content.leaders
        for leader_id in leaders:
            if leader_id in people:
                self.check_term(leader_id, day, base_id, source)
        # a notice that gives only the day has no slot: one session with no time at all
        slots: list[TimeSlot] | list[None] = fields.times or [None]
        fixed = self._fixed(fields, notice)
        topics = self.topics_for(fields, leaders)
        for index, slot in enumerate(slots):
            session_id = base_id if len(slots) == 1 else f"{base_id}-{index + 1}"
            if session_id in self.sessions:
                self.duplicate(session_id, source)
                continue
            self.insert(session_id, ScheduledSession.made({
                **fixed, "id": session_id, "group": base_id, "date": day, "start": slot.start if slot else None,
                "end": slot.end if slot else None, "part": slot.part if slot else None,
                "leaders": leaders, "venues": venues, "mode": mode, "topics": topics,
                "rule_id": rule_id, "source": source, "original_date": original_date, "date_note": date_note,
            }), source)

    def duplicate(self, session_id: str, source: Source) -> None:
        first = self.sessions[session_id].source
        self.problem(source, f"接访 id “{session_id}” 与 {first.path}:{first.line} 重复；请改一个 id")

    def insert(self, session_id: str, session: ScheduledSession, source: Source) -> None:
        """A session made from the record at ``source``, unless one has its id already."""
        if session_id in self.sessions:
            self.duplicate(session_id, source)
            return
        self.sessions[session_id] = session
        if self.recording is not None:
            self.recording.append((session_id, session))

    def _fixed(self, fields: SessionFields, notice: bool | str) -> dict[str, Any]:
        """What every session of a rule (or a dated session) takes from it unchanged, worked out
        once per rule: a city's rules make tens of thousands of sessions."""
        fixed = self.fixed.get(id(fields))
        if fixed is None:
            fixed = self.fixed[id(fields)] = {
                "unit": fields.unit, "role": fields.role, "with_others": _others(fields.with_others),
                "scope": fields.scope, "not_received": tuple(fields.not_received),
                "booking": fields.booking.text if fields.booking else None,
                "queue": bool(fields.booking and fields.booking.queue), "booking_deadline": fields.booking_deadline,
                "capacity": fields.capacity, "overflow": fields.overflow, "phone": tuple(fields.phone),
                "note": fields.note, "date_uncertain": _uncertain(fields, notice),
                "venue_exceptions": tuple(fields.venue_exceptions.items()),
            }
        return fixed

    def expand_rule(self, rule: Rule, notice: bool | str) -> None:
        source = self.content.source(RecordKind.RULE, rule.id)
        self.check_people(rule, rule.id, source)
        latest = _years_after(rule.start, MAX_RULE_YEARS)
        if rule.end > latest:
            # "end: 2999-12-31" for "until further notice" would expand ~50,000 sessions
            # over years whose holidays nobody knows; one message instead
            self.problem(source, f"规则“{rule.id}”的 end（{rule.end}）距 start 超过 {MAX_RULE_YEARS} 年；"
                                 f"接访安排请按年度发布，请把 end 改为 {latest} 或更早，到期前再续")
            rule = rule.model_copy(update={"end": latest})  # so changes to its sessions still find them
        held: set[dt.date] = set()
        named = tuple(rule.leaders)
        venues = tuple(rule.venues)
        for occurrence in rule_occurrences(rule, self.calendar):
            note = occurrence_note(rule.id, occurrence)
            day = occurrence.held
            if day is not None and day in held:  # two named days moved onto one: held once
                note = f"{note}；与同一规则当天的接访合并为一次"
                day = None
            if note:
                self.notes.append(str(Problem(source.path, source.line, note)))
            if day is None:
                continue
            turn = len(held)
            held.add(day)
            leaders = (rule.roster[turn % len(rule.roster)],) if rule.roster else named
            places = venues
            if rule.kind is RuleKind.DOWNVISIT:
                places = (*self.downvisit_place(rule, leaders, turn, source), *venues)
            moved = day != occurrence.nominal
            # the id is the rule's and the day's (20261202); isoformat is 3x faster than strftime
            self.add(f"{rule.id}-{day.isoformat().replace('-', '')}", day, rule, leaders=leaders, venues=places,
                     rule_id=rule.id, source=source,
                     original_date=occurrence.nominal if moved else None,
                     date_note=moved_text(occurrence) if moved else None, notice=notice)

    def expand_rule_once(self, rule: Rule, notice: bool | str, earlier: RuleExpansions | None) -> None:
        """``expand_rule``, or what an earlier expansion of the same rule added, again."""
        if earlier is None:
            self.expand_rule(rule, notice)
            return
        source = self.content.source(RecordKind.RULE, rule.id)
        kept = earlier.rules.get(rule.id)
        if kept is not None and kept.notice == notice and kept.source == source and kept.rule == rule \
                and kept.rule.model_fields_set == rule.model_fields_set:  # (date_uncertain: false said or not)
            for session_id, session in kept.sessions:
                self.insert(session_id, session, source)
            self.warnings.extend(kept.warnings)
            self.notes.extend(kept.notes)
            return
        earlier.rules.pop(rule.id, None)
        problems, warnings, notes = len(self.problems), len(self.warnings), len(self.notes)
        self.recording = []
        try:
            self.expand_rule(rule, notice)
        finally:
            added, self.recording = self.recording, None
        if len(self.problems) == problems:
            earlier.rules[rule.id] = _RuleSessions(rule, notice, source, added, self.warnings[warnings:],
                                                   self.notes[notes:])

    def downvisit_place(
        self, rule: Rule, leaders: tuple[str, ...], turn: int, source: Source
    ) -> tuple[str, ...]:
        township: str | None
        if rule.townships:
            township = rule.townships[turn % len(rule.townships)]
        else:
            township = next(
                (self.content.leaders[i].contact_township for i in leaders
                 if self.content.leaders[i].contact_township), None,
            )
        if township is None:
            if turn == 0:
                self.problem(source, f"下访规则“{rule.id}”没有 townships，接访领导也没有 contact_township；"
                                     "请写明下访的乡镇（街道）")
            return ()
        return (self.content.units[township].name,)

    def expand_session(self, session: Session, notice: bool | str) -> None:
        source = self.content.source(RecordKind.SESSION, session.id)
        self.check_people(session, session.id, source)
        self.warn_holiday(session.date, session.id, source)
        self.add(session.id, session.date, session, leaders=tuple(session.leaders),
                 venues=tuple(session.venues), rule_id=None, source=source, notice=notice)

    def targets(self, change: Change) -> list[str]:
        if change.session in self.sessions:
            return [change.session]
        prefix = change.session + "-"
        return [i for i in self.sessions if i.startswith(prefix) and i[len(prefix):].isdigit()]

    def apply_change(self, change: Change, source: Source) -> None:
        targets = self.targets(change)
        if not targets:
            self.problem(source, f"变动指向的接访 “{change.session}” 不存在；接访 id 为“规则 id-日期”，"
                                 "如 city-wed-20261202，请核对规则 id 和日期（该日可能是节假日）")
            return
        if change.action is ChangeAction.SWAP:
            self.swap(change, targets, source)
            return
        if change.date is not None:
            self.warn_holiday(change.date, change.session, source)
        for session_id in targets:
            session = self.sessions[session_id]
            if change.substitute and change.substitute in self.content.leaders:
                self.check_term(change.substitute, change.date or session.date, session_id, source)
            self.sessions[session_id] = _changed(session, change, self.content)

    def swap(self, change: Change, targets: list[str], source: Source) -> None:
        """"与下月负责接待的领导调换": this session's leaders and those of the rule's next
        session held change places, each row saying with whom and which date."""
        first = self.sessions[targets[0]]
        later = sorted((s for s in self.sessions.values()
                        if first.rule_id and s.rule_id == first.rule_id and s.date > first.date and s.is_active),
                       key=lambda s: s.order)
        if not later or not first.leaders or not later[0].leaders:
            self.problem(source, f"调换（swap）的接访“{change.session}”要属于一条点名领导的规则，"
                                 "且其后还有同一规则的接访；请核对 session，或改用 substitute 写明代为接访的领导")
            return
        partner = later[0]
        partner_ids = [i for i, s in self.sessions.items() if s.group == partner.group]
        for ids, own, other, other_day in ((targets, first.leaders, partner.leaders, partner.date),
                                           (partner_ids, partner.leaders, first.leaders, first.date)):
            for session_id in ids:
                session = self.sessions[session_id]
                for leader_id in other:
                    self.check_term(leader_id, session.date, session_id, source)
                note = (f"原定由{self._names(own)}接访，与{cn_month_day(other_day)}负责接待的"
                        f"{self._names(other)}调换")
                self.sessions[session_id] = replace(
                    session, status=SessionStatus.SUBSTITUTED, leaders=other,
                    original_leaders=session.original_leaders or session.leaders,
                    changes=(*session.changes, _note(change, note)))

    def _names(self, leaders: tuple[str, ...]) -> str:
        return "、".join(self.content.leaders[i].name for i in leaders if i in self.content.leaders)

    def check_quota(self, rule: Rule) -> None:
        """"每位领导每年至少接访一次": each leader of the rule, in each calendar year the rule
        covers whole (or over the rule's period when it covers none), counting every session
        held by that leader, whatever rule or notice it comes from."""
        assert rule.quota is not None
        source = self.content.source(RecordKind.RULE, rule.id)
        years = [y for y in range(rule.start.year, rule.end.year + 1)
                 if rule.start <= dt.date(y, 1, 1) and dt.date(y, 12, 31) <= rule.end]
        periods = ([(f"{y} 年", dt.date(y, 1, 1), dt.date(y, 12, 31)) for y in years]
                   or [(f"规则期内（{rule.start}—{rule.end}）", rule.start, rule.end)])
        held: dict[str, set[tuple[str, dt.date]]] = defaultdict(set)
        for session in self.sessions.values():
            if session.is_active:
                for leader_id in session.leaders:
                    held[leader_id].add((session.group, session.date))
        for leader_id in dict.fromkeys([*rule.roster, *rule.leaders]):
            if leader_id not in self.content.leaders:
                continue
            for label, first, last in periods:
                count = sum(1 for _, day in held[leader_id] if first <= day <= last)
                if count < rule.quota:
                    self.warn(source, f"规则“{rule.id}”要求每位领导每年至少接访 {rule.quota} 次（quota），"
                                      f"{self.content.leaders[leader_id].name}{label}只安排了 {count} 次；"
                                      "请补排，或核对 roster")

    def say_uncertain_notice(self, path: str, schedule: ScheduleFile, sessions: list[ScheduledSession]) -> None:
        """A whole notice marked uncertain: ``check`` says how many sessions the pages mark, until
        the clerk confirms the dates; a file with nothing to mark is a warning."""
        source = self.content.source(RecordKind.SESSION, path)
        why = f"：{schedule.date_uncertain}" if isinstance(schedule.date_uncertain, str) else ""
        if not (schedule.rules or schedule.sessions):
            self.warn(source, f"整份公告标为日期待定（date_uncertain{why}），但这个文件里没有接访安排"
                              "（sessions、rules）；请删去 date_uncertain，或把它写进接访安排所在的文件")
            return
        own = [s for s in sessions if s.source.path == path]
        marked = [s for s in own if s.date_uncertain is not None]
        # a session of two time slots is one session (场), as the pages count it
        groups = len({s.group for s in marked})
        said = (f"其中 {groups} 场接访（{marked[0].date} 至 {marked[-1].date}）的日期旁注明“日期以正式通知为准”"
                if marked else "但每一场都写了 date_uncertain: false，没有一场注明")
        confirmed = len({s.group for s in own}) - groups
        self.notes.append(str(Problem(source.path, source.line, (
            f"整份公告标为日期待定（date_uncertain{why}）：{said}"
            + (f"，另有 {confirmed} 场写了 date_uncertain: false，照常显示" if marked and confirmed else "")
            + "；接到正式通知、核实日期后请删去 date_uncertain"))))

    def affects(self, suspension: Suspension, session: ScheduledSession) -> bool:
        if session.date < suspension.start or (suspension.end and session.date > suspension.end):
            return False
        chain = {u.id for u in self.content.unit_chain(session.unit)}
        return not suspension.units or bool(set(suspension.units) & chain)

    def check_open_ended(self, suspension: Suspension, rules: dict[str, Rule]) -> None:
        """An open-ended suspension would silently mark 暂停 a session published after it:
        a dated session, or a rule starting after the suspension began."""
        if suspension.end is not None:
            return
        source = self.content.source(RecordKind.SUSPENSION, suspension.id)
        reported: set[str] = set()
        for session in sorted(self.sessions.values(), key=lambda s: s.order):
            rule = rules.get(session.rule_id) if session.rule_id else None
            if rule is not None and rule.start <= suspension.start:
                continue  # published before the suspension: suspended as announced
            key = rule.id if rule is not None else session.group
            if key in reported or not self.affects(suspension, session):
                continue
            reported.add(key)
            self.problem(source, (
                f"暂停“{suspension.id}”没有结束日期（end），而其后还安排了接访“{session.group}”"
                f"（{session.date}，{session.source.path}:{session.source.line}）；如已恢复接访，请给暂停写上 end；"
                "如这场也暂停，请用 changes 取消它"))

    def apply_suspension(self, suspension: Suspension) -> None:
        for session_id, session in self.sessions.items():
            if not self.affects(suspension, session):
                continue
            note = ChangeNote(
                action=None, announced=suspension.announced, reason=suspension.reason,
                description="暂停接访期间请通过：" + "；".join(suspension.alternatives),
            )
            self.sessions[session_id] = replace(
                session, status=SessionStatus.SUSPENDED, changes=(*session.changes, note)
            )


def _changed(session: ScheduledSession, change: Change, content: Content) -> ScheduledSession:
    if change.action is ChangeAction.CANCEL:
        note = "本次接访取消"
        return replace(session, status=SessionStatus.CANCELLED,
                       changes=(*session.changes, _note(change, note)))
    if change.action is ChangeAction.SUBSTITUTE:
        assert change.substitute is not None
        substitute = content.leaders[change.substitute]
        original = "、".join(content.leaders[i].name for i in session.leaders) or session.role or ""
        note = f"原定由{original}接访，改由{substitute.title}{substitute.name}接访"
        return replace(
            session, status=SessionStatus.SUBSTITUTED, leaders=(change.substitute,),
            original_leaders=session.original_leaders or session.leaders,
            changes=(*session.changes, _note(change, note)),
        )
    new_date = change.date or session.date
    slot = change.times[0] if change.times else None
    new_venues = tuple(change.venues) or session.venues
    parts = []
    if new_date != session.date:
        parts.append(f"日期由{_day(session.date)}改为{_day(new_date)}")
    if slot is not None:
        parts.append(f"时间改为{slot_text(slot.part, slot.start, slot.end)}")
    if new_venues != session.venues:
        parts.append(f"地点改为{'、'.join(new_venues)}")
    if slot is not None:
        session = replace(session, start=slot.start, end=slot.end, part=slot.part)
    return replace(
        session, status=SessionStatus.MOVED, date=new_date,
        venues=new_venues, original_date=session.original_date or session.date,
        changes=(*session.changes, _note(change, "，".join(parts) or "接访安排调整")),
    )


def _uncertain(fields: SessionFields, notice: bool | str) -> str | None:
    """None: the date is certain; "": uncertain, no reason given; a text: why.  A session's or
    rule's own ``date_uncertain`` speaks for it (``false``: this date was confirmed, ``true``
    takes the notice's reason if it gave one); without one it takes its whole notice's."""
    own = fields.date_uncertain if "date_uncertain" in fields.model_fields_set else None
    value = notice if own is None or (own is True and isinstance(notice, str)) else own
    if value is True:
        return ""
    return value or None


def _others(value: bool | str | None) -> str | None:
    """``true`` says only 等; a text says who the others are; absent or false: nobody else."""
    if value is True:
        return ""
    return value or None


def _day(day: dt.date) -> str:
    return cn_month_day(day)


def _note(change: Change, description: str) -> ChangeNote:
    return ChangeNote(action=change.action, announced=change.announced, reason=change.reason,
                      description=description)


def find_conflicts(sessions: list[ScheduledSession], content: Content) -> tuple[list[Problem], list[str]]:
    """A leader in two places at once is an error. Two sessions in one hall at one time are
    normal (a rota's leader and a Monday overlay, parallel teams): a warning, said once per
    pair of rules, unless the office gave the venue a number of ``rooms`` it exceeds."""
    problems: list[Problem] = []
    by_leader: dict[tuple[str, dt.date], list[ScheduledSession]] = defaultdict(list)
    by_place: dict[tuple[str, dt.date], list[ScheduledSession]] = defaultdict(list)
    for session in sessions:
        if not session.is_active:
            continue
        for leader in session.leaders:
            by_leader[(leader, session.date)].append(session)
        if session.mode.receives_visitors:
            for venue in session.venues:
                by_place[(venue, session.date)].append(session)
    reported: set[tuple[str, str]] = set()

    def report(a: ScheduledSession, b: ScheduledSession, what: str) -> None:
        key = (min(a.id, b.id), max(a.id, b.id))
        if key in reported:
            return
        reported.add(key)
        problems.append(Problem(
            b.source.path, b.source.line,
            f"{what}：{a.date} {_when(a)} 的“{a.id}”（{a.source.path}:{a.source.line}）"
            f"与 {_when(b)} 的“{b.id}”时间重叠；请调整其中一个，或用 changes 取消/改期",
        ))

    for (leader, _), group in by_leader.items():
        if len(group) > 1:  # most leaders receive once a day: no message to word
            _pairs(group, report, f"{content.leaders[leader].name}同一时间安排了两处接访")
    rooms = {venue.name: venue.rooms for venue in content.office.venues}
    shared: dict[tuple[str, str, str], list[tuple[ScheduledSession, ScheduledSession]]] = defaultdict(list)
    for (venue, _), group in by_place.items():
        if len(group) < 2:  # most halls hold one session a day: nothing to compare
            continue
        limit = rooms.get(venue)
        if limit is not None:
            crowded = _crowded(group, limit)
            if crowded:
                last = crowded[-1]
                problems.append(Problem(last.source.path, last.source.line, (
                    f"“{venue}”同一时段最多接待 {limit} 场（office.yaml 的 venues），而 {last.date} {_when(last)} 有 "
                    f"{len(crowded)} 场：" + "、".join(f"“{s.id}”" for s in crowded)
                    + "；请调整其中一场，或改 rooms")))
            continue

        def share(a: ScheduledSession, b: ScheduledSession, _: str, venue: str = venue) -> None:
            first, second = sorted((a, b), key=lambda x: x.rule_id or x.group)
            shared[(venue, first.rule_id or first.group, second.rule_id or second.group)].append((first, second))

        _pairs(group, share, "")
    warnings = []
    for (venue, _, _), pairs in shared.items():
        a, b = pairs[0]
        times = f"{len(pairs)} 个时段" if len(pairs) > 1 else "1 个时段"
        warnings.append(str(Problem(b.source.path, b.source.line, (
            f"“{venue}”有 {times}同时安排了两场接访（最早是 {a.date} {_when(a)} 的“{a.id}”与“{b.id}”）；"
            f"合署接访、分组接访不必理会；如该场所同一时段只能接待一场，请在 office.yaml 写 "
            f"venues: [{{name: {venue}, rooms: 1}}]"))))
    return problems, warnings


def _when(session: ScheduledSession) -> str:
    return time_text(session) or "（未写时间）"


def _crowded(group: list[ScheduledSession], limit: int) -> list[ScheduledSession]:
    """The sessions held at once at the first moment more than ``limit`` are, or []."""
    for session in sorted(group, key=lambda s: (s.span[0], s.id)):
        moment = session.span[0]
        present = [s for s in group if s.span[0] <= moment < s.span[1]]
        if len(present) > limit:
            return sorted(present, key=lambda s: (s.span[0], s.id))
    return []


def _pairs(group: list[ScheduledSession],
           on_overlap: Callable[[ScheduledSession, ScheduledSession, str], None], what: str) -> None:
    if len(group) < 2:
        return
    group = sorted(group, key=lambda s: (s.span[0], s.id))
    for i, a in enumerate(group):
        for b in group[i + 1:]:
            if b.span[0] >= a.span[1]:
                break
            on_overlap(a, b, what)


def expand_schedule(content: Content, calendar: WorkCalendar, earlier: RuleExpansions | None = None) -> Expansion:
    """Every session of every schedule file, sorted by date and time, with problems.
    ``earlier``: the rules' sessions an earlier expansion made, reused where they still hold
    (and this expansion's kept there)."""
    expander = _Expander(content, calendar)
    if earlier is not None:
        earlier.start(content)
    for schedule in content.schedules.values():
        for rule in schedule.rules:
            expander.expand_rule_once(rule, schedule.date_uncertain, earlier)
        for session in schedule.sessions:
            expander.expand_session(session, schedule.date_uncertain)
    for path, schedule in content.schedules.items():
        changes = sorted(enumerate(schedule.changes), key=lambda pair: pair[1].announced)
        for index, change in changes:
            expander.apply_change(change, content.source(RecordKind.CHANGE, f"{path}#{index}"))
    rules = {rule.id: rule for schedule in content.schedules.values() for rule in schedule.rules}
    for schedule in content.schedules.values():
        for suspension in schedule.suspensions:
            expander.check_open_ended(suspension, rules)
            expander.apply_suspension(suspension)
    for rule in rules.values():
        if rule.quota is not None:
            expander.check_quota(rule)
    sessions = sorted(expander.sessions.values(), key=lambda s: s.order)
    for path, schedule in content.schedules.items():
        if schedule.date_uncertain:
            expander.say_uncertain_notice(path, schedule, sessions)
    conflicts, shared_halls = find_conflicts(sessions, content)
    problems = expander.problems + conflicts
    warnings = expander.warnings + shared_halls + [
        f"{year} 年的法定节假日和调休安排未知（chinesecalendar 和 content/holidays.yaml 都没有）："
        "该年的接访日期只排除了周末；国务院办公厅通知发布后请在 content/holidays.yaml 补充"
        for year in sorted(calendar.guessed_years)
    ] + [
        f"{year} 年的调休安排在 content/holidays.yaml 中标为未公布（complete: false）："
        "只排除了法定假日和周末，通知发布后请补充调休上班日"
        for year in calendar.incomplete_years()
        if any(s.date.year == year for s in sessions)
    ]
    return Expansion(sessions=sessions, problems=problems, warnings=warnings, notes=expander.notes)
