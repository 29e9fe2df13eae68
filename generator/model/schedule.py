"""Reception schedule content (接访安排): dated sessions, recurring rules, changes, suspensions."""

from __future__ import annotations

import datetime as dt
from enum import StrEnum
from typing import Literal

from pydantic import Field, model_validator

from .base import Record, RecordId, Text


class Mode(StrEnum):
    ONSITE = "onsite"
    VIDEO = "video"
    ONLINE = "online"
    VISIT = "visit"
    APPOINTMENT = "appointment"
    PHONE = "phone"

    @property
    def label(self) -> str:
        return _MODE_LABELS[self]

    @property
    def receives_visitors(self) -> bool:
        """Phone and online sessions receive nobody in person."""
        return self not in {Mode.PHONE, Mode.ONLINE}


_MODE_LABELS = {
    Mode.ONSITE: "现场接访",
    Mode.VIDEO: "视频接访",
    Mode.ONLINE: "网上接访",
    Mode.VISIT: "下访",
    Mode.APPOINTMENT: "约访",
    Mode.PHONE: "电话接访",
}


class ParityModes(Record):
    """单月、双月不同方式（如单月现场接访、双月网上接访）。"""

    odd: Mode
    even: Mode

    def for_month(self, month: int) -> Mode:
        return self.odd if month % 2 else self.even


class TimeSlot(Record):
    start: dt.time
    end: dt.time

    @model_validator(mode="after")
    def _ordered(self) -> TimeSlot:
        if self.end <= self.start:
            raise ValueError("结束时间不晚于开始时间；请检查 start 和 end")
        return self


class SessionFields(Record):
    """一次接访的内容；规则和单次安排共用。"""

    unit: RecordId
    """举办接访的单位 id。"""
    leaders: list[RecordId] = Field(default_factory=list)
    """接访领导 id，牵头领导在前。"""
    role: str | None = None
    """不具名的接访人，如“区委主要负责同志”。"""
    with_others: str | None = None
    """随同接访的人员说明，如“区有关部门负责同志”；页面显示为“某某等”。"""
    times: list[TimeSlot] = Field(min_length=1)
    """时段；上午、下午各一次就写两段。"""
    venues: list[Text] = Field(default_factory=list)
    """地点；可以多个（如“各乡镇政府”）。电话、网上接访可不填。"""
    mode: Mode | ParityModes = Mode.ONSITE
    """方式：onsite/video/online/visit/appointment/phone，或 {odd: ..., even: ...}。"""
    topics: list[RecordId] = Field(default_factory=list)
    """受理的问题类别；不填则为接访领导的分管领域。"""
    scope: str | None = None
    """受理范围说明。"""
    not_received: list[Text] = Field(default_factory=list)
    """不在此接待的情形（如“已进入诉讼程序的事项”）。"""
    booking: str | None = None
    """预约方式；不填用 office.yaml 的 booking。"""
    booking_deadline: str | None = None
    """预约截止，如“接访前一个工作日 17:00 前”。"""
    capacity: int | None = Field(default=None, ge=1)
    """预约名额。"""
    phone: str | None = None
    """电话接访的号码。"""
    note: str | None = None


class Session(SessionFields):
    """单次接访（具体日期）。"""

    id: RecordId
    date: dt.date


class RuleKind(StrEnum):
    WEEKLY = "weekly"
    MONTHLY = "monthly"
    WORKDAYS = "workdays"
    DOWNVISIT = "downvisit"


class Rule(SessionFields):
    """接访规则：每周某日、每月第 n 个星期几、每个工作日轮流、每月下访。"""

    id: RecordId
    kind: RuleKind
    """weekly（每周）、monthly（每月第 n 个星期几）、workdays（每个工作日）、downvisit（每月下访）。"""
    start: dt.date
    """规则生效的第一天。"""
    end: dt.date
    """规则的最后一天。"""
    weekday: int | None = Field(default=None, ge=1, le=7)
    """星期几，1=周一 … 7=周日（weekly、monthly、downvisit 必填）。"""
    nth: int | None = Field(default=None, ge=-1, le=5)
    """第几个（1–5，-1 为最后一个；monthly、downvisit 必填）。"""
    roster: list[RecordId] = Field(default_factory=list)
    """轮值名单：每次接访依次由下一位领导接待（节假日顺延，不跳号）。"""
    townships: list[RecordId] = Field(default_factory=list)
    """下访的乡镇（街道），逐月轮换；不填用领导的 contact_township。"""
    on_holiday: Literal["skip", "next_workday"] = "skip"
    """遇节假日：skip（取消当次）或 next_workday（顺延到下一个工作日）。"""

    @model_validator(mode="after")
    def _complete(self) -> Rule:
        if self.end < self.start:
            raise ValueError("规则的 end 早于 start；请检查日期")
        needs_weekday = self.kind is not RuleKind.WORKDAYS
        if needs_weekday and self.weekday is None:
            raise ValueError(f"{self.kind.value} 规则需要 weekday（1=周一 … 7=周日）")
        if self.kind in {RuleKind.MONTHLY, RuleKind.DOWNVISIT} and self.nth in (None, 0):
            raise ValueError(f"{self.kind.value} 规则需要 nth（1–5 或 -1）")
        if not (self.leaders or self.roster or self.role):
            raise ValueError("规则要写 leaders、roster 或 role 之一，说明由谁接访")
        return self


class ChangeAction(StrEnum):
    CANCEL = "cancel"
    MOVE = "move"
    SUBSTITUTE = "substitute"

    @property
    def label(self) -> str:
        return {"cancel": "取消", "move": "调整", "substitute": "换人接访"}[self.value]


class Change(Record):
    """对某次接访的变动：取消、改期或换人，必须说明原因。"""

    session: Text
    """被变动的接访 id（规则 id-日期，如 city-wed-20261202；单次安排写它的 id）。"""
    action: ChangeAction
    reason: Text
    announced: dt.date
    """发布变动的日期。"""
    date: dt.date | None = None
    """改到哪天（move）。"""
    times: list[TimeSlot] = Field(default_factory=list)
    """改到的时段（move，可选）。"""
    venues: list[Text] = Field(default_factory=list)
    """改到的地点（move，可选）。"""
    substitute: RecordId | None = None
    """代为接访的领导 id（substitute）。"""

    @model_validator(mode="after")
    def _complete(self) -> Change:
        if self.action is ChangeAction.MOVE and not (self.date or self.times or self.venues):
            raise ValueError("move 要写新的 date、times 或 venues")
        if self.action is ChangeAction.SUBSTITUTE and not self.substitute:
            raise ValueError("substitute 要写 substitute（代为接访的领导 id）")
        return self


class Suspension(Record):
    """暂停接访（如疫情、场所维修），可以没有结束日期。"""

    id: RecordId
    start: dt.date
    end: dt.date | None = None
    """最后一天（含）；未定就不填。"""
    units: list[RecordId] = Field(default_factory=list)
    """受影响的单位；不填为全部。"""
    reason: Text
    alternatives: list[Text] = Field(min_length=1)
    """暂停期间的其他渠道（来信、网上、电话）。"""
    announced: dt.date

    @model_validator(mode="after")
    def _ordered(self) -> Suspension:
        if self.end is not None and self.end < self.start:
            raise ValueError("暂停的 end 早于 start；请检查日期")
        return self


class ScheduleFile(Record):
    """content/schedule/*.yaml 的结构。"""

    sessions: list[Session] = Field(default_factory=list)
    rules: list[Rule] = Field(default_factory=list)
    changes: list[Change] = Field(default_factory=list)
    suspensions: list[Suspension] = Field(default_factory=list)
