"""Reception schedule content (接访安排): dated sessions, recurring rules, changes, suspensions."""

from __future__ import annotations

import datetime as dt
import unicodedata
from enum import StrEnum
from typing import Any

from pydantic import Field, model_validator

from .base import Clock, Day, Record, RecordId, Text


class Mode(StrEnum):
    """接访方式，用信访工作的通行说法。"""

    ONSITE = "onsite"
    """现场接访：来访群众到场登记即可。"""
    BOOKED = "booked"
    """预约接访：群众事先预约，按预约接待。"""
    INVITED = "invited"
    """约访：由信访部门约请信访人到场。"""
    VISIT = "visit"
    """下访：领导到基层接待群众。"""
    VIDEO = "video"
    ONLINE = "online"
    PHONE = "phone"
    APPOINTMENT = "appointment"
    """旧写法：按“预约接访”显示，`check` 提示改写为 booked 或 invited。"""

    @property
    def label(self) -> str:
        return _MODE_LABELS[self]

    @property
    def receives_visitors(self) -> bool:
        """Phone and online sessions receive nobody in person."""
        return self not in {Mode.PHONE, Mode.ONLINE}

    @property
    def at_a_hall(self) -> bool:
        """Petitioners come to a reception hall: not by phone, online, video, nor a 下访 where the
        leader goes to them."""
        return self in {Mode.ONSITE, Mode.BOOKED, Mode.INVITED, Mode.APPOINTMENT}


_MODE_LABELS = {
    Mode.ONSITE: "现场接访",
    Mode.BOOKED: "预约接访",
    Mode.INVITED: "约访",
    Mode.VISIT: "下访",
    Mode.VIDEO: "视频接访",
    Mode.ONLINE: "网上接访",
    Mode.PHONE: "电话接访",
    # "appointment" in English is the petitioner's booking; it was once labelled 约访 (the
    # office's invitation), so old content keeps working as 预约接访 and check asks to choose
    Mode.APPOINTMENT: "预约接访",
}


class ParityModes(Record):
    """单月、双月不同方式（如单月现场接访、双月网上接访）。"""

    odd: Mode
    even: Mode

    def for_month(self, month: int) -> Mode:
        return self.odd if month % 2 else self.even


class DayPart(StrEnum):
    """Parts of a day as notices publish them, without clock times."""

    MORNING = "上午"
    AFTERNOON = "下午"
    ALL_DAY = "全天"

    @property
    def bounds(self) -> tuple[dt.time, dt.time]:
        """The hours a part may cover, for overlap checks and ordering only (never shown)."""
        return _PART_BOUNDS[self]


_PART_BOUNDS = {
    DayPart.MORNING: (dt.time(0), dt.time(12)),
    DayPart.AFTERNOON: (dt.time(12), dt.time(23, 59)),
    DayPart.ALL_DAY: (dt.time(0), dt.time(23, 59)),
}


class TimeSlot(Record):
    """一个时段：写 start 和 end（如 09:00—12:00），或按公告只写 上午/下午/全天。"""

    part: DayPart | None = None
    """上午、下午或全天；公告没有具体钟点时只写这个，如 `times: [上午, 下午]`。"""
    start: Clock | None = None
    end: Clock | None = None

    @model_validator(mode="before")
    @classmethod
    def _part_alone(cls, value: Any) -> Any:
        # `times: [上午]` is how a notice says it; a bare word is a part of day
        if isinstance(value, str):
            return {"part": value.strip()}
        if isinstance(value, dict):
            # times copied from a notice come with full-width digits and colons (０９：００)
            return {k: unicodedata.normalize("NFKC", v).strip() if isinstance(v, str) else v
                    for k, v in value.items()}
        return value

    @model_validator(mode="after")
    def _ordered(self) -> TimeSlot:
        if (self.start is None) != (self.end is None):
            raise ValueError("时段要同时写 start 和 end，或只写 上午/下午/全天")
        if self.start is None and self.part is None:
            raise ValueError("时段要写 start 和 end（如 09:00、12:00），或写 上午、下午、全天")
        if self.start is not None and self.end is not None and self.end <= self.start:
            raise ValueError("结束时间不晚于开始时间；请检查 start 和 end")
        return self

    @property
    def span(self) -> tuple[dt.time, dt.time]:
        """Clock bounds for ordering and overlap checks."""
        if self.start is not None and self.end is not None:
            return self.start, self.end
        assert self.part is not None
        return self.part.bounds


class Capacity(Record):
    """名额及其单位，如 15 件、20 人。"""

    count: int = Field(ge=1)
    unit: Text = "人"
    """计量单位：人、件、批……"""

    @model_validator(mode="before")
    @classmethod
    def _plain_number(cls, value: Any) -> Any:
        # `capacity: 12` (the old form) means 12 people
        if isinstance(value, int) and not isinstance(value, bool):
            return {"count": value}
        return value

    def __str__(self) -> str:
        return f"{self.count} {self.unit}"


class Booking(Record):
    """怎么排上号：事先预约（写预约方式），或当天到场登记排号（`queue: true`）。"""

    text: str | None = None
    """预约方式或排号说明，如“当天8:30起在一楼窗口取号”。"""
    queue: bool = False
    """true：群众当天到场登记排号，不需预约（页面显示“现场登记排号”）。"""

    @model_validator(mode="before")
    @classmethod
    def _text_alone(cls, value: Any) -> Any:
        return {"text": value} if isinstance(value, str) else value


class SessionFields(Record):
    """一次接访的内容；规则和单次安排共用。"""

    unit: RecordId
    """举办接访的单位 id。"""
    leaders: list[RecordId] = Field(default_factory=list)
    """接访领导 id，牵头领导在前。"""
    role: str | None = None
    """不具名的接访人，如“区委主要负责同志”。"""
    with_others: bool | str | None = None
    """还有其他人随同接访时写：说明文字（如“区有关部门负责同志”）或 true；写了才显示“某某等”，不写就只是列出的人。"""
    times: list[TimeSlot] = Field(default_factory=list)
    """时段；上午、下午各一次就写两段。可写钟点 `{start: "09:00", end: "12:00"}`，或只写 `上午`、`下午`、`全天`。
    公告只写了日期（“专题接访日”“每月15日”）就不写 times：页面只显示日期，日历为全天事件。"""
    venues: list[Text] = Field(default_factory=list)
    """地点；可以多个（如“各乡镇政府”）。电话、网上接访可不填。"""
    venue_exceptions: dict[Text, Text] = Field(default_factory=dict, alias="except")
    """地点的例外，写作 `except: {杨叶镇: 花湖镇政府}`（杨叶镇的接访在花湖镇政府）；页面显示在地点旁。"""
    date_uncertain: bool | Text = False
    """公告的年份或日子不清楚时写 true，或写说明（如“公告未写年份”）：页面在日期旁注明“日期以正式通知为准”。"""
    mode: Mode | ParityModes = Mode.ONSITE
    """onsite 现场、booked 预约接访、invited 约访、visit 下访、video、online、phone；或 {odd:, even:}"""
    topics: list[RecordId] = Field(default_factory=list)
    """受理的问题类别；不填则为接访领导的分管领域。"""
    scope: str | None = None
    """受理范围说明。"""
    not_received: list[Text] = Field(default_factory=list)
    """不在此接待的情形（如“已进入诉讼程序的事项”）。"""
    booking: Booking | None = None
    """预约方式（文字）；当天到场登记排号写 `{queue: true}` 或 `{queue: true, text: 当天8:30起取号}`；
    不填用 office.yaml 的 booking。"""
    booking_deadline: str | None = None
    """预约截止，如“接访前一个工作日 17:00 前”。"""
    capacity: Capacity | None = None
    """名额：`15`（人），或 `{count: 15, unit: 件}`。"""
    overflow: str | None = None
    """超出名额时怎么办，如“转由副职领导接待或另行约访”。"""
    phone: list[Text] = Field(default_factory=list)
    """电话接访的号码；几个部门各有号码时写成列表，如 `[市人社局 0000-1111, 市住建局 0000-2222]`。"""
    note: str | None = None
    """说明，照公告原文公开，如“不接待来访人员”“第四轮”“双随机”。"""

    @model_validator(mode="before")
    @classmethod
    def _one_phone(cls, value: Any) -> Any:
        if isinstance(value, dict) and isinstance(value.get("phone"), str | int):
            return {**value, "phone": [value["phone"]]}
        return value


class Held(Record):
    """接访之后登记的实际情况：接待了多少人、多少件，当场化解多少；没有举行写 held: false 和原因。"""

    held: bool = True
    """是否如期举行。"""
    batches: int | None = Field(default=None, ge=0)
    """接待来访群众的批次；不写按事项件数计。"""
    people: int | None = Field(default=None, ge=0)
    """接待的人次。"""
    matters: int | None = Field(default=None, ge=0)
    """受理（登记）的事项件数。"""
    settled: int | None = Field(default=None, ge=0)
    """当场化解（答复办结）的件数。"""
    reason: str | None = None
    """没有举行的原因（held: false 时必填）。"""

    @model_validator(mode="after")
    def _complete(self) -> Held:
        if not self.held:
            if not self.reason:
                raise ValueError("没有举行的接访要写 reason（原因），如“领导参加全市防汛会议”")
            if any(v for v in (self.batches, self.people, self.matters, self.settled)):
                raise ValueError("held: false 的接访不能再写接待人次和件数；请删去或改为 held: true")
            return self
        if self.people is None or self.matters is None:
            raise ValueError("接访记录要写 people（接待人次）和 matters（事项件数），没有来访就都写 0")
        if self.settled is not None and self.settled > self.matters:
            raise ValueError(f"当场化解 {self.settled} 件多于事项 {self.matters} 件；请核对")
        if self.batches is not None and self.batches > self.people:
            raise ValueError(f"批次 {self.batches} 多于人次 {self.people}；请核对")
        return self

    @property
    def batch_count(self) -> int:
        return self.batches if self.batches is not None else (self.matters or 0)


class ReceptionRecord(Held):
    """接访记录：写在接访安排文件的 records: 下（或单独的记录文件），按接访 id 对应一次接访。"""

    session: Text
    """接访 id（规则 id-日期，如 city-wed-20261202；单次安排写它的 id）。"""


class Session(SessionFields):
    """单次接访（具体日期）。"""

    id: RecordId
    date: Day
    held: Held | None = None
    """接访后登记的实际情况，如 `held: {people: 6, matters: 4, settled: 2}`；也可写在 records: 下。"""

    @model_validator(mode="after")
    def _someone(self) -> Session:
        if not (self.leaders or self.role):
            raise ValueError("接访要写 leaders（接访领导 id）或 role（不具名的接访人，"
                             "如“区委主要负责同志”），说明由谁接访")
        return self


class RuleKind(StrEnum):
    WEEKLY = "weekly"
    MONTHLY = "monthly"
    WORKDAYS = "workdays"
    DOWNVISIT = "downvisit"


class OnHoliday(StrEnum):
    """规则的日子遇节假日（含周末）怎么办。"""

    SKIP = "skip"
    """当次不安排。"""
    NEXT_WORKDAY = "next_workday"
    """顺延到其后第一个工作日（“遇节假日顺延”）。"""
    PREVIOUS_WORKDAY = "previous_workday"
    """提前到其前最后一个工作日。"""
    KEEP = "keep"
    """照常接访（节假日值班接访）。"""


LAST_DAY = -1
"""``day: last``: the month's last day, whatever its length."""


class Rule(SessionFields):
    """接访规则：每周某日、每月第 n 个星期几或每月几日、每个工作日轮流、每月下访。"""

    id: RecordId
    kind: RuleKind
    """weekly（每周）、monthly（每月第 n 个星期几，或每月几日）、workdays（每个工作日）、downvisit（每月下访）。"""
    start: Day
    """规则生效的第一天。"""
    end: Day
    """规则的最后一天。"""
    weekday: int | None = Field(default=None, ge=1, le=7)
    """星期几，1=周一 … 7=周日（weekly、monthly、downvisit 必填）。"""
    nth: int | None = Field(default=None, ge=-1, le=5)
    """第几个（1–5，-1 为最后一个；按星期的 monthly、downvisit 必填）。"""
    day: list[int] = Field(default_factory=list)
    """monthly 按日期：每月几日，如 `day: 15`、`day: [10, 20]`，`day: last` 为每月最后一天。
    写了 day 就不写 weekday 和 nth；该月没有这一天（如 2月30日）当月不安排。"""
    quota: int | None = Field(default=None, ge=1)
    """每位领导每年至少接访几次（如“每位县领导每年至少接访一次”）；写了 `check` 会核对，不足时提示。"""
    roster: list[RecordId] = Field(default_factory=list)
    """轮值名单：每次接访依次由下一位领导接待（节假日顺延，不跳号）。"""
    townships: list[RecordId] = Field(default_factory=list)
    """下访的乡镇（街道），逐月轮换；不填用领导的 contact_township。"""
    on_holiday: OnHoliday = OnHoliday.SKIP
    """遇节假日或周末：skip（当次不安排）、next_workday（顺延到下一个工作日）、
    previous_workday（提前到上一个工作日）或 keep（照常接访）。"""

    @model_validator(mode="before")
    @classmethod
    def _days(cls, value: Any) -> Any:
        # `day: 15` and `day: last` are how a notice says it; full-width digits from a paste too
        if isinstance(value, dict) and "day" in value:
            days = value["day"] if isinstance(value["day"], list) else [value["day"]]
            value = {**value, "day": [_day_of_month(d) for d in days]}
        return value

    @model_validator(mode="after")
    def _complete(self) -> Rule:
        if self.end < self.start:
            raise ValueError("规则的 end 早于 start；请检查日期")
        by_day = bool(self.day)
        if by_day and self.kind is not RuleKind.MONTHLY:
            raise ValueError("day（每月几日）只用于 monthly 规则")
        if by_day and (self.weekday is not None or self.nth is not None):
            raise ValueError("monthly 规则写 day（每月几日），或写 weekday 和 nth（第几个星期几），不要都写")
        if any(not (1 <= d <= 31 or d == LAST_DAY) for d in self.day):
            raise ValueError("day 是每月的几日：1–31，或 last（最后一天）")
        needs_weekday = self.kind is not RuleKind.WORKDAYS and not by_day
        if needs_weekday and self.weekday is None:
            raise ValueError(f"{self.kind.value} 规则需要 weekday（1=周一 … 7=周日）"
                             + ("，或按日期写 day（如 day: 15）" if self.kind is RuleKind.MONTHLY else ""))
        if self.kind in {RuleKind.MONTHLY, RuleKind.DOWNVISIT} and not by_day and self.nth in (None, 0):
            raise ValueError(f"{self.kind.value} 规则需要 nth（1–5 或 -1）")
        if not (self.leaders or self.roster or self.role):
            raise ValueError("规则要写 leaders、roster 或 role 之一，说明由谁接访")
        return self


def _day_of_month(value: Any) -> Any:
    if isinstance(value, str):
        text = unicodedata.normalize("NFKC", value).strip().removesuffix("日")
        if text in ("last", "最后一天", "月末", "-1"):
            return LAST_DAY
        return int(text) if text.isdigit() else value
    return value


class ChangeAction(StrEnum):
    CANCEL = "cancel"
    MOVE = "move"
    SUBSTITUTE = "substitute"
    SWAP = "swap"
    """与同一规则下一次接访的领导调换（“与下月负责接待的领导调换”）。"""

    @property
    def label(self) -> str:
        return {"cancel": "取消", "move": "调整", "substitute": "换人接访", "swap": "调换接访"}[self.value]


class Change(Record):
    """对某次接访的变动：取消、改期、换人，或与下一次的领导调换（swap），必须说明原因。"""

    session: Text
    """被变动的接访 id（规则 id-日期，如 city-wed-20261202；单次安排写它的 id）。"""
    action: ChangeAction
    reason: Text
    announced: Day
    """发布变动的日期。"""
    date: Day | None = None
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
    start: Day
    end: Day | None = None
    """最后一天（含）；未定就不填。"""
    units: list[RecordId] = Field(default_factory=list)
    """受影响的单位；不填为全部。"""
    reason: Text
    alternatives: list[Text] = Field(min_length=1)
    """暂停期间的其他渠道（来信、网上、电话）。"""
    announced: Day
    note: str | None = None
    """补充说明，照原文公开。"""

    @model_validator(mode="after")
    def _ordered(self) -> Suspension:
        if self.end is not None and self.end < self.start:
            raise ValueError("暂停的 end 早于 start；请检查日期")
        return self


class ScheduleFile(Record):
    """content/schedule/*.yaml 的结构。"""

    date_uncertain: bool | Text = False
    """整份公告的年份或日子不清楚时（如转载的通知没有年份、日期与星期对不上）写在文件最外层：true，或写说明。
    文件里每一场接访都在日期旁注明“日期以正式通知为准”；某一场已核实的，在它下面写 `date_uncertain: false`。"""
    sessions: list[Session] = Field(default_factory=list)
    rules: list[Rule] = Field(default_factory=list)
    changes: list[Change] = Field(default_factory=list)
    suspensions: list[Suspension] = Field(default_factory=list)
    records: list[ReceptionRecord] = Field(default_factory=list)
    """接访记录：实际接待的人次、件数和当场化解数（也可单独建 records-2026-11.yaml 这样的文件只写这一节）。"""
