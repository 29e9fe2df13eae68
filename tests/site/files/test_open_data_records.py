"""The open data's session records at the level of ``schedule_files``: hostile text in every
field of a session reaches data/schedule.json exactly as the pydantic declaration writes it,
data/schedule.csv as the spreadsheet reads it, and the privacy values handed to the scan are
every value the two files carry (what a walk of the whole document read back finds), so a
private value in any field is caught."""

from __future__ import annotations

import csv
import dataclasses
import datetime as dt
import io
import json
from typing import Any

import pytest

from generator.model.schedule import Capacity, ChangeAction, DayPart, Mode
from generator.pipeline import Prepared, prepare
from generator.privacy.scan import Scanner, Secret
from generator.privacy.values import carries_none, values_of
from generator.schedule.sessions import ChangeNote, ScheduledSession, SessionStatus
from generator.site.files.open_data import OpenSchedule, schedule_files, suspension_records
from generator.site.parts.data import SiteData
from tests.conftest import REPO

TODAY = dt.date(2026, 11, 24)
NASTY = "\"引号\"\\反斜杠\\N\u2028行分隔\u2029段分隔\t制表\r\n换行\x7f，,;；＝１３９"
"""Quotes, backslashes (one before N, an ICS escape), the JavaScript line separators, a tab,
CRLF, DEL, ASCII and full-width punctuation and digits."""


def nasty(field: str, start: str = "") -> str:
    """A distinct hostile text for ``field`` (so each cell shows which field it came from)."""
    return f"{start}{field}：{NASTY}"


@pytest.fixture(scope="module")
def prepared() -> Prepared:
    return prepare(REPO / "content")


def hostile_session(base: ScheduledSession, **changes: Any) -> ScheduledSession:
    """``base`` with hostile text in every field that carries text (formula starts too)."""
    fields: dict[str, Any] = {
        "id": base.id + "-hostile", "group": nasty("group"), "part": DayPart.MORNING,
        "start": dt.time(9, 0), "end": dt.time(11, 30), "role": nasty("role", "="),
        "with_others": nasty("with_others", "+"), "venues": (nasty("venue1", "-"), nasty("venue2")),
        "mode": Mode.ONSITE, "scope": nasty("scope", "@"), "not_received": (nasty("nr1", "\t"), nasty("nr2")),
        "booking": nasty("booking", "\r"), "queue": True, "booking_deadline": nasty("deadline"),
        "capacity": Capacity(count=15, unit=nasty("unit")), "overflow": nasty("overflow"),
        "phone": ("0000-1234", nasty("phone")), "note": nasty("note", "="),
        "status": SessionStatus.MOVED, "original_date": base.date - dt.timedelta(days=3),
        "date_uncertain": nasty("uncertain"), "venue_exceptions": ((nasty("where"), nasty("there")),),
        "date_note": nasty("date_note"), "original_leaders": base.leaders,
        "changes": (ChangeNote(action=ChangeAction.MOVE, announced=TODAY, reason=nasty("reason"),
                               description=nasty("description", "-")),
                    ChangeNote(action=None, announced=TODAY, reason=nasty("reason2"), description=nasty("d2"))),
    }
    fields.update(changes)
    return dataclasses.replace(base, **fields)


def files_of(prepared: Prepared, sessions: list[ScheduledSession]) -> tuple[bytes, bytes, set[str], set[str]]:
    data = SiteData(dataclasses.replace(prepared, sessions=sessions), TODAY, "https://xf.example.gov.cn/")
    json_values: set[str] = set()
    csv_values: set[str] = set()
    raw, table = schedule_files(data, suspension_records(data), json_values=json_values, csv_values=csv_values)
    return raw, table, json_values, csv_values


def rows(table: bytes) -> list[dict[str, str]]:
    assert table.startswith("\ufeff".encode())
    return list(csv.DictReader(io.StringIO(table.decode("utf-8-sig"), newline="")))


def sample_base(prepared: Prepared) -> ScheduledSession:
    """A sample session with a named leader and topics (their shared records appear too)."""
    return next(s for s in prepared.sessions if s.leaders and s.topics and s.date >= TODAY)


def test_every_field_of_the_hostile_record_is_set(prepared: Prepared) -> None:
    """The comparisons below cover a field only when the hostile session fills it: a field
    added to ``OpenSession`` and left empty here fails this test until it is filled."""
    raw, _, _, _ = files_of(prepared, [hostile_session(sample_base(prepared))])
    record = json.loads(raw)["sessions"][0]
    empty = [key for key, value in record.items() if value in (None, "", [], {}) and not isinstance(value, bool)]
    assert not empty


def test_the_json_is_what_the_declaration_writes_and_reads_back_the_text_put_in(prepared: Prepared) -> None:
    base = sample_base(prepared)
    sessions = [hostile_session(base), *prepared.sessions]
    raw, _, _, _ = files_of(prepared, sessions)
    schedule = OpenSchedule.model_validate_json(raw)  # every record validates, field for field
    assert schedule.model_dump_json().encode("utf-8") == raw
    record = json.loads(raw)["sessions"][0]
    assert record["id"] == base.id + "-hostile"
    assert record["group"] == nasty("group")
    assert (record["date"], record["start"], record["end"], record["part"]) == (base.date.isoformat(), "09:00",
                                                                                 "11:30", "上午")
    assert record["time"] == "上午 09:00—11:30"
    assert record["role"] == nasty("role", "=") and record["with_others"] == nasty("with_others", "+")
    assert record["venues"] == [nasty("venue1", "-"), nasty("venue2")]
    assert record["not_received"] == [nasty("nr1", "\t"), nasty("nr2")]
    assert record["phone"] == ["0000-1234", nasty("phone")]
    assert record["scope"] == nasty("scope", "@") and record["note"] == nasty("note", "=")
    assert record["booking"] == "现场登记排号：" + nasty("booking", "\r") and record["queue"] is True
    assert record["booking_deadline"] == nasty("deadline") and record["overflow"] == nasty("overflow")
    assert record["capacity"] == {"count": 15, "unit": nasty("unit")}
    assert record["capacity_text"] == f"限 15 {nasty('unit')}；超出名额：{nasty('overflow')}"
    assert record["venue_exceptions"] == {nasty("where"): nasty("there")}
    assert record["date_note"] == nasty("date_note")
    assert record["date_uncertain"] == f"日期以正式通知为准（{nasty('uncertain')}）"
    assert record["original_date"] == (base.date - dt.timedelta(days=3)).isoformat()
    assert [c["action"] for c in record["changes"]] == ["move", "suspend"]
    assert record["changes"][0]["reason"] == nasty("reason")
    assert record["changes"][0]["text"] == f"{nasty('description', '-')}；原因：{nasty('reason')}（2026-11-24发布）"
    assert record["status"] == "moved" and record["status_label"] == "已调整"
    assert [x["id"] for x in record["leaders"]] == list(base.leaders) == [x["id"] for x in record["original_leaders"]]
    assert [x["id"] for x in record["topics"]] == list(base.topics)
    assert record["url"].startswith("https://xf.example.gov.cn/schedule/")
    # the escapes JSON needs, and nothing else escaped: the text as UTF-8
    assert 'group：\\"引号\\"\\\\反斜杠\\\\N\u2028行分隔\u2029段分隔\\t制表\\r\\n换行\x7f' in raw.decode("utf-8")


def test_the_csv_cells_are_the_record_s_texts_made_safe(prepared: Prepared) -> None:
    base = sample_base(prepared)
    raw, table, _, _ = files_of(prepared, [hostile_session(base), *prepared.sessions[:50]])
    records = json.loads(raw)["sessions"]
    read = rows(table)
    assert len(read) == len(records)
    row, record = read[0], records[0]
    leaders = prepared.content.leaders
    assert row["编号"] == base.id + "-hostile" and row["场次"] == nasty("group")
    assert (row["日期"], row["时间"], row["开始"], row["结束"], row["时段"]) == (
        base.date.isoformat(), "上午 09:00—11:30", "09:00", "11:30", "上午")
    assert row["状态"] == "已调整" and row["单位"] == record["unit"]["name"]
    assert row["接访领导"] == record["team"]
    assert row["接访人"] == "'" + nasty("role", "=") and row["随同人员"] == "'" + nasty("with_others", "+")
    assert row["方式"] == "现场接访" and row["地点"] == "'" + record["place"]
    assert row["电话"] == f"0000-1234；{nasty('phone')}"
    assert row["受理问题"] == record["topics_text"] and row["受理范围"] == "'" + nasty("scope", "@")
    assert row["不在此接待"] == "'" + f"{nasty('nr1', chr(9))}；{nasty('nr2')}"
    assert row["预约方式"] == record["booking"] and row["预约截止"] == nasty("deadline")
    assert row["名额"] == record["capacity_text"] and row["说明"] == "'" + nasty("note", "=")
    assert row["原定日期"] == record["original_date"] and row["日期说明"] == nasty("date_note")
    assert row["日期待定"] == record["date_uncertain"]
    assert row["原定领导"] == "；".join(f"{leaders[i].name}（{leaders[i].title}）" for i in base.leaders)
    assert row["变动说明"] == "'" + "；".join(c["text"] for c in record["changes"])
    # a session with nothing optional: empty cells, never "None"
    for row, record in zip(read[1:], records[1:], strict=True):
        assert row["编号"] == record["id"] and "None" not in row.values()
        assert row["开始"] == (record["start"] or "") and row["说明"] == (record["note"] or "")


def test_the_values_handed_to_the_scan_are_every_value_the_files_carry(prepared: Prepared) -> None:
    """The JSON's values are what a walk of the whole document read back finds (every string,
    date, number and key; a list also as one value); the CSV's are its cells, headings included."""
    base = sample_base(prepared)
    for sessions in ([hostile_session(base), *prepared.sessions],
                     [hostile_session(base, capacity=None, changes=(), phone=(), venues=(), queue=False,
                                      original_date=None, part=None, start=None, end=None)]):
        raw, table, json_values, csv_values = files_of(prepared, sessions)
        walked: set[str] = set()
        values_of(OpenSchedule.model_validate_json(raw), walked)
        assert json_values == walked
        cells = list(csv.reader(io.StringIO(table.decode("utf-8-sig"), newline="")))
        assert csv_values == {cell for line in cells for cell in line}


SECRET_FIELDS = ["group", "role", "with_others", "venues", "scope", "not_received", "booking", "booking_deadline",
                 "capacity", "overflow", "phone", "note", "date_uncertain", "venue_exceptions", "date_note",
                 "changes", "id"]


def secret_session(base: ScheduledSession, field: str, name: str) -> ScheduledSession:
    text = f"联系人{name}"
    value: Any = {"venues": (text,), "not_received": (text,), "phone": (text,),
                  "capacity": Capacity(count=3, unit=text), "venue_exceptions": ((text, "某镇政府"),),
                  "changes": (ChangeNote(action=ChangeAction.CANCEL, announced=TODAY, reason="事由",
                                         description=text),)}.get(field, text)
    return dataclasses.replace(base, id=f"{base.id}-{field}" + (text if field == "id" else ""), **(
        {} if field == "id" else {field: value}))


def test_a_private_name_in_any_field_is_found_in_each_file_s_values(prepared: Prepared) -> None:
    base = sample_base(prepared)
    names = {field: f"{'赵钱孙李周吴郑王冯陈褚卫蒋沈韩杨朱'[k]}{'秀珍桂英'[k % 4]}{'兰芳'[k % 2]}"
             for k, field in enumerate(SECRET_FIELDS)}
    for field, name in names.items():
        scanner = Scanner([Secret(name, "name", "2026-0001", "cases/2026-0001.yaml")], allow=[])
        _, _, json_values, csv_values = files_of(prepared, [secret_session(base, field, name)])
        assert not carries_none(scanner, {"data/schedule.json": json_values}), field
        assert not carries_none(scanner, {"data/schedule.csv": csv_values}), field


def test_the_hostile_session_s_calendar_event_reads_back_as_the_site_words_it(prepared: Prepared) -> None:
    """The calendars word a session through the same caches (``Wording``): its event, parsed by
    the icalendar library, says what the plain wording functions say, hostile text and all."""
    from icalendar import Calendar

    from generator.ics.feeds import FeedWriter
    from generator.schedule import wording

    content = prepared.content
    base = sample_base(prepared)
    hostile = hostile_session(base)
    later = hostile_session(base, id=base.id + "-later", part=None, start=None, end=None, leaders=(), role=None,
                            mode=Mode.PHONE, queue=False, booking=None, date=base.date + dt.timedelta(days=1))
    writer = FeedWriter(content, today=TODAY, session_url=lambda session: None)
    events = Calendar.from_ical(writer.feed("全部", [base, hostile, later])).walk("VEVENT")
    by_uid = {str(event["UID"]).split("@")[0]: event for event in events}
    for session in (base, hostile, later):
        event = by_uid[session.id]
        summary = wording.summary(session, content)
        assert str(event["SUMMARY"]) == ics(f"{session.part.value}：{summary}" if session.part and not session.start
                                            else summary)
        assert str(event["LOCATION"]) == ics(wording.place_text(session))
        description = str(event["DESCRIPTION"])
        assert f"\n地点：{ics(wording.place_text(session))}\n" in description
        assert f"\n受理问题：{ics(wording.topics_text(session, content))}\n" in description
        booking = ics(wording.booking_text(session, content))
        assert (f"\n预约：{booking}\n" in description) is bool(booking)
        team = f"接访领导：{ics(wording.team_text(session, content))}\n"
        assert description.startswith(team) is bool(session.leaders or session.role)
        assert (f"时间：{wording.time_text(session)}\n" in description) is bool(wording.time_text(session))
    assert str(by_uid[hostile.id]["COMMENT"]) == ics(nasty("date_note"))


def ics(text: str) -> str:
    """``text`` as an iCalendar reader gets it back: ``\\N`` and every line break a line feed
    (RFC 5545 TEXT, as the icalendar library writes it)."""
    return text.replace("\\N", "\n").replace("\r\n", "\n").replace("\r", "\n")


def test_a_trusted_record_is_the_one_model_construct_makes() -> None:
    """``_trusted``: fields given in another order are put in the declaration's (the JSON's key
    order follows the instance's fields); a field missing or unknown is refused, where
    ``model_construct`` would leave it out of the record or drop it."""
    from generator.site.files.open_data import OpenChange, _trusted

    given = {"text": "整句", "description": "说明", "reason": "原因", "announced": TODAY, "action": "move"}
    made, reference = _trusted(OpenChange)(**given), OpenChange.model_construct(**given)
    assert list(made.__dict__) == list(OpenChange.model_fields) == list(reference.__dict__)
    assert made == reference and made.model_dump_json() == reference.model_dump_json()
    assert made.model_fields_set == set(OpenChange.model_fields)
    with pytest.raises(TypeError, match="text"):
        _trusted(OpenChange)(**{k: v for k, v in given.items() if k != "text"})
    with pytest.raises(TypeError, match="extra"):
        _trusted(OpenChange)(**given, extra=1)


OWN = ("id", "group", "date", "url")
"""A record's fields that ``Wording.alike`` leaves out: each session's own."""


def test_sessions_alike_are_said_alike_but_for_their_own_fields(prepared: Prepared) -> None:
    """``Wording.alike``, by which a record is made once per kind of session: any two sessions
    it finds alike have the same record but for their id, group, date and URL.  The sample's
    sessions (a unit renamed and the office's booking changed in their year: those are read
    on the session's date) and hostile ones."""
    from generator.schedule.wording import Wording
    from generator.site.files.open_data import open_session

    content = prepared.content
    base = sample_base(prepared)
    sessions = [*prepared.sessions, hostile_session(base), hostile_session(base, id="h2", group="g2"),
                hostile_session(base, id="h3", date=base.date + dt.timedelta(days=7))]
    data = SiteData(dataclasses.replace(prepared, sessions=sessions), TODAY, "https://xf.example.gov.cn/")
    words = Wording(content)
    kinds: dict[Any, dict[str, Any]] = {}
    for session in sessions:
        said = open_session(session, content, data.session_url(session)).model_dump(exclude=set(OWN))
        assert kinds.setdefault(words.alike(session), said) == said, session.id
    assert len(kinds) < len(sessions) / 3  # the sample's rules make kinds of many sessions


def test_every_field_but_a_session_s_own_tells_kinds_apart(prepared: Prepared) -> None:
    """A field added to sessions later is in ``Wording.alike`` too; and a renamed unit's or the
    office's former words, read on a session's date, make its kind another."""
    from generator.schedule.wording import Wording

    words = Wording(prepared.content)
    base = sample_base(prepared)
    another_unit = next(u for u in prepared.content.units if u != base.unit)
    for field in dataclasses.fields(ScheduledSession):
        other = dataclasses.replace(base, **{field.name: another_unit if field.name == "unit" else object()})
        assert (words.alike(other) == words.alike(base)) is (field.name in ("id", "group", "date")), field.name
    renamed = next(s for s in prepared.sessions if s.unit == "dongcheng-renmin")
    before, after = (dataclasses.replace(renamed, date=day) for day in (dt.date(2026, 6, 30), dt.date(2026, 7, 1)))
    assert words.alike(before) != words.alike(after)
    office = next(s for s in prepared.sessions if not s.booking and not s.queue)
    then, now = (dataclasses.replace(office, date=day) for day in (dt.date(2026, 2, 28), dt.date(2026, 3, 1)))
    assert words.alike(then) != words.alike(now)


def test_sessions_of_one_kind_are_written_as_the_declaration_writes_each(prepared: Prepared) -> None:
    """A session of a kind already made is written from the kind (its own id, group, date and
    URL around the kind's JSON and cells): hostile ids and groups of one kind, a moved date,
    no site URL, come out as the declaration writes each record and as the spreadsheet reads them."""
    base = sample_base(prepared)
    kin = [hostile_session(base, id=f'{base.id}"\\n{k}\u2028=', group=f"+{k}\r\n\"组\"", note=None,
                           date=base.date + dt.timedelta(days=k)) for k in range(3)]
    for url in ("https://xf.example.gov.cn/", None):
        data = SiteData(dataclasses.replace(prepared, sessions=kin), TODAY, url)
        json_values: set[str] = set()
        csv_values: set[str] = set()
        raw, table = schedule_files(data, suspension_records(data), json_values=json_values, csv_values=csv_values)
        schedule = OpenSchedule.model_validate_json(raw)
        assert schedule.model_dump_json().encode("utf-8") == raw
        assert [r.id for r in schedule.sessions] == [s.id for s in kin]
        assert [r.group for r in schedule.sessions] == [s.group for s in kin]
        assert [r.date for r in schedule.sessions] == [s.date for s in kin]
        assert [r.url for r in schedule.sessions] == [data.session_url(s) for s in kin]
        assert all(r.url is None if url is None else r.url.endswith(f"#{r.id}") for r in schedule.sessions)
        walked: set[str] = set()
        values_of(schedule, walked)
        assert json_values == walked
        read = rows(table)
        assert [(row["编号"], row["场次"], row["日期"]) for row in read] == [
            (s.id, "'" + s.group, s.date.isoformat()) for s in kin]
        assert all(row["地点"] == read[0]["地点"] and row["接访人"] == "'" + nasty("role", "=") for row in read)
        cells = list(csv.reader(io.StringIO(table.decode("utf-8-sig"), newline="")))
        assert csv_values == {cell for line in cells for cell in line}


def test_events_of_one_kind_are_what_vevent_writes_of_each(prepared: Prepared) -> None:
    """A calendar event is made from its kind (``Wording.alike``) and its own DTSTART, DTEND,
    UID and URL: each is byte for byte what ``vevent`` writes of the session's own properties
    (which tests/site/files/test_ics_events.py holds to the icalendar library), hostile ids of
    one kind, clock times and date-only slots, with and without a site URL; and a feed's values
    are what its events say in words, its links their URLs."""
    from generator.ics.feeds import FeedWriter, _event, texts, vevent
    from generator.schedule.wording import Wording

    content = prepared.content
    base = sample_base(prepared)
    kin = [hostile_session(base, id=f'{base.id};,\\N"{k}', group=f"g{k}", date=base.date + dt.timedelta(days=k),
                           **({} if k % 2 else {"start": None, "end": None})) for k in range(4)]
    sessions = [s for s in prepared.sessions if abs((s.date - TODAY).days) < 60] + kin
    for url in ("https://xf.example.gov.cn/", None):
        data = SiteData(dataclasses.replace(prepared, sessions=sessions), TODAY, url)
        writer = FeedWriter(content, today=TODAY, session_url=data.session_url)
        values: set[str] = set()
        links: set[str] = set()
        feed = writer.feed("全部", sessions, values=values, links=links)
        words = Wording(content)
        events = [_event(s, words, writer.stamp, data.session_url(s)) for s in sessions]
        assert feed.count(b"BEGIN:VEVENT") == len(sessions)
        assert b"".join(vevent(event) for event in events) in feed
        assert values == {"全部"}.union(*map(texts, events))
        assert links == {str(event["URL"]) for event in events if "URL" in event}
        assert bool(links) is bool(url)
    # the kind path was taken: the hostile sessions share one kind per slot
    assert len({words.alike(s) for s in kin}) == 2
