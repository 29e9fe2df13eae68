"""Cross-reference checks: every id a record names must exist, with a hint if not."""

from __future__ import annotations

import datetime as dt
import difflib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from ..model.cases import AppealResult, Case
from ..model.content import Content
from ..model.files import RecordKind, file_of
from ..model.schedule import ScheduleFile
from ..model.site_names import PAGE_FOLDERS, collision
from ..model.units import UnitLevel
from .records import Collector


def _where(kind: RecordKind) -> str:
    """Where records of ``kind`` are defined, as a message names it: a file, or a folder."""
    files = file_of(kind)
    return f"content/{files.folder}/" if files.folder else f"content/{files.pattern}"


@dataclass
class Refs:
    """Reports unknown ids, but only for kinds that loaded completely."""

    content: Content
    out: Collector

    def known(self, kind: str) -> Mapping[str, object]:
        kinds: dict[str, Mapping[str, object]] = {
            "unit": self.content.units,
            "leader": self.content.leaders,
            "topic": self.content.topics,
            "policy": self.content.policies,
        }
        return kinds[kind]

    def check(self, kind: str, ids: Iterable[str | None], path: str, line: int) -> None:
        if kind in self.out.incomplete:
            return  # the kind's own file has errors; don't pile up follow-on errors
        known = self.known(kind)
        for record_id in ids:
            if record_id is None or record_id in known:
                continue
            label, where = RecordKind(kind).label, _where(RecordKind(kind))
            close = difflib.get_close_matches(record_id, list(known), n=1)
            if close:
                hint = f"是不是“{close[0]}”？"
            else:
                listed = "、".join(list(known)[:8]) + ("…" if len(known) > 8 else "")
                hint = f"已有：{listed}。"
            self.out.add(
                path, line,
                f"{label} '{record_id}' 未在 {where} 中定义；{hint}请改正 id，或先在 {where} 中添加",
            )


def check_units(content: Content, refs: Refs) -> None:
    parent_level = {UnitLevel.COUNTY: UnitLevel.CITY, UnitLevel.TOWNSHIP: UnitLevel.COUNTY}
    for unit in content.units.values():
        src = content.source(RecordKind.UNIT, unit.id)
        if unit.level is UnitLevel.CITY:
            if unit.parent:
                refs.out.add(src.path, src.line, f"市级单位“{unit.id}”不应有 parent")
            continue
        if not unit.parent:
            if unit.id != content.office.unit:  # a county office's own county is the top of its tree
                refs.out.add(src.path, src.line, f"单位“{unit.id}”缺少 parent（上级单位 id）")
            continue
        refs.check("unit", [unit.parent], src.path, src.line)
        parent = content.units.get(unit.parent)
        if parent is not None and parent.level is not parent_level[unit.level]:
            refs.out.add(
                src.path, src.line,
                f"单位“{unit.id}”是{unit.level.label}，上级应为{parent_level[unit.level].label}"
                f"单位，而“{parent.id}”是{parent.level.label}",
            )


def check_people(content: Content, refs: Refs) -> None:
    office_src = content.source(RecordKind.OFFICE, content.office.id)
    refs.check("unit", [content.office.unit], office_src.path, office_src.line)
    for leader in content.leaders.values():
        src = content.source(RecordKind.LEADER, leader.id)
        refs.check("unit", [leader.unit, leader.contact_township], src.path, src.line)
        refs.check("topic", leader.topics, src.path, src.line)
    for topic in content.topics.values():
        src = content.source(RecordKind.TOPIC, topic.id)
        refs.check("policy", topic.policies, src.path, src.line)
    for kind, records in ((RecordKind.POLICY, content.policies), (RecordKind.NOTICE, content.notices)):
        for record in records.values():
            src = content.source(kind, record.id)
            refs.check("topic", record.topics, src.path, 2)


def check_schedule(content: Content, path: str, schedule: ScheduleFile, refs: Refs) -> None:
    for kind, records in ((RecordKind.SESSION, schedule.sessions), (RecordKind.RULE, schedule.rules)):
        for record in records:
            line = content.source(kind, record.id).line
            refs.check("unit", [record.unit], path, line)
            refs.check("leader", record.leaders, path, line)
            refs.check("topic", record.topics, path, line)
    for rule in schedule.rules:
        line = content.source(RecordKind.RULE, rule.id).line
        refs.check("leader", rule.roster, path, line)
        refs.check("unit", rule.townships, path, line)
    for index, change in enumerate(schedule.changes):
        line = content.source(RecordKind.CHANGE, f"{path}#{index}").line
        refs.check("leader", [change.substitute], path, line)
    for suspension in schedule.suspensions:
        line = content.source(RecordKind.SUSPENSION, suspension.id).line
        refs.check("unit", suspension.units, path, line)


def _case_dates(case: Case) -> list[tuple[str, dt.date | None]]:
    """The procedure's dates in the order they must happen, each later answer's after the
    复查/复核 that called for it."""
    review, recheck = case.review, case.recheck
    dates = [
        ("received（收到）", case.received),
        ("signed（签收）", case.signed),
        ("accepted（受理）", case.accepted),
        ("replied（出具处理意见书）", case.replied),
        ("reply_delivered（送达）", case.reply_delivered),
        ("review.requested（请求复查）", review.requested if review else None),
        ("review.decided（复查意见）", review.decided if review else None),
        ("recheck.requested（请求复核）", recheck.requested if recheck else None),
        ("recheck.decided（复核意见）", recheck.decided if recheck else None),
    ]
    for number, answer in enumerate(case.answers, start=2):
        at = f"answers 第{number - 1}项"
        dates += [
            (f"{at}.replied（第{number}份处理意见书）", answer.replied),
            (f"{at}.delivered（送达）", answer.delivered),
            (f"{at}.review.requested（请求复查）", answer.review.requested if answer.review else None),
            (f"{at}.review.decided（复查意见）", answer.review.decided if answer.review else None),
            (f"{at}.recheck.requested（请求复核）", answer.recheck.requested if answer.recheck else None),
            (f"{at}.recheck.decided（复核意见）", answer.recheck.decided if answer.recheck else None),
        ]
    return dates


def check_case(content: Content, case: Case, refs: Refs) -> None:
    src = content.source(RecordKind.CASE, case.id)
    refs.check("topic", [case.topic], src.path, src.line)
    refs.check("unit", [case.unit], src.path, src.line)
    if case.publish:
        refs.check("policy", case.publish.policies, src.path, src.line)
    previous: tuple[str, dt.date] | None = None
    for name, day in _case_dates(case):
        if day is None:
            continue
        if previous is not None and day < previous[1]:
            refs.out.add(
                src.path, src.line,
                f"案件“{case.id}”的日期前后颠倒：{name} {day} 早于 {previous[0]} {previous[1]}；"
                "请核对日期",
            )
        previous = (name, day)
    for name, day in (("objected（提出异议）", case.objected), ("rejected（不予受理）", case.rejected),
                      ("closed（办结）", case.closed),
                      ("evaluated（评价）", case.evaluated)):
        if day is not None and day < case.received:
            refs.out.add(src.path, src.line,
                         f"案件“{case.id}”的 {name} {day} 早于收到日期 {case.received}；请核对日期")
    if case.objected and not case.transferred_from:
        refs.out.add(src.path, src.line, f"案件“{case.id}”写了 objected（提出异议），但不是转送、交办的事项；"
                     "请补上 transferred_from（转送、交办机关），或删去 objected")
    for number in range(2, len(case.answers) + 2):
        before = case.answer(number - 1)
        if not any(a is not None and a.decided and a.result in (AppealResult.CHANGE, AppealResult.REDO)
                   for a in (before.review, before.recheck)):
            refs.out.add(src.path, src.line, (
                f"案件“{case.id}”的第{number}份处理意见书（answers 第{number - 1}项）之前，没有变更原意见或责令"
                "重新办理的复查、复核意见（result: change 或 redo，并写 decided）；请补上，或删去这份答复"))
    if case.accepted and case.rejected:
        refs.out.add(src.path, src.line,
                     f"案件“{case.id}”同时写了 accepted 和 rejected；一件事项只能受理或不予受理")
    if case.rejected and not case.rejection_reason:
        refs.out.add(src.path, src.line, f"案件“{case.id}”不予受理，但缺少 rejection_reason（理由）")
    if case.extension and not case.accepted:
        refs.out.add(src.path, src.line, f"案件“{case.id}”有延期（extension）但没有受理日期 accepted")


def check_names(content: Content, out: Collector) -> None:
    """No record's id (a Markdown file's name) may take a name the site generates."""
    others = {"unit": set(content.units), "topic": set(content.topics)}
    for (kind, record_id), source in content.sources.items():
        folder = PAGE_FOLDERS.get(kind)
        what = collision(kind, record_id, others) if folder else None
        if what is None:
            continue
        if kind in ("policy", "notice"):
            rename = f"请把文件改名，如“{record_id}-1.md”"
        else:
            rename = f"请换一个 id，如“{record_id}-1”"
        out.add(source.path, source.line,
                f"{RecordKind(kind).label} id “{record_id}”与网站自动生成的页面冲突：/{folder}/{record_id}/ 是{what}；"
                + rename)
