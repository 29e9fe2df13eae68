"""The expanded schedule as open data: /data/schedule.json, its schema
/data/schedule.schema.json, and /data/schedule.csv; and the short list a portal's
script reads, /data/upcoming.json (the next 30 days) with /data/upcoming.schema.json.

The JSON carries everything a session's row on the site shows (who, when, where, how,
limits, notes, status and its history), both as ids and codes for machines and as the
words the page uses, so a provincial aggregator can rebuild the tables from it alone.
The records are pydantic models: the published schema is generated from the same
declaration that writes the data, so the two cannot disagree.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import itertools
import json
from collections.abc import Callable, Hashable, Iterable
from typing import TYPE_CHECKING, Any, TypeVar, cast

from pydantic import BaseModel, ConfigDict
from pydantic_core import to_json

from ...model.content import Content
from ...model.schedule import Capacity, Suspension
from ...privacy.values import values_of
from ...schedule.sessions import ScheduledSession
from ...schedule.wording import (
    Wording,
    capacity_text,
    change_text,
    place_text,
    team,
    time_text,
    topics_text,
    uncertain_text,
    unit_name,
)
from ...spreadsheet_cells import formula_safe_cells
from ..parts.data import SiteData
from ..parts.widgets import current_suspensions, suspension_line

SCHEMA_ID = "schedule.schema.json"
M = TypeVar("M", bound=BaseModel)
UPCOMING_SCHEMA_ID = "upcoming.schema.json"
UPCOMING_JSON_DAYS = 30
UPCOMING_BUDGET = 48 * 1024
"""data/upcoming.json stays under 50 KB, small enough for a portal page to fetch on every view."""


class _Open(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid", use_attribute_docstrings=True)


class OpenLeader(_Open):
    id: str
    name: str
    title: str
    """职务。"""
    duties: str | None
    """分管工作（leaders.yaml 的 duties），没有为 null。"""
    topics: list[str]
    """分管领域：问题类别 id。"""


class OpenUnit(_Open):
    id: str
    name: str
    """接访当天的名称（机构更名前的场次保留原名）。"""
    level: str
    """city、county 或 township。"""
    parents: list[str]
    """上级单位 id，由近及远。"""


class OpenTopic(_Open):
    id: str
    name: str


class OpenCapacity(_Open):
    count: int
    unit: str
    """人、件……"""


class OpenChange(_Open):
    action: str
    """cancel、move、substitute，或 suspend（暂停接访）。"""
    announced: dt.date
    reason: str
    description: str
    text: str
    """页面上显示的整句。"""


class OpenSession(_Open):
    """One session in one time slot, as the site shows it."""

    id: str
    """稳定的编号，页面锚点和日历 UID 都用它。"""
    group: str
    """同一场接访的上午、下午两个时段共用的编号。"""
    date: dt.date
    start: str | None
    """HH:MM；公告只写上午/下午或没有写时间时为 null。"""
    end: str | None
    """HH:MM；同 start。"""
    part: str | None
    """上午、下午、全天（公告写了才有），否则为 null。start、end、part 都为 null 表示公告只写了日期、
    没有写时间：不是全天，也不是未知的钟点，按公告原样不写。"""
    time: str
    """页面上显示的时间；公告没有写时间时为 ""。"""
    status: str
    """scheduled、cancelled、moved、substituted、suspended。"""
    status_label: str
    unit: OpenUnit
    leaders: list[OpenLeader]
    """具名的接访领导，牵头领导在前。"""
    role: str | None
    """不具名的接访人，如“区委主要负责同志”。"""
    with_others: str | None
    """还有其他人随同时的说明；"" 表示只说“等”；null 表示只有列出的人。"""
    team: str
    """页面上显示的接访领导整句。"""
    original_leaders: list[OpenLeader]
    """换人接访前原定的领导。"""
    original_date: dt.date | None
    """原定日期：变动改期前的日期，或规则遇节假日顺延（提前）前的日期；没有改动为 null。"""
    date_note: str | None
    """页面日期旁的说明，如“原定9月15日，遇中秋节顺延”；没有为 null。"""
    date_uncertain: str | None
    """公告的日期不确定时为页面日期旁的说明（“日期以正式通知为准”及原因），这一场或它所在的整份公告
    （接访安排文件）标了 date_uncertain 时都是如此；确定为 null。"""
    venue_exceptions: dict[str, str]
    """地点的例外：{乡镇: 该乡镇的接访地点}，如 {"杨叶镇": "花湖镇政府"}；没有为 {}。"""
    mode: str
    """onsite、booked、invited、visit、video、online、phone（appointment 为旧写法）。"""
    mode_label: str
    in_person: bool
    """是否接待来访人员（电话、网上接访为 false）。"""
    venues: list[str]
    place: str
    """页面上显示的地点；电话接访写明不接待来访和拨打的号码。"""
    phone: list[str]
    topics: list[OpenTopic]
    """受理的问题类别；空列表表示各类问题。"""
    topics_text: str
    scope: str | None
    not_received: list[str]
    booking: str
    """本场的预约方式，没有则为信访机构当天的通用预约方式，都没有为 ""；
    当天到场排号的场次为“现场登记排号”（及说明）。"""
    queue: bool
    """true：群众当天到场登记排号，不需预约。"""
    booking_deadline: str | None
    capacity: OpenCapacity | None
    overflow: str | None
    capacity_text: str
    note: str | None
    changes: list[OpenChange]
    """变动和暂停的经过，按发布先后。"""
    url: str | None
    """该场次在网站上的地址（网站设置了 site_url 时）。"""


class OpenUnitName(_Open):
    id: str
    name: str


class OpenSuspension(_Open):
    """暂停接访（正在暂停的，和已公布、尚未开始的），与每页横幅所说相同。"""

    id: str
    status: str
    """current（正在暂停）或 announced（已公布，尚未开始）。"""
    start: dt.date
    end: dt.date | None
    """最后一天（含）；null 表示恢复时间另行通知。"""
    units: list[OpenUnitName]
    """受影响的单位；空列表表示本机构全部接访。"""
    text: str
    """横幅上的整句，如“示例县自7月20日起暂停现场接访，恢复时间另行通知”。"""
    reason: str
    alternatives: list[str]
    """暂停期间的其他渠道（来信、网上、电话）。"""
    announced: dt.date
    note: str | None


class OpenSchedule(_Open):
    """data/schedule.json：接访安排开放数据。"""

    office: str
    """信访机构名称。"""
    generated: dt.date
    sessions: list[OpenSession]
    suspensions: list[OpenSuspension]
    """正在暂停和已公布的暂停接访；其间的场次 status 为 suspended。"""


class UpcomingSession(_Open):
    """One session slot as a portal's list shows it: the words of the site's row."""

    id: str
    """页面锚点，同 schedule.json。"""
    date: dt.date
    time: str
    """上午、09:00—12:00 等，照公告。"""
    unit: str
    """单位名称。"""
    units: list[str]
    """单位 id 和上级单位 id，由近及远：区县门户可按自己的 id 筛选。"""
    team: str
    """接访领导整句。"""
    mode: str
    """接访方式（现场接访、电话接访……）。"""
    place: str
    topics: str
    """受理的问题，“各类问题”表示不限。"""
    date_uncertain: str | None
    """公告的日期不确定时为日期旁的说明（“日期以正式通知为准”及原因），同 schedule.json；确定为 null。"""
    status: str
    """scheduled、cancelled、moved、substituted、suspended。"""
    change: str | None
    """已取消、改期、换人时的说明；没有变动为 null。"""
    path: str
    """该场次在网站上的地址，相对网站根目录，如 schedule/2026-12/#id。"""


class OpenUpcoming(_Open):
    """data/upcoming.json：今后 30 天的接访安排，供门户网站的脚本读取。"""

    office: str
    generated: dt.date
    start: dt.date
    """第一天（生成当天）。"""
    end: dt.date
    """最后一天（含）。"""
    complete: bool
    """false 表示城市规模的数据太多，乡镇（街道）的场次没有列入，见 omitted 和 data/schedule.json。"""
    omitted: int
    """没有列入的场次数。"""
    sessions: list[UpcomingSession]


class _Shared:
    """The parts of a session's record that recur in every session of a leader, a unit or a
    topic, each made (and validated) once: most of a session's models were these, and a
    record's model takes a made one as it is.  The records are frozen, so sharing them is safe.
    With ``values`` each one's values go there as it is made (``privacy.values``): a session's
    own values are collected without them (``session_values``)."""

    def __init__(self, content: Content, values: set[str] | None = None) -> None:
        self.content = content
        self.values = values
        self.words = Wording(content)
        self._leaders: dict[str, OpenLeader] = {}
        self._units: dict[tuple[str, str], OpenUnit] = {}
        self._topics: dict[str, OpenTopic] = {}
        self._leader_lists: dict[tuple[str, ...], list[OpenLeader]] = {}
        self._topic_lists: dict[tuple[str, ...], list[OpenTopic]] = {}
        self._capacities: dict[tuple[int, str], OpenCapacity] = {}

    def leader(self, leader_id: str) -> OpenLeader:
        made = self._leaders.get(leader_id)
        if made is None:
            leader = self.content.leaders[leader_id]
            made = self._leaders[leader_id] = self._made(OpenLeader(
                id=leader_id, name=leader.name, title=leader.title, duties=leader.duties, topics=list(leader.topics)))
        return made

    def unit(self, unit_id: str, name: str) -> OpenUnit:
        """The unit under the name it had on the session's day."""
        made = self._units.get((unit_id, name))
        if made is None:
            unit = self.content.units[unit_id]
            made = self._units[unit_id, name] = self._made(OpenUnit(
                id=unit_id, name=name, level=unit.level.value,
                parents=[u.id for u in self.content.unit_chain(unit_id)[1:]]))
        return made

    def topic(self, topic_id: str) -> OpenTopic:
        made = self._topics.get(topic_id)
        if made is None:
            made = self._topics[topic_id] = self._made(OpenTopic(id=topic_id,
                                                                 name=self.content.topics[topic_id].name))
        return made

    def leaders(self, ids: tuple[str, ...]) -> list[OpenLeader]:
        """The leaders' records, one list for every session of these leaders: a record's lists are
        never changed, as the record itself."""
        made = self._leader_lists.get(ids)
        if made is None:
            made = self._leader_lists[ids] = [self.leader(i) for i in ids]
        return made

    def topics(self, ids: tuple[str, ...]) -> list[OpenTopic]:
        """The topics' records, one list for every session of these topics (as ``leaders``)."""
        made = self._topic_lists.get(ids)
        if made is None:
            made = self._topic_lists[ids] = [self.topic(i) for i in ids]
        return made

    def capacity(self, capacity: Capacity) -> OpenCapacity:
        made = self._capacities.get((capacity.count, capacity.unit))
        if made is None:
            made = self._capacities[capacity.count, capacity.unit] = self._made(
                OpenCapacity(count=capacity.count, unit=capacity.unit))
        return made

    def _made(self, record: M) -> M:
        if self.values is not None:
            values_of(record, self.values)
        return record


def _trusted(model: type[M]) -> Callable[..., M]:
    """``model.model_construct`` for records given every field, as ``open_session`` gives
    them: the same instance (its fields in the declaration's order, all of them set, no
    extra), without ``model_construct``'s per-field look-up of aliases and defaults, which was
    a third of making a city's open data.  Fields given in another order are put in order;
    a missing or unknown one is a ``TypeError``, as a call of ``__init__`` would be."""
    names = tuple(model.__pydantic_fields__)
    fields_set = set(names)  # shared by the records: they are frozen, nothing changes it
    new, assign = model.__new__, object.__setattr__

    def construct(**values: Any) -> M:
        if tuple(values) != names:
            if values.keys() != fields_set:
                raise TypeError(f"{model.__name__}: {sorted(values.keys() ^ fields_set)}")
            values = {name: values[name] for name in names}
        record = new(model)
        assign(record, "__dict__", values)
        assign(record, "__pydantic_fields_set__", fields_set)
        assign(record, "__pydantic_extra__", None)
        assign(record, "__pydantic_private__", None)
        return record

    return construct


if TYPE_CHECKING:  # mypy's pydantic plugin holds each call to the declaration's fields and types
    _session = OpenSession.model_construct
else:
    _session = _trusted(OpenSession)


def open_session(session: ScheduledSession, content: Content, url: str | None,
                 shared: _Shared | None = None) -> OpenSession:
    """The session's open-data record; ``shared``: the leaders', units' and topics' records
    made so far (for every session of a file).  Made without pydantic's validation (``_trusted``):
    every field comes from the checked model through these typed calls (mypy holds them to the
    declaration), and validating a city's 41,714 records cost 1.2 CPU-s, half of making the open
    data; the tests validate the records they read back."""
    shared = shared or _Shared(content)
    words = shared.words
    start, end, time = words.slot(session)
    return _session(
        id=session.id, group=session.group, date=session.date, start=start, end=end,
        part=session.part.value if session.part else None, time=time,
        status=session.status.value, status_label=session.status.label,
        unit=shared.unit(session.unit, unit_name(session, content)),
        leaders=shared.leaders(session.leaders), role=session.role,
        with_others=session.with_others, team=words.team(session),
        original_leaders=shared.leaders(session.original_leaders),
        original_date=session.original_date, date_note=session.date_note,
        date_uncertain=uncertain_text(session) or None, venue_exceptions=dict(session.venue_exceptions),
        mode=session.mode.value, mode_label=session.mode.label, in_person=session.mode.receives_visitors,
        venues=list(session.venues), place=words.place(session), phone=list(session.phone),
        topics=shared.topics(session.topics),
        topics_text=words.topics(session), scope=session.scope,
        not_received=list(session.not_received), booking=words.booking(session),
        queue=session.queue,
        booking_deadline=session.booking_deadline,
        capacity=shared.capacity(session.capacity) if session.capacity else None,
        overflow=session.overflow, capacity_text=capacity_text(session), note=session.note,
        changes=[OpenChange(action=n.action.value if n.action else "suspend", announced=n.announced,
                            reason=n.reason, description=n.description, text=change_text(n))
                 for n in session.changes],
        url=url,
    )


def open_suspension(data: SiteData, suspension: Suspension) -> OpenSuspension:
    said = suspension_line(data, suspension)
    return OpenSuspension(
        id=suspension.id, status="current" if suspension.start <= data.today else "announced",
        start=suspension.start, end=suspension.end,
        units=[OpenUnitName(id=u, name=data.content.units[u].name) for u in suspension.units],
        text=said["title"], reason=suspension.reason, alternatives=list(suspension.alternatives),
        announced=suspension.announced, note=suspension.note)


def suspension_records(data: SiteData) -> list[OpenSuspension]:
    """The suspensions in force or announced, as schedule.json lists them."""
    return [open_suspension(data, s) for s in current_suspensions(data)]


_SESSIONS = b'"sessions":['


class _Kind:
    """What the records of sessions ``Wording.alike`` finds alike say beyond their own words
    (``id``, ``group``, ``date``, ``url``): the record's JSON between its ``date`` and ``url``
    (the first and last fields: the middle is its other fields' JSON, which the id, group and
    date do not change) and its CSV cells after the first three, made safe."""

    __slots__ = ("cells", "middle")

    def __init__(self, middle: bytes, cells: list[str]) -> None:
        self.middle = middle
        self.cells = cells

    @classmethod
    def of(cls, session: ScheduledSession, url: str | None, written: bytes, cells: list[str]) -> _Kind | None:
        """The kind of a session whose record was ``written`` (None: not written as the cut expects)."""
        # around a NUL, which JSON writes escaped
        head, tail = cls(b"\0", []).record(session, url).split(b"\0")
        if not (written.startswith(head) and written.endswith(tail) and len(written) > len(head) + len(tail)):
            return None
        return cls(written[len(head):-len(tail)], cells[3:])

    def record(self, session: ScheduledSession, url: str | None) -> bytes:
        """The JSON of the session's record: what ``OpenSession``'s serializer writes of it."""
        return b"".join((b'{"id":', to_json(session.id), b',"group":', to_json(session.group), b',"date":"',
                         session.date.isoformat().encode(), b'",', self.middle, b',"url":', to_json(url),
                         b"}"))


def schedule_files(data: SiteData, suspensions: list[OpenSuspension], *, json_values: set[str] | None = None,
                   csv_values: set[str] | None = None, json_links: set[str] | None = None) -> tuple[bytes, bytes]:
    """data/schedule.json (an ``OpenSchedule``) and data/schedule.csv, made one session at a
    time: a city's 41,714 session records held at once were 300 MB, the largest share of the
    build's peak memory.  The JSON is the one ``OpenSchedule.model_dump_json`` writes, each
    session's record serialized by the same declaration as it is made; ``json_values`` and
    ``csv_values`` receive what each file carries (``privacy.values``: the privacy scan's view),
    ``json_links`` the ``url`` of each session record (the link check's).  A record is made
    once per kind of session (``Wording.alike``, ``_Kind``): a session of a kind already made
    is its own id, group, date and URL around the kind's words, and brings only those values."""
    content = data.content
    # everything around the sessions, from an empty list: what a key's name or the office's
    # name holds is escaped, so the list's opening is found once, where the key is
    around = OpenSchedule(office=content.office.on(data.today).name, generated=data.today, sessions=[],
                          suspensions=suspensions)
    head = around.model_dump_json().encode("utf-8")
    cut = head.index(_SESSIONS) + len(_SESSIONS)
    document = io.BytesIO()
    document.write(head[:cut])
    serialize = OpenSession.__pydantic_serializer__.to_json
    shared = _Shared(content, json_values)
    alike = shared.words.alike
    kinds: dict[Hashable, _Kind | None] = {}
    carried: set[str | None] = set()  # the sessions' JSON values, and None for their fields without one
    if json_values is not None:
        values_of(around, json_values)
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(CSV_HEADINGS)
    cells: set[str] = set(CSV_HEADINGS)
    for index, session in enumerate(data.sessions):
        if index:
            document.write(b",")
        url = data.session_url(session)
        kind = alike(session)
        known = kinds.get(kind)
        if known is None:
            record = open_session(session, content, url, shared)
            written = serialize(record)
            row = formula_safe_cells(csv_row(record))
            kinds[kind] = _Kind.of(session, url, written, row)
            document.write(written)
            if json_values is not None:
                session_values(record, carried)
            cells.update(row)
        else:
            document.write(known.record(session, url))
            own = [session.id, session.group, session.date.isoformat()]
            carried.update(own)
            carried.add(url)
            own = formula_safe_cells(own)
            cells.update(own)
            row = own + known.cells
        if json_links is not None and url:
            json_links.add(url)
        writer.writerow(row)
    document.write(head[cut:])
    if json_values is not None:
        carried.discard(None)
        json_values.update(cast(set[str], carried))
    if csv_values is not None:
        csv_values.update(cells)
    return document.getvalue(), _BOM + buffer.getvalue().encode("utf-8")


def session_values(record: OpenSession, into: set[str | None]) -> None:
    """What ``privacy.values.values_of`` collects from a session's ``record``, but its leaders',
    unit's and topics' records (``_Shared`` hands theirs over as each is made), None for a field
    that has no value: each field by name rather than by a walk of the record (a city's 41,714
    records, 1.5 CPU-s walked).  The tests hold the two to the same values, with every field set."""
    into.update((record.id, record.group, record.date.isoformat(), record.start, record.end, record.part,
                 record.time, record.status, record.status_label, record.role, record.with_others, record.team,
                 record.original_date.isoformat() if record.original_date else None, record.date_note,
                 record.date_uncertain, record.mode, record.mode_label, record.place, record.topics_text,
                 record.scope, record.booking, record.booking_deadline, record.overflow, record.capacity_text,
                 record.note, record.url))
    for items in (record.venues, record.phone, record.not_received):
        into.update(items)
        if len(items) > 1:  # a list also as one value, as values_of takes it
            into.add("；".join(items))
    if record.venue_exceptions:
        into.update(record.venue_exceptions.keys(), record.venue_exceptions.values())
    if record.capacity is not None:
        into.update((str(record.capacity.count), record.capacity.unit))
    for change in record.changes:
        into.update((change.action, change.announced.isoformat(), change.reason, change.description, change.text))


SUSPENSION_COLUMNS: list[tuple[str, Any]] = [
    ("编号", lambda s: s.id), ("状态", lambda s: "暂停中" if s.status == "current" else "已公布"),
    ("开始", lambda s: s.start), ("结束", lambda s: s.end or "另行通知"),
    ("单位", lambda s: [u.name for u in s.units] or "全部"), ("公告", lambda s: s.text),
    ("原因", lambda s: s.reason), ("其他渠道", lambda s: s.alternatives),
    ("公布日期", lambda s: s.announced), ("说明", lambda s: s.note),
]


def suspensions_csv(suspensions: list[OpenSuspension], *, values: set[str] | None = None) -> bytes:
    """data/suspensions.csv: the suspensions in force or announced, one row each (UTF-8 with a BOM);
    ``values`` receives every cell (the privacy scan's view of the file)."""
    return _csv([heading for heading, _ in SUSPENSION_COLUMNS],
                ([_cell(value(s)) for _, value in SUSPENSION_COLUMNS] for s in suspensions), values)


def _upcoming_session(data: SiteData, session: ScheduledSession) -> UpcomingSession:
    content = data.content
    notes = "；".join(change_text(n) for n in session.changes)
    return UpcomingSession(
        id=session.id, date=session.date, time=time_text(session), unit=unit_name(session, content),
        units=[u.id for u in content.unit_chain(session.unit)], team=team(session, content).plain(),
        mode=session.mode.label, place=place_text(session), topics=topics_text(session, content),
        date_uncertain=uncertain_text(session) or None, status=session.status.value, change=notes or None,
        path=data.placement.path(session))


def upcoming_json(data: SiteData) -> bytes:
    """The next 30 days.  When that is more than the budget (a city's townships), the city's and
    counties' sessions only, and if still too much, for as many days as fit (``end`` says until
    when); ``complete`` and ``omitted`` say so."""
    last = data.today + dt.timedelta(days=UPCOMING_JSON_DAYS - 1)
    window = [s for s in data.upcoming if s.date <= last]
    levels = {u.id: u.level.value for u in data.content.units.values()}
    office = data.content.office.on(data.today).name

    def encoded(sessions: list[ScheduledSession], end: dt.date) -> bytes:
        kept = [_upcoming_session(data, s) for s in sessions if s.date <= end]
        return OpenUpcoming(office=office, generated=data.today, start=data.today, end=end,
                            complete=len(kept) == len(window), omitted=len(window) - len(kept),
                            sessions=kept).model_dump_json().encode("utf-8")

    text = encoded(window, last)
    if len(text) <= UPCOMING_BUDGET:
        return text
    larger = [s for s in window if levels[s.unit] != "township"]
    text = encoded(larger, last)
    low, high = 0, UPCOMING_JSON_DAYS - 1  # days after today that fit / do not fit
    while len(text) > UPCOMING_BUDGET and high - low > 1:
        middle = (low + high) // 2
        attempt = encoded(larger, data.today + dt.timedelta(days=middle))
        if len(attempt) <= UPCOMING_BUDGET:
            low, text = middle, attempt
        else:
            high = middle
    if len(text) > UPCOMING_BUDGET:
        text = encoded(larger, data.today + dt.timedelta(days=low))
    return text


def upcoming_schema() -> bytes:
    return _schema(OpenUpcoming, UPCOMING_SCHEMA_ID)


def schedule_schema() -> bytes:
    return _schema(OpenSchedule, SCHEMA_ID)


def _schema(model: type[BaseModel], schema_id: str) -> bytes:
    schema = model.model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["$id"] = schema_id
    return (json.dumps(schema, ensure_ascii=False, indent=1) + "\n").encode("utf-8")


CSV_HEADINGS = ["编号", "场次", "日期", "时间", "开始", "结束", "时段", "状态", "单位", "接访领导",
                "接访人", "随同人员", "方式", "地点", "电话", "受理问题", "受理范围", "不在此接待", "预约方式",
                "预约截止", "名额", "说明", "原定日期", "日期说明", "日期待定", "原定领导", "变动说明"]
"""data/schedule.csv's columns, each the cell ``csv_row`` writes in its place."""


def csv_row(s: OpenSession) -> list[str]:
    """A session's cells under ``CSV_HEADINGS`` ("" where the record has null; lists joined with
    "；" as the page joins them): the record's own texts, one call a row (a city's million cells
    took one call each)."""
    return [s.id, s.group, s.date.isoformat(), s.time, s.start or "", s.end or "", s.part or "", s.status_label,
            s.unit.name, s.team, s.role or "", s.with_others or "", s.mode_label, s.place, "；".join(s.phone),
            s.topics_text, s.scope or "", "；".join(s.not_received), s.booking, s.booking_deadline or "",
            s.capacity_text, s.note or "", s.original_date.isoformat() if s.original_date else "",
            s.date_note or "", s.date_uncertain or "",
            "；".join(f"{x.name}（{x.title}）" for x in s.original_leaders), "；".join(c.text for c in s.changes)]


def _cell(value: object) -> str:
    if type(value) is str:  # most cells: nothing to convert
        return value
    if value is None:
        return ""
    if isinstance(value, list):
        return "；".join(map(str, value))
    return str(value)


def _csv(headings: list[str], rows: Iterable[list[str]], values: set[str] | None = None) -> bytes:
    """UTF-8 with a BOM: Excel on Chinese Windows otherwise opens it as GBK and garbles it.
    Written row by row as ``rows`` come, each made safe (``values`` receives every cell)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    for row in itertools.chain([headings], map(formula_safe_cells, rows)):
        writer.writerow(row)
        if values is not None:
            values.update(row)
    return _BOM + buffer.getvalue().encode("utf-8")


_BOM = "\ufeff".encode()
